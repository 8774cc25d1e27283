#include "geography/loader.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "geography/district_graph.hpp"

using namespace caremarket::geography;

namespace {

std::string fixture(const std::string& name) {
  return std::string(CAREMARKET_TEST_DATA) + "/geography/" + name;
}

// The problems reported for a fixture folder; fails the test if it loads.
std::vector<std::string> problems_of(const std::string& name) {
  try {
    (void)load_geography(fixture(name));
  } catch (const GeographyError& e) {
    return e.problems();
  }
  FAIL("the geography in " << name << " loaded without complaint");
  return {};
}

bool any_contains(const std::vector<std::string>& problems, const std::string& text) {
  for (const auto& p : problems) {
    if (p.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a valid folder loads, with its travel matrix") {
  const DistrictGraph g = load_geography(fixture("valid"));
  REQUIRE(g.size() == 4);
  CHECK(g.district(0).code == "X01");
  CHECK(g.district(2).name == "Gamma");
  CHECK(g.district(2).population == 3000);
  CHECK(g.district(2).population_65_plus == 600);
  CHECK(g.district(3).hex_col == 2);
  CHECK(g.edges().size() == 3);
  CHECK(g.connected());
  CHECK(g.travel_minutes(1, 0) == 21.0);  // the matrix need not be symmetric
  CHECK(g.edges()[1].travel_minutes == 15.0);
  CHECK(g.edges()[0].boundary_km == 10.0);
}

TEST_CASE("each broken file is refused, naming the file, line and column") {
  using Case = std::pair<const char*, const char*>;
  const auto [folder, expected] = GENERATE(
      Case{"missing_column", "districts.csv:2: column 'population_65_plus': missing column"},
      Case{"duplicate_code",
           "districts.csv:6: column 'code': duplicate code X02 (first on line 4)"},
      Case{"duplicate_name",
           "districts.csv:7: column 'name': duplicate name Beta (first on line 5)"},
      Case{"unknown_edge_code", "edges.csv:6: column 'to': unknown district code X99"},
      Case{"negative_population", "districts.csv:5: column 'population': must not be negative"},
      // 1000000000 is refused (below it, as import and projections hold populations); the
      // 999999999 of line 6 passes, so no problem names it.
      Case{"huge_population",
           "districts.csv:5: column 'population': must be below 1000000000 people (more than "
           "any district holds), found 1000000000"},
      Case{"bad_number", "districts.csv:4: column 'longitude': 'east' is not a number"},
      Case{"disconnected", "districts.csv:5: column 'code': "},
      Case{"travel_not_square", "travel_minutes.csv:2: column 'code': the matrix is not square"},
      // Gamma (line 5) on Beta's cell (line 4); X02's row (line 4) gives 5 minutes to itself.
      Case{"same_hex",
           "districts.csv:5: column 'hex_row': hex cell (1, 0) is X02's too (line 4): the hex "
           "map would draw one district over the other"},
      Case{"self_travel",
           "travel_minutes.csv:4: column 'X02': the time from X02 to itself must be 0"});
  INFO(folder);
  const auto problems = problems_of(folder);
  INFO(problems.front());
  CHECK(any_contains(problems, expected));
}

TEST_CASE("a disconnected graph names the districts that cannot be reached") {
  const auto problems = problems_of("disconnected");
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0], Catch::Contains("Alpha (X01)") && Catch::Contains("Gamma (X03)") &&
                              Catch::Contains("Delta (X04)") && !Catch::Contains("Beta (X02)"));
}

TEST_CASE("every problem in a file is reported, not only the first") {
  const auto problems = problems_of("several_errors");
  INFO([&] {
    std::string all;
    for (const auto& p : problems) all += p + "\n";
    return all;
  }());
  CHECK(
      any_contains(problems, "districts.csv:4: column 'population': 'lots' is not a whole number"));
  CHECK(any_contains(problems, "districts.csv:5: column 'latitude': must be between -90 and 90"));
  CHECK(any_contains(problems, "districts.csv:5: column 'external': 'maybe' is not true or false"));
  CHECK(any_contains(problems, "districts.csv:6: column 'code': duplicate code X01"));
  CHECK(any_contains(problems, "edges.csv:4: column 'to': an edge from X02 to itself"));
  CHECK(any_contains(problems, "edges.csv:5: column 'to': duplicate edge between X02 and X01"));
  CHECK(any_contains(problems, "edges.csv:6: column 'to': unknown district code X77"));
  CHECK(any_contains(problems, "edges.csv:6: column 'boundary_km': must not be negative"));
  CHECK(problems.size() == 8);
}

TEST_CASE("a missing folder or file is reported") {
  CHECK_THROWS_AS(load_geography(fixture("no_such_folder")), GeographyError);
  try {
    (void)load_geography(fixture("."));  // a folder with no districts.csv
    FAIL("loaded");
  } catch (const GeographyError& e) {
    CHECK(any_contains(e.problems(), "districts.csv: cannot read the file"));
    CHECK(any_contains(e.problems(), "edges.csv: cannot read the file"));
  }
}

namespace {

const char* const small_districts =
    "# Made-up districts; the second is outside the council.\r\n"
    "code,name,population,population_18_64,population_65_plus,latitude,longitude,external\r\n"
    "A1,\"Town, North\",100,60,20,51.0,0.0,false\r\n"
    "M1,Outside,100,60,20,51.0,0.1,true\r\n"
    "A2,\"The \"\"Other\"\" Town\",100,60,20,51.0,0.2,false\r\n";

}  // namespace

TEST_CASE("text in memory parses like files: quotes, CRLF, optional columns") {
  const GeographySources sources{
      {"d.csv", small_districts}, {"e.csv", "from,to\nA1,M1\nM1,A2\nA1,A2\n"}, std::nullopt};
  const DistrictGraph with = parse_geography(sources, {true, {}});
  REQUIRE(with.size() == 3);
  CHECK(with.district(0).name == "Town, North");
  CHECK(with.district(2).name == "The \"Other\" Town");
  CHECK(with.district(1).external);
  CHECK(with.district(0).hex_col == 0);
  CHECK(with.edges().size() == 3);
  CHECK(with.edges()[0].boundary_km == 0.0);

  const DistrictGraph without = parse_geography(sources);
  REQUIRE(without.size() == 2);
  CHECK(without.district(1).code == "A2");
  REQUIRE(without.edges().size() == 1);
  CHECK(without.edges()[0].from == 0);
  CHECK(without.edges()[0].to == 1);
}

TEST_CASE("dropping the external districts can disconnect the graph, and that is reported") {
  const GeographySources sources{
      {"d.csv", small_districts}, {"e.csv", "from,to\nA1,M1\nM1,A2\n"}, std::nullopt};
  CHECK(parse_geography(sources, {true, {}}).connected());
  CHECK_THROWS_WITH(parse_geography(sources),
                    Catch::Contains("d.csv:5: column 'code'") && Catch::Contains("The \"Other\""));
}

TEST_CASE("unknown columns and travel-matrix problems are reported") {
  const GeographySources sources{
      {"d.csv",
       "code,name,population,population_18_64,population_65_plus,latitude,longitude,"
       "hexcol\nA1,One,1,0,0,51,0,3\nA2,Two,1,0,0,51,0.1,4\n"},
      {"e.csv", "from,to\nA1,A2\n"},
      GeographyFile{"t.csv", "code,A1,A2,B9\nA1,0,-5,1\nA2,5,0,x\n"}};
  try {
    (void)parse_geography(sources);
    FAIL("parsed");
  } catch (const GeographyError& e) {
    CHECK(any_contains(e.problems(), "d.csv:1: column 'hexcol': unknown column"));
    CHECK(any_contains(e.problems(), "t.csv:1: column 'B9': unknown district code"));
    CHECK(any_contains(e.problems(), "t.csv:2: column 'A2': must not be negative"));
  }
}

TEST_CASE("a district code in the wrong case is suggested in its own case, in every file") {
  const GeographySources sources{
      {"d.csv",
       "code,name,population,population_18_64,population_65_plus,latitude,longitude\n"
       "A1,One,1,0,0,51,0\nA2,Two,1,0,0,51,0.1\n"},
      {"e.csv", "from,to\na1,A2\n"},
      GeographyFile{"t.csv", "code,A1,a2\nA1,0,5\na2,5,0\n"}};
  try {
    (void)parse_geography(sources);
    FAIL("parsed");
  } catch (const GeographyError& e) {
    const std::vector<std::string> expected{
        "e.csv:2: column 'from': unknown district code a1 (not in d.csv); did you mean 'A1'?",
        "t.csv:1: column 'a2': unknown district code a2 (not in d.csv); did you mean 'A2'?",
        "t.csv:3: column 'code': unknown district code a2 (not in d.csv); did you mean 'A2'?"};
    for (const auto& line : expected) CHECK(any_contains(e.problems(), line));
  }
}

TEST_CASE("a code of districts.csv in lower case is not offered to the files spelling it right") {
  const GeographySources sources{
      {"d.csv",
       "code,name,population,population_18_64,population_65_plus,latitude,longitude\n"
       "a1,One,1,0,0,51,0\nA2,Two,1,0,0,51,0.1\n"},
      {"e.csv", "from,to\nA1,A2\n"},
      std::nullopt};
  try {
    (void)parse_geography(sources);
    FAIL("parsed");
  } catch (const GeographyError& e) {
    CHECK(any_contains(e.problems(),
                       "e.csv:2: column 'from': unknown district code A1 (not in "
                       "d.csv)"));
    for (const auto& p : e.problems()) CHECK(p.find("did you mean") == std::string::npos);
  }
}

TEST_CASE("a district code is a TOML bare key: letters, digits, '-' and '_'") {
  // A '/' named a folder inside the results folder (a large run splits its metrics by
  // district), a '.' another key (district_growth_per_year.A.B); "A-1_b" is a bare key.
  const GeographySources sources{
      {"d.csv",
       "code,name,population,population_18_64,population_65_plus,latitude,longitude\n"
       "x/y,One,1,0,0,51,0\nA.B,Two,1,0,0,51,0.1\n\"A B\",Three,1,0,0,51,0.2\n"
       "\xC3\xBCn,Four,1,0,0,51,0.3\nA-1_b,Five,1,0,0,51,0.4\n"},
      {"e.csv", "from,to\nx/y,A.B\nA.B,A B\nA B,\xC3\xBCn\n\xC3\xBCn,A-1_b\n"},
      std::nullopt};
  try {
    (void)parse_geography(sources);
    FAIL("parsed");
  } catch (const GeographyError& e) {
    const std::string rule =
        "; a district code is letters, digits, '-' and '_' only, as it names keys of a "
        "scenario (custom_weights.CODE) and files of a run";
    CHECK(any_contains(e.problems(), "d.csv:2: column 'code': 'x/y' holds '/'" + rule));
    CHECK(any_contains(e.problems(), "d.csv:3: column 'code': 'A.B' holds '.'" + rule));
    CHECK(any_contains(e.problems(), "d.csv:4: column 'code': 'A B' holds a space" + rule));
    CHECK(any_contains(
        e.problems(),
        "d.csv:5: column 'code': '\xC3\xBCn' holds a character that is not ASCII" + rule));
    for (const auto& p : e.problems()) CHECK(p.find("d.csv:6:") == std::string::npos);
  }
  // A hidden space is named (it shows as a blank).
  const GeographySources hidden{
      {"d.csv",
       "code,name,population,population_18_64,population_65_plus,latitude,longitude\n"
       "A1\xC2\xA0,One,1,0,0,51,0\nA2,Two,1,0,0,51,0.1\n"},
      {"e.csv", "from,to\nA2,A2\n"},
      std::nullopt};
  try {
    (void)parse_geography(hidden);
    FAIL("parsed");
  } catch (const GeographyError& e) {
    CHECK(any_contains(e.problems(),
                       "holds a character that is not ASCII (it holds a no-break "
                       "space, U+00A0); a district code is"));
  }
}

TEST_CASE("a district's second column in the travel matrix is refused, not ignored") {
  const GeographySources sources{
      {"d.csv",
       "code,name,population,population_18_64,population_65_plus,latitude,longitude\n"
       "A1,One,1,0,0,51,0\nA2,Two,1,0,0,51,0.1\n"},
      {"e.csv", "from,to\nA1,A2\n"},
      GeographyFile{"t.csv", "code,A1,A2,A2\nA1,0,5,50\nA2,5,0,0\n"}};
  CHECK_THROWS_WITH(
      parse_geography(sources),
      Catch::Contains("t.csv:1: column 'A2': column appears more than once in the header"));
}

TEST_CASE("the travel matrix must cover every district kept in the graph") {
  const GeographySources sources{
      {"d.csv",
       "code,name,population,population_18_64,population_65_plus,latitude,longitude\n"
       "A1,One,1,0,0,51,0\nA2,Two,1,0,0,51,0.1\nA3,Three,1,0,0,51,0.2\n"},
      {"e.csv", "from,to\nA1,A2\nA2,A3\n"},
      GeographyFile{"t.csv", "code,A1,A2\nA1,0,5\nA2,5,0\n"}};
  CHECK_THROWS_WITH(parse_geography(sources),
                    Catch::Contains("t.csv:1: column 'code': no travel times for Three (A3)"));
}

TEST_CASE("a population of 999999999 is read; 1000000000 is the one refused") {
  const auto problems = problems_of("huge_population");
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0], Catch::Contains("districts.csv:5:"));
}
