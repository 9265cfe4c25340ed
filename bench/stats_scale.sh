#!/usr/bin/env bash
# Subtree statistics and set-up checks at city scale: fill a database with
# ~30,000 organisations and 500,000 synthetic members (sqlite3, WITH
# RECURSIVE; the member_counts triggers and every index are live while
# loading), then time GET /api/orgs/{id}/stats and /findings over HTTP for
# the whole city, one street and one community, and, for comparison, the
# one-scan alternative the design replaced (sqlite3 .timer).
#
#   bash bench/stats_scale.sh          (needs sqlite3 and curl; build first)
# Environment: DJ_BIN (default build/dangjian), MEMBERS (default 500000),
#              RUNS (requests per endpoint, default 30), KEEP=1 keeps the database.
# Prints a Markdown summary on stdout. All data is synthetic.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${DJ_BIN:-build/dangjian}
MEMBERS=${MEMBERS:-500000}
RUNS=${RUNS:-30}
work=$(mktemp -d)
cleanup() {
  [[ -n ${pid:-} ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  if [[ ${KEEP:-0} == 1 ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
db=$work/city.db
PASS='Bench@2026x'

t0=$(date +%s.%N)
printf '%s\n' "$PASS" | "$BIN" --db "$db" init --admin bench >/dev/null
sqlite3 "$db" <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
BEGIN;
INSERT INTO orgs (id, parent_id, path, name, kind, domain, status, founded_on, created_at, updated_at)
VALUES (1, NULL, '/1/', '基准市委', 'committee', 'organ', 'active', '2000-01-01', 'x', 'x');
-- 20 streets
INSERT INTO orgs (id, parent_id, path, name, kind, domain, status, founded_on, created_at, updated_at)
WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 19)
SELECT 2 + i, 1, '/1/' || (2 + i) || '/', '基准街道' || i || '党工委', 'work_committee', 'community',
       'active', '2000-01-01', 'x', 'x' FROM s;
-- 1,500 基层党委 (75 per street)
INSERT INTO orgs (id, parent_id, path, name, kind, domain, status, founded_on, created_at, updated_at)
WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 1499)
SELECT 22 + i, 2 + i / 75, '/1/' || (2 + i / 75) || '/' || (22 + i) || '/', '基准党委' || i,
       CASE WHEN i % 5 = 3 THEN 'community_committee' ELSE 'committee' END,
       CASE i % 5 WHEN 0 THEN 'rural' WHEN 1 THEN 'organ' WHEN 2 THEN 'private' WHEN 3 THEN 'community'
                  ELSE 'school' END,
       'active', '2005-01-01', 'x', 'x' FROM s;
-- 28,500 branches (19 per 党委; every 19th a 联合党支部)
INSERT INTO orgs (id, parent_id, path, name, kind, domain, status, founded_on, created_at, updated_at)
WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 28499)
SELECT 1522 + i, p.id, p.path || (1522 + i) || '/', '基准支部' || i,
       CASE WHEN i % 19 = 18 THEN 'joint_branch' ELSE 'branch' END, p.domain, 'active', '2010-01-01',
       'x', 'x'
FROM s JOIN orgs p ON p.id = 22 + s.i / 19;
-- members over the branches
INSERT INTO members (id, org_id, org_path, name, id_enc, id_blind, gender, birth_date, nation,
                     education, category, joined_on, confirmed_on, status, created_at, updated_at)
WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < $MEMBERS - 1),
r AS (SELECT i, abs(random()) AS a, abs(random()) AS b, abs(random()) AS c FROM s),
d AS (SELECT i, a, b, c, 1522 + a % 28500 AS org,
             date('1940-01-01', '+' || (b % 23700) || ' days') AS birth FROM r),
j AS (SELECT *, min(date(birth, '+' || (6575 + c % 9000) || ' days'), '2025-10-31') AS joined FROM d)
SELECT i + 1, org, (SELECT path FROM orgs WHERE id = org), '基准党员' || i, 'v1:synthetic',
       'bench-' || i, CASE WHEN b % 3 = 0 THEN '2' ELSE '1' END, birth,
       CASE WHEN c % 100 < 93 THEN '01' ELSE printf('%02d', 2 + c % 55) END,
       CASE c % 11 WHEN 0 THEN '11' WHEN 1 THEN '14' WHEN 2 THEN '21' WHEN 3 THEN '21' WHEN 4 THEN '31'
            WHEN 5 THEN '31' WHEN 6 THEN '41' WHEN 7 THEN '61' WHEN 8 THEN '71' WHEN 9 THEN '81'
            ELSE NULL END,
       CASE WHEN a % 17 = 0 THEN 'probationary' ELSE 'full' END, joined,
       CASE WHEN a % 17 = 0 THEN NULL ELSE date(joined, '+1 year') END,
       CASE WHEN b % 200 < 4 THEN 'left' WHEN b % 200 = 4 THEN 'deceased'
            WHEN b % 200 < 8 THEN 'mobile' WHEN b % 200 = 8 THEN 'lost_contact'
            WHEN b % 200 = 9 THEN 'suspended' ELSE 'normal' END, 'x', 'x'
FROM j;
-- a 书记 on every branch (4 % of them left in May and nobody followed), committees on some
INSERT INTO org_posts (org_id, post, person_name, start_on, end_on, principal_leader, created_at, updated_at)
SELECT id, 'secretary', '书记' || id, '2023-01-01', CASE WHEN id % 25 = 0 THEN '2026-05-01' END,
       CASE WHEN domain = 'organ' AND id % 7 = 0 THEN 0 ELSE 1 END, 'x', 'x'
FROM orgs WHERE id >= 1522;
INSERT INTO org_posts (org_id, post, person_name, start_on, principal_leader, created_at, updated_at)
SELECT id, p.post, p.post || id, '2023-01-01', 0, 'x', 'x'
FROM orgs, (SELECT 'organization' AS post UNION ALL SELECT 'propaganda') p
WHERE id >= 1522 AND id % 3 = 0;
-- 6,000 units owned by the streets: most small ones in a joint branch, some 应建未建
INSERT INTO units (name, domain, owner_org_id, org_id, joint_org_id, full_members, created_at, updated_at)
WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 5999)
SELECT '基准企业' || i, 'private', 2 + i % 20, NULL,
       CASE WHEN i % 10 < 8 THEN 1522 + 18 + 19 * (i % 1500) END, i % 7, 'x', 'x' FROM s;
