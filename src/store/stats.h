/*
 * stats.h (store) - member and organisation statistics for a subtree
 * (GET /api/orgs/{id}/stats, svc/stats.c).
 *
 * The fixed-code dimensions (category, gender, ethnicity, education) come
 * from the trigger-maintained member_counts table: one row per organisation,
 * summed over the subtree's path range. Domain comes from the same rows
 * joined to their organisation. Age and 党龄 bands depend on today, so they
 * are counted from members directly, in one of two ways:
 *
 *   - the subtree is the whole database (no organisation outside it): one
 *     SUM per band over the trigger-kept per-date tables member_birth_counts
 *     and member_confirmed_counts (sql/0002), with no path test;
 *   - otherwise: one scan of the subtree's range of members_path (covering:
 *     org_path, status, category, birth_date, confirmed_on) with one
 *     filtered count per band.
 *
 * Only members in a counted status (normal, mobile, lost_contact) are
 * counted; suspended, left and deceased members are not. bench/stats_scale.sh
 * measures both ways on a city-sized database.
 */
#ifndef DJ_STORE_STATS_H
#define DJ_STORE_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/db.h"

#define DJ_STATS_AGE_CUTS 8   /* band boundaries for age: 9 bands */
#define DJ_STATS_PARTY_CUTS 6 /* band boundaries for 党龄: 7 bands */
#define DJ_STATS_EDU_CODES 11

/* The education codes that member_counts has a column for, in column order. */
extern const char *const dj_stats_edu_codes[DJ_STATS_EDU_CODES];

/*
 * Band boundaries as "YYYY-MM-DD" dates, strictly descending. With n cuts
 * there are n + 1 slices: slice 0 is date > cut[0], slice k is
 * cut[k] < date <= cut[k - 1], slice n is date <= cut[n - 1].
 */
struct dj_stats_cuts {
    char birth[DJ_STATS_AGE_CUTS][11];       /* over members.birth_date */
    char confirmed[DJ_STATS_PARTY_CUTS][11]; /* over members.confirmed_on, 正式党员 only */
};

/* A count under a code (org kind, domain). */
struct dj_stats_kv {
    char key[32]; /* "" for organisations or members without a domain */
    int64_t n;
};

struct dj_stats_raw {
    int64_t total;        /* members in a counted status */
    int64_t full;         /* of which 正式党员 */
    int64_t male, female; /* gender '1', '2' (the rest: unknown / not stated) */
    int64_t han;          /* nation '01' */
    int64_t nation_unset; /* nation empty */
    int64_t edu[DJ_STATS_EDU_CODES];
    int64_t age[DJ_STATS_AGE_CUTS + 1];     /* by birth_date slice */
    int64_t party[DJ_STATS_PARTY_CUTS + 1]; /* 正式党员 with a 转正日期, by slice */
    int64_t party_unknown;                  /* 正式党员 without a 转正日期 */
    struct dj_stats_kv *domains;            /* members by their organisation's domain */
    int ndomains;
    struct dj_stats_kv *kinds; /* active organisations of the subtree by kind */
    int nkinds;
    int64_t orgs;  /* active organisations of the subtree */
    bool whole_db; /* the band counts used the whole-database index counts */
};

/*
 * Statistics of the subtree at `path`, which must lie in `scope` (else
 * DJ_ENOTFOUND). Lists are allocated in `arena`, ordered by key. Run inside a
 * read transaction for one consistent snapshot. Returns 0 or a store error.
 */
int dj_store_stats(struct dj_db *db, const struct dj_scope *scope, const char *path,
                   const struct dj_stats_cuts *cuts, struct dj_arena *arena,
                   struct dj_stats_raw *out, struct dj_err *err);

#endif
