#pragma once
// Reading SALT (NHS England's Short and Long Term support data, ASC-FR data pack) table LTS001b
// for `caremarket import market --salt`: the council's clients in long-term support by setting
// and age band become caseload.csv, the people in care at the start (docs/data-files.md, "From
// public data").

#include <string>
#include <vector>

#include "cli/import_ons.hpp"
#include "geography/table.hpp"
#include "sim/params.hpp"

namespace caremarket::cli {

/// caseload.csv's text (docs/data-files.md, "caseload.csv": district, service, group, people,
/// with a source comment) from an LTS001b file (long layout: GEOGRAPHY_CODE, DataType_Key,
/// AgeBand_Key, LongTermSupportSetting_Key, ITEMVALUE; other columns not used).
///
/// Rows used: GEOGRAPHY_CODE the council's `area_code`, DataType_Key "Number of clients",
/// setting "Community: Home Care" (homecare) or "Community: Supported Living" (supported
/// living), age band "18 to 64" or "65 and over"; the primary support reasons are summed. A
/// suppressed count ("*") is taken as 2, the middle of the counts 1 to 4 that are suppressed.
/// 65 and over is older_65_plus; 18 to 64 is split between pathway_18_25 and adults_26_64 in
/// the proportions of the council scenario's own starting people of that service (`council`,
/// its demand streams). Each group's county count is split over the districts in the
/// proportions of the scenario's starting people of that service and group (equally where it
/// has none), in whole people by largest remainders. Groups the table does not give (children,
/// prisons; a service or age band with no row) keep the scenario's own counts. Each data row gets
/// a row of `log`; problems (a count that is not a number, a council's code absent from the
/// file) go to `problems` with file, line and column.
std::string import_salt(const std::string& path, const std::string& area_code,
                        const sim::ModelParams& council, geography::Problems& problems,
                        std::vector<ImportLogRow>& log);

}  // namespace caremarket::cli
