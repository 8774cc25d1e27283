// `caremarket report DIR` on a what-if folder: it dispatches on the manifest's command, and says
// every fault of every file (missing, unreadable, of another kind, a cell that is no number) at
// once; the calibration report's warnings.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "results/analysis_report.hpp"
#include "results/report.hpp"
#include "tests/results/analysis_report_fixtures.hpp"
#include "tests/results/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace caremarket;
using namespace caremarket::results::testing;

TEST_CASE("report DIR dispatches on the manifest's command", "[report]") {
  const TempDir tmp;
  const fs::path dir = tmp.path() / "cmp";
  fs::create_directories(dir);
  std::ofstream(dir / "manifest.json") << compare_manifest;
  std::ofstream(dir / "comparison.csv") << comparison_csv;
  CHECK(results::build_folder_report_html(dir) ==
        results::build_compare_report_html(compare_manifest, comparison_csv));
  std::ofstream(dir / "manifest.json", std::ios::trunc) << R"({"command": "nonsense"})";
  CHECK_THROWS_AS(results::build_folder_report_html(dir), results::ReportInputError);
  fs::remove(dir / "manifest.json");
  CHECK_THROWS_AS(results::build_folder_report_html(dir), results::ReportInputError);
}

TEST_CASE("report DIR says every cell at fault in every file at once", "[report]") {
  const TempDir tmp;
  const fs::path dir = tmp.path() / "cmp";
  fs::create_directories(dir);
  std::ofstream(dir / "manifest.json") << compare_manifest;
  // Two cells of comparison.csv (a mean on line 2, a count on line 3) and a date of the spend
  // comparison: three faults, said in one run, in the order read.
  std::string comparison = comparison_csv;
  std::string spend = spend_comparison_csv;
  comparison.replace(comparison.find("lower_is_better,0.1,0.15"), 19, "lower_is_better,abc");
  comparison.replace(comparison.find(",,4\n"), 4, ",,0\n");
  spend.replace(spend.find("2027-04-01"), 10, "2027-04-31");
  std::ofstream(dir / "comparison.csv") << comparison;
  std::ofstream(dir / "spend_by_year_comparison.csv") << spend;
  try {
    (void)results::build_folder_report_html(dir);
    FAIL("a folder with three faulty cells gave a report");
  } catch (const results::ReportInputError& e) {
    REQUIRE(e.problems().size() == 3);
    CHECK(e.problems()[0] == "comparison.csv:2: column 'base_mean': 'abc' is not a number");
    CHECK(e.problems()[1] ==
          "comparison.csv:3: column 'replications': '0' is not a whole number >= 1");
    CHECK(e.problems()[2] ==
          "spend_by_year_comparison.csv:2: column 'year_start': '2027-04-31' is not a day of the "
          "calendar (2027-04 has 30 days)");
    CHECK(std::string(e.what()) ==
          e.problems()[0] + "\n" + e.problems()[1] + "\n" + e.problems()[2]);
  }
}

TEST_CASE("report DIR says a missing or unreadable results file with the other files' faults",
          "[report]") {
  const TempDir tmp;
  // advise: allocation.csv missing, and options.csv without four of its six columns.
  const fs::path advise = tmp.path() / "advise";
  fs::create_directories(advise);
  std::ofstream(advise / "manifest.json")
      << R"({"command": "advise", "scenario": "kent-baseline", "target":
            "off_contract_placement_share<=0.01", "confidence": 0.9})";
  std::ofstream(advise / "options.csv") << "option,kpi_at_quantile\ndo_nothing,0.3\n";
  try {
    (void)results::build_folder_report_html(advise);
    FAIL("an advise folder without allocation.csv gave a report");
  } catch (const results::ReportInputError& e) {
    REQUIRE(e.problems().size() == 2);
    CHECK(e.problems()[0] ==
          "cannot read " + (advise / "allocation.csv").string() + ": no such file");
    CHECK(e.problems()[1] ==
          "options.csv lacks the columns share_meeting_target, spend_total_gbp, "
          "spend_off_contract_gbp, off_contract_premium_gbp: it is not the file a caremarket run "
          "writes");
  }
  // compare: a folder in place of the (optional) spend comparison, and a cell at fault in
  // comparison.csv (line 2's base_mean): the cell noted as read, then the folder.
  const fs::path cmp = tmp.path() / "cmp";
  fs::create_directories(cmp / "spend_by_year_comparison.csv");
  std::ofstream(cmp / "manifest.json") << compare_manifest;
  std::string comparison = comparison_csv;
  comparison.replace(comparison.find("lower_is_better,0.1,0.15"), 19, "lower_is_better,abc");
  std::ofstream(cmp / "comparison.csv") << comparison;
  try {
    (void)results::build_folder_report_html(cmp);
    FAIL("a compare folder with a folder for a file gave a report");
  } catch (const results::ReportInputError& e) {
    REQUIRE(e.problems().size() == 2);
    CHECK(e.problems()[0] == "comparison.csv:2: column 'base_mean': 'abc' is not a number");
    CHECK(e.problems()[1] ==
          (cmp / "spend_by_year_comparison.csv").string() + ": is a folder, not a file");
  }
  // sweep: a manifest that is no JSON is said with its unreadable sweep.csv.
  try {
    (void)results::build_sweep_report_html(
        "{", results::ResultsText::unreadable("cannot read x/sweep.csv: no such file"));
    FAIL("a sweep report from nothing");
  } catch (const results::ReportInputError& e) {
    REQUIRE(e.problems().size() == 2);
    CHECK(e.problems()[0].starts_with("manifest.json is not valid JSON: "));
    CHECK(e.problems()[1] == "cannot read x/sweep.csv: no such file");
  }
}

