#!/bin/sh
# Usage: expect_exit.sh CODE COMMAND [ARGS...]
# Runs COMMAND and succeeds only if it exits with CODE (CTest's WILL_FAIL cannot tell exit 1
# from exit 2, and the exit code is part of the command line's contract).
expected="$1"
shift
"$@"
actual=$?
if [ "$actual" -ne "$expected" ]; then
  echo "expect_exit.sh: expected exit code $expected, got $actual from: $*" >&2
  exit 1
fi
