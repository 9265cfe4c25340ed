/* demo_meeting.c (store) - set-wise demo organisational life; see demo_meeting.h. */
#include "base/compat.h"
#include "store/demo_meeting.h"

/*
 * h(o, ym, k): a deterministic hash in 0..999 of organisation, month and a
 * kind number, mixed with the seed ($4). An organisation is "weak" when
 * (id * 7919 + seed) % 100 < 8: it misses 45% of its meetings; the others
 * miss 6%. Dates: each kind on a day of the month fixed per organisation.
 */
#define HASH(k) "(((o.id * 1103515245 + m.ym * 12345 + " #k " * 977 + $4) % 1000 + 1000) % 1000)"
#define MISS(k)                                                                                    \
    "(" HASH(k) " < CASE WHEN ((o.id * 7919 + $4) % 100 + 100) % 100 < 8 THEN 450 ELSE 60 END)"
#define DAY(base, mod)                                                                             \
    "printf('%04d-%02d-%02d', m.ym / 12, m.ym % 12 + 1, " #base " + o.id % " #mod ")"
#define STATUS(k)                                                                                  \
    "CASE WHEN m.ym >= $3 AND " HASH(k) " % 7 = 3 THEN 'submitted' "                               \
                                        "WHEN m.ym >= $3 AND " HASH(                               \
                                            k) " % 13 = 1 THEN 'returned' ELSE 'approved' END"

/* $1 lo_ym, $2 hi_ym, $3 review_ym, $4 seed, $5 now */
static const char
    sql_meetings
        [] = "WITH RECURSIVE months(ym) AS (SELECT $1 UNION ALL SELECT ym + 1 FROM months WHERE ym "
             "< $2), "
             "o AS (SELECT o.id, o.path, o.kind, COALESCE(o.founded_on, '') AS founded, "
             "COALESCE(c.full_members, 0) AS full_n, COALESCE(c.total, 0) AS total_n, "
             "EXISTS (SELECT 1 FROM org_posts p WHERE p.org_id = o.id AND p.post IN "
             "('deputy_secretary', "
             "'organization', 'propaganda', 'discipline', 'member')) AS has_committee "
             "FROM orgs o LEFT JOIN member_counts c ON c.org_path = o.path "
             "WHERE o.status = 'active' AND o.kind IN ('branch', 'joint_branch', 'temp_branch', "
             "'grid_branch', 'group', 'building_group')), "
             "k(kind, n, topic) AS (VALUES ('theme_day', 1, '主题党日'), ('committee', 2, "
             "'支委会'), "
             "('assembly', 3, '党员大会'), ('lecture', 4, '党课'), ('org_life', 5, '组织生活会'), "
             "('democratic_review', 6, '民主评议党员'), ('group', 7, '党小组会：集中学习')) "
             "INSERT INTO meetings (org_id, org_path, kind, held_on, place, chair, recorder, "
             "by_secretary, "
             "topic, hours, expected_n, present_n, quorum_ok, status, return_reason, submitted_at, "
             "reviewed_at, reviewed_by, created_at, updated_at) "
             "SELECT o.id, o.path, k.kind, "
             "CASE k.kind WHEN 'theme_day' THEN " DAY(1, 25) " WHEN 'committee' THEN " DAY(3, 25) " WHEN 'group' THEN " DAY(
                 6,
                 22) " ELSE " DAY(2,
                                  26) " END, "
                                      "'党员活动室', '书记', '组织委员', (k.kind = 'lecture' AND "
                                      "m.ym % 12 BETWEEN 3 AND 5), "
                                      "k.topic, "
                                      "CASE WHEN k.kind = 'lecture' THEN 2 WHEN k.kind = "
                                      "'theme_day' THEN 1 ELSE 0 END, "
                                      "CASE WHEN k.kind = 'committee' THEN 3 ELSE o.full_n END, "
                                      "CASE WHEN k.kind = 'committee' THEN 3 WHEN " HASH(
                                          8) " < 20 THEN o.full_n / 2 "
                                             "ELSE o.full_n - o.full_n / 7 END, "
                                             "CASE WHEN k.kind = 'assembly' AND (" HASH(
                                                 8) " < 20 OR o.full_n = 0) THEN 0 ELSE 1 "
                                                    "END, " STATUS(9) ", "
                                                                      "CASE WHEN " STATUS(
                                                                          9) " = 'returned' THEN "
                                                                             "'请补充会议记录和签到"
                                                                             "表' END, $5, "
                                                                             "CASE WHEN " STATUS(
                                                                                 9) " <> "
                                                                                    "'submitted' "
                                                                                    "THEN $5 END, "
                                                                                    "CASE "
                                                                                    "WHEN " STATUS(
                                                                                        9) " <> "
                                                                                           "'submit"
                                                                                           "ted' "
                                                                                           "THEN "
                                                                                           "'demo' "
                                                                                           "END, "
                                                                                           "$5, $5 "
                                                                                           "FROM o "
                                                                                           "CROSS "
                                                                                           "JOIN "
                                                                                           "months "
                                                                                           "m JOIN "
                                                                                           "k ON "
                                                                                           "CASE "
                                                                                           "k.kind "
                                                                                           "WHEN "
                                                                                           "'group'"
                                                                                           " THEN "
                                                                                           "o.kind "
                                                                                           "IN "
                                                                                           "('"
                                                                                           "group',"
                                                                                           " '"
                                                                                           "buildin"
                                                                                           "g_"
                                                                                           "group')"
                                                                                           " "
                                                                                           "ELSE "
                                                                                           "o.kind "
                                                                                           "NOT IN "
                                                                                           "('"
                                                                                           "group',"
                                                                                           " '"
                                                                                           "buildin"
                                                                                           "g_"
                                                                                           "group')"
                                                                                           " AND "
                                                                                           "o."
                                                                                           "total_"
                                                                                           "n > 0 "
                                                                                           "AND "
                                                                                           "CASE "
                                                                                           "k.kind "
                                                                                           "WHEN "
                                                                                           "'theme_"
                                                                                           "day' "
                                                                                           "THEN 1 "
                                                                                           "WHEN "
                                                                                           "'commit"
                                                                                           "tee' "
                                                                                           "THEN "
                                                                                           "o.has_"
                                                                                           "committ"
                                                                                           "ee "
                                                                                           "WHEN "
                                                                                           "'assemb"
                                                                                           "ly' "
                                                                                           "THEN "
                                                                                           "m.ym % "
                                                                                           "3 = "
                                                                                           "o.id % "
                                                                                           "3 WHEN "
                                                                                           "'lectur"
                                                                                           "e' "
                                                                                           "THEN "
                                                                                           "m.ym % "
                                                                                           "3 = "
                                                                                           "(o.id "
                                                                                           "+ 1) % "
                                                                                           "3 "
                                                                                           "ELSE "
                                                                                           "m.ym % "
                                                                                           "12 = "
                                                                                           "11 END "
                                                                                           "END "
                                                                                           "WHERE "
                                                                                           "NOT"
                                                                                           " " MISS(
                                                                                               k.n) " "
                                                                                                    "AND printf('%04d-%02d-28', m.ym / 12, m.ym % 12 + 1) >= o.founded";

