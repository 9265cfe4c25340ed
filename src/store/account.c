/* account.c - SQL for users, roles, sessions and login throttling. */
#include "base/compat.h"
#include "store/account.h"
#include "store/scoped.h"

#define USER_COLS                                                                                  \
    "id, username, display_name, password_hash, must_change_pw, disabled, failed_logins, "         \
    "locked_until, COALESCE(member_id, 0), created_at"

static void copy_text(char *dst, size_t sz, const char *src)
{
    dj_strlcpy(dst, src ? src : "", sz);
}

static void read_user(struct dj_stmt *st, struct dj_user_row *u)
{
    memset(u, 0, sizeof(*u));
    u->id = dj_stmt_int64(st, 0);
    copy_text(u->username, sizeof(u->username), dj_stmt_text(st, 1));
    copy_text(u->display_name, sizeof(u->display_name), dj_stmt_text(st, 2));
    copy_text(u->password_hash, sizeof(u->password_hash), dj_stmt_text(st, 3));
    u->must_change_pw = dj_stmt_int64(st, 4) != 0;
    u->disabled = dj_stmt_int64(st, 5) != 0;
    u->failed_logins = (int)dj_stmt_int64(st, 6);
    u->locked_until = dj_stmt_int64(st, 7);
    u->member_id = dj_stmt_int64(st, 8);
    copy_text(u->created_at, sizeof(u->created_at), dj_stmt_text(st, 9));
}

static int user_one(struct dj_db *db, const char *sql, const char *name, int64_t id,
                    struct dj_user_row *out, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    if (rc)
        return rc;
    if (name)
        dj_stmt_bind_text(st, 1, name);
    else
        dj_stmt_bind_int64(st, 1, id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        read_user(st, out);
        rc = 0;
    } else if (rc == DJ_DONE) {
        rc = dj_err_set(err, DJ_ENOTFOUND, NULL, "用户不存在");
    }
    dj_stmt_reset(st);
    return rc;
}

int dj_store_user_by_name(struct dj_db *db, const char *username, struct dj_user_row *out,
                          struct dj_err *err)
{
    return user_one(db, "SELECT " USER_COLS " FROM users WHERE username = $1", username, 0, out,
                    err);
}

int dj_store_user_by_id(struct dj_db *db, int64_t id, struct dj_user_row *out, struct dj_err *err)
{
    return user_one(db, "SELECT " USER_COLS " FROM users WHERE id = $1", NULL, id, out, err);
}

static int step_done(struct dj_stmt *st, struct dj_err *err)
{
    int rc = dj_stmt_step(st, err);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_user_insert(struct dj_db *db, const struct dj_user_row *u, const char *now,
                         int64_t *id, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "INSERT INTO users (username, display_name, password_hash, "
                           "must_change_pw, disabled, member_id, created_at, updated_at) "
                           "VALUES ($1, $2, $3, $4, 0, $5, $6, $6) RETURNING id",
                           &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, u->username);
    dj_stmt_bind_text(st, 2, u->display_name);
    dj_stmt_bind_text(st, 3, u->password_hash);
    dj_stmt_bind_int64(st, 4, u->must_change_pw);
    if (u->member_id)
        dj_stmt_bind_int64(st, 5, u->member_id);
    else
        dj_stmt_bind_null(st, 5);
    dj_stmt_bind_text(st, 6, now);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        *id = dj_stmt_int64(st, 0);
        /* run INSERT ... RETURNING to completion before the reset */
        while (dj_stmt_step(st, NULL) == DJ_ROW)
            ;
        rc = 0;
    } else if (rc == DJ_ECONFLICT) {
        rc = dj_err_set(err, DJ_ECONFLICT, "username", "用户名已存在");
    } else if (rc == DJ_DONE) {
        rc = dj_err_set(err, DJ_EDB, NULL, "数据库错误");
    }
    dj_stmt_reset(st);
    return rc;
}

int dj_store_user_set_password(struct dj_db *db, int64_t id, const char *hash, bool must_change,
                               const char *now, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "UPDATE users SET password_hash = $1, must_change_pw = $2, "
                           "failed_logins = 0, locked_until = 0, updated_at = $3 WHERE id = $4",
                           &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, hash);
    dj_stmt_bind_int64(st, 2, must_change);
    dj_stmt_bind_text(st, 3, now);
    dj_stmt_bind_int64(st, 4, id);
    return step_done(st, err);
}

