#pragma once
// One replication of the model: a continuous-time discrete-event simulation of the market from
// the start date to the horizon. Internal to sim/ (and its tests); the public entry points are
// run_replication and run_ensemble in ensemble.hpp.

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/event_queue.hpp"
#include "sim/market.hpp"
#include "sim/max_tree.hpp"
#include "sim/metrics.hpp"
#include "sim/params.hpp"
#include "sim/queue.hpp"

namespace caremarket::sim {

/// Whether the stop flag (set_stop_flag in ensemble.hpp) has been raised.
bool stop_requested();

class Replication {
 public:
  Replication(const ModelParams& params, std::int64_t replication);
  /// Runs to the horizon and returns the metrics.
  ReplicationResult run();

  /// Every broken invariant, described; empty when the state is consistent.
  [[nodiscard]] std::vector<std::string> audit() const;

 private:
  enum class EventType : std::uint8_t {
    referral,
    need_ends,
    month_tick,
    period_end,
    shock,
    reopening,
    property_opens,
    action,
    rate_step  // a dated or anniversary uplift of service a: spend so far is priced first
  };
  using EventQueue = DayEventQueue<EventType>;
  using Event = EventQueue::Event;
  /// People, demand and spend accrual of one (district, service).
  struct Cell {
    std::array<std::int64_t, 4> placed{};  // by PlacementTier
    std::int64_t waiting = 0;
    double demand_units = 0.0;  // hours a week (homecare) or people (supported living)
    double waiting_units = 0.0;
    double last_accrual = 0.0;
    double contract_units = 0.0;  // package x rate factor of people on framework contracts
    double spot_units = 0.0;
    double spot_demand = 0.0;  // packages (homecare) or people of those placed off contract
    double in_house_units = 0.0;
    double block_units = 0.0;  // block-purchased capacity x rate factor
    double contract_unit_days = 0.0;
    double spot_unit_days = 0.0;
    double in_house_unit_days = 0.0;
    // Spend of the period priced so far (up to segment_start), in pounds.
    double contract_gbp = 0.0;
    double spot_gbp = 0.0;
    double premium_gbp = 0.0;
    double in_house_gbp = 0.0;
    double segment_start = 0.0;
  };
  using Queue = PlacementQueue;

  // replication.cpp: set-up, event loop, metrics
  void schedule(double time, EventType type, std::uint32_t a = 0, std::uint32_t b = 0) {
    events_.schedule(time, type, a, b);
  }
  void build_market();
  void seed_initial_caseload();
  void schedule_next_referral(std::uint32_t stream, double now);
  void on_referral(std::uint32_t stream);
  void on_need_ends(std::uint32_t client, std::uint32_t generation);
  /// Sets a (district, service)'s demand to exactly 0 once nobody of it needs the service.
  void forget_residue(DistrictIndex d, Service s);
  void on_period_end(std::size_t period);
  void record_stocks(std::size_t period);
  Cell& cell(DistrictIndex d, Service s) {
    return cells_[d * service_count + static_cast<std::size_t>(s)];
  }
  void accrue(Cell& c, double now);
  /// Prices the unit-days accrued since the cell's last segment at the rates of the segment's
  /// midpoint and starts a new segment at t: at every period end and before every rate step, so
  /// a step inside a period is paid from its date.
  void price_segment(DistrictIndex d, Service s, double t);
  double& flow(DistrictIndex d, Service s, Metric m);
  double& county_flow(Service s, Metric m) { return flow(metrics_.county(), s, m); }
  std::uint32_t new_client();
  void release_client(std::uint32_t client);
  void draw_client_attributes(Client& c, const DemandStream& stream, RandomStream& rng);

