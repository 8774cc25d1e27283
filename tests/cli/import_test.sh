#!/bin/sh
# `caremarket import market`: public-data files in, a market folder that validates and runs out,
# an import log accounting for every row, and clear errors (file, line, column; exit 2) for bad
# input with nothing written. Run from the source folder.
set -eu
caremarket="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
samples=docs/examples/public-data
cases=tests/data/import
fail() { echo "import_test: $*" >&2; exit 1; }
has() { grep -qF -- "$2" "$1" || fail "$1 lacks: $2"; }

# 1. The samples: one command, a scenario that validates and runs, providers by CQC id.
"$caremarket" import market --cqc $samples/cqc-care-directory.csv \
  --postcodes $samples/ons-postcode-lookup.csv \
  --capacity $samples/capacity-tracker-non-residential.csv \
  --projections $samples/ons-snpp-projections.csv -o "$work/kent" 2>"$work/err"
has "$work/err" "import log"
# The hint to run it pastes into a shell: $work (from mktemp) has no character to quote.
has "$work/err" "caremarket run $work/kent/scenario.toml"
"$caremarket" import market --cqc $samples/cqc-care-directory.csv \
  --postcodes $samples/ons-postcode-lookup.csv -o "$work/two words" 2>"$work/err"
has "$work/err" "caremarket run '$work/two words/scenario.toml'"
has "$work/kent/scenario.toml" 'extends = "kent-baseline"'
# Every data row of the directory (6) and the Capacity Tracker extract (4) is in the log.
[ "$(grep -c '^cqc-care-directory.csv,' "$work/kent/import_log.csv")" -eq 6 ] ||
  fail "the log does not account for the directory's 6 rows"
[ "$(grep -c '^capacity-tracker-non-residential.csv,' "$work/kent/import_log.csv")" -eq 4 ] ||
  fail "the log does not account for the Capacity Tracker's 4 rows"
has "$work/kent/import_log.csv" 'cqc-care-directory.csv,10,1-9000000005,dropped,neither homecare nor supported living (Residential homes)'
# Medway is outside the council but an external district of its geography: its branch is kept
# as an external provider, and the scenario models Medway as a district of providers only.
has "$work/kent/import_log.csv" 'cqc-care-directory.csv,11,1-9000000006,kept,"homecare branch in E06000035 (Medway, external: out of area), 760 hours a week (Capacity Tracker line 5); provider 1-8000000006"'
has "$work/kent/import_log.csv" 'capacity-tracker-non-residential.csv,5,1-9000000006,used,'
has "$work/kent/homecare_capacity.csv" '1-8000000006,E06000035,760'
has "$work/kent/scenario.toml" 'external_providers = true'
# With no neighbours, nobody can be placed in Medway: validate says so.
"$caremarket" validate "$work/kent/scenario.toml" --set geography.neighbour_hops=0 >"$work/note" 2>&1
has "$work/note" 'note: the external district E06000035 holds providers, but it is no council district'"'"'s neighbour'
# Projections: 65+ is ages 70 and 90+ here (20000 x 1.02 + 3000 x 1.03 in 2027), all ages as given.
has "$work/kent/scenario.toml" 'projections = "projections.csv"'
has "$work/kent/projections.csv" 'E07000105,65+,2027,23490'
has "$work/kent/projections.csv" 'E07000105,all,2027,100500'
has "$work/kent/projections.csv" 'E07000105,18-64,2026,60000'
if grep -q 'E06000035\|E10000016' "$work/kent/projections.csv"; then fail "projections outside the council"; fi
[ "$(grep -c '^ons-snpp-projections.csv,' "$work/kent/import_log.csv")" -eq 70 ] ||
  fail "the log does not account for the projections' 70 rows"
has "$work/kent/import_log.csv" 'ons-snpp-projections.csv,6,E07000105,not used,component Births'
has "$work/kent/homecare_capacity.csv" '1-8000000001,E07000105,1850.5'
has "$work/kent/homecare_capacity.csv" '1-8000000001,E07000106,910'
has "$work/kent/providers.csv" "1-8000000003,St Mary's Community Care & Support CIC,"
has "$work/kent/properties.csv" '1-8000000004,E07000115,'
# St Mary's reports 0 hours: a supported-living property, no homecare branch.
has "$work/kent/properties.csv" '1-8000000003,E07000114,'
if grep -q '^1-8000000003,' "$work/kent/homecare_capacity.csv"; then fail "a 0-hour branch was kept"; fi
"$caremarket" validate "$work/kent/scenario.toml" >/dev/null 2>&1 || fail "the scenario does not validate"
"$caremarket" run "$work/kent/scenario.toml" -r 1 --set run.horizon_months=3 \
  --set "framework.reopen_after_years=[]" --no-report -o "$work/run" 2>/dev/null
has "$work/run/providers.csv" '1-8000000001,Oakfield Care Services Ltd,'
has "$work/run/providers.csv" '1-8000000004,Weald Living Limited,'
has "$work/run/providers.csv" '1-8000000006,"Gate Care, Ltd",framework,'
grep -q ',E06000035,Medway (external),homecare,' "$work/run/district_metrics.csv" ||
  fail "the results have no row for Medway's providers"
# Nobody lives in Medway: every people_needing_care of its rows is 0.
awk -F, '$2 == "E06000035" && $7 == "people_needing_care" && $8 != 0 { bad = 1 } END { exit bad }' \
  "$work/run/district_metrics.csv" || fail "people needing care in Medway"
# An imported market is an input, not results: report says so and gives the command to run it.
"$caremarket" report "$work/kent" 2>"$work/err" && fail "report made a page of an imported market"
grep -qF "holds a market written by \`caremarket import market\`, not results, so it has no report; run its scenario first, e.g. caremarket run $work/kent/scenario.toml -o $work/kent-run" "$work/err" ||
  fail "report on an imported market does not say to run it: $(cat "$work/err")"

# 1b. The HSCA active-locations export (the same locations, one Y column per service type, a
# dormant location): recognised by its header, below its title lines.
"$caremarket" import market --cqc $samples/cqc-hsca-active-locations.csv \
  --postcodes $samples/ons-postcode-lookup.csv \
  --capacity $samples/capacity-tracker-non-residential.csv -o "$work/hsca" 2>"$work/err"
