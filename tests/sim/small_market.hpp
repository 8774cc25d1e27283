#pragma once
// Small hand-built markets for engine tests.

#include <cmath>
#include <string>
#include <vector>

#include "sim/params.hpp"

namespace caremarket::test {

/// The exact blocking probability of Erlang's loss system, B(c, a), by its recursion.
inline double erlang_b(int c, double a) {
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  return b;
}

/// One district, homecare only, `places` contracted places of one hour each, Poisson referrals
/// with offered load `load`, unlimited spot capacity, no returns, exits or drift: an Erlang
/// loss system whose overflow goes off-contract.
inline sim::ModelParams erlang_market(int places, double load, sim::Distribution::Kind stay_kind,
                                      double stay_cv, int horizon_months = 120) {
  sim::ModelParams p;
  p.run.start = sim::Date{2027, 4, 1};
  p.run.horizon_months = horizon_months;
  p.run.seed = 12345;
  p.district_codes = {"E07000105"};
  p.district_names = {"Ashford"};
  p.neighbours = {{}};
  const double stay_days = 30.0;
  sim::DemandStream d;
  d.district = 0;
  d.service = sim::Service::homecare;
  d.referrals_per_year = load / stay_days * sim::days_per_year;
  d.package = sim::Distribution{sim::Distribution::Kind::fixed, 1.0, 0.0, 0.0, sim::unlimited};
  d.length_of_stay_days = sim::Distribution{stay_kind, stay_days, stay_cv, 0.0, sim::unlimited};
  p.demand.push_back(d);
  p.market.providers.push_back(
      sim::ProviderSpec{"contracted", sim::ProviderKind::framework, 1.0, 1.0, 0.0});
  p.market.branches.push_back(sim::BranchSpec{0, 0, static_cast<double>(places), false});
  p.placement.unlimited_spot = {true, true};
  p.placement.return_to_contract_probability = {0.0, 0.0};
  p.exits_enabled = false;
  p.workforce.capacity_volatility_per_year = 0.0;
  p.framework.open = false;
  return p;
}

/// Three districts in a line (A - B - C), both services, a few providers of each kind, exits,
/// a reopening, a shock, pipeline properties and commissioning actions: every mechanism on at
/// once, small enough to audit after every event.
inline sim::ModelParams busy_market() {
  sim::ModelParams p;
  p.run.start = sim::Date{2027, 4, 1};
  p.run.horizon_months = 36;
  p.run.seed = 99;
  p.district_codes = {"E07000105", "E07000106", "E07000107"};
  p.district_names = {"A", "B", "C"};
  p.neighbours = {{1}, {0, 2}, {1}};
  using K = sim::Distribution::Kind;
  for (sim::DistrictIndex d = 0; d < 3; ++d) {
    sim::DemandStream hc;
    hc.district = d;
    hc.service = sim::Service::homecare;
    hc.referrals_per_year = 60.0 + 20.0 * static_cast<double>(d);
    hc.growth_per_year = 0.05;
    hc.package = sim::Distribution{K::lognormal, 12.0, 0.7, 1.0, 60.0};
    hc.length_of_stay_days = sim::Distribution{K::lognormal, 200.0, 1.0, 7.0, 2000.0};
    hc.initial_people = 30;
    p.demand.push_back(hc);
    sim::DemandStream sl;
    sl.district = d;
    sl.service = sim::Service::supported_living;
    sl.group = sim::Group::adults_26_64;
    sl.referrals_per_year = 6.0;
    sl.package = sim::Distribution{K::fixed, 40.0, 0.0, 0.0, sim::unlimited};
    sl.length_of_stay_days = sim::Distribution{K::gamma, 700.0, 0.8, 30.0, 5000.0};
    sl.need_band_weights = {0.5, 0.3, 0.2};
    sl.initial_people = 10;
    p.demand.push_back(sl);
  }
  auto provider = [&](std::string name, sim::ProviderKind kind) {
    p.market.providers.push_back(sim::ProviderSpec{std::move(name), kind, 1.0, 1.0, -100.0});
    return p.market.providers.size() - 1;
  };
  for (int i = 0; i < 4; ++i) {
    const auto id = provider("hc framework " + std::to_string(i), sim::ProviderKind::framework);
    p.market.branches.push_back(
        sim::BranchSpec{id, static_cast<sim::DistrictIndex>(i % 3), 120.0, false});
    p.market.branches.push_back(
        sim::BranchSpec{id, static_cast<sim::DistrictIndex>((i + 1) % 3), 60.0, false});
  }
  const auto spot = provider("hc spot", sim::ProviderKind::spot);
  p.market.branches.push_back(sim::BranchSpec{spot, 1, 80.0, false});
  for (int i = 0; i < 3; ++i) {
    const auto id = provider("sl framework " + std::to_string(i), sim::ProviderKind::framework);
    for (int b = 0; b < 3; ++b) {
      p.market.properties.push_back(
          sim::PropertySpec{id, static_cast<sim::DistrictIndex>(i), b, 3, 0.0});
    }
    p.market.properties.push_back(
        sim::PropertySpec{id, static_cast<sim::DistrictIndex>(i), 2, 4, 200.0});
  }
  const auto sl_spot = provider("sl spot", sim::ProviderKind::spot);
  p.market.properties.push_back(sim::PropertySpec{sl_spot, 0, 2, 4, 0.0});
  p.placement.band_accepts = {{true, false, false}, {true, true, false}, {true, true, true}};
  p.placement.return_to_contract_probability = {1.0, 0.5};
  p.exits.base_hazard_per_year = {0.3, 0.3, 0.0};
  p.framework.reopenings_days = {365.0, 730.0};
  p.framework.spot_join_probability = 0.5;
  p.framework.leave_probability = 0.2;
  p.framework.new_entrants_per_reopening = {1, 1};
  p.shocks.push_back(sim::ShockSpec{sim::ShockSpec::Target::largest, 500.0, 0, 1, 0, 0.0,
                                    sim::ExitMode::failure, -1});
  sim::ActionSpec in_house;
  in_house.kind = sim::ActionSpec::Kind::in_house;
  in_house.at_days = 300.0;
  in_house.district = 2;
  in_house.hours_per_week = 100.0;
  p.actions.push_back(in_house);
  sim::ActionSpec block = in_house;
  block.kind = sim::ActionSpec::Kind::block_purchase;
  block.at_reopening = 0;
  block.district = 0;
  p.actions.push_back(block);
  sim::ActionSpec homes = in_house;
  homes.kind = sim::ActionSpec::Kind::new_properties;
  homes.service = sim::Service::supported_living;
  homes.properties = 2;
  homes.band = 2;
  homes.district = 1;
  p.actions.push_back(homes);
  sim::ActionSpec uplift = in_house;
  uplift.kind = sim::ActionSpec::Kind::rate_change;
  uplift.rate_change = 0.05;
  p.actions.push_back(uplift);
  return p;
}

}  // namespace caremarket::test
