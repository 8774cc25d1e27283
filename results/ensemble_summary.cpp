#include "results/ensemble_summary.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/calendar.hpp"
#include "sim/ensemble.hpp"
#include "sim/replication.hpp"

namespace caremarket::results {

EnsembleSummaryOptions command_summary_options(const sim::ModelParams& params,
                                               std::size_t periods) {
  EnsembleSummaryOptions options;
  const std::size_t cells =
      periods * (params.district_codes.size() + 1) * sim::service_count * sim::metric_count;
  const std::size_t budget_values = (std::size_t{1} << 30) / sizeof(double);
  options.exact_cap = std::clamp(budget_values / std::max<std::size_t>(1, cells),
                                 Summary::min_exact_cap, options.kpi_exact_cap);
  return options;
}

EnsembleSummary::EnsembleSummary(const sim::ModelParams& params, std::size_t periods,
                                 EnsembleSummaryOptions options)
    : periods_(periods),
      districts_(params.district_codes.size()),
      exact_cap_(std::max(options.exact_cap, Summary::min_exact_cap)),
      kpi_exact_cap_(std::max(options.kpi_exact_cap, Summary::min_exact_cap)),
      cells_(periods * (params.district_codes.size() + 1) * sim::service_count * sim::metric_count,
             Summary(options.exact_cap)),
      kpis_(kpi_table().size(), Summary(kpi_exact_cap_)),
      providers_(options.providers ? params.market.providers.size() : 0),
      keeps_providers_(options.providers),
      years_(params.run, periods) {
  // Reserving what the scenario expects avoids regrowth (and its slack) in every buffer. For a
  // large run that is up to a gigabyte, seconds of work (more under a sanitizer): a stop asked
  // for meanwhile is taken between cells, so that the command stops promptly.
  const auto expected =
      static_cast<std::size_t>(std::max<std::int64_t>(params.run.replications, 0));
  for (std::size_t i = 0; i < cells_.size(); ++i) {
    if (i % 1024 == 0 && sim::stop_requested()) throw sim::Stopped();
    cells_[i].reserve(expected);
  }
  for (Summary& s : kpis_) s.reserve(expected);
  spend_.assign(years_.values(), Summary(options.exact_cap));
  for (Summary& s : spend_) s.reserve(expected);
  const std::size_t row_bytes = std::max<std::size_t>(1, cells_.size()) * sizeof(double);
  batch_rows_ = std::clamp<std::size_t>(pending_budget_bytes / row_bytes, 1, 64);
  pending_->rows.resize(batch_rows_ * cells_.size());
}

const Summary& EnsembleSummary::spend(std::size_t y, std::size_t service, SpendCategory c) const {
  return spend_.at(SpendYears::index(y, service, c));
}

std::size_t EnsembleSummary::index(std::size_t p, std::size_t a, sim::Service s,
                                   sim::Metric m) const {
  if (p >= periods_ || a > districts_)
    throw std::out_of_range("EnsembleSummary::cell: no such cell");
  return ((p * (districts_ + 1) + a) * sim::service_count + static_cast<std::size_t>(s)) *
             sim::metric_count +
         static_cast<std::size_t>(m);
}

const Summary& EnsembleSummary::cell(std::size_t period, std::size_t area, sim::Service s,
                                     sim::Metric m) const {
  const std::size_t i = index(period, area, s, m);
  if (pending_->count.load(std::memory_order_acquire) != 0) {
    const std::lock_guard lock(pending_->mutex);
    fold_pending();
  }
  return cells_[i];
}

SummaryStats EnsembleSummary::cell_stats(std::size_t period, std::size_t area, sim::Service s,
                                         sim::Metric m) const {
  const Summary& c = cell(period, area, s, m);  // folds what is held back first
  return stats_.empty() ? c.stats() : stats_[index(period, area, s, m)];
}

void EnsembleSummary::prepare_stats(int threads) const {
  if (!cells_.empty()) (void)cell(0, 0, sim::Service::homecare, sim::Metric{});  // folds
  const std::size_t n = cells_.size();
  stats_.resize(n);
  // Blocks of cells side by side; each task writes only its block's statistics.
  sim::run_tasks((n + cell_block - 1) / cell_block, threads, [&](std::size_t b) {
    const std::size_t end = std::min(n, (b + 1) * cell_block);
    for (std::size_t i = b * cell_block; i < end; ++i) stats_[i] = cells_[i].stats();
  });
}

void EnsembleSummary::add(const sim::ReplicationResult& result) {
  const sim::ReplicationMetrics& m = result.metrics;
  if (m.periods() != periods_ || m.districts() != districts_) {
    throw std::invalid_argument(
        "EnsembleSummary::add: replication " + std::to_string(result.replication) + " has " +
        std::to_string(m.periods()) + " periods and " + std::to_string(m.districts()) +
        " districts; expected " + std::to_string(periods_) + " and " + std::to_string(districts_));
  }
  if (keeps_providers_ && result.providers.size() != providers_.size()) {
    throw std::invalid_argument(
        "EnsembleSummary::add: replication " + std::to_string(result.replication) + " reports " +
        std::to_string(result.providers.size()) + " providers; the starting market has " +
        std::to_string(providers_.size()));
  }
  if (replications_ == 0) {
    first_replication_ = result.replication;
  } else if (result.replication != first_replication_ + replications_) {
    throw std::logic_error("EnsembleSummary::add: replication " +
                           std::to_string(result.replication) + " arrived out of order; expected " +
                           std::to_string(first_replication_ + replications_));
  }

  stats_.clear();  // what prepare_stats kept no longer holds
  const auto values = m.values();
  // A NaN would throw in the middle of a later fold: refused here, before anything is kept.
  if (std::any_of(values.begin(), values.end(), [](double v) { return std::isnan(v); })) {
    throw std::invalid_argument("EnsembleSummary::add: replication " +
                                std::to_string(result.replication) + " has a NaN metric");
  }
  // The KPIs, spend and providers take the replication now; the cells' values wait in a row
  // of their own until a batch is full (they are the bulk of the work, and folding a batch
  // reads each cell's summary once, not once per replication).
  const auto table = kpi_table();
  for (std::size_t k = 0; k < table.size(); ++k) kpis_[k].add(compute_kpi(table[k], result));
  const std::vector<double> year_spend = years_.of(m);
  for (std::size_t i = 0; i < spend_.size(); ++i) spend_[i].add(year_spend[i]);
  for (std::size_t i = 0; i < providers_.size(); ++i) {
    const sim::ProviderOutcome& o = result.providers[i];
    if (o.exited) ++providers_[i].exits;
    providers_[i].people_displaced_sum += static_cast<double>(o.people_displaced);
    providers_[i].people_at_start_sum += static_cast<double>(o.people_at_start);
  }
  {
    const std::lock_guard lock(pending_->mutex);
    const std::size_t row = pending_->count.load(std::memory_order_relaxed);
    std::copy(values.begin(), values.end(),
              pending_->rows.begin() + static_cast<std::ptrdiff_t>(row * cells_.size()));
    pending_->count.store(row + 1, std::memory_order_release);
    if (row + 1 == batch_rows_) fold_pending();
  }
  events_ += result.totals.events;
  ++replications_;
}

void EnsembleSummary::fold_pending() const {
  const std::size_t rows = pending_->count.load(std::memory_order_relaxed);
  if (rows == 0) return;
  const std::size_t n = cells_.size();
  const std::size_t blocks = (n + cell_block - 1) / cell_block;
  // Row by row over a block: its summaries stay in cache across the rows, and consecutive adds
  // are to different cells, so they do not wait on each other.
  const auto fold_block = [&](std::size_t b) {
    const std::size_t end = std::min(n, (b + 1) * cell_block);
    for (std::size_t row = 0; row < rows; ++row) {
      const double* values = pending_->rows.data() + row * n;
      for (std::size_t i = b * cell_block; i < end; ++i) cells_[i].add(values[i]);
    }
  };
  for (std::size_t b = 0; b < blocks; ++b) fold_block(b);
  pending_->count.store(0, std::memory_order_release);
}

namespace {
double per_replication(double sum, std::int64_t replications) {
  return replications > 0 ? sum / static_cast<double>(replications) : 0.0;
}
}  // namespace

double EnsembleSummary::probability_of_exit(std::size_t i) const {
  return per_replication(static_cast<double>(providers_.at(i).exits), replications_);
}

double EnsembleSummary::mean_people_displaced(std::size_t i) const {
  return per_replication(providers_.at(i).people_displaced_sum, replications_);
}

double EnsembleSummary::mean_people_at_start(std::size_t i) const {
  return per_replication(providers_.at(i).people_at_start_sum, replications_);
}

}  // namespace caremarket::results
