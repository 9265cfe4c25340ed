/*
 * dues.c - SQL for 党费 (see dues.h).
 */
#include "base/compat.h"
#include "store/dues.h"

#include "base/scope.h"

char *dj_dues_month_str(int idx, char *out)
{
    unsigned y = (unsigned)(idx / 12) % 10000u, m = (unsigned)(idx % 12) + 1u;

    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '\0';
    return out;
}

int dj_dues_month_parse(const char *s, int *idx)
{
    int y = 0, m = 0;

    *idx = 0;
    if (!s || strlen(s) != 7 || s[4] != '-')
        return DJ_EINVAL;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            return DJ_EINVAL;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    if (y < 1 || m < 1 || m > 12)
        return DJ_EINVAL;
    *idx = y * 12 + m - 1;
    return 0;
}

/* Grow an arena array of `size`-byte elements to hold n + 1. */
static void *grow(struct dj_arena *arena, void *arr, int n, int *cap, size_t size)
{
    void *next;

    if (n < *cap)
        return arr;
    *cap = *cap ? *cap * 2 : 64;
    next = dj_arena_alloc(arena, (size_t)*cap * size);
    if (arr && n)
        memcpy(next, arr, (size_t)n * size);
    return next;
}

static const char *col_text(struct dj_stmt *st, int col, struct dj_arena *arena)
{
    const char *s = dj_stmt_text(st, col);
    return s ? dj_arena_strdup(arena, s) : NULL;
}

static struct dj_date col_date(struct dj_stmt *st, int col)
{
    struct dj_date d = {0, 0, 0};
    const char *s = dj_stmt_text(st, col);
    if (s && *s && dj_date_parse(s, &d, NULL, NULL))
        memset(&d, 0, sizeof(d));
    return d;
}

static int col_month(struct dj_stmt *st, int col)
{
    int idx = 0;
    const char *s = dj_stmt_text(st, col);
    if (s)
        dj_dues_month_parse(s, &idx);
    return idx;
}

static int64_t col_int_or(struct dj_stmt *st, int col, int64_t def)
{
    return dj_stmt_is_null(st, col) ? def : dj_stmt_int64(st, col);
}

/* Bind the subtree range of `path` ($1, $2) and the member id ($3). */
static int bind_who(struct dj_stmt *st, const char *path, int64_t member_id)
{
    char lo[DJ_PATH_MAX + 2], hi[DJ_PATH_MAX + 2];

    if (path && *path) {
        dj_path_range(path, lo, hi, sizeof(lo));
    } else {
        snprintf(lo, sizeof(lo), "/");
        snprintf(hi, sizeof(hi), "0");
    }
    return dj_stmt_bind_text(st, 1, lo) || dj_stmt_bind_text(st, 2, hi) ||
                   dj_stmt_bind_int64(st, 3, member_id)
               ? DJ_EDB
               : 0;
}

#define WHO " m.org_path >= $1 AND m.org_path < $2 AND ($3 = 0 OR m.id = $3)"

static const char sql_members[] =
    "SELECT m.id, m.org_id, m.name, o.name, m.org_path, m.status, m.category, m.joined_on,"
    " m.status_on, a.start_month, a.stop_month, a.stop_reason, m.person_category, m.retired"
    " FROM members m JOIN orgs o ON o.id = m.org_id"
    " LEFT JOIN dues_accounts a ON a.member_id = m.id"
    " WHERE" WHO " ORDER BY m.org_path, m.id";

int dj_store_dues_members(struct dj_db *db, const char *path, int64_t member_id,
                          struct dj_arena *arena, struct dj_dues_member **rows, int *n,
                          struct dj_err *err)
{
    struct dj_stmt *st;
    int rc, cap = 0;

    *rows = NULL;
    *n = 0;
    if ((rc = dj_db_prepare(db, sql_members, &st, err)))
        return rc;
    bind_who(st, member_id > 0 ? NULL : path, member_id);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_dues_member *m;
        *rows = grow(arena, *rows, *n, &cap, sizeof(**rows));
        m = &(*rows)[(*n)++];
        memset(m, 0, sizeof(*m));
        m->id = dj_stmt_int64(st, 0);
        m->org_id = dj_stmt_int64(st, 1);
        m->name = col_text(st, 2, arena);
        m->org_name = col_text(st, 3, arena);
        m->org_path = col_text(st, 4, arena);
        m->status = col_text(st, 5, arena);
        m->category = col_text(st, 6, arena);
        m->joined_on = col_date(st, 7);
        m->status_on = col_date(st, 8);
        m->start_idx = col_month(st, 9);
        m->stop_idx = col_month(st, 10);
        m->stop_reason = col_text(st, 11, arena);
        m->person_category = col_text(st, 12, arena);
        m->retired = dj_stmt_int64(st, 13) != 0;
    }
    return rc < 0 ? rc : 0;
}

