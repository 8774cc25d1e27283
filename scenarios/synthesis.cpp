// Market synthesis: provider lists are confidential (the seeds' appendices are exempt), so the
// starting market is generated to match public aggregates: numbers of providers, heavy-tailed
// provider sizes, properties and homes by band, capacity spread over districts in proportion to
// demand. Deterministic from the scenario's market seed: the same market in every replication.

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <stdexcept>

#include "scenarios/limits.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/toml_reader.hpp"
#include "scenarios/toml_scenario.hpp"
#include "scenarios/toml_schema.hpp"
#include "sim/distribution.hpp"
#include "sim/random.hpp"

namespace caremarket::scenarios {

namespace {

using sim::DistrictIndex;
using sim::Service;

constexpr std::uint64_t synthesis_purpose = 1000;

std::vector<double> district_weights(const GroupDemand& g,
                                     const std::vector<geography::District>& ds) {
  std::vector<double> w(ds.size(), 0.0);
  for (std::size_t i = 0; i < ds.size(); ++i) {
    if (ds[i].external) continue;  // an external district's own people are not the council's
    if (g.district_weights == "population_65_plus") {
      w[i] = static_cast<double>(ds[i].population_65_plus);
    } else if (g.district_weights == "population_18_64") {
      w[i] = static_cast<double>(ds[i].population_18_64);
    } else if (g.district_weights == "equal") {
      w[i] = 1.0;
    } else if (g.district_weights == "custom") {
      const auto it = g.custom_weights.find(ds[i].code);
      w[i] = it == g.custom_weights.end() ? 0.0 : it->second;
    } else {
      w[i] = static_cast<double>(ds[i].population);
    }
  }
  const double total = std::accumulate(w.begin(), w.end(), 0.0);
  if (total <= 0.0) {
    const auto council = static_cast<double>(
        std::count_if(ds.begin(), ds.end(), [](const auto& d) { return !d.external; }));
    for (std::size_t i = 0; i < ds.size(); ++i) w[i] = ds[i].external ? 0.0 : 1.0 / council;
  } else {
    for (double& x : w) x /= total;
  }
  return w;
}

/// Splits a whole number over weights so the parts add up exactly (largest remainder).
std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<double>& weights) {
  std::vector<std::int64_t> parts(weights.size(), 0);
  std::vector<std::pair<double, std::size_t>> remainders;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double exact = static_cast<double>(total) * weights[i];
    parts[i] = static_cast<std::int64_t>(std::floor(exact));
    given += parts[i];
    remainders.emplace_back(-(exact - std::floor(exact)), i);
  }
  std::sort(remainders.begin(), remainders.end());
  for (std::size_t k = 0; given < total && k < remainders.size(); ++k, ++given)
    ++parts[remainders[k].second];
  return parts;
}

/// Providers of one kind for one service: their size weights and the districts they work in.
struct SynthProviders {
  std::vector<std::size_t> ids;            // indices into MarketSpec::providers
  std::vector<double> size;                // relative size
  std::vector<std::vector<bool>> present;  // [provider][district]
};

SynthProviders make_providers(sim::MarketSpec& market, int count, sim::ProviderKind kind, Service s,
                              const ServiceMarket& m, const std::vector<double>& demand_weights,
                              const std::vector<std::vector<DistrictIndex>>& neighbours,
                              sim::RandomStream& rng) {
  SynthProviders out;
  const std::size_t n_districts = demand_weights.size();
  for (int i = 0; i < count; ++i) {
    sim::ProviderSpec spec;
    spec.name = detail::synthesised_provider_prefix(
                    static_cast<std::size_t>(s),
                    kind == sim::ProviderKind::framework ? "framework" : "spot") +
                " " + std::to_string(i + 1);
    spec.kind = kind;
    spec.rate_factor = sim::draw_lognormal(rng, 1.0, m.rate_factor_cv);
    spec.cost_factor = sim::draw_lognormal(rng, 1.0, m.cost_factor_cv);
    spec.joined_days = -1.0;
    out.ids.push_back(market.providers.size());
    market.providers.push_back(spec);
    out.size.push_back(sim::draw_lognormal(rng, 1.0, m.provider_size_cv));
    std::vector<bool> here(n_districts, false);
    const DistrictIndex home = sim::draw_weighted(rng, demand_weights);
    here[home] = true;
    for (const DistrictIndex e : neighbours[home]) {
      if (sim::draw_bernoulli(rng, m.neighbour_presence_probability)) here[e] = true;
    }
    out.present.push_back(std::move(here));
  }
  // Every district with demand has at least one provider: one drawn with probability
  // proportional to size extends into it.
  for (DistrictIndex d = 0; d < n_districts && !out.ids.empty(); ++d) {
    bool any = false;
    for (const auto& here : out.present) any = any || here[d];
    if (any || demand_weights[d] <= 0.0) continue;
    std::size_t pick = sim::draw_weighted(rng, out.size);
    out.present[pick][d] = true;
  }
  return out;
}

