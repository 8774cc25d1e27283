#pragma once
// What every report page shares (internal to caremarket_results): reading a results folder's
// CSV files, words and numbers for people, and the page scaffolding (head, styles, the inlined
// chart libraries, the chart containers, the inlined data and specs and the embed calls). The
// run report (report.cpp) and the what-if reports (analysis_report.cpp and the files beside it)
// are built on it.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "results/format.hpp"
#include "results/report.hpp"

namespace caremarket::results::page {

using json = nlohmann::ordered_json;

/// Whether a results file may be there: it exists, or its status cannot be had for another
/// reason than its absence (a loop of symbolic links, a folder on its path that cannot be
/// searched), so that reading it says why. Never throws.
bool present(const std::filesystem::path& path);
/// Throws ReportInputError unless `folder` is a folder: "F is not a folder", or why its status
/// cannot be had ("F: cannot read the folder: Too many levels of symbolic links").
void check_folder(const std::filesystem::path& folder);
/// The whole of a file; throws ReportInputError if it cannot be read.
std::string read_text(const std::filesystem::path& path);

/// The JSON text of manifest.json parsed; throws ReportInputError when it is no JSON
/// ("manifest.json is not valid JSON: ...") or gives a key twice in one object (JSON keeps the
/// last, so a page would draw one of two values: "manifest.json: \"replications\" is given twice
/// ...").
json parse_manifest_json(const std::string& text);

/// A manifest's "replications" (the runs behind every row of a run's, a sweep point's or a
/// comparison's files), or 0 where it gives none (an older manifest, or one at fault, which is
/// said elsewhere).
std::int64_t manifest_runs(const json& m);

/// Whether `text` is a whole number as a results file writes one: digits alone, with no sign,
/// point, exponent or leading zero ("2"; not "+2", "2.0", "1e0" or "02").
bool written_count(std::string_view text);

/// A CSV table as written by results/writers.cpp and analysis/*.cpp: a header line, then rows;
/// fields quoted when they hold a comma, quote or line break.
struct Table {
  std::string name;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  /// The file's line on which each row starts (1 is the header's), as rows.
  std::vector<std::size_t> lines;
  /// The index of a column; throws ReportInputError naming the file if there is none.
  [[nodiscard]] std::size_t column(std::string_view col) const;
  [[nodiscard]] bool has_column(std::string_view col) const;
  /// Throws ReportInputError naming the file and every one of `cols` it lacks: a file of
  /// another kind, or garbage, is refused before it is read (with no rows it would be read as
  /// nothing).
  void require(std::initializer_list<std::string_view> cols) const;
  /// As require, and a file with no rows is refused too: for a file every run of its command
  /// writes rows in.
  void require_rows(std::initializer_list<std::string_view> cols) const;
  /// The number in `row` (an element of `rows`) at column `col`, as to_number reads it; throws
  /// ReportInputError naming the file, line and column of anything else ("sweep.csv:4: column
  /// 'mean': 'abc' is not a number").
  [[nodiscard]] double number(const std::vector<std::string>& row, std::size_t col) const;
  [[nodiscard]] double number(const std::vector<std::string>& row, std::string_view col) const;
  /// As number, for a count: a whole number >= `least` (a run's replications, a rank); throws
  /// ReportInputError naming the file, line and column of anything else (nan, 1.7, 1e300).
  [[nodiscard]] std::int64_t count(const std::vector<std::string>& row, std::string_view col,
                                   std::int64_t least) const;
  /// The date YYYY-MM-DD in `row` at column `col`, as the file gives it; throws
  /// ReportInputError naming the file, line and column of anything else ("spend_by_year.csv:2:
  /// column 'year_start': '2027-13-01' is not a day of the calendar ...").
  [[nodiscard]] const std::string& date(const std::vector<std::string>& row,
                                        std::string_view col) const;
  /// As number, for a probability or a share of a whole: empty (none, NaN) or from 0 to 1;
  /// throws ReportInputError naming the file, line and column of anything else (1.7, -0.2,
  /// inf), or notes it (CellFaults) and gives NaN.
  [[nodiscard]] double probability(const std::vector<std::string>& row, std::string_view col) const;
  /// As number, for a value that must be finite (not empty, nan or inf): a parameter's value.
  [[nodiscard]] double finite(const std::vector<std::string>& row, std::string_view col) const;
  /// As number, for a mean over runs or a difference of means: empty (none) or finite, never
  /// inf or -inf, which no mean of a run's figures is.
  [[nodiscard]] double real(const std::vector<std::string>& row, std::string_view col) const;
  /// As real, for a value never below 0 (a standard deviation, a swing's size, a half-width):
  /// empty (none) or from 0; throws ReportInputError naming the cell of anything else, or notes
  /// it (CellFaults) and gives 0.
  [[nodiscard]] double nonnegative(const std::vector<std::string>& row, std::string_view col) const;
  /// Says (throws ReportInputError, or notes) a row whose `low` end is above its `high` end
  /// (ci95_low above ci95_high); cells that are no number or empty are left to their readers.
  void interval(const std::vector<std::string>& row, std::string_view low,
                std::string_view high) const;
  /// Says (throws ReportInputError, or notes) the first row whose `replications` is a count
  /// other than `runs`, the manifest's `field`, with how many rows differ: every run gives every
  /// cell of a run's (or a sweep point's, or a comparison's) files a value, so such a file is of
  /// other runs than its manifest ("kpis.csv:2: column 'replications': 2 runs, but
  /// manifest.json's \"replications\" is 5 ..."). With `at_most`, only a count above `runs`
  /// (a sensitivity's parameter that stopped early ran fewer). Nothing when `runs` is 0 (no count
  /// in the manifest) or there is no such column; a cell that is no count is left to count().
  void runs_as_manifest(std::int64_t runs, std::string_view field = "replications",
                        bool at_most = false) const;
  /// Says (throws ReportInputError, or notes) the first row whose `col` is not `value`, the
  /// manifest's `field`, with how many rows differ ("kpis.csv:2: column 'scenario': 'a', but
  /// manifest.json's \"scenario\" is 'b' ..."). Nothing when the file has no such column.
  void text_as_manifest(std::string_view col, const std::string& value,
                        std::string_view field) const;
  /// As finite, for a value that must be above 0 (a standard deviation); gives 1 after a fault.
  [[nodiscard]] double positive(const std::vector<std::string>& row, std::string_view col) const;
  /// Says (throws ReportInputError, or notes) a row whose service and `kpi` name no KPI of
  /// results::kpi_table() (docs/metrics.md), whose `unit` is not that KPI's, or whose
  /// `direction`, where the file has the column, is not that KPI's: a page draws a figure by
  /// its name, reads a share, count or sum of money by its unit, and counts a difference better
  /// or worse by its direction. Each kind of fault is said at its first row, with a count
  /// ("comparison.csv:4: column 'direction': 'neutral', but spend_gbp_total of homecare is
  /// lower_is_better (docs/metrics.md; 1 of the file's 120 rows)"). A service of no model is
  /// left to parse_csv, which says it.
  void kpi_columns() const;
  /// Says (throws ReportInputError, or notes) a row whose `service` is homecare or supported
  /// living and whose `metric` is none a run writes for it (written_metrics), at the first such
  /// row with a count ("county_metrics.csv:6: column 'metric': 'people_waitin' is no metric a
  /// run writes for homecare (docs/metrics.md lists them; 24 of the file's 732 rows)"). `also`
  /// names more a file may give (a calibration target's spend_total_gbp, all spend summed).
  void metric_columns(std::initializer_list<std::string_view> also = {}) const;
  /// Says (throws ReportInputError, or notes) a row whose `col` is none of `values`, at the
  /// first such row with a count: a word the writer writes one of (a provider's kind, a
  /// target's role), which a page reads by its value ("targets.csv:2: column 'role': 'fited' is
  /// neither fitted nor held_out (1 of the file's 14 rows)").
  void one_of(std::string_view col, std::initializer_list<std::string_view> values) const;
  /// Says (throws ReportInputError, or notes) a row whose area code (column `code_col`) is
  /// none of `areas` (code -> name: the manifest's districts, or its council), or whose name
  /// (`name_col`) is not that code's, each kind at its first row with a count: a row of an area
  /// the run did not have was left off the map or drawn under another's name
  /// ("district_metrics.csv:14: column 'district_code': 'E07000999' is no area of the run
  /// (manifest.json's districts; 31 of the file's 4392 rows)"). `where` names the list
  /// ("manifest.json's districts"). Blank cells pass where `blank_ok` (a provider that holds
  /// nothing). Nothing when `areas` is empty (a manifest giving none).
  void areas_as_manifest(std::string_view code_col, std::string_view name_col,
                         const std::map<std::string, std::string>& areas, const std::string& where,
                         bool blank_ok = false) const;
  /// Says (throws ReportInputError, or notes) every KPI of results::kpi_table() that no row of
  /// the file gives (by `service` and `kpi`), five then how many more: a file a run writes
  /// gives every KPI of both services, and a page showed a row deleted as nothing.
  void all_kpis() const;
  /// Says (throws ReportInputError, or notes) every KPI of results::kpi_table() that no row of
  /// a group gives, the rows grouped by `col` in the order of their first rows, three groups
  /// named, then how many more ("sweep.csv: no row of homecare referrals_total for point '2':
  /// <why>"): a file that gives every KPI of both services for each of its points.
  void all_kpis_by(std::string_view col, std::string_view why) const;
  /// A sensitivity's rows (sensitivity.csv, morris.csv) by `parameter`, `service` and `kpi`:
  /// says (throws ReportInputError, or notes) a parameter holding a space (a scenario key holds
  /// none, so a padded name was a second parameter drawn as a second bar), a row of a KPI that
  /// is not a headline figure (results::sensitivity_kpis), and every parameter's headline figure
  /// that no row gives, five then how many more ("sensitivity.csv: no row of homecare
  /// provider_exits_total for parameter 'exits.stress_slope': ..."). Returns the parameters in
  /// the order of their first rows.
  [[nodiscard]] std::vector<std::string> sensitivity_parameters() const;
  /// Says (throws ReportInputError, or notes) the first row whose cells in `key` repeat an
  /// earlier row's, with the line of that row and how many rows repeat one: a page keeps one
  /// row of each key ("kpis.csv:9: service 'homecare', kpi 'x' repeat line 4 (a page keeps one
  /// row of each; 1 of the file's 60 rows)").
  void unique_rows(std::initializer_list<std::string_view> key) const;
  /// The message of all_kpis_by and sensitivity_parameters: for each of `groups` (of kind
  /// `group`, "point" or "parameter"), the KPIs of `kpis` (indices into kpi_table()) that
  /// `given` (group -> its rows' service and KPI) lacks.
  void say_rows_lacking(
      std::string_view group, const std::vector<std::string>& groups,
      const std::map<std::string, std::set<std::pair<std::string, std::string>>>& given,
      const std::vector<std::size_t>& kpis, std::string_view why) const;
  /// The line of the row whose count of fields stopped the reading (0: the file was read to its
  /// end); `rows` are those before it.
  std::size_t cut_line = 0;
  /// "the file's 61 rows", or, where a row stopped the reading, "the 8 rows read before line
  /// 10": what a count of rows at fault is of.
  [[nodiscard]] std::string rows_words() const;
  /// "FILE:LINE: column 'NAME'", where a message says a cell is at fault.
  [[nodiscard]] std::string place(const std::vector<std::string>& row, std::size_t col) const;
};
/// The names of the metrics a run writes for a service ("homecare" or "supported_living"; none
/// for another), as results/writers.cpp writes them: each results::is_output_metric, named by
/// sim::metric_name ("capacity_gap_homes").
const std::set<std::string>& written_metrics(std::string_view service);
/// Up to five of `items`, then how many more, for a message: "a, b and c",
/// "a, b, c, d, e and 7 more".
std::string some_of(const std::vector<std::string>& items);

/// Says a fault of a results folder: noted if a CellFaults is alive on this thread (so that the
/// report reads on and says every fault at once), else thrown (ReportInputError).
void say_fault(const std::string& fault);

/// Says that a results file and its folder's manifest.json are of different runs: `fault` (what
/// the file gives and the manifest says, e.g. "sweep.csv:2: column 'replications': '5', but
/// manifest.json's \"replications\" is 2 (...)") then ": the file and the manifest are of
/// different runs". Noted if a CellFaults is alive on this thread, else thrown
/// (ReportInputError).
void say_runs_differ(const std::string& fault);

/// While one is alive on a thread, Table::number, count and date on that thread note a cell that
/// is no number, count or date instead of throwing, and give a stand-in (0, `least`,
/// 1970-01-01) so that the report reads on: every such cell of every file is said at once.
/// run() builds with it and throws ReportInputError with every cell noted, and any other
/// fault met after them, in the order met.
class CellFaults {
 public:
  CellFaults();
  ~CellFaults();
  CellFaults(const CellFaults&) = delete;
  CellFaults& operator=(const CellFaults&) = delete;
  /// Notes a cell's fault, if one is alive on this thread; returns whether it was noted.
  static bool note(const std::string& fault);
  /// Builds the page with `build`, then throws every fault noted (and one `build` threw).
  template <typename Build>
  static std::string run(Build&& build) {
    CellFaults faults;
    std::string html;
    try {
      html = build();
    } catch (const ReportInputError& e) {
      for (const std::string& p : e.problems()) static_cast<void>(faults.add(p));
    } catch (const std::exception& e) {
      // After a fault noted, a failure further on is most likely its consequence (a row left
      // out): the faults are said. A stop asked for (a signal) goes through.
      if (faults.faults_.empty() || is_stop(e)) throw;
    }
    if (!faults.faults_.empty()) throw ReportInputError(std::move(faults.faults_));
    return html;
  }

