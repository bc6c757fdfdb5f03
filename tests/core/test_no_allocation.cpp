// Proves the bare-metal core never allocates: while a guard is armed, every
// operator new and (outside sanitizer builds) every malloc/calloc/realloc fails the test.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <new>

#include "core/network.h"
#include "core/train.h"

#if defined(__SANITIZE_ADDRESS__)
#define DFF_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DFF_SANITIZED 1
#endif
#endif

namespace {
bool g_armed = false;          // test-only global: the guard for this executable
unsigned g_allocations = 0;

void note_allocation() {
  if (g_armed) ++g_allocations;
}

struct AllocationGuard {
  AllocationGuard() {
    g_allocations = 0;
    g_armed = true;
  }
  ~AllocationGuard() { g_armed = false; }
};
}  // namespace

void* operator new(std::size_t n) {
  note_allocation();
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  note_allocation();
  return std::malloc(n ? n : 1);
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

#if !defined(DFF_SANITIZED) && defined(__GLIBC__)
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* malloc(std::size_t n) {
  note_allocation();
  return __libc_malloc(n);
}
void* calloc(std::size_t a, std::size_t b) {
  note_allocation();
  return __libc_calloc(a, b);
}
void* realloc(void* p, std::size_t n) {
  note_allocation();
  return __libc_realloc(p, n);
}
}
#define DFF_MALLOC_GUARDED 1
#endif

TEST_CASE("the guard detects allocations") {
  unsigned counted = 0;
  {
    AllocationGuard guard;
    void* volatile p = std::malloc(16);
    std::free(p);
    counted = g_allocations;
    int* volatile q = new int(3);
    delete q;
    counted = g_allocations - counted;
  }
#if defined(DFF_MALLOC_GUARDED)
  CHECK(g_allocations >= 2);  // malloc, then operator new (which itself calls malloc)
#endif
  CHECK(counted >= 1);
}

namespace {

// Everything a microcontroller would do with a network, with no Catch2 macro inside
// (Catch2 allocates): returns false on the first failing Status.
bool exercise_core(dff::Optimizer opt) {
  static float storage[512];  // caller-provided buffer, as on a microcontroller
  static const float inputs[8][3] = {{0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0}, {1, 1, 0}, {1, 1, 1}, {1, 0, 1}, {1, 0, 0}};
  static const float targets[8][2] = {{1, 0}, {0, 1}, {0, 1}, {1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 0}};
  const uint16_t widths[] = {3, 4, 5, 2};
  dff::Topology t;
  if (!dff::make_topology(widths, 4, dff::Activation::kTanh, dff::Activation::kSoftmax, true, &t).ok()) return false;
  t.normalize = true;
  dff::Network net;
  // Mini-batches (all but SGD here) go through the batch memory: matrix-matrix products.
  const dff::MemoryPlan plan{true, opt, static_cast<uint16_t>(opt == dff::Optimizer::kSgd ? 1 : 4)};
  if (dff::bytes_required(t, plan) > sizeof storage) return false;
  if (!net.init(t, plan, storage, sizeof storage).ok()) return false;
  net.initialize(dff::Init::kXavier, 7);
  dff::TrainOptions o;
  o.optimizer = opt;
  o.loss = dff::Loss::kCrossEntropy;
  o.learning_rate = 0.05f;
  o.batch_size = opt == dff::Optimizer::kSgd ? 1 : 4;
  dff::DatasetView d;
  d.inputs = &inputs[0][0];
  d.targets = &targets[0][0];
  d.rows = 8;
  d.input_width = 3;
  d.target_width = 2;
  dff::Pcg32 rng(1);
  uint32_t order[8];
  float loss = 0;
  for (int e = 0; e < 20; ++e)
    if (!dff::train_epoch(net, d, o, rng, order, &loss).ok()) return false;
  if (!dff::train_sample(net, inputs[1], targets[1], o, &loss).ok()) return false;
  float out[2];
  if (!net.predict(inputs[2], 3, out, 2).ok()) return false;
  return dff::evaluate_loss(net, d, o.loss, &loss).ok();
}

}  // namespace

TEST_CASE("init, initialize, train and predict never allocate") {
  const dff::Optimizer optimizers[] = {dff::Optimizer::kSgd, dff::Optimizer::kMomentum, dff::Optimizer::kAdam};
  for (dff::Optimizer opt : optimizers) {
    bool ok = false;
    unsigned allocations = 0;
    {
      AllocationGuard guard;
      ok = exercise_core(opt);
      allocations = g_allocations;
    }
    INFO("optimizer " << static_cast<int>(opt));
    CHECK(ok);
    CHECK(allocations == 0u);
  }
}