int dj_store_user_set_login_state(struct dj_db *db, int64_t id, int failed, int64_t locked_until,
                                  struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(
        db, "UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3", &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, failed);
    dj_stmt_bind_int64(st, 2, locked_until);
    dj_stmt_bind_int64(st, 3, id);
    return step_done(st, err);
}

int dj_store_user_roles(struct dj_db *db, int64_t user_id, struct dj_role *roles, int max, int *n,
                        struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT r.role, COALESCE(r.org_id, 0), COALESCE(o.path, '') "
                           "FROM user_roles r LEFT JOIN orgs o ON o.id = r.org_id "
                           "WHERE r.user_id = $1 ORDER BY r.id",
                           &st, err);
    *n = 0;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, user_id);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        enum dj_role_kind k;
        if (*n >= max)
            break;
        if (dj_role_parse(dj_stmt_text(st, 0), &k))
            continue;
        roles[*n].kind = k;
        roles[*n].org_id = dj_stmt_int64(st, 1);
        copy_text(roles[*n].org_path, sizeof(roles[*n].org_path), dj_stmt_text(st, 2));
        (*n)++;
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_role_insert(struct dj_db *db, int64_t user_id, enum dj_role_kind kind, int64_t org_id,
                         const char *now, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "INSERT INTO user_roles (user_id, role, org_id, created_at) "
                           "VALUES ($1, $2, $3, $4)",
                           &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, user_id);
    dj_stmt_bind_text(st, 2, dj_role_name(kind));
    if (org_id)
        dj_stmt_bind_int64(st, 3, org_id);
    else
        dj_stmt_bind_null(st, 3);
    dj_stmt_bind_text(st, 4, now);
    rc = step_done(st, err);
    if (rc == DJ_ECONFLICT)
        return dj_err_set(err, DJ_ECONFLICT, "role", "该用户已拥有此角色");
    return rc;
}

int dj_store_users_list(struct dj_db *db, const struct dj_scope *scope, struct dj_arena *arena,
                        struct dj_user_row **rows, int *n, struct dj_err *err)
{
    /* Up to DJ_SCOPE_MAX subtrees as [lo, hi) path ranges; unused pairs match nothing. */
    static const char *sql_all = "SELECT " USER_COLS " FROM users ORDER BY id";
    static const char *sql_scoped =
        "SELECT " USER_COLS " FROM users u WHERE EXISTS (SELECT 1 FROM user_roles r "
        "JOIN orgs o ON o.id = r.org_id WHERE r.user_id = u.id AND ("
        "(o.path >= $1 AND o.path < $2) OR (o.path >= $3 AND o.path < $4) OR "
        "(o.path >= $5 AND o.path < $6) OR (o.path >= $7 AND o.path < $8))) ORDER BY id";
    struct dj_stmt *st;
    int rc, cap = 16;