static const char sql_bases[] =
    "SELECT b.id, b.member_id, b.year, b.from_month, b.category, b.base_fen,"
    " b.quarter_income_fen, b.source, b.note, b.updated_at"
    " FROM dues_bases b JOIN members m ON m.id = b.member_id"
    " WHERE" WHO " AND b.year <= $4 ORDER BY b.member_id, b.year, b.from_month";

int dj_store_dues_bases(struct dj_db *db, const char *path, int64_t member_id, int max_year,
                        struct dj_arena *arena, struct dj_dues_base_row **rows, int *n,
                        struct dj_err *err)
{
    struct dj_stmt *st;
    int rc, cap = 0;

    *rows = NULL;
    *n = 0;
    if ((rc = dj_db_prepare(db, sql_bases, &st, err)))
        return rc;
    bind_who(st, member_id > 0 ? NULL : path, member_id);
    dj_stmt_bind_int64(st, 4, max_year);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_dues_base_row *b;
        *rows = grow(arena, *rows, *n, &cap, sizeof(**rows));
        b = &(*rows)[(*n)++];
        b->id = dj_stmt_int64(st, 0);
        b->member_id = dj_stmt_int64(st, 1);
        b->year = (int)dj_stmt_int64(st, 2);
        b->from_month = (int)dj_stmt_int64(st, 3);
        b->category = col_text(st, 4, arena);
        b->base_fen = col_int_or(st, 5, -1);
        b->quarter_income_fen = col_int_or(st, 6, -1);
        b->source = col_text(st, 7, arena);
        b->note = col_text(st, 8, arena);
        b->updated_at = col_text(st, 9, arena);
    }
    return rc < 0 ? rc : 0;
}

static const char sql_base_exists[] =
    "SELECT 1 FROM dues_bases WHERE member_id = $1 AND year = $2 AND from_month = $3";
static const char sql_base_put[] =
    "INSERT INTO dues_bases (member_id, year, from_month, category, base_fen, quarter_income_fen,"
    " source, note, created_by, created_at, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)"
    " ON CONFLICT (member_id, year, from_month) DO UPDATE SET category = excluded.category,"
    " base_fen = excluded.base_fen, quarter_income_fen = excluded.quarter_income_fen,"
    " source = excluded.source, note = excluded.note, updated_at = excluded.updated_at";

static void bind_opt_int(struct dj_stmt *st, int i, int64_t v)
{
    if (v < 0)
        dj_stmt_bind_null(st, i);
    else
        dj_stmt_bind_int64(st, i, v);
}

int dj_store_dues_base_put(struct dj_db *db, const struct dj_dues_base_row *b, int64_t user_id,
                           const char *now, bool *replaced, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc;

    if ((rc = dj_db_prepare(db, sql_base_exists, &st, err)))
        return rc;
    dj_stmt_bind_int64(st, 1, b->member_id);
    dj_stmt_bind_int64(st, 2, b->year);
    dj_stmt_bind_int64(st, 3, b->from_month);
    if ((rc = dj_stmt_step(st, err)) < 0)
        return rc;
    *replaced = rc == DJ_ROW;
    dj_stmt_reset(st);
    if ((rc = dj_db_prepare(db, sql_base_put, &st, err)))
        return rc;
    dj_stmt_bind_int64(st, 1, b->member_id);
    dj_stmt_bind_int64(st, 2, b->year);
    dj_stmt_bind_int64(st, 3, b->from_month);
    dj_stmt_bind_text(st, 4, b->category);
    bind_opt_int(st, 5, b->base_fen);
    bind_opt_int(st, 6, b->quarter_income_fen);
    dj_stmt_bind_text(st, 7, b->source ? b->source : "entered");
    dj_stmt_bind_text(st, 8, b->note);
    if (user_id > 0)
        dj_stmt_bind_int64(st, 9, user_id);
    else
        dj_stmt_bind_null(st, 9);
    dj_stmt_bind_text(st, 10, now);
    rc = dj_stmt_step(st, err);
    return rc < 0 ? rc : 0;
}

static const char sql_reliefs[] =
    "SELECT r.id, r.member_id, r.kind, r.from_month, r.to_month, r.monthly_fen,"
    " r.approval_org_id, r.approval_doc, r.approved_on, r.reason"
    " FROM dues_reliefs r JOIN members m ON m.id = r.member_id"
    " WHERE" WHO " ORDER BY r.member_id, r.from_month, r.id";

