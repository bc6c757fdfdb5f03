// Target test firmware: runs a generated model header on its embedded test vectors.
//
// Build with -DDFF_MODEL=<prefix> -DDFF_MODEL_UPPER=<PREFIX> -DDFF_MODEL_HEADER="<name>.h"
// -DDFF_VECTORS_HEADER="<name>_vectors.h" -DDFF_VARIANT=float|int8. Prints one report per model
// ("dff-target: ..." lines), ends with "dff-target: PASS <model> <variant>" or "dff-target: FAIL ...",
// and exits 0 only if every output of every row is within DFF_TOLERANCE of the expected value.
// Optional: -DDFF_TEST_FLOAT_EXPECTED=1 (int8 headers: the vectors also hold the float model's
// outputs; the largest difference is reported) and -DDFF_TEST_LABELS=1 (the vectors hold each
// row's true class; the accuracy of P_classify on the target is reported).
// -DDFF_TEST_CORRUPT=1 shifts one expected value by twice the tolerance (int8: one int8 output
// by one step): the run must then fail (proves the comparison and the exit-status path).
// -DDFF_TEST_INT8=1 (int8 headers, with DFF_TOLERANCE 0): the quantised inputs, the int8 outputs
// of P_predict_int8 and the classes must equal the core's (the vectors), and the cost of
// P_predict_int8 (int8 in and out) and P_classify (raw floats in) is reported too.
#include <stdint.h>

#include "target.h"
#include DFF_MODEL_HEADER
#include DFF_VECTORS_HEADER

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define FN(x) CAT(DFF_MODEL, x)
#define MC(x) CAT(DFF_MODEL_UPPER, x)
#define STR_(x) #x
#define STR(x) STR_(x)

#define IN MC(_INPUT_COUNT)
#define OUT MC(_OUTPUT_COUNT)
#define ROWS MC(_TEST_ROWS)

#ifndef DFF_TOLERANCE
#define DFF_TOLERANCE 1e-4f
#endif
#ifndef DFF_COST_REPS
#define DFF_COST_REPS 8u
#endif

// The test vectors live in flash on AVR (PROGMEM); everywhere else they are plain const arrays.
#ifdef __AVR__
#define VEC(p) pgm_read_float(p)
#define VEC_INT(p) ((int)pgm_read_word(p))
#define VEC_I8(p) ((int8_t)pgm_read_byte(p))
#else
#define VEC(p) (*(p))
#define VEC_INT(p) (*(p))
#define VEC_I8(p) (*(p))
#endif
#if defined(DFF_TEST_INT8) && DFF_TEST_INT8
#define INT8 1
#else
#define INT8 0
#endif

// The vectors must match the model's shape.
typedef char dff_inputs_match[(sizeof FN(_test_inputs)[0] == IN * sizeof(float)) ? 1 : -1];
typedef char dff_outputs_match[(sizeof FN(_test_expected)[0] == OUT * sizeof(float)) ? 1 : -1];
typedef char dff_rows_match[(sizeof FN(_test_inputs) / sizeof FN(_test_inputs)[0] == ROWS) ? 1 : -1];

typedef void (*predict_fn)(const float *, float *);

static float input[IN];
static float output[OUT];
#if INT8
typedef void (*predict_int8_fn)(const int8_t *, int8_t *);
static int8_t input_q[IN];
static int8_t output_q[OUT];
#endif

static void put_str(const char *rom) { target_puts_rom(rom); }

static void put_u32(uint32_t v) {
  char digits[10];
  int n = 0;
  do {
    digits[n++] = (char)('0' + v % 10u);
    v /= 10u;
  } while (v);
  while (n) target_putc(digits[--n]);
}

static void put_hex32(uint32_t v) {
  int shift;
  put_str(TARGET_STR("0x"));
  for (shift = 28; shift >= 0; shift -= 4) target_putc("0123456789abcdef"[(v >> shift) & 0xFu]);
}

