// Verification of the engine against identities and exact answers (docs/validation.md):
// conservation of people and of money, Little's law on the waiting list and on occupancy, the
// cascade's order, an overflow network between two districts against its exact Markov-chain
// solution, and exits and displacements in a hand-computed case.

#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

#include "sim/ensemble.hpp"
#include "small_market.hpp"

using namespace caremarket;
using sim::Metric;
using sim::Service;

namespace {

double last(const sim::ReplicationResult& r, Service s, Metric m, std::size_t area) {
  return r.metrics.at(r.metrics.periods() - 1, area, s, m);
}

double metric_total(const sim::ReplicationResult& r, Service s, Metric m) {
  double sum = 0.0;
  for (std::size_t p = 0; p < r.metrics.periods(); ++p)
    sum += r.metrics.at(p, r.metrics.county(), s, m);
  return sum;
}

/// A market whose people stay for the whole run: package `hours`, `people` of them in district
/// 0 from the start, fixed stays far beyond the horizon, no referrals, no exits, no uplifts.
sim::ModelParams static_market(int people, double hours) {
  auto p = test::erlang_market(0, 1.0, sim::Distribution::Kind::fixed, 0.0, 24);
  p.demand[0].referrals_per_year = 0.0;
  p.demand[0].initial_people = people;
  p.demand[0].package =
      sim::Distribution{sim::Distribution::Kind::fixed, hours, 0.0, 0.0, sim::unlimited};
  p.demand[0].length_of_stay_days =
      sim::Distribution{sim::Distribution::Kind::fixed, 1e12, 0.0, 0.0, sim::unlimited};
  p.costs.rate_uplift_per_year = {0.0, 0.0};
  p.costs.cost_growth_per_year = {0.0, 0.0};
  p.placement.initial_off_contract_share = {0.0, 0.0};
  return p;
}

}  // namespace

TEST_CASE("people are conserved: in = ended + still in care") {
  auto p = test::busy_market();
  for (std::int64_t rep = 0; rep < 4; ++rep) {
    const auto r = sim::run_replication(p, rep);
    for (std::size_t si = 0; si < sim::service_count; ++si) {
      const auto s = static_cast<Service>(si);
      const auto& t = r.totals;
      CHECK(t.initial_people[si] + t.referrals[si] == t.needs_ended_while_placed[si] +
                                                          t.needs_ended_while_waiting[si] +
                                                          t.people_in_care_at_end[si]);
      CHECK(static_cast<double>(t.people_in_care_at_end[si]) ==
            last(r, s, Metric::people_needing_care, r.metrics.county()));
    }
  }
}

TEST_CASE("Little's law holds on the waiting list, as a sample-path identity") {
  auto p = test::busy_market();
  for (std::int64_t rep = 0; rep < 4; ++rep) {
    const auto r = sim::run_replication(p, rep);
    for (std::size_t si = 0; si < sim::service_count; ++si) {
      const auto& t = r.totals;
      INFO("service " << si << " integral " << t.waiting_person_days[si]);
      CHECK(t.waiting_person_days[si] ==
            Approx(t.completed_wait_days[si] + t.open_wait_days[si]).epsilon(1e-9).margin(1e-6));
    }
  }
}

TEST_CASE("Little's law on occupancy: mean people on contract = accepted rate x mean stay") {
  // Erlang loss system: mean busy places = a (1 - B(c, a)). End-of-month snapshots of a
  // stationary process estimate its time average; tolerance four standard errors over
  // replications, after a one-year warm-up (30-day stays: the start is forgotten in weeks).
  const int c = 10;
  const double a = 7.0;
  const auto p = test::erlang_market(c, a, sim::Distribution::Kind::lognormal, 1.2, 72);
  std::vector<double> means;
  sim::EnsembleOptions o;
  o.replications = 100;
  sim::run_ensemble(p, o, [&](sim::ReplicationResult&& r) {
    double sum = 0.0;
    int n = 0;
    for (std::size_t k = 12; k < r.metrics.periods(); ++k, ++n) {
      sum += r.metrics.at(k, 0, Service::homecare, Metric::people_placed_local);
    }
    means.push_back(sum / n);
  });
  const double m =
      std::accumulate(means.begin(), means.end(), 0.0) / static_cast<double>(means.size());
  double ss = 0.0;
  for (const double x : means) ss += (x - m) * (x - m);
  const double se =
      std::sqrt(ss / static_cast<double>(means.size() - 1) / static_cast<double>(means.size()));
  const double exact = a * (1.0 - test::erlang_b(c, a));
  INFO("mean " << m << " se " << se << " exact " << exact);
  CHECK(std::fabs(m - exact) < 4.0 * se);
}

