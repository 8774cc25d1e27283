// Reading CQC's register of locations (the care directory or the HSCA active-locations export)
// for `caremarket import market`; see import_cqc.hpp and docs/data-files.md.

#include "cli/import_cqc.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

#include "geography/csv.hpp"

namespace caremarket::cli {

namespace {

namespace csv = geography::csv;
using geography::Problems;
using geography::Table;

/// Where a layout keeps what the import reads. The care directory lists a location's service
/// types in one column joined by '|'; the HSCA export has a column per service type holding "Y".
struct Layout {
  std::string_view location, provider, location_name, provider_name, postcode;
  std::string_view services;        // care directory: the joined list
  std::string_view homecare_flag;   // HSCA: "Y" for a homecare (domiciliary care) location
  std::string_view supported_flag;  // HSCA: "Y" for a supported-living location
  std::string_view dormant;         // HSCA: "Y" for a location registered but not active
  std::string_view flag_prefix;     // HSCA: the prefix of every service type's column
};

// The care directory with filters (cqc.org.uk, "Using CQC data"), CSV.
constexpr Layout care_directory{"CQC Location ID (for office use only)",
                                "CQC Provider ID (for office use only)",
                                "Name",
                                "Provider name",
                                "Postcode",
                                "Service types",
                                {},
                                {},
                                {},
                                {}};

// The HSCA active-locations export (cqc.org.uk, "Using CQC data": "Care directory with ratings"
// spreadsheet, sheet HSCA_Active_Locations, saved as CSV).
constexpr Layout hsca{"Location ID",
                      "Provider ID",
                      "Location Name",
                      "Provider Name",
                      "Location Postal Code",
                      {},
                      "Service type - Domiciliary care service",
                      "Service type - Supported living service",
                      "Dormant (Y/N)",
                      "Service type - "};

/// A title block before the header is turned into comment lines, so that line numbers still
/// count every line of the file. The header is the first line whose fields include both of
/// `needed`; nullopt if no line does.
std::optional<std::string> blank_title_block(const std::string& text, std::string_view a,
                                             std::string_view b) {
  std::size_t start = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;  // a byte-order mark
  std::string out;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + start, end - start);
    const csv::Table one = csv::parse(line);
    const auto has = [&](std::string_view n) {
      return std::find(one.header.begin(), one.header.end(), n) != one.header.end();
    };
    if (has(a) && has(b)) return out + text.substr(start);
    out += "#\n";
    start = end + 1;
  }
  return std::nullopt;
}

/// A value in lower case without the spaces around it.
std::string folded(std::string_view v) {
  const auto b = v.find_first_not_of(" \t");
  const auto e = v.find_last_not_of(" \t");
  std::string s;
  if (b == std::string_view::npos) return s;
  for (const char c : v.substr(b, e - b + 1))
    s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// An HSCA Y/N flag: true for Y or Yes, false for N, No or blank (any case, spaces around);
/// anything else is a problem at the row's column.
bool flag(const Table& t, const csv::Record& row, std::string_view column) {
  const std::string v = folded(t.text(row, column, false).value_or(""));
  if (v == "y" || v == "yes") return true;
  if (!v.empty() && v != "n" && v != "no")
    t.problem(row, column,
              "'" + t.text(row, column, false).value_or("") + "' is not Y or N (Yes, No or blank)");
  return false;
}

}  // namespace

