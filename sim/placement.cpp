// The placement cascade of seed 000 (000_6d01bf5008afb92b.txt): a contracted provider in the
// person's district; a contracted provider in a neighbouring district, nearest first; a
// temporary off-contract (spot) placement in the district, then in neighbours; otherwise the
// person waits. Freed capacity goes to the waiting list first (displaced people first, then
// first come first served), then to people placed off-contract who would move back.

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "sim/replication.hpp"

namespace caremarket::sim {

namespace {
constexpr double capacity_epsilon = 1e-9;
constexpr std::uint64_t displaced_priority = 0;
constexpr std::uint64_t normal_priority = 1ULL << 62;
}  // namespace

bool Replication::fits(const Client& c, std::uint32_t loc) const {
  if (c.service == Service::homecare) {
    const Branch& b = branches_[loc];
    return b.active && providers_[b.provider].active && b.free() + capacity_epsilon >= c.package;
  }
  const Property& pp = properties_[loc];
  if (!providers_[pp.provider].active || pp.free() <= 0) return false;
  const auto& accepts = p_.placement.band_accepts;
  const auto band = static_cast<std::size_t>(pp.band);
  return band < accepts.size() && c.need_band < accepts[band].size() && accepts[band][c.need_band];
}

std::uint32_t Replication::best_in_district(const Client& c, DistrictIndex d, bool contract,
                                            std::uint64_t draw_entity) const {
  const std::vector<std::uint32_t>& list =
      c.service == Service::homecare ? branches_in_[d] : properties_in_[d];
  std::uint32_t best = none;
  double best_score = -1.0;
  std::vector<double> weights;
  std::vector<std::uint32_t> candidates;
  for (const std::uint32_t loc : list) {
    const std::uint32_t provider =
        c.service == Service::homecare ? branches_[loc].provider : properties_[loc].provider;
    if (is_contracted(providers_[provider].kind) != contract || !fits(c, loc)) continue;
    const double spare = c.service == Service::homecare
                             ? branches_[loc].free()
                             : static_cast<double>(properties_[loc].free());
    switch (p_.placement.choice) {
      case ChoicePolicy::most_spare:
        if (spare > best_score) {
          best_score = spare;
          best = loc;
        }
        break;
      case ChoicePolicy::cheapest: {
        // Lowest rate first; among equal rates, most spare capacity.
        const double score = 1e12 / providers_[provider].rate_factor + spare;
        if (score > best_score) {
          best_score = score;
          best = loc;
        }
        break;
      }
      case ChoicePolicy::weighted_random:
        candidates.push_back(loc);
        weights.push_back(spare);
        break;
    }
  }
  if (p_.placement.choice == ChoicePolicy::weighted_random && !candidates.empty()) {
    RandomStream rng(p_.run.seed, static_cast<std::uint64_t>(replication_),
                     StreamPurpose::placement, draw_entity);
    best = candidates[draw_weighted(rng, weights)];
  }
  return best;
}

bool Replication::find_location(const Client& c, bool contract_only, bool spot_first,
                                Location& out) const {
  // Each decision draws from its own stream, named by the person and the decision's time.
  const std::uint64_t entity = c.serial ^ (static_cast<std::uint64_t>(now_ * 1440.0) << 40);
  auto search = [&](bool contract) {
    std::uint32_t loc = best_in_district(c, c.district, contract, entity);
    if (loc != none) {
      out = Location{loc, contract ? PlacementTier::local_contract : PlacementTier::local_spot,
                     false};
      return true;
    }
    for (const DistrictIndex e : p_.neighbours[c.district]) {
      loc = best_in_district(c, e, contract, entity + 1 + e);
      if (loc != none) {
        out = Location{loc,
                       contract ? PlacementTier::neighbour_contract : PlacementTier::neighbour_spot,
                       false};
        return true;
      }
    }
    return false;
  };
  if (spot_first && !contract_only && search(false)) return true;
  if (search(true)) return true;
  if (contract_only) return false;
  if (!spot_first && search(false)) return true;
  if (p_.placement.unlimited_spot[static_cast<std::size_t>(c.service)]) {
    out = Location{none, PlacementTier::local_spot, true};
    return true;
  }
  return false;
}

double Replication::location_rate_factor(std::uint32_t loc, Service s) const {
  if (loc == none) return 1.0;
  const std::uint32_t provider =
      s == Service::homecare ? branches_[loc].provider : properties_[loc].provider;
  return providers_[provider].rate_factor;
}

void Replication::adjust_spend_units(const Client& c, double sign) {
  Cell& cl = cell(c.district, c.service);
  accrue(cl, now_);
  const double rate_factor = location_rate_factor(c.location, c.service);
  const double units = sign * c.package * rate_factor;
  if (!is_contract(c.tier)) {
    cl.spot_units += units;
    return;
  }
  const std::uint32_t provider = c.service == Service::homecare ? branches_[c.location].provider
                                                                : properties_[c.location].provider;
  if (providers_[provider].kind == ProviderKind::in_house) {
    cl.in_house_units += sign * c.package;
  } else if (c.service == Service::homecare && branches_[c.location].block_purchased) {
    // Block-purchased hours are paid for as capacity, not per person.
  } else {
    cl.contract_units += units;
  }
}

void Replication::place(std::uint32_t id, const Location& loc, bool count_as_placement) {
  Client& c = clients_[id];
  c.state = ClientState::placed;
  c.tier = loc.tier;
  c.location = loc.index;
  if (loc.index != none) {
    std::vector<std::uint32_t>* list = nullptr;
    if (c.service == Service::homecare) {
      branches_[loc.index].used += c.package;
      list = &branches_[loc.index].clients;
    } else {
      ++properties_[loc.index].occupied;
      list = &properties_[loc.index].clients;
    }
    c.slot = static_cast<std::uint32_t>(list->size());
    list->push_back(id);
  }
  Cell& cl = cell(c.district, c.service);
  ++cl.placed[static_cast<std::size_t>(c.tier)];
  adjust_spend_units(c, +1.0);
  if (!is_contract(c.tier)) {
    c.queue_key = queue_seq_++;
    off_contract_[c.district * service_count + static_cast<std::size_t>(c.service)].emplace(
        c.queue_key, id);
  }
  if (count_as_placement) {
    flow(c.district, c.service, Metric::new_placements) += 1.0;
    flow(c.district, c.service, Metric::wait_days_total) += now_ - c.wait_start_days;
    if (!is_contract(c.tier))
      flow(c.district, c.service, Metric::new_off_contract_placements) += 1.0;
    if (!c.ever_placed) {
      const auto si = static_cast<std::size_t>(c.service);
      ++totals_.first_placements[si];
      if (!is_contract(c.tier)) ++totals_.first_placements_off_contract[si];
    }
  }
  c.ever_placed = true;
  c.displaced = false;
}

void Replication::unplace(std::uint32_t id) {
  Client& c = clients_[id];
  adjust_spend_units(c, -1.0);
  Cell& cl = cell(c.district, c.service);
  --cl.placed[static_cast<std::size_t>(c.tier)];
  if (!is_contract(c.tier)) {
    off_contract_[c.district * service_count + static_cast<std::size_t>(c.service)].erase(
        {c.queue_key, id});
  }
  if (c.location != none) {
    std::vector<std::uint32_t>* list = nullptr;
    if (c.service == Service::homecare) {
      Branch& b = branches_[c.location];
      b.used = std::max(0.0, b.used - c.package);
      list = &b.clients;
    } else {
      --properties_[c.location].occupied;
      list = &properties_[c.location].clients;
    }
    // Swap-remove, keeping the moved person's slot right.
    const std::uint32_t last = list->back();
    (*list)[c.slot] = last;
    clients_[last].slot = c.slot;
    list->pop_back();
  }
  c.location = none;
  c.state = ClientState::ended;
}

void Replication::accrue_waiting(Service s) {
  const auto si = static_cast<std::size_t>(s);
  totals_.waiting_person_days[si] +=
      static_cast<double>(waiting_count_[si]) * (now_ - waiting_last_change_[si]);
  waiting_last_change_[si] = now_;
}

void Replication::enqueue_waiting(std::uint32_t id) {
  Client& c = clients_[id];
  accrue_waiting(c.service);
  ++waiting_count_[static_cast<std::size_t>(c.service)];
  c.state = ClientState::waiting;
  c.location = none;
  c.queue_key = (c.displaced ? displaced_priority : normal_priority) + queue_seq_++;
  waiting_[c.district * service_count + static_cast<std::size_t>(c.service)].emplace(c.queue_key,
                                                                                     id);
  Cell& cl = cell(c.district, c.service);
  ++cl.waiting;
  if (c.service == Service::homecare) cl.waiting_units += c.package;
}

void Replication::dequeue_waiting(std::uint32_t id) {
  Client& c = clients_[id];
  accrue_waiting(c.service);
  --waiting_count_[static_cast<std::size_t>(c.service)];
  totals_.completed_wait_days[static_cast<std::size_t>(c.service)] += now_ - c.wait_start_days;
  waiting_[c.district * service_count + static_cast<std::size_t>(c.service)].erase(
      {c.queue_key, id});
  Cell& cl = cell(c.district, c.service);
  --cl.waiting;
  if (c.service == Service::homecare) cl.waiting_units -= c.package;
  c.state = ClientState::ended;
}

void Replication::cascade(std::uint32_t id, bool spot_first, bool count_as_placement) {
  Location loc;
  if (find_location(clients_[id], false, spot_first, loc)) {
    place(id, loc, count_as_placement);
  } else {
    enqueue_waiting(id);
  }
}

void Replication::offer(DistrictIndex d, Service s) {
  pending_offers_.emplace_back(d, s);
  drain_offers();
}

void Replication::drain_offers() {
  if (draining_) return;  // the outer call will get to it
  draining_ = true;
  while (!pending_offers_.empty()) {
    const auto [d, s] = pending_offers_.back();
    pending_offers_.pop_back();
    serve_waiting(d, s);
    serve_returns(d, s);
  }
  draining_ = false;
}

Replication::FreeInDistrict Replication::free_in(DistrictIndex d, Service s, bool contract) const {
  FreeInDistrict f;
  if (s == Service::homecare) {
    for (const std::uint32_t loc : branches_in_[d]) {
      const Branch& b = branches_[loc];
      if (!b.active || !providers_[b.provider].active ||
          is_contracted(providers_[b.provider].kind) != contract) {
        continue;
      }
      f.max_hours = std::max(f.max_hours, b.free());
    }
    f.any = f.max_hours > capacity_epsilon;
    return f;
  }
  const auto& accepts = p_.placement.band_accepts;
  for (const std::uint32_t loc : properties_in_[d]) {
    const Property& pp = properties_[loc];
    if (pp.free() <= 0 || !providers_[pp.provider].active ||
        is_contracted(providers_[pp.provider].kind) != contract) {
      continue;
    }
    const auto band = static_cast<std::size_t>(pp.band);
    if (band >= accepts.size()) continue;
    if (f.need_ok.size() < accepts[band].size()) f.need_ok.resize(accepts[band].size(), false);
    for (std::size_t n = 0; n < accepts[band].size(); ++n) {
      if (accepts[band][n]) {
        f.need_ok[n] = true;
        f.any = true;
      }
    }
  }
  return f;
}

bool Replication::could_fit(const FreeInDistrict& f, const Client& c) const {
  if (!f.any) return false;
  if (c.service == Service::homecare) return f.max_hours + capacity_epsilon >= c.package;
  return c.need_band < f.need_ok.size() && f.need_ok[c.need_band];
}

template <typename Pred>
std::optional<PlacementQueue::Entry> Replication::earliest(const std::vector<Queue>& queues,
                                                           DistrictIndex d, Service s,
                                                           Pred&& pred) const {
  std::optional<Queue::Entry> best;
  auto consider = [&](DistrictIndex e) {
    const Queue::Entry* first =
        queues[e * service_count + static_cast<std::size_t>(s)].find_first(pred);
    if (first != nullptr && (!best || first->first < best->first)) best = *first;
  };
  consider(d);
  for (const DistrictIndex e : reverse_neighbours_[d]) consider(e);
  return best;
}

void Replication::serve_waiting(DistrictIndex d, Service s) {
  // People who could use capacity in d: those of d and of every district that counts d as a
  // neighbour. Only capacity in d changed, so only people who fit there can now be placed.
  // Serve them in queue order across those districts: each time, the earliest who fits.
  FreeInDistrict contract = free_in(d, s, true);
  FreeInDistrict spot = free_in(d, s, false);
  while (contract.any || spot.any) {
    const auto next = earliest(waiting_, d, s, [&](const Queue::Entry& entry) {
      const Client& c = clients_[entry.second];
      return could_fit(contract, c) || could_fit(spot, c);
    });
    if (!next) return;
    Location loc;
    if (!find_location(clients_[next->second], false, false, loc)) {
      throw std::logic_error("serve_waiting: a person who fits found no place");
    }
    dequeue_waiting(next->second);
    place(next->second, loc, true);
    contract = free_in(d, s, true);
    spot = free_in(d, s, false);
  }
}

bool Replication::try_return(std::uint32_t id) {
  Location loc;
  if (!find_location(clients_[id], true, false, loc)) return false;
  const Client& c = clients_[id];
  const std::uint32_t old_loc = c.location;
  if (old_loc != none) {
    pending_offers_.emplace_back(c.service == Service::homecare ? branches_[old_loc].district
                                                                : properties_[old_loc].district,
                                 c.service);
  }
  unplace(id);
  place(id, loc, false);
  return true;
}

void Replication::serve_returns(DistrictIndex d, Service s) {
  FreeInDistrict contract = free_in(d, s, true);
  while (contract.any) {
    const auto next = earliest(off_contract_, d, s, [&](const Queue::Entry& entry) {
      const Client& c = clients_[entry.second];
      return c.returns_to_contract && could_fit(contract, c);
    });
    if (!next) return;
    if (!try_return(next->second))
      throw std::logic_error("serve_returns: a person who fits found no place");
    contract = free_in(d, s, true);
  }
}

}  // namespace caremarket::sim
