#pragma once
// The parallel ensemble: replications run on oneTBB, each owning its state; results are handed
// to the consumer strictly in replication order, so whatever it reduces is byte-identical for
// any thread count. At most a few replications are in flight at once, so memory does not grow
// with the number of replications.

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>

#include "sim/metrics.hpp"
#include "sim/params.hpp"

namespace caremarket::sim {

struct EnsembleOptions {
  std::int64_t replications = 100;
  std::int64_t first_replication = 0;  // replication indices first .. first + replications - 1
  int threads = 0;                     // 0: all cores
  /// Called (from the consuming thread) after each replication is consumed.
  std::function<void(std::int64_t done, std::int64_t total)> progress;
  /// Asked (from the pipeline's threads) before each replication starts: true stops the ensemble
  /// early. Replications already running finish and are consumed in order; the rest are not run,
  /// so `consume` has seen a prefix of the replications when run_ensemble returns.
  std::function<bool()> cancelled;
  /// When set, replication r runs with params_for(r) instead of the ensemble's parameters (a
  /// parameter sample, analysis/parameter_sample.hpp). Called from the pipeline's threads: it
  /// must be thread-safe and return a reference that outlives the ensemble. Every set must have
  /// the same districts, periods and services as the ensemble's parameters.
  std::function<const ModelParams&(std::int64_t replication)> params_for;
};

/// Thrown out of a replication (and so out of run_ensemble and every analysis built on it) when
/// the stop flag is raised: the replication's results are incomplete and must not be written.
class Stopped : public std::runtime_error {
 public:
  Stopped() : std::runtime_error("stopped on request") {}
};

/// A flag every replication reads between events; once it is non-zero, the replication throws
/// Stopped at its next event, so a long replication (a 600-month audited run) stops within a
/// fraction of a second. The command line points it at its signal flag (cli/interrupt.hpp).
/// nullptr (the default) never stops. Set once, before any ensemble runs.
void set_stop_flag(const std::atomic<int>* flag);

/// The number of worker threads an ensemble uses when EnsembleOptions::threads is 0.
int default_threads();

/// Runs one replication of the model: a pure function of (params, replication index).
ReplicationResult run_replication(const ModelParams& params, std::int64_t replication);

/// Runs the ensemble and calls `consume` once per replication, in replication order.
void run_ensemble(const ModelParams& params, const EnsembleOptions& options,
                  const std::function<void(ReplicationResult&&)>& consume);

/// Where run_ensemble runs ensembles: when set (by the distributed/ layer of an MPI job, say),
/// run_ensemble hands every call to it, and it must call `consume` exactly as run_ensemble
/// would. Set once, before any ensemble runs; nullptr restores the local runner.
using EnsembleRunner = void (*)(const ModelParams&, const EnsembleOptions&,
                                const std::function<void(ReplicationResult&&)>&);
void set_ensemble_runner(EnsembleRunner runner);

/// Whether run_ensemble runs on this process alone (no runner set): then an analysis may run
/// replications of several models side by side itself (run_replication), as a distributed
/// runner could not see them.
[[nodiscard]] bool ensemble_runs_locally();

/// Runs task(i) once for every i in [0, count), on `threads` threads (0: all cores), in no set
/// order, and returns when every one has run (rethrowing the first exception, Stopped
/// included). For an analysis that runs the replications of several models side by side
/// (after ensemble_runs_locally()): each task must write only what is its own. Everything the
/// caller did before happens before each task, and each task before the return, for
/// ThreadSanitizer too (as in run_local_ensemble).
void run_tasks(std::size_t count, int threads, const std::function<void(std::size_t)>& task);

/// Tunes the C library's allocator for a process that runs many replications: the memory a
/// replication frees is kept for the next one instead of being given back to the system and
/// faulted in again. By default glibc serves a block above its mmap threshold (128 KiB at first,
/// rising to the largest such block freed so far) from fresh pages of its own, returns them when
/// it is freed, and trims the heap's free top past twice that threshold; a replication's large
/// blocks (its metrics, its people, its event days) paid some 650 page faults (Kent baseline) and
/// the zeroing of their pages. Blocks of up to 32 MiB (64-bit glibc's largest threshold) now come
/// from the heap, which is trimmed only past 1 GiB free; peak resident memory is higher by what
/// a replication frees. Call once at the start of main, before any thread; no effect on outputs,
/// and none without glibc, or where glibc refuses the threshold (docs/performance.md, "Freed
/// memory kept").
void keep_freed_memory_for_replications();

/// run_ensemble on this process's threads, whatever runner is set.
void run_local_ensemble(const ModelParams& params, const EnsembleOptions& options,
                        const std::function<void(ReplicationResult&&)>& consume);

}  // namespace caremarket::sim
