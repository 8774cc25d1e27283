#include "results/ensemble_summary.hpp"

#include <tbb/global_control.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "results/kpis.hpp"
#include "tests/results/fixture.hpp"

using namespace caremarket;
using results::testing::fixture_params;
using results::testing::fixture_periods;
using results::testing::fixture_result;

namespace {

std::size_t kpi_index(const std::string& name, sim::Service s) {
  const auto table = results::kpi_table();
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i].name == name && table[i].service == s) return i;
  }
  FAIL("no KPI " << name);
  return 0;
}

results::EnsembleSummary fixture_summary() {
  results::EnsembleSummary summary(fixture_params(), fixture_periods);
  for (std::int64_t r = 0; r < 3; ++r) summary.add(fixture_result(r));
  return summary;
}

}  // namespace

TEST_CASE("the KPI table has unique names per service and units in the capacity names",
          "[ensemble_summary]") {
  std::set<std::pair<std::string, int>> seen;
  bool homecare_hours = false;
  bool supported_living_hours = false;
  for (const auto& k : results::kpi_table()) {
    CHECK(seen.insert({k.name, static_cast<int>(k.service)}).second);
    CHECK_FALSE(k.description.empty());
    if (k.name == "homecare_hours_waiting_mean") {
      (k.service == sim::Service::homecare ? homecare_hours : supported_living_hours) = true;
    }
  }
  CHECK(homecare_hours);
  CHECK_FALSE(supported_living_hours);
  CHECK_NOTHROW(kpi_index("capacity_gap_final_hours_per_week", sim::Service::homecare));
  CHECK_NOTHROW(kpi_index("capacity_gap_final_homes", sim::Service::supported_living));
}

TEST_CASE("KPIs of one replication follow their definitions", "[ensemble_summary]") {
  const auto result = fixture_result(1);
  const auto& m = result.metrics;
  const auto hc = sim::Service::homecare;
  const std::size_t c = m.county();
  auto kpi = [&](const std::string& name, sim::Service s = sim::Service::homecare) {
    return results::compute_kpi(results::kpi_table()[kpi_index(name, s)], result);
  };
  double referrals = 0;
  double placements = 0;
  double off = 0;
  double waits = 0;
  double waiting = 0;
  for (std::size_t p = 0; p < fixture_periods; ++p) {
    referrals += m.at(p, c, hc, sim::Metric::referrals);
    placements += m.at(p, c, hc, sim::Metric::new_placements);
    off += m.at(p, c, hc, sim::Metric::new_off_contract_placements);
    waits += m.at(p, c, hc, sim::Metric::wait_days_total);
    waiting += m.at(p, c, hc, sim::Metric::people_waiting);
  }
  CHECK(kpi("referrals_total") == referrals);
  CHECK(kpi("off_contract_placement_share") == off / placements);
  CHECK(kpi("mean_wait_days") == waits / placements);
  CHECK(kpi("people_waiting_mean") == waiting / 3.0);
  CHECK(kpi("people_waiting_final") == m.at(2, c, hc, sim::Metric::people_waiting));
  CHECK(kpi("off_contract_share_final") == m.at(2, c, hc, sim::Metric::off_contract_share));
  CHECK(kpi("capacity_gap_final_hours_per_week") == m.at(2, c, hc, sim::Metric::capacity_gap));
  CHECK(kpi("needs_ended_while_waiting_total") == 1.0);
  CHECK(results::compute_kpis(result).size() == results::kpi_table().size());
}

TEST_CASE("the ensemble summary folds cells, KPIs and providers", "[ensemble_summary]") {
  const auto summary = fixture_summary();
  CHECK(summary.replications() == 3);
  CHECK(summary.first_replication() == 0);
  CHECK(summary.events() == 1000 + 1001 + 1002);

  const auto& waiting = summary.cell(1, 0, sim::Service::homecare, sim::Metric::people_waiting);
  CHECK(waiting.count() == 3);
  CHECK(waiting.mean() == 3.0);
  CHECK(waiting.sd() == std::sqrt(7.0));
  CHECK(waiting.p50() == 2.0);

  // The internal numerator stays summarised, so mean_wait_days can be recombined.
  CHECK(summary.cell(0, 0, sim::Service::homecare, sim::Metric::wait_days_total).mean() == 200.0);

  CHECK(summary.probability_of_exit(0) == Approx(2.0 / 3.0));
  CHECK(summary.mean_people_displaced(0) == 4.0);
  CHECK(summary.mean_people_at_start(0) == 40.0);
  CHECK(summary.probability_of_exit(1) == 0.0);
  CHECK(summary.probability_of_exit(3) == 1.0);
}

