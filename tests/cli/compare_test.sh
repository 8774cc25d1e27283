#!/bin/sh
# `caremarket compare` of a scenario with itself writes comparison.csv and
# spend_by_year_comparison.csv whose mean differences are all exactly zero; the spend compare
# reports is the spend `run` reports for each scenario on the same seed; a single scenario is
# refused with exit code 2.
set -eu
caremarket="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$caremarket" compare kent-baseline kent-baseline -r 3 -o "$work/c" >/dev/null 2>&1
head -1 "$work/c/comparison.csv" | grep -q "mean_difference" || { echo "compare_test: no mean_difference column" >&2; exit 1; }
col=$(head -1 "$work/c/comparison.csv" | tr ',' '\n' | grep -n '^mean_difference$' | cut -d: -f1)
nonzero=$(tail -n +2 "$work/c/comparison.csv" | cut -d, -f"$col" | grep -v '^0$' | wc -l)
[ "$nonzero" -eq 0 ] || { echo "compare_test: $nonzero non-zero differences of a scenario with itself" >&2; exit 1; }
spend="$work/c/spend_by_year_comparison.csv"
[ "$(tail -n +2 "$spend" | wc -l)" -gt 0 ] || { echo "compare_test: no spend by year" >&2; exit 1; }
nonzero=$(tail -n +2 "$spend" | cut -d, -f9 | grep -v '^0$' | wc -l)
[ "$nonzero" -eq 0 ] || { echo "compare_test: $nonzero non-zero spend differences of a scenario with itself" >&2; exit 1; }
grep -q 'id="chart-compare_spend"' "$work/c/report.html" || { echo "compare_test: no spend chart" >&2; exit 1; }
# The cost is all spend on care: spend_gbp_total is lower_is_better, while spend on contracted
# or in-house care and in-house services opened have no better direction, and no chance of
# being better (the closed framework's lower contract spend was scored better as spot rose).
for k in spend_gbp_total:lower_is_better spend_contract_gbp_total:neutral spend_in_house_gbp_total:neutral \
  in_house_entries_total:neutral; do
  awk -F, -v kpi="${k%%:*}" -v dir="${k#*:}" '$4 == kpi && $6 == "E10000016" { n++; if ($8 != dir || (dir == "neutral") != ($15 == "")) bad = 1 }
    END { exit bad || n != 2 }' "$work/c/comparison.csv" ||
    { echo "compare_test: ${k%%:*} is not ${k#*:} in comparison.csv" >&2; exit 1; }
done
# report refuses a direction compare never writes, and a figure with a better direction but no
# chance of being better: both decide what the summary counts as better or worse.
cp -r "$work/c" "$work/cd"
sed -i 's/,spend_gbp_total,gbp,E10000016,Kent,lower_is_better,/,spend_gbp_total,gbp,E10000016,Kent,sideways,/' \
  "$work/cd/comparison.csv"
code=0
"$caremarket" report "$work/cd" 2>"$work/err" || code=$?
[ "$code" -eq 2 ] && grep -q "comparison.csv:[0-9]*: column 'direction': 'sideways', but spend_gbp_total of homecare is lower_is_better (docs/metrics.md; 2 of the file's [0-9]* rows)" "$work/err" ||
  { echo "compare_test: report took an unknown direction (exit $code)" >&2; cat "$work/err" >&2; exit 1; }
# Nor a direction other than the KPI's (a lower_is_better figure edited to neutral was summed
# as neither better nor worse), nor a row repeating another's alternative, service, KPI and area.
rows=$(($(wc -l <"$work/c/comparison.csv") - 1))
awk -F, 'BEGIN { OFS = "," } $4 == "spend_gbp_total" && $6 == "E10000016" { $8 = "neutral"; $15 = "" }
  NR == 3 { print; print "line=" NR > "/dev/stderr" } { print }' "$work/c/comparison.csv" >"$work/cd/comparison.csv" 2>"$work/lines"
. "$work/lines"
code=0
"$caremarket" report "$work/cd" 2>"$work/err" || code=$?
[ "$code" -eq 2 ] && grep -q "comparison.csv:[0-9]*: column 'direction': 'neutral', but spend_gbp_total of homecare is lower_is_better (docs/metrics.md; 2 of the file's $((rows + 1)) rows)" "$work/err" &&
  grep -q "comparison.csv:$((line + 1)): alternative 'kent-baseline-2', service 'homecare', kpi '[a-z_]*', area_code '[A-Z0-9]*' repeat line $line (a page keeps one row of each; 1 of the file's $((rows + 1)) rows)" "$work/err" ||
  { echo "compare_test: report took a neutral spend_gbp_total, or a repeated row (exit $code)" >&2; cat "$work/err" >&2; exit 1; }
