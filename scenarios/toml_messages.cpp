// The words of a scenario's errors: toml++'s parse errors in plain words, numbers that would
// silently be read as 0, and the order errors are given in (scenarios/toml_messages.hpp).

#include "scenarios/toml_messages.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/calendar.hpp"

namespace caremarket::scenarios::detail {

namespace {

// Whether the text of a TOML float that was read as 0 names a number other than 0: one whose
// mantissa has a digit 1 to 9 (1e-400, 0.5e-330) is below the smallest double and underflowed.
bool names_nonzero(std::string_view text) {
  const auto exponent = text.find_first_of("eE");
  const std::string_view mantissa = text.substr(0, exponent);
  return mantissa.find_first_of("123456789") != std::string_view::npos;
}

// The source text of a value on one line of `text` (empty when it spans lines or is unknown).
std::string_view source_text(std::string_view text, const toml::source_region& where) {
  if (where.begin.line == 0 || where.begin.line != where.end.line) return {};
  std::size_t start = 0;
  for (toml::source_index line = 1; line < where.begin.line; ++line) {
    start = text.find('\n', start);
    if (start == std::string_view::npos) return {};
    ++start;
  }
  const std::size_t from = start + where.begin.column - 1;
  if (where.end.column < where.begin.column || from > text.size()) return {};
  return text.substr(from, where.end.column - where.begin.column);
}

}  // namespace

/// Line `number` (1-based) of `text`, without its end; empty past the end.
std::string_view line_of(std::string_view text, std::size_t number) {
  for (std::size_t n = 1; n < number; ++n) {
    const std::size_t end = text.find('\n');
    if (end == std::string_view::npos) return {};
    text.remove_prefix(end + 1);
  }
  return text.substr(0, text.find('\n'));
}

/// toml++'s words for a number no TOML value can hold, in plain words (what is too large and
/// what the largest is); any other parse error's description unchanged. toml++ quotes the
/// number without its sign: with the `line` it was on, the sign written before it is put back.
std::string plain_parse_error(const std::string& description, std::string_view line) {
  static const std::regex floating(
      R"(^Error while parsing floating-point: '(.*)' could not be interpreted as a value$)");
  static const std::regex integer(
      R"(^Error while parsing (decimal|hexadecimal|octal|binary) integer: '(.*)' is not representable in 64 bits$)");
  // The number as written on the line: toml++ drops its sign and its underscores (1_000).
  const auto signed_token = [&](const std::string& token) {
    std::string bare;                 // the line without underscores
    std::vector<std::size_t> origin;  // where each of its characters is on the line
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '_') continue;
      bare += line[i];
      origin.push_back(i);
    }
    const std::size_t at = token.empty() ? std::string::npos : bare.find(token);
    if (at == std::string::npos) return token;
    std::size_t begin = origin[at];
    const std::size_t end = origin[at + token.size() - 1] + 1;
    if (begin > 0 && (line[begin - 1] == '-' || line[begin - 1] == '+')) --begin;
    return std::string(line.substr(begin, end - begin));
  };
  std::smatch m;
  // A date toml++ cannot parse (2027-02-30, 2027-4-1, 2027-04-01T25:00): the date as written,
  // in the words every other date is refused with (sim::date_fault), not toml++'s.
  if (description.starts_with("Error while parsing date") ||
      description.starts_with("Error while parsing time")) {
    static const std::regex date_token(R"([0-9][0-9:.TtZz+-]*-[0-9:.TtZz+-]*)");
    const std::string text(line);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), date_token);
         it != std::sregex_iterator(); ++it) {
      const std::string token = it->str();
      const auto fault = sim::date_fault(token);
      if (!fault) continue;
      return "'" + token + "' " + *fault;
    }
  }
  if (std::regex_match(description, m, floating))
    return "'" + signed_token(m[1].str()) +
           "' is beyond the numbers a scenario can hold (at most about 1.8e308 in size)";
  if (std::regex_match(description, m, integer))
    return "'" + signed_token(m[2].str()) +
           "' is beyond the whole numbers a scenario can hold (-9223372036854775808 to "
           "9223372036854775807" +
           (m[1].str() == "decimal"
                ? "; write a number that need not be whole with a decimal point or an exponent)"
                : ")");
  return description;
}

