#include "geography/table.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include "geography/district_graph.hpp"

namespace caremarket::geography {

std::size_t utf8_length(std::string_view text, std::size_t i) {
  if (i >= text.size()) return 0;
  const auto byte = [&](std::size_t k) {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0U;
  };
  const unsigned c = byte(0);
  if (c < 0x80) return 1;
  // A lead byte and its continuation bytes, as RFC 3629 (section 4) allows them: no overlong
  // form (C0, C1; E0 then below A0; F0 then below 90), no UTF-16 surrogate (ED then A0 or above)
  // and nothing past U+10FFFF (F4 then 90 or above; F5 and up).
  const std::size_t n = c >= 0xc2 && c <= 0xdf   ? 2
                        : c >= 0xe0 && c <= 0xef ? 3
                        : c >= 0xf0 && c <= 0xf4 ? 4
                                                 : 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((byte(k) & 0xc0) != 0x80) return 0;
  const unsigned second = byte(1);
  if ((c == 0xe0 && second < 0xa0) || (c == 0xed && second >= 0xa0) ||
      (c == 0xf0 && second < 0x90) || (c == 0xf4 && second >= 0x90))
    return 0;
  return n;
}

unsigned bidi_control_at(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0U;
  };
  if (byte(0) == 0xd8 && byte(1) == 0x9c) return 0x061c;
  if (byte(0) != 0xe2) return 0;
  const unsigned b1 = byte(1), b2 = byte(2);
  if (b1 == 0x80 && (b2 == 0x8e || b2 == 0x8f || (b2 >= 0xaa && b2 <= 0xae)))
    return 0x2000U + (b2 - 0x80U);
  if (b1 == 0x81 && b2 >= 0xa6 && b2 <= 0xa9) return 0x2040U + (b2 - 0x80U);
  return 0;
}

