#!/bin/sh
# End-to-end test of `caremarket calibrate` and `run --parameters`: a small ABC-SMC of the
# back-test writes a complete
# folder, byte-identical on 1 and 2 threads, whose report rebuilds; bad input is refused with
# exit code 2 before anything runs.
set -eu
caremarket="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
targets=scenarios/kent/targets-2020-2024.csv
vary="--vary exits.base_hazard_per_year.framework=0..0.15 --vary framework.entrant_properties=1..8"

# shellcheck disable=SC2086
"$caremarket" calibrate scenarios/kent/backtest-2020.toml --targets $targets $vary -n 8 --waves 2 \
  -j 1 -o "$work/one" 2>/dev/null
# shellcheck disable=SC2086
"$caremarket" calibrate scenarios/kent/backtest-2020.toml --targets $targets $vary -n 8 --waves 2 \
  -j 2 -o "$work/two" 2>/dev/null
for f in manifest.json parameters.csv posterior.csv targets.csv waves.csv report.html; do
  [ -s "$work/one/$f" ] || { echo "calibrate_test: $f missing or empty" >&2; exit 1; }
done
for f in parameters.csv posterior.csv targets.csv waves.csv; do
  cmp "$work/one/$f" "$work/two/$f" || { echo "calibrate_test: $f differs between 1 and 2 threads" >&2; exit 1; }
done
[ "$(wc -l < "$work/one/parameters.csv")" -eq 9 ] || { echo "calibrate_test: not 8 particles" >&2; exit 1; }
head -1 "$work/one/parameters.csv" | grep -q '^particle,weight,exits.base_hazard_per_year.framework,framework.entrant_properties,distance$' ||
  { echo "calibrate_test: parameters.csv header" >&2; exit 1; }
grep -q '"command": "calibrate"' "$work/one/manifest.json" || { echo "calibrate_test: manifest" >&2; exit 1; }
"$caremarket" report "$work/one" 2>/dev/null
grep -q 'chart-calibration_posterior' "$work/one/report.html" || { echo "calibrate_test: report" >&2; exit 1; }
# A target's role is fitted or held out (another word was counted as fitted), and its metric one
# a run writes for its service, or spend_total_gbp: line 2's role, line 3's metric (a homecare
# unit for supported living) edited.
cp -R "$work/one" "$work/roles"
awk -F, 'BEGIN { OFS = "," } NR == 2 { $5 = "fited" } NR == 3 { $1 = "contracted_capacity_hours_per_week" } { print }' \
  "$work/one/targets.csv" >"$work/roles/targets.csv"
rows=$(($(wc -l <"$work/one/targets.csv") - 1))
code=0
"$caremarket" report "$work/roles" 2>"$work/err" || code=$?
[ "$code" -eq 2 ] &&
  grep -qF "targets.csv:2: column 'role': 'fited' is neither fitted nor held_out (the words the file's writer writes; 1 of the file's $rows rows)" "$work/err" &&
  grep -qF "targets.csv:3: column 'metric': 'contracted_capacity_hours_per_week' is no metric a run writes for supported_living (docs/metrics.md lists them; also spend_total_gbp; 1 of the file's $rows rows)" "$work/err" ||
  { echo "calibrate_test: report took a target's unknown role or metric (exit $code)" >&2; cat "$work/err" >&2; exit 1; }
# --force never replaces a folder holding a file the command reads: the parameter sample a run
# takes (here the calibration's own folder), or the targets a calibration fits.
cp -R "$work/two" "$work/inputs"
cp "$targets" "$work/inputs/t.csv"
code=0
"$caremarket" run backtest-2020 -r 1 --parameters "$work/inputs/parameters.csv" --no-report \
  -o "$work/inputs" --force 2>"$work/err" || code=$?
[ "$code" -eq 2 ] && grep -q "which this command reads" "$work/err" ||
  { echo "calibrate_test: --force replaced the folder of --parameters (exit $code)" >&2; exit 1; }
