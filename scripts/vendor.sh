#!/usr/bin/env bash
# Install the browser libraries from the committed package-lock.json and copy
# their ES-module builds into web/vendor/ (gitignored, produced at build time).
#
#   scripts/vendor.sh          npm ci only when node_modules is missing or older
#                              than package-lock.json, then copy (cheap when current)
#
# Nothing here runs package install scripts (--ignore-scripts), and nothing is
# downloaded outside npm ci. playwright-core (a devDependency, for tests/e2e)
# drives Debian's chromium; it never downloads a browser.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.dj-lock-stamp
if [[ ! -d node_modules || ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  echo "vendor: npm ci"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

out=web/vendor
mkdir -p "$out"
copy() { # copy SRC DEST, only when changed (keeps ninja/make quiet)
  if ! cmp -s "node_modules/$1" "$out/$2"; then cp "node_modules/$1" "$out/$2"; fi
}
copy vue/dist/vue.runtime.esm-browser.prod.js vue.runtime.esm-browser.prod.js
copy element-plus/dist/index.full.min.mjs element-plus.mjs
copy element-plus/dist/index.css element-plus.css
copy element-plus/dist/locale/zh-cn.min.mjs element-plus-zh-cn.mjs
copy echarts/dist/echarts.esm.min.js echarts.esm.min.js
