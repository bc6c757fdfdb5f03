#!/usr/bin/env bash
# The README's promise, as far as this machine allows: scripts/run on a machine whose dpkg knows
# none of the packages asks apt-get to install them (a recording stand-in: the real tools are
# already here), then builds the WebAssembly engine and the page and serves it. The test
# fetches the page and its engine, then stops the server.
#   test_run_serves.sh REPO [SECONDS]   (how long the build may take; default 1500)
set -uo pipefail
repo=$1
limit=${2:-1500}
source "$repo/tests/scripts/fake_machine.sh"
fake_machine_new
pid=
cleanup() {  # the whole process group: the build's compilers too, if it is still building
  [[ -n $pid ]] && kill -- "-$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  fake_machine_cleanup
}
trap cleanup EXIT
fail() {
  echo "FAIL $*"
  sed 's/^/     | /' "$FAKE/out"
  echo "0 passed, 1 failed"
  exit 1
}

PORT=0 CI=true FAKE_APT_RECORD_ONLY=1 PATH="$FAKE/bin:$PATH" setsid "$repo/scripts/run" </dev/null >"$FAKE/out" 2>&1 &
pid=$!
url=
for ((i = 0; i < limit; ++i)); do
  url=$(sed -n 's/^Serving on \(http:[^ ]*\)$/\1/p' "$FAKE/out")
  [[ -n $url ]] && break
  kill -0 "$pid" 2>/dev/null || { wait "$pid"; fail "scripts/run exited ($?) before serving"; }
  sleep 1
done
[[ -n $url ]] || fail "scripts/run did not serve within ${limit}s"

if ! grep -q '^apt-get .* update' "$FAKE/calls.log" || ! grep -q '^apt-get .* install -y .*emscripten' "$FAKE/calls.log"; then
  fail "scripts/run did not ask apt-get to install the packages dpkg does not know"
fi
echo "ok   asked apt-get: $(grep ' install ' "$FAKE/calls.log" | sed 's/.* install //')"

# The page, and every script and .wasm file it loads, from the server scripts/run started.
node "$repo/tests/scripts/fetch_page.mjs" "$url" || fail "fetching the page from $url"

kill "$pid"
wait "$pid"
rc=$?
pid=
((rc == 0)) || fail "the server exited with status $rc when stopped"
echo "ok   stopped"
echo "1 passed, 0 failed"
