#include "cli/scenario_loading.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <limits>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "caremarket/version.hpp"
#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "cli/interrupt.hpp"
#include "cli/say.hpp"
#include "geography/file_read.hpp"
#include "geography/table.hpp"
#include "results/atomic_folder.hpp"
#include "results/format.hpp"
#include "scenarios/parameter_list.hpp"
#include "scenarios/suggest.hpp"
#include "scenarios/toml_scenario.hpp"
#include "scenarios/toml_writer.hpp"

namespace caremarket::cli {

std::string text_hash(const std::string& text) {
  std::uint64_t h = 14695981039346656037ULL;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "fnv1a64:%016llx", static_cast<unsigned long long>(h));
  return buffer;
}

namespace {

// What load_or_exit read from files (scenario files, data folders and files), canonical: an
// output folder that holds any of them is never replaced.
std::vector<std::filesystem::path> inputs_read;

void note_input(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (path.empty() || !fs::exists(path, ec)) return;
  const fs::path p = fs::weakly_canonical(path, ec);
  // A sweep loads its scenario once a point: each file is noted once.
  if (!ec && std::find(inputs_read.begin(), inputs_read.end(), p) == inputs_read.end())
    inputs_read.push_back(p);
}

}  // namespace

std::vector<std::string> overlapping_overrides(const std::vector<scenarios::Override>& overrides) {
  std::vector<std::vector<scenarios::OverrideLeaf>> leaves;
  for (const auto& o : overrides) leaves.push_back(scenarios::override_leaves(o.text));
  // Whether the later leaf replaces the earlier's value, in whole or in part: the same key, a
  // value in place of the table holding it, or an entry of a table replaced whole that the
  // earlier one gives (an entry it leaves out is added to it, its others kept).
  const auto replaces = [](const scenarios::OverrideLeaf& earlier,
                           const scenarios::OverrideLeaf& later) {
    return analysis::key_covers(later.key, earlier.key) ||
           analysis::leaf_covers(earlier, later.key);
  };
  // The overrides that set each key: one sentence per key set twice or more to different values,
  // naming every option that sets it (a key given three times is said once), in the order the
  // clashes are met.
  struct Group {
    std::string key;
    std::vector<std::size_t> members;  // in the order given
  };
  std::vector<Group> groups;
  std::vector<std::string> dropped;  // an entry a table given after it replaces whole
  for (std::size_t j = 1; j < overrides.size(); ++j) {
    for (std::size_t i = 0; i < j; ++i) {
      for (const auto& later : leaves[j]) {
        for (const auto& earlier : leaves[i]) {
          // The same key to the same value, twice: nothing is replaced.
          if (earlier.key == later.key && earlier.value == later.value) continue;
          if (!replaces(earlier, later)) continue;
          // A table a file replaces whole, after an entry of it that it does not give: the
          // table does not set the entry, it drops it.
          if (later.value.starts_with('{') && earlier.key != later.key &&
              !analysis::leaf_covers(later, earlier.key)) {
            dropped.push_back(overrides[i].option + " sets " + earlier.key + ", but " +
                              overrides[j].option + ", after it, replaces the table " + later.key +
                              " whole, dropping it; give the entry inside that table, or after it");
            continue;
          }
          const std::string& key = earlier.key.size() >= later.key.size() ? earlier.key : later.key;
          auto g = std::find_if(groups.begin(), groups.end(),
                                [&](const Group& x) { return x.key == key; });
          if (g == groups.end()) g = groups.insert(groups.end(), Group{key, {}});
          for (const std::size_t m : {i, j}) {
            if (std::find(g->members.begin(), g->members.end(), m) == g->members.end())
              g->members.insert(std::upper_bound(g->members.begin(), g->members.end(), m), m);
          }
        }
      }
    }
  }
  std::vector<std::string> faults = dropped;
  for (const Group& g : groups) {
    std::vector<std::string> options;
    for (const std::size_t m : g.members) options.push_back(overrides[m].option);
    const std::string who = results::join_words(options);
    faults.push_back(who + (g.members.size() == 2 ? " both set " : " all set ") + g.key +
                     ", so one value would silently replace " +
                     (g.members.size() == 2 ? "the other" : "the others") + "; give each key once");
  }
  return faults;
}

