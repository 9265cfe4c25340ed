/*
 * term_rules.h - terms of office and elections (换届) as pure functions:
 * spec/domain-rules.md §1.3 (term lengths), §1.4 (expiry, reminder,
 * extension, overdue) and §1.5 (quorum, majority, competitive ratio). No
 * I/O; every number comes from the rule table through dj_rule_get() with
 * the organisation's path, so per-党委 overrides of L rules apply.
 *
 * Dates are civil dates; month and year arithmetic clamps to the month end
 * (elected 2024-02-29 + 3 years = 2027-02-28). The term of an organisation
 * runs from elected_on to expires_on = elected_on + term_years; the expiry
 * day itself is still in term (任期届满 on that day: an election held on it
 * is on time).
 *
 * States on a date `on` (docs/terms.md has the table):
 *   in_term        on <  reminder_on   (= expires_on - org.term.reminder_months_before)
 *   reminder_due   reminder_on <= on <= expires_on
 *   extended       an approved extension and expires_on < on <= extended_until
 *   expired        no extension and expires_on < on <= expires_on + org.term.overdue_months_after
 *   overdue        after extended_until, or (no extension) after expires_on + overdue months
 */
#ifndef DJ_TERM_RULES_H
#define DJ_TERM_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"

enum dj_term_state {
    DJ_TERM_NONE,         /* no term recorded */
    DJ_TERM_IN_TERM,      /* 任期内 */
    DJ_TERM_REMINDER_DUE, /* 换届提醒期 */
    DJ_TERM_EXPIRED,      /* 届满待换届 (no approved extension yet) */
    DJ_TERM_EXTENDED,     /* 已批准延期 */
    DJ_TERM_OVERDUE,      /* 逾期未换届 */
};

/* "none", "in_term", "reminder_due", "expired", "extended", "overdue". */
const char *dj_term_state_name(enum dj_term_state s);
/* Chinese label: 未录入, 任期内, 换届提醒期, 届满待换届, 已批准延期, 逾期未换届. */
const char *dj_term_state_label(enum dj_term_state s);
/* Parse a state name; -1 when unknown. */
int dj_term_state_parse(const char *s);

/*
 * Whether organisations of `kind` are elected and have terms: 党委, 社区党委,
 * 党总支 and every branch kind. 党工委 (a 派出机构 whose members are
 * appointed) and 党小组 have none.
 */
bool dj_term_kind_elected(const char *kind);

/*
 * The term length that applies to an election held on `elected_on` by an
 * organisation of `kind` in `domain` (dictionary codes): village and
 * community bodies (domain rural or community, or a 社区党委)
 * org.term.village_years; other 党委 org.term.basic_committee_years; 党总支
 * and branches org.term.branch_years. *rule_id names the rule used.
 * DJ_ENOTFOUND before those rules took effect (2018-07-12): the length must
 * then be given (legacy data); DJ_EINVAL for a kind without terms.
 */
int dj_term_default_years(const char *kind, const char *domain, struct dj_date elected_on,
                          const char *org_path, int64_t *years, const char **rule_id);

/*
 * A term length against the 党章 range in force on `elected_on`
 * (org.term.committee_min_years .. org.term.committee_max_years: 3-5 years
 * since 2017-10-24, 2-4 before). DJ_EINVAL naming "term_years" with the rule.
 */
int dj_term_check_years(int64_t years, struct dj_date elected_on, struct dj_err *err);

/* The dates of one term, from dj_term_dates(). */
struct dj_term_dates {
    struct dj_date elected_on;
    struct dj_date expires_on;     /* elected_on + term_years */
    struct dj_date reminder_on;    /* expires_on - reminder months: the reminder is due */
    struct dj_date request_due;    /* expires_on - request months: the 换届请示 is due */
    struct dj_date report_due;     /* elected_on + result report months: 选举结果报告 */
    struct dj_date extended_until; /* unset when not extended */
    struct dj_date last_ok;        /* the last day before `overdue` */
};

