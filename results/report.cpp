#include "results/report.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

#include "results/district_map.hpp"
#include "results/report_data.hpp"
#include "results/report_page.hpp"
#include "results/spend_report.hpp"
#include "results/statistics.hpp"

namespace caremarket::results {

namespace {

using json = nlohmann::ordered_json;
using namespace page;         // NOLINT(google-build-using-namespace)
using namespace report_data;  // NOLINT(google-build-using-namespace)

// The gap, as a share of demand, that the summary calls large.
constexpr double gap_threshold = 0.10;

// The number of runs of the folder (its manifest's "replications"), and what they can support:
// the 5th and 95th percentiles are read as "9 runs out of 10" and "1 run in 20" only when at
// least values_for_quantile(0.05) = 20 runs were made; with fewer the page says so, and with one
// run it gives no range at all.
struct Runs {
  std::int64_t n = 0;  // 0: the manifest does not say
  [[nodiscard]] bool tails() const { return n == 0 || n >= values_for_quantile(0.05); }
  [[nodiscard]] bool one() const { return n == 1; }
};

Runs runs_of(const ReportData& d) {
  const auto& m = d.manifest;
  if (m.contains("replications") && m["replications"].is_number_integer())
    return {m["replications"].get<std::int64_t>()};
  return {d.replications};  // a folder whose manifest does not say: kpis.csv does
}

// What the range columns and hovers show, in words: the range holding 90% of runs, or (with
// fewer than 20 runs) the 5th to 95th percentile as a rough range.
std::string range_words(const Runs& r) {
  if (r.tails()) return "the range holding 90% of runs (5th to 95th percentile)";
  return "the 5th to 95th percentile, a rough range: with " + std::to_string(r.n) +
         (r.one() ? " run" : " runs") + " (fewer than " +
         std::to_string(values_for_quantile(0.05)) +
         ") they are interpolated between the two lowest and the two highest runs, so they do not "
         "show what happens in 1 run in 20";
}

// How often a provider exited: "in 3 of 5 runs" below 20 runs, else a percentage of runs.
std::string exit_runs(double probability, const Runs& r) {
  if (r.tails()) return percent(probability) + " of runs";
  const auto k = static_cast<std::int64_t>(std::llround(probability * static_cast<double>(r.n)));
  return std::to_string(k) + " of " + std::to_string(r.n) + (r.n == 1 ? " run" : " runs");
}

// The headline KPIs of the table and chart, in order, with their labels; "<unit>" stands for
// the service's capacity unit.
struct Headline {
  std::string_view kpi;
  std::string_view label;
};
constexpr std::array<Headline, 13> headlines{{
    {"off_contract_share_final", "Off-contract share of people placed, at the end"},
    {"off_contract_placement_share", "Share of new placements made off contract"},
    {"people_waiting_final", "People waiting for a provider, at the end"},
    {"mean_wait_days", "Mean wait for a placement, days (zero waits included)"},
    {"capacity_gap_final_<unit>", "Capacity gap at the end (demand less capacity)"},
    {"framework_exits_total", "Framework providers leaving the framework over the horizon"},
    {"spot_exits_total", "Spot providers closing over the horizon"},
    {"framework_entries_total", "Providers joining the framework over the horizon"},
    {"spot_entries_total", "New spot providers over the horizon"},
    {"neighbour_placement_share", "Share of new placements made out of area (on contract)"},
    {"people_displaced_total", "People displaced by provider exits"},
    {"spend_off_contract_gbp_total", "Spend on off-contract (spot) care"},
    {"off_contract_premium_gbp_total", "Premium paid above contract rates"},
}};

// ---------------------------------------------------------------------------------------------
// Datasets for the charts.

json series_rows(const SeriesMap& map, bool with_district) {
  json rows = json::array();
  for (const auto& [key, series] : map) {
    const auto& [area, service, metric] = key;
    // Shares are drawn in per cent, as the rest of the report gives them.
    const double scale = metric == "off_contract_share" ? 100.0 : 1.0;
    for (std::size_t i = 0; i < series.dates.size(); ++i) {
      const Stats& s = series.stats[i];
      json row;
      if (with_district) row["district"] = area;
      row["service"] = service;
      row["service_label"] = service_label(service);
      row["metric"] = metric;
      row["metric_label"] = metric_label(metric);
      row["date"] = series.dates[i];
      row["mean"] = data_number(s.mean * scale);
      row["p05"] = data_number(s.p05 * scale);
      row["p50"] = data_number(s.p50 * scale);
      row["p95"] = data_number(s.p95 * scale);
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

// A label broken into lines of at most `width` characters at spaces, joined by "\n" (the
// charts split it into lines).
std::string wrap_lines(const std::string& text, std::size_t width) {
  std::string out;
  std::size_t line = 0;
  std::istringstream words(text);
  std::string word;
  while (words >> word) {
    if (line > 0 && line + 1 + word.size() > width) {
      out += '\n';
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out += word;
    line += word.size();
  }
  return out;
}

json datasets(const ReportData& d, const json& map_rows) {
  json out;
  json kpis = json::array();
  int order = 0;
  for (const auto& h : headlines) {
    for (const auto& service : services) {
      const Kpi* k = find_kpi(d, service, kpi_name(h.kpi, service));
      if (k == nullptr) continue;
      std::string label(h.label);
      if (k->unit == "hours_per_week" || k->unit == "homes") {
        label += service == "homecare" ? ", homecare hours a week" : ", supported living homes";
      }
      // Shares in per cent and money in £ millions, so the axes read plainly.
      double scale = 1.0;
      if (k->unit == "gbp") {
        label += " (£m)";
        scale = 1e-6;
      } else if (k->unit == "share") {
        label += " (%)";
        scale = 100.0;
      }
      kpis.push_back({{"key", k->name + "|" + service},
                      {"label", wrap_lines(label, 40)},
                      {"order", order},
                      {"service", service},
                      {"service_label", service_label(service)},
                      {"kpi", k->name},
                      {"unit", k->unit},
                      {"mean", data_number(k->s.mean * scale)},
                      {"p05", data_number(k->s.p05 * scale)},
                      {"p50", data_number(k->s.p50 * scale)},
                      {"p95", data_number(k->s.p95 * scale)}});
      if (k->unit == "hours_per_week" || k->unit == "homes") ++order;
    }
    ++order;
  }
  out["kpis"] = std::move(kpis);

  json gaps = json::array();
  for (const auto& service : services) {
    for (const auto& di : d.districts) {
      for (const auto& g : year_gaps(d, di.name, service)) {
        gaps.push_back({{"service", service},
                        {"service_label",
                         service_label(service) + " (" + unit_words(capacity_unit(service)) + ")"},
                        {"district", di.name},
                        {"year", g.year},
                        {"share_p05", data_number(g.share_p05)},
                        {"share_p50", data_number(g.share_p50)},
                        {"share_p95", data_number(g.share_p95)},
                        {"gap_p50", data_number(g.gap_p50)},
                        {"demand_mean", data_number(g.demand_mean)},
                        {"unit", unit_words(capacity_unit(service))}});
      }
    }
  }
  out["gap_years"] = std::move(gaps);
  out["map"] = map_rows;
  out["county"] = series_rows(d.county, false);
  SeriesMap fans;
  for (const auto& [key, series] : d.district) {
    const std::string& metric = std::get<2>(key);
    if (metric == "off_contract_share" || metric == "people_waiting") fans[key] = series;
  }
  out["district"] = series_rows(fans, true);
  json reopenings = json::array();
  for (const auto& r : d.reopenings) reopenings.push_back({{"date", r}});
  out["reopenings"] = std::move(reopenings);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The summary in words.

// Districts whose gap share passes the threshold, with the first year it does, by one statistic.
std::vector<std::string> crossing(const ReportData& d, const std::string& service,
                                  double YearGap::*stat) {
  std::vector<std::pair<std::string, std::string>> found;  // year, district
  for (const auto& di : d.districts) {
    for (const auto& g : year_gaps(d, di.name, service)) {
      if (g.*stat > gap_threshold) {
        found.emplace_back(g.year, di.name);
        break;
      }
    }
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (const auto& [year, name] : found)
    out.push_back(html_escape(name) + " (first in " + year + ")");
  return out;
}

// Whether a service is absent from the run: every figure of it in kpis.csv is 0 in every run
// (nobody referred, waiting or placed, no demand, no provider entering, leaving or holding
// capacity; the 2020 back-test switches homecare off). Its gap and spend would read as a
// perfect market ("in no district does the gap exceed 10%").
bool absent_service(const ReportData& d, const std::string& service) {
  bool any = false;
  for (const Kpi& k : d.kpis) {
    if (k.service != service) continue;
    any = true;
    if (k.s.mean != 0.0 || k.s.p05 != 0.0 || k.s.p50 != 0.0 || k.s.p95 != 0.0) return false;
  }
  return any;
}

std::vector<std::string> summary_sentences(const ReportData& d) {
  std::vector<std::string> out;
  const Runs runs = runs_of(d);
  const std::string most = runs.one() ? "in the one run" : "in at least half the runs";
  const std::string threshold = percent(gap_threshold);
  for (const auto& service : services) {
    if (absent_service(d, service)) {
      out.push_back(service_label(service) +
                    " is not in this run: every figure of it is 0 in every run (nobody needed "
                    "it, and no provider held, gained or lost any of it), so its figures say "
                    "nothing of a market.");
      continue;
    }
    const std::string what =
        service == "homecare" ? "homecare gap (hours a week)" : "supported-living gap (homes)";
    // Below 20 runs the 5th and 95th percentiles say nothing of 9 runs in 10 or 1 in 20.
    const auto sure =
        runs.tails() ? crossing(d, service, &YearGap::share_p05) : std::vector<std::string>{};
    const auto likely = crossing(d, service, &YearGap::share_p50);
    const auto possible =
        runs.tails() ? crossing(d, service, &YearGap::share_p95) : std::vector<std::string>{};
    std::string s;
    if (!sure.empty()) {
      s += "The " + what + " exceeds " + threshold +
           " of demand in more than 9 runs out of 10 in " + join_words(sure) +
           " <span class=\"basis\">(5th percentile of the gap at the end of the year, over mean "
           "demand)</span>. ";
    }
    if (!likely.empty()) {
      s += std::string(sure.empty() ? "The " + what + " exceeds " : "It exceeds ") + threshold +
           " of demand " + most + " in " + join_words(likely) +
           (runs.one() ? std::string(". ") : " <span class=\"basis\">(median)</span>. ");
    } else {
      s += "In no district does the " + what + " exceed " + threshold + " of demand " + most +
           " in any year" +
           (runs.one() ? std::string(". ") : " <span class=\"basis\">(median)</span>. ");
    }
    if (!possible.empty() && possible.size() > likely.size()) {
      if (possible.size() == d.districts.size()) {
        s += "In at least 1 run in 20 it does in every district at some point <span "
             "class=\"basis\">(95th percentile)</span>.";
      } else {
        s += "It does in at least 1 run in 20 in " + join_words(possible) +
             " <span class=\"basis\">(95th percentile)</span>.";
      }
    }
    out.push_back(s);
  }
  for (const auto& service : services) {
    if (absent_service(d, service)) continue;
    const Kpi* share = find_kpi(d, service, "off_contract_share_final");
    const Kpi* spot = find_kpi(d, service, "spend_off_contract_gbp_total");
    const Kpi* premium = find_kpi(d, service, "off_contract_premium_gbp_total");
    if (share == nullptr || spot == nullptr || premium == nullptr) continue;
    // One run has no range; below 20 runs the percentiles are not a 90% range.
    const std::string share_range =
        runs.one() ? " (one run: no range)"
        : runs.tails()
            ? " (median; 90% of runs between " + percent(share->s.p05) + " and " +
                  percent(share->s.p95) + ")"
            : " (median of " + std::to_string(runs.n) + " runs, too few for a 90% range)";
    const std::string spot_range = runs.one() ? ""
                                   : runs.tails()
                                       ? " (median; " + format_value(spot->s.p05, "gbp") + " to " +
                                             format_value(spot->s.p95, "gbp") + ")"
                                       : " (median)";
    out.push_back(service_label(service) + ": " + percent(share->s.p50) +
                  " of people placed are off contract at the end of the horizon" + share_range +
                  ". Spot care costs " + format_value(spot->s.p50, "gbp") + " over the horizon" +
                  spot_range + ", of which " + format_value(premium->s.p50, "gbp") +
                  " is premium above contract rates: money leaking out of the framework.");
  }
  std::vector<const Provider*> risky;
  for (const auto& p : d.providers) {
    if (p.mean_displaced > 0) risky.push_back(&p);
  }
  std::sort(risky.begin(), risky.end(), [](const Provider* a, const Provider* b) {
    return a->mean_displaced > b->mean_displaced;
  });
  if (!risky.empty()) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < std::min<std::size_t>(3, risky.size()); ++i) {
      const Provider& p = *risky[i];
      names.push_back(html_escape(p.name) + " (exits in " + exit_runs(p.probability_of_exit, runs) +
                      ", " + with_commas(p.mean_displaced, 1) +
                      (runs.one() ? " people displaced)" : " people displaced on average)"));
    }
    out.push_back(
        "The providers whose exit would displace the most people, weighing the chance "
        "of exit by the people displaced: " +
        join_words(names) + ".");
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The providers tables: per service, the ten providers whose exit would displace the most
// people, then any other holding at least a quarter of a district's contracted capacity.

constexpr double concentration_threshold = 0.25;

void write_provider_tables(std::ostream& h, const ReportData& d) {
  const Runs runs = runs_of(d);
  h << "<h3>Providers whose exit would displace the most people, and the largest holders of a "
       "district's capacity</h3>\n<p class=\"explain\">Per service: the ten providers with the "
       "most people displaced in expectation (probability of exit × people displaced when it "
       "exits), then any other provider holding at least "
    << percent(concentration_threshold)
    << " of a district's contracted capacity (concentration risk: its exit would leave that "
       "district short).</p>\n";
  for (const auto& service : services) {
    std::vector<const Provider*> listed;
    for (const auto& p : d.providers) {
      if (p.services.contains(service) && p.mean_displaced > 0) listed.push_back(&p);
    }
    std::sort(listed.begin(), listed.end(), [](const Provider* a, const Provider* b) {
      return a->mean_displaced > b->mean_displaced;
    });
    if (listed.size() > 10) listed.resize(10);
    std::vector<const Provider*> holders;
    for (const auto& p : d.providers) {
      const auto it = p.largest_share.find(service);
      if (it == p.largest_share.end() || it->second.first < concentration_threshold) continue;
      if (std::find(listed.begin(), listed.end(), &p) == listed.end()) holders.push_back(&p);
    }
    std::sort(holders.begin(), holders.end(), [&](const Provider* a, const Provider* b) {
      return a->largest_share.at(service).first > b->largest_share.at(service).first;
    });
    listed.insert(listed.end(), holders.begin(), holders.end());
    h << "<h4>" << service_label(service) << "</h4>\n";
    if (listed.empty()) {
      h << "<p>No provider of " << service_label(service)
        << " exited in any run or holds a quarter of a district's capacity.</p>\n";
      continue;
    }
    h << "<table>\n<tr><th>Provider</th><th>Kind</th><th class=\"num\">Probability of "
         "exit</th><th class=\"num\">People displaced when it exits</th><th "
         "class=\"num\">Expected people displaced</th><th>Largest share of a district's "
         "contracted "
      << (service == "homecare" ? "hours" : "homes") << "</th></tr>\n";
    for (const Provider* p : listed) {
      h << "<tr><td>" << html_escape(p->name) << "</td><td>" << html_escape(p->kind)
        << "</td><td class=\"num\">"
        << (runs.tails() ? percent(p->probability_of_exit)
                         : exit_runs(p->probability_of_exit, runs))
        << "</td><td class=\"num\">"
        << (p->probability_of_exit > 0 ? with_commas(p->mean_displaced / p->probability_of_exit, 1)
                                       : std::string("no exit in any run"))
        << "</td><td class=\"num\">" << with_commas(p->mean_displaced, 1) << "</td><td>";
      const auto it = p->largest_share.find(service);
      if (it != p->largest_share.end() && it->second.first > 0) {
        h << percent(it->second.first) << " (" << html_escape(it->second.second) << ")";
      }
      h << "</td></tr>\n";
    }
    h << "</table>\n";
  }
}

// ---------------------------------------------------------------------------------------------
// The page.

}  // namespace

std::vector<std::string> report_chart_names() {
  return {"kpis",
          "gap_heatmap",
          "district_map",
          "fan_county",
          "fan_districts_off_contract_share",
          "fan_districts_people_waiting",
          "placements",
          "providers"};
}

ReportSources read_report_sources(const std::filesystem::path& folder) {
  check_folder(folder);
  if (!present(folder / "manifest.json")) {
    throw ReportInputError(
        folder.string() +
        " has no manifest.json: it is not a complete results folder (`caremarket "
        "run` writes one)");
  }
  ReportSources s = read_report_sources_without_manifest(folder);
  // The folder's files, for those its manifest lists: regular files, or links to one (a link to
  // nothing, a loop, a folder or a pipe in a file's place is no file of the run). A folder that
  // cannot be listed is said by the reads above.
  std::error_code listing;
  std::vector<std::string> entries;
  for (std::filesystem::directory_iterator it(folder, listing), end; !listing && it != end;
       it.increment(listing)) {
    std::error_code kind;
    if (it->is_regular_file(kind) && !kind) entries.push_back(it->path().filename().string());
  }
  if (!listing) s.folder_files = std::move(entries);
  try {
    s.manifest_json = read_text(folder / "manifest.json");
  } catch (const ReportInputError& e) {
    // A manifest that cannot be read (a folder, a pipe) is said with the other files' faults.
    s.unread.emplace_back("manifest.json");
    s.unread_problems.insert(s.unread_problems.end(), e.problems().begin(), e.problems().end());
  }
  return s;
}

ReportSources read_report_sources_without_manifest(const std::filesystem::path& folder) {
  ReportSources s;
  // Every file missing is named at once, not one a run; the others are read, for their faults
  // to be said with it.
  std::vector<std::string> missing;
  const auto read = [&](const char* name, std::string& text, bool optional) {
    const std::filesystem::path path = folder / name;
    if (!present(path)) {
      if (!optional) {
        missing.push_back(path.string());
        s.unread.emplace_back(name);
      }
      return;
    }
    try {
      text = read_text(path);
    } catch (const ReportInputError& e) {
      s.unread.emplace_back(name);
      s.unread_problems.insert(s.unread_problems.end(), e.problems().begin(), e.problems().end());
    }
  };
  read("county_metrics.csv", s.county_metrics_csv, false);
  read("district_metrics.csv", s.district_metrics_csv, false);
  read("kpis.csv", s.kpis_csv, false);
  read("providers.csv", s.providers_csv, false);
  read("spend_by_year.csv", s.spend_by_year_csv, true);
  s.spend_by_year_present = present(folder / "spend_by_year.csv");
  if (!missing.empty()) {
    s.unread_problems.insert(s.unread_problems.begin(),
                             "cannot read " + join_words(missing) +
                                 (missing.size() == 1 ? ": no such file" : ": no such files"));
  }
  return s;
}

namespace {

// Removes, at any depth of a spec, every layer drawn from the data set `name`.
void drop_layers_of(json& spec, const std::string& name) {
  if (spec.is_array()) {
    for (json& part : spec) drop_layers_of(part, name);
    return;
  }
  if (!spec.is_object()) return;
  if (spec.contains("layer") && spec["layer"].is_array()) {
    json& layers = spec["layer"];
    for (std::size_t i = layers.size(); i-- > 0;) {
      const json& l = layers[i];
      if (l.contains("data") && l["data"].is_object() && l["data"].value("name", "") == name)
        layers.erase(i);
    }
  }
  for (auto& item : spec.items()) drop_layers_of(item.value(), name);
}

json chart_specs(const json& map_spec, const json& data) {
  json specs;
  for (const auto& name : report_chart_names()) {
    specs[name] = name == "district_map" ? map_spec : chart_spec(name);
  }
  // A run without reopenings has no dashed rules: a layer of no rows gives its scale an
  // infinite extent, which Vega warns of in the browser.
  if (!data.contains("reopenings") || data["reopenings"].empty())
    drop_layers_of(specs, "reopenings");
  // The heat map's colours diverge about no gap, with a symmetric domain.
  double m = 0;
  for (const auto& row : data["gap_years"]) {
    if (row["share_p50"].is_number()) m = std::max(m, std::abs(row["share_p50"].get<double>()));
  }
  if (m == 0) m = 0.01;
  json& heat = specs["gap_heatmap"]["spec"]["layer"];
  heat[0]["encoding"]["color"]["scale"]["domain"] = {data_number(-m), 0, data_number(m)};
  heat[1]["encoding"]["color"]["condition"]["test"] =
      "abs(datum.share_p50) > " + std::to_string(0.6 * m);
  return specs;
}

}  // namespace

ReportInputError::ReportInputError(std::vector<std::string> problems)
    : std::runtime_error([&] {
        std::string text;
        for (const std::string& p : problems) text += (text.empty() ? "" : "\n") + p;
        return text;
      }()),
      problems_(std::move(problems)) {}

std::string build_report_html(const std::filesystem::path& results_folder) {
  return build_report_html(read_report_sources(results_folder));
}

std::string build_report_html(const ReportSources& sources) {
  const ReportData d = load(sources);
  const std::vector<MapDistrict> districts = map_districts(d);
  const std::vector<MapPanel> panels = map_panels(d);
  const std::optional<json> boundaries = boundaries_for(districts);
  const DistrictMap map = district_map("map", panels, districts, boundaries.has_value());
  const json m = d.manifest;
  const std::string title = "Care market gap analysis: " + d.scenario +
                            (d.council_name.empty() ? "" : ", " + d.council_name);
  std::ostringstream h;
  write_page_head(h, title);
  h << "<h1>" << html_escape(title) << "</h1>\n<p class=\"meta\">";
  const auto meta = [&](const char* key) -> std::string {
    if (!m.contains(key)) return "?";
    return m[key].is_string() ? m[key].get<std::string>() : m[key].dump();
  };
  // An older folder's manifest may not give the replications; its kpis.csv does.
  const std::int64_t replications = runs_of(d).n;
  h << (replications > 0 ? std::to_string(replications) : std::string("?"))
    << (replications == 1 ? " simulated run of " : " simulated runs of ")
    << html_escape(meta("horizon_months"))
    << (meta("horizon_months") == "1" ? " month from " : " months from ")
    << html_escape(meta("start_date")) << "; seed " << html_escape(meta("seed")) << "; caremarket "
    << html_escape(meta("version")) << " (commit " << html_escape(meta("commit")) << "); run "
    << html_escape(meta("end_time")) << ".</p>\n";
  // What the run changed from its scenario (--set): every override, as given.
  std::vector<std::string> overrides;
  if (m.contains("overrides") && m["overrides"].is_array()) {
    for (const auto& o : m["overrides"]) {
      if (o.is_string())
        overrides.push_back("<code>" + html_escape(o.get<std::string>()) + "</code>");
    }
  }
  const std::string base = m.value("base_scenario", d.scenario);
  if (!overrides.empty()) {
    h << "<p class=\"overrides\">The scenario " << html_escape(base) << " with " << overrides.size()
      << (overrides.size() == 1 ? " override" : " overrides") << ": " << join_words(overrides)
      << ".</p>\n";
  } else if (base != d.scenario) {
    h << "<p class=\"overrides\">The scenario " << html_escape(base) << ", run as "
      << html_escape(d.scenario) << ".</p>\n";
  }
  h << page::parameter_sample_paragraph(m);
  if (m.contains("suppress_below") && m["suppress_below"].is_number() &&
      m["suppress_below"].get<double>() > 0.0) {
    h << "<p class=\"overrides\">Disclosure control: counts of people below "
      << html_escape(format_number(m["suppress_below"].get<double>()))
      << " are withheld, with any figure they could be recovered from; those cells are empty "
         "in the files and show no value here.</p>\n";
  }

  const Runs runs = runs_of(d);
  const std::string runs_text =
      runs.n > 0 ? std::to_string(runs.n) + (runs.one() ? " run" : " runs") : "these runs";
  h << "<section id=\"summary\">\n<h2>Summary</h2>\n<ul class=\"summary\">\n";
  for (const auto& s : summary_sentences(d)) h << "<li>" << s << "</li>\n";
  h << "</ul>\n<p class=\"explain\">Each run is one possible future. ";
  if (runs.one()) {
    h << "This report rests on one run: it describes that run, and gives no range and no "
         "chance of anything. Run at least "
      << values_for_quantile(0.05) << " (<code>-r " << values_for_quantile(0.05)
      << "</code> or more) for ranges that hold 90% of runs.";
  } else {
    h << "\"In at least half the runs\" rests on the median (half the runs are at or above it)";
    if (runs.tails()) {
      h << "; \"in more than 9 runs out of 10\" on the 5th percentile (95% of runs are above "
           "it); \"in at least 1 run in 20\" on the 95th percentile. A gap's share of demand is "
           "the gap's percentile over the mean demand. With "
        << runs_text << " the percentiles are themselves uncertain; run more for firmer figures.";
    } else {
      h << ". A gap's share of demand is the gap's median over the mean demand. " << runs_text
        << " are too few to say what happens in 9 runs out of 10 or in 1 run in 20: that takes "
           "at least "
        << values_for_quantile(0.05)
        << " runs (with fewer, the 5th and 95th percentiles are interpolated between the two "
           "lowest and the two highest runs).";
    }
  }
  h << "</p>\n</section>\n";

  h << "<section id=\"headline\">\n<h2>Headline figures</h2>\n<p class=\"explain\">Over the "
       "whole horizon: "
    << (runs.one()
            ? std::string("the one run's figures (the column headed Median); one run has no range")
            : "the median over runs and " + range_words(runs))
    << ".</p>\n<table data-table-for=\"kpis\">\n"
       "<tr><th>Figure</th><th>Service</th><th class=\"num\">Median</th><th class=\"num\">"
    << (runs.one()     ? "Range"
        : runs.tails() ? "90% of runs between"
                       : "5th to 95th percentile (rough)")
    << "</th></tr>\n";
  for (const auto& hl : headlines) {
    for (const auto& service : services) {
      const Kpi* k = find_kpi(d, service, kpi_name(hl.kpi, service));
      if (k == nullptr) continue;
      h << "<tr data-key=\"" << html_escape(k->name + "|" + service) << "\"><td>"
        << html_escape(hl.label) << "</td><td>" << service_label(service)
        << "</td><td class=\"num\">" << html_escape(format_value(k->s.p50, k->unit))
        << "</td><td class=\"num\">"
        << (runs.one() ? std::string("one run: no range")
                       : html_escape(format_value(k->s.p05, k->unit)) + " to " +
                             html_escape(format_value(k->s.p95, k->unit)))
        << "</td></tr>\n";
    }
  }
  h << "</table>\n";
  chart_div(h, "kpis");
  h << "</section>\n";

  json spend_data;
  json spend_specs;
  write_spend_section(h, sources.spend_by_year_csv, spend_data, spend_specs);

  h << "<section id=\"gap\">\n<h2>Capacity gap by district and year</h2>\n<p class=\"explain\">"
       "Demand minus contracted capacity, as a share of demand, at the end of each calendar year "
       "(median over runs). Orange cells are short of capacity, blue ones have spare. Hover over a "
       "cell "
       "for "
    << (runs.one() ? std::string("its value") : range_words(runs)) << ".</p>\n";
  chart_div(h, "gap_heatmap");
  h << "<h3>On the map</h3>\n<p class=\"explain\">Each district's gap at the last year's end, or "
       "at the run's end within its last year (orange: short of capacity, blue: spare; the "
       "scale is centred on no gap) and its off-contract share at the end of the horizon (from "
       "none, pale, to the largest, dark). "
       "Hover for "
    << (runs.one() ? std::string("the values") : range_words(runs))
    << "; the table below holds the numbers.</p>\n";
  chart_div(h, "district_map");
  if (boundaries) h << boundaries_attribution_html();
  write_map_table(h, "district_map", panels, districts);
  h << "</section>\n";

  h << "<section id=\"fans\">\n<h2>Off-contract placements and waiting over time</h2>\n"
       "<p class=\"explain\">"
    << (runs.one() ? std::string("The line is the one run; one run has no band.")
                   : "The line is the median over runs (month by month); the band is " +
                         range_words(runs) + ".")
    << "</p>\n";
  chart_div(h, "fan_county");
  h << "<h3>Off-contract share by district</h3>\n";
  chart_div(h, "fan_districts_off_contract_share");
  h << "<h3>People waiting by district</h3>\n";
  chart_div(h, "fan_districts_people_waiting");
  h << "</section>\n";

  h << "<section id=\"placements\">\n<h2>Where people are placed</h2>\n<p class=\"explain\">"
       "People with an assessed need at each month end, by tier of the placement cascade (mean "
       "over runs).</p>\n";
  chart_div(h, "placements");
  h << "</section>\n";

  h << "<section id=\"providers\">\n<h2>The provider market</h2>\n<p class=\"explain\">Contracted "
       "providers (framework and in-house) at each month end; below, exits and entries of every "
       "kind (framework, spot and in-house together; the headline table gives them by kind)";
  if (!d.reopenings.empty()) {
    std::vector<std::string> dates;
    for (const auto& r : d.reopenings) dates.push_back(html_escape(r));
    h << "; dashed lines mark the framework's reopenings (" << join_words(dates) << ")";
  } else {
    h << "; the framework does not reopen in this run";
  }
  h << ".</p>\n";
  chart_div(h, "providers");
  write_provider_tables(h, d);
  h << "</section>\n";

  json data = datasets(d, map.rows);
  json specs = chart_specs(map.spec, data);
  for (auto& [key, value] : spend_data.items()) data[key] = value;
  for (auto& [key, value] : spend_specs.items()) specs[key] = value;
  word_ranges_for_runs(specs, runs.n);
  write_page_tail(
      h, with_boundaries(data, boundaries), specs,
      "Every chart can be saved as SVG or PNG from its … menu. Built by caremarket from the files "
      "of its results folder; rebuild with <code>caremarket report FOLDER</code>. Chart designs: "
      "results/report/charts/*.vl.json (docs/report.md).");
  return h.str();
}

}  // namespace caremarket::results
