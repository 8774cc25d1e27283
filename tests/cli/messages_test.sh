#!/bin/sh
# Every command-line fault gets a message that says what was wrong and what is expected, with a
# suggestion where one exists, and exit code 2 before anything runs. Each expected message below
# is written by hand from the fault, not copied from the program's output.
caremarket="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
test_name=messages_test
# shellcheck source=tests/cli/message_checks.sh
. "$(dirname "$0")/message_checks.sh"

# A misspelt subcommand or option is named, with the nearest right one.
expect 2 "unknown command 'rn'; did you mean 'run'?" rn
expect 2 "unknown command 'advice'; did you mean 'advise'?" advice -r 2
expect 2 "unknown option '--replicatons' for 'caremarket run'; did you mean '--replications'?" \
  run --replicatons 5 -o "$work/never"
expect 2 "unknown option '--tread' for 'caremarket sweep'; did you mean '--thread" \
  sweep kent-baseline --vary run.seed=1,2 --tread 2 -o "$work/never"
# A value that is not a number says so, and what is expected; a bound is written plainly.
expect 2 "'abc' is not a whole number; expected a whole number from 1 to 1000000" \
  run -r abc -o "$work/never"
# A switch takes no value but true or false, and is given once: --force=2 is not a count.
expect 2 "--force is a switch: give it alone (or =true, =false); '2' is not a value it takes" \
  run kent-baseline --force=2 -o "$work/never"
expect 2 "--audit is a switch: give it alone (or =true, =false); 'on' is not a value it takes" \
  run kent-baseline --audit=on -o "$work/never"
expect 2 "--no-report was given more than once; give it once" \
  compare kent-baseline early-reopening --no-report --no-report=true -o "$work/never"
# The largest seed is 2^63 - 1 (a TOML integer's range), and the message names it.
expect 2 "'-1' is out of range; expected a whole number from 0 to 9223372036854775807" \
  run --seed -1 -o "$work/never"
expect 2 "'9223372036854775808' is out of range; expected a whole number from 0 to 9223372036854775807" \
  run --seed 9223372036854775808 -o "$work/never"
expect 2 "'99999999999999999999' is out of range; expected a whole number from 0 to 9223372036854775807" \
  run --seed 99999999999999999999 -o "$work/never"
# calibrate and import check their values the same way as the other commands.
expect 2 "'-3' is out of range; expected a whole number from 0 to 9223372036854775807" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary exits.stress_slope=0..1 --seed -3 -o "$work/never"
expect 2 "'2.5' is not a whole number; expected a whole number from 0 to 4096" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary exits.stress_slope=0..1 -j 2.5 -o "$work/never"
expect 2 "'1' is out of range; expected a whole number from 2 to 1000000" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary exits.stress_slope=0..1 -n 1 -o "$work/never"
expect 2 "'1.5' is out of range; expected a number from 0 to 1" \
  import market --framework-share 1.5 -o "$work/never"
expect 2 "'2.5' is not a whole number; expected a whole number from 1 to 1000000" \
  compare kent-baseline early-reopening -r 2.5 -o "$work/never"
expect 2 "'lots' is not a number; expected a number from 0.5 to 0.999" \
  advise kent-baseline --target "people_waiting_mean<=1" --confidence lots -o "$work/never"
expect 2 "'1.5' is out of range; expected a number from 0.01 to 0.99" \
  sensitivity kent-baseline --swing 1.5 -o "$work/never"
# A misspelt scenario name gets the nearest shipped one.
expect 2 "did you mean 'provider-failure'?" run provider-failur -o "$work/never"
# A folder given as a scenario is named as a folder, in every command and in `extends`; a
# results folder's message names the scenario it ran.
mkdir -p "$work/results-like" "$work/plain-folder"
: >"$work/results-like/scenario.resolved.toml"
expect 2 "$work/plain-folder: is a folder, not a scenario file" run "$work/plain-folder" \
  -o "$work/never"
expect 2 "$work/results-like: is a folder, not a scenario file (a results folder: the scenario it ran is $work/results-like/scenario.resolved.toml)" \
  sensitivity "$work/results-like" -o "$work/never"
expect 2 "is a folder, not a scenario file" compare kent-baseline "$work/plain-folder" \
  -o "$work/never"
printf 'schema_version = 1\nextends = "./plain-folder"\n' >"$work/extends-folder.toml"
expect 2 "extends-folder.toml:2: extends: $work/./plain-folder: is a folder, not a scenario file" \
  run "$work/extends-folder.toml" -o "$work/never"
# A bare name that is no shipped scenario but a folder beside the file is named as a folder too.
printf 'schema_version = 1\nextends = "plain-folder"\n' >"$work/extends-bare.toml"
expect 2 "extends-bare.toml:2: extends: $work/plain-folder: is a folder, not a scenario file" \
  run "$work/extends-bare.toml" -o "$work/never"
# A KPI name matches exactly or is refused with a suggestion: never silently another KPI.
expect 2 "unknown homecare KPI 'off_contract_share'; did you mean 'off_contract_share_final'?" \
  advise kent-baseline --target "off_contract_share<=0.15" -o "$work/never"
# An override's error names the option and its text, not the scenario file.
expect 2 "--set demand.homecare.older_65_plus.growth_per_year=abc: demand.homecare.older_65_plus.growth_per_year:" \
  run --set demand.homecare.older_65_plus.growth_per_year=abc -o "$work/never"
expect 2 "--set market.files.projections=nope.csv: market.files.projections: cannot read nope.csv: it does not exist" \
  run --set market.files.projections=nope.csv -o "$work/never"
expect 2 "--vary exits.stress_slope=1,x (value x): exits.stress_slope:" \
  sweep kent-baseline --vary exits.stress_slope=1,x -o "$work/never"
expect 2 "--vary exits.stres_slope=1,2 (every value): exits.stres_slope: unknown key 'stres_slope'; did you mean 'stress_slope'?" \
  sweep kent-baseline --vary exits.stres_slope=1,2 -o "$work/never"
# Every other name a command takes: a --only prefix of sensitivity, what synthesize makes.
expect 2 "--only exts: no numeric parameter's key starts with it; did you mean 'exits'?" \
  sensitivity kent-baseline --only exts --list
expect 2 "synthesize knows only 'england', not 'englnd'; did you mean 'england'?" \
  synthesize englnd -o "$work/never"
# Words a command does not take are quoted in the order given.
expect 2 "'a b' was not expected: the command takes no more words here" run kent-baseline a b -o "$work/never"
expect 2 "'kent-baseline a b' was not expected" geography kent-baseline a b
expect 2 "'extra' was not expected: the command takes no more words here" import market extra
lacks "is required" "a missing option said before a word the command does not take"
# Said while the command line is read: before a required option the command would need.
expect 2 "import knows only 'market', not 'markets'; did you mean 'market'?" \
  import markets -o "$work/never"
expect 2 "synthesize knows only 'england', not 'wales'" synthesize wales -o "$work/never"
# An empty output folder (a shell variable left unset) is refused by every command that writes
# one, never read as the default folder; so are an empty --only and --parameters.
for command in "run kent-baseline" "compare kent-baseline early-reopening" \
  "sweep kent-baseline --vary exits.stress_slope=1,2" "sensitivity kent-baseline" \
  "advise kent-baseline --target people_waiting_mean<=1" \
  "calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv --vary exits.stress_slope=0..1" \
  "synthesize england" "import market"; do
  # shellcheck disable=SC2086  # the command's words are split on purpose
  expect 2 "--out: an empty value; expected a folder" $command -o ""
done
# Blank is empty too, and every other name or file a command takes is checked the same way.
expect 2 "--out: a blank value; expected a folder" run kent-baseline -o " "
# Spaces a web page or a spreadsheet puts in are blank too: a no-break space (U+00A0), an
# ideographic space (U+3000) and a zero-width no-break space (U+FEFF) around a tab.
expect 2 "--out: a blank value; expected a folder" run kent-baseline -o "$(printf '\302\240')"
expect 2 "--out: a blank value; expected a folder" run kent-baseline \
  -o "$(printf '\343\200\200\t\357\273\277')"
