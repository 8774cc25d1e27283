// The market-dynamics mechanisms against values worked out by hand: providers declining
// packages, the starting spot share, continuous entry, rate uplifts, package and referral
// growth, the clamped mean behind derived referral rates, and the accounting of exits, entries
// and placements by kind and tier. Statistical checks state their tolerance from the Monte
// Carlo error (binomial or Poisson standard errors, or the sample's).

#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

#include "sim/distribution.hpp"
#include "sim/ensemble.hpp"
#include "small_market.hpp"

using namespace caremarket;
using sim::Metric;
using sim::Service;

namespace {

double county_total(const sim::ReplicationResult& r, Service s, Metric m, std::size_t from = 0,
                    std::size_t to = SIZE_MAX) {
  double sum = 0.0;
  for (std::size_t k = from; k < std::min(to, r.metrics.periods()); ++k)
    sum += r.metrics.at(k, r.metrics.county(), s, m);
  return sum;
}

std::pair<double, double> mean_se(const std::vector<double>& x) {
  const double n = static_cast<double>(x.size());
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
  double ss = 0.0;
  for (const double v : x) ss += (v - mean) * (v - mean);
  return {mean, std::sqrt(ss / (n - 1.0) / n)};
}

std::vector<sim::ReplicationResult> run(const sim::ModelParams& p, std::int64_t replications) {
  std::vector<sim::ReplicationResult> out;
  sim::EnsembleOptions o;
  o.replications = replications;
  sim::run_ensemble(p, o, [&](sim::ReplicationResult&& r) { out.push_back(std::move(r)); });
  return out;
}

/// A plentiful single-district market: 100,000 contracted hours, unlimited spot, one-hour
/// packages, 30-day stays, no returns.
sim::ModelParams plentiful(double referrals_per_year) {
  auto p = test::erlang_market(100000, 1.0, sim::Distribution::Kind::fixed, 0.0, 24);
  p.demand[0].referrals_per_year = referrals_per_year;
  return p;
}

}  // namespace

TEST_CASE("every new mechanism on at once keeps the engine's invariants") {
  auto p = test::busy_market();
  p.run.audit = true;
  p.placement.out_of_area_reserve = {20.0, 1.0};
  p.placement.out_of_area_reserve_share = {0.1, 0.2};
  p.placement.return_home = {true, true};
  p.placement.acceptance_probability = {0.8, 0.85};
  p.placement.acceptance_package_slope = {0.1, 0.0};
  p.placement.acceptance_utilisation_slope = {0.2, 0.1};
  p.placement.initial_off_contract_share = {0.2, 0.2};
  p.entry.providers_per_year = {6.0, 3.0};
  p.entry.unmet_demand_response = 2.0;
  p.costs.uplift_on_anniversary = {true, false};
  p.costs.rate_uplifts[1] = {sim::RateUplift{200.0, 0.04}};
  for (auto& d : p.demand) {
    d.package_growth_per_year = 0.03;
    d.growth_by_year = {0.1, -0.05, 0.02};
  }
  REQUIRE_NOTHROW(run(p, 6));
}

TEST_CASE("placements, exits and entries add up by tier and by kind in every cell") {
  auto p = test::busy_market();
  p.entry.providers_per_year = {6.0, 3.0};
  p.placement.acceptance_probability = {0.8, 0.8};
  for (const auto& r : run(p, 4)) {
    for (std::size_t k = 0; k < r.metrics.periods(); ++k) {
      for (std::size_t a = 0; a <= r.metrics.county(); ++a) {
        for (const Service s : {Service::homecare, Service::supported_living}) {
          auto m = [&](Metric x) { return r.metrics.at(k, a, s, x); };
          CHECK(m(Metric::new_placements_local) + m(Metric::new_placements_neighbour) +
                    m(Metric::new_off_contract_placements) ==
                m(Metric::new_placements));
          CHECK(m(Metric::framework_exits) + m(Metric::spot_exits) + m(Metric::in_house_exits) ==
                m(Metric::provider_exits));
          CHECK(m(Metric::framework_entries) + m(Metric::spot_entries) +
                    m(Metric::in_house_entries) ==
                m(Metric::provider_entries));
        }
      }
    }
  }
}

