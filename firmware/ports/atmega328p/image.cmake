# Turns a linked ATmega328P firmware into what the page flashes (cmake -P, from CMakeLists.txt):
#   INPUT.elf (identity "DFFI00000000") -> OUT.elf, OUT.hex with the build id in the identity,
#   and OUT.json, the manifest the page reads: board, rates, where the model region and the
#   identity are, the limits a model must meet, sizes.
# Build id: the first 32 bits of the SHA-256 of the image bytes with the id digits as zeros, so
# equal images have equal ids and any change of code, data or layout changes it.
foreach(var INPUT OUT OBJCOPY NM BOARD BAUD BOOTLOADER VARIANT MAX_PAYLOAD MODEL_RAM VERSION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "image.cmake: -D${var}= missing")
  endif()
endforeach()
set(sections -j .vectors -j .fw_identity -j .text -j .data)

execute_process(COMMAND ${OBJCOPY} -O binary ${sections} ${INPUT} ${OUT}.unpatched.bin RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "image.cmake: objcopy failed on ${INPUT}")
endif()
file(SHA256 ${OUT}.unpatched.bin sha)
string(SUBSTRING "${sha}" 0 8 build_id)
file(WRITE ${OUT}.identity "DFFI${build_id}")
execute_process(COMMAND ${OBJCOPY} --update-section .fw_identity=${OUT}.identity ${INPUT} ${OUT}.elf RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "image.cmake: could not write the identity into ${OUT}.elf")
endif()
execute_process(COMMAND ${OBJCOPY} -O ihex ${sections} ${OUT}.elf ${OUT}.hex RESULT_VARIABLE rc)
execute_process(COMMAND ${OBJCOPY} -O binary ${sections} ${OUT}.elf ${OUT}.bin RESULT_VARIABLE rc2)
if(rc OR rc2)
  message(FATAL_ERROR "image.cmake: could not write ${OUT}.hex")
endif()
file(SIZE ${OUT}.bin image_bytes)

# Symbols and section sizes.
execute_process(COMMAND ${NM} ${OUT}.elf OUTPUT_VARIABLE symbols)
function(symbol name var)
  string(REGEX MATCH "([0-9a-f]+) [A-Za-z] ${name}\n" m "${symbols}")
  if(NOT m)
    message(FATAL_ERROR "image.cmake: symbol ${name} not in ${OUT}.elf")
  endif()
  math(EXPR v "0x${CMAKE_MATCH_1} & 0xFFFF" OUTPUT_FORMAT DECIMAL)
  set(${var} ${v} PARENT_SCOPE)
endfunction()
symbol(__model_region_start region_start)
symbol(__model_region_end region_end)
symbol(dff_fw_identity identity)
symbol(__data_start data_start)
symbol(__bss_end bss_end)
math(EXPR ram_static "${bss_end} - ${data_start}")
math(EXPR region_bytes "${region_end} - ${region_start}")
math(EXPR model_bytes "${region_bytes} - 20")
if(image_bytes GREATER region_start)
  message(FATAL_ERROR "image.cmake: the firmware (${image_bytes} bytes) runs into the model region at ${region_start}")
endif()

if(BOARD STREQUAL "uno")
  set(board_name "Arduino Uno")
else()
  set(board_name "Arduino Nano (old bootloader)")
endif()
get_filename_component(hex_name ${OUT}.hex NAME)
file(WRITE ${OUT}.json "{
  \"format\": 1,
  \"board\": \"${BOARD}\",
  \"boardName\": \"${board_name}\",
  \"variant\": \"${VARIANT}\",
  \"mcu\": \"atmega328p\",
  \"signature\": \"1e950f\",
  \"baudRate\": ${BAUD},
  \"bootloader\": \"${BOOTLOADER}\",
  \"flashBytes\": 32768,
  \"pageBytes\": 128,
  \"bootStart\": ${region_end},
  \"modelRegion\": { \"start\": ${region_start}, \"end\": ${region_end}, \"maxBlobBytes\": ${model_bytes} },
  \"identityAddress\": ${identity},
  \"buildId\": \"${build_id}\",
  \"firmware\": { \"name\": \"microdff-${BOARD}\", \"version\": \"${VERSION}\" },
  \"limits\": { \"maxPayload\": ${MAX_PAYLOAD}, \"modelRamBytes\": ${MODEL_RAM} },
  \"imageBytes\": ${image_bytes},
  \"ramBytes\": ${ram_static},
  \"hex\": \"${hex_name}\"
}
")
message(STATUS "${hex_name}: ${image_bytes} bytes of flash, ${ram_static} bytes of static RAM, build ${build_id}, model region ${region_start}..${region_end}")
