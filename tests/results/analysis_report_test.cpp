// The what-if reports (compare, sweep, sensitivity, advise): self-contained pages with every
// chart's container, the inlined libraries, valid JSON data, and no resource loaded from
// elsewhere.

#include "results/analysis_report.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "geography/table.hpp"
#include "results/report.hpp"
#include "tests/results/analysis_report_fixtures.hpp"
#include "tests/results/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace caremarket;
using namespace caremarket::results::testing;

TEST_CASE("the compare report with one run: no interval, so no certain difference", "[report]") {
  // One paired run: comparison.csv leaves the spread and the interval empty (NaN).
  const std::string one_run =
      "base,alternative,service,kpi,unit,area_code,area_name,direction,base_mean,alternative_mean,"
      "mean_difference,sd_difference,ci95_low,ci95_high,probability_alternative_better,"
      "replications\n"
      "kent-baseline,provider-failure,homecare,off_contract_placement_share,share,K,Kent,"
      "lower_is_better,0.1,0.15,0.05,,,,0,1\n";
  auto one = nlohmann::json::parse(compare_manifest);
  one["replications"] = 1;
  const std::string single = results::build_compare_report_html(one.dump(), one_run);
  CHECK(single.find("0 county figures better, 0 worse and 1 with no clear difference") !=
        std::string::npos);
  CHECK(single.find("worsens") == std::string::npos);
  CHECK(single.find("no (one run)") != std::string::npos);
  // Nor do its charts offer an empty interval on hover.
  CHECK(single.find("95% interval from") == std::string::npos);
  CHECK(single.find("One paired run: no interval is drawn.") != std::string::npos);
  CHECK(single.find(">0.0%<") == std::string::npos);
  CHECK(single.find("<b>One paired run</b>: with no spread there is no interval") !=
        std::string::npos);
  CHECK(single.find("no clear difference (one paired run has no interval)") != std::string::npos);
  // An older manifest without the count: comparison.csv's replications column (1) says it.
  auto old_manifest = nlohmann::json::parse(compare_manifest);
  old_manifest.erase("replications");
  CHECK(results::build_compare_report_html(old_manifest.dump(), one_run).find("no (one run)") !=
        std::string::npos);
  // A figure the same in the one run is named under the table, not given a row.
  const std::string same_row = one_run +
                               "kent-baseline,provider-failure,homecare,referrals_total,people,K,"
                               "Kent,neutral,10,10,0,,,,0.5,1\n";
  const std::string with_same = results::build_compare_report_html(one.dump(), same_row);
  CHECK(with_same.find("The same in every paired run") != std::string::npos);
  CHECK(with_same.find("data-key=\"provider-failure|homecare|referrals_total") ==
        std::string::npos);
}