TEST_CASE("money: spend is hours delivered times the rate, on and off contract") {
  const double hours = 10.0;
  const int people = 7;
  const double rate = 26.0;
  const double premium = 0.15;
  // On contract: unlimited contracted capacity.
  auto on = static_market(people, hours);
  on.market.branches[0].capacity_hours_per_week = 1e9;
  on.costs.contract_rate_gbp_per_hour = {rate, rate};
  on.costs.spot_premium = {premium, premium};
  const auto r_on = sim::run_replication(on, 0);
  const double days =
      sim::period_boundaries(on.run.start, on.run.horizon_months, on.run.period).back();
  const double hours_delivered = people * hours * days / 7.0;
  CHECK(metric_total(r_on, Service::homecare, Metric::spend_contract_gbp) ==
        Approx(hours_delivered * rate).epsilon(1e-9));
  CHECK(metric_total(r_on, Service::homecare, Metric::spend_off_contract_gbp) == 0.0);
  // Off contract: no contracted capacity, unlimited spot.
  auto off = on;
  off.market.branches[0].capacity_hours_per_week = 0.0;
  const auto r_off = sim::run_replication(off, 0);
  CHECK(metric_total(r_off, Service::homecare, Metric::spend_contract_gbp) == 0.0);
  CHECK(metric_total(r_off, Service::homecare, Metric::spend_off_contract_gbp) ==
        Approx(hours_delivered * rate * (1.0 + premium)).epsilon(1e-9));
  CHECK(metric_total(r_off, Service::homecare, Metric::off_contract_premium_gbp) ==
        Approx(hours_delivered * rate * premium).epsilon(1e-9));
  // Block purchase: paid for as capacity, whether used or not.
  auto block = on;
  block.market.branches[0].capacity_hours_per_week = 100.0;
  block.market.branches[0].block_purchased = true;
  const auto r_block = sim::run_replication(block, 0);
  CHECK(metric_total(r_block, Service::homecare, Metric::spend_contract_gbp) ==
        Approx(100.0 * days / 7.0 * rate).epsilon(1e-9));
}

TEST_CASE("the cascade goes local contract, neighbour contract, local spot, neighbour spot, wait") {
  // Districts A - B - C in a line; demand only in A; one place of each kind in A and B, and a
  // contracted place in C, two hops away, that the cascade must not use.
  auto p = test::busy_market();
  p.demand.clear();
  sim::DemandStream d;
  d.district = 0;
  d.referrals_per_year = 0.0;
  d.initial_people = 9;
  d.package = sim::Distribution{sim::Distribution::Kind::fixed, 1.0, 0.0, 0.0, sim::unlimited};
  d.length_of_stay_days =
      sim::Distribution{sim::Distribution::Kind::fixed, 1e12, 0.0, 0.0, sim::unlimited};
  p.demand.push_back(d);
  p.market = {};
  p.market.providers = {{"contract A", sim::ProviderKind::framework, 1.0, 1.0, 0.0},
                        {"contract B", sim::ProviderKind::framework, 1.0, 1.0, 0.0},
                        {"spot A", sim::ProviderKind::spot, 1.0, 1.0, 0.0},
                        {"spot B", sim::ProviderKind::spot, 1.0, 1.0, 0.0},
                        {"contract C", sim::ProviderKind::framework, 1.0, 1.0, 0.0}};
  p.market.branches = {{0, 0, 1.0, false},
                       {1, 1, 1.0, false},
                       {2, 0, 1.0, false},
                       {3, 1, 1.0, false},
                       {4, 2, 5.0, false}};
  p.placement.initial_off_contract_share = {0.0, 0.0};
  p.exits_enabled = false;
  p.shocks.clear();
  p.actions.clear();
  p.framework.open = false;
  p.workforce.capacity_volatility_per_year = 0.0;
  const auto r = sim::run_replication(p, 0);
  const std::size_t a = 0;
  CHECK(last(r, Service::homecare, Metric::people_placed_local, a) == 1.0);
  CHECK(last(r, Service::homecare, Metric::people_placed_neighbour, a) == 1.0);
  CHECK(last(r, Service::homecare, Metric::people_off_contract, a) == 2.0);
  CHECK(last(r, Service::homecare, Metric::people_waiting, a) == 5.0);
}

