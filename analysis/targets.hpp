#pragma once
// Calibration targets: figures the council recorded, each matched to one simulated quantity of a
// replication (docs/calibration.md). A target names a metric of docs/metrics.md (or the derived
// spend_total_gbp), a service, an area (a district's GSS code or the council's code) and a date
// or a range of dates; its observed value carries a standard deviation, the uncertainty of the
// record, which scales its term of the calibration distance.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/metrics.hpp"
#include "sim/params.hpp"

namespace caremarket::analysis {

/// One target, resolved against a scenario's periods and areas.
struct Target {
  std::string metric;  // as in county_metrics.csv, or spend_total_gbp
  sim::Service service = sim::Service::supported_living;
  std::string area;  // GSS code as written in the file
  std::string date;  // "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD", as written
  double observed = 0.0;
  double sd = 1.0;  // > 0, in the metric's unit
  std::string source;
  std::size_t line = 0;  // of the targets file
  /// Held out of the fit (calibrate --fit-until): predicted by the posterior, not in the distance.
  bool held_out = false;
  // Resolved: which metrics are summed (one, or the three spends), where, and over which periods.
  std::vector<sim::Metric> metrics;
  std::size_t area_index = 0;    // district index, or the council area's index (= districts)
  std::size_t first_period = 0;  // inclusive
  std::size_t last_period = 0;   // inclusive
};

/// A targets file that cannot be used: every problem, each "file:line: column 'name': message".
class TargetsError : public std::runtime_error {
 public:
  explicit TargetsError(std::vector<std::string> problems);
  [[nodiscard]] const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

/// Reads and resolves a targets file (columns metric, service, area, date, observed, sd, source,
/// and an optional note)
/// against the scenario's parameters (periods from run.start, run.horizon_months, run.period;
/// districts from district_codes) and its council code. A single date picks the period holding
/// it; a range "FROM..TO" sums the periods whose start lies in [FROM, TO], and is allowed only
/// for flows (referrals, placements, displacements, exits, entries, spends). Throws TargetsError
/// listing every problem (unreadable file, unknown column, metric, service or area, a malformed
/// or out-of-horizon date, a non-positive sd, no targets).
std::vector<Target> load_targets(const std::string& path, const sim::ModelParams& params,
                                 const std::string& council_code);

/// The faults of a targets file that no scenario decides, as load_targets words them: it cannot
/// be read, a column is missing, unknown or repeated, or it has no rows. Empty when none: the
/// rows are checked against the scenario by load_targets. For a check before the scenario loads.
std::vector<std::string> targets_file_faults(const std::string& path);

/// The target's simulated value in one replication: the sum of its metrics over its periods.
double simulated_value(const Target& target, const sim::ReplicationMetrics& metrics);

}  // namespace caremarket::analysis
