# Cortex-M3 (ARMv7-M, no FPU, soft float): STM32F1/F2, LPC17xx, SAM3.
# QEMU: -M mps2-an385.
set(DFF_CPU cortex-m3)
set(DFF_CPU_FLAGS "-mcpu=cortex-m3 -mthumb -mfloat-abi=soft")
set(DFF_QEMU_MACHINE mps2-an385)
# Bare-metal tests link for firmware/boards/mps2-an385 (start-up, linker script).
set(DFF_BOARD mps2-an385)
include(${CMAKE_CURRENT_LIST_DIR}/bare-metal.cmake)
