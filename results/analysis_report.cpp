#include "results/analysis_report.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

#include "geography/table.hpp"
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

std::vector<std::string> analysis_report_chart_names(std::string_view command) {
  if (command == "compare") return {"compare_forest", "compare_map", "compare_spend"};
  if (command == "sweep") return {"sweep_lines"};
  if (command == "sensitivity") return {"sensitivity_tornado", "sensitivity_morris"};
  if (command == "advise") return {"advise_allocation"};
  if (command == "calibrate")
    return {"calibration_targets", "calibration_posterior", "calibration_pairs"};
  return {};
}

// ---------------------------------------------------------------------------------------------
// advise

namespace {

// What reprocurement buys: contracted hours of homecare, or contracted supported-living homes.
std::string bought(const std::string& service) {
  return service == "supported_living" ? "contracted homes" : "contracted hours";
}

std::string option_words(const std::string& option, const std::string& service) {
  if (option == "do_nothing") return "Do nothing";
  if (option == "contracted_block_purchase")
    return "Reprocure: buy the capacity as " + bought(service);
  if (option == "in_house") return "Run the capacity as an in-house service";
  return option;
}

// An allocation's rows against its manifest: no step past "max_steps", and each step's KPI
// read at the manifest's "confidence" (the quantile it is judged at). Each fault is said at its
// first row, with how many rows have it, or noted (CellFaults).
void check_advise_steps(const Table& t, const json& m) {
  const auto say = [&](const std::vector<std::string>* first, std::size_t c, std::size_t rows,
                       const std::string& words) {
    if (first == nullptr) return;
    const std::string message = t.place(*first, c) + ": '" + geography::printable(first->at(c)) +
                                "', but " + words + " (" + std::to_string(rows) + " of " +
                                t.rows_words() + ")";
    say_runs_differ(message);
  };
  if (m.contains("max_steps") && m["max_steps"].is_number_unsigned() && t.has_column("step")) {
    const auto most = m["max_steps"].get<std::uint64_t>();
    const std::size_t c = t.column("step");
    const std::vector<std::string>* first = nullptr;
    std::size_t rows = 0;
    for (const auto& row : t.rows) {
      if (!written_count(row[c]) || row[c].size() > 18 || std::stoull(row[c]) <= most) continue;
      if (first == nullptr) first = &row;
      ++rows;
    }
    say(first, c, rows,
        "manifest.json's \"max_steps\" is " + std::to_string(most) +
            ", the last step there can be");
  }
  // A target "KPI<=X" is judged at the confidence's quantile, "KPI>=X" at 1 - confidence.
  const std::string target =
      m.contains("target") && m["target"].is_string() ? m["target"].get<std::string>() : "";
  const bool at_most = target.find("<=") != std::string::npos;
  const bool at_least = target.find(">=") != std::string::npos;
  if (m.contains("confidence") && m["confidence"].is_number() && t.has_column("quantile") &&
      at_most != at_least) {
    const double confidence =
        at_most ? m["confidence"].get<double>() : 1.0 - m["confidence"].get<double>();
    const std::size_t c = t.column("quantile");
    const std::vector<std::string>* first = nullptr;
    std::size_t rows = 0;
    for (const auto& row : t.rows) {
      const double q = is_number(row[c]) ? to_number(row[c]) : std::nan("");
      // Not a probability: a fault of its own (probability() says it).
      if (!(q >= 0.0 && q <= 1.0) || std::fabs(q - confidence) <= 1e-9) continue;
      if (first == nullptr) first = &row;
      ++rows;
    }
    say(first, c, rows,
        "manifest.json's \"confidence\" is " + m["confidence"].dump() + ", so every step is " +
            "judged at the quantile " + format_number(confidence) + " (target " +
            geography::printable(target) + ")");
  }
}

}  // namespace

