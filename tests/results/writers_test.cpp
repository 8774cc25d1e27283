#include "results/writers.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "results/format.hpp"
#include "tests/results/fixture.hpp"
#include "tests/results/temp_dir.hpp"

using namespace caremarket;
using results::testing::fixture_params;
using results::testing::fixture_periods;
using results::testing::fixture_result;
using results::testing::read_file;
namespace fs = std::filesystem;

namespace {

using Row = std::vector<std::string>;

// RFC 4180 fields: quoted fields may hold commas, doubled quotes and line breaks.
std::vector<Row> parse_csv(const std::string& text) {
  std::vector<Row> rows;
  Row row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
    } else if (c == '\n') {
      row.push_back(field);
      field.clear();
      rows.push_back(row);
      row.clear();
    } else {
      field += c;
    }
  }
  REQUIRE(row.empty());  // every line ends with a newline
  return rows;
}

struct Fixture {
  sim::ModelParams params = fixture_params();
  results::EnsembleSummary summary{params, fixture_periods};
  results::CouncilArea council{"E10000016", "Kent"};
  Fixture() {
    for (std::int64_t r = 0; r < 3; ++r) summary.add(fixture_result(r));
  }
  [[nodiscard]] results::RunRecord run() const {
    results::RunRecord run;
    run.tool_version = "0.1.0";
    run.tool_commit = "abc123def456";
    run.scenario_name = "test, \"quoted\"";
    run.scenario_hash = "sha256:00ff";
    run.threads = 4;
    run.start_time = std::chrono::system_clock::time_point(std::chrono::seconds(1806570000));
    run.end_time = run.start_time + std::chrono::seconds(75);
    run.wall_seconds = 75.25;
    return run;
  }
};

std::size_t column(const Row& header, const std::string& name) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  FAIL("no column " << name);
  return 0;
}

}  // namespace

TEST_CASE("numbers and fields are formatted deterministically", "[writers]") {
  CHECK(results::format_number(0.1) == "0.1");
  CHECK(results::format_number(1234.0) == "1234");
  CHECK(results::format_number(-0.0) == "0");
  CHECK(results::format_number(std::nan("")).empty());
  CHECK(results::format_number(1e20) == "1e+20");
  CHECK(results::format_number(std::sqrt(7.0)) == "2.64575131106");
  CHECK(results::format_number(26199.899999999998) == "26199.9");
  CHECK(results::format_number(1189269631.3335702) == "1189269631.33");
  CHECK(results::format_number(0.00001234) == "1.234e-05");
  CHECK(results::csv_field("plain") == "plain");
  CHECK(results::csv_field("a,b") == "\"a,b\"");
  CHECK(results::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  // A word a POSIX shell reads back as the same text.
  CHECK(results::shell_quoted("out/england-run") == "out/england-run");
  CHECK(results::shell_quoted("my runs/x.toml") == "'my runs/x.toml'");
  CHECK(results::shell_quoted("it's") == "'it'\\''s'");
  CHECK(results::shell_quoted("$HOME;rm") == "'$HOME;rm'");
  CHECK(results::shell_quoted("") == "''");
  CHECK(results::iso8601_utc(std::chrono::system_clock::time_point(
            std::chrono::seconds(1806570000))) == "2027-04-01T09:00:00Z");
}

TEST_CASE("period dates run from the start, inclusive of each period's last day", "[writers]") {
  const auto dates = results::period_dates(fixture_params().run);
  REQUIRE(dates.size() == 3);
  CHECK(dates[0].start == "2027-04-01");
  CHECK(dates[0].end == "2027-04-30");
  CHECK(dates[1].start == "2027-05-01");
  CHECK(dates[1].end == "2027-05-31");
  CHECK(dates[2].start == "2027-06-01");
  CHECK(dates[2].end == "2027-06-30");
}

TEST_CASE("metrics files: headers, rows and a known mean and sd", "[writers]") {
  const Fixture f;
  std::ostringstream district;
  results::write_district_metrics_csv(district, f.params, f.summary, "baseline");
  const auto rows = parse_csv(district.str());
  REQUIRE(!rows.empty());
  CHECK(district.str().substr(0, district.str().find('\n')) == results::metrics_csv_header);
  // 31 output metrics for homecare, 30 for supported living (no homecare_hours_waiting).
  const std::size_t per_area = std::size_t{3} * (31 + 30);
  CHECK(rows.size() == 1 + 2 * per_area);

  const Row& h = rows[0];
  const auto metric = column(h, "metric");
  bool found = false;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const Row& r = rows[i];
    REQUIRE(r.size() == h.size());
    CHECK(r[metric] != "wait_days_total");
    if (r[column(h, "service")] == "supported_living") CHECK(r[metric] != "homecare_hours_waiting");
    if (r[column(h, "district_code")] == "E07000105" && r[column(h, "service")] == "homecare" &&
        r[column(h, "period_start")] == "2027-05-01" && r[metric] == "people_waiting") {
      found = true;
      CHECK(r[column(h, "scenario")] == "baseline");
      CHECK(r[column(h, "district_name")] == "Ashford");
      CHECK(r[column(h, "period_end")] == "2027-05-31");
      CHECK(r[column(h, "mean")] == "3");
      CHECK(r[column(h, "sd")] == "2.64575131106");  // sqrt(7)
      CHECK(std::stod(r[column(h, "sem")]) == Approx(std::sqrt(7.0 / 3.0)).epsilon(1e-11));
      CHECK(r[column(h, "p05")] == "1.1");  // type 7 of {1, 2, 6}
      CHECK(r[column(h, "p50")] == "2");
      CHECK(r[column(h, "p95")] == "5.6");
      CHECK(r[column(h, "replications")] == "3");
    }
  }
  CHECK(found);
  CHECK(district.str().find("\"Canterbury, \"\"City\"\"\"") != std::string::npos);
  CHECK(rows.back()[column(h, "district_name")] == "Canterbury, \"City\"");

  std::ostringstream county;
  results::write_county_metrics_csv(county, f.params, f.summary, "baseline", f.council);
  const auto crows = parse_csv(county.str());
  CHECK(crows.size() == 1 + per_area);
  CHECK(crows[0] == h);
  CHECK(crows[1][column(h, "district_code")] == "E10000016");
  CHECK(crows[1][column(h, "district_name")] == "Kent");
}

