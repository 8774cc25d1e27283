// A council's own market data ([market.files]): a valid data set loads, builds exactly the
// market its files give and runs; every bad data file is refused with its file, line and column.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include "scenarios/toml_scenario.hpp"
#include "scenarios/toml_writer.hpp"
#include "sim/distribution.hpp"
#include "sim/ensemble.hpp"

namespace cs = caremarket::scenarios;
namespace sim = caremarket::sim;
namespace fs = std::filesystem;

namespace {

const fs::path market_data = fs::path(CAREMARKET_TEST_DATA) / "market";

std::string valid(const std::string& file) {
  return (market_data / "valid" / file).lexically_normal().generic_string();
}

sim::ModelParams model_of(const cs::Scenario& s) {
  return cs::build_model(s, cs::load_scenario_geography(s));
}

/// The errors loading `scenario` gives (none when it loads).
std::vector<std::string> load_errors(const fs::path& scenario) {
  try {
    cs::load_scenario(scenario.string());
  } catch (const cs::ScenarioError& e) {
    return e.errors();
  }
  return {};
}

std::size_t district(const sim::ModelParams& p, const std::string& code) {
  const auto it = std::find(p.district_codes.begin(), p.district_codes.end(), code);
  REQUIRE(it != p.district_codes.end());
  return static_cast<std::size_t>(it - p.district_codes.begin());
}

double days(const std::string& iso) {
  return static_cast<double>(sim::days_from_civil(sim::parse_iso_date(iso)) -
                             sim::days_from_civil(sim::Date{2027, 4, 1}));
}

}  // namespace

TEST_CASE("an imported market is exactly the one its files give") {
  const cs::Scenario s = cs::load_scenario(valid("scenario.toml"));
  CHECK(s.files.providers == valid("providers.csv"));
  REQUIRE(s.imported != nullptr);
  const sim::ModelParams p = model_of(s);

  // providers.csv, in file order; blank factors are 1, a blank joined date is before the start.
  using K = sim::ProviderKind;
  struct P {
    std::string name;
    K kind;
    double rate, cost, joined;
  };
  const std::vector<P> providers{{"Acorn Care", K::framework, 1.02, 0.98, days("2019-06-01")},
                                 {"Birch Homecare", K::framework, 1.0, 1.0, -1.0},
                                 {"Cedar Support", K::spot, 1.1, 1.0, -1.0},
                                 {"Council In-House", K::in_house, 1.0, 1.0, days("2010-01-01")},
                                 {"Dale Living, Ltd", K::framework, 0.97, 1.05, -1.0}};
  REQUIRE(p.market.providers.size() == providers.size());
  for (std::size_t i = 0; i < providers.size(); ++i) {
    INFO(i);
    CHECK(p.market.providers[i].name == providers[i].name);
    CHECK(p.market.providers[i].kind == providers[i].kind);
    CHECK(p.market.providers[i].rate_factor == providers[i].rate);
    CHECK(p.market.providers[i].cost_factor == providers[i].cost);
    CHECK(p.market.providers[i].joined_days == providers[i].joined);
  }
  // homecare_capacity.csv
  struct B {
    std::size_t provider;
    std::string code;
    double hours;
    bool block;
  };
  const std::vector<B> branches{{0, "E07000105", 1200.0, false},
                                {0, "E07000106", 800.0, false},
                                {1, "E07000110", 1500.5, true},
                                {2, "E07000105", 300.0, false},
                                {3, "E07000113", 450.0, false}};
  REQUIRE(p.market.branches.size() == branches.size());
  for (std::size_t i = 0; i < branches.size(); ++i) {
    INFO(i);
    CHECK(p.market.branches[i].provider == branches[i].provider);
    CHECK(p.market.branches[i].district == district(p, branches[i].code));
    CHECK(p.market.branches[i].capacity_hours_per_week == branches[i].hours);
    CHECK(p.market.branches[i].block_purchased == branches[i].block);
  }
  // properties.csv: an opening date before the start is open at the start.
  struct Pr {
    std::size_t provider;
    std::string code;
    int band, homes;
    double opens;
  };
  const std::vector<Pr> properties{{4, "E07000105", 0, 4, 0.0},
                                   {4, "E07000106", 2, 6, 0.0},
                                   {2, "E07000110", 1, 3, 0.0},
                                   {4, "E07000113", 2, 5, days("2028-01-01")}};
  REQUIRE(p.market.properties.size() == properties.size());
  for (std::size_t i = 0; i < properties.size(); ++i) {
    INFO(i);
    CHECK(p.market.properties[i].provider == properties[i].provider);
    CHECK(p.market.properties[i].district == district(p, properties[i].code));
    CHECK(p.market.properties[i].band == properties[i].band);
    CHECK(p.market.properties[i].homes == properties[i].homes);
    CHECK(p.market.properties[i].opens_days == properties[i].opens);
  }
  // clients.csv: seven people, their packages and need bands kept; initial_people follows.
  REQUIRE(p.initial_clients.size() == 7);
  CHECK(p.initial_clients[0].package == 10.5);
  CHECK(p.initial_clients[0].need_band == -1);
  CHECK(p.initial_clients[5].service == sim::Service::supported_living);
  CHECK(p.initial_clients[5].group == sim::Group::pathway_18_25);
  CHECK(p.initial_clients[5].need_band == 2);
  CHECK(p.initial_clients[6].need_band == -1);  // blank: drawn
  std::int64_t people = 0;
  for (const auto& d : p.demand) {
    const auto n = std::count_if(
        p.initial_clients.begin(), p.initial_clients.end(), [&](const sim::InitialClient& c) {
          return c.district == d.district && c.service == d.service && c.group == d.group;
        });
    CHECK(d.initial_people == n);
    people += d.initial_people;
  }
  CHECK(people == 7);
  // The named shock resolves to the provider id P002.
  REQUIRE(s.shocks.size() == 1);
  CHECK(s.shocks[0].provider == 1);
}

