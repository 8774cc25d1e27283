#include "results/kpis.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace caremarket::results {

namespace {

using sim::Metric;
using sim::Service;

enum class Applies : std::uint8_t { both, homecare_only };

// The KPI list. A unit of "<unit>" is the service's unit (hours_per_week or homes) and is also
// appended to the name, as in the metric names.
struct KpiTemplate {
  KpiKind kind;
  const char* name;
  const char* unit;
  Applies applies;
  const char* description;
};

constexpr const char* service_unit = "<unit>";

constexpr std::array<KpiTemplate, 31> templates{{
    {KpiKind::referrals_total, "referrals_total", "people", Applies::both,
     "Referrals over the horizon."},
    {KpiKind::new_placements_total, "new_placements_total", "people", Applies::both,
     "Placements made over the horizon (first placements and re-placements)."},
    {KpiKind::off_contract_placement_share, "off_contract_placement_share", "share", Applies::both,
     "New off-contract placements over new placements, over the horizon."},
    {KpiKind::neighbour_placement_share, "neighbour_placement_share", "share", Applies::both,
     "New placements on contract in a neighbouring district (out of area) over new placements, "
     "over the horizon."},
    {KpiKind::off_contract_share_final, "off_contract_share_final", "share", Applies::both,
     "People off-contract over people placed at the end of the last period."},
    {KpiKind::people_off_contract_final, "people_off_contract_final", "people", Applies::both,
     "People placed off-contract at the end of the last period."},
    {KpiKind::people_waiting_mean, "people_waiting_mean", "people", Applies::both,
     "People waiting at the end of a period, averaged over the periods."},
    {KpiKind::people_waiting_final, "people_waiting_final", "people", Applies::both,
     "People waiting at the end of the last period."},
    {KpiKind::homecare_hours_waiting_mean, "homecare_hours_waiting_mean", "hours_per_week",
     Applies::homecare_only,
     "Hours a week of homecare not delivered at the end of a period, averaged over the periods."},
    {KpiKind::mean_wait_days, "mean_wait_days", "days", Applies::both,
     "Mean wait of the people placed over the horizon, zero waits included."},
    {KpiKind::needs_ended_while_waiting_total, "needs_ended_while_waiting_total", "people",
     Applies::both, "People whose need ended before they were placed, over the horizon."},
    {KpiKind::demand_final, "demand_final", service_unit, Applies::both,
     "Care needed by the people needing care at the end of the last period."},
    {KpiKind::contracted_capacity_final, "contracted_capacity_final", service_unit, Applies::both,
     "Contracted (framework and in-house) capacity at the end of the last period."},
    {KpiKind::capacity_gap_final, "capacity_gap_final", service_unit, Applies::both,
     "Demand minus contracted capacity at the end of the last period (negative: spare)."},
    {KpiKind::capacity_gap_max, "capacity_gap_max", service_unit, Applies::both,
     "The largest capacity gap at the end of any period."},
    {KpiKind::periods_with_capacity_gap, "periods_with_capacity_gap", "periods", Applies::both,
     "Periods at whose end demand exceeded contracted capacity."},
    {KpiKind::providers_contracted_final, "providers_contracted_final", "providers", Applies::both,
     "Contracted providers at the end of the last period."},
    {KpiKind::provider_exits_total, "provider_exits_total", "providers", Applies::both,
     "Provider exits of every kind (framework hand-backs, failures and departures at "
     "reopenings; spot closures) over the horizon."},
    {KpiKind::provider_entries_total, "provider_entries_total", "providers", Applies::both,
     "Providers entering the market or joining the framework, of every kind, over the horizon."},
    {KpiKind::framework_exits_total, "framework_exits_total", "providers", Applies::both,
     "Framework providers leaving the framework (hand-backs, failures, departures at "
     "reopenings) over the horizon."},
    {KpiKind::spot_exits_total, "spot_exits_total", "providers", Applies::both,
     "Spot providers closing over the horizon."},
    {KpiKind::framework_entries_total, "framework_entries_total", "providers", Applies::both,
     "Providers joining the framework (spot providers and new entrants at reopenings, "
     "commissioning actions) over the horizon."},
    {KpiKind::spot_entries_total, "spot_entries_total", "providers", Applies::both,
     "New spot providers entering between reopenings over the horizon."},
    {KpiKind::in_house_exits_total, "in_house_exits_total", "providers", Applies::both,
     "In-house services closing over the horizon."},
    {KpiKind::in_house_entries_total, "in_house_entries_total", "providers", Applies::both,
     "In-house services opened by commissioning actions over the horizon."},
    {KpiKind::people_displaced_total, "people_displaced_total", "people", Applies::both,
     "People whose provider exited, over the horizon."},
    {KpiKind::spend_contract_gbp_total, "spend_contract_gbp_total", "gbp", Applies::both,
     "Spend at the contract rate (block purchases included) over the horizon."},
    {KpiKind::spend_off_contract_gbp_total, "spend_off_contract_gbp_total", "gbp", Applies::both,
     "Spend on off-contract (spot) care over the horizon."},
    {KpiKind::off_contract_premium_gbp_total, "off_contract_premium_gbp_total", "gbp",
     Applies::both, "Extra paid for off-contract care over what it would have cost on contract."},
    {KpiKind::spend_in_house_gbp_total, "spend_in_house_gbp_total", "gbp", Applies::both,
     "Spend on the council's in-house service over the horizon."},
    {KpiKind::spend_gbp_total, "spend_gbp_total", "gbp", Applies::both,
     "All spend on care over the horizon: at the contract rate, off contract (spot) and "
     "in-house."},
}};

std::vector<KpiDefinition> build_table() {
  std::vector<KpiDefinition> table;
  for (std::size_t si = 0; si < sim::service_count; ++si) {
    const auto s = static_cast<Service>(si);
    for (const KpiTemplate& t : templates) {
      if (t.applies == Applies::homecare_only && s != Service::homecare) continue;
      const bool in_unit = std::string(t.unit) == service_unit;
      const std::string unit = in_unit ? sim::unit_name(s) : t.unit;
      table.push_back(KpiDefinition{t.kind, s, in_unit ? std::string(t.name) + "_" + unit : t.name,
                                    unit, t.description});
    }
  }
  return table;
}

double sum_over_periods(const sim::ReplicationMetrics& m, Service s, Metric metric) {
  double total = 0.0;
  for (std::size_t p = 0; p < m.periods(); ++p) total += m.at(p, m.county(), s, metric);
  return total;
}

double mean_over_periods(const sim::ReplicationMetrics& m, Service s, Metric metric) {
  return m.periods() > 0 ? sum_over_periods(m, s, metric) / static_cast<double>(m.periods()) : 0.0;
}

double final_value(const sim::ReplicationMetrics& m, Service s, Metric metric) {
  return m.periods() > 0 ? m.at(m.periods() - 1, m.county(), s, metric) : 0.0;
}

double ratio(double numerator, double denominator) {
  return denominator > 0.0 ? numerator / denominator : 0.0;
}

}  // namespace

