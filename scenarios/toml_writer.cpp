// Writes a Scenario as TOML in the loader's schema, every key present (for a shock or an action,
// every key its target or kind reads), numbers in their shortest exact form, so a results folder
// records exactly what ran and loading it back gives the same Scenario.

#include "scenarios/toml_writer.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

#include "scenarios/toml_scenario.hpp"
#include "scenarios/toml_schema.hpp"

namespace caremarket::scenarios {

std::string toml_quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      std::array<char, 8> buffer{};
      std::snprintf(buffer.data(), buffer.size(), "\\u%04x",
                    static_cast<unsigned>(static_cast<unsigned char>(c)));
      out += buffer.data();
    } else {
      out += c;
    }
  }
  return out + "\"";
}

namespace {

using detail::number_text;

std::string boolean(bool b) {
  return b ? "true" : "false";
}

std::string numbers(const std::vector<double>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i == 0 ? "" : ", ") + number_text(v[i]);
  return out + "]";
}

std::string distribution(const sim::Distribution& d) {
  return "{ distribution = " +
         toml_quoted(detail::distribution_kind_names[static_cast<std::size_t>(d.kind)]) +
         ", mean = " + number_text(d.mean) + ", cv = " + number_text(d.cv) +
         ", min = " + number_text(d.min) + ", max = " + number_text(d.max) + " }";
}

std::string code_map(const std::map<std::string, double>& m) {
  if (m.empty()) return "{}";
  std::string out = "{ ";
  bool first = true;
  for (const auto& [code, weight] : m) {
    out += (first ? "" : ", ") + toml_quoted(code) + " = " + number_text(weight);
    first = false;
  }
  return out + " }";
}

std::string date_after(sim::Date start, double days) {
  return sim::to_iso(
      sim::civil_from_days(sim::days_from_civil(start) + static_cast<std::int64_t>(days)));
}

class Writer {
 public:
  Writer(const Scenario& s, std::string paths_relative_to)
      : s_(s), relative_to_(std::move(paths_relative_to)) {}

  std::string write() {
    const Scenario& s = s_;
    line("schema_version", std::to_string(scenario_schema_version));
    line("name", toml_quoted(s.name));
    line("question", toml_quoted(s.question));
    line("area_code", toml_quoted(s.area_code));
    line("area_name", toml_quoted(s.area_name));
    line("market_seed", std::to_string(s.market_seed));
    header("run");
    line("start_date", sim::to_iso(s.run.start));
    line("horizon_months", std::to_string(s.run.horizon_months));
    line("period", toml_quoted(detail::period_names[static_cast<std::size_t>(s.run.period)]));
    line("replications", std::to_string(s.run.replications));
    line("seed", std::to_string(s.run.seed));
    line("audit", boolean(s.run.audit));
    header("geography");
    line("data",
         toml_quoted(s.geography.data == "kent" ? s.geography.data : path_text(s.geography.data)));
    line("include_external", boolean(s.geography.include_external));
    line("external_providers", boolean(s.geography.external_providers));
    line("neighbour_hops", std::to_string(s.geography.neighbour_hops));
    line("max_travel_minutes", number_text(s.geography.max_travel_minutes));
    line("within_travel_minutes", number_text(s.geography.within_travel_minutes));
    line("road_factor", number_text(s.geography.road_factor));
    line("average_speed_kmh", number_text(s.geography.average_speed_kmh));
    write_demand();
    write_market();
    write_placement();
    write_exits();
    write_framework();
    header("entry");
    line("providers_per_year",
         "{ homecare = " + number_text(s.entry.providers_per_year[0]) +
             ", supported_living = " + number_text(s.entry.providers_per_year[1]) + " }");
    line("kind", s.entry.kind == sim::ProviderKind::spot ? "\"spot\"" : "\"framework\"");
    line("unmet_demand_response", number_text(s.entry.unmet_demand_response));
    header("pipeline");
    line("delay_days", distribution(s.pipeline.delay_days));
    line("slip_days", number_text(s.pipeline.slip_days));
    header("workforce");
    line("capacity_growth_per_year", number_text(s.workforce.capacity_growth_per_year));
    line("capacity_volatility_per_year", number_text(s.workforce.capacity_volatility_per_year));
    write_actions();
    write_costs();
    return out_.str();
  }

