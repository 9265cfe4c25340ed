/* import.c - organisation look-ups for the importer (see import.h). */
#include "base/compat.h"
#include "store/import.h"

#define COLS                                                                                       \
    "id, COALESCE(parent_id, 0), path, COALESCE(code, ''), name, kind, COALESCE(domain, ''), "     \
    "status"

static void read_row(struct dj_stmt *st, struct dj_org_row *o)
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

int dj_store_import_org_by_code(struct dj_db *db, const char *code, struct dj_org_row *out,
                                struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, "SELECT " COLS " FROM orgs WHERE code = $1", &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, code);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        read_row(st, out);
        rc = 0;
    } else if (rc == DJ_DONE) {
        rc = DJ_ENOTFOUND;
    }
    dj_stmt_reset(st);
    return rc;
}

int dj_store_import_orgs_by_name(struct dj_db *db, const char *name, struct dj_org_row *rows,
                                 int max, int *n, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT " COLS " FROM orgs WHERE name = $1 AND status = 'active' "
                           "ORDER BY id LIMIT $2",
                           &st, err);

    *n = 0;
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, name);
    dj_stmt_bind_int64(st, 2, max);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW && *n < max)
        read_row(st, &rows[(*n)++]);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}
