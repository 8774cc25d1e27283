#pragma once
// The values a scenario key takes, as the schema's read of it checks them (scenarios/
// toml_reader.cpp): what the sensitivity analysis holds a parameter's range within.

#include <cmath>
#include <limits>

namespace caremarket::scenarios {

struct KeyDomain {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;  // min itself is refused (a yearly rate > -1, a number > 0)
  bool integer = false;   // read as a whole number
  bool finite = false;    // an infinite value is outside (a yearly rate)

  /// Whether `value` is in the domain (never NaN). The loader's check of a number is this test
  /// (scenarios/toml_reader.cpp, Reader::check_number), so the two cannot disagree.
  [[nodiscard]] bool contains(double value) const {
    if (std::isnan(value) || (finite && !std::isfinite(value))) return false;
    return (min_open ? value > min : value >= min) && value <= max;
  }
};

}  // namespace caremarket::scenarios
