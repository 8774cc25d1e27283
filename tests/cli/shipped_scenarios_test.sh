#!/bin/sh
# Every shipped scenario validates and runs: two replications of each, into a scratch folder.
set -eu
caremarket="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
names=$("$caremarket" scenarios | awk '{print $1}')
[ -n "$names" ] || { echo "shipped_scenarios_test: no scenarios listed" >&2; exit 1; }
count=0
for name in $names; do
  "$caremarket" validate "$name" >/dev/null
  "$caremarket" run "$name" -r 2 --no-report -o "$work/$name" 2>/dev/null ||
    { echo "shipped_scenarios_test: $name failed to run" >&2; exit 1; }
  [ -s "$work/$name/kpis.csv" ] || { echo "shipped_scenarios_test: $name wrote no kpis.csv" >&2; exit 1; }
  count=$((count + 1))
done
echo "shipped_scenarios_test: $count scenarios ran"
