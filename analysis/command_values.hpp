#pragma once
// The values of the command-line options that name scenario keys and KPIs: `--vary KEY=V1,...`
// (sweep, calibrate) and `--target KPI<=X` (advise, calibrate). Apart from the analyses that use
// them, so that the command-line fuzzer (tests/fuzz/fuzz_command_line.cpp) builds without them.

#include <cstddef>
#include <string>
#include <vector>

namespace caremarket::analysis {

/// One varied key and its values, as given on the command line: KEY=V1,V2,...
struct VariedKey {
  std::string key;
  std::vector<std::string> values;
  std::string text;  // as given, "KEY=V1,V2,...", for messages
};

/// Parses "KEY=V1,V2,..."; throws std::invalid_argument with a message naming the problem.
VariedKey parse_vary(const std::string& text);

/// The grid's points: every combination of the keys' values, the last key varying fastest.
std::vector<std::vector<std::string>> sweep_grid(const std::vector<VariedKey>& keys);

/// "KPI<=X" or "KPI>=X"; KPI is a name of results::kpi_table(), optionally prefixed with the
/// service ("supported_living.people_waiting_mean"); without a prefix, homecare's.
struct KpiTarget {
  std::size_t kpi = 0;  // index in results::kpi_table()
  bool at_most = true;
  double value = 0.0;
  std::string text;
};
/// Throws std::invalid_argument naming the problem.
KpiTarget parse_target(const std::string& text);

/// Throws std::invalid_argument when a target asks its KPI to move the way that is worse for the
/// council (docs/metrics.md gives each KPI's direction): at least X of a lower_is_better KPI,
/// at most X of a higher_is_better one. advise adds contracted capacity, which moves a KPI the
/// better way or not at all, so it would buy capacity for what noise moves the wrong way
/// ("--target 'people_waiting_mean>=5': people_waiting_mean is lower_is_better ..."). A
/// neutral KPI (referrals, contract spend) has no better way: a target of one is refused too.
void refuse_target_against_direction(const KpiTarget& target);

}  // namespace caremarket::analysis
