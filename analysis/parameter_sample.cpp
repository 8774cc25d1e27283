#include "analysis/parameter_sample.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "geography/district_graph.hpp"
#include "geography/file_read.hpp"
#include "geography/table.hpp"
#include "results/format.hpp"
#include "scenarios/parameter_list.hpp"
#include "scenarios/suggest.hpp"
#include "scenarios/toml_scenario.hpp"
#include "sim/random.hpp"

namespace caremarket::analysis {

ParameterSampleError::ParameterSampleError(std::vector<std::string> problems)
    : std::runtime_error(problems.empty() ? "bad parameter sample" : problems.front()),
      problems_(std::move(problems)) {}

bool key_covers(const std::string& set_key, const std::string& key) {
  return key == set_key ||
         (key.size() > set_key.size() && key.starts_with(set_key) && key[set_key.size()] == '.');
}

bool leaf_covers(const scenarios::OverrideLeaf& leaf, const std::string& key) {
  if (!key_covers(leaf.key, key)) return false;
  if (key == leaf.key || !leaf.value.starts_with('{')) return true;
  // A table a file replaces whole (custom_weights): an entry it leaves out is set on top of it.
  return scenarios::toml_value_at("value = " + leaf.value, "value" + key.substr(leaf.key.size()))
      .has_value();
}

ParameterSample load_parameter_sample(const std::string& path, const scenarios::Scenario* scenario,
                                      std::vector<std::string>* problems_out) {
  ParameterSample s;
  s.file = path;
  // Only a regular file, of a sane size (a folder or a pipe is refused with a sentence).
  geography::FileRead read = geography::read_regular_file(path, 64u << 20, "a parameter sample");
  if (!read.text) throw ParameterSampleError({path + ": " + read.problem});
  s.text = std::move(*read.text);
  geography::Problems problems;
  const geography::Table t(
      path, s.text, {{"particle", true}, {"weight", true}, {"distance", false}}, problems, true);
  s.header_line = t.csv().header_line;
  std::size_t refused = 0;                // key columns refused at the header
  std::vector<std::string> default_keys;  // the default scenario's parameters, for suggestions
  std::vector<std::string> repeated;      // key columns said to appear more than once
  // The scenario as the sample's own columns find it (a silent group's people or referrals
  // among them let its other columns be taken).
  // A key column in TOML's quoted or spaced form (exits."stress_slope") is the key TOML reads,
  // as in --set; its cells are read under the column's name as written.
  std::vector<std::string> header_keys;
  for (const std::string& column : t.csv().header)
    header_keys.push_back(scenarios::plain_key(column));
  std::vector<std::string> columns;  // the key columns as written, in the order of s.keys
  std::optional<scenarios::Scenario> given;
  if (scenario != nullptr) {
    given = scenarios::with_groups_keys_start(*scenario, header_keys);
    scenario = &*given;
  }
  const std::vector<scenarios::NumericParameter> numeric =
      scenario != nullptr ? scenarios::numeric_parameters(*scenario)
                          : std::vector<scenarios::NumericParameter>{};
  for (std::size_t h = 0; h < header_keys.size(); ++h) {
    const std::string& key = header_keys[h];
    const std::string& column = t.csv().header[h];  // as written, for messages
    if (key == "particle" || key == "weight" || key == "distance") continue;
    // Each key column is read: a second one of a key would be read as the first. Said once,
    // however many times it appears.
    if (const auto earlier = std::find(s.keys.begin(), s.keys.end(), key);
        earlier != s.keys.end()) {
      if (std::find(repeated.begin(), repeated.end(), key) == repeated.end()) {
        const std::string& first = columns[static_cast<std::size_t>(earlier - s.keys.begin())];
        problems.add(path, s.header_line, column,
                     column == first ? "column appears more than once in the header"
                                     : "names the key " + key + ", as the earlier column '" +
                                           geography::printable(first) + "' does");
        repeated.push_back(key);
      }
      continue;
    }
    // A key of the scenario that is no varied number (a date, a list, a seed) is said of its
    // header, as check_sample_keys says it, not as "not a number" at its first cell.
    std::string refusal;  // why the scenario cannot take a number of this kind (settable_number)
    if (scenario != nullptr &&
        std::none_of(numeric.begin(), numeric.end(),
                     [&](const scenarios::NumericParameter& p) { return p.key == key; }) &&
        !scenarios::settable_number(*scenario, key, &refusal)) {
      if (!refusal.empty()) {
        problems.add(path, s.header_line, column, refusal);
        ++refused;
        continue;
      }
      if (const auto reason = scenarios::not_varied_reason(key, scenario)) {
        problems.add(path, s.header_line, column, *reason);
        ++refused;
        continue;
      }
    }
    // Without the scenario, a key that no scenario could vary (run.seed, a date, a list or one
    // of its elements) is said too; an index on a number (exits.stress_slope[0]) is left to the
    // scenario, which says to drop it.
    if (scenario == nullptr && !scenarios::may_be_varied(key) &&
        !scenarios::may_be_varied(key.substr(0, key.find('[')))) {
      if (const auto reason = scenarios::not_varied_reason(key)) {
        problems.add(path, s.header_line, column, *reason);
        ++refused;
        continue;
      }
      // No key of the schema at all (a misspelling, not_varied_reason's nullopt): no scenario
      // has it, whichever is loaded. Suggested from the default scenario's parameters.
      // Worked out once, for the first such column.
      if (default_keys.empty())
        for (const auto& p : scenarios::numeric_parameters(scenarios::kent_baseline()))
          default_keys.push_back(p.key);
      const std::vector<std::string>& keys = default_keys;
      problems.add(
          path, s.header_line, column,
          "no scenario has a numeric parameter of this name" + scenarios::did_you_mean(key, keys));
      ++refused;
      continue;
    }
    s.keys.push_back(key);
    columns.push_back(t.csv().header[h]);
  }
  if (t.has_header() && s.keys.empty() && refused == 0)
    problems.add(path, "no key column (KEY columns between weight and distance)");
  // The cells read as numbers: those of the scenario's numeric parameters (a column that is no
  // key of the scenario is said of its header by check_sample_keys, not again at each cell);
  // without the scenario, those of the columns some scenario could vary.
  std::vector<bool> read_cells;
  for (const std::string& k : s.keys) {
    read_cells.push_back(
        scenario == nullptr
            ? scenarios::may_be_varied(k)
            : std::any_of(numeric.begin(), numeric.end(),
                          [&](const scenarios::NumericParameter& p) { return p.key == k; }) ||
                  scenarios::settable_number(*scenario, k).has_value());
  }
  // The weights of every row whose weight is a number of at least 0, and whether every row's is.
  double total = 0.0;
  bool weights_read = true;
  // A particle is a whole number, once each (calibrate numbers them 1, 2, ...; a sample made
  // elsewhere may start at 0): a row's number is how a report or a reader names it, so two of
  // one number could not be told apart.
  std::map<std::int64_t, std::size_t> particle_line;
  for (const auto& row : t.csv().records) {
    if (const auto particle = t.whole_number(row, "particle")) {
      if (*particle < 0) {
        t.problem(row, "particle", "must be 0 or more");
      } else if (const auto [at, fresh] = particle_line.emplace(*particle, row.line); !fresh) {
        t.problem(row, "particle",
                  "particle " + std::to_string(*particle) + " repeats line " +
                      std::to_string(at->second) + "; each particle is one row");
      }
    }
    const auto w = t.number(row, "weight");
    std::vector<double> v;
    bool ok = w.has_value();
    if (w && *w < 0.0) {
      t.problem(row, "weight", "must be 0 or more");
      ok = false;
    }
    if (ok) {
      total += *w;
    } else {
      weights_read = false;
    }
    for (std::size_t c = 0; c < s.keys.size(); ++c) {
      if (!read_cells[c]) {
        v.push_back(0.0);
        continue;
      }
      const auto x = t.number(row, columns[c]);
      ok = ok && x.has_value();
      v.push_back(x.value_or(std::nan("")));
    }
    if (!ok) {
      s.faulty_values.push_back(std::move(v));
      s.faulty_lines.push_back(row.line);
      continue;
    }
    s.weights.push_back(*w);
    s.values.push_back(std::move(v));
    s.lines.push_back(row.line);
  }
  // Said with the cells' faults: the weights of the rows with a bad key cell count too.
  if (t.has_columns() && t.csv().records.empty()) {
    problems.add(path, "no parameter sets in the file");
  } else if (t.has_columns() && weights_read && !(total > 0.0)) {
    problems.add(path, "every weight is 0");
  } else if (!std::isfinite(total)) {
    problems.add(path, "the weights add up to more than a number can hold; scale them down");
  }
  try {
    problems.throw_if_any();
  } catch (const geography::GeographyError& e) {
    if (problems_out == nullptr) throw ParameterSampleError(e.problems());
    problems_out->insert(problems_out->end(), e.problems().begin(), e.problems().end());
  }
  return s;
}

std::size_t sample_row(const ParameterSample& sample, std::uint64_t seed,
                       std::int64_t replication) {
  sim::RandomStream rng(seed, static_cast<std::uint64_t>(replication),
                        sim::StreamPurpose::parameter_sample, 0);
  return sim::draw_weighted(rng, sample.weights);
}

std::vector<scenarios::NumericParameter> sample_parameters(const scenarios::Scenario& base,
                                                           const std::vector<std::string>& keys) {
  const scenarios::Scenario scenario = scenarios::with_groups_keys_start(base, keys);
  std::vector<scenarios::NumericParameter> params = scenarios::numeric_parameters(scenario);
  for (const std::string& k : keys) {
    if (std::any_of(params.begin(), params.end(), [&](const auto& p) { return p.key == k; }))
      continue;
    if (auto p = scenarios::settable_number(scenario, k)) params.push_back(std::move(*p));
  }
  return params;
}

std::vector<std::string> group_starting_keys(const ParameterSample& sample) {
  std::vector<std::string> out;
  for (std::size_t k = 0; k < sample.keys.size(); ++k) {
    const std::string& key = sample.keys[k];
    const bool starts = key.starts_with("demand.") &&
                        (key.ends_with(".initial_people") || key.ends_with(".referrals_per_year"));
    bool given = !starts;
    for (std::size_t r = 0; r < sample.values.size() && !given; ++r)
      given = sample.weights[r] > 0.0 && sample.values[r][k] > 0.0;
    if (!given) continue;
    out.push_back(key);
  }
  return out;
}

std::string zero_start_note(const ParameterSample& sample, std::string_view key) {
  if (!key.starts_with("demand.")) return {};
  // demand.<service>.<group> of the key.
  const auto second = key.find('.', key.find('.', 7) + 1);
  const std::string_view group =
      key.substr(0, second == std::string_view::npos ? key.size() : second);
  const std::vector<std::string> starting = group_starting_keys(sample);
  for (const std::string& k : sample.keys) {
    if (!k.starts_with(group) || k.size() <= group.size() || k[group.size()] != '.') continue;
    if (std::find(starting.begin(), starting.end(), k) != starting.end()) continue;
    return "; the column " + k + " of " + sample.file + " is 0 in every row a replication may draw";
  }
  return {};
}

std::vector<std::string> check_sample_keys(const ParameterSample& sample,
                                           const scenarios::Scenario& base) {
  // Only a column that gives a silent group people or referrals in a row drawn from starts it.
  const scenarios::Scenario scenario =
      scenarios::with_groups_keys_start(base, group_starting_keys(sample));
  std::vector<std::string> problems;
  const auto params = scenarios::numeric_parameters(scenario);
  for (const std::string& k : sample.keys) {
    std::string refusal;
    const bool found =
        std::any_of(params.begin(), params.end(), [&](const auto& p) { return p.key == k; }) ||
        scenarios::settable_number(scenario, k, &refusal).has_value();
    if (!found) {
      const auto reason =
          refusal.empty() ? scenarios::not_varied_reason(k, &scenario) : std::optional(refusal);
      std::vector<std::string> keys;
      for (const auto& p : params) keys.push_back(p.key);
      const std::string note =
          scenarios::silent_group_reason(scenario, k) ? zero_start_note(sample, k) : std::string();
      problems.push_back(sample.file + ":" + std::to_string(sample.header_line) + ": column '" +
                         geography::printable(k) +
                         (reason ? "': " + *reason + note
                                 : "' is not a numeric parameter of scenario " + scenario.name +
                                       scenarios::did_you_mean(k, keys)));
    }
  }
  // A whole-number key (a count) takes whole numbers only: rounding 2.5 would run another set.
  for (std::size_t c = 0; c < sample.keys.size(); ++c) {
    const auto it = std::find_if(params.begin(), params.end(),
                                 [&](const auto& p) { return p.key == sample.keys[c]; });
    if (it == params.end() || !it->integer) continue;
    // Every row read, also one with a fault in another cell; a cell that is no number is said
    // as such by load_parameter_sample.
    for (const SampleRow& row : rows_in_file_order(sample)) {
      const double v = (*row.values)[c];
      if (std::isnan(v) || v == std::round(v)) continue;
      problems.push_back(sample.file + ":" + std::to_string(row.line) + ": column '" +
                         sample.keys[c] + "': the key is a whole number, found " +
                         results::format_number(v));
    }
  }
  return problems;
}

namespace {

/// KEY=VALUE for each key cell of `values` that is a number (params: the scenario's numeric
/// parameters, for which keys are whole numbers).
std::vector<std::string> sets_of(const ParameterSample& sample, const std::vector<double>& values,
                                 const std::vector<scenarios::NumericParameter>& params) {
  std::vector<std::string> sets;
  for (std::size_t k = 0; k < sample.keys.size(); ++k) {
    if (std::isnan(values[k])) continue;
    scenarios::NumericParameter p;
    p.key = sample.keys[k];
    for (const auto& q : params) {
      if (q.key == p.key) p.integer = q.integer;
    }
    sets.push_back(p.key + "=" + scenarios::set_value_text(p, values[k]));
  }
  return sets;
}

std::vector<scenarios::Override> named_overrides(const ParameterSample& sample, std::size_t line,
                                                 std::vector<std::string> sets) {
  // Named like an option (no line of its own): the file and the row's line.
  const std::string option = "--parameters " + sample.file + ":" + std::to_string(line);
  std::vector<scenarios::Override> overrides;
  for (std::string& text : sets) overrides.push_back({std::move(text), option});
  return overrides;
}

}  // namespace

std::vector<scenarios::Override> row_overrides(
    const ParameterSample& sample, std::size_t row,
    const std::vector<scenarios::NumericParameter>& numeric) {
  return named_overrides(sample, row < sample.lines.size() ? sample.lines[row] : 0,
                         sets_of(sample, sample.values[row], numeric));
}

std::vector<SampleRow> rows_in_file_order(const ParameterSample& sample) {
  std::vector<SampleRow> rows;
  for (std::size_t r = 0; r < sample.values.size(); ++r)
    rows.push_back({r < sample.lines.size() ? sample.lines[r] : 0, &sample.values[r]});
  for (std::size_t r = 0; r < sample.faulty_values.size(); ++r)
    rows.push_back(
        {r < sample.faulty_lines.size() ? sample.faulty_lines[r] : 0, &sample.faulty_values[r]});
  std::stable_sort(rows.begin(), rows.end(),
                   [](const SampleRow& a, const SampleRow& b) { return a.line < b.line; });
  return rows;
}

std::vector<scenarios::Override> row_overrides(
    const ParameterSample& sample, const SampleRow& row,
    const std::vector<scenarios::NumericParameter>& numeric) {
  return named_overrides(sample, row.line, sets_of(sample, *row.values, numeric));
}

SampledModels::SampledModels(const ParameterSample& sample, const scenarios::Scenario& scenario,
                             const sim::RunParams& run, std::int64_t first, std::int64_t count) {
  sets_.resize(sample.values.size());
  const std::int64_t end = count < 0 ? run.replications : first + count;
  const auto numeric = sample_parameters(scenario, sample.keys);
  std::optional<scenarios::ScenarioOverrides> resolved;  // written and parsed once, if needed
  for (std::int64_t r = 0; r < run.replications; ++r) {
    const std::size_t row = sample_row(sample, run.seed, r);
    row_of_.push_back(row);
    if (r < first || r >= end || sets_[row]) continue;
    // The geography is loaded again as a row may set its road factor or speed.
    const std::vector<scenarios::Override> overrides = row_overrides(sample, row, numeric);
    if (!resolved) resolved.emplace(scenario);
    const scenarios::Scenario s = resolved->apply(overrides);
    sim::ModelParams p;
    try {
      p = scenarios::build_model(s, scenarios::load_scenario_geography(s));
    } catch (const scenarios::ScenarioError& e) {
      // The built model's own checks (the referrals with each district's growth) say nothing
      // of the row: it is named, as the loader's checks name it.
      if (overrides.empty()) throw;
      std::vector<std::string> lines;
      for (const std::string& line : e.errors())
        lines.push_back(overrides.front().option + ": with this row's values, " + line);
      throw scenarios::ScenarioError(lines);
    }
    p.run = run;
    sets_[row] = std::make_unique<sim::ModelParams>(std::move(p));
  }
}

}  // namespace caremarket::analysis