TEST_CASE("a contracted provider that declines sends 1 - p of new referrals to spot") {
  // Plenty of contracted capacity: every referral finds a contracted place, and goes spot only
  // when the provider declines, which happens with probability 1 - p exactly (one uniform per
  // person). Binomial standard error on the pooled count.
  auto p = plentiful(3000.0);
  p.placement.acceptance_probability = {0.8, 1.0};
  double placed = 0.0, spot = 0.0;
  for (const auto& r : run(p, 8)) {
    placed += county_total(r, Service::homecare, Metric::new_placements);
    spot += county_total(r, Service::homecare, Metric::new_off_contract_placements);
  }
  const double share = spot / placed;
  const double se = std::sqrt(0.2 * 0.8 / placed);
  INFO("spot share " << share << " of " << placed << " placements");
  CHECK(std::fabs(share - 0.2) < 4.0 * se);
}

TEST_CASE(
    "a declined package with no spot place is taken on contract: nobody waits for a decline") {
  auto p = plentiful(3000.0);
  p.placement.unlimited_spot = {false, false};
  p.placement.acceptance_probability = {0.5, 1.0};
  for (const auto& r : run(p, 2)) {
    CHECK(county_total(r, Service::homecare, Metric::new_off_contract_placements) == 0.0);
    CHECK(r.totals.needs_ended_while_waiting[0] == 0);
    CHECK(county_total(r, Service::homecare, Metric::new_placements) ==
          county_total(r, Service::homecare, Metric::new_placements_local));
  }
}

TEST_CASE("the starting off-contract share holds at time 0 when providers decline packages") {
  // 2,000 people in care at the start, stays far beyond the horizon, no referrals, a spot
  // provider with room for all: each is placed spot with probability 0.1, and declines are not
  // drawn a second time for the others (that would give 0.1 + 0.9 x 0.1 = 0.19). With declines
  // on, the people bought spot are those whose packages the contracted providers declined and
  // they stay; with every offer accepted, the contracted places free at time 0 take them back.
  auto p = plentiful(0.0);
  p.placement.unlimited_spot = {false, false};
  p.market.providers.push_back({"spot", sim::ProviderKind::spot, 1.0, 1.0, 0.0});
  p.market.branches.push_back({1, 0, 100000.0, false});
  p.demand[0].initial_people = 2000;
  p.demand[0].length_of_stay_days =
      sim::Distribution{sim::Distribution::Kind::fixed, 1e9, 0.0, 0.0, sim::unlimited};
  p.placement.initial_off_contract_share = {0.1, 0.1};
  p.placement.return_to_contract_probability = {1.0, 1.0};
  p.placement.acceptance_probability = {0.9, 1.0};
  std::vector<double> share;
  for (const auto& r : run(p, 10))
    share.push_back(
        r.metrics.at(0, r.metrics.county(), Service::homecare, Metric::people_off_contract) /
        2000.0);
  const double pooled = std::accumulate(share.begin(), share.end(), 0.0) / 10.0;
  const double se = std::sqrt(0.1 * 0.9 / 20000.0);
  INFO("first-month off-contract share " << pooled);
  CHECK(std::fabs(pooled - 0.1) < 4.0 * se);

  p.placement.acceptance_probability = {1.0, 1.0};
  for (const auto& r : run(p, 2))
    CHECK(r.metrics.at(0, r.metrics.county(), Service::homecare, Metric::people_off_contract) ==
          0.0);
}

TEST_CASE("continuous entry adds spot providers between reopenings at the given rate") {
  // No reopenings; 24 homecare entrants a year for 2 years: a Poisson count of mean 48 per
  // replication, all spot, in the one district.
  auto p = plentiful(100.0);
  p.entry.providers_per_year = {24.0, 0.0};
  std::vector<double> entries;
  for (const auto& r : run(p, 20)) {
    entries.push_back(county_total(r, Service::homecare, Metric::spot_entries));
    CHECK(county_total(r, Service::homecare, Metric::framework_entries) == 0.0);
    CHECK(county_total(r, Service::homecare, Metric::provider_entries) == entries.back());
  }
  const double total = std::accumulate(entries.begin(), entries.end(), 0.0);
  // 24 month ticks in 24 months (a tick at each month's end, the horizon's included), each
  // counted in the month it ends.
  const double expected = 20.0 * 24.0 * 24.0 / 12.0;
  INFO("entries " << total << ", expected " << expected);
  CHECK(std::fabs(total - expected) < 4.0 * std::sqrt(expected));
}

