// Loading scenario files: the shipped baseline equals the built-in one, every shipped scenario
// loads, extends and --set override keys.
#include "scenarios/toml_scenario.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "scenarios/toml_writer.hpp"

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
