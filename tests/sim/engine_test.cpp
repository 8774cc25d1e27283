// The engine against exact answers, at extremes, and under audit.

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <numeric>

#include "sim/ensemble.hpp"
#include "sim/replication.hpp"
#include "small_market.hpp"

using namespace caremarket;
using sim::Metric;
using sim::Service;

namespace {

/// Per-replication share of referrals first placed off-contract; returns the mean and its
/// standard error over replications.
std::pair<double, double> off_contract_share(const sim::ModelParams& p, int replications) {
  std::vector<double> shares;
  sim::EnsembleOptions options;
  options.replications = replications;
  sim::run_ensemble(p, options, [&](sim::ReplicationResult&& r) {
    const auto hc = static_cast<std::size_t>(Service::homecare);
    shares.push_back(static_cast<double>(r.totals.first_placements_off_contract[hc]) /
                     static_cast<double>(r.totals.first_placements[hc]));
  });
  const double n = static_cast<double>(shares.size());
  const double mean = std::accumulate(shares.begin(), shares.end(), 0.0) / n;
  double ss = 0.0;
  for (const double x : shares) ss += (x - mean) * (x - mean);
  return {mean, std::sqrt(ss / (n - 1.0) / n)};
}

double total(const sim::ReplicationResult& r, Service s, Metric m) {
  double sum = 0.0;
  for (std::size_t p = 0; p < r.metrics.periods(); ++p)
    sum += r.metrics.at(p, r.metrics.county(), s, m);
  return sum;
}

double last(const sim::ReplicationResult& r, Service s, Metric m) {
  return r.metrics.at(r.metrics.periods() - 1, r.metrics.county(), s, m);
}

}  // namespace

TEST_CASE("Erlang's loss formula: off-contract share of referrals equals B(c, a)") {
  // Tolerance: four standard errors of the ensemble mean, plus the bias of starting empty
  // (the first few lengths of stay of a 10-year run, under 0.2% absolute here).
  struct Case {
    int c;
    double a;
    sim::Distribution::Kind kind;
    double cv;
  };
  using K = sim::Distribution::Kind;
  for (const Case k : {Case{10, 7.0, K::exponential, 1.0}, Case{10, 7.0, K::lognormal, 1.5},
                       Case{10, 7.0, K::fixed, 0.0}, Case{30, 25.0, K::gamma, 0.5}}) {
    const auto p = test::erlang_market(k.c, k.a, k.kind, k.cv);
    const auto [mean, se] = off_contract_share(p, 200);
    const double exact = test::erlang_b(k.c, k.a);
    INFO("c=" << k.c << " a=" << k.a << " kind=" << int(k.kind) << " mean=" << mean << " se=" << se
              << " exact=" << exact);
    CHECK(std::fabs(mean - exact) < 4.0 * se + 0.002);
  }
  CHECK(test::erlang_b(10, 7.0) == Approx(0.078741).margin(1e-6));
  CHECK(test::erlang_b(30, 25.0) == Approx(0.052603).margin(1e-6));
  CHECK(test::erlang_b(100, 80.0) == Approx(0.003992).margin(1e-6));
}

TEST_CASE("no demand: no referrals, no placements, no spend on people") {
  auto p = test::busy_market();
  p.demand.clear();
  p.exits_enabled = false;
  const auto r = sim::run_replication(p, 0);
  for (const Service s : {Service::homecare, Service::supported_living}) {
    CHECK(total(r, s, Metric::referrals) == 0.0);
    CHECK(total(r, s, Metric::new_placements) == 0.0);
    CHECK(last(r, s, Metric::people_needing_care) == 0.0);
    CHECK(total(r, s, Metric::spend_off_contract_gbp) == 0.0);
  }
}

TEST_CASE("no contracted capacity: everyone placed goes off-contract, or waits") {
  auto p = test::erlang_market(0, 5.0, sim::Distribution::Kind::exponential, 1.0, 24);
  auto r = sim::run_replication(p, 0);
  CHECK(total(r, Service::homecare, Metric::new_placements) > 0.0);
  CHECK(total(r, Service::homecare, Metric::new_off_contract_placements) ==
        total(r, Service::homecare, Metric::new_placements));
  CHECK(last(r, Service::homecare, Metric::people_placed_local) == 0.0);
  // Without spot capacity nobody is placed at all.
  p.placement.unlimited_spot = {false, false};
  r = sim::run_replication(p, 0);
  CHECK(total(r, Service::homecare, Metric::new_placements) == 0.0);
  CHECK(last(r, Service::homecare, Metric::people_waiting) ==
        last(r, Service::homecare, Metric::people_needing_care));
  CHECK(last(r, Service::homecare, Metric::people_waiting) > 0.0);
}

