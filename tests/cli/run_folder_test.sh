#!/bin/sh
# What a run's results folder says and how it is written: an existing folder is refused (exit
# code 2) without --force and left untouched, overrides are named, flows by kind add up, the
# quantiles stay exact, and no folder is replaced or left half-made where it must not be.
set -eu
caremarket="$1"
work=$(mktemp -d)
# What the commands print goes to a log, shown if the test fails (it has failed only in full
# parallel test runs, and passed when run alone).
trap 'status=$?; if [ "$status" -ne 0 ] && [ -s "$work/log" ]; then echo "run_folder_test: what the commands printed:" >&2; cat "$work/log" >&2; fi; rm -rf "$work"' EXIT

"$caremarket" run kent-baseline -r 1 --no-report -o "$work/one" 2>>"$work/log"
"$caremarket" run "$work/one/scenario.resolved.toml" --no-report -o "$work/again" 2>>"$work/log"

# An existing folder is refused and untouched.
before=$(cksum "$work/one/kpis.csv")
set +e
"$caremarket" run kent-baseline -r 2 -o "$work/one" 2>"$work/err"
code=$?
set -e
[ "$code" -eq 2 ] || { echo "run_folder_test: expected exit 2 for an existing folder, got $code" >&2; exit 1; }
grep -q "already exists" "$work/err" || { echo "run_folder_test: no clear message for an existing folder" >&2; exit 1; }
[ "$before" = "$(cksum "$work/one/kpis.csv")" ] || { echo "run_folder_test: existing folder was changed" >&2; exit 1; }
ls -a "$work" | grep -q partial && { echo "run_folder_test: a partial folder was left behind" >&2; exit 1; }
# A run with --set says so: its name, the manifest's overrides, the CSVs' scenario column and the
# report; --name names it.
"$caremarket" run kent-baseline -r 2 --set run.horizon_months=12 \
  --set 'framework.reopen_after_years=[]' -o "$work/set" 2>>"$work/log"
grep -q '"scenario": "kent-baseline+overrides"' "$work/set/manifest.json" ||
  { echo "run_folder_test: a run with --set is not named for it" >&2; exit 1; }
grep -q '"base_scenario": "kent-baseline"' "$work/set/manifest.json" ||
  { echo "run_folder_test: the manifest does not name the base scenario" >&2; exit 1; }
grep -q '"run.horizon_months=12"' "$work/set/manifest.json" &&
  grep -q '"framework.reopen_after_years=\[\]"' "$work/set/manifest.json" ||
  { echo "run_folder_test: the manifest does not list every override" >&2; exit 1; }
grep -q '^kent-baseline+overrides,E10000016,Kent,' "$work/set/county_metrics.csv" ||
  { echo "run_folder_test: the CSVs' scenario column does not say the run was overridden" >&2; exit 1; }
grep -q '<code>run.horizon_months=12</code>' "$work/set/report.html" ||
  { echo "run_folder_test: the report does not list the overrides" >&2; exit 1; }
"$caremarket" run kent-baseline -r 2 --set run.horizon_months=12 \
  --set 'framework.reopen_after_years=[]' --name short-horizon -o "$work/named" 2>>"$work/log"
grep -q '^short-horizon,E10000016,Kent,' "$work/named/county_metrics.csv" ||
  { echo "run_folder_test: --name does not name the run" >&2; exit 1; }
# A --set of name names the run as --name does (it was foo+overrides).
"$caremarket" run kent-baseline -r 1 --set run.horizon_months=6 --set 'framework.reopen_after_years=[]' \
  --set name=foo --no-report -o "$work/set-name" 2>>"$work/log"
grep -q '^foo,E10000016,Kent,' "$work/set-name/county_metrics.csv" ||
  { echo "run_folder_test: --set name=foo does not name the run foo" >&2; exit 1; }
# ... and its manifest still names the scenario it came from (it gave none: foo was both).
grep -q '"base_scenario": "kent-baseline"' "$work/set-name/manifest.json" ||
  { echo "run_folder_test: --set name=foo loses the base scenario's name" >&2; exit 1; }
grep -q '"overrides": \[\]' "$work/one/manifest.json" ||
  { echo "run_folder_test: a run without --set does not record its empty overrides" >&2; exit 1; }
# Exits and entries by kind add up to the totals in kpis.csv, in-house included: the in-house
# scenario opens in-house services, so its in-house entries are not 0.
"$caremarket" run in-house-homecare -r 2 --no-report -o "$work/inhouse" 2>>"$work/log"
for flow in exits entries; do
  awk -F, -v f="$flow" '
    $3 == "provider_" f "_total" { total[$2] = $5 }
    $3 == "framework_" f "_total" || $3 == "spot_" f "_total" || $3 == "in_house_" f "_total" { sum[$2] += $5 }
    $3 == "in_house_entries_total" && $2 == "homecare" { inhouse = $5 }
    END {
      for (s in total) if (total[s] - sum[s] > 1e-9 || sum[s] - total[s] > 1e-9) { print s, f, total[s], sum[s]; bad = 1 }
      if (f == "entries" && !(inhouse > 0)) { print "no in-house entries"; bad = 1 }
      exit bad
    }' "$work/inhouse/kpis.csv" ||
    { echo "run_folder_test: $flow by kind do not add up to provider_${flow}_total" >&2; exit 1; }
done
# Quantiles stay exact within the memory budget (docs/metrics.md): with 301 replications the
# median is the 151st smallest value (type 7, h = 300 x 0.5 = 150), so a count's median is a
# whole number in every county row; P² estimates past a cap of 256 were not (69 of these 72).
"$caremarket" run kent-baseline -r 301 --set run.horizon_months=12 --set 'framework.reopen_after_years=[]' \
  --no-report -o "$work/r301" 2>>"$work/log"
awk -F, 'NR > 1 && ($7 == "people_waiting" || $7 == "people_off_contract" || $7 == "providers_contracted") {
    n++; if ($12 != int($12)) bad++ }
  END { exit !(n == 72 && bad == 0) }' "$work/r301/county_metrics.csv" ||
  { echo "run_folder_test: a count's median over 301 replications is not one of its values" >&2; exit 1; }
# 1 GiB of doubles (2^27) over 12 periods x 13 areas x 2 services x 32 metrics = 9,984 cells.
grep -q '"exact_quantile_cap": 13443' "$work/r301/manifest.json" ||
  { echo "run_folder_test: Kent's exact cap is not what 1 GiB over its cells holds" >&2; exit 1; }
# --force never replaces a results folder holding a file the scenario extends, however deep.
cp "$work/one/scenario.resolved.toml" "$work/again/base.toml"
printf 'schema_version = 1\nextends = "./again/base.toml"\n' >"$work/middle.toml"
printf 'schema_version = 1\nextends = "./middle.toml"\n' >"$work/child.toml"
set +e
"$caremarket" run "$work/child.toml" -r 1 --no-report -o "$work/again" --force 2>"$work/err"
code=$?
set -e
[ "$code" -eq 2 ] || { echo "run_folder_test: --force replaced the folder of a file the scenario extends (exit $code)" >&2; exit 1; }
grep -qF "holds '$work/again/base.toml', which this command reads" "$work/err" ||
  { echo "run_folder_test: no clear message for an extended file in the output folder" >&2; cat "$work/err" >&2; exit 1; }
[ -f "$work/again/base.toml" ] || { echo "run_folder_test: the extended file is gone" >&2; exit 1; }
# A folder the command creates only on the way to its output is not left behind: `-o sub/../x`
# writes x and leaves no empty sub, and a run refused after the check leaves no new folders.
"$caremarket" run kent-baseline -r 1 --set run.horizon_months=6 \
  --set 'framework.reopen_after_years=[]' --no-report -o "$work/sub/../dotdot" 2>/dev/null ||
  { echo "run_folder_test: -o sub/../dotdot failed" >&2; exit 1; }
