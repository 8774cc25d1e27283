// Sensitivity analysis: the parameters varied, their ranges, and a tornado on a few of them.

#include "analysis/sensitivity.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "results/kpis.hpp"
#include "scenarios/parameter_list.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/toml_scenario.hpp"
#include "sim/ensemble.hpp"

using namespace caremarket;

TEST_CASE("every numeric modelling parameter is varied within its valid range") {
  const auto base = scenarios::load_scenario("kent-baseline");
  analysis::SensitivityOptions o;
  const auto ranges = analysis::parameter_ranges(base, o);
  CHECK(ranges.size() > 50);
  bool saw_growth = false, saw_multiplier = false, saw_road = false;
  for (const auto& r : ranges) {
    INFO(r.parameter.key);
    CHECK(r.low < r.high);
    CHECK(r.low >= r.parameter.valid_min);
    CHECK(r.high <= r.parameter.valid_max);
    CHECK_FALSE(r.parameter.key.starts_with("run."));
    CHECK_FALSE(r.parameter.key.ends_with(".max"));
    // Inactive groups (supported living for children and prisons) are not varied.
    CHECK_FALSE(r.parameter.key.starts_with("demand.supported_living.children."));
    saw_growth = saw_growth || r.parameter.key == "demand.homecare.older_65_plus.growth_per_year";
    // Reals written without a decimal point stay reals; counts stay whole.
    if (r.parameter.key == "costs.homecare.contract_rate_gbp_per_hour") {
      CHECK(r.low == 19.5);
      CHECK(r.high == 32.5);
    }
    if (r.parameter.key == "placement.homecare.return_to_contract_probability") {
      CHECK(r.low == 0.75);
      CHECK(r.high == 1.0);
    }
    if (r.parameter.key == "market.homecare.framework_providers") CHECK(r.parameter.integer);
    // 75% of 1.25 and of 1.3 would be below 1: an entrant lowering a provider's closure risk, a
    // road shorter than the straight line. The ranges stop at 1 (no effect, a straight road).
    if (r.parameter.key == "exits.competitor_multiplier") {
      CHECK(r.low == 1.0);
      CHECK(r.high == 1.5625);
      saw_multiplier = true;
    }
    if (r.parameter.key == "geography.road_factor") {
      CHECK(r.low == 1.0);
      CHECK(r.high == 1.625);
      saw_road = true;
    }
  }
  CHECK(saw_growth);
  CHECK(saw_multiplier);
  CHECK(saw_road);
}

TEST_CASE("a parameter's valid range is the schema's check of its key, not a guess from its name") {
  // scenarios/toml_schema.cpp: growth_per_year is a yearly rate > -1 (Check::growth), slip_days
  // any number of days within fifty years either way (+-18263), package_growth_per_year a
  // yearly rate from -0.5 to 0.5, framework_providers an integer in 0..100000, initial_people a
  // real >= 0 that counts people. A growth of -0.6 with a swing of 0.5 spans -0.9 to -0.3: the
  // range holds its value (a guess of -0.5 as the least growth held the low end above it). A
  // package growth of 0.4 spans 0.2 to 0.6, held at 0.5.
  const auto base = scenarios::load_scenario(
      "kent-baseline",
      {"demand.homecare.older_65_plus.growth_per_year=-0.6", "pipeline.slip_days=-10.0",
       "demand.homecare.older_65_plus.package_growth_per_year=0.4"});
  analysis::SensitivityOptions o;
  o.relative_swing = 0.5;
  bool saw_growth = false, saw_slip = false, saw_providers = false, saw_people = false,
       saw_package = false;
  for (const auto& r : analysis::parameter_ranges(base, o)) {
    const auto& p = r.parameter;
    if (p.key == "demand.homecare.older_65_plus.growth_per_year") {
      CHECK(p.valid_min > -1.0);
      CHECK(p.valid_min < -0.999999);
      CHECK(r.low == Approx(-0.9).epsilon(1e-12));
      CHECK(r.high == Approx(-0.3).epsilon(1e-12));
      saw_growth = true;
    }
    if (p.key == "demand.homecare.older_65_plus.package_growth_per_year") {
      CHECK(r.low == Approx(0.2).epsilon(1e-12));
      CHECK(r.high == 0.5);
      saw_package = true;
    }
    if (p.key == "pipeline.slip_days") {
      CHECK(p.valid_min == -18263.0);
      CHECK(p.valid_max == 18263.0);
      CHECK(r.low == -15.0);
      CHECK(r.high == -5.0);
      saw_slip = true;
    }
    if (p.key == "market.homecare.framework_providers") {
      CHECK(p.integer);
      CHECK(p.valid_min == 0.0);
      CHECK(p.valid_max == 100000.0);
      saw_providers = true;
    }
    if (p.key == "demand.homecare.older_65_plus.initial_people") {
      CHECK(p.integer);
      saw_people = true;
    }
  }
  CHECK(saw_growth);
  CHECK(saw_slip);
  CHECK(saw_providers);
  CHECK(saw_people);
  CHECK(saw_package);
}

