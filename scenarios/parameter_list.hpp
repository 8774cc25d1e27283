#pragma once
// The numeric modelling parameters of a scenario, as key paths with their values: what the
// sensitivity analysis varies. Run settings, seeds, file paths, arrays, district maps and
// distribution clamps (min, max) are not modelling parameters here; nor are the keys of a
// demand group with no people and no referrals.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/scenario.hpp"

namespace caremarket::scenarios {

struct NumericParameter {
  std::string key;  // dotted key path, as --set takes it
  double value = 0.0;
  bool integer = false;
  double valid_min = 0.0;  // the value's valid range, from the schema's checks
  double valid_max = 0.0;
};

std::vector<NumericParameter> numeric_parameters(const Scenario& s);
/// Whether `key_path` could be a numeric parameter of some scenario (or settable_number's
/// district entry of a map of weights): a key of the modelling
/// sections (or geography.road_factor, geography.average_speed_kmh) that the schema reads as one
/// number, with no index, and not a distribution's min or max, a file or weights. Every key of
/// numeric_parameters passes; run settings, seeds, dates, text and lists never do, whatever the
/// scenario. For checks made before a scenario is loaded (a --set against a parameter sample's
/// columns).
bool may_be_varied(std::string_view key_path);

/// Why `key_path` (a dotted key, as --set, --vary, --only or a parameters.csv column name it;
/// a trailing [i] is ignored) names a key that the model never reads, so the schema refuses it:
/// homecare's copies of the supported-living keys (`market.homecare.band_shares`,
/// `demand.homecare.<group>.need_band_weights`, ...). The text names the key that is read, e.g.
/// "homecare has no properties, so this would be ignored (only
/// market.supported_living.band_shares is read)"; nullopt for any other key.
std::optional<std::string> ignored_key_reason(std::string_view key_path);
/// Why `key_path`, which names no numeric parameter, cannot be varied when it is a key of the
/// schema (scenario_key_paths; `<service>` and the like match any one part, `[]` an index or
/// none): "a key of the scenario, but not a number that can be varied (...)". Also gives
/// ignored_key_reason's text. With `scenario`, a key of one of its groups with nobody in care and
/// no referrals (which numeric_parameters leaves out) is said to be one, and a key with an index
/// on one of its numbers (exits.stress_slope[0]) is told to drop the index. nullopt for a path the
/// schema does not have (a misspelling, also of a service or group name).
std::optional<std::string> not_varied_reason(std::string_view key_path,
                                             const Scenario* scenario = nullptr);
/// The keys of [market.homecare] and of [demand.homecare.<group>] that ignored_key_reason names.
extern const std::vector<std::string_view> homecare_market_ignored_keys;
extern const std::vector<std::string_view> homecare_group_ignored_keys;

/// A number that a parameter sample's column or a calibration's --vary may set, as sweep's
/// --vary may, though numeric_parameters leaves it out (it has no value of the scenario's to
/// vary about, or is one district's entry of a map):
/// - `demand.<service>.<group>.referrals_per_year` where the scenario derives the referrals;
/// - `demand.<service>.<group>.district_growth_per_year.<code>`, a district's own growth;
/// - `demand.<service>.<group>.custom_weights.<code>` where the group's district_weights is
///   "custom" (elsewhere the model never reads it);
/// - `framework.entrant_district_weights.<code>` where the scenario gives those weights (with
///   none given, one weight alone would send every entrant to its district whatever it is).
/// `<code>` is a district of the scenario's geography, and a demand key's group has people or
/// referrals. Gives the key (its value the scenario's, or 0 where it gives none; its valid
/// range the schema's); nullopt for any other key, with `refusal` (if given) set to why the
/// scenario cannot take the key when it is of one of these kinds, else left empty.
std::optional<NumericParameter> settable_number(const Scenario& s, std::string_view key,
                                                std::string* refusal = nullptr);

/// Why `key`, of a group of `s` with nobody in care and no referrals (`demand.<service>.<group>.`
/// and anything under it), would move nothing if varied ("a key of a group with nobody in care
/// ...", or with `whole_group`, "the keys of a group ..." for the group's prefix); nullopt for a
/// key of any other group or section.
std::optional<std::string> silent_group_reason(const Scenario& s, std::string_view key,
                                               bool whole_group = false);

/// `s` as the keys of one parameter set (a sample's columns, calibrate's priors) find it: a group
/// with nobody in care and no referrals whose `initial_people` or `referrals_per_year` is among
/// `keys` is given one referral a year, so that its other keys among them are taken (with its
/// people or referrals given, they move the model) rather than refused as a silent group's.
/// Only for resolving keys: the value the set gives replaces the one referral.
Scenario with_groups_keys_start(const Scenario& s, const std::vector<std::string>& keys);

/// The TOML text of a value for --set: integers without a decimal point, reals exactly.
std::string set_value_text(const NumericParameter& p, double value);

}  // namespace caremarket::scenarios
