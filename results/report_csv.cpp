// Reading a results file's CSV text for a report page (declared in results/report_page.hpp):
// the rows as written (RFC 4180 quoting, LF or CRLF line ends), every fault named by file and
// line, and the services its rows give checked against the model's.

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "geography/table.hpp"
#include "results/format.hpp"
#include "results/kpis.hpp"
#include "results/report_page.hpp"
#include "results/writers.hpp"

namespace caremarket::results::page {

Table parse_csv(const std::string& text, const std::string& name) {
  Table t;
  t.name = name;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  bool any = false;
  std::size_t line = 1;        // the line being read
  std::size_t row_line = 1;    // the line the row being read started on
  std::size_t quote_line = 1;  // the line of the last opening quote
  // A row with the wrong number of fields stops the reading of its file: thrown, or noted while
  // CellFaults collects (the rows before it are read, and their cells said too).
  std::optional<std::string> cut_at;
  const auto end_row = [&] {
    row.push_back(std::move(field));
    field.clear();
    if (t.header.empty()) {
      t.header = std::move(row);
    } else if (!cut_at) {
      if (row.size() != t.header.size()) {
        const std::string message = name + ":" + std::to_string(row_line) + ": the row has " +
                                    counted(static_cast<long long>(row.size()), "field") +
                                    "; the header has " +
                                    counted(static_cast<long long>(t.header.size()), "column");
        if (!CellFaults::note(message)) throw ReportInputError(message);
        cut_at = message;
        t.cut_line = row_line;
      } else {
        t.rows.push_back(std::move(row));
        t.lines.push_back(row_line);
      }
    }
    row.clear();
    any = false;
    row_line = line;
  };
  // Lines ended by a carriage return alone would read as one line: a header and no rows.
  if (text.find('\r') != std::string::npos && text.find('\n') == std::string::npos)
    throw ReportInputError(name +
                           ": the lines end in a carriage return alone (old Mac line ends); save "
                           "the file with LF or CRLF line ends");
  // A UTF-8 byte-order mark (a spreadsheet's "CSV UTF-8") is no part of the first column's name.
  const std::size_t first = std::string_view(text).starts_with("\xEF\xBB\xBF") ? 3 : 0;
  for (std::size_t i = first; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') ++line;
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      quote_line = line;
      any = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\n') {
      end_row();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] != '\n') {
      // A carriage return alone would join two lines into one row: said, as of a whole file.
      throw ReportInputError(name + ":" + std::to_string(line) +
                             ": the line ends in a carriage return alone (an old Mac line end); "
                             "save the file with LF or CRLF line ends");
    } else if (c != '\r') {
      field += c;
      any = true;
    }
  }
  // A quote never closed took the rest of the file into one field.
  if (quoted)
    throw ReportInputError(name + ":" + std::to_string(quote_line) +
                           ": a quoted field is not closed (a '\"' without its closing '\"')");
  if (any || !field.empty()) end_row();
  if (t.header.empty()) throw ReportInputError(name + ": empty file");
  // Nothing read before the cut: nothing of the file to check further.
  if (cut_at && t.rows.empty()) throw ReportInputError(*cut_at);
  // A results file's service is one the model has (a spend file adds "all", the services
  // together; providers.csv leaves it blank for a provider that holds nothing): another would be
  // drawn as a service of its own, or left out unsaid. Said at the first such row, with a count.
  if (t.has_column("service")) {
    const std::size_t c = t.column("service");
    std::vector<std::string> allowed{"homecare", "supported_living"};
    if (name.starts_with("spend_by_year")) allowed.emplace_back("all");
    if (name == "providers.csv") allowed.emplace_back();
    const std::vector<std::string>* first_bad = nullptr;
    std::size_t bad = 0;
    for (const auto& r : t.rows) {
      if (std::find(allowed.begin(), allowed.end(), r[c]) != allowed.end()) continue;
      if (first_bad == nullptr) first_bad = &r;
      ++bad;
    }
    if (first_bad != nullptr) {
      std::string either;  // 'homecare', 'supported_living' or 'all'
      for (std::size_t k = 0; k < allowed.size(); ++k)
        either += (k == 0                    ? ""
                   : k + 1 == allowed.size() ? " or "
                                             : ", ") +
                  (allowed[k].empty() ? std::string("blank") : "'" + allowed[k] + "'");
      say_fault(t.place(*first_bad, c) + ": '" + geography::printable(first_bad->at(c)) +
                "' is no service of the model (" + either + "; " + std::to_string(bad) + " of " +
                t.rows_words() + ")");
    }
  }
  return t;
}

