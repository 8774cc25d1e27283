// `caremarket geography`: prints the district graph the model will use, as a table, JSON or a
// Graphviz DOT graph, so a user can check the districts, boundaries and neighbours before a run.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "cli/options.hpp"
#include "cli/say.hpp"
#include "geography/district_graph.hpp"

namespace caremarket::cli {
namespace {

namespace geo = caremarket::geography;

struct GeographyCommandOptions {
  std::string data;  // empty: the built-in Kent geography
  bool include_external = false;
  int hops = 1;
  double max_travel_minutes = std::numeric_limits<double>::infinity();
  std::string format = "table";
};

std::string thousands(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string minutes_text(double minutes) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(0) << minutes << " min";
  return s.str();
}

std::string display_name(const geo::District& d) {
  return d.external ? d.name + " (external)" : d.name;
}

void print_table(const geo::DistrictGraph& graph, const GeographyCommandOptions& options,
                 bool matrix_given, std::ostream& out) {
  std::size_t code_width = 4;
  std::size_t name_width = 4;
  for (const auto& d : graph.districts()) {
    code_width = std::max(code_width, d.code.size());
    name_width = std::max(name_width, display_name(d).size());
  }
  const geo::NeighbourLimit limit{options.hops, options.max_travel_minutes};
  out << std::left << std::setw(static_cast<int>(code_width)) << "code"
      << "  " << std::setw(static_cast<int>(name_width)) << "name"
      << "  " << std::right << std::setw(10) << "population"
      << "  " << std::setw(8) << "65+"
      << "  "
      << "neighbours, nearest first\n";
  for (geo::DistrictIndex i = 0; i < graph.size(); ++i) {
    const geo::District& d = graph.district(i);
    std::string neighbours;
    for (const geo::Neighbour& n : graph.neighbours(i, limit)) {
      if (!neighbours.empty()) neighbours += ", ";
      neighbours += graph.district(n.district).name + " (" + minutes_text(n.travel_minutes) + ")";
    }
    out << std::left << std::setw(static_cast<int>(code_width)) << d.code << "  "
        << std::setw(static_cast<int>(name_width)) << display_name(d) << "  " << std::right
        << std::setw(10) << thousands(d.population) << "  " << std::setw(8)
        << thousands(d.population_65_plus) << "  " << (neighbours.empty() ? "-" : neighbours)
        << '\n';
  }
  out << '\n'
      << graph.size() << " districts, " << graph.edges().size() << " shared boundaries, "
      << (graph.connected() ? "connected" : "NOT connected") << ". Neighbours: up to "
      << options.hops << (options.hops == 1 ? " hop" : " hops");
  if (std::isfinite(options.max_travel_minutes)) {
    out << " and " << minutes_text(options.max_travel_minutes);
  }
  out << "; external districts are never neighbours. Travel times "
      << (matrix_given ? "from travel_minutes.csv" : "estimated from centroids") << ".\n";
}

void print_json(const geo::DistrictGraph& graph, const GeographyCommandOptions& options,
                std::ostream& out) {
  const geo::NeighbourLimit limit{options.hops, options.max_travel_minutes};
  // Ordered, so that the keys read in the order docs/geography.md gives them.
  using Json = nlohmann::ordered_json;
  Json districts = Json::array();
  for (geo::DistrictIndex i = 0; i < graph.size(); ++i) {
    const geo::District& d = graph.district(i);
    Json neighbours = Json::array();
    for (const geo::Neighbour& n : graph.neighbours(i, limit)) {
      neighbours.push_back(graph.district(n.district).code);
    }
    districts.push_back({{"code", d.code},
                         {"name", d.name},
                         {"population", d.population},
                         {"population_18_64", d.population_18_64},
                         {"population_65_plus", d.population_65_plus},
                         {"latitude", d.latitude},
                         {"longitude", d.longitude},
                         {"hex_col", d.hex_col},
                         {"hex_row", d.hex_row},
                         {"external", d.external},
                         {"neighbours", std::move(neighbours)}});
  }
  Json edges = Json::array();
  for (const geo::Edge& e : graph.edges()) {
    edges.push_back({{"from", graph.district(e.from).code},
                     {"to", graph.district(e.to).code},
                     {"boundary_km", e.boundary_km},
                     {"travel_minutes", e.travel_minutes}});
  }
  const Json document = {{"districts", std::move(districts)}, {"edges", std::move(edges)}};
  out << document.dump(2) << '\n';
}

// A DOT string of one or more lines (joined with DOT's own line break, a literal \n).
std::string dot_quoted(const std::vector<std::string>& lines) {
  std::string out = "\"";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += "\\n";
    for (const char c : lines[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
  }
  return out + '"';
}

std::string dot_quoted(const std::string& s) {
  return dot_quoted(std::vector<std::string>{s});
}

// Node positions follow the hex map (odd-r offset rows shifted right by half a hex), for
// `neato -n`; `dot` ignores them.
void print_dot(const geo::DistrictGraph& graph, std::ostream& out) {
  out << "graph geography {\n  node [shape=box, style=rounded];\n";
  for (const geo::District& d : graph.districts()) {
    std::ostringstream pos;
    pos << (d.hex_col + (d.hex_row % 2 != 0 ? 0.5 : 0.0)) * 100.0 << ',' << d.hex_row * 87;
    out << "  " << dot_quoted(d.code)
        << " [label=" << dot_quoted({display_name(d), d.code, thousands(d.population) + " people"})
        << ", pos=" << dot_quoted(pos.str()) << (d.external ? ", style=\"rounded,dashed\"" : "")
        << "];\n";
  }
  for (const geo::Edge& e : graph.edges()) {
    std::ostringstream label;
    label << minutes_text(e.travel_minutes);
    if (e.boundary_km > 0.0) label << ", border " << e.boundary_km << " km";
    out << "  " << dot_quoted(graph.district(e.from).code) << " -- "
        << dot_quoted(graph.district(e.to).code) << " [label=" << dot_quoted(label.str()) << "];\n";
  }
  out << "}\n";
}

void run_geography(const GeographyCommandOptions& options) {
  const geo::GeographyOptions geography_options{options.include_external, {}};
  geo::DistrictGraph graph;
  try {
    graph = options.data.empty() ? geo::kent_geography(geography_options)
                                 : geo::load_geography(options.data, geography_options);
  } catch (const geo::GeographyError& e) {
    for (const std::string& problem : e.problems()) {
      say_error(problem);
    }
    throw Exit{exit_bad_input};
  }
  const bool matrix_given =
      !options.data.empty() &&
      std::filesystem::exists(std::filesystem::path(options.data) / "travel_minutes.csv");
  if (options.format == "json") {
    print_json(graph, options, std::cout);
  } else if (options.format == "dot") {
    print_dot(graph, std::cout);
  } else {
    print_table(graph, options, matrix_given, std::cout);
  }
}

}  // namespace

void add_geography_command(CLI::App& app) {
  auto options = std::make_shared<GeographyCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "geography",
      "Print the district graph the model will use: districts, shared boundaries, "
      "travel times and each district's neighbours");
  command->add_option("--data", options->data,
                      "Folder holding districts.csv, edges.csv and optionally "
                      "travel_minutes.csv (formats in docs/geography.md); default: the built-in "
                      "Kent geography");
  command->add_flag("--include-external", options->include_external,
                    "Keep districts marked external (Medway) as nodes; they are never anyone's "
                    "neighbour in the placement cascade");
  command
      ->add_option("--hops", options->hops,
                   "Neighbours are at most this many shared boundaries away (0: none)")
      ->check(whole_number(0, 100))  // as geography.neighbour_hops
      ->capture_default_str();
  command
      ->add_option("--max-travel-minutes", options->max_travel_minutes,
                   "Neighbours are at most this many minutes away (default: no limit)")
      ->check(cap_above(0.0));  // as geography.max_travel_minutes
  command->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "dot"}))
      ->capture_default_str();
  command->callback([options] { run_geography(*options); });
}

}  // namespace caremarket::cli
