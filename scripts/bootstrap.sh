#!/usr/bin/env bash
# Install the Debian packages dangjian needs to build, run and test, checking
# with dpkg first so that a machine that has them all does nothing.
#   scripts/bootstrap.sh            build + run + test packages
#   scripts/bootstrap.sh bench      also wrk and nginx for bench/
set -euo pipefail

pkgs=(
  build-essential pkg-config meson ninja-build python3
  libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev libinih-dev
  libcriterion-dev sqlite3 clang-14 libclang-rt-14-dev
  libzip-dev libexpat1-dev libfreexl-dev libxlsxwriter-dev libcairo2-dev
)
if [[ "${1:-}" == bench ]]; then
  pkgs+=(wrk nginx-light valgrind)
fi
# Node.js runs the API tests; any Node >= 18 will do (Debian's nodejs package if none).
if ! command -v node >/dev/null 2>&1; then
  pkgs+=(nodejs)
fi
# npm installs the web console's libraries (scripts/vendor.sh); some Node builds bundle it.
if ! command -v npm >/dev/null 2>&1; then
  pkgs+=(npm)
fi
# The browser tests (tests/e2e) drive Debian's chromium; a CJK font makes their
# screenshots readable.
pkgs+=(chromium fonts-wqy-microhei)

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} > 0)); then
  echo "bootstrap: installing ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then
    SUDO="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq || true
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The web console's libraries from the committed package-lock.json (npm ci only
# when node_modules is missing or the lock file changed), copied into web/vendor/.
bash "$(dirname "$0")/vendor.sh"
