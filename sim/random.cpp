#include "sim/random.hpp"

#include <Random123/philox.h>

#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

namespace caremarket::sim {

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t replication, StreamPurpose purpose,
                           std::uint64_t entity)
    : key_{seed, replication}, counter_{static_cast<std::uint64_t>(purpose), entity, 0, 0} {}

void RandomStream::refill() {
  r123::Philox4x64 rng;
  const r123::Philox4x64::key_type key = {{key_[0], key_[1]}};
  const r123::Philox4x64::ctr_type ctr = {{counter_[0], counter_[1], counter_[2], counter_[3]}};
  const auto out = rng(ctr, key);
  for (std::size_t i = 0; i < 4; ++i) block_[i] = out.v[i];
  ++counter_[2];
  position_ = 0;
}

double draw_exponential(RandomStream& s, double mean) {
  return -mean * std::log(s.uniform_open());
}

double draw_standard_normal(RandomStream& s) {
  const double u1 = s.uniform_open();
  const double u2 = s.uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

namespace {
// The log-scale parameters of the last few lognormals drawn on this thread: a run draws from a
// handful of distributions over and over, and working them out is two logarithms a draw.
struct LognormalScale {
  std::uint64_t mean_bits = 0;
  std::uint64_t cv_bits = 0;
  bool valid = false;
  double mu = 0.0;
  double sigma = 0.0;
};
thread_local std::array<LognormalScale, 16> lognormal_scales;
}  // namespace

double draw_lognormal(RandomStream& s, double mean, double cv) {
  if (cv <= 0.0) return mean;
  const auto mean_bits = std::bit_cast<std::uint64_t>(mean);
  const auto cv_bits = std::bit_cast<std::uint64_t>(cv);
  // Fibonacci hashing of both patterns: the top 4 bits of the product depend on all of them.
  LognormalScale& scale =
      lognormal_scales[((mean_bits ^ (cv_bits * 0xC2B2AE3D27D4EB4FULL)) * 0x9E3779B97F4A7C15ULL) >>
                       60U];
  if (!scale.valid || scale.mean_bits != mean_bits || scale.cv_bits != cv_bits) {
    const double sigma2 = std::log1p(cv * cv);
    scale =
        LognormalScale{mean_bits, cv_bits, true, std::log(mean) - 0.5 * sigma2, std::sqrt(sigma2)};
  }
  return std::exp(scale.mu + scale.sigma * draw_standard_normal(s));
}

double draw_gamma(RandomStream& s, double shape, double scale) {
  if (shape <= 0.0 || scale <= 0.0)
    throw std::invalid_argument("gamma: shape and scale must be > 0");
  if (shape < 1.0) {
    // Boost for shape < 1: Gamma(a) = Gamma(a + 1) * U^(1/a).
    const double g = draw_gamma(s, shape + 1.0, 1.0);
    return scale * g * std::pow(s.uniform_open(), 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x = 0.0;
    double v = 0.0;
    do {
      x = draw_standard_normal(s);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = s.uniform_open();
    if (u < 1.0 - 0.0331 * x * x * x * x) return scale * d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return scale * d * v;
  }
}

std::uint64_t draw_poisson(RandomStream& s, double mean) {
  if (mean <= 0.0) return 0;
  if (mean < 10.0) {
    // Inversion by sequential search.
    double p = std::exp(-mean);
    double cdf = p;
    const double u = s.uniform();
    std::uint64_t k = 0;
    while (u > cdf && k < 1000) {
      ++k;
      p *= mean / static_cast<double>(k);
      cdf += p;
    }
    return k;
  }
  // PTRS: transformed rejection with squeeze (Hormann, 1993).
  const double slam = std::sqrt(mean);
  const double loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = s.uniform() - 0.5;
    const double v = s.uniform_open();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return static_cast<std::uint64_t>(k);
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(invalpha) - std::log(a / (us * us) + b) <=
        -mean + k * loglam - std::lgamma(k + 1.0)) {
      return static_cast<std::uint64_t>(k);
    }
  }
}

bool draw_bernoulli(RandomStream& s, double p) {
  return s.uniform() < p;
}

namespace {
__extension__ using uint128 = unsigned __int128;
}  // namespace

std::uint64_t draw_index(RandomStream& s, std::uint64_t n) {
  if (n == 0) throw std::invalid_argument("draw_index: n must be > 0");
  uint128 m = static_cast<uint128>(s.next_u64()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<uint128>(s.next_u64()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

std::size_t draw_weighted(RandomStream& s, std::span<const double> weights) {
  double total = 0.0;
  for (const double w : weights) total += w;
  if (!(total > 0.0)) throw std::invalid_argument("draw_weighted: weights sum to zero");
  const double target = s.uniform() * total;
  double cumulative = 0.0;
  std::size_t last_positive = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] <= 0.0) continue;
    cumulative += weights[i];
    last_positive = i;
    if (target < cumulative) return i;
  }
  return last_positive;  // rounding at the top end
}

}  // namespace caremarket::sim
