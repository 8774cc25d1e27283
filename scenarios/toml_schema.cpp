// The TOML schema of a scenario: each table and key, read into Scenario. The writer
// (toml_writer.cpp) writes the same keys in the same order.

#include "scenarios/toml_schema.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <initializer_list>
#include <limits>
#include <optional>

#include "geography/table.hpp"
#include "scenarios/limits.hpp"
#include "scenarios/parameter_list.hpp"
#include "scenarios/toml_scenario.hpp"

namespace caremarket::scenarios::detail {

namespace {

constexpr std::int64_t no_limit = std::numeric_limits<std::int64_t>::max();

double days_since(sim::Date start, sim::Date d) {
  return static_cast<double>(sim::days_from_civil(d) - sim::days_from_civil(start));
}

/// A physical range for a key (docs/parameters.md): a value outside it is refused at load with
/// the file, line and key, though it passes the key's type check.
struct Bounds {
  double lo;
  double hi;
  const char* unit;
};

void check_bounds(Reader& r, const Tab& t, std::string_view key, double value, Bounds b) {
  r.narrow_domain(join(t.schema, key), b.lo, b.hi);
  if (t.table == nullptr || !t.table->contains(key)) return;
  if (value >= b.lo && value <= b.hi) return;
  r.error_at(join(t.path, key), std::string("expected ") + b.unit + " from " +
                                    message_number(b.lo) + " to " + message_number(b.hi) +
                                    ", found " + message_number(value));
}

void bounded_number(Reader& r, Tab& t, std::string_view key, double& out, Check check, Bounds b) {
  const std::size_t before = r.errors().size();
  r.number(t, key, out, check);
  if (r.errors().size() == before) check_bounds(r, t, key, out, b);
}

/// A distribution whose mean, min and (finite) max lie within `b`.
void bounded_distribution(Reader& r, Tab& t, std::string_view key, sim::Distribution& out,
                          Bounds b) {
  const std::size_t before = r.errors().size();
  r.distribution(t, key, out);
  const std::string schema = join(t.schema, key);
  r.narrow_domain(join(schema, "mean"), b.lo, b.hi);
  r.narrow_domain(join(schema, "min"), 0.0, b.hi);
  r.narrow_domain(join(schema, "max"), b.lo, b.hi);
  if (r.errors().size() != before || t.table == nullptr || !t.table->contains(key)) return;
  const toml::table* d = t.table->get(key)->as_table();
  if (d == nullptr) return;
  Tab dt{d, join(t.path, key), schema, {}, {}};
  check_bounds(r, dt, "mean", out.mean, b);
  check_bounds(r, dt, "min", out.min, Bounds{0.0, b.hi, b.unit});  // a clamp: 0 is fine
  if (std::isfinite(out.max)) check_bounds(r, dt, "max", out.max, b);
}

/// As bounded_distribution, with every draw within `b` as well: the clamp [min, max] must lie
/// in it, whether given or left at its default (0, inf). For a distribution whose draws are
/// each held to a limit (an entrant's capacity is one branch).
void drawn_within(Reader& r, Tab& t, std::string_view key, sim::Distribution& out, Bounds b) {
  const std::size_t before = r.errors().size();
  bounded_distribution(r, t, key, out, b);
  if (r.errors().size() != before || t.table == nullptr || !t.table->contains(key)) return;
  const toml::table* d = t.table->get(key)->as_table();
  if (d == nullptr || out.kind == sim::Distribution::Kind::fixed) return;
  const std::string path = join(t.path, key);
  for (const auto& [end, value] :
       {std::pair<std::string, double>{"min", out.min}, {"max", out.max}}) {
    if (value >= b.lo && value <= b.hi) continue;
    r.error_at(
        d->contains(end) ? join(path, end) : path,
        std::string(d->contains(end) ? ""
                                     : end + " (not given, so " + message_number(value) + "): ") +
            "expected " + b.unit + " from " + message_number(b.lo) + " to " + message_number(b.hi) +
            ", the range every draw must lie in, found " + message_number(value));
  }
}

constexpr Bounds hours_in_a_week{0.0, 168.0, "hours a week"};
constexpr Bounds provider_hours{limits::min_branch_hours_per_week,
                                limits::max_branch_hours_per_week, "hours a week"};
constexpr Bounds pounds_an_hour{1.0, 1000.0, "pounds an hour"};
constexpr Bounds days_in_fifty_years{-18263.0, 18263.0, "days"};
constexpr Bounds days_of_a_stay{0.0, 36525.0, "days"};
constexpr Bounds capacity_ratio{0.0, 100.0, "a ratio"};
constexpr Bounds reserve_size{0.0, 1e6, "hours a week or homes"};
constexpr Bounds slope{-1000.0, 1000.0, "a slope"};
constexpr Bounds providers_a_year{0.0, 1000.0, "providers a year"};
constexpr Bounds response{0.0, 100.0, "a response"};
constexpr Bounds package_growth{-0.5, 0.5, "a yearly rate"};
constexpr Bounds uplift{-0.5, 1.0, "an uplift"};

/// The tables of an array of tables (`[[x]]`), or one absent table in collect mode.
std::vector<Tab> table_array(Reader& r, Tab& parent, std::string_view key, bool collect_all) {
  std::vector<Tab> out;
  const toml::node* node = r.get_list(parent, key);
  const std::string path = join(parent.path, key);
  const std::string schema = join(parent.schema, key) + "[]";
  if (node == nullptr) {
    if (collect_all) out.push_back(Tab{nullptr, path + "[0]", schema, {}, {}});
    return out;
  }
  const auto* array = node->as_array();
  if (array == nullptr) {
    r.type_error(*node, path, "an array of tables ([[" + path + "]])");
    return out;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& item = *array->get(i);
    const std::string item_path = path + "[" + std::to_string(i) + "]";
    if (!item.is_table()) {
      r.type_error(item, item_path, "a table");
      continue;
    }
    out.push_back(Tab{item.as_table(), item_path, schema, {}, {}});
  }
  return out;
}

/// A path as given in a scenario file (data files, the geography folder), resolved against that
/// file's folder: one rule for every path in every file. A path given on the command line
/// (--set, --vary) is resolved against the working directory.
std::string data_path(const std::string& given, const toml::source_region& where) {
  namespace fs = std::filesystem;
  const fs::path p(given);
  if (p.is_absolute() || !where.path || where.path->starts_with("--"))
    return p.lexically_normal().generic_string();
  return (fs::path(*where.path).parent_path() / p).lexically_normal().generic_string();
}

template <class Enum>
void read_choice(Reader& r, Tab& t, std::string_view key, const std::vector<std::string>& names,
                 Enum& out) {
  if (const auto i = r.choice(t, key, names)) out = static_cast<Enum>(*i);
}

void read_run(Reader& r, Tab& root, Scenario& s) {
  Tab t = r.sub(root, "run");
  if (const auto d = r.date(t, "start_date")) {
    // Dates are turned into days and years are written to the outputs: a documented window.
    if (d->year < 2000 || d->year > 2100) {
      r.error_at(join(t.path, "start_date"),
                 "expected a date from 2000-01-01 to 2100-12-31, found " + sim::to_iso(*d));
    } else {
      s.run.start = *d;
    }
  }
  r.integer(t, "horizon_months", s.run.horizon_months, 1, 600);
  read_choice(r, t, "period", period_names, s.run.period);
  r.integer(t, "replications", s.run.replications, 1, 1'000'000);
  r.unsigned_integer(t, "seed", s.run.seed);
  r.boolean(t, "audit", s.run.audit);
  r.finish(t);
}

void read_geography(Reader& r, Tab& root, Scenario& s) {
  Tab t = r.sub(root, "geography");
  GeographySettings& g = s.geography;
  r.string(t, "data", g.data, Reader::Text::path);
  if (g.data != "kent" && t.table != nullptr && t.table->contains("data"))
    g.data = data_path(g.data, t.table->get("data")->source());
  r.boolean(t, "include_external", g.include_external);
  r.boolean(t, "external_providers", g.external_providers);
  r.integer(t, "neighbour_hops", g.neighbour_hops, 0, 100);
  r.number(t, "max_travel_minutes", g.max_travel_minutes, Check::positive);
  r.number(t, "within_travel_minutes", g.within_travel_minutes, Check::non_negative);
  // A road is never shorter than the straight line between its ends.
  r.number(t, "road_factor", g.road_factor, Check::at_least_one);
  r.number(t, "average_speed_kmh", g.average_speed_kmh, Check::positive);
  r.finish(t);
}

/// Refuses, in homecare's table `t`, the keys only supported living reads (`keys`, one of the
/// lists of scenarios/parameter_list.hpp): a value there would be ignored.
void refuse_homecare_only_supported_living(Reader& r, Tab& t,
                                           const std::vector<std::string_view>& keys) {
  if (t.table == nullptr) return;
  for (const std::string_view key : keys) {
    t.refused.emplace(key);  // named here, not again as an unknown key, nor suggested
    const toml::node* node = t.table->get(key);
    if (node == nullptr) continue;
    const std::string path = join(t.path, key);
    r.error(node->source(), path,
            ignored_key_reason(path).value_or("homecare does not read this key"));
  }
}

void read_group(Reader& r, Tab& t, GroupDemand& g, sim::Service service) {
  r.number(t, "initial_people", g.initial_people, Check::non_negative);
  // A number >= 0, or "derived": initial_people over the mean length of stay (a market in balance).
  const toml::node* node = r.get(t, "referrals_per_year");
  if (const auto* text = node != nullptr ? node->as_string() : nullptr) {
    if (text->get() == "derived") {
      g.referrals_per_year = -1.0;
    } else {
      r.error(node->source(), join(t.path, "referrals_per_year"),
              "expected a number >= 0 or \"derived\", found \"" + text->get() + "\"");
    }
  } else {
    // Read as a number also where absent, so that the schema (read from an empty table) has
    // the key's domain: a sample or sensitivity varies a number given here.
    t.asked.erase("referrals_per_year");
    r.number(t, "referrals_per_year", g.referrals_per_year, Check::non_negative);
  }
  r.number(t, "growth_per_year", g.growth_per_year, Check::growth);
  r.number_map(t, "district_growth_per_year", g.district_growth_per_year, Check::growth);
  bounded_number(r, t, "package_growth_per_year", g.package_growth_per_year, Check::growth,
                 package_growth);
  bounded_distribution(r, t, "package_hours_per_week", g.package, hours_in_a_week);
  bounded_distribution(r, t, "length_of_stay_days", g.length_of_stay_days, days_of_a_stay);
  if (const auto i = r.choice(t, "district_weights", weight_names))
    g.district_weights = weight_names[*i];
  r.number_map(t, "custom_weights", g.custom_weights, Check::non_negative);
  if (service == sim::Service::supported_living) {
    r.numbers(t, "need_band_weights", g.need_band_weights, Check::non_negative);
  } else {
    refuse_homecare_only_supported_living(r, t, homecare_group_ignored_keys);
  }
  r.finish(t);
}

void read_demand(Reader& r, Tab& root, Scenario& s) {
  Tab demand = r.sub(root, "demand");
  for (std::size_t si = 0; si < sim::service_count; ++si) {
    Tab service = r.sub(demand, service_names[si], "<service>");
    for (std::size_t gi = 0; gi < sim::group_count; ++gi) {
      Tab group = r.sub(service, group_names[gi], "<group>");
      read_group(r, group, s.demand[si][gi], static_cast<sim::Service>(si));
    }
    r.finish(service);
  }
  r.finish(demand);
}

void read_market(Reader& r, Tab& root, Scenario& s) {
  Tab market = r.sub(root, "market");
  for (std::size_t si = 0; si < sim::service_count; ++si) {
    Tab t = r.sub(market, service_names[si], "<service>");
    ServiceMarket& m = s.market[si];
    r.integer(t, "framework_providers", m.framework_providers, 0, 100'000);
    r.integer(t, "spot_providers", m.spot_providers, 0, 100'000);
    bounded_number(r, t, "contract_capacity_ratio", m.contract_capacity_ratio, Check::non_negative,
                   capacity_ratio);
    bounded_number(r, t, "spot_capacity_ratio", m.spot_capacity_ratio, Check::non_negative,
                   capacity_ratio);
    r.number(t, "provider_size_cv", m.provider_size_cv, Check::non_negative);
    r.number(t, "neighbour_presence_probability", m.neighbour_presence_probability,
             Check::probability);
    r.number(t, "rate_factor_cv", m.rate_factor_cv, Check::non_negative);
    r.number(t, "cost_factor_cv", m.cost_factor_cv, Check::non_negative);
    if (static_cast<sim::Service>(si) == sim::Service::supported_living) {
      r.number(t, "homes_per_property", m.homes_per_property, Check::positive);
      r.numbers(t, "band_shares", m.band_shares, Check::probability);
      r.integer(t, "pipeline_properties", m.pipeline_properties, 0, 1'000'000);
      r.number(t, "pipeline_window_days", m.pipeline_window_days, Check::non_negative);
    } else {
      refuse_homecare_only_supported_living(r, t, homecare_market_ignored_keys);
    }
    r.finish(t);
  }
  Tab files = r.sub(market, "files");
  for (const auto& [key, out] : std::initializer_list<std::pair<std::string_view, std::string*>>{
           {"providers", &s.files.providers},
           {"homecare_capacity", &s.files.homecare_capacity},
           {"properties", &s.files.properties},
           {"clients", &s.files.clients},
           {"caseload", &s.files.caseload},
           {"projections", &s.files.projections}}) {
    std::string value;
    r.string(files, key, value, Reader::Text::path);
    if (value.empty() || files.table == nullptr) {
      if (files.table != nullptr && files.table->contains(key)) *out = "";
      continue;
    }
    const toml::source_region& where = files.table->get(key)->source();
    *out = data_path(value, where);
    // A file that is not there is the key's fault: said at the key (or the --set option that
    // gave it), not only by the reader of the file.
    std::error_code ec;
    if (!std::filesystem::exists(*out, ec)) {
      r.error(where, join(files.path, key), "cannot read " + *out + ": it does not exist");
      *out = "";
    }
  }
  r.finish(files);
  r.finish(market);
}

void read_band_accepts(Reader& r, Tab& t, std::vector<std::vector<bool>>& out) {
  const toml::node* node = r.get_list(t, "band_accepts");
  if (node == nullptr) return;
  const std::string path = join(t.path, "band_accepts");
  const auto* rows = node->as_array();
  if (rows == nullptr) {
    r.type_error(*node, path, "an array of arrays of booleans, one row per property band");
    return;
  }
  std::vector<std::vector<bool>> value;
  bool ok = true;
  std::optional<std::size_t> first_width;  // entries of the first row, booleans or not
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const toml::node& row = *rows->get(i);
    const std::string row_path = path + "[" + std::to_string(i) + "]";
    const auto* cells = row.as_array();
    if (cells == nullptr) {
      r.type_error(row, row_path, "an array of booleans");
      ok = false;
      continue;
    }
    std::vector<bool> accepts;
    for (std::size_t j = 0; j < cells->size(); ++j) {
      const toml::node& cell = *cells->get(j);
      if (const auto* b = cell.as_boolean()) {
        accepts.push_back(b->get());
      } else {
        r.type_error(cell, row_path + "[" + std::to_string(j) + "]", "a boolean");
        ok = false;
      }
    }
    // Counted by entries, not by the booleans among them: an entry refused above is not
    // missing.
    if (!first_width) {
      first_width = cells->size();
    } else if (cells->size() != *first_width) {
      r.error(row.source(), row_path,
              "every row needs one entry per need band: this row has " +
                  std::to_string(cells->size()) + ", the first has " +
                  std::to_string(*first_width));
      ok = false;
    }
    value.push_back(std::move(accepts));
  }
  if (ok) out = std::move(value);
}

void read_placement(Reader& r, Tab& root, Scenario& s) {
  Tab t = r.sub(root, "placement");
  sim::PlacementParams& p = s.placement;
  read_choice(r, t, "choice", choice_names, p.choice);
  read_band_accepts(r, t, p.band_accepts);
  for (std::size_t si = 0; si < sim::service_count; ++si) {
    Tab st = r.sub(t, service_names[si], "<service>");
    r.number(st, "return_to_contract_probability", p.return_to_contract_probability[si],
             Check::probability);
    bool unlimited = p.unlimited_spot[si];
    r.boolean(st, "unlimited_spot", unlimited);
    p.unlimited_spot[si] = unlimited;
    r.number(st, "initial_off_contract_share", p.initial_off_contract_share[si],
             Check::probability);
    bounded_number(r, st, "out_of_area_reserve", p.out_of_area_reserve[si], Check::non_negative,
                   reserve_size);
    r.number(st, "out_of_area_reserve_share", p.out_of_area_reserve_share[si], Check::probability);
    bool home = p.return_home[si];
    r.boolean(st, "return_home", home);
    p.return_home[si] = home;
    r.number(st, "acceptance_probability", p.acceptance_probability[si], Check::probability);
    bounded_number(r, st, "acceptance_package_slope", p.acceptance_package_slope[si], Check::any,
                   slope);
    bounded_number(r, st, "acceptance_utilisation_slope", p.acceptance_utilisation_slope[si],
                   Check::any, slope);
    r.finish(st);
  }
  r.finish(t);
}

/// Refuses the keys of `item` that `used` does not hold, naming what the entry does read. Keys
/// unknown to every kind were refused already (Reader::finish), with a suggestion.
void refuse_unused(Reader& r, const Tab& item, const std::vector<std::string>& used,
                   const std::vector<std::string>& known, const std::string& what) {
  if (item.table == nullptr) return;
  for (const auto& [k, node] : *item.table) {
    const std::string key(k.str());
    if (std::find(used.begin(), used.end(), key) != used.end()) continue;
    if (std::find(known.begin(), known.end(), key) == known.end()) continue;
    std::string list;
    for (const std::string& u : used) list += (list.empty() ? "" : ", ") + u;
    r.error(node.source(), join(item.path, key),
            "means nothing for " + what + " and would be ignored (it reads: " + list + ")");
  }
}

void read_service(Reader& r, Tab& t, std::string_view key, sim::Service& out) {
  read_choice(r, t, key, service_names, out);
}

void read_exits(Reader& r, Tab& root, Scenario& s, References& refs, bool collect_all) {
  Tab t = r.sub(root, "exits");
  sim::ExitParams& e = s.exits;
  r.boolean(t, "enabled", s.exits_enabled);
  Tab hazard = r.sub(t, "base_hazard_per_year");
  for (std::size_t k = 0; k < kind_names.size(); ++k)
    r.number(hazard, kind_names[k], e.base_hazard_per_year[k], Check::non_negative);
  r.finish(hazard);
  r.number(t, "stress_slope", e.stress_slope, Check::non_negative);
  r.number(t, "low_utilisation_threshold", e.low_utilisation_threshold, Check::probability);
  r.number(t, "low_utilisation_slope", e.low_utilisation_slope, Check::non_negative);
  // A new entrant nearby raises the hazard (Allan 2024) or, at 1, leaves it: never lowers it.
  r.number(t, "competitor_multiplier", e.competitor_multiplier, Check::at_least_one);
  r.number(t, "competitor_window_days", e.competitor_window_days, Check::non_negative);
  r.number(t, "handback_probability", e.handback_probability, Check::probability);
  r.number(t, "handback_retained_capacity_share", e.handback_retained_capacity_share,
           Check::probability);
  r.number(t, "property_transfer_probability", e.property_transfer_probability, Check::probability);
  const std::vector<Tab> items = table_array(r, t, "shocks", collect_all);
  if (t.table != nullptr && t.table->contains("shocks")) s.shocks.clear();
  for (Tab item : items) {
    sim::ShockSpec shock;
    if (const auto d = r.date(item, "at")) shock.at_days = days_since(s.run.start, *d);
    read_choice(r, item, "target", target_names, shock.target);
    std::string provider;
    r.string(item, "provider", provider);
    r.integer(item, "count", shock.count, 1, 100'000);
    std::string district;
    r.string(item, "district", district);
    r.number(item, "share", shock.share, Check::probability);
    read_choice(r, item, "mode", mode_names, shock.mode);
    if (const auto i = r.choice(item, "service", {"any", "homecare", "supported_living"})) {
      shock.service = static_cast<int>(*i) - 1;
    }
    r.finish(item);
    if (item.table == nullptr) continue;
    refuse_unused(
        r, item, shock_keys(shock.target),
        {"at", "target", "mode", "service", "provider", "count", "district", "share"},
        "a shock with target \"" + target_names[static_cast<std::size_t>(shock.target)] + "\"");
    const std::size_t index = s.shocks.size();
    if (!item.table->contains("at"))
      r.error(item.table->source(), item.path, "a shock needs a date: at = YYYY-MM-DD");
    using Target = sim::ShockSpec::Target;
    if (shock.target == Target::named) {
      if (provider.empty())
        r.error(item.table->source(), item.path, "target \"named\" needs provider = \"<name>\"");
      else
        refs.items.push_back(
            {Reference::Owner::shock_provider, index, provider, join(item.path, "provider")});
    }
    if (shock.target == Target::district_share) {
      if (district.empty())
        r.error(item.table->source(), item.path,
                "target \"district_share\" needs district = \"<GSS code>\"");
      else
        refs.items.push_back(
            {Reference::Owner::shock, index, district, join(item.path, "district")});
    }
    s.shocks.push_back(shock);
  }
  r.finish(t);
}

/// A reopening as TOML writes it: 1 for the first; "every" for recruitment at each one.
void read_reopening(Reader& r, Tab& t, int& out, bool every_allowed) {
  const toml::node* node = r.get(t, "at_reopening");
  if (node == nullptr) return;
  const std::string path = join(t.path, "at_reopening");
  if (const auto* text = node->as_string();
      text != nullptr && every_allowed && text->get() == "every") {
    out = -1;
    return;
  }
  if (const auto* i = node->as_integer(); i != nullptr && i->get() >= 1 && i->get() <= 1000) {
    out = static_cast<int>(i->get()) - 1;
    return;
  }
  if (node->is_integer()) {
    r.error(node->source(), path,
            "expected a reopening number >= 1 (1: the first reopening), found " +
                std::to_string(node->as_integer()->get()));
  } else {
    r.type_error(*node, path,
                 every_allowed ? "a reopening number (1: the first) or \"every\""
                               : "a reopening number (1: the first)");
  }
}

void read_framework(Reader& r, Tab& root, Scenario& s, References& refs, bool collect_all) {
  Tab t = r.sub(root, "framework");
  sim::FrameworkParams& f = s.framework;
  if (const auto i = r.choice(t, "type", {"open", "closed"})) f.open = *i == 0;
  r.numbers(t, "reopen_after_years", s.reopen_after_years, Check::non_negative);
  Tab reopening_services = r.sub(t, "services_reopening");
  for (std::size_t si = 0; si < sim::service_count; ++si) {
    bool reopens = f.service_reopens[si];
    r.boolean(reopening_services, service_names[si], reopens);
    f.service_reopens[si] = reopens;
  }
  r.finish(reopening_services);
  r.number(t, "spot_join_probability", f.spot_join_probability, Check::probability);
  r.number(t, "leave_probability", f.leave_probability, Check::probability);
  Tab entrants = r.sub(t, "new_entrants_per_reopening");
  for (std::size_t si = 0; si < sim::service_count; ++si) {
    r.integer(entrants, service_names[si], f.new_entrants_per_reopening[si], 0, 100'000);
  }
  r.finish(entrants);
  // Each entrant's capacity is one branch, held to a branch's limits.
  drawn_within(r, t, "entrant_capacity_hours_per_week", f.entrant_capacity_hours_per_week,
               provider_hours);
  r.integer(t, "entrant_properties", f.entrant_properties, 0, 100'000);
  r.distribution(t, "entrant_homes_per_property", f.entrant_homes_per_property);
  if (t.table != nullptr && t.table->contains("entrant_district_weights"))
    refs.entrant_weights_given = true;
  r.number_map(t, "entrant_district_weights", refs.entrant_district_weights, Check::non_negative);
  const std::vector<Tab> items = table_array(r, t, "recruitment", collect_all);
  if (t.table != nullptr && t.table->contains("recruitment")) f.recruitment.clear();
  for (Tab item : items) {
    sim::RecruitmentSpec spec;
    std::string district;
    r.string(item, "district", district);
    read_service(r, item, "service", spec.service);
    r.integer(item, "providers", spec.providers, 0, 1'000);  // per district and reopening
    read_reopening(r, item, spec.at_reopening, true);
    r.finish(item);
    if (item.table == nullptr) continue;
    if (district.empty())
      r.error(item.table->source(), item.path, "recruitment needs district = \"<GSS code>\"");
    else
      refs.items.push_back({Reference::Owner::recruitment, f.recruitment.size(), district,
                            join(item.path, "district")});
    f.recruitment.push_back(spec);
  }
  r.finish(t);
}

void read_actions(Reader& r, Tab& root, Scenario& s, References& refs, bool collect_all) {
  const std::vector<Tab> items = table_array(r, root, "actions", collect_all);
  if (root.table != nullptr && root.table->contains("actions")) s.actions.clear();
  for (Tab item : items) {
    sim::ActionSpec a;
    read_choice(r, item, "kind", action_names, a.kind);
    r.string(item, "name", a.name);
    if (const auto d = r.date(item, "at")) a.at_days = days_since(s.run.start, *d);
    read_reopening(r, item, a.at_reopening, false);
    std::string district;
    r.string(item, "district", district);
    read_service(r, item, "service", a.service);
    r.number(item, "hours_per_week", a.hours_per_week, Check::non_negative);
    r.integer(item, "properties", a.properties, 0, 100'000);
    r.integer(item, "homes_per_property", a.homes_per_property, 1, 1000);
    r.integer(item, "band", a.band, 0, 100);
    r.number(item, "rate_change", a.rate_change, Check::change);
    // The kinds that serve one service only: their checks (bands, capacity) follow the service.
    if (a.kind == sim::ActionSpec::Kind::new_properties) a.service = sim::Service::supported_living;
    if (a.kind == sim::ActionSpec::Kind::block_purchase) a.service = sim::Service::homecare;
    r.finish(item);
    if (item.table == nullptr) continue;
    // A kind refused above was read as the first: its keys and needs would only be wrong.
    const bool kind_known = !r.refused_under(join(item.path, "kind"));
    if (kind_known) {
      refuse_unused(r, item, action_keys(a.kind, a.service),
                    {"kind", "name", "at", "at_reopening", "district", "service", "hours_per_week",
                     "properties", "homes_per_property", "band", "rate_change"},
                    "an action of kind \"" + action_names[static_cast<std::size_t>(a.kind)] + "\"" +
                        (a.kind == sim::ActionSpec::Kind::in_house
                             ? " for " + service_names[static_cast<std::size_t>(a.service)]
                             : std::string()));
    }
    const bool dated = item.table->contains("at");
    const bool reopening = item.table->contains("at_reopening");
    if (dated == reopening) {
      r.error(item.table->source(), item.path,
              "an action needs exactly one of at = YYYY-MM-DD and at_reopening = N");
    }
    if (!district.empty()) {
      refs.items.push_back(
          {Reference::Owner::action, s.actions.size(), district, join(item.path, "district")});
    } else if (kind_known && a.kind != sim::ActionSpec::Kind::rate_change) {
      r.error(item.table->source(), item.path,
              "an action of kind \"" + action_names[static_cast<std::size_t>(a.kind)] +
                  "\" needs district = \"<GSS code>\"");
    }
    // A rate change that names no change would change nothing, silently.
    if (kind_known && a.kind == sim::ActionSpec::Kind::rate_change &&
        !item.table->contains("rate_change")) {
      r.error(item.table->source(), join(item.path, "rate_change"),
              "an action of kind \"rate_change\" needs rate_change = <fraction> (0.05 for +5%)");
    }
    s.actions.push_back(a);
  }
}

void read_entry(Reader& r, Tab& root, Scenario& s) {
  Tab t = r.sub(root, "entry");
  sim::EntryParams& e = s.entry;
  Tab rates = r.sub(t, "providers_per_year");
  for (std::size_t si = 0; si < sim::service_count; ++si)
    bounded_number(r, rates, service_names[si], e.providers_per_year[si], Check::non_negative,
                   providers_a_year);
  r.finish(rates);
  if (const auto i = r.choice(t, "kind", {"spot", "framework"}))
    e.kind = *i == 0 ? sim::ProviderKind::spot : sim::ProviderKind::framework;
  bounded_number(r, t, "unmet_demand_response", e.unmet_demand_response, Check::non_negative,
                 response);
  r.finish(t);
}

void read_costs(Reader& r, Tab& root, Scenario& s, bool collect_all) {
  Tab t = r.sub(root, "costs");
  sim::CostParams& c = s.costs;
  for (std::size_t si = 0; si < sim::service_count; ++si) {
    Tab st = r.sub(t, service_names[si], "<service>");
    bounded_number(r, st, "contract_rate_gbp_per_hour", c.contract_rate_gbp_per_hour[si],
                   Check::positive, pounds_an_hour);
    r.number(st, "spot_premium", c.spot_premium[si], Check::change);
    bounded_number(r, st, "in_house_rate_gbp_per_hour", c.in_house_rate_gbp_per_hour[si],
                   Check::positive, pounds_an_hour);
    bounded_number(r, st, "cost_of_care_gbp_per_hour", c.cost_of_care_gbp_per_hour[si],
                   Check::positive, pounds_an_hour);
    r.number(st, "rate_uplift_per_year", c.rate_uplift_per_year[si], Check::growth);
    r.number(st, "cost_growth_per_year", c.cost_growth_per_year[si], Check::growth);
    if (const auto i = r.choice(st, "rate_uplift_timing", {"continuous", "anniversary"}))
      c.uplift_on_anniversary[si] = *i == 1;
    const std::vector<Tab> uplifts = table_array(r, st, "rate_uplifts", collect_all);
    if (st.table != nullptr && st.table->contains("rate_uplifts")) c.rate_uplifts[si].clear();
    for (Tab item : uplifts) {
      sim::RateUplift u;
      if (const auto d = r.date(item, "at")) u.at_days = days_since(s.run.start, *d);
      bounded_number(r, item, "uplift", u.uplift, Check::change, uplift);
      r.finish(item);
      if (item.table == nullptr) continue;
      if (!item.table->contains("at") || !item.table->contains("uplift"))
        r.error(item.table->source(), item.path,
                "a rate uplift needs at = YYYY-MM-DD and uplift = <fraction>, e.g. 0.04");
      c.rate_uplifts[si].push_back(u);
    }
    r.finish(st);
  }
  r.finish(t);
}

}  // namespace

void read_scenario(Reader& r, const toml::table& root_table, Scenario& s, References& refs,
                   bool collect_all) {
  Tab root{&root_table, "", "", {}, {}};
  std::int64_t version = 0;
  r.integer(root, "schema_version", version, 0, no_limit);
  std::string extends;
  r.string(root, "extends", extends, Reader::Text::path);
  r.string(root, "name", s.name);
  r.string(root, "question", s.question, Reader::Text::lines);
  r.string(root, "area_code", s.area_code);
  r.string(root, "area_name", s.area_name);
  // The run's and the council's names head its files, folder and report: one of spaces alone
  // would leave them blank ("Care market gap analysis: , Kent").
  for (const char* key : {"name", "area_name"}) {
    const toml::node* node = root_table.get(key);
    if (node == nullptr || !node->is_string()) continue;
    const std::string& text = node->as_string()->get();
    // r.string has said what text_fault finds.
    if (text_fault(text)) continue;
    if (const auto fault =
            name_fault(text, std::string_view(key) == "name" ? "scenario" : "council"))
      r.error(node->source(), key, *fault);
  }
  r.unsigned_integer(root, "market_seed", s.market_seed);
  read_run(r, root, s);
  read_geography(r, root, s);
  read_demand(r, root, s);
  read_market(r, root, s);
  read_placement(r, root, s);
  read_exits(r, root, s, refs, collect_all);
  read_framework(r, root, s, refs, collect_all);
  read_entry(r, root, s);
  {
    Tab t = r.sub(root, "pipeline");
    r.distribution(t, "delay_days", s.pipeline.delay_days);
    bounded_number(r, t, "slip_days", s.pipeline.slip_days, Check::any, days_in_fifty_years);
    r.finish(t);
  }
  {
    Tab t = r.sub(root, "workforce");
    r.number(t, "capacity_growth_per_year", s.workforce.capacity_growth_per_year, Check::growth);
    r.number(t, "capacity_volatility_per_year", s.workforce.capacity_volatility_per_year,
             Check::non_negative);
    r.finish(t);
  }
  read_actions(r, root, s, refs, collect_all);
  read_costs(r, root, s, collect_all);
  r.finish(root);
}

std::vector<std::string> shock_keys(sim::ShockSpec::Target target) {
  std::vector<std::string> keys{"at", "target", "mode", "service"};
  switch (target) {
    case sim::ShockSpec::Target::named:
      keys.emplace_back("provider");
      break;
    case sim::ShockSpec::Target::largest:
      keys.emplace_back("count");
      break;
    case sim::ShockSpec::Target::district_share:
      keys.emplace_back("district");
      keys.emplace_back("share");
      break;
  }
  return keys;
}

std::vector<std::string> action_keys(sim::ActionSpec::Kind kind, sim::Service service) {
  // What on_action (sim/dynamics.cpp) reads for each kind.
  std::vector<std::string> keys{"kind", "name", "at", "at_reopening"};
  using Kind = sim::ActionSpec::Kind;
  switch (kind) {
    case Kind::in_house:
      keys.insert(keys.end(), {"district", "service"});
      if (service == sim::Service::homecare) {
        keys.emplace_back("hours_per_week");
      } else {
        keys.insert(keys.end(), {"properties", "homes_per_property", "band"});
      }
      break;
    case Kind::block_purchase:  // homecare hours only
      keys.insert(keys.end(), {"district", "hours_per_week"});
      break;
    case Kind::new_properties:  // supported-living properties only
      keys.insert(keys.end(), {"district", "properties", "homes_per_property", "band"});
      break;
    case Kind::rate_change:
      keys.insert(keys.end(), {"service", "rate_change"});
      break;
  }
  return keys;
}

}  // namespace caremarket::scenarios::detail
