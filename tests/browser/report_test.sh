#!/bin/sh
# Runs a small Kent ensemble, comparison, sweep, sensitivity analysis, advice and a small
# calibration of the back-test, then opens each report.html in headless Chromium
# (check_report.js): every chart must draw SVG marks and, where the page has a table for it, the
# numbers of that table, with no console warning or error and no network request. The screenshots
# are kept beside $3 (build/<preset>/artefacts/report.png, closed.png, compare.png, sweep.png,
# sensitivity.png, advise.png, calibrate.png).
# Usage: report_test.sh CAREMARKET_EXE TMP_FOLDER SCREENSHOT
set -eu
exe="$1"; tmp="$2"; shot="$3"
here="$(cd "$(dirname "$0")" && pwd)"
shots="$(dirname "$shot")"
rm -rf "$tmp" "$tmp-compare" "$tmp-sweep" "$tmp-sensitivity" "$tmp-advise" "$tmp-calibrate" \
  "$tmp-closed"
"$exe" run kent-baseline -r 8 -o "$tmp"
# A framework that never reopens: no dashed rules, and no warning of an empty layer's scale.
"$exe" run closed-framework -r 2 --set run.horizon_months=24 -o "$tmp-closed"
"$exe" compare kent-baseline provider-failure closed-framework -r 4 -o "$tmp-compare" > /dev/null
"$exe" sweep kent-baseline --vary costs.homecare.spot_premium=0.1,0.3 -r 2 \
  --set run.horizon_months=24 --set 'framework.reopen_after_years=[1]' -o "$tmp-sweep" > /dev/null
"$exe" sensitivity kent-baseline -r 2 --only costs.homecare --set run.horizon_months=24 \
  --set 'framework.reopen_after_years=[1]' -o "$tmp-sensitivity"
"$exe" advise kent-baseline --target 'off_contract_placement_share<=0.1' --confidence 0.9 -r 2 \
  --max-steps 2 --set run.horizon_months=24 --set 'framework.reopen_after_years=[1]' \
  -o "$tmp-advise" > /dev/null
"$exe" calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary exits.base_hazard_per_year.framework=0..0.15 --vary framework.entrant_properties=1..8 \
  -n 8 --waves 2 -o "$tmp-calibrate"
for f in "$tmp" "$tmp-closed" "$tmp-compare" "$tmp-sweep" "$tmp-sensitivity" "$tmp-advise" \
  "$tmp-calibrate"; do
  test -f "$f/report.html"
done
start=$(date +%s)
node "$here/check_report.js" "$tmp/report.html" "$shot" kpis spend_by_year gap_heatmap district_map \
  fan_county fan_districts_off_contract_share fan_districts_people_waiting placements providers
node "$here/check_report.js" "$tmp-closed/report.html" "$shots/closed.png" kpis spend_by_year \
  gap_heatmap district_map fan_county fan_districts_off_contract_share \
  fan_districts_people_waiting placements providers
node "$here/check_report.js" "$tmp-compare/report.html" "$shots/compare.png" compare_forest \
  compare_map compare_spend
node "$here/check_report.js" "$tmp-sweep/report.html" "$shots/sweep.png" sweep_lines
node "$here/check_report.js" "$tmp-sensitivity/report.html" "$shots/sensitivity.png" \
  sensitivity_tornado
node "$here/check_report.js" "$tmp-advise/report.html" "$shots/advise.png" advise_allocation
node "$here/check_report.js" "$tmp-calibrate/report.html" "$shots/calibrate.png" \
  calibration_targets calibration_posterior calibration_pairs
echo "browser test: $(( $(date +%s) - start )) s"
rm -rf "$tmp" "$tmp-compare" "$tmp-sweep" "$tmp-sensitivity" "$tmp-advise" "$tmp-calibrate" \
  "$tmp-closed"
