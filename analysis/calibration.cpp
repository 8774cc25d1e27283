#include "analysis/calibration.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <stdexcept>

#include "analysis/parameter_sample.hpp"
#include "analysis/range_text.hpp"
#include "geography/table.hpp"
#include "results/format.hpp"
#include "scenarios/parameter_list.hpp"
#include "scenarios/suggest.hpp"
#include "scenarios/toml_reader.hpp"
#include "scenarios/toml_scenario.hpp"
#include "sim/ensemble.hpp"
#include "sim/random.hpp"

namespace caremarket::analysis {

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();
// The posterior predictive replications' "wave" in their replication index.
constexpr std::uint64_t predictive_wave = 0xFFFF;

std::uint64_t replication_index(std::uint64_t wave, std::uint64_t k) {
  return (wave << 32) + k;
}

/// Lower Cholesky factor of a symmetric matrix (row-major, p x p); false if not positive
/// definite.
bool cholesky(std::vector<double> a, std::size_t p, std::vector<double>& l) {
  l.assign(p * p, 0.0);
  for (std::size_t i = 0; i < p; ++i) {
    for (std::size_t j = 0; j <= i; ++j) {
      double s = a[i * p + j];
      for (std::size_t k = 0; k < j; ++k) s -= l[i * p + k] * l[j * p + k];
      if (i == j) {
        if (!(s > 0.0)) return false;
        l[i * p + i] = std::sqrt(s);
      } else {
        l[i * p + j] = s / l[j * p + j];
      }
    }
  }
  return true;
}

/// The perturbation kernel of Beaumont et al. (2009): N(0, 2 x weighted covariance), as its
/// Cholesky factor. A key whose values have collapsed gets a small floor on its variance
/// (1e-8 of its prior range squared) so the factor exists.
std::vector<double> kernel_factor(const std::vector<Particle>& pop,
                                  const std::vector<Prior>& priors) {
  const std::size_t p = priors.size();
  std::vector<double> mean(p, 0.0);
  for (const Particle& x : pop)
    for (std::size_t i = 0; i < p; ++i) mean[i] += x.weight * x.theta[i];
  std::vector<double> cov(p * p, 0.0);
  for (const Particle& x : pop)
    for (std::size_t i = 0; i < p; ++i)
      for (std::size_t j = 0; j < p; ++j)
        cov[i * p + j] += x.weight * (x.theta[i] - mean[i]) * (x.theta[j] - mean[j]);
  for (double& c : cov) c *= 2.0;
  std::vector<double> l;
  for (double floor = 1e-8;; floor *= 100.0) {
    std::vector<double> a = cov;
    for (std::size_t i = 0; i < p; ++i) {
      const double range = priors[i].high - priors[i].low;
      a[i * p + i] = std::max(a[i * p + i], 0.0) + floor * range * range;
    }
    if (cholesky(a, p, l)) return l;
  }
}

/// -0.5 x the squared Mahalanobis distance of d under the factor l: the kernel's log density up
/// to a constant shared by every particle.
double log_kernel(const std::vector<double>& l, std::size_t p, const std::vector<double>& d) {
  std::vector<double> z(p);
  double q = 0.0;
  for (std::size_t i = 0; i < p; ++i) {
    double s = d[i];
    for (std::size_t k = 0; k < i; ++k) s -= l[i * p + k] * z[k];
    z[i] = s / l[i * p + i];
    q += z[i] * z[i];
  }
  return -0.5 * q;
}

bool inside(const std::vector<Prior>& priors, const std::vector<double>& theta) {
  for (std::size_t i = 0; i < priors.size(); ++i) {
    if (theta[i] < priors[i].low || theta[i] > priors[i].high) return false;
  }
  return true;
}

void normalise(std::vector<Particle>& pop) {
  double total = 0.0;
  for (const Particle& x : pop) total += x.weight;
  for (Particle& x : pop) x.weight /= total;
}

double ess(const std::vector<Particle>& pop) {
  double s = 0.0;
  for (const Particle& x : pop) s += x.weight * x.weight;
  return 1.0 / s;
}

std::vector<double> applied(const std::vector<Prior>& priors, const std::vector<double>& theta) {
  std::vector<double> v(theta.size());
  for (std::size_t i = 0; i < theta.size(); ++i) v[i] = applied_value(priors[i], theta[i]);
  return v;
}

/// Runs one replication per model on the ensemble (so on every MPI rank's threads when the job
/// is distributed): model k runs as replication replications[0] + k, and replications must be
/// consecutive. out[k] is empty if the run was cancelled before model k was consumed.
std::vector<std::vector<double>> simulate(const std::vector<sim::ModelParams>& models,
                                          const std::vector<std::uint64_t>& replications,
                                          const std::vector<Target>& targets,
                                          const AbcSmcOptions& o) {
  std::vector<std::vector<double>> out(models.size());
  if (models.empty()) return out;
  const auto first = static_cast<std::int64_t>(replications.front());
  for (std::size_t k = 0; k < replications.size(); ++k) {
    if (replications[k] != replications.front() + k)
      throw std::logic_error("calibration: replication indices of a batch must be consecutive");
  }
  sim::EnsembleOptions ensemble;
  ensemble.first_replication = first;
  ensemble.replications = static_cast<std::int64_t>(models.size());
  ensemble.threads = o.threads;
  ensemble.cancelled = o.cancelled;
  ensemble.params_for = [&models, first](std::int64_t r) -> const sim::ModelParams& {
    return models[static_cast<std::size_t>(r - first)];
  };
  std::size_t next = 0;
  sim::run_ensemble(models.front(), ensemble, [&](sim::ReplicationResult&& res) {
    std::vector<double> v;
    v.reserve(targets.size());
    for (const Target& t : targets) v.push_back(simulated_value(t, res.metrics));
    out[next++] = std::move(v);
  });
  return out;
}

}  // namespace