/* Fill *out; DJ_EINVAL for an invalid date or a term length outside 1..10. */
int dj_term_dates(struct dj_date elected_on, int64_t term_years, struct dj_date extended_until,
                  const char *org_path, struct dj_term_dates *out);

/* The state of a term with dates `d` on `on` (see the table above). */
enum dj_term_state dj_term_state_on(const struct dj_term_dates *d, struct dj_date on);

/*
 * An extension of a term expiring on `expires_on` until `until`: after the
 * expiry and at most org.term.max_adjust_years (1 year) past it. DJ_EINVAL
 * naming "extended_until" with the rule and the latest allowed date.
 */
int dj_term_check_extension(struct dj_date expires_on, struct dj_date until, struct dj_err *err);

/* ---- elections ------------------------------------------------------------------ */

#define DJ_ELECTION_MAX_CANDIDATES 64
#define DJ_ELECTION_MAX_CHECKS 12

/* One candidate: input name, post and yes votes; output elected and why not. */
struct dj_ballot {
    const char *name;
    const char
        *post; /* secretary, deputy_secretary, organization, propaganda, discipline, member */
    int64_t yes;
    bool elected;     /* out */
    const char *note; /* out: static Chinese text, "" when elected */
};

/* One checked rule: ok, and when not, whether it blocks saving the result. */
struct dj_election_check {
    const char *rule_id; /* "election.quorum_bp", … */
    const char *field;   /* JSON key the check concerns: "present", "candidates", … */
    bool ok;
    bool blocking; /* a failure that makes the result invalid */
    char message[512];
};

struct dj_election_outcome {
    bool valid; /* no blocking failure */
    int elected;
    int vacancies;            /* seats left unfilled (另行选举) */
    int64_t quorum_min;       /* smallest 实到会 that meets the quorum */
    int64_t majority_min;     /* smallest yes count that is elected */
    bool competitive_applies; /* seats >= 3: a committee is elected */
    int nchecks;
    struct dj_election_check checks[DJ_ELECTION_MAX_CHECKS];
};

/*
 * Evaluate an election held on `on`: expected (应到会) and present (实到会)
 * voters, seats (应选), and n candidates with their yes votes. Input that
 * cannot describe an election (expected < 1, present outside 0..expected,
 * seats < 1, n < seats or n > 64, yes outside 0..present, an unknown post,
 * an empty name) is DJ_EINVAL naming the field ("candidates[2].yes").
 * Otherwise returns 0 with every check in *out:
 *   quorum      present * 10000 >  expected * election.quorum_bp (> 4/5)      blocking
 *   competitive (seats >= 3) (n - seats) * 10000 >= seats *
 *               election.candidate_excess_bp (>= 20% more candidates)        blocking
 *   majority    each candidate: yes * 10000 > present * election.elected_bp
 *               (> half of those present; exactly half is not elected); if
 *               more pass than seats the highest win, and a tie across the
 *               last seat blocks (re-vote among the tied)                     blocking on a tie
 *   vacancies   fewer elected than seats: 另行选举 for the rest              warning
 *   posts       at most one 书记 and two 副书记 among the elected            blocking
 *               the 书记 candidate not elected / none proposed              warning
 */
int dj_election_evaluate(int64_t expected, int64_t present, int64_t seats, struct dj_ballot *c,
                         int n, struct dj_date on, struct dj_election_outcome *out,
                         struct dj_err *err);

/*
 * §1.2: the seats of a committee (3 or more; one or two seats elect only a
 * 书记 and 副书记) against the sizes for the organisation's kind - branch
 * kinds org.committee.branch_min_size .. branch_hard_max_size (above
 * branch_max_size: "一般 3 至 5 人"), 党总支 general_branch_min_size ..
 * general_branch_hard_max_size, 党委 basic_min_size .. basic_max_size. A
 * warning, never blocking (the upper organisation approves the number).
 * Returns false when no check applies; else fills *out (ok or not).
 */
bool dj_election_size_check(const char *kind, int64_t seats, struct dj_date on,
                            const char *org_path, struct dj_election_check *out);

#endif
