/*
 * org.h - SQL for the organisation tree and its posts.
 *
 * Two views of an organisation: struct dj_org_row, a fixed-size skeleton
 * (identity, place in the tree, kind, domain, status) for permission checks
 * and bulk use, and struct dj_org_rec (model/org_rec.h), the full national
 * 党组织名单 record read and written through the record descriptor. In a
 * dj_org_rec going into or coming out of this file, contact_phone is the
 * sealed text of the contact_phone_enc column: svc seals and opens it.
 *
 * The tree is a materialised path: an organisation with id 42 under /1/7/
 * has path /1/7/42/, so a subtree is one index range scan. Reads take the
 * caller's scope and never return rows outside it; the few functions that do
 * not take a scope say so and exist for svc's own checks.
 */
#ifndef DJ_STORE_ORG_H
#define DJ_STORE_ORG_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/date.h"
#include "base/scope.h"
#include "model/org_rec.h"
#include "store/db.h"

struct dj_org_row {
    int64_t id;
    int64_t parent_id; /* 0 for a root */
    char path[DJ_PATH_MAX];
    char code[16];   /* 12-digit 党组织代码 or "" */
    char name[404];  /* 100 characters of up to 4 UTF-8 bytes */
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

/* ---- full records (model/org_rec.h) ---------------------------------------- */

/*
 * One full record, if it exists and lies in scope (pass a scope with all =
 * true for svc's own unscoped checks), else DJ_ENOTFOUND "组织不存在".
 * Strings go into `arena`; every field bit is set.
 */
int dj_store_org_read(struct dj_db *db, const struct dj_scope *scope, int64_t id,
                      struct dj_arena *arena, struct dj_org_rec *out, struct dj_err *err);

/*
 * Insert a full record: every writable field of `rec` (unset ones as NULL;
 * parent_id must be unset for a root). Computes the path from the parent's.
 * On success rec->id, path, status, created_at and updated_at are filled
 * (strings in `arena`) and marked. DJ_ECONFLICT naming "code" when the code
 * exists; DJ_EINVAL naming "parent_id" when the parent is missing or the
 * tree too deep.
 */
int dj_store_org_insert_rec(struct dj_db *db, struct dj_org_rec *rec, const char *now,
                            struct dj_arena *arena, struct dj_err *err);

/*
 * Write every editable field of `rec` (code .. can_approve, i.e. all writable
 * fields but parent_id) to the row rec->id, and updated_at = now.
 * DJ_ECONFLICT naming "code" for a duplicate code; DJ_ENOTFOUND if no row.
 */
int dj_store_org_update_rec(struct dj_db *db, const struct dj_org_rec *rec, const char *now,
                            struct dj_err *err);

/*
 * Active (include_dissolved false) or all children of parent_id (0 = roots)
 * that lie in scope, ordered by id. Arena-allocated array of full records.
 */
int dj_store_org_children_recs(struct dj_db *db, const struct dj_scope *scope, int64_t parent_id,
                               bool include_dissolved, struct dj_arena *arena,
                               struct dj_org_rec **recs, int *n, struct dj_err *err);

struct dj_org_search {
    const char *name; /* substring of the name; % and _ match themselves */
    bool include_dissolved;
    int64_t limit;  /* rows per page */
    int64_t offset; /* rows to skip */
};

/*
 * Organisations in scope whose name contains q->name (LIKE with \, % and _
 * escaped), ordered by path; *total is the number of matches before paging.
 */
int dj_store_org_search(struct dj_db *db, const struct dj_scope *scope,
                        const struct dj_org_search *q, struct dj_arena *arena,
                        struct dj_org_rec **recs, int *n, int64_t *total, struct dj_err *err);

/* ---- tree changes ---------------------------------------------------------- */

/* A column that copies an organisation's path (see dj_store_path_copies). */
struct dj_path_copy {
    const char *table;
    const char *column;
};
/* The registry, terminated by {NULL, NULL}; org moves rewrite each column. */
extern const struct dj_path_copy dj_store_path_copies[];

/*
 * Move the subtree at old_path (the organisation `id`) under new_parent_id
 * whose subtree path will be new_path ("/1/3/42/"): rewrites the path of
 * every organisation in the subtree and members.org_path of every member in
 * it, sets parent_id and updated_at. Must run inside the caller's write
 * transaction. DJ_EINVAL naming "parent_id" when a new path would not fit
 * DJ_PATH_MAX. *orgs and *members (may be NULL) receive the rows changed.
 */
int dj_store_org_move(struct dj_db *db, int64_t id, const char *old_path, int64_t new_parent_id,
                      const char *new_path, const char *now, int64_t *orgs, int64_t *members,
                      struct dj_err *err);

/* Mark dissolved with the date and reason. */
int dj_store_org_dissolve(struct dj_db *db, int64_t id, struct dj_date on, const char *reason,
                          const char *now, struct dj_err *err);

/* Number of active direct children of `id` (no scope: for svc checks). */
int dj_store_org_active_children(struct dj_db *db, int64_t id, int64_t *n, struct dj_err *err);

/*
 * Members that still count (status other than left / deceased) whose
 * branch lies in the subtree at `path` (no scope: for svc checks).
 */
int dj_store_org_active_members(struct dj_db *db, const char *path, int64_t *n, struct dj_err *err);

/* Such members whose branch (org_id) is `id` itself. */
int dj_store_org_direct_members(struct dj_db *db, int64_t id, int64_t *n, struct dj_err *err);

/* Such members whose 党小组 is group_id (their branch being branch_id, the group's parent). */
int dj_store_org_group_members(struct dj_db *db, int64_t group_id, int64_t branch_id, int64_t *n,
                               struct dj_err *err);

/*
 * Distinct kinds of the direct children of `id`, active or not (no scope).
 * At most `max` kinds are written to kinds[i] (each >= 32 bytes).
 */
int dj_store_org_child_kinds(struct dj_db *db, int64_t id, char (*kinds)[32], int max, int *n,
                             struct dj_err *err);

/* ---- subtree counts ---------------------------------------------------------- */

#define DJ_ORG_COUNT_KEYS 16

struct dj_org_count {
    char key[32]; /* dictionary code */
    int64_t n;
};

struct dj_org_counts {
    int64_t orgs_active;    /* active organisations in the subtree, itself included */
    int64_t orgs_dissolved; /* dissolved ones */
    int nkinds;
    struct dj_org_count kinds[DJ_ORG_COUNT_KEYS]; /* active organisations by kind */
    int64_t members; /* members counted in statistics: 正常, 流动, 失联排查中 (as svc/stats.h) */
    int ncategories;
    struct dj_org_count categories[DJ_ORG_COUNT_KEYS]; /* those members by category */
};

/* Counts over the subtree at `path`, each one aggregate query over a path range (no scope). */
int dj_store_org_counts(struct dj_db *db, const char *path, struct dj_org_counts *out,
                        struct dj_err *err);

/* ---- posts ------------------------------------------------------------------ */

/* One post by id (any organisation), else DJ_ENOTFOUND "任职记录不存在". */
int dj_store_post_get(struct dj_db *db, int64_t id, struct dj_arena *arena, struct dj_org_post *out,
                      struct dj_err *err);

/* Posts of an organisation: current ones first, then by start_on descending. */
int dj_store_posts_list(struct dj_db *db, int64_t org_id, struct dj_arena *arena,
                        struct dj_org_post **posts, int *n, struct dj_err *err);

/* Insert (org_id, post, member_id (0 = NULL), person_name, start_on, principal_leader, note). */
int dj_store_post_insert(struct dj_db *db, struct dj_org_post *p, const char *now,
                         struct dj_err *err);

/* Set end_on of a post. */
int dj_store_post_end(struct dj_db *db, int64_t id, struct dj_date end_on, const char *now,
                      struct dj_err *err);

/*
 * A `post` of org_id that is still held on `on` or later (end_on unset or
 * after `on`), the one with the latest start: *found and *out.
 */
int dj_store_post_overlap(struct dj_db *db, int64_t org_id, const char *post, struct dj_date on,
                          struct dj_arena *arena, struct dj_org_post *out, bool *found,
                          struct dj_err *err);

/* Current posts of org_id starting after `on` (count), for dissolution. */
int dj_store_posts_started_after(struct dj_db *db, int64_t org_id, struct dj_date on, int64_t *n,
                                 struct dj_err *err);

/* End every current post of org_id on `on`; *n (may be NULL) receives how many. */
int dj_store_posts_end_all(struct dj_db *db, int64_t org_id, struct dj_date on, const char *now,
                           int64_t *n, struct dj_err *err);

/* What the post rules need to know about a member who would hold a post. */
struct dj_post_holder {
    int64_t id;
    int64_t org_id;
    char name[132];
    char org_path[DJ_PATH_MAX];
    char category[32];           /* dict member_category */
    char status[32];             /* dict member_status */
    struct dj_date confirmed_on; /* 转正日期, unset for a 预备党员 */
};

/* The member `id` (no scope: svc checks the path), else DJ_ENOTFOUND. */
int dj_store_post_holder(struct dj_db *db, int64_t id, struct dj_post_holder *out,
                         struct dj_err *err);

#endif
