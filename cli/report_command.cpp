// `caremarket report DIR`: rebuilds DIR/report.html from the results folder's files alone: a
// run folder's, or a compare, sweep, sensitivity or advise folder's (by manifest.json's "command").

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>

#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "cli/options.hpp"
#include "cli/say.hpp"
#include "results/analysis_report.hpp"
#include "results/report.hpp"

namespace caremarket::cli {

namespace {

void report(const std::string& dir) {
  const std::filesystem::path folder(dir);
  std::string html;
  try {
    html = results::build_folder_report_html(folder);
  } catch (const results::ReportInputError& e) {
    for (const std::string& line : e.problems()) say_error(line);
    throw Exit{exit_bad_input};
  }
  // Written beside the old report and renamed over it: a reader sees the old or the new file.
  const std::filesystem::path target = folder / "report.html";
  const std::filesystem::path temp =
      folder / (".report.html.partial-" + std::to_string(::getpid()));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << html;
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      throw std::runtime_error("cannot write " + temp.string());
    }
  }
  // A report.html that is a folder (or a rename that fails otherwise) leaves no partial file.
  std::error_code renamed;
  if (std::filesystem::is_directory(std::filesystem::symlink_status(target)))
    renamed = std::make_error_code(std::errc::is_a_directory);
  else
    std::filesystem::rename(temp, target, renamed);
  if (renamed) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    std::cerr << "caremarket: error: cannot write " << target.string() << ": " << renamed.message()
              << '\n';
    throw Exit{exit_failed};
  }
  std::cerr << "caremarket: wrote " << target.string() << '\n';
}

}  // namespace

void add_report_command(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Rebuild a results folder's report.html from the folder's files");
  cmd->add_option(
         "folder", *dir,
         "Results folder (written by run, compare, sweep, sensitivity, advise or calibrate)")
      ->required()
      ->check(non_empty("a folder"));
  cmd->callback([dir] { report(*dir); });
}

}  // namespace caremarket::cli
