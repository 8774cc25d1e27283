#pragma once
// Paired comparison of two scenarios run on common random numbers: replication i of each uses
// the same random streams, so the per-replication differences carry the policy's effect with
// much of the noise cancelled.

#include <cstdint>
#include <span>
#include <string_view>

#include "results/kpis.hpp"

namespace caremarket::analysis {

/// Which way a KPI should move (results/kpis.hpp).
using results::Direction;
using results::to_string;

struct PairedDifference {
  double base_mean = 0.0;
  double alternative_mean = 0.0;
  double mean_difference = 0.0;  // alternative - base
  double sd_difference = 0.0;    // NaN for one replication
  double ci95_low = 0.0;         // Student's t interval of the mean difference; NaN for one
  double ci95_high = 0.0;
  /// Share of replications in which the alternative is better (ties count half); NaN for a
  /// neutral KPI.
  double probability_alternative_better = 0.0;
  std::int64_t replications = 0;
};

/// The paired difference of two equally long samples (replication i of each paired).
PairedDifference paired_difference(std::span<const double> base,
                                   std::span<const double> alternative, Direction direction);

/// The 97.5% quantile of Student's t with `df` degrees of freedom (exact table to 30, then a
/// Cornish-Fisher expansion accurate to 1e-4).
double student_t_975(std::int64_t df);

}  // namespace caremarket::analysis
