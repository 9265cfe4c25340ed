/* findings.c (store) - grouped reads for the set-up checks; see findings.h. */
#include "base/compat.h"
#include "store/findings.h"

/* A post is current on $3 when start_on <= $3 <= end_on (end_on NULL = still held). */
#define CURRENT "p.start_on <= $3 AND (p.end_on IS NULL OR p.end_on >= $3)"

static const char sql_orgs[] =
    "SELECT id, path, name, kind, COALESCE(domain, ''), COALESCE(founded_on, ''), status "
    "FROM orgs WHERE path >= $1 AND path < $2 ORDER BY path";

static const char sql_counts[] = "SELECT org_path, total, full_members FROM member_counts "
                                 "WHERE org_path >= $1 AND org_path < $2";

static const char sql_posts[] =
    "SELECT o.path, "
    "COUNT(*) FILTER (WHERE p.post = 'secretary' AND " CURRENT "), "
    "COUNT(*) FILTER (WHERE p.post = 'secretary' AND p.principal_leader = 0 AND " CURRENT "), "
    "MIN(p.person_name) FILTER (WHERE p.post = 'secretary' AND p.principal_leader = 0 AND " CURRENT
    "), "
    "COUNT(DISTINCT CASE WHEN p.post <> 'group_leader' AND " CURRENT
    " THEN COALESCE('m' || p.member_id, 'n' || p.person_name) END), "
    "COUNT(*) FILTER (WHERE p.post IN ('organization', 'propaganda', 'discipline', 'member') "
    "AND " CURRENT "), "
    "MAX(p.end_on) FILTER (WHERE p.post = 'secretary' AND p.end_on < $3) "
    "FROM orgs o JOIN org_posts p ON p.org_id = o.id "
    "WHERE o.path >= $1 AND o.path < $2 GROUP BY o.path";

static const char sql_joint[] = "SELECT o.path, COUNT(*) FROM orgs o "
                                "JOIN units u ON u.joint_org_id = o.id "
                                "WHERE o.path >= $1 AND o.path < $2 GROUP BY o.path";

static const char sql_units[] = "SELECT u.id, u.name, ow.path, u.full_members, "
                                "CASE WHEN jo.status = 'active' THEN 1 ELSE 0 END "
                                "FROM orgs ow JOIN units u ON u.owner_org_id = ow.id "
                                "LEFT JOIN orgs uo ON uo.id = u.org_id "
                                "LEFT JOIN orgs jo ON jo.id = u.joint_org_id "
                                "WHERE ow.path >= $1 AND ow.path < $2 AND u.full_members >= $3 "
                                "AND (uo.id IS NULL OR uo.status <> 'active') "
                                "ORDER BY ow.path, u.id";

