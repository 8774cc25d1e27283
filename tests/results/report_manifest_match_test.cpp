// A report reads a folder's files against its manifest: files of other runs, points or scenarios
// than the manifest's are refused, file by file, at their first such row (they were drawn as the
// manifest said). Every expected message is written out here by hand.

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "results/analysis_report.hpp"
#include "results/report.hpp"
#include "tests/results/analysis_report_fixtures.hpp"
#include "tests/results/temp_dir.hpp"

using namespace caremarket;
using namespace caremarket::results::testing;

namespace {

std::vector<std::string> compare_faults(const std::string& manifest, const std::string& csv,
                                        const std::string& spend) {
  try {
    (void)results::build_compare_report_html(manifest, csv, spend);
  } catch (const results::ReportInputError& e) {
    return e.problems();
  }
  return {};
}

// The faults a sensitivity page says of these files (none: it was drawn).
std::vector<std::string> sensitivity_faults(const std::string& manifest, const std::string& csv,
                                            const std::string& morris = {}) {
  try {
    (void)results::build_sensitivity_report_html(manifest, csv, morris);
  } catch (const results::ReportInputError& e) {
    return e.problems();
  }
  return {};
}

// The faults `report DIR` says of a sweep folder with these files: every one, at once.
std::vector<std::string> sweep_faults(const std::string& manifest, const std::string& csv) {
  const TempDir tmp;
  std::ofstream(tmp.path() / "manifest.json") << manifest;
  std::ofstream(tmp.path() / "sweep.csv") << csv;
  try {
    (void)results::build_folder_report_html(tmp.path());
  } catch (const results::ReportInputError& e) {
    return e.problems();
  }
  return {};
}

// Replaces every `from` in `text` by `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

}  // namespace

TEST_CASE("a compare report refuses files of other runs or scenarios than its manifest's",
          "[report]") {
  // The fixtures agree: 4 paired runs of provider-failure against kent-baseline.
  CHECK(compare_faults(compare_manifest, comparison_csv, spend_comparison_csv).empty());
  // The manifest says 5 runs: each file is named at its first row, with how many rows differ
  // (the fixtures have 6 rows of comparisons and 2 of spend).
  auto five = nlohmann::json::parse(compare_manifest);
  five["replications"] = 5;
  CHECK(compare_faults(five.dump(), comparison_csv, spend_comparison_csv) ==
        std::vector<std::string>{
            "comparison.csv:2: column 'replications': 4 runs, but manifest.json's "
            "\"replications\" is 5 (6 of the file's 6 rows differ): the file and the manifest "
            "are of different runs",
            "spend_by_year_comparison.csv:2: column 'replications': 4 runs, but manifest.json's "
            "\"replications\" is 5 (2 of the file's 2 rows differ): the file and the manifest "
            "are of different runs"});
  // An alternative the manifest does not list, and a base other than its own.
  const std::string other =
      replaced(comparison_csv, "kent-baseline,provider-failure,supported_living",
               "kent-baseline,closed-framework,supported_living");
  const std::string spend =
      replaced(spend_comparison_csv, "kent-baseline,provider-failure,2027-04-01,2028-03-31,all,off",
               "early-reopening,provider-failure,2027-04-01,2028-03-31,all,off");
  CHECK(compare_faults(compare_manifest, other, spend) ==
        std::vector<std::string>{
            "comparison.csv:4: column 'alternative': 'closed-framework' is not among the "
            "scenarios manifest.json lists ('kent-baseline' and 'provider-failure'): the file "
            "and the manifest are of different comparisons",
            "spend_by_year_comparison.csv:3: column 'base': 'early-reopening', but "
            "manifest.json's \"base\" is 'kent-baseline': the file and the manifest are of "
            "different comparisons"});
}

