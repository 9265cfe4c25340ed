/* transfer.c - SQL of transfers, flows, contacts and 失联排查 (see transfer.h). */
#include "base/compat.h"
#include "store/transfer.h"

#include "store/scoped.h"

#define SCOPE_OF(col, k)                                                                           \
    "((" col " >= $" #k "0 AND " col " < $" #k "1) OR (" col " >= $" #k "2 AND " col " < $" #k     \
    "3) OR (" col " >= $" #k "4 AND " col " < $" #k "5) OR (" col " >= $" #k "6 AND " col          \
    " < $" #k "7))"

static const char *dup(struct dj_arena *a, struct dj_stmt *st, int col)
{
    const char *s = dj_stmt_text(st, col);
    return s ? dj_arena_strdup(a, s) : NULL;
}

static struct dj_date date_col(struct dj_stmt *st, int col)
{
    struct dj_date d = {0, 0, 0};
    const char *s = dj_stmt_text(st, col);
    if (s && dj_date_parse(s, &d, NULL, NULL))
        d = (struct dj_date){0, 0, 0};
    return d;
}

static void bind_date(struct dj_stmt *st, int idx, struct dj_date d)
{
    char buf[11];
    if (dj_date_isset(d))
        dj_stmt_bind_text(st, idx, dj_date_format(d, buf));
    else
        dj_stmt_bind_null(st, idx);
}

static void bind_id(struct dj_stmt *st, int idx, int64_t id)
{
    if (id > 0)
        dj_stmt_bind_int64(st, idx, id);
    else
        dj_stmt_bind_null(st, idx);
}