int dj_store_dues_reliefs(struct dj_db *db, const char *path, int64_t member_id,
                          struct dj_arena *arena, struct dj_dues_relief_row **rows, int *n,
                          struct dj_err *err)
{
    struct dj_stmt *st;
    int rc, cap = 0;

    *rows = NULL;
    *n = 0;
    if ((rc = dj_db_prepare(db, sql_reliefs, &st, err)))
        return rc;
    bind_who(st, member_id > 0 ? NULL : path, member_id);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_dues_relief_row *r;
        *rows = grow(arena, *rows, *n, &cap, sizeof(**rows));
        r = &(*rows)[(*n)++];
        r->id = dj_stmt_int64(st, 0);
        r->member_id = dj_stmt_int64(st, 1);
        r->kind = col_text(st, 2, arena);
        r->from_idx = col_month(st, 3);
        r->to_idx = col_month(st, 4);
        r->monthly_fen = col_int_or(st, 5, -1);
        r->approval_org_id = col_int_or(st, 6, 0);
        r->approval_doc = col_text(st, 7, arena);
        r->approved_on = col_date(st, 8);
        r->reason = col_text(st, 9, arena);
    }
    return rc < 0 ? rc : 0;
}

static const char sql_relief_add[] =
    "INSERT INTO dues_reliefs (member_id, kind, from_month, to_month, monthly_fen,"
    " approval_org_id, approval_doc, approved_on, reason, created_by, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";

int dj_store_dues_relief_add(struct dj_db *db, const struct dj_dues_relief_row *r, int64_t user_id,
                             const char *now, int64_t *id, struct dj_err *err)
{
    struct dj_stmt *st;
    char a[8], b[8], d[11];
    int rc;

    if ((rc = dj_db_prepare(db, sql_relief_add, &st, err)))
        return rc;
    dj_stmt_bind_int64(st, 1, r->member_id);
    dj_stmt_bind_text(st, 2, r->kind);
    dj_stmt_bind_text(st, 3, dj_dues_month_str(r->from_idx, a));
    dj_stmt_bind_text(st, 4, dj_dues_month_str(r->to_idx, b));
    bind_opt_int(st, 5, r->monthly_fen);
    if (r->approval_org_id > 0)
        dj_stmt_bind_int64(st, 6, r->approval_org_id);
    else
        dj_stmt_bind_null(st, 6);
    dj_stmt_bind_text(st, 7, r->approval_doc);
    dj_stmt_bind_text(st, 8,
                      dj_date_isset(r->approved_on) ? dj_date_format(r->approved_on, d) : NULL);
    dj_stmt_bind_text(st, 9, r->reason);
    if (user_id > 0)
        dj_stmt_bind_int64(st, 10, user_id);
    else
        dj_stmt_bind_null(st, 10);
    dj_stmt_bind_text(st, 11, now);
    if ((rc = dj_stmt_step(st, err)) != DJ_ROW)
        return rc < 0 ? rc : dj_err_set(err, DJ_EDB, NULL, "数据库错误");
    *id = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return 0;
}

static const char sql_account_put[] =
    "INSERT INTO dues_accounts (member_id, start_month, stop_month, stop_reason, note, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (member_id) DO UPDATE SET"
    " start_month = excluded.start_month, stop_month = excluded.stop_month,"
    " stop_reason = excluded.stop_reason, note = excluded.note, updated_at = excluded.updated_at";

int dj_store_dues_account_put(struct dj_db *db, int64_t member_id, int start_idx, int stop_idx,
                              const char *stop_reason, const char *note, const char *now,
                              struct dj_err *err)
{
    struct dj_stmt *st;
    char a[8], b[8];
    int rc;

    if ((rc = dj_db_prepare(db, sql_account_put, &st, err)))
        return rc;
    dj_stmt_bind_int64(st, 1, member_id);
    dj_stmt_bind_text(st, 2, start_idx ? dj_dues_month_str(start_idx, a) : NULL);
    dj_stmt_bind_text(st, 3, stop_idx ? dj_dues_month_str(stop_idx, b) : NULL);
    dj_stmt_bind_text(st, 4, stop_reason);
    dj_stmt_bind_text(st, 5, note);
    dj_stmt_bind_text(st, 6, now);
    rc = dj_stmt_step(st, err);
    return rc < 0 ? rc : 0;
}

static const char sql_paid_months[] =
    "SELECT pm.member_id, pm.month, pm.amount_fen, pm.payment_id"
    " FROM dues_payment_months pm JOIN members m ON m.id = pm.member_id"
    " WHERE" WHO " AND pm.month >= $4 AND pm.month <= $5 ORDER BY pm.member_id, pm.month";

