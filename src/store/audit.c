/* audit.c - SQL for the audit log. */
#include "base/compat.h"
#include "store/audit.h"
#include "store/scoped.h"

#define AUDIT_COLS                                                                                 \
    "id, at, COALESCE(user_id, 0), username, action, record_type, record_id, org_path, "           \
    "before_json, after_json, client_ip, prev_hash, hash"

int dj_store_audit_head(struct dj_db *db, char *hash_out, int64_t *id_out, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", &st, err);
    hash_out[0] = '\0';
    *id_out = 0;
    if (rc)
        return rc;
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        *id_out = dj_stmt_int64(st, 0);
        dj_strlcpy(hash_out, dj_stmt_text(st, 1) ? dj_stmt_text(st, 1) : "", 65);
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

static void bind_opt(struct dj_stmt *st, int idx, const char *s)
{
    if (s)
        dj_stmt_bind_text(st, idx, s);
    else
        dj_stmt_bind_null(st, idx);
}

int dj_store_audit_insert(struct dj_db *db, const struct dj_audit_row *r, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "INSERT INTO audit_log (id, at, user_id, username, action, "
                           "record_type, record_id, org_path, before_json, after_json, "
                           "client_ip, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
                           "$9, $10, $11, $12, $13)",
                           &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, r->id);
    dj_stmt_bind_text(st, 2, r->at);
    if (r->user_id)
        dj_stmt_bind_int64(st, 3, r->user_id);
    else
        dj_stmt_bind_null(st, 3);
    dj_stmt_bind_text(st, 4, r->username);
    dj_stmt_bind_text(st, 5, r->action);
    dj_stmt_bind_text(st, 6, r->record_type);
    bind_opt(st, 7, r->record_id);
    bind_opt(st, 8, r->org_path);
    bind_opt(st, 9, r->before_json);
    bind_opt(st, 10, r->after_json);
    bind_opt(st, 11, r->client_ip);
    dj_stmt_bind_text(st, 12, r->prev_hash);
    dj_stmt_bind_text(st, 13, r->hash);
    rc = dj_stmt_step(st, err);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

static void read_row(struct dj_stmt *st, struct dj_audit_row *r, struct dj_arena *arena)
{
    const char **texts[] = {&r->at,        &r->username,  &r->action,      &r->record_type,
                            &r->record_id, &r->org_path,  &r->before_json, &r->after_json,
                            &r->client_ip, &r->prev_hash, &r->hash};
    const int cols[] = {1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    r->id = dj_stmt_int64(st, 0);
    r->user_id = dj_stmt_int64(st, 2);
    for (size_t i = 0; i < DJ_ARRAY_LEN(cols); i++) {
        const char *t = dj_stmt_text(st, cols[i]);
        *texts[i] = t ? (arena ? dj_arena_strdup(arena, t) : t) : NULL;
    }
}

int dj_store_audit_each(struct dj_db *db, int (*fn)(void *ctx, const struct dj_audit_row *r),
                        void *ctx, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, "SELECT " AUDIT_COLS " FROM audit_log ORDER BY id", &st, err);

    if (rc)
        return rc;
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_audit_row r;
        int stop;
        read_row(st, &r, NULL);
        stop = fn(ctx, &r);
        if (stop) {
            rc = stop;
            break;
        }
    }
    dj_stmt_reset(st);
    return rc < 0 || rc > DJ_ROW ? rc : 0;
}

int dj_store_audit_list(struct dj_db *db, const struct dj_scope *scope,
                        const struct dj_audit_filter *f, struct dj_arena *arena,
                        struct dj_audit_row **rows, int *n, struct dj_err *err)
{
    static const char *sql =
        "SELECT " AUDIT_COLS " FROM audit_log WHERE ($1 = 0 OR id < $1) "
        "AND ($2 IS NULL OR record_type = $2) AND ($3 IS NULL OR record_id = $3) "
        "AND ($4 IS NULL OR action = $4) AND ($5 = 1 OR "
        "(org_path >= $6 AND org_path < $7) OR (org_path >= $8 AND org_path < $9) OR "
        "(org_path >= $10 AND org_path < $11) OR (org_path >= $12 AND org_path < $13)) "
        "ORDER BY id DESC LIMIT $14";
    struct dj_stmt *st;
    int rc, limit = f->limit < 1 ? 50 : f->limit > 200 ? 200 : f->limit;

    *n = 0;
    *rows = dj_arena_zalloc(arena, sizeof(**rows) * (size_t)limit);
    rc = dj_db_prepare(db, sql, &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, f->before_id);
    bind_opt(st, 2, f->record_type);
    bind_opt(st, 3, f->record_id);
    bind_opt(st, 4, f->action);
    dj_stmt_bind_int64(st, 5, scope->all ? 1 : 0);
    dj_store_bind_scope(st, 6, scope);
    dj_stmt_bind_int64(st, 14, limit);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW && *n < limit)
        read_row(st, &(*rows)[(*n)++], arena);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_audit_for_record(struct dj_db *db, const char *record_type, const char *record_id,
                              int64_t after_id, int limit, struct dj_arena *arena,
                              struct dj_audit_row **rows, int *n, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc;

    limit = limit < 1 ? 100 : limit > 500 ? 500 : limit;
    *n = 0;
    *rows = dj_arena_zalloc(arena, sizeof(**rows) * (size_t)limit);
    rc = dj_db_prepare(db,
                       "SELECT " AUDIT_COLS " FROM audit_log WHERE record_type = $1 AND "
                       "record_id = $2 AND id > $3 ORDER BY id LIMIT $4",
                       &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, record_type);
    dj_stmt_bind_text(st, 2, record_id);
    dj_stmt_bind_int64(st, 3, after_id);
    dj_stmt_bind_int64(st, 4, limit);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW && *n < limit)
        read_row(st, &(*rows)[(*n)++], arena);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}
