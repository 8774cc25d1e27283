#pragma once
// The numeric modelling parameters of a scenario, as key paths with their values: what the
// sensitivity analysis varies. Run settings, seeds, file paths, arrays, district maps and
// distribution clamps (min, max) are not modelling parameters here; nor are the keys of a
// demand group with no people and no referrals.

#include <string>
#include <vector>

#include "scenarios/scenario.hpp"

namespace caremarket::scenarios {

struct NumericParameter {
  std::string key;  // dotted key path, as --set takes it
  double value = 0.0;
  bool integer = false;
  double valid_min = 0.0;  // the value's valid range, from the schema's checks
  double valid_max = 0.0;
};

std::vector<NumericParameter> numeric_parameters(const Scenario& s);

/// The TOML text of a value for --set: integers without a decimal point, reals exactly.
std::string set_value_text(const NumericParameter& p, double value);

}  // namespace caremarket::scenarios