[ "$(grep -c '^cqc-hsca-active-locations.csv,' "$work/hsca/import_log.csv")" -eq 7 ] ||
  fail "the log does not account for the HSCA export's 7 rows"
has "$work/hsca/import_log.csv" 'cqc-hsca-active-locations.csv,9,1-9000000005,dropped,neither homecare nor supported living (Care home service without nursing)'
has "$work/hsca/import_log.csv" 'cqc-hsca-active-locations.csv,11,1-9000000007,dropped,dormant (providing no regulated care)'
has "$work/err" 'dropped: dormant (providing no regulated care)'
has "$work/hsca/homecare_capacity.csv" '1-8000000001,E07000105,1850.5'
has "$work/hsca/properties.csv" '1-8000000003,E07000114,'
has "$work/hsca/properties.csv" '1-8000000004,E07000115,'
"$caremarket" validate "$work/hsca/scenario.toml" >/dev/null 2>&1 || fail "the HSCA scenario does not validate"
# Own HSCA cases: BOM, CRLF, lower-case postcode, "Yes", both services, quoting, a duplicate.
"$caremarket" import market --cqc $cases/hsca-cases.csv --postcodes $samples/ons-postcode-lookup.csv \
  -o "$work/hsca-cases" 2>/dev/null
log="$work/hsca-cases/import_log.csv"
[ "$(grep -c '^hsca-cases.csv,' "$log")" -eq 7 ] || fail "the log does not account for 7 HSCA rows"
has "$log" 'hsca-cases.csv,6,1-202,dropped,dormant (providing no regulated care)'
has "$log" 'hsca-cases.csv,7,1-200,dropped,duplicate location (first on line 4)'
has "$log" 'hsca-cases.csv,8,1-203,dropped,neither homecare nor supported living (Care home service with nursing)'
has "$log" 'hsca-cases.csv,10,1-205,dropped,no postcode'
has "$work/hsca-cases/providers.csv" '1-Q1,"Alpha ""Best"" Care, Ltd",'
has "$work/hsca-cases/homecare_capacity.csv" '1-Q1,E07000105,600'
has "$work/hsca-cases/homecare_capacity.csv" '1-Q2,E07000106,600'
has "$work/hsca-cases/properties.csv" '1-Q2,E07000106,'

# 2. Own cases: BOM, CRLF, title block, quoting, duplicate location, missing and unknown
# postcodes, both services, Medway, a residential home, 0 hours, an older return, a framework list.
"$caremarket" import market --cqc $cases/cqc-cases.csv --postcodes $samples/ons-postcode-lookup.csv \
  --capacity $cases/capacity-cases.csv --framework $cases/framework.txt \
  --populations $cases/nomis-cases.csv -o "$work/cases" 2>/dev/null
log="$work/cases/import_log.csv"
has "$log" 'cqc-cases.csv,8,1-100,dropped,duplicate location (first on line 6)'
has "$log" 'cqc-cases.csv,9,1-102,dropped,no postcode'
has "$log" 'cqc-cases.csv,10,1-103,dropped,postcode ZZ11ZZ not in the postcode lookup'
has "$log" 'cqc-cases.csv,12,1-105,kept,"homecare branch in E06000035 (Medway, external: out of area)'
has "$log" 'cqc-cases.csv,13,1-106,dropped,neither homecare nor supported living (Residential homes|Nursing homes)'
has "$log" 'cqc-cases.csv,14,1-107,dropped,no homecare: 0 hours paid last week (Capacity Tracker line 5)'
has "$log" 'capacity-cases.csv,3,1-100,not used,an older return for the same location'
has "$log" 'capacity-cases.csv,2,1-100,used,"500 hours paid last week, return of 2024-02-08"'
has "$log" 'capacity-cases.csv,6,1-999,not used,not a homecare location kept from the directory'
has "$log" 'capacity-cases.csv,7,1-101,not used,hours not answered'
has "$log" 'framework.txt,3,1-999,not used,not a kept provider or location'
[ "$(grep -c '^cqc-cases.csv,' "$log")" -eq 9 ] || fail "the log does not account for 9 directory rows"
[ "$(grep -c '^capacity-cases.csv,' "$log")" -eq 6 ] || fail "the log does not account for 6 tracker rows"
# Two locations of one provider in one district: 500 (tracker) + 310 (the median of 500 and 120).
has "$work/cases/homecare_capacity.csv" '1-P1,E07000105,810'
has "$work/cases/homecare_capacity.csv" '1-P4,E07000106,120'
has "$work/cases/properties.csv" '1-P4,E07000106,'
has "$work/cases/providers.csv" '1-P1,"Alpha ""Best"" Care, Ltd",spot'
has "$work/cases/providers.csv" '1-P4,Both Ltd,framework'
"$caremarket" validate "$work/cases/scenario.toml" >/dev/null 2>&1 || fail "the cases' scenario does not validate"
# Populations: the latest year's persons totals; Medway (external) keeps the rest of its row.
has "$work/cases/scenario.toml" 'data = "."'
has "$work/cases/districts.csv" 'E07000105,Ashford,140000,80620,27130,'
has "$work/cases/districts.csv" 'E06000035,Medway,290000,'
[ -s "$work/cases/edges.csv" ] || fail "no edges.csv beside the districts"
[ "$(grep -c '^nomis-cases.csv,' "$log")" -eq 76 ] || fail "the log does not account for 76 Nomis rows"
has "$log" 'nomis-cases.csv,2,E07000105,not used,not the latest year (2023)'
has "$log" 'nomis-cases.csv,74,E07000105,not used,by sex (Male); the total is used'
has "$log" 'nomis-cases.csv,77,E10000016,not used,not a district of the geography'
"$caremarket" geography --data "$work/cases" --format json | grep -q '140000' || fail "the geography does not read the new population"
# --total-hours shares what the tracker does not give equally (1000 - 500 - 120 = 380 for 1-101).
"$caremarket" import market --cqc $cases/cqc-cases.csv --postcodes $samples/ons-postcode-lookup.csv \
  --capacity $cases/capacity-cases.csv --total-hours 1000 -o "$work/total" 2>/dev/null
has "$work/total/homecare_capacity.csv" '1-P1,E07000105,880'
# The Medway branch is not the council's: it takes no share of the council's total but the
# median of the tracker's non-zero figures (500 and 120), 310.
has "$work/total/homecare_capacity.csv" '1-P5,E06000035,310'