TEST_CASE("each end of a range records how it was made from the value") {
  // 2 framework providers: 2 x 0.75 = 1.5 rounds to 2, the value itself, so the low end is 1,
  // a count's least step; 2 x 1.25 = 2.5 rounds to 3. The competitor multiplier 1.25 x 0.75 =
  // 0.9375 is held at 1, the least the schema takes; 1.25 x 1.25 = 1.5625 is the product.
  const auto base =
      scenarios::load_scenario("kent-baseline", {"market.homecare.framework_providers=2"});
  analysis::SensitivityOptions o;
  o.only = {"market.homecare.framework_providers", "exits.competitor_multiplier"};
  const auto ranges = analysis::parameter_ranges(base, o);
  REQUIRE(ranges.size() == 2);
  for (const auto& r : ranges) {
    INFO(r.parameter.key);
    if (r.parameter.key == "market.homecare.framework_providers") {
      CHECK(r.low == 1.0);
      CHECK(r.low_made == analysis::EndMade::one_step);
      CHECK(r.high == 3.0);
      CHECK(r.high_made == analysis::EndMade::rounded);
    } else {
      CHECK(r.low == 1.0);
      CHECK(r.low_made == analysis::EndMade::held);
      CHECK(r.high == 1.5625);
      CHECK(r.high_made == analysis::EndMade::product);
    }
  }
}

TEST_CASE("a range the scenario refuses at an end is left out, and the others are kept") {
  // The 2020 back-test's first shock names supported living framework provider 61: the low end
  // of its 64 framework providers, 64 x (1 - 0.25) = 48, has no such provider; 80 has.
  analysis::SensitivityOptions o;
  o.only = {"market.supported_living.framework_providers", "costs.homecare.spot_premium"};
  const auto ranges = analysis::parameter_ranges(scenarios::load_scenario("backtest-2020", {}), o);
  REQUIRE(ranges.size() == 2);
  const auto checked = analysis::check_ranges("backtest-2020", {}, o, ranges);
  REQUIRE(checked.ranges.size() == 1);
  CHECK(checked.ranges[0].parameter.key == "costs.homecare.spot_premium");
  REQUIRE(checked.same_as_base.size() == 1);
  REQUIRE(checked.left_out.size() == 1);
  const auto& left = checked.left_out[0];
  CHECK(left.range.parameter.key == "market.supported_living.framework_providers");
  REQUIRE(left.refused.size() == 1);
  CHECK(left.refused[0].low);
  CHECK(left.refused[0].value == 48.0);
  CHECK(analysis::refused_end_text(left.refused[0]) ==
        "low end, 48 (its value 64 x (1 - --swing 0.25))");
  REQUIRE(left.refused[0].errors.size() == 1);
  CHECK(left.refused[0].errors[0].find("'supported living framework provider 61'") !=
        std::string::npos);
  // With the refused parameter alone, nothing is left to vary.
  o.only = {"market.supported_living.framework_providers"};
  CHECK_THROWS_AS(analysis::check_ranges("backtest-2020", {}, o, {left.range}),
                  scenarios::ScenarioError);
}

TEST_CASE("a tornado over two parameters ranks the one that matters") {
  analysis::SensitivityOptions o;
  o.replications = 6;
  o.only = {"demand.homecare.older_65_plus.growth_per_year", "costs.homecare.spot_premium"};
  const auto r = analysis::run_sensitivity(
      "kent-baseline", {"run.horizon_months=36", "framework.reopen_after_years=[1, 2]"}, o);
  CHECK(r.evaluations == 5);
  // Growth moves the homecare capacity gap; the spot premium does not (it changes prices only).
  double growth_swing = 0.0, premium_swing = 0.0;
  for (const auto& row : r.one_at_a_time) {
    if (results::kpi_table()[row.kpi].name != "capacity_gap_final_hours_per_week") continue;
    if (row.range.parameter.key.find("growth") != std::string::npos) growth_swing = row.swing();
    if (row.range.parameter.key.find("premium") != std::string::npos) premium_swing = row.swing();
  }
  CHECK(growth_swing > 0.0);
  CHECK(premium_swing == 0.0);
  std::ostringstream csv;
  analysis::write_sensitivity_csv(csv, "kent-baseline", r);
  CHECK(csv.str().rfind("scenario,service,kpi,unit,rank,parameter,", 0) == 0);
}

