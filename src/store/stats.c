/* stats.c (store) - subtree statistics; see stats.h for the strategy. */
#include "base/compat.h"
#include "store/stats.h"

#define COUNTED "status IN ('normal', 'mobile', 'lost_contact')"
/* Sentinels around every band: "" sorts before any date, and no date sorts after this one. */
#define LOWEST ""
#define HIGHEST "9999-12-31"

const char *const dj_stats_edu_codes[DJ_STATS_EDU_CODES] = {"11", "14", "21", "31", "41", "44",
                                                            "47", "61", "71", "81", "90"};

static const char sql_summary[] =
    "SELECT SUM(total), SUM(full_members), SUM(male), SUM(female), SUM(han), SUM(nation_unset), "
    "SUM(edu_11), SUM(edu_14), SUM(edu_21), SUM(edu_31), SUM(edu_41), SUM(edu_44), SUM(edu_47), "
    "SUM(edu_61), SUM(edu_71), SUM(edu_81), SUM(edu_90) "
    "FROM member_counts WHERE org_path >= $1 AND org_path < $2";

static const char sql_domains[] =
    "SELECT COALESCE(o.domain, ''), SUM(c.total) FROM member_counts c "
    "JOIN orgs o ON o.path = c.org_path "
    "WHERE c.org_path >= $1 AND c.org_path < $2 GROUP BY 1 ORDER BY 1";

static const char sql_kinds[] = "SELECT kind, COUNT(*) FROM orgs "
                                "WHERE path >= $1 AND path < $2 AND status = 'active' "
                                "GROUP BY kind ORDER BY kind";

/* 1 when some organisation lies outside [$1, $2). */
static const char sql_outside[] = "SELECT EXISTS (SELECT 1 FROM orgs WHERE path < $1) "
                                  "OR EXISTS (SELECT 1 FROM orgs WHERE path >= $2)";

/* Whole database: one range sum per band over the per-date count tables. */
/* Sums over the trigger-kept per-date tables (sql/0002): a few thousand rows, not every member. */
static const char sql_birth_slice[] = "SELECT COALESCE(SUM(n), 0) FROM member_birth_counts "
                                      "WHERE birth_date > $1 AND birth_date <= $2";
static const char sql_confirmed_slice[] = "SELECT COALESCE(SUM(n), 0) FROM member_confirmed_counts "
                                          "WHERE confirmed_on > $1 AND confirmed_on <= $2";
static const char sql_confirmed_unknown[] =
    "SELECT COALESCE(SUM(n), 0) FROM member_confirmed_counts WHERE confirmed_on = ''";

/*
 * A subtree: one scan of its members_path range. Cumulative counts (date
 * above each cut) cost one comparison each; the slices are their differences.
 * $3..$10 birth cuts, $11..$16 confirmed cuts.
 */
#define GT_BIRTH(n) "COUNT(*) FILTER (WHERE birth_date > $" #n "), "
#define GT_CONF(n) "COUNT(*) FILTER (WHERE category = 'full' AND confirmed_on > $" #n "), "
/* clang-format off */
static const char sql_scan[] =
    "SELECT "
    GT_BIRTH(3) GT_BIRTH(4) GT_BIRTH(5) GT_BIRTH(6) GT_BIRTH(7) GT_BIRTH(8) GT_BIRTH(9) GT_BIRTH(10)
    "COUNT(*) FILTER (WHERE birth_date > '" LOWEST "'), "
    GT_CONF(11) GT_CONF(12) GT_CONF(13) GT_CONF(14) GT_CONF(15) GT_CONF(16)
    "COUNT(*) FILTER (WHERE category = 'full' AND confirmed_on > '" LOWEST "'), "
    "COUNT(*) FILTER (WHERE category = 'full') "
    "FROM members WHERE org_path >= $1 AND org_path < $2 AND " COUNTED;
/* clang-format on */

static int bind_range(struct dj_stmt *st, const char *lo, const char *hi)
{
    int rc = dj_stmt_bind_text(st, 1, lo);
    return rc ? rc : dj_stmt_bind_text(st, 2, hi);
}

/* Run a statement that returns one row of integers into v[0..n-1]. */
static int one_row(struct dj_stmt *st, int64_t *v, int n, struct dj_err *err)
{
    int rc = dj_stmt_step(st, err);

    if (rc == DJ_ROW) {
        for (int i = 0; i < n; i++)
            v[i] = dj_stmt_int64(st, i);
        rc = 0;
    } else if (rc == DJ_DONE) {
        rc = dj_err_set(err, DJ_EDB, NULL, "数据库错误");
    }
    dj_stmt_reset(st);
    return rc;
}

static int read_summary(struct dj_db *db, const char *lo, const char *hi, struct dj_stats_raw *out,
                        struct dj_err *err)
{
    int64_t v[6 + DJ_STATS_EDU_CODES];
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql_summary, &st, err);

    if (!rc)
        rc = bind_range(st, lo, hi);
    if (!rc)
        rc = one_row(st, v, (int)DJ_ARRAY_LEN(v), err);
    if (rc)
        return rc;
    out->total = v[0];
    out->full = v[1];
    out->male = v[2];
    out->female = v[3];
    out->han = v[4];
    out->nation_unset = v[5];
    for (int i = 0; i < DJ_STATS_EDU_CODES; i++)
        out->edu[i] = v[6 + i];
    return 0;
}