/* Run a statement that returns no row; reset it. */
static int run(struct dj_stmt *st, struct dj_err *err)
{
    int rc = dj_stmt_step(st, err);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

static int last_id(struct dj_db *db, int64_t *id, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, "SELECT last_insert_rowid()", &st, err);

    if (rc)
        return rc;
    rc = dj_stmt_step(st, err);
    *id = rc == DJ_ROW ? dj_stmt_int64(st, 0) : 0;
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

/* Grow an arena array by one element of size sz. */
static void *push(struct dj_arena *a, void **arr, int *n, int *cap, size_t sz)
{
    if (*n == *cap) {
        int ncap = *cap ? *cap * 2 : 16;
        void *grown = dj_arena_zalloc(a, sz * (size_t)ncap);
        if (*n)
            memcpy(grown, *arr, sz * (size_t)*n);
        *arr = grown;
        *cap = ncap;
    }
    return (char *)*arr + sz * (size_t)(*n)++;
}

/* ---- transfers ------------------------------------------------------------ */

#define T_COLS                                                                                     \
    "t.id, t.kind, t.category, t.state, t.member_id, t.member_name, t.gender, t.id_enc, "          \
    "t.member_category, t.joined_on, t.confirmed_on, t.from_org_id, t.from_path, t.from_name, "    \
    "t.approver_org_id, t.approver_path, a.name, t.to_org_id, t.to_path, t.to_name, t.reason, "    \
    "t.requested_on, t.approved_on, t.issued_on, t.letter_no, t.valid_until, t.dues_paid_to, "     \
    "t.received_on, t.receipt_on, t.closed_on, t.close_reason, t.postpone_months, "                \
    "t.probation_end, t.created_by, t.created_at, t.updated_at"
#define T_FROM " FROM transfers t LEFT JOIN orgs a ON a.id = t.approver_org_id"

static void read_transfer(struct dj_stmt *st, struct dj_arena *a, struct dj_transfer *t)
{
    int c = 0;

    memset(t, 0, sizeof(*t));
    t->id = dj_stmt_int64(st, c++);
    t->kind = dup(a, st, c++);
    t->category = dup(a, st, c++);
    t->state = dup(a, st, c++);
    t->member_id = dj_stmt_int64(st, c++);
    t->member_name = dup(a, st, c++);
    t->gender = dup(a, st, c++);
    t->id_enc = dup(a, st, c++);
    t->member_category = dup(a, st, c++);
    t->joined_on = date_col(st, c++);
    t->confirmed_on = date_col(st, c++);
    t->from_org_id = dj_stmt_int64(st, c++);
    t->from_path = dup(a, st, c++);
    t->from_name = dup(a, st, c++);
    t->approver_org_id = dj_stmt_int64(st, c++);
    t->approver_path = dup(a, st, c++);
    t->approver_name = dup(a, st, c++);
    t->to_org_id = dj_stmt_int64(st, c++);
    t->to_path = dup(a, st, c++);
    t->to_name = dup(a, st, c++);
    t->reason = dup(a, st, c++);
    t->requested_on = date_col(st, c++);
    t->approved_on = date_col(st, c++);
    t->issued_on = date_col(st, c++);
    t->letter_no = dup(a, st, c++);
    t->valid_until = date_col(st, c++);
    t->dues_paid_to = dup(a, st, c++);
    t->received_on = date_col(st, c++);
    t->receipt_on = date_col(st, c++);
    t->closed_on = date_col(st, c++);
    t->close_reason = dup(a, st, c++);
    t->postpone_months = (int)dj_stmt_int64(st, c++);
    t->probation_end = date_col(st, c++);
    t->created_by = dj_stmt_int64(st, c++);
    t->created_at = dup(a, st, c++);
    t->updated_at = dup(a, st, c++);
}

int dj_store_transfer_insert(struct dj_db *db, const struct dj_transfer *t, const char *now,
                             int64_t *id, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(
        db,
        "INSERT INTO transfers (kind, category, state, member_id, member_name, gender, id_enc, "
        "member_category, joined_on, confirmed_on, from_org_id, from_path, from_name, "
        "approver_org_id, approver_path, to_org_id, to_path, to_name, reason, requested_on, "
        "issued_on, letter_no, valid_until, dues_paid_to, created_by, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
        "$19, $20, $21, $22, $23, $24, $25, $26, $26)",
        &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, t->kind);
    dj_stmt_bind_text(st, 2, t->category);
    dj_stmt_bind_text(st, 3, t->state);
    bind_id(st, 4, t->member_id);
    dj_stmt_bind_text(st, 5, t->member_name);
    dj_stmt_bind_text(st, 6, t->gender);
    dj_stmt_bind_text(st, 7, t->id_enc);
    dj_stmt_bind_text(st, 8, t->member_category);
    bind_date(st, 9, t->joined_on);
    bind_date(st, 10, t->confirmed_on);
    bind_id(st, 11, t->from_org_id);
    dj_stmt_bind_text(st, 12, t->from_path);
    dj_stmt_bind_text(st, 13, t->from_name);
    bind_id(st, 14, t->approver_org_id);
    dj_stmt_bind_text(st, 15, t->approver_path);
    bind_id(st, 16, t->to_org_id);
    dj_stmt_bind_text(st, 17, t->to_path);
    dj_stmt_bind_text(st, 18, t->to_name);
    dj_stmt_bind_text(st, 19, t->reason);
    bind_date(st, 20, t->requested_on);
    bind_date(st, 21, t->issued_on);
    dj_stmt_bind_text(st, 22, t->letter_no);
    bind_date(st, 23, t->valid_until);
    dj_stmt_bind_text(st, 24, t->dues_paid_to);
    bind_id(st, 25, t->created_by);
    dj_stmt_bind_text(st, 26, now);
    if ((rc = run(st, err)))
        return rc;
    return last_id(db, id, err);
}

int dj_store_transfer_update(struct dj_db *db, const struct dj_transfer *t, const char *now,
                             struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(
        db,
        "UPDATE transfers SET state = $1, member_id = $2, approved_on = $3, issued_on = $4, "
        "letter_no = $5, valid_until = $6, dues_paid_to = $7, received_on = $8, receipt_on = $9, "
        "closed_on = $10, close_reason = $11, postpone_months = $12, probation_end = $13, "
        "updated_at = $14 WHERE id = $15",
        &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, t->state);
    bind_id(st, 2, t->member_id);
    bind_date(st, 3, t->approved_on);
    bind_date(st, 4, t->issued_on);
    dj_stmt_bind_text(st, 5, t->letter_no);
    bind_date(st, 6, t->valid_until);
    dj_stmt_bind_text(st, 7, t->dues_paid_to);
    bind_date(st, 8, t->received_on);
    bind_date(st, 9, t->receipt_on);
    bind_date(st, 10, t->closed_on);
    dj_stmt_bind_text(st, 11, t->close_reason);
    dj_stmt_bind_int64(st, 12, t->postpone_months);
    bind_date(st, 13, t->probation_end);
    dj_stmt_bind_text(st, 14, now);
    dj_stmt_bind_int64(st, 15, t->id);
    return run(st, err);
}

int dj_store_transfer_get(struct dj_db *db, int64_t id, struct dj_arena *arena,
                          struct dj_transfer *out, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, "SELECT " T_COLS T_FROM " WHERE t.id = $1", &st, err);

    memset(out, 0, sizeof(*out));
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        read_transfer(st, arena, out);
    dj_stmt_reset(st);
    if (rc < 0)
        return rc;
    return rc == DJ_ROW ? 0 : dj_err_set(err, DJ_ENOTFOUND, NULL, "转接记录不存在");
}