 private:
  void line(std::string_view key, const std::string& value) {
    out_ << key << " = " << value << '\n';
  }
  void header(const std::string& name) { out_ << "\n[" << name << "]\n"; }

  const std::string& code(sim::DistrictIndex d) {
    if (!codes_) codes_ = detail::model_district_codes(load_scenario_geography(s_));
    return codes_->at(d);
  }

  void write_demand() {
    for (std::size_t si = 0; si < sim::service_count; ++si) {
      for (std::size_t gi = 0; gi < sim::group_count; ++gi) {
        const GroupDemand& g = s_.demand[si][gi];
        header("demand." + detail::service_names[si] + "." + detail::group_names[gi]);
        line("initial_people", number_text(g.initial_people));
        line("referrals_per_year",
             g.referrals_per_year < 0.0 ? "\"derived\"" : number_text(g.referrals_per_year));
        line("growth_per_year", number_text(g.growth_per_year));
        line("district_growth_per_year", code_map(g.district_growth_per_year));
        line("package_growth_per_year", number_text(g.package_growth_per_year));
        line("package_hours_per_week", distribution(g.package));
        line("length_of_stay_days", distribution(g.length_of_stay_days));
        line("district_weights", toml_quoted(g.district_weights));
        line("custom_weights", code_map(g.custom_weights));
        // Need bands: supported living only (the reader refuses them for homecare).
        if (static_cast<sim::Service>(si) == sim::Service::supported_living)
          line("need_band_weights", numbers(g.need_band_weights));
      }
    }
  }

  void write_market() {
    for (std::size_t si = 0; si < sim::service_count; ++si) {
      const ServiceMarket& m = s_.market[si];
      header("market." + detail::service_names[si]);
      line("framework_providers", std::to_string(m.framework_providers));
      line("spot_providers", std::to_string(m.spot_providers));
      line("contract_capacity_ratio", number_text(m.contract_capacity_ratio));
      line("spot_capacity_ratio", number_text(m.spot_capacity_ratio));
      line("provider_size_cv", number_text(m.provider_size_cv));
      line("neighbour_presence_probability", number_text(m.neighbour_presence_probability));
      line("rate_factor_cv", number_text(m.rate_factor_cv));
      line("cost_factor_cv", number_text(m.cost_factor_cv));
      if (static_cast<sim::Service>(si) != sim::Service::supported_living) continue;
      // Properties: supported living only (the reader refuses them for homecare).
      line("homes_per_property", number_text(m.homes_per_property));
      line("band_shares", numbers(m.band_shares));
      line("pipeline_properties", std::to_string(m.pipeline_properties));
      line("pipeline_window_days", number_text(m.pipeline_window_days));
    }
    // Data files as absolute paths, so the resolved scenario runs from any folder.
    header("market.files");
    const auto path = [&](const std::string& p) {
      return toml_quoted(p.empty() ? p : path_text(p));
    };
    line("providers", path(s_.files.providers));
    line("homecare_capacity", path(s_.files.homecare_capacity));
    line("properties", path(s_.files.properties));
    line("clients", path(s_.files.clients));
    line("caseload", path(s_.files.caseload));
    line("projections", path(s_.files.projections));
  }

  void write_placement() {
    const sim::PlacementParams& p = s_.placement;
    header("placement");
    line("choice", toml_quoted(detail::choice_names[static_cast<std::size_t>(p.choice)]));
    std::string rows = "[";
    for (std::size_t i = 0; i < p.band_accepts.size(); ++i) {
      rows += i == 0 ? "[" : ", [";
      for (std::size_t j = 0; j < p.band_accepts[i].size(); ++j)
        rows += (j == 0 ? "" : ", ") + boolean(p.band_accepts[i][j]);
      rows += "]";
    }
    line("band_accepts", rows + "]");
    for (std::size_t si = 0; si < sim::service_count; ++si) {
      header("placement." + detail::service_names[si]);
      line("return_to_contract_probability", number_text(p.return_to_contract_probability[si]));
      line("unlimited_spot", boolean(p.unlimited_spot[si]));
      line("initial_off_contract_share", number_text(p.initial_off_contract_share[si]));
      line("out_of_area_reserve", number_text(p.out_of_area_reserve[si]));
      line("out_of_area_reserve_share", number_text(p.out_of_area_reserve_share[si]));
      line("return_home", boolean(p.return_home[si]));
      line("acceptance_probability", number_text(p.acceptance_probability[si]));
      line("acceptance_package_slope", number_text(p.acceptance_package_slope[si]));
      line("acceptance_utilisation_slope", number_text(p.acceptance_utilisation_slope[si]));
    }
  }

