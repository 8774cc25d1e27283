// The Kent baseline. Figures from the seeds are cited by file name; everything else is an
// assumption listed in docs/assumptions.md with its source or "not sourced".

#include "scenarios/scenario.hpp"

namespace caremarket::scenarios {

namespace {

sim::Distribution lognormal(double mean, double cv, double min, double max) {
  return sim::Distribution{sim::Distribution::Kind::lognormal, mean, cv, min, max};
}

GroupDemand group(double people, double growth, sim::Distribution package, sim::Distribution los,
                  std::string weights) {
  GroupDemand g;
  g.initial_people = people;
  g.growth_per_year = growth;
  g.package = package;
  g.length_of_stay_days = los;
  g.district_weights = std::move(weights);
  return g;
}

}  // namespace

Scenario kent_baseline() {
  Scenario s;
  s.name = "kent-baseline";
  s.question =
      "Will Kent's contracted homecare and supported living be sufficient in every district over "
      "the 8-year life of the 2027 All Age Home Care framework, with the market as it stands?";
  s.run.start = sim::Date{2027, 4, 1};  // framework start (002_dbebdf7069982c0d.txt)
  s.run.horizon_months = 96;            // 8 years (002_dbebdf7069982c0d.txt)
  s.run.period = sim::PeriodLength::month;
  s.run.seed = 20270401;
  s.run.replications = 200;

  using sim::Group;
  constexpr auto hc = static_cast<std::size_t>(sim::Service::homecare);
  constexpr auto sl = static_cast<std::size_t>(sim::Service::supported_living);
  // Homecare: £84m a year for adults (002) at £26 an hour is about 62,000 hours a week; at the
  // English average package of 14.4 hours a week (ADASS spring 2025) about 4,300 adults.
  const sim::Distribution adult_package = lognormal(14.4, 0.8, 1.0, 80.0);
  const sim::Distribution adult_stay = lognormal(548.0, 1.2, 7.0, 3650.0);  // about 18 months
  s.demand[hc][static_cast<std::size_t>(Group::older_65_plus)] =
      group(3100, 0.03, adult_package, adult_stay, "population_65_plus");
  s.demand[hc][static_cast<std::size_t>(Group::adults_26_64)] =
      group(1100, 0.03, adult_package, lognormal(730.0, 1.0, 7.0, 3650.0), "population_18_64");
  s.demand[hc][static_cast<std::size_t>(Group::pathway_18_25)] =
      group(100, 0.03, adult_package, lognormal(730.0, 1.0, 7.0, 3650.0), "population_18_64");
  // Disabled children: £5.6m a year (002), about 4,100 hours a week at 10 hours each.
  s.demand[hc][static_cast<std::size_t>(Group::children)] =
      group(410, 0.02, lognormal(10.0, 0.6, 1.0, 40.0), lognormal(730.0, 0.8, 30.0, 3650.0),
            "population");
  // Prisons: £0.14m a year (002), about 100 hours a week; Kent's prisons are on Sheppey (Swale)
  // and in Maidstone.
  GroupDemand prisons =
      group(20, 0.0, lognormal(5.0, 0.5, 1.0, 20.0), lognormal(180.0, 1.0, 7.0, 1825.0), "custom");
  prisons.custom_weights = {{"E07000113", 3.0}, {"E07000110", 2.0}};
  s.demand[hc][static_cast<std::size_t>(Group::prisons)] = prisons;

  // Supported living: about 2,400 tenants (£138m in 2022/23 at about £1,100 a week each, 004);
  // tenancies last many years. Support hours: £1,100 / £24 an hour is about 45 hours a week.
  const sim::Distribution support = lognormal(45.0, 0.6, 5.0, 168.0);
  const std::vector<double> need_bands{0.4, 0.4, 0.2};
  GroupDemand sl_adults =
      group(2000, 0.03, support, lognormal(3650.0, 0.8, 180.0, 18250.0), "population_18_64");
  sl_adults.need_band_weights = need_bands;
  GroupDemand sl_pathway =
      group(300, 0.04, support, lognormal(3650.0, 0.8, 180.0, 18250.0), "population_18_64");
  sl_pathway.need_band_weights = {0.3, 0.4, 0.3};
  GroupDemand sl_older =
      group(100, 0.02, support, lognormal(1825.0, 0.8, 90.0, 7300.0), "population_65_plus");
  sl_older.need_band_weights = need_bands;
  s.demand[sl][static_cast<std::size_t>(Group::adults_26_64)] = sl_adults;
  s.demand[sl][static_cast<std::size_t>(Group::pathway_18_25)] = sl_pathway;
  s.demand[sl][static_cast<std::size_t>(Group::older_65_plus)] = sl_older;
  // Kent's supported living has no children and no prisoners: nobody in care, no referrals.
  // Given people (--set, a sample's column), they start from adults_26_64's stays, packages and
  // need bands (assumption, not sourced), in proportion to the districts' populations.
  GroupDemand sl_empty =
      group(0, 0.0, support, lognormal(3650.0, 0.8, 180.0, 18250.0), "population");
  sl_empty.need_band_weights = need_bands;
  s.demand[sl][static_cast<std::size_t>(Group::children)] = sl_empty;
  s.demand[sl][static_cast<std::size_t>(Group::prisons)] = sl_empty;

  ServiceMarket& hm = s.market[hc];
  hm.framework_providers = 90;
  hm.spot_providers = 40;
  hm.contract_capacity_ratio = 1.08;
  hm.spot_capacity_ratio = 0.15;
  hm.provider_size_cv = 1.5;
  hm.neighbour_presence_probability = 0.35;
  ServiceMarket& sm = s.market[sl];
  sm.framework_providers = 94;  // 004
  sm.spot_providers = 30;
  sm.contract_capacity_ratio = 1.04;
  sm.spot_capacity_ratio = 0.12;
  sm.homes_per_property = 3.6;  // 1,593 homes in 438 properties, June 2020 (003)
  sm.band_shares = {0.35, 0.40, 0.25};
  sm.pipeline_properties = 29;  // 29 in the pipeline (003)
  sm.pipeline_window_days = 730.0;

  // A property of band b houses people of need band b or lower.
  s.placement.band_accepts = {{true, false, false}, {true, true, false}, {true, true, true}};
  s.placement.choice = sim::ChoicePolicy::most_spare;
  s.placement.return_to_contract_probability = {1.0, 0.25};
  s.placement.initial_off_contract_share = {0.10, 0.10};
  // Trunk reservation (Gibbens, Hunt and Kelly 1990): a contracted homecare branch keeps 10% of
  // its capacity for its own district; people placed out of area move home when a place frees.
  s.placement.out_of_area_reserve_share = {0.10, 0.0};
  s.placement.return_home = {true, false};
  // Contracted providers decline about 1 package in 10 (rural runs, double-handed calls, times
  // of day), so spot purchase persists at the starting share (000: no latent capacity bought).
  s.placement.acceptance_probability = {0.90, 0.90};

  s.exits.base_hazard_per_year = {0.04, 0.10, 0.0};  // framework, spot, in-house
  s.framework.open = true;            // an open framework under the Procurement Act 2023 (002)
  s.reopen_after_years = {3.0, 6.0};  // reopened at the end of years 3 and 6 (002)
  s.framework.new_entrants_per_reopening = {6, 3};
  // The reopenings are homecare's (002); supported living's framework is closed (004).
  s.framework.service_reopens = {true, false};
  // New providers between reopenings, as spot providers. Supported living: 8 providers new to
  // Kent joined at the 2020 reprocurement, three years into the SIS framework (003), about 2.7
  // a year; homecare: assumption, not sourced.
  s.entry.providers_per_year = {6.0, 2.7};
  s.entry.kind = sim::ProviderKind::spot;

  s.workforce.capacity_growth_per_year = 0.02;
  s.workforce.capacity_volatility_per_year = 0.05;

  s.costs.contract_rate_gbp_per_hour = {26.0, 24.0};
  s.costs.spot_premium = {0.15, 0.20};
  s.costs.in_house_rate_gbp_per_hour = {40.0, 32.0};
  // Homecare Association minimum price £32.14 (2025-26) grown 3.5% a year to April 2027.
  s.costs.cost_of_care_gbp_per_hour = {33.84, 25.0};
  s.costs.rate_uplift_per_year = {0.03, 0.03};
  s.costs.cost_growth_per_year = {0.035, 0.035};
  // Kent's fee uplifts are paid each April (2022-23, 2025-26: committee records).
  s.costs.uplift_on_anniversary = {true, true};
  // Supported-living packages grow more complex (004: spend £138m against £68m advertised).
  s.demand[static_cast<std::size_t>(sim::Service::supported_living)]
          [static_cast<std::size_t>(sim::Group::adults_26_64)]
              .package_growth_per_year = 0.02;
  s.demand[static_cast<std::size_t>(sim::Service::supported_living)]
          [static_cast<std::size_t>(sim::Group::pathway_18_25)]
              .package_growth_per_year = 0.02;
  return s;
}

}  // namespace caremarket::scenarios
