/*
 * transfer.h - SQL of 组织关系接转, 流动党员, the contact log, 失联排查 and
 * status decisions (sql/0007_transfers.sql). No permissions here: svc/transfer.c
 * and svc/lapse.c decide; list reads take the caller's scope.
 * Strings and arrays come from the caller's arena.
 */
#ifndef DJ_STORE_TRANSFER_H
#define DJ_STORE_TRANSFER_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/db.h"

/* One row of `transfers`; unset dates and NULL strings for SQL NULL. */
struct dj_transfer {
    int64_t id;
    const char *kind;     /* internal | out | in */
    const char *category; /* in_province | cross_province (转接类别) */
    const char *state;
    int64_t member_id;
    const char *member_name, *gender, *id_enc, *member_category;
    struct dj_date joined_on, confirmed_on;
    int64_t from_org_id;
    const char *from_path, *from_name;
    int64_t approver_org_id;
    const char *approver_path, *approver_name;
    int64_t to_org_id;
    const char *to_path, *to_name;
    const char *reason;
    struct dj_date requested_on, approved_on, issued_on;
    const char *letter_no;
    struct dj_date valid_until;
    const char *dues_paid_to; /* YYYY-MM */
    struct dj_date received_on, receipt_on, closed_on;
    const char *close_reason;
    int postpone_months;
    struct dj_date probation_end;
    int64_t created_by;
    const char *created_at, *updated_at;
};

int dj_store_transfer_insert(struct dj_db *db, const struct dj_transfer *t, const char *now,
                             int64_t *id, struct dj_err *err);
/* Write every mutable column of t (state, dates, letter, ...) by t->id. */
int dj_store_transfer_update(struct dj_db *db, const struct dj_transfer *t, const char *now,
                             struct dj_err *err);
/* One transfer by id regardless of scope (svc decides who sees it); DJ_ENOTFOUND. */
int dj_store_transfer_get(struct dj_db *db, int64_t id, struct dj_arena *arena,
                          struct dj_transfer *out, struct dj_err *err);

struct dj_transfer_filter {
    const char *box;      /* "out": sending side in scope; "in": receiving side; NULL: either */
    const char *state;    /* one state, "open" (requested..received), or NULL */
    const char *org_path; /* narrow to this subtree (the side given by box), NULL = scope */
    int64_t member_id;    /* 0 = any */
    int limit;            /* 1..500 */
};
int dj_store_transfer_list(struct dj_db *db, const struct dj_scope *scope,
                           const struct dj_transfer_filter *f, struct dj_arena *arena,
                           struct dj_transfer **rows, int *n, struct dj_err *err);
/* Letters issued by the approver in `year` so far (for the next 介绍信编号). */
int dj_store_transfer_letters_in_year(struct dj_db *db, int64_t approver_org_id, int year,
                                      int64_t *count, struct dj_err *err);

/* An organisation's id, path, name, kind, status and 审批权限 by id (any scope). */
struct dj_xorg {
    int64_t id;
    char path[DJ_PATH_MAX];
    char name[256];
    char kind[32];
    char status[16];
    bool can_approve;
};
int dj_store_xorg(struct dj_db *db, int64_t id, struct dj_xorg *out, struct dj_err *err);
/*
 * The sending 基层党委 of the branch at `path`: the nearest ancestor (or the
 * organisation itself) with 审批权限; else the nearest 党委 kind; else the root.
 */
int dj_store_transfer_approver(struct dj_db *db, const char *path, struct dj_xorg *out,
                               struct dj_err *err);
/* Active 党支部-kind organisations whose name is LIKE pattern (any scope), id and name, at most
 * 20: a prepared statement to step; the caller resets it. */
int dj_store_transfer_targets(struct dj_db *db, const char *pattern, struct dj_stmt **out,
                              struct dj_err *err);
/* Mark a member's 党员增加 (add_kind) and 增加时间 after a transfer in. */
int dj_store_member_mark_added(struct dj_db *db, int64_t member_id, const char *add_kind,
                               struct dj_date on, const char *now, struct dj_err *err);

/* ---- 流动党员 ----------------------------------------------------------- */

struct dj_flow {
    int64_t id;
    const char *side; /* out | in */
    int64_t member_id;
    const char *member_name;
    int64_t home_org_id;
    const char *home_path, *home_name;
    int64_t host_org_id;
    const char *host_path, *host_name;
    const char *reason, *destination, *card_no;
    struct dj_date left_on, until_on, ended_on;
    const char *end_reason;
    int last_review_year; /* 0 = never reviewed (read only) */
    const char *created_at;
};
int dj_store_flow_insert(struct dj_db *db, const struct dj_flow *f, int64_t by, const char *now,
                         int64_t *id, struct dj_err *err);
int dj_store_flow_get(struct dj_db *db, int64_t id, struct dj_arena *arena, struct dj_flow *out,
                      struct dj_err *err);
