#include "analysis/sensitivity.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <tuple>
#include <utility>

#include "analysis/paired.hpp"
#include "results/format.hpp"
#include "results/kpis.hpp"
#include "scenarios/toml_scenario.hpp"
#include "sim/ensemble.hpp"
#include "sim/random.hpp"

namespace caremarket::analysis {

namespace {

/// How an end of a range came from the key's value, as parameter_ranges made it (its
/// EndMade): value x (1 - swing) or x (1 + swing) (the low end of a negative value is the
/// second), then what became of that product. E.g. "its value 450 x (1 + --swing 0.25)", or
/// "its value 799001 x (1 + --swing 0.25) is 998751.25, rounded to a whole number".
std::string end_origin(const ParameterRange& r, bool low, double swing) {
  const scenarios::NumericParameter& p = r.parameter;
  const double minus = p.value * (1.0 - swing), plus = p.value * (1.0 + swing);
  const bool from_minus = low == (minus <= plus);
  std::string text = "its value " + results::format_number(p.value) + " x (1 " +
                     (from_minus ? "-" : "+") + " --swing " + results::format_number(swing) + ")";
  const EndMade made = low ? r.low_made : r.high_made;
  if (made == EndMade::product) return text;
  text += " is " + results::format_number(from_minus ? minus : plus) + ", ";
  switch (made) {
    case EndMade::held:
      return text + "held at the " + (low ? "least" : "most") + " value the key takes";
    case EndMade::one_step:
      return text + "taken 1 " + (low ? "below" : "above") + " the value, a count's least step";
    case EndMade::rounded:
      return text + "rounded to a whole number";
    case EndMade::product:
      break;
  }
  return text;
}

/// An end of parameter p's range: the product `made` held within p's valid range and, for a
/// count, rounded to a whole number at least 1 from the value (`low`: below it) and held again;
/// with how it was made.
std::pair<double, EndMade> range_end(const scenarios::NumericParameter& p, double made, bool low) {
  // The range holds the value itself, even one past where an open bound is held (a yearly
  // rate of -0.9999999999999 against a hold at -0.999999999999).
  const double least = std::min(p.valid_min, p.value), most = std::max(p.valid_max, p.value);
  const double within = std::clamp(made, least, most);
  if (!p.integer) return {within, within == made ? EndMade::product : EndMade::held};
  const double rounded = std::round(within);
  const double stepped = low ? std::min(rounded, p.value - 1.0) : std::max(rounded, p.value + 1.0);
  const double end = std::clamp(stepped, least, most);
  // The first step that changed the end, in this order: the hold, the least step, rounding.
  if (end != stepped) return {end, EndMade::held};
  if (stepped != rounded) return {end, EndMade::one_step};
  if (within != made) return {end, EndMade::held};
  return {end, rounded == made ? EndMade::product : EndMade::rounded};
}

constexpr std::uint64_t morris_purpose = 2000;
constexpr double morris_delta = 2.0 / 3.0;

/// What an evaluation runs: the scenario with the overrides, on the analysis's seed and
/// replication count (common random numbers across every evaluation), and its model.
struct EvaluationInput {
  scenarios::Scenario scenario;
  sim::ModelParams model;
};
EvaluationInput load_evaluation(const std::string& scenario, const std::vector<std::string>& sets,
                                const SensitivityOptions& o, std::uint64_t seed) {
  EvaluationInput e{scenarios::load_scenario(scenario, sets), {}};
  e.scenario.run.seed = seed;
  e.scenario.run.replications = o.replications;
  e.model = scenarios::build_model(e.scenario, scenarios::load_scenario_geography(e.scenario));
  return e;
}

/// Each headline KPI of replications first .. first + count - 1 of the scenario with the given
/// overrides: count rows of sensitivity_kpis().size() values, replication by replication.
std::vector<double> evaluate_replications(const std::string& scenario,
                                          const std::vector<std::string>& sets,
                                          const SensitivityOptions& o, std::uint64_t seed,
                                          std::int64_t first, std::int64_t count) {
  const EvaluationInput evaluation = load_evaluation(scenario, sets, o, seed);
  const scenarios::Scenario& s = evaluation.scenario;
  const sim::ModelParams& p = evaluation.model;
  const std::vector<std::size_t> kpis = sensitivity_kpis();
  std::vector<double> values;
  values.reserve(static_cast<std::size_t>(count) * kpis.size());
  sim::EnsembleOptions e;
  e.replications = count;
  e.first_replication = first;
  e.threads = o.threads;
  SampledModels sampled;
  if (o.sample != nullptr) {
    sampled = SampledModels(*o.sample, s, p.run, first, count);
    e.params_for = [&sampled](std::int64_t r) -> const sim::ModelParams& { return sampled(r); };
  }
  const auto table = results::kpi_table();
  sim::run_ensemble(p, e, [&](sim::ReplicationResult&& r) {
    for (const std::size_t k : kpis) values.push_back(results::compute_kpi(table[k], r));
  });
  return values;
}

/// One evaluation of a round: the scenario with these overrides, replications first ..
/// first + count - 1.
struct RoundEvaluation {
  std::vector<std::string> sets;
  std::int64_t first = 0;
  std::int64_t count = 0;
};

/// evaluate_replications of every evaluation, in order. Run on this process alone, the
/// evaluations' models are built side by side and every (evaluation, replication) is one task
/// on o.threads threads: a round of many small ensembles (5 replications each) keeps every
/// core busy to its end, where one ensemble after another left a core idle at the end of
/// each. Each replication is a pure function of its model and index and each value has its
/// place, so the values are those of evaluate_replications. Under a distributed runner (MPI),
/// one ensemble after another, which it deals out to the ranks.
std::vector<std::vector<double>> evaluate_round(const std::string& scenario,
                                                const std::vector<RoundEvaluation>& evaluations,
                                                const SensitivityOptions& o, std::uint64_t seed) {
  std::vector<std::vector<double>> out(evaluations.size());
  if (!sim::ensemble_runs_locally()) {
    for (std::size_t j = 0; j < evaluations.size(); ++j) {
      const RoundEvaluation& e = evaluations[j];
      out[j] = evaluate_replications(scenario, e.sets, o, seed, e.first, e.count);
    }
    return out;
  }
  const std::vector<std::size_t> kpis = sensitivity_kpis();
  const auto table = results::kpi_table();
  std::vector<sim::ModelParams> models(evaluations.size());
  std::vector<SampledModels> sampled(evaluations.size());
  // (evaluation, replication) for every task, evaluation by evaluation.
  std::vector<std::pair<std::size_t, std::int64_t>> tasks;
  for (std::size_t j = 0; j < evaluations.size(); ++j) {
    out[j].assign(static_cast<std::size_t>(evaluations[j].count) * kpis.size(), 0.0);
    for (std::int64_t r = 0; r < evaluations[j].count; ++r)
      tasks.emplace_back(j, evaluations[j].first + r);
  }
  sim::run_tasks(evaluations.size(), o.threads, [&](std::size_t j) {
    EvaluationInput e = load_evaluation(scenario, evaluations[j].sets, o, seed);
    models[j] = std::move(e.model);
    // Only the rows of the round's replications: an end runs a batch at a time.
    if (o.sample != nullptr) {
      sampled[j] = SampledModels(*o.sample, e.scenario, models[j].run, evaluations[j].first,
                                 evaluations[j].count);
    }
  });
  sim::run_tasks(tasks.size(), o.threads, [&](std::size_t t) {
    const auto [j, r] = tasks[t];
    const sim::ReplicationResult result =
        sim::run_replication(o.sample != nullptr ? sampled[j](r) : models[j], r);
    double* row = out[j].data() + static_cast<std::size_t>(r - evaluations[j].first) * kpis.size();
    for (std::size_t k = 0; k < kpis.size(); ++k)
      row[k] = results::compute_kpi(table[kpis[k]], result);
  });
  return out;
}

/// Mean of each headline KPI over the first o.replications replications, summed in order.
std::vector<double> evaluate(const std::string& scenario, const std::vector<std::string>& sets,
                             const SensitivityOptions& o, std::uint64_t seed) {
  const std::size_t width = sensitivity_kpis().size();
  const std::vector<double> values =
      evaluate_replications(scenario, sets, o, seed, 0, o.replications);
  std::vector<double> sums(width, 0.0);
  for (std::size_t i = 0; i < values.size(); ++i) sums[i % width] += values[i];
  for (double& x : sums) x /= static_cast<double>(o.replications);
  return sums;
}

/// KPI k's column of replication-major values.
std::vector<double> kpi_column(const std::vector<double>& values, std::size_t width,
                               std::size_t k) {
  std::vector<double> out;
  out.reserve(values.size() / width);
  for (std::size_t i = k; i < values.size(); i += width) out.push_back(values[i]);
  return out;
}

std::string set_of(const ParameterRange& r, double value) {
  return r.parameter.key + "=" + scenarios::set_value_text(r.parameter, value);
}

/// An override of set_of as a message shows it: KEY=VALUE with the value in 12 significant
/// digits, as --list, the warnings and sensitivity.csv write ends (the value run is the exact
/// one). Another override unchanged.
std::string shown_set(const std::string& set) {
  const auto eq = set.find('=');
  if (eq == std::string::npos) return set;
  double value = 0.0;
  const char* last = set.data() + set.size();
  const auto [end, fault] = std::from_chars(set.data() + eq + 1, last, value);
  if (fault != std::errc{} || end != last) return set;
  return set.substr(0, eq + 1) + results::format_number(value);
}

/// A Morris trajectory: its n + 1 points (each the --set overrides of every parameter's value
/// there) and the parameter each step moves.
struct MorrisTrajectory {
  std::vector<std::vector<std::string>> points;
  std::vector<std::size_t> order;
};

/// Morris (1991) trajectories on a 4-level grid in each parameter's range, delta = 2/3: each
/// starts at a random grid point whose coordinates are 0 or 1/3 (so x + delta stays in [0, 1])
/// and moves the parameters one at a time in a random order.
std::vector<MorrisTrajectory> morris_trajectories(const std::vector<std::string>& sets,
                                                  const SensitivityOptions& o,
                                                  const std::vector<ParameterRange>& ranges) {
  const std::size_t n = ranges.size();
  sim::RandomStream rng(o.morris_seed, 0, static_cast<sim::StreamPurpose>(morris_purpose), 0);
  auto sets_at = [&](const std::vector<double>& point) {
    auto out = sets;
    for (std::size_t i = 0; i < n; ++i)
      out.push_back(set_of(ranges[i], ranges[i].low + point[i] * (ranges[i].high - ranges[i].low)));
    return out;
  };
  std::vector<MorrisTrajectory> out;
  for (int t = 0; t < o.morris_trajectories; ++t) {
    MorrisTrajectory trajectory;
    std::vector<double> x(n);
    for (double& xi : x) xi = sim::draw_index(rng, 2) == 0 ? 0.0 : 1.0 / 3.0;
    trajectory.order.resize(n);
    std::iota(trajectory.order.begin(), trajectory.order.end(), std::size_t{0});
    for (std::size_t i = n; i > 1; --i)
      std::swap(trajectory.order[i - 1], trajectory.order[sim::draw_index(rng, i)]);
    trajectory.points.push_back(sets_at(x));
    for (const std::size_t i : trajectory.order) {
      x[i] += morris_delta;
      trajectory.points.push_back(sets_at(x));
    }
    out.push_back(std::move(trajectory));
  }
  return out;
}

/// Builds every point of every trajectory (with a parameter sample, every row drawn on top);
/// throws ScenarioError for the first point refused, in order, with how many more are.
void check_trajectories(const std::string& scenario, const SensitivityOptions& o,
                        std::uint64_t seed, const std::vector<MorrisTrajectory>& trajectories) {
  std::vector<std::pair<std::size_t, std::size_t>> points;  // (trajectory, point)
  for (std::size_t t = 0; t < trajectories.size(); ++t)
    for (std::size_t k = 0; k < trajectories[t].points.size(); ++k) points.emplace_back(t, k);
  std::vector<std::optional<std::vector<std::string>>> refused(points.size());
  sim::run_tasks(points.size(), o.threads, [&](std::size_t j) {
    const auto [t, k] = points[j];
    try {
      const EvaluationInput input = load_evaluation(scenario, trajectories[t].points[k], o, seed);
      if (o.sample != nullptr)
        static_cast<void>(SampledModels(*o.sample, input.scenario, input.model.run));
    } catch (const scenarios::ScenarioError& e) {
      refused[j] = e.errors();
    }
  });
  const auto first =
      std::find_if(refused.begin(), refused.end(), [](const auto& r) { return r.has_value(); });
  if (first == refused.end()) return;
  const auto [t, k] = points[static_cast<std::size_t>(first - refused.begin())];
  const auto more =
      std::count_if(first + 1, refused.end(), [](const auto& r) { return r.has_value(); });
  std::vector<std::string> lines{
      "Morris trajectory " + std::to_string(t + 1) + "'s point " + std::to_string(k + 1) + " of " +
      std::to_string(trajectories[t].points.size()) +
      " (several parameters moved at once within their ranges) is refused by the scenario" +
      (more > 0 ? ", and " + results::counted(static_cast<long long>(more), "other point") +
                      (more == 1 ? " is" : " are")
                : std::string()) +
      "; narrow --swing, vary fewer keys with --only, or leave out --morris:"};
  for (std::string line : **first) {
    // Its values are the point's, not a --set the user gave.
    for (const std::string& set : trajectories[t].points[k]) {
      const std::string label = "--set " + set + ": ";
      if (line.starts_with(label)) {
        line = "--set " + shown_set(set) + ": " + line.substr(label.size());
        break;
      }
    }
    if (line.starts_with("--set ")) line = "at the point's " + line.substr(6);
    lines.push_back("  " + line);
  }
  throw scenarios::ScenarioError(lines);
}

/// The one-at-a-time swings with sequential stopping (SensitivityOptions::settle): rounds of
/// one batch for each parameter not yet settled, then the stopping rule for each. `ran(run,
/// saved)` is told of replications run and of those a settled parameter will not need.
std::vector<SensitivityRow> one_at_a_time(
    const std::string& scenario, const std::vector<std::string>& sets, const SensitivityOptions& o,
    std::uint64_t seed, const CheckedRanges& checked, const std::vector<double>& base_values,
    std::int64_t& reused, const std::function<void(std::int64_t run, std::int64_t saved)>& ran) {
  const std::vector<std::size_t> kpis = sensitivity_kpis();
  const std::size_t width = kpis.size();
  const std::vector<ParameterRange>& ranges = checked.ranges;
  // An end whose model is the scenario's own (a key the model does not read here, or a range
  // clamped to the value itself) runs the scenario's replications draw for draw: its values are
  // the base's, taken instead of run again.
  std::vector<std::array<bool, 2>> same_as_base = checked.same_as_base;
  // With a parameter sample, whose rows are applied on top of each end's scenario and could make
  // the key matter, every end runs.
  if (o.sample != nullptr) same_as_base.assign(ranges.size(), {false, false});
  const std::int64_t batch =
      o.settle > 0.0 ? std::clamp<std::int64_t>(o.batch, 1, o.replications) : o.replications;
  // A swing whose paired differences are all the same (no spread, most often all 0) gives no
  // estimate of its noise: it is taken as known only after 2 batches (10 replications), by
  // which an effect that shows in one replication in four would have shown with probability
  // 1 - (3/4)^10, about 94%.
  const std::int64_t zero_spread_known = 2 * batch;
  // Parameters whose batches run side by side: 16 make 160 replications at the default batch,
  // enough to keep the cores busy, few enough for the progress line to move steadily.
  constexpr std::size_t parameters_per_group = 16;
  // A paired difference and whether every replication's difference is the same (tested on
  // the differences themselves: a standard deviation of identical values need not be 0).
  struct Diff {
    PairedDifference d;
    bool no_spread = false;
    [[nodiscard]] double half_width() const {
      return d.replications > 1 ? d.ci95_high - d.mean_difference
                                : std::numeric_limits<double>::infinity();
    }
    // The half-width the stopping rule uses: unknown while a spread-less difference is young.
    [[nodiscard]] double rule_half_width(std::int64_t young) const {
      return no_spread && d.replications < young ? std::numeric_limits<double>::infinity()
                                                 : half_width();
    }
  };
  auto diff = [](const std::vector<double>& from, const std::vector<double>& to) {
    Diff out{paired_difference(from, to, Direction::neutral), true};
    for (std::size_t r = 1; r < from.size() && out.no_spread; ++r)
      out.no_spread = to[r] - from[r] == to[0] - from[0];
    return out;
  };
  struct Ends {
    std::vector<double> low, high;  // replication-major KPI values
    std::int64_t n = 0;
    bool settled = false;
    std::vector<Diff> swings;  // per KPI: high - low, paired
    std::vector<Diff> bars;    // per KPI: low - base, then high - base, paired
  };
  std::vector<Ends> ends(ranges.size());
  // A round's replications for parameter i: a batch, or, when both ends are taken from the
  // scenario's runs and so cost nothing, every replication left.
  auto round_count = [&](std::size_t i) {
    const std::int64_t left = o.replications - ends[i].n;
    return same_as_base[i][0] && same_as_base[i][1] ? left : std::min(batch, left);
  };
  for (bool open = true; open;) {
    // The round's batches, a few parameters at a time (so that progress is reported as they
    // finish), every batch of a group side by side.
    std::vector<std::size_t> pending;
    for (std::size_t i = 0; i < ranges.size(); ++i)
      if (!ends[i].settled) pending.push_back(i);
    for (std::size_t from = 0; from < pending.size(); from += parameters_per_group) {
      const std::size_t to = std::min(pending.size(), from + parameters_per_group);
      std::vector<RoundEvaluation> group;
      // By the group's parameters and ends: the values, either the base's or (run) a round's.
      std::vector<std::vector<double>> values(2 * (to - from));
      std::vector<std::size_t> run_as;  // for each evaluation of the round, its place in values
      for (std::size_t g = from; g < to; ++g) {
        const std::size_t i = pending[g];
        const std::int64_t count = round_count(i);
        for (const std::size_t end : {std::size_t{0}, std::size_t{1}}) {
          if (same_as_base[i][end]) {
            const auto first = base_values.begin() + ends[i].n * static_cast<std::ptrdiff_t>(width);
            values[2 * (g - from) + end].assign(first,
                                                first + count * static_cast<std::ptrdiff_t>(width));
            continue;
          }
          auto end_sets = sets;
          end_sets.push_back(set_of(ranges[i], end == 0 ? ranges[i].low : ranges[i].high));
          group.push_back(RoundEvaluation{std::move(end_sets), ends[i].n, count});
          run_as.push_back(2 * (g - from) + end);
        }
      }
      auto round = evaluate_round(scenario, group, o, seed);
      for (std::size_t j = 0; j < round.size(); ++j) values[run_as[j]] = std::move(round[j]);
      for (std::size_t g = from; g < to; ++g) {
        const std::size_t i = pending[g];
        Ends& e = ends[i];
        const std::int64_t count = round_count(i);
        const std::vector<double>& low = values[2 * (g - from)];
        const std::vector<double>& high = values[2 * (g - from) + 1];
        e.low.insert(e.low.end(), low.begin(), low.end());
        e.high.insert(e.high.end(), high.begin(), high.end());
        e.n += count;
        e.swings.clear();
        e.bars.clear();
        const std::vector<double> base_n(
            base_values.begin(), base_values.begin() + static_cast<std::ptrdiff_t>(
                                                           static_cast<std::size_t>(e.n) * width));
        for (std::size_t k = 0; k < width; ++k) {
          const auto lo = kpi_column(e.low, width, k), hi = kpi_column(e.high, width, k);
          const auto b = kpi_column(base_n, width, k);
          e.swings.push_back(diff(lo, hi));
          e.bars.push_back(diff(b, lo));
          e.bars.push_back(diff(b, hi));
        }
        const std::int64_t taken =
            (same_as_base[i][0] ? count : 0) + (same_as_base[i][1] ? count : 0);
        reused += taken;
        ran(2 * count - taken, taken);
      }
    }
    // The tornado's scale: per KPI, the longest swing that is surely that long.
    std::vector<double> scale(width, 0.0);
    for (const Ends& e : ends) {
      for (std::size_t k = 0; k < width; ++k) {
        scale[k] = std::max(scale[k], std::fabs(e.swings[k].d.mean_difference) -
                                          e.swings[k].rule_half_width(zero_spread_known));
      }
    }
    open = false;
    for (Ends& e : ends) {
      if (e.settled) continue;
      bool settled = e.n == o.replications;
      if (!settled && o.settle > 0.0) {
        settled = true;
        // The swing ranks the parameter; the two bars (each end from the base) are what the
        // tornado draws: all three known to within settle x scale.
        for (std::size_t k = 0; k < width && settled; ++k) {
          const double most = o.settle * scale[k];
          settled = e.swings[k].rule_half_width(zero_spread_known) <= most &&
                    e.bars[2 * k].rule_half_width(zero_spread_known) <= most &&
                    e.bars[2 * k + 1].rule_half_width(zero_spread_known) <= most;
        }
      }
      if (settled) {
        e.settled = true;
        ran(0, 2 * (o.replications - e.n));
      }
      open = open || !e.settled;
    }
  }
  // Every row of a KPI has the same base, over all the replications. A parameter that stopped
  // after n of them has its ends estimated as that base plus the ends' mean paired difference
  // from the base's first n (a control variate on common random numbers): the bars of one
  // figure start from one line, and their lengths are the paired effects. An end that ran
  // every replication is its plain mean, as before sequential stopping.
  const std::size_t all = static_cast<std::size_t>(o.replications);
  std::vector<SensitivityRow> rows;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    const auto n = static_cast<std::size_t>(ends[i].n);
    for (std::size_t k = 0; k < width; ++k) {
      double base = 0.0, base_n = 0.0;
      for (std::size_t r = 0; r < all; ++r) {
        base += base_values[r * width + k];
        if (r + 1 == n) base_n = base / static_cast<double>(n);
      }
      base /= static_cast<double>(all);
      const PairedDifference& d = ends[i].swings[k].d;
      double low = d.base_mean, high = d.alternative_mean;
      if (n < all) {
        low = base + (d.base_mean - base_n);
        high = base + (d.alternative_mean - base_n);
      }
      rows.push_back(SensitivityRow{ranges[i], kpis[k], base, low, high, ends[i].n,
                                    ends[i].swings[k].half_width()});
    }
  }
  return rows;
}

}  // namespace