  void write_exits() {
    const sim::ExitParams& e = s_.exits;
    header("exits");
    line("enabled", boolean(s_.exits_enabled));
    line("base_hazard_per_year", "{ framework = " + number_text(e.base_hazard_per_year[0]) +
                                     ", spot = " + number_text(e.base_hazard_per_year[1]) +
                                     ", in_house = " + number_text(e.base_hazard_per_year[2]) +
                                     " }");
    line("stress_slope", number_text(e.stress_slope));
    line("low_utilisation_threshold", number_text(e.low_utilisation_threshold));
    line("low_utilisation_slope", number_text(e.low_utilisation_slope));
    line("competitor_multiplier", number_text(e.competitor_multiplier));
    line("competitor_window_days", number_text(e.competitor_window_days));
    line("handback_probability", number_text(e.handback_probability));
    line("handback_retained_capacity_share", number_text(e.handback_retained_capacity_share));
    line("property_transfer_probability", number_text(e.property_transfer_probability));
    if (s_.shocks.empty()) line("shocks", "[]");
    std::optional<sim::ModelParams> model;
    for (const sim::ShockSpec& shock : s_.shocks) {
      out_ << "\n[[exits.shocks]]\n";
      line("at", date_after(s_.run.start, shock.at_days));
      line("target", toml_quoted(detail::target_names[static_cast<std::size_t>(shock.target)]));
      if (shock.target == sim::ShockSpec::Target::named && s_.imported && s_.imported->has_market) {
        line("provider", toml_quoted(s_.imported->provider_ids.at(shock.provider)));
      } else if (shock.target == sim::ShockSpec::Target::named) {
        if (!model) model = build_model(s_, load_scenario_geography(s_));
        line("provider", toml_quoted(model->market.providers.at(shock.provider).name));
      }
      // Only the keys this target reads (detail::shock_keys): the reader refuses the others.
      if (shock.target == sim::ShockSpec::Target::largest)
        line("count", std::to_string(shock.count));
      if (shock.target == sim::ShockSpec::Target::district_share) {
        line("district", toml_quoted(code(shock.district)));
        line("share", number_text(shock.share));
      }
      line("mode", toml_quoted(detail::mode_names[static_cast<std::size_t>(shock.mode)]));
      line("service",
           shock.service < 0
               ? "\"any\""
               : toml_quoted(detail::service_names[static_cast<std::size_t>(shock.service)]));
    }
  }

  void write_framework() {
    const sim::FrameworkParams& f = s_.framework;
    header("framework");
    line("type", f.open ? "\"open\"" : "\"closed\"");
    line("reopen_after_years", numbers(s_.reopen_after_years));
    line("services_reopening",
         std::string("{ homecare = ") + (f.service_reopens[0] ? "true" : "false") +
             ", supported_living = " + (f.service_reopens[1] ? "true" : "false") + " }");
    line("spot_join_probability", number_text(f.spot_join_probability));
    line("leave_probability", number_text(f.leave_probability));
    line("new_entrants_per_reopening",
         "{ homecare = " + std::to_string(f.new_entrants_per_reopening[0]) +
             ", supported_living = " + std::to_string(f.new_entrants_per_reopening[1]) + " }");
    line("entrant_capacity_hours_per_week", distribution(f.entrant_capacity_hours_per_week));
    line("entrant_properties", std::to_string(f.entrant_properties));
    line("entrant_homes_per_property", distribution(f.entrant_homes_per_property));
    std::map<std::string, double> weights;
    for (std::size_t d = 0; d < f.entrant_district_weights.size(); ++d)
      weights[code(d)] = f.entrant_district_weights[d];
    line("entrant_district_weights", code_map(weights));
    if (f.recruitment.empty()) line("recruitment", "[]");
    for (const sim::RecruitmentSpec& r : f.recruitment) {
      out_ << "\n[[framework.recruitment]]\n";
      line("district", toml_quoted(code(r.district)));
      line("service", toml_quoted(detail::service_names[static_cast<std::size_t>(r.service)]));
      line("providers", std::to_string(r.providers));
      line("at_reopening", r.at_reopening < 0 ? "\"every\"" : std::to_string(r.at_reopening + 1));
    }
  }

