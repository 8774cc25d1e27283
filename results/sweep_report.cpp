// The sweep report (docs/report.md): each headline KPI against the varied key, the points'
// means with their 90% bands, and the table of the numbers drawn.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "geography/table.hpp"
#include "results/analysis_report.hpp"
#include "results/analysis_words.hpp"
#include "results/format.hpp"
#include "results/kpis.hpp"
#include "results/report.hpp"
#include "results/report_page.hpp"
#include "results/statistics.hpp"

namespace caremarket::results {

namespace {
using namespace page;      // NOLINT(google-build-using-namespace)
using namespace analysis;  // NOLINT(google-build-using-namespace)
}  // namespace

namespace {

// A sweep's rows against its manifest: each row counts the manifest's runs, names one of its
// points, and gives the values of the varied keys that the point's first row gives (a row apart
// would be drawn as a point of its own). Each fault is said, or noted (CellFaults).
void check_sweep_points(const Table& t, const json& m, const std::vector<std::string>& keys) {
  const auto say = [](const std::string& message) {
    if (!CellFaults::note(message)) throw ReportInputError(message);
  };
  const std::string apart = ": the file and the manifest are of different sweeps";
  t.runs_as_manifest(manifest_runs(m));
  if (m.contains("scenario") && m["scenario"].is_string())
    t.text_as_manifest("scenario", m["scenario"].get<std::string>(), "scenario");
  // The varied keys are the columns between "point" and "service", in the manifest's order.
  if (m.contains("varied") && m["varied"].is_array() && t.has_column("point") &&
      t.has_column("service") && t.column("point") < t.column("service")) {
    const std::vector<std::string> columns(
        t.header.begin() + static_cast<std::ptrdiff_t>(t.column("point")) + 1,
        t.header.begin() + static_cast<std::ptrdiff_t>(t.column("service")));
    if (columns != keys) {
      const auto listed = [](const std::vector<std::string>& v) {
        std::vector<std::string> shown;
        for (const std::string& k : v) shown.push_back(geography::printable(k));
        return shown.empty() ? std::string("none") : join_words(shown);
      };
      say(t.name + ": varied columns " + listed(columns) +
          ", but manifest.json's \"varied\" keys are " + listed(keys) + apart);
    }
  }
  if (!t.has_column("point")) return;
  // The manifest's points, each a number listed once (sweep writes 1 to N).
  std::set<std::string> listed;
  const bool has_points = m.contains("points") && m["points"].is_array();
  if (has_points) {
    const json& points = m["points"];
    for (std::size_t i = 0; i < points.size(); ++i) {
      const std::string where = "manifest.json: \"points[" + std::to_string(i) + "].point\": ";
      if (!points[i].is_object()) continue;  // said by manifest_field_faults
      if (!points[i].contains("point")) {
        say(where + "missing (each point is named by its number)");
        continue;
      }
      const json& n = points[i]["point"];
      if (!n.is_number_unsigned() || n.get<std::uint64_t>() == 0) continue;  // said as a count
      if (!listed.insert(std::to_string(n.get<std::uint64_t>())).second)
        say(where + n.dump() + " is listed twice");
    }
  }
  const std::size_t c_point = t.column("point");
  // Rows of a point the manifest does not list: said at the first, with how many there are.
  const std::vector<std::string>* unlisted = nullptr;
  std::size_t unlisted_rows = 0;
  // Each point's rows by the values they give of the varied keys: the most given are the point's.
  std::map<std::string, std::map<std::vector<std::string>, std::vector<std::size_t>>> by_point;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    const std::string& point = row[c_point];
    if (!written_count(point) || point == "0") continue;  // said by count()
    if (has_points && !listed.contains(point)) {
      if (unlisted == nullptr) unlisted = &row;
      ++unlisted_rows;
      continue;
    }
    std::vector<std::string> values;  // of the keys the file has (one it lacks is said apart)
    for (const std::string& key : keys)
      values.push_back(t.has_column(key) ? row[t.column(key)] : std::string());
    by_point[point][values].push_back(r);
  }
  // A point the manifest lists and the file gives no row of had been left out of every line.
  if (has_points && t.cut_line == 0) {
    std::set<std::string> given;
    for (const auto& row : t.rows) given.insert(row[c_point]);
    std::vector<std::string> missing;
    for (std::size_t i = 0; i < m["points"].size(); ++i) {
      const json& p = m["points"][i];
      if (!p.is_object() || !p.contains("point") || !p["point"].is_number_unsigned()) continue;
      const std::string n = std::to_string(p["point"].get<std::uint64_t>());
      if (!given.contains(n)) missing.push_back(n);
    }
    if (!missing.empty())
      say(t.name + ": no row of point " + some_of(missing) +
          ", which manifest.json's \"points\" lists" + apart);
  }
  if (unlisted != nullptr)
    say(t.place(*unlisted, c_point) + ": point " + unlisted->at(c_point) +
        ", which manifest.json's \"points\" does not list (" + std::to_string(unlisted_rows) +
        " of " + t.rows_words() + ")" + apart);
  for (const auto& [point, groups] : by_point) {
    if (groups.size() < 2) continue;
    // The values most rows give (on a tie, the first row's) are the point's; the others are said.
    const auto most =
        std::max_element(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
          return a.second.size() != b.second.size() ? a.second.size() < b.second.size()
                                                    : a.second.front() > b.second.front();
        });
    const std::size_t reference = most->second.front();
    for (const auto& [values, rows] : groups) {
      if (&values == &most->first) continue;
      for (const std::size_t r : rows) {
        for (std::size_t k = 0; k < keys.size(); ++k) {
          if (!t.has_column(keys[k])) continue;
          const std::size_t c = t.column(keys[k]);
          if (values[k] == t.rows[reference][c]) continue;
          const std::size_t n = most->second.size();
          const std::string line = std::to_string(t.lines.at(reference));
          say(t.place(t.rows[r], c) + ": '" + geography::printable(values[k]) + "', but " +
              (n == 1 ? "line " + line + " gives point " + point
                      : std::to_string(n) + " rows of point " + point + " (from line " + line +
                            ") give") +
              " '" + geography::printable(t.rows[reference][c]) +
              "': every row of a point gives its values");
        }
      }
    }
  }
}

}  // namespace

