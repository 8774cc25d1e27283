#pragma once
// Numbers as messages write them, one way for every command and check.

#include <string>

namespace caremarket::scenarios {

/// A number for a message, as a person writes it: plain digits where they are short (2000000,
/// 0.25, 1000000620.5), else the shortest form that reads back as `value` with a plain exponent
/// (1e300, 1e-7); inf and nan spelled out.
std::string message_number(double value);

/// A count for a message: rounded to a whole number (1249128), or message_number(value) when it
/// is not finite or is 1e18 or more.
std::string message_count(double value);

}  // namespace caremarket::scenarios