TEST_CASE("the compare report: forest plot, district hex map and P(better)", "[report]") {
  const std::string html =
      results::build_compare_report_html(compare_manifest, comparison_csv, spend_comparison_csv);
  const auto data = check_page(html, results::analysis_report_chart_names("compare"));
  REQUIRE(data["forest"].size() == 2);  // county rows that differ in some run
  CHECK(data["forest"][0]["verdict"] == "Worse (95% interval excludes zero)");
  CHECK(data["forest"][0]["difference"] == 5.0);  // percentage points
  CHECK(data["forest"][1]["verdict"] == "Better (95% interval excludes zero)");
  REQUIRE(data["map_diff"].size() == 3);
  CHECK(data["map_diff"][0]["name"] == "Ashford");
  CHECK(data["map_diff"][1]["name"] == "Dover <&>");
  CHECK(html.find("+5.0 points") != std::string::npos);
  // Districts that are not in Kent's boundaries get the hex map; the scale is centred on zero.
  CHECK(!data.contains("boundaries"));
  const auto specs = nlohmann::json::parse(report_script(html, "caremarket-specs"));
  const auto& panel = specs["compare_map"]["concat"][0];
  CHECK(panel["layer"][0]["mark"]["type"] == "point");
  CHECK(panel["layer"][0]["encoding"]["color"]["scale"]["domain"] ==
        nlohmann::json::array({-10.0, 0, 10.0}));
  // Each forest plot's own x domain holds zero and the whole interval.
  const auto& cell = specs["compare_forest"]["vconcat"][0]["hconcat"][0];
  const auto domain = cell["layer"][0]["encoding"]["x"]["scale"]["domain"];
  CHECK(domain[0].get<double>() < 0);
  CHECK(domain[1].get<double>() > 6.0);
  // The table's rows carry the keys the chart's data does, so the browser test can match them.
  CHECK(html.find("data-key=\"provider-failure|homecare|off_contract_share_final\"") !=
        std::string::npos);
  CHECK(data["forest"][0]["key"] == "provider-failure|homecare|off_contract_share_final");
  // Spend by year: the difference in £ millions, on a scale centred at zero and wide enough
  // for the widest interval (£3m), and the same numbers in the table.
  REQUIRE(data["spend_diff"].size() == 2);
  CHECK(data["spend_diff"][0]["mean"] == 1.5);
  CHECK(data["spend_diff"][0]["low"] == 0.5);
  CHECK(data["spend_diff"][1]["high"] == 3.0);
  CHECK(data["spend_diff"][0]["column"] == "Both services");
  const auto& spend_x =
      specs["compare_spend"]["hconcat"][0]["layer"][1]["encoding"]["x"]["scale"]["domain"];
  CHECK(spend_x[0].get<double>() == Approx(-3.15));
  CHECK(spend_x[1].get<double>() == Approx(3.15));
  CHECK(html.find("+£1.5m (+£500k to +£2.5m)") != std::string::npos);
  // With two alternatives, every row of the spend chart names its alternative, the first's too.
  const std::string two = spend_comparison_csv +
                          "kent-baseline,closed-framework,2027-04-01,2028-03-31,all,total,"
                          "100000000,99000000,-1000000,600000,-2000000,0,4\n";
  auto three = nlohmann::json::parse(compare_manifest);
  three["scenarios"].push_back({{"name", "closed-framework"}});
  const auto data_two = nlohmann::json::parse(report_script(
      results::build_compare_report_html(three.dump(), comparison_csv, two), "caremarket-data"));
  REQUIRE(data_two["spend_diff"].size() == 3);
  CHECK(data_two["spend_diff"][0]["row"] == "provider-failure: 2027-04 to 2028-03");
  CHECK(data_two["spend_diff"][2]["row"] == "closed-framework: 2027-04 to 2028-03");
  // A folder from before spend_by_year_comparison.csv existed still gets its report.
  CHECK(results::build_compare_report_html(compare_manifest, comparison_csv)
            .find("chart-compare_spend") == std::string::npos);
}

