#!/bin/sh
# Usage: hostile_test.sh CAREMARKET
# Issue 18's hostile inputs, each with its expected outcome stated before it runs: the exit code
# and a pattern the error output must match. Every refused case must also write nothing (the
# output folder is checked after each). Item numbers are the issue's.
set -u
exe="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
dir="$(mktemp -d "${TMPDIR:-/tmp}/caremarket-hostile.XXXXXX")"
trap 'rm -rf "$dir"' EXIT
src="$(pwd)"
fail=0
cases=0
# expect CODE PATTERN COMMAND...: runs COMMAND in $dir; its exit code must be CODE and its
# output must match PATTERN (grep -E); with CODE 2, $dir/never must not exist afterwards.
expect() {
  code="$1"; pattern="$2"; shift 2
  cases=$((cases + 1))
  (cd "$dir" && timeout 60 "$@") >"$dir/.stderr" 2>&1
  rc=$?
  if [ "$rc" -ne "$code" ]; then
    echo "hostile_test: expected exit $code, got $rc from: $*" >&2; cat "$dir/.stderr" >&2; fail=1
  elif ! grep -Eq -- "$pattern" "$dir/.stderr"; then
    echo "hostile_test: no '$pattern' in the output of: $*" >&2; cat "$dir/.stderr" >&2; fail=1
  fi
  if [ "$code" -eq 2 ] && [ -e "$dir/never" ]; then
    echo "hostile_test: a refused command wrote $dir/never: $*" >&2; fail=1; rm -rf "$dir/never"
  fi
}
seq_csv() { seq -s, "$@"; }

# A small scenario to run, and a market of data files to spoil.
cat >"$dir/small.toml" <<'TOML'
schema_version = 1
extends = "kent-baseline"
name = "small"
[run]
replications = 1
horizon_months = 12
[framework]
reopen_after_years = []
TOML
cp -r "$src/tests/data/market/valid" "$dir/m"

# 1. Work is sized before it starts; past the cap, exit 2 (--max-runs raises it).
expect 2 'grid of 1000 x 1000 = 1000000 points; a sweep has at most 10000' \
  "$exe" sweep kent-baseline --vary "pipeline.slip_days=$(seq_csv 1 1000)" \
  --vary "costs.homecare.spot_premium=$(seq_csv 0.001 0.001 1)" -r 1 -o never
expect 2 'sweep would run 100 points x 100000 replications = 10000000 replications' \
  "$exe" sweep kent-baseline --vary "pipeline.slip_days=$(seq_csv 1 100)" -r 100000 -o never
expect 2 'sensitivity would run .* replications; at most 1000000' \
  "$exe" sensitivity kent-baseline --morris 10000 -o never
expect 2 'advise would run up to .* replications; at most 1000000' \
  "$exe" advise kent-baseline --target 'off_contract_placement_share<=0.01' --max-steps 100000 \
  --candidates 1000 -o never
expect 2 'compare would run 3 scenarios x 1000000 replications' \
  "$exe" compare kent-baseline kent-baseline kent-baseline -r 1000000 -o never
expect 2 'at most 5 are allowed by --max-runs' \
  "$exe" sweep small.toml --vary pipeline.slip_days=1,2,3 -r 2 --max-runs 5 -o never
expect 0 'sweep in ' "$exe" sweep small.toml --vary pipeline.slip_days=1,2,3 -r 2 --max-runs 6 \
  -o sweep-ok

# 2. Only regular files are read; a link to /dev/zero, a pipe or a folder is refused at once.
ln -sf /dev/zero "$dir/m/providers.csv"
expect 2 'providers.csv: is a device, not a regular file' "$exe" validate m/scenario.toml
rm -f "$dir/m/providers.csv"; mkfifo "$dir/m/providers.csv"
expect 2 'providers.csv: is a named pipe, not a regular file' "$exe" validate m/scenario.toml
rm -f "$dir/m/providers.csv"; mkdir "$dir/m/providers.csv"
expect 2 'providers.csv: is a folder, not a file' "$exe" validate m/scenario.toml
mkfifo "$dir/pipe.toml"
expect 2 'pipe.toml: error: is a named pipe, not a regular file' "$exe" validate pipe.toml
mkdir "$dir/geo"; mkfifo "$dir/geo/districts.csv"; ln -s /dev/zero "$dir/geo/edges.csv"
expect 2 'edges.csv: is a device, not a regular file' "$exe" geography --data geo

# 4. Physical ranges, with file, line and key.
expect 2 'package_hours_per_week.mean: expected hours a week from 0 to 168, found 1000000' \
  "$exe" validate small.toml --set 'demand.homecare.adults_26_64.package_hours_per_week={distribution="fixed",mean=1e6,min=0,max=1e6}'
