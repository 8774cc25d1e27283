// Reading a council's market data files (docs/data-files.md) with the geography's CSV reader
// and its column checks: every problem is collected, each naming the file, line and column.

#include "scenarios/market_files.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "geography/district_graph.hpp"
#include "geography/file_read.hpp"
#include "geography/table.hpp"
#include "scenarios/limits.hpp"
#include "scenarios/toml_reader.hpp"
#include "scenarios/toml_schema.hpp"
#include "sim/calendar.hpp"

namespace caremarket::scenarios {

namespace {

using geography::ColumnSpec;
using geography::Problems;
using geography::Table;
namespace csv = geography::csv;

// Far more than a council's data (a row per person in care is well under 1 MB per 10,000
// people); larger files are refused before they are read (docs/robustness.md).
constexpr std::uintmax_t max_data_file_bytes = 256u << 20;

/// One file's table, or nullopt (with a problem) when it cannot be read.
std::optional<Table> open_table(const std::string& path, const std::vector<ColumnSpec>& columns,
                                Problems& problems) {
  // Only a regular file, read up to the cap (a link to /dev/zero or a pipe is refused).
  const geography::FileRead read =
      geography::read_regular_file(path, max_data_file_bytes, "a data file");
  if (!read.text) {
    problems.add(path, read.problem);
    return std::nullopt;
  }
  return Table(path, *read.text, columns, problems);
}

std::string with_choices(const std::string& what, const std::string& value,
                         const std::vector<std::string>& names) {
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  std::string message = "unknown " + what + " '" + value + "' (expected one of: " + list + ")";
  if (const auto s = detail::closest(value, names)) message += "; did you mean '" + *s + "'?";
  return message;
}

/// The index of `column`'s value in `names`, or nullopt with a problem.
std::optional<std::size_t> choice(const Table& t, const csv::Record& row, std::string_view column,
                                  const std::string& what, const std::vector<std::string>& names) {
  const auto value = t.text(row, column);
  if (!value) return std::nullopt;
  const auto it = std::find(names.begin(), names.end(), *value);
  if (it == names.end()) {
    t.problem(row, column, with_choices(what, *value, names));
    return std::nullopt;
  }
  return static_cast<std::size_t>(it - names.begin());
}

/// The model index of the row's district. Only capacity (`capacity`: a branch or a property)
/// may be in an external district, and only with geography.external_providers.
std::optional<sim::DistrictIndex> district(const Table& t, const csv::Record& row,
                                           const ImportContext& c, bool capacity = false) {
  const auto code = t.text(row, "district");
  if (!code) return std::nullopt;
  const auto it = std::find(c.district_codes.begin(), c.district_codes.end(), *code);
  const auto at = static_cast<std::size_t>(it - c.district_codes.begin());
  if (it != c.district_codes.end() && (capacity || at < c.council_districts))
    return static_cast<sim::DistrictIndex>(at);
  if (const auto e = c.external_districts.find(*code); e != c.external_districts.end()) {
    t.problem(row, "district", external_district_text(*code, e->second, capacity));
    return std::nullopt;
  }
  // A county council's code (E10...), as council-level tables such as SALT give, is not a
  // district's: say so rather than suggest a district.
  if (code->size() == 9 && code->rfind("E10", 0) == 0) {
    t.problem(row, "district",
              "'" + *code +
                  "' is a county council's code, not a district's: give each row a district "
                  "of the geography (e.g. " +
                  (c.district_codes.empty() ? std::string("E07000105") : c.district_codes[0]) +
                  "), splitting council-level counts over them");
    return std::nullopt;
  }
  std::string message = "unknown district code '" + *code + "' (not in the scenario's geography)";
  if (const auto s = detail::closest(*code, c.district_codes))
    message += "; did you mean '" + *s + "'?";
  t.problem(row, "district", message);
  return std::nullopt;
}

/// Days since the start of an optional ISO date; `fallback` when blank, nullopt when malformed.
std::optional<double> date_days(const Table& t, const csv::Record& row, std::string_view column,
                                const ImportContext& c, double fallback) {
  const auto text = t.text(row, column, false);
  if (!text || text->empty()) return fallback;
  if (const auto fault = sim::date_fault(*text)) {
    t.problem(row, column, "'" + *text + "' " + *fault);
    return std::nullopt;
  }
  const sim::Date d = sim::parse_iso_date(*text);
  // As the files' year columns: a date before 1900 is a slip (0000-01-01, 0202-06-01), never a
  // provider's joining or a property's opening.
  if (d.year < 1900) {
    t.problem(row, column,
              "'" + *text + "' is before 1900; a date from 1900-01-01 on is expected (blank: " +
                  (fallback < 0.0 ? "before the start" : "open at the start") + ")");
    return std::nullopt;
  }
  return static_cast<double>(sim::days_from_civil(d) - sim::days_from_civil(c.start));
}

struct ProviderIndex {
  std::map<std::string, std::size_t, std::less<>> by_id;
  std::vector<std::string> ids;
};

void read_providers(const std::string& path, ImportedData& out, ProviderIndex& index,
                    const ImportContext& c, Problems& problems) {
  const auto table = open_table(path,
                                {{"provider", true},
                                 {"name", true},
                                 {"kind", true},
                                 {"rate_factor", false},
                                 {"cost_factor", false},
                                 {"joined", false}},
                                problems);
  if (!table) return;
  const Table& t = *table;
  std::map<std::string, std::size_t> first_line;
  for (const csv::Record& row : t.csv().records) {
    const auto id = t.text(row, "provider");
    const auto name = t.text(row, "name", false);
    const auto kind = choice(t, row, "kind", "provider kind", detail::kind_names);
    const auto rate = t.number(row, "rate_factor", false, 1.0);
    const auto cost = t.number(row, "cost_factor", false, 1.0);
    const auto joined = date_days(t, row, "joined", c, -1.0);
    for (const auto& [column, value] :
         {std::pair{"rate_factor", rate}, std::pair{"cost_factor", cost}}) {
      if (value && (*value < 0.01 || *value > 100.0))
        t.problem(row, column,
                  "must be a factor from 0.01 to 100, found " + detail::message_number(*value));
    }
    if (joined && *joined > 0.0) {
      t.problem(row, "joined",
                "the date " + std::string(t.text(row, "joined", false).value_or("")) +
                    " is after the start (" + sim::to_iso(c.start) +
                    "); a provider of the starting market joined by then" + c.start_note);
    }
    // A provider's code and name are written into the results' cells: held to the rules of a
    // scenario's text, with no space at either end.
    for (const auto& [column, value, noun] :
         {std::tuple{"provider", id, "code"}, std::tuple{"name", name, "name"}}) {
      if (!value || value->empty()) continue;
      auto fault = geography::text_fault(*value);
      if (!fault) fault = geography::padded_fault(*value, noun);
      if (fault) t.problem(row, column, *fault);
    }
    if (!id) continue;
    if (const auto it = first_line.find(*id); it != first_line.end()) {
      t.problem(
          row, "provider",
          "duplicate provider id '" + *id + "' (first on line " + std::to_string(it->second) + ")");
      continue;
    }
    first_line[*id] = row.line;
    sim::ProviderSpec spec;
    spec.name = name && !name->empty() ? *name : *id;
    spec.kind = static_cast<sim::ProviderKind>(kind.value_or(0));
    spec.rate_factor = rate.value_or(1.0);
    spec.cost_factor = cost.value_or(1.0);
    spec.joined_days = std::min(0.0, joined.value_or(-1.0));
    out.market.provider_ids.push_back(*id);
    index.by_id[*id] = out.market.providers.size();
    index.ids.push_back(*id);
    out.provider_ids.push_back(*id);
    out.provider_names.push_back(spec.name);
    out.market.providers.push_back(spec);
  }
}

std::optional<std::size_t> provider(const Table& t, const csv::Record& row,
                                    const ProviderIndex& index, bool providers_read) {
  const auto id = t.text(row, "provider");
  if (!id) return std::nullopt;
  if (const auto it = index.by_id.find(*id); it != index.by_id.end()) return it->second;
  if (!providers_read) return std::nullopt;  // the providers file's own problem is reported
  std::string message = "unknown provider '" + *id + "' (not in the providers file)";
  if (const auto s = detail::closest(*id, index.ids)) message += "; did you mean '" + *s + "'?";
  t.problem(row, "provider", message);
  return std::nullopt;
}

void read_capacity(const std::string& path, ImportedData& out, const ProviderIndex& index,
                   bool providers_read, const ImportContext& c, Problems& problems) {
  const auto table = open_table(path,
                                {{"provider", true},
                                 {"district", true},
                                 {"capacity_hours_per_week", true},
                                 {"block_purchased", false}},
                                problems);
  if (!table) return;
  const Table& t = *table;
  std::map<std::pair<std::size_t, sim::DistrictIndex>, std::size_t> first_line;
  for (const csv::Record& row : t.csv().records) {
    const auto p = provider(t, row, index, providers_read);
    const auto d = district(t, row, c, true);
    const auto hours_read = t.number(row, "capacity_hours_per_week");
    const auto block = t.boolean(row, "block_purchased", false, false);
    const double hours = hours_read.value_or(0.0);
    if (hours_read &&
        (hours < limits::min_branch_hours_per_week || hours > limits::max_branch_hours_per_week)) {
      t.problem(row, "capacity_hours_per_week",
                "capacity must be from " + limits::text(limits::min_branch_hours_per_week) +
                    " to " + limits::text(limits::max_branch_hours_per_week) +
                    " hours a week, found " + detail::message_number(hours));
    }
    if (!p || !d || hours <= 0.0 || !block) continue;
    if (const auto it = first_line.find({*p, *d}); it != first_line.end()) {
      t.problem(row, "district",
                "provider '" + index.ids[*p] + "' already has capacity in " + c.district_codes[*d] +
                    " (line " + std::to_string(it->second) + "); give one row per district");
      continue;
    }
    first_line[{*p, *d}] = row.line;
    out.market.branches.push_back(sim::BranchSpec{*p, *d, hours, *block});
  }
}

void read_properties(const std::string& path, ImportedData& out, const ProviderIndex& index,
                     bool providers_read, const ImportContext& c, Problems& problems) {
  const auto table = open_table(
      path,
      {{"provider", true}, {"district", true}, {"band", true}, {"homes", true}, {"opens", false}},
      problems);
  if (!table) return;
  const Table& t = *table;
  for (const csv::Record& row : t.csv().records) {
    const auto p = provider(t, row, index, providers_read);
    const auto d = district(t, row, c, true);
    const auto band_read = t.whole_number(row, "band");
    const auto homes_read = t.whole_number(row, "homes");
    const auto opens = date_days(t, row, "opens", c, 0.0);
    const std::int64_t band = band_read.value_or(-1);
    const std::int64_t homes = homes_read.value_or(0);
    const bool band_ok = band >= 0 && static_cast<std::uint64_t>(band) < c.property_bands;
    const bool homes_ok = homes > 0 && homes <= 100'000;
    if (band_read && !band_ok) {
      t.problem(row, "band",
                "property band " + std::to_string(band) + " is out of range (0.." +
                    std::to_string(c.property_bands - 1) +
                    ": one per row of placement.band_accepts)");
    }
    if (homes_read && !homes_ok) {
      t.problem(row, "homes",
                "must be a whole number of homes from 1 to 100000, found " + std::to_string(homes));
    }
    const double end_days =
        static_cast<double>(sim::days_from_civil(sim::add_months(c.start, c.horizon_months)) -
                            sim::days_from_civil(c.start));
    if (opens && *opens >= end_days) {
      t.problem(row, "opens",
                "the date " + std::string(t.text(row, "opens", false).value_or("")) + " " +
                    outside_run(c.start, c.horizon_months) + c.horizon_note + c.start_note);
    }
    if (!p || !d || !band_ok || !homes_ok || !opens || *opens >= end_days) continue;
    out.market.properties.push_back(sim::PropertySpec{
        *p, *d, static_cast<int>(band), static_cast<int>(homes), std::max(0.0, *opens)});
  }
}

void read_clients(const std::string& path, ImportedData& out, const ImportContext& c,
                  Problems& problems) {
  const auto table = open_table(path,
                                {{"district", true},
                                 {"service", true},
                                 {"group", true},
                                 {"package_hours_per_week", true},
                                 {"need_band", false}},
                                problems);
  if (!table) return;
  const Table& t = *table;
  for (const csv::Record& row : t.csv().records) {
    const auto d = district(t, row, c);
    const auto s = choice(t, row, "service", "service", detail::service_names);
    const auto g = choice(t, row, "group", "group", detail::group_names);
    const auto package_read = t.number(row, "package_hours_per_week");
    // Homecare has no need bands: a band given for homecare is refused as that alone, whatever
    // it holds (not first as a band out of range or not a whole number).
    const auto need_text = t.text(row, "need_band", false);
    const bool need_given = need_text && !need_text->empty();
    const bool homecare_band =
        need_given && s && static_cast<sim::Service>(*s) == sim::Service::homecare;
    const auto need_read =
        homecare_band ? std::optional<std::int64_t>() : t.whole_number(row, "need_band", false, -1);
    const double package = package_read.value_or(0.0);
    if (package_read && (package <= 0.0 || package > 168.0)) {
      t.problem(row, "package_hours_per_week",
                "must be > 0 and at most 168 hours a week (the hours in a week), found " +
                    detail::message_number(package));
    }
    const std::int64_t need = need_read.value_or(-1);
    const bool need_ok =
        homecare_band || !need_given
            ? true
            : need_read && need >= 0 && static_cast<std::uint64_t>(need) < c.need_bands;
    if (need_given && need_read && !need_ok) {
      t.problem(row, "need_band",
                "need band " + std::to_string(need) + " is out of range (0.." +
                    std::to_string(c.need_bands - 1) +
                    ": one per column of placement.band_accepts)");
    }
    if (homecare_band) {
      t.problem(row, "need_band",
                "homecare has no need bands, so this would be ignored (only a supported_living "
                "row's need_band is read): leave it blank for homecare");
    }
    if (!d || !s || !g || package <= 0.0 || !need_ok || homecare_band) continue;
    const auto service = static_cast<sim::Service>(*s);
    const auto group = static_cast<sim::Group>(*g);
    out.clients.push_back(sim::InitialClient{
        *d, service, group, package,
        service == sim::Service::supported_living && need_given ? static_cast<int>(need) : -1});
    ++out.people[*s][*g][*d];
  }
}

void read_caseload(const std::string& path, ImportedData& out, const ImportContext& c,
                   Problems& problems) {
  const auto table = open_table(
      path, {{"district", true}, {"service", true}, {"group", true}, {"people", true}}, problems);
  if (!table) return;
  const Table& t = *table;
  std::map<std::tuple<sim::DistrictIndex, std::size_t, std::size_t>, std::size_t> first_line;
  for (const csv::Record& row : t.csv().records) {
    const auto d = district(t, row, c);
    const auto s = choice(t, row, "service", "service", detail::service_names);
    const auto g = choice(t, row, "group", "group", detail::group_names);
    const auto people_read = t.whole_number(row, "people");
    const std::int64_t people = people_read.value_or(-1);
    const bool people_ok = people >= 0 && static_cast<double>(people) <= limits::max_people_in_care;
    if (people_read && !people_ok)
      t.problem(row, "people",
                "must be a whole number from 0 to " + limits::text(limits::max_people_in_care) +
                    " (a scenario's most people in care at the start), found " +
                    std::to_string(people));
    if (!d || !s || !g || !people_ok) continue;
    if (const auto it = first_line.find({*d, *s, *g}); it != first_line.end()) {
      t.problem(row, "people",
                "a second count for " + c.district_codes[*d] + ", " + detail::service_names[*s] +
                    ", " + detail::group_names[*g] + " (first on line " +
                    std::to_string(it->second) + ")");
      continue;
    }
    first_line[{*d, *s, *g}] = row.line;
    out.people[*s][*g][*d] = people;
  }
}

void read_projections(const std::string& path, ImportedData& out, const ImportContext& c,
                      Problems& problems) {
  const auto table = open_table(
      path, {{"district", true}, {"age_band", true}, {"year", true}, {"population", true}},
      problems);
  if (!table) return;
  const Table& t = *table;
  const std::vector<std::string> bands(projection_bands.begin(), projection_bands.end());
  // population[band][district][year], and the line that first gave each.
  std::array<std::vector<std::map<std::int64_t, double>>, 3> population;
  for (auto& by_district : population) by_district.assign(c.district_codes.size(), {});
  std::map<std::tuple<std::size_t, sim::DistrictIndex, std::int64_t>, std::size_t> first_line;
  // Bands of districts with a row refused: not also said to lack that row's year.
  std::set<std::pair<std::size_t, sim::DistrictIndex>> refused;
  for (const csv::Record& row : t.csv().records) {
    const auto d = district(t, row, c);
    const auto b = choice(t, row, "age_band", "age band", bands);
    const auto year = t.whole_number(row, "year");
    const auto people = t.number(row, "population");
    if (d && b && !(year && people)) refused.insert({*b, *d});
    if (year && (*year < 1900 || *year > 2200)) {
      t.problem(row, "year", "must be a year from 1900 to 2200, found " + std::to_string(*year));
      if (d && b) refused.insert({*b, *d});
      continue;
    }
    if (people && !(*people > 0.0 && *people < limits::population_below)) {
      t.problem(row, "population",
                "must be a number of people above 0 and below " +
                    limits::text(limits::population_below) + ", found " +
                    detail::message_number(*people));
      if (d && b) refused.insert({*b, *d});
      continue;
    }
    if (!d || !b || !year || !people) continue;
    if (const auto it = first_line.find({*b, *d, *year}); it != first_line.end()) {
      t.problem(row, "year",
                "a second population for " + c.district_codes[*d] + ", " + bands[*b] + ", " +
                    std::to_string(*year) + " (first on line " + std::to_string(it->second) + ")");
      continue;
    }
    first_line[{*b, *d, *year}] = row.line;
    population[*b][*d][*year] = *people;
  }
  // Each run year k (start year + k to + k + 1) needs both years; after the table's last year
  // the last growth holds. A band given for one district must be given for all.
  const std::int64_t first_year = c.start.year;
  const auto years = static_cast<std::size_t>((c.horizon_months + 11) / 12);
  out.has_projections = true;
  // A file whose years all lie outside the run's first two is one fault, said once with the
  // years it gives, not once for every district and band.
  std::int64_t lowest = std::numeric_limits<std::int64_t>::max(), highest = 0;
  bool start_given = false;
  for (const auto& by_district : population) {
    for (const auto& by_year : by_district) {
      if (by_year.empty()) continue;
      lowest = std::min(lowest, by_year.begin()->first);
      highest = std::max(highest, by_year.rbegin()->first);
      start_given =
          start_given || (by_year.contains(first_year) && by_year.contains(first_year + 1));
    }
  }
  if (!start_given && highest > 0 && refused.empty()) {
    problems.add(
        t.file(),
        "gives the populations of " +
            (lowest == highest ? std::to_string(lowest)
                               : std::to_string(lowest) + " to " + std::to_string(highest)) +
            ", but the run starts in " + std::to_string(first_year) +
            ": each district's band needs the populations of " + std::to_string(first_year) +
            " and " + std::to_string(first_year + 1));
    return;
  }
  for (std::size_t b = 0; b < bands.size(); ++b) {
    const bool any = std::any_of(population[b].begin(), population[b].end(),
                                 [](const auto& m) { return !m.empty(); });
    out.growth[b].assign(c.district_codes.size(), {});
    if (!any) continue;
    const std::size_t council = std::min(c.council_districts, c.district_codes.size());
    for (sim::DistrictIndex d = 0; d < council; ++d) {
      const auto& p = population[b][d];
      if (refused.contains({b, d})) continue;  // its error is the row's
      if (!p.contains(first_year) || !p.contains(first_year + 1)) {
        problems.add(t.file(), "age band " + bands[b] + " of district " + c.district_codes[d] +
                                   " needs the populations of " + std::to_string(first_year) +
                                   " and " + std::to_string(first_year + 1) +
                                   " (the run starts in " + std::to_string(first_year) +
                                   "; a band given for one district is needed for all)");
        continue;
      }
      // No gap between the first and the last year given: a missing year would silently end
      // the projection there.
      for (auto it = p.begin(); std::next(it) != p.end(); ++it) {
        if (std::next(it)->first != it->first + 1) {
          problems.add(t.file(), "age band " + bands[b] + " of district " + c.district_codes[d] +
                                     " has no population for " + std::to_string(it->first + 1) +
                                     " (given for " + std::to_string(it->first) + " and " +
                                     std::to_string(std::next(it)->first) +
                                     "): give every year in between");
          break;
        }
      }
      std::vector<double>& g = out.growth[b][d];
      for (std::size_t k = 0; k < years; ++k) {
        const auto y = first_year + static_cast<std::int64_t>(k);
        if (!p.contains(y) || !p.contains(y + 1)) break;
        g.push_back(p.at(y + 1) / p.at(y) - 1.0);
      }
    }
  }
}

}  // namespace

std::string absolute_path(const std::string& path) {
  return std::filesystem::absolute(path).lexically_normal().generic_string();
}

std::string external_district_text(const std::string& code, const std::string& name,
                                   bool capacity) {
  if (capacity)
    return "'" + code + "' is " + name +
           ", an external district: not one of the council's districts; providers there need "
           "geography.include_external = true and geography.external_providers = true "
           "(docs/geography.md)";
  return "'" + code + "' is " + name +
         ", an external district: not one of the council's districts, so none of its people "
         "or actions can be there (docs/geography.md)";
}

std::string outside_run(const sim::Date& start, int horizon_months) {
  const sim::Date last_day =
      sim::civil_from_days(sim::days_from_civil(sim::add_months(start, horizon_months)) - 1);
  return "is outside the run, which starts " + sim::to_iso(start) + " and whose last period ends " +
         sim::to_iso(last_day);
}

ImportedData read_market_files(const MarketFiles& files, const ImportContext& context,
                               std::vector<std::string>& errors) {
  ImportedData out;
  Problems problems;
  ProviderIndex index;
  if (files.market()) {
    out.has_market = true;
    if (files.providers.empty()) {
      problems.add(files.homecare_capacity.empty() ? files.properties : files.homecare_capacity,
                   "market.files needs providers = \"<file>\" with homecare_capacity and "
                   "properties");
    } else {
      read_providers(files.providers, out, index, context, problems);
    }
    const bool providers_read = !files.providers.empty() && !index.ids.empty();
    if (!files.homecare_capacity.empty())
      read_capacity(files.homecare_capacity, out, index, providers_read, context, problems);
    if (!files.properties.empty())
      read_properties(files.properties, out, index, providers_read, context, problems);
    // Files that list nothing (a header and no row) would leave an empty market, silently: a
    // market given by files must hold at least one provider and some capacity.
    if (problems.empty() && !files.providers.empty() && index.ids.empty()) {
      problems.add(files.providers, 1,
                   "lists no provider (a header and no row): a market read from files needs at "
                   "least one; leave market.files out to use the synthesised market");
    } else if (problems.empty() && out.market.branches.empty() && out.market.properties.empty()) {
      problems.add(files.homecare_capacity.empty() ? files.properties : files.homecare_capacity, 1,
                   "lists no capacity: no homecare branch and no supported-living property in "
                   "the market files, so nobody could be placed on contract");
    }
  }
  if (files.caseload_given()) {
    out.has_caseload = true;
    for (auto& by_group : out.people)
      for (auto& by_district : by_group) by_district.assign(context.district_codes.size(), 0);
    if (!files.clients.empty()) read_clients(files.clients, out, context, problems);
    if (!files.caseload.empty()) read_caseload(files.caseload, out, context, problems);
  }
  if (!files.projections.empty()) read_projections(files.projections, out, context, problems);
  try {
    problems.throw_if_any();
  } catch (const geography::GeographyError& e) {
    errors.insert(errors.end(), e.problems().begin(), e.problems().end());
  }
  return out;
}

}  // namespace caremarket::scenarios