expect 2 "--name: an empty value; expected a name" run kent-baseline --name "" -o "$work/never"
expect 2 "--framework: an empty value; expected a file" import market \
  --cqc docs/examples/public-data/cqc-care-directory.csv \
  --postcodes docs/examples/public-data/ons-postcode-lookup.csv --framework "" -o "$work/never"
expect 2 "an empty value; expected a scenario name or file" compare kent-baseline "" -o "$work/never"
expect 2 "an empty value; expected a scenario name or file" validate ""
expect 2 "an empty value; expected a folder" report ""
expect 2 "--targets: an empty value; expected a targets CSV file" calibrate backtest-2020 \
  --targets "" --vary exits.stress_slope=0..1 -o "$work/never"
expect 2 "--only: an empty value; expected the start of a parameter key" \
  sensitivity kent-baseline --only "" -o "$work/never"
expect 2 "--parameters: an empty value; expected a parameters.csv file" \
  run kent-baseline --parameters "" -o "$work/never"
# A number TOML cannot hold is refused as a number, not as a string.
expect 2 "--set exits.stress_slope=1e400: exits.stress_slope: '1e400' is beyond the numbers a scenario can hold" \
  run --set exits.stress_slope=1e400 -o "$work/never"
expect 2 "run.replications: '99999999999999999999999' is beyond the whole numbers a scenario can hold" \
  run --set run.replications=99999999999999999999999 -o "$work/never"
expect 2 "framework.reopen_after_years: '[1e400]' is not a TOML array a scenario can hold" \
  run --set 'framework.reopen_after_years=[1e400]' -o "$work/never"
# ... and only that: the file's reopenings, which the override was to replace, are not judged
# against the shorter horizon as well.
"$caremarket" validate kent-baseline --set run.horizon_months=24 \
  --set 'framework.reopen_after_years=[1e400]' >"$work/out" 2>"$work/err"
if grep -q "a reopening after 3 years" "$work/err"; then
  echo "messages_test: a failed override's key was judged at the file's value" >&2; failed=1
fi
expect 2 "'{ mean = 1e400, cv = 0.5 }' is not a TOML inline table a scenario can hold" \
  run --set 'demand.homecare.older_65_plus.package_hours_per_week={ mean = 1e400, cv = 0.5 }' \
  -o "$work/never"
# A target no run can meet: a share lies in [0, 1], a count is never negative.
expect 2 "off_contract_placement_share is a share between 0 and 1, so no run can meet it; give a value of at least 0" \
  advise kent-baseline --target "off_contract_placement_share<=-0.1" -o "$work/never"
expect 2 "people_waiting_mean is never below 0, so no run can meet it" \
  advise kent-baseline --target "supported_living.people_waiting_mean<=-2" -o "$work/never"
# A target that asks a KPI the worse way: advise bought capacity for a mean that noise moved up
# (docs/metrics.md gives the directions; a neutral KPI takes either).
expect 2 "--target 'supported_living.people_waiting_mean >= 5': people_waiting_mean is lower_is_better (docs/metrics.md), and advise adds contracted capacity to move a KPI the better way; a target of at least a value asks it the worse way: give supported_living.people_waiting_mean<=X" \
  advise kent-baseline --target "supported_living.people_waiting_mean >= 5" -o "$work/never"
expect 2 "--target 'providers_contracted_final<=5': providers_contracted_final is higher_is_better" \
  advise kent-baseline --target "providers_contracted_final<=5" -o "$work/never"
expect 2 "--target 'supported_living.referrals_total<=5': referrals_total is neutral (docs/metrics.md: a figure of context or of where the money goes, neither better nor worse), and advise adds contracted capacity to move a KPI the better way: give a target of a KPI that has one, such as supported_living.off_contract_placement_share<=X" \
  advise kent-baseline --target "supported_living.referrals_total<=5" -o "$work/never"
# --list refuses what a run would refuse: here every parameter --only keeps is 0.
expect 2 "no numeric parameter is left to vary: --only matches only zero values" \
  sensitivity kent-baseline --set exits.stress_slope=0 --only exits.stress_slope --list
[ -e "$work/never" ] && { echo "messages_test: a refused command wrote its folder" >&2; failed=1; }

# CLI11's own faults carry the program's prefix, like every other error.
expect 2 "caremarket: error: --targets is required" calibrate kent-baseline -o "$work/never"

# CLI11's bare words are put plainly: an option given twice, a switch given a value, an option
# without its value, a stray word, no command at all.
expect 2 "caremarket: error: --out was given 2 times; give it once" run -o "$work/a" -o "$work/b"
expect 2 "--no-report is a switch: give it alone (or =true, =false); 'maybe' is not a value it takes" \
  run --no-report=maybe -o "$work/never"
expect 2 "--parameters needs a value: a parameters.csv file; none was given" run --parameters
expect 2 "'extra' was not expected: the command takes no more words here" \
  run kent-baseline extra -o "$work/never"
expect 2 "a command is required, one of: geography, run, compare"
# Before the command only --help and --version are options: another is named, not taken for
# a missing command.
expect 2 "unknown option '--bogus' before the command: caremarket takes only --help and --version there" --bogus
expect 2 "unknown option '-v' before the command" -v run kent-baseline -o "$work/never"
expect 2 "unknown option '--verison' before the command: caremarket takes only --help and --version there; did you mean '--version'? (commands: " --verison
# A long option written with one dash is read as a short one with a value: said so.
expect 2 "'-replications' would be read as -r with the value 'eplications'; write --replications (or -r eplications if that value is meant)" \
  run -replications 2 kent-baseline -o "$work/never"
expect 2 "'--=x' names no option before its '='" run --=x kent-baseline -o "$work/never"
expect 2 "unknown option '-seed' for 'caremarket run'; did you mean '--seed'?" \
  run -seed 3 kent-baseline -o "$work/never"
# ... and one a short option would take with a value is refused, not run into folder "ut".
expect 2 "'-out' would be read as -o with the value 'ut'; write --out (or -o ut if that value is meant)" \
  run kent-baseline -out -r 2
[ ! -e ut ] || { echo "messages_test: -out wrote a folder 'ut'" >&2; failed=1; }
lacks "did you mean" "a nameless option was 'corrected'"
# One letter is one edit from every other: a short option gets no suggestion, and the token it
# came in is shown whole.
expect 2 "unknown option '-v' (in '-vh') for 'caremarket run' (see caremarket run --help)" \
  run kent-baseline -vh -o "$work/never"
lacks "did you mean" "a one-letter option was 'corrected' to another"
# An option with nothing after its '=' is refused, not given the next word as its value.
expect 2 "--set= has nothing after the '='; give the value there (--set=VALUE)" \
  run --set= run.seed=3 -o "$work/never"
expect 2 "--out= has nothing after the '='" run kent-baseline --out= "$work/never"

# A simulation budget the first wave cannot fit (one simulation a particle) is refused at once.
expect 2 "--max-simulations 9 cannot complete the first wave, which simulates each of its 10 particles once" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary exits.base_hazard_per_year.framework=0..0.15 -n 10 --max-simulations 9 -o "$work/never"

# A folder --force would not replace is not offered --force: without it, the same refusal.
mkdir -p "$work/own-folder" && : >"$work/own-folder/notes.txt"
expect 2 "is not a results folder (it has no manifest.json written by caremarket); not replacing it, even with --force" \
  run kent-baseline -o "$work/own-folder"