std::optional<IndexedHeader> indexed_header(std::string_view line) {
  // [list[0]], [[list[0]]] or [a.list[2].sub], spaces allowed where TOML allows them.
  static const std::regex header(
      R"(^\s*\[\[?\s*([A-Za-z0-9_-]+(?:\s*\.\s*[A-Za-z0-9_-]+)*)\s*\[\s*[0-9]+\s*\].*)");
  std::smatch m;
  const std::string text(line);
  if (!std::regex_match(text, m, header)) return std::nullopt;
  std::string list = m[1].str();
  std::erase_if(list, [](char c) { return c == ' ' || c == '\t'; });
  return IndexedHeader{list,
                       "a table header cannot pick one element of a list; a list of tables "
                       "is written [[" +
                           list +
                           "]] above each element's keys, one header "
                           "an element, in the list's order"};
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += (out.empty() ? "" : "\n") + line;
  return out;
}

/// The errors in the order a reader meets them: each file's by line, where the checks recorded
/// them in the schema's order; the files (and options) in the order of `files`, then any other
/// in the order its first error was recorded. An error is "FILE:LINE: ..." or, without a line (a
/// --set option, a file as a whole), "WHERE: ...".
std::vector<std::string> in_line_order(std::vector<std::string> errors,
                                       std::vector<std::string> files) {
  static const std::regex located(R"(^(.*?):([0-9]+): )");
  const auto key = [&](const std::string& e) {
    std::smatch m;
    std::string where;
    std::size_t line = 0;
    if (std::regex_search(e, m, located)) {
      where = m[1].str();
      line = std::stoul(m[2].str());
    } else {
      where = e.substr(0, e.find(": "));
    }
    auto it = std::find(files.begin(), files.end(), where);
    if (it == files.end()) it = files.insert(files.end(), where);
    return std::pair(static_cast<std::size_t>(it - files.begin()), line);
  };
  std::vector<std::pair<std::pair<std::size_t, std::size_t>, std::string>> keyed;
  for (std::string& e : errors) {
    auto k = key(e);
    keyed.emplace_back(k, std::move(e));
  }
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (auto& [k, e] : keyed) out.push_back(std::move(e));
  return out;
}

// Every float in `node` (a table or array, walked through) that its text gives as non-zero but
// that was read as 0, with its key path: an error each, since it would silently be 0.
// `at`, when given, is where every error is reported (an option rather than a file's line).
void refuse_underflows(Reader& r, const toml::node& node, std::string_view text,
                       const std::string& path, const toml::source_region* at) {
  if (const auto* t = node.as_table()) {
    for (const auto& [k, v] : *t) {
      refuse_underflows(
          r, v, text, path.empty() ? std::string(k.str()) : path + "." + std::string(k.str()), at);
    }
  } else if (const auto* a = node.as_array()) {
    for (std::size_t i = 0; i < a->size(); ++i)
      refuse_underflows(r, *a->get(i), text, path + "[" + std::to_string(i) + "]", at);
  } else if (const auto* f = node.as_floating_point(); f != nullptr && f->get() == 0.0) {
    const std::string_view written = source_text(text, node.source());
    if (names_nonzero(written)) {
      r.error(
          at != nullptr ? *at : node.source(), path,
          "'" + std::string(written) +
              "' is too small for a number a scenario can hold (the smallest is about 5e-324): it "
              "would be read as 0; write 0 if that is meant");
    }
  }
}

/// Digits with an optional sign, point and exponent (and TOML's underscores), or a hexadecimal,
/// octal or binary integer: text meant as a number, e.g. 1e400, 99999999999999999999999 or
/// 0x1FFFFFFFFFFFFFFFFF.
bool looks_numeric(const std::string& text) {
  // TOML's hexadecimal, octal and binary integers: 0x1F, 0o17, 0b101.
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'o' || text[1] == 'b')) {
    const std::string_view digits = text[1] == 'x'   ? "0123456789abcdefABCDEF_"
                                    : text[1] == 'o' ? "01234567_"
                                                     : "01_";
    return text.find_first_not_of(digits, 2) == std::string::npos;
  }
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  if (i >= text.size() || !(std::isdigit(static_cast<unsigned char>(text[i])) != 0)) return false;
  bool exponent = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.') continue;
    if ((c == 'e' || c == 'E') && !exponent) {
      exponent = true;
      if (i + 1 < text.size() && (text[i + 1] == '+' || text[i + 1] == '-')) ++i;
      continue;
    }
    return false;
  }
  return true;
}

}  // namespace caremarket::scenarios::detail
