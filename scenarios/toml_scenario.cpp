// Loading a scenario: find the file (shipped or on disk), parse it and the scenarios it extends,
// merge them parent first, apply --set overrides, then read, check and resolve.

#include "scenarios/toml_scenario.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <optional>
#include <regex>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

#include "geography/file_read.hpp"
#include "scenarios/suggest.hpp"
#include "scenarios/toml_messages.hpp"
#include "scenarios/toml_override.hpp"
#include "scenarios/toml_schema.hpp"
#include "scenarios/toml_writer.hpp"
#include "sim/calendar.hpp"

namespace caremarket::embedded {
const std::vector<std::pair<std::string_view, std::string_view>>& shipped_scenarios();
}

namespace caremarket::scenarios {

namespace {

namespace fs = std::filesystem;
using detail::apply_override;
using detail::in_line_order;
using detail::indexed_header;
using detail::is_table_list;
using detail::joined;
using detail::line_of;
using detail::looks_numeric;
using detail::merge;
using detail::plain_parse_error;
using detail::Reader;
using detail::refuse_underflows;
using detail::replaced_whole;
using detail::written_value;

/// One scenario file's text and where it came from.
struct Document {
  std::string label;  // for messages: the path as given, or scenarios/<path> for a shipped file
  std::string id;     // for cycle detection
  std::string text;
  std::string dir;  // for relative extends: a folder on disk, or inside the shipped set
  bool shipped = false;
  std::string stem;
};

std::string normalise(const std::string& path) {
  return fs::path(path).lexically_normal().generic_string();
}

std::optional<Document> shipped_document(const std::string& relative) {
  const std::string wanted = normalise(relative);
  for (const auto& [path, contents] : embedded::shipped_scenarios()) {
    if (path != wanted) continue;
    const fs::path p(wanted);
    return Document{"scenarios/" + wanted,
                    "shipped:" + wanted,
                    std::string(contents),
                    p.parent_path().generic_string(),
                    true,
                    p.stem().string()};
  }
  return std::nullopt;
}

std::optional<Document> shipped_by_name(const std::string& name) {
  const std::string stem = name.starts_with("kent-") ? name.substr(5) : name;
  return shipped_document("kent/" + stem + ".toml");
}

// A scenario file is a few kilobytes; anything this large is not one, and reading it would only
// use memory (docs/robustness.md).
constexpr std::uintmax_t max_scenario_bytes = 16u << 20;

std::optional<Document> file_document(const std::string& path) {
  std::error_code status_error;
  const fs::file_status status = fs::status(path, status_error);
  if (!fs::exists(status)) return std::nullopt;
  if (fs::is_directory(status)) {
    // A results folder keeps the scenario it ran as scenario.resolved.toml: name it.
    const fs::path resolved = fs::path(path) / "scenario.resolved.toml";
    std::error_code ec;
    throw ScenarioError(
        {path + ": is a folder, not a scenario file" +
         (fs::is_regular_file(resolved, ec)
              ? " (a results folder: the scenario it ran is " + resolved.string() + ")"
              : std::string())});
  }
  // Only a regular file, read up to the cap (a link to /dev/zero or a pipe is refused).
  geography::FileRead read =
      geography::read_regular_file(path, max_scenario_bytes, "a scenario file");
  if (!read.text) {
    std::string problem = read.problem;
    if (problem.starts_with("the file is ")) problem += " (is it a scenario file?)";
    throw ScenarioError({path + ": " + problem});
  }
  std::string text = std::move(*read.text);
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(path, ec);
  return Document{path,
                  "file:" + (ec ? path : canonical.string()),
                  std::move(text),
                  fs::path(path).parent_path().string(),
                  false,
                  fs::path(path).stem().string()};
}

bool looks_like_path(const std::string& s) {
  return s.find('/') != std::string::npos || s.find('\\') != std::string::npos ||
         s.ends_with(".toml");
}

std::string shipped_names() {
  std::string out;
  for (const auto& s : shipped_scenarios()) out += (out.empty() ? "" : ", ") + s.name;
  return out;
}

/// "; did you mean 'X'?" for a misspelt shipped scenario name (with or without its kent- prefix).
std::string scenario_suggestion(const std::string& name) {
  std::vector<std::string> names;
  for (const auto& s : shipped_scenarios()) {
    names.push_back(s.name);
    if (s.name.starts_with("kent-")) names.push_back(s.name.substr(5));
  }
  return did_you_mean(name, names);
}

/// The dotted key a line of a TOML text gives a value to, read from the text alone (the file did
/// not parse): the last [table] or [[array]] header above it ("exits.shocks[]" for an array of
/// tables) and the bare key before the line's '='. Empty where that is not certain: a line that
/// goes on from the one above (inside a multi-line string, array or inline table), a key
/// written with quotes, a header not closed. Lines count from 1.
std::string key_on_line(std::string_view text, std::size_t line) {
  static const std::regex bare_key(R"(^[A-Za-z0-9_-]+(\s*\.\s*[A-Za-z0-9_-]+)*$)");
  const auto without_spaces = [](std::string k) {
    std::erase_if(k, [](char c) { return c == ' ' || c == '\t'; });
    return k;
  };
  std::string table;
  int depth = 0;                 // brackets and braces of a value open over lines
  std::string_view open_string;  // the delimiter of a multi-line string going on
  // Scans the rest of a line from `i` for what stays open at its end (a multi-line string, a
  // bracket or a brace), minding strings and comments.
  const auto scan = [&](std::string_view row, std::size_t i) {
    while (i < row.size()) {
      if (!open_string.empty()) {
        const auto close = row.find(open_string, i);
        if (close == std::string_view::npos) return;
        i = close + open_string.size();
        open_string = {};
        continue;
      }
      const char c = row[i];
      if (c == '#') return;
      if (c == '"' || c == '\'') {
        const std::string_view triple = c == '"' ? "\"\"\"" : "\'\'\'";
        if (row.substr(i, 3) == triple) {
          open_string = triple;
          i += 3;
          continue;
        }
        std::size_t j = i + 1;
        while (j < row.size() && row[j] != c) j += (c == '"' && row[j] == '\\') ? 2U : 1U;
        i = j + 1;
        continue;
      }
      if (c == '[' || c == '{') ++depth;
      if (c == ']' || c == '}') --depth;
      ++i;
    }
  };
  std::size_t at = 0;
  for (std::size_t n = 1; at <= text.size(); ++n) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view row = text.substr(at, end - at);
    const bool continued = !open_string.empty() || depth > 0;
    const std::string first = trimmed(row);
    std::string key;
    if (continued) {
      scan(row, 0);
    } else if (first.starts_with('[')) {
      const bool array = first.starts_with("[[");
      const auto close = first.find(array ? "]]" : "]");
      const std::size_t from = array ? 2 : 1;
      const std::string name =
          close == std::string::npos ? std::string() : trimmed(first.substr(from, close - from));
      table = std::regex_match(name, bare_key) ? without_spaces(name) + (array ? "[]" : "")
                                               : std::string();
    } else if (const auto eq = row.find('='); eq != std::string_view::npos) {
      const std::string written = trimmed(row.substr(0, eq));
      if (std::regex_match(written, bare_key)) key = without_spaces(written);
      scan(row, eq + 1);
    }
    if (n == line) {
      if (continued || key.empty()) return {};
      return table.empty() ? key : table + "." + key;
    }
    at = end + 1;
  }
  return {};
}

class Loader {
 public:
  explicit Loader(Reader& reader) : r_(reader) {}

