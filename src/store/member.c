/*
 * member.c - SQL for the member database (see member.h).
 *
 * Rows are read and bound by hand rather than through desc.c, because
 * store/ sits below model/ in the link order; the column list below follows
 * the field order of model/member_rec.c (enum dj_member_field).
 */
#include "base/compat.h"
#include "store/member.h"

/* Columns in enum dj_member_field order; the derived fields are read as NULL. */
#define MEMBER_COLS                                                                                \
    "m.id, m.name, m.id_enc, m.gender, m.birth_date, m.nation, m.native_place, m.education, "      \
    "m.degree, m.joined_on, m.confirmed_on, m.job, m.tech_title, m.new_class, "                    \
    "m.person_category, m.migrant_worker, m.industry, m.work_started_on, m.work_unit, "            \
    "m.joint_unit_name, m.frontline, m.phone_enc, m.tel_enc, m.hukou_enc, m.residence_enc, "       \
    "m.home_address_enc, m.added_on, m.add_kind, m.org_id, m.group_id, m.category, m.status, "     \
    "m.status_on, m.leave_kind, m.status_reason, m.mobile_to, m.mobile_contact, m.mobile_since, "  \
    "m.hardship, m.retired, o.name, o.kind, m.org_path, m.user_id, m.created_at, m.updated_at, "   \
    "NULL, NULL, NULL, NULL"

#define MEMBER_FROM " FROM members m JOIN orgs o ON o.id = m.org_id"

/* ---- reading ------------------------------------------------------------ */

static char *col_text(struct dj_stmt *st, int col, struct dj_arena *arena)
{
    const char *s = dj_stmt_text(st, col);
    return s ? dj_arena_strdup(arena, s) : NULL;
}

static int col_date(struct dj_stmt *st, int col, struct dj_date *out)
{
    const char *s = dj_stmt_text(st, col);

    memset(out, 0, sizeof(*out));
    if (!s || !*s)
        return 0;
    return dj_date_parse(s, out, NULL, NULL) ? DJ_EDB : 0;
}

static int read_member(struct dj_stmt *st, struct dj_arena *arena, struct dj_member_rec *m,
                       struct dj_err *err)
{
    struct {
        int col;
        struct dj_date *d;
    } dates[] = {
        {DJ_MF_BIRTH_DATE, &m->birth_date},     {DJ_MF_JOINED_ON, &m->joined_on},
        {DJ_MF_CONFIRMED_ON, &m->confirmed_on}, {DJ_MF_WORK_STARTED_ON, &m->work_started_on},
        {DJ_MF_ADDED_ON, &m->added_on},         {DJ_MF_STATUS_ON, &m->status_on},
        {DJ_MF_MOBILE_SINCE, &m->mobile_since},
    };
    struct {
        int col;
        char **s;
    } texts[] = {
        {DJ_MF_NAME, &m->name},
        {DJ_MF_ID_NUMBER, &m->id_number},
        {DJ_MF_GENDER, &m->gender},
        {DJ_MF_NATION, &m->nation},
        {DJ_MF_NATIVE_PLACE, &m->native_place},
        {DJ_MF_EDUCATION, &m->education},
        {DJ_MF_DEGREE, &m->degree},
        {DJ_MF_JOB, &m->job},
        {DJ_MF_TECH_TITLE, &m->tech_title},
        {DJ_MF_NEW_CLASS, &m->new_class},
        {DJ_MF_PERSON_CATEGORY, &m->person_category},
        {DJ_MF_INDUSTRY, &m->industry},
        {DJ_MF_WORK_UNIT, &m->work_unit},
        {DJ_MF_JOINT_UNIT_NAME, &m->joint_unit_name},
        {DJ_MF_FRONTLINE, &m->frontline},
        {DJ_MF_PHONE, &m->phone},
        {DJ_MF_TEL, &m->tel},
        {DJ_MF_HUKOU, &m->hukou},
        {DJ_MF_RESIDENCE, &m->residence},
        {DJ_MF_HOME_ADDRESS, &m->home_address},
        {DJ_MF_ADD_KIND, &m->add_kind},
        {DJ_MF_CATEGORY, &m->category},
        {DJ_MF_STATUS, &m->status},
        {DJ_MF_LEAVE_KIND, &m->leave_kind},
        {DJ_MF_STATUS_REASON, &m->status_reason},
        {DJ_MF_MOBILE_TO, &m->mobile_to},
        {DJ_MF_MOBILE_CONTACT, &m->mobile_contact},
        {DJ_MF_ORG_NAME, &m->org_name},
        {DJ_MF_ORG_KIND, &m->org_kind},
        {DJ_MF_ORG_PATH, &m->org_path},
        {DJ_MF_CREATED_AT, &m->created_at},
        {DJ_MF_UPDATED_AT, &m->updated_at},
    };

