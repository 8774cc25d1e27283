#include "analysis/sweep.hpp"

#include <stdexcept>
#include <utility>

#include "results/format.hpp"
#include "results/kpis.hpp"
#include "scenarios/suggest.hpp"
#include "sim/ensemble.hpp"

namespace caremarket::analysis {

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
