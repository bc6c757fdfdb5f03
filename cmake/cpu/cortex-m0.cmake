# Cortex-M0/M0+ (ARMv6-M, no FPU, soft float): nRF51, RP2040, STM32F0/L0, SAMD21.
# QEMU: -M microbit (nRF51822).
set(DFF_CPU cortex-m0)
set(DFF_CPU_FLAGS "-mcpu=cortex-m0 -mthumb -mfloat-abi=soft")
set(DFF_QEMU_MACHINE microbit)
# Bare-metal tests link for firmware/boards/microbit (start-up, linker script).
set(DFF_BOARD microbit)
include(${CMAKE_CURRENT_LIST_DIR}/bare-metal.cmake)
