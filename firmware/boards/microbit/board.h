// Board support for QEMU microbit (nRF51822, Cortex-M0, 16 MHz): what every Cortex-M board has
// (semihosting, stack figures). No UART or clock driver yet: no program here needs one.
#pragma once

#include "firmware/boards/cortex-m/semihosting.h"
#include "firmware/boards/cortex-m/stack.h"

#define BOARD_CPU_HZ 16000000u