int dj_store_transfer_list(struct dj_db *db, const struct dj_scope *scope,
                           const struct dj_transfer_filter *f, struct dj_arena *arena,
                           struct dj_transfer **rows, int *n, struct dj_err *err)
{
    /* $10..$17: scope on the sending side, $20..$27 on the receiving side; $1 box, $2 state,
     * $3/$4 subtree range, $5 member */
    static const char sql[] =
        "SELECT " T_COLS T_FROM " WHERE "
        "(($1 IN ('out', 'all') AND (" SCOPE_OF("t.from_path", 1) " OR " SCOPE_OF(
            "t.approver_path",
            1) ") AND ($3 IS NULL OR (t.from_path >= $3 AND t.from_path < $4) "
               "OR (t.approver_path >= $3 AND t.approver_path < $4))) OR "
               " ($1 IN ('in', 'all') AND " SCOPE_OF(
                   "t.to_path",
                   2) " AND ($3 IS NULL OR (t.to_path >= "
                      "$3 AND t.to_path < $4)))) "
                      "AND ($2 IS NULL OR t.state = $2 OR ($2 = 'open' AND t.state IN "
                      "('requested', "
                      "'approved', 'issued', 'received'))) AND ($5 = 0 OR t.member_id = $5) "
                      "ORDER BY t.id DESC LIMIT $6";
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err), cap = 0;
    char lo[DJ_PATH_MAX], hi[DJ_PATH_MAX];

    *rows = NULL;
    *n = 0;
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, f->box ? f->box : "all");
    dj_stmt_bind_text(st, 2, f->state);
    if (f->org_path) {
        dj_path_range(f->org_path, lo, hi, sizeof(lo));
        dj_stmt_bind_text(st, 3, lo);
        dj_stmt_bind_text(st, 4, hi);
    } else {
        dj_stmt_bind_null(st, 3);
        dj_stmt_bind_null(st, 4);
    }
    dj_stmt_bind_int64(st, 5, f->member_id);
    dj_stmt_bind_int64(st, 6, f->limit > 0 ? f->limit : 200);
    dj_store_bind_scope(st, 10, scope);
    dj_store_bind_scope(st, 20, scope);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW)
        read_transfer(st, arena, push(arena, (void **)rows, n, &cap, sizeof(**rows)));
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_transfer_letters_in_year(struct dj_db *db, int64_t approver_org_id, int year,
                                      int64_t *count, struct dj_err *err)
{
    struct dj_stmt *st;
    char y[8];
    int rc = dj_db_prepare(db,
                           "SELECT COUNT(*) FROM transfers WHERE approver_org_id = $1 AND "
                           "letter_no IS NOT NULL AND substr(issued_on, 1, 4) = $2",
                           &st, err);

    *count = 0;
    if (rc)
        return rc;
    snprintf(y, sizeof(y), "%04d", year);
    dj_stmt_bind_int64(st, 1, approver_org_id);
    dj_stmt_bind_text(st, 2, y);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        *count = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

static void read_xorg(struct dj_stmt *st, struct dj_xorg *o)
{
    memset(o, 0, sizeof(*o));
    o->id = dj_stmt_int64(st, 0);
    dj_strlcpy(o->path, dj_stmt_text(st, 1) ? dj_stmt_text(st, 1) : "", sizeof(o->path));
    dj_strlcpy(o->name, dj_stmt_text(st, 2) ? dj_stmt_text(st, 2) : "", sizeof(o->name));
    dj_strlcpy(o->kind, dj_stmt_text(st, 3) ? dj_stmt_text(st, 3) : "", sizeof(o->kind));
    dj_strlcpy(o->status, dj_stmt_text(st, 4) ? dj_stmt_text(st, 4) : "", sizeof(o->status));
    o->can_approve = dj_stmt_int64(st, 5) != 0;
}

int dj_store_xorg(struct dj_db *db, int64_t id, struct dj_xorg *out, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(
        db, "SELECT id, path, name, kind, status, can_approve FROM orgs WHERE id = $1", &st, err);

    memset(out, 0, sizeof(*out));
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        read_xorg(st, out);
    dj_stmt_reset(st);
    if (rc < 0)
        return rc;
    return rc == DJ_ROW ? 0 : dj_err_set(err, DJ_ENOTFOUND, NULL, "组织不存在");
}

int dj_store_transfer_approver(struct dj_db *db, const char *path, struct dj_xorg *out,
                               struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(
        db,
        "SELECT id, path, name, kind, status, can_approve FROM orgs "
        "WHERE substr($1, 1, length(path)) = path "
        "ORDER BY can_approve DESC, kind IN ('committee', 'community_committee') DESC, "
        "length(path) DESC LIMIT 1",
        &st, err);

    memset(out, 0, sizeof(*out));
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, path);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        read_xorg(st, out);
    dj_stmt_reset(st);
    if (rc < 0)
        return rc;
    return rc == DJ_ROW ? 0 : dj_err_set(err, DJ_ENOTFOUND, NULL, "组织不存在");
}