TEST_CASE("the sweep report: headline figures against the varied value", "[report]") {
  const std::string manifest =
      R"({"command": "sweep", "scenario": "kent-baseline", "seed": 1, "replications": 2,
          "varied": ["framework.reopen_after_years", "costs.homecare.spot_premium"]})";
  // Two points of every KPI of both services (every_point_kpi): 2 x 61 rows, those after the
  // first three of 0.
  const std::string csv = every_point_kpi(
      "scenario,point,framework.reopen_after_years,costs.homecare.spot_premium,service,kpi,unit,"
      "mean,sd,sem,p05,p50,p95,replications\n"
      "kent-baseline,1,\"[2,5]\",0.1,homecare,off_contract_placement_share,share,0.2,0,0,0.1,0.2,"
      "0.3,2\n"
      "kent-baseline,1,\"[2,5]\",0.1,homecare,referrals_total,people,9,0,0,9,9,9,2\n"
      "kent-baseline,2,\"[3,6]\",0.1,homecare,off_contract_placement_share,share,0.25,0,0,0.1,0.2,"
      "0.3,2\n");
  const std::string html = results::build_sweep_report_html(manifest, csv);
  const auto data = check_page(html, results::analysis_report_chart_names("sweep"));
  // Headline KPIs that move: the rows every_point_kpi adds are 0 at both points (no line).
  REQUIRE(data["sweep"].size() == 2);
  CHECK(data["sweep"][1]["x_label"] == "[3,6]");
  CHECK(data["sweep"][1]["series"] == "costs.homecare.spot_premium = 0.1");
  const auto specs = nlohmann::json::parse(report_script(html, "caremarket-specs"));
  // Values that are not numbers go on an ordinal axis, in the order given.
  const auto& x = specs["sweep_lines"]["spec"]["layer"][0]["encoding"]["x"];
  CHECK(x["field"] == "x_label");
  CHECK(x["type"] == "ordinal");
  // The axis names the key in words, then the key as typed.
  CHECK(x["title"] == "Reopen after, years");
  CHECK(html.find("<code>framework.reopen_after_years</code>") != std::string::npos);
  // 2 runs a point: 2 x 0.05 < 1, so the 5th and 95th percentiles are interpolated between
  // the two runs, not a range holding 90% of runs.
  CHECK(html.find("holds 90% of runs") == std::string::npos);
  CHECK(html.find("a rough range: with 2 runs at each value (fewer than 20)") != std::string::npos);
  auto twenty = nlohmann::json::parse(manifest);
  twenty["replications"] = 20;
  std::string csv20 = csv;
  for (auto at = csv20.find(",2\n"); at != std::string::npos; at = csv20.find(",2\n", at))
    csv20.replace(at, 3, ",20\n");
  const std::string firm = results::build_sweep_report_html(twenty.dump(), csv20);
  CHECK(firm.find("the band holds 90% of runs (5th to 95th percentile)") != std::string::npos);
  // A row of no KPI, of a unit not its KPI's, or repeating a point's service and KPI is
  // refused: drawn, it was a line of its own or a second value at the same point.
  CHECK_THROWS_WITH(
      results::build_sweep_report_html(manifest, csv + "kent-baseline,2,\"[3,6]\",0.1,homecare,"
                                                       "referrals_totl,people,9,0,0,9,9,9,2\n"),
      Catch::Contains("sweep.csv:124: column 'kpi': 'referrals_totl' is no KPI of homecare "
                      "(docs/metrics.md lists each service's; 1 of the file's 123 rows)"));
  CHECK_THROWS_WITH(
      results::build_sweep_report_html(manifest,
                                       csv + "kent-baseline,2,\"[3,6]\",0.1,homecare,"
                                             "referrals_total,share,0.9,0,0,0.9,0.9,0.9,2\n"),
      Catch::Contains("sweep.csv:124: column 'unit': 'share', but referrals_total of homecare is "
                      "in people (docs/metrics.md; 1 of the file's 123 rows)"));
  // A name that looks right but holds a zero-width space says so.
  CHECK_THROWS_WITH(
      results::build_sweep_report_html(manifest, csv + "kent-baseline,2,\"[3,6]\",0.1,homecare,"
                                                       "referrals_total\xE2\x80\x8B,people,9,0,0,"
                                                       "9,9,9,2\n"),
      Catch::Contains("is no KPI of homecare (it holds a zero-width space, U+200B)"));
  CHECK_THROWS_WITH(
      results::build_sweep_report_html(manifest, csv + "kent-baseline,1,\"[2,5]\",0.1,homecare,"
                                                       "referrals_total,people,8,0,0,8,8,8,2\n"),
      Catch::Contains("sweep.csv:124: point '1', service 'homecare', kpi 'referrals_total' "
                      "repeat line 3 (a page keeps one row of each; 1 of the file's 123 rows)"));
  // Every point gives every KPI of both services, and every point the manifest lists has rows:
  // a row or a point deleted had been left out of its line unsaid.
  std::string deleted = csv;
  const auto at = deleted.find("homecare,referrals_total,");
  const auto from = deleted.rfind('\n', at) + 1;
  deleted.erase(from, deleted.find('\n', at) + 1 - from);
  CHECK_THROWS_WITH(results::build_sweep_report_html(manifest, deleted),
                    Catch::Contains("sweep.csv: no row of homecare referrals_total for point '1': "
                                    "a sweep writes every KPI of both services at every point "
                                    "(docs/metrics.md)"));
  auto listed = nlohmann::json::parse(manifest);
  listed["points"] = {{{"point", 1}}, {{"point", 2}}, {{"point", 3}}};
  CHECK_THROWS_WITH(results::build_sweep_report_html(listed.dump(), csv),
                    Catch::Contains("sweep.csv: no row of point 3, which manifest.json's "
                                    "\"points\" lists: the file and the manifest are of different "
                                    "sweeps"));
}