    memset(m, 0, sizeof(*m));
    if (dj_stmt_columns(st) < DJ_MF_COUNT)
        return dj_err_set(err, DJ_EINTERNAL, NULL, "系统内部错误");
    m->id = dj_stmt_int64(st, DJ_MF_ID);
    m->org_id = dj_stmt_int64(st, DJ_MF_ORG_ID);
    m->group_id = dj_stmt_int64(st, DJ_MF_GROUP_ID);
    m->user_id = dj_stmt_int64(st, DJ_MF_USER_ID);
    m->migrant_worker = dj_stmt_int64(st, DJ_MF_MIGRANT_WORKER) != 0;
    m->hardship = dj_stmt_int64(st, DJ_MF_HARDSHIP) != 0;
    m->retired = dj_stmt_int64(st, DJ_MF_RETIRED) != 0;
    for (size_t i = 0; i < DJ_ARRAY_LEN(texts); i++)
        *texts[i].s = col_text(st, texts[i].col, arena);
    for (size_t i = 0; i < DJ_ARRAY_LEN(dates); i++) {
        if (col_date(st, dates[i].col, dates[i].d)) {
            dj_err_set(err, DJ_EDB, NULL, "数据库中的日期格式有误");
            return dj_err_detail(err, "members.id %lld column %d is not a date", (long long)m->id,
                                 dates[i].col);
        }
    }
    /* every stored field was read; derived ones are left for svc/ to fill */
    m->set = ((uint64_t)1 << DJ_MF_AGE) - 1;
    return 0;
}

/* ---- binding ------------------------------------------------------------ */

static void bind_opt_text(struct dj_stmt *st, int idx, const char *s)
{
    if (s && *s)
        dj_stmt_bind_text(st, idx, s);
    else
        dj_stmt_bind_null(st, idx);
}

static void bind_opt_date(struct dj_stmt *st, int idx, struct dj_date d)
{
    char buf[11];

    if (dj_date_isset(d))
        dj_stmt_bind_text(st, idx, dj_date_format(d, buf));
    else
        dj_stmt_bind_null(st, idx);
}

static void bind_opt_id(struct dj_stmt *st, int idx, int64_t id)
{
    if (id > 0)
        dj_stmt_bind_int64(st, idx, id);
    else
        dj_stmt_bind_null(st, idx);
}

/*
 * The editable columns, bound from $first on in the order of EDIT_COLS
 * (EDIT_NCOLS parameters).
 */
#define EDIT_COLS                                                                                  \
    "group_id, name, id_enc, id_blind, gender, birth_date, nation, native_place, education, "      \
    "degree, category, joined_on, confirmed_on, job, tech_title, new_class, person_category, "     \
    "migrant_worker, industry, work_started_on, work_unit, joint_unit_name, frontline, "           \
    "phone_enc, tel_enc, hukou_enc, residence_enc, home_address_enc, added_on, add_kind, "         \
    "mobile_to, mobile_contact, mobile_since, hardship, retired"
#define EDIT_NCOLS 35

