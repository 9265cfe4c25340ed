/*
 * findings.h (svc) - the set-up checks of a subtree (GET /api/orgs/{id}/findings).
 *
 * Reads the subtree with a handful of grouped queries (store/findings.h) in
 * one read transaction, sums the 党员 of every organisation's subtree, runs
 * the pure checks of rules/setup_checks.h for each active organisation and
 * each unit, and returns one page of findings with the totals of the whole
 * subtree. docs/findings.md describes every check.
 *
 * Permission: DJ_PERM_READ on the organisation. For a user without a
 * system-wide role, an organisation outside their scope and one that does
 * not exist both give DJ_EPERM "无权访问该组织的数据".
 */
#ifndef DJ_SVC_FINDINGS_H
#define DJ_SVC_FINDINGS_H

#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/scope.h"
#include "rules/setup_checks.h"
#include "store/db.h"
#include "store/org.h"

#define DJ_FINDINGS_MAX_LIMIT 500

struct dj_findings_query {
    int64_t org_id;       /* root of the subtree */
    struct dj_date today; /* the date the checks judge */
    const char *severity; /* NULL, "error" or "warning" */
    const char *rule_id;  /* NULL or a rule id: only its findings */
    const char *check;    /* NULL or a check name (dj_setup_check_name) */
    int64_t limit;        /* 1..DJ_FINDINGS_MAX_LIMIT */
    int64_t offset;       /* >= 0 */
};

/* One finding of the page, with what it is about. Strings live in the arena. */
struct dj_findings_item {
    struct dj_finding f;
    const char *message; /* Chinese, with the numbers */
    int64_t org_id;      /* the organisation concerned (for a unit: its owner) */
    const char *org_name;
    const char *org_path;
    const char *org_kind;
    int64_t unit_id;       /* a unit finding: the unit, else 0 */
    const char *unit_name; /* NULL unless a unit finding */
};

/* A count under a key (rule id or check name). */
struct dj_findings_count {
    const char *key;
    int64_t n;
};

struct dj_findings_page {
    struct dj_org_row org;             /* the root of the subtree */
    int64_t all;                       /* findings of the whole subtree, before the filters */
    int64_t errors;                    /* ... of which severity "error" */
    int64_t warnings;                  /* ... and "warning" */
    struct dj_findings_count *by_rule; /* per rule id, ordered by id (all findings) */
    int nrules;
    struct dj_findings_count *by_check; /* per check with findings, in check order */
    int nchecks;
    int64_t total;                  /* findings matching the filters */
    struct dj_findings_item *items; /* [offset, offset + limit) of those, in path order */
    int n;
};

/*
 * Run the set-up checks over the subtree of q->org_id. Findings are ordered
 * by organisation path, an organisation's own findings (in check order)
 * before those of the units it answers for (by unit id). A filter value that
 * names no known check is DJ_EINVAL naming "check"; an unknown severity
 * names "severity". Returns 0 and fills *out (arena memory), or an error.
 */
int dj_findings_list(struct dj_db *db, const struct dj_actor *actor,
                     const struct dj_findings_query *q, struct dj_arena *arena,
                     struct dj_findings_page *out, struct dj_err *err);

/*
 * Every finding of the subtree of org_id as of `today`, in the order of
 * dj_findings_list, handed to fn one at a time (the item's strings live in
 * `arena`); a non-zero return from fn stops and is returned. One run of the
 * checks whatever the number of findings (the compliance report's "setup"
 * source). Permission as for dj_findings_list.
 */
int dj_findings_each(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                     struct dj_date today, struct dj_arena *arena,
                     int (*fn)(void *ctx, const struct dj_findings_item *it), void *ctx,
                     struct dj_err *err);

#endif
