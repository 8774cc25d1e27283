#pragma once
// Draws from the parameterised distributions of params.hpp.

#include "sim/params.hpp"
#include "sim/random.hpp"

namespace caremarket::sim {

/// One draw, clamped to [min, max].
double draw(const Distribution& d, RandomStream& rng);
/// The mean of draw(d): the family's mean after clamping to [min, max],
///   E[clamp(X, a, b)] = a P(X < a) + E[X; a <= X <= b] + b P(X > b),
/// exact for every family (lognormal through the normal distribution function, gamma through
/// the regularised incomplete gamma function, Boost.Math).
double mean_as_drawn(const Distribution& d);
/// Remaining length of stay of someone already in care at the start (see the definition).
double draw_residual(const Distribution& d, RandomStream& rng);

}  // namespace caremarket::sim
