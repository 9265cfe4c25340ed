/*
 * org.c - SQL for the organisation tree (skeleton rows and full records),
 * moves, dissolution, subtree counts and posts. See org.h.
 *
 * Full records are read and written through the record descriptor
 * (model/org_rec.c): the REC_COLS list below is the descriptor's column
 * order, checked against it the first time a record is read.
 */
#include "base/compat.h"
#include "store/org.h"
#include "store/scoped.h"

#include <stdatomic.h>

#define ORG_COLS                                                                                   \
    "id, COALESCE(parent_id, 0), path, COALESCE(code, ''), name, kind, COALESCE(domain, ''), "     \
    "status"

static void read_org(struct dj_stmt *st, struct dj_org_row *o)
{
    memset(o, 0, sizeof(*o));
    o->id = dj_stmt_int64(st, 0);
    o->parent_id = dj_stmt_int64(st, 1);
    dj_strlcpy(o->path, dj_stmt_text(st, 2), sizeof(o->path));
    dj_strlcpy(o->code, dj_stmt_text(st, 3), sizeof(o->code));
    dj_strlcpy(o->name, dj_stmt_text(st, 4), sizeof(o->name));
    dj_strlcpy(o->kind, dj_stmt_text(st, 5), sizeof(o->kind));
    dj_strlcpy(o->domain, dj_stmt_text(st, 6), sizeof(o->domain));
    dj_strlcpy(o->status, dj_stmt_text(st, 7), sizeof(o->status));
}

int dj_store_org_path(struct dj_db *db, int64_t id, char *path, size_t pathsz, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, "SELECT path FROM orgs WHERE id = $1", &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        dj_strlcpy(path, dj_stmt_text(st, 0), pathsz);
        rc = 0;
    } else if (rc == DJ_DONE) {
        rc = dj_err_set(err, DJ_ENOTFOUND, NULL, "组织不存在");
    }
    dj_stmt_reset(st);
    return rc;
}

int dj_store_org_insert(struct dj_db *db, struct dj_org_row *org, const char *now,
                        struct dj_err *err)
{
    char parent_path[DJ_PATH_MAX] = "/";
    struct dj_stmt *st;
    int rc;

    if (org->parent_id) {
        rc = dj_store_org_path(db, org->parent_id, parent_path, sizeof(parent_path), err);
        if (rc)
            return rc == DJ_ENOTFOUND ? dj_err_set(err, DJ_EINVAL, "parent_id", "上级组织不存在")
                                      : rc;
    }
    rc = dj_db_prepare(db,
                       "INSERT INTO orgs (parent_id, path, code, name, kind, domain, status, "
                       "created_at, updated_at) VALUES ($1, '', $2, $3, $4, $5, 'active', $6, $6) "
                       "RETURNING id",
                       &st, err);
    if (rc)
        return rc;
    if (org->parent_id)
        dj_stmt_bind_int64(st, 1, org->parent_id);
    else
        dj_stmt_bind_null(st, 1);
    dj_stmt_bind_text(st, 2, org->code[0] ? org->code : NULL);
    dj_stmt_bind_text(st, 3, org->name);
    dj_stmt_bind_text(st, 4, org->kind);
    dj_stmt_bind_text(st, 5, org->domain[0] ? org->domain : NULL);
    dj_stmt_bind_text(st, 6, now);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        org->id = dj_stmt_int64(st, 0);
        /* run INSERT ... RETURNING to completion before the reset */
        while (dj_stmt_step(st, NULL) == DJ_ROW)
            ;
        rc = 0;
    } else if (rc == DJ_ECONFLICT) {
        rc = dj_err_set(err, DJ_ECONFLICT, "code", "党组织代码已存在");
    }
    dj_stmt_reset(st);
    if (rc)
        return rc;
    if ((size_t)snprintf(org->path, sizeof(org->path), "%s%lld/", parent_path,
                         (long long)org->id) >= sizeof(org->path))
        return dj_err_set(err, DJ_EINVAL, "parent_id", "组织层级过深");
    rc = dj_db_prepare(db, "UPDATE orgs SET path = $1 WHERE id = $2", &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, org->path);
    dj_stmt_bind_int64(st, 2, org->id);
    rc = dj_stmt_step(st, err);
    dj_stmt_reset(st);
    dj_strlcpy(org->status, "active", sizeof(org->status));
    return rc < 0 ? rc : 0;
}