expect 2 'package_hours_per_week.max: expected hours a week from 0 to 168, found 200' \
  "$exe" validate small.toml --set demand.homecare.adults_26_64.package_hours_per_week.max=200
expect 2 'package_hours_per_week.mean: the mean \(500\) lies outside \[min, max\] = \[1, 80\]' \
  "$exe" validate small.toml --set demand.homecare.adults_26_64.package_hours_per_week.mean=500
expect 2 'contract_rate_gbp_per_hour: expected pounds an hour from 1 to 1000, found 1e-9' \
  "$exe" validate small.toml --set costs.homecare.contract_rate_gbp_per_hour=1e-9
expect 2 'entrant_capacity_hours_per_week.mean: expected hours a week from 0.1 to 1000000' \
  "$exe" validate small.toml --set 'framework.entrant_capacity_hours_per_week={distribution="fixed",mean=1e12,min=0,max=1e12}'
expect 2 'band_shares: the shares add up to 2.7; they must add up to 1' \
  "$exe" validate small.toml --set 'market.supported_living.band_shares=[1.0,1.0,0.7]'
expect 2 'slip_days: expected days from -18263 to 18263, found -100000' \
  "$exe" validate small.toml --set pipeline.slip_days=-100000
expect 2 'start_date: expected a date from 2000-01-01 to 2100-12-31, found 9999-12-01' \
  "$exe" validate small.toml --set run.start_date=9999-12-01
rm -rf "$dir/m"; cp -r "$src/tests/data/market/valid" "$dir/m"
awk -F, 'NR == 2 { $3 = "1e12" } { print }' OFS=, "$dir/m/homecare_capacity.csv" \
  >"$dir/m/cap.csv" && mv "$dir/m/cap.csv" "$dir/m/homecare_capacity.csv"
expect 2 'homecare_capacity.csv:2: column .capacity_hours_per_week.: capacity must be from 0.1 to 1000000' \
  "$exe" validate m/scenario.toml

expect 2 'entry.providers_per_year.homecare: expected providers a year from 0 to 1000, found 1000000' \
  "$exe" validate small.toml --set entry.providers_per_year.homecare=1e6
expect 2 'package_growth_per_year: expected a yearly rate from -0.5 to 0.5, found 5' \
  "$exe" validate small.toml --set demand.homecare.adults_26_64.package_growth_per_year=5

# 5. validate refuses what run would refuse.
expect 2 'need_band_weights: the weights add up to 0' \
  "$exe" validate small.toml --set 'demand.supported_living.adults_26_64.need_band_weights=[0,0,0]'

# 6. Silent fallbacks and ignored settings.
# An empty list of shares gave every home to property band 0, an empty list of weights everyone
# need band 0: the run went on, its waiting lists changed.
expect 2 "market.supported_living.band_shares: gives no share; placement.band_accepts has 3 rows \\(property bands\\): give each a share of the homes, adding up to 1" \
  "$exe" validate small.toml --set 'market.supported_living.band_shares=[]'
expect 2 "demand.supported_living.adults_26_64.need_band_weights: gives no weight; placement.band_accepts has 3 columns \\(need bands\\): give each a weight, not all 0" \
  "$exe" validate small.toml --set 'demand.supported_living.adults_26_64.need_band_weights=[]'
expect 2 'custom_weights: the weights add up to 0' \
  "$exe" validate small.toml --set 'demand.homecare.prisons.custom_weights={E07000113=0,E07000110=0}'
expect 2 'schema_version cannot be overridden' "$exe" validate small.toml --set schema_version=2
expect 2 'extends cannot be overridden' "$exe" validate small.toml --set extends=pipeline-slip
expect 2 "'-5' is out of range" "$exe" advise kent-baseline --target 'off_contract_placement_share<=0.1' \
  --budget-gbp -5 -o never
expect 2 "'nan' is not a number" "$exe" advise kent-baseline --target 'off_contract_placement_share<=0.1' \
  --step-hours nan -o never
expect 2 "'nan' is not a number" "$exe" geography --max-travel-minutes nan
expect 2 "is out of range" "$exe" run small.toml --seed 9223372036854775808 -o never
# A data-file market whose properties are all of band 0 (which houses need band 0 only, in the
# Kent banding) while demand needs bands 0 to 2: legal, almost certainly not meant. validate and
# every command say so as a note naming the bands; the shipped files (bands 0 to 2) do not.
cp -r "$src/tests/data/market/valid" "$dir/m0"
printf 'provider,district,band,homes,opens\nP005,E07000105,0,4,\nP003,E07000110,0,3,\n' >"$dir/m0/properties.csv"
expect 0 'm0/scenario.toml: note: supported living: need band 1 has demand, but no property' \
  "$exe" validate m0/scenario.toml
expect 0 'note: imported-market: supported living: need band 2 has demand' \
  "$exe" run m0/scenario.toml -r 1 -j 1 --no-report -o m0-run