TEST_CASE("a sweep report refuses rows of other runs or points, or a point's values apart",
          "[report]") {
  const std::string manifest =
      R"({"command": "sweep", "scenario": "kent-baseline", "seed": 1, "replications": 2,
          "varied": ["costs.homecare.spot_premium"],
          "points": [{"point": 1, "hash": "a"}, {"point": 2, "hash": "b"}]})";
  const std::string head =
      "scenario,point,costs.homecare.spot_premium,service,kpi,unit,mean,sd,sem,p05,p50,p95,"
      "replications\n";
  // Each point's other 59 KPIs follow its rows (every_point_kpi): 122 rows.
  const std::string csv =
      every_point_kpi(head + "kent-baseline,1,0.1,homecare,referrals_total,people,9,0,0,9,9,9,2\n" +
                      "kent-baseline,1,0.1,homecare,people_waiting_mean,people,3,0,0,3,3,3,2\n" +
                      "kent-baseline,2,0.2,homecare,referrals_total,people,9,0,0,9,9,9,2\n" +
                      "kent-baseline,2,0.2,homecare,people_waiting_mean,people,4,0,0,4,4,4,2\n");
  CHECK(sweep_faults(manifest, csv).empty());
  // Line 3 gives point 1 another value (it was drawn as a point of its own), line 4 names a
  // third point of a two-point sweep, and line 5 counts 3 runs. Every point's other KPIs follow
  // (every_point_kpi: 59 of point 1 from line 2, 60 of point 3, 60 of point 2 with line 5's 3
  // runs), 183 rows: point 2's 61 count 3 runs, point 3's 61 rows are unlisted.
  const std::string broken =
      every_point_kpi(head + "kent-baseline,1,0.1,homecare,referrals_total,people,9,0,0,9,9,9,2\n" +
                      "kent-baseline,1,abc,homecare,people_waiting_mean,people,3,0,0,3,3,3,2\n" +
                      "kent-baseline,3,0.2,homecare,referrals_total,people,9,0,0,9,9,9,2\n" +
                      "kent-baseline,2,0.2,homecare,people_waiting_mean,people,4,0,0,4,4,4,3\n");
  CHECK(sweep_faults(manifest, broken) ==
        std::vector<std::string>{
            "sweep.csv:5: column 'replications': 3 runs, but manifest.json's \"replications\" "
            "is 2 (61 of the file's 183 rows differ): the file and the manifest are of different "
            "runs",
            "sweep.csv:4: column 'point': point 3, which manifest.json's \"points\" does not "
            "list (61 of the file's 183 rows): the file and the manifest are of different sweeps",
            "sweep.csv:3: column 'costs.homecare.spot_premium': 'abc', but 60 rows of point 1 "
            "(from line 2) give '0.1': every row of a point gives its values"});
  // A point's first row apart from its others is the one named: the most rows give the point's
  // values.
  // (The complete file, its line 2 edited: point 1's other 60 rows give 0.1.)
  std::string first_apart = csv;
  first_apart.replace(first_apart.find("kent-baseline,1,0.1,"), 20, "kent-baseline,1,0.9,");
  CHECK(sweep_faults(manifest, first_apart) ==
        std::vector<std::string>{
            "sweep.csv:2: column 'costs.homecare.spot_premium': '0.9', but 60 rows of point 1 "
            "(from line 3) give '0.1': every row of a point gives its values"});
  // The manifest's varied keys are the file's columns; its points each a number, once.
  auto other = nlohmann::json::parse(manifest);
  other["varied"] = {"costs.homecare.spot_premium", "exits.stress_slope"};
  other["points"] = {{{"point", 1}}, {{"point", 1}}, {{"hash", "c"}}};
  CHECK(sweep_faults(other.dump(), csv) ==
        std::vector<std::string>{
            "sweep.csv: varied columns costs.homecare.spot_premium, but manifest.json's "
            "\"varied\" keys are costs.homecare.spot_premium and exits.stress_slope: the file "
            "and the manifest are of different sweeps",
            "manifest.json: \"points[1].point\": 1 is listed twice",
            "manifest.json: \"points[2].point\": missing (each point is named by its number)",
            "sweep.csv:4: column 'point': point 2, which manifest.json's \"points\" does not "
            "list (61 of the file's 122 rows): the file and the manifest are of different sweeps",
            "sweep.csv: no column 'exits.stress_slope'"});
}

