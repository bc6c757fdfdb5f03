# Cross-compiling the target test firmware from the host build.
#
# The host build generates the model headers (a host tool), so the firmware is built with
# add_custom_command calling the cross compilers directly rather than a second CMake project.
# CPU flags come from cmake/cpu/<cpu>.cmake (shared with the cortex-m* presets).
#
# Platforms: m3 (Cortex-M3, QEMU mps2-an385), m0 (Cortex-M0, QEMU microbit), avr (ATmega328P, simavr).

set(DFF_TARGETS_DIR ${CMAKE_CURRENT_LIST_DIR})
set(DFF_TARGET_CFLAGS -Os -Wall -Wextra -Wpedantic -Werror -ffunction-sections -fdata-sections)
# Cortex-M without a double-precision FPU: an accidental double operation costs a software call.
# (Not on AVR, where double is float and avr-libc's expf() is a macro for exp().)
set(DFF_TARGET_ARM_CFLAGS -Wdouble-promotion)

# dff_cpu_flags(<cpu> <out_flags>): DFF_CPU_FLAGS of cmake/cpu/<cpu>.cmake, as a list.
function(dff_cpu_flags cpu out)
  include(${PROJECT_SOURCE_DIR}/cmake/cpu/${cpu}.cmake)
  separate_arguments(flags UNIX_COMMAND "${DFF_CPU_FLAGS}")
  set(${out} ${flags} PARENT_SCOPE)
endfunction()

find_program(DFF_ARM_GCC arm-none-eabi-gcc)
find_program(DFF_ARM_SIZE arm-none-eabi-size)
find_program(DFF_AVR_GCC avr-gcc)
find_program(DFF_AVR_SIZE avr-size)
find_program(DFF_QEMU_ARM qemu-system-arm)
find_program(DFF_SIMAVR simavr)

set(DFF_TARGET_PLATFORMS "")
if(DFF_ARM_GCC AND DFF_ARM_SIZE AND DFF_QEMU_ARM)
  list(APPEND DFF_TARGET_PLATFORMS m3 m0)
  dff_cpu_flags(cortex-m3 DFF_TARGET_M3_FLAGS)
  dff_cpu_flags(cortex-m0 DFF_TARGET_M0_FLAGS)
else()
  message(STATUS "targets: arm-none-eabi-gcc or qemu-system-arm missing; no Cortex-M target tests")
endif()
if(DFF_AVR_GCC AND DFF_AVR_SIZE AND DFF_SIMAVR)
  list(APPEND DFF_TARGET_PLATFORMS avr)
else()
  message(STATUS "targets: avr-gcc or simavr missing; no AVR target tests")
endif()

# Simulator machine, size tool and RAM of each platform.
set(DFF_TARGET_m3_MACHINE mps2-an385)
set(DFF_TARGET_m0_MACHINE microbit)
set(DFF_TARGET_avr_MACHINE atmega328p)
set(DFF_TARGET_m3_RAM 65536)
set(DFF_TARGET_m0_RAM 16384)
set(DFF_TARGET_avr_RAM 2048)

# dff_target_size_tool(<platform> <out>)
function(dff_target_size_tool platform out)
  if(platform STREQUAL "avr")
    set(${out} ${DFF_AVR_SIZE} PARENT_SCOPE)
  else()
    set(${out} ${DFF_ARM_SIZE} PARENT_SCOPE)
  endif()
endfunction()

# dff_target_elf(<elf> PLATFORM p SOURCES ... [DEFINES ...] [INCLUDES ...] [DEPENDS ...] [CXX_OBJECT])
# Adds the custom command that compiles and links <elf> (absolute path) for platform p,
# with the platform's startup/board code, and writes <elf>.map beside it.
# CXX_OBJECT: instead, compiles the one source as C++11 (no exceptions, no RTTI) into the
# object file <elf>: proves a header is valid C++ for that cross compiler.
function(dff_target_elf elf)
  cmake_parse_arguments(ARG "CXX_OBJECT" "PLATFORM" "SOURCES;DEFINES;INCLUDES;DEPENDS" ${ARGN})
  set(defs "")
  foreach(d ${ARG_DEFINES})
    list(APPEND defs -D${d})
  endforeach()
  set(incs -I${DFF_TARGETS_DIR})
  foreach(i ${ARG_INCLUDES})
    list(APPEND incs -I${i})
  endforeach()
  if(ARG_PLATFORM STREQUAL "avr")
    set(compiler ${DFF_AVR_GCC})
    set(flags -mmcu=atmega328p -DF_CPU=16000000UL)
    set(board ${DFF_TARGETS_DIR}/avr/target_avr.c)
    set(link -Wl,--gc-sections -Wl,-Map=${elf}.map -lm)
  else()
    set(compiler ${DFF_ARM_GCC})
    if(ARG_PLATFORM STREQUAL "m3")
      set(flags ${DFF_TARGET_M3_FLAGS})
      set(script mps2_an385.ld)
    else()
      set(flags ${DFF_TARGET_M0_FLAGS})
      set(script microbit.ld)
    endif()
    list(APPEND flags ${DFF_TARGET_ARM_CFLAGS})
    set(board ${DFF_TARGETS_DIR}/arm/startup.c ${DFF_TARGETS_DIR}/arm/target_arm.c)
    # No nosys.specs: linking fails if the model pulls in any system call (printf, malloc, ...).
    set(link -nostartfiles --specs=nano.specs -L${DFF_TARGETS_DIR}/arm -T${script}
        -Wl,--gc-sections -Wl,-Map=${elf}.map -lm)
    list(APPEND ARG_DEPENDS ${DFF_TARGETS_DIR}/arm/${script} ${DFF_TARGETS_DIR}/arm/sections.ld)
  endif()
  get_filename_component(dir ${elf} DIRECTORY)
  get_filename_component(name ${elf} NAME)
  if(ARG_CXX_OBJECT)
    string(REGEX REPLACE "gcc$" "g++" compiler ${compiler})
    add_custom_command(
      OUTPUT ${elf}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
      COMMAND ${compiler} ${flags} ${DFF_TARGET_CFLAGS} -x c++ -std=c++11 -fno-exceptions -fno-rtti
              ${defs} ${incs} -c ${ARG_SOURCES} -o ${elf}
      DEPENDS ${ARG_SOURCES} ${DFF_TARGETS_DIR}/target.h ${ARG_DEPENDS}
      COMMENT "Compiling ${ARG_PLATFORM}/${name} as C++11"
      VERBATIM)
    return()
  endif()
  add_custom_command(
    OUTPUT ${elf}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${compiler} ${flags} ${DFF_TARGET_CFLAGS} -std=c99 ${defs} ${incs} ${ARG_SOURCES} ${board} ${link} -o ${elf}
    DEPENDS ${ARG_SOURCES} ${board} ${DFF_TARGETS_DIR}/target.h ${ARG_DEPENDS}
    COMMENT "Cross-compiling ${ARG_PLATFORM}/${name}"
    VERBATIM)
endfunction()
