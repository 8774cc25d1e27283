#include "bench/floor_loop.hpp"

#include <cmath>
#include <vector>

#include "sim/calendar.hpp"
#include "sim/distribution.hpp"
#include "sim/event_queue.hpp"
#include "sim/random.hpp"

namespace caremarket::bench {

namespace {

enum class FloorEvent : std::uint8_t { referral, need_ends, month_tick };

// The draws the engine makes for a new person (Replication::draw_client_attributes and the
// length of stay in on_referral), summed into the checksum; `now` for a referral's package
// growth, negative for a person already in care.
double draw_person(const sim::ModelParams& p, const sim::DemandStream& s, std::int64_t replication,
                   std::uint64_t serial, sim::RandomStream& rng, double now = -1.0) {
  const auto service = static_cast<std::size_t>(s.service);
  double sum = sim::draw(s.package, rng);
  if (now >= 0.0 && s.package_growth_per_year != 0.0)
    sum *= std::pow(1.0 + s.package_growth_per_year, now / sim::days_per_year);
  if (s.service == sim::Service::supported_living && !s.need_band_weights.empty())
    sum += static_cast<double>(sim::draw_weighted(rng, s.need_band_weights));
  sum += sim::draw_bernoulli(rng, p.placement.return_to_contract_probability[service]) ? 1.0 : 0.0;
  if (p.placement.acceptance_on(service)) {
    sum += sim::RandomStream(p.run.seed, static_cast<std::uint64_t>(replication),
                             sim::StreamPurpose::acceptance, serial)
               .uniform();
  }
  return sum;
}

}  // namespace

FloorRun run_floor(const sim::ModelParams& p, std::int64_t replication, std::uint64_t events) {
  const auto rep = static_cast<std::uint64_t>(replication);
  const double horizon =
      sim::period_boundaries(p.run.start, p.run.horizon_months, p.run.period).back();
  // Twice the horizon: if the bare loop has fewer events than the engine by the horizon, it
  // carries on until it has as many.
  sim::DayEventQueue<FloorEvent> queue(2.0 * horizon);
  FloorRun run;
  std::vector<sim::RandomStream> referral;
  referral.reserve(p.demand.size());
  std::uint32_t person = 0;
  for (std::size_t i = 0; i < p.demand.size(); ++i) {
    const sim::DemandStream& s = p.demand[i];
    sim::RandomStream rng(p.run.seed, rep, sim::StreamPurpose::initial_caseload, i);
    for (std::int64_t k = 0; k < s.initial_people; ++k) {
      run.checksum +=
          draw_person(p, s, replication,
                      (std::uint64_t{i} << 32) | 0x80000000u | static_cast<std::uint64_t>(k), rng);
      queue.schedule(sim::draw_residual(s.length_of_stay_days, rng), FloorEvent::need_ends,
                     person++);
    }
    referral.emplace_back(p.run.seed, rep, sim::StreamPurpose::referral, i);
  }
  std::vector<double> growth_per_day;
  for (const sim::DemandStream& s : p.demand)
    growth_per_day.push_back(std::log1p(s.growth_per_year) / sim::days_per_year);
  std::vector<std::uint64_t> arrivals(p.demand.size(), 0);
  const auto next_referral = [&](std::uint32_t i, double now) {
    if (p.demand[i].referrals_per_year <= 0.0) return;
    const double next = sim::next_arrival(p.demand[i], growth_per_day[i], now,
                                          -std::log(referral[i].uniform_open()));
    if (next < 2.0 * horizon) queue.schedule(next, FloorEvent::referral, i);
  };
  for (std::uint32_t i = 0; i < p.demand.size(); ++i) next_referral(i, 0.0);
  // The month tick's draws, for the starting market: two a month for each provider's exit
  // (when exits are on) and a workforce step for each branch that drifts (not block-purchased,
  // not in-house). The engine's market changes as providers leave and enter; the floor's does
  // not.
  std::vector<sim::RandomStream> exit_streams;
  if (p.exits_enabled) {
    for (std::size_t i = 0; i < p.market.providers.size(); ++i)
      exit_streams.emplace_back(p.run.seed, rep, sim::StreamPurpose::provider_exit, i);
  }
  std::vector<sim::RandomStream> workforce_streams;
  for (std::size_t j = 0; j < p.market.branches.size(); ++j) {
    const sim::BranchSpec& b = p.market.branches[j];
    if (b.block_purchased || b.provider >= p.market.providers.size() ||
        p.market.providers[b.provider].kind == sim::ProviderKind::in_house) {
      continue;
    }
    workforce_streams.emplace_back(p.run.seed, rep, sim::StreamPurpose::workforce, j);
  }
  const double g = std::log1p(p.workforce.capacity_growth_per_year) / 12.0;
  const double sigma = p.workforce.capacity_volatility_per_year / std::sqrt(12.0);
  const std::vector<double> months =
      sim::period_boundaries(p.run.start, p.run.horizon_months, sim::PeriodLength::month);
  for (std::size_t k = 1; k < months.size(); ++k) queue.schedule(months[k], FloorEvent::month_tick);
  while (run.events < events && queue.pending() > 0) {
    const auto e = queue.pop();
    ++run.events;
    if (e.type == FloorEvent::need_ends) {
      run.checksum += static_cast<double>(e.a & 1U);
      continue;
    }
    if (e.type == FloorEvent::month_tick) {
      for (sim::RandomStream& rng : exit_streams) run.checksum += rng.uniform() + rng.uniform();
      for (sim::RandomStream& rng : workforce_streams) {
        const double z = sim::draw_standard_normal(rng);
        if (sigma == 0.0 && g == 0.0) continue;
        run.checksum += std::exp(g - 0.5 * sigma * sigma + sigma * z);
      }
      continue;
    }
    const sim::DemandStream& s = p.demand[e.a];
    sim::RandomStream& rng = referral[e.a];
    run.checksum +=
        draw_person(p, s, replication, (std::uint64_t{e.a} << 32) | arrivals[e.a]++, rng, e.time);
    queue.schedule(e.time + sim::draw(s.length_of_stay_days, rng), FloorEvent::need_ends, person++);
    next_referral(e.a, e.time);
  }
  return run;
}

}  // namespace caremarket::bench