bool refuse_set_of(const std::vector<std::string>& sets, const std::string& key,
                   const std::string& why) {
  bool said = false;
  for (const std::string& set : sets) {
    for (const scenarios::OverrideLeaf& leaf : scenarios::override_leaves(set)) {
      if (leaf.key != key) continue;
      std::cerr << "caremarket: error: --set " << set << ": " << why << '\n';
      said = true;
      break;
    }
  }
  return said;
}

bool refuse_unread_replications(const std::vector<std::string>& sets, const std::string& command,
                                std::int64_t default_replications) {
  return refuse_set_of(sets, "run.replications",
                       command + " runs -r replications per evaluation (default " +
                           std::to_string(default_replications) +
                           ") and does not read run.replications; give -r instead");
}

bool said_unreadable(const std::string& option, const std::string& path) {
  const auto problem = geography::unreadable_problem(path);
  if (problem)
    std::cerr << "caremarket: error: " << option << " " << path << ": " << *problem << '\n';
  return problem.has_value();
}

namespace {

/// A --set of a key the sample sets in every replication: its value would never be used. A
/// table sets each key inside it, so it clashes only where it sets a key the sample sets. Only
/// the columns `sampled` accepts count: a column that cannot be a key (run.seed, a date) is said
/// as such, not as a clash that dropping the --set would not mend.
std::vector<std::string> set_clashes(const analysis::ParameterSample& sample,
                                     const std::vector<std::string>& sets,
                                     const std::function<bool(const std::string&)>& sampled) {
  // By the sample's key: the --set options that set it (a key given twice is said once).
  std::vector<std::pair<std::string, std::vector<std::string>>> by_key;
  for (const std::string& set : sets) {
    for (const scenarios::OverrideLeaf& leaf : scenarios::override_leaves(set)) {
      const auto& keys = sample.keys;
      const auto k = std::find_if(keys.begin(), keys.end(), [&](const std::string& key) {
        return sampled(key) && analysis::leaf_covers(leaf, key);
      });
      if (k == keys.end()) continue;
      auto it = std::find_if(by_key.begin(), by_key.end(),
                             [&](const auto& entry) { return entry.first == *k; });
      if (it == by_key.end()) it = by_key.insert(by_key.end(), {*k, {}});
      it->second.push_back("--set " + set);
      break;
    }
  }
  std::vector<std::string> problems;
  for (const auto& [key, options] : by_key) {
    const std::string who = results::join_words(options);
    problems.push_back(
        who + ": the parameter sample " + sample.file + " sets " + key +
        " in every replication, so the value" +
        (options.size() == 1 ? std::string(" set would") : std::string("s set would")) +
        " never be used; drop " + (options.size() == 1 ? "the --set" : "those --set options") +
        ", or leave the key out of the sample");
  }
  return problems;
}

}  // namespace

std::vector<std::string> file_fault_lines(const std::vector<std::string>& faults,
                                          const std::string& option, const std::string& path) {
  std::vector<std::string> lines;
  for (const auto& line : faults)
    lines.push_back((line.starts_with(path + ": ") ? option + " " : "") + line);
  return lines;
}

void say_file_faults(const std::vector<std::string>& faults, const std::string& option,
                     const std::string& path) {
  for (const auto& line : file_fault_lines(faults, option, path)) say_error(line);
}

std::string times_given(std::size_t times) {
  return times == 2 ? std::string("twice") : std::to_string(times) + " times";
}

