# shellcheck shell=bash
# Install-if-missing helpers shared by scripts/run and scripts/test (source this file).
# Works on a fresh Debian 12 as root (and with sudo otherwise); does nothing, quickly,
# when everything is already there. `apt-get update` runs at most once, and only when
# a package is missing.

DFF_APT_UPDATED=${DFF_APT_UPDATED:-0}

# dff_require_packages PKG[:CMD]...: installs the missing Debian packages. `:CMD` lets a
# command on PATH stand in for the package (e.g. npm bundled with a non-Debian nodejs).
# Returns non-zero, after saying why, if they cannot be installed.
dff_require_packages() {
  local spec pkg cmd missing=() installed
  # One dpkg-query for all packages keeps the everything-present path fast. It exits 1 when
  # dpkg has never heard of one of them (a fresh machine) but still lists the others.
  installed=" $(dpkg-query -W -f='${Package} ${Status}\n' "${@%%:*}" 2>/dev/null |
    awk '/ ok installed$/ {printf "%s ", $1}' || true) "
  for spec in "$@"; do
    pkg=${spec%%:*}
    cmd=
    [[ $spec == *:* ]] && cmd=${spec#*:}
    [[ $installed == *" $pkg "* ]] && continue
    [[ -n $cmd ]] && command -v "$cmd" >/dev/null 2>&1 && continue
    missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0

  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: missing packages ${missing[*]} and no apt-get to install them; install them by hand" >&2
    return 1
  fi
  local sudo=()
  if [[ $(id -u) != 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "error: missing packages ${missing[*]}; run as root or install sudo" >&2
      return 1
    fi
    sudo=(sudo)
  fi
  echo "Installing missing packages: ${missing[*]}" >&2
  local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300)
  if [[ $DFF_APT_UPDATED != 1 ]]; then
    if ! "${apt[@]}" update -qq; then
      echo "error: apt-get update failed; cannot install ${missing[*]}" >&2
      return 1
    fi
    DFF_APT_UPDATED=1
  fi
  if ! "${apt[@]}" install -y -qq "${missing[@]}"; then
    echo "error: apt-get install failed for ${missing[*]}" >&2
    return 1
  fi
}

# dff_package_dirs: folders of the repository (cwd) that hold a package.json.
dff_package_dirs() {
  find . -maxdepth 3 \( -name node_modules -o -name 'build*' -o -name .git \) -prune -o \
    -name package.json -printf '%h\n' | sort
}

# dff_npm_install DIR: `npm ci` in DIR when it has a package.json and node_modules is
# missing or older than package.json/package-lock.json (a hash stamp decides).
dff_npm_install() {
  local dir=$1
  [[ -f $dir/package.json ]] || return 0
  local stamp=$dir/node_modules/.dff-install-stamp want files=("$dir/package.json") install=(npm install)
  if [[ -f $dir/package-lock.json ]]; then
    files+=("$dir/package-lock.json")
    install=(npm ci)
  fi
  want=$(cat "${files[@]}" | sha256sum | cut -d' ' -f1)
  if [[ -d $dir/node_modules && -f $stamp && $(cat "$stamp") == "$want" ]]; then
    return 0
  fi
  echo "Installing node packages in $dir" >&2
  if ! (cd "$dir" && "${install[@]}" --no-audit --no-fund --loglevel=error); then
    echo "error: ${install[*]} failed in $dir" >&2
    return 1
  fi
  mkdir -p "$dir/node_modules" && echo "$want" >"$stamp"
}

# dff_require_node: node on PATH is at least the major version package.json's "engines" names
# (cwd); otherwise says so and returns non-zero.
dff_require_node() {
  local want have
  want=$(sed -n 's/.*"node": *">= *\([0-9][0-9]*\).*/\1/p' package.json 2>/dev/null | head -n1)
  [[ -n $want ]] || return 0
  have=$(node --version 2>/dev/null || true)
  if [[ $have =~ ^v([0-9]+)\. ]] && ((BASH_REMATCH[1] >= want)); then
    return 0
  fi
  echo "error: the node tests need Node.js $want or later (package.json \"engines\"; Playwright" \
    "requires it), and node is ${have:-missing}. Debian 12's nodejs is 18: install Node.js $want" \
    "or later (e.g. NodeSource's nodejs package, which brings npm) and run again." >&2
  return 1
}