static void bind_edit(struct dj_stmt *st, int first, const struct dj_member_rec *m,
                      const struct dj_member_sealed *s)
{
    int i = first;

    bind_opt_id(st, i++, m->group_id);
    dj_stmt_bind_text(st, i++, m->name);
    dj_stmt_bind_text(st, i++, s->id_enc);
    dj_stmt_bind_text(st, i++, s->id_blind);
    dj_stmt_bind_text(st, i++, m->gender);
    bind_opt_date(st, i++, m->birth_date);
    bind_opt_text(st, i++, m->nation);
    bind_opt_text(st, i++, m->native_place);
    bind_opt_text(st, i++, m->education);
    bind_opt_text(st, i++, m->degree);
    dj_stmt_bind_text(st, i++, m->category);
    bind_opt_date(st, i++, m->joined_on);
    bind_opt_date(st, i++, m->confirmed_on);
    bind_opt_text(st, i++, m->job);
    bind_opt_text(st, i++, m->tech_title);
    bind_opt_text(st, i++, m->new_class);
    bind_opt_text(st, i++, m->person_category);
    dj_stmt_bind_int64(st, i++, m->migrant_worker ? 1 : 0);
    bind_opt_text(st, i++, m->industry);
    bind_opt_date(st, i++, m->work_started_on);
    bind_opt_text(st, i++, m->work_unit);
    bind_opt_text(st, i++, m->joint_unit_name);
    bind_opt_text(st, i++, m->frontline);
    bind_opt_text(st, i++, s->phone_enc);
    bind_opt_text(st, i++, s->tel_enc);
    bind_opt_text(st, i++, s->hukou_enc);
    bind_opt_text(st, i++, s->residence_enc);
    bind_opt_text(st, i++, s->home_address_enc);
    bind_opt_date(st, i++, m->added_on);
    bind_opt_text(st, i++, m->add_kind);
    bind_opt_text(st, i++, m->mobile_to);
    bind_opt_text(st, i++, m->mobile_contact);
    bind_opt_date(st, i++, m->mobile_since);
    dj_stmt_bind_int64(st, i++, m->hardship ? 1 : 0);
    dj_stmt_bind_int64(st, i++, m->retired ? 1 : 0);
}

static int conflict(int rc, struct dj_err *err)
{
    if (rc == DJ_ECONFLICT)
        return dj_err_set(err, DJ_ECONFLICT, "id_number", "该身份证号码已有在册党员记录");
    return rc;
}

/* ---- writes ------------------------------------------------------------- */

int dj_store_member_insert(struct dj_db *db, const struct dj_member_rec *m,
                           const struct dj_member_sealed *s, const char *org_path, const char *now,
                           int64_t *id, struct dj_err *err)
{
    static const char *sql =
        "INSERT INTO members (" EDIT_COLS ", org_id, org_path, status, status_on, leave_kind, "
        "status_reason, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
        "$11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, "
        "$28, $29, $30, $31, $32, $33, $34, $35, $36, $37, $38, $39, $40, $41, $42, $42) "
        "RETURNING id";
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    *id = 0;
    if (rc)
        return rc;
    bind_edit(st, 1, m, s);
    dj_stmt_bind_int64(st, EDIT_NCOLS + 1, m->org_id);
    dj_stmt_bind_text(st, EDIT_NCOLS + 2, org_path);
    dj_stmt_bind_text(st, EDIT_NCOLS + 3, m->status && *m->status ? m->status : "normal");
    bind_opt_date(st, EDIT_NCOLS + 4, m->status_on);
    bind_opt_text(st, EDIT_NCOLS + 5, m->leave_kind);
    bind_opt_text(st, EDIT_NCOLS + 6, m->status_reason);
    dj_stmt_bind_text(st, EDIT_NCOLS + 7, now);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        *id = dj_stmt_int64(st, 0);
        /* run to the end: a reset mid-statement would roll back the insert and its FTS trigger */
        rc = dj_stmt_step(st, err);
    }
    dj_stmt_reset(st);
    if (rc == DJ_DONE && !*id)
        rc = dj_err_set(err, DJ_EDB, NULL, "数据库错误");
    return conflict(rc, err);
}

