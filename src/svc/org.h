/*
 * org.h - the organisation tree service (foundation skeleton: create, read,
 * children). Every call checks the actor's permission on the organisation's
 * subtree. For a user without a system-wide role, an organisation outside
 * their scope and one that does not exist get the same DJ_EPERM answer.
 */
#ifndef DJ_SVC_ORG_H
#define DJ_SVC_ORG_H

#include "base/arena.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/db.h"
#include "store/org.h"

struct dj_org_new {
    int64_t parent_id;  /* 0 = a root (sysadmin only) */
    const char *code;   /* 12 digits or NULL */
    const char *name;   /* 1..100 characters */
    const char *kind;   /* dictionary org_kind */
    const char *domain; /* dictionary domain or NULL */
};

int dj_org_create(struct dj_db *db, const struct dj_actor *actor, const struct dj_org_new *o,
                  struct dj_org_row *out, struct dj_err *err);
int dj_org_get(struct dj_db *db, const struct dj_actor *actor, int64_t id, struct dj_org_row *out,
               struct dj_err *err);
/* Children of `parent_id`; parent 0 lists the roots of the actor's scope. */
int dj_org_children(struct dj_db *db, const struct dj_actor *actor, int64_t parent_id,
                    struct dj_arena *arena, struct dj_org_row **rows, int *n, struct dj_err *err);

#endif
