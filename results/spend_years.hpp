#pragma once
// The years of a run for spend: 12-month blocks from the start date (the last may be shorter),
// each period in the block it starts in, and one replication's spend per year, service (and
// both together) and category. Shared by the run's summary (spend_by_year.csv) and compare's
// paired differences (spend_by_year_comparison.csv), so both count a year the same way.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/metrics.hpp"
#include "sim/params.hpp"

namespace caremarket::results {

/// Spend by year of the run, per replication: the categories summed over each year's periods.
enum class SpendCategory { contract, off_contract, premium, in_house, total };
inline constexpr std::size_t spend_category_count = 5;
std::string_view to_string(SpendCategory c);

class SpendYears {
 public:
  /// The years of `run` for a run of `periods` reporting periods.
  SpendYears(const sim::RunParams& run, std::size_t periods);

  [[nodiscard]] std::size_t years() const { return dates_.size(); }
  /// The first and last day (ISO) of year `y`.
  [[nodiscard]] const std::pair<std::string, std::string>& dates(std::size_t y) const {
    return dates_.at(y);
  }
  /// Values per replication: years x (services + 1) x categories.
  [[nodiscard]] std::size_t values() const {
    return dates_.size() * (sim::service_count + 1) * spend_category_count;
  }
  /// Where (year y, service s, category c) sits; s == service_count is both services together.
  [[nodiscard]] static std::size_t index(std::size_t y, std::size_t s, SpendCategory c) {
    return (y * (sim::service_count + 1) + s) * spend_category_count + static_cast<std::size_t>(c);
  }
  /// One replication's council-wide spend, £, laid out by index(): each category summed over
  /// the year's periods (total = contract + off-contract + in-house; premium is within
  /// off-contract). Throws std::invalid_argument if `m` has another number of periods.
  [[nodiscard]] std::vector<double> of(const sim::ReplicationMetrics& m) const;

 private:
  std::vector<std::pair<std::string, std::string>> dates_;
  std::vector<std::size_t> year_of_period_;
};

}  // namespace caremarket::results