Prior parse_prior(const std::string& text) {
  const auto eq = scenarios::key_value_split(text);
  const auto dots = text.find("..", eq == std::string::npos ? 0 : eq);
  if (eq == std::string::npos || scenarios::trimmed(text.substr(0, eq)).empty() ||
      dots == std::string::npos) {
    throw std::invalid_argument("--vary takes KEY=LOW..HIGH, found '" + text + "'");
  }
  Prior p;
  p.key = scenarios::plain_key(text.substr(0, eq));
  const std::string low = scenarios::trimmed(text.substr(eq + 1, dots - eq - 1));
  const std::string high = scenarios::trimmed(text.substr(dots + 2));
  if (const std::string shape = range_shape_fault(low, high, "values"); !shape.empty()) {
    throw std::invalid_argument("--vary " + p.key + ": '" + text.substr(eq + 1) + "' " + shape +
                                ": a range is LOW..HIGH, two numbers and two dots (e.g. 0..0.15)");
  }
  // Read as a data file's numbers are: decimal, finite, within a double's range.
  const auto number = [&](const std::string& s) {
    const std::optional<double> v = geography::parse_number(s);
    if (!v) throw std::invalid_argument("--vary " + p.key + ": " + geography::number_fault(s));
    return *v;
  };
  p.low = number(low);
  p.high = number(high);
  p.low_text = low;
  p.high_text = high;
  if (!(p.low < p.high)) {
    throw std::invalid_argument("--vary " + p.key + ": LOW must be below HIGH in '" + text + "'");
  }
  // The results files write numbers in 12 significant digits: ends alike in those would be one
  // value in posterior.csv (and its report refused), and a range no wider moves nothing.
  if (results::format_number(p.low) == results::format_number(p.high)) {
    throw std::invalid_argument("--vary " + p.key +
                                ": LOW and HIGH are the same to 12 significant "
                                "digits, as the results write them (" +
                                results::format_number(p.low) + "), in '" + text +
                                "'; give a wider range");
  }
  return p;
}

