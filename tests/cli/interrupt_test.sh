#!/bin/sh
# Usage: interrupt_test.sh CAREMARKET SIGNAL EXPECTED_CODE [COMMAND ARGS...]
# Starts a long command in the background, sends SIGNAL after about a second, and checks that
# it exits with EXPECTED_CODE and a one-line message within 3 seconds of the signal, leaving
# neither the output folder, nor the folder created to hold it, nor a temporary
# .NAME.partial-PID folder behind. Commands: run,
# compare, sweep, sensitivity, advise, audit (one audited 600-month replication: the signal
# must be seen between events), grid (a sweep of 400 points) and twice (a run sent the signal
# twice at once, as an impatient user would: the second ends the process by the signal's default
# action, so the one-line message may be missing; the lock file must still be gone) and pipe (a
# run whose stderr goes to a reader that has gone, as tee does on Ctrl-C: writing the message
# fails, and must not kill the process before it removes its lock), import and validate (reading
# a postcode lookup, or a projections file, of 3 million rows: the signal must be seen between
# rows, a third of a second in).
set -u
exe="$1"; sig="$2"; expected="$3"; shift 3
command="${1:-run}"; [ $# -gt 0 ] && shift
dir="$(mktemp -d "${TMPDIR:-/tmp}/caremarket-interrupt.XXXXXX")"
trap 'rm -rf "$dir"' EXIT
# A folder that does not exist yet holds the results: the command creates it for its lock, and
# must remove it again when it stops without writing.
out="$dir/new/results"
delay=1.5
case "$command" in
  import|validate)
    awk 'BEGIN { print "pcds,laua"; for (i = 0; i < 3000000; i++) printf "AB%d %dXY,E07000105\n", i % 100000, i % 10 }' \
      >"$dir/lookup.csv"
    delay=0.3 ;;
esac
case "$command" in
  run|twice) "$exe" run kent-baseline -r 100000 -j 2 -o "$out" "$@" 2>"$dir/stderr" & ;;
  compare) "$exe" compare kent-baseline kent-baseline -r 100000 -j 2 -o "$out" "$@" 2>"$dir/stderr" & ;;
  sweep) "$exe" sweep kent-baseline --vary costs.homecare.spot_premium=0.1,0.3 -r 100000 -j 2 \
           -o "$out" "$@" 2>"$dir/stderr" & ;;
  sensitivity) "$exe" sensitivity kent-baseline -r 2000 -j 2 -o "$out" "$@" 2>"$dir/stderr" & ;;
  advise) "$exe" advise kent-baseline --target off_contract_placement_share'<=0.01' -r 1000 -j 2 \
            -o "$out" "$@" 2>"$dir/stderr" & ;;
  audit) "$exe" run kent-baseline --audit --set run.horizon_months=600 -r 1 -j 1 -o "$out" "$@" \
           2>"$dir/stderr" & ;;
  grid) "$exe" sweep kent-baseline --vary "costs.homecare.spot_premium=$(seq -s, 0.01 0.01 0.2)" \
          --vary "pipeline.slip_days=$(seq -s, 1 20)" -r 100 -j 2 -o "$out" "$@" 2>"$dir/stderr" & ;;
  pipe) mkfifo "$dir/fifo"
        head -c 1 <"$dir/fifo" >/dev/null &
        "$exe" run kent-baseline -r 100000 -j 2 -o "$out" "$@" 2>"$dir/fifo" & ;;
  import) "$exe" import market --cqc docs/examples/public-data/cqc-care-directory.csv \
            --postcodes "$dir/lookup.csv" -o "$out" "$@" 2>"$dir/stderr" & ;;
  validate) "$exe" validate kent-baseline --set "market.files.projections=$dir/lookup.csv" "$@" \
              2>"$dir/stderr" & ;;
  *) echo "interrupt_test.sh: unknown command $command" >&2; exit 1 ;;
esac
pid=$!
sleep "$delay"
# A loaded machine (sanitizers, other tests) can take longer than the delay to start the
# process: a file-reading command gets the signal once it has the file open, or (validate reads
# the whole file at once, then its rows, so the file may be closed again between two looks) once
# it has read half of it, so the signal is sent while it reads, not before its handlers are
# installed.
case "$command" in
  import|validate)
    half=$(( $(wc -c <"$dir/lookup.csv") / 2 ))
    tries=0
    while [ "$tries" -lt 200 ] && [ -d "/proc/$pid/fd" ] &&
      ! ls -l "/proc/$pid/fd" 2>/dev/null | grep -q 'lookup\.csv' &&
      [ "$(sed -n 's/^rchar: //p' "/proc/$pid/io" 2>/dev/null || echo 0)" -lt "$half" ] 2>/dev/null; do
      sleep 0.05; tries=$((tries + 1))
    done ;;
esac
kill -s "$sig" "$pid"
[ "$command" = twice ] && kill -s "$sig" "$pid" 2>/dev/null
signalled=$(date +%s%N)
wait "$pid"
rc=$?
elapsed_ms=$(( ($(date +%s%N) - signalled) / 1000000 ))
cat "$dir/stderr" >&2
fail=0
if [ "$rc" -ne "$expected" ]; then
  echo "interrupt_test.sh: expected exit code $expected, got $rc" >&2; fail=1
fi
if [ "$elapsed_ms" -gt 3000 ]; then
  echo "interrupt_test.sh: took $elapsed_ms ms to stop after the signal" >&2; fail=1
fi
if [ "$command" != twice ] && [ "$command" != pipe ] &&
  ! grep -q "^caremarket: interrupted by SIG$sig; stopped, nothing written$" "$dir/stderr"; then
  echo "interrupt_test.sh: no one-line interruption message" >&2; fail=1
fi
if [ -e "$out" ]; then echo "interrupt_test.sh: $out was left behind" >&2; fail=1; fi
if find "$dir" -name '*partial*' | grep -q .; then echo "interrupt_test.sh: a partial folder was left" >&2; fail=1; fi
if find "$dir" -name '*.lock' | grep -q .; then echo "interrupt_test.sh: the lock file was left" >&2; fail=1; fi
# A second signal ends the process at once: only the lock file is removed then.
if [ "$command" != twice ] && [ -e "$dir/new" ]; then
  echo "interrupt_test.sh: the folder created for the results was left behind" >&2; fail=1
fi
[ "$fail" -eq 0 ] && echo "interrupt_test: ok ($command, SIG$sig, exit $rc)"
exit "$fail"