int dj_store_dues_paid_months(struct dj_db *db, const char *path, int64_t member_id, int lo, int hi,
                              struct dj_arena *arena, struct dj_dues_paid_month **rows, int *n,
                              struct dj_err *err)
{
    struct dj_stmt *st;
    char a[8], b[8];
    int rc, cap = 0;

    *rows = NULL;
    *n = 0;
    if ((rc = dj_db_prepare(db, sql_paid_months, &st, err)))
        return rc;
    bind_who(st, member_id > 0 ? NULL : path, member_id);
    dj_stmt_bind_text(st, 4, dj_dues_month_str(lo, a));
    dj_stmt_bind_text(st, 5, dj_dues_month_str(hi, b));
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_dues_paid_month *p;
        *rows = grow(arena, *rows, *n, &cap, sizeof(**rows));
        p = &(*rows)[(*n)++];
        p->member_id = dj_stmt_int64(st, 0);
        p->idx = col_month(st, 1);
        p->amount_fen = dj_stmt_int64(st, 2);
        p->payment_id = dj_stmt_int64(st, 3);
    }
    return rc < 0 ? rc : 0;
}

static const char sql_payments[] =
    "SELECT p.id, p.member_id, p.org_id, p.org_path, p.from_month, p.months, p.amount_fen,"
    " p.extra_fen, p.central, p.consent, p.paid_on, p.channel, p.receipt_no, p.payer, p.note,"
    " p.created_at, m.name, p.voided_on, p.void_reason"
    " FROM dues_payments p JOIN members m ON m.id = p.member_id"
    " WHERE" WHO " AND ($4 = 0 OR substr(p.paid_on, 1, 4) = printf('%04d', $4))"
    " ORDER BY p.paid_on DESC, p.id DESC LIMIT $5";

static void read_payment(struct dj_stmt *st, struct dj_arena *arena, struct dj_dues_payment_row *p)
{
    p->id = dj_stmt_int64(st, 0);
    p->member_id = dj_stmt_int64(st, 1);
    p->org_id = dj_stmt_int64(st, 2);
    p->org_path = col_text(st, 3, arena);
    p->from_idx = col_month(st, 4);
    p->months = (int)dj_stmt_int64(st, 5);
    p->amount_fen = dj_stmt_int64(st, 6);
    p->extra_fen = dj_stmt_int64(st, 7);
    p->central = dj_stmt_int64(st, 8) != 0;
    p->consent = dj_stmt_int64(st, 9) != 0;
    p->paid_on = col_date(st, 10);
    p->channel = col_text(st, 11, arena);
    p->receipt_no = col_text(st, 12, arena);
    p->payer = col_text(st, 13, arena);
    p->note = col_text(st, 14, arena);
    p->created_at = col_text(st, 15, arena);
    p->member_name = col_text(st, 16, arena);
    p->voided_on = col_text(st, 17, arena);
    p->void_reason = col_text(st, 18, arena);
}

int dj_store_dues_payments(struct dj_db *db, const char *path, int64_t member_id, int year,
                           int limit, struct dj_arena *arena, struct dj_dues_payment_row **rows,
                           int *n, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc, cap = 0;

    *rows = NULL;
    *n = 0;
    if ((rc = dj_db_prepare(db, sql_payments, &st, err)))
        return rc;
    bind_who(st, member_id > 0 ? NULL : path, member_id);
    dj_stmt_bind_int64(st, 4, year);
    dj_stmt_bind_int64(st, 5, limit > 0 ? limit : -1);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        *rows = grow(arena, *rows, *n, &cap, sizeof(**rows));
        read_payment(st, arena, &(*rows)[(*n)++]);
    }
    return rc < 0 ? rc : 0;
}

static const char sql_payment_add[] =
    "INSERT INTO dues_payments (member_id, org_id, org_path, from_month, months, amount_fen,"
    " extra_fen, central, paid_on, channel, receipt_no, consent, payer, note, created_by,"
    " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
    " RETURNING id";

