#pragma once
// District maps of the reports (internal to caremarket_results): one panel per measure, each a
// choropleth of the real district boundaries (Vega-Lite geoshape) when the geography has them,
// else a hex map from the districts' hex_col and hex_row. Every panel has its own colour scale:
// changes and gaps diverge about zero with a symmetric domain, levels run from zero. The same
// numbers are printed in a table under the map (write_map_table), which the browser test
// compares with the colours' data.

#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "results/report_page.hpp"

namespace caremarket::results::page {

struct MapDistrict {
  std::string code;
  std::string name;
  int hex_col = 0;
  int hex_row = 0;
};

struct MapValue {
  std::string code;
  double value = std::numeric_limits<double>::quiet_NaN();  // in the panel's unit
  double low = std::numeric_limits<double>::quiet_NaN();    // interval, when there is one
  double high = std::numeric_limits<double>::quiet_NaN();
};

struct MapPanel {
  std::string title;   // with the unit and the period
  std::string column;  // the table's column header for it
  std::string legend;  // the legend's title: the unit
  std::string unit;    // printed after a number: "%", " points", " people"
  bool diverging = false;
  bool signed_values = false;  // print "+" before positive values (differences)
  int decimals = 1;
  std::string low_label;  // tooltip names of low and high: "5th percentile", "95% interval from"
  std::string high_label;
  std::vector<MapValue> values;
};

/// Kent's district boundaries (TopoJSON, object "districts", ids GSS codes), if every district
/// given is in them.
std::optional<json> boundaries_for(const std::vector<MapDistrict>& districts);

/// The rows of the map's dataset and its Vega-Lite spec (a concat of panels, two a row). With
/// `boundaries`, the page's data must carry them as dataset "boundaries".
struct DistrictMap {
  json rows = json::array();
  json spec;
};
DistrictMap district_map(const std::string& dataset, const std::vector<MapPanel>& panels,
                         const std::vector<MapDistrict>& districts, bool boundaries);

/// The page's datasets with the boundaries added as "boundaries", when there are any.
json with_boundaries(json data, const std::optional<json>& boundaries);

/// A number as the map's table prints it.
std::string map_number(const MapPanel& panel, double v);

/// The table of the map's numbers: a row per district (data-key: its code), a column per panel.
void write_map_table(std::ostream& h, std::string_view chart, const std::vector<MapPanel>& panels,
                     const std::vector<MapDistrict>& districts);

/// The boundaries' source and licence, for the page under a map drawn from them.
std::string boundaries_attribution_html();

}  // namespace caremarket::results::page