TEST_CASE("the sensitivity report: tornadoes, and the Morris scatter when screened", "[report]") {
  const std::string manifest =
      R"({"command": "sensitivity", "scenario": "kent-baseline", "seed": 1,
          "relative_swing": 0.25, "parameters": 19, "evaluations": 5})";
  // 17 parameters that move people waiting, two that do not, and every other headline figure
  // unmoved (every_headline_kpi): 19 x 10 rows, as a sensitivity writes them.
  std::string csv =
      "scenario,service,kpi,unit,rank,parameter,base_value,low_value,high_value,base_mean,low_"
      "mean,high_mean,swing,abs_swing\n";
  for (int rank = 1; rank <= 17; ++rank) {
    csv += "kent-baseline,homecare,people_waiting_mean,people," + std::to_string(rank) + ",p" +
           std::to_string(rank) + ",1,0.75,1.25,10,9,11,2,2\n";
  }
  csv +=
      "kent-baseline,homecare,people_waiting_mean,people,18,costs.homecare.contract_rate_gbp_per_"
      "hour,1,0.75,1.25,10,10,10,0,0\n"
      "kent-baseline,homecare,people_waiting_mean,people,19,costs.homecare.spot_premium,1,0.75,"
      "1.25,10,10,10,0,0\n";
  csv = every_headline_kpi(csv);
  std::string morris =
      "scenario,service,kpi,unit,parameter,mu_star,mu,sigma,effects\n"
      "kent-baseline,homecare,people_waiting_mean,people,costs.homecare.contract_rate_gbp_per_"
      "hour,2,1,0.5,4\n"
      "kent-baseline,homecare,people_waiting_mean,people,costs.homecare.spot_premium,0,0,0,4\n";
  for (int p = 1; p <= 17; ++p)
    morris +=
        "kent-baseline,homecare,people_waiting_mean,people,p" + std::to_string(p) + ",0,0,0,4\n";
  morris = every_headline_kpi(morris);
  const std::string with = results::build_sensitivity_report_html(manifest, csv, morris);
  const auto data = check_page(with, results::analysis_report_chart_names("sensitivity"));
  CHECK(data["tornado"].size() == 30);      // the top 15, low and high end each
  CHECK(data["morris"].size() == 190);      // 19 parameters x 10 headline figures
  CHECK(data["morris"][1]["label"] == "");  // no effect (mu* = 0): drawn, not named
  // Morris names parameters in words, as the tornado does; the key is in the tooltip.
  CHECK(data["morris"][0]["label"] == "Homecare: Contract rate, £ per hour");
  CHECK(data["morris"][0]["parameter_key"] == "costs.homecare.contract_rate_gbp_per_hour");
  // Each bar is a cell of the table under the chart, which names the parameter in words too.
  CHECK(data["tornado"][0]["key"] == "Homecare: People waiting (average over the horizon)|p1");
  CHECK(with.find("data-key=\"Homecare: People waiting (average over the horizon)|p1\"") !=
        std::string::npos);
  const std::string without = results::build_sensitivity_report_html(manifest, csv, "");
  CHECK(without.find("id=\"chart-sensitivity_tornado\"") != std::string::npos);
  CHECK(without.find("id=\"chart-sensitivity_morris\"") == std::string::npos);
  // A file from before sequential stopping has no half-widths: the column shows a dash.
  CHECK(without.find("<td class=\"num\">–</td>") !=
        std::string::npos);  // Rows of no KPI, of a unit not its KPI's, or repeating a parameter's
                             // service and KPI are
  // refused, in sensitivity.csv and morris.csv alike.
  CHECK_THROWS_WITH(
      results::build_sensitivity_report_html(
          manifest,
          csv + "kent-baseline,homecare,people_waiting_mean,people,1,p1,1,0.75,1.25,10,9,"
                "11,2,2\n",
          ""),
      Catch::Contains("sensitivity.csv:192: parameter 'p1', service 'homecare', kpi "
                      "'people_waiting_mean' repeat line 2 (a page keeps one row of each; 1 of "
                      "the file's 191 rows)"));
  CHECK_THROWS_WITH(
      results::build_sensitivity_report_html(
          manifest,
          csv + "kent-baseline,supported_living,homecare_hours_waiting_mean,"
                "hours_per_week,1,p1,1,0.75,1.25,10,9,11,2,2\n",
          ""),
      Catch::Contains("sensitivity.csv:192: column 'kpi': 'homecare_hours_waiting_mean' is no "
                      "KPI of supported_living (homecare has it; docs/metrics.md lists each "
                      "service's; 1 of the file's 191 rows)"));
  CHECK_THROWS_WITH(
      results::build_sensitivity_report_html(
          manifest, csv,
          morris + "kent-baseline,homecare,people_waiting_mean,days,costs.homecare.spot_premium,"
                   "0,0,0,4\n"),
      Catch::Contains("morris.csv:192: column 'unit': 'days', but people_waiting_mean of "
                      "homecare is in people (docs/metrics.md; 1 of the file's 191 rows)"));
  CHECK_THROWS_WITH(
      results::build_sensitivity_report_html(
          manifest, csv,
          morris + "kent-baseline,homecare,people_waiting_mean,people,costs.homecare.spot_premium,"
                   "0,0,0,4\n"),
      Catch::Contains("morris.csv:192: parameter 'costs.homecare.spot_premium', service "
                      "'homecare', kpi 'people_waiting_mean' repeat line 3 (a page keeps one row "
                      "of each; 1 of the file's 191 rows)"));
  // Every parameter has a row of each headline figure, in both files, and the manifest counts
  // the parameters: a row deleted, or a name padded with a space (a second parameter, drawn as a
  // second bar), had been drawn without a word.
  auto faults_of = [](const std::string& manifest_json, const std::string& sensitivity,
                      const std::string& screening) {
    try {
      (void)results::build_sensitivity_report_html(manifest_json, sensitivity, screening);
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string("no fault");
  };
  auto faults = [&](const std::string& sensitivity, const std::string& screening) {
    return faults_of(manifest, sensitivity, screening);
  };
  // Without a folder, the first fault found is said: one case at a time. Line 6 is p5's row of
  // people waiting.
  auto drop_row = [](std::string text, const std::string& cells) {
    const auto at = text.find(cells);
    const auto from = text.rfind('\n', at) + 1;
    text.erase(from, text.find('\n', at) + 1 - from);
    return text;
  };
  CHECK_THAT(faults(drop_row(csv, "people,5,p5,"), morris),
             Catch::Contains("sensitivity.csv: no row of homecare people_waiting_mean for "
                             "parameter 'p5': a sensitivity writes a row of each headline figure "
                             "for every parameter it varied (docs/user-guide.md, section 5)"));
  // p4 to p8 without their first rows: their next rows follow every other parameter's first, so
  // they come last, and three of the five are named.
  std::string five = csv;
  for (int p = 4; p <= 8; ++p)
    five = drop_row(five, "people," + std::to_string(p) + ",p" + std::to_string(p) + ",");
  CHECK_THAT(faults(five, morris),
             Catch::Contains("sensitivity.csv: no row of homecare people_waiting_mean for "
                             "parameter 'p4'; of homecare people_waiting_mean for parameter 'p5'; "
                             "of homecare people_waiting_mean for parameter 'p6'; and 2 more "
                             "parameters lack rows: a sensitivity writes"));
  std::string padded = csv;
  padded.replace(padded.find(",3,p3,"), 6, ",3, p3,");
  CHECK_THAT(faults(padded, morris), Catch::Contains("sensitivity.csv:4: column 'parameter': ' "
                                                     "p3' holds a space (no scenario key holds "
                                                     "one; 1 of the file's 190 rows)"));
  padded.replace(padded.find(",3, p3,"), 7, ",3,p3\xC2\xA0,");
  CHECK_THAT(faults(padded, morris),
             Catch::Contains("holds a space (it holds a no-break space, U+00A0) (no scenario key "
                             "holds one; 1 of the file's 190 rows)"));
  // Otherwise no key: parts of ASCII letters, digits, '_' and '-' joined by single dots.
  for (const std::string& name : {std::string("demand..homecare"),
                                  std::string("p\xEF\xBC\xBF"
                                              "3"),
                                  std::string("p3\x1b[31m")}) {
    std::string odd = csv;
    odd.replace(odd.find(",3,p3,"), 6, ",3," + name + ",");
    CHECK_THAT(
        faults(odd, morris),
        Catch::Contains("sensitivity.csv:4: column 'parameter': '" + geography::printable(name) +
                        "' is no scenario key (a key's parts are ASCII letters, digits, '_' "
                        "and '-', joined by single dots; 1 of the file's 190 rows)"));
  }
  auto counted = nlohmann::json::parse(manifest);
  counted["parameters"] = 18;
  CHECK_THAT(faults_of(counted.dump(), csv, morris),
             Catch::Contains("sensitivity.csv: 19 parameters, but manifest.json's \"parameters\" "
                             "is 18: the file and the manifest are of different runs"));
  std::string unscreened = morris;
  for (int i = 0; i < 10; ++i) unscreened = drop_row(unscreened, ",p17,");
  CHECK_THAT(faults(csv, unscreened),
             Catch::Contains("morris.csv: no row of parameter 'p17', which sensitivity.csv "
                             "varies: the two files are of different runs"));
  for (int i = 0; i < 10; ++i) unscreened = drop_row(unscreened, ",p16,");
  CHECK_THAT(faults(csv, unscreened),
             Catch::Contains("morris.csv: no row of parameters 'p16' and 'p17', which "
                             "sensitivity.csv varies"));
  CHECK_THAT(faults(csv + "kent-baseline,homecare,referrals_total,people,1,p1,1,0.75,1.25,10,9,11,"
                          "2,2\n",
                    morris),
             Catch::Contains("sensitivity.csv:192: column 'kpi': 'referrals_total' of homecare is "
                             "not a headline figure a sensitivity ranks (docs/user-guide.md, "
                             "section 5; 1 of the file's 191 rows)"));
  CHECK_THAT(
      faults(csv, every_headline_kpi(morris +
                                     "kent-baseline,homecare,people_waiting_mean,people,p99,0,0,0,"
                                     "4\n")),
      Catch::Contains("morris.csv: parameter 'p99', which sensitivity.csv does not vary: the two "
                      "files are of different runs"));
  CHECK(faults(csv, morris) == "no fault");
}

