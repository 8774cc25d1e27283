// How the market changes: provider exits (background hazard and scheduled shocks), framework
// reopenings with entries and departures, the supported-living pipeline, homecare workforce
// drift, and the council's own commissioning actions.

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/distribution.hpp"
#include "sim/replication.hpp"

namespace caremarket::sim {

std::uint32_t Replication::add_provider(std::string name, ProviderKind kind, double rate_factor) {
  const auto id = static_cast<std::uint32_t>(providers_.size());
  Provider pr;
  pr.name = std::move(name);
  pr.kind = kind;
  pr.rate_factor = rate_factor;
  pr.joined_days = now_;
  pr.exit_stream = RandomStream(p_.run.seed, static_cast<std::uint64_t>(replication_),
                                StreamPurpose::provider_exit, id);
  providers_.push_back(std::move(pr));
  return id;
}

std::uint32_t Replication::add_branch(std::uint32_t provider, DistrictIndex d, double hours,
                                      bool block) {
  const auto id = static_cast<std::uint32_t>(branches_.size());
  Branch b;
  b.provider = provider;
  b.district = d;
  b.capacity = hours;
  b.workforce = hours;
  b.block_purchased = block;
  b.workforce_stream = RandomStream(p_.run.seed, static_cast<std::uint64_t>(replication_),
                                    StreamPurpose::workforce, id);
  branches_.push_back(std::move(b));
  providers_[provider].branches.push_back(id);
  branches_in_[d].push_back(id);
  branch_slot_.push_back(static_cast<std::uint32_t>(slots_[d * service_count].size()));
  set_slot(d * service_count, slots_[d * service_count].size(),
           expected_slot(Service::homecare, id));
  if (block) {
    Cell& cl = cell(d, Service::homecare);
    accrue(cl, now_);
    cl.block_units += hours * providers_[provider].rate_factor;
  }
  return id;
}

std::uint32_t Replication::add_property(std::uint32_t provider, DistrictIndex d, int band,
                                        int homes, double opens_days) {
  const auto id = static_cast<std::uint32_t>(properties_.size());
  Property pp;
  pp.provider = provider;
  pp.district = d;
  pp.band = band;
  pp.homes = homes;
  pp.status = opens_days > now_ ? PropertyStatus::pipeline : PropertyStatus::open;
  properties_.push_back(std::move(pp));
  providers_[provider].properties.push_back(id);
  properties_in_[d].push_back(id);
  property_slot_.push_back(static_cast<std::uint32_t>(slots_[d * service_count + 1].size()));
  set_slot(d * service_count + 1, slots_[d * service_count + 1].size(),
           expected_slot(Service::supported_living, id));
  return id;
}

std::vector<DistrictIndex> Replication::provider_districts(std::uint32_t provider) const {
  std::vector<DistrictIndex> ds;
  for (const std::uint32_t b : providers_[provider].branches) ds.push_back(branches_[b].district);
  for (const std::uint32_t pp : providers_[provider].properties)
    ds.push_back(properties_[pp].district);
  std::sort(ds.begin(), ds.end());
  ds.erase(std::unique(ds.begin(), ds.end()), ds.end());
  return ds;
}

std::int64_t Replication::people_served(std::uint32_t provider) const {
  std::int64_t n = 0;
  for (const std::uint32_t b : providers_[provider].branches)
    n += static_cast<std::int64_t>(branches_[b].clients.size());
  for (const std::uint32_t pp : providers_[provider].properties) n += properties_[pp].occupied;
  return n;
}

const Replication::HazardInputs& Replication::hazard_inputs() const {
  HazardInputs& in = hazard_inputs_;
  if (in.time == now_ && in.entries == entries_ && in.rate_multiplier == rate_multiplier_)
    return in;
  in.time = now_;
  in.entries = entries_;
  in.rate_multiplier = rate_multiplier_;
  for (std::size_t si = 0; si < service_count; ++si) {
    in.contract_rate[si] = contract_rate(static_cast<Service>(si), now_);
    in.cost_growth[si] = std::pow(1.0 + p_.costs.cost_growth_per_year[si], now_ / days_per_year);
  }
  in.entrants_near.assign(districts_, 0);
  for (std::size_t d = 0; d < districts_; ++d) {
    for (const double t : entry_times_[d]) {
      if (now_ - t <= p_.exits.competitor_window_days && now_ >= t) ++in.entrants_near[d];
    }
  }
  return in;
}

double Replication::exit_hazard_per_year(std::uint32_t id) const {
  const Provider& pr = providers_[id];
  const ExitParams& x = p_.exits;
  double h = x.base_hazard_per_year[static_cast<std::size_t>(pr.kind)];
  if (h <= 0.0) return 0.0;
  const HazardInputs& in = hazard_inputs();
  // Financial stress: the rate it is paid below its cost of care (framework providers).
  double hours_capacity = 0.0, hours_used = 0.0, homes = 0.0, occupied = 0.0;
  for (const std::uint32_t b : pr.branches) {
    if (!branches_[b].active) continue;
    hours_capacity += branches_[b].capacity;
    hours_used += branches_[b].used;
  }
  for (const std::uint32_t pp : pr.properties) {
    if (properties_[pp].status != PropertyStatus::open) continue;
    homes += properties_[pp].homes;
    occupied += properties_[pp].occupied;
  }
  if (pr.kind == ProviderKind::framework) {
    double shortfall = 0.0;
    for (std::size_t si = 0; si < service_count; ++si) {
      const bool offers = si == 0 ? hours_capacity > 0.0 : homes > 0.0;
      if (!offers) continue;
      const double rate = in.contract_rate[si] * pr.rate_factor;
      const double cost =
          p_.costs.cost_of_care_gbp_per_hour[si] * in.cost_growth[si] * pr.cost_factor;
      if (cost > 0.0) shortfall = std::max(shortfall, (cost - rate) / cost);
    }
    h *= 1.0 + x.stress_slope * std::max(0.0, shortfall);
  }
  // Low utilisation.
  const double capacity = hours_capacity + homes;
  if (capacity > 0.0 && x.low_utilisation_threshold > 0.0) {
    const double utilisation =
        (hours_capacity > 0.0 ? hours_used / hours_capacity : 0.0) * (hours_capacity / capacity) +
        (homes > 0.0 ? occupied / homes : 0.0) * (homes / capacity);
    if (utilisation < x.low_utilisation_threshold) {
      h *= 1.0 + x.low_utilisation_slope * (x.low_utilisation_threshold - utilisation) /
                     x.low_utilisation_threshold;
    }
  }
  // New competitors nearby within the window (Allan 2024: about +25% each).
  // When the latest entry anywhere is outside the window, so is every entry: none to count.
  int entrants = 0;
  const bool recent = !(now_ - latest_entry_ > x.competitor_window_days);
  if (recent) {
    // Each district the provider serves counts once, however many locations it has there.
    if (++district_mark_stamp_ == 0) {  // wrapped: no stamp may match an old mark
      std::fill(district_mark_.begin(), district_mark_.end(), 0);
      district_mark_stamp_ = 1;
    }
    auto count = [&](DistrictIndex d) {
      if (district_mark_[d] == district_mark_stamp_) return;
      district_mark_[d] = district_mark_stamp_;
      entrants += in.entrants_near[d];
    };
    for (const std::uint32_t b : pr.branches) count(branches_[b].district);
    for (const std::uint32_t pp : pr.properties) count(properties_[pp].district);
  }
  if (entrants > 0) h *= std::pow(x.competitor_multiplier, entrants);
  return h;
}

bool Replication::holds_capacity(std::uint32_t id) const {
  const Provider& pr = providers_[id];
  for (const std::uint32_t bi : pr.branches) {
    if (branches_[bi].active && branches_[bi].capacity > 0.0) return true;
  }
  for (const std::uint32_t pi : pr.properties) {
    const Property& pp = properties_[pi];
    if (pp.provider == id && pp.status != PropertyStatus::closed && pp.homes > 0) return true;
  }
  return false;
}

void Replication::on_month_tick() {
  const double month_years = (days_per_year / 12.0) / days_per_year;
  if (p_.exits_enabled) {
    const std::size_t n = providers_.size();
    for (std::uint32_t id = 0; id < n; ++id) {
      Provider& pr = providers_[id];
      if (!pr.active) continue;
      // Two draws every month, whatever happens, so streams stay aligned across scenarios.
      const double u_exit = pr.exit_stream.uniform();
      const double u_mode = pr.exit_stream.uniform();
      // A provider with no capacity (none synthesised for it, or none left) has nothing to
      // leave: it is not counted as an exit (issue: zero-capacity providers).
      if (!holds_capacity(id)) continue;
      const double hazard = exit_hazard_per_year(id);
      if (hazard <= 0.0) continue;
      const double probability = 1.0 - std::exp(-hazard * month_years);
      if (u_exit < probability) {
        const bool can_hand_back = pr.kind == ProviderKind::framework;
        exit_provider(id, can_hand_back && u_mode < p_.exits.handback_probability
                              ? ExitMode::handback
                              : ExitMode::failure);
      }
    }
  }
  if (p_.entry.on()) continuous_entry();
  ++month_ticks_;
  // Workforce drift: a mean-preserving lognormal step per month.
  const double g = std::log1p(p_.workforce.capacity_growth_per_year) / 12.0;
  const double sigma = p_.workforce.capacity_volatility_per_year / std::sqrt(12.0);
  deferring_trees_ = true;  // nothing below reads the trees: rebuilt once at the end
  for (std::uint32_t bi = 0; bi < branches_.size(); ++bi) {
    Branch& b = branches_[bi];
    if (!b.active || b.block_purchased || providers_[b.provider].kind == ProviderKind::in_house ||
        !providers_[b.provider].active) {
      continue;
    }
    const double z = draw_standard_normal(b.workforce_stream);
    if (sigma == 0.0 && g == 0.0) continue;
    const double before = b.capacity;
    // The workforce drifts freely (a mean-preserving step); capacity follows it but cannot fall
    // below the hours already committed, as carers leave when packages end. Drifting capacity
    // itself, floored at the committed hours, would ratchet it upwards with volatility.
    b.workforce *= std::exp(g - 0.5 * sigma * sigma + sigma * z);
    b.capacity = std::max(b.used, b.workforce);
    refresh_branch(bi);
    if (b.capacity > before) pending_offers_.emplace_back(b.district, Service::homecare);
  }
  rebuild_stale_trees();
}

void Replication::exit_provider(std::uint32_t id, ExitMode mode) {
  Provider& pr = providers_[id];
  if (!pr.active) return;
  // Shocks and reopenings name providers without looking at their capacity; one that holds
  // none leaves nothing and no one, so it is not counted as an exit.
  if (!holds_capacity(id)) return;
  const bool was_contracted = is_contracted(pr.kind);
  count_provider_flow(id, Metric::provider_exits,
                      pr.kind == ProviderKind::framework ? Metric::framework_exits
                      : pr.kind == ProviderKind::spot    ? Metric::spot_exits
                                                         : Metric::in_house_exits);
  if (id < outcomes_.size()) outcomes_[id].exited = true;

  std::vector<std::uint32_t> displaced;
  // Homecare: every package is handed back and must be re-placed.
  for (const std::uint32_t bi : pr.branches) {
    Branch& b = branches_[bi];
    const std::vector<std::uint32_t> people = b.clients;
    for (const std::uint32_t c : people) {
      unplace(c);
      displaced.push_back(c);
    }
    if (b.block_purchased) {
      Cell& cl = cell(b.district, Service::homecare);
      accrue(cl, now_);
      cl.block_units -= b.capacity * pr.rate_factor;
    }
  }
  // Supported living: each property passes to another contracted provider with a probability
  // (its tenants stay); otherwise a failure closes it (tenants must move) and a hand-back keeps
  // it with the departing provider, now off-contract (tenants stay, off-contract).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> stays_off_contract;  // person, property
  RandomStream& rng = pr.exit_stream;
  for (const std::uint32_t pi : pr.properties) {
    Property& pp = properties_[pi];
    const bool transfer = draw_bernoulli(rng, p_.exits.property_transfer_probability);
    if (pp.status == PropertyStatus::closed) continue;
    std::uint32_t heir = none;
    if (transfer && was_contracted) {
      // The framework provider that runs the largest property in the same district; where there
      // is none, the property does not pass and is treated as below.
      std::int64_t best = -1;
      for (const std::uint32_t other : properties_in_[pp.district]) {
        const Property& op = properties_[other];
        const Provider& candidate = providers_[op.provider];
        if (op.provider == id || !candidate.active || candidate.kind != ProviderKind::framework)
          continue;
        if (op.homes > best) {
          best = op.homes;
          heir = op.provider;
        }
      }
    }
    const std::vector<std::uint32_t> people = pp.clients;
    if (heir != none) {
      for (const std::uint32_t c : people) unplace(c);
      pp.provider = heir;
      providers_[heir].properties.push_back(pi);
      refresh_property(pi);
      for (const std::uint32_t c : people) {
        Location loc{pi,
                     clients_[c].district == pp.district ? PlacementTier::local_contract
                                                         : PlacementTier::neighbour_contract,
                     false};
        place(c, loc, false);
      }
      continue;
    }
    for (const std::uint32_t c : people) {
      unplace(c);
      if (mode == ExitMode::handback) {
        stays_off_contract.emplace_back(c, pi);
      } else {
        displaced.push_back(c);
      }
    }
    if (mode == ExitMode::failure) pp.status = PropertyStatus::closed;
  }
  // The provider's own lists keep only what it still runs.
  std::erase_if(pr.properties, [&](std::uint32_t pi) { return properties_[pi].provider != id; });

  if (mode == ExitMode::handback && was_contracted) {
    pr.kind = ProviderKind::spot;
    for (const std::uint32_t bi : pr.branches) {
      Branch& b = branches_[bi];
      b.block_purchased = false;
      b.capacity *= p_.exits.handback_retained_capacity_share;
      b.workforce *= p_.exits.handback_retained_capacity_share;
    }
  }
  // A hand-back that keeps nothing (a retained share of 0 and no property kept) leaves no
  // spot provider behind: it is closed like a failure, counted once, as the exit above.
  const bool kept_as_spot = mode == ExitMode::handback && was_contracted && holds_capacity(id);
  if (!kept_as_spot) {
    pr.active = false;
    for (const std::uint32_t bi : pr.branches) branches_[bi].active = false;
    for (const std::uint32_t pi : pr.properties) properties_[pi].status = PropertyStatus::closed;
  }
  refresh_provider(id);
  // What it still runs as a spot provider may now be free for people waiting nearby.
  for (const DistrictIndex d : provider_districts(id)) {
    pending_offers_.emplace_back(d, Service::homecare);
    pending_offers_.emplace_back(d, Service::supported_living);
  }
  for (const auto& [c, pi] : stays_off_contract) {
    const Client& cl = clients_[c];
    if (id < outcomes_.size()) ++outcomes_[id].people_displaced;
    flow(cl.district, cl.service, Metric::people_displaced) += 1.0;
    const PlacementTier tier = properties_[pi].district == cl.district
                                   ? PlacementTier::local_spot
                                   : PlacementTier::neighbour_spot;
    place(c, Location{pi, tier, false}, false);
    if (clients_[c].returns_to_contract) try_return(c);
  }
  for (const std::uint32_t c : displaced) {
    Client& cl = clients_[c];
    cl.displaced = true;
    cl.wait_start_days = now_;
    if (id < outcomes_.size()) ++outcomes_[id].people_displaced;
    flow(cl.district, cl.service, Metric::people_displaced) += 1.0;
    cascade(c);
  }
}

}  // namespace caremarket::sim

