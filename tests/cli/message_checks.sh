# Sourced by the message tests (messages_test.sh, key_messages_test.sh), which set caremarket,
# work, failed and test_name first.

# expect CODE FRAGMENT ARGS...: runs caremarket ARGS and needs exit CODE and FRAGMENT in stderr.
expect() {
  code="$1"
  fragment="$2"
  shift 2
  "$caremarket" "$@" >"$work/out" 2>"$work/err"
  actual=$?
  if [ "$actual" -ne "$code" ]; then
    echo "$test_name: expected exit $code, got $actual from: caremarket $*" >&2
    cat "$work/err" >&2
    failed=1
  elif ! grep -qF -- "$fragment" "$work/err"; then
    echo "$test_name: expected '$fragment' in stderr of: caremarket $*; got:" >&2
    cat "$work/err" >&2
    failed=1
  fi
}

# lacks FRAGMENT WHY: after expect, needs FRAGMENT absent from that command's stderr.
lacks() {
  if grep -qF -- "$1" "$work/err"; then
    echo "$test_name: $2 ('$1' in stderr):" >&2
    cat "$work/err" >&2
    failed=1
  fi
}
