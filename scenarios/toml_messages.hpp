#pragma once
// The words of a scenario's errors: toml++'s parse errors in plain words, numbers that would
// silently be read as 0, and the order errors are given in. Used by scenarios/toml_scenario.cpp.

#include <toml++/toml.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/toml_reader.hpp"

namespace caremarket::scenarios::detail {

/// Line `number` (1-based) of `text`, without its end; empty past the end.
std::string_view line_of(std::string_view text, std::size_t number);

/// toml++'s words for a number no TOML value can hold, or a date it cannot read, in plain words
/// (what is too large and what the largest is; a date in sim::date_fault's words); any other
/// parse error's description unchanged. toml++ quotes the number without its sign: with the
/// `line` it was on, the sign written before it is put back.
std::string plain_parse_error(const std::string& description, std::string_view line = {});

/// A table header that picks one element of a list (`[exits.shocks[0]]`, which TOML cannot
/// parse): the list's dotted key ("exits.shocks") and the plain words for it; nothing for
/// any other line.
struct IndexedHeader {
  std::string list;
  std::string message;
};
std::optional<IndexedHeader> indexed_header(std::string_view line);

/// The lines joined by newlines.
std::string joined(const std::vector<std::string>& lines);

/// The errors in the order a reader meets them: each file's by line, where the checks recorded
/// them in the schema's order; the files (and options) in the order of `files`, then any other
/// in the order its first error was recorded. An error is "FILE:LINE: ..." or, without a line (a
/// --set option, a file as a whole), "WHERE: ...".
std::vector<std::string> in_line_order(std::vector<std::string> errors,
                                       std::vector<std::string> files = {});

/// Every float in `node` (a table or array, walked through) that `text` gives as non-zero but
/// that was read as 0, with its key path: an error each, since it would silently be 0. `at`,
/// when given, is where every error is reported (an option rather than a file's line).
void refuse_underflows(Reader& r, const toml::node& node, std::string_view text,
                       const std::string& path, const toml::source_region* at = nullptr);

/// Digits with an optional sign, point and exponent (and TOML's underscores), or a hexadecimal,
/// octal or binary integer: text meant as a number, e.g. 1e400, 99999999999999999999999 or
/// 0x1FFFFFFFFFFFFFFFFF.
bool looks_numeric(const std::string& text);

}  // namespace caremarket::scenarios::detail
