# Cross-compiling the target test firmware from the host build.
#
# The host build generates the model headers (a host tool), so the firmware is built with
# add_custom_command calling the cross compilers directly rather than a second CMake project.
# CPU flags come from cmake/cpu/<cpu>.cmake (shared with the cortex-m* presets); the Cortex-M
# platforms link with their board's start-up and linker script (firmware/boards/<board>).
#
# Platforms: m3 (Cortex-M3, QEMU mps2-an385), m0 (Cortex-M0, QEMU microbit), avr (ATmega328P, simavr).
include(${PROJECT_SOURCE_DIR}/firmware/boards/boards.cmake)

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
  dff_board(mps2-an385 DFF_TARGET_m3_BOARD)
  dff_board(microbit DFF_TARGET_m0_BOARD)
  foreach(platform m3 m0)
    dff_cpu_flags(${DFF_TARGET_${platform}_BOARD_CPU} DFF_TARGET_${platform}_FLAGS)
    set(DFF_TARGET_${platform}_MACHINE ${DFF_TARGET_${platform}_BOARD_QEMU_MACHINE})
    set(DFF_TARGET_${platform}_RAM ${DFF_TARGET_${platform}_BOARD_RAM})
  endforeach()
else()
  message(STATUS "targets: arm-none-eabi-gcc or qemu-system-arm missing; no Cortex-M target tests")
endif()
if(DFF_AVR_GCC AND DFF_AVR_SIZE AND DFF_SIMAVR)
  list(APPEND DFF_TARGET_PLATFORMS avr)
else()
  message(STATUS "targets: avr-gcc or simavr missing; no AVR target tests")
endif()

# Simulator machine and RAM of the AVR (the Cortex-M ones come from their boards).
set(DFF_TARGET_avr_MACHINE atmega328p)
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
    set(p DFF_TARGET_${ARG_PLATFORM})
    set(flags ${${p}_FLAGS} ${DFF_TARGET_ARM_CFLAGS})
    list(APPEND incs -I${PROJECT_SOURCE_DIR})
    set(board ${${p}_BOARD_SOURCES} ${DFF_TARGETS_DIR}/arm/target_arm.c)
    # No nosys.specs: linking fails if the model pulls in any system call (printf, malloc, ...).
    # No stack reserve: run_target.sh --ram-limit adds the measured stack to .data + .bss.
    set(link -nostartfiles --specs=nano.specs ${${p}_BOARD_LINK_OPTIONS} -Wl,--defsym=STACK_SIZE=0
        -Wl,--gc-sections -Wl,-Map=${elf}.map -lm)
    list(APPEND ARG_DEPENDS ${${p}_BOARD_LINK_DEPENDS})
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