namespace {
// Counts the rows a check finds at fault and keeps the first one's message and its note.
struct FirstFault {
  std::string message;
  std::string note;
  std::size_t rows = 0;
  void add(std::string m, std::string n) {
    if (rows++ != 0) return;
    message = std::move(m);
    note = std::move(n);
  }
  void say(const Table& t) const {
    if (rows == 0) return;
    say_fault(message + " (" + note + "; " + std::to_string(rows) + " of " + t.rows_words() + ")");
  }
};
}  // namespace

std::string some_of(const std::vector<std::string>& items) {
  if (items.size() <= 5) return join_words(items);
  std::vector<std::string> first(items.begin(), items.begin() + 5);
  first.push_back(std::to_string(items.size() - 5) + " more");
  return join_words(first);
}

std::string Table::rows_words() const {
  const std::string n = counted(static_cast<long long>(rows.size()), "row");
  if (cut_line == 0) return "the file's " + n;
  return "the " + n + " read before line " + std::to_string(cut_line);
}

void Table::kpi_columns() const {
  const std::size_t c_service = column("service");
  const std::size_t c_kpi = column("kpi");
  const std::size_t c_unit = column("unit");
  const bool directed = has_column("direction");
  const std::size_t c_direction = directed ? column("direction") : 0;
  FirstFault unknown, unit, direction;
  for (const auto& row : rows) {
    const std::string& service = row[c_service];
    // A service of no model is said by parse_csv.
    if (service != "homecare" && service != "supported_living") continue;
    const KpiDefinition* k = find_kpi(service, row[c_kpi]);
    if (k == nullptr) {
      const std::string other = service == "homecare" ? "supported_living" : "homecare";
      unknown.add(place(row, c_kpi) + ": '" + geography::printable(row[c_kpi]) + "' is no KPI of " +
                      service + geography::hidden_space_note(row[c_kpi]),
                  (find_kpi(other, row[c_kpi]) != nullptr ? other + " has it; " : "") +
                      "docs/metrics.md lists each service's");
      continue;
    }
    if (row[c_unit] != k->unit)
      unit.add(place(row, c_unit) + ": '" + geography::printable(row[c_unit]) + "', but " +
                   k->name + " of " + service + " is in " + k->unit,
               "docs/metrics.md");
    if (directed && row[c_direction] != to_string(kpi_direction(*k)))
      direction.add(place(row, c_direction) + ": '" + geography::printable(row[c_direction]) +
                        "', but " + k->name + " of " + service + " is " +
                        to_string(kpi_direction(*k)),
                    "docs/metrics.md");
  }
  unknown.say(*this);
  unit.say(*this);
  direction.say(*this);
}

const std::set<std::string>& written_metrics(std::string_view service) {
  static const std::map<std::string, std::set<std::string>, std::less<>> written = [] {
    std::map<std::string, std::set<std::string>, std::less<>> out;
    for (const sim::Service s : {sim::Service::homecare, sim::Service::supported_living}) {
      std::set<std::string>& names = out[sim::to_string(s)];
      for (std::size_t mi = 0; mi < sim::metric_count; ++mi)
        if (is_output_metric(static_cast<sim::Metric>(mi), s))
          names.insert(sim::metric_name(static_cast<sim::Metric>(mi), s));
    }
    return out;
  }();
  static const std::set<std::string> none;
  const auto at = written.find(service);
  return at == written.end() ? none : at->second;
}

void Table::metric_columns(std::initializer_list<std::string_view> also) const {
  const std::size_t c_service = column("service");
  const std::size_t c_metric = column("metric");
  FirstFault unknown;
  for (const auto& row : rows) {
    const std::string& service = row[c_service];
    // A service of no model is said by parse_csv.
    if (service != "homecare" && service != "supported_living") continue;
    if (written_metrics(service).contains(row[c_metric]) ||
        std::find(also.begin(), also.end(), row[c_metric]) != also.end())
      continue;
    std::string more;  // ", and spend_total_gbp"
    for (const std::string_view a : also) more += ", " + std::string(a);
    unknown.add(place(row, c_metric) + ": '" + geography::printable(row[c_metric]) +
                    "' is no metric a run writes for " + service +
                    geography::hidden_space_note(row[c_metric]),
                "docs/metrics.md lists them" + (more.empty() ? "" : "; also" + more.substr(1)));
  }
  unknown.say(*this);
}

