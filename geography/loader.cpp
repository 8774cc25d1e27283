// Reads and checks a geography's files: districts.csv, edges.csv and, optionally,
// travel_minutes.csv (formats in docs/geography.md). Every problem is collected before any is
// reported, so a user fixes a file in one pass.
#include "geography/loader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <utility>

#include "geography/district_graph.hpp"
#include "geography/file_read.hpp"
#include "geography/table.hpp"

namespace caremarket::geography {
namespace {

constexpr std::size_t none = std::numeric_limits<std::size_t>::max();

std::string label(const District& d) {
  return d.name + " (" + d.code + ")";
}

std::string base_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

// Every row of districts.csv that has a usable code, in file order.
struct DistrictRows {
  std::vector<District> districts;
  std::vector<std::size_t> lines;
  std::map<std::string, std::size_t, std::less<>> by_code;
  bool codes_known = false;  // the file has a code column, so references can be checked
  std::string file;
};

std::optional<std::size_t> lookup(const DistrictRows& rows, std::string_view code) {
  const auto it = rows.by_code.find(code);
  if (it == rows.by_code.end()) return std::nullopt;
  return it->second;
}

/// Why `code` names no district of `rows`: "unknown district code X (not in FILE)", with the
/// code it matches but for its letters' case, if one does.
std::string unknown_code(const DistrictRows& rows, std::string_view code) {
  std::string message =
      "unknown district code " + std::string(code) + " (not in " + rows.file + ")";
  const auto lower = [](std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  // Only towards a code in capitals, as GSS codes are written: a code of districts.csv typed
  // in lower case is not offered to the files that spell it right.
  for (const auto& d : rows.districts) {
    const bool capitals = std::none_of(d.code.begin(), d.code.end(), [](char c) {
      return std::islower(static_cast<unsigned char>(c)) != 0;
    });
    if (capitals && lower(d.code) == lower(code))
      return message + "; did you mean '" + d.code + "'?";
  }
  return message;
}

/// Why `code` cannot be a district's code, or nullopt. A code is a TOML bare key: ASCII
/// letters, digits, '-' and '_' (a GSS code is a letter and 8 digits). It names keys of a
/// scenario (custom_weights.CODE, district_growth_per_year.CODE, written as dotted keys in a
/// --set or a sample's column) and the files a large run splits by district, so a '.', a '/'
/// or a space in it would name another key or another folder.
std::optional<std::string> district_code_fault(std::string_view code) {
  for (const char c : code) {
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_';
    if (plain) continue;
    const std::string what = c == ' '   ? "a space"
                             : c == '"' ? "a quote"
                             : static_cast<unsigned char>(c) < 0x80
                                 ? "'" + std::string(1, c) + "'"
                                 : "a character that is not ASCII" + hidden_space_note(code);
    return "'" + std::string(code) + "' holds " + what +
           "; a district code is letters, digits, '-' and '_' only, as it names keys of a "
           "scenario (custom_weights.CODE) and files of a run";
  }
  return std::nullopt;
}

/// A population column: a whole number of people, from 0 and below population_below.
std::optional<std::int64_t> count_column(const Table& table, const csv::Record& row,
                                         std::string_view column) {
  const auto value = table.whole_number(row, column);
  if (value && *value < 0) {
    table.problem(row, column, "must not be negative (got " + std::to_string(*value) + ")");
    return std::nullopt;
  }
  if (value && static_cast<double>(*value) >= population_below) {
    table.problem(row, column,
                  "must be below " + std::to_string(static_cast<std::int64_t>(population_below)) +
                      " people (more than any district holds), found " + std::to_string(*value));
    return std::nullopt;
  }
  return value;
}

std::optional<double> degrees_column(const Table& table, const csv::Record& row,
                                     std::string_view column, double limit) {
  const auto value = table.number(row, column);
  if (value && std::abs(*value) > limit) {
    table.problem(row, column,
                  "must be between -" + std::to_string(static_cast<int>(limit)) + " and " +
                      std::to_string(static_cast<int>(limit)) + " degrees");
    return std::nullopt;
  }
  return value;
}

int hex_column(const Table& table, const csv::Record& row, std::string_view column) {
  const auto value = table.whole_number(row, column, false);
  if (!value) return 0;
  if (*value < std::numeric_limits<int>::min() || *value > std::numeric_limits<int>::max()) {
    table.problem(row, column, "is out of range");
    return 0;
  }
  return static_cast<int>(*value);
}

DistrictRows read_districts(const GeographyFile& file, Problems& problems) {
  const Table table(file.name, file.text,
                    {{"code"},
                     {"name"},
                     {"population"},
                     {"population_18_64"},
                     {"population_65_plus"},
                     {"latitude"},
                     {"longitude"},
                     {"hex_col", false},
                     {"hex_row", false},
                     {"external", false}},
                    problems);
  DistrictRows rows;
  std::map<std::string, std::size_t> names;  // district name -> line of its first row
  // Hex cells given (both columns) -> the code and line of the district there.
  const bool hexes_given = table.has("hex_col") && table.has("hex_row");
  std::map<std::pair<int, int>, std::pair<std::string, std::size_t>> cells;
  rows.file = base_name(file.name);
  rows.codes_known = table.has("code");
  if (table.has_header() && table.csv().records.empty()) {
    problems.add(file.name, table.csv().header_line, "no districts");
  }
  for (const csv::Record& row : table.csv().records) {
    District d;
    const auto code = table.text(row, "code");
    if (code) {
      if (const auto fault = district_code_fault(*code)) table.problem(row, "code", *fault);
    }
    d.name = table.text(row, "name").value_or("");
    // A district's name heads its rows in every results file and the report, as a scenario's
    // name does: held to the same rules (no control or bidirectional character, no space at
    // either end).
    if (!d.name.empty()) {
      if (const auto fault = name_fault(d.name, "district")) table.problem(row, "name", *fault);
    }
    const auto population = count_column(table, row, "population");
    const auto adults = count_column(table, row, "population_18_64");
    const auto older = count_column(table, row, "population_65_plus");
    if (population && adults && older && *adults + *older > *population) {
      table.problem(row, "population_65_plus",
                    "population_18_64 + population_65_plus (" + std::to_string(*adults + *older) +
                        ") exceeds population (" + std::to_string(*population) + ")");
    }
    d.population = population.value_or(0);
    d.population_18_64 = adults.value_or(0);
    d.population_65_plus = older.value_or(0);
    d.latitude = degrees_column(table, row, "latitude", 90.0).value_or(0.0);
    d.longitude = degrees_column(table, row, "longitude", 180.0).value_or(0.0);
    d.hex_col = hex_column(table, row, "hex_col");
    d.hex_row = hex_column(table, row, "hex_row");
    d.external = table.boolean(row, "external", false).value_or(false);
    if (!code) continue;
    if (const auto first = lookup(rows, *code)) {
      table.problem(row, "code",
                    "duplicate code " + *code + " (first on line " +
                        std::to_string(rows.lines[*first]) + ")");
      continue;
    }
    // A district is known by its name as well as its code (the results files give both, the
    // report draws a series by name): two of one name would be drawn as one.
    if (!d.name.empty()) {
      const auto [at, fresh] = names.emplace(d.name, row.line);
      if (!fresh) {
        table.problem(
            row, "name",
            "duplicate name " + d.name + " (first on line " + std::to_string(at->second) + ")");
        continue;
      }
    }
    // A hex map draws each district in its cell: two in one were drawn one over the other.
    if (hexes_given) {
      const auto [at, fresh] =
          cells.try_emplace({d.hex_col, d.hex_row}, std::pair{*code, row.line});
      if (!fresh) {
        table.problem(row, "hex_row",
                      "hex cell (" + std::to_string(d.hex_col) + ", " + std::to_string(d.hex_row) +
                          ") is " + at->second.first + "'s too (line " +
                          std::to_string(at->second.second) +
                          "): the hex map would draw one district over the other");
      }
    }
    d.code = *code;
    rows.by_code.emplace(d.code, rows.districts.size());
    rows.districts.push_back(std::move(d));
    rows.lines.push_back(row.line);
  }
  return rows;
}

struct EdgeRow {
  Edge edge;  // indices into DistrictRows
  std::size_t line = 0;
};

std::vector<EdgeRow> read_edges(const GeographyFile& file, const DistrictRows& districts,
                                Problems& problems) {
  const Table table(file.name, file.text, {{"from"}, {"to"}, {"boundary_km", false}}, problems);
  std::vector<EdgeRow> edges;
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> seen;  // district pair -> line
  for (const csv::Record& row : table.csv().records) {
    auto endpoint = [&](std::string_view column) -> std::optional<std::size_t> {
      const auto code = table.text(row, column);
      if (!code || !districts.codes_known) return std::nullopt;
      const auto index = lookup(districts, *code);
      if (!index) {
        table.problem(row, column, unknown_code(districts, *code));
      }
      return index;
    };
    const auto from = endpoint("from");
    const auto to = endpoint("to");
    const auto boundary = table.number(row, "boundary_km", false);
    if (boundary && *boundary < 0.0) {
      table.problem(row, "boundary_km", "must not be negative");
    }
    if (!from || !to) continue;
    if (*from == *to) {
      table.problem(row, "to", "an edge from " + districts.districts[*from].code + " to itself");
      continue;
    }
    const auto key = std::minmax(*from, *to);
    if (const auto it = seen.find(key); it != seen.end()) {
      table.problem(row, "to",
                    "duplicate edge between " + districts.districts[*from].code + " and " +
                        districts.districts[*to].code + " (first on line " +
                        std::to_string(it->second) + ")");
      continue;
    }
    seen.emplace(key, row.line);
    edges.push_back({Edge{*from, *to, boundary.value_or(0.0), 0.0}, row.line});
  }
  return edges;
}

// The travel-time matrix over the kept districts, from a file whose first column is `code`
// and whose other columns are district codes. `kept` maps a row of districts.csv to its index
// in the graph, or `none`.
std::vector<std::vector<double>> read_travel(const GeographyFile& file,
                                             const DistrictRows& districts,
                                             const std::vector<std::size_t>& kept,
                                             std::size_t kept_count, Problems& problems) {
  const std::size_t before = problems.size();
  const Table table(file.name, file.text, {{"code"}}, problems, true);
  if (!table.has_header() || !districts.codes_known) return {};
  const auto& header = table.csv().header;
  const std::size_t header_line = table.csv().header_line;
  if (header.front() != "code") {
    table.problem(header_line, header.front(), "the first column must be 'code'");
  }
  const std::size_t n = districts.districts.size();
  std::vector<std::size_t> column_district(header.size(), none);
  std::vector<bool> has_column(n, false);
  for (std::size_t j = 1; j < header.size(); ++j) {
    const auto d = lookup(districts, header[j]);
    if (!d) {
      if (header[j] != "code") {
        table.problem(header_line, header[j], unknown_code(districts, header[j]));
      }
    } else if (!has_column[*d]) {
      has_column[*d] = true;
      column_district[j] = *d;
    } else {
      // A second column of a district would leave which travel time counts to chance.
      table.problem(header_line, header[j], "column appears more than once in the header");
    }
  }
  const double missing = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::vector<double>> full(n, std::vector<double>(n, missing));
  std::vector<std::size_t> row_line(n, 0);
  std::size_t row_count = 0;
  for (const csv::Record& row : table.csv().records) {
    ++row_count;
    const auto code = table.text(row, "code");
    std::size_t d = none;  // the row's district, when it is known and not a repeat
    if (code) {
      const auto found = lookup(districts, *code);
      if (!found) {
        table.problem(row, "code", unknown_code(districts, *code));
      } else if (row_line[*found] != 0) {
        table.problem(row, "code",
                      "duplicate row for " + *code + " (first on line " +
                          std::to_string(row_line[*found]) + ")");
      } else {
        d = *found;
        row_line[d] = row.line;
      }
    }
    for (std::size_t j = 1; j < header.size() && j < row.fields.size(); ++j) {
      if (column_district[j] == none) continue;
      const auto minutes = table.number(row, header[j]);
      if (minutes && *minutes < 0.0) table.problem(row, header[j], "must not be negative");
      // A district's time to itself is 0: a placement in the district is travel of none.
      if (minutes && *minutes > 0.0 && d != none && column_district[j] == d)
        table.problem(row, header[j], "the time from " + *code + " to itself must be 0");
      if (d != none && minutes) full[d][column_district[j]] = *minutes;
    }
  }
  std::string only_column;
  std::string only_row;
  for (std::size_t d = 0; d < n; ++d) {
    const bool has_row = row_line[d] != 0;
    if (has_column[d] && !has_row)
      only_column += (only_column.empty() ? "" : ", ") + districts.districts[d].code;
    if (!has_column[d] && has_row)
      only_row += (only_row.empty() ? "" : ", ") + districts.districts[d].code;
  }
  if (row_count != header.size() - 1 || !only_column.empty() || !only_row.empty()) {
    std::string message = "the matrix is not square: " + std::to_string(row_count) + " rows and " +
                          std::to_string(header.size() - 1) + " district columns";
    if (!only_column.empty()) message += "; a column but no row for " + only_column;
    if (!only_row.empty()) message += "; a row but no column for " + only_row;
    table.problem(header_line, "code", message);
  }
  for (std::size_t d = 0; d < n; ++d) {
    if (kept[d] != none && !has_column[d] && row_line[d] == 0) {
      table.problem(header_line, "code", "no travel times for " + label(districts.districts[d]));
    }
  }
  if (problems.size() != before) return {};
  std::vector<std::vector<double>> matrix(kept_count, std::vector<double>(kept_count, 0.0));
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t b = 0; b < n; ++b) {
      if (kept[a] != none && kept[b] != none) matrix[kept[a]][kept[b]] = full[a][b];
    }
  }
  return matrix;
}

// A disconnected graph is reported once, at the first district that cannot be reached from
// the first district, naming every district that cannot.
void check_connected(const std::vector<District>& districts, const std::vector<Edge>& edges,
                     const std::vector<std::size_t>& lines, const std::string& file,
                     Problems& problems) {
  if (districts.empty()) return;
  const DistrictGraph probe(districts, edges);
  if (probe.connected()) return;
  std::string unreachable;
  std::size_t first_line = 0;
  for (std::size_t d = 1; d < districts.size(); ++d) {
    if (probe.hops(0, d) >= 0) continue;
    if (first_line == 0) first_line = lines[d];
    unreachable += (unreachable.empty() ? "" : ", ") + label(districts[d]);
  }
  problems.add(file, first_line, "code",
               "the districts are not all connected by the edges: no path from " +
                   label(districts.front()) + " to " + unreachable);
}

// Far more than any geography (a row per district); larger files are refused unread.
constexpr std::uintmax_t max_geography_file_bytes = 64u << 20;

// Only a regular file, read up to the cap (a link to /dev/zero or a pipe is refused).
FileRead read_file(const std::filesystem::path& path) {
  return read_regular_file(path, max_geography_file_bytes, "a geography file");
}

}  // namespace

