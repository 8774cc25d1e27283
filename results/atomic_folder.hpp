#pragma once
// Writing a folder of files all at once: into a hidden sibling first, renamed into place only
// when every file is complete, so an interrupted or failed write never leaves a folder that
// looks complete, and an existing folder is replaced only on request and only by a complete one.

#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace caremarket::results {

/// The target folder exists and was not to be replaced (a usage error: exit code 2).
class ResultsExistError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A file of the folder: a plain name, or plain names joined by '/' for a file in a subfolder
/// (geography/districts.csv), and what writes its contents.
struct FolderFile {
  std::string name;
  std::function<void(std::ostream&)> write;
};

/// A FolderFile holding the given text.
FolderFile text_file(std::string name, std::string contents);

/// Whether `folder` is one caremarket may replace with --force: empty, or holding a
/// manifest.json (at most 1 MiB) that is a JSON object whose "tool" is "caremarket", as every
/// command writes. A web app's or anyone else's manifest.json does not make a results folder.
bool is_results_folder(const std::filesystem::path& folder);

/// The "command" of the manifest.json of `folder` (as is_results_folder reads it: a caremarket
/// manifest of at most 1 MiB), e.g. "compare" or "import market", and "run" for a manifest
/// naming none (a run's), a "command" that is not text as its JSON text; nullopt when there is
/// no such manifest.
std::optional<std::string> folder_command(const std::filesystem::path& folder);

/// The name of the temporary sibling `target` is written into: .<name>.partial-<pid>.
std::filesystem::path partial_folder_path(const std::filesystem::path& target);

/// Writes `files`, in order, into a temporary sibling of `target` and renames it to `target`.
/// Parent folders are created. If `target` exists: without `force`, throws ResultsExistError
/// before writing anything; with `force`, it is replaced (atomically where the file system
/// allows) once the new folder is complete, but only if is_results_folder, else
/// ResultsExistError. On any failure the temporary
/// folder is removed, `target` is left as it was, and the exception propagates; so too when
/// the stop flag (sim::set_stop_flag) is raised during the write, checked before each file and
/// before the rename, which throws sim::Stopped. Throws
/// std::invalid_argument for a file name that is empty, has an empty, . or .. part or a
/// backslash, or repeats. `before_rename`, if given, is called with the temporary folder once
/// every file is in it, before the rename: what it throws stops the write as any failure does
/// (a check of the folder as written: `caremarket import` loads the scenario it wrote).
void write_folder_atomically(
    const std::filesystem::path& target, const std::vector<FolderFile>& files, bool force,
    const std::function<void(const std::filesystem::path&)>& before_rename = nullptr);

/// Whether write_folder_atomically writes anything (true unless set otherwise). The ranks of a
/// distributed run other than the first compute the same results as the first and write
/// nothing: the first writes the folder.
void set_folder_writes_enabled(bool enabled);
/// Whether this process writes folders (set_folder_writes_enabled).
bool folder_writes_enabled();

/// Removes the hidden .<name>.partial-PID folders beside `target` left by processes that no
/// longer run (killed while writing); those of running processes are left alone. Called by
/// write_folder_atomically before it writes.
void remove_stale_partial_folders(const std::filesystem::path& target);

}  // namespace caremarket::results
