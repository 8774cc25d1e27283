#!/bin/sh
# The faults of keys and of the values analyses vary: an unknown key in every layer that gives
# it, errors in the order a reader meets them, sensitivity ends the scenario refuses, the
# referral limit, and keys that index into lists. As messages_test.sh: exit code 2 before
# anything runs, and each expected message written by hand from the fault.
caremarket="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
test_name=key_messages_test
# shellcheck source=tests/cli/message_checks.sh
. "$(dirname "$0")/message_checks.sh"
# also FRAGMENT: FRAGMENT is in the last expect's stderr too.
also() {
  grep -qF -- "$1" "$work/err" ||
    { echo "key_messages_test: '$1' not said with the other fault:" >&2; cat "$work/err" >&2; failed=1; }
}

# An unknown key given by a file and by the file it extends (and by --set) is refused in each:
# fixing one must not only uncover the same error in the other.
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "p"\n[run]\nbogus_key = 1\n' >"$work/parent.toml"
printf 'schema_version = 1\nextends = "parent.toml"\nname = "c"\n[run]\nbogus_key = 2\n' >"$work/child.toml"
expect 2 "parent.toml:5: run.bogus_key: unknown key 'bogus_key'" \
  run "$work/child.toml" --set run.bogus_key=3 -o "$work/never"
# In the order a reader meets them: the file named, the file it extends, then each --set as given.
"$caremarket" run "$work/child.toml" --set run.zz=1 --set run.bogus_key=3 --set costs.homecare.yy=1 \
  -o "$work/never" 2>"$work/order.err"
[ "$(sed 's/^caremarket: error: //' "$work/order.err" | sed 's/: .*//' | sed 's|.*/||' | tr '\n' ' ')" = \
  "child.toml:5 parent.toml:5 --set run.zz=1 --set run.bogus_key=3 --set costs.homecare.yy=1 " ] ||
  { echo "key_messages_test: errors not in the order of files and options:" >&2; cat "$work/order.err" >&2; failed=1; }
for at in "child.toml:5: run.bogus_key" "--set run.bogus_key=3: run.bogus_key"; do
  grep -qF -- "$at: unknown key 'bogus_key'" "$work/err" ||
    { echo "key_messages_test: the unknown key is not refused at $at:" >&2; cat "$work/err" >&2; failed=1; }
done
# A sensitivity end the scenario refuses is said of the range and --swing, not of a --set.
expect 2 "the sensitivity's high end of demand.homecare.older_65_plus.growth_per_year, 562.5 (its value 450 x (1 + --swing 0.25)), is refused by the scenario" \
  sensitivity kent-baseline --set demand.homecare.older_65_plus.growth_per_year=450 \
  --set run.horizon_months=12 --set 'framework.reopen_after_years=[]' \
  --only demand.homecare.older_65_plus.growth_per_year -r 1 --no-report -o "$work/never"
lacks "error: --set demand.homecare.older_65_plus.growth_per_year=562.5" "a --set the user never gave"
# An end that is not value x (1 +/- swing) says what became of that product: 799001 x 1.25 is
# 998751.25, and a count's end is a whole number (past Kent's other groups, over 1000000 people).
expect 2 "the sensitivity's high end of demand.homecare.older_65_plus.initial_people, 998751 (its value 799001 x (1 + --swing 0.25) is 998751.25, rounded to a whole number), is refused by the scenario" \
  sensitivity kent-baseline --set demand.homecare.older_65_plus.initial_people=799001 \
  --set run.horizon_months=12 --set 'framework.reopen_after_years=[]' \
  --only demand.homecare.older_65_plus.initial_people -r 1 --no-report -o "$work/never"
# A multiplier whose meaning keeps it at 1 or above: below 1 would reverse its mechanism.
expect 2 "--set exits.competitor_multiplier=0.9: exits.competitor_multiplier: expected a number >= 1, found 0.9" \
  run kent-baseline --set exits.competitor_multiplier=0.9 -o "$work/never"
expect 2 "--set geography.road_factor=0.99: geography.road_factor: expected a number >= 1, found 0.99" \
  run kent-baseline --set geography.road_factor=0.99 -o "$work/never"
# The referral limit on the scenario's keys blames the key the user gave: growth in a user's
# file over the shipped rate (Kent's older people's homecare referrals, line 67 of its baseline).
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "g"\n[demand.homecare.older_65_plus]\ngrowth_per_year = 3.0\n' >"$work/growth.toml"
expect 2 "growth.toml:5: demand.homecare.older_65_plus.growth_per_year: the referrals add up to " \
  run "$work/growth.toml" -o "$work/never"
expect 2 "a year are supported (referrals_per_year from scenarios/kent/baseline.toml:67)" \
  run "$work/growth.toml" -o "$work/never"
# A parameters.csv row is applied to the scenario as resolved, a text nobody has seen: the other
# key is said to come from it, without a line of it.
printf 'particle,weight,demand.homecare.older_65_plus.growth_per_year\n0,1,3.0\n' >"$work/growth-sample.csv"
expect 2 "at most 1000000 a year are supported (referrals_per_year from the scenario kent-baseline as resolved)" \
  run kent-baseline --parameters "$work/growth-sample.csv" -o "$work/never"
# A carriage return alone among LF line ends joins two rows into one: said at its line, not as
# a row of 5 fields and a cell '0.02\x0d1' that is no number.
printf 'particle,weight,demand.homecare.older_65_plus.growth_per_year\n0,1,0.02\r1,1,0.03\n' >"$work/stray-cr.csv"
expect 2 "stray-cr.csv:2: the line ends in a carriage return alone (an old Mac line end); save the file with LF or CRLF line ends" \
  run kent-baseline --parameters "$work/stray-cr.csv" -o "$work/never"
lacks "fields where the header has" "a row of too many fields beside the carriage return"
# So is a shorter stay (which raises a derived rate) and a longer run (over which growth compounds).
expect 2 "--set demand.homecare.older_65_plus.length_of_stay_days.mean=1: demand.homecare.older_65_plus.length_of_stay_days.mean: the referrals add up to " \
  run kent-baseline --set demand.homecare.older_65_plus.length_of_stay_days.mean=1 \
  --set demand.homecare.older_65_plus.length_of_stay_days.min=0.5 -o "$work/never"
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "g8"\n[demand.homecare.older_65_plus]\ngrowth_per_year = 0.15\n' >"$work/growth8.toml"
"$caremarket" validate "$work/growth8.toml" >/dev/null ||
  { echo "key_messages_test: growth of 0.15 over 8 years refused" >&2; failed=1; }
expect 2 "at most 1000000 a year are supported (growth_per_year from $work/growth8.toml:5)" \
  run "$work/growth8.toml" --set run.horizon_months=600 --set 'framework.reopen_after_years=[]' -o "$work/never"
grep -qF -- "--set run.horizon_months=600: run.horizon_months: the referrals add up to " "$work/err" ||
  { echo "key_messages_test: the longer run is not blamed:" >&2; cat "$work/err" >&2; failed=1; }
# The referral limit holds on the model built: district_growth_per_year (3 times a year in every
# district for 8 years) and rates derived from a caseload file (999000 people over a mean stay
# of 300 days as drawn), which the groups' keys do not show.
dg="{E07000105=2,E07000106=2,E07000107=2,E07000108=2,E07000109=2,E07000110=2,E07000111=2,E07000112=2,E07000113=2,E07000114=2,E07000115=2,E07000116=2}"
expect 2 "kent-baseline: the model's referrals add up to " \
  run kent-baseline --set "demand.homecare.older_65_plus.district_growth_per_year=$dg" -o "$work/never"
