#include "scenarios/parameter_list.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

#include "scenarios/suggest.hpp"
#include "scenarios/toml_scenario.hpp"
#include "scenarios/toml_schema.hpp"
#include "scenarios/toml_writer.hpp"

namespace caremarket::scenarios {

const std::vector<std::string_view> homecare_market_ignored_keys{
    "homes_per_property", "band_shares", "pipeline_properties", "pipeline_window_days"};
const std::vector<std::string_view> homecare_group_ignored_keys{"need_band_weights"};

namespace {
bool group_active(const Scenario& s, std::string_view key);
}  // namespace

std::optional<std::string> ignored_key_reason(std::string_view key_path) {
  while (key_path.ends_with(']')) {
    const auto open = key_path.rfind('[');
    if (open == std::string_view::npos) break;
    key_path = key_path.substr(0, open);
  }
  std::vector<std::string_view> parts;
  for (std::size_t from = 0;;) {
    const auto dot = key_path.find('.', from);
    parts.push_back(key_path.substr(from, dot - from));
    if (dot == std::string_view::npos) break;
    from = dot + 1;
  }
  const auto among = [](std::string_view key, const std::vector<std::string_view>& keys) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
  };
  std::string_view lacks;
  if (parts.size() == 3 && parts[0] == "market" && parts[1] == "homecare" &&
      among(parts[2], homecare_market_ignored_keys)) {
    lacks = "properties";
  } else if (parts.size() == 4 && parts[0] == "demand" && parts[1] == "homecare" &&
             among(parts[3], homecare_group_ignored_keys)) {
    lacks = "need bands";
  } else {
    return std::nullopt;
  }
  std::string read = std::string(parts[0]) + ".supported_living";
  for (std::size_t i = 2; i < parts.size(); ++i) read += "." + std::string(parts[i]);
  return "homecare has no " + std::string(lacks) + ", so this would be ignored (only " + read +
         " is read)";
}

std::optional<std::string> not_varied_reason(std::string_view key_path, const Scenario* s) {
  if (auto fault = quoted_dot_fault(key_path)) return fault;
  if (auto reason = ignored_key_reason(key_path)) return reason;
  // An index on a number that can be varied (exits.stress_slope[0]): the number is meant.
  if (const auto open = key_path.rfind('['); s != nullptr && open != std::string_view::npos &&
                                             key_path.ends_with(']') &&
                                             key_path.find('.', open) == std::string_view::npos) {
    const std::string number(key_path.substr(0, open));
    for (const NumericParameter& p : numeric_parameters(*s)) {
      if (p.key == number)
        return number + " is one number, not a list: write " + number + ", without the index";
    }
  }
  static const std::vector<std::vector<std::string>> schema_parts = [] {
    std::vector<std::vector<std::string>> out;
    for (const std::string& schema : scenario_key_paths()) out.push_back(key_parts(schema));
    return out;
  }();
  const std::vector<std::string> parts = key_parts(key_path);
  for (const std::vector<std::string>& schema : schema_parts) {
    // A misspelt service or group is no key of the scenario, and is suggested a name as any
    // misspelling is.
    if (!same_schema_path(schema, parts, true)) continue;
    // An element of a list (framework.reopen_after_years[1], actions[0].rate_change): said as
    // --set says it, with the list to set whole.
    if (const auto open = key_path.find('['); open != std::string_view::npos) {
      return "a key cannot pick one element of a list, and a list cannot be varied: set the "
             "whole of " +
             std::string(key_path.substr(0, open)) + " with --set instead";
    }
    if (s != nullptr) {
      if (auto reason = silent_group_reason(*s, key_path)) return reason;
    }
    return "a key of the scenario, but not a number that can be varied (a list, text, a date, "
           "a run setting, a geography setting other than road_factor and average_speed_kmh, a "
           "seed "
           "or a distribution's min or max; caremarket sensitivity SCENARIO --list lists those "
           "that can)";
  }
  return std::nullopt;
}