code=0
# shellcheck disable=SC2086
"$caremarket" calibrate scenarios/kent/backtest-2020.toml --targets "$work/inputs/t.csv" $vary \
  -n 4 --waves 1 -o "$work/inputs" --force 2>"$work/err" || code=$?
[ "$code" -eq 2 ] && grep -q "which this command reads" "$work/err" ||
  { echo "calibrate_test: --force replaced the folder of --targets (exit $code)" >&2; exit 1; }
[ -f "$work/inputs/parameters.csv" ] && [ -f "$work/inputs/t.csv" ] ||
  { echo "calibrate_test: an input file is gone" >&2; exit 1; }

# One wave draws from the prior and has no tolerance: the report says so, with no placeholder.
# shellcheck disable=SC2086
"$caremarket" calibrate scenarios/kent/backtest-2020.toml --targets $targets $vary -n 4 --waves 1 \
  -o "$work/wave0" 2>"$work/wave0.err"
grep -q 'There is no final tolerance' "$work/wave0/report.html" ||
  { echo "calibrate_test: one wave's report" >&2; exit 1; }
# Its particles are prior draws: no posterior interval, no narrowing, and a note at the start.
grep -q 'median of the prior.s draws' "$work/wave0/report.html" &&
  grep -q 'none: nothing fitted' "$work/wave0/report.html" &&
  ! grep -q 'posterior median' "$work/wave0/report.html" ||
  { echo "calibrate_test: one wave's report reads prior draws as a posterior" >&2; exit 1; }
grep -q "The targets against the prior.s draws (nothing fitted)" "$work/wave0/report.html" &&
  grep -q "Density of the prior.s draws" "$work/wave0/report.html" ||
  { echo "calibrate_test: one wave's report speaks of a fit" >&2; exit 1; }
# Two waves asked for, a budget that ends in the second: the advice is the budget, not --waves.
# shellcheck disable=SC2086
"$caremarket" calibrate scenarios/kent/backtest-2020.toml --targets $targets $vary -n 4 --waves 2 \
  --max-simulations 4 -o "$work/budget" 2>/dev/null
grep -q "raise --max-simulations" "$work/budget/report.html" &&
  ! grep -q "run more waves" "$work/budget/report.html" ||
  { echo "calibrate_test: a budget that ran out is told to run more waves" >&2; exit 1; }
grep -q 'note: --waves 1 draws the particles from the prior' "$work/wave0.err" ||
  { echo "calibrate_test: no note that one wave fits nothing" >&2; exit 1; }
grep -q 'posterior median' "$work/one/report.html" ||
  { echo "calibrate_test: a fitted report has no posterior median" >&2; exit 1; }
if grep -q 'was ? sd' "$work/wave0/report.html"; then echo "calibrate_test: placeholder" >&2; exit 1; fi

# run --parameters: each replication draws a set of the sample; 1 and 2 threads agree, and the
# manifest names the sample.
"$caremarket" run backtest-2020 --parameters "$work/one/parameters.csv" -r 4 -j 1 -o "$work/p1" --no-report 2>/dev/null
"$caremarket" run backtest-2020 --parameters "$work/one/parameters.csv" -r 4 -j 2 -o "$work/p2" --no-report 2>/dev/null
cmp "$work/p1/kpis.csv" "$work/p2/kpis.csv" || { echo "calibrate_test: run --parameters differs between 1 and 2 threads" >&2; exit 1; }
grep -q '"parameter_sample"' "$work/p1/manifest.json" || { echo "calibrate_test: manifest does not name the sample" >&2; exit 1; }
"$caremarket" run backtest-2020 -r 4 -o "$work/p0" --no-report 2>/dev/null
if cmp -s "$work/p0/kpis.csv" "$work/p1/kpis.csv"; then
  echo "calibrate_test: run --parameters changed nothing" >&2; exit 1
