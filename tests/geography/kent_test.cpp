#include <algorithm>
#include <catch2/catch.hpp>
#include <numeric>
#include <set>
#include <string>
#include <utility>

#include "geography/district_graph.hpp"

using namespace caremarket::geography;

namespace {

using CodePair = std::pair<std::string, std::string>;

CodePair ordered(std::string a, std::string b) {
  return a < b ? CodePair{a, b} : CodePair{b, a};
}

std::set<CodePair> edge_codes(const DistrictGraph& g) {
  std::set<CodePair> pairs;
  for (const Edge& e : g.edges())
    pairs.insert(ordered(g.district(e.from).code, g.district(e.to).code));
  return pairs;
}

// The 21 boundaries between Kent districts listed in KENT.md (ONS boundaries, derived).
const std::set<CodePair> kent_internal_edges = [] {
  const std::vector<CodePair> listed{
      {"E07000105", "E07000106"}, {"E07000105", "E07000112"}, {"E07000105", "E07000110"},
      {"E07000105", "E07000113"}, {"E07000105", "E07000116"}, {"E07000106", "E07000108"},
      {"E07000106", "E07000112"}, {"E07000106", "E07000113"}, {"E07000106", "E07000114"},
      {"E07000107", "E07000109"}, {"E07000107", "E07000111"}, {"E07000108", "E07000112"},
      {"E07000108", "E07000114"}, {"E07000109", "E07000111"}, {"E07000109", "E07000115"},
      {"E07000110", "E07000113"}, {"E07000110", "E07000115"}, {"E07000110", "E07000116"},
      {"E07000111", "E07000115"}, {"E07000111", "E07000116"}, {"E07000115", "E07000116"}};
  std::set<CodePair> s;
  for (const auto& [a, b] : listed) s.insert(ordered(a, b));
  return s;
}();

DistrictIndex index_of(const DistrictGraph& g, std::string_view code) {
  const auto i = g.find(code);
  REQUIRE(i.has_value());
  return *i;
}

}  // namespace

TEST_CASE("Kent has its 12 districts, E07000105 to E07000116, in code order") {
  const DistrictGraph kent = kent_geography();
  REQUIRE(kent.size() == 12);
  for (std::size_t i = 0; i < kent.size(); ++i) {
    CHECK(kent.district(i).code == "E07000" + std::to_string(105 + i));
    CHECK_FALSE(kent.district(i).external);
  }
  CHECK(kent.district(index_of(kent, "E07000112")).name == "Folkestone and Hythe");
  CHECK(kent.district(index_of(kent, "E07000110")).population == 184187);
  CHECK(kent.district(index_of(kent, "E07000114")).population_65_plus == 33686);
}

TEST_CASE("Kent's mid-2023 population totals 1,610,251 (Kent County Council: 1,610,300)") {
  const DistrictGraph kent = kent_geography();
  const auto total =
      std::accumulate(kent.districts().begin(), kent.districts().end(), std::int64_t{0},
                      [](std::int64_t sum, const District& d) { return sum + d.population; });
  CHECK(total == 1610251);
}

TEST_CASE("Kent's edges are exactly the 21 boundaries between its districts, and connect them") {
  const DistrictGraph kent = kent_geography();
  CHECK(kent.edges().size() == 21);
  CHECK(edge_codes(kent) == kent_internal_edges);
  CHECK(kent.connected());
  CHECK(kent.hops(index_of(kent, "E07000107"), index_of(kent, "E07000114")) ==
        5);  // Dartford-Thanet
}

