#include "sim/ensemble.hpp"

#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>

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
char consume_turn = 0;      // so do the consuming stage's; the caller resumes after the last
char tasks_started = 0;     // run_tasks: the same three, for its stages
char tasks_input_turn = 0;
char tasks_done_turn = 0;
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
  std::optional<tbb::global_control> limit;
  const int threads =
      options.threads > 0 ? options.threads : static_cast<int>(tbb::info::default_concurrency());
  if (options.threads > 0) {
    limit.emplace(tbb::global_control::max_allowed_parallelism,
                  static_cast<std::size_t>(options.threads));
  }
  const std::int64_t end = options.first_replication + options.replications;
  std::int64_t next = options.first_replication;
  std::int64_t done = 0;
  bool skipped = false;  // touched only by the serial in-order consuming stage
  const auto is_cancelled = [&options] { return options.cancelled && options.cancelled(); };
  // A few replications in flight per thread: the in-order stage holds back finished ones until
  // their turn, so memory is bounded by the token count, not by the number of replications.
  const auto tokens = static_cast<std::size_t>(2 * threads);
  // Finished replications wait in a ring of slots, one per token: replication r + tokens cannot
  // start before r has been consumed, so its slot is free. Only the replication index passes
  // through TBB's own buffers.
  std::vector<std::unique_ptr<ReplicationResult>> slots(tokens);
  const auto slot_of = [tokens](std::int64_t replication) {
    return static_cast<std::size_t>(replication) % tokens;
  };
  CAREMARKET_HAPPENS_BEFORE(&pipeline_started);
  tbb::parallel_pipeline(
      tokens,
      tbb::make_filter<void, std::int64_t>(tbb::filter_mode::serial_in_order,
                                           [&](tbb::flow_control& fc) -> std::int64_t {
                                             CAREMARKET_HAPPENS_AFTER(&pipeline_started);
                                             CAREMARKET_HAPPENS_AFTER(&input_turn);
                                             std::int64_t replication = 0;
                                             if (next >= end || is_cancelled()) {
                                               fc.stop();
                                             } else {
                                               replication = next++;
                                             }
                                             CAREMARKET_HAPPENS_BEFORE(&input_turn);
                                             return replication;
                                           }) &
          tbb::make_filter<std::int64_t, std::int64_t>(
              tbb::filter_mode::parallel,
              [&](std::int64_t replication) -> std::int64_t {
                CAREMARKET_HAPPENS_AFTER(&pipeline_started);
                std::unique_ptr<ReplicationResult>& slot = slots[slot_of(replication)];
                // A replication not started once cancelled leaves its slot empty: skipped.
                if (!is_cancelled()) {
                  slot = std::make_unique<ReplicationResult>(run_replication(
                      options.params_for ? options.params_for(replication) : params, replication));
                }
                CAREMARKET_HAPPENS_BEFORE(&slot);
                return replication;
              }) &
          tbb::make_filter<std::int64_t, void>(
              tbb::filter_mode::serial_in_order, [&](std::int64_t replication) {
                CAREMARKET_HAPPENS_AFTER(&pipeline_started);
                CAREMARKET_HAPPENS_AFTER(&consume_turn);
                std::unique_ptr<ReplicationResult>& slot = slots[slot_of(replication)];
                CAREMARKET_HAPPENS_AFTER(&slot);
                std::unique_ptr<ReplicationResult> result = std::move(slot);
                // Once one is skipped, none after it is consumed: the consumer sees a prefix.
                if (!result || skipped) {
                  skipped = true;
                } else {
                  consume(std::move(*result));
                  ++done;
                  if (options.progress) options.progress(done, options.replications);
                }
                CAREMARKET_HAPPENS_BEFORE(&consume_turn);
              }));
  CAREMARKET_HAPPENS_AFTER(&consume_turn);
  CAREMARKET_HAPPENS_AFTER(&input_turn);
}

void run_tasks(std::size_t count, int threads, const std::function<void(std::size_t)>& task) {
  if (count == 0) return;
  std::optional<tbb::global_control> limit;
  const int n = threads > 0 ? threads : static_cast<int>(tbb::info::default_concurrency());
  if (threads > 0) {
    limit.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  }
  std::size_t next = 0;
  std::vector<char> finished(count);  // addresses each task's end is stated on, for TSan
  CAREMARKET_HAPPENS_BEFORE(&tasks_started);
  tbb::parallel_pipeline(
      static_cast<std::size_t>(2 * n),
      tbb::make_filter<void, std::size_t>(tbb::filter_mode::serial_in_order,
                                          [&](tbb::flow_control& fc) -> std::size_t {
                                            CAREMARKET_HAPPENS_AFTER(&tasks_started);
                                            CAREMARKET_HAPPENS_AFTER(&tasks_input_turn);
                                            std::size_t i = 0;
                                            if (next >= count || stop_requested()) {
                                              fc.stop();
                                            } else {
                                              i = next++;
                                            }
                                            CAREMARKET_HAPPENS_BEFORE(&tasks_input_turn);
                                            return i;
                                          }) &
          tbb::make_filter<std::size_t, std::size_t>(tbb::filter_mode::parallel,
                                                     [&](std::size_t i) -> std::size_t {
                                                       CAREMARKET_HAPPENS_AFTER(&tasks_started);
                                                       task(i);
                                                       CAREMARKET_HAPPENS_BEFORE(&finished[i]);
                                                       return i;
                                                     }) &
          tbb::make_filter<std::size_t, void>(tbb::filter_mode::serial_in_order,
                                              [&](std::size_t i) {
                                                CAREMARKET_HAPPENS_AFTER(&tasks_started);
                                                CAREMARKET_HAPPENS_AFTER(&tasks_done_turn);
                                                CAREMARKET_HAPPENS_AFTER(&finished[i]);
                                                CAREMARKET_HAPPENS_BEFORE(&tasks_done_turn);
                                              }));
  CAREMARKET_HAPPENS_AFTER(&tasks_done_turn);
  CAREMARKET_HAPPENS_AFTER(&tasks_input_turn);
  // Stopped between tasks (the input stage saw the flag): some never ran.
  if (stop_requested()) throw Stopped();
}

}  // namespace caremarket::sim
