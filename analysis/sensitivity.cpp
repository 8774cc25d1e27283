#include "analysis/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "results/format.hpp"
#include "results/kpis.hpp"
#include "scenarios/toml_scenario.hpp"
#include "sim/ensemble.hpp"
#include "sim/random.hpp"

namespace caremarket::analysis {

namespace {

constexpr std::uint64_t morris_purpose = 2000;

/// Mean of each headline KPI over an ensemble of the scenario with the given overrides.
std::vector<double> evaluate(const std::string& scenario, const std::vector<std::string>& sets,
                             const SensitivityOptions& o, std::uint64_t seed) {
  scenarios::Scenario s = scenarios::load_scenario(scenario, sets);
  s.run.seed = seed;  // common random numbers across every evaluation
  s.run.replications = o.replications;
  const sim::ModelParams p = scenarios::build_model(s, scenarios::load_scenario_geography(s));
  const std::vector<std::size_t> kpis = sensitivity_kpis();
  std::vector<double> sums(kpis.size(), 0.0);
  sim::EnsembleOptions e;
  e.replications = o.replications;
  e.threads = o.threads;
  SampledModels sampled;
  if (o.sample != nullptr) {
    sampled = SampledModels(*o.sample, s, p.run);
    e.params_for = [&sampled](std::int64_t r) -> const sim::ModelParams& { return sampled(r); };
  }
  sim::run_ensemble(p, e, [&](sim::ReplicationResult&& r) {
    const auto table = results::kpi_table();
    for (std::size_t i = 0; i < kpis.size(); ++i)
      sums[i] += results::compute_kpi(table[kpis[i]], r);
  });
  for (double& x : sums) x /= static_cast<double>(o.replications);
  return sums;
}

std::string set_of(const ParameterRange& r, double value) {
  return r.parameter.key + "=" + scenarios::set_value_text(r.parameter, value);
}

}  // namespace

std::vector<std::size_t> sensitivity_kpis() {
  std::vector<std::size_t> out;
  const auto table = results::kpi_table();
  for (std::size_t i = 0; i < table.size(); ++i) {
    const std::string& n = table[i].name;
    if (n == "off_contract_placement_share" || n == "people_waiting_mean" ||
        n == "spend_off_contract_gbp_total" || n.starts_with("capacity_gap_final_") ||
        n == "provider_exits_total") {
      out.push_back(i);
    }
  }
  return out;
}

std::vector<ParameterRange> parameter_ranges(const scenarios::Scenario& base,
                                             const SensitivityOptions& o) {
  std::vector<ParameterRange> out;
  for (const scenarios::NumericParameter& p : scenarios::numeric_parameters(base)) {
    if (!o.only.empty() &&
        std::none_of(o.only.begin(), o.only.end(),
                     [&](const std::string& prefix) { return p.key.starts_with(prefix); })) {
      continue;
    }
    if (p.value == 0.0) continue;
    if (o.sample != nullptr &&
        std::find(o.sample->keys.begin(), o.sample->keys.end(), p.key) != o.sample->keys.end()) {
      continue;
    }
    ParameterRange r{p, 0.0, 0.0};
    const double a = p.value * (1.0 - o.relative_swing), b = p.value * (1.0 + o.relative_swing);
    r.low = std::clamp(std::min(a, b), p.valid_min, p.valid_max);
    r.high = std::clamp(std::max(a, b), p.valid_min, p.valid_max);
    if (p.integer) {
      r.low = std::clamp(std::min(std::round(r.low), p.value - 1.0), p.valid_min, p.valid_max);
      r.high = std::clamp(std::max(std::round(r.high), p.value + 1.0), p.valid_min, p.valid_max);
    }
    if (r.high <= r.low) continue;
    out.push_back(r);
  }
  return out;
}

SensitivityResult run_sensitivity(const std::string& scenario, const std::vector<std::string>& sets,
                                  const SensitivityOptions& o) {
  const scenarios::Scenario base = scenarios::load_scenario(scenario, sets);
  const std::uint64_t seed = base.run.seed;
  const std::vector<ParameterRange> ranges = parameter_ranges(base, o);
  const std::vector<std::size_t> kpis = sensitivity_kpis();
  SensitivityResult result;
  const std::int64_t total = 1 + 2 * static_cast<std::int64_t>(ranges.size()) +
                             static_cast<std::int64_t>(o.morris_trajectories) *
                                 static_cast<std::int64_t>(ranges.size() + 1);
  auto tick = [&] {
    ++result.evaluations;
    if (o.progress) o.progress(result.evaluations, total);
  };
  const std::vector<double> base_means = evaluate(scenario, sets, o, seed);
  tick();
  for (const ParameterRange& r : ranges) {
    auto low_sets = sets;
    low_sets.push_back(set_of(r, r.low));
    const auto low = evaluate(scenario, low_sets, o, seed);
    tick();
    auto high_sets = sets;
    high_sets.push_back(set_of(r, r.high));
    const auto high = evaluate(scenario, high_sets, o, seed);
    tick();
    for (std::size_t k = 0; k < kpis.size(); ++k) {
      result.one_at_a_time.push_back(SensitivityRow{r, kpis[k], base_means[k], low[k], high[k]});
    }
  }

  if (o.morris_trajectories > 0 && !ranges.empty()) {
    // Morris (1991) trajectories on a 4-level grid in each parameter's range; delta = 2/3.
    constexpr double delta = 2.0 / 3.0;
    const std::size_t n = ranges.size();
    std::vector<std::vector<double>> effects(n * kpis.size());
    sim::RandomStream rng(o.morris_seed, 0, static_cast<sim::StreamPurpose>(morris_purpose), 0);
    for (int t = 0; t < o.morris_trajectories; ++t) {
      std::vector<double> x(n);
      for (double& xi : x)
        xi = sim::draw_index(rng, 2) == 0 ? 0.0 : 1.0 / 3.0;  // x + delta stays in [0, 1]
      std::vector<std::size_t> order(n);
      std::iota(order.begin(), order.end(), std::size_t{0});
      for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[sim::draw_index(rng, i)]);
      auto sets_at = [&](const std::vector<double>& point) {
        auto s = sets;
        for (std::size_t i = 0; i < n; ++i) {
          s.push_back(
              set_of(ranges[i], ranges[i].low + point[i] * (ranges[i].high - ranges[i].low)));
        }
        return s;
      };
      std::vector<double> before = evaluate(scenario, sets_at(x), o, seed);
      tick();
      for (const std::size_t i : order) {
        x[i] += delta;
        const std::vector<double> after = evaluate(scenario, sets_at(x), o, seed);
        tick();
        for (std::size_t k = 0; k < kpis.size(); ++k)
          effects[i * kpis.size() + k].push_back((after[k] - before[k]) / delta);
        before = after;
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t k = 0; k < kpis.size(); ++k) {
        const auto& e = effects[i * kpis.size() + k];
        MorrisRow row{ranges[i].parameter.key, kpis[k], 0.0, 0.0, 0.0, static_cast<int>(e.size())};
        for (const double v : e) {
          row.mu += v;
          row.mu_star += std::fabs(v);
        }
        row.mu /= static_cast<double>(e.size());
        row.mu_star /= static_cast<double>(e.size());
        double ss = 0.0;
        for (const double v : e) ss += (v - row.mu) * (v - row.mu);
        row.sigma = e.size() > 1 ? std::sqrt(ss / static_cast<double>(e.size() - 1)) : 0.0;
        result.morris.push_back(row);
      }
    }
  }
  return result;
}

