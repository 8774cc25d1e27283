#pragma once
// The waiting list and the off-contract list of one district and service: people in order of
// a key (priority, then arrival in the queue). Keys are handed out in increasing order within
// each of two priority lanes (displaced people, everyone else), so each lane is an append-only
// vector; removal leaves a tombstone that compaction clears. Scanning in order is a walk over
// contiguous memory, which is what serving freed capacity does most.
//
// Each entry carries the person's attributes that decide whether freed capacity fits them
// (package, need band, whether they would return to contract), so a scan reads no other
// memory, and each lane keeps bounds over its entries (the smallest package, the need bands
// present, whether anyone would return) so that a scan can skip a lane in which nobody can fit.
// The bounds are conservative between compactions and exact after one: skipping only what
// cannot match, they never change which person is found.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "sim/max_tree.hpp"

namespace caremarket::sim {

class PlacementQueue {
 public:
  using Entry = std::pair<std::uint64_t, std::uint32_t>;  // key, person
  static constexpr std::uint64_t high_lane = 1ULL << 62;
  static constexpr std::uint32_t tombstone = 0xFFFFFFFFu;

  /// One person in the queue and what decides whether capacity fits them.
  struct Item {
    std::uint64_t key = 0;
    std::uint32_t id = 0;
    std::uint8_t need_band = 0;
    bool returns = false;
    double package = 0.0;
  };
  /// Bounds over the live entries of a lane: no entry has a smaller package, a need band
  /// outside the mask (bands of 64 and above are not recorded), or returns when none does.
  struct Bounds {
    double min_package = std::numeric_limits<double>::infinity();
    std::uint64_t need_bands = 0;
    bool any_returns = false;
  };

 private:
  struct Lane {
    std::vector<Item> entries;
    std::size_t live = 0;
    Bounds bounds;
    MaxTree negative_package;  // by position: -package, or absent for a tombstone
  };
  template <typename L>
  static auto find(L& lane, const Entry& e) {
    auto it = std::lower_bound(lane.entries.begin(), lane.entries.end(), e.first,
                               [](const Item& x, std::uint64_t k) { return x.key < k; });
    if (it != lane.entries.end() && it->key == e.first && it->id == e.second) return it;
    return lane.entries.end();
  }
  static void include(Bounds& b, const Item& x) {
    b.min_package = std::min(b.min_package, x.package);
    if (x.need_band < 64) b.need_bands |= 1ULL << x.need_band;
    b.any_returns = b.any_returns || x.returns;
  }
  static void compact(Lane& lane) {
    std::erase_if(lane.entries, [](const Item& x) { return x.id == tombstone; });
    lane.bounds = Bounds{};
    std::vector<double> negative(lane.entries.size());
    for (std::size_t i = 0; i < lane.entries.size(); ++i) {
      include(lane.bounds, lane.entries[i]);
      negative[i] = -lane.entries[i].package;
    }
    lane.negative_package.assign(negative);
  }

 public:
  void emplace(const Item& item) {
    Lane& lane = item.key >= high_lane ? high_ : low_;
    lane.entries.push_back(item);
    lane.negative_package.push_back(-item.package);
    ++lane.live;
    include(lane.bounds, item);
  }
  void erase(const Entry& e) {
    Lane& lane = e.first >= high_lane ? high_ : low_;
    const auto it = find(lane, e);
    if (it == lane.entries.end()) return;
    it->id = tombstone;
    lane.negative_package.set(static_cast<std::size_t>(it - lane.entries.begin()), MaxTree::absent);
    --lane.live;
    if (lane.live == 0) {
      lane.entries.clear();
      lane.bounds = Bounds{};
      lane.negative_package = MaxTree{};
    } else if (lane.entries.size() > 32 && lane.live * 2 < lane.entries.size()) {
      compact(lane);
    }
  }
  [[nodiscard]] bool contains(const Entry& e) const {
    const Lane& lane = e.first >= high_lane ? high_ : low_;
    return find(lane, e) != lane.entries.end();
  }
  [[nodiscard]] std::size_t size() const { return low_.live + high_.live; }
  /// The first person in key order whose key is below `limit` and for whom pred(item) holds,
  /// or nullptr. Lanes for which may_match(bounds) is false are skipped: may_match must be
  /// true whenever pred could hold for an entry within the bounds.
  template <typename MayMatch, typename Pred>
  [[nodiscard]] const Item* find_first(std::uint64_t limit, MayMatch&& may_match,
                                       Pred&& pred) const {
    for (const Lane* lane : {&low_, &high_}) {
      if (lane->live == 0 || !may_match(lane->bounds)) continue;
      for (const Item& e : lane->entries) {
        if (e.key >= limit) return nullptr;
        if (e.id != tombstone && pred(e)) return &e;
      }
    }
    return nullptr;
  }
  /// The first person in key order whose key is below `limit` and whose package is at most
  /// max_package, or nullptr: a search down a tree, not a scan.
  [[nodiscard]] const Item* find_first_package_at_most(std::uint64_t limit,
                                                       double max_package) const {
    for (const Lane* lane : {&low_, &high_}) {
      const std::size_t at = lane->negative_package.first_at_least(-max_package);
      if (at >= lane->entries.size()) continue;
      const Item& e = lane->entries[at];
      return e.key < limit ? &e : nullptr;
    }
    return nullptr;
  }
  /// Calls f(item) for every person in key order.
  template <typename F>
  void for_each(F&& f) const {
    for (const Lane* lane : {&low_, &high_}) {
      for (const Item& e : lane->entries) {
        if (e.id != tombstone) f(e);
      }
    }
  }

 private:
  Lane low_;
  Lane high_;
};

}  // namespace caremarket::sim