# 2b. What a new user's files hold (each case found by trying the import as one).
hdr='Location ID,Location Postal Code,Location Name,Provider ID,Provider Name,Service type - Domiciliary care service,Service type - Supported living service'
# Blank rows at the end (as spreadsheets write them) and a blank id are dropped, not refused; a
# no-break space in a postcode is a space.
printf '%s\n1-1,TN23\302\2409ZZ,A,P1,Alpha,Y,\n,CT1 9ZZ,B,P2,Beta,Y,\n,,,,,,\n' "$hdr" >"$work/blank.csv"
"$caremarket" import market --cqc "$work/blank.csv" --postcodes $samples/ons-postcode-lookup.csv -o "$work/blank" 2>/dev/null
has "$work/blank/import_log.csv" 'blank.csv,2,1-1,kept,'
has "$work/blank/import_log.csv" 'blank.csv,3,,dropped,no location or provider id'
has "$work/blank/import_log.csv" 'blank.csv,4,,dropped,no location or provider id'
# The other Unicode spaces exports put in text are spaces too: narrow no-break (U+202F, UTF-8
# E2 80 AF), figure (U+2007, E2 80 87), ideographic (U+3000, E3 80 80); a hyphen (U+2010,
# E2 80 90) is not a space, so its postcode is not in the lookup.
printf '%s\n1-1,TN23\342\200\2579ZZ,A,P1,Alpha,Y,\n1-2,tn23\342\200\2079zz,B,P1,Alpha,Y,\n1-3,\343\200\200TN23 9ZZ,C,P1,Alpha,Y,\n1-4,TN23\342\200\2209ZZ,D,P1,Alpha,Y,\n' \
  "$hdr" >"$work/spaces.csv"
"$caremarket" import market --cqc "$work/spaces.csv" --postcodes $samples/ons-postcode-lookup.csv -o "$work/spaces" 2>/dev/null ||
  fail "postcodes with Unicode spaces were not found in the lookup"
has "$work/spaces/import_log.csv" 'spaces.csv,2,1-1,kept,'
has "$work/spaces/import_log.csv" 'spaces.csv,3,1-2,kept,'
has "$work/spaces/import_log.csv" 'spaces.csv,4,1-3,kept,'
has "$work/spaces/import_log.csv" 'spaces.csv,5,1-4,dropped,postcode TN23'
# Care-directory service types in another case or with spaces around the '|'.
sed 's/,Homecare agencies|Supported living,/,homecare agencies | Supported Living ,/' \
  $samples/cqc-care-directory.csv >"$work/spaced.csv"
"$caremarket" import market --cqc "$work/spaced.csv" --postcodes $samples/ons-postcode-lookup.csv -o "$work/spaced" 2>/dev/null
has "$work/spaced/import_log.csv" 'supported-living property in E07000114'
has "$work/spaced/homecare_capacity.csv" '1-8000000003,E07000114,'
# ONSPD names the district 'oslaua'; column names in capitals are the same columns.
sed '1s/laua/oslaua/; 1s/pcds/PCDS/' $samples/ons-postcode-lookup.csv >"$work/onspd.csv"
"$caremarket" import market --cqc $samples/cqc-care-directory.csv --postcodes "$work/onspd.csv" -o "$work/onspd" 2>/dev/null
has "$work/onspd/homecare_capacity.csv" '1-8000000001,E07000105,'
# A postcode lookup saved on Windows (CRLF line ends) reads as the same lookup.
mkdir "$work/crlf"  # the same file name: the market files name their sources
sed 's/$/\r/' $samples/ons-postcode-lookup.csv >"$work/crlf/ons-postcode-lookup.csv"
"$caremarket" import market --cqc $samples/cqc-care-directory.csv --postcodes "$work/crlf/ons-postcode-lookup.csv" \
  -o "$work/crlf-lookup" 2>/dev/null || fail "a CRLF postcode lookup was refused"
"$caremarket" import market --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv \
  -o "$work/lf-lookup" 2>/dev/null
cmp "$work/lf-lookup/homecare_capacity.csv" "$work/crlf-lookup/homecare_capacity.csv" ||
  fail "a CRLF postcode lookup placed branches differently"
# A postcode the lookup lists without a district is dropped with that reason.
sed 's/"E07000106",,,"E92000001"/"",,,"E92000001"/' $samples/ons-postcode-lookup.csv >"$work/nolaua.csv"
"$caremarket" import market --cqc $samples/cqc-care-directory.csv --postcodes "$work/nolaua.csv" -o "$work/nolaua" 2>/dev/null
has "$work/nolaua/import_log.csv" 'cqc-care-directory.csv,7,1-9000000002,dropped,postcode CT19ZZ has no district in the postcode lookup (line 3)'
# A name with quotes and a backslash is written as TOML reads it.
"$caremarket" import market --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv \
  --name 'Kent "test" \ run' -o "$work/named" 2>/dev/null
"$caremarket" validate "$work/named/scenario.toml" >/dev/null 2>&1 || fail "a quoted --name gives a scenario that does not validate"
# Medway's only branch reports 0 hours: no external provider is kept, so none is declared.
sed 's/,760,/,0,/' $samples/capacity-tracker-non-residential.csv >"$work/zero.csv"
"$caremarket" import market --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv \
  --capacity "$work/zero.csv" -o "$work/zero" 2>/dev/null
if grep -q 'external_providers' "$work/zero/scenario.toml"; then fail "external providers declared with none kept"; fi
# A council that already models Medway's providers: the caseload has no row for Medway.
"$caremarket" import market --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv \
  --council "$work/kent/scenario.toml" --salt $samples/salt-lts001b.csv -o "$work/recouncil" 2>/dev/null
if grep -q '^E06000035' "$work/recouncil/caseload.csv"; then fail "caseload rows for Medway"; fi
"$caremarket" validate "$work/recouncil/scenario.toml" >/dev/null 2>&1 || fail "the re-imported scenario does not validate"
# A framework list naming an id twice: the second is logged as a repeat.
printf '1-8000000001\n1-8000000001\n' >"$work/twice.txt"
"$caremarket" import market --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv \
  --framework "$work/twice.txt" -o "$work/twice" 2>/dev/null
has "$work/twice/import_log.csv" 'twice.txt,2,1-8000000001,not used,listed again (first on line 1)'

