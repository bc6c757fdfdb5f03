# cmake -DIN=<blob> -DOUT=<file.c> -DNAME=<symbol> [-DSECTION=<section>] -P embed_blob.cmake
# Writes the blob as `const uint8_t NAME[]` and `const size_t NAME_size` (C, in flash; SECTION
# e.g. .progmem.data for AVR program memory), through a temporary file so that an interrupted
# build never leaves half a source.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR size "${hex_len} / 2")
if(size EQUAL 0)
  message(FATAL_ERROR "embed_blob: ${IN} is empty")
endif()
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x..,){16})" "\\1\n  " bytes "${bytes}")
get_filename_component(src ${IN} NAME)
set(section_attribute "")
if(SECTION)
  set(section_attribute ", section(\"${SECTION}\")")
endif()
file(WRITE ${OUT}.tmp
  "/* Generated from ${src} by embed_blob.cmake; do not edit. */\n"
  "#include <stddef.h>\n#include <stdint.h>\n\n"
  "const uint8_t ${NAME}[${size}] __attribute__((aligned(4)${section_attribute})) = {\n  ${bytes}\n};\n"
  "const size_t ${NAME}_size = ${size};\n")
file(RENAME ${OUT}.tmp ${OUT})
