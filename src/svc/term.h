/*
 * term.h - terms of office and elections (换届): the service.
 *
 * Every organisation that is elected (党委, 社区党委, 党总支 and the branch
 * kinds; not 党工委 or 党小组) has a history of terms (届). A term is
 * recorded by an election with its result (dj_term_elect), or without one
 * for data from before the system (dj_term_add). The term length in force
 * for that election is stored with it. The latest term is the current one;
 * its state on a date comes from rules/term_rules.h.
 *
 * Who may do what:
 *   read terms, one term, check an election   DJ_PERM_READ on the organisation
 *   add a term, record an election             DJ_PERM_WRITE on the organisation
 *   approve an extension, record the reminder  DJ_PERM_WRITE on the upper organisation
 *   sent, the 换届请示 and the 选举结果报告     (the parent; a root: sysadmin), so a
 *   received                                   branch admin cannot approve its own
 *   the due list of a subtree                  DJ_PERM_READ on the organisation
 * For a user without a system-wide role, a term or organisation outside the
 * scope and a missing one get the same DJ_EPERM "无权访问该组织的数据".
 * Every write is one transaction with its audit row.
 */
#ifndef DJ_SVC_TERM_H
#define DJ_SVC_TERM_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/scope.h"
#include "rules/term_rules.h"
#include "store/db.h"
#include "store/term.h"
#include "svc/deadline.h"

/* A term with its dates and its state on the date asked for. */
struct dj_term_view {
    struct dj_term t;
    struct dj_term_dates d;
    enum dj_term_state state; /* the current (latest) term; DJ_TERM_NONE for earlier ones */
    bool current;
};

/* Terms of an organisation, latest first, with states on `on`. */
int dj_term_list(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, struct dj_date on,
                 struct dj_arena *arena, struct dj_term_view **out, int *n, struct dj_err *err);

/* One term with its candidates. */
int dj_term_get(struct dj_db *db, const struct dj_actor *actor, int64_t term_id, struct dj_date on,
                struct dj_arena *arena, struct dj_term_view *out, struct dj_term_cand **cands,
                int *ncands, struct dj_err *err);

/* The term part of an election or of a term added without one. */
struct dj_term_new {
    int64_t seq;               /* 届次; 0 = the next after the latest */
    struct dj_date elected_on; /* not after today, not before 建立党组织日期 */
    int64_t
        term_years;   /* 0 = the rule's length for the organisation (required before 2018-07-12) */
    const char *note; /* up to 500 characters, may be NULL */
};

/*
 * Record a term without an election result (older data). Checks: an
 * elected kind, active; the length in the 党章 range of its date; 届次 and
 * dates in order with the other terms.
 */
int dj_term_add(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                const struct dj_term_new *in, struct dj_arena *arena, struct dj_term_view *out,
                struct dj_err *err);

struct dj_election_cand {
    int64_t member_id; /* 0: a person named in `name` (not for a branch 书记) */
    const char *name;  /* ignored when member_id is given */
    const char *post;  /* the post taken if elected */
    int64_t yes;
};

struct dj_election {
    struct dj_term_new term;
    int64_t expected, present, seats;
    const struct dj_election_cand *cands;
    int n;
};

/*
 * The checks of an election without writing anything (the form's live
 * checks): member names resolved, then dj_election_evaluate(). *ballots (n
 * entries, in `arena`) say who is elected. Input errors are DJ_EINVAL naming
 * the field; rule outcomes are in *out.
 */
int dj_term_check(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                  const struct dj_election *e, struct dj_arena *arena,
                  struct dj_election_outcome *out, struct dj_ballot **ballots, struct dj_err *err);

/*
 * Record an election: the checks of dj_term_check must pass (a blocking
 * failure is DJ_EINVAL with its message and field, nothing written), then
 * the new term, its candidates and - when it is the latest term - the
 * committee: current posts (书记, 副书记, 委员 …; not 党小组长) end on the
 * election date and each elected candidate's post starts on it through
 * dj_org_post_add_in_tx (so the 书记 党龄 rule applies), all in one
 * transaction with one audit row "term.elect" (plus the posts' own rows).
 */
int dj_term_elect(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                  const struct dj_election *e, struct dj_arena *arena, struct dj_term_view *out,
                  struct dj_election_outcome *outcome, struct dj_err *err);

