// Merging scenario tables and applying --set overrides (declared in
// scenarios/toml_override.hpp), and reading an override's key and values (plain_key,
// override_leaves and toml_value_at, declared in scenarios/toml_scenario.hpp).

#include "scenarios/toml_override.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scenarios/suggest.hpp"
#include "scenarios/toml_messages.hpp"
#include "scenarios/toml_writer.hpp"

namespace caremarket::scenarios {

namespace detail {

std::string written_value(const toml::node& node) {
  if (const auto* f = node.as_floating_point()) {
    std::string text = detail::number_text(f->get());
    if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
    return text;
  }
  if (const auto* a = node.as_array()) {
    if (a->empty()) return "[]";
    std::string text = "[ ";
    for (std::size_t i = 0; i < a->size(); ++i)
      text += (i == 0 ? "" : ", ") + written_value(*a->get(i));
    return text + " ]";
  }
  if (const auto* t = node.as_table()) {
    if (t->empty()) return "{}";
    std::string text = "{ ";
    bool first = true;
    for (const auto& [k, child] : *t) {
      std::ostringstream key;
      key << toml::toml_formatter(toml::table{{k, 0}}, toml::format_flags::none);
      const std::string line = key.str();
      text +=
          (first ? "" : ", ") + line.substr(0, line.rfind(" = ")) + " = " + written_value(child);
      first = false;
    }
    return text + " }";
  }
  std::ostringstream text;
  node.visit([&](const auto& v) { text << toml::toml_formatter(v); });
  return text.str();
}

bool replaced_whole(std::string_view key) {
  return key == "custom_weights" || key == "entrant_district_weights";
}

void merge(toml::table& into, toml::table&& from, const std::string& path, Reader& r) {
  for (auto& [key, node] : from) {
    toml::node* existing = into.get(key.str());
    if (existing != nullptr) {
      const std::string key_path = detail::join(path, key.str());
      r.note_definition(key_path, into.find(key.str())->first.source());
      r.note_definition(key_path, key.source().path ? key.source() : node.source());
    }
    if (existing != nullptr && existing->is_table() && node.is_table() &&
        !replaced_whole(key.str())) {
      merge(*existing->as_table(), std::move(*node.as_table()), detail::join(path, key.str()), r);
      continue;
    }
    node.visit([&, &k = key](auto& value) { into.insert_or_assign(k, std::move(value)); });
  }
}

bool is_table_list(std::string_view key) {
  static const std::vector<std::vector<std::string>> lists = [] {
    std::vector<std::vector<std::string>> out;
    for (const std::string& path : scenario_key_paths()) {
      if (const auto at = path.find("[]"); at != std::string::npos) {
        std::vector<std::string> list = key_parts(path.substr(0, at));
        if (std::find(out.begin(), out.end(), list) == out.end()) out.push_back(std::move(list));
      }
    }
    return out;
  }();
  const std::vector<std::string> parts = key_parts(key);
  return std::any_of(lists.begin(), lists.end(), [&](const std::vector<std::string>& list) {
    return same_schema_path(list, parts, false);
  });
}

void apply_override(Reader& r, toml::table& root, const Override& o) {
  const std::string& text = o.text;
  const auto eq = key_value_split(text);
  // The value's source is the option itself, so an error in it names the option and its text,
  // not the scenario file the key would otherwise be in.
  const std::string label = o.option;
  const toml::source_region option{{1, 1}, {1, 1}, std::make_shared<const std::string>(label)};
  if (eq == std::string::npos || trimmed(text.substr(0, eq)).empty()) {
    r.error(option, "", "expected KEY=VALUE, e.g. run.replications=50");
    return;
  }
  const std::string key = plain_key(text.substr(0, eq));
  const std::string value_text = trimmed(text.substr(eq + 1));
  // A quoted part holding a '.' would be walked at that dot and named by a piece of it ("a).
  if (const auto fault = quoted_dot_fault(key)) {
    r.error(option, "", "'" + key + "': " + *fault);
    return;
  }
  // Both are read from the files before any override applies: overriding them would be ignored.
  if (key == "schema_version" || key == "extends") {
    r.error(option, key,
            key == "extends" ? "extends cannot be overridden; write a scenario file that extends "
                               "the one you want, or name that scenario instead"
                             : "schema_version cannot be overridden; it is the file's own format");
    return;
  }
  toml::table parsed;
  try {
    parsed = toml::parse("value = " + value_text, std::string_view(label));
  } catch (const toml::parse_error& e) {
    // A number TOML cannot hold (1e400, an integer past 64 bits) is refused as such, not taken
    // for a string and then refused for being one.
    if (looks_numeric(value_text)) {
      const std::string description(e.description());
      const std::string plain = plain_parse_error(description, value_text);
      r.error(option, key,
              plain != description ? plain
                                   : "'" + value_text + "' is not a number a scenario can hold (" +
                                         description + ")");
      return;
    }
    // An array or a table that does not parse (a number in it out of range, a missing
    // bracket) is never meant as a string either.
    if (value_text.starts_with('[') || value_text.starts_with('{')) {
      r.error(option, key,
              "'" + value_text + "' is not a TOML " +
                  (value_text.starts_with('[') ? "array" : "inline table") +
                  " a scenario can hold (" +
                  plain_parse_error(std::string(e.description()), value_text) + ")");
      return;
    }
    // Not a TOML value: take it as a string, so --set run.period=quarter works.
    try {
      parsed = toml::parse("value = " + toml_quoted(value_text), std::string_view(label));
    } catch (const toml::parse_error&) {
      r.error(option, "", "the value is not valid text (UTF-8)");
      return;
    }
  }
  // "value = " precedes the text in what was parsed, so the check reads that same line.
  const std::size_t errors_before = r.errors().size();
  const std::string parsed_text = "value = " + value_text;
  if (const toml::node* v = parsed.get("value"); v != nullptr)
    refuse_underflows(r, *v, parsed_text, key, &option);
  if (r.errors().size() > errors_before) return;
  toml::table* table = &root;
  std::string_view rest = key;
  while (true) {
    const auto dot = rest.find('.');
    const std::string part(rest.substr(0, dot));
    if (part.empty()) {
      r.error(option, "", "empty key part in '" + key + "'");
      return;
    }
    // A key names a whole value: TOML has no key for one element of a list (reopen_after_years[1]
    // is a key of its own, and unknown), so a list is set whole.
    if (const auto open = part.find('['); open != std::string::npos) {
      const toml::node* list = table->get(part.substr(0, open));
      const std::string whole(std::string_view(key).substr(0, key.size() - rest.size() + open));
      if (list != nullptr && list->is_array()) {
        const std::string now = written_value(*list);
        r.error(option, key,
                "a key cannot pick one element of a list: set the whole of " + whole +
                    (now.size() <= 60 ? ", whose value before this option is " + now
                                      : " (a run's scenario.resolved.toml shows its value)"));
        return;
      }
      // One value (exits.stress_slope[0]): no list to pick from.
      if (list != nullptr && !list->is_table()) {
        r.error(option, key,
                whole + " is one value, not a list: write " + whole + ", without the index");
        return;
      }
      // A list of tables no file gives (actions, shocks, rate uplifts): still a list.
      if (list == nullptr && is_table_list(whole)) {
        r.error(option, key,
                "a key cannot pick one element of a list: set the whole of " + whole +
                    ", a list of tables that no file of this scenario gives, e.g. --set '" + whole +
                    "=[{...}]' (docs/parameters.md lists its keys)");
        return;
      }
    }
    if (dot == std::string_view::npos) {
      // A table merges key by key into the table it names, as a file's table merges into the
      // one it extends: `--set 'exits={stress_slope=0.7}'` sets that key and keeps the others.
      toml::node* value = parsed.get("value");
      toml::node* existing = table->get(part);
      if (existing != nullptr) {
        r.note_definition(key, table->find(part)->first.source());
        r.note_definition(key, value->source());
      }
      if (value->is_table() && existing != nullptr && existing->is_table() &&
          !replaced_whole(part)) {
        merge(*existing->as_table(), std::move(*value->as_table()), key, r);
        return;
      }
      value->visit([&](auto& v) { table->insert_or_assign(part, std::move(v)); });
      return;
    }
    toml::node* next = table->get(part);
    const std::string walked(
        std::string_view(key).substr(0, key.size() - rest.size() + part.size()));
    if (next != nullptr && next->is_table()) {
      // A table the files give and the override adds to: an unknown one is the option's too.
      r.note_definition(walked, table->find(part)->first.source());
      r.note_definition(walked, option);
    }
    if (next == nullptr) {
      // A table the override creates comes from the option too, for the unknown-key check.
      toml::table holder = toml::parse("t = {}", std::string_view(label));
      next = &table->insert(part, std::move(*holder.get("t")->as_table())).first->second;
    }
    if (!next->is_table()) {
      // A list (of tables, as exits.shocks) is set whole, as for an index (above).
      r.error(option, key,
              next->is_array() ? "'" + part + "' is a list, so no key inside it can be set: set " +
                                     "the whole of " + walked
                               : "'" + part + "' is not a table, so no key inside it can be set");
      return;
    }
    table = next->as_table();
    rest = rest.substr(dot + 1);
  }
}

}  // namespace detail

using detail::replaced_whole;
using detail::written_value;

std::size_t key_value_split(std::string_view text) {
  char quote = 0;  // the quote of the key part being read, or 0 outside quotes
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '=') {
      return i;
    }
  }
  return std::string_view::npos;
}

