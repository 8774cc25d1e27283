// The what-if reports (compare, sweep, sensitivity, advise): self-contained pages with every
// chart's container, the inlined libraries, valid JSON data, and no resource loaded from
// elsewhere; `caremarket report DIR` dispatches on the manifest's command.

#include "results/analysis_report.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "results/report.hpp"
#include "tests/results/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace caremarket;
using results::testing::TempDir;

namespace {

std::string report_script(const std::string& html, const std::string& id) {
  const std::string open = "<script type=\"application/json\" id=\"" + id + "\">";
  const auto start = html.find(open);
  REQUIRE(start != std::string::npos);
  const auto body = start + open.size();
  const auto end = html.find("</script>", body);
  REQUIRE(end != std::string::npos);
  return html.substr(body, end - body);
}

// Checks what every report must be; returns the inlined data.
nlohmann::json check_page(const std::string& html, const std::vector<std::string>& charts) {
  for (const auto& name : charts) {
    INFO(name);
    CHECK(html.find("id=\"chart-" + name + "\" data-chart=\"" + name + "\"") != std::string::npos);
  }
  CHECK(html.find(").vega={})") != std::string::npos);
  CHECK(html.find(".vegaLite={}") != std::string::npos);
  CHECK(html.find(".vegaEmbed=") != std::string::npos);
  CHECK(html.find("renderer: 'svg'") != std::string::npos);
  CHECK(html.find("actions: {export: true") != std::string::npos);
  for (const char* bad : {"<script src", "<link", "src=\"http", "href=\"http", "@import"}) {
    INFO(bad);
    CHECK(html.find(bad) == std::string::npos);
  }
  for (const char* id : {"caremarket-data", "caremarket-specs"}) {
    const std::string block = report_script(html, id);
    CHECK(block.find("</") == std::string::npos);
    CHECK(nlohmann::json::parse(block).is_object());
  }
  const auto specs = nlohmann::json::parse(report_script(html, "caremarket-specs"));
  for (const auto& name : charts) {
    INFO(name);
    CHECK(specs.contains(name));
  }
  return nlohmann::json::parse(report_script(html, "caremarket-data"));
}

const std::string compare_manifest = R"({"tool": "caremarket", "command": "compare",
  "base": "kent-baseline", "seed": 1, "replications": 4,
  "scenarios": [{"name": "kent-baseline"}, {"name": "provider-failure"}],
  "districts": [{"code": "E1", "name": "Ashford", "hex_col": 1, "hex_row": 0},
                {"code": "E2", "name": "Dover <&>", "hex_col": 2, "hex_row": -1}]})";

const std::string comparison_csv =
    "base,alternative,service,kpi,unit,area_code,area_name,direction,base_mean,alternative_mean,"
    "mean_difference,sd_difference,ci95_low,ci95_high,probability_alternative_better,"
    "replications\n"
    "kent-baseline,provider-failure,homecare,off_contract_share_final,share,K,Kent,"
    "lower_is_better,0.1,0.15,0.05,0.01,0.04,0.06,0,4\n"
    "kent-baseline,provider-failure,homecare,referrals_total,people,K,Kent,neutral,100,100,0,0,0,"
    "0,,4\n"
    "kent-baseline,provider-failure,supported_living,spend_off_contract_gbp_total,gbp,K,Kent,"
    "lower_is_better,2000000,1900000,-100000,1000,-120000,-80000,1,4\n"
    "kent-baseline,provider-failure,homecare,off_contract_placement_share,share,E1,Ashford,"
    "lower_is_better,0.1,0.2,0.1,0.01,0.05,0.15,0,4\n"
    "kent-baseline,provider-failure,homecare,off_contract_placement_share,share,E2,\"Dover <&>\","
    "lower_is_better,0.1,0.1,0,0,0,0,0.5,4\n"
    "kent-baseline,provider-failure,homecare,people_waiting_mean,people,E1,Ashford,"
    "lower_is_better,3,5,2,1,1,3,0,4\n";

