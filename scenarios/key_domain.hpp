#pragma once
// The values a scenario key takes, as the schema's read of it checks them (scenarios/
// toml_reader.cpp): what the sensitivity analysis holds a parameter's range within.

#include <limits>

namespace caremarket::scenarios {

struct KeyDomain {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;  // min itself is refused (a yearly rate > -1, a number > 0)
  bool integer = false;   // read as a whole number
};

}  // namespace caremarket::scenarios
