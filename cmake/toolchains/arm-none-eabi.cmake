# GNU Arm Embedded toolchain (Debian: gcc-arm-none-eabi, libnewlib-arm-none-eabi,
# libstdc++-arm-none-eabi-newlib) for bare-metal Cortex-M.
#
# This file only names the compiler. CPU flags (-mcpu, -mfpu, float ABI) come from
# cmake/cpu/<cpu>.cmake, loaded with -DCMAKE_PROJECT_INCLUDE_BEFORE=.../cmake/cpu/<cpu>.cmake
# (the cortex-m* presets do this), so one toolchain file serves every Cortex-M.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(DFF_TOOLCHAIN_PREFIX arm-none-eabi- CACHE STRING "Prefix of the cross tools")
set(CMAKE_C_COMPILER ${DFF_TOOLCHAIN_PREFIX}gcc)
set(CMAKE_CXX_COMPILER ${DFF_TOOLCHAIN_PREFIX}g++)
set(CMAKE_ASM_COMPILER ${DFF_TOOLCHAIN_PREFIX}gcc)

# No OS to link a test program against: probe the compiler with a static library.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# Never pick up host libraries or headers; host programs (qemu, nm) are fine.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