int dj_store_member_update(struct dj_db *db, const struct dj_member_rec *m,
                           const struct dj_member_sealed *s, const char *now, struct dj_err *err)
{
    static const char *sql =
        "UPDATE members SET (" EDIT_COLS ", updated_at) = ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
        "$10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, "
        "$27, $28, $29, $30, $31, $32, $33, $34, $35, $36) WHERE id = $37";
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    if (rc)
        return rc;
    bind_edit(st, 1, m, s);
    dj_stmt_bind_text(st, EDIT_NCOLS + 1, now);
    dj_stmt_bind_int64(st, EDIT_NCOLS + 2, m->id);
    rc = dj_stmt_step(st, err);
    dj_stmt_reset(st);
    if (rc < 0)
        return conflict(rc, err);
    if (dj_db_changes(db) == 0)
        return dj_err_set(err, DJ_ENOTFOUND, NULL, "党员记录不存在");
    return 0;
}

int dj_store_member_set_status(struct dj_db *db, int64_t id, const char *status, struct dj_date on,
                               const char *leave_kind, const char *reason, const char *now,
                               struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "UPDATE members SET status = $1, status_on = $2, leave_kind = $3, "
                           "status_reason = $4, updated_at = $5 WHERE id = $6",
                           &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, status);
    bind_opt_date(st, 2, on);
    bind_opt_text(st, 3, leave_kind);
    bind_opt_text(st, 4, reason);
    dj_stmt_bind_text(st, 5, now);
    dj_stmt_bind_int64(st, 6, id);
    rc = dj_stmt_step(st, err);
    dj_stmt_reset(st);
    if (rc < 0)
        return conflict(rc, err);
    if (dj_db_changes(db) == 0)
        return dj_err_set(err, DJ_ENOTFOUND, NULL, "党员记录不存在");
    return 0;
}

int dj_store_member_move(struct dj_db *db, int64_t id, int64_t org_id, const char *org_path,
                         const char *now, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "UPDATE members SET org_id = $1, org_path = $2, group_id = NULL, "
                           "updated_at = $3 WHERE id = $4",
                           &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, org_id);
    dj_stmt_bind_text(st, 2, org_path);
    dj_stmt_bind_text(st, 3, now);
    dj_stmt_bind_int64(st, 4, id);
    rc = dj_stmt_step(st, err);
    dj_stmt_reset(st);
    if (rc < 0)
        return rc;
    if (dj_db_changes(db) == 0)
        return dj_err_set(err, DJ_ENOTFOUND, NULL, "党员记录不存在");
    /* A 预备党员's development record follows them: the new branch holds the 转正. */
    rc = dj_db_prepare(db,
                       "UPDATE dev_applicants SET org_id = $1, org_path = $2, updated_at = $3 "
                       "WHERE member_id = $4 AND stage = 'probationary'",
                       &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, org_id);
    dj_stmt_bind_text(st, 2, org_path);
    dj_stmt_bind_text(st, 3, now);
    dj_stmt_bind_int64(st, 4, id);
    rc = dj_stmt_step(st, err);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

/* ---- reads -------------------------------------------------------------- */

static bool visible(const struct dj_scope *scope, int64_t self_id, const struct dj_member_rec *m)
{
    return (self_id > 0 && m->id == self_id) || dj_scope_contains(scope, m->org_path);
}

int dj_store_member_get(struct dj_db *db, const struct dj_scope *scope, int64_t self_id, int64_t id,
                        struct dj_arena *arena, struct dj_member_rec *out, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, "SELECT " MEMBER_COLS MEMBER_FROM " WHERE m.id = $1", &st, err);

    memset(out, 0, sizeof(*out));
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        rc = read_member(st, arena, out, err);
        if (!rc && !visible(scope, self_id, out)) {
            memset(out, 0, sizeof(*out));
            rc = DJ_ENOTFOUND;
        }
    } else if (rc == DJ_DONE) {
        rc = DJ_ENOTFOUND;
    }
    dj_stmt_reset(st);
    if (rc == DJ_ENOTFOUND)
        dj_err_set(err, DJ_ENOTFOUND, NULL, "党员记录不存在");
    return rc;
}

