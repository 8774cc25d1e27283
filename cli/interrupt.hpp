#pragma once
// SIGINT and SIGTERM stop a long command cleanly: the handler only records the signal; the
// ensemble stops starting replications (sim::EnsembleOptions::cancelled), a running replication
// throws sim::Stopped at its next event (sim::set_stop_flag), which main turns into the same
// exit, and the command throws Exit{128 + signal} before writing anything. A signal that arrives
// while the results are being written stops the write before its next file
// (results::write_folder_atomically reads the same flag): the temporary folder is removed and
// the command exits the same way, so nothing that looks complete is left. A second signal ends
// the process at once, by the signal's default action, after removing the output folder's lock
// file (async-signal-safe: unlink); a temporary folder it leaves is removed by the next command
// that writes beside it (results::remove_stale_partial_folders).

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <iostream>

#include "cli/exit.hpp"
#include "geography/read_stop.hpp"
#include "sim/ensemble.hpp"

namespace caremarket::cli {

namespace detail {
// Lock-free, so storing into them from the handler is async-signal-safe.
inline std::atomic<int> received_signal{0};
inline std::atomic<const char*> lock_file{nullptr};
static_assert(std::atomic<int>::is_always_lock_free);
static_assert(std::atomic<const char*>::is_always_lock_free);
inline void on_signal(int sig) {
  int none = 0;
  if (received_signal.compare_exchange_strong(none, sig, std::memory_order_relaxed)) return;
  // The second signal: stop now. unlink, signal and raise are async-signal-safe.
  if (const char* lock = lock_file.load(std::memory_order_relaxed); lock != nullptr) ::unlink(lock);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}
}  // namespace detail

/// The lock file a second signal removes before it ends the process (nullptr: none). The text
/// must outlive the command (scenario_loading.cpp keeps it for the process's life).
inline void set_interrupt_lock_file(const char* path) {
  detail::lock_file.store(path, std::memory_order_relaxed);
}

/// Installs the handlers for SIGINT, SIGTERM and SIGHUP (also when the shell started us with them
/// ignored, as a background job: an interrupt should still stop a run cleanly).
inline void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = detail::on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // a second signal is handled too: on_signal ends the process
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGHUP, &action, nullptr);  // the terminal closed: stop as for SIGTERM
  // Ctrl-C on `caremarket ... | tee log` ends tee first: writing the one-line message to the
  // closed pipe must fail (and be ignored), not kill the process before it removes its lock.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGPIPE, &ignore, nullptr);
  // Every replication reads the flag between events, so even one long replication stops soon.
  sim::set_stop_flag(&detail::received_signal);
  // So do the reading loops of a long input file (a national postcode lookup).
  geography::set_read_stop_flag(&detail::received_signal);
}

/// True once SIGINT, SIGTERM or SIGHUP has arrived.
inline bool interrupted() {
  return detail::received_signal.load(std::memory_order_relaxed) != 0;
}

/// If a signal has arrived: prints one line naming it and throws Exit{128 + signal number}
/// (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP).
inline void exit_if_interrupted() {
  const int sig = detail::received_signal.load(std::memory_order_relaxed);
  if (sig == 0) return;
  std::cerr << "caremarket: interrupted by "
            << (sig == SIGINT   ? "SIGINT"
                : sig == SIGHUP ? "SIGHUP"
                                : "SIGTERM")
            << "; stopped, nothing written\n";
  throw Exit{128 + sig};
}

}  // namespace caremarket::cli
