// `caremarket advise SCENARIO --target KPI<=X --confidence P [--budget-gbp B]`: the least extra
// contracted capacity, by district and window, that meets the target with the confidence; the
// same capacity as contracted hours or as an in-house service, against doing nothing; and the
// recommended scenario (advice.toml) to run again on other seeds.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "analysis/advise.hpp"
#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "cli/options.hpp"
#include "cli/say.hpp"
#include "cli/scenario_loading.hpp"
#include "cli/work_limits.hpp"
#include "results/analysis_report.hpp"
#include "results/atomic_folder.hpp"
#include "results/format.hpp"
#include "results/kpis.hpp"
#include "results/statistics.hpp"
#include "scenarios/limits.hpp"
#include "scenarios/toml_scenario.hpp"
#include "scenarios/toml_writer.hpp"

namespace caremarket::cli {

namespace {

struct AdviseCommandOptions {
  std::string scenario = "kent-baseline";
  std::string target;
  double confidence = 0.9;
  double budget = -1.0;
  double step_hours = 0.0;
  int step_homes = 0;
  int candidates = 6;
  int max_steps = 40;
  std::int64_t replications = 24;
  int threads = 0;
  std::int64_t seed = -1;
  std::string out;
  bool force = false;
  bool no_report = false;
  std::vector<std::string> sets;
  std::string parameters;
  std::int64_t max_runs = default_max_runs;
};

void advise(const AdviseCommandOptions& o) {
  analysis::KpiTarget target;
  bool bad_target = false;
  try {
    target = analysis::parse_target(o.target);
    analysis::refuse_target_against_direction(target);
  } catch (const std::invalid_argument& e) {
    // Said with the scenario's own errors, if it has any: the two do not depend on each other.
    say_error(e.what());
    bad_target = true;
  }
  const bool unread =
      refuse_unread_replications(o.sets, "advise", AdviseCommandOptions{}.replications);
  // A --parameters file's faults are said with the scenario's, in one run: those no scenario
  // decides where the scenario cannot be loaded, else all of them against it (below).
  // A refused --set of run.replications is not also said to clash with the -r the user may
  // never have typed: the scenario is then loaded without -r (the command stops anyway).
  const std::vector<std::string>& sets = o.sets;
  const std::int64_t load_replications = unread ? -1 : o.replications;
  const auto sample_faults = sample_faults_without_scenario(o.parameters, sets);
  LoadedScenario base;
  try {
    base = load_or_exit(o.scenario, sets, load_replications, o.seed);
  } catch (const Exit&) {
    say_errors(sample_faults);
    throw;
  }
  // Parameter uncertainty: every evaluation's replication i takes the same row, so the
  // allocation's steps compare like with like. Every row is checked here, with --target's
  // fault, so a row whose values do not fit is refused before the search starts; each
  // evaluation builds its own models.
  std::optional<SampledParameters> sampled;
  if (!o.parameters.empty()) sampled = load_sampled_parameters(o.parameters, base, sets, false);
  if (bad_target || unread) throw Exit{exit_bad_input};
  const std::string name = base.scenario.name;
  const std::filesystem::path out =
      o.out.empty() ? default_output_folder("advise-", name) : std::filesystem::path(o.out);
  // The most evaluations the search can make: the start, every step's candidates in every
  // window, and the contracted and in-house comparisons at the end.
  {
    const auto candidates = std::min<std::int64_t>(
        o.candidates, static_cast<std::int64_t>(base.params.district_codes.size()));
    const auto windows = 1 + static_cast<std::int64_t>(base.scenario.reopen_after_years.size());
    const std::int64_t evaluations =
        saturating_sum(3, saturating_product(o.max_steps, saturating_product(candidates, windows)));
    check_work("advise",
               "up to " + results::counted(evaluations, "evaluation") + " x " +
                   results::counted(base.scenario.run.replications, "replication"),
               saturating_product(evaluations, base.scenario.run.replications), o.max_runs);
  }
  check_output_folder(out, o.force);
  analysis::AdviseOptions options;
  if (sampled) options.sample = &sampled->sample;
  options.confidence = o.confidence;
  // --budget-gbp inf is no limit, as no --budget-gbp.
  options.budget_gbp = std::isinf(o.budget) ? -1.0 : o.budget;
  options.step_hours_per_week = o.step_hours;
  options.step_homes = o.step_homes;
  options.candidate_districts = o.candidates;
  options.max_steps = o.max_steps;
  options.replications = base.scenario.run.replications;
  options.threads = o.threads;
  options.log = [&](const std::string& m) { std::cerr << "caremarket: " << m << '\n'; };
  std::cerr << "caremarket: advising on " << name << " for " << o.target << " with confidence "
            << o.confidence << " (" << results::counted(options.replications, "replication")
            << " per evaluation)\n";
  // Below values_for_quantile(confidence) runs, "in 90% of runs" can only mean "in every run".
  if (o.confidence > 0 && o.confidence < 1 &&
      options.replications < results::values_for_quantile(o.confidence)) {
    const std::int64_t enough = results::values_for_quantile(o.confidence);
    std::cerr << "caremarket: note: with " << results::counted(options.replications, "replication")
              << " per evaluation, the KPI \"in " << o.confidence * 100
              << "% of runs\" is the KPI in every run made; at least " << enough
              << " are needed before a run may fall outside it (--replications " << enough
              << " or more)\n";
  }
  if (sampled) {
    std::cerr << sample_line(*sampled, o.parameters) << "\n";
  }
  // Advised supported living comes in properties of 4 homes (analysis/advise.cpp, step_homes):
  // a step given otherwise is rounded, and said so.
  if (const int step = analysis::advised_step_homes(o.step_homes);
      o.step_homes > 0 && step != o.step_homes) {
    std::cerr << "caremarket: note: --step-homes " << o.step_homes << " is rounded to " << step
              << ": advised supported living comes in properties of 4 homes\n";
  }
  analysis::Advice advice;
  try {
    advice = analysis::advise(base.scenario, target, options);
  } catch (const scenarios::ScenarioError& e) {
    for (const auto& line : e.errors()) say_error(line);
    throw Exit{exit_bad_input};
  }

  scenarios::Scenario recommended = advice.recommended;
  recommended.name = name + "-advised";
  recommended.question = "Does the advised capacity meet " + o.target + " with confidence " +
                         results::format_number(o.confidence) + "?";
  // Run it again with the same sample (run --parameters) to carry the same uncertainty.
  const std::string advice_toml =
      resolved_text(scenarios::write_resolved_scenario(recommended), options.sample);
  std::vector<results::FolderFile> files;
  std::ostringstream allocation_csv;
  analysis::write_allocation_csv(allocation_csv, advice, base.scenario, base.params.district_codes,
                                 base.params.district_names);
  files.push_back(results::text_file("allocation.csv", allocation_csv.str()));
  std::ostringstream options_csv;
  analysis::write_options_csv(options_csv, advice);
  files.push_back(results::text_file("options.csv", options_csv.str()));
  files.push_back(results::text_file("advice.toml", advice_toml));
  files.push_back(results::text_file(safe_name(name) + ".resolved.toml",
                                     resolved_text(base.resolved_toml, options.sample)));
  nlohmann::ordered_json m = manifest_header("advise");
  m["scenario"] = name;
  m["overrides"] = o.sets;  // every --set, as given, under every evaluation
  m["scenario_hash"] = base.hash;
  m["target"] = o.target;
  m["confidence"] = o.confidence;
  // No budget (the default, a negative number) is written as null.
  m["budget_gbp"] = o.budget >= 0.0 && std::isfinite(o.budget) ? nlohmann::ordered_json(o.budget)
                                                               : nlohmann::ordered_json();
  // As used: the default step (1% of the contracted capacity) worked out, and no more
  // candidate districts than the council has.
  m["step_capacity"] = advice.step_capacity;
  m["step_unit"] = sim::unit_name(results::kpi_table()[target.kpi].service);
  m["candidate_districts"] = advice.candidate_districts;
  m["max_steps"] = o.max_steps;
  m["seed"] = base.params.run.seed;
  m["replications_per_evaluation"] = options.replications;
  m["evaluations"] = advice.evaluations;
  m["target_met"] = advice.met;
  m["stopped_because"] = advice.stopped_because;
  if (sampled) m["parameter_sample"] = parameter_sample_json(*sampled);
  write_analysis_folder(
      out, std::move(files), std::move(m), !o.no_report,
      [&](const std::string& manifest) {
        return results::build_advise_report_html(manifest, allocation_csv.str(), options_csv.str());
      },
      o.force);

  const auto& kpi = results::kpi_table()[target.kpi];
  std::printf("Target: %s (%s) with confidence %s\n", o.target.c_str(), sim::to_string(kpi.service),
              results::format_number(o.confidence).c_str());
  std::printf("Without new capacity, in at least %s%% of runs the KPI is at %s %s.\n",
              results::format_number(o.confidence * 100.0).c_str(),
              target.at_most ? "most" : "least",
              results::format_number(advice.baseline_quantile).c_str());
  double total = 0.0;
  for (const auto& s : advice.steps) {
    total += s.capacity;
    std::printf("  + %s %s in %s at %s -> %s\n", results::format_number(s.capacity).c_str(),
                sim::unit_name(kpi.service), base.params.district_names.at(s.district).c_str(),
                s.window < 0 ? "the start" : ("reopening " + std::to_string(s.window + 1)).c_str(),
                results::format_number(s.quantile_after).c_str());
  }
  std::printf("%s: %s %s added in %s; stopped because %s.\n",
              advice.met ? "Target met" : "Target NOT met", results::format_number(total).c_str(),
              sim::unit_name(kpi.service),
              results::counted(static_cast<long long>(advice.steps.size()), "step").c_str(),
              advice.stopped_because.c_str());
  std::printf("%-28s %16s %14s %18s %18s\n", "option", "KPI at quantile", "P(meets)",
              "spend total (GBP)", "premium (GBP)");
  for (const auto& opt : advice.options) {
    std::printf("%-28s %16s %14s %18s %18s\n", opt.option.c_str(),
                results::format_number(opt.kpi_quantile).c_str(),
                results::format_number(opt.share_meeting).c_str(),
                results::format_number(opt.spend_total_gbp).c_str(),
                results::format_number(opt.premium_gbp).c_str());
  }
  // The seed 002 question: of the options that meet the target, the cheaper over the horizon.
  const analysis::OptionOutcome* cheapest = nullptr;
  for (const auto& opt : advice.options) {
    if (opt.option == "do_nothing" || opt.share_meeting < o.confidence - 1e-12) continue;
    if (cheapest == nullptr || opt.spend_total_gbp < cheapest->spend_total_gbp) cheapest = &opt;
  }
  if (advice.steps.empty()) {
    if (advice.met) {
      std::printf("Nothing needs to be bought: the target is met without new capacity.\n");
    } else {
      std::printf("Nothing was bought: %s.\n", advice.stopped_because.c_str());
    }
  } else if (cheapest != nullptr) {
    std::printf("Cheaper way to meet the target over the horizon: %s.\n", cheapest->option.c_str());
  }
  std::cerr << "caremarket: " << results::counted(advice.evaluations, "evaluation")
            << "; advice in " << out.string() << "\n";
}

}  // namespace

void add_advise_command(CLI::App& app) {
  auto options = std::make_shared<AdviseCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "advise",
      "The least extra contracted capacity, by district and window, that meets a KPI target");
  cmd->add_option("scenario", options->scenario, "Shipped scenario name or scenario file")
      ->capture_default_str()
      ->check(non_empty("a scenario name or file"));
  cmd->add_option("--target", options->target,
                  "KPI<=X or KPI>=X, e.g. off_contract_placement_share<=0.2")
      ->required();
  cmd->add_option("--confidence", options->confidence, "Share of runs that must meet the target")
      ->check(number_in(0.5, 0.999))
      ->capture_default_str();
  cmd->add_option("--budget-gbp", options->budget,
                  "Most extra contracted spend over the horizon (default: no limit)")
      ->check(cap_above(0.0, true));
  cmd->add_option("--step-hours", options->step_hours,
                  "Homecare hours a week added per step (0: 1% of the contracted hours)")
      // 0, or a branch's hours: each step is one branch (scenarios/limits.hpp).
      ->check(number_in(scenarios::limits::min_branch_hours_per_week,
                        scenarios::limits::max_branch_hours_per_week, true))
      ->capture_default_str();
  cmd->add_option("--step-homes", options->step_homes,
                  "Supported-living homes added per step, in properties of 4 (rounded; 0: 1% of "
                  "the contracted homes)")
      ->check(whole_number(0, 1'000'000))
      ->capture_default_str();
  cmd->add_option("--candidates", options->candidates,
                  "Districts tried per step (those leaking most)")
      ->check(whole_number(1, 100'000))
      ->capture_default_str();
  cmd->add_option("--max-steps", options->max_steps, "Most steps")
      ->check(whole_number(1, 100'000))
      ->capture_default_str();
  cmd->add_option("-r,--replications", options->replications, "Replications per evaluation")
      ->check(whole_number(1, 1'000'000))
      ->capture_default_str();
  cmd->add_option("-j,--threads", options->threads, "Worker threads (0: all cores)")
      ->check(whole_number(0, max_threads))
      ->capture_default_str();
  cmd->add_option("--seed", options->seed, "Seed (default: the scenario's run.seed)")
      ->check(whole_number(0));
  cmd->add_option("-o,--out", options->out, "Output folder (default out/advise-SCENARIO)")
      ->check(non_empty("a folder"));
  one_value_each_use(
      cmd->add_option("--set", options->sets, "Override a scenario key, KEY=VALUE (repeatable)"));
  cmd->add_option("--parameters", options->parameters,
                  "Parameter sample (parameters.csv of calibrate): replication i of every "
                  "evaluation takes the same weighted set of its keys (docs/calibration.md)")
      ->check(non_empty("a parameters.csv file"));
  cmd->add_flag("--force", options->force, "Replace an existing output folder");
  cmd->add_flag("--no-report", options->no_report, "Do not write report.html");
  add_max_runs_option(cmd, options->max_runs);
  cmd->callback([options] { advise(*options); });
}

}  // namespace caremarket::cli
