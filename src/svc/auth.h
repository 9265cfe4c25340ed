/*
 * auth.h - accounts, passwords, sessions, lock-out, role grants.
 *
 * Passwords are hashed with Argon2id (libsodium crypto_pwhash_str, the
 * interactive limits). A session is 32 random bytes given to the browser in
 * an HttpOnly SameSite=Lax cookie and stored only as its BLAKE2b hash, with
 * an idle timeout and an absolute lifetime from the configuration. Each
 * session has a CSRF token that mutating requests must echo in X-CSRF-Token.
 *
 * Failed logins are counted per account, and per keyed hash of the name for
 * names that are not accounts, so a locked or unknown account is answered
 * exactly like a wrong password and nothing reveals whether it exists.
 */
#ifndef DJ_SVC_AUTH_H
#define DJ_SVC_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/account.h"
#include "store/db.h"

#define DJ_SESSION_COOKIE "dj_session"

struct dj_session {
    struct dj_actor actor; /* user and roles, loaded fresh on every request */
    char token_hash[65];
    char csrf[65];
    bool must_change_pw;
    int64_t expires_at; /* absolute end, unix seconds */
};

/*
 * Check a password against the policy (length in code points, character
 * classes, not the user name, at most 128 characters). DJ_EINVAL with
 * field = `field` and a Chinese message that states the policy.
 */
int dj_password_policy_check(const char *username, const char *password, const char *field,
                             struct dj_err *err);

/* Argon2id hash into out (>= 128 bytes). */
int dj_password_hash(const char *password, char *out, size_t outsz, struct dj_err *err);

/*
 * Log in. On success fills `token` (base64url, >= 64 bytes) for the cookie and
 * `out`. DJ_EAUTH "用户名或密码错误" for any wrong name/password, DJ_ELOCKED
 * once the failure limit is reached (for unknown names too).
 */
int dj_auth_login(struct dj_db *db, const char *username, const char *password,
                  const char *client_ip, char *token, size_t tokensz, struct dj_session *out,
                  struct dj_err *err);

/*
 * Resolve a cookie token to a live session (idle and absolute limits
 * enforced; an expired session is deleted). DJ_EAUTH when absent/expired.
 */
int dj_auth_session(struct dj_db *db, const char *token, const char *client_ip,
                    struct dj_session *out, struct dj_err *err);

/* Constant-time CSRF check: DJ_ECSRF unless `given` equals the session's token. */
int dj_auth_check_csrf(const struct dj_session *s, const char *given, struct dj_err *err);

int dj_auth_logout(struct dj_db *db, const struct dj_session *s, struct dj_err *err);

/* Change one's own password (old password required); ends the user's other sessions. */
int dj_auth_change_password(struct dj_db *db, const struct dj_session *s, const char *old_pw,
                            const char *new_pw, struct dj_err *err);

struct dj_user_new {
    const char *username;     /* 3..32 of [a-z0-9_.-] */
    const char *display_name; /* 1..32 characters */
    const char *password;
    bool must_change_pw;
    bool has_role; /* grant `role` on `org_id` in the same transaction */
    enum dj_role_kind role;
    int64_t org_id;
};

/*
 * Create a user (and optionally its first role). The actor needs
 * DJ_PERM_USERS on the role's organisation; only a sysadmin may create a user
 * without a role or grant sysadmin. Audited.
 */
int dj_user_create(struct dj_db *db, const struct dj_actor *actor, const struct dj_user_new *u,
                   int64_t *id, struct dj_err *err);

/* Grant a role; same permission rule as dj_user_create. Audited. */
int dj_user_grant(struct dj_db *db, const struct dj_actor *actor, int64_t user_id,
                  enum dj_role_kind role, int64_t org_id, struct dj_err *err);

/* Set a user's password as an administrator (sysadmin only); ends their sessions. Audited. */
int dj_user_set_password(struct dj_db *db, const struct dj_actor *actor, int64_t user_id,
                         const char *password, bool must_change, struct dj_err *err);

/* Users the actor may manage (DJ_PERM_USERS scope). */
int dj_users_list(struct dj_db *db, const struct dj_actor *actor, struct dj_arena *arena,
                  struct dj_user_row **rows, int *n, struct dj_err *err);

/* Load an actor (user and roles) by user id. */
int dj_actor_load(struct dj_db *db, int64_t user_id, struct dj_actor *out, struct dj_err *err);

#endif
