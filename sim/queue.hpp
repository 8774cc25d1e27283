#pragma once
// The waiting list and the off-contract list of one district and service: people in order of
// a key (priority, then arrival in the queue). Keys are handed out in increasing order within
// each of two priority lanes (displaced people, everyone else), so each lane is an append-only
// vector; removal leaves a tombstone that compaction clears. Scanning in order is a walk over
// contiguous memory, which is what serving freed capacity does most.

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace caremarket::sim {

class PlacementQueue {
 public:
  using Entry = std::pair<std::uint64_t, std::uint32_t>;  // key, person
  static constexpr std::uint64_t high_lane = 1ULL << 62;
  static constexpr std::uint32_t tombstone = 0xFFFFFFFFu;

 private:
  struct Lane {
    std::vector<Entry> entries;
    std::size_t live = 0;
  };
  template <typename L>
  static auto find(L& lane, const Entry& e) {
    auto it = std::lower_bound(lane.entries.begin(), lane.entries.end(), e.first,
                               [](const Entry& x, std::uint64_t k) { return x.first < k; });
    if (it != lane.entries.end() && it->first == e.first && it->second == e.second) return it;
    return lane.entries.end();
  }
  static void compact(Lane& lane) {
    std::erase_if(lane.entries, [](const Entry& x) { return x.second == tombstone; });
  }

 public:
  void emplace(std::uint64_t key, std::uint32_t id) {
    Lane& lane = key >= high_lane ? high_ : low_;
    lane.entries.emplace_back(key, id);
    ++lane.live;
  }
  void erase(const Entry& e) {
    Lane& lane = e.first >= high_lane ? high_ : low_;
    const auto it = find(lane, e);
    if (it == lane.entries.end()) return;
    it->second = tombstone;
    --lane.live;
    if (lane.entries.size() > 32 && lane.live * 2 < lane.entries.size()) compact(lane);
  }
  [[nodiscard]] bool contains(const Entry& e) const {
    const Lane& lane = e.first >= high_lane ? high_ : low_;
    return find(lane, e) != lane.entries.end();
  }
  [[nodiscard]] std::size_t size() const { return low_.live + high_.live; }
  /// The first person in key order for whom pred(entry) holds, or nullptr.
  template <typename Pred>
  [[nodiscard]] const Entry* find_first(Pred&& pred) const {
    for (const Lane* lane : {&low_, &high_}) {
      for (const Entry& e : lane->entries) {
        if (e.second != tombstone && pred(e)) return &e;
      }
    }
    return nullptr;
  }
  /// Calls f(entry) for every person in key order.
  template <typename F>
  void for_each(F&& f) const {
    for (const Lane* lane : {&low_, &high_}) {
      for (const Entry& e : lane->entries) {
        if (e.second != tombstone) f(e);
      }
    }
  }

 private:
  Lane low_;
  Lane high_;
};

}  // namespace caremarket::sim
