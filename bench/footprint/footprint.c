// Footprint firmware: the smallest program that runs a generated model once.
//
// Built per target with the same flags as the target tests; its size minus the size of the
// same program built with -DDFF_FOOTPRINT_BASELINE (no model) is what the model costs:
// its code, constants and the libm/soft-float routines it pulls in.
#include <stdint.h>

#include "target.h"

#ifdef DFF_FOOTPRINT_BASELINE
#define IN 1
#define OUT 1
static void run(const float *input, float *output) { output[0] = input[0]; }
#else
#include DFF_MODEL_HEADER
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define IN CAT(DFF_MODEL_UPPER, _INPUT_COUNT)
#define OUT CAT(DFF_MODEL_UPPER, _OUTPUT_COUNT)
#define run CAT(DFF_MODEL, _predict)
#endif

// volatile: the compiler cannot fold the inference away.
static volatile float raw[IN];
static volatile float sink[OUT];

int main(void) {
  float input[IN], output[OUT];
  uint32_t i;
  for (i = 0; i < IN; ++i) input[i] = raw[i];
  run(input, output);
  for (i = 0; i < OUT; ++i) sink[i] = output[i];
  target_exit(0);
}