TEST_CASE("the calibration report calls percentiles of a small effective sample rough",
          "[report]") {
  const std::string manifest =
      R"({"command": "calibrate", "scenario": "backtest-2020", "method": "ABC-SMC",
          "particles": 25, "waves_completed": 3, "simulations": 200, "targets_file": "t.csv",
          "seed": 1, "version": "v", "commit": "c", "final_tolerance": 0.8})";
  const std::string posterior =
      "key,prior_low,prior_high,mean,sd,p05,p50,p95,width_ratio\n"
      "exits.stress_slope,0,1,0.5,0.1,0.3,0.5,0.7,0.44\n";
  const std::string targets =
      "metric,service,area,date,role,observed,sd,simulated_mean,simulated_p05,simulated_p95,z,"
      "inside_90,source\n"
      "providers_contracted,homecare,E10000016,2024-03-31,fitted,10,1,10,9,11,0,true,record\n";
  // 25 particles of weight 1: an effective sample of 25, at least 20, so a 90% interval.
  std::string even = "particle,weight,exits.stress_slope,distance\n";
  // 10 of weight 1 and 15 of weight 0: (sum w)^2 / sum w^2 = 100 / 10 = 10 particles.
  std::string uneven = even;
  for (int i = 0; i < 25; ++i) {
    even += std::to_string(i + 1) + ",1,0.5,0.1\n";
    uneven += std::to_string(i + 1) + (i < 10 ? ",1" : ",0") + ",0.5,0.1\n";
  }
  const std::string full =
      results::build_calibration_report_html(manifest, even, posterior, targets);
  CHECK(full.find("its 90% interval (line)") != std::string::npos);
  CHECK(full.find("<th>90% interval</th>") != std::string::npos);
  CHECK(full.find("rough") == std::string::npos);

  const std::string few =
      results::build_calibration_report_html(manifest, uneven, posterior, targets);
  CHECK(few.find("90% interval") == std::string::npos);
  CHECK(few.find("its 5th to 95th percentile (line; rough: an effective sample of 10 particles, "
                 "fewer than 20, puts on average less than one beyond each percentile)") !=
        std::string::npos);
  CHECK(few.find("1 of 1 fitted values lie inside their 5th to 95th percentile") !=
        std::string::npos);
  CHECK(few.find("<th>5th to 95th percentile (rough)</th>") != std::string::npos);
  // The chart's description and legend say the same.
  const auto specs = nlohmann::json::parse(report_script(few, "caremarket-specs"));
  const std::string description = specs["calibration_targets"]["description"];
  CHECK(description.find("the 5th to 95th percentile of the simulations") != std::string::npos);
  CHECK(description.find("an effective sample of 10 particles") != std::string::npos);
  // A missing parameters.csv is said with targets.csv's missing column; within the page (as
  // every fault of a folder is, CellFaults), a weight below 0 and an inside_90 neither true
  // nor false are said together, by file, line and column.
  try {
    (void)results::build_calibration_report_html(
        manifest, results::ResultsText::unreadable("cannot read x/parameters.csv: no such file"),
        posterior,
        "metric,service,area,date,role,sd,simulated_mean,simulated_p05,simulated_p95,z,inside_90,"
        "source\nproviders_contracted,homecare,E10000016,2024-03-31,fitted,1,10,9,11,0,true,r\n");
    FAIL("a calibration report without parameters.csv");
  } catch (const results::ReportInputError& e) {
    REQUIRE(e.problems().size() == 2);
    CHECK(e.problems()[0] == "cannot read x/parameters.csv: no such file");
    CHECK(e.problems()[1] ==
          "targets.csv lacks the column observed: it is not the file a caremarket run writes");
  }
  std::string negative = even;
  negative.replace(negative.find("\n3,1,"), 6, "\n3,-1,");
  std::string maybe = targets;
  maybe.replace(maybe.find(",true,"), 6, ",maybe,");
  const TempDir tmp;
  const fs::path dir = tmp.path() / "cal";
  fs::create_directories(dir);
  std::ofstream(dir / "manifest.json") << manifest;
  std::ofstream(dir / "parameters.csv") << negative;
  std::ofstream(dir / "posterior.csv") << posterior;
  std::ofstream(dir / "targets.csv") << maybe;
  try {
    (void)results::build_folder_report_html(dir);
    FAIL("a weight of -1 and an inside_90 of maybe were drawn");
  } catch (const results::ReportInputError& e) {
    REQUIRE(e.problems().size() == 2);
    CHECK(
        e.problems()[0] ==
        // Particle 3, numbered from 1 after the header: line 4.
        "parameters.csv:4: column 'weight': '-1' is not a weight (expected a finite number >= 0)");
    CHECK(e.problems()[1] ==
          "targets.csv:2: column 'inside_90': 'maybe' is neither true nor false");
  }
  CHECK(specs["calibration_targets"].dump().find("90%") == std::string::npos);
  // Weights 2, 2, 2, 1, 1: (sum w)^2 / sum w^2 = 64 / 14 = 4.571..., given to 3 figures.
  std::string five = "particle,weight,exits.stress_slope,distance\n";
  for (int i = 0; i < 5; ++i) five += std::to_string(i + 1) + (i < 3 ? ",2" : ",1") + ",0.5,0.1\n";
  auto five_manifest = nlohmann::json::parse(manifest);
  five_manifest["particles"] = 5;
  CHECK(results::build_calibration_report_html(five_manifest.dump(), five, posterior, targets)
            .find("an effective sample of 4.57 particles") != std::string::npos);
  // A particle is a whole number, once each, as run --parameters takes them: two rows of one
  // particle could not be told apart (line 3 repeats particle 1 of line 2).
  std::string twice = five;
  twice.replace(twice.find("\n2,2,"), 5, "\n1,2,");
  CHECK_THROWS_WITH(
      results::build_calibration_report_html(five_manifest.dump(), twice, posterior, targets),
      Catch::Contains("parameters.csv:3: column 'particle': particle 1 repeats line 2; each "
                      "particle is one row"));
  // Read as run --parameters reads it: "+1" and "01" are particle 1 (line 3 repeats it).
  for (const char* same : {"+1", "01"}) {
    std::string written = five;
    written.replace(written.find("\n2,2,"), 5, std::string("\n") + same + ",2,");
    CHECK_THROWS_WITH(
        results::build_calibration_report_html(five_manifest.dump(), written, posterior, targets),
        Catch::Contains("parameters.csv:3: column 'particle': particle 1 repeats line 2"));
  }
  std::string unnumbered = five;
  unnumbered.replace(unnumbered.find("\n4,1,"), 5, "\nx,1,");
  CHECK_THROWS_WITH(
      results::build_calibration_report_html(five_manifest.dump(), unnumbered, posterior, targets),
      Catch::Contains("parameters.csv:5: column 'particle': 'x' is not a whole number >= 0"));
}