[ -f "$work/dotdot/kpis.csv" ] || { echo "run_folder_test: -o sub/../dotdot wrote nothing" >&2; exit 1; }
[ -e "$work/sub" ] && { echo "run_folder_test: -o sub/../dotdot left an empty sub" >&2; exit 1; }
"$caremarket" run kent-baseline --parameters "$work/no-such.csv" -o "$work/deep/er/x" 2>/dev/null &&
  { echo "run_folder_test: a missing --parameters file was accepted" >&2; exit 1; }
[ -e "$work/deep" ] && { echo "run_folder_test: a refused run left the folders above its output" >&2; exit 1; }
# report cannot replace a report.html that is a folder: a clear error, and no partial file left.
"$caremarket" run kent-baseline -r 1 --set run.horizon_months=6 \
  --set 'framework.reopen_after_years=[]' --no-report -o "$work/blocked" 2>/dev/null
mkdir "$work/blocked/report.html"
code=0
"$caremarket" report "$work/blocked" 2>"$work/err" || code=$?
[ "$code" -eq 1 ] && grep -q "cannot write $work/blocked/report.html" "$work/err" ||
  { echo "run_folder_test: report over a folder named report.html (exit $code)" >&2; cat "$work/err" >&2; exit 1; }
if ls -A "$work/blocked" | grep -q partial; then echo "run_folder_test: report left a partial file" >&2; exit 1; fi
# report refuses a results file of another kind (garbage read as a header and no rows would be
# an empty report) and names every missing file at once.
rm -r "$work/blocked/report.html"
cp -r "$work/blocked" "$work/garbage"
echo garbage >"$work/garbage/kpis.csv"
code=0
"$caremarket" report "$work/garbage" 2>"$work/err" || code=$?
[ "$code" -eq 2 ] && grep -qF "kpis.csv lacks the columns service, kpi, unit, mean, p05, p50, p95: it is not the file a caremarket run writes" "$work/err" ||
  { echo "run_folder_test: report over a garbage kpis.csv (exit $code)" >&2; cat "$work/err" >&2; exit 1; }
[ -e "$work/garbage/report.html" ] && { echo "run_folder_test: report wrote over garbage" >&2; exit 1; }
rm "$work/garbage/kpis.csv" "$work/garbage/county_metrics.csv"
code=0
"$caremarket" report "$work/garbage" 2>"$work/err" || code=$?
[ "$code" -eq 2 ] && grep -qF "cannot read $work/garbage/county_metrics.csv and $work/garbage/kpis.csv: no such files" "$work/err" ||
  { echo "run_folder_test: report names one missing file of two (exit $code)" >&2; cat "$work/err" >&2; exit 1; }
# A results file with its header alone (every run writes rows), or a folder in its place, is
# refused and named; a UTF-8 byte-order mark (a spreadsheet's "CSV UTF-8") is read through.
rm -r "$work/garbage"
cp -r "$work/blocked" "$work/header"
head -1 "$work/blocked/district_metrics.csv" >"$work/header/district_metrics.csv"
code=0
"$caremarket" report "$work/header" 2>"$work/err" || code=$?
[ "$code" -eq 2 ] && grep -qF "district_metrics.csv has no rows" "$work/err" ||
  { echo "run_folder_test: report over a district_metrics.csv without rows (exit $code)" >&2; cat "$work/err" >&2; exit 1; }
cp "$work/blocked/district_metrics.csv" "$work/header/district_metrics.csv"
rm "$work/header/kpis.csv"
mkdir "$work/header/kpis.csv"
code=0
"$caremarket" report "$work/header" 2>"$work/err" || code=$?
[ "$code" -eq 2 ] && grep -qF "$work/header/kpis.csv: is a folder, not a file" "$work/err" ||
  { echo "run_folder_test: report over a folder named kpis.csv (exit $code)" >&2; cat "$work/err" >&2; exit 1; }
rmdir "$work/header/kpis.csv"
cp "$work/blocked/kpis.csv" "$work/header/kpis.csv"
{ printf '\357\273\277'; cat "$work/blocked/providers.csv"; } >"$work/header/providers.csv"
"$caremarket" report "$work/header" 2>"$work/err" ||
  { echo "run_folder_test: report refused a providers.csv with a byte-order mark" >&2; cat "$work/err" >&2; exit 1; }
# report_refused WHAT FRAGMENT...: report over $work/header exits 2 saying every FRAGMENT as an
# error, and writes no report.html.
report_refused() {
  what=$1
  shift
  rm -f "$work/header/report.html"
  code=0
  "$caremarket" report "$work/header" 2>"$work/err" || code=$?
  for said in "$@"; do
    [ "$code" -eq 2 ] && grep -qF "caremarket: error: $said" "$work/err" ||
      { echo "run_folder_test: $what: '$said' not said (exit $code)" >&2; cat "$work/err" >&2; exit 1; }
  done
  [ ! -e "$work/header/report.html" ] ||
    { echo "run_folder_test: $what: a report written over faults" >&2; exit 1; }
}
# A period's end that is no date is named by file, line and column (it was read into a chart's
# label: a number parse of its month stopped the report with "stoi"). Line 3's period_end, the
# 6th field, becomes 2027-13-45.
awk -F, 'BEGIN { OFS = "," } NR == 3 { $6 = "2027-13-45" } { print }' "$work/blocked/county_metrics.csv" \
  >"$work/header/county_metrics.csv"
report_refused "a period_end that is no date" \
  "county_metrics.csv:3: column 'period_end': '2027-13-45' is not a day of the calendar (a month is 01 to 12)"
# So is a year of spend whose start is no date (the spend chart's labels are cut from it):
# line 2's year_start, the 2nd field.
cp "$work/blocked/county_metrics.csv" "$work/header/county_metrics.csv"
awk -F, 'BEGIN { OFS = "," } NR == 2 { $2 = "April 2027" } { print }' "$work/blocked/spend_by_year.csv" \
  >"$work/header/spend_by_year.csv"
report_refused "a year_start that is no date" \
  "spend_by_year.csv:2: column 'year_start': 'April 2027' is not a date YYYY-MM-DD (e.g. 2027-04-01)"
# Every cell at fault in every file is said in one run: the date above with a period_end and a
# mean of county_metrics.csv, lines 3 and 5.
awk -F, 'BEGIN { OFS = "," } NR == 3 { $6 = "2027-13-45" } NR == 5 { $8 = "abc" } { print }' \
  "$work/blocked/county_metrics.csv" >"$work/header/county_metrics.csv"
report_refused "faults in two files" \
  "county_metrics.csv:3: column 'period_end': '2027-13-45' is not a day of the calendar" \
  "county_metrics.csv:5: column 'mean': 'abc' is not a number" \
  "spend_by_year.csv:2: column 'year_start': 'April 2027' is not a date"
# A cell holding an escape sequence is quoted with its control byte as \x1b, not raw.
awk -F, 'BEGIN { OFS = "," } NR == 5 { $8 = "1\033[2J" } { print }' \
  "$work/blocked/county_metrics.csv" >"$work/header/county_metrics.csv"
report_refused "an escape sequence in a cell" \
  "county_metrics.csv:5: column 'mean': '1\\x1b[2J' is not a number"
! grep -q "$(printf '\033')" "$work/err" ||
  { echo "run_folder_test: a raw ESC byte in a message" >&2; cat "$work/err" >&2; exit 1; }
# A row with the wrong number of fields ends the reading of its file: the rows before it are
# still checked (line 5's mean, with line 9's extra field).
awk -F, 'BEGIN { OFS = "," } NR == 5 { $8 = "abc" } NR == 9 { $0 = $0 ",x" } { print }' \
  "$work/blocked/county_metrics.csv" >"$work/header/county_metrics.csv"