std::span<const KpiDefinition> kpi_table() {
  static const std::vector<KpiDefinition> table = build_table();
  return table;
}

const char* to_string(Direction d) {
  switch (d) {
    case Direction::lower_is_better:
      return "lower_is_better";
    case Direction::higher_is_better:
      return "higher_is_better";
    case Direction::neutral:
      return "neutral";
  }
  return "?";
}

Direction kpi_direction(const KpiDefinition& kpi) {
  using K = KpiKind;
  switch (kpi.kind) {
    case K::referrals_total:
    case K::new_placements_total:
    case K::demand_final:
    // Where the money goes: context. Less contracted care bought is not better of itself (a
    // closed framework buys less on contract and more spot), nor is an in-house service the
    // council opens; spend_gbp_total is the cost.
    case K::spend_contract_gbp_total:
    case K::spend_in_house_gbp_total:
    case K::in_house_entries_total:
      return Direction::neutral;
    case K::contracted_capacity_final:
    case K::providers_contracted_final:
    case K::provider_entries_total:
    case K::framework_entries_total:
    case K::spot_entries_total:
      return Direction::higher_is_better;
    default:
      return Direction::lower_is_better;
  }
}

const KpiDefinition* find_kpi(std::string_view service, std::string_view name) {
  for (const KpiDefinition& k : kpi_table())
    if (k.name == name && service == sim::to_string(k.service)) return &k;
  return nullptr;
}

std::vector<std::size_t> sensitivity_kpis() {
  std::vector<std::size_t> out;
  const auto table = kpi_table();
  for (std::size_t i = 0; i < table.size(); ++i) {
    const std::string_view n = table[i].name;
    if (n == "off_contract_placement_share" || n == "people_waiting_mean" ||
        n == "spend_off_contract_gbp_total" || n.starts_with("capacity_gap_final_") ||
        n == "provider_exits_total") {
      out.push_back(i);
    }
  }
  return out;
}