std::vector<std::string> sample_faults_without_scenario(const std::string& path,
                                                        const std::vector<std::string>& sets,
                                                        std::vector<std::string>* keys_out) {
  std::vector<std::string> faults;
  if (path.empty()) return faults;
  auto add = [&](const std::vector<std::string>& lines) {
    const auto worded = file_fault_lines(lines, "--parameters", path);
    faults.insert(faults.end(), worded.begin(), worded.end());
  };
  if (const auto problem = geography::unreadable_problem(path)) {
    faults.push_back("--parameters " + path + ": " + *problem);
    return faults;
  }
  try {
    std::vector<std::string> problems;
    const auto sample = analysis::load_parameter_sample(path, nullptr, &problems);
    add(problems);
    if (keys_out != nullptr)
      std::copy_if(sample.keys.begin(), sample.keys.end(), std::back_inserter(*keys_out),
                   [](const std::string& key) { return scenarios::may_be_varied(key); });
    // Before the scenario loads, only the columns no scenario could vary are known not to be
    // keys (load_sampled_parameters says those, and any other column that is none).
    add(set_clashes(sample, sets,
                    [](const std::string& key) { return scenarios::may_be_varied(key); }));
  } catch (const analysis::ParameterSampleError& e) {
    add(e.problems());
  }
  return faults;
}

void say_errors(const std::vector<std::string>& lines) {
  for (const auto& line : lines) say_error(line);
}

bool said_sample_faults(const std::string& path, const LoadedScenario& loaded,
                        const std::vector<std::string>& sets) {
  try {
    static_cast<void>(load_sampled_parameters(path, loaded, sets, false));
    return false;
  } catch (const Exit&) {
    return true;
  }
}

LoadedScenario load_or_exit(const std::string& name_or_path, const std::vector<std::string>& sets,
                            std::int64_t replications, std::int64_t seed,
                            const std::vector<scenarios::Override>& more,
                            std::vector<std::string>* errors, std::vector<std::string>* notes) {
  LoadedScenario loaded;
  std::vector<scenarios::Override> overrides;
  for (const auto& text : sets) overrides.push_back({text, "--set " + text});
  // -r and --seed set the scenario's keys as a --set would, so a --set of the same key to
  // another value is refused rather than silently replaced.
  if (replications > 0) {
    overrides.push_back(
        {"run.replications=" + std::to_string(replications), "-r " + std::to_string(replications)});
  }
  if (seed >= 0)
    overrides.push_back({"run.seed=" + std::to_string(seed), "--seed " + std::to_string(seed)});
  overrides.insert(overrides.end(), more.begin(), more.end());
  // Each error once, however many times a command loads a scenario (a sweep's points).
  static std::set<std::string> reported;
  auto report = [errors](const std::vector<std::string>& lines) {
    for (const auto& line : lines) {
      if (errors != nullptr)
        errors->push_back(line);
      else if (reported.insert(line).second)
        say_error(line);
    }
    throw Exit{exit_bad_input};
  };
  // Two overrides of one key, with the scenario's own faults (loaded with the later value):
  // every fault in one run.
  std::vector<std::string> faults = overlapping_overrides(overrides);
  try {
    loaded.scenario = scenarios::load_scenario_with(name_or_path, overrides);
  } catch (const scenarios::ScenarioError& e) {
    faults.insert(faults.end(), e.errors().begin(), e.errors().end());
  }
  if (!faults.empty()) report(faults);
  // The files this scenario is read from, for check_output_folder.
  {
    const scenarios::Scenario& s = loaded.scenario;
    note_input(name_or_path);  // a shipped name is no file: nothing noted
    for (const std::string& f : s.source_files) note_input(f);  // and every file it extends
    if (s.geography.data != "kent") note_input(s.geography.data);
    for (const std::string* f :
         {&s.files.providers, &s.files.homecare_capacity, &s.files.properties, &s.files.clients,
          &s.files.caseload, &s.files.projections})
      note_input(*f);
  }
  loaded.resolved_toml = scenarios::write_resolved_scenario(loaded.scenario);
  loaded.hash = text_hash(loaded.resolved_toml);
  loaded.graph = scenarios::load_scenario_geography(loaded.scenario);
  try {
    // The built model has checks of its own (the referrals with each district's growth).
    loaded.params = scenarios::build_model(loaded.scenario, loaded.graph);
  } catch (const scenarios::ScenarioError& e) {
    report(e.errors());
  }
  // Each note once, however many times a command loads the scenario (a sweep's points).
  static std::set<std::string> noted;
  for (const std::string& note : scenarios::model_notes(loaded.params)) {
    if (notes != nullptr) {
      notes->push_back(loaded.scenario.name + ": " + note);
      continue;
    }
    const std::string line = "caremarket: note: " + loaded.scenario.name + ": " + note;
    if (noted.insert(line).second) std::cerr << line << '\n';
  }
  return loaded;
}

