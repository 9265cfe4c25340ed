/*
 * audit.h - SQL for the append-only, hash-chained audit log.
 *
 * svc/audit.c computes the hashes; this file only stores and reads rows.
 */
#ifndef DJ_STORE_AUDIT_H
#define DJ_STORE_AUDIT_H

#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/db.h"

struct dj_audit_row {
    int64_t id;
    const char *at;  /* UTC "2026-11-23T13:40:02Z" */
    int64_t user_id; /* 0 for the CLI */
    const char *username;
    const char *action;      /* "user.create" */
    const char *record_type; /* "user" */
    const char *record_id;   /* may be NULL */
    const char *org_path;    /* may be NULL: deployment-wide */
    const char *before_json; /* may be NULL */
    const char *after_json;  /* may be NULL */
    const char *client_ip;   /* may be NULL */
    const char *prev_hash;   /* hex */
    const char *hash;        /* hex */
};

/* Hash and id of the newest row; "" and 0 when the log is empty. out >= 65 bytes. */
int dj_store_audit_head(struct dj_db *db, char *hash_out, int64_t *id_out, struct dj_err *err);
/* Insert with the given id (= head id + 1, so ids are dense and gaps are detectable). */
int dj_store_audit_insert(struct dj_db *db, const struct dj_audit_row *r, struct dj_err *err);

/* Call fn for every row in id order; stop early when fn returns non-zero (returned). */
int dj_store_audit_each(struct dj_db *db, int (*fn)(void *ctx, const struct dj_audit_row *r),
                        void *ctx, struct dj_err *err);

struct dj_audit_filter {
    int64_t before_id;       /* 0 = newest */
    int limit;               /* 1..200 */
    const char *record_type; /* NULL = any */
    const char *record_id;   /* NULL = any */
    const char *action;      /* NULL = any */
};

/*
 * Newest first, rows whose org_path lies in `scope` (rows without an org_path
 * only for an unrestricted scope). Arena-allocated.
 */
int dj_store_audit_list(struct dj_db *db, const struct dj_scope *scope,
                        const struct dj_audit_filter *f, struct dj_arena *arena,
                        struct dj_audit_row **rows, int *n, struct dj_err *err);

/*
 * The rows about one record (record_type and record_id), oldest first: at
 * most `limit` (1..500) rows with id > after_id. No scope filter: the caller
 * has checked that the actor may read the record. Arena-allocated.
 */
int dj_store_audit_for_record(struct dj_db *db, const char *record_type, const char *record_id,
                              int64_t after_id, int limit, struct dj_arena *arena,
                              struct dj_audit_row **rows, int *n, struct dj_err *err);

#endif
