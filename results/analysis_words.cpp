#include "results/analysis_words.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "geography/table.hpp"
#include "results/report.hpp"
#include "sim/calendar.hpp"

namespace caremarket::results::analysis {

using namespace page;  // NOLINT(google-build-using-namespace)

// ---------------------------------------------------------------------------------------------
// KPIs in words, and on a readable scale.

// The KPI's name without its capacity unit ("capacity_gap_final_homes" -> "capacity_gap_final").
bool is_number(const std::string& s) {
  if (s.empty()) return false;
  try {
    return std::isfinite(page::to_number(s));
  } catch (const ReportInputError&) {
    return false;
  }
}

std::string kpi_stem(const std::string& kpi) {
  for (const std::string_view suffix : {"_hours_per_week", "_homes"}) {
    if (kpi.ends_with(suffix)) return kpi.substr(0, kpi.size() - suffix.size());
  }
  return kpi;
}

std::string kpi_words(const std::string& kpi) {
  static const std::map<std::string, std::string> words{
      {"referrals_total", "Referrals"},
      {"new_placements_total", "New placements"},
      {"off_contract_placement_share", "Share of new placements made off contract"},
      {"off_contract_share_final", "Off-contract share of people placed, at the end"},
      {"people_off_contract_final", "People placed off contract, at the end"},
      {"people_waiting_mean", "People waiting (average over the horizon)"},
      {"people_waiting_final", "People waiting, at the end"},
      {"homecare_hours_waiting_mean", "Homecare hours waiting (average)"},
      {"mean_wait_days", "Mean wait for a placement (zero waits included)"},
      {"needs_ended_while_waiting_total", "Needs ended while waiting"},
      {"demand_final", "Demand at the end"},
      {"contracted_capacity_final", "Contracted capacity at the end"},
      {"capacity_gap_final", "Capacity gap at the end"},
      {"capacity_gap_max", "Largest capacity gap"},
      {"periods_with_capacity_gap", "Periods with a capacity gap"},
      {"providers_contracted_final", "Contracted providers (framework and in-house), at the end"},
      {"provider_exits_total", "Providers leaving, every kind"},
      {"provider_entries_total", "Providers entering, every kind"},
      {"framework_exits_total", "Framework providers leaving the framework"},
      {"spot_exits_total", "Spot providers closing"},
      {"framework_entries_total", "Providers joining the framework"},
      {"spot_entries_total", "New spot providers"},
      {"in_house_exits_total", "In-house services closing"},
      {"in_house_entries_total", "In-house services opening"},
      {"neighbour_placement_share", "Share of new placements made out of area"},
      {"people_displaced_total", "People displaced by provider exits"},
      {"spend_contract_gbp_total", "Spend on contracted care"},
      {"spend_off_contract_gbp_total", "Spend on off-contract (spot) care"},
      {"off_contract_premium_gbp_total", "Premium paid above contract rates"},
      {"spend_in_house_gbp_total", "Spend on in-house care"},
      {"spend_gbp_total", "Spend on care, all kinds"},
  };
  const auto it = words.find(kpi_stem(kpi));
  if (it != words.end()) return it->second;
  std::string s = kpi;
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

// How a unit is shown on a chart axis: shares in per cent, money in £ millions.
Scale chart_scale(const std::string& unit) {
  if (unit == "share") return {" (%)", 100.0};
  if (unit == "gbp") return {" (£m)", 1e-6};
  if (unit == "hours_per_week") return {" (hours a week)", 1.0};
  if (unit == "homes") return {" (homes)", 1.0};
  if (unit == "days") return {" (days)", 1.0};
  return {"", 1.0};
}

std::string kpi_label(const std::string& kpi, const std::string& unit) {
  return kpi_words(kpi) + chart_scale(unit).suffix;
}

// The headline KPIs of the summaries and the sweep, in order.
const std::vector<std::string>& headline_stems() {
  static const std::vector<std::string> h{"off_contract_share_final",
                                          "off_contract_placement_share",
                                          "people_waiting_final",
                                          "people_waiting_mean",
                                          "mean_wait_days",
                                          "capacity_gap_final",
                                          "framework_exits_total",
                                          "spot_exits_total",
                                          "people_displaced_total",
                                          "spend_off_contract_gbp_total",
                                          "off_contract_premium_gbp_total",
                                          "spend_gbp_total"};
  return h;
}
int headline_index(const std::string& kpi) {
  const auto& h = headline_stems();
  const auto it = std::find(h.begin(), h.end(), kpi_stem(kpi));
  return it == h.end() ? -1 : static_cast<int>(it - h.begin());
}

int service_index(const std::string& service) {
  return service == "homecare" ? 0 : 1;
}

// A difference in its unit, signed: shares in percentage points.
std::string format_difference(double v, const std::string& unit) {
  if (!std::isfinite(v)) return "n/a";
  const std::string sign = v > 0 ? "+" : "";
  if (unit == "share") {
    return sign + with_commas(v * 100.0, 1) +
           (std::abs(v * 100.0 - 1.0) < 1e-9 ? " point" : " points");
  }
  return sign + format_value(v, unit);
}

namespace {

enum class Field : std::uint8_t {
  text,
  text_or_null,
  date,          // YYYY-MM-DD, a day of the calendar
  date_or_null,  // a date, or null
  dates,         // a list of such dates
  count,         // a whole number >= 1
  whole,         // a whole number >= 0
  number,
  size,  // a number >= 0
  size_or_null,
  share,  // a number from 0 to 1
  flag,
  texts,
  table,
  tables
};

// Whether `v` is a whole number of at least `least` (a seed may be past a signed 64-bit).
bool whole_at_least(const json& v, std::int64_t least) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>() >= static_cast<std::uint64_t>(least);
  return v.is_number_integer() && v.get<std::int64_t>() >= least;
}

// "a string", "a number", ... as JSON names its value's kind.
std::string kind_words(const json& v) {
  if (v.is_string()) return "a string";
  if (v.is_boolean()) return "true or false";
  if (v.is_number()) return "a number";
  if (v.is_array()) return "a list";
  if (v.is_object()) return "an object";
  return "null";
}

// What a value was found to be: a number as written, anything else by its kind.
std::string found_words(const json& v) {
  return v.is_number() ? v.dump() : kind_words(v);
}

// "a list holding another kind" or the value's kind, for a list of `kind` expected.
std::string found_list_words(const json& v) {
  return v.is_array() ? std::string("a list holding another kind") : kind_words(v);
}

// The fault of one value read as `field`, if any: "expected a string, found a number".
// A text a report prints holds no control character but a tab or line break (an escape
// sequence would reach the page raw; a scenario's texts refuse them, scenarios::text_fault).
std::optional<std::string> manifest_text_fault(const std::string& s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7f)
      return "'" + geography::printable(s) + "' holds a control character";
  }
  return std::nullopt;
}

