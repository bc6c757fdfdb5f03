// What a bare-metal test program needs from its platform: a way to print a line.
// Implemented per platform (host_target.cpp, board_target.c); no heap, no stdio required.
#pragma once

// Writes a NUL-terminated string to the test log (semihosting on Cortex-M, stdout on the host).
extern "C" void dff_target_puts(const char* text);
