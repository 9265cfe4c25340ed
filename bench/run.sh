#!/usr/bin/env bash
# Foundation benchmark: requests per second of an authenticated GET /api/me
# (session lookup, user + roles from SQLite, JSON) measured with wrk on
# loopback, beside nginx serving a static file of the same size in the same
# run, reported as a ratio; plus the resident memory of the idle server.
#
#   bash bench/run.sh            (make bench installs wrk and nginx-light)
# Environment: DURATION (s, default 10), CONNS (default 32), THREADS (server, default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${DJ_BIN:-build/dangjian}
DURATION=${DURATION:-10}
CONNS=${CONNS:-32}
THREADS=${THREADS:-2}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; [[ -f $work/nginx.pid ]] && kill $(cat $work/nginx.pid) 2>/dev/null; rm -rf "$work"' EXIT

"$BIN" --db "$work/bench.db" demo >/dev/null
DJ_LOG_LEVEL=warn "$BIN" --db "$work/bench.db" serve --port 0 --threads "$THREADS" >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
for _ in $(seq 50); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on \(.*\)$/\1/p' "$work/serve.out")
sleep 0.5
idle_rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)

cookie=$(curl -s -i -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"Demo@2026"}' "${url}api/login" |
  sed -n 's/^Set-Cookie: \(dj_session=[^;]*\);.*/\1/p')
body=$(curl -s -H "Cookie: $cookie" "${url}api/me")
size=${#body}
size=$(printf '%s' "$body" | wc -c)

# nginx serving a file of the same size
mkdir -p "$work/www" "$work/logs"
head -c "$size" /dev/zero | tr '\0' 'x' >"$work/www/me.json"
cat >"$work/nginx.conf" <<NGX
worker_processes $THREADS;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 1024; }
http {
  access_log $work/logs/access.log;
  server {
    listen 127.0.0.1:18099;
    root $work/www;
    location / { default_type application/json; }
  }
}
NGX
nginx -c "$work/nginx.conf" -p "$work"
sleep 0.3

run_wrk() { wrk -t2 -c"$CONNS" -d"${DURATION}s" "$@" | awk '/Requests\/sec/ {print $2}'; }
dj_rps=$(run_wrk -H "Cookie: $cookie" "${url}api/me")
ngx_rps=$(run_wrk "http://127.0.0.1:18099/me.json")
busy_rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
ratio=$(awk -v a="$dj_rps" -v b="$ngx_rps" 'BEGIN { printf "%.3f", a / b }')

out="bench/results/foundation-$(date +%Y%m%d).md"
{
  echo "# Foundation benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); wrk -t2 -c$CONNS -d${DURATION}s on loopback; server threads: $THREADS; nginx worker_processes: $THREADS."
  echo
  echo "| What | Requests/s |"
  echo "|---|---|"
  echo "| dangjian authenticated GET /api/me ($size-byte JSON body) | $dj_rps |"
  echo "| nginx static file of the same size (same run) | $ngx_rps |"
  echo "| **ratio dangjian / nginx** | **$ratio** |"
  echo
  echo "Resident memory of the dangjian server: idle after start ${idle_rss} KiB; after the run ${busy_rss} KiB."
  echo
  echo "Reproduce: \`make bench\` (or \`bash bench/run.sh\`; DURATION, CONNS, THREADS override)."
} | tee "$out"