// Six significant digits in scientific notation; no printf needed on the target.
static void put_float(float x) {
  int exp10 = 0;
  uint32_t digits;
  if (x != x) {
    put_str(TARGET_STR("nan"));
    return;
  }
  if (x < 0.0f) {
    target_putc('-');
    x = -x;
  }
  if (x > 3.0e38f) {
    put_str(TARGET_STR("inf"));
    return;
  }
  if (x == 0.0f) {
    put_str(TARGET_STR("0"));
    return;
  }
  while (x >= 10.0f) {
    x /= 10.0f;
    ++exp10;
  }
  while (x < 1.0f) {
    x *= 10.0f;
    --exp10;
  }
  digits = (uint32_t)(x * 100000.0f + 0.5f);
  if (digits >= 1000000u) {
    digits /= 10u;
    ++exp10;
  }
  put_u32(digits / 100000u);
  target_putc('.');
  {
    uint32_t frac = digits % 100000u, scale = 10000u;
    for (; scale; scale /= 10u) target_putc((char)('0' + (frac / scale) % 10u));
  }
  target_putc('e');
  if (exp10 < 0) {
    target_putc('-');
    exp10 = -exp10;
  } else {
    target_putc('+');
  }
  put_u32((uint32_t)exp10);
}

static void put_tag(void) { put_str(TARGET_STR("dff-target: ")); }

static void put_model(void) {
  put_str(TARGET_STR(STR(DFF_MODEL) " " STR(DFF_VARIANT)));
}

static void load_row(uint32_t row) {
  uint32_t i;
  for (i = 0; i < IN; ++i) input[i] = VEC(&FN(_test_inputs)[row][i]);
}

static float expected(uint32_t row, uint32_t out) {
  float want = VEC(&FN(_test_expected)[row][out]);
#if defined(DFF_TEST_CORRUPT) && DFF_TEST_CORRUPT && !INT8
  if (row == ROWS - 1 && out == OUT - 1) want += 2.0f * DFF_TOLERANCE;
#endif
  return want;
}

#if INT8
static int8_t expected_int8(uint32_t row, uint32_t out) {
  int8_t want = VEC_I8(&FN(_test_expected_int8)[row][out]);
#if defined(DFF_TEST_CORRUPT) && DFF_TEST_CORRUPT
  if (row == ROWS - 1 && out == OUT - 1) want = (int8_t)(want == 127 ? 126 : want + 1);
#endif
  return want;
}

static void put_int(int v) {
  if (v < 0) {
    target_putc('-');
    v = -v;
  }
  put_u32((uint32_t)v);
}

// Quantised inputs, int8 outputs and classes against the core's; returns the disagreements.
static uint32_t check_int8(uint32_t row) {
  uint32_t i, bad = 0;
  FN(_quantize_input)(input, input_q);
  for (i = 0; i < IN; ++i)
    if (input_q[i] != VEC_I8(&FN(_test_quantized)[row][i])) {
      if (bad++ < 4u) {
        put_tag();
        put_str(TARGET_STR("MISMATCH row="));
        put_u32(row);
        put_str(TARGET_STR(" quantised input="));
        put_u32(i);
        put_str(TARGET_STR(" got="));
        put_int(input_q[i]);
        put_str(TARGET_STR(" core="));
        put_int(VEC_I8(&FN(_test_quantized)[row][i]));
        target_putc('\n');
      }
    }
  for (i = 0; i < IN; ++i) input_q[i] = VEC_I8(&FN(_test_quantized)[row][i]);
  FN(_predict_int8)(input_q, output_q);
  for (i = 0; i < OUT; ++i)
    if (output_q[i] != expected_int8(row, i)) {
      if (bad++ < 4u) {
        put_tag();
        put_str(TARGET_STR("MISMATCH row="));
        put_u32(row);
        put_str(TARGET_STR(" int8 output="));
        put_u32(i);
        put_str(TARGET_STR(" got="));
        put_int(output_q[i]);
        put_str(TARGET_STR(" core="));
        put_int(expected_int8(row, i));
        target_putc('\n');
      }
    }
#if MC(_CLASS_COUNT) > 0
  if (FN(_classify_int8)(input_q) != VEC_INT(&FN(_test_classes)[row]) ||
      FN(_classify)(input) != VEC_INT(&FN(_test_classes)[row])) {
    ++bad;
    put_tag();
    put_str(TARGET_STR("MISMATCH row="));
    put_u32(row);
    put_str(TARGET_STR(" class differs from the core's\n"));
  }
#endif
  return bad;
}
#endif

#if MC(_CLASS_COUNT) > 0 && !INT8
static uint32_t argmax(const float *v) {
  uint32_t i, best = 0;
  for (i = 1; i < OUT; ++i)
    if (v[i] > v[best]) best = i;
  return best;
}
#endif