/// The providers' shares of a district: size-weighted among those present.
std::vector<double> shares_in(const SynthProviders& p, DistrictIndex d) {
  std::vector<double> w(p.ids.size(), 0.0);
  for (std::size_t i = 0; i < p.ids.size(); ++i) w[i] = p.present[i][d] ? p.size[i] : 0.0;
  return w;
}

void synthesise_homecare(sim::MarketSpec& market, const ServiceMarket& m,
                         const std::vector<double>& demand_hours,
                         const std::vector<double>& weights,
                         const std::vector<std::vector<DistrictIndex>>& neighbours,
                         sim::RandomStream& rng) {
  for (const auto kind : {sim::ProviderKind::framework, sim::ProviderKind::spot}) {
    const bool framework = kind == sim::ProviderKind::framework;
    const SynthProviders p =
        make_providers(market, framework ? m.framework_providers : m.spot_providers, kind,
                       Service::homecare, m, weights, neighbours, rng);
    const double ratio = framework ? m.contract_capacity_ratio : m.spot_capacity_ratio;
    for (DistrictIndex d = 0; d < demand_hours.size(); ++d) {
      const std::vector<double> w = shares_in(p, d);
      const double total = std::accumulate(w.begin(), w.end(), 0.0);
      if (total <= 0.0) continue;
      for (std::size_t i = 0; i < w.size(); ++i) {
        // No branch of no hours (a capacity ratio of 0, a district without demand): a provider
        // left with no capacity in any service then counts in neither service's providers or
        // exits, as supported living already leaves out properties of no homes.
        const double hours = demand_hours[d] * ratio * w[i] / total;
        if (w[i] <= 0.0 || !(hours > 0.0)) continue;
        market.branches.push_back(sim::BranchSpec{p.ids[i], d, hours, false});
      }
    }
  }
}

void synthesise_supported_living(sim::MarketSpec& market, const ServiceMarket& m,
                                 const std::vector<double>& demand_homes,
                                 const std::vector<double>& weights,
                                 const std::vector<std::vector<DistrictIndex>>& neighbours,
                                 sim::RandomStream& rng) {
  const std::vector<double> bands =
      m.band_shares.empty() ? std::vector<double>{1.0} : m.band_shares;
  for (const auto kind : {sim::ProviderKind::framework, sim::ProviderKind::spot}) {
    const bool framework = kind == sim::ProviderKind::framework;
    const SynthProviders p =
        make_providers(market, framework ? m.framework_providers : m.spot_providers, kind,
                       Service::supported_living, m, weights, neighbours, rng);
    if (p.ids.empty()) continue;
    const double ratio = framework ? m.contract_capacity_ratio : m.spot_capacity_ratio;
    for (DistrictIndex d = 0; d < demand_homes.size(); ++d) {
      const auto homes = static_cast<std::int64_t>(std::llround(demand_homes[d] * ratio));
      if (homes <= 0) continue;
      const std::vector<double> w = shares_in(p, d);
      if (std::accumulate(w.begin(), w.end(), 0.0) <= 0.0) continue;
      // Homes by band, then properties of about homes_per_property homes each.
      const std::vector<std::int64_t> by_band = apportion(homes, bands);
      for (std::size_t b = 0; b < by_band.size(); ++b) {
        if (by_band[b] <= 0) continue;
        const auto properties = std::max<std::int64_t>(
            1, std::llround(static_cast<double>(by_band[b]) / std::max(1.0, m.homes_per_property)));
        const std::vector<std::int64_t> sizes =
            apportion(by_band[b], std::vector<double>(static_cast<std::size_t>(properties),
                                                      1.0 / static_cast<double>(properties)));
        for (const std::int64_t h : sizes) {
          if (h <= 0) continue;
          const std::size_t owner = sim::draw_weighted(rng, w);
          market.properties.push_back(
              sim::PropertySpec{p.ids[owner], d, static_cast<int>(b), static_cast<int>(h), 0.0});
        }
      }
    }
    if (!framework) continue;
    for (int k = 0; k < m.pipeline_properties; ++k) {
      const DistrictIndex d = sim::draw_weighted(rng, weights);
      std::vector<double> w = shares_in(p, d);
      if (std::accumulate(w.begin(), w.end(), 0.0) <= 0.0) w = p.size;
      const std::size_t owner = sim::draw_weighted(rng, w);
      const auto band = static_cast<int>(sim::draw_weighted(rng, bands));
      const int homes = std::max(1, static_cast<int>(std::lround(m.homes_per_property)));
      market.properties.push_back(sim::PropertySpec{p.ids[owner], d, band, homes,
                                                    1.0 + rng.uniform() * m.pipeline_window_days});
    }
  }
}

}  // namespace