cp "$work/c/comparison.csv" "$work/cd/comparison.csv"
awk -F, 'BEGIN { OFS = "," } $4 == "spend_gbp_total" && $3 == "homecare" && $6 == "E10000016" { $15 = "" } { print }' \
  "$work/c/comparison.csv" >"$work/cd/comparison.csv"
code=0
"$caremarket" report "$work/cd" 2>"$work/err" || code=$?
[ "$code" -eq 2 ] && grep -q "column 'probability_alternative_better': empty, but the figure is lower_is_better" "$work/err" ||
  { echo "compare_test: report took a directed figure with no chance of being better (exit $code)" >&2; cat "$work/err" >&2; exit 1; }
# So is a year's spend difference of a category compare never writes.
cp "$work/c/comparison.csv" "$work/cd/comparison.csv"
awk -F, 'BEGIN { OFS = "," } NR == 2 { $6 = "contracts" } { print }' "$work/c/spend_by_year_comparison.csv" \
  >"$work/cd/spend_by_year_comparison.csv"
code=0
"$caremarket" report "$work/cd" 2>"$work/err" || code=$?
[ "$code" -eq 2 ] && grep -qF "spend_by_year_comparison.csv:2: column 'category': 'contracts' is none of contract, off_contract, premium, in_house or total (the words the file's writer writes; 1 of the file's $(($(wc -l <"$work/c/spend_by_year_comparison.csv") - 1)) rows)" "$work/err" ||
  { echo "compare_test: report took a spend category compare never writes (exit $code)" >&2; cat "$work/err" >&2; exit 1; }
# A row's area is the council's or a district of the manifest's, under its own name: Ashford's
# code made E07000999 (its rows were left off the map).
cp "$work/c/spend_by_year_comparison.csv" "$work/cd/spend_by_year_comparison.csv"
ashford=$(awk -F, '$6 == "E07000105"' "$work/c/comparison.csv" | wc -l)
awk -F, 'BEGIN { OFS = "," } $6 == "E07000105" { $6 = "E07000999"; if (!l) l = NR } { print } END { print "line=" l > "/dev/stderr" }' \
  "$work/c/comparison.csv" >"$work/cd/comparison.csv" 2>"$work/lines"
. "$work/lines"
code=0
"$caremarket" report "$work/cd" 2>"$work/err" || code=$?
[ "$code" -eq 2 ] && [ "$ashford" -gt 0 ] && grep -qF "comparison.csv:$line: column 'area_code': 'E07000999' is no area of the run (the council, E10000016, and manifest.json's districts; $ashford of the file's $(($(wc -l <"$work/c/comparison.csv") - 1)) rows)" "$work/err" ||
  { echo "compare_test: report took a district the run did not have (exit $code)" >&2; cat "$work/err" >&2; exit 1; }
# A market with providers of another council's districts (written "Medway (external)"), and a
# council code holding a comma (written quoted), are compared and reported: both had been refused
# by the compare's own report.
"$caremarket" compare tests/data/market/external/scenario.toml tests/data/market/external/scenario.toml \
  -r 1 -o "$work/ext" >/dev/null 2>"$work/err" && [ -f "$work/ext/report.html" ] ||
  { echo "compare_test: a market with external providers was not compared" >&2; cat "$work/err" >&2; exit 1; }
"$caremarket" compare kent-baseline rate-uplift -r 1 --set run.horizon_months=12 \
  --set 'framework.reopen_after_years=[]' --set 'area_code=A,B' -o "$work/comma" >/dev/null 2>"$work/err" &&
  grep -q '^kent-baseline,rate-uplift,homecare,referrals_total,people,"A,B",Kent,' "$work/comma/comparison.csv" ||
  { echo "compare_test: a council code with a comma was not written quoted" >&2; cat "$work/err" >&2; exit 1; }
