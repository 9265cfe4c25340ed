/*
 * dev.h - the 发展党员 service (member development, spec §3): applicants
 * from 入党申请书 to 正式党员 through the 25 steps in 5 stages, each step a
 * dated, attributed event; the state machine 申请人 → 积极分子 → 发展对象 →
 * 预备党员 → 正式党员 with its side exits (退回培养, 延长预备期 once,
 * 取消预备党员资格); the 基层党委 review inbox (预审, 审批, 转正审批); the
 * rolls, yearly plans, counts and deadlines.
 *
 * Permissions:
 *   read      DJ_PERM_READ on the applicant's branch;
 *   write     DJ_PERM_WRITE on the branch (create, steps, submit);
 *   approve   steps 13, 17 and 24 (directly, or by approving a submitted
 *             review) need DJ_PERM_WRITE on the 基层党委 with approval
 *             authority above the branch: the nearest active 党委 / 党工委 /
 *             社区党委 ancestor with orgs.can_approve = 1.
 * An applicant outside the caller's scope and a missing one both give
 * DJ_EPERM "无权访问该组织的数据" (a system administrator gets DJ_ENOTFOUND).
 *
 * Every guard of spec §3 is checked when the step is recorded, inside the
 * step's write transaction, with a Chinese message naming the rule id
 * (rules/dev_rules.h). A late talk is recorded with a warning, not refused.
 * Every write runs in one transaction with its audit row (dev.create,
 * dev.step, dev.submit, dev.review.approve, dev.review.return, dev.plan);
 * audit JSON holds masked personal values only.
 *
 * At approval (step 17) the applicant becomes a 预备党员 member record
 * through svc/member.h (same validation as any member, joined_on = the
 * branch meeting date); at 转正 approval (step 24) that record becomes a
 * 正式党员 with confirmed_on = 预备期满 (党龄 counts from there).
 */
#ifndef DJ_SVC_DEV_H
#define DJ_SVC_DEV_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/scope.h"
#include "model/dev_rec.h"
#include "rules/dev_rules.h"
#include "store/db.h"
#include "store/dev.h"
#include "svc/deadline.h"

/* Blind-index domain of applicants' ID numbers (svc/crypt.h); aad "dev.<key>". */
#define DJ_DEV_ID_DOMAIN "dev.id_number"

/* One of the 25 steps (and the side exit 退回培养, step 0). */
struct dj_dev_step_def {
    int step;          /* 1..25; 0 = 退回培养 */
    const char *kind;  /* stable code: "talk", "activist", … */
    const char *label; /* Chinese name of the step */
    int stage_no;      /* 1..5 */
    const char *stage; /* the applicant stage the step is recorded in */
    bool review;       /* decided by the upper committee (13, 17, 24) */
    bool meeting;      /* decided at a meeting (the form asks which) */
    bool repeat;       /* may be recorded more than once */
};

/* The step table, in order (steps 1..25, then 退回培养). */
const struct dj_dev_step_def *dj_dev_steps(int *n);
/* A step by kind, or NULL. */
const struct dj_dev_step_def *dj_dev_step_find(const char *kind);
/* Chinese label of a stage code ("申请人" …), "" for an unknown one. */
const char *dj_dev_stage_label(const char *stage);
/* Chinese name of stage group 1..5 ("申请入党" …). */
const char *dj_dev_stage_group(int stage_no);

/*
 * A new applicant (step 1): org_id a 党支部 kind, active, in the actor's
 * write scope; id_number checked and sealed (gender and birth date from
 * it); applied_on not in the future and the applicant 18 on that day
 * (dev.applicant.min_age_years). One applicant in progress per ID number
 * (DJ_ECONFLICT naming "id_number"). Audited as dev.create.
 */
int dj_dev_create(struct dj_db *db, const struct dj_actor *actor, struct dj_dev_applicant *in,
                  struct dj_arena *arena, struct dj_dev_applicant *out, struct dj_err *err);

/*
 * The applicant in progress with this ID number (the blind index), for the
 * importer: 0 and *out (read permission), DJ_ENOTFOUND when there is none,
 * DJ_EPERM when it lies outside the actor's scope.
 */
int dj_dev_find(struct dj_db *db, const struct dj_actor *actor, const char *id_number,
                struct dj_arena *arena, struct dj_dev_applicant *out, struct dj_err *err);

/* Whether `a` may see an applicant's ID number and phone in full (writers of the branch). */
bool dj_dev_may_unmask(const struct dj_actor *a, const struct dj_dev_applicant *ap);

/*
 * One applicant, opened and derived. With unmasked the actor must pass
 * dj_dev_may_unmask and the read is audited (dev.read_unmasked).
 */
int dj_dev_get(struct dj_db *db, const struct dj_actor *actor, int64_t id, bool unmasked,
               struct dj_arena *arena, struct dj_dev_applicant *out, struct dj_err *err);

struct dj_dev_query {
    int64_t org_id;    /* subtree (0 = the actor's whole read scope) */
    const char *stage; /* stage code, "all", or NULL = in progress */
    const char *q;     /* name prefix */
    int limit, offset; /* 1..200 (default 50), >= 0 */
};

int dj_dev_list(struct dj_db *db, const struct dj_actor *actor, const struct dj_dev_query *q,
                struct dj_arena *arena, struct dj_dev_applicant **rows, int *n, int64_t *total,
                struct dj_err *err);

