// Loading scenario files: the shipped baseline equals the built-in one, every shipped scenario
// loads, extends and --set override keys.
#include "scenarios/toml_scenario.hpp"

#include <array>
#include <catch2/catch.hpp>
#include <filesystem>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "scenarios/toml_writer.hpp"
#include "sim/ensemble.hpp"

namespace cs = caremarket::scenarios;
namespace sim = caremarket::sim;

namespace {

void same_distribution(const sim::Distribution& a, const sim::Distribution& b) {
  CHECK(a.kind == b.kind);
  CHECK(a.mean == b.mean);
  CHECK(a.cv == b.cv);
  CHECK(a.min == b.min);
  CHECK(a.max == b.max);
}

/// The engine's parameters of two scenarios, compared field by field where it matters most:
/// the synthesised market and the demand streams.
void same_model(const sim::ModelParams& a, const sim::ModelParams& b) {
  CHECK(a.run.start == b.run.start);
  CHECK(a.run.horizon_months == b.run.horizon_months);
  CHECK(a.run.seed == b.run.seed);
  CHECK(a.run.replications == b.run.replications);
  CHECK(a.district_codes == b.district_codes);
  CHECK(a.neighbours == b.neighbours);
  REQUIRE(a.demand.size() == b.demand.size());
  for (std::size_t i = 0; i < a.demand.size(); ++i) {
    CHECK(a.demand[i].district == b.demand[i].district);
    CHECK(a.demand[i].referrals_per_year == b.demand[i].referrals_per_year);
    CHECK(a.demand[i].growth_per_year == b.demand[i].growth_per_year);
    CHECK(a.demand[i].initial_people == b.demand[i].initial_people);
    CHECK(a.demand[i].need_band_weights == b.demand[i].need_band_weights);
    same_distribution(a.demand[i].package, b.demand[i].package);
    same_distribution(a.demand[i].length_of_stay_days, b.demand[i].length_of_stay_days);
  }
  REQUIRE(a.market.providers.size() == b.market.providers.size());
  for (std::size_t i = 0; i < a.market.providers.size(); ++i) {
    CHECK(a.market.providers[i].name == b.market.providers[i].name);
    CHECK(a.market.providers[i].rate_factor == b.market.providers[i].rate_factor);
  }
  REQUIRE(a.market.branches.size() == b.market.branches.size());
  for (std::size_t i = 0; i < a.market.branches.size(); ++i) {
    CHECK(a.market.branches[i].capacity_hours_per_week ==
          b.market.branches[i].capacity_hours_per_week);
  }
  CHECK(a.market.properties.size() == b.market.properties.size());
  CHECK(a.framework.reopenings_days == b.framework.reopenings_days);
  CHECK(a.framework.entrant_district_weights == b.framework.entrant_district_weights);
  CHECK(a.placement.band_accepts == b.placement.band_accepts);
  CHECK(a.costs.cost_of_care_gbp_per_hour == b.costs.cost_of_care_gbp_per_hour);
}

std::string data(const std::string& name) {
  return std::string(CAREMARKET_TEST_DATA) + "/scenarios/" + name;
}

}  // namespace

TEST_CASE("the shipped kent-baseline equals the built-in kent_baseline()") {
  const cs::Scenario from_file = cs::load_scenario("kent-baseline");
  const cs::Scenario built_in = cs::kent_baseline();
  // The writer writes every field, so equal text is equal scenarios.
  CHECK(cs::write_resolved_scenario(from_file) == cs::write_resolved_scenario(built_in));
  const auto graph = cs::load_scenario_geography(built_in);
  same_model(cs::build_model(from_file, graph), cs::build_model(built_in, graph));
}

TEST_CASE("every shipped scenario loads, validates and asks a question") {
  const auto shipped = cs::shipped_scenarios();
  REQUIRE(shipped.size() >= 9);
  CHECK(shipped.front().name == "kent-baseline");
  for (const auto& s : shipped) {
    INFO(s.name);
    CHECK_FALSE(s.question.empty());
    cs::Scenario loaded;
    CHECK_NOTHROW(loaded = cs::load_scenario(s.name));
    CHECK(loaded.name == s.name);
    CHECK_NOTHROW(cs::load_scenario(s.path));  // by path from the source tree too
  }
}

