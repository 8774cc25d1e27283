#pragma once
// Text formatting for results files: the same bytes for the same values on every run and in
// every locale.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace caremarket::results {

/// Significant digits of numbers in results files: far beyond any Monte Carlo precision, and
/// few enough to drop the last-bit noise of floating-point sums (26199.9, not
/// 26199.899999999998).
inline constexpr int significant_digits = 12;

/// A number to `significant_digits` as printf's %.12g would write it in the C locale (trailing
/// zeros dropped; exponent form from 1e12 or below 1e-4), e.g. 0.1, 1234, 2.64575131106, 1e+20,
/// by std::to_chars, so in every locale. Negative zero is written 0, NaN (an undefined
/// statistic) as an empty field, infinities as inf and -inf.
std::string format_number(double value);

/// A count and its noun, singular for exactly 1: counted(1, "step") is "1 step",
/// counted(3, "step") "3 steps", counted(1, "replication", "replications") likewise; `many`
/// defaults to `one` followed by "s".
inline std::string counted(long long n, std::string_view one, std::string_view many = {}) {
  std::string text = std::to_string(n) + ' ';
  if (n == 1) return text.append(one);
  if (many.empty()) return text.append(one).append("s");
  return text.append(many);
}

/// Words joined as prose lists them: "a", "a and b", "a, b and c"; "" for none.
std::string join_words(const std::vector<std::string>& items);

/// A CSV field: quoted (with inner quotes doubled) when it holds a comma, quote or line break.
std::string csv_field(std::string_view text);

/// Text as one word of a POSIX shell command: as it is when it holds only letters, digits and
/// `_-./:=@%+,`; otherwise in single quotes, each inner single quote written '\''.
std::string shell_quoted(std::string_view text);

/// A UTC time in ISO 8601 to the second, e.g. 2027-04-01T09:30:00Z.
std::string iso8601_utc(std::chrono::system_clock::time_point time);

}  // namespace caremarket::results