#if defined(DFF_TEST_FLOAT_EXPECTED) && DFF_TEST_FLOAT_EXPECTED
static float quantisation_diff;  // largest |output - float model output| (int8 headers)
#endif
#if defined(DFF_TEST_LABELS) && DFF_TEST_LABELS && MC(_CLASS_COUNT) > 0
static uint32_t correct;  // rows whose P_classify equals the true label
#endif

// Checks every row; returns the number of outputs (and class decisions) that disagree.
static uint32_t check_all(float *max_err) {
  uint32_t row, out, bad = 0;
  *max_err = 0.0f;
  for (row = 0; row < ROWS; ++row) {
    load_row(row);
#if INT8
    bad += check_int8(row);
#endif
    FN(_predict)(input, output);
#if defined(DFF_TEST_FLOAT_EXPECTED) && DFF_TEST_FLOAT_EXPECTED
    for (out = 0; out < OUT; ++out) {
      float diff = output[out] - VEC(&FN(_test_float_expected)[row][out]);
      if (diff < 0.0f) diff = -diff;
      if (diff > quantisation_diff) quantisation_diff = diff;
    }
#endif
    for (out = 0; out < OUT; ++out) {
      float want = expected(row, out);
      float err = output[out] - want;
      if (err < 0.0f) err = -err;
      if (err > *max_err || err != err) *max_err = err;
      if (!(err <= DFF_TOLERANCE)) {
        if (bad++ < 8u) {
          put_tag();
          put_str(TARGET_STR("MISMATCH row="));
          put_u32(row);
          put_str(TARGET_STR(" output="));
          put_u32(out);
          put_str(TARGET_STR(" got="));
          put_float(output[out]);
          put_str(TARGET_STR(" want="));
          put_float(want);
          target_putc('\n');
        }
      }
    }
#if MC(_CLASS_COUNT) > 0 && !INT8
    {
      int cls = FN(_classify)(input);
      if (cls < 0 || (uint32_t)cls != argmax(output)) {
        ++bad;
        put_tag();
        put_str(TARGET_STR("MISMATCH row="));
        put_u32(row);
        put_str(TARGET_STR(" classify="));
        put_u32((uint32_t)cls);
        put_str(TARGET_STR(" argmax="));
        put_u32(argmax(output));
        target_putc('\n');
      }
#if defined(DFF_TEST_LABELS) && DFF_TEST_LABELS
      if (cls == VEC_INT(&FN(_test_labels)[row])) ++correct;
#endif
    }
#elif MC(_CLASS_COUNT) > 0 && defined(DFF_TEST_LABELS) && DFF_TEST_LABELS
    if (FN(_classify)(input) == VEC_INT(&FN(_test_labels)[row])) ++correct;
#endif
  }
  return bad;
}

static void empty_predict(const float *in, float *out) {
  __asm__ volatile("" : : "r"(in), "r"(out) : "memory");
}

// Cost of REPS calls through a volatile pointer, so the call overhead can be subtracted.
static uint32_t cost_of(predict_fn fn) {
  predict_fn volatile call = fn;
  uint32_t rep, cost;
  target_cost_start();
  for (rep = 0; rep < DFF_COST_REPS; ++rep) call(input, output);
  cost = target_cost_stop();
  return cost;
}

// Prints " <label>=<cost per call> <unit>" from the costs of REPS calls and of REPS empty calls.
static void put_cost(const char *label_rom, uint32_t full, uint32_t empty) {
  target_putc(' ');
  put_str(label_rom);
  target_putc('=');
  if (full == UINT32_MAX || empty == UINT32_MAX || full < empty)
    put_str(TARGET_STR("overflow"));
  else
    put_u32((full - empty + DFF_COST_REPS / 2u) / DFF_COST_REPS);
  target_putc(' ');
  target_puts(target_cost_unit());
}

#if INT8
static void empty_predict_int8(const int8_t *in, int8_t *out) {
  __asm__ volatile("" : : "r"(in), "r"(out) : "memory");
}

static uint32_t cost_of_int8(predict_int8_fn fn) {
  predict_int8_fn volatile call = fn;
  uint32_t rep;
  target_cost_start();
  for (rep = 0; rep < DFF_COST_REPS; ++rep) call(input_q, output_q);
  return target_cost_stop();
}
#endif

#if MC(_CLASS_COUNT) > 0
typedef int (*classify_fn)(const float *);

static int empty_classify(const float *in) {
  __asm__ volatile("" : : "r"(in) : "memory");
  return 0;
}