TEST_CASE("an imported market runs, with the imported people in care at the start") {
  const cs::Scenario s = cs::load_scenario(valid("scenario.toml"));
  const sim::ModelParams p = model_of(s);
  const sim::ReplicationResult r = sim::run_replication(p, 0);
  CHECK(r.totals.initial_people[0] == 4);
  CHECK(r.totals.initial_people[1] == 3);
  const double hours =
      r.metrics.at(0, r.metrics.county(), sim::Service::homecare, sim::Metric::demand);
  // Starting packages 52.5 hours a week, plus the few referrals of the first month.
  CHECK(hours >= 52.5);
}

TEST_CASE("an imported caseload replaces initial_people, and derived referrals follow it") {
  const cs::Scenario s = cs::load_scenario(valid("scenario-caseload.toml"));
  CHECK(s.files.clients.empty());
  const sim::ModelParams p = model_of(s);
  CHECK(p.initial_clients.empty());
  const auto hc = static_cast<std::size_t>(sim::Service::homecare);
  const auto older = static_cast<std::size_t>(sim::Group::older_65_plus);
  const double los_years =
      sim::mean_as_drawn(s.demand[hc][older].length_of_stay_days) / sim::days_per_year;
  REQUIRE(s.demand[hc][older].referrals_per_year < 0.0);  // derived in the baseline
  std::int64_t total = 0;
  for (const auto& d : p.demand) {
    total += d.initial_people;
    if (d.service == sim::Service::homecare && d.group == sim::Group::older_65_plus) {
      const std::int64_t expected = d.district == district(p, "E07000105")   ? 30
                                    : d.district == district(p, "E07000106") ? 12
                                                                             : 0;
      CHECK(d.initial_people == expected);
      CHECK(d.referrals_per_year == Approx(static_cast<double>(expected) / los_years));
    }
  }
  CHECK(total == 30 + 12 + 8 + 5);
  REQUIRE(s.shocks.size() == 1);     // an array of tables replaces the extended one
  CHECK(s.shocks[0].provider == 4);  // by its unique name, "Dale Living, Ltd"
  CHECK(sim::run_replication(p, 0).totals.initial_people[0] == 50);
}

