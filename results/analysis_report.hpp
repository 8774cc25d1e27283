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
#include <vector>

namespace caremarket::results {

/// From manifest.json, comparison.csv and spend_by_year_comparison.csv (empty: a folder
/// written before that file existed; the spend section is left out).
std::string build_compare_report_html(const std::string& manifest_json,
                                      const std::string& comparison_csv,
                                      const std::string& spend_comparison_csv = {});
/// From manifest.json and sweep.csv.
std::string build_sweep_report_html(const std::string& manifest_json, const std::string& sweep_csv);
/// From manifest.json, sensitivity.csv and morris.csv (empty: no Morris screening).
std::string build_sensitivity_report_html(const std::string& manifest_json,
                                          const std::string& sensitivity_csv,
                                          const std::string& morris_csv);
/// From manifest.json, allocation.csv and options.csv.
std::string build_advise_report_html(const std::string& manifest_json,
                                     const std::string& allocation_csv,
                                     const std::string& options_csv);

/// From manifest.json, parameters.csv, posterior.csv and targets.csv
/// (results/calibration_report.cpp).
std::string build_calibration_report_html(const std::string& manifest_json,
                                          const std::string& parameters_csv,
                                          const std::string& posterior_csv,
                                          const std::string& targets_csv);

/// The report of any results folder, by manifest.json's "command" (absent: a run folder).
/// Throws ReportInputError for a folder without a manifest, an unknown command or bad files.
std::string build_folder_report_html(const std::filesystem::path& folder);

/// The charts a command's report may draw (each in an element with id "chart-<name>"); a chart
/// with no data is left out of the page.
std::vector<std::string> analysis_report_chart_names(std::string_view command);

}  // namespace caremarket::results
