#pragma once
// Scenario files: TOML that maps one to one onto Scenario (docs/parameters.md lists every key).
// A file may extend a shipped scenario or another file and override its keys; --set KEY=VALUE
// overrides one key. Every error is collected before anything runs.

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "geography/table.hpp"
#include "scenarios/key_domain.hpp"
#include "scenarios/scenario.hpp"

namespace caremarket::scenarios {

/// The schema version this build reads; a newer one is refused.
inline constexpr int scenario_schema_version = 1;

/// Every error found in a scenario, each "FILE:LINE: KEY.PATH: message"; what() joins them
/// with newlines.
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<std::string> errors);
  [[nodiscard]] const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::vector<std::string> errors_;
};

/// One override of a scenario key from the command line: `text` is "dotted.key=value"; `option`
/// is how the user gave it ("--set run.seed=3", "--vary run.seed=1,2"), named in its errors.
struct Override {
  std::string text;
  std::string option;
};

/// One key an override sets and its value, as TOML text.
struct OverrideLeaf {
  std::string key;
  std::string value;
};
/// A key as typed in its plain dotted form, as TOML reads it: `run."seed"` and `run . seed` are
/// `run.seed` (quotes around a part that is a bare key, and spaces around dots, dropped). Text
/// TOML reads otherwise (a part that needs its quotes, an index, no key at all) is given back
/// trimmed, to be refused as the key it is.
std::string plain_key(std::string_view text);
/// Where KEY=VALUE text divides: its first '=' outside a quoted key part (`x."E0=7"=2` divides
/// at the last '='), or npos when there is none.
std::size_t key_value_split(std::string_view text);
/// Why a key as typed names no scenario key because of a quoted part holding a '.'
/// (`demand.homecare."older.65".growth_per_year`): plain_key keeps such a part in its quotes,
/// and a key walked at its dots would be named by a piece of it. "the quoted key part "older.65"
/// holds a '.'; ..."; nullopt when no quoted part holds one.
std::optional<std::string> quoted_dot_fault(std::string_view key);

/// The rules of a scenario's text (geography/table.hpp says them): a district's name in a
/// geography file and a provider's code and name in a market file are held to them too.
using geography::name_fault;
using geography::padded_fault;
using geography::text_fault;
using geography::without_refused_text;

/// The keys an override "dotted.key=value" sets, each with its value as TOML text (so 0.2 and
/// 0.20 are the same value): the key itself, or, for a table, each key inside it, as a table
/// merges key by key into the one it names (so an empty table sets nothing), except the tables
/// a file replaces whole, such as custom_weights. Text without '=' or a key sets nothing; a
/// value that is not TOML is a string, as load_scenario reads it.
std::vector<OverrideLeaf> override_leaves(const std::string& text);

/// The value at dotted `key` (e.g. "framework.reopen_after_years") in TOML text such as
/// write_resolved_scenario's, written as TOML; nullopt when the key is absent or the text is
/// not TOML.
std::optional<std::string> toml_value_at(const std::string& toml_text, const std::string& key);

/// Loads a shipped scenario by name (`kent-baseline`, or a file stem under scenarios/kent/,
/// with or without a `kent-` prefix) or a scenario file by path, applies `set_overrides`
/// ("dotted.key=value", the value read as TOML, or as a string if it is not TOML), validates it
/// and resolves district codes and provider names. Throws ScenarioError.
Scenario load_scenario(const std::string& name_or_path,
                       const std::vector<std::string>& set_overrides = {});
/// As above, with each override named by the option that gave it.
Scenario load_scenario_with(const std::string& name_or_path,
                            const std::vector<Override>& overrides);

/// `s` with `overrides` applied as if given with --set when it was loaded: `s` is written as its
/// resolved scenario (every key), the overrides are applied to that, and the result is read and
/// checked again. Lets an analysis that edits a scenario in memory (advise's actions, a
/// sensitivity evaluation) apply a parameter sample's row. Throws ScenarioError naming each
/// override's option.
Scenario with_overrides(const Scenario& s, const std::vector<Override>& overrides);

/// with_overrides for many sets of overrides on one scenario: `s` is written and parsed once,
/// and each apply() reads a copy of that with its overrides (the same result and errors as
/// with_overrides(s, overrides)). For checking and building every row of a parameter sample.
/// Throws ScenarioError as with_overrides does.
class ScenarioOverrides {
 public:
  explicit ScenarioOverrides(const Scenario& s);
  ~ScenarioOverrides();
  ScenarioOverrides(ScenarioOverrides&&) noexcept;
  ScenarioOverrides& operator=(ScenarioOverrides&&) noexcept;
  [[nodiscard]] Scenario apply(const std::vector<Override>& overrides) const;

 private:
  struct Resolved;
  std::unique_ptr<Resolved> resolved_;
};

/// A scenario shipped with caremarket.
struct ShippedScenario {
  std::string name;      // what load_scenario accepts, e.g. "provider-failure"
  std::string question;  // the question it answers
  std::string path;      // its file in the source tree, e.g. "scenarios/kent/provider-failure.toml"
};
std::vector<ShippedScenario> shipped_scenarios();

/// The keys of a scenario that no model reads: those that describe it (schema_version, name,
/// question, area_code, area_name) and run.audit, which checks a run without changing it. Two
/// scenarios that differ only in these run the same model.
const std::vector<std::string>& non_model_keys();

/// A reporting period as run.period writes it: "month", "quarter" or "year".
std::string period_name(sim::PeriodLength period);

/// Every key path of the schema, with <service> and <group> for the per-service and per-group
/// tables and [] for arrays of tables, e.g. "demand.<service>.<group>.initial_people". The schema
/// is read once, on the first call of this or scenario_key_domains.
const std::vector<std::string>& scenario_key_paths();
/// The values each key of scenario_key_paths read as one number takes (the schema's check of
/// it), by the same paths.
const std::map<std::string, KeyDomain>& scenario_key_domains();

/// A dotted key's parts, an index dropped from each ("exits.shocks[0].at" and the schema's
/// "exits.shocks[].at" are both exits, shocks, at).
std::vector<std::string> key_parts(std::string_view key);
/// Whether a key's parts (key_parts) are a schema path's: each part the same, or the schema's
/// `<service>` or `<group>` a service's or a group's name, its `<code>` (an entry of a table
/// of numbers by district, scenario_key_domains) any part, or, with any_name, another
/// placeholder (a district's code) any part.
bool same_schema_path(const std::vector<std::string>& schema, const std::vector<std::string>& key,
                      bool any_name);

}  // namespace caremarket::scenarios