TEST_CASE("kpis.csv has one row per KPI of the table", "[writers]") {
  const Fixture f;
  std::ostringstream out;
  results::write_kpis_csv(out, f.summary, "baseline");
  const auto rows = parse_csv(out.str());
  CHECK(out.str().substr(0, out.str().find('\n')) == results::kpis_csv_header);
  REQUIRE(rows.size() == 1 + results::kpi_table().size());
  const Row& h = rows[0];
  for (std::size_t k = 0; k < results::kpi_table().size(); ++k) {
    const auto& def = results::kpi_table()[k];
    CHECK(rows[k + 1][column(h, "kpi")] == def.name);
    CHECK(rows[k + 1][column(h, "unit")] == def.unit);
    CHECK(rows[k + 1][column(h, "service")] == sim::to_string(def.service));
    CHECK(rows[k + 1][column(h, "replications")] == "3");
  }
}

TEST_CASE("providers.csv gives each provider's share of contracted capacity at the start",
          "[writers]") {
  const Fixture f;
  std::ostringstream out;
  results::write_providers_csv(out, f.params, f.summary);
  const auto rows = parse_csv(out.str());
  CHECK(out.str().substr(0, out.str().find('\n')) == results::providers_csv_header);
  const Row& h = rows[0];
  std::map<std::string, std::string> share;  // "provider/service/district" -> share
  for (std::size_t i = 1; i < rows.size(); ++i) {
    REQUIRE(rows[i].size() == h.size());
    share[rows[i][0] + "/" + rows[i][column(h, "service")] + "/" +
          rows[i][column(h, "district_code")]] =
        rows[i][column(h, "share_of_district_contracted_capacity")];
  }
  // Homecare in Ashford: Alpha 100 and in-house 300 hours; in Canterbury Alpha's 50 is all the
  // contracted capacity (the spot provider's 80 is not contracted).
  CHECK(share["0/homecare/E07000105"] == "0.25");
  CHECK(share["1/homecare/E07000105"] == "0.75");
  CHECK(share["0/homecare/E07000106"] == "1");
  CHECK(share["2/homecare/E07000106"] == "0");
  CHECK(share["0/supported_living/E07000105"] == "1");
  CHECK(share["3/supported_living/E07000106"] == "1");
  CHECK(share.count("4/supported_living/E07000106") == 0);  // its property is not open yet
  CHECK(share["4//"].empty());                              // one row, no capacity at the start
  CHECK(rows.size() == 1 + 7);

  const Row& alpha = rows[1];
  CHECK(alpha[column(h, "name")] == "Alpha Care");
  CHECK(alpha[column(h, "kind")] == "framework");
  CHECK(std::stod(alpha[column(h, "probability_of_exit")]) == Approx(2.0 / 3.0));
  CHECK(alpha[column(h, "mean_people_displaced")] == "4");
  CHECK(alpha[column(h, "people_at_start")] == "40");
  CHECK(alpha[column(h, "unit")] == "hours_per_week");
  CHECK(alpha[column(h, "capacity_at_start")] == "100");
  CHECK(out.str().find("\"Spot, Ltd\"") != std::string::npos);
}

