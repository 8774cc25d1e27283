// The Kent baseline's starting market meets its calibration targets (DOMAIN.md's table and
// worked example; docs/assumptions.md). Tolerances are stated per target: the synthesis rounds
// homes to whole properties, and the targets themselves are "about" figures.

#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "scenarios/scenario.hpp"
#include "scenarios/toml_scenario.hpp"
#include "sim/distribution.hpp"
#include "sim/ensemble.hpp"

using namespace caremarket;

namespace {
constexpr double weeks_per_year = 365.25 / 7.0;
}

TEST_CASE("the Kent baseline's starting market meets its calibration targets") {
  const auto s = scenarios::load_scenario("kent-baseline");
  const auto p = scenarios::build_model(s, scenarios::load_scenario_geography(s));
  REQUIRE(p.district_codes.size() == 12);

  // Supported living: about 94 framework providers and about 700 properties (004), about 3.6
  // homes a property (003: 1,593 homes in 438 properties).
  int sl_framework = 0;
  for (const auto& pr : p.market.providers) {
    if (pr.kind == sim::ProviderKind::framework && pr.name.starts_with("supported living"))
      ++sl_framework;
  }
  CHECK(sl_framework == 94);
  std::set<std::size_t> with_property;
  int open_properties = 0, pipeline_properties = 0;
  double homes = 0.0;
  for (const auto& pp : p.market.properties) {
    if (p.market.providers[pp.provider].kind != sim::ProviderKind::framework) continue;
    if (pp.opens_days > 0.0) {
      ++pipeline_properties;
      continue;
    }
    ++open_properties;
    homes += pp.homes;
    with_property.insert(pp.provider);
  }
  INFO("framework properties " << open_properties << ", homes " << homes);
  CHECK(open_properties >= 630);  // about 700, within 10%
  CHECK(open_properties <= 770);
  CHECK(homes / open_properties == Approx(3.6).epsilon(0.05));
  CHECK(pipeline_properties == 29);  // 29 in the pipeline (003)

  // Homecare: £84m a year for adults (002) at £26 an hour and 14.4 hours a week per person.
  double adult_hours = 0.0, adults = 0.0;
  double sl_people = 0.0, sl_support_hours = 0.0;
  for (const auto& d : p.demand) {
    if (d.service == sim::Service::homecare &&
        (d.group == sim::Group::older_65_plus || d.group == sim::Group::adults_26_64 ||
         d.group == sim::Group::pathway_18_25)) {
      adults += static_cast<double>(d.initial_people);
      adult_hours += static_cast<double>(d.initial_people) * d.package.mean;
    }
    if (d.service == sim::Service::supported_living) {
      sl_people += static_cast<double>(d.initial_people);
      sl_support_hours += static_cast<double>(d.initial_people) * d.package.mean;
    }
  }
  const double adult_spend = adult_hours * weeks_per_year * p.costs.contract_rate_gbp_per_hour[0];
  INFO("adults " << adults << ", hours a week " << adult_hours << ", spend a year " << adult_spend);
  CHECK(adults == Approx(4300).epsilon(0.02));
  CHECK(adult_spend == Approx(84e6).epsilon(0.02));
  // Supported living: about 2,400 tenants at about £1,100 a week (£138m in 2022/23, 004).
  const double sl_spend = sl_support_hours * weeks_per_year * p.costs.contract_rate_gbp_per_hour[1];
  INFO("tenants " << sl_people << ", spend a year " << sl_spend);
  CHECK(sl_people == Approx(2400).epsilon(0.02));
  CHECK(sl_spend == Approx(138e6).epsilon(0.05));
  // Contracted capacity covers the starting demand at the calibrated ratio in every district.
  std::vector<double> capacity(12, 0.0);
  for (const auto& b : p.market.branches) {
    if (p.market.providers[b.provider].kind == sim::ProviderKind::framework)
      capacity[b.district] += b.capacity_hours_per_week;
  }
  for (std::size_t d = 0; d < 12; ++d) {
    double demand = 0.0;
    for (const auto& ds : p.demand) {
      if (ds.district == d && ds.service == sim::Service::homecare)
        demand += static_cast<double>(ds.initial_people) * sim::mean_as_drawn(ds.package);
    }
    INFO("district " << p.district_codes[d]);
    CHECK(capacity[d] == Approx(demand * s.market[0].contract_capacity_ratio).epsilon(1e-9));
  }
}

TEST_CASE("the simulated first month matches the starting market") {
  // In a run, the first month's people in care and spend sit near the calibration: the mean
  // package drawn is the lognormal's mean (clamping trims it by under 1%).
  auto s = scenarios::load_scenario("kent-baseline");
  s.run.horizon_months = 1;
  const auto p = scenarios::build_model(s, scenarios::load_scenario_geography(s));
  const auto r = sim::run_replication(p, 0);
  const std::size_t county = r.metrics.county();
  const double hc_people =
      r.metrics.at(0, county, sim::Service::homecare, sim::Metric::people_needing_care);
  const double sl_people =
      r.metrics.at(0, county, sim::Service::supported_living, sim::Metric::people_needing_care);
  CHECK(hc_people == Approx(4300 + 410 + 20).epsilon(0.05));
  CHECK(sl_people == Approx(2400).epsilon(0.05));
  const double spend =
      r.metrics.at(0, county, sim::Service::homecare, sim::Metric::spend_contract_gbp) +
      r.metrics.at(0, county, sim::Service::homecare, sim::Metric::spend_off_contract_gbp);
  // £89.7m a year for all homecare lots (002), a month of it; within 10% (the month is April,
  // 30 days; packages are random).
  CHECK(spend == Approx(89.7e6 * 30.0 / 365.25).epsilon(0.10));
}