TEST_CASE("a report refuses a manifest that gives a key twice, which JSON reads as its last",
          "[report]") {
  const std::string twice =
      R"({"tool": "caremarket", "command": "compare", "base": "kent-baseline", "seed": 1,
          "replications": 4, "replications": 5,
          "scenarios": [{"name": "kent-baseline"}, {"name": "provider-failure"}],
          "districts": [{"code": "E1", "name": "Ashford", "code": "E9"}]})";
  CHECK(compare_faults(twice, comparison_csv, spend_comparison_csv) ==
        std::vector<std::string>{
            "manifest.json: \"replications\" is given twice in one object (JSON keeps only the "
            "last; a caremarket manifest gives each key once)",
            "manifest.json: \"districts[0].code\" is given twice in one object (JSON keeps only "
            "the last; a caremarket manifest gives each key once)"});
  // The same key in two objects is no fault: each district has its code.
  auto two = nlohmann::json::parse(compare_manifest);
  CHECK(compare_faults(two.dump(), comparison_csv, spend_comparison_csv).empty());
}

TEST_CASE("a calibration report checks its manifest's fields as the other reports do", "[report]") {
  // "particles" as text: it was read by the JSON library, which stopped the report (exit 1).
  const std::string manifest =
      R"({"command": "calibrate", "scenario": "backtest-2020", "method": "ABC-SMC",
          "particles": "25", "waves_completed": -1, "seed": 1, "fit_until": "banana"})";
  try {
    (void)results::build_calibration_report_html(
        manifest, std::string("particle,weight,exits.stress_slope,distance\n1,1,0.5,0.1\n"),
        std::string("key,prior_low,prior_high,mean,sd,p05,p50,p95,width_ratio\n"
                    "exits.stress_slope,0,1,0.5,0.1,0.3,0.5,0.7,0.44\n"),
        std::string("metric,service,area,date,role,observed,sd,simulated_mean,simulated_p05,"
                    "simulated_p95,z,inside_90,source\nproviders_contracted,homecare,E10000016,"
                    "2024-03-31,fitted,10,1,10,9,11,0,true,record\n"));
    FAIL("a calibration manifest with fields of the wrong kind was drawn");
  } catch (const results::ReportInputError& e) {
    CHECK(e.problems() ==
          std::vector<std::string>{
              "manifest.json: \"fit_until\": 'banana' is not a date YYYY-MM-DD (e.g. 2027-04-01)",
              "manifest.json: \"particles\": expected a whole number >= 1, found a string",
              "manifest.json: \"waves_completed\": expected a whole number >= 0, found -1"});
  }
}

TEST_CASE("a sensitivity report refuses an end of more runs than its manifest's", "[report]") {
  const std::string manifest =
      R"({"command": "sensitivity", "scenario": "kent-baseline", "seed": 1,
          "relative_swing": 0.25, "parameters": 2, "evaluations": 5,
          "replications_per_evaluation": 20})";
  const std::string head =
      "scenario,service,kpi,unit,rank,parameter,base_value,low_value,high_value,base_mean,"
      "low_mean,high_mean,swing,abs_swing,replications\n";
  // An end that stopped after 10 of 20 runs is no fault; one of 30 runs is of another analysis.
  // Each parameter's other 9 headline figures follow its first row (every_headline_kpi): 20
  // rows, p2's 10 with its count of runs.
  const std::string rows = head +
                           "kent-baseline,homecare,people_waiting_mean,people,1,p1,1,0.75,1.25,10,"
                           "9,11,2,2,10\n"
                           "kent-baseline,homecare,people_waiting_mean,people,2,p2,1,0.75,1.25,10,"
                           "9,11,2,2,20\n";
  const std::string csv = every_headline_kpi(rows);
  CHECK_NOTHROW(results::build_sensitivity_report_html(manifest, csv, {}));
  std::string more = rows;
  more.replace(more.rfind(",20\n"), 4, ",30\n");
  CHECK(sensitivity_faults(manifest, every_headline_kpi(more)) ==
        std::vector<std::string>{
            "sensitivity.csv:3: column 'replications': 30 runs, but manifest.json's "
            "\"replications_per_evaluation\" is 20, the most a row can count (10 of the file's 20 "
            "rows count more): the file and the manifest are of different runs"});
}

