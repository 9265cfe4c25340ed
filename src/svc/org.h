/*
 * org.h - the organisation tree service: create, read, edit, move, dissolve,
 * list, path, search, subtree counts, and posts (任职).
 *
 * Every call checks the actor's permission with dj_authorize() /
 * dj_scope_for(). For a user without a system-wide role, an organisation
 * outside their scope and one that does not exist get the same DJ_EPERM
 * answer ("无权访问该组织的数据"); a system administrator gets DJ_ENOTFOUND.
 * Every write runs in one transaction together with its audit row (before /
 * after as JSON, the contact phone masked).
 *
 * Who may do what (docs/api.md lists the same):
 *   read, list, path, search, counts, posts    DJ_PERM_READ on the organisation
 *   create                                     DJ_PERM_WRITE on the parent (sysadmin for a root)
 *   edit                                       DJ_PERM_WRITE on the organisation; changing
 *                                              code, name, kind or can_approve also needs
 *                                              DJ_PERM_WRITE on the parent (sysadmin for a root)
 *   move                                       DJ_PERM_WRITE on the old and the new parent
 *   dissolve                                   DJ_PERM_WRITE on the parent
 *   add / end a post                           DJ_PERM_WRITE on the organisation
 *
 * The shape of the tree (checked on create, edit of kind and move):
 *   党委, 党工委, 社区党委    at the root or under one of these three;
 *   党总支                     at the root or under 党委 / 党工委 / 社区党委;
 *   党支部, 联合党支部, 临时党支部, 网格党支部
 *                              at the root or under 党委 / 党工委 / 社区党委 / 党总支;
 *   党小组, 楼栋党小组         only under a branch kind above, and without children.
 * Only 党委 / 党工委 / 社区党委 may hold 审批权限 (can_approve).
 *
 * Records handed out by this service carry the contact phone in plaintext;
 * the caller renders them with dj_rec_to_json(&dj_org_desc, rec,
 * dj_org_json_opts(actor, rec)), which masks it unless the actor may write
 * the organisation.
 */
#ifndef DJ_SVC_ORG_H
#define DJ_SVC_ORG_H

#include <stdbool.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/scope.h"
#include "model/org_rec.h"
#include "store/db.h"
#include "store/org.h"

/* The skeleton of a new organisation, for the demo generator and tests. */
struct dj_org_new {
    int64_t parent_id;  /* 0 = a root (sysadmin only) */
    const char *code;   /* 12 digits or NULL */
    const char *name;   /* 1..100 characters */
    const char *kind;   /* dictionary org_kind */
    const char *domain; /* dictionary domain or NULL */
};

/* Kinds: 党支部 / 联合党支部 / 临时党支部 / 网格党支部, and 党小组 / 楼栋党小组. */
bool dj_org_kind_is_branch(const char *kind);
bool dj_org_kind_is_group(const char *kind);

/* Create from the skeleton (see dj_org_create_rec); fills the skeleton row. */
int dj_org_create(struct dj_db *db, const struct dj_actor *actor, const struct dj_org_new *o,
                  struct dj_org_row *out, struct dj_err *err);

/*
 * Create from a full record (every writable field; parent_id unset or 0 for
 * a root). Validates every field, the shape of the tree and that the parent
 * is active. *out is the stored record (strings in `arena`).
 */
int dj_org_create_rec(struct dj_db *db, const struct dj_actor *actor, const struct dj_org_rec *in,
                      struct dj_arena *arena, struct dj_org_rec *out, struct dj_err *err);

/* The skeleton row of one organisation the actor may read. */
int dj_org_get(struct dj_db *db, const struct dj_actor *actor, int64_t id, struct dj_org_row *out,
               struct dj_err *err);

/* The full record of one organisation the actor may read (phone in plaintext). */
int dj_org_read(struct dj_db *db, const struct dj_actor *actor, int64_t id, struct dj_arena *arena,
                struct dj_org_rec *out, struct dj_err *err);

/* Output options for rendering `rec` to `actor`: DJ_OUT_UNMASKED when the actor may write it. */
unsigned dj_org_json_opts(const struct dj_actor *actor, const struct dj_org_rec *rec);

/* Skeleton rows of the children of `parent_id`, active or not; 0 lists the actor's roots. */
int dj_org_children(struct dj_db *db, const struct dj_actor *actor, int64_t parent_id,
                    struct dj_arena *arena, struct dj_org_row **rows, int *n, struct dj_err *err);

/*
 * Full records of the children of `parent_id` (0: the roots of the actor's
 * scope), active ones only unless include_dissolved, ordered by id.
 */
int dj_org_list(struct dj_db *db, const struct dj_actor *actor, int64_t parent_id,
                bool include_dissolved, struct dj_arena *arena, struct dj_org_rec **recs, int *n,
                struct dj_err *err);

