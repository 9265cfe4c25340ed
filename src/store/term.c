/*
 * term.c - SQL for terms of office and elections (see term.h).
 */
#include "base/compat.h"
#include "store/scoped.h"
#include "store/term.h"

#define TERM_COLS                                                                                  \
    "t.id, t.org_id, t.seq, t.elected_on, t.term_years, t.term_rule, t.expires_on, "               \
    "t.extended_until, t.extension_approved_on, t.extension_org_id, t.extension_approver, "        \
    "t.extension_doc, t.extension_reason, t.reminder_sent_on, t.reminder_note, "                   \
    "t.request_received_on, t.request_doc, t.report_received_on, t.expected_voters, "              \
    "t.present_voters, t.seats, t.candidates, t.note, t.created_at, t.updated_at"
#define TERM_NCOLS 25

/* Text of a column: copied into arena, or (arena NULL) pointing into the row. */
static const char *txt(struct dj_stmt *st, int col, struct dj_arena *arena)
{
    const char *s = dj_stmt_text(st, col);
    return s && arena ? dj_arena_strdup(arena, s) : s;
}

static int col_date(struct dj_stmt *st, int col, struct dj_date *out)
{
    const char *s = dj_stmt_text(st, col);

    memset(out, 0, sizeof(*out));
    if (!s || !*s)
        return 0;
    return dj_date_parse(s, out, NULL, NULL) ? DJ_EDB : 0;
}

static int64_t col_int(struct dj_stmt *st, int col)
{
    return dj_stmt_is_null(st, col) ? 0 : dj_stmt_int64(st, col);
}

static int read_term(struct dj_stmt *st, int c, struct dj_arena *arena, struct dj_term *t,
                     struct dj_err *err)
{
    int rc = 0;

    memset(t, 0, sizeof(*t));
    t->id = col_int(st, c + 0);
    t->org_id = col_int(st, c + 1);
    t->seq = col_int(st, c + 2);
    rc |= col_date(st, c + 3, &t->elected_on);
    t->term_years = col_int(st, c + 4);
    t->term_rule = txt(st, c + 5, arena);
    rc |= col_date(st, c + 6, &t->expires_on);
    rc |= col_date(st, c + 7, &t->extended_until);
    rc |= col_date(st, c + 8, &t->extension_approved_on);
    t->extension_org_id = col_int(st, c + 9);
    t->extension_approver = txt(st, c + 10, arena);
    t->extension_doc = txt(st, c + 11, arena);
    t->extension_reason = txt(st, c + 12, arena);
    rc |= col_date(st, c + 13, &t->reminder_sent_on);
    t->reminder_note = txt(st, c + 14, arena);
    rc |= col_date(st, c + 15, &t->request_received_on);
    t->request_doc = txt(st, c + 16, arena);
    rc |= col_date(st, c + 17, &t->report_received_on);
    t->expected_voters = col_int(st, c + 18);
    t->present_voters = col_int(st, c + 19);
    t->seats = col_int(st, c + 20);
    t->candidates = col_int(st, c + 21);
    t->note = txt(st, c + 22, arena);
    t->created_at = txt(st, c + 23, arena);
    t->updated_at = txt(st, c + 24, arena);
    if (rc)
        return dj_err_set(err, DJ_EDB, NULL, "数据库中的换届记录无法读取");
    return 0;
}

static void bind_date(struct dj_stmt *st, int idx, struct dj_date d)
{
    char b[11];
    if (dj_date_isset(d))
        dj_stmt_bind_text(st, idx, dj_date_format(d, b));
    else
        dj_stmt_bind_null(st, idx);
}

static void bind_pos(struct dj_stmt *st, int idx, int64_t v)
{
    if (v > 0)
        dj_stmt_bind_int64(st, idx, v);
    else
        dj_stmt_bind_null(st, idx);
}

int dj_store_term_get(struct dj_db *db, int64_t id, struct dj_arena *arena, struct dj_term *out,
                      struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, "SELECT " TERM_COLS " FROM org_terms t WHERE t.id = $1", &st, err);

    memset(out, 0, sizeof(*out));
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        rc = read_term(st, 0, arena, out, err);
    else if (rc == DJ_DONE)
        rc = dj_err_set(err, DJ_ENOTFOUND, NULL, "换届记录不存在");
    dj_stmt_reset(st);
    return rc;
}