std::string sample_line(const SampledParameters& sampled, const std::string& file) {
  return "caremarket: each replication takes its values of " +
         results::counted(static_cast<long long>(sampled.sample.keys.size()), "key") +
         " from one of " +
         results::counted(static_cast<long long>(sampled.sample.values.size()), "set") + " of " +
         file;
}

nlohmann::ordered_json manifest_header(const std::string& command) {
  return nlohmann::ordered_json{{"tool", "caremarket"},
                                {"version", version_string},
                                {"commit", git_commit},
                                {"command", command}};
}

std::string manifest_text(nlohmann::ordered_json manifest) {
  manifest["complete"] = true;
  return manifest.dump(2) + "\n";
}

void write_analysis_folder(const std::filesystem::path& out, std::vector<results::FolderFile> files,
                           nlohmann::ordered_json manifest, bool with_report,
                           const std::function<std::string(const std::string& manifest)>& report,
                           bool force) {
  const std::string text = manifest_text(std::move(manifest));
  if (with_report) files.push_back(results::text_file("report.html", report(text)));
  files.push_back(results::text_file("manifest.json", text));
  results::write_folder_atomically(out, files, force);
}

SampledParameters load_sampled_parameters(const std::string& path, const LoadedScenario& loaded,
                                          const std::vector<std::string>& sets, bool build,
                                          std::vector<std::string>* faults_out) {
  SampledParameters sp;
  // Said, or handed to the caller, as say_file_faults words them.
  const auto fail = [&](const std::vector<std::string>& lines) {
    if (faults_out == nullptr) {
      say_file_faults(lines, "--parameters", path);
      throw Exit{exit_bad_input};
    }
    const auto worded = file_fault_lines(lines, "--parameters", path);
    faults_out->insert(faults_out->end(), worded.begin(), worded.end());
  };
  note_input(path);  // --force never replaces the folder that holds it
  // Every fault of the file at once: its cells, its key columns against the scenario, a --set it
  // overrides, and every row against the scenario (sample_faults_without_scenario finds those
  // that need no scenario, for a command to say where the scenario cannot be loaded).
  std::vector<std::string> problems;
  try {
    sp.sample = analysis::load_parameter_sample(path, &loaded.scenario, &problems);
  } catch (const analysis::ParameterSampleError& e) {
    fail(e.problems());
    return sp;
  }
  const std::vector<std::string> key_problems =
      analysis::check_sample_keys(sp.sample, loaded.scenario);
  problems.insert(problems.end(), key_problems.begin(), key_problems.end());
  const auto numeric = analysis::sample_parameters(loaded.scenario, sp.sample.keys);
  const std::vector<std::string> clashes =
      set_clashes(sp.sample, sets, [&](const std::string& key) {
        return std::any_of(numeric.begin(), numeric.end(),
                           [&](const scenarios::NumericParameter& p) { return p.key == key; });
      });
  problems.insert(problems.end(), clashes.begin(), clashes.end());
  {
    // Every row, drawn or not: whether a file is accepted must not depend on -r or the seed.
    // A column that is no key of the scenario (said of its header above) is left out of each
    // row, and so is a fraction in a whole-number key (said by check_sample_keys): its rounded
    // value, which the file does not hold, would be what a fault named. A row with a cell at
    // fault (said above) is checked too, without that cell: one bad cell, or column, hides no
    // other fault of its row.
    const scenarios::ScenarioOverrides resolved(loaded.scenario);
    for (const analysis::SampleRow& row : analysis::rows_in_file_order(sp.sample)) {
      std::vector<scenarios::Override> overrides = analysis::row_overrides(sp.sample, row, numeric);
      for (std::size_t c = 0; c < sp.sample.keys.size(); ++c) {
        const std::string& key = sp.sample.keys[c];
        const double v = (*row.values)[c];
        const auto p = std::find_if(numeric.begin(), numeric.end(),
                                    [&](const auto& q) { return q.key == key; });
        if (p != numeric.end() && (!p->integer || v == std::round(v))) continue;
        std::erase_if(overrides,
                      [&](const scenarios::Override& o) { return o.text.starts_with(key + "="); });
      }
      try {
        static_cast<void>(resolved.apply(overrides));
      } catch (const scenarios::ScenarioError& e) {
        problems.insert(problems.end(), e.errors().begin(), e.errors().end());
      }
    }
  }
  // A column the model never reads changes nothing in any replication (sweep and calibrate
  // refuse such a key): each column is moved alone from its least value to its greatest, from
  // the corner of every column's least values and from that of their greatest, over the rows
  // drawn from; a column whose move builds the same model at both corners is refused. A key
  // another column switches on (a silent group's growth beside its people) moves the model at
  // the corner where it is on.
  if (problems.empty() && !sp.sample.values.empty()) {
    const std::size_t n = sp.sample.keys.size();
    std::vector<double> least(n, std::numeric_limits<double>::infinity());
    std::vector<double> most(n, -std::numeric_limits<double>::infinity());
    for (std::size_t r = 0; r < sp.sample.values.size(); ++r) {
      if (!(sp.sample.weights[r] > 0.0)) continue;
      for (std::size_t c = 0; c < n; ++c) {
        least[c] = std::min(least[c], sp.sample.values[r][c]);
        most[c] = std::max(most[c], sp.sample.values[r][c]);
      }
    }
    const scenarios::ScenarioOverrides resolved(loaded.scenario);
    const auto model_at =
        [&](const std::vector<double>& values) -> std::optional<sim::ModelParams> {
      analysis::ParameterSample one = sp.sample;
      one.values = {values};
      one.weights = {1.0};
      one.lines = {sp.sample.lines.empty() ? sp.sample.header_line + 1 : sp.sample.lines.front()};
      try {
        // As analysis::SampledModels builds a row's model: its geography loaded again, as a
        // row may set its road factor or speed.
        const scenarios::Scenario at = resolved.apply(analysis::row_overrides(one, 0, numeric));
        return scenarios::build_model(at, scenarios::load_scenario_geography(at));
      } catch (const std::exception&) {
        return std::nullopt;  // a corner no row reaches may be refused: nothing to compare
      }
    };
    const std::array<std::optional<sim::ModelParams>, 2> corner{model_at(least), model_at(most)};
    for (std::size_t c = 0; c < n; ++c) {
      if (!(least[c] < most[c])) continue;  // one value: the column sets it, not varies it
      bool unread = true;
      for (const bool high : {false, true}) {
        const auto& at = corner[high ? 1 : 0];
        if (!at || !unread) {
          unread = false;
          continue;
        }
        std::vector<double> moved = high ? most : least;
        moved[c] = high ? least[c] : most[c];
        const auto other = model_at(moved);
        unread = other && *other == *at;
      }
      if (!unread) continue;
      problems.push_back(sp.sample.file + ":" + std::to_string(sp.sample.header_line) +
                         ": column '" + geography::printable(sp.sample.keys[c]) +
                         "': its values build the same model (scenario " + loaded.scenario.name +
                         "'s model does not read this key), so it changes nothing in any "
                         "replication; leave it out, or give a key the model reads");
    }
  }
  if (!problems.empty()) {
    fail(problems);
    return sp;
  }
  if (build) build_sampled_models(sp, loaded);
  return sp;
}

