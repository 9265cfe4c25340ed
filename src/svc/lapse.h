/*
 * lapse.h - 流动党员 (mobile members), the contact log, 失联排查 (the
 * lost-contact worklist with its search actions), 自行脱党 candidates and the
 * recorded status decisions (停止党籍, 恢复党籍, 除名, 出党, 死亡, 失联),
 * spec/domain-rules.md §5, §6.3; docs/transfers.md.
 *
 * Permissions: reads need DJ_PERM_READ on the member's branch (a flow is
 * also visible to the in-flow side: READ on host_path); writes need
 * DJ_PERM_WRITE there. Out of scope and missing look alike (DJ_EPERM
 * "无权访问该组织的数据"). Every write runs in one transaction with its audit
 * row (record type "member" for notes and decisions, so they show in the
 * member's history; "flow" for flows).
 *
 * The system never changes a member's status by itself: the worklist and the
 * candidate list only list; a person records a decision (dj_lapse_decide),
 * which changes the status through svc/member.c in the same transaction.
 */
#ifndef DJ_SVC_LAPSE_H
#define DJ_SVC_LAPSE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/db.h"
#include "store/transfer.h"

/* ---- 流动党员 ------------------------------------------------------------ */

struct dj_flow_new {
    const char *side;        /* "out": the home branch registers its member leaving;
                                "in": the host branch registers a member arriving from outside */
    int64_t member_id;       /* out */
    const char *member_name; /* in */
    int64_t host_org_id;     /* out: an in-flow branch in this deployment (0 = outside) */
    const char *host_name;   /* out with host_org_id 0: the outside organisation */
    int64_t home_org_id;     /* unused for out (the member's branch); in: unused (0) */
    const char *home_name;   /* in: the 流出地 organisation */
    int64_t in_org_id;       /* in: the host branch */
    const char *reason, *destination, *card_no;
    struct dj_date left_on, until_on;
};
int dj_flow_create(struct dj_db *db, const struct dj_actor *actor, const struct dj_flow_new *in,
                   struct dj_arena *arena, struct dj_flow *out, struct dj_err *err);
int dj_flow_get(struct dj_db *db, const struct dj_actor *actor, int64_t id, struct dj_arena *arena,
                struct dj_flow *out, struct dj_err *err);
/* Active flows (all = ended too) with home or host in the actor's read scope, under org_id. */
int dj_flow_list(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, bool all,
                 struct dj_arena *arena, struct dj_flow **rows, int *n, struct dj_err *err);
/* End (returned, transferred, ...): by the home side (or the host for side "in"). A member
 * registered out with status 流动 goes back to 正常 (a recorded status change). */
int dj_flow_end(struct dj_db *db, const struct dj_actor *actor, int64_t id, struct dj_date on,
                const char *reason, struct dj_arena *arena, struct dj_flow *out,
                struct dj_err *err);
/* 活动证 annual review (once per year): by either side. */
int dj_flow_review(struct dj_db *db, const struct dj_actor *actor, int64_t id, int year,
                   struct dj_date on, const char *result, const char *note, struct dj_err *err);

/*
 * HOOK for meetings and dues: whether member_id takes part in organisational
 * life at host_org_id as an in-flow 流动党员 on `on` (an active flow whose
 * host is that branch): such a member is counted as attending and may pay
 * dues there, but has no vote and is not in the branch's 应到会 count.
 */
int dj_flow_is_guest(struct dj_db *db, int64_t member_id, int64_t host_org_id, struct dj_date on,
                     bool *guest, struct dj_err *err);

/* ---- notes: contacts, searches, grounds ---------------------------------- */

/* Record a contact with the member (the contact log). */
int dj_lapse_contact(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                     struct dj_date on, const char *method, const char *note, int64_t *id,
                     struct dj_err *err);
/* Record a search action and its evidence (失联排查); found = the member was reached. */
int dj_lapse_search(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                    struct dj_date on, const char *action, const char *evidence, bool found,
                    int64_t *id, struct dj_err *err);
/* Record a 自行脱党 ground (life | dues | work) since a date, or a good reason for it. */
int dj_lapse_ground(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                    const char *ground, struct dj_date since, bool good_reason, const char *note,
                    int64_t *id, struct dj_err *err);
/* The ground ended (attended again, paid ...). */
int dj_lapse_ground_clear(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                          int64_t ground_id, struct dj_date on, struct dj_err *err);
/* The notes of one kind about a member the actor may read. */
int dj_lapse_notes(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                   enum dj_note_kind kind, struct dj_arena *arena, struct dj_member_note **rows,
                   int *n, struct dj_err *err);

/* ---- the worklist and the candidates ------------------------------------- */

struct dj_lapse_item {
    struct dj_lapse_row row;
    struct dj_date last;  /* latest sign of contact, or the day the record was created */
    struct dj_date since; /* last + lapse.audit_inactive_months: on the list from this day */
    int months;           /* whole months since `last` */
    bool may_suspend;     /* status lost_contact, and last + lapse.lost_contact_months <= today */
};
/* 失联排查 worklist on today: members in scope (under org_id) without contact for N months. */
int dj_lapse_worklist(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                      struct dj_arena *arena, struct dj_lapse_item **rows, int *n,
                      struct dj_err *err);

struct dj_lapse_candidate {
    struct dj_ground_row g;
    struct dj_date from; /* since + lapse.self_departure_months */
};
/* 自行脱党 candidates on today: open grounds of 6 consecutive months, for a person to decide. */
int dj_lapse_candidates(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                        struct dj_arena *arena, struct dj_lapse_candidate **rows, int *n,
                        struct dj_err *err);

/* ---- decisions ----------------------------------------------------------- */

struct dj_lapse_decision {
    const char *decision;   /* lost_contact | suspend | restore | remove | leave | death */
    struct dj_date on;      /* decided on (not in the future) */
    const char *decider;    /* the deciding organisation or meeting */
    const char *doc_no;     /* 文号 */
    const char *reason;     /* required except for death */
    const char *leave_kind; /* leave: expelled | withdrew | lapsed | removed */
};
/* Record a decision and apply its status change (svc/member.c rules) in one transaction. */
int dj_lapse_decide(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                    const struct dj_lapse_decision *d, int64_t *id, struct dj_err *err);

#endif