int dj_store_terms_list(struct dj_db *db, int64_t org_id, struct dj_arena *arena,
                        struct dj_term **out, int *n, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc, cap = 0;

    *out = NULL;
    *n = 0;
    rc = dj_db_prepare(db,
                       "SELECT " TERM_COLS " FROM org_terms t WHERE t.org_id = $1 "
                       "ORDER BY t.seq DESC",
                       &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, org_id);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        if (*n == cap) {
            int ncap = cap ? cap * 2 : 8;
            struct dj_term *g = dj_arena_alloc(arena, sizeof(*g) * (size_t)ncap);
            if (*n)
                memcpy(g, *out, sizeof(*g) * (size_t)*n);
            *out = g;
            cap = ncap;
        }
        rc = read_term(st, 0, arena, &(*out)[*n], err);
        if (rc)
            break;
        (*n)++;
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_term_conflicts(struct dj_db *db, int64_t org_id, int64_t seq,
                            struct dj_date elected_on, int64_t *n, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT COUNT(*) FROM org_terms WHERE org_id = $1 AND (seq = $2 OR "
                           "(seq < $2 AND elected_on >= $3) OR (seq > $2 AND elected_on <= $3))",
                           &st, err);

    *n = 0;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, org_id);
    dj_stmt_bind_int64(st, 2, seq);
    bind_date(st, 3, elected_on);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        *n = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_term_max_seq(struct dj_db *db, int64_t org_id, int64_t *seq, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, "SELECT COALESCE(MAX(seq), 0) FROM org_terms WHERE org_id = $1", &st,
                           err);

    *seq = 0;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, org_id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        *seq = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_term_insert(struct dj_db *db, struct dj_term *t, const char *now, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(
        db,
        "INSERT INTO org_terms (org_id, seq, elected_on, term_years, term_rule, expires_on, "
        "expected_voters, present_voters, seats, candidates, note, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
        &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, t->org_id);
    dj_stmt_bind_int64(st, 2, t->seq);
    bind_date(st, 3, t->elected_on);
    dj_stmt_bind_int64(st, 4, t->term_years);
    dj_stmt_bind_text(st, 5, t->term_rule);
    bind_date(st, 6, t->expires_on);
    bind_pos(st, 7, t->expected_voters);
    bind_pos(st, 8, t->present_voters);
    bind_pos(st, 9, t->seats);
    bind_pos(st, 10, t->candidates);
    dj_stmt_bind_text(st, 11, t->note && *t->note ? t->note : NULL);
    dj_stmt_bind_text(st, 12, now);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        t->id = dj_stmt_int64(st, 0);
        rc = 0;
    } else if (rc == DJ_DONE) {
        rc = dj_err_set(err, DJ_EDB, NULL, "换届记录未能写入");
    }
    dj_stmt_reset(st);
    return rc;
}

int dj_store_term_set_extension(struct dj_db *db, const struct dj_term *t, const char *now,
                                struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "UPDATE org_terms SET extended_until = $2, extension_approved_on = $3, "
                           "extension_org_id = $4, extension_approver = $5, extension_doc = $6, "
                           "extension_reason = $7, updated_at = $8 WHERE id = $1",
                           &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, t->id);
    bind_date(st, 2, t->extended_until);
    bind_date(st, 3, t->extension_approved_on);
    bind_pos(st, 4, t->extension_org_id);
    dj_stmt_bind_text(st, 5, t->extension_approver);
    dj_stmt_bind_text(st, 6, t->extension_doc);
    dj_stmt_bind_text(st, 7, t->extension_reason);
    dj_stmt_bind_text(st, 8, now);
    rc = dj_stmt_step(st, err);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_term_set_notices(struct dj_db *db, const struct dj_term *t, const char *now,
                              struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "UPDATE org_terms SET reminder_sent_on = $2, reminder_note = $3, "
                           "request_received_on = $4, request_doc = $5, report_received_on = $6, "
                           "updated_at = $7 WHERE id = $1",
                           &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, t->id);
    bind_date(st, 2, t->reminder_sent_on);
    dj_stmt_bind_text(st, 3, t->reminder_note);
    bind_date(st, 4, t->request_received_on);
    dj_stmt_bind_text(st, 5, t->request_doc);
    bind_date(st, 6, t->report_received_on);
    dj_stmt_bind_text(st, 7, now);
    rc = dj_stmt_step(st, err);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_term_cand_insert(struct dj_db *db, struct dj_term_cand *c, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "INSERT INTO term_candidates (term_id, member_id, person_name, post, "
                           "yes_votes, elected, post_id) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                           "RETURNING id",
                           &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, c->term_id);
    bind_pos(st, 2, c->member_id);
    dj_stmt_bind_text(st, 3, c->person_name);
    dj_stmt_bind_text(st, 4, c->post);
    dj_stmt_bind_int64(st, 5, c->yes_votes);
    dj_stmt_bind_int64(st, 6, c->elected ? 1 : 0);
    bind_pos(st, 7, c->post_id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        c->id = dj_stmt_int64(st, 0);
        rc = 0;
    } else if (rc == DJ_DONE) {
        rc = dj_err_set(err, DJ_EDB, NULL, "候选人记录未能写入");
    }
    dj_stmt_reset(st);
    return rc;
}