report_refused "a row with an extra field" \
  "county_metrics.csv:9: the row has 15 fields; the header has 14 columns" \
  "county_metrics.csv:5: column 'mean': 'abc' is not a number"
# A file with many faulty lines has its first 20 said and the rest counted, with their lines:
# the mean of lines 2 to 31 of county_metrics.csv, so lines 22 to 31 (10) are counted; the
# spend year's fault in another file is still said.
awk -F, 'BEGIN { OFS = "," } NR >= 2 && NR <= 31 { $8 = "abc" } { print }' \
  "$work/blocked/county_metrics.csv" >"$work/header/county_metrics.csv"
report_refused "thirty faulty lines" \
  "county_metrics.csv:21: column 'mean': 'abc' is not a number" \
  "county_metrics.csv: 10 more faults, on lines 22 to 31, are not said; the first 20 are above" \
  "spend_by_year.csv:2: column 'year_start': 'April 2027' is not a date"
! grep -qF "county_metrics.csv:22:" "$work/err" ||
  { echo "run_folder_test: the 21st faulty line of a file was said" >&2; exit 1; }
# A probability or a share outside 0 to 1 is refused, not drawn: a provider's probability of
# exit of 1.2 (line 2 of providers.csv) and the mean of kpis.csv's first share KPI set to 4.
cp "$work/blocked/county_metrics.csv" "$work/header/county_metrics.csv"
awk -F, 'BEGIN { OFS = "," } NR == 1 { for (i = 1; i <= NF; i++) if ($i == "probability_of_exit") c = i }
  NR == 2 { $c = "1.2" } { print }' "$work/blocked/providers.csv" >"$work/header/providers.csv"
awk -F, 'BEGIN { OFS = "," } NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "unit") u = i; if ($i == "mean") m = i } }
  NR > 1 && $u == "share" && !done { $m = "4"; done = 1; line = NR } { print }
  END { print line > "/dev/stderr" }' "$work/blocked/kpis.csv" >"$work/header/kpis.csv" 2>"$work/share-line"
report_refused "a probability and a share past 1" \
  "providers.csv:2: column 'probability_of_exit': '1.2' is not a probability or share (expected 0 to 1)" \
  "kpis.csv:$(cat "$work/share-line"): column 'mean': '4' is not a probability or share (expected 0 to 1)"
cp "$work/blocked/providers.csv" "$work/header/providers.csv"
# A KPI row is read by its name, its unit and (in a comparison) its direction: a name of no KPI,
# a unit not the KPI's, and a row repeating another's service and KPI are refused, each at its
# first row with a count (they were drawn, or one of two kept unsaid).
awk -F, 'BEGIN { OFS = "," }
  $2 == "homecare" && $3 == "referrals_total" { print "first=" NR > "/dev/stderr" }
  $2 == "homecare" && $3 == "off_contract_placement_share" { $3 = "off_contract_placement_sharp"; print "name=" NR > "/dev/stderr" }
  $2 == "homecare" && $3 == "people_waiting_mean" { $4 = "hours_per_week"; print "unit=" NR > "/dev/stderr" }
  $2 == "supported_living" && $3 == "referrals_total" { $2 = "homecare"; print "again=" NR > "/dev/stderr" }
  { print }' "$work/blocked/kpis.csv" >"$work/header/kpis.csv" 2>"$work/kpi-lines"
. "$work/kpi-lines"
rows=$(($(wc -l <"$work/blocked/kpis.csv") - 1))
report_refused "KPI rows of no KPI, another unit, or repeated" \
  "kpis.csv:$name: column 'kpi': 'off_contract_placement_sharp' is no KPI of homecare (docs/metrics.md lists each service's; 1 of the file's $rows rows)" \
  "kpis.csv:$unit: column 'unit': 'hours_per_week', but people_waiting_mean of homecare is in people (docs/metrics.md; 1 of the file's $rows rows)" \
  "kpis.csv:$again: service 'homecare', kpi 'referrals_total' repeat line $first (a page keeps one row of each; 1 of the file's $rows rows)"
# Supported living has no KPI of homecare hours waiting.
awk -F, 'BEGIN { OFS = "," }
  $2 == "supported_living" && $3 == "demand_final_homes" { $3 = "homecare_hours_waiting_mean"; $4 = "hours_per_week"; print "sl=" NR > "/dev/stderr" }
  { print }' "$work/blocked/kpis.csv" >"$work/header/kpis.csv" 2>"$work/kpi-lines"
. "$work/kpi-lines"
report_refused "supported living's row of a homecare KPI" \
  "kpis.csv:$sl: column 'kpi': 'homecare_hours_waiting_mean' is no KPI of supported_living (homecare has it; docs/metrics.md lists each service's; 1 of the file's $rows rows)"
cp "$work/blocked/kpis.csv" "$work/header/kpis.csv"
# A metric a run never writes for its service is refused (its rows were left out of every chart
# unsaid), and an area with no rows of a metric the page draws is said (a series lost): Kent's
# homecare people_waiting renamed people_waitin in county_metrics.csv, one per period, and the
# first row of district_metrics.csv given supported living's demand_homes.
awk -F, 'BEGIN { OFS = "," } $4 == "homecare" && $7 == "people_waiting" { $7 = "people_waitin"; if (!l) l = NR; n++ }
  { print } END { print "county_line=" l "; county_rows=" n > "/dev/stderr" }' \
  "$work/blocked/county_metrics.csv" >"$work/header/county_metrics.csv" 2>"$work/metric-lines"
awk -F, 'BEGIN { OFS = "," } NR == 2 { print "district_metric=" $7 "; district_service=" $4 > "/dev/stderr"; $7 = "demand_homes" } { print }' \
  "$work/blocked/district_metrics.csv" >"$work/header/district_metrics.csv" 2>>"$work/metric-lines"
. "$work/metric-lines"
periods=$(awk -F, 'NR > 1 && $4 == "homecare" && $7 == "people_waiting"' "$work/blocked/county_metrics.csv" | wc -l)
[ "$county_rows" -eq "$periods" ] && [ "$district_service" = homecare ] ||
  { echo "run_folder_test: the metric rows edited are not those meant" >&2; exit 1; }
report_refused "a metric no run writes, and a series lost" \
  "county_metrics.csv:$county_line: column 'metric': 'people_waitin' is no metric a run writes for homecare (docs/metrics.md lists them; $periods of the file's $(($(wc -l <"$work/blocked/county_metrics.csv") - 1)) rows)" \
  "county_metrics.csv: no rows of Kent's homecare people_waiting: a run writes every metric the report draws of every area and service" \
  "district_metrics.csv:2: column 'metric': 'demand_homes' is no metric a run writes for homecare (docs/metrics.md lists them; 1 of the file's $(($(wc -l <"$work/blocked/district_metrics.csv") - 1)) rows)"
# A whole district gone from district_metrics.csv (Ashford, 4 drawn series of each service:
# off_contract_share, people_waiting, the capacity gap and demand), and supported living gone
# from county_metrics.csv, are said too: the page drew without them.
grep -v ',E07000105,Ashford,' "$work/blocked/district_metrics.csv" >"$work/header/district_metrics.csv"
grep -v ',supported_living,' "$work/blocked/county_metrics.csv" >"$work/header/county_metrics.csv"
report_refused "a district and a service gone" \
  "district_metrics.csv: no rows of Ashford's homecare capacity_gap_hours_per_week, Ashford's homecare demand_hours_per_week, Ashford's homecare off_contract_share, Ashford's homecare people_waiting, Ashford's supported_living capacity_gap_homes and 3 more: a run writes every metric the report draws of every area and service" \
  "county_metrics.csv: no rows of Kent's supported_living framework_entries, Kent's supported_living framework_exits, Kent's supported_living off_contract_share, Kent's supported_living people_off_contract, Kent's supported_living people_placed_local and 7 more:"