TEST_CASE("an analysis report refuses a results file of another kind, naming what it lacks",
          "[report]") {
  // A file of garbage is a header ("garbage") and no rows: read as it was, the report came out
  // empty. Each report names the file and the first of the columns it reads (every one is
  // lacking here); a file every run of its command writes rows in is refused without rows.
  const std::string garbage = "garbage\n";
  const auto refused = [](const std::function<void()>& build, const std::string& said) {
    try {
      build();
      FAIL("accepted: " << said);
    } catch (const results::ReportInputError& e) {
      CHECK_THAT(e.what(), Catch::Matchers::Contains(said));
    }
  };
  refused([&] { (void)results::build_compare_report_html(compare_manifest, garbage); },
          "comparison.csv lacks the columns alternative, service, kpi,");
  refused([&] { (void)results::build_sweep_report_html(R"({"command": "sweep"})", garbage); },
          "sweep.csv lacks the columns point, service, kpi, unit, mean, p05, p50, p95");
  refused(
      [&] {
        (void)results::build_sensitivity_report_html(R"({"command": "sensitivity"})", garbage, "");
      },
      "sensitivity.csv lacks the columns rank, parameter,");
  refused(
      [&] {
        (void)results::build_sensitivity_report_html(
            R"({"command": "sensitivity"})",
            "rank,parameter,base_value,low_value,high_value,service,kpi,unit,base_mean,low_mean,"
            "high_mean,abs_swing\n",
            "");
      },
      "sensitivity.csv has no rows");
  refused(
      [&] { (void)results::build_compare_report_html(compare_manifest, comparison_csv, garbage); },
      "spend_by_year_comparison.csv lacks the columns alternative, year_start,");
}

