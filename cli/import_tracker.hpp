#pragma once
// Reading a Capacity Tracker non-residential extract for `caremarket import market --capacity`
// (docs/data-files.md, "From public data").

#include <string>
#include <vector>

#include "cli/import_cqc.hpp"
#include "cli/import_ons.hpp"
#include "geography/table.hpp"

namespace caremarket::cli {

/// Gives each homecare location of `locations` the hours of homecare it paid last week
/// (`Location::hours`, `hours_line`), from the Capacity Tracker extract at `path` (columns
/// cqcid, hourspaiddomcare and, optional, cqcsurveylastupdatedutc, an Excel serial date): the
/// latest return of each location, an older one logged as not used. Every data row gets a row of
/// `log`. Problems (unreadable file, no rows, negative hours, a date that is not a serial date,
/// a figure outside a branch's limits) go to `problems` with file, line and column.
void read_capacity_tracker(const std::string& path, std::vector<Location>& locations,
                           geography::Problems& problems, std::vector<ImportLogRow>& log);

}  // namespace caremarket::cli