cp "$work/blocked/county_metrics.csv" "$work/header/county_metrics.csv"
cp "$work/blocked/district_metrics.csv" "$work/header/district_metrics.csv"
# A provider's kind is drawn as written: a word the writer never writes is refused.
awk -F, 'BEGIN { OFS = "," } NR == 2 { $3 = "frame work" } { print }' "$work/blocked/providers.csv" \
  >"$work/header/providers.csv"
report_refused "a provider's kind of no kind" \
  "providers.csv:2: column 'kind': 'frame work' is none of framework, spot or in_house (the words the file's writer writes; 1 of the file's $(($(wc -l <"$work/blocked/providers.csv") - 1)) rows)"
cp "$work/blocked/providers.csv" "$work/header/providers.csv"
# A year's spend is drawn by its category: a word the writer never writes (the total renamed
# away lost the total's line), and a row repeating a year's service and category, are refused.
cp "$work/header/spend_by_year.csv" "$work/spend-kept"
awk -F, 'BEGIN { OFS = "," } NR == 2 { print "first=" $5 > "/dev/stderr" } NR == 3 { $5 = "totl" } { print } NR == 2 { print }' \
  "$work/blocked/spend_by_year.csv" >"$work/header/spend_by_year.csv" 2>"$work/spend-first"
. "$work/spend-first"
report_refused "a year's spend of no category, and one repeated" \
  "spend_by_year.csv:4: column 'category': 'totl' is none of contract, off_contract, premium, in_house or total (the words the file's writer writes; 1 of the file's $(wc -l <"$work/blocked/spend_by_year.csv") rows)" \
  "spend_by_year.csv:3: year_start '$(sed -n 2p "$work/blocked/spend_by_year.csv" | cut -d, -f2)', service '$(sed -n 2p "$work/blocked/spend_by_year.csv" | cut -d, -f4)', category '$first' repeat line 2 (a page keeps one row of each; 1 of the file's $(wc -l <"$work/blocked/spend_by_year.csv") rows)"
# Every year of a run's spend has each category of each service and of all: the first year's
# supported-living premium deleted is named.
year=$(sed -n 2p "$work/blocked/spend_by_year.csv" | cut -d, -f2)
grep -v ",$year,[0-9-]*,supported_living,premium," "$work/blocked/spend_by_year.csv" >"$work/header/spend_by_year.csv"
report_refused "a year's spend row deleted" \
  "spend_by_year.csv: no row of $year supported_living premium: a run writes every category of each service and of all, every year"
cp "$work/spend-kept" "$work/header/spend_by_year.csv"
# A file the manifest lists that the page does not read (the scenario as it ran) is the folder's
# too: gone, the folder cannot be run again as written, and the report says so.
grep -q '"scenario.resolved.toml"' "$work/header/manifest.json" ||
  { echo "run_folder_test: the manifest does not list scenario.resolved.toml" >&2; exit 1; }
mv "$work/header/scenario.resolved.toml" "$work/resolved-kept"
report_refused "a listed file gone" \
  "the folder has no file scenario.resolved.toml, though manifest.json lists it: a file of the run was moved or deleted (run the scenario again for a whole folder)"
# Nor is a link to nothing, or a folder, in its place a file of the run.
ln -s nowhere "$work/header/scenario.resolved.toml"
report_refused "a listed file a link to nothing" "the folder has no file scenario.resolved.toml"
rm "$work/header/scenario.resolved.toml"
mkdir "$work/header/scenario.resolved.toml"
report_refused "a listed file a folder" "the folder has no file scenario.resolved.toml"
rmdir "$work/header/scenario.resolved.toml"
mv "$work/resolved-kept" "$work/header/scenario.resolved.toml"
# A link to the file is the file.
cp -r "$work/blocked" "$work/linked"
mv "$work/linked/scenario.resolved.toml" "$work/resolved-elsewhere.toml"
ln -s "$work/resolved-elsewhere.toml" "$work/linked/scenario.resolved.toml"
"$caremarket" report "$work/linked" 2>"$work/err" ||
  { echo "run_folder_test: a link to the resolved scenario was refused" >&2; cat "$work/err" >&2; exit 1; }
# Each row's area is one of the run's, under its own name (manifest.json's council and
# districts): a code the run did not have was left off the map, a name not its code's drawn
# under the wrong district. Ashford's code made E07000999 in district_metrics.csv, the council
# named Kant on county_metrics.csv's line 2, and providers.csv's line 2 given another name.
ashford=$(awk -F, '$2 == "E07000105"' "$work/blocked/district_metrics.csv" | wc -l)
awk -F, 'BEGIN { OFS = "," } $2 == "E07000105" { $2 = "E07000999"; if (!l) l = NR } { print } END { print "ashford_line=" l > "/dev/stderr" }' \
  "$work/blocked/district_metrics.csv" >"$work/header/district_metrics.csv" 2>"$work/area-lines"
awk -F, 'BEGIN { OFS = "," } NR == 2 { $3 = "Kant" } { print }' "$work/blocked/county_metrics.csv" \
  >"$work/header/county_metrics.csv"
awk -F, 'BEGIN { OFS = "," } NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "district_code") c = i; if ($i == "district_name") n = i } }
  NR == 2 { print "provider_code=" $c "; provider_name=\"" $n "\"" > "/dev/stderr"; $n = "Nowhere" } { print }' \
  "$work/blocked/providers.csv" >"$work/header/providers.csv" 2>>"$work/area-lines"
. "$work/area-lines"
report_refused "areas the run did not have, or under another name" \
  "district_metrics.csv:$ashford_line: column 'district_code': 'E07000999' is no area of the run (manifest.json's districts; $ashford of the file's $(($(wc -l <"$work/blocked/district_metrics.csv") - 1)) rows)" \
  "county_metrics.csv:2: column 'district_name': 'Kant', but E10000016 is Kent (manifest.json's council; 1 of the file's $(($(wc -l <"$work/blocked/county_metrics.csv") - 1)) rows)" \
  "providers.csv:2: column 'district_name': 'Nowhere', but $provider_code is $provider_name (manifest.json's districts; 1 of the file's $(($(wc -l <"$work/blocked/providers.csv") - 1)) rows)"
cp "$work/blocked/district_metrics.csv" "$work/blocked/county_metrics.csv" "$work/blocked/providers.csv" "$work/header/"
# Where a row of the wrong length stops a file's reading, a count of rows at fault is of the rows
# read before it, not of the file's: line 2's KPI renamed, line 10 given a field too many.
awk 'BEGIN { FS = OFS = "," } NR == 2 { $3 = "bogus" } NR == 10 { $0 = $0 ",extra" } { print }' \
  "$work/blocked/kpis.csv" >"$work/header/kpis.csv"
report_refused "a count of rows at fault in a file cut short" \
  "kpis.csv:10: the row has 12 fields; the header has 11 columns" \
  "kpis.csv:2: column 'kpi': 'bogus' is no KPI of homecare (docs/metrics.md lists each service's; 1 of the 8 rows read before line 10)"
cp "$work/blocked/kpis.csv" "$work/header/kpis.csv"
# Every KPI of both services has its row (docs/metrics.md lists 31 of homecare's and 30 of
# supported living's): supported living's mean wait deleted is named, not shown as nothing.
grep -v ',supported_living,mean_wait_days,' "$work/blocked/kpis.csv" >"$work/header/kpis.csv"
report_refused "a KPI's row deleted" \
  "kpis.csv: no row of supported_living mean_wait_days: a run writes every KPI of both services (docs/metrics.md)"