static uint32_t cost_of_classify(classify_fn fn) {
  classify_fn volatile call = fn;
  uint32_t rep;
  target_cost_start();
  for (rep = 0; rep < DFF_COST_REPS; ++rep) (void)call(input);
  return target_cost_stop();
}
#endif

#define STACK_PAINT 0xA5u

__attribute__((noinline)) static void paint_stack(void) {
  volatile uint8_t marker = 0;
  uint8_t *p = (uint8_t *)target_stack_limit();
  uintptr_t top = (uintptr_t)&marker - 32u;
  while ((uintptr_t)p < top) *p++ = STACK_PAINT;
  (void)marker;
}

// Bytes of stack below this function's frame that one predict() call touched.
__attribute__((noinline)) static uint32_t stack_of_predict(void) {
  volatile uint8_t marker = 0;
  predict_fn volatile call = FN(_predict);
  const uint8_t *p = (const uint8_t *)target_stack_limit();
  call(input, output);
  while (*p == STACK_PAINT) ++p;
  (void)marker;
  return (uint32_t)((uintptr_t)&marker - (uintptr_t)p);
}

int main(void) {
  float max_err;
  uint32_t bad, full, empty, stack;

  target_init();
  put_tag();
  put_str(TARGET_STR("model="));
  put_model();
  put_str(TARGET_STR(" inputs="));
  put_u32(IN);
  put_str(TARGET_STR(" outputs="));
  put_u32(OUT);
  put_str(TARGET_STR(" layers="));
  put_u32(MC(_LAYER_COUNT));
  put_str(TARGET_STR(" classes="));
  put_u32(MC(_CLASS_COUNT));
  put_str(TARGET_STR(" rows="));
  put_u32(ROWS);
  put_str(TARGET_STR(" ram_bytes="));
  put_u32(MC(_RAM_BYTES));
  put_str(TARGET_STR(" format="));
  put_u32(MC(_FORMAT_VERSION));
  put_str(TARGET_STR(" crc32="));
  put_hex32((uint32_t)MC(_WEIGHTS_CRC32));
  target_putc('\n');
#if defined(DFF_TEST_CORRUPT) && DFF_TEST_CORRUPT
  put_tag();
  put_str(TARGET_STR("negative test: last expected value shifted by 2x tolerance\n"));
#endif

  bad = check_all(&max_err);

  load_row(0);
  empty = cost_of(empty_predict);
  full = cost_of(FN(_predict));
  paint_stack();
  stack = stack_of_predict();

  put_tag();
  put_str(TARGET_STR("max_abs_error="));
  put_float(max_err);
  put_str(TARGET_STR(" tolerance="));
  put_float(DFF_TOLERANCE);
  put_str(TARGET_STR(" mismatches="));
  put_u32(bad);
  target_putc('\n');
#if defined(DFF_TEST_FLOAT_EXPECTED) && DFF_TEST_FLOAT_EXPECTED
  put_tag();
  put_str(TARGET_STR("int8_vs_float_max_abs_difference="));
  put_float(quantisation_diff);
  target_putc('\n');
#endif
#if MC(_CLASS_COUNT) > 0
  put_tag();
  put_str(TARGET_STR("row0_class="));
  load_row(0);
  target_puts(FN(_class_names)[FN(_classify)(input)]);
#if defined(DFF_TEST_LABELS) && DFF_TEST_LABELS
  put_str(TARGET_STR(" accuracy="));
  put_u32(correct);
  target_putc('/');
  put_u32(ROWS);
#endif
  target_putc('\n');
#endif
  put_tag();
  put_str(TARGET_STR("costs:"));
  put_cost(TARGET_STR("cost_per_inference"), full, empty);
#if INT8
  {
    uint32_t i;
    for (i = 0; i < IN; ++i) input_q[i] = VEC_I8(&FN(_test_quantized)[0][i]);
    put_cost(TARGET_STR("int8_cost_per_inference"), cost_of_int8(FN(_predict_int8)), cost_of_int8(empty_predict_int8));
  }
#endif
#if MC(_CLASS_COUNT) > 0
  put_cost(TARGET_STR("classify_cost"), cost_of_classify(FN(_classify)), cost_of_classify(empty_classify));
#endif
  put_str(TARGET_STR(" stack_bytes="));
  put_u32(stack);
  target_putc('\n');
  put_tag();
  put_str(bad ? TARGET_STR("FAIL ") : TARGET_STR("PASS "));
  put_model();
  target_putc('\n');
  target_exit(bad ? 1 : 0);
}
