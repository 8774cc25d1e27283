// Sensitivity analysis: the parameters varied, their ranges, and a tornado on a few of them.

#include "analysis/sensitivity.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "results/kpis.hpp"
#include "scenarios/toml_scenario.hpp"

using namespace caremarket;

TEST_CASE("every numeric modelling parameter is varied within its valid range") {
  const auto base = scenarios::load_scenario("kent-baseline");
  analysis::SensitivityOptions o;
  const auto ranges = analysis::parameter_ranges(base, o);
  CHECK(ranges.size() > 50);
  bool saw_growth = false;
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
  }
  CHECK(saw_growth);
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
