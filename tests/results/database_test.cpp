// results.sqlite and the split of a district_metrics.csv too long for a spreadsheet: the same
// rows as the CSV files, counted and compared here without the code under test.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "results/writers.hpp"
#include "tests/results/fixture.hpp"
#include "tests/results/temp_dir.hpp"

using namespace caremarket;
using results::testing::read_file;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

double query_number(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  const double value = sqlite3_column_double(s, 0);
  sqlite3_finalize(s);
  return value;
}

void write(const fs::path& folder, const sim::ModelParams& params,
           const results::EnsembleSummary& summary) {
  results::RunRecord run;
  run.scenario_name = "fixture";
  run.start_time = std::chrono::system_clock::time_point(std::chrono::seconds(1806570000));
  run.end_time = run.start_time;
  results::ResultsContents contents{params, summary, {"E10000016", "Kent"}, run, {}};
  contents.sqlite = true;
  contents.row_limit = 20;  // the fixture's district_metrics.csv has more rows than this
  results::write_results_folder(folder, contents, false);
}

}  // namespace

TEST_CASE(
    "a long district_metrics.csv is also split by district, and results.sqlite holds "
    "every table",
    "[writers]") {
  const sim::ModelParams params = results::testing::fixture_params();
  results::EnsembleSummary summary(params, results::testing::fixture_periods);
  for (std::int64_t r = 0; r < 3; ++r) summary.add(results::testing::fixture_result(r));
  const results::testing::TempDir tmp;
  write(tmp.path() / "a", params, summary);
  write(tmp.path() / "b", params, summary);
  const fs::path a = tmp.path() / "a";

  // The split files: the header, then exactly the district's rows, in the whole file's order.
  const std::vector<std::string> whole = lines(read_file(a / "district_metrics.csv"));
  REQUIRE(whole.size() > 20);
  std::vector<std::string> joined{whole.front()};
  for (const std::string& code : params.district_codes) {
    const std::vector<std::string> part =
        lines(read_file(a / ("district_metrics-" + code + ".csv")));
    REQUIRE(part.size() > 1);
    CHECK(part.front() == whole.front());
    for (std::size_t i = 1; i < part.size(); ++i) {
      CHECK(part[i].find("," + code + ",") != std::string::npos);
      joined.push_back(part[i]);
    }
  }
  CHECK(joined == whole);

  // The database: one table per CSV file, as many rows, the same numbers; the same bytes twice.
  CHECK(read_file(a / "results.sqlite") == read_file(tmp.path() / "b" / "results.sqlite"));
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2((a / "results.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) ==
          SQLITE_OK);
  for (const char* table : {"district_metrics", "county_metrics", "kpis", "providers"}) {
    INFO(table);
    const auto rows = lines(read_file(a / (std::string(table) + ".csv"))).size() - 1;
    CHECK(query_number(db, std::string("SELECT count(*) FROM ") + table) ==
          static_cast<double>(rows));
  }
  // kpis.csv's first data row: scenario,service,kpi,unit,mean,...
  const std::string first = lines(read_file(a / "kpis.csv")).at(1);
  std::vector<std::string> fields;
  std::istringstream in(first);
  for (std::string f; std::getline(in, f, ',');) fields.push_back(f);
  CHECK(query_number(db, "SELECT mean FROM kpis WHERE service = '" + fields[1] + "' AND kpi = '" +
                             fields[2] + "'") == std::stod(fields[4]));
  sqlite3_close(db);

  // The manifest says what to open: the split files, not the long one, and the database.
  const auto manifest = nlohmann::json::parse(read_file(a / "manifest.json"));
  const auto& open = manifest["open_with"];
  CHECK(open["database"] == "results.sqlite");
  bool split_listed = false;
  for (const auto& f : open["spreadsheet"]) {
    CHECK(f != "district_metrics.csv");
    split_listed = split_listed || f.get<std::string>().starts_with("district_metrics-");
  }
  CHECK(split_listed);
}