void write_sensitivity_csv(std::ostream& out, const std::string& scenario,
                           const SensitivityResult& r) {
  using results::csv_field;
  using results::format_number;
  const auto table = results::kpi_table();
  // Rank parameters within each KPI by the size of their swing.
  std::map<std::size_t, std::vector<const SensitivityRow*>> by_kpi;
  for (const SensitivityRow& row : r.one_at_a_time) by_kpi[row.kpi].push_back(&row);
  out << "scenario,service,kpi,unit,rank,parameter,base_value,low_value,high_value,base_mean,low_"
         "mean,high_mean,"
         "swing,abs_swing\n";
  for (auto& [kpi, rows] : by_kpi) {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const SensitivityRow* a, const SensitivityRow* b) {
                       return std::fabs(a->swing()) > std::fabs(b->swing());
                     });
    int rank = 0;
    for (const SensitivityRow* row : rows) {
      out << csv_field(scenario) << ',' << sim::to_string(table[kpi].service) << ','
          << table[kpi].name << ',' << table[kpi].unit << ',' << ++rank << ','
          << row->range.parameter.key << ',' << format_number(row->range.parameter.value) << ','
          << format_number(row->range.low) << ',' << format_number(row->range.high) << ','
          << format_number(row->base_mean) << ',' << format_number(row->low_mean) << ','
          << format_number(row->high_mean) << ',' << format_number(row->swing()) << ','
          << format_number(std::fabs(row->swing())) << '\n';
    }
  }
}

void write_morris_csv(std::ostream& out, const std::string& scenario, const SensitivityResult& r) {
  using results::csv_field;
  using results::format_number;
  const auto table = results::kpi_table();
  out << "scenario,service,kpi,unit,parameter,mu_star,mu,sigma,effects\n";
  for (const MorrisRow& m : r.morris) {
    out << csv_field(scenario) << ',' << sim::to_string(table[m.kpi].service) << ','
        << table[m.kpi].name << ',' << table[m.kpi].unit << ',' << m.parameter << ','
        << format_number(m.mu_star) << ',' << format_number(m.mu) << ',' << format_number(m.sigma)
        << ',' << m.effects << '\n';
  }
}

}  // namespace caremarket::analysis
