/*
 * term.h - SQL for terms of office and elections (org_terms,
 * term_candidates; sql/0009_terms.sql). No permissions here: svc/term.c
 * decides who may read and write, and scoped scans take the caller's scope.
 */
#ifndef DJ_STORE_TERM_H
#define DJ_STORE_TERM_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/db.h"

/* One term (届) of an organisation; unset dates and 0 counts are SQL NULL. */
struct dj_term {
    int64_t id, org_id, seq, term_years;
    struct dj_date elected_on, expires_on;
    const char *term_rule; /* rule id that gave term_years, or "legacy" */
    struct dj_date extended_until, extension_approved_on;
    int64_t extension_org_id;
    const char *extension_approver, *extension_doc, *extension_reason;
    struct dj_date reminder_sent_on;
    const char *reminder_note;
    struct dj_date request_received_on;
    const char *request_doc;
    struct dj_date report_received_on;
    int64_t expected_voters, present_voters, seats, candidates; /* 0: no election result */
    const char *note;
    const char *created_at, *updated_at;
};

/* One candidate of a term's election. */
struct dj_term_cand {
    int64_t id, term_id, member_id; /* member_id 0: a name only */
    const char *person_name, *post;
    int64_t yes_votes;
    bool elected;
    int64_t post_id; /* the org_posts row the election created, 0 = none */
};

/* One term by id, else DJ_ENOTFOUND "换届记录不存在". */
int dj_store_term_get(struct dj_db *db, int64_t id, struct dj_arena *arena, struct dj_term *out,
                      struct dj_err *err);

/* Terms of org_id, latest (highest 届次) first. */
int dj_store_terms_list(struct dj_db *db, int64_t org_id, struct dj_arena *arena,
                        struct dj_term **out, int *n, struct dj_err *err);

/*
 * Terms of org_id that would be out of order with a term (seq, elected_on):
 * the same seq, or an earlier seq elected on or after it, or a later seq
 * elected on or before it. *n counts them.
 */
int dj_store_term_conflicts(struct dj_db *db, int64_t org_id, int64_t seq,
                            struct dj_date elected_on, int64_t *n, struct dj_err *err);

/* The highest seq of org_id (0 when none). */
int dj_store_term_max_seq(struct dj_db *db, int64_t org_id, int64_t *seq, struct dj_err *err);

/* Insert (every field but id, created_at, updated_at); sets t->id. */
int dj_store_term_insert(struct dj_db *db, struct dj_term *t, const char *now, struct dj_err *err);

/* Record the approved extension fields of term t (t->id). */
int dj_store_term_set_extension(struct dj_db *db, const struct dj_term *t, const char *now,
                                struct dj_err *err);

/* Record reminder_sent_on/_note, request_received_on/_doc and report_received_on of t->id. */
int dj_store_term_set_notices(struct dj_db *db, const struct dj_term *t, const char *now,
                              struct dj_err *err);

int dj_store_term_cand_insert(struct dj_db *db, struct dj_term_cand *c, struct dj_err *err);

/* Candidates of a term in entry order. */
int dj_store_term_cands(struct dj_db *db, int64_t term_id, struct dj_arena *arena,
                        struct dj_term_cand **out, int *n, struct dj_err *err);

/* An active elected organisation with its latest term, for subtree scans. */
struct dj_term_org {
    int64_t org_id, parent_id;
    const char *path, *name, *kind, *domain;
    bool has_term;
    struct dj_term term; /* valid when has_term */
};

/*
 * Every active organisation of an elected kind (党委, 社区党委, 党总支, the
 * branch kinds) in the subtree at `path` ("" or NULL: everywhere) and in
 * `scope`, ordered by path, each with its latest term. fn's strings are
 * valid during the call only; a non-zero return stops the scan and is
 * returned. fn must not write to the database.
 */
int dj_store_term_scan(struct dj_db *db, const struct dj_scope *scope, const char *path,
                       int (*fn)(void *ctx, const struct dj_term_org *o), void *ctx,
                       struct dj_err *err);

#endif
