#pragma once
// Per-replication KPIs of one scenario, kept whole (not summarised) so that scenarios run on the
// same streams can be compared replication by replication. Memory: replications x (county KPIs
// + districts x district KPIs) doubles, a few hundred kilobytes for Kent at 1,000 replications.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "analysis/paired.hpp"
#include "results/kpis.hpp"
#include "sim/ensemble.hpp"

namespace caremarket::analysis {

/// A KPI computed for each district.
struct DistrictKpi {
  std::string name;
  sim::Service service;
  std::string unit;
  Direction direction;
};
std::span<const DistrictKpi> district_kpi_table();

/// Which way each county KPI of results::kpi_table() should move.
using results::kpi_direction;

struct KpiSample {
  std::size_t districts = 0;
  std::vector<std::vector<double>> county;    // [replication][index in results::kpi_table()]
  std::vector<std::vector<double>> district;  // [replication][kpi * districts + district]
  /// The council's spend by year, service and category, £: [replication][SpendYears::index].
  std::vector<std::vector<double>> spend;
  std::uint64_t events = 0;
  /// Column `k` of the county KPIs over replications.
  [[nodiscard]] std::vector<double> county_kpi(std::size_t k) const;
  [[nodiscard]] std::vector<double> district_kpi(std::size_t k, std::size_t d) const;
  /// Column `i` (a SpendYears::index) of the spend over replications.
  [[nodiscard]] std::vector<double> spend_value(std::size_t i) const;
};

/// Runs the ensemble and keeps every replication's KPIs.
KpiSample run_kpi_sample(const sim::ModelParams& params, const sim::EnsembleOptions& options);

/// The district KPIs of one replication, laid out as KpiSample::district's rows.
std::vector<double> compute_district_kpis(const sim::ReplicationResult& r);

}  // namespace caremarket::analysis
