// The compare report (docs/report.md): the forest plot of every county figure's paired
// difference, the district map of differences and the table of P(alternative better).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

#include "geography/table.hpp"
#include "results/analysis_report.hpp"
#include "results/analysis_words.hpp"
#include "results/district_map.hpp"
#include "results/report.hpp"
#include "results/report_page.hpp"
#include "results/spend_report.hpp"

namespace caremarket::results {

namespace {

using namespace page;      // NOLINT(google-build-using-namespace)
using namespace analysis;  // NOLINT(google-build-using-namespace)

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
  std::int64_t replications = 0;  // 0: the file does not say
};

// One paired run has no interval: its charts lose the hovers that would show an empty one
// (drop_titled), and their descriptions say why.
void drop_intervals(json& specs) {
  drop_titled(specs, "95% interval");
  const std::function<void(json&)> note = [&note](json& node) {
    if (node.is_object() && node.contains("description") && node["description"].is_string()) {
      const std::string text = node["description"].get<std::string>();
      if (text.find("95% interval") != std::string::npos)
        node["description"] = text + " One paired run: no interval is drawn.";
    }
    if (node.is_structured())
      for (auto& child : node) note(child);
  };
  note(specs);
}

std::string verdict(const Difference& d) {
  if (d.direction == "neutral") return "Neither better nor worse (context)";
  const bool excludes_zero = d.low > 0 || d.high < 0;
  if (!excludes_zero) return "No clear difference";
  const bool up = d.difference > 0;
  const bool better = d.direction == "lower_is_better" ? !up : up;
  return better ? "Better (95% interval excludes zero)" : "Worse (95% interval excludes zero)";
}

// The same in every paired run: nothing to draw. One run has no interval (NaN).
bool identical(const Difference& d) {
  return d.difference == 0 && (d.low == 0 || std::isnan(d.low)) &&
         (d.high == 0 || std::isnan(d.high));
}

// Says each alternative of `t` that the manifest's "scenarios" do not list, and each base other
// than its "base" (at its first row): their rows are of another comparison. Nothing where the
// manifest gives neither.
void alternatives_as_manifest(const Table& t, const json& m) {
  const auto say = [](const std::string& message) {
    if (!CellFaults::note(message)) throw ReportInputError(message);
  };
  if (m.is_object() && m.contains("base") && m["base"].is_string() && t.has_column("base")) {
    const auto base = m["base"].get<std::string>();
    const std::size_t c = t.column("base");
    for (const auto& row : t.rows) {
      if (row[c] == base) continue;
      say(t.place(row, c) + ": '" + geography::printable(row[c]) + "', but manifest.json's " +
          "\"base\" is '" + geography::printable(base) +
          "': the file and the manifest are of different comparisons");
      break;
    }
  }
  if (!m.is_object() || !m.contains("scenarios") || !m["scenarios"].is_array()) return;
  std::set<std::string> listed;
  for (const auto& sc : m["scenarios"])
    if (sc.is_object() && sc.contains("name") && sc["name"].is_string())
      listed.insert(sc["name"].get<std::string>());
  if (listed.empty()) return;  // said of the manifest (compare_manifest_faults)
  // The names in a message: the first ten, and how many more.
  std::vector<std::string> shown;
  for (const std::string& name : listed) {
    if (shown.size() == 10) {
      shown.push_back(std::to_string(listed.size() - 10) + " more");
      break;
    }
    shown.push_back("'" + geography::printable(name) + "'");
  }
  const std::string base =
      m.contains("base") && m["base"].is_string() ? m["base"].get<std::string>() : "";
  const std::size_t c = t.column("alternative");
  std::set<std::string> said;
  for (const auto& row : t.rows) {
    const bool is_base = !base.empty() && row[c] == base;
    if ((listed.contains(row[c]) && !is_base) || !said.insert(row[c]).second) continue;
    say(t.place(row, c) + ": '" + geography::printable(row[c]) + "' " +
        (is_base ? std::string("is the manifest's base, compared with itself")
                 : "is not among the scenarios manifest.json lists (" + join_words(shown) + ")") +
        ": the file and the manifest are of different comparisons");
  }
}

// A comparison's manifest lists its scenarios, the base among them, each by name: without them a
// row of any alternative would be taken.
void compare_manifest_faults(const json& m) {
  if (!m.is_object() || !m.contains("scenarios") || !m["scenarios"].is_array()) return;
  std::vector<std::string> faults;
  const json& scenarios = m["scenarios"];
  for (std::size_t i = 0; i < scenarios.size(); ++i)
    if (scenarios[i].is_object() && !scenarios[i].contains("name"))
      faults.push_back("manifest.json: \"scenarios[" + std::to_string(i) +
                       "].name\": missing (each scenario compared is named)");
  std::set<std::string> names;
  for (std::size_t i = 0; i < scenarios.size(); ++i)
    if (scenarios[i].is_object() && scenarios[i].contains("name") &&
        scenarios[i]["name"].is_string() &&
        !names.insert(scenarios[i]["name"].get<std::string>()).second)
      faults.push_back("manifest.json: \"scenarios[" + std::to_string(i) + "].name\": '" +
                       geography::printable(scenarios[i]["name"].get<std::string>()) +
                       "' is listed twice (each scenario compared has a name of its own)");
  if (scenarios.size() < 2)
    faults.push_back("manifest.json: \"scenarios\": lists " + std::to_string(scenarios.size()) +
                     ", but a comparison has a base and at least one alternative");
  if (!faults.empty()) throw ReportInputError(std::move(faults));
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

std::vector<Difference> read_differences(const std::string& csv, const json& m) {
  const Table t = parse_csv(csv, "comparison.csv");
  t.require_rows({"alternative", "service", "kpi", "unit", "area_code", "area_name", "direction",
                  "base_mean", "alternative_mean", "mean_difference", "ci95_low", "ci95_high",
                  "probability_alternative_better"});
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
    // A share's means are from 0 to 1; their difference and its interval from -1 to 1.
    const bool share = d.unit == "share";
    d.base_mean = share ? t.probability(row, "base_mean") : t.real(row, "base_mean");
    d.alternative_mean =
        share ? t.probability(row, "alternative_mean") : t.real(row, "alternative_mean");
    d.difference = t.real(row, "mean_difference");
    if (t.has_column("sd_difference")) static_cast<void>(t.nonnegative(row, "sd_difference"));
    d.low = t.real(row, "ci95_low");
    d.high = t.real(row, "ci95_high");
    t.interval(row, "ci95_low", "ci95_high");
    d.p_better = t.probability(row, "probability_alternative_better");
    // The direction decides which rows count as better or worse: the KPI's (checked by
    // kpi_columns, below), with a chance of being better where a figure has a better direction.
    const std::size_t c_better = t.column("probability_alternative_better");
    if ((d.direction == "lower_is_better" || d.direction == "higher_is_better") &&
        row[c_better].empty()) {
      page::say_fault(t.place(row, c_better) + ": empty, but the figure is " + d.direction +
                      ": compare gives the share of paired runs in which the alternative did "
                      "better");
    }
    if (t.has_column("replications")) d.replications = t.count(row, "replications", 1);
    out.push_back(std::move(d));
  }
  t.kpi_columns();
  t.unique_rows({"alternative", "service", "kpi", "area_code"});
  // Each row's area is the council's (compare writes its rows first: the page takes the first
  // row's area for the county) or one of the manifest's districts: a row of another was left
  // off the map. Codes are compared (a district of another council is written with
  // "(external)" after its name).
  const std::vector<Hex> districts = manifest_districts(m);
  if (!districts.empty() && !t.rows.empty()) {
    const std::size_t c_code = t.column("area_code");
    const std::string& first = t.rows.front()[c_code];
    const auto district = [&](const std::string& code) {
      return std::any_of(districts.begin(), districts.end(),
                         [&](const Hex& h) { return h.code == code; });
    };
    if (district(first)) {
      page::say_fault(t.place(t.rows.front(), c_code) + ": '" + geography::printable(first) +
                      "' is a district of manifest.json's, but compare writes the council's "
                      "rows first (the page takes the first row's area for the county)");
    } else {
      std::size_t other = 0;
      const std::vector<std::string>* first_other = nullptr;
      for (const auto& row : t.rows) {
        if (row[c_code] == first || district(row[c_code])) continue;
        if (other++ == 0) first_other = &row;
      }
      if (first_other != nullptr)
        page::say_fault(t.place(*first_other, c_code) + ": '" +
                        geography::printable((*first_other)[c_code]) + "' is no area of the run" +
                        geography::hidden_space_note((*first_other)[c_code]) + " (the council, " +
                        geography::printable(first) + ", and manifest.json's districts; " +
                        std::to_string(other) + " of " + t.rows_words() + ")");
    }
  }
  t.runs_as_manifest(manifest_runs(m));
  alternatives_as_manifest(t, m);
  return out;
}

std::string forest_key(const Difference& r) {
  return r.alternative + "|" + r.service + "|" + r.kpi;
}

// A forest plot cell's title: the service, small and grey above the cell.
json panel_title(const std::string& service) {
  return {{"text", service_label(service)},
          {"anchor", "start"},
          {"fontSize", 11},
          {"fontWeight", "normal"},
          {"color", "#555"}};
}

json wrap_words(const std::string& text, std::size_t width) {
  json lines = json::array();
  std::string line;
  std::istringstream words(text);
  std::string word;
  while (words >> word) {
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

// The unit of a difference on the forest's axis.
std::string difference_unit(const std::string& unit) {
  if (unit == "share") return "percentage points";
  if (unit == "gbp") return "£ millions";
  if (unit == "hours_per_week") return "hours a week";
  return unit_words(unit);
}

struct ForestChart {
  json rows = json::array();
  json spec;
};

// The forest plot: a row per county figure (the KPI without its capacity unit), a plot per
// service in it, each plot with its own x scale (its domain computed here, holding zero and
// every interval) and the unit on its axis; a service without the figure says so. Built as
// concatenated plots, not a faceted chart, so each plot's scale is its own.
ForestChart forest_chart(const std::vector<Difference>& rows, const std::string& county) {
  ForestChart out;
  const std::vector<std::string> services{"homecare", "supported_living"};
  std::vector<std::string> stems;
  std::map<std::pair<std::string, std::string>, std::vector<const Difference*>> cells;
  std::set<std::pair<std::string, std::string>> measured;
  for (const auto& r : rows) {
    if (r.area_code == county) measured.insert({kpi_stem(r.kpi), r.service});
    if (r.area_code != county || identical(r)) continue;
    const std::string stem = kpi_stem(r.kpi);
    if (std::find(stems.begin(), stems.end(), stem) == stems.end()) stems.push_back(stem);
    cells[{stem, r.service}].push_back(&r);
    const Scale sc = chart_scale(r.unit);
    out.rows.push_back({{"key", forest_key(r)},
                        {"alternative", r.alternative},
                        {"service", r.service},
                        {"stem", stem},
                        {"figure", kpi_words(r.kpi)},
                        {"difference", data_number(r.difference * sc.factor)},
                        {"low", data_number(r.low * sc.factor)},
                        {"high", data_number(r.high * sc.factor)},
                        {"base_mean", data_number(r.base_mean * sc.factor)},
                        {"alternative_mean", data_number(r.alternative_mean * sc.factor)},
                        {"p_better", data_number(r.p_better)},
                        {"verdict", verdict(r)}});
  }
  const json verdicts =
      json::array({"Better (95% interval excludes zero)", "Worse (95% interval excludes zero)",
                   "No clear difference", "Neither better nor worse (context)"});
  const json colours = json::array({"#1b6ca8", "#c05a00", "#8a8a8a", "#c4c4c4"});
  json vconcat = json::array();
  for (const auto& stem : stems) {
    json hconcat = json::array();
    for (const auto& service : services) {
      const auto it = cells.find({stem, service});
      if (it == cells.end()) {
        hconcat.push_back(
            {{"width", 300},
             {"height", 22},
             {"title", panel_title(service)},
             {"data",
              {{"values", json::array({{{"t", measured.contains({stem, service})
                                                  ? "The same in every paired run"
                                                  : "Not measured for this service"}}})}}},
             {"mark", {{"type", "text"}, {"align", "left"}, {"color", "#888"}, {"fontSize", 11}}},
             {"encoding",
              {{"text", {{"field", "t"}, {"type", "nominal"}}},
               {"x", {{"value", 0}}},
               {"y", {{"value", 11}}}}}});
        continue;
      }
      const auto& ds = it->second;
      const Scale sc = chart_scale(ds.front()->unit);
      double lo = 0, hi = 0;
      for (const Difference* d : ds) {
        for (const double v : {d->low, d->high, d->difference}) {
          if (!std::isfinite(v)) continue;
          lo = std::min(lo, v * sc.factor);
          hi = std::max(hi, v * sc.factor);
        }
      }
      const double pad = hi > lo ? 0.08 * (hi - lo) : 1.0;
      const json x_scale{{"domain", json::array({data_number(lo - pad), data_number(hi + pad)})},
                         {"nice", false},
                         {"zero", false}};
      const std::string unit = difference_unit(ds.front()->unit);
      const json y{{"field", "alternative"},
                   {"type", "nominal"},
                   {"title", nullptr},
                   {"axis", {{"labelLimit", 120}}}};
      const json color{{"field", "verdict"},
                       {"type", "nominal"},
                       {"title", "Alternative against the base"},
                       {"scale", {{"domain", verdicts}, {"range", colours}}},
                       {"legend", {{"orient", "top"}, {"labelLimit", 300}, {"columns", 2}}}};
      json tooltip = json::array(
          {{{"field", "figure"}, {"title", "Figure"}},
           {{"field", "alternative"}, {"title", "Alternative"}},
           {{"field", "base_mean"},
            {"title", "Base (mean, " + unit_words(ds.front()->unit) + ")"},
            {"format", ",.4~r"}},
           {{"field", "alternative_mean"}, {"title", "Alternative (mean)"}, {"format", ",.4~r"}},
           {{"field", "difference"},
            {"title", "Mean difference (" + unit + ")"},
            {"format", "+,.3~r"}},
           {{"field", "low"}, {"title", "95% interval from"}, {"format", "+,.3~r"}},
           {{"field", "high"}, {"title", "95% interval to"}, {"format", "+,.3~r"}},
           {{"field", "p_better"}, {"title", "Better in (share of runs)"}, {"format", ".0%"}},
           {{"field", "verdict"}, {"title", "Verdict"}}});
      hconcat.push_back(
          {{"width", 300},
           {"height", {{"step", 20}}},
           {"title", panel_title(service)},
           {"transform",
            json::array(
                {{{"filter",
                   {{"and", json::array({{{"field", "stem"}, {"equal", stem}},
                                         {{"field", "service"}, {"equal", service}}})}}}}})},
           {"layer",
            json::array(
                {{{"mark", {{"type", "rule"}, {"color", "#999"}, {"strokeDash", {3, 2}}}},
                  {"encoding",
                   {{"x", {{"datum", 0}, {"type", "quantitative"}, {"scale", x_scale}}}}}},
                 {{"mark", {{"type", "rule"}, {"strokeWidth", 2.5}}},
                  {"encoding",
                   {{"x",
                     {{"field", "low"},
                      {"type", "quantitative"},
                      {"scale", x_scale},
                      {"title", "Difference (" + unit + ")"},
                      {"axis",
                       {{"tickCount", 4},
                        {"format", ",.4~r"},
                        {"labelFontSize", 9},
                        {"titleFontSize", 10},
                        {"titleFontWeight", "normal"}}}}},
                    {"x2", {{"field", "high"}}},
                    {"y", y},
                    {"color", color}}}},
                 {{"mark", {{"type", "point"}, {"filled", true}, {"size", 55}, {"opacity", 1}}},
                  {"encoding",
                   {{"x", {{"field", "difference"}, {"type", "quantitative"}}},
                    {"y", y},
                    {"color", color},
                    {"tooltip", tooltip}}}}})}});
    }
    vconcat.push_back(
        {{"title",
          {{"text", wrap_words(kpi_words(stem), 70)}, {"anchor", "start"}, {"fontSize", 12}}},
         {"hconcat", std::move(hconcat)},
         {"spacing", 30},
         {"resolve", {{"scale", {{"x", "independent"}, {"y", "independent"}}}}}});
  }
  out.spec = {{"$schema", "https://vega.github.io/schema/vega-lite/v6.json"},
              {"description",
               "Forest plot: each county figure's mean paired difference (alternative minus base) "
               "with its 95% interval, a plot per service, each on its own scale."},
              {"data", {{"name", "forest"}}},
              {"vconcat", std::move(vconcat)},
              {"spacing", 16},
              {"resolve", {{"scale", {{"x", "independent"}, {"y", "independent"}}}}}};
  return out;
}

// The district map's panels: per alternative, the difference in the off-contract share of new
// placements (points) and in people waiting (average), per service; a panel the same in every
// district and run is left out.
std::vector<MapPanel> map_panels(const std::vector<Difference>& rows,
                                 const std::vector<std::string>& alternatives,
                                 const std::string& county) {
  std::vector<MapPanel> out;
  for (const auto& alt : alternatives) {
    for (const std::string stem : {"off_contract_placement_share", "people_waiting_mean"}) {
      for (const std::string service : {"homecare", "supported_living"}) {
        MapPanel p;
        const bool share = stem == "off_contract_placement_share";
        const std::string prefix = alternatives.size() > 1 ? alt + ", " : "";
        p.title = prefix + service_label(service) +
                  (share ? ": change in the share of new placements made off contract, whole "
                           "horizon (percentage points)"
                         : ": change in people waiting, average over the horizon (people)");
        p.column = prefix + service_label(service) +
                   (share ? ": off-contract placements (points)" : ": people waiting");
        p.legend = share ? "Change (points)" : "Change (people)";
        p.unit = share ? " points" : "";
        p.diverging = true;
        p.signed_values = true;
        p.decimals = 1;
        p.low_label = "95% interval from";
        p.high_label = "95% interval to";
        bool moves = false;
        for (const auto& r : rows) {
          if (r.alternative != alt || r.service != service || r.kpi != stem ||
              r.area_code == county)
            continue;
          const Scale sc = chart_scale(r.unit);
          p.values.push_back(
              {r.area_code, r.difference * sc.factor, r.low * sc.factor, r.high * sc.factor});
          if (r.difference != 0) moves = true;
        }
        if (moves) out.push_back(std::move(p));
      }
    }
  }
  return out;
}

}  // namespace

std::string build_compare_report_html(const std::string& manifest_json,
                                      const ResultsText& comparison_csv,
                                      const ResultsText& spend_comparison_csv) {
  json m;
  std::vector<Difference> rows;
  read_tables({[&] {
                 m = parse_manifest(manifest_json);
                 compare_manifest_faults(m);
               },
               [&] { rows = read_differences(comparison_csv.read(), m); },
               [&] {
                 if (!spend_comparison_csv.given()) return;
                 const Table t = spend_difference_table(spend_comparison_csv.read());
                 t.runs_as_manifest(manifest_runs(m));
                 alternatives_as_manifest(t, m);
               }});
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
  const ForestChart forest = forest_chart(rows, county);
  data["forest"] = forest.rows;

  // The district map: the difference per district of a few district KPIs.
  std::vector<Hex> hexes = manifest_districts(m);
  if (hexes.empty()) {
    std::set<std::string> seen;
    for (const auto& r : rows) {
      if (r.area_code != county && seen.insert(r.area_code).second) {
        hexes.push_back({r.area_code, r.area_name, static_cast<int>(hexes.size()), 0});
      }
    }
  }
  std::vector<MapDistrict> districts;
  for (const auto& d : hexes) districts.push_back({d.code, d.name, d.col, d.row});
  const std::vector<MapPanel> panels = map_panels(rows, alternatives, county);
  const std::optional<json> boundaries = boundaries_for(districts);
  const DistrictMap map = district_map("map_diff", panels, districts, boundaries.has_value());
  const bool has_map = !panels.empty();
  data["map_diff"] = map.rows;
  data = with_boundaries(std::move(data), has_map ? boundaries : std::nullopt);

  json specs = json::object();  // an object even with no chart to draw
  specs["compare_forest"] = forest.spec;
  if (has_map) specs["compare_map"] = map.spec;

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
             meta_count(m, "replications", "paired run", "paired runs") +
                 " per scenario, every scenario on the same random streams as " + base_name);

  // One paired run gives a share of 0, 1 or a half: whether it was better, not a chance.
  // The manifest's count, or (an older folder) comparison.csv's.
  const bool one_run = m.contains("replications") && m["replications"].is_number_integer()
                           ? m["replications"].get<std::int64_t>() == 1
                           : !rows.empty() && rows.front().replications == 1;
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
      << (one_run ? " with no clear difference (one paired run has no interval)."
                  : " with no clear difference (the 95% interval of the mean difference includes "
                    "zero).");
    if (!notable.empty()) {
      h << "<ul>";
      for (const auto& n : notable) h << "<li>" << n << "</li>";
      h << "</ul>";
    }
    h << "</li>\n";
  }
  h << "</ul>\n";
  if (one_run) {
    h << "<p class=\"explain\"><b>One paired run</b>: with no spread there is no interval, so no "
         "difference is called clear, and the table says only whether that run did better. Run "
         "<code>-r 2</code> or more (the default is the scenario's <code>run.replications</code>) "
         "for intervals and chances.</p>\n";
  }
  h << "<p class=\"explain\">Each alternative ran on the same random streams as the base, "
       "run for run, so the differences show the change's effect with most of the chance "
       "cancelled. The interval is a 95% confidence interval of the mean difference over runs; "
       "\"better in N% of runs\" counts the paired runs in which the alternative did better.</p>\n"
       "</section>\n";