# 2c. A second round of a new user's files.
# A council with its own clients.csv and a shock naming its own provider: the imported scenario
# clears both (they name providers that are not in the imported market), and validates.
"$caremarket" import market --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv \
  --salt $samples/salt-lts001b.csv --council tests/data/market/valid/scenario.toml -o "$work/own" 2>"$work/err"
has "$work/own/scenario.toml" 'clients = ""'
has "$work/own/scenario.toml" 'shocks = []'
has "$work/err" 'note: tests/data/market/valid/scenario.toml reads clients.csv'
"$caremarket" validate "$work/own/scenario.toml" >/dev/null 2>&1 || fail "the scenario of a council with clients.csv does not validate"
# A council that models Medway's providers, re-imported with Medway's branch at 0 hours: the new
# scenario stops modelling them.
"$caremarket" import market --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv \
  --capacity "$work/zero.csv" --council "$work/kent/scenario.toml" -o "$work/reimport" 2>/dev/null
has "$work/reimport/scenario.toml" 'external_providers = false'
# SALT's data pack in one CSV holds other tables and years: only LTS001b of the latest year is
# used, so the totals are the hand-worked ones above (homecare 65 and over 3105), not 3 times.
{ cat $samples/salt-lts001b.csv; sed -n '2,$p' $samples/salt-lts001b.csv | sed 's/,LTS001b,LTS001b,/,LTS001c,LTS001c,/'
  sed -n '2,$p' $samples/salt-lts001b.csv | sed 's/^Council,2024,/Council,2023,/'
  printf ',,,,,,,,,,,,,,,,\n'; } >"$work/salt-pack.csv"
sed 's/Community: Home Care/COMMUNITY: HOME CARE/' "$work/salt-pack.csv" >"$work/salt-case.csv"
"$caremarket" import market --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv \
  --salt "$work/salt-case.csv" -o "$work/pack" 2>/dev/null
awk -F, 'NR > 2 && $2 == "homecare" && $3 == "older_65_plus" { n += $4 } END { exit n != 3105 }' \
  "$work/pack/caseload.csv" || fail "SALT rows of other tables or years were summed"
has "$work/pack/import_log.csv" 'salt-case.csv,6,E10000016,not used,table LTS001c (LTS001b is used)'
has "$work/pack/import_log.csv" 'salt-case.csv,10,E10000016,not used,not the latest year (2024)'
has "$work/pack/import_log.csv" 'salt-case.csv,14,,not used,a blank field'
# A row of commas at the end of the projections and the populations is logged, not refused.
{ cat $samples/ons-snpp-projections.csv; printf ',,,,,,,,,\n'; } >"$work/snpp-blank.csv"
{ cat $samples/nomis-mid-year-estimates.csv; printf ',,,,,,,\n'; } >"$work/nomis-blank.csv"
"$caremarket" import market --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv \
  --projections "$work/snpp-blank.csv" --populations "$work/nomis-blank.csv" -o "$work/blanks" 2>/dev/null
has "$work/blanks/import_log.csv" 'snpp-blank.csv,72,,not used,a blank field'
has "$work/blanks/import_log.csv" 'nomis-blank.csv,'"$(($(wc -l <$samples/nomis-mid-year-estimates.csv) + 1))"',,not used,a blank row'
# A postcode with no district is counted under its own reason on stderr.
"$caremarket" import market --cqc $samples/cqc-care-directory.csv --postcodes "$work/nolaua.csv" -o "$work/nolaua2" 2>"$work/err"
has "$work/err" 'dropped: postcode with no district in the lookup'
# The framework list: a line with no id in its first field is logged.
printf ',1-8000000001\n1-8000000001\n' >"$work/blankfirst.txt"
"$caremarket" import market --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv \
  --framework "$work/blankfirst.txt" --framework-share 0.5 -o "$work/blankfirst" 2>"$work/err"
has "$work/blankfirst/import_log.csv" 'blankfirst.txt,1,,not used,no id in the first field'
has "$work/err" 'note: --framework-share is not used'
# Quoted column names with spaces around them (as some spreadsheets write) are the same columns.
printf '"cqcid ","hourspaiddomcare "\n1-9000000001,100\n' >"$work/quoted.csv"
"$caremarket" import market --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv \
  --capacity "$work/quoted.csv" -o "$work/quoted" 2>/dev/null
has "$work/quoted/homecare_capacity.csv" '1-8000000001,E07000105,100'
# --total-hours when every branch has a tracker figure: said, not silently ignored.
printf 'cqcid,hourspaiddomcare\n1-9000000001,100\n1-9000000002,200\n1-9000000003,300\n1-9000000006,50\n' >"$work/all.csv"
"$caremarket" import market --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv \
  --capacity "$work/all.csv" --total-hours 100 -o "$work/alltracked" 2>"$work/err"
has "$work/err" 'note: --total-hours 100 is not used: every homecare branch of the council has a Capacity Tracker figure (together 600 hours a week)'

# 3. Errors: file, line, column; exit 2; nothing written.
expect_error() {  # expected message, then the import's arguments
  message="$1"; shift
  set +e
  "$caremarket" import market "$@" -o "$work/bad" 2>"$work/err"
  rc=$?
  set -e
  [ "$rc" -eq 2 ] || fail "exit $rc, not 2, for: $message"
  has "$work/err" "$message"
  [ ! -e "$work/bad" ] || fail "a folder was written for: $message"
}
printf 'pcds,district\n"TN23 9ZZ","E07000105"\n' >"$work/no-laua.csv"
expect_error "$work/no-laua.csv:1: no column 'laua'" --cqc $samples/cqc-care-directory.csv --postcodes "$work/no-laua.csv"
printf 'pcds,laua\n"TN23 9ZZ","E10000016"\n' >"$work/county.csv"
expect_error "$work/county.csv:2: column 'laua': 'E10000016' is a county council's code, not a district's" \
  --cqc $samples/cqc-care-directory.csv --postcodes "$work/county.csv"
# The lookup's columns that are read, once each (in any case, laua or oslaua); its quoting; a
# postcode given two districts.
printf 'pcds,laua,OSLAUA\nTN23 9ZZ,E07000105,E07000116\n' >"$work/lk-twice.csv"
expect_error "$work/lk-twice.csv:1: column 'OSLAUA': column appears more than once in the header (as 'laua')" \
  --cqc $samples/cqc-care-directory.csv --postcodes "$work/lk-twice.csv"
