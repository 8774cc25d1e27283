// `caremarket validate FILE...`: checks scenarios and their data without running anything;
// `caremarket scenarios`: lists the shipped scenarios and the question each answers.
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "cli/options.hpp"
#include "cli/say.hpp"
#include "cli/scenario_loading.hpp"
#include "scenarios/toml_scenario.hpp"

namespace caremarket::cli {

void add_validate_command(CLI::App& app) {
  auto* cmd =
      app.add_subcommand("validate", "Check scenario files (and their data) without running them");
  auto files = std::make_shared<std::vector<std::string>>();
  auto sets = std::make_shared<std::vector<std::string>>();
  cmd->add_option("scenario", *files, "Scenario files or shipped scenario names")
      ->required()
      ->check(non_empty("a scenario name or file"));
  one_value_each_use(cmd->add_option(
      "--set", *sets, "Override a key, e.g. --set run.replications=50 (repeatable)"));
  cmd->callback([files, sets] {
    // Two --set of one key are a fault of the command line, not of a file: said as every
    // other command says it, and each scenario is still checked (the later value taken) so
    // that its other faults are said in the same run.
    std::vector<scenarios::Override> overrides;
    for (const std::string& set : *sets) overrides.push_back({set, "--set " + set});
    const auto twice = overlapping_overrides(overrides);
    for (const std::string& line : twice) say_error(line);
    bool all_ok = twice.empty();
    for (const std::string& file : *files) {
      try {
        const scenarios::Scenario s = scenarios::load_scenario(file, *sets);
        // The model is built before "ok": it has checks of its own (the referrals with each
        // district's growth).
        const sim::ModelParams p = scenarios::build_model(s, scenarios::load_scenario_geography(s));
        // Not "ok" with two --set of one key: the command line is refused.
        if (twice.empty()) std::cout << file << ": ok\n";
        // What loads but is almost certainly not meant, as every command would note it.
        for (const std::string& note : scenarios::model_notes(p))
          std::cout << file << ": note: " << note << '\n';
      } catch (const scenarios::ScenarioError& e) {
        all_ok = false;
        // Named as "ok" and the notes are: with several scenarios, an error in a file two
        // of them extend, or of a --set, would not say which one refused it.
        // An error of the name itself (no such scenario) starts with it: said once.
        for (const std::string& line : e.errors())
          say_error(std::cout, file + ": error: ",
                    line.starts_with(file + ": ") ? line.substr(file.size() + 2) : line);
        // A file's faults cut short are counted beside the scenario's other faults.
        say_unsaid_faults();
      }
    }
    if (!all_ok) throw Exit{exit_bad_input};
  });
}

void add_scenarios_command(CLI::App& app) {
  auto* cmd =
      app.add_subcommand("scenarios", "List the shipped scenarios and the question each answers");
  cmd->callback([] {
    for (const auto& s : scenarios::shipped_scenarios())
      std::cout << s.name << "  " << s.question << '\n';
  });
}

}  // namespace caremarket::cli