  h << "<section id=\"forest\">\n<h2>Difference from " << html_escape(base_name)
    << ", county-wide</h2>\n<p class=\"explain\">Each row is a county figure: the dot is the mean "
       "difference (alternative minus base), the line its 95% interval, the grey rule zero (no "
       "change). Blue: the alternative is better and the interval excludes zero; orange: worse; "
       "grey: no clear difference, or a figure that is neither better nor worse (demand, "
       "referrals, new placements, and where the money goes: spend on contracted and on in-house "
       "care and in-house services opened, whose cost is in all spend on care). Each row has its "
       "own scale; shares are in percentage points, money in £ "
       "millions.</p>\n";
  chart_div(h, "compare_forest");
  h << "</section>\n";

  if (has_map) {
    h << "<section id=\"districts\">\n<h2>Difference by district</h2>\n<p class=\"explain\">The "
         "change in each district: the mean difference per district (alternative minus base) "
         "over the whole horizon. Orange: more off-contract placements or more people waiting "
         "than in the base (worse); blue: fewer (better); white: no change. Each map's scale is "
         "centred on no change. Hover for the 95% interval; the table below holds the "
         "numbers.</p>\n";
    chart_div(h, "compare_map");
    if (boundaries) h << boundaries_attribution_html();
    write_map_table(h, "compare_map", panels, districts);
    h << "</section>\n";
  }