int dj_store_org_get(struct dj_db *db, const struct dj_scope *scope, int64_t id,
                     struct dj_org_row *out, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, "SELECT " ORG_COLS " FROM orgs WHERE id = $1", &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        read_org(st, out);
        rc = dj_scope_contains(scope, out->path) ? 0 : DJ_ENOTFOUND;
        if (rc)
            memset(out, 0, sizeof(*out));
    } else if (rc == DJ_DONE) {
        rc = DJ_ENOTFOUND;
    }
    dj_stmt_reset(st);
    if (rc == DJ_ENOTFOUND)
        dj_err_set(err, DJ_ENOTFOUND, NULL, "组织不存在");
    return rc;
}

int dj_store_org_children(struct dj_db *db, const struct dj_scope *scope, int64_t parent_id,
                          struct dj_arena *arena, struct dj_org_row **rows, int *n,
                          struct dj_err *err)
{
    struct dj_stmt *st;
    int rc, cap = 16;

    *n = 0;
    *rows = dj_arena_alloc(arena, sizeof(**rows) * (size_t)cap);
    rc = dj_db_prepare(db,
                       "SELECT " ORG_COLS " FROM orgs WHERE COALESCE(parent_id, 0) = $1 "
                       "ORDER BY id",
                       &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, parent_id);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_org_row o;
        read_org(st, &o);
        if (!dj_scope_contains(scope, o.path))
            continue;
        if (*n == cap) {
            struct dj_org_row *grown = dj_arena_alloc(arena, sizeof(**rows) * (size_t)cap * 2);
            memcpy(grown, *rows, sizeof(**rows) * (size_t)cap);
            *rows = grown;
            cap *= 2;
        }
        (*rows)[(*n)++] = o;
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_org_count_subtree(struct dj_db *db, const char *path, int64_t *count,
                               struct dj_err *err)
{
    char lo[DJ_PATH_MAX], hi[DJ_PATH_MAX];
    struct dj_stmt *st;
    int rc =
        dj_db_prepare(db, "SELECT COUNT(*) FROM orgs WHERE path >= $1 AND path < $2", &st, err);

    *count = 0;
    if (rc)
        return rc;
    dj_path_range(path, lo, hi, sizeof(lo));
    dj_stmt_bind_text(st, 1, lo);
    dj_stmt_bind_text(st, 2, hi);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        *count = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

/* ---- full records ------------------------------------------------------------ */

/* Every column of dj_org_desc, in table order. */
#define REC_COLS                                                                                   \
    "id, parent_id, code, name, kind, industry, locality, secretary_name, contact_name, "          \
    "contact_phone_enc, founded_on, unit_situation, region_code, unit_name, unit_affiliation, "    \
    "unit_nature, legal_entity, legal_rep, private_tech, social_service_kind, institution_kind, "  \
    "domain, can_approve, path, status, dissolved_on, dissolve_reason, created_at, updated_at"

/* The fields written by dj_store_org_update_rec(), in table order ($1..$21). */
static const char *const update_keys[] = {
    "code",
    "name",
    "kind",
    "industry",
    "locality",
    "secretary_name",
    "contact_name",
    "contact_phone",
    "founded_on",
    "unit_situation",
    "region_code",
    "unit_name",
    "unit_affiliation",
    "unit_nature",
    "legal_entity",
    "legal_rep",
    "private_tech",
    "social_service_kind",
    "institution_kind",
    "domain",
    "can_approve",
    NULL,
};

static atomic_bool rec_cols_checked;

/* The first time, check that the SELECT's columns are the descriptor's, in order. */
static void check_rec_cols(struct dj_stmt *st)
{
    if (atomic_load(&rec_cols_checked))
        return;
    if (dj_stmt_columns(st) != dj_org_desc.nfields)
        dj_die("store/org.c: REC_COLS has %d columns, dj_org_desc %d fields", dj_stmt_columns(st),
               dj_org_desc.nfields);
    for (int i = 0; i < dj_org_desc.nfields; i++) {
        const char *name = dj_stmt_column_name(st, i);
        if (!name || strcmp(name, dj_org_desc.fields[i].column))
            dj_die("store/org.c: column %d is %s, dj_org_desc expects %s", i,
                   name ? name : "(null)", dj_org_desc.fields[i].column);
    }
    atomic_store(&rec_cols_checked, true);
}

static int read_rec(struct dj_stmt *st, struct dj_arena *arena, struct dj_org_rec *out,
                    struct dj_err *err)
{
    int rc;

