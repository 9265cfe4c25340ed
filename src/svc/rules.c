/* rules.c (svc) - rule overrides: load, validate, store, audit. */
#include "base/compat.h"
#include "rules/ruletab.h"
#include "store/org.h"
#include "store/rules.h"
#include "svc/audit.h"
#include "svc/rules.h"
#include "svc/svc.h"

#include <pthread.h>

/* Serialises writers so that "load all, add one, validate, store" is atomic. */
static pthread_mutex_t override_lock = PTHREAD_MUTEX_INITIALIZER;

/* Turn stored rows into rule-table overrides (dates parsed into `out`). */
static int to_overrides(const struct dj_override_row *rows, size_t n, struct dj_arena *arena,
                        struct dj_rule_override **out, struct dj_err *err)
{
    *out = dj_arena_zalloc(arena, sizeof(**out) * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        int rc =
            dj_date_parse(rows[i].effective_from, &(*out)[i].effective_from, "effective_from", err);
        if (rc)
            return rc;
        (*out)[i].rule_id = rows[i].rule_id;
        (*out)[i].org_path = rows[i].org_path;
        (*out)[i].value = rows[i].value;
    }
    return 0;
}

int dj_rules_load(struct dj_db *db, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    struct dj_override_row *rows;
    struct dj_rule_override *ov;
    size_t n;
    int rc;

    pthread_mutex_lock(&override_lock);
    rc = dj_store_overrides_all(db, arena, &rows, &n, err);
    if (!rc)
        rc = to_overrides(rows, n, arena, &ov, err);
    if (!rc)
        rc = dj_rules_set_overrides(ov, n, err);
    pthread_mutex_unlock(&override_lock);
    dj_arena_free(arena);
    return rc;
}

int dj_rule_override_set(struct dj_db *db, const struct dj_actor *actor,
                         const struct dj_override_new *o, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    struct dj_override_row *rows, *all, row = {0};
    struct dj_rule_override *ov;
    struct dj_org_row org;
    struct dj_scope scope;
    char from[11], path[DJ_PATH_MAX] = "";
    json_t *after;
    size_t n;
    int rc;

    if (!o->rule_id || !dj_rule_find(o->rule_id, o->effective_from)) {
        rc = dj_err_set(err, DJ_EINVAL, "rule_id", "规则不存在或在该日期尚未生效");
        goto out;
    }
    if (o->org_id == 0) {
        rc = dj_actor_is_sysadmin(actor)
                 ? 0
                 : dj_err_set(err, DJ_EPERM, NULL, "只有系统管理员可以修改全局规则");
    } else {
        dj_scope_for(actor, DJ_PERM_WRITE, &scope);
        rc = dj_store_org_get(db, &scope, o->org_id, &org, err);
        if (rc == DJ_ENOTFOUND)
            rc = scope.all ? dj_err_set(err, DJ_EINVAL, "org_id", "组织不存在")
                           : dj_err_set(err, DJ_EPERM, NULL, "无权访问该组织的数据");
        else if (!rc && strcmp(org.kind, "committee") && strcmp(org.kind, "work_committee") &&
                 strcmp(org.kind, "community_committee"))
            rc = dj_err_set(err, DJ_EINVAL, "org_id", "地方规则只能按党委或党工委设置");
        if (!rc)
            dj_strlcpy(path, org.path, sizeof(path));
    }
    if (rc)
        goto out;

    row.rule_id = o->rule_id;
    row.org_id = o->org_id;
    row.org_path = o->org_id ? path : NULL;
    row.value = o->value;
    row.effective_from = dj_date_format(o->effective_from, from);
    row.note = o->note;

    pthread_mutex_lock(&override_lock);
    rc = dj_db_begin(db, true, err);
    if (!rc)
        rc = dj_store_overrides_all(db, arena, &rows, &n, err);
    if (!rc) {
        /* the new set = the stored one with this (rule, org, date) replaced */
        size_t m = 0;
        all = dj_arena_alloc(arena, sizeof(*all) * (n + 1));
        for (size_t i = 0; i < n; i++)
            if (strcmp(rows[i].rule_id, row.rule_id) || rows[i].org_id != row.org_id ||
                strcmp(rows[i].effective_from, row.effective_from))
                all[m++] = rows[i];
        all[m++] = row;
        rc = to_overrides(all, m, arena, &ov, err);
        /* validate (and install) first; if anything after fails, the stored set is reloaded */
        if (!rc)
            rc = dj_rules_set_overrides(ov, m, err);
        if (!rc)
            rc = dj_store_override_put(db, &row, err);
        if (!rc) {
            after = json_pack("{s:s,s:I,s:I,s:s,s:s?}", "rule_id", row.rule_id, "org_id",
                              (json_int_t)row.org_id, "value", (json_int_t)row.value,
                              "effective_from", row.effective_from, "note", row.note);
            rc = dj_audit_write(db, actor, "rule.override", "rule", row.rule_id, path, NULL, after,
                                err);
            json_decref(after);
        }
    }
    if (!rc)
        rc = dj_db_commit(db, err);
    if (rc) {
        dj_db_rollback(db);
        pthread_mutex_unlock(&override_lock);
        dj_rules_load(db, NULL);
        goto out;
    }
    pthread_mutex_unlock(&override_lock);
out:
    dj_arena_free(arena);
    return rc;
}