TEST_CASE("an overflow network of two districts matches its exact Markov chain") {
  // Districts A and B, each with c contracted places, neighbours of each other; a person finding
  // their own district full overflows to the other's contracted places, else goes off-contract
  // (unlimited spot). With exponential stays of one mean the occupancy (i, j) is a Markov chain;
  // its stationary distribution gives the off-contract share of referrals (PASTA), and the share
  // of A's referrals placed in B. With an out-of-area reserve of r places (trunk reservation) a
  // district takes the other's overflow only while it keeps r places free after it: A's
  // overflow enters B only when j < c - r.
  const int c = 3;
  const int reserve = GENERATE(0, 1);
  INFO("out-of-area reserve " << reserve);
  const double stay = 30.0;
  const double la = 2.5 / stay, lb = 1.5 / stay, mu = 1.0 / stay;  // per day
  const int n = (c + 1) * (c + 1);
  auto idx = [&](int i, int j) { return i * (c + 1) + j; };
  std::vector<std::vector<double>> q(static_cast<std::size_t>(n),
                                     std::vector<double>(static_cast<std::size_t>(n), 0.0));
  auto add = [&](int from, int to, double rate) {
    q[static_cast<std::size_t>(from)][static_cast<std::size_t>(to)] += rate;
    q[static_cast<std::size_t>(from)][static_cast<std::size_t>(from)] -= rate;
  };
  for (int i = 0; i <= c; ++i) {
    for (int j = 0; j <= c; ++j) {
      const int s = idx(i, j);
      if (i < c)
        add(s, idx(i + 1, j), la);
      else if (j < c - reserve)
        add(s, idx(i, j + 1), la);
      if (j < c)
        add(s, idx(i, j + 1), lb);
      else if (i < c - reserve)
        add(s, idx(i + 1, j), lb);
      if (i > 0) add(s, idx(i - 1, j), i * mu);
      if (j > 0) add(s, idx(i, j - 1), j * mu);
    }
  }
  // Solve pi Q = 0, sum pi = 1, by Gaussian elimination on the transposed system.
  std::vector<std::vector<double>> m(static_cast<std::size_t>(n),
                                     std::vector<double>(static_cast<std::size_t>(n + 1), 0.0));
  for (int r = 0; r < n; ++r) {
    for (int k = 0; k < n; ++k)
      m[static_cast<std::size_t>(r)][static_cast<std::size_t>(k)] =
          q[static_cast<std::size_t>(k)][static_cast<std::size_t>(r)];
  }
  for (int k = 0; k < n; ++k) m[static_cast<std::size_t>(n - 1)][static_cast<std::size_t>(k)] = 1.0;
  m[static_cast<std::size_t>(n - 1)][static_cast<std::size_t>(n)] = 1.0;
  for (int col = 0; col < n; ++col) {
    int pivot = col;
    for (int r = col + 1; r < n; ++r) {
      if (std::fabs(m[static_cast<std::size_t>(r)][static_cast<std::size_t>(col)]) >
          std::fabs(m[static_cast<std::size_t>(pivot)][static_cast<std::size_t>(col)]))
        pivot = r;
    }
    std::swap(m[static_cast<std::size_t>(col)], m[static_cast<std::size_t>(pivot)]);
    for (int r = 0; r < n; ++r) {
      if (r == col) continue;
      const double f = m[static_cast<std::size_t>(r)][static_cast<std::size_t>(col)] /
                       m[static_cast<std::size_t>(col)][static_cast<std::size_t>(col)];
      for (int k = col; k <= n; ++k)
        m[static_cast<std::size_t>(r)][static_cast<std::size_t>(k)] -=
            f * m[static_cast<std::size_t>(col)][static_cast<std::size_t>(k)];
    }
  }
  std::vector<double> pi(static_cast<std::size_t>(n));
  for (int k = 0; k < n; ++k)
    pi[static_cast<std::size_t>(k)] = m[static_cast<std::size_t>(k)][static_cast<std::size_t>(n)] /
                                      m[static_cast<std::size_t>(k)][static_cast<std::size_t>(k)];
  // Referrals of A go off-contract in (c, j >= c - r), of B in (i >= c - r, c).
  double exact_a_off = 0.0, exact_b_off = 0.0, exact_a_in_b = 0.0;
  for (int k = 0; k <= c; ++k) {
    if (k >= c - reserve) exact_a_off += pi[static_cast<std::size_t>(idx(c, k))];
    if (k >= c - reserve) exact_b_off += pi[static_cast<std::size_t>(idx(k, c))];
    if (k < c - reserve) exact_a_in_b += pi[static_cast<std::size_t>(idx(c, k))];
  }
  const double exact_off = (la * exact_a_off + lb * exact_b_off) / (la + lb);

  sim::ModelParams p = test::erlang_market(c, 1.0, sim::Distribution::Kind::exponential, 1.0, 120);
  p.district_codes = {"E07000105", "E07000106"};
  p.district_names = {"A", "B"};
  p.neighbours = {{1}, {0}};
  p.demand.push_back(p.demand[0]);
  p.demand[0].referrals_per_year = la * sim::days_per_year;
  p.demand[1].district = 1;
  p.demand[1].referrals_per_year = lb * sim::days_per_year;
  p.market.providers.push_back({"contracted B", sim::ProviderKind::framework, 1.0, 1.0, 0.0});
  p.market.branches.push_back({1, 1, static_cast<double>(c), false});
  p.placement.out_of_area_reserve = {static_cast<double>(reserve), 0.0};

  std::vector<double> off, a_in_b;
  sim::EnsembleOptions o;
  o.replications = 200;
  sim::run_ensemble(p, o, [&](sim::ReplicationResult&& r) {
    const auto hc = static_cast<std::size_t>(Service::homecare);
    off.push_back(static_cast<double>(r.totals.first_placements_off_contract[hc]) /
                  static_cast<double>(r.totals.first_placements[hc]));
    // By Little's law, mean people of A placed in B = rate of A's referrals sent to B x stay,
    // so the stock (after a one-year warm-up) over la x stay estimates that share.
    double neighbour = 0.0;
    for (std::size_t k = 12; k < r.metrics.periods(); ++k) {
      neighbour += r.metrics.at(k, 0, Service::homecare, Metric::people_placed_neighbour);
    }
    a_in_b.push_back(neighbour / static_cast<double>(r.metrics.periods() - 12) / (la * stay));
  });
  auto mean_se = [](const std::vector<double>& x) {
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
    double ss = 0.0;
    for (const double v : x) ss += (v - mean) * (v - mean);
    return std::pair{
        mean, std::sqrt(ss / static_cast<double>(x.size() - 1) / static_cast<double>(x.size()))};
  };
  const auto [off_mean, off_se] = mean_se(off);
  INFO("off-contract share " << off_mean << " +- " << off_se << ", exact " << exact_off);
  CHECK(std::fabs(off_mean - exact_off) < 4.0 * off_se + 0.002);
  const auto [ab_mean, ab_se] = mean_se(a_in_b);
  INFO("share of A's referrals placed in B " << ab_mean << " +- " << ab_se << ", exact "
                                             << exact_a_in_b);
  CHECK(std::fabs(ab_mean - exact_a_in_b) < 4.0 * ab_se);
}

