# Flags shared by every bare-metal CPU file; include it last from cmake/cpu/<cpu>.cmake
# after setting DFF_CPU, DFF_CPU_FLAGS (and optionally DFF_QEMU_MACHINE, DFF_BOARD).
#
# Read through CMAKE_PROJECT_INCLUDE_BEFORE, i.e. before project() enables the
# languages, so the *_INIT flags reach the compiler checks and the cache.
set(CMAKE_C_FLAGS_INIT "${DFF_CPU_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT
    "${DFF_CPU_FLAGS} -ffunction-sections -fdata-sections -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit")
set(CMAKE_ASM_FLAGS_INIT "${DFF_CPU_FLAGS}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,--gc-sections")
