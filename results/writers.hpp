#pragma once
// The files of a results folder (DESIGN.md section 5) and the folder itself. Column definitions
// are in docs/metrics.md. Every number is written by format_number, so the same summary gives
// the same bytes.

#include <chrono>
#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "results/atomic_folder.hpp"
#include "results/ensemble_summary.hpp"
#include "sim/metrics.hpp"
#include "sim/params.hpp"

namespace caremarket::results {

/// The council area as a whole, for county_metrics.csv, e.g. {"E10000016", "Kent"}.
struct CouncilArea {
  std::string code;
  std::string name;
};

/// What manifest.json records about the run, beyond what the parameters and summary hold.
struct RunRecord {
  std::string tool_version;
  std::string tool_commit;
  std::string scenario_name;  // also the scenario column of the CSV files
  std::string scenario_hash;  // of the resolved scenario
  /// The scenario the run started from, when the run's name differs from it (--set, --name).
  std::string base_scenario;
  /// Every --set override, KEY=VALUE, in the order given.
  std::vector<std::string> overrides;
  int threads = 0;
  std::chrono::system_clock::time_point start_time;
  std::chrono::system_clock::time_point end_time;
  double wall_seconds = 0.0;
  /// When the replications drew their keys from a parameter sample (run --parameters): its
  /// file name, hash, keys and number of sets; empty file otherwise.
  std::string parameter_sample;
  std::string parameter_sample_hash;
  std::vector<std::string> parameter_sample_keys;
  std::size_t parameter_sample_sets = 0;
};

/// A district as the report shows it: its code and name (as params.district_codes and
/// district_names) and its place on the hex map (odd-r offset coordinates; rows may be negative).
struct DistrictDisplay {
  std::string code;
  std::string name;
  int hex_col = 0;
  int hex_row = 0;
};

/// Disclosure control (`--suppress-below N`, docs/robustness.md): counts of people below N are
/// written as empty values, with the cells from which they could be recovered.
///
/// Counts of people are the metrics people_needing_care, people_placed_local,
/// people_placed_neighbour, people_off_contract, people_waiting (the stocks, which add up:
/// needing care = placed local + placed neighbour + off contract + waiting), and referrals,
/// new_placements, new_off_contract_placements, people_displaced (the flows); the KPIs whose unit
/// is people; and providers.csv's mean_people_displaced and people_at_start. A count is small
/// when its mean over replications is above 0 and below N (a zero is published: it names nobody).
///
/// The rule, per service and period of the metrics files:
///  1. Primary: a district's stock metrics are suppressed together (all five, the whole
///     district-period row of stocks) when any of them is small, since each is the sum or
///     difference of the others; a flow metric is suppressed on its own when small.
///  2. Secondary: the county figure is the sum of the districts', so when exactly one district's
///     stocks (or one district's value of a flow) are suppressed, the next smallest district's are
///     too (by people_needing_care for stocks, by the flow itself for a flow; non-zero first).
///  3. County rows, KPIs and providers.csv: a small count is suppressed (primary only; the
///     providers' figures are means over replications that do not sum to a published total).
/// Suppressed cells keep their row; mean, sd, sem, p05, p50 and p95 are empty. 0 turns it off.
struct Disclosure {
  double suppress_below = 0.0;
  [[nodiscard]] bool active() const { return suppress_below > 0.0; }
  [[nodiscard]] bool small(double count) const {
    return active() && count > 0.0 && count < suppress_below;
  }
};

/// True for the metrics that count people (see Disclosure).
bool is_people_count(sim::Metric m);

/// Which district cells Disclosure suppresses: index
/// ((district * service_count + service) * periods + period) * metric_count + metric.
std::vector<bool> district_suppression(const EnsembleSummary& summary, const Disclosure& rule);

/// Everything a results folder is written from.
struct ResultsContents {
  const sim::ModelParams& params;
  const EnsembleSummary& summary;
  CouncilArea council;
  RunRecord run;
  /// More files for the same folder (scenario.resolved.toml, report.html), written after the
  /// CSV files and before manifest.json. Names must differ from the standard files'.
  std::vector<FolderFile> extra_files;
  /// The districts' hex-map positions, in the order of params.district_codes, for manifest.json
  /// (the report draws its hex map from them when the geography has no boundaries). Empty: the
  /// manifest lists codes and names only.
  std::vector<DistrictDisplay> districts = {};
  /// Also write report.html (results/report.hpp), built from the folder's own files after the
  /// CSV files and extras and before manifest.json, so a folder never looks complete without it.
  bool report = false;
  /// Disclosure control of the published tables (and so of the report built from them).
  Disclosure disclosure = {};
  /// Also write results.sqlite: every CSV table in one SQLite database (results/database.hpp).
  bool sqlite = false;
  /// When district_metrics.csv has more rows than this (the header included), it is also
  /// written split by district, district_metrics-<code>.csv, each of which a spreadsheet opens.
  std::size_t row_limit = 1'048'576;
};

inline constexpr std::string_view metrics_csv_header =
    "scenario,district_code,district_name,service,period_start,period_end,metric,mean,sd,sem,p05,"
    "p50,p95,replications";
inline constexpr std::string_view kpis_csv_header =
    "scenario,service,kpi,unit,mean,sd,sem,p05,p50,p95,replications";
inline constexpr std::string_view providers_csv_header =
    "provider,name,kind,probability_of_exit,mean_people_displaced,people_at_start,service,"
    "district_code,district_name,capacity_at_start,unit,share_of_district_contracted_capacity";

inline constexpr std::string_view spend_by_year_csv_header =
    "scenario,year_start,year_end,service,category,mean,sd,sem,p05,p50,p95,replications";

/// spend_by_year.csv: the council's spend per year of the run, per service and both together
/// ("all"), per category (contract, off_contract, premium, in_house, total), in £.
void write_spend_by_year_csv(std::ostream& out, const EnsembleSummary& summary,
                             std::string_view scenario);

/// False for metrics the metrics files leave out: wait_days_total (internal, the numerator of
/// mean_wait_days) and homecare_hours_waiting for supported living (always zero).
bool is_output_metric(sim::Metric m, sim::Service s);

/// The first and last day (inclusive) of each period, as ISO dates.
struct PeriodDates {
  std::string start;
  std::string end;
};
std::vector<PeriodDates> period_dates(const sim::RunParams& run);

/// One row per district, service, period and output metric, in that order of nesting.
void write_district_metrics_csv(std::ostream& out, const sim::ModelParams& params,
                                const EnsembleSummary& summary, std::string_view scenario,
                                const Disclosure& disclosure = {});
/// The same rows for the whole council area.
void write_county_metrics_csv(std::ostream& out, const sim::ModelParams& params,
                              const EnsembleSummary& summary, std::string_view scenario,
                              const CouncilArea& council, const Disclosure& disclosure = {});
/// One row per KPI of kpi_table(), in its order.
void write_kpis_csv(std::ostream& out, const EnsembleSummary& summary, std::string_view scenario,
                    const Disclosure& disclosure = {});
/// Long form: one row per provider, service and district where the provider has capacity at the
/// start (open properties only), by provider, service, district; one row with empty capacity
/// columns for a provider with none.
void write_providers_csv(std::ostream& out, const sim::ModelParams& params,
                         const EnsembleSummary& summary, const Disclosure& disclosure = {});
/// The framework's reopening dates (run.start plus framework.reopenings_days), as ISO dates.
std::vector<std::string> reopening_dates(const sim::ModelParams& params);

/// manifest.json, with `files` the names of the folder's other files and complete: true.
/// `districts` gives the hex-map positions (see ResultsContents::districts); it must be empty or
/// match params.district_codes, else std::invalid_argument. `disclosure` is the rule the files
/// were written under (its threshold is the manifest's suppress_below; 0: none).
void write_manifest_json(std::ostream& out, const sim::ModelParams& params,
                         const EnsembleSummary& summary, const RunRecord& run,
                         const CouncilArea& council, const std::vector<std::string>& files,
                         const std::vector<DistrictDisplay>& districts = {},
                         const Disclosure& disclosure = {});

/// Writes district_metrics.csv, county_metrics.csv, kpis.csv, providers.csv, the extra files,
/// report.html if asked for, and manifest.json (last) into `folder` by write_folder_atomically:
/// throws ResultsExistError if the folder exists and `force` is false, before writing anything.
void write_results_folder(const std::filesystem::path& folder, const ResultsContents& contents,
                          bool force);

}  // namespace caremarket::results
