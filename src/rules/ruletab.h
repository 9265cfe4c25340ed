/*
 * ruletab.h - the rule table: every number a regulation or local practice
 * sets, with its source, confidence tag and the date it took effect.
 *
 * A rule row is (id, effective_from, value, kind, unit, comparison, tag,
 * source, article, description). The same id may have several rows with
 * different effective_from dates; the row in force on a date is the one with
 * the latest effective_from on or before that date. An unset effective_from
 * ({0, 0, 0}) means "long-standing, no start date recorded": the row is in
 * force on every date before the next row of the same id. Records are
 * judged by the rule in force on their own date, never by today's rule.
 *
 * Tags follow spec/domain-rules.md §0.1: V (verified) and S (secondary) are
 * fixed defaults; R (recalled) and L (local practice) may be overridden per
 * deployment or per organisation subtree. Overrides are data (the
 * rule_overrides table), loaded by svc/ and handed to
 * dj_rules_set_overrides(); this module does no I/O.
 *
 * Threads: the built-in table is immutable. Overrides live in an immutable
 * snapshot reached through one atomic pointer; dj_rules_set_overrides()
 * builds a new snapshot and swaps it in, so readers (dj_rule_get and
 * friends) never lock and never see a half-built set. Replaced snapshots are
 * kept until dj_rules_release() (see there).
 *
 * Comparisons read "actual <cmp> value": for org.branch.min_full_members
 * (">=", 3) an actual of 3 satisfies the rule and 2 does not. For duration
 * rules (months, years, days) the comparison applies to an end date against
 * the start date plus the value: ">= 12 months" holds when
 * end >= start + 12 months (calendar months, clamped to the month end).
 */
#ifndef DJ_RULETAB_H
#define DJ_RULETAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/date.h"
#include "base/err.h"

/* What a rule's value counts. */
enum dj_rule_kind {
    DJ_RULE_COUNT,    /* people, units, meetings per period, 学时 */
    DJ_RULE_MONTHS,   /* calendar months */
    DJ_RULE_DAYS,     /* calendar days */
    DJ_RULE_WORKDAYS, /* working days (needs the holiday calendar; not added here) */
    DJ_RULE_YEARS,    /* calendar years (= 12 months) */
    DJ_RULE_FEN,      /* money in fen (1 元 = 100 fen) */
    DJ_RULE_BP,       /* basis points: 10000 = 100%, 50 = 0.5% */
    DJ_RULE_PERCENT,  /* whole percent: 60 = 60% */
    DJ_RULE_BOOL,     /* 0 or 1 */
};

/* How an actual figure is held against the value: actual <cmp> value. */
enum dj_rule_cmp {
    DJ_CMP_NONE, /* a plain value (a term length, a rate): nothing to compare */
    DJ_CMP_LT,   /* <  (不足, 不满) */
    DJ_CMP_LE,   /* <= (以下, 以内, 不超过) */
    DJ_CMP_EQ,   /* == */
    DJ_CMP_GE,   /* >= (以上, 不少于, 届满) */
    DJ_CMP_GT,   /* >  (超过) */
};

struct dj_rule {
    const char *id;                /* stable ASCII id, e.g. "org.branch.min_full_members" */
    struct dj_date effective_from; /* first day in force; unset = long-standing */
    int64_t value;                 /* the number, in the unit of `kind` */
    enum dj_rule_kind kind;
    enum dj_rule_cmp cmp;
    char tag;            /* 'V', 'S', 'R' or 'L' (spec §0.1) */
    const char *unit;    /* Chinese unit for display: "人", "个月", "次/季度" */
    const char *source;  /* Chinese source document(s), 《…》 */
    const char *article; /* article(s) in the source, "" when the spec gives none */
    const char *desc;    /* Chinese description shown to users */
    int64_t min, max;    /* allowed override range; both 0 = the kind's range */
};

/*
 * A deployment's replacement value for an R or L rule, from the
 * rule_overrides table. org_path is the materialised path of the
 * organisation whose subtree it covers ("/1/7/", with both slashes), or NULL
 * or "" for the whole deployment. An override takes effect on
 * effective_from (required) and stays until a later override for the same
 * rule and organisation.
 */
struct dj_rule_override {
    const char *rule_id;
    const char *org_path;
    int64_t value;
    struct dj_date effective_from;
};

/* Built-in row of `id` in force on `on`, or NULL (unknown id, or no row yet in force). */
const struct dj_rule *dj_rule_find(const char *id, struct dj_date on);

/* True if rows tagged like r may be overridden (R or L). */
bool dj_rule_overridable(const struct dj_rule *r);

/*
 * The value of rule `id` in force on `on` for the organisation at org_path
 * (a materialised path such as "/1/7/42/", or NULL for deployment-wide).
 * Order of precedence, for an R or L row in force on `on`:
 *   1. the override whose org_path is the longest prefix of org_path,
 *      taking its latest effective_from on or before `on`;
 *   2. the latest deployment-wide override on or before `on`;
 *   3. the built-in row.
 * V and S rows always give the built-in value. Returns 0 and sets *value;
 * DJ_ENOTFOUND for an unknown id or a date before the rule's first row;
 * DJ_EINVAL for an invalid `on`. *value is untouched on error.
 */
int dj_rule_get(const char *id, struct dj_date on, const char *org_path, int64_t *value);

/*
 * Replace the whole set of overrides. Every override is checked first and
 * nothing changes unless all pass: the rule must exist; the built-in row in
 * force on its effective_from (or the rule's first row, if none is yet in
 * force) must be tagged R or L, else DJ_EINVAL "规则 X 为法规明确规定（V/S），
 * 不能覆盖"; the value must lie in the rule's range; org_path must look like
 * "/1/7/"; effective_from must be a valid date; no two overrides may share
 * rule, organisation and date. The strings are copied: the caller keeps
 * ownership of `ov`. n == 0 clears all overrides. Safe to call while other
 * threads read; concurrent callers are serialised.
 * Returns 0 or DJ_EINVAL / DJ_ETOOBIG (more than DJ_RULES_MAX_OVERRIDES).
 */
#define DJ_RULES_MAX_OVERRIDES 100000
int dj_rules_set_overrides(const struct dj_rule_override *ov, size_t n, struct dj_err *err);

/*
 * Free every override snapshot, current and replaced, and go back to no
 * overrides. Only for shutdown and tests: no other thread may be reading
 * rules at the time, because readers hold snapshot pointers without a lock.
 */
void dj_rules_release(void);

/*
 * Call fn for every built-in row (all versions), ordered by id and then by
 * effective_from. Stops early and returns fn's value when it returns
 * non-zero; returns 0 otherwise.
 */
int dj_rules_each(int (*fn)(const struct dj_rule *r, void *ctx), void *ctx);

/* Number of built-in rows (all versions). */
size_t dj_rules_count(void);

/*
 * The rules in force on `on`, for GET /api/rules: an array ordered by id of
 * objects {id, value, default_value, overridden, kind, unit, comparison,
 * tag, overridable, source, article, description, effective_from (string or
 * null)}. `value` includes deployment-wide overrides (not per-organisation
 * ones). Returns a new reference (caller owns; json_decref), never NULL.
 */
json_t *dj_rules_json(struct dj_date on);

/* Stable names for JSON and docs: "count", "months", ... and ">=", "<", "" ... */
const char *dj_rule_kind_name(enum dj_rule_kind k);
const char *dj_rule_cmp_str(enum dj_rule_cmp c);

#endif
