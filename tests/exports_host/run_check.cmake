# Compiles one host check (a wrapper around check_model.inc or multi_model.inc) with one
# compiler and strict warnings as errors, then runs it. Called by ctest:
#   cmake -DCOMPILER=<path> -DLANG=c|c++ -DSOURCE=<file> -DINCLUDES=<dir>:<dir> -DOUTPUT=<exe> -P run_check.cmake
set(warnings -Wall -Wextra -Wpedantic -Werror -Wshadow -Wconversion -Wsign-conversion -Wdouble-promotion
    -Wundef -Wcast-qual -Wcast-align -Wmissing-declarations -Wredundant-decls)
if(LANG STREQUAL "c")
  set(flags -std=c99 -x c ${warnings} -Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition)
else()
  set(flags -std=c++11 -x c++ ${warnings})
endif()
string(REPLACE ":" ";" include_dirs "${INCLUDES}")
set(include_flags "")
foreach(dir ${include_dirs})
  list(APPEND include_flags -I${dir})
endforeach()
execute_process(COMMAND ${COMPILER} ${flags} -O2 ${include_flags} ${SOURCE} -o ${OUTPUT} -lm
  RESULT_VARIABLE compiled OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT compiled EQUAL 0)
  message(FATAL_ERROR "compile failed: ${COMPILER} ${flags} ${SOURCE}\n${out}${err}")
endif()
execute_process(COMMAND ${OUTPUT} RESULT_VARIABLE ran OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT ran EQUAL 0)
  message(FATAL_ERROR "check failed (exit status ${ran})")
endif()