std::string escaped(std::string_view text, bool keep_line_breaks) {
  constexpr char hex[] = "0123456789abcdef";
  const auto byte = [&](std::size_t i) {
    return i < text.size() ? static_cast<unsigned char>(text[i]) : 0U;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const unsigned u = byte(i);
    if (u < 0x20 || u == 0x7f) {
      if (keep_line_breaks && (u == '\n' || u == '\t')) {
        out += static_cast<char>(u);
      } else {
        out += "\\x";
        out += hex[u >> 4];
        out += hex[u & 0xf];
      }
      ++i;
      continue;
    }
    if (u < 0x80) {
      out += static_cast<char>(u);
      ++i;
      continue;
    }
    // A byte that begins no UTF-8 character is written \xNN.
    const std::size_t n = utf8_length(text, i);
    if (n == 0) {
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 0xf];
      ++i;
      continue;
    }
    // C1 controls (U+0080 to U+009F) and the line and paragraph separators (U+2028, U+2029).
    const bool c1 = u == 0xc2 && byte(i + 1) <= 0x9f;
    const bool separator = u == 0xe2 && byte(i + 1) == 0x80 && (byte(i + 2) & 0xfe) == 0xa8;
    if (c1) {
      out += "\\u00";
      out += hex[byte(i + 1) >> 4];
      out += hex[byte(i + 1) & 0xf];
    } else if (separator) {
      out += byte(i + 2) == 0xa8 ? "\\u2028" : "\\u2029";
    } else if (const unsigned bidi = bidi_control_at(text, i)) {
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out += hex[(bidi >> shift) & 0xfU];
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string printable(std::string_view text) {
  constexpr std::size_t max_bytes = 400;
  if (text.size() > max_bytes + 3) {
    // Cut on UTF-8 character boundaries: not inside a character's continuation bytes.
    std::size_t head = max_bytes / 2;
    while (head > 0 && (static_cast<unsigned char>(text[head]) & 0xC0) == 0x80) --head;
    std::size_t tail = text.size() - max_bytes / 2;
    while (tail < text.size() && (static_cast<unsigned char>(text[tail]) & 0xC0) == 0x80) ++tail;
    return printable(text.substr(0, head)) + "..." + printable(text.substr(tail));
  }
  return escaped(text, false);
}

void Problems::add(std::string_view file, std::size_t line, std::string_view column,
                   std::string_view message) {
  list_.push_back(std::string(file) + ':' + std::to_string(line) + ": column '" +
                  printable(column) + "': " + printable(message));
}

void Problems::add(std::string_view file, std::size_t line, std::string_view message) {
  list_.push_back(std::string(file) + ':' + std::to_string(line) + ": " + printable(message));
}

void Problems::add(std::string_view file, std::string_view message) {
  list_.push_back(std::string(file) + ": " + std::string(message));
}

void Problems::throw_if_any() const {
  if (!list_.empty()) throw GeographyError(list_);
}

std::optional<std::int64_t> parse_whole_number(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return value;
}

std::optional<double> parse_number(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  double value = 0.0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::string number_fault(std::string_view s) {
  const std::string quoted = "'" + std::string(s) + "'";
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double value = 0.0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec == std::errc::result_out_of_range && end == s.data() + s.size()) {
    // The digits before an exponent say nothing of the size: the exponent's sign does.
    const std::size_t e = s.find_first_of("eE");
    const bool tiny = e != std::string_view::npos && e + 1 < s.size() && s[e + 1] == '-';
    return quoted + (tiny ? " is too small for a number here (under about 4.9e-324 in size); "
                            "write 0 if 0 is meant"
                          : " is beyond the numbers a value can hold (at most about 1.8e308 "
                            "in size)");
  }
  if (ec == std::errc{} && end == s.data() + s.size()) return quoted + " is not a finite number";
  return quoted + " is not a number";
}

std::string number_fault(std::string_view s, std::string_view what) {
  const std::string fault = number_fault(s);
  if (parse_number(s) || fault.ends_with(" is not a number"))
    return "'" + std::string(s) + "' is not " + std::string(what);
  return fault + "; expected " + std::string(what);
}

std::string whole_number_fault(std::string_view s) {
  std::string_view digits = s;
  if (!digits.empty() && (digits.front() == '+' || digits.front() == '-')) digits.remove_prefix(1);
  if (!digits.empty() &&
      std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return "'" + std::string(s) +
           "' is beyond the whole numbers a value can hold (at most 9223372036854775807 in size)";
  }
  if (parse_number(s)) return "'" + std::string(s) + "' is not a whole number";
  const std::string fault = number_fault(s);
  return fault.ends_with(" is not a number") ? "'" + std::string(s) + "' is not a whole number"
                                             : fault;
}

// What is wrong with a file's encoding, at which line: UTF-16, lines ending in CR alone, a
// control byte (a NUL never reaches an output), or bytes that are not UTF-8 (Latin-1).
std::optional<std::pair<std::size_t, std::string>> encoding_problem(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  if (text.size() >= 2 &&
      ((byte(0) == 0xff && byte(1) == 0xfe) || (byte(0) == 0xfe && byte(1) == 0xff))) {
    return std::pair{std::size_t{1}, std::string("the file is UTF-16 encoded; save it as UTF-8 "
                                                 "(\"CSV UTF-8\" in Excel)")};
  }
  if (text.find('\r') != std::string_view::npos && text.find('\n') == std::string_view::npos) {
    return std::pair{std::size_t{1},
                     std::string("the lines end in a carriage return alone (old Mac line "
                                 "ends); save the file with LF or CRLF line ends")};
  }
  std::size_t line = 1;
  bool quoted = false;  // inside a quoted CSV field, where a line break is the field's own
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = byte(i);
    if (c == '\n') ++line;
    if (c == '"') quoted = !quoted;  // a doubled quote inside a field toggles twice
    // A carriage return alone among lines that end in LF would join two lines into one row.
    if (c == '\r' && !quoted && i + 1 < text.size() && byte(i + 1) != '\n') {
      return std::pair{line, std::string("the line ends in a carriage return alone (an old Mac "
                                         "line end); save the file with LF or CRLF line ends")};
    }
    if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f) {
      constexpr char hex[] = "0123456789abcdef";
      return std::pair{line, std::string("holds the control byte \\x") + hex[c >> 4] +
                                 hex[c & 0xf] + " (is it a text file?); save it as UTF-8 CSV"};
    }
    if (c < 0x80) continue;
    const std::size_t n = utf8_length(text, i);
    if (n == 0) {
      return std::pair{line, std::string("is not valid UTF-8 (Latin-1 or Windows-1252?); save "
                                         "the file as UTF-8 (\"CSV UTF-8\" in Excel)")};
    }
    i += n - 1;
  }
  return std::nullopt;
}

void add_field_problem(Problems& problems, std::string_view file, std::size_t line,
                       const std::vector<std::string>& header, std::size_t field, bool in_header,
                       std::string_view message) {
  if (!in_header && field < header.size() && !header[field].empty()) {
    problems.add(file, line, header[field], message);
  } else {
    problems.add(file, line,
                 "field " + std::to_string(field + 1) + (in_header ? " of the header: " : ": ") +
                     std::string(message));
  }
}