/*
 * Edit with PATCH semantics: the fields whose bits are set in `patch` (from
 * dj_rec_from_json(..., DJ_REC_PATCH, ...)) replace the stored ones; null
 * clears. parent_id cannot be patched (use dj_org_move). A dissolved
 * organisation cannot be edited (DJ_ECONFLICT). Changing kind re-checks the
 * shape against the parent and every child, and refuses to turn a branch or
 * 党小组 with members into another kind. *out is the record after the edit.
 */
int dj_org_update(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                  const struct dj_org_rec *patch, struct dj_arena *arena, struct dj_org_rec *out,
                  struct dj_err *err);

/*
 * Move `id` with its whole subtree under new_parent_id: paths of every
 * organisation in the subtree and members.org_path of every member in it
 * change in one transaction. Refused (DJ_EINVAL naming parent_id) under the
 * organisation itself or one of its descendants, under its current parent,
 * under a parent of the wrong kind; DJ_ECONFLICT when either is dissolved or
 * when a 党小组 with members would change branch.
 */
int dj_org_move(struct dj_db *db, const struct dj_actor *actor, int64_t id, int64_t new_parent_id,
                struct dj_arena *arena, struct dj_org_rec *out, struct dj_err *err);

/*
 * Dissolve on `on` (not after today, not before 建立党组织日期) for `reason`
 * (1..500 characters). Never deletes. DJ_ECONFLICT while the organisation has
 * active children or members who have not left, with the number in the
 * message. Posts still held end on `on`.
 */
int dj_org_dissolve(struct dj_db *db, const struct dj_actor *actor, int64_t id, struct dj_date on,
                    const char *reason, struct dj_arena *arena, struct dj_org_rec *out,
                    struct dj_err *err);

/*
 * The organisations from the root down to `id` (itself last), leaving out
 * those outside the actor's read scope.
 */
int dj_org_path(struct dj_db *db, const struct dj_actor *actor, int64_t id, struct dj_arena *arena,
                struct dj_org_rec **recs, int *n, struct dj_err *err);

#define DJ_ORG_SEARCH_MAX_LIMIT 100
#define DJ_ORG_SEARCH_MAX_CHARS 50

/*
 * Organisations in the actor's read scope whose name contains q->name
 * (1..50 characters; % and _ are literal), ordered by path, q->limit
 * (1..100) from q->offset (>= 0); *total counts all matches.
 */
int dj_org_search(struct dj_db *db, const struct dj_actor *actor, const struct dj_org_search *q,
                  struct dj_arena *arena, struct dj_org_rec **recs, int *n, int64_t *total,
                  struct dj_err *err);

/* Counts over the subtree of `id`: organisations by kind, members by category. */
int dj_org_counts(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                  struct dj_org_counts *out, struct dj_err *err);

/* ---- posts ------------------------------------------------------------------- */

/* Current and past posts of `org_id`: current first, then latest start first. */
int dj_org_posts(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                 struct dj_arena *arena, struct dj_org_post **posts, int *n, struct dj_err *err);

/*
 * Record that someone holds a post from in->start_on. The holder is either a
 * member (in->member_id, who must belong to the organisation or its
 * subtree and not have left) or a person named in in->person_name. Rules:
 *   - 党小组 / 楼栋党小组 have only 党小组长; other organisations never do;
 *   - a branch 书记 must be a member with at least the 党龄 of rule
 *     post.secretary.min_party_years (1 year, counted in calendar years from
 *     转正日期: 转正 on 2024-02-29 qualifies on 2025-02-28, not 2025-02-27);
 *     a 预备党员 has no 党龄;
 *   - one 书记 at a time: an earlier one must have ended on or before start_on;
 *   - principal_leader only for a 书记;
 *   - start_on not after today and not before 建立党组织日期.
 * *out is the stored post.
 */
int dj_org_post_add(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                    const struct dj_org_post *in, struct dj_arena *arena, struct dj_org_post *out,
                    struct dj_err *err);

/* End a current post of `org_id` on end_on (not before its start, not after today). */
int dj_org_post_end(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, int64_t post_id,
                    struct dj_date end_on, struct dj_arena *arena, struct dj_org_post *out,
                    struct dj_err *err);

/*
 * The same two, inside the caller's open write transaction (svc/term.c
 * feeds an election's committee into the posts in its own transaction):
 * same checks and audit rows, no begin/commit; on failure the caller rolls
 * back.
 */
int dj_org_post_add_in_tx(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                          const struct dj_org_post *in, struct dj_arena *arena,
                          struct dj_org_post *out, struct dj_err *err);
int dj_org_post_end_in_tx(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                          int64_t post_id, struct dj_date end_on, struct dj_arena *arena,
                          struct dj_org_post *out, struct dj_err *err);

#endif
