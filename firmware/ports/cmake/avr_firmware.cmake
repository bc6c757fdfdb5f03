# Cross-compiling AVR firmware from the host build, as arm_firmware.cmake does for Cortex-M:
# add_custom_command with avr-gcc/avr-g++ (one object per source, header dependencies through
# depfiles), then one link with the board's linker script.
find_program(DFF_AVR_GCC avr-gcc)
find_program(DFF_AVR_GXX avr-g++)
find_program(DFF_AVR_AR avr-gcc-ar)
find_program(DFF_AVR_OBJCOPY avr-objcopy)
find_program(DFF_AVR_NM avr-nm)
if(DFF_AVR_GCC AND DFF_AVR_GXX AND DFF_AVR_AR AND DFF_AVR_OBJCOPY AND DFF_AVR_NM)
  set(DFF_AVR_FOUND TRUE)
else()
  set(DFF_AVR_FOUND FALSE)
endif()
include(${CMAKE_CURRENT_LIST_DIR}/../../boards/boards.cmake)

set(DFF_AVR_MCU_FLAGS -mmcu=atmega328p -DF_CPU=16000000UL)
set(DFF_AVR_OPT_FLAGS -Os -g -flto -mcall-prologues -ffunction-sections -fdata-sections)
# avr-gcc 5.4 (Debian) has C++14 and part of C++17 (no nested namespace definitions).
set(DFF_AVR_CXX_FLAGS -std=gnu++1z -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit)
# -Wdouble-promotion is off: avr-libc declares expf/tanhf as double functions (double is float here).
set(DFF_AVR_WARNINGS -Wall -Wextra -Wshadow -Werror)

# dff_avr_objects(<out_list> DIR d SOURCES ... [FLAGS ...] [CXX_FLAGS ...]): one object per
# source (.c, .cpp, .ino, .S); CXX_FLAGS replace DFF_AVR_CXX_FLAGS.
function(dff_avr_objects out_list)
  cmake_parse_arguments(ARG "" "DIR" "SOURCES;FLAGS;CXX_FLAGS" ${ARGN})
  if(NOT ARG_CXX_FLAGS)
    set(ARG_CXX_FLAGS ${DFF_AVR_CXX_FLAGS})
  endif()
  set(objects "")
  foreach(src ${ARG_SOURCES})
    string(FIND "${src}" "${PROJECT_SOURCE_DIR}/" in_repo)
    if(in_repo EQUAL 0)
      file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR} ${src})
    else()
      get_filename_component(rel ${src} NAME)
      set(rel external/${rel})
    endif()
    set(obj ${ARG_DIR}/${rel}.o)
    get_filename_component(obj_dir ${obj} DIRECTORY)
    if(src MATCHES "\\.c$")
      set(compile ${DFF_AVR_GCC} -std=gnu11)
    elseif(src MATCHES "\\.S$")
      set(compile ${DFF_AVR_GCC} -x assembler-with-cpp)
    elseif(src MATCHES "\\.ino$")
      set(compile ${DFF_AVR_GXX} ${ARG_CXX_FLAGS} -x c++)
    else()
      set(compile ${DFF_AVR_GXX} ${ARG_CXX_FLAGS})
    endif()
    file(RELATIVE_PATH obj_rel ${CMAKE_BINARY_DIR} ${obj})
    add_custom_command(
      OUTPUT ${obj}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${obj_dir}
      COMMAND ${compile} ${DFF_AVR_MCU_FLAGS} ${DFF_AVR_OPT_FLAGS} ${ARG_FLAGS} -MD -MF ${obj}.d -c ${src} -o ${obj}
      DEPENDS ${src}
      DEPFILE ${obj}.d
      COMMENT "avr-gcc: ${obj_rel}"
      VERBATIM)
    list(APPEND objects ${obj})
  endforeach()
  set(${out_list} ${objects} PARENT_SCOPE)
endfunction()

# dff_avr_link(<elf> LINK_OPTIONS ... LINK_DEPENDS ... OBJECTS ... [LIBS ...]): links with
# link-time optimisation and --gc-sections; writes <elf>.map.
function(dff_avr_link elf)
  cmake_parse_arguments(ARG "" "" "LINK_OPTIONS;LINK_DEPENDS;OBJECTS;LIBS" ${ARGN})
  get_filename_component(name ${elf} NAME)
  add_custom_command(
    OUTPUT ${elf}
    COMMAND ${DFF_AVR_GXX} ${DFF_AVR_MCU_FLAGS} ${DFF_AVR_OPT_FLAGS} -fuse-linker-plugin -Wl,--gc-sections
            ${ARG_LINK_OPTIONS} -Wl,-Map=${elf}.map ${ARG_OBJECTS} ${ARG_LIBS} -o ${elf}
    DEPENDS ${ARG_OBJECTS} ${ARG_LIBS} ${ARG_LINK_DEPENDS}
    COMMENT "avr-gcc: linking ${name}"
    VERBATIM)
endfunction()
