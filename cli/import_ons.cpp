// ONS subnational population projections (SNPP) into projections.csv. The SNPP CSV layout
// (AREA_CODE, AREA_NAME, COMPONENT, SEX, AGE_GROUP, then one column per year) is ONS's
// "Subnational population projections for England" (Table 2, persons/males/females by single
// year of age, "90 and over", "All ages").

#include "cli/import_ons.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iomanip>
#include <map>
#include <optional>
#include <sstream>

#include "cli/import_cqc.hpp"
#include "geography/table.hpp"
#include "scenarios/limits.hpp"

namespace caremarket::cli {

namespace {
namespace limits = scenarios::limits;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// The single age of an AGE_GROUP ("0" to "89", "90 and over" as 90), or nullopt for
/// "All ages"; -1 for something else.
std::optional<int> single_age(const std::string& group) {
  const std::string g = lower(group);
  if (g == "all ages") return std::nullopt;
  if (g == "90 and over" || g == "90+") return 90;
  const auto age = geography::parse_whole_number(g);
  if (!age || *age < 0 || *age > 120) return -1;
  return static_cast<int>(*age);
}

}  // namespace

std::string import_snpp(const std::string& path, const geography::DistrictGraph& graph,
                        bool include_external, geography::Problems& problems,
                        std::vector<ImportLogRow>& log) {
  const std::size_t unread = problems.size();
  const std::string text = read_whole_file(path, problems);
  if (problems.size() != unread) return {};
  const geography::Table t(
      path, text, {{"AREA_CODE"}, {"AREA_NAME", false}, {"COMPONENT"}, {"SEX"}, {"AGE_GROUP"}},
      problems, true);
  if (!t.has_columns()) return {};  // reported; every row would follow from it
  // The year columns: every other column must be a year.
  std::vector<std::pair<std::size_t, int>> years;  // column index, year
  const auto& header = t.csv().header;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == "AREA_CODE" || header[i] == "AREA_NAME" || header[i] == "COMPONENT" ||
        header[i] == "SEX" || header[i] == "AGE_GROUP")
      continue;
    const auto y = geography::parse_whole_number(header[i]);
    if (!y || *y < 1900 || *y > 2200) {
      problems.add(path, t.csv().header_line, header[i],
                   "unknown column (SNPP has AREA_CODE, AREA_NAME, COMPONENT, SEX, AGE_GROUP and "
                   "one column per year)");
      continue;
    }
    // A year given twice would leave which population counts to chance: refused.
    if (std::any_of(years.begin(), years.end(), [&](const auto& c) { return c.second == *y; })) {
      problems.add(path, t.csv().header_line, header[i],
                   "column appears more than once in the header");
      continue;
    }
    years.emplace_back(i, static_cast<int>(*y));
  }
  if (t.has_header() && years.empty())
    problems.add(path, t.csv().header_line, "no year columns (2018, 2019, ...)");
  const std::string name = std::filesystem::path(path).filename().string();
  // sums[sex][district][band][year index]; sex 0 persons, 1 male + female.
  const std::size_t nd = graph.size();
  std::array<std::vector<std::array<std::vector<double>, 3>>, 2> sums;
  std::array<std::vector<std::array<bool, 3>>, 2> seen;
  for (std::size_t s = 0; s < 2; ++s) {
    sums[s].assign(nd,
                   {std::vector<double>(years.size(), 0.0), std::vector<double>(years.size(), 0.0),
                    std::vector<double>(years.size(), 0.0)});
    seen[s].assign(nd, {false, false, false});
  }
  // Every single age summed, for "all" where the file has no All ages row.
  std::array<std::vector<std::vector<double>>, 2> singles;
  std::array<std::vector<bool>, 2> any_single;
  for (std::size_t s = 0; s < 2; ++s) {
    singles[s].assign(nd, std::vector<double>(years.size(), 0.0));
    any_single[s].assign(nd, false);
  }
  std::map<std::string, std::size_t> first_line;  // area, sex, age -> line of its population row
  for (const geography::csv::Record& row : t.csv().records) {
    // Blank fields (a row of commas at the end, as spreadsheets write) are logged, not refused.
    const auto code = t.text(row, "AREA_CODE", false);
    const auto component = t.text(row, "COMPONENT", false);
    const auto sex = t.text(row, "SEX", false);
    const auto group = t.text(row, "AGE_GROUP", false);
    log.push_back({name, row.line, code.value_or(""), "used", ""});
    if (!code || !component || !sex || !group || code->empty() || component->empty() ||
        sex->empty() || group->empty()) {
      log.back().outcome = "not used";
      log.back().reason = "a blank field";
      continue;
    }
    const auto d = graph.find(*code);
    if (!d || (graph.district(*d).external && !include_external)) {
      log.back().outcome = "not used";
      log.back().reason = d ? "an external district (" + graph.district(*d).name +
                                  "): none of the council's people live there"
                            : "not a district of the geography";
      continue;
    }
    if (lower(*component) != "population") {
      log.back().outcome = "not used";
      log.back().reason = "component " + *component;
      continue;
    }
    const std::string s = lower(*sex);
    const std::size_t si = s == "persons" || s == "all people" ? 0 : 1;
    if (si == 1 && s != "male" && s != "males" && s != "female" && s != "females") {
      t.problem(row, "SEX", "'" + *sex + "' is not persons, male or female");
      continue;
    }
    const std::string row_key = *code + "\n" + s + "\n" + lower(*group);
    if (const auto it = first_line.find(row_key); it != first_line.end()) {
      t.problem(row, "AGE_GROUP",
                "a second population row for " + *code + ", " + *sex + ", age " + *group +
                    " (first on line " + std::to_string(it->second) + ")");
      continue;
    }
    first_line.emplace(row_key, row.line);
    const auto age = single_age(*group);
    if (age && *age < 0) {
      t.problem(row, "AGE_GROUP",
                "'" + *group + "' is not a single year of age, '90 and over' or 'All ages'");
      continue;
    }
    std::vector<double> values(years.size(), 0.0);
    bool ok = true;
    for (std::size_t k = 0; k < years.size(); ++k) {
      const std::size_t col = years[k].first;
      const std::string& field = col < row.fields.size() ? row.fields[col] : std::string();
      const auto v = geography::parse_number(field);
      if (!v || *v < 0.0) {
        t.problem(row, header[col], geography::number_fault(field, "a number of people >= 0"));
        ok = false;
        continue;
      }
      if (*v >= limits::population_below) {
        t.problem(row, header[col],
                  "'" + field + "' people is more than any district holds (below " +
                      limits::text(limits::population_below) + ")");
        ok = false;
        continue;
      }
      values[k] = *v;
    }
    if (!ok) continue;
    auto add = [&](std::size_t band) {
      seen[si][*d][band] = true;
      for (std::size_t k = 0; k < years.size(); ++k) sums[si][*d][band][k] += values[k];
    };
    if (!age) {
      add(0);
      log.back().reason = "all ages";
      continue;
    }
    any_single[si][*d] = true;
    for (std::size_t k = 0; k < years.size(); ++k) singles[si][*d][k] += values[k];
    if (*age >= 18 && *age <= 64) add(1);
    if (*age >= 65) add(2);
    log.back().reason = *age >= 65 ? "65+" : *age >= 18 ? "18-64" : "under 18 (in all ages)";
  }
  for (std::size_t s = 0; s < 2; ++s) {
    for (std::size_t d = 0; d < nd; ++d) {
      if (seen[s][d][0] || !any_single[s][d]) continue;
      seen[s][d][0] = true;
      sums[s][d][0] = singles[s][d];
    }
  }
  static constexpr std::array<const char*, 3> band_names{"all", "18-64", "65+"};
  std::ostringstream out;
  out << "# ONS subnational population projections from " << geography::printable(name)
      << " (caremarket import market): population, persons, by district and age band.\n"
      << "district,age_band,year,population\n";
  std::array<std::size_t, 3> districts_with{0, 0, 0};
  std::size_t council_districts = 0;
  for (std::size_t d = 0; d < nd; ++d) {
    if (graph.district(d).external && !include_external) continue;
    ++council_districts;
    for (std::size_t b = 0; b < 3; ++b) {
      if (seen[0][d][b] || seen[1][d][b]) ++districts_with[b];
    }
  }
  if (t.has_header() && districts_with == std::array<std::size_t, 3>{0, 0, 0})
    problems.add(path, "no population rows for any district of the geography");
  for (std::size_t b = 0; b < 3; ++b) {
    if (districts_with[b] == 0 || districts_with[b] == council_districts) continue;
    for (std::size_t d = 0; d < nd; ++d) {
      if ((graph.district(d).external && !include_external) || seen[0][d][b] || seen[1][d][b])
        continue;
      problems.add(path, "no population rows for " + graph.district(d).code + " (" +
                             graph.district(d).name + "), age band " + band_names[b] +
                             ", which other districts have");
    }
  }
  for (std::size_t d = 0; d < nd; ++d) {
    if (graph.district(d).external && !include_external) continue;
    const std::size_t si = seen[0][d][0] || seen[0][d][1] || seen[0][d][2] ? 0 : 1;
    for (std::size_t b = 0; b < 3; ++b) {
      if (!seen[si][d][b]) continue;
      // A scenario's projections need every population above 0 and below
      // limits::population_below: said here, of the source, once for the band, not of the
      // file written.
      std::string outside;
      for (std::size_t k = 0; k < years.size(); ++k) {
        const double p = sums[si][d][b][k];
        if (p <= 0.0 || p >= limits::population_below) {
          outside += (outside.empty() ? "" : ", ") + scenarios::message_count(p) + " in " +
                     std::to_string(years[k].second);
        }
      }
      if (!outside.empty()) {
        problems.add(path, "the population of " + graph.district(d).code + " (" +
                               graph.district(d).name + "), age band " + band_names[b] +
                               ", adds up to " + outside +
                               "; a projection needs one above 0 and below " +
                               limits::text(limits::population_below));
        continue;
      }
      for (std::size_t k = 0; k < years.size(); ++k) {
        const double p = sums[si][d][b][k];
        out << graph.district(d).code << ',' << band_names[b] << ',' << years[k].second << ','
            << std::setprecision(12) << p << '\n';
      }
    }
  }
  return out.str();
}

