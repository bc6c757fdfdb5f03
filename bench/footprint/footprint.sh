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
# call used, measured by the test firmware. Costs per call come from the test firmware:
# guest instructions under QEMU -icount (Cortex-M), CPU cycles of Timer1 under simavr (AVR):
# predict() (raw floats in, float outputs out), predict_int8() (int8 headers: int8 in and
# out) and classify() (raw floats in, class index out; models with class names); "-" where
# a header has no such function.
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

cost_of() {  # <test firmware report> <label> -> "N unit", or "-" when the report has no such figure
  c=$(echo "$1" | sed -n "s/.* $2=\([0-9]* [a-z-]*\).*/\1/p")
  echo "${c:--}"
}

{
echo "| target | model | variant | flash (text+data) | model flash | data+bss | P_RAM_BYTES | RAM (data+bss+scratch) | model RAM | predict stack | predict | predict_int8 | classify |"
echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |"
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
      # Each label with the space before it: "int8_cost_per_inference" must not match "cost_per_inference".
      cost=$(cost_of "$report" cost_per_inference)
      int8_cost=$(cost_of "$report" int8_cost_per_inference)
      classify_cost=$(cost_of "$report" classify_cost)
      echo "| $platform ($machine) | $model | $variant | $flash | $((flash - base)) | $static | $ram_bytes | $((static + ram_bytes)) | $((static - base_ram + ram_bytes)) | $stack | $cost | $int8_cost | $classify_cost |"
      ;;
  esac
done <"$manifest"
} >"$table"
cat "$table"
[ -z "$out" ] || cp "$table" "$out"
