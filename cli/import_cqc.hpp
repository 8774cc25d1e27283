#pragma once
// Reading CQC's register of locations for `caremarket import market --cqc`: either the care
// directory with filters (CSV of active locations, a title block above the header, services in
// one column joined by '|') or the HSCA active-locations export (one sheet saved as CSV, one
// Y/N column per service type). The rules are in docs/data-files.md, "From public data".

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "cli/import_ons.hpp"
#include "geography/table.hpp"

namespace caremarket::cli {

/// One registered location kept from the register: a homecare branch, a supported-living
/// property, or both.
struct Location {
  std::size_t line = 0;       // its line in the register file (1-based, title lines counted)
  std::string id;             // CQC location id
  std::string provider;       // CQC provider id
  std::string provider_name;  // as registered
  std::string district;       // the normalised postcode until the lookup gives the district
  bool homecare = false;
  bool supported_living = false;
  std::optional<double> hours;  // hours paid last week, from the Capacity Tracker
  std::size_t hours_line = 0;
  std::size_t log = 0;  // its row of the import log
};

/// The locations of a register file and the postcodes they need looked up.
struct Register {
  std::vector<Location> locations;
  std::set<std::string> postcodes;  // normalised
};

/// Reads `path`, recognising its layout by the header's column names: the first line holding
/// "CQC Location ID (for office use only)" and "Postcode" (the care directory), or "Location ID"
/// and "Location Postal Code" (the HSCA export); lines above it are skipped but counted. Each
/// data row gets a row of `log` (kept, or dropped with why: no id, a duplicate location, dormant,
/// neither service, no postcode). Problems (unreadable file, no header, missing columns, rows of
/// the wrong width) go to `problems` with file, line and column.
Register read_cqc_register(const std::string& path, geography::Problems& problems,
                           std::vector<ImportLogRow>& log);

/// A file's whole text (binary, unchanged); a problem naming the file if it cannot be read.
std::string read_whole_file(const std::string& path, geography::Problems& problems);

/// A postcode without spaces and in capitals ("tn23 9zz" -> "TN239ZZ"). Spaces are ASCII space
/// and tab and the Unicode spaces that exports and spreadsheets put in text
/// (geography::hidden_space_at: no-break, the fixed-width spaces, zero-width, the byte order mark
/// and the like).
std::string normal_postcode(std::string_view postcode);

}  // namespace caremarket::cli