[ "$(($(wc -l <"$work/blocked/kpis.csv") - 1))" -eq 61 ] ||
  { echo "run_folder_test: kpis.csv has not the 61 KPIs of docs/metrics.md" >&2; exit 1; }
cp "$work/blocked/kpis.csv" "$work/header/kpis.csv"
# A metrics file cut short by a row of the wrong length has its rows after the cut unread: its
# periods are not judged against the manifest's or the other file's (said as different runs).
awk 'NR == 100 { $0 = $0 ",x" } { print }' "$work/blocked/district_metrics.csv" >"$work/header/district_metrics.csv"
report_refused "a metrics file cut short" "district_metrics.csv:100: the row has 15 fields; the header has 14 columns"
! grep -q "different runs\|no rows of\|another count of periods" "$work/err" ||
  { echo "run_folder_test: the rows after a cut were judged" >&2; cat "$work/err" >&2; exit 1; }
cp "$work/blocked/district_metrics.csv" "$work/header/district_metrics.csv"
# A mean that is infinite is refused (no mean of a run's finite figures is; a results file
# writes one only where a value is): the first KPI that is no share, the first county row that
# is no share, and a provider's people at the start below 0.
awk -F, 'BEGIN { OFS = "," } NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "unit") u = i; if ($i == "mean") m = i } }
  NR > 1 && $u != "share" && !done { $m = "inf"; done = 1; line = NR }
  { print } END { print line > "/dev/stderr" }' "$work/blocked/kpis.csv" >"$work/header/kpis.csv" 2>"$work/inf-line"
awk -F, 'BEGIN { OFS = "," } NR > 1 && $7 != "off_contract_share" && !done { $8 = "-inf"; done = 1; line = NR }
  { print } END { print line > "/dev/stderr" }' "$work/blocked/county_metrics.csv" \
  >"$work/header/county_metrics.csv" 2>"$work/county-inf-line"
awk -F, 'BEGIN { OFS = "," } NR == 1 { for (i = 1; i <= NF; i++) if ($i == "people_at_start") c = i }
  NR == 2 { $c = "-3" } { print }' "$work/blocked/providers.csv" >"$work/header/providers.csv"
report_refused "an infinite mean and people below 0" \
  "kpis.csv:$(cat "$work/inf-line"): column 'mean': 'inf' is not a finite number (the command that writes the file writes one here)" \
  "county_metrics.csv:$(cat "$work/county-inf-line"): column 'mean': '-inf' is not a finite number" \
  "providers.csv:2: column 'people_at_start': '-3' is below 0, which it never is"
cp "$work/blocked/providers.csv" "$work/header/providers.csv"
cp "$work/blocked/county_metrics.csv" "$work/header/county_metrics.csv"
# A file that cannot be read at all (a column missing, no rows) hides no fault of the others:
# kpis.csv without its p95 column (the 10th), district_metrics.csv without rows, and the spend
# year above, in one run.
cp "$work/blocked/county_metrics.csv" "$work/header/county_metrics.csv"
cut -d, -f1-9,11- "$work/blocked/kpis.csv" >"$work/header/kpis.csv"
head -1 "$work/blocked/district_metrics.csv" >"$work/header/district_metrics.csv"
report_refused "files that cannot be read beside a cell at fault" \
  "kpis.csv lacks the column p95" \
  "district_metrics.csv has no rows" \
  "spend_by_year.csv:2: column 'year_start': 'April 2027' is not a date"
# Cells the page never draws are checked too: the mean of the first district row of referrals (a
# metric no chart draws) and the probability of exit of a provider's second row (the page takes
# a provider's figures from its first).
cp "$work/blocked/kpis.csv" "$work/header/kpis.csv"
cp "$work/blocked/spend_by_year.csv" "$work/header/spend_by_year.csv"
awk -F, 'BEGIN { OFS = "," } $7 == "referrals" && !done { $8 = "abc"; done = 1; line = NR }
  { print } END { print line > "/dev/stderr" }' "$work/blocked/district_metrics.csv" \
  >"$work/header/district_metrics.csv" 2>"$work/district_line"
awk -F, 'BEGIN { OFS = "," } NR > 2 && $1 == previous && !done { $4 = "x"; done = 1; line = NR }
  { previous = $1; print } END { print line > "/dev/stderr" }' "$work/blocked/providers.csv" \
  >"$work/header/providers.csv" 2>"$work/provider_line"
report_refused "cells no chart draws" \
  "district_metrics.csv:$(cat "$work/district_line"): column 'mean': 'abc' is not a number" \
  "providers.csv:$(cat "$work/provider_line"): column 'probability_of_exit': 'x' is not a number"
# A missing file hides no fault of the others: providers.csv removed, with kpis.csv without its
# p95 column and a mean of county_metrics.csv (line 5) that is no number.
cp "$work/blocked/district_metrics.csv" "$work/header/district_metrics.csv"
cp "$work/blocked/providers.csv" "$work/header/providers.csv"
rm "$work/header/providers.csv"
cut -d, -f1-9,11- "$work/blocked/kpis.csv" >"$work/header/kpis.csv"
awk -F, 'BEGIN { OFS = "," } NR == 5 { $8 = "abc" } { print }' "$work/blocked/county_metrics.csv" \
  >"$work/header/county_metrics.csv"
report_refused "a missing file beside other files' faults" \
  "cannot read $work/header/providers.csv: no such file" \
  "kpis.csv lacks the column p95" \
  "county_metrics.csv:5: column 'mean': 'abc' is not a number"
cp "$work/blocked/providers.csv" "$work/header/providers.csv"
cp "$work/blocked/kpis.csv" "$work/header/kpis.csv"
cp "$work/blocked/county_metrics.csv" "$work/header/county_metrics.csv"
# The spend by year, which a folder written before it existed lacks, is refused once its
# manifest lists it and it is gone; an empty one is refused as empty, not left out.
rm "$work/header/spend_by_year.csv"
report_refused "a spend file the manifest lists, gone" \
  "cannot read spend_by_year.csv: no such file, though manifest.json lists it"
: >"$work/header/spend_by_year.csv"
report_refused "an empty spend file" "spend_by_year.csv: empty file"
cp "$work/blocked/spend_by_year.csv" "$work/header/spend_by_year.csv"
# A manifest that is no JSON is said with the other files' faults (a run's folder is known by
# its files), in words without the parser's "[json.exception...]" tag.
cp "$work/header/manifest.json" "$work/manifest.json"
echo '{' >"$work/header/manifest.json"
awk -F, 'BEGIN { OFS = "," } NR == 5 { $8 = "abc" } { print }' "$work/blocked/county_metrics.csv" \
  >"$work/header/county_metrics.csv"
report_refused "a manifest that is no JSON" \
  "manifest.json is not valid JSON: parse error at line 2" \
  "county_metrics.csv:5: column 'mean': 'abc' is not a number"
! grep -qF "json.exception" "$work/err" ||
  { echo "run_folder_test: the JSON parser's tag said" >&2; exit 1; }
# With a file of the run's lost too, the folder is still known as a run's by the files it has
# left, and both are said.
rm "$work/header/county_metrics.csv"
report_refused "a broken manifest beside a lost file" \
  "manifest.json is not valid JSON: parse error at line 2" \
  "cannot read $work/header/county_metrics.csv: no such file"
cp "$work/blocked/county_metrics.csv" "$work/header/county_metrics.csv"
# A folder in place of the manifest is said with the cells at fault in the other files.
rm "$work/header/manifest.json"
mkdir "$work/header/manifest.json"
awk -F, 'BEGIN { OFS = "," } NR == 5 { $8 = "abc" } { print }' "$work/blocked/county_metrics.csv" \
  >"$work/header/county_metrics.csv"
report_refused "a folder for the manifest" \
  "$work/header/manifest.json: is a folder, not a file" \
  "county_metrics.csv:5: column 'mean': 'abc' is not a number"