std::string prior_end_text(const Prior& prior, bool high) {
  const std::string& typed = high ? prior.high_text : prior.low_text;
  return typed.empty() ? results::format_number(high ? prior.high : prior.low) : typed;
}

namespace {
/// The least and the greatest whole number a prior's draws round to (applied_value), ends
/// left out: a draw from the range never hits one, so 1.6..2.5 gives 2 only, 0..0.5 gives 0.
std::pair<double, double> drawn_whole_numbers(const Prior& prior) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  return {std::round(std::nextafter(prior.low, inf)), std::round(std::nextafter(prior.high, -inf))};
}
}  // namespace

std::vector<std::string> resolve_priors(std::vector<Prior>& priors,
                                        const scenarios::Scenario& base) {
  std::vector<std::string> prior_keys;
  for (const Prior& prior : priors) prior_keys.push_back(prior.key);
  // A silent group's people or referrals among the priors let its other keys be taken, where
  // the prior can give it some: a whole number (its people) is rounded (applied_value), so a
  // range 0..0.4 gives every particle 0 and starts nothing.
  std::vector<std::string> starting;
  {
    const auto listed =
        scenarios::numeric_parameters(scenarios::with_groups_keys_start(base, prior_keys));
    for (const Prior& prior : priors) {
      const auto it = std::find_if(listed.begin(), listed.end(),
                                   [&](const auto& p) { return p.key == prior.key; });
      const bool whole = it != listed.end() && it->integer;
      if ((whole ? drawn_whole_numbers(prior).second : prior.high) > 0.0)
        starting.push_back(prior.key);
    }
  }
  const scenarios::Scenario s = scenarios::with_groups_keys_start(base, starting);
  std::vector<std::string> problems;
  const auto params = scenarios::numeric_parameters(s);
  std::vector<std::string> keys;
  for (const auto& p : params) keys.push_back(p.key);
  for (Prior& prior : priors) {
    const auto it = std::find_if(params.begin(), params.end(),
                                 [&](const auto& p) { return p.key == prior.key; });
    // A number sweep's --vary may set too (a derived group's referrals, a district's entry).
    std::string refusal;
    std::optional<scenarios::NumericParameter> settable;
    if (it == params.end()) settable = scenarios::settable_number(s, prior.key, &refusal);
    const scenarios::NumericParameter* found = it != params.end() ? &*it
                                               : settable         ? &*settable
                                                                  : nullptr;
    // A key of a silent group, said beside a prior of the group's people that gives it none.
    const auto silent_note = [&]() -> std::string {
      if (!scenarios::silent_group_reason(s, prior.key)) return {};
      const std::vector<std::string> parts = scenarios::key_parts(prior.key);
      if (parts.size() < 4) return {};
      const std::string people = parts[0] + "." + parts[1] + "." + parts[2] + ".initial_people";
      for (const Prior& other : priors) {
        if (other.key == people && other.key != prior.key &&
            std::find(starting.begin(), starting.end(), other.key) == starting.end())
          return "; the prior of " + other.key + ", " + prior_end_text(other, false) + ".." +
                 prior_end_text(other, true) + ", gives it 0 people in every particle";
      }
      return {};
    };
    if (!refusal.empty()) {
      problems.push_back("--vary " + prior.key + ": " + refusal + silent_note());
      continue;
    }
    const auto one_whole_number = [&](const Prior& p) {
      const double n = drawn_whole_numbers(p).first;
      const bool ends = std::round(p.low) != n || std::round(p.high) != n;
      return "--vary " + p.key + ": the key is a whole number and every value of the range " +
             prior_end_text(p, false) + ".." + prior_end_text(p, true) +
             (ends ? " but an end (which a draw does not hit)" : "") + " rounds to " +
             results::format_number(n) +
             ", so it would not vary; give a range over at least two whole numbers";
    };
    // A silent group's people whose prior gives it none: said as any whole number's range
    // that does not vary (below), not as a key of a silent group.
    if (found == nullptr && prior.key.ends_with(".initial_people") &&
        std::find(starting.begin(), starting.end(), prior.key) == starting.end() &&
        scenarios::silent_group_reason(s, prior.key)) {
      problems.push_back(one_whole_number(prior));
      continue;
    }
    if (const auto reason =
            found == nullptr ? scenarios::not_varied_reason(prior.key, &s) : std::nullopt) {
      problems.push_back("--vary " + prior.key + ": " + *reason + silent_note());
      continue;
    }
    if (found == nullptr) {
      std::string m = "--vary " + prior.key + ": not a numeric parameter of the scenario";
      if (const auto c = scenarios::detail::closest(prior.key, keys))
        m += "; did you mean '" + *c + "'?";
      problems.push_back(m + " (caremarket sensitivity SCENARIO --list lists them)");
      continue;
    }
    prior.integer = found->integer;
    // A whole number is each draw rounded (applied_value): a range gives the whole numbers its
    // draws round to, so 0.4..0.6 gives 0 and 1, and 1.2..1.4 only 1.
    if (prior.integer && drawn_whole_numbers(prior).first == drawn_whole_numbers(prior).second) {
      // Each particle's value is rounded: one whole number for the whole range is no prior.
      problems.push_back(one_whole_number(prior));
    }
    if (prior.low < found->valid_min || prior.high > found->valid_max) {
      problems.push_back("--vary " + prior.key + ": the range " + prior_end_text(prior, false) +
                         ".." + prior_end_text(prior, true) + " leaves the key's valid range [" +
                         results::format_number(found->valid_min) + ", " +
                         results::format_number(found->valid_max) + "]");
    }
  }
  return problems;
}

