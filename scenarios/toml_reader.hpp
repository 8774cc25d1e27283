#pragma once
// Internal to the TOML scenario loader: typed reads from a toml++ table that collect every
// error as "FILE:LINE: KEY.PATH: message" instead of stopping at the first, remember where each
// value came from (for cross-field checks), and refuse unknown keys with a suggestion.

#include <toml++/toml.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scenarios/key_domain.hpp"
#include "scenarios/message_number.hpp"
#include "scenarios/suggest.hpp"
#include "sim/params.hpp"

namespace caremarket::scenarios::detail {

inline const std::vector<std::string> distribution_kind_names{"fixed", "exponential", "lognormal",
                                                              "gamma"};

/// Which values a number may take.
/// growth: a yearly rate > -1; change: a one-off relative change > -1 (a premium, an uplift).
/// at_least_one: a multiplier or ratio that its meaning keeps at 1 or above (1 is no effect).
enum class Check : std::uint8_t {
  any,
  non_negative,
  positive,
  probability,
  growth,
  change,
  at_least_one
};

/// One table being read: the table (null when absent), its key path for messages and its
/// path in the schema (with <service>, <group> placeholders), and the keys asked for so far.
struct Tab {
  const toml::table* table = nullptr;
  std::string path;
  std::string schema;
  std::set<std::string, std::less<>> asked;
  /// Keys refused as meaning nothing here (their own error given): not unknown keys, and never
  /// suggested for a misspelt key.
  std::set<std::string, std::less<>> refused;
};

using ::caremarket::scenarios::closest;

class Reader {
 public:
  explicit Reader(std::string fallback_file) : fallback_file_(std::move(fallback_file)) {}

  /// Records an error at a source position (or the top file without a line when unknown).
  void error(const toml::source_region& where, const std::string& key_path,
             const std::string& message);
  /// An error at the position the value at `key_path` was read from.
  void error_at(const std::string& key_path, const std::string& message);
  /// Notes a scenario file as read, in order: the file named, then the one it extends, and so
  /// on. blame() prefers a file noted earlier (what the user wrote over what it builds on).
  void note_file(const std::string& label) {
    if (std::find(files_.begin(), files_.end(), label) == files_.end()) files_.push_back(label);
  }
  /// Names a source labelled `label` without a line: a text caremarket wrote itself (the
  /// scenario as resolved, which with_overrides reads), whose lines no user has seen.
  void without_lines(std::string label) { lineless_ = std::move(label); }
  /// The files noted, in note_file's order.
  [[nodiscard]] const std::vector<std::string>& files() const { return files_; }
  /// Of the keys a check between values reads, the one to blame: the first given on the
  /// command line (a --set, which is what changed), else the first read from the file noted
  /// first (the file named before those it extends; note_file), else the first read from any
  /// file, else the first.
  [[nodiscard]] std::string blame(std::initializer_list<std::string> keys) const {
    return blame(std::vector<std::string>(keys));
  }
  /// As above, of keys known only as the file is read (a table's entries). `keys` not empty.
  [[nodiscard]] std::string blame(const std::vector<std::string>& keys) const;
  /// For an error blamed on `blamed` that also reads `other`: where `other` was given, as
  /// " (other_leaf from LOCATION)", when that is not where `blamed` was; else empty.
  [[nodiscard]] std::string given_elsewhere(const std::string& blamed,
                                            const std::string& other) const;
  /// Records an error already formatted ("FILE:LINE: ..."), e.g. from a data file.
  void add_error(std::string message) { errors_.push_back(std::move(message)); }
  [[nodiscard]] const std::vector<std::string>& errors() const { return errors_; }
  /// Whether an error was recorded at `key_path` or a key inside it: a check that reads the
  /// value there again would only repeat it, blamed on another line (its read value is partial).
  [[nodiscard]] bool refused_under(const std::string& key_path) const;

