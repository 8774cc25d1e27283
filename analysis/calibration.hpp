#pragma once
// `caremarket calibrate`: approximate Bayesian computation by sequential Monte Carlo (ABC-SMC,
// also called ABC population Monte Carlo) of the varied keys against a targets file.
//
// Method: Toni et al. (2009), J. R. Soc. Interface 6:187, with the importance weights and the
// Gaussian perturbation kernel of Beaumont et al. (2009), Biometrika 96:983 (covariance twice
// the previous population's weighted covariance; Filippi et al. 2013 discuss the factor), and
// the adaptive tolerance of Del Moral et al. (2012): each wave's tolerance is a quantile of the
// previous wave's accepted distances. Priors are independent uniforms on [low, high].
// One replication per proposal; the distance between a replication and the targets is
//   d = sqrt( (1/n) * sum_i ((simulated_i - observed_i) / sd_i)^2 ),
// so d is in standard deviations of the records. Wave 0 accepts its first `particles` prior
// draws (tolerance infinite).
//
// Determinism: every draw comes from a counter-based stream keyed by (seed, wave, purpose
// calibration, proposal index), proposals run in batches whose size depends only on earlier
// results, and within a batch they are accepted in index order, so the sample is the same for
// any number of threads.

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/targets.hpp"
#include "scenarios/scenario.hpp"
#include "sim/params.hpp"

namespace caremarket::analysis {

/// A varied key with its uniform prior on [low, high] (low < high). Integer keys are proposed
/// on the continuum and rounded to the nearest whole number when applied.
struct Prior {
  std::string key;
  double low = 0.0;
  double high = 1.0;
  bool integer = false;
  std::string low_text;  // the ends as typed ("0.0000001"), for messages; empty: format_number
  std::string high_text;
};

/// An end of a prior as its --vary typed it (format_number of it where it was not typed).
std::string prior_end_text(const Prior& prior, bool high);

/// Parses "KEY=LOW..HIGH" (numbers, LOW < HIGH); throws std::invalid_argument naming the problem.
Prior parse_prior(const std::string& text);

/// Checks priors against the scenario's numeric parameters (scenarios::numeric_parameters): the
/// key must be one, and [low, high] must lie in its valid range. Sets `integer`. Returns every
/// problem as a message (empty: all good). A key given twice is the caller's to refuse (the
/// calibrate command does so as it reads each --vary, before the scenario loads).
std::vector<std::string> resolve_priors(std::vector<Prior>& priors, const scenarios::Scenario& s);

/// The --set overrides of a parameter set: KEY=VALUE per prior, integers without a point.
std::vector<std::string> parameter_sets(const std::vector<Prior>& priors,
                                        const std::vector<double>& applied);

/// The value a parameter set applies for a prior: rounded for integer keys.
double applied_value(const Prior& prior, double theta);

struct AbcSmcOptions {
  std::int64_t particles = 200;      // population size N
  int waves = 4;                     // populations, wave 0 from the prior included
  double quantile = 0.5;             // next tolerance: this quantile of the accepted distances
  std::int64_t max_simulations = 0;  // proposals allowed in all (0: 40 x particles x waves)
  std::uint64_t seed = 1;
  int threads = 0;  // 0: all cores
  /// Asked between and during batches; true stops the calibration (the result is then partial
  /// and must not be written).
  std::function<bool()> cancelled;
  /// After each batch: the wave, particles accepted in it, simulations spent in all.
  std::function<void(int wave, std::int64_t accepted, std::int64_t simulations)> progress;
};

/// Builds the engine's parameters for the applied values of a parameter set, one value per
/// prior in order. Called on the calling thread only, so it may read files.
using ModelFor = std::function<sim::ModelParams(const std::vector<double>& applied)>;

/// A ModelFor that loads `scenario` with `sets`, then the parameter set's overrides, and keeps
/// `run` (seed, dates) and the geography of `base`. Throws scenarios::ScenarioError if a value
/// is refused.
ModelFor scenario_model_for(std::string scenario, std::vector<std::string> sets,
                            std::vector<Prior> priors, const scenarios::Scenario& base);

struct Particle {
  std::vector<double> theta;      // proposed values, one per prior (unrounded)
  double weight = 0.0;            // normalised: the population's weights sum to 1
  double distance = 0.0;          // of the replication that accepted it
  std::vector<double> simulated;  // that replication's value of each target
};

struct WaveRecord {
  int wave = 0;
  double tolerance = 0.0;  // +inf for wave 0
  std::int64_t proposed = 0;
  std::int64_t accepted = 0;
  double ess = 0.0;  // effective sample size, 1 / sum(w^2)
};

struct AbcSmcResult {
  std::vector<Particle> particles;  // the last complete population
  std::vector<WaveRecord> waves;    // the complete waves
  /// Posterior predictive: one new replication per particle of the last population,
  /// [particle][target].
  std::vector<std::vector<double>> predictive;
  std::int64_t simulations = 0;   // replications run, the predictive ones included
  bool budget_exhausted = false;  // a wave could not be completed within max_simulations
  bool cancelled = false;
};

/// The distance above, between one replication's values and the targets; held-out targets
/// (Target::held_out) are left out of it.
double target_distance(const std::vector<Target>& targets, const std::vector<double>& simulated);

/// Runs ABC-SMC on the targets not held out; the posterior predictive covers all of them, so a
/// held-out target is a prediction checked against its record. Throws std::invalid_argument
/// for no priors, no target to fit, particles < 2, waves < 1 or a quantile outside (0, 1).
AbcSmcResult run_abc_smc(const std::vector<Prior>& priors, const std::vector<Target>& targets,
                         const ModelFor& model_for, const AbcSmcOptions& options);

/// The q-quantile of values with weights (the smallest value whose cumulative weight reaches q
/// of the total).
double weighted_quantile(std::vector<double> values, std::vector<double> weights, double q);

/// What `run --parameters` would refuse in the parameters.csv write_parameters_csv writes of
/// `result`: analysis::check_sample_keys of its rows against `scenario` (the calibrated scenario
/// with its --set), each "FILE:LINE: column 'KEY': why", `file` naming the file; empty when it
/// takes the file. A prior that can give a silent group people may draw 0 in every particle
/// kept, and then the group's other keys move nothing.
std::vector<std::string> parameters_csv_faults(const std::vector<Prior>& priors,
                                               const AbcSmcResult& result,
                                               const scenarios::Scenario& scenario,
                                               const std::string& file);

/// parameters.csv: particle,weight,<key>...,distance; one row per particle, applied values.
void write_parameters_csv(std::ostream& out, const std::vector<Prior>& priors,
                          const AbcSmcResult& result);
/// posterior.csv: per key its prior, weighted posterior mean, sd, p05, p50, p95 and
/// width_ratio = (p95 - p05) / (0.9 (high - low)), 1 for an uninformed key.
void write_posterior_csv(std::ostream& out, const std::vector<Prior>& priors,
                         const AbcSmcResult& result);
/// targets.csv: per target its role (fitted or held_out), the record, the posterior predictive
/// mean, p05, p95 and z = (mean - observed) / sd, and whether the observed value lies in
/// [p05, p95].
void write_target_diagnostics_csv(std::ostream& out, const std::vector<Target>& targets,
                                  const AbcSmcResult& result);
/// waves.csv: wave,tolerance,proposed,accepted,acceptance_rate,ess.
void write_waves_csv(std::ostream& out, const AbcSmcResult& result);

}  // namespace caremarket::analysis
