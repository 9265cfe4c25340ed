/* org.c - organisation tree service (foundation skeleton). */
#include "base/compat.h"
#include "model/dict.h"
#include "svc/audit.h"
#include "svc/org.h"
#include "svc/svc.h"

static int validate(const struct dj_org_new *o, struct dj_err *err)
{
    size_t chars = 0;
    const struct dj_dict *kinds = dj_dict_find("org_kind");
    const struct dj_dict *domains = dj_dict_find("domain");

    if (!o->name || !*o->name)
        return dj_err_set(err, DJ_EINVAL, "name", "「组织名称」不能为空");
    if (!dj_utf8_valid(o->name))
        return dj_err_set(err, DJ_EINVAL, "name", "「组织名称」含有无效的 UTF-8 编码");
    for (const char *p = o->name; *p; p++) {
        if ((unsigned char)*p < 0x20)
            return dj_err_set(err, DJ_EINVAL, "name", "「组织名称」不能包含控制字符");
        if (((unsigned char)*p & 0xC0) != 0x80)
            chars++;
    }
    if (chars > 100)
        return dj_err_set(err, DJ_EINVAL, "name", "「组织名称」不能超过 100 个字符");
    if (o->code && *o->code) {
        size_t n = strlen(o->code);
        bool digits = n == 12;
        for (size_t i = 0; digits && i < n; i++)
            digits = o->code[i] >= '0' && o->code[i] <= '9';
        if (!digits)
            return dj_err_set(err, DJ_EINVAL, "code", "「党组织代码」应为 12 位数字");
    }
    if (!o->kind || !kinds || !dj_dict_label(kinds, o->kind))
        return dj_err_set(err, DJ_EINVAL, "kind", "「组织类别」的取值不在字典中");
    if (o->domain && *o->domain && (!domains || !dj_dict_label(domains, o->domain)))
        return dj_err_set(err, DJ_EINVAL, "domain", "「所属领域」的取值不在字典中");
    return 0;
}

static json_t *org_json(const struct dj_org_row *o)
{
    return json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)o->id, "parent_id",
                     (json_int_t)o->parent_id, "path", o->path, "code", o->code, "name", o->name,
                     "kind", o->kind, "domain", o->domain);
}

int dj_org_create(struct dj_db *db, const struct dj_actor *actor, const struct dj_org_new *o,
                  struct dj_org_row *out, struct dj_err *err)
{
    char parent_path[DJ_PATH_MAX], now[32], idbuf[24];
    json_t *after;
    int rc;

    if (o->parent_id) {
        rc = dj_store_org_path(db, o->parent_id, parent_path, sizeof(parent_path), err);
        if (rc == DJ_ENOTFOUND && !dj_actor_is_sysadmin(actor))
            return dj_err_set(err, DJ_EPERM, NULL, "无权访问该组织的数据");
        if (rc == DJ_ENOTFOUND)
            return dj_err_set(err, DJ_EINVAL, "parent_id", "上级组织不存在");
        if (rc)
            return rc;
        rc = dj_authorize(actor, DJ_PERM_WRITE, parent_path, err);
    } else {
        rc = dj_actor_is_sysadmin(actor)
                 ? 0
                 : dj_err_set(err, DJ_EPERM, NULL, "只有系统管理员可以创建顶级组织");
    }
    if (!rc)
        rc = validate(o, err);
    if (rc)
        return rc;

    memset(out, 0, sizeof(*out));
    out->parent_id = o->parent_id;
    dj_strlcpy(out->code, o->code ? o->code : "", sizeof(out->code));
    dj_strlcpy(out->name, o->name, sizeof(out->name));
    dj_strlcpy(out->kind, o->kind, sizeof(out->kind));
    dj_strlcpy(out->domain, o->domain ? o->domain : "", sizeof(out->domain));

    rc = dj_db_begin(db, true, err);
    if (rc)
        return rc;
    rc = dj_store_org_insert(db, out, dj_now_iso(now, sizeof(now)), err);
    if (!rc) {
        snprintf(idbuf, sizeof(idbuf), "%lld", (long long)out->id);
        after = org_json(out);
        rc = dj_audit_write(db, actor, "org.create", "org", idbuf, out->path, NULL, after, err);
        json_decref(after);
    }
    if (!rc)
        rc = dj_db_commit(db, err);
    if (rc)
        dj_db_rollback(db);
    return rc;
}

int dj_org_get(struct dj_db *db, const struct dj_actor *actor, int64_t id, struct dj_org_row *out,
               struct dj_err *err)
{
    struct dj_scope scope;
    int rc;

    dj_scope_for(actor, DJ_PERM_READ, &scope);
    rc = dj_store_org_get(db, &scope, id, out, err);
    if (rc == DJ_ENOTFOUND && !scope.all)
        return dj_err_set(err, DJ_EPERM, NULL, "无权访问该组织的数据");
    return rc;
}

int dj_org_children(struct dj_db *db, const struct dj_actor *actor, int64_t parent_id,
                    struct dj_arena *arena, struct dj_org_row **rows, int *n, struct dj_err *err)
{
    struct dj_scope scope;
    struct dj_org_row parent;
    int rc;

    dj_scope_for(actor, DJ_PERM_READ, &scope);
    *rows = NULL;
    *n = 0;
    if (parent_id) {
        rc = dj_org_get(db, actor, parent_id, &parent, err);
        if (rc)
            return rc;
        return dj_store_org_children(db, &scope, parent_id, arena, rows, n, err);
    }
    if (scope.all)
        return dj_store_org_children(db, &scope, 0, arena, rows, n, err);
    /* the roots of a scoped user are the organisations their roles name */
    *rows = dj_arena_zalloc(arena, sizeof(**rows) * DJ_SCOPE_MAX);
    for (int i = 0; i < scope.n; i++) {
        const char *p = scope.paths[i];
        const char *last = p + strlen(p) - 1; /* trailing '/' */
        const char *start = last;
        int64_t id;
        char num[24];

        while (start > p && start[-1] != '/')
            start--;
        if (last <= start || (size_t)(last - start) >= sizeof(num))
            continue;
        memcpy(num, start, (size_t)(last - start));
        num[last - start] = '\0';
        if (dj_parse_i64(num, &id))
            continue;
        if (dj_store_org_get(db, &scope, id, &(*rows)[*n], err) == 0)
            (*n)++;
    }
    dj_err_clear(err);
    return 0;
}
