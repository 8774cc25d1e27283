#pragma once
// Writes a scenario back as TOML in the loader's schema.

#include <string>

#include "scenarios/scenario.hpp"

namespace caremarket::scenarios {

/// The scenario with every key written out (defaults filled in), deterministic bytes, numbers
/// in their shortest exact form: load_scenario() of the text gives an identical Scenario.
/// District indices are written as GSS codes of the scenario's geography, which is loaded.
/// With paths_relative_to (a folder), data paths inside that folder are written relative to it,
/// for a scenario file that will sit there (a folder that runs wherever it is moved).
std::string write_resolved_scenario(const Scenario& s, const std::string& paths_relative_to = "");

/// `s` as a TOML basic string: in double quotes, with '"' and '\\' escaped and control
/// characters as \\uXXXX.
std::string toml_quoted(const std::string& s);

}  // namespace caremarket::scenarios