TEST_CASE("the ensemble summary refuses results of the wrong shape or order",
          "[ensemble_summary]") {
  results::EnsembleSummary summary(fixture_params(), fixture_periods);
  auto wrong_periods = fixture_result(0);
  wrong_periods.metrics = sim::ReplicationMetrics(fixture_periods + 1, 2);
  CHECK_THROWS_AS(summary.add(wrong_periods), std::invalid_argument);
  auto wrong_providers = fixture_result(0);
  wrong_providers.providers.pop_back();
  CHECK_THROWS_AS(summary.add(wrong_providers), std::invalid_argument);
  CHECK(summary.replications() == 0);

  summary.add(fixture_result(5));
  CHECK(summary.first_replication() == 5);
  CHECK_THROWS_AS(summary.add(fixture_result(7)), std::logic_error);
  CHECK_NOTHROW(summary.add(fixture_result(6)));
  CHECK_THROWS_AS(
      summary.cell(fixture_periods, 0, sim::Service::homecare, sim::Metric::people_waiting),
      std::out_of_range);
}

TEST_CASE("KPI quantiles stay exact past the cells' cap: 400 replications, cap 5",
          "[ensemble_summary]") {
  // The cells switch to P² after 5 values; the KPIs must not. The runs repeat five patterns
  // (fixture replication (37 r) mod 5), so each KPI takes at most five values, like a count;
  // the expected quantiles are type 7 of the sorted values, computed here from the definition.
  results::EnsembleSummaryOptions options;
  options.exact_cap = 5;
  results::EnsembleSummary summary(fixture_params(), fixture_periods, options);
  const auto table = results::kpi_table();
  std::vector<std::vector<double>> values(table.size());
  for (std::int64_t r = 0; r < 400; ++r) {
    auto result = fixture_result((37 * r) % 5);
    result.replication = r;
    for (std::size_t k = 0; k < table.size(); ++k)
      values[k].push_back(results::compute_kpi(table[k], result));
    summary.add(result);
  }
  for (std::size_t k = 0; k < table.size(); ++k) {
    std::vector<double> v = values[k];
    std::sort(v.begin(), v.end());
    const auto type7 = [&](double p) {
      const double h = static_cast<double>(v.size() - 1) * p;
      const auto lo = static_cast<std::size_t>(std::floor(h));
      const std::size_t hi = std::min(lo + 1, v.size() - 1);
      return v[lo] + (h - std::floor(h)) * (v[hi] - v[lo]);
    };
    INFO(table[k].name);
    const auto& s = summary.kpi(k);
    if (std::isnan(v.front())) continue;
    CHECK(s.quantiles_exact());
    CHECK(s.p05() == type7(0.05));
    CHECK(s.p50() == type7(0.50));
    CHECK(s.p95() == type7(0.95));
  }
}

TEST_CASE("spend by year sums each replication's periods before taking statistics",
          "[ensemble_summary]") {
  const auto summary = fixture_summary();
  // Three months from the start: one (short) year of the run.
  REQUIRE(summary.spend_years() == 1);
  CHECK(summary.spend_year_dates(0).first == sim::to_iso(fixture_params().run.start));
  for (const auto service : {sim::Service::homecare, sim::Service::supported_living}) {
    const auto s = static_cast<std::size_t>(service);
    const auto yearly = [&](std::int64_t r, sim::Metric m) {
      const auto result = fixture_result(r);
      double sum = 0;
      for (std::size_t p = 0; p < fixture_periods; ++p)
        sum += result.metrics.at(p, result.metrics.county(), service, m);
      return sum;
    };
    double contract = 0, total = 0;
    for (std::int64_t r = 0; r < 3; ++r) {
      contract += yearly(r, sim::Metric::spend_contract_gbp);
      total += yearly(r, sim::Metric::spend_contract_gbp) +
               yearly(r, sim::Metric::spend_off_contract_gbp) +
               yearly(r, sim::Metric::spend_in_house_gbp);
    }
    CHECK(summary.spend(0, s, results::SpendCategory::contract).mean() == Approx(contract / 3));
    CHECK(summary.spend(0, s, results::SpendCategory::total).mean() == Approx(total / 3));
  }
  // Both services together: the sum of the two.
  const double both = summary.spend(0, 0, results::SpendCategory::premium).mean() +
                      summary.spend(0, 1, results::SpendCategory::premium).mean();
  CHECK(summary.spend(0, sim::service_count, results::SpendCategory::premium).mean() ==
        Approx(both));
}

