#pragma once
// The reduction of an ensemble: every replication's metrics, KPIs and provider outcomes folded
// into streaming summaries as the replication arrives (the metric cells a batch of
// replications at a time). Fed in replication order (as
// sim::run_ensemble hands them over), the result is identical for any thread count, and its
// memory does not grow with the number of replications.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "results/kpis.hpp"
#include "results/spend_years.hpp"
#include "results/statistics.hpp"
#include "sim/metrics.hpp"
#include "sim/params.hpp"

namespace caremarket::results {

/// Per provider of the starting market, over replications.
struct ProviderSummary {
  std::int64_t exits = 0;             // replications in which it exited
  double people_displaced_sum = 0.0;  // summed over replications
  double people_at_start_sum = 0.0;   // summed over replications
};

struct EnsembleSummaryOptions {
  /// Exact values kept per summarised quantity before P² takes over (see Summary). Memory is
  /// about 8 bytes x min(replications, cap) x periods x (districts + 1) x 2 x 23.
  std::size_t exact_cap = Summary::default_exact_cap;
  /// Exact values kept per KPI: KPIs are few (kpi_table()), so every value of up to 100,000
  /// replications is kept (at most 8 bytes x 100,000 x the KPIs, under 100 MB) and kpis.csv's
  /// quantiles are exact; P² only beyond.
  std::size_t kpi_exact_cap = 100'000;
  /// Whether each provider's outcomes are kept (providers()). Off when replications start from
  /// different markets (a parameter sample that changes the providers or their capacity): a
  /// provider's outcomes would then mix different providers, and their count may differ.
  bool providers = true;
};

/// The options `caremarket run` summarises with: as many exact values per output cell as fit
/// in a budget of 1 GiB over its periods x (districts + 1) x services x metrics cells (at
/// least Summary::min_exact_cap, at most the KPIs' cap): Kent's 12 districts over 96 months
/// keep every value up to 1,680 replications; an England-sized market, 68.
[[nodiscard]] EnsembleSummaryOptions command_summary_options(const sim::ModelParams& params,
                                                             std::size_t periods);

class EnsembleSummary {
 public:
  EnsembleSummary(const sim::ModelParams& params, std::size_t periods,
                  EnsembleSummaryOptions options = {});

  /// Folds in one replication. Replications must arrive in consecutive order of their index;
  /// throws std::invalid_argument if the result's shape does not match the parameters and
  /// std::logic_error if it arrives out of order. The KPIs, spend and provider outcomes take
  /// it at once; the metric cells' values are held back, a row per replication, and folded
  /// into the cells a batch of rows at a time (at most pending_budget_bytes of rows; then each
  /// cell's summary and buffer are read once per batch instead of once per replication), or
  /// when a cell is read. Each cell still takes the replications in order.
  void add(const sim::ReplicationResult& result);
  /// Memory for the rows held back: Kent (57,408 cells, 459 kB a row) batches 36
  /// replications (at most 64); a market of more than a million cells, such as the synthetic
  /// England, one (every replication folded as it arrives).
  static constexpr std::size_t pending_budget_bytes = std::size_t{16} << 20;
  /// Replications held back before they are folded into the cells.
  [[nodiscard]] std::size_t batch_rows() const { return batch_rows_; }

  [[nodiscard]] std::int64_t replications() const { return replications_; }
  [[nodiscard]] std::int64_t first_replication() const { return first_replication_; }
  [[nodiscard]] std::size_t periods() const { return periods_; }
  [[nodiscard]] std::size_t districts() const { return districts_; }
  /// The area index of the whole council area (== districts()).
  [[nodiscard]] std::size_t county() const { return districts_; }
  /// Exact values kept per quantity before the quantiles become P² estimates.
  [[nodiscard]] std::size_t exact_cap() const { return exact_cap_; }
  [[nodiscard]] std::size_t kpi_exact_cap() const { return kpi_exact_cap_; }
  /// Sum of the replications' events processed.
  [[nodiscard]] std::uint64_t events() const { return events_; }

