/* Board side of target.h: the test log goes out through semihosting (firmware/boards). */
#include "firmware/boards/cortex-m/semihosting.h"

void dff_target_puts(const char* text);

void dff_target_puts(const char* text) { board_semihost_puts(text); }