struct dj_term_extension {
    struct dj_date until;       /* 延期至: after expiry, at most org.term.max_adjust_years */
    struct dj_date approved_on; /* 批准日期: not after today */
    const char *approver;       /* 批准人 (1..32 characters) */
    const char *doc;            /* 批准文号 (1..100 characters) */
    const char *reason;         /* 延期原因 (up to 500 characters, may be NULL) */
};

/* Approve the extension of the current term (WRITE on the upper organisation). */
int dj_term_extend(struct dj_db *db, const struct dj_actor *actor, int64_t term_id,
                   const struct dj_term_extension *x, struct dj_arena *arena,
                   struct dj_term_view *out, struct dj_err *err);

enum dj_term_notice {
    DJ_TERM_NOTICE_REMINDER, /* 换届提醒 sent (text: how / note) */
    DJ_TERM_NOTICE_REQUEST,  /* 换届请示 received (text: 文号) */
    DJ_TERM_NOTICE_REPORT,   /* 选举结果报告 received */
};

/* Record a notice on `on` (not after today) for a term (WRITE on the upper organisation). */
int dj_term_notice(struct dj_db *db, const struct dj_actor *actor, int64_t term_id,
                   enum dj_term_notice kind, struct dj_date on, const char *text,
                   struct dj_arena *arena, struct dj_term_view *out, struct dj_err *err);

/* One line of the due list. */
struct dj_term_due {
    int64_t org_id, parent_id;
    const char *path, *name, *kind;
    bool has_term;
    struct dj_term_view v; /* valid when has_term; state DJ_TERM_NONE otherwise */
};

/*
 * The upper organisation's 换届 list: every elected organisation below
 * org_id (not itself) with its current term and state on `on`; only those
 * in `state` unless state < 0. fn's strings are valid during the call only.
 */
int dj_term_due_list(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                     struct dj_date on, int state,
                     int (*fn)(void *ctx, const struct dj_term_due *d), void *ctx,
                     struct dj_err *err);

/*
 * The reminder scheduler's lister (svc/deadline.h). Per current term of an
 * active elected organisation in `scope`, with key "term:<id>":
 *   term.reminder     due reminder_on, to the upper organisation, unless the
 *                     reminder was recorded                     DUE
 *   term.request_due  due request_due (expiry - 2 months), to the
 *                     organisation, unless the 换届请示 was received   DUE
 *   term.expired      due expires_on, unless extended              OVERDUE
 *   term.overdue      due the last day before overdue (extended_until, or
 *                     expiry + org.term.overdue_months_after)      OVERDUE
 *   term.report_due   due report_due (election + 1 month), unless the
 *                     选举结果报告 was received                     DUE
 * each when its due date lies in [from, to].
 */
int dj_term_deadline_lister(struct dj_db *db, const struct dj_scope *scope, struct dj_date from,
                            struct dj_date to, dj_deadline_emit emit, void *ctx,
                            struct dj_err *err);

/* A "terms overdue" finding for the compliance engine. */
struct dj_term_finding {
    const char *rule_id; /* "org.term.election_on_expiry", "org.term.overdue_months_after",
                            "org.term.max_adjust_years" */
    int64_t org_id;
    const char *org_path;
    const char *org_name;
    int64_t term_id;
    enum dj_term_state state; /* DJ_TERM_EXPIRED or DJ_TERM_OVERDUE */
    struct dj_date since;     /* the first day of the gap */
    const char *message;      /* Chinese, names the dates and the rule */
};

/* Called once per finding; strings valid during the call; non-zero stops and is returned. */
typedef int (*dj_term_finding_fn)(void *ctx, const struct dj_term_finding *f);

/*
 * Findings on `on` for the subtree at org_path ("" or NULL: all) within
 * `scope`: a current term past its expiry without an approved extension
 * (state expired: rule org.term.election_on_expiry), and an overdue one
 * (past the extension: org.term.max_adjust_years; unextended past the grace:
 * org.term.overdue_months_after). Organisations without any term are not
 * reported here (nothing is known about them). Read-only; the caller has
 * checked the actor's permission and built `scope`.
 */
int dj_term_findings(struct dj_db *db, const struct dj_scope *scope, const char *org_path,
                     struct dj_date on, dj_term_finding_fn fn, void *ctx, struct dj_err *err);

/* Demo data: terms for every elected organisation (svc/demo_term.c); deterministic for a seed. */
int dj_demo_terms(struct dj_db *db, struct dj_date today, uint64_t seed, int64_t *n,
                  struct dj_err *err);

#endif