  /// The files read so far, in the order read (shipped documents are not files).
  [[nodiscard]] std::vector<std::string> files() const {
    std::vector<std::string> out;
    for (const auto& id : chain_)
      if (id.starts_with("file:")) out.push_back(id.substr(5));
    return out;
  }

  /// The merged table of `doc` and everything it extends; nullopt after a fatal error.
  std::optional<toml::table> layers(const Document& doc) {
    if (std::find(chain_.begin(), chain_.end(), doc.id) != chain_.end()) {
      std::string cycle;
      for (const auto& id : chain_) cycle += id + " -> ";
      r_.error(extends_where_, "extends", "extends makes a cycle: " + cycle + doc.id);
      return std::nullopt;
    }
    chain_.push_back(doc.id);
    r_.note_file(doc.label);  // the named file first, then each it extends
    toml::table table;
    try {
      table = toml::parse(std::string_view(doc.text), std::string_view(doc.label));
    } catch (const toml::parse_error& e) {
      // A header indexing a list of tables is said plainly; any other is TOML's fault alone.
      if (const auto indexed = indexed_header(line_of(doc.text, e.source().begin.line));
          indexed && is_table_list(indexed->list)) {
        r_.error(e.source(), indexed->list, indexed->message);
        return std::nullopt;
      }
      const std::string description(e.description());
      const std::string plain =
          plain_parse_error(description, line_of(doc.text, e.source().begin.line));
      // A number too large is in a value: name its key, as every other fault in a value is.
      const std::string key =
          plain == description ? std::string() : key_on_line(doc.text, e.source().begin.line);
      r_.error(e.source(), key, plain == description ? "TOML syntax error: " + description : plain);
      return std::nullopt;
    }
    refuse_underflows(r_, table, doc.text, "");
    if (!check_version(doc, table)) return std::nullopt;
    // A file that gives no name is named by its file name, each character a name may not hold
    // (text_fault) made '-': the user wrote no name to correct.
    if (!table.contains("name")) table.insert("name", without_refused_text(doc.stem, '-'));
    const toml::node* extends = table.get("extends");
    if (extends == nullptr) return table;
    if (!extends->is_string()) {
      r_.type_error(*extends, "extends", "a string: a shipped scenario's name or a path");
      return std::nullopt;
    }
    const std::string target = extends->as_string()->get();
    extends_where_ = extends->source();
    std::optional<Document> parent;
    try {
      parent = find(target, doc);
    } catch (const ScenarioError& e) {
      // The file named exists but cannot be read as a scenario: say so at the extends line.
      r_.error(extends->source(), "extends", e.what());
      return std::nullopt;
    }
    if (!parent) {
      r_.error(extends->source(), "extends",
               "no shipped scenario or file named '" + target + "'" + scenario_suggestion(target) +
                   " (shipped: " + shipped_names() + ")");
      return std::nullopt;
    }
    std::optional<toml::table> base = layers(*parent);
    if (!base) return std::nullopt;
    merge(*base, std::move(table), "", r_);
    return base;
  }