  // placement.cpp: the cascade, queues, capacity offers
  struct Location {
    std::uint32_t index = none;
    PlacementTier tier = PlacementTier::local_contract;
    bool unlimited_spot = false;
    bool after_decline = false;  // a contracted provider earlier in the cascade declined
  };
  /// What a search asks of a district: contracted places for its own people, spot places, or
  /// contracted places for people from other districts (above the out-of-area reserve).
  enum class Offer : std::uint8_t { contract = 0, spot = 1, out_of_area = 2 };
  static constexpr std::size_t offer_kinds = 3;
  [[nodiscard]] std::uint32_t best_in_district(const Client& c, DistrictIndex d, Offer kind,
                                               std::uint64_t draw_entity) const;
  /// Whether a contracted provider at loc accepts the person's package (always, when the
  /// service's acceptance is off).
  [[nodiscard]] bool accepts_offer(const Client& c, std::uint32_t loc) const;
  [[nodiscard]] bool fits(const Client& c, std::uint32_t location) const;
  /// What free capacity of one kind a district has: the largest free homecare hours of any
  /// branch, or the need bands some free supported-living home accepts. A quick filter before
  /// the full cascade.
  struct FreeInDistrict {
    double max_hours = 0.0;
    std::uint64_t need_ok = 0;  // bit n: some free home accepts need band n
    bool any = false;
  };
  [[nodiscard]] FreeInDistrict free_in(DistrictIndex d, Service s, Offer kind) const;
  [[nodiscard]] static bool could_fit(const FreeInDistrict& f, Service s,
                                      const PlacementQueue::Item& c);
  /// Whether anyone within a queue lane's bounds could fit (and, with returners_only, would
  /// return to) capacity f: false only when nobody in the lane can.
  [[nodiscard]] static bool lane_may_fit(const FreeInDistrict& f, Service s,
                                         const PlacementQueue::Bounds& b, bool returners_only);
  /// A compact mirror, in branches_in_ / properties_in_ order, of what each district offers:
  /// one slot per branch (homecare) or property (supported living), refreshed whenever the
  /// branch, property or its provider changes, so the placement search reads contiguous memory
  /// (the audit checks that every slot matches what it mirrors).
  enum : std::uint8_t { slot_closed, slot_contract, slot_spot };
  struct Slot {
    double spare = 0.0;    // Branch::free() or Property::free()
    double reserve = 0.0;  // contracted: what it keeps for its own district (out-of-area reserve)
    std::uint32_t loc = 0;
    std::uint32_t provider = 0;
    std::uint32_t band = 0;  // property band
    std::uint8_t offer = slot_closed;
  };
  [[nodiscard]] Slot expected_slot(Service s, std::uint32_t loc) const;
  void refresh_branch(std::uint32_t b) {
    set_slot(branches_[b].district * service_count, branch_slot_[b],
             expected_slot(Service::homecare, b));
  }
  void refresh_property(std::uint32_t p) {
    set_slot(properties_[p].district * service_count + 1, property_slot_[p],
             expected_slot(Service::supported_living, p));
  }
  /// Stores a slot (position == size appends one) and updates its district's trees.
  void set_slot(std::size_t cell, std::size_t position, const Slot& slot);
  /// While deferring_trees_ (the monthly workforce drift, which changes many branches and reads
  /// none), set_slot leaves the trees stale and notes the cell; this rebuilds them, O(n) each.
  void rebuild_stale_trees();
  bool deferring_trees_ = false;
  std::vector<std::uint8_t> stale_trees_;  // by (district, service)
  std::vector<std::size_t> stale_cells_;
  /// The out-of-area kind shares the contract trees when the service has no reserve.
  [[nodiscard]] std::size_t kind_index(std::size_t cell, Offer kind) const {
    const auto k = static_cast<std::size_t>(kind);
    return k == 2 && !reserve_on_[cell % service_count] ? 0 : k;
  }
  /// By service: PlacementParams::reserve_on, read on every capacity change, so kept here.
  std::array<bool, service_count> reserve_on_{};
  MaxTree& tree(std::size_t cell, Offer kind, std::size_t band) const {
    return trees_[(cell * offer_kinds + kind_index(cell, kind)) * tree_width_ + band];
  }
  /// What one (district, service) offers of one kind (contract or spot), summarised from its
  /// trees and recomputed only when one of them has changed since: the free capacity, and the
  /// location the most_spare policy picks (the first of the most spare; for supported living,
  /// by need band).
  struct DistrictOffer {
    std::uint64_t version = ~0ULL;
    FreeInDistrict free;
    double best_spare = 0.0;
    std::uint32_t best = none;                // homecare
    std::vector<std::uint32_t> best_by_need;  // supported living
  };
  const DistrictOffer& offer_summary(DistrictIndex d, Service s, Offer kind) const {
    const std::size_t cell = d * service_count + static_cast<std::size_t>(s);
    const std::size_t k = cell * offer_kinds + kind_index(cell, kind);
    const DistrictOffer& o = offer_cache_[k];
    return o.version == offer_version_[k] ? o : summarise_offer(cell, k, kind);
  }
  /// Works out offer_cache_[k], the summary of (district, service) `cell` of one kind, again.
  const DistrictOffer& summarise_offer(std::size_t cell, std::size_t k, Offer kind) const;
  void refresh_provider(std::uint32_t provider);
  [[nodiscard]] bool accepts_need(std::uint32_t band, std::uint8_t need) const {
    return band < band_need_mask_.size() && need < 64 && ((band_need_mask_[band] >> need) & 1U);
  }
  static PlacementQueue::Item queue_item(const Client& c, std::uint32_t id);
  /// Whether a person placed out of area is on the list of people who may move home.
  [[nodiscard]] bool listed_home(const Client& c) const {
    return p_.placement.return_home[static_cast<std::size_t>(c.service)] && !c.home_declined;
  }
  /// The cascade's search. With apply_acceptance, a contracted place whose provider declines
  /// is passed over for the next tier, and taken only when no spot place exists either.
  bool find_location(const Client& c, bool contract_only, bool spot_first, Location& out,
                     bool apply_acceptance = true) const;
  void place(std::uint32_t client, const Location& loc, bool count_as_placement);
  void unplace(std::uint32_t client);
  void enqueue_waiting(std::uint32_t client);
  void dequeue_waiting(std::uint32_t client);
  /// Runs the cascade for a person with no place; they wait if it finds none.
  void cascade(std::uint32_t client, bool spot_first = false, bool count_as_placement = true,
               bool apply_acceptance = true);
  /// Capacity of `s` became free in district `d`: serve the waiting list, then move people
  /// back from off-contract placements, then follow any capacity those moves freed.
  void offer(DistrictIndex d, Service s);
  void drain_offers();
  void serve_waiting(DistrictIndex d, Service s);
  /// The earliest person, across d and the districts that count d as a neighbour, for whom
  /// pred holds (homecare: whose package is at most max_package, which pred must mean).
  /// People of d are judged against max_own (homecare) and may_match/pred(..., true); people of
  /// the other districts against max_other and (..., false).
  template <typename MayMatch, typename Pred>
  std::optional<PlacementQueue::Item> earliest(const std::vector<Queue>& queues, DistrictIndex d,
                                               Service s, double max_own, double max_other,
                                               MayMatch&& may_match, Pred&& pred) const;
  void serve_returns(DistrictIndex d, Service s);
  /// Whether anyone is on one of `queues` that capacity in d could serve: the queue of d or of
  /// a district that counts d as a neighbour.
  [[nodiscard]] bool anyone_listed(const std::vector<Queue>& queues, DistrictIndex d,
                                   Service s) const;
  /// People of d placed on contract in a neighbouring district move to a contracted place in
  /// d while one fits (placement.<service>.return_home).
  void serve_home(DistrictIndex d, Service s);
  /// A person a contracted provider declined to take back from spot stops waiting to return.
  void stop_returning(std::uint32_t client);
  /// Moves an off-contract person to a contracted place in reach, if one is free.
  bool try_return(std::uint32_t client);
  [[nodiscard]] double location_rate_factor(std::uint32_t loc, Service s) const;
  void adjust_spend_units(const Client& c, double sign);