int dj_store_member_mark_added(struct dj_db *db, int64_t member_id, const char *add_kind,
                               struct dj_date on, const char *now, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(
        db, "UPDATE members SET add_kind = $1, added_on = $2, updated_at = $3 WHERE id = $4", &st,
        err);

    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, add_kind);
    bind_date(st, 2, on);
    dj_stmt_bind_text(st, 3, now);
    dj_stmt_bind_int64(st, 4, member_id);
    return run(st, err);
}

/* ---- flows --------------------------------------------------------------- */

#define F_COLS                                                                                     \
    "f.id, f.side, f.member_id, f.member_name, f.home_org_id, f.home_path, f.home_name, "          \
    "f.host_org_id, f.host_path, f.host_name, f.reason, f.destination, f.card_no, f.left_on, "     \
    "f.until_on, f.ended_on, f.end_reason, "                                                       \
    "(SELECT MAX(year) FROM flow_reviews r WHERE r.flow_id = f.id), f.created_at"

static void read_flow(struct dj_stmt *st, struct dj_arena *a, struct dj_flow *f)
{
    int c = 0;

    memset(f, 0, sizeof(*f));
    f->id = dj_stmt_int64(st, c++);
    f->side = dup(a, st, c++);
    f->member_id = dj_stmt_int64(st, c++);
    f->member_name = dup(a, st, c++);
    f->home_org_id = dj_stmt_int64(st, c++);
    f->home_path = dup(a, st, c++);
    f->home_name = dup(a, st, c++);
    f->host_org_id = dj_stmt_int64(st, c++);
    f->host_path = dup(a, st, c++);
    f->host_name = dup(a, st, c++);
    f->reason = dup(a, st, c++);
    f->destination = dup(a, st, c++);
    f->card_no = dup(a, st, c++);
    f->left_on = date_col(st, c++);
    f->until_on = date_col(st, c++);
    f->ended_on = date_col(st, c++);
    f->end_reason = dup(a, st, c++);
    f->last_review_year = (int)dj_stmt_int64(st, c++);
    f->created_at = dup(a, st, c++);
}