TEST_CASE("shipped scenarios say what they change") {
  const cs::Scenario failure = cs::load_scenario("provider-failure");
  REQUIRE(failure.shocks.size() == 1);
  CHECK(failure.shocks[0].target == sim::ShockSpec::Target::largest);
  CHECK(failure.shocks[0].service == 0);
  CHECK(failure.shocks[0].mode == sim::ExitMode::failure);

  const cs::Scenario wave = cs::load_scenario("reopening-exit-wave");
  REQUIRE(wave.shocks.size() == 1);
  CHECK(wave.shocks[0].count == 12);
  CHECK(wave.shocks[0].mode == sim::ExitMode::handback);
  CHECK(wave.shocks[0].at_days == 1096.0);  // 2030-04-01, the first reopening

  CHECK(cs::load_scenario("early-reopening").reopen_after_years == std::vector<double>{2.0, 5.0});
  CHECK_FALSE(cs::load_scenario("closed-framework").framework.open);
  const cs::Scenario in_house = cs::load_scenario("in-house-homecare");
  REQUIRE(in_house.actions.size() == 2);
  CHECK(in_house.actions[0].hours_per_week == 2000.0);
  CHECK(cs::load_scenario("rate-uplift").actions.size() == 2);
  CHECK(cs::load_scenario("pipeline-slip").pipeline.slip_days == 365.0);
  CHECK(cs::load_scenario("kent-high-demand-growth").name == "high-demand-growth");
}

TEST_CASE("set overrides (--set) a key with a TOML value, or a string") {
  const cs::Scenario s = cs::load_scenario(
      "kent-baseline", {"demand.homecare.older_65_plus.growth_per_year=0.04", "run.period=quarter",
                        "run.replications=7", "framework.reopen_after_years=[2, 4]",
                        "demand.homecare.children.package_hours_per_week.mean=12.5"});
  CHECK(s.demand[0][static_cast<std::size_t>(sim::Group::older_65_plus)].growth_per_year == 0.04);
  CHECK(s.run.period == sim::PeriodLength::quarter);
  CHECK(s.run.replications == 7);
  CHECK(s.reopen_after_years == std::vector<double>{2.0, 4.0});
  const auto& children = s.demand[0][static_cast<std::size_t>(sim::Group::children)];
  CHECK(children.package.mean == 12.5);
  CHECK(children.package.max == 40.0);  // the rest of the inline table is kept
  // Spaces around the key and the value are not part of them (a string value included).
  const cs::Scenario spaced =
      cs::load_scenario("kent-baseline", {" run.replications = 9 ", "run.period =  quarter "});
  CHECK(spaced.run.replications == 9);
  CHECK(spaced.run.period == sim::PeriodLength::quarter);
}

TEST_CASE("an error in a set override (--set) is reported like a file error") {
  try {
    cs::load_scenario("kent-baseline", {"run.horizon_months=0", "run.replicatoins=3"});
    FAIL("expected a ScenarioError");
  } catch (const cs::ScenarioError& e) {
    REQUIRE(e.errors().size() == 2);
    CHECK_THAT(e.what(),
               Catch::Contains("run.horizon_months: expected an integer in 1..600, found 0"));
    CHECK_THAT(e.what(), Catch::Contains("did you mean 'replications'?"));
  }
}

TEST_CASE("an error in an override names the option and its text, not the scenario file") {
  // Each expected message is written out by hand: the option as given, then the key and why.
  const auto errors = [](const std::vector<cs::Override>& overrides) {
    try {
      cs::load_scenario_with("kent-baseline", overrides);
    } catch (const cs::ScenarioError& e) {
      return e.errors();
    }
    return std::vector<std::string>{};
  };
  const std::string bad_growth = "demand.homecare.older_65_plus.growth_per_year=abc";
  auto e = errors({{bad_growth, "--set " + bad_growth}});
  REQUIRE(e.size() == 1);
  CHECK(e[0].starts_with("--set " + bad_growth +
                         ": demand.homecare.older_65_plus.growth_per_year: "));
  CHECK(e[0].find("baseline.toml") == std::string::npos);
  // A misspelt key, and a table the override would create, are the option's too.
  e = errors({{"run.replicatoins=3", "--set run.replicatoins=3"}});
  REQUIRE(e.size() == 1);
  CHECK(e[0].starts_with("--set run.replicatoins=3: run.replicatoins: "));
  CHECK_THAT(e[0], Catch::Contains("did you mean 'replications'?"));
  e = errors({{"rn.seed=3", "--set rn.seed=3"}});
  REQUIRE(e.size() == 1);
  CHECK(e[0].starts_with("--set rn.seed=3: rn: "));
  CHECK_THAT(e[0], Catch::Contains("did you mean 'run'?"));
  e = errors({{"run.seed", "--set run.seed"}});
  REQUIRE(e.size() == 1);
  CHECK(e[0].starts_with("--set run.seed: expected KEY=VALUE"));
  // sweep's --vary names itself and the value of the point that failed.
  e = errors({{"exits.stress_slope=x", "--vary exits.stress_slope=1,x (value x)"}});
  REQUIRE(e.size() == 1);
  CHECK(e[0].starts_with("--vary exits.stress_slope=1,x (value x): exits.stress_slope: "));
}