std::vector<std::string> parameter_sets(const std::vector<Prior>& priors,
                                        const std::vector<double>& values) {
  std::vector<std::string> sets;
  for (std::size_t i = 0; i < priors.size(); ++i) {
    scenarios::NumericParameter p;
    p.key = priors[i].key;
    p.integer = priors[i].integer;
    sets.push_back(p.key + "=" + scenarios::set_value_text(p, values[i]));
  }
  return sets;
}

ModelFor scenario_model_for(std::string scenario, std::vector<std::string> sets,
                            std::vector<Prior> priors, const scenarios::Scenario& base) {
  auto graph =
      std::make_shared<const geography::DistrictGraph>(scenarios::load_scenario_geography(base));
  return [scenario = std::move(scenario), sets = std::move(sets), priors = std::move(priors),
          run = base.run, graph](const std::vector<double>& values) {
    std::vector<std::string> all = sets;
    for (std::string& s : parameter_sets(priors, values)) all.push_back(std::move(s));
    scenarios::Scenario s = scenarios::load_scenario(scenario, all);
    s.run = run;
    return scenarios::build_model(s, *graph);
  };
}

double applied_value(const Prior& prior, double theta) {
  return prior.integer ? std::round(theta) : theta;
}

double target_distance(const std::vector<Target>& targets, const std::vector<double>& simulated) {
  double s = 0.0;
  std::size_t fitted = 0;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (targets[i].held_out) continue;
    const double z = (simulated[i] - targets[i].observed) / targets[i].sd;
    s += z * z;
    ++fitted;
  }
  return std::sqrt(s / static_cast<double>(fitted));
}

double weighted_quantile(std::vector<double> values, std::vector<double> weights, double q) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  double cum = 0.0;
  for (const std::size_t i : order) {
    cum += weights[i];
    if (cum >= q * total) return values[i];
  }
  return values[order.back()];
}

