#pragma once
// The run report's reading of a results folder (manifest.json, kpis.csv, providers.csv and the
// metric files) into the figures its charts, tables and summary draw: one reading, so that a
// chart and the table beside it cannot disagree. Internal to results/ (report.cpp).

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "results/district_map.hpp"
#include "results/report.hpp"

namespace caremarket::results::report_data {

using json = nlohmann::ordered_json;

/// The mean and the 5th, 50th and 95th percentiles across replications of one output cell.
struct Stats {
  double mean = 0.0;
  double p05 = 0.0;
  double p50 = 0.0;
  double p95 = 0.0;
};

struct DistrictInfo {
  std::string code;
  std::string name;
  int hex_col = 0;
  int hex_row = 0;
};

struct Kpi {
  std::string service;
  std::string name;
  std::string unit;
  Stats s;
};

struct Provider {
  std::string id;
  std::string name;
  std::string kind;
  double probability_of_exit = 0.0;
  double mean_displaced = 0.0;
  double people_at_start = 0.0;
  std::set<std::string> services;
  // Per service: its largest share of a district's contracted capacity, and that district.
  std::map<std::string, std::pair<double, std::string>> largest_share;
};

/// Metric rows keyed by (area name, service, metric), each a series over period ends.
struct Series {
  std::vector<std::string> dates;  // period_end
  std::vector<Stats> stats;
};
using SeriesMap = std::map<std::tuple<std::string, std::string, std::string>, Series>;

/// The two services, in the order the report shows them.
extern const std::vector<std::string> services;

/// Everything the report draws, read from the folder's files.
struct ReportData {
  json manifest;
  std::string scenario;
  std::string council_name;
  std::vector<DistrictInfo> districts;
  std::vector<std::string> reopenings;
  std::vector<Kpi> kpis;
  /// The replications behind the figures: kpis.csv's `replications` column (0: not given).
  std::int64_t replications = 0;
  std::vector<Provider> providers;
  SeriesMap county;
  SeriesMap district;
};

/// The folder's files, parsed; throws ReportInputError naming the file at fault.
ReportData load(const ReportSources& src);

/// The KPI `name` of `service`, or nullptr when the run has none.
const Kpi* find_kpi(const ReportData& d, std::string_view service, std::string_view name);

/// A metric's label for a chart ("people_waiting": "People waiting"); unknown names unchanged.
std::string metric_label(std::string_view metric);

/// A service's capacity unit as in metric names: "hours_per_week" or "homes".
std::string capacity_unit(std::string_view service);

/// `pattern` with "<unit>" replaced by the service's capacity unit.
std::string kpi_name(std::string_view pattern, std::string_view service);

/// Gap as a share of demand at the end of each calendar year (or at the run's end, within its
/// last year), per district and service.
struct YearGap {
  /// The calendar year, or for a run that ends inside its last year "2035 (to 31 March)".
  std::string year;
  std::string date;  // of the value, ISO: the year's last period end
  double share_p05 = 0.0;
  double share_p50 = 0.0;
  double share_p95 = 0.0;
  double gap_p50 = 0.0;
  double demand_mean = 0.0;
};

/// One district's year-end gaps for a service (empty when the folder has no such series).
std::vector<YearGap> year_gaps(const ReportData& d, const std::string& district,
                               const std::string& service);

/// The districts with their hex-map positions.
std::vector<page::MapDistrict> map_districts(const ReportData& d);

/// The district map's panels: each service's gap at the end of the last calendar year and
/// off-contract share at the end.
std::vector<page::MapPanel> map_panels(const ReportData& d);

}  // namespace caremarket::results::report_data
