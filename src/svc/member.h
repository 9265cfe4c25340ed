/*
 * member.h - the member database service (党员信息管理): create, read,
 * edit, status changes, moves between branches, lists and search, exact
 * look-up by ID number, history, and the link to a member's own account.
 *
 * Permissions (docs/security.md, "Who sees personal data"):
 *   read     DJ_PERM_READ on the member's branch (sysadmin, org_admin and
 *            branch_admin of the subtree, auditor), or the member themself
 *            (users.member_id);
 *   write    DJ_PERM_WRITE on the branch (sysadmin, org_admin, branch_admin);
 *            a move needs it on both branches;
 *   unmasked personal fields (身份证号码, phones, addresses) only for
 *            writers of the branch and the member themself, on request,
 *            one record at a time, each read audited (member.read_unmasked).
 *            Lists, look-ups and history are always masked.
 * A member outside the caller's scope and one that does not exist get the
 * same DJ_EPERM "无权访问该党员的数据" (system administrators get
 * DJ_ENOTFOUND for a missing one).
 *
 * Every write runs in one transaction with its audit row; audit JSON holds
 * masked personal values only (140203********591X, 138****1973, 北*****).
 *
 * Records handed out by this module are opened (personal fields in
 * plaintext) and carry the derived fields (年龄, 党龄, 政治生日,
 * 信息完整度) as of dj_date_today(); render them with
 * dj_rec_to_json(&dj_member_desc, rec, unmasked ? DJ_OUT_UNMASKED : 0).
 * All memory comes from the caller's arena.
 */
#ifndef DJ_SVC_MEMBER_H
#define DJ_SVC_MEMBER_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/scope.h"
#include "model/member_rec.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/member.h"

/* Additional data and blind-index domain of the sealed ID number (svc/crypt.h). */
#define DJ_MEMBER_ID_DOMAIN "member.id_number"

/*
 * Normalise a member record and seal its personal fields, for every path by
 * which members reach the database (the API, the CLI, importers, the demo
 * generator's bulk insert):
 *   - id_number (required) is parsed (GB 11643 checksum; DJ_EINVAL naming
 *     "id_number" otherwise) and replaced by its normalised form (18
 *     characters, upper-case X);
 *   - gender and birth_date, when unset, are taken from the ID number (they
 *     are not checked against it here: see dj_member_validate);
 *   - phone and tel lose spaces and '-';
 *   - out->id_blind = dj_crypt_blind(key, "member.id_number", normalised);
 *   - id_number, phone, tel, hukou, residence and home_address are sealed
 *     with aad "member.<key>" into out->*_enc (NULL when the field is empty).
 * `m` is changed in place (normalised values, derived fields marked set) and
 * keeps its plaintext. Sealed strings are copied into `arena`. Returns 0 or
 * DJ_EINVAL / DJ_ETOOBIG. Does no I/O; pair it with dj_store_member_insert().
 */
int dj_member_seal(const unsigned char key[32], struct dj_member_rec *m,
                   struct dj_member_sealed *out, struct dj_arena *arena, struct dj_err *err);

/*
 * The reverse for a record read by store/member.c: replace the sealed text
 * in the personal fields by plaintext (in `arena`). A value that does not
 * open (tampered, wrong key) is logged as an error and left out (NULL), so
 * one damaged row does not take a whole list down. Returns 0.
 */
int dj_member_open(const unsigned char key[32], struct dj_member_rec *m, struct dj_arena *arena);

/*
 * Every rule a complete member record must meet on `today`, in this order:
 * name, id_number (checksum, birth date not in the future), gender and
 * birth_date agree with the ID number, category, joined_on (set, not in
 * the future, on or after the 18th birthday), confirmed_on (per category:
 * none for 预备党员; 入党 + 1 year .. + 2 years for 正式党员; not in the
 * future), the other dates not in the future, phone (mobile) and tel
 * (mobile or landline), status/leave_kind consistency. DJ_EINVAL naming the
 * field with a Chinese message. Pure: no I/O.
 */
int dj_member_validate(const struct dj_member_rec *m, struct dj_date today, struct dj_err *err);

/* Fill the derived fields (age, party_years, political_birthday, info_completeness). */
void dj_member_derive(struct dj_member_rec *m, struct dj_date today, struct dj_arena *arena);

/*
 * Whether `a` may see member m's personal fields in full: a system
 * administrator, a writer (org_admin, branch_admin) of m's branch, or the
 * member themself.
 */
bool dj_member_may_unmask(const struct dj_actor *a, const struct dj_member_rec *m);

/*
 * Create a member from `in` (parsed with dj_rec_from_json in DJ_REC_CREATE
 * mode, or filled by the CLI). The branch (org_id) must be a 党支部 kind
 * (branch, joint_branch, temp_branch, grid_branch), active, in the actor's
 * write scope; group_id, if given, a 党小组 directly under it. DJ_ECONFLICT
 * naming "id_number" when an active record has the same ID number. Audited
 * as member.create. *out is the stored record.
 */
int dj_member_create(struct dj_db *db, const struct dj_actor *actor, struct dj_member_rec *in,
                     struct dj_arena *arena, struct dj_member_rec *out, struct dj_err *err);

/*
 * Read one member. With unmasked = true the actor must pass
 * dj_member_may_unmask (else DJ_EPERM), and the read is audited as
 * member.read_unmasked in its own transaction before the record is
 * returned; render it with DJ_OUT_UNMASKED then, masked otherwise.
 */
int dj_member_get(struct dj_db *db, const struct dj_actor *actor, int64_t id, bool unmasked,
                  struct dj_arena *arena, struct dj_member_rec *out, struct dj_err *err);

