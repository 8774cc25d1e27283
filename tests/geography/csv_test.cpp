#include "geography/csv.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

#include "geography/district_graph.hpp"
#include "geography/table.hpp"

namespace csv = caremarket::geography::csv;

TEST_CASE("the comment block is skipped and lines are counted from the top of the file") {
  const auto table = csv::parse("# source: somewhere\n# licence: MIT\n\na,b\n1,2\n\n3,4\n");
  CHECK(table.header_line == 4);
  CHECK(table.header == std::vector<std::string>{"a", "b"});
  REQUIRE(table.records.size() == 2);
  CHECK(table.records[0].line == 5);
  CHECK(table.records[1].line == 7);
  CHECK(table.records[1].fields == std::vector<std::string>{"3", "4"});
  CHECK(table.problems.empty());
}

TEST_CASE("CRLF line ends, a byte order mark and a missing final line end are handled") {
  const auto table = csv::parse("\xEF\xBB\xBF# c\r\na,b\r\n1, 2 \r\n3,4");
  CHECK(table.header == std::vector<std::string>{"a", "b"});
  REQUIRE(table.records.size() == 2);
  CHECK(table.records[0].fields == std::vector<std::string>{"1", "2"});
  CHECK(table.records[1].fields == std::vector<std::string>{"3", "4"});
  CHECK(table.records[1].line == 4);
}

TEST_CASE("quoted fields keep commas, doubled quotes and line breaks") {
  const auto table = csv::parse("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nnext,1,2\n");
  REQUIRE(table.records.size() == 2);
  CHECK(table.records[0].fields == std::vector<std::string>{"x, y", "say \"hi\"", "two\nlines"});
  CHECK(table.records[0].line == 2);
  CHECK(table.records[1].line == 4);
  CHECK(table.problems.empty());
}

TEST_CASE("column names lose the spaces around them, quoted or not; quoted values keep theirs") {
  const auto table = csv::parse("\"cqcid \", hours ,\" when\"\n\" a \",1,2\n");
  CHECK(table.header == std::vector<std::string>{"cqcid", "hours", "when"});
  REQUIRE(table.records.size() == 1);
  CHECK(table.records[0].fields == std::vector<std::string>{" a ", "1", "2"});
}

TEST_CASE("an empty last field and empty fields are kept") {
  const auto table = csv::parse("a,b,c\n1,,\n");
  REQUIRE(table.records.size() == 1);
  CHECK(table.records[0].fields == std::vector<std::string>{"1", "", ""});
}

TEST_CASE("an unclosed quote and text after a closing quote are problems") {
  const auto unclosed = csv::parse("a,b\n1,\"open\n");
  REQUIRE(unclosed.problems.size() == 1);
  CHECK(unclosed.problems[0].line == 2);
  CHECK(unclosed.problems[0].field == 1);
  CHECK_FALSE(unclosed.problems[0].in_header);
  const auto trailing = csv::parse("a,b\n\"x\"y,2\n");
  REQUIRE(trailing.problems.size() == 1);
  CHECK(trailing.problems[0].line == 2);
  CHECK(trailing.problems[0].field == 0);
  // The text after the quote is kept whole, so messages that echo the field show it all.
  REQUIRE(trailing.records.size() == 1);
  CHECK(trailing.records[0].fields[0] == "xy");
  // A quote left open on line 2 runs to the next quote, on line 4: the problem is found on
  // line 4 and says where the quote opened.
  const auto open_early = csv::parse("a,b\n1,\"open\n2,3\n4,\"x\"y\n");
  REQUIRE(open_early.problems.size() == 1);
  CHECK(open_early.problems[0].line == 4);
  CHECK(open_early.problems[0].field == 1);
  CHECK(open_early.problems[0].message ==
        "text after a closing quote (its opening quote is on line 2: is a quote missing?)");
  // A quote not closed is reported on the line where it opened.
  const auto unclosed_later = csv::parse("a,b\n1,2\n3,\"x\n\n");
  REQUIRE(unclosed_later.problems.size() == 1);
  CHECK(unclosed_later.problems[0].line == 3);
  const auto in_header = csv::parse("a,\"b\"c\n1,2\n");
  REQUIRE(in_header.problems.size() == 1);
  CHECK(in_header.problems[0].field == 1);
  CHECK(in_header.problems[0].in_header);
}

TEST_CASE("a file of comments only has no header") {
  CHECK(csv::parse("# nothing here\n").header_line == 0);
  CHECK(csv::parse("").header_line == 0);
}