std::optional<std::string> quoted_dot_fault(std::string_view key) {
  for (std::size_t i = 0; i < key.size(); ++i) {
    if (key[i] != '"' && key[i] != '\'') continue;
    const auto close = key.find(key[i], i + 1);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view part = key.substr(i, close - i + 1);
    if (part.find('.') != std::string_view::npos) {
      return "the quoted key part " + std::string(part) +
             " holds a '.'; no key of a scenario has one (district codes and group names are "
             "bare keys: ASCII letters, digits, '-' and '_')";
    }
    i = close;
  }
  return std::nullopt;
}

std::string plain_key(std::string_view text) {
  std::string key = trimmed(text);
  if (key.find_first_of("\"' \t") == std::string::npos) return key;
  toml::table parsed;
  try {
    parsed = toml::parse(key + " = 0");
  } catch (const toml::parse_error&) {
    return key;
  }
  std::string out;
  const toml::table* at = &parsed;
  while (at->size() == 1) {
    const auto first = at->cbegin();
    const std::string name(first->first.str());
    const toml::node& node = first->second;
    const bool bare = !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
      return std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '_' || ch == '-';
    });
    if (!bare) return key;
    out += (out.empty() ? "" : ".") + name;
    if (!node.is_table()) return out;
    at = node.as_table();
  }
  return key;
}

