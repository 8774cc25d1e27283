#include "results/spend_years.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "sim/calendar.hpp"

namespace caremarket::results {

std::string_view to_string(SpendCategory c) {
  switch (c) {
    case SpendCategory::contract:
      return "contract";
    case SpendCategory::off_contract:
      return "off_contract";
    case SpendCategory::premium:
      return "premium";
    case SpendCategory::in_house:
      return "in_house";
    case SpendCategory::total:
      return "total";
  }
  return "?";
}

SpendYears::SpendYears(const sim::RunParams& run, std::size_t periods) {
  const int months = run.period == sim::PeriodLength::month     ? 1
                     : run.period == sim::PeriodLength::quarter ? 3
                                                                : 12;
  const int horizon = run.horizon_months;
  for (int from = 0; from < horizon; from += 12) {
    const sim::Date first = sim::add_months(run.start, from);
    const sim::Date next = sim::add_months(run.start, std::min(from + 12, horizon));
    dates_.emplace_back(sim::to_iso(first),
                        sim::to_iso(sim::civil_from_days(sim::days_from_civil(next) - 1)));
  }
  for (std::size_t p = 0; p < periods; ++p) {
    const std::size_t y = p * static_cast<std::size_t>(months) / 12;
    year_of_period_.push_back(std::min(y, dates_.empty() ? 0 : dates_.size() - 1));
  }
}

std::vector<double> SpendYears::of(const sim::ReplicationMetrics& m) const {
  if (m.periods() != year_of_period_.size()) {
    throw std::invalid_argument("SpendYears: a replication of " + std::to_string(m.periods()) +
                                " periods; expected " + std::to_string(year_of_period_.size()));
  }
  std::vector<double> spend(values(), 0.0);
  const std::size_t county = m.county();
  for (std::size_t p = 0; p < m.periods() && !dates_.empty(); ++p) {
    for (std::size_t s = 0; s < sim::service_count; ++s) {
      const auto service = static_cast<sim::Service>(s);
      const double contract = m.at(p, county, service, sim::Metric::spend_contract_gbp);
      const double spot = m.at(p, county, service, sim::Metric::spend_off_contract_gbp);
      const double premium = m.at(p, county, service, sim::Metric::off_contract_premium_gbp);
      const double in_house = m.at(p, county, service, sim::Metric::spend_in_house_gbp);
      const std::array<double, spend_category_count> v{contract, spot, premium, in_house,
                                                       contract + spot + in_house};
      for (const std::size_t target : {s, sim::service_count}) {
        for (std::size_t c = 0; c < spend_category_count; ++c)
          spend[index(year_of_period_[p], target, static_cast<SpendCategory>(c))] += v[c];
      }
    }
  }
  return spend;
}

}  // namespace caremarket::results
