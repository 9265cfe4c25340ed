/*
 * transfer_rules.h - pure rules of 组织关系接转 (transfers), 流动党员 and
 * 失联排查 / 自行脱党 (spec/domain-rules.md §5, §6, §4.3 for 党费交至).
 *
 * No I/O: every check takes its input and the date being judged; numbers come
 * from the rule table, looked up for the organisation's path where the rule
 * may be overridden locally (L rows). Failures are DJ_EINVAL (bad input,
 * err->field = the JSON key) or DJ_ECONFLICT (a step not allowed in the
 * current state), with a Chinese message.
 *
 * Dates are calendar months clamped to the month end (base/date.h): a letter
 * issued on 2026-11-30 with 3 months' validity is valid to 2027-02-28 inclusive.
 */
#ifndef DJ_TRANSFER_RULES_H
#define DJ_TRANSFER_RULES_H

#include <stdbool.h>

#include "base/date.h"
#include "base/err.h"

#define DJ_RULE_LETTER_VALIDITY "transfer.letter_validity_months"
#define DJ_RULE_RECEIPT_DAYS "transfer.receipt_return_days"
#define DJ_RULE_POSTPONE_MAX "dev.transfer.postpone_max_months"
#define DJ_RULE_LAPSE_INACTIVE "lapse.audit_inactive_months"
#define DJ_RULE_LOST_CONTACT "lapse.lost_contact_months"
#define DJ_RULE_SELF_DEPARTURE "lapse.self_departure_months"

/* The steps of a transfer (docs/transfers.md has the diagram). */
enum dj_transfer_action {
    DJ_TA_APPROVE, /* sending 基层党委 approves: requested -> approved */
    DJ_TA_ISSUE,   /* the letter is issued: approved -> issued */
    DJ_TA_RECEIVE, /* the target organisation receives the member: issued -> received */
    DJ_TA_RECEIPT, /* the 回执 is returned: received -> completed (out: issued -> completed) */
    DJ_TA_RETURN,  /* 退回 with a reason: requested | approved | issued -> returned */
    DJ_TA_CANCEL,  /* withdrawn: requested | approved | issued -> cancelled */
    DJ_TA_EXPIRE,  /* recorded as expired after the validity: issued -> expired */
};

/* "approve", "issue", ... and back; -1 for an unknown name. */
const char *dj_transfer_action_name(enum dj_transfer_action a);
int dj_transfer_action_parse(const char *s);

/* Chinese label of a state ("requested" -> "待审批") and of a kind / category. */
const char *dj_transfer_state_label(const char *state);
const char *dj_transfer_category_label(const char *category); /* 省（系统）内转接 ... */

/*
 * The state after `action` on a transfer of `kind` ("internal", "out", "in")
 * in `state`, into *next (a static string). DJ_ECONFLICT naming "state" with
 * "当前状态为「…」，不能…" when the step is not allowed.
 */
int dj_transfer_rule_step(const char *kind, const char *state, enum dj_transfer_action action,
                          const char **next, struct dj_err *err);

/*
 * The letter's validity: the last day it is valid = issued + the rule
 * transfer.letter_validity_months (for org_path) calendar months, clamped.
 * With `given` set, it must lie in [issued, that default] (a shorter local
 * validity, e.g. 10 days within a city); DJ_EINVAL naming "valid_until".
 */
int dj_transfer_rule_validity(struct dj_date issued, const char *org_path, struct dj_date given,
                              struct dj_date *out, struct dj_err *err);

/* Whether a letter valid until `valid_until` has expired on `today` (today > valid_until). */
bool dj_transfer_rule_expired(struct dj_date valid_until, struct dj_date today);

/*
 * 党费交至: "YYYY-MM" (1921-01 .. the letter month). Parses into *y, *m;
 * DJ_EINVAL naming "dues_paid_to" when malformed or after the letter's month.
 */
int dj_transfer_rule_dues_month(const char *s, struct dj_date letter, int *y, int *m,
                                struct dj_err *err);

/*
 * 转正 postponement of a transferred 预备党员: 1 .. dev.transfer.postpone_max_months
 * months (in force on `on`). DJ_EINVAL naming "months" otherwise.
 */
int dj_transfer_rule_postpone(int months, struct dj_date on, struct dj_err *err);

/*
 * 失联排查: the day from which a member whose last sign of contact was on
 * `last` belongs on the worklist = last + lapse.audit_inactive_months (for
 * org_path). *flag = today >= that day (以上 includes: exactly 6 months later
 * is on the list).
 */
int dj_lapse_rule_inactive(struct dj_date last, struct dj_date today, const char *org_path,
                           struct dj_date *from, bool *flag);

/*
 * 自行脱党: a ground recorded since `since` without good reason makes the
 * member a candidate once lapse.self_departure_months consecutive months have
 * passed: today >= since + 6 months.
 */
int dj_lapse_rule_self_departure(struct dj_date since, struct dj_date today, struct dj_date *from,
                                 bool *flag);

#endif
