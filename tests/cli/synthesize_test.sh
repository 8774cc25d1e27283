#!/bin/sh
# `caremarket synthesize england`: writes a 320-district geography and a scenario that runs.
set -eu
caremarket="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$caremarket" synthesize england -o "$work/england" 2>/dev/null
[ "$(grep -vc '^#' "$work/england/geography/districts.csv")" -eq 321 ] ||
  { echo "synthesize_test: expected 320 districts and a header" >&2; exit 1; }
"$caremarket" geography --data "$work/england/geography" --format json >/dev/null
# The same files every time.
"$caremarket" synthesize england -o "$work/again" 2>/dev/null
cmp "$work/england/geography/districts.csv" "$work/again/geography/districts.csv"
cmp "$work/england/geography/edges.csv" "$work/again/geography/edges.csv"
# Three months of one replication runs and covers every district.
"$caremarket" run "$work/england/england.toml" -r 1 --set run.horizon_months=3 \
  --set "framework.reopen_after_years=[]" --no-report \
  -o "$work/run" 2>/dev/null
[ "$(cut -d, -f2 "$work/run/district_metrics.csv" | sort -u | grep -c '^E07')" -eq 320 ] ||
  { echo "synthesize_test: the run does not cover 320 districts" >&2; exit 1; }
# --force replaces a folder this command wrote, whole; a results folder (a run's) is refused,
# as a market folder (an input) and results are never put in each other's place; a folder of
# other files is refused.
"$caremarket" synthesize england -o "$work/again" --force 2>/dev/null
cmp "$work/england/geography/edges.csv" "$work/again/geography/edges.csv"
if "$caremarket" synthesize england -o "$work/run" --force 2>"$work/err"; then
  echo "synthesize_test: --force replaced a run's results with a market" >&2; exit 1
fi
grep -q "holds the results of \`caremarket run\`; not replacing them with a market folder" "$work/err"
[ -e "$work/run/district_metrics.csv" ] ||
  { echo "synthesize_test: a refused --force removed the run's results" >&2; exit 1; }
mkdir "$work/mine" && echo keep >"$work/mine/notes.txt"
if "$caremarket" synthesize england -o "$work/mine" --force 2>/dev/null; then
  echo "synthesize_test: replaced a folder that is not a results folder" >&2; exit 1
fi
[ "$(cat "$work/mine/notes.txt")" = keep ]
# The folder runs wherever it is moved: its geography is named relative to england.toml.
mv "$work/england" "$work/moved"
grep -q '^data = "geography"$' "$work/moved/england.toml" ||
  { echo "synthesize_test: geography.data is not relative" >&2; exit 1; }
"$caremarket" run "$work/moved/england.toml" -r 1 --set run.horizon_months=1 \
  --set "framework.reopen_after_years=[]" --no-report -o "$work/moved-run" 2>/dev/null
# --force never replaces the folder a command reads its scenario from.
if "$caremarket" run "$work/moved/england.toml" -r 1 --set run.horizon_months=1 \
  --set "framework.reopen_after_years=[]" --no-report -o "$work/moved" --force 2>"$work/err"; then
  echo "synthesize_test: a run replaced the folder of its own scenario" >&2; exit 1
fi
grep -q "which this command reads" "$work/err"
[ -f "$work/moved/england.toml" ]
# The hint to run the folder, and `report` on the folder, give commands that paste into a shell
# as they are, even with a space and a quote in the folder's name.
odd="$work/my 'odd' market"
"$caremarket" synthesize england -o "$odd" 2>"$work/err"
hint=$(sed -n 's/^  caremarket run //p' "$work/err")
[ "$hint" = "'$work/my '\\''odd'\\'' market/england.toml' -r 1" ] ||
  { echo "synthesize_test: the run hint is not quoted for a shell: $hint" >&2; exit 1; }
if "$caremarket" report "$odd" 2>"$work/err"; then
  echo "synthesize_test: report accepted a synthesized market" >&2; exit 1
fi
grep -qF "holds a market written by \`caremarket synthesize england\`, not results, so it has no report; run its scenario first, e.g. caremarket run '$work/my '\\''odd'\\'' market/england.toml' -o '$work/my '\\''odd'\\'' market-run'" "$work/err" ||
  { echo "synthesize_test: report's message on a synthesized market:" >&2; cat "$work/err" >&2; exit 1; }
echo "synthesize_test: ok"
