#include "cli/options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <regex>
#include <string_view>
#include <vector>

#include "geography/table.hpp"
#include "scenarios/limits.hpp"
#include "scenarios/suggest.hpp"

namespace caremarket::cli {

namespace {

std::string number_text(double x) {
  std::string s = std::to_string(x);
  s.erase(s.find_last_not_of('0') + 1);
  if (s.ends_with('.')) s.pop_back();
  return s;
}

std::string range_text(double lo, double hi) {
  if (std::isinf(hi)) return ">= " + number_text(lo);
  return "from " + number_text(lo) + " to " + number_text(hi);
}

/// Whole numbers name their bounds exactly: the largest, 2^63 - 1, is not a double.
std::string whole_range_text(std::int64_t lo, std::int64_t hi) {
  return "from " + std::to_string(lo) + " to " + std::to_string(hi);
}

}  // namespace

CLI::Validator whole_number(std::int64_t lo, std::int64_t hi) {
  const std::string expected = "a whole number " + whole_range_text(lo, hi);
  return {[lo, hi, expected](std::string& text) -> std::string {
            std::int64_t value = 0;
            const char* end = text.data() + text.size();
            const auto [ptr, ec] = std::from_chars(text.data(), end, value);
            if (ec == std::errc::result_out_of_range ||
                (ec == std::errc() && ptr == end && (value < lo || value > hi))) {
              return "'" + text + "' is out of range; expected " + expected;
            }
            if (ec != std::errc() || ptr != end)
              return "'" + text + "' is not a whole number; expected " + expected;
            // CLI11 would read a leading zero as octal ("010" as 8): refuse it.
            const std::size_t digits = text.starts_with('-') ? 1 : 0;
            if (text.size() > digits + 1 && text[digits] == '0')
              return "'" + text + "' has a leading zero (read as octal); write it without, as " +
                     std::to_string(value);
            return {};
          },
          expected};
}

CLI::Validator number_in(double lo, double hi, bool or_zero) {
  const std::string expected = (or_zero ? "0 or a number " : "a number ") + range_text(lo, hi);
  return {[lo, hi, or_zero, expected](std::string& text) -> std::string {
            double value = 0.0;
            const char* end = text.data() + text.size();
            const auto [ptr, ec] = std::from_chars(text.data(), end, value);
            // from_chars says out of range for 1e400 and for 1e-400 alike (too large or too
            // small for a double): say so, not "not a number".
            if (ec == std::errc::result_out_of_range && ptr == end)
              return "'" + text +
                     "' is too large or too small for a number (a double holds about 5e-324 to "
                     "1.8e308; write 0 for nothing); expected " +
                     expected;
            if (ec != std::errc() || ptr != end || !std::isfinite(value))
              return "'" + text + "' is not a number; expected " + expected;
            if ((value < lo || value > hi) && !(or_zero && value == 0.0))
              return "'" + text + "' is out of range; expected " + expected;
            return {};
          },
          expected};
}

namespace {

// number_in from `lo` to `hi`, in the words `expected`, without `lo` itself unless `lo_allowed`,
// and `inf` (no limit) too where `inf_allowed`.
CLI::Validator number_between(double lo, double hi, bool lo_allowed, bool inf_allowed,
                              const std::string& expected) {
  const CLI::Validator in_range = number_in(lo, hi);
  return {[lo, lo_allowed, inf_allowed, in_range, expected](std::string& text) -> std::string {
            if (inf_allowed && (text == "inf" || text == "+inf")) return {};
            std::string fault = in_range(text);
            if (!fault.empty()) {
              // number_in's words, with this validator's range.
              const auto at = fault.find("; expected ");
              return fault.substr(0, at) + "; expected " + expected;
            }
            double value = 0.0;
            std::from_chars(text.data(), text.data() + text.size(), value);
            if (!lo_allowed && value == lo)
              return "'" + text + "' is out of range; expected " + expected;
            return {};
          },
          expected};
}

}  // namespace

CLI::Validator number_above(double lo, double hi) {
  return number_between(lo, hi, false, false,
                        "a number above " + number_text(lo) +
                            (std::isinf(hi) ? "" : " and at most " + number_text(hi)));
}

CLI::Validator cap_above(double lo, bool lo_allowed) {
  static_assert(scenarios::limits::max_magnitude == 1e12, "the words below say 1e12");
  return number_between(lo, scenarios::limits::max_magnitude, lo_allowed, true,
                        (lo_allowed ? "a number from " + number_text(lo) + " to 1e12"
                                    : "a number above " + number_text(lo) + " and at most 1e12") +
                            ", or inf for no limit");
}

CLI::Option* one_value_each_use(CLI::Option* option) {
  return option->expected(1)->allow_extra_args(false)->multi_option_policy(
      CLI::MultiOptionPolicy::TakeAll);
}

CLI::Validator non_empty(const std::string& what) {
  return {[what](std::string& text) -> std::string {
            if (geography::shows_nothing(text))
              return (text.empty() ? std::string("an empty value") : "a blank value") +
                     "; expected " + what;
            return {};
          },
          what};
}

CLI::Validator only_word(const std::string& command, const std::string& word) {
  return {[command, word](std::string& text) -> std::string {
            if (text == word) return {};
            return command + " knows only '" + word + "', not '" + text + "'" +
                   scenarios::did_you_mean(text, {word});
          },
          word};
}

std::optional<std::string> command_line_fault(const CLI::App& app, int argc, char** argv) {
  std::vector<std::string> commands;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    commands.push_back(sub->get_name());
  std::string list;
  for (const auto& c : commands) list += (list.empty() ? "" : ", ") + c;
  int first = 1;
  for (; first < argc && std::string(argv[first]).starts_with("-"); ++first) {
    // Before the command, caremarket itself takes --help (handled before parsing) and
    // --version; anything else is named, not taken for a missing command.
    const std::string token = argv[first];
    if (token == "--version" || token == "-h" || token == "--help" || token == "--") continue;
    const std::string name = token.substr(0, token.find('='));
    return "unknown option '" + token +
           "' before the command: caremarket takes only --help and --version there" +
           scenarios::did_you_mean(name, {"--help", "--version"}) + " (commands: " + list +
           "; see caremarket --help)";
  }
  if (first >= argc) return std::nullopt;  // --help, --version, or nothing: CLI11's messages
  const std::string word = argv[first];
  const CLI::App* sub = nullptr;
  for (const CLI::App* s : app.get_subcommands([](const CLI::App*) { return true; }))
    if (s->get_name() == word) sub = s;
  if (sub == nullptr) {
    return "unknown command '" + word + "'" + scenarios::did_you_mean(word, commands) +
           " (commands: " + list + "; see caremarket --help)";
  }
  std::vector<std::string> names;
  for (const CLI::Option* o : sub->get_options()) {
    for (const auto& l : o->get_lnames()) names.push_back("--" + l);
    for (const auto& s : o->get_snames()) names.push_back("-" + s);
  }
  for (int i = first + 1; i < argc; ++i) {
    std::string token = argv[i];
    if (token == "--") break;
    if (!token.starts_with("-") || token.size() < 2) continue;
    if (std::isdigit(static_cast<unsigned char>(token[1])) || token[1] == '.') continue;
    if (const auto eq = token.find('='); eq != std::string::npos) token.resize(eq);
    if (token == "--") {
      return "'" + std::string(argv[i]) + "' names no option before its '=' (see caremarket " +
             word + " --help)";
    }
    // A long option written with one dash ("-seed"; one a short option would take with a
    // value, such as "-out", switch_fault refuses before parsing): named, with the long one.
    if (!token.starts_with("--") && token.size() > 2 &&
        std::find(names.begin(), names.end(), "-" + token) != names.end()) {
      return "unknown option '" + token + "' for 'caremarket " + word + "'; did you mean '-" +
             token + "'? (see caremarket " + word + " --help)";
    }
    // A short option may carry its value: "-r5".
    const std::string name = token.starts_with("--") ? token : token.substr(0, 2);
    bool known = false;
    for (const auto& n : names) known = known || n == name;
    if (!known) {
      // One letter is as near every other as can be, so a short option gets no suggestion
      // ("-v" is not a slip for "-h"); one that carries more letters is shown whole.
      const bool short_name = !name.starts_with("--");
      return "unknown option '" + name + "'" +
             (short_name && name != token ? " (in '" + std::string(argv[i]) + "')" : "") +
             " for 'caremarket " + word + "'" +
             (short_name ? "" : scenarios::did_you_mean(name, names)) + " (see caremarket " + word +
             " --help)";
    }
  }
  return std::nullopt;
}

std::optional<std::string> switch_fault(const CLI::App& app, int argc, char** argv) {
  int first = 1;
  while (first < argc && std::string(argv[first]).starts_with("-")) ++first;
  // --version takes no value: CLI11 would print the version for --version=1 and call
  // --version=false an unknown option.
  for (int i = 1; i < first; ++i) {
    const std::string_view token = argv[i];
    if (token.starts_with("--version="))
      return "--version takes no value: give it alone ('" +
             std::string(token.substr(std::string_view("--version=").size())) +
             "' is not a value it takes)";
  }
  if (first >= argc) return std::nullopt;
  const CLI::App* sub = nullptr;
  for (const CLI::App* s : app.get_subcommands([](const CLI::App*) { return true; }))
    if (s->get_name() == argv[first]) sub = s;
  if (sub == nullptr) return std::nullopt;  // command_line_fault names it
  std::vector<const CLI::Option*> given;
  for (int i = first + 1; i < argc; ++i) {
    std::string token = argv[i];
    if (token == "--") break;
    if (!token.starts_with("-") || token.size() < 2) continue;
    std::optional<std::string> value;
    if (const auto eq = token.find('='); eq != std::string::npos) {
      value = token.substr(eq + 1);
      token.resize(eq);
    }
    // A long option written with one dash that a short option would take with a value
    // ("-out" as -o with the value "ut"): refused, since the value is almost never meant.
    if (!token.starts_with("--") && token.size() > 2) {
      bool long_name = false;
      bool short_name = false;
      for (const CLI::Option* o : sub->get_options()) {
        for (const auto& l : o->get_lnames()) long_name = long_name || token == "-" + l;
        for (const auto& s : o->get_snames())
          short_name = short_name || token.substr(0, 2) == "-" + s;
      }
      if (long_name && short_name) {
        return "'" + token + "' would be read as " + token.substr(0, 2) + " with the value '" +
               token.substr(2) + "'; write -" + token + " (or " + token.substr(0, 2) + " " +
               token.substr(2) + " if that value is meant)";
      }
    }
    const CLI::Option* option = nullptr;
    for (const CLI::Option* o : sub->get_options()) {
      for (const auto& l : o->get_lnames())
        if (token == "--" + l) option = o;
      for (const auto& s : o->get_snames())
        if (token == "-" + s) option = o;
    }
    // Not a switch (or not an option at all, which command_line_fault names).
    if (option == nullptr || option->get_expected_max() != 0 || option == sub->get_help_ptr())
      continue;
    if (value && *value != "true" && *value != "false") {
      return token + " is a switch: give it alone (or =true, =false); '" + *value +
             "' is not a value it takes";
    }
    if (std::find(given.begin(), given.end(), option) != given.end())
      return token + " was given more than once; give it once";
    given.push_back(option);
  }
  return std::nullopt;
}

std::optional<std::string> empty_value_fault(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") return std::nullopt;  // the rest are values, not options
    if (arg.starts_with("--") && arg.size() > 3 && arg.find('=') == arg.size() - 1) {
      const std::string name(arg.substr(0, arg.size() - 1));
      return name + "= has nothing after the '='; give the value there (" + name +
             "=VALUE) or leave the option out";
    }
  }
  return std::nullopt;
}