TEST_CASE("unlimited capacity: everyone is placed locally on contract") {
  auto p = test::busy_market();
  p.exits_enabled = false;
  p.shocks.clear();
  p.framework.open = false;
  for (auto& b : p.market.branches) b.capacity_hours_per_week = 1e9;
  for (auto& pr : p.market.properties) pr.homes = 100000;
  p.placement.band_accepts = {{true, true, true}, {true, true, true}, {true, true, true}};
  p.placement.initial_off_contract_share = {0.0, 0.0};
  const auto r = sim::run_replication(p, 0);
  for (const Service s : {Service::homecare, Service::supported_living}) {
    CHECK(total(r, s, Metric::new_placements) > 0.0);
    CHECK(total(r, s, Metric::new_off_contract_placements) == 0.0);
    CHECK(total(r, s, Metric::people_waiting) == 0.0);
    CHECK(last(r, s, Metric::people_placed_neighbour) == 0.0);
    CHECK(last(r, s, Metric::people_off_contract) == 0.0);
    CHECK(last(r, s, Metric::people_placed_local) == last(r, s, Metric::people_needing_care));
  }
}

TEST_CASE("every provider exiting displaces everyone they served") {
  auto p = test::busy_market();
  p.exits_enabled = false;
  p.actions.clear();
  p.framework.open = false;
  p.shocks = {sim::ShockSpec{sim::ShockSpec::Target::largest, 100.0, 0, 1000, 0, 0.0,
                             sim::ExitMode::failure, -1}};
  p.exits.property_transfer_probability = 0.0;
  sim::Replication rep(p, 0);
  const auto r = rep.run();
  // After the shock no framework provider is left.
  for (const Service s : {Service::homecare, Service::supported_living}) {
    CHECK(last(r, s, Metric::providers_contracted) == 0.0);
    CHECK(last(r, s, Metric::people_placed_local) + last(r, s, Metric::people_placed_neighbour) ==
          0.0);
  }
  std::int64_t displaced = 0, at_start = 0;
  for (std::size_t i = 0; i < r.providers.size(); ++i) {
    if (p.market.providers[i].kind != sim::ProviderKind::framework) continue;
    CHECK(r.providers[i].exited);
    displaced += r.providers[i].people_displaced;
    at_start += r.providers[i].people_at_start;
  }
  CHECK(displaced >= at_start);
  CHECK(displaced ==
        static_cast<std::int64_t>(total(r, Service::homecare, Metric::people_displaced) +
                                  total(r, Service::supported_living, Metric::people_displaced)));
}

TEST_CASE("the invariants hold after every event with every mechanism on") {
  auto p = test::busy_market();
  p.run.audit = true;
  for (std::int64_t rep = 0; rep < 5; ++rep) {
    sim::Replication r(p, rep);
    REQUIRE_NOTHROW(r.run());
  }
  p.placement.choice = sim::ChoicePolicy::weighted_random;
  REQUIRE_NOTHROW(sim::run_replication(p, 7));
  p.placement.choice = sim::ChoicePolicy::cheapest;
  REQUIRE_NOTHROW(sim::run_replication(p, 8));
}

TEST_CASE("the ensemble gives identical results on 1 and 2 threads") {
  auto p = test::busy_market();
  auto collect = [&](int threads) {
    std::vector<double> all;
    sim::EnsembleOptions o;
    o.replications = 12;
    o.threads = threads;
    std::vector<std::int64_t> order;
    sim::run_ensemble(p, o, [&](sim::ReplicationResult&& r) {
      order.push_back(r.replication);
      all.insert(all.end(), r.metrics.values().begin(), r.metrics.values().end());
    });
    for (std::size_t i = 0; i < order.size(); ++i)
      REQUIRE(order[i] == static_cast<std::int64_t>(i));
    return all;
  };
  const auto one = collect(1);
  const auto two = collect(2);
  REQUIRE(one.size() == two.size());
  CHECK(std::memcmp(one.data(), two.data(), one.size() * sizeof(double)) == 0);
}
