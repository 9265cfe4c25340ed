/*
 * scope.h - who is acting, and what they may see: actors, roles, scopes.
 *
 * Every svc operation takes a const struct dj_actor * (the logged-in user, or
 * the CLI operator, who acts as a system administrator) and checks the
 * permission it needs with dj_authorize() or dj_scope_for(). Store functions
 * that read organisation data take a const struct dj_scope *, built here, as a
 * required argument, so no caller can list rows outside its subtree by
 * forgetting a filter.
 *
 * Roles are bound to an organisation; the scope is that organisation's
 * subtree, expressed as its materialised path ('/1/7/'): every organisation
 * whose path starts with it.
 */
#ifndef DJ_SCOPE_H
#define DJ_SCOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define DJ_MAX_ROLES 8
#define DJ_PATH_MAX 256

enum dj_role_kind {
    DJ_ROLE_SYSADMIN,  /* everything */
    DJ_ROLE_ORG_ADMIN, /* read/write a subtree, manage its users */
    DJ_ROLE_BRANCH_ADMIN, /* 支部书记/党务工作者: read/write their branch (and its 党小组) */
    DJ_ROLE_AUDITOR,      /* read-only subtree plus its audit log */
    DJ_ROLE_MEMBER,       /* only their own record */
};

struct dj_role {
    enum dj_role_kind kind;
    int64_t org_id;             /* 0 for a deployment-wide sysadmin */
    char org_path[DJ_PATH_MAX]; /* materialised path of org_id, "" when org_id == 0 */
};

struct dj_actor {
    int64_t user_id; /* 0 for the CLI operator */
    char username[64];
    char display_name[132]; /* 32 characters of up to 4 UTF-8 bytes */
    int64_t member_id; /* the member record of this user, 0 if none */
    int nroles;
    struct dj_role roles[DJ_MAX_ROLES];
    char client_ip[64]; /* for the audit log; "cli" for the CLI */
};

/* What an operation needs. */
enum dj_perm {
    DJ_PERM_READ,  /* read organisation data in a subtree */
    DJ_PERM_WRITE, /* change organisation data in a subtree */
    DJ_PERM_AUDIT, /* read the audit log of a subtree */
    DJ_PERM_USERS, /* manage accounts and roles in a subtree */
};

#define DJ_SCOPE_MAX 4

/*
 * A set of subtrees. all = true means no restriction (sysadmin). n == 0 and
 * all == false means nothing is visible.
 */
struct dj_scope {
    bool all;
    int n;
    char paths[DJ_SCOPE_MAX][DJ_PATH_MAX];
};

/* The CLI operator: a system administrator named "cli". */
void dj_actor_cli(struct dj_actor *a);

/* Role names <-> kinds ("sysadmin", "org_admin", "branch_admin", "auditor", "member"). */
const char *dj_role_name(enum dj_role_kind k);
int dj_role_parse(const char *s, enum dj_role_kind *out);
/* Chinese label of a role ("系统管理员" ...). */
const char *dj_role_label(enum dj_role_kind k);

bool dj_actor_is_sysadmin(const struct dj_actor *a);

/* The subtrees in which `a` holds `perm`. */
void dj_scope_for(const struct dj_actor *a, enum dj_perm perm, struct dj_scope *out);

/* Whether `path` (an organisation's materialised path) lies in the scope. */
bool dj_scope_contains(const struct dj_scope *s, const char *path);

/*
 * 0 if `a` holds `perm` on the organisation with materialised path `path`,
 * else DJ_EPERM with the Chinese message "无权访问该组织的数据" (the same
 * message whether or not the organisation exists).
 */
int dj_authorize(const struct dj_actor *a, enum dj_perm perm, const char *path, struct dj_err *err);

/*
 * The half-open key range [lo, hi) of materialised paths under `path`, for an
 * index range scan: lo = path, hi = path with its final '/' replaced by '0'.
 */
void dj_path_range(const char *path, char *lo, char *hi, size_t sz);

#endif
