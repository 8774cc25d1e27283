// Suggestions for names that match nothing: the closest candidate by edit distance.

#include "scenarios/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace caremarket::scenarios {

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0U : 1U)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(word, c);
    // A key cut short or run on ("older_65" for "older_65_plus") is a likely slip too.
    const bool prefix =
        word.size() >= 3 && c.size() >= 3 && (c.starts_with(word) || word.starts_with(c));
    if (prefix) d = std::min<std::size_t>(d, 1);
    // So is a name typed in the wrong case ("ash" for "ASH").
    if (word.size() == c.size() &&
        std::equal(word.begin(), word.end(), c.begin(), [](char x, char y) {
          return std::tolower(static_cast<unsigned char>(x)) ==
                 std::tolower(static_cast<unsigned char>(y));
        }))
      d = std::min<std::size_t>(d, 1);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const auto best = closest(word, candidates);
  return best ? "; did you mean '" + *best + "'?" : std::string();
}

std::string refuse_name(const std::string& what, std::string_view word,
                        const std::vector<std::string>& candidates) {
  std::string list;
  for (const auto& c : candidates) list += (list.empty() ? "" : ", ") + c;
  return "unknown " + what + " '" + std::string(word) + "'" + did_you_mean(word, candidates) +
         " (" + what + "s: " + list + ")";
}

}  // namespace caremarket::scenarios
