#!/usr/bin/env python3
"""sqlbench.py - the SQL under the member search, ID look-up and statistics
endpoints, timed directly in SQLite (no HTTP, JSON, permissions or
decryption), so that the cost of the layers above shows in bench/RESULTS.md.

    python3 bench/sqlbench.py city.db inputs.json [N]

inputs.json comes from bench/latency.mjs (the same names, blind indexes and
organisations the HTTP run used). The statements mirror store/member.c
(trigram list + total, the 1-2 character prefix list + total, look-up by
id_blind) and store/stats.c (member_counts sums, domains, kinds, and the band
counts: one members_path range scan for a subtree, range counts over the
partial date indexes for the whole database) as they stood when this was
written. Prints JSON: per kind n, p50, p95, p99, max, mean in milliseconds.
"""
import datetime
import json
import sqlite3
import sys
import time

COUNTED = "status IN ('normal', 'mobile', 'lost_contact')"
ACTIVE = "m.status NOT IN ('left', 'deceased')"

LIST_TRIGRAM = (
    "SELECT m.* FROM members_fts f CROSS JOIN members m ON m.id = f.rowid "
    "WHERE f.members_fts MATCH ? AND " + ACTIVE + " ORDER BY m.id LIMIT 20"
)
COUNT_TRIGRAM = (
    "SELECT COUNT(*) FROM members_fts f CROSS JOIN members m ON m.id = f.rowid "
    "WHERE f.members_fts MATCH ? AND " + ACTIVE
)
LIST_PREFIX = (
    "SELECT m.* FROM members m WHERE m.name >= ? AND m.name < ? AND " + ACTIVE +
    " ORDER BY m.id LIMIT 20"
)
COUNT_PREFIX = "SELECT COUNT(*) FROM members m WHERE m.name >= ? AND m.name < ? AND " + ACTIVE
LOOKUP = (
    "SELECT m.*, o.name FROM members m JOIN orgs o ON o.id = m.org_id "
    "WHERE m.id_blind = ? ORDER BY m.id"
)
SUMMARY = (
    "SELECT SUM(total), SUM(full_members), SUM(male), SUM(female), SUM(han), SUM(nation_unset), "
    "SUM(edu_11), SUM(edu_14), SUM(edu_21), SUM(edu_31), SUM(edu_41), SUM(edu_44), SUM(edu_47), "
    "SUM(edu_61), SUM(edu_71), SUM(edu_81), SUM(edu_90) "
    "FROM member_counts WHERE org_path >= ? AND org_path < ?"
)
DOMAINS = (
    "SELECT COALESCE(o.domain, ''), SUM(c.total) FROM member_counts c "
    "JOIN orgs o ON o.path = c.org_path WHERE c.org_path >= ? AND c.org_path < ? "
    "GROUP BY 1 ORDER BY 1"
)
KINDS = (
    "SELECT kind, COUNT(*) FROM orgs WHERE path >= ? AND path < ? AND status = 'active' "
    "GROUP BY kind ORDER BY kind"
)
BIRTH_SLICE = ("SELECT COUNT(*) FROM members WHERE birth_date > ? AND birth_date <= ? AND " +
               COUNTED)
CONF_SLICE = ("SELECT COUNT(*) FROM members WHERE confirmed_on > ? AND confirmed_on <= ? AND " +
              COUNTED + " AND category = 'full'")
SCAN = (
    "SELECT " + "".join("COUNT(*) FILTER (WHERE birth_date > ?), " for _ in range(8)) +
    "COUNT(*) FILTER (WHERE birth_date > ''), " +
    "".join("COUNT(*) FILTER (WHERE category = 'full' AND confirmed_on > ?), " for _ in range(6)) +
    "COUNT(*) FILTER (WHERE category = 'full' AND confirmed_on > ''), "
    "COUNT(*) FILTER (WHERE category = 'full') "
    "FROM members WHERE org_path >= ? AND org_path < ? AND " + COUNTED
)


def path_range(path):
    return path, path[:-1] + "0"


def cuts(today):
    birth = [(today.replace(year=today.year - y)).isoformat() for y in (30, 35, 40, 45, 50, 55, 60, 70)]
    conf = [(today.replace(year=today.year - y)).isoformat() for y in (5, 10, 20, 30, 40, 50)]
    return sorted(birth), sorted(conf)


def summary(times):
    s = sorted(times)

    def pct(p):
        i = min(len(s) - 1, max(0, -(-p * len(s) // 100) - 1))
        return round(s[i] * 1000, 3)

    return {"n": len(s), "p50": pct(50), "p95": pct(95), "p99": pct(99), "max": pct(100),
            "mean": round(sum(s) / len(s) * 1000, 3)}


def timed(n, fn):
    for i in range(min(20, n)):  # warm-up, not counted
        fn(i)
    out = []
    for i in range(n):
        t0 = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - t0)
    return summary(out)


def main():
    db, inputs = sys.argv[1], json.load(open(sys.argv[2]))
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 400
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    today = datetime.date.today().replace(day=1)
    birth, conf = cuts(today)
    names3, names2 = inputs["names3"], inputs["names2"]

    def search3(i):
        q = '"' + names3[i % len(names3)] + '"'
        con.execute(LIST_TRIGRAM, (q,)).fetchall()
        con.execute(COUNT_TRIGRAM, (q,)).fetchone()

    def search2(i):
        lo = names2[i % len(names2)]
        hi = lo + "\U0010FFFF"
        con.execute(LIST_PREFIX, (lo, hi)).fetchall()
        con.execute(COUNT_PREFIX, (lo, hi)).fetchone()

    def lookup(i):
        con.execute(LOOKUP, (inputs["blinds"][i % len(inputs["blinds"])],)).fetchall()

    def common(lo, hi):
        con.execute(SUMMARY, (lo, hi)).fetchone()
        con.execute(DOMAINS, (lo, hi)).fetchall()
        con.execute(KINDS, (lo, hi)).fetchall()

    def stats_city(_):
        lo, hi = path_range(inputs["root_path"])
        common(lo, hi)
        edges = [""] + birth + ["9999-12-31"]
        for a, b in zip(edges, edges[1:]):
            con.execute(BIRTH_SLICE, (a, b)).fetchone()
        edges = [""] + conf + ["9999-12-31"]
        for a, b in zip(edges, edges[1:]):
            con.execute(CONF_SLICE, (a, b)).fetchone()

    def stats_street(i):
        lo, hi = path_range(inputs["street_paths"][i % len(inputs["street_paths"])])
        common(lo, hi)
        con.execute(SCAN, (*birth, *conf, lo, hi)).fetchone()

    result = {
        "layer": "sql",
        "search_trigram": timed(n, search3),
        "search_short": timed(n, search2),
        "lookup": timed(n, lookup),
        "stats_city": timed(min(n, 200), stats_city),
        "stats_street": timed(n, stats_street),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
