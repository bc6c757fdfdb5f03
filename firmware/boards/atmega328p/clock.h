// Milliseconds since start, from Timer0 (CTC, 1 kHz) for the bare build.
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

void clock_init(void);
uint32_t clock_ms(void);

#ifdef __cplusplus
}
#endif
