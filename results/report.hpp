#pragma once
// The gap-analysis report (DESIGN.md section 6, docs/report.md): one self-contained HTML file
// built from a results folder's files alone, so `caremarket report DIR` can rebuild it. The chart
// libraries (vega, vega-lite, vega-embed, pinned by results/report/js/package-lock.json) and the
// Vega-Lite chart specs (results/report/charts/*.vl.json) are compiled into the library and
// inlined; the data is inlined as JSON. The page makes no network request.

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace caremarket::results {

/// The folder is not a results folder, or one of its files cannot be read or makes no sense
/// (a usage error: exit code 2).
class ReportInputError : public std::runtime_error {
 public:
  explicit ReportInputError(const std::string& problem)
      : std::runtime_error(problem), problems_{problem} {}
  /// Several problems, each a line ("FILE:LINE: column 'NAME': ..."); what() is them joined by
  /// newlines. `problems` is not empty.
  explicit ReportInputError(std::vector<std::string> problems);
  /// Every problem, one a line, to say each as an error.
  [[nodiscard]] const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

/// The text of a results folder's files that the report is built from.
struct ReportSources {
  std::string manifest_json;
  std::string county_metrics_csv;
  std::string district_metrics_csv;
  std::string kpis_csv;
  std::string providers_csv;
  std::string spend_by_year_csv;
  /// False for a folder written before spend_by_year.csv existed (or one that lost it, which
  /// the report says where manifest.json lists the file); true, even when empty, once it is there.
  bool spend_by_year_present = false;
  /// The files that could not be read (their text left empty), by name ("kpis.csv"), and what
  /// was wrong: every missing one named at once ("cannot read F/a.csv and F/b.csv: no such
  /// files"), one that is a folder or a device named as such. build_report_html says these
  /// with every fault of the files that could be read.
  std::vector<std::string> unread;
  std::vector<std::string> unread_problems;
  /// The names of the folder's entries, where read_report_sources read a finished folder
  /// (none otherwise): a file manifest.json lists that is not among them is said
  /// ("the folder has no file scenario.resolved.toml, though manifest.json lists it ..."). A
  /// link to a file counts as one; a link to nothing, a folder or a pipe does not.
  std::optional<std::vector<std::string>> folder_files;
};

/// Reads manifest.json, county_metrics.csv, district_metrics.csv, kpis.csv and providers.csv
/// (and spend_by_year.csv where there is one) from `folder`; a CSV file that cannot be read is
/// noted in `unread` (build_report_html says it); throws ReportInputError where the folder or
/// its manifest.json cannot be read.
ReportSources read_report_sources(const std::filesystem::path& folder);

/// The same, except manifest.json (left empty): for a folder still being written.
ReportSources read_report_sources_without_manifest(const std::filesystem::path& folder);

/// The report for the files given; throws ReportInputError if they cannot be parsed.
std::string build_report_html(const ReportSources& sources);

/// The report for a results folder: build_report_html(read_report_sources(folder)).
std::string build_report_html(const std::filesystem::path& results_folder);

/// The names of the charts (the stems of results/report/charts/*.vl.json), in page order; each
/// is drawn in an element with id "chart-<name>".
std::vector<std::string> report_chart_names();

}  // namespace caremarket::results
