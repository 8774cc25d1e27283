#!/usr/bin/env bash
# Every caremarket command in README.md and docs/*.md runs as pasted. The commands are taken
# from the files' ```sh and ``` blocks, indented (in a list) or not (a line ending in \
# continues on the next), and run with bash, one working folder per file, in the order the file gives them. Only the work is made
# smaller: `caremarket` is a wrapper that runs the real binary with -r 2 in place of any
# replication count, with few advise steps, sensitivity over one group's keys (and any the
# command names), and with small calibrations (see `shrink` below).
# Lines that run other programs (mpirun, srun, cmake, the benchmark, scripts/) are not run here;
# mpi_test.sh and the build cover them.
# Usage: docs_commands_test.sh SOURCE_DIR CAREMARKET
set -u
src="$1"
binary="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/bin"
cat >"$work/bin/caremarket" <<WRAPPER
#!/usr/bin/env bash
# shrink: the same command with little work.
args=()
skip=0
for a in "\$@"; do
  if [ \$skip -eq 1 ]; then skip=0; continue; fi
  case "\$a" in
    -r|--replications) skip=1; continue ;;
    -r[0-9]*|--replications=*) continue ;;
  esac
  if [ "\${1:-}" = calibrate ]; then
    case "\$a" in
      -n|--particles|--waves) skip=1; continue ;;
    esac
  fi
  args+=("\$a")
done
case "\${args[0]:-}" in
  run|compare|sweep) args+=(-r 2) ;;
  advise) args+=(-r 2 --max-steps 1 --candidates 1) ;;
  sensitivity) args+=(-r 1 --set run.horizon_months=24 --set "framework.reopen_after_years=[1]"
               --only demand.homecare.older_65_plus) ;;
  calibrate) args+=(-n 20 --waves 2) ;;
esac
exec "$binary" "\${args[@]}"
WRAPPER
chmod +x "$work/bin/caremarket"
export PATH="$work/bin:$PATH"

# extract FILE: the command lines of FILE's shell blocks, one per line.
extract() {
  awk '
    /^[ \t]*```/ {
      t = $0; sub(/^[ \t]+/, "", t)
      if (fence) { fence = 0; inblock = 0 } else { fence = 1; inblock = (t == "```" || t == "```sh") }
      next
    }
    inblock {
      line = $0
      if (pending != "") { line = pending " " line; pending = "" }
      if (line ~ /\\$/) { sub(/\\$/, "", line); pending = line; next }
      print line
    }' "$1"
}

failed=0
ran=0
for doc in "$src/README.md" "$src"/docs/*.md; do
  folder="$work/$(basename "$doc" .md)"
  mkdir -p "$folder/build/release/cli"
  ln -s "$src/scenarios" "$folder/scenarios"
  ln -s "$src/docs" "$folder/docs"  # the sample files of docs/examples/
  ln -s "$work/bin/caremarket" "$folder/build/release/cli/caremarket"
  # The user's own files the docs name: a scenario, a geography folder, and the user guide's
  # older-growth-4.toml exactly as the guide prints it.
  printf 'schema_version = 1\nextends = "kent-baseline"\n' >"$folder/my-scenario.toml"
  cp -r "$src/tests/data/geography/valid" "$folder/my-geography"
  awk '/^```toml/ { b = 1; t = ""; next } /^```/ { if (b && t ~ /older-growth-4/) printf "%s", t; b = 0; next }
       b { t = t $0 "\n" }' "$src/docs/user-guide.md" >"$folder/older-growth-4.toml"
  while IFS= read -r line; do
    command=$(printf '%s' "$line" | sed 's/^[[:space:]]*//')
    case "$command" in
      caremarket=*|caremarket\ *|\$caremarket\ *|build/release/cli/caremarket\ *) ;;
      *) continue ;;
    esac
    if printf '%s' "$command" | grep -q '| *dot ' && ! command -v dot >/dev/null; then
      echo "docs_commands_test: skipped (no Graphviz): $command"
      continue
    fi
    ran=$((ran + 1))
    echo "docs_commands_test: $(basename "$doc"): $command"
    if ! (cd "$folder" && caremarket=build/release/cli/caremarket bash -c "$command" \
            >"$work/out" 2>"$work/err"); then
      echo "docs_commands_test: FAILED in $(basename "$doc"): $command" >&2
      tail -5 "$work/err" >&2
      failed=1
    fi
  done < <(extract "$doc")
done
echo "docs_commands_test: ran $ran commands"
[ "$ran" -ge 20 ] || { echo "docs_commands_test: too few commands found" >&2; failed=1; }
[ "$failed" -eq 0 ] && echo "docs_commands_test: ok"
exit "$failed"