int dj_store_dues_payment_add(struct dj_db *db, const struct dj_dues_payment_row *p,
                              int64_t user_id, const char *now, int64_t *id, struct dj_err *err)
{
    struct dj_stmt *st;
    char a[8], d[11];
    int rc;

    if ((rc = dj_db_prepare(db, sql_payment_add, &st, err)))
        return rc;
    dj_stmt_bind_int64(st, 1, p->member_id);
    dj_stmt_bind_int64(st, 2, p->org_id);
    dj_stmt_bind_text(st, 3, p->org_path);
    dj_stmt_bind_text(st, 4, dj_dues_month_str(p->from_idx, a));
    dj_stmt_bind_int64(st, 5, p->months);
    dj_stmt_bind_int64(st, 6, p->amount_fen);
    dj_stmt_bind_int64(st, 7, p->extra_fen);
    dj_stmt_bind_int64(st, 8, p->central);
    dj_stmt_bind_text(st, 9, dj_date_format(p->paid_on, d));
    dj_stmt_bind_text(st, 10, p->channel);
    dj_stmt_bind_text(st, 11, p->receipt_no);
    dj_stmt_bind_int64(st, 12, p->consent);
    dj_stmt_bind_text(st, 13, p->payer);
    dj_stmt_bind_text(st, 14, p->note);
    if (user_id > 0)
        dj_stmt_bind_int64(st, 15, user_id);
    else
        dj_stmt_bind_null(st, 15);
    dj_stmt_bind_text(st, 16, now);
    if ((rc = dj_stmt_step(st, err)) != DJ_ROW)
        return rc < 0 ? rc : dj_err_set(err, DJ_EDB, NULL, "数据库错误");
    *id = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return 0;
}

static const char sql_month_add[] =
    "INSERT INTO dues_payment_months (member_id, month, payment_id, amount_fen)"
    " VALUES ($1, $2, $3, $4)";

int dj_store_dues_payment_month_add(struct dj_db *db, int64_t member_id, int idx,
                                    int64_t payment_id, int64_t amount_fen, struct dj_err *err)
{
    struct dj_stmt *st;
    char a[8];
    int rc;

    if ((rc = dj_db_prepare(db, sql_month_add, &st, err)))
        return rc;
    dj_stmt_bind_int64(st, 1, member_id);
    dj_stmt_bind_text(st, 2, dj_dues_month_str(idx, a));
    dj_stmt_bind_int64(st, 3, payment_id);
    dj_stmt_bind_int64(st, 4, amount_fen);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ECONFLICT)
        return dj_err_set(err, DJ_ECONFLICT, "from_month", "「起始月份」%04d年%02d月的党费已经交纳",
                          idx / 12, idx % 12 + 1);
    return rc < 0 ? rc : 0;
}

static const char sql_farmer_rates[] =
    "SELECT org_id, from_month, monthly_fen FROM dues_farmer_rates ORDER BY org_id, from_month";

int dj_store_dues_farmer_rates(struct dj_db *db, struct dj_arena *arena,
                               struct dj_dues_farmer_rate **rows, int *n, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc, cap = 0;

    *rows = NULL;
    *n = 0;
    if ((rc = dj_db_prepare(db, sql_farmer_rates, &st, err)))
        return rc;
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_dues_farmer_rate *r;
        *rows = grow(arena, *rows, *n, &cap, sizeof(**rows));
        r = &(*rows)[(*n)++];
        r->org_id = dj_stmt_int64(st, 0);
        r->from_idx = col_month(st, 1);
        r->monthly_fen = dj_stmt_int64(st, 2);
    }
    return rc < 0 ? rc : 0;
}

static const char sql_farmer_rate_put[] =
    "INSERT INTO dues_farmer_rates (org_id, from_month, monthly_fen, created_by, created_at)"
    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id, from_month) DO UPDATE SET"
    " monthly_fen = excluded.monthly_fen, created_by = excluded.created_by,"
    " created_at = excluded.created_at";

int dj_store_dues_farmer_rate_put(struct dj_db *db, const struct dj_dues_farmer_rate *r,
                                  int64_t user_id, const char *now, struct dj_err *err)
{
    struct dj_stmt *st;
    char a[8];
    int rc;

    if ((rc = dj_db_prepare(db, sql_farmer_rate_put, &st, err)))
        return rc;
    dj_stmt_bind_int64(st, 1, r->org_id);
    dj_stmt_bind_text(st, 2, dj_dues_month_str(r->from_idx, a));
    dj_stmt_bind_int64(st, 3, r->monthly_fen);
    if (user_id > 0)
        dj_stmt_bind_int64(st, 4, user_id);
    else
        dj_stmt_bind_null(st, 4);
    dj_stmt_bind_text(st, 5, now);
    rc = dj_stmt_step(st, err);
    return rc < 0 ? rc : 0;
}

static const char sql_payment_get[] =
    "SELECT p.id, p.member_id, p.org_id, p.org_path, p.from_month, p.months, p.amount_fen,"
    " p.extra_fen, p.central, p.consent, p.paid_on, p.channel, p.receipt_no, p.payer, p.note,"
    " p.created_at, m.name, p.voided_on, p.void_reason"
    " FROM dues_payments p JOIN members m ON m.id = p.member_id WHERE p.id = $1";

