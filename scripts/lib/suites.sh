# shellcheck shell=bash
# Test-suite runner for scripts/test (source this file): runs each suite, keeps its log,
# counts passed/failed tests from the runner's own summary, and prints a table and one
# final line `N passed, N failed`.

DFF_PASSED=0
DFF_FAILED=0
DFF_ROWS=()
DFF_LOG_DIR=${DFF_LOG_DIR:-build/logs}
# shellcheck disable=SC2034 # filled by scripts/test
declare -gA DFF_CONFIGURE_ARGS=()

# dff_record SUITE PASSED FAILED SECONDS NOTE
dff_record() {
  DFF_PASSED=$((DFF_PASSED + $2))
  DFF_FAILED=$((DFF_FAILED + $3))
  DFF_ROWS+=("$(printf '%-22s %6s %6s %6ss  %s' "$1" "$2" "$3" "$4" "$5")")
}

dff_banner() { printf '\n==== %s ====\n' "$*"; }

# dff_log SUITE STEP: path of a step's log file.
dff_log() { mkdir -p "$DFF_LOG_DIR" && echo "$DFF_LOG_DIR/$1.$2.log"; }

# dff_count_ctest LOG -> "passed failed" from "NN% tests passed, F tests failed out of T".
dff_count_ctest() {
  local line
  line=$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$1" | tail -n1)
  if [[ $line =~ ([0-9]+)\ tests?\ failed\ out\ of\ ([0-9]+) ]]; then
    echo "$((BASH_REMATCH[2] - BASH_REMATCH[1])) ${BASH_REMATCH[1]}"
  fi
}

# dff_count_generic LOG -> "passed failed" from node's test runner (TAP "# pass N" /
# spec "ℹ pass N"), Playwright ("N passed", "N failed") or a plain "N passed, N failed".
dff_count_generic() {
  local log=$1 p f
  p=$(grep -aoE '^(# |ℹ )pass [0-9]+' "$log" | tail -n1 | grep -oE '[0-9]+$')
  f=$(grep -aoE '^(# |ℹ )fail [0-9]+' "$log" | tail -n1 | grep -oE '[0-9]+$')
  if [[ -z $p ]]; then
    p=$(grep -aoE '^ *[0-9]+ passed' "$log" | tail -n1 | grep -oE '[0-9]+')
    f=$(grep -aoE '^ *[0-9]+ failed' "$log" | tail -n1 | grep -oE '[0-9]+')
  fi
  if [[ -z $p ]]; then
    local line
    line=$(grep -aoE '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n1)
    p=$(grep -oE '^[0-9]+' <<<"$line")
    f=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+')
  fi
  [[ -n $p ]] && echo "$p ${f:-0}"
}

# dff_run_step SUITE STEP CMD...: runs CMD with output to the terminal and the log.
dff_run_step() {
  local suite=$1 step=$2 log
  shift 2
  log=$(dff_log "$suite" "$step")
  echo "+ $*"
  "$@" 2>&1 | tee "$log"
  return "${PIPESTATUS[0]}"
}

# dff_run_preset PRESET [ctest args...]: configure, build (keep going past errors so
# every test that can build still runs) and ctest one CMake preset. Extra configure
# arguments come from DFF_CONFIGURE_ARGS[PRESET] (an associative array, split on spaces).
dff_run_preset() {
  local preset=$1
  shift
  local start=$SECONDS extra=()
  read -ra extra <<<"${DFF_CONFIGURE_ARGS[$preset]-}"
  dff_banner "$preset: configure and build"
  if ! dff_run_step "$preset" configure cmake --preset "$preset" "${extra[@]}"; then
    dff_record "$preset" 0 1 $((SECONDS - start)) "configure failed ($(dff_log "$preset" configure))"
    return 1
  fi
  local build_failed=0
  dff_run_step "$preset" build cmake --build --preset "$preset" -- -k 0 || build_failed=1
  dff_banner "$preset: ctest"
  local rc=0 counts passed failed note=""
  dff_run_step "$preset" ctest ctest --preset "$preset" --output-on-failure -j2 "$@" || rc=$?
  counts=$(dff_count_ctest "$(dff_log "$preset" ctest)")
  if [[ -n $counts ]]; then
    read -r passed failed <<<"$counts"
  elif grep -q 'No tests were found' "$(dff_log "$preset" ctest)"; then
    passed=0 failed=0 note="no tests"
  else
    passed=0 failed=0
  fi
  if ((rc != 0 && failed == 0)); then
    failed=1 note="ctest exited $rc"
  fi
  if ((build_failed)); then
    failed=$((failed + 1))
    note="build failed (counted as 1 failure; $(dff_log "$preset" build)) $note"
  fi
  dff_record "$preset" "$passed" "$failed" $((SECONDS - start)) "$note"
  ((failed == 0))
}

# dff_has_preset NAME: CMakePresets.json defines a configure preset NAME.
dff_has_preset() {
  cmake --list-presets=configure 2>/dev/null | grep -q "^  \"$1\""
}

# dff_run_npm_script DIR SCRIPT: `npm run SCRIPT` in DIR if package.json defines it.
dff_run_npm_script() {
  local dir=$1 script=$2 suite start=$SECONDS rc=0 counts passed failed
  suite="npm:${dir#./}:$script"
  suite=${suite//\//_}
  node -e 'const s=require(process.argv[1]).scripts||{}; process.exit(s[process.argv[2]]?0:1)' \
    "$(realpath "$dir")/package.json" "$script" 2>/dev/null || return 0
  dff_banner "$suite"
  # shellcheck disable=SC2016 # expanded by the inner bash
  dff_run_step "$suite" run bash -c 'cd "$1" && npm run --silent "$2"' _ "$dir" "$script" || rc=$?
  counts=$(dff_count_generic "$(dff_log "$suite" run)")
  if [[ -n $counts ]]; then
    read -r passed failed <<<"$counts"
    ((rc != 0 && failed == 0)) && failed=1
  elif ((rc == 0)); then
    passed=1 failed=0
  else
    passed=0 failed=1
  fi
  dff_record "$suite" "$passed" "$failed" $((SECONDS - start)) "$([[ -z $counts ]] && echo "counted by exit code $rc")"
  ((failed == 0))
}

# dff_summary: table of suites, then the closing line. Returns 1 if anything failed.
dff_summary() {
  dff_banner "summary (logs in $DFF_LOG_DIR)"
  printf '%-22s %6s %6s %7s  %s\n' suite passed failed time note
  local row
  for row in "${DFF_ROWS[@]}"; do echo "$row"; done
  echo "total time: ${SECONDS}s"
  echo "$DFF_PASSED passed, $DFF_FAILED failed"
  ((DFF_FAILED == 0))
}
