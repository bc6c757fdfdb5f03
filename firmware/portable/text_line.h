// TextLine: one line of text built without printf, whose buffers (and, in newlib, heap)
// a bare-metal image would otherwise link: text, unsigned numbers and fixed point with
// six decimals; print() hands the line, newline-terminated, to Puts and starts over.
// Text that does not fit in Capacity - 2 characters is cut off.
#pragma once

#include <stdint.h>

namespace dff {
namespace fw {

template <void (*Puts)(const char*), uint32_t Capacity = 160>
class TextLine {
 public:
  TextLine& text(const char* s) {
    while (*s != '\0' && len_ + 2 < Capacity) buf_[len_++] = *s++;
    return *this;
  }
  TextLine& number(uint32_t v) {
    char digits[10];
    uint32_t n = 0;
    do {
      digits[n++] = static_cast<char>('0' + v % 10u);
      v /= 10u;
    } while (v != 0u);
    while (n > 0 && len_ + 2 < Capacity) buf_[len_++] = digits[--n];
    return *this;
  }
  // Values in [0, 4000); anything else prints "out-of-range". Digits beyond a float's
  // ~7 significant ones are noise (3999.5 prints 3999.500032).
  TextLine& fixed6(float v) {
    if (!(v >= 0.0f) || v >= 4000.0f) return text("out-of-range");
    const auto micro = static_cast<uint32_t>(v * 1e6f + 0.5f);
    number(micro / 1000000u).text(".");
    uint32_t frac = micro % 1000000u;
    for (uint32_t scale = 100000u; scale > 0u; scale /= 10u) {
      const char digit[2] = {static_cast<char>('0' + frac / scale), '\0'};
      text(digit);
      frac %= scale;
    }
    return *this;
  }
  void print() {
    buf_[len_++] = '\n';
    buf_[len_] = '\0';
    Puts(buf_);
    len_ = 0;
  }

 private:
  char buf_[Capacity] = {};
  uint32_t len_ = 0;
};

}  // namespace fw
}  // namespace dff
