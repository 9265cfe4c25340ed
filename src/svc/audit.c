/* audit.c - hash-chained audit rows written inside the caller's transaction. */
#include "base/compat.h"
#include "svc/audit.h"
#include "svc/svc.h"

#include <sodium.h>

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* Keyed hash of prev_hash and every field, separated by 0x1f, NULL as 0x1e. */
static void row_hash(const struct dj_audit_row *r, char out[65])
{
    crypto_generichash_state st;
    unsigned char h[32];
    char idbuf[24], uidbuf[24];
    const char *parts[13];
    int np = 0;

    snprintf(idbuf, sizeof(idbuf), "%lld", (long long)r->id);
    snprintf(uidbuf, sizeof(uidbuf), "%lld", (long long)r->user_id);
    parts[np++] = r->prev_hash;
    parts[np++] = idbuf;
    parts[np++] = r->at;
    parts[np++] = uidbuf;
    parts[np++] = r->username;
    parts[np++] = r->action;
    parts[np++] = r->record_type;
    parts[np++] = r->record_id;
    parts[np++] = r->org_path;
    parts[np++] = r->before_json;
    parts[np++] = r->after_json;
    parts[np++] = r->client_ip;

    crypto_generichash_init(&st, dj_svc()->key, DJ_KEY_BYTES, sizeof(h));
    for (int i = 0; i < np; i++) {
        static const unsigned char sep = 0x1f, nul = 0x1e;
        if (parts[i])
            crypto_generichash_update(&st, (const unsigned char *)parts[i], strlen(parts[i]));
        else
            crypto_generichash_update(&st, &nul, 1);
        crypto_generichash_update(&st, &sep, 1);
    }
    crypto_generichash_final(&st, h, sizeof(h));
    dj_hex(h, sizeof(h), out);
}

static char *dump(json_t *j)
{
    return j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
}

int dj_audit_write(struct dj_db *db, const struct dj_actor *actor, const char *action,
                   const char *record_type, const char *record_id, const char *org_path,
                   json_t *before, json_t *after, struct dj_err *err)
{
    struct dj_audit_row r = {0};
    char prev[65], hash[65], at[32];
    int64_t last_id;
    int rc;

    if (!dj_db_in_tx(db))
        return dj_err_set(err, DJ_EINTERNAL, NULL, "内部错误：审计记录必须在事务中写入");
    if (!dj_svc()->key_loaded)
        return dj_err_set(err, DJ_EINTERNAL, NULL, "内部错误：密钥未加载");
    rc = dj_store_audit_head(db, prev, &last_id, err);
    if (rc)
        return rc;
    r.id = last_id + 1;
    r.at = dj_now_iso(at, sizeof(at));
    r.user_id = actor->user_id;
    r.username = actor->username;
    r.action = action;
    r.record_type = record_type;
    r.record_id = record_id;
    r.org_path = org_path && *org_path ? org_path : NULL;
    r.before_json = dump(before);
    r.after_json = dump(after);
    r.client_ip = actor->client_ip[0] ? actor->client_ip : NULL;
    r.prev_hash = last_id ? prev : ZERO_HASH;
    row_hash(&r, hash);
    r.hash = hash;
    rc = dj_store_audit_insert(db, &r, err);
    free((char *)r.before_json);
    free((char *)r.after_json);
    return rc;
}

struct verify_ctx {
    struct dj_audit_verify *out;
    char prev[65];
    int64_t expect_id;
};

static int verify_row(void *p, const struct dj_audit_row *r)
{
    struct verify_ctx *c = p;
    char h[65];

    c->out->rows++;
    if (r->id != c->expect_id) {
        c->out->broken_id = r->id;
        snprintf(c->out->reason, sizeof(c->out->reason), "id gap: expected %lld",
                 (long long)c->expect_id);
        return 1;
    }
    if (!r->prev_hash || strcmp(r->prev_hash, c->prev)) {
        c->out->broken_id = r->id;
        dj_strlcpy(c->out->reason, "prev_hash does not match the previous row",
                   sizeof(c->out->reason));
        return 1;
    }
    row_hash(r, h);
    if (!r->hash || strcmp(h, r->hash)) {
        c->out->broken_id = r->id;
        dj_strlcpy(c->out->reason, "hash does not match the row contents", sizeof(c->out->reason));
        return 1;
    }
    dj_strlcpy(c->prev, r->hash, sizeof(c->prev));
    c->expect_id++;
    return 0;
}

int dj_audit_verify(struct dj_db *db, struct dj_audit_verify *out, struct dj_err *err)
{
    struct verify_ctx c;
    int rc;

    memset(out, 0, sizeof(*out));
    c.out = out;
    c.expect_id = 1;
    dj_strlcpy(c.prev, ZERO_HASH, sizeof(c.prev));
    if (!dj_svc()->key_loaded)
        return dj_err_set(err, DJ_EINTERNAL, NULL, "密钥未加载，无法校验审计日志");
    rc = dj_store_audit_each(db, verify_row, &c, err);
    return rc == 1 ? 0 : rc;
}

int dj_audit_list(struct dj_db *db, const struct dj_actor *actor, const struct dj_audit_filter *f,
                  struct dj_arena *arena, struct dj_audit_row **rows, int *n, struct dj_err *err)
{
    struct dj_scope scope;

    dj_scope_for(actor, DJ_PERM_AUDIT, &scope);
    *n = 0;
    *rows = NULL;
    if (!scope.all && scope.n == 0)
        return dj_err_set(err, DJ_EPERM, NULL, "无权查看审计日志");
    return dj_store_audit_list(db, &scope, f, arena, rows, n, err);
}
