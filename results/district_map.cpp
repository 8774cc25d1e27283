#include "results/district_map.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace caremarket::results::page {

namespace {

// Breaks a title into lines of at most `width` characters, at spaces.
json wrap(const std::string& text, std::size_t width) {
  json lines = json::array();
  std::string line;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    start = end + 1;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

std::string d3_format(const MapPanel& p) {
  return std::string(p.signed_values ? "+" : "") + ",." + std::to_string(p.decimals) + "f";
}

// The colour scale's domain: symmetric about zero for a diverging scale, from zero for a level.
json domain(const MapPanel& p, double& end) {
  double lo = 0, hi = 0;
  for (const auto& v : p.values) {
    if (!std::isfinite(v.value)) continue;
    lo = std::min(lo, v.value);
    hi = std::max(hi, v.value);
  }
  if (p.diverging) {
    end = std::max(std::abs(lo), std::abs(hi));
    if (end == 0) end = 1;
    return json::array({data_number(-end), 0, data_number(end)});
  }
  end = hi > 0 ? hi : 1;
  return json::array({0, data_number(end)});
}

}  // namespace

std::optional<json> boundaries_for(const std::vector<MapDistrict>& districts) {
  if (districts.empty()) return std::nullopt;
  json topo = json::parse(report_asset("../geography/data/kent/boundaries.topo.json"));
  std::set<std::string> ids;
  for (const auto& g : topo["objects"]["districts"]["geometries"]) ids.insert(g.value("id", ""));
  for (const auto& d : districts) {
    if (!ids.contains(d.code)) return std::nullopt;
  }
  return topo;
}

json with_boundaries(json data, const std::optional<json>& boundaries) {
  if (boundaries) data["boundaries"] = *boundaries;
  return data;
}

std::string map_number(const MapPanel& panel, double v) {
  if (!std::isfinite(v)) return "n/a";
  std::string s = with_commas(v, panel.decimals);
  if (panel.signed_values && v > 0 && s.find_first_not_of("0.,") != std::string::npos) s = "+" + s;
  return s + panel.unit;
}

DistrictMap district_map(const std::string& dataset, const std::vector<MapPanel>& panels,
                         const std::vector<MapDistrict>& districts, bool boundaries) {
  DistrictMap out;
  std::vector<HexCell> cells;
  for (const auto& d : districts) cells.push_back({d.hex_col, d.hex_row});
  const HexGrid grid = hex_grid(cells);
  json concat = json::array();
  for (const auto& p : panels) {
    for (const auto& v : p.values) {
      const auto it = std::find_if(districts.begin(), districts.end(),
                                   [&](const MapDistrict& d) { return d.code == v.code; });
      if (it == districts.end() || !std::isfinite(v.value)) continue;
      const auto i = static_cast<std::size_t>(it - districts.begin());
      json row{{"panel", p.title},
               {"column", p.column},
               {"key", v.code},
               {"name", it->name},
               {"short", short_name(it->name)},
               {"value", data_number(v.value)}};
      if (std::isfinite(v.low)) row["low"] = data_number(v.low);
      if (std::isfinite(v.high)) row["high"] = data_number(v.high);
      if (!boundaries) {
        row["px"] = data_number(grid.x[i]);
        row["py"] = data_number(grid.y[i]);
        row["size"] = data_number(grid.size);
      }
      out.rows.push_back(std::move(row));
    }
    double end = 1;
    const json dom = domain(p, end);
    json scale{{"domain", dom}};
    scale["scheme"] = p.diverging ? "blueorange" : "oranges";
    json tooltip =
        json::array({{{"field", "name"}, {"title", "District"}},
                     {{"field", "value"}, {"title", p.column}, {"format", d3_format(p)}}});
    if (!p.low_label.empty()) {
      tooltip.push_back({{"field", "low"}, {"title", p.low_label}, {"format", d3_format(p)}});
      tooltip.push_back({{"field", "high"}, {"title", p.high_label}, {"format", d3_format(p)}});
    }
    json color{
        {"field", "value"},
        {"type", "quantitative"},
        {"title", wrap(p.legend, 14)},
        {"scale", scale},
        {"legend", {{"format", d3_format(p)}, {"orient", "right"}, {"gradientLength", 160}}}};
    // Labels white on the darkest fills, dark elsewhere.
    const std::string dark = p.diverging ? "abs(datum.value) > " + std::to_string(0.6 * end)
                                         : "datum.value > " + std::to_string(0.6 * end);
    json label_colour{{"condition", {{"test", dark}, {"value", "white"}}}, {"value", "#222"}};
    json filter = {{"filter", {{"field", "panel"}, {"equal", p.title}}}};
    json panel{{"title", {{"text", wrap(p.title, 52)}, {"anchor", "start"}, {"fontSize", 12}}},
               {"data", {{"name", dataset}}}};
    if (boundaries) {
      panel["width"] = 330;
      panel["height"] = 230;
      panel["projection"] = {{"type", "mercator"}};
      json source{{"name", "boundaries"}};
      source["format"] = {{"type", "topojson"}, {"feature", "districts"}};
      json lookup{{"lookup", "key"}, {"as", "geo"}};
      lookup["from"] = {{"data", source}, {"key", "id"}};
      panel["transform"] = json::array({filter, lookup});
      panel["layer"] = json::array(
          {{{"mark", {{"type", "geoshape"}, {"stroke", "white"}, {"strokeWidth", 1}}},
            {"encoding",
             {{"shape", {{"field", "geo"}, {"type", "geojson"}}},
              {"color", color},
              {"tooltip", tooltip}}}},
           {{"transform", json::array({{{"calculate", "geoCentroid(null, datum.geo)"}, {"as", "c"}},
                                       {{"calculate", "datum.c[0]"}, {"as", "lon"}},
                                       {{"calculate", "datum.c[1]"}, {"as", "lat"}}})},
            {"mark", {{"type", "text"}, {"fontSize", 8.5}, {"baseline", "middle"}}},
            {"encoding",
             {{"longitude", {{"field", "lon"}, {"type", "quantitative"}}},
              {"latitude", {{"field", "lat"}, {"type", "quantitative"}}},
              {"text", {{"field", "short"}, {"type", "nominal"}}},
              {"color", label_colour}}}}});
    } else {
      panel["width"] = grid.width;
      panel["height"] = grid.height;
      panel["transform"] = json::array({filter});
      const json x{{"field", "px"}, {"type", "quantitative"}, {"scale", nullptr}};
      const json y{{"field", "py"}, {"type", "quantitative"}, {"scale", nullptr}};
      panel["layer"] = json::array(
          {{{"mark",
             {{"type", "point"},
              {"filled", true},
              {"opacity", 1},
              {"stroke", "white"},
              {"strokeWidth", 1.5},
              {"shape", "M0,-1L0.866,-0.5L0.866,0.5L0,1L-0.866,0.5L-0.866,-0.5Z"}}},
            {"encoding",
             {{"x", x},
              {"y", y},
              {"size", {{"field", "size"}, {"type", "quantitative"}, {"scale", nullptr}}},
              {"color", color},
              {"tooltip", tooltip}}}},
           {{"mark", {{"type", "text"}, {"fontSize", 9}, {"baseline", "middle"}}},
            {"encoding",
             {{"x", x},
              {"y", y},
              {"text", {{"field", "short"}, {"type", "nominal"}}},
              {"color", label_colour}}}}});
    }
    concat.push_back(std::move(panel));
  }
  out.spec = {{"$schema", "https://vega.github.io/schema/vega-lite/v6.json"},
              {"description",
               boundaries ? "District choropleths of the real boundaries, one per measure, each "
                            "with its own colour scale"
                          : "District hex maps, one per measure, each with its own colour scale"},
              {"concat", std::move(concat)},
              {"columns", 2},
              {"spacing", 24},
              {"config", {{"view", {{"stroke", nullptr}}}}},
              {"resolve", {{"scale", {{"color", "independent"}}}}}};
  return out;
}

void write_map_table(std::ostream& h, std::string_view chart, const std::vector<MapPanel>& panels,
                     const std::vector<MapDistrict>& districts) {
  h << "<table class=\"map-table\" data-table-for=\"" << chart << "\">\n<tr><th>District</th>";
  for (const auto& p : panels) {
    h << "<th class=\"num\" data-column=\"" << html_escape(p.column) << "\">"
      << html_escape(p.column) << "</th>";
  }
  h << "</tr>\n";
  for (const auto& d : districts) {
    h << "<tr data-key=\"" << html_escape(d.code) << "\"><td>" << html_escape(d.name) << "</td>";
    for (const auto& p : panels) {
      const auto it = std::find_if(p.values.begin(), p.values.end(),
                                   [&](const MapValue& v) { return v.code == d.code; });
      h << "<td class=\"num\">"
        << html_escape(it == p.values.end() ? std::string("n/a") : map_number(p, it->value))
        << "</td>";
    }
    h << "</tr>\n";
  }
  h << "</table>\n";
}

std::string boundaries_attribution_html() {
  return "<p class=\"attribution\">District boundaries: GeoJSON and TopoJSON UK Boundary Data by "
         "Martin Chorley (github.com/martinjc/UK-GeoJSON), CC BY 4.0. Contains Ordnance Survey "
         "data © Crown copyright and database right 2014 (OS OpenData Licence). Contains National "
         "Statistics data © Crown copyright and database right 2014.</p>\n";
}

}  // namespace caremarket::results::page