geography::DistrictGraph load_scenario_geography(const Scenario& s) {
  geography::GeographyOptions options;
  options.include_external = s.geography.include_external;
  options.travel.road_factor = s.geography.road_factor;
  options.travel.average_speed_kmh = s.geography.average_speed_kmh;
  if (s.geography.data == "kent") return geography::kent_geography(options);
  return geography::load_geography(s.geography.data, options);
}

namespace {

/// The referrals a run supports, on the demand streams as built: at most
/// limits::max_referrals_per_year a year, each stream at its highest in the run (its rate grown
/// as its district grows: district_growth_per_year, a projection's year-by-year growth, where it
/// grows most in the run) and derived where derived (from a caseload file, over the mean stay as
/// drawn). The loader's check (toml_checks.cpp, check_scale) says the same of the groups' keys,
/// with their lines; this one holds what only the built model shows. Throws ScenarioError.
void check_referrals(const sim::ModelParams& p, const Scenario& s) {
  const double years = static_cast<double>(p.run.horizon_months) / 12.0;
  const auto run_years = static_cast<std::size_t>(std::ceil(years));
  double total = 0.0;
  double most = -1.0;
  std::string most_name;
  for (const sim::DemandStream& ds : p.demand) {
    double factor = std::pow(1.0 + std::max(0.0, ds.growth_per_year), years);
    if (!ds.growth_by_year.empty()) {
      double cumulative = 1.0;
      factor = 1.0;
      for (std::size_t k = 0; k < run_years; ++k) {
        cumulative *= 1.0 + ds.growth_by_year[std::min(k, ds.growth_by_year.size() - 1)];
        factor = std::max(factor, cumulative);
      }
    }
    const double at_end = ds.referrals_per_year * factor;
    total += at_end;
    if (at_end > most) {
      most = at_end;
      most_name = "demand." + detail::service_names[static_cast<std::size_t>(ds.service)] + "." +
                  detail::group_names[static_cast<std::size_t>(ds.group)] + " in " +
                  p.district_codes[ds.district];
    }
  }
  if (total <= limits::max_referrals_per_year) return;
  throw ScenarioError(
      {s.name + ": the model's referrals add up to " + message_count(total) +
       " a year with each stream at its highest in the run, with each district's growth (most: " +
       most_name + ", " + message_count(most) + " a year); at most " +
       limits::text(limits::max_referrals_per_year) + " a year are supported"});
}

}  // namespace

