#!/bin/sh
# scripts/out-of-area-table (docs/validation.md, section (c)): prints one row per April of a
# Kent run for each service, and refuses, with exit 1 and a sentence, a folder whose small
# counts are withheld (it cannot sum them) and a misspelt service (an empty table would read as
# "no April").
set -eu
caremarket="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$caremarket" run kent-baseline -r 2 --no-report -o "$work/run" 2>/dev/null
for service in homecare supported_living; do
  python3 scripts/out-of-area-table "$work/run" "$service" > "$work/table"
  rows=$(grep -c '^| 20[0-9][0-9] |' "$work/table")
  [ "$rows" -eq 8 ] || { echo "out_of_area_table_test: $service: $rows Aprils, expected 8 (2027 to 2034)" >&2; exit 1; }
done
"$caremarket" run kent-baseline -r 2 --suppress-below 10 --no-report -o "$work/suppressed" 2>/dev/null
for args in "$work/suppressed" "$work/run homecar"; do
  # shellcheck disable=SC2086
  if python3 scripts/out-of-area-table $args > /dev/null 2> "$work/err"; then
    echo "out_of_area_table_test: accepted $args" >&2; exit 1
  fi
  grep -q "^out-of-area-table: " "$work/err" || { echo "out_of_area_table_test: no sentence for $args" >&2; exit 1; }
done
echo "out_of_area_table_test: ok"