# A shock naming a provider that holds no capacity does nothing, and validate says so: in the
# Kent synthesis supported living framework provider 2 draws no property (providers.csv lists
# it with no service). A shock naming homecare framework provider 1 (49 hours a week in
# Maidstone) is not noted.
for who in "supported living framework provider 2" "homecare framework provider 1"; do
  printf 'schema_version = 1\nextends = "kent-baseline"\n[[exits.shocks]]\nat = 2028-06-01\ntarget = "named"\nprovider = "%s"\n' \
    "$who" >"$dir/shock-${who##* }.toml"
done
expect 0 'shock-2.toml: note: the shock on 2028-06-01 names supported living framework provider 2, which holds no capacity' \
  "$exe" validate shock-2.toml
printf 'service = "supported_living"\n' >>"$dir/shock-1.toml"
expect 0 'shock-1.toml: note: the shock on 2028-06-01 names homecare framework provider 1, which has no supported-living property for the shock.s service filter' \
  "$exe" validate shock-1.toml
sed '$d' "$dir/shock-1.toml" >"$dir/shock-1b.toml"
cases=$((cases + 1))
if (cd "$dir" && "$exe" validate shock-1b.toml 2>&1) | grep -q 'does nothing'; then
  echo "hostile_test: a shock naming a provider with capacity is noted as doing nothing" >&2; fail=1
fi
# Actions that add capacity must add some, of a band that exists; advise builds supported living
# in the band that houses every needed band (band 1 of two here, where band 1 houses both).
for kind in block_purchase in_house; do
  printf 'schema_version = 1\nextends = "kent-baseline"\n[[actions]]\nkind = "%s"\nat = 2028-01-01\ndistrict = "E07000105"\nhours_per_week = 0\n' "$kind" >"$dir/zero-$kind.toml"
  expect 2 "actions\[0\].hours_per_week: an action of kind \"$kind\" adds homecare hours: from 0.1 to 1000000 hours a week \(one branch\), found 0" \
    "$exe" validate "zero-$kind.toml"
  # The hours make one branch, held to a data file's branch limit.
  sed 's/hours_per_week = 0/hours_per_week = 2e6/' "$dir/zero-$kind.toml" >"$dir/huge-$kind.toml"
  expect 2 "actions\[0\].hours_per_week: an action of kind \"$kind\" adds homecare hours: from 0.1 to 1000000 hours a week \(one branch\), found 2000000" \
    "$exe" validate "huge-$kind.toml"
done
printf 'schema_version = 1\nextends = "kent-baseline"\n[[actions]]\nkind = "new_properties"\nat = 2028-01-01\ndistrict = "E07000105"\nproperties = 2\nband = 3\n' >"$dir/band3.toml"
expect 2 'actions\[0\].band: property band 3 does not exist \(bands 0..2\)' "$exe" validate band3.toml
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "twoband"\n[run]\nhorizon_months = 24\n[framework]\nreopen_after_years = [1]\n[demand.supported_living.pathway_18_25]\nneed_band_weights = [0.5, 0.5]\n[demand.supported_living.adults_26_64]\nneed_band_weights = [0.5, 0.5]\n[demand.supported_living.older_65_plus]\nneed_band_weights = [0.5, 0.5]\n[market.supported_living]\nband_shares = [0.6, 0.4]\n[placement]\nband_accepts = [[true, false], [true, true]]\n' >"$dir/twoband.toml"
expect 0 'advice in' "$exe" advise twoband.toml --target 'supported_living.people_waiting_final<=0' \
  -r 2 --max-steps 1 --candidates 1 -j 1 -o twoband-advice
if ! grep -q '^band = 1$' "$dir/twoband-advice/advice.toml"; then
  echo "hostile_test: advise built supported living in a band other than 1" >&2; grep -n 'band' "$dir/twoband-advice/advice.toml" >&2; fail=1
fi
# An action adding properties of band 2 (which houses need bands 0 to 2) answers the note.
printf 'schema_version = 1\nextends = "scenario.toml"\n[[actions]]\nkind = "new_properties"\nat = 2028-01-01\ndistrict = "E07000105"\nproperties = 2\nband = 2\n' >"$dir/m0/act.toml"
"$exe" validate "$dir/m0/act.toml" >"$dir/act.out" 2>&1
if ! grep -q ': ok$' "$dir/act.out" || grep -q note "$dir/act.out"; then
  echo "hostile_test: an action housing every need band does not validate cleanly" >&2; cat "$dir/act.out" >&2; fail=1
fi
if "$exe" validate "$src/tests/data/market/valid/scenario.toml" | grep -q note; then
  echo "hostile_test: a market housing every need band was given a note" >&2; fail=1
fi

