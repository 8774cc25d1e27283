// `caremarket compare BASE ALT...`: runs the scenarios on the same random streams (common
// random numbers) and writes each KPI's paired difference from the base, county-wide and per
// district, to comparison.csv.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>

#include "analysis/compare.hpp"
#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "cli/interrupt.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "cli/say.hpp"
#include "cli/scenario_loading.hpp"
#include "cli/work_limits.hpp"
#include "geography/read_stop.hpp"
#include "results/analysis_report.hpp"
#include "results/atomic_folder.hpp"
#include "results/format.hpp"
#include "scenarios/parameter_list.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/toml_scenario.hpp"
#include "scenarios/toml_writer.hpp"
#include "sim/calendar.hpp"

namespace caremarket::cli {

namespace {

/// Faults found against several scenarios: each once, in the order met, with the scenarios that
/// gave it. A fault that names the scenario it was found against ("max from the scenario X as
/// resolved") is the same fault in every scenario that gives it: told apart without the name.
class FaultsByScenario {
 public:
  /// The faults `lines` found against the scenario `by` (as the user named it, or its name);
  /// `name`: the scenario's name as a fault would give it ("" when none does).
  void add(const std::string& by, const std::string& name, const std::vector<std::string>& lines) {
    const std::string named = "the scenario " + name + " ";
    for (const std::string& line : lines) {
      std::string same = line;
      if (!name.empty()) {
        for (auto at = same.find(named); at != std::string::npos; at = same.find(named, at))
          same.replace(at, named.size(), "each scenario ");
      }
      auto it = std::find_if(faults_.begin(), faults_.end(),
                             [&](const Fault& f) { return f.same == same; });
      if (it == faults_.end()) it = faults_.insert(faults_.end(), Fault{same, line, {}});
      if (std::find(it->by.begin(), it->by.end(), by) == it->by.end()) it->by.push_back(by);
    }
  }
  /// Says each fault (stderr), as its one scenario gave it or, when more gave it, with "each
  /// scenario"; named by the scenarios that gave it unless all `scenarios` did or `unnamed`
  /// says the fault names its scenario itself.
  void say(std::size_t scenarios,
           const std::function<bool(const std::string&, const std::vector<std::string>&)>& unnamed =
               {}) const {
    for (const Fault& f : faults_) {
      const bool name_it = f.by.size() < scenarios && !(unnamed && unnamed(f.first, f.by));
      say_error((name_it ? results::join_words(f.by) + ": " : "") +
                (f.by.size() == 1 ? f.first : f.same));
    }
  }
  /// Calls f(line, by) for every fault, as the first scenario gave it.
  template <typename F>
  void for_each(F&& f) const {
    for (const Fault& fault : faults_) f(fault.first, fault.by);
  }
  [[nodiscard]] bool empty() const { return faults_.empty(); }

