#include "results/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace caremarket::results {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
}  // namespace

double quantile_type7(std::span<const double> sorted, double p) {
  if (sorted.empty()) return nan;
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const double lo = std::floor(h);
  const auto i = static_cast<std::size_t>(lo);
  if (i + 1 >= sorted.size()) return sorted.back();
  return sorted[i] + (h - lo) * (sorted[i + 1] - sorted[i]);
}

std::int64_t values_for_quantile(double p) {
  if (!(p > 0.0 && p < 1.0))
    throw std::invalid_argument("a quantile's probability must be in (0, 1)");
  // 1 / 0.05 and 1 / (1 - 0.95) are 20 only up to rounding: the tolerance keeps them 20.
  return static_cast<std::int64_t>(std::ceil(1.0 / std::min(p, 1.0 - p) - 1e-9));
}

// P² keeps five markers per quantile: the minimum, three inner markers and the maximum. The
// extremes are the same for every quantile, so they are kept once. Marker positions are 1-based
// ranks held as doubles (integer-valued, exact far beyond any replication count).
struct Summary::P2State {
  double min = 0.0;
  double max = 0.0;
  struct Markers {
    std::array<double, 3> height{};
    std::array<double, 3> position{};
  };
  std::array<Markers, 3> markers{};  // one per entry of Summary::probabilities
};

namespace {
// Where the inner markers of the p-quantile should be, as a fraction of the way from rank 1 to
// rank n: p/2, p and (1+p)/2 (Jain & Chlamtac's increments dn).
std::array<double, 3> inner_fractions(double p) {
  return {p / 2.0, p, (1.0 + p) / 2.0};
}
}  // namespace

Summary::Summary(std::size_t exact_cap) : cap_(std::max(exact_cap, min_exact_cap)) {}

Summary::Summary(const Summary& other)
    : count_(other.count_),
      mean_(other.mean_),
      m2_(other.m2_),
      cap_(other.cap_),
      exact_(other.exact_),
      p2_(other.p2_ ? std::make_unique<P2State>(*other.p2_) : nullptr) {}

Summary& Summary::operator=(const Summary& other) {
  if (this != &other) {
    Summary copy(other);
    *this = std::move(copy);
  }
  return *this;
}

Summary::~Summary() = default;

void Summary::reserve(std::size_t expected_values) {
  if (!p2_) exact_.reserve(std::min(expected_values, cap_));
}

void Summary::add(double x) {
  // A NaN has no place in an order and would corrupt the buffer's sort and the P² markers.
  if (std::isnan(x)) throw std::invalid_argument("Summary::add: value is NaN");
  ++count_;
  const double delta = x - mean_;
  mean_ += delta / static_cast<double>(count_);
  m2_ += delta * (x - mean_);

  if (!p2_) {
    if (exact_.size() < cap_) {
      exact_.push_back(x);
      return;
    }
    start_p2();
  }
  add_p2(x);
}

void Summary::start_p2() {
  std::vector<double> sorted;
  sorted.swap(exact_);  // frees the buffer when `sorted` goes out of scope
  std::sort(sorted.begin(), sorted.end());
  const std::size_t m = sorted.size();  // == cap_ >= 5
  auto state = std::make_unique<P2State>();
  state->min = sorted.front();
  state->max = sorted.back();
  for (std::size_t q = 0; q < probabilities.size(); ++q) {
    const auto f = inner_fractions(probabilities[q]);
    std::array<std::size_t, 3> rank{};
    for (std::size_t j = 0; j < 3; ++j) {
      rank[j] = static_cast<std::size_t>(std::llround(1.0 + static_cast<double>(m - 1) * f[j]));
    }
    // Inner markers must sit strictly between the extremes and strictly increase.
    rank[0] = std::max<std::size_t>(rank[0], 2);
    rank[1] = std::max(rank[1], rank[0] + 1);
    rank[2] = std::max(rank[2], rank[1] + 1);
    rank[2] = std::min(rank[2], m - 1);
    rank[1] = std::min(rank[1], rank[2] - 1);
    rank[0] = std::min(rank[0], rank[1] - 1);
    for (std::size_t j = 0; j < 3; ++j) {
      state->markers[q].height[j] = sorted[rank[j] - 1];
      state->markers[q].position[j] = static_cast<double>(rank[j]);
    }
  }
  p2_ = std::move(state);
}

