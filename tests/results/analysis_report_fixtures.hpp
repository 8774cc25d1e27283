#pragma once
// What the tests of the what-if reports share: a page's inlined blocks and its checks, and a
// small comparison (manifest, comparison.csv, spend_comparison.csv) of two districts.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "results/analysis_report.hpp"
#include "results/kpis.hpp"
#include "results/report.hpp"

namespace caremarket::results::testing {

inline std::string report_script(const std::string& html, const std::string& id) {
  const std::string open = "<script type=\"application/json\" id=\"" + id + "\">";
  const auto start = html.find(open);
  REQUIRE(start != std::string::npos);
  const auto body = start + open.size();
  const auto end = html.find("</script>", body);
  REQUIRE(end != std::string::npos);
  return html.substr(body, end - body);
}

// Checks what every report must be; returns the inlined data.
inline nlohmann::json check_page(const std::string& html, const std::vector<std::string>& charts) {
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

/// `csv` (a header, then rows; a field may be quoted) with the rows its writer writes and the
/// fixture leaves out: for each value of `group` (a point, a parameter), in the order of its
/// first row, a row of every KPI of `kpis` (indices into results::kpi_table()) it has none of,
/// made from its first row with the KPI's service, name and unit, every mean, percentile,
/// spread, swing and effect 0 and a rank of 1000 (a figure it does not move: no bar, no point,
/// not ranked first).
inline std::string every_kpi(const std::string& csv, const std::string& group,
                             const std::vector<std::size_t>& kpis) {
  auto split = [](const std::string& line) {
    std::vector<std::string> cells(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (c == '"') {
        if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
          cells.back() += '"';
          ++i;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        cells.emplace_back();
      } else {
        cells.back() += c;
      }
    }
    return cells;
  };
  auto field = [](const std::string& cell) {
    if (cell.find_first_of(",\"") == std::string::npos) return cell;
    std::string out = "\"";
    for (const char c : cell) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  };
  std::stringstream in(csv);
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = split(line);
  auto col = [&](const std::string& name) {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    FAIL("no column " << name);
    return std::size_t{0};
  };
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::string>> first;
  std::map<std::string, std::set<std::pair<std::string, std::string>>> given;
  while (std::getline(in, line)) {
    const std::vector<std::string> cells = split(line);
    const std::string& key = cells.at(col(group));
    if (first.emplace(key, cells).second) order.push_back(key);
    given[key].emplace(cells.at(col("service")), cells.at(col("kpi")));
  }
  std::string out = csv;
  const auto table = kpi_table();
  for (const std::string& key : order) {
    for (const std::size_t k : kpis) {
      const KpiDefinition& kpi = table[k];
      const std::string service(sim::to_string(kpi.service));
      if (given[key].contains({service, kpi.name})) continue;
      std::vector<std::string> row = first[key];
      row[col("service")] = service;
      row[col("kpi")] = kpi.name;
      row[col("unit")] = kpi.unit;
      for (std::size_t i = 0; i < header.size(); ++i) {
        for (const char* zero :
             {"base_mean", "low_mean", "high_mean", "swing", "abs_swing", "swing_ci95_half_width",
              "mu", "mu_star", "sigma", "mean", "sd", "sem", "p05", "p50", "p95"})
          if (header[i] == zero) row[i] = "0";
        if (header[i] == "rank") row[i] = "1000";
      }
      for (std::size_t i = 0; i < row.size(); ++i) out += (i == 0 ? "" : ",") + field(row[i]);
      out += "\n";
    }
  }
  return out;
}

/// A sensitivity.csv or morris.csv with a row of every headline figure
/// (results::sensitivity_kpis) for each parameter (every_kpi).
inline std::string every_headline_kpi(const std::string& csv) {
  return every_kpi(csv, "parameter", sensitivity_kpis());
}

/// A sweep.csv with a row of every KPI of both services at each point (every_kpi).
inline std::string every_point_kpi(const std::string& csv) {
  std::vector<std::size_t> all(kpi_table().size());
  for (std::size_t k = 0; k < all.size(); ++k) all[k] = k;
  return every_kpi(csv, "point", all);
}

/// Writes files (name, text) into a new folder under `root` for each call, and checks that its
/// report is refused with exactly `all`, in order (every fault of a folder is said at once).
class RefusedFolders {
 public:
  explicit RefusedFolders(std::filesystem::path root) : root_(std::move(root)) {}
  void operator()(const std::vector<std::pair<std::string, std::string>>& files,
                  const std::vector<std::string>& all) {
    const std::filesystem::path dir = root_ / std::to_string(++folders_);
    std::filesystem::create_directories(dir);
    for (const auto& [name, text] : files) std::ofstream(dir / name) << text;
    try {
      (void)build_folder_report_html(dir);
      FAIL("accepted, where it should say: " << all.front());
    } catch (const ReportInputError& e) {
      CHECK(e.problems() == all);
    }
  }

 private:
  std::filesystem::path root_;
  int folders_ = 0;
};

inline const std::string compare_manifest = R"({"tool": "caremarket", "command": "compare",
  "base": "kent-baseline", "seed": 1, "replications": 4,
  "scenarios": [{"name": "kent-baseline"}, {"name": "provider-failure"}],
  "districts": [{"code": "E1", "name": "Ashford", "hex_col": 1, "hex_row": 0},
                {"code": "E2", "name": "Dover <&>", "hex_col": 2, "hex_row": -1}]})";

inline const std::string comparison_csv =
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
inline const std::string spend_comparison_csv =
    "base,alternative,year_start,year_end,service,category,base_mean,alternative_mean,"
    "mean_difference,sd_difference,ci95_low,ci95_high,replications\n"
    "kent-baseline,provider-failure,2027-04-01,2028-03-31,all,total,100000000,101500000,1500000,"
    "600000,500000,2500000,4\n"
    "kent-baseline,provider-failure,2027-04-01,2028-03-31,all,off_contract,10000000,12000000,"
    "2000000,600000,1000000,3000000,4\n";

}  // namespace caremarket::results::testing