Table::Table(std::string file, std::string_view text, const std::vector<ColumnSpec>& columns,
             Problems& problems, bool other_columns_allowed)
    : file_(std::move(file)),
      csv_(csv::parse(encoding_problem(text) ? std::string_view{} : text)),
      problems_(&problems) {
  // A file in another encoding is refused whole, with what it is, not read as garbage.
  if (const auto bad = encoding_problem(text)) {
    problems_->add(file_, bad->first, bad->second);
    return;
  }
  // A syntax problem names its column where the header gives the field one.
  for (const auto& p : csv_.problems)
    add_field_problem(*problems_, file_, p.line, csv_.header, p.field, p.in_header, p.message);
  if (!has_header()) {
    problems_->add(file_, 1, "no header row (the file is empty or holds only comments)");
    return;
  }
  // A header of one column holding semicolons or tabs: the file is not comma-separated.
  if (csv_.header.size() == 1 && columns.size() > 1 &&
      csv_.header[0].find_first_of(";\t") != std::string::npos) {
    problems_->add(file_, csv_.header_line,
                   std::string("the header is one column holding ") +
                       (csv_.header[0].find(';') != std::string::npos ? "semicolons" : "tabs") +
                       ": the file is not comma-separated; save it as CSV with commas");
    return;
  }
  std::string expected;
  for (const ColumnSpec& c : columns) {
    if (!expected.empty()) expected += ", ";
    expected += c.name;
  }
  const auto& header = csv_.header;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const bool known = std::any_of(columns.begin(), columns.end(),
                                   [&](const ColumnSpec& c) { return c.name == header[i]; });
    if (!known && !other_columns_allowed) {
      problem(csv_.header_line, header[i], "unknown column (expected: " + expected + ")");
    } else if (known && std::find(header.begin(), header.begin() + static_cast<std::ptrdiff_t>(i),
                                  header[i]) != header.begin() + static_cast<std::ptrdiff_t>(i)) {
      problem(csv_.header_line, header[i], "column appears more than once in the header");
    }
  }
  has_columns_ = true;
  for (const ColumnSpec& c : columns) {
    if (c.required && !has(c.name)) {
      problem(csv_.header_line, c.name, "missing column");
      has_columns_ = false;
    }
  }
  // A quote never closed takes the rest of the file into the last record: that is said, and the
  // record is not read (its count of fields and its cells are the quote's doing).
  if (csv_.unclosed_quote && !csv_.records.empty()) csv_.records.pop_back();
  // A '#' line below the header (a row commented out, a note) is said as the comment it was
  // meant to be and not read: read, a provider's row commented out was a provider "# P002".
  std::erase_if(csv_.records, [&](const csv::Record& row) {
    if (row.fields.empty() || !row.fields.front().starts_with('#')) return false;
    problems_->add(file_, row.line,
                   "the line starts with '#': comment lines may come only before the header");
    return true;
  });
  for (const csv::Record& row : csv_.records) {
    if (row.fields.size() != header.size()) {
      problems_->add(file_, row.line,
                     std::to_string(row.fields.size()) + " fields where the header has " +
                         std::to_string(header.size()));
    }
  }
}

std::optional<std::size_t> Table::index(std::string_view column) const {
  const auto& header = csv_.header;
  const auto it = std::find(header.begin(), header.end(), column);
  if (it == header.end()) return std::nullopt;
  return static_cast<std::size_t>(it - header.begin());
}

const std::string* Table::field(const csv::Record& row, std::string_view column) const {
  const auto i = index(column);
  if (!i || *i >= row.fields.size()) return nullptr;
  return &row.fields[*i];
}

void Table::problem(const csv::Record& row, std::string_view column,
                    std::string_view message) const {
  problems_->add(file_, row.line, column, message);
}

void Table::problem(std::size_t line, std::string_view column, std::string_view message) const {
  problems_->add(file_, line, column, message);
}

std::optional<std::string> Table::text(const csv::Record& row, std::string_view column,
                                       bool required) const {
  const std::string* f = field(row, column);
  if (f == nullptr) return std::nullopt;
  if (f->empty() && required) {
    problem(row, column, "missing value");
    return std::nullopt;
  }
  return *f;
}

