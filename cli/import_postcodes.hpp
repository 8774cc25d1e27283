#pragma once
// Reading the ONS postcode lookup (NSPL or ONSPD) for `caremarket import market`: the district
// of each postcode the register names, streamed line by line (the lookup has millions of rows).
// docs/data-files.md, "From public data".

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "geography/table.hpp"

namespace caremarket::cli {

/// A quoting problem in one line: the field's 0-based place and what is wrong.
struct LineProblem {
  std::size_t field = 0;
  std::string message;
};

/// Splits one line of a CSV file with no quoted line breaks (the postcode lookup, the framework
/// list) into its fields, with geography::csv::parse (its rules: unquoted fields trimmed, text
/// after a closing quote kept); a blank or `#` line gives one empty field. With `problem`, the
/// first quoting problem (text after a closing quote, a quote not closed) is recorded there.
std::vector<std::string> split_line(std::string_view line,
                                    std::optional<LineProblem>* problem = nullptr);

/// The districts of the postcodes in `wanted` (normalised: normal_postcode), by postcode: the
/// lookup's district code and the line it is on.
struct PostcodeDistricts {
  std::map<std::string, std::pair<std::string, std::size_t>> district;
  std::size_t rows = 0;
};

/// Reads the lookup at `path`: its header must name `pcds` and the district (`laua` in NSPL,
/// `oslaua` in ONSPD), in any case and each once. Every problem (a repeated or missing column,
/// a quoting problem, a row of the wrong width, a county's code for a district, a postcode
/// given two districts) goes to `problems` with file, line and column.
PostcodeDistricts read_postcodes(const std::string& path, const std::set<std::string>& wanted,
                                 geography::Problems& problems);

}  // namespace caremarket::cli
