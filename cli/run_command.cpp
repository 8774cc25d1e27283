// `caremarket run [SCENARIO]`: runs a scenario's ensemble and writes its results folder.

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <limits>
#include <memory>
#include <set>

#include "analysis/parameter_sample.hpp"
#include "caremarket/version.hpp"
#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "cli/interrupt.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "cli/scenario_loading.hpp"
#include "geography/district_graph.hpp"
#include "results/ensemble_summary.hpp"
#include "results/format.hpp"
#include "results/writers.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/toml_scenario.hpp"
#include "scenarios/toml_writer.hpp"
#include "sim/ensemble.hpp"

namespace caremarket::cli {

namespace {

struct RunOptions {
  std::string scenario = "kent-baseline";
  std::int64_t replications = -1;
  int threads = 0;
  std::int64_t seed = -1;
  std::string out;
  bool no_report = false;
  bool force = false;
  bool audit = false;
  bool sqlite = false;
  double suppress_below = 0.0;
  std::vector<std::string> sets;
  std::string name;
  std::string parameters;
};

// The run's name: the user's --name, else the scenario's, marked when --set changed it (unless a
// --set of name named it: then that name, as --name gives it).
std::string run_name(const RunOptions& o, const std::string& scenario) {
  if (!o.name.empty()) return o.name;
  for (const std::string& set : o.sets)
    for (const scenarios::OverrideLeaf& leaf : scenarios::override_leaves(set))
      if (leaf.key == "name") return scenario;
  return o.sets.empty() ? scenario : scenario + "+overrides";
}

// The scenario's own name, before any --set: that of the scenario file or shipped scenario,
// read again without the overrides when a --set renamed it (else `scenario`, as loaded).
std::string base_name(const RunOptions& o, const std::string& scenario) {
  for (const std::string& set : o.sets)
    for (const scenarios::OverrideLeaf& leaf : scenarios::override_leaves(set))
      if (leaf.key == "name") {
        try {
          return scenarios::load_scenario_with(o.scenario, {}).name;
        } catch (const std::exception&) {
          return scenario;  // valid only with its overrides: no other name to give
        }
      }
  return scenario;
}

void run(const RunOptions& o) {
  // --name names the run: a --set of the scenario's name to another would be silently unused.
  // Said with the scenario's faults, in one run.
  bool clash = false;
  // The run's name is written into every results file's scenario column, as a scenario's is.
  if (const auto fault =
          o.name.empty() ? std::nullopt : scenarios::name_fault(o.name, "scenario")) {
    std::cerr << "caremarket: error: --name " << o.name << ": " << *fault << '\n';
    clash = true;
  }
  if (!o.name.empty()) {
    for (const std::string& set : o.sets) {
      for (const scenarios::OverrideLeaf& leaf : scenarios::override_leaves(set)) {
        if (leaf.key != "name" ||
            leaf.value == scenarios::override_leaves("name=" + o.name).front().value)
          continue;
        std::cerr << "caremarket: error: --set " << set << " and --name " << o.name
                  << " both name the run; give one of them\n";
        clash = true;
      }
    }
  }
  // --audit switches the audit on (as run.audit = true, so the resolved scenario says so); it
  // never switches off a scenario's run.audit = true.
  std::vector<scenarios::Override> audit;
  if (o.audit) audit.push_back({"run.audit=true", "--audit"});
  // A --parameters file's faults are said with the scenario's, in one run: those no scenario
  // decides where the scenario cannot be loaded, else all of them against it.
  const auto sample_faults = sample_faults_without_scenario(o.parameters, o.sets);
  LoadedScenario loaded;
  try {
    loaded = load_or_exit(o.scenario, o.sets, o.replications, o.seed, audit);
  } catch (const Exit&) {
    say_errors(sample_faults);
    throw;
  }
  if (clash) {
    if (!o.parameters.empty()) static_cast<void>(said_sample_faults(o.parameters, loaded, o.sets));
    throw Exit{exit_bad_input};
  }
  const scenarios::Scenario& scenario = loaded.scenario;
  const sim::ModelParams& params = loaded.params;
  const geography::DistrictGraph& graph = loaded.graph;
  const std::string name = run_name(o, scenario.name);
  // The resolved scenario is named as the run is (its --name, or "+overrides" after a --set),
  // so that running it again writes the same scenario column, byte for byte.
  std::string resolved_toml = loaded.resolved_toml;
  std::string resolved_hash = loaded.hash;
  if (name != scenario.name) {
    scenarios::Scenario named = scenario;
    named.name = name;
    resolved_toml = scenarios::write_resolved_scenario(named);
    resolved_hash = text_hash(resolved_toml);
  }
  const std::filesystem::path out =
      o.out.empty() ? default_output_folder("", name) : std::filesystem::path(o.out);
  note_input_file(o.parameters);  // read below; its folder is never replaced
  // The folder's fault is said with the sample's (below), not alone.
  const bool bad_folder = said_output_folder_fault(out, o.force);
  SampledParameters sampled;
  if (!o.parameters.empty())
    sampled = load_sampled_parameters(o.parameters, loaded, o.sets, !bad_folder);
  if (bad_folder) throw Exit{exit_bad_input};

  const auto start_time = std::chrono::system_clock::now();
  const auto t0 = std::chrono::steady_clock::now();
  const std::size_t periods =
      sim::period_boundaries(params.run.start, params.run.horizon_months, params.run.period)
          .size() -
      1;
  // Exact values kept per output cell: as many as fit in 1 GiB (docs/metrics.md, "Quantile
  // method"); past the cap a cell's quantiles are P² estimates.
  results::EnsembleSummaryOptions summary_options =
      results::command_summary_options(params, periods);
  // The providers are listed (providers.csv) from the market every replication starts from: the
  // scenario's, or a sample's when its rows change the market alike (one row, say). A sample
  // whose rows start from different markets (other providers, or other capacities) gives no
  // provider that is the same in every replication: none is listed.
  sim::ModelParams listed = params;
  std::size_t fewest = params.market.providers.size();
  std::size_t most = fewest;
  bool same_market = true;
  if (!o.parameters.empty()) {
    std::set<const sim::ModelParams*> seen;
    const sim::MarketSpec& first = sampled.params(0).market;
    fewest = std::numeric_limits<std::size_t>::max();
    most = 0;
    for (std::int64_t r = 0; r < params.run.replications; ++r) {
      const sim::ModelParams& p = sampled.params(r);
      if (!seen.insert(&p).second) continue;
      fewest = std::min(fewest, p.market.providers.size());
      most = std::max(most, p.market.providers.size());
      same_market = same_market && p.market == first;
    }
    if (same_market) listed.market = first;
  }
  summary_options.providers = same_market;
  results::EnsembleSummary summary(listed, periods, summary_options);
  sim::EnsembleOptions ensemble;
  if (!o.parameters.empty()) {
    ensemble.params_for = [&sampled](std::int64_t r) -> const sim::ModelParams& {
      return sampled.params(r);
    };
    std::cerr << sample_line(sampled, o.parameters) << "\n";
  }
  ensemble.replications = params.run.replications;
  ensemble.threads = o.threads;
  ProgressBar bar("running " + name);
  ensemble.progress = [&](std::int64_t done, std::int64_t total) { bar.update(done, total); };
  ensemble.cancelled = interrupted;
  std::cerr << "caremarket: running " << name << ": "
            << results::counted(params.run.replications, "replication") << " of "
            << results::counted(params.run.horizon_months, "month") << ", "
            << results::counted(static_cast<long long>(params.district_codes.size()), "district")
            << ", "
            << (fewest == most
                    ? results::counted(static_cast<long long>(most), "provider")
                    : std::to_string(fewest) + " to " + std::to_string(most) + " providers")
            << "\n";
  if (!same_market) {
    std::cerr << "caremarket: note: the parameter sample changes the starting market (its "
                 "providers or their capacity), so each replication starts from its own and "
                 "providers.csv lists no provider\n";
  }
  // Of the market listed (where the sample's rows build different markets, each has its own).
  if (const std::size_t empty = same_market ? sim::providers_without_capacity(listed.market) : 0;
      empty > 0) {
    std::cerr << "caremarket: note: " << empty
              << " of the providers hold no capacity at the start; "
              << "they are counted in no provider figure and cannot exit until they hold some\n";
  }
  sim::run_ensemble(params, ensemble, [&](sim::ReplicationResult&& r) { summary.add(r); });
  bar.finish();
  exit_if_interrupted();  // before anything is written
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  results::RunRecord record;
  record.tool_version = version_string;
  record.tool_commit = git_commit;
  record.scenario_name = name;
  record.base_scenario = base_name(o, scenario.name);
  record.overrides = o.sets;
  record.scenario_hash = resolved_hash;
  record.threads = o.threads > 0 ? o.threads : sim::default_threads();
  record.start_time = start_time;
  record.end_time = std::chrono::system_clock::now();
  record.wall_seconds = wall;
  if (!o.parameters.empty()) {
    record.parameter_sample = std::filesystem::path(o.parameters).filename().string();
    record.parameter_sample_hash = text_hash(sampled.sample.text);
    record.parameter_sample_keys = sampled.sample.keys;
    record.parameter_sample_sets = sampled.sample.values.size();
  }
  results::ResultsContents contents{
      listed,
      summary,
      {scenario.area_code, scenario.area_name},
      record,
      {results::text_file(
          "scenario.resolved.toml",
          resolved_text(resolved_toml, o.parameters.empty() ? nullptr : &sampled.sample))}};
  // The hex-map positions of the model's districts (the council's, then any external ones), in
  // the parameters' order, for the manifest and the report; report.html is written inside the
  // atomic folder write.
  for (const std::string& code : params.district_codes) {
    const auto index = graph.find(code);
    if (!index) continue;
    const geography::District& d = graph.district(*index);
    contents.districts.push_back({d.code, d.name, d.hex_col, d.hex_row});
  }
  if (contents.districts.size() != params.district_codes.size()) contents.districts.clear();
  contents.report = !o.no_report;
  contents.disclosure.suppress_below = o.suppress_below;
  contents.sqlite = o.sqlite;
  results::write_results_folder(out, contents, o.force);
  std::cerr << "caremarket: " << summary.events() << " events in " << wall << " s; results in "
            << out.string() << "\n";
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Run a scenario's ensemble and write a results folder");
  cmd->add_option("scenario", options->scenario, "Shipped scenario name or scenario file")
      ->capture_default_str()
      ->check(non_empty("a scenario name or file"));
  cmd->add_option("-r,--replications", options->replications,
                  "Number of replications (default: the scenario's run.replications)")
      ->check(whole_number(1, 1'000'000));
  cmd->add_option("-j,--threads", options->threads, "Worker threads (0: all cores)")
      ->check(whole_number(0, max_threads))
      ->capture_default_str();
  cmd->add_option("--seed", options->seed, "Seed (default: the scenario's run.seed)")
      ->check(whole_number(0));
  cmd->add_option("-o,--out", options->out, "Results folder (default out/SCENARIO)")
      ->check(non_empty("a folder"));
  one_value_each_use(
      cmd->add_option("--set", options->sets, "Override a scenario key, KEY=VALUE (repeatable)"));
  cmd->add_option("--name", options->name,
                  "The run's name in the manifest, the CSV files and the report (default: the "
                  "scenario's, with \"+overrides\" after it when --set is given)")
      ->check(non_empty("a name"));
  cmd->add_option("--parameters", options->parameters,
                  "Parameter sample (parameters.csv of calibrate): each replication takes one "
                  "weighted set of its keys (docs/calibration.md)")
      ->check(non_empty("a parameters.csv file"));
  cmd->add_flag("--no-report", options->no_report, "Do not write report.html");
  cmd->add_flag("--force", options->force, "Replace an existing results folder");
  cmd->add_option("--suppress-below", options->suppress_below,
                  "Publish counts of people below N (and what would recover them) as empty "
                  "values (docs/robustness.md)")
      ->check(number_in(0.0, 1e9));
  cmd->add_flag("--sqlite", options->sqlite,
                "Also write results.sqlite: every table in one SQLite database (Power BI, Excel "
                "through ODBC, R, pandas)");
  cmd->add_flag("--audit", options->audit,
                "Check the engine's invariants after every event (slow)");
  cmd->callback([options] { run(*options); });
}

}  // namespace caremarket::cli
