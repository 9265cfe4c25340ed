/*
 * meeting.h (svc) - records of organisational life: create and edit (the
 * expected list derived from the roll on the meeting's date), quorum and
 * votes (rules/life_rules.h), the online review (branch submits; the
 * 基层党委 above approves or returns with a reason; returned records are
 * edited and resubmitted; every step audited), member exemptions and
 * training hours. docs/orglife.md.
 *
 * Permissions: reading needs DJ_PERM_READ on the record's organisation;
 * writing, submitting and deleting need DJ_PERM_WRITE on it; approving and
 * returning need DJ_PERM_WRITE on the organisation above the branch (the
 * branch itself for a 党小组's record is not enough). A record outside the
 * caller's scope and a missing one both give DJ_EPERM "无权访问该组织的数据".
 */
#ifndef DJ_SVC_MEETING_H
#define DJ_SVC_MEETING_H

#include <jansson.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/db.h"
#include "store/meeting.h"

#define DJ_MEETING_MAX_ATTENDANCE 2000
#define DJ_MEETING_MAX_VOTES 50
#define DJ_MEETING_MAX_FILES 50

/*
 * What a caller hands in to create or edit a record: the editable fields of
 * struct dj_meeting (org_id, kind, held_on, place, chair, recorder, lecturer,
 * topic, agenda, minutes, decisions, hours, votes, files) plus attendance.
 * natt == 0 derives the attendance from the roll with everyone present;
 * otherwise each member must be on the roll that day (guests: member_id 0,
 * state "guest"), absent members need a reason, and voting rights, exempt
 * states and counts are recomputed from the roll (the caller's are ignored).
 * lecturer_member_id: the lecturer of a 党课 when a member (by_secretary is
 * set when they were the branch 书记 that day).
 */
struct dj_meeting_in {
    struct dj_meeting m;
    int64_t lecturer_member_id;
};

/* The expected list of organisation org_id for a meeting of `kind` on `on` (everyone present). */
int dj_meeting_roll(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                    const char *kind, struct dj_date on, struct dj_arena *arena,
                    struct dj_meeting_att **out, int *n, struct dj_err *err);

int dj_meeting_create(struct dj_db *db, const struct dj_actor *actor,
                      const struct dj_meeting_in *in, struct dj_arena *arena,
                      struct dj_meeting *out, struct dj_err *err);
/* Edit a draft or returned record (org_id cannot change). */
int dj_meeting_update(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                      const struct dj_meeting_in *in, struct dj_arena *arena,
                      struct dj_meeting *out, struct dj_err *err);
/* Delete a draft or returned record; submitted and approved records are kept. */
int dj_meeting_delete(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                      struct dj_err *err);
int dj_meeting_get(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                   struct dj_arena *arena, struct dj_meeting *out, struct dj_err *err);

struct dj_meeting_query {
    int64_t org_id; /* subtree root, required */
    const char *kind, *status, *from, *to;
    int64_t limit, offset;
};
int dj_meeting_list(struct dj_db *db, const struct dj_actor *actor,
                    const struct dj_meeting_query *q, struct dj_arena *arena,
                    struct dj_meeting **rows, int *n, int64_t *total, struct dj_err *err);

/* Review flow. action: "submit", "approve" or "return" (reason required). */
int dj_meeting_review(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                      const char *action, const char *reason, struct dj_arena *arena,
                      struct dj_meeting *out, struct dj_err *err);

/* Whether the actor may approve or return records of the organisation at org_path (kind). */
bool dj_meeting_may_review(const struct dj_actor *actor, const char *org_path,
                           const char *org_kind);

/* JSON of a record (children included when loaded). Caller owns the reference. */
json_t *dj_meeting_json(const struct dj_meeting *m);

/* Excuse a member from organisational life (old, ill, disabled, mobile, other). */
int dj_meeting_exempt_member(struct dj_db *db, const struct dj_actor *actor,
                             const struct dj_member_exemption *e, int64_t *id, struct dj_err *err);

/* Training hours of a member from outside the meeting records. */
int dj_meeting_training_add(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                            struct dj_date on, int64_t hours, const char *title, int64_t *id,
                            struct dj_err *err);

/* A member's 学时 and 谈心谈话 in a year, with the threshold in force. */
struct dj_member_hours {
    int64_t member_id;
    int year;
    int64_t hours;         /* counting (approved, plus submitted when configured) */
    int64_t hours_pending; /* submitted, not counting */
    int64_t talks;
    int64_t required; /* life.training.min_hours_per_year */
};
int dj_meeting_member_hours(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                            int year, struct dj_member_hours *out, struct dj_err *err);

#endif
