#pragma once
// SIGINT and SIGTERM stop a long command cleanly: the handler only records the signal; the
// ensemble stops starting replications (sim::EnsembleOptions::cancelled), a running replication
// throws sim::Stopped at its next event (sim::set_stop_flag), which main turns into the same
// exit, and the command throws Exit{128 + signal} before writing anything, so no folder that looks
// complete is left and no temporary folder exists yet. A second signal kills the process at once
// (the handler resets itself), which is safe for the same reason: results are only written after
// the runs. A signal that arrives while the results are being written lets the write finish: the
// folder is then complete and correct, and the command ends normally.

#include <atomic>
#include <csignal>
#include <iostream>

#include "cli/exit.hpp"
#include "sim/ensemble.hpp"

namespace caremarket::cli {

namespace detail {
// Lock-free, so storing into it from the handler is async-signal-safe.
inline std::atomic<int> received_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);
inline void on_signal(int sig) {
  received_signal.store(sig, std::memory_order_relaxed);
}
}  // namespace detail

/// Installs the handlers for SIGINT and SIGTERM (also when the shell started us with them
/// ignored, as a background job: an interrupt should still stop a run cleanly).
inline void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = detail::on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags =
      static_cast<int>(SA_RESETHAND);  // a second signal takes the default action: stop now
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // Every replication reads the flag between events, so even one long replication stops soon.
  sim::set_stop_flag(&detail::received_signal);
}

/// True once SIGINT or SIGTERM has arrived.
inline bool interrupted() {
  return detail::received_signal.load(std::memory_order_relaxed) != 0;
}

/// If a signal has arrived: prints one line naming it and throws Exit{128 + signal number}
/// (130 for SIGINT, 143 for SIGTERM).
inline void exit_if_interrupted() {
  const int sig = detail::received_signal.load(std::memory_order_relaxed);
  if (sig == 0) return;
  std::cerr << "caremarket: interrupted by " << (sig == SIGINT ? "SIGINT" : "SIGTERM")
            << "; stopped, nothing written\n";
  throw Exit{128 + sig};
}

}  // namespace caremarket::cli