std::optional<std::int64_t> Table::whole_number(const csv::Record& row, std::string_view column,
                                                bool required, std::int64_t fallback) const {
  const std::string* f = field(row, column);
  if (f == nullptr) return required ? std::nullopt : std::optional<std::int64_t>(fallback);
  if (f->empty()) {
    if (!required) return fallback;
    problem(row, column, "missing value");
    return std::nullopt;
  }
  const auto value = parse_whole_number(*f);
  if (!value) {
    problem(row, column, whole_number_fault(*f) + hidden_space_note(*f));
  }
  return value;
}

std::optional<double> Table::number(const csv::Record& row, std::string_view column, bool required,
                                    double fallback) const {
  const std::string* f = field(row, column);
  if (f == nullptr) return required ? std::nullopt : std::optional<double>(fallback);
  if (f->empty()) {
    if (!required) return fallback;
    problem(row, column, "missing value");
    return std::nullopt;
  }
  const auto value = parse_number(*f);
  if (!value) {
    problem(row, column, number_fault(*f) + hidden_space_note(*f));
  }
  return value;
}

std::optional<bool> Table::boolean(const csv::Record& row, std::string_view column, bool required,
                                   bool fallback) const {
  const std::string* f = field(row, column);
  if (f == nullptr) return required ? std::nullopt : std::optional<bool>(fallback);
  std::string lower = *f;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  });
  if (lower.empty()) {
    if (!required) return fallback;
    problem(row, column, "missing value");
    return std::nullopt;
  }
  if (lower == "true" || lower == "yes" || lower == "1") return true;
  if (lower == "false" || lower == "no" || lower == "0") return false;
  problem(row, column, "'" + *f + "' is not true or false");
  return std::nullopt;
}

namespace {

/// The spaces of hidden_space_at, with their code points and names.
struct HiddenSpace {
  std::string_view utf8, code, name;
};
constexpr std::array<HiddenSpace, 28> hidden_spaces{{
    {"\xc2\xa0", "U+00A0", "a no-break space"},
    {"\xe1\x9a\x80", "U+1680", "an ogham space mark"},
    {"\xe2\x80\x80", "U+2000", "an en quad"},
    {"\xe2\x80\x81", "U+2001", "an em quad"},
    {"\xe2\x80\x82", "U+2002", "an en space"},
    {"\xe2\x80\x83", "U+2003", "an em space"},
    {"\xe2\x80\x84", "U+2004", "a three-per-em space"},
    {"\xe2\x80\x85", "U+2005", "a four-per-em space"},
    {"\xe2\x80\x86", "U+2006", "a six-per-em space"},
    {"\xe2\x80\x87", "U+2007", "a figure space"},
    {"\xe2\x80\x88", "U+2008", "a punctuation space"},
    {"\xe2\x80\x89", "U+2009", "a thin space"},
    {"\xe2\x80\x8a", "U+200A", "a hair space"},
    {"\xe2\x80\x8b", "U+200B", "a zero-width space"},
    {"\xe2\x80\xa8", "U+2028", "a line separator"},
    {"\xe2\x80\xa9", "U+2029", "a paragraph separator"},
    {"\xe2\x80\xaf", "U+202F", "a narrow no-break space"},
    {"\xe2\x81\x9f", "U+205F", "a medium mathematical space"},
    {"\xe3\x80\x80", "U+3000", "an ideographic space"},
    {"\xef\xbb\xbf", "U+FEFF", "a zero-width no-break space"},
    // Characters that show as nothing or as a blank though Unicode does not call them spaces.
    {"\xe1\x85\x9f", "U+115F", "a Hangul choseong filler"},
    {"\xe1\xa0\x8e", "U+180E", "a Mongolian vowel separator"},
    {"\xe2\x80\x8c", "U+200C", "a zero-width non-joiner"},
    {"\xe2\x80\x8d", "U+200D", "a zero-width joiner"},
    {"\xe2\x81\xa0", "U+2060", "a word joiner"},
    {"\xe2\xa0\x80", "U+2800", "a braille pattern blank"},
    {"\xe3\x85\xa4", "U+3164", "a Hangul filler"},
    {"\xef\xbe\xa0", "U+FFA0", "a halfwidth Hangul filler"},
}};

const HiddenSpace* hidden_space_starting(std::string_view text) {
  for (const HiddenSpace& sp : hidden_spaces)
    if (text.starts_with(sp.utf8)) return &sp;
  return nullptr;
}

}  // namespace

std::size_t hidden_space_at(std::string_view text) {
  const HiddenSpace* sp = hidden_space_starting(text);
  return sp == nullptr ? 0 : sp->utf8.size();
}

std::string hidden_space_note(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (const HiddenSpace* sp = hidden_space_starting(s.substr(i)))
      return " (it holds " + std::string(sp->name) + ", " + std::string(sp->code) + ")";
  }
  return {};
}

