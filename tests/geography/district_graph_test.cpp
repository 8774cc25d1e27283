#include "geography/district_graph.hpp"

#include <catch2/catch.hpp>
#include <limits>
#include <string>

using namespace caremarket::geography;

namespace {

District make_district(std::string code, double latitude, double longitude, bool external = false) {
  District d;
  d.code = code;
  d.name = "District " + code;
  d.population = 1000;
  d.latitude = latitude;
  d.longitude = longitude;
  d.external = external;
  return d;
}

// A - B - C - D in a chain, E on its own.
DistrictGraph chain_with_island() {
  return DistrictGraph(
      {make_district("A", 51.0, 0.0), make_district("B", 51.0, 0.1), make_district("C", 51.0, 0.2),
       make_district("D", 51.0, 0.3), make_district("E", 52.0, 0.0)},
      {{0, 1}, {1, 2}, {2, 3}});
}

}  // namespace

TEST_CASE("hops are boundary steps, -1 where unreachable") {
  const DistrictGraph g = chain_with_island();
  CHECK(g.hops(0, 0) == 0);
  CHECK(g.hops(0, 1) == 1);
  CHECK(g.hops(0, 3) == 3);
  CHECK(g.hops(3, 0) == 3);
  CHECK(g.hops(0, 4) == -1);
  CHECK_FALSE(g.connected());
}

TEST_CASE("connected() is true when every district reaches every other") {
  const DistrictGraph g(
      {make_district("A", 51.0, 0.0), make_district("B", 51.0, 0.1), make_district("C", 51.0, 0.2)},
      {{0, 1}, {2, 1}});
  CHECK(g.connected());
  CHECK(DistrictGraph().connected());
}

TEST_CASE("find() looks districts up by code") {
  const DistrictGraph g = chain_with_island();
  CHECK(g.find("C") == std::optional<DistrictIndex>(2));
  CHECK_FALSE(g.find("Z").has_value());
}

TEST_CASE("estimated travel time is great-circle distance times road factor over speed") {
  // London to Paris is 343.5 km on the great circle (haversine, mean Earth radius).
  District london = make_district("LON", 51.5074, -0.1278);
  District paris = make_district("PAR", 48.8566, 2.3522);
  const DistrictGraph plain({london, paris}, {}, {}, TravelTimeModel{1.0, 60.0});
  CHECK(plain.travel_minutes(0, 1) == Approx(343.5).margin(1.0));
  CHECK(plain.travel_minutes(1, 0) == plain.travel_minutes(0, 1));
  CHECK(plain.travel_minutes(0, 0) == 0.0);
  const DistrictGraph slower({london, paris}, {}, {}, TravelTimeModel{1.3, 50.0});
  CHECK(slower.travel_minutes(0, 1) == Approx(plain.travel_minutes(0, 1) * 1.3 * 60.0 / 50.0));
}

TEST_CASE("a given travel matrix is used as it is, and edges carry its times") {
  const DistrictGraph g({make_district("A", 51.0, 0.0), make_district("B", 51.0, 0.1)},
                        {{0, 1, 3.5, 0.0}}, {{0.0, 17.0}, {19.0, 0.0}});
  CHECK(g.travel_minutes(0, 1) == 17.0);
  CHECK(g.travel_minutes(1, 0) == 19.0);
  REQUIRE(g.edges().size() == 1);
  CHECK(g.edges()[0].travel_minutes == 17.0);
  CHECK(g.edges()[0].boundary_km == 3.5);
}

TEST_CASE("the constructor refuses a matrix of the wrong size and edges out of range") {
  const std::vector<District> two{make_district("A", 51.0, 0.0), make_district("B", 51.0, 0.1)};
  CHECK_THROWS_AS(DistrictGraph(two, {}, {{0.0, 1.0}}), std::invalid_argument);
  CHECK_THROWS_AS(DistrictGraph(two, {}, {{0.0, 1.0}, {1.0}}), std::invalid_argument);
  CHECK_THROWS_AS(DistrictGraph(two, {{0, 2}}), std::invalid_argument);
}

