#pragma once
// Words, scales and page pieces the what-if reports share (internal to caremarket_results):
// KPI names in words, how a unit is drawn on an axis, the manifest and the page's meta line.
// compare_report.cpp, sweep_report.cpp, sensitivity_report.cpp and analysis_report.cpp are
// built on it.

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "results/report_page.hpp"

namespace caremarket::results::analysis {

using json = page::json;

/// Whether a cell is a finite number as the results files write them (to_number), without
/// saying anything of a cell that is not: "abc", "" and "inf" are not.
bool is_number(const std::string& s);

/// The KPI's name without its capacity unit ("capacity_gap_final_homes" -> "capacity_gap_final").
std::string kpi_stem(const std::string& kpi);
/// The KPI in words, without its unit.
std::string kpi_words(const std::string& kpi);

/// How a unit is shown on a chart axis: shares in per cent, money in £ millions.
struct Scale {
  std::string suffix;
  double factor = 1.0;
};
Scale chart_scale(const std::string& unit);
/// kpi_words with the chart unit: "Capacity gap at the end (hours a week)".
std::string kpi_label(const std::string& kpi, const std::string& unit);

/// A scenario key in words: "costs.homecare.contract_rate_gbp_per_hour" gives "Homecare:
/// contract rate, £ per hour" (the service first, the section dropped, the unit spelt out).
std::string parameter_words(const std::string& key);

/// The headline KPIs of the summaries and the sweep, in order; -1 for another KPI.
const std::vector<std::string>& headline_stems();
int headline_index(const std::string& kpi);
int service_index(const std::string& service);

/// A difference in its unit, signed: shares in percentage points.
std::string format_difference(double v, const std::string& unit);

/// Each field of a manifest (an object) that a report reads but that is not what its writer
/// writes, as "manifest.json: \"KEY\": expected a string, found a number" (a count: a whole
/// number >= 1; `districts[0].code` for a list's element); empty when none is.
std::vector<std::string> manifest_field_faults(const json& m);
/// The manifest's text parsed: ReportInputError when it is no JSON object, or with every
/// manifest_field_faults.
json parse_manifest(const std::string& text);
std::string meta_text(const json& m, const char* key);
/// meta_text and its noun, singular when the value is 1: "1 run", "20 runs" ("?" if missing).
std::string meta_count(const json& m, const char* key, const std::string& one,
                       const std::string& many);
/// "; with --set K=V, --set K2=V2" for the manifest's `overrides`, or "" when there are none.
std::string overrides_text(const json& m);
/// The report's meta line (what, the --set overrides, seed, version, commit), then the
/// parameter sample it drew from, if any (page::parameter_sample_paragraph).
void write_meta(std::ostream& h, const json& m, const std::string& what);
/// Every object of a spec whose "field" is `field` (encodings), changed by `change`.
void patch_field(json& j, const std::string& field, const std::function<void(json&)>& change);
std::string footer(const std::string& command);

}  // namespace caremarket::results::analysis