TEST_CASE("a file extends another by relative path and keeps the parent's keys") {
  const cs::Scenario s = cs::load_scenario(data("good/child.toml"));
  CHECK(s.name == "child");
  CHECK(s.run.replications == 5);
  CHECK(s.run.horizon_months == 84);             // from good/parent.toml
  CHECK(s.market[0].framework_providers == 90);  // from kent-baseline
}

TEST_CASE("an unknown scenario name lists the shipped ones") {
  CHECK_THROWS_WITH(cs::load_scenario("no-such-scenario"), Catch::Contains("kent-baseline"));
}

TEST_CASE("a misspelt scenario name is refused with the nearest shipped name") {
  CHECK_THROWS_WITH(cs::load_scenario("provider-failur"),
                    Catch::Contains("did you mean 'provider-failure'?"));
  CHECK_THROWS_WITH(cs::load_scenario("kent-baselin"),
                    Catch::Contains("did you mean 'kent-baseline'?"));
}

TEST_CASE("a path in a file is relative to that file, from any working directory") {
  // good/own-geography.toml names "../../geography/valid" (four districts X01..X04): from the
  // file's folder that is tests/data/geography/valid, wherever the loader runs.
  const std::filesystem::path before = std::filesystem::current_path();
  for (const std::filesystem::path& cwd :
       {std::filesystem::path(CAREMARKET_TEST_DATA), std::filesystem::temp_directory_path()}) {
    std::filesystem::current_path(cwd);
    INFO("working directory " << cwd.string());
    cs::Scenario s;
    REQUIRE_NOTHROW(s = cs::load_scenario(data("good/own-geography.toml")));
    const auto graph = cs::load_scenario_geography(s);
    std::vector<std::string> codes;
    for (std::size_t i = 0; i < graph.size(); ++i) codes.push_back(graph.district(i).code);
    CHECK(codes == std::vector<std::string>{"X01", "X02", "X03", "X04"});
  }
  std::filesystem::current_path(before);
}

TEST_CASE("a child file replaces a district-keyed table whole, and {} clears the parent's") {
  // kent-baseline's prisons weigh Maidstone (E07000110) 2 and Swale (E07000113) 3.
  const auto prisons = [](const cs::Scenario& s) {
    return s.demand[0][static_cast<std::size_t>(sim::Group::prisons)].custom_weights;
  };
  CHECK(prisons(cs::load_scenario("kent-baseline")).size() == 2);
  CHECK(prisons(cs::load_scenario(data("good/replace-weights.toml"))) ==
        std::map<std::string, double>{{"E07000105", 1.0}});
  CHECK(prisons(cs::load_scenario(data("good/own-geography.toml"))).empty());
}

TEST_CASE("a file without extends gets the defaults docs/parameters.md lists") {
  // docs/parameters.md: exits.base_hazard_per_year.framework 0.04, spot 0.1, in_house 0;
  // framework.new_entrants_per_reopening 6 (homecare) and 3 (supported living); a 96-month run.
  const cs::Scenario s = cs::load_scenario(data("good/no-extends.toml"));
  CHECK(s.name == "no-extends");
  CHECK(s.exits.base_hazard_per_year == std::array<double, 3>{0.04, 0.1, 0.0});
  CHECK(s.framework.new_entrants_per_reopening == std::array<int, 2>{6, 3});
  CHECK(s.run.horizon_months == 96);
}

