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

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace caremarket::cli
