#pragma once
// Named, typed access to the columns of a parsed CSV file, collecting every problem as
// "file:line: column 'name': message". Internal to geography/.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "geography/csv.hpp"

namespace caremarket::geography {

/// What a file held, fit for a one-line message: control bytes (a binary file's, a line break
/// in a quoted name) as \xNN (and the rest as escaped() writes it), and at most about 400 bytes of
/// it (a field may be a whole file without line breaks): past that, its first and last 200 bytes,
/// so that a message quoting a long value keeps its reason (after the value) as well as its start.
std::string printable(std::string_view text);
/// `text` with what a terminal or a line-based reader would act on written out, however long:
/// control bytes as \xNN (but a line break and a tab where `keep_line_breaks`), a byte that
/// begins no UTF-8 character (RFC 3629) as \xNN, the C1 controls U+0080 to U+009F as \u0080 to
/// \u009f, and the line and paragraph separators as \u2028 and \u2029. printable uses it.
std::string escaped(std::string_view text, bool keep_line_breaks);
/// The length in bytes (1 to 4) of the UTF-8 character that begins at text[i], as RFC 3629
/// (section 4) allows one: no overlong form, no UTF-16 surrogate, nothing past U+10FFFF; 0 where
/// the byte begins none (a Latin-1 byte, a continuation byte, a sequence cut short) or i is past
/// the end.
std::size_t utf8_length(std::string_view text, std::size_t i);
/// The code point of the bidirectional formatting character that starts at text[i] (U+061C,
/// U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069), or 0. Unseen, such a character
/// reorders the text around it as it shows (a name that reads "Kent" can hold "tneK"), so a
/// message writes it escaped and a scenario's text may not hold it.
unsigned bidi_control_at(std::string_view text, std::size_t i);

/// Every problem found so far, already formatted for the user.
class Problems {
 public:
  void add(std::string_view file, std::size_t line, std::string_view column,
           std::string_view message);
  void add(std::string_view file, std::size_t line, std::string_view message);
  void add(std::string_view file, std::string_view message);
  [[nodiscard]] bool empty() const { return list_.empty(); }
  [[nodiscard]] std::size_t size() const { return list_.size(); }
  /// Throws GeographyError when there is any problem.
  void throw_if_any() const;

 private:
  std::vector<std::string> list_;
};

/// What a column must hold.
struct ColumnSpec {
  std::string_view name;
  bool required = true;
};

/// A parsed file with its header checked against the expected columns: a missing required
/// column, an unknown column and a repeated expected column are problems (a repeated column
/// the caller does not read, where other columns are allowed, is not: public exports have
/// them, and which of the two would be read is not in question). Rows whose number of fields
/// differs from the header's are reported once; their missing fields read as absent.
class Table {
 public:
  /// With `other_columns_allowed`, columns not in `columns` are the caller's to check.
  Table(std::string file, std::string_view text, const std::vector<ColumnSpec>& columns,
        Problems& problems, bool other_columns_allowed = false);

  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] const csv::Table& csv() const { return csv_; }
  [[nodiscard]] bool has_header() const { return csv_.header_line != 0; }
  /// A header was read, comma-separated, with every required column. When false, what is wrong
  /// has been reported; a reader should stop there rather than report what follows from it
  /// (every row "missing" a value the absent column holds).
  [[nodiscard]] bool has_columns() const { return has_columns_; }
  [[nodiscard]] bool has(std::string_view column) const { return index(column).has_value(); }
  [[nodiscard]] std::optional<std::size_t> index(std::string_view column) const;

  /// Typed reads of one field. An absent column or field gives nullopt without a problem (the
  /// header check or the row check has reported it); an empty field is a problem when
  /// `required`, otherwise gives `fallback`; a malformed value is a problem and gives nullopt.
  [[nodiscard]] std::optional<std::string> text(const csv::Record& row, std::string_view column,
                                                bool required = true) const;
  [[nodiscard]] std::optional<std::int64_t> whole_number(const csv::Record& row,
                                                         std::string_view column,
                                                         bool required = true,
                                                         std::int64_t fallback = 0) const;
  [[nodiscard]] std::optional<double> number(const csv::Record& row, std::string_view column,
                                             bool required = true, double fallback = 0.0) const;
  [[nodiscard]] std::optional<bool> boolean(const csv::Record& row, std::string_view column,
                                            bool required = true, bool fallback = false) const;

  /// Adds a problem at `row`'s line in `column`.
  void problem(const csv::Record& row, std::string_view column, std::string_view message) const;
  void problem(std::size_t line, std::string_view column, std::string_view message) const;

 private:
  [[nodiscard]] const std::string* field(const csv::Record& row, std::string_view column) const;

