#pragma once
// `caremarket sensitivity`: how much the headline KPIs move across each parameter's plausible
// range, one parameter at a time (a tornado), and optionally Morris elementary-effects
// screening. Every evaluation runs on the same random streams, so differences are the
// parameter's, not noise.

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/parameter_sample.hpp"
#include "scenarios/parameter_list.hpp"
#include "sim/params.hpp"

namespace caremarket::analysis {

struct SensitivityOptions {
  std::int64_t replications = 20;
  int threads = 0;
  /// The plausible range of a parameter: its value times (1 - swing) to (1 + swing), within
  /// its valid range (an assumption, documented in docs/sensitivity.md).
  double relative_swing = 0.25;
  std::vector<std::string> only;  // key prefixes to vary; empty: every numeric parameter
  int morris_trajectories = 0;    // 0: no Morris screening
  std::uint64_t morris_seed = 1;
  /// Parameter uncertainty (--parameters): when set, replication i of every evaluation takes
  /// the sample's row sample_row(seed, i), with the evaluation's value on top; the sample's
  /// keys are not varied (their uncertainty is the sample's). Not owned.
  const ParameterSample* sample = nullptr;
  std::function<void(std::int64_t done, std::int64_t total)> progress;
};

/// A headline KPI the analysis reports: its index in results::kpi_table().
std::vector<std::size_t> sensitivity_kpis();

struct ParameterRange {
  scenarios::NumericParameter parameter;
  double low = 0.0;
  double high = 0.0;
};

/// The parameters varied and their ranges (parameters whose value is 0 are skipped: a relative
/// range around zero is empty; so are the keys of options.sample).
std::vector<ParameterRange> parameter_ranges(const scenarios::Scenario& base,
                                             const SensitivityOptions& o);

struct SensitivityRow {
  ParameterRange range;
  std::size_t kpi = 0;  // index in results::kpi_table()
  double base_mean = 0.0;
  double low_mean = 0.0;
  double high_mean = 0.0;
  [[nodiscard]] double swing() const { return high_mean - low_mean; }
};

struct MorrisRow {
  std::string parameter;
  std::size_t kpi = 0;
  double mu_star = 0.0;  // mean absolute elementary effect, in KPI units per full range
  double mu = 0.0;
  double sigma = 0.0;
  int effects = 0;
};

struct SensitivityResult {
  std::vector<SensitivityRow> one_at_a_time;  // sorted by parameter, then KPI
  std::vector<MorrisRow> morris;
  std::int64_t evaluations = 0;
};

/// Runs the analysis on a scenario (by name or path) with --set overrides applied to every
/// evaluation.
SensitivityResult run_sensitivity(const std::string& scenario, const std::vector<std::string>& sets,
                                  const SensitivityOptions& options);

void write_sensitivity_csv(std::ostream& out, const std::string& scenario,
                           const SensitivityResult& r);
void write_morris_csv(std::ostream& out, const std::string& scenario, const SensitivityResult& r);

}  // namespace caremarket::analysis