std::string read_whole_file(const std::string& path, Problems& problems) {
  std::ifstream f(path, std::ios::binary);
  if (!f || std::filesystem::is_directory(path)) {
    problems.add(path, "cannot read the file");
    return {};
  }
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string normal_postcode(std::string_view postcode) {
  std::string out;
  for (std::size_t i = 0; i < postcode.size(); ++i) {
    const char c = postcode[i];
    if (c == ' ' || c == '\t') continue;
    if (const std::size_t n = geography::hidden_space_at(postcode.substr(i)); n != 0) {
      i += n - 1;
      continue;
    }
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

Register read_cqc_register(const std::string& path, Problems& problems,
                           std::vector<ImportLogRow>& log) {
  Register out;
  const std::string file = std::filesystem::path(path).filename().string();
  const std::size_t unread = problems.size();
  const std::string raw = read_whole_file(path, problems);
  if (problems.size() != unread) return out;
  if (const auto bad = geography::encoding_problem(raw)) {
    problems.add(path, bad->first, bad->second);
    return out;
  }
  if (raw.find_first_not_of(" \t\r\n\xEF\xBB\xBF") == std::string::npos) {
    problems.add(path, 1, "no header row");
    return out;
  }
  const Layout* layout = &care_directory;
  std::optional<std::string> text =
      blank_title_block(raw, care_directory.location, care_directory.postcode);
  if (!text) {
    layout = &hsca;
    text = blank_title_block(raw, hsca.location, hsca.postcode);
  }
  if (!text) {
    problems.add(path, "no header row with the columns '" + std::string(care_directory.location) +
                           "' and '" + std::string(care_directory.postcode) +
                           "' (the CQC care directory's) or '" + std::string(hsca.location) +
                           "' and '" + std::string(hsca.postcode) +
                           "' (the HSCA active-locations export's)");
    return out;
  }
  std::vector<geography::ColumnSpec> columns{{layout->location},
                                             {layout->provider},
                                             {layout->location_name},
                                             {layout->provider_name},
                                             {layout->postcode}};
  if (!layout->services.empty()) columns.push_back({layout->services});
  if (!layout->homecare_flag.empty()) columns.push_back({layout->homecare_flag});
  if (!layout->supported_flag.empty()) columns.push_back({layout->supported_flag});
  if (!layout->dormant.empty()) columns.push_back({layout->dormant, false});
  const Table t(path, *text, columns, problems, true);
  // The HSCA export's service-type columns, for saying what a dropped location provides.
  std::vector<std::string> flags;
  if (!layout->flag_prefix.empty()) {
    for (const std::string& c : t.csv().header)
      if (c.rfind(layout->flag_prefix, 0) == 0) flags.push_back(c);
  }

  if (t.has_header() && t.csv().records.empty())
    problems.add(path, t.csv().header_line,
                 "no rows below the header: the register lists no location");
  std::map<std::string, std::size_t> first;
  for (const csv::Record& row : t.csv().records) {
    Location l;
    l.line = row.line;
    // A blank id is logged as dropped below, not refused: spreadsheets end with blank rows.
    l.id = t.text(row, layout->location, false).value_or("");
    l.provider = t.text(row, layout->provider, false).value_or("");
    l.provider_name = t.text(row, layout->provider_name, false).value_or("");
    const std::string postcode = normal_postcode(t.text(row, layout->postcode, false).value_or(""));
    std::string services;
    if (!layout->services.empty()) {
      services = t.text(row, layout->services, false).value_or("");
      std::istringstream parts(services);
      for (std::string part; std::getline(parts, part, '|');) {
        const std::string p = folded(part);
        if (p == "homecare agencies") {
          l.homecare = true;
        } else if (p == "supported living") {
          l.supported_living = true;
        }
      }
    } else {
      l.homecare = flag(t, row, layout->homecare_flag);
      l.supported_living = flag(t, row, layout->supported_flag);
      for (const std::string& c : flags) {
        const std::string v = folded(t.text(row, c, false).value_or(""));
        if (v != "y" && v != "yes") continue;
        services += (services.empty() ? "" : "|") + c.substr(layout->flag_prefix.size());
      }
    }
    l.log = log.size();
    log.push_back({file, row.line, l.id, "kept", ""});
    const auto drop = [&](std::string why) {
      log.back().outcome = "dropped";
      log.back().reason = std::move(why);
    };
    if (l.id.empty() || l.provider.empty()) {
      drop("no location or provider id");
      continue;
    }
    if (const auto it = first.find(l.id); it != first.end()) {
      drop("duplicate location (first on line " + std::to_string(it->second) + ")");
      continue;
    }
    first.emplace(l.id, row.line);
    if (!layout->dormant.empty() && t.has(layout->dormant) && flag(t, row, layout->dormant)) {
      drop("dormant (providing no regulated care)");
      continue;
    }
    if (!l.homecare && !l.supported_living) {
      drop("neither homecare nor supported living (" +
           (services.empty() ? std::string("no service types") : services) + ")");
      continue;
    }
    if (postcode.empty()) {
      drop("no postcode");
      continue;
    }
    l.district = postcode;  // replaced by the district once the lookup is read
    out.postcodes.insert(postcode);
    out.locations.push_back(std::move(l));
  }
  return out;
}

}  // namespace caremarket::cli