std::string build_sweep_report_html(const std::string& manifest_json,
                                    const ResultsText& sweep_csv) {
  json m;
  Table t;
  read_tables({[&] { m = parse_manifest(manifest_json); },
               [&] {
                 t = parse_csv(sweep_csv.read(), "sweep.csv");
                 t.require_rows({"point", "service", "kpi", "unit", "mean", "p05", "p50", "p95"});
               }});
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
  // Every row's figures, drawn or not (a KPI no chart draws), finite; a share's are from 0 to 1.
  const auto value = [&](const std::vector<std::string>& row, const char* col) {
    return row[t.column("unit")] == "share" ? t.probability(row, col) : t.real(row, col);
  };
  for (const auto& row : t.rows) {
    if (t.has_column("point")) static_cast<void>(t.count(row, "point", 1));
    for (const char* col : {"mean", "p05", "p50", "p95"}) static_cast<void>(value(row, col));
    for (const char* col : {"sd", "sem"})
      if (t.has_column(col)) static_cast<void>(t.nonnegative(row, col));
    if (t.has_column("replications")) static_cast<void>(t.count(row, "replications", 1));
  }
  check_sweep_points(t, m, keys);
  t.kpi_columns();
  if (t.has_column("point")) {
    t.unique_rows({"point", "service", "kpi"});
    // A row deleted had been left out of its line unsaid.
    t.all_kpis_by("point",
                  "a sweep writes every KPI of both services at every point "
                  "(docs/metrics.md)");
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
        numeric ? t.number(row, c_x)
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
                    {"mean", data_number(value(row, "mean") * sc.factor)},
                    {"p05", data_number(value(row, "p05") * sc.factor)},
                    {"p50", data_number(value(row, "p50") * sc.factor)},
                    {"p95", data_number(value(row, "p95") * sc.factor)}});
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
    enc["title"] = parameter_words(keys[0]);  // the key itself is in the heading above
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
  json specs = json::object();  // an object even with no chart to draw
  specs["sweep_lines"] = std::move(spec);
  // The runs at each point: the manifest's, or (an older folder) sweep.csv's column.
  std::int64_t runs = m.value("replications", std::int64_t{0});
  if (runs == 0 && t.has_column("replications") && !t.rows.empty())
    runs = t.count(t.rows.front(), "replications", 1);
  word_ranges_for_runs(specs, runs);

  const std::string scenario = m.value("scenario", std::string("?"));
  std::string varied;
  for (std::size_t k = 0; k < keys.size(); ++k)
    varied += (k ? " and " : "") + parameter_words(keys[k]);
  const std::string title = "Sweep of " + scenario + " over " + varied;
  std::ostringstream h;
  write_page_head(h, title);
  h << "<h1>" << html_escape(title) << "</h1>\n";
  write_meta(h, m,
             (runs > 0 ? counted(runs, "run") : std::string("? runs")) + " at each of " +
                 counted(static_cast<long long>(m.contains("points") && m["points"].is_array()
                                                    ? m["points"].size()
                                                    : t.rows.size()),
                         "point") +
                 ", every point on the same random streams");
  h << "<section id=\"sweep\">\n<h2>The headline figures against "
    << html_escape(parameter_words(keys[0])) << " (<code>" << html_escape(keys[0])
    << "</code>)</h2>\n<p class=\"explain\">The line is the mean over runs at each value; the "
       "band ";
  {
    // Below 20 runs a point's 5th and 95th percentiles are interpolated between the most
    // extreme runs (values_for_quantile): a rough range, not one holding 90% of runs.
    if (runs == 0 || runs >= values_for_quantile(0.05)) {
      h << "holds 90% of runs (5th to 95th percentile)";
    } else if (runs == 1) {
      h << "is absent: one run at each value has no range";
    } else {
      h << "is the 5th to 95th percentile, a rough range: with " << runs
        << " runs at each value (fewer than " << values_for_quantile(0.05)
        << ") they are interpolated between the two lowest and the two highest runs";
    }
  }
  if (keys.size() > 1) {
    h << "; one line for each value of " << html_escape(join_words({keys.begin() + 1, keys.end()}));
  }
  h << ". Each panel has its own scale; shares are in per cent, money in £ millions. Every point "
       "runs on the same random streams, so most of the chance cancels between points, not all "
       "of it: once a parameter changes who is placed where, the runs part ways, and a step no "
       "larger than the band's own width may still be chance (sweep.csv gives each point's "
       "standard error, sem; compare gives paired intervals for two values).</p>\n";
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

}  // namespace caremarket::results
