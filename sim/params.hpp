#pragma once
// The plain parameter structs the engine runs on. The engine never reads files: scenarios/
// turns a scenario file into a ModelParams, and tests build one by hand. Every field that is a
// modelling assumption is documented with its unit here and with its default and source in
// docs/parameters.md and docs/assumptions.md.

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/calendar.hpp"

namespace caremarket::sim {

using DistrictIndex = std::size_t;
inline constexpr double unlimited = std::numeric_limits<double>::infinity();

/// The model's service lines. Homecare is measured in care hours a week, supported living in
/// homes (one person, one home).
enum class Service : std::uint8_t { homecare = 0, supported_living = 1 };
inline constexpr std::size_t service_count = 2;

/// Client groups (DOMAIN.md): disabled children, the 18-25 pathway, adults 26-64, older
/// people 65+, and people in prisons (a small homecare call-off lot).
enum class Group : std::uint8_t { children, pathway_18_25, adults_26_64, older_65_plus, prisons };
inline constexpr std::size_t group_count = 5;

enum class ProviderKind : std::uint8_t { framework, spot, in_house };

/// Where a placed person is, in the order of the council's cascade (seed 000).
enum class PlacementTier : std::uint8_t {
  local_contract,      // contracted (or in-house) provider in the person's district
  neighbour_contract,  // contracted provider in a neighbouring district
  local_spot,          // non-contracted provider in the district (temporary, off-contract)
  neighbour_spot,      // non-contracted provider in a neighbouring district
};

/// How a provider is chosen among those in one tier that can take the package.
enum class ChoicePolicy : std::uint8_t { most_spare, weighted_random, cheapest };

/// How a provider leaves: a hand-back (it leaves the framework and trades on as a spot
/// provider) or a failure (it closes).
enum class ExitMode : std::uint8_t { handback, failure };

/// A positive random quantity: package sizes, lengths of stay, delays.
struct Distribution {
  enum class Kind : std::uint8_t { fixed, exponential, lognormal, gamma } kind = Kind::fixed;
  double mean = 1.0;
  double cv = 0.0;   // coefficient of variation (lognormal, gamma); 1 for exponential
  double min = 0.0;  // draws are clamped to [min, max]
  double max = unlimited;
  bool operator==(const Distribution&) const = default;
};

/// Referrals of one group for one service in one district: a Poisson process whose rate grows
/// geometrically, rate(t) = referrals_per_year * (1 + growth_per_year)^(t / 365.25 days).
struct DemandStream {
  DistrictIndex district = 0;
  Service service = Service::homecare;
  Group group = Group::older_65_plus;
  double referrals_per_year = 0.0;
  double growth_per_year = 0.0;
  Distribution package;  // hours a week (homecare) or support hours a week (supported living)
  Distribution length_of_stay_days;
  std::vector<double> need_band_weights;  // supported living: probability of each need band
  std::int64_t initial_people = 0;        // people already receiving care at the start
  /// When not empty: the growth of the referral rate in each year of the run (element k from
  /// k to k + 1 years after the start; the last one holds after), replacing growth_per_year.
  /// Set from a population projection table (scenarios/projections.hpp).
  std::vector<double> growth_by_year;
  /// Growth of new referrals' packages (complexity), per year: a package drawn at time t is
  /// scaled by (1 + package_growth_per_year)^(t / 365.25 days), then clamped to the package
  /// distribution's [min, max]. People in care at the start keep their drawn packages.
  double package_growth_per_year = 0.0;
  bool operator==(const DemandStream&) const = default;
};

/// A person in care at the start whose package and need band are known (imported from a
/// council's client file). Their remaining stay is still drawn from their stream's
/// length-of-stay distribution.
struct InitialClient {
  DistrictIndex district = 0;
  Service service = Service::homecare;
  Group group = Group::older_65_plus;
  double package = 0.0;  // hours a week (homecare) or support hours a week (supported living)
  int need_band = -1;    // supported living; < 0: drawn from the stream's need_band_weights
  bool operator==(const InitialClient&) const = default;
};

/// A provider of the starting market (or one added by a commissioning action).
struct ProviderSpec {
  std::string name;
  ProviderKind kind = ProviderKind::framework;
  double rate_factor = 1.0;  // its rate over the service's base rate
  double cost_factor = 1.0;  // its cost of care over the service's base cost of care
  double joined_days = 0.0;  // days since start it joined (negative: before the start)
  bool operator==(const ProviderSpec&) const = default;
};

/// A provider's homecare capacity in one district: care hours a week it can deliver there.
struct BranchSpec {
  std::size_t provider = 0;
  DistrictIndex district = 0;
  double capacity_hours_per_week = 0.0;
  bool block_purchased = false;  // paid for whether used or not
  bool operator==(const BranchSpec&) const = default;
};

/// A supported-living property: homes of one accommodation band run by one provider.
struct PropertySpec {
  std::size_t provider = 0;
  DistrictIndex district = 0;
  int band = 0;
  int homes = 0;
  double opens_days = 0.0;  // 0 or less: open at the start; later: in the pipeline
  bool operator==(const PropertySpec&) const = default;
};

/// The starting market.
struct MarketSpec {
  std::vector<ProviderSpec> providers;
  /// The ids market files gave the providers (a CQC id, a contract number), by index; outputs
  /// name a provider by its index where this is shorter or the id is empty (synthesised).
  std::vector<std::string> provider_ids;
  std::vector<BranchSpec> branches;
  std::vector<PropertySpec> properties;
  bool operator==(const MarketSpec&) const = default;
};

/// How many of a market's providers hold no capacity at the start (no branch with hours, no
/// property with homes, open or in the pipeline). Such a provider is counted in no provider
/// metric and cannot exit until it holds some (docs/model.md, "Providers without capacity").
std::size_t providers_without_capacity(const MarketSpec& m);

struct PlacementParams {
  ChoicePolicy choice = ChoicePolicy::most_spare;
  /// Per service: probability that a person placed off-contract will move to a contracted
  /// place when one frees (homecare: 1; supported living: low, moving home is harmful).
  std::array<double, service_count> return_to_contract_probability{1.0, 0.25};
  /// Per service: spot capacity without limit (for analysis: nobody waits).
  std::array<bool, service_count> unlimited_spot{false, false};
  /// Share of the people already in care at the start who are placed off-contract.
  std::array<double, service_count> initial_off_contract_share{0.1, 0.1};
  /// accepts[property_band][need_band]: which need bands a property band may house.
  std::vector<std::vector<bool>> band_accepts{{true}};
  /// Per service, trunk reservation (Gibbens, Hunt and Kelly 1990; Kelly 1991): a contracted
  /// branch or property takes a person from another district only while its spare capacity
  /// after the placement stays at or above max(out_of_area_reserve, out_of_area_reserve_share x
  /// its capacity); hours a week (homecare) or homes (supported living). 0 and 0: no reserve.
  std::array<double, service_count> out_of_area_reserve{0.0, 0.0};
  std::array<double, service_count> out_of_area_reserve_share{0.0, 0.0};
  /// Per service: a person placed on contract in a neighbouring district moves to a contracted
  /// place in their own district when one frees (after the waiting list and returns from spot).
  std::array<bool, service_count> return_home{false, false};
  /// Per service: a contracted provider offered a package accepts it with probability
  ///   clamp(acceptance_probability - acceptance_package_slope x (package / stream's mean
  ///         package - 1) - acceptance_utilisation_slope x utilisation after placing, 0, 1).
  /// A person's acceptance draw is one uniform, fixed for the person (the package's traits
  /// decide, not the day); a package is declined only in favour of a spot place, and a person
  /// declined on a move back from spot stays with the spot provider. 1, 0, 0: every offer taken.
  std::array<double, service_count> acceptance_probability{1.0, 1.0};
  std::array<double, service_count> acceptance_package_slope{0.0, 0.0};
  std::array<double, service_count> acceptance_utilisation_slope{0.0, 0.0};
  [[nodiscard]] bool reserve_on(std::size_t service) const {
    return out_of_area_reserve[service] > 0.0 || out_of_area_reserve_share[service] > 0.0;
  }
  [[nodiscard]] bool acceptance_on(std::size_t service) const {
    return acceptance_probability[service] < 1.0 || acceptance_package_slope[service] != 0.0 ||
           acceptance_utilisation_slope[service] != 0.0;
  }
  bool operator==(const PlacementParams&) const = default;
};

/// Background exit hazard and what an exit does.
struct ExitParams {
  std::array<double, 3> base_hazard_per_year{0.05, 0.10, 0.0};  // by ProviderKind
  double stress_slope =
      2.0;  // hazard x (1 + slope x shortfall), shortfall = (cost - rate) / cost when positive
  double low_utilisation_threshold = 0.6;
  double low_utilisation_slope =
      1.0;  // hazard x (1 + slope x (threshold - utilisation) / threshold) below it
  double competitor_multiplier = 1.25;  // per new entrant nearby in the window (Allan 2024)
  double competitor_window_days = 365.0;
  double handback_probability =
      0.5;  // an exit is a hand-back with this probability, else a failure
  double handback_retained_capacity_share = 0.5;  // homecare capacity a hand-back keeps as spot
  double property_transfer_probability = 0.7;  // a property passes to another contracted provider
  bool operator==(const ExitParams&) const = default;
};

/// A provider exit scheduled by the scenario.
struct ShockSpec {
  enum class Target : std::uint8_t { named, largest, district_share } target = Target::largest;
  double at_days = 0.0;
  std::size_t provider = 0;    // named
  int count = 1;               // largest: how many (by people served)
  DistrictIndex district = 0;  // district_share
  double share = 0.0;          // district_share: share of the district's contracted providers
  ExitMode mode = ExitMode::failure;
  int service = -1;  // -1: any; else only providers of this service
  bool operator==(const ShockSpec&) const = default;
};

/// Providers recruited into a district at a reopening.
struct RecruitmentSpec {
  DistrictIndex district = 0;
  Service service = Service::homecare;
  int providers = 0;
  int at_reopening = -1;  // -1: every reopening; else the reopening's index (0-based)
  bool operator==(const RecruitmentSpec&) const = default;
};

struct FrameworkParams {
  bool open = true;  // a closed framework admits nobody until it ends
  /// Per service: whether its providers take part in the reopenings (join, leave, enter).
  /// Kent's supported-living framework is closed (004) while homecare's reopens (002).
  std::array<bool, service_count> service_reopens{true, true};
  std::vector<double> reopenings_days;  // days since start
  double spot_join_probability = 0.3;   // a spot provider joins at a reopening
  double leave_probability = 0.05;      // a contracted provider leaves at a reopening
  std::array<int, service_count> new_entrants_per_reopening{4, 2};  // county-wide, new to the area
  std::vector<RecruitmentSpec> recruitment;
  Distribution entrant_capacity_hours_per_week{Distribution::Kind::lognormal, 600.0, 1.0, 50.0,
                                               5000.0};
  int entrant_properties = 3;  // supported living: properties a new entrant brings
  Distribution entrant_homes_per_property{Distribution::Kind::fixed, 4.0, 0.0, 1.0, 20.0};
  std::vector<double> entrant_district_weights;  // where unrecruited entrants settle; empty: equal
  bool operator==(const FrameworkParams&) const = default;
};

/// Providers entering the market between reopenings: by district and service, a Poisson
/// process counted at each month tick with rate
///   providers_per_year[s] x weight(d) x (1 + unmet_demand_response x gap share(d, s)),
/// where weight(d) is the district's share of the service's demand and the gap share
/// max(0, demand - contracted capacity) / demand, both at the tick. Entrants are spot providers
/// (framework: join at once); their sizes are the framework's entrant distributions.
struct EntryParams {
  std::array<double, service_count> providers_per_year{0.0, 0.0};
  ProviderKind kind = ProviderKind::spot;
  double unmet_demand_response = 0.0;
  [[nodiscard]] bool on() const {
    return providers_per_year[0] > 0.0 || providers_per_year[1] > 0.0;
  }
  bool operator==(const EntryParams&) const = default;
};

/// A step change of a service's contract rate on a date (an uplift the council pays).
struct RateUplift {
  double at_days = 0.0;
  double uplift = 0.0;  // fractional, e.g. 0.04
  bool operator==(const RateUplift&) const = default;
};

struct PipelineParams {
  Distribution delay_days{Distribution::Kind::exponential, 90.0, 1.0, 0.0, unlimited};
  double slip_days = 0.0;  // added to every pipeline property's opening
  bool operator==(const PipelineParams&) const = default;
};

/// Homecare workforce: each branch's capacity drifts month by month.
struct WorkforceParams {
  double capacity_growth_per_year = 0.0;
  double capacity_volatility_per_year = 0.05;  // sd of the log-change over a year
  bool operator==(const WorkforceParams&) const = default;
};

/// A commissioning action from the scenario, at a date or at a reopening, in a district.
struct ActionSpec {
  enum class Kind : std::uint8_t {
    in_house,
    block_purchase,
    new_properties,
    rate_change
  } kind = Kind::in_house;
  double at_days = 0.0;
  int at_reopening = -1;  // >= 0: at that reopening instead of at_days
  DistrictIndex district = 0;
  Service service = Service::homecare;
  double hours_per_week = 0.0;  // in_house, block_purchase (homecare)
  int properties = 0;           // new_properties, in_house (supported living)
  int homes_per_property = 4;
  int band = 0;
  double rate_change = 0.0;  // rate_change: fractional change of the contract rate, e.g. 0.05
  std::string name;
  bool operator==(const ActionSpec&) const = default;
};

/// Money, per service: rates in pounds per hour of care (supported living: per support hour).
struct CostParams {
  std::array<double, service_count> contract_rate_gbp_per_hour{26.0, 24.0};
  std::array<double, service_count> spot_premium{0.15,
                                                 0.20};  // spot rate = contract x (1 + premium)
  std::array<double, service_count> in_house_rate_gbp_per_hour{34.0, 30.0};
  std::array<double, service_count> cost_of_care_gbp_per_hour{25.0, 23.0};
  std::array<double, service_count> rate_uplift_per_year{0.03, 0.03};
  std::array<double, service_count> cost_growth_per_year{0.035, 0.035};
  /// Per service: rate_uplift_per_year paid continuously (false) or as a step on each
  /// anniversary of the start date (true: the framework's uplift dates).
  std::array<bool, service_count> uplift_on_anniversary{false, false};
  /// Per service: uplifts on given dates, on top of rate_uplift_per_year.
  std::array<std::vector<RateUplift>, service_count> rate_uplifts;
  bool operator==(const CostParams&) const = default;
};

struct RunParams {
  Date start{2027, 4, 1};
  int horizon_months = 96;
  PeriodLength period = PeriodLength::month;
  std::uint64_t seed = 20270401;
  std::int64_t replications = 100;
  bool audit = false;  // check the invariants after every event (slow)
  bool operator==(const RunParams&) const = default;
};

/// Everything one replication needs.
struct ModelParams {
  RunParams run;
  std::vector<std::string> district_codes;  // GSS codes, by DistrictIndex
  std::vector<std::string> district_names;
  /// The last this many districts are external (geography.external_providers): they hold
  /// providers the council may place with out of area, and no demand of their own. The council's
  /// districts come first, so their indices do not depend on whether externals are modelled.
  std::size_t external_districts = 0;
  /// neighbours[d]: the districts the cascade may use for a person in d, nearest first.
  std::vector<std::vector<DistrictIndex>> neighbours;
  std::vector<DemandStream> demand;
  /// When not empty, the people in care at the start are these, in this order, instead of
  /// people with drawn packages and need bands: the k-th person seeded for a stream takes the
  /// k-th entry with the stream's district, service and group (build_model keeps each stream's
  /// initial_people equal to its number of entries; extra people are drawn as usual). The
  /// random draws are made exactly as for a drawn caseload and then overwritten, so random-stream
  /// alignment does not depend on whether the caseload was imported.
  std::vector<InitialClient> initial_clients;
  MarketSpec market;
  PlacementParams placement;
  ExitParams exits;
  bool exits_enabled = true;
  std::vector<ShockSpec> shocks;
  FrameworkParams framework;
  EntryParams entry;
  PipelineParams pipeline;
  WorkforceParams workforce;
  std::vector<ActionSpec> actions;
  CostParams costs;
  /// Member by member: a replication is a pure function of its parameters and index, so equal
  /// parameters give the same replication, draw for draw (sensitivity runs no end equal to its
  /// base). Values compared with ==: a NaN makes two parameters unequal.
  bool operator==(const ModelParams&) const = default;
};

const char* to_string(Service s);
const char* to_string(Group g);
const char* to_string(ProviderKind k);
const char* to_string(PlacementTier t);
/// The unit of a service's capacity and demand in metric names: hours_per_week or homes.
const char* unit_name(Service s);

}  // namespace caremarket::sim
