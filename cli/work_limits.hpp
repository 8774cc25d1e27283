#pragma once
// The size of a command's work, counted before any of it starts: a command whose work passes a
// documented cap is refused with exit 2 (docs/robustness.md, "Limits"); --max-runs raises the
// cap for a deliberate large job. Counts saturate instead of overflowing, so a grid of a million
// by a million points is refused, not wrapped round to a small number.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <iostream>
#include <limits>
#include <string>

#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "cli/options.hpp"

namespace caremarket::cli {

/// Replications a command may run in all (every point, scenario or evaluation) unless
/// --max-runs says otherwise: the most a single `run -r` accepts.
inline constexpr std::int64_t default_max_runs = 1'000'000;
/// The most points a sweep grid may have, whatever --max-runs says: each point's KPI
/// summaries are kept until sweep.csv is written.
inline constexpr std::int64_t max_sweep_points = 10'000;

/// a x b, or INT64_MAX when that overflows (both are >= 0).
inline std::int64_t saturating_product(std::int64_t a, std::int64_t b) {
  if (a == 0 || b == 0) return 0;
  if (a > std::numeric_limits<std::int64_t>::max() / b) {
    return std::numeric_limits<std::int64_t>::max();
  }
  return a * b;
}

/// a + b, or INT64_MAX when that overflows (both are >= 0).
inline std::int64_t saturating_sum(std::int64_t a, std::int64_t b) {
  if (a > std::numeric_limits<std::int64_t>::max() - b) {
    return std::numeric_limits<std::int64_t>::max();
  }
  return a + b;
}

/// Adds --max-runs to a command.
inline void add_max_runs_option(CLI::App* cmd, std::int64_t& max_runs) {
  cmd->add_option("--max-runs", max_runs,
                  "Refuse work of more than this many replications in all (docs/robustness.md)")
      ->check(whole_number(1))
      ->capture_default_str();
}

/// Refuses (exit 2) work of `runs` replications, described by `what` ("400 points x 100
/// replications"), when it passes `max_runs`.
inline void check_work(const std::string& command, const std::string& what, std::int64_t runs,
                       std::int64_t max_runs) {
  if (runs <= max_runs) return;
  std::cerr << "caremarket: error: " << command << " would run " << what << " = "
            << (runs == std::numeric_limits<std::int64_t>::max() ? std::string("too many")
                                                                 : std::to_string(runs))
            << " replications; at most " << max_runs
            << (max_runs == default_max_runs ? " are run without a larger --max-runs"
                : max_runs == 1              ? " is allowed by --max-runs"
                                             : " are allowed by --max-runs")
            << " (docs/robustness.md, Limits)\n";
  throw Exit{exit_bad_input};
}

}  // namespace caremarket::cli