TEST_CASE("the summary gives the same figures on any threads, past the exact cap",
          "[ensemble_summary]") {
  // 60 months x 3 areas x 2 services x 23 metrics: more cells than one block of add's parallel
  // loop, and 300 replications: past the exact cap, so the P² markers, which depend on the
  // order of the values, are compared too.
  auto params = fixture_params();
  params.run.horizon_months = 60;
  params.run.replications = 300;
  const std::size_t periods = 60;
  const auto result = [&](std::int64_t r) {
    sim::ReplicationResult res;
    res.replication = r;
    res.metrics = sim::ReplicationMetrics(periods, 2);
    std::uint64_t x = 0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(r + 1);
    for (std::size_t p = 0; p < periods; ++p) {
      for (std::size_t a = 0; a <= 2; ++a) {
        for (std::size_t s = 0; s < sim::service_count; ++s) {
          for (std::size_t m = 0; m < sim::metric_count; ++m) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            res.metrics.at(p, a, static_cast<sim::Service>(s), static_cast<sim::Metric>(m)) =
                static_cast<double>(x % 1000);
          }
        }
      }
    }
    res.providers.resize(params.market.providers.size());
    return res;
  };
  const auto reduce = [&](int threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(threads));
    results::EnsembleSummary summary(params, periods);
    for (std::int64_t r = 0; r < 300; ++r) summary.add(result(r));
    return summary;
  };
  const auto one = reduce(1);
  const auto two = reduce(2);
  REQUIRE(one.periods() * (one.districts() + 1) * sim::service_count * sim::metric_count > 4096);
  bool p2 = false;
  for (std::size_t p = 0; p < periods; ++p) {
    for (std::size_t a = 0; a <= 2; ++a) {
      for (std::size_t s = 0; s < sim::service_count; ++s) {
        for (std::size_t m = 0; m < sim::metric_count; ++m) {
          const auto& x = one.cell(p, a, static_cast<sim::Service>(s), static_cast<sim::Metric>(m));
          const auto& y = two.cell(p, a, static_cast<sim::Service>(s), static_cast<sim::Metric>(m));
          p2 = p2 || !x.quantiles_exact();
          const auto sx = x.stats();
          const auto sy = y.stats();
          REQUIRE(sx.count == sy.count);
          REQUIRE(sx.mean == sy.mean);
          REQUIRE(sx.sd == sy.sd);
          REQUIRE(sx.p05 == sy.p05);
          REQUIRE(sx.p50 == sy.p50);
          REQUIRE(sx.p95 == sy.p95);
        }
      }
    }
  }
  CHECK(p2);
  for (std::size_t k = 0; k < results::kpi_table().size(); ++k) {
    const auto sx = one.kpi(k).stats();
    const auto sy = two.kpi(k).stats();
    CHECK((sx.mean == sy.mean || (std::isnan(sx.mean) && std::isnan(sy.mean))));
  }
}