int dj_store_flow_insert(struct dj_db *db, const struct dj_flow *f, int64_t by, const char *now,
                         int64_t *id, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(
        db,
        "INSERT INTO flows (side, member_id, member_name, home_org_id, home_path, home_name, "
        "host_org_id, host_path, host_name, reason, destination, card_no, left_on, until_on, "
        "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
        "$11, $12, $13, $14, $15, $16, $16)",
        &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, f->side);
    bind_id(st, 2, f->member_id);
    dj_stmt_bind_text(st, 3, f->member_name);
    bind_id(st, 4, f->home_org_id);
    dj_stmt_bind_text(st, 5, f->home_path);
    dj_stmt_bind_text(st, 6, f->home_name);
    bind_id(st, 7, f->host_org_id);
    dj_stmt_bind_text(st, 8, f->host_path);
    dj_stmt_bind_text(st, 9, f->host_name);
    dj_stmt_bind_text(st, 10, f->reason);
    dj_stmt_bind_text(st, 11, f->destination);
    dj_stmt_bind_text(st, 12, f->card_no);
    bind_date(st, 13, f->left_on);
    bind_date(st, 14, f->until_on);
    bind_id(st, 15, by);
    dj_stmt_bind_text(st, 16, now);
    if ((rc = run(st, err)))
        return rc;
    return last_id(db, id, err);
}

int dj_store_flow_get(struct dj_db *db, int64_t id, struct dj_arena *arena, struct dj_flow *out,
                      struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, "SELECT " F_COLS " FROM flows f WHERE f.id = $1", &st, err);

    memset(out, 0, sizeof(*out));
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        read_flow(st, arena, out);
    dj_stmt_reset(st);
    if (rc < 0)
        return rc;
    return rc == DJ_ROW ? 0 : dj_err_set(err, DJ_ENOTFOUND, NULL, "流动党员登记不存在");
}

int dj_store_flow_end(struct dj_db *db, int64_t id, struct dj_date on, const char *reason,
                      const char *now, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(
        db, "UPDATE flows SET ended_on = $1, end_reason = $2, updated_at = $3 WHERE id = $4", &st,
        err);

    if (rc)
        return rc;
    bind_date(st, 1, on);
    dj_stmt_bind_text(st, 2, reason);
    dj_stmt_bind_text(st, 3, now);
    dj_stmt_bind_int64(st, 4, id);
    return run(st, err);
}

int dj_store_flow_active(struct dj_db *db, int64_t member_id, int64_t *id, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(
        db, "SELECT id FROM flows WHERE member_id = $1 AND ended_on IS NULL LIMIT 1", &st, err);

    *id = 0;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, member_id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        *id = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_flow_list(struct dj_db *db, const struct dj_scope *scope, const char *org_path,
                       bool all, struct dj_arena *arena, struct dj_flow **rows, int *n,
                       struct dj_err *err)
{
    static const char sql[] =
        "SELECT " F_COLS " FROM flows f WHERE ($1 = 1 OR f.ended_on IS NULL) AND ("
        "(" SCOPE_OF("f.home_path",
                     1) " AND ($2 IS NULL OR (f.home_path >= $2 AND f.home_path < "
                        "$3))) OR "
                        "(" SCOPE_OF("f.host_path",
                                     2) " AND ($2 IS NULL OR (f.host_path >= $2 AND f.host_path < "
                                        "$3)))) ORDER BY f.id DESC LIMIT 500";
    struct dj_stmt *st;
    char lo[DJ_PATH_MAX], hi[DJ_PATH_MAX];
    int rc = dj_db_prepare(db, sql, &st, err), cap = 0;

    *rows = NULL;
    *n = 0;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, all ? 1 : 0);
    if (org_path) {
        dj_path_range(org_path, lo, hi, sizeof(lo));
        dj_stmt_bind_text(st, 2, lo);
        dj_stmt_bind_text(st, 3, hi);
    } else {
        dj_stmt_bind_null(st, 2);
        dj_stmt_bind_null(st, 3);
    }
    dj_store_bind_scope(st, 10, scope);
    dj_store_bind_scope(st, 20, scope);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW)
        read_flow(st, arena, push(arena, (void **)rows, n, &cap, sizeof(**rows)));
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_flow_review(struct dj_db *db, int64_t flow_id, int year, struct dj_date on,
                         const char *result, const char *note, int64_t by, const char *now,
                         int64_t *id, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "INSERT INTO flow_reviews (flow_id, year, reviewed_on, result, note, "
                           "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                           "ON CONFLICT (flow_id, year) DO NOTHING",
                           &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, flow_id);
    dj_stmt_bind_int64(st, 2, year);
    bind_date(st, 3, on);
    dj_stmt_bind_text(st, 4, result);
    dj_stmt_bind_text(st, 5, note);
    bind_id(st, 6, by);
    dj_stmt_bind_text(st, 7, now);
    if ((rc = run(st, err)))
        return rc;
    if (dj_db_changes(db) == 0)
        return dj_err_set(err, DJ_ECONFLICT, "year", "该流动党员 %d 年度已年审", year);
    return last_id(db, id, err);
}