mkdir -p "$work/caseload-big"
cp tests/data/market/valid/*.csv tests/data/market/valid/scenario.toml tests/data/market/valid/scenario-caseload.toml "$work/caseload-big/"
printf 'district,service,group,people\nE07000105,homecare,older_65_plus,999000\n' >"$work/caseload-big/caseload.csv"
expect 2 "(most: demand.homecare.older_65_plus in E07000105, " \
  run "$work/caseload-big/scenario-caseload.toml" -o "$work/never" \
  --set 'demand.homecare.older_65_plus.length_of_stay_days={distribution="lognormal",mean=300,cv=1.2,min=7,max=3650}'
# Advised supported living comes in properties of 4 homes: a step of 2 is rounded, and said so.
expect 0 "note: --step-homes 2 is rounded to 4: advised supported living comes in properties of 4 homes" \
  advise kent-baseline --target 'off_contract_placement_share<=0.01' --step-homes 2 --max-steps 1 \
  --candidates 1 -r 2 --set run.horizon_months=12 --set 'framework.reopen_after_years=[]' \
  --no-report -o "$work/advise-step-homes"
# A misspelt key under homecare is not steered to a key homecare refuses.
expect 2 "market.homecare.band_share: unknown key 'band_share'" \
  run kent-baseline --set 'market.homecare.band_share=[1]' -o "$work/never"
lacks "did you mean 'band_shares'" "a suggestion of a key homecare refuses"
printf 'schema_version = 1\nextends = "kent-baseline"\n[market.homecare]\nband_shares = []\n' > "$work/homecare-bands.toml"
expect 2 "homecare-bands.toml:4: market.homecare.band_shares: homecare has no properties" \
  run "$work/homecare-bands.toml" -o "$work/never"

# A key cannot pick one element of a list (TOML has no such key): the whole list is set, and
# the list's value before this option is shown when it is short. Kent's reopenings are [3, 6]
# (baseline.toml); its shocks are [], and the backtest's five shocks are too long to show.
expect 2 "--set framework.reopen_after_years[1]=3: framework.reopen_after_years[1]: a key cannot pick one element of a list: set the whole of framework.reopen_after_years, whose value before this option is [ 3, 6 ]" \
  run kent-baseline --set 'framework.reopen_after_years[1]=3' -o "$work/never"
expect 2 "exits.shocks[0].share: a key cannot pick one element of a list: set the whole of exits.shocks, whose value before this option is []" \
  run kent-baseline --set 'exits.shocks[0].share=0.5' -o "$work/never"
expect 2 "exits.shocks[2].share: a key cannot pick one element of a list: set the whole of exits.shocks (a run's scenario.resolved.toml shows its value)" \
  run backtest-2020 --set 'exits.shocks[2].share=0.5' -o "$work/never"
expect 2 "framework.reopen_after_years[0]: a key cannot pick one element of a list: set the whole of framework.reopen_after_years, whose value before this option is [ 3, 6 ]" \
  sweep kent-baseline --vary 'framework.reopen_after_years[0]=1,2' -o "$work/never"
# A bracket on a key that is one value says so, as --only and --vary say it; on a key that is
# no key of the scenario, it is an unknown key.
expect 2 "--set exits.stress_slope[0]=1: exits.stress_slope[0]: exits.stress_slope is one value, not a list: write exits.stress_slope, without the index" \
  run kent-baseline --set 'exits.stress_slope[0]=1' -o "$work/never"
expect 2 "unknown key 'stress_slop[0]'" \
  run kent-baseline --set 'exits.stress_slop[0]=1' -o "$work/never"

# --version takes no value: =1 printed the version, =false was called an unknown option.
expect 2 "--version takes no value: give it alone ('1' is not a value it takes)" --version=1
expect 2 "--version takes no value: give it alone ('false' is not a value it takes)" --version=false

# A count's end 1 from its value is said so (1 x 0.75 = 0.75 rounds to 1, the value itself),
# and one rounded to 0 is rounded, not held at a bound; without provider 1 the shock is refused.
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "named1"\n[market.homecare]\nframework_providers = 1\n[[exits.shocks]]\nat = 2027-10-01\ntarget = "named"\nprovider = "homecare framework provider 1"\nservice = "homecare"\n' >"$work/named1.toml"
expect 2 "market.homecare.framework_providers, 0 (its value 1 x (1 - --swing 0.25) is 0.75, taken 1 below the value, a count's least step), is refused" \
  sensitivity "$work/named1.toml" --set run.horizon_months=12 --set 'framework.reopen_after_years=[]' \
  --only market.homecare.framework_providers -r 1 --no-report -o "$work/never"
expect 2 "market.homecare.framework_providers, 0 (its value 1 x (1 - --swing 0.6) is 0.4, rounded to a whole number), is refused" \
  sensitivity "$work/named1.toml" --set run.horizon_months=12 --set 'framework.reopen_after_years=[]' \
  --only market.homecare.framework_providers --swing 0.6 -r 1 --no-report -o "$work/never"
# Every refused end is said: a mean of 8 within [7, 9] has both ends (6 and 10) outside.
expect 2 "the sensitivity's low end of demand.homecare.older_65_plus.length_of_stay_days.mean, 6 (its value 8 x (1 - --swing 0.25)), is refused" \
  sensitivity kent-baseline --set run.horizon_months=12 --set 'framework.reopen_after_years=[]' \
  --set 'demand.homecare.older_65_plus.length_of_stay_days={distribution="lognormal",mean=8,cv=1.2,min=7,max=9}' \
  --only demand.homecare.older_65_plus.length_of_stay_days.mean -r 1 --no-report -o "$work/never"
grep -qF "the sensitivity's high end of demand.homecare.older_65_plus.length_of_stay_days.mean, 10 (its value 8 x (1 + --swing 0.25)), is refused" "$work/err" ||
  { echo "key_messages_test: the second refused end is not said:" >&2; cat "$work/err" >&2; failed=1; }

# An index on a number that can be varied is said to be one, wherever a key to vary is named: it
# was called "not a number that can be varied".
expect 2 "--only exits.stress_slope[0]: exits.stress_slope is one number, not a list: write exits.stress_slope, without the index" \
  sensitivity kent-baseline --only 'exits.stress_slope[0]' -r 1 -o "$work/never"
expect 2 "--vary exits.stress_slope[0]: exits.stress_slope is one number, not a list: write exits.stress_slope, without the index" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary 'exits.stress_slope[0]=1..2' -n 4 --waves 1 -o "$work/never"
printf 'particle,weight,exits.stress_slope[0]\n1,1,1\n' >"$work/indexed.csv"
expect 2 "indexed.csv:1: column 'exits.stress_slope[0]': exits.stress_slope is one number, not a list: write exits.stress_slope, without the index" \
  run kent-baseline --parameters "$work/indexed.csv" -r 1 -o "$work/never"

# A key inside a list of tables: the list is set whole.
expect 2 "exits.shocks.share: 'shocks' is a list, so no key inside it can be set: set the whole of exits.shocks" \
  run kent-baseline --set 'exits.shocks.share=3' -o "$work/never"

# The value shown is the one before this option: an earlier --set counts.
expect 2 "set the whole of framework.reopen_after_years, whose value before this option is [ 2, 5 ]" \
  run kent-baseline --set 'framework.reopen_after_years=[2,5]' \
  --set 'framework.reopen_after_years[1]=3' -o "$work/never"

# The referral limit holds each group at its highest: a shrinking group's at the start (1010000
# a year, over the limit with the others' 1126), not said to be "by the end of the run".
expect 2 "referrals_per_year: the referrals add up to 1011126 a year with each group at its highest in the run (the end where it grows, the start where it shrinks" \
  run kent-baseline --set run.horizon_months=12 --set 'framework.reopen_after_years=[]' \
  --set demand.homecare.older_65_plus.referrals_per_year=1010000 \
  --set demand.homecare.older_65_plus.growth_per_year=-0.012 -o "$work/never"

# --list writes numbers as the messages do (12 significant digits): 14.123456 x 0.75 and x 1.25.
"$caremarket" sensitivity kent-baseline --set demand.homecare.older_65_plus.package_hours_per_week.mean=14.123456 \
  --only demand.homecare.older_65_plus.package_hours_per_week.mean --list >"$work/list.out" 2>&1
grep -qxF "demand.homecare.older_65_plus.package_hours_per_week.mean 14.123456 [10.592592, 17.65432]" "$work/list.out" ||
  { echo "key_messages_test: --list rounds its numbers:" >&2; cat "$work/list.out" >&2; failed=1; }

# A parameter whose range the scenario refuses at one end is left out, and the others run: said
# on stderr, in --list, in the manifest and in the report. The 2020 back-test's first shock names
# supported living framework provider 61 (its line 66); 64 providers less 25% is 48, fewer than 61.
left_key=market.supported_living.framework_providers
expect 0 "warning: $left_key is left out of the analysis: its low end, 48 (its value 64 x (1 - --swing 0.25)), is refused by the scenario" \
  sensitivity backtest-2020 --only "$left_key" --only costs.homecare.spot_premium -r 1 \
  -o "$work/left-out"
for said in "$left_key=48: $left_key: leaves out exits.shocks[0].provider (scenarios/kent/backtest-2020.toml:66): no provider named 'supported living framework provider 61' in the synthesised market: it has 48 supported living framework providers, numbered 1 to 48 (market.supported_living.framework_providers)" \
  "sensitivity of backtest-2020 to 1 parameter (1 left out)"; do
  grep -qF -- "$said" "$work/err" ||
    { echo "key_messages_test: '$said' not said of the left-out parameter:" >&2; cat "$work/err" >&2; failed=1; }
done
lacks "did you mean 'supported living framework provider" "another provider suggested where the count is the cause"
if grep -qF "$left_key" "$work/left-out/sensitivity.csv" ||
  ! grep -qF "costs.homecare.spot_premium" "$work/left-out/sensitivity.csv" ||
  ! grep -qF "\"parameter\": \"$left_key\"" "$work/left-out/manifest.json" ||
  ! grep -qF "<li>Left out: Supported living: Framework providers (<code>$left_key</code>)" \
    "$work/left-out/report.html"; then
  echo "key_messages_test: the left-out parameter is in sensitivity.csv, or not in manifest.json or report.html" >&2
  failed=1
fi
"$caremarket" sensitivity backtest-2020 --list >"$work/list.out" 2>/dev/null
grep -qxF "$left_key 64 [48, 80] left out: the scenario refuses an end" "$work/list.out" ||
  { echo "key_messages_test: --list does not mark the left-out parameter:" >&2; cat "$work/list.out" >&2; failed=1; }
# Every parameter refused leaves nothing to vary: an error, every refused end named.
expect 2 "the sensitivity's low end of $left_key, 48 (its value 64 x (1 - --swing 0.25)), is refused by the scenario" \
  sensitivity backtest-2020 --only "$left_key" -r 1 --no-report -o "$work/never"

# A range is held within the schema's own bounds of the key: £5 an hour less 80% is £1 (in
# floating point 0.9999999999999998, which the schema's least, £1 an hour, would refuse).
"$caremarket" sensitivity kent-baseline --set costs.homecare.contract_rate_gbp_per_hour=5 \
  --only costs.homecare.contract_rate_gbp_per_hour --swing 0.8 --list >"$work/list.out" 2>"$work/err"
grep -qxF "costs.homecare.contract_rate_gbp_per_hour 5 [1, 9]" "$work/list.out" ||
  { echo "key_messages_test: the range is not held within the schema's bounds:" >&2; cat "$work/list.out" "$work/err" >&2; failed=1; }

# With several scenarios, an error some of them refuse says which: a --set applies to every
# one; rate-uplift extends the baseline, whose line 67 gives the rate both grow past the limit;
# the 2020 back-test has no homecare (nobody in care, so no derived referrals), and takes it. One every scenario refuses
# (a --set that is no number) is said once, of the --set alone.
expect 2 "error: kent-baseline and rate-uplift: --set demand.homecare.older_65_plus.growth_per_year=400: " \
  compare kent-baseline rate-uplift backtest-2020 \
  --set demand.homecare.older_65_plus.growth_per_year=400 -r 1 --no-report -o "$work/never"
lacks "backtest-2020: --set" "the back-test, which takes the rate, blamed for it"
expect 2 "caremarket: error: --set exits.stress_slope=abc: exits.stress_slope: expected a number" \
  compare kent-baseline rate-uplift --set exits.stress_slope=abc -r 1 --no-report -o "$work/never"
"$caremarket" validate kent-baseline closed-framework \
  --set demand.homecare.older_65_plus.growth_per_year=400 >"$work/out" 2>&1
grep -qF "closed-framework: error: --set demand.homecare.older_65_plus.growth_per_year=400: " "$work/out" ||
  { echo "key_messages_test: validate does not name the scenario that refused:" >&2; cat "$work/out" >&2; failed=1; }

# Older people's referrals growing 350-fold a year over 12 months pass the limit at 437.5
# (350 x 1.25), the top of growth's range; each end alone is taken with the other keys at their
# values, but a Morris point moves several keys at once: refused before anything runs, said of
# the point, not of a --set the user never gave.
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "grow350"\n[run]\nhorizon_months = 12\n[framework]\nreopen_after_years = []\n[demand.homecare.older_65_plus]\ngrowth_per_year = 350\n' >"$work/grow350.toml"
expect 2 "at the point's demand.homecare.older_65_plus.growth_per_year=437.5: demand.homecare.older_65_plus.growth_per_year: the referrals add up to" \
  sensitivity "$work/grow350.toml" --only demand.homecare.older_65_plus --morris 2 -r 1 -o "$work/never"
lacks "replications run" "a Morris point refused after replications ran"
expect 2 "at the point's demand.homecare.older_65_plus.growth_per_year=437.5: " \
  sensitivity "$work/grow350.toml" --only demand.homecare.older_65_plus --morris 2 --list
# A parameter sample's row on top of an end is built before anything runs too: 3800 older
# people in care with growth at its top end (437.5) pass the limit; that end's parameter is
# left out, and the row named.
printf 'particle,weight,demand.homecare.older_65_plus.initial_people\n0,1,3800\n' >"$work/p-grow.csv"
expect 0 "p-grow.csv:2: demand.homecare.older_65_plus.initial_people: the referrals add up to" \
  sensitivity "$work/grow350.toml" --only demand.homecare.older_65_plus.growth_per_year \
  --only costs.homecare.spot_premium --parameters "$work/p-grow.csv" -r 1 --no-report -o "$work/p-grow"
# A count's end is at least 1 from its value: no --swing varies 61 providers when the shock
# names provider 61 (61 x 0.99 = 60.39, rounded to 60; at the default swing, 45.75 to 46).
expect 0 "its low end, 60 (its value 61 x (1 - --swing 0.01) is 60.39, rounded to a whole number), is refused by the scenario (no --swing varies it: the nearest end a --swing gives is refused too)" \
  sensitivity backtest-2020 --set market.supported_living.framework_providers=61 --swing 0.01 --list
expect 0 "its low end, 46 (its value 61 x (1 - --swing 0.25) is 45.75, rounded to a whole number), is refused by the scenario (no --swing varies it: the nearest end a --swing gives is refused too)" \
  sensitivity backtest-2020 --set market.supported_living.framework_providers=61 --list
# The 2020 back-test's 64 providers at the default swing: 63 is taken, so a narrower one may.
expect 0 "framework_providers is left out of the analysis: its low end, 48 (its value 64 x (1 - --swing 0.25)), is refused by the scenario (a narrower --swing may vary it)" \
  sensitivity backtest-2020 --list
# A mean held by its own min and max (both 10) takes no other value at any swing.
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "pinned"\n[demand.homecare.older_65_plus.package_hours_per_week]\ndistribution = "lognormal"\nmean = 10.0\nmin = 10.0\nmax = 10.0\n' >"$work/pinned.toml"
expect 0 "package_hours_per_week.mean is left out of the analysis: its low end, 7.5 (its value 10 x (1 - --swing 0.25)), is refused by the scenario (no --swing varies it: the nearest end a --swing gives is refused too)" \
  sensitivity "$work/pinned.toml" --list
grep -qF "warning:   and its high end, 12.5 (its value 10 x (1 + --swing 0.25)), is refused too:" "$work/err" ||
  { echo "key_messages_test: the second refused end is not said in the same warning:" >&2; cat "$work/err" >&2; failed=1; }
# An end held at an open bound is written as a value the key takes: a yearly rate is above -1,
# and -0.9 x 1.25 = -1.125 is held at -0.999999999999, not written -1.
"$caremarket" sensitivity kent-baseline --set demand.homecare.older_65_plus.growth_per_year=-0.9 \
  --only demand.homecare.older_65_plus.growth_per_year --list >"$work/list.out" 2>"$work/err"
grep -qxF "demand.homecare.older_65_plus.growth_per_year -0.9 [-0.999999999999, -0.675]" "$work/list.out" ||
  { echo "key_messages_test: an end at an open bound is not a value the key takes:" >&2; cat "$work/list.out" "$work/err" >&2; failed=1; }

# A list of tables no file gives (the Kent baseline has no actions) is still a list.
expect 2 "--set actions[0].district=E07000105: actions[0].district: a key cannot pick one element of a list: set the whole of actions, a list of tables that no file of this scenario gives" \
  run kent-baseline --set 'actions[0].district=E07000105' -o "$work/never"
expect 2 "--vary costs.homecare.rate_uplifts[0].uplift=0.1,0.2 (every value): costs.homecare.rate_uplifts[0].uplift: a key cannot pick one element of a list" \
  sweep kent-baseline --vary 'costs.homecare.rate_uplifts[0].uplift=0.1,0.2' -o "$work/never"
lacks "(value 0.2)" "a fault of every value said once for each"

# A scenario compared with itself is renamed in the results, and says so.
expect 0 "note: kent-baseline is given 2 times; this one is called kent-baseline-2 in the results" \
  compare kent-baseline kent-baseline -r 1 --set run.horizon_months=6 \
  --set 'framework.reopen_after_years=[]' --no-report -o "$work/self"

# An element of a list to vary or screen: the list named, to set whole, in --vary and --only.
expect 2 "--vary framework.reopen_after_years[5]: a key cannot pick one element of a list, and a list cannot be varied: set the whole of framework.reopen_after_years with --set instead" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary 'framework.reopen_after_years[5]=1..2' -n 4 --waves 1 -o "$work/never"
expect 2 "--only actions[0]: a key cannot pick one element of a list, and a list cannot be varied: set the whole of actions with --set instead" \
  sensitivity kent-baseline --only 'actions[0]' -r 1 -o "$work/never"

# Inside a file, one element of a list: a quoted key with an index names the list to give
# whole; a table header with an index, which TOML cannot parse, says how a list of tables is
# written.
printf 'schema_version = 1\nextends = "kent-baseline"\n[framework]\n"reopen_after_years[1]" = 3\n' >"$work/element.toml"
expect 2 "element.toml:4: framework.reopen_after_years[1]: unknown key 'reopen_after_years[1]': a key cannot pick one element of a list; give the whole of framework.reopen_after_years" \
  run "$work/element.toml" -o "$work/never"
lacks "did you mean 'reopen_after_years'" "a suggestion of the list's own name, as if misspelt"
# ... whether or not a layer gives the list: a file that extends nothing, and a list of tables
# Kent does not give.
printf 'schema_version = 1\n[framework]\n"reopen_after_years[1]" = 3\n[exits]\n"shocks[0]" = {at = 2028-01-01}\n' >"$work/alone.toml"
expect 2 "alone.toml:3: framework.reopen_after_years[1]: unknown key 'reopen_after_years[1]': a key cannot pick one element of a list; give the whole of framework.reopen_after_years" \
  run "$work/alone.toml" -o "$work/never"
also "alone.toml:5: exits.shocks[0]: unknown key 'shocks[0]': a key cannot pick one element of a list; give the whole of exits.shocks"
printf 'schema_version = 1\nextends = "kent-baseline"\n[exits]\n"stress_slope[0]" = 3\n' >"$work/one.toml"
expect 2 "one.toml:4: exits.stress_slope[0]: unknown key 'stress_slope[0]': exits.stress_slope is one value, not a list: write stress_slope, without the index" \
  run "$work/one.toml" -o "$work/never"
# A header indexing a key that is no list of tables keeps TOML's own words: [[...]] would be
# wrong advice for one number.
printf 'schema_version = 1\nextends = "kent-baseline"\n[exits.stress_slope[0]]\nx = 1\n' >"$work/one-header.toml"
expect 2 "one-header.toml:3: TOML syntax error" run "$work/one-header.toml" -o "$work/never"
lacks "[[exits.stress_slope]]" "advice to write a number as a list of tables"
printf 'schema_version = 1\nextends = "kent-baseline"\n[exits.shocks[0]]\nat = 2028-01-01\n' >"$work/header.toml"
expect 2 "header.toml:3: exits.shocks: a table header cannot pick one element of a list; a list of tables is written [[exits.shocks]] above each element's keys, one header an element, in the list's order" \
  run "$work/header.toml" -o "$work/never"
lacks "TOML syntax error" "toml++'s words for the header"

# Faults that do not depend on each other are said together, not one a run: advise's --target
# and --set; calibrate's --vary, --set and targets file (a file that cannot be read at once, its
# contents once the scenario loads).
expect 2 "--target 'nonsense<=1': unknown homecare KPI 'nonsense'" \
  advise kent-baseline --set bogus=1 --target 'nonsense<=1' -o "$work/never"
also "--set bogus=1: bogus: unknown key 'bogus'"
expect 2 "--vary takes KEY=LOW..HIGH, found 'nonsense'" \
  calibrate backtest-2020 --set bogus=1 --targets scenarios/kent/targets-2020-2024.csv \
  --vary nonsense -o "$work/never"
also "--set bogus=1: bogus: unknown key 'bogus'"
expect 2 "--vary nonsense: not a numeric parameter of the scenario" \
  calibrate backtest-2020 --targets "$work/missing.csv" --vary 'nonsense=1..2' -o "$work/never"
also "--targets $work/missing.csv: cannot read the file: it does not exist"
expect 2 "--fit-until: '2021-13-01'" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary exits.stress_slope=0..1 --fit-until 2021-13-01 -n 10 --max-simulations 5 --set bogus=1 \
  -o "$work/never"
also "--max-simulations 5 cannot complete the first wave, which simulates each of its 10 particles once"
also "--set bogus=1: bogus: unknown key 'bogus'"
# sensitivity's --only with its --set (checked against the scenario without the --set), and
# every --only that matches nothing, not the first alone.
expect 2 "--set bogus=1: bogus: unknown key 'bogus'" \
  sensitivity kent-baseline --set bogus=1 --only nonsense --only placment. --list
also "--only nonsense: no numeric parameter's key starts with it"
also "--only placment.: no numeric parameter's key starts with it; did you mean 'placement'?"
# Two --set of one key, with another --set's fault, in validate and in a command.
expect 2 "both set exits.stress_slope" \
  validate kent-baseline --set exits.stress_slope=0.5 --set exits.stress_slope=0.6 --set bogus=1
grep -qF "kent-baseline: error: --set bogus=1: bogus: unknown key 'bogus'" "$work/out" ||
  { echo "key_messages_test: validate hid a --set fault behind two --set of one key:" >&2; cat "$work/out" >&2; failed=1; }
expect 2 "both set exits.stress_slope" \
  validate kent-baseline --set exits.stress_slope=0.5 --set exits.stress_slope=0.6
grep -qF "kent-baseline: ok" "$work/out" &&
  { echo "key_messages_test: validate said ok of a refused command line:" >&2; cat "$work/out" >&2; failed=1; }
expect 2 "both set exits.stress_slope" \
  run kent-baseline --set exits.stress_slope=0.5 --set exits.stress_slope=0.6 --set bogus=1 -o "$work/never"
also "--set bogus=1: bogus: unknown key 'bogus'"
# A key given three times is said once, naming every option that gives it (with --seed too).
expect 2 "--set exits.stress_slope=0.5, --set exits.stress_slope=0.6 and --set exits.stress_slope=0.7 all set exits.stress_slope, so one value would silently replace the others; give each key once" \
  run kent-baseline --set exits.stress_slope=0.5 --set exits.stress_slope=0.6 --set exits.stress_slope=0.7 -o "$work/never"
[ "$(grep -c "silently replace" "$work/err")" -eq 1 ] ||
  { echo "key_messages_test: a key given 3 times said more than once:" >&2; cat "$work/err" >&2; failed=1; }
expect 2 "--set run.seed=1, --set run.seed=2 and --seed 3 all set run.seed" \
  run kent-baseline --set run.seed=1 --set run.seed=2 --seed 3 -o "$work/never"
# A table and two keys inside it: one clash for each key, each naming the two options that set it.
expect 2 "--set exits.base_hazard_per_year={framework=0.1, spot=0.2} and --set exits.base_hazard_per_year.framework=0.3 both set exits.base_hazard_per_year.framework" \
  run kent-baseline --set 'exits.base_hazard_per_year={framework=0.1, spot=0.2}' \
  --set exits.base_hazard_per_year.framework=0.3 --set exits.base_hazard_per_year.spot=0.4 -o "$work/never"
also "--set exits.base_hazard_per_year={framework=0.1, spot=0.2} and --set exits.base_hazard_per_year.spot=0.4 both set exits.base_hazard_per_year.spot"
# run.replications refused in advise and sensitivity is not also said to clash with the -r they
# default to (which the user never typed).
expect 2 "--set run.replications=3: advise runs -r replications per evaluation" \
  advise kent-baseline --target 'off_contract_placement_share<=0.2' --set run.replications=3 -o "$work/never"
lacks "both set run.replications" "a clash with a -r nobody typed"
# An input file that cannot be read, with the scenario's faults: --parameters in every command
# that takes it (--targets in calibrate, below). So are the contents of a --parameters file
# that are at fault whatever the scenario: a header alone (no rows), and a negative weight on
# line 3.
printf 'particle,weight,exits.stress_slope\n' >"$work/norows.csv"
printf 'particle,weight,exits.stress_slope\n0,1,0.5\n1,-2,0.6\n' >"$work/negative.csv"
for command in "run kent-baseline" "sweep kent-baseline --vary costs.homecare.spot_premium=0.5,0.6" \
  "sensitivity kent-baseline --list" "advise kent-baseline --target off_contract_placement_share<=0.2" \
  "compare kent-baseline rate-uplift"; do
  # shellcheck disable=SC2086
  expect 2 "--parameters $work/missing.csv: cannot read the file: it does not exist" \
    $command --set bogus=1 --parameters "$work/missing.csv" -o "$work/never"
  also "--set bogus=1: bogus: unknown key 'bogus'"
  # shellcheck disable=SC2086
  expect 2 "--parameters $work/norows.csv: no parameter sets in the file" \
    $command --set bogus=1 --parameters "$work/norows.csv" -o "$work/never"
  also "--set bogus=1: bogus: unknown key 'bogus'"
  # shellcheck disable=SC2086
  expect 2 "$work/negative.csv:3: column 'weight': must be 0 or more" \
    $command --set bogus=1 --parameters "$work/negative.csv" -o "$work/never"
  also "--set bogus=1: bogus: unknown key 'bogus'"
done
# A particle is a whole number, once each (calibrate writes 1, 2, ...): its number was never
# read, so a row of particle x, -3 or one repeating another's was taken.
printf 'particle,weight,exits.stress_slope\nx,1,0.5\n-3,1,0.6\n2,1,0.7\n2,1,0.8\n' >"$work/particles.csv"
expect 2 "$work/particles.csv:2: column 'particle': 'x' is not a whole number" \
  run kent-baseline -r 1 --parameters "$work/particles.csv" -o "$work/never"
also "$work/particles.csv:3: column 'particle': must be 0 or more"
also "$work/particles.csv:5: column 'particle': particle 2 repeats line 4; each particle is one row"
# A '#' line below the header is a row of one field: said as the comment it was meant to be.
printf 'particle,weight,exits.stress_slope\n# the fitted set\n1,1,0.5\n' >"$work/late-comment.csv"
expect 2 "$work/late-comment.csv:2: the line starts with '#': comment lines may come only before the header" \
  run kent-baseline -r 1 --parameters "$work/late-comment.csv" -o "$work/never"
# A provider's row commented out below the header has the header's fields: it was read as a
# provider "# P002" (one more provider, silently).
cp -r "$(dirname "$0")/../data/market/valid" "$work/commented-market"
awk 'NR == 3 { print "# " $0 } { print }' "$work/commented-market/providers.csv" >"$work/p.csv" &&
  mv "$work/p.csv" "$work/commented-market/providers.csv"
expect 2 "commented-market/providers.csv:3: the line starts with '#': comment lines may come only before the header" \
  run "$work/commented-market/scenario.toml" -r 1 -o "$work/never"
lacks "unknown provider" "a follow-up fault of the commented row"
# A district's name and a provider's code and name reach the results' cells: held to a
# scenario's text rules (a bidirectional control or a hidden space at an end was written raw).
cp -r "$(dirname "$0")/../data/geography/valid" "$work/rlo-geography"
sed "s/^X01,Alpha,/X01,Al$(printf '\342\200\256')pha,/" "$(dirname "$0")/../data/geography/valid/districts.csv" >"$work/rlo-geography/districts.csv"
expect 2 "districts.csv:3: column 'name': holds the bidirectional control U+202E" \
  geography --data "$work/rlo-geography"
nbsp=$(printf '\302\240')
cp -r "$(dirname "$0")/../data/market/valid" "$work/padded-market"
sed "s/^P001,Acorn Care,/P001,Acorn Care${nbsp},/; s/^P002,/P002${nbsp},/" "$(dirname "$0")/../data/market/valid/providers.csv" >"$work/padded-market/providers.csv"
expect 2 "providers.csv:3: column 'name': 'Acorn Care${nbsp}' starts or ends with a space" \
  run "$work/padded-market/scenario.toml" -r 1 -o "$work/never"
also "providers.csv:4: column 'provider': 'P002${nbsp}' starts or ends with a space, which a reader of the results that trims fields drops; give the code without it (it holds a no-break space, U+00A0)"
# A target's source and note are copied into targets.csv and the report: a bidirectional
# control there is refused as in a scenario's text.
printf 'metric,service,area,date,observed,sd,source,note\nproviders_contracted,supported_living,E10000016,2024-03-31,90,5,seed 004,fine\342\200\256\n' >"$work/tg-bidi.csv"
expect 2 "tg-bidi.csv:2: column 'note': holds the bidirectional control U+202E" \
  calibrate backtest-2020 --targets "$work/tg-bidi.csv" --vary 'exits.stress_slope=0..1' -o "$work/never"
# calibrate's --vary of one key twice is said with the scenario's faults; three times, once.
expect 2 "--vary exits.stress_slope is given twice; give one range for it" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary 'exits.stress_slope=0..1' --vary 'exits.stress_slope=0..2' --set bogus=1 -o "$work/never"
also "--set bogus=1: bogus: unknown key 'bogus'"
expect 2 "--vary exits.stress_slope is given 3 times; give one range for it" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary 'exits.stress_slope=0..1' --vary 'exits.stress_slope=0..2' --vary 'exits.stress_slope=0..3' \
  -o "$work/never"
[ "$(grep -c -- "--vary exits.stress_slope is given" "$work/err")" -eq 1 ] ||
  { echo "key_messages_test: a --vary given 3 times said more than once:" >&2; cat "$work/err" >&2; failed=1; }
# sweep's --vary faults are said together, each once, with the scenario's.
expect 2 "--vary exits.stress_slope is given 3 times; list all its values in one --vary exits.stress_slope=V1,V2,..." \
  sweep kent-baseline --vary exits.stress_slope=1,2 --vary exits.stress_slope=3 \
  --vary exits.stress_slope=4 --vary run.seed=1,2 --vary 'nonsense' --set bogus=1 -o "$work/never"
also "--vary run.seed: every point runs the same seed"
also "--vary takes"
also "--set bogus=1: bogus: unknown key 'bogus'"
[ "$(grep -c -- "--vary exits.stress_slope is given" "$work/err")" -eq 1 ] ||
  { echo "key_messages_test: a --vary given 3 times said more than once:" >&2; cat "$work/err" >&2; failed=1; }
# A targets file whose header is at fault (here it has no rows) is said with the scenario's
# faults, not after them.
printf 'metric,service,area,date,observed,sd,source\n' >"$work/no-targets.csv"
expect 2 "no-targets.csv: no targets in the file" \
  calibrate backtest-2020 --targets "$work/no-targets.csv" --vary 'exits.stress_slope=0..1' \
  --set bogus=1 -o "$work/never"
also "--set bogus=1: bogus: unknown key 'bogus'"
# A row with too few fields hides no other row's faults: once the scenario loads, every row is
# checked against it (a value that is no number, an sd of -1, a 13th month).
printf 'metric,service,area,date,observed,sd,source,note\nproviders_contracted,supported_living,E10000016,2020-06-01,abc,4,x,y\nproviders_contracted,supported_living,E10000016,2020-13-01,64,-1,x,y\nproviders_contracted,supported_living\n' >"$work/short-row.csv"
expect 2 "short-row.csv:4: 2 fields where the header has 8" \
  calibrate backtest-2020 --targets "$work/short-row.csv" --vary 'exits.stress_slope=0..1' -o "$work/never"
also "short-row.csv:2: column 'observed': 'abc' is not a number"
also "short-row.csv:3: column 'sd': must be above 0"
also "short-row.csv:3: column 'date': '2020-13-01' is not a day of the calendar"
# A row repeating a faulty row's target, and a service the scenario lacks on a faulty row, are
# said with the rows' other faults (sd of -4 on line 2; line 3 repeats it; line 4 is homecare,
# which the back-test has none of, with an sd of 0).
printf 'metric,service,area,date,observed,sd,source\nproviders_contracted,supported_living,E10000016,2020-06-01,64,-4,x\nproviders_contracted,supported_living,E10000016,2020-06-01,64,4,x\nreferrals,homecare,E10000016,2021-06-01,5,0,x\n' >"$work/repeat-faulty.csv"
expect 2 "repeat-faulty.csv:3: column 'date': repeats the target of line 2" \
  calibrate backtest-2020 --targets "$work/repeat-faulty.csv" --vary 'exits.stress_slope=0..1' -o "$work/never"
also "repeat-faulty.csv:2: column 'sd': must be above 0"
also "repeat-faulty.csv:4: column 'service': the scenario has no homecare"
also "repeat-faulty.csv:4: column 'sd': must be above 0"
# A sample's faults are said together: a cell that is no number (line 2) with a value the
# scenario refuses in a row read whole (line 3), and a --set of a key the sample sets with
# another --set's fault. A key column that is no key of the scenario is said once, of its header.
printf 'particle,weight,exits.stress_slope\n0,1,abc\n1,1,-3\n' >"$work/badval.csv"
expect 2 "badval.csv:2: column 'exits.stress_slope': 'abc' is not a number" \
  run kent-baseline --parameters "$work/badval.csv" -o "$work/never"
also "badval.csv:3: exits.stress_slope: expected a number >= 0, found -3"
printf 'particle,weight,exits.bogus_key\n0,1,abc\n' >"$work/badkeyval.csv"
expect 2 "badkeyval.csv:1: column 'exits.bogus_key' is not a numeric parameter of scenario kent-baseline" \
  run kent-baseline --parameters "$work/badkeyval.csv" -o "$work/never"
lacks "'abc' is not a number" "the cells of a column that is no key, said besides its header"
printf 'particle,weight,exits.stress_slope\n0,1,0.5\n' >"$work/good.csv"
expect 2 "--set exits.stress_slope=3: the parameter sample $work/good.csv sets exits.stress_slope in every replication" \
  run kent-baseline --parameters "$work/good.csv" --set exits.stress_slope=3 --set bogus=1 -o "$work/never"
also "--set bogus=1: bogus: unknown key 'bogus'"
# A column that no scenario could vary (run.seed) is said as such, also when a --set sets the
# same key: dropping the --set would not mend the file, so no clash is said.
printf 'particle,weight,run.seed\n0,1,3\n' >"$work/seedcol.csv"
expect 2 "seedcol.csv:1: column 'run.seed': a key of the scenario, but not a number that can be varied" \
  run kent-baseline --parameters "$work/seedcol.csv" --set run.seed=5 -o "$work/never"
lacks "would never be used" "a clash with a column that cannot be a key"
# Every fault of a sample's rows in one run: a key cell that is no number (said before the
# scenario is known) with a bad weight in another row, and the other cells of the row with the
# bad cell checked against the scenario without it (-3 people is below 0). In every command that
# takes --parameters, and with the scenario's own fault where that cannot be loaded.
printf 'particle,weight,exits.stress_slope,framework.entrant_properties\n0,1,abc,-3\n1,x,1,1\n' >"$work/rowfaults.csv"
for command in "run kent-baseline" "compare kent-baseline rate-uplift" \
  "sweep kent-baseline --vary exits.base_hazard_per_year.spot=0.1,0.2" \
  "sensitivity kent-baseline" "advise kent-baseline --target off_contract_placement_share<=0.2"; do
  # shellcheck disable=SC2086
  expect 2 "rowfaults.csv:2: column 'exits.stress_slope': 'abc' is not a number" \
    $command --parameters "$work/rowfaults.csv" -o "$work/never"
  also "rowfaults.csv:3: column 'weight': 'x' is not a number"
  also "--parameters $work/rowfaults.csv:2: framework.entrant_properties: expected an integer in 0..100000, found -3"
  # shellcheck disable=SC2086
  expect 2 "--set bogus=1: bogus: unknown key 'bogus'" \
    $command --parameters "$work/rowfaults.csv" --set bogus=1 -o "$work/never"
  also "rowfaults.csv:2: column 'exits.stress_slope': 'abc' is not a number"
  also "rowfaults.csv:3: column 'weight': 'x' is not a number"
done
# ... and with a command's own faults: run.replications given to sensitivity (which -r sets, so
# the scenario is not loaded), a sweep too large to run (said once the sample is checked).
expect 2 "--set run.replications=3: sensitivity runs -r replications" \
  sensitivity kent-baseline --set run.replications=3 --parameters "$work/rowfaults.csv" --list
also "rowfaults.csv:3: column 'weight': 'x' is not a number"
expect 2 "rowfaults.csv:2: column 'exits.stress_slope': 'abc' is not a number" \
  sweep kent-baseline --vary exits.stress_slope=1,2 --max-runs 1 --parameters "$work/rowfaults.csv" -o "$work/never"
# A column that is no key of the scenario, or a --set of a column, hides no row's values: each
# row is checked without the unknown column (-0.5 on line 3 is below 0).
printf 'particle,weight,exits.base_hazard_per_year.framework,exits.bogus,framework.entrant_properties\n0,1,0.05,1,2\n1,1,-0.5,1,2\n' >"$work/unknown-and-row.csv"
expect 2 "unknown-and-row.csv:1: column 'exits.bogus' is not a numeric parameter of scenario kent-baseline" \
  run kent-baseline --parameters "$work/unknown-and-row.csv" -o "$work/never"
also "--parameters $work/unknown-and-row.csv:3: exits.base_hazard_per_year.framework: expected a number >= 0, found -0.5"
expect 2 "--set framework.entrant_properties=3: the parameter sample $work/unknown-and-row.csv sets framework.entrant_properties" \
  run kent-baseline --parameters "$work/unknown-and-row.csv" --set framework.entrant_properties=3 -o "$work/never"
also "--parameters $work/unknown-and-row.csv:3: exits.base_hazard_per_year.framework: expected a number >= 0, found -0.5"
# The weights' total is said with the cells' faults: every weight 0 (the row with a bad key
# cell counts), and a total past the largest number beside a weight that is no number.
printf 'particle,weight,exits.stress_slope\n0,0,x\n1,0,1.6\n' >"$work/zero-weights.csv"
expect 2 "zero-weights.csv:2: column 'exits.stress_slope': 'x' is not a number" \
  run kent-baseline --parameters "$work/zero-weights.csv" -o "$work/never"
also "--parameters $work/zero-weights.csv: every weight is 0"
printf 'particle,weight,exits.stress_slope\n0,1e308,1.5\n1,1e308,1.6\n2,abc,1\n' >"$work/huge-weights.csv"
expect 2 "huge-weights.csv:4: column 'weight': 'abc' is not a number" \
  run kent-baseline --parameters "$work/huge-weights.csv" -o "$work/never"
also "--parameters $work/huge-weights.csv: the weights add up to more than a number can hold"
# A column no scenario could vary is said with the scenario's own fault; an index on a number is
# left to the scenario (which says to drop it), so it is not said as a list's element.
printf 'particle,weight,run.horizon_months,framework.reopen_after_years[0],exits.stress_slope[0]\n0,1,1,1,1\n' >"$work/never-keys.csv"
expect 2 "--set bogus=1: bogus: unknown key 'bogus'" \
  run kent-baseline --parameters "$work/never-keys.csv" --set bogus=1 -o "$work/never"
also "never-keys.csv:1: column 'run.horizon_months': a key of the scenario, but not a number that can be varied"
also "never-keys.csv:1: column 'framework.reopen_after_years[0]': a key cannot pick one element of a list"
lacks "column 'exits.stress_slope[0]'" "an index on a number, said without the scenario"
# compare checks the sample against every scenario in one run: a row only an alternative refuses
# is named with that scenario, a row every scenario refuses without a name, and an alternative
# that changes a key the sample sets is said with them; so are a time span the base does not
# share and the sample's faults.
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "low-max"\n[demand.homecare.older_65_plus.package_hours_per_week]\nmax = 20.0\n' >"$work/low-max.toml"
printf 'particle,weight,demand.homecare.older_65_plus.package_hours_per_week.mean,exits.stress_slope\n0,1,14,1\n1,1,30,1\n2,1,14,-5\n' >"$work/by-scenario.csv"
expect 2 "low-max: --parameters $work/by-scenario.csv:3: demand.homecare.older_65_plus.package_hours_per_week.mean: the mean (30) lies outside [min, max] = [1, 20]" \
  compare kent-baseline "$work/low-max.toml" --parameters "$work/by-scenario.csv" -o "$work/never"
also "caremarket: error: --parameters $work/by-scenario.csv:4: exits.stress_slope: expected a number >= 0, found -5"
printf 'particle,weight,pipeline.slip_days,exits.stress_slope\n0,1,10,x\n' >"$work/slip.csv"
expect 2 "pipeline-slip sets pipeline.slip_days to 365 (the base 0), but the parameter sample $work/slip.csv sets this key" \
  compare kent-baseline pipeline-slip --parameters "$work/slip.csv" -o "$work/never"
also "slip.csv:2: column 'exits.stress_slope': 'x' is not a number"
expect 2 "backtest-2020 runs over another time span than the base kent-baseline" \
  compare kent-baseline backtest-2020 --parameters "$work/slip.csv" -o "$work/never"
also "slip.csv:2: column 'exits.stress_slope': 'x' is not a number"
# A scenario that cannot be loaded hides no fault of the sample's rows that the others find (the
# mean 30 above the max 25 set for every scenario), and a fault of a scenario file that names the
# file is not named twice.
printf '[run]\nhorizon_months = 0\n' >"$work/no-version.toml"
expect 2 "caremarket: error: --parameters $work/by-scenario.csv:3: demand.homecare.older_65_plus.package_hours_per_week.mean: the mean (30) lies outside [min, max] = [1, 25]" \
  compare kent-baseline no-such-scenario "$work/no-version.toml" --parameters "$work/by-scenario.csv" \
  --set demand.homecare.older_65_plus.package_hours_per_week.max=25 -o "$work/never"
also "caremarket: error: no-such-scenario: no such scenario file or shipped scenario"
also "caremarket: error: $work/no-version.toml:1: schema_version: missing"
lacks "no-version.toml: $work/no-version.toml" "the file named before its own line"
# Where the base loads, its checks against the alternatives that load are said too: a key the
# sample sets that an alternative changes, and another time span.
expect 2 "pipeline-slip sets pipeline.slip_days to 365 (the base 0), but the parameter sample $work/slip.csv sets this key" \
  compare kent-baseline pipeline-slip "$work/no-version.toml" --parameters "$work/slip.csv" -o "$work/never"
also "caremarket: error: $work/no-version.toml:1: schema_version: missing"
expect 2 "backtest-2020 runs over another time span than the base kent-baseline" \
  compare kent-baseline backtest-2020 no-such-scenario -o "$work/never"
also "caremarket: error: no-such-scenario: no such scenario file or shipped scenario"
# A district's entry of a table of numbers by district (district_growth_per_year) is a numeric
# parameter like any other: sensitivity lists it and a sample may set it (it had no domain, and
# every command that listed the scenario's parameters stopped with an internal error).
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "dg"\n[demand.homecare.older_65_plus]\ndistrict_growth_per_year = { E07000110 = 1.0 }\n' >"$work/dg.toml"
"$caremarket" sensitivity "$work/dg.toml" --list >"$work/out" 2>"$work/err" &&
  grep -qF "demand.homecare.older_65_plus.district_growth_per_year.E07000110 1 [0.75, 1.25]" "$work/out" ||
  { echo "key_messages_test: sensitivity --list of a district's growth:" >&2; cat "$work/err" >&2; failed=1; }
printf 'particle,weight,demand.homecare.older_65_plus.district_growth_per_year.E07000110\n0,1,-2\n1,1,0.5\n' >"$work/dg.csv"
expect 2 "caremarket: error: --parameters $work/dg.csv:2: demand.homecare.older_65_plus.district_growth_per_year.E07000110: " \
  run "$work/dg.toml" --parameters "$work/dg.csv" -o "$work/never"
lacks "schema domain" "an internal error"
# A count beyond the 64-bit integers is said as the number the file gives (its rounding
# overflowed to -9223372036854775808), and a count written as a real is named as such.
printf 'particle,weight,market.homecare.framework_providers\n0,1,1e20\n1,1,-1e19\n2,1,90\n' >"$work/bigint.csv"
expect 2 "caremarket: error: --parameters $work/bigint.csv:2: market.homecare.framework_providers: expected an integer in 0..100000, found 1e20" \
  run kent-baseline --parameters "$work/bigint.csv" -o "$work/never"
also "bigint.csv:3: market.homecare.framework_providers: expected an integer in 0..100000, found -1e19"
lacks "-9223372036854775808" "an overflow of the rounding"
expect 2 "market.homecare.framework_providers: expected an integer, written without a decimal point or an exponent (3), found a floating-point number" \
  run kent-baseline --set market.homecare.framework_providers=3.0 -o "$work/never"
# A misspelt column is said beside a --set that stops the scenario loading: no scenario has it.
printf 'particle,weight,exits.stres_slope\n0,1,1\n' >"$work/typo.csv"
expect 2 "typo.csv:1: column 'exits.stres_slope': no scenario has a numeric parameter of this name; did you mean 'exits.stress_slope'?" \
  run kent-baseline --parameters "$work/typo.csv" --set exits.handback_probability=2 -o "$work/never"
also "--set exits.handback_probability=2: exits.handback_probability: expected a probability in [0, 1], found 2"
# sweep checks the sample against every point in one run, naming the points that refuse a row
# (a mean of 48 above the maxima 47 and 45, 47.5 above them too) unless all do (the -1 row).
printf 'particle,weight,demand.homecare.older_65_plus.package_hours_per_week.mean,exits.stress_slope\n0,1,48,1\n1,1,14,-1\n2,1,47.5,1\n' >"$work/by-point.csv"
expect 2 "at the point demand.homecare.older_65_plus.package_hours_per_week.max=45: --parameters $work/by-point.csv:2: demand.homecare.older_65_plus.package_hours_per_week.mean: the mean (48) lies outside" \
  sweep kent-baseline --vary demand.homecare.older_65_plus.package_hours_per_week.max=100,47,45 \
  --parameters "$work/by-point.csv" -o "$work/never"
also "at the point demand.homecare.older_65_plus.package_hours_per_week.max=47: --parameters $work/by-point.csv:4: demand.homecare.older_65_plus.package_hours_per_week.mean: the mean (47.5) lies outside [min, max] = [1, 47] (max from the point)"
lacks "as resolved" "the bound 47 is the point's --vary, not the scenario's"
also "caremarket: error: --parameters $work/by-point.csv:3: exits.stress_slope: expected a number >= 0, found -1"
# A bound every point shares (the scenario's max 45, not varied) is said once, of each point.
expect 2 "caremarket: error: --parameters $work/by-point.csv:2: demand.homecare.older_65_plus.package_hours_per_week.mean: the mean (48) lies outside [min, max] = [1, 45] (max from each point)" \
  sweep kent-baseline --set demand.homecare.older_65_plus.package_hours_per_week.max=45 --vary exits.stress_slope=1,2 \
  --parameters "$work/by-point.csv" -o "$work/never"
# A sampled key (or a fitted one) given by two --set options is said once, naming both.
expect 2 "--set exits.stress_slope=3 and --set exits.stress_slope=4: the parameter sample $work/good.csv sets exits.stress_slope in every replication, so the values set would never be used; drop those --set options" \
  run kent-baseline --parameters "$work/good.csv" --set exits.stress_slope=3 --set exits.stress_slope=4 -o "$work/never"
[ "$(grep -c "in every replication" "$work/err")" -eq 1 ] ||
  { echo "key_messages_test: a sampled key given by two --set said more than once:" >&2; cat "$work/err" >&2; failed=1; }
expect 2 "--set exits.stress_slope=1, --set exits.stress_slope=2 and --set exits.stress_slope=3: --vary exits.stress_slope fits this key, so the values set would never be used; drop those --set options, or the --vary" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv --vary 'exits.stress_slope=0..2' \
  --set exits.stress_slope=1 --set exits.stress_slope=2 --set exits.stress_slope=3 -o "$work/never"
[ "$(grep -c "fits this key" "$work/err")" -eq 1 ] ||
  { echo "key_messages_test: a fitted key given by three --set said more than once:" >&2; cat "$work/err" >&2; failed=1; }
# sweep says each --vary of a key the sample sets, with a --vary of its own at fault and with a
# scenario that cannot load (the sample's header is enough).
expect 2 "--vary exits.stress_slope: the parameter sample $work/good.csv sets exits.stress_slope too" \
  sweep kent-baseline --vary exits.stress_slope=1,2 --vary run.seed=1,2 --parameters "$work/good.csv" -o "$work/never"
also "--vary run.seed: every point runs the same seed"
expect 2 "--vary exits.stress_slope: the parameter sample $work/good.csv sets exits.stress_slope too" \
  sweep kent-baseline --vary exits.stress_slope=1,2 --set bogus=1 --parameters "$work/good.csv" -o "$work/never"
also "--set bogus=1: bogus: unknown key 'bogus'"
# A --vary of a table sets only the keys inside it: one the sample does not set runs, one it
# does is named by the sampled key.
printf 'particle,weight,exits.base_hazard_per_year.framework\n0,1,0.05\n' >"$work/framework-hazard.csv"
"$caremarket" sweep kent-baseline --vary 'exits.base_hazard_per_year={spot=0.01},{spot=0.02}' \
  --parameters "$work/framework-hazard.csv" -r 1 --no-report -o "$work/table-sweep" 2>"$work/err" ||
  { echo "key_messages_test: a --vary of a table beside a sample's other key was refused:" >&2; cat "$work/err" >&2; failed=1; }
expect 2 "--vary exits.base_hazard_per_year: the parameter sample $work/framework-hazard.csv sets exits.base_hazard_per_year.framework too" \
  sweep kent-baseline --vary 'exits.base_hazard_per_year={framework=0.01},{framework=0.02}' \
  --parameters "$work/framework-hazard.csv" -o "$work/never"
# A row every scenario refuses for the same reason is said once, without names, though the
# message names the scenario it was found against; a --set that erases a difference between the
# scenarios is said with the sample's faults.
printf 'particle,weight,demand.homecare.older_65_plus.package_hours_per_week.mean,framework.entrant_properties\n0,1,200,1\n1,1,14,abc\n' >"$work/too-long.csv"
expect 2 "caremarket: error: --parameters $work/too-long.csv:2: demand.homecare.older_65_plus.package_hours_per_week.mean: the mean (200) lies outside [min, max] = [1, 80] (max from each scenario as resolved)" \
  compare kent-baseline early-reopening rate-uplift --parameters "$work/too-long.csv" -o "$work/never"
[ "$(grep -c "the mean (200)" "$work/err")" -eq 1 ] ||
  { echo "key_messages_test: a row every scenario refuses said more than once:" >&2; cat "$work/err" >&2; failed=1; }
expect 2 "--set framework.reopen_after_years=[]: early-reopening sets framework.reopen_after_years" \
  compare kent-baseline early-reopening --set 'framework.reopen_after_years=[]' --parameters "$work/too-long.csv" -o "$work/never"
also "too-long.csv:3: column 'framework.entrant_properties': 'abc' is not a number"
# A table --set of run.replications and run.seed: the replications refused, the seed's clash
# with --seed said too.
expect 2 "--set run={replications=3, seed=5}: advise runs -r replications per evaluation" \
  advise kent-baseline --target 'off_contract_placement_share<=0.5' --set 'run={replications=3, seed=5}' --seed 6 -o "$work/never"
also "--set run={replications=3, seed=5} and --seed 6 both set run.seed"
# sensitivity says an --only that leaves only the sample's keys with the sample's faults.
expect 2 "no numeric parameter is left to vary: --only matches only keys the parameter sample $work/unknown-and-row.csv draws" \
  sensitivity kent-baseline --only exits.base_hazard_per_year.framework --parameters "$work/unknown-and-row.csv" -o "$work/never"
also "--parameters $work/unknown-and-row.csv:3: exits.base_hazard_per_year.framework: expected a number >= 0, found -0.5"
# A key column's name with a line break in it is shown on one line, the break as \x0a.
printf 'particle,weight,"exits.stress\n_slope"\n0,1,1\n' >"$work/break.csv"
expect 2 "break.csv:1: column 'exits.stress\\x0a_slope' is not a numeric parameter of scenario kent-baseline; did you mean 'exits.stress_slope'?" \
  run kent-baseline --parameters "$work/break.csv" -o "$work/never"
# An output folder that exists is said with the sample's faults, in run and compare.
mkdir -p "$work/exists"
for command in "run kent-baseline" "compare kent-baseline rate-uplift"; do
  # shellcheck disable=SC2086
  expect 2 "already exists" $command --parameters "$work/badval.csv" -o "$work/exists"
  also "badval.csv:2: column 'exits.stress_slope': 'abc' is not a number"
done
# A fraction in a whole-number key is said once, as the file gives it, not also as the value it
# would round to (-0.6 to -1, below the key's 0). A quote never closed is said as such, not
# also as a weight that is no number (the rest of the file read into the cell).
printf 'particle,weight,framework.entrant_properties\n0,1,-0.6\n' >"$work/frac.csv"
expect 2 "frac.csv:2: column 'framework.entrant_properties': the key is a whole number, found -0.6" \
  run kent-baseline --parameters "$work/frac.csv" -o "$work/never"
lacks "found -1" "the rounded value the file does not hold"
printf 'particle,weight,exits.stress_slope\n0,"1,0.5\n1,1,0.5\n' >"$work/quote.csv"
expect 2 "quote.csv:2: column 'weight': quoted field is not closed" \
  run kent-baseline --parameters "$work/quote.csv" -o "$work/never"
lacks "is not a number" "the swallowed record's cells read"
lacks "fields where the header has" "the swallowed record's field count"
# A key column given three times is said once.
printf 'particle,weight,exits.stress_slope,exits.stress_slope,exits.stress_slope\n0,1,1,1,1\n' >"$work/thrice.csv"
expect 2 "thrice.csv:1: column 'exits.stress_slope': column appears more than once in the header" \
  run kent-baseline --parameters "$work/thrice.csv" -o "$work/never"
[ "$(grep -c "column appears more than once" "$work/err")" -eq 1 ] ||
  { echo "key_messages_test: a column given 3 times said more than once:" >&2; cat "$work/err" >&2; failed=1; }
# A sample's key columns, checked against the scenario, are said with sensitivity's --only and
# advise's --target: a column that is no key of the scenario.
printf 'particle,weight,exits.no_such_key\n0,1,0.5\n' >"$work/badkey.csv"
expect 2 "--only nonsense: no numeric parameter's key starts with it" \
  sensitivity kent-baseline --only nonsense --parameters "$work/badkey.csv" --list
also "exits.no_such_key"
expect 2 "--target 'nonsense<=1': unknown homecare KPI 'nonsense'" \
  advise kent-baseline --target 'nonsense<=1' --parameters "$work/badkey.csv" -o "$work/never"
also "exits.no_such_key"
expect 2 "--targets $work/missing.csv: cannot read the file: it does not exist" \
  calibrate backtest-2020 --targets "$work/missing.csv" --vary 'exits.stress_slope=2..1' \
  --set exits.stress_slop=1 -o "$work/never"
also "--set exits.stress_slop=1: exits.stress_slop: unknown key 'stress_slop'"
# A --set that erases the difference a comparison is about is refused also where the other --set
# options (a short horizon) make the base invalid on its own: early-reopening's file reopens
# after 2 and 5 years, the baseline's after 3 and 6.
expect 2 "--set framework.reopen_after_years=[]: early-reopening sets framework.reopen_after_years to [ 2, 5 ] and the base, kent-baseline, to [ 3, 6 ]" \
  compare kent-baseline early-reopening --set run.horizon_months=12 \
  --set 'framework.reopen_after_years=[]' -r 1 --no-report -o "$work/never"
# A --only given twice is said once.
expect 2 "--only nonsense: no numeric parameter's key starts with it" \
  sensitivity kent-baseline --only nonsense --only nonsense --list
[ "$(grep -c -- "--only nonsense:" "$work/err")" -eq 1 ] ||
  { echo "key_messages_test: a repeated --only said more than once:" >&2; cat "$work/err" >&2; failed=1; }
# A scenario that does not exist is named once, not twice.
"$caremarket" validate nosuch >"$work/out" 2>&1
grep -qF "nosuch: error: no such scenario file or shipped scenario" "$work/out" && ! grep -qF "nosuch: nosuch:" "$work/out" ||
  { echo "key_messages_test: validate names a missing scenario twice:" >&2; cat "$work/out" >&2; failed=1; }
expect 2 "caremarket: error: nosuch: no such scenario file or shipped scenario" \
  compare kent-baseline nosuch -r 1 -o "$work/never"
lacks "nosuch: nosuch:" "the missing scenario named twice"
# An option's clash with a --set (a name, run.replications) is said with the other faults.
expect 2 "--set name=b and --name a both name the run; give one of them" \
  run kent-baseline --name a --set name=b --set bogus=1 -o "$work/never"
also "--set bogus=1: bogus: unknown key 'bogus'"
expect 2 "--set run.replications=3: sensitivity runs -r replications per evaluation (default 20) and does not read run.replications; give -r instead" \
  sensitivity kent-baseline --set run.replications=3 --set bogus=1 --list
also "--set bogus=1: bogus: unknown key 'bogus'"
expect 2 "--set run.replications=3: advise runs -r replications per evaluation" \
  advise kent-baseline --target 'off_contract_placement_share<=0.2' --set run.replications=3 \
  --set bogus=1 -o "$work/never"
also "--set bogus=1: bogus: unknown key 'bogus'"
expect 2 "--set name=x: compare names each scenario by its own name" \
  compare kent-baseline rate-uplift --set name=x --set bogus=1 -o "$work/never"
also "--set bogus=1: bogus: unknown key 'bogus'"
# A --set every scenario that was read refused is not said of one of them alone.
expect 2 "caremarket: error: --set bogus=1: bogus: unknown key 'bogus'" \
  compare kent-baseline nosuch --set bogus=1 -r 1 -o "$work/never"
lacks "kent-baseline: --set bogus=1" "a --set fault said of the one scenario read"
# One scenario is too few for compare: said with its --set fault, which it no longer hides,
# and with its parameter sample's faults.
expect 2 "caremarket: error: compare needs a base scenario and at least one alternative" \
  compare kent-baseline --set bogus=1 -r 1 -o "$work/never"
also "caremarket: error: --set bogus=1: bogus: unknown key 'bogus'"
printf 'particle,weight,exits.stress_slope\n0,1,abc\n' >"$work/one-abc.csv"
expect 2 "caremarket: error: compare needs a base scenario and at least one alternative" \
  compare kent-baseline --parameters "$work/one-abc.csv" -r 1 -o "$work/never"
also "one-abc.csv:2: column 'exits.stress_slope': 'abc' is not a number"

# A refused end's reason is said at the end's value as the header writes it: 0.9 x 1.3 is
# 1.1700000000000002 in floating point, written 1.17 in 12 significant digits (the referrals at
# a yearly growth of 1.17 pass the limit).
expect 2 "  demand.homecare.older_65_plus.growth_per_year=1.17: demand.homecare.older_65_plus.growth_per_year: the referrals add up to" \
  sensitivity kent-baseline --set demand.homecare.older_65_plus.growth_per_year=0.9 --swing 0.3 \
  --only demand.homecare.older_65_plus.growth_per_year --list
lacks "1.1700000000000002" "the end's value in full, where its header writes 1.17"

# A row of a parameter sample that makes a key it does not set refused (a provider count below
# the provider a shock names) is blamed, with the key it sets, not the scenario: the
# back-test's first shock names supported living framework provider 61, and the sample's second
# row (line 3) leaves 50 of them.
printf 'particle,weight,market.supported_living.framework_providers\n0,1,70\n1,1,50\n' >"$work/rows.csv"
for command in "sensitivity backtest-2020 --only costs.homecare.spot_premium --list" \
  "run backtest-2020 -r 2 --no-report -o $work/never"; do
  # shellcheck disable=SC2086
  expect 2 "caremarket: error: --parameters $work/rows.csv:3: market.supported_living.framework_providers: leaves out exits.shocks[0].provider (the scenario backtest-2020 as resolved): no provider named 'supported living framework provider 61' in the synthesised market: it has 50 supported living framework providers" \
    $command --parameters "$work/rows.csv"
  lacks "rows.csv:2" "a row whose count keeps the shock's provider blamed"
done

# A file with many faulty lines has its first 20 said and the rest counted, with their lines,
# in every command: a sample of 25 bad rows (lines 2 to 26: 5 counted, lines 22 to 26), said
# with a --set's fault; a projections file of 21 bad rows (1 counted, line 22) in validate,
# which reports on stdout.
{ echo "particle,weight,costs.homecare.spot_premium"; for i in $(seq 1 25); do echo "$i,1,abc"; done; } \
  >"$work/bad-rows.csv"
expect 2 "bad-rows.csv:21: column 'costs.homecare.spot_premium': 'abc' is not a number" \
  run kent-baseline --parameters "$work/bad-rows.csv" --set run.horizon_months=abc -o "$work/never"
also "bad-rows.csv: 5 more faults, on lines 22 to 26, are not said; the first 20 are above"
also "--set run.horizon_months=abc"
lacks "bad-rows.csv:22:" "the 21st faulty line of a file said"
expect 2 "bad-rows.csv: 5 more faults, on lines 22 to 26, are not said; the first 20 are above" \
  sweep kent-baseline --vary costs.homecare.spot_premium=0.1,0.2 --parameters "$work/bad-rows.csv" \
  -o "$work/never"
{ echo "district,age_band,year,population"; for i in $(seq 1 21); do echo "E07000105,65+,2025,abc"; done; } \
  >"$work/bad-projections.csv"
"$caremarket" validate kent-baseline --set "market.files.projections=$work/bad-projections.csv" \
  >"$work/out" 2>&1
grep -qF "kent-baseline: error: $work/bad-projections.csv: 1 more fault, on line 22, is not said; the first 20 are above" "$work/out" &&
  ! grep -qF "bad-projections.csv:22:" "$work/out" ||
  { echo "key_messages_test: validate's 21 faulty lines:" >&2; cat "$work/out" >&2; failed=1; }
# A scenario file whose name holds "3:1: " stands before the projections' name in compare's
# faults: the count is still of the projections file, not of "staff 3" line 1.
printf 'schema_version = 1\nextends = "kent-baseline"\n[market.files]\nprojections = "%s"\n' \
  "$work/bad-projections.csv" >"$work/staff 3:1: b.toml"
expect 2 "caremarket: error: $work/bad-projections.csv: 1 more fault, on line 22, is not said; the first 20 are above" \
  compare kent-baseline "$work/staff 3:1: b.toml" -o "$work/never"
lacks "staff 3: 1 more fault" "a name holding 3:1 taken for the file"

# A sweep point whose scenario is refused stops no check at the other points: its fault is said
# with the sample's faults at the points that load (the -3 is refused by every such point, so
# none is named), whether the refused point is the first or not.
printf 'particle,weight,costs.supported_living.spot_premium\n1,1,-3\n2,1,0.2\n' >"$work/sl-premium.csv"
for values in 0.1,-5,0.3 -5,0.1,0.3; do
  expect 2 "--vary costs.homecare.spot_premium=$values (value -5): costs.homecare.spot_premium: expected a relative change > -1, found -5" \
    sweep kent-baseline --vary "costs.homecare.spot_premium=$values" --parameters "$work/sl-premium.csv" \
    -o "$work/never"
  also "caremarket: error: --parameters $work/sl-premium.csv:2: costs.supported_living.spot_premium: expected a relative change > -1, found -3"
done

# A fault a sweep point's value causes in another key (backtest-2020's shock on line 66 names
# provider 61, which markets of 50 and 60 framework providers lack; 70 have it) is blamed on the
# --vary value that gives the count, naming the shock and its line.
expect 2 "caremarket: error: --vary market.supported_living.framework_providers=50,60,70 (value 50): market.supported_living.framework_providers: leaves out exits.shocks[0].provider (scenarios/kent/backtest-2020.toml:66): no provider named 'supported living framework provider 61' in the synthesised market: it has 50" \
  sweep backtest-2020 --vary market.supported_living.framework_providers=50,60,70 -o "$work/never"
also "caremarket: error: --vary market.supported_living.framework_providers=50,60,70 (value 60): market.supported_living.framework_providers: leaves out exits.shocks[0].provider"
lacks "(value 70)" "a point that loads said as refusing"
# So is a --set of the count, and a count given by the file named over the one it extends.
expect 2 "caremarket: error: --set market.supported_living.framework_providers=50: market.supported_living.framework_providers: leaves out exits.shocks[0].provider (scenarios/kent/backtest-2020.toml:66): no provider named 'supported living framework provider 61'" \
  run backtest-2020 --set market.supported_living.framework_providers=50 -o "$work/never"
printf 'schema_version = 1\nextends = "backtest-2020"\n[market.supported_living]\nframework_providers = 50\n' \
  >"$work/fifty.toml"
expect 2 "fifty.toml:4: market.supported_living.framework_providers: leaves out exits.shocks[0].provider (scenarios/kent/backtest-2020.toml:66)" \
  run "$work/fifty.toml" -o "$work/never"

# A note of some points' models names them, and is said once: one of backtest-2020's shocks of
# 2020-06-01 names provider 31, which holds no capacity in the markets of 70 and 75 framework
# providers the synthesis draws, but does in that of 65.
"$caremarket" sweep backtest-2020 --vary market.supported_living.framework_providers=65,70,75 -r 1 \
  --no-report -o "$work/noted" 2>"$work/err" >/dev/null &&
  grep -qF "caremarket: note: at the points market.supported_living.framework_providers=70 and market.supported_living.framework_providers=75: backtest-2020: the shock on 2020-06-01 names supported living framework provider 31, which holds no capacity" "$work/err" &&
  [ "$(grep -c "provider 31" "$work/err")" -eq 1 ] ||
  { echo "key_messages_test: a sweep point's note:" >&2; cat "$work/err" >&2; failed=1; }

# A group's referrals given as a number, with a sample of another key, runs (it stopped with
# "no schema domain", exit 1).
printf 'particle,weight,exits.stress_slope\n1,1,0.2\n2,1,0.3\n' >"$work/slope.csv"
"$caremarket" run kent-baseline -r 1 --set run.horizon_months=6 --set 'framework.reopen_after_years=[]' \
  --set demand.homecare.older_65_plus.referrals_per_year=1000 --parameters "$work/slope.csv" \
  --no-report -o "$work/referrals-run" >/dev/null 2>"$work/err" ||
  { echo "key_messages_test: numeric referrals with a sample:" >&2; cat "$work/err" >&2; failed=1; }

# The count is of a file, whatever stands before its name: 30 rows each at fault twice (a cell
# that is no number, said first for every row, then a value refused, said with
# "--parameters "), 60 faults: the cells of lines 2 to 21 said, the cells of lines 22 to 31 and
# the values of lines 2 to 31 counted once (40, on lines 2 to 31). A folder named "dir:7:x"
# holds the file: its ":7:" is no line.
mkdir -p "$work/dir:7:x"
{ echo "particle,weight,costs.homecare.spot_premium,exits.stress_slope"; for i in $(seq 1 30); do echo "$i,1,-5,abc"; done; } \
  >"$work/dir:7:x/mixed.csv"
expect 2 "caremarket: error: $work/dir:7:x/mixed.csv: 40 more faults, on lines 2 to 31, are not said; the first 20 are above" \
  run kent-baseline --parameters "$work/dir:7:x/mixed.csv" -o "$work/never"
[ "$(grep -c "more faults" "$work/err")" -eq 1 ] ||
  { echo "key_messages_test: one file counted more than once:" >&2; cat "$work/err" >&2; failed=1; }
# A folder named "d 3:1: x" (a line and ": " in its name) holds the file: the count names the
# file whole, not "x/mixed.csv".
mkdir -p "$work/d 3:1: x"
cp "$work/dir:7:x/mixed.csv" "$work/d 3:1: x/mixed.csv"
expect 2 "caremarket: error: $work/d 3:1: x/mixed.csv: 40 more faults, on lines 2 to 31, are not said; the first 20 are above" \
  run kent-baseline --parameters "$work/d 3:1: x/mixed.csv" -o "$work/never"
# A value holding "12:30" is no file's line: 25 refused --vary values, all said.
expect 2 "--vary exits.stress_slope=12:30:00" sweep kent-baseline \
  --vary "exits.stress_slope=12:30:00,$(seq -s, -1 -1 -24)" -o "$work/never"
lacks "more faults" "a --vary value read as a file's line"

# A sample and a calibration may set the numbers a sweep's --vary may that have no value of the
# scenario's to vary about: a group's referrals the scenario derives, and a district's own
# growth. A district's weight where the model never reads it, or alone, is refused, naming why;
# so is a district the geography lacks.
# Each is used: the run's figures differ from the scenario's own (same seed).
short="-r 2 --set run.horizon_months=6 --set framework.reopen_after_years=[] --no-report"
# shellcheck disable=SC2086
"$caremarket" run kent-baseline $short -o "$work/own-run" >/dev/null 2>&1
for key in demand.homecare.children.referrals_per_year \
  demand.homecare.children.district_growth_per_year.E07000110; do
  printf 'particle,weight,%s\n1,1,3\n' "$key" >"$work/settable.csv"
  # shellcheck disable=SC2086
  "$caremarket" run kent-baseline $short --parameters "$work/settable.csv" -o "$work/settable-run" --force \
    >/dev/null 2>"$work/err" && ! cmp -s "$work/own-run/kpis.csv" "$work/settable-run/kpis.csv" ||
    { echo "key_messages_test: a sample of $key refused or unused:" >&2; cat "$work/err" >&2; failed=1; }
done
printf 'particle,weight,demand.homecare.children.custom_weights.E07000110\n1,1,2\n' >"$work/weights.csv"
expect 2 "weights.csv:1: column 'demand.homecare.children.custom_weights.E07000110': read only where demand.homecare.children.district_weights is \"custom\", not \"population\" as here, so its values would never be used" \
  run kent-baseline --parameters "$work/weights.csv" -o "$work/never"
printf 'particle,weight,framework.entrant_district_weights.E07000110\n1,1,2\n' >"$work/entrants.csv"
expect 2 "entrants.csv:1: column 'framework.entrant_district_weights.E07000110': scenario kent-baseline gives no framework.entrant_district_weights, so one district's weight alone would send every entrant there whatever its value" \
  run kent-baseline --parameters "$work/entrants.csv" -o "$work/never"
printf 'particle,weight,demand.homecare.children.district_growth_per_year.E99999999\n1,1,0.02\n' >"$work/nowhere.csv"
expect 2 "nowhere.csv:1: column 'demand.homecare.children.district_growth_per_year.E99999999': unknown district code 'E99999999' (not in the scenario's geography)" \
  run kent-baseline --parameters "$work/nowhere.csv" -o "$work/never"
# calibrate takes such a key (stopped here by its --max-simulations alone).
expect 2 "--max-simulations 1 cannot complete the first wave" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary demand.supported_living.adults_26_64.referrals_per_year=100..400 --max-simulations 1 -o "$work/never"
lacks "referrals_per_year:" "a derived group's referrals refused as a prior"
expect 2 "--vary demand.supported_living.adults_26_64.custom_weights.E07000110: read only where" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary demand.supported_living.adults_26_64.custom_weights.E07000110=1..2 -o "$work/never"

# A fault of every value of a --vary is said once, "(every value)"; of a subset, naming it.
expect 2 "--vary demand.homecare.children.district_growth_per_year.E99999999=0.01,0.02 (every value): demand.homecare.children.district_growth_per_year.E99999999: unknown district code 'E99999999'" \
  sweep kent-baseline --vary demand.homecare.children.district_growth_per_year.E99999999=0.01,0.02 -o "$work/never"
lacks "(value 0.02)" "a fault of every value said once for each"
# calibrate says a key both a --set and a --vary give once, not again at each corner; a
# corner's values are written as the other numbers of messages are (0, not 0.0).
expect 2 "--set exits.stress_slope=0.2: --vary exits.stress_slope fits this key" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary exits.stress_slope=0..1 --set exits.stress_slope=0.2 -o "$work/never"
lacks "both set exits.stress_slope" "the clash said again at each corner"
expect 2 "--vary market.supported_living.framework_providers=50..70 (its low end, 50): market.supported_living.framework_providers: leaves out exits.shocks[0].provider" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary market.supported_living.framework_providers=50..70 --vary exits.stress_slope=0..2000000 -o "$work/never"
also "caremarket: note: at the priors' high corner (market.supported_living.framework_providers=70, exits.stress_slope=2000000): backtest-2020: the shock on 2020-06-01 names supported living framework provider 31"
# A prior refused for its range hides no fault the other priors' ends cause.
expect 2 "--vary exits.stress_slope: the range -1..1 leaves the key's valid range" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary exits.stress_slope=-1..1 --vary market.supported_living.framework_providers=50..70 -o "$work/never"
also "--vary market.supported_living.framework_providers=50..70 (its low end, 50): market.supported_living.framework_providers: leaves out exits.shocks[0].provider"
# A prior's range is said as typed: 13 nines are not rounded to -1.
expect 2 "--vary demand.homecare.older_65_plus.district_growth_per_year.E07000105: the range -0.9999999999999..0.1 leaves the key's valid range" \
  calibrate kent-baseline --targets scenarios/kent/targets-2020-2024.csv \
  --vary demand.homecare.older_65_plus.district_growth_per_year.E07000105=-0.9999999999999..0.1 -o "$work/never"
# A district code typed in lower case is suggested in its case, in a sample's column, a prior
# and a target's area alike.
printf 'particle,weight,demand.homecare.older_65_plus.district_growth_per_year.e07000105\n0,1,0.01\n' >"$work/lower.csv"
expect 2 "lower.csv:1: column 'demand.homecare.older_65_plus.district_growth_per_year.e07000105': unknown district code 'e07000105' (not in the scenario's geography); did you mean 'E07000105'?" \
  run kent-baseline --parameters "$work/lower.csv" -o "$work/never"
expect 2 "unknown district code 'e07000105' (not in the scenario's geography); did you mean 'E07000105'?" \
  calibrate kent-baseline --targets scenarios/kent/targets-2020-2024.csv \
  --vary demand.homecare.older_65_plus.district_growth_per_year.e07000105=0..0.1 -o "$work/never"
printf 'metric,service,area,date,observed,sd,source\nwaiting_people_mean,homecare,e07000105,2021-03-31,100,10,x\n' >"$work/lower-area.csv"
expect 2 "lower-area.csv:2: column 'area': unknown area 'e07000105' (a district of the scenario or E10000016, the council); did you mean 'E07000105'?" \
  calibrate backtest-2020 --targets "$work/lower-area.csv" --vary exits.stress_slope=0..1 -o "$work/never"
# A table a file replaces whole (custom_weights) is replaced only in the entries a later key
# gives: a --set of the table and a later --set, sample column or prior of an entry it leaves out
# both count (the table's entries kept, the entry added); of an entry it gives, or the table
# after the entry, they clash.
cw=demand.homecare.prisons.custom_weights
expect 0 "results in" run kent-baseline -r 1 --set "$cw={E07000105=1}" --set "$cw.E07000106=2" \
  --no-report -o "$work/cw-sets"
grep -qF 'custom_weights = { "E07000105" = 1, "E07000106" = 2 }' "$work/cw-sets/scenario.resolved.toml" ||
  { echo "key_messages_test: a --set of a custom_weights entry did not add to the table set before it" >&2; failed=1; }
expect 2 "--set $cw.E07000106=2 sets $cw.E07000106, but --set $cw={E07000105=1}, after it, replaces the table $cw whole, dropping it; give the entry inside that table, or after it" \
  run kent-baseline -r 1 --set "$cw.E07000106=2" --set "$cw={E07000105=1}" -o "$work/never"
printf 'particle,weight,%s.E07000106\n0,1,2\n' "$cw" >"$work/cw-sample.csv"
expect 0 "results in" run kent-baseline -r 1 --set "$cw={E07000105=1}" --parameters "$work/cw-sample.csv" \
  --no-report -o "$work/cw-sample"
expect 2 "--set $cw={E07000105=1,E07000106=3}: the parameter sample $work/cw-sample.csv sets $cw.E07000106 in every replication" \
  run kent-baseline -r 1 --set "$cw={E07000105=1,E07000106=3}" --parameters "$work/cw-sample.csv" -o "$work/never"
expect 0 "calibration in" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv -n 4 --waves 1 --no-report \
  --set demand.homecare.prisons.referrals_per_year=20 --set "$cw={E07000105=1}" \
  --vary "$cw.E07000106=0..1" -o "$work/cw-calibrate"
lacks "would never be used" "a --set of the table whose other entries are used"
grep -qF 'custom_weights = { "E07000105" = 1 }' "$work/cw-calibrate/scenario.resolved.toml" ||
  { echo "key_messages_test: calibrate lost the --set of the custom_weights table" >&2; failed=1; }
expect 2 "--set $cw={E07000105=1,E07000106=2}: --vary $cw.E07000106 fits this key, so the value set would never be used" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --set demand.homecare.prisons.referrals_per_year=20 --set "$cw={E07000105=1,E07000106=2}" \
  --vary "$cw.E07000106=0..1" -o "$work/never"
# A group with nobody in care and no referrals: its other keys are taken beside its people or
# referrals, in a sample and in calibrate's priors alike (a sweep's --vary takes them too);
# alone, they are refused, saying how to give the group referrals.
pr=demand.homecare.prisons
printf 'particle,weight,%s.referrals_per_year,%s.district_growth_per_year.E07000105\n0,1,20,0.05\n' "$pr" "$pr" >"$work/silent-referrals.csv"
expect 0 "results in" run backtest-2020 -r 1 --parameters "$work/silent-referrals.csv" --no-report -o "$work/silent-referrals"
printf 'particle,weight,%s.initial_people,%s.growth_per_year\n0,1,20,0.05\n' "$pr" "$pr" >"$work/silent-people.csv"
expect 0 "results in" run backtest-2020 -r 1 --parameters "$work/silent-people.csv" --no-report -o "$work/silent-people"
# (Maidstone, E07000110, has a prison: a district without one reads no prisons' growth.)
expect 0 "calibration in" calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv -n 4 \
  --waves 1 --no-report --vary "$pr.referrals_per_year=10..20" \
  --vary "$pr.district_growth_per_year.E07000110=0..0.1" -o "$work/silent-calibrate"
expect 2 "--vary $pr.district_growth_per_year.E07000105: its two ends build the same model" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv -n 4 \
  --waves 1 --no-report --vary "$pr.referrals_per_year=10..20" \
  --vary "$pr.district_growth_per_year.E07000105=0..0.1" -o "$work/never"
# A prior of the group's people that rounds to 0 in every particle (a whole number: 0..0.4)
# starts nothing: the prior is refused as one that does not vary, and the group's other key as
# a silent group's, saying why. So is any whole number's range that rounds to one value.
expect 2 "--vary $pr.initial_people: the key is a whole number and every value of the range 0..0.4 rounds to 0, so it would not vary; give a range over at least two whole numbers" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv -n 4 --waves 1 --no-report \
  --vary "$pr.initial_people=0..0.4" --vary "$pr.growth_per_year=0..0.1" -o "$work/never"
also "--vary $pr.growth_per_year: a key of a group with nobody in care and no referrals in scenario backtest-2020, so varying it would move nothing (give the group initial_people or referrals_per_year first: in the scenario, or beside this key in a --vary, a sample's column or a prior); the prior of $pr.initial_people, 0..0.4, gives it 0 people in every particle"
expect 2 "--vary $pr.district_growth_per_year.E07000105: a key of a group with nobody in care and no referrals in scenario backtest-2020, so varying it would move nothing (give the group initial_people or referrals_per_year first: in the scenario, or beside this key in a --vary, a sample's column or a prior); the prior of $pr.initial_people, 0..0.4, gives it 0 people in every particle" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv -n 4 --waves 1 --no-report \
  --vary "$pr.initial_people=0..0.4" --vary "$pr.district_growth_per_year.E07000105=0..0.1" -o "$work/never"
expect 2 "--vary framework.entrant_properties: the key is a whole number and every value of the range 1.6..2.4 rounds to 2, so it would not vary" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv -n 4 --waves 1 --no-report \
  --vary "framework.entrant_properties=1.6..2.4" -o "$work/never"
# A range between two whole numbers gives both (0.4..0.6: 0 and 1; it was "holds none"), and
# the council's code in a prior's key is said as such.
expect 0 "calibration in" calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv -n 4 \
  --waves 1 --no-report --vary "framework.entrant_properties=0.4..0.6" -o "$work/between"
expect 2 "--vary framework.entrant_district_weights.E10000016: 'E10000016' is the council's code (area_code), not a district's" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv -n 4 --waves 1 --no-report \
  --vary "framework.entrant_district_weights.E10000016=0..1" -o "$work/never"
# Only an end of the range rounds to another number: a draw never hits it (1.6..2.5 is 2 in
# every particle, 0..0.5 is 0); 0..0.6 can give the group people, so it is taken.
expect 2 "--vary framework.entrant_properties: the key is a whole number and every value of the range 1.6..2.5 but an end (which a draw does not hit) rounds to 2, so it would not vary" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv -n 4 --waves 1 --no-report \
  --vary "framework.entrant_properties=1.6..2.5" -o "$work/never"
expect 2 "the prior of $pr.initial_people, 0..0.5, gives it 0 people in every particle" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv -n 4 --waves 1 --no-report \
  --vary "$pr.initial_people=0..0.5" --vary "$pr.growth_per_year=0..0.1" -o "$work/never"
expect 0 "calibration in" calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv -n 4 \
  --waves 1 --no-report --vary "$pr.initial_people=0..0.6" --vary "$pr.growth_per_year=0..0.1" \
  -o "$work/silent-half"
# (Its 4 particles happen to give the group 0 people each: 0.5/0.6 of the draws do. With 0..3, 1
# in 6 do, and then run takes the sample: calibrate warns of nothing.)
expect 0 "calibration in" calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv -n 4 \
  --waves 1 --no-report --vary "$pr.initial_people=0..3" --vary "$pr.growth_per_year=0..0.1" \
  -o "$work/silent-people-drawn"
lacks "will refuse" "a calibration whose particles give the silent group people"
expect 0 "results in" run backtest-2020 -r 1 --parameters "$work/silent-people-drawn/parameters.csv" \
  --no-report -o "$work/silent-people-run"
# A prior that can give the group people (0..0.51) but by chance gives 0 to each of the 4
# particles kept (each draw does with probability 0.5/0.51): calibrate writes the sample and says
# that run --parameters refuses it, as run then does, in the same words; the report says so too.
said="column '$pr.growth_per_year': a key of a group with nobody in care and no referrals in scenario backtest-2020, so varying it would move nothing"
expect 0 "warning: run --parameters will refuse $work/silent-chance/parameters.csv:1: $said" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv -n 4 --waves 1 \
  --vary "$pr.initial_people=0..0.51" --vary "$pr.growth_per_year=0..0.1" -o "$work/silent-chance"
also "the column $pr.initial_people of $work/silent-chance/parameters.csv is 0 in every row a replication may draw"
[ "$(cut -d, -f3 "$work/silent-chance/parameters.csv" | sort -u | tr '\n' ' ')" = "0 $pr.initial_people " ] ||
  { echo "key_messages_test: the chance case's particles do not all give the group 0 people" >&2; failed=1; }
grep -qF "refuses this folder's parameters.csv:</strong> parameters.csv:1: column &#39;$pr.initial_people&#39;: a key of a group with nobody" \
  "$work/silent-chance/report.html" ||
  { echo "key_messages_test: the calibration report does not say run refuses its sample" >&2; failed=1; }
expect 2 "$work/silent-chance/parameters.csv:1: $said" \
  run backtest-2020 -r 1 --parameters "$work/silent-chance/parameters.csv" -o "$work/never"
# A sample's column of the group's people that is 0 in every row drawn from starts nothing
# either: its other columns are refused, saying why (they ran, and moved nothing).
printf 'particle,weight,%s.initial_people,%s.growth_per_year\n0,1,0,0.05\n1,1,0,0.02\n' "$pr" "$pr" >"$work/silent-zeros.csv"
expect 2 "silent-zeros.csv:1: column '$pr.growth_per_year': a key of a group with nobody in care and no referrals in scenario backtest-2020, so varying it would move nothing (give the group initial_people or referrals_per_year first: in the scenario, or beside this key in a --vary, a sample's column or a prior); the column $pr.initial_people of $work/silent-zeros.csv is 0 in every row a replication may draw" \
  run backtest-2020 -r 1 --parameters "$work/silent-zeros.csv" -o "$work/never"
printf 'particle,weight,%s.growth_per_year\n0,1,0.05\n' "$pr" >"$work/silent-alone.csv"
expect 2 "silent-alone.csv:1: column '$pr.growth_per_year': a key of a group with nobody in care and no referrals in scenario backtest-2020, so varying it would move nothing (give the group initial_people or referrals_per_year first: in the scenario, or beside this key in a --vary, a sample's column or a prior)" \
  run backtest-2020 -r 1 --parameters "$work/silent-alone.csv" -o "$work/never"
# Entrants' district weights that add up to 0 leave an entrant nowhere to go: refused before
# anything runs (a run drew from them at the first reopening and stopped with exit 1).
expect 2 "--set framework.entrant_district_weights={E07000105=0}: framework.entrant_district_weights: the weights add up to 0; at least one district must have a weight > 0 (or give {} to draw them in proportion to the starting homecare demand)" \
  run kent-baseline -r 1 --set 'framework.entrant_district_weights={E07000105=0}' -o "$work/never"
[ ! -e "$work/never" ] || { echo "key_messages_test: a refused run wrote its folder" >&2; failed=1; }
# Only the proportions of entrants' weights are drawn from: one district's weight alone, swept,
# moves nothing (its points ran one model, as a sample or prior of it is refused).
expect 2 "--vary framework.entrant_district_weights.E07000106: every point builds the same model" \
  sweep kent-baseline -r 1 --vary framework.entrant_district_weights.E07000106=1,2 -o "$work/never"
# What a reopening reads and the scenario never will (Kent's supported living does not reopen; a
# closed framework has no reopening) builds the same model whatever its value: the sweep ran two
# identical points. A service that reopens reads its entrants.
expect 2 "--vary framework.new_entrants_per_reopening.supported_living: every point builds the same model" \
  sweep kent-baseline -r 1 --vary framework.new_entrants_per_reopening.supported_living=2,4 -o "$work/never"
expect 2 "--vary framework.spot_join_probability: every point builds the same model" \
  sweep closed-framework -r 1 --vary framework.spot_join_probability=0.3,0.5 -o "$work/never"
expect 0 "sweep in" sweep kent-baseline -r 1 --vary framework.new_entrants_per_reopening.homecare=5,6 \
  --no-report -o "$work/entrants-sweep"
# A calibration's prior on such a key is refused too: the targets can say nothing of it (the
# 2020 back-test reopens supported living alone).
expect 2 "--vary framework.new_entrants_per_reopening.homecare: its two ends build the same model (scenario backtest-2020's model does not read this key)" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv -n 4 --waves 1 \
  --vary framework.new_entrants_per_reopening.homecare=0..5 --vary exits.stress_slope=0..2 -o "$work/never"
lacks "exits.stress_slope: its two ends" "a prior on a key the model reads"
# So is a sample's column of such a key (it ran, and changed nothing); a column another switches
# on (a silent group's growth beside its people, 0 in one row) is taken.
printf 'particle,weight,framework.spot_join_probability,exits.stress_slope\n1,1,0.3,1\n2,1,0.5,2\n' >"$work/unread.csv"
expect 2 "unread.csv:1: column 'framework.spot_join_probability': its values build the same model (scenario closed-framework's model does not read this key), so it changes nothing in any replication" \
  run closed-framework -r 1 --parameters "$work/unread.csv" -o "$work/never"
lacks "column 'exits.stress_slope'" "a column the model reads"
printf 'particle,weight,%s.initial_people,%s.growth_per_year\n0,1,0,0.05\n1,1,20,0.1\n' "$pr" "$pr" >"$work/switched.csv"
expect 0 "results in" run backtest-2020 -r 1 --parameters "$work/switched.csv" --no-report -o "$work/switched"
# So are a closed framework against an open one with no reopening, and a fixed distribution's cv;
# in a grid, a key that moves no point's model (each point ran another's model again), but not
# one that moves some (supported living's entrants where it reopens).
expect 2 "--vary framework.type: every point builds the same model" \
  sweep closed-framework -r 1 --vary 'framework.type="closed","open"' -o "$work/never"
expect 2 "--vary demand.homecare.older_65_plus.length_of_stay_days.cv: every point builds the same model" \
  sweep kent-baseline -r 1 --set 'demand.homecare.older_65_plus.length_of_stay_days.distribution="fixed"' \
  --vary demand.homecare.older_65_plus.length_of_stay_days.cv=0.5,1 -o "$work/never"
# An exponential distribution reads no cv (Kent's pipeline delays), and with no property in the
# pipeline its delays are never drawn (the points ran one model).
expect 2 "--vary pipeline.delay_days.cv: every point builds the same model" \
  sweep kent-baseline -r 1 --vary pipeline.delay_days.cv=0.5,2 -o "$work/never"
expect 2 "--vary pipeline.slip_days: every point builds the same model" \
  sweep backtest-2020 -r 1 --set market.supported_living.pipeline_properties=0 \
  --vary pipeline.slip_days=0,100 -o "$work/never"
short="--set run.horizon_months=24 --set framework.reopen_after_years=[1]"
# shellcheck disable=SC2086
expect 2 "--vary framework.new_entrants_per_reopening.supported_living: its values build the same model wherever the other keys stand" \
  sweep kent-baseline -r 1 $short --vary framework.new_entrants_per_reopening.supported_living=2,4 \
  --vary costs.homecare.spot_premium=0.1,0.2 -o "$work/never"
# shellcheck disable=SC2086
expect 0 "sweep in" sweep kent-baseline -r 1 $short --vary framework.new_entrants_per_reopening.supported_living=2,4 \
  --vary framework.services_reopening.supported_living=false,true --no-report -o "$work/entrants-grid"
# In a sweep too: a silent group's key alone is said as the group's (not as "every point builds
# the same model"); beside a --vary of its referrals, it sweeps.
expect 2 "--vary $pr.growth_per_year: a key of a group with nobody in care and no referrals in scenario backtest-2020" \
  sweep backtest-2020 -r 1 --vary "$pr.growth_per_year=0,0.1" -o "$work/never"
lacks "every point builds the same model" "the generic words for a silent group's key"
expect 0 "sweep in" sweep backtest-2020 -r 1 --vary "$pr.growth_per_year=0,0.1" \
  --vary "$pr.referrals_per_year=10" --no-report -o "$work/silent-sweep"
# And beside a sample's column of its people: the sweep's points and a sensitivity's --only of
# the group run (both refused the group as silent, and asked for what the sample gives). In the
# 2020 back-test a prisoner's homecare ends in 180 days, so a year's growth of 0 or 10% over 20
# people's derived referrals gives the two points different counts of referrals.
printf 'particle,weight,%s.initial_people\n0,1,20\n1,1,30\n' "$pr" >"$work/silent-people-only.csv"
expect 0 "sweep in" sweep backtest-2020 -r 1 --vary "$pr.growth_per_year=0,0.1" \
  --parameters "$work/silent-people-only.csv" --no-report -o "$work/silent-sample-sweep"
[ "$(grep ",homecare,referrals_total," "$work/silent-sample-sweep/sweep.csv" | cut -d, -f7 | sort -u | wc -l)" -eq 2 ] ||
  { echo "key_messages_test: the silent group's two points give one count of referrals" >&2; failed=1; }
expect 0 "sensitivity in" sensitivity backtest-2020 -r 1 --only "$pr" \
  --parameters "$work/silent-people-only.csv" --no-report -o "$work/silent-sample-sensitivity"
grep -q ",$pr.length_of_stay_days.mean," "$work/silent-sample-sensitivity/sensitivity.csv" ||
  { echo "key_messages_test: the silent group's keys not varied beside a sample" >&2; failed=1; }
! grep -q ",$pr.referrals_per_year," "$work/silent-sample-sensitivity/sensitivity.csv" ||
  { echo "key_messages_test: a stand-in referrals_per_year varied" >&2; failed=1; }
# A value listed twice, or one value written twice differently, would run its points twice
# (they ran, and the report drew two points at one place): refused, each value said.
expect 2 "--vary exits.stress_slope=0.5,0.5,0.7: the value 0.5 is listed twice, so the sweep would run the points of that value twice; list each value once" \
  sweep kent-baseline -r 1 --vary exits.stress_slope=0.5,0.5,0.7 -o "$work/never"
expect 2 "--vary exits.stress_slope=0.5,0.50,7e-1,0.7: the values 7e-1 and 0.7 are one value" \
  sweep kent-baseline -r 1 --vary exits.stress_slope=0.5,0.50,7e-1,0.7 -o "$work/never"
also "--vary exits.stress_slope=0.5,0.50,7e-1,0.7: the values 0.5 and 0.50 are one value"
expect 2 "--vary framework.reopen_after_years=[2,5],[3,6],[2, 5]: the values [2,5] and [2, 5] are one value" \
  sweep kent-baseline -r 1 --vary 'framework.reopen_after_years=[2,5],[3,6],[2, 5]' -o "$work/never"
[ ! -e "$work/never" ] || { echo "key_messages_test: a refused sweep wrote its folder" >&2; failed=1; }
# A sample column of the group's people that is 0 in every row a replication may draw (the one
# row of people has weight 0) gives it nobody: refused, saying so.
printf 'particle,weight,%s.initial_people\n0,0,20\n1,1,0\n' "$pr" >"$work/silent-zero.csv"
expect 2 "--vary $pr.growth_per_year: a key of a group with nobody in care and no referrals in scenario backtest-2020, so varying it would move nothing (give the group initial_people or referrals_per_year first: in the scenario, or beside this key in a --vary, a sample's column or a prior); the column $pr.initial_people of $work/silent-zero.csv is 0 in every row a replication may draw" \
  sweep backtest-2020 -r 1 --vary "$pr.growth_per_year=0,0.1" --parameters "$work/silent-zero.csv" -o "$work/never"
also "silent-zero.csv:1: column '$pr.initial_people': a key of a group with nobody in care and no referrals in scenario backtest-2020"
expect 2 "--only $pr: the keys of a group with nobody in care and no referrals in scenario backtest-2020" \
  sensitivity backtest-2020 -r 1 --only "$pr" --parameters "$work/silent-zero.csv" -o "$work/never"
also "; the column $pr.initial_people of $work/silent-zero.csv is 0 in every row a replication may draw"
# A prefix inside the group is the group's too (it was "no numeric parameter's key starts with
# it; did you mean 'demand'?"), and a whole key says the sample's zero column as well.
expect 2 "--only $pr.package: a key of a group with nobody in care and no referrals in scenario backtest-2020" \
  sensitivity backtest-2020 -r 1 --only "$pr.package" -o "$work/never"
expect 2 "--only $pr.package_hours_per_week.mean: a key of a group with nobody in care and no referrals in scenario backtest-2020" \
  sensitivity backtest-2020 -r 1 --only "$pr.package_hours_per_week.mean" --parameters "$work/silent-zero.csv" -o "$work/never"
also "; the column $pr.initial_people of $work/silent-zero.csv is 0 in every row a replication may draw"
# Beside a --vary that moves the model, a silent group's key still moves nothing (it ran, its
# points repeating the others').
expect 2 "--vary $pr.growth_per_year: a key of a group with nobody in care and no referrals in scenario backtest-2020" \
  sweep backtest-2020 -r 1 --vary "$pr.growth_per_year=0,0.1" --vary exits.stress_slope=1,2 -o "$work/never"
# Given people, Kent's empty supported-living groups start from adults' stays (3,650 days on
# average): 10 prisoners' derived referrals are 10 / 3650 a day, about 1 a year, not 10 a day as
# with the 1-day stand-in stays they had (3,655 more referrals in a year).
sl_referrals() {
  "$caremarket" run kent-baseline -r 2 --set run.horizon_months=12 --set 'framework.reopen_after_years=[]' \
    "$@" --no-report -o "$work/revived" --force >/dev/null 2>&1
  grep ",supported_living,referrals_total," "$work/revived/kpis.csv" | cut -d, -f5
}
empty=$(sl_referrals)
revived=$(sl_referrals --set demand.supported_living.prisons.initial_people=10)
[ -n "$empty" ] && [ -n "$revived" ] && awk -v a="$empty" -v b="$revived" 'BEGIN { d = b - a; exit !(d > -20 && d < 20) }' ||
  { echo "key_messages_test: 10 supported-living prisoners added $empty -> $revived referrals in a year" >&2; failed=1; }
# Weights made all 0 by a --set of one entry are blamed on that --set, not on the file's table.
expect 2 "--set framework.entrant_district_weights.E07000105=0: framework.entrant_district_weights.E07000105: the weights add up to 0" \
  run kent-baseline -r 1 --set framework.entrant_district_weights.E07000105=0 -o "$work/never"
expect 2 "--set $cw.E07000110=0: $cw.E07000110: the weights add up to 0" \
  run kent-baseline -r 1 --set "$cw.E07000113=0" --set "$cw.E07000110=0" -o "$work/never"

# A key in TOML's quoted or spaced form is the key TOML reads (it was refused as unknown): in
# --set, a sweep's and calibrate's --vary and sensitivity's --only alike. A part that needs its
# quotes is no key of the scenario, and is said as typed.
# validate and --list report on stdout.
"$caremarket" validate kent-baseline --set 'run."seed"=3' --set "run.'replications'=2" \
  --set 'demand . homecare . older_65_plus . growth_per_year = 0.04' >"$work/out" 2>&1 &&
  grep -qx "kent-baseline: ok" "$work/out" ||
  { echo "key_messages_test: quoted --set keys:" >&2; cat "$work/out" >&2; failed=1; }
code=0
"$caremarket" validate kent-baseline --set 'run."se ed"=3' >"$work/out" 2>&1 || code=$?
[ "$code" -eq 2 ] && grep -qF "kent-baseline: error: --set run.\"se ed\"=3: run.\"se ed\": unknown key '\"se ed\"'" "$work/out" ||
  { echo "key_messages_test: a part that needs its quotes:" >&2; cat "$work/out" >&2; failed=1; }
# An empty name, or one of spaces, is refused as --name '' is: it left the files' scenario
# column and the report's title blank.
expect 2 "--set name=: name: an empty name; give the scenario a name (it heads the results' files and report)" \
  run kent-baseline -r 1 --set name= -o "$work/never"
expect 2 "--set name=\"\\u3000\": name: a name of spaces alone" \
  run kent-baseline -r 1 --set 'name="\u3000"' -o "$work/never"
expect 2 "--set area_code=\"\": area_code: an empty code; the council's code names its county-wide rows" \
  run kent-baseline -r 1 --set 'area_code=""' -o "$work/never"
expect 2 "--set name=\" Kent \": name: ' Kent ' starts or ends with a space, which a reader of the results that trims fields drops" \
  run kent-baseline -r 1 --set 'name=" Kent "' -o "$work/never"
# The run's --name takes the rule of a scenario file's name (it had kept spaces the file refuses),
# and a no-break space at either end is a space too.
expect 2 "--name  Kent : ' Kent ' starts or ends with a space, which a reader of the results that trims fields drops; give the name without it" \
  run kent-baseline -r 1 --name ' Kent ' -o "$work/never"
expect 2 "--set name=\"Kent\\u00a0\": name: 'Kent$(printf '\302\240')' starts or ends with a space, which a reader of the results that trims fields drops; give the name without it (it holds a no-break space, U+00A0)" \
  run kent-baseline -r 1 --set 'name="Kent\u00a0"' -o "$work/never"
# Characters that show as a blank though Unicode calls them no space count as one (a name of a
# Hangul filler alone had been taken).
expect 2 "--set name=\"\\u3164\": name: a name of spaces alone; give the scenario a name (it heads the results' files and report) (it holds a Hangul filler, U+3164)" \
  run kent-baseline -r 1 --set 'name="\u3164"' -o "$work/never"
expect 2 "(it holds a braille pattern blank, U+2800)" run kent-baseline -r 1 --name "x$(printf '\342\240\200')" -o "$work/never"
printf 'schema_version = 1\nextends = "kent-baseline"\narea_name = "\\u2002Kent"\n' >"$work/spaced-area.toml"
expect 2 "spaced-area.toml:3: area_name: '$(printf '\342\200\202')Kent' starts or ends with a space, which a reader of the results that trims fields drops; give the name without it (it holds an en space, U+2002)" \
  run "$work/spaced-area.toml" -r 1 -o "$work/never"
printf 'schema_version = 1\nextends = "kent-baseline"\narea_name = "  "\n' >"$work/blank-area.toml"
expect 2 "blank-area.toml:3: area_name: a name of spaces alone; give the council a name" \
  run "$work/blank-area.toml" -r 1 -o "$work/never"
# A quoted part holding a '.' was walked at that dot and named by a piece of it ('"older'); a
# calibration's prior, a sample's column and sensitivity's --only suggested the key it would be
# without the quotes. Each says the quoted part, as typed. An '=' inside a quoted part is the
# part's own, not the KEY=VALUE separator.
dotted="the quoted key part \"older.65\" holds a '.'; no key of a scenario has one (district codes and group names are bare keys: ASCII letters, digits, '-' and '_')"
expect 2 "--set demand.homecare.\"older.65\".growth_per_year=1: 'demand.homecare.\"older.65\".growth_per_year': $dotted" \
  run kent-baseline --set 'demand.homecare."older.65".growth_per_year=1' -o "$work/never"
lacks "'\"older'" "a piece of the quoted part"
expect 2 "the quoted key part 'E07.000105' holds a '.'" \
  sweep kent-baseline -r 1 --vary "demand.homecare.older_65_plus.custom_weights.'E07.000105'=1,2" -o "$work/never"
expect 2 "--vary exits.\"base_hazard_per_year.framework\": the quoted key part \"base_hazard_per_year.framework\" holds a '.'" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv -n 4 --waves 1 \
  --vary 'exits."base_hazard_per_year.framework"=0..0.15' -o "$work/never"
lacks "did you mean" "the key without its quotes, suggested"
printf 'particle,weight,"exits.""base_hazard_per_year.framework"""\n1,1,0.1\n' >"$work/dotted.csv"
expect 2 "dotted.csv:1: column 'exits.\"base_hazard_per_year.framework\"': the quoted key part \"base_hazard_per_year.framework\" holds a '.'" \
  run backtest-2020 -r 1 --parameters "$work/dotted.csv" -o "$work/never"
lacks "did you mean" "the key without its quotes, suggested"
expect 2 "--only demand.\"homecare.older_65_plus\": the quoted key part \"homecare.older_65_plus\" holds a '.'" \
  sensitivity kent-baseline --list --only 'demand."homecare.older_65_plus"'
"$caremarket" validate kent-baseline --set 'demand.homecare."older.65=x".growth_per_year=1' >"$work/out" 2>&1
grep -qF "'demand.homecare.\"older.65=x\".growth_per_year': the quoted key part \"older.65=x\" holds a '.'" "$work/out" ||
  { echo "key_messages_test: an '=' inside a quoted part ended the key:" >&2; cat "$work/out" >&2; failed=1; }
"$caremarket" validate kent-baseline --set 'demand.homecare.prisons.custom_weights."E0=7"=2' >"$work/out" 2>&1
grep -qF "custom_weights.\"E0=7\": unknown district code '\"E0=7\"'" "$work/out" ||
  { echo "key_messages_test: an '=' inside a quoted part split the key:" >&2; cat "$work/out" >&2; failed=1; }
expect 0 "sweep in" sweep kent-baseline --vary 'costs.homecare."spot_premium"=0.1,0.2' -r 1 \
  --set run.horizon_months=12 --set 'framework.reopen_after_years=[]' --no-report -o "$work/quoted-sweep"
head -1 "$work/quoted-sweep/sweep.csv" | grep -q '^scenario,point,costs.homecare.spot_premium,' ||
  { echo "key_messages_test: a quoted --vary key is not the key's column" >&2; failed=1; }
"$caremarket" sensitivity kent-baseline --only 'costs."homecare".spot_premium' --list >"$work/out" 2>&1 &&
  grep -q "^costs.homecare.spot_premium 0.15 " "$work/out" ||
  { echo "key_messages_test: a quoted --only prefix:" >&2; cat "$work/out" >&2; failed=1; }
expect 0 "calibration in" calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv -n 4 \
  --waves 1 --no-report --vary '"exits".stress_slope=0..1' -o "$work/quoted-calibrate"

# So is a parameter sample's key column (it was refused as no parameter of the scenario); its
# cells are read under the column as written, and a key two columns name is said as such.
printf 'particle,weight,"exits.""stress_slope""",exits . handback_probability\n1,1,0.5,0.2\n' >"$work/quoted.csv"
expect 0 "results in" run kent-baseline -r 1 --set run.horizon_months=12 \
  --set 'framework.reopen_after_years=[]' --parameters "$work/quoted.csv" --no-report -o "$work/quoted-run"
grep -q '"exits.stress_slope"' "$work/quoted-run/manifest.json" &&
  grep -q '"exits.handback_probability"' "$work/quoted-run/manifest.json" ||
  { echo "key_messages_test: a quoted sample column not read as its key" >&2; failed=1; }
printf 'particle,weight,exits.stress_slope,"exits.""stress_slope"""\n1,1,0.5,0.2\n' >"$work/quoted-twice.csv"
expect 2 "quoted-twice.csv:1: column 'exits.\"stress_slope\"': names the key exits.stress_slope, as the earlier column 'exits.stress_slope' does" \
  run kent-baseline -r 1 --parameters "$work/quoted-twice.csv" -o "$work/never"
printf 'particle,weight,"exits.""stress_slope""",exits.stress_slope\n1,1,0.5,0.2\n' >"$work/quoted-twice.csv"
expect 2 "quoted-twice.csv:1: column 'exits.stress_slope': names the key exits.stress_slope, as the earlier column 'exits.\"stress_slope\"' does" \
  run kent-baseline -r 1 --parameters "$work/quoted-twice.csv" -o "$work/never"

# A scenario named twice is renamed to a name no other scenario has: "kent-baseline-2" is taken
# by a scenario of that name, so the second kent-baseline is "kent-baseline-3" (both were named
# kent-baseline-2, and the report refused the comparison with exit 1).
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "kent-baseline-2"\n' >"$work/named-2.toml"
expect 0 "kent-baseline is given 2 times; this one is called kent-baseline-3 in the results" \
  compare "$work/named-2.toml" kent-baseline kent-baseline -r 1 --set run.horizon_months=6 \
  --set 'framework.reopen_after_years=[]' -o "$work/named-2"
# A file whose scenario takes another's name was given once: it shares the name (it had been
# said to be "named 2 times").
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "kent-baseline"\n' >"$work/kb2.toml"
expect 0 "note: $work/kb2.toml names its scenario kent-baseline, as kent-baseline does; this one is called kent-baseline-2 in the results" \
  compare kent-baseline "$work/kb2.toml" -r 1 --set run.horizon_months=6 \
  --set 'framework.reopen_after_years=[]' --no-report -o "$work/kb2"
# Prior ends alike in the 12 significant digits the results write are one value there.
expect 2 "--vary exits.stress_slope: LOW and HIGH are the same to 12 significant digits, as the results write them (0.1), in 'exits.stress_slope=0.1..0.1000000000001'; give a wider range" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv -n 4 --waves 1 \
  --vary exits.stress_slope=0.1..0.1000000000001 -o "$work/never"

# Control bytes: a message quoting the user's input writes them as \xNN, so an escape sequence
# cannot recolour or clear the terminal; and a scenario's text (a TOML escape) holds none.
esc=$(printf '\033')
expect 2 "--replications: '3\x1b[31m' is not a whole number" run kent-baseline -r "3${esc}[31m" -o "$work/never"
lacks "$esc" "a raw ESC byte in a message"
expect 2 "--set run.seed=1\x1b[2J: run.seed: expected an integer, found a string" \
  run kent-baseline --set "run.seed=1${esc}[2J" -o "$work/never"
lacks "$esc" "a raw ESC byte in a message"
expect 2 "--set name=\"a\u001bb\": name: holds the control character U+001B, which a scenario's text may not hold" \
  run kent-baseline --set 'name="a\u001bb"' -o "$work/never"
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "bell\\u0007"\n' >"$work/bell.toml"
expect 2 "bell.toml:3: name: holds the control character U+0007, which a scenario's text may not hold" \
  run "$work/bell.toml" -o "$work/never"
expect 2 "--set area_name=\"Kent\nCounty\": area_name: holds a line break, but is one line of text" \
  run kent-baseline --set 'area_name="Kent\nCounty"' -o "$work/never"
# The council's code names the county rows beside the districts' in every results file: a
# district's code there makes the two one (Maidstone is E07000110); a GSS code is in capitals.
expect 2 "--set area_code=\"E07000110\": area_code: 'E07000110' is the code of one of the scenario's districts; the council's code names its county-wide rows beside its districts' in every results file, so it must differ from theirs" \
  run kent-baseline --set 'area_code="E07000110"' -o "$work/never"
# A space at either end (a reader trimming the field would see Ashford's code) or a no-break
# space is refused; so is a geography holding the council's code, said of the geography.
expect 2 "--set area_code=\" E07000105 \": area_code: ' E07000105 ' starts or ends with a space, which a reader of the results that trims fields drops; give the code without it" \
  run kent-baseline --set 'area_code=" E07000105 "' -o "$work/never"
expect 2 "holds a space that shows as a blank or as nothing (it holds a no-break space, U+00A0); give the code without it" \
  run kent-baseline --set 'area_code="E10000016\u00a0"' -o "$work/never"
mkdir "$work/geo-council"
sed 's/E07000105/E10000016/g' geography/data/kent/districts.csv >"$work/geo-council/districts.csv"
sed 's/E07000105/E10000016/g' geography/data/kent/edges.csv >"$work/geo-council/edges.csv"
expect 2 "--set geography.data=$work/geo-council: geography.data: a district of this geography has the code E10000016, the scenario's area_code (scenarios/kent/baseline.toml:8); the council's code names" \
  run kent-baseline --set "geography.data=$work/geo-council" -o "$work/never"
# Medway (E06000035) is an external district of Kent's geography, not one of the run's unless
# geography.include_external: its code is no district row of the results.
# The council's own code where a district's is asked for is said as such (it was "did you
# mean 'E07000106'?", a district with a similar code).
expect 2 "district_growth_per_year.E10000016: 'E10000016' is the council's code (area_code), not a district's" \
  run kent-baseline --set 'demand.homecare.older_65_plus.district_growth_per_year={E10000016=0.1}' -o "$work/never"
lacks "did you mean" "a district offered for the council's code"
# With external providers, Medway's rows are district rows of the results: then it is refused.
expect 2 "--set area_code=E06000035: area_code: 'E06000035' is the code of one of the scenario's districts" \
  run kent-baseline --set area_code=E06000035 --set geography.include_external=true \
  --set geography.external_providers=true -o "$work/never"
# A district's code in lower case is not offered in capitals (it would be refused next); a tab
# is said once, as text that is one line, not again as a space at the end.
expect 2 "--set area_code=e07000105: area_code: 'e07000105': a GSS code is written in capitals, and E07000105 is the code of one of the scenario's districts" \
  run kent-baseline --set area_code=e07000105 -o "$work/never"
lacks "did you mean" "a district's code offered as the council's"
expect 2 "area_code: holds a tab, but is one line of text" run kent-baseline --set 'area_code="E10000016\t"' -o "$work/never"
lacks "starts or ends with a space" "a tab said twice"
"$caremarket" validate kent-baseline --set area_code=E06000035 >"$work/out" 2>"$work/err" &&
  grep -qF "kent-baseline: ok" "$work/out" ||
  { echo "key_messages_test: Medway's code refused as the council's:" >&2; cat "$work/err" >&2; failed=1; }
printf 'schema_version = 1\nextends = "kent-baseline"\narea_code = "e10000016"\n' >"$work/lower.toml"
expect 2 "lower.toml:3: area_code: 'e10000016': a GSS code is written in capitals; did you mean 'E10000016'?" \
  run "$work/lower.toml" -o "$work/never"
# So do a C1 control (U+0080 to U+009F, which some terminals take for an escape) and a line
# separator; a message shows a C1 control as \u009b. The run's --name is the same text.
expect 2 "--set name=\"a\u009bb\": name: holds the control character U+009B, which a scenario's text may not hold" \
  run kent-baseline --set 'name="a\u009bb"' -o "$work/never"
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "a\\u2028b"\n' >"$work/separator.toml"
expect 2 "separator.toml:3: name: holds a line break (U+2028), but is one line of text" \
  run "$work/separator.toml" -o "$work/never"
expect 2 "--name a\x1bb: holds the control character U+001B, which a scenario's text may not hold" \
  run kent-baseline -r 1 --name "a${esc}b" -o "$work/never"
c1=$(printf '\302\233')
expect 2 "--name a\u009bb: holds the control character U+009B" run kent-baseline -r 1 --name "a${c1}b" -o "$work/never"
lacks "$c1" "a raw C1 control in a message"
# A bidirectional control (U+202E, right-to-left override) reorders the text around it as it
# shows: a name that reads one way held another. Refused, and a message writes it \u202e.
rlo=$(printf '\342\200\256')
expect 2 "--name Ke\u202ent: holds the bidirectional control U+202E, which reorders how the text around it shows; a scenario's text may not hold it" \
  run kent-baseline -r 1 --name "Ke${rlo}nt" -o "$work/never"
lacks "$rlo" "a raw bidirectional control in a message"
expect 2 "--set name=\"a\u2066b\": name: holds the bidirectional control U+2066" \
  run kent-baseline --set 'name="a\u2066b"' -o "$work/never"
printf 'schema_version = 1\nextends = "kent-baseline"\narea_name = "Kent\\u200f"\n' >"$work/rlm.toml"
expect 2 "rlm.toml:3: area_name: holds the bidirectional control U+200F" run "$work/rlm.toml" -o "$work/never"
[ ! -e "$work/never" ] || { echo "key_messages_test: a refused run wrote its folder" >&2; failed=1; }
# A --name that is not UTF-8 is refused before anything runs (it stopped the run at its end, in
# the manifest's JSON); a byte that begins no character is shown as \xNN.
expect 2 "--name ab\xff: is not UTF-8 text (the byte 0xFF begins no character)" \
  run kent-baseline -r 1 --name "ab$(printf '\377')" -o "$work/never"
lacks "$(printf '\377')" "a raw byte that begins no UTF-8 character in a message"
# A file that gives no name is named by its file name, a control character in it made '-'; a
# path (geography.data) may hold one, as a folder's name may.
printf 'schema_version = 1\nextends = "kent-baseline"\n' >"$work/e${esc}vil$(printf '\377').toml"
expect 0 "results in" run "$work/e${esc}vil$(printf '\377').toml" -r 1 --set run.horizon_months=12 \
  --set 'framework.reopen_after_years=[]' --no-report -o "$work/unnamed"
grep -q "^e-vil-+overrides,homecare," "$work/unnamed/kpis.csv" ||
  { echo "key_messages_test: a file name's control character and stray byte not made '-':" >&2; head -2 "$work/unnamed/kpis.csv" >&2; failed=1; }
mkdir "$work/geo${esc}dir"
cp geography/data/kent/districts.csv geography/data/kent/edges.csv "$work/geo${esc}dir/"
"$caremarket" validate kent-baseline --set "geography.data=\"$work/geo\\u001bdir\"" >"$work/out" 2>&1 ||
  { echo "key_messages_test: a geography folder with a control character refused:" >&2; cat "$work/out" >&2; failed=1; }
# A line break in a sample's file name stays on the resolved scenario's comment line (it began a
# line of TOML there, which a run of that file then read).
nl='
'
printf 'particle,weight,exits.stress_slope\n0,1,1.5\n' >"$work/inj${nl}extends = \"in-house-homecare\"${nl}#.csv"
expect 0 "results in" run kent-baseline -r 1 --set run.horizon_months=12 --set 'framework.reopen_after_years=[]' \
  --parameters "$work/inj${nl}extends = \"in-house-homecare\"${nl}#.csv" --no-report -o "$work/injected"
[ "$(sed -n 2p "$work/injected/scenario.resolved.toml")" = "schema_version = 1" ] &&
  head -1 "$work/injected/scenario.resolved.toml" | grep -qF 'replaced the values of 1 key with one weighted set of inj\x0aextends = "in-house-homecare"\x0a#.csv' ||
  { echo "key_messages_test: a sample's file name broke the resolved scenario's comment:" >&2; head -3 "$work/injected/scenario.resolved.toml" >&2; failed=1; }
# A line separator or a C1 next-line in the name, which line-based readers break lines at, too.
ls_nel="$(printf '\342\200\250')x$(printf '\302\205')"
printf 'particle,weight,exits.stress_slope\n0,1,1.5\n' >"$work/sep${ls_nel}.csv"
expect 0 "results in" run kent-baseline -r 1 --set run.horizon_months=12 --set 'framework.reopen_after_years=[]' \
  --parameters "$work/sep${ls_nel}.csv" --no-report -o "$work/separated"
head -1 "$work/separated/scenario.resolved.toml" | grep -qF 'set of sep\u2028x\u0085.csv (' ||
  { echo "key_messages_test: a line separator in a sample's name written raw:" >&2; head -1 "$work/separated/scenario.resolved.toml" >&2; failed=1; }
# The import log's table gives each file one line, a line break in its name as \x0a.
mkdir "$work/pd"
cp docs/examples/public-data/ons-postcode-lookup.csv "$work/pd/"
cp docs/examples/public-data/cqc-care-directory.csv "$work/pd/cq${nl}c.csv"
expect 0 "import log" import market --cqc "$work/pd/cq${nl}c.csv" \
  --postcodes "$work/pd/ons-postcode-lookup.csv" -o "$work/imported"
grep -q '^cq\\x0ac.csv  *[0-9]' "$work/err" ||
  { echo "key_messages_test: a file name's line break split the import log's row:" >&2; cat "$work/err" >&2; failed=1; }
# A question may run over lines.
"$caremarket" validate kent-baseline --set 'question="Is it enough?\nIn every district?"' >"$work/out" 2>&1 ||
  { echo "key_messages_test: a question of two lines refused:" >&2; cat "$work/out" >&2; failed=1; }

[ "$failed" -eq 0 ] && echo "key_messages_test: ok"

exit "$failed"