namespace {

bool is_modelling_section(std::string_view key) {
  for (const std::string_view prefix :
       {"demand.", "market.", "placement.", "exits.", "framework.", "pipeline.", "workforce.",
        "costs.", "entry.", "geography.road_factor", "geography.average_speed_kmh"}) {
    if (key.starts_with(prefix)) return true;
  }
  return false;
}

bool skipped_leaf(std::string_view key) {
  return key.ends_with(".min") || key.ends_with(".max") || key.starts_with("market.files") ||
         key.find("weights") != std::string_view::npos || key.starts_with("framework.recruitment");
}

/// Keys the schema reads as reals but whose meaning is a count (people): their ends are rounded
/// to whole numbers as the schema's integers' are.
bool counts_people(std::string_view key) {
  return key.ends_with("initial_people");
}

/// The schema's domain of a key path: the domain of its schema path (scenario_key_domains),
/// whose `<service>` and `<group>` parts match a service's and a group's name.
const KeyDomain& schema_domain(const std::string& key) {
  static const std::vector<std::pair<std::vector<std::string>, const KeyDomain*>> domains = [] {
    std::vector<std::pair<std::vector<std::string>, const KeyDomain*>> out;
    for (const auto& [path, domain] : scenario_key_domains())
      out.emplace_back(key_parts(path), &domain);
    return out;
  }();
  const std::vector<std::string> parts = key_parts(key);
  for (const auto& [path, domain] : domains)
    if (same_schema_path(path, parts, false)) return *domain;
  // A resolved scenario holds only keys its schema read, so every number has a domain.
  throw std::logic_error("no schema domain for the key " + key);
}

void walk(const toml::table& t, const std::string& prefix, const Scenario& s,
          std::vector<NumericParameter>& out) {
  for (const auto& [k, node] : t) {
    const std::string key =
        prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const toml::table* sub = node.as_table()) {
      walk(*sub, key, s, out);
      continue;
    }
    if (!is_modelling_section(key) || skipped_leaf(key)) continue;
    NumericParameter p;
    p.key = key;
    if (const auto* i = node.as_integer()) {
      p.value = static_cast<double>(i->get());
    } else if (const auto* f = node.as_floating_point()) {
      p.value = f->get();
    } else {
      continue;
    }
    if (!std::isfinite(p.value)) continue;
    const KeyDomain& domain = schema_domain(key);
    p.integer = domain.integer || counts_people(key);
    // An open bound's least value taken: one part in 1e12 above it, the least that 12
    // significant digits (how ends are written) still tell from the bound, so an end held
    // there, copied from a message or sensitivity.csv, is taken too (-0.999999999999, 1e-12).
    p.valid_min =
        domain.min_open ? domain.min + 1e-12 * std::max(1.0, std::fabs(domain.min)) : domain.min;
    p.valid_max = domain.max;
    out.push_back(p);
  }
}

bool group_active(const Scenario& s, std::string_view key) {
  // demand.<service>.<group>.*: skip a group with nobody in care and no referrals.
  if (!key.starts_with("demand.")) return true;
  for (std::size_t si = 0; si < sim::service_count; ++si) {
    for (std::size_t gi = 0; gi < sim::group_count; ++gi) {
      const std::string prefix = std::string("demand.") +
                                 sim::to_string(static_cast<sim::Service>(si)) + "." +
                                 sim::to_string(static_cast<sim::Group>(gi)) + ".";
      if (!key.starts_with(prefix)) continue;
      const GroupDemand& g = s.demand[si][gi];
      return g.initial_people > 0.0 || g.referrals_per_year > 0.0;
    }
  }
  return true;
}

}  // namespace

namespace {
/// One district's entry of a map of weights (settable_number's kinds): a skipped leaf that a
/// sample or a calibration may still set.
bool weights_entry(std::string_view key_path) {
  const std::vector<std::string> parts = key_parts(key_path);
  return (parts.size() == 5 && parts[0] == "demand" && parts[3] == "custom_weights") ||
         (parts.size() == 3 && parts[0] == "framework" && parts[1] == "entrant_district_weights");
}
}  // namespace

bool may_be_varied(std::string_view key_path) {
  if (!is_modelling_section(key_path) || (skipped_leaf(key_path) && !weights_entry(key_path)) ||
      key_path.find('[') != std::string_view::npos || ignored_key_reason(key_path)) {
    return false;
  }
  static const std::vector<std::vector<std::string>> numbers = [] {
    std::vector<std::vector<std::string>> out;
    for (const auto& [path, domain] : scenario_key_domains()) out.push_back(key_parts(path));
    return out;
  }();
  const std::vector<std::string> parts = key_parts(key_path);
  return std::any_of(numbers.begin(), numbers.end(), [&](const std::vector<std::string>& path) {
    return same_schema_path(path, parts, false);
  });
}

std::vector<NumericParameter> numeric_parameters(const Scenario& s) {
  const toml::table root = toml::parse(write_resolved_scenario(s));
  std::vector<NumericParameter> all;
  walk(root, "", s, all);
  std::vector<NumericParameter> out;
  for (auto& p : all) {
    if (group_active(s, p.key)) out.push_back(std::move(p));
  }
  return out;
}

std::optional<std::string> silent_group_reason(const Scenario& s, std::string_view key,
                                               bool whole_group) {
  if (group_active(s, key)) return std::nullopt;
  return std::string(whole_group ? "the keys" : "a key") +
         " of a group with nobody in care and no referrals in scenario " + s.name +
         ", so varying " + (whole_group ? "them" : "it") +
         " would move nothing (give the group initial_people or referrals_per_year first: in the "
         "scenario, or beside this key in a --vary, a sample's column or a prior)";
}