/* ---- notes --------------------------------------------------------------- */

int dj_store_contact_insert(struct dj_db *db, int64_t member_id, struct dj_date on,
                            const char *method, const char *note, int64_t by, const char *now,
                            int64_t *id, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "INSERT INTO member_contacts (member_id, contacted_on, method, note, "
                           "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                           &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, member_id);
    bind_date(st, 2, on);
    dj_stmt_bind_text(st, 3, method);
    dj_stmt_bind_text(st, 4, note);
    bind_id(st, 5, by);
    dj_stmt_bind_text(st, 6, now);
    if ((rc = run(st, err)))
        return rc;
    return last_id(db, id, err);
}

int dj_store_search_insert(struct dj_db *db, int64_t member_id, struct dj_date on,
                           const char *action, const char *evidence, bool found, int64_t by,
                           const char *now, int64_t *id, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "INSERT INTO lapse_searches (member_id, done_on, action, evidence, "
                           "found, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                           &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, member_id);
    bind_date(st, 2, on);
    dj_stmt_bind_text(st, 3, action);
    dj_stmt_bind_text(st, 4, evidence);
    dj_stmt_bind_int64(st, 5, found ? 1 : 0);
    bind_id(st, 6, by);
    dj_stmt_bind_text(st, 7, now);
    if ((rc = run(st, err)))
        return rc;
    return last_id(db, id, err);
}

int dj_store_ground_insert(struct dj_db *db, int64_t member_id, const char *ground,
                           struct dj_date since, bool good_reason, const char *note, int64_t by,
                           const char *now, int64_t *id, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "INSERT INTO lapse_grounds (member_id, ground, since_on, good_reason, "
                           "note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                           &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, member_id);
    dj_stmt_bind_text(st, 2, ground);
    bind_date(st, 3, since);
    dj_stmt_bind_int64(st, 4, good_reason ? 1 : 0);
    dj_stmt_bind_text(st, 5, note);
    bind_id(st, 6, by);
    dj_stmt_bind_text(st, 7, now);
    if ((rc = run(st, err)))
        return rc;
    return last_id(db, id, err);
}

int dj_store_ground_clear(struct dj_db *db, int64_t id, int64_t member_id, struct dj_date on,
                          struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "UPDATE lapse_grounds SET cleared_on = $1 WHERE id = $2 AND "
                           "member_id = $3 AND cleared_on IS NULL",
                           &st, err);

    if (rc)
        return rc;
    bind_date(st, 1, on);
    dj_stmt_bind_int64(st, 2, id);
    dj_stmt_bind_int64(st, 3, member_id);
    if ((rc = run(st, err)))
        return rc;
    return dj_db_changes(db) ? 0
                             : dj_err_set(err, DJ_ENOTFOUND, "ground_id", "该记录不存在或已解除");
}

