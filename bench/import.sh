#!/usr/bin/env bash
# Import benchmark (issue 7): a synthetic 全国模板 党员花名册 of N rows (default
# 1,000,000; tests/data/gen_templates.py --bench, invented people) imported
# into a database with the demo tree and no members (`demo --scale test`),
# once as CSV and once as .xlsx, each into a fresh copy: wall time, rows/s and
# peak RSS (GNU time). Beside it, in the same run, the sqlite3 shell's
# `.import` of the same CSV into a 20-column table carrying the same kind of
# indexes as `members` (unique ID number, name, branch, branch+dates, the two
# date indexes), so the ratio shows what the per-row work costs.
#
#   bash bench/import.sh              # N=1000000
#   N=100000 bash bench/import.sh     # a quicker run
# Environment: DJ_BIN (default build/dangjian), OUT (default bench/results/import-<date>.md).
# Not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${DJ_BIN:-build/dangjian}
N=${N:-1000000}
OUT=${OUT:-bench/results/import-$(date +%Y%m%d).md}
work=$(mktemp -d /tmp/dj-bench-import.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$OUT")"

echo "== generating $N rows"
python3 tests/data/gen_templates.py --bench "$N" "$work/data"
ls -l "$work/data" | tee "$work/files.txt"
"$BIN" --db "$work/base.db" demo --scale test >/dev/null 2>&1

run() { # label file
  cp "$work/base.db" "$work/$1.db"
  cp "$work/base.db.key" "$work/$1.db.key"
  /usr/bin/time -f "%e %M" -o "$work/$1.time" "$BIN" --db "$work/$1.db" import "$2" --quiet >"$work/$1.out"
  read -r secs rss <"$work/$1.time"
  rows=$(sqlite3 "$work/$1.db" "SELECT count(*) FROM members")
  rate=$(awk "BEGIN { printf \"%.0f\", $rows / $secs }")
  echo "| dangjian import, $1 | $rows | $secs | $rate | $((rss / 1024)) |"
}

sqlite_import() {
  rm -f "$work/plain.db"
  cols=$(head -1 "$work/data/roster20.csv" | sed 's/^\xEF\xBB\xBF//' | tr -d '\r' |
         awk -F, '{ for (i = 1; i <= NF; i++) printf "%s\"%s\" TEXT", (i > 1 ? ", " : ""), $i }')
  sqlite3 "$work/plain.db" "CREATE TABLE roster ($cols);
    CREATE UNIQUE INDEX r_id ON roster(\"身份证号码\");
    CREATE INDEX r_name ON roster(\"姓名\");
    CREATE INDEX r_branch ON roster(\"所在党支部\");
    CREATE INDEX r_path ON roster(\"所在党支部\", \"出生日期\", \"转正日期\");
    CREATE INDEX r_birth ON roster(\"出生日期\");
    CREATE INDEX r_confirmed ON roster(\"转正日期\");"
  /usr/bin/time -f "%e %M" -o "$work/sqlite.time" sqlite3 "$work/plain.db" \
    ".mode csv" ".import --skip 1 $work/data/roster20.csv roster"
  read -r secs rss <"$work/sqlite.time"
  rows=$(sqlite3 "$work/plain.db" "SELECT count(*) FROM roster")
  rate=$(awk "BEGIN { printf \"%.0f\", $rows / $secs }")
  echo "| sqlite3 .import (same CSV, same kind of indexes) | $rows | $secs | $rate | $((rss / 1024)) |"
}

{
  echo "# Import benchmark, $(date -u +%Y-%m-%dT%H:%MZ), N=$N"
  echo
  echo "| Run | Rows | Seconds | Rows/s | Peak RSS (MiB) |"
  echo "|---|---|---|---|---|"
  sqlite_import
  run csv "$work/data/roster20.csv"
  run xlsx "$work/data/roster20.xlsx"
  echo
  echo "Files:"
  echo '```'
  cat "$work/files.txt"
  echo '```'
} | tee "$OUT"
