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
/// The time of a demand stream's next referral after `now` (days since the start): the
/// inversion of the integrated rate Lambda(t) of rate(t) = r (1 + g)^(t / Y) (r referrals a
/// year, Y = 365.25 days; by year when growth_by_year is set), for a draw e of Exp(1).
/// growth_per_day is log1p(s.growth_per_year) / Y, worked out once per stream by the caller.
/// Infinity when the stream has no further referral (no rate, or a rate shrinking to 0).
double next_arrival(const DemandStream& s, double growth_per_day, double now, double e);

}  // namespace caremarket::sim