    check_rec_cols(st);
    memset(out, 0, sizeof(*out));
    rc = dj_rec_from_row(&dj_org_desc, out, st, 0, arena);
    if (rc) {
        dj_err_set(err, rc, NULL, "数据库中的组织记录无法读取");
        return dj_err_detail(err, "dj_rec_from_row(org) failed: %d", rc);
    }
    return 0;
}

/* Append a record to an arena array that doubles as it grows. */
static void push_rec(struct dj_arena *arena, struct dj_org_rec **recs, int *n, int *cap,
                     const struct dj_org_rec *r)
{
    if (*n == *cap) {
        int ncap = *cap ? *cap * 2 : 16;
        struct dj_org_rec *grown = dj_arena_alloc(arena, sizeof(**recs) * (size_t)ncap);
        if (*n)
            memcpy(grown, *recs, sizeof(**recs) * (size_t)*n);
        *recs = grown;
        *cap = ncap;
    }
    (*recs)[(*n)++] = *r;
}

int dj_store_org_read(struct dj_db *db, const struct dj_scope *scope, int64_t id,
                      struct dj_arena *arena, struct dj_org_rec *out, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, "SELECT " REC_COLS " FROM orgs WHERE id = $1", &st, err);

    memset(out, 0, sizeof(*out));
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        rc = read_rec(st, arena, out, err);
        if (!rc && !dj_scope_contains(scope, out->path)) {
            memset(out, 0, sizeof(*out));
            rc = DJ_ENOTFOUND;
        }
    } else if (rc == DJ_DONE) {
        rc = DJ_ENOTFOUND;
    }
    dj_stmt_reset(st);
    if (rc == DJ_ENOTFOUND)
        dj_err_set(err, DJ_ENOTFOUND, NULL, "组织不存在");
    return rc;
}

int dj_store_org_insert_rec(struct dj_db *db, struct dj_org_rec *rec, const char *now,
                            struct dj_arena *arena, struct dj_err *err)
{
    char parent_path[DJ_PATH_MAX] = "/", path[DJ_PATH_MAX];
    struct dj_stmt *st;
    int rc;

    if (dj_rec_isset(&dj_org_desc, rec, DJ_ORG_F_PARENT_ID) && rec->parent_id) {
        rc = dj_store_org_path(db, rec->parent_id, parent_path, sizeof(parent_path), err);
        if (rc)
            return rc == DJ_ENOTFOUND ? dj_err_set(err, DJ_EINVAL, "parent_id", "上级组织不存在")
                                      : rc;
    }
    if (!dj_rec_isset(&dj_org_desc, rec, DJ_ORG_F_CAN_APPROVE)) {
        rec->can_approve = false;
        dj_rec_mark(&dj_org_desc, rec, DJ_ORG_F_CAN_APPROVE);
    }
    rc = dj_db_prepare(
        db,
        "INSERT INTO orgs (parent_id, code, name, kind, industry, locality, secretary_name, "
        "contact_name, contact_phone_enc, founded_on, unit_situation, region_code, unit_name, "
        "unit_affiliation, unit_nature, legal_entity, legal_rep, private_tech, "
        "social_service_kind, institution_kind, domain, can_approve, path, status, created_at, "
        "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
        "$16, $17, $18, $19, $20, $21, $22, '', 'active', $23, $23) RETURNING id",
        &st, err);
    if (rc)
        return rc;
    rc = dj_rec_bind(&dj_org_desc, rec, NULL, st, 1, err);
    if (!rc)
        rc = dj_stmt_bind_text(st, 23, now);
    if (!rc)
        rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        rec->id = dj_stmt_int64(st, 0);
        /* run INSERT ... RETURNING to completion before the reset */
        while (dj_stmt_step(st, NULL) == DJ_ROW)
            ;
        rc = 0;
    } else if (rc == DJ_ECONFLICT) {
        rc = dj_err_set(err, DJ_ECONFLICT, "code", "「党组织代码」已存在");
    } else if (rc == DJ_DONE) {
        rc = dj_err_set(err, DJ_EINTERNAL, NULL, "数据库操作失败");
    }
    dj_stmt_reset(st);
    if (rc)
        return rc;
    if ((size_t)snprintf(path, sizeof(path), "%s%lld/", parent_path, (long long)rec->id) >=
        sizeof(path))
        return dj_err_set(err, DJ_EINVAL, "parent_id", "组织层级过深");
    rc = dj_db_prepare(db, "UPDATE orgs SET path = $1 WHERE id = $2", &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, path);
    dj_stmt_bind_int64(st, 2, rec->id);
    rc = dj_stmt_step(st, err);
    dj_stmt_reset(st);
    if (rc < 0)
        return rc;
    rec->path = dj_arena_strdup(arena, path);
    rec->status = dj_arena_strdup(arena, "active");
    rec->created_at = dj_arena_strdup(arena, now);
    rec->updated_at = rec->created_at;
    dj_rec_mark(&dj_org_desc, rec, DJ_ORG_F_ID);
    dj_rec_mark(&dj_org_desc, rec, DJ_ORG_F_PATH);
    dj_rec_mark(&dj_org_desc, rec, DJ_ORG_F_STATUS);
    dj_rec_mark(&dj_org_desc, rec, DJ_ORG_F_CREATED_AT);
    dj_rec_mark(&dj_org_desc, rec, DJ_ORG_F_UPDATED_AT);
    return 0;
}

