// A one-line progress bar with the current loss (and the validation loss and accuracy),
// drawn on stderr while dff trains.
#pragma once

#include <stdint.h>

#include <chrono>

namespace dff::cli {

// Loss and accuracy on the validation rows, when there are any.
struct ValidationScore {
  bool shown = false;
  float loss = 0.0f;
  bool has_accuracy = false;
  double accuracy = 0.0;
};

class ProgressBar {
 public:
  // Draws nothing unless `enabled` (the caller checks --quiet and that stderr is a terminal).
  ProgressBar(bool enabled, uint32_t total_epochs);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Redraws the bar (at most ~10 times a second) after `epoch` of the total epochs.
  void update(uint32_t epoch, float loss, const ValidationScore& validation = ValidationScore());
  // True when the bar is drawn (callers skip work only the bar needs).
  bool enabled() const { return enabled_; }
  // Erases the bar so the summary line starts on a clean line; called by the destructor too.
  void finish();

  // True when stderr is a terminal.
  static bool stderr_is_terminal();

 private:
  bool enabled_;
  bool drawn_ = false;
  uint32_t total_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace dff::cli