AbcSmcResult run_abc_smc(const std::vector<Prior>& priors, const std::vector<Target>& targets,
                         const ModelFor& model_for, const AbcSmcOptions& o) {
  if (priors.empty()) throw std::invalid_argument("calibrate: no key to vary");
  if (std::all_of(targets.begin(), targets.end(), [](const Target& t) { return t.held_out; }))
    throw std::invalid_argument("calibrate: every target is held out; none is left to fit");
  if (o.particles < 2) throw std::invalid_argument("calibrate: at least 2 particles");
  if (o.waves < 1) throw std::invalid_argument("calibrate: at least 1 wave");
  if (!(o.quantile > 0.0 && o.quantile < 1.0))
    throw std::invalid_argument("calibrate: the tolerance quantile must lie in (0, 1)");
  const std::size_t p = priors.size();
  const auto n = static_cast<std::size_t>(o.particles);
  const std::int64_t budget =
      o.max_simulations > 0 ? o.max_simulations : 40 * o.particles * o.waves;
  AbcSmcResult result;
  std::vector<Particle> previous;
  double tolerance = infinity;
  double rate = 1.0;  // acceptance rate of the previous wave, to size batches
  for (int wave = 0; wave < o.waves; ++wave) {
    std::vector<double> factor;
    if (wave > 0) factor = kernel_factor(previous, priors);
    std::vector<double> prev_weights;
    for (const Particle& x : previous) prev_weights.push_back(x.weight);
    std::vector<Particle> population;
    std::int64_t proposed = 0;  // simulated, the batch's unused tail included (sizes batches)
    std::int64_t examined = 0;  // proposals judged until the N-th acceptance (waves.csv)
    while (population.size() < n) {
      const std::int64_t left = budget - result.simulations;
      if (left <= 0) {
        result.budget_exhausted = true;
        break;
      }
      const auto remaining = static_cast<double>(n - population.size());
      const auto batch = static_cast<std::int64_t>(
          std::min<double>({std::ceil(1.1 * remaining / std::max(rate, 0.02)),
                            static_cast<double>(left), 2.0 * static_cast<double>(n)}));
      // Propose, on the calling thread: each proposal from its own stream.
      std::vector<std::vector<double>> thetas;
      std::vector<sim::ModelParams> models;
      std::vector<std::uint64_t> replications;
      for (std::int64_t b = 0; b < batch; ++b) {
        const auto k = static_cast<std::uint64_t>(proposed + b);
        sim::RandomStream rng(o.seed, static_cast<std::uint64_t>(wave),
                              sim::StreamPurpose::calibration, k);
        std::vector<double> theta(p);
        if (wave == 0) {
          for (std::size_t i = 0; i < p; ++i)
            theta[i] = priors[i].low + (priors[i].high - priors[i].low) * rng.uniform();
        } else {
          // Resample a particle by weight and perturb it until the prior allows the result
          // (Toni et al. 2009, step S2.1).
          for (int attempt = 0;; ++attempt) {
            const std::vector<double>& base = previous[sim::draw_weighted(rng, prev_weights)].theta;
            std::vector<double> z(p);
            for (std::size_t i = 0; i < p; ++i) z[i] = sim::draw_standard_normal(rng);
            for (std::size_t i = 0; i < p; ++i) {
              theta[i] = base[i];
              for (std::size_t j = 0; j <= i; ++j) theta[i] += factor[i * p + j] * z[j];
            }
            if (inside(priors, theta)) break;
            if (attempt == 10000) {
              theta = base;  // the kernel never lands inside: keep the particle as it was
              break;
            }
          }
        }
        models.push_back(model_for(applied(priors, theta)));
        thetas.push_back(std::move(theta));
        replications.push_back(replication_index(static_cast<std::uint64_t>(wave), k));
      }
      const auto simulated = simulate(models, replications, targets, o);
      if (o.cancelled && o.cancelled()) {
        result.cancelled = true;
        return result;
      }
      // Accept in index order: the same particles whatever the thread count. The proposals of
      // the batch after the N-th acceptance are spent but unused.
      result.simulations += batch;
      proposed += batch;
      for (std::int64_t b = 0; b < batch && population.size() < n; ++b) {
        ++examined;
        const auto bi = static_cast<std::size_t>(b);
        const double d = target_distance(targets, simulated[bi]);
        if (!(d <= tolerance)) continue;
        Particle x;
        x.theta = thetas[bi];
        x.distance = d;
        x.simulated = simulated[bi];
        if (wave == 0) {
          x.weight = 1.0;
        } else {
          // Importance weight: prior density (constant inside the box) over the proposal
          // density sum_j w_j K(theta | theta_j) (Beaumont et al. 2009), by log-sum-exp.
          std::vector<double> logs(previous.size());
          std::vector<double> diff(p);
          double top = -infinity;
          for (std::size_t j = 0; j < previous.size(); ++j) {
            for (std::size_t i = 0; i < p; ++i) diff[i] = x.theta[i] - previous[j].theta[i];
            logs[j] = std::log(previous[j].weight) + log_kernel(factor, p, diff);
            top = std::max(top, logs[j]);
          }
          double s = 0.0;
          for (const double v : logs) s += std::exp(v - top);
          x.weight = std::exp(-(top + std::log(s)));
        }
        population.push_back(std::move(x));
      }
      if (o.progress) {
        o.progress(wave, static_cast<std::int64_t>(population.size()), result.simulations);
      }
    }
    if (result.budget_exhausted) break;
    // Weights are relative; rescale before normalising to keep them finite.
    double top = 0.0;
    for (const Particle& x : population) top = std::max(top, x.weight);
    for (Particle& x : population) x.weight /= top;
    normalise(population);
    WaveRecord record;
    record.wave = wave;
    record.tolerance = tolerance;
    record.proposed = examined;
    record.accepted = static_cast<std::int64_t>(population.size());
    record.ess = ess(population);
    result.waves.push_back(record);
    rate = static_cast<double>(population.size()) / static_cast<double>(proposed);
    std::vector<double> distances;
    for (const Particle& x : population) distances.push_back(x.distance);
    std::vector<double> ones(distances.size(), 1.0);
    tolerance = weighted_quantile(distances, ones, o.quantile);
    previous = std::move(population);
  }
  result.particles = std::move(previous);
  if (result.particles.empty()) return result;
  // Posterior predictive: one new replication per particle, on its own stream.
  std::vector<sim::ModelParams> models;
  std::vector<std::uint64_t> replications;
  for (std::size_t i = 0; i < result.particles.size(); ++i) {
    models.push_back(model_for(applied(priors, result.particles[i].theta)));
    replications.push_back(replication_index(predictive_wave, i));
  }
  result.predictive = simulate(models, replications, targets, o);
  if (o.cancelled && o.cancelled()) {
    result.cancelled = true;
    return result;
  }
  result.simulations += static_cast<std::int64_t>(models.size());
  return result;
}

