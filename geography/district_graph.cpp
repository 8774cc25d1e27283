#include "geography/district_graph.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/visitors.hpp>
#include <cmath>
#include <numbers>
#include <utility>

namespace caremarket::geography {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;

// Mean radius of the Earth (IUGG), km.
constexpr double earth_radius_km = 6371.0088;

double radians(double degrees) {
  return degrees * std::numbers::pi / 180.0;
}

// Great-circle distance by the haversine formula, which stays accurate for short distances.
double great_circle_km(const District& a, const District& b) {
  const double phi1 = radians(a.latitude);
  const double phi2 = radians(b.latitude);
  const double dphi = phi2 - phi1;
  const double dlambda = radians(b.longitude - a.longitude);
  const double h = std::sin(dphi / 2) * std::sin(dphi / 2) +
                   std::cos(phi1) * std::cos(phi2) * std::sin(dlambda / 2) * std::sin(dlambda / 2);
  return 2.0 * earth_radius_km * std::asin(std::sqrt(std::min(1.0, h)));
}

double estimated_minutes(const District& a, const District& b, const TravelTimeModel& model) {
  return great_circle_km(a, b) * model.road_factor / model.average_speed_kmh * 60.0;
}

Graph build_graph(std::size_t n, const std::vector<Edge>& edges) {
  Graph g(n);
  for (const Edge& e : edges) boost::add_edge(e.from, e.to, g);
  return g;
}

}  // namespace

DistrictGraph::DistrictGraph(std::vector<District> districts, std::vector<Edge> edges,
                             std::vector<std::vector<double>> travel_minutes, TravelTimeModel model)
    : districts_(std::move(districts)), edges_(std::move(edges)) {
  const std::size_t n = districts_.size();
  for (const Edge& e : edges_) {
    if (e.from >= n || e.to >= n) {
      throw std::invalid_argument("DistrictGraph: an edge names a district index out of range");
    }
  }
  if (travel_minutes.empty()) {
    if (!(model.road_factor >= 1.0) || !(model.average_speed_kmh > 0.0)) {
      throw std::invalid_argument(
          "DistrictGraph: the road factor must be at least 1 and the average speed positive");
    }
    travel_minutes_.assign(n, std::vector<double>(n, 0.0));
    for (std::size_t a = 0; a < n; ++a) {
      for (std::size_t b = a + 1; b < n; ++b) {
        const double minutes = estimated_minutes(districts_[a], districts_[b], model);
        travel_minutes_[a][b] = minutes;
        travel_minutes_[b][a] = minutes;
      }
    }
  } else {
    if (travel_minutes.size() != n ||
        std::any_of(travel_minutes.begin(), travel_minutes.end(),
                    [n](const std::vector<double>& row) { return row.size() != n; })) {
      throw std::invalid_argument("DistrictGraph: the travel-time matrix must be size x size");
    }
    travel_minutes_ = std::move(travel_minutes);
  }
  for (Edge& e : edges_) e.travel_minutes = travel_minutes_[e.from][e.to];

  // Hops between every pair: one breadth-first search from each district.
  const Graph g = build_graph(n, edges_);
  hops_.assign(n, std::vector<int>(n, -1));
  std::vector<std::size_t> distance(n);
  for (std::size_t source = 0; source < n; ++source) {
    std::vector<boost::default_color_type> colour(n, boost::white_color);
    std::fill(distance.begin(), distance.end(), std::size_t{0});
    boost::breadth_first_search(g, boost::vertex(source, g),
                                boost::visitor(boost::make_bfs_visitor(boost::record_distances(
                                                   distance.data(), boost::on_tree_edge())))
                                    .color_map(boost::make_iterator_property_map(
                                        colour.begin(), boost::get(boost::vertex_index, g))));
    for (std::size_t target = 0; target < n; ++target) {
      if (colour[target] != boost::white_color) {
        hops_[source][target] = static_cast<int>(distance[target]);
      }
    }
  }
}

std::optional<DistrictIndex> DistrictGraph::find(std::string_view code) const {
  for (DistrictIndex i = 0; i < districts_.size(); ++i) {
    if (districts_[i].code == code) return i;
  }
  return std::nullopt;
}

double DistrictGraph::travel_minutes(DistrictIndex a, DistrictIndex b) const {
  return travel_minutes_.at(a).at(b);
}

int DistrictGraph::hops(DistrictIndex a, DistrictIndex b) const {
  return hops_.at(a).at(b);
}

std::vector<Neighbour> DistrictGraph::neighbours(DistrictIndex d, NeighbourLimit limit) const {
  std::vector<Neighbour> result;
  const std::vector<int>& from_d = hops_.at(d);
  for (DistrictIndex other = 0; other < districts_.size(); ++other) {
    const int h = from_d[other];
    if (other == d || (districts_[other].external && !limit.external)) continue;
    const double minutes = travel_minutes_[d][other];
    const bool by_boundary = h >= 1 && h <= limit.max_hops && minutes <= limit.max_travel_minutes;
    const bool by_travel = minutes <= limit.within_travel_minutes;
    if (!by_boundary && !by_travel) continue;
    result.push_back({other, h, minutes});
  }
  std::sort(result.begin(), result.end(), [](const Neighbour& a, const Neighbour& b) {
    if (a.travel_minutes != b.travel_minutes) return a.travel_minutes < b.travel_minutes;
    if (a.hops != b.hops) return a.hops < b.hops;
    return a.district < b.district;
  });
  return result;
}

bool DistrictGraph::connected() const {
  if (districts_.empty()) return true;
  const Graph g = build_graph(districts_.size(), edges_);
  std::vector<int> component(districts_.size());
  return boost::connected_components(g, component.data()) == 1;
}

GeographyError::GeographyError(std::vector<std::string> problems)
    : std::runtime_error([&problems] {
        std::string joined;
        for (const std::string& p : problems) {
          if (!joined.empty()) joined += '\n';
          joined += p;
        }
        return joined;
      }()),
      problems_(std::move(problems)) {}

}  // namespace caremarket::geography
