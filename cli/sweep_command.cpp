// `caremarket sweep SCENARIO --vary KEY=V1,V2,...`: runs the scenario at every point of the grid
// (several --vary make a grid) on the same random streams and writes sweep.csv, one row per
// point and KPI with a column per varied key.

#include <iostream>
#include <memory>
#include <sstream>

#include "analysis/sweep.hpp"
#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "cli/interrupt.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "cli/scenario_loading.hpp"
#include "results/analysis_report.hpp"
#include "results/atomic_folder.hpp"

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
};

void sweep(const SweepOptions& o) {
  std::vector<analysis::VariedKey> keys;
  for (const std::string& v : o.vary) {
    try {
      keys.push_back(analysis::parse_vary(v));
    } catch (const std::invalid_argument& e) {
      std::cerr << "caremarket: error: " << e.what() << '\n';
      throw Exit{exit_bad_input};
    }
  }
  const auto grid = analysis::sweep_grid(keys);
  // Load (and so validate) every point before running any.
  std::vector<LoadedScenario> points;
  for (const auto& values : grid) {
    std::vector<scenarios::Override> varied;
    for (std::size_t k = 0; k < keys.size(); ++k) {
      varied.push_back(
          {keys[k].key + "=" + values[k], "--vary " + keys[k].text + " (value " + values[k] + ")"});
    }
    points.push_back(load_or_exit(o.scenario, o.sets, o.replications, o.seed, varied));
    // Common random numbers: every point runs the first point's seed and replications.
    points.back().params.run.seed = points.front().params.run.seed;
    points.back().params.run.replications = points.front().params.run.replications;
  }
  const std::string name = points.front().scenario.name;
  const std::filesystem::path out = o.out.empty() ? std::filesystem::path("out") / ("sweep-" + name)
                                                  : std::filesystem::path(o.out);
  check_output_folder(out, o.force);
  std::cerr << "caremarket: sweeping " << name << " over " << grid.size() << " points of "
            << points.front().params.run.replications << " replications\n";
  std::vector<analysis::SweepPoint> summaries;
  ProgressBar bar("sweeping " + name);
  for (std::size_t p = 0; p < points.size(); ++p) {
    summaries.push_back(analysis::summarise_point(
        points[p].params, points[p].params.run.replications, o.threads, grid[p], interrupted));
    exit_if_interrupted();  // before anything is written
    bar.update(static_cast<std::int64_t>(p + 1), static_cast<std::int64_t>(points.size()));
  }
  bar.finish();
  std::vector<results::FolderFile> files;
  std::ostringstream sweep_csv;
  analysis::write_sweep_csv(sweep_csv, name, keys, summaries);
  files.push_back(results::text_file("sweep.csv", sweep_csv.str()));
  nlohmann::ordered_json m = manifest_header("sweep");
  m["scenario"] = name;
  m["seed"] = points.front().params.run.seed;
  m["replications"] = points.front().params.run.replications;
  m["varied"] = nlohmann::ordered_json::array();
  for (const analysis::VariedKey& k : keys) m["varied"].push_back(k.key);
  m["points"] = nlohmann::ordered_json::array();
  for (std::size_t p = 0; p < points.size(); ++p) {
    m["points"].push_back({{"point", p + 1}, {"hash", points[p].hash}});
    files.push_back(results::text_file("point-" + std::to_string(p + 1) + ".resolved.toml",
                                       points[p].resolved_toml));
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
      ->required();
  cmd->add_option("--vary", options->vary, "KEY=V1,V2,... (repeat for a grid)")->required();
  cmd->add_option("-r,--replications", options->replications,
                  "Replications per point (default: the scenario's run.replications)")
      ->check(whole_number(1, 1'000'000));
  cmd->add_option("-j,--threads", options->threads, "Worker threads (0: all cores)")
      ->check(whole_number(0, max_threads))
      ->capture_default_str();
  cmd->add_option("--seed", options->seed,
                  "Seed for every point (default: the scenario's run.seed)")
      ->check(whole_number(0));
  cmd->add_option("-o,--out", options->out, "Output folder (default out/sweep-SCENARIO)");
  cmd->add_option("--set", options->sets, "Override a key at every point, KEY=VALUE (repeatable)");
  cmd->add_flag("--force", options->force, "Replace an existing output folder");
  cmd->add_flag("--no-report", options->no_report, "Do not write report.html");
  cmd->callback([options] { sweep(*options); });
}

}  // namespace caremarket::cli