COMMIT;
SQL
t1=$(date +%s.%N)
gen=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
size=$(du -m "$db" | cut -f1)
counted=$(sqlite3 "$db" "SELECT SUM(total) FROM member_counts")
norgs=$(sqlite3 "$db" "SELECT COUNT(*) FROM orgs")

DJ_LOG_LEVEL=warn "$BIN" --db "$db" serve --port 0 --threads 2 >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
for _ in $(seq 100); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on \(.*\)$/\1/p' "$work/serve.out")
cookie=$(curl -s -i -H 'Content-Type: application/json' \
  -d "{\"username\":\"bench\",\"password\":\"$PASS\"}" "${url}api/login" |
  sed -n 's/^[Ss]et-[Cc]ookie: \(dj_session=[^;]*\);.*/\1/p')

# p50 / p95 / max in ms of RUNS requests (after one warm-up)
timeit() {
  local path=$1 n=${2:-$RUNS}
  curl -s -o /dev/null -H "Cookie: $cookie" "${url}${path}"
  for _ in $(seq "$n"); do
    curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: $cookie" "${url}${path}"
  done | sort -n | awk '{ v[NR] = $1 * 1000 } END {
    p50 = v[int((NR + 1) / 2)]; i = int(NR * 0.95 + 0.999); if (i > NR) i = NR;
    printf "%.1f | %.1f | %.1f", p50, v[i], v[NR] }'
}
members_of() { curl -s -H "Cookie: $cookie" "${url}api/orgs/$1/stats" | sed -n 's/.*"members": *\([0-9]*\).*/\1/p'; }

street_members=$(members_of 2)
community_members=$(members_of 22)
city_stats=$(timeit api/orgs/1/stats)
street_stats=$(timeit api/orgs/2/stats)
community_stats=$(timeit api/orgs/22/stats)
city_findings=$(timeit 'api/orgs/1/findings?limit=100' 10)
street_findings=$(timeit 'api/orgs/2/findings?limit=100' 10)
findings_total=$(curl -s -H "Cookie: $cookie" "${url}api/orgs/1/findings?limit=1" |
  sed -n 's/.*"total": *\([0-9]*\).*/\1/p')

# The same city as one subtree of a larger deployment (a second root exists):
# the bands then come from the members_path scan instead of the whole-database counts.
sqlite3 "$db" "INSERT INTO orgs (id, path, name, kind, status, created_at, updated_at)
               VALUES (99999, '/99999/', '基准另一市委', 'committee', 'active', 'x', 'x')"
