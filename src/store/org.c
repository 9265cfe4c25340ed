/* org.c - SQL for the organisation tree skeleton. */
#include "base/compat.h"
#include "store/org.h"

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