  // dynamics.cpp: exits, reopenings, entries, pipeline, workforce, commissioning actions
  void on_month_tick();
  [[nodiscard]] double exit_hazard_per_year(std::uint32_t provider) const;
  /// What exit_hazard_per_year reads that is the same for every provider at one time: the
  /// contract rate and cost growth of each service, and the entrants within the competitor
  /// window in each district. Worked out once per time, entry count and rate multipliers.
  struct HazardInputs {
    double time = -std::numeric_limits<double>::infinity();
    std::uint64_t entries = 0;
    std::array<double, service_count> rate_multiplier{};
    std::array<double, service_count> contract_rate{};
    std::array<double, service_count> cost_growth{};
    std::vector<int> entrants_near;  // by district
  };
  [[nodiscard]] const HazardInputs& hazard_inputs() const;
  mutable HazardInputs hazard_inputs_;
  std::uint64_t entries_ = 0;                         // entries recorded in entry_times_
  mutable std::vector<std::uint32_t> district_mark_;  // by district: a stamp, for deduplication
  mutable std::uint32_t district_mark_stamp_ = 0;
  /// Whether a provider holds capacity now: an active branch with hours, or a property not
  /// closed with homes. One that holds none is counted in no provider metric and cannot exit.
  [[nodiscard]] bool holds_capacity(std::uint32_t provider) const;
  void exit_provider(std::uint32_t provider, ExitMode mode);
  void on_shock(std::uint32_t shock);
  void on_reopening(std::uint32_t index);
  void on_property_opens(std::uint32_t property);
  void on_action(std::uint32_t action);
  std::uint32_t add_provider(std::string name, ProviderKind kind, double rate_factor);
  std::uint32_t add_branch(std::uint32_t provider, DistrictIndex d, double hours, bool block);
  std::uint32_t add_property(std::uint32_t provider, DistrictIndex d, int band, int homes,
                             double opens_days);
  void add_entrant(DistrictIndex d, Service s, RandomStream& rng,
                   ProviderKind kind = ProviderKind::framework);
  /// Providers entering between reopenings (EntryParams), at a month tick.
  void continuous_entry();
  /// Adds 1 to `total` and to `by_kind` in every (district, service) the provider serves and
  /// once in the council area's row of each service it offers.
  void count_provider_flow(std::uint32_t provider, Metric total, Metric by_kind);
  void record_entry(std::uint32_t provider);
  void join_framework(std::uint32_t provider);
  [[nodiscard]] std::int64_t people_served(std::uint32_t provider) const;
  [[nodiscard]] double rate_multiplier(Service s) const {
    return rate_multiplier_[static_cast<std::size_t>(s)];
  }
  [[nodiscard]] double contract_rate(Service s, double t) const;
  [[nodiscard]] std::vector<DistrictIndex> provider_districts(std::uint32_t provider) const;