void Table::one_of(std::string_view col, std::initializer_list<std::string_view> values) const {
  const std::size_t c = column(col);
  std::vector<std::string> words;
  for (const std::string_view v : values) words.emplace_back(v);
  std::string either;  // "fitted or held_out", "framework, spot or in_house"
  for (std::size_t k = 0; k < words.size(); ++k)
    either += (k == 0 ? "" : k + 1 == words.size() ? " or " : ", ") + words[k];
  FirstFault other;
  for (const auto& row : rows)
    if (std::find(words.begin(), words.end(), row[c]) == words.end())
      other.add(place(row, c) + ": '" + geography::printable(row[c]) + "' is " +
                    (words.size() == 2 ? "neither " + words[0] + " nor " + words[1]
                                       : "none of " + either) +
                    geography::hidden_space_note(row[c]),
                "the words the file's writer writes");
  other.say(*this);
}

void Table::areas_as_manifest(std::string_view code_col, std::string_view name_col,
                              const std::map<std::string, std::string>& areas,
                              const std::string& where, bool blank_ok) const {
  if (areas.empty()) return;
  const std::size_t c_code = column(code_col);
  const std::size_t c_name = column(name_col);
  FirstFault unknown, renamed;
  for (const auto& row : rows) {
    if (blank_ok && row[c_code].empty() && row[c_name].empty()) continue;
    const auto at = areas.find(row[c_code]);
    if (at == areas.end()) {
      unknown.add(place(row, c_code) + ": '" + geography::printable(row[c_code]) +
                      "' is no area of the run" + geography::hidden_space_note(row[c_code]),
                  where);
    } else if (row[c_name] != at->second) {
      renamed.add(place(row, c_name) + ": '" + geography::printable(row[c_name]) + "', but " +
                      at->first + " is " + geography::printable(at->second),
                  where);
    }
  }
  unknown.say(*this);
  renamed.say(*this);
}

void Table::all_kpis() const {
  if (cut_line != 0) return;  // the rows after the cut are not read: not missing
  const std::size_t c_service = column("service");
  const std::size_t c_kpi = column("kpi");
  std::set<std::pair<std::string, std::string>> given;
  for (const auto& row : rows) given.emplace(row[c_service], row[c_kpi]);
  std::vector<std::string> missing;
  for (const KpiDefinition& k : kpi_table())
    if (!given.contains({sim::to_string(k.service), k.name}))
      missing.push_back(std::string(sim::to_string(k.service)) + " " + k.name);
  if (missing.empty()) return;
  say_fault(name + ": no row of " + some_of(missing) +
            ": a run writes every KPI of both services (docs/metrics.md)");
}

void Table::say_rows_lacking(
    std::string_view group, const std::vector<std::string>& groups,
    const std::map<std::string, std::set<std::pair<std::string, std::string>>>& given,
    const std::vector<std::size_t>& kpis, std::string_view why) const {
  // Each group's KPIs without a row, the first three groups said.
  const auto table = kpi_table();
  std::vector<std::string> lacking;
  std::size_t more = 0;
  for (const std::string& g : groups) {
    const auto at = given.find(g);
    std::vector<std::string> figures;
    for (const std::size_t k : kpis) {
      const std::string service(sim::to_string(table[k].service));
      if (at == given.end() || !at->second.contains({service, table[k].name}))
        figures.push_back(service + " " + table[k].name);
    }
    if (figures.empty()) continue;
    if (lacking.size() == 3) {
      ++more;
    } else {
      lacking.push_back(some_of(figures) + " for " + std::string(group) + " '" +
                        geography::printable(g) + "'");
    }
  }
  if (lacking.empty()) return;
  std::string text = name + ": no row of ";
  for (std::size_t i = 0; i < lacking.size(); ++i) text += (i == 0 ? "" : "; of ") + lacking[i];
  if (more != 0) {
    text += "; and " + std::to_string(more) + " more " + std::string(group) +
            (more == 1 ? " lacks" : "s lack") + " rows";
  }
  say_fault(text + ": " + std::string(why));
}