void Summary::add_p2(double x) {
  P2State& st = *p2_;
  st.min = std::min(st.min, x);
  st.max = std::max(st.max, x);
  const double n = static_cast<double>(count_);
  for (std::size_t q = 0; q < probabilities.size(); ++q) {
    auto& mk = st.markers[q];
    // Markers above the cell x falls in move up one rank; the maximum's rank is n.
    for (std::size_t j = 0; j < 3; ++j) {
      if (x < mk.height[j]) mk.position[j] += 1.0;
    }
    std::array<double, 5> h{st.min, mk.height[0], mk.height[1], mk.height[2], st.max};
    std::array<double, 5> pos{1.0, mk.position[0], mk.position[1], mk.position[2], n};
    const auto f = inner_fractions(probabilities[q]);
    for (std::size_t i = 1; i <= 3; ++i) {
      const double desired = 1.0 + (n - 1.0) * f[i - 1];
      const double d = desired - pos[i];
      if ((d >= 1.0 && pos[i + 1] - pos[i] > 1.0) || (d <= -1.0 && pos[i - 1] - pos[i] < -1.0)) {
        const double s = d >= 0.0 ? 1.0 : -1.0;
        const double parabolic =
            h[i] + s / (pos[i + 1] - pos[i - 1]) *
                       ((pos[i] - pos[i - 1] + s) * (h[i + 1] - h[i]) / (pos[i + 1] - pos[i]) +
                        (pos[i + 1] - pos[i] - s) * (h[i] - h[i - 1]) / (pos[i] - pos[i - 1]));
        if (h[i - 1] < parabolic && parabolic < h[i + 1]) {
          h[i] = parabolic;
        } else {
          const std::size_t nb = s > 0.0 ? i + 1 : i - 1;
          h[i] += s * (h[nb] - h[i]) / (pos[nb] - pos[i]);
        }
        pos[i] += s;
      }
    }
    for (std::size_t j = 0; j < 3; ++j) {
      mk.height[j] = h[j + 1];
      mk.position[j] = pos[j + 1];
    }
  }
}

double Summary::mean() const {
  return count_ > 0 ? mean_ : nan;
}

double Summary::variance() const {
  return count_ > 1 ? m2_ / static_cast<double>(count_ - 1) : nan;
}

double Summary::sd() const {
  return std::sqrt(variance());
}

double Summary::sem() const {
  return sd() / std::sqrt(static_cast<double>(count_));
}

std::array<double, 3> Summary::quantiles() const {
  std::array<double, 3> out{};
  if (p2_) {
    // P² markers are estimates kept apart for each quantile: they can stray outside the values
    // seen (-3.9e-13 for a spend never below 0) and out of order (a median above the 95th
    // percentile). The sample quantiles they estimate lie in [min, max] and are ordered, so
    // clamping cannot move an estimate away from them, and neither can sorting the three
    // (rearrangement; Chernozhukov, Fernandez-Val and Galichon 2010).
    for (std::size_t q = 0; q < out.size(); ++q)
      out[q] = std::clamp(p2_->markers[q].height[1], p2_->min, p2_->max);
    std::sort(out.begin(), out.end());
    return out;
  }
  std::vector<double> sorted = exact_;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t q = 0; q < out.size(); ++q) out[q] = quantile_type7(sorted, probabilities[q]);
  return out;
}

SummaryStats Summary::stats() const {
  const auto q = quantiles();
  return SummaryStats{count_, mean(), sd(), sem(), q[0], q[1], q[2]};
}

}  // namespace caremarket::results