namespace {

/// Two districts, each the other's neighbour: A with provider 0's 5 hours (5 people of 1 hour
/// at the start), B with provider 1's 10 free hours; no unlimited spot.
sim::ModelParams two_district_market() {
  auto p = static_market(5, 1.0);
  p.district_codes = {"E07000105", "E07000106"};
  p.district_names = {"A", "B"};
  p.neighbours = {{1}, {0}};
  p.market.branches[0].capacity_hours_per_week = 5.0;
  p.market.providers.push_back({"contracted B", sim::ProviderKind::framework, 1.0, 1.0, 0.0});
  p.market.branches.push_back({1, 1, 10.0, false});
  p.placement.unlimited_spot = {false, false};
  return p;
}

}  // namespace

TEST_CASE("a named provider failing displaces exactly its people, who move to the neighbour") {
  auto p = two_district_market();
  p.shocks.push_back(sim::ShockSpec{sim::ShockSpec::Target::named, 10.0, 0, 1, 0, 0.0,
                                    sim::ExitMode::failure, -1});
  const auto r = sim::run_replication(p, 0);
  REQUIRE(r.providers.size() == 2);
  CHECK(r.providers[0].exited);
  CHECK(r.providers[0].people_at_start == 5);
  CHECK(r.providers[0].people_displaced == 5);
  CHECK_FALSE(r.providers[1].exited);
  CHECK(r.metrics.at(0, 0, Service::homecare, Metric::people_displaced) == 5.0);
  CHECK(r.metrics.at(0, r.metrics.county(), Service::homecare, Metric::provider_exits) == 1.0);
  CHECK(last(r, Service::homecare, Metric::people_placed_neighbour, 0) == 5.0);
  CHECK(last(r, Service::homecare, Metric::people_placed_local, 0) == 0.0);
  CHECK(last(r, Service::homecare, Metric::providers_contracted, r.metrics.county()) == 1.0);
}

TEST_CASE("a named shock's service filter spares a provider without that service") {
  // Provider 0 has homecare branches only, so a named shock filtered to supported living takes
  // nothing; filtered to homecare, it takes the provider.
  auto p = two_district_market();
  p.shocks.push_back(
      sim::ShockSpec{sim::ShockSpec::Target::named, 10.0, 0, 1, 0, 0.0, sim::ExitMode::failure, 1});
  const auto spared = sim::run_replication(p, 0);
  CHECK_FALSE(spared.providers[0].exited);
  CHECK(spared.providers[0].people_displaced == 0);
  p.shocks.back().service = 0;
  const auto taken = sim::run_replication(p, 0);
  CHECK(taken.providers[0].exited);
  CHECK(taken.providers[0].people_displaced == 5);
}