TEST_CASE("Morris screening gives one elementary effect per trajectory and parameter") {
  analysis::SensitivityOptions o;
  o.replications = 4;
  o.only = {"demand.homecare.older_65_plus.growth_per_year", "costs.homecare.spot_premium"};
  o.morris_trajectories = 2;
  const auto r = analysis::run_sensitivity(
      "kent-baseline", {"run.horizon_months=24", "framework.reopen_after_years=[1]"}, o);
  CHECK(r.evaluations == 5 + 2 * 3);
  REQUIRE_FALSE(r.morris.empty());
  for (const auto& m : r.morris) {
    CHECK(m.effects == 2);
    CHECK(m.mu_star >= std::fabs(m.mu) - 1e-9);
  }
}

namespace {

// Each headline KPI of the first `count` replications of kent-baseline with `sets`, replication
// by replication, run as a plain ensemble (not through the sensitivity analysis).
std::vector<std::vector<double>> kpis_by_replication(const std::vector<std::string>& sets,
                                                     std::int64_t count) {
  const auto s = scenarios::load_scenario("kent-baseline", sets);
  const auto p = scenarios::build_model(s, scenarios::load_scenario_geography(s));
  sim::EnsembleOptions e;
  e.replications = count;
  std::vector<std::vector<double>> out;
  const auto table = results::kpi_table();
  sim::run_ensemble(p, e, [&](sim::ReplicationResult&& r) {
    std::vector<double> row;
    for (const std::size_t k : analysis::sensitivity_kpis())
      row.push_back(results::compute_kpi(table[k], r));
    out.push_back(std::move(row));
  });
  return out;
}

}  // namespace