TEST_CASE("rate uplifts: a step each anniversary, and steps on given dates") {
  // One person on 10 hours a week for the whole run at £20 an hour. April 2027 and April 2028
  // both have 30 days: with a 10% uplift on the anniversary their spends differ by exactly 1.1;
  // a 4% uplift on 1 October 2027 multiplies October's spend by 1.04 over September's per day.
  auto p = plentiful(0.0);
  p.demand[0].initial_people = 1;
  p.demand[0].package = sim::Distribution{sim::Distribution::Kind::fixed, 10.0, 0.0, 0.0, 100.0};
  p.demand[0].length_of_stay_days =
      sim::Distribution{sim::Distribution::Kind::fixed, 1e9, 0.0, 0.0, sim::unlimited};
  p.placement.initial_off_contract_share = {0.0, 0.0};
  p.costs.contract_rate_gbp_per_hour = {20.0, 20.0};
  p.costs.rate_uplift_per_year = {0.1, 0.0};
  p.costs.uplift_on_anniversary = {true, true};
  p.costs.rate_uplifts[0] = {sim::RateUplift{183.0, 0.04}};  // 2027-10-01 is day 183
  const auto r = run(p, 1).front();
  auto spend = [&](std::size_t month) {
    return r.metrics.at(month, r.metrics.county(), Service::homecare, Metric::spend_contract_gbp);
  };
  CHECK(spend(0) == Approx(10.0 * 20.0 * 30.0 / 7.0).epsilon(1e-12));
  CHECK(spend(12) == Approx(spend(0) * 1.1 * 1.04).epsilon(1e-12));
  CHECK(spend(6) / 31.0 == Approx(spend(5) / 30.0 * 1.04).epsilon(1e-12));
}

TEST_CASE("package growth scales new referrals' packages") {
  // Fixed 10-hour packages growing 10% a year, 30-day stays: everyone in care at the end of
  // month 24 was referred in its last 30 days, so the mean package lies between
  // 10 x 1.1^((T - 30) / Y) and 10 x 1.1^(T / Y), T the horizon in days.
  auto p = plentiful(2000.0);
  p.demand[0].package = sim::Distribution{sim::Distribution::Kind::fixed, 10.0, 0.0, 0.0, 1000.0};
  p.demand[0].package_growth_per_year = 0.1;
  const auto r = run(p, 1).front();
  const std::size_t last = r.metrics.periods() - 1;
  const double hours = r.metrics.at(last, r.metrics.county(), Service::homecare, Metric::demand);
  const double people =
      r.metrics.at(last, r.metrics.county(), Service::homecare, Metric::people_needing_care);
  const double horizon = 731.0;  // 2027-04-01 to 2029-04-01
  REQUIRE(people > 0.0);
  CHECK(hours / people > 10.0 * std::pow(1.1, (horizon - 30.0) / sim::days_per_year));
  CHECK(hours / people < 10.0 * std::pow(1.1, horizon / sim::days_per_year));
}

TEST_CASE("yearly growth rates drive referrals year by year") {
  // 1,000 referrals a year at the start, growing 50% in the first year and not after: the
  // expected referrals are 1000 x 0.5 / ln 1.5 in year 1 (the integral of 1.5^u over [0, 1])
  // and 1,500 in year 2. Poisson standard errors on the pooled counts.
  auto p = plentiful(1000.0);
  p.demand[0].growth_by_year = {0.5, 0.0};
  double first = 0.0, second = 0.0;
  const int n = 20;
  for (const auto& r : run(p, n)) {
    first += county_total(r, Service::homecare, Metric::referrals, 0, 12);
    second += county_total(r, Service::homecare, Metric::referrals, 12, 24);
  }
  // The first 12 months run 366 days (to 2028-04-01): the growing year of 365.25 days, then
  // 0.75 days at 1,500 a year; the next 12 months 365 days at 1,500 a year.
  const double Y = sim::days_per_year;
  const double e1 = n * (1000.0 * 0.5 / std::log(1.5) + 1500.0 * (366.0 - Y) / Y);
  const double e2 = n * 1500.0 * 365.0 / Y;
  INFO("year 1: " << first << " against " << e1 << "; year 2: " << second << " against " << e2);
  CHECK(std::fabs(first - e1) < 4.0 * std::sqrt(e1));
  CHECK(std::fabs(second - e2) < 4.0 * std::sqrt(e2));
}

