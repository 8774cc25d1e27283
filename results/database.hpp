#pragma once
// A results folder's tables for tools that read a database rather than CSV files (Power BI, Excel
// through ODBC, R, pandas), and the split of a table too long for a spreadsheet.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace caremarket::results {

/// The most rows a spreadsheet shows (Excel's sheet: 1,048,576, the header included).
inline constexpr std::size_t spreadsheet_row_limit = 1'048'576;

/// The bytes of an SQLite database holding one table per CSV file (named as the file without
/// ".csv"), with the header's columns; a field that is a number is stored as REAL, an empty one
/// as NULL, any other as TEXT. `csv_files` is {file name, CSV text} in the order to write them.
std::string sqlite_database(const std::vector<std::pair<std::string, std::string>>& csv_files);

/// The data rows of a CSV text grouped by the value of column `column` (in first-seen order),
/// each group a CSV text with the same header: {value, text}. Fields are RFC 4180 (quotes).
std::vector<std::pair<std::string, std::string>> split_csv_by(const std::string& csv,
                                                              const std::string& column);

/// The fields of each record of a CSV text (RFC 4180: quoted fields may hold commas, quotes as
/// "" and line breaks), the header first.
std::vector<std::vector<std::string>> parse_csv(const std::string& csv);

}  // namespace caremarket::results