int dj_store_dues_payment_get(struct dj_db *db, int64_t id, struct dj_arena *arena,
                              struct dj_dues_payment_row *out, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = dj_db_prepare(db, sql_payment_get, &st, err)))
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_DONE)
        return dj_err_set(err, DJ_ENOTFOUND, NULL, "交纳记录不存在");
    if (rc < 0)
        return rc;
    read_payment(st, arena, out);
    dj_stmt_reset(st);
    return 0;
}

static const char sql_arrears_rows[] =
    "SELECT m.id, m.org_id, m.name, m.org_path, m.status, m.joined_on, m.status_on,"
    " a.start_month, a.stop_month,"
    " (SELECT max(pm.month) FROM dues_payment_months pm WHERE pm.member_id = m.id"
    "   AND pm.month <= CASE WHEN a.stop_month IS NOT NULL AND a.stop_month < $4"
    "                   THEN a.stop_month ELSE $4 END)"
    " FROM members m LEFT JOIN dues_accounts a ON a.member_id = m.id"
    " WHERE" WHO " AND m.status IN ('normal', 'mobile', 'lost_contact')"
    " ORDER BY m.org_path, m.id";

int dj_store_dues_arrears_rows(struct dj_db *db, const char *path, int last,
                               struct dj_arena *arena, struct dj_dues_arrears_row **rows, int *n,
                               struct dj_err *err)
{
    struct dj_stmt *st;
    char a[8];
    int rc, cap = 0;

    *rows = NULL;
    *n = 0;
    if ((rc = dj_db_prepare(db, sql_arrears_rows, &st, err)))
        return rc;
    bind_who(st, path, 0);
    dj_stmt_bind_text(st, 4, dj_dues_month_str(last, a));
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_dues_arrears_row *r;
        *rows = grow(arena, *rows, *n, &cap, sizeof(**rows));
        r = &(*rows)[(*n)++];
        memset(r, 0, sizeof(*r));
        r->m.id = dj_stmt_int64(st, 0);
        r->m.org_id = dj_stmt_int64(st, 1);
        r->m.name = col_text(st, 2, arena);
        r->m.org_path = col_text(st, 3, arena);
        r->m.status = col_text(st, 4, arena);
        r->m.joined_on = col_date(st, 5);
        r->m.status_on = col_date(st, 6);
        r->m.start_idx = col_month(st, 7);
        r->m.stop_idx = col_month(st, 8);
        r->last_paid_idx = col_month(st, 9);
    }
    return rc < 0 ? rc : 0;
}

static const char sql_payment_void[] =
    "UPDATE dues_payments SET voided_on = $2, void_reason = $3 WHERE id = $1 AND voided_on IS NULL";
static const char sql_payment_release[] = "DELETE FROM dues_payment_months WHERE payment_id = $1";

int dj_store_dues_payment_void(struct dj_db *db, int64_t id, const char *reason, const char *now,
                               struct dj_err *err)
{
    struct dj_stmt *st;
    int rc;

    if ((rc = dj_db_prepare(db, sql_payment_void, &st, err)))
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    dj_stmt_bind_text(st, 2, now);
    dj_stmt_bind_text(st, 3, reason);
    if ((rc = dj_stmt_step(st, err)) < 0)
        return rc;
    if (dj_db_changes(db) != 1)
        return dj_err_set(err, DJ_ECONFLICT, NULL, "该交纳记录已经作废");
    if ((rc = dj_db_prepare(db, sql_payment_release, &st, err)))
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    rc = dj_stmt_step(st, err);
    return rc < 0 ? rc : 0;
}

/* ---- 党费使用 ------------------------------------------------------------ */

static const char sql_spending_add[] =
    "INSERT INTO dues_spendings (org_id, org_path, spent_on, purpose, amount_fen, voucher_no,"
    " description, approved_by, approval_doc, approved_on, attachments, note, created_by,"
    " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    " RETURNING id";

