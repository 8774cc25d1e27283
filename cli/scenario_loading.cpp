#include "cli/scenario_loading.hpp"

#include <cstdio>
#include <iostream>

#include "caremarket/version.hpp"
#include "cli/commands.hpp"
#include "cli/exit.hpp"
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

LoadedScenario load_or_exit(const std::string& name_or_path, const std::vector<std::string>& sets,
                            std::int64_t replications, std::int64_t seed,
                            const std::vector<scenarios::Override>& more) {
  LoadedScenario loaded;
  std::vector<scenarios::Override> overrides;
  for (const auto& text : sets) overrides.push_back({text, "--set " + text});
  overrides.insert(overrides.end(), more.begin(), more.end());
  try {
    loaded.scenario = scenarios::load_scenario_with(name_or_path, overrides);
  } catch (const scenarios::ScenarioError& e) {
    for (const auto& line : e.errors()) std::cerr << "caremarket: error: " << line << '\n';
    throw Exit{exit_bad_input};
  }
  if (replications > 0) loaded.scenario.run.replications = replications;
  if (seed >= 0) loaded.scenario.run.seed = static_cast<std::uint64_t>(seed);
  loaded.resolved_toml = scenarios::write_resolved_scenario(loaded.scenario);
  loaded.hash = text_hash(loaded.resolved_toml);
  loaded.graph = scenarios::load_scenario_geography(loaded.scenario);
  loaded.params = scenarios::build_model(loaded.scenario, loaded.graph);
  return loaded;
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

SampledParameters load_sampled_parameters(const std::string& path, const std::string& name_or_path,
                                          const std::vector<std::string>& sets,
                                          const LoadedScenario& loaded) {
  SampledParameters sp;
  try {
    sp.sample = analysis::load_parameter_sample(path);
  } catch (const analysis::ParameterSampleError& e) {
    for (const auto& line : e.problems()) std::cerr << "caremarket: error: " << line << '\n';
    throw Exit{exit_bad_input};
  }
  const auto key_problems = analysis::check_sample_keys(sp.sample, loaded.scenario);
  for (const auto& line : key_problems) std::cerr << "caremarket: error: " << line << '\n';
  if (!key_problems.empty()) throw Exit{exit_bad_input};
  sp.sets.resize(sp.sample.values.size());
  for (std::int64_t r = 0; r < loaded.params.run.replications; ++r) {
    const std::size_t row = analysis::sample_row(sp.sample, loaded.params.run.seed, r);
    sp.row_of.push_back(row);
    if (sp.sets[row]) continue;
    std::vector<std::string> with_row = sets;
    for (std::string& s : analysis::row_sets(sp.sample, row, loaded.scenario))
      with_row.push_back(std::move(s));
    LoadedScenario one = load_or_exit(name_or_path, with_row, -1, -1);
    one.params.run = loaded.params.run;
    sp.sets[row] = std::make_unique<sim::ModelParams>(std::move(one.params));
  }
  return sp;
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

void check_output_folder(const std::filesystem::path& out, bool force) {
  if (std::filesystem::exists(out) && !force) {
    std::cerr << "caremarket: error: " << out.string()
              << " already exists; choose another folder with -o or replace it with --force\n";
    throw Exit{exit_bad_input};
  }
}

}  // namespace caremarket::cli