TEST_CASE("a report names the file, line and column of a value that is not a number", "[report]") {
  // The first row's area name is quoted over two lines (lines 2 and 3), so the second row is on
  // line 4 of the file, not the 3rd row counted from the header.
  const std::string header =
      "base,alternative,service,kpi,unit,area_code,area_name,direction,base_mean,alternative_mean,"
      "mean_difference,sd_difference,ci95_low,ci95_high,probability_alternative_better,"
      "replications\n";
  const std::string csv =
      header +
      "kent-baseline,provider-failure,homecare,off_contract_placement_share,share,E1,\"Ash\n"
      "ford\",lower_is_better,0.1,0.2,0.1,0.01,0.05,0.15,0,4\n"
      "kent-baseline,provider-failure,homecare,off_contract_placement_share,share,E2,Dover,"
      "lower_is_better,abc,0.2,0.1,0.01,0.05,0.15,0,4\n";
  try {
    (void)results::build_compare_report_html(compare_manifest, csv);
    FAIL("a base_mean of 'abc' was accepted");
  } catch (const results::ReportInputError& e) {
    CHECK(std::string(e.what()) == "comparison.csv:4: column 'base_mean': 'abc' is not a number");
  }
  const std::string sweep =
      "point,framework.reopen_after_years,service,kpi,unit,mean,p05,p50,p95\n"
      "1,1,homecare,off_contract_placement_share,share,0.1,0.05,0.1,0.15\n"
      "2,2,homecare,off_contract_placement_share,share,0.2,0.1,1e400x,0.3\n";
  try {
    (void)results::build_sweep_report_html(R"({"command": "sweep"})", sweep);
    FAIL("a p50 of '1e400x' was accepted");
  } catch (const results::ReportInputError& e) {
    CHECK(std::string(e.what()) == "sweep.csv:3: column 'p50': '1e400x' is not a number");
  }
  // No mean or percentile a sweep writes is infinite (its runs' figures are finite).
  const std::string infinite =
      "point,framework.reopen_after_years,service,kpi,unit,mean,p05,p50,p95\n"
      "1,1,homecare,people_waiting_mean,people,inf,0.05,0.1,0.15\n";
  try {
    (void)results::build_sweep_report_html(R"({"command": "sweep"})", infinite);
    FAIL("a mean of 'inf' was drawn");
  } catch (const results::ReportInputError& e) {
    CHECK(std::string(e.what()) ==
          "sweep.csv:2: column 'mean': 'inf' is not a finite number (the command that writes "
          "the file writes one here)");
  }
  const auto said = [](const std::function<void()>& build, const std::string& message) {
    try {
      build();
      FAIL("accepted, where it should say: " << message);
    } catch (const results::ReportInputError& e) {
      CHECK(std::string(e.what()) == message);
    }
  };
  // nan and infinity spelt as a results file never holds them (its writer gives an empty cell
  // and inf) are refused, not drawn as gaps; a probability or a share's mean outside 0 to 1
  // too, in every row, drawn or not (neighbour_placement_share is no headline KPI).
  for (const auto& [cell, fault] : std::vector<std::pair<std::string, std::string>>{
           {"nan", "'nan' is not a number (a value that is none is an empty cell)"},
           {"Infinity", "'Infinity' is not a number (infinity is written inf or -inf)"},
           {"1.5", "'1.5' is not a probability or share (expected 0 to 1)"}}) {
    std::string odd = sweep;
    odd.replace(odd.find("1e400x"), 6, "0.2");
    odd += "3,3,homecare,neighbour_placement_share,share,0.2,0.1,0.2," + cell + "\n";
    said([&] { (void)results::build_sweep_report_html(R"({"command": "sweep"})", odd); },
         "sweep.csv:4: column 'p95': " + fault);
  }
  std::string p_better = csv;
  p_better.replace(p_better.find("abc"), 3, "0.1");
  p_better.replace(p_better.find("0.15,0,4"), 8, "0.15,1.7,4");
  said([&] { (void)results::build_compare_report_html(compare_manifest, p_better); },
       "comparison.csv:2: column 'probability_alternative_better': '1.7' is not a probability or "
       "share (expected 0 to 1)");
  std::string below = csv;
  below.replace(below.find("abc"), 3, "-0.2");
  said([&] { (void)results::build_compare_report_html(compare_manifest, below); },
       "comparison.csv:4: column 'base_mean': '-0.2' is not a probability or share (expected 0 "
       "to 1)");
  // A sensitivity's end of a share may fall below 0 (a stopped parameter's end is the base plus
  // a paired difference): drawn, not refused; its base mean may not.
  const std::string share_header =
      "scenario,service,kpi,unit,rank,parameter,base_value,low_value,high_value,base_mean,low_"
      "mean,high_mean,swing,abs_swing\n";
  CHECK_NOTHROW(results::build_sensitivity_report_html(
      R"({"command": "sensitivity"})",
      every_headline_kpi(share_header +
                         "kent-baseline,homecare,off_contract_placement_share,share,1,p1,1,0.75,"
                         "1.25,0.01,-0.002,0.03,0.032,0.032\n"),
      ""));
  said(
      [&] {
        (void)results::build_sensitivity_report_html(
            R"({"command": "sensitivity"})",
            share_header +
                "kent-baseline,homecare,off_contract_placement_share,share,1,p1,1,0.75,1.25,-0.01,"
                "-0.002,0.03,0.032,0.032\n",
            "");
      },
      "sensitivity.csv:2: column 'base_mean': '-0.01' is not a probability or share (expected 0 "
      "to 1)");
  // A number past a double's range is one, too large: not "not a number".
  std::string big = sweep;
  big.replace(big.find("1e400x"), 6, "1e999");
  said([&] { (void)results::build_sweep_report_html(R"({"command": "sweep"})", big); },
       "sweep.csv:3: column 'p50': '1e999' is too large or too small for a number");
  // A count (a rank, replications) is a whole number of at least 1: nan, 1.7 or 0 would be
  // cast to an integer (nan to one, undefined).
  const std::string tornado_header =
      "scenario,service,kpi,unit,rank,parameter,base_value,low_value,high_value,base_mean,low_"
      "mean,high_mean,swing,abs_swing\n";
  const std::string row_tail = ",p1,1,0.75,1.25,10,9,11,2,2\n";
  for (const std::string rank :
       {"nan", "1.7", "0", "1e300", "+2", "2x", "inf", "2.0", "1e0", "02"}) {
    said(
        [&] {
          (void)results::build_sensitivity_report_html(
              R"({"command": "sensitivity"})",
              tornado_header + "kent-baseline,homecare,people_waiting_mean,people," + rank +
                  row_tail,
              "");
        },
        "sensitivity.csv:2: column 'rank': '" + rank + "' is not a whole number >= 1");
  }
  said(
      [&] {
        (void)results::build_sensitivity_report_html(
            R"({"command": "sensitivity"})",
            tornado_header +
                "kent-baseline,homecare,people_waiting_mean,people,99999999999999999999" + row_tail,
            "");
      },
      "sensitivity.csv:2: column 'rank': '99999999999999999999' is too large for a count (at most "
      "9007199254740992)");
  // The replications behind a swing, and the ends' values, are shown as the file gives them:
  // a cell that is no number is said, not shown ("abc runs").
  const std::string precise_header =
      "scenario,service,kpi,unit,rank,parameter,base_value,low_value,high_value,base_mean,low_"
      "mean,high_mean,swing,abs_swing,replications,swing_ci95_half_width\n";
  for (const auto& [cells, message] :
       {std::pair{
            std::string(",p1,1,0.75,1.25,10,9,11,2,2,abc,0.5\n"),
            std::string(
                "sensitivity.csv:2: column 'replications': 'abc' is not a whole number >= 1")},
        std::pair{std::string(",p1,1,0.75,1.25,10,9,11,2,2,2.5,0.5\n"),
                  std::string("sensitivity.csv:2: column 'replications': '2.5' is not a whole "
                              "number >= 1")},
        std::pair{std::string(",p1,1,low,1.25,10,9,11,2,2,20,0.5\n"),
                  std::string("sensitivity.csv:2: column 'low_value': 'low' is not a number")},
        std::pair{std::string(",p1,1,0.75,<b>,10,9,11,2,2,20,0.5\n"),
                  std::string("sensitivity.csv:2: column 'high_value': '<b>' is not a number")}}) {
    said(
        [&] {
          (void)results::build_sensitivity_report_html(
              R"({"command": "sensitivity"})",
              precise_header + "kent-baseline,homecare,people_waiting_mean,people,1" + cells, "");
        },
        message);
  }
  // Every row is checked, also one the tornado does not draw (a swing of 0, here on line 3),
  // and an end must be a finite number (empty is no value).
  const std::string drawn_row =
      "kent-baseline,homecare,people_waiting_mean,people,1,p1,1,0.75,1.25,10,9,11,2,2,20,0.5\n";
  said(
      [&] {
        (void)results::build_sensitivity_report_html(
            R"({"command": "sensitivity"})",
            precise_header + drawn_row +
                "kent-baseline,homecare,people_waiting_mean,people,2,p2,1,0.75,1.25,10,10,10,0,0,"
                "abc,0\n",
            "");
      },
      "sensitivity.csv:3: column 'replications': 'abc' is not a whole number >= 1");
  said(
      [&] {
        (void)results::build_sensitivity_report_html(
            R"({"command": "sensitivity"})",
            precise_header +
                "kent-baseline,homecare,people_waiting_mean,people,1,p1,1,,1.25,10,9,11,2,2,20,0."
                "5\n",
            "");
      },
      "sensitivity.csv:2: column 'low_value': '' is not a finite number");
  // A year of spend is two dates: the chart's labels are cut from them ("2027-04 to 2028-03").
  std::string undated = spend_comparison_csv;
  undated.replace(undated.find("2028-03-31"), 10, "2028-02-30");
  said([&] { (void)results::build_compare_report_html(compare_manifest, comparison_csv, undated); },
       "spend_by_year_comparison.csv:2: column 'year_end': '2028-02-30' is not a day of the "
       "calendar (2028-02 has 29 days)");
  std::string fractional = header +
                           "kent-baseline,provider-failure,homecare,off_contract_placement_"
                           "share,share,E1,Ashford,lower_is_better,0.1,0.2,0.1,0.01,0.05,0.15,0,"
                           "4.5\n";
  said([&] { (void)results::build_compare_report_html(compare_manifest, fractional); },
       "comparison.csv:2: column 'replications': '4.5' is not a whole number >= 1");
  // Lines ended by a carriage return alone, and a quote never closed, are said as such (not "no
  // rows", nor a row's field count).
  std::string old_mac = sweep;
  for (char& c : old_mac)
    if (c == '\n') c = '\r';
  said([&] { (void)results::build_sweep_report_html(R"({"command": "sweep"})", old_mac); },
       "sweep.csv: the lines end in a carriage return alone (old Mac line ends); save the file "
       "with LF or CRLF line ends");
  // One line ended by a carriage return alone, in a file of LF line ends: named by its line (it
  // would join lines 2 and 3 into one row).
  std::string one_cr = sweep;
  one_cr[one_cr.find('\n', one_cr.find('\n') + 1)] = '\r';
  said([&] { (void)results::build_sweep_report_html(R"({"command": "sweep"})", one_cr); },
       "sweep.csv:2: the line ends in a carriage return alone (an old Mac line end); save the "
       "file with LF or CRLF line ends");
  said(
      [&] {
        (void)results::build_sweep_report_html(
            R"({"command": "sweep"})",
            "point,framework.reopen_after_years,service,kpi,unit,mean,p05,p50,p95\n"
            "1,1,homecare,\"off_contract_placement_share,share,0.1,0.05,0.1,0.15\n"
            "2,2,homecare,off_contract_placement_share,share,0.2,0.1,0.2,0.3\n");
      },
      "sweep.csv:2: a quoted field is not closed (a '\"' without its closing '\"')");
  said(
      [&] {
        (void)results::build_sweep_report_html(
            R"({"command": "sweep"})",
            "point,framework.reopen_after_years,service,kpi,unit,mean,p05,p50,p95\n"
            "1,1,homecare,off_contract_placement_share,share,0.1\n");
      },
      "sweep.csv:2: the row has 6 fields; the header has 9 columns");
}