int dj_store_dues_spending_add(struct dj_db *db, const struct dj_dues_spending_row *r,
                               int64_t user_id, const char *now, int64_t *id, struct dj_err *err)
{
    struct dj_stmt *st;
    char a[11], b[11];
    int rc;

    if ((rc = dj_db_prepare(db, sql_spending_add, &st, err)))
        return rc;
    dj_stmt_bind_int64(st, 1, r->org_id);
    dj_stmt_bind_text(st, 2, r->org_path);
    dj_stmt_bind_text(st, 3, dj_date_format(r->spent_on, a));
    dj_stmt_bind_text(st, 4, r->purpose);
    dj_stmt_bind_int64(st, 5, r->amount_fen);
    dj_stmt_bind_text(st, 6, r->voucher_no);
    dj_stmt_bind_text(st, 7, r->description);
    dj_stmt_bind_text(st, 8, r->approved_by);
    dj_stmt_bind_text(st, 9, r->approval_doc);
    dj_stmt_bind_text(st, 10, dj_date_format(r->approved_on, b));
    dj_stmt_bind_text(st, 11, r->attachments ? r->attachments : "[]");
    dj_stmt_bind_text(st, 12, r->note);
    if (user_id > 0)
        dj_stmt_bind_int64(st, 13, user_id);
    else
        dj_stmt_bind_null(st, 13);
    dj_stmt_bind_text(st, 14, now);
    if ((rc = dj_stmt_step(st, err)) != DJ_ROW)
        return rc < 0 ? rc : dj_err_set(err, DJ_EDB, NULL, "数据库错误");
    *id = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return 0;
}

#define SPENDING_COLS                                                                        \
    "s.id, s.org_id, s.org_path, o.name, o.kind, s.spent_on, s.purpose, s.amount_fen, s.voucher_no," \
    " s.description, s.approved_by, s.approval_doc, s.approved_on, s.attachments, s.note,"   \
    " s.created_at, s.voided_on, s.void_reason"

static void read_spending(struct dj_stmt *st, struct dj_arena *arena,
                          struct dj_dues_spending_row *r)
{
    memset(r, 0, sizeof(*r));
    r->id = dj_stmt_int64(st, 0);
    r->org_id = dj_stmt_int64(st, 1);
    r->org_path = col_text(st, 2, arena);
    r->org_name = col_text(st, 3, arena);
    r->org_kind = col_text(st, 4, arena);
    r->spent_on = col_date(st, 5);
    r->purpose = col_text(st, 6, arena);
    r->amount_fen = dj_stmt_int64(st, 7);
    r->voucher_no = col_text(st, 8, arena);
    r->description = col_text(st, 9, arena);
    r->approved_by = col_text(st, 10, arena);
    r->approval_doc = col_text(st, 11, arena);
    r->approved_on = col_date(st, 12);
    r->attachments = col_text(st, 13, arena);
    r->note = col_text(st, 14, arena);
    r->created_at = col_text(st, 15, arena);
    r->voided_on = col_text(st, 16, arena);
    r->void_reason = col_text(st, 17, arena);
}

static const char sql_spendings[] =
    "SELECT " SPENDING_COLS " FROM dues_spendings s JOIN orgs o ON o.id = s.org_id"
    " WHERE s.org_path >= $1 AND s.org_path < $2"
    " AND ($3 = 0 OR (s.spent_on >= $4 AND s.spent_on < $5))"
    " ORDER BY s.spent_on DESC, s.id DESC";

int dj_store_dues_spendings(struct dj_db *db, const char *path, int year, struct dj_arena *arena,
                            struct dj_dues_spending_row **rows, int *n, struct dj_err *err)
{
    struct dj_stmt *st;
    char lo[16], hi[16];
    int rc, cap = 0;

    *rows = NULL;
    *n = 0;
    if ((rc = dj_db_prepare(db, sql_spendings, &st, err)))
        return rc;
    bind_who(st, path, 0);
    dj_stmt_bind_int64(st, 3, year);
    snprintf(lo, sizeof(lo), "%04d-01-01", year % 10000);
    snprintf(hi, sizeof(hi), "%04d-01-01", (year + 1) % 10000);
    dj_stmt_bind_text(st, 4, lo);
    dj_stmt_bind_text(st, 5, hi);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        *rows = grow(arena, *rows, *n, &cap, sizeof(**rows));
        read_spending(st, arena, &(*rows)[(*n)++]);
    }
    return rc < 0 ? rc : 0;
}

int dj_store_dues_spending_get(struct dj_db *db, int64_t id, struct dj_arena *arena,
                               struct dj_dues_spending_row *out, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = dj_db_prepare(db,
                            "SELECT " SPENDING_COLS
                            " FROM dues_spendings s JOIN orgs o ON o.id = s.org_id"
                            " WHERE s.id = $1",
                            &st, err)))
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        read_spending(st, arena, out);
        dj_stmt_reset(st);
        return 0;
    }
    return rc < 0 ? rc : dj_err_set(err, DJ_ENOTFOUND, NULL, "党费使用记录不存在");
}

int dj_store_dues_spending_void(struct dj_db *db, int64_t id, const char *reason, const char *now,
                                struct dj_err *err)
{
    struct dj_stmt *st;
    int rc;