int dj_store_org_update_rec(struct dj_db *db, const struct dj_org_rec *rec, const char *now,
                            struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(
        db,
        "UPDATE orgs SET code = $1, name = $2, kind = $3, industry = $4, locality = $5, "
        "secretary_name = $6, contact_name = $7, contact_phone_enc = $8, founded_on = $9, "
        "unit_situation = $10, region_code = $11, unit_name = $12, unit_affiliation = $13, "
        "unit_nature = $14, legal_entity = $15, legal_rep = $16, private_tech = $17, "
        "social_service_kind = $18, institution_kind = $19, domain = $20, can_approve = $21, "
        "updated_at = $23 WHERE id = $22",
        &st, err);

    if (rc)
        return rc;
    rc = dj_rec_bind(&dj_org_desc, rec, update_keys, st, 1, err);
    if (!rc)
        rc = dj_stmt_bind_int64(st, 22, rec->id);
    if (!rc)
        rc = dj_stmt_bind_text(st, 23, now);
    if (!rc)
        rc = dj_stmt_step(st, err);
    dj_stmt_reset(st);
    if (rc == DJ_ECONFLICT)
        return dj_err_set(err, DJ_ECONFLICT, "code", "「党组织代码」已存在");
    if (rc < 0)
        return rc;
    if (dj_db_changes(db) != 1)
        return dj_err_set(err, DJ_ENOTFOUND, NULL, "组织不存在");
    return 0;
}

int dj_store_org_children_recs(struct dj_db *db, const struct dj_scope *scope, int64_t parent_id,
                               bool include_dissolved, struct dj_arena *arena,
                               struct dj_org_rec **recs, int *n, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc, cap = 0;

    *n = 0;
    *recs = NULL;
    if (parent_id)
        rc = dj_db_prepare(db,
                           "SELECT " REC_COLS " FROM orgs WHERE parent_id = $1 AND "
                           "($2 = 1 OR status = 'active') ORDER BY id",
                           &st, err);
    else
        rc = dj_db_prepare(db,
                           "SELECT " REC_COLS " FROM orgs WHERE parent_id IS NULL AND $1 = 0 AND "
                           "($2 = 1 OR status = 'active') ORDER BY id",
                           &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, parent_id);
    dj_stmt_bind_int64(st, 2, include_dissolved ? 1 : 0);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_org_rec r;
        rc = read_rec(st, arena, &r, err);
        if (rc)
            break;
        if (dj_scope_contains(scope, r.path))
            push_rec(arena, recs, n, &cap, &r);
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

/* "%" + text with \, % and _ escaped by \ + "%", in the arena. */
static char *like_contains(struct dj_arena *arena, const char *s)
{
    size_t n = strlen(s), o = 0;
    char *p = dj_arena_alloc(arena, 2 * n + 3);

    p[o++] = '%';
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' || s[i] == '%' || s[i] == '_')
            p[o++] = '\\';
        p[o++] = s[i];
    }
    p[o++] = '%';
    p[o] = '\0';
    return p;
}

#define SEARCH_WHERE                                                                               \
    " FROM orgs WHERE name LIKE $1 ESCAPE '\\' AND ($2 = 1 OR status = 'active') AND "             \
    "((path >= $3 AND path < $4) OR (path >= $5 AND path < $6) OR "                                \
    "(path >= $7 AND path < $8) OR (path >= $9 AND path < $10))"

int dj_store_org_search(struct dj_db *db, const struct dj_scope *scope,
                        const struct dj_org_search *q, struct dj_arena *arena,
                        struct dj_org_rec **recs, int *n, int64_t *total, struct dj_err *err)
{
    const char *pattern = like_contains(arena, q->name);
    struct dj_stmt *st;
    int rc, cap = 0;