int dj_store_term_cands(struct dj_db *db, int64_t term_id, struct dj_arena *arena,
                        struct dj_term_cand **out, int *n, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc, cap = 0;

    *out = NULL;
    *n = 0;
    rc = dj_db_prepare(db,
                       "SELECT id, term_id, member_id, person_name, post, yes_votes, elected, "
                       "post_id FROM term_candidates WHERE term_id = $1 ORDER BY id",
                       &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, term_id);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_term_cand *c;
        if (*n == cap) {
            int ncap = cap ? cap * 2 : 8;
            struct dj_term_cand *g = dj_arena_alloc(arena, sizeof(*g) * (size_t)ncap);
            if (*n)
                memcpy(g, *out, sizeof(*g) * (size_t)*n);
            *out = g;
            cap = ncap;
        }
        c = &(*out)[(*n)++];
        c->id = dj_stmt_int64(st, 0);
        c->term_id = dj_stmt_int64(st, 1);
        c->member_id = col_int(st, 2);
        c->person_name = txt(st, 3, arena);
        c->post = txt(st, 4, arena);
        c->yes_votes = dj_stmt_int64(st, 5);
        c->elected = dj_stmt_int64(st, 6) != 0;
        c->post_id = col_int(st, 7);
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

/* The kinds that are elected (rules/term_rules.c dj_term_kind_elected has the same list). */
#define SCAN_SQL                                                                                   \
    "SELECT o.id, o.parent_id, o.path, o.name, o.kind, o.domain, " TERM_COLS                       \
    " FROM orgs o LEFT JOIN org_terms t ON t.org_id = o.id AND t.seq = "                           \
    "(SELECT MAX(seq) FROM org_terms WHERE org_id = o.id) "                                        \
    "WHERE o.status = 'active' AND o.kind IN ('committee', 'community_committee', "                \
    "'general_branch', 'branch', 'joint_branch', 'temp_branch', 'grid_branch') "                   \
    "AND o.path >= $1 AND o.path < $2 AND "                                                        \
    "((o.path >= $3 AND o.path < $4) OR (o.path >= $5 AND o.path < $6) OR "                        \
    "(o.path >= $7 AND o.path < $8) OR (o.path >= $9 AND o.path < $10)) ORDER BY o.path"

int dj_store_term_scan(struct dj_db *db, const struct dj_scope *scope, const char *path,
                       int (*fn)(void *ctx, const struct dj_term_org *o), void *ctx,
                       struct dj_err *err)
{
    char lo[DJ_PATH_MAX], hi[DJ_PATH_MAX];
    struct dj_stmt *st;
    int stop = 0, rc = dj_db_prepare(db, SCAN_SQL, &st, err);

    if (rc)
        return rc;
    dj_path_range(path && *path ? path : "/", lo, hi, sizeof(lo));
    dj_stmt_bind_text(st, 1, lo);
    dj_stmt_bind_text(st, 2, hi);
    dj_store_bind_scope(st, 3, scope);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_term_org o = {0};
        o.org_id = dj_stmt_int64(st, 0);
        o.parent_id = col_int(st, 1);
        o.path = dj_stmt_text(st, 2);
        o.name = dj_stmt_text(st, 3);
        o.kind = dj_stmt_text(st, 4);
        o.domain = dj_stmt_text(st, 5);
        o.has_term = !dj_stmt_is_null(st, 6);
        if (o.has_term && read_term(st, 6, NULL, &o.term, err)) {
            rc = DJ_EDB;
            break;
        }
        stop = fn(ctx, &o);
        if (stop)
            break;
    }
    dj_stmt_reset(st);
    if (stop)
        return stop;
    return rc < 0 ? rc : 0;
}
