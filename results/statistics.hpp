#pragma once
// Streaming statistics of one quantity over the replications of an ensemble. Memory is bounded:
// values are kept exactly up to a cap, beyond which the quantiles switch to the P² algorithm,
// so a run of a million replications costs no more than a run of a few hundred.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace caremarket::results {

/// The p-quantile of sorted values by linear interpolation between order statistics
/// (Hyndman & Fan type 7, R's default): h = (n - 1) p, x[floor h] + (h - floor h) (x[floor h + 1]
/// - x[floor h]). NaN for no values.
double quantile_type7(std::span<const double> sorted, double p);

/// The fewest values whose p-quantile has, on average, at least one value beyond it in its
/// nearer tail: the smallest n with n min(p, 1 - p) >= 1 (20 for the 5th or 95th percentile, 10
/// for the 90th, 2 for the median). With fewer, the sample quantile is an interpolation between
/// the most extreme values and says nothing of the tail beyond them, so the reports do not read
/// it as "9 runs out of 10" or "90% of runs". Throws std::invalid_argument unless 0 < p < 1.
std::int64_t values_for_quantile(double p);

/// The statistics of a Summary at one moment.
struct SummaryStats {
  std::int64_t count = 0;
  double mean = 0.0;
  double sd = 0.0;   // sample standard deviation (divisor n - 1); NaN below 2 values
  double sem = 0.0;  // standard error of the mean, sd / sqrt(n); NaN below 2 values
  double p05 = 0.0;
  double p50 = 0.0;
  double p95 = 0.0;
};

/// Count, mean and sd (Welford), standard error of the mean and the 5%, 50% and 95% quantiles of
/// a stream of values. Quantiles are exact (type 7) while at most `exact_cap` values have been
/// added; from the next value on, each of the three is a P² estimate (Jain & Chlamtac 1985)
/// started from the exact order statistics of the buffer, which is then freed. The result is a
/// pure function of the values and their order.
class Summary {
 public:
  static constexpr std::size_t default_exact_cap = 256;
  /// P² needs five markers, so the buffer holds at least five values.
  static constexpr std::size_t min_exact_cap = 5;
  static constexpr std::array<double, 3> probabilities{0.05, 0.50, 0.95};

  explicit Summary(std::size_t exact_cap = default_exact_cap);
  Summary(const Summary& other);
  Summary& operator=(const Summary& other);
  Summary(Summary&&) noexcept = default;
  Summary& operator=(Summary&&) noexcept = default;
  ~Summary();

  void add(double x);
  /// Reserves buffer space for the values expected (at most the cap), to avoid regrowth.
  void reserve(std::size_t expected_values);

  [[nodiscard]] std::int64_t count() const { return count_; }
  [[nodiscard]] double mean() const;
  [[nodiscard]] double variance() const;
  [[nodiscard]] double sd() const;
  [[nodiscard]] double sem() const;
  [[nodiscard]] double p05() const { return quantiles()[0]; }
  [[nodiscard]] double p50() const { return quantiles()[1]; }
  [[nodiscard]] double p95() const { return quantiles()[2]; }
  /// The three quantiles {p05, p50, p95}, sorting the buffer once.
  [[nodiscard]] std::array<double, 3> quantiles() const;
  [[nodiscard]] SummaryStats stats() const;

  /// True while the quantiles are exact (no more values than the cap).
  [[nodiscard]] bool quantiles_exact() const { return p2_ == nullptr; }
  [[nodiscard]] std::size_t exact_cap() const { return cap_; }
  /// Values held in the exact buffer (0 once P² has taken over).
  [[nodiscard]] std::size_t buffered_values() const { return exact_.size(); }

 private:
  struct P2State;
  void start_p2();
  void add_p2(double x);

  std::int64_t count_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;  // sum of squared deviations from the running mean
  std::size_t cap_;
  std::vector<double> exact_;
  std::unique_ptr<P2State> p2_;
};

}  // namespace caremarket::results
