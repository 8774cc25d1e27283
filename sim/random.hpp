#pragma once
// Counter-based random streams. A stream's draws are a pure function of
// (scenario seed, replication, purpose, entity, draw index), never of the thread that runs it,
// so replications give the same numbers on any thread count and scenarios compared with each
// other share their streams (common random numbers). Distributions are the project's own:
// std:: distributions differ between standard libraries.

#include <array>
#include <cstdint>
#include <span>

namespace caremarket::sim {

/// What a stream is used for; part of the stream's identity.
enum class StreamPurpose : std::uint64_t {
  referral = 1,           // arrival times and attributes of one demand stream
  initial_caseload = 2,   // the people already receiving care at the start
  placement = 3,          // choices within a cascade tier (weighted random policy)
  provider_exit = 4,      // a provider's monthly exit draws
  reopening = 5,          // who joins and leaves at a framework reopening
  pipeline = 6,           // delays of properties in the pipeline
  workforce = 7,          // homecare capacity drift of a branch
  shock = 8,              // which providers a scheduled shock hits
  acceptance = 9,         // a person's acceptance draw (providers declining packages)
  entry = 10,             // providers entering between reopenings, one stream per month tick
  calibration = 11,       // ABC-SMC proposals: entity is the proposal's index in its wave
  parameter_sample = 12,  // which row of a parameter sample a replication takes
  test = 99,
};

/// Philox4x64-10 (Salmon et al., SC'11) keyed by (seed, replication); the counter holds
/// (purpose, entity, block index). Four 64-bit words per block.
class RandomStream {
 public:
  RandomStream() = default;
  RandomStream(std::uint64_t seed, std::uint64_t replication, StreamPurpose purpose,
               std::uint64_t entity);

  /// The next raw 64-bit word.
  std::uint64_t next_u64() {
    if (position_ == 4) refill();
    ++words_drawn_;
    return block_[position_++];
  }
  /// Uniform on [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  /// Uniform on (0, 1): never exactly zero, safe for logarithms.
  double uniform_open() { return (static_cast<double>(next_u64() >> 11) + 0.5) * 0x1.0p-53; }
  /// How many 64-bit words this stream has produced (for tests and diagnostics).
  [[nodiscard]] std::uint64_t words_drawn() const { return words_drawn_; }

 private:
  void refill();
  std::array<std::uint64_t, 2> key_{};
  std::array<std::uint64_t, 4> counter_{};
  std::array<std::uint64_t, 4> block_{};
  unsigned position_ = 4;
  std::uint64_t words_drawn_ = 0;
};

/// Exponential with the given mean.
double draw_exponential(RandomStream& s, double mean);
/// Standard normal by Box-Muller (one value per two uniforms; no cached second value, so the
/// number of words drawn per call is fixed).
double draw_standard_normal(RandomStream& s);
/// Lognormal with the given mean and coefficient of variation.
double draw_lognormal(RandomStream& s, double mean, double cv);
/// Gamma with the given shape and scale (Marsaglia and Tsang, 2000).
double draw_gamma(RandomStream& s, double shape, double scale);
/// Poisson with the given mean (inversion for small means, PTRS of Hormann 1993 otherwise).
std::uint64_t draw_poisson(RandomStream& s, double mean);
/// True with probability p.
bool draw_bernoulli(RandomStream& s, double p);
/// Uniform integer on [0, n); n > 0. Lemire's nearly-divisionless method.
std::uint64_t draw_index(RandomStream& s, std::uint64_t n);
/// An index drawn with probability proportional to its (non-negative) weight; the weights must
/// not all be zero.
std::size_t draw_weighted(RandomStream& s, std::span<const double> weights);

}  // namespace caremarket::sim
