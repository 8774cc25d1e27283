#include "bench/floor_loop.hpp"

#include <cmath>
#include <vector>

#include "sim/calendar.hpp"
#include "sim/distribution.hpp"
#include "sim/event_queue.hpp"
#include "sim/random.hpp"

namespace caremarket::bench {

namespace {

enum class FloorEvent : std::uint8_t { referral, need_ends };

// The draws the engine makes for a new person (Replication::draw_client_attributes and the
// length of stay in on_referral), summed into the checksum.
double draw_person(const sim::ModelParams& p, const sim::DemandStream& s, std::int64_t replication,
                   std::uint64_t serial, sim::RandomStream& rng) {
  const auto service = static_cast<std::size_t>(s.service);
  double sum = sim::draw(s.package, rng);
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
  std::vector<double> mean_gap(p.demand.size(), 0.0);
  std::vector<std::uint64_t> arrivals(p.demand.size(), 0);
  const auto next_referral = [&](std::uint32_t i, double now) {
    if (mean_gap[i] <= 0.0) return;
    const double e = -std::log(referral[i].uniform_open());
    queue.schedule(now + e * mean_gap[i], FloorEvent::referral, i);
  };
  for (std::uint32_t i = 0; i < p.demand.size(); ++i) {
    const double per_year = p.demand[i].referrals_per_year;
    mean_gap[i] = per_year > 0.0 ? sim::days_per_year / per_year : 0.0;
    next_referral(i, 0.0);
  }
  while (run.events < events && queue.pending() > 0) {
    const auto e = queue.pop();
    ++run.events;
    if (e.type == FloorEvent::need_ends) {
      run.checksum += static_cast<double>(e.a & 1U);
      continue;
    }
    const sim::DemandStream& s = p.demand[e.a];
    sim::RandomStream& rng = referral[e.a];
    run.checksum +=
        draw_person(p, s, replication, (std::uint64_t{e.a} << 32) | arrivals[e.a]++, rng);
    queue.schedule(e.time + sim::draw(s.length_of_stay_days, rng), FloorEvent::need_ends, person++);
    next_referral(e.a, e.time);
  }
  return run;
}

}  // namespace caremarket::bench
