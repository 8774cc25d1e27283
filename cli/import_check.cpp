// What `caremarket import market` shares between its files (cli/import_check.hpp).

#include "cli/import_check.hpp"

#include <cstddef>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "cli/say.hpp"
#include "geography/district_graph.hpp"
#include "geography/table.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/toml_scenario.hpp"

namespace caremarket::cli {

namespace fs = std::filesystem;

std::string ten_digits(double v) {
  std::ostringstream s;
  s << std::setprecision(10) << v;
  return s.str();
}

double as_written(double hours) {
  return std::stod(ten_digits(hours));
}

void print_log_summary(const std::vector<ImportLogRow>& log, const std::string& where) {
  std::map<std::string, std::map<std::string, std::size_t>> counts;  // file -> outcome -> n
  std::map<std::string, std::map<std::string, std::size_t>> reasons;
  for (const ImportLogRow& r : log) {
    ++counts[r.file][r.outcome];
    if (r.outcome == "dropped" || r.outcome == "not used") {
      std::string why = r.reason;
      if (why.rfind("postcode ", 0) == 0)
        why = why.find("has no district") != std::string::npos
                  ? "postcode with no district in the lookup"
                  : "postcode not in the postcode lookup";
      if (why.rfind("duplicate location", 0) == 0) why = "duplicate location";
      if (why.rfind("neither", 0) == 0) why = "neither homecare nor supported living";
      if (why.rfind("outside the council", 0) == 0) why = "outside the council";
      if (why.rfind("no homecare: 0 hours", 0) == 0) why = "0 hours paid last week";
      ++reasons[r.file][r.outcome + ": " + why];
    }
  }
  std::cerr << "caremarket: import log (" << where << ")\n"
            << std::left << std::setw(44) << "file" << std::right << std::setw(8) << "rows"
            << std::setw(8) << "kept" << std::setw(10) << "dropped" << '\n';
  for (const auto& [file, c] : counts) {
    std::size_t rows = 0, kept = 0;
    for (const auto& [outcome, n] : c) {
      rows += n;
      if (outcome == "kept" || outcome == "used") kept += n;
    }
    // One line a file: a line break in its name would split the table's row.
    std::cerr << std::left << std::setw(44) << geography::printable(file) << std::right
              << std::setw(8) << rows << std::setw(8) << kept << std::setw(10) << rows - kept
              << '\n';
    for (const auto& [why, n] : reasons[file])
      std::cerr << "  " << std::left << std::setw(58) << why << std::right << std::setw(10) << n
                << '\n';
  }
}

void refuse_unloadable_folder(const fs::path& written, const fs::path& out,
                              const std::string& council, const std::string& added) {
  std::vector<std::string> errors;
  try {
    const scenarios::Scenario s = scenarios::load_scenario((written / "scenario.toml").string());
    static_cast<void>(scenarios::build_model(s, scenarios::load_scenario_geography(s)));
  } catch (const scenarios::ScenarioError& e) {
    errors = e.errors();
  } catch (const geography::GeographyError& e) {
    errors = e.problems();
  }
  if (errors.empty()) return;
  // The errors name the temporary folder as the loader wrote its path (as given, lexically
  // normal, or through the links resolved): each form is named as the folder -o gave.
  fs::path target = out.lexically_normal();
  if (!target.has_filename()) target = target.parent_path();  // "x/" is the folder x
  std::error_code ec;
  const fs::path real_parent = fs::weakly_canonical(written.parent_path(), ec);
  const std::vector<std::pair<std::string, std::string>> forms{
      {written.string(), target.string()},
      {written.lexically_normal().string(), target.string()},
      {(real_parent / written.filename()).string(), (real_parent / target.filename()).string()}};
  std::cerr << "caremarket: error: the market folder would not validate, so " << target.string()
            << " is not written (an existing folder there is left as it was):\n";
  for (std::string line : errors) {
    for (const auto& [from, to] : forms) {
      if (ec && &from == &forms.back().first) continue;
      for (std::size_t at = line.find(from); at != std::string::npos; at = line.find(from, at))
        line.replace(at, from.size(), to), at += to.size();
    }
    say_error(line);
  }
  std::cerr << "caremarket: note: " << council
            << " validates on its own: what fails is what the import adds to it (" << added
            << ")\n";
  throw Exit{exit_bad_input};
}

}  // namespace caremarket::cli
