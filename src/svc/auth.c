/* auth.c - passwords, sessions, lock-out and role grants. */
#include "base/compat.h"
#include "svc/auth.h"
#include "svc/audit.h"
#include "svc/svc.h"

#include <pthread.h>
#include <sodium.h>

#include "base/log.h"

#define TOUCH_INTERVAL 60 /* seconds between last_seen updates */

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

int dj_password_policy_check(const char *username, const char *password, const char *field,
                             struct dj_err *err)
{
    const struct dj_config *cfg = dj_svc()->cfg;
    int min_len = cfg ? cfg->password_min_length : 8;
    int min_classes = cfg ? cfg->password_min_classes : 3;
    bool lower = false, upper = false, digit = false, other = false;
    size_t len = utf8_chars(password);
    int classes;

    for (const char *p = password; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 'a' && c <= 'z')
            lower = true;
        else if (c >= 'A' && c <= 'Z')
            upper = true;
        else if (c >= '0' && c <= '9')
            digit = true;
        else if (c < 0x20 || c == 0x7f)
            return dj_err_set(err, DJ_EINVAL, field, "密码不能包含控制字符");
        else
            other = true;
    }
    classes = lower + upper + digit + other;
    if (len > 128)
        return dj_err_set(err, DJ_EINVAL, field, "密码不能超过 128 个字符");
    if ((int)len < min_len || classes < min_classes)
        return dj_err_set(err, DJ_EINVAL, field,
                          "密码至少 %d 个字符，且须包含小写字母、大写字母、数字、其他符号中的至少 "
                          "%d 类",
                          min_len, min_classes);
    if (username && !strcmp(username, password))
        return dj_err_set(err, DJ_EINVAL, field, "密码不能与用户名相同");
    return 0;
}

int dj_password_hash(const char *password, char *out, size_t outsz, struct dj_err *err)
{
    if (outsz < crypto_pwhash_STRBYTES)
        return dj_err_set(err, DJ_EINTERNAL, NULL, "内部错误");
    if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return dj_err_set(err, DJ_EINTERNAL, NULL, "服务器内存不足，无法处理密码");
    return 0;
}

/* A hash to verify against for unknown names, so they cost as much time as real ones. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
    unsigned char pw[16];
    randombytes_buf(pw, sizeof(pw));
    if (crypto_pwhash_str(dummy_hash, (const char *)pw, sizeof(pw),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        dummy_hash[0] = '\0';
}

static void name_hash(const char *username, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof(h), (const unsigned char *)username, strlen(username),
                       dj_svc()->key, DJ_KEY_BYTES);
    dj_hex(h, sizeof(h), out);
}

static void token_hash(const char *token, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
    dj_hex(h, sizeof(h), out);
}

static int actor_from_row(struct dj_db *db, const struct dj_user_row *u, struct dj_actor *out,
                          struct dj_err *err)
{
    memset(out, 0, sizeof(*out));
    out->user_id = u->id;
    out->member_id = u->member_id;
    dj_strlcpy(out->username, u->username, sizeof(out->username));
    dj_strlcpy(out->display_name, u->display_name, sizeof(out->display_name));
    return dj_store_user_roles(db, u->id, out->roles, DJ_MAX_ROLES, &out->nroles, err);
}

int dj_actor_load(struct dj_db *db, int64_t user_id, struct dj_actor *out, struct dj_err *err)
{
    struct dj_user_row u;
    int rc = dj_store_user_by_id(db, user_id, &u, err);

    if (rc)
        return rc;
    return actor_from_row(db, &u, out, err);
}

static int locked_error(struct dj_err *err)
{
    const struct dj_config *cfg = dj_svc()->cfg;
    return dj_err_set(err, DJ_ELOCKED, NULL, "登录失败次数过多，账户已被临时锁定，请 %d 分钟后再试",
                      cfg ? cfg->lockout_minutes : 15);
}

/* Record a failed attempt; returns DJ_ELOCKED when this one reaches the limit. */
static int record_failure(struct dj_db *db, const struct dj_user_row *u, const char *nh, int failed,
                          const char *username, const char *ip, struct dj_err *err)
{
    const struct dj_config *cfg = dj_svc()->cfg;
    int64_t now = dj_now(), locked_until = 0;
    struct dj_actor anon;
    json_t *after;
    int rc, result;

    failed++;
    if (failed >= cfg->lockout_attempts) {
        locked_until = now + (int64_t)cfg->lockout_minutes * 60;
        failed = 0;
    }
    rc = dj_db_begin(db, true, err);
    if (rc)
        return rc;
    if (u)
        rc = dj_store_user_set_login_state(db, u->id, failed, locked_until, err);
    else
        rc = dj_store_throttle_set(db, nh, failed, locked_until, now, err);
    if (!rc) {
        memset(&anon, 0, sizeof(anon));
        anon.user_id = u ? u->id : 0;
        dj_strlcpy(anon.username, username, sizeof(anon.username));
        dj_strlcpy(anon.client_ip, ip ? ip : "", sizeof(anon.client_ip));
        after = json_pack("{s:b}", "locked", locked_until != 0);
        rc = dj_audit_write(db, &anon, "auth.login_failed", "user", NULL, NULL, NULL, after, err);
        json_decref(after);
    }
    if (!rc)
        rc = dj_db_commit(db, err);
    if (rc) {
        dj_db_rollback(db);
        return rc;
    }
    result = locked_until ? locked_error(err)
                          : dj_err_set(err, DJ_EAUTH, "password", "用户名或密码错误");
    return result;
}

