#pragma once
// Reading a geography from text already in memory (the built-in data, tests) as well as from
// a folder: load_geography() in district_graph.hpp reads the files and calls parse_geography().

#include <optional>
#include <string>

#include "geography/district_graph.hpp"

namespace caremarket::geography {

/// One file's contents and the name to give it in messages (usually its path).
struct GeographyFile {
  std::string name;
  std::string text;
};

/// The files of one geography; formats in docs/geography.md.
struct GeographySources {
  GeographyFile districts;                      // districts.csv
  GeographyFile edges;                          // edges.csv
  std::optional<GeographyFile> travel_minutes;  // travel_minutes.csv, when given
};

/// Parses and checks a geography. Throws GeographyError listing every problem found.
DistrictGraph parse_geography(const GeographySources& sources,
                              const GeographyOptions& options = {});

}  // namespace caremarket::geography
