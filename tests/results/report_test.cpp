// The gap-analysis report: built from a results folder's files, self-contained, well formed.

#include "results/report.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "results/ensemble_summary.hpp"
#include "results/writers.hpp"
#include "tests/results/analysis_report_fixtures.hpp"
#include "tests/results/fixture.hpp"
#include "tests/results/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace caremarket;
using results::testing::fixture_params;
using results::testing::fixture_periods;
using results::testing::fixture_result;
using results::testing::read_file;
using results::testing::report_script;
using results::testing::TempDir;

namespace {

struct Folder {
  TempDir tmp;
  sim::ModelParams params = fixture_params();
  results::EnsembleSummary summary{params, fixture_periods};
  fs::path path = tmp.path() / "run";

  explicit Folder(bool report = true, std::int64_t runs = 3) {
    params.run.replications = runs;
    for (std::int64_t r = 0; r < runs; ++r) summary.add(fixture_result(r));
    params.framework.reopenings_days = {30.0, 61.5};
    results::RunRecord run;
    run.tool_version = "0.1.0";
    run.scenario_name = "test <b>&</b>";
    run.start_time = std::chrono::system_clock::time_point(std::chrono::seconds(1806570000));
    run.end_time = run.start_time;
    results::ResultsContents contents{params, summary, {"E10000016", "Kent"}, run, {}};
    contents.districts = {{"E07000105", "Ashford", 12, -1}, {"E07000106", "Canterbury", 15, 0}};
    contents.report = report;
    results::write_results_folder(path, contents, false);
  }
};

}  // namespace

TEST_CASE("the manifest lists districts with hex positions and the reopening dates", "[report]") {
  const Folder f;
  const auto manifest = nlohmann::json::parse(read_file(f.path / "manifest.json"));
  REQUIRE(manifest["districts"].size() == 2);
  CHECK(manifest["districts"][0]["code"] == "E07000105");
  CHECK(manifest["districts"][0]["hex_col"] == 12);
  CHECK(manifest["districts"][0]["hex_row"] == -1);
  CHECK(manifest["districts"][1]["name"] == "Canterbury, \"City\"");
  CHECK(manifest["reopenings"] == nlohmann::json::array({"2027-05-01", "2027-06-01"}));
  CHECK(manifest["files"].back() == "report.html");
}

TEST_CASE("run's report.html is the report rebuilt from the finished folder", "[report]") {
  const Folder f;
  REQUIRE(fs::exists(f.path / "report.html"));
  CHECK(read_file(f.path / "report.html") == results::build_report_html(f.path));
}

TEST_CASE("the report is self-contained: libraries, charts and data inlined", "[report]") {
  const Folder f;
  const std::string html = read_file(f.path / "report.html");
  for (const auto& name : results::report_chart_names()) {
    INFO(name);
    CHECK(html.find("id=\"chart-" + name + "\"") != std::string::npos);
  }
  // The three libraries, inlined: their globals are defined in the page.
  CHECK(html.find(").vega={})") != std::string::npos);
  CHECK(html.find(".vegaLite={}") != std::string::npos);
  CHECK(html.find(".vegaEmbed=") != std::string::npos);
  CHECK(html.size() > 700000);
  // Nothing is loaded from elsewhere.
  for (const char* bad : {"<script src", "<link", "src=\"http", "href=\"http", "@import"}) {
    INFO(bad);
    CHECK(html.find(bad) == std::string::npos);
  }
  // Names are escaped in the text, and the JSON blocks are valid and cannot end their element.
  CHECK(html.find("test &lt;b&gt;&amp;&lt;/b&gt;") != std::string::npos);
  CHECK(html.find("test <b>") == std::string::npos);
  for (const char* id : {"caremarket-data", "caremarket-specs"}) {
    const std::string block = report_script(html, id);
    CHECK(block.find("</") == std::string::npos);
    CHECK(block.find("<!--") == std::string::npos);
    const auto j = nlohmann::json::parse(block);
    CHECK(j.is_object());
  }
  const auto data = nlohmann::json::parse(report_script(html, "caremarket-data"));
  for (const char* set : {"kpis", "gap_years", "map", "county", "district", "reopenings"}) {
    INFO(set);
    REQUIRE(data.contains(set));
    CHECK(!data[set].empty());
  }
  const auto specs = nlohmann::json::parse(report_script(html, "caremarket-specs"));
  for (const auto& name : results::report_chart_names()) {
    INFO(name);
    CHECK(specs.contains(name));
  }
  CHECK(data["reopenings"][0]["date"] == "2027-05-01");
  // Kent's districts are drawn on their real boundaries, with the boundaries' attribution.
  REQUIRE(data.contains("boundaries"));
  CHECK(data["boundaries"]["objects"]["districts"]["geometries"].size() == 13);
  const auto& panel = specs["district_map"]["concat"][0];
  CHECK(panel["layer"][0]["mark"]["type"] == "geoshape");
  CHECK(html.find("Contains Ordnance Survey data") != std::string::npos);
  // The gap diverges about zero with a symmetric domain; the off-contract share starts at zero.
  const auto gap = panel["layer"][0]["encoding"]["color"]["scale"]["domain"];
  REQUIRE(gap.size() == 3);
  CHECK(gap[0].get<double>() == -gap[2].get<double>());
  const auto& share = specs["district_map"]["concat"].back();
  CHECK(share["layer"][0]["encoding"]["color"]["scale"]["domain"][0] == 0);
}

