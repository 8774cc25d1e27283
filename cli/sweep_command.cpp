// `caremarket sweep SCENARIO --vary KEY=V1,V2,...`: runs the scenario at every point of the grid
// (several --vary make a grid) on the same random streams and writes sweep.csv, one row per
// point and KPI with a column per varied key.

#include <algorithm>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include "analysis/sweep.hpp"
#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "cli/interrupt.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "cli/say.hpp"
#include "cli/scenario_loading.hpp"
#include "cli/work_limits.hpp"
#include "results/analysis_report.hpp"
#include "results/atomic_folder.hpp"
#include "results/format.hpp"
#include "scenarios/parameter_list.hpp"
#include "scenarios/toml_scenario.hpp"

namespace caremarket::cli {

namespace {

struct SweepOptions {
  std::string scenario;
  std::vector<std::string> vary;
  std::int64_t replications = -1;
  int threads = 0;
  std::int64_t seed = -1;
  std::string out;
  bool force = false;
  bool no_report = false;
  std::vector<std::string> sets;
  std::string parameters;
  std::int64_t max_runs = default_max_runs;
};

void sweep(const SweepOptions& o) {
  // Every --vary fault is said, with the scenario's and the sample's, before the command stops.
  bool bad_vary = false;
  std::vector<analysis::VariedKey> keys;
  for (const std::string& v : o.vary) {
    try {
      keys.push_back(analysis::parse_vary(v));
    } catch (const std::invalid_argument& e) {
      say_error(e.what());
      bad_vary = true;
    }
  }
  // A key the sweep cannot vary, by itself or inside a table a --vary gives whole: the seed and
  // replications are the sweep's own options, the same at every point. Says so and returns
  // true, or returns false.
  const auto refuse_unvaried = [](const std::string& key, const std::string& given) {
    // Keys that describe the scenario or check the run, which no model reads: every point
    // would run the same model under another label.
    for (const std::string& label : scenarios::non_model_keys()) {
      if (key != label) continue;
      std::cerr << "caremarket: error: --vary " << given << ": "
                << (key == given ? std::string("this key") : key) << " "
                << (key == "run.audit" ? "checks the run" : "describes the scenario")
                << " and no part of the model reads it, so every point would run the same "
                << "model; vary a parameter of the model (docs/parameters.md)\n";
      return true;
    }
    if (key == "run.replications" || key == "run.seed") {
      std::cerr << "caremarket: error: --vary " << given << ": every point runs the same "
                << (key == "run.seed" ? "seed (--seed sets it)" : "replications (-r sets them)")
                << ", on common random numbers; " << (key == given ? std::string("it") : key)
                << " cannot be varied\n";
      return true;
    }
    return false;
  };
  std::vector<std::pair<std::string, std::size_t>>
      repeated;  // keys given more than once, how often
  for (std::size_t k = 0; k < keys.size(); ++k) {
    const std::string& key = keys[k].key;
    // The same key twice would label points with one value and run them with the other.
    if (std::any_of(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(k),
                    [&](const analysis::VariedKey& earlier) { return earlier.key == key; })) {
      auto it = std::find_if(repeated.begin(), repeated.end(),
                             [&](const auto& r) { return r.first == key; });
      if (it == repeated.end()) it = repeated.insert(repeated.end(), {key, 1});
      ++it->second;
      continue;
    }
    if (refuse_unvaried(key, key)) {
      bad_vary = true;
      continue;
    }
    // Inside a table, a key is varied only where the table's values give it more than one value
    // (a table that leaves it out counts as one more: the scenario's own).
    std::map<std::string, std::set<std::string>> leaf_values;
    std::map<std::string, std::size_t> leaf_count;
    for (const std::string& value : keys[k].values) {
      for (const scenarios::OverrideLeaf& leaf : scenarios::override_leaves(key + "=" + value)) {
        leaf_values[leaf.key].insert(leaf.value);
        ++leaf_count[leaf.key];
      }
    }
    // A value listed twice, or written twice differently (0.5 and 0.50, {a=1} and { a = 1 }),
    // would run one point twice and draw it twice.
    std::map<std::vector<std::string>, std::vector<std::string>> as_written;  // leaves -> texts
    for (const std::string& value : keys[k].values) {
      std::vector<std::string> leaves;
      for (const scenarios::OverrideLeaf& leaf : scenarios::override_leaves(key + "=" + value))
        leaves.push_back(leaf.key + "=" + leaf.value);
      as_written[leaves].push_back(value);
    }
    for (const auto& [leaves, texts] : as_written) {
      if (texts.size() < 2) continue;
      std::vector<std::string> shown;
      for (const std::string& t : texts)
        if (std::find(shown.begin(), shown.end(), t) == shown.end()) shown.push_back(t);
      std::cerr << "caremarket: error: --vary " << keys[k].text << ": "
                << (shown.size() == 1
                        ? "the value " + shown.front() + " is listed " + times_given(texts.size())
                        : "the values " + results::join_words(shown) + " are one value")
                << ", so the sweep would run the points of that value " << times_given(texts.size())
                << "; list each value once\n";
      bad_vary = true;
    }
    for (auto& [leaf, values] : leaf_values)
      if (leaf_count[leaf] < keys[k].values.size()) values.insert("\n(the scenario's own)");
    for (const auto& [leaf, values] : leaf_values)
      if (values.size() > 1 && refuse_unvaried(leaf, keys[k].text)) bad_vary = true;
  }
  for (const auto& [key, times] : repeated) {
    std::cerr << "caremarket: error: --vary " << key << " is given " << times_given(times)
              << "; list all its values in one --vary " << key << "=V1,V2,...\n";
    bad_vary = true;
  }
  // A varied key that the sample also sets would be overwritten by the sample's row: refused,
  // for each such key, with the sample's other faults.
  const auto vary_clashes = [&](const std::vector<std::string>& sample_keys) {
    // A table's value sets only the keys inside it: each value's keys are compared.
    std::vector<std::string> lines;
    for (const analysis::VariedKey& k : keys) {
      std::vector<std::string> clashing;
      for (const std::string& value : k.values) {
        for (const scenarios::OverrideLeaf& leaf :
             scenarios::override_leaves(k.key + "=" + value)) {
          for (const std::string& s : sample_keys) {
            if (analysis::leaf_covers(leaf, s) &&
                std::find(clashing.begin(), clashing.end(), s) == clashing.end())
              clashing.push_back(s);
          }
        }
      }
      for (const std::string& s : clashing) {
        lines.push_back("--vary " + k.key + ": the parameter sample " + o.parameters + " sets " +
                        s + " too, so every point would run the sample's values; vary another " +
                        "key, or leave it out of the sample");
      }
    }
    return lines;
  };
  // A --parameters file's faults are said with the scenario's, in one run: those no scenario
  // decides where the scenario cannot be loaded, else all of them against it.
  std::vector<std::string> header_keys;
  auto sample_faults = sample_faults_without_scenario(o.parameters, o.sets, &header_keys);
  for (const std::string& line : vary_clashes(header_keys)) sample_faults.push_back(line);
  const auto load_saying_sample = [&](const std::vector<scenarios::Override>& more) {
    try {
      return load_or_exit(o.scenario, o.sets, o.replications, o.seed, more);
    } catch (const Exit&) {
      say_errors(sample_faults);
      throw;
    }
  };
  if (bad_vary) {
    // The scenario with its --set options, and the sample, are said too.
    const LoadedScenario loaded = load_saying_sample({});
    if (!o.parameters.empty()) {
      std::vector<std::string> found;
      const SampledParameters sp =
          load_sampled_parameters(o.parameters, loaded, o.sets, false, &found);
      say_errors(found);
      say_errors(vary_clashes(sp.sample.keys));
    }
    throw Exit{exit_bad_input};
  }
  // Sized before anything is loaded or built: the grid's points, then the replications.
  std::int64_t point_count = 1;
  std::string shape;
  for (const analysis::VariedKey& k : keys) {
    point_count = saturating_product(point_count, static_cast<std::int64_t>(k.values.size()));
    shape += (shape.empty() ? "" : " x ") + std::to_string(k.values.size());
  }
  if (point_count > max_sweep_points) {
    std::cerr << "caremarket: error: --vary makes a grid of " << shape << " = "
              << (point_count == std::numeric_limits<std::int64_t>::max()
                      ? std::string("too many")
                      : std::to_string(point_count))
              << " points; a sweep has at most " << max_sweep_points
              << " (docs/robustness.md, Limits)\n";
    throw Exit{exit_bad_input};
  }
  const auto grid = analysis::sweep_grid(keys);
  const auto point_overrides = [&](std::size_t p) {
    std::vector<scenarios::Override> varied;
    for (std::size_t k = 0; k < keys.size(); ++k) {
      varied.push_back({keys[k].key + "=" + grid[p][k],
                        "--vary " + keys[k].text + " (value " + grid[p][k] + ")"});
    }
    return varied;
  };
  // Load (and so validate) every point before running any, keeping only what is written: a
  // point's parameters are built again when it runs, so memory does not grow with the grid. A
  // point whose scenario is refused does not stop the checks at the others: every point's
  // faults are said (each once), and the sample is checked against every point that loads.
  // Each fault of a point's scenario, with the points that refuse it.
  std::vector<std::pair<std::string, std::vector<std::size_t>>> point_faults;
  // Each note of a point's model, with the points it is of.
  std::vector<std::pair<std::string, std::vector<std::size_t>>> point_notes;
  const auto load_point = [&](std::size_t p) -> std::optional<LoadedScenario> {
    std::vector<std::string> errors;
    std::vector<std::string> notes;
    try {
      LoadedScenario point = load_or_exit(o.scenario, o.sets, o.replications, o.seed,
                                          point_overrides(p), &errors, &notes);
      for (std::string& n : notes) {
        auto it = std::find_if(point_notes.begin(), point_notes.end(),
                               [&](const auto& f) { return f.first == n; });
        if (it == point_notes.end()) it = point_notes.insert(point_notes.end(), {std::move(n), {}});
        it->second.push_back(p);
      }
      return point;
    } catch (const Exit&) {
      for (std::string& e : errors) {
        auto it = std::find_if(point_faults.begin(), point_faults.end(),
                               [&](const auto& f) { return f.first == e; });
        if (it == point_faults.end())
          it = point_faults.insert(point_faults.end(), {std::move(e), {}});
        it->second.push_back(p);
      }
      return std::nullopt;
    }
  };
  std::optional<LoadedScenario> first_point = load_point(0);
  // Parameter uncertainty: replication i of every point takes the same row of the sample (drawn
  // from the common seed), with the point's varied values on top. A varied key that the sample
  // also sets would be overwritten by the sample's row: refused. Every row is checked against
  // every point before anything runs, and the faults said at once, each naming the points that
  // refuse it unless every one does; the work is sized only for a sample without faults, and
  // the models are built after.
  std::optional<SampledParameters> sampled_first;
  // Each fault of the sample, with the points whose scenario it was found against. A bound
  // the check took from the scenario ("max from the scenario X as resolved") is the point's,
  // which may come of its --vary: said as the point's.
  std::vector<std::pair<std::string, std::vector<std::size_t>>> sample_faults_by_point;
  bool vary_clash = false;
  bool any_loaded = false;
  // Checks the sample against point p's scenario; the first point that loads also has the
  // sample's keys checked against the --vary options.
  const auto check_sample_at = [&](const LoadedScenario& point, std::size_t p) {
    if (o.parameters.empty()) return;
    std::vector<std::string> found;
    SampledParameters sp = load_sampled_parameters(o.parameters, point, o.sets, false, &found);
    const std::string resolved_words = "the scenario " + point.scenario.name + " as resolved";
    for (std::string line : found) {
      for (auto at = line.find(resolved_words); at != std::string::npos;
           at = line.find(resolved_words, at))
        line.replace(at, resolved_words.size(), "the point");
      auto it = std::find_if(sample_faults_by_point.begin(), sample_faults_by_point.end(),
                             [&](const auto& f) { return f.first == line; });
      if (it == sample_faults_by_point.end())
        it = sample_faults_by_point.insert(sample_faults_by_point.end(), {line, {}});
      it->second.push_back(p);
    }
    if (!any_loaded) {
      const std::vector<std::string> clashes = vary_clashes(sp.sample.keys);
      say_errors(clashes);
      vary_clash = !clashes.empty();
    }
    if (p == 0) sampled_first = std::move(sp);
  };
  std::size_t loaded_points = first_point ? 1 : 0;
  if (first_point) {
    check_sample_at(*first_point, 0);
    any_loaded = true;
    if (!vary_clash && sample_faults_by_point.empty()) {
      check_work("sweep",
                 results::counted(point_count, "point") + " x " +
                     results::counted(first_point->params.run.replications, "replication"),
                 saturating_product(point_count, first_point->params.run.replications), o.max_runs);
    }
  }
  std::vector<std::string> hashes;
  std::vector<std::string> resolved;
  bool same_model = grid.size() > 1;  // every point builds the first's model
  // A sample column giving a group with nobody in care its people or referrals (initial_people,
  // referrals_per_year) makes the group's other keys move the model, as a --vary of them beside
  // would: the points are then compared, and the silent groups judged, with such groups started
  // as the sample's rows start them.
  const std::vector<std::string> sample_starts =
      sampled_first ? analysis::group_starting_keys(sampled_first->sample)
                    : std::vector<std::string>{};
  const auto started = [&](const scenarios::Scenario& s) {
    return sampled_first ? scenarios::with_groups_keys_start(s, sample_starts) : s;
  };
  const auto starts_a_group = [&](const LoadedScenario& point) {
    const scenarios::Scenario s = started(point.scenario);
    for (std::size_t si = 0; si < sim::service_count; ++si)
      for (std::size_t gi = 0; gi < sim::group_count; ++gi)
        if (s.demand[si][gi].referrals_per_year != point.scenario.demand[si][gi].referrals_per_year)
          return true;
    return false;
  };
  std::optional<sim::ModelParams> first_started;  // built once, if the sample starts a group
  const auto same_model_as_first = [&](const LoadedScenario& point) {
    if (!first_started && starts_a_group(*first_point))
      first_started = scenarios::build_model(started(first_point->scenario), first_point->graph);
    if (!first_started) return point.params == first_point->params;
    return scenarios::build_model(started(point.scenario), point.graph) == *first_started;
  };
  // Each point's model, for the check that every key of a grid moves some point's model (kept
  // for grids of up to 256 points, without a sample: a Kent model is a few hundred kB).
  const bool keep_models = keys.size() > 1 && grid.size() <= 256 && !sampled_first;
  std::vector<std::optional<sim::ModelParams>> models(keep_models ? grid.size() : 0);
  for (std::size_t p = 0; p < grid.size(); ++p) {
    exit_if_interrupted();
    if (p == 0) {
      if (!first_point) continue;
      if (keep_models) models[0] = first_point->params;
      hashes.push_back(first_point->hash);
      resolved.push_back(first_point->resolved_toml);
      continue;
    }
    const std::optional<LoadedScenario> point = load_point(p);
    if (!point) continue;
    ++loaded_points;
    check_sample_at(*point, p);
    any_loaded = true;
    same_model = same_model && first_point && same_model_as_first(*point);
    if (keep_models) models[p] = point->params;
    hashes.push_back(point->hash);
    resolved.push_back(point->resolved_toml);
  }
  // "at the points k=v and k=w: " (with several keys, "(k=v, j=u) and (k=w, j=u)"), naming the
  // points unless every one of `among` is named.
  const auto at_points = [&](const std::vector<std::size_t>& points, std::size_t among) {
    if (points.size() == among) return std::string();
    // Each point once: a value listed twice makes two points of one.
    std::vector<std::string> named;
    for (const std::size_t p : points) {
      std::string values;
      for (std::size_t k = 0; k < keys.size(); ++k)
        values += (k == 0 ? "" : ", ") + keys[k].key + "=" + grid[p][k];
      if (keys.size() > 1) values = "(" + values + ")";
      if (std::find(named.begin(), named.end(), values) == named.end()) named.push_back(values);
    }
    return "at the point" + std::string(named.size() == 1 ? " " : "s ") +
           results::join_words(named) + ": ";
  };
  // A fault of a --vary's own value names it; any other (a shock naming a provider that a
  // point's market lacks, said of the scenario file's line) is said with the points that refuse
  // it, so that the --vary, not the file, is seen to be its cause.
  // A note of every point that loads is said as it is; one of some points names them.
  for (const auto& [note, points] : point_notes)
    std::cerr << "caremarket: note: " << at_points(points, loaded_points) << note << '\n';
  // A fault naming a --vary's value ("--vary K=a,b,c (value a)") said for the same reason at
  // several values is said once, naming them ("(values a and b)"), or "(every value)" when each
  // value is refused.
  struct SaidFault {
    std::string line;  // the fault, its --vary's value (if any) cut out at `at`
    std::size_t at = std::string::npos;
    std::size_t key = 0;
    std::vector<std::string> values;
  };
  std::vector<SaidFault> point_said;
  for (const auto& [line, points] : point_faults) {
    SaidFault f;
    for (std::size_t k = 0; k < keys.size() && f.at == std::string::npos; ++k) {
      for (const std::size_t p : points) {
        const std::string value = "--vary " + keys[k].text + " (value " + grid[p][k] + ")";
        if (const auto at = line.find(value); at != std::string::npos) {
          f = {line.substr(0, at) + line.substr(at + value.size()), at, k, {}};
          break;
        }
      }
    }
    if (f.at == std::string::npos) {
      point_said.push_back({line.starts_with("--vary ") || line.starts_with("--set ")
                                ? line
                                : at_points(points, grid.size()) + line,
                            std::string::npos,
                            0,
                            {}});
      continue;
    }
    auto it = std::find_if(point_said.begin(), point_said.end(), [&](const SaidFault& g) {
      return g.at == f.at && g.key == f.key && g.line == f.line;
    });
    if (it == point_said.end()) it = point_said.insert(point_said.end(), std::move(f));
    for (const std::size_t p : points)
      if (line.find("(value " + grid[p][it->key] + ")") != std::string::npos &&
          std::find(it->values.begin(), it->values.end(), grid[p][it->key]) == it->values.end())
        it->values.push_back(grid[p][it->key]);
  }
  for (const SaidFault& f : point_said) {
    if (f.at == std::string::npos) {
      say_error(f.line);
      continue;
    }
    std::vector<std::string> distinct;  // the key's values, each once
    for (const std::string& v : keys[f.key].values)
      if (std::find(distinct.begin(), distinct.end(), v) == distinct.end()) distinct.push_back(v);
    const std::string which = f.values.size() == 1 ? "value " + f.values.front()
                              : f.values.size() == distinct.size()
                                  ? std::string("every value")
                                  : "values " + results::join_words(f.values);
    say_error(f.line.substr(0, f.at) + "--vary " + keys[f.key].text + " (" + which + ")" +
              f.line.substr(f.at));
  }
  // No point loads: the sample's faults that no scenario decides.
  if (!any_loaded) {
    say_errors(sample_faults);
    throw Exit{exit_bad_input};
  }
  for (const auto& [line, points] : sample_faults_by_point) {
    // Against every point that loads: said of no point (a point refused is said above).
    const std::string where = at_points(points, loaded_points);
    std::string said = line;
    if (where.empty()) {
      for (auto at = said.find("from the point"); at != std::string::npos;
           at = said.find("from the point", at))
        said.replace(at, 14, "from each point");
    }
    say_error(where + said);
  }
  // A key of a group with nobody in care and no referrals moves nothing, whatever the other
  // --vary keys move: said as such (with the other faults), unless a --vary beside it or the
  // sample's rows give the group people or referrals.
  bool silent_said = false;
  if (first_point) {
    std::vector<std::string> starting = sample_starts;
    for (const analysis::VariedKey& k : keys) starting.push_back(k.key);
    const scenarios::Scenario given =
        scenarios::with_groups_keys_start(first_point->scenario, starting);
    for (const analysis::VariedKey& k : keys) {
      const auto reason = scenarios::silent_group_reason(given, k.key);
      if (!reason) continue;
      std::cerr << "caremarket: error: --vary " << k.key << ": " << *reason
                << zero_start_note(sampled_first ? &sampled_first->sample : nullptr, k.key) << '\n';
      silent_said = true;
    }
  }
  if (!point_faults.empty() || vary_clash || !sample_faults_by_point.empty() || silent_said)
    throw Exit{exit_bad_input};
  LoadedScenario first = std::move(*first_point);
  const std::uint64_t seed = first.params.run.seed;
  const std::int64_t replications = first.params.run.replications;
  if (sampled_first) build_sampled_models(*sampled_first, first);
  // A key this scenario's model does not read (a homecare key that only supported living uses,
  // a travel speed when no choice uses distance), or one value listed twice: every point is
  // the first, run again.
  if (same_model) {
    std::string varied;
    for (const analysis::VariedKey& k : keys) varied += (varied.empty() ? "" : ", ") + k.key;
    std::cerr << "caremarket: error: --vary " << varied << ": every point builds the same model "
              << "(this scenario's model does not read "
              << (keys.size() == 1 ? "this key" : "these keys")
              << ", the values are one value written differently, or they are weights in one "
              << "proportion), so the sweep would run "
              << "one model " << grid.size()
              << " times; vary a key the model reads (docs/parameters.md)\n";
    throw Exit{exit_bad_input};
  }
  // In a grid, a key whose values build the same model wherever the other keys stand moves
  // nothing: each of its points runs another's model again. Two points that differ in that key
  // alone are compared, for each point and the next such one.
  if (keep_models) {
    for (std::size_t k = 0; k < keys.size(); ++k) {
      bool moves = false;
      bool compared = false;
      for (std::size_t p = 0; p < grid.size() && !moves; ++p) {
        for (std::size_t q = p + 1; q < grid.size(); ++q) {
          bool others_same = grid[p][k] != grid[q][k];
          for (std::size_t j = 0; j < keys.size() && others_same; ++j)
            others_same = j == k || grid[p][j] == grid[q][j];
          if (!others_same) continue;
          compared = true;
          moves = !models[p] || !models[q] || !(*models[p] == *models[q]);
          break;
        }
      }
      if (!compared || moves) continue;
      std::cerr << "caremarket: error: --vary " << keys[k].key
                << ": its values build the same model wherever the other keys stand (this "
                << "scenario's model does not read this key, its values are one value written "
                << "differently, or they are weights in one proportion), so each point would "
                << "run another's model again; vary a key the model reads (docs/parameters.md)\n";
      throw Exit{exit_bad_input};
    }
  }
  const std::string name = first.scenario.name;
  const std::filesystem::path out =
      o.out.empty() ? default_output_folder("sweep-", name) : std::filesystem::path(o.out);
  check_output_folder(out, o.force);
  std::cerr << "caremarket: sweeping " << name << " over "
            << results::counted(static_cast<long long>(grid.size()), "point") << " of "
            << results::counted(replications, "replication") << "\n";
  std::vector<analysis::SweepPoint> summaries;
  nlohmann::ordered_json sample_json;
  std::optional<analysis::ParameterSample> sample_used;
  ProgressBar bar("sweeping " + name);
  for (std::size_t p = 0; p < grid.size(); ++p) {
    exit_if_interrupted();
    std::vector<std::string> said_notes;  // said, with their points, when the points loaded
    LoadedScenario point = p == 0 ? std::move(first)
                                  : load_or_exit(o.scenario, o.sets, o.replications, o.seed,
                                                 point_overrides(p), nullptr, &said_notes);
    // Common random numbers: every point runs the first point's seed and replications.
    point.params.run.seed = seed;
    point.params.run.replications = replications;
    std::optional<SampledParameters> sampled;
    if (sampled_first) {
      sampled =
          p == 0 ? std::move(sampled_first) : load_sampled_parameters(o.parameters, point, o.sets);
    }
    std::function<const sim::ModelParams&(std::int64_t)> params_for;
    if (sampled) {
      params_for = [&sampled](std::int64_t r) -> const sim::ModelParams& {
        return sampled->params(r);
      };
    }
    summaries.push_back(analysis::summarise_point(point.params, replications, o.threads, grid[p],
                                                  interrupted, params_for));
    if (p == 0 && sampled) {
      sample_json = parameter_sample_json(*sampled);
      sample_used = sampled->sample;
    }
    exit_if_interrupted();  // before anything is written
    bar.update(static_cast<std::int64_t>(p + 1), static_cast<std::int64_t>(grid.size()));
  }
  bar.finish();
  std::vector<results::FolderFile> files;
  std::ostringstream sweep_csv;
  analysis::write_sweep_csv(sweep_csv, name, keys, summaries);
  files.push_back(results::text_file("sweep.csv", sweep_csv.str()));
  nlohmann::ordered_json m = manifest_header("sweep");
  m["scenario"] = name;
  m["overrides"] = o.sets;  // every --set, as given, under every point
  m["seed"] = seed;
  m["replications"] = replications;
  if (!sample_json.is_null()) m["parameter_sample"] = sample_json;
  m["varied"] = nlohmann::ordered_json::array();
  for (const analysis::VariedKey& k : keys) m["varied"].push_back(k.key);
  m["points"] = nlohmann::ordered_json::array();
  const analysis::ParameterSample* sample_ptr = sample_used ? &*sample_used : nullptr;
  for (std::size_t p = 0; p < grid.size(); ++p) {
    m["points"].push_back({{"point", p + 1}, {"hash", hashes[p]}});
    files.push_back(results::text_file("point-" + std::to_string(p + 1) + ".resolved.toml",
                                       resolved_text(resolved[p], sample_ptr)));
  }
  write_analysis_folder(
      out, std::move(files), std::move(m), !o.no_report,
      [&](const std::string& manifest) {
        return results::build_sweep_report_html(manifest, sweep_csv.str());
      },
      o.force);
  std::cerr << "caremarket: sweep in " << out.string() << "\n";
}

}  // namespace

void add_sweep_command(CLI::App& app) {
  auto options = std::make_shared<SweepOptions>();
  CLI::App* cmd = app.add_subcommand(
      "sweep", "Run a scenario over a grid of parameter values on common random numbers");
  cmd->add_option("scenario", options->scenario, "Shipped scenario name or scenario file")
      ->required()
      ->check(non_empty("a scenario name or file"));
  one_value_each_use(cmd->add_option("--vary", options->vary, "KEY=V1,V2,... (repeat for a grid)"))
      ->required();
  cmd->add_option("-r,--replications", options->replications,
                  "Replications per point (default: the scenario's run.replications)")
      ->check(whole_number(1, 1'000'000));
  cmd->add_option("-j,--threads", options->threads, "Worker threads (0: all cores)")
      ->check(whole_number(0, max_threads))
      ->capture_default_str();
  cmd->add_option("--seed", options->seed,
                  "Seed for every point (default: the scenario's run.seed)")
      ->check(whole_number(0));
  cmd->add_option("-o,--out", options->out, "Output folder (default out/sweep-SCENARIO)")
      ->check(non_empty("a folder"));
  one_value_each_use(cmd->add_option("--set", options->sets,
                                     "Override a key at every point, KEY=VALUE (repeatable)"));
  cmd->add_option("--parameters", options->parameters,
                  "Parameter sample (parameters.csv of calibrate): replication i of every point "
                  "takes the same weighted set of its keys (docs/calibration.md)")
      ->check(non_empty("a parameters.csv file"));
  cmd->add_flag("--force", options->force, "Replace an existing output folder");
  cmd->add_flag("--no-report", options->no_report, "Do not write report.html");
  add_max_runs_option(cmd, options->max_runs);
  cmd->callback([options] { sweep(*options); });
}

}  // namespace caremarket::cli