printf 'pcds,laua\nTN23 9ZZ,E07000105\n"CT1 9ZZ"x,E07000106\n' >"$work/lk-quote.csv"
expect_error "$work/lk-quote.csv:3: column 'pcds': text after a closing quote" \
  --cqc $samples/cqc-care-directory.csv --postcodes "$work/lk-quote.csv"
printf 'pcds,laua\nTN23 9ZZ,"E07000105\n' >"$work/lk-open.csv"
expect_error "$work/lk-open.csv:2: column 'laua': quoted field is not closed" \
  --cqc $samples/cqc-care-directory.csv --postcodes "$work/lk-open.csv"
# The lookup is read a line at a time: a byte that is not UTF-8 is named on its own line, below
# the first, before the line's fields are read (here it also adds a field).
# A carriage return left inside a line of the lookup (read a line at a time): one alone is an
# old Mac line end of that line, not of every line; one inside quotes is a line break in a field.
sed '2s/"TN23 9ZZ","200001"/"TN23 9ZZ","2000\r01"/' $samples/ons-postcode-lookup.csv >"$work/lk-quoted-cr.csv"
expect_error "$work/lk-quoted-cr.csv:2: a quoted field holds a carriage return, a line break, which no field of a postcode lookup holds" \
  --cqc $samples/cqc-care-directory.csv --postcodes "$work/lk-quoted-cr.csv"
sed '2s/,"E07000105",/,"E07000105",\r/' $samples/ons-postcode-lookup.csv >"$work/lk-cr.csv"
expect_error "$work/lk-cr.csv:2: the line ends in a carriage return alone (an old Mac line end); save the file with LF or CRLF line ends" \
  --cqc $samples/cqc-care-directory.csv --postcodes "$work/lk-cr.csv"
sed '3s/$/,caf\xe9/' $samples/ons-postcode-lookup.csv >"$work/lk-latin1.csv"
expect_error "$work/lk-latin1.csv:3: is not valid UTF-8" \
  --cqc $samples/cqc-care-directory.csv --postcodes "$work/lk-latin1.csv"
printf 'pcd,pcds,laua\nx,TN23\302\2409ZZ,E07000106\ny,tn23 9zz,E07000105\n' >"$work/lk-two.csv"
expect_error "$work/lk-two.csv:3: column 'laua': postcode TN239ZZ is also on line 2, with district 'E07000106', not 'E07000105'" \
  --cqc $samples/cqc-care-directory.csv --postcodes "$work/lk-two.csv"
printf 'cqcid,hourspaiddomcare\n1-9000000001,lots\n' >"$work/hours.csv"
expect_error "$work/hours.csv:2: column 'hourspaiddomcare': 'lots' is not a number" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --capacity "$work/hours.csv"
printf 'Title\nName,Postcode\nA,TN23 9ZZ\n' >"$work/nohdr.csv"
expect_error "$work/nohdr.csv: no header row with the columns 'CQC Location ID (for office use only)' and 'Postcode' (the CQC care directory's) or 'Location ID' and 'Location Postal Code' (the HSCA active-locations export's)" \
  --cqc "$work/nohdr.csv" --postcodes $samples/ons-postcode-lookup.csv
printf 'Location ID,Location Postal Code,Location Name\n1-1,TN23 9ZZ,A\n' >"$work/hsca-cols.csv"
expect_error "$work/hsca-cols.csv:1: column 'Service type - Domiciliary care service': missing column" \
  --cqc "$work/hsca-cols.csv" --postcodes $samples/ons-postcode-lookup.csv
printf 'AREA_CODE,AREA_NAME,COMPONENT,SEX,AGE_GROUP,2027,2028\nE07000105,A,Population,persons,70,100,x\n' >"$work/snpp.csv"
expect_error "$work/snpp.csv:2: column '2028': 'x' is not a number of people >= 0" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --projections "$work/snpp.csv"
# A number too large for a double is named so, not as "not a number".
printf 'AREA_CODE,AREA_NAME,COMPONENT,SEX,AGE_GROUP,2027,2028\nE07000105,A,Population,persons,70,100,1e400\n' >"$work/snpp-huge.csv"
expect_error "$work/snpp-huge.csv:2: column '2028': '1e400' is beyond the numbers a value can hold (at most about 1.8e308 in size); expected a number of people >= 0" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --projections "$work/snpp-huge.csv"
printf 'AREA_CODE,AREA_NAME,COMPONENT,SEX,AGE_GROUP,2027,2027\nE07000105,A,Population,persons,70,100,101\n' >"$work/snpp-twice.csv"
expect_error "$work/snpp-twice.csv:1: column '2027': column appears more than once in the header" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --projections "$work/snpp-twice.csv"
sed 's/\r$//; 1s/$/,FY_Ending/; 2,$s/$/,2024/' $samples/salt-lts001b.csv >"$work/salt-twice.csv"
expect_error "$work/salt-twice.csv:1: column 'FY_Ending': column appears more than once in the header" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --salt "$work/salt-twice.csv"
sed 's/,x$/,101/' "$work/snpp.csv" >"$work/snpp-one.csv"
expect_error "$work/snpp-one.csv: no population rows for E07000106 (Canterbury), age band 65+" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --projections "$work/snpp-one.csv"
head -4 $samples/nomis-mid-year-estimates.csv >"$work/nomis.csv"
expect_error "$work/nomis.csv: no 'All Ages' population (persons, Value, 2023) for E07000106 (Canterbury)" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --populations "$work/nomis.csv"
expect_error "$work/missing.csv: cannot read the file" --cqc "$work/missing.csv" --postcodes $samples/ons-postcode-lookup.csv

: >"$work/empty.csv"
expect_error "$work/empty.csv:1: no header row" --cqc "$work/empty.csv" --postcodes $samples/ons-postcode-lookup.csv
printf '%s\n' "$hdr" >"$work/header-only.csv"
expect_error "$work/header-only.csv:1: no rows below the header" --cqc "$work/header-only.csv" --postcodes $samples/ons-postcode-lookup.csv
printf '\377\376L\000' >"$work/utf16.csv"
expect_error "$work/utf16.csv:1: the file is UTF-16 encoded" --cqc "$work/utf16.csv" --postcodes $samples/ons-postcode-lookup.csv
printf '%s\n1-1,TN23 9ZZ,A,P1,Alpha,TRUE,\n' "$hdr" >"$work/flag.csv"
expect_error "$work/flag.csv:2: column 'Service type - Domiciliary care service': 'TRUE' is not Y or N" \
  --cqc "$work/flag.csv" --postcodes $samples/ons-postcode-lookup.csv
