#pragma once
// What one replication reports: per period, per district (and the whole council area) and per
// service, the metrics of DESIGN.md section 5. Definitions in docs/metrics.md.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim/params.hpp"

namespace caremarket::sim {

enum class Metric : std::uint8_t {
  people_needing_care,
  people_placed_local,
  people_placed_neighbour,
  people_off_contract,
  people_waiting,
  referrals,
  new_placements,
  new_off_contract_placements,
  new_placements_local,      // of new_placements, on contract in the person's district
  new_placements_neighbour,  // of new_placements, on contract in a neighbouring district
  off_contract_share,
  contracted_capacity,  // name carries the unit: contracted_capacity_hours_per_week / _homes
  demand,
  capacity_gap,
  off_contract_demand,  // name carries the unit: off_contract_demand_hours_per_week / _homes
  homecare_hours_waiting,
  mean_wait_days,
  people_displaced,
  providers_contracted,
  provider_exits,
  provider_entries,
  framework_exits,    // of provider_exits: framework providers leaving the framework
  spot_exits,         // of provider_exits: spot providers closing
  in_house_exits,     // of provider_exits: in-house services closing
  framework_entries,  // of provider_entries: providers joining the framework
  spot_entries,       // of provider_entries: new spot providers
  in_house_entries,   // of provider_entries: in-house services opening
  spend_contract_gbp,
  spend_off_contract_gbp,
  off_contract_premium_gbp,
  spend_in_house_gbp,
  wait_days_total,  // sum of the waits of people placed in the period (mean_wait_days' numerator)
};
inline constexpr std::size_t metric_count = 32;

/// The metric's name in outputs for a service, e.g. "capacity_gap_hours_per_week".
std::string metric_name(Metric m, Service s);
/// True for metrics that are ratios and are recomputed, not summed, when areas are combined.
bool is_ratio(Metric m);
/// True for provider counts: a provider working in several districts counts once for the whole
/// council area, so the engine records the council-area value itself instead of a sum.
bool is_distinct_count(Metric m);

/// The per-period metrics of one replication: values[period][area][service][metric], where
/// area is a district index or, at index district_count, the whole council area.
class ReplicationMetrics {
 public:
  ReplicationMetrics() = default;
  ReplicationMetrics(std::size_t periods, std::size_t districts)
      : periods_(periods),
        districts_(districts),
        values_(periods * (districts + 1) * service_count * metric_count, 0.0) {}

  [[nodiscard]] std::size_t periods() const { return periods_; }
  [[nodiscard]] std::size_t districts() const { return districts_; }
  [[nodiscard]] std::size_t county() const { return districts_; }

  double& at(std::size_t period, std::size_t area, Service s, Metric m) {
    return values_[index(period, area, s, m)];
  }
  [[nodiscard]] double at(std::size_t period, std::size_t area, Service s, Metric m) const {
    return values_[index(period, area, s, m)];
  }
  [[nodiscard]] std::span<const double> values() const { return values_; }

  /// Fills the council-area rows from the district rows and derives the ratio metrics.
  void finish_period(std::size_t period);

 private:
  [[nodiscard]] std::size_t index(std::size_t p, std::size_t a, Service s, Metric m) const {
    return ((p * (districts_ + 1) + a) * service_count + static_cast<std::size_t>(s)) *
               metric_count +
           static_cast<std::size_t>(m);
  }
  std::size_t periods_ = 0;
  std::size_t districts_ = 0;
  std::vector<double> values_;
};

/// Whole-run totals that are not per period.
struct ReplicationTotals {
  std::uint64_t events = 0;
  std::array<std::int64_t, service_count> referrals{};
  std::array<std::int64_t, service_count> first_placements{};
  std::array<std::int64_t, service_count> first_placements_off_contract{};
  std::array<std::int64_t, service_count> needs_ended_while_waiting{};
  std::array<std::int64_t, service_count> needs_ended_while_placed{};
  std::array<std::int64_t, service_count> initial_people{};
  std::array<std::int64_t, service_count>
      people_in_care_at_end{};  // placed or waiting at the horizon
  // Little's law on the waiting list, in its sample-path form: the integral of the number
  // waiting over the run equals the waits completed in it plus the waits still open at the end.
  std::array<double, service_count> waiting_person_days{};
  std::array<double, service_count> completed_wait_days{};
  std::array<double, service_count> open_wait_days{};
};

/// Per provider of the starting market: did it exit, and how many people did it displace.
struct ProviderOutcome {
  bool exited = false;
  std::int64_t people_displaced = 0;
  std::int64_t people_at_start = 0;
};

struct ReplicationResult {
  std::int64_t replication = 0;
  ReplicationMetrics metrics;
  ReplicationTotals totals;
  std::vector<ProviderOutcome> providers;  // indexed as MarketSpec::providers
};

}  // namespace caremarket::sim