    *n = 0;
    *recs = NULL;
    *total = 0;
    rc = dj_db_prepare(db, "SELECT COUNT(*)" SEARCH_WHERE, &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, pattern);
    dj_stmt_bind_int64(st, 2, q->include_dissolved ? 1 : 0);
    dj_store_bind_scope(st, 3, scope);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        *total = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    if (rc < 0 || *total == 0)
        return rc < 0 ? rc : 0;

    rc = dj_db_prepare(db, "SELECT " REC_COLS SEARCH_WHERE " ORDER BY path LIMIT $11 OFFSET $12",
                       &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, pattern);
    dj_stmt_bind_int64(st, 2, q->include_dissolved ? 1 : 0);
    dj_store_bind_scope(st, 3, scope);
    dj_stmt_bind_int64(st, 11, q->limit);
    dj_stmt_bind_int64(st, 12, q->offset);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_org_rec r;
        rc = read_rec(st, arena, &r, err);
        if (rc)
            break;
        push_rec(arena, recs, n, &cap, &r);
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

/* ---- tree changes -------------------------------------------------------------- */

/* Run a statement that returns nothing; the caller has bound it. */
static int step_done(struct dj_stmt *st, struct dj_err *err)
{
    int rc = dj_stmt_step(st, err);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

/* One integer from a statement the caller has bound (0 when no row). */
static int step_int(struct dj_stmt *st, int64_t *out, struct dj_err *err)
{
    int rc = dj_stmt_step(st, err);

    *out = 0;
    if (rc == DJ_ROW && !dj_stmt_is_null(st, 0))
        *out = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

/*
 * Every column outside orgs that keeps a copy of an organisation's path for
 * scope checks. Moving an organisation rewrites them all in the same
 * transaction, so a moved subtree's records follow it into the new upper
 * organisation's scope and out of the old one's. A table that adds such a
 * column adds a line here (tests/unit/store/test_pathcopies.c fails until it
 * does). members stays first: its count is reported. The audit log keeps the
 * path of the day it was written (append-only, hash-chained).
 */
const struct dj_path_copy dj_store_path_copies[] = {
    {"members", "org_path"},
    {"inbox", "org_path"},
    {"dev_applicants", "org_path"},
    {"dev_reviews", "org_path"},
    {"dev_reviews", "approver_path"},
    {"dev_plans", "org_path"},
    {"transfers", "from_path"},
    {"transfers", "approver_path"},
    {"transfers", "to_path"},
    {"flows", "home_path"},
    {"flows", "host_path"},
    {"dues_payments", "org_path"},
    {"meetings", "org_path"},
    {"life_counts", "org_path"},
    {"life_member_year", "org_path"},
    {"member_exemptions", "org_path"},
    {"training_records", "org_path"},
    {"compliance_exemptions", "org_path"},
    {"compliance_acks", "org_path"},
    {"dues_spendings", "org_path"},
    {NULL, NULL},
};

int dj_store_org_move(struct dj_db *db, int64_t id, const char *old_path, int64_t new_parent_id,
                      const char *new_path, const char *now, int64_t *orgs, int64_t *members,
                      struct dj_err *err)
{
    char lo[DJ_PATH_MAX], hi[DJ_PATH_MAX];
    size_t old_len = strlen(old_path), new_len = strlen(new_path);
    struct dj_stmt *st;
    int64_t longest, changed;
    int rc;

    if (orgs)
        *orgs = 0;
    if (members)
        *members = 0;
    dj_path_range(old_path, lo, hi, sizeof(lo));
    rc = dj_db_prepare(db, "SELECT MAX(LENGTH(path)) FROM orgs WHERE path >= $1 AND path < $2", &st,
                       err);
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, lo);
    dj_stmt_bind_text(st, 2, hi);
    rc = step_int(st, &longest, err);
    if (rc)
        return rc;
    if (longest - (int64_t)old_len + (int64_t)new_len >= DJ_PATH_MAX)
        return dj_err_set(err, DJ_EINVAL, "parent_id", "移动后组织层级过深");

    rc = dj_db_prepare(db,
                       "UPDATE orgs SET path = $1 || SUBSTR(path, CAST($2 AS INTEGER)), "
                       "updated_at = $3 WHERE path >= $4 AND path < $5",
                       &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, new_path);
    dj_stmt_bind_int64(st, 2, (int64_t)old_len + 1);
    dj_stmt_bind_text(st, 3, now);
    dj_stmt_bind_text(st, 4, lo);
    dj_stmt_bind_text(st, 5, hi);
    rc = step_done(st, err);
    if (rc)
        return rc;
    changed = dj_db_changes(db);
    if (orgs)
        *orgs = changed;

    rc = dj_db_prepare(db, "UPDATE orgs SET parent_id = $1 WHERE id = $2", &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, new_parent_id);
    dj_stmt_bind_int64(st, 2, id);
    rc = step_done(st, err);
    if (rc)
        return rc;

    for (const struct dj_path_copy *c = dj_store_path_copies; c->table; c++) {
        char sql[256];
        snprintf(sql, sizeof(sql),
                 "UPDATE %s SET %s = $1 || SUBSTR(%s, CAST($2 AS INTEGER)) "
                 "WHERE %s >= $3 AND %s < $4",
                 c->table, c->column, c->column, c->column, c->column);
        if ((rc = dj_db_prepare(db, sql, &st, err)))
            return rc;
        dj_stmt_bind_text(st, 1, new_path);
        dj_stmt_bind_int64(st, 2, (int64_t)old_len + 1);
        dj_stmt_bind_text(st, 3, lo);
        dj_stmt_bind_text(st, 4, hi);
        if ((rc = step_done(st, err)))
            return rc;
        if (members && c == dj_store_path_copies)
            *members = dj_db_changes(db);
    }
    return 0;
}

int dj_store_org_dissolve(struct dj_db *db, int64_t id, struct dj_date on, const char *reason,
                          const char *now, struct dj_err *err)
{
    char date[11];
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "UPDATE orgs SET status = 'dissolved', dissolved_on = $1, "
                           "dissolve_reason = $2, updated_at = $3 WHERE id = $4",
                           &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, dj_date_format(on, date));
    dj_stmt_bind_text(st, 2, reason);
    dj_stmt_bind_text(st, 3, now);
    dj_stmt_bind_int64(st, 4, id);
    return step_done(st, err);
}

int dj_store_org_active_children(struct dj_db *db, int64_t id, int64_t *n, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(
        db, "SELECT COUNT(*) FROM orgs WHERE parent_id = $1 AND status = 'active'", &st, err);

    *n = 0;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    return step_int(st, n, err);
}

int dj_store_org_active_members(struct dj_db *db, const char *path, int64_t *n, struct dj_err *err)
{
    char lo[DJ_PATH_MAX], hi[DJ_PATH_MAX];
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT COUNT(*) FROM members WHERE org_path >= $1 AND org_path < $2 "
                           "AND status NOT IN ('left', 'deceased')",
                           &st, err);

