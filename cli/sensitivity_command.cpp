// `caremarket sensitivity SCENARIO`: one-at-a-time sensitivity of the headline KPIs to every
// numeric parameter across its plausible range (a tornado), and Morris screening with
// --morris R.

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "analysis/sensitivity.hpp"
#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "cli/say.hpp"
#include "cli/scenario_loading.hpp"
#include "cli/work_limits.hpp"
#include "results/analysis_report.hpp"
#include "results/atomic_folder.hpp"
#include "results/format.hpp"
#include "scenarios/parameter_list.hpp"
#include "scenarios/suggest.hpp"
#include "scenarios/toml_scenario.hpp"

namespace caremarket::cli {

namespace {

struct SensitivityCommandOptions {
  std::string scenario = "kent-baseline";
  std::int64_t replications = 20;
  int threads = 0;
  double swing = 0.25;
  double settle = 0.1;
  std::vector<std::string> only;
  int morris = 0;
  std::string out;
  bool force = false;
  bool no_report = false;
  bool list = false;
  std::vector<std::string> sets;
  std::string parameters;
  std::int64_t max_runs = default_max_runs;
};

/// The --only prefixes that match no numeric parameter's key of `s` (nor a dotted part of one),
/// each as its message: a misspelt prefix would silently vary nothing it was meant to.
std::vector<std::string> only_faults(const std::vector<std::string>& only,
                                     const scenarios::Scenario& s,
                                     const analysis::ParameterSample* sample) {
  std::vector<std::string> prefixes;
  for (const auto& p : scenarios::numeric_parameters(s)) {
    for (std::size_t dot = p.key.find('.'); dot != std::string::npos;
         dot = p.key.find('.', dot + 1))
      prefixes.push_back(p.key.substr(0, dot));
    prefixes.push_back(p.key);
  }
  std::vector<std::string> out;
  std::vector<std::string> seen;  // a prefix given twice is said once
  for (const std::string& prefix : only) {
    if (std::find(seen.begin(), seen.end(), prefix) != seen.end()) continue;
    seen.push_back(prefix);
    if (std::any_of(prefixes.begin(), prefixes.end(),
                    [&](const std::string& k) { return k.starts_with(prefix); }))
      continue;
    // A group's prefix (demand.homecare.prisons), or a prefix inside it (...prisons.package),
    // of a group with nobody in care and no referrals: said as the group's, as its keys are.
    const auto dots = std::count(prefix.begin(), prefix.end(), '.');
    const bool group_prefix = dots == 2;
    const auto silent =
        dots >= 2 && prefix.starts_with("demand.")
            ? scenarios::silent_group_reason(s, group_prefix ? prefix + "." : prefix, group_prefix)
            : std::nullopt;
    if (const auto reason = scenarios::not_varied_reason(prefix, &s)) {
      out.push_back("--only " + prefix + ": " + *reason +
                    (silent ? zero_start_note(sample, prefix) : std::string()));
    } else if (silent) {
      out.push_back("--only " + prefix + ": " + *silent + zero_start_note(sample, prefix + "."));
    } else {
      out.push_back("--only " + prefix + ": no numeric parameter's key starts with it" +
                    scenarios::did_you_mean(prefix, prefixes) +
                    " (caremarket sensitivity --list lists them)");
    }
  }
  return out;
}

void sensitivity(const SensitivityCommandOptions& o) {
  const bool unread =
      refuse_unread_replications(o.sets, "sensitivity", SensitivityCommandOptions{}.replications);
  // A --parameters file's faults are said with the scenario's, in one run: those no scenario
  // decides where the scenario cannot be loaded, else all of them against it (below).
  // A refused --set of run.replications is not also said to clash with the -r the user may
  // never have typed: the scenario is then loaded without -r (the command stops anyway).
  const std::vector<std::string>& sets = o.sets;
  const std::int64_t load_replications = unread ? -1 : o.replications;
  const auto sample_faults = sample_faults_without_scenario(o.parameters, sets);
  // The sample's key columns: one giving a group with nobody in care its people or referrals
  // (initial_people, referrals_per_year) in some row makes that group's other keys move the model.
  std::vector<std::string> sample_keys;
  std::optional<analysis::ParameterSample> header_sample;
  if (!o.parameters.empty()) {
    try {
      std::vector<std::string> said_above;  // its faults are in sample_faults
      header_sample = analysis::load_parameter_sample(o.parameters, nullptr, &said_above);
      sample_keys = analysis::group_starting_keys(*header_sample);
    } catch (const analysis::ParameterSampleError&) {
      // Unreadable: said in sample_faults.
    }
  }
  const analysis::ParameterSample* sample_read = header_sample ? &*header_sample : nullptr;
  std::vector<std::string> load_errors;
  std::optional<LoadedScenario> loaded;
  try {
    loaded = load_or_exit(o.scenario, sets, load_replications, -1, {}, &load_errors);
  } catch (const Exit&) {
    for (const auto& line : load_errors) say_error(line);
    say_errors(sample_faults);
    // --only is said in the same run, checked against the scenario without the --set options
    // when that loads: its prefixes name keys, which the --set values rarely change.
    try {
      for (const auto& line : only_faults(
               o.only,
               scenarios::with_groups_keys_start(scenarios::load_scenario(o.scenario), sample_keys),
               sample_read))
        say_error(line);
    } catch (const scenarios::ScenarioError&) {
      // The scenario's own errors are said above.
    }
    throw;
  }
  const LoadedScenario& base = *loaded;
  // --only is said with the sample's faults (its keys and values, against the scenario).
  const auto bad_only = only_faults(
      o.only, scenarios::with_groups_keys_start(base.scenario, sample_keys), sample_read);
  for (const auto& line : bad_only) say_error(line);
  if (unread) {
    if (!o.parameters.empty()) static_cast<void>(said_sample_faults(o.parameters, base, sets));
    throw Exit{exit_bad_input};
  }
  analysis::SensitivityOptions options;
  options.replications = o.replications;
  options.threads = o.threads;
  options.relative_swing = o.swing;
  options.settle = o.settle + 0.0;  // -0 is 0
  options.only = o.only;
  options.morris_trajectories = o.morris;
  // Parameter uncertainty: the sample's keys are drawn, not varied; every evaluation's
  // replication i takes the same row, so differences stay the varied parameter's.
  // Its faults are said with nothing left to vary (its keys are known whatever its rows' faults).
  std::optional<SampledParameters> sampled;
  std::vector<std::string> sample_said;
  if (!o.parameters.empty()) {
    // Checked, not built.
    sampled = load_sampled_parameters(o.parameters, base, o.sets, false, &sample_said);
    say_errors(sample_said);
    options.sample = &sampled->sample;
  }
  if (!bad_only.empty()) throw Exit{exit_bad_input};
  const auto ranges = analysis::parameter_ranges(base.scenario, options);
  if (ranges.empty()) {
    std::cerr << "caremarket: error: no numeric parameter is left to vary: "
              << (o.only.empty() ? "" : "--only matches only ")
              << (sampled ? "keys the parameter sample " + o.parameters + " draws" : "zero values")
              << "\n";
    throw Exit{exit_bad_input};
  }
  if (!sample_said.empty()) throw Exit{exit_bad_input};
  // Every end is built before anything runs: a range the scenario refuses at an end is left
  // out, said here; when every range is, nothing is left to vary.
  analysis::CheckedRanges checked;
  auto refused = [](const scenarios::ScenarioError& e) {
    for (const auto& line : e.errors()) say_error(line);
    return Exit{exit_bad_input};
  };
  try {
    checked = analysis::check_ranges(o.scenario, o.sets, options, ranges);
  } catch (const scenarios::ScenarioError& e) {
    throw refused(e);
  }
  {
    // The work is known once the ranges left out are: refused before any Morris point is built
    // (with --list too, which builds them all).
    const auto n = static_cast<std::int64_t>(checked.ranges.size());
    const std::int64_t evaluations = saturating_sum(1 + 2 * n, saturating_product(o.morris, n + 1));
    check_work("sensitivity",
               results::counted(evaluations, "evaluation") + " x " +
                   results::counted(o.replications, "replication"),
               saturating_product(evaluations, o.replications), o.max_runs);
  }
  try {
    // Every Morris point, which moves several parameters at once (--list says so too).
    analysis::check_morris_points(o.scenario, o.sets, options, checked);
  } catch (const scenarios::ScenarioError& e) {
    throw refused(e);
  }
  // One warning a parameter: its first refused end, then the other's, each with its reasons.
  for (const analysis::LeftOutParameter& left : checked.left_out) {
    for (std::size_t i = 0; i < left.refused.size(); ++i) {
      const analysis::RefusedEnd& end = left.refused[i];
      if (i == 0) {
        std::cerr << "caremarket: warning: " << left.range.parameter.key
                  << " is left out of the analysis: its " << analysis::refused_end_text(end)
                  << ", is refused by the scenario ("
                  << (left.narrower_swing_may_help()
                          ? "a narrower --swing may vary it"
                          : "no --swing varies it: the nearest end a --swing gives is refused too")
                  << "):\n";
      } else {
        std::cerr << "caremarket: warning:   and its " << analysis::refused_end_text(end)
                  << ", is refused too:\n";
      }
      for (const auto& line : end.errors) std::cerr << "caremarket: warning:   " << line << '\n';
    }
  }
  if (o.list) {
    for (const auto& r : ranges) {
      // As the messages and sensitivity.csv write numbers (12 significant digits), not the
      // stream's 6 (1.24496e+06).
      const bool left_out = std::any_of(
          checked.left_out.begin(), checked.left_out.end(),
          [&](const auto& left) { return left.range.parameter.key == r.parameter.key; });
      std::cout << r.parameter.key << ' ' << results::format_number(r.parameter.value) << " ["
                << results::format_number(r.low) << ", " << results::format_number(r.high) << "]"
                << (left_out ? " left out: the scenario refuses an end" : "") << "\n";
    }
    return;
  }
  const std::string name = base.scenario.name;
  const std::filesystem::path out =
      o.out.empty() ? default_output_folder("sensitivity-", name) : std::filesystem::path(o.out);
  check_output_folder(out, o.force);
  std::cerr << "caremarket: sensitivity of " << name << " to "
            << results::counted(static_cast<long long>(checked.ranges.size()), "parameter");
  if (!checked.left_out.empty()) std::cerr << " (" << checked.left_out.size() << " left out)";
  std::cerr << ", " << results::counted(o.replications, "replication") << " per evaluation\n";
  if (sampled) {
    std::cerr << sample_line(*sampled, o.parameters) << "; those keys are not varied\n";
  }
  ProgressBar bar("sensitivity");
  options.progress = [&](std::int64_t done, std::int64_t total) { bar.update(done, total); };
  analysis::SensitivityResult result;
  try {
    result = analysis::run_sensitivity(o.scenario, o.sets, options, checked);
    bar.finish();
  } catch (const scenarios::ScenarioError& e) {
    bar.finish();
    for (const auto& line : e.errors()) say_error(line);
    throw Exit{exit_bad_input};
  }
  std::vector<results::FolderFile> files;
  std::ostringstream sensitivity_csv;
  analysis::write_sensitivity_csv(sensitivity_csv, name, result);
  files.push_back(results::text_file("sensitivity.csv", sensitivity_csv.str()));
  std::ostringstream morris_csv;
  if (!result.morris.empty()) {
    analysis::write_morris_csv(morris_csv, name, result);
    files.push_back(results::text_file("morris.csv", morris_csv.str()));
  }
  files.push_back(results::text_file(safe_name(name) + ".resolved.toml",
                                     resolved_text(base.resolved_toml, options.sample)));
  nlohmann::ordered_json m = manifest_header("sensitivity");
  m["scenario"] = name;
  m["overrides"] = o.sets;  // every --set, as given, under every evaluation
  m["scenario_hash"] = base.hash;
  m["seed"] = base.params.run.seed;
  m["replications_per_evaluation"] = o.replications;
  m["relative_swing"] = o.swing;
  m["parameters"] = checked.ranges.size();
  // Each parameter left out, with every end the scenario refused and why.
  m["left_out"] = nlohmann::ordered_json::array();
  for (const analysis::LeftOutParameter& left : result.left_out) {
    nlohmann::ordered_json ends = nlohmann::ordered_json::array();
    for (const analysis::RefusedEnd& end : left.refused) {
      ends.push_back({{"end", end.low ? "low" : "high"},
                      {"value", end.value},
                      {"origin", end.origin},
                      {"errors", end.errors}});
    }
    m["left_out"].push_back({{"parameter", left.range.parameter.key},
                             {"value", left.range.parameter.value},
                             {"low", left.range.low},
                             {"high", left.range.high},
                             {"narrower_swing_may_help", left.narrower_swing_may_help()},
                             {"refused", std::move(ends)}});
  }
  m["only"] = o.only;  // every --only prefix, as given; empty: every numeric parameter
  m["morris_trajectories"] = o.morris;
  m["evaluations"] = result.evaluations;
  m["settle"] = options.settle;
  // The batch the ends ran in: all the replications at once when nothing can stop.
  m["settle_batch"] =
      options.settle > 0.0 ? std::min(options.batch, o.replications) : o.replications;
  m["replications_run"] = result.replications_run;
  m["replications_without_stopping"] = result.replications_unstopped;
  m["replications_reused"] = result.replications_reused;
  if (sampled) m["parameter_sample"] = parameter_sample_json(*sampled);
  write_analysis_folder(
      out, std::move(files), std::move(m), !o.no_report,
      [&](const std::string& manifest) {
        return results::build_sensitivity_report_html(manifest, sensitivity_csv.str(),
                                                      morris_csv.str());
      },
      o.force);
  // A full analysis's replications, three ways: run, taken from the scenario's own runs, and
  // not needed once a parameter stopped.
  const std::int64_t stopped =
      result.replications_unstopped - result.replications_run - result.replications_reused;
  std::cerr << "caremarket: " << results::counted(result.evaluations, "evaluation") << ", "
            << results::counted(result.replications_run, "replication") << " run";
  if (result.replications_reused > 0) {
    std::cerr << ", " << result.replications_reused
              << " taken from the scenario's own runs (parameter ends that build the same model)";
  }
  if (stopped > 0) std::cerr << ", " << stopped << " not needed (sequential stopping)";
  std::cerr << ", of " << result.replications_unstopped << " in a full analysis; sensitivity in "
            << out.string() << "\n";
}

}  // namespace

void add_sensitivity_command(CLI::App& app) {
  auto options = std::make_shared<SensitivityCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "sensitivity",
      "How much the headline KPIs move across each numeric parameter's plausible range");
  cmd->add_option("scenario", options->scenario, "Shipped scenario name or scenario file")
      ->capture_default_str()
      ->check(non_empty("a scenario name or file"));
  cmd->add_option("-r,--replications", options->replications, "Replications per evaluation")
      ->check(whole_number(1, 1'000'000))
      ->capture_default_str();
  cmd->add_option("-j,--threads", options->threads, "Worker threads (0: all cores)")
      ->check(whole_number(0, max_threads))
      ->capture_default_str();
  cmd->add_option("--swing", options->swing, "Plausible range: value x (1 -/+ swing)")
      ->check(number_in(analysis::least_swing, 0.99))
      ->capture_default_str();
  cmd->add_option("--settle", options->settle,
                  "Stop a parameter's two ends once every KPI's swing is known to 95% within "
                  "this share of the KPI's longest swing less its half-width (0: every end "
                  "runs all replications)")
      ->check(number_in(0.0, 1.0))
      ->capture_default_str();
  one_value_each_use(cmd->add_option("--only", options->only,
                                     "Vary only keys starting with this prefix (repeatable)"))
      ->check(non_empty("the start of a parameter key"))
      ->transform([](std::string prefix) { return scenarios::plain_key(prefix); });
  cmd->add_option("--morris", options->morris,
                  "Morris elementary-effects screening with R trajectories (0: none)")
      ->check(whole_number(0, 10'000))
      ->capture_default_str();
  cmd->add_option("-o,--out", options->out, "Output folder (default out/sensitivity-SCENARIO)")
      ->check(non_empty("a folder"));
  one_value_each_use(cmd->add_option("--set", options->sets,
                                     "Override a key in every evaluation, KEY=VALUE (repeatable)"));
  cmd->add_option("--parameters", options->parameters,
                  "Parameter sample (parameters.csv of calibrate): replication i of every "
                  "evaluation takes the same weighted set of its keys, which are not varied "
                  "(docs/calibration.md)")
      ->check(non_empty("a parameters.csv file"));
  cmd->add_flag("--force", options->force, "Replace an existing output folder");
  cmd->add_flag("--no-report", options->no_report, "Do not write report.html");
  add_max_runs_option(cmd, options->max_runs);
  cmd->add_flag("--list", options->list,
                "List the parameters and ranges that would be varied, and stop");
  cmd->callback([options] { sensitivity(*options); });
}

}  // namespace caremarket::cli
