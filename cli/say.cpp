#include "cli/say.hpp"

#include <cctype>
#include <iostream>
#include <mutex>
#include <streambuf>
#include <vector>

#include "geography/file_read.hpp"
#include "geography/table.hpp"

namespace caremarket::cli {

namespace {

struct FileFaults {
  std::ostream* out = nullptr;
  std::string prefix;
  std::string file;
  std::size_t said = 0;
  long long unsaid = 0;
  long long first_unsaid_line = 0;
  long long last_unsaid_line = 0;
};

std::mutex said_mutex;
std::vector<FileFaults> files_with_faults;  // in the order their first fault was said

// "1234567" -> "1,234,567".
std::string with_commas(long long n) {
  std::string digits = std::to_string(n);
  for (auto at = static_cast<long long>(digits.size()) - 3; at > 0; at -= 3)
    digits.insert(static_cast<std::size_t>(at), ",");
  return digits;
}

struct FaultLine {
  std::string file;
  long long line = 0;
};

// The file a fault is of, if it names one of its lines: "x.csv" and 12 of "x.csv:12: column
// ...", false for a fault of no file's line. A line is digits between a colon and ": ", so that
// a name or value holding "12:30" is no line; what stands before the file (a scenario's name
// or a sweep's points, ending ": ", and an option such as "--parameters ") is not the file's.
/// The line of `fault` from a file the command asked to read, where it names one as
/// "NAME:DIGITS: ": the first such place in the text (the longest name there), whatever the
/// names hold (a folder named "d 3:1: x").
bool read_file_line(const std::string& fault, FaultLine& out) {
  std::size_t best_at = std::string::npos;
  for (const std::string& name : geography::files_asked_for()) {
    if (name.empty()) continue;
    for (std::size_t at = fault.find(name); at != std::string::npos && at <= best_at;
         at = fault.find(name, at + 1)) {
      std::size_t end = at + name.size();
      if (end >= fault.size() || fault[end] != ':') continue;
      std::size_t digits = end + 1;
      while (digits < fault.size() && std::isdigit(static_cast<unsigned char>(fault[digits])) != 0)
        ++digits;
      if (digits == end + 1 || digits - end - 1 > 12 || digits + 1 >= fault.size() ||
          fault[digits] != ':' || fault[digits + 1] != ' ')
        continue;
      if (at == best_at && name.size() <= out.file.size()) continue;
      best_at = at;
      out = FaultLine{name, std::stoll(fault.substr(end + 1, digits - end - 1))};
    }
  }
  return best_at != std::string::npos;
}

bool fault_line(const std::string& fault, FaultLine& out) {
  if (read_file_line(fault, out)) return true;
  // Else the first "NAME:DIGITS: " whose NAME's last part has an extension (x.csv, scenario.toml)
  // is the file's line: a scenario named "staff ratio 3:1" standing before it is not. A file with
  // no extension is found when nothing else is.
  FaultLine first;
  bool found = false;
  for (std::size_t colon = fault.find(':'); colon != std::string::npos;
       colon = fault.find(':', colon + 1)) {
    std::size_t end = colon + 1;
    while (end < fault.size() && std::isdigit(static_cast<unsigned char>(fault[end])) != 0) ++end;
    if (end == colon + 1 || end + 1 >= fault.size() || fault[end] != ':' || fault[end + 1] != ' ' ||
        colon == 0)
      continue;
    if (end - colon - 1 > 12) continue;  // no file has a line past 10^12
    std::string file = fault.substr(0, colon);
    if (const auto after = file.rfind(": "); after != std::string::npos) file.erase(0, after + 2);
    if (file.starts_with("--") && file.find(' ') != std::string::npos)
      file.erase(0, file.find(' ') + 1);
    FaultLine at{std::move(file), std::stoll(fault.substr(colon + 1, end - colon - 1))};
    const std::size_t slash = at.file.rfind('/');
    const std::size_t dot = at.file.rfind('.');
    const bool extension =
        dot != std::string::npos && dot > (slash == std::string::npos ? 0 : slash + 1);
    if (extension) {
      out = std::move(at);
      return true;
    }
    if (!found) first = std::move(at);
    found = true;
  }
  if (found) out = std::move(first);
  return found;
}

}  // namespace

void say_error(std::ostream& out, const std::string& prefix, const std::string& line) {
  FaultLine at;
  const std::lock_guard lock(said_mutex);
  if (!fault_line(line, at)) {
    out << prefix << line << '\n';
    return;
  }
  auto it = files_with_faults.begin();
  while (it != files_with_faults.end() &&
         !(it->out == &out && it->prefix == prefix && it->file == at.file))
    ++it;
  if (it == files_with_faults.end())
    it = files_with_faults.insert(files_with_faults.end(), FileFaults{&out, prefix, at.file});
  if (it->said < faults_said_per_file) {
    ++it->said;
    out << prefix << line << '\n';
    return;
  }
  if (it->unsaid == 0 || at.line < it->first_unsaid_line) it->first_unsaid_line = at.line;
  if (it->unsaid == 0 || at.line > it->last_unsaid_line) it->last_unsaid_line = at.line;
  ++it->unsaid;
}

void say_error(const std::string& line) {
  say_error(std::cerr, "caremarket: error: ", line);
}

void say_unsaid_faults() {
  const std::lock_guard lock(said_mutex);
  for (const FileFaults& f : files_with_faults) {
    if (f.unsaid == 0) continue;
    const std::string lines = f.first_unsaid_line == f.last_unsaid_line
                                  ? "on line " + std::to_string(f.first_unsaid_line)
                                  : "on lines " + std::to_string(f.first_unsaid_line) + " to " +
                                        std::to_string(f.last_unsaid_line);
    *f.out << f.prefix << f.file << ": " << with_commas(f.unsaid) << " more "
           << (f.unsaid == 1 ? "fault, " : "faults, ") << lines << ", "
           << (f.unsaid == 1 ? "is" : "are") << " not said; the first " << f.said << " are above"
           << std::endl;
  }
  files_with_faults.clear();
}

namespace {

/// A stream buffer that passes what it is given to `to` as geography::escaped writes it, line
/// breaks and tabs kept. It holds nothing back: each write goes through at once (so a UTF-8
/// character split over two writes would be escaped byte by byte; a message is written whole).
class ControlEscapingBuffer : public std::streambuf {
 public:
  explicit ControlEscapingBuffer(std::streambuf* to) : to_(to) {}

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    const char ch = traits_type::to_char_type(c);
    return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    const std::string out =
        geography::escaped(std::string_view(s, static_cast<std::size_t>(n)), true);
    const auto size = static_cast<std::streamsize>(out.size());
    return to_->sputn(out.data(), size) == size ? n : 0;
  }
  int sync() override { return to_->pubsync(); }

 private:
  std::streambuf* to_;
};

}  // namespace

void escape_control_bytes_in_messages() {
  // Never freed: the standard streams are flushed after every static object is destroyed.
  static auto* const err = new ControlEscapingBuffer(std::cerr.rdbuf());
  static auto* const out = new ControlEscapingBuffer(std::cout.rdbuf());
  std::cerr.rdbuf(err);
  std::cout.rdbuf(out);
}

}  // namespace caremarket::cli
