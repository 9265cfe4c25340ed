/* compliance.c (store) - grouped reads for the compliance engine; see compliance.h. */
#include "base/compat.h"
#include "store/compliance.h"

static const char sql_orgs[] =
    "SELECT id, path, name, kind, COALESCE(domain, ''), COALESCE(founded_on, ''), "
    "COALESCE(dissolved_on, ''), status FROM orgs WHERE path >= $1 AND path < $2 ORDER BY path";

/* $3 = window start, $4 = window end */
static const char sql_posts[] =
    "SELECT o.path, "
    "COUNT(*) FILTER (WHERE p.post IN ('deputy_secretary', 'organization', 'propaganda', "
    "'discipline', 'member') AND p.start_on <= $4 AND (p.end_on IS NULL OR p.end_on >= $3)), "
    "COUNT(*) FILTER (WHERE p.post = 'secretary' AND p.start_on <= $4 AND "
    "(p.end_on IS NULL OR p.end_on >= $4)), "
    "MAX(p.end_on) FILTER (WHERE p.post = 'secretary' AND p.end_on < $4) "
    "FROM orgs o JOIN org_posts p ON p.org_id = o.id "
    "WHERE o.path >= $1 AND o.path < $2 GROUP BY o.path";

static const char sql_counts[] =
    "SELECT org_path, total FROM member_counts WHERE org_path >= $1 AND org_path < $2";

/* the twelve months of a life_counts row, submitted ones weighted by $5 (0/1) */
#define MONTHS                                                                                     \
    "a1 + $5 * s1, a2 + $5 * s2, a3 + $5 * s3, a4 + $5 * s4, a5 + $5 * s5, a6 + $5 * s6, "         \
    "a7 + $5 * s7, a8 + $5 * s8, a9 + $5 * s9, a10 + $5 * s10, a11 + $5 * s11, a12 + $5 * s12"

/*
 * One row per (organisation, kind): the months of the window with at least
 * one counting record as a bit mask. Each year's month mask (amask: approved;
 * smask: approved or submitted, kept by the triggers) is shifted to its
 * place in the window (a negative shift, for a year starting before the
 * window, drops the earlier months); years do not overlap, so their SUM is
 * their OR; $6 clears months after the window.
 * $3 first year, $4 last year, $5 count submitted (0/1), $6 window mask,
 * $7 first month of the window (year * 12 + month - 1).
 */
static const char sql_life[] =
    "SELECT org_path, kind, SUM(CASE WHEN $5 = 1 THEN smask ELSE amask END << (year * 12 - $7)) & "
    "$6 "
    "FROM life_counts WHERE org_path >= $1 AND org_path < $2 AND year BETWEEN $3 AND $4 "
    "GROUP BY org_path, kind ORDER BY org_path, kind";

/* $3 year (one statement per year: an equality keeps the path range on the index), $4 unused,
   $5 submitted, $6 min hours, $7 min talks */
static const char sql_member_year[] =
    "SELECT org_path, year, COUNT(*), "
    "COUNT(*) FILTER (WHERE hours_ok + $5 * hours_sub >= $6), "
    "COUNT(*) FILTER (WHERE talks_ok + $5 * talks_sub >= $7) "
    "FROM life_member_year WHERE year = $3 AND $4 = $4 AND org_path >= $1 AND org_path < $2 "
    "GROUP BY org_path";

static const char sql_exemptions[] =
    "SELECT org_path, rule_id, start_on, end_on, reason, approver FROM compliance_exemptions "
    "WHERE org_path >= $1 AND org_path < $2 ORDER BY org_path, id";

static const char sql_acks[] =
    "SELECT org_id, rule_id, period, subject, explanation, acked_by, acked_at "
    "FROM compliance_acks WHERE org_path >= $1 AND org_path < $2 "
    "ORDER BY org_id, rule_id, period, subject";