Scenario with_groups_keys_start(const Scenario& s, const std::vector<std::string>& keys) {
  Scenario out = s;
  for (std::size_t si = 0; si < sim::service_count; ++si) {
    for (std::size_t gi = 0; gi < sim::group_count; ++gi) {
      GroupDemand& g = out.demand[si][gi];
      if (g.initial_people > 0.0 || g.referrals_per_year > 0.0) continue;
      const std::string prefix = std::string("demand.") +
                                 sim::to_string(static_cast<sim::Service>(si)) + "." +
                                 sim::to_string(static_cast<sim::Group>(gi)) + ".";
      if (std::any_of(keys.begin(), keys.end(), [&](const std::string& k) {
            return k == prefix + "initial_people" || k == prefix + "referrals_per_year";
          }))
        g.referrals_per_year = 1.0;
    }
  }
  return out;
}

std::optional<NumericParameter> settable_number(const Scenario& s, std::string_view key,
                                                std::string* refusal) {
  const auto refuse = [&](std::string why) -> std::optional<NumericParameter> {
    if (refusal != nullptr) *refusal = std::move(why);
    return std::nullopt;
  };
  if (key.find('[') != std::string_view::npos) return std::nullopt;
  const std::vector<std::string> parts = key_parts(key);
  // The group of a demand key, if it names one.
  const GroupDemand* group = nullptr;
  std::string group_key;
  if (parts.size() >= 4 && parts[0] == "demand") {
    for (std::size_t si = 0; si < sim::service_count; ++si) {
      for (std::size_t gi = 0; gi < sim::group_count; ++gi) {
        if (parts[1] == sim::to_string(static_cast<sim::Service>(si)) &&
            parts[2] == sim::to_string(static_cast<sim::Group>(gi))) {
          group = &s.demand[si][gi];
          group_key = "demand." + parts[1] + "." + parts[2];
        }
      }
    }
  }
  const bool referrals = group != nullptr && parts.size() == 4 && parts[3] == "referrals_per_year";
  const bool district_map =
      (group != nullptr && parts.size() == 5 &&
       (parts[3] == "district_growth_per_year" || parts[3] == "custom_weights")) ||
      (parts.size() == 3 && parts[0] == "framework" && parts[1] == "entrant_district_weights");
  if (!referrals && !district_map) return std::nullopt;
  NumericParameter p;
  p.key = std::string(key);
  if (referrals) {
    p.value = std::max(0.0, group->referrals_per_year);
  } else {
    const std::string& code = parts.back();
    const geography::DistrictGraph graph = load_scenario_geography(s);
    std::vector<std::string> codes;
    for (const geography::District& d : graph.districts()) codes.push_back(d.code);
    if (std::find(codes.begin(), codes.end(), code) == codes.end())
      return refuse(code == s.area_code
                        ? "'" + code + "' is the council's code (area_code), not a district's"
                        : "unknown district code '" + code + "' (not in the scenario's geography)" +
                              did_you_mean(code, codes));
    if (auto reason = group != nullptr ? silent_group_reason(s, key) : std::nullopt)
      return refuse(std::move(*reason));
    if (group != nullptr && parts[3] == "custom_weights") {
      if (group->district_weights != "custom")
        return refuse("read only where " + group_key + ".district_weights is \"custom\", not \"" +
                      group->district_weights + "\" as here, so its values would never be used");
      const auto it = group->custom_weights.find(code);
      p.value = it == group->custom_weights.end() ? 0.0 : it->second;
    } else if (group != nullptr) {
      const auto it = group->district_growth_per_year.find(code);
      p.value = it == group->district_growth_per_year.end() ? group->growth_per_year : it->second;
    } else {
      const std::vector<double>& weights = s.framework.entrant_district_weights;
      if (weights.empty())
        return refuse("scenario " + s.name +
                      " gives no framework.entrant_district_weights, so one district's weight "
                      "alone would send every entrant there whatever its value (give the "
                      "scenario a weight for each district entrants may settle in first)");
      for (std::size_t d = 0; d < graph.size() && d < weights.size(); ++d)
        if (graph.district(d).code == code) p.value = weights[d];
    }
  }
  const KeyDomain& domain = schema_domain(p.key);
  p.integer = domain.integer;
  p.valid_min =
      domain.min_open ? domain.min + 1e-12 * std::max(1.0, std::fabs(domain.min)) : domain.min;
  p.valid_max = domain.max;
  return p;
}

std::string set_value_text(const NumericParameter& p, double value) {
  // A whole number beyond the 64-bit integers (9.2e18) is written as the number it is, for the
  // key's check to refuse: rounding it to an integer would overflow.
  if (p.integer && std::fabs(value) < 9.2e18)
    return std::to_string(static_cast<long long>(std::llround(value)));
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, ec == std::errc{} ? end : buffer);
  if (text.find_first_of(".eEn") == std::string::npos)
    text += ".0";  // a TOML float, not an integer
  return text;
}

}  // namespace caremarket::scenarios