sim::ModelParams build_model(const Scenario& s, const geography::DistrictGraph& graph) {
  sim::ModelParams p;
  p.run = s.run;
  // The council's districts; then, with geography.external_providers, the external nodes
  // (Medway): they hold providers the council may place with, and none of its people.
  std::vector<geography::District> districts;
  std::vector<std::size_t> graph_index;
  std::vector<std::size_t> model_index(graph.size(), SIZE_MAX);
  for (const bool external : {false, true}) {
    if (external && !s.geography.external_providers) break;
    for (std::size_t i = 0; i < graph.size(); ++i) {
      if (graph.district(i).external != external) continue;
      model_index[i] = districts.size();
      graph_index.push_back(i);
      districts.push_back(graph.district(i));
      if (external) ++p.external_districts;
    }
  }
  for (const auto& d : districts) {
    p.district_codes.push_back(d.code);
    // Outputs say an external district is one: its rows hold providers, not the council's people.
    p.district_names.push_back(d.external ? d.name + " (external)" : d.name);
  }
  geography::NeighbourLimit limit{s.geography.neighbour_hops, s.geography.max_travel_minutes,
                                  s.geography.within_travel_minutes};
  limit.external = s.geography.external_providers;
  // The synthesised market stays in the council's districts: its providers' neighbours leave
  // the external ones out.
  std::vector<std::vector<DistrictIndex>> council_neighbours;
  for (const std::size_t gi : graph_index) {
    std::vector<DistrictIndex> ns, council;
    // Nobody lives in an external district, so nobody is placed from it.
    if (!graph.district(gi).external) {
      for (const auto& n : graph.neighbours(gi, limit)) {
        if (model_index[n.district] == SIZE_MAX) continue;
        ns.push_back(model_index[n.district]);
        if (!graph.district(n.district).external) council.push_back(model_index[n.district]);
      }
    }
    p.neighbours.push_back(std::move(ns));
    council_neighbours.push_back(std::move(council));
  }
  const std::size_t n = districts.size();

  // A council's own data files, read here when the loader has not read them already.
  std::shared_ptr<const ImportedData> imported = s.imported;
  if (!imported && s.files.any()) {
    ImportContext context;
    context.district_codes = p.district_codes;
    context.council_districts = p.district_codes.size() - p.external_districts;
    context.start = s.run.start;
    context.horizon_months = s.run.horizon_months;
    context.property_bands = std::max<std::size_t>(1, s.placement.band_accepts.size());
    context.need_bands = s.placement.band_accepts.empty()
                             ? 1
                             : std::max<std::size_t>(1, s.placement.band_accepts.front().size());
    std::vector<std::string> errors;
    ImportedData data = read_market_files(s.files, context, errors);
    if (!errors.empty()) throw ScenarioError(std::move(errors));
    imported = std::make_shared<const ImportedData>(std::move(data));
  }
  const bool caseload = imported && imported->has_caseload;
  // Imported homecare packages by district (clients.csv): the starting demand in hours.
  std::vector<double> imported_hours(n, 0.0);
  if (caseload) {
    for (const sim::InitialClient& c : imported->clients) {
      if (c.service == Service::homecare) imported_hours[c.district] += c.package;
    }
  }

  // Demand streams, and the starting demand per district that sizes the market.
  std::array<std::vector<double>, sim::service_count> starting_demand{std::vector<double>(n, 0.0),
                                                                      std::vector<double>(n, 0.0)};
  for (std::size_t si = 0; si < sim::service_count; ++si) {
    for (std::size_t gi = 0; gi < sim::group_count; ++gi) {
      const GroupDemand& g = s.demand[si][gi];
      // The mean stay as drawn (clamped), so that a derived rate balances the caseload.
      const double mean_los_years = sim::mean_as_drawn(g.length_of_stay_days) / sim::days_per_year;
      // An imported caseload replaces initial_people district by district; a derived referral
      // rate is then derived per district from the imported counts.
      const std::vector<std::int64_t>* counts = caseload ? &imported->people[si][gi] : nullptr;
      const double initial_people = counts != nullptr
                                        ? static_cast<double>(std::accumulate(
                                              counts->begin(), counts->end(), std::int64_t{0}))
                                        : g.initial_people;
      const double rate = g.referrals_per_year >= 0.0
                              ? g.referrals_per_year
                              : (mean_los_years > 0.0 ? initial_people / mean_los_years : 0.0);
      if (initial_people <= 0.0 && rate <= 0.0) continue;
      const std::vector<double> w = district_weights(g, districts);
      const std::vector<std::int64_t> initial =
          counts != nullptr ? *counts : apportion(std::llround(g.initial_people), w);
      for (DistrictIndex d = 0; d < n; ++d) {
        sim::DemandStream ds;
        ds.district = d;
        ds.service = static_cast<Service>(si);
        ds.group = static_cast<sim::Group>(gi);
        ds.referrals_per_year =
            counts != nullptr && g.referrals_per_year < 0.0
                ? (mean_los_years > 0.0 ? static_cast<double>(initial[d]) / mean_los_years : 0.0)
                : rate * w[d];
        ds.growth_per_year = g.growth_per_year;
        if (const auto it = g.district_growth_per_year.find(districts[d].code);
            it != g.district_growth_per_year.end())
          ds.growth_per_year = it->second;
        if (imported && imported->has_projections) {
          // The group's district weights name the population that drives it.
          const std::size_t band = g.district_weights == "population_18_64"     ? 1
                                   : g.district_weights == "population_65_plus" ? 2
                                                                                : 0;
          if (!imported->growth[band].empty() && !imported->growth[band][d].empty())
            ds.growth_by_year = imported->growth[band][d];
        }
        ds.package_growth_per_year = g.package_growth_per_year;
        ds.package = g.package;
        ds.length_of_stay_days = g.length_of_stay_days;
        ds.need_band_weights = g.need_band_weights;
        ds.initial_people = initial[d];
        if (ds.referrals_per_year <= 0.0 && ds.initial_people == 0) continue;
        // Imported homecare packages are added below, from the clients themselves.
        if (!(caseload && si == 0 && !imported->clients.empty()))
          starting_demand[si][d] +=
              static_cast<double>(initial[d]) * (si == 0 ? sim::mean_as_drawn(g.package) : 1.0);
        p.demand.push_back(std::move(ds));
      }
    }
  }

  check_referrals(p, s);

  if (caseload && !imported->clients.empty()) {
    for (DistrictIndex d = 0; d < n; ++d) starting_demand[0][d] += imported_hours[d];
    p.initial_clients = imported->clients;
  }

  sim::RandomStream rng(s.market_seed, 0, static_cast<sim::StreamPurpose>(synthesis_purpose), 0);
  std::array<std::vector<double>, sim::service_count> weights;
  for (std::size_t si = 0; si < sim::service_count; ++si) {
    const double total =
        std::accumulate(starting_demand[si].begin(), starting_demand[si].end(), 0.0);
    // With no starting demand, the council's districts share equally (externals hold none).
    const std::size_t council = n - p.external_districts;
    weights[si].assign(n, 0.0);
    std::fill_n(weights[si].begin(), council, 1.0 / static_cast<double>(council));
    if (total > 0.0) {
      for (DistrictIndex d = 0; d < n; ++d) weights[si][d] = starting_demand[si][d] / total;
    }
  }
  if (imported && imported->has_market) {
    p.market = imported->market;
  } else {
    synthesise_homecare(p.market, s.market[0], starting_demand[0], weights[0], council_neighbours,
                        rng);
    synthesise_supported_living(p.market, s.market[1], starting_demand[1], weights[1],
                                council_neighbours, rng);
  }

  p.placement = s.placement;
  p.exits = s.exits;
  p.exits_enabled = s.exits_enabled;
  p.shocks = s.shocks;
  p.framework = s.framework;
  p.entry = s.entry;
  p.framework.reopenings_days.clear();
  const auto origin = sim::days_from_civil(s.run.start);
  for (const double years : s.reopen_after_years) {
    const auto months = static_cast<int>(std::lround(years * 12.0));
    p.framework.reopenings_days.push_back(
        static_cast<double>(sim::days_from_civil(sim::add_months(s.run.start, months)) - origin));
  }
  if (p.framework.entrant_district_weights.empty())
    p.framework.entrant_district_weights = weights[0];
  // What the reopenings read and this scenario's model never will is set to one value
  // (Replication::on_reopening), so that scenarios differing only there build the same model:
  // sensitivity takes such an end from the scenario's own runs, and a sweep of it is refused as
  // moving nothing. A service that does not reopen reads no entrants or recruits; with no
  // reopening service (or a closed framework, or no reopening) no join, leave or entrant
  // weight is read either.
  sim::FrameworkParams& f = p.framework;
  const bool reopens = f.open && !f.reopenings_days.empty();
  if (f.reopenings_days.empty()) {
    // No reopening: whether the framework is open, and which services reopen, is never read.
    f.open = true;
    f.service_reopens = {true, true};
  }
  for (std::size_t si = 0; si < sim::service_count; ++si) {
    if (!reopens || !f.service_reopens[si]) f.new_entrants_per_reopening[si] = 0;
  }
  std::erase_if(f.recruitment, [&](const sim::RecruitmentSpec& r) {
    return !reopens || !f.service_reopens[static_cast<std::size_t>(r.service)] || r.providers <= 0;
  });
  if (!reopens || (!f.service_reopens[0] && !f.service_reopens[1])) {
    f.spot_join_probability = 0.0;
    f.leave_probability = 0.0;
  }
  if (f.new_entrants_per_reopening[0] == 0 && f.new_entrants_per_reopening[1] == 0)
    f.entrant_district_weights.clear();
  p.pipeline = s.pipeline;
  p.workforce = s.workforce;
  p.actions = s.actions;
  p.costs = s.costs;
  // A fixed distribution reads only its mean (sim::draw: the mean, which lies within its
  // bounds, unless a package grows: its bounds clamp the grown package), an exponential one no
  // cv (its own is 1).
  const auto unread_to_one_value = [](sim::Distribution& d, bool bounds_read = false) {
    if (d.kind == sim::Distribution::Kind::fixed) {
      d.cv = 0.0;
      if (!bounds_read) {
        d.min = d.mean;
        d.max = d.mean;
      }
    }
    if (d.kind == sim::Distribution::Kind::exponential) d.cv = 1.0;
  };
  for (sim::DemandStream& d : p.demand) {
    unread_to_one_value(d.package, d.package_growth_per_year != 0.0);
    unread_to_one_value(d.length_of_stay_days);
  }
  unread_to_one_value(p.framework.entrant_capacity_hours_per_week);
  unread_to_one_value(p.framework.entrant_homes_per_property);
  unread_to_one_value(p.pipeline.delay_days);
  // With no property in the pipeline and none a commissioning action builds, the pipeline's
  // delays are never drawn.
  const bool pipeline =
      std::any_of(p.market.properties.begin(), p.market.properties.end(),
                  [](const sim::PropertySpec& pr) { return pr.opens_days > 0.0; }) ||
      std::any_of(p.actions.begin(), p.actions.end(), [](const sim::ActionSpec& a) {
        return a.kind == sim::ActionSpec::Kind::new_properties && a.properties > 0;
      });
  if (!pipeline) p.pipeline = sim::PipelineParams{};
  return p;
}

