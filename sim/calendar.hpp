#pragma once
// Civil dates and the model's clock. Simulated time is days since the scenario's start date
// (a double); reports are per calendar month or other period.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caremarket::sim {

/// A proleptic Gregorian calendar date.
struct Date {
  int year = 2000;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  friend bool operator==(const Date&, const Date&) = default;
};

/// Days since 1970-01-01 (Hinnant's days_from_civil).
std::int64_t days_from_civil(Date d);
Date civil_from_days(std::int64_t days);
/// ISO 8601, e.g. 2027-04-01.
std::string to_iso(Date d);
/// date_fault's words for text that is not laid out as a date at all.
inline constexpr std::string_view not_a_date_fault = "is not a date YYYY-MM-DD (e.g. 2027-04-01)";
/// Why `text` is not a date YYYY-MM-DD of the calendar, as the end of a message after the quoted
/// text (not_a_date_fault, "is not a day of the calendar (2027-02 has 28 days)"), or
/// nullopt when it is one. Exactly four digits, a hyphen, two digits, a hyphen, two digits.
std::optional<std::string> date_fault(std::string_view text);
/// Parses YYYY-MM-DD; throws std::invalid_argument ("'TEXT' " + date_fault(TEXT)) on anything
/// else or a day not of the calendar.
Date parse_iso_date(const std::string& text);
/// The date `months` calendar months after `d` (day clamped to the month's length).
Date add_months(Date d, int months);

/// Length of a reporting period.
enum class PeriodLength { month, quarter, year };
/// The period named as run.period and a manifest write it ("month", "quarter", "year"), or
/// nullopt for any other text.
std::optional<PeriodLength> period_length(std::string_view name);

/// Period boundaries in days since `start`: {0, b1, ..., horizon}; the last period ends at the
/// horizon, which is `horizon_months` calendar months after start.
std::vector<double> period_boundaries(Date start, int horizon_months, PeriodLength length);

inline constexpr double days_per_year = 365.25;

}  // namespace caremarket::sim