void build_sampled_models(SampledParameters& sp, const LoadedScenario& loaded) {
  try {
    sp.models = analysis::SampledModels(sp.sample, loaded.scenario, loaded.params.run);
  } catch (const scenarios::ScenarioError& e) {
    for (const auto& line : e.errors()) say_error(line);
    throw Exit{exit_bad_input};
  }
}

nlohmann::ordered_json parameter_sample_json(const SampledParameters& sp) {
  return {{"file", std::filesystem::path(sp.sample.file).filename().string()},
          {"hash", text_hash(sp.sample.text)},
          {"keys", sp.sample.keys},
          {"sets", sp.sample.values.size()},
          {"rule",
           "replication i takes the set drawn by weight from the stream (seed, i, "
           "parameter_sample)"}};
}

std::string zero_start_note(const analysis::ParameterSample* sample, std::string_view key) {
  return sample == nullptr ? std::string() : analysis::zero_start_note(*sample, key);
}

std::string resolved_text(const std::string& resolved_toml,
                          const analysis::ParameterSample* sample) {
  if (sample == nullptr) return resolved_toml;
  // The file's name on one comment line: a line break in it would start a line of TOML.
  return "# Parameter uncertainty: each replication replaced the values of " +
         results::counted(static_cast<long long>(sample->keys.size()), "key") +
         " with one weighted set of " +
         geography::printable(std::filesystem::path(sample->file).filename().string()) + " (" +
         text_hash(sample->text) + ")\n" + resolved_toml;
}