TEST_CASE("the mean of a clamped distribution, exact, matches the mean of its draws") {
  // E[clamp(X, a, b)] by formula against 400,000 draws: within 4 standard errors.
  using K = sim::Distribution::Kind;
  const std::vector<sim::Distribution> cases{
      {K::lognormal, 548.0, 1.2, 7.0, 1095.0},  {K::lognormal, 548.0, 1.2, 7.0, 3650.0},
      {K::gamma, 700.0, 0.8, 30.0, 1000.0},     {K::exponential, 90.0, 1.0, 10.0, 120.0},
      {K::lognormal, 14.4, 0.8, 1.0, 80.0},     {K::fixed, 50.0, 0.0, 0.0, 40.0},
      {K::gamma, 5.0, 2.0, 0.0, sim::unlimited}};
  for (const auto& d : cases) {
    sim::RandomStream rng(7, 0, sim::StreamPurpose::test, 1);
    const int n = 400000;
    double sum = 0.0, sum2 = 0.0;
    for (int i = 0; i < n; ++i) {
      const double x = sim::draw(d, rng);
      sum += x;
      sum2 += x * x;
    }
    const double mean = sum / n;
    const double se = std::sqrt(std::max(0.0, sum2 / n - mean * mean) / n);
    INFO("mean " << d.mean << ", cv " << d.cv << ", [" << d.min << ", " << d.max << "]: draws "
                 << mean << " +- " << se << ", formula " << sim::mean_as_drawn(d));
    CHECK(std::fabs(sim::mean_as_drawn(d) - mean) <= 4.0 * se + 1e-9);
  }
  // A lognormal of mean 548 and cv 1.2 clamped to [7, 1095] has a mean near 455 days.
  CHECK(sim::mean_as_drawn({K::lognormal, 548.0, 1.2, 7.0, 1095.0}) == Approx(455).margin(5));
}

TEST_CASE("a referral rate derived from the clamped mean stay keeps the caseload in balance") {
  // 3,100 people, stays lognormal mean 548 days, cv 1.2, clamped to [7, 1095]; referrals at
  // 3,100 over the clamped mean stay (M/G/infinity: caseload = rate x mean stay). Before, the
  // nominal 548 days let the caseload fall to about 2,580 in four years. Tolerance: 4 standard
  // errors of the mean over replications plus 1% for the start's residual stays.
  auto p = plentiful(0.0);
  p.run.horizon_months = 48;
  p.demand[0].initial_people = 3100;
  p.demand[0].length_of_stay_days =
      sim::Distribution{sim::Distribution::Kind::lognormal, 548.0, 1.2, 7.0, 1095.0};
  p.demand[0].referrals_per_year =
      3100.0 / (sim::mean_as_drawn(p.demand[0].length_of_stay_days) / sim::days_per_year);
  std::vector<double> final;
  for (const auto& r : run(p, 12)) {
    final.push_back(r.metrics.at(r.metrics.periods() - 1, r.metrics.county(), Service::homecare,
                                 Metric::people_needing_care));
  }
  const auto [mean, se] = mean_se(final);
  INFO("caseload after four years " << mean << " +- " << se);
  CHECK(std::fabs(mean - 3100.0) < 4.0 * se + 31.0);
}

TEST_CASE("two districts swap people without an out-of-area reserve and far less with one") {
  // Two districts of 30 one-hour places each, each offered a load of 28.5 (95%), exponential
  // stays of 30 days, unlimited spot, nobody moving back: each district's overflow takes the
  // other's places, pushing the other's referrals out in turn. A reserve of 3 places (trunk
  // reservation) keeps each district's last places for its own people: far fewer people are
  // placed away from home for almost the same off-contract share. Means over 40 replications
  // after a one-year warm-up; the comparison is paired (common random numbers).
  auto p = test::erlang_market(30, 28.5, sim::Distribution::Kind::exponential, 1.0, 60);
  p.district_codes = {"E07000105", "E07000106"};
  p.district_names = {"A", "B"};
  p.neighbours = {{1}, {0}};
  p.demand.push_back(p.demand[0]);
  p.demand[1].district = 1;
  p.market.providers.push_back({"contracted B", sim::ProviderKind::framework, 1.0, 1.0, 0.0});
  p.market.branches.push_back({1, 1, 30.0, false});
  auto measure = [&](double reserve) {
    p.placement.out_of_area_reserve = {reserve, 0.0};
    std::vector<double> away, off;
    for (const auto& r : run(p, 40)) {
      double a = 0.0, o = 0.0, placed = 0.0;
      for (std::size_t k = 12; k < r.metrics.periods(); ++k) {
        a +=
            r.metrics.at(k, r.metrics.county(), Service::homecare, Metric::people_placed_neighbour);
        o += r.metrics.at(k, r.metrics.county(), Service::homecare,
                          Metric::new_off_contract_placements);
        placed += r.metrics.at(k, r.metrics.county(), Service::homecare, Metric::new_placements);
      }
      away.push_back(a / static_cast<double>(r.metrics.periods() - 12));
      off.push_back(o / placed);
    }
    return std::pair{away, off};
  };
  const auto [away0, off0] = measure(0.0);
  const auto [away3, off3] = measure(3.0);
  const auto [a0, a0_se] = mean_se(away0);
  const auto [a3, a3_se] = mean_se(away3);
  const auto [o0, o0_se] = mean_se(off0);
  const auto [o3, o3_se] = mean_se(off3);
  INFO("people placed out of area: " << a0 << " +- " << a0_se << " without a reserve, " << a3
                                     << " +- " << a3_se << " with 3 places");
  INFO("off-contract share of placements: " << o0 << " +- " << o0_se << " without, " << o3 << " +- "
                                            << o3_se << " with");
  CHECK(a3 + 4.0 * a3_se < 0.5 * (a0 - 4.0 * a0_se));
  CHECK(o3 - o0 < 0.05);
  CHECK(o3 > o0 - 4.0 * (o0_se + o3_se));
}