int dj_cmp_org_find(const struct dj_cmp_input *in, const char *path)
{
    int lo = 0, hi = in->norgs;

    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(in->orgs[mid].path, path);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static const char *dup(struct dj_arena *a, struct dj_stmt *st, int col)
{
    const char *s = dj_stmt_text(st, col);
    return dj_arena_strdup(a, s ? s : "");
}

static void copy_date(char *dst, const char *src)
{
    dj_strlcpy(dst, src && strlen(src) == 10 ? src : "", 11);
}

/* Grow an arena array of `size`-byte items when n == *cap. */
static void *grow(struct dj_arena *a, void *v, int n, int *cap, size_t size)
{
    void *g;

    if (n < *cap)
        return v;
    *cap = *cap ? *cap * 2 : 64;
    g = dj_arena_zalloc(a, size * (size_t)*cap);
    if (n)
        memcpy(g, v, size * (size_t)n);
    return g;
}

static int prep(struct dj_db *db, const char *sql, const char *lo, const char *hi,
                struct dj_stmt **st, struct dj_err *err)
{
    int rc = dj_db_prepare(db, sql, st, err);
    if (!rc)
        rc = dj_stmt_bind_text(*st, 1, lo);
    if (!rc)
        rc = dj_stmt_bind_text(*st, 2, hi);
    return rc;
}

static int read_orgs(struct dj_db *db, const char *lo, const char *hi, struct dj_arena *a,
                     struct dj_cmp_input *in, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = prep(db, sql_orgs, lo, hi, &st, err), cap = 0;

    if (rc)
        return rc;
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_cmp_org *o;
        in->orgs = grow(a, in->orgs, in->norgs, &cap, sizeof(*o));
        o = &in->orgs[in->norgs++];
        o->id = dj_stmt_int64(st, 0);
        o->path = dup(a, st, 1);
        o->name = dup(a, st, 2);
        o->kind = dup(a, st, 3);
        o->domain = dup(a, st, 4);
        copy_date(o->founded_on, dj_stmt_text(st, 5));
        copy_date(o->dissolved_on, dj_stmt_text(st, 6));
        o->active = !strcmp(dj_stmt_text(st, 7) ? dj_stmt_text(st, 7) : "", "active");
    }
    return rc < 0 ? rc : 0;
}

static int read_posts(struct dj_db *db, const char *lo, const char *hi,
                      const struct dj_cmp_params *p, struct dj_cmp_input *in, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = prep(db, sql_posts, lo, hi, &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_text(st, 3, p->from);
    dj_stmt_bind_text(st, 4, p->to);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        int i = dj_cmp_org_find(in, dj_stmt_text(st, 0));
        if (i < 0)
            continue;
        in->orgs[i].committee_posts = dj_stmt_int64(st, 1);
        in->orgs[i].secretaries_at_end = dj_stmt_int64(st, 2);
        copy_date(in->orgs[i].last_secretary_end, dj_stmt_text(st, 3));
    }
    return rc < 0 ? rc : 0;
}

static int read_counts(struct dj_db *db, const char *lo, const char *hi, struct dj_cmp_input *in,
                       struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = prep(db, sql_counts, lo, hi, &st, err);

    if (rc)
        return rc;
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        int i = dj_cmp_org_find(in, dj_stmt_text(st, 0));
        if (i >= 0)
            in->orgs[i].members = dj_stmt_int64(st, 1);
    }
    return rc < 0 ? rc : 0;
}

static int read_life(struct dj_db *db, const char *lo, const char *hi,
                     const struct dj_cmp_params *p, struct dj_arena *a, struct dj_cmp_input *in,
                     struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = prep(db, sql_life, lo, hi, &st, err), cap = 0, last = -1;
    int span = p->hi_ym - p->lo_ym + 1;
    char last_path[DJ_PATH_MAX] = "";

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 3, p->lo_ym / 12);
    dj_stmt_bind_int64(st, 4, p->hi_ym / 12);
    dj_stmt_bind_int64(st, 5, p->count_submitted ? 1 : 0);
    dj_stmt_bind_int64(st, 6, span >= 63 ? INT64_MAX : ((int64_t)1 << span) - 1);
    dj_stmt_bind_int64(st, 7, p->lo_ym);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        const char *path = dj_stmt_text(st, 0);
        struct dj_cmp_life *l;

        if (!path)
            continue;
        if (strcmp(path, last_path)) {
            last = dj_cmp_org_find(in, path);
            dj_strlcpy(last_path, path, sizeof(last_path));
        }
        if (last < 0)
            continue;
        in->life = grow(a, in->life, in->nlife, &cap, sizeof(*l));
        l = &in->life[in->nlife++];
        l->org = last;
        l->kind = dup(a, st, 1);
        l->mask = (uint64_t)dj_stmt_int64(st, 2);
        l->total = __builtin_popcountll(l->mask);
    }
    return rc < 0 ? rc : 0;
}