# A market folder (an input, perhaps edited by hand) is never replaced by results, nor results by
# a market, even with --force; a market replaces a market.
mkdir -p "$work/a-market" "$work/some-results"
printf '{"tool": "caremarket", "command": "import market"}\n' >"$work/a-market/manifest.json"
: >"$work/a-market/providers.csv"
printf '{"tool": "caremarket", "command": "run"}\n' >"$work/some-results/manifest.json"
expect 2 "'$work/a-market' holds a market written by \`caremarket import market\` (a scenario and its data files, an input); not replacing it with results, even with --force" \
  run kent-baseline --force -o "$work/a-market"
[ -f "$work/a-market/providers.csv" ] || { echo "messages_test: results replaced a market folder" >&2; failed=1; }
expect 2 "'$work/some-results' holds the results of \`caremarket run\`; not replacing them with a market folder, even with --force" \
  import market --cqc docs/examples/public-data/cqc-care-directory.csv \
  --postcodes docs/examples/public-data/ons-postcode-lookup.csv --force -o "$work/some-results"
"$caremarket" import market --cqc docs/examples/public-data/cqc-care-directory.csv \
  --postcodes docs/examples/public-data/ons-postcode-lookup.csv --force -o "$work/a-market" 2>/dev/null ||
  { echo "messages_test: import --force did not replace a market folder" >&2; failed=1; }

# Without --force, the same refusal (--force would not help); a market inside a results folder
# is not replaced with it; a manifest whose command caremarket does not write is replaced by
# neither kind.
expect 2 "'$work/a-market' holds a market written by \`caremarket import market\`" \
  run kent-baseline -o "$work/a-market"
mkdir -p "$work/results-holding/inner"
printf '{"tool": "caremarket", "command": "compare"}\n' >"$work/results-holding/manifest.json"
printf '{"tool": "caremarket", "command": "import market"}\n' >"$work/results-holding/inner/manifest.json"
expect 2 "'$work/results-holding' holds a market folder, '$work/results-holding/inner'" \
  run kent-baseline --force -o "$work/results-holding"
mkdir -p "$work/odd-kind"
printf '{"tool": "caremarket", "command": 123}\n' >"$work/odd-kind/manifest.json"
expect 2 "'$work/odd-kind' has a manifest.json whose command ('123') is none caremarket writes" \
  run kent-baseline --force -o "$work/odd-kind"
expect 2 "'$work/odd-kind' has a manifest.json whose command ('123') is none caremarket writes" \
  import market --cqc docs/examples/public-data/cqc-care-directory.csv \
  --postcodes docs/examples/public-data/ons-postcode-lookup.csv --force -o "$work/odd-kind"

# A symbolic link as the output folder is named as one, with where it points.
mkdir -p "$work/real-folder"
ln -s "$work/real-folder" "$work/link-folder"
expect 2 "'$work/link-folder' is a symbolic link to '$work/real-folder'; caremarket writes results only to a real folder" \
  run kent-baseline --force -o "$work/link-folder"

# A number below the smallest a double holds would be read as 0: refused, in --set and in a file
# (at its line), while a zero written with an exponent is a zero.
expect 2 "--set exits.stress_slope=1e-400: exits.stress_slope: '1e-400' is too small for a number a scenario can hold" \
  run kent-baseline --set exits.stress_slope=1e-400 -o "$work/never"
printf 'schema_version = 1\nextends = "kent-baseline"\n[exits]\nstress_slope = 0.5e-330\nbase_hazard_per_year.framework = 0.0e-500\n' >"$work/tiny.toml"
expect 2 "tiny.toml:4: exits.stress_slope: '0.5e-330' is too small" run "$work/tiny.toml" -o "$work/never"
if grep -q "0.0e-500" "$work/err"; then echo "messages_test: a zero with an exponent was refused" >&2; failed=1; fi

# A number beyond a double or a 64-bit whole number is named so, at its line, in plain words.
printf 'schema_version = 1\nextends = "kent-baseline"\n[exits]\nstress_slope = 1e400\n' >"$work/huge.toml"
expect 2 "huge.toml:4: exits.stress_slope: '1e400' is beyond the numbers a scenario can hold (at most about 1.8e308 in size)" \
  run "$work/huge.toml" -o "$work/never"
# The number is quoted as written, its sign too (the parser's own words drop it).
printf 'schema_version = 1\nextends = "kent-baseline"\n[exits]\nstress_slope = -1e400\n' >"$work/huge-negative.toml"
expect 2 "huge-negative.toml:4: exits.stress_slope: '-1e400' is beyond the numbers" \
  run "$work/huge-negative.toml" -o "$work/never"
expect 2 "--set exits.stress_slope=-1e400: exits.stress_slope: '-1e400' is beyond the numbers" \
  run --set exits.stress_slope=-1e400 -o "$work/never"
expect 2 "--set run.seed=-99999999999999999999: run.seed: '-99999999999999999999' is beyond the whole numbers" \
  run --set run.seed=-99999999999999999999 -o "$work/never"
expect 2 "--set exits.stress_slope=-1_000e400: exits.stress_slope: '-1_000e400' is beyond the numbers" \
  run --set exits.stress_slope=-1_000e400 -o "$work/never"
printf 'schema_version = 1\nextends = "kent-baseline"\n[run]\nseed = 99999999999999999999\n' >"$work/huge-seed.toml"
expect 2 "huge-seed.toml:4: run.seed: '99999999999999999999' is beyond the whole numbers a scenario can hold" \
  run "$work/huge-seed.toml" -o "$work/never"
printf 'schema_version = 1\nextends = "kent-baseline"\n[[exits.shocks]]\nat = 2028-01-01\ncount = 0x1FFFFFFFFFFFFFFFFF\n' >"$work/huge-shock.toml"
expect 2 "huge-shock.toml:5: exits.shocks[].count: '0x1FFFFFFFFFFFFFFFFF' is beyond the whole numbers" \
  run "$work/huge-shock.toml" -o "$work/never"
# A header-like line inside a multi-line string is text, not a header; a value in a multi-line
# array of inline tables gets file:line and no key rather than a wrong one.
printf 'schema_version = 1\nextends = "kent-baseline"\nquestion = """\n[run]\n"""\nmarket_seed = 99999999999999999999\n' >"$work/huge-after-text.toml"
expect 2 "huge-after-text.toml:6: market_seed: '99999999999999999999'" run "$work/huge-after-text.toml" -o "$work/never"
printf 'schema_version = 1\nextends = "kent-baseline"\n[framework]\nrecruitment = [\n  { district = "E07000110", providers = 99999999999999999999 },\n]\n' >"$work/huge-in-array.toml"
expect 2 "huge-in-array.toml:5: '99999999999999999999' is beyond" run "$work/huge-in-array.toml" -o "$work/never"
expect 2 "run.seed: '99999999999999999999' is beyond the whole numbers a scenario can hold" \
  run kent-baseline --set run.seed=99999999999999999999 -o "$work/never"

# A repeatable option takes one value each time: the words after it stay the command's. Here
# the scenario's name follows --set, and the fault reported is the scenario's own (its 3-year
# reopening falls outside a 12-month run), not "--set kent-baseline: expected KEY=VALUE".
expect 2 "--set run.horizon_months=12: run.horizon_months: leaves out framework.reopen_after_years (scenarios/kent/baseline.toml:" \
  run --set run.horizon_months=12 kent-baseline -o "$work/never"
# A date against the run's span is blamed on whichever of the two the user gave: the --set
# above, or the user's file rather than the shipped one it extends.
printf 'schema_version = 1\nextends = "kent-baseline"\n[run]\nhorizon_months = 24\n' >"$work/short.toml"
expect 2 "short.toml:4: run.horizon_months: leaves out framework.reopen_after_years (scenarios/kent/baseline.toml:" \
  run "$work/short.toml" -o "$work/never"