TEST_CASE("an analysis report names the --set overrides its evaluations ran under", "[report]") {
  const std::string manifest =
      R"({"command": "sensitivity", "scenario": "kent-baseline", "seed": 1,
          "relative_swing": 0.25, "parameters": 1, "evaluations": 3,
          "replications_per_evaluation": 2,
          "overrides": ["run.horizon_months=24", "framework.reopen_after_years=[1]"]})";
  const std::string csv =
      "scenario,service,kpi,unit,rank,parameter,base_value,low_value,high_value,base_mean,low_"
      "mean,high_mean,swing,abs_swing\n"
      "kent-baseline,homecare,people_waiting_mean,people,1,p1,1,0.75,1.25,10,9,11,2,2\n";
  const std::string html =
      results::build_sensitivity_report_html(manifest, every_headline_kpi(csv), "");
  CHECK(html.find("; with --set run.horizon_months=24, --set framework.reopen_after_years=[1]; "
                  "seed 1") != std::string::npos);
  // Without overrides the line reads as before.
  const std::string plain = results::build_sensitivity_report_html(
      R"({"command": "sensitivity", "scenario": "kent-baseline", "seed": 1, "overrides": []})",
      every_headline_kpi(csv), "");
  CHECK(plain.find("with --set") == std::string::npos);
}

