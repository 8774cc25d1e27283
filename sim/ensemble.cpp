#include "sim/ensemble.hpp"

#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include "sim/replication.hpp"
#include "sim/tsan.hpp"

namespace caremarket::sim {

int default_threads() {
  return static_cast<int>(tbb::info::default_concurrency());
}

ReplicationResult run_replication(const ModelParams& params, std::int64_t replication) {
  Replication r(params, replication);
  return r.run();
}

namespace {
std::atomic<const std::atomic<int>*> stop_flag{nullptr};
}  // namespace

void set_stop_flag(const std::atomic<int>* flag) {
  stop_flag.store(flag, std::memory_order_relaxed);
}

bool stop_requested() {
  const std::atomic<int>* flag = stop_flag.load(std::memory_order_relaxed);
  return flag != nullptr && flag->load(std::memory_order_relaxed) != 0;
}

namespace {
EnsembleRunner ensemble_runner = nullptr;
// Addresses for the TSan annotations. Globals, because a stage must state what happened before
// it without first reading anything the starting thread wrote, even its own captures.
char pipeline_started = 0;  // the pipeline starts after everything the caller did
char input_turn = 0;        // the input stage's calls follow each other
char done_turn = 0;         // so do the in-order stage's; the caller resumes after the last
char stage_threw = 0;       // a task's exception (Stopped), caught on the caller's thread

/// Runs task(i) for i in [0, count) on `threads` threads (0: all cores), at most 2 x threads
/// at a time, then in_order(i) for each, one at a time in the order of i, on whichever thread;
/// starts no task once stop() is true. Task i + 2 x threads starts only after in_order(i) has
/// run, so the caller may keep per-task results in a ring of 2 x threads places. The first
/// exception (Stopped included) is rethrown once every running task has ended. oneTBB's
/// hand-offs are stated for ThreadSanitizer (sim/tsan.hpp): the caller's work before, each
/// task before its in_order, each in_order before the next, and everything before the return.
void run_pipeline(std::size_t count, int threads, const std::function<bool()>& stop,
                  const std::function<void(std::size_t)>& task,
                  const std::function<void(std::size_t)>& in_order) {
  if (count == 0) return;
  std::optional<tbb::global_control> limit;
  const int n = threads > 0 ? threads : static_cast<int>(tbb::info::default_concurrency());
  if (threads > 0) {
    limit.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  }
  const auto tokens = static_cast<std::size_t>(2 * n);
  std::size_t next = 0;
  std::vector<char> finished(tokens);  // where task i's end is stated: finished[i % tokens]
  CAREMARKET_HAPPENS_BEFORE(&pipeline_started);
  try {
    tbb::parallel_pipeline(
        tokens,
        tbb::make_filter<void, std::size_t>(tbb::filter_mode::serial_in_order,
                                            [&](tbb::flow_control& fc) -> std::size_t {
                                              CAREMARKET_HAPPENS_AFTER(&pipeline_started);
                                              CAREMARKET_HAPPENS_AFTER(&input_turn);
                                              std::size_t i = 0;
                                              if (next >= count || stop()) {
                                                fc.stop();
                                              } else {
                                                i = next++;
                                              }
                                              CAREMARKET_HAPPENS_BEFORE(&input_turn);
                                              return i;
                                            }) &
            tbb::make_filter<std::size_t, std::size_t>(
                tbb::filter_mode::parallel,
                [&](std::size_t i) -> std::size_t {
                  CAREMARKET_HAPPENS_AFTER(&pipeline_started);
                  try {
                    task(i);
                  } catch (...) {
                    CAREMARKET_HAPPENS_BEFORE(&stage_threw);  // the exception goes to the caller
                    throw;
                  }
                  CAREMARKET_HAPPENS_BEFORE(&finished[i % tokens]);
                  return i;
                }) &
            tbb::make_filter<std::size_t, void>(tbb::filter_mode::serial_in_order,
                                                [&](std::size_t i) {
                                                  CAREMARKET_HAPPENS_AFTER(&pipeline_started);
                                                  CAREMARKET_HAPPENS_AFTER(&done_turn);
                                                  CAREMARKET_HAPPENS_AFTER(&finished[i % tokens]);
                                                  in_order(i);
                                                  CAREMARKET_HAPPENS_BEFORE(&done_turn);
                                                }));
  } catch (...) {
    // oneTBB waited for the running tasks before rethrowing here: what they wrote (results
    // nobody consumed, say) is the caller's again.
    CAREMARKET_HAPPENS_AFTER(&stage_threw);
    CAREMARKET_HAPPENS_AFTER(&done_turn);
    CAREMARKET_HAPPENS_AFTER(&input_turn);
    for (char& f : finished) CAREMARKET_HAPPENS_AFTER(&f);
    throw;
  }
  CAREMARKET_HAPPENS_AFTER(&done_turn);
  CAREMARKET_HAPPENS_AFTER(&input_turn);
  for (char& f : finished) CAREMARKET_HAPPENS_AFTER(&f);
}
}  // namespace

void set_ensemble_runner(EnsembleRunner runner) {
  ensemble_runner = runner;
}

bool ensemble_runs_locally() {
  return ensemble_runner == nullptr;
}

void run_ensemble(const ModelParams& params, const EnsembleOptions& options,
                  const std::function<void(ReplicationResult&&)>& consume) {
  if (ensemble_runner != nullptr) {
    ensemble_runner(params, options, consume);
  } else {
    run_local_ensemble(params, options, consume);
  }
}

void run_local_ensemble(const ModelParams& params, const EnsembleOptions& options,
                        const std::function<void(ReplicationResult&&)>& consume) {
  const int threads =
      options.threads > 0 ? options.threads : static_cast<int>(tbb::info::default_concurrency());
  std::int64_t done = 0;
  bool skipped = false;  // touched only by the in-order consuming stage
  const auto is_cancelled = [&options] { return options.cancelled && options.cancelled(); };
  // A few replications in flight per thread: the in-order stage holds back finished ones until
  // their turn, so memory is bounded by the token count, not by the number of replications.
  // Finished replications wait in a ring of slots, one per token: replication k + tokens cannot
  // start before k has been consumed, so its slot is free.
  const auto tokens = static_cast<std::size_t>(2 * threads);
  std::vector<std::unique_ptr<ReplicationResult>> slots(tokens);
  run_pipeline(
      static_cast<std::size_t>(std::max<std::int64_t>(0, options.replications)), options.threads,
      is_cancelled,
      [&](std::size_t k) {
        // A replication not started once cancelled leaves its slot empty: skipped.
        if (is_cancelled()) return;
        const std::int64_t replication = options.first_replication + static_cast<std::int64_t>(k);
        slots[k % tokens] = std::make_unique<ReplicationResult>(run_replication(
            options.params_for ? options.params_for(replication) : params, replication));
      },
      [&](std::size_t k) {
        std::unique_ptr<ReplicationResult> result = std::move(slots[k % tokens]);
        // Once one is skipped, none after it is consumed: the consumer sees a prefix.
        if (!result || skipped) {
          skipped = true;
          return;
        }
        consume(std::move(*result));
        ++done;
        if (options.progress) options.progress(done, options.replications);
      });
}

void keep_freed_memory_for_replications() {
#if defined(__GLIBC__)
  // mallopt returns 0 for a value it refuses (a 32-bit build's largest threshold is 512 KiB):
  // the trim threshold is then left alone too, since setting either fixes both and the
  // threshold would stay at its starting 128 KiB instead of rising as glibc's default does.
  if (mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024) == 1)
    static_cast<void>(mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024));
#endif
}

void run_tasks(std::size_t count, int threads, const std::function<void(std::size_t)>& task) {
  run_pipeline(count, threads, stop_requested, task, [](std::size_t) {});
  // Stopped between tasks (the input stage saw the flag): some never ran.
  if (count > 0 && stop_requested()) throw Stopped();
}

}  // namespace caremarket::sim