std::vector<bool> needed_need_bands(const sim::ModelParams& p) {
  std::vector<bool> needed;
  for (const sim::DemandStream& d : p.demand) {
    if (d.service != sim::Service::supported_living) continue;
    if (!(d.referrals_per_year > 0.0) && d.initial_people <= 0) continue;
    needed.resize(std::max(needed.size(), d.need_band_weights.size()), false);
    for (std::size_t j = 0; j < d.need_band_weights.size(); ++j)
      needed[j] = needed[j] || d.need_band_weights[j] > 0.0;
  }
  return needed;
}

std::vector<std::string> model_notes(const sim::ModelParams& p) {
  std::vector<std::string> notes;
  const auto& accepts = p.placement.band_accepts;
  const std::vector<bool> needed = needed_need_bands(p);
  std::vector<bool> band_offered(accepts.size(), false);
  for (const sim::PropertySpec& pr : p.market.properties) {
    if (pr.homes > 0 && static_cast<std::size_t>(pr.band) < band_offered.size())
      band_offered[static_cast<std::size_t>(pr.band)] = true;
  }
  for (const sim::ActionSpec& a : p.actions) {
    // new_properties and supported-living in_house actions (both of service supported living,
    // and of at least one property: the loader refuses fewer).
    if (a.kind != sim::ActionSpec::Kind::rate_change &&
        a.service == sim::Service::supported_living && a.properties > 0 && a.band >= 0 &&
        static_cast<std::size_t>(a.band) < band_offered.size())
      band_offered[static_cast<std::size_t>(a.band)] = true;
  }
  for (std::size_t j = 0; j < needed.size(); ++j) {
    if (!needed[j]) continue;
    bool housed = false;
    for (std::size_t i = 0; i < accepts.size(); ++i)
      housed = housed || (band_offered[i] && j < accepts[i].size() && accepts[i][j]);
    if (!housed) {
      notes.push_back("supported living: need band " + std::to_string(j) +
                      " has demand, but no property of the market (at the start, in the pipeline "
                      "or added by an action) is of a band that houses it "
                      "(placement.band_accepts): those people wait until a new entrant's "
                      "property does");
    }
  }
  // An external district's providers are used only from the council districts it neighbours.
  const std::size_t council = p.district_codes.size() - p.external_districts;
  for (std::size_t d = council; d < p.district_codes.size(); ++d) {
    const bool holds = std::any_of(p.market.branches.begin(), p.market.branches.end(),
                                   [&](const sim::BranchSpec& b) { return b.district == d; }) ||
                       std::any_of(p.market.properties.begin(), p.market.properties.end(),
                                   [&](const sim::PropertySpec& pr) { return pr.district == d; });
    bool reached = false;
    for (std::size_t c = 0; c < council && !reached; ++c)
      reached =
          std::find(p.neighbours[c].begin(), p.neighbours[c].end(), d) != p.neighbours[c].end();
    if (holds && !reached) {
      notes.push_back("the external district " + p.district_codes[d] +
                      " holds providers, but it is no council district's neighbour within the "
                      "neighbour limit (geography.neighbour_hops, max_travel_minutes): nobody is "
                      "placed with them");
    }
  }
  // A shock naming a provider that holds no capacity does nothing (docs/model.md 7.7): say so,
  // rather than let the scenario look as if it tested a failure. A named shock takes the
  // provider whole, whatever its service, if it holds a branch with hours or a property with
  // homes, open or in the pipeline (Replication::holds_capacity).
  for (const sim::ShockSpec& shock : p.shocks) {
    if (shock.target != sim::ShockSpec::Target::named ||
        shock.provider >= p.market.providers.size())
      continue;
    const bool holds =
        std::any_of(p.market.branches.begin(), p.market.branches.end(),
                    [&](const sim::BranchSpec& b) {
                      return b.provider == shock.provider && b.capacity_hours_per_week > 0.0;
                    }) ||
        std::any_of(p.market.properties.begin(), p.market.properties.end(),
                    [&](const sim::PropertySpec& pr) {
                      return pr.provider == shock.provider && pr.homes > 0;
                    });
    // The shock's service filter, as Replication::on_shock applies it: the provider must have
    // a branch (homecare) or a property (supported living), whatever its capacity.
    const bool of_service =
        shock.service < 0 ||
        (shock.service == 0
             ? std::any_of(p.market.branches.begin(), p.market.branches.end(),
                           [&](const sim::BranchSpec& b) { return b.provider == shock.provider; })
             : std::any_of(
                   p.market.properties.begin(), p.market.properties.end(),
                   [&](const sim::PropertySpec& pr) { return pr.provider == shock.provider; }));
    if (!holds || !of_service) {
      const sim::Date on = sim::civil_from_days(sim::days_from_civil(p.run.start) +
                                                static_cast<std::int64_t>(shock.at_days));
      // Market files' ids are unique where names need not be: name the provider by both.
      const auto& ids = p.market.provider_ids;
      const std::string& name = p.market.providers[shock.provider].name;
      const std::string who = shock.provider < ids.size() && !ids[shock.provider].empty()
                                  ? ids[shock.provider] + " (" + name + ")"
                                  : name;
      notes.push_back(
          "the shock on " + sim::to_iso(on) + " names " + who +
          (holds ? std::string(", which has no ") +
                       (shock.service == 0 ? "homecare branch" : "supported-living property") +
                       " for the shock's service filter: it does nothing"
                 : std::string(", which holds no capacity (no branch with hours, no "
                               "property with homes, open or in the pipeline): it "
                               "does nothing")));
    }
  }
  return notes;
}

}  // namespace caremarket::scenarios
