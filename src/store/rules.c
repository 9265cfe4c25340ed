/* rules.c - SQL for rule overrides. */
#include "base/compat.h"
#include "store/rules.h"

int dj_store_overrides_all(struct dj_db *db, struct dj_arena *arena, struct dj_override_row **rows,
                           size_t *n, struct dj_err *err)
{
    struct dj_stmt *st;
    size_t cap = 16;
    int rc = dj_db_prepare(db,
                           "SELECT r.rule_id, COALESCE(r.org_id, 0), o.path, r.value, "
                           "r.effective_from, r.note FROM rule_overrides r "
                           "LEFT JOIN orgs o ON o.id = r.org_id "
                           "ORDER BY r.rule_id, COALESCE(r.org_id, 0), r.effective_from",
                           &st, err);
    *n = 0;
    *rows = dj_arena_alloc(arena, sizeof(**rows) * cap);
    if (rc)
        return rc;
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_override_row *r;
        const char *path = dj_stmt_text(st, 2), *note = dj_stmt_text(st, 5);
        int64_t v;

        if (*n == cap) {
            struct dj_override_row *grown = dj_arena_alloc(arena, sizeof(**rows) * cap * 2);
            memcpy(grown, *rows, sizeof(**rows) * cap);
            *rows = grown;
            cap *= 2;
        }
        r = &(*rows)[(*n)++];
        r->rule_id = dj_arena_strdup(arena, dj_stmt_text(st, 0));
        r->org_id = dj_stmt_int64(st, 1);
        r->org_path = path ? dj_arena_strdup(arena, path) : NULL;
        if (dj_parse_i64(dj_stmt_text(st, 3), &v))
            v = INT64_MIN; /* rejected by dj_rules_set_overrides with the rule named */
        r->value = v;
        r->effective_from = dj_arena_strdup(arena, dj_stmt_text(st, 4));
        r->note = note ? dj_arena_strdup(arena, note) : NULL;
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_override_put(struct dj_db *db, const struct dj_override_row *r, struct dj_err *err)
{
    struct dj_stmt *st;
    char value[24];
    int rc;

    /* (rule_id, org_id, effective_from) is the key; NULL org_id needs an explicit delete */
    rc = dj_db_prepare(db,
                       "DELETE FROM rule_overrides WHERE rule_id = $1 AND "
                       "COALESCE(org_id, 0) = $2 AND effective_from = $3",
                       &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, r->rule_id);
    dj_stmt_bind_int64(st, 2, r->org_id);
    dj_stmt_bind_text(st, 3, r->effective_from);
    rc = dj_stmt_step(st, err);
    dj_stmt_reset(st);
    if (rc < 0)
        return rc;
    rc = dj_db_prepare(db,
                       "INSERT INTO rule_overrides (rule_id, org_id, value, effective_from, note) "
                       "VALUES ($1, $2, $3, $4, $5)",
                       &st, err);
    if (rc)
        return rc;
    snprintf(value, sizeof(value), "%lld", (long long)r->value);
    dj_stmt_bind_text(st, 1, r->rule_id);
    if (r->org_id)
        dj_stmt_bind_int64(st, 2, r->org_id);
    else
        dj_stmt_bind_null(st, 2);
    dj_stmt_bind_text(st, 3, value);
    dj_stmt_bind_text(st, 4, r->effective_from);
    dj_stmt_bind_text(st, 5, r->note);
    rc = dj_stmt_step(st, err);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}