  h << "<section id=\"table\">\n<h2>How likely is the alternative to be better?</h2>\n"
       "<p class=\"explain\">Every county figure: base and alternative means, the mean difference "
       "and its 95% interval (the numbers the chart above draws), and the share of paired runs "
       "in which the alternative did better (ties count half; \"neither\" for a figure with no "
       "better direction, such as demand).</p>\n";
  for (const auto& alt : alternatives) {
    if (alternatives.size() > 1) h << "<h3>" << html_escape(alt) << "</h3>\n";
    std::vector<std::string> same;
    h << "<table data-table-for=\"compare_forest\">\n<tr><th>Figure</th><th>Service</th><th "
         "class=\"num\">"
      << html_escape(base_name) << "</th><th class=\"num\">" << html_escape(alt)
      << "</th><th class=\"num\">Difference</th><th class=\"num\">95% interval</th><th "
         "class=\"num\">Better in</th></tr>\n";
    for (const auto& r : rows) {
      if (r.alternative != alt || r.area_code != county) continue;
      if (identical(r)) {
        same.push_back(html_escape(kpi_words(r.kpi)) + " (" + service_label(r.service) + ")");
        continue;
      }
      const std::string v = verdict(r);
      const char* cls = v.starts_with("Better")  ? " better"
                        : v.starts_with("Worse") ? " worse"
                                                 : "";
      h << "<tr data-key=\"" << html_escape(forest_key(r)) << "\"><td>"
        << html_escape(kpi_words(r.kpi)) << "</td><td>" << service_label(r.service)
        << "</td><td class=\"num\">" << html_escape(format_value(r.base_mean, r.unit))
        << "</td><td class=\"num\">" << html_escape(format_value(r.alternative_mean, r.unit))
        << "</td><td class=\"num" << cls << "\">"
        << html_escape(format_difference(r.difference, r.unit)) << "</td><td class=\"num\">"
        << (std::isnan(r.low) ? std::string("none (one run)")
                              : html_escape(format_difference(r.low, r.unit)) + " to " +
                                    html_escape(format_difference(r.high, r.unit)))
        << "</td><td class=\"num" << cls << "\">"
        << (r.direction == "neutral" ? std::string("neither")
            : one_run                ? std::string(r.p_better > 0.75   ? "yes (one run)"
                                                   : r.p_better < 0.25 ? "no (one run)"
                                                                       : "tie (one run)")
                                     : percent(r.p_better))
        << "</td></tr>\n";
    }
    h << "</table>\n";
    if (!same.empty()) {
      h << "<p class=\"explain\">The same in every paired run (left out of the chart and the "
           "table): "
        << join_words(same) << ".</p>\n";
    }
  }
  h << "</section>\n";
  write_spend_difference_section(h, spend_comparison_csv.text, base_name, data, specs);
  if (one_run) drop_intervals(specs);
  write_page_tail(h, data, specs, footer("compare"));
  return h.str();
}

}  // namespace caremarket::results
