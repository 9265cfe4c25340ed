#!/usr/bin/env bash
# Build each libFuzzer target with clang (ASan + UBSan) and run it for N seconds
# over its seed corpus. Prints "fuzz ok NAME" or "fuzz FAIL NAME" per target.
# A target is tests/fuzz/fuzz_NAME.c plus the sources listed in targets.txt.
set -uo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-15}
CC=${FUZZ_CC:-$(command -v clang-14 || command -v clang)}
out=build/fuzz
mkdir -p "$out"
flags=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -D_POSIX_C_SOURCE=200809L -std=c17 -Isrc)
while IFS='|' read -r name srcs libs; do
  name=$(echo "$name" | xargs)
  [[ -z "$name" || "$name" == \#* ]] && continue
  bin="$out/fuzz_$name"
  # shellcheck disable=SC2086
  if ! $CC "${flags[@]}" "tests/fuzz/fuzz_$name.c" $srcs -o "$bin" $libs 2>"$out/$name.build.log"; then
    echo "fuzz FAIL $name (build)"
    cat "$out/$name.build.log"
    continue
  fi
  corpus="$out/corpus_$name"
  mkdir -p "$corpus"
  dict=()
  [[ -f "tests/fuzz/$name.dict" ]] && dict=(-dict="tests/fuzz/$name.dict")
  if "$bin" "${dict[@]}" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 "$corpus" "tests/fuzz/corpus/$name" \
      >"$out/$name.log" 2>&1; then
    echo "fuzz ok $name ($(grep -o 'stat::number_of_executed_units: [0-9]*' "$out/$name.log" || tail -1 "$out/$name.log"))"
  else
    echo "fuzz FAIL $name"
    tail -40 "$out/$name.log"
  fi
done < tests/fuzz/targets.txt