TEST_CASE("with Medway included there are 13 nodes and 25 edges") {
  const DistrictGraph kent = kent_geography({true, {}});
  REQUIRE(kent.size() == 13);
  CHECK(kent.edges().size() == 25);
  const DistrictIndex medway = index_of(kent, "E06000035");
  CHECK(kent.district(medway).external);
  CHECK(kent.district(medway).population == 286800);
  std::set<CodePair> expected = kent_internal_edges;
  for (const char* code : {"E07000109", "E07000110", "E07000113", "E07000115"}) {
    expected.insert(ordered(code, "E06000035"));
  }
  CHECK(edge_codes(kent) == expected);
  CHECK(kent.connected());
  // Medway is a node for travel but never a neighbour in the placement cascade.
  for (DistrictIndex d = 0; d < kent.size(); ++d) {
    for (const Neighbour& n : kent.neighbours(d, {12})) CHECK(n.district != medway);
  }
  // Gravesham to Swale: 2 hops through Medway, 3 (via Tonbridge and Malling, Maidstone) without.
  CHECK(kent.hops(index_of(kent, "E07000109"), index_of(kent, "E07000113")) == 2);
  const DistrictGraph without = kent_geography();
  CHECK(without.hops(index_of(without, "E07000109"), index_of(without, "E07000113")) == 3);
}

TEST_CASE("Ashford's neighbours are its five bordering districts, nearest first") {
  const DistrictGraph kent = kent_geography();
  const DistrictIndex ashford = index_of(kent, "E07000105");
  const auto neighbours = kent.neighbours(ashford, {1});
  std::set<std::string> codes;
  for (const auto& n : neighbours) {
    codes.insert(kent.district(n.district).code);
    CHECK(n.hops == 1);
  }
  CHECK(codes ==
        std::set<std::string>{"E07000106", "E07000110", "E07000112", "E07000113", "E07000116"});
  CHECK(std::is_sorted(neighbours.begin(), neighbours.end(), [](const auto& a, const auto& b) {
    return a.travel_minutes < b.travel_minutes;
  }));
  const auto within_two = kent.neighbours(ashford, {2, 45.0});
  CHECK_FALSE(within_two.empty());
  for (const auto& n : within_two) {
    CHECK(n.hops <= 2);
    CHECK(n.travel_minutes <= 45.0);
  }
  CHECK(within_two.size() < kent.neighbours(ashford, {2}).size());
}

TEST_CASE("estimated travel time from Ashford to Canterbury is plausible") {
  // About 27 km apart on the great circle; the drive on the A28 takes roughly half an hour to
  // 45 minutes. The estimate (road factor 1.3, 50 km/h) should fall in that band.
  const DistrictGraph kent = kent_geography();
  const double minutes =
      kent.travel_minutes(index_of(kent, "E07000105"), index_of(kent, "E07000106"));
  CHECK(minutes > 25.0);
  CHECK(minutes < 60.0);
}

TEST_CASE("each travel model gives its own travel times, asked in any order") {
  // Graphs of the built-in data are kept by their options: each must still be its options'.
  // Ashford to Canterbury is about 27 km on the great circle, so x 1.3 at 50 km/h it takes
  // about 42 minutes, and twice that x 2.6; at 100 km/h, half.
  const auto minutes = [](double road_factor, double speed) {
    const DistrictGraph kent = kent_geography({false, {road_factor, speed}});
    return kent.travel_minutes(index_of(kent, "E07000105"), index_of(kent, "E07000106"));
  };
  const double base = minutes(1.3, 50.0);
  for (int round = 0; round < 2; ++round) {
    INFO("round " << round);
    CHECK(minutes(2.6, 50.0) == Approx(2.0 * base));
    CHECK(minutes(1.3, 100.0) == Approx(0.5 * base));
    CHECK(minutes(1.3, 50.0) == base);
    for (int k = 0; k < 10; ++k) CHECK(minutes(1.3 + 0.1 * k, 50.0) > 0.0);  // more than kept
  }
  CHECK(kent_geography({true, {}}).size() == 13);
  CHECK(kent_geography({false, {}}).size() == 12);
}

TEST_CASE("the built-in data is the same as the files in geography/data/kent") {
  const DistrictGraph embedded = kent_geography({true, {}});
  const DistrictGraph on_disk =
      load_geography(std::string(CAREMARKET_TEST_DATA) + "/../../geography/data/kent", {true, {}});
  REQUIRE(on_disk.size() == embedded.size());
  for (std::size_t i = 0; i < embedded.size(); ++i) {
    CHECK(on_disk.district(i).code == embedded.district(i).code);
    CHECK(on_disk.district(i).population == embedded.district(i).population);
  }
  CHECK(edge_codes(on_disk) == edge_codes(embedded));
}