fi
# The back-test switches homecare off: its report says so once, not that no district's homecare
# gap exceeds 10% and that spot homecare cost £0 (a perfect market). kpis.csv: no homecare
# referral, placement, demand or capacity in any run.
awk -F, '$2 == "homecare" && ($3 == "referrals_total" || $3 == "new_placements_total" ||
    $3 == "demand_final_hours_per_week" || $3 == "contracted_capacity_final_hours_per_week") {
    n++; if ($5 != 0 || $10 != 0) bad = 1 } END { exit bad || n != 4 }' "$work/p0/kpis.csv" ||
  { echo "calibrate_test: the back-test has homecare after all" >&2; exit 1; }
"$caremarket" report "$work/p0" 2>/dev/null
grep -q "Homecare is not in this run: every figure of it is 0 in every run" "$work/p0/report.html" &&
  ! grep -q "homecare gap (hours a week)" "$work/p0/report.html" &&
  ! grep -q "Homecare: 0.0% of people placed" "$work/p0/report.html" ||
  { echo "calibrate_test: the back-test's report describes a homecare market it does not have" >&2; exit 1; }
grep -q "supported-living gap (homes)" "$work/p0/report.html" ||
  { echo "calibrate_test: the back-test's report lost its supported-living summary" >&2; exit 1; }
# Homecare that only an in-house service held for a while, or that people needed and never got,
# is in the run: not said to be absent.
"$caremarket" run backtest-2020 -r 2 --set 'actions=[{kind="in_house",at=2020-07-01,district="E07000105",hours_per_week=100}]' \
  -o "$work/p0-inhouse" 2>/dev/null
"$caremarket" run backtest-2020 -r 2 --set demand.homecare.older_65_plus.initial_people=10 \
  --set demand.homecare.older_65_plus.referrals_per_year=0 \
  --set 'demand.homecare.older_65_plus.length_of_stay_days={distribution="fixed",mean=30,cv=0,min=30,max=30}' \
  -o "$work/p0-waited" 2>/dev/null
# 40 people whose homecare ends after 45 days, none referred: once they have left, homecare's
# demand is none, exactly (their packages added and taken away left 1.15e-14 hours a week, and
# the report drew a gap of -4e16% of it).
"$caremarket" run backtest-2020 -r 1 --set demand.homecare.older_65_plus.initial_people=40 \
  --set demand.homecare.older_65_plus.referrals_per_year=0 \
  --set 'demand.homecare.older_65_plus.length_of_stay_days={distribution="fixed",mean=45,cv=0,min=45,max=45}' \
  --no-report -o "$work/p0-left" 2>/dev/null
grep -q ',homecare,demand_final_hours_per_week,hours_per_week,0,' "$work/p0-left/kpis.csv" ||
  { echo "calibrate_test: demand left behind by people who have all left" >&2; grep demand_final "$work/p0-left/kpis.csv" >&2; exit 1; }
for f in p0-inhouse p0-waited; do
  [ -f "$work/$f/report.html" ] && ! grep -q "Homecare is not in this run" "$work/$f/report.html" ||
    { echo "calibrate_test: $f's homecare said to be absent" >&2; exit 1; }
done
# compare --parameters: a scenario against itself gets the same set in every replication, so
# every paired difference is 0 while the sets still change the runs.
"$caremarket" compare backtest-2020 backtest-2020 --parameters "$work/one/parameters.csv" -r 4 \
  -o "$work/c" --no-report >/dev/null 2>&1
grep -q '"parameter_sample"' "$work/c/manifest.json" || { echo "calibrate_test: compare manifest does not name the sample" >&2; exit 1; }
awk -F, 'NR > 1 && $11 != 0 { bad = 1 } END { exit bad }' "$work/c/comparison.csv" ||
  { echo "calibrate_test: compare --parameters gave a scenario and itself different sets" >&2; exit 1; }
# sweep --parameters: each point is the run of its values with the same sample, replication
# for replication, so a point's KPI means equal those of `run --set <point> --parameters`.
"$caremarket" sweep backtest-2020 --vary exits.stress_slope=0,2 --parameters "$work/one/parameters.csv" \
  -r 4 -o "$work/s" --no-report >/dev/null 2>&1
