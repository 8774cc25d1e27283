#include "geography/csv.hpp"

#include <string>
#include <utility>

#include "geography/read_stop.hpp"

namespace caremarket::geography::csv {
namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

// Reads records one at a time, keeping track of the physical line for messages.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {
    // A UTF-8 byte order mark, as spreadsheet programs write, is not part of the first field.
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);
  }

  [[nodiscard]] bool done() const { return pos_ >= text_.size(); }
  [[nodiscard]] std::size_t line() const { return line_; }

  /// The rest of the current line, without its line end; moves to the next line.
  std::string_view skip_line() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
    std::string_view content = text_.substr(start, pos_ - start);
    if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
    if (pos_ < text_.size()) ++pos_;
    ++line_;
    return content;
  }

  [[nodiscard]] std::string_view peek_line() const {
    const auto end = text_.find('\n', pos_);
    std::string_view content =
        text_.substr(pos_, end == std::string_view::npos ? std::string_view::npos : end - pos_);
    if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
    return content;
  }

  /// One record starting at the current position; quoted fields may run over several lines.
  std::vector<std::string> record(std::vector<Table::Problem>& problems) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;             // the current field began with a quote
    bool in_quotes = false;          // inside the quotes of a quoted field
    bool after_quote = false;        // the closing quote has been seen
    std::size_t quote_line = line_;  // where the current field's opening quote is
    auto finish_field = [&] {
      fields.push_back(quoted ? field : std::string(trim(field)));
      field.clear();
      quoted = in_quotes = after_quote = false;
    };
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (in_quotes) {
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            field += '"';
            ++pos_;
          } else {
            in_quotes = false;
            after_quote = true;
          }
        } else {
          if (c == '\n') ++line_;
          field += c;
        }
        continue;
      }
      if (c == ',') {
        finish_field();
      } else if (c == '\n' || (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ||
                 (c == '\r' && pos_ >= text_.size())) {
        if (c == '\r' && pos_ < text_.size()) ++pos_;
        ++line_;
        finish_field();
        return fields;
      } else if (c == '"' && !quoted && trim(field).empty()) {
        quoted = in_quotes = true;
        quote_line = line_;
        field.clear();
      } else if (after_quote) {
        if (c != ' ' && c != '\t') {
          // A quote opened on an earlier line and closed here usually means one is missing
          // there: say where it opened.
          problems.push_back({line_,
                              quote_line == line_
                                  ? std::string("text after a closing quote")
                                  : "text after a closing quote (its opening quote is on line " +
                                        std::to_string(quote_line) + ": is a quote missing?)",
                              fields.size()});
          after_quote = false;  // report once per field; the text is kept
          field += c;
        }
      } else {
        field += c;
      }
    }
    if (in_quotes) {
      problems.push_back({quote_line, "quoted field is not closed", fields.size()});
      unclosed_ = true;
    }
    ++line_;
    finish_field();
    return fields;
  }
  /// Whether a record read so far opened a quote it never closed.
  [[nodiscard]] bool unclosed() const { return unclosed_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  bool unclosed_ = false;
};

bool blank(std::string_view line) {
  return trim(line).empty();
}

}  // namespace

Table parse(std::string_view text) {
  Table table;
  Reader reader(text);
  // The comment block: `#` lines (and blank lines) before the header.
  while (!reader.done()) {
    const std::string_view next = reader.peek_line();
    const std::string_view content = trim(next);
    if (content.empty() || content.front() == '#') {
      reader.skip_line();
      continue;
    }
    break;
  }
  if (reader.done()) return table;
  table.header_line = reader.line();
  table.header = reader.record(table.problems);
  for (Table::Problem& p : table.problems) p.in_header = true;
  // Column names are compared without the spaces around them, quoted or not ("cqcid " as
  // spreadsheets sometimes write a header cell).
  for (std::string& name : table.header) name = std::string(trim(name));
  while (!reader.done()) {
    if (blank(reader.peek_line())) {
      reader.skip_line();
      continue;
    }
    if (table.records.size() % 4096 == 0) throw_if_read_stopped();  // a signal stops a long read
    Record record;
    record.line = reader.line();
    record.fields = reader.record(table.problems);
    table.records.push_back(std::move(record));
  }
  table.unclosed_quote = reader.unclosed();
  return table;
}

}  // namespace caremarket::geography::csv
