#pragma once
// A progress bar with the time left, on stderr, only when stderr is a terminal and the run has
// lasted over a second: nothing of it reaches logs or CI.

#include <chrono>
#include <cstdint>
#include <string>

namespace caremarket::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  void update(std::int64_t done, std::int64_t total);
  /// Clears the bar's line, so what is printed next starts on a line of its own; call it when the
  /// work is done, before the command's last log line (the destructor calls it too).
  void finish();

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace caremarket::cli