# A file whose first row is a district's (sorted, say) is refused: the page takes the first
# row's area for the council.
{ head -1 "$work/c/comparison.csv"; tail -n +2 "$work/c/comparison.csv" | LC_ALL=C sort -t, -k6,6; } >"$work/cd/comparison.csv"
cp "$work/c/spend_by_year_comparison.csv" "$work/cd/spend_by_year_comparison.csv"
first=$(sed -n 2p "$work/cd/comparison.csv" | cut -d, -f6)
code=0
"$caremarket" report "$work/cd" 2>"$work/err" || code=$?
[ "$code" -eq 2 ] && [ "$first" != E10000016 ] &&
  grep -qF "comparison.csv:2: column 'area_code': '$first' is a district of manifest.json's, but compare writes the council's rows first (the page takes the first row's area for the county)" "$work/err" ||
  { echo "compare_test: report took a comparison whose first row is a district's (exit $code)" >&2; cat "$work/err" >&2; exit 1; }
# Each side's spend equals what `run` reports for that scenario (same seed and replications).
"$caremarket" compare kent-baseline rate-uplift -r 3 --no-report -o "$work/u" >/dev/null 2>&1
"$caremarket" run kent-baseline -r 3 --no-report -o "$work/rb" >/dev/null 2>&1
"$caremarket" run rate-uplift -r 3 --no-report -o "$work/ru" >/dev/null 2>&1
for year in 2027-04-01 2034-04-01; do
  for cat in total off_contract; do
    pair=$(grep "^kent-baseline,rate-uplift,$year,[0-9-]*,all,$cat," "$work/u/spend_by_year_comparison.csv" | cut -d, -f7,8)
    base=$(grep "^kent-baseline,$year,[0-9-]*,all,$cat," "$work/rb/spend_by_year.csv" | cut -d, -f6)
    alt=$(grep "^rate-uplift,$year,[0-9-]*,all,$cat," "$work/ru/spend_by_year.csv" | cut -d, -f6)
    [ -n "$base" ] && [ "$pair" = "$base,$alt" ] ||
      { echo "compare_test: $year $cat: compare says $pair, run says $base,$alt" >&2; exit 1; }
  done
done
# Each scenario's resolved file is as it ran: the base's seed and replications (an alternative
# giving its own is run with the base's), and the name it has in the results (a second copy
# of the base is closed-framework-2). Compared again from those files, the rows are the same.
printf 'schema_version = 1\nextends = "closed-framework"\nname = "r7"\n[run]\nreplications = 7\nseed = 13\n' >"$work/r7.toml"
"$caremarket" compare closed-framework "$work/r7.toml" closed-framework -r 3 --set run.horizon_months=12 \
  --no-report -o "$work/r7" >/dev/null 2>&1
for f in closed-framework r7 closed-framework-2; do
  grep -q "^name = \"$f\"$" "$work/r7/$f.resolved.toml" && grep -q '^seed = 20270401$' "$work/r7/$f.resolved.toml" &&
    grep -q '^replications = 3$' "$work/r7/$f.resolved.toml" ||
    { echo "compare_test: $f.resolved.toml is not the scenario as it ran:" >&2; head -14 "$work/r7/$f.resolved.toml" >&2; exit 1; }
done
"$caremarket" compare "$work/r7/closed-framework.resolved.toml" "$work/r7/r7.resolved.toml" \
  "$work/r7/closed-framework-2.resolved.toml" --no-report -o "$work/r7-again" >/dev/null 2>&1
cmp "$work/r7/comparison.csv" "$work/r7-again/comparison.csv" ||
  { echo "compare_test: comparing the resolved files again gave other rows" >&2; exit 1; }
# A scenario's name becomes a file name a character at a time: "ünï" is "-n-", not "--n--".
printf 'schema_version = 1\nextends = "closed-framework"\nname = "\303\274n\303\257"\n' >"$work/u.toml"
"$caremarket" compare closed-framework "$work/u.toml" -r 1 --set run.horizon_months=1 \
  --no-report -o "$work/u8" >/dev/null 2>&1
[ -f "$work/u8/-n-.resolved.toml" ] || { echo "compare_test: ünï is not written -n-.resolved.toml:" >&2; ls "$work/u8" >&2; exit 1; }
set +e
"$caremarket" compare kent-baseline -o "$work/d" 2>/dev/null
code=$?
set -e
[ "$code" -eq 2 ] || { echo "compare_test: expected exit 2 with one scenario, got $code" >&2; exit 1; }
echo "compare_test: ok"