  void check_invariants() const;

  const ModelParams& p_;
  std::int64_t replication_;
  std::size_t districts_;
  double horizon_;
  std::vector<double> boundaries_;  // reporting periods
  std::vector<double> months_;      // monthly ticks
  std::size_t period_ = 0;
  int last_event_ = -1;  // for audit messages
  double now_ = 0.0;

  EventQueue events_;  // pending events, by day of the run

  std::vector<Provider> providers_;
  std::vector<Branch> branches_;
  std::vector<Property> properties_;
  std::vector<Client> clients_;
  std::vector<std::uint32_t> free_clients_;
  std::vector<RandomStream> referral_rng_;
  std::vector<std::uint64_t> arrivals_;
  std::vector<double> growth_per_day_;  // by demand stream: log1p(growth_per_year) / 365.25
  std::vector<std::vector<std::uint32_t>> branches_in_;    // by district
  std::vector<std::vector<std::uint32_t>> properties_in_;  // by district
  std::vector<std::vector<DistrictIndex>> reverse_neighbours_;
  std::vector<std::vector<Slot>> slots_;       // by (district, service)
  std::vector<std::uint32_t> branch_slot_;     // position of each branch in its district's slots
  std::vector<std::uint32_t> property_slot_;   // position of each property in its district's slots
  std::vector<std::uint64_t> band_need_mask_;  // by property band: bit n, accepts need band n
  std::size_t need_bands_ = 0;                 // need bands any property band names
  // By (district, service, kind): bumped whenever a tree of the kind changes.
  std::vector<std::uint64_t> offer_version_;
  mutable std::vector<DistrictOffer> offer_cache_;  // by (district, service, kind)
  // By (district, service, kind, band): each slot's spare where it fits (homecare: band 0, any
  // open branch of the kind; supported living: an open property of the kind and the property
  // band with a free home), else MaxTree::absent. A need band's best home is the best of the
  // trees of the property bands that accept it: a slot is in one band's tree, so a change to it
  // updates one tree per kind.
  mutable std::vector<MaxTree> trees_;
  std::size_t tree_width_ = 1;
  std::vector<Queue> waiting_;       // by (district, service)
  std::vector<Queue> off_contract_;  // by (district, service): people who may return
  std::vector<Queue> out_of_area_;   // by (district, service): people placed away who may return
  std::uint64_t queue_seq_ = 0;
  /// By (district, service): bumped whenever someone is listed on an off-contract list that a
  /// search of the district's capacity reads (its own, or a district that counts it as a
  /// neighbour). Only listing can make a search that found nobody find someone: leaving a
  /// list cannot.
  std::vector<std::uint64_t> return_listings_;
  /// By (district, service): what serve_returns' search read when it last found nobody (the
  /// versions of the contract and out-of-area offers, and return_listings_). The same state
  /// gives the same search, so it is not run again until one of them changes.
  struct ReturnsMiss {
    bool valid = false;
    std::array<std::uint64_t, 3> state{};
  };
  std::vector<ReturnsMiss> returns_miss_;
  [[nodiscard]] std::array<std::uint64_t, 3> returns_state(std::size_t cell) const {
    return {offer_version_[cell * offer_kinds + kind_index(cell, Offer::contract)],
            offer_version_[cell * offer_kinds + kind_index(cell, Offer::out_of_area)],
            return_listings_[cell]};
  }
  std::vector<std::pair<DistrictIndex, Service>> pending_offers_;
  bool draining_ = false;
  std::vector<Cell> cells_;
  std::vector<std::vector<double>> entry_times_;  // by district: when new providers arrived nearby
  double latest_entry_ = -std::numeric_limits<double>::infinity();  // of any entry_times_
  std::size_t month_ticks_ = 0;
  std::array<double, service_count> rate_multiplier_{1.0, 1.0};
  std::array<std::int64_t, service_count> waiting_count_{};
  std::array<double, service_count> waiting_last_change_{};
  void accrue_waiting(Service s);
  std::size_t initial_providers_ = 0;
  std::vector<ProviderOutcome> outcomes_;
  ReplicationMetrics metrics_;
  ReplicationTotals totals_;
};

}  // namespace caremarket::sim
