/*
 * dev.h - SQL of 发展党员: applicants, their step events, the 基层党委
 * review inbox, yearly plans, counts and the rows behind the deadline list.
 *
 * Reads of applicants take the caller's scope (store/scoped.h): a row
 * outside it is DJ_ENOTFOUND, like a missing one. Personal fields arrive
 * and leave sealed; svc/dev.c seals and opens them. Text handed out comes
 * from the caller's arena.
 */
#ifndef DJ_STORE_DEV_H
#define DJ_STORE_DEV_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/scope.h"
#include "model/dev_rec.h"
#include "store/db.h"

/* An applicant's sealed personal fields. */
struct dj_dev_sealed {
    const char *id_enc;
    char id_blind[65];
    const char *phone_enc; /* NULL when empty */
};

/* Insert a new applicant (stage applicant, last_step 1); *id gets its row id. */
int dj_store_dev_insert(struct dj_db *db, const struct dj_dev_applicant *a,
                        const struct dj_dev_sealed *s, const char *org_path, const char *now,
                        int64_t *id, struct dj_err *err);

/* One applicant in `scope` (sealed fields still sealed); DJ_ENOTFOUND otherwise. */
int dj_store_dev_get(struct dj_db *db, const struct dj_scope *scope, int64_t id,
                     struct dj_arena *arena, struct dj_dev_applicant *out, struct dj_err *err);

/* Write the step columns (stage … last_step) and leaving_on of `a` back to its row. */
int dj_store_dev_update_steps(struct dj_db *db, const struct dj_dev_applicant *a, const char *now,
                              struct dj_err *err);

/* Another applicant in progress with the same blind index (0 when none). */
int dj_store_dev_active_blind(struct dj_db *db, const char *blind, int64_t *other,
                              struct dj_err *err);

struct dj_dev_filter {
    const char *path;  /* subtree (already checked against the scope), NULL = the scope */
    const char *stage; /* NULL = every stage in progress; "all" = every stage */
    const char *q;     /* name prefix */
    int limit, offset;
};

/* Applicants in scope matching f, by applied_on then id; *total counts all matches. */
int dj_store_dev_list(struct dj_db *db, const struct dj_scope *scope, const struct dj_dev_filter *f,
                      struct dj_arena *arena, struct dj_dev_applicant **rows, int *n,
                      int64_t *total, struct dj_err *err);

/* A recorded step. */
struct dj_dev_event {
    int64_t id, applicant_id;
    int step;
    const char *kind;
    struct dj_date on;
    const char *meeting, *data, *documents, *note, *warning; /* data/documents: JSON text */
    int64_t decided_by_org;
    int64_t user_id;
    const char *username, *created_at;
};

int dj_store_dev_event_insert(struct dj_db *db, const struct dj_dev_event *e, const char *now,
                              int64_t *id, struct dj_err *err);
/* Every event of one applicant, by date then id. */
int dj_store_dev_events(struct dj_db *db, int64_t applicant_id, struct dj_arena *arena,
                        struct dj_dev_event **rows, int *n, struct dj_err *err);

/* An organisation as the approval rules see it. */
struct dj_dev_org {
    int64_t id, parent_id;
    char path[DJ_PATH_MAX];
    char kind[32], status[16];
    char name[256];
    bool can_approve;
};

int dj_store_dev_org(struct dj_db *db, int64_t id, struct dj_dev_org *out, struct dj_err *err);
/*
 * The nearest active ancestor of the organisation at `path` that holds
 * 审批权限 (orgs.can_approve) and is a 党委 / 党工委 / 社区党委; DJ_ENOTFOUND
 * when none.
 */
int dj_store_dev_approver(struct dj_db *db, const char *path, struct dj_dev_org *out,
                          struct dj_err *err);

/* A member as the 介绍人 / 培养联系人 rules see it (any scope). DJ_ENOTFOUND when absent. */
struct dj_dev_member {
    int64_t id;
    char *name, *category, *status, *org_path;
    struct dj_date party_probation_until;
};
int dj_store_dev_member(struct dj_db *db, int64_t id, struct dj_arena *arena,
                        struct dj_dev_member *out, struct dj_err *err);

/* A review (submission to the upper committee). */
struct dj_dev_review {
    int64_t id, applicant_id;
    int step;
    int64_t approver_org_id;
    const char *approver_path, *org_path, *status;
    struct dj_date submitted_on;
    const char *submitted_by, *note, *documents;
    struct dj_date decided_on;
    const char *decided_by, *reason;
    int64_t event_id;
    const char *created_at;
    const char *applicant_name, *org_name, *approver_name; /* joined */
};

int dj_store_dev_review_insert(struct dj_db *db, const struct dj_dev_review *r, const char *now,
                               int64_t *id, struct dj_err *err);
/* One review by id, any scope (svc checks); DJ_ENOTFOUND when absent. */
int dj_store_dev_review_get(struct dj_db *db, int64_t id, struct dj_arena *arena,
                            struct dj_dev_review *out, struct dj_err *err);
/* Record the decision of a pending review; DJ_ECONFLICT when it is no longer pending. */
int dj_store_dev_review_decide(struct dj_db *db, int64_t id, const char *status, struct dj_date on,
                               const char *by, const char *reason, int64_t event_id,
                               const char *now, struct dj_err *err);
/* The pending review of an applicant for a step, 0 when none. */
int dj_store_dev_review_pending(struct dj_db *db, int64_t applicant_id, int step, int64_t *id,
                                struct dj_err *err);
/*
 * Reviews whose approver (as_approver) or whose applicant's branch lies in
 * scope; status NULL = all. Newest first, at most 200.
 */
int dj_store_dev_reviews(struct dj_db *db, const struct dj_scope *scope, bool as_approver,
                         const char *status, struct dj_arena *arena, struct dj_dev_review **rows,
                         int *n, struct dj_err *err);

/* The reviews of one applicant, oldest first (at most 50). */
int dj_store_dev_reviews_of(struct dj_db *db, int64_t applicant_id, struct dj_arena *arena,
                            struct dj_dev_review **rows, int *n, struct dj_err *err);

/* Plans. */
struct dj_dev_plan {
    int64_t id, org_id;
    const char *org_name, *org_path;
    int64_t year, planned, under35;
    const char *note;
    int64_t developed; /* admitted (step 15) in the year, under org_path */
};
int dj_store_dev_plan_upsert(struct dj_db *db, const struct dj_dev_plan *p, const char *now,
                             int64_t *id, struct dj_err *err);
/* Plans of `year` for organisations under `path` (already in scope). */
int dj_store_dev_plans(struct dj_db *db, const char *path, int64_t year, struct dj_arena *arena,
                       struct dj_dev_plan **rows, int *n, struct dj_err *err);
/* One plan of org_id and year (*found false when none). */
int dj_store_dev_plan_get(struct dj_db *db, int64_t org_id, int64_t year, struct dj_arena *arena,
                          struct dj_dev_plan *out, bool *found, struct dj_err *err);

/* Counts under `path`: per stage, those under 35 on `today`, and per education code. */
struct dj_dev_count {
    const char *stage, *education; /* education NULL for "not recorded" */
    int64_t total, under35;
};
int dj_store_dev_counts(struct dj_db *db, const char *path, struct dj_date today,
                        struct dj_arena *arena, struct dj_dev_count **rows, int *n,
                        struct dj_err *err);

#endif
