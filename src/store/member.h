/*
 * member.h - SQL for the member database (table members, sql/0002).
 *
 * Rows are read into struct dj_member_rec (model/member_rec.h) in descriptor
 * order. Personal fields are stored sealed: on the way in they come from a
 * struct dj_member_sealed (made by dj_member_seal in svc/member.h), and on
 * the way out the record's personal fields hold the sealed "v1:..." text,
 * which svc/ opens before anything else sees the record. Derived fields
 * (age, 党龄, ...) are read as empty; svc/ fills them.
 *
 * Reads take the caller's scope (a set of subtrees of materialised paths)
 * and never return a member whose org_path lies outside it, except the
 * caller's own record (self_id). No permission checks beyond that: svc/
 * decides who may call what. Functions return 0, DJ_ENOTFOUND for an absent
 * (or out-of-scope) row, DJ_ECONFLICT when the one-active-record-per-ID index
 * refuses a write, or a store error.
 */
#ifndef DJ_STORE_MEMBER_H
#define DJ_STORE_MEMBER_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/scope.h"
#include "model/member_rec.h"
#include "store/db.h"

#define DJ_MEMBER_BLIND_HEX 65 /* = DJ_CRYPT_BLIND_HEX: 64 hex digits and a NUL */

/*
 * The stored form of a member's personal fields: "v1:..." sealed text
 * (NULL = no value) and the blind index of the normalised ID number.
 */
struct dj_member_sealed {
    char id_blind[DJ_MEMBER_BLIND_HEX];
    const char *id_enc;
    const char *phone_enc;
    const char *tel_enc;
    const char *hukou_enc;
    const char *residence_enc;
    const char *home_address_enc;
};

/*
 * Insert a member. Plain columns come from `m` (id, derived and read-only
 * fields are ignored; status NULL means "normal"; the booleans are stored
 * 0/1), personal columns from `s`, org_path is the branch's path, `now` a
 * UTC ISO time for created_at and updated_at. *id gets the new row id.
 * DJ_ECONFLICT (field "id_number") when an active record has the same ID.
 */
int dj_store_member_insert(struct dj_db *db, const struct dj_member_rec *m,
                           const struct dj_member_sealed *s, const char *org_path, const char *now,
                           int64_t *id, struct dj_err *err);

/*
 * Rewrite every editable column of member m->id from `m` and `s` (not
 * org_id, org_path, status or the read-only fields). DJ_ENOTFOUND when the
 * row is gone, DJ_ECONFLICT as for insert.
 */
int dj_store_member_update(struct dj_db *db, const struct dj_member_rec *m,
                           const struct dj_member_sealed *s, const char *now, struct dj_err *err);

/* Set status, its date, leave kind (or NULL) and reason (or NULL). */
int dj_store_member_set_status(struct dj_db *db, int64_t id, const char *status, struct dj_date on,
                               const char *leave_kind, const char *reason, const char *now,
                               struct dj_err *err);

/* Move to another branch: org_id, org_path; the 党小组 is cleared. */
int dj_store_member_move(struct dj_db *db, int64_t id, int64_t org_id, const char *org_path,
                         const char *now, struct dj_err *err);

/*
 * One member by id if its org_path lies in `scope` or id == self_id (the
 * caller's own record; 0 = none). Text is copied into `arena`.
 */
int dj_store_member_get(struct dj_db *db, const struct dj_scope *scope, int64_t self_id, int64_t id,
                        struct dj_arena *arena, struct dj_member_rec *out, struct dj_err *err);

/*
 * Every record (active and former) with this blind index that lies in
 * `scope` or is the caller's own (self_id), by id. Arena-allocated.
 */
int dj_store_member_by_blind(struct dj_db *db, const struct dj_scope *scope, int64_t self_id,
                             const char *blind, struct dj_arena *arena, struct dj_member_rec **rows,
                             int *n, struct dj_err *err);

/*
 * The id of the active record (status not left/deceased) with this blind
 * index other than exclude_id, in *id (0 when there is none). Any scope:
 * only for the uniqueness check.
 */
int dj_store_member_active_id(struct dj_db *db, const char *blind, int64_t exclude_id, int64_t *id,
                              struct dj_err *err);

enum dj_member_sort {
    DJ_MSORT_ID,
    DJ_MSORT_NAME,
    DJ_MSORT_JOINED_ON,
    DJ_MSORT_BIRTH_DATE,
};

/* List filters; NULL / unset / 0 means "any". */
struct dj_member_filter {
    const char *subtree;     /* materialised path of the org to list under (must lie in scope), or
                                NULL for the whole scope */
    const char *name_fts;    /* FTS5 MATCH expression on members_fts (names of 3+ characters) */
    const char *name_prefix; /* names starting with this text (index range; 1-2 characters) */
    const char *category;    /* dict member_category */
    const char *status;      /* dict member_status */
    bool active_only;        /* leave out left and deceased (when status is NULL) */
    const char *gender;      /* dict gender */
    const char *education;   /* dict education */
    const char *domain;      /* dict domain, of the member's branch */
    struct dj_date birth_from, birth_to; /* birth date range, inclusive */
    int joined_year;                     /* 入党 year */
    enum dj_member_sort sort;
    bool desc;
    int limit;  /* 1..200 */
    int offset; /* >= 0 */
};

/*
 * Members in `scope` matching `f`, sorted (ties by id) and paginated; *total
 * is the number of matches before pagination. Arena-allocated.
 */
int dj_store_member_list(struct dj_db *db, const struct dj_scope *scope,
                         const struct dj_member_filter *f, struct dj_arena *arena,
                         struct dj_member_rec **rows, int *n, int64_t *total, struct dj_err *err);

/*
 * Link member `id` and account `user_id` both ways (members.user_id and
 * users.member_id), first unlinking whatever either was linked to;
 * user_id 0 only unlinks the member. DJ_ENOTFOUND when either is absent.
 */
int dj_store_member_link_user(struct dj_db *db, int64_t id, int64_t user_id, struct dj_err *err);

/* What the member service needs to know about an organisation. */
struct dj_member_org {
    int64_t id;
    int64_t parent_id; /* 0 for a root */
    char path[DJ_PATH_MAX];
    char kind[32];   /* dict org_kind */
    char status[16]; /* active | dissolved */
};

/*
 * One organisation by id regardless of scope (for permission checks and
 * the branch/党小组 rules only). DJ_ENOTFOUND when absent.
 */
int dj_store_member_org(struct dj_db *db, int64_t id, struct dj_member_org *out,
                        struct dj_err *err);

#endif