TEST_CASE("the sensitivity report says how well each swing is known", "[report]") {
  const std::string manifest =
      R"({"command": "sensitivity", "scenario": "kent-baseline", "seed": 1,
          "relative_swing": 0.25, "parameters": 4, "evaluations": 5,
          "replications_per_evaluation": 20, "settle": 0.1, "replications_run": 50,
          "replications_without_stopping": 100})";
  const std::string rows =
      "scenario,service,kpi,unit,rank,parameter,base_value,low_value,high_value,base_mean,low_"
      "mean,high_mean,swing,abs_swing,replications,swing_ci95_half_width\n"
      "kent-baseline,homecare,off_contract_placement_share,share,1,p1,1,0.75,1.25,0.3,0.2,0.4,0.2,"
      "0.2,20,0.0134\n"
      "kent-baseline,homecare,off_contract_placement_share,share,2,p2,1,0.75,1.25,0.3,0.3,0.31,"
      "0.01,0.01,5,0.001\n"
      "kent-baseline,homecare,off_contract_placement_share,share,3,p3,1,0.75,1.25,0.3,0.3,0.309,"
      "0.009,0.009,10,0.0002\n"
      "kent-baseline,homecare,off_contract_placement_share,share,4,p4,1,0.75,1.25,0.3,0.3,0.308,"
      "0.008,0.008,1,\n";
  const std::string csv = every_headline_kpi(rows);
  const std::string html = results::build_sensitivity_report_html(manifest, csv, "");
  // Shares are drawn in per cent, and their half-widths in percentage points: 0.0134 is 1.34
  // points, shown to one decimal.
  CHECK(html.find("± 1.3 percentage points (20 runs)") != std::string::npos);
  CHECK(html.find("± 0.1 percentage points (5 runs)") != std::string::npos);
  // Too small for one decimal: said so, not shown as 0; a single run has no half-width.
  CHECK(html.find("± &lt; 0.1 percentage points (10 runs)") != std::string::npos);
  CHECK(html.find("not known (1 run)") != std::string::npos);
  CHECK(html.find("20 runs of the scenario and up to 20 of each parameter&#39;s two ends") !=
        std::string::npos);
  CHECK(html.find("within 10% of that figure&#39;s longest swing less its half-width, the rest "
                  "ran all 20. Of the 100 runs a full analysis makes, 50 were run and 50 were "
                  "not needed once their parameters stopped") != std::string::npos);
  CHECK(html.find("the scenario&#39;s own runs") == std::string::npos);
  // Ends that build the scenario's own model took its runs: said, with how many. Without
  // sequential stopping (settle 0) the page does not speak of parameters stopping.
  auto reused = nlohmann::json::parse(manifest);
  reused["replications_reused"] = 20;
  reused["settle"] = 0;
  reused["replications_run"] = 80;
  // With settle 0 no end stops early: every row ran all 20.
  std::string full = rows;
  for (const char* runs : {",5,0.001", ",10,0.0002", ",1,\n"}) {
    const std::string from(runs);
    const auto at = full.find(from);
    full.replace(at, from.find(',', 1), ",20");
  }
  full = every_headline_kpi(full);
  const std::string with_reuse = results::build_sensitivity_report_html(reused.dump(), full, "");
  CHECK(with_reuse.find("Of the 100 runs a full analysis makes, 80 were run and 20 were the "
                        "scenario&#39;s own runs, taken for the ends of parameters that build the "
                        "same model") != std::string::npos);
  CHECK(with_reuse.find("A parameter stopped") == std::string::npos);
  CHECK(with_reuse.find("not needed once") == std::string::npos);
  // Both: 50 run, 20 taken, so 30 not needed once their parameters stopped.
  auto both = nlohmann::json::parse(manifest);
  both["replications_reused"] = 20;
  const std::string with_both = results::build_sensitivity_report_html(both.dump(), csv, "");
  CHECK(with_both.find("Of the 100 runs a full analysis makes, 50 were run, 20 were the "
                       "scenario&#39;s own runs") != std::string::npos);
  CHECK(with_both.find("and 30 were not needed once their parameters stopped") !=
        std::string::npos);
  // Reuse alone, with stopping on but nothing stopped: no sentence about parameters stopping.
  auto none_stopped = nlohmann::json::parse(manifest);
  none_stopped["replications_reused"] = 50;
  const std::string reuse_only =
      results::build_sensitivity_report_html(none_stopped.dump(), csv, "");
  CHECK(reuse_only.find("A parameter stopped") == std::string::npos);
  CHECK(reuse_only.find("not needed once") == std::string::npos);
  CHECK(reuse_only.find("50 were run and 50 were the scenario&#39;s own runs") !=
        std::string::npos);
}