  /// The summary of one metric cell: area is a district index or county(). Folds in any
  /// replications still held back (see add) first; safe to call from several threads.
  [[nodiscard]] const Summary& cell(std::size_t period, std::size_t area, sim::Service s,
                                    sim::Metric m) const;
  /// The statistics of one metric cell (cell(...).stats()): worked out now, or as
  /// prepare_stats left them.
  [[nodiscard]] SummaryStats cell_stats(std::size_t period, std::size_t area, sim::Service s,
                                        sim::Metric m) const;
  /// Works out every metric cell's statistics (sorting each cell's values for its quantiles),
  /// the cells side by side on `threads` threads (0: all cores), and keeps them for cell_stats
  /// until the next add. Not to be called while another thread reads this summary.
  void prepare_stats(int threads) const;
  /// The summary of the KPI at `index` of kpi_table().
  [[nodiscard]] const Summary& kpi(std::size_t index) const { return kpis_.at(index); }
  /// Years of the run: 12-month blocks from the start date (the last may be shorter), with the
  /// first and last day of each (ISO).
  [[nodiscard]] std::size_t spend_years() const { return years_.years(); }
  [[nodiscard]] const std::pair<std::string, std::string>& spend_year_dates(std::size_t y) const {
    return years_.dates(y);
  }
  /// The council's spend in year `y` on a service (service_count: both services together) in a
  /// category, over replications (each replication's sum over the year's periods).
  [[nodiscard]] const Summary& spend(std::size_t y, std::size_t service, SpendCategory c) const;
  /// Indexed as MarketSpec::providers; empty when the options kept no providers.
  [[nodiscard]] const std::vector<ProviderSummary>& providers() const { return providers_; }
  /// Whether each provider's outcomes are kept (EnsembleSummaryOptions::providers).
  [[nodiscard]] bool keeps_providers() const { return keeps_providers_; }
  /// Share of replications in which provider `i` exited.
  [[nodiscard]] double probability_of_exit(std::size_t i) const;
  [[nodiscard]] double mean_people_displaced(std::size_t i) const;
  [[nodiscard]] double mean_people_at_start(std::size_t i) const;

 private:
  [[nodiscard]] std::size_t index(std::size_t p, std::size_t a, sim::Service s,
                                  sim::Metric m) const;

  /// Cells folded together, row by row (fold_pending), and given to one task by prepare_stats
  /// (Kent: 14 blocks of its 57,408 cells).
  static constexpr std::size_t cell_block = 4096;

  std::size_t periods_;
  std::size_t districts_;
  std::size_t exact_cap_;
  std::size_t kpi_exact_cap_;
  std::int64_t replications_ = 0;
  std::int64_t first_replication_ = 0;
  std::uint64_t events_ = 0;
  /// Folds the rows held back into cells_, each cell taking its rows in replication order, and
  /// empties them, on this thread: a batch folds in about 2 ms a replication for Kent, so the
  /// consuming thread is not worth sharing. Callers hold pending_->mutex.
  void fold_pending() const;
  // cells_ and the rows held back change under a const cell() (folding is not a visible
  // change): guarded by Pending::mutex, with Pending::count read first without it.
  mutable std::vector<Summary> cells_;  // laid out as sim::ReplicationMetrics::values()
  struct Pending {
    std::vector<double> rows;  // batch_rows_ rows of cells_.size() values
    std::atomic<std::size_t> count{0};
    std::mutex mutex;
  };
  std::unique_ptr<Pending> pending_ = std::make_unique<Pending>();  // held apart: movable
  mutable std::vector<SummaryStats> stats_;  // by cell, after prepare_stats; empty otherwise
  std::size_t batch_rows_ = 1;
  std::vector<Summary> kpis_;  // as kpi_table()
  std::vector<ProviderSummary> providers_;
  bool keeps_providers_ = true;
  SpendYears years_;
  std::vector<Summary> spend_;  // laid out by SpendYears::index
};

}  // namespace caremarket::results