TEST_CASE("the report claims no more than its number of runs supports", "[report]") {
  // The 5th and 95th percentiles have a run beyond them from 20 runs (20 x 0.05 = 1): below
  // that, no "9 runs out of 10", "1 run in 20" or "90% of runs"; one run has no range at all.
  // The fixture's first provider exits in runs 0 and 2 of every 3.
  const std::string three = read_file(Folder(true, 3).path / "report.html");
  CHECK(three.find("in more than 9 runs out of 10") == std::string::npos);
  CHECK(three.find("1 run in 20\" on") == std::string::npos);
  CHECK(three.find("90% of runs between") == std::string::npos);
  CHECK(three.find("5th to 95th percentile (rough)") != std::string::npos);
  CHECK(three.find("3 runs are too few to say what happens in 9 runs out of 10") !=
        std::string::npos);
  CHECK(three.find(">2 of 3 runs<") != std::string::npos);

  // The charts' descriptions and tooltips say the same (the specs block).
  const std::string three_specs = report_script(three, "caremarket-specs");
  CHECK(three_specs.find("90%") == std::string::npos);
  CHECK(three_specs.find("95th percentile (rough: 3 runs, fewer than 20)") != std::string::npos);
  CHECK(three_specs.find("95th percentile (£ millions) (rough: 3 runs") != std::string::npos);

  const Folder single(true, 1);
  const std::string one = read_file(single.path / "report.html");
  // One run: no percentile tooltips at all (they would repeat the value).
  const std::string one_specs = report_script(one, "caremarket-specs");
  CHECK(one_specs.find("percentile\",\"format\"") == std::string::npos);
  CHECK(one_specs.find("percentile (rough") == std::string::npos);
  CHECK(one_specs.find("percentile (£ millions)") == std::string::npos);  // spend by year
  CHECK(one_specs.find("One run: no range.") != std::string::npos);
  // A folder whose manifest does not give the replications: kpis.csv does.
  auto manifest = nlohmann::json::parse(read_file(single.path / "manifest.json"));
  manifest.erase("replications");
  { std::ofstream(single.path / "manifest.json") << manifest.dump(2); }
  const std::string rebuilt = results::build_report_html(single.path);
  CHECK(rebuilt.find("one run: no range") != std::string::npos);
  CHECK(rebuilt.find("1 simulated run of") != std::string::npos);
  CHECK(one.find("one run: no range") != std::string::npos);
  CHECK(one.find("This report rests on one run") != std::string::npos);
  CHECK(one.find("in most runs") == std::string::npos);
  CHECK(one.find("on average") == std::string::npos);
  CHECK(one.find(">1 of 1 run<") != std::string::npos);

  const std::string twenty = read_file(Folder(true, 20).path / "report.html");
  CHECK(twenty.find("90% of runs between") != std::string::npos);
  CHECK(twenty.find("\"in more than 9 runs out of 10\" on the 5th percentile") !=
        std::string::npos);
  CHECK(twenty.find("rough") == std::string::npos);
  CHECK(report_script(twenty, "caremarket-specs").find("the range holding 90% of runs") !=
        std::string::npos);
  // The first provider exits in every run but run 1: 19 of 20, 95%.
  CHECK(twenty.find(">95%<") != std::string::npos);
}

TEST_CASE("a run that ends inside its last year labels that year's gap with its end", "[report]") {
  // The fixture runs three months from 2027-04-01: its only year's value is on 2027-06-30.
  const std::string html = read_file(Folder().path / "report.html");
  CHECK(html.find("2027 (to 30 June)") != std::string::npos);
  CHECK(html.find("gap, 2027-06-30 (% of demand)") != std::string::npos);
  CHECK(html.find("end of 2027") == std::string::npos);
}

TEST_CASE("the report refuses a folder that is not a results folder", "[report]") {
  const TempDir tmp;
  CHECK_THROWS_AS(results::build_report_html(tmp.path()), results::ReportInputError);
  CHECK_THROWS_AS(results::build_report_html(tmp.path() / "missing"), results::ReportInputError);
  std::ofstream(tmp.path() / "manifest.json") << "{not json";
  CHECK_THROWS_AS(results::build_report_html(tmp.path()), results::ReportInputError);
}

TEST_CASE("without a report asked for, the folder has none", "[report]") {
  const Folder f(false);
  CHECK(!fs::exists(f.path / "report.html"));
}
