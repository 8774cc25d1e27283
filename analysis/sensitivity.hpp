#pragma once
// `caremarket sensitivity`: how much the headline KPIs move across each parameter's plausible
// range, one parameter at a time (a tornado), and optionally Morris elementary-effects
// screening. Every evaluation runs on the same random streams, so differences are the
// parameter's, not noise. The one-at-a-time swings stop early when settled (sequential
// stopping): a parameter's two ends run in batches of replications, and stop once each
// headline KPI's swing is known well enough against the tornado's longest bar.

#include <array>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/parameter_sample.hpp"
#include "results/kpis.hpp"
#include "scenarios/parameter_list.hpp"
#include "sim/params.hpp"

namespace caremarket::analysis {

struct SensitivityOptions {
  std::int64_t replications = 20;
  int threads = 0;
  /// The plausible range of a parameter: its value times (1 - swing) to (1 + swing), within
  /// its valid range (an assumption, documented in docs/assumptions.md, section 9).
  double relative_swing = 0.25;
  std::vector<std::string> only;  // key prefixes to vary; empty: every numeric parameter
  int morris_trajectories = 0;    // 0: no Morris screening
  std::uint64_t morris_seed = 1;
  /// Sequential stopping of the one-at-a-time swings: a parameter's two ends run in batches of
  /// `batch` replications (replications 0, 1, ... of the common streams, so a stopped end's
  /// figures are the first replications of an unstopped run), and the parameter stops once,
  /// for every headline KPI k, the 95% half-width of its paired swing is at most
  /// settle x scale_k, where scale_k is the longest swing of KPI k that is surely that long
  /// (the largest |swing| - half-width over the parameters, at least 0). A swing with no
  /// spread (every paired difference the same) counts as known only after 2 batches. A KPI no
  /// parameter surely moves (scale 0) lets a parameter stop only where its half-width is 0.
  /// 0: every end runs all `replications` (no stopping).
  double settle = 0.1;
  std::int64_t batch = 5;
  /// Parameter uncertainty (--parameters): when set, replication i of every evaluation takes
  /// the sample's row sample_row(seed, i), with the evaluation's value on top; the sample's
  /// keys are not varied (their uncertainty is the sample's). Not owned.
  const ParameterSample* sample = nullptr;
  std::function<void(std::int64_t done, std::int64_t total)> progress;
};

/// The headline KPIs the analysis reports: their indices in results::kpi_table().
using results::sensitivity_kpis;

/// How an end of a range came from the key's value x (1 -/+ swing), the product: the product
/// itself; held within the key's valid range; for a count, rounded to a whole number; or taken
/// 1 from the value, a count's least step (when rounding gave the value itself).
enum class EndMade : std::uint8_t { product, held, rounded, one_step };

struct ParameterRange {
  scenarios::NumericParameter parameter;
  double low = 0.0;
  double high = 0.0;
  EndMade low_made = EndMade::product;
  EndMade high_made = EndMade::product;
};

/// The parameters varied and their ranges (parameters whose value is 0 are skipped: a relative
/// range around zero is empty; so are the keys of options.sample).
std::vector<ParameterRange> parameter_ranges(const scenarios::Scenario& base,
                                             const SensitivityOptions& o);

/// An end of a parameter's range that the scenario refuses (a value past a limit another key
/// sets, such as a count of providers below one a shock names, or referrals grown past the
/// engine's limit).
struct RefusedEnd {
  bool low = true;
  double value = 0.0;
  /// How the end came from the key's value, e.g. "its value 64 x (1 - --swing 0.25)".
  std::string origin;
  std::vector<std::string> errors;  // the scenario's, as scenarios::ScenarioError gives them
  /// Whether the nearest end a --swing can give on this side (--swing 0.01's; for a count, 1
  /// from the value) is taken by the scenario: whether a narrower --swing may vary the key.
  bool nearest_taken = false;
};

/// A parameter the analysis leaves out: the scenario refuses its range at one end or both.
struct LeftOutParameter {
  ParameterRange range;
  std::vector<RefusedEnd> refused;  // low end first
  /// Whether a narrower --swing may vary it: the nearest end to the value a --swing gives is
  /// taken on each refused side (RefusedEnd::nearest_taken).
  [[nodiscard]] bool narrower_swing_may_help() const;
};

/// "low end, 48 (its value 64 x (1 - --swing 0.25))".
std::string refused_end_text(const RefusedEnd& end);

/// The ranges after every end of every one was built (the scenario with the end's value on
/// top of the overrides), before anything runs.
struct CheckedRanges {
  std::vector<ParameterRange> ranges;  // both ends accepted, in parameter_ranges' order
  /// Per range: whether each end (low, high) builds the scenario's own model, so that the
  /// scenario's replications are that end's, draw for draw.
  std::vector<std::array<bool, 2>> same_as_base;
  std::vector<LeftOutParameter> left_out;  // in parameter_ranges' order
  /// Whether check_morris_points built every Morris point of these ranges (with the same
  /// options): run_sensitivity then does not build them again.
  bool morris_points_checked = false;
};

/// The least --swing the command takes: the nearest ends to the value it can ask for.
inline constexpr double least_swing = 0.01;

/// Builds every end of `ranges` on `scenario` with `sets` (and o's seed and replications).
/// A range with a refused end is left out; when every range has one, throws
/// scenarios::ScenarioError naming every refused end, in order (nothing would be left to vary).
CheckedRanges check_ranges(const std::string& scenario, const std::vector<std::string>& sets,
                           const SensitivityOptions& o, const std::vector<ParameterRange>& ranges);

/// Builds every point of the options' Morris trajectories over `ranges` (as run_sensitivity
/// makes them), with the sample's rows on top when there is one; throws scenarios::ScenarioError
/// naming the first point refused and how many more are. Nothing with --morris 0. Marks
/// `checked` as having its points built (CheckedRanges::morris_points_checked).
void check_morris_points(const std::string& scenario, const std::vector<std::string>& sets,
                         const SensitivityOptions& o, CheckedRanges& checked);

struct SensitivityRow {
  ParameterRange range;
  std::size_t kpi = 0;     // index in results::kpi_table()
  double base_mean = 0.0;  // the scenario's values, over all the replications
  /// The ends: their means over `replications`, or, for a parameter that stopped after fewer
  /// than all, base_mean plus the end's mean paired difference from the base's same first
  /// replications (so every row of a KPI starts from one base).
  double low_mean = 0.0;
  double high_mean = 0.0;
  /// Replications behind low_mean and high_mean (paired: replication i of each end on the
  /// same streams); the base's are SensitivityOptions::replications.
  std::int64_t replications = 0;
  /// The 95% Student's t half-width of the swing's paired mean, in KPI units; infinite for a
  /// single replication.
  double swing_half_width = 0.0;
  [[nodiscard]] double swing() const { return high_mean - low_mean; }
};

struct MorrisRow {
  std::string parameter;
  std::size_t kpi = 0;
  double mu_star = 0.0;  // mean absolute elementary effect, in KPI units per full range
  double mu = 0.0;
  double sigma = 0.0;
  int effects = 0;
};

struct SensitivityResult {
  std::vector<SensitivityRow> one_at_a_time;  // sorted by parameter, then KPI
  std::vector<MorrisRow> morris;
  std::int64_t evaluations = 0;       // the base, each parameter's two ends, each Morris point
  std::int64_t replications_run = 0;  // over every evaluation and batch
  /// What the same analysis runs without sequential stopping.
  std::int64_t replications_unstopped = 0;
  /// Replications of parameter ends whose model is the scenario's own (a key the model does not
  /// read here, or a range end clamped to the value itself): the scenario's replications are
  /// those ends' draw for draw, so their values were taken, not run again (not counted in
  /// replications_run). 0 with a parameter sample.
  std::int64_t replications_reused = 0;
  /// The parameters left out because the scenario refuses an end of their range.
  std::vector<LeftOutParameter> left_out;
};

/// Runs the analysis on a scenario (by name or path) with --set overrides applied to every
/// evaluation, over the ranges check_ranges accepted.
SensitivityResult run_sensitivity(const std::string& scenario, const std::vector<std::string>& sets,
                                  const SensitivityOptions& options, const CheckedRanges& checked);
/// The same over check_ranges of parameter_ranges: throws scenarios::ScenarioError as
/// check_ranges does.
SensitivityResult run_sensitivity(const std::string& scenario, const std::vector<std::string>& sets,
                                  const SensitivityOptions& options);

void write_sensitivity_csv(std::ostream& out, const std::string& scenario,
                           const SensitivityResult& r);
void write_morris_csv(std::ostream& out, const std::string& scenario, const SensitivityResult& r);

}  // namespace caremarket::analysis