static void new_token(char *token, size_t tokensz)
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(token, tokensz, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof(raw));
}

int dj_auth_login(struct dj_db *db, const char *username, const char *password,
                  const char *client_ip, char *token, size_t tokensz, struct dj_session *out,
                  struct dj_err *err)
{
    const struct dj_config *cfg = dj_svc()->cfg;
    struct dj_user_row u;
    struct dj_session_row srow;
    unsigned char csrf_raw[32];
    char nh[65];
    int64_t now = dj_now();
    int failed = 0, rc;
    int64_t locked_until = 0;
    bool exists, ok;
    json_t *after;

    if (tokensz < 64)
        return dj_err_set(err, DJ_EINTERNAL, NULL, "内部错误");
    name_hash(username, nh);
    rc = dj_store_user_by_name(db, username, &u, err);
    if (rc && rc != DJ_ENOTFOUND)
        return rc;
    dj_err_clear(err);
    exists = rc == 0 && !u.disabled;
    if (exists) {
        failed = u.failed_logins;
        locked_until = u.locked_until;
    } else {
        rc = dj_store_throttle_get(db, nh, &failed, &locked_until, err);
        if (rc)
            return rc;
    }
    if (locked_until > now)
        return locked_error(err);
    if (locked_until)
        failed = 0; /* the lock expired: start counting again */

    if (exists) {
        ok = crypto_pwhash_str_verify(u.password_hash, password, strlen(password)) == 0;
    } else {
        pthread_once(&dummy_once, make_dummy_hash);
        if (crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0)
            dj_log(DJ_LOG_WARN, "dummy hash matched", "%s", "");
        ok = false;
    }
    if (!ok)
        return record_failure(db, exists ? &u : NULL, nh, failed, username, client_ip, err);

    memset(&srow, 0, sizeof(srow));
    new_token(token, tokensz);
    token_hash(token, srow.token_hash);
    randombytes_buf(csrf_raw, sizeof(csrf_raw));
    dj_hex(csrf_raw, sizeof(csrf_raw), srow.csrf_token);
    srow.user_id = u.id;
    srow.created_at = now;
    srow.last_seen = now;
    srow.expires_at = now + (int64_t)cfg->session_max_hours * 3600;

    rc = dj_db_begin(db, true, err);
    if (rc)
        return rc;
    rc = dj_store_user_set_login_state(db, u.id, 0, 0, err);
    if (!rc)
        rc = dj_store_sessions_purge(db, now - (int64_t)cfg->session_idle_minutes * 60, now, err);
    if (!rc)
        rc = dj_store_session_insert(db, &srow, client_ip, err);
    if (!rc)
        rc = dj_actor_load(db, u.id, &out->actor, err);
    if (!rc) {
        dj_strlcpy(out->actor.client_ip, client_ip ? client_ip : "", sizeof(out->actor.client_ip));
        after = json_pack("{s:s}", "username", u.username);
        rc = dj_audit_write(db, &out->actor, "auth.login", "user", NULL, NULL, NULL, after, err);
        json_decref(after);
    }
    if (!rc)
        rc = dj_db_commit(db, err);
    if (rc) {
        dj_db_rollback(db);
        sodium_memzero(token, tokensz);
        return rc;
    }
    dj_strlcpy(out->token_hash, srow.token_hash, sizeof(out->token_hash));
    dj_strlcpy(out->csrf, srow.csrf_token, sizeof(out->csrf));
    out->must_change_pw = u.must_change_pw;
    out->expires_at = srow.expires_at;
    return 0;
}

int dj_auth_session(struct dj_db *db, const char *token, const char *client_ip,
                    struct dj_session *out, struct dj_err *err)
{
    const struct dj_config *cfg = dj_svc()->cfg;
    struct dj_session_row s;
    struct dj_user_row u;
    int64_t now = dj_now();
    char th[65];
    int rc;