  void write_actions() {
    // A top-level array must come before any table header, so empty actions are written as
    // nothing at all (the default) rather than actions = [] at the end.
    for (const sim::ActionSpec& a : s_.actions) {
      out_ << "\n[[actions]]\n";
      line("kind", toml_quoted(detail::action_names[static_cast<std::size_t>(a.kind)]));
      line("name", toml_quoted(a.name));
      if (a.at_reopening >= 0)
        line("at_reopening", std::to_string(a.at_reopening + 1));
      else
        line("at", date_after(s_.run.start, a.at_days));
      // Only the keys this kind reads (detail::action_keys): the reader refuses the others.
      const std::vector<std::string> keys = detail::action_keys(a.kind, a.service);
      const auto reads = [&](const char* key) {
        return std::find(keys.begin(), keys.end(), key) != keys.end();
      };
      if (reads("district")) line("district", toml_quoted(code(a.district)));
      if (reads("service"))
        line("service", toml_quoted(detail::service_names[static_cast<std::size_t>(a.service)]));
      if (reads("hours_per_week")) line("hours_per_week", number_text(a.hours_per_week));
      if (reads("properties")) line("properties", std::to_string(a.properties));
      if (reads("homes_per_property"))
        line("homes_per_property", std::to_string(a.homes_per_property));
      if (reads("band")) line("band", std::to_string(a.band));
      if (reads("rate_change")) line("rate_change", number_text(a.rate_change));
    }
  }

  void write_costs() {
    const sim::CostParams& c = s_.costs;
    for (std::size_t si = 0; si < sim::service_count; ++si) {
      header("costs." + detail::service_names[si]);
      line("contract_rate_gbp_per_hour", number_text(c.contract_rate_gbp_per_hour[si]));
      line("spot_premium", number_text(c.spot_premium[si]));
      line("in_house_rate_gbp_per_hour", number_text(c.in_house_rate_gbp_per_hour[si]));
      line("cost_of_care_gbp_per_hour", number_text(c.cost_of_care_gbp_per_hour[si]));
      line("rate_uplift_per_year", number_text(c.rate_uplift_per_year[si]));
      line("cost_growth_per_year", number_text(c.cost_growth_per_year[si]));
      line("rate_uplift_timing",
           c.uplift_on_anniversary[si] ? "\"anniversary\"" : "\"continuous\"");
      std::string uplifts = "[";
      for (const sim::RateUplift& u : c.rate_uplifts[si]) {
        uplifts += (uplifts.size() > 1 ? ", " : "") + std::string("{ at = ") +
                   date_after(s_.run.start, u.at_days) + ", uplift = " + number_text(u.uplift) +
                   " }";
      }
      line("rate_uplifts", uplifts + "]");
    }
  }

  const Scenario& s_;
  /// A data path as written: absolute, or relative to relative_to_ when it lies inside it.
  [[nodiscard]] std::string path_text(const std::string& p) const {
    const std::string absolute = absolute_path(p);
    if (relative_to_.empty()) return absolute;
    const std::filesystem::path inside =
        std::filesystem::path(absolute).lexically_relative(absolute_path(relative_to_));
    if (inside.empty() || *inside.begin() == "..") return absolute;
    return inside.generic_string();
  }

  std::string relative_to_;
  std::ostringstream out_;
  std::optional<std::vector<std::string>> codes_;
};

}  // namespace

std::string write_resolved_scenario(const Scenario& s, const std::string& paths_relative_to) {
  return Writer(s, paths_relative_to).write();
}

}  // namespace caremarket::scenarios