grep -q '"parameter_sample"' "$work/s/manifest.json" || { echo "calibrate_test: sweep manifest does not name the sample" >&2; exit 1; }
"$caremarket" run backtest-2020 --set exits.stress_slope=2 --parameters "$work/one/parameters.csv" \
  -r 4 -o "$work/s2" --no-report >/dev/null 2>&1
for kpi in providers_contracted_final spend_contract_gbp_total people_waiting_mean; do
  swept=$(grep "^backtest-2020,2,2,supported_living,$kpi," "$work/s/sweep.csv" | cut -d, -f7)
  ran=$(grep ",supported_living,$kpi," "$work/s2/kpis.csv" | cut -d, -f5)
  [ -n "$ran" ] && [ "$swept" = "$ran" ] ||
    { echo "calibrate_test: sweep --parameters point 2 $kpi is '$swept', run gives '$ran'" >&2; exit 1; }
done
# sensitivity --parameters: the sample's keys are drawn, not varied, and the base evaluation is
# the run of the same sample (same seed, replication for replication): its means equal run's.
"$caremarket" sensitivity backtest-2020 --parameters "$work/one/parameters.csv" -r 4 \
  --only exits --only framework -o "$work/sens" --no-report >/dev/null 2>&1
grep -q '"parameter_sample"' "$work/sens/manifest.json" || { echo "calibrate_test: sensitivity manifest does not name the sample" >&2; exit 1; }
head -1 "$work/sens/backtest-2020.resolved.toml" | grep -q '^# Parameter uncertainty: .*parameters.csv' ||
  { echo "calibrate_test: sensitivity's resolved scenario does not name the sample" >&2; exit 1; }
if cut -d, -f6 "$work/sens/sensitivity.csv" | grep -q -x -e exits.base_hazard_per_year.framework -e framework.entrant_properties; then
  echo "calibrate_test: sensitivity varied a key the sample draws" >&2; exit 1
fi
"$caremarket" run backtest-2020 --parameters "$work/one/parameters.csv" -r 4 -o "$work/r4" --no-report 2>/dev/null
for kpi in provider_exits_total people_waiting_mean; do
  base=$(grep ",supported_living,$kpi,[a-z]*,[0-9]*,exits.stress_slope," "$work/sens/sensitivity.csv" | cut -d, -f10)
  ran=$(grep ",supported_living,$kpi," "$work/r4/kpis.csv" | cut -d, -f5)
  [ -n "$ran" ] && [ "$base" = "$ran" ] ||
    { echo "calibrate_test: sensitivity --parameters base $kpi is '$base', run gives '$ran'" >&2; exit 1; }
done
# Every command's report says which sample it drew from.
for d in c s sens; do
  "$caremarket" report "$work/$d" 2>/dev/null
  grep -q 'Parameter uncertainty: each run took its values of .* weighted sets of parameters.csv' "$work/$d/report.html" ||
    { echo "calibrate_test: the report of $d does not name the sample" >&2; exit 1; }
done
# A sample of one row is --set of its values: sensitivity and advise with it write what they
# write with --set (the row every replication takes is known without the code's rule).
printf 'particle,weight,exits.base_hazard_per_year.framework,framework.entrant_properties\n1,1,0.0635604500761,1\n' > "$work/row.csv"
row_sets="--set exits.base_hazard_per_year.framework=0.0635604500761 --set framework.entrant_properties=1"
"$caremarket" sensitivity backtest-2020 --parameters "$work/row.csv" -r 3 --only exits.stress \
  -o "$work/sens1" --no-report >/dev/null 2>&1
# shellcheck disable=SC2086
"$caremarket" sensitivity backtest-2020 $row_sets -r 3 --only exits.stress -o "$work/sens2" --no-report >/dev/null 2>&1
cmp "$work/sens1/sensitivity.csv" "$work/sens2/sensitivity.csv" ||
  { echo "calibrate_test: sensitivity with a one-row sample differs from --set" >&2; exit 1; }