TEST_CASE("sequential stopping: a stopped parameter's figures are its first replications") {
  const std::vector<std::string> sets{"run.horizon_months=36",
                                      "framework.reopen_after_years=[1, 2]"};
  analysis::SensitivityOptions o;
  o.replications = 20;
  o.batch = 5;
  o.settle = 0.1;
  // The speed of travel moves nothing in Kent's baseline (no choice by distance); growth moves
  // every figure.
  o.only = {"geography.average_speed_kmh", "demand.homecare.older_65_plus.growth_per_year"};
  const auto r = analysis::run_sensitivity("kent-baseline", sets, o);
  const auto ranges =
      analysis::parameter_ranges(scenarios::load_scenario("kent-baseline", sets), o);
  REQUIRE(ranges.size() == 2);
  const std::size_t width = analysis::sensitivity_kpis().size();
  REQUIRE(r.one_at_a_time.size() == 2 * width);
  std::int64_t expected_run = o.replications;  // the base
  for (const auto& range : ranges) {
    INFO(range.parameter.key);
    std::vector<const analysis::SensitivityRow*> rows;
    for (const auto& row : r.one_at_a_time)
      if (row.range.parameter.key == range.parameter.key) rows.push_back(&row);
    REQUIRE(rows.size() == width);
    const std::int64_t n = rows[0]->replications;
    CHECK((n == 5 || n == 10 || n == 15 || n == 20));
    // The speed builds the scenario's own model: its ends' values are the base's, not run.
    if (range.parameter.key != "geography.average_speed_kmh") expected_run += 2 * n;
    auto with = [&](double v) {
      auto s = sets;
      s.push_back(range.parameter.key + "=" + scenarios::set_value_text(range.parameter, v));
      return s;
    };
    const auto low = kpis_by_replication(with(range.low), n);
    const auto high = kpis_by_replication(with(range.high), n);
    const auto base = kpis_by_replication(sets, o.replications);
    const auto count = static_cast<std::size_t>(n);
    const auto nd = static_cast<double>(n);
    for (std::size_t k = 0; k < width; ++k) {
      INFO(results::kpi_table()[rows[k]->kpi].name);
      CHECK(rows[k]->replications == n);
      double low_sum = 0, high_sum = 0, base_sum = 0, base_all = 0;
      for (const auto& b : base) base_all += b[k] / static_cast<double>(o.replications);
      std::vector<double> d;
      for (std::size_t i = 0; i < count; ++i) {
        base_sum += base[i][k];
        low_sum += low[i][k];
        high_sum += high[i][k];
        d.push_back(high[i][k] - low[i][k]);
      }
      // The base is over every replication; a stopped end is that base plus its mean paired
      // difference from the base's first n.
      CHECK(rows[k]->base_mean == Approx(base_all).epsilon(1e-12));
      const double shift = n == o.replications ? 0.0 : base_all - base_sum / nd;
      CHECK(rows[k]->low_mean == Approx(low_sum / nd + shift).epsilon(1e-12).margin(1e-9));
      CHECK(rows[k]->high_mean == Approx(high_sum / nd + shift).epsilon(1e-12).margin(1e-9));
      double mean = 0, ss = 0;
      for (const double x : d) mean += x / nd;
      for (const double x : d) ss += (x - mean) * (x - mean);
      // Student's t 97.5% quantile for 4, 9, 14 and 19 degrees of freedom.
      const double t = n == 5 ? 2.7764 : n == 10 ? 2.2622 : n == 15 ? 2.1448 : 2.0930;
      CHECK(rows[k]->swing_half_width ==
            Approx(t * std::sqrt(ss / (nd - 1) / nd)).epsilon(1e-9).margin(1e-12));
    }
    if (range.parameter.key == "geography.average_speed_kmh") {
      // Both ends are the scenario's own runs, which cost nothing: taken whole, not stopped
      // (a swing of exactly 0 with no spread would otherwise stop after two batches).
      CHECK(n == o.replications);
      for (const auto* row : rows) {
        CHECK(row->swing() == 0.0);
        CHECK(row->swing_half_width == 0.0);
      }
    }
  }
  CHECK(r.replications_run == expected_run);
  CHECK(r.replications_reused == 2 * 20);  // the speed's two ends, every replication each
  CHECK(r.replications_unstopped == 5 * o.replications);
  CHECK(r.replications_run < r.replications_unstopped);  // the speed's ends were not run
  CHECK(r.evaluations == 5);
}

TEST_CASE("sequential stopping off: every end runs every replication") {
  analysis::SensitivityOptions o;
  o.replications = 6;
  o.settle = 0.0;
  o.only = {"geography.average_speed_kmh"};
  const auto r = analysis::run_sensitivity(
      "kent-baseline", {"run.horizon_months=24", "framework.reopen_after_years=[1]"}, o);
  // The base's 6; the speed's ends build the base's own model, so their 12 are the base's.
  CHECK(r.replications_run == 6);
  CHECK(r.replications_reused == 12);
  CHECK(r.replications_unstopped == 18);
  for (const auto& row : r.one_at_a_time) CHECK(row.replications == 6);
}

TEST_CASE("an end clamped to the value itself takes the scenario's runs; the other end runs") {
  // Homecare's return-to-contract probability is 1 in Kent: its range is 0.75 to 1 (clamped),
  // so the high end is the scenario itself and only the low end is simulated.
  analysis::SensitivityOptions o;
  o.replications = 3;
  o.settle = 0.0;
  o.only = {"placement.homecare.return_to_contract_probability"};
  const std::vector<std::string> sets{"run.horizon_months=12", "framework.reopen_after_years=[]"};
  const auto r = analysis::run_sensitivity("kent-baseline", sets, o);
  CHECK(r.replications_run == 3 + 3);
  CHECK(r.replications_reused == 3);
  auto low_sets = sets;
  low_sets.push_back("placement.homecare.return_to_contract_probability=0.75");
  const auto low = kpis_by_replication(low_sets, 3);
  bool moved = false;
  for (std::size_t k = 0; k < r.one_at_a_time.size(); ++k) {
    const auto& row = r.one_at_a_time[k];
    INFO(results::kpi_table()[row.kpi].name);
    CHECK(row.high_mean == row.base_mean);
    const double low_mean = (low[0][k] + low[1][k] + low[2][k]) / 3.0;
    CHECK(row.low_mean == Approx(low_mean).epsilon(1e-12).margin(1e-9));
    moved = moved || row.low_mean != row.base_mean;
  }
  CHECK(moved);  // the low end is a different model, and was run
}
