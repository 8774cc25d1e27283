// The report of a `caremarket calibrate` folder (docs/calibration.md): the targets against the
// posterior predictive, each varied key's posterior against its prior, and pairs of the most
// informed keys. Built from the folder's files alone.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <iomanip>
#include <map>
#include <numeric>
#include <sstream>

#include "geography/table.hpp"
#include "results/analysis_report.hpp"
#include "results/analysis_words.hpp"
#include "results/report.hpp"
#include "results/report_page.hpp"
#include "results/statistics.hpp"

namespace caremarket::results {

namespace {

using namespace page;  // NOLINT(google-build-using-namespace)

constexpr int histogram_bins = 20;

/// A number for a table cell: 4 significant digits.
std::string short_number(double v) {
  std::ostringstream s;
  s << std::setprecision(4) << v;
  return s.str();
}

std::string text_of(const json& m, const char* key) {
  if (!m.contains(key)) return "?";
  return m[key].is_string() ? m[key].get<std::string>() : m[key].dump();
}

// The manifest's varied keys and their prior ranges ("varied": [{"key", "low", "high"}]); empty
// where it gives none of that form (an older manifest).
struct Prior {
  std::string key;
  double low = 0;
  double high = 0;
};
std::vector<Prior> manifest_priors(const json& m) {
  std::vector<Prior> out;
  if (!m.contains("varied") || !m["varied"].is_array()) return {};
  for (const auto& v : m["varied"]) {
    if (!v.is_object() || !v.contains("key") || !v["key"].is_string() || !v.contains("low") ||
        !v["low"].is_number() || !v.contains("high") || !v["high"].is_number())
      return {};
    out.push_back({v["key"].get<std::string>(), v["low"].get<double>(), v["high"].get<double>()});
  }
  return out;
}

// A particle is a whole number of at least 0, once each, read as run --parameters reads it
// (geography::parse_whole_number: "+1" and "01" are 1, and the same particle as "1"); calibrate
// numbers its particles from 1. Each fault is said, or noted (CellFaults).
void check_particles(const Table& sample) {
  const std::size_t c = sample.column("particle");
  std::map<std::int64_t, std::size_t> first_line;
  for (std::size_t r = 0; r < sample.rows.size(); ++r) {
    const std::string& cell = sample.rows[r][c];
    std::string_view text(cell);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    const auto n = geography::parse_whole_number(text);
    std::string fault;
    if (!n || *n < 0) {
      fault = "'" + geography::printable(cell) + "' is not a whole number >= 0" +
              geography::hidden_space_note(cell);
    } else if (const auto [at, fresh] = first_line.emplace(*n, sample.lines[r]); !fresh) {
      fault = "particle " + std::to_string(*n) + " repeats line " + std::to_string(at->second) +
              "; each particle is one row";
    }
    if (fault.empty()) continue;
    const std::string message = sample.place(sample.rows[r], c) + ": " + fault;
    if (!CellFaults::note(message)) throw ReportInputError(message);
  }
}

// A calibration's files against its manifest: the last wave's particles (parameters.csv's
// rows, where a wave was completed), the varied keys (its key columns and posterior.csv's
// keys, in order) with their prior ranges, and the targets (targets.csv's rows and those held
// out). Each fault is said, or noted (CellFaults).
void check_calibration_files(const json& m, const Table& sample, const Table& posterior,
                             const Table& targets) {
  const auto say = [](const std::string& message) { say_runs_differ(message); };
  const auto whole = [&](const char* key) -> std::int64_t {
    return m.contains(key) && m[key].is_number_unsigned() ? m[key].get<std::int64_t>() : -1;
  };
  const std::int64_t particles = whole("particles");
  if (particles > 0 && whole("waves_completed") > 0 && !sample.header.empty() &&
      static_cast<std::int64_t>(sample.rows.size()) != particles)
    say(sample.name + ": " + counted(static_cast<long long>(sample.rows.size()), "particle") +
        ", but manifest.json's \"particles\" is " + std::to_string(particles));
  const std::vector<Prior> priors = manifest_priors(m);
  if (!priors.empty()) {
    std::vector<std::string> keys;
    for (const Prior& p : priors) keys.push_back(p.key);
    std::vector<std::string> columns;
    for (const std::string& h : sample.header)
      if (h != "particle" && h != "weight" && h != "distance") columns.push_back(h);
    const auto listed = [](const std::vector<std::string>& v) {
      std::vector<std::string> shown;
      for (const std::string& k : v) shown.push_back(geography::printable(k));
      return shown.empty() ? std::string("none") : join_words(shown);
    };
    if (!sample.header.empty() && columns != keys)
      say(sample.name + ": key columns " + listed(columns) + ", but manifest.json's \"varied\" " +
          "keys are " + listed(keys));
    if (!posterior.header.empty() && posterior.has_column("key")) {
      std::vector<std::string> rows;
      for (const auto& row : posterior.rows) rows.push_back(row[posterior.column("key")]);
      if (rows != keys) {
        say(posterior.name + ": keys " + listed(rows) + ", but manifest.json's \"varied\" keys " +
            "are " + listed(keys));
      } else {
        for (std::size_t i = 0; i < rows.size(); ++i) {
          const auto& row = posterior.rows[i];
          for (const auto& [col, value] :
               {std::pair<const char*, double>{"prior_low", priors[i].low},
                {"prior_high", priors[i].high}}) {
            const std::string& cell = row[posterior.column(col)];
            const double x = cell.empty() ? std::nan("") : std::strtod(cell.c_str(), nullptr);
            if (!std::isfinite(x) || std::fabs(x - value) <= 1e-9 * std::max(1.0, std::fabs(value)))
              continue;  // a cell that is no number is number()'s fault
            say(posterior.place(row, posterior.column(col)) + ": '" + geography::printable(cell) +
                "', but manifest.json's \"varied\" gives " + geography::printable(keys[i]) +
                " the prior range " + format_number(priors[i].low) + " to " +
                format_number(priors[i].high));
          }
        }
      }
    }
  }
  const std::int64_t total = whole("targets");
  if (total >= 0 && !targets.header.empty() && targets.has_column("role")) {
    std::int64_t held_out = 0;
    for (const auto& row : targets.rows) held_out += row[targets.column("role")] == "held_out";
    const std::int64_t asked_held_out = whole("targets_held_out");
    if (static_cast<std::int64_t>(targets.rows.size()) != total ||
        (asked_held_out >= 0 && held_out != asked_held_out))
      say(targets.name + ": " + counted(static_cast<long long>(targets.rows.size()), "target") +
          ", " + std::to_string(held_out) + " held out, but manifest.json's \"targets\" is " +
          std::to_string(total) +
          (asked_held_out >= 0 ? " and \"targets_held_out\" " + std::to_string(asked_held_out)
                               : std::string()));
  }
}

}  // namespace

std::string build_calibration_report_html(const std::string& manifest_json,
                                          const ResultsText& parameters_csv,
                                          const ResultsText& posterior_csv,
                                          const ResultsText& targets_csv) {
  json m;
  Table sample;
  Table posterior;
  Table targets;
  read_tables({[&] { m = analysis::parse_manifest(manifest_json); },
               [&] {
                 sample = parse_csv(parameters_csv.read(), "parameters.csv");
                 sample.require_rows({"particle", "weight"});
                 check_particles(sample);
               },
               [&] {
                 posterior = parse_csv(posterior_csv.read(), "posterior.csv");
                 posterior.require_rows(
                     {"key", "prior_low", "prior_high", "p05", "p50", "p95", "width_ratio"});
               },
               [&] {
                 targets = parse_csv(targets_csv.read(), "targets.csv");
                 targets.require_rows({"source", "role", "metric", "service", "area", "date",
                                       "observed", "sd", "simulated_mean", "simulated_p05",
                                       "simulated_p95", "inside_90"});
                 // A target is fitted or held out, as its role says: another word was counted
                 // as fitted. Its metric is one a run writes for its service, or all spend.
                 targets.one_of("role", {"fitted", "held_out"});
                 targets.metric_columns({"spend_total_gbp"});
               }});
  check_calibration_files(m, sample, posterior, targets);
  const std::size_t c_weight = sample.column("weight");
  std::vector<double> weights;
  for (const auto& row : sample.rows) {
    // A particle's weight is a finite number >= 0 (the sum of squares below would not be).
    const double w = sample.number(row, c_weight);
    if (!(w >= 0.0 && std::isfinite(w))) {
      const std::string message = sample.place(row, c_weight) + ": '" + row[c_weight] +
                                  "' is not a weight (expected a finite number >= 0)";
      if (!CellFaults::note(message)) throw ReportInputError(message);
    }
    weights.push_back(w);
    // A particle's distance to the targets, a root mean square, is never below 0.
    if (sample.has_column("distance")) static_cast<void>(sample.nonnegative(row, "distance"));
  }
  // calibrate's particles carry weight: a sample whose every weight is 0 has no posterior, and
  // weights that add up past a double's range give none either.
  if (!sample.rows.empty() &&
      std::all_of(weights.begin(), weights.end(), [](double w) { return w == 0.0; })) {
    const std::string message = sample.name + ": every weight is 0 (a posterior needs some)";
    if (!CellFaults::note(message)) throw ReportInputError(message);
  } else if (std::all_of(weights.begin(), weights.end(),
                         [](double w) { return std::isfinite(w); }) &&
             !std::isfinite(std::accumulate(weights.begin(), weights.end(), 0.0))) {
    const std::string message =
        sample.name + ": the weights add up to more than a number can hold; scale them down";
    if (!CellFaults::note(message)) throw ReportInputError(message);
  }
  // The weighted 5th and 95th percentiles put on average one particle beyond each only from an
  // effective sample of values_for_quantile(0.05) = 20 particles (Kish's (sum w)^2 / sum w^2,
  // the wave's own ESS): below that they are rough, and the page says so instead of "90%".
  const double weight_sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  const double weight_squares =
      std::inner_product(weights.begin(), weights.end(), weights.begin(), 0.0);
  const double effective = weight_squares > 0.0 ? weight_sum * weight_sum / weight_squares : 0.0;
  const bool rough = effective + 1e-9 < static_cast<double>(values_for_quantile(0.05));
  std::ostringstream effective_text;
  effective_text << std::setprecision(3) << effective;
  const std::string rough_note = "rough: an effective sample of " + effective_text.str() +
                                 " particle" + (effective_text.str() == "1" ? "" : "s") +
                                 ", fewer than " + std::to_string(values_for_quantile(0.05)) +
                                 ", puts on average less than one beyond each percentile";
  const std::string interval = rough ? "5th to 95th percentile" : "90% interval";

  json data;
  // Targets, in sd of the record.
  data["targets"] = json::array();
  int inside = 0;
  int fitted_count = 0;
  int held_out_inside = 0;
  int held_out_count = 0;
  for (std::size_t i = 0; i < targets.rows.size(); ++i) {
    const auto& r = targets.rows[i];
    // Observed and simulated figures are finite (a target's value, a mean of finite runs).
    const auto at = [&](const char* c) { return targets.real(r, c); };
    if (targets.has_column("z")) static_cast<void>(targets.real(r, "z"));
    // A target's sd is above 0 (calibrate refuses any other: analysis/targets.cpp); the page
    // divides by it.
    const double obs = at("observed"), sd = targets.positive(r, "sd");
    const std::string& inside_text = r[targets.column("inside_90")];
    if (inside_text != "true" && inside_text != "false") {
      const std::string message = targets.place(r, targets.column("inside_90")) + ": '" +
                                  inside_text + "' is neither true nor false";
      if (!CellFaults::note(message)) throw ReportInputError(message);
    }
    const bool in = inside_text == "true";
    const bool held_out = r[targets.column("role")] == "held_out";
    (held_out ? held_out_inside : inside) += in ? 1 : 0;
    (held_out ? held_out_count : fitted_count) += 1;
    data["targets"].push_back(
        {{"label", r[targets.column("metric")] + " (" +
                       service_label(r[targets.column("service")]) + ", " +
                       r[targets.column("area")] + ", " + r[targets.column("date")] + ")" +
                       (held_out ? " [held out]" : "")},
         {"role", held_out ? "held out: predicted, not fitted" : "fitted"},
         {"order", i},
         {"observed", data_number(obs)},
         {"sd", data_number(sd)},
         {"mean", data_number(at("simulated_mean"))},
         {"p05", data_number(at("simulated_p05"))},
         {"p95", data_number(at("simulated_p95"))},
         {"z", data_number((at("simulated_mean") - obs) / sd)},
         {"z05", data_number((at("simulated_p05") - obs) / sd)},
         {"z95", data_number((at("simulated_p95") - obs) / sd)},
         {"inside", in ? "yes" : "no"},
         {"source", r[targets.column("source")]}});
  }
  // Posterior histograms over each prior's range, and the keys ranked by how much the data
  // narrowed them (width_ratio: the 90% posterior interval over the prior's).
  data["posterior"] = json::array();
  std::vector<std::pair<double, std::string>> informed;
  for (const auto& r : posterior.rows) {
    const std::string key = r[posterior.column("key")];
    const double low = posterior.finite(r, "prior_low");
    const double high = posterior.finite(r, "prior_high");
    // calibrate --vary takes LOW..HIGH with LOW below HIGH; the histogram's bins span them.
    informed.emplace_back(posterior.nonnegative(r, "width_ratio"), key);
    // The columns the page does not draw too: a weighted mean and quantiles of finite values.
    for (const char* col : {"mean", "p05", "p50", "p95"})
      if (posterior.has_column(col)) static_cast<void>(posterior.real(r, col));
    if (posterior.has_column("sd")) static_cast<void>(posterior.nonnegative(r, "sd"));
    if (!(low < high)) {
      // Said unless a cell is no finite number (said above as such).
      const auto finite_cell = [&](const char* col) {
        const std::string& cell = r[posterior.column(col)];
        double v = std::nan("");
        const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
        return ec == std::errc() && end == cell.data() + cell.size() && std::isfinite(v);
      };
      if (!finite_cell("prior_low") || !finite_cell("prior_high")) continue;
      const std::string message = posterior.place(r, posterior.column("prior_high")) + ": '" +
                                  r[posterior.column("prior_high")] + "' is not above prior_low (" +
                                  r[posterior.column("prior_low")] + ")";
      if (!CellFaults::note(message)) throw ReportInputError(message);
      continue;
    }
    const std::size_t c = sample.column(key);
    const double width = (high - low) / histogram_bins;
    std::vector<double> mass(histogram_bins, 0.0);
    for (std::size_t i = 0; i < sample.rows.size(); ++i) {
      const double v = sample.number(sample.rows[i], c);
      if (std::isnan(v)) continue;  // no value (an empty cell): in no bin
      // Clamped as a double: a value far outside the range would overflow an int.
      // A range too narrow for 20 bins of a double (a width of 0) puts every value in the first.
      const double at = std::floor((v - low) / width);
      const int b =
          std::isnan(at)
              ? 0
              : static_cast<int>(std::clamp(at, 0.0, static_cast<double>(histogram_bins - 1)));
      mass[static_cast<std::size_t>(b)] += weights[i];
    }
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    for (int b = 0; b < histogram_bins; ++b) {
      data["posterior"].push_back(
          {{"key", key},
           {"bin_start", data_number(low + b * width)},
           {"bin_end", data_number(low + (b + 1) * width)},
           {"posterior", data_number(mass[static_cast<std::size_t>(b)] / total / width)},
           {"prior", data_number(1.0 / (high - low))}});
    }
  }
  std::stable_sort(informed.begin(), informed.end());
  std::vector<std::string> top;
  for (std::size_t i = 0; i < std::min<std::size_t>(3, informed.size()); ++i)
    top.push_back(informed[i].second);
  data["pairs"] = json::array();
  for (std::size_t a = 0; a < top.size(); ++a) {
    for (std::size_t b = a + 1; b < top.size(); ++b) {
      const std::size_t ca = sample.column(top[a]), cb = sample.column(top[b]);
      for (std::size_t i = 0; i < sample.rows.size(); ++i) {
        data["pairs"].push_back({{"pair", top[a] + " (x) and " + top[b] + " (y)"},
                                 {"x", data_number(sample.number(sample.rows[i], ca))},
                                 {"y", data_number(sample.number(sample.rows[i], cb))},
                                 {"weight", data_number(weights[i])}});
      }
    }
  }
  // Without a final tolerance only the prior's wave ran: its particles are prior draws, and
  // the page and its charts say so rather than speak of a posterior or a fit.
  const bool fitted = m.contains("final_tolerance") && m["final_tolerance"].is_number();
  json specs = json::object();  // an object even with no chart to draw
  specs["calibration_targets"] = chart_spec("calibration_targets");
  specs["calibration_posterior"] = chart_spec("calibration_posterior");
  if (!data["pairs"].empty()) specs["calibration_pairs"] = chart_spec("calibration_pairs");
  if (!fitted) {
    auto& targets_spec = specs["calibration_targets"];
    targets_spec["description"] =
        "Each target against the prior predictive (nothing was fitted: one simulation per draw "
        "from the prior), in standard deviations of the record: the observed value is at 0 (its "
        "band is plus or minus 2 sd); the line is the 90% interval of the simulations and the "
        "dot their mean.";
    auto& posterior_spec = specs["calibration_posterior"];
    posterior_spec["description"] =
        "Each varied key's draws from its prior (bars: their density; nothing was fitted) against "
        "the uniform prior (line).";
    // The hover's title too, wherever the design puts it.
    const std::function<void(json&)> retitle = [&retitle](json& node) {
      if (node.is_object() && node.contains("title") && node["title"] == "Posterior density")
        node["title"] = "Density of the prior's draws";
      if (node.is_structured())
        for (auto& child : node) retitle(child);
    };
    retitle(posterior_spec);
  }

  if (rough) {
    // The designs' "90% interval", in the description and the legend, is the 5th to 95th
    // percentile, rough.
    const std::function<void(json&)> reword = [&](json& node) {
      if (node.is_object()) {
        for (auto& [key, value] : node.items()) {
          if ((key == "description" || key == "title") && value.is_string()) {
            std::string text = value.get<std::string>();
            const std::string phrase = "the 90% interval";
            const auto at = text.find(phrase);
            if (at == std::string::npos) continue;
            text.replace(at, phrase.size(), "the 5th to 95th percentile");
            if (key == "description") text += " The percentiles are " + rough_note + ".";
            value = text;
          } else {
            reword(value);
          }
        }
      } else if (node.is_array()) {
        for (auto& child : node) reword(child);
      }
    };
    reword(specs["calibration_targets"]);
  }

  const std::string scenario = text_of(m, "scenario");
  const std::string title = "Calibration of " + scenario;
  std::ostringstream h;
  write_page_head(h, title);
  h << "<h1>" << html_escape(title) << "</h1>\n";
  h << "<p class=\"meta\">" << html_escape(text_of(m, "method")) << "; "
    << html_escape(text_of(m, "particles")) << " particles, "
    << html_escape(text_of(m, "waves_completed"))
    << (text_of(m, "waves_completed") == "1" ? " wave, " : " waves, ")
    << html_escape(text_of(m, "simulations")) << " simulations; targets "
    << html_escape(text_of(m, "targets_file")) << html_escape(analysis::overrides_text(m))
    << "; seed " << html_escape(text_of(m, "seed")) << "; caremarket "
    << html_escape(text_of(m, "version")) << " (commit " << html_escape(text_of(m, "commit"))
    << ").</p>\n";
  if (m.value("budget_exhausted", false)) {
    h << "<p class=\"explain\"><strong>The simulation budget ran out before the last wave: the "
         "sample is the last complete wave's.</strong></p>\n";
  }
  // What `run --parameters` would refuse in this folder's parameters.csv (calibrate warned).
  if (m.contains("parameters_refused") && m["parameters_refused"].is_array() &&
      !m["parameters_refused"].empty()) {
    h << "<p class=\"explain\"><strong>caremarket run --parameters refuses this folder's "
         "parameters.csv:</strong>";
    for (const auto& fault : m["parameters_refused"])
      if (fault.is_string()) h << ' ' << html_escape(fault.get<std::string>()) << '.';
    h << "</p>\n";
  }
  h << "<section id=\"targets\">\n<h2>"
    << (fitted ? "The targets against the fitted model"
               : "The targets against the prior's draws (nothing fitted)")
    << "</h2>\n<p class=\"explain\">For each recorded figure, one new simulation per particle of "
       "the last wave ("
    << (fitted ? "the posterior predictive" : "the prior predictive: nothing was fitted")
    << "): its " << interval << " (line" << (rough ? "; " + rough_note : std::string())
    << ") and weighted mean (dot), in standard deviations of the record from the observed value "
       "(0). "
    << inside << " of " << fitted_count
    << (fitted ? " fitted values lie inside their "
               : " values of the targets to fit lie inside their ")
    << interval;
  if (held_out_count > 0) {
    h << "; of the " << held_out_count << " targets held out of the fit (dated after "
      << html_escape(text_of(m, "fit_until")) << ", marked [held out]: predictions, not fits), "
      << held_out_inside << (held_out_inside == 1 ? " does" : " do");
  }
  if (fitted) {
    h << ". The final tolerance was " << short_number(m["final_tolerance"].get<double>())
      << " sd (root mean square over the fitted targets).</p>\n";
  } else {
    // Wave 0 draws from the prior and accepts every particle: no tolerance yet. Asked for more
    // waves, the budget is what stopped it.
    const bool budget_stopped = m.value("budget_exhausted", false) && m.value("waves_asked", 1) > 1;
    h << ". There is no final tolerance: the only wave drew its particles from the prior and "
         "accepted them all, so nothing was fitted yet; "
      << (budget_stopped ? "the simulation budget ran out in the second wave: raise "
                           "--max-simulations (or ask fewer particles with -n)"
                         : "run more waves (--waves)")
      << ".</p>\n";
  }
  chart_div(h, "calibration_targets");
  h << "</section>\n<section id=\"posterior\">\n<h2>What the targets say about each key</h2>\n"
       "<p class=\"explain\">";
  if (fitted) {
    h << "Bars: the posterior density of the last wave's weighted particles; line: the uniform "
         "prior. A key whose bars are as flat as the prior is not informed by these targets.";
  } else {
    h << "<b>Nothing was fitted</b>: the one wave's particles are draws from the prior, so the "
         "bars are the prior drawn at random and any narrowing in the table below is chance, not "
         "what the targets say. Line: the uniform prior.";
  }
  if (rough) h << " In the table, the 5th and 95th percentiles are " << rough_note << ".";
  h << "</p>\n";
  chart_div(h, "calibration_posterior");
  h << "<table><tr><th>key</th><th>prior</th><th>"
    << (fitted ? "posterior median" : "median of the prior's draws") << "</th><th>"
    << (rough    ? "5th to 95th percentile (rough)"
        : fitted ? "90% interval"
                 : "90% of the draws")
    << "</th><th>interval / prior's</th></tr>\n";
  for (const auto& r : posterior.rows) {
    const auto at = [&](const char* c) { return posterior.number(r, c); };
    h << "<tr><td>" << html_escape(r[posterior.column("key")]) << "</td><td>"
      << short_number(at("prior_low")) << " to " << short_number(at("prior_high")) << "</td><td>"
      << short_number(at("p50")) << "</td><td>" << short_number(at("p05")) << " to "
      << short_number(at("p95")) << "</td><td>"
      << (fitted ? short_number(at("width_ratio")) : std::string("none: nothing fitted"))
      << "</td></tr>\n";
  }
  h << "</table>\n</section>\n";
  if (!data["pairs"].empty()) {
    h << "<section id=\"pairs\">\n<h2>Pairs of the most informed keys</h2>\n<p class=\"explain\">"
         "Each particle, its area proportional to its weight: a ridge means the targets fix a "
         "combination of the two keys, not each one.</p>\n";
    chart_div(h, "calibration_pairs");
    h << "</section>\n";
  }
  write_page_tail(h, data, specs,
                  "Every chart can be saved as SVG or PNG from its … menu. Built by caremarket "
                  "from the files of its <code>calibrate</code> folder; rebuild with "
                  "<code>caremarket report FOLDER</code>.");
  return h.str();
}

}  // namespace caremarket::results
