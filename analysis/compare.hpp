#pragma once
// `caremarket compare`: scenarios run on the same random streams, each KPI's paired difference
// from the base, county-wide and per district.

#include <ostream>
#include <string>
#include <vector>

#include "analysis/kpi_sample.hpp"
#include "analysis/paired.hpp"

namespace caremarket::analysis {

struct ComparisonRow {
  std::string alternative;
  sim::Service service = sim::Service::homecare;
  std::string kpi;
  std::string unit;
  std::string area_code;
  std::string area_name;
  Direction direction = Direction::neutral;
  PairedDifference difference;
};

/// The rows of one alternative against the base: every county KPI, then every district KPI for
/// every district.
std::vector<ComparisonRow> compare_samples(const KpiSample& base, const KpiSample& alternative,
                                           const std::string& alternative_name,
                                           const sim::ModelParams& params,
                                           const std::string& area_code,
                                           const std::string& area_name);

inline constexpr const char* comparison_csv_header =
    "base,alternative,service,kpi,unit,area_code,area_name,direction,base_mean,alternative_mean,"
    "mean_difference,sd_difference,ci95_low,ci95_high,probability_alternative_better,replications";

void write_comparison_csv(std::ostream& out, const std::string& base_name,
                          const std::vector<ComparisonRow>& rows);

}  // namespace caremarket::analysis
