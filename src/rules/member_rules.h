/*
 * member_rules.h - pure rules for the member database (党员信息): identity
 * against the ID number, the age at admission, the 预备期 and 转正 dates,
 * phone numbers, dates in the future, status transitions, and the derived
 * figures (age, 党龄, 政治生日) shown with a member.
 *
 * Every check takes its input and "today" as arguments and does no I/O, so
 * the same input gives the same answer; the numbers come from the rule table
 * (dev.applicant.min_age_years, dev.probation.months,
 * dev.probation.extension_max_months), looked up for the date being judged.
 * Failures are DJ_EINVAL with err->field = the member record's JSON key and a
 * Chinese message that names the field and the limit; err->detail names the
 * rule id where there is one.
 *
 * Dates follow base/date.h: calendar years clamped to the month end, so a
 * person born on 02-29 turns 18 on 02-28 of a common year, and a 预备期
 * that starts on 2024-02-29 ends one year later on 2025-02-28.
 */
#ifndef DJ_MEMBER_RULES_H
#define DJ_MEMBER_RULES_H

#include <stdbool.h>

#include "base/date.h"
#include "base/err.h"
#include "base/idcard.h"

/* Rule ids used here (also for findings and docs). */
#define DJ_RULE_MIN_AGE "dev.applicant.min_age_years"
#define DJ_RULE_PROBATION "dev.probation.months"
#define DJ_RULE_PROBATION_EXT_MAX "dev.probation.extension_max_months"

/*
 * Parse and check the ID number `s` (GB 11643 checksum, birth date that
 * exists and is not after `today`). Returns 0 with *out filled (normalised
 * number, birth date, gender 1/2), or DJ_EINVAL with field "id_number" and a
 * message beginning "「身份证号码」".
 */
int dj_member_rule_idcard(const char *s, struct dj_date today, struct dj_idcard *out,
                          struct dj_err *err);

/*
 * Gender and birth date, when given, must agree with the ID number: gender
 * is the GB/T 2261.1 code ("1" 男, "2" 女; NULL or "" = not given) and
 * birth an unset date when not given. DJ_EINVAL naming "gender" or
 * "birth_date" otherwise.
 */
int dj_member_rule_identity(const struct dj_idcard *id, const char *gender, struct dj_date birth,
                            struct dj_err *err);

/*
 * The first day a person born on `birth` is `years` old: birth + years
 * calendar years (02-29 -> 02-28 in a common year). Unset for an unset date.
 */
struct dj_date dj_member_birthday(struct dj_date birth, int years);

/*
 * The latest birth date of someone who is at least `years` old on `today`
 * (age >= years  <=>  birth <= this date). Because a 02-29 birthday falls on
 * 02-28 in common years, on 2022-02-28 the bound for 18 is 2004-02-29.
 */
struct dj_date dj_member_birth_bound(struct dj_date today, int years);

/*
 * 入党日期 must be on or after the 18th birthday (rule
 * dev.applicant.min_age_years in force on `joined`). DJ_EINVAL naming
 * "joined_on" with the earliest allowed date in the message.
 */
int dj_member_rule_join_age(struct dj_date birth, struct dj_date joined, struct dj_err *err);

/*
 * Category against 转正日期: "probationary" (预备党员) must have no
 * confirmed date; "full" (正式党员) must have one, no earlier than joined +
 * dev.probation.months and no later than joined + dev.probation.months +
 * dev.probation.extension_max_months (1 and 2 calendar years, clamped to the
 * month end). DJ_EINVAL naming "confirmed_on" (or "category" for an unknown
 * category).
 */
int dj_member_rule_confirm(const char *category, struct dj_date joined, struct dj_date confirmed,
                           struct dj_err *err);

/* The window [*earliest, *latest] of a valid 转正日期 for a 入党日期. 0 or DJ_EINVAL. */
int dj_member_confirm_window(struct dj_date joined, struct dj_date *earliest,
                             struct dj_date *latest);

/*
 * Phone numbers. Spaces and '-' are ignored and a leading "+86" or "86"
 * before an 11-digit number is dropped. A mobile number is 11 digits
 * starting with 1. With mobile_only false a landline is also accepted: 7 or
 * 8 digits not starting with 0, optionally after an area code 0 + 2 or 3
 * digits (010-12345678, 0351-6543210, 6543210). `field` and `label` name
 * the field in the error ("phone", "手机号码").
 */
int dj_member_rule_phone(const char *field, const char *label, const char *phone, bool mobile_only,
                         struct dj_err *err);

/* A date (if set) must not be after `today`. DJ_EINVAL "「label」不能晚于今天（…）". */
int dj_member_rule_not_future(const char *field, const char *label, struct dj_date d,
                              struct dj_date today, struct dj_err *err);

/* Whole years of age on `today` (0 when birth is unset or after today). */
int dj_member_age(struct dj_date birth, struct dj_date today);

/*
 * 党龄 in whole calendar years on `today`, counted from the 转正日期 (the end
 * of the 预备期): 0 for a 预备党员, when confirmed is unset, or before it.
 */
int dj_member_party_years(const char *category, struct dj_date confirmed, struct dj_date today);

/* 政治生日: the month and day of the 入党日期 as "MM-DD" into out (>= 6 bytes); "" when unset. */
char *dj_member_political_birthday(struct dj_date joined, char *out);

/*
 * Whether a member may go from status `from` to `to` (dictionary
 * member_status), and the kind (dictionary leave_kind) fits: "left" needs
 * one, every other status none. Allowed:
 *   normal, mobile, lost_contact -> each other, suspended, left, deceased
 *   suspended -> normal (恢复党籍), left (除名), deceased
 *   left, deceased -> nothing (final)
 * The same status again is refused. DJ_ECONFLICT naming "status" for a
 * transition that is not allowed; DJ_EINVAL naming "status" or "leave_kind"
 * for an unknown code or a kind that does not fit.
 */
int dj_member_rule_transition(const char *from, const char *to, const char *kind,
                              struct dj_err *err);

/* True for the final statuses (left, deceased), whose rows leave the roll. */
bool dj_member_status_final(const char *status);

#endif