static int read_member_years(struct dj_db *db, const char *lo, const char *hi,
                             const struct dj_cmp_params *p, struct dj_arena *a,
                             struct dj_cmp_input *in, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc, cap = 0;

    for (int year = p->year_lo; year <= p->year_hi; year++) {
        rc = prep(db, sql_member_year, lo, hi, &st, err);
        if (rc)
            return rc;
        dj_stmt_bind_int64(st, 3, year);
        dj_stmt_bind_int64(st, 4, 0);
        dj_stmt_bind_int64(st, 5, p->count_submitted ? 1 : 0);
        dj_stmt_bind_int64(st, 6, p->min_hours);
        dj_stmt_bind_int64(st, 7, p->min_talks);
        while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
            int i = dj_cmp_org_find(in, dj_stmt_text(st, 0));
            struct dj_cmp_member_year *y;
            if (i < 0)
                continue;
            in->my = grow(a, in->my, in->nmy, &cap, sizeof(*y));
            y = &in->my[in->nmy++];
            y->org = i;
            y->year = (int)dj_stmt_int64(st, 1);
            y->rows = dj_stmt_int64(st, 2);
            y->hours_ok = dj_stmt_int64(st, 3);
            y->talks_ok = dj_stmt_int64(st, 4);
        }
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int read_ex_acks(struct dj_db *db, const char *lo, const char *hi, struct dj_arena *a,
                        struct dj_cmp_input *in, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = prep(db, sql_exemptions, lo, hi, &st, err), cap = 0;

    if (rc)
        return rc;
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        int i = dj_cmp_org_find(in, dj_stmt_text(st, 0));
        struct dj_cmp_exemption *e;
        if (i < 0)
            continue;
        in->ex = grow(a, in->ex, in->nex, &cap, sizeof(*e));
        e = &in->ex[in->nex++];
        e->org = i;
        e->rule_id = dup(a, st, 1);
        e->start_on = dup(a, st, 2);
        e->end_on = dup(a, st, 3);
        e->reason = dup(a, st, 4);
        e->approver = dup(a, st, 5);
    }
    if (rc < 0)
        return rc;
    rc = prep(db, sql_acks, lo, hi, &st, err);
    cap = 0;
    if (rc)
        return rc;
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_cmp_ack *k;
        in->acks = grow(a, in->acks, in->nacks, &cap, sizeof(*k));
        k = &in->acks[in->nacks++];
        k->org_id = dj_stmt_int64(st, 0);
        k->rule_id = dup(a, st, 1);
        k->period = dup(a, st, 2);
        k->subject = dup(a, st, 3);
        k->explanation = dup(a, st, 4);
        k->acked_by = dup(a, st, 5);
        k->acked_at = dup(a, st, 6);
    }
    return rc < 0 ? rc : 0;
}

int dj_store_compliance_input(struct dj_db *db, const struct dj_cmp_params *p,
                              struct dj_arena *arena, struct dj_cmp_input *out, struct dj_err *err)
{
    char lo[DJ_PATH_MAX], hi[DJ_PATH_MAX];
    int rc;

    memset(out, 0, sizeof(*out));
    dj_path_range(p->path, lo, hi, sizeof(lo));
    if ((rc = read_orgs(db, lo, hi, arena, out, err)) ||
        (rc = read_posts(db, lo, hi, p, out, err)) || (rc = read_counts(db, lo, hi, out, err)) ||
        (rc = read_life(db, lo, hi, p, arena, out, err)) ||
        (rc = read_member_years(db, lo, hi, p, arena, out, err)) ||
        (rc = read_ex_acks(db, lo, hi, arena, out, err)))
        return rc;
    return 0;
}