rmdir "$work/header/manifest.json"
# A manifest field of the wrong kind (the runs as text, the council's name a number) is named,
# with the other files' faults (it was the JSON library's words, exit 1).
sed -e 's/"replications": [0-9]*/"replications": "2x"/' -e 's/"name": "Kent"/"name": 5/' \
  -e 's/"horizon_months": [0-9]*/"horizon_months": "x"/' -e 's/"files": \[/"files": "x", "was": [/' \
  -e '/"code": "E07000105"/d' "$work/manifest.json" >"$work/header/manifest.json"
report_refused "manifest fields of the wrong kind" \
  'manifest.json: "replications": expected a whole number >= 1, found a string' \
  'manifest.json: "horizon_months": expected a whole number >= 1, found a string' \
  'manifest.json: "files": expected a list of strings, found a string' \
  'manifest.json: "council.name": expected a string, found a number' \
  'manifest.json: "districts[0].code": missing (each district is named by its code)' \
  "county_metrics.csv:5: column 'mean': 'abc' is not a number"
cp "$work/manifest.json" "$work/header/manifest.json"
cp "$work/blocked/county_metrics.csv" "$work/header/county_metrics.csv"
# A manifest counting other runs than its files (5 over the files of 1 run) is refused, each
# file at its first row with how many of its rows differ (it was drawn as "5 runs"), and so is a
# reopening that is no date (it was drawn on the charts as one).
sed -e 's/"replications": [0-9]*/"replications": 5/' -e 's/"reopenings": \[\]/"reopenings": ["x"]/' \
  "$work/manifest.json" >"$work/header/manifest.json"
rows() { echo $(($(wc -l <"$work/header/$1") - 1)); }
report_refused "a manifest of other runs than its files" \
  "kpis.csv:2: column 'replications': 1 run, but manifest.json's \"replications\" is 5 ($(rows kpis.csv) of the file's $(rows kpis.csv) rows differ): the file and the manifest are of different runs" \
  "county_metrics.csv:2: column 'replications': 1 run, but manifest.json's \"replications\" is 5 ($(rows county_metrics.csv) of" \
  "district_metrics.csv:2: column 'replications': 1 run, but manifest.json's \"replications\" is 5 ($(rows district_metrics.csv) of" \
  "spend_by_year.csv:2: column 'replications': 1 run, but manifest.json's \"replications\" is 5 ($(rows spend_by_year.csv) of" \
  "manifest.json: \"reopenings[0]\": 'x' is not a date YYYY-MM-DD (e.g. 2027-04-01)"
# Reopenings as no run has them (the scenario refuses them out of order or before its start):
# refused, each at its place in the list (they were drawn as dashed lines where they said).
start=$(sed -n 's/.*"start_date": "\([0-9-]*\)".*/\1/p' "$work/manifest.json")
[ "$start" = 2027-04-01 ] || { echo "run_folder_test: the run starts on '$start', not 2027-04-01" >&2; exit 1; }
sed -e 's/"reopenings": \[\]/"reopenings": ["2027-03-31", "2028-05-01", "2028-05-01", "2028-04-30"]/' \
  "$work/manifest.json" >"$work/header/manifest.json"
report_refused "reopenings out of order" \
  'manifest.json: "reopenings[0]": 2027-03-31 is before "start_date" (2027-04-01); a run'"'"'s reopenings fall within it' \
  'manifest.json: "reopenings[2]": 2028-05-01 is not after "reopenings[1]" (2028-05-01); a run'"'"'s reopenings are in increasing order' \
  'manifest.json: "reopenings[3]": 2028-04-30 is not after "reopenings[2]" (2028-05-01)'
# A reopening on the run's end or after it (6 months from 2027-04-01: 2027-10-01) is one the
# run never reached (the scenario refuses it); the day before the end is one it did.
grep -q '"horizon_months": 6,' "$work/manifest.json" || { echo "run_folder_test: the run is not 6 months long" >&2; exit 1; }
sed -e 's/"reopenings": \[\]/"reopenings": ["2027-09-30", "2027-10-01", "2031-01-01"]/' \
  "$work/manifest.json" >"$work/header/manifest.json"
report_refused "reopenings after the run's end" \
  'manifest.json: "reopenings[1]": 2027-10-01 is not before the run'"'"'s end (2027-10-01, "horizon_months" 6 after "start_date"); a run'"'"'s reopenings fall within it' \
  'manifest.json: "reopenings[2]": 2031-01-01 is not before the run'"'"'s end (2027-10-01,'
grep -qF '"reopenings[0]"' "$work/err" && { echo "run_folder_test: a reopening the day before the end refused" >&2; cat "$work/err" >&2; exit 1; }
sed -e 's/"reopenings": \[\]/"reopenings": ["2027-09-30"]/' "$work/manifest.json" >"$work/header/manifest.json"
"$caremarket" report "$work/header" 2>"$work/err" ||
  { echo "run_folder_test: report refused a reopening the day before the run's end" >&2; cat "$work/err" >&2; exit 1; }
# A manifest without "start_date" or "horizon_months" has its reopenings judged by the files'
# periods, 2027-04-01 to 2027-09-30: the first period's start and the last's end are within.
sed -e 's/"reopenings": \[\]/"reopenings": ["2027-03-31", "2027-04-01", "2027-09-30", "2027-10-01"]/' \
  -e '/"start_date":/d' "$work/manifest.json" >"$work/header/manifest.json"
report_refused "reopenings outside the files, no start_date" \
  'manifest.json: "reopenings[0]": 2027-03-31 is outside the periods of the run'"'"'s files (2027-04-01 to 2027-09-30), and the manifest gives no "start_date" to place it; a run'"'"'s reopenings fall within it' \
  'manifest.json: "reopenings[3]": 2027-10-01 is outside the periods of the run'"'"'s files'
[ "$(grep -c 'reopenings\[3\]' "$work/err")" -eq 1 ] && ! grep -qF '"reopenings[1]"' "$work/err" &&
  ! grep -qF '"reopenings[2]"' "$work/err" ||
  { echo "run_folder_test: reopenings within the files refused, or one said twice" >&2; cat "$work/err" >&2; exit 1; }
sed -e 's/"reopenings": \[\]/"reopenings": ["2031-01-01"]/' -e '/"horizon_months":/d' \
  "$work/manifest.json" >"$work/header/manifest.json"
report_refused "a reopening after the files, no horizon_months" \
  'manifest.json: "reopenings[0]": 2031-01-01 is outside the periods of the run'"'"'s files (2027-04-01 to 2027-09-30), and the manifest gives no "horizon_months" to place it'
# With "start_date" given, a reopening before it is said once, as before the start.
sed -e 's/"reopenings": \[\]/"reopenings": ["2027-03-31"]/' -e '/"horizon_months":/d' \
  "$work/manifest.json" >"$work/header/manifest.json"
report_refused "a reopening before the start, no horizon_months" \
  'manifest.json: "reopenings[0]": 2027-03-31 is before "start_date" (2027-04-01)'
[ "$(grep -c 'reopenings\[0\]' "$work/err")" -eq 1 ] ||
  { echo "run_folder_test: a reopening before the start said twice" >&2; cat "$work/err" >&2; exit 1; }
sed -e 's/"reopenings": \[\]/"reopenings": ["2031-01-01"]/' -e '/"horizon_months":/d' -e '/"start_date":/d' \
  "$work/manifest.json" >"$work/header/manifest.json"
report_refused "a reopening after the files, neither start nor horizon" \
  'manifest.json: "reopenings[0]": 2031-01-01 is outside the periods of the run'"'"'s files (2027-04-01 to 2027-09-30), and the manifest gives neither "start_date" nor "horizon_months" to place it'
