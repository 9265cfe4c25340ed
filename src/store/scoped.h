/*
 * scoped.h - binding a caller's scope into SQL.
 *
 * Scoped queries test a materialised path against up to DJ_SCOPE_MAX
 * half-open ranges: "(p >= $k AND p < $k+1) OR (p >= $k+2 AND p < $k+3) OR ...".
 * dj_store_bind_scope() binds those 2 * DJ_SCOPE_MAX parameters: one range
 * per subtree of the scope, every path for an unrestricted scope, and ranges
 * that match nothing for the unused slots. Every store function that reads
 * organisation data by scope uses it, so the rule lives in one place.
 */
#ifndef DJ_STORE_SCOPED_H
#define DJ_STORE_SCOPED_H

#include "base/scope.h"
#include "store/db.h"

/* Bind parameters first .. first + 2 * DJ_SCOPE_MAX - 1. Returns 0 or DJ_EDB. */
int dj_store_bind_scope(struct dj_stmt *st, int first, const struct dj_scope *scope);

#endif
