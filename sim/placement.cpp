// The placement cascade of seed 000 (000_6d01bf5008afb92b.txt): a contracted provider in the
// person's district; a contracted provider in a neighbouring district, nearest first; a
// temporary off-contract (spot) placement in the district, then in neighbours; otherwise the
// person waits. Freed capacity goes to the waiting list first (displaced people first, then
// first come first served), then to people placed off-contract who would move back.

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
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

std::uint32_t Replication::best_in_district(const Client& c, DistrictIndex d, Offer kind,
                                            std::uint64_t draw_entity) const {
  if (p_.placement.choice == ChoicePolicy::most_spare) {
    // The first of the most spare locations that fit: the summary's pick when it fits (if
    // any location fits, the most spare one does).
    const DistrictOffer& o = offer_summary(d, c.service, kind);
    if (c.service == Service::homecare) {
      return o.best != none && o.best_spare + capacity_epsilon >= c.package ? o.best : none;
    }
    return c.need_band < o.best_by_need.size() ? o.best_by_need[c.need_band] : none;
  }
  // The slots mirror fits(): an open location of the wanted kind with room for the person.
  const std::vector<Slot>& list = slots_[d * service_count + static_cast<std::size_t>(c.service)];
  const std::uint8_t wanted = kind == Offer::spot ? slot_spot : slot_contract;
  const bool away = kind == Offer::out_of_area;
  const bool homecare = c.service == Service::homecare;
  std::uint32_t best = none;
  double best_score = -1.0;
  std::vector<double> weights;
  std::vector<std::uint32_t> candidates;
  for (const Slot& slot : list) {
    if (slot.offer != wanted) continue;
    // Out of area, a contracted place keeps its reserve after the placement.
    const double reserve = away ? slot.reserve : 0.0;
    if (homecare ? !(slot.spare - reserve + capacity_epsilon >= c.package)
                 : !(slot.spare > 0.0 && slot.spare - 1.0 + capacity_epsilon >= reserve &&
                     accepts_need(slot.band, c.need_band))) {
      continue;
    }
    const std::uint32_t loc = slot.loc;
    const std::uint32_t provider = slot.provider;
    const double spare = slot.spare;
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

bool Replication::accepts_offer(const Client& c, std::uint32_t loc) const {
  const auto si = static_cast<std::size_t>(c.service);
  const PlacementParams& pp = p_.placement;
  if (!pp.acceptance_on(si)) return true;
  double utilisation = 1.0;
  if (c.service == Service::homecare) {
    const Branch& b = branches_[loc];
    if (b.capacity > 0.0) utilisation = (b.used + c.package) / b.capacity;
  } else {
    const Property& pr = properties_[loc];
    if (pr.homes > 0) utilisation = static_cast<double>(pr.occupied + 1) / pr.homes;
  }
  const double reference = p_.demand[c.stream].package.mean;
  const double size = reference > 0.0 ? c.package / reference - 1.0 : 0.0;
  const double probability = pp.acceptance_probability[si] -
                             pp.acceptance_package_slope[si] * size -
                             pp.acceptance_utilisation_slope[si] * utilisation;
  return c.acceptance_draw < std::clamp(probability, 0.0, 1.0);
}

bool Replication::find_location(const Client& c, bool contract_only, bool spot_first, Location& out,
                                bool apply_acceptance) const {
  // Each decision draws from its own stream, named by the person and the decision's time.
  const std::uint64_t entity = c.serial ^ (static_cast<std::uint64_t>(now_ * 1440.0) << 40);
  const bool judge =
      apply_acceptance && p_.placement.acceptance_on(static_cast<std::size_t>(c.service));
  std::optional<Location> declined;  // the first contracted place whose provider declined
  auto search = [&](bool contract) {
    auto take = [&](std::uint32_t loc, PlacementTier tier) {
      if (loc == none) return false;
      if (contract && judge && !accepts_offer(c, loc)) {
        if (!declined) declined = Location{loc, tier, false};
        return false;
      }
      out = Location{loc, tier, false, declined.has_value()};
      return true;
    };
    if (take(best_in_district(c, c.district, contract ? Offer::contract : Offer::spot, entity),
             contract ? PlacementTier::local_contract : PlacementTier::local_spot)) {
      return true;
    }
    for (const DistrictIndex e : p_.neighbours[c.district]) {
      if (take(best_in_district(c, e, contract ? Offer::out_of_area : Offer::spot, entity + 1 + e),
               contract ? PlacementTier::neighbour_contract : PlacementTier::neighbour_spot)) {
        return true;
      }
    }
    return false;
  };
  if (spot_first && !contract_only) {
    if (search(false)) return true;
    if (p_.placement.unlimited_spot[static_cast<std::size_t>(c.service)]) {
      out = Location{none, PlacementTier::local_spot, true, false};
      return true;
    }
  }
  if (search(true)) return true;
  if (contract_only) return false;
  if (!spot_first && search(false)) return true;
  if (p_.placement.unlimited_spot[static_cast<std::size_t>(c.service)]) {
    out = Location{none, PlacementTier::local_spot, true, declined.has_value()};
    return true;
  }
  // Declined everywhere and no spot place either: the council's brokerage insists, and the
  // first contracted provider that declined takes the package (nobody waits for a decline).
  if (declined) {
    out = *declined;
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
    cl.spot_demand += sign * (c.service == Service::homecare ? c.package : 1.0);
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
  // Placed past a provider that declined the package: the same provider would decline a move
  // back (from spot) or home (from out of area), so the person stays where placed.
  if (loc.after_decline) {
    if (!is_contract(loc.tier)) c.returns_to_contract = false;
    if (loc.tier == PlacementTier::neighbour_contract) c.home_declined = true;
  }
  if (loc.index != none) {
    std::vector<std::uint32_t>* list = nullptr;
    if (c.service == Service::homecare) {
      branches_[loc.index].used += c.package;
      list = &branches_[loc.index].clients;
      refresh_branch(loc.index);
    } else {
      ++properties_[loc.index].occupied;
      list = &properties_[loc.index].clients;
      refresh_property(loc.index);
    }
    c.slot = static_cast<std::uint32_t>(list->size());
    list->push_back(id);
  }
  Cell& cl = cell(c.district, c.service);
  ++cl.placed[static_cast<std::size_t>(c.tier)];
  adjust_spend_units(c, +1.0);
  if (!is_contract(c.tier)) {
    c.queue_key = queue_seq_++;
    // Only people who would move back are listed: nobody else is ever served from the list.
    if (c.returns_to_contract) {
      const auto si = static_cast<std::size_t>(c.service);
      off_contract_[c.district * service_count + si].emplace(queue_item(c, id));
      ++return_listings_[c.district * service_count + si];
      for (const DistrictIndex e : p_.neighbours[c.district])
        ++return_listings_[e * service_count + si];
    }
  } else if (c.tier == PlacementTier::neighbour_contract && listed_home(c)) {
    c.queue_key = queue_seq_++;
    out_of_area_[c.district * service_count + static_cast<std::size_t>(c.service)].emplace(
        queue_item(c, id));
    // A provider joining the framework or taking over a property can make a person out of
    // area while a place at home is free: look at home once the event is done.
    pending_offers_.emplace_back(c.district, c.service);
  }
  if (count_as_placement) {
    flow(c.district, c.service, Metric::new_placements) += 1.0;
    flow(c.district, c.service, Metric::wait_days_total) += now_ - c.wait_start_days;
    if (!is_contract(c.tier))
      flow(c.district, c.service, Metric::new_off_contract_placements) += 1.0;
    else if (c.tier == PlacementTier::local_contract)
      flow(c.district, c.service, Metric::new_placements_local) += 1.0;
    else
      flow(c.district, c.service, Metric::new_placements_neighbour) += 1.0;
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
  if (!is_contract(c.tier) && c.returns_to_contract) {
    off_contract_[c.district * service_count + static_cast<std::size_t>(c.service)].erase(
        {c.queue_key, id});
  } else if (c.tier == PlacementTier::neighbour_contract && listed_home(c)) {
    out_of_area_[c.district * service_count + static_cast<std::size_t>(c.service)].erase(
        {c.queue_key, id});
  }
  if (c.location != none) {
    std::vector<std::uint32_t>* list = nullptr;
    if (c.service == Service::homecare) {
      Branch& b = branches_[c.location];
      b.used = std::max(0.0, b.used - c.package);
      list = &b.clients;
      refresh_branch(c.location);
    } else {
      --properties_[c.location].occupied;
      list = &properties_[c.location].clients;
      refresh_property(c.location);
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
  waiting_[c.district * service_count + static_cast<std::size_t>(c.service)].emplace(
      queue_item(c, id));
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

void Replication::cascade(std::uint32_t id, bool spot_first, bool count_as_placement,
                          bool apply_acceptance) {
  Location loc;
  if (find_location(clients_[id], false, spot_first, loc, apply_acceptance)) {
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

Replication::Slot Replication::expected_slot(Service s, std::uint32_t loc) const {
  Slot slot;
  slot.loc = loc;
  if (s == Service::homecare) {
    const Branch& b = branches_[loc];
    const Provider& pr = providers_[b.provider];
    slot.spare = b.free();
    slot.provider = b.provider;
    if (b.active && pr.active) slot.offer = is_contracted(pr.kind) ? slot_contract : slot_spot;
    if (slot.offer == slot_contract && reserve_on_[0]) {
      slot.reserve = std::max(p_.placement.out_of_area_reserve[0],
                              p_.placement.out_of_area_reserve_share[0] * b.capacity);
    }
    return slot;
  }
  const Property& pp = properties_[loc];
  const Provider& pr = providers_[pp.provider];
  slot.spare = static_cast<double>(pp.free());
  slot.provider = pp.provider;
  slot.band = static_cast<std::uint32_t>(pp.band);  // a negative band matches nothing
  if (pr.active) slot.offer = is_contracted(pr.kind) ? slot_contract : slot_spot;
  if (slot.offer == slot_contract && reserve_on_[1]) {
    slot.reserve = std::max(p_.placement.out_of_area_reserve[1],
                            p_.placement.out_of_area_reserve_share[1] * pp.homes);
  }
  return slot;
}

void Replication::refresh_provider(std::uint32_t provider) {
  for (const std::uint32_t b : providers_[provider].branches) refresh_branch(b);
  for (const std::uint32_t p : providers_[provider].properties) refresh_property(p);
}

PlacementQueue::Item Replication::queue_item(const Client& c, std::uint32_t id) {
  return PlacementQueue::Item{c.queue_key, id, c.need_band, c.returns_to_contract, c.package};
}

void Replication::set_slot(std::size_t cell, std::size_t position, const Slot& slot) {
  std::vector<Slot>& list = slots_[cell];
  const bool append = position == list.size();
  const Slot old = append ? Slot{} : list[position];
  if (append) {
    list.push_back(slot);
  } else {
    list[position] = slot;
  }
  if (deferring_trees_ && !append && !stale_trees_[cell]) {
    stale_trees_[cell] = 1;
    stale_cells_.push_back(cell);
  }
  const bool homecare = cell % service_count == 0;
  if (homecare && !append) {
    // A branch is in one tree per kind: its spare where it is of the kind (out of area: above
    // its reserve), else absent. Most changes leave the other kind's tree as it was.
    auto value = [](const Slot& x, std::uint8_t kind, bool away) {
      if (x.offer != kind) return MaxTree::absent;
      return away ? x.spare - x.reserve : x.spare;
    };
    auto update = [&](std::size_t k, double was, double v) {
      // Bit patterns are compared so that any change goes through.
      if (std::bit_cast<std::uint64_t>(was) == std::bit_cast<std::uint64_t>(v)) return;
      ++offer_version_[cell * offer_kinds + k];
      MaxTree& t = trees_[(cell * offer_kinds + k) * tree_width_];
      if (deferring_trees_) {
        t.set_deferred(position, v);
      } else {
        t.set(position, v);
      }
    };
    update(0, value(old, slot_contract, false), value(slot, slot_contract, false));
    update(1, value(old, slot_spot, false), value(slot, slot_spot, false));
    if (reserve_on_[0])
      update(2, value(old, slot_contract, true), value(slot, slot_contract, true));
    return;
  }
  const std::size_t kinds = reserve_on_[cell % service_count] ? 3 : 2;
  const std::size_t width = homecare ? 1 : band_need_mask_.size();
  // A slot's value in the tree of (kind, property band): its spare where it is of the kind
  // and the band (and houses someone), else absent.
  auto value = [&](const Slot& x, Offer offer, std::size_t band) {
    const bool away = offer == Offer::out_of_area;
    const bool kind = x.offer == (offer == Offer::spot ? slot_spot : slot_contract);
    if (homecare) {
      if (!kind) return MaxTree::absent;
      return away ? x.spare - x.reserve : x.spare;
    }
    if (kind && x.band == band && x.spare > 0.0 && band_need_mask_[band] != 0 &&
        (!away || x.spare - 1.0 + capacity_epsilon >= x.reserve)) {
      return x.spare;
    }
    return MaxTree::absent;
  };
  for (std::size_t k = 0; k < kinds; ++k) {
    const auto offer = static_cast<Offer>(k);
    // What the district offers of this kind is worked out again only if one of its trees
    // changed (a slot's location never changes: the trees are all an offer reads).
    if (append) {
      ++offer_version_[cell * offer_kinds + k];
      for (std::size_t n = 0; n < width; ++n) tree(cell, offer, n).push_back(value(slot, offer, n));
      continue;
    }
    // Most changes leave most trees as they were: those are not touched. Bit patterns are
    // compared so that any change goes through.
    auto update = [&](std::size_t n) {
      const double v = value(slot, offer, n);
      const double was = value(old, offer, n);
      if (std::bit_cast<std::uint64_t>(was) == std::bit_cast<std::uint64_t>(v)) return;
      ++offer_version_[cell * offer_kinds + k];
      MaxTree& t = tree(cell, offer, n);
      if (deferring_trees_) {
        t.set_deferred(position, v);
      } else {
        t.set(position, v);
      }
    };
    if (homecare) {
      update(0);
      continue;
    }
    // A supported-living slot is in its own property band's tree only (absent from the
    // others), so only the trees of its band before and after can change.
    if (old.band < width) update(old.band);
    if (slot.band != old.band && slot.band < width) update(slot.band);
  }
}

void Replication::rebuild_stale_trees() {
  deferring_trees_ = false;
  for (const std::size_t cell : stale_cells_) {
    const std::size_t width = cell % service_count == 0 ? 1 : band_need_mask_.size();
    const std::size_t kinds = reserve_on_[cell % service_count] ? 3 : 2;
    for (std::size_t k = 0; k < kinds; ++k)
      for (std::size_t n = 0; n < width; ++n) tree(cell, static_cast<Offer>(k), n).rebuild();
    stale_trees_[cell] = 0;
  }
  stale_cells_.clear();
}

const Replication::DistrictOffer& Replication::summarise_offer(std::size_t cell, std::size_t k,
                                                               Offer kind) const {
  const auto s = static_cast<Service>(cell % service_count);
  DistrictOffer& o = offer_cache_[k];
  o.version = offer_version_[k];
  const std::vector<Slot>& list = slots_[cell];
  FreeInDistrict& f = o.free;
  f = FreeInDistrict{};
  if (s == Service::homecare) {
    // As a scan in order would find: the largest spare of an open branch of the kind (at
    // least 0), and the first branch holding it.
    const MaxTree& t = tree(cell, kind, 0);
    const double m = t.max();
    f.max_hours = std::max(0.0, m);
    f.any = f.max_hours > capacity_epsilon;
    o.best = m == MaxTree::absent ? none : list[t.first_max()].loc;
    o.best_spare = m;
    return o;
  }
  // The first of the most spare homes that accept need band n: over the trees of the
  // property bands that accept it, the largest maximum, and on a tie the first position.
  o.best_by_need.assign(need_bands_, none);
  for (std::size_t n = 0; n < need_bands_; ++n) {
    double best = MaxTree::absent;
    std::size_t at = 0;
    for (std::size_t b = 0; b < band_need_mask_.size(); ++b) {
      if (((band_need_mask_[b] >> n) & 1U) == 0) continue;
      const MaxTree& t = tree(cell, kind, b);
      const double m = t.max();
      if (m == MaxTree::absent) continue;
      const std::size_t first = t.first_max();
      if (best == MaxTree::absent || m > best || (m == best && first < at)) {
        best = m;
        at = first;
      }
    }
    if (best == MaxTree::absent) continue;
    f.need_ok |= 1ULL << n;
    o.best_by_need[n] = list[at].loc;
  }
  f.any = f.need_ok != 0;
  return o;
}

Replication::FreeInDistrict Replication::free_in(DistrictIndex d, Service s, Offer kind) const {
  return offer_summary(d, s, kind).free;
}

bool Replication::could_fit(const FreeInDistrict& f, Service s, const PlacementQueue::Item& c) {
  if (!f.any) return false;
  if (s == Service::homecare) return f.max_hours + capacity_epsilon >= c.package;
  return c.need_band < 64 && ((f.need_ok >> c.need_band) & 1U);
}

bool Replication::lane_may_fit(const FreeInDistrict& f, Service s, const PlacementQueue::Bounds& b,
                               bool returners_only) {
  if (!f.any || (returners_only && !b.any_returns)) return false;
  if (s == Service::homecare) return f.max_hours + capacity_epsilon >= b.min_package;
  return (f.need_ok & b.need_bands) != 0;
}

template <typename MayMatch, typename Pred>
std::optional<PlacementQueue::Item> Replication::earliest(const std::vector<Queue>& queues,
                                                          DistrictIndex d, Service s,
                                                          double max_own, double max_other,
                                                          MayMatch&& may_match, Pred&& pred) const {
  // Keys are unique across queues, so a queue can stop scanning at the best key found so far.
  // Homecare: who fits is whoever's package is at most max_own (people of d) or max_other
  // (people of the other districts), found by a tree search.
  const Queue::Item* best = nullptr;
  auto consider = [&](DistrictIndex e, bool own) {
    const std::uint64_t limit = best != nullptr ? best->key : ~0ULL;
    const Queue& q = queues[e * service_count + static_cast<std::size_t>(s)];
    const Queue::Item* first = nullptr;
    if (s == Service::homecare) {
      first = q.find_first_package_at_most(limit, own ? max_own : max_other);
    } else {
      first = q.find_first(
          limit, [&](const Queue::Bounds& b) { return may_match(b, own); },
          [&](const Queue::Item& item) { return pred(item, own); });
    }
    if (first != nullptr && (best == nullptr || first->key < best->key)) best = first;
  };
  consider(d, true);
  for (const DistrictIndex e : reverse_neighbours_[d]) consider(e, false);
  if (best == nullptr) return std::nullopt;
  return *best;
}

bool Replication::anyone_listed(const std::vector<Queue>& queues, DistrictIndex d,
                                Service s) const {
  const auto si = static_cast<std::size_t>(s);
  if (queues[d * service_count + si].size() != 0) return true;
  for (const DistrictIndex e : reverse_neighbours_[d])
    if (queues[e * service_count + si].size() != 0) return true;
  return false;
}

void Replication::serve_waiting(DistrictIndex d, Service s) {
  // People who could use capacity in d: those of d and of every district that counts d as a
  // neighbour. Only capacity in d changed, so only people who fit there can now be placed.
  // Serve them in queue order across those districts: each time, the earliest who fits. People
  // of other districts see d's contracted places above the out-of-area reserve only.
  constexpr double nothing = -std::numeric_limits<double>::infinity();
  if (!anyone_listed(waiting_, d, s)) return;
  FreeInDistrict contract = free_in(d, s, Offer::contract);
  FreeInDistrict away = free_in(d, s, Offer::out_of_area);
  FreeInDistrict spot = free_in(d, s, Offer::spot);
  while (contract.any || spot.any) {
    // could_fit(contract or away) || could_fit(spot), for homecare: a package of at most this.
    const double spot_max = spot.any ? spot.max_hours + capacity_epsilon : nothing;
    const double max_own =
        std::max(contract.any ? contract.max_hours + capacity_epsilon : nothing, spot_max);
    const double max_other =
        std::max(away.any ? away.max_hours + capacity_epsilon : nothing, spot_max);
    const auto next = earliest(
        waiting_, d, s, max_own, max_other,
        [&](const Queue::Bounds& b, bool own) {
          return lane_may_fit(own ? contract : away, s, b, false) ||
                 lane_may_fit(spot, s, b, false);
        },
        [&](const Queue::Item& item, bool own) {
          return could_fit(own ? contract : away, s, item) || could_fit(spot, s, item);
        });
    if (!next) return;
    Location loc;
    if (!find_location(clients_[next->id], false, false, loc)) {
      throw std::logic_error("serve_waiting: a person who fits found no place");
    }
    dequeue_waiting(next->id);
    place(next->id, loc, true);
    contract = free_in(d, s, Offer::contract);
    away = free_in(d, s, Offer::out_of_area);
    spot = free_in(d, s, Offer::spot);
  }
}

bool Replication::try_return(std::uint32_t id) {
  Location loc;
  if (!find_location(clients_[id], true, false, loc)) {
    // A contracted place fits but its providers declined: the person stays with spot.
    Location any;
    if (p_.placement.acceptance_on(static_cast<std::size_t>(clients_[id].service)) &&
        find_location(clients_[id], true, false, any, false)) {
      stop_returning(id);
    }
    return false;
  }
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

void Replication::stop_returning(std::uint32_t id) {
  Client& c = clients_[id];
  off_contract_[c.district * service_count + static_cast<std::size_t>(c.service)].erase(
      {c.queue_key, id});
  c.returns_to_contract = false;
}

void Replication::serve_returns(DistrictIndex d, Service s) {
  constexpr double nothing = -std::numeric_limits<double>::infinity();
  const std::size_t cell = d * service_count + static_cast<std::size_t>(s);
  FreeInDistrict contract{};
  FreeInDistrict away{};
  ReturnsMiss& miss = returns_miss_[cell];
  if (anyone_listed(off_contract_, d, s) && !(miss.valid && miss.state == returns_state(cell))) {
    contract = free_in(d, s, Offer::contract);
    away = free_in(d, s, Offer::out_of_area);
  }
  while (contract.any) {
    // Everyone on the off-contract list would return: for homecare, who fits contract.
    const auto next = earliest(
        off_contract_, d, s, contract.max_hours + capacity_epsilon,
        away.any ? away.max_hours + capacity_epsilon : nothing,
        [&](const Queue::Bounds& b, bool own) {
          return lane_may_fit(own ? contract : away, s, b, true);
        },
        [&](const Queue::Item& item, bool own) {
          return item.returns && could_fit(own ? contract : away, s, item);
        });
    if (!next) {
      miss = ReturnsMiss{true, returns_state(cell)};
      break;
    }
    // Only a provider's decline stops a person who fits from moving back, and then they
    // stop returning (try_return takes them off the list).
    if (!try_return(next->id) && clients_[next->id].returns_to_contract)
      throw std::logic_error("serve_returns: a person who fits found no place");
    contract = free_in(d, s, Offer::contract);
    away = free_in(d, s, Offer::out_of_area);
  }
  if (p_.placement.return_home[static_cast<std::size_t>(s)]) serve_home(d, s);
}

void Replication::serve_home(DistrictIndex d, Service s) {
  const std::size_t cell = d * service_count + static_cast<std::size_t>(s);
  if (out_of_area_[cell].size() == 0) return;
  FreeInDistrict contract = free_in(d, s, Offer::contract);
  while (contract.any) {
    const Queue& q = out_of_area_[cell];
    const Queue::Item* first =
        s == Service::homecare
            ? q.find_first_package_at_most(~0ULL, contract.max_hours + capacity_epsilon)
            : q.find_first(
                  ~0ULL,
                  [&](const Queue::Bounds& b) { return lane_may_fit(contract, s, b, false); },
                  [&](const Queue::Item& item) { return could_fit(contract, s, item); });
    if (first == nullptr) return;
    const std::uint32_t id = first->id;
    Client& c = clients_[id];
    const std::uint64_t entity = c.serial ^ (static_cast<std::uint64_t>(now_ * 1440.0) << 40);
    const std::uint32_t loc = best_in_district(c, d, Offer::contract, entity);
    if (loc == none) throw std::logic_error("serve_home: a person who fits found no place");
    if (!accepts_offer(c, loc)) {
      out_of_area_[cell].erase({c.queue_key, id});
      c.home_declined = true;
    } else {
      const std::uint32_t old_loc = c.location;
      pending_offers_.emplace_back(
          s == Service::homecare ? branches_[old_loc].district : properties_[old_loc].district, s);
      unplace(id);
      place(id, Location{loc, PlacementTier::local_contract, false}, false);
    }
    contract = free_in(d, s, Offer::contract);
  }
}

}  // namespace caremarket::sim
