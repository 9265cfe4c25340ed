/*
 * compliance.h (svc) - the compliance engine: for every organisation of a
 * subtree and every period of a window, what the rule table requires of it
 * (given its own facts: kind, committee, 党小组, founding and dissolution
 * dates), what was held (trigger-kept aggregates, never meeting rows), and
 * each gap as a finding with its rule, source, article, period, what is
 * missing and where to see the records examined. Findings from other
 * capabilities join through dj_compliance_sources (the set-up checks of
 * svc/findings.c first; the lead adds 换届 here). Acknowledgements are kept
 * for ever and shown with their finding; nothing is deleted.
 * docs/compliance.md.
 *
 * Permission: DJ_PERM_READ on the root (acknowledging and exempting:
 * DJ_PERM_WRITE on the organisation concerned). Outside the scope and
 * missing both give DJ_EPERM "无权访问该组织的数据".
 */
#ifndef DJ_SVC_COMPLIANCE_H
#define DJ_SVC_COMPLIANCE_H

#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/scope.h"
#include "rules/ruletab.h"
#include "store/db.h"
#include "store/org.h"
#include "svc/deadline.h"

#define DJ_COMPLIANCE_MAX_LIMIT 1000

/* One gap. Strings live in the report's arena (or, from a source, in the caller's). */
struct dj_cmp_gap {
    const char *source; /* "life", "setup", "terms", ... */
    int64_t org_id;
    const char *org_name, *org_path;
    const char *rule_id;
    const char *period;     /* "2026-03", "2026-Q1", "2026", or "current" for standing findings */
    const char *subject;    /* "" or "unit:7", "member:42" */
    const char *missing;    /* Chinese: what is missing */
    int64_t held, required; /* records held / required in the period (0, 0 when not countable) */
    const char *records;    /* API path of the records examined, or "" */
    /* filled by the engine: */
    const char *ack_explanation, *ack_by, *ack_at; /* NULL when not acknowledged */
};

typedef int (*dj_cmp_emit)(void *ctx, const struct dj_cmp_gap *g);

/*
 * A further source of findings for the report: calls emit once per finding
 * in the subtree at root->path for [from, to] as of `today`.
 */
struct dj_compliance_source {
    const char *name;
    int (*fn)(struct dj_db *db, const struct dj_actor *actor, const struct dj_org_row *root,
              struct dj_date from, struct dj_date to, struct dj_date today, struct dj_arena *arena,
              dj_cmp_emit emit, void *ctx, struct dj_err *err);
};

/* The extra sources, {NULL, NULL}-terminated (svc/compliance_sources.c; the lead adds terms). */
extern const struct dj_compliance_source dj_compliance_sources[];

struct dj_compliance_query {
    int64_t org_id;
    struct dj_date from, to, today;
    const char *rule_id;   /* NULL or only gaps of this rule */
    int64_t org_filter;    /* 0 or only gaps of this organisation */
    int64_t limit, offset; /* gap page */
    int64_t org_limit;     /* organisations listed (lowest rate first) */
    bool no_sources;       /* skip dj_compliance_sources (benchmarks of the core) */
};

struct dj_cmp_rule_total {
    const char *rule_id;
    const struct dj_rule *rule; /* NULL for a source's rule the table does not know */
    const char *source;         /* "life", "setup", ... */
    int64_t required, met;      /* periods (member rules: members) */
    int64_t gaps, acked;
};

struct dj_cmp_org_total {
    int64_t org_id;
    const char *name, *path, *kind;
    int64_t required, met, gaps, acked;
};

struct dj_cmp_weak_reason {
    const char *rule_id;
    const char *text;
};

struct dj_cmp_weak {
    int64_t org_id;
    const char *name, *path;
    struct dj_cmp_weak_reason reasons[3];
    int nreasons;
};

struct dj_compliance_report {
    struct dj_org_row org;
    bool count_submitted;
    struct dj_cmp_rule_total *rules;
    int nrules;
    struct dj_cmp_org_total *orgs; /* up to org_limit, lowest rate first */
    int norgs;
    int64_t orgs_total;             /* organisations with any requirement */
    int64_t required, met;          /* whole subtree, life rules */
    int64_t gaps_total, gaps_acked; /* all gaps (life + sources), before the filters */
    int64_t gaps_matching;          /* gaps matching the filters */
    struct dj_cmp_gap *gaps;        /* the page */
    int ngaps;
    struct dj_cmp_weak *weak;
    int nweak;
};

int dj_compliance_report(struct dj_db *db, const struct dj_actor *actor,
                         const struct dj_compliance_query *q, struct dj_arena *arena,
                         struct dj_compliance_report *out, struct dj_err *err);

/*
 * The report's input cache (on by default; see svc/compliance.c): switch it
 * off or on (tests compare both paths), and the hits and misses so far.
 */
void dj_compliance_cache_set(bool enabled);
void dj_compliance_cache_stats(uint64_t *hits, uint64_t *misses);

/* Acknowledge one finding with an explanation (kept for ever). */
int dj_compliance_ack(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                      const char *rule_id, const char *period, const char *subject,
                      const char *explanation, int64_t *id, struct dj_err *err);

/* Excuse an organisation from a rule for [start, end] with a reason and approver. */
int dj_compliance_exempt(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                         const char *rule_id, struct dj_date start, struct dj_date end,
                         const char *reason, const char *approver, int64_t *id, struct dj_err *err);

/*
 * The reminder lister (svc/deadline.h): for every branch and 党小组 in
 * scope, each frequency period ending in [from, to] whose requirement is not
 * yet met, due on the period's last day (DUE, or OVERDUE once past). Kinds
 * "life.assembly", "life.committee", "life.group", "life.theme_day",
 * "life.lecture", "life.lecture_secretary", "life.org_life",
 * "life.democratic_review"; key "org:ID:PERIOD".
 */
int dj_meeting_deadline_lister(struct dj_db *db, const struct dj_scope *scope, struct dj_date from,
                               struct dj_date to, dj_deadline_emit emit, void *ctx,
                               struct dj_err *err);

#endif
