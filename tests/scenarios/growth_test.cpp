// Referral growth by district: a group's district_growth_per_year and a population projection
// table (market.files.projections) set each district's demand streams as given, and bad
// projection files are refused with their file, line and column.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "scenarios/toml_scenario.hpp"

namespace cs = caremarket::scenarios;
namespace sim = caremarket::sim;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kent_codes{"E07000105", "E07000106", "E07000107", "E07000108",
                                          "E07000109", "E07000110", "E07000111", "E07000112",
                                          "E07000113", "E07000114", "E07000115", "E07000116"};

/// A folder of its own for each test, with a scenario extending the Kent baseline.
fs::path folder_with(const std::string& name, const std::string& scenario_body,
                     const std::string& projections) {
  const fs::path dir = fs::temp_directory_path() / ("caremarket_growth_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "scenario.toml")
      << "schema_version = 1\nextends = \"kent-baseline\"\nname = \"growth-test\"\n"
      << scenario_body;
  if (!projections.empty()) std::ofstream(dir / "projections.csv") << projections;
  return dir;
}

sim::ModelParams built_model(const cs::Scenario& s) {
  return cs::build_model(s, cs::load_scenario_geography(s));
}

const sim::DemandStream& stream(const sim::ModelParams& p, const std::string& code, sim::Service s,
                                sim::Group g) {
  const auto d = static_cast<std::size_t>(
      std::find(p.district_codes.begin(), p.district_codes.end(), code) - p.district_codes.begin());
  for (const auto& ds : p.demand)
    if (ds.district == d && ds.service == s && ds.group == g) return ds;
  FAIL("no stream for " << code);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("district_growth_per_year sets the named districts' growth and leaves the others") {
  const fs::path dir = folder_with("district", R"(
[demand.homecare.older_65_plus]
district_growth_per_year = { E07000105 = 0.07, E07000116 = -0.01 }
)",
                                   "");
  const auto p = built_model(cs::load_scenario((dir / "scenario.toml").string()));
  using sim::Group, sim::Service;
  CHECK(stream(p, "E07000105", Service::homecare, Group::older_65_plus).growth_per_year == 0.07);
  CHECK(stream(p, "E07000116", Service::homecare, Group::older_65_plus).growth_per_year == -0.01);
  CHECK(stream(p, "E07000110", Service::homecare, Group::older_65_plus).growth_per_year == 0.03);
  CHECK(stream(p, "E07000105", Service::homecare, Group::adults_26_64).growth_per_year == 0.03);
}

TEST_CASE("a district code that is not in the geography is refused with its key") {
  const fs::path dir = folder_with("district_bad", R"(
[demand.homecare.older_65_plus]
district_growth_per_year = { E07000999 = 0.07 }
)",
                                   "");
  try {
    cs::load_scenario((dir / "scenario.toml").string());
    FAIL("accepted an unknown district");
  } catch (const cs::ScenarioError& e) {
    const std::string text = e.what();
    INFO(text);
    CHECK(text.find("demand.homecare.older_65_plus.district_growth_per_year.E07000999") !=
          std::string::npos);
  }
}

TEST_CASE("a projection table drives each district's yearly growth by its age band") {
  // 65+ populations: Ashford grows 10% a year from 2027 to 2030, Tunbridge Wells shrinks 5% in
  // 2027-28 then holds, every other district holds. The older people's streams (weights
  // population_65_plus) take these growths year by year; groups weighted by 18-64 or all ages
  // are not in the table and keep their growth_per_year.
  std::string csv = "district,age_band,year,population\n";
  for (const auto& code : kent_codes) {
    for (int year = 2027; year <= 2030; ++year) {
      double pop = 10000.0;
      if (code == "E07000105") pop = 10000.0 * std::pow(1.1, year - 2027);
      if (code == "E07000116" && year > 2027) pop = 9500.0;
      csv += code + ",65+," + std::to_string(year) + "," + std::to_string(pop) + "\n";
    }
  }
  const fs::path dir = folder_with("projections", R"(
[run]
horizon_months = 36
[framework]
reopen_after_years = [2]
[market.files]
projections = "projections.csv"
)",
                                   csv);
  const auto p = built_model(cs::load_scenario((dir / "scenario.toml").string()));
  using sim::Group, sim::Service;
  const auto& ashford = stream(p, "E07000105", Service::homecare, Group::older_65_plus);
  REQUIRE(ashford.growth_by_year.size() == 3);
  for (const double g : ashford.growth_by_year) CHECK(g == Approx(0.1).epsilon(1e-9));
  const auto& wells = stream(p, "E07000116", Service::supported_living, Group::older_65_plus);
  REQUIRE(wells.growth_by_year.size() == 3);
  CHECK(wells.growth_by_year[0] == Approx(-0.05).epsilon(1e-9));
  CHECK(wells.growth_by_year[1] == Approx(0.0).margin(1e-12));
  CHECK(stream(p, "E07000110", Service::homecare, Group::older_65_plus).growth_by_year ==
        std::vector<double>{0.0, 0.0, 0.0});
  CHECK(stream(p, "E07000105", Service::homecare, Group::adults_26_64).growth_by_year.empty());
}

TEST_CASE("bad projection tables are refused with the file, line and column") {
  const std::string scenario = "[market.files]\nprojections = \"projections.csv\"\n";
  struct Case {
    std::string name;
    std::string csv;
    std::string expected;
  };
  const std::vector<Case> cases{
      {"unknown_band", "district,age_band,year,population\nE07000105,70+,2027,100\n",
       "projections.csv:2: column 'age_band': unknown age band '70+'"},
      {"bad_population", "district,age_band,year,population\nE07000105,65+,2027,-3\n",
       "projections.csv:2: column 'population': must be a number of people above 0"},
      {"missing_district",
       "district,age_band,year,population\nE07000105,65+,2027,100\nE07000105,65+,2028,110\n",
       "age band 65+ of district E07000106 needs the populations of 2027 and 2028"},
      // Kent's run starts in 2027: a file of 2030 and 2031 only is one fault, not 12 districts'.
      {"years_after_start",
       "district,age_band,year,population\nE07000105,all,2030,100\nE07000105,all,2031,110\n",
       "projections.csv: gives the populations of 2030 to 2031, but the run starts in 2027: each "
       "district's band needs the populations of 2027 and 2028"},
      {"gap",
       "district,age_band,year,population\nE07000105,all,2027,100\nE07000105,all,2028,110\n"
       "E07000105,all,2030,120\n",
       "age band all of district E07000105 has no population for 2029 (given for 2028 and "
       "2030)"},
      {"duplicate",
       "district,age_band,year,population\nE07000105,all,2027,100\nE07000105,all,2027,110\n",
       "projections.csv:3: column 'year': a second population for E07000105, all, 2027 (first "
       "on line 2)"},
  };
  for (const Case& c : cases) {
    const fs::path dir = folder_with("bad_" + c.name, scenario, c.csv);
    INFO(c.name);
    try {
      cs::load_scenario((dir / "scenario.toml").string());
      FAIL("accepted " << c.name);
    } catch (const cs::ScenarioError& e) {
      const std::string text = e.what();
      INFO(text);
      CHECK(text.find(c.expected) != std::string::npos);
    }
  }
}
