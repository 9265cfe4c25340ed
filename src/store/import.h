/*
 * import.h - the look-ups the importer needs that no other area has:
 * organisations by 党组织代码 and by exact full name (any scope; svc/import.c
 * filters by the caller's scope, and only reports what the caller may see).
 */
#ifndef DJ_STORE_IMPORT_H
#define DJ_STORE_IMPORT_H

#include <stdint.h>

#include "base/err.h"
#include "store/db.h"
#include "store/org.h"

/* The organisation with this code (active or not): 0, DJ_ENOTFOUND or a store error. */
int dj_store_import_org_by_code(struct dj_db *db, const char *code, struct dj_org_row *out,
                                struct dj_err *err);

/*
 * Up to `max` active organisations named exactly `name`, by id, in rows[];
 * *n how many (0 when none). 0 or a store error.
 */
int dj_store_import_orgs_by_name(struct dj_db *db, const char *name, struct dj_org_row *rows,
                                 int max, int *n, struct dj_err *err);

#endif