/* The input of one step. Only the fields the step uses are read. */
struct dj_dev_step_in {
    const char *kind;    /* step code */
    struct dj_date on;   /* date of the step (the meeting's date for meetings) */
    const char *meeting; /* which meeting decided it (required for meeting steps) */
    const char *note;    /* remarks / written conclusion */
    json_t *documents;   /* borrowed: [ "name" | {"name","ref"} ] up to 20, or NULL */
    int64_t people[4];   /* 培养联系人 / 入党介绍人 (member ids) */
    int npeople;
    const char *conclusion;    /* 政治审查: "passed" | "failed" */
    int64_t days, hours;       /* 集中培训 */
    struct dj_dev_vote vote;   /* 支部大会 (15, 23) */
    const char *outcome;       /* step 23: "convert" | "extend" | "cancel" */
    int64_t extension_months;  /* step 23 with outcome extend */
    bool special;              /* step 17: special case (≤ 6 months) */
    const char *reason;        /* 退回培养 / return: required */
    struct dj_date leaving_on; /* optional: record the expected date of leaving the unit */
    int64_t group_id;          /* step 19: the 党小组 (optional) */
};

/*
 * Record a step for applicant `id` after every guard of that step passed.
 * *warning (>= 256 bytes, may be NULL) receives a warning that did not
 * refuse the step (late talk), "" otherwise. *out is the applicant after.
 * Steps 13, 17 and 24 need approval authority (see the top of this file).
 */
int dj_dev_step(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                const struct dj_dev_step_in *in, struct dj_arena *arena,
                struct dj_dev_applicant *out, char *warning, struct dj_err *err);

/*
 * A branch submits step 13, 17 or 24 (in->kind) to its 基层党委: the step's
 * prerequisites are checked now (the deadline is checked at approval), and
 * a pending review is created (one per applicant and step). Audited as
 * dev.submit. *review_id gets its id.
 */
int dj_dev_submit(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                  const struct dj_dev_step_in *in, int64_t *review_id, struct dj_err *err);

/*
 * The 基层党委 approves review `rid`: the step is recorded as by
 * dj_dev_step (every guard, on in->on) with the approving organisation,
 * and the review closed. Audited as dev.review.approve (and the step).
 */
int dj_dev_approve(struct dj_db *db, const struct dj_actor *actor, int64_t rid,
                   const struct dj_dev_step_in *in, struct dj_arena *arena,
                   struct dj_dev_applicant *out, struct dj_err *err);

/* The 基层党委 returns review `rid` with a reason (required). Audited as dev.review.return. */
int dj_dev_return(struct dj_db *db, const struct dj_actor *actor, int64_t rid, struct dj_date on,
                  const char *reason, struct dj_err *err);

/*
 * Reviews: inbox = those the actor may decide (approver in its write
 * scope); otherwise those of branches in its read scope. status NULL = all.
 */
int dj_dev_reviews(struct dj_db *db, const struct dj_actor *actor, bool inbox, const char *status,
                   struct dj_arena *arena, struct dj_dev_review **rows, int *n, struct dj_err *err);

/* What is due next for an applicant, and why. */
struct dj_dev_next {
    int step;
    const char *kind, *label;
    struct dj_date due; /* the date it falls due (or becomes possible); unset if none */
    bool earliest;      /* due is the earliest allowed date, not a deadline */
    bool overdue;
    const char *why;     /* Chinese explanation */
    const char *rule_id; /* "" when none */
};

/* An applicant's events and next steps (read permission). */
int dj_dev_timeline(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                    struct dj_arena *arena, struct dj_dev_applicant *out,
                    struct dj_dev_event **events, int *nevents, struct dj_dev_next **next,
                    int *nnext, struct dj_dev_review **reviews, int *nreviews, struct dj_err *err);

/* Set the plan of org_id for year (write permission on org_id). Audited as dev.plan. */
int dj_dev_plan_set(struct dj_db *db, const struct dj_actor *actor, const struct dj_dev_plan *p,
                    struct dj_err *err);
/* Plans of `year` under org_id (0 = the actor's first read subtree). */
int dj_dev_plans(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, int64_t year,
                 struct dj_arena *arena, struct dj_dev_plan **rows, int *n, struct dj_err *err);

/* Counts by stage, under 35 and education for the subtree of org_id. */
int dj_dev_counts(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                  struct dj_arena *arena, struct dj_dev_count **rows, int *n, struct dj_err *err);

/*
 * The deadline lister for the reminder scheduler (svc/deadline.h), kinds:
 *   dev.talk_due            谈话 due 1 month after the application (DUE / OVERDUE)
 *   dev.candidate_eligible  the day an 积极分子 may become a 发展对象 (INFO)
 *   dev.probation_end       预备期满 of a 预备党员 not yet discussed (DUE)
 *   dev.approval_overdue    审批 due 3 months after the branch meeting, for
 *                           admission (step 17) and 转正 (step 24) (DUE / OVERDUE)
 * Keys are "applicant:<id>:step:<n>".
 */
int dj_dev_deadline_lister(struct dj_db *db, const struct dj_scope *scope, struct dj_date from,
                           struct dj_date to, dj_deadline_emit emit, void *ctx, struct dj_err *err);

/* The same items for org_id's subtree (read permission), copied into the arena. */
int dj_dev_deadlines(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                     struct dj_date from, struct dj_date to, struct dj_arena *arena,
                     struct dj_deadline **rows, int *n, struct dj_err *err);

#endif