target="supported_living.people_waiting_mean<=0.01"
"$caremarket" advise backtest-2020 --target "$target" -r 4 --max-steps 2 --parameters "$work/row.csv" \
  -o "$work/adv1" --no-report >/dev/null 2>&1
# shellcheck disable=SC2086
"$caremarket" advise backtest-2020 --target "$target" -r 4 --max-steps 2 $row_sets \
  -o "$work/adv2" --no-report >/dev/null 2>&1
for f in options.csv allocation.csv; do
  cmp "$work/adv1/$f" "$work/adv2/$f" || { echo "calibrate_test: advise with a one-row sample differs from --set in $f" >&2; exit 1; }
done
grep -q '"parameter_sample"' "$work/adv1/manifest.json" || { echo "calibrate_test: advise manifest does not name the sample" >&2; exit 1; }
# The --set overrides every evaluation ran under are in the manifest and on the report's page.
for d in sens2 adv2; do
  grep -q '"exits.base_hazard_per_year.framework=0.0635604500761"' "$work/$d/manifest.json" ||
    { echo "calibrate_test: the $d manifest does not record its --set overrides" >&2; exit 1; }
done
"$caremarket" report "$work/adv2" 2>/dev/null
grep -q 'with --set exits.base_hazard_per_year.framework=0.0635604500761, --set framework.entrant_properties=1; seed' "$work/adv2/report.html" ||
  { echo "calibrate_test: the advise report does not name its --set overrides" >&2; exit 1; }
"$caremarket" report "$work/adv1" 2>/dev/null
# row.csv has one row: every run took the same values, so the intervals are the model's chance.
grep -q 'Parameter values: every run took its values of .* from the one set of row.csv .*, so the intervals carry the model.s chance only' "$work/adv1/report.html" ||
  { echo "calibrate_test: the advise report does not name the sample" >&2; exit 1; }
head -1 "$work/adv1/advice.toml" | grep -q '^# Parameter uncertainty: .*row.csv' ||
  { echo "calibrate_test: advice.toml does not name the sample to run it with" >&2; exit 1; }
"$caremarket" advise backtest-2020 --target "$target" -r 4 --max-steps 2 --parameters "$work/one/parameters.csv" \
  -o "$work/adv3" --no-report >/dev/null 2>&1
if cmp -s "$work/adv1/options.csv" "$work/adv3/options.csv"; then
  echo "calibrate_test: advise --parameters with 8 sets gave what one set gives" >&2; exit 1
fi

expect2() {
  set +e
  "$@" 2>"$work/err"
  code=$?
  set -e
  [ "$code" -eq 2 ] || { echo "calibrate_test: expected exit 2, got $code from: $*" >&2; exit 1; }
  [ ! -e "$work/never" ] || { echo "calibrate_test: a folder was written for bad input" >&2; exit 1; }
}
expect2 "$caremarket" calibrate backtest-2020 --targets $targets --vary exits.no_such_key=0..1 -o "$work/never"
grep -q "not a numeric parameter" "$work/err"
expect2 "$caremarket" calibrate backtest-2020 --targets $targets --vary exits.handback_probability=0.5..0.2 -o "$work/never"
expect2 "$caremarket" calibrate backtest-2020 --targets tests/data/targets/several_errors.csv \
  --vary exits.handback_probability=0..1 -o "$work/never"
grep -q "several_errors.csv:4: column 'metric': unknown metric" "$work/err" ||
  { echo "calibrate_test: the targets' error does not name file, line and column" >&2; exit 1; }
# Held-out validation: targets dated after --fit-until (the 2022-23 spend, whose range ends
# 2023-03-31, and the two January 2024 figures: 3 of the 10) are predicted, not fitted.
# shellcheck disable=SC2086
"$caremarket" calibrate backtest-2020 --targets $targets $vary -n 6 --waves 2 --fit-until 2022-03-31 \
  -j 2 --no-report -o "$work/held" 2>"$work/err"