: >"$work/nobody.txt"
expect_error "$work/nobody.txt: lists no provider or location id" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --framework "$work/nobody.txt"
expect_error "--homes-per-location" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --homes-per-location 2.5

# Writing over the council's own folder would make the scenario extend itself.
set +e
"$caremarket" import market --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv \
  --council "$work/kent/scenario.toml" -o "$work/kent" --force 2>"$work/err"
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "exit $rc, not 2, writing over the council's folder"
has "$work/err" "-o $work/kent is the folder of --council $work/kent/scenario.toml"
has "$work/kent/scenario.toml" 'external_providers = true'
sed 's/"Aged 65+","Value",27130/"Aged 65+","Value",99999/' $samples/nomis-mid-year-estimates.csv >"$work/nomis-sum.csv"
expect_error "$work/nomis-sum.csv:2: column 'OBS_VALUE': All Ages 138283 for E07000105 is less than Aged 18 to 64 plus Aged 65+ (180619)" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --populations "$work/nomis-sum.csv"
# A whole number of people beyond any district is named so, not as "not a whole number".
sed 's/"Aged 65+","Value",27130/"Aged 65+","Value",2000000000/' $samples/nomis-mid-year-estimates.csv >"$work/nomis-huge.csv"
expect_error "$work/nomis-huge.csv:4: column 'OBS_VALUE': '2000000000' people is more than any district holds (below 1000000000)" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --populations "$work/nomis-huge.csv"
# Counts the scenario written could not hold are refused on the source's line, not let through
# to fail (or, beyond a whole number, to be cast wrong) in the folder written.
sed '2s/,3105/,99999999999999999999/' $samples/salt-lts001b.csv >"$work/salt-huge.csv"
expect_error "$work/salt-huge.csv:2: column 'ITEMVALUE': '99999999999999999999' clients is more than a scenario holds (at most 1000000 people in care at the start)" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --salt "$work/salt-huge.csv"
sed '2s/,1850.5,/,2000000,/' $samples/capacity-tracker-non-residential.csv >"$work/tracker-huge.csv"
expect_error "$work/tracker-huge.csv:2: column 'hourspaiddomcare': '2000000' hours a week is more than a branch can hold (at most 1000000)" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --capacity "$work/tracker-huge.csv"
sed '2s/,1850.5,/,0.05,/' $samples/capacity-tracker-non-residential.csv >"$work/tracker-tiny.csv"
expect_error "$work/tracker-tiny.csv:2: column 'hourspaiddomcare': '0.05' hours a week is less than a branch can hold (at least 0.1, or 0)" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --capacity "$work/tracker-tiny.csv"
# A share is one branch: one beyond a branch's limits is refused before anything is written
# (620 hours are the council's tracker figures, so 1-101 would get 620.05 - 620 or 2000000).
# The share is checked as the folder writes it (ten digits), as validate reads it: without the
# Canterbury branch's figure the tracker gives 1850.5, and 1850.6 - 1850.5 is
# 0.09999999999990905 as a double, written 0.1, and accepted.
grep -v Canterbury $samples/capacity-tracker-non-residential.csv >"$work/tracker-no-canterbury.csv"
"$caremarket" import market --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv \
  --capacity "$work/tracker-no-canterbury.csv" --total-hours 1850.6 -o "$work/total-min" 2>"$work/err" ||
  fail "a share of 0.1 hours was refused: $(cat "$work/err")"
has "$work/total-min/homecare_capacity.csv" '1-8000000001,E07000106,0.1'
expect_error "--total-hours 620.05 gives the branch with no Capacity Tracker figure 0.05 hours a week, less than a branch can hold (at least 0.1)" \
  --cqc $cases/cqc-cases.csv --postcodes $samples/ons-postcode-lookup.csv --capacity $cases/capacity-cases.csv --total-hours 620.05
expect_error "--total-hours 2000620 gives the branch with no Capacity Tracker figure 2000000 hours a week, more than a branch can hold (at most 1000000)" \
  --cqc $cases/cqc-cases.csv --postcodes $samples/ons-postcode-lookup.csv --capacity $cases/capacity-cases.csv --total-hours 2000620
# A return not used (an older one for 1-100, line 3; one for 1-999, a location not kept, line
# 6) is not held to a branch's limits: it is logged "not used", not refused.
sed '3s/,450,/,2000000,/; 6s/,80,/,5000000,/' $cases/capacity-cases.csv >"$work/capacity-unused-huge.csv"
"$caremarket" import market --cqc $cases/cqc-cases.csv --postcodes $samples/ons-postcode-lookup.csv \
  --capacity "$work/capacity-unused-huge.csv" -o "$work/unused-huge" 2>"$work/err" ||
  fail "a return not used was held to a branch's limits: $(cat "$work/err")"
has "$work/unused-huge/import_log.csv" 'capacity-unused-huge.csv,3,1-100,not used,an older return for the same location'
# A provider's locations in one district make one branch: their sum (600000 + 600000) is held
# to the limit, not each location's figure.
{ cat $samples/cqc-care-directory.csv
  sed -n 6p $samples/cqc-care-directory.csv | sed 's/1-9000000001,1-8000000001/1-9000000009,1-8000000001/'
} >"$work/cqc-two.csv"
{ sed '2s/,1850.5,/,600000,/' $samples/capacity-tracker-non-residential.csv
  sed -n 2p $samples/capacity-tracker-non-residential.csv | sed 's/,1-9000000001,/,1-9000000009,/; s/,1850.5,/,600000,/'
} >"$work/tracker-two.csv"
expect_error "$work/cqc-two.csv:6: provider 1-8000000001's homecare locations in E07000105 (lines 6 and 12) add up to 1200000 hours a week, more than a branch can hold (at most 1000000; the model keeps one branch per provider and district)" \
  --cqc "$work/cqc-two.csv" --postcodes $samples/ons-postcode-lookup.csv --capacity "$work/tracker-two.csv"
