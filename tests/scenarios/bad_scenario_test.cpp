// The corpus of bad scenarios: each file in tests/data/scenarios/bad/ says in "# expect: LINE:
// fragment" comments which errors it must produce; every one must be reported, with its line.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "scenarios/parameter_list.hpp"
#include "scenarios/toml_scenario.hpp"

namespace cs = caremarket::scenarios;
namespace fs = std::filesystem;

namespace {

struct Expectation {
  std::string line;
  std::string fragment;
};

std::vector<Expectation> expectations(const fs::path& file) {
  std::vector<Expectation> out;
  std::ifstream in(file);
  std::string text;
  const std::string marker = "# expect: ";
  while (std::getline(in, text)) {
    if (!text.starts_with(marker)) continue;
    const std::string rest = text.substr(marker.size());
    const auto colon = rest.find(": ");
    out.push_back({rest.substr(0, colon), rest.substr(colon + 2)});
  }
  return out;
}

}  // namespace

TEST_CASE("every bad scenario is refused with each expected error at its line") {
  const fs::path folder = fs::path(CAREMARKET_TEST_DATA) / "scenarios" / "bad";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 20);
  for (const auto& file : files) {
    const std::string path = file.string();
    const std::vector<Expectation> expected = expectations(file);
    INFO(path);
    REQUIRE_FALSE(expected.empty());
    std::vector<std::string> errors;
    try {
      cs::load_scenario(path);
    } catch (const cs::ScenarioError& e) {
      errors = e.errors();
    }
    REQUIRE_FALSE(errors.empty());
    for (const Expectation& x : expected) {
      // "LINE" in this file, or "OTHER.toml:LINE" in another file of the corpus.
      const std::string prefix =
          (x.line.find(':') == std::string::npos ? path + ":" + x.line
                                                 : (file.parent_path() / x.line).string()) +
          ": ";
      const bool found = std::any_of(errors.begin(), errors.end(), [&](const std::string& e) {
        return e.starts_with(prefix) && e.find(x.fragment) != std::string::npos;
      });
      INFO("expected: " << prefix << "..." << x.fragment);
      std::string all;
      for (const auto& e : errors) all += e + "\n";
      INFO("got:\n" << all);
      CHECK(found);
    }
  }
}

TEST_CASE("several errors in one file are all reported, each on its own line of the message") {
  const std::string path = std::string(CAREMARKET_TEST_DATA) + "/scenarios/bad/several-errors.toml";
  try {
    cs::load_scenario(path);
    FAIL("expected a ScenarioError");
  } catch (const cs::ScenarioError& e) {
    CHECK(e.errors().size() >= 5);
    CHECK(static_cast<std::size_t>(std::count(e.what(), e.what() + std::string(e.what()).size(),
                                              '\n')) == e.errors().size() - 1);
  }
}

TEST_CASE("a key homecare never reads is named with the supported-living key that is read") {
  using caremarket::scenarios::ignored_key_reason;
  CHECK(ignored_key_reason("market.homecare.band_shares") ==
        "homecare has no properties, so this would be ignored (only "
        "market.supported_living.band_shares is read)");
  CHECK(ignored_key_reason("market.homecare.band_shares[1]") ==
        ignored_key_reason("market.homecare.band_shares"));
  CHECK(ignored_key_reason("demand.homecare.prisons.need_band_weights") ==
        "homecare has no need bands, so this would be ignored (only "
        "demand.supported_living.prisons.need_band_weights is read)");
  // Keys that are read, or that are not homecare's copies of these, have no such reason.
  CHECK_FALSE(ignored_key_reason("market.supported_living.band_shares"));
  CHECK_FALSE(ignored_key_reason("market.homecare.initial_providers"));
  CHECK_FALSE(ignored_key_reason("demand.homecare.need_band_weights"));
  CHECK_FALSE(ignored_key_reason("market.homecare.band_shares.x"));
  CHECK_FALSE(ignored_key_reason(""));
}

TEST_CASE("a key of the schema that is not a varied number is told apart from a misspelling") {
  using caremarket::scenarios::not_varied_reason;
  const std::string varied = "a key of the scenario, but not a number that can be varied";
  // A list, a seed, a distribution's clamp.
  for (const char* key : {"market.supported_living.band_shares", "run.seed",
                          "demand.supported_living.adults_26_64.need_band_weights"}) {
    INFO(key);
    REQUIRE(not_varied_reason(key));
    CHECK(not_varied_reason(key)->starts_with(varied));
  }
  // An element of a list, of numbers or of tables: the list is named, to set whole.
  CHECK(not_varied_reason("exits.shocks[0].at") ==
        "a key cannot pick one element of a list, and a list cannot be varied: set the whole of "
        "exits.shocks with --set instead");
  CHECK(not_varied_reason("framework.reopen_after_years[5]") ==
        "a key cannot pick one element of a list, and a list cannot be varied: set the whole of "
        "framework.reopen_after_years with --set instead");
  // Homecare's copy of a supported-living key keeps its own reason.
  CHECK(not_varied_reason("market.homecare.band_shares")->starts_with("homecare has no"));
  // Not keys of the schema: nothing to say but that they are unknown.
  CHECK_FALSE(not_varied_reason("market.supported_living.band_share"));
  CHECK_FALSE(not_varied_reason("run"));
  CHECK_FALSE(not_varied_reason("run.seed.x"));
}

TEST_CASE("may_be_varied holds every numeric parameter and no key that no scenario could vary") {
  namespace cs = caremarket::scenarios;
  // Every numeric parameter of every shipped scenario, with the scenario known, passes the check
  // made before any scenario is loaded.
  for (const cs::ShippedScenario& shipped : cs::shipped_scenarios()) {
    const cs::Scenario s = cs::load_scenario(shipped.name);
    for (const cs::NumericParameter& p : cs::numeric_parameters(s)) {
      INFO(shipped.name << ": " << p.key);
      CHECK(cs::may_be_varied(p.key));
    }
  }
  // Run settings, seeds, dates, lists and their elements, a distribution's clamp, text, and
  // homecare's copies of supported-living keys: refused whatever the scenario.
  for (const char* key :
       {"run.seed", "run.replications", "run.start_date", "framework.reopen_after_years",
        "framework.reopen_after_years[1]", "exits.shocks[0].at",
        "demand.homecare.adults_26_64.package.min", "market.homecare.band_shares",
        "market.supported_living.band_shares", "name", "geography.data", "run", ""}) {
    INFO(key);
    CHECK_FALSE(cs::may_be_varied(key));
  }
  // Numbers of the modelling sections, whether or not a given scenario's group is active.
  for (const char* key : {"exits.stress_slope", "demand.homecare.adults_26_64.growth_per_year",
                          "geography.road_factor", "market.homecare.framework_providers"}) {
    INFO(key);
    CHECK(cs::may_be_varied(key));
  }
}
