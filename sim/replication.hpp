#pragma once
// One replication of the model: a continuous-time discrete-event simulation of the market from
// the start date to the horizon. Internal to sim/ (and its tests); the public entry points are
// run_replication and run_ensemble in ensemble.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/market.hpp"
#include "sim/metrics.hpp"
#include "sim/params.hpp"
#include "sim/queue.hpp"

namespace caremarket::sim {

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
    action
  };
  struct Event {
    double time;
    std::uint64_t seq;
    EventType type;
    std::uint32_t a;
    std::uint32_t b;
  };
  struct EventLater {
    bool operator()(const Event& x, const Event& y) const {
      return x.time > y.time || (x.time == y.time && x.seq > y.seq);
    }
  };
  /// People, demand and spend accrual of one (district, service).
  struct Cell {
    std::array<std::int64_t, 4> placed{};  // by PlacementTier
    std::int64_t waiting = 0;
    double demand_units = 0.0;  // hours a week (homecare) or people (supported living)
    double waiting_units = 0.0;
    double last_accrual = 0.0;
    double contract_units = 0.0;  // package x rate factor of people on framework contracts
    double spot_units = 0.0;
    double in_house_units = 0.0;
    double block_units = 0.0;  // block-purchased capacity x rate factor
    double contract_unit_days = 0.0;
    double spot_unit_days = 0.0;
    double in_house_unit_days = 0.0;
  };
  using Queue = PlacementQueue;

  // replication.cpp: set-up, event loop, metrics
  void schedule(double time, EventType type, std::uint32_t a = 0, std::uint32_t b = 0);
  void build_market();
  void seed_initial_caseload();
  void schedule_next_referral(std::uint32_t stream, double now);
  void on_referral(std::uint32_t stream);
  void on_need_ends(std::uint32_t client, std::uint32_t generation);
  void on_period_end(std::size_t period);
  void record_stocks(std::size_t period);
  Cell& cell(DistrictIndex d, Service s) {
    return cells_[d * service_count + static_cast<std::size_t>(s)];
  }
  void accrue(Cell& c, double now);
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
  };
  [[nodiscard]] std::uint32_t best_in_district(const Client& c, DistrictIndex d, bool contract,
                                               std::uint64_t draw_entity) const;
  [[nodiscard]] bool fits(const Client& c, std::uint32_t location) const;
  /// What free capacity of one kind a district has: the largest free homecare hours of any
  /// branch, or the need bands some free supported-living home accepts. A quick filter before
  /// the full cascade.
  struct FreeInDistrict {
    double max_hours = 0.0;
    std::vector<bool> need_ok;
    bool any = false;
  };
  [[nodiscard]] FreeInDistrict free_in(DistrictIndex d, Service s, bool contract) const;
  [[nodiscard]] bool could_fit(const FreeInDistrict& f, const Client& c) const;
  bool find_location(const Client& c, bool contract_only, bool spot_first, Location& out) const;
  void place(std::uint32_t client, const Location& loc, bool count_as_placement);
  void unplace(std::uint32_t client);
  void enqueue_waiting(std::uint32_t client);
  void dequeue_waiting(std::uint32_t client);
  /// Runs the cascade for a person with no place; they wait if it finds none.
  void cascade(std::uint32_t client, bool spot_first = false, bool count_as_placement = true);
  /// Capacity of `s` became free in district `d`: serve the waiting list, then move people
  /// back from off-contract placements, then follow any capacity those moves freed.
  void offer(DistrictIndex d, Service s);
  void drain_offers();
  void serve_waiting(DistrictIndex d, Service s);
  /// The earliest person, across d and the districts that count d as a neighbour, for whom
  /// pred holds.
  template <typename Pred>
  std::optional<PlacementQueue::Entry> earliest(const std::vector<Queue>& queues, DistrictIndex d,
                                                Service s, Pred&& pred) const;
  void serve_returns(DistrictIndex d, Service s);
  /// Moves an off-contract person to a contracted place in reach, if one is free.
  bool try_return(std::uint32_t client);
  [[nodiscard]] double location_rate_factor(std::uint32_t loc, Service s) const;
  void adjust_spend_units(const Client& c, double sign);

  // dynamics.cpp: exits, reopenings, entries, pipeline, workforce, commissioning actions
  void on_month_tick();
  [[nodiscard]] double exit_hazard_per_year(std::uint32_t provider) const;
  void exit_provider(std::uint32_t provider, ExitMode mode);
  void on_shock(std::uint32_t shock);
  void on_reopening(std::uint32_t index);
  void on_property_opens(std::uint32_t property);
  void on_action(std::uint32_t action);
  std::uint32_t add_provider(std::string name, ProviderKind kind, double rate_factor);
  std::uint32_t add_branch(std::uint32_t provider, DistrictIndex d, double hours, bool block);
  std::uint32_t add_property(std::uint32_t provider, DistrictIndex d, int band, int homes,
                             double opens_days);
  void add_entrant(DistrictIndex d, Service s, RandomStream& rng);
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

  std::vector<Event> events_;
  std::uint64_t event_seq_ = 0;

  std::vector<Provider> providers_;
  std::vector<Branch> branches_;
  std::vector<Property> properties_;
  std::vector<Client> clients_;
  std::vector<std::uint32_t> free_clients_;
  std::vector<RandomStream> referral_rng_;
  std::vector<std::uint64_t> arrivals_;
  std::vector<std::vector<std::uint32_t>> branches_in_;    // by district
  std::vector<std::vector<std::uint32_t>> properties_in_;  // by district
  std::vector<std::vector<DistrictIndex>> reverse_neighbours_;
  std::vector<Queue> waiting_;       // by (district, service)
  std::vector<Queue> off_contract_;  // by (district, service): people who may return
  std::uint64_t queue_seq_ = 0;
  std::vector<std::pair<DistrictIndex, Service>> pending_offers_;
  bool draining_ = false;
  std::vector<Cell> cells_;
  std::vector<std::vector<double>> entry_times_;  // by district: when new providers arrived nearby
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
