/* users.c - creating accounts, granting roles, administrative password resets. */
#include "base/compat.h"
#include "store/org.h"
#include "svc/audit.h"
#include "svc/auth.h"
#include "svc/svc.h"

#include <sodium.h>

static int check_username(const char *s, struct dj_err *err)
{
    size_t n = s ? strlen(s) : 0;

    if (n < 3 || n > 32)
        return dj_err_set(err, DJ_EINVAL, "username", "用户名长度应为 3 到 32 个字符");
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
            return dj_err_set(err, DJ_EINVAL, "username",
                              "用户名只能包含小写字母、数字、下划线、点和连字符");
    }
    return 0;
}

static int check_display_name(const char *s, struct dj_err *err)
{
    size_t chars = 0;

    if (!s || !*s)
        return dj_err_set(err, DJ_EINVAL, "display_name", "姓名不能为空");
    if (!dj_utf8_valid(s))
        return dj_err_set(err, DJ_EINVAL, "display_name", "姓名含有无效的 UTF-8 编码");
    for (const char *p = s; *p; p++) {
        if ((unsigned char)*p < 0x20)
            return dj_err_set(err, DJ_EINVAL, "display_name", "姓名不能包含控制字符");
        if (((unsigned char)*p & 0xC0) != 0x80)
            chars++;
    }
    if (chars > 32)
        return dj_err_set(err, DJ_EINVAL, "display_name", "姓名不能超过 32 个字符");
    return 0;
}

/*
 * May `actor` give `role` on `org_id`? Fills path with the organisation's path.
 * Organisations outside the actor's scope and missing ones get the same answer.
 */
static int check_grant(struct dj_db *db, const struct dj_actor *actor, enum dj_role_kind role,
                       int64_t org_id, char *path, size_t pathsz, struct dj_err *err)
{
    int rc;

    path[0] = '\0';
    if (role == DJ_ROLE_SYSADMIN) {
        if (!dj_actor_is_sysadmin(actor))
            return dj_err_set(err, DJ_EPERM, "role", "只有系统管理员可以授予系统管理员角色");
        if (org_id)
            return dj_err_set(err, DJ_EINVAL, "org_id", "系统管理员角色不绑定组织");
        return 0;
    }
    if (!org_id)
        return dj_err_set(err, DJ_EINVAL, "org_id", "请指定角色所属的组织");
    rc = dj_store_org_path(db, org_id, path, pathsz, err);
    if (rc == DJ_ENOTFOUND) {
        if (dj_actor_is_sysadmin(actor))
            return dj_err_set(err, DJ_EINVAL, "org_id", "组织不存在");
        return dj_err_set(err, DJ_EPERM, NULL, "无权访问该组织的数据");
    }
    if (rc)
        return rc;
    return dj_authorize(actor, DJ_PERM_USERS, path, err);
}

static json_t *user_json(int64_t id, const char *username, const char *display_name)
{
    return json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "username", username, "display_name",
                     display_name);
}

int dj_user_create(struct dj_db *db, const struct dj_actor *actor, const struct dj_user_new *u,
                   int64_t *id, struct dj_err *err)
{
    struct dj_user_row row;
    char hash[crypto_pwhash_STRBYTES], path[DJ_PATH_MAX] = "", now[32], idbuf[24];
    json_t *after;
    int rc;

    rc = check_username(u->username, err);
    if (!rc)
        rc = check_display_name(u->display_name, err);
    if (!rc)
        rc = dj_password_policy_check(u->username, u->password ? u->password : "", "password", err);
    if (rc)
        return rc;
    if (u->has_role)
        rc = check_grant(db, actor, u->role, u->org_id, path, sizeof(path), err);
    else if (!dj_actor_is_sysadmin(actor))
        rc = dj_err_set(err, DJ_EINVAL, "role", "请为新用户指定角色和组织");
    if (rc)
        return rc;
    rc = dj_password_hash(u->password, hash, sizeof(hash), err);
    if (rc)
        return rc;

    memset(&row, 0, sizeof(row));
    dj_strlcpy(row.username, u->username, sizeof(row.username));
    dj_strlcpy(row.display_name, u->display_name, sizeof(row.display_name));
    dj_strlcpy(row.password_hash, hash, sizeof(row.password_hash));
    row.must_change_pw = u->must_change_pw;
    dj_now_iso(now, sizeof(now));

    rc = dj_db_begin(db, true, err);
    if (rc)
        return rc;
    rc = dj_store_user_insert(db, &row, now, id, err);
    if (!rc && u->has_role)
        rc = dj_store_role_insert(db, *id, u->role, u->org_id, now, err);
    if (!rc) {
        snprintf(idbuf, sizeof(idbuf), "%lld", (long long)*id);
        after = user_json(*id, row.username, row.display_name);
        if (u->has_role)
            json_object_set_new(after, "role",
                                json_pack("{s:s,s:I}", "role", dj_role_name(u->role), "org_id",
                                          (json_int_t)u->org_id));
        rc = dj_audit_write(db, actor, "user.create", "user", idbuf, path, NULL, after, err);
        json_decref(after);
    }
    if (!rc)
        rc = dj_db_commit(db, err);
    if (rc)
        dj_db_rollback(db);
    return rc;
}

