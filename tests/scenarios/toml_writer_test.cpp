// The writer: deterministic, and what it writes loads back to the same scenario.
#include "scenarios/toml_writer.hpp"

#include <catch2/catch.hpp>
#include <iostream>

#include "scenarios/toml_scenario.hpp"

namespace cs = caremarket::scenarios;

TEST_CASE("print the built-in baseline as TOML", "[.print]") {
  std::cout << cs::write_resolved_scenario(cs::kent_baseline());
}
