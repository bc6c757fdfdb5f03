#include "cli/progress.h"

#include <stdio.h>
#include <unistd.h>

#include <string>

namespace dff::cli {
namespace {

constexpr int kBarWidth = 30;
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

}  // namespace

ProgressBar::ProgressBar(bool enabled, uint32_t total_epochs)
    : enabled_(enabled), total_(total_epochs > 0 ? total_epochs : 1), start_(std::chrono::steady_clock::now()),
      last_draw_(start_ - kRedrawInterval) {}

ProgressBar::~ProgressBar() { finish(); }

bool ProgressBar::stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

void ProgressBar::update(uint32_t epoch, float loss, const ValidationScore& validation) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < kRedrawInterval && epoch < total_) return;
  last_draw_ = now;
  const double fraction = epoch >= total_ ? 1.0 : static_cast<double>(epoch) / total_;
  const int filled = static_cast<int>(fraction * kBarWidth);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(kBarWidth - filled), '.');
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double remaining = fraction > 0.0 ? elapsed * (1.0 - fraction) / fraction : 0.0;
  char held[64] = "";
  if (validation.shown && validation.has_accuracy)
    snprintf(held, sizeof held, "  validation %.4g, %.1f%%", static_cast<double>(validation.loss),
             validation.accuracy * 100.0);
  else if (validation.shown)
    snprintf(held, sizeof held, "  validation %.4g", static_cast<double>(validation.loss));
  fprintf(stderr, "\r[%s] %3d%%  epoch %u/%u  loss %.6g%s  %.0fs left \033[K", bar.c_str(),
          static_cast<int>(fraction * 100.0), epoch, total_, static_cast<double>(loss), held, remaining);
  fflush(stderr);
  drawn_ = true;
}

void ProgressBar::finish() {
  if (!drawn_) return;
  fputs("\r\033[K", stderr);
  fflush(stderr);
  drawn_ = false;
}

}  // namespace dff::cli
