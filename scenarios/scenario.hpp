#pragma once
// A scenario as a commissioner states it: demand by service and group, the market in
// aggregate, the framework's rules, exits, commissioning actions and costs. build_model()
// turns it, with a district graph, into the engine's ModelParams (synthesising a provider-level
// market consistent with the aggregates). The TOML schema maps one to one onto this struct.

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "geography/district_graph.hpp"
#include "scenarios/market_files.hpp"
#include "sim/params.hpp"

namespace caremarket::scenarios {

/// Demand of one group for one service, county-wide; split over districts by a weight.
struct GroupDemand {
  double initial_people = 0.0;  // people in care at the start
  double referrals_per_year =
      -1.0;  // < 0: derived as initial_people / mean length of stay (a market in balance)
  double growth_per_year = 0.0;  // growth of the referral rate
  /// Growth of the referral rate in named districts (by GSS code), instead of growth_per_year.
  std::map<std::string, double> district_growth_per_year;
  double package_growth_per_year = 0.0;  // growth of new referrals' packages (complexity)
  sim::Distribution package;  // hours a week (homecare) or support hours a week (supported living)
  sim::Distribution length_of_stay_days;
  std::string district_weights =
      "population";  // population | population_18_64 | population_65_plus | equal | custom
  std::map<std::string, double> custom_weights;  // by GSS code, for "custom"
  std::vector<double> need_band_weights;         // supported living
};

/// The market of one service at the start, in aggregate.
struct ServiceMarket {
  int framework_providers = 0;
  int spot_providers = 0;
  double contract_capacity_ratio = 1.0;  // contracted capacity over starting demand, per district
  double spot_capacity_ratio = 0.1;      // spot capacity over starting demand, per district
  double provider_size_cv = 1.5;         // heavy tail of provider sizes (lognormal)
  double neighbour_presence_probability =
      0.3;                       // a provider also works in each neighbouring district
  double rate_factor_cv = 0.05;  // spread of providers' rates around the base rate
  double cost_factor_cv = 0.10;  // spread of providers' costs of care
  // supported living
  double homes_per_property = 3.6;
  std::vector<double> band_shares;      // share of homes in each accommodation band
  int pipeline_properties = 0;          // properties in the pipeline at the start
  double pipeline_window_days = 730.0;  // their planned openings spread uniformly over this window
};

struct GeographySettings {
  std::string data = "kent";  // "kent" (built in) or a folder of CSV files
  bool include_external = false;
  // External districts hold providers the council may place with (out of area), no demand.
  bool external_providers = false;
  int neighbour_hops = 1;
  double max_travel_minutes = sim::unlimited;  // cap on neighbours by boundary
  double within_travel_minutes = 0.0;          // also neighbours: any district this close (0: none)
  double road_factor = 1.3;
  double average_speed_kmh = 50.0;
};

struct Scenario {
  std::string name = "kent-baseline";
  std::string question;  // the question the scenario answers, for listings and the report
  std::string area_code = "E10000016";
  std::string area_name = "Kent";
  sim::RunParams run;
  GeographySettings geography;
  std::array<std::array<GroupDemand, sim::group_count>, sim::service_count> demand{};
  std::array<ServiceMarket, sim::service_count> market{};
  /// A council's own data files ([market.files]): when they give providers, they replace the
  /// synthesised market; when they give a caseload, it replaces initial_people.
  MarketFiles files;
  /// The files' contents, read and checked by the loader (build_model reads them itself when
  /// this is null and files are named).
  std::shared_ptr<const ImportedData> imported;
  sim::PlacementParams placement;
  sim::ExitParams exits;
  bool exits_enabled = true;
  std::vector<sim::ShockSpec> shocks;
  sim::FrameworkParams framework;
  std::vector<double> reopen_after_years;  // reopenings, years after the start
  sim::EntryParams entry;
  sim::PipelineParams pipeline;
  sim::WorkforceParams workforce;
  std::vector<sim::ActionSpec> actions;
  sim::CostParams costs;
  std::uint64_t market_seed =
      1;  // the synthesised market's own seed (the same market in every replication)
  /// The files the scenario was read from: its own and each one it extends, in that order
  /// (absolute paths; none for a shipped scenario). Not a key of the scenario.
  std::vector<std::string> source_files;
};

/// The built-in Kent baseline: the 2027 All Age Home Care framework and supported living,
/// calibrated as docs/assumptions.md describes.
Scenario kent_baseline();

/// The district graph a scenario uses.
geography::DistrictGraph load_scenario_geography(const Scenario& s);

/// The engine's parameters for a scenario on a graph. Deterministic from the scenario.
sim::ModelParams build_model(const Scenario& s, const geography::DistrictGraph& graph);

/// The supported-living need bands some demand needs: [need band] true where a group with people
/// at the start or referrals gives the band a weight above 0.
std::vector<bool> needed_need_bands(const sim::ModelParams& p);

/// Sentences about a built model that is legal but almost certainly not meant, for the
/// commands to print as notes before they run (docs/robustness.md): a supported-living need band
/// that demand needs but no property of the market (starting, pipeline or added by an action)
/// may house, so those people wait until an entrant's property (of the bands in turn) does.
/// Empty when there is nothing to say.
std::vector<std::string> model_notes(const sim::ModelParams& p);

}  // namespace caremarket::scenarios
