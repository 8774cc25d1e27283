#!/bin/sh
# Runs a small Kent ensemble, then opens its report.html in headless Chromium (check_report.js):
# every chart must draw SVG marks, with no console error and no network request. The screenshot
# is kept at $3 (build/<preset>/artefacts/report.png).
# Usage: report_test.sh CAREMARKET_EXE TMP_FOLDER SCREENSHOT
set -eu
exe="$1"; tmp="$2"; shot="$3"
here="$(cd "$(dirname "$0")" && pwd)"
rm -rf "$tmp"
"$exe" run kent-baseline -r 8 -o "$tmp"
test -f "$tmp/report.html"
start=$(date +%s)
node "$here/check_report.js" "$tmp/report.html" "$shot" kpis gap_heatmap hex_map fan_county \
  fan_districts_off_contract_share fan_districts_people_waiting placements providers
echo "browser test: $(( $(date +%s) - start )) s"
rm -rf "$tmp"