int dj_store_flow_end(struct dj_db *db, int64_t id, struct dj_date on, const char *reason,
                      const char *now, struct dj_err *err);
/* Active member flow of member_id (0 when none). */
int dj_store_flow_active(struct dj_db *db, int64_t member_id, int64_t *id, struct dj_err *err);
/* Flows whose home or host lies in scope (and under org_path when given); active only unless all.
 */
int dj_store_flow_list(struct dj_db *db, const struct dj_scope *scope, const char *org_path,
                       bool all, struct dj_arena *arena, struct dj_flow **rows, int *n,
                       struct dj_err *err);
/* An active flow of member_id hosted by host_org_id on `on`. */
int dj_store_flow_guest(struct dj_db *db, int64_t member_id, int64_t host_org_id, struct dj_date on,
                        bool *guest, struct dj_err *err);
int dj_store_flow_review(struct dj_db *db, int64_t flow_id, int year, struct dj_date on,
                         const char *result, const char *note, int64_t by, const char *now,
                         int64_t *id, struct dj_err *err);

/* ---- contact log, searches, grounds, decisions --------------------------- */

/* One dated note about a member (contacts, searches, grounds, decisions share it). */
struct dj_member_note {
    int64_t id;
    int64_t member_id;
    struct dj_date on;
    const char *what;   /* contact method / search action / ground / decision */
    const char *text;   /* note / evidence / decider */
    const char *extra;  /* - / found "1" / good_reason "1" / doc_no */
    const char *extra2; /* - / - / cleared_on / reason */
    const char *created_at;
};
enum dj_note_kind { DJ_NOTE_CONTACT, DJ_NOTE_SEARCH, DJ_NOTE_GROUND, DJ_NOTE_DECISION };

int dj_store_contact_insert(struct dj_db *db, int64_t member_id, struct dj_date on,
                            const char *method, const char *note, int64_t by, const char *now,
                            int64_t *id, struct dj_err *err);
int dj_store_search_insert(struct dj_db *db, int64_t member_id, struct dj_date on,
                           const char *action, const char *evidence, bool found, int64_t by,
                           const char *now, int64_t *id, struct dj_err *err);
int dj_store_ground_insert(struct dj_db *db, int64_t member_id, const char *ground,
                           struct dj_date since, bool good_reason, const char *note, int64_t by,
                           const char *now, int64_t *id, struct dj_err *err);
int dj_store_ground_clear(struct dj_db *db, int64_t id, int64_t member_id, struct dj_date on,
                          struct dj_err *err);
int dj_store_decision_insert(struct dj_db *db, int64_t member_id, const char *decision,
                             struct dj_date on, const char *decider, const char *doc_no,
                             const char *reason, const char *leave_kind, int64_t by,
                             const char *now, int64_t *id, struct dj_err *err);
/* The notes of one kind about one member, oldest first. */
int dj_store_notes(struct dj_db *db, enum dj_note_kind kind, int64_t member_id,
                   struct dj_arena *arena, struct dj_member_note **rows, int *n,
                   struct dj_err *err);

/* A member on the roll with the latest sign of contact (失联排查 input). */
struct dj_lapse_row {
    int64_t member_id;
    const char *name;
    int64_t org_id;
    const char *org_path, *org_name, *status;
    struct dj_date last_signal; /* MAX(member_signals.on_date); unset when none */
    struct dj_date on_roll;     /* date the record was created */
    int searches;               /* search actions recorded */
};
/* Members in a counted status (normal, mobile, lost_contact) in scope and under org_path. */
int dj_store_lapse_scan(struct dj_db *db, const struct dj_scope *scope, const char *org_path,
                        struct dj_arena *arena, struct dj_lapse_row **rows, int *n,
                        struct dj_err *err);

/* Open 自行脱党 grounds (no good reason, not cleared) in scope: one row per ground. */
struct dj_ground_row {
    int64_t id, member_id;
    const char *name, *org_path, *org_name, *ground, *note;
    struct dj_date since;
};
int dj_store_ground_open(struct dj_db *db, const struct dj_scope *scope, const char *org_path,
                         struct dj_arena *arena, struct dj_ground_row **rows, int *n,
                         struct dj_err *err);

/*
 * Demo data only (svc/demo_transfer.c): the first `max` members on the roll
 * of org_id but `except`; the first active branch outside the subtree
 * `not_under` holding 10 to 40 members; and
 * moving a member's created_at back (the 失联 worklist counts from it).
 */
int dj_store_transfer_demo_members(struct dj_db *db, int64_t org_id, int64_t except, int64_t *ids,
                                   int max, int *n, struct dj_err *err);
int dj_store_transfer_demo_target(struct dj_db *db, const char *not_under, int64_t *id,
                                  struct dj_err *err);
int dj_store_transfer_demo_backdate(struct dj_db *db, int64_t member_id, struct dj_date on,
                                    struct dj_err *err);

#endif