  /// The node at `key` (null when absent); records the key as known.
  const toml::node* get(Tab& tab, std::string_view key);
  /// As get, for a key the schema reads as a list (of numbers, rows or tables): a key that
  /// indexes it ("reopen_after_years[1]") is then told to give the list whole, whether or not
  /// any layer gives the list.
  const toml::node* get_list(Tab& tab, std::string_view key);
  /// The sub-table at `key`; a value of another type is an error (and read as absent).
  Tab sub(Tab& tab, std::string_view key, std::string_view schema_key = {});
  /// Refuses every key of `tab` that was not asked for, with a suggestion.
  void finish(const Tab& tab);

  void number(Tab& tab, std::string_view key, double& out, Check check);
  void integer(Tab& tab, std::string_view key, int& out, std::int64_t lo, std::int64_t hi);
  void integer(Tab& tab, std::string_view key, std::int64_t& out, std::int64_t lo, std::int64_t hi);
  void unsigned_integer(Tab& tab, std::string_view key, std::uint64_t& out);
  void boolean(Tab& tab, std::string_view key, bool& out);
  /// What a string is: text of one line (a name, a code), of several (a question), or a path.
  enum class Text { line, lines, path };
  /// A string. Text that text_fault refuses (a control character, a TOML escape such as
  /// \u001b included; a line break or a tab in text of one line) is an error, and taken; a path
  /// may hold any character.
  void string(Tab& tab, std::string_view key, std::string& out, Text kind = Text::line);
  /// A string that must be one of `names`; returns its index.
  std::optional<std::size_t> choice(Tab& tab, std::string_view key,
                                    const std::vector<std::string>& names);
  std::optional<sim::Date> date(Tab& tab, std::string_view key);
  void numbers(Tab& tab, std::string_view key, std::vector<double>& out, Check check);
  void distribution(Tab& tab, std::string_view key, sim::Distribution& out);
  /// A table of number values keyed by free names (GSS codes); keys are not checked here.
  void number_map(Tab& tab, std::string_view key, std::map<std::string, double>& out, Check check);

  /// Every schema key path asked for, e.g. "demand.<service>.<group>.initial_people".
  [[nodiscard]] const std::set<std::string>& known() const { return known_; }
  /// The values each schema key path read as one number takes, by its check (number) or its
  /// bounds (integer); by the same paths as known().
  [[nodiscard]] const std::map<std::string, KeyDomain>& domains() const { return domains_; }
  /// Narrows the domain of `schema_path` to [lo, hi] as well: a physical range the schema
  /// checks after the key's own check (a number of days, hours a week).
  void narrow_domain(const std::string& schema_path, double lo, double hi);
  /// Notes that `key_path` is given at `at` by one layer (a file or a --set) of a scenario that
  /// merges several: an unknown key is then refused at every layer that gives it, not only at
  /// the one whose key the merged table kept.
  void note_definition(const std::string& key_path, const toml::source_region& at);
  /// Source position of each value read, by key path.
  [[nodiscard]] const std::map<std::string, toml::source_region>& where() const { return where_; }
  [[nodiscard]] std::string location(const std::string& key_path) const;

  void type_error(const toml::node& node, const std::string& key_path, std::string_view expected);
  bool check_number(const toml::node& node, const std::string& key_path, double value, Check check);

 private:
  std::string fallback_file_;
  std::vector<std::string> files_;  // note_file's order
  std::string lineless_;            // without_lines' label
  std::vector<std::string> errors_;
  std::set<std::string> refused_;  // key paths of the errors recorded
  std::set<std::string> known_;
  std::set<std::string> lists_;  // schema paths get_list read
  std::map<std::string, KeyDomain> domains_;
  std::map<std::string, toml::source_region> where_;
  std::map<std::string, std::vector<toml::source_region>> definitions_;  // note_definition's
};

std::string join(const std::string& path, std::string_view key);
std::string_view type_name(const toml::node& node);
/// A number as TOML writes it back exactly: shortest round-trip form, inf and nan spelled out.
std::string number_text(double value);
using scenarios::message_number;  // scenarios/message_number.hpp

}  // namespace caremarket::scenarios::detail