namespace caremarket::sim {

void Replication::on_shock(std::uint32_t index) {
  const ShockSpec& shock = p_.shocks[index];
  auto offers_service = [&](std::uint32_t id) {
    if (shock.service < 0) return true;
    return shock.service == 0 ? !providers_[id].branches.empty()
                              : !providers_[id].properties.empty();
  };
  std::vector<std::uint32_t> targets;
  switch (shock.target) {
    case ShockSpec::Target::named:
      // The service filter applies to a named provider too (docs/model.md 7.9).
      if (shock.provider < providers_.size() &&
          offers_service(static_cast<std::uint32_t>(shock.provider)))
        targets.push_back(static_cast<std::uint32_t>(shock.provider));
      break;
    case ShockSpec::Target::largest: {
      std::vector<std::pair<std::int64_t, std::uint32_t>> sized;
      for (std::uint32_t id = 0; id < providers_.size(); ++id) {
        if (providers_[id].active && providers_[id].kind == ProviderKind::framework &&
            offers_service(id)) {
          sized.emplace_back(-people_served(id), id);
        }
      }
      std::sort(sized.begin(), sized.end());
      for (std::size_t k = 0;
           k < sized.size() && k < static_cast<std::size_t>(std::max(0, shock.count)); ++k) {
        targets.push_back(sized[k].second);
      }
      break;
    }
    case ShockSpec::Target::district_share: {
      std::vector<std::uint32_t> present;
      for (std::uint32_t id = 0; id < providers_.size(); ++id) {
        if (!providers_[id].active || providers_[id].kind != ProviderKind::framework ||
            !offers_service(id))
          continue;
        const auto ds = provider_districts(id);
        if (std::find(ds.begin(), ds.end(), shock.district) != ds.end()) present.push_back(id);
      }
      RandomStream rng(p_.run.seed, static_cast<std::uint64_t>(replication_), StreamPurpose::shock,
                       index);
      for (std::size_t i = present.size(); i > 1; --i)
        std::swap(present[i - 1], present[draw_index(rng, i)]);
      const auto n = static_cast<std::size_t>(
          std::ceil(shock.share * static_cast<double>(present.size()) - 1e-9));
      present.resize(std::min(n, present.size()));
      targets = present;
      break;
    }
  }
  for (const std::uint32_t id : targets) exit_provider(id, shock.mode);
}

void Replication::count_provider_flow(std::uint32_t provider, Metric total, Metric by_kind) {
  const Provider& pr = providers_[provider];
  for (const DistrictIndex d : provider_districts(provider)) {
    for (std::size_t si = 0; si < service_count; ++si) {
      const bool serves =
          si == 0 ? std::any_of(pr.branches.begin(), pr.branches.end(),
                                [&](std::uint32_t b) { return branches_[b].district == d; })
                  : std::any_of(pr.properties.begin(), pr.properties.end(),
                                [&](std::uint32_t p) { return properties_[p].district == d; });
      if (!serves) continue;
      flow(d, static_cast<Service>(si), total) += 1.0;
      flow(d, static_cast<Service>(si), by_kind) += 1.0;
    }
  }
  for (std::size_t si = 0; si < service_count; ++si) {
    if (si == 0 ? pr.branches.empty() : pr.properties.empty()) continue;
    county_flow(static_cast<Service>(si), total) += 1.0;
    county_flow(static_cast<Service>(si), by_kind) += 1.0;
  }
}

void Replication::record_entry(std::uint32_t provider) {
  const ProviderKind kind = providers_[provider].kind;
  count_provider_flow(provider, Metric::provider_entries,
                      kind == ProviderKind::framework ? Metric::framework_entries
                      : kind == ProviderKind::spot    ? Metric::spot_entries
                                                      : Metric::in_house_entries);
}

void Replication::join_framework(std::uint32_t id) {
  Provider& pr = providers_[id];
  // Its people come onto contract with it.
  std::vector<std::uint32_t> people;
  for (const std::uint32_t b : pr.branches)
    people.insert(people.end(), branches_[b].clients.begin(), branches_[b].clients.end());
  for (const std::uint32_t pp : pr.properties)
    people.insert(people.end(), properties_[pp].clients.begin(), properties_[pp].clients.end());
  std::vector<std::uint32_t> locations;
  for (const std::uint32_t c : people) {
    locations.push_back(clients_[c].location);
    unplace(c);
  }
  pr.kind = ProviderKind::framework;
  pr.joined_days = now_;
  refresh_provider(id);
  for (std::size_t k = 0; k < people.size(); ++k) {
    const std::uint32_t c = people[k];
    const std::uint32_t loc = locations[k];
    const DistrictIndex where = clients_[c].service == Service::homecare
                                    ? branches_[loc].district
                                    : properties_[loc].district;
    place(c,
          Location{loc,
                   where == clients_[c].district ? PlacementTier::local_contract
                                                 : PlacementTier::neighbour_contract,
                   false},
          false);
  }
  record_entry(id);
  // Not a new competitor: it was already trading here, off the framework.
  for (const DistrictIndex d : provider_districts(id)) {
    pending_offers_.emplace_back(d, Service::homecare);
    pending_offers_.emplace_back(d, Service::supported_living);
  }
}

void Replication::add_entrant(DistrictIndex d, Service s, RandomStream& rng, ProviderKind kind) {
  const std::uint32_t id = add_provider("entrant " + std::to_string(providers_.size()), kind, 1.0);
  if (s == Service::homecare) {
    add_branch(id, d, draw(p_.framework.entrant_capacity_hours_per_week, rng), false);
  } else {
    for (int k = 0; k < p_.framework.entrant_properties; ++k) {
      const int n =
          static_cast<int>(std::lround(draw(p_.framework.entrant_homes_per_property, rng)));
      // New entrants' properties take the bands in turn.
      const int bands =
          static_cast<int>(std::max<std::size_t>(1, p_.placement.band_accepts.size()));
      add_property(id, d, k % bands, std::max(1, n), now_);
    }
  }
  record_entry(id);
  entry_times_[d].push_back(now_);  // a new competitor for the district's providers
  ++entries_;
  latest_entry_ = std::max(latest_entry_, now_);
  pending_offers_.emplace_back(d, s);
}

void Replication::continuous_entry() {
  const EntryParams& x = p_.entry;
  RandomStream rng(p_.run.seed, static_cast<std::uint64_t>(replication_), StreamPurpose::entry,
                   month_ticks_);
  for (std::size_t si = 0; si < service_count; ++si) {
    const auto s = static_cast<Service>(si);
    if (x.providers_per_year[si] <= 0.0) continue;
    // Entrants settle where the service's demand is: each district's share of it now.
    std::vector<double> weight(districts_, 0.0);
    double total = 0.0;
    for (DistrictIndex d = 0; d < districts_; ++d) {
      weight[d] = std::max(0.0, cell(d, s).demand_units);
      total += weight[d];
    }
    if (total <= 0.0) continue;
    // Contracted capacity now, for the gap share.
    std::vector<double> capacity(districts_, 0.0);
    if (x.unmet_demand_response != 0.0) {
      for (const Provider& pr : providers_) {
        if (!pr.active || !is_contracted(pr.kind)) continue;
        if (s == Service::homecare) {
          for (const std::uint32_t b : pr.branches)
            if (branches_[b].active) capacity[branches_[b].district] += branches_[b].capacity;
        } else {
          for (const std::uint32_t pi : pr.properties)
            if (properties_[pi].status == PropertyStatus::open)
              capacity[properties_[pi].district] += properties_[pi].homes;
        }
      }
    }
    for (DistrictIndex d = 0; d < districts_; ++d) {
      const double demand = std::max(0.0, cell(d, s).demand_units);
      const double gap_share = demand > 0.0 ? std::max(0.0, demand - capacity[d]) / demand : 0.0;
      const double response =
          x.unmet_demand_response != 0.0 ? 1.0 + x.unmet_demand_response * gap_share : 1.0;
      const double mean =
          x.providers_per_year[si] / 12.0 * (weight[d] / total) * std::max(0.0, response);
      const std::uint64_t n = mean > 0.0 ? draw_poisson(rng, mean) : 0;
      for (std::uint64_t k = 0; k < n; ++k) add_entrant(d, s, rng, x.kind);
    }
  }
}

void Replication::on_reopening(std::uint32_t index) {
  if (!p_.framework.open) return;  // a closed framework admits nobody until it is retendered
  RandomStream rng(p_.run.seed, static_cast<std::uint64_t>(replication_), StreamPurpose::reopening,
                   index);
  const std::size_t existing = providers_.size();
  // Departures and joins: two draws per existing provider, always.
  std::vector<std::uint32_t> leaving, joining;
  for (std::uint32_t id = 0; id < existing; ++id) {
    const double u_leave = rng.uniform();
    const double u_join = rng.uniform();
    const Provider& pr = providers_[id];
    if (!pr.active) continue;
    // A provider takes part if a service it offers reopens.
    const bool reopens = (!pr.branches.empty() && p_.framework.service_reopens[0]) ||
                         (!pr.properties.empty() && p_.framework.service_reopens[1]);
    if (!reopens) continue;
    if (pr.kind == ProviderKind::framework && u_leave < p_.framework.leave_probability)
      leaving.push_back(id);
    if (pr.kind == ProviderKind::spot && u_join < p_.framework.spot_join_probability)
      joining.push_back(id);
  }
  for (const std::uint32_t id : leaving) exit_provider(id, ExitMode::handback);
  for (const std::uint32_t id : joining) join_framework(id);
  // Providers new to the area: recruited into named districts, and county-wide entrants.
  for (const RecruitmentSpec& r : p_.framework.recruitment) {
    if (r.at_reopening >= 0 && static_cast<std::uint32_t>(r.at_reopening) != index) continue;
    if (!p_.framework.service_reopens[static_cast<std::size_t>(r.service)]) continue;
    for (int k = 0; k < r.providers; ++k) add_entrant(r.district, r.service, rng);
  }
  for (std::size_t si = 0; si < service_count; ++si) {
    if (!p_.framework.service_reopens[si]) continue;
    for (int k = 0; k < p_.framework.new_entrants_per_reopening[si]; ++k) {
      DistrictIndex d = 0;
      if (p_.framework.entrant_district_weights.size() == districts_) {
        d = draw_weighted(rng, p_.framework.entrant_district_weights);
      } else {
        d = draw_index(rng, districts_);
      }
      add_entrant(d, static_cast<Service>(si), rng);
    }
  }
}

void Replication::on_property_opens(std::uint32_t index) {
  Property& pp = properties_[index];
  if (pp.status != PropertyStatus::pipeline || !providers_[pp.provider].active) return;
  pp.status = PropertyStatus::open;
  refresh_property(index);
  pending_offers_.emplace_back(pp.district, Service::supported_living);
}

void Replication::on_action(std::uint32_t index) {
  const ActionSpec& a = p_.actions[index];
  const std::string name = a.name.empty() ? "action " + std::to_string(index) : a.name;
  switch (a.kind) {
    case ActionSpec::Kind::in_house: {
      const std::uint32_t id = add_provider(name, ProviderKind::in_house, 1.0);
      if (a.service == Service::homecare) {
        add_branch(id, a.district, a.hours_per_week, false);
      } else {
        for (int k = 0; k < a.properties; ++k)
          add_property(id, a.district, a.band, a.homes_per_property, now_);
      }
      record_entry(id);
      pending_offers_.emplace_back(a.district, a.service);
      break;
    }
    case ActionSpec::Kind::block_purchase: {
      const std::uint32_t id = add_provider(name, ProviderKind::framework, 1.0);
      add_branch(id, a.district, a.hours_per_week, true);
      record_entry(id);
      pending_offers_.emplace_back(a.district, Service::homecare);
      break;
    }
    case ActionSpec::Kind::new_properties: {
      const std::uint32_t id = add_provider(name, ProviderKind::framework, 1.0);
      RandomStream rng(p_.run.seed, static_cast<std::uint64_t>(replication_),
                       StreamPurpose::pipeline, (1ULL << 40) + index);
      for (int k = 0; k < a.properties; ++k) {
        const std::uint32_t pi =
            add_property(id, a.district, a.band, a.homes_per_property, now_ + 1.0);
        const double delay = p_.pipeline.slip_days + draw(p_.pipeline.delay_days, rng);
        if (now_ + delay < horizon_) schedule(now_ + delay, EventType::property_opens, pi);
      }
      record_entry(id);
      break;
    }
    case ActionSpec::Kind::rate_change:
      // Care delivered so far this period is paid at the rate before the change.
      for (DistrictIndex d = 0; d < districts_; ++d) price_segment(d, a.service, now_);
      rate_multiplier_[static_cast<std::size_t>(a.service)] *= 1.0 + a.rate_change;
      break;
  }
}

}  // namespace caremarket::sim
