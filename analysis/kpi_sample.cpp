#include "analysis/kpi_sample.hpp"

#include <array>
#include <optional>

#include "results/spend_years.hpp"

namespace caremarket::analysis {

namespace {
using sim::Metric;
using sim::Service;

enum class DistrictKind : std::uint8_t {
  off_contract_placement_share,
  people_waiting_mean,
  capacity_gap_final,
  spend_off_contract_total,
  people_displaced_total
};
struct Row {
  DistrictKind kind;
  DistrictKpi kpi;
};

const std::vector<Row>& rows() {
  static const std::vector<Row> r = [] {
    std::vector<Row> out;
    for (const Service s : {Service::homecare, Service::supported_living}) {
      const std::string unit = sim::unit_name(s);
      out.push_back({DistrictKind::off_contract_placement_share,
                     {"off_contract_placement_share", s, "share", Direction::lower_is_better}});
      out.push_back({DistrictKind::people_waiting_mean,
                     {"people_waiting_mean", s, "people", Direction::lower_is_better}});
      out.push_back({DistrictKind::capacity_gap_final,
                     {"capacity_gap_final_" + unit, s, unit, Direction::lower_is_better}});
      out.push_back({DistrictKind::spend_off_contract_total,
                     {"spend_off_contract_gbp_total", s, "gbp", Direction::lower_is_better}});
      out.push_back({DistrictKind::people_displaced_total,
                     {"people_displaced_total", s, "people", Direction::lower_is_better}});
    }
    return out;
  }();
  return r;
}
}  // namespace

std::span<const DistrictKpi> district_kpi_table() {
  static const std::vector<DistrictKpi> table = [] {
    std::vector<DistrictKpi> t;
    for (const Row& r : rows()) t.push_back(r.kpi);
    return t;
  }();
  return table;
}

std::vector<double> compute_district_kpis(const sim::ReplicationResult& r) {
  const auto& m = r.metrics;
  const std::size_t n = m.districts();
  const std::size_t periods = m.periods();
  std::vector<double> out(rows().size() * n, 0.0);
  for (std::size_t k = 0; k < rows().size(); ++k) {
    const Row& row = rows()[k];
    const Service s = row.kpi.service;
    for (std::size_t d = 0; d < n; ++d) {
      double value = 0.0;
      switch (row.kind) {
        case DistrictKind::off_contract_placement_share: {
          double off = 0.0, all = 0.0;
          for (std::size_t p = 0; p < periods; ++p) {
            off += m.at(p, d, s, Metric::new_off_contract_placements);
            all += m.at(p, d, s, Metric::new_placements);
          }
          value = all > 0.0 ? off / all : 0.0;
          break;
        }
        case DistrictKind::people_waiting_mean:
          for (std::size_t p = 0; p < periods; ++p) value += m.at(p, d, s, Metric::people_waiting);
          value /= static_cast<double>(periods);
          break;
        case DistrictKind::capacity_gap_final:
          value = m.at(periods - 1, d, s, Metric::capacity_gap);
          break;
        case DistrictKind::spend_off_contract_total:
          for (std::size_t p = 0; p < periods; ++p)
            value += m.at(p, d, s, Metric::spend_off_contract_gbp);
          break;
        case DistrictKind::people_displaced_total:
          for (std::size_t p = 0; p < periods; ++p)
            value += m.at(p, d, s, Metric::people_displaced);
          break;
      }
      out[k * n + d] = value;
    }
  }
  return out;
}

std::vector<double> KpiSample::county_kpi(std::size_t k) const {
  std::vector<double> v;
  v.reserve(county.size());
  for (const auto& row : county) v.push_back(row.at(k));
  return v;
}

std::vector<double> KpiSample::spend_value(std::size_t i) const {
  std::vector<double> v;
  v.reserve(spend.size());
  for (const auto& row : spend) v.push_back(row.at(i));
  return v;
}

std::vector<double> KpiSample::district_kpi(std::size_t k, std::size_t d) const {
  std::vector<double> v;
  v.reserve(district.size());
  for (const auto& row : district) v.push_back(row.at(k * districts + d));
  return v;
}

KpiSample run_kpi_sample(const sim::ModelParams& params, const sim::EnsembleOptions& options) {
  KpiSample sample;
  sample.districts = params.district_codes.size();
  std::optional<results::SpendYears> years;
  sim::run_ensemble(params, options, [&](sim::ReplicationResult&& r) {
    if (!years) years.emplace(params.run, r.metrics.periods());
    sample.spend.push_back(years->of(r.metrics));
    sample.county.push_back(results::compute_kpis(r));
    sample.district.push_back(compute_district_kpis(r));
    sample.events += r.totals.events;
  });
  return sample;
}

}  // namespace caremarket::analysis
