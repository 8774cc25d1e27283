#!/bin/sh
# Runs a small Kent ensemble, a small comparison, a small sensitivity analysis and a small
# calibration of the back-test, then opens
# each report.html in headless Chromium (check_report.js): every chart must draw SVG marks, with
# no console error and no network request. The screenshots are kept beside $3
# (build/<preset>/artefacts/report.png, compare.png, sensitivity.png, calibrate.png).
# Usage: report_test.sh CAREMARKET_EXE TMP_FOLDER SCREENSHOT
set -eu
exe="$1"; tmp="$2"; shot="$3"
here="$(cd "$(dirname "$0")" && pwd)"
shots="$(dirname "$shot")"
rm -rf "$tmp" "$tmp-compare" "$tmp-sensitivity" "$tmp-calibrate"
"$exe" run kent-baseline -r 8 -o "$tmp"
"$exe" compare kent-baseline provider-failure -r 4 -o "$tmp-compare" > /dev/null
"$exe" sensitivity kent-baseline -r 2 --only costs.homecare --set run.horizon_months=24 \
  --set 'framework.reopen_after_years=[1]' -o "$tmp-sensitivity"
"$exe" calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary exits.base_hazard_per_year.framework=0..0.15 --vary framework.entrant_properties=1..8 \
  -n 8 --waves 2 -o "$tmp-calibrate"
test -f "$tmp/report.html"
test -f "$tmp-calibrate/report.html"
test -f "$tmp-compare/report.html"
test -f "$tmp-sensitivity/report.html"
start=$(date +%s)
node "$here/check_report.js" "$tmp/report.html" "$shot" kpis gap_heatmap hex_map fan_county \
  fan_districts_off_contract_share fan_districts_people_waiting placements providers
node "$here/check_report.js" "$tmp-compare/report.html" "$shots/compare.png" compare_forest \
  compare_hex
node "$here/check_report.js" "$tmp-sensitivity/report.html" "$shots/sensitivity.png" \
  sensitivity_tornado
node "$here/check_report.js" "$tmp-calibrate/report.html" "$shots/calibrate.png" \
  calibration_targets calibration_posterior calibration_pairs
echo "browser test: $(( $(date +%s) - start )) s"
rm -rf "$tmp" "$tmp-compare" "$tmp-sensitivity" "$tmp-calibrate"