# --total-hours as given, not rounded to ten digits ("1000000621"); the share as it would be
# written (ten digits: 1000000000.5 is written 1000000000).
expect_error "--total-hours 1000000620.5 gives the branch with no Capacity Tracker figure 1000000000 hours a week, more than a branch can hold (at most 1000000)" \
  --cqc $cases/cqc-cases.csv --postcodes $samples/ons-postcode-lookup.csv --capacity $cases/capacity-cases.csv --total-hours 1000000620.5
# SALT's counts (996600 + 1096 + 2287 + 2 for '*' = 999985) pass, but with the 430 people of the
# groups SALT does not give (homecare children 410 and prisons 20, kept from kent-baseline) the
# caseload written would hold 1000415.
sed '2s/,3105/,996600/' $samples/salt-lts001b.csv >"$work/salt-near.csv"
expect_error "the caseload written would hold 1000415 people in care at the start: the council's counts (999985) and the groups they do not give, kept from the council scenario; a scenario holds at most 1000000" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --salt "$work/salt-near.csv"
sed '2s/,100000,100500,/,100000,1000000000000,/' $samples/ons-snpp-projections.csv >"$work/snpp-big.csv"
expect_error "$work/snpp-big.csv:2: column '2027': '1000000000000' people is more than any district holds (below 1000000000)" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --projections "$work/snpp-big.csv"
# A population that adds up to 0 is refused, not left out of the projections written.
sed '2s/,100000,100500,/,100000,0,/' $samples/ons-snpp-projections.csv >"$work/snpp-zero.csv"
expect_error "$work/snpp-zero.csv: the population of E07000105 (" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --projections "$work/snpp-zero.csv"
has "$work/err" "age band all, adds up to 0 in 2027; a projection needs one above 0 and below 1000000000"
# ... and only that: the refused row's population is not then called missing.
! grep -qF "no 'Aged 65+' population" "$work/err" || fail "a refused population was also called missing"
sed 's/"Aged 65+","Value",27130/"Aged 65+","Value",lots/' $samples/nomis-mid-year-estimates.csv >"$work/nomis-text.csv"
expect_error "$work/nomis-text.csv:4: column 'OBS_VALUE': 'lots' is not a number" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --populations "$work/nomis-text.csv"
! grep -qF "no 'Aged 65+' population" "$work/err" || fail "a malformed population was also called missing"
sed 's/"Aged 65+","Value",27130/"Aged 65+","Value",/' $samples/nomis-mid-year-estimates.csv >"$work/nomis-blank.csv"
expect_error "$work/nomis-blank.csv:4: column 'OBS_VALUE': missing value" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --populations "$work/nomis-blank.csv"
! grep -qF "no 'Aged 65+' population" "$work/err" || fail "a blank population was also called missing"
{ cat $samples/ons-snpp-projections.csv; sed -n 2p $samples/ons-snpp-projections.csv; } >"$work/snpp-twice.csv"
expect_error "$work/snpp-twice.csv:$(($(wc -l <$samples/ons-snpp-projections.csv) + 1)): column 'AGE_GROUP': a second population row for E07000105, persons, age All ages (first on line 2)" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --projections "$work/snpp-twice.csv"
printf '\377\376p\000' >"$work/u16.txt"
expect_error "$work/u16.txt:1: the file is UTF-16 encoded" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --framework "$work/u16.txt"
expect_error "$work/utf16.csv:1: the file is UTF-16 encoded" \
  --cqc $samples/cqc-care-directory.csv --postcodes "$work/utf16.csv"
expect_error "--name bad\\xffname: is not UTF-8 text (the byte 0xFF begins no character)" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --name "$(printf 'bad\377name')"
# The scenario written would refuse a name with a space at either end, as run's --name does.
expect_error "--name  Kent: ' Kent' starts or ends with a space, which a reader of the results that trims fields drops; give the name without it" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --name ' Kent'
expect_error "$work: cannot read the file" --cqc $samples/cqc-care-directory.csv --postcodes "$work"
expect_error "$work/none.csv: cannot read the file" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --capacity "$work/none.csv"
if grep -q 'none.csv:1: no header row' "$work/err"; then fail "a missing tracker file is also said to have no header"; fi
sed '1s/laua/oslaua/; s/"E07000105",,,"E92000001"/"E10000016",,,"E92000001"/' $samples/ons-postcode-lookup.csv >"$work/onspd-county.csv"
expect_error "$work/onspd-county.csv:2: column 'oslaua': 'E10000016' is a county council's code" \
  --cqc $samples/cqc-care-directory.csv --postcodes "$work/onspd-county.csv"
printf 'cqcid;hourspaiddomcare\n1-9000000001;100\n' >"$work/semicolons.csv"
expect_error "$work/semicolons.csv:1: the header is one column holding semicolons: the file is not comma-separated" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --capacity "$work/semicolons.csv"
printf 'cqcid,hourspaiddomcare\n' >"$work/tracker-header.csv"
expect_error "$work/tracker-header.csv:1: no rows below the header" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --capacity "$work/tracker-header.csv"
head -1 $samples/ons-postcode-lookup.csv >"$work/lookup-header.csv"
expect_error "$work/lookup-header.csv: no rows below the header" \
  --cqc $samples/cqc-care-directory.csv --postcodes "$work/lookup-header.csv"
printf 'Provider name\nSomebody Ltd\n' >"$work/names.txt"
expect_error "$work/names.txt: none of its ids is a kept CQC provider or location id" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --framework "$work/names.txt"

# SALT LTS001b: the people in care at the start (caseload.csv). Worked by hand from the sample
# (council E10000016): homecare 65 and over 3105; homecare 18 to 64 1096 split as the baseline's
# pathway 100 : adults 1100, 91.33 and 1004.67, so 91 and 1005 by largest remainder; supported
# living 18 to 64 2287 as pathway 300 : adults 2000, 298.30 and 1988.70, so 298 and 1989;
# supported living 65 and over "*", taken as 2. Children (410) and prisons (20) keep the
# baseline's. The scenario points at caseload.csv, validates and runs.
"$caremarket" import market --cqc $samples/cqc-care-directory.csv \
  --postcodes $samples/ons-postcode-lookup.csv --salt $samples/salt-lts001b.csv -o "$work/salt" 2>"$work/err"
