// People imported into the starting caseload keep their packages and need bands; the random
// draws of everything else are unchanged by the import.

#include <catch2/catch.hpp>

#include "sim/ensemble.hpp"
#include "sim/replication.hpp"

using namespace caremarket;
using sim::Metric;
using sim::Service;

namespace {

/// One district, no referrals, stays far longer than the run: the first month's demand is the
/// starting caseload's.
sim::ModelParams still_market() {
  sim::ModelParams p;
  p.run.start = sim::Date{2027, 4, 1};
  p.run.horizon_months = 3;
  p.run.seed = 4242;
  p.district_codes = {"E07000105"};
  p.district_names = {"Ashford"};
  p.neighbours = {{}};
  using K = sim::Distribution::Kind;
  sim::DemandStream hc;
  hc.service = Service::homecare;
  hc.group = sim::Group::older_65_plus;
  hc.package = sim::Distribution{K::lognormal, 12.0, 0.8, 1.0, 80.0};
  hc.length_of_stay_days = sim::Distribution{K::fixed, 1.0e6, 0.0, 1.0e6, 1.0e6};
  hc.initial_people = 4;
  p.demand.push_back(hc);
  sim::DemandStream sl = hc;
  sl.service = Service::supported_living;
  sl.group = sim::Group::adults_26_64;
  sl.package = sim::Distribution{K::fixed, 40.0, 0.0, 0.0, sim::unlimited};
  sl.need_band_weights = {1.0, 0.0};
  sl.initial_people = 2;
  p.demand.push_back(sl);
  p.market.providers.push_back(
      sim::ProviderSpec{"contracted", sim::ProviderKind::framework, 1.0, 1.0, -1.0});
  p.market.branches.push_back(sim::BranchSpec{0, 0, 1000.0, false});
  // Band 1 houses only need band 1: the imported need bands decide who is housed.
  p.market.properties.push_back(sim::PropertySpec{0, 0, 1, 2, 0.0});
  p.placement.band_accepts = {{true, false}, {false, true}};
  p.placement.initial_off_contract_share = {0.0, 0.0};
  p.exits_enabled = false;
  p.workforce.capacity_volatility_per_year = 0.0;
  p.framework.open = false;
  return p;
}

double first(const sim::ReplicationResult& r, Service s, Metric m) {
  return r.metrics.at(0, r.metrics.county(), s, m);
}

}  // namespace

TEST_CASE("imported people in care at the start keep their packages and need bands") {
  sim::ModelParams p = still_market();
  const sim::ReplicationResult drawn = sim::run_replication(p, 0);
  // Drawn need band 0 finds no home in a band-1 property.
  CHECK(first(drawn, Service::supported_living, Metric::people_waiting) == 2.0);

  using sim::Group;
  const sim::DistrictIndex d = 0;
  p.initial_clients = {{d, Service::homecare, Group::older_65_plus, 7.5, -1},
                       {d, Service::supported_living, Group::adults_26_64, 30.0, 1},
                       {d, Service::homecare, Group::older_65_plus, 20.0, -1},
                       {d, Service::homecare, Group::older_65_plus, 1.25, -1},
                       {d, Service::supported_living, Group::adults_26_64, 30.0, 1},
                       {d, Service::homecare, Group::older_65_plus, 3.0, -1}};
  const sim::ReplicationResult imported = sim::run_replication(p, 0);
  CHECK(first(imported, Service::homecare, Metric::demand) == Approx(7.5 + 20.0 + 1.25 + 3.0));
  CHECK(first(drawn, Service::homecare, Metric::demand) != Approx(7.5 + 20.0 + 1.25 + 3.0));
  CHECK(first(imported, Service::homecare, Metric::people_placed_local) == 4.0);
  // Imported need band 1: both are housed.
  CHECK(first(imported, Service::supported_living, Metric::people_placed_local) == 2.0);
  CHECK(first(imported, Service::supported_living, Metric::people_waiting) == 0.0);
  // The same people, the same number: nothing else about the run moved.
  CHECK(imported.totals.initial_people == drawn.totals.initial_people);
}