std::string build_advise_report_html(const std::string& manifest_json,
                                     const ResultsText& allocation_csv,
                                     const ResultsText& options_csv) {
  json m;
  Table alloc;
  Table opts;
  read_tables(
      {[&] { m = parse_manifest(manifest_json); },
       [&] {
         alloc = parse_csv(allocation_csv.read(), "allocation.csv");
         alloc.require({"district_name", "window", "window_date", "capacity_added", "unit"});
       },
       [&] {
         opts = parse_csv(options_csv.read(), "options.csv");
         opts.require_rows({"option", "kpi_at_quantile", "share_meeting_target", "spend_total_gbp",
                            "spend_off_contract_gbp", "off_contract_premium_gbp"});
       }});
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
    // Every cell the writer gives (analysis/advise.cpp), drawn or not: a file at fault is
    // refused whole, not only where the page reads it.
    if (alloc.has_column("step")) static_cast<void>(alloc.count(row, "step", 1));
    static_cast<void>(alloc.date(row, "window_date"));
    for (const char* col : {"quantile", "share_meeting_target_after"})
      if (alloc.has_column(col)) static_cast<void>(alloc.probability(row, col));
    if (alloc.has_column("kpi_at_quantile_after"))
      static_cast<void>(alloc.number(row, "kpi_at_quantile_after"));
    const std::string district = row[alloc.column("district_name")];
    const std::string window = row[alloc.column("window")];
    static_cast<void>(alloc.nonnegative(row, "capacity_added"));
    const double capacity = alloc.finite(row, "capacity_added");
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
  check_advise_steps(alloc, m);
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
    bars.push_back({{"key", c.district + "|" + c.window},
                    {"district", c.district},
                    {"total", data_number(district_total[c.district])},
                    {"window", window_words(c)},
                    {"date", c.date},
                    {"capacity", data_number(c.capacity)},
                    {"unit", unit_words(c.unit)}});
  }
  json data;
  const bool has_bars = !bars.empty();
  data["allocation"] = std::move(bars);
  json specs = json::object();  // an object even with no chart to draw
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
    options.push_back({row[opts.column("option")], opts.number(row, "kpi_at_quantile"),
                       opts.probability(row, "share_meeting_target"),
                       opts.real(row, "spend_total_gbp"), opts.real(row, "spend_off_contract_gbp"),
                       opts.real(row, "off_contract_premium_gbp")});
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
                 meta_count(m, "replications_per_evaluation", "run", "runs") + " per evaluation, " +
                 meta_count(m, "evaluations", "evaluation", "evaluations"));

  h << "<section id=\"answer\">\n<h2>In-house or reprocurement?</h2>\n<p class=\"answer\">";
  const Option* nothing = find_option("do_nothing");
  const Option* contracted = find_option("contracted_block_purchase");
  const Option* in_house = find_option("in_house");
  const std::string kpi_text = kpi_words(target_kpi) + " (" + service_label(target_service) + ")";
  // The same words inside a sentence: "the share of ...", not "Share of ...".
  std::string kpi_in_sentence = kpi_text;
  if (!kpi_in_sentence.empty() && kpi_in_sentence[0] >= 'A' && kpi_in_sentence[0] <= 'Z') {
    kpi_in_sentence = "the " + std::string(1, static_cast<char>(kpi_in_sentence[0] - 'A' + 'a')) +
                      kpi_in_sentence.substr(1);
  }
  const auto kpi_at = [&](const Option& o) {
    return format_value(o.quantile, target_unit) + " in " + percent(confidence) + " of runs";
  };
  if (contracted != nullptr && in_house != nullptr) {
    const bool c_meets = contracted->share >= confidence;
    const bool i_meets = in_house->share >= confidence;
    const Option& cheaper = in_house->spend <= contracted->spend ? *in_house : *contracted;
    const Option& dearer = &cheaper == in_house ? *contracted : *in_house;
    const double saving = dearer.spend - cheaper.spend;
    const std::string cheaper_words = &cheaper == in_house
                                          ? "an in-house service"
                                          : "reprocurement (" + bought(target_service) + ")";
    const std::string dearer_words = &cheaper == in_house ? "reprocurement" : "an in-house service";
    if (c_meets && i_meets) {
      h << "Both ways of adding the capacity meet the target. "
        << (&cheaper == in_house ? "An in-house service"
                                 : "Reprocurement (" + bought(target_service) + ")")
        << " is cheaper: " << html_escape(format_value(cheaper.spend, "gbp"))
        << " over the horizon against " << html_escape(format_value(dearer.spend, "gbp")) << " for "
        << dearer_words << ", a saving of " << html_escape(format_value(saving, "gbp")) << " ("
        << percent(dearer.spend > 0 ? saving / dearer.spend : 0) << ").";
    } else if (c_meets || i_meets) {
      const Option& meets = c_meets ? *contracted : *in_house;
      h << "Only "
        << (c_meets ? "reprocurement (" + bought(target_service) + ")" : "an in-house service")
        << " meets the target: " << html_escape(kpi_in_sentence) << " is at most "
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
        << " (all spend on care, both services)"
        << " and leaves " << html_escape(kpi_in_sentence) << " at " << html_escape(kpi_at(*nothing))
        << ".";
    }
  } else if (nothing != nullptr) {
    // No step was taken: nothing to buy either way.
    if (m.value("target_met", false)) {
      h << "Nothing needs to be bought: without new capacity " << html_escape(kpi_in_sentence)
        << " is at " << html_escape(kpi_at(*nothing)) << ", which meets the target, for "
        << html_escape(format_value(nothing->spend, "gbp")) << " over the horizon.";
    } else {
      h << "Nothing was bought: "
        << html_escape(m.value("stopped_because", std::string("the search stopped")))
        << ". Without new capacity " << html_escape(kpi_in_sentence) << " is at "
        << html_escape(kpi_at(*nothing)) << ", and the target is met in only "
        << percent(nothing->share) << " of runs.";
    }
  } else {
    h << "The advisor compared no options.";
  }
  h << "</p>\n<p class=\"explain\">Spend is the mean over runs of the council's whole spend on "
       "care over the horizon, both services together (contracted, off-contract and in-house): "
       "capacity added for one service moves the other's through provider exits. The "
       "off-contract spend and the premium are those of the target's service. The figure \"in "
    << percent(confidence) << " of runs\" is the target's quantile at the confidence asked for. ";
  {
    const std::int64_t runs = m.value("replications_per_evaluation", std::int64_t{0});
    if (runs > 0 && confidence > 0 && confidence < 1 && runs < values_for_quantile(confidence)) {
      h << "<b>With " << counted(runs, "run") << " per evaluation, \"in " << percent(confidence)
        << " of runs\" means in every run made</b>: at least " << values_for_quantile(confidence)
        << " are needed before one run may fall outside it, so this answer says nothing of the "
           "runs it is meant to guard against. Run again with <code>--replications "
        << values_for_quantile(confidence) << "</code> or more before relying on it. ";
    }
  }
  h << "The search "
    << (m.value("target_met", false) ? "met the target" : "did not meet the target")
    << " and stopped because " << html_escape(m.value("stopped_because", std::string("?")))
    << ".</p>\n";
  h << "<table>\n<tr><th>Option</th><th class=\"num\">" << html_escape(kpi_text) << ", in "
    << percent(confidence)
    << " of runs</th><th class=\"num\">Runs meeting the target</th><th class=\"num\">Total "
       "spend, both services</th><th class=\"num\">Off-contract spend, target's "
       "service</th><th class=\"num\">Premium above contract rates, target's "
       "service</th></tr>\n";
  for (const auto& o : options) {
    const char* cls = o.share >= confidence ? " better" : " worse";
    h << "<tr><td>" << html_escape(option_words(o.name, target_service))
      << "</td><td class=\"num\">" << html_escape(format_value(o.quantile, target_unit))
      << "</td><td class=\"num" << cls << "\">" << percent(o.share) << "</td><td class=\"num\">"
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
    h << "<p class=\"explain\">"
      << (m.value("target_met", false)
              ? "The least extra contracted capacity found to meet the target, "
              : "The search did <strong>not</strong> meet the target; the extra contracted "
                "capacity it added before it stopped, ")
      << "added step by step where it helped most, and when: at the start or at a reopening of "
         "the framework. <code>advice.toml</code> in this folder is the scenario with these "
         "actions, to run again on other seeds.</p>\n";
    chart_div(h, "advise_allocation");
    h << "<table data-table-for=\"advise_allocation\">\n<tr><th>District</th><th>When</th><th "
         "class=\"num\">Capacity added</th></tr>\n";
    for (const auto& c : cells) {
      h << "<tr data-key=\"" << html_escape(c.district + "|" + c.window) << "\"><td>"
        << html_escape(c.district) << "</td><td>" << html_escape(window_words(c))
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

namespace {

std::string folder_report_html(const std::filesystem::path& folder);

}  // namespace

std::string build_folder_report_html(const std::filesystem::path& folder) {
  // Every cell at fault in every file at once, not one run at a time.
  return CellFaults::run([&] { return folder_report_html(folder); });
}

const std::string& ResultsText::read() const {
  if (!fault.empty()) throw ReportInputError(fault);
  return text;
}

namespace {

// A results file of a page: its text, or why it cannot be read (said with the other files'
// faults). An optional file the folder lacks is the empty text.
ResultsText results_text(const std::filesystem::path& folder, const char* name,
                         bool required = true) {
  const std::filesystem::path path = folder / name;
  if (!required && !present(path)) return {};
  try {
    if (!present(path)) require_files(folder, {name});
    return ResultsText::read_from(read_text(path));
  } catch (const ReportInputError& e) {
    return ResultsText::unreadable(e.what());
  }
}

/// A what-if command's page: the results file its folder is known by, and how the page is built
/// from the manifest's text, that file and the folder's other files.
struct WhatIfPage {
  std::string_view command;
  const char* main_file;
  std::string (*build)(const std::string& manifest, const ResultsText& main,
                       const std::filesystem::path& folder);
};

const std::array<WhatIfPage, 5> what_if_pages{
    {{"compare", "comparison.csv",
      [](const std::string& m, const ResultsText& main, const std::filesystem::path& folder) {
        return build_compare_report_html(
            m, main, results_text(folder, "spend_by_year_comparison.csv", false));
      }},
     {"sweep", "sweep.csv",
      [](const std::string& m, const ResultsText& main, const std::filesystem::path&) {
        return build_sweep_report_html(m, main);
      }},
     {"sensitivity", "sensitivity.csv",
      [](const std::string& m, const ResultsText& main, const std::filesystem::path& folder) {
        return build_sensitivity_report_html(m, main, results_text(folder, "morris.csv", false));
      }},
     {"advise", "allocation.csv",
      [](const std::string& m, const ResultsText& main, const std::filesystem::path& folder) {
        return build_advise_report_html(m, main, results_text(folder, "options.csv"));
      }},
     {"calibrate", "posterior.csv",
      [](const std::string& m, const ResultsText& main, const std::filesystem::path& folder) {
        return build_calibration_report_html(m, results_text(folder, "parameters.csv"), main,
                                             results_text(folder, "targets.csv"));
      }}}};

/// The page of a what-if folder (`command` compare, sweep, sensitivity, advise or calibrate)
/// from its manifest's text and its results files; nullopt for any other command.
std::optional<std::string> what_if_html(const std::filesystem::path& folder,
                                        const std::string& command, const std::string& manifest) {
  for (const WhatIfPage& page : what_if_pages)
    if (page.command == command)
      return page.build(manifest, results_text(folder, page.main_file), folder);
  return std::nullopt;
}

/// The what-if command whose results file `folder` holds (comparison.csv: compare, and so on),
/// where exactly one is there; else empty.
std::string what_if_command_of(const std::filesystem::path& folder) {
  std::string found;
  for (const WhatIfPage& page : what_if_pages) {
    if (!present(folder / page.main_file)) continue;
    if (!found.empty()) return {};
    found = page.command;
  }
  return found;
}

std::string folder_report_html(const std::filesystem::path& folder) {
  check_folder(folder);
  if (!present(folder / "manifest.json")) {
    throw ReportInputError(
        folder.string() +
        " has no manifest.json: it is not a complete results folder (`caremarket "
        "run`, `compare`, `sweep`, `sensitivity`, `advise` and `calibrate` "
        "write one)");
  }
  std::string manifest;
  json m;
  try {
    manifest = read_text(folder / "manifest.json");
    m = parse_manifest(manifest);
  } catch (const ReportInputError& manifest_fault) {
    // A run's folder (the only one with any of these files) has its manifest's fault said with
    // every other file's by the run report, a lost one among them.
    for (const char* name : {"kpis.csv", "county_metrics.csv", "district_metrics.csv"})
      if (present(folder / name)) return build_report_html(folder);
    // A what-if folder is known by its results file: their faults are said with the
    // manifest's, read as that command's.
    const std::string command = what_if_command_of(folder);
    if (command.empty()) throw;
    std::vector<std::string> problems = manifest_fault.problems();
    try {
      // Its own CellFaults, for the files' cells to be said after the manifest's fault.
      (void)CellFaults::run([&] {
        return what_if_html(folder, command, R"({"command": ")" + command + "\"}")
            .value_or(std::string());
      });
    } catch (const ReportInputError& e) {
      problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    }
    throw ReportInputError(problems);
  }
  const std::string command =
      m.contains("command") && m["command"].is_string() ? m["command"].get<std::string>() : "run";
  if (command == "run") return build_report_html(folder);
  if (auto html = what_if_html(folder, command, manifest)) return std::move(*html);
  if ((command.starts_with("synthesize") || command.starts_with("import")) &&
      m.contains("scenario") && m["scenario"].is_string()) {
    // A synthetic or imported market is an input, not results: say how to get results from it.
    const std::filesystem::path scenario = folder / m["scenario"].get<std::string>();
    throw ReportInputError(
        folder.string() + " holds a market written by `caremarket " + command +
        "`, not results, so it has no report; run its scenario first, e.g. "
        "caremarket run " +
        shell_quoted(scenario.string()) + " -o " +
        shell_quoted((folder.parent_path() / (folder.filename().string() + "-run")).string()));
  }
  throw ReportInputError("manifest.json: no report for command \"" + command + "\"");
}

}  // namespace

}  // namespace caremarket::results
