#pragma once
// The run report's spend by year (internal to caremarket_results): from spend_by_year.csv, a
// chart per service and both together (mean and the 90% range of runs, per category) and the
// table of the same numbers.

#include <ostream>
#include <string>

#include "results/report_page.hpp"

namespace caremarket::results::page {

/// spend_by_year.csv as its section reads it: parsed, with the columns and rows it needs and
/// every row's dates and numbers checked (those the section draws and those it does not), or
/// ReportInputError (parse_csv, Table::require_rows, Table::date and number; a cell's fault is
/// noted instead while page::CellFaults collects).
Table spend_table(const std::string& csv);
/// spend_by_year_comparison.csv as its section reads it, likewise.
Table spend_difference_table(const std::string& csv);

/// Writes the section (heading, explanation, chart container and table) and adds the chart's
/// dataset ("spend") and spec ("spend_by_year"); nothing when `csv` is empty (an older folder).
void write_spend_section(std::ostream& h, const std::string& csv, json& data, json& specs);

/// The compare report's spend by year: from spend_by_year_comparison.csv, each alternative's
/// paired difference from the base (mean and 95% interval) per year, category and service, as
/// a chart ("compare_spend", dataset "spend_diff") on scales centred at zero and the table of
/// the same numbers. Nothing when `csv` is empty (a folder from before the file existed).
void write_spend_difference_section(std::ostream& h, const std::string& csv,
                                    const std::string& base_name, json& data, json& specs);

}  // namespace caremarket::results::page
