// libFuzzer harness: geography::parse_geography on districts.csv, edges.csv and (if present)
// travel_minutes.csv, taken from the input split at lines holding only "====".
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "geography/district_graph.hpp"
#include "geography/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (parts.size() < 2) {
    const std::size_t at = input.find("\n====\n", start);
    if (at == std::string_view::npos) break;
    parts.emplace_back(input.substr(start, at + 1 - start));
    start = at + 6;
  }
  parts.emplace_back(input.substr(start));
  caremarket::geography::GeographySources sources;
  sources.districts = {"districts.csv", parts[0]};
  sources.edges = {"edges.csv", parts.size() > 1 ? parts[1] : std::string()};
  if (parts.size() > 2)
    sources.travel_minutes = caremarket::geography::GeographyFile{"travel_minutes.csv", parts[2]};
  try {
    (void)caremarket::geography::parse_geography(sources);
  } catch (const caremarket::geography::GeographyError&) {
    // refused with a message: fine
  }
  return 0;
}
