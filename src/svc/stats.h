/*
 * stats.h (svc) - member and organisation statistics of a subtree
 * (GET /api/orgs/{id}/stats).
 *
 * Counts the members in a counted status (normal, mobile, lost_contact; not
 * suspended, left or deceased) of the subtree by category, gender, age band,
 * education, ethnicity (汉族 / 少数民族), the domain of their organisation and
 * 党龄 band, and the active organisations by kind. Every dimension lists
 * every code, zeros included, so the buckets of a dimension always sum to
 * the member total. Ages and 党龄 are whole years on `today` (a birthday or
 * a 转正 anniversary counts from that day; 02-29 anniversaries fall on 02-28
 * in common years, as dj_date_years_between). docs/findings.md lists the bands.
 *
 * Permission: DJ_PERM_READ on the organisation; outside the scope and
 * missing give the same DJ_EPERM for users without a system-wide role.
 */
#ifndef DJ_SVC_STATS_H
#define DJ_SVC_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/db.h"
#include "store/org.h"

#define DJ_STATS_MAX_BUCKETS 16

struct dj_stats_bucket {
    const char *code;  /* stable code: dictionary code, or "le30", "unknown" ... */
    const char *label; /* Chinese label */
    int64_t count;
};

struct dj_stats_dim {
    struct dj_stats_bucket b[DJ_STATS_MAX_BUCKETS];
    int n;
};

struct dj_org_stats {
    struct dj_org_row org;         /* the root of the subtree */
    struct dj_date on;             /* the date ages and 党龄 are counted on */
    int64_t members;               /* members in a counted status */
    int64_t orgs;                  /* active organisations, the root included */
    struct dj_stats_dim category;  /* full, probationary */
    struct dj_stats_dim gender;    /* 1, 2, other */
    struct dj_stats_dim age;       /* le30, 31_35, ..., 61_70, ge71, unknown */
    struct dj_stats_dim education; /* GB/T 4658 codes, unknown */
    struct dj_stats_dim ethnicity; /* han, minority, unknown */
    struct dj_stats_dim domain;    /* dictionary domain codes, unknown */
    struct dj_stats_dim party_age; /* lt1, 1_5, 6_10, 11_20, 21_30, 31_50, ge51, unknown */
    struct dj_stats_dim org_kind;  /* dictionary org_kind codes (organisations, not members) */
    bool whole_db;                 /* the counts came from the whole-database path (tests, bench) */
};

/*
 * Statistics of the subtree of org_id on `today`, read in one read
 * transaction. Returns 0 and fills *out, or DJ_EPERM / DJ_ENOTFOUND / a store
 * error.
 */
int dj_stats_org(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                 struct dj_date today, struct dj_arena *arena, struct dj_org_stats *out,
                 struct dj_err *err);

/*
 * The latest date d with dj_date_add_years(d, years) <= today: someone born
 * (or 转正) on or before it has at least `years` whole years on `today`.
 * 2025-02-28 and 1 year give 2024-02-29. Unset if out of range.
 */
struct dj_date dj_stats_cutoff(struct dj_date today, int years);

#endif
