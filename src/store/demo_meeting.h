/*
 * demo_meeting.h (store) - bulk SQL behind the demo's organisational life
 * (svc/demo_meeting.c): records generated set-wise inside the database from
 * the organisations already loaded, with deterministic pseudo-random gaps.
 */
#ifndef DJ_STORE_DEMO_MEETING_H
#define DJ_STORE_DEMO_MEETING_H

#include <stdint.h>

#include "base/err.h"
#include "store/db.h"

struct dj_demo_life {
    int lo_ym, hi_ym;     /* months with records (life_counts.ym), inclusive */
    int review_ym;        /* from this month on some records are still submitted / returned */
    int year_lo, year_hi; /* years with member 学时 and 谈心谈话 */
    int64_t seed;
    const char *now; /* created_at / updated_at */
};

/* Insert the records and the member-year aggregates; *meetings gets the number of records. */
int dj_store_demo_life(struct dj_db *db, const struct dj_demo_life *p, int64_t *meetings,
                       struct dj_err *err);

#endif
