// Typed reads from toml++ tables that collect errors with file, line and key path.

#include "scenarios/toml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "geography/table.hpp"
#include "scenarios/limits.hpp"
#include "scenarios/toml_scenario.hpp"
#include "sim/calendar.hpp"

namespace caremarket::scenarios::detail {

namespace {

using limits::max_magnitude;

std::string check_text(Check check) {
  switch (check) {
    case Check::non_negative:
      return "a number >= 0";
    case Check::positive:
      return "a number > 0";
    case Check::probability:
      return "a probability in [0, 1]";
    case Check::growth:
      return "a yearly rate > -1";
    case Check::change:
      return "a relative change > -1";
    case Check::at_least_one:
      return "a number >= 1";
    case Check::any:
      break;
  }
  return "a number";
}

}  // namespace

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::string number_text(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  std::string text(buffer.data(), result.ptr);
  // TOML needs a digit after the point and an integer-looking number is read back as a double
  // anyway; keep exponents valid TOML ("1e+300" is fine).
  return text;
}

void Reader::error(const toml::source_region& where, const std::string& key_path,
                   const std::string& message) {
  std::string prefix = fallback_file_;
  // A value from the command line ("--set KEY=VALUE") is named by its option, without a line.
  if (where.path)
    prefix = where.path->starts_with("--") || *where.path == lineless_
                 ? *where.path
                 : *where.path + ":" + std::to_string(where.begin.line);
  errors_.push_back(prefix + ": " + (key_path.empty() ? std::string() : key_path + ": ") + message);
  if (!key_path.empty()) refused_.insert(key_path);
}

bool Reader::refused_under(const std::string& key_path) const {
  // Every key that starts with key_path sorts at or after it, and before any that does not.
  for (auto it = refused_.lower_bound(key_path); it != refused_.end() && it->starts_with(key_path);
       ++it) {
    if (it->size() == key_path.size() || (*it)[key_path.size()] == '.') return true;
  }
  return false;
}

void Reader::error_at(const std::string& key_path, const std::string& message) {
  if (const auto it = where_.find(key_path); it != where_.end()) {
    error(it->second, key_path, message);
    return;
  }
  // A key not given (a value the check found missing): where the table holding it was given,
  // found by a value read from that table (its file and line, or the --set that gave it).
  std::string parent = key_path;
  while (!parent.empty()) {
    const std::size_t cut = parent.find_last_of(".[");
    if (cut == std::string::npos || cut == 0) break;
    parent.resize(cut);
    for (auto it = where_.lower_bound(parent); it != where_.end() && it->first.starts_with(parent);
         ++it) {
      const char next = it->first.size() > parent.size() ? it->first[parent.size()] : '\0';
      if (next == '.' || next == '[') {
        error(it->second, key_path, message);
        return;
      }
    }
  }
  error(toml::source_region{}, key_path, message);
}

std::string Reader::blame(const std::vector<std::string>& keys) const {
  const auto source = [&](const std::string& key) -> const toml::source_region* {
    const auto it = where_.find(key);
    return it == where_.end() ? nullptr : &it->second;
  };
  for (const std::string& key : keys) {
    const toml::source_region* at = source(key);
    if (at != nullptr && at->path && at->path->starts_with("--")) return key;
  }
  // Next, by file: the file named (what the user wrote), then each it extends in turn.
  const auto rank = [&](const std::string& key) {
    const toml::source_region* at = source(key);
    if (at == nullptr || !at->path) return files_.size();
    const auto it = std::find(files_.begin(), files_.end(), *at->path);
    return static_cast<std::size_t>(it - files_.begin());
  };
  const std::string* best = nullptr;
  for (const std::string& key : keys)
    if (rank(key) < files_.size() && (best == nullptr || rank(key) < rank(*best))) best = &key;
  if (best != nullptr) return *best;
  for (const std::string& key : keys)
    if (source(key) != nullptr) return key;
  return keys.front();
}

std::string Reader::given_elsewhere(const std::string& blamed, const std::string& other) const {
  if (where_.find(other) == where_.end() || location(other) == location(blamed)) return {};
  return " (" + other.substr(other.rfind('.') + 1) + " from " + location(other) + ")";
}

std::string Reader::location(const std::string& key_path) const {
  const auto it = where_.find(key_path);
  if (it == where_.end() || !it->second.path) return fallback_file_;
  if (it->second.path->starts_with("--") || *it->second.path == lineless_) return *it->second.path;
  return *it->second.path + ":" + std::to_string(it->second.begin.line);
}

const toml::node* Reader::get(Tab& tab, std::string_view key) {
  tab.asked.emplace(key);
  known_.insert(join(tab.schema, key));
  if (tab.table == nullptr) return nullptr;
  const toml::node* node = tab.table->get(key);
  if (node != nullptr) where_[join(tab.path, key)] = node->source();
  return node;
}

const toml::node* Reader::get_list(Tab& tab, std::string_view key) {
  lists_.insert(join(tab.schema, key));
  return get(tab, key);
}

Tab Reader::sub(Tab& tab, std::string_view key, std::string_view schema_key) {
  Tab out;
  out.path = join(tab.path, key);
  out.schema = join(tab.schema, schema_key.empty() ? key : schema_key);
  tab.asked.emplace(key);
  if (tab.table == nullptr) return out;
  const toml::node* node = tab.table->get(key);
  if (node == nullptr) return out;
  where_[out.path] = node->source();
  if (node->is_table()) {
    out.table = node->as_table();
  } else {
    type_error(*node, out.path, "a table");
  }
  return out;
}

void Reader::note_definition(const std::string& key_path, const toml::source_region& at) {
  if (!at.path) return;
  std::vector<toml::source_region>& all = definitions_[key_path];
  const bool seen = std::any_of(all.begin(), all.end(), [&](const toml::source_region& x) {
    return *x.path == *at.path && x.begin == at.begin;
  });
  if (!seen) all.push_back(at);
}

void Reader::finish(const Tab& tab) {
  if (tab.table == nullptr) return;
  const std::vector<std::string> names(tab.asked.begin(), tab.asked.end());
  for (const auto& [key, node] : *tab.table) {
    if (tab.asked.contains(key.str()) || tab.refused.contains(key.str())) continue;
    std::string message = "unknown key '" + std::string(key.str()) + "'";
    // A quoted key with an index ("reopen_after_years[1]" = 3) of a list (as the schema reads
    // the key, or as a layer gives it): one element, which a key cannot name; of one value, no
    // list at all.
    const std::string_view name = key.str().substr(0, key.str().find('['));
    const toml::node* list =
        name.size() < key.str().size() && key.str().ends_with(']') ? tab.table->get(name) : nullptr;
    const bool schema_list = name.size() < key.str().size() && key.str().ends_with(']') &&
                             lists_.contains(join(tab.schema, name));
    if ((list != nullptr && list->is_array()) || (list == nullptr && schema_list)) {
      message +=
          ": a key cannot pick one element of a list; give the whole of " + join(tab.path, name);
    } else if (list != nullptr && !list->is_table()) {
      message += ": " + join(tab.path, name) + " is one value, not a list: write " +
                 std::string(name) + ", without the index";
    } else if (const auto suggestion = closest(key.str(), names)) {
      message += "; did you mean '" + *suggestion + "'?";
    }
    const std::string path = join(tab.path, key.str());
    // Every layer that gives the key is told: a fix in one file would otherwise only uncover
    // the same error in the next.
    if (const auto it = definitions_.find(path); it != definitions_.end()) {
      for (const toml::source_region& at : it->second) error(at, path, message);
      continue;
    }
    error(key.source().path ? key.source() : node.source(), path, message);
  }
}

void Reader::type_error(const toml::node& node, const std::string& key_path,
                        std::string_view expected) {
  std::string message =
      "expected " + std::string(expected) + ", found " + std::string(type_name(node));
  if (expected == "a date" && node.is_string()) {
    // A --set value that is not a TOML date is read as text, so is a date written in quotes:
    // say which it is, not always that it was quoted.
    const std::string text = node.as_string()->get();
    const auto fault = sim::date_fault(text);
    if (!fault) {
      message += " (write dates unquoted, e.g. 2027-04-01)";
    } else {
      message = "'" + text + "' " + *fault;
    }
  }
  error(node.source(), key_path, message);
}

namespace {

/// The values a number read with `check` takes: check_number accepts exactly these.
KeyDomain domain_of(Check check) {
  KeyDomain d;
  switch (check) {
    case Check::non_negative:
      d.min = 0.0;
      break;
    case Check::positive:
      d.min = 0.0;
      d.min_open = true;
      break;
    case Check::probability:
      d.min = 0.0;
      d.max = 1.0;
      break;
    case Check::growth:
    case Check::change:
      d.min = -1.0;
      d.min_open = true;
      d.finite = true;
      break;
    case Check::at_least_one:
      d.min = 1.0;
      break;
    case Check::any:
      break;
  }
  return d;
}

}  // namespace

bool Reader::check_number(const toml::node& node, const std::string& key_path, double value,
                          Check check) {
  const bool ok = domain_of(check).contains(value);
  if (!ok) {
    error(node.source(), key_path,
          "expected " + check_text(check) + ", found " + message_number(value));
    return false;
  }
  // No quantity of the model is this large; such a value is a typo or an overflow waiting to
  // happen (docs/robustness.md). Infinity means "no limit" and is taken only for the caps (keys
  // named max or max_...), whose default it is.
  const bool cap = key_path.ends_with(".max") || key_path.find("max_") != std::string::npos;
  if (std::isinf(value) && !(cap && value > 0.0)) {
    error(node.source(), key_path, "expected a finite number, found " + message_number(value));
    return false;
  }
  if (std::isfinite(value) && std::fabs(value) > max_magnitude) {
    error(node.source(), key_path,
          "expected a number of at most 1e12 in size, found " + message_number(value));
    return false;
  }
  return true;
}

void Reader::narrow_domain(const std::string& schema_path, double lo, double hi) {
  KeyDomain& d = domains_[schema_path];
  if (lo > d.min || (lo == d.min && !d.min_open)) {
    d.min = lo;
    d.min_open = false;
  }
  d.max = std::min(d.max, hi);
}

void Reader::number(Tab& tab, std::string_view key, double& out, Check check) {
  domains_[join(tab.schema, key)] = domain_of(check);
  const toml::node* node = get(tab, key);
  if (node == nullptr) return;
  const std::string path = join(tab.path, key);
  double value = 0.0;
  if (const auto* i = node->as_integer()) {
    value = static_cast<double>(i->get());
  } else if (const auto* f = node->as_floating_point()) {
    value = f->get();
  } else {
    type_error(*node, path,
               check == Check::probability ? "a probability (a number in [0, 1])" : "a number");
    return;
  }
  if (check_number(*node, path, value, check)) out = value;
}

void Reader::integer(Tab& tab, std::string_view key, std::int64_t& out, std::int64_t lo,
                     std::int64_t hi) {
  domains_[join(tab.schema, key)] = KeyDomain{static_cast<double>(lo),
                                              hi == std::numeric_limits<std::int64_t>::max()
                                                  ? std::numeric_limits<double>::infinity()
                                                  : static_cast<double>(hi),
                                              false, true, true};
  const toml::node* node = get(tab, key);
  if (node == nullptr) return;
  const std::string path = join(tab.path, key);
  const std::string range = hi == std::numeric_limits<std::int64_t>::max()
                                ? "an integer >= " + std::to_string(lo)
                                : "an integer in " + std::to_string(lo) + ".." + std::to_string(hi);
  const auto* i = node->as_integer();
  if (i == nullptr) {
    // A real is named by its value: a whole one in range is only written as a real (3.0), any
    // other is no count this key takes (2.5, 1e+20).
    if (const auto* f = node->as_floating_point()) {
      const double v = f->get();
      if (v == std::floor(v) && v >= static_cast<double>(lo) && v <= static_cast<double>(hi)) {
        error(node->source(), path,
              "expected an integer, written without a decimal point or an exponent (" +
                  message_number(v == 0.0 ? 0.0 : v) + "), found a floating-point number");
      } else {
        error(node->source(), path, "expected " + range + ", found " + message_number(v));
      }
      return;
    }
    type_error(*node, path, "an integer");
    return;
  }
  const std::int64_t value = i->get();
  if (value < lo || value > hi) {
    error(node->source(), path, "expected " + range + ", found " + std::to_string(value));
    return;
  }
  out = value;
}

void Reader::integer(Tab& tab, std::string_view key, int& out, std::int64_t lo, std::int64_t hi) {
  std::int64_t value = out;
  integer(tab, key, value, lo, std::min<std::int64_t>(hi, std::numeric_limits<int>::max()));
  out = static_cast<int>(value);
}

void Reader::unsigned_integer(Tab& tab, std::string_view key, std::uint64_t& out) {
  auto value = static_cast<std::int64_t>(out);
  integer(tab, key, value, 0, std::numeric_limits<std::int64_t>::max());
  out = static_cast<std::uint64_t>(value);
}

void Reader::boolean(Tab& tab, std::string_view key, bool& out) {
  const toml::node* node = get(tab, key);
  if (node == nullptr) return;
  if (const auto* b = node->as_boolean()) {
    out = b->get();
  } else {
    type_error(*node, join(tab.path, key), "a boolean (true or false)");
  }
}

void Reader::string(Tab& tab, std::string_view key, std::string& out, Text kind) {
  const toml::node* node = get(tab, key);
  if (node == nullptr) return;
  if (const auto* s = node->as_string()) {
    const std::string& text = s->get();
    // A path may hold any byte a file name does: it is only ever written escaped.
    if (kind != Text::path) {
      // Taken all the same, so that no check further on finds the key missing.
      if (const auto fault = text_fault(text, kind == Text::lines))
        error(node->source(), join(tab.path, key), *fault);
    }
    out = text;
  } else {
    type_error(*node, join(tab.path, key), "a string");
  }
}

std::optional<std::size_t> Reader::choice(Tab& tab, std::string_view key,
                                          const std::vector<std::string>& names) {
  const toml::node* node = get(tab, key);
  if (node == nullptr) return std::nullopt;
  const std::string path = join(tab.path, key);
  const auto* s = node->as_string();
  std::string options;
  for (const auto& n : names) options += (options.empty() ? "\"" : ", \"") + n + "\"";
  if (s == nullptr) {
    type_error(*node, path, "one of " + options);
    return std::nullopt;
  }
  const auto it = std::find(names.begin(), names.end(), s->get());
  if (it != names.end()) return static_cast<std::size_t>(it - names.begin());
  std::string message = "expected one of " + options + ", found \"" + s->get() + "\"";
  if (const auto suggestion = closest(s->get(), names))
    message += "; did you mean \"" + *suggestion + "\"?";
  error(node->source(), path, message);
  return std::nullopt;
}

std::optional<sim::Date> Reader::date(Tab& tab, std::string_view key) {
  const toml::node* node = get(tab, key);
  if (node == nullptr) return std::nullopt;
  if (const auto* d = node->as_date()) {
    const toml::date v = d->get();
    return sim::Date{v.year, v.month, v.day};
  }
  type_error(*node, join(tab.path, key), "a date");
  return std::nullopt;
}

void Reader::numbers(Tab& tab, std::string_view key, std::vector<double>& out, Check check) {
  const toml::node* node = get_list(tab, key);
  if (node == nullptr) return;
  const std::string path = join(tab.path, key);
  const auto* array = node->as_array();
  if (array == nullptr) {
    type_error(*node, path, "an array of numbers");
    return;
  }
  std::vector<double> values;
  bool ok = true;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& item = *array->get(i);
    const std::string item_path = path + "[" + std::to_string(i) + "]";
    if (const auto* n = item.as_integer()) {
      values.push_back(static_cast<double>(n->get()));
    } else if (const auto* f = item.as_floating_point()) {
      values.push_back(f->get());
    } else {
      type_error(item, item_path, "a number");
      ok = false;
      continue;
    }
    ok = check_number(item, item_path, values.back(), check) && ok;
  }
  if (ok) out = std::move(values);
}