double compute_kpi(const KpiDefinition& kpi, const sim::ReplicationResult& result) {
  const sim::ReplicationMetrics& m = result.metrics;
  const Service s = kpi.service;
  const auto si = static_cast<std::size_t>(s);
  switch (kpi.kind) {
    case KpiKind::referrals_total:
      return sum_over_periods(m, s, Metric::referrals);
    case KpiKind::new_placements_total:
      return sum_over_periods(m, s, Metric::new_placements);
    case KpiKind::off_contract_placement_share:
      return ratio(sum_over_periods(m, s, Metric::new_off_contract_placements),
                   sum_over_periods(m, s, Metric::new_placements));
    case KpiKind::neighbour_placement_share:
      return ratio(sum_over_periods(m, s, Metric::new_placements_neighbour),
                   sum_over_periods(m, s, Metric::new_placements));
    case KpiKind::off_contract_share_final:
      return final_value(m, s, Metric::off_contract_share);
    case KpiKind::people_off_contract_final:
      return final_value(m, s, Metric::people_off_contract);
    case KpiKind::people_waiting_mean:
      return mean_over_periods(m, s, Metric::people_waiting);
    case KpiKind::people_waiting_final:
      return final_value(m, s, Metric::people_waiting);
    case KpiKind::homecare_hours_waiting_mean:
      return mean_over_periods(m, s, Metric::homecare_hours_waiting);
    case KpiKind::mean_wait_days:
      return ratio(sum_over_periods(m, s, Metric::wait_days_total),
                   sum_over_periods(m, s, Metric::new_placements));
    case KpiKind::needs_ended_while_waiting_total:
      return static_cast<double>(result.totals.needs_ended_while_waiting.at(si));
    case KpiKind::demand_final:
      return final_value(m, s, Metric::demand);
    case KpiKind::contracted_capacity_final:
      return final_value(m, s, Metric::contracted_capacity);
    case KpiKind::capacity_gap_final:
      return final_value(m, s, Metric::capacity_gap);
    case KpiKind::capacity_gap_max: {
      double worst = 0.0;
      for (std::size_t p = 0; p < m.periods(); ++p) {
        const double gap = m.at(p, m.county(), s, Metric::capacity_gap);
        worst = p == 0 ? gap : std::max(worst, gap);
      }
      return worst;
    }
    case KpiKind::periods_with_capacity_gap: {
      double periods = 0.0;
      for (std::size_t p = 0; p < m.periods(); ++p) {
        if (m.at(p, m.county(), s, Metric::capacity_gap) > 0.0) periods += 1.0;
      }
      return periods;
    }
    case KpiKind::providers_contracted_final:
      return final_value(m, s, Metric::providers_contracted);
    case KpiKind::provider_exits_total:
      return sum_over_periods(m, s, Metric::provider_exits);
    case KpiKind::provider_entries_total:
      return sum_over_periods(m, s, Metric::provider_entries);
    case KpiKind::framework_exits_total:
      return sum_over_periods(m, s, Metric::framework_exits);
    case KpiKind::spot_exits_total:
      return sum_over_periods(m, s, Metric::spot_exits);
    case KpiKind::framework_entries_total:
      return sum_over_periods(m, s, Metric::framework_entries);
    case KpiKind::spot_entries_total:
      return sum_over_periods(m, s, Metric::spot_entries);
    case KpiKind::in_house_exits_total:
      return sum_over_periods(m, s, Metric::in_house_exits);
    case KpiKind::in_house_entries_total:
      return sum_over_periods(m, s, Metric::in_house_entries);
    case KpiKind::people_displaced_total:
      return sum_over_periods(m, s, Metric::people_displaced);
    case KpiKind::spend_contract_gbp_total:
      return sum_over_periods(m, s, Metric::spend_contract_gbp);
    case KpiKind::spend_off_contract_gbp_total:
      return sum_over_periods(m, s, Metric::spend_off_contract_gbp);
    case KpiKind::off_contract_premium_gbp_total:
      return sum_over_periods(m, s, Metric::off_contract_premium_gbp);
    case KpiKind::spend_in_house_gbp_total:
      return sum_over_periods(m, s, Metric::spend_in_house_gbp);
    case KpiKind::spend_gbp_total:
      return sum_over_periods(m, s, Metric::spend_contract_gbp) +
             sum_over_periods(m, s, Metric::spend_off_contract_gbp) +
             sum_over_periods(m, s, Metric::spend_in_house_gbp);
  }
  throw std::logic_error("compute_kpi: unknown KPI kind");
}

std::vector<double> compute_kpis(const sim::ReplicationResult& result) {
  std::vector<double> values;
  values.reserve(kpi_table().size());
  for (const KpiDefinition& kpi : kpi_table()) values.push_back(compute_kpi(kpi, result));
  return values;
}

}  // namespace caremarket::results
