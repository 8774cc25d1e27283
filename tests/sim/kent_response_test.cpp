// The Kent market's metrics move the right way when demand growth rises and when the largest
// provider fails. Both comparisons use common random numbers (the same seeds and streams), and
// the tolerance is the Monte Carlo error of the paired difference.

#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

#include "scenarios/scenario.hpp"
#include "sim/ensemble.hpp"

using namespace caremarket;
using sim::Metric;
using sim::Service;

namespace {

constexpr int replications = 24;

/// Per replication: a whole-run total (flows) or final value (stocks) of a county metric.
std::vector<double> per_replication(const sim::ModelParams& p, Service s, Metric m, bool sum) {
  std::vector<double> out;
  sim::EnsembleOptions o;
  o.replications = replications;
  sim::run_ensemble(p, o, [&](sim::ReplicationResult&& r) {
    double v = 0.0;
    const auto& x = r.metrics;
    if (sum) {
      for (std::size_t k = 0; k < x.periods(); ++k) v += x.at(k, x.county(), s, m);
    } else {
      v = x.at(x.periods() - 1, x.county(), s, m);
    }
    out.push_back(v);
  });
  return out;
}

/// Mean of the paired differences b - a and its standard error.
std::pair<double, double> paired(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = b[i] - a[i];
  const double n = static_cast<double>(d.size());
  const double mean = std::accumulate(d.begin(), d.end(), 0.0) / n;
  double ss = 0.0;
  for (const double x : d) ss += (x - mean) * (x - mean);
  return {mean, std::sqrt(ss / (n - 1.0) / n)};
}

sim::ModelParams kent(const scenarios::Scenario& s) {
  return scenarios::build_model(s, scenarios::load_scenario_geography(s));
}

}  // namespace

TEST_CASE("higher demand growth raises the capacity gap and waiting") {
  auto base = scenarios::kent_baseline();
  base.run.horizon_months = 60;
  auto high = base;
  for (auto& group : high.demand[0]) group.growth_per_year += 0.04;
  const auto pb = kent(base), ph = kent(high);
  {
    const auto [diff, se] =
        paired(per_replication(pb, Service::homecare, Metric::capacity_gap, false),
               per_replication(ph, Service::homecare, Metric::capacity_gap, false));
    INFO("gap difference " << diff << " +- " << se);
    CHECK(diff > 4.0 * se);
    CHECK(diff > 0.0);
  }
  {
    const auto [diff, se] =
        paired(per_replication(pb, Service::homecare, Metric::people_waiting, true),
               per_replication(ph, Service::homecare, Metric::people_waiting, true));
    INFO("waiting difference " << diff << " +- " << se);
    CHECK(diff > 4.0 * se);
  }
}

TEST_CASE("the largest homecare provider failing displaces people and raises leakage") {
  auto base = scenarios::kent_baseline();
  base.run.horizon_months = 36;
  auto shock = base;
  sim::ShockSpec failure;
  failure.target = sim::ShockSpec::Target::largest;
  failure.at_days = 365.0;
  failure.count = 1;
  failure.mode = sim::ExitMode::failure;
  failure.service = 0;
  shock.shocks.push_back(failure);
  const auto pb = kent(base), ps = kent(shock);
  {
    const auto [diff, se] =
        paired(per_replication(pb, Service::homecare, Metric::people_displaced, true),
               per_replication(ps, Service::homecare, Metric::people_displaced, true));
    INFO("displaced difference " << diff << " +- " << se);
    CHECK(diff > 4.0 * se);
  }
  {
    const auto [diff, se] =
        paired(per_replication(pb, Service::homecare, Metric::new_off_contract_placements, true),
               per_replication(ps, Service::homecare, Metric::new_off_contract_placements, true));
    INFO("off-contract placements difference " << diff << " +- " << se);
    CHECK(diff > 4.0 * se);
  }
}
