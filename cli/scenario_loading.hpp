#pragma once
// What every command that runs scenarios does first: load and validate them (every error to
// stderr, exit 2), and make sure the output folder may be written before any work starts.

#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/parameter_sample.hpp"
#include "results/atomic_folder.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/toml_scenario.hpp"
#include "sim/params.hpp"

namespace caremarket::cli {

/// A scenario loaded, validated and built into the engine's parameters.
struct LoadedScenario {
  scenarios::Scenario scenario;
  std::string resolved_toml;       // every default filled in
  std::string hash;                // of resolved_toml
  geography::DistrictGraph graph;  // the scenario's geography, with hex positions for reports
  sim::ModelParams params;
};

/// Every override that sets a key an earlier one sets to another value (scenarios::
/// override_leaves: a table sets each key inside it; a value set where the other sets a key
/// inside it counts too, and an entry of a table replaced whole, such as custom_weights, only
/// where the table gives that entry or comes later), as one sentence for each key naming every
/// option that sets it ("A and B both set K", "A, B and C all set K"): the later would silently
/// replace the earlier's value. The same key to the same value (0.2 and 0.20) is no fault. Empty
/// when none clash. An override with no '=' is left to the loader's own message.
std::vector<std::string> overlapping_overrides(const std::vector<scenarios::Override>& overrides);

/// Says (stderr) each --set among `sets` that sets `key` (a leaf of override_leaves: a table
/// holding it sets it too) as "--set TEXT: " and `why`; returns whether any did. The command
/// stops (exit 2) once its scenario is loaded, so the scenario's faults are said in one run.
[[nodiscard]] bool refuse_set_of(const std::vector<std::string>& sets, const std::string& key,
                                 const std::string& why);

/// For a command whose -r counts replications per evaluation (sensitivity, advise) and so never
/// reads run.replications: a --set of it would be silently unused, so it is refused, pointing to
/// -r (as refuse_set_of: said, and whether). `command` names the command in the message.
[[nodiscard]] bool refuse_unread_replications(const std::vector<std::string>& sets,
                                              const std::string& command,
                                              std::int64_t default_replications);

/// Loads a shipped scenario or file with --set overrides (refused when two of them, or a --set
/// and one of `more`, set the same key: overlapping_overrides); on error prints every problem and
/// throws Exit{exit_bad_input}. Replications and seed, where >= 0, replace the scenario's.
/// `more` are overrides from other options (sweep's --vary), applied after the --set ones.
/// With `errors`, the errors are added to it instead of printed (Exit is still thrown): for a
/// command that loads several scenarios (compare) and says which of them refused each error.
/// The model's notes (scenarios::model_notes, "NAME: NOTE") are said (stderr, "caremarket:
/// note: ", each once per process) or, with `notes`, added to it unsaid: for a command that
/// says which of its points or corners each note is of (sweep, calibrate).
LoadedScenario load_or_exit(const std::string& name_or_path, const std::vector<std::string>& sets,
                            std::int64_t replications, std::int64_t seed,
                            const std::vector<scenarios::Override>& more = {},
                            std::vector<std::string>* errors = nullptr,
                            std::vector<std::string>* notes = nullptr);

/// Says (stderr, in its loader's words) an input file given by `option` that cannot be read: it
/// does not exist, or is a folder, a pipe or a device; returns whether it did. A command calls
/// it before loading its scenario and stops once that is loaded (or refused), so that a bad
/// file and the scenario's own faults are said in one run.
bool said_unreadable(const std::string& option, const std::string& path);
/// The faults of an input file given by `option`, in its reader's words, as lines to say: one
/// of the file as a whole ("PATH: ...": it cannot be read, it has no rows) names the option
/// too ("--parameters PATH: ..."); one of a line ("PATH:LINE: ...") is as it is.
std::vector<std::string> file_fault_lines(const std::vector<std::string>& faults,
                                          const std::string& option, const std::string& path);
/// Says (stderr) each of file_fault_lines(faults, option, path).
void say_file_faults(const std::vector<std::string>& faults, const std::string& option,
                     const std::string& path);
/// How often an option was given, for "is given twice" and "is given 3 times".
std::string times_given(std::size_t times);
/// The faults of a --parameters file that no scenario decides, as lines to say (stderr, with
/// "caremarket: error: "): it cannot be read, is empty, lacks the particle or weight column,
/// gives a column twice, has no key column or no rows, a weight that is not a number or is below
/// 0, every weight 0, a cell that is no number in a column some scenario could vary
/// (scenarios::may_be_varied), or a --set of such a column (its value would never be used).
/// Found before the scenario loads, and said only if it cannot be loaded (with its faults):
/// once it loads, load_sampled_parameters finds these and every fault that needs the scenario
/// (the key columns, the rows' values), in one list.
/// With `keys_out`, the sample's key columns that some scenario could vary are put there (for a
/// command's own checks of them, such as sweep's --vary).
std::vector<std::string> sample_faults_without_scenario(
    const std::string& path, const std::vector<std::string>& sets,
    std::vector<std::string>* keys_out = nullptr);
/// Says each line as an error (stderr).
void say_errors(const std::vector<std::string>& lines);

/// A scenario name as a file or folder name (docs/robustness.md, "Names and paths"): ASCII
/// letters, digits, '-', '_' and '.' are kept, every other byte (a '/', a '\\', a space, a
/// control or non-ASCII byte) becomes '-', a leading '.' becomes '-' (so no "..", no hidden
/// name), at most 100 bytes are kept, and an empty name becomes "scenario". The result never
/// leaves the folder it is put in.
std::string safe_name(const std::string& name);

/// The default output folder of a command: out/<prefix><safe_name(name)>.
std::filesystem::path default_output_folder(const std::string& prefix, const std::string& name);

/// Notes a file the command reads (besides the scenario's own, which load_or_exit notes), so
/// that check_output_folder refuses to replace a folder holding it, even with --force. A path
/// that does not exist is ignored.
void note_input_file(const std::string& path);

/// Checks, before any work starts, that the output folder can be written (exit 2, with a
/// sentence, otherwise): it does not exist (or, with `force`, is a results folder holding no file
/// the command reads: note_input_file), no part of
/// its path is a file, the nearest existing folder is writable, and the path is not too long.
/// Then takes a lock on it (a hidden .NAME.lock beside it, removed when the process ends), so
/// that a second command writing to the same folder is refused while the first runs.
/// `writes_market`: the command writes a market folder (an input: import, synthesize), which
/// --force replaces only over another market folder; a results command never replaces one.
void check_output_folder(const std::filesystem::path& out, bool force, bool writes_market = false);
/// check_output_folder, saying its fault and returning true instead of stopping: for a command
/// that says the faults it finds after it (a parameter sample's) before it stops.
bool said_output_folder_fault(const std::filesystem::path& out, bool force);

/// The start of a command's manifest.json: tool, version, commit and command.
nlohmann::ordered_json manifest_header(const std::string& command);
/// The manifest's text, with "complete": true written last.
std::string manifest_text(nlohmann::ordered_json manifest);

/// Writes an analysis command's folder all at once: its files, then report.html built by
/// `report` from the manifest's text unless `with_report` is false, then manifest.json last.
void write_analysis_folder(const std::filesystem::path& out, std::vector<results::FolderFile> files,
                           nlohmann::ordered_json manifest, bool with_report,
                           const std::function<std::string(const std::string& manifest)>& report,
                           bool force);

/// A parameter sample (run --parameters, docs/calibration.md) and each replication's parameters
/// built from it (analysis::SampledModels).
struct SampledParameters {
  analysis::ParameterSample sample;
  analysis::SampledModels models;
  /// Replication r's parameters (thread-safe; valid while this lives).
  [[nodiscard]] const sim::ModelParams& params(std::int64_t r) const { return models(r); }
};

/// For a silent group's key (scenarios::silent_group_reason), what the sample did not do: "; the
/// column K of FILE is 0 in every row a replication may draw" where the sample has such a column
/// of the key's group (analysis::group_starting_keys leaves it out); else empty.
std::string zero_start_note(const analysis::ParameterSample* sample, std::string_view key);

/// The line saying what a sample gives each replication: "caremarket: each replication takes its
/// values of 2 keys from one of 50 sets of FILE" (no newline).
std::string sample_line(const SampledParameters& sampled, const std::string& file);

/// Loads the sample at `path` and checks it against `loaded`'s scenario before anything runs:
/// its keys, every row's values (applied to the scenario whether a replication draws the row or
/// not), and `sets` (the command's --set overrides), none of which may set a key the sample
/// sets, as the sample's value would replace it in every replication. Every problem exits 2.
/// Then, with `build`, builds for each row a replication of `loaded` (its seed and replications)
/// draws the scenario with the row's values (without: the checks only).
/// (build_sampled_models does that later, for a sample loaded without it.)
/// With `faults_out`, the faults are appended to it (as say_file_faults words them, without
/// "caremarket: error: ") instead of said, and the sample is returned unbuilt when there are any.
SampledParameters load_sampled_parameters(const std::string& path, const LoadedScenario& loaded,
                                          const std::vector<std::string>& sets, bool build = true,
                                          std::vector<std::string>* faults_out = nullptr);
/// Builds `sp`'s models for `loaded`, as load_sampled_parameters does with `build`; a row the
/// built model refuses exits 2.
void build_sampled_models(SampledParameters& sp, const LoadedScenario& loaded);

/// The manifest's "parameter_sample": file name, hash, keys, number of sets and the rule.
/// Says every fault of a --parameters file against a loaded scenario, as load_sampled_parameters
/// does, for a command that stops for a fault of its own; returns whether there were any.
bool said_sample_faults(const std::string& path, const LoadedScenario& loaded,
                        const std::vector<std::string>& sets);
nlohmann::ordered_json parameter_sample_json(const SampledParameters& sp);

/// A resolved scenario's text as a results folder holds it: when a parameter sample replaced
/// some of its values, a first comment line names the sample (file name and hash).
std::string resolved_text(const std::string& resolved_toml,
                          const analysis::ParameterSample* sample);

/// A 64-bit FNV-1a hash of a text: "fnv1a64:<16 hex digits>".
std::string text_hash(const std::string& text);

}  // namespace caremarket::cli
