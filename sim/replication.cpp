#include "sim/replication.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <tuple>

#include "sim/distribution.hpp"
#include "sim/ensemble.hpp"

namespace caremarket::sim {

Replication::Replication(const ModelParams& params, std::int64_t replication)
    : p_(params),
      replication_(replication),
      districts_(params.district_codes.size()),
      boundaries_(
          period_boundaries(params.run.start, params.run.horizon_months, params.run.period)),
      months_(period_boundaries(params.run.start, params.run.horizon_months, PeriodLength::month)) {
  if (districts_ == 0) throw std::invalid_argument("model has no districts");
  if (p_.neighbours.size() != districts_)
    throw std::invalid_argument("neighbour lists do not match districts");
  horizon_ = boundaries_.back();
  events_ = EventQueue(horizon_);
  metrics_ = ReplicationMetrics(boundaries_.size() - 1, districts_);
  cells_.resize(districts_ * service_count);
  waiting_.resize(districts_ * service_count);
  off_contract_.resize(districts_ * service_count);
  return_listings_.assign(districts_ * service_count, 0);
  returns_miss_.assign(districts_ * service_count, ReturnsMiss{});
  out_of_area_.resize(districts_ * service_count);
  branches_in_.resize(districts_);
  properties_in_.resize(districts_);
  entry_times_.resize(districts_);
  district_mark_.assign(districts_, 0);
  reverse_neighbours_.resize(districts_);
  slots_.resize(districts_ * service_count);
  offer_version_.assign(districts_ * service_count * offer_kinds, 0);
  stale_trees_.assign(districts_ * service_count, 0);
  for (std::size_t si = 0; si < service_count; ++si) reserve_on_[si] = p_.placement.reserve_on(si);
  for (const std::vector<bool>& accepts : p_.placement.band_accepts) {
    if (accepts.size() > 64) throw std::invalid_argument("more than 64 need bands");
    std::uint64_t mask = 0;
    for (std::size_t n = 0; n < accepts.size(); ++n)
      if (accepts[n]) mask |= 1ULL << n;
    band_need_mask_.push_back(mask);
    need_bands_ = std::max(need_bands_, accepts.size());
  }
  offer_cache_.resize(districts_ * service_count * offer_kinds);
  tree_width_ = std::max<std::size_t>(1, band_need_mask_.size());
  trees_.resize(districts_ * service_count * offer_kinds * tree_width_);
  for (DistrictIndex d = 0; d < districts_; ++d) {
    for (const DistrictIndex e : p_.neighbours[d]) reverse_neighbours_.at(e).push_back(d);
  }
}

double& Replication::flow(DistrictIndex d, Service s, Metric m) {
  return metrics_.at(std::min(period_, metrics_.periods() - 1), d, s, m);
}

std::uint32_t Replication::new_client() {
  if (!free_clients_.empty()) {
    const std::uint32_t id = free_clients_.back();
    free_clients_.pop_back();
    return id;
  }
  clients_.emplace_back();
  return static_cast<std::uint32_t>(clients_.size() - 1);
}

void Replication::release_client(std::uint32_t id) {
  Client& c = clients_[id];
  c.state = ClientState::ended;
  c.location = none;
  ++c.generation;
  free_clients_.push_back(id);
}

void Replication::draw_client_attributes(Client& c, const DemandStream& stream, RandomStream& rng) {
  c.package = draw(stream.package, rng);
  if (c.service == Service::supported_living && !stream.need_band_weights.empty()) {
    c.need_band = static_cast<std::uint8_t>(draw_weighted(rng, stream.need_band_weights));
  } else {
    c.need_band = 0;
  }
  c.returns_to_contract = draw_bernoulli(
      rng, p_.placement.return_to_contract_probability[static_cast<std::size_t>(c.service)]);
  c.home_declined = false;
  // A stream of its own, so that switching acceptance on or off moves no other draw.
  c.acceptance_draw = p_.placement.acceptance_on(static_cast<std::size_t>(c.service))
                          ? RandomStream(p_.run.seed, static_cast<std::uint64_t>(replication_),
                                         StreamPurpose::acceptance, c.serial)
                                .uniform()
                          : 0.0;
}

void Replication::build_market() {
  for (const ProviderSpec& spec : p_.market.providers) {
    const std::uint32_t id = add_provider(spec.name, spec.kind, spec.rate_factor);
    providers_[id].cost_factor = spec.cost_factor;
    providers_[id].joined_days = spec.joined_days;
  }
  initial_providers_ = providers_.size();
  outcomes_.assign(initial_providers_, ProviderOutcome{});
  for (const BranchSpec& b : p_.market.branches) {
    if (b.provider >= providers_.size() || b.district >= districts_) {
      throw std::invalid_argument("branch refers to an unknown provider or district");
    }
    add_branch(static_cast<std::uint32_t>(b.provider), b.district, b.capacity_hours_per_week,
               b.block_purchased);
  }
  for (const PropertySpec& pr : p_.market.properties) {
    if (pr.provider >= providers_.size() || pr.district >= districts_) {
      throw std::invalid_argument("property refers to an unknown provider or district");
    }
    add_property(static_cast<std::uint32_t>(pr.provider), pr.district, pr.band, pr.homes,
                 pr.opens_days);
  }
}

void Replication::seed_initial_caseload() {
  std::vector<std::uint32_t> initial;
  // Imported people by (district, service, group), in file order, and how many are used.
  std::map<std::tuple<DistrictIndex, Service, Group>, std::vector<std::size_t>> imported;
  std::map<std::tuple<DistrictIndex, Service, Group>, std::size_t> used;
  for (std::size_t i = 0; i < p_.initial_clients.size(); ++i) {
    const InitialClient& ic = p_.initial_clients[i];
    imported[{ic.district, ic.service, ic.group}].push_back(i);
  }
  for (std::size_t si = 0; si < p_.demand.size(); ++si) {
    const DemandStream& stream = p_.demand[si];
    const auto key = std::make_tuple(stream.district, stream.service, stream.group);
    const auto found = imported.find(key);
    RandomStream rng(p_.run.seed, static_cast<std::uint64_t>(replication_),
                     StreamPurpose::initial_caseload, si);
    for (std::int64_t k = 0; k < stream.initial_people; ++k) {
      const std::uint32_t id = new_client();
      Client& c = clients_[id];
      c.stream = static_cast<std::uint32_t>(si);
      c.serial =
          (static_cast<std::uint64_t>(si) << 32) | (0x80000000u + static_cast<std::uint64_t>(k));
      c.district = stream.district;
      c.service = stream.service;
      c.referral_days = 0.0;
      c.wait_start_days = 0.0;
      draw_client_attributes(c, stream, rng);
      if (found != imported.end() && used[key] < found->second.size()) {
        // Drawn as usual (the same draws), then overwritten: streams stay aligned.
        const InitialClient& ic = p_.initial_clients[found->second[used[key]++]];
        c.package = ic.package;
        if (c.service == Service::supported_living && ic.need_band >= 0)
          c.need_band = static_cast<std::uint8_t>(ic.need_band);
      }
      c.end_days = draw_residual(stream.length_of_stay_days, rng);
      c.ever_placed = true;  // already in care: not a new placement
      c.displaced = false;
      c.location = none;
      c.state = ClientState::ended;
      ++totals_.initial_people[static_cast<std::size_t>(c.service)];
      initial.push_back(id);
    }
  }
  // Place them in an order that favours no district or group.
  RandomStream order(p_.run.seed, static_cast<std::uint64_t>(replication_),
                     StreamPurpose::initial_caseload, p_.demand.size());
  for (std::size_t i = initial.size(); i > 1; --i) {
    std::swap(initial[i - 1], initial[draw_index(order, i)]);
  }
  for (const std::uint32_t id : initial) {
    Client& c = clients_[id];
    const double share =
        p_.placement.initial_off_contract_share[static_cast<std::size_t>(c.service)];
    const bool spot_first = draw_bernoulli(order, share);
    // With providers declining packages, the people bought spot at the start are those whose
    // packages contracted providers declined: they stay with their spot providers.
    if (spot_first && p_.placement.acceptance_on(static_cast<std::size_t>(c.service)))
      c.returns_to_contract = false;
    cell(c.district, c.service).demand_units += c.service == Service::homecare ? c.package : 1.0;
    // Already in care: not a placement of the period, and placed as the starting share says
    // (spot or not), without a second draw of declines.
    cascade(id, spot_first, false, false);
    schedule(c.end_days, EventType::need_ends, id, c.generation);
  }
}

void Replication::schedule_next_referral(std::uint32_t stream, double now) {
  if (p_.demand[stream].referrals_per_year <= 0.0) return;  // no draw from an idle stream
  const double next = next_arrival(p_.demand[stream], growth_per_day_[stream], now,
                                   -std::log(referral_rng_[stream].uniform_open()));
  if (next < horizon_) schedule(next, EventType::referral, stream);
}

void Replication::on_referral(std::uint32_t stream_index) {
  const DemandStream& stream = p_.demand[stream_index];
  RandomStream& rng = referral_rng_[stream_index];
  const std::uint32_t id = new_client();
  Client& c = clients_[id];
  c.stream = stream_index;
  c.serial = (static_cast<std::uint64_t>(stream_index) << 32) | arrivals_[stream_index]++;
  c.district = stream.district;
  c.service = stream.service;
  c.referral_days = now_;
  c.wait_start_days = now_;
  draw_client_attributes(c, stream, rng);
  if (stream.package_growth_per_year != 0.0) {
    c.package =
        std::clamp(c.package * std::pow(1.0 + stream.package_growth_per_year, now_ / days_per_year),
                   stream.package.min, stream.package.max);
  }
  c.end_days = now_ + draw(stream.length_of_stay_days, rng);
  c.ever_placed = false;
  c.displaced = false;
  c.location = none;
  c.state = ClientState::ended;
  ++totals_.referrals[static_cast<std::size_t>(c.service)];
  flow(c.district, c.service, Metric::referrals) += 1.0;
  cell(c.district, c.service).demand_units += c.service == Service::homecare ? c.package : 1.0;
  cascade(id);
  schedule(c.end_days, EventType::need_ends, id, c.generation);
  schedule_next_referral(stream_index, now_);
}

void Replication::on_need_ends(std::uint32_t id, std::uint32_t generation) {
  Client& c = clients_[id];
  if (c.generation != generation || c.state == ClientState::ended) return;
  const DistrictIndex home = c.district;  // the client is released below
  cell(c.district, c.service).demand_units -= c.service == Service::homecare ? c.package : 1.0;
  if (c.state == ClientState::waiting) {
    const Service service = c.service;
    dequeue_waiting(id);
    ++totals_.needs_ended_while_waiting[static_cast<std::size_t>(c.service)];
    release_client(id);
    forget_residue(home, service);
    return;
  }
  ++totals_.needs_ended_while_placed[static_cast<std::size_t>(c.service)];
  const std::uint32_t loc = c.location;
  const Service s = c.service;
  DistrictIndex where = c.district;
  if (loc != none) {
    where = s == Service::homecare ? branches_[loc].district : properties_[loc].district;
  }
  unplace(id);
  release_client(id);
  forget_residue(home, s);
  if (loc != none) offer(where, s);
}

void Replication::forget_residue(DistrictIndex d, Service s) {
  // Packages added and taken away again leave a rounding residue (3.6e-15 hours a week) once
  // nobody of the district needs the service: demand is then exactly none.
  Cell& cl = cell(d, s);
  if (cl.waiting != 0) return;
  for (const std::int64_t n : cl.placed)
    if (n != 0) return;
  cl.demand_units = 0.0;
}

void Replication::accrue(Cell& c, double now) {
  const double dt = now - c.last_accrual;
  if (dt > 0.0) {
    c.contract_unit_days += (c.contract_units + c.block_units) * dt;
    c.spot_unit_days += c.spot_units * dt;
    c.in_house_unit_days += c.in_house_units * dt;
  }
  c.last_accrual = now;
}

void Replication::price_segment(DistrictIndex d, Service s, double t) {
  Cell& c = cell(d, s);
  accrue(c, t);
  const auto si = static_cast<std::size_t>(s);
  if (t > c.segment_start) {
    const double weeks_rate = 1.0 / 7.0;
    const double mid = 0.5 * (c.segment_start + t);
    const double rate = contract_rate(s, mid);
    const double in_house_rate =
        p_.costs.in_house_rate_gbp_per_hour[si] *
        std::pow(1.0 + p_.costs.cost_growth_per_year[si], mid / days_per_year);
    c.contract_gbp += c.contract_unit_days * weeks_rate * rate;
    c.spot_gbp += c.spot_unit_days * weeks_rate * rate * (1.0 + p_.costs.spot_premium[si]);
    c.premium_gbp += c.spot_unit_days * weeks_rate * rate * p_.costs.spot_premium[si];
    c.in_house_gbp += c.in_house_unit_days * weeks_rate * in_house_rate;
  }
  c.contract_unit_days = 0.0;
  c.spot_unit_days = 0.0;
  c.in_house_unit_days = 0.0;
  c.segment_start = t;
}

double Replication::contract_rate(Service s, double t) const {
  const auto si = static_cast<std::size_t>(s);
  const CostParams& c = p_.costs;
  double years = t / days_per_year;
  if (c.uplift_on_anniversary[si]) {
    // Whole anniversaries of the start date passed by t (month boundaries 12, 24, ...).
    int passed = 0;
    for (std::size_t k = 12; k < months_.size() && months_[k] <= t; k += 12) ++passed;
    years = passed;
  }
  double rate =
      c.contract_rate_gbp_per_hour[si] * std::pow(1.0 + c.rate_uplift_per_year[si], years);
  for (const RateUplift& u : c.rate_uplifts[si])
    if (u.at_days <= t) rate *= 1.0 + u.uplift;
  return rate * rate_multiplier(s);
}

std::size_t providers_without_capacity(const MarketSpec& m) {
  std::vector<bool> holds(m.providers.size(), false);
  for (const BranchSpec& b : m.branches) {
    if (b.capacity_hours_per_week > 0.0 && b.provider < holds.size()) holds[b.provider] = true;
  }
  for (const PropertySpec& p : m.properties) {
    if (p.homes > 0 && p.provider < holds.size()) holds[p.provider] = true;
  }
  return static_cast<std::size_t>(std::count(holds.begin(), holds.end(), false));
}

void Replication::record_stocks(std::size_t period) {
  const double end = boundaries_[period + 1];
  std::vector<double> capacity(districts_ * service_count, 0.0);
  std::vector<double> provider_count(districts_ * service_count, 0.0);
  std::vector<std::uint32_t> last_counted(districts_ * service_count, none);
  std::array<double, service_count> county_providers{};
  for (std::uint32_t id = 0; id < providers_.size(); ++id) {
    const Provider& pr = providers_[id];
    if (!pr.active || !is_contracted(pr.kind)) continue;
    auto count = [&](std::size_t cell_index) {
      if (last_counted[cell_index] != id) {
        last_counted[cell_index] = id;
        provider_count[cell_index] += 1.0;
      }
    };
    std::array<bool, service_count> offers{};
    // A provider is counted where it holds capacity: a branch with hours, an open property with
    // homes (a provider holding none is counted in no district, as it cannot exit either).
    for (const std::uint32_t bi : pr.branches) {
      const Branch& b = branches_[bi];
      if (!b.active || !(b.capacity > 0.0)) continue;
      capacity[b.district * service_count] += b.capacity;
      count(b.district * service_count);
      offers[0] = true;
    }
    for (const std::uint32_t pi : pr.properties) {
      const Property& pp = properties_[pi];
      if (pp.status != PropertyStatus::open || pp.homes <= 0) continue;
      capacity[pp.district * service_count + 1] += pp.homes;
      count(pp.district * service_count + 1);
      offers[1] = true;
    }
    for (std::size_t si = 0; si < service_count; ++si)
      county_providers[si] += offers[si] ? 1.0 : 0.0;
  }
  for (DistrictIndex d = 0; d < districts_; ++d) {
    for (std::size_t si = 0; si < service_count; ++si) {
      const auto s = static_cast<Service>(si);
      price_segment(d, s, end);
      Cell& c = cell(d, s);
      auto m = [&](Metric metric) -> double& { return metrics_.at(period, d, s, metric); };
      const auto placed_local = static_cast<double>(c.placed[0]);
      const auto placed_neighbour = static_cast<double>(c.placed[1]);
      const auto off = static_cast<double>(c.placed[2] + c.placed[3]);
      m(Metric::people_placed_local) = placed_local;
      m(Metric::people_placed_neighbour) = placed_neighbour;
      m(Metric::people_off_contract) = off;
      m(Metric::people_waiting) = static_cast<double>(c.waiting);
      m(Metric::people_needing_care) =
          placed_local + placed_neighbour + off + static_cast<double>(c.waiting);
      m(Metric::contracted_capacity) = capacity[d * service_count + si];
      m(Metric::demand) = std::max(0.0, c.demand_units);
      m(Metric::capacity_gap) = m(Metric::demand) - m(Metric::contracted_capacity);
      m(Metric::off_contract_demand) = std::max(0.0, c.spot_demand);
      m(Metric::homecare_hours_waiting) =
          s == Service::homecare ? std::max(0.0, c.waiting_units) : 0.0;
      m(Metric::providers_contracted) = provider_count[d * service_count + si];
      m(Metric::spend_contract_gbp) = c.contract_gbp;
      m(Metric::spend_off_contract_gbp) = c.spot_gbp;
      m(Metric::off_contract_premium_gbp) = c.premium_gbp;
      m(Metric::spend_in_house_gbp) = c.in_house_gbp;
      c.contract_gbp = 0.0;
      c.spot_gbp = 0.0;
      c.premium_gbp = 0.0;
      c.in_house_gbp = 0.0;
    }
  }
  for (std::size_t si = 0; si < service_count; ++si) {
    metrics_.at(period, metrics_.county(), static_cast<Service>(si), Metric::providers_contracted) =
        county_providers[si];
  }
  metrics_.finish_period(period);
}

void Replication::on_period_end(std::size_t period) {
  record_stocks(period);
  period_ = period + 1;
}

ReplicationResult Replication::run() {
  build_market();
  referral_rng_.reserve(p_.demand.size());
  for (std::size_t i = 0; i < p_.demand.size(); ++i) {
    referral_rng_.emplace_back(p_.run.seed, static_cast<std::uint64_t>(replication_),
                               StreamPurpose::referral, i);
  }
  arrivals_.assign(p_.demand.size(), 0);
  growth_per_day_.clear();
  for (const DemandStream& d : p_.demand)
    growth_per_day_.push_back(std::log1p(d.growth_per_year) / days_per_year);
  for (std::size_t i = 0; i < properties_.size(); ++i) {
    if (properties_[i].status == PropertyStatus::pipeline) {
      RandomStream rng(p_.run.seed, static_cast<std::uint64_t>(replication_),
                       StreamPurpose::pipeline, i);
      const double opens = p_.market.properties[i].opens_days + p_.pipeline.slip_days +
                           draw(p_.pipeline.delay_days, rng);
      if (opens < horizon_)
        schedule(opens, EventType::property_opens, static_cast<std::uint32_t>(i));
    }
  }
  for (std::uint32_t i = 0; i < p_.demand.size(); ++i) schedule_next_referral(i, 0.0);
  // A tick at every month's end, the horizon's included (before its period end), so every month
  // has its exit draws and entries.
  for (std::size_t k = 1; k < months_.size(); ++k) schedule(months_[k], EventType::month_tick);
  for (std::size_t k = 1; k < boundaries_.size(); ++k) {
    schedule(boundaries_[k], EventType::period_end, static_cast<std::uint32_t>(k - 1));
  }
  for (std::uint32_t i = 0; i < p_.shocks.size(); ++i) {
    if (p_.shocks[i].at_days < horizon_) schedule(p_.shocks[i].at_days, EventType::shock, i);
  }
  for (std::uint32_t si = 0; si < service_count; ++si) {
    for (const RateUplift& u : p_.costs.rate_uplifts[si])
      if (u.at_days > 0.0 && u.at_days < horizon_) schedule(u.at_days, EventType::rate_step, si);
    if (p_.costs.uplift_on_anniversary[si] && p_.costs.rate_uplift_per_year[si] != 0.0) {
      for (std::size_t k = 12; k + 1 < months_.size(); k += 12)
        schedule(months_[k], EventType::rate_step, si);
    }
  }
  for (std::uint32_t i = 0; i < p_.framework.reopenings_days.size(); ++i) {
    if (p_.framework.reopenings_days[i] < horizon_) {
      schedule(p_.framework.reopenings_days[i], EventType::reopening, i);
    }
  }
  for (std::uint32_t i = 0; i < p_.actions.size(); ++i) {
    const ActionSpec& a = p_.actions[i];
    double at = a.at_days;
    if (a.at_reopening >= 0) {
      const auto k = static_cast<std::size_t>(a.at_reopening);
      if (!p_.framework.open || k >= p_.framework.reopenings_days.size()) continue;
      at = p_.framework.reopenings_days[k];
    }
    if (at < horizon_) schedule(at, EventType::action, i);
  }
  seed_initial_caseload();
  for (std::uint32_t id = 0; id < initial_providers_; ++id)
    outcomes_[id].people_at_start = people_served(id);
  // People placed off-contract at the start move to contract where a place is free, as they
  // would at any other time.
  for (DistrictIndex d = 0; d < districts_; ++d) {
    pending_offers_.emplace_back(d, Service::homecare);
    pending_offers_.emplace_back(d, Service::supported_living);
  }
  drain_offers();
  if (p_.run.audit) check_invariants();

  while (events_.pending() > 0) {
    if (stop_requested()) throw Stopped();
    const Event e = events_.pop();
    if (e.time > horizon_) break;
    now_ = e.time;
    ++totals_.events;
    switch (e.type) {
      case EventType::referral:
        on_referral(e.a);
        break;
      case EventType::need_ends:
        on_need_ends(e.a, e.b);
        break;
      case EventType::month_tick:
        on_month_tick();
        break;
      case EventType::period_end:
        on_period_end(e.a);
        break;
      case EventType::shock:
        on_shock(e.a);
        break;
      case EventType::reopening:
        on_reopening(e.a);
        break;
      case EventType::property_opens:
        on_property_opens(e.a);
        break;
      case EventType::action:
        on_action(e.a);
        break;
      case EventType::rate_step:
        for (DistrictIndex d = 0; d < districts_; ++d)
          price_segment(d, static_cast<Service>(e.a), now_);
        break;
    }
    drain_offers();
    if (p_.run.audit) {
      last_event_ = static_cast<int>(e.type);
      check_invariants();
    }
  }

  now_ = horizon_;
  for (const Service s : {Service::homecare, Service::supported_living}) accrue_waiting(s);
  for (const Client& c : clients_) {
    if (c.state == ClientState::ended) continue;
    const auto si = static_cast<std::size_t>(c.service);
    ++totals_.people_in_care_at_end[si];
    if (c.state == ClientState::waiting) totals_.open_wait_days[si] += horizon_ - c.wait_start_days;
  }

  ReplicationResult result;
  result.replication = replication_;
  result.metrics = std::move(metrics_);
  result.totals = totals_;
  result.providers = std::move(outcomes_);
  return result;
}

void Replication::check_invariants() const {
  const std::vector<std::string> problems = audit();
  if (!problems.empty()) {
    throw std::logic_error("audit failed at day " + std::to_string(now_) + " after event type " +
                           std::to_string(last_event_) + ": " + problems.front());
  }
}

}  // namespace caremarket::sim