/* The actor's own member record (users.member_id); DJ_ENOTFOUND when the account has none. */
int dj_member_self(struct dj_db *db, const struct dj_actor *actor, bool unmasked,
                   struct dj_arena *arena, struct dj_member_rec *out, struct dj_err *err);

/*
 * Apply a patch (parsed with dj_rec_from_json in DJ_REC_PATCH mode: only the
 * fields whose bits are set change; a set bit with an empty value clears).
 * org_id cannot be patched (use dj_member_move). A new id_number without
 * gender/birth_date re-derives them. The whole resulting record is validated
 * again. No change → no write and no audit row. Audited as member.update
 * with the changed fields only, masked.
 */
int dj_member_update(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                     const struct dj_member_rec *patch, struct dj_arena *arena,
                     struct dj_member_rec *out, struct dj_err *err);

/* A status change (POST /api/members/{id}/status). */
struct dj_member_status_change {
    const char *status;     /* dict member_status */
    struct dj_date on;      /* date of the change (required, not in the future) */
    const char *leave_kind; /* dict leave_kind: required for "left", else NULL */
    const char *reason;     /* required for lost_contact, suspended and left */
};

/*
 * Change a member's status under dj_member_rule_transition (left and
 * deceased are final; 停止党籍 returns to 正常 only by 恢复党籍). The date
 * must lie between the 入党日期 (and the current status date) and today.
 * Audited as member.status.
 */
int dj_member_set_status(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                         const struct dj_member_status_change *c, struct dj_arena *arena,
                         struct dj_member_rec *out, struct dj_err *err);

/*
 * dj_member_create, dj_member_update and dj_member_set_status without their
 * own transaction: for another service (发展党员, 组织关系接转, 失联处置) that
 * changes a member inside its own write transaction (dj_db_begin(db, true)).
 * Same permissions, validation and audit row; the caller commits or rolls back.
 */
int dj_member_create_in_tx(struct dj_db *db, const struct dj_actor *actor,
                           struct dj_member_rec *in, struct dj_arena *arena,
                           struct dj_member_rec *out, struct dj_err *err);
int dj_member_update_in_tx(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                           const struct dj_member_rec *patch, struct dj_arena *arena,
                           struct dj_member_rec *out, struct dj_err *err);
int dj_member_set_status_in_tx(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                               const struct dj_member_status_change *c, struct dj_arena *arena,
                               struct dj_member_rec *out, struct dj_err *err);

/*
 * Move a member to another branch (org_id: a 党支部 kind, active, in the
 * actor's write scope, like the current one). The 党小组 is cleared. Former
 * members (left, deceased) cannot be moved. Audited as member.move.
 */
int dj_member_move(struct dj_db *db, const struct dj_actor *actor, int64_t id, int64_t org_id,
                   struct dj_arena *arena, struct dj_member_rec *out, struct dj_err *err);

/*
 * Move a member inside the caller's open write transaction, audited like
 * dj_member_move. With authorized = true the actor's scope checks on both
 * branches are skipped: only for a service that has already decided the
 * actor may do it (组织关系接转: the receiving organisation moves a member in
 * from a subtree it cannot see); the target must still be an active 党支部.
 */
int dj_member_move_in_tx(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                         int64_t org_id, bool authorized, struct dj_arena *arena,
                         struct dj_member_rec *out, struct dj_err *err);

/* List query; NULL / 0 / -1 mean "any" as noted. */
struct dj_member_query {
    int64_t org_id;       /* subtree to list (0 = the whole scope) */
    const char *q;        /* name: 3+ characters FTS5 trigram (contains), 1-2 prefix */
    const char *category; /* dict member_category */
    const char *status;   /* dict member_status, "all", or NULL = on the roll (not left/deceased) */
    const char *gender;   /* dict gender */
    const char *education; /* dict education */
    const char *domain;    /* dict domain of the branch */
    int age_min, age_max;  /* whole years on today; -1 = open */
    int joined_year;       /* 0 = any */
    const char *sort;      /* "id" (default), "name", "joined_on", "birth_date" */
    bool desc;
    int limit;  /* 1..200, default 50 */
    int offset; /* >= 0 */
};

/*
 * Members the actor may read matching `q`, opened and derived (render them
 * masked). DJ_EPERM when the actor reads no subtree or org_id lies outside
 * it; DJ_EINVAL naming the parameter for a bad value.
 */
int dj_member_list(struct dj_db *db, const struct dj_actor *actor, const struct dj_member_query *q,
                   struct dj_arena *arena, struct dj_member_rec **rows, int *n, int64_t *total,
                   struct dj_err *err);

/*
 * Exact look-up by ID number through the blind index: the active and former
 * records with that number that the actor may read (empty when none).
 * DJ_EINVAL naming "id_number" for a malformed number.
 */
int dj_member_lookup(struct dj_db *db, const struct dj_actor *actor, const char *id_number,
                     struct dj_arena *arena, struct dj_member_rec **rows, int *n,
                     struct dj_err *err);

/*
 * The audit rows about one member, oldest first (who, when, action,
 * before/after), for anyone who may read the member. Up to `limit` (1..500)
 * rows after after_id.
 */
int dj_member_history(struct dj_db *db, const struct dj_actor *actor, int64_t id, int64_t after_id,
                      int limit, struct dj_arena *arena, struct dj_audit_row **rows, int *n,
                      struct dj_err *err);

/*
 * Link member `id` to account user_id (0 = unlink), so that the account's
 * `member` role sees this record. Needs DJ_PERM_USERS on the member's branch
 * and, for a non-sysadmin, the account must hold a role in the actor's user
 * scope. Audited as member.link_user.
 */
int dj_member_link_user(struct dj_db *db, const struct dj_actor *actor, int64_t id, int64_t user_id,
                        struct dj_err *err);

#endif
