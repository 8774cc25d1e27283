#pragma once
// Internal to the TOML scenario loader: merging a file's table into the one it extends, and
// applying a --set override (KEY=VALUE) to the merged table. Used by scenarios/toml_scenario.cpp;
// the public reading of override texts (plain_key, override_leaves) is in toml_scenario.hpp.

#include <toml++/toml.h>

#include <string>
#include <string_view>

#include "scenarios/toml_reader.hpp"
#include "scenarios/toml_scenario.hpp"

namespace caremarket::scenarios::detail {

/// A TOML value on one line as a person would write it: numbers in the fewest digits that read
/// back as the same double (0.3, where toml++ writes 0.29999999999999999), arrays and tables
/// inline; strings, booleans and dates as toml++ writes them.
std::string written_value(const toml::node& node);

/// Tables keyed by district codes rather than schema keys: a file's table is the whole value and
/// replaces the parent's (so `custom_weights = {}` clears it), as an array does.
bool replaced_whole(std::string_view key);

/// Moves every key of `from` into `into`; tables merge key by key, anything else replaces.
/// `path` is the key path of `into`; a key both give is noted at both places (its definitions,
/// Reader::note_definition), so that an unknown one is refused in every layer.
void merge(toml::table& into, toml::table&& from, const std::string& path, Reader& r);

/// Whether `key` (dotted, without an index) names a list of tables of the schema (a path of
/// scenario_key_paths with "[]" after that part; `<service>` matches a service's name).
bool is_table_list(std::string_view key);

/// Applies one override (`o.text`, KEY=VALUE) to `root`, the scenario's merged table: a table
/// value merges key by key into the table it names, anything else replaces. Errors go to `r`,
/// named by `o.option`; on an error `root` keeps the files' value of that key.
void apply_override(Reader& r, toml::table& root, const Override& o);

}  // namespace caremarket::scenarios::detail
