// Peak heap use of a block of code, for tests that bound what a reader allocates. Replaces
// the global operator new/delete of the test program that includes it (include it in one
// file per program): every allocation is counted, and one larger than kHeapRequestCap
// throws std::bad_alloc at once, so a reader that would ask for gigabytes fails the test
// quickly instead of swapping.
#pragma once

#include <stdlib.h>

#include <atomic>
#include <new>

namespace heap_peak {

constexpr size_t kHeapRequestCap = size_t{256} << 20;
constexpr size_t kHeader = 16;  // keeps the alignment malloc gives

inline std::atomic<size_t> in_use{0};
inline std::atomic<size_t> peak{0};

// Bytes allocated on top of what was in use when it was made, at the highest point.
class Measure {
 public:
  Measure() : start_(in_use.load()) { peak.store(start_); }
  size_t peak_bytes() const { return peak.load() - start_; }

 private:
  size_t start_;
};

}  // namespace heap_peak

void* operator new(size_t n) {
  if (n > heap_peak::kHeapRequestCap) throw std::bad_alloc();
  void* block = malloc(n + heap_peak::kHeader);
  if (block == nullptr) throw std::bad_alloc();
  *static_cast<size_t*>(block) = n;
  const size_t now = heap_peak::in_use.fetch_add(n) + n;
  size_t seen = heap_peak::peak.load();
  while (now > seen && !heap_peak::peak.compare_exchange_weak(seen, now)) {
  }
  return static_cast<char*>(block) + heap_peak::kHeader;
}
void* operator new[](size_t n) { return operator new(n); }
void operator delete(void* p) noexcept {
  if (p == nullptr) return;
  char* block = static_cast<char*>(p) - heap_peak::kHeader;
  heap_peak::in_use.fetch_sub(*reinterpret_cast<size_t*>(block));
  free(block);
}
void operator delete[](void* p) noexcept { operator delete(p); }
void operator delete(void* p, size_t) noexcept { operator delete(p); }
void operator delete[](void* p, size_t) noexcept { operator delete(p); }