std::vector<geography::District> import_nomis(const std::string& path,
                                              const geography::DistrictGraph& graph,
                                              geography::Problems& problems,
                                              std::vector<ImportLogRow>& log) {
  std::vector<geography::District> out;
  for (std::size_t d = 0; d < graph.size(); ++d) out.push_back(graph.district(d));
  const std::size_t unread = problems.size();
  const std::string text = read_whole_file(path, problems);
  if (problems.size() != unread) return out;
  const geography::Table t(path, text,
                           {{"GEOGRAPHY_CODE"},
                            {"GENDER_NAME"},
                            {"C_AGE_NAME"},
                            {"MEASURES_NAME"},
                            {"OBS_VALUE"},
                            {"DATE_NAME", false}},
                           problems, true);
  if (!t.has_columns()) return out;  // reported; every district would follow from it
  const std::string name = std::filesystem::path(path).filename().string();
  // The latest year in the file.
  std::string latest;
  for (const geography::csv::Record& row : t.csv().records) {
    const auto date = t.text(row, "DATE_NAME", false);
    if (date && *date > latest) latest = *date;
  }
  // values[district][band], band 0 all, 1 18-64, 2 65+, with the line that gave each.
  std::vector<std::array<std::size_t, 3>> given(graph.size(), {0, 0, 0});
  // By district and age band: a row whose value was refused (and said so). Its population is
  // not then called missing, nor checked against the others: that would only repeat the error.
  std::vector<std::array<bool, 3>> refused(graph.size(), {false, false, false});
  const auto age_band = [](const std::string& age) -> std::size_t {
    const std::string a = lower(age);
    return a == "all ages" ? 0 : a == "aged 18 to 64" ? 1 : a == "aged 65+" ? 2 : 3;
  };
  for (const geography::csv::Record& row : t.csv().records) {
    log.push_back({name, row.line, t.text(row, "GEOGRAPHY_CODE", false).value_or(""), "used", ""});
    ImportLogRow& entry = log.back();
    // A row of commas at the end (as spreadsheets write) is logged, not refused.
    if (std::all_of(row.fields.begin(), row.fields.end(), [](const std::string& field) {
          return field.find_first_not_of(" \t") == std::string::npos;
        })) {
      entry.outcome = "not used";
      entry.reason = "a blank row";
      continue;
    }
    const auto code = t.text(row, "GEOGRAPHY_CODE");
    const auto sex = t.text(row, "GENDER_NAME");
    const auto age = t.text(row, "C_AGE_NAME");
    const auto measure = t.text(row, "MEASURES_NAME");
    const auto date = t.text(row, "DATE_NAME", false);
    const auto value = t.number(row, "OBS_VALUE");
    if (!code || !sex || !age || !measure || !value) {
      // A value refused (malformed or missing), with its district and age band known.
      if (code && age && !value && (!date || *date == latest)) {
        const auto d = graph.find(*code);
        if (d && age_band(*age) < 3) refused[*d][age_band(*age)] = true;
      }
      entry.outcome = "not used";
      entry.reason = "a blank or malformed field";
      continue;
    }
    if (date && *date != latest) {
      entry.outcome = "not used";
      entry.reason = "not the latest year (" + latest + ")";
      continue;
    }
    const auto d = graph.find(*code);
    if (!d) {
      entry.outcome = "not used";
      entry.reason = "not a district of the geography";
      continue;
    }
    if (lower(*sex) != "total" && lower(*sex) != "all persons") {
      entry.outcome = "not used";
      entry.reason = "by sex (" + *sex + "); the total is used";
      continue;
    }
    if (lower(*measure) != "value") {
      entry.outcome = "not used";
      entry.reason = "measure " + *measure;
      continue;
    }
    const std::size_t band = age_band(*age);
    if (band == 3) {
      entry.outcome = "not used";
      entry.reason = "age band " + *age + " (All Ages, Aged 18 to 64 and Aged 65+ are used)";
      continue;
    }
    if (*value < 0.0 || *value != std::floor(*value)) {
      t.problem(row, "OBS_VALUE",
                "'" + t.text(row, "OBS_VALUE", false).value_or("") +
                    "' is not a whole number of people >= 0");
      refused[*d][band] = true;
      continue;
    }
    if (*value >= limits::population_below) {
      t.problem(row, "OBS_VALUE",
                "'" + t.text(row, "OBS_VALUE", false).value_or("") +
                    "' people is more than any district holds (below " +
                    limits::text(limits::population_below) + ")");
      refused[*d][band] = true;
      continue;
    }
    if (given[*d][band] != 0) {
      t.problem(row, "C_AGE_NAME",
                "a second " + *age + " population for " + *code + " (first on line " +
                    std::to_string(given[*d][band]) + ")");
      continue;
    }
    given[*d][band] = row.line;
    const auto people = static_cast<std::int64_t>(*value);
    geography::District& district = out[*d];
    (band == 0   ? district.population
     : band == 1 ? district.population_18_64
                 : district.population_65_plus) = people;
    entry.reason = std::string("population ") + (band == 0   ? "all ages"
                                                 : band == 1 ? "18-64"
                                                             : "65+");
  }
  if (!t.has_header()) return out;
  // The three must agree as the geography requires: 18-64 and 65+ within all ages.
  for (std::size_t d = 0; d < graph.size(); ++d) {
    if (given[d][0] == 0 || (given[d][1] == 0 && given[d][2] == 0)) continue;
    if (refused[d][1] || refused[d][2]) continue;
    const geography::District& x = out[d];
    if (x.population_18_64 + x.population_65_plus > x.population)
      problems.add(path, given[d][0], "OBS_VALUE",
                   "All Ages " + std::to_string(x.population) + " for " + x.code +
                       " is less than Aged 18 to 64 plus Aged 65+ (" +
                       std::to_string(x.population_18_64 + x.population_65_plus) + ")");
  }
  for (std::size_t d = 0; d < graph.size(); ++d) {
    if (graph.district(d).external) continue;
    static constexpr std::array<const char*, 3> ages{"All Ages", "Aged 18 to 64", "Aged 65+"};
    for (std::size_t b = 0; b < 3; ++b) {
      if (given[d][b] == 0 && !refused[d][b]) {
        problems.add(path, "no '" + std::string(ages[b]) + "' population (persons, Value" +
                               (latest.empty() ? std::string() : ", " + latest) + ") for " +
                               graph.district(d).code + " (" + graph.district(d).name + ")");
      }
    }
  }
  return out;
}

std::string districts_csv(const std::vector<geography::District>& districts,
                          const std::string& source) {
  std::ostringstream out;
  out << "# " << geography::printable(source) << "\n"
      << "code,name,population,population_18_64,population_65_plus,latitude,longitude,hex_col,"
         "hex_row,external\n";
  for (const geography::District& d : districts) {
    const bool quote = d.name.find_first_of(",\"") != std::string::npos;
    std::string name = d.name;
    if (quote) {
      std::string q = "\"";
      for (const char c : name) q += c == '"' ? std::string("\"\"") : std::string(1, c);
      name = q + "\"";
    }
    out << d.code << ',' << name << ',' << d.population << ',' << d.population_18_64 << ','
        << d.population_65_plus << ',' << std::setprecision(10) << d.latitude << ',' << d.longitude
        << ',' << d.hex_col << ',' << d.hex_row << ',' << (d.external ? "true" : "false") << '\n';
  }
  return out.str();
}

}  // namespace caremarket::cli