std::optional<std::string> field_fault(const json& v, Field field) {
  switch (field) {
    case Field::text:
      if (v.is_string()) return manifest_text_fault(v.get<std::string>());
      return "expected a string, found " + kind_words(v);
    case Field::date:
    case Field::date_or_null:
      if (field == Field::date_or_null && v.is_null()) return std::nullopt;
      if (!v.is_string())
        return std::string("expected a date YYYY-MM-DD") +
               (field == Field::date_or_null ? " or null" : "") + ", found " + kind_words(v);
      if (const auto fault = sim::date_fault(v.get<std::string>()))
        return "'" + geography::printable(v.get<std::string>()) + "' " + *fault;
      return std::nullopt;
    case Field::dates:
      if (!v.is_array() ||
          !std::all_of(v.begin(), v.end(), [](const json& e) { return e.is_string(); }))
        return "expected a list of dates YYYY-MM-DD, found " + found_list_words(v);
      for (const json& e : v)
        if (const auto fault = sim::date_fault(e.get<std::string>()))
          return "'" + geography::printable(e.get<std::string>()) + "' " + *fault;
      return std::nullopt;
    case Field::text_or_null:
      if (v.is_string() || v.is_null()) return std::nullopt;
      return "expected a string or null, found " + kind_words(v);
    case Field::count:
    case Field::whole: {
      const std::int64_t least = field == Field::count ? 1 : 0;
      if (whole_at_least(v, least)) return std::nullopt;
      return "expected a whole number >= " + std::to_string(least) + ", found " + found_words(v);
    }
    case Field::number:
      if (v.is_number()) return std::nullopt;
      return "expected a number, found " + kind_words(v);
    case Field::size:
    case Field::size_or_null:
      if ((v.is_number() && v.get<double>() >= 0.0) ||
          (field == Field::size_or_null && v.is_null()))
        return std::nullopt;
      return std::string("expected a number >= 0") +
             (field == Field::size_or_null ? " or null" : "") + ", found " + found_words(v);
    case Field::share:
      if (v.is_number() && v.get<double>() >= 0.0 && v.get<double>() <= 1.0) return std::nullopt;
      return "expected a number from 0 to 1, found " + found_words(v);
    case Field::flag:
      if (v.is_boolean()) return std::nullopt;
      return "expected true or false, found " + kind_words(v);
    case Field::texts:
      if (v.is_array() &&
          std::all_of(v.begin(), v.end(), [](const json& e) { return e.is_string(); })) {
        for (const json& e : v)
          if (const auto fault = manifest_text_fault(e.get<std::string>())) return fault;
        return std::nullopt;
      }
      return "expected a list of strings, found " + found_list_words(v);
    case Field::table:
      if (v.is_object()) return std::nullopt;
      return "expected an object, found " + kind_words(v);
    case Field::tables:
      if (v.is_array() &&
          std::all_of(v.begin(), v.end(), [](const json& e) { return e.is_object(); }))
        return std::nullopt;
      return "expected a list of objects, found " + found_list_words(v);
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> manifest_field_faults(const json& m) {
  // The fields a report reads, and what each must be; a field absent is left to the page.
  static const std::vector<std::pair<const char*, Field>> fields{
      {"command", Field::text},
      {"scenario", Field::text},
      {"base", Field::text},
      {"base_scenario", Field::text},
      {"target", Field::text},
      {"stopped_because", Field::text},
      {"method", Field::text},
      {"targets_file", Field::text},
      {"start_date", Field::date},
      {"period", Field::text},
      {"version", Field::text},
      {"commit", Field::text},
      {"end_time", Field::text},
      {"fit_until", Field::date_or_null},  // null: every target fitted
      {"replications", Field::count},
      {"replications_per_evaluation", Field::count},
      {"waves_asked", Field::count},
      {"horizon_months", Field::count},
      {"particles", Field::count},
      {"seed", Field::whole},
      {"evaluations", Field::whole},
      {"simulations", Field::whole},
      {"parameters", Field::whole},
      {"waves_completed", Field::whole},
      {"targets", Field::whole},
      {"targets_held_out", Field::whole},
      {"max_steps", Field::whole},
      {"morris_trajectories", Field::whole},
      {"replications_run", Field::whole},
      {"replications_reused", Field::whole},
      {"confidence", Field::share},
      {"quantile", Field::share},
      {"relative_swing", Field::size},
      {"settle", Field::size},
      {"step_capacity", Field::size},
      {"suppress_below", Field::size},
      {"effective_sample_size", Field::size_or_null},
      {"budget_gbp", Field::size_or_null},       // null: no budget
      {"final_tolerance", Field::size_or_null},  // null: no wave fitted
      {"target_met", Field::flag},
      {"budget_exhausted", Field::flag},
      {"reopenings", Field::dates},
      {"overrides", Field::texts},
      {"parameters_refused", Field::texts},
      {"files", Field::texts},
      {"council", Field::table},
      {"districts", Field::tables},
      {"scenarios", Field::tables},
      {"points", Field::tables}};
  static const std::vector<std::pair<const char*, Field>> inner{
      {"name", Field::text},      {"code", Field::text},      {"description", Field::text},
      {"hex_col", Field::number}, {"hex_row", Field::number}, {"point", Field::count}};
  std::vector<std::string> faults;
  if (!m.is_object()) return faults;
  // A market's manifest (synthesize, import) has fields of its own ("districts": a count): its
  // report is only a sentence saying how to run it.
  if (m.contains("command") && m["command"].is_string()) {
    const auto command = m["command"].get<std::string>();
    if (command.starts_with("synthesize") || command.starts_with("import")) return faults;
  }
  const auto check = [&](const json& v, const std::string& where, Field field) {
    if (const auto fault = field_fault(v, field))
      faults.push_back("manifest.json: \"" + where + "\": " + *fault);
  };
  for (const auto& [key, field] : fields) {
    if (!m.contains(key)) continue;
    const json& v = m[key];
    // A list of dates says which element is not one.
    if (field == Field::dates && v.is_array() &&
        std::all_of(v.begin(), v.end(), [](const json& e) { return e.is_string(); })) {
      for (std::size_t i = 0; i < v.size(); ++i)
        check(v[i], std::string(key) + "[" + std::to_string(i) + "]", Field::date);
      continue;
    }
    check(v, key, field);
    if (field == Field::table && v.is_object()) {
      for (const auto& [name, f] : inner)
        if (v.contains(name)) check(v[name], std::string(key) + "." + name, f);
    }
    if (field == Field::tables && v.is_array()) {
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_object()) continue;
        // A district is drawn by its code: one without is lost from every table.
        if (std::string_view(key) == "districts" && !v[i].contains("code"))
          faults.push_back("manifest.json: \"districts[" + std::to_string(i) +
                           "].code\": missing (each district is named by its code)");
        for (const auto& [name, f] : inner)
          if (v[i].contains(name))
            check(v[i][name], std::string(key) + "[" + std::to_string(i) + "]." + name, f);
      }
    }
  }
  // A name the report prints is never blank ("The scenario  with 3 overrides"): a scenario's name
  // cannot be.
  for (const char* key : {"scenario", "base_scenario", "base"}) {
    if (m.contains(key) && m[key].is_string() &&
        geography::shows_nothing(m[key].get<std::string>()))
      faults.push_back(std::string("manifest.json: \"") + key + "\": " +
                       (m[key].get<std::string>().empty() ? "an empty name" : "a blank name") +
                       "; a caremarket command writes a scenario's name here");
  }
  // A run's periods are months, quarters or years (run.period).
  if (m.contains("period") && m["period"].is_string()) {
    const std::string period = m["period"].get<std::string>();
    if (!sim::period_length(period))
      faults.push_back("manifest.json: \"period\": '" + geography::printable(period) +
                       "' is no period a run writes (month, quarter or year)");
  }
  // The framework's reopenings as a scenario allows them (framework.reopen_after_years): in
  // increasing order, none before the run's start. Dates as YYYY-MM-DD compare as text.
  const auto date_at = [&](const char* key) {
    return m.contains(key) && !field_fault(m[key], Field::date) ? m[key].get<std::string>()
                                                                : std::string();
  };
  if (m.contains("reopenings") && !field_fault(m["reopenings"], Field::dates)) {
    const json& r = m["reopenings"];
    const std::string start = date_at("start_date");
    // The run's end, horizon_months calendar months after its start (as the scenario counts a
    // reopening's month): a reopening on it or after it is one the run never reached.
    std::string end;
    if (!start.empty() && m.contains("horizon_months") &&
        !field_fault(m["horizon_months"], Field::count) &&
        m["horizon_months"].get<double>() <= 12000.0) {
      const sim::Date e = sim::add_months(sim::parse_iso_date(start),
                                          static_cast<int>(m["horizon_months"].get<double>()));
      if (e.year <= 9999) end = sim::to_iso(e);  // later, every date YYYY-MM-DD is before it
    }
    for (std::size_t i = 0; i < r.size(); ++i) {
      const std::string at = r[i].get<std::string>();
      const std::string where = "manifest.json: \"reopenings[" + std::to_string(i) + "]\": " + at;
      if (!start.empty() && at < start)
        faults.push_back(where + " is before \"start_date\" (" + start +
                         "); a run's reopenings fall within it");
      if (!end.empty() && at >= end)
        faults.push_back(where + " is not before the run's end (" + end + ", \"horizon_months\" " +
                         m["horizon_months"].dump() + " after \"start_date\"); a run's " +
                         "reopenings fall within it");
      if (i > 0 && at <= r[i - 1].get<std::string>())
        faults.push_back(where + " is not after \"reopenings[" + std::to_string(i - 1) + "]\" (" +
                         r[i - 1].get<std::string>() +
                         "); a run's reopenings are in increasing order");
    }
  }
  return faults;
}

