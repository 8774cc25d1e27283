#pragma once
// Names match exactly or are refused with a suggestion: the closest known name to a misspelt one.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caremarket::scenarios {

/// `text` without the spaces and tabs around it: a name or value typed on a command line
/// ("--set 'exits.stress_slope = 2'", "--target 'people_waiting_mean <= 1'") is read as if it
/// had none.
inline std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

/// The closest of `candidates` to `word` by edit distance, if close enough to be a likely typo.
std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates);

/// "; did you mean 'X'?" for the closest candidate, or "" when none is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

/// "unknown WHAT 'WORD'; did you mean 'X'? (WHATs: A, B, ...)": the message refusing a name.
std::string refuse_name(const std::string& what, std::string_view word,
                        const std::vector<std::string>& candidates);

}  // namespace caremarket::scenarios