std::string refused_end_text(const RefusedEnd& end) {
  return std::string(end.low ? "low" : "high") + " end, " + results::format_number(end.value) +
         " (" + end.origin + ")";
}

bool LeftOutParameter::narrower_swing_may_help() const {
  return std::all_of(refused.begin(), refused.end(),
                     [](const RefusedEnd& end) { return end.nearest_taken; });
}

CheckedRanges check_ranges(const std::string& scenario, const std::vector<std::string>& sets,
                           const SensitivityOptions& o, const std::vector<ParameterRange>& ranges) {
  // Every end is built here, before any end runs: an end the scenario refuses (a value past a
  // limit, referrals grown past the limit) is said of the range and --swing, not of a --set the
  // user never gave, and every refused end is said, in the ranges' order, whatever the threads.
  const std::uint64_t seed = scenarios::load_scenario(scenario, sets).run.seed;
  const sim::ModelParams base_model = load_evaluation(scenario, sets, o, seed).model;
  std::vector<std::array<bool, 2>> same_as_base(ranges.size(), {false, false});
  std::vector<std::optional<RefusedEnd>> refused(2 * ranges.size());
  sim::run_tasks(2 * ranges.size(), o.threads, [&](std::size_t t) {
    auto end_sets = sets;
    const ParameterRange& r = ranges[t / 2];
    const bool low = t % 2 == 0;
    const std::string own = set_of(r, low ? r.low : r.high);
    end_sets.push_back(own);
    try {
      const EvaluationInput input = load_evaluation(scenario, end_sets, o, seed);
      same_as_base[t / 2][t % 2] = input.model == base_model;
      // With a parameter sample, each row a replication draws is applied on top of the end: a
      // row the end makes refused (referrals past the limit) is found here, not mid-run.
      if (o.sample != nullptr)
        static_cast<void>(SampledModels(*o.sample, input.scenario, input.model.run));
    } catch (const scenarios::ScenarioError& e) {
      RefusedEnd end{low, low ? r.low : r.high, end_origin(r, low, o.relative_swing), {}};
      const std::string label = "--set " + own + ": ";
      for (std::string line : e.errors()) {
        if (line.starts_with(label)) line = shown_set(own) + ": " + line.substr(label.size());
        end.errors.push_back(std::move(line));
      }
      // The nearest end a --swing gives on this side: is it taken?
      const scenarios::NumericParameter& p = r.parameter;
      const double a = p.value * (1.0 - least_swing), b = p.value * (1.0 + least_swing);
      const double nearest = range_end(p, low ? std::min(a, b) : std::max(a, b), low).first;
      if (nearest != p.value && nearest != end.value) {
        auto nearest_sets = sets;
        nearest_sets.push_back(set_of(r, nearest));
        try {
          const EvaluationInput input = load_evaluation(scenario, nearest_sets, o, seed);
          if (o.sample != nullptr) {
            static_cast<void>(SampledModels(*o.sample, input.scenario, input.model.run));
          }
          end.nearest_taken = true;
        } catch (const scenarios::ScenarioError&) {
          end.nearest_taken = false;
        }
      }
      refused[t] = std::move(end);
    }
  });
  CheckedRanges out;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    if (!refused[2 * i] && !refused[2 * i + 1]) {
      out.ranges.push_back(ranges[i]);
      out.same_as_base.push_back(same_as_base[i]);
      continue;
    }
    LeftOutParameter left{ranges[i], {}};
    for (const std::size_t t : {2 * i, 2 * i + 1})
      if (refused[t]) left.refused.push_back(std::move(*refused[t]));
    out.left_out.push_back(std::move(left));
  }
  // Nothing left to vary: every refused end, in order (mending one would otherwise only uncover
  // the next).
  if (out.ranges.empty() && !out.left_out.empty()) {
    std::vector<std::string> every;
    for (const LeftOutParameter& left : out.left_out) {
      for (const RefusedEnd& end : left.refused) {
        every.push_back("the sensitivity's " + std::string(end.low ? "low" : "high") + " end of " +
                        left.range.parameter.key + ", " + results::format_number(end.value) + " (" +
                        end.origin + "), is refused by the scenario; " +
                        (left.narrower_swing_may_help()
                             ? "narrow --swing, or vary other keys too:"
                             : "no --swing varies it (the nearest end a --swing gives is "
                               "refused too): vary other keys:"));
        for (const std::string& line : end.errors) every.push_back("  " + line);
      }
    }
    throw scenarios::ScenarioError(every);
  }
  return out;
}