int dj_user_grant(struct dj_db *db, const struct dj_actor *actor, int64_t user_id,
                  enum dj_role_kind role, int64_t org_id, struct dj_err *err)
{
    struct dj_user_row u;
    char path[DJ_PATH_MAX], now[32], idbuf[24];
    json_t *after;
    int rc;

    rc = check_grant(db, actor, role, org_id, path, sizeof(path), err);
    if (rc)
        return rc;
    if (!dj_actor_is_sysadmin(actor)) {
        /* only users already inside the caller's subtree; missing ones look the same */
        struct dj_scope scope;
        bool in = false;
        dj_scope_for(actor, DJ_PERM_USERS, &scope);
        rc = dj_store_user_in_scope(db, &scope, user_id, &in, err);
        if (rc)
            return rc;
        if (!in)
            return dj_err_set(err, DJ_EPERM, NULL, "无权管理该用户");
    }
    rc = dj_store_user_by_id(db, user_id, &u, err);
    if (rc == DJ_ENOTFOUND)
        return dj_err_set(err, DJ_ENOTFOUND, "user_id", "用户不存在");
    if (rc)
        return rc;
    rc = dj_db_begin(db, true, err);
    if (rc)
        return rc;
    rc = dj_store_role_insert(db, user_id, role, org_id, dj_now_iso(now, sizeof(now)), err);
    if (!rc) {
        snprintf(idbuf, sizeof(idbuf), "%lld", (long long)user_id);
        after = json_pack("{s:s,s:I}", "role", dj_role_name(role), "org_id", (json_int_t)org_id);
        rc = dj_audit_write(db, actor, "user.grant", "user", idbuf, path, NULL, after, err);
        json_decref(after);
    }
    if (!rc)
        rc = dj_db_commit(db, err);
    if (rc)
        dj_db_rollback(db);
    return rc;
}

int dj_user_set_password(struct dj_db *db, const struct dj_actor *actor, int64_t user_id,
                         const char *password, bool must_change, struct dj_err *err)
{
    struct dj_user_row u;
    char hash[crypto_pwhash_STRBYTES], now[32], idbuf[24];
    int rc;

    if (!dj_actor_is_sysadmin(actor))
        return dj_err_set(err, DJ_EPERM, NULL, "只有系统管理员可以重置密码");
    rc = dj_store_user_by_id(db, user_id, &u, err);
    if (rc)
        return rc;
    rc = dj_password_policy_check(u.username, password, "password", err);
    if (!rc)
        rc = dj_password_hash(password, hash, sizeof(hash), err);
    if (rc)
        return rc;
    rc = dj_db_begin(db, true, err);
    if (rc)
        return rc;
    rc = dj_store_user_set_password(db, user_id, hash, must_change, dj_now_iso(now, sizeof(now)),
                                    err);
    if (!rc)
        rc = dj_store_sessions_delete_user(db, user_id, NULL, err);
    if (!rc) {
        snprintf(idbuf, sizeof(idbuf), "%lld", (long long)user_id);
        rc = dj_audit_write(db, actor, "user.password_reset", "user", idbuf, NULL, NULL, NULL, err);
    }
    if (!rc)
        rc = dj_db_commit(db, err);
    if (rc)
        dj_db_rollback(db);
    return rc;
}

int dj_users_list(struct dj_db *db, const struct dj_actor *actor, struct dj_arena *arena,
                  struct dj_user_row **rows, int *n, struct dj_err *err)
{
    struct dj_scope scope;

    dj_scope_for(actor, DJ_PERM_USERS, &scope);
    *rows = NULL;
    *n = 0;
    if (!scope.all && scope.n == 0)
        return dj_err_set(err, DJ_EPERM, NULL, "无权管理用户");
    return dj_store_users_list(db, &scope, arena, rows, n, err);
}
