# Cross-compiling firmware ELFs from the host build.
#
# The host build makes `dff`, which generates the built-in model, so the firmware is built
# with add_custom_command calling arm-none-eabi-gcc/g++ directly (as tests/targets does)
# rather than as a second CMake project. One object per source (header dependencies through
# depfiles), then one link. Each program is built for one board of firmware/boards (CPU flags
# from cmake/cpu/<cpu>.cmake, board.h, start-up, linker script).
include(${PROJECT_SOURCE_DIR}/firmware/boards/boards.cmake)

find_program(DFF_FW_ARM_GCC arm-none-eabi-gcc)
find_program(DFF_FW_ARM_GXX arm-none-eabi-g++)
find_program(DFF_FW_ARM_SIZE arm-none-eabi-size)
if(DFF_FW_ARM_GCC AND DFF_FW_ARM_GXX AND DFF_FW_ARM_SIZE)
  set(DFF_FW_ARM_FOUND TRUE)
else()
  set(DFF_FW_ARM_FOUND FALSE)
endif()

# Warnings as for the core; the firmware must build clean (-Werror).
set(DFF_FW_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wdouble-promotion -Werror)
set(DFF_FW_CXX_FLAGS -std=c++17 -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit)

# The bare-metal sources every firmware links: the core (no host/) and the portable firmware.
file(GLOB DFF_FW_CORE_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/core/*.cpp)
file(GLOB DFF_FW_PORTABLE_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/firmware/portable/*.cpp
     ${PROJECT_SOURCE_DIR}/firmware/storage/*.cpp)

# dff_fw_cpu_flags(<cpu> <out>): DFF_CPU_FLAGS of cmake/cpu/<cpu>.cmake as a list.
function(dff_fw_cpu_flags cpu out)
  include(${PROJECT_SOURCE_DIR}/cmake/cpu/${cpu}.cmake)
  separate_arguments(flags UNIX_COMMAND "${DFF_CPU_FLAGS}")
  set(${out} ${flags} PARENT_SCOPE)
endfunction()

# dff_fw_objects(<out_list> DIR d BOARD b SOURCES ... [DEFINES ...] [INCLUDES ...] [DEPENDS ...])
# Custom commands compiling each source (C or C++ by extension) for board b into DIR; returns
# the objects. The board's folder (board.h) is on the include path.
function(dff_fw_objects out)
  cmake_parse_arguments(ARG "" "DIR;BOARD" "SOURCES;DEFINES;INCLUDES;DEPENDS" ${ARGN})
  dff_board(${ARG_BOARD} board)
  dff_fw_cpu_flags(${board_CPU} cpu_flags)
  set(common ${cpu_flags} -Os -g -ffunction-sections -fdata-sections ${DFF_FW_WARNINGS})
  foreach(i ${ARG_INCLUDES} ${board_INCLUDE_DIR})  # before the repository root, so that they win
    list(APPEND common -I${i})
  endforeach()
  list(APPEND common -I${PROJECT_SOURCE_DIR})
  foreach(d ${ARG_DEFINES})
    list(APPEND common -D${d})
  endforeach()
  set(objects "")
  foreach(src ${ARG_SOURCES})
    string(FIND "${src}" "${CMAKE_BINARY_DIR}/" in_build)
    if(in_build EQUAL 0)  # generated
      file(RELATIVE_PATH rel ${CMAKE_BINARY_DIR} ${src})
      set(rel gen/${rel})
    else()
      file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR} ${src})
    endif()
    set(obj ${ARG_DIR}/${rel}.o)
    get_filename_component(obj_dir ${obj} DIRECTORY)
    if(src MATCHES "\\.c$")
      set(compile ${DFF_FW_ARM_GCC} -std=c11)
    elseif(src MATCHES "\\.ino$")  # an Arduino sketch is C++
      set(compile ${DFF_FW_ARM_GXX} ${DFF_FW_CXX_FLAGS} -x c++)
    else()
      set(compile ${DFF_FW_ARM_GXX} ${DFF_FW_CXX_FLAGS})
    endif()
    file(RELATIVE_PATH obj_rel ${CMAKE_BINARY_DIR} ${obj})
    add_custom_command(
      OUTPUT ${obj}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${obj_dir}
      COMMAND ${compile} ${common} -MD -MF ${obj}.d -c ${src} -o ${obj}
      DEPENDS ${src} ${ARG_DEPENDS}
      DEPFILE ${obj}.d
      COMMENT "arm-none-eabi: ${obj_rel}"
      VERBATIM)
    list(APPEND objects ${obj})
  endforeach()
  set(${out} ${objects} PARENT_SCOPE)
endfunction()

# dff_fw_link(<elf> BOARD b OBJECTS ...): links for board b (its linker script) with newlib-nano
# and no system calls (no nosys.specs: a program that pulls in printf, malloc or exit fails to link).
function(dff_fw_link elf)
  cmake_parse_arguments(ARG "" "BOARD" "OBJECTS" ${ARGN})
  dff_board(${ARG_BOARD} board)
  dff_fw_cpu_flags(${board_CPU} cpu_flags)
  get_filename_component(name ${elf} NAME)
  add_custom_command(
    OUTPUT ${elf}
    COMMAND ${DFF_FW_ARM_GXX} ${cpu_flags} -nostartfiles --specs=nano.specs ${board_LINK_OPTIONS}
            -Wl,--gc-sections -Wl,-Map=${elf}.map ${ARG_OBJECTS} -lm -o ${elf}
    DEPENDS ${ARG_OBJECTS} ${board_LINK_DEPENDS}
    COMMENT "arm-none-eabi: linking ${name}"
    VERBATIM)
endfunction()