json parse_manifest(const std::string& text) {
  json m = page::parse_manifest_json(text);
  if (!m.is_object()) throw ReportInputError("manifest.json is not a caremarket manifest");
  if (auto faults = manifest_field_faults(m); !faults.empty())
    throw ReportInputError(std::move(faults));
  return m;
}

std::string meta_text(const json& m, const char* key) {
  if (!m.contains(key)) return "?";
  return m[key].is_string() ? m[key].get<std::string>() : m[key].dump();
}

std::string meta_count(const json& m, const char* key, const std::string& one,
                       const std::string& many) {
  const std::string text = meta_text(m, key);
  return text + " " + (text == "1" ? one : many);
}

std::string overrides_text(const json& m) {
  // The --set overrides every evaluation ran under: without them the page would describe the
  // scenario as shipped.
  std::string sets;
  if (m.contains("overrides") && m["overrides"].is_array()) {
    for (const auto& o : m["overrides"]) {
      if (!o.is_string()) continue;
      sets += (sets.empty() ? "; with --set " : ", --set ") + o.get<std::string>();
    }
  }
  return sets;
}

void write_meta(std::ostream& h, const json& m, const std::string& what) {
  h << "<p class=\"meta\">" << html_escape(what) << html_escape(overrides_text(m)) << "; seed "
    << html_escape(meta_text(m, "seed")) << "; caremarket " << html_escape(meta_text(m, "version"))
    << " (commit " << html_escape(meta_text(m, "commit")) << ").</p>\n"
    << parameter_sample_paragraph(m);
}

