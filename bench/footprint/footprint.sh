#!/bin/sh
# Prints flash and RAM of each target build and the cost of one inference, as a Markdown table.
#
#   footprint.sh <manifest> <run_target.sh> [<table.md>]
#
# Manifest lines (written by footprint.cmake):
#   baseline <platform> <size tool> <empty firmware elf>
#   model <platform> <machine> <size tool> <model> <variant> <footprint elf> <test firmware elf>
# flash = text + data of the footprint firmware (startup, model, libm/soft-float it needs);
# "model flash" subtracts the empty firmware of the same platform. RAM = data + bss + the
# header's P_RAM_BYTES (its scratch, on the stack); "model RAM" subtracts the empty firmware's
# data + bss (what remains is the input and output arrays plus the scratch, as an application
# would have them); "predict stack" is the deepest stack one predict()
# call used, measured by the test firmware. Cost per inference comes from the test firmware:
# guest instructions under QEMU -icount (Cortex-M), CPU cycles of Timer1 under simavr (AVR).
set -eu
manifest=$1
runner=$2
out=${3:-}
table=$(mktemp)
trap 'rm -f "$table"' EXIT

sizes() {  # <size tool> <elf> -> "text data bss"
  set -- $("$1" -B "$2" | tail -n 1)
  echo "$1 $2 $3"
}

{
echo "| target | model | variant | flash (text+data) | model flash | data+bss | P_RAM_BYTES | RAM (data+bss+scratch) | model RAM | predict stack | cost per inference |"
echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
while read -r kind platform a b c d e f; do
  case $kind in
    baseline)
      set -- $(sizes "$a" "$b")
      eval "base_$platform=$(($1 + $2)) base_ram_$platform=$(($2 + $3))"
      ;;
    model)
      machine=$a size_tool=$b model=$c variant=$d fp_elf=$e test_elf=$f
      set -- $(sizes "$size_tool" "$fp_elf")
      flash=$(($1 + $2))
      static=$(($2 + $3))
      eval "base=\${base_$platform:-0} base_ram=\${base_ram_$platform:-0}"
      report=$(sh "$runner" "$machine" "$test_elf" 2>&1) || {
        echo "footprint: the test firmware $test_elf failed:" >&2
        echo "$report" >&2
        exit 1
      }
      ram_bytes=$(echo "$report" | sed -n 's/.* ram_bytes=\([0-9]*\).*/\1/p')
      stack=$(echo "$report" | sed -n 's/.* stack_bytes=\([0-9]*\).*/\1/p')
      cost=$(echo "$report" | sed -n 's/.*cost_per_inference=\([0-9]* [a-z-]*\).*/\1/p')
      echo "| $platform ($machine) | $model | $variant | $flash | $((flash - base)) | $static | $ram_bytes | $((static + ram_bytes)) | $((static - base_ram + ram_bytes)) | $stack | $cost |"
      ;;
  esac
done <"$manifest"
} >"$table"
cat "$table"
[ -z "$out" ] || cp "$table" "$out"