TEST_CASE(
    "a sensitivity report refuses a parameter of two run counts, a full analysis of fewer "
    "runs and a Morris file no screening wrote",
    "[report]") {
  const std::string manifest =
      R"({"command": "sensitivity", "scenario": "kent-baseline", "seed": 1,
          "relative_swing": 0.25, "parameters": 2, "evaluations": 5, "settle": 0.1,
          "morris_trajectories": 0, "replications_per_evaluation": 20})";
  const std::string head =
      "scenario,service,kpi,unit,rank,parameter,base_value,low_value,high_value,base_mean,"
      "low_mean,high_mean,swing,abs_swing,replications\n";
  const auto row = [](const char* kpi, const char* rank, const char* parameter, const char* runs) {
    return std::string("kent-baseline,homecare,") + kpi + "," +
           (std::string(kpi) == "provider_exits_total" ? "providers" : "people") + "," + rank +
           "," + parameter + ",1,0.75,1.25,10,9,11,2,2," + runs + "\n";
  };
  // p1 stopped after 10 runs for every figure, p2 ran all 20: no fault. Each parameter's other
  // 8 headline figures follow (every_headline_kpi), with its first row's count: 20 rows.
  const std::string csv = every_headline_kpi(head + row("people_waiting_mean", "1", "p1", "10") +
                                             row("people_waiting_mean", "2", "p2", "20") +
                                             row("provider_exits_total", "1", "p1", "10") +
                                             row("provider_exits_total", "2", "p2", "20"));
  CHECK_NOTHROW(results::build_sensitivity_report_html(manifest, csv, {}));
  // p1's second row counts 15: its ends stop once for every figure (line 4 is that row).
  const std::string split = every_headline_kpi(head + row("people_waiting_mean", "1", "p1", "10") +
                                               row("people_waiting_mean", "2", "p2", "20") +
                                               row("provider_exits_total", "1", "p1", "15") +
                                               row("provider_exits_total", "2", "p2", "20"));
  CHECK(sensitivity_faults(manifest, split) ==
        std::vector<std::string>{
            "sensitivity.csv:4: column 'replications': 15 runs, but 10 at line 2, the first row "
            "of parameter p1; a parameter's two ends stop together, so its rows give one count "
            "of runs"});
  // With --settle 0 every end runs all 20: p1's 10 are of another analysis (both its rows).
  std::string full = manifest;
  const std::string settle = "\"settle\": 0.1";
  full.replace(full.find(settle), settle.size(), "\"settle\": 0");
  CHECK(sensitivity_faults(full, csv) ==
        std::vector<std::string>{
            "sensitivity.csv:2: column 'replications': 10 runs, but manifest.json's "
            "\"replications_per_evaluation\" is 20 (10 of the file's 20 rows differ): the file and "
            "the manifest are of different runs"});
  // A Morris file beside a manifest that ran no screening.
  const std::string morris = every_headline_kpi(
      "parameter,service,kpi,unit,mu,mu_star,sigma\np1,homecare,people_waiting_mean,people,1,1,"
      "0\np2,homecare,people_waiting_mean,people,1,1,0\n");
  // And a screening's manifest without its file.
  std::string screened = manifest;
  const std::string none = "\"morris_trajectories\": 0";
  screened.replace(screened.find(none), none.size(), "\"morris_trajectories\": 2");
  CHECK(sensitivity_faults(screened, csv) ==
        std::vector<std::string>{"morris.csv: missing, but manifest.json's "
                                 "\"morris_trajectories\" is 2 (a Morris screening ran): the file "
                                 "and the manifest are of different runs"});
  CHECK(sensitivity_faults(screened, csv, morris).empty());
  CHECK(sensitivity_faults(manifest, csv, morris) ==
        std::vector<std::string>{"morris.csv: given, but manifest.json's \"morris_trajectories\" "
                                 "is 0 (no Morris screening ran): the file and the manifest are "
                                 "of different runs"});
}