void check_morris_points(const std::string& scenario, const std::vector<std::string>& sets,
                         const SensitivityOptions& o, CheckedRanges& checked) {
  if (o.morris_trajectories > 0 && !checked.ranges.empty())
    check_trajectories(scenario, o, scenarios::load_scenario(scenario, sets).run.seed,
                       morris_trajectories(sets, o, checked.ranges));
  checked.morris_points_checked = true;
}

std::vector<ParameterRange> parameter_ranges(const scenarios::Scenario& base,
                                             const SensitivityOptions& o) {
  std::vector<ParameterRange> out;
  // A sample's column giving a group with nobody in care its people or referrals makes the
  // group's other keys move the model: they are listed as with_groups_keys_start lists them.
  // That gives only such a group a stand-in of one referral a year, to list its keys: its
  // referrals_per_year is 0 in the scenario, so no swing about it.
  const scenarios::Scenario listed =
      o.sample != nullptr ? scenarios::with_groups_keys_start(base, group_starting_keys(*o.sample))
                          : base;
  for (const scenarios::NumericParameter& p : scenarios::numeric_parameters(listed)) {
    if (p.key.starts_with("demand.") && p.key.ends_with(".referrals_per_year") &&
        scenarios::silent_group_reason(base, p.key)) {
      continue;
    }
    if (!o.only.empty() &&
        std::none_of(o.only.begin(), o.only.end(),
                     [&](const std::string& prefix) { return p.key.starts_with(prefix); })) {
      continue;
    }
    if (p.value == 0.0) continue;
    if (o.sample != nullptr &&
        std::find(o.sample->keys.begin(), o.sample->keys.end(), p.key) != o.sample->keys.end()) {
      continue;
    }
    ParameterRange r{p};
    const double a = p.value * (1.0 - o.relative_swing), b = p.value * (1.0 + o.relative_swing);
    std::tie(r.low, r.low_made) = range_end(p, std::min(a, b), true);
    std::tie(r.high, r.high_made) = range_end(p, std::max(a, b), false);
    if (r.high <= r.low) continue;
    out.push_back(r);
  }
  return out;
}

