#!/bin/sh
# Usage: robustness_table.sh CAREMARKET [--check FILE | --write FILE]
# Feeds caremarket the bad and absurd inputs of docs/robustness.md and prints the table of what
# each gets (exit code and first line of the message). With --check, fails unless the table in
# FILE (between the table markers) is exactly this one; with --write, puts it there.
# Paths of the temporary inputs are shown as DIR/.
set -u
exe="$1"; mode="${2:-}"; doc="${3:-}"
dir="$(mktemp -d "${TMPDIR:-/tmp}/caremarket-robustness.XXXXXX")"
cleanup() {
  if [ -n "${mounted:-}" ]; then umount "$dir/full" 2>/dev/null; fi
  rm -rf "$dir"
}
trap cleanup EXIT
table="$dir/table.md"

# Inputs made here rather than committed.
: > "$dir/empty.toml"
printf 'schema_version = 1\n\0\1\2\377\376binary\0\n' > "$dir/binary.toml"
printf '\177ELF\2\1\1\0\0\0\0\0\0\0\0\0\3\0>\0\1\0' > "$dir/executable.toml"
truncate -s 2G "$dir/huge.toml"
mkdir -p "$dir/huge-data"
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "huge-data"\n[market.files]\nclients = "clients.csv"\n' \
  > "$dir/huge-data/scenario.toml"
truncate -s 2G "$dir/huge-data/clients.csv"
mkdir -p "$dir/empty-data"
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "empty-data"\n[market.files]\nclients = "clients.csv"\n' \
  > "$dir/empty-data/scenario.toml"
: > "$dir/empty-data/clients.csv"
mkdir -p "$dir/binary-geography"
cp "$dir/executable.toml" "$dir/binary-geography/districts.csv"
cp "$dir/executable.toml" "$dir/binary-geography/edges.csv"

row() {  # row DESCRIPTION ARGS...
  what="$1"; shift
  "$exe" "$@" >"$dir/err" 2>&1
  rc=$?
  lines=$(grep -c . "$dir/err")
  first=$(grep -v '^caremarket: \(running\|note\)' "$dir/err" | head -1 | sed "s|$dir/|DIR/|g; s/(shipped: .*)/(shipped: ...)/; s/|/\\\\|/g")
  more=""
  [ "$lines" -gt 1 ] && [ "$rc" -eq 2 ] && more=" (+$((lines - 1)) more)"
  [ "$rc" -eq 0 ] && first="runs"
  printf '| %s | %s | %s%s |\n' "$what" "$rc" "$first" "$more" >> "$table"
}

printf '| input | exit | message (first line) |\n| --- | --- | --- |\n' > "$table"
row "an empty scenario file" validate "$dir/empty.toml"
row "a binary scenario file" validate "$dir/binary.toml"
row "an executable's first bytes as a scenario" validate "$dir/executable.toml"
row "a 2 GB scenario file (sparse)" validate "$dir/huge.toml"
row "a billion people in care at the start" validate kent-baseline \
  --set demand.homecare.older_65_plus.initial_people=1e9
row "a 200-year horizon" validate kent-baseline --set run.horizon_months=2400
row "a referral rate of 1e300 a year" validate kent-baseline \
  --set demand.homecare.older_65_plus.referrals_per_year=1e300
row "a referral rate of 5 million a year" validate kent-baseline \
  --set demand.homecare.older_65_plus.referrals_per_year=5e6
row "referrals growing 500% a year" validate kent-baseline \
  --set demand.homecare.older_65_plus.growth_per_year=5
row "NaN as a rate" validate kent-baseline --set costs.homecare.contract_rate_gbp_per_hour=nan
row "inf as a referral rate" validate kent-baseline \
  --set demand.homecare.older_65_plus.referrals_per_year=inf
row "-inf as a growth rate" validate kent-baseline \
  --set demand.homecare.older_65_plus.growth_per_year=-inf
row "a billion replications (scenario key)" validate kent-baseline --set run.replications=1000000000
row "one key set twice (--set)" run kent-baseline --set run.seed=1 --set run.seed=2 -o "$dir/never"
row "compare with a --set of the name (it would name every scenario alike)" compare kent-baseline early-reopening --set name=foo -o "$dir/never"
row "a sweep over a key no model reads (--vary name)" sweep kent-baseline --vary name=a,b -o "$dir/never"
row "a switch given a value (--force=2)" run kent-baseline --force=2 -o "$dir/never"
row "zero replications (option)" run kent-baseline -r 0 -o "$dir/never"
row "a replication count with a leading zero (option; octal to the parser)" run kent-baseline -r 010 -o "$dir/never"
row "an empty clients.csv" validate "$dir/empty-data/scenario.toml"
row "a 2 GB clients.csv (sparse)" validate "$dir/huge-data/scenario.toml"
row "binary geography files" validate kent-baseline --set "geography.data=$dir/binary-geography"
row "a scenario that does not exist" validate "$dir/no-such.toml"
row "--suppress-below -1" run kent-baseline --suppress-below -1 -o "$dir/never"
row "a number too large for TOML (1e400)" validate kent-baseline --set exits.stress_slope=1e400
row "a blank output folder (-o ' ')" run kent-baseline -o " "
row "an advise target no run can meet (a share below 0)" advise kent-baseline \
  --target "off_contract_placement_share<=-0.1" -o "$dir/never"
row "an advise target that asks a KPI the worse way (at least X of a \`lower_is_better\` KPI)" \
  advise kent-baseline --target "people_waiting_mean>=5" -o "$dir/never"
# Out of disk while the results are written: a 64 kB tmpfs (needs root and mount; else skipped).
mkdir -p "$dir/full"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=64k tmpfs "$dir/full" 2>/dev/null; then
  mounted=1
  row "the disk fills while the results are written" run kent-baseline -r 2 -o "$dir/full/out"
  if [ -n "$(ls -A "$dir/full")" ]; then
    echo "robustness_table.sh: a full disk left $(ls -A "$dir/full")" >&2; exit 1
  fi
  umount "$dir/full"; mounted=""
else
  echo "robustness_table.sh: cannot mount a tmpfs; the full-disk row is taken from the table" >&2
  if [ -n "$doc" ]; then grep '^| the disk fills' "$doc" >> "$table"; fi
fi
[ ! -e "$dir/never" ] || { echo "robustness_table.sh: a refused run wrote $dir/never" >&2; exit 1; }

case "$mode" in
  --check)
    sed -n '/^<!-- robustness-table:begin -->$/,/^<!-- robustness-table:end -->$/p' "$doc" |
      sed '1d;$d' > "$dir/expected"
    if diff -u "$dir/expected" "$table"; then echo "robustness_table: ok"; else
      echo "robustness_table.sh: $doc is out of date; run: $0 $exe --write $doc" >&2; exit 1
    fi ;;
  --write)
    awk -v table="$table" '
      /^<!-- robustness-table:begin -->$/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
      /^<!-- robustness-table:end -->$/ { skip = 0 }
      !skip { print }' "$doc" > "$dir/doc" && cat "$dir/doc" > "$doc" ;;
  *) cat "$table" ;;
esac
