/*
 * audit.h - the audit log: every write records who, when, what, which record,
 * before and after, in the same transaction as the write.
 *
 * Rows are chained: hash = keyed BLAKE2b-256(secret key, prev_hash || the
 * row's fields), prev_hash of the first row is 64 zeros, ids are dense. An
 * edited, inserted or deleted row breaks the chain at that point, and without
 * the key (kept outside the database) a forger cannot recompute it.
 */
#ifndef DJ_SVC_AUDIT_H
#define DJ_SVC_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/audit.h"
#include "store/db.h"

/*
 * Append one row. Must be called inside the caller's write transaction.
 * before/after may be NULL; they are serialised compactly with sorted keys.
 */
int dj_audit_write(struct dj_db *db, const struct dj_actor *actor, const char *action,
                   const char *record_type, const char *record_id, const char *org_path,
                   json_t *before, json_t *after, struct dj_err *err);

struct dj_audit_verify {
    int64_t rows;      /* rows checked */
    int64_t broken_id; /* first row whose link is broken, 0 if the chain is intact */
    char reason[128];  /* English: "hash mismatch", "prev_hash mismatch", "id gap" */
};

/* Check the whole chain; returns 0 (see out->broken_id) or a store error. */
int dj_audit_verify(struct dj_db *db, struct dj_audit_verify *out, struct dj_err *err);

/* List rows the actor may read (DJ_PERM_AUDIT), newest first. */
int dj_audit_list(struct dj_db *db, const struct dj_actor *actor, const struct dj_audit_filter *f,
                  struct dj_arena *arena, struct dj_audit_row **rows, int *n, struct dj_err *err);

#endif