SensitivityResult run_sensitivity(const std::string& scenario, const std::vector<std::string>& sets,
                                  const SensitivityOptions& o) {
  const std::vector<ParameterRange> ranges =
      parameter_ranges(scenarios::load_scenario(scenario, sets), o);
  return run_sensitivity(scenario, sets, o, check_ranges(scenario, sets, o, ranges));
}

SensitivityResult run_sensitivity(const std::string& scenario, const std::vector<std::string>& sets,
                                  const SensitivityOptions& o, const CheckedRanges& checked) {
  const std::uint64_t seed = scenarios::load_scenario(scenario, sets).run.seed;
  const std::vector<ParameterRange>& ranges = checked.ranges;
  const std::vector<std::size_t> kpis = sensitivity_kpis();
  SensitivityResult result;
  result.left_out = checked.left_out;
  const auto count = static_cast<std::int64_t>(ranges.size());
  const std::int64_t morris_points = static_cast<std::int64_t>(o.morris_trajectories) * (count + 1);
  result.replications_unstopped = o.replications * (1 + 2 * count + morris_points);
  std::int64_t most_left = result.replications_unstopped;
  auto ran = [&](std::int64_t run, std::int64_t saved) {
    result.replications_run += run;
    most_left -= run + saved;
    if (o.progress) o.progress(result.replications_run, result.replications_run + most_left);
  };
  auto tick = [&] {
    ++result.evaluations;
    ran(o.replications, 0);
  };
  // Every Morris point is built before anything runs (here unless the caller did): several
  // parameters move at once there, so a point can be refused where each end alone was taken.
  const std::vector<MorrisTrajectory> trajectories = o.morris_trajectories > 0
                                                         ? morris_trajectories(sets, o, ranges)
                                                         : std::vector<MorrisTrajectory>{};
  if (!checked.morris_points_checked) check_trajectories(scenario, o, seed, trajectories);
  const std::vector<double> base_values =
      evaluate_replications(scenario, sets, o, seed, 0, o.replications);
  tick();
  result.one_at_a_time =
      one_at_a_time(scenario, sets, o, seed, checked, base_values, result.replications_reused, ran);
  result.evaluations += 2 * count;

  if (o.morris_trajectories > 0 && !ranges.empty()) {
    const std::size_t n = ranges.size();
    std::vector<std::vector<double>> effects(n * kpis.size());
    for (const MorrisTrajectory& trajectory : trajectories) {
      std::vector<double> before = evaluate(scenario, trajectory.points.front(), o, seed);
      tick();
      for (std::size_t step = 0; step < n; ++step) {
        const std::vector<double> after = evaluate(scenario, trajectory.points[step + 1], o, seed);
        tick();
        const std::size_t i = trajectory.order[step];
        for (std::size_t k = 0; k < kpis.size(); ++k)
          effects[i * kpis.size() + k].push_back((after[k] - before[k]) / morris_delta);
        before = after;
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t k = 0; k < kpis.size(); ++k) {
        const auto& e = effects[i * kpis.size() + k];
        MorrisRow row{ranges[i].parameter.key, kpis[k], 0.0, 0.0, 0.0, static_cast<int>(e.size())};
        for (const double v : e) {
          row.mu += v;
          row.mu_star += std::fabs(v);
        }
        row.mu /= static_cast<double>(e.size());
        row.mu_star /= static_cast<double>(e.size());
        double ss = 0.0;
        for (const double v : e) ss += (v - row.mu) * (v - row.mu);
        row.sigma = e.size() > 1 ? std::sqrt(ss / static_cast<double>(e.size() - 1)) : 0.0;
        result.morris.push_back(row);
      }
    }
  }
  return result;
}

