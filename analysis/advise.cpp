#include "analysis/advise.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <stdexcept>

#include "geography/table.hpp"
#include "results/format.hpp"
#include "results/kpis.hpp"
#include "scenarios/suggest.hpp"
#include "sim/ensemble.hpp"

namespace caremarket::analysis {

namespace {

using sim::Service;

/// One evaluation of a scenario: the target KPI per replication, spend, and per-district
/// off-contract placements (to choose where to add capacity next).
struct Evaluation {
  std::vector<double> kpi;
  double spend_total = 0.0;
  double spend_off = 0.0;
  double premium = 0.0;
  std::vector<double> district_leakage;
};

/// What one replication adds to an Evaluation, each term as evaluate sums it: the target KPI;
/// per period and service, contract + off-contract + in-house spend (both services); per
/// period, the target service's off-contract spend and premium; per period and district, its
/// off-contract placements + people waiting.
struct ReplicationTerms {
  double kpi = 0.0;
  std::vector<double> spend_total, spend_off, premium, leakage;
};

ReplicationTerms terms_of(const sim::ReplicationResult& r, const KpiTarget& t) {
  const auto table = results::kpi_table();
  const Service service = table[t.kpi].service;
  const auto& m = r.metrics;
  ReplicationTerms x;
  x.kpi = results::compute_kpi(table[t.kpi], r);
  for (std::size_t k = 0; k < m.periods(); ++k) {
    for (const Service s2 : {Service::homecare, Service::supported_living}) {
      x.spend_total.push_back(m.at(k, m.county(), s2, sim::Metric::spend_contract_gbp) +
                              m.at(k, m.county(), s2, sim::Metric::spend_off_contract_gbp) +
                              m.at(k, m.county(), s2, sim::Metric::spend_in_house_gbp));
    }
    x.spend_off.push_back(m.at(k, m.county(), service, sim::Metric::spend_off_contract_gbp));
    x.premium.push_back(m.at(k, m.county(), service, sim::Metric::off_contract_premium_gbp));
    for (std::size_t d = 0; d < m.districts(); ++d) {
      x.leakage.push_back(m.at(k, d, service, sim::Metric::new_off_contract_placements) +
                          m.at(k, d, service, sim::Metric::people_waiting));
    }
  }
  return x;
}

/// Adds one replication's terms, in the order they were drawn up: folded in replication order,
/// every sum is the same whichever thread ran the replication.
void fold(Evaluation& e, const ReplicationTerms& x) {
  e.kpi.push_back(x.kpi);
  for (const double v : x.spend_total) e.spend_total += v;
  for (const double v : x.spend_off) e.spend_off += v;
  for (const double v : x.premium) e.premium += v;
  const std::size_t districts = e.district_leakage.size();
  for (std::size_t i = 0; i < x.leakage.size(); ++i)
    e.district_leakage[i % districts] += x.leakage[i];
}

void finish(Evaluation& e, const AdviseOptions& o) {
  const auto n = static_cast<double>(o.replications);
  e.spend_total /= n;
  e.spend_off /= n;
  e.premium /= n;
}

/// Every scenario's Evaluation, in order. Run on this process alone, the models are built side
/// by side and every (scenario, replication) is one task on o.threads threads, so a step's
/// candidates keep every core busy to the end and no scenario is read on one thread while the
/// other waits; under a distributed runner (MPI), one ensemble after another, dealt out to the
/// ranks. Replications are pure functions of their model and index and each one's terms are
/// folded in replication order, so the evaluations are the same either way.
std::vector<Evaluation> evaluate_all(const std::vector<scenarios::Scenario>& scenarios,
                                     const KpiTarget& t, const AdviseOptions& o) {
  std::vector<Evaluation> out(scenarios.size());
  std::vector<sim::ModelParams> models(scenarios.size());
  std::vector<SampledModels> sampled(scenarios.size());
  const auto build = [&](std::size_t j) {
    models[j] =
        scenarios::build_model(scenarios[j], scenarios::load_scenario_geography(scenarios[j]));
    if (o.sample != nullptr) sampled[j] = SampledModels(*o.sample, scenarios[j], models[j].run);
    out[j].district_leakage.assign(models[j].district_codes.size(), 0.0);
  };
  if (!sim::ensemble_runs_locally()) {
    for (std::size_t j = 0; j < scenarios.size(); ++j) {
      build(j);
      sim::EnsembleOptions eo;
      eo.replications = o.replications;
      eo.threads = o.threads;
      if (o.sample != nullptr) {
        eo.params_for = [&sampled, j](std::int64_t r) -> const sim::ModelParams& {
          return sampled[j](r);
        };
      }
      sim::run_ensemble(models[j], eo,
                        [&](sim::ReplicationResult&& r) { fold(out[j], terms_of(r, t)); });
      finish(out[j], o);
    }
    return out;
  }
  const auto reps = static_cast<std::size_t>(o.replications);
  std::vector<ReplicationTerms> terms(scenarios.size() * reps);
  sim::run_tasks(scenarios.size(), o.threads, build);
  sim::run_tasks(terms.size(), o.threads, [&](std::size_t i) {
    const std::size_t j = i / reps;
    const auto r = static_cast<std::int64_t>(i % reps);
    terms[i] =
        terms_of(sim::run_replication(o.sample != nullptr ? sampled[j](r) : models[j], r), t);
  });
  for (std::size_t j = 0; j < scenarios.size(); ++j) {
    for (std::size_t r = 0; r < reps; ++r) fold(out[j], terms[j * reps + r]);
    finish(out[j], o);
  }
  return out;
}

Evaluation evaluate(const scenarios::Scenario& s, const KpiTarget& t, const AdviseOptions& o) {
  return std::move(evaluate_all({s}, t, o).front());
}

double quantile_at(const std::vector<double>& v, const KpiTarget& t, double confidence) {
  return kpi_at_confidence(v, t, confidence);
}

double share_meeting(const std::vector<double>& v, const KpiTarget& t) {
  double n = 0.0;
  for (const double x : v) n += (t.at_most ? x <= t.value : x >= t.value) ? 1.0 : 0.0;
  return n / static_cast<double>(v.size());
}

double mean_of(const std::vector<double>& v) {
  double sum = 0.0;
  for (const double x : v) sum += x;
  return v.empty() ? 0.0 : sum / static_cast<double>(v.size());
}

/// The target is met when at least the confidence's share of runs meets it (the same test the
/// report and the options table apply).
bool meets(const std::vector<double>& v, const KpiTarget& t, double confidence) {
  return share_meeting(v, t) >= confidence - 1e-12;
}

/// Supported-living homes per step: whole properties of four homes.
int step_homes(const AdviseOptions& o) {
  return advised_step_homes(o.step_homes);
}

/// The property band advised supported-living capacity is built in: the lowest band that may
/// house every need band the demand needs (Kent: band 2); where none houses them all, the band
/// that houses the most of them (the higher on a tie).
int housing_band(const sim::ModelParams& p) {
  const std::vector<bool> needed = scenarios::needed_need_bands(p);
  const auto& accepts = p.placement.band_accepts;
  int best = 0;
  std::size_t best_housed = 0;
  for (std::size_t b = 0; b < accepts.size(); ++b) {
    std::size_t housed = 0, wanted = 0;
    for (std::size_t j = 0; j < needed.size(); ++j) {
      if (!needed[j]) continue;
      ++wanted;
      if (j < accepts[b].size() && accepts[b][j]) ++housed;
    }
    if (housed == wanted) return static_cast<int>(b);
    if (housed >= best_housed) {
      best_housed = housed;
      best = static_cast<int>(b);
    }
  }
  return best;
}

sim::ActionSpec capacity_action(Service s, std::size_t district, int window, const AdviseOptions& o,
                                sim::ActionSpec::Kind homecare_kind, int band) {
  sim::ActionSpec a;
  a.service = s;
  a.district = district;
  a.at_days = 0.0;
  a.at_reopening = window;
  if (s == Service::homecare) {
    a.kind = homecare_kind;
    a.hours_per_week = o.step_hours_per_week;
  } else {
    a.kind = homecare_kind == sim::ActionSpec::Kind::in_house
                 ? sim::ActionSpec::Kind::in_house
                 : sim::ActionSpec::Kind::new_properties;
    // Properties of four homes, about the average (003: 1,593 homes in 438 properties).
    a.properties = step_homes(o) / 4;
    a.homes_per_property = 4;
    a.band = band;  // housing_band()
  }
  a.name = std::string("advised ") + (s == Service::homecare ? "homecare" : "supported living") +
           " capacity";
  return a;
}

/// Years from a window to the horizon, for the cost of capacity bought at it.
double years_remaining(const scenarios::Scenario& s, int window) {
  const double horizon_years = s.run.horizon_months / 12.0;
  if (window < 0) return horizon_years;
  return std::max(0.0, horizon_years - s.reopen_after_years.at(static_cast<std::size_t>(window)));
}

}  // namespace

double kpi_at_confidence(const std::vector<double>& v, const KpiTarget& t, double confidence) {
  if (v.empty()) return 0.0;
  std::vector<double> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  // The k-th smallest run, k = ceil(confidence x n): at least the confidence's share of runs is
  // at most it (an upper target), and the mirror order statistic for a lower one. Unlike an
  // interpolated quantile, "in 90% of runs the KPI is at most X" is then true of the runs, and
  // X meets the target exactly when the share of runs meeting it reaches the confidence.
  const auto n = sorted.size();
  const auto k = std::clamp<std::size_t>(
      static_cast<std::size_t>(std::ceil(confidence * static_cast<double>(n) - 1e-9)), 1, n);
  return t.at_most ? sorted[k - 1] : sorted[n - k];
}

Advice advise(const scenarios::Scenario& base, const KpiTarget& target,
              const AdviseOptions& options) {
  // Steps of 1% of the contracted capacity at the start unless given: small enough to place
  // capacity where it helps, large enough to move the KPI measurably.
  AdviseOptions o = options;
  const sim::ModelParams base_model =
      scenarios::build_model(base, scenarios::load_scenario_geography(base));
  const int band = housing_band(base_model);
  if (o.step_hours_per_week <= 0.0 || o.step_homes <= 0) {
    const sim::ModelParams& p = base_model;
    double hours = 0.0, homes = 0.0;
    for (const auto& b : p.market.branches) {
      if (p.market.providers[b.provider].kind != sim::ProviderKind::spot)
        hours += b.capacity_hours_per_week;
    }
    for (const auto& pr : p.market.properties) {
      if (p.market.providers[pr.provider].kind != sim::ProviderKind::spot) homes += pr.homes;
    }
    if (o.step_hours_per_week <= 0.0)
      o.step_hours_per_week = std::max(50.0, std::round(hours * 0.01 / 50.0) * 50.0);
    if (o.step_homes <= 0)
      o.step_homes = std::max(4, static_cast<int>(std::lround(homes * 0.01 / 4.0)) * 4);
  }
  const auto table = results::kpi_table();
  const Service service = table[target.kpi].service;
  const auto si = static_cast<std::size_t>(service);
  const std::vector<std::string>& district_names = base_model.district_names;
  Advice advice;
  advice.target = target;
  advice.confidence = o.confidence;
  advice.step_capacity = service == Service::homecare ? o.step_hours_per_week : step_homes(o);
  auto log = [&](const std::string& m) {
    if (o.log) o.log(m);
  };

  // Windows: the start, and every reopening in which the service takes part.
  std::vector<int> windows{-1};
  if (base.framework.open && base.framework.service_reopens[si]) {
    for (std::size_t k = 0; k < base.reopen_after_years.size(); ++k)
      windows.push_back(static_cast<int>(k));
  }
  // The yearly cost of a step at the contract rate: homecare hours, or homes times the mean
  // support hours of the people in supported living at the start.
  double people = 0.0, support_hours = 0.0;
  for (const scenarios::GroupDemand& g : base.demand[si]) {
    people += g.initial_people;
    support_hours += g.initial_people * g.package.mean;
  }
  const double hours_per_step = service == Service::homecare
                                    ? o.step_hours_per_week
                                    : step_homes(o) * (people > 0.0 ? support_hours / people : 0.0);
  const double unit_cost =
      hours_per_step * base.costs.contract_rate_gbp_per_hour[si] * 365.25 / 7.0;

  scenarios::Scenario current = base;
  Evaluation now = evaluate(current, target, o);
  ++advice.evaluations;
  double q = quantile_at(now.kpi, target, o.confidence);
  advice.baseline_quantile = q;
  const Evaluation baseline = now;
  double spent = 0.0;
  double mean_now = mean_of(now.kpi);
  advice.stopped_because = "the target is met";
  while (!meets(now.kpi, target, o.confidence)) {
    if (static_cast<int>(advice.steps.size()) >= o.max_steps) {
      advice.stopped_because = "the step limit was reached";
      break;
    }
    // Candidate districts: the council's (not external ones) leaking most under the current
    // allocation.
    std::vector<std::size_t> districts(now.district_leakage.size() - base_model.external_districts);
    std::iota(districts.begin(), districts.end(), std::size_t{0});
    std::stable_sort(districts.begin(), districts.end(), [&](std::size_t a, std::size_t b) {
      return now.district_leakage[a] > now.district_leakage[b];
    });
    districts.resize(std::min<std::size_t>(
        districts.size(), static_cast<std::size_t>(std::max(1, o.candidate_districts))));
    advice.candidate_districts = std::max(advice.candidate_districts, districts.size());
    double best_score = 0.0;
    std::optional<std::pair<AllocationStep, Evaluation>> best;
    // Every candidate within the budget, evaluated side by side, then judged in order.
    struct Candidate {
      std::size_t district;
      int window;
      double cost;
    };
    std::vector<Candidate> candidates;
    std::vector<scenarios::Scenario> trials;
    for (const std::size_t d : districts) {
      for (const int w : windows) {
        const double cost = unit_cost * years_remaining(base, w);
        if (o.budget_gbp >= 0.0 && spent + cost > o.budget_gbp) continue;
        candidates.push_back(Candidate{d, w, cost});
        trials.push_back(current);
        trials.back().actions.push_back(
            capacity_action(service, d, w, o, sim::ActionSpec::Kind::block_purchase, band));
      }
    }
    if (candidates.empty()) {
      advice.stopped_because =
          "no step fits in what is left of the budget (GBP " +
          results::format_number(o.budget_gbp) + " over the horizon; a step costs GBP " +
          results::format_number(std::round(unit_cost)) + " a year for the years it runs)";
      break;
    }
    std::vector<Evaluation> evaluated = evaluate_all(trials, target, o);
    for (std::size_t c = 0; c < candidates.size(); ++c) {
      const std::size_t d = candidates[c].district;
      const int w = candidates[c].window;
      const double cost = candidates[c].cost;
      Evaluation e = std::move(evaluated[c]);
      ++advice.evaluations;
      const double tq = quantile_at(e.kpi, target, o.confidence);
      // Steps are chosen by the mean KPI, which common random numbers measure far more
      // precisely than a tail quantile; the quantile decides when to stop.
      const double mean_after = mean_of(e.kpi);
      const double gain = target.at_most ? mean_now - mean_after : mean_after - mean_now;
      const double score = cost > 0.0 ? gain / cost : 0.0;
      // A step is taken only if it improves: the mean moves toward the target and neither the
      // KPI at the confidence nor the share of runs meeting the target moves away from it.
      const bool quantile_no_worse = target.at_most ? tq <= q : tq >= q;
      const bool share_no_worse = share_meeting(e.kpi, target) >= share_meeting(now.kpi, target);
      if (gain > 0.0 && quantile_no_worse && share_no_worse && score > best_score) {
        best_score = score;
        AllocationStep step{d, w,
                            service == Service::homecare ? o.step_hours_per_week : step_homes(o),
                            tq, share_meeting(e.kpi, target)};
        best.emplace(step, std::move(e));
      }
    }
    if (!best) {
      advice.stopped_because = o.budget_gbp >= 0.0 ? "no step within the budget improves the KPI"
                                                   : "no candidate step improves the KPI";
      break;
    }
    const AllocationStep& step = best->first;
    current.actions.push_back(capacity_action(service, step.district, step.window, o,
                                              sim::ActionSpec::Kind::block_purchase, band));
    spent += unit_cost * years_remaining(base, step.window);
    now = std::move(best->second);
    mean_now = mean_of(now.kpi);
    q = step.quantile_after;
    advice.steps.push_back(step);
    log("step " + std::to_string(advice.steps.size()) + ": " + district_names.at(step.district) +
        ", " +
        (step.window < 0 ? std::string("at the start")
                         : "at reopening " + std::to_string(step.window + 1)) +
        ", KPI in " + results::format_number(o.confidence * 100.0) + "% of runs " +
        results::format_number(q) + ", runs meeting the target " +
        results::format_number(step.share_meeting_after));
  }
  advice.met = meets(now.kpi, target, o.confidence);
  advice.recommended = current;

  // The seed 002 question for the chosen capacity: contracted (block purchase) or in-house.
  auto outcome = [&](const std::string& name, const Evaluation& e) {
    return OptionOutcome{name,
                         quantile_at(e.kpi, target, o.confidence),
                         share_meeting(e.kpi, target),
                         e.spend_total,
                         e.spend_off,
                         e.premium};
  };
  advice.options.push_back(outcome("do_nothing", baseline));
  // With no step taken there is nothing to buy either way: doing nothing is the only option
  // (met at the start, or no candidate improved the KPI).
  if (!advice.steps.empty()) {
    advice.options.push_back(outcome("contracted_block_purchase", now));
    scenarios::Scenario in_house = base;
    for (const AllocationStep& s : advice.steps) {
      in_house.actions.push_back(
          capacity_action(service, s.district, s.window, o, sim::ActionSpec::Kind::in_house, band));
    }
    advice.options.push_back(outcome("in_house", evaluate(in_house, target, o)));
    ++advice.evaluations;
  }
  return advice;
}

void write_allocation_csv(std::ostream& out, const Advice& a, const scenarios::Scenario& base,
                          const std::vector<std::string>& district_codes,
                          const std::vector<std::string>& district_names) {
  using results::csv_field;
  using results::format_number;
  const auto table = results::kpi_table();
  const auto& k = table[a.target.kpi];
  out << "step,service,district_code,district_name,window,window_date,capacity_added,unit,kpi,"
         "quantile,"
         "kpi_at_quantile_after,share_meeting_target_after\n";
  for (std::size_t i = 0; i < a.steps.size(); ++i) {
    const AllocationStep& s = a.steps[i];
    std::string date = sim::to_iso(base.run.start);
    if (s.window >= 0) {
      const auto months = static_cast<int>(
          std::lround(base.reopen_after_years.at(static_cast<std::size_t>(s.window)) * 12.0));
      date = sim::to_iso(sim::add_months(base.run.start, months));
    }
    out << i + 1 << ',' << sim::to_string(k.service) << ','
        << csv_field(district_codes.at(s.district)) << ','
        << csv_field(district_names.at(s.district)) << ','
        << (s.window < 0 ? std::string("start") : "reopening " + std::to_string(s.window + 1))
        << ',' << date << ',' << format_number(s.capacity) << ',' << sim::unit_name(k.service)
        << ',' << k.name << ','
        << format_number(a.target.at_most ? a.confidence : 1.0 - a.confidence) << ','
        << format_number(s.quantile_after) << ',' << format_number(s.share_meeting_after) << '\n';
  }
}

void write_options_csv(std::ostream& out, const Advice& a) {
  using results::format_number;
  out << "option,kpi_at_quantile,share_meeting_target,spend_total_gbp,spend_off_contract_gbp,off_"
         "contract_premium_gbp\n";
  for (const OptionOutcome& o : a.options) {
    out << o.option << ',' << format_number(o.kpi_quantile) << ',' << format_number(o.share_meeting)
        << ',' << format_number(o.spend_total_gbp) << ',' << format_number(o.spend_off_contract_gbp)
        << ',' << format_number(o.premium_gbp) << '\n';
  }
}

int advised_step_homes(int homes) {
  return std::max(1, static_cast<int>(std::lround(homes / 4.0))) * 4;
}

}  // namespace caremarket::analysis