TEST_CASE("a provider with no capacity is counted in no provider figure and never exits") {
  // Three framework providers in one district: one with 100 hours, one with a branch of 0 hours,
  // one with nothing at all. A hazard of 1,000 a year makes every provider that can leave leave
  // in the first month (probability 1 - exp(-1000/12), 1 to machine precision). Expected, worked
  // by hand: 1 framework exit (the provider with hours, in the first month's tick, before the
  // first period ends), so 0 providers contracted at every period's end; the two empty ones
  // never exit and are never counted.
  auto p = test::erlang_market(100, 0.5, sim::Distribution::Kind::fixed, 0.0, 6);
  p.market.providers.push_back(
      sim::ProviderSpec{"zero hours", sim::ProviderKind::framework, 1.0, 1.0, 0.0});
  p.market.branches.push_back(sim::BranchSpec{1, 0, 0.0, false});
  p.market.providers.push_back(
      sim::ProviderSpec{"nothing", sim::ProviderKind::framework, 1.0, 1.0, 0.0});
  CHECK(sim::providers_without_capacity(p.market) == 2);
  p.exits_enabled = true;
  p.exits.base_hazard_per_year = {1000.0, 1000.0, 0.0};
  p.exits.handback_probability = 0.0;  // failures: nothing is kept
  p.entry.providers_per_year = {0.0, 0.0};
  for (const auto& r : run(p, 3)) {
    CHECK(county_total(r, Service::homecare, Metric::provider_exits) == 1.0);
    CHECK(county_total(r, Service::homecare, Metric::framework_exits) == 1.0);
    for (std::size_t k = 0; k < r.metrics.periods(); ++k) {
      CHECK(r.metrics.at(k, r.metrics.county(), Service::homecare, Metric::providers_contracted) ==
            0.0);
    }
  }
  // Without exits, only the provider with hours is counted.
  p.exits_enabled = false;
  for (const auto& r : run(p, 1)) {
    for (std::size_t k = 0; k < r.metrics.periods(); ++k) {
      CHECK(r.metrics.at(k, r.metrics.county(), Service::homecare, Metric::providers_contracted) ==
            1.0);
      CHECK(r.metrics.at(k, 0, Service::homecare, Metric::providers_contracted) == 1.0);
    }
  }
}

TEST_CASE("a hand-back that keeps no capacity leaves no spot provider to exit again") {
  // One framework provider hands back (every exit a hand-back) keeping a share of 0 of its
  // hours: one framework exit, then nothing left, so no spot exit follows however high the
  // spot hazard. With a share of 0.5 it stays as a spot provider and, at this hazard, leaves
  // again as a spot provider within a month or two: 1 framework and 1 spot exit.
  auto p = test::erlang_market(100, 0.5, sim::Distribution::Kind::fixed, 0.0, 6);
  p.exits_enabled = true;
  p.exits.base_hazard_per_year = {1000.0, 1000.0, 0.0};
  p.exits.handback_probability = 1.0;
  p.entry.providers_per_year = {0.0, 0.0};
  p.exits.handback_retained_capacity_share = 0.0;
  for (const auto& r : run(p, 3)) {
    CHECK(county_total(r, Service::homecare, Metric::framework_exits) == 1.0);
    CHECK(county_total(r, Service::homecare, Metric::spot_exits) == 0.0);
  }
  p.exits.handback_retained_capacity_share = 0.5;
  for (const auto& r : run(p, 3)) {
    CHECK(county_total(r, Service::homecare, Metric::framework_exits) == 1.0);
    CHECK(county_total(r, Service::homecare, Metric::spot_exits) == 1.0);
  }
}
