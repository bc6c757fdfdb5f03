# Cortex-M4F (ARMv7E-M, single-precision FPU, hard float): STM32F4/L4/G4, nRF52, SAMD51.
# QEMU: -M mps2-an386.
set(DFF_CPU cortex-m4f)
set(DFF_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard")
set(DFF_QEMU_MACHINE mps2-an386)
# Bare-metal tests link for firmware/boards/mps2-an385: AN386 is the same MPS2 board and memory map
# with another processor.
set(DFF_BOARD mps2-an385)
include(${CMAKE_CURRENT_LIST_DIR}/bare-metal.cmake)