int dj_store_decision_insert(struct dj_db *db, int64_t member_id, const char *decision,
                             struct dj_date on, const char *decider, const char *doc_no,
                             const char *reason, const char *leave_kind, int64_t by,
                             const char *now, int64_t *id, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(
        db,
        "INSERT INTO status_decisions (member_id, decision, decided_on, decider, doc_no, reason, "
        "leave_kind, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, member_id);
    dj_stmt_bind_text(st, 2, decision);
    bind_date(st, 3, on);
    dj_stmt_bind_text(st, 4, decider);
    dj_stmt_bind_text(st, 5, doc_no);
    dj_stmt_bind_text(st, 6, reason);
    dj_stmt_bind_text(st, 7, leave_kind);
    bind_id(st, 8, by);
    dj_stmt_bind_text(st, 9, now);
    if ((rc = run(st, err)))
        return rc;
    return last_id(db, id, err);
}

int dj_store_notes(struct dj_db *db, enum dj_note_kind kind, int64_t member_id,
                   struct dj_arena *arena, struct dj_member_note **rows, int *n, struct dj_err *err)
{
    static const char *const sql[] = {
        "SELECT id, member_id, contacted_on, method, note, NULL, NULL, created_at "
        "FROM member_contacts WHERE member_id = $1 ORDER BY contacted_on, id",
        "SELECT id, member_id, done_on, action, evidence, found, NULL, created_at "
        "FROM lapse_searches WHERE member_id = $1 ORDER BY done_on, id",
        "SELECT id, member_id, since_on, ground, note, good_reason, cleared_on, created_at "
        "FROM lapse_grounds WHERE member_id = $1 ORDER BY since_on, id",
        "SELECT id, member_id, decided_on, decision, decider, doc_no, reason, created_at "
        "FROM status_decisions WHERE member_id = $1 ORDER BY decided_on, id",
    };
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql[kind], &st, err), cap = 0;

    *rows = NULL;
    *n = 0;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, member_id);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_member_note *r = push(arena, (void **)rows, n, &cap, sizeof(**rows));
        r->id = dj_stmt_int64(st, 0);
        r->member_id = dj_stmt_int64(st, 1);
        r->on = date_col(st, 2);
        r->what = dup(arena, st, 3);
        r->text = dup(arena, st, 4);
        r->extra =
            dj_stmt_is_null(st, 5) ? NULL : dj_arena_printf(arena, "%s", dj_stmt_text(st, 5));
        r->extra2 = dup(arena, st, 6);
        r->created_at = dup(arena, st, 7);
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_lapse_scan(struct dj_db *db, const struct dj_scope *scope, const char *org_path,
                        struct dj_arena *arena, struct dj_lapse_row **rows, int *n,
                        struct dj_err *err)
{
    static const char sql[] =
        "SELECT m.id, m.name, m.org_id, m.org_path, o.name, m.status, "
        "(SELECT MAX(s.on_date) FROM member_signals s WHERE s.member_id = m.id), "
        "substr(m.created_at, 1, 10), "
        "(SELECT COUNT(*) FROM lapse_searches l WHERE l.member_id = m.id) "
        "FROM members m JOIN orgs o ON o.id = m.org_id "
        "WHERE m.status IN ('normal', 'mobile', 'lost_contact') AND " SCOPE_OF(
            "m.org_path", 1) " AND ($1 IS NULL OR (m.org_path >= $1 AND m.org_path < $2)) ORDER BY "
                             "m.org_path, m.id";
    struct dj_stmt *st;
    char lo[DJ_PATH_MAX], hi[DJ_PATH_MAX];
    int rc = dj_db_prepare(db, sql, &st, err), cap = 0;

    *rows = NULL;
    *n = 0;
    if (rc)
        return rc;
    if (org_path) {
        dj_path_range(org_path, lo, hi, sizeof(lo));
        dj_stmt_bind_text(st, 1, lo);
        dj_stmt_bind_text(st, 2, hi);
    } else {
        dj_stmt_bind_null(st, 1);
        dj_stmt_bind_null(st, 2);
    }
    dj_store_bind_scope(st, 10, scope);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_lapse_row *r = push(arena, (void **)rows, n, &cap, sizeof(**rows));
        r->member_id = dj_stmt_int64(st, 0);
        r->name = dup(arena, st, 1);
        r->org_id = dj_stmt_int64(st, 2);
        r->org_path = dup(arena, st, 3);
        r->org_name = dup(arena, st, 4);
        r->status = dup(arena, st, 5);
        r->last_signal = date_col(st, 6);
        r->on_roll = date_col(st, 7);
        r->searches = (int)dj_stmt_int64(st, 8);
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_ground_open(struct dj_db *db, const struct dj_scope *scope, const char *org_path,
                         struct dj_arena *arena, struct dj_ground_row **rows, int *n,
                         struct dj_err *err)
{
    static const char sql[] =
        "SELECT g.id, g.member_id, m.name, m.org_path, o.name, g.ground, g.note, g.since_on "
        "FROM lapse_grounds g JOIN members m ON m.id = g.member_id JOIN orgs o ON o.id = m.org_id "
        "WHERE g.good_reason = 0 AND g.cleared_on IS NULL "
        "AND m.status IN ('normal', 'mobile', 'lost_contact', 'suspended') AND " SCOPE_OF(
            "m.org_path", 1) " AND ($1 IS NULL OR (m.org_path >= $1 AND m.org_path < $2)) "
                             "ORDER BY g.since_on, g.id";
    struct dj_stmt *st;
    char lo[DJ_PATH_MAX], hi[DJ_PATH_MAX];
    int rc = dj_db_prepare(db, sql, &st, err), cap = 0;

