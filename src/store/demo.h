/*
 * demo.h - SQL for the bulk load of the synthetic demo data (svc/demo_gen.c).
 *
 * The demo generator fills an empty database with hundreds of thousands of
 * organisations and millions of members, so it does not go through the
 * row-at-a-time svc functions: it computes ids and materialised paths in C
 * and inserts prepared rows inside ONE write transaction, so a failed or
 * interrupted load leaves the database exactly as empty as it was.
 *
 * For the load, dj_store_demo_bulk_begin() switches the connection to
 * synchronous=OFF with a 256 MiB page cache and sorter threads, and drops the secondary indexes
 * of `members` and the triggers that feed members_fts (their SQL is read from
 * sqlite_master and kept). dj_store_demo_bulk_finish() recreates them from the
 * saved SQL, rebuilds the trigram index in one pass and refreshes the planner
 * statistics, still inside the transaction; the caller commits (or rolls
 * back, which also restores the dropped schema) and then calls
 * dj_store_demo_bulk_release() to restore the pragmas and truncate the WAL.
 * On PostgreSQL the pragma and index steps are skipped.
 * NEEDSWORK: on PostgreSQL explicit ids do not advance the id sequences;
 * the load would have to setval() them afterwards.
 *
 * Rows are inserted with explicit ids; strings may be NULL (SQL NULL). The
 * row structs only borrow their strings for the duration of the call.
 */
#ifndef DJ_STORE_DEMO_H
#define DJ_STORE_DEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "store/db.h"

#define DJ_DEMO_MAX_SAVED 32 /* indexes and triggers of `members` we may drop and recreate */

/* State of a bulk load between begin and release. Caller-owned; zero it first. */
struct dj_demo_bulk {
    bool sqlite;                    /* pragmas and index juggling apply */
    bool pragmas_set;               /* release must restore them */
    int64_t cache_size;             /* PRAGMA cache_size before the load */
    int64_t synchronous;            /* PRAGMA synchronous before the load */
    int64_t threads;                /* PRAGMA threads before the load */
    int nsaved;                     /* entries in saved[] */
    char *saved[DJ_DEMO_MAX_SAVED]; /* CREATE INDEX / CREATE TRIGGER text (heap) */
    bool fts;                       /* members_fts exists and must be rebuilt */
};

struct dj_demo_org_row {
    int64_t id;
    int64_t parent_id; /* 0 = root */
    const char *path, *code, *name, *kind, *domain, *status;
    const char *industry, *locality, *secretary_name, *contact_name, *contact_phone_enc;
    const char *founded_on, *unit_situation, *region_code, *unit_name, *unit_affiliation;
    const char *unit_nature, *legal_rep, *social_service_kind, *institution_kind;
    const char *dissolved_on, *dissolve_reason;
    int legal_entity; /* 0/1, -1 = NULL */
    int private_tech; /* 0/1, -1 = NULL */
    int can_approve;  /* 0/1 */
};

struct dj_demo_unit_row {
    int64_t id;
    const char *name, *domain;
    int64_t owner_org_id;
    int64_t org_id;       /* 0 = NULL */
    int64_t joint_org_id; /* 0 = NULL */
    int full_members;
};

struct dj_demo_member_row {
    int64_t id, org_id, group_id; /* group_id 0 = NULL */
    const char *org_path, *name, *id_enc, *id_blind, *gender, *birth_date, *nation;
    const char *native_place, *education, *degree, *category, *joined_on, *confirmed_on;
    const char *job, *tech_title, *new_class, *person_category, *industry, *work_started_on;
    const char *work_unit, *joint_unit_name, *frontline, *phone_enc, *tel_enc, *hukou_enc;
    const char *residence_enc, *home_address_enc, *added_on, *add_kind, *status, *status_on;
    const char *status_reason, *mobile_to, *mobile_contact, *mobile_since;
    int migrant_worker, hardship, retired;
};

struct dj_demo_post_row {
    int64_t id, org_id;
    const char *post;  /* secretary | deputy_secretary | organization | ... */
    int64_t member_id; /* 0 = NULL */
    const char *person_name, *start_on, *end_on, *note;
    int principal_leader;
};

/* Rows in orgs, users and members (emptiness check before a load). */
int dj_store_demo_counts(struct dj_db *db, int64_t *orgs, int64_t *users, int64_t *members,
                         struct dj_err *err);

/*
 * Set the load pragmas, open the write transaction, save and drop the
 * members indexes and members_fts triggers. On error nothing stays changed
 * (call dj_store_demo_bulk_release() anyway; it is safe).
 */
int dj_store_demo_bulk_begin(struct dj_db *db, struct dj_demo_bulk *b, struct dj_err *err);

/* Recreate what begin dropped, rebuild members_fts, ANALYZE. Inside the transaction. */
int dj_store_demo_bulk_finish(struct dj_db *db, struct dj_demo_bulk *b, struct dj_err *err);

/*
 * After commit or rollback: restore the pragmas, truncate the WAL, free the
 * saved SQL. Never fails (problems are logged).
 */
void dj_store_demo_bulk_release(struct dj_db *db, struct dj_demo_bulk *b);

/* Inserts; now is the created_at/updated_at timestamp. DJ_ECONFLICT on a duplicate. */
int dj_store_demo_org(struct dj_db *db, const struct dj_demo_org_row *o, const char *now,
                      struct dj_err *err);
int dj_store_demo_unit(struct dj_db *db, const struct dj_demo_unit_row *u, const char *now,
                       struct dj_err *err);
int dj_store_demo_member(struct dj_db *db, const struct dj_demo_member_row *m, const char *now,
                         struct dj_err *err);
int dj_store_demo_post(struct dj_db *db, const struct dj_demo_post_row *p, const char *now,
                       struct dj_err *err);

/* Fill the officer columns of an organisation inserted without them. */
int dj_store_demo_org_officers(struct dj_db *db, int64_t org_id, const char *secretary_name,
                               const char *contact_name, const char *contact_phone_enc,
                               struct dj_err *err);

/*
 * Name and 转正 date ("" for a 预备党员) of member `id`, for choosing the
 * officers of an organisation above the branches. DJ_ENOTFOUND if absent.
 */
int dj_store_demo_member_brief(struct dj_db *db, int64_t id, char *name, size_t namesz,
                               char *confirmed_on, size_t confsz, struct dj_err *err);

#endif