std::string safe_name(const std::string& name) {
  std::string safe;
  for (std::size_t i = 0; i < name.size() && safe.size() < 100;) {
    const char c = name[i];
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || c == '.';
    safe += plain ? c : '-';
    // A character of several bytes (ü) is one '-', not one a byte.
    i += std::max<std::size_t>(1, geography::utf8_length(name, i));
  }
  if (!safe.empty() && safe.front() == '.') safe.front() = '-';
  return safe.empty() ? "scenario" : safe;
}

std::filesystem::path default_output_folder(const std::string& prefix, const std::string& name) {
  return std::filesystem::path("out") / (prefix + safe_name(name));
}

namespace {

// A path as quoted in a message: at most 200 bytes of it.
std::string quoted(const std::filesystem::path& p) {
  const std::string s = p.string();
  return "'" + (s.size() <= 200 ? s : s.substr(0, 100) + "..." + s.substr(s.size() - 60)) + "'";
}

// The output folder's lock: held from the check until the process ends, when the lock file is
// removed while still held (a command that opened it before then finds it locked; one that
// opens it after makes a new one). A killed process leaves the file, unlocked and harmless.
// The folders created to hold the lock are removed with it when they are still empty: a run
// refused, failed or interrupted after the check leaves no empty folders behind, and nor does
// `-o sub/../x` (which creates sub).
struct OutputLock {
  std::filesystem::path path;
  int fd = -1;
  std::vector<std::filesystem::path> created;  // deepest first
  OutputLock() = default;
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;
  ~OutputLock() { release(); }
  void release() {
    if (fd < 0) return;
    set_interrupt_lock_file(nullptr);
    ::unlink(path.c_str());
    ::close(fd);
    fd = -1;
    for (const auto& folder : created) ::rmdir(folder.c_str());  // fails, harmlessly, unless empty
    created.clear();
  }
};
OutputLock output_lock;

[[noreturn]] void refuse(const std::string& sentence) {
  say_error(sentence);
  throw Exit{exit_bad_input};
}

}  // namespace