    if (!token || !*token || strlen(token) > 64)
        return dj_err_set(err, DJ_EAUTH, NULL, "请先登录");
    token_hash(token, th);
    rc = dj_store_session_get(db, th, &s, err);
    if (rc == DJ_ENOTFOUND)
        return dj_err_set(err, DJ_EAUTH, NULL, "登录已失效，请重新登录");
    if (rc)
        return rc;
    if (s.expires_at <= now || s.last_seen + (int64_t)cfg->session_idle_minutes * 60 <= now) {
        if (dj_db_begin(db, true, err) == 0) {
            if (dj_store_session_delete(db, th, err) == 0)
                dj_db_commit(db, err);
            else
                dj_db_rollback(db);
        }
        return dj_err_set(err, DJ_EAUTH, NULL, "会话已过期，请重新登录");
    }
    rc = dj_store_user_by_id(db, s.user_id, &u, err);
    if (rc || u.disabled)
        return dj_err_set(err, DJ_EAUTH, NULL, "登录已失效，请重新登录");
    if (now - s.last_seen >= TOUCH_INTERVAL) {
        rc = dj_db_begin(db, true, err);
        if (!rc)
            rc = dj_store_session_touch(db, th, now, err);
        if (!rc)
            rc = dj_db_commit(db, err);
        if (rc)
            dj_db_rollback(db);
        if (rc)
            return rc;
    }
    memset(out, 0, sizeof(*out));
    rc = actor_from_row(db, &u, &out->actor, err);
    if (rc)
        return rc;
    dj_strlcpy(out->actor.client_ip, client_ip ? client_ip : "", sizeof(out->actor.client_ip));
    dj_strlcpy(out->token_hash, th, sizeof(out->token_hash));
    dj_strlcpy(out->csrf, s.csrf_token, sizeof(out->csrf));
    out->must_change_pw = u.must_change_pw;
    out->expires_at = s.expires_at;
    return 0;
}

int dj_auth_check_csrf(const struct dj_session *s, const char *given, struct dj_err *err)
{
    size_t n = strlen(s->csrf);
    if (!given || strlen(given) != n || sodium_memcmp(given, s->csrf, n) != 0)
        return dj_err_set(err, DJ_ECSRF, NULL, "缺少或无效的 CSRF 令牌，请刷新页面后重试");
    return 0;
}

int dj_auth_logout(struct dj_db *db, const struct dj_session *s, struct dj_err *err)
{
    int rc = dj_db_begin(db, true, err);
    if (rc)
        return rc;
    rc = dj_store_session_delete(db, s->token_hash, err);
    if (!rc)
        rc = dj_audit_write(db, &s->actor, "auth.logout", "user", NULL, NULL, NULL, NULL, err);
    if (!rc)
        rc = dj_db_commit(db, err);
    if (rc)
        dj_db_rollback(db);
    return rc;
}

static void id_text(int64_t id, char *out, size_t sz)
{
    snprintf(out, sz, "%lld", (long long)id);
}

int dj_auth_change_password(struct dj_db *db, const struct dj_session *s, const char *old_pw,
                            const char *new_pw, struct dj_err *err)
{
    struct dj_user_row u;
    char hash[crypto_pwhash_STRBYTES], now[32], idbuf[24];
    int rc;

    rc = dj_store_user_by_id(db, s->actor.user_id, &u, err);
    if (rc)
        return rc;
    if (crypto_pwhash_str_verify(u.password_hash, old_pw, strlen(old_pw)) != 0)
        return dj_err_set(err, DJ_EINVAL, "old_password", "原密码不正确");
    if (!strcmp(old_pw, new_pw))
        return dj_err_set(err, DJ_EINVAL, "new_password", "新密码不能与原密码相同");
    rc = dj_password_policy_check(u.username, new_pw, "new_password", err);
    if (rc)
        return rc;
    rc = dj_password_hash(new_pw, hash, sizeof(hash), err);
    if (rc)
        return rc;
    rc = dj_db_begin(db, true, err);
    if (rc)
        return rc;
    rc = dj_store_user_set_password(db, u.id, hash, false, dj_now_iso(now, sizeof(now)), err);
    if (!rc)
        rc = dj_store_sessions_delete_user(db, u.id, s->token_hash, err);
    if (!rc) {
        id_text(u.id, idbuf, sizeof(idbuf));
        rc = dj_audit_write(db, &s->actor, "user.password_change", "user", idbuf, NULL, NULL, NULL,
                            err);
    }
    if (!rc)
        rc = dj_db_commit(db, err);
    if (rc)
        dj_db_rollback(db);
    return rc;
}
