#pragma once
// `caremarket compare`: scenarios run on the same random streams, each KPI's paired difference
// from the base, county-wide and per district.

#include <ostream>
#include <string>
#include <vector>

#include "analysis/kpi_sample.hpp"
#include "analysis/paired.hpp"
#include "results/spend_years.hpp"

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

/// The paired difference of the council's spend in one year of the run, for one service (or
/// both together) and category.
struct SpendComparisonRow {
  std::string alternative;
  std::string year_start;  // ISO, first day of the year of the run
  std::string year_end;    // ISO, last day
  std::string service;     // homecare, supported_living or all
  std::string category;    // contract, off_contract, premium, in_house, total
  PairedDifference difference;
};

/// Every year, service and category of one alternative against the base, in £ (spend is
/// neither better nor worse in itself, so no probability of better is given).
std::vector<SpendComparisonRow> compare_spend(const KpiSample& base, const KpiSample& alternative,
                                              const std::string& alternative_name,
                                              const results::SpendYears& years);

inline constexpr const char* spend_comparison_csv_header =
    "base,alternative,year_start,year_end,service,category,base_mean,alternative_mean,"
    "mean_difference,sd_difference,ci95_low,ci95_high,replications";

/// spend_by_year_comparison.csv: one row per SpendComparisonRow.
void write_spend_comparison_csv(std::ostream& out, const std::string& base_name,
                                const std::vector<SpendComparisonRow>& rows);

}  // namespace caremarket::analysis