void note_input_file(const std::string& path) {
  note_input(path);
}

namespace {

/// What a caremarket folder holds, by the command its manifest names.
enum class FolderKind : std::uint8_t { market, results, unknown };
FolderKind folder_kind(const std::string& command) {
  if (command == "import market" || command.starts_with("synthesize ")) return FolderKind::market;
  for (const std::string_view c : {"run", "compare", "sweep", "sensitivity", "advise", "calibrate"})
    if (command == c) return FolderKind::results;
  return FolderKind::unknown;
}

/// A market folder (results::folder_command names import or synthesize) inside `folder`, at
/// any depth; the first 10,000 entries are looked at (a results folder holds a few dozen).
std::optional<std::filesystem::path> market_inside(const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::size_t seen = 0;
  for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end && seen < 10'000;
       it.increment(ec), ++seen) {
    if (it->path().filename() != "manifest.json" || it.depth() == 0) continue;
    const fs::path inner = it->path().parent_path();
    if (const auto c = results::folder_command(inner); c && folder_kind(*c) == FolderKind::market)
      return inner;
  }
  return std::nullopt;
}

}  // namespace

bool said_output_folder_fault(const std::filesystem::path& out, bool force) {
  try {
    check_output_folder(out, force);
  } catch (const Exit&) {
    return true;
  }
  return false;
}