int dj_store_compliance_ack(struct dj_db *db, const struct dj_cmp_ack *a, const char *org_path,
                            int64_t *id, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "INSERT INTO compliance_acks (org_id, org_path, rule_id, period, "
                           "subject, explanation, acked_by, acked_at) "
                           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                           &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, a->org_id);
    dj_stmt_bind_text(st, 2, org_path);
    dj_stmt_bind_text(st, 3, a->rule_id);
    dj_stmt_bind_text(st, 4, a->period);
    dj_stmt_bind_text(st, 5, a->subject ? a->subject : "");
    dj_stmt_bind_text(st, 6, a->explanation);
    dj_stmt_bind_text(st, 7, a->acked_by);
    dj_stmt_bind_text(st, 8, a->acked_at);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        *id = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    if (rc == DJ_ECONFLICT)
        return dj_err_set(err, DJ_ECONFLICT, "period", "该问题已说明，说明不可修改或删除");
    return rc < 0 ? rc : 0;
}

int dj_store_compliance_exempt(struct dj_db *db, int64_t org_id, const char *org_path,
                               const struct dj_cmp_exemption *e, const char *by, const char *now,
                               int64_t *id, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "INSERT INTO compliance_exemptions (org_id, org_path, rule_id, "
                           "start_on, end_on, reason, approver, created_by, created_at) "
                           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                           &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, org_id);
    dj_stmt_bind_text(st, 2, org_path);
    dj_stmt_bind_text(st, 3, e->rule_id);
    dj_stmt_bind_text(st, 4, e->start_on);
    dj_stmt_bind_text(st, 5, e->end_on);
    dj_stmt_bind_text(st, 6, e->reason);
    dj_stmt_bind_text(st, 7, e->approver);
    dj_stmt_bind_text(st, 8, by);
    dj_stmt_bind_text(st, 9, now);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        *id = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_compliance_months(struct dj_db *db, const struct dj_cmp_params *p, const char *kind,
                               const struct dj_cmp_input *in, struct dj_arena *arena,
                               struct dj_cmp_month **out, int *n, struct dj_err *err)
{
    char lo[DJ_PATH_MAX], hi[DJ_PATH_MAX];
    struct dj_stmt *st;
    int rc, cap = 0;

    *out = NULL;
    *n = 0;
    dj_path_range(p->path, lo, hi, sizeof(lo));
    rc = prep(db,
              "SELECT org_path, year, " MONTHS " FROM life_counts "
              "WHERE org_path >= $1 AND org_path < $2 AND kind = $6 AND year BETWEEN $3 AND $4 "
              "ORDER BY org_path, year",
              lo, hi, &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 3, p->lo_ym / 12);
    dj_stmt_bind_int64(st, 4, p->hi_ym / 12);
    dj_stmt_bind_int64(st, 5, p->count_submitted ? 1 : 0);
    dj_stmt_bind_text(st, 6, kind);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        int i = dj_cmp_org_find(in, dj_stmt_text(st, 0));
        int year = (int)dj_stmt_int64(st, 1);
        if (i < 0)
            continue;
        for (int m = 0; m < 12; m++) {
            struct dj_cmp_month *x;
            int64_t c = dj_stmt_int64(st, 2 + m);
            if (c <= 0 || year * 12 + m < p->lo_ym || year * 12 + m > p->hi_ym)
                continue;
            *out = grow(arena, *out, *n, &cap, sizeof(*x));
            x = &(*out)[(*n)++];
            x->org = i;
            x->ym = year * 12 + m;
            x->n = c;
        }
    }
    return rc < 0 ? rc : 0;
}

int dj_store_compliance_gen(struct dj_db *db, char *buf, size_t size, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, "SELECT salt || ':' || gen FROM compliance_gen WHERE id = 1", &st,
                           err);

    if (rc)
        return rc;
    *buf = '\0';
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        dj_strlcpy(buf, dj_stmt_text(st, 0) ? dj_stmt_text(st, 0) : "", size);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}
