// Paired comparisons on common random numbers.

#include "analysis/compare.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "scenarios/scenario.hpp"

using namespace caremarket;

namespace {

sim::ModelParams kent(const scenarios::Scenario& s) {
  return scenarios::build_model(s, scenarios::load_scenario_geography(s));
}

analysis::KpiSample sample(const sim::ModelParams& p, int replications) {
  sim::EnsembleOptions o;
  o.replications = replications;
  return analysis::run_kpi_sample(p, o);
}

}  // namespace

TEST_CASE("Student's t quantiles") {
  CHECK(analysis::student_t_975(1) == Approx(12.7062));
  CHECK(analysis::student_t_975(30) == Approx(2.0423));
  CHECK(analysis::student_t_975(31) == Approx(2.0395).margin(1e-4));
  CHECK(analysis::student_t_975(60) == Approx(2.0003).margin(1e-4));
  CHECK(analysis::student_t_975(1000) == Approx(1.9623).margin(1e-4));
}

TEST_CASE("paired differences: mean, interval and probability of being better") {
  const std::vector<double> base{1.0, 2.0, 3.0, 4.0};
  const std::vector<double> alt{0.5, 2.0, 2.0, 3.5};
  const auto d = analysis::paired_difference(base, alt, analysis::Direction::lower_is_better);
  CHECK(d.mean_difference == Approx(-0.5));
  CHECK(d.base_mean == Approx(2.5));
  CHECK(d.alternative_mean == Approx(2.0));
  // Differences -0.5, 0, -1, -0.5: sd = 0.408248, half-width = 3.1824 x sd / 2.
  CHECK(d.sd_difference == Approx(0.4082483));
  CHECK(d.ci95_low == Approx(-0.5 - 3.1824 * 0.4082483 / 2.0));
  CHECK(d.probability_alternative_better == Approx((3.0 + 0.5) / 4.0));
  const auto n = analysis::paired_difference(base, alt, analysis::Direction::neutral);
  CHECK(std::isnan(n.probability_alternative_better));
  // One pair: a difference, but no spread and no interval, never a zero-width certainty.
  const std::vector<double> one_base{2.0};
  const std::vector<double> one_alt{1.5};
  const auto one =
      analysis::paired_difference(one_base, one_alt, analysis::Direction::lower_is_better);
  CHECK(one.mean_difference == -0.5);
  CHECK(std::isnan(one.sd_difference));
  CHECK(std::isnan(one.ci95_low));
  CHECK(std::isnan(one.ci95_high));
  CHECK(one.probability_alternative_better == 1.0);
}

TEST_CASE("a scenario compared with itself differs by exactly zero") {
  auto s = scenarios::kent_baseline();
  s.run.horizon_months = 24;
  const auto p = kent(s);
  const auto a = sample(p, 8);
  const auto b = sample(p, 8);
  const auto rows = analysis::compare_samples(a, b, "same", p, "E10000016", "Kent");
  REQUIRE(rows.size() == results::kpi_table().size() + analysis::district_kpi_table().size() * 12);
  for (const auto& r : rows) {
    INFO(r.kpi << " " << r.area_code);
    CHECK(r.difference.mean_difference == 0.0);
    CHECK(r.difference.ci95_low == 0.0);
    CHECK(r.difference.ci95_high == 0.0);
  }
}

TEST_CASE("more contracted capacity is better on leakage with probability near 1") {
  auto base = scenarios::kent_baseline();
  base.run.horizon_months = 36;
  auto more = base;
  more.market[0].contract_capacity_ratio *= 1.25;  // a quarter more contracted homecare hours
  const auto pb = kent(base), pm = kent(more);
  const auto a = sample(pb, 16), b = sample(pm, 16);
  const auto rows = analysis::compare_samples(a, b, "more", pb, "E10000016", "Kent");
  bool found = false;
  for (const auto& r : rows) {
    if (r.area_code != "E10000016" || r.service != sim::Service::homecare ||
        r.kpi != "off_contract_placement_share") {
      continue;
    }
    found = true;
    INFO("difference " << r.difference.mean_difference << " [" << r.difference.ci95_low << ", "
                       << r.difference.ci95_high << "], P(better) "
                       << r.difference.probability_alternative_better);
    CHECK(r.difference.ci95_high < 0.0);
    CHECK(r.difference.probability_alternative_better >= 0.9);
  }
  CHECK(found);
}
