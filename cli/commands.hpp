#pragma once
// The subcommands of the caremarket executable; each registers itself on the CLI11 app.
//
// CLI::App is only declared here: CLI11 2.1 defines its validators (CLI::ExistingFile and the
// like) as objects in every file that includes it, about 10 s of compiling a file at -O2, so
// only the files that build the command line include <CLI/CLI.hpp> (through cli/options.hpp).

namespace CLI {
class App;
}  // namespace CLI

namespace caremarket::cli {

/// Exit codes: 0 done, 1 failed while running (I/O and the like), 2 bad usage or bad input.
inline constexpr int exit_ok = 0;
inline constexpr int exit_failed = 1;
inline constexpr int exit_bad_input = 2;

/// `caremarket geography`: prints the district graph the model will use.
void add_geography_command(CLI::App& app);
/// `caremarket run`: runs a scenario's ensemble and writes a results folder.
void add_run_command(CLI::App& app);
/// `caremarket compare`: paired differences of scenarios on common random numbers.
void add_compare_command(CLI::App& app);
/// `caremarket sweep`: a scenario over a grid of parameter values.
void add_sweep_command(CLI::App& app);
/// `caremarket sensitivity`: one-at-a-time sensitivity (a tornado) and Morris screening.
void add_sensitivity_command(CLI::App& app);
/// `caremarket advise`: the least extra contracted capacity that meets a target.
void add_advise_command(CLI::App& app);
/// `caremarket calibrate`: fits keys to recorded figures by ABC-SMC.
void add_calibrate_command(CLI::App& app);
/// `caremarket validate`: checks scenario files and reports every error; runs nothing.
void add_validate_command(CLI::App& app);
/// `caremarket scenarios`: lists the shipped scenarios, one line each.
void add_scenarios_command(CLI::App& app);
/// `caremarket report DIR`: rebuilds a results folder's report.html from its files.
void add_report_command(CLI::App& app);
/// `caremarket synthesize england -o DIR`: an England-sized synthetic market for scale tests.
void add_synthesize_command(CLI::App& app);
/// `caremarket import market --cqc FILE --postcodes FILE -o DIR`: a market folder from public data.
void add_import_command(CLI::App& app);

}  // namespace caremarket::cli
