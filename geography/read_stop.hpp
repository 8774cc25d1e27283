#pragma once
// Long reads (a CSV of millions of rows: a national postcode lookup) stop promptly on a signal:
// the command's handler sets a flag (set_read_stop_flag) and the reading loops call
// throw_if_read_stopped every few thousand rows, which throws ReadStopped; the command then
// exits as a stopped run does (cli/interrupt.hpp), before writing anything.

#include <atomic>
#include <stdexcept>

namespace caremarket::geography {

/// Thrown by throw_if_read_stopped once the flag is raised.
class ReadStopped : public std::runtime_error {
 public:
  ReadStopped() : std::runtime_error("reading stopped on request") {}
};

namespace detail {
inline std::atomic<const std::atomic<int>*> read_stop_flag{nullptr};
}  // namespace detail

/// The flag a signal handler raises (non-zero: stop); nullptr, the default, never stops.
inline void set_read_stop_flag(const std::atomic<int>* flag) {
  detail::read_stop_flag.store(flag, std::memory_order_relaxed);
}

/// Throws ReadStopped if the flag is raised; cheap enough to call every row.
inline void throw_if_read_stopped() {
  const std::atomic<int>* flag = detail::read_stop_flag.load(std::memory_order_relaxed);
  if (flag != nullptr && flag->load(std::memory_order_relaxed) != 0) throw ReadStopped();
}

}  // namespace caremarket::geography
