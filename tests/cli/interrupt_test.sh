#!/bin/sh
# Usage: interrupt_test.sh CAREMARKET SIGNAL EXPECTED_CODE [COMMAND ARGS...]
# Starts a long command in the background, sends SIGNAL after about a second, and checks that
# it exits with EXPECTED_CODE and a one-line message, leaving neither the output folder nor a
# temporary .NAME.partial-PID folder behind.
set -u
exe="$1"; sig="$2"; expected="$3"; shift 3
command="${1:-run}"; [ $# -gt 0 ] && shift
dir="$(mktemp -d "${TMPDIR:-/tmp}/caremarket-interrupt.XXXXXX")"
trap 'rm -rf "$dir"' EXIT
out="$dir/results"
case "$command" in
  run) "$exe" run kent-baseline -r 100000 -j 2 -o "$out" "$@" 2>"$dir/stderr" & ;;
  compare) "$exe" compare kent-baseline kent-baseline -r 100000 -j 2 -o "$out" "$@" 2>"$dir/stderr" & ;;
  sweep) "$exe" sweep kent-baseline --vary costs.homecare.spot_premium=0.1,0.3 -r 100000 -j 2 \
           -o "$out" "$@" 2>"$dir/stderr" & ;;
  *) echo "interrupt_test.sh: unknown command $command" >&2; exit 1 ;;
esac
pid=$!
sleep 1.5
kill -s "$sig" "$pid"
wait "$pid"
rc=$?
cat "$dir/stderr" >&2
fail=0
if [ "$rc" -ne "$expected" ]; then
  echo "interrupt_test.sh: expected exit code $expected, got $rc" >&2; fail=1
fi
if ! grep -q "^caremarket: interrupted by SIG$sig; stopped, nothing written$" "$dir/stderr"; then
  echo "interrupt_test.sh: no one-line interruption message" >&2; fail=1
fi
if [ -e "$out" ]; then echo "interrupt_test.sh: $out was left behind" >&2; fail=1; fi
if ls -A "$dir" | grep -q partial; then echo "interrupt_test.sh: a partial folder was left" >&2; fail=1; fi
[ "$fail" -eq 0 ] && echo "interrupt_test: ok ($command, SIG$sig, exit $rc)"
exit "$fail"
