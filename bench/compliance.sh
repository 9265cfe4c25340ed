#!/usr/bin/env bash
# Compliance benchmark (issue 6): on the city-scale demo database (about 30,000
# organisations, 500,000 members and two years of organisational life from
# svc/demo_meeting.c), the latency of GET /api/orgs/{id}/compliance for the
# whole city and for one 街道党工委 (p50/p95 over HTTP, one client), against
# the equivalent hand-written SQL aggregate over the meeting rows run by the
# sqlite3 shell on the same file (ratio = HTTP p50 / SQL p50). The server runs
# without its reminder scheduler (its start-up run over the city holds the write
# lock for minutes and competes for the CPU). Twice: the full
# report (with the set-up findings source) and the core (&core=1).
#
#   bash bench/compliance.sh                 # a fresh temporary city database
#   DB=/path/city.db bash bench/compliance.sh  # reuse (or create) that database
# Environment: DJ_BIN (default build/dangjian), N (requests per row, default 40),
#              FROM / TO (default: the last 22 months ending last month),
#              OUT (default bench/results/compliance-<date>.md),
#              CACHE=off (the server runs without the report's input cache,
#              DJ_COMPLIANCE_CACHE=off: every request computes afresh, as after a write).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${DJ_BIN:-build/dangjian}
N=${N:-40}
work=$(mktemp -d /tmp/dj-bench-compliance.XXXXXX)
DB=${DB:-$work/city.db}
OUT=${OUT:-bench/results/compliance-$(date +%Y%m%d).md}
FROM=${FROM:-$(date -d "$(date +%Y-%m-01) -22 months" +%Y-%m-01)}
TO=${TO:-$(date -d "$(date +%Y-%m-01) -1 day" +%Y-%m-%d)}
server=
cleanup() {
  if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [[ ! -f $DB ]]; then
  echo "== generating the city database ($DB)"
  start=$(date +%s.%N)
  "$BIN" --db "$DB" demo --scale city >"$work/gen.out" 2>"$work/gen.err"
  end=$(date +%s.%N)
  awk "BEGIN { printf \"generation: %.1f s\n\", $end - $start }"
fi
root=$(sqlite3 "$DB" "SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1")
street=$(sqlite3 "$DB" "SELECT id FROM orgs WHERE kind = 'work_committee' ORDER BY id LIMIT 1")
meetings=$(sqlite3 "$DB" "SELECT COUNT(*) FROM meetings")

echo "== starting the server"
DJ_REMIND_ENABLED=false DJ_COMPLIANCE_CACHE=${CACHE:-on} DJ_LOG_LEVEL=warn "$BIN" --db "$DB" serve --port 0 --threads 2 >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on \(.*\)$/\1/p' "$work/serve.out")
[[ -n $url ]] || { cat "$work/serve.err"; exit 1; }

echo "== warming the page cache"
sqlite3 "$DB" "SELECT COUNT(*) FROM orgs; SELECT COUNT(*) FROM org_posts; SELECT SUM(amask) FROM life_counts; SELECT SUM(hours_ok) FROM life_member_year; SELECT COUNT(*) FROM meetings; SELECT COUNT(*) FROM members;" >/dev/null
echo "== full report"
node bench/compliance.mjs --url "$url" --db "$DB" --orgs "$root,$street" --from "$FROM" --to "$TO" --n "$N" >"$work/full.json"
echo "== core (no set-up findings source)"
node bench/compliance.mjs --url "$url" --db "$DB" --orgs "$root,$street" --from "$FROM" --to "$TO" --n "$N" --core 1 >"$work/core.json"

mkdir -p "$(dirname "$OUT")"
{
  echo "# Compliance benchmark $(date +%Y-%m-%d)"
  echo
  echo "Database: $DB ($(stat -c %s "$DB") bytes), $meetings meeting records, window $FROM .. $TO, N=$N, input cache ${CACHE:-on}, load average $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo '```json'
  cat "$work/full.json"
  echo '```'
  echo
  echo '```json'
  cat "$work/core.json"
  echo '```'
} >"$OUT"
cat "$OUT"
