# Board support for the build. dff_board(<board> <prefix>) reads firmware/boards/<board>/board.cmake
# and sets, in the caller's scope:
#   <prefix>_CPU             cmake/cpu/<cpu>.cmake of the board's processor
#   <prefix>_QEMU_MACHINE    the simulator's machine name
#   <prefix>_RAM             bytes of RAM
#   <prefix>_INCLUDE_DIR     folder of the board's board.h
#   <prefix>_SOURCES         start-up, vectors, console, exit, clock: every program on the board
#                            links them (--gc-sections drops what a program does not call)
#   <prefix>_DRIVER_SOURCES  drivers whose interrupt handler the vector table names (UART), for the
#                            programs that use them: the handler would keep them in every program
#   <prefix>_LINK_OPTIONS    -L and -T for the board's linker script
#   <prefix>_LINK_DEPENDS    the linker scripts, for rebuilds
set(DFF_BOARDS_DIR ${CMAKE_CURRENT_LIST_DIR})

function(dff_board board prefix)
  set(dir ${DFF_BOARDS_DIR}/${board})
  if(NOT EXISTS ${dir}/board.cmake)
    message(FATAL_ERROR "dff_board: no board support in ${dir}")
  endif()
  set(linker_script "")
  set(link_dirs "")
  set(sources "")
  set(driver_sources "")
  include(${dir}/board.cmake)
  foreach(list sources driver_sources link_dirs)
    list(TRANSFORM ${list} PREPEND ${dir}/)
    set(absolute "")
    foreach(path ${${list}})
      cmake_path(NORMAL_PATH path)
      list(APPEND absolute ${path})
    endforeach()
    set(${list} ${absolute})
  endforeach()
  set(link_options "")
  set(link_depends "")
  foreach(d ${link_dirs})
    list(APPEND link_options -L${d})
    file(GLOB scripts ${d}/*.ld)
    list(APPEND link_depends ${scripts})
  endforeach()
  if(linker_script)
    list(APPEND link_options -T${dir}/${linker_script})
    list(APPEND link_depends ${dir}/${linker_script})
  endif()
  set(${prefix}_CPU ${cpu} PARENT_SCOPE)
  set(${prefix}_QEMU_MACHINE ${qemu_machine} PARENT_SCOPE)
  set(${prefix}_RAM ${ram_bytes} PARENT_SCOPE)
  set(${prefix}_INCLUDE_DIR ${dir} PARENT_SCOPE)
  set(${prefix}_SOURCES ${sources} PARENT_SCOPE)
  set(${prefix}_DRIVER_SOURCES ${driver_sources} PARENT_SCOPE)
  set(${prefix}_LINK_OPTIONS ${link_options} PARENT_SCOPE)
  set(${prefix}_LINK_DEPENDS ${link_depends} PARENT_SCOPE)
endfunction()