DistrictGraph parse_geography(const GeographySources& sources, const GeographyOptions& options) {
  Problems problems;
  const DistrictRows rows = read_districts(sources.districts, problems);
  const std::size_t before_edges = problems.size();
  const std::vector<EdgeRow> edge_rows = read_edges(sources.edges, rows, problems);
  const bool edges_clean = problems.size() == before_edges;

  // External districts (Medway) and their edges are dropped unless asked for.
  std::vector<std::size_t> kept(rows.districts.size(), none);
  std::vector<District> districts;
  std::vector<std::size_t> lines;
  for (std::size_t d = 0; d < rows.districts.size(); ++d) {
    if (rows.districts[d].external && !options.include_external) continue;
    kept[d] = districts.size();
    districts.push_back(rows.districts[d]);
    lines.push_back(rows.lines[d]);
  }
  std::vector<Edge> edges;
  for (const EdgeRow& row : edge_rows) {
    if (kept[row.edge.from] == none || kept[row.edge.to] == none) continue;
    edges.push_back({kept[row.edge.from], kept[row.edge.to], row.edge.boundary_km, 0.0});
  }

  std::vector<std::vector<double>> travel;
  if (sources.travel_minutes) {
    travel = read_travel(*sources.travel_minutes, rows, kept, districts.size(), problems);
  }
  if (edges_clean && rows.codes_known) {
    check_connected(districts, edges, lines, sources.districts.name, problems);
  }
  problems.throw_if_any();
  return DistrictGraph(std::move(districts), std::move(edges), std::move(travel), options.travel);
}

DistrictGraph load_geography(const std::string& directory, const GeographyOptions& options) {
  const std::filesystem::path folder(directory);
  Problems problems;
  if (!std::filesystem::is_directory(folder)) {
    problems.add(directory, "not a folder (expected one holding districts.csv and edges.csv)");
    problems.throw_if_any();
  }
  auto read = [&](const char* name) -> std::optional<GeographyFile> {
    const std::filesystem::path path = folder / name;
    FileRead r = read_file(path);
    if (!r.text) {
      problems.add(path.string(), r.problem);
      return std::optional<GeographyFile>{};
    }
    return std::optional<GeographyFile>{GeographyFile{path.string(), std::move(*r.text)}};
  };
  auto districts = read("districts.csv");
  auto edges = read("edges.csv");
  std::optional<GeographyFile> travel;
  std::error_code exists_error;
  if (std::filesystem::exists(
          std::filesystem::symlink_status(folder / "travel_minutes.csv", exists_error))) {
    travel = read("travel_minutes.csv");
  }
  problems.throw_if_any();
  return parse_geography({std::move(*districts), std::move(*edges), std::move(travel)}, options);
}

}  // namespace caremarket::geography
