// Host side of target.h: the bare-metal test programs also run natively (and under sanitizers).
#include <stdio.h>

#include "tests/mcu_core/target.h"

extern "C" void dff_target_puts(const char* text) { fputs(text, stdout); }