namespace {

namespace geo = caremarket::geography;

/// The problems a Table finds in `text`, as the user would read them.
std::vector<std::string> table_problems(std::string_view text, bool other_columns_allowed) {
  geo::Problems problems;
  const geo::Table table("f.csv", text, {{"id"}, {"hours", false}}, problems,
                         other_columns_allowed);
  try {
    problems.throw_if_any();
  } catch (const geo::GeographyError& e) {
    return e.problems();
  }
  return {};
}

}  // namespace

TEST_CASE("a repeated column is refused when the table reads it, and ignored when it does not") {
  // The table reads id and hours; 'region' is another column, allowed or not.
  CHECK(table_problems("# c\nid,hours,id\n1,2,3\n", true) ==
        std::vector<std::string>{
            "f.csv:2: column 'id': column appears more than once in the header"});
  CHECK(table_problems("id,hours,hours\n1,2,3\n", false) ==
        std::vector<std::string>{
            "f.csv:1: column 'hours': column appears more than once in the header"});
  CHECK(table_problems("id,region,hours,region\n1,a,2,b\n", true).empty());
  CHECK(table_problems("id,region,hours,region\n1,a,2,b\n", false) ==
        std::vector<std::string>{"f.csv:1: column 'region': unknown column (expected: id, hours)",
                                 "f.csv:1: column 'region': unknown column (expected: id, hours)"});
}

TEST_CASE("a quoting problem names the column it is in, or the field's place in the header") {
  auto has = [](const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  };
  CHECK(has(table_problems("id,hours\n1,\"open\n", false),
            "f.csv:2: column 'hours': quoted field is not closed"));
  // The quote takes the rest of the file into its record, whose count of fields (1 of 2) is
  // the quote's doing: said once, as the quote.
  CHECK(table_problems("id,hours\n\"1,2\n", false) ==
        std::vector<std::string>{"f.csv:2: column 'id': quoted field is not closed"});
  CHECK(has(table_problems("# c\nid,hours\n\"1\"x,2\n", false),
            "f.csv:3: column 'id': text after a closing quote"));
  CHECK(has(table_problems("id,\"hours\"x\n1,2\n", false),
            "f.csv:1: field 2 of the header: text after a closing quote"));
  // A field past the header's columns has no name: its place is given.
  CHECK(has(table_problems("id,hours\n1,2,\"x\"y\n", false),
            "f.csv:2: field 3: text after a closing quote"));
}

TEST_CASE(
    "text is UTF-8 only as RFC 3629 allows it: no overlong forms, surrogates or past U+10FFFF") {
  // Accepted: e acute (C3 A9), the euro sign (E2 82 AC), U+FFFD (EF BF BD), the last code point
  // before the surrogates (ED 9F BF), an emoji (F0 9F 98 80) and U+10FFFF (F4 8F BF BF).
  for (const char* good :
       {"name\nCaf\xC3\xA9\n", "name\n\xE2\x82\xAC\n", "name\n\xEF\xBF\xBD\n",
        "name\n\xED\x9F\xBF\n", "name\n\xF0\x9F\x98\x80\n", "name\n\xF4\x8F\xBF\xBF\n"}) {
    INFO(good);
    CHECK_FALSE(caremarket::geography::encoding_problem(good).has_value());
  }
  // Refused, on line 2: an overlong '/' in two bytes (C0 AF) and in three (E0 80 AF), a
  // UTF-16 surrogate U+D800 (ED A0 80), an overlong four-byte form (F0 80 80 80), U+110000
  // (F4 90 80 80), a lead byte past F4 (F5 80 80 80) and a lone continuation byte (80).
  for (const char* bad : {"name\n\xC0\xAF\n", "name\n\xE0\x80\xAF\n", "name\n\xED\xA0\x80\n",
                          "name\n\xF0\x80\x80\x80\n", "name\n\xF4\x90\x80\x80\n",
                          "name\n\xF5\x80\x80\x80\n", "name\n\x80\n"}) {
    INFO(bad);
    const auto problem = caremarket::geography::encoding_problem(bad);
    REQUIRE(problem.has_value());
    CHECK(problem->first == 2);
    CHECK(problem->second.find("is not valid UTF-8") == 0);
  }
}