 private:
  bool add(const std::string& fault);
  static bool is_stop(const std::exception& e);
  std::vector<std::string> faults_;
  std::unordered_set<std::string> noted_;  // faults_, for a check that does not grow with them
  CellFaults* previous_ = nullptr;
};
/// Throws ReportInputError naming every one of `names` missing from `folder` at once ("cannot
/// read F/a.csv and F/b.csv: no such files"); nothing when all are there.
void require_files(const std::filesystem::path& folder, std::initializer_list<const char*> names);
/// Throws ReportInputError naming the file and line of a malformed row.
Table parse_csv(const std::string& text, const std::string& name);
/// Runs each of `reads` (each reads one file of a page: parses it and checks its columns), then
/// throws one ReportInputError with the faults of every one that threw, in order: a file that
/// cannot be read (empty, a column missing, no rows) hides no fault of the files after it.
void read_tables(std::initializer_list<std::function<void()>> reads);

/// A JSON parser's fault in words for people: nlohmann's "[json.exception.parse_error.101]
/// parse error at line 1, column 2: ..." without its bracketed identifier.
std::string json_fault_words(const std::exception& e);

/// A CSV number ("" is NaN; "inf"); throws ReportInputError for anything else.
double to_number(const std::string& s);
/// A number for the inlined data: 4 significant digits; non-finite as null.
json data_number(double v);

std::string service_label(std::string_view service);
std::string unit_words(std::string_view unit);
std::string html_escape(std::string_view s);
/// JSON that may sit inside a <script> element.
std::string script_json(const json& j);
/// 1234567 -> "1,234,567", with `digits` decimals.
std::string with_commas(double v, int digits);
/// A value in its unit (share, gbp, days, hours_per_week, homes, people...), for prose.
std::string format_value(double v, std::string_view unit);
std::string percent(double share);
using results::join_words;

/// The paragraph saying which parameter sample a command drew from (its manifest's
/// "parameter_sample": file, keys and sets), or "" when it drew from none.
std::string parameter_sample_paragraph(const json& manifest);

/// A district's short label on a hex map ("Tunbridge Wells" -> "T. Wells").
std::string short_name(const std::string& name);

/// Hexagon positions (pixels) on a hex map from odd-r offset positions (rows run north), with
/// the plot's size and the point size of one hexagon.
struct HexCell {
  int col = 0;
  int row = 0;
};
struct HexGrid {
  std::vector<double> x;
  std::vector<double> y;
  int width = 300;
  int height = 300;
  double size = 0.0;
};
HexGrid hex_grid(const std::vector<HexCell>& cells);

/// A file compiled into the library for the report, by its path relative to results/.
std::string_view report_asset(std::string_view path);

/// The parsed Vega-Lite spec results/report/charts/<name>.vl.json.
json chart_spec(std::string_view name);

/// Rewords the charts of a page built from `runs` runs (0: not known, nothing changed) for what
/// the runs support: below values_for_quantile(0.05) = 20 runs every tooltip titled "... 5th
/// percentile" or "... 95th percentile" gains "(rough)" and every description's 90% range or
/// band becomes the 5th to 95th percentile, rough; with one run those tooltips are dropped (they
/// would repeat the value). `specs` maps chart names to {"spec": ...} as write_page_tail takes.
void word_ranges_for_runs(json& specs, std::int64_t runs);

/// Removes, from every array anywhere in `specs`, each object whose "title" contains `fragment`:
/// the hovers of a statistic the page cannot give (one run's percentiles or interval).
void drop_titled(json& specs, std::string_view fragment);

/// The page up to and including "<main>": doctype, title, styles and the three inlined chart
/// libraries.
void write_page_head(std::ostream& h, const std::string& title);
/// A chart's container: <div class="chart" id="chart-NAME" data-chart="NAME">.
void chart_div(std::ostream& h, std::string_view name);
/// The footer, "</main>", the data and specs as JSON and the script that draws every chart
/// (SVG renderer, export actions), then "</body></html>".
void write_page_tail(std::ostream& h, const json& data, const json& specs,
                     std::string_view footer_html);

}  // namespace caremarket::results::page
