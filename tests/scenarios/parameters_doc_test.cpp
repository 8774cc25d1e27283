// docs/parameters.md documents every key of the scenario schema: a key added to the loader
// without its unit, default, range and source fails here.
#include <catch2/catch.hpp>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "scenarios/toml_scenario.hpp"

TEST_CASE("print the schema's key paths", "[.print]") {
  for (const auto& key : caremarket::scenarios::scenario_key_paths()) std::cout << key << '\n';
}

TEST_CASE("every schema key is documented in docs/parameters.md") {
  std::ifstream in(std::string(CAREMARKET_TEST_DATA) + "/../../docs/parameters.md");
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const auto keys = caremarket::scenarios::scenario_key_paths();
  REQUIRE(keys.size() > 100);
  for (const auto& key : keys) {
    INFO(key);
    CHECK(doc.find("`" + key + "`") != std::string::npos);
  }
}