    *rows = NULL;
    *n = 0;
    if (rc)
        return rc;
    if (org_path) {
        dj_path_range(org_path, lo, hi, sizeof(lo));
        dj_stmt_bind_text(st, 1, lo);
        dj_stmt_bind_text(st, 2, hi);
    } else {
        dj_stmt_bind_null(st, 1);
        dj_stmt_bind_null(st, 2);
    }
    dj_store_bind_scope(st, 10, scope);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_ground_row *r = push(arena, (void **)rows, n, &cap, sizeof(**rows));
        r->id = dj_stmt_int64(st, 0);
        r->member_id = dj_stmt_int64(st, 1);
        r->name = dup(arena, st, 2);
        r->org_path = dup(arena, st, 3);
        r->org_name = dup(arena, st, 4);
        r->ground = dup(arena, st, 5);
        r->note = dup(arena, st, 6);
        r->since = date_col(st, 7);
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_transfer_targets(struct dj_db *db, const char *pattern, struct dj_stmt **out,
                              struct dj_err *err)
{
    int rc = dj_db_prepare(db,
                           "SELECT id, name FROM orgs WHERE status = 'active' AND kind IN "
                           "('branch', 'joint_branch', 'temp_branch', 'grid_branch') AND name "
                           "LIKE $1 ORDER BY length(name), id LIMIT 20",
                           out, err);
    if (rc)
        return rc;
    dj_stmt_bind_text(*out, 1, pattern);
    return 0;
}

int dj_store_flow_guest(struct dj_db *db, int64_t member_id, int64_t host_org_id, struct dj_date on,
                        bool *guest, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT 1 FROM flows WHERE member_id = $1 AND host_org_id = $2 AND "
                           "left_on <= $3 AND (ended_on IS NULL OR ended_on > $3) LIMIT 1",
                           &st, err);

    *guest = false;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, member_id);
    dj_stmt_bind_int64(st, 2, host_org_id);
    bind_date(st, 3, on);
    rc = dj_stmt_step(st, err);
    *guest = rc == DJ_ROW;
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

/* ---- demo data (svc/demo_transfer.c) -------------------------------------- */

int dj_store_transfer_demo_members(struct dj_db *db, int64_t org_id, int64_t except, int64_t *ids,
                                   int max, int *n, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT id FROM members WHERE org_id = $1 AND status = 'normal' "
                           "AND id <> $3 ORDER BY id LIMIT $2",
                           &st, err);

    *n = 0;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, org_id);
    dj_stmt_bind_int64(st, 2, max);
    dj_stmt_bind_int64(st, 3, except);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW && *n < max)
        ids[(*n)++] = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_transfer_demo_target(struct dj_db *db, const char *not_under, int64_t *id,
                                  struct dj_err *err)
{
    struct dj_stmt *st;
    char lo[DJ_PATH_MAX], hi[DJ_PATH_MAX];
    int rc = dj_db_prepare(db,
                           "SELECT id FROM orgs WHERE status = 'active' AND kind IN ('branch', "
                           "'grid_branch') AND NOT (path >= $1 AND path < $2) AND (SELECT COUNT(*) "
                           "FROM members m WHERE m.org_id = orgs.id) BETWEEN 10 AND 40 "
                           "ORDER BY id LIMIT 1",
                           &st, err);

    *id = 0;
    if (rc)
        return rc;
    dj_path_range(not_under, lo, hi, sizeof(lo));
    dj_stmt_bind_text(st, 1, lo);
    dj_stmt_bind_text(st, 2, hi);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        *id = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_transfer_demo_backdate(struct dj_db *db, int64_t member_id, struct dj_date on,
                                    struct dj_err *err)
{
    struct dj_stmt *st;
    char buf[32], d[11];
    int rc = dj_db_prepare(db, "UPDATE members SET created_at = $1 WHERE id = $2", &st, err);

    if (rc)
        return rc;
    snprintf(buf, sizeof(buf), "%sT00:00:00Z", dj_date_format(on, d));
    dj_stmt_bind_text(st, 1, buf);
    dj_stmt_bind_int64(st, 2, member_id);
    return run(st, err);
}