/* Read (key, count) rows into an arena list. */
static int read_kv(struct dj_db *db, const char *sql, const char *lo, const char *hi,
                   struct dj_arena *arena, struct dj_stats_kv **list, int *n, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc, cap = 16;

    *n = 0;
    *list = dj_arena_zalloc(arena, sizeof(**list) * (size_t)cap);
    rc = dj_db_prepare(db, sql, &st, err);
    if (!rc)
        rc = bind_range(st, lo, hi);
    if (rc)
        return rc;
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        const char *key = dj_stmt_text(st, 0);
        if (*n == cap) {
            struct dj_stats_kv *grown = dj_arena_zalloc(arena, sizeof(*grown) * (size_t)cap * 2);
            memcpy(grown, *list, sizeof(*grown) * (size_t)cap);
            *list = grown;
            cap *= 2;
        }
        dj_strlcpy((*list)[*n].key, key ? key : "", sizeof((*list)[*n].key));
        (*list)[*n].n = dj_stmt_int64(st, 1);
        (*n)++;
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

/* Counts of the slices cut by `cuts` (descending), one range count each. */
static int slices(struct dj_db *db, const char *sql, const char (*cuts)[11], int ncuts,
                  int64_t *out, struct dj_err *err)
{
    for (int k = 0; k <= ncuts; k++) {
        const char *lower = k < ncuts ? cuts[k] : LOWEST;
        const char *upper = k > 0 ? cuts[k - 1] : HIGHEST;
        struct dj_stmt *st;
        int rc = dj_db_prepare(db, sql, &st, err);

        if (!rc)
            rc = bind_range(st, lower, upper);
        if (!rc)
            rc = one_row(st, &out[k], 1, err);
        if (rc)
            return rc;
    }
    return 0;
}

static int bands_whole(struct dj_db *db, const struct dj_stats_cuts *cuts, struct dj_stats_raw *out,
                       struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = slices(db, sql_birth_slice, cuts->birth, DJ_STATS_AGE_CUTS, out->age, err);

    if (!rc)
        rc = slices(db, sql_confirmed_slice, cuts->confirmed, DJ_STATS_PARTY_CUTS, out->party, err);
    if (!rc)
        rc = dj_db_prepare(db, sql_confirmed_unknown, &st, err);
    if (!rc)
        rc = one_row(st, &out->party_unknown, 1, err);
    return rc;
}

static int bands_scan(struct dj_db *db, const char *lo, const char *hi,
                      const struct dj_stats_cuts *cuts, struct dj_stats_raw *out,
                      struct dj_err *err)
{
    enum { NB = DJ_STATS_AGE_CUTS, NP = DJ_STATS_PARTY_CUTS };
    int64_t v[NB + 1 + NP + 2];
    const int64_t *gb = v, *gp = v + NB + 1;
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql_scan, &st, err);

    if (!rc)
        rc = bind_range(st, lo, hi);
    for (int i = 0; !rc && i < NB; i++)
        rc = dj_stmt_bind_text(st, 3 + i, cuts->birth[i]);
    for (int i = 0; !rc && i < NP; i++)
        rc = dj_stmt_bind_text(st, 3 + NB + i, cuts->confirmed[i]);
    if (!rc)
        rc = one_row(st, v, (int)DJ_ARRAY_LEN(v), err);
    if (rc)
        return rc;
    /* gb[k] = dates above cut k, gb[NB] = all dates; likewise gp, then the 正式党员 count */
    out->age[0] = gb[0];
    for (int k = 1; k <= NB; k++)
        out->age[k] = gb[k] - gb[k - 1];
    out->party[0] = gp[0];
    for (int k = 1; k <= NP; k++)
        out->party[k] = gp[k] - gp[k - 1];
    out->party_unknown = gp[NP + 1] - gp[NP];
    return 0;
}

int dj_store_stats(struct dj_db *db, const struct dj_scope *scope, const char *path,
                   const struct dj_stats_cuts *cuts, struct dj_arena *arena,
                   struct dj_stats_raw *out, struct dj_err *err)
{
    char lo[DJ_PATH_MAX], hi[DJ_PATH_MAX];
    struct dj_stmt *st;
    int64_t outside = 1;
    int rc;

    memset(out, 0, sizeof(*out));
    if (!path || !dj_scope_contains(scope, path))
        return dj_err_set(err, DJ_ENOTFOUND, NULL, "组织不存在");
    dj_path_range(path, lo, hi, sizeof(lo));
    rc = read_summary(db, lo, hi, out, err);
    if (!rc)
        rc = read_kv(db, sql_domains, lo, hi, arena, &out->domains, &out->ndomains, err);
    if (!rc)
        rc = read_kv(db, sql_kinds, lo, hi, arena, &out->kinds, &out->nkinds, err);
    for (int i = 0; !rc && i < out->nkinds; i++)
        out->orgs += out->kinds[i].n;
    if (!rc)
        rc = dj_db_prepare(db, sql_outside, &st, err);
    if (!rc)
        rc = bind_range(st, lo, hi);
    if (!rc)
        rc = one_row(st, &outside, 1, err);
    if (rc)
        return rc;
    out->whole_db = outside == 0;
    return out->whole_db ? bands_whole(db, cuts, out, err) : bands_scan(db, lo, hi, cuts, out, err);
}