TEST_CASE("an advise report refuses steps past the manifest's limit or at another quantile",
          "[report]") {
  const std::string options =
      "option,kpi_at_quantile,share_meeting_target,spend_total_gbp,spend_off_contract_gbp,"
      "off_contract_premium_gbp\ndo_nothing,0.2,0,100,10,1\n";
  const std::string head =
      "step,service,district_code,district_name,window,window_date,capacity_added,unit,kpi,"
      "quantile,kpi_at_quantile_after,share_meeting_target_after\n";
  const std::string steps = head +
                            "1,homecare,E1,Ashford,start,2027-04-01,700,hours_per_week,off_"
                            "contract_placement_share,0.9,0.18,0\n"
                            "2,homecare,E1,Ashford,start,2027-04-01,700,hours_per_week,off_"
                            "contract_placement_share,0.9,0.16,0\n";
  const std::string at_most =
      R"({"command": "advise", "scenario": "kent-baseline", "target":
          "off_contract_placement_share<=0.15", "confidence": 0.9, "max_steps": 2})";
  CHECK_NOTHROW(results::build_advise_report_html(at_most, steps, options));
  // A target of at least X is judged at 1 - confidence: 0.1 at a confidence of 0.9, so the
  // same steps at 0.9 are of another target.
  const std::string at_least =
      R"({"command": "advise", "scenario": "kent-baseline", "target":
          "off_contract_placement_share>=0.15", "confidence": 0.9, "max_steps": 1})";
  try {
    (void)results::build_advise_report_html(at_least, steps, options);
    FAIL("steps of another advice were drawn");
  } catch (const results::ReportInputError& e) {
    CHECK(e.problems().front() ==
          "allocation.csv:3: column 'step': '2', but manifest.json's \"max_steps\" is 1, the last "
          "step there can be (1 of the file's 2 rows): the file and the manifest are of different "
          "runs");
  }
  auto one_step = nlohmann::json::parse(at_least);
  one_step["max_steps"] = 2;
  try {
    (void)results::build_advise_report_html(one_step.dump(), steps, options);
    FAIL("steps at another quantile were drawn");
  } catch (const results::ReportInputError& e) {
    CHECK(e.problems() ==
          std::vector<std::string>{
              "allocation.csv:2: column 'quantile': '0.9', but manifest.json's \"confidence\" is "
              "0.9, so every step is judged at the quantile 0.1 (target "
              "off_contract_placement_share>=0.15) (2 of the file's 2 rows): the file and the "
              "manifest are of different runs"});
  }
}

