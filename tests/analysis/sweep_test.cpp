// Sweeps: parsing --vary, the grid, and that points on common random numbers differ only by
// the varied key.

#include "analysis/sweep.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <sstream>

#include "results/kpis.hpp"
#include "scenarios/scenario.hpp"

using namespace caremarket;

TEST_CASE("vary: values split on commas outside brackets and quotes") {
  const auto v = analysis::parse_vary("framework.reopen_after_years=[2,5],[3,6]");
  CHECK(v.key == "framework.reopen_after_years");
  REQUIRE(v.values.size() == 2);
  CHECK(v.values[0] == "[2,5]");
  CHECK(v.values[1] == "[3,6]");
  CHECK(analysis::parse_vary("a.b=\"x,y\",z").values.size() == 2);
  const auto spaced = analysis::parse_vary(" exits.stress_slope = 1 , 2 ");
  CHECK(spaced.key == "exits.stress_slope");
  CHECK(spaced.values == std::vector<std::string>{"1", "2"});
  CHECK_THROWS_AS(analysis::parse_vary("a.b=1, ,2"), std::invalid_argument);
  CHECK_THROWS_AS(analysis::parse_vary("a.b=  "), std::invalid_argument);
  CHECK_THROWS_AS(analysis::parse_vary("novalues"), std::invalid_argument);
  CHECK_THROWS_AS(analysis::parse_vary("a=1,,2"), std::invalid_argument);
  CHECK_THROWS_AS(analysis::parse_vary("a=[1,2"), std::invalid_argument);
}

TEST_CASE("the grid is every combination, the last key fastest") {
  const auto grid =
      analysis::sweep_grid({{"a", {"1", "2"}, "a=1,2"}, {"b", {"x", "y", "z"}, "b=x,y,z"}});
  REQUIRE(grid.size() == 6);
  CHECK(grid[0] == std::vector<std::string>{"1", "x"});
  CHECK(grid[1] == std::vector<std::string>{"1", "y"});
  CHECK(grid[5] == std::vector<std::string>{"2", "z"});
}

TEST_CASE("a sweep over demand growth moves the capacity gap monotonically") {
  auto s = scenarios::kent_baseline();
  s.run.horizon_months = 36;
  std::vector<analysis::SweepPoint> points;
  for (const double growth : {0.0, 0.03, 0.06}) {
    auto point = s;
    for (auto& g : point.demand[0]) g.growth_per_year = growth;
    const auto p = scenarios::build_model(point, scenarios::load_scenario_geography(point));
    points.push_back(analysis::summarise_point(p, 6, 0, {std::to_string(growth)}));
  }
  std::size_t gap = 0;
  const auto table = results::kpi_table();
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i].name == "capacity_gap_final_hours_per_week") gap = i;
  }
  // On common random numbers the demand paths are nested, so the gap rises with growth in
  // every replication, not only on average.
  CHECK(points[0].kpis[gap].mean() < points[1].kpis[gap].mean());
  CHECK(points[1].kpis[gap].mean() < points[2].kpis[gap].mean());
  std::ostringstream csv;
  analysis::write_sweep_csv(csv, "kent-baseline",
                            {{"growth", {"0", "0.03", "0.06"}, "growth=0,0.03,0.06"}}, points);
  const std::string text = csv.str();
  CHECK(text.rfind("scenario,point,growth,service,kpi,unit,mean,", 0) == 0);
  CHECK(std::count(text.begin(), text.end(), '\n') == static_cast<long>(1 + 3 * table.size()));
}