TEST_CASE("neighbours are nearest first and respect the hop limit") {
  const DistrictGraph g = chain_with_island();
  const auto one = g.neighbours(1, {1});
  REQUIRE(one.size() == 2);
  CHECK(one[0].hops == 1);
  CHECK(one[1].hops == 1);
  CHECK(one[0].travel_minutes <= one[1].travel_minutes);

  const auto three = g.neighbours(0, {3});
  REQUIRE(three.size() == 3);
  CHECK(three[0].district == 1);
  CHECK(three[1].district == 2);
  CHECK(three[2].district == 3);
  CHECK(three[2].hops == 3);

  CHECK(g.neighbours(0, {0}).empty());
  CHECK(g.neighbours(4, {5}).empty());  // the island has none
}

TEST_CASE("neighbours respect the travel-time limit") {
  const DistrictGraph g = chain_with_island();
  const double to_c = g.travel_minutes(0, 2);
  const auto limited = g.neighbours(0, {3, to_c});
  REQUIRE(limited.size() == 2);  // B and C; D is further than C
  CHECK(limited.back().district == 2);
  CHECK(g.neighbours(0, {3, 0.0}).empty());
}

TEST_CASE("a district within the travel-time rule is a neighbour without a shared boundary") {
  const DistrictGraph g = chain_with_island();
  const double to_c = g.travel_minutes(0, 2);
  const auto by_boundary = g.neighbours(0, {1});
  const auto with_travel = g.neighbours(0, {1, std::numeric_limits<double>::infinity(), to_c});
  CHECK(with_travel.size() > by_boundary.size());
  bool has_c = false;
  for (const auto& n : with_travel) has_c = has_c || n.district == 2;
  CHECK(has_c);
  // The island shares no boundary, but a travel-time rule reaches it.
  const double island_to_a = g.travel_minutes(4, 0);
  const auto from_island =
      g.neighbours(4, {1, std::numeric_limits<double>::infinity(), island_to_a});
  REQUIRE(from_island.size() == 1);
  CHECK(from_island[0].district == 0);
  CHECK(from_island[0].hops == -1);
}

TEST_CASE("neighbours never include the district itself or external districts") {
  const DistrictGraph g({make_district("A", 51.0, 0.0), make_district("M", 51.0, 0.1, true),
                         make_district("C", 51.0, 0.2)},
                        {{0, 1}, {1, 2}});
  const auto from_a = g.neighbours(0, {2});
  REQUIRE(from_a.size() == 1);
  CHECK(from_a[0].district == 2);  // reached through the external district
  CHECK(from_a[0].hops == 2);
  const auto from_m = g.neighbours(1, {1});
  REQUIRE(from_m.size() == 2);
  CHECK((from_m[0].district != 1 && from_m[1].district != 1));
}

TEST_CASE("ties in travel time go to fewer hops, then to the lower index") {
  // Every pair 10 minutes apart; 0 borders 2 and 3, and 3 borders 1.
  const std::vector<std::vector<double>> ten{
      {0, 10, 10, 10}, {10, 0, 10, 10}, {10, 10, 0, 10}, {10, 10, 10, 0}};
  const DistrictGraph g({make_district("A", 51.0, 0.0), make_district("B", 51.0, 0.1),
                         make_district("C", 51.0, 0.2), make_district("D", 51.0, 0.3)},
                        {{0, 2}, {0, 3}, {3, 1}}, ten);
  const auto n = g.neighbours(0, {2});
  REQUIRE(n.size() == 3);
  CHECK(n[0].district == 2);
  CHECK(n[1].district == 3);
  CHECK(n[2].district == 1);
  CHECK(n[2].hops == 2);
}

TEST_CASE("GeographyError lists every problem, one a line") {
  const GeographyError e({"a.csv:2: column 'x': one", "b.csv:3: column 'y': two"});
  CHECK(std::string(e.what()) == "a.csv:2: column 'x': one\nb.csv:3: column 'y': two");
  CHECK(e.problems().size() == 2);
}
