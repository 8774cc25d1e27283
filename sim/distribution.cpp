#include "sim/distribution.hpp"

#include <algorithm>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <limits>

namespace caremarket::sim {

static double clamp_draw(double x, const Distribution& d) {
  return std::clamp(x, d.min, d.max);
}

double draw(const Distribution& d, RandomStream& rng) {
  switch (d.kind) {
    case Distribution::Kind::fixed:
      return clamp_draw(d.mean, d);
    case Distribution::Kind::exponential:
      return clamp_draw(draw_exponential(rng, d.mean), d);
    case Distribution::Kind::lognormal:
      return clamp_draw(draw_lognormal(rng, d.mean, d.cv), d);
    case Distribution::Kind::gamma: {
      const double shape = 1.0 / (d.cv * d.cv);
      return clamp_draw(draw_gamma(rng, shape, d.mean / shape), d);
    }
  }
  return d.mean;
}

double mean_as_drawn(const Distribution& d) {
  const double a = std::max(0.0, d.min);
  const double b = d.max;
  if (d.kind == Distribution::Kind::fixed || d.mean <= 0.0) return std::clamp(d.mean, d.min, d.max);
  if (!(a < b)) return a;
  // F: the distribution function; partial(x) = E[X; X <= x].
  double F_a = 0.0, F_b = 1.0, partial_a = 0.0, partial_b = d.mean;
  switch (d.kind) {
    case Distribution::Kind::fixed:
      break;
    case Distribution::Kind::exponential: {
      const double m = d.mean;
      auto partial = [&](double x) { return m - (x + m) * std::exp(-x / m); };
      F_a = -std::expm1(-a / m);
      partial_a = partial(a);
      if (std::isfinite(b)) {
        F_b = -std::expm1(-b / m);
        partial_b = partial(b);
      }
      break;
    }
    case Distribution::Kind::lognormal: {
      if (d.cv <= 0.0) return std::clamp(d.mean, d.min, d.max);
      const double s2 = std::log1p(d.cv * d.cv);
      const double s = std::sqrt(s2);
      const double mu = std::log(d.mean) - 0.5 * s2;
      const boost::math::lognormal_distribution<double> x(mu, s);
      // E[X; X <= t] = mean * Phi((ln t - mu - s^2) / s): the mean times the distribution
      // function of a lognormal with mu + s^2.
      const boost::math::lognormal_distribution<double> shifted(mu + s2, s);
      if (a > 0.0) {
        F_a = boost::math::cdf(x, a);
        partial_a = d.mean * boost::math::cdf(shifted, a);
      }
      if (std::isfinite(b)) {
        F_b = boost::math::cdf(x, b);
        partial_b = d.mean * boost::math::cdf(shifted, b);
      }
      break;
    }
    case Distribution::Kind::gamma: {
      if (d.cv <= 0.0) return std::clamp(d.mean, d.min, d.max);
      const double k = 1.0 / (d.cv * d.cv);
      const double theta = d.mean / k;
      // E[X; X <= t] = k theta P(k + 1, t / theta).
      if (a > 0.0) {
        F_a = boost::math::gamma_p(k, a / theta);
        partial_a = d.mean * boost::math::gamma_p(k + 1.0, a / theta);
      }
      if (std::isfinite(b)) {
        F_b = boost::math::gamma_p(k, b / theta);
        partial_b = d.mean * boost::math::gamma_p(k + 1.0, b / theta);
      }
      break;
    }
  }
  const double upper = std::isfinite(b) ? b * (1.0 - F_b) : 0.0;
  return a * F_a + (partial_b - partial_a) + upper;
}

/// Remaining length of stay of a person already in care at the start: for a stationary
/// renewal process it is U x L, where L is drawn from the length-biased distribution
/// (exact for the families used here: a size-biased lognormal is lognormal with mean
/// multiplied by 1 + cv^2, a size-biased gamma(k, theta) is gamma(k + 1, theta)).
double draw_residual(const Distribution& d, RandomStream& rng) {
  double biased = d.mean;
  switch (d.kind) {
    case Distribution::Kind::fixed:
      biased = d.mean;
      break;
    case Distribution::Kind::exponential:
      biased = draw_gamma(rng, 2.0, d.mean);
      break;
    case Distribution::Kind::lognormal:
      biased = draw_lognormal(rng, d.mean * (1.0 + d.cv * d.cv), d.cv);
      break;
    case Distribution::Kind::gamma: {
      const double shape = 1.0 / (d.cv * d.cv);
      biased = draw_gamma(rng, shape + 1.0, d.mean / shape);
      break;
    }
  }
  return std::clamp(rng.uniform_open() * std::min(biased, d.max), 0.0, d.max);
}

namespace {

double next_arrival_by_year(const DemandStream& s, double rate_per_day, double now, double e) {
  // The rate is r (1 + g_k)^((t - T_k) / Y) on year k = [T_k, T_k + Y), continuous at the year
  // boundaries; the integrated rate is inverted year by year.
  const double Y = days_per_year;
  auto growth = [&](std::size_t k) {
    return s.growth_by_year[std::min(k, s.growth_by_year.size() - 1)];
  };
  auto year_of = [&](double t) {
    return static_cast<std::size_t>(std::max(0.0, std::floor(t / Y)));
  };
  std::size_t k = year_of(now);
  // The rate at the start of year k.
  double rate_k = rate_per_day;
  for (std::size_t j = 0; j < k; ++j) rate_k *= 1.0 + growth(j);
  double t = now;
  for (int guard = 0; guard < 100000; ++guard) {
    const double g = growth(k);
    const double start = static_cast<double>(k) * Y;
    const double end = start + Y;
    const double c = std::log1p(g) / Y;  // per day; 0 for no growth
    // Integral of rate_k exp(c (u - start)) from t to x.
    auto integral = [&](double x) {
      if (c == 0.0) return rate_k * (x - t);
      return rate_k / c * (std::exp(c * (x - start)) - std::exp(c * (t - start)));
    };
    const double in_year = integral(end);
    if (e <= in_year) {
      if (c == 0.0) return t + e / rate_k;
      const double arg = std::exp(c * (t - start)) + e * c / rate_k;
      return start + std::log(arg) / c;
    }
    e -= in_year;
    rate_k *= 1.0 + g;
    if (rate_k <= 0.0) return std::numeric_limits<double>::infinity();
    t = end;
    ++k;
  }
  return std::numeric_limits<double>::infinity();
}

}  // namespace

double next_arrival(const DemandStream& s, double growth_per_day, double now, double e) {
  if (s.referrals_per_year <= 0.0) return std::numeric_limits<double>::infinity();
  // Inversion of the integrated rate Lambda(t) of rate(t) = r (1 + g)^(t / Y).
  const double rate_per_day = s.referrals_per_year / days_per_year;
  if (!s.growth_by_year.empty()) return next_arrival_by_year(s, rate_per_day, now, e);
  if (s.growth_per_year == 0.0) return now + e / rate_per_day;
  const double k = growth_per_day;
  const double arg = std::exp(k * now) + e * k / rate_per_day;
  // A shrinking rate that never produces another arrival.
  if (arg <= 0.0) return std::numeric_limits<double>::infinity();
  return std::log(arg) / k;
}

}  // namespace caremarket::sim