bool shows_nothing(std::string_view text) {
  while (!text.empty()) {
    if (std::string_view(" \t\r\n\v\f").find(text.front()) != std::string_view::npos) {
      text.remove_prefix(1);
      continue;
    }
    const std::size_t n = hidden_space_at(text);
    if (n == 0) return false;
    text.remove_prefix(n);
  }
  return true;
}

namespace {

/// The character at text[i]: its length in bytes, and why text_fault refuses it (empty: taken).
/// A byte that begins no UTF-8 character (RFC 3629, section 4: no overlong form, no UTF-16
/// surrogate, nothing past U+10FFFF) is one character of its own, refused.
std::pair<std::size_t, std::string> character_at(std::string_view text, std::size_t i, bool lines) {
  constexpr char hex[] = "0123456789ABCDEF";
  const auto at = [&](std::size_t k) {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0U;
  };
  const unsigned u = at(0);
  const auto code = [&](unsigned c) {
    return std::string("U+00") + hex[(c >> 4) & 0xf] + hex[c & 0xf];
  };
  if (u == '\n' || u == '\t')
    return {1, lines ? std::string()
                     : std::string(u == '\n' ? "holds a line break" : "holds a tab") +
                           ", but is one line of text"};
  if (u < 0x20 || u == 0x7f)
    return {1, "holds the control character " + code(u) + ", which a scenario's text may not hold"};
  if (u < 0x80) return {1, {}};
  const std::size_t n = utf8_length(text, i);
  if (n == 0)
    return {1, std::string("is not UTF-8 text (the byte 0x") + hex[u >> 4] + hex[u & 0xf] +
                   " begins no character)"};
  // U+0080 to U+009F (C2 80 to C2 9F): the C1 controls, which some terminals take for escapes.
  if (u == 0xc2 && at(1) <= 0x9f)
    return {
        2, "holds the control character " + code(at(1)) + ", which a scenario's text may not hold"};
  // U+2028 and U+2029 (E2 80 A8, E2 80 A9): a line and a paragraph separator.
  if (u == 0xe2 && at(1) == 0x80 && (at(2) == 0xa8 || at(2) == 0xa9))
    return {3, lines ? std::string()
                     : std::string("holds a line break (U+202") + (at(2) == 0xa8 ? "8" : "9") +
                           "), but is one line of text"};
  if (const unsigned bidi = bidi_control_at(text, i)) {
    std::string hex4;
    for (int shift = 12; shift >= 0; shift -= 4) hex4 += hex[(bidi >> shift) & 0xfU];
    return {n, "holds the bidirectional control U+" + hex4 +
                   ", which reorders how the text around it shows; a scenario's text may not "
                   "hold it"};
  }
  return {n, {}};
}

}  // namespace

std::optional<std::string> text_fault(std::string_view text, bool lines) {
  for (std::size_t i = 0; i < text.size();) {
    auto [n, fault] = character_at(text, i, lines);
    if (!fault.empty()) return std::move(fault);
    i += n;
  }
  return std::nullopt;
}

std::optional<std::string> padded_fault(std::string_view text, std::string_view noun) {
  if (text.empty()) return std::nullopt;
  bool ends_in_space = text.back() == ' ';
  for (std::size_t i = 0; i < text.size() && !ends_in_space;) {
    const std::size_t n = hidden_space_at(text.substr(i));
    if (n != 0 && i + n == text.size()) ends_in_space = true;
    i += n == 0 ? 1 : n;
  }
  if (text.front() == ' ' || hidden_space_at(text) != 0 || ends_in_space) {
    return "'" + std::string(text) +
           "' starts or ends with a space, which a reader of the results that trims fields " +
           "drops; give the " + std::string(noun) + " without it" + hidden_space_note(text);
  }
  return std::nullopt;
}

std::optional<std::string> name_fault(std::string_view text, std::string_view what) {
  if (shows_nothing(text)) {
    return std::string(text.empty() ? "an empty name" : "a name of spaces alone") + "; give the " +
           std::string(what) + " a name (it heads the results' files and report)" +
           hidden_space_note(text);
  }
  if (auto fault = text_fault(text)) return fault;
  return padded_fault(text, "name");
}

std::string without_refused_text(std::string_view text, char with) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto [n, fault] = character_at(text, i, false);
    if (fault.empty()) {
      out.append(text.substr(i, n));
    } else {
      out += with;
    }
    i += n;
  }
  return out;
}

}  // namespace caremarket::geography
