#include "cli/import_salt.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <optional>
#include <sstream>

#include "geography/file_read.hpp"
#include "geography/table.hpp"
#include "scenarios/limits.hpp"

namespace caremarket::cli {

namespace {

using sim::Group;
using sim::Service;

constexpr std::size_t groups = sim::group_count;
constexpr double suppressed_count = 2.0;  // "*": a count of 1 to 4, taken as the middle

std::size_t index_of(Service s, Group g) {
  return static_cast<std::size_t>(s) * groups + static_cast<std::size_t>(g);
}

/// `total` whole people over `weights` (largest remainders; ties to the earlier entry), equally
/// when every weight is 0.
std::vector<std::int64_t> apportion(std::int64_t total, std::vector<double> weights) {
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (!(sum > 0.0)) std::fill(weights.begin(), weights.end(), 1.0);
  const double s = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<std::int64_t> out(weights.size(), 0);
  std::vector<std::pair<double, std::size_t>> remainders;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double exact = static_cast<double>(total) * weights[i] / s;
    out[i] = static_cast<std::int64_t>(std::floor(exact));
    given += out[i];
    remainders.emplace_back(exact - std::floor(exact), i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < total && k < remainders.size(); ++k, ++given)
    ++out[remainders[k].second];
  return out;
}

/// Lower case, without the spaces around: SALT's keys are matched in any case.
std::string key(const std::optional<std::string>& v) {
  std::string out;
  if (!v) return out;
  const auto b = v->find_first_not_of(' ');
  const auto e = v->find_last_not_of(' ');
  if (b == std::string::npos) return out;
  for (const char c : v->substr(b, e - b + 1))
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string import_salt(const std::string& path, const std::string& area_code,
                        const sim::ModelParams& council, geography::Problems& problems,
                        std::vector<ImportLogRow>& log) {
  const geography::FileRead read = geography::read_regular_file(path, 256u << 20, "a data file");
  if (!read.text) {
    problems.add(path, read.problem);
    return {};
  }
  const geography::Table t(path, *read.text,
                           {{"GEOGRAPHY_CODE"},
                            {"DataType_Key"},
                            {"AgeBand_Key"},
                            {"LongTermSupportSetting_Key"},
                            {"ITEMVALUE"},
                            {"TABLE", false},
                            {"FY_Ending", false}},
                           problems, true);
  if (!t.has_columns()) return {};  // reported; "no row of the council" would follow from it
  const std::string name = std::filesystem::path(path).filename().string();
  // [service][0: 18 to 64, 1: 65 and over]; given: whether any row gave it.
  std::array<std::array<double, 2>, sim::service_count> counts{};
  std::array<std::array<bool, 2>, sim::service_count> given{};
  bool council_seen = false;
  // The data pack's CSV may hold several tables (LTS001a, b, c) and years: LTS001b rows of the
  // latest FY_Ending are used (where the file has those columns).
  const bool tables = t.has("TABLE");
  const bool years = t.has("FY_Ending");
  std::string latest;
  for (const geography::csv::Record& row : t.csv().records) {
    if (!years || key(t.text(row, "GEOGRAPHY_CODE", false)) != key(area_code)) continue;
    if (tables && key(t.text(row, "TABLE", false)) != "lts001b") continue;
    const std::string year = key(t.text(row, "FY_Ending", false));
    if (year.size() > latest.size() || (year.size() == latest.size() && year > latest))
      latest = year;
  }
  for (const geography::csv::Record& row : t.csv().records) {
    // Blank fields (a row of commas at the end, as spreadsheets write) are logged, not refused.
    const auto code = t.text(row, "GEOGRAPHY_CODE", false);
    const auto type = t.text(row, "DataType_Key", false);
    const auto band = t.text(row, "AgeBand_Key", false);
    const auto setting = t.text(row, "LongTermSupportSetting_Key", false);
    const auto value = t.text(row, "ITEMVALUE", false);
    log.push_back({name, row.line, code.value_or(""), "used", ""});
    auto not_used = [&](const std::string& why) {
      log.back().outcome = "not used";
      log.back().reason = why;
    };
    if (key(code).empty() || key(type).empty() || key(band).empty() || key(setting).empty() ||
        key(value).empty()) {
      not_used("a blank field");
      continue;
    }
    if (key(code) != key(area_code)) {
      not_used("another council (" + *code + ")");
      continue;
    }
    if (tables && key(t.text(row, "TABLE", false)) != "lts001b") {
      not_used("table " + t.text(row, "TABLE", false).value_or("") + " (LTS001b is used)");
      continue;
    }
    council_seen = true;
    if (years && key(t.text(row, "FY_Ending", false)) != latest) {
      not_used("not the latest year (" + latest + ")");
      continue;
    }
    if (key(type) != "number of clients") {
      not_used("data type " + *type);
      continue;
    }
    std::size_t si = 0;
    if (key(setting) == "community: home care") {
      si = static_cast<std::size_t>(Service::homecare);
    } else if (key(setting) == "community: supported living") {
      si = static_cast<std::size_t>(Service::supported_living);
    } else {
      not_used("setting " + *setting + " is not modelled");
      continue;
    }
    std::size_t bi = 0;
    if (key(band) == "18 to 64") {
      bi = 0;
    } else if (key(band) == "65 and over") {
      bi = 1;
    } else {
      not_used("age band " + *band + " (18 to 64 and 65 and over are used)");
      continue;
    }
    double v = suppressed_count;
    if (key(value) == "*") {
      log.back().reason = "suppressed: taken as 2";
    } else {
      const auto x = geography::parse_number(*value);
      if (!x || *x < 0.0 || *x != std::floor(*x)) {
        t.problem(row, "ITEMVALUE", geography::number_fault(*value, "a count of clients (or *)"));
        not_used("not a count");
        continue;
      }
      // A scenario holds at most limits::max_people_in_care people in care at the start.
      if (*x > scenarios::limits::max_people_in_care) {
        t.problem(row, "ITEMVALUE",
                  "'" + *value + "' clients is more than a scenario holds (at most " +
                      scenarios::limits::text(scenarios::limits::max_people_in_care) +
                      " people in care at the start)");
        not_used("too many clients");
        continue;
      }
      v = *x;
    }
    counts[si][bi] += v;
    given[si][bi] = true;
  }
  double all_clients = 0.0;
  for (const auto& by_band : counts)
    for (const double c : by_band) all_clients += c;
  if (all_clients > scenarios::limits::max_people_in_care) {
    problems.add(path, "the council's counts add up to " + scenarios::message_count(all_clients) +
                           " clients; a scenario holds at most " +
                           scenarios::limits::text(scenarios::limits::max_people_in_care) +
                           " people in care at the start");
  }
  if (t.has_header() && !council_seen) {
    problems.add(path, t.csv().header_line, "GEOGRAPHY_CODE",
                 "no row of the council " + area_code +
                     " (LTS001b gives councils, not districts; download the council's rows)");
  }

  // The scenario's own starting people: [service x group][district], over the council's
  // districts (an external one, last in the model, holds no people).
  const std::size_t nd = council.district_codes.size() - council.external_districts;
  std::vector<std::vector<double>> own(sim::service_count * groups, std::vector<double>(nd, 0.0));
  for (const sim::DemandStream& d : council.demand) {
    if (d.district < nd)
      own[index_of(d.service, d.group)][d.district] += static_cast<double>(d.initial_people);
  }
  auto total = [&](Service s, Group g) {
    const auto& v = own[index_of(s, g)];
    return std::accumulate(v.begin(), v.end(), 0.0);
  };
  // County counts by group: the table's where it gives them, the scenario's otherwise.
  std::vector<std::int64_t> county(sim::service_count * groups, -1);  // -1: keep the scenario's
  for (const Service s : {Service::homecare, Service::supported_living}) {
    const auto si = static_cast<std::size_t>(s);
    if (given[si][0]) {
      const auto split = apportion(static_cast<std::int64_t>(counts[si][0]),
                                   {total(s, Group::pathway_18_25), total(s, Group::adults_26_64)});
      county[index_of(s, Group::pathway_18_25)] = split[0];
      county[index_of(s, Group::adults_26_64)] = split[1];
    }
    if (given[si][1])
      county[index_of(s, Group::older_65_plus)] = static_cast<std::int64_t>(counts[si][1]);
  }

  double written = 0.0;  // people in the caseload written, SALT's and the scenario's kept
  std::ostringstream out;
  out << "# People in care at the start: SALT LTS001b (" << geography::printable(name)
      << "), council " << area_code
      << ", split over districts as the council scenario's starting people (caremarket import)\n";
  out << "district,service,group,people\n";
  for (const Service s : {Service::homecare, Service::supported_living}) {
    for (std::size_t g = 0; g < groups; ++g) {
      const auto group = static_cast<Group>(g);
      const auto& weights = own[index_of(s, group)];
      std::vector<std::int64_t> people(nd, 0);
      if (county[index_of(s, group)] >= 0) {
        people = apportion(county[index_of(s, group)], weights);
      } else {
        for (std::size_t d = 0; d < nd; ++d) people[d] = static_cast<std::int64_t>(weights[d]);
      }
      for (std::size_t d = 0; d < nd; ++d) {
        out << council.district_codes[d] << ',' << sim::to_string(s) << ',' << sim::to_string(group)
            << ',' << people[d] << '\n';
        written += static_cast<double>(people[d]);
      }
    }
  }
  // The groups SALT does not give keep the council scenario's people: the caseload written
  // is held to the limit, not SALT's counts alone (those are checked above).
  if (all_clients <= scenarios::limits::max_people_in_care &&
      written > scenarios::limits::max_people_in_care) {
    problems.add(path, "the caseload written would hold " + scenarios::message_count(written) +
                           " people in care at the start: the council's counts (" +
                           scenarios::message_count(all_clients) +
                           ") and the groups they do not give, kept from the council scenario; a "
                           "scenario holds at most " +
                           scenarios::limits::text(scenarios::limits::max_people_in_care));
  }
  return out.str();
}

}  // namespace caremarket::cli