std::vector<std::string> parameters_csv_faults(const std::vector<Prior>& priors,
                                               const AbcSmcResult& result,
                                               const scenarios::Scenario& scenario,
                                               const std::string& file) {
  ParameterSample sample;
  sample.file = file;
  for (const Prior& p : priors) sample.keys.push_back(p.key);
  for (std::size_t i = 0; i < result.particles.size(); ++i) {
    const Particle& x = result.particles[i];
    sample.weights.push_back(x.weight);
    std::vector<double> row;
    for (std::size_t k = 0; k < priors.size(); ++k)
      row.push_back(applied_value(priors[k], x.theta[k]));
    sample.values.push_back(std::move(row));
    sample.lines.push_back(i + 2);  // after the header, one line a particle
  }
  return check_sample_keys(sample, scenario);
}

void write_parameters_csv(std::ostream& out, const std::vector<Prior>& priors,
                          const AbcSmcResult& result) {
  using results::csv_field;
  using results::format_number;
  out << "particle,weight";
  for (const Prior& p : priors) out << ',' << csv_field(p.key);
  out << ",distance\n";
  for (std::size_t i = 0; i < result.particles.size(); ++i) {
    const Particle& x = result.particles[i];
    out << i + 1 << ',' << format_number(x.weight);
    for (std::size_t k = 0; k < priors.size(); ++k)
      out << ',' << format_number(applied_value(priors[k], x.theta[k]));
    out << ',' << format_number(x.distance) << '\n';
  }
}