TEST_CASE("an external provider takes the council's people out of area, and nobody lives there") {
  const auto external = [](const std::string& file) {
    return (market_data / "external" / file).lexically_normal().generic_string();
  };
  const cs::Scenario s = cs::load_scenario(external("scenario.toml"));
  const sim::ModelParams p = model_of(s);
  // The council's 12 districts keep their indices; Medway comes last.
  const sim::ModelParams kent = model_of(cs::kent_baseline());
  REQUIRE(p.district_codes.size() == 13);
  CHECK(p.external_districts == 1);
  CHECK(
      std::equal(kent.district_codes.begin(), kent.district_codes.end(), p.district_codes.begin()));
  const std::size_t medway = district(p, "E06000035");
  CHECK(medway == 12);
  // Gravesham borders Medway (KENT.md): Medway is its neighbour; nobody is placed from Medway.
  const auto& from_gravesham = p.neighbours[district(p, "E07000109")];
  CHECK(std::find(from_gravesham.begin(), from_gravesham.end(), medway) != from_gravesham.end());
  CHECK(p.neighbours[medway].empty());
  // Ashford does not border Medway.
  const auto& from_ashford = p.neighbours[district(p, "E07000105")];
  CHECK(std::find(from_ashford.begin(), from_ashford.end(), medway) == from_ashford.end());
  for (const sim::DemandStream& d : p.demand) CHECK(d.district != medway);

  // Kent's homecare demand far exceeds the 2,300 hours of this market, so the Medway branch
  // takes people at the start, all of them from the council's districts.
  const sim::ReplicationResult r = sim::run_replication(p, 0);
  REQUIRE(r.providers.size() == 2);
  CHECK(r.providers[1].people_at_start > 0);
  for (std::size_t k = 0; k < r.metrics.periods(); ++k) {
    CHECK(r.metrics.at(k, medway, sim::Service::homecare, sim::Metric::people_needing_care) == 0);
    CHECK(r.metrics.at(k, medway, sim::Service::homecare, sim::Metric::referrals) == 0);
  }
  CHECK(r.metrics.at(0, medway, sim::Service::homecare, sim::Metric::contracted_capacity) > 0.0);

  // Without geography.external_providers the same branch is refused, saying which key admits it.
  std::vector<std::string> errors;
  try {
    cs::load_scenario(external("scenario-not-modelled.toml"));
  } catch (const cs::ScenarioError& e) {
    errors = e.errors();
  }
  REQUIRE(errors.size() == 1);
  CHECK(
      errors[0].starts_with(external("homecare_capacity.csv") +
                            ":3: column 'district': 'E06000035' is Medway, an external district"));
  CHECK(errors[0].find("geography.external_providers = true") != std::string::npos);
}

TEST_CASE("the resolved scenario names the data files by absolute path and round-trips") {
  const cs::Scenario s = cs::load_scenario(valid("scenario.toml"));
  const std::string text = cs::write_resolved_scenario(s);
  const std::string absolute = fs::absolute(valid("providers.csv")).lexically_normal().string();
  CHECK(text.find("providers = \"" + absolute + "\"") != std::string::npos);
  CHECK(text.find("provider = \"P002\"") != std::string::npos);
  const fs::path dir = fs::temp_directory_path() / "caremarket_market_files_test";
  fs::create_directories(dir);
  const fs::path file = dir / "scenario.resolved.toml";
  std::ofstream(file) << text;
  const cs::Scenario back = cs::load_scenario(file.string());
  CHECK(cs::write_resolved_scenario(back) == text);
  const sim::ModelParams a = model_of(s);
  const sim::ModelParams b = model_of(back);
  CHECK(a.market.branches.size() == b.market.branches.size());
  CHECK(a.market.properties.size() == b.market.properties.size());
  CHECK(a.initial_clients.size() == b.initial_clients.size());
  CHECK(back.shocks.at(0).provider == 1);
  fs::remove_all(dir);
}

