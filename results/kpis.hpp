#pragma once
// Headline figures for the whole horizon (KPIs), computed per replication from the council
// area's metrics and then summarised over replications. The list lives in one table, which
// docs/metrics.md must match (a test checks it).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/metrics.hpp"
#include "sim/params.hpp"

namespace caremarket::results {

/// What a KPI computes; a KPI of the table is one of these for one service.
enum class KpiKind : std::uint8_t {
  referrals_total,
  new_placements_total,
  off_contract_placement_share,
  neighbour_placement_share,
  off_contract_share_final,
  people_off_contract_final,
  people_waiting_mean,
  people_waiting_final,
  homecare_hours_waiting_mean,
  mean_wait_days,
  needs_ended_while_waiting_total,
  demand_final,
  contracted_capacity_final,
  capacity_gap_final,
  capacity_gap_max,
  periods_with_capacity_gap,
  providers_contracted_final,
  provider_exits_total,
  provider_entries_total,
  framework_exits_total,
  spot_exits_total,
  framework_entries_total,
  spot_entries_total,
  in_house_exits_total,
  in_house_entries_total,
  people_displaced_total,
  spend_contract_gbp_total,
  spend_off_contract_gbp_total,
  off_contract_premium_gbp_total,
  spend_in_house_gbp_total,
  spend_gbp_total,
};

/// One row of the KPI table: a KPI of one service.
struct KpiDefinition {
  KpiKind kind;
  sim::Service service;
  std::string
      name;  // snake_case, with the unit where it is not people, e.g. capacity_gap_final_homes
  std::string unit;  // people, share, days, hours_per_week, homes, providers, periods, gbp
  std::string description;
};

/// Every KPI written to kpis.csv, in output order: all of homecare's, then supported living's.
std::span<const KpiDefinition> kpi_table();

/// Which way a KPI should move for the council: lower or higher is better, or neither (a figure
/// of context, such as referrals, or of where the money goes, such as contract spend).
enum class Direction : std::uint8_t { lower_is_better, higher_is_better, neutral };

/// "lower_is_better", "higher_is_better" or "neutral", as the results files write it.
const char* to_string(Direction d);

/// Which way a KPI of kpi_table() should move (docs/metrics.md gives each KPI's direction).
Direction kpi_direction(const KpiDefinition& kpi);

/// The KPI of kpi_table() named `name` for the service named `service` ("homecare" or
/// "supported_living"), or nullptr when there is none (a homecare-only KPI asked of supported
/// living, a name of no KPI).
const KpiDefinition* find_kpi(std::string_view service, std::string_view name);

/// The headline figures a sensitivity analysis ranks, as indices into kpi_table(), in its
/// order: each service's off-contract share, people waiting, off-contract spend, capacity gaps
/// at the end and provider exits (docs/user-guide.md, section 5). sensitivity.csv and
/// morris.csv hold a row of each for every parameter varied.
std::vector<std::size_t> sensitivity_kpis();

/// The value of one KPI in one replication. Ratios with a zero denominator are 0, as in the
/// metrics.
double compute_kpi(const KpiDefinition& kpi, const sim::ReplicationResult& result);

/// All KPIs of one replication, in the order of kpi_table() (for paired comparisons).
std::vector<double> compute_kpis(const sim::ReplicationResult& result);

}  // namespace caremarket::results
