#include "analysis/targets.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>

#include "analysis/range_text.hpp"
#include "geography/district_graph.hpp"
#include "geography/file_read.hpp"
#include "geography/table.hpp"
#include "results/format.hpp"
#include "results/writers.hpp"
#include "scenarios/suggest.hpp"
#include "sim/calendar.hpp"

namespace caremarket::analysis {

namespace {

using geography::ColumnSpec;
using geography::Problems;
using geography::Table;
namespace csv = geography::csv;

// The metrics docs/metrics.md calls flows: what happened during a period, which a range of
// dates sums.
bool is_flow(sim::Metric m) {
  using M = sim::Metric;
  switch (m) {
    case M::referrals:
    case M::new_placements:
    case M::new_off_contract_placements:
    case M::people_displaced:
    case M::new_placements_local:
    case M::new_placements_neighbour:
    case M::provider_exits:
    case M::provider_entries:
    case M::framework_exits:
    case M::spot_exits:
    case M::in_house_exits:
    case M::framework_entries:
    case M::spot_entries:
    case M::in_house_entries:
    case M::spend_contract_gbp:
    case M::spend_off_contract_gbp:
    case M::off_contract_premium_gbp:
    case M::spend_in_house_gbp:
    case M::wait_days_total:
      return true;
    default:
      return false;
  }
}

/// The metrics a target's name sums for a service, or empty when the name is unknown.
std::vector<sim::Metric> metrics_named(const std::string& name, sim::Service s) {
  if (name == "spend_total_gbp") {
    return {sim::Metric::spend_contract_gbp, sim::Metric::spend_off_contract_gbp,
            sim::Metric::spend_in_house_gbp};
  }
  // The metrics county_metrics.csv writes for the service (not an internal numerator, nor
  // homecare's hours waiting for supported living, which would be 0 every time).
  for (std::size_t m = 0; m < sim::metric_count; ++m) {
    const auto metric = static_cast<sim::Metric>(m);
    if (sim::metric_name(metric, s) == name && results::is_output_metric(metric, s))
      return {metric};
  }
  return {};
}

std::optional<sim::Service> service_named(const std::string& name) {
  for (const sim::Service s : {sim::Service::homecare, sim::Service::supported_living}) {
    if (name == sim::to_string(s)) return s;
  }
  return std::nullopt;
}

}  // namespace

TargetsError::TargetsError(std::vector<std::string> problems)
    : std::runtime_error(problems.empty() ? "bad targets file" : problems.front()),
      problems_(std::move(problems)) {}

namespace {

const std::vector<geography::ColumnSpec>& target_columns() {
  static const std::vector<geography::ColumnSpec> columns{
      {"metric", true},   {"service", true}, {"area", true},   {"date", true},
      {"observed", true}, {"sd", true},      {"source", true}, {"note", false}};
  return columns;
}

/// The areas a target may name: the districts, then the council.
std::vector<std::string> target_area_names(const std::vector<std::string>& codes,
                                           const std::string& council_code) {
  std::vector<std::string> names = codes;
  names.push_back(council_code);
  return names;
}

}  // namespace

std::vector<std::string> targets_file_faults(const std::string& path) {
  const geography::FileRead read = geography::read_regular_file(path, 64u << 20, "a targets file");
  if (!read.text) return {path + ": " + read.problem};
  Problems problems;
  const Table t(path, *read.text, target_columns(), problems);
  if (problems.empty() && t.csv().records.empty()) problems.add(path, "no targets in the file");
  try {
    problems.throw_if_any();
  } catch (const geography::GeographyError& e) {
    return e.problems();
  }
  return {};
}

std::vector<Target> load_targets(const std::string& path, const sim::ModelParams& params,
                                 const std::string& council_code) {
  Problems problems;
  // Only a regular file, of a sane size (a folder or a pipe is refused with a sentence).
  const geography::FileRead read = geography::read_regular_file(path, 64u << 20, "a targets file");
  if (!read.text) throw TargetsError({path + ": " + read.problem});
  const Table t(path, *read.text, target_columns(), problems);
  const std::vector<double> bounds =
      sim::period_boundaries(params.run.start, params.run.horizon_months, params.run.period);
  const std::int64_t start_day = sim::days_from_civil(params.run.start);
  const sim::Date horizon_end = sim::add_months(params.run.start, params.run.horizon_months);
  // The period holding a date, or nullopt with a problem.
  // `part` names the end of a range FROM..TO that date_text is, or is empty for a single date.
  const auto period_of = [&](const csv::Record& row, const std::string& date_text,
                             std::string_view part = {}) -> std::optional<std::size_t> {
    if (const auto fault = sim::date_fault(date_text)) {
      // A single date's layout is named with the range a row may give instead.
      const bool layout = *fault == sim::not_a_date_fault;
      t.problem(row, "date",
                "'" + date_text + "' " + (part.empty() ? "" : "(" + std::string(part) + ") ") +
                    (layout && part.empty() ? "is not a date YYYY-MM-DD or a range FROM..TO "
                                              "(e.g. 2027-04-01 or 2027-04-01..2028-03-31)"
                                            : *fault) +
                    geography::hidden_space_note(date_text));
      return std::nullopt;
    }
    const sim::Date d = sim::parse_iso_date(date_text);
    const auto day = static_cast<double>(sim::days_from_civil(d) - start_day);
    if (day < 0.0 || day >= bounds.back()) {
      t.problem(row, "date",
                date_text + (part.empty() ? "" : " (" + std::string(part) + ")") +
                    " is outside the scenario's horizon (" + sim::to_iso(params.run.start) +
                    " to " +
                    sim::to_iso(sim::civil_from_days(sim::days_from_civil(horizon_end) - 1)) +
                    ", its last day)");
      return std::nullopt;
    }
    const auto it = std::upper_bound(bounds.begin(), bounds.end(), day);
    return static_cast<std::size_t>(it - bounds.begin()) - 1;
  };
  // Which services the scenario has at all: people, referrals or providers.
  std::array<bool, sim::service_count> service_present{};
  for (const sim::DemandStream& d : params.demand) {
    if (d.referrals_per_year > 0.0 || d.initial_people > 0)
      service_present[static_cast<std::size_t>(d.service)] = true;
  }
  for (const sim::BranchSpec& b : params.market.branches) {
    if (b.capacity_hours_per_week > 0.0) service_present[0] = true;
  }
  for (const sim::PropertySpec& p : params.market.properties) {
    if (p.homes > 0) service_present[1] = true;
  }
  std::map<std::string, std::size_t> seen;  // metric|service|area|periods -> line
  std::vector<Target> targets;
  for (const csv::Record& row : t.csv().records) {
    Target target;
    target.line = row.line;
    const auto metric = t.text(row, "metric");
    const auto service = t.text(row, "service");
    const auto area = t.text(row, "area");
    auto date = t.text(row, "date");
    // Spaces around a range's "..", as around any field, are not part of the dates.
    if (date) {
      if (const auto dots = date->find(".."); dots != std::string::npos)
        *date = scenarios::trimmed(date->substr(0, dots)) + ".." +
                scenarios::trimmed(date->substr(dots + 2));
    }
    const auto observed = t.number(row, "observed");
    const auto sd = t.number(row, "sd");
    const auto source = t.text(row, "source");
    // A target's source and note are copied into targets.csv and the report: text of one line,
    // with no control or bidirectional character (a scenario's text rules).
    bool words_ok = true;
    for (const char* column : {"source", "note"}) {
      const auto words = t.text(row, column, false);
      if (!words) continue;
      if (const auto fault = geography::text_fault(*words)) {
        t.problem(row, column, *fault);
        words_ok = false;
      }
    }
    bool ok = metric && service && area && date && observed && sd && source && words_ok;
    // What the target is (its metric, service, area and periods), known whatever the row's
    // other faults, so that a repeat and a service the scenario lacks are said with them.
    bool area_known = false;
    bool periods_known = false;
    std::optional<sim::Service> s;
    if (service) {
      s = service_named(*service);
      if (!s) {
        t.problem(row, "service",
                  "unknown service '" + *service + "' (expected homecare or supported_living)" +
                      geography::hidden_space_note(*service));
        ok = false;
      }
    }
    if (metric && s) {
      target.metrics = metrics_named(*metric, *s);
      if (target.metrics.empty()) {
        std::vector<std::string> names{"spend_total_gbp"};
        for (std::size_t m = 0; m < sim::metric_count; ++m) {
          const auto known = static_cast<sim::Metric>(m);
          if (results::is_output_metric(known, *s)) names.push_back(sim::metric_name(known, *s));
        }
        t.problem(row, "metric",
                  "unknown metric '" + *metric + "' for " + *service +
                      " (a metric of docs/metrics.md, or spend_total_gbp)" +
                      geography::hidden_space_note(*metric) +
                      scenarios::did_you_mean(*metric, names));
        ok = false;
      }
    }
    // Every metric but the capacity gap (demand less capacity: negative when capacity is spare)
    // is a count, an amount or a share, never below 0; a share is at most 1.
    if (observed && !target.metrics.empty()) {
      const sim::Metric m = target.metrics.front();
      if (m != sim::Metric::capacity_gap && *observed < 0.0) {
        t.problem(row, "observed",
                  results::format_number(*observed) + " is below 0; " + *metric +
                      " is never negative (only a capacity gap can be)");
        ok = false;
      } else if (m == sim::Metric::off_contract_share && *observed > 1.0) {
        t.problem(row, "observed",
                  results::format_number(*observed) + " is above 1; " + *metric +
                      " is a share from 0 to 1");
        ok = false;
      }
    }
    if (area) {
      const auto& codes = params.district_codes;
      const auto it = std::find(codes.begin(), codes.end(), *area);
      area_known = *area == council_code || it != codes.end();
      if (*area == council_code) {
        target.area_index = codes.size();
      } else if (it != codes.end()) {
        target.area_index = static_cast<std::size_t>(it - codes.begin());
      } else {
        t.problem(row, "area",
                  "unknown area '" + *area + "' (a district of the scenario or " + council_code +
                      ", the council)" + geography::hidden_space_note(*area) +
                      scenarios::did_you_mean(*area, target_area_names(codes, council_code)));
        ok = false;
      }
    }
    if (sd && !(*sd > 0.0)) {
      t.problem(row, "sd", "must be above 0 (the observed value's standard deviation)");
      ok = false;
    } else if (sd && observed && *sd < 1e-9 * std::max(1.0, std::fabs(*observed))) {
      // Distances are misses over sd: one this small makes every miss overflow.
      t.problem(row, "sd",
                "is too small for a standard deviation of " + results::format_number(*observed) +
                    " (at least a billionth of the value, or of 1)");
      ok = false;
    }
    if (date) {
      const auto dots = date->find("..");
      const std::string from = dots == std::string::npos ? *date : date->substr(0, dots);
      const std::string to = dots == std::string::npos ? *date : date->substr(dots + 2);
      const bool range = dots != std::string::npos;
      // A range is two dates and the two dots between them: a missing date, or a third dot
      // (which would be read as part of the end), is said of the whole range.
      // A date holds no dot: any beyond the two of the range is a stray one (2022-03-31.).
      std::string shape = range ? range_shape_fault(from, to, "dates") : "";
      if (range && shape.empty() && std::count(date->begin(), date->end(), '.') > 2)
        shape = "has more than two dots";
      if (!shape.empty())
        t.problem(row, "date",
                  "'" + *date + "' " + shape +
                      ": a range is FROM..TO, two dates and two dots (e.g. "
                      "2027-04-01..2028-03-31)");
      const auto first =
          shape.empty() ? period_of(row, from, range ? "the range's start" : "") : std::nullopt;
      const auto last =
          range ? (shape.empty() ? period_of(row, to, "the range's end") : std::nullopt) : first;
      // A range sums whole reporting periods: it starts on a period's first day and ends on a
      // period's last day, so what is summed is what the row says.
      const auto day_of = [&](const std::string& iso) {
        return static_cast<double>(sim::days_from_civil(sim::parse_iso_date(iso)) - start_day);
      };
      const auto iso_day = [&](double day) {
        return sim::to_iso(sim::civil_from_days(start_day + static_cast<std::int64_t>(day)));
      };
      // The periods as plain numbers: read only where both are known (below).
      const std::size_t first_period = first.value_or(0);
      const std::size_t last_period = last.value_or(0);
      if (!first || !last) {
        ok = false;
      } else if (range && to < from) {  // ISO dates order as text
        t.problem(row, "date",
                  "'" + *date + "' ends (" + to + ") before it starts (" + from +
                      "); write FROM..TO, the earlier date first");
        ok = false;
      } else if (dots != std::string::npos && (day_of(from) != bounds[first_period] ||
                                               day_of(to) != bounds[last_period + 1] - 1.0)) {
        t.problem(row, "date",
                  "a range sums whole reporting periods: '" + *date +
                      "' does not start on a period's first day and end on a period's last day "
                      "(the nearest: " +
                      iso_day(bounds[first_period]) + ".." +
                      iso_day(bounds[last_period + 1] - 1.0) + ")");
        ok = false;
      } else {
        target.first_period = first_period;
        target.last_period = last_period;
        periods_known = true;
      }
      if (dots != std::string::npos && !target.metrics.empty() &&
          !std::all_of(target.metrics.begin(), target.metrics.end(), is_flow)) {
        t.problem(row, "date",
                  "a range of dates needs a flow (spend, referrals, placements, exits, entries); " +
                      (metric ? *metric : std::string()) + " is a level: give one date");
        ok = false;
      }
    }
    if (s && !service_present[static_cast<std::size_t>(*s)]) {
      t.problem(row, "service",
                "the scenario has no " + *service +
                    " (no people, referrals or providers): the target would be compared with 0");
      ok = false;
    }
    if (metric && s && !target.metrics.empty() && area_known && periods_known) {
      // The same quantity twice (two dates in one period count the same period's value).
      const std::string key = *metric + "|" + *service + "|" + *area + "|" +
                              std::to_string(target.first_period) + "|" +
                              std::to_string(target.last_period);
      const auto [it, fresh] = seen.emplace(key, row.line);
      if (!fresh) {
        t.problem(row, "date",
                  "repeats the target of line " + std::to_string(it->second) +
                      " (the same metric, service and area over the same reporting periods): it "
                      "would count twice");
        ok = false;
      }
    }
    if (!ok) continue;
    target.metric = *metric;
    target.service = *s;
    target.area = *area;
    target.date = *date;
    target.observed = *observed;
    target.sd = *sd;
    target.source = *source;
    targets.push_back(std::move(target));
  }
  if (problems.empty() && targets.empty()) problems.add(path, "no targets in the file");
  try {
    problems.throw_if_any();
  } catch (const geography::GeographyError& e) {
    throw TargetsError(e.problems());
  }
  return targets;
}

double simulated_value(const Target& target, const sim::ReplicationMetrics& metrics) {
  double sum = 0.0;
  for (std::size_t p = target.first_period; p <= target.last_period; ++p) {
    for (const sim::Metric m : target.metrics)
      sum += metrics.at(p, target.area_index, target.service, m);
  }
  return sum;
}

}  // namespace caremarket::analysis
