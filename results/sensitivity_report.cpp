// The sensitivity report (docs/report.md): the tornado of each headline figure's largest
// swings, with the numbers it draws and each swing's 95% half-width, and the Morris screening.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "geography/table.hpp"
#include "results/analysis_report.hpp"
#include "results/analysis_words.hpp"
#include "results/format.hpp"
#include "results/report.hpp"
#include "results/report_page.hpp"

namespace caremarket::results {

namespace {
using namespace page;      // NOLINT(google-build-using-namespace)
using namespace analysis;  // NOLINT(google-build-using-namespace)
}  // namespace

std::string build_sensitivity_report_html(const std::string& manifest_json,
                                          const ResultsText& sensitivity_csv,
                                          const ResultsText& morris_csv) {
  constexpr int top = 15;
  json m;
  Table t;
  Table mt;  // morris.csv, when there is one
  read_tables({[&] { m = parse_manifest(manifest_json); },
               [&] {
                 t = parse_csv(sensitivity_csv.read(), "sensitivity.csv");
                 t.require_rows({"rank", "parameter", "base_value", "low_value", "high_value",
                                 "service", "kpi", "unit", "base_mean", "low_mean", "high_mean",
                                 "abs_swing"});
               },
               [&] {
                 if (!morris_csv.given()) return;
                 mt = parse_csv(morris_csv.read(), "morris.csv");
                 mt.require_rows({"parameter", "service", "kpi", "unit", "mu", "mu_star", "sigma"});
               }});
  // Every row's cells, drawn or not (a rank past the chart's, a swing of 0): a file at fault is
  // refused whole, not only where the page reads it.
  for (const auto& row : t.rows) {
    static_cast<void>(t.count(row, "rank", 1));
    for (const char* col : {"base_value", "low_value", "high_value"})
      static_cast<void>(t.finite(row, col));
    // A share's base mean is from 0 to 1; its ends' means not always: a stopped parameter's
    // are the base plus a paired difference (a control variate, analysis/sensitivity.cpp),
    // which can fall outside what the figure can be.
    const bool share = row[t.column("unit")] == "share";
    static_cast<void>(share ? t.probability(row, "base_mean") : t.real(row, "base_mean"));
    for (const char* col : {"low_mean", "high_mean"}) static_cast<void>(t.real(row, col));
    static_cast<void>(t.nonnegative(row, "abs_swing"));
    if (t.has_column("swing")) static_cast<void>(t.real(row, "swing"));
    if (t.has_column("replications")) static_cast<void>(t.count(row, "replications", 1));
    if (t.has_column("swing_ci95_half_width"))
      static_cast<void>(t.nonnegative(row, "swing_ci95_half_width"));
  }
  t.kpi_columns();
  t.unique_rows({"parameter", "service", "kpi"});
  if (morris_csv.given()) {
    mt.kpi_columns();
    mt.unique_rows({"parameter", "service", "kpi"});
  }
  // Every parameter varied has a row of each headline figure, in both files, and the manifest
  // counts them: a row or parameter deleted had been left out of the charts unsaid.
  const std::vector<std::string> parameters = t.sensitivity_parameters();
  if (m.contains("parameters") && m["parameters"].is_number_integer() && t.cut_line == 0 &&
      m["parameters"].get<std::int64_t>() != static_cast<std::int64_t>(parameters.size())) {
    say_runs_differ(
        "sensitivity.csv: " + counted(static_cast<long long>(parameters.size()), "parameter") +
        ", but manifest.json's \"parameters\" is " +
        std::to_string(m["parameters"].get<std::int64_t>()));
  }
  if (morris_csv.given()) {
    const std::vector<std::string> screened = mt.sensitivity_parameters();
    const std::set<std::string> swung(parameters.begin(), parameters.end());
    const std::set<std::string> in_morris(screened.begin(), screened.end());
    std::vector<std::string> extra, lacking;
    for (const std::string& p : screened)
      if (!swung.contains(p)) extra.push_back("'" + geography::printable(p) + "'");
    if (t.cut_line == 0 && mt.cut_line == 0)
      for (const std::string& p : parameters)
        if (!in_morris.contains(p)) lacking.push_back("'" + geography::printable(p) + "'");
    // One analysis screens the parameters it varies, all of them.
    if (!extra.empty())
      say_fault("morris.csv: parameter" + std::string(extra.size() == 1 ? " " : "s ") +
                some_of(extra) + ", which sensitivity.csv does not vary: the two files are of " +
                "different runs");
    if (!lacking.empty())
      say_fault("morris.csv: no row of parameter" + std::string(lacking.size() == 1 ? " " : "s ") +
                some_of(lacking) + ", which sensitivity.csv varies: the two files are of " +
                "different runs");
  }
  if (m.contains("scenario") && m["scenario"].is_string())
    t.text_as_manifest("scenario", m["scenario"].get<std::string>(), "scenario");
  // An end runs at most the manifest's replications (fewer where it stopped early).
  if (m.contains("replications_per_evaluation") &&
      m["replications_per_evaluation"].is_number_integer())
    t.runs_as_manifest(
        m["replications_per_evaluation"].get<std::int64_t>(), "replications_per_evaluation",
        // With --settle 0 no end stops early: each runs them all.
        !(m.contains("settle") && m["settle"].is_number() && m["settle"].get<double>() == 0.0));
  // A parameter's two ends stop together (analysis/sensitivity.cpp), so every row of one
  // parameter gives one count of runs: a row giving another is said, at the parameter's first.
  if (t.has_column("replications")) {
    const std::size_t c_runs = t.column("replications");
    const std::size_t c_parameter = t.column("parameter");
    std::map<std::string, const std::vector<std::string>*> first_row;
    std::set<std::string> said;
    for (const auto& row : t.rows) {
      const auto [it, fresh] = first_row.try_emplace(row[c_parameter], &row);
      const std::vector<std::string>& first = *it->second;
      if (fresh || row[c_runs] == first[c_runs] || !said.insert(row[c_parameter]).second) continue;
      const auto line = t.lines.at(static_cast<std::size_t>(&first - t.rows.data()));
      say_fault(t.place(row, c_runs) + ": " + geography::printable(row[c_runs]) + " runs, but " +
                geography::printable(first[c_runs]) + " at line " + std::to_string(line) +
                ", the first row of parameter " + geography::printable(row[c_parameter]) +
                "; a parameter's two ends stop together, so its rows give one count of runs");
    }
  }
  // A Morris screening's file is written exactly where the manifest counts its trajectories.
  if (m.contains("morris_trajectories") && m["morris_trajectories"].is_number_integer()) {
    const auto trajectories = m["morris_trajectories"].get<std::int64_t>();
    if (morris_csv.given() && trajectories == 0)
      say_runs_differ(
          "morris.csv: given, but manifest.json's \"morris_trajectories\" is 0 (no "
          "Morris screening ran)");
    if (!morris_csv.given() && trajectories > 0)
      say_runs_differ("morris.csv: missing, but manifest.json's \"morris_trajectories\" is " +
                      std::to_string(trajectories) + " (a Morris screening ran)");
  }
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
  struct TornadoRow {
    std::string label, parameter, unit;
    double base = 0, low = 0, high = 0;  // in the chart's unit
    std::string low_value, high_value;
    double half_width = 0;  // the swing's 95% half-width, in the chart's unit; NaN: not given
    std::string replications;
  };
  std::vector<TornadoRow> table_rows;
  std::map<std::string, int> panel_order;
  std::vector<std::string> unmoved;
  for (const auto& row : t.rows) {
    const auto rank = t.count(row, "rank", 1);
    // A parameter that does not move the figure has no bar; a figure none moves, no chart.
    if (rank > top || t.number(row, "abs_swing") == 0) {
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
    const double base = t.number(row, "base_mean");
    const double low = t.number(row, "low_mean");
    const double high = t.number(row, "high_mean");
    if (rank == 1) tops.push_back({label, parameter, low, high, unit, base});
    // Files written before sequential stopping have no half-width: the column shows a dash.
    const bool has_precision = t.has_column("swing_ci95_half_width");
    // The ends are shown as the file writes them (checked above to be numbers).
    table_rows.push_back(
        {label, parameter, unit, base * sc.factor, low * sc.factor, high * sc.factor,
         row[t.column("low_value")], row[t.column("high_value")],
         // An empty half-width: a single replication, no spread to measure.
         !has_precision ? std::nan("")
         : row[t.column("swing_ci95_half_width")].empty()
             ? std::numeric_limits<double>::infinity()
             : t.number(row, "swing_ci95_half_width") * sc.factor,
         has_precision ? std::to_string(t.count(row, "replications", 1)) : std::string()});
    for (const auto& [end, value, setting] :
         {std::tuple{std::string("Parameter at the low end of its range"), low,
                     row[t.column("low_value")]},
          std::tuple{std::string("Parameter at the high end of its range"), high,
                     row[t.column("high_value")]}}) {
      tornado.push_back({{"panel", label},
                         {"order", panel_order[label]},
                         {"key", label + "|" + parameter},
                         {"column", end},
                         {"parameter", parameter_words(parameter)},
                         {"parameter_key", parameter},
                         {"rank", rank},
                         {"end", end},
                         {"setting", setting},
                         {"parameter_base", row[t.column("base_value")]},
                         {"base", data_number(base * sc.factor)},
                         {"value", data_number(value * sc.factor)}});
    }
  }
  // Morris's measures (analysis/sensitivity.cpp): mu* (the mean of the elementary effects'
  // sizes) and sigma (their standard deviation) are never below 0.
  for (const auto& row : mt.rows) {
    static_cast<void>(mt.real(row, "mu"));
    if (mt.has_column("effects")) static_cast<void>(mt.count(row, "effects", 1));
    for (const char* col : {"mu_star", "sigma"}) {
      const double v = mt.real(row, col);
      if (!(v < 0.0)) continue;
      const std::string message = mt.place(row, mt.column(col)) + ": '" + row[mt.column(col)] +
                                  "' is below 0, which " + col + " never is";
      if (!CellFaults::note(message)) throw ReportInputError(message);
    }
  }
  json morris = json::array();
  if (morris_csv.given()) {
    // The five most influential parameters of each KPI are labelled.
    std::map<std::string, std::vector<std::pair<double, std::size_t>>> by_kpi;
    for (std::size_t i = 0; i < mt.rows.size(); ++i) {
      const auto& row = mt.rows[i];
      by_kpi[row[mt.column("service")] + "." + row[mt.column("kpi")]].emplace_back(
          -mt.number(row, "mu_star"), i);
    }
    std::set<std::size_t> labelled;
    for (auto& [k, v] : by_kpi) {
      std::sort(v.begin(), v.end());
      // v holds (-mu*, row): a parameter with no effect (mu* = 0) is never among those named.
      for (std::size_t i = 0; i < std::min<std::size_t>(5, v.size()) && v[i].first < 0.0; ++i)
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
                        {"parameter", parameter_words(parameter)},
                        {"parameter_key", parameter},
                        {"label", labelled.contains(i) ? parameter_words(parameter) : ""},
                        {"mu_star", data_number(mt.number(row, "mu_star") * sc.factor)},
                        {"mu", data_number(mt.number(row, "mu") * sc.factor)},
                        {"sigma", data_number(mt.number(row, "sigma") * sc.factor)}});
    }
  }
  json data;
  const bool has_tornado = !tornado.empty();
  const bool has_morris = !morris.empty();
  data["tornado"] = std::move(tornado);
  data["morris"] = std::move(morris);
  json specs = json::object();  // an object even with no chart to draw
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
  // Since sequential stopping, an evaluation's ends may stop before the full replications.
  const std::string per = meta_text(m, "replications_per_evaluation");
  std::string runs = per + (per == "1" ? " run" : " runs") +
                     " per evaluation on the same random streams; " +
                     meta_count(m, "evaluations", "evaluation", "evaluations");
  // What a full run would make is split three ways: run, taken from the scenario's own runs
  // (ends whose model is the scenario's own), and not needed once a parameter stopped.
  auto count_of = [&](const char* key) -> std::int64_t {
    return m.contains(key) && m[key].is_number_integer() ? m[key].get<std::int64_t>() : -1;
  };
  const std::int64_t run = count_of("replications_run");
  const std::int64_t full = count_of("replications_without_stopping");
  const std::int64_t reused = std::max<std::int64_t>(0, count_of("replications_reused"));
  const std::int64_t stopped = run >= 0 && full >= 0 ? full - run - reused : 0;
  const bool stopping = stopped > 0 && m.contains("settle") && m["settle"].is_number() &&
                        m["settle"].get<double>() > 0.0;
  if (stopping) {
    runs = per + " runs of the scenario and up to " + per +
           " of each parameter's two ends, on the same random streams; " +
           meta_text(m, "evaluations") + " evaluations. A parameter stopped once every " +
           "figure's swing and both its bars were known (95%) to within " +
           percent(m["settle"].get<double>()) +
           " of that figure's longest swing less its half-width, the rest ran all " + per;
  }
  if (stopping || reused > 0) {
    runs += ". Of the " + std::to_string(full) + " runs a full analysis makes, " +
            std::to_string(run) + " were run";
    if (reused > 0) {
      runs += (stopping ? ", " : " and ") + std::to_string(reused) +
              " were the scenario's own runs, taken for the ends of parameters that build the "
              "same model (a key the model does not read here, or a range end equal to the "
              "value: equal parameters run the same replications, draw for draw)";
    }
    if (stopping) {
      runs += " and " + std::to_string(stopped) + " were not needed once their parameters stopped";
    }
  }
  write_meta(h, m,
             meta_count(m, "parameters", "parameter", "parameters") +
                 ", each from its value less " + swing + " to its value plus " + swing + "; " +
                 runs);
  h << "<section id=\"summary\">\n<h2>Summary</h2>\n<ul class=\"summary\">\n";
  std::sort(tops.begin(), tops.end(), [&](const Top& a, const Top& b) {
    return panel_order[a.label] < panel_order[b.label];
  });
  for (const auto& tp : tops) {
    h << "<li>" << html_escape(tp.label) << ": most sensitive to "
      << html_escape(parameter_words(tp.parameter)) << " (<code>" << html_escape(tp.parameter)
      << "</code>): " << html_escape(format_value(tp.low, tp.unit))
      << " with it at the low end of its range, " << html_escape(format_value(tp.high, tp.unit))
      << " at the high end (" << html_escape(format_value(tp.base, tp.unit))
      << " at the scenario's value).</li>\n";
  }
  if (!unmoved.empty()) {
    h << "<li>No parameter varied moves " << join_words(unmoved)
      << " <span class=\"basis\">(no chart for these)</span>.</li>\n";
  }
  if (tops.empty() && unmoved.empty()) h << "<li>No parameter was varied.</li>\n";
  // A parameter the scenario refuses at an end of its range is not in the charts: said here.
  if (m.contains("left_out") && m["left_out"].is_array()) {
    for (const json& left : m["left_out"]) {
      if (!left.is_object() || !left.contains("parameter") || !left["parameter"].is_string() ||
          !left.contains("refused") || !left["refused"].is_array())
        continue;
      const std::string key = left["parameter"].get<std::string>();
      h << "<li>Left out: " << html_escape(parameter_words(key)) << " (<code>" << html_escape(key)
        << "</code>), not in the charts: the scenario refuses ";
      bool first = true;
      std::vector<std::string> errors;
      for (const json& end : left["refused"]) {
        if (!end.is_object()) continue;
        const auto text = [&](const char* k) {
          return end.contains(k) && end[k].is_string() ? end[k].get<std::string>() : std::string();
        };
        const std::string value = end.contains("value") && end["value"].is_number()
                                      ? format_number(end["value"].get<double>())
                                      : std::string("?");
        h << (first ? "its " : " and its ") << html_escape(text("end")) << " end, "
          << html_escape(value) << " (" << html_escape(text("origin")) << ")";
        if (end.contains("errors") && end["errors"].is_array()) {
          for (const json& e : end["errors"])
            if (e.is_string()) errors.push_back(e.get<std::string>());
        }
        first = false;
      }
      const bool may_help = !left.contains("narrower_swing_may_help") ||
                            !left["narrower_swing_may_help"].is_boolean() ||
                            left["narrower_swing_may_help"].get<bool>();
      if (first) h << "an end";  // no end recorded: said, not left blank
      h << (may_help ? "; a narrower <code>--swing</code> may vary it."
                     : "; no <code>--swing</code> varies it: the nearest end a "
                       "<code>--swing</code> gives is refused too.");
      for (const std::string& e : errors) h << " <q>" << html_escape(e) << "</q>";
      h << "</li>\n";
    }
  }
  h << "</ul>\n</section>\n";
  if (has_tornado) {
    h << "<section id=\"tornado\">\n<h2>Which parameters matter most</h2>\n<p "
         "class=\"explain\">One chart per headline figure; the "
      << top
      << " parameters (or fewer) that move it most, largest first. Each bar runs from the figure "
         "at the "
         "scenario's values (the black line) to the figure with the one parameter at the low "
         "(blue) or high (orange) end of its plausible range, every other parameter held. Hover "
         "for the parameter's values. Shares are in per cent, money in £ millions. The table's "
         "last "
         "column says how well each swing (high end less low end) is known: half the width of "
         "its 95% confidence interval from the paired runs, and how many runs it took.</p>\n";
    chart_div(h, "sensitivity_tornado");
    h << "<details><summary>The numbers the bars draw</summary>\n<table "
         "data-table-for=\"sensitivity_tornado\">\n<tr><th>Figure</th><th>Parameter</th><th "
         "class=\"num\" data-column=\"base\">At the scenario's values</th><th class=\"num\" "
         "data-column=\"Parameter at the low end of its range\">Parameter at the low end "
         "</th><th class=\"num\" data-column=\"Parameter at the high end of its range\">Parameter "
         "at the high end</th><th class=\"num\">Swing known to (95%)</th></tr>\n";
    for (const auto& r : table_rows) {
      // The chart's unit: shares in per cent, money in £ millions.
      const auto cell = [&](double v) {
        if (r.unit == "share") return with_commas(v, 1) + "%";
        if (r.unit == "gbp") return "£" + with_commas(v, 2) + "m";
        return with_commas(v, std::abs(v) < 100 ? 2 : 0);
      };
      // A share's half-width is a difference of shares: percentage points, not per cent.
      // One too small for the cell's digits says so rather than reading as 0.
      const auto spread = [&](double v) {
        const bool share = r.unit == "share";
        const std::string text = share ? with_commas(v, 1) : cell(v);
        const bool shows_zero = text.find_first_of("123456789") == std::string::npos;
        std::string least = share ? "0.1" : r.unit == "gbp" ? "£0.01m" : "0.01";
        const std::string out = v > 0.0 && shows_zero ? "< " + least : text;
        return share ? out + " percentage points" : out;
      };
      h << "<tr data-key=\"" << html_escape(r.label + "|" + r.parameter) << "\"><td>"
        << html_escape(r.label) << "</td><td>" << html_escape(parameter_words(r.parameter))
        << " <code>" << html_escape(r.parameter) << "</code></td><td class=\"num\">"
        << html_escape(cell(r.base)) << "</td><td class=\"num\">" << html_escape(cell(r.low))
        << " (at " << html_escape(r.low_value) << ")</td><td class=\"num\">"
        << html_escape(cell(r.high)) << " (at " << html_escape(r.high_value)
        << ")</td><td class=\"num\">"
        << (std::isnan(r.half_width)   ? std::string("–")
            : std::isinf(r.half_width) ? "not known (" + html_escape(r.replications) + " run)"
                                       : "± " + html_escape(spread(r.half_width)) + " (" +
                                             html_escape(r.replications) + " runs)")
        << "</td></tr>\n";
    }
    h << "</table>\n</details>\n";
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

}  // namespace caremarket::results
