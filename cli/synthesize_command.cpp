// `caremarket synthesize england -o DIR`: an England-sized synthetic market for scale tests. No
// real data: a planar graph of districts (a jittered hex grid over England's extent) with
// heavy-tailed populations summing to England's, grouped into councils for naming, and a
// scenario that scales the Kent baseline's per-capita demand, providers and entrants to it. It
// writes DIR/geography/{districts,edges}.csv and DIR/england.toml, which points at them, so that
// `caremarket run DIR/england.toml` runs it. Deterministic: the same files every time.

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "cli/options.hpp"
#include "cli/scenario_loading.hpp"
#include "results/atomic_folder.hpp"
#include "results/format.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/toml_writer.hpp"
#include "sim/random.hpp"

namespace caremarket::cli {

namespace {

struct SynthesizeOptions {
  std::string what = "england";
  std::string out;
  int columns = 20;  // hex grid: 20 x 16 = 320 districts
  int rows = 16;
  int councils = 150;  // districts are grouped into councils (2 or 3 each) for their names
  double population = 57'000'000.0;
  bool force = false;
};

// England's extent, for plausible centroids (travel times are estimated from them).
constexpr double south = 50.0, north = 55.8, west = -5.7, east = 1.7;
constexpr double kent_population = 1'600'000.0;  // the Kent baseline's districts, about

struct District {
  std::string code;
  std::string name;
  double population = 0.0;
  double share_65 = 0.0;
  double share_18_64 = 0.0;
  double latitude = 0.0;
  double longitude = 0.0;
  int col = 0;
  int row = 0;
};

void synthesize(const SynthesizeOptions& o) {
  namespace fs = std::filesystem;
  const fs::path out = fs::absolute(o.out.empty() ? fs::path("out") / "england" : fs::path(o.out));
  // The folder is written whole, under a temporary name, and replaces an existing one (with
  // --force) only if caremarket wrote it (results::is_results_folder).
  check_output_folder(out, o.force, true);

  sim::RandomStream rng(20260101, 0, sim::StreamPurpose::initial_caseload, 0xE9C1A9D);
  std::vector<District> ds;
  const int n = o.columns * o.rows;
  double total = 0.0;
  for (int r = 0; r < o.rows; ++r) {
    for (int c = 0; c < o.columns; ++c) {
      District d;
      const int i = r * o.columns + c;
      d.col = c;
      d.row = r;
      char code[16];
      std::snprintf(code, sizeof code, "E07%06d", 900000 + i);
      d.code = code;
      const int council = i * o.councils / n;
      const int first = (council * n + o.councils - 1) / o.councils;  // its first district
      d.name =
          "Council " + std::to_string(council + 1) + " district " + std::to_string(i - first + 1);
      // Heavy-tailed sizes: lognormal with a coefficient of variation of 0.8.
      d.population = sim::draw_lognormal(rng, 1.0, 0.8);
      total += d.population;
      d.share_65 = std::clamp(0.19 + 0.04 * sim::draw_standard_normal(rng), 0.10, 0.32);
      d.share_18_64 = std::clamp(0.59 + 0.03 * sim::draw_standard_normal(rng), 0.50, 0.66);
      const double x = (c + (r % 2 == 1 ? 0.5 : 0.0) + 0.3 * (rng.uniform() - 0.5)) /
                       static_cast<double>(o.columns);
      const double y = (r + 0.3 * (rng.uniform() - 0.5)) / static_cast<double>(o.rows);
      d.longitude = west + (east - west) * std::clamp(x, 0.0, 1.0);
      d.latitude = north - (north - south) * std::clamp(y, 0.0, 1.0);
      ds.push_back(d);
    }
  }
  std::ostringstream districts_csv;
  {
    std::ostringstream& f = districts_csv;
    f << "# A synthetic England (caremarket synthesize england): a jittered hex grid of " << n
      << " districts,\n# lognormal populations (cv 0.8) summing to about " << o.population
      << ", 65+ about 19%. Not real data.\n";
    f << "code,name,population,population_18_64,population_65_plus,latitude,longitude,hex_col,"
         "hex_row\n";
    for (const District& d : ds) {
      const auto pop = std::llround(d.population / total * o.population);
      const auto p65 = std::llround(static_cast<double>(pop) * d.share_65);
      const auto p1864 = std::llround(static_cast<double>(pop) * d.share_18_64);
      char line[256];
      std::snprintf(line, sizeof line, "%s,%s,%lld,%lld,%lld,%.5f,%.5f,%d,%d\n", d.code.c_str(),
                    d.name.c_str(), static_cast<long long>(pop), static_cast<long long>(p1864),
                    static_cast<long long>(p65), d.latitude, d.longitude, d.col, d.row);
      f << line;
    }
  }
  std::ostringstream edges_csv;
  {
    // Hex adjacency in odd-r offset coordinates: a planar, connected graph.
    std::ostringstream& f = edges_csv;
    f << "# Hex-grid adjacency of the synthetic England.\nfrom,to\n";
    auto at = [&](int c, int r) { return ds[static_cast<std::size_t>(r * o.columns + c)].code; };
    for (int r = 0; r < o.rows; ++r) {
      for (int c = 0; c < o.columns; ++c) {
        if (c + 1 < o.columns) f << at(c, r) << ',' << at(c + 1, r) << '\n';
        if (r + 1 < o.rows) {
          const int left = r % 2 == 1 ? c : c - 1;  // the two cells below
          for (const int cc : {left, left + 1}) {
            if (cc >= 0 && cc < o.columns) f << at(c, r) << ',' << at(cc, r + 1) << '\n';
          }
        }
      }
    }
  }

  // Kent's per-capita demand, market and entrants, scaled to England's population.
  scenarios::Scenario s = scenarios::kent_baseline();
  const double scale = o.population / kent_population;
  s.name = "england";
  s.question = "How does the engine run on an England-sized synthetic market?";
  s.area_code = "E92000001";
  s.area_name = "England (synthetic)";
  s.run.replications = 1;
  // Written relative to england.toml (below), so the folder still runs when moved or copied.
  s.geography.data = (out / "geography").generic_string();
  for (auto& service : s.demand) {
    for (auto& g : service) {
      g.initial_people = std::round(g.initial_people * scale);
      if (g.referrals_per_year > 0.0) g.referrals_per_year *= scale;
      if (g.district_weights == "custom") g.district_weights = "population";
      g.custom_weights.clear();
    }
  }
  // Providers a little denser than Kent's (England has about 12,000 registered homecare
  // locations; Kent's baseline gives 35.6 x 254 = 9,049): 10,000+ providers.
  constexpr double provider_density = 1.15;
  for (auto& m : s.market) {
    m.framework_providers =
        static_cast<int>(std::lround(m.framework_providers * scale * provider_density));
    m.spot_providers = static_cast<int>(std::lround(m.spot_providers * scale * provider_density));
    m.pipeline_properties = static_cast<int>(std::lround(m.pipeline_properties * scale));
  }
  for (int& k : s.framework.new_entrants_per_reopening)
    k = static_cast<int>(std::lround(k * scale));
  s.framework.recruitment.clear();  // named Kent districts
  s.framework.entrant_district_weights.clear();
  s.shocks.clear();
  s.actions.clear();
  nlohmann::ordered_json manifest = manifest_header("synthesize england");
  manifest["scenario"] = "england.toml";
  manifest["districts"] = n;
  manifest["councils"] = o.councils;
  manifest["population"] = o.population;
  results::write_folder_atomically(
      out,
      {results::text_file("geography/districts.csv", districts_csv.str()),
       results::text_file("geography/edges.csv", edges_csv.str()),
       results::text_file("england.toml", scenarios::write_resolved_scenario(s, out.string())),
       results::text_file("manifest.json", manifest_text(manifest))},
      o.force);
  std::cerr << "caremarket: " << n << " districts in " << o.councils
            << " councils, demand and market x" << scale << " of Kent's; run it with\n"
            << "  caremarket run " << results::shell_quoted((out / "england.toml").string())
            << " -r 1\n";
}

}  // namespace

void add_synthesize_command(CLI::App& app) {
  auto options = std::make_shared<SynthesizeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "synthesize", "Write a synthetic market for scale tests (england: 320 districts)");
  cmd->add_option("what", options->what, "What to synthesise: england")
      ->capture_default_str()
      ->check(only_word("synthesize", "england"));
  cmd->add_option("-o,--out", options->out, "Folder to write (default out/england)")
      ->check(non_empty("a folder"));
  cmd->add_flag("--force", options->force,
                "Replace an existing folder (one this command or another wrote: with a "
                "manifest.json)");
  cmd->callback([options] { synthesize(*options); });
}

}  // namespace caremarket::cli