[ "$(grep -c ',held_out,' "$work/held/targets.csv")" -eq 3 ] ||
  { echo "calibrate_test: expected 3 held-out targets" >&2; cat "$work/held/targets.csv" >&2; exit 1; }
[ "$(grep -c ',fitted,' "$work/held/targets.csv")" -eq 7 ] ||
  { echo "calibrate_test: expected 7 fitted targets" >&2; exit 1; }
grep -q '"targets_held_out": 3' "$work/held/manifest.json" ||
  { echo "calibrate_test: manifest does not count the held-out targets" >&2; exit 1; }
grep -q "7 targets fitted and 3 held out" "$work/err" ||
  { echo "calibrate_test: the start line does not say what is held out" >&2; exit 1; }
# shellcheck disable=SC2086
expect2 "$caremarket" calibrate backtest-2020 --targets $targets $vary --fit-until 2022-13-01 -o "$work/never"
grep -q "'2022-13-01' is not a day of the calendar (a month is 01 to 12)" "$work/err"
# shellcheck disable=SC2086
expect2 "$caremarket" calibrate backtest-2020 --targets $targets $vary --fit-until 2019-12-31 -o "$work/never"
grep -q "none is left to fit" "$work/err"
# Spaces around the date are dropped, as --set and a CSV field read a date: the date is read.
# shellcheck disable=SC2086
expect2 "$caremarket" calibrate backtest-2020 --targets $targets $vary --fit-until ' 2019-12-31 ' -o "$work/never"
grep -q -- "--fit-until 2019-12-31: every target of .* none is left to fit" "$work/err"
# A swept key that the sample also sets would run the sample's values at every point: refused.
expect2 "$caremarket" sweep backtest-2020 --vary exits.base_hazard_per_year.framework=0.01,0.02 \
  --parameters "$work/one/parameters.csv" -r 2 -o "$work/never"
grep -q "the parameter sample" "$work/err"
printf 'particle,weight,exits.no_such_key\n1,1,0.5\n' > "$work/bad.csv"
expect2 "$caremarket" run backtest-2020 --parameters "$work/bad.csv" -r 2 -o "$work/never"
grep -q "bad.csv:1: column 'exits.no_such_key' is not a numeric parameter" "$work/err"
# A folder given for a file is named as such, for the sample and the targets alike.
expect2 "$caremarket" run backtest-2020 --parameters "$work" -r 2 -o "$work/never"
grep -q "is a folder, not a file" "$work/err"
expect2 "$caremarket" calibrate backtest-2020 --targets "$work" --vary exits.handback_probability=0..1 -o "$work/never"
grep -q "is a folder, not a file" "$work/err"
printf 'particle,weight,exits.handback_probability\n1,-1,0.5\n' > "$work/bad.csv"
expect2 "$caremarket" run backtest-2020 --parameters "$work/bad.csv" -r 2 -o "$work/never"
grep -q "bad.csv:2: column 'weight'" "$work/err"
# A row whose value the scenario refuses is named by file, line and key in every command that
# takes a sample, before anything runs.
printf 'particle,weight,exits.handback_probability\n1,1,0.5\n2,1,1.5\n' > "$work/bad.csv"
for cmd in "run backtest-2020" "compare backtest-2020 backtest-2020" "sweep backtest-2020 --vary exits.stress_slope=0,2" \
  "sensitivity backtest-2020" "advise backtest-2020 --target people_waiting_mean<=1"; do
  # shellcheck disable=SC2086
  expect2 "$caremarket" $cmd --parameters "$work/bad.csv" -r 4 -o "$work/never"
  grep -q -- "--parameters $work/bad.csv:3: exits.handback_probability: expected a probability in \[0, 1\], found 1.5" "$work/err" ||
    { echo "calibrate_test: $cmd: the bad row is not named by file, line and key" >&2; cat "$work/err" >&2; exit 1; }
