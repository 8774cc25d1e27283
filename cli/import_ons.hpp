#pragma once
// Reading ONS files for `caremarket import market`: subnational population projections (SNPP)
// into the rows of projections.csv (docs/data-files.md, "From public data").

#include <cstddef>
#include <string>
#include <vector>

#include "geography/district_graph.hpp"
#include "geography/table.hpp"

namespace caremarket::cli {

/// One row of the import log: a data row of an input file, what became of it and why.
struct ImportLogRow {
  std::string file;
  std::size_t line = 0;
  std::string id;
  std::string outcome;  // kept, dropped, used, not used
  std::string reason;
};

/// projections.csv's text (with its header and a source comment) from an SNPP file (one row
/// per area, component, sex and age group; one column per year): the population component,
/// persons (or male plus female where persons are not given), summed into the bands all
/// (`All ages`, or every single age), 18-64 and 65+ for each district of `graph` (external ones
/// only with `include_external`). Each data row of the file gets a row of `log`; problems go to
/// `problems` with file, line and column.
std::string import_snpp(const std::string& path, const geography::DistrictGraph& graph,
                        bool include_external, geography::Problems& problems,
                        std::vector<ImportLogRow>& log);

/// The geography's districts with the populations of a Nomis mid-year-estimates CSV (long
/// layout: GEOGRAPHY_CODE, GENDER_NAME, C_AGE_NAME, MEASURES_NAME, OBS_VALUE, DATE_NAME), of its
/// latest year: rows of persons ("Total") and the measure "Value"; C_AGE_NAME "All Ages",
/// "Aged 18 to 64" and "Aged 65+" give the three populations. Every district of the council
/// must be given all three; an external district not in the file keeps its figures. Each data
/// row gets a row of `log`.
std::vector<geography::District> import_nomis(const std::string& path,
                                              const geography::DistrictGraph& graph,
                                              geography::Problems& problems,
                                              std::vector<ImportLogRow>& log);

/// districts.csv's text for `districts` (docs/geography.md), with a source comment.
std::string districts_csv(const std::vector<geography::District>& districts,
                          const std::string& source);

}  // namespace caremarket::cli
