#pragma once
// Internal to the TOML scenario loader: the mapping between the TOML schema and Scenario.
// read_scenario() fills a Scenario from a merged table; check_scenario() runs the cross-field
// checks and resolves district codes and provider names against the scenario's geography.

#include <string>
#include <vector>

#include "scenarios/scenario.hpp"
#include "scenarios/toml_reader.hpp"

namespace caremarket::scenarios::detail {

inline const std::vector<std::string> service_names{"homecare", "supported_living"};
inline const std::vector<std::string> group_names{"children", "pathway_18_25", "adults_26_64",
                                                  "older_65_plus", "prisons"};
inline const std::vector<std::string> period_names{"month", "quarter", "year"};
inline const std::vector<std::string> choice_names{"most_spare", "weighted_random", "cheapest"};
inline const std::vector<std::string> mode_names{"handback", "failure"};
inline const std::vector<std::string> target_names{"named", "largest", "district_share"};
inline const std::vector<std::string> action_names{"in_house", "block_purchase", "new_properties",
                                                   "rate_change"};
inline const std::vector<std::string> weight_names{"population", "population_18_64",
                                                   "population_65_plus", "equal", "custom"};
inline const std::vector<std::string> kind_names{"framework", "spot", "in_house"};

/// A synthesised provider's name without its number: "homecare framework provider" (provider 7
/// of them is "homecare framework provider 7"). `service` indexes service_names; `kind` is
/// "framework" or "spot".
inline std::string synthesised_provider_prefix(std::size_t service, const std::string& kind) {
  return (service == 0 ? std::string("homecare ") : std::string("supported living ")) + kind +
         " provider";
}
/// The key of the count of those providers: "market.homecare.framework_providers".
inline std::string synthesised_provider_count_key(std::size_t service, const std::string& kind) {
  return "market." + service_names.at(service) + "." + kind + "_providers";
}

/// The keys of an [[exits.shocks]] entry with this target that the engine reads: any other key
/// is refused (it would be silently ignored), and the resolved scenario writes only these.
std::vector<std::string> shock_keys(sim::ShockSpec::Target target);
/// The same for an [[actions]] entry of this kind (and service, for in_house).
std::vector<std::string> action_keys(sim::ActionSpec::Kind kind, sim::Service service);

/// A district named by GSS code, or a provider by name, waiting for the geography and market.
struct Reference {
  enum class Owner : std::uint8_t {
    shock,
    action,
    recruitment,
    shock_provider
  } owner = Owner::shock;
  std::size_t index = 0;
  std::string text;
  std::string key_path;
};

struct References {
  std::vector<Reference> items;
  std::map<std::string, double> entrant_district_weights;  // by GSS code
  bool entrant_weights_given = false;
};

/// "1 row", "2 rows": n and the noun, plural unless n is 1.
inline std::string counted(std::size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

/// The checks of supported living's bands (toml_band_checks.cpp), part of check_scenario.
void check_bands(Reader& r, const Scenario& s);

/// Fills `s` from `root`; with `collect_all`, reads one empty element of each array of tables so
/// every key of the schema is asked for (to list the schema's keys).
void read_scenario(Reader& r, const toml::table& root, Scenario& s, References& refs,
                   bool collect_all = false);
/// Cross-field checks and resolution of district codes and provider names.
void check_scenario(Reader& r, Scenario& s, const References& refs);

/// The model's district codes in its order, as build_model uses: the council's districts, then,
/// `with_external` (geography.external_providers), the external ones of the graph.
std::vector<std::string> model_district_codes(const geography::DistrictGraph& graph,
                                              bool with_external = false);

}  // namespace caremarket::scenarios::detail
