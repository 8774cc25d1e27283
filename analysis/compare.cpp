#include "analysis/compare.hpp"

#include "results/format.hpp"

namespace caremarket::analysis {

std::vector<ComparisonRow> compare_samples(const KpiSample& base, const KpiSample& alternative,
                                           const std::string& alternative_name,
                                           const sim::ModelParams& params,
                                           const std::string& area_code,
                                           const std::string& area_name) {
  std::vector<ComparisonRow> rows;
  const auto kpis = results::kpi_table();
  for (std::size_t k = 0; k < kpis.size(); ++k) {
    ComparisonRow row;
    row.alternative = alternative_name;
    row.service = kpis[k].service;
    row.kpi = kpis[k].name;
    row.unit = kpis[k].unit;
    row.area_code = area_code;
    row.area_name = area_name;
    row.direction = kpi_direction(kpis[k]);
    row.difference =
        paired_difference(base.county_kpi(k), alternative.county_kpi(k), row.direction);
    rows.push_back(std::move(row));
  }
  const auto district_kpis = district_kpi_table();
  for (std::size_t k = 0; k < district_kpis.size(); ++k) {
    for (std::size_t d = 0; d < base.districts; ++d) {
      ComparisonRow row;
      row.alternative = alternative_name;
      row.service = district_kpis[k].service;
      row.kpi = district_kpis[k].name;
      row.unit = district_kpis[k].unit;
      row.area_code = params.district_codes.at(d);
      row.area_name = params.district_names.at(d);
      row.direction = district_kpis[k].direction;
      row.difference =
          paired_difference(base.district_kpi(k, d), alternative.district_kpi(k, d), row.direction);
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

void write_comparison_csv(std::ostream& out, const std::string& base_name,
                          const std::vector<ComparisonRow>& rows) {
  using results::csv_field;
  using results::format_number;
  out << comparison_csv_header << '\n';
  for (const ComparisonRow& r : rows) {
    const PairedDifference& d = r.difference;
    out << csv_field(base_name) << ',' << csv_field(r.alternative) << ','
        << sim::to_string(r.service) << ',' << r.kpi << ',' << r.unit << ','
        << csv_field(r.area_code) << ',' << csv_field(r.area_name) << ',' << to_string(r.direction)
        << ',' << format_number(d.base_mean) << ',' << format_number(d.alternative_mean) << ','
        << format_number(d.mean_difference) << ',' << format_number(d.sd_difference) << ','
        << format_number(d.ci95_low) << ',' << format_number(d.ci95_high) << ','
        << format_number(d.probability_alternative_better) << ',' << d.replications << '\n';
  }
}

std::vector<SpendComparisonRow> compare_spend(const KpiSample& base, const KpiSample& alternative,
                                              const std::string& alternative_name,
                                              const results::SpendYears& years) {
  std::vector<SpendComparisonRow> rows;
  for (std::size_t y = 0; y < years.years(); ++y) {
    for (std::size_t s = 0; s <= sim::service_count; ++s) {
      for (std::size_t c = 0; c < results::spend_category_count; ++c) {
        const auto category = static_cast<results::SpendCategory>(c);
        const std::size_t i = results::SpendYears::index(y, s, category);
        SpendComparisonRow row;
        row.alternative = alternative_name;
        row.year_start = years.dates(y).first;
        row.year_end = years.dates(y).second;
        row.service = s < sim::service_count
                          ? std::string(sim::to_string(static_cast<sim::Service>(s)))
                          : std::string("all");
        row.category = std::string(results::to_string(category));
        row.difference =
            paired_difference(base.spend_value(i), alternative.spend_value(i), Direction::neutral);
        rows.push_back(std::move(row));
      }
    }
  }
  return rows;
}

void write_spend_comparison_csv(std::ostream& out, const std::string& base_name,
                                const std::vector<SpendComparisonRow>& rows) {
  using results::csv_field;
  using results::format_number;
  out << spend_comparison_csv_header << '\n';
  for (const SpendComparisonRow& r : rows) {
    const PairedDifference& d = r.difference;
    out << csv_field(base_name) << ',' << csv_field(r.alternative) << ',' << r.year_start << ','
        << r.year_end << ',' << r.service << ',' << r.category << ',' << format_number(d.base_mean)
        << ',' << format_number(d.alternative_mean) << ',' << format_number(d.mean_difference)
        << ',' << format_number(d.sd_difference) << ',' << format_number(d.ci95_low) << ','
        << format_number(d.ci95_high) << ',' << d.replications << '\n';
  }
}

}  // namespace caremarket::analysis
