#!/usr/bin/env bash
# scripts/run and `scripts/test deps` on stand-in machines (fake_machine.sh): a fresh Debian
# whose dpkg knows no package, one where npm comes with a non-Debian node, one with everything,
# and ones that cannot install (no apt-get; not root and no sudo; apt-get failing). Each must
# install the missing packages (apt-get update once, then install -y with every one of them)
# and go on, or say why it cannot and stop before building anything.
#   test_install_step.sh REPO
set -uo pipefail
repo=$1
source "$repo/tests/scripts/fake_machine.sh"
trap fake_machine_cleanup EXIT
failures=0 passes=0

check() {  # check NAME CONDITION-STATUS [DETAIL]
  if [[ $2 == 0 ]]; then
    echo "ok   $1"
    passes=$((passes + 1))
  else
    echo "FAIL $1${3:+: $3}"
    failures=$((failures + 1))
    sed 's/^/     | /' "$FAKE/out"
  fi
}
status() { cat "$FAKE/status"; }
apt_calls() { grep '^apt-get ' "$FAKE/calls.log"; }
# install_args: the packages of the recorded `apt-get ... install -y ...` call, sorted.
install_args() {
  apt_calls | grep ' install ' | sed 's/.* install //' | tr ' ' '\n' | grep -v '^-' | sort
}
queried() { sort -u "$FAKE/queried"; }
# apt_update_then_install: exactly two apt-get calls, update then install -y.
apt_update_then_install() {
  [[ $(apt_calls | wc -l) == 2 ]] &&
    apt_calls | sed -n 1p | grep -q ' update' &&
    apt_calls | sed -n 2p | grep -q ' install -y '
}
# npm_ci_after_apt: `npm ci` was recorded, after the last apt-get call.
npm_ci_after_apt() {
  local ci apt
  ci=$(grep -n '^npm ci' "$FAKE/calls.log" | head -n1 | cut -d: -f1)
  apt=$(grep -n '^apt-get ' "$FAKE/calls.log" | tail -n1 | cut -d: -f1)
  [[ -n $ci && -n $apt ]] && ((ci > apt))
}
# built: scripts/run went past the install step (its cmake calls were recorded).
built() { grep -q '^cmake ' "$FAKE/calls.log"; }

# fresh: a new stand-in machine (dpkg knows nothing; node, npm and cmake come only with their
# packages) with a copy of the scripts.
fresh() {
  fake_machine_cleanup
  fake_machine_new
  fake_machine_copy_repo "$repo"
}
# run [VAR=VALUE...]: the script under test ($script: "run" or "test deps") on that machine.
run() {
  local argv
  read -ra argv <<<"$script"
  fake_machine_run "$@" "$FAKE/repo/scripts/${argv[0]}" "${argv[@]:1}"
}

for script in run "test deps"; do
  name=${script%% *}
  fresh
  run
  check "$name: fresh machine: succeeds" "$(status)"
  check "$name: fresh machine: apt-get update, then apt-get install -y" "$(apt_update_then_install; echo $?)"
  check "$name: fresh machine: installs every package it checked" \
    "$([[ -s $FAKE/queried && $(install_args) == "$(queried)" ]]; echo $?)" \
    "installed [$(install_args | tr '\n' ' ')], checked [$(queried | tr '\n' ' ')]"
  check "$name: fresh machine: nodejs and npm among them" \
    "$(install_args | grep -qx nodejs && install_args | grep -qx npm; echo $?)"
  check "$name: fresh machine: says what it installs" "$(grep -q 'Installing missing packages: ' "$FAKE/out"; echo $?)"
  check "$name: fresh machine: npm ci after the packages" "$(npm_ci_after_apt; echo $?)"
  if [[ $name == run ]]; then
    check "run: fresh machine: builds and serves after installing" \
      "$(built && grep -q '^npx --no-install vite build' "$FAKE/calls.log" && grep -q '^node web/serve.mjs' "$FAKE/calls.log"; echo $?)"
  else
    check "test: fresh machine: the Arduino, simavr and FANN packages among them" \
      "$(for p in arduino-core-avr avrdude libsimavr-dev libelf-dev pkg-config libfann-dev chromium; do
           install_args | grep -qx "$p" || exit 1
         done; echo 0)"
  fi
  all_packages=$(queried)

  # Node.js from another source (NodeSource): dpkg knows nodejs, npm is not a Debian package
  # but is on PATH. Installing Debian's npm there would conflict with that nodejs.
  fresh
  echo nodejs >"$FAKE/installed"
  fake_machine_add_command node npm npx
  run
  check "$name: non-Debian node: succeeds" "$(status)"
  check "$name: non-Debian node: installs the rest, not nodejs or npm" \
    "$(apt_update_then_install && [[ $(install_args) == "$(grep -vx 'nodejs\|npm' <<<"$all_packages")" ]]; echo $?)" \
    "installed [$(install_args | tr '\n' ' ')]"

  # Everything already there: no apt-get at all.
  fresh
  echo "$all_packages" >"$FAKE/installed"
  fake_machine_add_command node npm npx cmake
  run
  check "$name: everything installed: succeeds without apt-get" \
    "$([[ $(status) == 0 && -z $(apt_calls) ]]; echo $?)"

  # No apt-get: say so, name the packages, fail before building.
  fresh
  rm "$FAKE/bin/apt-get"
  run
  check "$name: no apt-get: fails, says why and what is missing" \
    "$([[ $(status) != 0 ]] && grep -q 'no apt-get' "$FAKE/out" && grep -q 'emscripten' "$FAKE/out" && ! built; echo $?)"

  # Not root and no sudo.
  fresh
  run FAKE_UID=1000
  check "$name: not root, no sudo: fails and says why" \
    "$([[ $(status) != 0 && -z $(apt_calls) ]] && grep -q 'run as root or install sudo' "$FAKE/out" && ! built; echo $?)"

  # Not root with sudo: apt-get through sudo.
  fresh
  fake_machine_add_sudo
  run FAKE_UID=1000
  check "$name: not root, sudo: installs through sudo" \
    "$([[ $(status) == 0 ]] && apt_update_then_install &&
       [[ $(grep -c '^sudo .*apt-get' "$FAKE/calls.log") == 2 ]]; echo $?)"

  # Debian 12's own nodejs is 18; the node tests need what package.json's engines says.
  if [[ $name == test ]]; then
    fresh
    run FAKE_NODE_VERSION=v18.20.4
    check "test: Node.js 18: fails and says which version the node tests need" \
      "$([[ $(status) != 0 ]] && grep -q 'need Node.js 20 or later' "$FAKE/out" && grep -q 'v18.20.4' "$FAKE/out"; echo $?)"
  fi

  # apt-get fails (no network, broken sources): say so, fail before building.
  fresh
  run FAKE_APT_FAIL=1
  check "$name: apt-get failing: fails and says so" \
    "$([[ $(status) != 0 ]] && grep -q 'error: apt-get .* failed' "$FAKE/out" && ! built; echo $?)"
done

echo "$passes passed, $failures failed"
((failures == 0))
