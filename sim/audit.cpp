// The engine's invariants, checked after every event in audit mode and by the tests:
// everybody is in exactly one state; no provider is over capacity; nobody waits while a place
// in their reach is free; nobody who would return stays off-contract while a contracted place
// in their reach is free.

#include <cmath>
#include <string>

#include "sim/replication.hpp"

namespace caremarket::sim {

std::vector<std::string> Replication::audit() const {
  std::vector<std::string> problems;
  auto fail = [&](std::string what) {
    if (problems.size() < 20) problems.push_back(std::move(what));
  };
  std::vector<Cell> counted(cells_.size());
  for (std::uint32_t id = 0; id < clients_.size(); ++id) {
    const Client& c = clients_[id];
    if (c.state == ClientState::ended) continue;
    Cell& cc = counted[c.district * service_count + static_cast<std::size_t>(c.service)];
    const std::string who = "person " + std::to_string(id);
    if (c.state == ClientState::waiting) {
      ++cc.waiting;
      if (!waiting_[c.district * service_count + static_cast<std::size_t>(c.service)].contains(
              {c.queue_key, id})) {
        fail(who + " is waiting but not on the waiting list");
      }
      if (c.location != none) fail(who + " is waiting but holds a place");
      Location loc;
      if (find_location(c, false, false, loc))
        fail(who + " is waiting while a place in reach is free");
      continue;
    }
    ++cc.placed[static_cast<std::size_t>(c.tier)];
    if (c.location != none) {
      const auto& list = c.service == Service::homecare ? branches_[c.location].clients
                                                        : properties_[c.location].clients;
      if (c.slot >= list.size() || list[c.slot] != id)
        fail(who + " is not listed where it is placed");
    }
    if (c.tier == PlacementTier::neighbour_contract && listed_home(c) &&
        best_in_district(c, c.district, Offer::contract, 0) != none) {
      fail(who + " stays out of area while a contracted place at home is free");
    }
    if (!is_contract(c.tier) && c.returns_to_contract) {
      Location loc;
      // Declines aside: whoever a provider declined has stopped returning.
      if (find_location(c, true, false, loc, false)) {
        fail(who + " (" + to_string(c.service) + ", district " + std::to_string(c.district) +
             ") stays off-contract while a contracted place in reach is free (" +
             (loc.index == none ? std::string("unlimited") : std::to_string(loc.index)) + ")");
      }
    }
  }
  for (std::size_t i = 0; i < cells_.size(); ++i) {
    if (counted[i].waiting != cells_[i].waiting || counted[i].placed != cells_[i].placed) {
      fail("people counts of cell " + std::to_string(i) + " do not match the people in it");
    }
  }
  for (std::size_t bi = 0; bi < branches_.size(); ++bi) {
    const Branch& b = branches_[bi];
    double used = 0.0;
    for (const std::uint32_t c : b.clients) used += clients_[c].package;
    if (std::fabs(used - b.used) > 1e-6 * (1.0 + used))
      fail("branch " + std::to_string(bi) + " miscounts its hours");
    if (b.used > b.capacity + 1e-6 && b.active)
      fail("branch " + std::to_string(bi) + " is over capacity");
    if (!b.active && !b.clients.empty())
      fail("closed branch " + std::to_string(bi) + " still has people");
  }
  for (std::size_t pi = 0; pi < properties_.size(); ++pi) {
    const Property& pp = properties_[pi];
    if (static_cast<std::size_t>(pp.occupied) != pp.clients.size())
      fail("property " + std::to_string(pi) + " miscounts its tenants");
    if (pp.occupied > pp.homes) fail("property " + std::to_string(pi) + " is over capacity");
    if (pp.status != PropertyStatus::open && pp.occupied > 0)
      fail("property " + std::to_string(pi) + " is not open but has tenants");
  }
  for (std::size_t d = 0; d < districts_; ++d) {
    for (std::size_t si = 0; si < service_count; ++si) {
      const auto& locations = si == 0 ? branches_in_[d] : properties_in_[d];
      const auto& slots = slots_[d * service_count + si];
      bool same = slots.size() == locations.size();
      for (std::size_t k = 0; same && k < slots.size(); ++k) {
        const Slot want = expected_slot(static_cast<Service>(si), locations[k]);
        const Slot& have = slots[k];
        same = have.loc == want.loc && have.spare == want.spare && have.offer == want.offer &&
               have.provider == want.provider && have.band == want.band &&
               have.reserve == want.reserve;
      }
      if (!same) {
        fail("the free-capacity slots of district " + std::to_string(d) + ", " +
             to_string(static_cast<Service>(si)) + " do not match its locations");
      }
    }
  }
  return problems;
}

}  // namespace caremarket::sim
