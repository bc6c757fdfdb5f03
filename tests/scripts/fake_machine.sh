# shellcheck shell=bash
# A stand-in Debian machine for testing scripts/run and scripts/test's install step (source
# this file). Everything lives in one temporary folder, $FAKE:
#   bin/       first on PATH: dpkg-query, apt-get, id (and sudo, node, npm... when present)
#   tools/     the ordinary tools the scripts use (links to the real ones), so that PATH can
#              leave out the real apt-get, sudo, cmake, node and npm
#   installed  the packages dpkg knows as installed, one a line
#   queried    every package dpkg-query was asked about
#   calls.log  one line per stand-in call: the command and its arguments
# The stand-in apt-get records its calls; `install` adds the packages to `installed` and puts
# recording stand-ins for the commands they bring (node, npm, npx, cmake) into bin/. With
# FAKE_APT_FAIL set it fails; with FAKE_APT_RECORD_ONLY set it only records (the real tools
# are there).
# Stand-in commands other than dpkg-query, apt-get, id and sudo only record and succeed.

# fake_machine_new: makes a fresh $FAKE (dpkg knows no package; root; apt-get, no sudo).
fake_machine_new() {
  FAKE=$(mktemp -d)
  mkdir -p "$FAKE/bin" "$FAKE/tools" "$FAKE/home"
  : >"$FAKE/installed"
  : >"$FAKE/queried"
  : >"$FAKE/calls.log"
  local tool real
  for tool in bash sh env dirname basename awk mawk cat sha256sum cut mkdir find sort tee grep \
    realpath rm sed head tail wc tr ls cp mv chmod mktemp sleep; do
    real=$(command -v "$tool") && ln -s "$real" "$FAKE/tools/$tool"
  done

  cat >"$FAKE/bin/dpkg-query" <<EOF
#!$BASH
# dpkg-query -W -f=FORMAT PKG...: the installed ones as "PKG install ok installed"; like the
# real one, exits 1 when a package is unknown to dpkg.
rc=0
for arg in "\$@"; do
  case \$arg in -*) continue ;; esac
  echo "\$arg" >>"$FAKE/queried"
  if grep -qx -- "\$arg" "$FAKE/installed"; then
    echo "\$arg install ok installed"
  else
    echo "dpkg-query: no packages found matching \$arg" >&2
    rc=1
  fi
done
exit \$rc
EOF
  cat >"$FAKE/bin/apt-get" <<EOF
#!$BASH
echo "apt-get \$*" >>"$FAKE/calls.log"
[[ -n \${FAKE_APT_FAIL:-} ]] && exit 100
[[ -n \${FAKE_APT_RECORD_ONLY:-} ]] && exit 0
verb= pkgs=()
while ((\$#)); do
  case \$1 in
    -o) shift ;;
    -*) ;;
    *) if [[ -z \$verb ]]; then verb=\$1; else pkgs+=("\$1"); fi ;;
  esac
  shift
done
if [[ \$verb == install ]]; then
  for pkg in "\${pkgs[@]}"; do
    echo "\$pkg" >>"$FAKE/installed"
    case \$pkg in
      nodejs) fake_cmds=(node) ;;
      npm) fake_cmds=(npm npx) ;;
      cmake) fake_cmds=(cmake) ;;
      *) fake_cmds=() ;;
    esac
    for cmd in "\${fake_cmds[@]}"; do
      '$(command -v ln)' -sf ../record "$FAKE/bin/\$cmd"
    done
  done
fi
EOF
  # shellcheck disable=SC2016 # expanded when the stand-in runs
  printf '#!%s\necho "${FAKE_UID:-0}"\n' "$BASH" >"$FAKE/bin/id"
  # record: what every recording stand-in in bin/ links to; node --version answers
  # $FAKE_NODE_VERSION (by default a version new enough).
  cat >"$FAKE/record" <<'EOF'
#!/bin/bash
echo "${0##*/} $*" >>"${0%/bin/*}/calls.log"
[[ ${0##*/} == node && ${1:-} == --version ]] && echo "${FAKE_NODE_VERSION:-v20.20.2}"
exit 0
EOF
  chmod +x "$FAKE/bin/dpkg-query" "$FAKE/bin/apt-get" "$FAKE/bin/id" "$FAKE/record"
}

# fake_machine_add_command CMD...: recording stand-ins that succeed (e.g. a node already there).
fake_machine_add_command() {
  local cmd
  for cmd in "$@"; do ln -sf ../record "$FAKE/bin/$cmd"; done
}

# fake_machine_add_sudo: a sudo that records and runs the rest of its command line.
fake_machine_add_sudo() {
  printf '#!%s\necho "sudo $*" >>"%s"\nexec "$@"\n' "$BASH" "$FAKE/calls.log" >"$FAKE/bin/sudo"
  chmod +x "$FAKE/bin/sudo"
}

# fake_machine_copy_repo SRC: the scripts and package files of SRC in $FAKE/repo, so that
# stamps and build folders the scripts write land there.
fake_machine_copy_repo() {
  mkdir -p "$FAKE/repo"
  cp -R "$1/scripts" "$FAKE/repo/"
  cp "$1/package.json" "$1/package-lock.json" "$FAKE/repo/"
}

# fake_machine_run [VAR=VALUE...] CMD...: CMD with PATH = bin/ then tools/ only, HOME in
# $FAKE, CI=true and no standard input; output to $FAKE/out, exit status to $FAKE/status.
fake_machine_run() {
  env -i HOME="$FAKE/home" PATH="$FAKE/bin:$FAKE/tools" CI=true "$@" </dev/null >"$FAKE/out" 2>&1
  echo $? >"$FAKE/status"
}

fake_machine_cleanup() { [[ -n ${FAKE:-} && -d $FAKE ]] && rm -rf "$FAKE"; }
