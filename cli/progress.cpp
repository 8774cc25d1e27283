#include "cli/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace caremarket::cli {

ProgressBar::ProgressBar(std::string label)
    : label_(std::move(label)),
      enabled_(isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

ProgressBar::~ProgressBar() {
  finish();
}

void ProgressBar::finish() {
  if (drawn_) {
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
  }
  drawn_ = false;
  enabled_ = false;  // a finished bar is not drawn again
}

void ProgressBar::update(std::int64_t done, std::int64_t total) {
  if (!enabled_ || total <= 0) return;
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  if (elapsed < 1.0 || (now - last_draw_ < std::chrono::milliseconds(100) && done < total)) return;
  last_draw_ = now;
  drawn_ = true;
  const double fraction = static_cast<double>(done) / static_cast<double>(total);
  const double left = fraction > 0.0 ? elapsed * (1.0 - fraction) / fraction : 0.0;
  constexpr int width = 30;
  const int filled = static_cast<int>(fraction * width);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(width - filled), '.');
  std::fprintf(stderr, "\r%s [%s] %lld/%lld  %.0f s left ", label_.c_str(), bar.c_str(),
               static_cast<long long>(done), static_cast<long long>(total), left);
  std::fflush(stderr);
}

}  // namespace caremarket::cli
