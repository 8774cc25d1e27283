#!/bin/sh
# End-to-end test of `caremarket run`: a small Kent run writes a complete results folder, the
# same run on 1 and 2 threads gives byte-identical files, and its resolved scenario reproduces
# it. Also run under ThreadSanitizer; what a folder holds beyond that is run_folder_test.sh.
set -eu
caremarket="$1"
work=$(mktemp -d)
# What the commands print goes to a log, shown if the test fails (it has failed only in full
# parallel test runs, and passed when run alone).
trap 'status=$?; if [ "$status" -ne 0 ] && [ -s "$work/log" ]; then echo "run_test: what the commands printed:" >&2; cat "$work/log" >&2; fi; rm -rf "$work"' EXIT

"$caremarket" run kent-baseline -r 4 -j 1 -o "$work/one" 2>>"$work/log"
"$caremarket" run kent-baseline -r 4 -j 2 -o "$work/two" 2>>"$work/log"
for f in manifest.json district_metrics.csv county_metrics.csv kpis.csv providers.csv; do
  [ -s "$work/one/$f" ] || { echo "run_test: $f missing or empty" >&2; exit 1; }
done
for f in district_metrics.csv county_metrics.csv kpis.csv providers.csv spend_by_year.csv; do
  cmp "$work/one/$f" "$work/two/$f" || { echo "run_test: $f differs between 1 and 2 threads" >&2; exit 1; }
done
grep -q '"hex_col"' "$work/one/manifest.json" || { echo "run_test: manifest lists no district hex positions" >&2; exit 1; }
grep -q '"complete": true' "$work/one/manifest.json" || { echo "run_test: manifest not complete" >&2; exit 1; }
grep -q '^kent-baseline,E10000016,Kent,homecare,2027-04-01' "$work/one/county_metrics.csv" ||
  { echo "run_test: county rows missing" >&2; exit 1; }

# The resolved scenario reproduces the run byte for byte.
"$caremarket" run "$work/one/scenario.resolved.toml" -j 2 -o "$work/again" 2>>"$work/log"
for f in district_metrics.csv county_metrics.csv kpis.csv providers.csv scenario.resolved.toml; do
  cmp "$work/one/$f" "$work/again/$f" || { echo "run_test: rerunning scenario.resolved.toml changed $f" >&2; exit 1; }
done

# So does a run named by --name or by its --set: the resolved scenario carries the run's name,
# so the scenario column (the run's name) is written again as it was.
"$caremarket" run kent-baseline -r 2 --set run.horizon_months=6 --set 'framework.reopen_after_years=[]' --no-report -o "$work/set" 2>>"$work/log"
"$caremarket" run kent-baseline -r 2 --set run.horizon_months=6 --set 'framework.reopen_after_years=[]' --name "my run" --no-report -o "$work/named" 2>>"$work/log"
grep -q '^kent-baseline+overrides,' "$work/set/kpis.csv" || { echo "run_test: --set run not named kent-baseline+overrides" >&2; exit 1; }
grep -q '^my run,' "$work/named/kpis.csv" || { echo "run_test: --name run not named my run" >&2; exit 1; }
for run in set named; do
  "$caremarket" run "$work/$run/scenario.resolved.toml" --no-report -o "$work/$run-again" 2>>"$work/log"
  for f in district_metrics.csv county_metrics.csv kpis.csv providers.csv scenario.resolved.toml; do
    cmp "$work/$run/$f" "$work/$run-again/$f" || { echo "run_test: rerunning the $run run's scenario.resolved.toml changed $f" >&2; exit 1; }
  done
done

echo "run_test: ok"