    *n = 0;
    *rows = NULL;
    rc = dj_db_prepare(db, scope->all ? sql_all : sql_scoped, &st, err);
    if (rc)
        return rc;
    if (!scope->all)
        dj_store_bind_scope(st, 1, scope);
    *rows = dj_arena_alloc(arena, sizeof(**rows) * (size_t)cap);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        if (*n == cap) {
            struct dj_user_row *grown = dj_arena_alloc(arena, sizeof(**rows) * (size_t)cap * 2);
            memcpy(grown, *rows, sizeof(**rows) * (size_t)cap);
            *rows = grown;
            cap *= 2;
        }
        read_user(st, &(*rows)[(*n)++]);
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_user_in_scope(struct dj_db *db, const struct dj_scope *scope, int64_t user_id,
                           bool *in, struct dj_err *err)
{
    static const char *sql =
        "SELECT 1 FROM users u WHERE u.id = $9 AND ($10 = 1 OR EXISTS (SELECT 1 FROM user_roles r "
        "JOIN orgs o ON o.id = r.org_id WHERE r.user_id = u.id AND ("
        "(o.path >= $1 AND o.path < $2) OR (o.path >= $3 AND o.path < $4) OR "
        "(o.path >= $5 AND o.path < $6) OR (o.path >= $7 AND o.path < $8))))";
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    *in = false;
    if (rc)
        return rc;
    dj_store_bind_scope(st, 1, scope);
    dj_stmt_bind_int64(st, 9, user_id);
    dj_stmt_bind_int64(st, 10, scope->all ? 1 : 0);
    rc = dj_stmt_step(st, err);
    *in = rc == DJ_ROW;
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_throttle_get(struct dj_db *db, const char *name_hash, int *failed,
                          int64_t *locked_until, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(
        db, "SELECT failed, locked_until FROM login_throttle WHERE username_hash = $1", &st, err);
    *failed = 0;
    *locked_until = 0;
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, name_hash);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        *failed = (int)dj_stmt_int64(st, 0);
        *locked_until = dj_stmt_int64(st, 1);
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_throttle_set(struct dj_db *db, const char *name_hash, int failed, int64_t locked_until,
                          int64_t now, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "INSERT INTO login_throttle (username_hash, failed, locked_until, "
                           "updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT (username_hash) DO "
                           "UPDATE SET failed = $2, locked_until = $3, updated_at = $4",
                           &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, name_hash);
    dj_stmt_bind_int64(st, 2, failed);
    dj_stmt_bind_int64(st, 3, locked_until);
    dj_stmt_bind_int64(st, 4, now);
    return step_done(st, err);
}

int dj_store_session_insert(struct dj_db *db, const struct dj_session_row *s, const char *ip,
                            struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
                           "last_seen, expires_at, client_ip) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                           &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, s->token_hash);
    dj_stmt_bind_int64(st, 2, s->user_id);
    dj_stmt_bind_text(st, 3, s->csrf_token);
    dj_stmt_bind_int64(st, 4, s->created_at);
    dj_stmt_bind_int64(st, 5, s->last_seen);
    dj_stmt_bind_int64(st, 6, s->expires_at);
    dj_stmt_bind_text(st, 7, ip);
    return step_done(st, err);
}

int dj_store_session_get(struct dj_db *db, const char *token_hash, struct dj_session_row *out,
                         struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT token_hash, user_id, csrf_token, created_at, last_seen, "
                           "expires_at FROM sessions WHERE token_hash = $1",
                           &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, token_hash);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        memset(out, 0, sizeof(*out));
        copy_text(out->token_hash, sizeof(out->token_hash), dj_stmt_text(st, 0));
        out->user_id = dj_stmt_int64(st, 1);
        copy_text(out->csrf_token, sizeof(out->csrf_token), dj_stmt_text(st, 2));
        out->created_at = dj_stmt_int64(st, 3);
        out->last_seen = dj_stmt_int64(st, 4);
        out->expires_at = dj_stmt_int64(st, 5);
        rc = 0;
    } else if (rc == DJ_DONE) {
        rc = DJ_ENOTFOUND;
    }
    dj_stmt_reset(st);
    return rc;
}

int dj_store_session_touch(struct dj_db *db, const char *token_hash, int64_t now,
                           struct dj_err *err)
{
    struct dj_stmt *st;
    int rc =
        dj_db_prepare(db, "UPDATE sessions SET last_seen = $1 WHERE token_hash = $2", &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, now);
    dj_stmt_bind_text(st, 2, token_hash);
    return step_done(st, err);
}

int dj_store_session_delete(struct dj_db *db, const char *token_hash, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, "DELETE FROM sessions WHERE token_hash = $1", &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, token_hash);
    return step_done(st, err);
}

int dj_store_sessions_delete_user(struct dj_db *db, int64_t user_id, const char *keep,
                                  struct dj_err *err)
{
    struct dj_stmt *st;
    int rc =
        dj_db_prepare(db, "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2", &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, user_id);
    dj_stmt_bind_text(st, 2, keep ? keep : "");
    return step_done(st, err);
}

int dj_store_sessions_purge(struct dj_db *db, int64_t idle_cutoff, int64_t now, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, "DELETE FROM sessions WHERE last_seen < $1 OR expires_at <= $2", &st,
                           err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, idle_cutoff);
    dj_stmt_bind_int64(st, 2, now);
    return step_done(st, err);
}
