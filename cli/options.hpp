#pragma once
// Checks of command-line values that say what was wrong and what is expected, and the messages
// for a misspelt subcommand or option, with a suggestion where one exists.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace caremarket::cli {

/// The most worker threads -j accepts.
inline constexpr std::int64_t max_threads = 4096;

/// A whole number from `lo` to `hi` ("abc" is "not a whole number", not "out of range").
CLI::Validator whole_number(std::int64_t lo,
                            std::int64_t hi = std::numeric_limits<std::int64_t>::max());
/// A number from `lo` to `hi` (or 0 too, with `or_zero`: 0 meaning "work it out").
CLI::Validator number_in(double lo, double hi = std::numeric_limits<double>::infinity(),
                         bool or_zero = false);
/// A number above `lo` (not `lo` itself) and at most `hi`: as a scenario key checked "positive".
CLI::Validator number_above(double lo, double hi = std::numeric_limits<double>::infinity());

/// A cap given on the command line: a number above `lo` (from `lo`, with `lo_allowed`) and at
/// most scenarios::limits::max_magnitude (1e12), or `inf` for no limit, as a scenario's caps are
/// read (`geography.max_travel_minutes`, say); 1e300 is refused as it is in a scenario.
CLI::Validator cap_above(double lo, bool lo_allowed = false);

/// Text that is not empty or blank (spaces only): `-o ''` (a shell variable left unset, say)
/// would otherwise silently mean the default folder, and `-o ' '` a folder named by a space. `what`
/// names what is expected, e.g. "a folder".
CLI::Validator non_empty(const std::string& what);

/// The one thing `command` makes (`import market`, `synthesize england`): any other word is
/// refused as "import knows only 'market', not 'markets'; did you mean 'market'?", while the
/// command line is read, so before a missing required option is reported.
CLI::Validator only_word(const std::string& command, const std::string& word);

/// Makes a vector option take one value each time it is given, repeated to give more
/// (`--set A=1 --set B=2`), so that it never swallows the words after it: `run --set
/// run.horizon_months=12 kent-baseline` leaves the scenario's name to the command.
CLI::Option* one_value_each_use(CLI::Option* option);

/// For a command line CLI11 would refuse with a bare message (a misspelt subcommand, an unknown
/// option, an unexpected argument): a message saying what was wrong, with a suggestion; nullopt
/// when the command line has none of these faults.
std::optional<std::string> command_line_fault(const CLI::App& app, int argc, char** argv);

/// An option written `--name=` with nothing after the `=`: CLI11 would take the next word as its
/// value (`--set= run.seed=3`, `--out= folder`), so it is refused before parsing, with this
/// message; nullopt when no argument is such.
std::optional<std::string> empty_value_fault(int argc, char** argv);

/// A switch (an option that takes no value: --force, --no-report) given a value other than true
/// or false (CLI11 would read --force=2 as a count and --audit=on as true), or given twice, and
/// --version given any value: the message, checked before parsing (a command runs while it is
/// parsed); nullopt when none is.
std::optional<std::string> switch_fault(const CLI::App& app, int argc, char** argv);

/// CLI11's own message for a fault, in plain words: an option given twice ("--out was given 2
/// times; give it once"), a switch given a value, an option missing its value, a word no option
/// or argument takes, no command at all. Other messages are returned unchanged. `app` is the
/// program's top-level App (its commands are listed when none was given).
std::string plain_cli_error(const CLI::App& app, const std::string& message);

}  // namespace caremarket::cli
