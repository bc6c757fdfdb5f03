#!/bin/sh
# Compiles the assembled Arduino sketch and library (assemble.sh OUT) with arm-none-eabi-g++
# against the stub Arduino.h, as an Arduino core for a Cortex-M board would, without linking:
#
#   compile_check.sh OUT STUB_DIR STD CPU_FLAGS...
#
# e.g. compile_check.sh out stub gnu++14 -mcpu=cortex-m0plus -mthumb. Exits 0 and prints
# "compile_check: PASS" only if every file compiles with -Wall -Wextra -Werror.
set -u
out=$1
stub=$2
std=$3
shift 3
gxx=${ARM_GXX:-arm-none-eabi-g++}
obj=$(mktemp -d)
trap 'rm -rf "$obj"' EXIT
lib=$out/libraries/microdff/src
sketch=$out/microdff
failed=0
count=0
for src in "$sketch/microdff.ino" $(find "$lib" -name '*.cpp' | sort); do
  count=$((count + 1))
  lang=
  case $src in *.ino) lang="-x c++" ;; esac
  if ! "$gxx" "$@" -std="$std" -Os -ffunction-sections -fdata-sections -fno-exceptions -fno-rtti \
      -Wall -Wextra -Werror -I"$stub" -I"$lib" $lang -c "$src" -o "$obj/$count.o"; then
    echo "compile_check: FAIL $src"
    failed=$((failed + 1))
  fi
done
nm=${ARM_NM:-arm-none-eabi-nm}
"$nm" -C "$obj/1.o" | grep -q ' T setup()' || { echo "compile_check: FAIL the sketch defines no setup()"; failed=$((failed + 1)); }
"$nm" -C "$obj/1.o" | grep -q ' T loop()' || { echo "compile_check: FAIL the sketch defines no loop()"; failed=$((failed + 1)); }
echo "compile_check: $count files, $failed failed ($std $*)"
[ "$failed" -eq 0 ] && echo "compile_check: PASS"
