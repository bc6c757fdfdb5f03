# Footprint of the generated headers on each target: `cmake --build <dir>
# --target dff_footprint` prints a Markdown table (also written to <build>/bench/footprint.md).
#
# Included by tests/targets/CMakeLists.txt, which has the cross-compilers (firmware.cmake) and
# the test firmware whose runs give the cost per inference and the stack depth.
#
# dff_footprint_baseline(<platform> <size tool>)
# dff_footprint_add(<platform> <machine> <size tool> <model stem> <variant> <test elf> <header dir> [depends...])
# dff_footprint_finish(<run_target.sh>)
set(DFF_FOOTPRINT_DIR ${CMAKE_CURRENT_LIST_DIR})
set(DFF_FOOTPRINT_MANIFEST "")
set(DFF_FOOTPRINT_ELFS "")

function(dff_footprint_baseline platform size_tool)
  set(elf ${CMAKE_BINARY_DIR}/bench/footprint/${platform}/empty.elf)
  dff_target_elf(${elf} PLATFORM ${platform} SOURCES ${DFF_FOOTPRINT_DIR}/footprint.c DEFINES DFF_FOOTPRINT_BASELINE=1)
  set(DFF_FOOTPRINT_MANIFEST "${DFF_FOOTPRINT_MANIFEST}baseline ${platform} ${size_tool} ${elf}\n" PARENT_SCOPE)
  set(DFF_FOOTPRINT_ELFS ${DFF_FOOTPRINT_ELFS} ${elf} PARENT_SCOPE)
endfunction()

function(dff_footprint_add platform machine size_tool stem variant test_elf header_dir)
  string(TOUPPER ${stem} upper)
  set(elf ${CMAKE_BINARY_DIR}/bench/footprint/${platform}/${stem}.elf)
  dff_target_elf(${elf} PLATFORM ${platform} SOURCES ${DFF_FOOTPRINT_DIR}/footprint.c
    DEFINES DFF_MODEL=${stem} DFF_MODEL_UPPER=${upper} DFF_MODEL_HEADER="${stem}.h"
    INCLUDES ${header_dir} DEPENDS ${header_dir}/${stem}.h ${ARGN})
  set(DFF_FOOTPRINT_MANIFEST
      "${DFF_FOOTPRINT_MANIFEST}model ${platform} ${machine} ${size_tool} ${stem} ${variant} ${elf} ${test_elf}\n"
      PARENT_SCOPE)
  set(DFF_FOOTPRINT_ELFS ${DFF_FOOTPRINT_ELFS} ${elf} ${test_elf} PARENT_SCOPE)
endfunction()

function(dff_footprint_finish runner)
  set(manifest ${CMAKE_BINARY_DIR}/bench/footprint/manifest.txt)
  file(WRITE ${manifest} "${DFF_FOOTPRINT_MANIFEST}")
  add_custom_target(dff_footprint
    COMMAND sh ${DFF_FOOTPRINT_DIR}/footprint.sh ${manifest} ${runner} ${CMAKE_BINARY_DIR}/bench/footprint.md
    DEPENDS ${DFF_FOOTPRINT_ELFS} ${DFF_FOOTPRINT_DIR}/footprint.sh
    COMMENT "Flash, RAM and cost per inference of the generated headers on each target"
    VERBATIM)
endfunction()
