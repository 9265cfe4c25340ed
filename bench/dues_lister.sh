#!/usr/bin/env bash
# The 党费 arrears lister: grouped pass vs the former month walk (bench/dues_lister.c),
# CPU time (user+sys) and wall time, same run, same database.
#   DB=/tmp/city.db bash bench/dues_lister.sh [PATH=/1/2/] [TO=2026-11-30] [ROUNDS=3]
# Needs build/ (ninja -C build) for the static libraries; the DB from bench/city.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${DB:?set DB to a city database (bench/city.sh)}
out=build/bench-dues-lister
gcc -std=c17 -O2 -D_GNU_SOURCE -Isrc -Ibuild -o "$out" bench/dues_lister.c -Wl,--start-group \
  build/src/svc/libdjsvc.a build/src/io/libdjio.a build/src/rules/libdjrules.a \
  build/src/model/libdjmodel.a build/src/store/libdjstore.a build/src/base/libdjbase.a \
  build/src/http/libdjhttp.a -Wl,--end-group \
  $(pkg-config --libs sqlite3 jansson libsodium inih libmicrohttpd cairo fontconfig xlsxwriter 2>/dev/null || \
    pkg-config --libs sqlite3 jansson libsodium inih libmicrohttpd cairo fontconfig) -lm -lpthread
"$out" "$DB" "${1:-/1/2/}" "${2:-2026-11-30}" "${3:-3}"
