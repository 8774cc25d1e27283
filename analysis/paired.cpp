#include "analysis/paired.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace caremarket::analysis {

double student_t_975(std::int64_t df) {
  static constexpr std::array<double, 30> table{
      12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
      2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
      2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
  if (df < 1) return std::numeric_limits<double>::quiet_NaN();
  if (df <= 30) return table[static_cast<std::size_t>(df - 1)];
  const double z = 1.959963984540054;
  const double v = static_cast<double>(df);
  const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
  return z + (z3 + z) / (4.0 * v) + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * v * v) +
         (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * v * v * v);
}

PairedDifference paired_difference(std::span<const double> base,
                                   std::span<const double> alternative, Direction direction) {
  if (base.size() != alternative.size() || base.empty()) {
    throw std::invalid_argument("paired_difference: samples must be non-empty and of equal length");
  }
  PairedDifference r;
  const auto n = static_cast<double>(base.size());
  r.replications = static_cast<std::int64_t>(base.size());
  double better = 0.0;
  for (std::size_t i = 0; i < base.size(); ++i) {
    r.base_mean += base[i];
    r.alternative_mean += alternative[i];
    const double d = alternative[i] - base[i];
    r.mean_difference += d;
    if (d == 0.0) {
      better += 0.5;
    } else if ((direction == Direction::lower_is_better && d < 0.0) ||
               (direction == Direction::higher_is_better && d > 0.0)) {
      better += 1.0;
    }
  }
  r.base_mean /= n;
  r.alternative_mean /= n;
  r.mean_difference /= n;
  double ss = 0.0;
  for (std::size_t i = 0; i < base.size(); ++i) {
    const double d = alternative[i] - base[i] - r.mean_difference;
    ss += d * d;
  }
  // One pair has no spread to estimate: no standard deviation and no interval (NaN), so that
  // one run is never reported as a certain difference.
  const double undefined = std::numeric_limits<double>::quiet_NaN();
  r.sd_difference = base.size() > 1 ? std::sqrt(ss / (n - 1.0)) : undefined;
  const double half = base.size() > 1
                          ? student_t_975(r.replications - 1) * r.sd_difference / std::sqrt(n)
                          : undefined;
  r.ci95_low = r.mean_difference - half;
  r.ci95_high = r.mean_difference + half;
  r.probability_alternative_better =
      direction == Direction::neutral ? std::numeric_limits<double>::quiet_NaN() : better / n;
  return r;
}

}  // namespace caremarket::analysis
