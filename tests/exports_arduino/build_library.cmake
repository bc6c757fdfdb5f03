# Builds the Arduino library that `dff export --format arduino` writes, as the Arduino IDE
# builds a sketch that uses it (cmake -P; tests/exports_arduino/CMakeLists.txt calls it):
#   MODE=avr     train CSV with dff, export the library, extract it, compile the example (.ino with
#                Arduino.h included first) and the library's src/*.cpp with avr-g++ against the
#                Arduino AVR core (ARDUINO_AVR, core library CORE_LIB), link for an Uno, write
#                OUT/<library>.hex and OUT/<library>.json (what the test needs to run it)
#   MODE=arm     the same export, compiled (not linked) with arm-none-eabi-g++ CPU_FLAGS against
#                the stub Arduino.h (STUB), -Wall -Wextra -Werror
# Every step that fails stops with its output.
foreach(var MODE DFF CSV NAME OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "build_library.cmake: -D${var}= missing")
  endif()
endforeach()
function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc)
    message(FATAL_ERROR "build_library.cmake: ${what} failed (${rc}):\n${ARGN}\n${out}${err}")
  endif()
endfunction()

file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
set(train_args ${CSV} -q -o ${OUT}/model.json)
if(DEFINED INPUTS)
  list(APPEND train_args --inputs ${INPUTS})
endif()
run("dff train" ${DFF} train ${train_args})
run("dff export --format arduino" ${DFF} export ${OUT}/model.json --format arduino --name ${NAME} -o ${OUT}/library.zip)
run("extracting the library" ${CMAKE_COMMAND} -E chdir ${OUT} ${CMAKE_COMMAND} -E tar xf library.zip)
file(GLOB library_dirs LIST_DIRECTORIES true ${OUT}/*/library.properties)
list(LENGTH library_dirs n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "build_library.cmake: the archive holds ${n} libraries, not one")
endif()
get_filename_component(lib ${library_dirs} DIRECTORY)
get_filename_component(id ${lib} NAME)
set(ino ${lib}/examples/${id}_example/${id}_example.ino)
if(NOT EXISTS ${ino})
  message(FATAL_ERROR "build_library.cmake: no example ${ino}")
endif()
file(GLOB sources ${lib}/src/*.cpp)
set(warnings -Wall -Wextra -Werror)

if(MODE STREQUAL "avr")
  set(flags -mmcu=atmega328p -DF_CPU=16000000UL -DARDUINO=10807 -DARDUINO_AVR_UNO -DARDUINO_ARCH_AVR -Os
      -ffunction-sections -fdata-sections -fno-exceptions -fno-threadsafe-statics -std=gnu++11
      -I${ARDUINO_AVR}/cores/arduino -I${ARDUINO_AVR}/variants/standard -I${lib}/src)
  set(objects "")
  foreach(src ${ino} ${sources})
    get_filename_component(base ${src} NAME)
    run("avr-g++ ${base}" ${AVR_GXX} ${flags} ${warnings} -include Arduino.h -x c++ -c ${src} -o ${OUT}/${base}.o)
    list(APPEND objects ${OUT}/${base}.o)
  endforeach()
  run("linking the example" ${AVR_GXX} -mmcu=atmega328p -Os -flto -fuse-linker-plugin -Wl,--gc-sections ${objects} ${CORE_LIB} -o ${OUT}/${id}.elf)
  run("objcopy" ${AVR_OBJCOPY} -O ihex -R .eeprom ${OUT}/${id}.elf ${OUT}/${id}.hex)
  file(WRITE ${OUT}/${id}.json "{ \"library\": \"${id}\", \"hex\": \"${OUT}/${id}.hex\", \"model\": \"${OUT}/model.json\", \"csv\": \"${CSV}\" }\n")
  message(STATUS "${id}: example linked for the Uno, ${OUT}/${id}.hex")
elseif(MODE STREQUAL "arm")
  separate_arguments(cpu UNIX_COMMAND "${CPU_FLAGS}")
  foreach(src ${ino} ${sources})
    get_filename_component(base ${src} NAME)
    run("arm-none-eabi-g++ ${base}" ${ARM_GXX} ${cpu} -std=gnu++14 -Os -fno-exceptions -fno-rtti ${warnings}
        -I${STUB} -I${lib}/src -include Arduino.h -x c++ -c ${src} -o ${OUT}/${base}.o)
  endforeach()
  message("build_library: PASS (${id}, ${CPU_FLAGS})")
else()
  message(FATAL_ERROR "build_library.cmake: MODE must be avr or arm")
endif()
