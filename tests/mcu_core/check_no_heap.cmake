# cmake -DNM=<nm> -DELF=<program> [-DREQUIRE=<symbol regex>] [-DEXPECT_FOUND=<names>] -P check_no_heap.cmake
#
# Fails if the linked program defines or references any heap or C++ exception
# machinery: malloc/free and friends (and newlib's _r variants, _sbrk), every
# operator new/delete, __cxa_throw, __cxa_allocate_exception, __cxa_begin_catch,
# __gxx_personality_v0. REQUIRE (a regex) must match some symbol, so that an empty
# or stripped file cannot pass. EXPECT_FOUND (comma-separated symbol names) inverts the
# check for negative controls: it passes only if every listed symbol is reported.
cmake_minimum_required(VERSION 3.20)
foreach(var NM ELF)
  if(NOT ${var})
    message(FATAL_ERROR "check_no_heap: -D${var}=... is required")
  endif()
endforeach()

execute_process(COMMAND ${NM} ${ELF} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "check_no_heap: ${NM} ${ELF} failed: ${err}")
endif()

# nm lines: "[address] <type> <name>"; keep the names.
string(REPLACE "\n" ";" lines "${out}")
set(names "")
foreach(line ${lines})
  if(line MATCHES "^[0-9a-fA-F ]* [A-Za-z?] ([^ ]+)$")
    list(APPEND names "${CMAKE_MATCH_1}")
  endif()
endforeach()
list(LENGTH names count)

set(forbidden
  "^_?(malloc|free|calloc|realloc|memalign|aligned_alloc|posix_memalign|valloc|pvalloc)$"
  "^_(malloc|free|calloc|realloc|memalign)_r$"
  "^_?_sbrk(_r)?$"
  "^_Zn[wa][jm]"    # operator new / new[] (every overload)
  "^_Zd[la]Pv"      # operator delete / delete[] (every overload)
  "^__cxa_throw$"
  "^__cxa_allocate_exception$"
  "^__cxa_begin_catch$"
  "^__gxx_personality_v0$")

set(found "")
foreach(name ${names})
  foreach(pattern ${forbidden})
    if(name MATCHES "${pattern}")
      list(APPEND found "${name}")
    endif()
  endforeach()
endforeach()

if(REQUIRE)
  set(required_found FALSE)
  foreach(name ${names})
    if(name MATCHES "${REQUIRE}")
      set(required_found TRUE)
    endif()
  endforeach()
  if(NOT required_found)
    message(FATAL_ERROR "check_no_heap: ${ELF} has no symbol matching '${REQUIRE}' (${count} symbols): "
                        "wrong file or stripped, so the check proves nothing")
  endif()
endif()

if(found)
  list(REMOVE_DUPLICATES found)
endif()

if(DEFINED EXPECT_FOUND)
  string(REPLACE "," ";" expected "${EXPECT_FOUND}")
  foreach(name ${expected})
    if(NOT name IN_LIST found)
      message(FATAL_ERROR "check_no_heap: negative control ${ELF}: '${name}' was not reported (found: ${found})")
    endif()
  endforeach()
  message(STATUS "check_no_heap: negative control ${ELF}: reported ${found} as expected")
  return()
endif()

if(found)
  foreach(name ${found})
    message(NOTICE "check_no_heap: forbidden symbol ${name}")
  endforeach()
  message(FATAL_ERROR "check_no_heap: ${ELF} pulls in heap or exception code (see the map file for who uses it)")
endif()
message(STATUS "check_no_heap: ${ELF}: ${count} symbols, no heap or exception symbols")
