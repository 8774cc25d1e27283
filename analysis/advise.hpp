#pragma once
// `caremarket advise`: the least extra contracted capacity, by district and by window (the
// start, or a framework reopening), that meets a KPI target with a given confidence, found by
// greedy marginal allocation on common random numbers; then, for the districts it chose, the
// seed 002 question: the same capacity bought as contracted hours (block purchase) or as an
// in-house service, against doing nothing.

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/command_values.hpp"
#include "analysis/parameter_sample.hpp"
#include "scenarios/scenario.hpp"

namespace caremarket::analysis {

/// The KPI value met in at least the confidence's share of runs: the ceil(confidence x n)-th
/// smallest run for an upper target (KPI<=X), the mirror order statistic for a lower one, so
/// that it meets the target exactly when the share of runs meeting the target reaches the
/// confidence.
double kpi_at_confidence(const std::vector<double>& v, const KpiTarget& t, double confidence);

struct AdviseOptions {
  double confidence = 0.9;         // share of replications that must meet the target
  double budget_gbp = -1.0;        // extra spend allowed over the horizon; < 0: none set
  double step_hours_per_week = 0;  // homecare capacity per step; 0: 1% of the contracted hours
  int step_homes = 0;              // supported-living homes per step; 0: 1% of the contracted homes
  int candidate_districts = 6;     // districts tried per step: those leaking most
  int max_steps = 40;
  std::int64_t replications = 24;
  int threads = 0;
  /// Parameter uncertainty (--parameters): when set, replication i of every evaluation takes
  /// the sample's row sample_row(seed, i), under the evaluation's added capacity. Not owned.
  const ParameterSample* sample = nullptr;
  std::function<void(const std::string&)> log;
};

/// Supported-living homes a step adds for a requested `homes` (> 0): whole properties of four
/// homes (003: 1,593 homes in 438 properties, about 3.6 a property), at least one.
int advised_step_homes(int homes);

struct AllocationStep {
  std::size_t district = 0;
  int window = -1;              // -1: the start; k >= 0: reopening k
  double capacity = 0.0;        // hours a week or homes
  double quantile_after = 0.0;  // the target KPI's quantile at the confidence after the step
  double share_meeting_after = 0.0;
};

struct OptionOutcome {
  std::string option;  // do_nothing, contracted_block_purchase, in_house
  double kpi_quantile = 0.0;
  double share_meeting = 0.0;
  double spend_total_gbp = 0.0;  // contract + off-contract + in-house, over the horizon, mean
  double spend_off_contract_gbp = 0.0;
  double premium_gbp = 0.0;
};

struct Advice {
  KpiTarget target;
  double confidence = 0.0;
  bool met = false;
  std::string stopped_because;
  double baseline_quantile = 0.0;
  std::vector<AllocationStep> steps;
  /// Do nothing, then, if any step was taken, contracted (block purchase) and in-house.
  std::vector<OptionOutcome> options;
  scenarios::Scenario recommended;  // the base with the allocation as commissioning actions
  std::int64_t evaluations = 0;
  double step_capacity = 0.0;           // each step's hours a week or homes, as used
  std::size_t candidate_districts = 0;  // the most districts a step tried
};

Advice advise(const scenarios::Scenario& base, const KpiTarget& target,
              const AdviseOptions& options);

void write_allocation_csv(std::ostream& out, const Advice& a, const scenarios::Scenario& base,
                          const std::vector<std::string>& district_codes,
                          const std::vector<std::string>& district_names);
void write_options_csv(std::ostream& out, const Advice& a);

}  // namespace caremarket::analysis