TEST_CASE("every bad data file is refused with each expected FILE:LINE: column message") {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(market_data / "bad")) cases.push_back(entry);
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 10);
  for (const fs::path& dir : cases) {
    const fs::path folder = dir.lexically_normal();
    INFO(folder.string());
    std::vector<std::string> expected;
    std::ifstream in(folder / "expect.txt");
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) expected.push_back((folder / line).generic_string());
    REQUIRE_FALSE(expected.empty());
    const std::vector<std::string> errors = load_errors(folder / "scenario.toml");
    REQUIRE_FALSE(errors.empty());
    for (const std::string& x : expected) {
      INFO("expected: " << x);
      INFO("got: " << std::accumulate(
               errors.begin(), errors.end(), std::string(),
               [](std::string a, const std::string& b) { return std::move(a) + "\n" + b; }));
      CHECK(std::any_of(errors.begin(), errors.end(),
                        [&](const std::string& e) { return e.starts_with(x); }));
    }
  }
}

TEST_CASE("several errors in one data file are all reported") {
  const fs::path folder = (market_data / "bad" / "several_errors").lexically_normal();
  const std::vector<std::string> errors = load_errors(folder / "scenario.toml");
  const std::string file = (folder / "clients.csv").generic_string();
  CHECK(std::count_if(errors.begin(), errors.end(),
                      [&](const std::string& e) { return e.starts_with(file + ":"); }) == 6);
}

TEST_CASE("build_model reads the files itself when the loader has not") {
  cs::Scenario s = cs::kent_baseline();
  s.files.providers = valid("providers.csv");
  s.files.properties = valid("properties.csv");
  const sim::ModelParams p = model_of(s);
  CHECK(p.market.providers.size() == 5);
  CHECK(p.market.branches.empty());
  CHECK(p.market.properties.size() == 4);
  s.files.properties = (market_data / "bad" / "zero_capacity" / "properties.csv").string();
  CHECK_THROWS_AS(model_of(s), cs::ScenarioError);
}

TEST_CASE("a homecare need band is refused as that alone, whatever the cell holds") {
  // Rows 2, 5 and 6 give homecare a band (1, 5, x): one error each, and no other (not "out of
  // range", nor "not a whole number"), since homecare reads no band at all.
  const fs::path folder = (market_data / "bad" / "need_band_for_homecare").lexically_normal();
  const std::vector<std::string> errors = load_errors(folder / "scenario.toml");
  INFO(
      std::accumulate(errors.begin(), errors.end(), std::string(),
                      [](std::string a, const std::string& b) { return std::move(a) + "\n" + b; }));
  CHECK(errors.size() == 3);
  for (const std::string& e : errors)
    CHECK(e.find("homecare has no need bands") != std::string::npos);
}

TEST_CASE("a projection that would take the referrals past the limit is refused by the model") {
  // E07000105's 65+ population goes from 1 to 28000 in the first year, and the last growth
  // holds: 28000^8 over the 8 years of the run, far past 1,000,000 referrals a year. The other
  // districts shrink (30000 to 28000); homecare's older people (3100 at the start) are the
  // largest group the 65+ band drives, so their stream in E07000105 is the one named.
  const fs::path folder = (market_data / "projections_explode").lexically_normal();
  const cs::Scenario s = cs::load_scenario((folder / "scenario.toml").string());
  std::vector<std::string> errors;
  try {
    static_cast<void>(model_of(s));
  } catch (const cs::ScenarioError& e) {
    errors = e.errors();
  }
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0],
             Catch::Contains("the model's referrals add up to ") &&
                 Catch::Contains("(most: demand.homecare.older_65_plus in E07000105, ") &&
                 Catch::Contains("; at most 1000000 a year are supported"));
}

TEST_CASE("a refused projection row is its district's one error") {
  // E07000105's 2027 population is 0: refused on its line, and the band is not also said to
  // need the population of 2027 (a second error for the same row).
  const fs::path folder = (market_data / "bad" / "projection_row_refused").lexically_normal();
  const std::vector<std::string> errors = load_errors(folder / "scenario.toml");
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0], Catch::Contains("projections.csv:2: column 'population'"));
}
