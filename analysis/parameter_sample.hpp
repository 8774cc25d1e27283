#pragma once
// A parameter sample (parameters.csv of `caremarket calibrate`, docs/calibration.md) used to
// carry parameter uncertainty into an ensemble: replication i runs with the keys of one row,
// chosen by a pure function of (seed, i), so the same replications get the same sets in every
// scenario run with the same seed (common random numbers kept).

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "scenarios/parameter_list.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/toml_scenario.hpp"
#include "sim/params.hpp"

namespace caremarket::analysis {

struct ParameterSample {
  std::string file;                         // as given
  std::vector<std::string> keys;            // the columns between weight and distance, in order
  std::vector<double> weights;              // one per row, >= 0, not all 0
  std::vector<std::vector<double>> values;  // [row][key]
  std::vector<std::size_t> lines;           // [row] the file's line (1-based)
  std::size_t header_line = 1;              // the header's line (after # comment lines)
  // Rows with a cell said to be at fault (no number, a weight below 0), never drawn: their key
  // cells as read, NaN where a cell is no number, so that their other cells can be checked too
  // (one bad cell hides no other fault of its row).
  std::vector<std::vector<double>> faulty_values;  // [row][key]
  std::vector<std::size_t> faulty_lines;           // [row] the file's line
  std::string text;                                // the file's contents, for its hash
};

/// A sample that cannot be used: every problem, each "file:line: column 'name': message".
class ParameterSampleError : public std::runtime_error {
 public:
  explicit ParameterSampleError(std::vector<std::string> problems);
  [[nodiscard]] const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

/// Whether an override of `set_key` (--set, --vary) sets `key`: the same key, or a table that
/// holds it (`exits.base_hazard_per_year={...}` sets `exits.base_hazard_per_year.framework`).
bool key_covers(const std::string& set_key, const std::string& key);

/// Whether the value one override gives (a leaf of scenarios::override_leaves) would be replaced
/// by a later one of `key` (a --vary, a sample's column): as key_covers, except that a table a
/// file replaces whole (`custom_weights={E07000105=1}`) is replaced only where it holds `key`'s
/// entry; an entry it leaves out is added on top of it, and its other entries are used.
bool leaf_covers(const scenarios::OverrideLeaf& leaf, const std::string& key);

/// Reads a sample: columns particle, weight, one per key, and optionally distance. Throws
/// ParameterSampleError (unreadable, no key column, a bad number, a negative weight, all
/// weights 0, no rows). With `scenario`, a key column of that scenario that is not one of its
/// numeric parameters (a date, a list, a seed: scenarios::not_varied_reason) is refused at the
/// header, and its cells are not read as numbers. Without `scenario` (a check before the
/// scenario is loaded), only the cells of the columns that some scenario could vary
/// (scenarios::may_be_varied) are read: the faults that no scenario decides (it cannot be read, a
/// column twice, no key column, no rows, a bad or negative weight, every weight 0, a key cell
/// that is no number).
/// With `problems_out`, the faults of a readable file are appended to it instead of thrown, and
/// the sample returned holds the rows read whole (a row with a bad cell is left out), so that a
/// caller can say them with the faults found in those rows.
ParameterSample load_parameter_sample(const std::string& path,
                                      const scenarios::Scenario* scenario = nullptr,
                                      std::vector<std::string>* problems_out = nullptr);

/// The row replication `replication` takes: a draw with probability proportional to the
/// weights from the counter-based stream (seed, replication, parameter_sample, 0).
std::size_t sample_row(const ParameterSample& sample, std::uint64_t seed, std::int64_t replication);

/// The numbers of `scenario` a sample's keys may set: scenarios::numeric_parameters, and each
/// of `keys` that scenarios::settable_number takes (a derived group's referrals, a district's
/// entry of a map), with its value in the scenario.
std::vector<scenarios::NumericParameter> sample_parameters(const scenarios::Scenario& scenario,
                                                           const std::vector<std::string>& keys);

/// The keys of `sample` that give a group with nobody in care people or referrals, as
/// scenarios::with_groups_keys_start takes them: every key but a group's `initial_people` or
/// `referrals_per_year` column that is 0 in every row drawn from (such a column leaves the group
/// as it was, so that varying its other keys would move nothing).
std::vector<std::string> group_starting_keys(const ParameterSample& sample);
/// Why the group of `key` (demand.<service>.<group>...) has nobody although `sample` has a
/// column of its people or referrals: "; the column K of FILE is 0 in every row a replication
/// may draw", or empty.
std::string zero_start_note(const ParameterSample& sample, std::string_view key);

/// Checks the sample's keys against the scenario's numeric parameters
/// (scenarios::numeric_parameters) and returns every problem (empty: all good).
std::vector<std::string> check_sample_keys(const ParameterSample& sample,
                                           const scenarios::Scenario& scenario);

/// A row's overrides for scenarios::with_overrides, KEY=VALUE (reals exactly, integer keys
/// rounded; `numeric`: the scenario's scenarios::numeric_parameters, which say which keys are
/// whole numbers, worked out once by the caller for every row), each named
/// "--parameters FILE:LINE" so that an error names the file and the row's line.
std::vector<scenarios::Override> row_overrides(
    const ParameterSample& sample, std::size_t row,
    const std::vector<scenarios::NumericParameter>& numeric);

/// A row of the file as read: its line and its key cells (NaN where a cell is no number).
struct SampleRow {
  std::size_t line = 0;
  const std::vector<double>* values = nullptr;  // [key]
};
/// Every row read, drawn (values) and faulty (faulty_values), in the file's order: for checks
/// that say every fault of every row.
std::vector<SampleRow> rows_in_file_order(const ParameterSample& sample);
/// As row_overrides for any row read; a cell that is no number (NaN) is left out.
std::vector<scenarios::Override> row_overrides(
    const ParameterSample& sample, const SampleRow& row,
    const std::vector<scenarios::NumericParameter>& numeric);

/// The engine's parameters of every replication of an ensemble that carries a sample: replication
/// r runs `scenario` with the values of row sample_row(sample, run.seed, r) applied
/// (scenarios::with_overrides), with the run settings `run`, so a scenario edited in
/// memory (advise's actions, a sensitivity evaluation's value) keeps its edits. Each row drawn
/// is built once. Throws scenarios::ScenarioError when a row's values do not fit the scenario
/// (each error "--parameters FILE:LINE: KEY: message"). With `first` and `count` (count >= 0),
/// only the rows of replications first .. first + count - 1 are built: a batch of an ensemble.
class SampledModels {
 public:
  SampledModels() = default;
  SampledModels(const ParameterSample& sample, const scenarios::Scenario& scenario,
                const sim::RunParams& run, std::int64_t first = 0, std::int64_t count = -1);
  /// Replication r's parameters (thread-safe; valid while this lives). r < run.replications,
  /// and within first .. first + count - 1 when those were given.
  [[nodiscard]] const sim::ModelParams& operator()(std::int64_t r) const {
    return *sets_[row_of_[static_cast<std::size_t>(r)]];
  }
  /// The row replication r took.
  [[nodiscard]] std::size_t row(std::int64_t r) const {
    return row_of_[static_cast<std::size_t>(r)];
  }

 private:
  std::vector<std::unique_ptr<sim::ModelParams>> sets_;  // one per row some replication draws
  std::vector<std::size_t> row_of_;                      // [replication]
};

}  // namespace caremarket::analysis
