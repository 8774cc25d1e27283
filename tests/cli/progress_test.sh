#!/bin/sh
# On a terminal, the progress bar's line is cleared when the work is done, so the command's last
# log line ("caremarket: N events in ...") starts on a line of its own, not after the bar.
set -u
caremarket="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# script(1) gives the command a terminal; its output, control characters and all, is the log.
script -qec "\"$caremarket\" run kent-baseline -r 30 -j 1 --no-report -o \"$work/run\"" \
  "$work/log" >/dev/null 2>&1
grep -aq "s left" "$work/log" || { echo "progress_test: the bar was never drawn" >&2; exit 1; }
line=$(grep -a "events in" "$work/log")
[ -n "$line" ] || { echo "progress_test: no final log line" >&2; exit 1; }
# What follows the last clear-to-end-of-line on that line must be the log line itself.
tail=$(printf '%s' "$line" | awk -v esc="$(printf '\033')" '{ n = split($0, parts, esc "\\[K"); print parts[n] }')
case "$tail" in
  caremarket:*) echo "progress_test: ok" ;;
  *) echo "progress_test: the last log line shares the bar's line: $(printf '%s' "$line" | od -c | head -5)" >&2; exit 1 ;;
esac