void Reader::distribution(Tab& tab, std::string_view key, sim::Distribution& out) {
  Tab d = sub(tab, key);
  sim::Distribution value = out;
  if (const auto kind = choice(d, "distribution", distribution_kind_names)) {
    value.kind = static_cast<sim::Distribution::Kind>(*kind);
  }
  number(d, "mean", value.mean, Check::positive);
  number(d, "cv", value.cv, Check::non_negative);
  number(d, "min", value.min, Check::non_negative);
  number(d, "max", value.max, Check::non_negative);
  finish(d);
  if (d.table != nullptr && value.max < value.min) {
    const std::string max = join(d.path, "max");
    const std::string min = join(d.path, "min");
    const std::string at = blame({max, min});
    error_at(at, "max (" + message_number(value.max) + ") is below min (" +
                     message_number(value.min) + ")" + given_elsewhere(at, at == max ? min : max));
  } else if (d.table != nullptr && (value.mean < value.min || value.mean > value.max)) {
    // Draws are clamped to [min, max]: a mean outside it is not the mean of what is drawn.
    const std::string mean = join(d.path, "mean");
    const std::string bound = join(d.path, value.mean < value.min ? "min" : "max");
    const std::string at = blame({mean, bound});
    error_at(at, "the mean (" + message_number(value.mean) + ") lies outside [min, max] = [" +
                     message_number(value.min) + ", " + message_number(value.max) + "]" +
                     given_elsewhere(at, at == mean ? bound : mean));
  }
  out = value;
}

