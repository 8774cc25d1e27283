#pragma once
// A small CSV reader for the geography's data files: RFC 4180 quoting, LF or CRLF line ends, a
// leading block of `#` comment lines (the file's sources), blank lines ignored. Internal to
// geography/.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace caremarket::geography::csv {

/// One data row, with the line of the file it starts on (1-based, counting comment lines).
struct Record {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

struct Table {
  std::size_t header_line = 0;  // 0 when the file has no header row
  std::vector<std::string> header;
  std::vector<Record> records;
  /// Syntax problems (an unterminated quote, text after a closing quote), each as
  /// "line: message" parts for the caller to prefix with the file name, with the 0-based
  /// position of the field in its record and whether that record is the header, so that the
  /// caller can name the column.
  struct Problem {
    std::size_t line = 0;
    std::string message;
    std::size_t field = 0;
    bool in_header = false;
  };
  std::vector<Problem> problems;
  /// A quote was never closed: the last record (or the header, without records) holds the rest
  /// of the file.
  bool unclosed_quote = false;
};

/// Parses `text`. Unquoted fields are trimmed of surrounding spaces and tabs; quoted fields are
/// kept exactly, and may hold commas, doubled quotes and line breaks.
[[nodiscard]] Table parse(std::string_view text);

}  // namespace caremarket::geography::csv