TEST_CASE("a what-if report refuses cells its writer never writes, drawn or not", "[report]") {
  // Every fault of a folder is said at once (CellFaults), in the order the page reads them.
  const TempDir tmp;
  RefusedFolders said(tmp.path());
  // advise's allocation.csv: a window's date that is no day (30 February), a quantile of 2 and
  // a share after the step of 1.5 are said of their lines, though the page draws none of them.
  const std::string advise_manifest =
      R"({"command": "advise", "scenario": "kent-baseline", "target":
          "off_contract_placement_share<=0.2", "confidence": 0.9})";
  const std::string options =
      "option,kpi_at_quantile,share_meeting_target,spend_total_gbp,spend_off_contract_gbp,off_"
      "contract_premium_gbp\ndo_nothing,0.3,0.1,100000000,20000000,4000000\n";
  const std::string allocation =
      "step,service,district_code,district_name,window,window_date,capacity_added,unit,kpi,"
      "quantile,kpi_at_quantile_after,share_meeting_target_after\n"
      "1,homecare,E1,Ashford,start,2027-02-30,250,hours_per_week,off_contract_placement_share,0.9,"
      "0.25,0.5\n"
      "2,homecare,E1,Ashford,start,2027-04-01,250,hours_per_week,off_contract_placement_share,2,"
      "0.22,1.5\n";
  said({{"manifest.json", advise_manifest},
        {"allocation.csv", allocation},
        {"options.csv", options}},
       {"allocation.csv:2: column 'window_date': '2027-02-30' is not a day of the calendar "
        "(2027-02 has 28 days)",
        "allocation.csv:3: column 'quantile': '2' is not a probability or share (expected 0 to 1)",
        "allocation.csv:3: column 'share_meeting_target_after': '1.5' is not a probability or "
        "share (expected 0 to 1)"});
  // sensitivity.csv: a mean or a swing is a mean of finite figures, never inf; morris.csv's
  // mu* and sigma are never below 0, and a morris.csv with no rows is no screening.
  const std::string header =
      "scenario,service,kpi,unit,rank,parameter,base_value,low_value,high_value,base_mean,low_"
      "mean,high_mean,swing,abs_swing,replications,swing_ci95_half_width\n";
  const std::string tornado = every_headline_kpi(
      header +
      "kent-baseline,homecare,people_waiting_mean,people,1,p1,1,0.75,1.25,10,inf,11,-inf,"
      "inf,20,-inf\n");
  const std::string sens_manifest = R"({"command": "sensitivity"})";
  said({{"manifest.json", sens_manifest}, {"sensitivity.csv", tornado}},
       {"sensitivity.csv:2: column 'low_mean': 'inf' is not a finite number (the command that "
        "writes the file writes one here)",
        "sensitivity.csv:2: column 'abs_swing': 'inf' is not a finite number (the command that "
        "writes the file writes one here)",
        "sensitivity.csv:2: column 'swing': '-inf' is not a finite number (the command that writes "
        "the file writes one here)",
        "sensitivity.csv:2: column 'swing_ci95_half_width': '-inf' is not a finite number (the "
        "command that writes the file writes one here)"});
  const std::string good = every_headline_kpi(
      header +
      "kent-baseline,homecare,people_waiting_mean,people,1,p1,1,0.75,1.25,10,9,11,2,2,20,0.5\n"
      "kent-baseline,homecare,people_waiting_mean,people,2,p2,1,0.75,1.25,10,9,11,2,2,20,0.5\n");
  const std::string morris_header = "parameter,service,kpi,unit,mu,mu_star,sigma\n";
  said({{"manifest.json", sens_manifest}, {"sensitivity.csv", good}, {"morris.csv", morris_header}},
       {"morris.csv has no rows: every run of the command that writes it writes some"});
  said({{"manifest.json", sens_manifest},
        {"sensitivity.csv", good},
        {"morris.csv",
         every_headline_kpi(morris_header + "p1,homecare,people_waiting_mean,people,-2,-1,3\n" +
                            "p2,homecare,people_waiting_mean,people,2,2,-0.5\n")}},
       {"morris.csv:2: column 'mu_star': '-1' is below 0, which mu_star never is",
        "morris.csv:3: column 'sigma': '-0.5' is below 0, which sigma never is"});
  // comparison.csv: a difference of finite means is finite.
  std::string infinite = comparison_csv;
  infinite.replace(infinite.find("0.1,0.15,0.05,0.01"), 18, "0.1,0.15,inf,0.01");
  said({{"manifest.json", compare_manifest}, {"comparison.csv", infinite}},
       {"comparison.csv:2: column 'mean_difference': 'inf' is not a finite number (the command "
        "that writes the file writes one here)"});
  // calibrate: a target's sd of 0 (the page divides by it), a prior whose range is empty, and
  // a sample whose every weight is 0 (no posterior).
  const std::string cal_manifest =
      R"({"command": "calibrate", "scenario": "backtest-2020", "particles": 2,
          "final_tolerance": 0.8})";
  const std::string posterior =
      "key,prior_low,prior_high,mean,sd,p05,p50,p95,width_ratio\n"
      "exits.stress_slope,0.5,0.5,0.5,0,0.5,0.5,0.5,1\n";
  const std::string targets =
      "metric,service,area,date,role,observed,sd,simulated_mean,simulated_p05,simulated_p95,z,"
      "inside_90,source\n"
      "providers_contracted,homecare,E10000016,2024-03-31,fitted,10,0,10,9,11,0,true,record\n";
  const std::string sample =
      "particle,weight,exits.stress_slope,distance\n1,0,0.5,0.1\n2,0,0.5,0.2\n";
  said({{"manifest.json", cal_manifest},
        {"parameters.csv", sample},
        {"posterior.csv", posterior},
        {"targets.csv", targets}},
       {"parameters.csv: every weight is 0 (a posterior needs some)",
        "targets.csv:2: column 'sd': '0' is not a finite number above 0",
        "posterior.csv:2: column 'prior_high': '0.5' is not above prior_low (0.5)"});
}

