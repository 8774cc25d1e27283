#include "results/analysis_report.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "results/kpis.hpp"
#include "results/report.hpp"
#include "results/report_page.hpp"

namespace caremarket::results {

namespace {

using namespace page;  // NOLINT(google-build-using-namespace)

// ---------------------------------------------------------------------------------------------
// KPIs in words, and on a readable scale.

// The KPI's name without its capacity unit ("capacity_gap_final_homes" -> "capacity_gap_final").
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
      {"mean_wait_days", "Mean wait for a placement"},
      {"needs_ended_while_waiting_total", "Needs ended while waiting"},
      {"demand_final", "Demand at the end"},
      {"contracted_capacity_final", "Contracted capacity at the end"},
      {"capacity_gap_final", "Capacity gap at the end"},
      {"capacity_gap_max", "Largest capacity gap"},
      {"periods_with_capacity_gap", "Months with a capacity gap"},
      {"providers_contracted_final", "Providers on the framework, at the end"},
      {"provider_exits_total", "Providers leaving the market"},
      {"provider_entries_total", "Providers entering the market"},
      {"people_displaced_total", "People displaced by provider exits"},
      {"spend_contract_gbp_total", "Spend on contracted care"},
      {"spend_off_contract_gbp_total", "Spend on off-contract (spot) care"},
      {"off_contract_premium_gbp_total", "Premium paid above contract rates"},
      {"spend_in_house_gbp_total", "Spend on in-house care"},
  };
  const auto it = words.find(kpi_stem(kpi));
  if (it != words.end()) return it->second;
  std::string s = kpi;
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

// How a unit is shown on a chart axis: shares in per cent, money in £ millions.
struct Scale {
  std::string suffix;
  double factor = 1.0;
};
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
                                          "provider_exits_total",
                                          "people_displaced_total",
                                          "spend_off_contract_gbp_total",
                                          "off_contract_premium_gbp_total"};
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

json parse_manifest(const std::string& text) {
  json m;
  try {
    m = json::parse(text);
  } catch (const json::exception& e) {
    throw ReportInputError(std::string("manifest.json is not valid JSON: ") + e.what());
  }
  if (!m.is_object()) throw ReportInputError("manifest.json is not a caremarket manifest");
  return m;
}

std::string meta_text(const json& m, const char* key) {
  if (!m.contains(key)) return "?";
  return m[key].is_string() ? m[key].get<std::string>() : m[key].dump();
}