lacks "baseline.toml:225: framework" "the shipped reopening was blamed for the user's shorter run"
# ... also through a chain of the user's files (short.toml is the one that shortened the run).
printf 'schema_version = 1\nextends = "short.toml"\n' >"$work/on-short.toml"
expect 2 "short.toml:4: run.horizon_months: leaves out framework.reopen_after_years" \
  run "$work/on-short.toml" -o "$work/never"
# A date before the start is the start's doing, not the horizon's, even when both are given.
expect 2 "--set run.start_date=2030-01-01: run.start_date: leaves out exits.shocks[0].at (scenarios/kent/provider-failure.toml:" \
  run provider-failure --set run.start_date=2030-01-01 --set run.horizon_months=12 \
  --set 'framework.reopen_after_years=[]' -o "$work/never"
# A date of a market data file that a shorter run leaves out names where the horizon was given.
expect 2 "properties.csv:5: column 'opens': the date 2028-01-01 is outside the run, which starts 2027-04-01 and whose last period ends 2027-09-30; the run's horizon is from --set run.horizon_months=6" \
  run tests/data/market/valid/scenario.toml --set run.horizon_months=6 \
  --set 'framework.reopen_after_years=[]' -o "$work/never"
# A clients.csv is counted once against the million people a scenario holds: 600,000 people
# pass (counted twice, they were refused as 1,200,000).
mkdir -p "$work/clients"
cp tests/data/market/valid/* "$work/clients/"
{ head -2 tests/data/market/valid/clients.csv
  awk 'BEGIN { for (i = 0; i < 600000; i++) print "E07000105,homecare,older_65_plus,10.5," }'
} >"$work/clients/clients.csv"
"$caremarket" validate "$work/clients/scenario.toml" >"$work/out" 2>"$work/err" ||
  { echo "messages_test: 600,000 clients were refused" >&2; cat "$work/out" "$work/err" >&2; failed=1; }
# A reopening is counted from the start: only the horizon leaves it out.
expect 2 "short.toml:4: run.horizon_months: leaves out framework.reopen_after_years" \
  run "$work/short.toml" --set run.start_date=2020-01-01 -o "$work/never"
lacks "run.start_date: leaves out" "a reopening was blamed on the start date"
# A reopening an action or recruitment names, removed by the user: the removal is blamed.
printf 'schema_version = 1\nextends = "kent-baseline"\n[[actions]]\nkind = "in_house"\nat_reopening = 1\nservice = "homecare"\ndistrict = "E07000105"\nhours_per_week = 100\n' >"$work/at-reopening.toml"
expect 2 "--set framework.reopen_after_years=[]: framework.reopen_after_years: the framework never reopens, so actions[0].at_reopening (" \
  run "$work/at-reopening.toml" --set 'framework.reopen_after_years=[]' -o "$work/never"
expect 2 "--set framework.type=closed: framework.type: a closed framework does not reopen: set reopen_after_years = [] (reopen_after_years from scenarios/kent/baseline.toml:" \
  run kent-baseline --set framework.type=closed -o "$work/never"
expect 2 "--set framework.reopen_after_years=[9]: framework.reopen_after_years: a reopening after 9 years" \
  run kent-baseline --set 'framework.reopen_after_years=[9]' -o "$work/never"

# The same on an option: a number beyond a double is called that, not "not a number".
expect 2 "'1e-400' is too large or too small for a number" \
  run kent-baseline --suppress-below 1e-400 -o "$work/never"

# A fault the scenarios share (the same --set) is reported once, not once per scenario.
"$caremarket" compare kent-baseline early-reopening closed-framework --set exits.stress_slope=abc \
  -o "$work/never" >"$work/out" 2>"$work/err"
count=$(grep -c "exits.stress_slope" "$work/err")
[ "$count" -eq 1 ] || { echo "messages_test: compare reported one --set fault $count times:" >&2; cat "$work/err" >&2; failed=1; }

# Too few runs for what is asked of them is said, not hidden: 9 runs put none beyond a 90%
# quantile (9 x 0.1 < 1), and one paired run has no interval and no chance of being better.
expect 0 'the KPI "in 90% of runs" is the KPI in every run made; at least 10 are needed' \
  advise kent-baseline --target "off_contract_placement_share<=0.99" --confidence 0.9 -r 9 \
  --set run.horizon_months=6 --set 'framework.reopen_after_years=[]' --no-report -o "$work/advise-nine"
expect 0 "one paired run gives neither an interval nor a chance of being better" \
  compare kent-baseline high-demand-growth -r 1 --set run.horizon_months=6 \
  --set 'framework.reopen_after_years=[]' --no-report \
  -o "$work/compare-one"

# Two overrides of one key: the later would silently replace the earlier, so both are named,
# in every command that takes --set, and a --vary against a --set of its key (or its table).
expect 2 "--set run.seed=1 and --set run.seed=2 both set run.seed, so one value would silently replace the other" \
  run kent-baseline --set run.seed=1 --set run.seed=2 -o "$work/never"
expect 2 "--set framework={open=true} and --set framework.open=false both set framework.open" \
  compare kent-baseline early-reopening --set 'framework={open=true}' --set framework.open=false -o "$work/never"
expect 2 "--set exits.stress_slope=0.5 and --set exits=" \
  advise kent-baseline --target "people_waiting_mean<=1" --set exits.stress_slope=0.5 \
  --set 'exits={stress_slope=0.2}' -o "$work/never"
expect 2 "both set exits.stress_slope" \
  sensitivity kent-baseline --set exits.stress_slope=0.5 --set ' exits.stress_slope = 0.7' -o "$work/never"
expect 2 "--set demand.growth_per_year=0.03 and --vary demand.growth_per_year=0.01,0.02 (every value) both set demand.growth_per_year" \
  sweep kent-baseline --vary demand.growth_per_year=0.01,0.02 --set demand.growth_per_year=0.03 -o "$work/never"
expect 2 "both set run.horizon_months" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary exits.stress_slope=0..1 --set run.horizon_months=12 --set run.horizon_months=24 -o "$work/never"
expect 2 "both set exits.stress_slope" \
  validate kent-baseline --set exits.stress_slope=0.5 --set exits.stress_slope=0.6
# -r, --seed and --audit set the scenario's keys as a --set does; --name names the run: each
# against a --set of the same key to another value is refused, not silently preferred.
expect 2 "--set run.replications=5 and -r 2 both set run.replications" \
  run kent-baseline --set run.replications=5 -r 2 -o "$work/never"
expect 2 "--set run.seed=5 and --seed 7 both set run.seed" \
  compare kent-baseline early-reopening --set run.seed=5 --seed 7 -o "$work/never"
expect 2 "--set run.audit=false and --audit both set run.audit" \
  run kent-baseline --set run.audit=false --audit -o "$work/never"
expect 2 "--set name=foo and --name bar both name the run; give one of them" \
  run kent-baseline --set name=foo --name bar -o "$work/never"
# --audit is in the resolved scenario the run wrote, as the run was audited.
"$caremarket" run kent-baseline -r 1 --set run.horizon_months=1 --set 'framework.reopen_after_years=[]' \
  --audit --no-report -o "$work/audited" >/dev/null 2>&1
grep -q '^audit = true$' "$work"/audited/*.resolved.toml ||
  { echo "messages_test: --audit is not in the resolved scenario" >&2; failed=1; }

# sensitivity and advise run -r replications per evaluation and never read run.replications:
# a --set of it would be silently unused.
expect 2 "--set run.replications=3: sensitivity runs -r replications per evaluation (default 20) and does not read run.replications; give -r instead" \
  sensitivity kent-baseline --set run.replications=3 -o "$work/never"
expect 2 "--set run.replications=3: advise runs -r replications per evaluation (default 24)" \
  advise kent-baseline --target "people_waiting_mean<=1" --set run.replications=3 -o "$work/never"
# A weight refused where it was given leaves the table short: no second error about the
# table's emptiness, blamed on the shipped file's line, follows it.
expect 2 "--set demand.homecare.prisons.custom_weights={E07000110=-2}: demand.homecare.prisons.custom_weights.E07000110: expected a number >= 0, found -2" \
  run kent-baseline --set 'demand.homecare.prisons.custom_weights={E07000110=-2}' -o "$work/never"
lacks "baseline.toml" "a refused weight was followed by an error blamed on the shipped file"
# The same for band_accepts: a row with a refused entry has as many entries as it was given,
# and a refused table is not compared with the bands of the shipped file.
expect 2 "placement.band_accepts[1][0]: expected a boolean, found an integer" \
  run kent-baseline --set 'placement.band_accepts=[[true],[1]]' -o "$work/never"
lacks "every row needs one entry" "a refused entry of band_accepts was counted as missing"
expect 2 "--set placement.band_accepts=[]: placement.band_accepts: needs at least one property band" \
  run kent-baseline --set 'placement.band_accepts=[]' -o "$work/never"
lacks "baseline.toml" "a refused band_accepts was compared with the shipped file's bands"
# An action of a kind refused is not checked as the first kind; an action missing a value is
# blamed on where the action was given (the --set), not on the shipped file without a line.
expect 2 "actions[0].kind: expected one of" \
  run kent-baseline --set 'actions=[{kind="bogus", at=2028-01-01, district="E07000105"}]' -o "$work/never"
lacks 'of kind "in_house"' "a refused action kind was checked as in_house"
expect 2 "--set actions=[{kind=\"in_house\", district=\"E07000105\", at=2028-01-01}]: actions[0].hours_per_week" \
  run kent-baseline --set 'actions=[{kind="in_house", district="E07000105", at=2028-01-01}]' -o "$work/never"
lacks "baseline.toml" "a missing value of an action given with --set was blamed on the shipped file"
grep -qF "it needs hours_per_week" "$work/err" ||
  { echo "messages_test: a missing hours_per_week was reported as 0" >&2; cat "$work/err" >&2; failed=1; }
# A check between two values blames the one the user gave, not the shipped file's line that
# agrees with what the user meant.
expect 2 "--set demand.homecare.children.package_hours_per_week.min=50: demand.homecare.children.package_hours_per_week.min: max (40) is below min (50)" \
  run kent-baseline --set demand.homecare.children.package_hours_per_week.min=50 -o "$work/never"
expect 2 "--set demand.homecare.prisons.custom_weights={}: demand.homecare.prisons.custom_weights: district_weights = \"custom\" needs custom_weights" \
  run kent-baseline --set 'demand.homecare.prisons.custom_weights={}' -o "$work/never"
expect 2 "--set market.supported_living.band_shares=[1,0,0]: market.supported_living.band_shares: need band 1 has demand" \
  run kent-baseline --set 'market.supported_living.band_shares=[1,0,0]' -o "$work/never"
# Shares that do not add up to 1 say so once: which bands have homes is then not known.
expect 2 "the shares add up to 1e-13; they must add up to 1" \
  run kent-baseline --set 'market.supported_living.band_shares=[1e-13,0,0]' -o "$work/never"
lacks "has demand but no property band" "shares that do not add up were followed by a need-band error"
expect 2 "need band 2 has demand but no property band with homes (a share of market.supported_living.band_shares above 0) accepts it in placement.band_accepts (band_accepts from scenarios/kent/baseline.toml:" \
  run kent-baseline --set 'market.supported_living.band_shares=[0.5,0.5,0]' -o "$work/never"
# Numbers in messages as a person writes them: 2000000 and 1e-7, not 2e+06 and 1e-07.
expect 2 "package_hours_per_week.mean: the mean (2000000) lies outside [min, max] = [1, 80]" \
  run kent-baseline --set demand.homecare.older_65_plus.package_hours_per_week.mean=2000000 -o "$work/never"
expect 2 "exits.stress_slope: expected a number >= 0, found -1e-7" \
  run kent-baseline --set exits.stress_slope=-1e-7 -o "$work/never"
# Counts read as words: "1 row", not "1 rows".
expect 2 "placement.band_accepts: has 1 row (property bands) but market.supported_living.band_shares has 3" \
  run kent-baseline --set 'placement.band_accepts=[[true]]' -o "$work/never"
expect 2 "placement.band_accepts: has 1 column (need bands) but" \
  run kent-baseline --set 'placement.band_accepts=[[true]]' -o "$work/never"
# A date not of the calendar, given with --set (read as text, as TOML has no such date), is
# called that, not "quoted".
expect 2 "--set run.start_date=2027-02-30: run.start_date: '2027-02-30' is not a day of the calendar (2027-02 has 28 days)" \
  run kent-baseline --set run.start_date=2027-02-30 -o "$work/never"
expect 2 "'2027-13-01' is not a day of the calendar (a month is 01 to 12)" \
  run kent-baseline --set run.start_date=2027-13-01 -o "$work/never"
expect 2 "run.start_date: expected a date, found a string (write dates unquoted, e.g. 2027-04-01)" \
  run kent-baseline --set 'run.start_date="2027-04-01"' -o "$work/never"
# A date in another layout is named as one, not as quoted; the same words for every date read.
expect 2 "--set run.start_date=2027-4-1: run.start_date: '2027-4-1' is not a date YYYY-MM-DD (e.g. 2027-04-01)" \
  run kent-baseline --set run.start_date=2027-4-1 -o "$work/never"
# The same words for a date written unquoted in a file (a TOML syntax error to toml++), or in a
# --set array: the date as written and what is wrong with it, with its key.
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "d"\n[run]\nstart_date = 2027-4-1\n' >"$work/date-layout.toml"
expect 2 "date-layout.toml:5: run.start_date: '2027-4-1' is not a date YYYY-MM-DD (e.g. 2027-04-01)" \
  run "$work/date-layout.toml" -o "$work/never"
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "d"\n[run]\nstart_date = 2028-02-30\n' >"$work/date-day.toml"
expect 2 "date-day.toml:5: run.start_date: '2028-02-30' is not a day of the calendar (2028-02 has 29 days)" \
  run "$work/date-day.toml" -o "$work/never"
expect 2 "'[{at=2027-02-29}]' is not a TOML array a scenario can hold ('2027-02-29' is not a day of the calendar (2027-02 has 28 days))" \
  run kent-baseline --set 'exits.shocks=[{at=2027-02-29}]' -o "$work/never"
# A sum as the person adding the shares would write it, not the double 1.2000000000000002.
expect 2 "market.supported_living.band_shares: the shares add up to 1.2; they must add up to 1" \
  run kent-baseline --set 'market.supported_living.band_shares=[0.4,0.4,0.4]' -o "$work/never"
expect 2 "market.supported_living.band_shares: has 2 property bands but placement.band_accepts has 3 rows" \
  run kent-baseline --set 'market.supported_living.band_shares=[0.5,0.5]' -o "$work/never"
lacks "error: scenarios/kent/baseline.toml" "band shares of the wrong length were followed by an error on the shipped file"
# ... and names where the other value was given.
expect 2 "has 2 property bands but placement.band_accepts has 3 rows (band_accepts from scenarios/kent/baseline.toml:" \
  run kent-baseline --set 'market.supported_living.band_shares=[0.5,0.5]' -o "$work/never"
# band_accepts given by the user against the shipped shares and need-band weights: blamed on
# the --set, once for the weights, each group named with where it was given.
expect 2 "--set placement.band_accepts=[[true,true],[true,true]]: placement.band_accepts: has 2 rows (property bands) but market.supported_living.band_shares has 3 (band_shares from scenarios/kent/baseline.toml:" \
  run kent-baseline --set 'placement.band_accepts=[[true,true],[true,true]]' -o "$work/never"
lacks "error: scenarios/kent/baseline.toml" "the user's band_accepts was blamed on the shipped file"
grep -qF "placement.band_accepts: has 2 columns (need bands) but demand.supported_living.pathway_18_25.need_band_weights has 3 (scenarios/kent/baseline.toml:" "$work/err" ||
  { echo "messages_test: need-band weights against the user's band_accepts not named" >&2; cat "$work/err" >&2; failed=1; }
# Both values the user's: each named with where it was given.
expect 2 "package_hours_per_week.max: max (45) is below min (50) (min from --set demand.homecare.older_65_plus.package_hours_per_week.min=50)" \
  run kent-baseline --set demand.homecare.older_65_plus.package_hours_per_week.min=50 \
  --set demand.homecare.older_65_plus.package_hours_per_week.max=45 -o "$work/never"
expect 2 "package_hours_per_week.mean: the mean (100) lies outside [min, max] = [1, 80] (max from scenarios/kent/baseline.toml:" \
  run kent-baseline --set demand.homecare.older_65_plus.package_hours_per_week.mean=100 -o "$work/never"
# A rate change that names no change would change nothing.
expect 2 "actions[0].rate_change: an action of kind \"rate_change\" needs rate_change = <fraction>" \
  run kent-baseline --set 'actions=[{kind="rate_change", at=2028-04-01}]' -o "$work/never"
# A number too large in an option's own syntax is named so, as in a --set.
expect 2 "--target: '1e400' is beyond the numbers a value can hold" \
  advise kent-baseline --target 'off_contract_placement_share<=1e400' -o "$work/never"
expect 2 "--vary exits.stress_slope: '-1e400' is beyond the numbers a value can hold" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary exits.stress_slope=-1e400..0 -o "$work/never"
# compare applies a --set to every scenario: a name given so would name them all alike.
expect 2 "--set name=foo: compare names each scenario by its own name" \
  compare kent-baseline early-reopening --set name=foo -o "$work/never"
expect 2 "--set question=x: compare shows each scenario's question as its file asks it" \
  compare kent-baseline early-reopening --set question=x -o "$work/never"
# ... nor can a --set give every scenario one value of a key they set differently: the
# comparison would not see the difference it is about.
expect 2 "--set framework.reopen_after_years=[]: early-reopening sets framework.reopen_after_years to [ 2, 5 ] and the base, kent-baseline, to [ 3, 6 ]" \
  compare kent-baseline early-reopening --set 'framework.reopen_after_years=[]' -o "$work/never"
expect 2 "--set actions=[]: rate-uplift sets actions to [" \
  compare kent-baseline rate-uplift --set 'actions=[]' -o "$work/never"
# Values as a person writes them: 0.3, not the double's 17 digits 0.29999999999999999.
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "thin"\n[market.homecare]\ncontract_capacity_ratio = 0.3\n' >"$work/thin.toml"
expect 2 "thin.toml sets market.homecare.contract_capacity_ratio to 0.3 and the base, kent-baseline, to 1.08;" \
  compare kent-baseline "$work/thin.toml" --set 'market.homecare={contract_capacity_ratio=0.1}' -o "$work/never"
# Two scenarios over different spans: each key that differs, with both values.
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "span"\n[run]\nhorizon_months = 24\nperiod = "quarter"\nstart_date = 2026-04-01\n[framework]\nreopen_after_years = [1]\n' >"$work/span.toml"
expect 2 'span runs over another time span than the base kent-baseline (run.start_date 2026-04-01 against 2027-04-01; run.horizon_months 24 against 96; run.period "quarter" against "month")' \
  compare kent-baseline "$work/span.toml" -o "$work/never"
# The run's own keys are not checked so: compare runs every scenario on the base's seed and
# replications, and a --set of the time span is what makes two spans comparable. A scenario
# valid only with another --set is checked with it.
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "seed-five"\n[run]\nreplications = 3\nseed = 5\n' >"$work/seed-five.toml"
expect 0 "comparison in" \
  compare kent-baseline "$work/seed-five.toml" --set run.replications=2 --set run.seed=7 \
  --set run.horizon_months=3 --set 'framework.reopen_after_years=[]' --no-report -o "$work/compare-seed"
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "slope-%s"\n[run]\nhorizon_months = 6\n[exits]\nstress_slope = %s\n' one 1 >"$work/slope-one.toml"
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "slope-%s"\n[run]\nhorizon_months = 6\n[exits]\nstress_slope = %s\n' two 2 >"$work/slope-two.toml"
expect 2 "--set exits.stress_slope=5: $work/slope-two.toml sets exits.stress_slope to 2 and the base, $work/slope-one.toml, to 1" \
  compare "$work/slope-one.toml" "$work/slope-two.toml" --set 'framework.reopen_after_years=[]' \
  --set exits.stress_slope=5 -o "$work/never"
# A sweep over a key no model reads would run one model under several labels.
expect 2 "--vary name: this key describes the scenario and no part of the model reads it" \
  sweep kent-baseline --vary name=a,b -o "$work/never"
expect 2 "--vary run.audit: this key checks the run and no part of the model reads it" \
  sweep kent-baseline --vary run.audit=true,false -o "$work/never"
# ... nor by giving the key inside a table.
expect 2 "--vary run={audit=true},{audit=false}: run.audit checks the run" \
  sweep kent-baseline --vary 'run={audit=true},{audit=false}' -o "$work/never"
expect 2 "--vary run={seed=1},{seed=2}: every point runs the same seed (--seed sets it), on common random numbers; run.seed cannot be varied" \
  sweep kent-baseline --vary 'run={seed=1},{seed=2}' -o "$work/never"
# A key a table gives every point alike is not varied: the table's other keys are.
expect 0 "sweep in" \
  sweep kent-baseline --vary 'run={audit=false,horizon_months=3},{audit=false,horizon_months=2}' \
  -r 1 --set 'framework.reopen_after_years=[]' --no-report -o "$work/sweep-table"
# A key this scenario's model does not read (Kent's cascade uses no travel speed) would run the
# first point again at every point; so would one value twice (said of the value since it is
# refused as such).
expect 2 "--vary geography.average_speed_kmh: every point builds the same model" \
  sweep kent-baseline --vary geography.average_speed_kmh=30,60 -o "$work/never"
expect 2 "--vary market_seed=1,1: the value 1 is listed twice" \
  sweep kent-baseline --vary geography.average_speed_kmh=30,60 --vary market_seed=1,1 -o "$work/never"
# The same key to the same value twice replaces nothing, and is accepted (0.5 and 0.50, 1 and
# 1.0 are one number; a bare word is the string it would be in quotes); so is a table whose
# keys no other --set sets, as a table merges key by key.
"$caremarket" validate kent-baseline --set exits.stress_slope=0.5 --set exits.stress_slope=0.50 \
  --set exits.low_utilisation_slope=1 --set exits.low_utilisation_slope=1.0 \
  --set run.period=quarter --set 'run.period="quarter"' \
  --set 'exits={competitor_multiplier=1.5}' \
  >"$work/out" 2>&1 || { echo "messages_test: the same --set twice was refused:" >&2; cat "$work/out" >&2; failed=1; }
# A table given with --set merges into the scenario's, key by key, as a file's does: the keys it
# does not name keep the file's values, not the defaults.
printf 'schema_version = 1\nextends = "kent-baseline"\n[exits]\nlow_utilisation_slope = 3\n' >"$work/slope3.toml"
"$caremarket" run "$work/slope3.toml" -r 1 --set run.horizon_months=6 --set 'framework.reopen_after_years=[]' \
  --set 'exits={stress_slope=0.7}' --no-report -o "$work/slope3" >/dev/null 2>&1
grep -q '^low_utilisation_slope = 3$' "$work"/slope3/*.resolved.toml &&
  grep -q '^stress_slope = 0.7$' "$work"/slope3/*.resolved.toml ||
  { echo "messages_test: a --set table replaced the scenario's table" >&2; failed=1; }
# calibrate names the --vary a key clashes with, and a --vary's end by its --vary, not a --set.
expect 2 "--set exits={stress_slope=0.2}: --vary exits.stress_slope fits this key" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary exits.stress_slope=0..1 --set 'exits={stress_slope=0.2}' -o "$work/never"
expect 2 "--vary exits.stress_slope=0..99999999999999999999 (its high end, 99999999999999999999): exits.stress_slope: expected a number of at most 1e12" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary exits.stress_slope=0..99999999999999999999 -o "$work/never"
# Both corners of the priors are checked, and said with a --fit-until that leaves nothing to fit:
# the low end 1 of a mean below its min 5, the high end 1e+20 of a slope above 1e12.
expect 2 "--vary demand.supported_living.adults_26_64.package_hours_per_week.mean=1..100 (its low end, 1): demand.supported_living.adults_26_64.package_hours_per_week.mean: the mean (1) lies outside [min, max] = [5, 168]" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary demand.supported_living.adults_26_64.package_hours_per_week.mean=1..100 \
  --vary exits.stress_slope=0..99999999999999999999 --fit-until 2019-12-31 -o "$work/never"
grep -qF -- "--vary exits.stress_slope=0..99999999999999999999 (its high end, 99999999999999999999): exits.stress_slope: expected a number of at most 1e12" "$work/err" &&
  grep -qF -- "--fit-until 2019-12-31: every target of scenarios/kent/targets-2020-2024.csv is dated after it; none is left to fit" "$work/err" ||
  { echo "messages_test: calibrate's low corner hid its high corner or --fit-until:" >&2; cat "$work/err" >&2; failed=1; }
# A fault a corner causes in another key (backtest-2020's shock on line 66 names provider 61,
# which a market of 50 framework providers lacks; 70 have it) is blamed on the --vary's end:
# the --vary, not the shipped file, is its cause.
expect 2 "caremarket: error: --vary market.supported_living.framework_providers=50..70 (its low end, 50): market.supported_living.framework_providers: leaves out exits.shocks[0].provider (scenarios/kent/backtest-2020.toml:66): no provider named 'supported living framework provider 61'" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary market.supported_living.framework_providers=50..70 -o "$work/never"
lacks "error: at the priors' high corner" "a corner that loads said as refusing"
# A note of one corner's model is said with that corner: in a market of 70 framework providers,
# provider 31, which the shock of 2020-06-01 names, holds no capacity.
grep -qF "caremarket: note: at the priors' high corner (market.supported_living.framework_providers=70): backtest-2020: the shock on 2020-06-01 names supported living framework provider 31, which holds no capacity" "$work/err" ||
  { echo "messages_test: a corner's note said without its corner:" >&2; cat "$work/err" >&2; failed=1; }
# A hexadecimal integer beyond 64 bits is a number too large, not a string.
expect 2 "'0x1FFFFFFFFFFFFFFFFF' is beyond the whole numbers a scenario can hold" \
  run kent-baseline --set exits.stress_slope=0x1FFFFFFFFFFFFFFFFF -o "$work/never"

# --force never replaces the folder the command is run from, or one holding it: the shell would
# be left in a folder that no longer exists.
"$caremarket" run kent-baseline -r 1 --set run.horizon_months=6 --set 'framework.reopen_after_years=[]' \
  --no-report -o "$work/here/inner" >/dev/null 2>&1
mkdir -p "$work/here/inner/notes"
for target in ../../inner "$work/here/inner"; do
  (cd "$work/here/inner/notes" && "$caremarket" run kent-baseline -r 1 --force -o "$target") >"$work/out" 2>"$work/err"
  code=$?
  if [ "$code" -ne 2 ] || ! grep -qF "the folder this command is run from; replacing it would leave the shell" "$work/err"; then
    echo "messages_test: --force -o $target from inside the folder gave exit $code:" >&2; cat "$work/err" >&2; failed=1
  fi
done
[ -f "$work/here/inner/manifest.json" ] || { echo "messages_test: the folder run from was replaced" >&2; failed=1; }

# --help anywhere on the line gives the command's help and exit 0, whatever else is wrong there
# (a switch given a value, an empty or non-numeric value), not the other fault.
for line in "run --help --force=2" "run kent-baseline -o '' --help" "sweep -r abc -h" \
  "run kent-baseline -r 1 -o --help" "run -r 1 --name --help kent-baseline" "compare a b --set --help" \
  "advise kent-baseline --target --help"; do
  eval "\"\$caremarket\" $line" >"$work/help" 2>"$work/err"
  code=$?
  command=${line%% *}
  if [ "$code" -ne 0 ] || ! grep -q "Usage: .*caremarket $command \[OPTIONS\]" "$work/help"; then
    echo "messages_test: caremarket $line gave exit $code and not the $command help:" >&2
    cat "$work/help" "$work/err" >&2
    failed=1
  fi
done
for folder in ./--help out/--help; do
  if [ -e "$folder" ]; then
    echo "messages_test: a line asking for help ran and wrote $folder" >&2
    rm -rf -- "$folder"
    failed=1
  fi
done
# --help gives the defaults of -r, -j and --seed.
"$caremarket" run --help >"$work/help" 2>&1
for fragment in "the scenario's run.replications" "the scenario's run.seed" "0: all cores"; do
  grep -qF "$fragment" "$work/help" || { echo "messages_test: run --help lacks '$fragment'" >&2; failed=1; }
done
grep -q -- "-j,--threads INT:.*=0" "$work/help" ||
  { echo "messages_test: run --help shows no default for -j" >&2; failed=1; }

# Homecare has no properties and no need bands: the keys only supported living reads are refused
# under homecare, in every command and from a file or --set, and named under supported living.
for key in homes_per_property=2 'band_shares=[1]' pipeline_properties=5 pipeline_window_days=365; do
  expect 2 "--set market.homecare.$key: market.homecare.${key%%=*}: homecare has no properties, so this would be ignored (only market.supported_living.${key%%=*} is read)" \
    run kent-baseline --set "market.homecare.$key" -o "$work/never"
done
expect 2 "homecare has no need bands, so this would be ignored (only demand.supported_living.adults_26_64.need_band_weights is read)" \
  run kent-baseline --set 'demand.homecare.adults_26_64.need_band_weights=[1]' -o "$work/never"
expect 2 "--vary market.homecare.pipeline_properties=0,5 (every value): market.homecare.pipeline_properties: homecare has no properties" \
  sweep kent-baseline --vary market.homecare.pipeline_properties=0,5 -o "$work/never"
# The same keys named where a command takes a parameter's key rather than a value: --only,
# calibrate's --vary and a parameters.csv column say which key is read, not "no such parameter".
expect 2 "--only market.homecare.band_shares: homecare has no properties, so this would be ignored (only market.supported_living.band_shares is read)" \
  sensitivity kent-baseline --only market.homecare.band_shares -o "$work/never"
expect 2 "--only demand.homecare.older_65_plus.need_band_weights: homecare has no need bands, so this would be ignored (only demand.supported_living.older_65_plus.need_band_weights is read)" \
  sensitivity kent-baseline --only demand.homecare.older_65_plus.need_band_weights -o "$work/never"
expect 2 "--vary market.homecare.homes_per_property: homecare has no properties, so this would be ignored (only market.supported_living.homes_per_property is read)" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary market.homecare.homes_per_property=1..3 -o "$work/never"
printf 'particle,weight,market.homecare.pipeline_window_days\n0,1,365\n' >"$work/hc-sample.csv"
expect 2 "hc-sample.csv:1: column 'market.homecare.pipeline_window_days': homecare has no properties, so this would be ignored (only market.supported_living.pipeline_window_days is read)" \
  run kent-baseline --parameters "$work/hc-sample.csv" -o "$work/never"
# A key column given twice would be read as its first: refused, as a repeated weight column is.
printf 'particle,weight,exits.stress_slope,exits.stress_slope,distance\n0,1,1,2,0.5\n' >"$work/twice-sample.csv"
expect 2 "twice-sample.csv:1: column 'exits.stress_slope': column appears more than once in the header" \
  run kent-baseline --parameters "$work/twice-sample.csv" -o "$work/never"
# Several errors in one file come in the order of its lines, not the schema's.
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "x"\n[run]\nreplications = -1\n[costs.homecare]\ncontract_rate_gbp_per_hour = -5\n[demand.homecare.older_65_plus]\nreferrals_per_year = -3\n' >"$work/three.toml"
"$caremarket" validate "$work/three.toml" >"$work/three.out" 2>&1
[ "$(sed "s|^$work/three.toml: error: [^:]*:\\([0-9]*\\):.*|\\1|" "$work/three.out" | tr '\n' ' ')" = "5 7 9 " ] ||
  { echo "messages_test: errors not in line order: $(cat "$work/three.out")" >&2; failed=1; }
# geography's options take what the scenario keys they stand for take.
expect 2 "--hops: '500' is out of range; expected a whole number from 0 to 100" geography --hops 500
expect 2 "--max-travel-minutes: '0' is out of range; expected a number above 0" \
  geography --max-travel-minutes 0
# geography.max_travel_minutes is at most 1e12, as any number of a scenario, or inf (its
# default, no limit): the option had refused inf and taken 1e300. A budget is a cap too.
expect 2 "--max-travel-minutes: '1e300' is out of range; expected a number above 0 and at most 1e12, or inf for no limit" \
  geography --max-travel-minutes 1e300
"$caremarket" geography --max-travel-minutes inf >"$work/inf.out" 2>&1 &&
  grep -qF "Neighbours: up to 1 hop; external districts" "$work/inf.out" ||
  { echo "messages_test: --max-travel-minutes inf is not no limit: $(cat "$work/inf.out")" >&2; failed=1; }
expect 2 "--budget-gbp: '1e13' is out of range; expected a number from 0 to 1e12, or inf for no limit" \
  advise kent-baseline --target 'off_contract_placement_share<=0.1' --budget-gbp 1e13 -o "$work/never"
# A file an option names that cannot be read is said of the option.
expect 2 "caremarket: error: --parameters $work/absent.csv: cannot read the file: it does not exist" \
  sweep kent-baseline --vary exits.stress_slope=1,2 --parameters "$work/absent.csv" -o "$work/never"
expect 2 "caremarket: error: --targets $work/absent.csv: cannot read the file: it does not exist" \
  calibrate backtest-2020 --targets "$work/absent.csv" --vary exits.stress_slope=0..1 -o "$work/never"
# A key of the scenario that is not a varied number (a list) is said to be one, not misspelt.
expect 2 "--only market.supported_living.band_shares: a key of the scenario, but not a number that can be varied" \
  sensitivity kent-baseline --only market.supported_living.band_shares -o "$work/never"
# So is a parameters.csv column of such a key: at its header, not at its first cell's date.
printf 'particle,weight,run.start_date,exits.stress_slope\n0,1,2027-04-01,1\n' >"$work/date-sample.csv"
expect 2 "date-sample.csv:1: column 'run.start_date': a key of the scenario, but not a number that can be varied" \
  run kent-baseline --parameters "$work/date-sample.csv" -o "$work/never"
lacks "'2027-04-01'" "a date column of parameters.csv refused at its cell"
# A misspelt service or group is no key of the scenario (a suggestion follows); a key of a group
# with nobody in care is said to be one, wherever a key to vary is named.
printf 'particle,weight,demand.homcare.older_65_plus.growth_per_year\n0,1,0.2\n' >"$work/service-typo.csv"
expect 2 "service-typo.csv:1: column 'demand.homcare.older_65_plus.growth_per_year' is not a numeric parameter of scenario kent-baseline; did you mean 'demand.homecare.older_65_plus.growth_per_year'?" \
  run kent-baseline --parameters "$work/service-typo.csv" -o "$work/never"
expect 2 "--only demand.supported_living.prisons.initial_people: a key of a group with nobody in care and no referrals in scenario kent-baseline" \
  sensitivity kent-baseline --only demand.supported_living.prisons.initial_people --list
# A prefix naming the silent group itself is said as the group's (it suggested 'demand').
expect 2 "--only demand.supported_living.prisons: the keys of a group with nobody in care and no referrals in scenario kent-baseline, so varying them would move nothing" \
  sensitivity kent-baseline --only demand.supported_living.prisons --list
lacks "did you mean" "a shorter prefix suggested for a silent group"
expect 2 "--vary demand.supported_living.prisons.growth_per_year: a key of a group with nobody in care and no referrals in scenario" \
  calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  --vary demand.supported_living.prisons.growth_per_year=0..1 -o "$work/never"
# A prior of the silent group's people gives it people: taken.
expect 0 "calibration in" calibrate backtest-2020 --targets scenarios/kent/targets-2020-2024.csv \
  -n 4 --waves 1 --no-report --vary demand.supported_living.prisons.initial_people=0..1 -o "$work/silent-people"
printf 'particle,weight,exits.stress_slop,distance\n0,1,1,0.5\n' >"$work/typo-sample.csv"
expect 2 "typo-sample.csv:1: column 'exits.stress_slop' is not a numeric parameter of scenario kent-baseline; did you mean 'exits.stress_slope'?" \
  run kent-baseline --parameters "$work/typo-sample.csv" -o "$work/never"
# The people limit counts whole people as they are placed (each group rounded): Kent's other
# groups hold 410 + 100 + 20 + 300 + 2000 + 100 = 2930, so 995969.5 + 1100.5 is 1000000 as
# written but places 995970 + 1101 + 2930 = 1000001; 995970.4 places 995970 + 1100 + 2930.
expect 2 "the groups' initial_people, each rounded to whole people as they are placed, add up to 1000001; at most 1000000" \
  run kent-baseline --set demand.homecare.older_65_plus.initial_people=995969.5 \
  --set demand.homecare.adults_26_64.initial_people=1100.5 -o "$work/never"
"$caremarket" validate kent-baseline --set demand.homecare.older_65_plus.initial_people=995970.4 \
  >/dev/null 2>"$work/err" ||
  { echo "messages_test: 1000000 whole people refused:" >&2; cat "$work/err" >&2; failed=1; }
# An advise step is one branch: 0 (worked out) or a branch's 0.1 to 1000000 hours a week.
expect 2 "--step-hours: '2000000' is out of range; expected 0 or a number from 0.1 to 1000000" \
  advise kent-baseline --step-hours 2000000 -o "$work/never"
expect 2 "--step-hours: '0.05' is out of range; expected 0 or a number from 0.1 to 1000000" \
  advise kent-baseline --step-hours 0.05 -o "$work/never"
# An entrant's capacity is one branch: its draws' clamp must lie within a branch's limits.
expect 2 "framework.entrant_capacity_hours_per_week.max: expected hours a week from 0.1 to 1000000, the range every draw must lie in, found inf" \
  run kent-baseline --set framework.entrant_capacity_hours_per_week.max=inf -o "$work/never"
expect 2 "framework.entrant_capacity_hours_per_week.min: expected hours a week from 0.1 to 1000000, the range every draw must lie in, found 0" \
  run kent-baseline --set framework.entrant_capacity_hours_per_week.min=0 -o "$work/never"
# A value refused as read is not also quoted as the 0 it was left at.
printf 'schema_version = 1\nextends = "kent-baseline"\n[[actions]]\nkind = "block_purchase"\nat = 2028-01-01\ndistrict = "E07000105"\nhours_per_week = nan\n' >"$work/nan-hours.toml"
expect 2 "nan-hours.toml:7: actions[0].hours_per_week: expected a number" run "$work/nan-hours.toml" -o "$work/never"
lacks "found 0" "a second error quoting the 0 a refused value was left at"

[ "$failed" -eq 0 ] && echo "messages_test: ok"

exit "$failed"