 private:
  bool check_version(const Document& doc, const toml::table& table) {
    const toml::node* version = table.get("schema_version");
    const std::string expected = "schema_version = " + std::to_string(scenario_schema_version);
    if (version == nullptr) {
      r_.error(toml::source_region{{1, 1}, {1, 1}, std::make_shared<const std::string>(doc.label)},
               "schema_version", "missing: start the file with " + expected);
      return false;
    }
    if (!version->is_integer()) {
      r_.type_error(*version, "schema_version", "an integer (" + expected + ")");
      return false;
    }
    const std::int64_t v = version->as_integer()->get();
    if (v > scenario_schema_version) {
      r_.error(version->source(), "schema_version",
               "version " + std::to_string(v) + " is newer than this caremarket reads (" +
                   std::to_string(scenario_schema_version) + "); upgrade caremarket");
      return false;
    }
    if (v < 1) {
      r_.error(version->source(), "schema_version",
               "expected " + expected + ", found " + std::to_string(v));
      return false;
    }
    return true;
  }

  static std::optional<Document> find(const std::string& target, const Document& from) {
    if (!looks_like_path(target)) {
      std::optional<Document> shipped = shipped_by_name(target);
      // A bare name that is no shipped scenario but a folder beside the file ("sub", "."): the
      // file reader says it is a folder, as it does for a path.
      std::error_code ec;
      if (!shipped && !from.shipped && fs::is_directory(fs::path(from.dir) / target, ec))
        return file_document((fs::path(from.dir) / target).string());
      return shipped;
    }
    if (from.shipped) return shipped_document(from.dir + "/" + target);
    const fs::path p =
        fs::path(target).is_absolute() ? fs::path(target) : fs::path(from.dir) / target;
    return file_document(p.string());
  }

