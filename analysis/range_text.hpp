#pragma once
// The shape of a range written FROM..TO: a targets.csv date range (2021-04-01..2022-03-31) or a
// calibrate --vary prior (0..0.15).

#include <algorithm>
#include <string>
#include <string_view>

namespace caremarket::analysis {

/// Why a range's text, split at its first ".." into `from` and `to` (each trimmed), is not two
/// ends with the two dots between them, as the end of a message after the quoted text: "has
/// more than two dots" (a third dot at the split, which would otherwise be read as part of the
/// end: 0...15 is not 0...0.15), "has more than one '..'", "has no start", "has no end" or "has
/// no " + `ends` (both missing); empty when it is two ends. What each end holds is left to the
/// caller.
inline std::string range_shape_fault(std::string_view from, std::string_view to,
                                     std::string_view ends) {
  if (to.starts_with('.') || from.ends_with('.')) return "has more than two dots";
  if (to.find("..") != std::string_view::npos) return "has more than one '..'";
  if (from.empty() && to.empty()) return "has no " + std::string(ends);
  if (from.empty()) return "has no start";
  if (to.empty()) return "has no end";
  return {};
}

}  // namespace caremarket::analysis
