#!/bin/sh
# `caremarket compare` of a scenario with itself writes comparison.csv whose mean differences
# are all exactly zero, and refuses a single scenario with exit code 2.
set -eu
caremarket="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$caremarket" compare kent-baseline kent-baseline -r 3 -o "$work/c" >/dev/null 2>&1
head -1 "$work/c/comparison.csv" | grep -q "mean_difference" || { echo "compare_test: no mean_difference column" >&2; exit 1; }
col=$(head -1 "$work/c/comparison.csv" | tr ',' '\n' | grep -n '^mean_difference$' | cut -d: -f1)
nonzero=$(tail -n +2 "$work/c/comparison.csv" | cut -d, -f"$col" | grep -v '^0$' | wc -l)
[ "$nonzero" -eq 0 ] || { echo "compare_test: $nonzero non-zero differences of a scenario with itself" >&2; exit 1; }
set +e
"$caremarket" compare kent-baseline -o "$work/d" 2>/dev/null
code=$?
set -e
[ "$code" -eq 2 ] || { echo "compare_test: expected exit 2 with one scenario, got $code" >&2; exit 1; }
echo "compare_test: ok"
