// `caremarket calibrate SCENARIO --targets FILE --vary KEY=LOW..HIGH ...`: fits the varied keys
// to recorded figures by ABC-SMC (analysis/calibration.hpp, docs/calibration.md) and writes a
// folder with the parameter sample, the posterior of each key, the targets against the
// posterior predictive, the waves, the manifest and the report.

#include <algorithm>
#include <array>
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "analysis/calibration.hpp"
#include "analysis/parameter_sample.hpp"
#include "analysis/targets.hpp"
#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "cli/interrupt.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "cli/say.hpp"
#include "cli/scenario_loading.hpp"
#include "results/analysis_report.hpp"
#include "results/atomic_folder.hpp"
#include "results/format.hpp"
#include "scenarios/suggest.hpp"
#include "scenarios/toml_scenario.hpp"
#include "sim/calendar.hpp"

namespace caremarket::cli {

namespace {

struct CalibrateOptions {
  std::string scenario;
  std::string targets;
  std::string fit_until;         // targets dated after it are held out
  bool fit_until_given = false;  // --fit-until was given (an empty date is refused)
  std::vector<std::string> vary;
  std::int64_t particles = 200;
  int waves = 4;
  double quantile = 0.5;
  std::int64_t max_simulations = 0;
  int threads = 0;
  std::int64_t seed = -1;
  std::string out;
  bool force = false;
  bool no_report = false;
  std::vector<std::string> sets;
};

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void calibrate(const CalibrateOptions& o) {
  // Everything is checked before anything runs: priors, their keys and ranges, the scenario at
  // both ends of every range, the targets against the scenario's periods and areas. Faults that
  // do not depend on each other are all said before the command stops: the --vary options, the
  // scenario with its --set options, and the targets file (its columns, and whether it can be
  // read and has rows, at once; its rows against the scenario, so once it loads); the ends of
  // the ranges once every --vary and the targets are taken.
  std::vector<analysis::Prior> priors;
  std::vector<std::string> prior_texts;  // the --vary that gives each prior, as typed
  bool bad = false;
  std::vector<std::pair<std::string, std::size_t>>
      repeated;  // keys given more than once, how often
  for (const std::string& v : o.vary) {
    try {
      analysis::Prior prior = analysis::parse_prior(v);
      // A key given twice is said at once, with the scenario's faults (the second range would
      // be a second column of one key).
      if (std::any_of(priors.begin(), priors.end(),
                      [&](const analysis::Prior& p) { return p.key == prior.key; })) {
        auto it = std::find_if(repeated.begin(), repeated.end(),
                               [&](const auto& r) { return r.first == prior.key; });
        if (it == repeated.end()) it = repeated.insert(repeated.end(), {prior.key, 1});
        ++it->second;
        continue;
      }
      priors.push_back(std::move(prior));
      prior_texts.push_back(v);
    } catch (const std::invalid_argument& e) {
      say_error(e.what());
      bad = true;
    }
  }
  for (const auto& [key, times] : repeated) {
    std::cerr << "caremarket: error: --vary " << key << " is given " << times_given(times)
              << "; give one range for it\n";
    bad = true;
  }
  // A --set of a key the calibration varies would be replaced by every particle's value: said
  // once for each --vary, naming every --set of its key.
  std::vector<bool> set_clash(priors.size(), false);  // a --set gives the key too
  for (std::size_t k = 0; k < priors.size(); ++k) {
    const analysis::Prior& p = priors[k];
    std::vector<std::string> setting;
    for (const std::string& set : o.sets) {
      const auto leaves = scenarios::override_leaves(set);
      if (std::any_of(leaves.begin(), leaves.end(), [&](const scenarios::OverrideLeaf& leaf) {
            return analysis::leaf_covers(leaf, p.key);
          }))
        setting.push_back("--set " + set);
    }
    if (setting.empty()) continue;
    set_clash[k] = true;
    const std::string who = results::join_words(setting);
    std::cerr << "caremarket: error: " << who << ": --vary " << p.key << " fits this key, so the "
              << (setting.size() == 1 ? "value" : "values") << " set would never be used; drop "
              << (setting.size() == 1 ? "one of them" : "those --set options, or the --vary")
              << "\n";
    bad = true;
  }
  if (o.fit_until_given) {
    if (const auto fault = sim::date_fault(o.fit_until)) {
      std::cerr << "caremarket: error: --fit-until: '" << o.fit_until << "' " << *fault << '\n';
      bad = true;
    }
  }
  // The first wave draws every particle from the prior and keeps it: one simulation each.
  if (o.max_simulations > 0 && o.max_simulations < o.particles) {
    std::cerr << "caremarket: error: --max-simulations " << o.max_simulations
              << " cannot complete the first wave, which simulates each of its "
              << results::counted(o.particles, "particle") << " once; allow at least "
              << o.particles << " (or fewer particles with -n)\n";
    bad = true;
  }
  // A targets file's faults are said with the scenario's, in one run: those no scenario decides
  // (it cannot be read, its columns, no rows) where the scenario cannot be loaded, else every
  // fault of its rows against the scenario too (load_targets, below).
  const std::vector<std::string> file_faults = analysis::targets_file_faults(o.targets);
  LoadedScenario base;
  try {
    base = load_or_exit(o.scenario, o.sets, -1, o.seed);
  } catch (const Exit&) {
    say_file_faults(file_faults, "--targets", o.targets);
    throw;
  }
  const std::vector<std::string> prior_problems = analysis::resolve_priors(priors, base.scenario);
  for (const std::string& problem : prior_problems) {
    say_error(problem);
    bad = true;
  }
  std::vector<analysis::Target> targets;
  bool targets_read = true;
  try {
    targets = analysis::load_targets(o.targets, base.params, base.scenario.area_code);
  } catch (const analysis::TargetsError& e) {
    say_file_faults(e.problems(), "--targets", o.targets);
    bad = true;
    targets_read = false;
  }
  // The scenario at each corner of the priors (every key at its low end, then at its high end)
  // must load: both corners are checked, and said with the faults above, each fault once. A
  // prior refused above (its key, its range) is left out of them, so that it hides no fault
  // the others' ends cause.
  std::vector<bool> prior_refused(priors.size(), false);
  for (std::size_t k = 0; k < priors.size(); ++k)
    for (const std::string& problem : prior_problems)
      if (problem.starts_with("--vary " + priors[k].key + ":")) prior_refused[k] = true;
  if (std::find(prior_refused.begin(), prior_refused.end(), false) != prior_refused.end()) {
    // Each fault once, with the corners that refused it and each corner's values.
    struct CornerFault {
      std::string line;
      std::array<bool, 2> at{};
    };
    std::vector<CornerFault> corner_faults;
    // Each note of a corner's model that the scenario's own has not (said when it loaded),
    // with the corners it is of.
    std::vector<CornerFault> corner_notes;
    std::vector<std::string> base_notes;
    for (const std::string& n : scenarios::model_notes(base.params))
      base_notes.push_back(base.scenario.name + ": " + n);
    std::array<std::string, 2> corner_values;
    for (const bool high : {false, true}) {
      std::vector<double> corner;
      for (const auto& p : priors)
        corner.push_back(analysis::applied_value(p, high ? p.high : p.low));
      // Each corner's value is named by the --vary that gives it, not as a --set never given.
      // A key a --set gives too is said above: the corner keeps the --set's value, so that the
      // clash is not said again at each corner.
      std::vector<scenarios::Override> ends;
      const std::vector<std::string> texts = analysis::parameter_sets(priors, corner);
      std::string values;  // "K=V, J=U", each value as typed
      for (std::size_t k = 0; k < texts.size(); ++k) {
        if (prior_refused[k]) continue;
        // As typed, unless a whole-number key rounds it.
        const std::string value = priors[k].integer ? results::format_number(corner[k])
                                                    : analysis::prior_end_text(priors[k], high);
        values += (values.empty() ? "" : ", ") + priors[k].key + "=" + value;
        if (set_clash[k]) continue;
        ends.push_back({texts[k], "--vary " + prior_texts[k] + " (its " + (high ? "high" : "low") +
                                      " end, " + value + ")"});
      }
      corner_values[high ? 1 : 0] = values;
      std::vector<std::string> errors;
      std::vector<std::string> notes;
      try {
        static_cast<void>(load_or_exit(o.scenario, o.sets, -1, o.seed, ends, &errors, &notes));
        for (const std::string& n : notes) {
          if (std::find(base_notes.begin(), base_notes.end(), n) != base_notes.end()) continue;
          auto it = std::find_if(corner_notes.begin(), corner_notes.end(),
                                 [&](const CornerFault& f) { return f.line == n; });
          if (it == corner_notes.end())
            it = corner_notes.insert(corner_notes.end(), CornerFault{n, {}});
          it->at[high ? 1 : 0] = true;
        }
      } catch (const Exit&) {
        for (const std::string& line : errors) {
          auto it = std::find_if(corner_faults.begin(), corner_faults.end(),
                                 [&](const CornerFault& f) { return f.line == line; });
          if (it == corner_faults.end())
            it = corner_faults.insert(corner_faults.end(), CornerFault{line, {}});
          it->at[high ? 1 : 0] = true;
        }
        bad = true;
      }
    }
    // A fault of a --vary's own end names it; any other (a shock naming a provider the low
    // end's market lacks, said of the scenario file's line) is said with the corner that
    // refused it, so that the --vary, not the file, is seen to be its cause.
    const auto corner_words = [&](const CornerFault& f) {
      if (f.at[0] && f.at[1])
        return "at both corners of the priors (" + corner_values[0] + "; " + corner_values[1] +
               "): ";
      return std::string("at the priors' ") + (f.at[0] ? "low" : "high") + " corner (" +
             corner_values[f.at[0] ? 0 : 1] + "): ";
    };
    for (const CornerFault& f : corner_notes)
      std::cerr << "caremarket: note: " << corner_words(f) << f.line << '\n';
    for (const CornerFault& f : corner_faults)
      say_error(f.line.starts_with("--vary ") ? f.line : corner_words(f) + f.line);
    // A key the model does not read (a supported-living entrant count where supported living
    // never reopens) builds the same model at both its ends: the targets can say nothing of
    // it, and its posterior would be its prior. Judged from both corners (each key moved alone
    // from the low corner, and from the high one), so that a key another prior switches on (a
    // silent group's growth beside its people) is not taken for one never read.
    if (corner_faults.empty() && !bad) {
      const auto model_at = [&](const std::vector<bool>& high) -> std::optional<sim::ModelParams> {
        std::vector<double> values;
        for (std::size_t k = 0; k < priors.size(); ++k)
          values.push_back(
              analysis::applied_value(priors[k], high[k] ? priors[k].high : priors[k].low));
        const std::vector<std::string> texts = analysis::parameter_sets(priors, values);
        std::vector<scenarios::Override> ends;
        for (std::size_t k = 0; k < texts.size(); ++k)
          if (!prior_refused[k] && !set_clash[k])
            ends.push_back({texts[k], "--vary " + prior_texts[k]});
        std::vector<std::string> errors, notes;
        try {
          return load_or_exit(o.scenario, o.sets, -1, o.seed, ends, &errors, &notes).params;
        } catch (const Exit&) {
          return std::nullopt;
        }
      };
      std::array<std::optional<sim::ModelParams>, 2> corner_model{
          model_at(std::vector<bool>(priors.size(), false)),
          model_at(std::vector<bool>(priors.size(), true))};
      for (std::size_t k = 0; k < priors.size(); ++k) {
        if (prior_refused[k] || set_clash[k]) continue;
        bool unread = true;
        for (const bool high : {false, true}) {
          std::vector<bool> at(priors.size(), high);
          at[k] = !high;
          const auto moved = corner_model[high ? 1 : 0] ? model_at(at) : std::nullopt;
          unread = unread && moved && *moved == *corner_model[high ? 1 : 0];
        }
        if (!unread) continue;
        say_error("--vary " + priors[k].key + ": its two ends build the same model (scenario " +
                  base.scenario.name +
                  "'s model does not read this key), so the targets can "
                  "say nothing of it and its posterior would be its prior; vary a key the model "
                  "reads (docs/parameters.md)");
        bad = true;
      }
    }
  }
  std::size_t held_out = 0;
  if (o.fit_until_given && targets_read && !sim::date_fault(o.fit_until)) {
    // A target is held out when any of it lies after the date: its date, or a range's end.
    for (analysis::Target& t : targets) {
      const auto dots = t.date.find("..");
      const std::string last = dots == std::string::npos ? t.date : t.date.substr(dots + 2);
      t.held_out = last > o.fit_until;  // ISO dates order as text
      held_out += t.held_out ? 1 : 0;
    }
    if (held_out == targets.size()) {
      std::cerr << "caremarket: error: --fit-until " << o.fit_until << ": every target of "
                << o.targets << " is dated after it; none is left to fit\n";
      bad = true;
    }
  }
  if (bad) throw Exit{exit_bad_input};
  if (o.waves == 1) {
    std::cerr << "caremarket: note: --waves 1 draws the particles from the prior and keeps them "
                 "all, so it fits nothing; --waves 2 or more fits\n";
  }
  const std::string name = base.scenario.name;
  const std::filesystem::path out = o.out.empty()
                                        ? std::filesystem::path("out") / ("calibrate-" + name)
                                        : std::filesystem::path(o.out);
  note_input_file(o.targets);
  check_output_folder(out, o.force);

  analysis::AbcSmcOptions options;
  options.particles = o.particles;
  options.waves = o.waves;
  options.quantile = o.quantile;
  options.max_simulations = o.max_simulations;
  options.seed = base.params.run.seed;
  options.threads = o.threads;
  options.cancelled = interrupted;
  ProgressBar bar("calibrating " + name);
  options.progress = [&](int wave, std::int64_t accepted, std::int64_t) {
    bar.update(static_cast<std::int64_t>(wave) * o.particles + accepted,
               static_cast<std::int64_t>(o.waves) * o.particles);
  };
  std::cerr << "caremarket: calibrating " << name << ": "
            << results::counted(static_cast<long long>(priors.size()), "key") << ", "
            << results::counted(static_cast<long long>(targets.size() - held_out), "target")
            << " fitted"
            << (held_out > 0 ? " and " + std::to_string(held_out) + " held out" : std::string())
            << ", " << results::counted(o.waves, "wave") << " of "
            << results::counted(o.particles, "particle") << " (ABC-SMC)\n";
  const auto t0 = std::chrono::steady_clock::now();
  analysis::AbcSmcResult result;
  try {
    result = analysis::run_abc_smc(
        priors, targets, analysis::scenario_model_for(o.scenario, o.sets, priors, base.scenario),
        options);
  } catch (const scenarios::ScenarioError& e) {
    for (const auto& line : e.errors()) say_error(line);
    throw Exit{exit_bad_input};
  }
  exit_if_interrupted();  // before anything is written
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (result.particles.empty()) {
    std::cerr << "caremarket: error: the simulation budget (--max-simulations) ran out before the "
                 "first wave was complete\n";
    throw Exit{exit_failed};
  }
  if (result.budget_exhausted) {
    // Counted from 1 here, as the report words it; waves.csv numbers them from 0.
    std::cerr << "caremarket: warning: the simulation budget ran out in wave "
              << result.waves.size() + 1 << " of " << o.waves << " (wave " << result.waves.size()
              << " in waves.csv, which counts from 0); the sample is the last complete wave's\n";
  }
  // The sample as `run --parameters` would read it: a prior that can give a silent group
  // people (initial_people=0..0.51) may have drawn 0 in every particle kept, and then the
  // group's other columns move nothing, which run refuses. Said here, before anyone runs it.
  const std::vector<std::string> sample_faults =
      parameters_csv_faults(priors, result, base.scenario, (out / "parameters.csv").string());
  for (const std::string& fault : sample_faults) {
    std::cerr << "caremarket: warning: run --parameters will refuse " << fault << '\n';
  }
  std::vector<results::FolderFile> files;
  std::ostringstream parameters_csv, posterior_csv, targets_csv, waves_csv;
  analysis::write_parameters_csv(parameters_csv, priors, result);
  analysis::write_posterior_csv(posterior_csv, priors, result);
  analysis::write_target_diagnostics_csv(targets_csv, targets, result);
  analysis::write_waves_csv(waves_csv, result);
  files.push_back(results::text_file("parameters.csv", parameters_csv.str()));
  files.push_back(results::text_file("posterior.csv", posterior_csv.str()));
  files.push_back(results::text_file("targets.csv", targets_csv.str()));
  files.push_back(results::text_file("waves.csv", waves_csv.str()));
  files.push_back(results::text_file("scenario.resolved.toml", base.resolved_toml));
  const std::string targets_text = read_all(o.targets);
  files.push_back(results::text_file("targets.input.csv", targets_text));
  nlohmann::ordered_json m = manifest_header("calibrate");
  m["scenario"] = name;
  m["overrides"] = o.sets;  // every --set, as given, under every simulation
  m["scenario_hash"] = base.hash;
  m["seed"] = base.params.run.seed;
  m["method"] = "ABC-SMC (Toni et al. 2009; Beaumont et al. 2009)";
  m["targets_file"] = std::filesystem::path(o.targets).filename().string();
  m["targets_hash"] = text_hash(targets_text);
  m["targets"] = targets.size();
  m["fit_until"] =
      o.fit_until.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(o.fit_until);
  m["targets_held_out"] = held_out;
  m["varied"] = nlohmann::ordered_json::array();
  for (const auto& p : priors)
    m["varied"].push_back(
        {{"key", p.key}, {"low", p.low}, {"high", p.high}, {"integer", p.integer}});
  m["particles"] = o.particles;
  m["waves_asked"] = o.waves;
  m["waves_completed"] = result.waves.size();
  m["quantile"] = o.quantile;
  m["simulations"] = result.simulations;
  m["budget_exhausted"] = result.budget_exhausted;
  m["final_tolerance"] = result.waves.back().tolerance;
  m["effective_sample_size"] = result.waves.back().ess;
  // Named as the folder's own file, not by the path this run wrote it to.
  m["parameters_refused"] =
      sample_faults.empty()
          ? std::vector<std::string>{}
          : analysis::parameters_csv_faults(priors, result, base.scenario, "parameters.csv");
  write_analysis_folder(
      out, std::move(files), std::move(m), !o.no_report,
      [&](const std::string& manifest) {
        return results::build_calibration_report_html(manifest, parameters_csv.str(),
                                                      posterior_csv.str(), targets_csv.str());
      },
      o.force);
  std::cerr << "caremarket: " << result.simulations << " simulations in "
            << results::format_number(wall) << " s; calibration in " << out.string() << "\n";
}

}  // namespace

void add_calibrate_command(CLI::App& app) {
  auto options = std::make_shared<CalibrateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "calibrate", "Fit scenario keys to recorded figures by ABC-SMC (docs/calibration.md)");
  cmd->add_option("scenario", options->scenario, "Shipped scenario name or scenario file")
      ->required()
      ->check(non_empty("a scenario name or file"));
  cmd->add_option("--targets", options->targets, "Targets file (CSV, docs/calibration.md)")
      ->required()
      ->check(non_empty("a targets CSV file"));
  CLI::Option* fit_until =
      cmd->add_option("--fit-until", options->fit_until,
                      "Fit only targets dated up to this day (YYYY-MM-DD); later ones are held out "
                      "and predicted");
  one_value_each_use(
      cmd->add_option("--vary", options->vary, "KEY=LOW..HIGH, a uniform prior (repeatable)"))
      ->required();
  cmd->add_option("-n,--particles", options->particles, "Particles per wave")
      ->check(whole_number(2, 1'000'000));
  cmd->add_option("--waves", options->waves, "Waves (populations), the prior's included")
      ->check(whole_number(1, 100));
  cmd->add_option("--quantile", options->quantile,
                  "Each wave's tolerance: this quantile of the previous wave's distances")
      ->check(number_in(0.01, 0.99));
  cmd->add_option("--max-simulations", options->max_simulations,
                  "Simulations allowed in all (0: 40 x particles x waves)")
      ->check(whole_number(0));
  cmd->add_option("-j,--threads", options->threads, "Worker threads (0: all cores)")
      ->check(whole_number(0, max_threads));
  cmd->add_option("--seed", options->seed, "Seed (default: the scenario's)")
      ->check(whole_number(0));
  cmd->add_option("-o,--out", options->out, "Output folder (default out/calibrate-SCENARIO)")
      ->check(non_empty("a folder"));
  one_value_each_use(
      cmd->add_option("--set", options->sets, "Override a scenario key, KEY=VALUE (repeatable)"));
  cmd->add_flag("--force", options->force, "Replace an existing output folder");
  cmd->add_flag("--no-report", options->no_report, "Do not write report.html");
  cmd->callback([options, fit_until] {
    options->fit_until_given = fit_until->count() > 0;
    // Spaces around the date are dropped, as --set and a CSV field read a date.
    options->fit_until = scenarios::trimmed(options->fit_until);
    calibrate(*options);
  });
}

}  // namespace caremarket::cli
