/*
 * dev_rules.h - pure rules of 发展党员 (member development, spec §3 and the
 * vote arithmetic of §2.2): the guards that decide whether a step may be
 * recorded, and the dates they produce (talk due, earliest 发展对象 date,
 * approval deadlines, 预备期满).
 *
 * Every number comes from the rule table, looked up for the date being
 * judged (the date of the step or meeting), never from code. A refusal is
 * DJ_EINVAL with err->field = the JSON key of the step form and a Chinese
 * message that ends with the rule id: "（规则 dev.activist.min_months）".
 * No I/O: same input, same answer.
 */
#ifndef DJ_DEV_RULES_H
#define DJ_DEV_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"

#define DJ_DEV_R_AGE "dev.applicant.min_age_years"
#define DJ_DEV_R_TALK "dev.application.talk_within_months"
#define DJ_DEV_R_ACTIVIST_WAIT "dev.activist.min_application_months"
#define DJ_DEV_R_CONTACTS_MIN "dev.contact_persons.min"
#define DJ_DEV_R_CONTACTS_MAX "dev.contact_persons.max"
#define DJ_DEV_R_ASSESS "dev.activist.assessment_interval_months"
#define DJ_DEV_R_ACTIVIST_MONTHS "dev.activist.min_months"
#define DJ_DEV_R_INTRODUCERS "dev.introducers.count"
#define DJ_DEV_R_TRAIN_DAYS "dev.training.min_days"
#define DJ_DEV_R_TRAIN_HOURS "dev.training.min_hours"
#define DJ_DEV_R_LEAVING "dev.admission.leaving_block_months"
#define DJ_DEV_R_APPROVAL "dev.approval.max_months"
#define DJ_DEV_R_APPROVAL_SPECIAL "dev.approval.special_max_months"
#define DJ_DEV_R_PROBATION "dev.probation.months"
#define DJ_DEV_R_EXT_MIN "dev.probation.extension_min_months"
#define DJ_DEV_R_EXT_MAX "dev.probation.extension_max_months"
#define DJ_DEV_R_EXT_TIMES "dev.probation.extension_max_times"
#define DJ_DEV_R_CONV_APPROVAL "dev.conversion.approval_max_months"
#define DJ_DEV_R_QUORUM "life.assembly.quorum_bp"
#define DJ_DEV_R_PASS "life.assembly.pass_bp"

/*
 * The applicant is at least 18 on `applied_on` (the 18th birthday itself
 * counts; a 02-29 birthday falls on 02-28). Field "applied_on".
 */
int dj_dev_rule_age(struct dj_date birth, struct dj_date applied_on, struct dj_err *err);

/* The day the talk is due: applied_on + 1 month (clamped). Unset on error. */
struct dj_date dj_dev_talk_due(struct dj_date applied_on);

/*
 * Whether a talk on `talked_on` is late; when it is, a Chinese warning (not
 * a refusal) naming the due date and the rule is written to warn (>= 200 bytes).
 */
bool dj_dev_rule_talk_late(struct dj_date applied_on, struct dj_date talked_on, char *warn,
                           size_t warnsz);

/*
 * Local practice (L): the application was submitted >= 6 months before the
 * 积极分子 date. A warning like the talk's; false when it is met.
 */
bool dj_dev_rule_activist_wait(struct dj_date applied_on, struct dj_date on, char *warn,
                               size_t warnsz);

/* The earliest 发展对象 date: activist_on + 12 months (clamped). */
struct dj_date dj_dev_candidate_earliest(struct dj_date activist_on);

/* ≥ 1 calendar year from activist_on to `on` (2024-02-29 → 2025-02-28). Field "date". */
int dj_dev_rule_activist_span(struct dj_date activist_on, struct dj_date on, struct dj_err *err);

/* 1–2 培养联系人. Field "contacts". */
int dj_dev_rule_contacts(int n, struct dj_date on, struct dj_err *err);

/*
 * The half-yearly assessments on file: for every whole half year
 * (activist_on + 6k months, activist_on + 6(k+1) months] that has ended on
 * or before `on`, at least one assessment date lies in it. Field "date";
 * the message names the first half year without one.
 */
int dj_dev_rule_assessments(struct dj_date activist_on, struct dj_date on,
                            const struct dj_date *dates, int n, struct dj_err *err);

/* What the rules need to know about a member named as 介绍人 or 培养联系人. */
struct dj_dev_person {
    int64_t member_id;
    const char *name;
    const char *category;                 /* "full" | "probationary" */
    const char *status;                   /* member_status */
    struct dj_date party_probation_until; /* 留党察看 until (unset = none) */
};

/*
 * A 培养联系人 (field "contacts") or 入党介绍人 (field "introducers") must
 * be a 正式党员 on the roll (status normal or mobile); an 介绍人 must not be
 * under 留党察看 on `on`. `introducer` picks the rule and message.
 */
int dj_dev_rule_person(const struct dj_dev_person *p, bool introducer, struct dj_date on,
                       struct dj_err *err);

/* Exactly 2 介绍人 (distinct). Field "introducers". */
int dj_dev_rule_introducers(int n, struct dj_date on, struct dj_err *err);

/* Training ≥ 3 days or ≥ 24 学时 (either suffices). Field "days" (or "hours"). */
int dj_dev_rule_training(int64_t days, int64_t hours, struct dj_date on, struct dj_err *err);

/*
 * Not leaving the unit within 3 months of `on`: refused when leaving_on is
 * set and leaving_on <= on + 3 months. Field "leaving_on".
 */
int dj_dev_rule_leaving(struct dj_date leaving_on, struct dj_date on, struct dj_err *err);

/* A 支部大会 vote (admission or 转正), §2.2. */
struct dj_dev_vote {
    int64_t expected;                /* 应到会有表决权的正式党员 */
    int64_t present;                 /* 实到会有表决权的正式党员 */
    int64_t yes, no, abstain;        /* votes of those present */
    int64_t written_yes, written_no; /* written opinions sent by absent voters */
};

/*
 * The arithmetic holds together (counts >= 0, present <= expected, votes
 * <= present, present + written <= expected), attendance is strictly more
 * than half of `expected` (written opinions do not count towards it), and
 * yes + written_yes is strictly more than half of `expected`. Fields
 * "expected", "present", "yes", "written_yes" …
 */
int dj_dev_rule_vote(const struct dj_dev_vote *v, struct dj_date on, struct dj_err *err);

/*
 * The upper committee's approval on `approved_on` of a branch resolution of
 * `meeting_on`: not before the meeting, and by meeting + 3 months; with
 * `special` (e.g. the committee is mid-election) by meeting + 6 months.
 * `conversion` selects the 转正 approval rule (3 months, no special case).
 * Field "date".
 */
int dj_dev_rule_approval(struct dj_date meeting_on, struct dj_date approved_on, bool special,
                         bool conversion, struct dj_date *due, struct dj_err *err);

/*
 * 预备期满: admitted_on + 12 months, plus `extension_months` counted from
 * that end (2024-02-29 → 2025-02-28). Unset on error.
 */
struct dj_date dj_dev_probation_end(struct dj_date admitted_on, int extension_months);

/* The 转正 meeting not before the 预备期 ends. Field "date". */
int dj_dev_rule_conversion_meeting(struct dj_date probation_end, struct dj_date on,
                                   struct dj_err *err);

/* 延长预备期: 6..12 months, and only once. Field "extension_months". */
int dj_dev_rule_extension(int64_t months, int times_before, struct dj_date on, struct dj_err *err);

#endif