# 7. Inconsistent analyses.
expect 2 "'99999999999' is out of range" "$exe" compare kent-baseline kent-baseline -r 99999999999 -o never
expect 2 '--vary pipeline.slip_days is given twice' \
  "$exe" sweep small.toml --vary pipeline.slip_days=1,2 --vary pipeline.slip_days=3 -o never
expect 2 '--vary run.replications: every point runs the same replications' \
  "$exe" sweep small.toml --vary run.replications=1,2 -o never
expect 2 'runs over another time span than the base' \
  "$exe" compare small.toml kent-baseline -o never
for n in 1 2 3; do printf 'schema_version = 1\n[run]\nhorizon_month = %s\n' "$n" >"$dir/bad$n.toml"; done
expect 2 'bad3.toml:3: run.horizon_month' "$exe" compare bad1.toml bad2.toml bad3.toml -o never
expect 2 'bad2.toml:3: run.horizon_month' "$exe" compare bad1.toml bad2.toml bad3.toml -o never

# 8. A scenario name reaches the file system only through the safe mapping.
mkdir -p "$dir/w/a/b"
sed 's/^name = "small"/name = "..\/..\/escaped"/' "$dir/small.toml" >"$dir/w/a/b/esc.toml"
expect 0 'results in out/-.-..-escaped' sh -c 'cd w/a/b && "$0" run esc.toml -j 1' "$exe"
if [ -e "$dir/w/a/escaped" ] || [ -e "$dir/w/escaped" ] || [ ! -d "$dir/w/a/b/out/-.-..-escaped" ]; then
  echo "hostile_test: the name escaped its folder" >&2; fail=1
fi

# 9. The output folder is checked before simulating, in a sentence.
: >"$dir/afile"
expect 2 "'afile' exists and is not a folder" "$exe" run small.toml -o afile
expect 2 "'afile' is a file, not a folder" "$exe" run small.toml -o afile/sub
expect 2 "path is 5000 bytes long" "$exe" run small.toml -o "$(printf 'a%.0s' $(seq 5000))"
expect 2 "has a part of 250 bytes" "$exe" run small.toml -o "never/$(printf 'a%.0s' $(seq 250))"
if [ "$(id -u)" -ne 0 ]; then
  mkdir "$dir/ro"; chmod 555 "$dir/ro"
  expect 2 "'ro' is not writable" "$exe" run small.toml -o ro/x
fi

# 10. Stale partial folders of dead processes are removed; a locked destination is refused.
mkdir -p "$dir/out2/.x.partial-999999999"
expect 0 'results in out2/x' "$exe" run small.toml -j 1 -o out2/x
if [ -e "$dir/out2/.x.partial-999999999" ]; then
  echo "hostile_test: a stale partial folder was left" >&2; fail=1
fi
(cd "$dir" && flock out2/.x.lock sleep 5) &
sleep 1
expect 2 "another caremarket command is writing 'out2/x'" "$exe" run small.toml --force -o out2/x
wait

# 11. Encodings are named, never read as garbage; no control byte reaches an output.
spoil() {  # spoil NAME FILE COMMAND...: a copy of the valid market with FILE rewritten by COMMAND
  name="$1"; file="$2"; shift 2
  rm -rf "$dir/$name"; cp -r "$src/tests/data/market/valid" "$dir/$name"
  "$@" <"$src/tests/data/market/valid/$file" >"$dir/$name/$file"
}
spoil u16 providers.csv iconv -f UTF-8 -t UTF-16
expect 2 'providers.csv:1: the file is UTF-16 encoded' "$exe" validate u16/scenario.toml
spoil cr providers.csv tr '\n' '\r'
expect 2 'providers.csv:1: the lines end in a carriage return alone' "$exe" validate cr/scenario.toml
spoil nbsp homecare_capacity.csv sed '2s/1200/1200\xc2\xa0/'
expect 2 "homecare_capacity.csv:2: column 'capacity_hours_per_week': '1200.*' is not a number \(it holds a no-break space, U\+00A0\)" \
  "$exe" validate nbsp/scenario.toml
spoil latin1 providers.csv sed '$s/$/\xe9/'
expect 2 'providers.csv:[0-9]+: is not valid UTF-8 \(Latin-1' "$exe" validate latin1/scenario.toml
spoil nul providers.csv sed '$s/$/A\x00B/'
expect 2 'providers.csv:[0-9]+: holds the control byte .x00' "$exe" validate nul/scenario.toml
expect 2 "'-1' is out of range; expected a whole number from 0 to 4096" "$exe" run small.toml -j -1 -o never
# A leading zero would be read as octal by the option parser (-r 010 ran 8 replications).
expect 2 "'010' has a leading zero \(read as octal\); write it without, as 10" "$exe" run small.toml -r 010 -o never

[ "$fail" -eq 0 ] && echo "hostile_test: ok ($cases cases)"
exit "$fail"