// One year of spend: provider-failure spends £1.5m more in total (95% interval £0.5m to
// £2.5m), £2m more off contract (£1m to £3m), for both services together.
const std::string spend_comparison_csv =
    "base,alternative,year_start,year_end,service,category,base_mean,alternative_mean,"
    "mean_difference,sd_difference,ci95_low,ci95_high,replications\n"
    "kent-baseline,provider-failure,2027-04-01,2028-03-31,all,total,100000000,101500000,1500000,"
    "600000,500000,2500000,4\n"
    "kent-baseline,provider-failure,2027-04-01,2028-03-31,all,off_contract,10000000,12000000,"
    "2000000,600000,1000000,3000000,4\n";

}  // namespace

TEST_CASE("the compare report with one run: no interval, so no certain difference", "[report]") {
  // One paired run: comparison.csv leaves the spread and the interval empty (NaN).
  const std::string one_run =
      "base,alternative,service,kpi,unit,area_code,area_name,direction,base_mean,alternative_mean,"
      "mean_difference,sd_difference,ci95_low,ci95_high,probability_alternative_better,"
      "replications\n"
      "kent-baseline,provider-failure,homecare,off_contract_placement_share,share,K,Kent,"
      "lower_is_better,0.1,0.15,0.05,,,,0,1\n";
  const std::string html = results::build_compare_report_html(compare_manifest, one_run);
  CHECK(html.find("none (one run)") != std::string::npos);
  CHECK(html.find("0 county figures better, 0 worse and 1 with no clear difference") !=
        std::string::npos);
  CHECK(html.find("worsens") == std::string::npos);
  // The share of 0 from one paired run is whether it was better, not a chance of it.
  CHECK(html.find(">0.0%<") != std::string::npos);
  auto one = nlohmann::json::parse(compare_manifest);
  one["replications"] = 1;
  const std::string single = results::build_compare_report_html(one.dump(), one_run);
  CHECK(single.find("no (one run)") != std::string::npos);
  // Nor do its charts offer an empty interval on hover.
  CHECK(html.find("95% interval from") != std::string::npos);
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
  const auto data_two = nlohmann::json::parse(
      report_script(results::build_compare_report_html(compare_manifest, comparison_csv, two),
                    "caremarket-data"));
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
  const std::string csv =
      "scenario,point,framework.reopen_after_years,costs.homecare.spot_premium,service,kpi,unit,"
      "mean,sd,sem,p05,p50,p95,replications\n"
      "kent-baseline,1,\"[2,5]\",0.1,homecare,off_contract_placement_share,share,0.2,0,0,0.1,0.2,"
      "0.3,2\n"
      "kent-baseline,1,\"[2,5]\",0.1,homecare,referrals_total,people,9,0,0,9,9,9,2\n"
      "kent-baseline,2,\"[3,6]\",0.1,homecare,off_contract_placement_share,share,0.25,0,0,0.1,0.2,"
      "0.3,2\n";
  const std::string html = results::build_sweep_report_html(manifest, csv);
  const auto data = check_page(html, results::analysis_report_chart_names("sweep"));
  REQUIRE(data["sweep"].size() == 2);  // headline KPIs only
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
  const std::string firm = results::build_sweep_report_html(twenty.dump(), csv);
  CHECK(firm.find("the band holds 90% of runs (5th to 95th percentile)") != std::string::npos);
}

