#!/usr/bin/env bash
# Build and run every test dangjian has, and print one summary line:
#   tests: N passed, M failed
#
# 1. Criterion unit tests (build/), counted per test case from each binary's
#    "Synthesis" line.
# 2. The same unit tests built with AddressSanitizer + UBSan (build-asan/); a
#    binary whose output mentions LeakSanitizer, AddressSanitizer or a UBSan
#    "runtime error" counts as one more failure.
# 3. API tests (tests/api/*.test.mjs, node --test) against the real server.
# 4. Browser tests (tests/e2e/*.test.mjs, node --test + playwright-core driving
#    /usr/bin/chromium) against the real server serving web/; screenshots in
#    build/test-logs/screenshots/.
# 5. libFuzzer targets (tests/fuzz/), each run briefly (FUZZ_SECONDS, default 15).
#
# Environment: SKIP_ASAN=1, SKIP_FUZZ=1, SKIP_API=1, SKIP_E2E=1 to skip parts locally.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
logdir=build/test-logs
mkdir -p "$logdir"

note() { printf '== %s\n' "$*"; }

# run_criterion BINARY: adds the binary's counts to passed/failed.
run_criterion() {
  local bin=$1 name log rc tested passing
  name=$(basename "$bin")
  log="$logdir/$name.$(basename "$(dirname "$bin")").log"
  "$bin" --jobs 2 >"$log" 2>&1
  rc=$?
  tested=$(sed -n 's/.*Tested: \([0-9]*\).*/\1/p' "$log" | tail -1)
  passing=$(sed -n 's/.*Passing: \([0-9]*\).*/\1/p' "$log" | tail -1)
  if [[ -z "$tested" ]]; then
    echo "FAIL $bin (no Criterion summary, exit $rc)"
    cat "$log"
    failed=$((failed + 1))
    return
  fi
  passed=$((passed + passing))
  failed=$((failed + tested - passing))
  if grep -qE 'LeakSanitizer|ERROR: AddressSanitizer|runtime error:' "$log"; then
    echo "FAIL $bin: sanitizer report"
    grep -E -A20 'LeakSanitizer|ERROR: AddressSanitizer|runtime error:' "$log" | head -60
    failed=$((failed + 1))
  fi
  if ((tested != passing)) || ((rc != 0)); then
    echo "FAIL $bin ($passing/$tested passed, exit $rc)"
    grep -vE '^\[----\] *$|^$' "$log" | head -80
    if ((tested == passing)); then failed=$((failed + 1)); fi
  else
    echo "ok   $name ($tested)"
  fi
}

unit_tests() {
  local dir=$1
  for bin in "$dir"/tests/unit/test_*; do
    [[ -x "$bin" && -f "$bin" ]] || continue
    run_criterion "$bin"
  done
}

note "unit tests (build/)"
unit_tests build

if [[ "${SKIP_ASAN:-}" != 1 ]]; then
  note "unit tests with AddressSanitizer + UBSan (build-asan/)"
  if [[ ! -f build-asan/build.ninja ]]; then
    meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false \
      -Dbuildtype=debug ${MESON_WERROR:+-Dwerror=true} >"$logdir/asan-setup.log" 2>&1 \
      || { cat "$logdir/asan-setup.log"; failed=$((failed + 1)); }
  fi
  if ninja -C build-asan >"$logdir/asan-build.log" 2>&1; then
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
    export UBSAN_OPTIONS=print_stacktrace=1
    unit_tests build-asan
    unset ASAN_OPTIONS UBSAN_OPTIONS
  else
    echo "FAIL asan build"
    tail -40 "$logdir/asan-build.log"
    failed=$((failed + 1))
  fi
fi

if [[ "${SKIP_API:-}" != 1 ]]; then
  note "API tests (node --test tests/api)"
  if compgen -G "tests/api/*.test.mjs" >/dev/null; then
    DJ_BIN="$PWD/build/dangjian" DJ_ROOT="$PWD" \
      node --test --test-reporter=tap --test-concurrency=2 tests/api/ >"$logdir/api.tap" 2>&1
    p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$logdir/api.tap" | tail -1)
    f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$logdir/api.tap" | tail -1)
    if [[ -z "$p" ]]; then
      echo "FAIL API tests: no TAP summary"
      tail -60 "$logdir/api.tap"
      failed=$((failed + 1))
    else
      passed=$((passed + p))
      failed=$((failed + ${f:-0}))
      echo "api: $p passed, ${f:-0} failed"
      if ((${f:-0} > 0)); then
        grep -nE '^(not ok|# Subtest)|error:|expected|actual|message' "$logdir/api.tap" | grep -B1 -A8 'not ok' | head -120
      fi
    fi
  fi
fi

if [[ "${SKIP_E2E:-}" != 1 ]]; then
  note "browser tests (node --test tests/e2e)"
  if compgen -G "tests/e2e/*.test.mjs" >/dev/null; then
    rm -rf "$logdir/screenshots"
    DJ_BIN="$PWD/build/dangjian" DJ_ROOT="$PWD" \
      node --test --test-reporter=tap --test-concurrency=1 tests/e2e/ >"$logdir/e2e.tap" 2>&1
    p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$logdir/e2e.tap" | tail -1)
    f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$logdir/e2e.tap" | tail -1)
    if [[ -z "$p" ]]; then
      echo "FAIL browser tests: no TAP summary"
      tail -60 "$logdir/e2e.tap"
      failed=$((failed + 1))
    else
      passed=$((passed + p))
      failed=$((failed + ${f:-0}))
      echo "e2e: $p passed, ${f:-0} failed (screenshots in $logdir/screenshots/)"
      if ((${f:-0} > 0)); then
        grep -nE '^(not ok|# Subtest)|error:|expected|actual|message' "$logdir/e2e.tap" | grep -B1 -A8 'not ok' | head -120
      fi
    fi
  fi
fi

if [[ "${SKIP_FUZZ:-}" != 1 ]]; then
  note "fuzz targets (${FUZZ_SECONDS:-15} s each)"
  bash tests/fuzz/run.sh "${FUZZ_SECONDS:-15}" >"$logdir/fuzz.log" 2>&1
  fp=$(grep -c '^fuzz ok' "$logdir/fuzz.log")
  ff=$(grep -c '^fuzz FAIL' "$logdir/fuzz.log")
  passed=$((passed + fp))
  failed=$((failed + ff))
  grep '^fuzz' "$logdir/fuzz.log"
  if ((ff > 0)); then tail -60 "$logdir/fuzz.log"; fi
fi

echo "tests: $passed passed, $failed failed"
((failed == 0))