TEST_CASE(
    "a provider with no capacity is not counted as a contracted provider, in either service") {
  // With no contracted capacity (ratio 0) no framework provider has hours, so none of Kent's 90
  // framework homecare providers may count in providers_contracted; likewise supported living.
  for (const std::string service : {"homecare", "supported_living"}) {
    INFO(service);
    const cs::Scenario s = cs::load_scenario(
        "kent-baseline", {"market." + service + ".contract_capacity_ratio=0",
                          "market.supported_living.pipeline_properties=0", "run.horizon_months=2",
                          "framework.reopen_after_years=[]", "run.replications=1"});
    const sim::ModelParams p = cs::build_model(s, cs::load_scenario_geography(s));
    const auto svc =
        service == "homecare" ? sim::Service::homecare : sim::Service::supported_living;
    for (const auto& b : p.market.branches) CHECK(b.capacity_hours_per_week > 0.0);
    sim::EnsembleOptions o;
    o.replications = 1;
    o.threads = 1;
    double contracted = -1.0;
    sim::run_ensemble(p, o, [&](sim::ReplicationResult&& r) {
      const auto& m = r.metrics;
      contracted = 0.0;
      for (std::size_t k = 0; k < m.periods(); ++k) {
        contracted += m.at(k, m.county(), svc, sim::Metric::providers_contracted);
        contracted += m.at(k, m.county(), svc, sim::Metric::framework_exits);
      }
    });
    // In-house services stay (the council's own), so count framework providers only: none.
    std::size_t in_house = 0;
    for (const auto& pr : p.market.providers) in_house += pr.kind == sim::ProviderKind::in_house;
    CHECK(in_house == 0);
    CHECK(contracted == 0.0);
  }
}

TEST_CASE("a key's schema domain is exactly what the loader takes, at and beside its bounds") {
  // Worked from the schema (scenarios/toml_schema.cpp): a yearly growth is > -1 and finite
  // (Check::growth), a probability in [0, 1], road_factor >= 1, average_speed_kmh > 0,
  // framework_providers an integer in 0..100000. Each value is tried in the loader (--set) and
  // in the key's domain, which sensitivity's ranges are held within: both must give the
  // expected answer.
  struct Case {
    std::string key;
    std::string value;
    double number;
    bool taken;
  };
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<Case> cases{
      {"demand.homecare.older_65_plus.growth_per_year", "-1.0", -1.0, false},
      {"demand.homecare.older_65_plus.growth_per_year", "-0.999999", -0.999999, true},
      {"demand.homecare.older_65_plus.growth_per_year", "inf", inf, false},
      {"placement.supported_living.return_to_contract_probability", "1.0", 1.0, true},
      {"placement.supported_living.return_to_contract_probability", "1.000001", 1.000001, false},
      {"placement.supported_living.return_to_contract_probability", "0.0", 0.0, true},
      {"placement.supported_living.return_to_contract_probability", "-0.000001", -0.000001, false},
      {"geography.road_factor", "1.0", 1.0, true},
      {"geography.road_factor", "0.999", 0.999, false},
      {"geography.average_speed_kmh", "0.0", 0.0, false},
      {"geography.average_speed_kmh", "0.001", 0.001, true},
      {"market.homecare.framework_providers", "100000", 100000.0, true},
      {"market.homecare.framework_providers", "100001", 100001.0, false},
      {"market.homecare.framework_providers", "-1", -1.0, false},
      // An entry of a table of numbers by district takes the values of the table's check.
      {"demand.homecare.older_65_plus.district_growth_per_year.E07000110", "-1", -1.0, false},
      {"demand.homecare.older_65_plus.district_growth_per_year.E07000110", "1.0", 1.0, true},
  };
  for (const Case& c : cases) {
    INFO(c.key << "=" << c.value);
    bool loaded = true;
    try {
      (void)cs::load_scenario("kent-baseline", {c.key + "=" + c.value});
    } catch (const cs::ScenarioError&) {
      loaded = false;
    }
    CHECK(loaded == c.taken);
    const std::vector<std::string> parts = cs::key_parts(c.key);
    const cs::KeyDomain* domain = nullptr;
    for (const auto& [path, d] : cs::scenario_key_domains())
      if (cs::same_schema_path(cs::key_parts(path), parts, false)) domain = &d;
    REQUIRE(domain != nullptr);
    CHECK(domain->contains(c.number) == c.taken);
  }
}