city_scan=$(timeit api/orgs/1/stats)
sqlite3 "$db" "DELETE FROM orgs WHERE id = 99999"

# The alternative replaced by member_counts + band counts: one scan of an index covering every
# counted column (built here for the comparison, then dropped), with 31 filtered counts.
sqlite3 "$db" "CREATE INDEX bench_naive ON members(org_path, status, category, gender, birth_date,
               education, nation, confirmed_on)"
naive=$(sqlite3 "$db" <<'SQL' | sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p' | tail -1
.timer on
SELECT COUNT(*) FROM members INDEXED BY bench_naive WHERE org_path >= '/1/' AND org_path < '/10';
SELECT COUNT(*) FILTER (WHERE category = 'full'), COUNT(*) FILTER (WHERE gender = '1'),
 COUNT(*) FILTER (WHERE gender = '2'), COUNT(*) FILTER (WHERE birth_date > '1995-11-23'),
 COUNT(*) FILTER (WHERE birth_date > '1990-11-23'), COUNT(*) FILTER (WHERE birth_date > '1985-11-23'),
 COUNT(*) FILTER (WHERE birth_date > '1980-11-23'), COUNT(*) FILTER (WHERE birth_date > '1975-11-23'),
 COUNT(*) FILTER (WHERE birth_date > '1970-11-23'), COUNT(*) FILTER (WHERE birth_date > '1965-11-23'),
 COUNT(*) FILTER (WHERE birth_date > '1955-11-23'), COUNT(*) FILTER (WHERE education = '11'),
 COUNT(*) FILTER (WHERE education = '14'), COUNT(*) FILTER (WHERE education = '21'),
 COUNT(*) FILTER (WHERE education = '31'), COUNT(*) FILTER (WHERE education = '41'),
 COUNT(*) FILTER (WHERE education = '44'), COUNT(*) FILTER (WHERE education = '47'),
 COUNT(*) FILTER (WHERE education = '61'), COUNT(*) FILTER (WHERE education = '71'),
 COUNT(*) FILTER (WHERE education = '81'), COUNT(*) FILTER (WHERE education = '90'),
 COUNT(*) FILTER (WHERE nation = '01'), COUNT(*) FILTER (WHERE nation IS NULL),
 COUNT(*) FILTER (WHERE category = 'full' AND confirmed_on > '2025-11-23'),
 COUNT(*) FILTER (WHERE category = 'full' AND confirmed_on > '2020-11-23'),
 COUNT(*) FILTER (WHERE category = 'full' AND confirmed_on > '2015-11-23'),
 COUNT(*) FILTER (WHERE category = 'full' AND confirmed_on > '2005-11-23'),
 COUNT(*) FILTER (WHERE category = 'full' AND confirmed_on > '1995-11-23'),
 COUNT(*) FILTER (WHERE category = 'full' AND confirmed_on > '1975-11-23')
FROM members INDEXED BY bench_naive WHERE org_path >= '/1/' AND org_path < '/10'
 AND status IN ('normal', 'mobile', 'lost_contact');
SQL
)
sqlite3 "$db" "DROP INDEX bench_naive"
naive_ms=$(awk -v s="$naive" 'BEGIN { printf "%.0f", s * 1000 }')

cat <<MD
## Subtree statistics and set-up checks, city scale ($(date +%Y-%m-%d), $(nproc) cores)

Database: $norgs organisations, $MEMBERS members ($counted in a counted status),
$size MB; generated in ${gen} s (sqlite3, triggers and indexes live). $RUNS requests per
statistics endpoint, 10 per findings endpoint, one client, over loopback HTTP (ms):

| Request | Members | p50 | p95 | max |
|---|---|---|---|---|
| GET /api/orgs/1/stats (whole city = whole database) | $counted | $city_stats |
| GET /api/orgs/1/stats (city as a subtree of a larger deployment) | $counted | $city_scan |
| GET /api/orgs/2/stats (one street) | $street_members | $street_stats |
| GET /api/orgs/22/stats (one 党委) | $community_members | $community_stats |
| GET /api/orgs/1/findings?limit=100 (whole city, $findings_total findings) | $counted | $city_findings |
| GET /api/orgs/2/findings?limit=100 (one street) | $street_members | $street_findings |

For comparison, one scan of an index covering every counted column with 31 filtered
counts (the design this replaced) takes ${naive_ms} ms for the city in the sqlite3 shell
(SQL only, no HTTP).
MD