void Reader::number_map(Tab& tab, std::string_view key, std::map<std::string, double>& out,
                        Check check) {
  // Each entry (a district's code) takes the values of the check: the schema path's last part
  // `<code>` stands for any name (same_schema_path).
  domains_[join(join(tab.schema, key), "<code>")] = domain_of(check);
  const toml::node* node = get(tab, key);
  if (node == nullptr) return;
  const std::string path = join(tab.path, key);
  const auto* table = node->as_table();
  if (table == nullptr) {
    type_error(*node, path, "a table of numbers, e.g. { E07000110 = 2.0 }");
    return;
  }
  std::map<std::string, double> values;
  for (const auto& [k, item] : *table) {
    const std::string item_path = join(path, k.str());
    where_[item_path] = item.source();
    double v = 0.0;
    if (const auto* n = item.as_integer()) {
      v = static_cast<double>(n->get());
    } else if (const auto* f = item.as_floating_point()) {
      v = f->get();
    } else {
      type_error(item, item_path, "a number");
      continue;
    }
    if (check_number(item, item_path, v, check)) values[std::string(k.str())] = v;
  }
  out = std::move(values);
}

}  // namespace caremarket::scenarios::detail

namespace caremarket::scenarios {

std::string message_number(double value) {
  std::string shortest = detail::number_text(value);
  if (!std::isfinite(value)) return shortest;
  // An exponent as a person writes it: 1e-7 and 1e300, not 1e-07 and 1e+300.
  if (const auto e = shortest.find('e'); e != std::string::npos) {
    std::string exponent = shortest.substr(e + 1);
    const bool negative = exponent.front() == '-';
    if (exponent.front() == '-' || exponent.front() == '+') exponent.erase(0, 1);
    exponent.erase(0, std::min(exponent.find_first_not_of('0'), exponent.size() - 1));
    shortest = shortest.substr(0, e + 1) + (negative ? "-" : "") + exponent;
  }
  // Plain digits where they are short and not a run of leading zeros (2000000, 0.25).
  if (value != 0.0 && std::fabs(value) < 1e-4) return shortest;
  std::array<char, 400> buffer{};
  const auto result =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed);
  const std::string fixed(buffer.data(), result.ptr);
  return fixed.size() <= std::max<std::size_t>(shortest.size(), 12) ? fixed : shortest;
}

std::string message_count(double value) {
  return std::isfinite(value) && std::fabs(value) < 1e18 ? std::to_string(std::llround(value))
                                                         : message_number(value);
}

}  // namespace caremarket::scenarios