void Table::all_kpis_by(std::string_view col, std::string_view why) const {
  if (cut_line != 0) return;  // the rows after the cut are not read: not missing
  const std::size_t c_group = column(col);
  const std::size_t c_service = column("service");
  const std::size_t c_kpi = column("kpi");
  std::vector<std::string> groups;
  std::map<std::string, std::set<std::pair<std::string, std::string>>> given;
  for (const auto& row : rows) {
    const auto [at, fresh] = given.try_emplace(row[c_group]);
    if (fresh) groups.push_back(row[c_group]);
    at->second.emplace(row[c_service], row[c_kpi]);
  }
  std::vector<std::size_t> every(kpi_table().size());
  for (std::size_t k = 0; k < every.size(); ++k) every[k] = k;
  say_rows_lacking(col, groups, given, every, why);
}

std::vector<std::string> Table::sensitivity_parameters() const {
  const std::size_t c_parameter = column("parameter");
  const std::size_t c_service = column("service");
  const std::size_t c_kpi = column("kpi");
  const std::vector<std::size_t> headline = sensitivity_kpis();
  const auto table = kpi_table();
  std::vector<std::string> parameters;
  std::map<std::string, std::set<std::pair<std::string, std::string>>> given;
  FirstFault spaced;
  FirstFault unshaped;
  FirstFault other_kpi;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::vector<std::string>& row = rows[r];
    const std::string& parameter = row[c_parameter];
    const auto [at, fresh] = given.try_emplace(parameter);
    if (fresh) parameters.push_back(parameter);
    at->second.emplace(row[c_service], row[c_kpi]);
    bool space = false;
    for (std::size_t i = 0; i < parameter.size() && !space; ++i)
      space = std::string_view(" \t\r\n\v\f").find(parameter[i]) != std::string_view::npos ||
              geography::hidden_space_at(std::string_view(parameter).substr(i)) != 0;
    // Otherwise, a scenario key's parts are bare TOML keys (ASCII letters, digits, '_' and
    // '-'), joined by single dots: an empty name, "a..b" or a control character is no key.
    bool key_shaped = !parameter.empty() && parameter.front() != '.' && parameter.back() != '.';
    for (std::size_t i = 0; i < parameter.size() && key_shaped; ++i) {
      const char c = parameter[i];
      key_shaped = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '_' || c == '-' || (c == '.' && parameter[i + 1] != '.');
    }
    if (space) {
      spaced.add(place(row, c_parameter) + ": '" + geography::printable(parameter) +
                     "' holds a space" + geography::hidden_space_note(parameter),
                 "no scenario key holds one");
    } else if (!key_shaped) {
      unshaped.add(place(row, c_parameter) + ": '" + geography::printable(parameter) +
                       "' is no scenario key",
                   "a key's parts are ASCII letters, digits, '_' and '-', joined by single dots");
    }
    const KpiDefinition* kpi = find_kpi(row[c_service], row[c_kpi]);
    if (kpi != nullptr && std::none_of(headline.begin(), headline.end(),
                                       [&](std::size_t k) { return &table[k] == kpi; })) {
      other_kpi.add(place(row, c_kpi) + ": '" + geography::printable(row[c_kpi]) + "' of " +
                        geography::printable(row[c_service]) +
                        " is not a headline figure a sensitivity ranks",
                    "docs/user-guide.md, section 5");
    }
  }
  spaced.say(*this);
  unshaped.say(*this);
  other_kpi.say(*this);
  if (cut_line != 0) return parameters;  // the rows after the cut are not read: not missing
  say_rows_lacking("parameter", parameters, given, headline,
                   "a sensitivity writes a row of each headline figure for every parameter it "
                   "varied (docs/user-guide.md, section 5)");
  return parameters;
}

void Table::unique_rows(std::initializer_list<std::string_view> key) const {
  std::vector<std::size_t> cols;
  for (const std::string_view k : key) cols.push_back(column(k));
  std::map<std::vector<std::string>, std::size_t> first_line;
  FirstFault repeat;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::vector<std::string> cells;
    for (const std::size_t c : cols) cells.push_back(rows[r][c]);
    const auto [at, fresh] = first_line.emplace(std::move(cells), lines[r]);
    if (fresh) continue;
    std::string which;
    for (std::size_t i = 0; i < cols.size(); ++i)
      which += (i == 0 ? "" : ", ") + header[cols[i]] + " '" +
               geography::printable(rows[r][cols[i]]) + "'";
    repeat.add(name + ":" + std::to_string(lines[r]) + ": " + which +
                   (cols.size() == 1 ? " repeats line " : " repeat line ") +
                   std::to_string(at->second),
               "a page keeps one row of each");
  }
  repeat.say(*this);
}

}  // namespace caremarket::results::page