std::optional<std::string> toml_value_at(const std::string& toml_text, const std::string& key) {
  try {
    const toml::table table = toml::parse(toml_text);
    const toml::node_view<const toml::node> node = table.at_path(key);
    if (!node) return std::nullopt;
    return written_value(*node.node());
  } catch (const toml::parse_error&) {
    return std::nullopt;
  }
}

std::vector<OverrideLeaf> override_leaves(const std::string& text) {
  const auto eq = key_value_split(text);
  if (eq == std::string::npos) return {};
  const std::string key = plain_key(text.substr(0, eq));
  const std::string value_text = trimmed(text.substr(eq + 1));
  if (key.empty()) return {};
  toml::table parsed;
  try {
    parsed = toml::parse("value = " + value_text);
  } catch (const toml::parse_error&) {
    // Not TOML: apply_override takes it as a string (or refuses it, and says why), so it is
    // the same value as the string written in quotes.
    try {
      parsed = toml::parse("value = " + toml_quoted(value_text));
    } catch (const toml::parse_error&) {
      return {{key, value_text}};
    }
  }
  std::vector<OverrideLeaf> out;
  const std::function<void(const std::string&, const toml::node&)> walk =
      [&](const std::string& at, const toml::node& node) {
        const std::string last = at.substr(at.rfind('.') + 1);
        if (node.is_table() && !replaced_whole(last)) {
          for (const auto& [k, child] : *node.as_table())
            walk(at + "." + std::string(k.str()), child);
          return;
        }
        // A number as the double it is read as (1, 1.0 and 1e0 are one value) in its fewest
        // digits; anything else as written_value writes it.
        if (node.is_number()) {
          out.push_back({at, detail::number_text(node.value<double>().value_or(0.0))});
        } else {
          out.push_back({at, written_value(node)});
        }
      };
  walk(key, *parsed.get("value"));
  return out;
}

}  // namespace caremarket::scenarios
