// docs/metrics.md must document every metric, KPI and output column the code writes.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "results/kpis.hpp"
#include "results/writers.hpp"
#include "sim/metrics.hpp"
#include "tests/results/fixture.hpp"

using namespace caremarket;

namespace {

struct Doc {
  std::string text;
  // section heading ("Metrics", "KPIs") -> first cell name -> the row's cells
  std::map<std::string, std::map<std::string, std::vector<std::string>>> tables;
  std::set<std::string> code_spans;  // everything written `like this`
};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(' ');
  const auto e = s.find_last_not_of(' ');
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

Doc read_doc() {
  const auto path = std::filesystem::path(CAREMARKET_TEST_DATA).parent_path().parent_path() /
                    "docs" / "metrics.md";
  std::ifstream in(path);
  REQUIRE(in.good());
  Doc doc;
  std::string section;
  std::string line;
  while (std::getline(in, line)) {
    doc.text += line + "\n";
    if (line.rfind("## ", 0) == 0) section = line.substr(3);
    if (line.rfind("| `", 0) == 0) {
      std::vector<std::string> cells;
      std::stringstream row(line.substr(1));
      std::string cell;
      while (std::getline(row, cell, '|')) cells.push_back(trim(cell));
      const std::string& first = cells.at(0);
      REQUIRE(first.size() > 2);
      doc.tables[section][first.substr(1, first.size() - 2)] = cells;
    }
  }
  for (std::size_t pos = doc.text.find('`'); pos != std::string::npos;) {
    const auto end = doc.text.find('`', pos + 1);
    if (end == std::string::npos) break;
    doc.code_spans.insert(doc.text.substr(pos + 1, end - pos - 1));
    pos = doc.text.find('`', end + 1);
  }
  return doc;
}

std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> parts;
  std::stringstream s{std::string(text)};
  std::string part;
  while (std::getline(s, part, sep)) parts.push_back(trim(part));
  return parts;
}

}  // namespace

TEST_CASE("docs/metrics.md documents every metric of both services", "[docs]") {
  const Doc doc = read_doc();
  const auto& table = doc.tables.at("Metrics");
  std::set<std::string> names;
  for (std::size_t si = 0; si < sim::service_count; ++si) {
    const auto s = static_cast<sim::Service>(si);
    for (std::size_t mi = 0; mi < sim::metric_count; ++mi) {
      const auto m = static_cast<sim::Metric>(mi);
      const std::string name = sim::metric_name(m, s);
      names.insert(name);
      INFO("metric " << name << " of " << sim::to_string(s));
      REQUIRE(table.count(name) == 1);
      // The services column lists the services whose rows the metrics files hold.
      const bool listed = table.at(name).at(1).find(sim::to_string(s)) != std::string::npos;
      CHECK(listed == (results::is_output_metric(m, s) || m == sim::Metric::wait_days_total));
    }
  }
  for (const auto& [name, row] : table) {
    INFO("documented metric " << name);
    CHECK(names.count(name) == 1);  // no stale entries
  }
}

TEST_CASE("docs/metrics.md documents every KPI with its unit and direction", "[docs]") {
  const Doc doc = read_doc();
  const auto& table = doc.tables.at("KPIs");
  std::set<std::string> names;
  for (const auto& kpi : results::kpi_table()) {
    names.insert(kpi.name);
    INFO("KPI " << kpi.name << " of " << sim::to_string(kpi.service));
    REQUIRE(table.count(kpi.name) == 1);
    const auto& row = table.at(kpi.name);
    CHECK(row.at(1).find(sim::to_string(kpi.service)) != std::string::npos);
    CHECK(row.at(2) == kpi.unit);
    CHECK(row.at(3) == results::to_string(results::kpi_direction(kpi)));
  }
  for (const auto& [name, row] : table) {
    INFO("documented KPI " << name);
    CHECK(names.count(name) == 1);
  }
}

TEST_CASE("docs/metrics.md documents every column and manifest key", "[docs]") {
  const Doc doc = read_doc();
  for (const auto header : {results::metrics_csv_header, results::kpis_csv_header,
                            results::providers_csv_header, results::spend_by_year_csv_header}) {
    for (const auto& column : split(header, ',')) {
      INFO("column " << column);
      CHECK(doc.code_spans.count(column) == 1);
    }
  }
  const auto params = results::testing::fixture_params();
  const results::EnsembleSummary summary(params, results::testing::fixture_periods);
  std::ostringstream out;
  results::write_manifest_json(out, params, summary, results::RunRecord{},
                               results::CouncilArea{"E10000016", "Kent"}, {});
  const auto manifest = nlohmann::json::parse(out.str());
  for (const auto& [key, value] : manifest.items()) {
    INFO("manifest key " << key);
    CHECK(doc.code_spans.count(key) == 1);
  }
}
