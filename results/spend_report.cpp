#include "results/spend_report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <string_view>
#include <vector>

#include "results/analysis_words.hpp"
#include "results/statistics.hpp"

namespace caremarket::results::page {

namespace {

struct Category {
  std::string_view name;
  std::string_view words;
};
constexpr std::array<Category, 5> categories{{
    {"contract", "Contracted care"},
    {"off_contract", "Off-contract (spot) care"},
    {"premium", "of which premium above contract rates"},
    {"in_house", "In-house care"},
    {"total", "Total (contracted, off-contract and in-house)"},
}};

std::string service_words(const std::string& service) {
  return service == "all" ? std::string("Both services") : service_label(service);
}

// "£12.3m (£11.0m to £13.5m)".
std::string money_cell(double mean, double p05, double p95) {
  return format_value(mean, "gbp") + " (" + format_value(p05, "gbp") + " to " +
         format_value(p95, "gbp") + ")";
}

// How a panel of the spend charts draws: which fields hold the row, the line's ends and the
// dot, the axis, and whether a zero rule is drawn (for differences).
struct PanelStyle {
  std::string row_field;   // the y field, one row per year (and alternative)
  std::string sort_field;  // the field the rows sort by
  std::string low_field;   // the line from low to high
  std::string high_field;
  std::string x_title;
  std::string axis_format;
  bool zero_rule = false;
  json tooltip;
};

// One service's panel: the line (low to high) and the dot (mean) per row and category, in the
// categories' colours, on the x scale given.
json spend_panel(const std::string& service, bool first, const json& x_scale,
                 const PanelStyle& style) {
  json domain = json::array();
  for (const auto& c : categories) domain.push_back(std::string(c.words));
  const json y{{"field", style.row_field},
               {"type", "nominal"},
               {"title", first ? json("Year of the run") : json(nullptr)},
               {"sort", {{"field", style.sort_field}}},
               {"axis", {{"labelLimit", 360}}}};
  const json y_offset{{"field", "category"}, {"type", "nominal"}, {"sort", domain}};
  const json color{
      {"field", "category"},
      {"type", "nominal"},
      {"title", "Spend on"},
      {"scale",
       {{"domain", domain},
        {"range", json::array({"#1b6ca8", "#c05a00", "#f0a35e", "#4a9b5f", "#222222"})}}},
      {"legend", {{"orient", "top"}, {"columns", 3}, {"labelLimit", 320}}}};
  json layers = json::array();
  if (style.zero_rule) {
    layers.push_back({{"mark", {{"type", "rule"}, {"color", "#999999"}}},
                      {"encoding", {{"x", {{"datum", 0}, {"type", "quantitative"}}}}}});
  }
  layers.push_back({{"mark", {{"type", "rule"}, {"strokeWidth", 2}, {"opacity", 0.7}}},
                    {"encoding",
                     {{"x",
                       {{"field", style.low_field},
                        {"type", "quantitative"},
                        {"scale", x_scale},
                        {"title", style.x_title},
                        {"axis", {{"tickCount", 4}, {"format", style.axis_format}}}}},
                      {"x2", {{"field", style.high_field}}},
                      {"y", y},
                      {"yOffset", y_offset},
                      {"color", color}}}});
  layers.push_back({{"mark", {{"type", "point"}, {"filled", true}, {"size", 26}, {"opacity", 1}}},
                    {"encoding",
                     {{"x", {{"field", "mean"}, {"type", "quantitative"}}},
                      {"y", y},
                      {"yOffset", y_offset},
                      {"color", color},
                      {"tooltip", style.tooltip}}}});
  return {{"title", {{"text", service_words(service)}, {"anchor", "start"}, {"fontSize", 12}}},
          {"width", 180},
          {"height", {{"step", 9}}},
          {"transform", json::array({{{"filter", {{"field", "service"}, {"equal", service}}}}})},
          {"layer", std::move(layers)}};
}
// The whole chart: the services' panels side by side, each with its own scales.
json spend_chart(const char* description, const char* dataset, json hconcat) {
  return {{"$schema", "https://vega.github.io/schema/vega-lite/v6.json"},
          {"description", description},
          {"data", {{"name", dataset}}},
          {"hconcat", std::move(hconcat)},
          {"spacing", 28},
          {"resolve", {{"scale", {{"x", "independent"}, {"y", "independent"}}}}}};
}

// Every year of a run's spend has every category of both services and of all: a row deleted
// was drawn as nothing.
void spend_rows_complete(const Table& t) {
  if (t.cut_line != 0) return;  // the rows after the cut are not read: not missing
  std::set<std::string> given, years;
  for (const auto& row : t.rows) {
    given.insert(row[t.column("year_start")] + " " + row[t.column("service")] + " " +
                 row[t.column("category")]);
    years.insert(row[t.column("year_start")]);
  }
  std::vector<std::string> missing;
  for (const std::string& year : years)
    for (const char* service : {"homecare", "supported_living", "all"})
      for (const Category& c : categories) {
        const std::string key = year + " " + service + " " + std::string(c.name);
        if (!given.contains(key)) missing.push_back(key);
      }
  if (missing.empty()) return;
  say_fault(t.name + ": no row of " + some_of(missing) +
            ": a run writes every category of each service and of all, every year");
}

// A year's spend is drawn by its category: another word's rows were left out unsaid (a total
// renamed away lost the total's line).
void spend_categories(const Table& t) {
  t.one_of("category", {categories[0].name, categories[1].name, categories[2].name,
                        categories[3].name, categories[4].name});
}

}  // namespace

Table spend_table(const std::string& csv) {
  Table t = parse_csv(csv, "spend_by_year.csv");
  t.require_rows({"year_start", "year_end", "service", "category", "mean", "p05", "p95"});
  // Every row's cells, drawn or not: a file at fault is refused whole.
  for (const auto& row : t.rows) {
    if (t.has_column("replications")) static_cast<void>(t.count(row, "replications", 1));
    for (const char* col : {"year_start", "year_end"}) static_cast<void>(t.date(row, col));
    // Sums of pounds over a year: finite in every run, so their mean and percentiles too.
    for (const char* col : {"mean", "p05", "p95"}) static_cast<void>(t.real(row, col));
    // The columns no chart draws too.
    if (t.has_column("p50")) static_cast<void>(t.real(row, "p50"));
    for (const char* col : {"sd", "sem"})
      if (t.has_column(col)) static_cast<void>(t.nonnegative(row, col));
  }
  spend_categories(t);
  t.unique_rows({"year_start", "service", "category"});
  spend_rows_complete(t);
  return t;
}

Table spend_difference_table(const std::string& csv) {
  Table t = parse_csv(csv, "spend_by_year_comparison.csv");
  t.require_rows({"alternative", "year_start", "year_end", "service", "category", "mean_difference",
                  "ci95_low", "ci95_high"});
  for (const auto& row : t.rows) {
    if (t.has_column("replications")) static_cast<void>(t.count(row, "replications", 1));
    for (const char* col : {"year_start", "year_end"}) static_cast<void>(t.date(row, col));
    for (const char* col :
         {"base_mean", "alternative_mean", "mean_difference", "ci95_low", "ci95_high"})
      if (t.has_column(col)) static_cast<void>(t.real(row, col));
    if (t.has_column("sd_difference")) static_cast<void>(t.nonnegative(row, "sd_difference"));
    t.interval(row, "ci95_low", "ci95_high");
  }
  spend_categories(t);
  t.unique_rows({"alternative", "year_start", "service", "category"});
  return t;
}

void write_spend_section(std::ostream& h, const std::string& csv, json& data, json& specs) {
  if (csv.empty()) return;
  const Table t = spend_table(csv);
  struct Cell {
    double mean = 0, p05 = 0, p95 = 0;
  };
  std::vector<std::string> years;  // "2027-04-01 to 2028-03-31"
  std::vector<std::string> services;
  std::map<std::string, Cell> cells;  // year|service|category
  json rows = json::array();
  // The runs behind every row: below 20 the 5th to 95th percentile is no range holding 90% of
  // runs (values_for_quantile), and one run has no range at all.
  std::int64_t runs = 0;
  for (const auto& row : t.rows) {
    if (t.has_column("replications")) runs = t.count(row, "replications", 1);
    // The years are dates: the chart's labels are cut from them.
    const std::string year = t.date(row, "year_start") + " to " + t.date(row, "year_end");
    const std::string service = row[t.column("service")];
    const std::string category = row[t.column("category")];
    if (std::find(years.begin(), years.end(), year) == years.end()) years.push_back(year);
    if (std::find(services.begin(), services.end(), service) == services.end())
      services.push_back(service);
    const Cell c{t.number(row, "mean"), t.number(row, "p05"), t.number(row, "p95")};
    cells[year + "|" + service + "|" + category] = c;
    const auto cat = std::find_if(categories.begin(), categories.end(),
                                  [&](const Category& k) { return k.name == category; });
    if (cat == categories.end()) continue;
    rows.push_back({{"key", year + "|" + std::string(cat->words)},
                    {"column", service_words(service)},
                    {"service", service},
                    {"year", row[t.column("year_start")].substr(0, 7) + " to " +
                                 row[t.column("year_end")].substr(0, 7)},
                    {"year_start", row[t.column("year_start")]},
                    {"category", std::string(cat->words)},
                    {"order", static_cast<int>(cat - categories.begin())},
                    {"mean", data_number(c.mean * 1e-6)},
                    {"p05", data_number(c.p05 * 1e-6)},
                    {"p95", data_number(c.p95 * 1e-6)}});
  }
  if (rows.empty()) return;
  data["spend"] = std::move(rows);

  PanelStyle style;
  style.row_field = "year";
  style.sort_field = "year_start";
  style.low_field = "p05";
  style.high_field = "p95";
  const bool tails = runs == 0 || runs >= values_for_quantile(0.05);
  const std::string range =
      runs == 1 ? "one run: no range"
      : tails   ? "90% of runs"
                : "5th to 95th percentile of " + std::to_string(runs) + " runs, a rough range";
  style.x_title = "£ millions a year (mean, " + range + ")";
  style.axis_format = ",.4~r";
  style.tooltip = json::array(
      {{{"field", "year"}, {"title", "Year"}},
       {{"field", "category"}, {"title", "Spend on"}},
       {{"field", "mean"}, {"title", "Mean (£ millions)"}, {"format", ",.2f"}},
       {{"field", "p05"}, {"title", "5th percentile (£ millions)"}, {"format", ",.2f"}},
       {{"field", "p95"}, {"title", "95th percentile (£ millions)"}, {"format", ",.2f"}}});
  json hconcat = json::array();
  for (const auto& service : services) {
    double hi = 0;
    for (const auto& [key, c] : cells) {
      if (key.find("|" + service + "|") != std::string::npos) hi = std::max(hi, c.p95 * 1e-6);
    }
    const json x_scale{{"domain", json::array({0, data_number(hi > 0 ? hi * 1.05 : 1)})},
                       {"nice", false}};
    hconcat.push_back(spend_panel(service, hconcat.empty(), x_scale, style));
  }
  specs["spend_by_year"] = spend_chart(
      "Spend by year of the run, per service and both together: the mean over runs (dot) and "
      "the 5th to 95th percentile (line), per category.",
      "spend", std::move(hconcat));

  h << "<section id=\"spend\">\n<h2>Spend by year</h2>\n<p class=\"explain\">What the council "
       "spends in each year of the run (12 months from the start date): on contracted care, on "
       "off-contract (spot) care and the premium within it above contract rates, on in-house "
       "care, and in total; per service and for both together, in cash terms (each year at its "
       "own rates, after the scenario's uplifts; not adjusted for inflation). The dot is the "
       "mean over runs, the line ";
  if (runs == 1) {
    h << "is absent: one run has no range, so the dot is that run's spend. £ millions.</p>\n";
  } else {
    h << (tails ? std::string("the range holding 90% of runs")
                : "the 5th to 95th percentile, a rough range: with " + std::to_string(runs) +
                      " runs (fewer than " + std::to_string(values_for_quantile(0.05)) +
                      ") they are interpolated between the two lowest and the two highest runs")
      << " (each run's yearly sum, so the range is that of the year's spend, not a sum of "
         "monthly ranges). £ millions.</p>\n";
  }
  chart_div(h, "spend_by_year");
  h << "<details><summary>The numbers, year by year</summary>\n"
       "<table data-table-for=\"spend_by_year\">\n<tr><th>Year</th><th>Spend on</th>";
  for (const auto& service : services) {
    h << "<th class=\"num\" data-column=\"" << html_escape(service_words(service)) << "\">"
      << html_escape(service_words(service)) << ": mean (" << html_escape(range) << ")</th>";
  }
  h << "</tr>\n";
  for (const auto& year : years) {
    for (const auto& c : categories) {
      h << "<tr data-key=\"" << html_escape(year + "|" + std::string(c.words)) << "\"><td>"
        << html_escape(year) << "</td><td>" << html_escape(std::string(c.words)) << "</td>";
      for (const auto& service : services) {
        const auto it = cells.find(year + "|" + service + "|" + std::string(c.name));
        h << "<td class=\"num\">"
          << (it == cells.end() ? std::string("n/a")
              : runs == 1
                  ? html_escape(format_value(it->second.mean, "gbp"))
                  : html_escape(money_cell(it->second.mean, it->second.p05, it->second.p95)))
          << "</td>";
      }
      h << "</tr>\n";
    }
  }
  h << "</table>\n</details>\n</section>\n";
}

void write_spend_difference_section(std::ostream& h, const std::string& csv,
                                    const std::string& base_name, json& data, json& specs) {
  if (csv.empty()) return;
  const Table t = spend_difference_table(csv);
  struct Cell {
    double mean = 0, low = 0, high = 0;
  };
  std::vector<std::string> alternatives;
  for (const auto& row : t.rows) {
    const std::string& alt = row[t.column("alternative")];
    if (std::find(alternatives.begin(), alternatives.end(), alt) == alternatives.end())
      alternatives.push_back(alt);
  }
  std::vector<std::string> years;  // "2027-04-01 to 2028-03-31"
  std::vector<std::string> services;
  std::map<std::string, Cell> cells;  // alternative|year|service|category
  json rows = json::array();
  for (const auto& row : t.rows) {
    const std::string alt = row[t.column("alternative")];
    const std::string year = t.date(row, "year_start") + " to " + t.date(row, "year_end");
    const std::string service = row[t.column("service")];
    const std::string category = row[t.column("category")];
    const auto cat = std::find_if(categories.begin(), categories.end(),
                                  [&](const Category& k) { return k.name == category; });
    if (cat == categories.end()) continue;
    if (std::find(years.begin(), years.end(), year) == years.end()) years.push_back(year);
    if (std::find(services.begin(), services.end(), service) == services.end())
      services.push_back(service);
    const Cell c{t.number(row, "mean_difference"), t.number(row, "ci95_low"),
                 t.number(row, "ci95_high")};
    cells[alt + "|" + year + "|" + service + "|" + category] = c;
    const std::string short_year =
        row[t.column("year_start")].substr(0, 7) + " to " + row[t.column("year_end")].substr(0, 7);
    rows.push_back(
        {{"key", alt + "|" + year + "|" + std::string(cat->words)},
         {"column", service_words(service)},
         {"service", service},
         {"row", alternatives.size() > 1 ? alt + ": " + short_year : short_year},
         {"row_order",
          (std::find(alternatives.begin(), alternatives.end(), alt) - alternatives.begin()) * 1000 +
              static_cast<long>(std::find(years.begin(), years.end(), year) - years.begin())},
         {"alternative", alt},
         {"category", std::string(cat->words)},
         {"mean", data_number(c.mean * 1e-6)},
         {"low", data_number(c.low * 1e-6)},
         {"high", data_number(c.high * 1e-6)}});
  }
  if (rows.empty()) return;
  data["spend_diff"] = std::move(rows);

  PanelStyle style;
  style.row_field = "row";
  style.sort_field = "row_order";
  style.low_field = "low";
  style.high_field = "high";
  style.x_title = "£ millions a year, alternative minus base";
  style.axis_format = "+,.4~r";
  style.zero_rule = true;
  style.tooltip = json::array(
      {{{"field", "row"}, {"title", "Year"}},
       {{"field", "category"}, {"title", "Spend on"}},
       {{"field", "mean"}, {"title", "Mean difference (£ millions)"}, {"format", "+,.2f"}},
       {{"field", "low"}, {"title", "95% interval from (£ millions)"}, {"format", "+,.2f"}},
       {{"field", "high"}, {"title", "95% interval to (£ millions)"}, {"format", "+,.2f"}}});
  json hconcat = json::array();
  for (const auto& service : services) {
    // A change is drawn on a scale centred at zero, as wide on each side.
    double reach = 0;
    for (const auto& [key, c] : cells) {
      if (key.find("|" + service + "|") != std::string::npos)
        reach = std::max({reach, std::abs(c.low) * 1e-6, std::abs(c.high) * 1e-6});
    }
    if (!(reach > 0)) reach = 1;
    const json x_scale{
        {"domain", json::array({data_number(-reach * 1.05), data_number(reach * 1.05)})},
        {"nice", false}};
    hconcat.push_back(spend_panel(service, hconcat.empty(), x_scale, style));
  }
  specs["compare_spend"] = spend_chart(
      "The change in spend by year of the run against the base, per service and both together: "
      "the mean paired difference (dot) and its 95% interval (line), per category.",
      "spend_diff", std::move(hconcat));

  h << "<section id=\"spend\">\n<h2>The change in spend by year</h2>\n<p class=\"explain\">"
       "What each alternative changes in the council's spend in each year of the run (12 months "
       "from the start date), against "
    << html_escape(base_name)
    << ": on contracted care, on off-contract (spot) care and the premium within it, on "
       "in-house care, and in total; per service and for both together. The dot is the mean "
       "difference over paired runs (alternative minus base), the line its 95% interval, the "
       "grey rule no change; each panel's scale is centred on no change. £ millions.</p>\n";
  chart_div(h, "compare_spend");
  h << "<details><summary>The numbers, year by year</summary>\n"
       "<table data-table-for=\"compare_spend\">\n<tr>";
  if (alternatives.size() > 1) h << "<th>Alternative</th>";
  h << "<th>Year</th><th>Spend on</th>";
  for (const auto& service : services) {
    h << "<th class=\"num\" data-column=\"" << html_escape(service_words(service)) << "\">"
      << html_escape(service_words(service)) << ": difference (95% interval)</th>";
  }
  h << "</tr>\n";
  for (const auto& alt : alternatives) {
    for (const auto& year : years) {
      for (const auto& c : categories) {
        h << "<tr data-key=\"" << html_escape(alt + "|" + year + "|" + std::string(c.words))
          << "\">";
        if (alternatives.size() > 1) h << "<td>" << html_escape(alt) << "</td>";
        h << "<td>" << html_escape(year) << "</td><td>" << html_escape(std::string(c.words))
          << "</td>";
        for (const auto& service : services) {
          const auto it = cells.find(alt + "|" + year + "|" + service + "|" + std::string(c.name));
          h << "<td class=\"num\">"
            << (it == cells.end()
                    ? std::string("n/a")
                    : html_escape(analysis::format_difference(it->second.mean, "gbp") + " (" +
                                  (std::isnan(it->second.low)
                                       ? std::string("no interval: one run")
                                       : analysis::format_difference(it->second.low, "gbp") +
                                             " to " +
                                             analysis::format_difference(it->second.high, "gbp")) +
                                  ")"))
            << "</td>";
        }
        h << "</tr>\n";
      }
    }
  }
  h << "</table>\n</details>\n</section>\n";
}

}  // namespace caremarket::results::page