TEST_CASE("the advise report: allocation, options and the in-house question", "[report]") {
  const std::string manifest =
      R"({"command": "advise", "scenario": "kent-baseline", "target":
          "off_contract_placement_share<=0.2", "confidence": 0.9, "target_met": true,
          "stopped_because": "the target is met"})";
  const std::string allocation =
      "step,service,district_code,district_name,window,window_date,capacity_added,unit,kpi,"
      "quantile,kpi_at_quantile_after,share_meeting_target_after\n"
      "1,homecare,E1,Ashford,start,2026-04-01,250,hours_per_week,off_contract_placement_share,0.9,"
      "0.25,0.5\n"
      "2,homecare,E1,Ashford,start,2026-04-01,250,hours_per_week,off_contract_placement_share,0.9,"
      "0.22,0.7\n"
      "3,homecare,E2,Dover,reopening 1,2028-04-01,250,hours_per_week,off_contract_placement_"
      "share,0.9,0.19,0.92\n";
  const std::string options =
      "option,kpi_at_quantile,share_meeting_target,spend_total_gbp,spend_off_contract_gbp,off_"
      "contract_premium_gbp\n"
      "do_nothing,0.3,0.1,100000000,20000000,4000000\n"
      "contracted_block_purchase,0.19,0.92,104000000,15000000,3000000\n"
      "in_house,0.19,0.93,101000000,15000000,3000000\n";
  const std::string html = results::build_advise_report_html(manifest, allocation, options);
  const auto data = check_page(html, results::analysis_report_chart_names("advise"));
  REQUIRE(data["allocation"].size() == 2);  // Ashford at the start summed
  CHECK(data["allocation"][0]["capacity"] == 500);
  CHECK(html.find("Both ways of adding the capacity meet the target. an in-house service is "
                  "cheaper") == std::string::npos);
  CHECK(html.find("An in-house service is cheaper") != std::string::npos);
  CHECK(html.find("Reprocure: buy the capacity as contracted hours") != std::string::npos);
  // Spend is of both services, the off-contract spend and premium of the target's.
  CHECK(html.find("Total spend, both services") != std::string::npos);
  CHECK(html.find("Off-contract spend, target's service") != std::string::npos);
  // A supported-living target buys homes, not hours.
  auto homes = nlohmann::json::parse(manifest);
  homes["target"] = "supported_living.off_contract_placement_share<=0.2";
  std::string homes_allocation = allocation;
  for (auto at = homes_allocation.find(",homecare,"); at != std::string::npos;
       at = homes_allocation.find(",homecare,", at))
    homes_allocation.replace(at, 10, ",supported_living,");
  for (auto at = homes_allocation.find("hours_per_week"); at != std::string::npos;
       at = homes_allocation.find("hours_per_week", at))
    homes_allocation.replace(at, 14, "homes");
  const std::string sl = results::build_advise_report_html(homes.dump(), homes_allocation, options);
  CHECK(sl.find("Reprocure: buy the capacity as contracted homes") != std::string::npos);
  CHECK(sl.find("contracted hours") == std::string::npos);
  // No replications in the manifest: no claim about them either way.
  CHECK(html.find("means in every run made") == std::string::npos);
  // 9 runs at a confidence of 0.9: 9 x 0.1 < 1, so "in 90% of runs" is "in all 9"; 10 suffice.
  auto few = nlohmann::json::parse(manifest);
  few["replications_per_evaluation"] = 9;
  const std::string nine = results::build_advise_report_html(few.dump(), allocation, options);
  CHECK(nine.find("With 9 runs per evaluation, \"in 90% of runs\" means in every run made") !=
        std::string::npos);
  CHECK(nine.find("<code>--replications 10</code>") != std::string::npos);
  few["replications_per_evaluation"] = 10;
  CHECK(results::build_advise_report_html(few.dump(), allocation, options)
            .find("means in every run made") == std::string::npos);
}

