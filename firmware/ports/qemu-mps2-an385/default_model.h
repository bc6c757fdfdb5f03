// The built-in model: a blob generated at build time (embed_blob.cmake writes the .c file).
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

extern const uint8_t dff_default_model[];
extern const size_t dff_default_model_size;

#ifdef __cplusplus
}
#endif
