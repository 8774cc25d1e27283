#pragma once
// Reading an input file safely: only a regular file (a symbolic link to one is followed), never
// a device, pipe, socket or folder (a pipe would block, /dev/zero would never end), and at most
// a cap of bytes, counted as they are read, not as stat reports them (docs/robustness.md).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace caremarket::geography {

/// A file's text, or why it was not read: a sentence such as "is a folder, not a file" or
/// "the file is 300 MB; a data file may be at most 256 MB".
struct FileRead {
  std::optional<std::string> text;
  std::string problem;
};

/// Reads `path` if it is a regular file of at most `max_bytes`; `kind` names the file in the
/// size message ("a data file").
FileRead read_regular_file(const std::filesystem::path& path, std::uintmax_t max_bytes,
                           const std::string& kind);

/// Every path read_regular_file has been asked to read in this process, as given
/// (`path.string()`), in no order: so that a message naming one of them at a line ("NAME:3: ")
/// can be told from a path that itself holds ":3: ". Thread-safe.
std::vector<std::string> files_asked_for();

/// Why `path` could not be read as read_regular_file reads it, from its status alone ("cannot
/// read the file: it does not exist", "is a folder, not a file"); nullopt when it is a regular
/// file (its size and contents are the reader's to judge). Reads nothing.
std::optional<std::string> unreadable_problem(const std::filesystem::path& path);

}  // namespace caremarket::geography