has "$work/salt/scenario.toml" 'caseload = "caseload.csv"'
awk -F, 'NR > 2 { n[$2 "," $3] += $4 } END {
    ok = n["homecare,older_65_plus"] == 3105 && n["homecare,pathway_18_25"] == 91 &&
      n["homecare,adults_26_64"] == 1005 && n["homecare,children"] == 410 && n["homecare,prisons"] == 20 &&
      n["supported_living,pathway_18_25"] == 298 && n["supported_living,adults_26_64"] == 1989 &&
      n["supported_living,older_65_plus"] == 2
    if (!ok) for (k in n) print k, n[k]
    exit !ok }' "$work/salt/caseload.csv" || fail "caseload.csv's totals are not the hand-worked ones"
[ "$(grep -c '^salt-lts001b.csv,' "$work/salt/import_log.csv")" -eq 4 ] || fail "the log does not account for SALT's 4 rows"
has "$work/salt/import_log.csv" 'salt-lts001b.csv,5,E10000016,used,suppressed: taken as 2'
"$caremarket" validate "$work/salt/scenario.toml" >/dev/null
printf 'GEOGRAPHY_CODE,DataType_Key,AgeBand_Key,LongTermSupportSetting_Key,ITEMVALUE\nE10000016,Number of clients,65 and over,Community: Home Care,many\n' >"$work/salt.csv"
expect_error "$work/salt.csv:2: column 'ITEMVALUE': 'many' is not a count of clients" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --salt "$work/salt.csv"
printf 'GEOGRAPHY_CODE,DataType_Key,AgeBand_Key,LongTermSupportSetting_Key,ITEMVALUE\nE10000016,Number of clients,65 and over,Community: Home Care,-1e999\n' >"$work/salt.csv"
expect_error "$work/salt.csv:2: column 'ITEMVALUE': '-1e999' is beyond the numbers a value can hold (at most about 1.8e308 in size); expected a count of clients" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --salt "$work/salt.csv"
printf 'GEOGRAPHY_CODE,DataType_Key,AgeBand_Key,LongTermSupportSetting_Key,ITEMVALUE\nE10000011,Number of clients,65 and over,Community: Home Care,5\n' >"$work/salt.csv"
expect_error "$work/salt.csv:1: column 'GEOGRAPHY_CODE': no row of the council E10000016" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --salt "$work/salt.csv"
# Inputs valid one by one can make a model that is not: the folder is read back as validate
# reads it before it is written. A council with 785000 referrals a year of its older people
# validates on its own, but the sample projections grow them past the limit of a million.
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "busy"\n[demand.homecare.older_65_plus]\nreferrals_per_year = 785000\n' >"$work/busy.toml"
"$caremarket" validate "$work/busy.toml" >/dev/null || fail "the busy council does not validate on its own"
expect_error "the market folder would not validate, so $work/bad is not written" --council "$work/busy.toml" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --projections $samples/ons-snpp-projections.csv
has "$work/err" "busy-imported: the model's referrals add up to"
has "$work/err" "at most 1000000 a year are supported"
has "$work/err" "note: $work/busy.toml validates on its own: what fails is what the import adds to it (the providers and capacity of $samples/cqc-care-directory.csv, --projections $samples/ons-snpp-projections.csv)"
# A council starting in 2040 needs populations the sample projections (2026 to 2030) do not
# give: said once, not for each of the 36 districts and bands.
printf 'schema_version = 1\nextends = "kent-baseline"\nname = "late"\n[run]\nstart_date = 2040-04-01\n' >"$work/late.toml"
expect_error "$work/bad/projections.csv: gives the populations of 2026 to 2030, but the run starts in 2040: each district's band needs the populations of 2040 and 2041" --council "$work/late.toml" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --projections $samples/ons-snpp-projections.csv
# The folder is named as -o gives it, however written (./, a trailing slash), never as the
# hidden folder the check reads.
here=$(pwd)
set +e
(cd "$work" && "$caremarket" import market --council "$work/late.toml" --cqc "$here/$samples/cqc-care-directory.csv" \
  --postcodes "$here/$samples/ons-postcode-lookup.csv" --projections "$here/$samples/ons-snpp-projections.csv" -o ./late-dot/) 2>"$work/err-dot"
set -e
if grep -q 'partial' "$work/err-dot"; then fail "a refused import names its hidden folder: $(cat "$work/err-dot")"; fi
has "$work/err-dot" "$work/late-dot/projections.csv: gives the populations of 2026 to 2030"
[ ! -e "$work/late-dot" ] || fail "a refused import left ./late-dot"
[ "$(grep -c 'error:' "$work/err")" -eq 2 ] || fail "a late council: $(grep -c 'error:' "$work/err") errors, not 2"
# A return's date re-saved as text (the column formatted as dates) is named as not the serial
# date the extract gives, with how to read one.
sed '2s/,45330.3854166667,45330.3854166667,/,2024-02-29 09:15:00,45330.3854166667,/' $samples/capacity-tracker-non-residential.csv >"$work/tracker-text-date.csv"
expect_error "$work/tracker-text-date.csv:2: column 'cqcsurveylastupdatedutc': '2024-02-29 09:15:00' is not an Excel serial date (days since 1899-12-30, as the extract gives it: 45351.5 is 2024-02-29 12:00" \
  --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv --capacity "$work/tracker-text-date.csv"
# A missing column is the one error: not one more per district or row that it leaves empty
# (Nomis: 36 follow-on "no population" errors before; SNPP and SALT: one each).
for f in nomis-mid-year-estimates.csv:OBS_VALUE:--populations ons-snpp-projections.csv:SEX:--projections \
  salt-lts001b.csv:ITEMVALUE:--salt; do
  file=${f%%:*}; rest=${f#*:}; column=${rest%%:*}; option=${rest#*:}
  awk -v c="$column" 'BEGIN { FS = OFS = "," } { sub(/\r$/, "") } NR == 1 { for (i = 1; i <= NF; i++) if ($i == c || $i == "\"" c "\"") drop = i }
    { out = ""; for (i = 1; i <= NF; i++) if (i != drop) out = out (out == "" ? "" : ",") $i; print out }' \
    "$samples/$file" >"$work/no-$file"
  expect_error "$work/no-$file:1: column '$column': missing column" \
    --cqc $samples/cqc-care-directory.csv --postcodes $samples/ons-postcode-lookup.csv "$option" "$work/no-$file"
  [ "$(grep -c 'error:' "$work/err")" -eq 1 ] || fail "$file without $column: $(grep -c 'error:' "$work/err") errors, not 1"
done
echo "import_test: ok"
