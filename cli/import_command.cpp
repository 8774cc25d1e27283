// `caremarket import market`: a council's market folder from public data. Reads CQC's register
// of locations (the care directory or the HSCA export, cli/import_cqc.hpp), the ONS postcode lookup
// (NSPL or ONSPD: district of each postcode) and, where given, a Capacity Tracker non-residential
// extract (hours of homecare paid last week), and writes providers.csv, homecare_capacity.csv,
// properties.csv, a scenario.toml extending the council's baseline that points at them, and
// import_log.csv, which accounts for every row of the directory and the Capacity Tracker extract.
// The rules are in docs/data-files.md, "From public data". Every problem in the inputs is reported
// with file, line and column before anything is written (exit 2).

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "cli/import_check.hpp"
#include "cli/import_cqc.hpp"
#include "cli/import_ons.hpp"
#include "cli/import_postcodes.hpp"
#include "cli/import_salt.hpp"
#include "cli/import_tracker.hpp"
#include "cli/options.hpp"
#include "cli/say.hpp"
#include "cli/scenario_loading.hpp"
#include "geography/csv.hpp"
#include "geography/district_graph.hpp"
#include "geography/table.hpp"
#include "results/atomic_folder.hpp"
#include "results/format.hpp"
#include "scenarios/limits.hpp"
#include "scenarios/message_number.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/toml_scenario.hpp"
#include "scenarios/toml_writer.hpp"

namespace caremarket::embedded {
// The built-in Kent geography's files (geography/CMakeLists.txt): {path under geography/, text}.
const std::vector<std::pair<std::string_view, std::string_view>>& kent_geography_data();
}  // namespace caremarket::embedded