TEST_CASE("providers.csv names a provider by the id the market files gave it", "[writers]") {
  Fixture f;
  f.params.market.provider_ids = {"1-9000000001"};  // a CQC id, as market files give it
  std::ostringstream out;
  results::write_providers_csv(out, f.params, f.summary);
  const auto rows = parse_csv(out.str());
  REQUIRE(rows.size() > 2);
  CHECK(rows[1][0] == "1-9000000001");
  CHECK(rows[1][1] == "Alpha Care");
  CHECK(rows.back()[0] == "4");  // a provider without an id keeps its index
}

TEST_CASE("a results folder holds every file, and writing twice gives the same bytes",
          "[writers]") {
  const Fixture f;
  const results::testing::TempDir tmp;
  auto contents = [&] {
    return results::ResultsContents{f.params,
                                    f.summary,
                                    f.council,
                                    f.run(),
                                    {results::text_file("scenario.resolved.toml", "x = 1\n")}};
  };
  results::write_results_folder(tmp.path() / "a", contents(), false);
  // A second summary fed the same replications, written again: identical bytes.
  results::EnsembleSummary again(f.params, fixture_periods);
  for (std::int64_t r = 0; r < 3; ++r) again.add(fixture_result(r));
  results::write_results_folder(
      tmp.path() / "b",
      results::ResultsContents{f.params,
                               again,
                               f.council,
                               f.run(),
                               {results::text_file("scenario.resolved.toml", "x = 1\n")}},
      false);

  const std::vector<std::string> names{
      "district_metrics.csv", "county_metrics.csv",     "kpis.csv",     "providers.csv",
      "spend_by_year.csv",    "scenario.resolved.toml", "manifest.json"};
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(tmp.path() / "a")) {
    (void)entry;
    ++files;
  }
  CHECK(files == names.size());
  for (const auto& name : names) {
    INFO(name);
    REQUIRE(fs::exists(tmp.path() / "a" / name));
    CHECK(read_file(tmp.path() / "a" / name) == read_file(tmp.path() / "b" / name));
  }
  CHECK(read_file(tmp.path() / "a" / "scenario.resolved.toml") == "x = 1\n");

  const auto manifest = nlohmann::json::parse(read_file(tmp.path() / "a" / "manifest.json"));
  CHECK(manifest["version"] == "0.1.0");
  CHECK(manifest["commit"] == "abc123def456");
  CHECK(manifest["scenario"] == "test, \"quoted\"");
  CHECK(manifest["scenario_hash"] == "sha256:00ff");
  CHECK(manifest["seed"] == 42);
  CHECK(manifest["replications"] == 3);
  CHECK(manifest["threads"] == 4);
  CHECK(manifest["start_time"] == "2027-04-01T09:00:00Z");
  CHECK(manifest["end_time"] == "2027-04-01T09:01:15Z");
  CHECK(manifest["wall_seconds"] == 75.25);
  CHECK(manifest["events_processed"] == 3003);
  CHECK(manifest["complete"] == true);
  CHECK(manifest["files"].size() == names.size() - 1);

  // The scenario name is quoted in the CSV files.
  CHECK(read_file(tmp.path() / "a" / "kpis.csv").find("\n\"test, \"\"quoted\"\"\",homecare,") !=
        std::string::npos);
}

TEST_CASE("a results folder is refused for inputs that do not match", "[writers]") {
  Fixture f;
  const results::testing::TempDir tmp;
  f.params.district_names.pop_back();
  CHECK_THROWS_AS(results::write_results_folder(
                      tmp.path() / "out",
                      results::ResultsContents{f.params, f.summary, f.council, f.run(), {}}, false),
                  std::invalid_argument);
  CHECK_FALSE(fs::exists(tmp.path() / "out"));
  CHECK(fs::is_empty(tmp.path()));

  Fixture g;
  g.params.market.providers.pop_back();
  std::ostringstream out;
  CHECK_THROWS_AS(results::write_providers_csv(out, g.params, g.summary), std::invalid_argument);
  g.params.run.horizon_months = 4;
  CHECK_THROWS_AS(results::write_district_metrics_csv(out, g.params, g.summary, "x"),
                  std::invalid_argument);
}

TEST_CASE("an extra file may not take a standard file's name", "[writers]") {
  const Fixture f;
  const results::testing::TempDir tmp;
  CHECK_THROWS_AS(
      results::write_results_folder(
          tmp.path() / "out",
          results::ResultsContents{
              f.params, f.summary, f.council, f.run(), {results::text_file("kpis.csv", "")}},
          false),
      std::invalid_argument);
  CHECK(fs::is_empty(tmp.path()));
}
