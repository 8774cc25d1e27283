#include "cli/import_postcodes.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <initializer_list>

#include "cli/import_cqc.hpp"
#include "geography/csv.hpp"
#include "geography/read_stop.hpp"
#include "geography/table.hpp"

namespace caremarket::cli {

namespace fs = std::filesystem;

std::vector<std::string> split_line(std::string_view line, std::optional<LineProblem>* problem) {
  // The shared parser, on one line: its first record is what it calls the header.
  const geography::csv::Table one = geography::csv::parse(line);
  if (problem != nullptr && !one.problems.empty())
    *problem = LineProblem{one.problems.front().field, one.problems.front().message};
  if (one.header.empty()) return {std::string()};  // a blank or `#` line
  return one.header;
}

PostcodeDistricts read_postcodes(const std::string& path, const std::set<std::string>& wanted,
                                 geography::Problems& problems) {
  PostcodeDistricts out;
  std::ifstream f(path, std::ios::binary);
  if (!f || fs::is_directory(path)) {
    problems.add(path, "cannot read the file");
    return out;
  }
  std::string line;
  std::size_t n = 0, pcds = 0, laua = 0, width = 0;
  std::string laua_name = "laua";  // as the file names it
  std::vector<std::string> names;  // the header's column names
  bool header = false;
  while (std::getline(f, line)) {
    ++n;
    if (n % 4096 == 0) geography::throw_if_read_stopped();  // a signal stops a long read
    if (n == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    // A CRLF line end is a line end (the file is read a line at a time, so the encoding check
    // below would take its CR for an old Mac line end); a CR anywhere else is not.
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // Every line, as Table checks a whole file: a byte that is not UTF-8 on line 2,000,000 is
    // named there, not read into a district code.
    // A CR left inside the line: as a whole file's check says it (the line's own LF added, so
    // it is not taken for every line ending in CR), or inside a quoted field, a line break no
    // field of the lookup holds.
    const std::string whole = line.find('\r') == std::string::npos ? line : line + "\n";
    if (const auto bad = geography::encoding_problem(whole)) {
      problems.add(path, n, bad->second);
      return out;
    }
    if (whole.size() != line.size()) {
      problems.add(path, n,
                   "a quoted field holds a carriage return, a line break, which no field "
                   "of a postcode lookup holds");
      return out;
    }
    if (line.empty() || line[0] == '#') continue;
    std::optional<LineProblem> quoting;
    std::vector<std::string> fields = split_line(line, &quoting);
    if (header) ++out.rows;
    if (quoting) {
      geography::add_field_problem(problems, path, n, names, quoting->field, !header,
                                   quoting->message);
      if (!header) return out;
      continue;
    }
    if (!header) {
      header = true;
      width = fields.size();
      names = fields;
      // Column names in any case; the district is NSPL's 'laua' or ONSPD's 'oslaua'. A column
      // read twice would leave which one counts to chance: refused.
      auto find = [&](std::initializer_list<std::string_view> wanted_names, std::size_t& at) {
        bool found = false;
        for (std::size_t i = 0; i < fields.size(); ++i) {
          std::string lower;
          for (const char c : fields[i])
            lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          if (std::find(wanted_names.begin(), wanted_names.end(), lower) == wanted_names.end())
            continue;
          if (found) {
            problems.add(path, n, fields[i],
                         "column appears more than once in the header (as '" + fields[at] + "')");
            return false;
          }
          at = i;
          found = true;
        }
        if (found) return true;
        problems.add(path, n,
                     "no column '" + std::string(*wanted_names.begin()) +
                         "' (the ONS postcode lookup has 'pcds' and the district: 'laua' in "
                         "NSPL, 'oslaua' in ONSPD)");
        return false;
      };
      const bool ok = find({"pcds"}, pcds);
      if (!find({"laua", "oslaua"}, laua) || !ok) return out;
      laua_name = fields[laua];
      continue;
    }
    if (fields.size() != width) {
      problems.add(
          path, n,
          "expected " + std::to_string(width) + " fields, found " + std::to_string(fields.size()));
      continue;
    }
    const std::string code = normal_postcode(fields[pcds]);
    if (!wanted.contains(code)) continue;
    const std::string& district = fields[laua];
    if (district.rfind("E10", 0) == 0) {
      problems.add(path, n, laua_name,
                   "'" + district +
                       "' is a county council's code, not a district's (expected a GSS code "
                       "such as E07000105)");
      continue;
    }
    const auto [it, added] = out.district.emplace(code, std::pair{district, n});
    if (!added && it->second.first != district) {
      problems.add(path, n, laua_name,
                   "postcode " + code + " is also on line " + std::to_string(it->second.second) +
                       ", with district '" + it->second.first + "', not '" + district + "'");
    }
  }
  if (!header) problems.add(path, 1, "no header row");
  if (header && out.rows == 0)
    problems.add(path, "no rows below the header: the lookup lists no postcode");
  return out;
}

}  // namespace caremarket::cli
