#include "sim/distribution.hpp"

#include <algorithm>
#include <cmath>

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

}  // namespace caremarket::sim