    *n = 0;
    if (rc)
        return rc;
    dj_path_range(path, lo, hi, sizeof(lo));
    dj_stmt_bind_text(st, 1, lo);
    dj_stmt_bind_text(st, 2, hi);
    return step_int(st, n, err);
}

int dj_store_org_direct_members(struct dj_db *db, int64_t id, int64_t *n, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT COUNT(*) FROM members WHERE org_id = $1 "
                           "AND status NOT IN ('left', 'deceased')",
                           &st, err);

    *n = 0;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    return step_int(st, n, err);
}

int dj_store_org_group_members(struct dj_db *db, int64_t group_id, int64_t branch_id, int64_t *n,
                               struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT COUNT(*) FROM members WHERE org_id = $1 AND group_id = $2 "
                           "AND status NOT IN ('left', 'deceased')",
                           &st, err);

    *n = 0;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, branch_id);
    dj_stmt_bind_int64(st, 2, group_id);
    return step_int(st, n, err);
}

int dj_store_org_child_kinds(struct dj_db *db, int64_t id, char (*kinds)[32], int max, int *n,
                             struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, "SELECT DISTINCT kind FROM orgs WHERE parent_id = $1 ORDER BY kind",
                           &st, err);

    *n = 0;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW)
        if (*n < max)
            dj_strlcpy(kinds[(*n)++], dj_stmt_text(st, 0), 32);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

/* ---- subtree counts ------------------------------------------------------------- */

/* Read (key, count) rows into keys[]. */
static int step_counts(struct dj_stmt *st, struct dj_org_count *keys, int *n, int64_t *total,
                       struct dj_err *err)
{
    int rc;

    *n = 0;
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        int64_t c = dj_stmt_int64(st, 1);
        *total += c;
        if (*n < DJ_ORG_COUNT_KEYS) {
            dj_strlcpy(keys[*n].key, dj_stmt_text(st, 0) ? dj_stmt_text(st, 0) : "",
                       sizeof(keys[*n].key));
            keys[(*n)++].n = c;
        }
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_org_counts(struct dj_db *db, const char *path, struct dj_org_counts *out,
                        struct dj_err *err)
{
    char lo[DJ_PATH_MAX], hi[DJ_PATH_MAX];
    struct dj_stmt *st;
    int rc;

