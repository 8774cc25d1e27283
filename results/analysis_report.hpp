#pragma once
// The what-if reports (DESIGN.md section 6, docs/report.md): one self-contained HTML page per
// analysis folder, built from the folder's files alone, so `caremarket report DIR` rebuilds any
// of them. The same inlined libraries and page scaffolding as the run report (report_page.hpp).
//   compare:     forest plot of every county KPI's paired difference with its 95% interval, a
//                district map of district differences (real boundaries, or hexes), and
//                P(alternative better)
//   sweep:       each headline KPI's mean and 90% band against the varied value
//   sensitivity: a tornado per headline KPI, and the Morris mu*-sigma scatter if screened
//   advise:      the allocation by district and window, and the options compared
//   calibrate:   targets against the posterior predictive, posteriors against priors, pairs

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace caremarket::results {

/// A results file's text as read for a page, or why it could not be read (a missing file, a
/// folder in its place): that fault is said with every other file's faults, not before them.
/// Made from the text itself; an optional file the folder lacks is the empty text.
struct ResultsText {
  // Implicit, so that a page is built from its files' texts as written (an empty text: a file
  // the folder lacks).
  ResultsText(std::string csv = {})  // NOLINT(google-explicit-constructor)
      : text(std::move(csv)), exists(!text.empty()) {}
  ResultsText(const char* csv) : ResultsText(std::string(csv)) {}  // NOLINT
  /// A file the folder holds, read: even an empty one is given (and said to be empty).
  static ResultsText read_from(std::string csv) {
    ResultsText t(std::move(csv));
    t.exists = true;
    return t;
  }
  /// A file that could not be read, and why ("cannot read F/x.csv: no such file").
  static ResultsText unreadable(std::string fault) {
    ResultsText t;
    t.fault = std::move(fault);
    return t;
  }
  /// The text; throws ReportInputError with the fault where the file could not be read.
  [[nodiscard]] const std::string& read() const;
  /// False for an optional file the folder lacks.
  [[nodiscard]] bool given() const { return exists || !fault.empty(); }
  std::string text;
  std::string fault;
  bool exists = false;
};

/// From manifest.json, comparison.csv and spend_by_year_comparison.csv (empty: a folder
/// written before that file existed; the spend section is left out).
std::string build_compare_report_html(const std::string& manifest_json,
                                      const ResultsText& comparison_csv,
                                      const ResultsText& spend_comparison_csv = {});
/// From manifest.json and sweep.csv.
std::string build_sweep_report_html(const std::string& manifest_json, const ResultsText& sweep_csv);
/// From manifest.json, sensitivity.csv and morris.csv (empty: no Morris screening).
std::string build_sensitivity_report_html(const std::string& manifest_json,
                                          const ResultsText& sensitivity_csv,
                                          const ResultsText& morris_csv);
/// From manifest.json, allocation.csv and options.csv.
std::string build_advise_report_html(const std::string& manifest_json,
                                     const ResultsText& allocation_csv,
                                     const ResultsText& options_csv);

/// From manifest.json, parameters.csv, posterior.csv and targets.csv
/// (results/calibration_report.cpp).
std::string build_calibration_report_html(const std::string& manifest_json,
                                          const ResultsText& parameters_csv,
                                          const ResultsText& posterior_csv,
                                          const ResultsText& targets_csv);

/// The report of any results folder, by manifest.json's "command" (absent: a run folder).
/// Throws ReportInputError for a folder without a manifest, an unknown command or bad files.
std::string build_folder_report_html(const std::filesystem::path& folder);

/// The charts a command's report may draw (each in an element with id "chart-<name>"); a chart
/// with no data is left out of the page.
std::vector<std::string> analysis_report_chart_names(std::string_view command);

}  // namespace caremarket::results
