#pragma once
// A small hand-built ensemble for the results tests: 2 districts, 3 monthly periods from
// 2027-04-01, 3 replications, and a starting market of 5 providers.

#include <cstdint>
#include <vector>

#include "sim/metrics.hpp"
#include "sim/params.hpp"

namespace caremarket::results::testing {

inline constexpr std::size_t fixture_periods = 3;
inline constexpr std::size_t fixture_replications = 3;

inline sim::ModelParams fixture_params() {
  sim::ModelParams p;
  p.run.start = sim::Date{2027, 4, 1};
  p.run.horizon_months = 3;
  p.run.period = sim::PeriodLength::month;
  p.run.seed = 42;
  p.run.replications = static_cast<std::int64_t>(fixture_replications);
  p.district_codes = {"E07000105", "E07000106"};
  p.district_names = {"Ashford", "Canterbury, \"City\""};  // exercises CSV quoting
  using K = sim::ProviderKind;
  p.market.providers = {
      {"Alpha Care", K::framework, 1.0, 1.0, -100.0},
      {"Kent In-House", K::in_house, 1.0, 1.0, -100.0},
      {"Spot, Ltd", K::spot, 1.0, 1.0, -100.0},
      {"Delta Living", K::framework, 1.0, 1.0, -100.0},
      {"Echo Support", K::framework, 1.0, 1.0, -100.0},
  };
  p.market.branches = {
      {0, 0, 100.0, false}, {0, 1, 50.0, false}, {1, 0, 300.0, true}, {2, 1, 80.0, false}};
  p.market.properties = {
      {0, 0, 0, 4, 0.0},    // Alpha: 4 homes in Ashford, open
      {3, 1, 0, 6, -10.0},  // Delta: 6 homes in Canterbury, open
      {4, 1, 0, 2, 100.0},  // Echo: 2 homes in Canterbury, in the pipeline (not at the start)
  };
  return p;
}

/// people_waiting, homecare, Ashford, second period, by replication: mean 3, sd sqrt(7).
inline constexpr double known_waiting[fixture_replications] = {1.0, 2.0, 6.0};

inline sim::ReplicationResult fixture_result(std::int64_t replication) {
  const auto r = static_cast<std::size_t>(replication);
  sim::ReplicationResult result;
  result.replication = replication;
  result.metrics = sim::ReplicationMetrics(fixture_periods, 2);
  auto& m = result.metrics;
  for (std::size_t p = 0; p < fixture_periods; ++p) {
    for (std::size_t d = 0; d < 2; ++d) {
      for (std::size_t si = 0; si < sim::service_count; ++si) {
        const auto s = static_cast<sim::Service>(si);
        for (std::size_t mi = 0; mi < sim::metric_count; ++mi) {
          m.at(p, d, s, static_cast<sim::Metric>(mi)) =
              static_cast<double>(10 * mi + 3 * p + d + si + r);
        }
        // Consistent placements: new_placements >= new off-contract placements,
        m.at(p, d, s, sim::Metric::new_placements) = static_cast<double>(20 + p + r);
        m.at(p, d, s, sim::Metric::new_off_contract_placements) = static_cast<double>(2 + d);
        // and of them placed in a neighbour (a share, at most 1, as a run's is).
        m.at(p, d, s, sim::Metric::new_placements_neighbour) = static_cast<double>(1 + d);
        m.at(p, d, s, sim::Metric::wait_days_total) = static_cast<double>(100 * (r + 1));
      }
    }
    m.at(p, 0, sim::Service::homecare, sim::Metric::people_waiting) =
        p == 1 ? known_waiting[r % fixture_replications] : 0.0;
    m.finish_period(p);
  }
  result.totals.events = 1000 + r;
  result.totals.needs_ended_while_waiting = {static_cast<std::int64_t>(r), 0};
  result.providers.resize(5);
  result.providers[0] = {r != 1, r == 0 ? 5 : r == 2 ? 7 : 0, 40};
  result.providers[3] = {true, 3, 6};
  return result;
}

}  // namespace caremarket::results::testing