void write_sensitivity_csv(std::ostream& out, const std::string& scenario,
                           const SensitivityResult& r) {
  using results::csv_field;
  using results::format_number;
  const auto table = results::kpi_table();
  // Rank parameters within each KPI by the size of their swing.
  std::map<std::size_t, std::vector<const SensitivityRow*>> by_kpi;
  for (const SensitivityRow& row : r.one_at_a_time) by_kpi[row.kpi].push_back(&row);
  out << "scenario,service,kpi,unit,rank,parameter,base_value,low_value,high_value,base_mean,low_"
         "mean,high_mean,"
         "swing,abs_swing,replications,swing_ci95_half_width\n";
  for (auto& [kpi, rows] : by_kpi) {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const SensitivityRow* a, const SensitivityRow* b) {
                       return std::fabs(a->swing()) > std::fabs(b->swing());
                     });
    int rank = 0;
    for (const SensitivityRow* row : rows) {
      out << csv_field(scenario) << ',' << sim::to_string(table[kpi].service) << ','
          << table[kpi].name << ',' << table[kpi].unit << ',' << ++rank << ','
          << row->range.parameter.key << ',' << format_number(row->range.parameter.value) << ','
          << format_number(row->range.low) << ',' << format_number(row->range.high) << ','
          << format_number(row->base_mean) << ',' << format_number(row->low_mean) << ','
          << format_number(row->high_mean) << ',' << format_number(row->swing()) << ','
          << format_number(std::fabs(row->swing())) << ',' << row->replications << ','
          << (std::isfinite(row->swing_half_width) ? format_number(row->swing_half_width)
                                                   : std::string())  // 1 replication: none
          << '\n';
    }
  }
}

void write_morris_csv(std::ostream& out, const std::string& scenario, const SensitivityResult& r) {
  using results::csv_field;
  using results::format_number;
  const auto table = results::kpi_table();
  out << "scenario,service,kpi,unit,parameter,mu_star,mu,sigma,effects\n";
  for (const MorrisRow& m : r.morris) {
    out << csv_field(scenario) << ',' << sim::to_string(table[m.kpi].service) << ','
        << table[m.kpi].name << ',' << table[m.kpi].unit << ',' << m.parameter << ','
        << format_number(m.mu_star) << ',' << format_number(m.mu) << ',' << format_number(m.sigma)
        << ',' << m.effects << '\n';
  }
}

}  // namespace caremarket::analysis