namespace caremarket::cli {

namespace {

namespace fs = std::filesystem;
using geography::ColumnSpec;
using geography::Problems;
using geography::Table;
namespace csv = geography::csv;
namespace limits = scenarios::limits;

struct ImportOptions {
  std::string what = "market";
  std::string cqc;
  std::string postcodes;
  std::string capacity;
  std::string framework;
  std::string projections;
  std::string populations;
  std::string salt;
  double framework_share = 0.7;
  bool framework_share_given = false;  // --framework-share on the command line
  double total_hours = 0.0;
  int homes_per_location = 4;
  std::string council = "kent-baseline";
  std::string name;
  std::string out;
  bool force = false;
};

// The Kent baseline's homecare entrant capacity (entrant_capacity_hours_per_week mean): the
// capacity of a branch when no Capacity Tracker figure and no total are known.
constexpr double default_branch_hours = 600.0;

/// A file's name as written into the comment lines of the files imported: a line break or any
/// other control byte in it as \xNN, so that it cannot end the comment and start a row.
std::string base_name(const std::string& path) {
  return geography::printable(fs::path(path).filename().string());
}

using LogRow = ImportLogRow;

/// The ids on the council's framework list: one a line (first field of a CSV line), `#`
/// comments and blank lines ignored, a header line `provider` or `id` skipped.
std::vector<std::pair<std::string, std::size_t>> read_id_list(const std::string& path,
                                                              Problems& problems) {
  std::vector<std::pair<std::string, std::size_t>> ids;
  const std::string text = read_whole_file(path, problems);
  if (const auto bad = geography::encoding_problem(text)) {
    problems.add(path, bad->first, bad->second);
    return ids;
  }
  std::istringstream in(text);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (n == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    const auto fields = split_line(line);
    const std::string& id = fields.front();
    const bool blank_id =
        id.empty() &&
        std::any_of(fields.begin(), fields.end(), [](const std::string& f) { return !f.empty(); });
    if (blank_id) {
      ids.emplace_back("", n);  // logged: a line with fields but no id in the first
      continue;
    }
    if (id.empty() || id[0] == '#' || (ids.empty() && (id == "provider" || id == "id"))) continue;
    ids.emplace_back(id, n);
  }
  return ids;
}

std::string csv_field(const std::string& s) {
  const bool padded = !s.empty() && (s.front() == ' ' || s.back() == ' ');
  if (s.find_first_of(",\"\n\r") == std::string::npos && !padded) return s;
  std::string out = "\"";
  for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void import_market(const ImportOptions& o) {
  const LoadedScenario council = load_or_exit(o.council, {}, -1, -1);
  scenarios::Scenario with_external = council.scenario;
  with_external.geography.include_external = true;
  const geography::DistrictGraph graph = scenarios::load_scenario_geography(with_external);
  const fs::path out = fs::absolute(o.out.empty() ? fs::path("out") / "imported" : fs::path(o.out));
  // Said in the import's own words before check_output_folder refuses it in general terms.
  if (fs::is_regular_file(o.council)) {
    std::error_code ec;
    if (fs::equivalent(fs::absolute(o.council).parent_path(), out, ec)) {
      std::cerr << "caremarket: error: -o " << o.out << " is the folder of --council " << o.council
                << ", which the imported scenario extends: write it to another folder\n";
      throw Exit{exit_bad_input};
    }
  }
  for (const std::string* f :
       {&o.cqc, &o.postcodes, &o.capacity, &o.framework, &o.projections, &o.populations, &o.salt})
    note_input_file(*f);
  check_output_folder(out, o.force, true);
  // The scenario written would refuse its own name (as run says of its --name).
  if (const auto fault =
          o.name.empty() ? std::nullopt : scenarios::name_fault(o.name, "scenario")) {
    std::cerr << "caremarket: error: --name " << o.name << ": " << *fault << '\n';
    throw Exit{exit_bad_input};
  }

  Problems problems;
  std::vector<LogRow> log;

  // 1. The CQC register: the care directory or the HSCA active-locations export.
  const std::string cqc_name = base_name(o.cqc);
  Register register_ = read_cqc_register(o.cqc, problems, log);
  std::vector<Location>& locations = register_.locations;
  const std::set<std::string>& wanted = register_.postcodes;

  // 2. Districts from postcodes.
  const PostcodeDistricts lookup = read_postcodes(o.postcodes, wanted, problems);
  std::set<std::string> external;  // external districts of locations found there
  {
    std::vector<Location> in_area;
    for (Location& l : locations) {
      LogRow& row = log[l.log];
      const auto it = lookup.district.find(l.district);
      if (it == lookup.district.end()) {
        row.outcome = "dropped";
        row.reason = "postcode " + l.district + " not in the postcode lookup";
        continue;
      }
      const std::string& code = it->second.first;
      if (code.empty()) {
        row.outcome = "dropped";
        row.reason = "postcode " + l.district + " has no district in the postcode lookup (line " +
                     std::to_string(it->second.second) + ")";
        continue;
      }
      const auto d = graph.find(code);
      if (!d) {
        row.outcome = "dropped";
        row.reason = "outside the council (district " + code + ")";
        continue;
      }
      // A branch in an external district of the geography (Medway for Kent) is kept as an
      // external provider: the scenario then models that district with
      // geography.external_providers, holding providers and none of the council's people.
      if (graph.district(*d).external) external.insert(code);
      l.district = code;
      in_area.push_back(std::move(l));
    }
    locations = std::move(in_area);
  }

  // 3. Capacity Tracker: hours of homecare paid last week, the latest return of each location.
  if (!o.capacity.empty()) read_capacity_tracker(o.capacity, locations, problems, log);

  // ONS projections into projections.csv.
  std::string projections;
  if (!o.projections.empty()) projections = import_snpp(o.projections, graph, false, problems, log);

  // SALT LTS001b into caseload.csv: the people in care at the start.
  std::string caseload;
  if (!o.salt.empty()) {
    caseload = import_salt(o.salt, council.scenario.area_code, council.params, problems, log);
  }

  // ONS mid-year estimates into the geography's populations: districts.csv beside a copy of
  // the council's edges (and travel times), read with geography.data = ".".
  std::vector<results::FolderFile> geography_files;
  if (!o.populations.empty()) {
    const auto districts = import_nomis(o.populations, graph, problems, log);
    geography_files.push_back(results::text_file(
        "districts.csv",
        districts_csv(districts, "The geography of " + council.scenario.name +
                                     " with the populations of " + base_name(o.populations) +
                                     " (caremarket import market)")));
    const std::string& data = council.scenario.geography.data;
    if (data == "kent") {
      for (const auto& [path, contents] : embedded::kent_geography_data()) {
        if (path == "data/kent/edges.csv")
          geography_files.push_back(results::text_file("edges.csv", std::string(contents)));
      }
    } else {
      geography_files.push_back(results::text_file(
          "edges.csv", read_whole_file((fs::path(data) / "edges.csv").string(), problems)));
      const fs::path travel = fs::path(data) / "travel_minutes.csv";
      if (fs::exists(travel))
        geography_files.push_back(
            results::text_file("travel_minutes.csv", read_whole_file(travel.string(), problems)));
    }
  }

  std::vector<std::pair<std::string, std::size_t>> framework_ids;
  if (!o.framework.empty()) {
    const std::size_t before = problems.size();
    framework_ids = read_id_list(o.framework, problems);
    if (framework_ids.empty() && problems.size() == before)
      problems.add(o.framework,
                   "lists no provider or location id (every provider would be a spot provider)");
  }

  // Every problem in the inputs stops the import before anything is written.
  if (!problems.empty()) {
    try {
      problems.throw_if_any();
    } catch (const geography::GeographyError& e) {
      for (const auto& line : e.problems()) say_error(line);
    }
    throw Exit{exit_bad_input};
  }

  // 4. Capacity of the branches without a Capacity Tracker figure. --total-hours is the
  // council's: it is shared by the council's branches only; an external branch gets the median.
  double known = 0.0;
  std::vector<double> figures;
  std::size_t unknown = 0;
  for (Location& l : locations) {
    if (!l.homecare) continue;
    const bool in_council = !external.contains(l.district);
    if (l.hours) {
      if (*l.hours > 0.0) {
        if (in_council) known += *l.hours;
        figures.push_back(*l.hours);
      }
    } else if (in_council) {
      ++unknown;
    }
  }
  double typical = default_branch_hours;
  std::string typical_rule = "the default " + ten_digits(default_branch_hours) + " hours a week";
  if (!figures.empty()) {
    std::sort(figures.begin(), figures.end());
    const std::size_t m = figures.size();
    typical = m % 2 == 1 ? figures[m / 2] : (figures[m / 2 - 1] + figures[m / 2]) / 2.0;
    typical_rule = "the median of the Capacity Tracker's figures";
  }
  double synthesised = typical;
  std::string rule = typical_rule;
  if (o.total_hours > 0.0 && unknown == 0) {
    std::cerr << "caremarket: note: --total-hours " << ten_digits(o.total_hours)
              << " is not used: every homecare branch of the council has a Capacity Tracker "
                 "figure (together "
              << ten_digits(known) << " hours a week)\n";
  }
  if (o.total_hours > 0.0 && unknown > 0) {
    synthesised = (o.total_hours - known) / static_cast<double>(unknown);
    rule = "an equal share of the council's " + ten_digits(o.total_hours) +
           " hours less the Capacity Tracker's " + ten_digits(known);
    if (synthesised <= 0.0) {
      std::cerr << "caremarket: error: --total-hours " << scenarios::message_number(o.total_hours)
                << " is no more than the Capacity Tracker's " << scenarios::message_number(known)
                << " hours; "
                << (unknown == 1 ? std::string("1 branch would have none")
                                 : std::to_string(unknown) + " branches would have none")
                << '\n';
      throw Exit{exit_bad_input};
    }
    // Each share is a branch of its own: held to a branch's limits here, before anything is
    // written, not refused later in the folder written.
    if (as_written(synthesised) < limits::min_branch_hours_per_week ||
        as_written(synthesised) > limits::max_branch_hours_per_week) {
      const bool small = as_written(synthesised) < limits::min_branch_hours_per_week;
      std::cerr << "caremarket: error: --total-hours " << scenarios::message_number(o.total_hours)
                << " gives "
                << (unknown == 1 ? "the branch"
                                 : "each of the " + std::to_string(unknown) + " branches")
                << " with no Capacity Tracker figure " << ten_digits(synthesised)
                << " hours a week, " << (small ? "less" : "more") << " than a branch can hold ("
                << (small ? "at least " + limits::text(limits::min_branch_hours_per_week)
                          : "at most " + limits::text(limits::max_branch_hours_per_week))
                << ")\n";
      throw Exit{exit_bad_input};
    }
  }

  // 5. Providers, branches and properties.
  struct Provider {
    std::string name;
    std::vector<std::string> locations;
    std::map<std::string, double> hours;                    // district -> hours a week
    std::map<std::string, std::vector<std::size_t>> lines;  // district -> register lines
    double size = 0.0;
    bool framework = false;
  };
  std::map<std::string, Provider> providers;
  struct Property {
    std::string provider;
    std::string district;
    std::string location;
  };
  std::vector<Property> properties;
  std::set<std::string> kept_external;  // external districts of a kept branch or property
  // A district as the log names it: an external one says so.
  const auto where = [&](const std::string& code) {
    return external.contains(code)
               ? code + " (" + graph.district(*graph.find(code)).name + ", external: out of area)"
               : code;
  };
  for (Location& l : locations) {
    LogRow& row = log[l.log];
    bool any = false;
    std::string what;
    if (l.homecare) {
      const bool in_council = !external.contains(l.district);
      const double h = l.hours.value_or(in_council ? synthesised : typical);
      if (h > 0.0) {
        providers[l.provider].hours[l.district] += h;
        providers[l.provider].lines[l.district].push_back(l.line);
        providers[l.provider].size += h;
        any = true;
        what = "homecare branch in " + where(l.district) + ", " + ten_digits(h) + " hours a week" +
               (l.hours ? " (Capacity Tracker line " + std::to_string(l.hours_line) + ")"
                        : " (synthesised: " + (in_council ? rule : typical_rule) + ")");
      } else {
        what = "no homecare: 0 hours paid last week (Capacity Tracker line " +
               std::to_string(l.hours_line) + ")";
      }
    }
    if (l.supported_living) {
      properties.push_back({l.provider, l.district, l.id});
      providers[l.provider].size +=
          static_cast<double>(o.homes_per_location) * 40.0;  // about 40 support hours a home
      any = true;
      what += std::string(what.empty() ? "" : "; ") + "supported-living property in " +
              where(l.district);
    }
    if (!any) {
      row.outcome = "dropped";
      row.reason = what;
      continue;
    }
    if (external.contains(l.district)) kept_external.insert(l.district);
    Provider& p = providers[l.provider];
    if (p.name.empty()) p.name = l.provider_name;
    p.locations.push_back(l.id);
    row.reason = what + "; provider " + l.provider;
  }
  // The model has one branch per provider and district: a provider's locations in a district
  // add up to one, held to a branch's limit here, not refused in the folder written.
  bool too_large = false;
  for (const auto& [id, p] : providers) {
    for (const auto& [district, hours] : p.hours) {
      if (as_written(hours) <= limits::max_branch_hours_per_week) continue;
      if (!too_large) print_log_summary(log, "nothing written");
      too_large = true;
      // Named on the register's lines of those locations, as any other input error is.
      const std::vector<std::size_t>& at = p.lines.at(district);
      std::vector<std::string> numbers;
      for (const std::size_t line : at) numbers.push_back(std::to_string(line));
      const std::string lines = results::join_words(numbers);
      say_error(o.cqc + ':' + std::to_string(at.front()) + ": provider " + id +
                "'s homecare locations in " + where(district) + " (lines " + lines +
                ") add up to " + ten_digits(hours) +
                " hours a week, more than a branch can hold (at most " +
                limits::text(limits::max_branch_hours_per_week) +
                "; the model keeps one branch per provider and district)");
    }
  }
  if (too_large) throw Exit{exit_bad_input};
  if (providers.empty()) {
    print_log_summary(log, "nothing written");
    std::cerr << "caremarket: error: no homecare or supported-living location of "
              << council.scenario.area_name << " is left in " << o.cqc
              << " (the reasons are above)\n";
    throw Exit{exit_bad_input};
  }

  // 6. Framework membership: the council's list, else the largest share of providers.
  std::string framework_rule;
  if (!o.framework.empty() && o.framework_share_given)
    std::cerr << "caremarket: note: --framework-share is not used: --framework lists the "
                 "framework's providers\n";
  if (!o.framework.empty()) {
    const std::string list_name = base_name(o.framework);
    std::map<std::string, std::string> owner;  // location or provider id -> provider id
    for (const auto& [id, p] : providers) {
      owner[id] = id;
      for (const auto& l : p.locations) owner[l] = id;
    }
    std::map<std::string, std::size_t> listed;  // id -> its first line
    std::size_t matched = 0;
    for (const auto& [id, line] : framework_ids) {
      if (id.empty()) {
        log.push_back({list_name, line, id, "not used", "no id in the first field"});
        continue;
      }
      const auto it = owner.find(id);
      log.push_back({list_name, line, id, it == owner.end() ? "not used" : "used",
                     it == owner.end() ? "not a kept provider or location" : "framework"});
      if (const auto seen = listed.find(id); seen != listed.end()) {
        log.back() = {list_name, line, id, "not used",
                      "listed again (first on line " + std::to_string(seen->second) + ")"};
        continue;
      }
      listed.emplace(id, line);
      if (it != owner.end()) {
        providers[it->second].framework = true;
        ++matched;
      }
    }
    // A list none of whose ids is a kept provider or location is almost certainly the wrong
    // file or column: every provider would be spot.
    if (matched == 0) {
      print_log_summary(log, "nothing written");
      std::cerr << "caremarket: error: " << o.framework
                << ": none of its ids is a kept CQC provider or location id (every provider "
                   "would be a spot provider; the first field of each line is read)\n";
      throw Exit{exit_bad_input};
    }
    framework_rule = "on the council's list (" + list_name + ")";
  } else {
    std::vector<std::pair<double, std::string>> by_size;
    for (const auto& [id, p] : providers) by_size.emplace_back(-p.size, id);
    std::sort(by_size.begin(), by_size.end());
    const auto n = static_cast<std::size_t>(
        std::lround(o.framework_share * static_cast<double>(by_size.size())));
    for (std::size_t i = 0; i < n && i < by_size.size(); ++i)
      providers[by_size[i].second].framework = true;
    framework_rule = "the largest " + ten_digits(o.framework_share * 100.0) + "% of providers";
  }

  // 7. The files.
  const std::string sources = "# Imported by caremarket import market from " + cqc_name + ", " +
                              base_name(o.postcodes) +
                              (o.capacity.empty() ? "" : ", " + base_name(o.capacity)) + ".\n";
  std::ostringstream pcsv, hcsv, scsv, lcsv, toml;
  pcsv << sources << "# kind: framework if " << framework_rule << ".\n"
       << "provider,name,kind\n";
  hcsv << sources << "provider,district,capacity_hours_per_week\n";
  for (const auto& [id, p] : providers) {
    pcsv << csv_field(id) << ',' << csv_field(p.name) << ',' << (p.framework ? "framework" : "spot")
         << '\n';
    for (const auto& [district, h] : p.hours)
      hcsv << csv_field(id) << ',' << district << ',' << ten_digits(h) << '\n';
  }
  const auto& shares =
      council.scenario.market[static_cast<std::size_t>(sim::Service::supported_living)].band_shares;
  scsv << sources << "# " << o.homes_per_location
       << " homes a location; bands in the shares of market.supported_living.band_shares, in "
          "file order.\nprovider,district,band,homes\n";
  for (std::size_t k = 0; k < properties.size(); ++k) {
    const double at = (static_cast<double>(k) + 0.5) / static_cast<double>(properties.size());
    std::size_t band = 0;
    double cumulative = 0.0;
    for (; band + 1 < shares.size(); ++band) {
      cumulative += shares[band];
      if (at < cumulative) break;
    }
    scsv << csv_field(properties[k].provider) << ',' << properties[k].district << ',' << band << ','
         << o.homes_per_location << '\n';
  }
  bool any_homecare = false;
  for (const auto& [id, p] : providers) any_homecare = any_homecare || !p.hours.empty();
  const std::string name = o.name.empty() ? council.scenario.name + "-imported" : o.name;
  // A shipped scenario by name; a scenario file by its absolute path.
  const std::string extends =
      fs::is_regular_file(o.council) ? fs::absolute(o.council).generic_string() : o.council;
  toml << "# " << council.scenario.area_name
       << "'s market from public data (caremarket import market); see import_log.csv.\n"
       << "schema_version = 1\nextends = " << scenarios::toml_quoted(extends)
       << "\nname = " << scenarios::toml_quoted(name) << "\n";
  // A council that models external providers keeps doing so only if this import kept one.
  const bool drop_external = council.scenario.geography.external_providers && kept_external.empty();
  if (!geography_files.empty() || !kept_external.empty() || drop_external)
    toml << "\n[geography]\n";
  if (drop_external) toml << "external_providers = false  # no location kept outside the council\n";
  if (!geography_files.empty()) toml << "data = \".\"  # districts.csv and edges.csv here\n";
  if (!kept_external.empty()) {
    toml << "# Providers in ";
    for (const std::string& code : kept_external)
      toml << (code == *kept_external.begin() ? "" : ", ")
           << graph.district(*graph.find(code)).name;
    toml << " (outside the council) take the council's people out of area; none live there.\n"
         << "include_external = true\nexternal_providers = true\n";
  }
  // Every file of the market is this folder's: a key the import has no file for is cleared, so
  // that none of the council's own market files (naming its providers) is inherited.
  toml << "\n[market.files]\nproviders = \"providers.csv\"\n";
  toml << "homecare_capacity = " << (any_homecare ? "\"homecare_capacity.csv\"" : "\"\"") << '\n';
  toml << "properties = " << (!properties.empty() ? "\"properties.csv\"" : "\"\"") << '\n';
  if (!council.scenario.files.clients.empty()) {
    toml << "clients = \"\"  # the council's clients.csv places people with its own providers\n";
    std::cerr << "caremarket: note: " << o.council
              << " reads clients.csv, whose people are placed with its own providers: the "
                 "imported scenario does not ("
              << (caseload.empty() ? "its people are initial_people" : "its people are SALT's")
              << ")\n";
  }
  if (!projections.empty()) toml << "projections = \"projections.csv\"\n";
  if (!caseload.empty()) toml << "caseload = \"caseload.csv\"\n";
  // A shock naming one of the council's own providers names nobody in the imported market.
  const bool named_shock = std::any_of(
      council.scenario.shocks.begin(), council.scenario.shocks.end(),
      [](const sim::ShockSpec& k) { return k.target == sim::ShockSpec::Target::named; });
  if (named_shock) {
    toml << "\n[exits]\nshocks = []  # the council's shocks name its own providers\n";
    std::cerr << "caremarket: note: " << o.council
              << "'s shocks name its own providers, who are not in the imported market: the "
                 "imported scenario has no shocks\n";
  }
  lcsv << "file,line,id,outcome,reason\n";
  for (const LogRow& r : log) {
    lcsv << csv_field(r.file) << ',' << r.line << ',' << csv_field(r.id) << ',' << r.outcome << ','
         << csv_field(r.reason) << '\n';
  }

  std::vector<results::FolderFile> files;
  files.push_back(results::text_file("scenario.toml", toml.str()));
  files.push_back(results::text_file("providers.csv", pcsv.str()));
  if (any_homecare) files.push_back(results::text_file("homecare_capacity.csv", hcsv.str()));
  if (!properties.empty()) files.push_back(results::text_file("properties.csv", scsv.str()));
  if (!projections.empty()) files.push_back(results::text_file("projections.csv", projections));
  if (!caseload.empty()) files.push_back(results::text_file("caseload.csv", caseload));
  for (auto& g : geography_files) files.push_back(std::move(g));
  files.push_back(results::text_file("import_log.csv", lcsv.str()));
  nlohmann::ordered_json manifest = manifest_header("import market");
  manifest["scenario"] = "scenario.toml";
  files.push_back(results::text_file("manifest.json", manifest_text(manifest)));
  std::string added = "the providers and capacity of " + o.cqc;
  for (const auto& [option, file] : std::initializer_list<std::pair<const char*, std::string>>{
           {"--projections", o.projections}, {"--salt", o.salt}, {"--populations", o.populations}})
    if (!file.empty()) added += ", " + std::string(option) + " " + file;
  results::write_folder_atomically(out, files, o.force, [&](const fs::path& written) {
    refuse_unloadable_folder(written, out, o.council, added);
  });

  // 8. The log's summary on stderr: rows read, kept and dropped, by file and reason.
  print_log_summary(log, "every row in " + (out / "import_log.csv").string());
  std::cerr << std::left << std::setw(44) << base_name(o.postcodes) << std::right << std::setw(8)
            << lookup.rows << std::setw(8) << lookup.district.size() << std::setw(10) << "-"
            << "  (postcodes used)\n";
  std::cerr << "caremarket: "
            << results::counted(static_cast<long long>(providers.size()), "provider") << ", "
            << results::counted(static_cast<long long>(properties.size()),
                                "supported-living property", "supported-living properties")
            << "; run it with\n  caremarket run "
            << results::shell_quoted((out / "scenario.toml").string()) << '\n';
}

}  // namespace

void add_import_command(CLI::App& app) {
  auto o = std::make_shared<ImportOptions>();
  CLI::App* cmd = app.add_subcommand(
      "import", "Write a council's market folder from public data (CQC directory, postcodes)");
  cmd->add_option("what", o->what, "What to import: market")
      ->capture_default_str()
      ->check(only_word("import", "market"));
  cmd->add_option(
         "--cqc", o->cqc,
         "The CQC care directory CSV as downloaded, or the HSCA active-locations export as CSV")
      ->required()
      ->check(non_empty("a CSV file"));
  cmd->add_option("--postcodes", o->postcodes, "The ONS postcode lookup CSV (NSPL or ONSPD)")
      ->required()
      ->check(non_empty("a CSV file"));
  cmd->add_option("--capacity", o->capacity, "A Capacity Tracker non-residential extract CSV")
      ->check(non_empty("a CSV file"));
  cmd->add_option("--framework", o->framework,
                  "The council's framework providers: a file of CQC provider or location ids")
      ->check(non_empty("a file"));
  cmd->add_option("--projections", o->projections,
                  "ONS subnational population projections (SNPP) CSV: district growth")
      ->check(non_empty("a CSV file"));
  cmd->add_option(
         "--populations", o->populations,
         "ONS mid-year population estimates, Nomis CSV (long layout): district populations")
      ->check(non_empty("a CSV file"));
  cmd->add_option("--salt", o->salt,
                  "SALT (ASC-FR) table LTS001b CSV: the people in care at the start (caseload)")
      ->check(non_empty("a CSV file"));
  CLI::Option* share =
      cmd->add_option("--framework-share", o->framework_share,
                      "Without --framework: the share of providers on the framework, largest first")
          ->capture_default_str()
          ->check(number_in(0.0, 1.0));
  cmd->add_option("--total-hours", o->total_hours,
                  "The council's homecare hours a week, shared by branches with no figure")
      ->check(number_in(1.0));
  cmd->add_option("--homes-per-location", o->homes_per_location,
                  "Homes of each supported-living location (a whole number)")
      ->capture_default_str()
      ->check(whole_number(1, 1000));
  cmd->add_option("--council", o->council, "The scenario the market extends")
      ->check(non_empty("a scenario"))
      ->capture_default_str();
  cmd->add_option("--name", o->name, "The scenario's name (default: the council's + -imported)")
      ->check(non_empty("a name"));
  cmd->add_option("-o,--out", o->out, "Folder to write (default out/imported)")
      ->check(non_empty("a folder"));
  cmd->add_flag("--force", o->force, "Replace an existing folder");
  cmd->callback([o, share] {
    o->framework_share_given = share->count() > 0;
    import_market(*o);
  });
}

}  // namespace caremarket::cli