/* $1 year_lo, $2 year_hi, $3 seed */
static const char sql_member_years[] =
    "WITH RECURSIVE y(year) AS (SELECT $1 UNION ALL SELECT year + 1 FROM y WHERE year < $2) "
    "INSERT INTO life_member_year (member_id, year, org_path, hours_ok, hours_sub, talks_ok, "
    "talks_sub) "
    "SELECT m.id, y.year, m.org_path, "
    "26 + ((m.id * 2654435761 + y.year * 40503 + $3) % 24 + 24) % 24, 0, "
    "CASE WHEN ((m.id * 40503 + y.year + $3) % 10 + 10) % 10 = 0 THEN 0 ELSE 1 END, 0 "
    "FROM members m CROSS JOIN y WHERE m.status IN ('normal', 'mobile', 'lost_contact')";

int dj_store_demo_life(struct dj_db *db, const struct dj_demo_life *p, int64_t *meetings,
                       struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql_meetings, &st, err);

    *meetings = 0;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, p->lo_ym);
    dj_stmt_bind_int64(st, 2, p->hi_ym);
    dj_stmt_bind_int64(st, 3, p->review_ym);
    dj_stmt_bind_int64(st, 4, p->seed % 1000003);
    dj_stmt_bind_text(st, 5, p->now);
    rc = dj_stmt_step(st, err);
    dj_stmt_reset(st);
    if (rc < 0)
        return rc;
    *meetings = dj_db_changes(db);
    rc = dj_db_prepare(db, sql_member_years, &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, p->year_lo);
    dj_stmt_bind_int64(st, 2, p->year_hi);
    dj_stmt_bind_int64(st, 3, p->seed % 1000003);
    rc = dj_stmt_step(st, err);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}