    if ((rc = dj_db_prepare(db,
                            "UPDATE dues_spendings SET voided_on = $2, void_reason = $3"
                            " WHERE id = $1 AND voided_on IS NULL",
                            &st, err)))
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    dj_stmt_bind_text(st, 2, now);
    dj_stmt_bind_text(st, 3, reason);
    if ((rc = dj_stmt_step(st, err)) < 0)
        return rc;
    if (dj_db_changes(db) != 1)
        return dj_err_set(err, DJ_ECONFLICT, NULL, "该党费使用记录已经作废");
    return 0;
}

static const char sql_year_flows[] =
    "SELECT y, path, kind, SUM(c), SUM(s) FROM ("
    " SELECT CAST(substr(p.paid_on, 1, 4) AS INTEGER) AS y, o.path AS path, o.kind AS kind,"
    "  p.amount_fen + CASE WHEN p.central THEN 0 ELSE p.extra_fen END AS c, 0 AS s"
    "  FROM dues_payments p JOIN orgs o ON o.id = p.org_id"
    "  WHERE p.org_path >= $1 AND p.org_path < $2 AND p.voided_on IS NULL AND p.paid_on < $3"
    " UNION ALL"
    " SELECT CAST(substr(s.spent_on, 1, 4) AS INTEGER), o.path, o.kind, 0, s.amount_fen"
    "  FROM dues_spendings s JOIN orgs o ON o.id = s.org_id"
    "  WHERE s.org_path >= $1 AND s.org_path < $2 AND s.voided_on IS NULL AND s.spent_on < $3"
    ") GROUP BY y, path, kind ORDER BY y, path";

int dj_store_dues_year_flows(struct dj_db *db, const char *path, int max_year,
                             struct dj_arena *arena, struct dj_dues_year_flow **rows, int *n,
                             struct dj_err *err)
{
    struct dj_stmt *st;
    char hi[16];
    int rc, cap = 0;

    *rows = NULL;
    *n = 0;
    if ((rc = dj_db_prepare(db, sql_year_flows, &st, err)))
        return rc;
    bind_who(st, path, 0);
    snprintf(hi, sizeof(hi), "%04d-01-01", (max_year + 1) % 10000);
    dj_stmt_bind_text(st, 3, hi);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_dues_year_flow *f;
        *rows = grow(arena, *rows, *n, &cap, sizeof(**rows));
        f = &(*rows)[(*n)++];
        f->year = (int)dj_stmt_int64(st, 0);
        f->org_path = col_text(st, 1, arena);
        f->org_kind = col_text(st, 2, arena);
        f->collected_fen = dj_stmt_int64(st, 3);
        f->spent_fen = dj_stmt_int64(st, 4);
    }
    return rc < 0 ? rc : 0;
}

static const char sql_moves[] =
    "SELECT h.member_id, h.org_id, o.name, o.path, h.moved_at,"
    " (m.org_path >= $1 AND m.org_path < $2)"
    " FROM member_org_history h JOIN orgs o ON o.id = h.org_id"
    " JOIN members m ON m.id = h.member_id"
    " WHERE h.moved_at >= $3 AND ((m.org_path >= $1 AND m.org_path < $2)"
    "  OR h.member_id IN (SELECT h2.member_id FROM member_org_history h2"
    "   JOIN orgs o2 ON o2.id = h2.org_id"
    "   WHERE h2.moved_at >= $3 AND o2.path >= $1 AND o2.path < $2))"
    " ORDER BY h.member_id, h.moved_at, h.id";

int dj_store_dues_moves(struct dj_db *db, const char *path, const char *since,
                        struct dj_arena *arena, struct dj_dues_move **rows, int *n,
                        struct dj_err *err)
{
    struct dj_stmt *st;
    int rc, cap = 0;

    *rows = NULL;
    *n = 0;
    if ((rc = dj_db_prepare(db, sql_moves, &st, err)))
        return rc;
    bind_who(st, path, 0);
    dj_stmt_bind_text(st, 3, since);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_dues_move *mv;
        *rows = grow(arena, *rows, *n, &cap, sizeof(**rows));
        mv = &(*rows)[(*n)++];
        mv->member_id = dj_stmt_int64(st, 0);
        mv->old_org_id = dj_stmt_int64(st, 1);
        mv->old_org_name = col_text(st, 2, arena);
        mv->old_org_path = col_text(st, 3, arena);
        mv->moved_at = col_text(st, 4, arena);
        mv->member_inside = dj_stmt_int64(st, 5) != 0;
    }
    return rc < 0 ? rc : 0;
}
