// caremarket: a thin shell over the libraries; each subcommand lives in its own file.
#include <exception>
#include <iostream>
#include <string>

#include "caremarket/version.hpp"
#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "cli/interrupt.hpp"
#include "cli/options.hpp"
#include "cli/say.hpp"
#include "results/atomic_folder.hpp"
#include "sim/ensemble.hpp"
#ifdef CAREMARKET_MPI
#include "distributed/mpi_ensemble.hpp"
#endif

namespace {
/// The exit code of a command stopped by a signal (130 for SIGINT, ...), its one line printed.
int stopped_exit_code() {
  try {
    caremarket::cli::exit_if_interrupted();
  } catch (const caremarket::cli::Exit& e) {
    return e.code;
  }
  return caremarket::cli::exit_failed;
}
}  // namespace

int main(int argc, char** argv) {
  caremarket::sim::keep_freed_memory_for_replications();
  caremarket::cli::escape_control_bytes_in_messages();
#ifdef CAREMARKET_MPI
  // Under mpirun or srun with several ranks: replications split across them (distributed/).
  const caremarket::distributed::Session mpi(argc, argv);
#endif
  CLI::App app{"caremarket: simulate the care market a council commissions"};
  app.set_version_flag("--version", std::string("caremarket ") + caremarket::version_string +
                                        " (commit " + caremarket::git_commit + ")");
  app.require_subcommand(1);
  // CLI11's own faults (a required option missing, a value out of range) begin like ours.
  app.failure_message([&app](const CLI::App*, const CLI::Error& e) {
    return "caremarket: error: " + caremarket::cli::plain_cli_error(app, e.what()) +
           "\nRun with --help for more information.\n";
  });
  caremarket::cli::install_interrupt_handlers();
  caremarket::cli::add_geography_command(app);
  caremarket::cli::add_run_command(app);
  caremarket::cli::add_compare_command(app);
  caremarket::cli::add_sweep_command(app);
  caremarket::cli::add_sensitivity_command(app);
  caremarket::cli::add_advise_command(app);
  caremarket::cli::add_calibrate_command(app);
  caremarket::cli::add_validate_command(app);
  caremarket::cli::add_scenarios_command(app);
  caremarket::cli::add_report_command(app);
  caremarket::cli::add_synthesize_command(app);
  caremarket::cli::add_import_command(app);
  // Asked for help, a user gets it, whatever else the line holds and wherever -h or --help
  // stands before "--" (even where an option would take it as its value): the help of the
  // command named, and nothing runs.
  {
    const CLI::App* shown = &app;
    std::string path = argv[0];
    bool help = false;
    for (int i = 1; i < argc && std::string(argv[i]) != "--"; ++i) {
      const std::string token = argv[i];
      help = help || token == "-h" || token == "--help";
      for (const CLI::App* sub : shown->get_subcommands([](const CLI::App*) { return true; })) {
        if (sub->get_name() != token) continue;
        if (shown != &app) path += " " + shown->get_name();
        shown = sub;
        break;
      }
    }
    if (help) {
      if (app.get_name().empty()) app.name(argv[0]);  // as parsing would name it
      std::cout << (shown == &app ? app.help() : shown->help(path));
      return 0;
    }
  }
  if (auto fault = caremarket::cli::empty_value_fault(argc, argv);
      fault || (fault = caremarket::cli::switch_fault(app, argc, argv))) {
    std::cerr << "caremarket: error: " << *fault << '\n';
    return caremarket::cli::exit_bad_input;
  }
  // However the command ends, the count of faults not said (an input file's thousands) is said
  // after the faults that were.
  struct SayUnsaid {
    SayUnsaid() = default;
    SayUnsaid(const SayUnsaid&) = delete;
    SayUnsaid& operator=(const SayUnsaid&) = delete;
    ~SayUnsaid() { caremarket::cli::say_unsaid_faults(); }
  } const say_unsaid;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() != 0) {
      // CLI11's own words for a misspelt command or option name no suggestion; ours do.
      if (const auto fault = caremarket::cli::command_line_fault(app, argc, argv)) {
        std::cerr << "caremarket: error: " << *fault << '\n';
        return caremarket::cli::exit_bad_input;
      }
    }
    const int rc = app.exit(e);
    return rc == 0 ? 0 : caremarket::cli::exit_bad_input;
  } catch (const caremarket::cli::Exit& e) {
    return e.code;
  } catch (const caremarket::geography::ReadStopped&) {
    // A long read stopped by SIGINT or SIGTERM, before anything was written.
    return stopped_exit_code();
  } catch (const caremarket::sim::Stopped&) {
    // A replication stopped by SIGINT or SIGTERM, in any command: nothing has been written.
    return stopped_exit_code();
  } catch (const caremarket::results::ResultsExistError& e) {
    std::cerr << "caremarket: error: " << e.what() << '\n';
    return caremarket::cli::exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << "caremarket: error: " << e.what() << '\n';
    return caremarket::cli::exit_failed;
  }
  return caremarket::cli::exit_ok;
}