 private:
  struct Fault {
    std::string same;   // the line, "each scenario" for its scenario's name
    std::string first;  // the line as the first scenario gave it
    std::vector<std::string> by;
  };
  std::vector<Fault> faults_;
};

struct CompareOptions {
  std::vector<std::string> scenarios;
  std::int64_t replications = -1;
  int threads = 0;
  std::int64_t seed = -1;
  std::string out;
  bool force = false;
  bool no_report = false;
  std::vector<std::string> sets;
  std::string parameters;
  std::int64_t max_runs = default_max_runs;
};

analysis::KpiSample sample(const LoadedScenario& s, int threads, const SampledParameters* sampled) {
  sim::EnsembleOptions o;
  if (sampled != nullptr) {
    o.params_for = [sampled](std::int64_t r) -> const sim::ModelParams& {
      return sampled->params(r);
    };
  }
  o.replications = s.params.run.replications;
  o.threads = threads;
  ProgressBar bar("running " + s.scenario.name);
  o.progress = [&](std::int64_t done, std::int64_t total) { bar.update(done, total); };
  o.cancelled = interrupted;
  analysis::KpiSample result = analysis::run_kpi_sample(s.params, o);
  exit_if_interrupted();  // before anything is written
  return result;
}

/// A --set applies to every scenario: one of a key the base and an alternative set to different
/// values (as written, with every other --set but not this one) would run both at one value,
/// and the comparison would not see the difference it is about. Said (returns whether), naming the
/// key and both values. The run's own keys are not checked: compare runs every scenario on the
/// base's seed and replications anyway, and a --set of the time span is what makes two
/// scenarios of different spans comparable at all.
bool said_sets_erasing_differences(const CompareOptions& o) {
  bool said = false;
  // On one line, and cut short past 100 characters (a list of actions is long).
  const auto one_line = [](const std::string& text) {
    std::string line;
    for (const char c : text) {
      if (c == '\n') continue;
      if (c == ' ' && !line.empty() && line.back() == ' ') continue;
      line += c;
    }
    return line.size() > 100 ? line.substr(0, 97) + "..." : line;
  };
  for (std::size_t s = 0; s < o.sets.size(); ++s) {
    std::vector<scenarios::OverrideLeaf> leaves;
    for (scenarios::OverrideLeaf& leaf : scenarios::override_leaves(o.sets[s]))
      if (!leaf.key.starts_with("run.")) leaves.push_back(std::move(leaf));
    if (leaves.empty()) continue;
    // Each scenario as its files give it, resolved; one valid only with --set options, with
    // the others. (With the others first, a base the others make invalid on its own, as a
    // short horizon leaves its reopenings outside the run, was skipped, and the difference
    // this --set erases went unseen.)
    std::vector<std::string> others;
    for (std::size_t t = 0; t < o.sets.size(); ++t)
      if (t != s) others.push_back(o.sets[t]);
    std::vector<std::optional<std::string>> written;
    for (const std::string& name : o.scenarios) {
      std::optional<std::string> text;
      for (const std::vector<std::string>& sets : {std::vector<std::string>{}, others}) {
        try {
          text = scenarios::write_resolved_scenario(scenarios::load_scenario(name, sets));
          break;
        } catch (const geography::ReadStopped&) {
          throw;  // a signal: the command stops
        } catch (const std::exception&) {
          // valid only with this --set too: nothing to compare it by
        }
      }
      written.push_back(std::move(text));
    }
    if (!written.front()) continue;
    for (const scenarios::OverrideLeaf& leaf : leaves) {
      const std::string base =
          scenarios::toml_value_at(*written.front(), leaf.key).value_or("(not set)");
      for (std::size_t i = 1; i < written.size(); ++i) {
        if (!written[i]) continue;
        const std::string alternative =
            scenarios::toml_value_at(*written[i], leaf.key).value_or("(not set)");
        if (alternative == base) continue;
        std::cerr << "caremarket: error: --set " << o.sets[s] << ": " << o.scenarios[i] << " sets "
                  << leaf.key << " to " << one_line(alternative) << " and the base, "
                  << o.scenarios[0] << ", to " << one_line(base)
                  << "; a --set applies to every scenario, "
                  << "so both would run one value and the comparison would not see that "
                  << "difference; give the value in a scenario file that extends one of them "
                  << "instead\n";
        said = true;
      }
    }
  }
  return said;
}

void compare(const CompareOptions& o) {
  // Too few scenarios is said with the faults of those given (a bad --set among them).
  const bool too_few = o.scenarios.size() < 2;
  if (too_few)
    std::cerr << "caremarket: error: compare needs a base scenario and at least one alternative\n";
  // Every --set applies to every scenario: a name given so would name them all alike.
  bool refused_sets =
      refuse_set_of(o.sets, "name",
                    "compare names each scenario by its own name, and a --set applies to every "
                    "scenario, so all would share one; rename a scenario in its file instead");
  refused_sets |= refuse_set_of(
      o.sets, "question",
      "compare shows each scenario's question as its file asks it, and a --set "
      "applies to every scenario, so all would ask one; change a question in its file "
      "instead");
  // A --parameters file's faults are said with the scenarios', in one run: those no scenario
  // decides where a scenario cannot be loaded, else all of them against each (below).
  const auto sample_faults = sample_faults_without_scenario(o.parameters, o.sets);
  std::vector<LoadedScenario> loaded;
  // Every scenario is checked, and every one's errors listed, before the command stops: each
  // error once, in the order met, naming the scenarios that refused it unless every one did (a
  // fault of a --set or of a file they all extend; else which scenario refused would be lost).
  FaultsByScenario refusals;  // by the scenario as named on the command line
  bool refused = false;
  std::vector<std::string> loaded_as;  // each loaded scenario as named on the command line
  for (const std::string& name : o.scenarios) {
    std::vector<std::string> errors;
    try {
      loaded.push_back(load_or_exit(name, o.sets, o.replications, o.seed, {}, &errors));
      loaded_as.push_back(name);
    } catch (const Exit&) {
      refused = true;
      refusals.add(name, "", errors);
    }
  }
  // The sample checked against each scenario loaded, its faults said each once (naming the
  // scenarios that refuse a row unless all do); returns whether there were any. With `kept`,
  // each scenario's sample, unbuilt, is kept there.
  const auto said_sample_against_loaded = [&](std::vector<SampledParameters>* kept) {
    FaultsByScenario faults;
    std::set<std::string> names;
    for (const LoadedScenario& l : loaded) {
      std::vector<std::string> found;
      SampledParameters sp = load_sampled_parameters(o.parameters, l, o.sets, false, &found);
      if (kept != nullptr) kept->push_back(std::move(sp));
      faults.add(l.scenario.name, l.scenario.name, found);
      names.insert(l.scenario.name);
    }
    faults.say(names.size());
    return !faults.empty();
  };
  // Where the base loaded, the checks below still compare it with each alternative that loaded
  // (their time spans, a key the sample sets, the sample's rows): said with the refusals.
  const bool base_loaded = !o.scenarios.empty() && !loaded_as.empty() &&
                           loaded_as.front() == o.scenarios.front() && loaded.size() >= 2;
  if (refused) {
    // An error of one scenario's name itself (no such scenario) starts with the name: that
    // scenario was never read, so it takes no other error, and the error is said once.
    const auto of_name = [](const std::string& line, const std::vector<std::string>& by) {
      return by.size() == 1 && line.starts_with(by[0] + ": ");
    };
    std::set<std::string> unnamed;
    refusals.for_each([&](const std::string& line, const std::vector<std::string>& by) {
      if (of_name(line, by)) unnamed.insert(by[0]);
    });
    // A fault of one scenario file that names the file ("FILE:LINE: ...") needs no name before
    // it; one of a file it extends does ("child.toml: parent.toml:5: ...").
    const auto names_itself = [](const std::string& line, const std::vector<std::string>& by) {
      return by.size() == 1 && line.starts_with(by[0] + ":");
    };
    refusals.say(
        std::set<std::string>(o.scenarios.begin(), o.scenarios.end()).size() - unnamed.size(),
        names_itself);
    // Where the base and an alternative loaded, the sample is checked below, with the base's
    // other checks. Else it is checked against each scenario that loaded (a fault of its rows
    // that only a scenario decides is said too), or, where none did, for what no scenario
    // decides.
    if (!base_loaded || refused_sets || too_few) {
      if (!o.parameters.empty() && !loaded.empty()) {
        static_cast<void>(said_sample_against_loaded(nullptr));
      } else {
        say_errors(sample_faults);
      }
      throw Exit{exit_bad_input};
    }
  }
  // The sample is checked against the first scenario too: its faults are said with the rest.
  if (refused_sets || too_few) {
    if (!o.parameters.empty() && !loaded.empty())
      static_cast<void>(said_sample_faults(o.parameters, loaded.front(), o.sets));
    throw Exit{exit_bad_input};
  }
  // Said with the sample's and the output folder's faults (below).
  const bool erasing = said_sets_erasing_differences(o);
  // A scenario named twice (a scenario against itself) is told apart by a suffix.
  // The suffix is the first that leaves the name unlike every other scenario's: a scenario
  // already named "A-2" keeps its name, and the second "A" becomes "A-3".
  std::vector<std::string> given_names;
  for (const auto& l : loaded) given_names.push_back(l.scenario.name);
  for (std::size_t i = 1; i < loaded.size(); ++i) {
    int copies = 1;
    for (std::size_t j = 0; j < i; ++j) copies += given_names[j] == given_names[i] ? 1 : 0;
    if (copies == 1) continue;
    const auto taken = [&](const std::string& name) {
      for (std::size_t j = 0; j < loaded.size(); ++j)
        if (j != i && (loaded[j].scenario.name == name || given_names[j] == name)) return true;
      return false;
    };
    std::string name;
    for (int k = copies;; ++k) {
      name = given_names[i] + "-" + std::to_string(k);
      if (!taken(name)) break;
    }
    loaded[i].scenario.name = name;
    // The same scenario given again is "given 2 times"; another file whose scenario has the
    // name is said to share it (it was given once).
    std::size_t first = 0;
    while (given_names[first] != given_names[i]) ++first;
    std::cerr << "caremarket: note: " << loaded_as[i];
    if (loaded_as[first] == loaded_as[i]) {
      std::cerr << " is given " << copies << " times";
    } else {
      std::cerr << " names its scenario " << given_names[i] << ", as " << loaded_as[first]
                << " does";
    }
    std::cerr << "; this one is called " << name << " in the results\n";
  }
  // Common random numbers: every scenario runs the base's seed and replication count.
  LoadedScenario& base = loaded.front();
  bool unmatched = false;
  for (std::size_t i = 1; i < loaded.size(); ++i) {
    auto& run = loaded[i].params.run;
    if (run.seed != base.params.run.seed || run.replications != base.params.run.replications) {
      std::cerr << "caremarket: note: " << loaded[i].scenario.name
                << " runs with the base's seed and "
                << "replications, so that the comparison is on common random numbers\n";
      run.seed = base.params.run.seed;
      run.replications = base.params.run.replications;
      loaded[i].scenario.run.seed = run.seed;
      loaded[i].scenario.run.replications = run.replications;
    }
    const auto& b = base.params.run;
    if (run.horizon_months != b.horizon_months || run.start != b.start || run.period != b.period) {
      // Each key that differs, as written in a scenario file, with both values.
      std::vector<std::string> differ;
      if (run.start != b.start) {
        differ.push_back("run.start_date " + sim::to_iso(run.start) + " against " +
                         sim::to_iso(b.start));
      }
      if (run.horizon_months != b.horizon_months) {
        differ.push_back("run.horizon_months " + std::to_string(run.horizon_months) + " against " +
                         std::to_string(b.horizon_months));
      }
      if (run.period != b.period) {
        differ.push_back("run.period \"" + scenarios::period_name(run.period) + "\" against \"" +
                         scenarios::period_name(b.period) + "\"");
      }
      std::string list;
      for (const std::string& d : differ) list += (list.empty() ? "" : "; ") + d;
      std::cerr << "caremarket: error: " << loaded[i].scenario.name
                << " runs over another time span than the base " << base.scenario.name << " ("
                << list << "); compare pairs the same periods, so they must match\n";
      unmatched = true;
    }
    if (loaded[i].params.district_codes != base.params.district_codes) {
      std::cerr << "caremarket: error: " << loaded[i].scenario.name
                << " uses other districts than the base; compare needs the same geography\n";
      unmatched = true;
    }
  }
  // Each scenario's resolved file as it runs here: its name in the results (a second copy's is
  // told apart) and the base's seed and replications (it kept its own).
  for (LoadedScenario& s : loaded) {
    s.resolved_toml = scenarios::write_resolved_scenario(s.scenario);
    s.hash = text_hash(s.resolved_toml);
  }
  const std::filesystem::path out = o.out.empty()
                                        ? default_output_folder("compare-", base.scenario.name)
                                        : std::filesystem::path(o.out);
  note_input_file(o.parameters);  // read below; its folder is never replaced
  // The folder's fault is said with the sample's (below), not alone.
  const bool bad_folder = said_output_folder_fault(out, o.force);
  // Parameter uncertainty: every scenario's replication i takes the same row of the sample
  // (the rows are drawn from the base's seed, which every scenario now runs). The sample is
  // checked against every scenario before anything is sized or built, its faults said with the
  // others: each once, naming the scenarios that refused it unless every one did.
  std::vector<SampledParameters> sampled;
  bool bad_sample = false;
  if (!o.parameters.empty()) {
    bad_sample = said_sample_against_loaded(&sampled);
    // An alternative that changes a key the sample sets would be compared at the sample's
    // values: the change would never be seen.
    const std::vector<std::string> keys =
        sampled.empty() ? std::vector<std::string>{} : sampled.front().sample.keys;
    const auto base_values = analysis::sample_parameters(loaded.front().scenario, keys);
    for (std::size_t i = 1; i < loaded.size() && !sampled.empty(); ++i) {
      for (const auto& p : analysis::sample_parameters(loaded[i].scenario, keys)) {
        if (std::find(keys.begin(), keys.end(), p.key) == keys.end()) continue;
        const auto b = std::find_if(base_values.begin(), base_values.end(),
                                    [&](const auto& q) { return q.key == p.key; });
        if (b != base_values.end() && b->value == p.value) continue;
        std::cerr << "caremarket: error: " << loaded[i].scenario.name << " sets " << p.key << " to "
                  << results::format_number(p.value) << " (the base "
                  << (b == base_values.end() ? std::string("does not have it")
                                             : results::format_number(b->value))
                  << "), but the parameter sample " << o.parameters
                  << " sets this key in every replication, so the comparison would not see "
                     "the change; leave the key out of the sample\n";
        bad_sample = true;
      }
    }
  }
  if (unmatched || bad_sample || bad_folder || erasing || refused) throw Exit{exit_bad_input};
  check_work(
      "compare",
      results::counted(static_cast<long long>(loaded.size()), "scenario") + " x " +
          results::counted(base.params.run.replications, "replication"),
      saturating_product(static_cast<std::int64_t>(loaded.size()), base.params.run.replications),
      o.max_runs);
  for (std::size_t i = 0; i < sampled.size(); ++i) build_sampled_models(sampled[i], loaded[i]);
  const auto sampled_for = [&](std::size_t i) { return sampled.empty() ? nullptr : &sampled[i]; };

  std::cerr << "caremarket: comparing "
            << results::counted(static_cast<long long>(loaded.size() - 1), "alternative")
            << " with " << base.scenario.name << " on "
            << results::counted(base.params.run.replications, "paired replication") << "\n";
  const analysis::KpiSample base_sample = sample(base, o.threads, sampled_for(0));
  const std::size_t periods =
      sim::period_boundaries(base.params.run.start, base.params.run.horizon_months,
                             base.params.run.period)
          .size() -
      1;
  const results::SpendYears years(base.params.run, periods);
  std::vector<analysis::ComparisonRow> rows;
  std::vector<analysis::SpendComparisonRow> spend_rows;
  for (std::size_t i = 1; i < loaded.size(); ++i) {
    const analysis::KpiSample alt = sample(loaded[i], o.threads, sampled_for(i));
    auto part = analysis::compare_samples(base_sample, alt, loaded[i].scenario.name, base.params,
                                          base.scenario.area_code, base.scenario.area_name);
    rows.insert(rows.end(), part.begin(), part.end());
    auto spend = analysis::compare_spend(base_sample, alt, loaded[i].scenario.name, years);
    spend_rows.insert(spend_rows.end(), spend.begin(), spend.end());
  }

  std::vector<results::FolderFile> files;
  std::ostringstream comparison;
  analysis::write_comparison_csv(comparison, base.scenario.name, rows);
  files.push_back(results::text_file("comparison.csv", comparison.str()));
  std::ostringstream spend_comparison;
  analysis::write_spend_comparison_csv(spend_comparison, base.scenario.name, spend_rows);
  files.push_back(results::text_file("spend_by_year_comparison.csv", spend_comparison.str()));
  nlohmann::ordered_json m = manifest_header("compare");
  m["base"] = base.scenario.name;
  m["overrides"] = o.sets;  // every --set, as given, applied to every scenario
  m["seed"] = base.params.run.seed;
  m["replications"] = base.params.run.replications;
  if (!sampled.empty()) m["parameter_sample"] = parameter_sample_json(sampled.front());
  m["scenarios"] = nlohmann::ordered_json::array();
  std::set<std::string> file_names;
  for (const LoadedScenario& s : loaded) {
    m["scenarios"].push_back({{"name", s.scenario.name}, {"hash", s.hash}});
    // Names become file names only through safe_name; two that map alike are told apart.
    std::string file = safe_name(s.scenario.name);
    for (int n = 2; !file_names.insert(file).second; ++n)
      file = safe_name(s.scenario.name) + "-" + std::to_string(n);
    files.push_back(results::text_file(
        file + ".resolved.toml",
        resolved_text(s.resolved_toml, sampled.empty() ? nullptr : &sampled.front().sample)));
  }
  // The base's districts with their hex-map positions, for the report's map.
  m["districts"] = nlohmann::ordered_json::array();
  for (const std::string& code : base.params.district_codes) {
    const auto index = base.graph.find(code);
    if (!index) continue;
    const geography::District& d = base.graph.district(*index);
    m["districts"].push_back(
        {{"code", d.code}, {"name", d.name}, {"hex_col", d.hex_col}, {"hex_row", d.hex_row}});
  }
  write_analysis_folder(
      out, std::move(files), std::move(m), !o.no_report,
      [&](const std::string& manifest) {
        return results::build_compare_report_html(manifest, comparison.str(),
                                                  spend_comparison.str());
      },
      o.force);

  // A short table of the county-wide headline differences.
  std::printf("%-22s %-17s %-36s %14s %27s %8s\n", "alternative", "service", "kpi", "difference",
              "95% interval", "P(better)");
  for (const auto& r : rows) {
    if (r.area_code != base.scenario.area_code) continue;
    if (r.kpi.find("share") == std::string::npos &&
        r.kpi.find("waiting_mean") == std::string::npos &&
        r.kpi.find("premium") == std::string::npos &&
        r.kpi.find("displaced") == std::string::npos && r.kpi != "spend_gbp_total") {
      continue;
    }
    const auto& d = r.difference;
    std::printf("%-22s %-17s %-36s %14s   [%11s, %11s] %8s\n", r.alternative.c_str(),
                sim::to_string(r.service), r.kpi.c_str(),
                results::format_number(d.mean_difference).c_str(),
                std::isnan(d.ci95_low) ? "-" : results::format_number(d.ci95_low).c_str(),
                std::isnan(d.ci95_high) ? "-" : results::format_number(d.ci95_high).c_str(),
                std::isnan(d.probability_alternative_better) || d.replications < 2
                    ? "-"
                    : results::format_number(d.probability_alternative_better).c_str());
  }
  if (base.scenario.run.replications < 2) {
    std::cerr << "caremarket: note: one paired run gives neither an interval nor a chance of "
                 "being better: run -r 2 or more\n";
  }
  std::cerr << "caremarket: comparison in " << out.string() << "\n";
}

}  // namespace

void add_compare_command(CLI::App& app) {
  auto options = std::make_shared<CompareOptions>();
  CLI::App* cmd = app.add_subcommand("compare",
                                     "Run scenarios on common random numbers and report each KPI's "
                                     "paired difference from the base");
  cmd->add_option("scenarios", options->scenarios,
                  "BASE then one or more ALTERNATIVE scenarios (names or files)")
      ->required()
      ->check(non_empty("a scenario name or file"));
  cmd->add_option("-r,--replications", options->replications,
                  "Paired replications (default: the base scenario's run.replications)")
      ->check(whole_number(1, 1'000'000));
  cmd->add_option("-j,--threads", options->threads, "Worker threads (0: all cores)")
      ->check(whole_number(0, max_threads))
      ->capture_default_str();
  cmd->add_option("--seed", options->seed,
                  "Seed for every scenario (default: the base scenario's run.seed)")
      ->check(whole_number(0));
  cmd->add_option("-o,--out", options->out, "Output folder (default out/compare-BASE)")
      ->check(non_empty("a folder"));
  one_value_each_use(cmd->add_option("--set", options->sets,
                                     "Override a key in every scenario, KEY=VALUE (repeatable)"));
  cmd->add_option("--parameters", options->parameters,
                  "Parameter sample (parameters.csv of calibrate): replication i of every "
                  "scenario takes the same weighted set (docs/calibration.md)")
      ->check(non_empty("a parameters.csv file"));
  cmd->add_flag("--force", options->force, "Replace an existing output folder");
  cmd->add_flag("--no-report", options->no_report, "Do not write report.html");
  add_max_runs_option(cmd, options->max_runs);
  cmd->callback([options] { compare(*options); });
}

}  // namespace caremarket::cli