TEST_CASE("a what-if report refuses sizes below 0, intervals out of order and sums past a double",
          "[report]") {
  const TempDir tmp;
  RefusedFolders said(tmp.path());
  // comparison.csv line 2: an sd of -5, and a 95% interval from 0.07 down to 0.06.
  std::string odd = comparison_csv;
  odd.replace(odd.find("0.1,0.15,0.05,0.01,0.04,0.06"), 28, "0.1,0.15,0.05,-5,0.07,0.06");
  said({{"manifest.json", compare_manifest}, {"comparison.csv", odd}},
       {"comparison.csv:2: column 'sd_difference': '-5' is below 0, which it never is",
        "comparison.csv:2: column 'ci95_low': '0.07' is above ci95_high (0.06): an interval's "
        "ends are in order"});
  // sensitivity.csv: a swing's size of -0.5; morris.csv: a parameter screened by 0 effects.
  const std::string header =
      "scenario,service,kpi,unit,rank,parameter,base_value,low_value,high_value,base_mean,low_"
      "mean,high_mean,swing,abs_swing,replications,swing_ci95_half_width\n";
  const std::string sens_manifest = R"({"command": "sensitivity"})";
  said({{"manifest.json", sens_manifest},
        {"sensitivity.csv",
         every_headline_kpi(header +
                            "kent-baseline,homecare,people_waiting_mean,people,1,p1,1,0.75,1.25,"
                            "10,9,11,0.5,-0.5,20,0.5\n")},
        {"morris.csv",
         // Line 2 of 10 rows of p1 (every_headline_kpi) is screened by 0 effects.
         [] {
           std::string text = every_headline_kpi(
               "scenario,service,kpi,unit,parameter,mu_star,mu,sigma,effects\n"
               "kent-baseline,homecare,people_waiting_mean,people,p1,2,2,1,4\n");
           text.replace(text.find("people,p1,2,2,1,4\n"), 18, "people,p1,2,2,1,0\n");
           return text;
         }()}},
       {"sensitivity.csv:2: column 'abs_swing': '-0.5' is below 0, which it never is",
        "morris.csv:2: column 'effects': '0' is not a whole number >= 1"});
  // A morris.csv that is a symbolic link to nothing is there, unreadable: not left out.
  const fs::path dangling = tmp.path() / "dangling";
  fs::create_directories(dangling);
  std::ofstream(dangling / "manifest.json") << sens_manifest;
  std::ofstream(dangling / "sensitivity.csv")
      << every_headline_kpi(header +
                            "kent-baseline,homecare,people_waiting_mean,people,1,p1,1,0.75,1.25,"
                            "10,9,11,2,2,20,0.5\n");
  fs::create_symlink("nowhere.csv", dangling / "morris.csv");
  try {
    (void)results::build_folder_report_html(dangling);
    FAIL("a morris.csv linking to nothing was left out");
  } catch (const results::ReportInputError& e) {
    CHECK(e.problems() == std::vector<std::string>{(dangling / "morris.csv").string() +
                                                   ": cannot read the file: it does not exist"});
  }
  // A what-if folder whose manifest is a folder, or no JSON, is known by its results file: the
  // manifest's fault is said with that file's (a swing below 0), not alone.
  const fs::path lost = tmp.path() / "lost-manifest";
  fs::create_directories(lost / "manifest.json");
  std::ofstream(lost / "sensitivity.csv")
      << every_headline_kpi(header +
                            "kent-baseline,homecare,people_waiting_mean,people,1,p1,1,0.75,1.25,"
                            "10,9,11,0.5,-0.5,20,0.5\n");
  const std::string swing_fault =
      "sensitivity.csv:2: column 'abs_swing': '-0.5' is below 0, which it never is";
  try {
    (void)results::build_folder_report_html(lost);
    FAIL("a sensitivity folder with a folder for its manifest gave a report");
  } catch (const results::ReportInputError& e) {
    CHECK(e.problems() ==
          std::vector<std::string>{(lost / "manifest.json").string() + ": is a folder, not a file",
                                   swing_fault});
  }
  fs::remove(lost / "manifest.json");
  std::ofstream(lost / "manifest.json") << "{";
  try {
    (void)results::build_folder_report_html(lost);
    FAIL("a sensitivity folder with a broken manifest gave a report");
  } catch (const results::ReportInputError& e) {
    REQUIRE(e.problems().size() == 2);
    CHECK(e.problems()[0].starts_with("manifest.json is not valid JSON"));
    CHECK(e.problems()[1] == swing_fault);
  }
  // A mean as small as a double holds (4.9e-324, subnormal) is drawn, not an exit 1.
  const fs::path tiny = tmp.path() / "tiny";
  fs::create_directories(tiny);
  std::ofstream(tiny / "manifest.json") << sens_manifest;
  std::ofstream(tiny / "sensitivity.csv")
      << every_headline_kpi(header +
                            "kent-baseline,homecare,people_waiting_mean,people,1,p1,1,0.75,1.25,"
                            "10,4.9e-324,11,2,2,20,0.5\n");
  CHECK_NOTHROW(results::build_folder_report_html(tiny));
  // calibrate: a distance below 0, and two weights of 1e308 that add up past a double.
  const std::string cal_manifest =
      R"({"command": "calibrate", "scenario": "backtest-2020", "particles": 2,
          "final_tolerance": 0.8})";
  said({{"manifest.json", cal_manifest},
        {"parameters.csv",
         "particle,weight,exits.stress_slope,distance\n1,1e308,0.5,-5\n2,1e308,0.6,0.2\n"},
        {"posterior.csv",
         "key,prior_low,prior_high,mean,sd,p05,p50,p95,width_ratio\n"
         "exits.stress_slope,0,1,0.5,0.1,0.5,0.5,0.6,0.2\n"},
        {"targets.csv",
         "metric,service,area,date,role,observed,sd,simulated_mean,simulated_p05,simulated_p95,"
         "z,inside_90,source\n"
         "providers_contracted,homecare,E10000016,2024-03-31,fitted,10,1,10,9,11,0,true,r\n"}},
       {"parameters.csv:2: column 'distance': '-5' is below 0, which it never is",
        "parameters.csv: the weights add up to more than a number can hold; scale them down"});
}

