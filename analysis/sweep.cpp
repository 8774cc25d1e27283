#include "analysis/sweep.hpp"

#include <stdexcept>
#include <utility>

#include "results/format.hpp"
#include "results/kpis.hpp"
#include "scenarios/suggest.hpp"
#include "sim/ensemble.hpp"

namespace caremarket::analysis {

VariedKey parse_vary(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || scenarios::trimmed(text.substr(0, eq)).empty() ||
      scenarios::trimmed(text.substr(eq + 1)).empty()) {
    throw std::invalid_argument("--vary takes KEY=V1,V2,..., found '" + text + "'");
  }
  VariedKey v;
  v.key = scenarios::trimmed(text.substr(0, eq));
  v.text = text;
  const std::string rest = text.substr(eq + 1);
  // Split on commas outside brackets, braces and quotes, so array values like [2,5] stay whole.
  std::string value;
  int depth = 0;
  bool quoted = false;
  auto finish = [&] {
    value = scenarios::trimmed(value);
    if (value.empty())
      throw std::invalid_argument("--vary " + v.key + ": an empty value in '" + rest + "'");
    v.values.push_back(value);
    value.clear();
  };
  for (const char c : rest) {
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == '[' || c == '{')) ++depth;
    if (!quoted && (c == ']' || c == '}')) --depth;
    if (c == ',' && depth == 0 && !quoted) {
      finish();
      continue;
    }
    value += c;
  }
  if (depth != 0 || quoted)
    throw std::invalid_argument("--vary " + v.key + ": unbalanced brackets or quotes in '" + rest +
                                "'");
  finish();
  return v;
}

std::vector<std::vector<std::string>> sweep_grid(const std::vector<VariedKey>& keys) {
  std::vector<std::vector<std::string>> grid{{}};
  for (const VariedKey& k : keys) {
    std::vector<std::vector<std::string>> next;
    for (const auto& point : grid) {
      for (const std::string& v : k.values) {
        auto p = point;
        p.push_back(v);
        next.push_back(std::move(p));
      }
    }
    grid = std::move(next);
  }
  return grid;
}

SweepPoint summarise_point(const sim::ModelParams& params, std::int64_t replications, int threads,
                           std::vector<std::string> values, std::function<bool()> cancelled,
                           std::function<const sim::ModelParams&(std::int64_t)> params_for) {
  SweepPoint point;
  point.values = std::move(values);
  point.kpis.assign(results::kpi_table().size(), results::Summary{});
  sim::EnsembleOptions o;
  o.replications = replications;
  o.threads = threads;
  o.cancelled = std::move(cancelled);
  o.params_for = std::move(params_for);
  sim::run_ensemble(params, o, [&](sim::ReplicationResult&& r) {
    const std::vector<double> k = results::compute_kpis(r);
    for (std::size_t i = 0; i < k.size(); ++i) point.kpis[i].add(k[i]);
  });
  return point;
}

void write_sweep_csv(std::ostream& out, const std::string& scenario,
                     const std::vector<VariedKey>& keys, const std::vector<SweepPoint>& points) {
  using results::csv_field;
  using results::format_number;
  out << "scenario,point";
  for (const VariedKey& k : keys) out << ',' << csv_field(k.key);
  out << ",service,kpi,unit,mean,sd,sem,p05,p50,p95,replications\n";
  const auto table = results::kpi_table();
  for (std::size_t p = 0; p < points.size(); ++p) {
    for (std::size_t i = 0; i < table.size(); ++i) {
      const results::Summary& s = points[p].kpis[i];
      out << csv_field(scenario) << ',' << p + 1;
      for (const std::string& v : points[p].values) out << ',' << csv_field(v);
      out << ',' << sim::to_string(table[i].service) << ',' << table[i].name << ',' << table[i].unit
          << ',' << format_number(s.mean()) << ',' << format_number(s.sd()) << ','
          << format_number(s.sem()) << ',' << format_number(s.p05()) << ','
          << format_number(s.p50()) << ',' << format_number(s.p95()) << ',' << s.count() << '\n';
    }
  }
}

}  // namespace caremarket::analysis
