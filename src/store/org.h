/*
 * org.h - SQL for the organisation tree (the foundation's skeleton: identity,
 * place in the tree, kind, domain, status). The organisation issue extends
 * the table and this file with the national 党组织名单 columns.
 *
 * The tree is a materialised path: an organisation with id 42 under /1/7/
 * has path /1/7/42/, so a subtree is one index range scan. Reads take the
 * caller's scope and never return rows outside it.
 */
#ifndef DJ_STORE_ORG_H
#define DJ_STORE_ORG_H

#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/db.h"

struct dj_org_row {
    int64_t id;
    int64_t parent_id; /* 0 for a root */
    char path[DJ_PATH_MAX];
    char code[16]; /* 12-digit 党组织代码 or "" */
    char name[404]; /* 100 characters of up to 4 UTF-8 bytes */
    char kind[32];   /* dictionary org_kind */
    char domain[32]; /* dictionary domain or "" */
    char status[16]; /* "active" | "dissolved" */
};

/*
 * Insert under parent_id (0 = a root) and compute the path; fills out->id and
 * out->path. DJ_ECONFLICT when the code exists.
 */
int dj_store_org_insert(struct dj_db *db, struct dj_org_row *org, const char *now,
                        struct dj_err *err);

/* One organisation if it exists and lies in scope, else DJ_ENOTFOUND. */
int dj_store_org_get(struct dj_db *db, const struct dj_scope *scope, int64_t id,
                     struct dj_org_row *out, struct dj_err *err);

/* Path of an organisation regardless of scope (for permission checks only). */
int dj_store_org_path(struct dj_db *db, int64_t id, char *path, size_t pathsz, struct dj_err *err);

/* Direct children of parent_id (0 = roots) that lie in scope, by id. Arena-allocated. */
int dj_store_org_children(struct dj_db *db, const struct dj_scope *scope, int64_t parent_id,
                          struct dj_arena *arena, struct dj_org_row **rows, int *n,
                          struct dj_err *err);

/* Number of organisations in the subtree at `path` (inclusive). */
int dj_store_org_count_subtree(struct dj_db *db, const char *path, int64_t *count,
                               struct dj_err *err);

#endif
