/*
 * life_rules.h - the pure arithmetic of organisational life (spec
 * domain-rules.md §2): the kinds of record, which organisations each
 * frequency rule binds, the periods a rule requires in a window, quorum and
 * vote arithmetic, and period labels. No I/O; every number comes from the
 * rule table (life.* rows).
 */
#ifndef DJ_LIFE_RULES_H
#define DJ_LIFE_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"

/* Record kinds (meetings.kind). */
enum dj_life_kind {
    DJ_LIFE_ASSEMBLY,          /* 支部党员大会 */
    DJ_LIFE_COMMITTEE,         /* 支部委员会 */
    DJ_LIFE_GROUP,             /* 党小组会 */
    DJ_LIFE_LECTURE,           /* 党课 */
    DJ_LIFE_THEME_DAY,         /* 主题党日 */
    DJ_LIFE_ORG_LIFE,          /* 组织生活会 */
    DJ_LIFE_DEMOCRATIC_REVIEW, /* 民主评议党员 */
    DJ_LIFE_LEADERSHIP_LIFE,   /* 民主生活会 */
    DJ_LIFE_TALK,              /* 谈心谈话 */
    DJ_LIFE_TRAINING,          /* 集中学习培训 */
    DJ_LIFE_VILLAGE_WEEKLY,    /* 村“两委”周例会 */
    DJ_LIFE_VILLAGE_MONTHLY,   /* 村月党员大会 */
    DJ_LIFE_KIND_COUNT
};

/* "assembly", ... ; NULL out of range. */
const char *dj_life_kind_name(enum dj_life_kind k);
/* Chinese label: "支部党员大会", ... */
const char *dj_life_kind_label(enum dj_life_kind k);
/* Parse a name; -1 when unknown. */
int dj_life_kind_parse(const char *s);

/* Record review states. */
#define DJ_LIFE_STATUS_DRAFT "draft"
#define DJ_LIFE_STATUS_SUBMITTED "submitted"
#define DJ_LIFE_STATUS_APPROVED "approved"
#define DJ_LIFE_STATUS_RETURNED "returned"

/* True for 党支部-like organisations that hold 三会一课. */
bool dj_life_is_branch_kind(const char *org_kind);
/* True for 党小组 kinds (group, building_group). */
bool dj_life_is_group_kind(const char *org_kind);
/* True when a meeting of kind k may be held by an organisation of org_kind. */
bool dj_life_kind_allowed(enum dj_life_kind k, const char *org_kind);

enum dj_life_period { DJ_PERIOD_MONTH, DJ_PERIOD_QUARTER, DJ_PERIOD_YEAR };

/* Which organisations a requirement binds. */
enum dj_life_target {
    DJ_TARGET_BRANCH,           /* every branch */
    DJ_TARGET_BRANCH_COMMITTEE, /* branches with a committee */
    DJ_TARGET_GROUP,            /* every 党小组 */
};

/* A frequency requirement: at least rule value records of count_kind per period. */
struct dj_life_req {
    const char *rule_id;
    const char *count_kind; /* life_counts.kind: "assembly", "lecture_secretary", ... */
    enum dj_life_period period;
    enum dj_life_target target;
    const char *what; /* Chinese noun for messages: "支部党员大会" */
};

/* The frequency requirements (spec §2.3), in report order. */
const struct dj_life_req *dj_life_reqs(int *n);

/* Member-coverage requirements (per member per year). */
#define DJ_LIFE_RULE_TRAINING "life.training.min_hours_per_year"
#define DJ_LIFE_RULE_TALK "life.talk.min_per_year"
/* L rule: 1 = submitted (not yet approved) records count too. */
#define DJ_LIFE_RULE_COUNT_SUBMITTED "life.review.count_submitted"

/* One period: [start, end] and its label ("2026-03", "2026-Q1", "2026"). */
struct dj_life_period_span {
    struct dj_date start, end;
    char label[12];
};

/*
 * The periods of kind p that a rule requires of an organisation in the
 * report window [from, to] as of `today`: every period lying wholly inside
 * [from, to], already ended on `today` (a period ending today counts as
 * ended), during the whole of which the organisation existed
 * (founded <= start, and dissolved unset or after end; unset founded = always
 * existed). Writes at most max periods; returns the number written.
 */
int dj_life_required_periods(enum dj_life_period p, struct dj_date from, struct dj_date to,
                             struct dj_date today, struct dj_date founded, struct dj_date dissolved,
                             struct dj_life_period_span *out, int max);

/* The period of kind p containing d. */
struct dj_life_period_span dj_life_period_of(enum dj_life_period p, struct dj_date d);

/* Month index used by life_counts.ym: y * 12 + m - 1. */
static inline int dj_life_ym(struct dj_date d)
{
    return d.y * 12 + d.m - 1;
}

/*
 * Quorum of a meeting of kind k held on `on`: 党员大会 (and 村月党员大会):
 * present voting members vs expected voting members by
 * life.assembly.quorum_bp (present * 2 > expected); 支委会: present 委员 vs
 * 委员 by life.committee_meeting.quorum_bp (present * 2 >= members). Other
 * kinds have no quorum (true). expected 0 fails a kind that has one.
 */
bool dj_life_quorum_ok(enum dj_life_kind k, int64_t expected, int64_t present, struct dj_date on);

/*
 * A motion at a 党员大会 passes when the meeting has its quorum and
 * yes + written_yes > half of the expected voting members
 * (life.assembly.pass_bp).
 */
bool dj_life_vote_passed(int64_t expected, int64_t present, int64_t yes, int64_t written_yes,
                         struct dj_date on);

#endif
