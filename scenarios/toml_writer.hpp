#pragma once
// Writes a scenario back as TOML in the loader's schema.

#include <string>

#include "scenarios/scenario.hpp"

namespace caremarket::scenarios {

/// The scenario with every key written out (defaults filled in), deterministic bytes, numbers
/// in their shortest exact form: load_scenario() of the text gives an identical Scenario.
/// District indices are written as GSS codes of the scenario's geography, which is loaded.
std::string write_resolved_scenario(const Scenario& s);

/// `s` as a TOML basic string: in double quotes, with '"' and '\\' escaped and control
/// characters as \\uXXXX.
std::string toml_quoted(const std::string& s);

}  // namespace caremarket::scenarios