int dj_findings_org_find(const struct dj_findings_org *orgs, int n, const char *path)
{
    int lo = 0, hi = n;

    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(orgs[mid].path, path);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

int dj_findings_org_nearest(const struct dj_findings_org *orgs, int n, const char *path)
{
    char buf[DJ_PATH_MAX];
    size_t len;
    int i;

    if (dj_strlcpy(buf, path, sizeof(buf)) >= sizeof(buf))
        return -1;
    for (;;) {
        i = dj_findings_org_find(orgs, n, buf);
        if (i >= 0)
            return i;
        /* drop the last segment: "/1/2/4/" -> "/1/2/" */
        len = strlen(buf);
        if (len < 2)
            return -1;
        len--;
        while (len > 0 && buf[len - 1] != '/')
            len--;
        if (len == 0)
            return -1;
        buf[len] = '\0';
    }
}

static void copy_date(char *dst, const char *src)
{
    dj_strlcpy(dst, src && strlen(src) == 10 ? src : "", 11);
}

static int bind_range(struct dj_stmt *st, const char *lo, const char *hi)
{
    int rc = dj_stmt_bind_text(st, 1, lo);
    return rc ? rc : dj_stmt_bind_text(st, 2, hi);
}

static int read_orgs(struct dj_db *db, const char *lo, const char *hi, struct dj_arena *arena,
                     struct dj_findings_input *out, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc, cap = 64;

    out->orgs = dj_arena_zalloc(arena, sizeof(*out->orgs) * (size_t)cap);
    rc = dj_db_prepare(db, sql_orgs, &st, err);
    if (!rc)
        rc = bind_range(st, lo, hi);
    if (rc)
        return rc;
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_findings_org *o;
        if (out->norgs == cap) {
            struct dj_findings_org *grown =
                dj_arena_zalloc(arena, sizeof(*grown) * (size_t)cap * 2);
            memcpy(grown, out->orgs, sizeof(*grown) * (size_t)cap);
            out->orgs = grown;
            cap *= 2;
        }
        o = &out->orgs[out->norgs++];
        o->id = dj_stmt_int64(st, 0);
        o->path = dj_arena_strdup(arena, dj_stmt_text(st, 1));
        o->name = dj_arena_strdup(arena, dj_stmt_text(st, 2));
        o->kind = dj_arena_strdup(arena, dj_stmt_text(st, 3));
        o->domain = dj_arena_strdup(arena, dj_stmt_text(st, 4));
        copy_date(o->founded_on, dj_stmt_text(st, 5));
        o->active = !strcmp(dj_stmt_text(st, 6), "active");
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

static int read_counts(struct dj_db *db, const char *lo, const char *hi,
                       struct dj_findings_input *out, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql_counts, &st, err);

    if (!rc)
        rc = bind_range(st, lo, hi);
    if (rc)
        return rc;
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        const char *path = dj_stmt_text(st, 0);
        int i = dj_findings_org_find(out->orgs, out->norgs, path);
        if (i >= 0) {
            out->orgs[i].direct_total += dj_stmt_int64(st, 1);
            out->orgs[i].direct_full += dj_stmt_int64(st, 2);
        } else if ((i = dj_findings_org_nearest(out->orgs, out->norgs, path)) >= 0) {
            out->orgs[i].orphan_total += dj_stmt_int64(st, 1);
        }
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

static int read_posts(struct dj_db *db, const char *lo, const char *hi, const char *today,
                      struct dj_arena *arena, struct dj_findings_input *out, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql_posts, &st, err);

    if (!rc)
        rc = bind_range(st, lo, hi);
    if (!rc)
        rc = dj_stmt_bind_text(st, 3, today);
    if (rc)
        return rc;
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        int i = dj_findings_org_find(out->orgs, out->norgs, dj_stmt_text(st, 0));
        struct dj_findings_org *o;
        const char *name;
        if (i < 0)
            continue;
        o = &out->orgs[i];
        o->secretaries = dj_stmt_int64(st, 1);
        o->secretaries_not_principal = dj_stmt_int64(st, 2);
        name = dj_stmt_text(st, 3);
        o->not_principal_name = name ? dj_arena_strdup(arena, name) : NULL;
        o->committee_size = dj_stmt_int64(st, 4);
        o->committee_other = dj_stmt_int64(st, 5);
        copy_date(o->last_secretary_end, dj_stmt_text(st, 6));
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

static int read_joint(struct dj_db *db, const char *lo, const char *hi,
                      struct dj_findings_input *out, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql_joint, &st, err);

    if (!rc)
        rc = bind_range(st, lo, hi);
    if (rc)
        return rc;
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        int i = dj_findings_org_find(out->orgs, out->norgs, dj_stmt_text(st, 0));
        if (i >= 0)
            out->orgs[i].joint_units = dj_stmt_int64(st, 1);
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

static int read_units(struct dj_db *db, const char *lo, const char *hi, int64_t min_full,
                      struct dj_arena *arena, struct dj_findings_input *out, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc, cap = 16;

    out->units = dj_arena_zalloc(arena, sizeof(*out->units) * (size_t)cap);
    rc = dj_db_prepare(db, sql_units, &st, err);
    if (!rc)
        rc = bind_range(st, lo, hi);
    if (!rc)
        rc = dj_stmt_bind_int64(st, 3, min_full);
    if (rc)
        return rc;
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_findings_unit *u;
        if (out->nunits == cap) {
            struct dj_findings_unit *grown =
                dj_arena_zalloc(arena, sizeof(*grown) * (size_t)cap * 2);
            memcpy(grown, out->units, sizeof(*grown) * (size_t)cap);
            out->units = grown;
            cap *= 2;
        }
        u = &out->units[out->nunits++];
        u->id = dj_stmt_int64(st, 0);
        u->name = dj_arena_strdup(arena, dj_stmt_text(st, 1));
        u->owner_path = dj_arena_strdup(arena, dj_stmt_text(st, 2));
        u->full_members = dj_stmt_int64(st, 3);
        u->in_joint = dj_stmt_int64(st, 4) != 0;
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_findings_input(struct dj_db *db, const struct dj_scope *scope, const char *path,
                            const char *today, int64_t unit_min_full, struct dj_arena *arena,
                            struct dj_findings_input *out, struct dj_err *err)
{
    char lo[DJ_PATH_MAX], hi[DJ_PATH_MAX];
    int rc;

    memset(out, 0, sizeof(*out));
    if (!path || !dj_scope_contains(scope, path))
        return dj_err_set(err, DJ_ENOTFOUND, NULL, "组织不存在");
    dj_path_range(path, lo, hi, sizeof(lo));
    rc = read_orgs(db, lo, hi, arena, out, err);
    if (!rc)
        rc = read_counts(db, lo, hi, out, err);
    if (!rc)
        rc = read_posts(db, lo, hi, today, arena, out, err);
    if (!rc)
        rc = read_joint(db, lo, hi, out, err);
    if (!rc)
        rc = read_units(db, lo, hi, unit_min_full, arena, out, err);
    return rc;
}
