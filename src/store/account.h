/*
 * account.h - SQL for users, role bindings, sessions and login throttling.
 *
 * No permission checks here: svc/auth.c decides who may call what. Functions
 * return 0, DJ_ENOTFOUND when a looked-up row is absent, or a store error.
 */
#ifndef DJ_STORE_ACCOUNT_H
#define DJ_STORE_ACCOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"
#include "base/scope.h"

struct dj_user_row {
    int64_t id;
    char username[64];
    char display_name[132];  /* 32 characters of up to 4 UTF-8 bytes */
    char password_hash[160]; /* Argon2id encoded string */
    bool must_change_pw;
    bool disabled;
    int failed_logins;
    int64_t locked_until; /* unix seconds, 0 = not locked */
    int64_t member_id;    /* 0 = none */
    char created_at[32];
};

int dj_store_user_by_name(struct dj_db *db, const char *username, struct dj_user_row *out,
                          struct dj_err *err);
int dj_store_user_by_id(struct dj_db *db, int64_t id, struct dj_user_row *out, struct dj_err *err);
/* Insert; *id gets the new id. DJ_ECONFLICT when the username exists. */
int dj_store_user_insert(struct dj_db *db, const struct dj_user_row *u, const char *now,
                         int64_t *id, struct dj_err *err);
int dj_store_user_set_password(struct dj_db *db, int64_t id, const char *hash, bool must_change,
                               const char *now, struct dj_err *err);
int dj_store_user_set_login_state(struct dj_db *db, int64_t id, int failed, int64_t locked_until,
                                  struct dj_err *err);

/* Roles of a user with their organisations' paths. */
int dj_store_user_roles(struct dj_db *db, int64_t user_id, struct dj_role *roles, int max, int *n,
                        struct dj_err *err);
/* DJ_ECONFLICT if the same binding exists. */
int dj_store_role_insert(struct dj_db *db, int64_t user_id, enum dj_role_kind kind, int64_t org_id,
                         const char *now, struct dj_err *err);

/*
 * Users visible in `scope`: all users for an unrestricted scope, otherwise
 * users holding at least one role on an organisation inside the scope.
 * Results are arena-allocated, ordered by id.
 */
int dj_store_users_list(struct dj_db *db, const struct dj_scope *scope, struct dj_arena *arena,
                        struct dj_user_row **rows, int *n, struct dj_err *err);

/* Whether user_id holds a role on an organisation inside `scope` (any user for an unrestricted
 * scope that exists). */
int dj_store_user_in_scope(struct dj_db *db, const struct dj_scope *scope, int64_t user_id,
                           bool *in, struct dj_err *err);

/* Throttle rows for login names that are not accounts. */
int dj_store_throttle_get(struct dj_db *db, const char *name_hash, int *failed,
                          int64_t *locked_until, struct dj_err *err);
int dj_store_throttle_set(struct dj_db *db, const char *name_hash, int failed, int64_t locked_until,
                          int64_t now, struct dj_err *err);

struct dj_session_row {
    char token_hash[65];
    int64_t user_id;
    char csrf_token[65];
    int64_t created_at;
    int64_t last_seen;
    int64_t expires_at;
};

int dj_store_session_insert(struct dj_db *db, const struct dj_session_row *s, const char *ip,
                            struct dj_err *err);
int dj_store_session_get(struct dj_db *db, const char *token_hash, struct dj_session_row *out,
                         struct dj_err *err);
int dj_store_session_touch(struct dj_db *db, const char *token_hash, int64_t now,
                           struct dj_err *err);
int dj_store_session_delete(struct dj_db *db, const char *token_hash, struct dj_err *err);
/* Delete a user's sessions except the one with hash `keep` (NULL = delete all). */
int dj_store_sessions_delete_user(struct dj_db *db, int64_t user_id, const char *keep,
                                  struct dj_err *err);
/* Delete sessions idle since before idle_cutoff or past their absolute expiry. */
int dj_store_sessions_purge(struct dj_db *db, int64_t idle_cutoff, int64_t now, struct dj_err *err);

#endif