    memset(out, 0, sizeof(*out));
    dj_path_range(path, lo, hi, sizeof(lo));
    rc = dj_db_prepare(db,
                       "SELECT kind, COUNT(*) FROM orgs WHERE path >= $1 AND path < $2 "
                       "AND status = 'active' GROUP BY kind ORDER BY kind",
                       &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, lo);
    dj_stmt_bind_text(st, 2, hi);
    rc = step_counts(st, out->kinds, &out->nkinds, &out->orgs_active, err);
    if (rc)
        return rc;

    rc = dj_db_prepare(db,
                       "SELECT COUNT(*) FROM orgs WHERE path >= $1 AND path < $2 "
                       "AND status <> 'active'",
                       &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, lo);
    dj_stmt_bind_text(st, 2, hi);
    rc = step_int(st, &out->orgs_dissolved, err);
    if (rc)
        return rc;

    rc = dj_db_prepare(db,
                       "SELECT category, COUNT(*) FROM members WHERE org_path >= $1 AND "
                       "org_path < $2 AND status IN ('normal', 'mobile', 'lost_contact') "
                       "GROUP BY category ORDER BY category",
                       &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, lo);
    dj_stmt_bind_text(st, 2, hi);
    return step_counts(st, out->categories, &out->ncategories, &out->members, err);
}

/* ---- posts ------------------------------------------------------------------------ */

/* Every column of dj_org_post_desc, in table order. */
#define POST_COLS                                                                                  \
    "id, org_id, post, member_id, person_name, start_on, end_on, principal_leader, note"

static const char *const post_insert_keys[] = {
    "org_id",           "post", "member_id", "person_name", "start_on", "end_on",
    "principal_leader", "note", NULL,
};

static int read_post(struct dj_stmt *st, struct dj_arena *arena, struct dj_org_post *out,
                     struct dj_err *err)
{
    int rc;

    memset(out, 0, sizeof(*out));
    rc = dj_rec_from_row(&dj_org_post_desc, out, st, 0, arena);
    if (rc) {
        dj_err_set(err, rc, NULL, "数据库中的任职记录无法读取");
        return dj_err_detail(err, "dj_rec_from_row(org_post) failed: %d", rc);
    }
    return 0;
}

int dj_store_post_get(struct dj_db *db, int64_t id, struct dj_arena *arena, struct dj_org_post *out,
                      struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, "SELECT " POST_COLS " FROM org_posts WHERE id = $1", &st, err);

    memset(out, 0, sizeof(*out));
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        rc = read_post(st, arena, out, err);
    else if (rc == DJ_DONE)
        rc = dj_err_set(err, DJ_ENOTFOUND, NULL, "任职记录不存在");
    dj_stmt_reset(st);
    return rc;
}

int dj_store_posts_list(struct dj_db *db, int64_t org_id, struct dj_arena *arena,
                        struct dj_org_post **posts, int *n, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc, cap = 0;

    *n = 0;
    *posts = NULL;
    rc = dj_db_prepare(db,
                       "SELECT " POST_COLS " FROM org_posts WHERE org_id = $1 ORDER BY "
                       "CASE WHEN end_on IS NULL THEN 0 ELSE 1 END, start_on DESC, id DESC",
                       &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, org_id);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_org_post p;
        rc = read_post(st, arena, &p, err);
        if (rc)
            break;
        if (*n == cap) {
            int ncap = cap ? cap * 2 : 16;
            struct dj_org_post *grown = dj_arena_alloc(arena, sizeof(**posts) * (size_t)ncap);
            if (*n)
                memcpy(grown, *posts, sizeof(**posts) * (size_t)*n);
            *posts = grown;
            cap = ncap;
        }
        (*posts)[(*n)++] = p;
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_post_insert(struct dj_db *db, struct dj_org_post *p, const char *now,
                         struct dj_err *err)
{
    struct dj_stmt *st;
    int rc;

    if (!dj_rec_isset(&dj_org_post_desc, p, DJ_POST_F_PRINCIPAL_LEADER)) {
        p->principal_leader = false;
        dj_rec_mark(&dj_org_post_desc, p, DJ_POST_F_PRINCIPAL_LEADER);
    }
    rc = dj_db_prepare(db,
                       "INSERT INTO org_posts (org_id, post, member_id, person_name, start_on, "
                       "end_on, principal_leader, note, created_at, updated_at) "
                       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
                       &st, err);
    if (rc)
        return rc;
    rc = dj_rec_bind(&dj_org_post_desc, p, post_insert_keys, st, 1, err);
    if (!rc)
        rc = dj_stmt_bind_text(st, 9, now);
    if (!rc)
        rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        p->id = dj_stmt_int64(st, 0);
        /* run INSERT ... RETURNING to completion before the reset */
        while (dj_stmt_step(st, NULL) == DJ_ROW)
            ;
        dj_rec_mark(&dj_org_post_desc, p, DJ_POST_F_ID);
        rc = 0;
    } else if (rc == DJ_DONE) {
        rc = dj_err_set(err, DJ_EINTERNAL, NULL, "数据库操作失败");
    }
    dj_stmt_reset(st);
    return rc;
}