# A period's start that is no date is named (the reopenings' check read the files' first start).
cp "$work/manifest.json" "$work/header/manifest.json"
awk -F, 'BEGIN { OFS = "," } NR == 2 { $5 = "xx" } { print }' "$work/blocked/county_metrics.csv" \
  >"$work/header/county_metrics.csv"
head -1 "$work/blocked/county_metrics.csv" | cut -d, -f5 | grep -qx period_start ||
  { echo "run_folder_test: county_metrics.csv's 5th column is not period_start" >&2; exit 1; }
report_refused "a period_start that is no date" \
  "county_metrics.csv:2: column 'period_start': 'xx' is not a date YYYY-MM-DD"
cp "$work/blocked/county_metrics.csv" "$work/header/county_metrics.csv"
# A run's periods follow one another day by day: a period starting a day late (June from the
# 2nd) is named, as one that ends before it starts.
awk -F, 'BEGIN { OFS = "," } $5 == "2027-06-01" { $5 = "2027-06-02" } { print }' \
  "$work/blocked/county_metrics.csv" >"$work/header/county_metrics.csv"
report_refused "a gap between periods" \
  "county_metrics.csv: the period 2027-06-02 to 2027-06-30 does not start the day after the period before it ends (2027-05-31): a run's periods follow one another, so the file is not one a run writes"
awk -F, 'BEGIN { OFS = "," } $5 == "2027-06-01" { $5 = "2027-07-01" } { print }' \
  "$work/blocked/county_metrics.csv" >"$work/header/county_metrics.csv"
report_refused "a period ending before it starts" \
  "county_metrics.csv: the period 2027-07-01 to 2027-06-30 ends before it starts: the file is not one a run writes"
# Each series has each period once, in order: June written twice (the yearly entries and exits
# summed it twice), or June before May, is named at its line.
{ cat "$work/blocked/county_metrics.csv"; grep ',E10000016,Kent,homecare,2027-06-01,2027-06-30,people_waiting,' "$work/blocked/county_metrics.csv"; } \
  >"$work/header/county_metrics.csv"
last=$(wc -l <"$work/header/county_metrics.csv")
report_refused "a period written twice" \
  "county_metrics.csv:$last: column 'period_end': '2027-06-30' is not after 2027-09-30, the period before it of Kent's homecare people_waiting: a run writes each period once, in order"
# ... and every series has every period: a row left out is named by its series.
grep -v ',E10000016,Kent,homecare,2027-06-01,2027-06-30,people_waiting,' "$work/blocked/county_metrics.csv" \
  >"$work/header/county_metrics.csv"
report_refused "a period left out of a series" \
  "county_metrics.csv: Kent's homecare people_waiting (5) has another count of periods than the file's 6: a run writes every period of every series"
# Every such series is named, not the first alone.
grep -v -e ',E10000016,Kent,homecare,2027-06-01,2027-06-30,people_waiting,' \
  -e ',E10000016,Kent,supported_living,2027-05-01,2027-05-31,referrals,' "$work/blocked/county_metrics.csv" \
  >"$work/header/county_metrics.csv"
report_refused "a period left out of two series" \
  "county_metrics.csv: Kent's homecare people_waiting (5) and Kent's supported_living referrals (5) have another count of periods than the file's 6: a run writes every period of every series"
cp "$work/blocked/county_metrics.csv" "$work/header/county_metrics.csv"
# The two metrics files of a manifest without a start and horizon are tied to each other: a
# district_metrics.csv a year later is of another run.
sed -e '/"start_date":/d' -e '/"horizon_months":/d' "$work/manifest.json" >"$work/header/manifest.json"
sed 's/2027-/2028-/g' "$work/blocked/district_metrics.csv" >"$work/header/district_metrics.csv"
report_refused "metrics files of two spans" \
  "district_metrics.csv: its periods (2028-04-01 to 2028-09-30, 6 periods) are not those of county_metrics.csv (2027-04-01 to 2027-09-30, 6 periods): the two files are of different runs"
cp "$work/blocked/district_metrics.csv" "$work/header/district_metrics.csv"
"$caremarket" report "$work/header" 2>"$work/err" ||
  { echo "run_folder_test: a manifest without start and horizon refused with its own files" >&2; cat "$work/err" >&2; exit 1; }
cp "$work/manifest.json" "$work/header/manifest.json"
# The periods of the files span the manifest's run: the first starts on "start_date", the last
# ends the day before "horizon_months" months after it (2027-04-01 + 6 months: 2027-09-30).
sed -e 's/"horizon_months": 6,/"horizon_months": 12,/' "$work/manifest.json" >"$work/header/manifest.json"
report_refused "a horizon the files do not run to" \
  'county_metrics.csv: the last period ends on 2027-09-30, but manifest.json'"'"'s "horizon_months" 12 from "start_date" 2027-04-01 ends on 2028-03-31: the file and the manifest are of different runs' \
  'district_metrics.csv: the last period ends on 2027-09-30, but manifest.json'"'"'s "horizon_months" 12'
sed -e 's/"start_date": "2027-04-01"/"start_date": "2027-03-01"/' -e 's/"horizon_months": 6,/"horizon_months": 7,/' \
  "$work/manifest.json" >"$work/header/manifest.json"
report_refused "a start the files do not start on" \
  'county_metrics.csv: the first period starts on 2027-04-01, but manifest.json'"'"'s "start_date" is 2027-03-01: the file and the manifest are of different runs'
grep -qF 'last period ends' "$work/err" && { echo "run_folder_test: 7 months from 2027-03-01 said not to end on 2027-09-30" >&2; cat "$work/err" >&2; exit 1; }
# Its "period" makes as many periods of the span as the files hold: 6 months are 2 quarters,
# not the 6 monthly periods of the files; a period no run writes is named.
sed -e 's/"period": "month"/"period": "quarter"/' "$work/manifest.json" >"$work/header/manifest.json"
report_refused "quarters over monthly files" \
  'county_metrics.csv: 6 periods, but manifest.json'"'"'s "period" '"'"'quarter'"'"' makes 2 of its 6 months: the file and the manifest are of different runs'
sed -e 's/"period": "month"/"period": "fortnight"/' "$work/manifest.json" >"$work/header/manifest.json"
sed -e 's/"period": "month"/"period": 3/' "$work/manifest.json" >"$work/header/manifest.json"
report_refused "a period that is no text" 'manifest.json: "period": expected a string, found a number'
# A text the report prints holds no control character (an escape sequence reached the page
# raw), and a scenario's name is never blank ("The scenario  with 3 overrides").
sed -e 's/"version": "[^"]*"/"version": "1\\u001b[2J"/' "$work/manifest.json" >"$work/header/manifest.json"
report_refused "an escape character in a manifest's text" \
  "manifest.json: \"version\": '1\\x1b[2J' holds a control character"
sed -e 's/"scenario": "[^"]*"/"scenario": ""/' -e 's/"base_scenario": "[^"]*"/"base_scenario": ""/' \
  "$work/manifest.json" >"$work/header/manifest.json"
grep -q '"base_scenario": ""' "$work/header/manifest.json" ||
  { echo "run_folder_test: the manifest has no base_scenario to blank" >&2; exit 1; }
report_refused "a blank scenario name" \
  'manifest.json: "scenario": an empty name; a caremarket command writes a scenario'"'"'s name here' \
  'manifest.json: "base_scenario": an empty name'
sed -e 's/"period": "month"/"period": "fortnight"/' "$work/manifest.json" >"$work/header/manifest.json"
report_refused "a period no run writes" \
  'manifest.json: "period": '"'"'fortnight'"'"' is no period a run writes (month, quarter or year)'