  std::string file_;
  csv::Table csv_;
  Problems* problems_;
  bool has_columns_ = false;
};

/// What is wrong with a file's encoding, and at which line (1-based): UTF-16, lines ending in a
/// carriage return alone, a control byte, or bytes that are not UTF-8; nullopt if none. Table
/// reports it itself; readers that look at a file before Table (a title block) ask first.
std::optional<std::pair<std::size_t, std::string>> encoding_problem(std::string_view text);

/// Adds a CSV syntax problem (csv::Table::Problem's field, message and whether it is in the
/// header) at `line` of `file`: in the header's column of that field where the header names
/// one, else as "field N" ("of the header" for the header itself).
void add_field_problem(Problems& problems, std::string_view file, std::size_t line,
                       const std::vector<std::string>& header, std::size_t field, bool in_header,
                       std::string_view message);

/// Parses a whole decimal number ("+12", "-3"; no separators); nullopt if malformed.
std::optional<std::int64_t> parse_whole_number(std::string_view s);
/// Parses a finite decimal number ("1.5", "-2e3"); nullopt if malformed or not finite.
std::optional<double> parse_number(std::string_view s);
/// Why parse_number refused `s`, quoting it: beyond a double's range (overflow or underflow:
/// at most about 1.8e308 and at least about 4.9e-324 in size, 0 apart), infinite or NaN, or
/// not a number.
std::string number_fault(std::string_view s);
/// Why `s` is not `what` (e.g. "a number of people >= 0"), quoting it: "'s' is not <what>", or,
/// when it is a number beyond a double's range or not finite, number_fault's words and
/// "; expected <what>".
std::string number_fault(std::string_view s, std::string_view what);
/// Why parse_whole_number refused `s`, quoting it: a whole number beyond the range of one
/// (at most 9223372036854775807 in size), a number beyond a double's (number_fault), a number
/// that is not whole, or not a number.
std::string whole_number_fault(std::string_view s);

/// The length in bytes of the space that starts `text` if it is one a web page or spreadsheet
/// puts in text that shows as a blank or as nothing (UTF-8 of U+00A0, U+1680, U+2000 to U+200B,
/// U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF, and the blanks U+115F, U+180E, U+200C, U+200D,
/// U+2060, U+2800, U+3164 and U+FFA0), or 0. ASCII white space is not counted.
std::size_t hidden_space_at(std::string_view text);
/// Whether text shows nothing: empty, or ASCII white space and the Unicode spaces a value
/// copied from a web page or a spreadsheet can carry (hidden_space_at) alone.
bool shows_nothing(std::string_view text);

/// " (it holds a no-break space, U+00A0)" for the first of the spaces a web page or spreadsheet
/// puts in text that shows as a blank or as nothing (U+00A0, U+1680, U+2000 to U+200B, U+2028,
/// U+2029, U+202F, U+205F, U+3000, U+FEFF, and the blanks of hidden_space_at) in `s`, to end a
/// message that quotes `s`: a value that
/// looks right but is refused says why; "" when `s` holds none.
std::string hidden_space_note(std::string_view s);

/// Why `text`, a scenario's text (a name, a code, a question), cannot be taken, or nullopt: it
/// is not UTF-8, or holds a control character (U+0000 to U+001F, U+007F, or U+0080 to U+009F, which
/// some terminals take for escape sequences), or a line break (also U+2028 or U+2029) or a tab
/// unless `lines` (text of several lines, as a scenario's question). E.g. "holds the control
/// character U+001B, which a scenario's text may not hold". Written on a terminal, a control
/// character moves the cursor or recolours it; in a results file's cell it is a byte no reader
/// expects.
std::optional<std::string> text_fault(std::string_view text, bool lines = false);
/// Why `text` cannot be a name that heads a run's files, folder and report (`what`: "scenario"
/// or "council"), or nullopt: empty ("an empty name; give the scenario a name ..."), blank
/// (spaces alone, hidden ones too: shows_nothing), refused by text_fault, or
/// starting or ending with a space, ASCII or hidden (hidden_space_at), which a reader
/// that trims fields drops. One rule for a scenario file's `name` and `area_name` and for the
/// `--name` of run and import.
std::optional<std::string> name_fault(std::string_view text, std::string_view what);
/// "'x ' starts or ends with a space, which a reader of the results that trims fields drops;
/// give the <noun> without it" for text with a space (ASCII or hidden_space_at) at either end,
/// or nullopt: a code or name written into the results files' cells.
std::optional<std::string> padded_fault(std::string_view text, std::string_view noun);
/// `text` with every character text_fault refuses in text of one line (a byte that begins no
/// UTF-8 character among them) replaced by `with`.
std::string without_refused_text(std::string_view text, char with);

}  // namespace caremarket::geography
