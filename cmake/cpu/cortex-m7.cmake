# Cortex-M7 (ARMv7E-M, double-precision FPU, hard float): STM32F7/H7, i.MX RT.
# QEMU: -M mps2-an500.
set(DFF_CPU cortex-m7)
set(DFF_CPU_FLAGS "-mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard")
set(DFF_QEMU_MACHINE mps2-an500)
# Bare-metal tests link for firmware/boards/mps2-an385: AN500 is the same MPS2 board and memory map
# with another processor.
set(DFF_BOARD mps2-an385)
include(${CMAKE_CURRENT_LIST_DIR}/bare-metal.cmake)