[ "$(grep -c fortnight "$work/err")" -eq 1 ] || { echo "run_folder_test: a manifest's period said more than once:" >&2; cat "$work/err" >&2; exit 1; }
# One row of one run among rows of 5: the row is named, and it alone differs.
sed -e 's/"replications": [0-9]*/"replications": 5/' "$work/manifest.json" >"$work/header/manifest.json"
for f in kpis.csv county_metrics.csv district_metrics.csv spend_by_year.csv; do
  sed -e '2,$s/,1$/,5/' "$work/blocked/$f" >"$work/header/$f"
done
sed -i -e '4s/,5$/,1/' "$work/header/kpis.csv"
report_refused "one row of other runs" \
  "kpis.csv:4: column 'replications': 1 run, but manifest.json's \"replications\" is 5 (1 of the file's $(rows kpis.csv) rows differs)"
# Files without their runs' column would pass as any number of runs: refused beside a manifest
# that counts them.
cp "$work/manifest.json" "$work/header/manifest.json"
awk -F, 'BEGIN { OFS = "," } { NF = NF - 1; print }' "$work/blocked/kpis.csv" >"$work/header/kpis.csv"
cp "$work/blocked/county_metrics.csv" "$work/blocked/district_metrics.csv" "$work/blocked/spend_by_year.csv" "$work/header/"
report_refused "a file without its runs" \
  "kpis.csv lacks the column replications, which a caremarket command writes beside manifest.json's \"replications\": the file is not of that run"
# A file of another scenario or of other periods than its manifest's is refused: line 3 of
# another scenario, and the last period's rows gone.
cp "$work/blocked/kpis.csv" "$work/header/kpis.csv"
scenario=$(sed -n 's/^  "scenario": "\(.*\)",$/\1/p' "$work/manifest.json")
periods=$(sed -n 's/^  "periods": \([0-9]*\),$/\1/p' "$work/manifest.json")
last=$(tail -n 1 "$work/blocked/county_metrics.csv" | cut -d, -f6)
awk -F, -v last="$last" 'BEGIN { OFS = "," } NR == 3 { $1 = "other" } $6 != last { print }' \
  "$work/blocked/county_metrics.csv" >"$work/header/county_metrics.csv"
report_refused "a file of another scenario and other periods" \
  "county_metrics.csv:3: column 'scenario': 'other', but manifest.json's \"scenario\" is '$scenario' (1 of the file's $(rows county_metrics.csv) rows differs)" \
  "county_metrics.csv: $((periods - 1)) periods, but manifest.json's \"periods\" is $periods: the file and the manifest are of different runs"
for f in manifest.json kpis.csv county_metrics.csv district_metrics.csv spend_by_year.csv; do
  cp "$work/blocked/$f" "$work/header/$f"
done
cp "$work/manifest.json" "$work/header/manifest.json"
# A key given twice (JSON keeps the last: the page drew one of two counts) is named.
sed -e 's/"replications": \([0-9]*\),/"replications": \1, "replications": 7,/' "$work/manifest.json" \
  >"$work/header/manifest.json"
report_refused "a manifest key given twice" \
  'manifest.json: "replications" is given twice in one object (JSON keeps only the last; a caremarket manifest gives each key once)'
cp "$work/manifest.json" "$work/header/manifest.json"
# A symbolic link that points at itself (a loop) in place of a file is said, as the system
# words it, with the other files' faults; it does not stop the command (exit 1).
rm "$work/header/providers.csv"
ln -s providers.csv "$work/header/providers.csv"
awk -F, 'BEGIN { OFS = "," } NR == 5 { $8 = "abc" } { print }' "$work/blocked/county_metrics.csv" \
  >"$work/header/county_metrics.csv"
report_refused "a loop of symbolic links for a file" \
  "$work/header/providers.csv: cannot read the file: Too many levels of symbolic links" \
  "county_metrics.csv:5: column 'mean': 'abc' is not a number"
rm "$work/header/providers.csv"
cp "$work/blocked/providers.csv" "$work/header/providers.csv"
cp "$work/blocked/county_metrics.csv" "$work/header/county_metrics.csv"
# A sample's rows that all start from one market (one row) list that market's providers, as
# --set of the same value does; rows that start from different markets (60 and 80 framework
# providers) run, and list no provider, as none is the same in every replication.
short="-r 2 --set run.horizon_months=6 --set framework.reopen_after_years=[] --no-report"
printf 'particle,weight,market.homecare.contract_capacity_ratio\n0,1,1.5\n' >"$work/ratio.csv"
# shellcheck disable=SC2086
"$caremarket" run kent-baseline $short --parameters "$work/ratio.csv" -o "$work/ratio-sample" 2>/dev/null &&
  "$caremarket" run kent-baseline $short --set market.homecare.contract_capacity_ratio=1.5 \
    -o "$work/ratio-set" 2>/dev/null &&
  cmp "$work/ratio-sample/providers.csv" "$work/ratio-set/providers.csv" ||
  { echo "run_folder_test: a one-row sample's providers.csv differs from --set's" >&2; exit 1; }
printf 'particle,weight,market.homecare.framework_providers\n0,1,60\n1,1,80\n' >"$work/count.csv"
# shellcheck disable=SC2086
"$caremarket" run kent-baseline -r 8 --set run.horizon_months=6 --set framework.reopen_after_years=[] \
  --no-report --parameters "$work/count.csv" -o "$work/count" 2>"$work/err" ||
  { echo "run_folder_test: a sample that changes the providers' count did not run" >&2; cat "$work/err" >&2; exit 1; }
[ "$(wc -l <"$work/count/providers.csv")" -eq 1 ] && grep -qF "providers.csv lists no provider" "$work/err" &&
  grep -q "12 districts, [0-9]* to [0-9]* providers" "$work/err" ||
  { echo "run_folder_test: providers listed from different markets" >&2; cat "$work/err" >&2; exit 1; }
# A service the model does not have (a hand-edited row) is refused at its first row, with how
# many rows give one (it was left out of the charts unsaid); spend_by_year.csv's "all" is one.
rm -rf "$work/service" && cp -r "$work/blocked" "$work/service" && rm -rf "$work/service/report.html"
awk -F, 'BEGIN { OFS = "," } NR == 3 || NR == 5 { $2 = "bogus" } { print }' "$work/blocked/kpis.csv" \
  >"$work/service/kpis.csv"
code=0
"$caremarket" report "$work/service" 2>"$work/err" || code=$?
[ "$code" -eq 2 ] && grep -qF "caremarket: error: kpis.csv:3: column 'service': 'bogus' is no service of the model ('homecare' or 'supported_living'; 2 of the file's $(($(wc -l <"$work/service/kpis.csv") - 1)) rows)" "$work/err" ||
  { echo "run_folder_test: an unknown service (exit $code):" >&2; cat "$work/err" >&2; exit 1; }
grep -q ",all," "$work/blocked/spend_by_year.csv" && ! grep -q "spend_by_year" "$work/err" ||
  { echo "run_folder_test: spend_by_year.csv's 'all' refused, or no such row:" >&2; cat "$work/err" >&2; exit 1; }
# A folder that is not there is said to be missing, not "not a folder"; a file is not a folder.
code=0
"$caremarket" report "$work/nowhere" 2>"$work/err" || code=$?
[ "$code" -eq 2 ] && grep -qF "caremarket: error: $work/nowhere: no such folder (a results folder a command wrote, e.g. out/kent-baseline)" "$work/err" ||
  { echo "run_folder_test: a missing folder (exit $code):" >&2; cat "$work/err" >&2; exit 1; }
code=0
"$caremarket" report "$work/count/providers.csv" 2>"$work/err" || code=$?
[ "$code" -eq 2 ] && grep -qF "caremarket: error: $work/count/providers.csv is not a folder" "$work/err" ||
  { echo "run_folder_test: a file given as the folder (exit $code):" >&2; cat "$work/err" >&2; exit 1; }
echo "run_folder_test: ok"
