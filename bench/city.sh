#!/usr/bin/env bash
# City-scale benchmark (issue 3): generate the `demo --scale city` database
# (about 30,000 organisations and 500,000 members), report the generation
# time and the database size, then measure p50/p95/p99 latency of
#   - member name search   GET  /api/members?q=NAME   (3-character names: FTS5 trigram;
#                                                      2-character names: prefix on members_name)
#   - exact ID look-up     POST /api/members/lookup   (blind index)
#   - subtree statistics   GET  /api/orgs/{id}/stats  (the whole city, and one 街道党工委)
# over HTTP (bench/latency.mjs: one keep-alive connection, sequential requests,
# then 4 concurrent clients), and the same queries directly in SQLite
# (bench/sqlbench.py), so a slow API layer is visible next to the SQL.
#
#   bash bench/city.sh                # build/dangjian, a fresh temporary database
#   DB=/path/city.db bash bench/city.sh   # reuse (or create) that database
# Environment: DJ_BIN (default build/dangjian), N (requests per kind, default 400),
#              THREADS (server threads, default 2), OUT (results file, default
#              bench/results/city-<date>.md).
# Needs: node, sqlite3, /usr/bin/python3 (all installed by make test / make run).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${DJ_BIN:-build/dangjian}
N=${N:-400}
THREADS=${THREADS:-2}
work=$(mktemp -d /tmp/dj-bench-city.XXXXXX)
DB=${DB:-$work/city.db}
OUT=${OUT:-bench/results/city-$(date +%Y%m%d).md}
server=
cleanup() {
  if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

gen_seconds="(reused)"
if [[ ! -f $DB ]]; then
  echo "== generating the city database ($DB)"
  start=$(date +%s.%N)
  "$BIN" --db "$DB" demo --scale city >"$work/gen.out" 2>"$work/gen.err"
  end=$(date +%s.%N)
  gen_seconds=$(awk "BEGIN { printf \"%.1f\", $end - $start }")
  cat "$work/gen.out" | head -1
fi
db_bytes=$(stat -c %s "$DB")
orgs=$(sqlite3 "$DB" 'SELECT count(*) FROM orgs')
members=$(sqlite3 "$DB" 'SELECT count(*) FROM members')

echo "== starting the server"
DJ_LOG_LEVEL=warn "$BIN" --db "$DB" serve --port 0 --threads "$THREADS" >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on \(.*\)$/\1/p' "$work/serve.out")
[[ -n $url ]] || { cat "$work/serve.err"; exit 1; }

echo "== HTTP, 1 client"
node bench/latency.mjs --url "$url" --db "$DB" --n "$N" --inputs "$work/inputs.json" >"$work/http1.json"
echo "== HTTP, 4 clients"
node bench/latency.mjs --url "$url" --db "$DB" --n "$N" --concurrency 4 >"$work/http4.json"
rss_kib=$(awk '/VmRSS/ {print $2}' "/proc/$server/status")
echo "== SQL directly"
/usr/bin/python3 bench/sqlbench.py "$DB" "$work/inputs.json" "$N" >"$work/sql.json"

mkdir -p "$(dirname "$OUT")"
/usr/bin/python3 - "$work" "$OUT" "$gen_seconds" "$db_bytes" "$orgs" "$members" "$rss_kib" "$THREADS" <<'PY'
import json, os, platform, sys
work, out, gen, size, orgs, members, rss, threads = sys.argv[1:9]
h1 = json.load(open(os.path.join(work, "http1.json")))
h4 = json.load(open(os.path.join(work, "http4.json")))
sq = json.load(open(os.path.join(work, "sql.json")))
kinds = [("search_trigram", "name search, 3-character names (trigram)"),
         ("search_short", "name search, 2-character names (prefix)"),
         ("lookup", "exact ID look-up (blind index)"),
         ("stats_city", "statistics, whole city"),
         ("stats_street", "statistics, one 街道党工委")]
lines = [f"# City benchmark ({platform.node()}, {os.cpu_count()} CPUs)", "",
         f"- database: {int(orgs):,} organisations, {int(members):,} members, "
         f"{int(size) / 2**20:.0f} MiB",
         f"- generation (`dangjian demo --scale city`): {gen} s",
         f"- server: {threads} threads, resident memory after the run {int(rss) / 1024:.0f} MiB", "",
         "Latency in ms (p50 / p95 / p99 / max):", "",
         "| query | HTTP, 1 client | HTTP, 4 clients | SQL only |", "|---|---|---|---|"]
def cell(r):
    return f"{r['p50']} / {r['p95']} / {r['p99']} / {r['max']}"
for k, label in kinds:
    lines.append(f"| {label} (n={h1[k]['n']}) | {cell(h1[k])} | {cell(h4[k])} | {cell(sq[k])} |")
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
echo "== written to $OUT"
