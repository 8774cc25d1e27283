#pragma once
// A council's own market data instead of the synthesised market: providers, their homecare
// capacity, supported-living properties and the people in care at the start, from CSV files
// (formats in docs/data-files.md). Client-level rows are read into the engine's parameters
// only; outputs hold aggregates.

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/params.hpp"

namespace caremarket::scenarios {

/// Paths of the data files a scenario names in [market.files]; empty: not given. The loader
/// stores them resolved against the scenario file's folder.
struct MarketFiles {
  std::string providers;
  std::string homecare_capacity;
  std::string properties;
  std::string clients;      // one row per person in care at the start
  std::string caseload;     // counts of people in care at the start
  std::string projections;  // population by district, age band and year (referral growth)

  /// True when the files replace the synthesised market.
  [[nodiscard]] bool market() const {
    return !providers.empty() || !homecare_capacity.empty() || !properties.empty();
  }
  /// True when the files replace the demand's initial_people.
  [[nodiscard]] bool caseload_given() const { return !clients.empty() || !caseload.empty(); }
  [[nodiscard]] bool any() const { return market() || caseload_given() || !projections.empty(); }
};

/// `path` made absolute against the working directory, normalised.
std::string absolute_path(const std::string& path);

/// What the files hold, checked, with districts as the model's district indices.
struct ImportedData {
  bool has_market = false;
  sim::MarketSpec market;
  std::vector<std::string> provider_ids;    // by provider index
  std::vector<std::string> provider_names;  // by provider index
  bool has_caseload = false;
  /// people[service][group][district]: people in care at the start.
  std::array<std::array<std::vector<std::int64_t>, sim::group_count>, sim::service_count> people;
  /// From clients.csv (empty for caseload.csv): the people themselves, in file order.
  std::vector<sim::InitialClient> clients;
  /// From projections.csv: growth[band][district] is the yearly growth of the population of
  /// that age band in that district in each year of the run (element k: from the start year
  /// + k to + k + 1); empty where the file gives no row. Bands: projection_bands.
  bool has_projections = false;
  std::array<std::vector<std::vector<double>>, 3> growth;
};

/// The age bands of projections.csv, in the order of ImportedData::growth: "all" drives groups
/// split by total population (and equal or custom weights), "18-64" and "65+" those split by
/// those populations (demand.<service>.<group>.district_weights).
inline const std::array<const char*, 3> projection_bands{"all", "18-64", "65+"};

/// What the files are checked against.
struct ImportContext {
  std::vector<std::string> district_codes;  // the model's districts, by index
  sim::Date start;                          // dates become days since the start
  int horizon_months = 600;                 // run.horizon_months: later dates are refused
  /// Where the start and horizon were given, for a message about a date they leave out, e.g.
  /// "; the run's start is from --set run.start_date=2030-01-01" (empty: the data's fault).
  std::string start_note;
  std::string horizon_note;
  std::map<std::string, std::string> external_districts;  // code to name (Medway)
  /// district_codes[0, council_districts) are the council's; the rest are external districts
  /// that may hold providers' capacity (geography.external_providers) but no people.
  std::size_t council_districts = SIZE_MAX;
  std::size_t property_bands = 1;  // rows of placement.band_accepts
  std::size_t need_bands = 1;      // columns of placement.band_accepts
};

/// Why an external district (Medway) cannot be named where a council's district is expected;
/// with `capacity`, where a provider's branch or property is, which geography.external_providers
/// admits.
std::string external_district_text(const std::string& code, const std::string& name,
                                   bool capacity = false);

/// Why a date of a dated input (shock, action, reopening, pipeline opening) is refused: the one
/// rule is that it falls on a day of the run, from `start` to the day the last period ends.
std::string outside_run(const sim::Date& start, int horizon_months);

/// Reads and checks the files `files` names. Every problem is appended to `errors`, each as
/// "FILE:LINE: column 'COL': message" (or "FILE: message" for a file that cannot be read).
ImportedData read_market_files(const MarketFiles& files, const ImportContext& context,
                               std::vector<std::string>& errors);

}  // namespace caremarket::scenarios