void check_output_folder(const std::filesystem::path& out, bool force, bool writes_market) {
  namespace fs = std::filesystem;
  fs::path t = out;
  if (!t.has_filename()) t = t.parent_path();
  if (t.empty() || t.filename() == "." || t.filename() == "..") {
    refuse("cannot write results to " + quoted(out) + ": name a folder, such as out/run");
  }
  if (t.string().size() >= PATH_MAX) {
    refuse("the output folder's path is " + std::to_string(t.string().size()) +
           " bytes long; at most " + std::to_string(PATH_MAX - 1) + " are allowed");
  }
  for (const fs::path& part : t) {
    // Room for the hidden .NAME.partial-PID folder the results are first written into.
    if (part.string().size() + 32 > NAME_MAX) {
      refuse("the output folder " + quoted(t) + " has a part of " +
             std::to_string(part.string().size()) + " bytes; a folder name may be at most " +
             std::to_string(NAME_MAX - 32) + " bytes");
    }
  }
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(t, ec);
  if (fs::exists(st)) {
    // A link is replaced as a link, never followed: say where it points and what to give.
    if (fs::is_symlink(st)) {
      std::error_code read_ec;
      const fs::path to = fs::read_symlink(t, read_ec);
      refuse(quoted(t) + " is a symbolic link" + (read_ec ? std::string() : " to " + quoted(to)) +
             "; caremarket writes results only to a real folder: give that folder with -o" +
             (force ? " (--force replaces a results folder, not a link to one)" : ""));
    }
    if (!fs::is_directory(st)) {
      refuse(quoted(t) +
             " exists and is not a folder; choose another folder with -o (--force "
             "replaces only a results folder)");
    }
    if (!results::is_results_folder(t)) {
      refuse(quoted(t) +
             " is not a results folder (it has no manifest.json written by caremarket); not "
             "replacing it, even with --force");
    }
    // Nor one that holds what this command reads: replacing it would destroy the input.
    std::error_code canon;
    const fs::path folder = fs::weakly_canonical(t, canon);
    for (const fs::path& input : inputs_read) {
      const auto mismatch = std::mismatch(folder.begin(), folder.end(), input.begin(), input.end());
      if (!canon && mismatch.first == folder.end()) {
        refuse(quoted(t) + " holds " + quoted(input) +
               ", which this command reads; write the results to another folder");
      }
    }
    // A market folder (a scenario and its data files, perhaps edited by hand) is an input:
    // results never replace one, nor one inside the folder, and a market never replaces
    // results; a folder whose manifest names no command caremarket writes is replaced by
    // neither.
    if (const auto command = results::folder_command(t)) {
      const FolderKind kind = folder_kind(*command);
      if (kind == FolderKind::unknown) {
        refuse(quoted(t) + " has a manifest.json whose command ('" + *command + "'" +
               ") is none caremarket writes; not replacing it, even with --force");
      }
      if (kind == FolderKind::market && !writes_market) {
        refuse(quoted(t) + " holds a market written by `caremarket " + *command +
               "` (a scenario and its data files, an input); not replacing it with results, "
               "even with --force: write the results to another folder");
      }
      if (kind == FolderKind::results && writes_market) {
        refuse(quoted(t) + " holds the results of `caremarket " + *command +
               "`; not replacing them with a market folder, even with --force: write the "
               "market to another folder");
      }
      if (!writes_market) {
        if (const auto inner = market_inside(t)) {
          refuse(quoted(t) + " holds a market folder, " + quoted(*inner) +
                 " (a scenario and its data files, an input); not replacing it with results, "
                 "even with --force: write the results to another folder");
        }
      }
    }
    // Nor the folder the command is run from, or one holding it: the shell would be left in a
    // folder that no longer exists.
    std::error_code here_ec;
    const fs::path here = fs::current_path(here_ec);
    if (!canon && !here_ec) {
      const auto mismatch = std::mismatch(folder.begin(), folder.end(), here.begin(), here.end());
      if (mismatch.first == folder.end()) {
        refuse(quoted(t) + (folder == here ? " is" : " holds") +
               " the folder this command is run from; replacing it would leave the shell in a "
               "folder that no longer exists: write the results to another folder, or run the "
               "command from outside it");
      }
    }
    // Only a folder --force could replace is offered it.
    if (!force) {
      refuse(quoted(t) +
             " already exists; choose another folder with -o or replace it with "
             "--force");
    }
  }
  // The nearest existing folder above: it must be a folder, and writable.
  fs::path parent = t.has_parent_path() ? t.parent_path() : fs::path(".");
  while (!fs::exists(fs::symlink_status(parent, ec)) && parent.has_parent_path() &&
         parent.parent_path() != parent) {
    parent = parent.parent_path();
  }
  if (!fs::exists(fs::status(parent, ec))) parent = ".";
  if (!fs::is_directory(fs::status(parent, ec))) {
    refuse("cannot write results to " + quoted(t) + ": " + quoted(parent) +
           " is a file, not a folder");
  }
  if (::access(parent.c_str(), W_OK | X_OK) != 0) {
    refuse("cannot write results to " + quoted(t) + ": the folder " + quoted(parent) +
           " is not writable");
  }
  // The lock, beside the output folder (the folders above it are created now). The ranks of a
  // distributed run that write nothing take none.
  if (!results::folder_writes_enabled()) return;
  const fs::path above = t.has_parent_path() ? t.parent_path() : fs::path(".");
  std::vector<fs::path> created;
  for (fs::path f = above; !f.empty() && !fs::exists(fs::symlink_status(f, ec));
       f = f.parent_path()) {
    created.push_back(f);
    if (f.parent_path() == f) break;
  }
  fs::create_directories(above, ec);
  if (ec) {
    refuse("cannot create the folder " + quoted(above) + " for the results: " + ec.message());
  }
  const fs::path lock = above / ("." + t.filename().string() + ".lock");
  const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    refuse("cannot create the lock " + quoted(lock) + " for the results: " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    refuse("another caremarket command is writing " + quoted(t) +
           "; wait for it to finish or choose another folder with -o");
  }
  output_lock.release();  // a command checking a second folder keeps only the last lock
  output_lock.path = lock;
  output_lock.fd = fd;
  output_lock.created = std::move(created);
  set_interrupt_lock_file(output_lock.path.c_str());
}

}  // namespace caremarket::cli
