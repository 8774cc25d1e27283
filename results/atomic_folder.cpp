#include "results/atomic_folder.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>
#include <utility>

#include "sim/ensemble.hpp"
#include "sim/replication.hpp"

namespace caremarket::results {

namespace fs = std::filesystem;

namespace {

/// ".NAME" + suffix for the folder `target`, e.g. .run.partial-123. (Built by appending: GCC 12
/// at -O3 warns, wrongly, of an overflow in "." + std::string.)
std::string hidden_name(const fs::path& target, const std::string& suffix) {
  std::string name(1, '.');
  name.append(target.filename().string());
  name.append(suffix);
  return name;
}

fs::path normalised_target(const fs::path& target) {
  fs::path t = target;
  if (!t.has_filename()) t = t.parent_path();  // "out/run/" names the folder "run"
  const fs::path name = t.filename();
  if (t.empty() || name == "." || name == "..") {
    throw std::invalid_argument("cannot write results to '" + target.string() +
                                "': name a folder, such as out/run");
  }
  return t;
}

fs::path parent_of(const fs::path& t) {
  return t.has_parent_path() ? t.parent_path() : fs::path(".");
}

void check_names(const std::vector<FolderFile>& files) {
  std::set<std::string> seen;
  for (const FolderFile& f : files) {
    // Plain names, or plain names joined by '/' for a file in a subfolder ("geography/x.csv").
    bool plain =
        !f.name.empty() && f.name.find_first_of(std::string("\\\0", 2)) == std::string::npos;
    for (std::size_t start = 0; plain && start <= f.name.size();) {
      const std::size_t slash = std::min(f.name.find('/', start), f.name.size());
      const std::string part = f.name.substr(start, slash - start);
      plain = !part.empty() && part != "." && part != "..";
      start = slash + 1;
    }
    if (!plain) {
      throw std::invalid_argument("results file name '" + f.name + "' is not a plain file name");
    }
    if (!seen.insert(f.name).second) {
      throw std::invalid_argument("results file '" + f.name + "' is written twice");
    }
  }
}

// Replacing by --force is allowed only for what a run writes, so that a mistyped -o cannot wipe
// an unrelated folder.
void check_replaceable(const fs::path& t) {
  const fs::file_status st = fs::symlink_status(t);
  if (!fs::is_directory(st)) {
    throw ResultsExistError("'" + t.string() + "' exists and is not a folder; not replacing it");
  }
  if (!is_results_folder(t)) {
    throw ResultsExistError("'" + t.string() +
                            "' is not a results folder (it has no manifest.json written by "
                            "caremarket); not replacing it, even with --force");
  }
}

[[noreturn]] void throw_errno(const std::string& what, const fs::path& p) {
  throw fs::filesystem_error(what, p, std::error_code(errno, std::generic_category()));
}

// Flushes a file or folder to the disk, so that a rename is never seen before the data it names.
void sync_path(const fs::path& p, bool directory) {
  const int fd = ::open(p.c_str(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
  if (fd < 0) throw_errno("cannot open for syncing", p);
  const int rc = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  errno = error;
  if (rc != 0 && error != EINVAL) throw_errno("cannot sync", p);  // EINVAL: fs without fsync
}

void write_file(const fs::path& path, const FolderFile& file) {
  fs::create_directories(path.parent_path());  // a subfolder's; the folder itself exists
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw_errno("cannot create results file", path);
    file.write(out);
    out.flush();
    if (!out) throw_errno("cannot write results file", path);
  }
  sync_path(path, false);
}

// Renames `from` onto `to`, which must not exist (atomic refusal where renameat2 is available).
void rename_no_replace(const fs::path& from, const fs::path& to) {
#ifdef RENAME_NOREPLACE
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return;
  if (errno == EEXIST || errno == ENOTEMPTY) {
    throw ResultsExistError("results folder '" + to.string() +
                            "' appeared while the results were written; not replacing it");
  }
  if (errno != EINVAL && errno != ENOSYS)
    throw_errno("cannot rename results folder into place", to);
#endif
  if (fs::exists(fs::symlink_status(to))) {
    throw ResultsExistError("results folder '" + to.string() +
                            "' appeared while the results were written; not replacing it");
  }
  fs::rename(from, to);
}

// Puts the complete folder `fresh` at `target` and removes the folder that was there.
void replace_folder(const fs::path& fresh, const fs::path& target) {
#ifdef RENAME_EXCHANGE
  if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
    std::error_code ignored;  // the new results are in place; a leftover hidden folder is harmless
    fs::remove_all(fresh, ignored);  // now the old folder
    return;
  }
  if (errno != EINVAL && errno != ENOSYS)
    throw_errno("cannot swap results folder into place", target);
#endif
  // Without an atomic exchange, the target is missing for the moment between two renames.
  fs::path old = fresh;
  old.replace_filename(hidden_name(target, ".old-" + std::to_string(::getpid())));
  fs::remove_all(old);
  fs::rename(target, old);
  try {
    fs::rename(fresh, target);
  } catch (...) {
    std::error_code ignored;
    fs::rename(old, target, ignored);
    throw;
  }
  std::error_code ignored;
  fs::remove_all(old, ignored);
}

}  // namespace

namespace {
/// The manifest.json of `folder` if it is caremarket's (a JSON object of at most 1 MiB whose
/// "tool" is "caremarket"), else a null value.
nlohmann::json caremarket_manifest(const fs::path& folder) {
  std::error_code ec;
  const fs::path manifest = folder / "manifest.json";
  const auto size = fs::file_size(manifest, ec);
  if (ec || size > (std::uintmax_t{1} << 20) || !fs::is_regular_file(manifest, ec)) return {};
  std::ifstream in(manifest, std::ios::binary);
  nlohmann::json m = nlohmann::json::parse(in, nullptr, false);
  if (!m.is_object() || !m.contains("tool") || m["tool"] != "caremarket") return {};
  return m;
}
}  // namespace

bool is_results_folder(const fs::path& folder) {
  std::error_code ec;
  if (fs::is_empty(folder, ec) && !ec) return true;
  return !caremarket_manifest(folder).is_null();
}

std::optional<std::string> folder_command(const fs::path& folder) {
  const nlohmann::json m = caremarket_manifest(folder);
  if (m.is_null()) return std::nullopt;
  // A run's manifest (results/writers.cpp) names no command: every other command's does.
  if (!m.contains("command")) return "run";
  // A command that is not text is named as its JSON.
  return m["command"].is_string() ? m["command"].get<std::string>() : m["command"].dump();
}

FolderFile text_file(std::string name, std::string contents) {
  return FolderFile{std::move(name), [text = std::move(contents)](std::ostream& out) {
                      out.write(text.data(), static_cast<std::streamsize>(text.size()));
                    }};
}

fs::path partial_folder_path(const fs::path& target) {
  const fs::path t = normalised_target(target);
  return parent_of(t) / hidden_name(t, ".partial-" + std::to_string(::getpid()));
}

namespace {
bool writes_enabled = true;
}  // namespace

void set_folder_writes_enabled(bool enabled) {
  writes_enabled = enabled;
}

bool folder_writes_enabled() {
  return writes_enabled;
}

void remove_stale_partial_folders(const fs::path& target) {
  const fs::path t = normalised_target(target);
  const std::string prefix = hidden_name(t, ".partial-");
  std::error_code ec;
  for (fs::directory_iterator it(parent_of(t), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const std::string digits = name.substr(prefix.size());
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
      continue;
    const auto pid = static_cast<pid_t>(std::stol(digits));
    // Signal 0 only asks whether the process exists; ESRCH: it does not.
    if (pid == ::getpid() || pid <= 0 || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
    std::error_code ignored;
    fs::remove_all(it->path(), ignored);
  }
}

void write_folder_atomically(const fs::path& target, const std::vector<FolderFile>& files,
                             bool force,
                             const std::function<void(const fs::path&)>& before_rename) {
  // Before any check: the first rank may already have written the folder.
  if (!writes_enabled) return;
  const fs::path t = normalised_target(target);
  check_names(files);
  const bool existed = fs::exists(fs::symlink_status(t));
  if (existed && !force) {
    throw ResultsExistError("results folder '" + t.string() +
                            "' already exists; choose another folder or use --force to replace it");
  }
  if (existed) check_replaceable(t);

  const fs::path parent = parent_of(t);
  fs::create_directories(parent);
  remove_stale_partial_folders(t);
  const fs::path partial = partial_folder_path(t);
  fs::remove_all(partial);  // left by an earlier process that had this id
  fs::create_directory(partial);
  try {
    // A signal (sim::set_stop_flag) stops the write before its next file and before the
    // rename: the partial folder is removed below and nothing that looks complete is left.
    for (const FolderFile& f : files) {
      if (sim::stop_requested()) throw sim::Stopped();
      write_file(partial / f.name, f);
    }
    sync_path(partial, true);
    if (sim::stop_requested()) throw sim::Stopped();
    if (before_rename) before_rename(partial);
    if (sim::stop_requested()) throw sim::Stopped();
    if (existed && fs::exists(fs::symlink_status(t))) {
      replace_folder(partial, t);
    } else {
      rename_no_replace(partial, t);
    }
    sync_path(parent, true);
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(partial, ignored);
    throw;
  }
}

}  // namespace caremarket::results
