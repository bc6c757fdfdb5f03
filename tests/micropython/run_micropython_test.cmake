# ctest driver for micropython_module and micropython_library: generate the cases, then
# `node --test`. DFF_CLI (optional) is passed on as MICRODFF_DFF.
# Skips (ctest SKIP_REGULAR_EXPRESSION) only when the npm package is not installed, and
# never in CI (CI=true), where scripts/test has run `npm ci` and the test must run.
set(package "${SOURCE_DIR}/node_modules/@micropython/micropython-webassembly-pyscript/micropython.mjs")
if(NOT EXISTS "${package}")
  set(fix "run `npm ci` in ${SOURCE_DIR} (scripts/test does) to run the MicroPython module test")
  if("$ENV{CI}" STREQUAL "true")
    message(FATAL_ERROR "${package} is missing in CI; ${fix}")
  endif()
  message("MICRODFF_TEST_SKIPPED: ${package} is missing; ${fix}.")
  return()
endif()
if(NOT NODE)
  message(FATAL_ERROR "node not found (needed to run MicroPython in WebAssembly); install node >= 20 and re-run cmake")
endif()

file(REMOVE_RECURSE "${CASES_DIR}")
file(MAKE_DIRECTORY "${CASES_DIR}")
execute_process(COMMAND "${GENERATOR}" "${CASES_DIR}" "${SOURCE_DIR}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gen_micropython_cases failed (${rc})")
endif()

set(ENV{MICRODFF_MP_CASES} "${CASES_DIR}")
set(ENV{MICRODFF_PYTHON3} "${PYTHON3}")
if(DFF_CLI)
  set(ENV{MICRODFF_DFF} "${DFF_CLI}")
endif()
execute_process(COMMAND "${NODE}" --test "${TEST_SCRIPT}" WORKING_DIRECTORY "${SOURCE_DIR}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "node --test ${TEST_SCRIPT} failed (${rc})")
endif()
