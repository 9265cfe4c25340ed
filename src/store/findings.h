/*
 * findings.h (store) - the grouped reads behind the set-up checks
 * (svc/findings.c, rules/setup_checks.h).
 *
 * Whatever the size of the subtree, the input is read with five statements,
 * each one index range scan over the subtree's materialised paths: the
 * organisations; their member counts (the trigger-maintained member_counts
 * table, one row per organisation); their posts, aggregated per
 * organisation; the units each 联合党支部 covers; and the units without an
 * organisation of their own. Nothing is queried per organisation.
 */
#ifndef DJ_STORE_FINDINGS_H
#define DJ_STORE_FINDINGS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/db.h"

/* One organisation of the subtree with everything the checks need. */
struct dj_findings_org {
    int64_t id;
    const char *path;                  /* arena */
    const char *name;                  /* arena */
    const char *kind;                  /* arena, dictionary org_kind */
    const char *domain;                /* arena, "" when unknown */
    char founded_on[11];               /* "" when not recorded */
    bool active;                       /* status 'active' (dissolved ones only carry counts) */
    int64_t direct_total;              /* members in a counted status recorded here */
    int64_t direct_full;               /* of which 正式党员 */
    int64_t orphan_total;              /* counted members under a path with no organisation row,
                                          attached to the nearest organisation above (normally 0) */
    int64_t committee_size;            /* distinct holders of current committee posts */
    int64_t committee_other;           /* current 组织/宣传/纪检委员 and 委员 posts */
    int64_t secretaries;               /* current 书记 posts */
    int64_t secretaries_not_principal; /* current 书记 posts with principal_leader = 0 */
    const char *not_principal_name;    /* arena: one such holder's name, or NULL */
    char last_secretary_end[11];       /* latest end_on before the date of a 书记 post, or "" */
    int64_t joint_units;               /* units with joint_org_id = this organisation */
};

/* A unit owned inside the subtree that has no active organisation of its own. */
struct dj_findings_unit {
    int64_t id;
    const char *name;       /* arena */
    const char *owner_path; /* arena: path of owner_org_id */
    int64_t full_members;
    bool in_joint; /* covered by an active 联合党支部 */
};

struct dj_findings_input {
    struct dj_findings_org *orgs; /* every organisation of the subtree, sorted by path */
    int norgs;
    struct dj_findings_unit *units; /* sorted by owner path, then id */
    int nunits;
};

/*
 * Read the input of the set-up checks for the subtree at `path` as of
 * `today` ("YYYY-MM-DD": which posts are current). Units are returned only
 * when they record at least `unit_min_full` 正式党员 (pass the smallest
 * threshold in force). `path` must lie in `scope` (else DJ_ENOTFOUND).
 * Everything is allocated in `arena`. Run it inside a read transaction for a
 * consistent snapshot. Returns 0 or a store error.
 */
int dj_store_findings_input(struct dj_db *db, const struct dj_scope *scope, const char *path,
                            const char *today, int64_t unit_min_full, struct dj_arena *arena,
                            struct dj_findings_input *out, struct dj_err *err);

/*
 * Index of the organisation with exactly this path in the sorted array, or
 * -1. Shared with svc/findings.c.
 */
int dj_findings_org_find(const struct dj_findings_org *orgs, int n, const char *path);

/*
 * Index of the nearest organisation at or above `path` (the organisation
 * itself, else its closest ancestor present in the array), or -1.
 */
int dj_findings_org_nearest(const struct dj_findings_org *orgs, int n, const char *path);

#endif