void write_meta(std::ostream& h, const json& m, const std::string& what) {
  h << "<p class=\"meta\">" << html_escape(what) << "; seed " << html_escape(meta_text(m, "seed"))
    << "; caremarket " << html_escape(meta_text(m, "version")) << " (commit "
    << html_escape(meta_text(m, "commit")) << ").</p>\n";
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

// ---------------------------------------------------------------------------------------------
// compare

struct Difference {
  std::string alternative;
  std::string service;
  std::string kpi;
  std::string unit;
  std::string area_code;
  std::string area_name;
  std::string direction;
  double base_mean = 0, alternative_mean = 0, difference = 0, low = 0, high = 0;
  double p_better = 0;
};

std::string verdict(const Difference& d) {
  if (d.direction == "neutral") return "Neither better nor worse (context)";
  const bool excludes_zero = d.low > 0 || d.high < 0;
  if (!excludes_zero) return "No clear difference";
  const bool up = d.difference > 0;
  const bool better = d.direction == "lower_is_better" ? !up : up;
  return better ? "Better (95% interval excludes zero)" : "Worse (95% interval excludes zero)";
}

// The same in every paired run: nothing to draw.
bool identical(const Difference& d) {
  return d.difference == 0 && d.low == 0 && d.high == 0;
}

std::vector<Difference> read_differences(const std::string& csv) {
  const Table t = parse_csv(csv, "comparison.csv");
  std::vector<Difference> out;
  for (const auto& row : t.rows) {
    Difference d;
    d.alternative = row[t.column("alternative")];
    d.service = row[t.column("service")];
    d.kpi = row[t.column("kpi")];
    d.unit = row[t.column("unit")];
    d.area_code = row[t.column("area_code")];
    d.area_name = row[t.column("area_name")];
    d.direction = row[t.column("direction")];
    d.base_mean = to_number(row[t.column("base_mean")]);
    d.alternative_mean = to_number(row[t.column("alternative_mean")]);
    d.difference = to_number(row[t.column("mean_difference")]);
    d.low = to_number(row[t.column("ci95_low")]);
    d.high = to_number(row[t.column("ci95_high")]);
    d.p_better = to_number(row[t.column("probability_alternative_better")]);
    out.push_back(std::move(d));
  }
  return out;
}

struct Hex {
  std::string code;
  std::string name;
  int col = 0;
  int row = 0;
};

std::vector<Hex> manifest_districts(const json& m) {
  std::vector<Hex> out;
  if (!m.contains("districts") || !m["districts"].is_array()) return out;
  for (const auto& j : m["districts"]) {
    if (!j.is_object()) continue;
    Hex h;
    h.code = j.value("code", "");
    h.name = j.value("name", "");
    h.col = j.contains("hex_col") && j["hex_col"].is_number_integer() ? j["hex_col"].get<int>() : 0;
    h.row = j.contains("hex_row") && j["hex_row"].is_number_integer() ? j["hex_row"].get<int>() : 0;
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace

std::vector<std::string> analysis_report_chart_names(std::string_view command) {
  if (command == "compare") return {"compare_forest", "compare_hex"};
  if (command == "sweep") return {"sweep_lines"};
  if (command == "sensitivity") return {"sensitivity_tornado", "sensitivity_morris"};
  if (command == "advise") return {"advise_allocation"};
  if (command == "calibrate")
    return {"calibration_targets", "calibration_posterior", "calibration_pairs"};
  return {};
}

std::string build_compare_report_html(const std::string& manifest_json,
                                      const std::string& comparison_csv) {
  const json m = parse_manifest(manifest_json);
  const std::vector<Difference> rows = read_differences(comparison_csv);
  const std::string base = m.value("base", rows.empty() ? std::string("base") : std::string());
  std::vector<std::string> alternatives;
  for (const auto& r : rows) {
    if (std::find(alternatives.begin(), alternatives.end(), r.alternative) == alternatives.end())
      alternatives.push_back(r.alternative);
  }
  // The council's own rows come first for each alternative; the rest are districts.
  const std::string county = rows.empty() ? std::string() : rows.front().area_code;
  std::string base_name = base;
  if (m.contains("base") && m["base"].is_string()) base_name = m["base"].get<std::string>();

  json data;
  json forest = json::array();
  std::map<std::string, int> order;
  for (const auto& r : rows) {
    if (r.area_code != county || identical(r)) continue;
    const Scale sc = chart_scale(r.unit);
    const std::string label = kpi_label(r.kpi, r.unit);
    const int o = order.try_emplace(label, static_cast<int>(order.size())).first->second;
    forest.push_back({{"alternative", r.alternative},
                      {"service_label", service_label(r.service)},
                      {"kpi", r.kpi},
                      {"label", label},
                      {"order", o},
                      {"difference", data_number(r.difference * sc.factor)},
                      {"low", data_number(r.low * sc.factor)},
                      {"high", data_number(r.high * sc.factor)},
                      {"base_mean", data_number(r.base_mean * sc.factor)},
                      {"alternative_mean", data_number(r.alternative_mean * sc.factor)},
                      {"p_better", data_number(r.p_better)},
                      {"verdict", verdict(r)}});
  }
  data["forest"] = std::move(forest);

  // The hex map: the difference per district of a few district KPIs.
  std::vector<Hex> districts = manifest_districts(m);
  if (districts.empty()) {
    std::set<std::string> seen;
    for (const auto& r : rows) {
      if (r.area_code != county && seen.insert(r.area_code).second) {
        districts.push_back({r.area_code, r.area_name, static_cast<int>(districts.size()), 0});
      }
    }
  }
  std::vector<HexCell> cells;
  for (const auto& d : districts) cells.push_back({d.col, d.row});
  const HexGrid grid = hex_grid(cells);
  std::map<std::string, std::size_t> district_index;
  for (std::size_t i = 0; i < districts.size(); ++i) district_index[districts[i].code] = i;
  const std::vector<std::string> hex_kpis{"off_contract_placement_share", "people_waiting_mean"};
  json hex = json::array();
  int panel = 0;
  for (const auto& alt : alternatives) {
    for (const auto& stem : hex_kpis) {
      for (const std::string service : {"homecare", "supported_living"}) {
        json panel_rows = json::array();
        double maxabs = 0;
        for (const auto& r : rows) {
          if (r.alternative != alt || r.service != service || r.kpi != stem ||
              r.area_code == county)
            continue;
          const auto it = district_index.find(r.area_code);
          if (it == district_index.end()) continue;
          const Scale sc = chart_scale(r.unit);
          const std::size_t i = it->second;
          std::string title =
              service_label(service) + (stem == "off_contract_placement_share"
                                            ? ": off-contract share of new placements (points)"
                                            : ": people waiting (average)");
          if (alternatives.size() > 1) title = alt + " — " + title;
          maxabs = std::max(maxabs, std::abs(r.difference * sc.factor));
          panel_rows.push_back({{"panel", title},
                                {"order", panel},
                                {"code", r.area_code},
                                {"name", r.area_name},
                                {"short", short_name(r.area_name)},
                                {"px", data_number(grid.x[i])},
                                {"py", data_number(grid.y[i])},
                                {"size", data_number(grid.size)},
                                {"value", data_number(r.difference * sc.factor)},
                                {"low", data_number(r.low * sc.factor)},
                                {"high", data_number(r.high * sc.factor)},
                                {"base_mean", data_number(r.base_mean * sc.factor)},
                                {"p_better", data_number(r.p_better)}});
        }
        if (maxabs == 0) continue;  // the same in every district and run: nothing to map
        for (auto& row : panel_rows) {
          row["maxabs"] = data_number(maxabs);
          hex.push_back(std::move(row));
        }
        ++panel;
      }
    }
  }
  const bool has_hex = !hex.empty();
  data["hex_diff"] = std::move(hex);

  json specs;
  specs["compare_forest"] = chart_spec("compare_forest");
  if (has_hex) {
    json spec = chart_spec("compare_hex");
    spec["spec"]["width"] = grid.width;
    spec["spec"]["height"] = grid.height;
    specs["compare_hex"] = std::move(spec);
  }

  std::string alts_words;
  {
    std::vector<std::string> escaped;
    for (const auto& a : alternatives) escaped.push_back(a);
    alts_words = join_words(escaped);
  }
  const std::string title = "What-if comparison: " + alts_words + " against " + base_name;
  std::ostringstream h;
  write_page_head(h, title);
  h << "<h1>" << html_escape(title) << "</h1>\n";
  write_meta(h, m,
             meta_text(m, "replications") +
                 " paired runs per scenario, every scenario on the same random streams as " +
                 base_name);

  h << "<section id=\"summary\">\n<h2>Summary</h2>\n<ul class=\"summary\">\n";
  for (const auto& alt : alternatives) {
    int better = 0, worse = 0, unclear = 0;
    std::vector<std::string> notable;
    for (const auto& r : rows) {
      if (r.alternative != alt || r.area_code != county || r.direction == "neutral") continue;
      const std::string v = verdict(r);
      if (v.starts_with("Better")) ++better;
      if (v.starts_with("Worse")) ++worse;
      if (v.starts_with("No clear")) ++unclear;
      if (headline_index(r.kpi) >= 0 && !v.starts_with("No clear")) {
        notable.push_back(html_escape(kpi_words(r.kpi)) + " (" + service_label(r.service) + ") " +
                          (v.starts_with("Better") ? "improves" : "worsens") + ": " +
                          html_escape(format_value(r.base_mean, r.unit)) + " → " +
                          html_escape(format_value(r.alternative_mean, r.unit)) + ", " +
                          html_escape(format_difference(r.difference, r.unit)) +
                          " <span class=\"basis\">(95% "
                          "interval " +
                          html_escape(format_difference(r.low, r.unit)) + " to " +
                          html_escape(format_difference(r.high, r.unit)) + "; better in " +
                          percent(r.p_better) + " of paired runs)</span>");
      }
    }
    h << "<li><b>" << html_escape(alt) << "</b> against " << html_escape(base_name) << ": "
      << better << " county figures better, " << worse << " worse and " << unclear
      << " with no clear difference (the 95% interval of the mean difference includes zero).";
    if (!notable.empty()) {
      h << "<ul>";
      for (const auto& n : notable) h << "<li>" << n << "</li>";
      h << "</ul>";
    }
    h << "</li>\n";
  }
  h << "</ul>\n<p class=\"explain\">Each alternative ran on the same random streams as the base, "
       "run for run, so the differences show the change's effect with most of the chance "
       "cancelled. The interval is a 95% confidence interval of the mean difference over runs; "
       "\"better in N% of runs\" counts the paired runs in which the alternative did better.</p>\n"
       "</section>\n";

  h << "<section id=\"forest\">\n<h2>Difference from " << html_escape(base_name)
    << ", county-wide</h2>\n<p class=\"explain\">Each row is a county figure: the dot is the mean "
       "difference (alternative minus base), the line its 95% interval, the grey rule zero (no "
       "change). Blue: the alternative is better and the interval excludes zero; orange: worse; "
       "grey: no clear difference, or a figure that is neither better nor worse (demand, "
       "referrals). Each row has its own scale; shares are in percentage points, money in £ "
       "millions.</p>\n";
  chart_div(h, "compare_forest");
  h << "</section>\n";

  if (has_hex) {
    h << "<section id=\"districts\">\n<h2>Difference by district</h2>\n<p class=\"explain\">The "
         "change in each district: the mean difference per district (alternative minus base). "
         "Orange: more off-contract "
         "placements or more people waiting than in the base (worse); blue: fewer (better). "
         "Hover for the 95% interval.</p>\n";
    chart_div(h, "compare_hex");
    h << "</section>\n";
  }

  h << "<section id=\"table\">\n<h2>How likely is the alternative to be better?</h2>\n"
       "<p class=\"explain\">County figures that should go one way; the share of paired runs in "
       "which the alternative did better (ties count half).</p>\n";
  for (const auto& alt : alternatives) {
    if (alternatives.size() > 1) h << "<h3>" << html_escape(alt) << "</h3>\n";
    std::vector<std::string> same;
    h << "<table>\n<tr><th>Figure</th><th>Service</th><th class=\"num\">" << html_escape(base_name)
      << "</th><th class=\"num\">" << html_escape(alt)
      << "</th><th class=\"num\">Difference</th><th class=\"num\">95% interval</th><th "
         "class=\"num\">Better in</th></tr>\n";
    for (const auto& r : rows) {
      if (r.alternative != alt || r.area_code != county || r.direction == "neutral") continue;
      if (identical(r)) {
        same.push_back(html_escape(kpi_words(r.kpi)) + " (" + service_label(r.service) + ")");
        continue;
      }
      const std::string v = verdict(r);
      const char* cls = v.starts_with("Better")  ? " better"
                        : v.starts_with("Worse") ? " worse"
                                                 : "";
      h << "<tr><td>" << html_escape(kpi_words(r.kpi)) << "</td><td>" << service_label(r.service)
        << "</td><td class=\"num\">" << html_escape(format_value(r.base_mean, r.unit))
        << "</td><td class=\"num\">" << html_escape(format_value(r.alternative_mean, r.unit))
        << "</td><td class=\"num" << cls << "\">"
        << html_escape(format_difference(r.difference, r.unit)) << "</td><td class=\"num\">"
        << html_escape(format_difference(r.low, r.unit)) << " to "
        << html_escape(format_difference(r.high, r.unit)) << "</td><td class=\"num" << cls << "\">"
        << percent(r.p_better) << "</td></tr>\n";
    }
    h << "</table>\n";
    if (!same.empty()) {
      h << "<p class=\"explain\">The same in every paired run (left out of the chart and the "
           "table): "
        << join_words(same) << ".</p>\n";
    }
  }
  h << "</section>\n";
  write_page_tail(h, data, specs, footer("compare"));
  return h.str();
}

// ---------------------------------------------------------------------------------------------
// sweep

namespace {

bool is_number(const std::string& s) {
  if (s.empty()) return false;
  try {
    return std::isfinite(to_number(s));
  } catch (const ReportInputError&) {
    return false;
  }
}

}  // namespace

std::string build_sweep_report_html(const std::string& manifest_json,
                                    const std::string& sweep_csv) {
  const json m = parse_manifest(manifest_json);
  const Table t = parse_csv(sweep_csv, "sweep.csv");
  std::vector<std::string> keys;
  if (m.contains("varied") && m["varied"].is_array()) {
    for (const auto& k : m["varied"]) {
      if (k.is_string()) keys.push_back(k.get<std::string>());
    }
  }
  if (keys.empty()) {
    // An older manifest: the columns between "point" and "service".
    for (std::size_t c = t.column("point") + 1; c < t.column("service"); ++c)
      keys.push_back(t.header[c]);
  }
  if (keys.empty()) throw ReportInputError("sweep.csv: no varied key");
  const std::size_t c_x = t.column(keys[0]);
  const bool numeric = std::all_of(t.rows.begin(), t.rows.end(),
                                   [&](const auto& row) { return is_number(row[c_x]); });
  std::vector<std::string> x_values;
  for (const auto& row : t.rows) {
    if (std::find(x_values.begin(), x_values.end(), row[c_x]) == x_values.end())
      x_values.push_back(row[c_x]);
  }
  json rows = json::array();
  for (const auto& row : t.rows) {
    const std::string kpi = row[t.column("kpi")];
    const int hi = headline_index(kpi);
    if (hi < 0) continue;
    const std::string service = row[t.column("service")];
    const std::string unit = row[t.column("unit")];
    const Scale sc = chart_scale(unit);
    const double x =
        numeric ? to_number(row[c_x])
                : static_cast<double>(std::find(x_values.begin(), x_values.end(), row[c_x]) -
                                      x_values.begin());
    std::string series = m.value("scenario", std::string("scenario"));
    if (keys.size() > 1) {
      series.clear();
      for (std::size_t k = 1; k < keys.size(); ++k)
        series += (k > 1 ? ", " : "") + keys[k] + " = " + row[t.column(keys[k])];
    }
    rows.push_back({{"label", service_label(service) + ": " + kpi_label(kpi, unit)},
                    {"order", hi * 2 + service_index(service)},
                    {"x", data_number(x)},
                    {"x_label", row[c_x]},
                    {"series", series},
                    {"mean", data_number(to_number(row[t.column("mean")]) * sc.factor)},
                    {"p05", data_number(to_number(row[t.column("p05")]) * sc.factor)},
                    {"p50", data_number(to_number(row[t.column("p50")]) * sc.factor)},
                    {"p95", data_number(to_number(row[t.column("p95")]) * sc.factor)}});
  }
  // A figure that is zero at every point and in every run has nothing to draw; it is named.
  std::set<std::string> moving;
  for (const auto& r : rows) {
    for (const char* f : {"mean", "p05", "p95"}) {
      if (r[f].is_number() && r[f].get<double>() != 0) moving.insert(r["label"].get<std::string>());
    }
  }
  std::vector<std::string> zero;
  json drawn = json::array();
  for (auto& r : rows) {
    const std::string label = r["label"].get<std::string>();
    if (moving.contains(label)) {
      drawn.push_back(std::move(r));
    } else if (std::find(zero.begin(), zero.end(), label) == zero.end()) {
      zero.push_back(label);
    }
  }
  json data;
  data["sweep"] = std::move(drawn);
  json spec = chart_spec("sweep_lines");
  patch_field(spec, "x", [&](json& enc) {
    enc["title"] = keys[0];
    if (!numeric) {
      enc["field"] = "x_label";
      enc["type"] = "ordinal";
      enc["sort"] = x_values;
      enc.erase("scale");
    }
  });
  if (keys.size() == 1) {
    patch_field(spec, "series", [](json& enc) { enc["legend"] = nullptr; });
  }
  json specs;
  specs["sweep_lines"] = std::move(spec);

  const std::string scenario = m.value("scenario", std::string("?"));
  std::string varied;
  for (std::size_t k = 0; k < keys.size(); ++k) varied += (k ? " and " : "") + keys[k];
  const std::string title = "Sweep of " + scenario + " over " + varied;
  std::ostringstream h;
  write_page_head(h, title);
  h << "<h1>" << html_escape(title) << "</h1>\n";
  write_meta(h, m,
             meta_text(m, "replications") + " runs at each of " +
                 std::to_string(m.contains("points") && m["points"].is_array() ? m["points"].size()
                                                                               : t.rows.size()) +
                 " points, every point on the same random streams");
  h << "<section id=\"sweep\">\n<h2>The headline figures against " << html_escape(keys[0])
    << "</h2>\n<p class=\"explain\">The line is the mean over runs at each value; the band holds "
       "90% of runs (5th to 95th percentile)";
  if (keys.size() > 1) {
    h << "; one line for each value of " << html_escape(join_words({keys.begin() + 1, keys.end()}));
  }
  h << ". Each panel has its own scale; shares are in per cent, money in £ millions. Because every "
       "point runs on the same random streams, the steps between points are the parameter's "
       "effect, not chance.</p>\n";
  chart_div(h, "sweep_lines");
  if (!zero.empty()) {
    std::vector<std::string> escaped;
    for (const auto& z : zero) escaped.push_back(html_escape(z));
    h << "<p class=\"explain\">Zero at every point and in every run (no chart): "
      << join_words(escaped) << ".</p>\n";
  }
  h << "</section>\n";
  write_page_tail(h, data, specs, footer("sweep"));
  return h.str();
}

// ---------------------------------------------------------------------------------------------
// sensitivity

std::string build_sensitivity_report_html(const std::string& manifest_json,
                                          const std::string& sensitivity_csv,
                                          const std::string& morris_csv) {
  constexpr int top = 15;
  const json m = parse_manifest(manifest_json);
  const Table t = parse_csv(sensitivity_csv, "sensitivity.csv");
  json tornado = json::array();
  struct Top {
    std::string label;
    std::string parameter;
    double low = 0;
    double high = 0;
    std::string unit;
    double base = 0;
  };
  std::vector<Top> tops;
  std::map<std::string, int> panel_order;
  std::vector<std::string> unmoved;
  for (const auto& row : t.rows) {
    const int rank = static_cast<int>(to_number(row[t.column("rank")]));
    // A parameter that does not move the figure has no bar; a figure none moves, no chart.
    if (rank > top || to_number(row[t.column("abs_swing")]) == 0) {
      if (rank == 1) {
        unmoved.push_back(html_escape(service_label(row[t.column("service")]) + ": " +
                                      kpi_words(row[t.column("kpi")])));
      }
      continue;
    }
    const std::string kpi = row[t.column("kpi")];
    const std::string service = row[t.column("service")];
    const std::string unit = row[t.column("unit")];
    const Scale sc = chart_scale(unit);
    const std::string label = service_label(service) + ": " + kpi_label(kpi, unit);
    const int hi = headline_index(kpi);
    panel_order.try_emplace(label, (hi < 0 ? 99 : hi) * 2 + service_index(service));
    const std::string parameter = row[t.column("parameter")];
    const double base = to_number(row[t.column("base_mean")]);
    const double low = to_number(row[t.column("low_mean")]);
    const double high = to_number(row[t.column("high_mean")]);
    if (rank == 1) tops.push_back({label, parameter, low, high, unit, base});
    for (const auto& [end, value, setting] :
         {std::tuple{std::string("Parameter at the low end of its range"), low,
                     row[t.column("low_value")]},
          std::tuple{std::string("Parameter at the high end of its range"), high,
                     row[t.column("high_value")]}}) {
      tornado.push_back({{"panel", label},
                         {"order", panel_order[label]},
                         {"parameter", parameter},
                         {"rank", rank},
                         {"end", end},
                         {"setting", setting},
                         {"parameter_base", row[t.column("base_value")]},
                         {"base", data_number(base * sc.factor)},
                         {"value", data_number(value * sc.factor)}});
    }
  }
  json morris = json::array();
  if (!morris_csv.empty()) {
    const Table mt = parse_csv(morris_csv, "morris.csv");
    // The five most influential parameters of each KPI are labelled.
    std::map<std::string, std::vector<std::pair<double, std::size_t>>> by_kpi;
    for (std::size_t i = 0; i < mt.rows.size(); ++i) {
      const auto& row = mt.rows[i];
      by_kpi[row[mt.column("service")] + "." + row[mt.column("kpi")]].emplace_back(
          -to_number(row[mt.column("mu_star")]), i);
    }
    std::set<std::size_t> labelled;
    for (auto& [k, v] : by_kpi) {
      std::sort(v.begin(), v.end());
      for (std::size_t i = 0; i < std::min<std::size_t>(5, v.size()); ++i)
        labelled.insert(v[i].second);
    }
    for (std::size_t i = 0; i < mt.rows.size(); ++i) {
      const auto& row = mt.rows[i];
      const std::string kpi = row[mt.column("kpi")];
      const std::string service = row[mt.column("service")];
      const std::string unit = row[mt.column("unit")];
      const Scale sc = chart_scale(unit);
      const int hi = headline_index(kpi);
      const std::string parameter = row[mt.column("parameter")];
      morris.push_back({{"panel", service_label(service) + ": " + kpi_label(kpi, unit)},
                        {"order", (hi < 0 ? 99 : hi) * 2 + service_index(service)},
                        {"parameter", parameter},
                        {"label", labelled.contains(i) ? parameter : ""},
                        {"mu_star", data_number(to_number(row[mt.column("mu_star")]) * sc.factor)},
                        {"mu", data_number(to_number(row[mt.column("mu")]) * sc.factor)},
                        {"sigma", data_number(to_number(row[mt.column("sigma")]) * sc.factor)}});
    }
  }
  json data;
  const bool has_tornado = !tornado.empty();
  const bool has_morris = !morris.empty();
  data["tornado"] = std::move(tornado);
  data["morris"] = std::move(morris);
  json specs;
  if (has_tornado) specs["sensitivity_tornado"] = chart_spec("sensitivity_tornado");
  if (has_morris) specs["sensitivity_morris"] = chart_spec("sensitivity_morris");

  const std::string scenario = m.value("scenario", std::string("?"));
  const std::string title = "Sensitivity of " + scenario;
  std::ostringstream h;
  write_page_head(h, title);
  h << "<h1>" << html_escape(title) << "</h1>\n";
  std::string swing = meta_text(m, "relative_swing");
  if (m.contains("relative_swing") && m["relative_swing"].is_number())
    swing = percent(m["relative_swing"].get<double>());
  write_meta(h, m,
             meta_text(m, "parameters") + " parameters, each from its value less " + swing +
                 " to its value plus " + swing + "; " +
                 meta_text(m, "replications_per_evaluation") +
                 " runs per evaluation on the same random streams; " + meta_text(m, "evaluations") +
                 " evaluations");
  h << "<section id=\"summary\">\n<h2>Summary</h2>\n<ul class=\"summary\">\n";
  std::sort(tops.begin(), tops.end(), [&](const Top& a, const Top& b) {
    return panel_order[a.label] < panel_order[b.label];
  });
  for (const auto& tp : tops) {
    h << "<li>" << html_escape(tp.label) << ": most sensitive to <code>"
      << html_escape(tp.parameter) << "</code>: " << html_escape(format_value(tp.low, tp.unit))
      << " with it at the low end of its range, " << html_escape(format_value(tp.high, tp.unit))
      << " at the high end (" << html_escape(format_value(tp.base, tp.unit))
      << " at the scenario's value).</li>\n";
  }
  if (!unmoved.empty()) {
    h << "<li>No parameter varied moves " << join_words(unmoved)
      << " <span class=\"basis\">(no chart for these)</span>.</li>\n";
  }
  if (tops.empty() && unmoved.empty()) h << "<li>No parameter was varied.</li>\n";
  h << "</ul>\n</section>\n";
  if (has_tornado) {
    h << "<section id=\"tornado\">\n<h2>Which parameters matter most</h2>\n<p "
         "class=\"explain\">One chart per headline figure; the "
      << top
      << " parameters that move it most, largest first. Each bar runs from the figure at the "
         "scenario's values (the black line) to the figure with the one parameter at the low "
         "(blue) or high (orange) end of its plausible range, every other parameter held. Hover "
         "for the parameter's values. Shares are in per cent, money in £ millions.</p>\n";
    chart_div(h, "sensitivity_tornado");
    h << "</section>\n";
  }
  if (has_morris) {
    h << "<section id=\"morris\">\n<h2>Morris screening</h2>\n<p class=\"explain\">Each point is "
         "a parameter: μ* (across) is the average size of its effect on the figure as it moves "
         "across its range, from many starting points; σ (up) is how much that effect varies, "
         "which is large where the parameter acts through others or not in a straight line. "
         "Parameters near the origin can be left at their values. The five largest are "
         "named.</p>\n";
    chart_div(h, "sensitivity_morris");
    h << "</section>\n";
  }
  write_page_tail(h, data, specs, footer("sensitivity"));
  return h.str();
}

// ---------------------------------------------------------------------------------------------
// advise

namespace {

std::string option_words(const std::string& option) {
  if (option == "do_nothing") return "Do nothing";
  if (option == "contracted_block_purchase")
    return "Reprocure: buy the capacity as contracted hours";
  if (option == "in_house") return "Run the capacity as an in-house service";
  return option;
}

}  // namespace

std::string build_advise_report_html(const std::string& manifest_json,
                                     const std::string& allocation_csv,
                                     const std::string& options_csv) {
  const json m = parse_manifest(manifest_json);
  const Table alloc = parse_csv(allocation_csv, "allocation.csv");
  const Table opts = parse_csv(options_csv, "options.csv");
  const std::string target = m.value("target", std::string("?"));
  const double confidence =
      m.contains("confidence") && m["confidence"].is_number() ? m["confidence"].get<double>() : 0.9;
  // The target KPI's unit, from its name ("supported_living.kpi<=x" or "kpi>=x").
  std::string target_kpi = target.substr(0, target.find_first_of("<>"));
  std::string target_service = "homecare";
  if (const auto dot = target_kpi.find('.'); dot != std::string::npos) {
    target_service = target_kpi.substr(0, dot);
    target_kpi = target_kpi.substr(dot + 1);
  }
  std::string target_unit;
  for (const auto& k : kpi_table()) {
    if (k.name == target_kpi) target_unit = k.unit;
  }

  // Capacity by district and window.
  struct Cell {
    std::string district;
    std::string window;
    std::string date;
    double capacity = 0;
    std::string unit;
  };
  std::vector<Cell> cells;
  std::map<std::string, double> district_total;
  for (const auto& row : alloc.rows) {
    const std::string district = row[alloc.column("district_name")];
    const std::string window = row[alloc.column("window")];
    const double capacity = to_number(row[alloc.column("capacity_added")]);
    district_total[district] += capacity;
    auto it = std::find_if(cells.begin(), cells.end(), [&](const Cell& c) {
      return c.district == district && c.window == window;
    });
    if (it == cells.end()) {
      cells.push_back(
          {district, window, row[alloc.column("window_date")], 0.0, row[alloc.column("unit")]});
      it = cells.end() - 1;
    }
    it->capacity += capacity;
  }
  std::sort(cells.begin(), cells.end(), [&](const Cell& a, const Cell& b) {
    if (district_total[a.district] != district_total[b.district])
      return district_total[a.district] > district_total[b.district];
    if (a.district != b.district) return a.district < b.district;
    return a.date < b.date;
  });
  const auto window_words = [](const Cell& c) {
    return (c.window == "start" ? std::string("At the start") : "At " + c.window) + " (" + c.date +
           ")";
  };
  json bars = json::array();
  for (const auto& c : cells) {
    bars.push_back({{"district", c.district},
                    {"total", data_number(district_total[c.district])},
                    {"window", window_words(c)},
                    {"date", c.date},
                    {"capacity", data_number(c.capacity)},
                    {"unit", unit_words(c.unit)}});
  }
  json data;
  const bool has_bars = !bars.empty();
  data["allocation"] = std::move(bars);
  json specs;
  if (has_bars) {
    json spec = chart_spec("advise_allocation");
    const std::string unit = unit_words(cells.front().unit);
    patch_field(spec, "capacity", [&](json& enc) {
      if (enc.contains("type")) enc["title"] = "Capacity added (" + unit + ")";
    });
    specs["advise_allocation"] = std::move(spec);
  }

  struct Option {
    std::string name;
    double quantile = 0, share = 0, spend = 0, spot = 0, premium = 0;
  };
  std::vector<Option> options;
  for (const auto& row : opts.rows) {
    options.push_back({row[opts.column("option")], to_number(row[opts.column("kpi_at_quantile")]),
                       to_number(row[opts.column("share_meeting_target")]),
                       to_number(row[opts.column("spend_total_gbp")]),
                       to_number(row[opts.column("spend_off_contract_gbp")]),
                       to_number(row[opts.column("off_contract_premium_gbp")])});
  }
  const auto find_option = [&](const std::string& n) -> const Option* {
    for (const auto& o : options) {
      if (o.name == n) return &o;
    }
    return nullptr;
  };

  const std::string scenario = m.value("scenario", std::string("?"));
  const std::string title = "Commissioning advice for " + scenario;
  std::ostringstream h;
  write_page_head(h, title);
  h << "<h1>" << html_escape(title) << "</h1>\n";
  write_meta(h, m,
             "Target " + target + " in " + percent(confidence) + " of runs; " +
                 meta_text(m, "replications_per_evaluation") + " runs per evaluation, " +
                 meta_text(m, "evaluations") + " evaluations");

  h << "<section id=\"answer\">\n<h2>In-house or reprocurement?</h2>\n<p class=\"answer\">";
  const Option* nothing = find_option("do_nothing");
  const Option* contracted = find_option("contracted_block_purchase");
  const Option* in_house = find_option("in_house");
  const std::string kpi_text = kpi_words(target_kpi) + " (" + service_label(target_service) + ")";
  const auto kpi_at = [&](const Option& o) {
    return format_value(o.quantile, target_unit) + " in " + percent(confidence) + " of runs";
  };
  if (contracted != nullptr && in_house != nullptr) {
    const bool c_meets = contracted->share >= confidence;
    const bool i_meets = in_house->share >= confidence;
    const Option& cheaper = in_house->spend <= contracted->spend ? *in_house : *contracted;
    const Option& dearer = &cheaper == in_house ? *contracted : *in_house;
    const double saving = dearer.spend - cheaper.spend;
    const std::string cheaper_words =
        &cheaper == in_house ? "an in-house service" : "reprocurement (contracted hours)";
    const std::string dearer_words = &cheaper == in_house ? "reprocurement" : "an in-house service";
    if (c_meets && i_meets) {
      h << "Both ways of adding the capacity meet the target. "
        << (&cheaper == in_house ? "An in-house service" : "Reprocurement (contracted hours)")
        << " is cheaper: " << html_escape(format_value(cheaper.spend, "gbp"))
        << " over the horizon against " << html_escape(format_value(dearer.spend, "gbp")) << " for "
        << dearer_words << ", a saving of " << html_escape(format_value(saving, "gbp")) << " ("
        << percent(dearer.spend > 0 ? saving / dearer.spend : 0) << ").";
    } else if (c_meets || i_meets) {
      const Option& meets = c_meets ? *contracted : *in_house;
      h << "Only " << (c_meets ? "reprocurement (contracted hours)" : "an in-house service")
        << " meets the target: " << html_escape(kpi_text) << " is at most "
        << html_escape(kpi_at(meets)) << ", for " << html_escape(format_value(meets.spend, "gbp"))
        << " over the horizon. The other way meets it in only "
        << percent(c_meets ? in_house->share : contracted->share) << " of runs.";
    } else {
      h << "Neither way of adding the capacity meets the target in " << percent(confidence)
        << " of runs (reprocurement: " << percent(contracted->share)
        << "; in-house: " << percent(in_house->share) << "). Of the two, "
        << html_escape(cheaper_words) << " is cheaper by "
        << html_escape(format_value(saving, "gbp")) << " over the horizon.";
    }
    if (nothing != nullptr) {
      h << " Doing nothing costs " << html_escape(format_value(nothing->spend, "gbp"))
        << " and leaves " << html_escape(kpi_text) << " at " << html_escape(kpi_at(*nothing))
        << ".";
    }
  } else {
    h << "The advisor compared no options.";
  }
  h << "</p>\n<p class=\"explain\">Spend is the mean over runs of contracted, off-contract and "
       "in-house spend over the whole horizon. The figure \"in "
    << percent(confidence)
    << " of runs\" is the target's quantile at the confidence asked for. The search "
    << (m.value("target_met", false) ? "met the target" : "did not meet the target")
    << " and stopped because " << html_escape(m.value("stopped_because", std::string("?")))
    << ".</p>\n";
  h << "<table>\n<tr><th>Option</th><th class=\"num\">" << html_escape(kpi_text) << ", in "
    << percent(confidence)
    << " of runs</th><th class=\"num\">Runs meeting the target</th><th class=\"num\">Total "
       "spend</th><th class=\"num\">Off-contract spend</th><th class=\"num\">Premium above "
       "contract rates</th></tr>\n";
  for (const auto& o : options) {
    const char* cls = o.share >= confidence ? " better" : " worse";
    h << "<tr><td>" << html_escape(option_words(o.name)) << "</td><td class=\"num\">"
      << html_escape(format_value(o.quantile, target_unit)) << "</td><td class=\"num" << cls
      << "\">" << percent(o.share) << "</td><td class=\"num\">"
      << html_escape(format_value(o.spend, "gbp")) << "</td><td class=\"num\">"
      << html_escape(format_value(o.spot, "gbp")) << "</td><td class=\"num\">"
      << html_escape(format_value(o.premium, "gbp")) << "</td></tr>\n";
  }
  h << "</table>\n</section>\n";

  h << "<section id=\"allocation\">\n<h2>Recommended commissioning by district and "
       "reopening</h2>\n";
  if (cells.empty()) {
    h << "<p>No extra capacity was added.</p>\n";
  } else {
    h << "<p class=\"explain\">The least extra contracted capacity found to meet the target, "
         "added step by step where it helped most, and when: at the start or at a reopening of "
         "the framework. <code>advice.toml</code> in this folder is the scenario with these "
         "actions, to run again on other seeds.</p>\n";
    chart_div(h, "advise_allocation");
    h << "<table>\n<tr><th>District</th><th>When</th><th class=\"num\">Capacity added</th></tr>\n";
    for (const auto& c : cells) {
      h << "<tr><td>" << html_escape(c.district) << "</td><td>" << html_escape(window_words(c))
        << "</td><td class=\"num\">" << html_escape(format_value(c.capacity, c.unit))
        << "</td></tr>\n";
    }
    h << "</table>\n";
  }
  h << "</section>\n";
  write_page_tail(h, data, specs, footer("advise"));
  return h.str();
}

// ---------------------------------------------------------------------------------------------

std::string build_folder_report_html(const std::filesystem::path& folder) {
  if (!std::filesystem::is_directory(folder)) {
    throw ReportInputError(folder.string() + " is not a folder");
  }
  if (!std::filesystem::exists(folder / "manifest.json")) {
    throw ReportInputError(folder.string() +
                           " has no manifest.json: it is not a complete results folder (write "
                           "one with `caremarket run`, compare, sweep, sensitivity or advise)");
  }
  const std::string manifest = read_text(folder / "manifest.json");
  const json m = parse_manifest(manifest);
  const std::string command =
      m.contains("command") && m["command"].is_string() ? m["command"].get<std::string>() : "run";
  if (command == "run") return build_report_html(folder);
  if (command == "compare") {
    return build_compare_report_html(manifest, read_text(folder / "comparison.csv"));
  }
  if (command == "sweep") return build_sweep_report_html(manifest, read_text(folder / "sweep.csv"));
  if (command == "sensitivity") {
    const auto morris = folder / "morris.csv";
    return build_sensitivity_report_html(manifest, read_text(folder / "sensitivity.csv"),
                                         std::filesystem::exists(morris) ? read_text(morris) : "");
  }
  if (command == "advise") {
    return build_advise_report_html(manifest, read_text(folder / "allocation.csv"),
                                    read_text(folder / "options.csv"));
  }
  if (command == "calibrate") {
    return build_calibration_report_html(manifest, read_text(folder / "parameters.csv"),
                                         read_text(folder / "posterior.csv"),
                                         read_text(folder / "targets.csv"));
  }
  throw ReportInputError("manifest.json: no report for command \"" + command + "\"");
}

}  // namespace caremarket::results
