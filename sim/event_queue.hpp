#pragma once
// The engine's pending events: a small heap per day of the run instead of one heap of every
// pending event. Events come out in order of (time, sequence), the sequence unique and given
// in the order they were scheduled. An event after the horizon would never come out (a run
// stops at the first one), so it is only counted. Header-only so that the engine's event loop
// and the benchmark's floor loop (bench/bench_engine.cpp) run the same code.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace caremarket::sim {

template <class Type>
class DayEventQueue {
 public:
  struct Event {
    double time;
    std::uint64_t seq;
    Type type;
    std::uint32_t a;
    std::uint32_t b;
  };

  DayEventQueue() = default;
  /// A queue for events up to `horizon` days after the start.
  explicit DayEventQueue(double horizon)
      : horizon_(horizon),
        days_(static_cast<std::size_t>(std::max(0.0, std::floor(horizon))) + 1) {}

  void schedule(double time, Type type, std::uint32_t a = 0, std::uint32_t b = 0) {
    const Event e{time, seq_++, type, a, b};
    if (time > horizon_) return;
    // The earliest event is in the first non-empty bucket.
    const auto day = static_cast<std::size_t>(std::max(0.0, std::floor(time)));
    std::vector<Event>& bucket = days_[std::clamp(day, day_, days_.size() - 1)];
    bucket.push_back(e);
    std::push_heap(bucket.begin(), bucket.end(), Later{});
    ++pending_;
  }

  /// Removes and returns the earliest event; pending() must not be 0.
  Event pop() {
    while (days_[day_].empty()) {
      std::vector<Event>().swap(days_[day_]);  // a finished day keeps no memory
      ++day_;
    }
    std::vector<Event>& bucket = days_[day_];
    std::pop_heap(bucket.begin(), bucket.end(), Later{});
    const Event e = bucket.back();
    bucket.pop_back();
    --pending_;
    return e;
  }

  [[nodiscard]] std::size_t pending() const { return pending_; }
  /// Events scheduled so far, those after the horizon included.
  [[nodiscard]] std::uint64_t scheduled() const { return seq_; }

 private:
  struct Later {
    bool operator()(const Event& x, const Event& y) const {
      return x.time > y.time || (x.time == y.time && x.seq > y.seq);
    }
  };

  double horizon_ = 0.0;
  std::vector<std::vector<Event>> days_{1};  // by day of the run: a heap of its events
  std::size_t day_ = 0;                      // no event is in an earlier day's bucket
  std::size_t pending_ = 0;
  std::uint64_t seq_ = 0;
};

}  // namespace caremarket::sim
