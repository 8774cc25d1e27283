#include "sim/metrics.hpp"

#include <array>

namespace caremarket::sim {

namespace {
constexpr std::array<const char*, metric_count> base_names{"people_needing_care",
                                                           "people_placed_local",
                                                           "people_placed_neighbour",
                                                           "people_off_contract",
                                                           "people_waiting",
                                                           "referrals",
                                                           "new_placements",
                                                           "new_off_contract_placements",
                                                           "new_placements_local",
                                                           "new_placements_neighbour",
                                                           "off_contract_share",
                                                           "contracted_capacity",
                                                           "demand",
                                                           "capacity_gap",
                                                           "off_contract_demand",
                                                           "homecare_hours_waiting",
                                                           "mean_wait_days",
                                                           "people_displaced",
                                                           "providers_contracted",
                                                           "provider_exits",
                                                           "provider_entries",
                                                           "framework_exits",
                                                           "spot_exits",
                                                           "in_house_exits",
                                                           "framework_entries",
                                                           "spot_entries",
                                                           "in_house_entries",
                                                           "spend_contract_gbp",
                                                           "spend_off_contract_gbp",
                                                           "off_contract_premium_gbp",
                                                           "spend_in_house_gbp",
                                                           "wait_days_total"};
}  // namespace

std::string metric_name(Metric m, Service s) {
  std::string name = base_names.at(static_cast<std::size_t>(m));
  if (m == Metric::contracted_capacity || m == Metric::demand || m == Metric::capacity_gap ||
      m == Metric::off_contract_demand) {
    name += '_';
    name += unit_name(s);
  }
  return name;
}

bool is_distinct_count(Metric m) {
  switch (m) {
    case Metric::providers_contracted:
    case Metric::provider_exits:
    case Metric::provider_entries:
    case Metric::framework_exits:
    case Metric::spot_exits:
    case Metric::in_house_exits:
    case Metric::framework_entries:
    case Metric::spot_entries:
    case Metric::in_house_entries:
      return true;
    default:
      return false;
  }
}

bool is_ratio(Metric m) {
  return m == Metric::off_contract_share || m == Metric::mean_wait_days;
}

void ReplicationMetrics::finish_period(std::size_t period) {
  for (std::size_t si = 0; si < service_count; ++si) {
    const auto s = static_cast<Service>(si);
    for (std::size_t mi = 0; mi < metric_count; ++mi) {
      const auto m = static_cast<Metric>(mi);
      if (is_ratio(m) || is_distinct_count(m)) continue;
      double sum = 0.0;
      for (std::size_t d = 0; d < districts_; ++d) sum += at(period, d, s, m);
      at(period, county(), s, m) = sum;
    }
    for (std::size_t a = 0; a <= districts_; ++a) {
      const double placed = at(period, a, s, Metric::people_placed_local) +
                            at(period, a, s, Metric::people_placed_neighbour) +
                            at(period, a, s, Metric::people_off_contract);
      at(period, a, s, Metric::off_contract_share) =
          placed > 0.0 ? at(period, a, s, Metric::people_off_contract) / placed : 0.0;
      const double n = at(period, a, s, Metric::new_placements);
      at(period, a, s, Metric::mean_wait_days) =
          n > 0.0 ? at(period, a, s, Metric::wait_days_total) / n : 0.0;
    }
  }
}

const char* to_string(Service s) {
  return s == Service::homecare ? "homecare" : "supported_living";
}
const char* unit_name(Service s) {
  return s == Service::homecare ? "hours_per_week" : "homes";
}
const char* to_string(Group g) {
  switch (g) {
    case Group::children:
      return "children";
    case Group::pathway_18_25:
      return "pathway_18_25";
    case Group::adults_26_64:
      return "adults_26_64";
    case Group::older_65_plus:
      return "older_65_plus";
    case Group::prisons:
      return "prisons";
  }
  return "?";
}
const char* to_string(ProviderKind k) {
  switch (k) {
    case ProviderKind::framework:
      return "framework";
    case ProviderKind::spot:
      return "spot";
    case ProviderKind::in_house:
      return "in_house";
  }
  return "?";
}
const char* to_string(PlacementTier t) {
  switch (t) {
    case PlacementTier::local_contract:
      return "local_contract";
    case PlacementTier::neighbour_contract:
      return "neighbour_contract";
    case PlacementTier::local_spot:
      return "local_spot";
    case PlacementTier::neighbour_spot:
      return "neighbour_spot";
  }
  return "?";
}

}  // namespace caremarket::sim
