#!/bin/sh
# Usage: disclosure_test.sh CAREMARKET
# Disclosure control: a run of the imported market (tests/data/market/valid, whose people in
# care at the start come from clients.csv, a handful per district) with --suppress-below 10
#  - publishes no count of people between 0 and 10 in district_metrics.csv, county_metrics.csv,
#    kpis.csv or providers.csv (they are empty);
#  - does suppress some district's counts (the test data has districts with fewer than 10);
#  - never leaves exactly one district's value of a people count suppressed in a service,
#    period and metric while the county figure is published (it would be the county total
#    minus the others), and suppresses a district's stocks together (they add up);
#  - says so: manifest.json's suppress_below and a line of report.html;
#  - writes no clients.csv row in any output file, report.html included.
set -eu
exe="$1"
n=10
dir="$(mktemp -d "${TMPDIR:-/tmp}/caremarket-disclosure.XXXXXX")"
trap 'rm -rf "$dir"' EXIT
"$exe" run tests/data/market/valid/scenario.toml -r 2 -j 2 --suppress-below "$n" -o "$dir/out" \
  2>"$dir/stderr" || { cat "$dir/stderr" >&2; exit 1; }
out="$dir/out"
fail=0
people='^(people_needing_care|people_placed_local|people_placed_neighbour|people_off_contract|people_waiting|referrals|new_placements|new_off_contract_placements|people_displaced)$'

# No published small count in the metrics files (column 8 is the mean).
for f in district_metrics.csv county_metrics.csv; do
  bad=$(awk -F, -v n="$n" -v re="$people" 'NR > 1 && $7 ~ re && $8 != "" && $8 + 0 > 0 && $8 + 0 < n' "$out/$f" | head -3)
  [ -z "$bad" ] || { echo "disclosure_test: small count published in $f: $bad" >&2; fail=1; }
done
bad=$(awk -F, -v n="$n" 'NR > 1 && $4 == "people" && $5 != "" && $5 + 0 > 0 && $5 + 0 < n' "$out/kpis.csv" | head -3)
[ -z "$bad" ] || { echo "disclosure_test: small count published in kpis.csv: $bad" >&2; fail=1; }
# mean_people_displaced and people_at_start, counted from the end (a name may hold a comma).
bad=$(awk -F, -v n="$n" 'NR > 1 { for (c = NF - 7; c <= NF - 6; ++c) if ($c != "" && $c + 0 > 0 && $c + 0 < n) print }' "$out/providers.csv" | head -3)
[ -z "$bad" ] || { echo "disclosure_test: small count published in providers.csv: $bad" >&2; fail=1; }

# Something was suppressed, and never a lone district (county published).
summary=$(awk -F, -v re="$people" '
  FNR == 1 { file++; next }
  file == 1 && $7 ~ re { key = $4 "," $5 "," $7; if ($8 == "") hidden[key]++; }
  file == 1 && $7 ~ re && $8 == "" && $7 == "people_needing_care" { stocks[$2 "," $4 "," $5] = 1 }
  file == 1 && $7 ~ /^people_(placed_local|placed_neighbour|off_contract|waiting)$/ && $8 != "" { shown[$2 "," $4 "," $5] = 1 }
  file == 2 && $7 ~ re { county[$4 "," $5 "," $7] = $8 }
  END {
    total = 0; lone = 0; split_stock = 0
    for (k in hidden) { total += hidden[k]; if (hidden[k] == 1 && county[k] != "") lone++ }
    for (k in stocks) if (k in shown) split_stock++
    print total, lone, split_stock
  }' "$out/district_metrics.csv" "$out/county_metrics.csv")
set -- $summary
[ "$1" -gt 0 ] || { echo "disclosure_test: nothing was suppressed" >&2; fail=1; }
[ "$2" -eq 0 ] || { echo "disclosure_test: $2 lone suppressed district cells (recoverable)" >&2; fail=1; }
[ "$3" -eq 0 ] || { echo "disclosure_test: $3 district-periods with stocks partly suppressed" >&2; fail=1; }

# The folder says it was written under the rule: the manifest's threshold, the report's line.
grep -q '"suppress_below": 10' "$out/manifest.json" ||
  { echo "disclosure_test: manifest.json does not give suppress_below 10" >&2; fail=1; }
grep -q 'Disclosure control: counts of people below 10 are withheld' "$out/report.html" ||
  { echo "disclosure_test: report.html does not say the counts below 10 are withheld" >&2; fail=1; }

# No client-level input in any output file.
grep -v '^#' tests/data/market/valid/clients.csv | tail -n +2 | while IFS= read -r row; do
  [ -n "$row" ] || continue
  if grep -rqF -- "$row" "$out"; then echo "disclosure_test: client row '$row' in the outputs" >&2; exit 1; fi
done || fail=1
# Nor the rows without their last (often empty) column.
grep -v '^#' tests/data/market/valid/clients.csv | tail -n +2 | while IFS= read -r row; do
  [ -n "$row" ] || continue
  if grep -rqF -- "${row%,*}" "$out"; then echo "disclosure_test: client data '${row%,*}' in the outputs" >&2; exit 1; fi
done || fail=1
[ "$fail" -eq 0 ] && echo "disclosure_test: ok ($1 district cells suppressed)"
exit "$fail"
