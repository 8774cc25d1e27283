// Dates as the user writes them: sim::date_fault says why a text is not a day of the calendar,
// and parse_iso_date reads only what it accepts. Expected values are the Gregorian calendar's.
#include "sim/calendar.hpp"

#include <catch2/catch.hpp>

namespace sim = caremarket::sim;

TEST_CASE("date_fault accepts the days of the calendar and says why anything else is not one") {
  for (const char* ok : {"2027-04-01", "2028-02-29", "2000-02-29", "2027-12-31", "2027-01-31"}) {
    INFO(ok);
    CHECK_FALSE(sim::date_fault(ok).has_value());
  }
  // Leap years: every 4th, but not a century unless it divides by 400.
  CHECK(sim::date_fault("2027-02-29") == "is not a day of the calendar (2027-02 has 28 days)");
  CHECK(sim::date_fault("2100-02-29") == "is not a day of the calendar (2100-02 has 28 days)");
  CHECK(sim::date_fault("2027-04-31") == "is not a day of the calendar (2027-04 has 30 days)");
  CHECK(sim::date_fault("2027-04-00") == "is not a day of the calendar (2027-04 has 30 days)");
  CHECK(sim::date_fault("2027-13-01") == "is not a day of the calendar (a month is 01 to 12)");
  CHECK(sim::date_fault("2027-00-10") == "is not a day of the calendar (a month is 01 to 12)");
  // The layout: four digits, two, two; no sign, space or short field (sscanf took " 2027-4-01"
  // and "+027-04-01" as dates).
  for (const char* bad : {"2027-4-1", " 2027-4-01", "+027-04-01", "2027-04-1 ", "27-04-2027",
                          "2027/04/01", "", "2027-04-01T00:00", "2027-04-0a"}) {
    INFO(bad);
    CHECK(sim::date_fault(bad) == "is not a date YYYY-MM-DD (e.g. 2027-04-01)");
  }
}

TEST_CASE("parse_iso_date reads a date and refuses others with the quoted text and the reason") {
  CHECK(sim::parse_iso_date("2028-02-29") == sim::Date{2028, 2, 29});
  try {
    static_cast<void>(sim::parse_iso_date("2027-02-30"));
    FAIL("accepted 2027-02-30");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()) ==
          "'2027-02-30' is not a day of the calendar (2027-02 has 28 days)");
  }
  CHECK_THROWS_AS(sim::parse_iso_date(" 2027-4-01"), std::invalid_argument);
}