TEST_CASE("the advise report when nothing was bought", "[report]") {
  const std::string allocation =
      "step,service,district_code,district_name,window,window_date,capacity_added,unit,kpi,"
      "quantile,kpi_at_quantile_after,share_meeting_target_after\n";
  const std::string options =
      "option,kpi_at_quantile,share_meeting_target,spend_total_gbp,spend_off_contract_gbp,off_"
      "contract_premium_gbp\n"
      "do_nothing,0.3,0.95,100000000,20000000,4000000\n";
  // Met at the start: doing nothing is the answer, with its figure and spend.
  const std::string met =
      R"({"command": "advise", "scenario": "kent-baseline", "target":
          "off_contract_placement_share<=0.5", "confidence": 0.9, "target_met": true,
          "replications_per_evaluation": 1, "evaluations": 1,
          "stopped_because": "the target is met"})";
  const std::string html = results::build_advise_report_html(met, allocation, options);
  // No allocation, so no chart: the page's data and specs are still objects.
  check_page(html, {});
  CHECK(html.find("data-chart=\"advise_allocation\"") == std::string::npos);
  CHECK(html.find("Nothing needs to be bought: without new capacity") != std::string::npos);
  CHECK(html.find("compared no options") == std::string::npos);
  CHECK(html.find("No extra capacity was added.") != std::string::npos);
  CHECK(html.find("1 run per evaluation, 1 evaluation") != std::string::npos);
  // Not met, and no candidate helped: said so, with the share of runs that meet it.
  const std::string unmet =
      R"({"command": "advise", "scenario": "kent-baseline", "target":
          "off_contract_placement_share<=0.01", "confidence": 0.9, "target_met": false,
          "stopped_because": "no candidate step improves the KPI"})";
  const std::string html2 = results::build_advise_report_html(
      unmet, allocation,
      "option,kpi_at_quantile,share_meeting_target,spend_total_gbp,spend_off_contract_gbp,off_"
      "contract_premium_gbp\ndo_nothing,0.3,0.25,100000000,20000000,4000000\n");
  CHECK(html2.find("Nothing was bought: no candidate step improves the KPI.") != std::string::npos);
  CHECK(html2.find("the target is met in only 25% of runs") != std::string::npos);
}