TEST_CASE("the sensitivity report: tornadoes, and the Morris scatter when screened", "[report]") {
  const std::string manifest =
      R"({"command": "sensitivity", "scenario": "kent-baseline", "seed": 1,
          "relative_swing": 0.25, "parameters": 2, "evaluations": 5})";
  std::string csv =
      "scenario,service,kpi,unit,rank,parameter,base_value,low_value,high_value,base_mean,low_"
      "mean,high_mean,swing,abs_swing\n";
  for (int rank = 1; rank <= 17; ++rank) {
    csv += "kent-baseline,homecare,people_waiting_mean,people," + std::to_string(rank) + ",p" +
           std::to_string(rank) + ",1,0.75,1.25,10,9,11,2,2\n";
  }
  const std::string morris =
      "scenario,service,kpi,unit,parameter,mu_star,mu,sigma,effects\n"
      "kent-baseline,homecare,people_waiting_mean,people,costs.homecare.contract_rate_gbp_per_"
      "hour,2,1,0.5,4\n"
      "kent-baseline,homecare,people_waiting_mean,people,costs.homecare.spot_premium,0,0,0,4\n";
  const std::string with = results::build_sensitivity_report_html(manifest, csv, morris);
  const auto data = check_page(with, results::analysis_report_chart_names("sensitivity"));
  CHECK(data["tornado"].size() == 30);  // the top 15, low and high end each
  CHECK(data["morris"].size() == 2);
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
  CHECK(without.find("<td class=\"num\">–</td>") != std::string::npos);
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
  const std::string html = results::build_sensitivity_report_html(manifest, csv, "");
  CHECK(html.find("; with --set run.horizon_months=24, --set framework.reopen_after_years=[1]; "
                  "seed 1") != std::string::npos);
  // Without overrides the line reads as before.
  const std::string plain = results::build_sensitivity_report_html(
      R"({"command": "sensitivity", "scenario": "kent-baseline", "seed": 1, "overrides": []})", csv,
      "");
  CHECK(plain.find("with --set") == std::string::npos);
}

TEST_CASE("the sensitivity report says how well each swing is known", "[report]") {
  const std::string manifest =
      R"({"command": "sensitivity", "scenario": "kent-baseline", "seed": 1,
          "relative_swing": 0.25, "parameters": 2, "evaluations": 5,
          "replications_per_evaluation": 20, "settle": 0.1, "replications_run": 50,
          "replications_without_stopping": 100})";
  const std::string csv =
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
  const std::string with_reuse = results::build_sensitivity_report_html(reused.dump(), csv, "");
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
    even += std::to_string(i) + ",1,0.5,0.1\n";
    uneven += std::to_string(i) + (i < 10 ? ",1" : ",0") + ",0.5,0.1\n";
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
        "parameters.csv:5: column 'weight': '-1' is not a weight (expected a finite number >= 0)");
    CHECK(e.problems()[1] ==
          "targets.csv:2: column 'inside_90': 'maybe' is neither true nor false");
  }
  CHECK(specs["calibration_targets"].dump().find("90%") == std::string::npos);
  // Weights 2, 2, 2, 1, 1: (sum w)^2 / sum w^2 = 64 / 14 = 4.571..., given to 3 figures.
  std::string five = "particle,weight,exits.stress_slope,distance\n";
  for (int i = 0; i < 5; ++i) five += std::to_string(i) + (i < 3 ? ",2" : ",1") + ",0.5,0.1\n";
  CHECK(results::build_calibration_report_html(manifest, five, posterior, targets)
            .find("an effective sample of 4.57 particles") != std::string::npos);
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
      share_header +
          "kent-baseline,homecare,off_contract_placement_share,share,1,p1,1,0.75,1.25,0.01,-0.002,"
          "0.03,0.032,0.032\n",
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
  for (const std::string rank : {"nan", "1.7", "0", "1e300"}) {
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
  // The replications behind a swing, and the ends' values, are shown as the file gives them:
  // a cell that is no number is said, not shown ("abc runs").
  const std::string precise_header =
      "scenario,service,kpi,unit,rank,parameter,base_value,low_value,high_value,base_mean,low_"
      "mean,high_mean,swing,abs_swing,replications,swing_ci95_half_width\n";
  for (const auto& [cells, message] :
       {std::pair{std::string(",p1,1,0.75,1.25,10,9,11,2,2,abc,0.5\n"),
                  std::string("sensitivity.csv:2: column 'replications': 'abc' is not a number")},
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
      "sensitivity.csv:3: column 'replications': 'abc' is not a number");
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
