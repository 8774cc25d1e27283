#pragma once
// The limits a scenario and its data are held to (docs/robustness.md), in one place: the
// scenario's checks refuse a value beyond them, and `caremarket import` refuses it on the line of
// the public file it came from, before writing anything, with the same figure.

#include <string>

#include "geography/district_graph.hpp"
#include "scenarios/message_number.hpp"

namespace caremarket::scenarios::limits {

/// People in care at the start, all services, groups and districts together: a replication
/// holds every person in care, so this bounds its memory (docs/robustness.md).
inline constexpr double max_people_in_care = 1'000'000.0;

/// Referrals a year at the end of the run, all groups together (each referral is an event).
inline constexpr double max_referrals_per_year = 1'000'000.0;

/// A homecare branch's capacity in hours a week: at least a tenth of an hour (a branch of 0 hours
/// is no branch), at most a million (some 25,000 full-time carers).
inline constexpr double min_branch_hours_per_week = 0.1;
inline constexpr double max_branch_hours_per_week = 1'000'000.0;

/// A district's population in one age band and year: above 0 and below this (far above the
/// population of any district; the geography's own check reads the same constant).
inline constexpr double population_below = geography::population_below;

/// Any number in a scenario: at most this in size (no quantity of the model is larger); inf
/// only for caps (`max`, `max_...`), meaning no limit. A command-line cap is held to the same.
inline constexpr double max_magnitude = 1e12;

/// A limit as messages write it (message_number): plain digits (1000000, 1000000000, 0.1).
inline std::string text(double limit) {
  return message_number(limit);
}

}  // namespace caremarket::scenarios::limits
