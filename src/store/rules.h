/*
 * rules.h - SQL for the deployment's rule overrides (table rule_overrides).
 */
#ifndef DJ_STORE_RULES_H
#define DJ_STORE_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"

struct dj_override_row {
    const char *rule_id;
    int64_t org_id;       /* 0 = whole deployment */
    const char *org_path; /* path of org_id, NULL when 0 */
    int64_t value;
    const char *effective_from; /* YYYY-MM-DD */
    const char *note;           /* may be NULL */
};

/* Every override, ordered by rule, organisation, date; arena-allocated. */
int dj_store_overrides_all(struct dj_db *db, struct dj_arena *arena, struct dj_override_row **rows,
                           size_t *n, struct dj_err *err);

/* Insert or replace the override for (rule, org, date). */
int dj_store_override_put(struct dj_db *db, const struct dj_override_row *r, struct dj_err *err);

#endif
