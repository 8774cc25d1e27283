#pragma once
// Draws from the parameterised distributions of params.hpp.

#include "sim/params.hpp"
#include "sim/random.hpp"

namespace caremarket::sim {

/// One draw, clamped to [min, max].
double draw(const Distribution& d, RandomStream& rng);
/// Remaining length of stay of someone already in care at the start (see the definition).
double draw_residual(const Distribution& d, RandomStream& rng);

}  // namespace caremarket::sim