TEST_CASE("replications held back in batches reach every cell in order, also when read early",
          "[ensemble_summary]") {
  // Each cell against a plain Summary fed the same values in replication order: the batches
  // (and a read in the middle of one, which folds what is held back) must change nothing.
  auto params = fixture_params();
  const std::size_t periods = fixture_periods;
  const auto value = [](std::int64_t r, std::size_t i) {
    return static_cast<double>((static_cast<std::uint64_t>(r) * 7919U + i * 104729U) % 1009U);
  };
  const auto result = [&](std::int64_t r) {
    sim::ReplicationResult res;
    res.replication = r;
    const std::size_t areas = params.district_codes.size() + 1;
    res.metrics = sim::ReplicationMetrics(periods, areas - 1);
    for (std::size_t i = 0; i < periods * areas * sim::service_count * sim::metric_count; ++i) {
      const std::size_t m = i % sim::metric_count;
      const std::size_t s = (i / sim::metric_count) % sim::service_count;
      const std::size_t a = (i / (sim::metric_count * sim::service_count)) % areas;
      const std::size_t p = i / (sim::metric_count * sim::service_count * areas);
      res.metrics.at(p, a, static_cast<sim::Service>(s), static_cast<sim::Metric>(m)) = value(r, i);
    }
    res.providers.resize(params.market.providers.size());
    return res;
  };
  results::EnsembleSummary summary(params, periods);
  const std::size_t batch = summary.batch_rows();
  REQUIRE(batch > 1);
  const auto total = static_cast<std::int64_t>(2 * batch + 5);
  const auto early = static_cast<std::int64_t>(batch + 3);
  const std::size_t cells =
      periods * (summary.districts() + 1) * sim::service_count * sim::metric_count;
  const auto at = [&](std::size_t i) -> const results::Summary& {
    const std::size_t m = i % sim::metric_count;
    const std::size_t s = (i / sim::metric_count) % sim::service_count;
    const std::size_t a =
        (i / (sim::metric_count * sim::service_count)) % (summary.districts() + 1);
    const std::size_t p = i / (sim::metric_count * sim::service_count * (summary.districts() + 1));
    return summary.cell(p, a, static_cast<sim::Service>(s), static_cast<sim::Metric>(m));
  };
  const auto check = [&](std::int64_t added) {
    for (std::size_t i = 0; i < cells; ++i) {
      results::Summary expected;
      for (std::int64_t r = 0; r < added; ++r) expected.add(value(r, i));
      const auto got = at(i).stats();
      const auto want = expected.stats();
      REQUIRE(got.count == added);
      REQUIRE(got.mean == want.mean);
      REQUIRE(got.sd == want.sd);
      REQUIRE(got.p05 == want.p05);
      REQUIRE(got.p50 == want.p50);
      REQUIRE(got.p95 == want.p95);
    }
  };
  for (std::int64_t r = 0; r < early; ++r) summary.add(result(r));
  check(early);
  for (std::int64_t r = early; r < total; ++r) summary.add(result(r));
  check(total);
}

TEST_CASE("a NaN metric is refused before the replication is counted", "[ensemble_summary]") {
  results::EnsembleSummary summary(fixture_params(), fixture_periods);
  summary.add(fixture_result(0));
  auto bad = fixture_result(1);
  bad.metrics.at(0, 0, sim::Service::homecare, static_cast<sim::Metric>(3)) = std::nan("");
  CHECK_THROWS_AS(summary.add(bad), std::invalid_argument);
  CHECK(summary.replications() == 1);
  CHECK(summary.kpi(0).count() == 1);
  CHECK_NOTHROW(summary.add(fixture_result(1)));
  CHECK(summary.cell(0, 0, sim::Service::homecare, static_cast<sim::Metric>(3)).count() == 2);
}

TEST_CASE("statistics prepared side by side are each cell's own, until the next replication",
          "[ensemble_summary]") {
  results::EnsembleSummary summary(fixture_params(), fixture_periods);
  for (std::int64_t r = 0; r < 3; ++r) summary.add(fixture_result(r));
  const auto hc = sim::Service::homecare;
  const auto m = sim::Metric::people_waiting;
  const results::SummaryStats before = summary.cell(1, 0, hc, m).stats();
  summary.prepare_stats(2);
  for (std::size_t p = 0; p < fixture_periods; ++p) {
    for (std::size_t a = 0; a <= summary.districts(); ++a) {
      for (std::size_t s = 0; s < sim::service_count; ++s) {
        for (std::size_t k = 0; k < sim::metric_count; ++k) {
          const auto want =
              summary.cell(p, a, static_cast<sim::Service>(s), static_cast<sim::Metric>(k)).stats();
          const auto got =
              summary.cell_stats(p, a, static_cast<sim::Service>(s), static_cast<sim::Metric>(k));
          REQUIRE(got.count == want.count);
          REQUIRE(std::memcmp(&got.mean, &want.mean, sizeof(double)) == 0);
          REQUIRE(std::memcmp(&got.p05, &want.p05, sizeof(double)) == 0);
          REQUIRE(std::memcmp(&got.p95, &want.p95, sizeof(double)) == 0);
        }
      }
    }
  }
  CHECK(summary.cell_stats(1, 0, hc, m).count == 3);
  summary.add(fixture_result(3));
  CHECK(summary.cell_stats(1, 0, hc, m).count == 4);
  CHECK(before.count == 3);
}