  Reader& r_;
  std::vector<std::string> chain_;
  toml::source_region extends_where_;
};

}  // namespace

const std::vector<std::string>& non_model_keys() {
  static const std::vector<std::string> keys{"schema_version", "name",      "question",
                                             "area_code",      "area_name", "run.audit"};
  return keys;
}

std::string period_name(sim::PeriodLength period) {
  return detail::period_names.at(static_cast<std::size_t>(period));
}

ScenarioError::ScenarioError(std::vector<std::string> errors)
    : std::runtime_error(joined(errors)), errors_(std::move(errors)) {}

Scenario load_scenario(const std::string& name_or_path,
                       const std::vector<std::string>& set_overrides) {
  std::vector<Override> overrides;
  for (const auto& text : set_overrides) overrides.push_back({text, "--set " + text});
  return load_scenario_with(name_or_path, overrides);
}

Scenario load_scenario_with(const std::string& name_or_path,
                            const std::vector<Override>& overrides) {
  std::optional<Document> doc;
  if (!looks_like_path(name_or_path)) doc = shipped_by_name(name_or_path);
  if (!doc) doc = file_document(name_or_path);
  if (!doc) {
    throw ScenarioError({name_or_path + ": no such scenario file or shipped scenario" +
                         scenario_suggestion(name_or_path) + " (shipped: " + shipped_names() +
                         ")"});
  }
  Reader r(doc->label);
  Loader loader(r);
  std::optional<toml::table> merged = loader.layers(*doc);
  if (!merged) throw ScenarioError(r.errors());
  for (const auto& o : overrides) apply_override(r, *merged, o);
  // An override that could not be applied leaves the file's value in place: the checks across
  // keys would then judge a value the user replaced, so they wait until the overrides apply.
  const bool overrides_failed = !r.errors().empty();
  // Every key a file does not give, with or without `extends`, has the documented default:
  // kent-baseline's value (docs/parameters.md).
  Scenario s = kent_baseline();
  detail::References refs;
  detail::read_scenario(r, *merged, s, refs);
  if (!overrides_failed) detail::check_scenario(r, s, refs);
  if (!r.errors().empty()) {
    // The files in the order named (the user's, then each it extends), then the overrides in
    // the order given.
    std::vector<std::string> order = r.files();
    for (const auto& o : overrides) order.push_back(o.option);
    throw ScenarioError(in_line_order(r.errors(), std::move(order)));
  }
  s.source_files = loader.files();
  return s;
}

struct ScenarioOverrides::Resolved {
  std::string label;
  toml::table table;  // the scenario as write_resolved_scenario writes it, parsed
};

ScenarioOverrides::ScenarioOverrides(const Scenario& s) : resolved_(std::make_unique<Resolved>()) {
  resolved_->label = "the scenario " + s.name + " as resolved";
  try {
    resolved_->table = toml::parse(write_resolved_scenario(s), std::string_view(resolved_->label));
  } catch (const toml::parse_error& e) {
    // The writer's output always parses (toml_writer_test round-trips every shipped scenario).
    throw ScenarioError({resolved_->label + ": " + std::string(e.description())});
  }
}
ScenarioOverrides::~ScenarioOverrides() = default;
ScenarioOverrides::ScenarioOverrides(ScenarioOverrides&&) noexcept = default;
ScenarioOverrides& ScenarioOverrides::operator=(ScenarioOverrides&&) noexcept = default;

Scenario with_overrides(const Scenario& s, const std::vector<Override>& overrides) {
  return ScenarioOverrides(s).apply(overrides);
}

