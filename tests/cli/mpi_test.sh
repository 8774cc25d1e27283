#!/bin/sh
# Distributed runs: `mpirun -np 2 caremarket run|sweep|sensitivity|advise|calibrate` writes the
# same files, byte for byte, as one process (manifest.json aside: it records times and threads).
# sensitivity and advise take different paths: one process runs their many small ensembles
# side by side itself, several ranks one ensemble after another; the files must not differ.
set -eu
mpirun="$1"
caremarket="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mpi="$mpirun --allow-run-as-root --oversubscribe -np 2"
export OMPI_MCA_rmaps_base_oversubscribe=1

same() {  # same FOLDER_A FOLDER_B FILE...
  a="$1"; b="$2"; shift 2
  for f in "$@"; do
    [ -s "$a/$f" ] || { echo "mpi_test: $a/$f missing or empty" >&2; exit 1; }
    cmp "$a/$f" "$b/$f" || { echo "mpi_test: $f differs between 1 process and 2 ranks" >&2; exit 1; }
  done
}

"$caremarket" run kent-baseline -r 6 -j 1 --no-report -o "$work/one" 2>/dev/null
$mpi "$caremarket" run kent-baseline -r 6 -j 1 --no-report -o "$work/two"
same "$work/one" "$work/two" district_metrics.csv county_metrics.csv kpis.csv providers.csv
ls -a "$work" | grep -q partial && { echo "mpi_test: a partial folder was left behind" >&2; exit 1; }

"$caremarket" sweep kent-baseline --vary exits.stress_slope=0,2 -r 3 -j 1 -o "$work/sweep-one" 2>/dev/null
$mpi "$caremarket" sweep kent-baseline --vary exits.stress_slope=0,2 -r 3 -j 1 -o "$work/sweep-two"
same "$work/sweep-one" "$work/sweep-two" sweep.csv
short="--set run.horizon_months=24 --set framework.reopen_after_years=[1]"
# shellcheck disable=SC2086
"$caremarket" sensitivity kent-baseline --only exits. -r 6 -j 2 $short --no-report \
  -o "$work/sens-one" 2>/dev/null
# shellcheck disable=SC2086
$mpi "$caremarket" sensitivity kent-baseline --only exits. -r 6 -j 1 $short --no-report \
  -o "$work/sens-two"
same "$work/sens-one" "$work/sens-two" sensitivity.csv
# shellcheck disable=SC2086
"$caremarket" advise kent-baseline --target 'off_contract_placement_share<=0.01' --max-steps 1 \
  --candidates 2 -r 3 -j 2 $short --no-report -o "$work/adv-one" 2>/dev/null
# shellcheck disable=SC2086
$mpi "$caremarket" advise kent-baseline --target 'off_contract_placement_share<=0.01' \
  --max-steps 1 --candidates 2 -r 3 -j 1 $short --no-report -o "$work/adv-two" 2>/dev/null
same "$work/adv-one" "$work/adv-two" allocation.csv options.csv
targets=scenarios/kent/targets-2020-2024.csv
vary="--vary exits.base_hazard_per_year.framework=0..0.15 --vary framework.entrant_properties=1..8"
# shellcheck disable=SC2086
"$caremarket" calibrate scenarios/kent/backtest-2020.toml --targets $targets $vary -n 6 --waves 2 \
  -j 1 --no-report -o "$work/cal-one" 2>/dev/null
# shellcheck disable=SC2086
$mpi "$caremarket" calibrate scenarios/kent/backtest-2020.toml --targets $targets $vary -n 6 \
  --waves 2 -j 1 --no-report -o "$work/cal-two"
same "$work/cal-one" "$work/cal-two" parameters.csv posterior.csv targets.csv waves.csv
echo "mpi_test: ok"
