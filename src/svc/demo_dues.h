/*
 * demo_dues.h - 党费 demo data (bases and a year and more of payments with
 * some arrears) for the members under `path` (NULL = every member), written
 * by the demo generator inside its transaction. Deterministic for a seed and
 * "today". Returns 0 or a store error.
 */
#ifndef DJ_SVC_DEMO_DUES_H
#define DJ_SVC_DEMO_DUES_H

#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "store/db.h"

int dj_demo_dues(struct dj_db *db, uint64_t seed, struct dj_date today, const char *path,
                 const char *now, struct dj_err *err);

#endif