/* Append a row to an arena array that doubles when full. */
static struct dj_member_rec *grow(struct dj_arena *arena, struct dj_member_rec *rows, int n,
                                  int *cap)
{
    struct dj_member_rec *bigger;

    if (n < *cap)
        return rows;
    bigger = dj_arena_alloc(arena, sizeof(*rows) * (size_t)*cap * 2);
    memcpy(bigger, rows, sizeof(*rows) * (size_t)n);
    *cap *= 2;
    return bigger;
}

int dj_store_member_by_blind(struct dj_db *db, const struct dj_scope *scope, int64_t self_id,
                             const char *blind, struct dj_arena *arena, struct dj_member_rec **rows,
                             int *n, struct dj_err *err)
{
    struct dj_stmt *st;
    int cap = 4,
        rc = dj_db_prepare(
            db, "SELECT " MEMBER_COLS MEMBER_FROM " WHERE m.id_blind = $1 ORDER BY m.id", &st, err);

    *n = 0;
    *rows = dj_arena_zalloc(arena, sizeof(**rows) * (size_t)cap);
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, blind);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_member_rec m;
        if ((rc = read_member(st, arena, &m, err)))
            break;
        if (!visible(scope, self_id, &m))
            continue;
        *rows = grow(arena, *rows, *n, &cap);
        (*rows)[(*n)++] = m;
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_member_active_id(struct dj_db *db, const char *blind, int64_t exclude_id, int64_t *id,
                              struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT id FROM members WHERE id_blind = $1 AND status NOT IN "
                           "('left', 'deceased') AND id <> $2 LIMIT 1",
                           &st, err);

    *id = 0;
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, blind);
    dj_stmt_bind_int64(st, 2, exclude_id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        *id = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

/*
 * ---- lists ----------------------------------------------------------------
 *
 * A list statement is put together from the static fragments below, one per
 * filter that is in use, so that an unused filter neither costs a row fetch
 * nor stops an index from covering the query. Fragments hold no values:
 * each '?' becomes the next $n and its value is bound, so input never
 * reaches the SQL text, and the statement cache keys on the (bounded) set of
 * fragment combinations.
 *
 * Which index drives the scan is chosen by the size of the subtree (SQLite
 * syntax: a unary '+' keeps a column from being used as an index key):
 *   - a name of 3+ characters: the FTS5 trigram index, rows by rowid;
 *   - a small subtree (< SMALL_SUBTREE members): members_path, then sort;
 *   - a large one: the index that gives the order (rowid for id, members_name
 *     for name, and for a 1-2 character name prefix members_name), filtering
 *     by path, so that LIMIT stops the scan early.
 * NEEDSWORK: the PostgreSQL driver will need its own hints (no '+', no FTS5).
 */

#define SMALL_SUBTREE 5000
#define QB_MAX_SQL 6144
#define QB_MAX_ARGS 40

struct qarg {
    bool is_int;
    int64_t i;
    const char *s; /* NULL binds NULL */
};

struct qb {
    char sql[QB_MAX_SQL];
    size_t len;
    int nargs;
    struct qarg args[QB_MAX_ARGS];
};

/* Append a fragment; each '?' in it takes the next of the `n` values. */
static void qb_put(struct qb *q, const char *frag, int n, const struct qarg *vals)
{
    int used = 0;

    for (const char *p = frag; *p; p++) {
        char num[16];
        const char *piece = p;
        size_t len = 1;

        if (*p == '?') {
            if (used >= n || q->nargs >= QB_MAX_ARGS)
                dj_die("member list: fragment has more '?' than values: %s", frag);
            q->args[q->nargs++] = vals[used++];
            snprintf(num, sizeof(num), "$%d", q->nargs);
            piece = num;
            len = strlen(num);
        }
        if (q->len + len >= sizeof(q->sql))
            dj_die("member list: statement longer than %d bytes", QB_MAX_SQL);
        memcpy(q->sql + q->len, piece, len);
        q->len += len;
    }
    q->sql[q->len] = '\0';
    if (used != n)
        dj_die("member list: fragment has fewer '?' than values: %s", frag);
}

static void qb_sql(struct qb *q, const char *frag)
{
    qb_put(q, frag, 0, NULL);
}

static void qb_text(struct qb *q, const char *frag, const char *a)
{
    struct qarg v[1] = {{false, 0, a}};
    qb_put(q, frag, 1, v);
}

static void qb_text2(struct qb *q, const char *frag, const char *a, const char *b)
{
    struct qarg v[2] = {{false, 0, a}, {false, 0, b}};
    qb_put(q, frag, 2, v);
}

static void qb_int2(struct qb *q, const char *frag, int64_t a, int64_t b)
{
    struct qarg v[2] = {{true, a, NULL}, {true, b, NULL}};
    qb_put(q, frag, 2, v);
}

static int qb_prepare(struct dj_db *db, const struct qb *q, struct dj_stmt **st, struct dj_err *err)
{
    int rc = dj_db_prepare(db, q->sql, st, err);

    if (rc)
        return rc;
    for (int i = 0; i < q->nargs; i++) {
        const struct qarg *a = &q->args[i];
        if (a->is_int)
            rc = dj_stmt_bind_int64(*st, i + 1, a->i);
        else if (a->s)
            rc = dj_stmt_bind_text(*st, i + 1, a->s);
        else
            rc = dj_stmt_bind_null(*st, i + 1);
        if (rc)
            return dj_err_set(err, rc, NULL, "数据库错误");
    }
    return 0;
}

/* The subtrees a list covers: the filter's one, or the whole scope. */
struct ranges {
    bool all;
    int n;
    char lo[DJ_SCOPE_MAX][DJ_PATH_MAX], hi[DJ_SCOPE_MAX][DJ_PATH_MAX];
    char blo[DJ_PATH_MAX], bhi[DJ_PATH_MAX]; /* bounding range of them all */
};

static void make_ranges(const struct dj_scope *scope, const struct dj_member_filter *f,
                        struct ranges *r)
{
    memset(r, 0, sizeof(*r));
    if (f->subtree) {
        r->n = 1;
        dj_path_range(f->subtree, r->lo[0], r->hi[0], DJ_PATH_MAX);
    } else if (scope->all) {
        r->all = true;
    } else {
        r->n = scope->n;
        for (int i = 0; i < scope->n; i++)
            dj_path_range(scope->paths[i], r->lo[i], r->hi[i], DJ_PATH_MAX);
    }
    /* every path starts with '/', so ['/', '0') is everything; ['/', '/') nothing */
    dj_strlcpy(r->blo, "/", sizeof(r->blo));
    dj_strlcpy(r->bhi, r->all ? "0" : "/", sizeof(r->bhi));
    for (int i = 0; i < r->n; i++) {
        if (i == 0 || strcmp(r->lo[i], r->blo) < 0)
            dj_strlcpy(r->blo, r->lo[i], sizeof(r->blo));
        if (i == 0 || strcmp(r->hi[i], r->bhi) > 0)
            dj_strlcpy(r->bhi, r->hi[i], sizeof(r->bhi));
    }
}

/* Whether fewer than SMALL_SUBTREE members lie in the bounding range (an index-only count). */
static int small_subtree(struct dj_db *db, const struct ranges *r, bool *small, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc;

    *small = false;
    if (r->all)
        return 0;
    rc = dj_db_prepare(db,
                       "SELECT COUNT(*) FROM (SELECT 1 FROM members WHERE org_path >= $1 AND "
                       "org_path < $2 LIMIT $3)",
                       &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, r->blo);
    dj_stmt_bind_text(st, 2, r->bhi);
    dj_stmt_bind_int64(st, 3, SMALL_SUBTREE);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        *small = dj_stmt_int64(st, 0) < SMALL_SUBTREE;
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

/* Upper bound of a prefix range: the prefix followed by U+10FFFF sorts after every extension. */
static char *prefix_hi(struct dj_arena *arena, const char *prefix)
{
    return dj_arena_printf(arena, "%s\xF4\x8F\xBF\xBF", prefix);
}

/*
 * FROM and WHERE for the filters. path_key / name_key: whether members_path
 * / members_name may drive the scan.
 */
static void qb_where(struct qb *q, const struct ranges *r, const struct dj_member_filter *f,
                     bool path_key, bool name_key, struct dj_arena *arena)
{
    char d1[24], d2[24];

    if (f->name_fts && *f->name_fts)
        qb_text(q,
                " FROM members_fts f CROSS JOIN members m ON m.id = f.rowid WHERE "
                "f.members_fts MATCH ? AND ",
                f->name_fts);
    else
        qb_sql(q, " FROM members m WHERE ");
    if (!r->all)
        qb_text2(q,
                 path_key ? "m.org_path >= ? AND m.org_path < ?"
                          : "+m.org_path >= ? AND +m.org_path < ?",
                 r->blo, r->bhi);
    else
        qb_sql(q, "1 = 1");
    if (r->n > 1) {
        qb_sql(q, " AND (");
        for (int i = 0; i < r->n; i++)
            qb_text2(q,
                     i ? " OR (+m.org_path >= ? AND +m.org_path < ?)"
                       : "(+m.org_path >= ? AND +m.org_path < ?)",
                     r->lo[i], r->hi[i]);
        qb_sql(q, ")");
    }
    if (f->status)
        qb_text(q, " AND m.status = ?", f->status);
    else if (f->active_only)
        qb_sql(q, " AND m.status NOT IN ('left', 'deceased')");
    if (f->category)
        qb_text(q, " AND m.category = ?", f->category);
    if (f->gender)
        qb_text(q, " AND m.gender = ?", f->gender);
    if (f->education)
        qb_text(q, " AND m.education = ?", f->education);
    if (f->domain)
        qb_text(q, " AND m.org_id IN (SELECT id FROM orgs WHERE domain = ?)", f->domain);
    if (dj_date_isset(f->birth_from))
        qb_text(q, " AND m.birth_date >= ?",
                dj_arena_strdup(arena, dj_date_format(f->birth_from, d1)));
    if (dj_date_isset(f->birth_to))
        qb_text(q, " AND m.birth_date <= ?",
                dj_arena_strdup(arena, dj_date_format(f->birth_to, d1)));
    if (f->joined_year > 0 && f->joined_year < 9999) {
        snprintf(d1, sizeof(d1), "%04d-01-01", f->joined_year);
        snprintf(d2, sizeof(d2), "%04d-01-01", f->joined_year + 1);
        qb_text2(q, " AND m.joined_on >= ? AND m.joined_on < ?", dj_arena_strdup(arena, d1),
                 dj_arena_strdup(arena, d2));
    }
    if (f->name_prefix && *f->name_prefix)
        qb_text2(q,
                 name_key ? " AND m.name >= ? AND m.name < ?" : " AND +m.name >= ? AND +m.name < ?",
                 f->name_prefix, prefix_hi(arena, f->name_prefix));
}

static const char *order_by(enum dj_member_sort sort, bool desc)
{
    static const char *const asc_keys[] = {"m.id", "m.name, m.id", "m.joined_on, m.id",
                                           "m.birth_date, m.id"};
    static const char *const desc_keys[] = {"m.id DESC", "m.name DESC, m.id DESC",
                                            "m.joined_on DESC, m.id DESC",
                                            "m.birth_date DESC, m.id DESC"};
    int i = (unsigned)sort < 4 ? (int)sort : 0;
    return desc ? desc_keys[i] : asc_keys[i];
}

int dj_store_member_list(struct dj_db *db, const struct dj_scope *scope,
                         const struct dj_member_filter *f, struct dj_arena *arena,
                         struct dj_member_rec **rows, int *n, int64_t *total, struct dj_err *err)
{
    bool fts = f->name_fts && *f->name_fts, prefix = f->name_prefix && *f->name_prefix;
    bool ordered = f->sort == DJ_MSORT_ID || f->sort == DJ_MSORT_NAME, small = true;
    int limit = f->limit < 1 ? 50 : f->limit > 200 ? 200 : f->limit;
    struct ranges r;
    struct dj_stmt *st;
    struct qb *q = dj_arena_zalloc(arena, sizeof(*q));
    int rc;

    *n = 0;
    *total = 0;
    *rows = dj_arena_zalloc(arena, sizeof(**rows) * (size_t)limit);
    make_ranges(scope, f, &r);
    if (!r.all && r.n == 0)
        return 0; /* nothing visible */
    if (!fts && (prefix || ordered) && (rc = small_subtree(db, &r, &small, err)))
        return rc;

    /* the count: members_path covers the default filters; a long name prefix drives itself */
    qb_sql(q, "SELECT COUNT(*)");
    qb_where(q, &r, f, !(prefix && !small), prefix && !small, arena);
    if ((rc = qb_prepare(db, q, &st, err)))
        return rc;
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        *total = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    if (rc < 0)
        return rc;
    if (*total <= f->offset)
        return 0;

    /* the page: paginate members alone, then join the few rows to their branch */
    memset(q, 0, sizeof(*q));
    qb_sql(q, "SELECT " MEMBER_COLS " FROM (SELECT m.*");
    if (prefix)
        qb_where(q, &r, f, small, !small, arena);
    else
        qb_where(q, &r, f, small || !ordered, false, arena);
    qb_sql(q, " ORDER BY ");
    qb_sql(q, order_by(f->sort, f->desc));
    qb_int2(q, " LIMIT ? OFFSET ?", limit, f->offset < 0 ? 0 : f->offset);
    qb_sql(q, ") m JOIN orgs o ON o.id = m.org_id ORDER BY ");
    qb_sql(q, order_by(f->sort, f->desc));
    if ((rc = qb_prepare(db, q, &st, err)))
        return rc;
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW && *n < limit) {
        if ((rc = read_member(st, arena, &(*rows)[*n], err)))
            break;
        (*n)++;
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

/* ---- accounts and organisations ----------------------------------------- */

static int exec_ids(struct dj_db *db, const char *sql, int64_t a, int64_t b, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, a);
    if (b >= 0)
        dj_stmt_bind_int64(st, 2, b);
    rc = dj_stmt_step(st, err);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_member_link_user(struct dj_db *db, int64_t id, int64_t user_id, struct dj_err *err)
{
    int rc;

    /* unlink the member's old account and the account's old member */
    rc = exec_ids(db, "UPDATE users SET member_id = NULL WHERE member_id = $1", id, -1, err);
    if (!rc)
        rc = exec_ids(db, "UPDATE members SET user_id = NULL WHERE id = $1", id, -1, err);
    if (!rc && user_id > 0)
        rc = exec_ids(db, "UPDATE members SET user_id = NULL WHERE user_id = $1", user_id, -1, err);
    if (rc || user_id <= 0)
        return rc;
    rc = exec_ids(db, "UPDATE members SET user_id = $2 WHERE id = $1", id, user_id, err);
    if (!rc && dj_db_changes(db) == 0)
        return dj_err_set(err, DJ_ENOTFOUND, NULL, "党员记录不存在");
    if (!rc)
        rc = exec_ids(db, "UPDATE users SET member_id = $2 WHERE id = $1", user_id, id, err);
    if (!rc && dj_db_changes(db) == 0)
        return dj_err_set(err, DJ_ENOTFOUND, "user_id", "账号不存在");
    return rc;
}

int dj_store_member_org(struct dj_db *db, int64_t id, struct dj_member_org *out, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT id, COALESCE(parent_id, 0), path, kind, status FROM orgs "
                           "WHERE id = $1",
                           &st, err);

    memset(out, 0, sizeof(*out));
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        out->id = dj_stmt_int64(st, 0);
        out->parent_id = dj_stmt_int64(st, 1);
        dj_strlcpy(out->path, dj_stmt_text(st, 2), sizeof(out->path));
        dj_strlcpy(out->kind, dj_stmt_text(st, 3), sizeof(out->kind));
        dj_strlcpy(out->status, dj_stmt_text(st, 4), sizeof(out->status));
        rc = 0;
    } else if (rc == DJ_DONE) {
        rc = dj_err_set(err, DJ_ENOTFOUND, "org_id", "组织不存在");
    }
    dj_stmt_reset(st);
    return rc;
}