int dj_store_post_end(struct dj_db *db, int64_t id, struct dj_date end_on, const char *now,
                      struct dj_err *err)
{
    char date[11];
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, "UPDATE org_posts SET end_on = $1, updated_at = $2 WHERE id = $3",
                           &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, dj_date_format(end_on, date));
    dj_stmt_bind_text(st, 2, now);
    dj_stmt_bind_int64(st, 3, id);
    return step_done(st, err);
}

int dj_store_post_overlap(struct dj_db *db, int64_t org_id, const char *post, struct dj_date on,
                          struct dj_arena *arena, struct dj_org_post *out, bool *found,
                          struct dj_err *err)
{
    char date[11];
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT " POST_COLS " FROM org_posts WHERE org_id = $1 AND post = $2 "
                           "AND (end_on IS NULL OR end_on > $3) ORDER BY start_on DESC, id DESC "
                           "LIMIT 1",
                           &st, err);

    *found = false;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, org_id);
    dj_stmt_bind_text(st, 2, post);
    dj_stmt_bind_text(st, 3, dj_date_format(on, date));
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        rc = read_post(st, arena, out, err);
        *found = rc == 0;
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_posts_started_after(struct dj_db *db, int64_t org_id, struct dj_date on, int64_t *n,
                                 struct dj_err *err)
{
    char date[11];
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT COUNT(*) FROM org_posts WHERE org_id = $1 AND end_on IS NULL "
                           "AND start_on > $2",
                           &st, err);

    *n = 0;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, org_id);
    dj_stmt_bind_text(st, 2, dj_date_format(on, date));
    return step_int(st, n, err);
}

int dj_store_posts_end_all(struct dj_db *db, int64_t org_id, struct dj_date on, const char *now,
                           int64_t *n, struct dj_err *err)
{
    char date[11];
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "UPDATE org_posts SET end_on = $1, updated_at = $2 WHERE org_id = $3 "
                           "AND end_on IS NULL",
                           &st, err);

    if (n)
        *n = 0;
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, dj_date_format(on, date));
    dj_stmt_bind_text(st, 2, now);
    dj_stmt_bind_int64(st, 3, org_id);
    rc = step_done(st, err);
    if (!rc && n)
        *n = dj_db_changes(db);
    return rc;
}

int dj_store_post_holder(struct dj_db *db, int64_t id, struct dj_post_holder *out,
                         struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT id, org_id, name, org_path, category, status, confirmed_on "
                           "FROM members WHERE id = $1",
                           &st, err);

    memset(out, 0, sizeof(*out));
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        const char *confirmed = dj_stmt_text(st, 6);
        out->id = dj_stmt_int64(st, 0);
        out->org_id = dj_stmt_int64(st, 1);
        dj_strlcpy(out->name, dj_stmt_text(st, 2) ? dj_stmt_text(st, 2) : "", sizeof(out->name));
        dj_strlcpy(out->org_path, dj_stmt_text(st, 3) ? dj_stmt_text(st, 3) : "",
                   sizeof(out->org_path));
        dj_strlcpy(out->category, dj_stmt_text(st, 4) ? dj_stmt_text(st, 4) : "",
                   sizeof(out->category));
        dj_strlcpy(out->status, dj_stmt_text(st, 5) ? dj_stmt_text(st, 5) : "",
                   sizeof(out->status));
        rc = 0;
        if (confirmed && *confirmed && dj_date_parse(confirmed, &out->confirmed_on, NULL, NULL))
            rc = dj_err_set(err, DJ_EDB, NULL, "数据库中的转正日期无法读取");
    } else if (rc == DJ_DONE) {
        rc = dj_err_set(err, DJ_ENOTFOUND, "member_id", "党员不存在");
    }
    dj_stmt_reset(st);
    return rc;
}
