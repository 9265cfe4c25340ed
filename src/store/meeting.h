/*
 * meeting.h (store) - SQL for records of organisational life (sql/0008):
 * meetings with their attendance, votes and attachment metadata; the roll
 * of an organisation on a date; member exemptions; training records.
 *
 * Reads that return records take the caller's scope and never return a
 * meeting whose org_path lies outside it (DJ_ENOTFOUND, the same as a
 * missing row). Writes trust svc/ to have checked the permission.
 */
#ifndef DJ_STORE_MEETING_H
#define DJ_STORE_MEETING_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/db.h"

struct dj_meeting_att {
    int64_t member_id; /* 0 for a guest who is not in the database */
    const char *name;
    const char *state; /* present | absent | exempt | guest */
    bool voting;       /* 有表决权 */
    const char *reason;
};

struct dj_meeting_vote {
    const char *motion;
    int64_t yes, no, abstain, written_yes, written_no;
    bool passed; /* computed by svc */
};

struct dj_meeting_file {
    const char *name;
    const char *mime;
    int64_t size_bytes;
    const char *sha256;
};

struct dj_meeting {
    int64_t id;
    int64_t org_id;
    const char *org_path;
    const char *org_name; /* read only */
    const char *org_kind; /* read only */
    const char *kind;
    char held_on[11];
    const char *place, *chair, *recorder, *lecturer;
    bool by_secretary;
    const char *topic, *agenda, *minutes, *decisions;
    int64_t hours;
    int64_t expected_n, present_n;
    bool quorum_ok;
    const char *status, *return_reason, *submitted_at, *reviewed_at, *reviewed_by;
    const char *created_at, *updated_at;
    struct dj_meeting_att *att;
    int natt;
    struct dj_meeting_vote *votes;
    int nvotes;
    struct dj_meeting_file *files;
    int nfiles;
};

/* Insert m (status draft) with its children; *id gets the new id. */
int dj_store_meeting_insert(struct dj_db *db, const struct dj_meeting *m, const char *now,
                            int64_t *id, struct dj_err *err);
/* Rewrite the editable columns of m->id and replace its children. */
int dj_store_meeting_update(struct dj_db *db, const struct dj_meeting *m, const char *now,
                            struct dj_err *err);
/* Set the review status (and reason / reviewer when given). */
int dj_store_meeting_set_status(struct dj_db *db, int64_t id, const char *status,
                                const char *reason, const char *reviewer, const char *now,
                                struct dj_err *err);
int dj_store_meeting_delete(struct dj_db *db, int64_t id, struct dj_err *err);

/* One meeting in scope, children included (arena). */
int dj_store_meeting_get(struct dj_db *db, const struct dj_scope *scope, int64_t id,
                         struct dj_arena *arena, struct dj_meeting *out, struct dj_err *err);

struct dj_meeting_filter {
    const char *path;      /* subtree (already authorised), required */
    const char *kind;      /* NULL = any */
    const char *status;    /* NULL = any */
    const char *from, *to; /* YYYY-MM-DD or NULL */
    int64_t limit, offset;
};

/* Meetings of the subtree, newest first, without children. */
int dj_store_meeting_list(struct dj_db *db, const struct dj_scope *scope,
                          const struct dj_meeting_filter *f, struct dj_arena *arena,
                          struct dj_meeting **rows, int *n, int64_t *total, struct dj_err *err);

/* A member on the roll of an organisation on a date. */
struct dj_roll_entry {
    int64_t member_id;
    const char *name;
    bool probationary;       /* 预备党员 on that date (no vote) */
    const char *exempt_kind; /* exemption in force, or NULL */
    const char *exempt_reason;
};

/*
 * The roll of organisation org_id on `on` (YYYY-MM-DD): for a 党小组
 * (by_group) the members whose group_id is it, else those whose org_id is
 * it; members already added (added_on, else joined_on, on or before `on`)
 * and not gone (a counted status, or a left/deceased/suspended status dated
 * after `on`). Ordered by member id. Arena memory.
 */
int dj_store_roll(struct dj_db *db, int64_t org_id, bool by_group, const char *on,
                  struct dj_arena *arena, struct dj_roll_entry **out, int *n, struct dj_err *err);

/* Committee members (current posts other than 党小组长) of org_id on `on`. */
int dj_store_committee_on(struct dj_db *db, int64_t org_id, const char *on, struct dj_arena *arena,
                          struct dj_roll_entry **out, int *n, struct dj_err *err);

/* Whether member_id is the 书记 of org_id on `on`. */
int dj_store_is_secretary(struct dj_db *db, int64_t org_id, int64_t member_id, const char *on,
                          bool *out, struct dj_err *err);

struct dj_member_exemption {
    int64_t id, member_id;
    const char *org_path, *reason_kind, *reason, *approver, *start_on, *end_on;
};
int dj_store_exemption_insert(struct dj_db *db, const struct dj_member_exemption *e,
                              const char *now, int64_t *id, struct dj_err *err);

int dj_store_training_insert(struct dj_db *db, int64_t member_id, const char *org_path,
                             const char *held_on, int64_t hours, const char *title, const char *now,
                             int64_t *id, struct dj_err *err);

/* 学时 and 谈心谈话 of one member in a year (approved, submitted). */
struct dj_member_life_year {
    int64_t hours_ok, hours_sub, talks_ok, talks_sub;
};
int dj_store_member_life_year(struct dj_db *db, int64_t member_id, int year,
                              struct dj_member_life_year *out, struct dj_err *err);

#endif
