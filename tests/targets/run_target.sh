#!/bin/sh
# Runs one target test firmware in its simulator and checks its verdict.
#
#   run_target.sh <platform> <firmware.elf> [--expect-fail] [--ram-limit BYTES --size-tool TOOL]
#
# platform: mps2-an385 (Cortex-M3, QEMU) | microbit (Cortex-M0, QEMU) | atmega328p (AVR, simavr).
# Passes (exit 0, prints "dff-target-run: OK") only if the firmware printed its
# "dff-target: PASS" line, printed no FAIL/MISMATCH line and, under QEMU, exited with status 0
# (semihosting SYS_EXIT_EXTENDED carries main's result). --expect-fail inverts this for the
# negative tests: the firmware must print "dff-target: FAIL" and, under QEMU, exit with status 1.
# --ram-limit checks that .data + .bss of the ELF plus the stack depth of one predict() call
# (measured by the firmware) fit in BYTES, the RAM of the part: the weights must be in flash.
# Every simulator run is bounded by DFF_TARGET_TIMEOUT seconds (default 60).
set -u

platform=$1
elf=$2
shift 2
expect_fail=0
ram_limit=
size_tool=
while [ $# -gt 0 ]; do
  case $1 in
    --expect-fail) expect_fail=1 ;;
    --ram-limit) ram_limit=$2; shift ;;
    --size-tool) size_tool=$2; shift ;;
    *) echo "dff-target-run: FAIL unknown option $1"; exit 2 ;;
  esac
  shift
done
limit=${DFF_TARGET_TIMEOUT:-60}
qemu=${QEMU_SYSTEM_ARM:-qemu-system-arm}
simavr=${SIMAVR:-simavr}

fail() {
  echo "dff-target-run: FAIL $*"
  exit 1
}

[ -f "$elf" ] || fail "no firmware $elf"

if [ -n "$ram_limit" ]; then
  # Berkeley format: text data bss dec hex filename
  # shellcheck disable=SC2046 # split into the columns
  set -- $("$size_tool" -B "$elf" | tail -n 1)
  static_ram=$(($2 + $3))
fi

raw=$(mktemp)
log=$(mktemp)
trap 'rm -f "$raw" "$log"' EXIT
case $platform in
  mps2-an385 | microbit)
    # -icount shift=0: one guest instruction per virtual ns, which the firmware's cost counter relies on.
    timeout "$limit" "$qemu" -M "$platform" -nographic -monitor none -serial null \
      -semihosting-config enable=on,target=native -icount shift=0 -kernel "$elf" >"$raw" 2>&1
    status=$?
    ;;
  atmega328p)
    timeout "$limit" "$simavr" -m atmega328p -f 16000000 "$elf" >"$raw" 2>&1
    status=$?
    ;;
  *) fail "unknown platform $platform" ;;
esac
# simavr colours its UART lines and shows the newline as '.'; keep the text only.
sed -e 's/\x1b\[[0-9;]*m//g' -e 's/\.$//' "$raw" >"$log"
cat "$log"

[ "$status" -ne 124 ] || fail "timed out after ${limit}s"
grep -q '^dff-target: model=' "$log" || fail "the firmware printed no report (status $status)"
if [ "$expect_fail" -eq 1 ]; then
  grep -q 'dff-target: FAIL ' "$log" || fail "negative test: the firmware did not report the planted mismatch"
  grep -q 'dff-target: MISMATCH ' "$log" || fail "negative test: no MISMATCH line"
  if [ "$platform" != atmega328p ] && [ "$status" -ne 1 ]; then
    fail "negative test: exit status $status, expected 1"
  fi
  echo "dff-target-run: OK (mismatch detected as expected)"
  exit 0
fi
[ "$status" -eq 0 ] || fail "simulator exit status $status"
grep -q 'dff-target: FAIL\|dff-target: MISMATCH' "$log" && fail "the firmware reported a mismatch"
grep -q '^dff-target: PASS ' "$log" || fail "no PASS line"
if [ -n "$ram_limit" ]; then
  stack=$(sed -n 's/.*stack_bytes=\([0-9]*\).*/\1/p' "$log")
  [ -n "$stack" ] || fail "no stack_bytes in the report"
  total=$((static_ram + stack))
  echo "dff-target-run: ram=$total bytes (data+bss $static_ram, predict stack $stack) limit=$ram_limit"
  [ "$total" -le "$ram_limit" ] || fail "RAM $total exceeds the part's $ram_limit bytes"
fi
echo "dff-target-run: OK"