done
# What a sample sets, nothing else may set: a --set of a sample key (in any command), or an
# alternative compared that changes one, would be silently replaced by the sample's value.
expect2 "$caremarket" run backtest-2020 --parameters "$work/one/parameters.csv" \
  --set exits.base_hazard_per_year.framework=0.9 -r 2 -o "$work/never"
grep -q "would never be used" "$work/err"
# A table that holds a sample key covers it too.
expect2 "$caremarket" run backtest-2020 --parameters "$work/one/parameters.csv" \
  --set 'exits.base_hazard_per_year={framework=0.1,spot=0.1,in_house=0}' -r 2 -o "$work/never"
grep -q "would never be used" "$work/err"
# sweep checks every row against every point before it runs any: here the row of weight 0 fits
# the first point (min 50 below its mean 100) but not the second (min 200 above it).
printf 'particle,weight,framework.entrant_capacity_hours_per_week.mean\n1,1,600\n2,0,100\n' > "$work/cap.csv"
expect2 "$caremarket" sweep backtest-2020 --vary framework.entrant_capacity_hours_per_week.min=50,200 \
  --parameters "$work/cap.csv" -r 2 -o "$work/never"
grep -q "cap.csv:3" "$work/err"
if grep -q "sweeping" "$work/err"; then echo "calibrate_test: sweep ran a point before refusing a row" >&2; exit 1; fi
printf 'particle,weight,demand.homecare.older_65_plus.growth_per_year\n1,1,0.02\n2,1,0.03\n' > "$work/growth.csv"
expect2 "$caremarket" compare kent-baseline high-demand-growth --parameters "$work/growth.csv" -r 2 -o "$work/never"
grep -q "high-demand-growth sets demand.homecare.older_65_plus.growth_per_year to 0.05" "$work/err"
# Every row is checked, drawn or not (a row of weight 0 is never drawn), and a count takes whole
# numbers only (2.5 would otherwise be rounded to another set).
printf 'particle,weight,exits.handback_probability\n1,1,0.5\n2,0,-7\n' > "$work/bad.csv"
expect2 "$caremarket" run backtest-2020 --parameters "$work/bad.csv" -r 2 -o "$work/never"
grep -q -- "--parameters $work/bad.csv:3: exits.handback_probability: expected a probability in \[0, 1\], found -7" "$work/err"
printf 'particle,weight,framework.entrant_properties\n1,1,3\n2,1,2.5\n' > "$work/bad.csv"
expect2 "$caremarket" run backtest-2020 --parameters "$work/bad.csv" -r 2 -o "$work/never"
grep -q "bad.csv:3: column 'framework.entrant_properties': the key is a whole number, found 2.5" "$work/err"
printf 'particle,weight,exits.handback_probability\n1,1e308,0.5\n2,1e308,0.6\n' > "$work/bad.csv"
expect2 "$caremarket" run backtest-2020 --parameters "$work/bad.csv" -r 2 -o "$work/never"
grep -q "weights add up to more than a number can hold" "$work/err"
# calibrate: a whole-number key's range must round to two whole numbers at least; a varied key cannot also be
# --set; --fit-until needs a date, even an empty one.
expect2 "$caremarket" calibrate backtest-2020 --targets $targets --vary framework.entrant_properties=1.2..1.4 -o "$work/never"
grep -q "every value of the range 1.2..1.4 rounds to 1, so it would not vary" "$work/err"
expect2 "$caremarket" calibrate backtest-2020 --targets $targets --vary exits.handback_probability=0..1 \
  --set exits.handback_probability=0.3 -o "$work/never"
grep -q "fits this key" "$work/err"
expect2 "$caremarket" calibrate backtest-2020 --targets $targets --vary exits.handback_probability=0..1 --fit-until "" -o "$work/never"
grep -q "'' is not a date" "$work/err"
echo "calibrate_test: ok"