// Every object of a spec whose "field" is `field` (encodings), changed by `change`.
void patch_field(json& j, const std::string& field, const std::function<void(json&)>& change) {
  if (j.is_object()) {
    if (j.contains("field") && j["field"] == field) change(j);
    for (auto& [key, value] : j.items()) patch_field(value, field, change);
  } else if (j.is_array()) {
    for (auto& value : j) patch_field(value, field, change);
  }
}

std::string footer(const std::string& command) {
  return "Every chart can be saved as SVG or PNG from its … menu. Built by caremarket from the "
         "files of its <code>" +
         command +
         "</code> folder; rebuild with <code>caremarket report FOLDER</code>. Chart designs: "
         "results/report/charts/*.vl.json (docs/report.md).";
}

// A scenario key in words: "costs.homecare.contract_rate_gbp_per_hour" -> "Homecare: contract
// rate, £ per hour". The key itself is in the tooltip and the table.
std::string parameter_words(const std::string& key) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= key.size()) {
    const std::size_t dot = std::min(key.find('.', start), key.size());
    parts.push_back(key.substr(start, dot - start));
    start = dot + 1;
  }
  std::string service;
  std::vector<std::string> rest;
  for (std::size_t i = 1; i < parts.size(); ++i) {  // the first part is the section
    if (parts[i] == "homecare" || parts[i] == "supported_living") {
      service = service_label(parts[i]);
    } else {
      rest.push_back(parts[i]);
    }
  }
  if (rest.empty()) rest.push_back(parts.front());
  static const std::vector<std::pair<std::string, std::string>> units{
      {"_gbp_per_hour", ", £ per hour"},
      {"_gbp_per_week", ", £ per week"},
      {"_gbp_per_year", ", £ per year"},
      {"_gbp", ", £"},
      {"_per_year", " per year"},
      {"_months", ", months"},
      {"_years", ", years"},
      {"_days", ", days"}};
  std::string words;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    std::string w = rest[i];
    if (i + 1 == rest.size()) {
      for (const auto& [suffix, text] : units) {
        if (w.size() > suffix.size() && w.ends_with(suffix)) {
          w = w.substr(0, w.size() - suffix.size()) + text;
          break;
        }
      }
    }
    std::replace(w.begin(), w.end(), '_', ' ');
    words += (i > 0 ? ", " : "") + w;
  }
  if (!words.empty())
    words[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(words[0])));
  return service.empty() ? words : service + ": " + words;
}

}  // namespace caremarket::results::analysis