void write_posterior_csv(std::ostream& out, const std::vector<Prior>& priors,
                         const AbcSmcResult& result) {
  using results::csv_field;
  using results::format_number;
  out << "key,prior_low,prior_high,mean,sd,p05,p50,p95,width_ratio\n";
  std::vector<double> w;
  for (const Particle& x : result.particles) w.push_back(x.weight);
  for (std::size_t k = 0; k < priors.size(); ++k) {
    std::vector<double> v;
    for (const Particle& x : result.particles) v.push_back(applied_value(priors[k], x.theta[k]));
    double mean = 0.0, var = 0.0;
    for (std::size_t i = 0; i < v.size(); ++i) mean += w[i] * v[i];
    for (std::size_t i = 0; i < v.size(); ++i) var += w[i] * (v[i] - mean) * (v[i] - mean);
    const double p05 = weighted_quantile(v, w, 0.05);
    const double p95 = weighted_quantile(v, w, 0.95);
    // The prior's own 90% interval as applied, so that 1 means "no narrower than the prior"
    // for whole-number keys too (their values are rounded, which widens the interval).
    const Prior& pr = priors[k];
    const double prior_width = applied_value(pr, pr.low + 0.95 * (pr.high - pr.low)) -
                               applied_value(pr, pr.low + 0.05 * (pr.high - pr.low));
    out << csv_field(priors[k].key) << ',' << format_number(priors[k].low) << ','
        << format_number(priors[k].high) << ',' << format_number(mean) << ','
        << format_number(std::sqrt(var)) << ',' << format_number(p05) << ','
        << format_number(weighted_quantile(v, w, 0.5)) << ',' << format_number(p95) << ','
        << format_number(prior_width > 0.0 ? (p95 - p05) / prior_width : 0.0) << '\n';
  }
}

void write_target_diagnostics_csv(std::ostream& out, const std::vector<Target>& targets,
                                  const AbcSmcResult& result) {
  using results::csv_field;
  using results::format_number;
  out << "metric,service,area,date,role,observed,sd,simulated_mean,simulated_p05,simulated_p95,"
         "z,inside_90,source\n";
  std::vector<double> w;
  for (const Particle& x : result.particles) w.push_back(x.weight);
  for (std::size_t t = 0; t < targets.size(); ++t) {
    std::vector<double> v;
    for (const auto& row : result.predictive) v.push_back(row[t]);
    double mean = 0.0;
    for (std::size_t i = 0; i < v.size(); ++i) mean += w[i] * v[i];
    const double p05 = weighted_quantile(v, w, 0.05);
    const double p95 = weighted_quantile(v, w, 0.95);
    const Target& x = targets[t];
    out << csv_field(x.metric) << ',' << sim::to_string(x.service) << ',' << csv_field(x.area)
        << ',' << csv_field(x.date) << ',' << (x.held_out ? "held_out" : "fitted") << ','
        << format_number(x.observed) << ',' << format_number(x.sd) << ',' << format_number(mean)
        << ',' << format_number(p05) << ',' << format_number(p95) << ','
        << format_number((mean - x.observed) / x.sd) << ','
        << (x.observed >= p05 && x.observed <= p95 ? "true" : "false") << ',' << csv_field(x.source)
        << '\n';
  }
}

void write_waves_csv(std::ostream& out, const AbcSmcResult& result) {
  using results::format_number;
  out << "wave,tolerance,proposed,accepted,acceptance_rate,ess\n";
  for (const WaveRecord& w : result.waves) {
    out << w.wave << ',' << format_number(w.tolerance) << ',' << w.proposed << ',' << w.accepted
        << ',' << format_number(static_cast<double>(w.accepted) / static_cast<double>(w.proposed))
        << ',' << format_number(w.ess) << '\n';
  }
}

}  // namespace caremarket::analysis
