/*
 * setup_checks.h - the set-up checks of spec/domain-rules.md §1.1, §1.2 and
 * §8 as pure functions: a description of one organisation (or one unit) and
 * the date in, findings out. No I/O; the numbers come from the rule table
 * through dj_rule_get() with the organisation's path, so per-党委 overrides
 * of the L-tagged rules apply.
 *
 * The caller (svc/findings.c) gathers the counts with a few grouped queries
 * over a subtree and calls these once per organisation and once per unit.
 * docs/findings.md lists every check with its rule, source and counting
 * convention; the contracts are here.
 *
 * Counting conventions (spec §0.2): 以上 includes the number, 不足/超过
 * exclude it, so each check holds the actual figure against the rule's own
 * comparison: "正式党员 3 人以上" passes at exactly 3; "空缺超过 3 个月" is
 * not yet a finding on the day exactly 3 calendar months after the vacancy
 * began and is one the day after.
 */
#ifndef DJ_SETUP_CHECKS_H
#define DJ_SETUP_CHECKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "rules/ruletab.h"

/* The checks, in the order findings of one organisation are reported. */
enum dj_setup_check {
    DJ_CHK_BRANCH_MIN_FULL,      /* 党支部 with fewer than 3 正式党员 */
    DJ_CHK_COMMITTEE_MISSING,    /* >= 7 正式党员 and no 支部委员会 */
    DJ_CHK_COMMITTEE_NOT_NEEDED, /* a 支部委员会 on a branch with < 7 正式党员 */
    DJ_CHK_COMMITTEE_TOO_SMALL,  /* 支部委员会 of fewer than 3 */
    DJ_CHK_COMMITTEE_OVER_USUAL, /* 6-7 members: "一般 3 至 5 人" (warning) */
    DJ_CHK_COMMITTEE_TOO_LARGE,  /* more than 7 */
    DJ_CHK_GENERAL_BRANCH_MIN,   /* 党总支 below its domain's threshold */
    DJ_CHK_BASIC_COMMITTEE_MIN,  /* 基层党委 with fewer than 100 党员 */
    DJ_CHK_SECRETARY_VACANT,     /* no current 书记 for more than 3 months (or ever) */
    DJ_CHK_ORGAN_SECRETARY,      /* 机关 branch 书记 who is not the principal leader */
    DJ_CHK_JOINT_BRANCH_UNITS,   /* 联合党支部 covering more than 5 units */
    DJ_CHK_UNIT_WITHOUT_ORG, /* unit with >= 3 正式党员 and no organisation (应建未建) */
};
#define DJ_CHK_COUNT 12

/* Findings one organisation can give at most. */
#define DJ_SETUP_MAX_FINDINGS 8

/* Where a 书记 vacancy is counted from. */
enum dj_vacancy_since {
    DJ_SINCE_NONE,     /* not a vacancy finding, or no date known */
    DJ_SINCE_POST_END, /* the day the last 书记 post ended (end_on) */
    DJ_SINCE_FOUNDED,  /* the organisation's founding date: it never had a 书记 */
};

/*
 * One organisation, as svc/findings.c assembles it. Counts include only
 * members in a counted status (normal, mobile, lost_contact). "Current" posts
 * are those with start_on <= date <= end_on (end_on NULL = still held).
 */
struct dj_setup_org {
    const char *path;          /* materialised path, for rule overrides */
    const char *kind;          /* dictionary org_kind */
    const char *domain;        /* dictionary domain, "" when unknown */
    struct dj_date founded_on; /* unset when not recorded */
    int64_t full_members;      /* 正式党员 recorded directly in this organisation */
    int64_t subtree_members;   /* 党员 (预备党员 included) in its whole subtree */
    int64_t committee_size;    /* distinct holders of current committee posts (书记, 副书记,
                                  组织/宣传/纪检委员, 委员) */
    int64_t committee_other;   /* current posts other than 书记/副书记/党小组长: a
                                  支部委员会 exists when this is > 0 */
    int64_t secretaries;       /* current 书记 posts */
    int64_t secretaries_not_principal; /* of those, principal_leader = 0 */
    struct dj_date last_secretary_end; /* latest end_on of ended 书记 posts; unset if none */
    int64_t joint_units;               /* units whose joint_org_id is this organisation */
};

/* One unit (单位) with no party organisation of its own. */
struct dj_setup_unit {
    const char *owner_path; /* path of the organisation that answers for it */
    int64_t full_members;   /* 正式党员 working there, as recorded */
    bool has_org;           /* it has an active organisation of its own */
    bool in_joint;          /* it is covered by an active 联合党支部 */
};

struct dj_finding {
    enum dj_setup_check check;
    const struct dj_rule *rule; /* built-in row in force on the date: id, source, article, tag */
    bool error;                 /* severity: true "error", false "warning" */
    bool has_actual;            /* false only for a vacancy whose start is unknown */
    int64_t actual;             /* the figure the rule is about (people, units, months) */
    int64_t threshold;          /* the rule's value for this organisation, overrides applied */
    enum dj_rule_cmp cmp;       /* the rule's comparison: actual <cmp> threshold is the norm */
    enum dj_vacancy_since since_kind;
    struct dj_date since; /* start of a 书记 vacancy, unset otherwise */
    bool joint;           /* unit finding: the unit is covered by a 联合党支部 */
};

/*
 * Run every check that applies to the organisation's kind and domain on
 * `today`. Writes up to DJ_SETUP_MAX_FINDINGS findings into out[] in check
 * order and returns how many. A check whose rule is not in force on `today`
 * is skipped. Dissolved organisations are the caller's business (it does
 * not call this for them).
 */
int dj_setup_check_org(const struct dj_setup_org *o, struct dj_date today,
                       struct dj_finding out[DJ_SETUP_MAX_FINDINGS]);

/*
 * The 应建未建 check for one unit: 0 or 1 finding written to *out.
 */
int dj_setup_check_unit(const struct dj_setup_unit *u, struct dj_date today,
                        struct dj_finding *out);

/* Stable ASCII name of a check ("branch_min_full_members" ...), for JSON and filters. */
const char *dj_setup_check_name(enum dj_setup_check c);

/*
 * The Chinese message of a finding with its numbers, e.g.
 * "党支部正式党员 2 人，不足 3 人". `name` is the unit's name for a unit
 * finding and the 书记's name for DJ_CHK_ORGAN_SECRETARY; it is ignored
 * otherwise and may be NULL. Always NUL-terminates; returns `buf`.
 */
char *dj_finding_message(const struct dj_finding *f, const char *name, char *buf, size_t bufsz);

#endif