TEST_CASE("a calibration report refuses files of other particles, keys, priors or targets",
          "[report]") {
  const std::string manifest =
      R"({"command": "calibrate", "scenario": "backtest-2020", "method": "ABC-SMC",
          "particles": 2, "waves_completed": 1, "seed": 1, "targets": 1, "targets_held_out": 0,
          "varied": [{"key": "exits.stress_slope", "low": 0, "high": 1, "integer": false}]})";
  const std::string sample =
      "particle,weight,exits.stress_slope,distance\n1,0.5,0.2,1\n2,0.5,0.4,1\n";
  const std::string posterior =
      "key,prior_low,prior_high,mean,sd,p05,p50,p95,width_ratio\n"
      "exits.stress_slope,0,1,0.3,0.1,0.2,0.3,0.4,0.2\n";
  const std::string targets =
      "metric,service,area,date,role,observed,sd,simulated_mean,simulated_p05,simulated_p95,z,"
      "inside_90,source\n"
      "providers_contracted,homecare,E10000016,2024-03-31,fitted,10,1,10,9,11,0,true,record\n";
  const auto faults = [&](const std::string& m, const std::string& s, const std::string& p,
                          const std::string& t) {
    const TempDir tmp;
    std::ofstream(tmp.path() / "manifest.json") << m;
    std::ofstream(tmp.path() / "parameters.csv") << s;
    std::ofstream(tmp.path() / "posterior.csv") << p;
    std::ofstream(tmp.path() / "targets.csv") << t;
    try {
      (void)results::build_folder_report_html(tmp.path());
    } catch (const results::ReportInputError& e) {
      return e.problems();
    }
    return std::vector<std::string>{};
  };
  CHECK(faults(manifest, sample, posterior, targets).empty());
  // One particle of two, another key, another prior range and a target held out.
  const std::string held = replaced(targets, ",fitted,", ",held_out,");
  CHECK(faults(manifest, "particle,weight,costs.homecare.spot_premium,distance\n1,1,0.2,1\n",
               replaced(posterior, "exits.stress_slope,0,1,", "exits.stress_slope,0,2,"), held) ==
        std::vector<std::string>{
            "parameters.csv: 1 particle, but manifest.json's \"particles\" is 2: the file and "
            "the manifest are of different runs",
            "parameters.csv: key columns costs.homecare.spot_premium, but manifest.json's "
            "\"varied\" keys are exits.stress_slope: the file and the manifest are of different "
            "runs",
            "posterior.csv:2: column 'prior_high': '2', but manifest.json's \"varied\" gives "
            "exits.stress_slope the prior range 0 to 1: the file and the manifest are of "
            "different runs",
            "targets.csv: 1 target, 1 held out, but manifest.json's \"targets\" is 1 and "
            "\"targets_held_out\" 0: the file and the manifest are of different runs",
            "parameters.csv: no column 'exits.stress_slope'"});
}

TEST_CASE("a report refuses a manifest nested too deep, too wide or holding a NUL byte at once",
          "[report]") {
  // Each took the parser minutes, or its stack (a crash), or was read up to the NUL alone.
  const auto faults = [](const std::string& manifest) {
    try {
      (void)results::build_compare_report_html(manifest, comparison_csv, spend_comparison_csv);
    } catch (const results::ReportInputError& e) {
      return e.problems();
    }
    return std::vector<std::string>{};
  };
  const std::string deep = std::string(R"({"command": "compare", "deep": )") +
                           std::string(100000, '[') + std::string(100000, ']') + "}";
  CHECK(faults(deep) ==
        std::vector<std::string>{"manifest.json: nested deeper than 64 levels: it is not a "
                                 "manifest a caremarket command writes"});
  std::string wide = R"({"command": "compare", "wide": {)";
  for (int i = 0; i < 1001; ++i) wide += (i > 0 ? ",\"k" : "\"k") + std::to_string(i) + "\": 1";
  wide += "}}";
  CHECK(faults(wide) == std::vector<std::string>{"manifest.json: an object of more than 1,000 "
                                                 "keys: it is not a manifest a caremarket "
                                                 "command writes"});
  // 1,000 keys in one object is not too many.
  std::string thousand = R"({"command": "compare", "base": "kent-baseline", "replications": 4,
      "scenarios": [{"name": "kent-baseline"}, {"name": "provider-failure"}], "wide": {)";
  for (int i = 0; i < 1000; ++i) thousand += (i > 0 ? ",\"k" : "\"k") + std::to_string(i) + "\": 1";
  thousand += "}}";
  CHECK(faults(thousand).empty());
  CHECK(faults(compare_manifest + std::string(1, '\0') + "{}") ==
        std::vector<std::string>{"manifest.json holds a NUL byte (byte " +
                                 std::to_string(compare_manifest.size() + 1) +
                                 "): it is not the JSON text a caremarket command writes"});
}

