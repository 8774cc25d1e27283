#include "sim/ensemble.hpp"

#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>

#include <memory>
#include <optional>

#include "sim/replication.hpp"

namespace caremarket::sim {

int default_threads() {
  return static_cast<int>(tbb::info::default_concurrency());
}

ReplicationResult run_replication(const ModelParams& params, std::int64_t replication) {
  Replication r(params, replication);
  return r.run();
}

namespace {
EnsembleRunner ensemble_runner = nullptr;
}  // namespace

void set_ensemble_runner(EnsembleRunner runner) {
  ensemble_runner = runner;
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
  tbb::parallel_pipeline(
      tokens,
      tbb::make_filter<void, std::int64_t>(tbb::filter_mode::serial_in_order,
                                           [&](tbb::flow_control& fc) -> std::int64_t {
                                             if (next >= end || is_cancelled()) {
                                               fc.stop();
                                               return 0;
                                             }
                                             return next++;
                                           }) &
          tbb::make_filter<std::int64_t, std::shared_ptr<ReplicationResult>>(
              tbb::filter_mode::parallel,
              [&](std::int64_t replication) -> std::shared_ptr<ReplicationResult> {
                if (is_cancelled()) return nullptr;  // not started: skipped
                return std::make_shared<ReplicationResult>(run_replication(params, replication));
              }) &
          tbb::make_filter<std::shared_ptr<ReplicationResult>, void>(
              tbb::filter_mode::serial_in_order, [&](std::shared_ptr<ReplicationResult> result) {
                // Once one is skipped, none after it is consumed: the consumer sees a prefix.
                if (!result || skipped) {
                  skipped = true;
                  return;
                }
                consume(std::move(*result));
                ++done;
                if (options.progress) options.progress(done, options.replications);
              }));
}

}  // namespace caremarket::sim
