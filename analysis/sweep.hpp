#pragma once
// `caremarket sweep`: one scenario run over a grid of values of one or more keys, every point
// on the same random streams, each KPI summarised per point.

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/command_values.hpp"
#include "results/statistics.hpp"
#include "sim/params.hpp"

namespace caremarket::analysis {

/// The KPI summaries of one grid point.
struct SweepPoint {
  std::vector<std::string> values;     // one per varied key
  std::vector<results::Summary> kpis;  // as results::kpi_table()
};

void write_sweep_csv(std::ostream& out, const std::string& scenario,
                     const std::vector<VariedKey>& keys, const std::vector<SweepPoint>& points);

/// Summarises every KPI of an ensemble run. `cancelled` (optional) stops it early, as
/// sim::EnsembleOptions::cancelled; the point is then incomplete and must not be written.
/// `params_for` (optional) gives replication r its own parameters, as
/// sim::EnsembleOptions::params_for (a parameter sample).
SweepPoint summarise_point(const sim::ModelParams& params, std::int64_t replications, int threads,
                           std::vector<std::string> values, std::function<bool()> cancelled = {},
                           std::function<const sim::ModelParams&(std::int64_t)> params_for = {});

}  // namespace caremarket::analysis
