#!/usr/bin/env bash
# Checks scripts/lib/suites.sh: counting from each runner's own summary line and the
# closing `N passed, N failed` line with its exit status.
set -uo pipefail
source "$1/scripts/lib/suites.sh"
DFF_LOG_DIR=$(mktemp -d)
trap 'rm -rf "$DFF_LOG_DIR"' EXIT
failures=0

expect() {  # expect NAME WANT GOT
  if [[ $2 == "$3" ]]; then echo "ok   $1"; else echo "FAIL $1: want '$2', got '$3'"; failures=$((failures + 1)); fi
}
log() { printf '%b' "$1" >"$DFF_LOG_DIR/sample.log"; echo "$DFF_LOG_DIR/sample.log"; }

expect "ctest all passed" "20 0" "$(dff_count_ctest "$(log '100% tests passed, 0 tests failed out of 20\n')")"
expect "ctest some failed" "18 2" "$(dff_count_ctest "$(log '90% tests passed, 2 tests failed out of 20\n')")"
expect "ctest one test" "0 1" "$(dff_count_ctest "$(log '0% tests passed, 1 test failed out of 1\n')")"
expect "ctest no summary" "" "$(dff_count_ctest "$(log 'No tests were found!!!\n')")"
expect "node tap" "7 1" "$(dff_count_generic "$(log 'ok 1 - x\n# tests 8\n# pass 7\n# fail 1\n')")"
expect "node spec" "5 0" "$(dff_count_generic "$(log 'ℹ tests 5\nℹ pass 5\nℹ fail 0\n')")"
expect "playwright" "6 2" "$(dff_count_generic "$(log '  2 failed\n  6 passed (12.3s)\n')")"
expect "plain line" "3 4" "$(dff_count_generic "$(log 'x: 3 passed, 4 failed\n')")"
expect "nothing" "" "$(dff_count_generic "$(log 'hello\n')")"

out=$( (dff_record a 3 0 1 ""; dff_record b 2 1 1 ""; dff_summary) ); rc=$?
expect "summary closes with totals" "5 passed, 1 failed" "$(tail -n1 <<<"$out")"
expect "summary fails when a test failed" 1 "$rc"
out=$( (dff_record a 3 0 1 ""; dff_summary) ); rc=$?
expect "summary all passed" "3 passed, 0 failed" "$(tail -n1 <<<"$out")"
expect "summary succeeds when all passed" 0 "$rc"

((failures == 0))