Scenario ScenarioOverrides::apply(const std::vector<Override>& overrides) const {
  const std::string& label = resolved_->label;
  Reader r(label);
  r.without_lines(label);
  toml::table merged = resolved_->table;
  for (const auto& o : overrides) apply_override(r, merged, o);
  const bool overrides_failed = !r.errors().empty();  // as in load_scenario
  Scenario out = kent_baseline();
  detail::References refs;
  detail::read_scenario(r, merged, out, refs);
  if (!overrides_failed) detail::check_scenario(r, out, refs);
  if (r.errors().empty()) return out;
  std::vector<std::string> errors = in_line_order(r.errors());
  // `s` was taken whole, so a fault of a key the overrides did not set (said at the resolved
  // scenario, which has no lines) comes of their values: a shock naming a provider that a
  // smaller count removes. It is said of the options that set them.
  std::vector<std::string> options;
  for (const auto& o : overrides)
    if (std::find(options.begin(), options.end(), o.option) == options.end())
      options.push_back(o.option);
  if (!options.empty()) {
    std::string by;
    for (const std::string& option : options) by += (by.empty() ? "" : " and ") + option;
    by += options.size() == 1 ? ": with the values it sets, " : ": with the values they set, ";
    for (std::string& e : errors)
      if (e.starts_with(label + ": ")) e = by + e.substr(label.size() + 2);
  }
  throw ScenarioError(errors);
}

std::vector<ShippedScenario> shipped_scenarios() {
  std::vector<ShippedScenario> out;
  for (const auto& [path, contents] : embedded::shipped_scenarios()) {
    ShippedScenario s;
    s.path = "scenarios/" + std::string(path);
    try {
      const toml::table t = toml::parse(contents, std::string_view(s.path));
      s.name = t["name"].value_or(fs::path(std::string(path)).stem().string());
      s.question = t["question"].value_or(std::string());
    } catch (const toml::parse_error&) {
      s.name = fs::path(std::string(path)).stem().string();
    }
    out.push_back(std::move(s));
  }
  // The baseline first, then by name.
  std::sort(out.begin(), out.end(), [](const ShippedScenario& a, const ShippedScenario& b) {
    const bool ab = a.name == "kent-baseline";
    const bool bb = b.name == "kent-baseline";
    return ab != bb ? ab : a.name < b.name;
  });
  return out;
}

namespace {

/// The schema read once, through an empty scenario: its key paths and their domains.
struct SchemaRead {
  std::vector<std::string> paths;
  std::map<std::string, KeyDomain> domains;
};

const SchemaRead& schema_read() {
  static const SchemaRead read = [] {
    Reader r("");
    Scenario s;
    detail::References refs;
    const toml::table empty;
    detail::read_scenario(r, empty, s, refs, true);
    return SchemaRead{{r.known().begin(), r.known().end()}, r.domains()};
  }();
  return read;
}

}  // namespace

const std::vector<std::string>& scenario_key_paths() {
  return schema_read().paths;
}

const std::map<std::string, KeyDomain>& scenario_key_domains() {
  return schema_read().domains;
}

std::vector<std::string> key_parts(std::string_view key) {
  std::vector<std::string> parts;
  std::string part;
  for (std::size_t i = 0; i <= key.size(); ++i) {
    if (i == key.size() || key[i] == '.') {
      if (const auto open = part.find('['); open != std::string::npos) part.erase(open);
      parts.push_back(part);
      part.clear();
    } else {
      part += key[i];
    }
  }
  return parts;
}

bool same_schema_path(const std::vector<std::string>& schema, const std::vector<std::string>& key,
                      bool any_name) {
  if (schema.size() != key.size()) return false;
  const auto among = [](const std::string& part, const auto& names) {
    return std::find(names.begin(), names.end(), part) != names.end();
  };
  for (std::size_t i = 0; i < schema.size(); ++i) {
    const std::string& want = schema[i];
    const bool same = want == key[i] || want == "<code>" ||
                      (want == "<service>" && among(key[i], detail::service_names)) ||
                      (want == "<group>" && among(key[i], detail::group_names)) ||
                      (any_name && want.starts_with('<') && want.ends_with('>') &&
                       want != "<service>" && want != "<group>");
    if (!same) return false;
  }
  return true;
}

}  // namespace caremarket::scenarios