TEST_CASE("a carriage return alone is named at its line, unless it is inside a quoted field") {
  using caremarket::geography::encoding_problem;
  // CRLF line ends, and a CR inside a quoted field (which may hold line breaks), are text.
  CHECK_FALSE(encoding_problem("name,x\r\nA,1\r\n").has_value());
  CHECK_FALSE(encoding_problem("name,x\n\"A\rB\",1\n\"C\"\"D\",2\n").has_value());
  // A stray CR among LF line ends would join lines 2 and 3 into one row of 3 fields.
  const auto stray = encoding_problem("name,x\nA,1\rB,2\nC,3\n");
  REQUIRE(stray.has_value());
  CHECK(stray->first == 2);
  CHECK(stray->second ==
        "the line ends in a carriage return alone (an old Mac line end); save the file with LF "
        "or CRLF line ends");
  // After a quoted field with a doubled quote, the quotes are closed again.
  const auto after = encoding_problem("name,x\n\"a\"\"b\",1\rB,2\n");
  REQUIRE(after.has_value());
  CHECK(after->first == 2);
  // Every line ending in CR alone: said of the file, at line 1.
  const auto all = encoding_problem("name,x\rA,1\rB,2\r");
  REQUIRE(all.has_value());
  CHECK(all->first == 1);
  CHECK(all->second.starts_with("the lines end in a carriage return alone"));
}

TEST_CASE("a number a data file cannot hold is named as too large or too small, not as text") {
  using caremarket::geography::number_fault;
  CHECK(number_fault("1e400") ==
        "'1e400' is beyond the numbers a value can hold (at most about 1.8e308 in size)");
  CHECK(number_fault("-2.5E+999") ==
        "'-2.5E+999' is beyond the numbers a value can hold (at most about 1.8e308 in size)");
  CHECK(number_fault("1e-400") ==
        "'1e-400' is too small for a number here (under about "
        "4.9e-324 in size); write 0 if 0 is meant");
  CHECK(number_fault("inf") == "'inf' is not a finite number");
  CHECK(number_fault("east") == "'east' is not a number");
  CHECK(number_fault("1e400x") == "'1e400x' is not a number");
}

TEST_CASE("a whole number a data file cannot hold is named as too large, not as not whole") {
  using caremarket::geography::whole_number_fault;
  // 2^63 = 9223372036854775808 is one past the largest std::int64_t.
  CHECK(whole_number_fault("9223372036854775808") ==
        "'9223372036854775808' is beyond the whole numbers a value can hold (at most "
        "9223372036854775807 in size)");
  CHECK(whole_number_fault("-99999999999999999999") ==
        "'-99999999999999999999' is beyond the whole numbers a value can hold (at most "
        "9223372036854775807 in size)");
  CHECK(whole_number_fault("2.5") == "'2.5' is not a whole number");
  CHECK(whole_number_fault("1e400") ==
        "'1e400' is beyond the numbers a value can hold (at most about 1.8e308 in size)");
  CHECK(whole_number_fault("lots") == "'lots' is not a whole number");
  CHECK(whole_number_fault("") == "'' is not a whole number");
}

TEST_CASE("a data file's number of a kind names a range fault and the kind expected") {
  using caremarket::geography::number_fault;
  CHECK(number_fault("x", "a number of people >= 0") == "'x' is not a number of people >= 0");
  CHECK(number_fault("-3", "a number of people >= 0") == "'-3' is not a number of people >= 0");
  CHECK(number_fault("1e999", "a count of clients") ==
        "'1e999' is beyond the numbers a value can hold (at most about 1.8e308 in size); "
        "expected a count of clients");
}

TEST_CASE("a message quoting a long value keeps its start and its reason") {
  geo::Problems problems;
  const std::string value = "1" + std::string(1000, '0');
  const std::string reason = " is beyond the numbers a value can hold";
  problems.add("f.csv", 2, "hours", "'" + value + "'" + reason);
  std::vector<std::string> lines;
  try {
    problems.throw_if_any();
  } catch (const geo::GeographyError& e) {
    lines = e.problems();
  }
  REQUIRE(lines.size() == 1);
  const std::string& line = lines.front();
  // "f.csv:2: column 'hours': " then the message's first 200 bytes, "...", its last 200.
  const std::string message = "'" + value + "'" + reason;
  CHECK(line == "f.csv:2: column 'hours': " + message.substr(0, 200) + "..." +
                    message.substr(message.size() - 200));
  CHECK(line.ends_with(reason));
  // A short message is whole.
  geo::Problems short_problems;
  short_problems.add("f.csv", 3, "hours", "'x' is not a number");
  try {
    short_problems.throw_if_any();
  } catch (const geo::GeographyError& e) {
    CHECK(e.problems().front() == "f.csv:3: column 'hours': 'x' is not a number");
  }
}