std::string plain_cli_error(const CLI::App& app, const std::string& message) {
  std::smatch m;
  static const std::regex twice(R"(^(-[^:]+): At Most 1 required but received (\d+)$)");
  static const std::regex switch_value(R"(^Could not convert: (--?[^ ]+) = (.*)$)");
  static const std::regex no_value(R"(^(-[^:]+): 1 required [A-Z]+:?(.*) missing$)");
  static const std::regex unexpected(
      R"(^The following arguments? (?:was|were) not expected: (.*)$)");
  if (std::regex_match(message, m, twice))
    return m[1].str() + " was given " + m[2].str() + " times; give it once";
  if (std::regex_match(message, m, switch_value))
    return m[1].str() + " is a switch: give it alone (or =true, =false); '" + m[2].str() +
           "' is not a value it takes";
  if (std::regex_match(message, m, no_value)) {
    std::string what = m[2].str();
    what.erase(0, what.find_first_not_of(' '));
    return m[1].str() + " needs a value" + (what.empty() ? std::string() : ": " + what) +
           "; none was given";
  }
  // Words the command does not take, in the order given (CLI11 lists them last first), said
  // also before a missing required option, as a wrong word is (only_word).
  std::string left_words;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* a) { return a->parsed(); }))
    for (const std::string& w : sub->remaining(false))
      left_words += (left_words.empty() ? "" : " ") + w;
  const bool required = message.ends_with(" is required");
  if (std::regex_match(message, m, unexpected) || (required && !left_words.empty())) {
    return "'" + (left_words.empty() ? m[1].str() : left_words) +
           "' was not expected: the command takes no more words here (quote a name with spaces; "
           "options begin with - or --)";
  }
  // A command's word (only_word) is its first positional, named "what": said without the name.
  if (message.starts_with("what: ")) return message.substr(6);
  if (message == "A subcommand is required") {
    std::string list;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
      list += (list.empty() ? "" : ", ") + sub->get_name();
    return "a command is required, one of: " + list;
  }
  return message;
}

}  // namespace caremarket::cli
