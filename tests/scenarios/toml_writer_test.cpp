// The writer: deterministic, and what it writes loads back to the same scenario.
#include "scenarios/toml_writer.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "scenarios/toml_scenario.hpp"

namespace cs = caremarket::scenarios;

TEST_CASE("print the built-in baseline as TOML", "[.print]") {
  std::cout << cs::write_resolved_scenario(cs::kent_baseline());
}

TEST_CASE("every shipped scenario round-trips through the writer") {
  for (const auto& shipped : cs::shipped_scenarios()) {
    INFO(shipped.name);
    const cs::Scenario s = cs::load_scenario(shipped.name);
    const std::string text = cs::write_resolved_scenario(s);
    CHECK(text == cs::write_resolved_scenario(s));  // deterministic
    const auto path =
        std::filesystem::temp_directory_path() / ("caremarket-roundtrip-" + shipped.name + ".toml");
    {
      std::ofstream out(path, std::ios::binary);
      out << text;
    }
    const cs::Scenario back = cs::load_scenario(path.string());
    std::filesystem::remove(path);
    CHECK(cs::write_resolved_scenario(back) == text);
    CHECK(back.shocks.size() == s.shocks.size());
    CHECK(back.actions.size() == s.actions.size());
  }
}

TEST_CASE("the writer writes numbers exactly and district references as codes") {
  cs::Scenario s = cs::kent_baseline();
  s.demand[0][0].growth_per_year = 0.1 + 0.2;          // 0.30000000000000004
  s.costs.contract_rate_gbp_per_hour[1] = 70.0 / 3.0;  // within a rate's range, not exact
  caremarket::sim::ShockSpec shock;
  shock.target = caremarket::sim::ShockSpec::Target::named;
  shock.provider = 5;
  shock.at_days = 400;
  s.shocks.push_back(shock);
  caremarket::sim::ActionSpec action;
  action.kind = caremarket::sim::ActionSpec::Kind::block_purchase;
  action.district = 3;
  action.at_reopening = 1;
  action.hours_per_week = 750.5;
  s.actions.push_back(action);
  s.framework.recruitment.push_back({2, caremarket::sim::Service::supported_living, 4, -1});
  const std::string text = cs::write_resolved_scenario(s);
  CHECK_THAT(text, Catch::Contains("growth_per_year = 0.30000000000000004"));
  CHECK_THAT(text, Catch::Contains("provider = \"homecare framework provider 6\""));
  CHECK_THAT(text, Catch::Contains("at_reopening = \"every\""));
  const auto path = std::filesystem::temp_directory_path() / "caremarket-roundtrip-exact.toml";
  {
    std::ofstream out(path, std::ios::binary);
    out << text;
  }
  const cs::Scenario back = cs::load_scenario(path.string());
  std::filesystem::remove(path);
  CHECK(back.demand[0][0].growth_per_year == s.demand[0][0].growth_per_year);
  CHECK(back.costs.contract_rate_gbp_per_hour[1] == s.costs.contract_rate_gbp_per_hour[1]);
  REQUIRE(back.shocks.size() == 1);
  CHECK(back.shocks[0].provider == 5);
  CHECK(back.shocks[0].at_days == 400.0);
  REQUIRE(back.actions.size() == 1);
  CHECK(back.actions[0].district == 3);
  CHECK(back.actions[0].at_reopening == 1);
  REQUIRE(back.framework.recruitment.size() == 1);
  CHECK(back.framework.recruitment[0].district == 2);
  CHECK(back.framework.recruitment[0].at_reopening == -1);
  CHECK(cs::write_resolved_scenario(back) == text);
}

TEST_CASE("overrides applied to a scenario in memory give what they give at load") {
  const std::vector<std::string> sets = {"exits.handback_probability=0.35",
                                         "framework.entrant_properties=3",
                                         "placement.homecare.acceptance_probability=0.8"};
  for (const auto& shipped : cs::shipped_scenarios()) {
    INFO(shipped.name);
    const cs::Scenario loaded = cs::load_scenario(shipped.name);
    std::vector<cs::Override> overrides;
    for (const auto& s : sets) overrides.push_back({s, "--set " + s});
    const cs::Scenario edited = cs::with_overrides(loaded, overrides);
    CHECK(cs::write_resolved_scenario(edited) ==
          cs::write_resolved_scenario(cs::load_scenario(shipped.name, sets)));
    // What the scenario held in memory and the file did not (a changed name) is kept.
    cs::Scenario renamed = loaded;
    renamed.name = "edited-in-memory";
    CHECK(cs::with_overrides(renamed, overrides).name == "edited-in-memory");
  }
  // Parsed once, applied many times: each set of overrides gives what loading with it gives,
  // whatever was applied before it (the parsed scenario is copied, never edited).
  const cs::Scenario base = cs::load_scenario("kent-baseline");
  const cs::ScenarioOverrides resolved(base);
  for (const char* slope : {"0.5", "2", "0.5"}) {
    const std::vector<std::string> row = {"exits.stress_slope=" + std::string(slope)};
    INFO(row[0]);
    CHECK(cs::write_resolved_scenario(resolved.apply({{row[0], "--set " + row[0]}})) ==
          cs::write_resolved_scenario(cs::load_scenario("kent-baseline", row)));
  }
  CHECK(cs::write_resolved_scenario(resolved.apply({})) == cs::write_resolved_scenario(base));
  // An override's error names the option it came from, with the key.
  try {
    static_cast<void>(resolved.apply({{"exits.handback_probability=-1", "--parameters s.csv:2"}}));
    FAIL("a negative probability was accepted");
  } catch (const cs::ScenarioError& e) {
    REQUIRE(e.errors().size() == 1);
    CHECK(e.errors()[0] ==
          "--parameters s.csv:2: exits.handback_probability: expected a probability in [0, 1], "
          "found -1");
  }
  try {
    static_cast<void>(cs::with_overrides(
        cs::kent_baseline(), {{"exits.handback_probability=1.5", "--parameters s.csv:3"}}));
    FAIL("an out-of-range value was accepted");
  } catch (const cs::ScenarioError& e) {
    REQUIRE(e.errors().size() == 1);
    CHECK(e.errors()[0] ==
          "--parameters s.csv:3: exits.handback_probability: expected a probability in [0, 1], "
          "found 1.5");
  }
}
