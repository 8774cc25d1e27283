#include "sim/calendar.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>

namespace caremarket::sim {

std::int64_t days_from_civil(Date d) {
  const std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (d.month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return Date{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

namespace {
bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}
int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> lengths{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : lengths.at(static_cast<std::size_t>(m - 1));
}
}  // namespace

std::string to_iso(Date d) {
  std::array<char, 16> buf{};
  std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf.data();
}

namespace {
// The digits of text[from, from + n) as a number; -1 unless all are ASCII digits.
int digits_at(std::string_view text, std::size_t from, std::size_t n) {
  int value = 0;
  for (std::size_t i = from; i < from + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}
}  // namespace

std::optional<std::string> date_fault(std::string_view text) {
  // No sign, space or short field: " 2027-4-01" and "+027-04-01" are not dates.
  const int year =
      text.size() == 10 && text[4] == '-' && text[7] == '-' ? digits_at(text, 0, 4) : -1;
  const int month = year < 0 ? -1 : digits_at(text, 5, 2);
  const int day = month < 0 ? -1 : digits_at(text, 8, 2);
  if (day < 0) return std::string(not_a_date_fault);
  if (month < 1 || month > 12) return "is not a day of the calendar (a month is 01 to 12)";
  const int length = days_in_month(year, month);
  if (day < 1 || day > length) {
    return "is not a day of the calendar (" + std::string(text.substr(0, 7)) + " has " +
           std::to_string(length) + " days)";
  }
  return std::nullopt;
}

Date parse_iso_date(const std::string& text) {
  if (const auto fault = date_fault(text)) {
    throw std::invalid_argument("'" + text + "' " + *fault);
  }
  return Date{digits_at(text, 0, 4), digits_at(text, 5, 2), digits_at(text, 8, 2)};
}

Date add_months(Date d, int months) {
  const int index = d.year * 12 + (d.month - 1) + months;
  Date r{index / 12, index % 12 + 1, d.day};
  r.day = std::min(r.day, days_in_month(r.year, r.month));
  return r;
}

std::vector<double> period_boundaries(Date start, int horizon_months, PeriodLength length) {
  const int step = length == PeriodLength::month ? 1 : length == PeriodLength::quarter ? 3 : 12;
  const std::int64_t origin = days_from_civil(start);
  std::vector<double> b{0.0};
  for (int m = step; m < horizon_months; m += step) {
    b.push_back(static_cast<double>(days_from_civil(add_months(start, m)) - origin));
  }
  b.push_back(static_cast<double>(days_from_civil(add_months(start, horizon_months)) - origin));
  return b;
}

std::optional<PeriodLength> period_length(std::string_view name) {
  if (name == "month") return PeriodLength::month;
  if (name == "quarter") return PeriodLength::quarter;
  if (name == "year") return PeriodLength::year;
  return std::nullopt;
}

}  // namespace caremarket::sim
