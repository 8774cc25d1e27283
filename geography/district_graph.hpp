#pragma once
// The district graph the model runs on: districts (nodes), shared boundaries (edges) and travel
// times between every pair of districts. Boost.Graph is used in the implementation only.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace caremarket::geography {

/// Index of a district in a DistrictGraph: 0 .. size()-1, in the order of the districts file.
using DistrictIndex = std::size_t;

/// A district's population, in any age band and year, is below this: far above any district's.
/// The geography's districts.csv, projections and the public data `import` reads are held to it
/// (scenarios/limits.hpp).
inline constexpr double population_below = 1e9;

/// One district: identified by its ONS GSS code; the name is for display.
struct District {
  std::string code;                   // ONS GSS code, e.g. E07000105
  std::string name;                   // display name
  std::int64_t population = 0;        // all ages, mid-year estimate
  std::int64_t population_18_64 = 0;  // aged 18-64
  std::int64_t population_65_plus = 0;
  double latitude = 0.0;  // centroid, degrees
  double longitude = 0.0;
  int hex_col = 0;  // position on the hex map (odd-r offset coordinates)
  int hex_row = 0;
  bool external = false;  // a neighbouring authority outside the council (Medway)
};

/// A shared boundary between two districts.
struct Edge {
  DistrictIndex from = 0;
  DistrictIndex to = 0;
  double boundary_km = 0.0;  // length of the shared border; 0 where unknown
  double travel_minutes = 0.0;
};

/// Which other districts count as "neighbouring" in the placement cascade: those within
/// max_hops boundary hops and no further than max_travel_minutes, and also any district within
/// within_travel_minutes whether or not it shares a boundary (DOMAIN.md: "districts that share a
/// boundary, or that lie within a travel time the scenario sets").
struct NeighbourLimit {
  int max_hops = 1;  // boundary hops; 0 means none by boundary
  double max_travel_minutes = std::numeric_limits<double>::infinity();  // cap on the boundary rule
  double within_travel_minutes = 0.0;  // 0: no district is a neighbour by travel time alone
  bool external = false;  // external districts may be neighbours (geography.external_providers)
};

/// A district reachable from another, with its distance in hops and in travel time.
struct Neighbour {
  DistrictIndex district = 0;
  int hops = 0;
  double travel_minutes = 0.0;
};

/// How travel times are estimated from centroids when no matrix is given: great-circle
/// distance times a road factor, at an average speed (documented in docs/assumptions.md).
struct TravelTimeModel {
  double road_factor = 1.3;  // road distance over great-circle distance, >= 1 (assumption, not
                             // sourced)
  double average_speed_kmh = 50.0;  // door-to-door average on Kent roads (assumption, not sourced)
};

class DistrictGraph {
 public:
  DistrictGraph() = default;
  /// Builds the graph. Travel times: from `travel_minutes` (a full size x size matrix) when it
  /// is not empty, otherwise estimated from centroids with `model`.
  DistrictGraph(std::vector<District> districts, std::vector<Edge> edges,
                std::vector<std::vector<double>> travel_minutes = {}, TravelTimeModel model = {});

  [[nodiscard]] std::size_t size() const { return districts_.size(); }
  [[nodiscard]] const District& district(DistrictIndex i) const { return districts_.at(i); }
  [[nodiscard]] const std::vector<District>& districts() const { return districts_; }
  [[nodiscard]] const std::vector<Edge>& edges() const { return edges_; }
  [[nodiscard]] std::optional<DistrictIndex> find(std::string_view code) const;
  [[nodiscard]] double travel_minutes(DistrictIndex a, DistrictIndex b) const;
  /// Boundary hops between two districts (breadth-first); -1 where unreachable.
  [[nodiscard]] int hops(DistrictIndex a, DistrictIndex b) const;
  /// Districts within the limit, excluding `d` itself and external districts, nearest first by
  /// travel time (ties: fewer hops, then lower index).
  [[nodiscard]] std::vector<Neighbour> neighbours(DistrictIndex d, NeighbourLimit limit) const;
  /// True when every district can reach every other along boundaries.
  [[nodiscard]] bool connected() const;

 private:
  std::vector<District> districts_;
  std::vector<Edge> edges_;
  std::vector<std::vector<double>> travel_minutes_;
  std::vector<std::vector<int>> hops_;
};

/// Every problem found in a geography's files, each as "file:line: column: message".
class GeographyError : public std::runtime_error {
 public:
  explicit GeographyError(std::vector<std::string> problems);
  [[nodiscard]] const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

struct GeographyOptions {
  bool include_external = false;  // keep districts marked external (Medway) as nodes
  TravelTimeModel travel{};
};

/// Reads a geography from a folder holding districts.csv, edges.csv and optionally
/// travel_minutes.csv (formats in docs/geography.md). Throws GeographyError listing every
/// problem found.
DistrictGraph load_geography(const std::string& directory, const GeographyOptions& options = {});

/// The built-in Kent County Council geography (12 districts; Medway as external node if asked).
DistrictGraph kent_geography(const GeographyOptions& options = {});

}  // namespace caremarket::geography