TEST_CASE("a report names a manifest's field of the wrong kind, with the files' faults",
          "[report]") {
  const TempDir tmp;
  RefusedFolders said(tmp.path());
  // A sweep's manifest: a scenario that is a number and replications that are text, then -3;
  // sweep.csv's sd of inf, a column no chart draws. Each field's fault was a library's
  // "type must be number, but is string" (exit 1), and -3 was drawn as "-3 runs".
  const std::string sweep = every_point_kpi(
      "point,exits.stress_slope,service,kpi,unit,mean,sd,p05,p50,p95\n"
      "1,1,homecare,people_waiting_mean,people,10,inf,9,10,11\n");
  const std::string sd_fault =
      "sweep.csv:2: column 'sd': 'inf' is not a finite number (the command that writes the "
      "file writes one here)";
  said(
      {{"manifest.json", R"({"command": "sweep", "scenario": 3, "replications": "2x"})"},
       {"sweep.csv", sweep}},
      {R"(manifest.json: "scenario": expected a string, found a number)",
       R"(manifest.json: "replications": expected a whole number >= 1, found a string)", sd_fault});
  said({{"manifest.json", R"({"command": "sweep", "replications": -3})"}, {"sweep.csv", sweep}},
       {R"(manifest.json: "replications": expected a whole number >= 1, found -3)", sd_fault});
  // Every field a page prints: a sensitivity's swing and seed, a calibration's particles and
  // tolerance (printed as "x particles" and "-1 sd" before).
  said({{"manifest.json",
         R"({"command": "sensitivity", "relative_swing": "x", "seed": {}, "evaluations": null})"},
        {"sensitivity.csv",
         every_headline_kpi("scenario,service,kpi,unit,rank,parameter,base_value,low_value,"
                            "high_value,base_mean,low_mean,high_mean,swing,abs_swing\n"
                            "s,homecare,people_waiting_mean,people,1,p1,1,0.75,1.25,10,9,11,2,"
                            "inf\n")}},
       {R"(manifest.json: "seed": expected a whole number >= 0, found an object)",
        R"(manifest.json: "evaluations": expected a whole number >= 0, found null)",
        R"(manifest.json: "relative_swing": expected a number >= 0, found a string)",
        "sensitivity.csv:2: column 'abs_swing': 'inf' is not a finite number (the command that "
        "writes the file writes one here)"});
  said({{"manifest.json",
         R"({"command": "calibrate", "particles": "x", "final_tolerance": -1, "quantile": 2})"},
        {"parameters.csv", "particle,weight,exits.stress_slope,distance\n1,1,0.5,0.1\n"},
        {"posterior.csv",
         "key,prior_low,prior_high,p05,p50,p95,width_ratio\n"
         "exits.stress_slope,0,1,0.4,0.5,0.6,0.2\n"},
        {"targets.csv",
         "metric,service,area,date,role,observed,sd,simulated_mean,simulated_p05,simulated_p95,"
         "z,inside_90,source\n"
         "providers_contracted,homecare,E10000016,2024-03-31,fitted,10,1,10,9,11,0,true,r\n"}},
       {R"(manifest.json: "particles": expected a whole number >= 1, found a string)",
        R"(manifest.json: "quantile": expected a number from 0 to 1, found 2)",
        R"(manifest.json: "final_tolerance": expected a number >= 0 or null, found -1)"});
  // advise's flag and a compare's district: each named by its place in the manifest.
  said({{"manifest.json", R"({"command": "advise", "target_met": "yes"})"},
        {"allocation.csv", "district_name,window,window_date,capacity_added,unit\n"},
        {"options.csv", "option\n"}},
       {R"(manifest.json: "target_met": expected true or false, found a string)",
        "options.csv lacks the columns kpi_at_quantile, share_meeting_target, spend_total_gbp, "
        "spend_off_contract_gbp, off_contract_premium_gbp: it is not the file a caremarket run "
        "writes"});
  said({{"manifest.json",
         R"({"command": "compare", "base": "kent-baseline", "districts": [{"code": 7}]})"},
        {"comparison.csv", comparison_csv}},
       {R"(manifest.json: "districts[0].code": expected a string, found a number)"});
  // calibrate: an observed value and a posterior mean of inf (drawn as gaps before).
  said({{"manifest.json", R"({"command": "calibrate", "final_tolerance": null})"},
        {"parameters.csv", "particle,weight,exits.stress_slope,distance\n1,1,0.5,0.1\n"},
        {"posterior.csv",
         "key,prior_low,prior_high,mean,sd,p05,p50,p95,width_ratio\n"
         "exits.stress_slope,0,1,inf,0.1,0.4,0.5,0.6,0.2\n"},
        {"targets.csv",
         "metric,service,area,date,role,observed,sd,simulated_mean,simulated_p05,simulated_p95,"
         "z,inside_90,source\n"
         "providers_contracted,homecare,E10000016,2024-03-31,fitted,inf,1,10,9,11,0,true,r\n"}},
       {"targets.csv:2: column 'observed': 'inf' is not a finite number (the command that writes "
        "the file writes one here)",
        "posterior.csv:2: column 'mean': 'inf' is not a finite number (the command that writes "
        "the file writes one here)"});
}