TEST_CASE(
    "a compare report refuses a manifest without its scenarios, or a base compared with itself",
    "[report]") {
  auto none = nlohmann::json::parse(compare_manifest);
  none["scenarios"] = nlohmann::json::array();
  CHECK(compare_faults(none.dump(), comparison_csv, spend_comparison_csv) ==
        std::vector<std::string>{"manifest.json: \"scenarios\": lists 0, but a comparison has a "
                                 "base and at least one alternative"});
  auto unnamed = nlohmann::json::parse(compare_manifest);
  unnamed["scenarios"][1].erase("name");
  CHECK(compare_faults(unnamed.dump(), comparison_csv, spend_comparison_csv).front() ==
        "manifest.json: \"scenarios[1].name\": missing (each scenario compared is named)");
  const std::string itself =
      replaced(comparison_csv, "kent-baseline,provider-failure,homecare,referrals_total",
               "kent-baseline,kent-baseline,homecare,referrals_total");
  CHECK(compare_faults(compare_manifest, itself, spend_comparison_csv) ==
        std::vector<std::string>{"comparison.csv:3: column 'alternative': 'kent-baseline' is the "
                                 "manifest's base, compared with itself: the file and the manifest "
                                 "are of different comparisons"});
}

TEST_CASE("a count past 2^53 is too large by its digits, not by the double it rounds to",
          "[report]") {
  // 2^53 + 1 = 9007199254740993 reads as the double 9007199254740992, the largest count taken.
  const auto with_runs = [](const std::string& runs) {
    return replaced(comparison_csv, ",0,4\n", ",0," + runs + "\n");
  };
  auto manifest = nlohmann::json::parse(compare_manifest);
  manifest.erase("replications");
  CHECK(compare_faults(manifest.dump(), with_runs("9007199254740992"), "").empty());
  CHECK(compare_faults(manifest.dump(), with_runs("9007199254740993"), "") ==
        std::vector<std::string>{"comparison.csv:2: column 'replications': '9007199254740993' is "
                                 "too large for a count (at most 9007199254740992)"});
}

TEST_CASE("a compare report refuses a file without its runs beside a manifest that counts them",
          "[report]") {
  // Without the column, files of any number of runs passed as the manifest's 4.
  std::string no_runs;
  std::istringstream lines(spend_comparison_csv);
  for (std::string line; std::getline(lines, line);)
    no_runs += line.substr(0, line.rfind(',')) + "\n";
  CHECK(compare_faults(compare_manifest, comparison_csv, no_runs) ==
        std::vector<std::string>{"spend_by_year_comparison.csv lacks the column replications, "
                                 "which a caremarket command writes beside manifest.json's "
                                 "\"replications\": the file is not of that run"});
}

TEST_CASE(
    "a calibration report draws a prior too narrow for its bins, and a comparison names "
    "each scenario once",
    "[report]") {
  // A prior 4.9e-324 wide: its bins are 0 wide, and a value's bin was an integer cast of NaN
  // (a crash). Every value is drawn in the first bin.
  const std::string manifest =
      R"({"command": "calibrate", "scenario": "backtest-2020", "particles": 2,
          "waves_completed": 1, "seed": 1, "targets": 1, "targets_held_out": 0,
          "varied": [{"key": "exits.stress_slope", "low": 0, "high": 4.9e-324}]})";
  const std::string html = results::build_calibration_report_html(
      manifest,
      std::string(
          "particle,weight,exits.stress_slope,distance\n1,0.5,0,1\n2,0.5,4.94065645841e-324,1\n"),
      std::string("key,prior_low,prior_high,mean,sd,p05,p50,p95,width_ratio\n"
                  "exits.stress_slope,0,4.94065645841e-324,0,0,0,0,0,0.5\n"),
      std::string("metric,service,area,date,role,observed,sd,simulated_mean,simulated_p05,"
                  "simulated_p95,z,inside_90,source\nproviders_contracted,homecare,E10000016,"
                  "2024-03-31,fitted,10,1,10,9,11,0,true,record\n"));
  CHECK(html.find("calibration_posterior") != std::string::npos);
  auto twice = nlohmann::json::parse(compare_manifest);
  twice["scenarios"].push_back({{"name", "provider-failure"}});
  CHECK(compare_faults(twice.dump(), comparison_csv, spend_comparison_csv) ==
        std::vector<std::string>{"manifest.json: \"scenarios[2].name\": 'provider-failure' is "
                                 "listed twice (each scenario compared has a name of its own)"});
}
