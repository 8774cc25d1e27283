#include "geography/file_read.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <set>
#include <system_error>
#include <utility>

namespace caremarket::geography {

namespace {

std::string megabytes(std::uintmax_t bytes) {
  return std::to_string(bytes >> 20) + " MB";
}

std::string too_large(std::uintmax_t size, std::uintmax_t max_bytes, const std::string& kind) {
  return "the file is " + (size == 0 ? "larger than " + megabytes(max_bytes) : megabytes(size)) +
         "; " + kind + " may be at most " + megabytes(max_bytes);
}

std::string not_regular(mode_t mode) {
  if (S_ISDIR(mode)) return "is a folder, not a file";
  if (S_ISFIFO(mode)) return "is a named pipe, not a regular file; give a file";
  if (S_ISSOCK(mode)) return "is a socket, not a regular file; give a file";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "is a device, not a regular file; give a file";
  return "is not a regular file; give a file";
}

}  // namespace

std::optional<std::string> unreadable_problem(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return errno == ENOENT ? "cannot read the file: it does not exist"
                           : std::string("cannot read the file: ") + std::strerror(errno);
  if (!S_ISREG(st.st_mode)) return not_regular(st.st_mode);
  if (::access(path.c_str(), R_OK) != 0)
    return std::string("cannot read the file: ") + std::strerror(errno);
  return std::nullopt;
}

namespace {
std::mutex asked_mutex;
std::set<std::string>& asked_names() {
  static std::set<std::string> names;
  return names;
}
}  // namespace

std::vector<std::string> files_asked_for() {
  const std::lock_guard lock(asked_mutex);
  return {asked_names().begin(), asked_names().end()};
}

FileRead read_regular_file(const std::filesystem::path& path, std::uintmax_t max_bytes,
                           const std::string& kind) {
  {
    const std::lock_guard lock(asked_mutex);
    asked_names().insert(path.string());
  }
  FileRead result;
  if (auto problem = unreadable_problem(path)) {
    result.problem = std::move(*problem);
    return result;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    result.problem = std::string("cannot read the file: ") + std::strerror(errno);
    return result;
  }
  if (static_cast<std::uintmax_t>(st.st_size) > max_bytes) {
    result.problem = too_large(static_cast<std::uintmax_t>(st.st_size), max_bytes, kind);
    return result;
  }
  // O_NONBLOCK: should the file have been swapped for a pipe since stat, opening it does not
  // wait for a writer; fstat then refuses it.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    result.problem = std::string("cannot read the file: ") + std::strerror(errno);
    return result;
  }
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    result.problem = not_regular(st.st_mode);
    return result;
  }
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      result.problem = std::string("cannot read the file: ") + std::strerror(errno);
      ::close(fd);
      return result;
    }
    if (n == 0) break;
    // The cap counts what is read: a file that grows, or reports no size, stops at it.
    if (text.size() + static_cast<std::size_t>(n) > max_bytes) {
      ::close(fd);
      result.problem = too_large(0, max_bytes, kind);
      return result;
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  result.text = std::move(text);
  return result;
}

}  // namespace caremarket::geography
