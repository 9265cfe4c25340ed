/*
 * test_dev_rules.c - the 发展党员 guards to the day and the vote: the 18th
 * birthday, the talk within 1 month (a warning), 1 calendar year as 积极分子
 * (month ends included), the half-yearly assessments, 1–2 培养联系人, 2
 * 介绍人 (正式, not under 留党察看), training of 3 days or 24 学时, leaving
 * within 3 months, quorum and majority with written opinions, the approval
 * deadlines (3 months, 6 in special cases), the 预备期 and its extension.
 * Every refusal names its rule id.
 */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "rules/dev_rules.h"

static struct dj_date D(int y, int m, int d) {
    struct dj_date r = {y, m, d};
    return r;
}

static void
assert_date(struct dj_date got, struct dj_date want)
{
    cr_assert(got.y == want.y && got.m == want.m && got.d == want.d,
              "got %04d-%02d-%02d, want %04d-%02d-%02d", got.y, got.m, got.d, want.y, want.m,
              want.d);
}

/* A refusal naming `field` and citing `rule` in its message. */
#define REFUSED(call, fld, rule)                                                                   \
    do {                                                                                           \
        struct dj_err err = {0};                                                                   \
        cr_assert_eq((call), DJ_EINVAL, "%s", #call);                                              \
        cr_assert_str_eq(err.field, fld);                                                          \
        cr_assert(strstr(err.message, rule), "message %s lacks %s", err.message, rule);            \
    } while (0)
#define ACCEPTED(call)                                                                             \
    do {                                                                                           \
        struct dj_err err = {0};                                                                   \
        cr_assert_eq((call), 0, "%s: %s", #call, err.message);                                     \
    } while (0)

Test(dev_rules, applicant_is_18_on_the_day_of_the_application)
{
    /* 17 years 364 days: refused; the 18th birthday: accepted */
    REFUSED(dj_dev_rule_age(D(2008, 11, 23), D(2026, 11, 22), &err), "applied_on",
            "dev.applicant.min_age_years");
    ACCEPTED(dj_dev_rule_age(D(2008, 11, 23), D(2026, 11, 23), &err));
    /* born on 02-29: 18 on 02-28 of a common year */
    REFUSED(dj_dev_rule_age(D(2008, 2, 29), D(2026, 2, 27), &err), "applied_on",
            "dev.applicant.min_age_years");
    ACCEPTED(dj_dev_rule_age(D(2008, 2, 29), D(2026, 2, 28), &err));
}

Test(dev_rules, late_talk_is_a_warning_from_the_day_after_one_month)
{
    char warn[256] = "";

    assert_date(dj_dev_talk_due(D(2026, 1, 31)), D(2026, 2, 28));
    cr_assert_not(dj_dev_rule_talk_late(D(2026, 1, 31), D(2026, 2, 28), warn, sizeof(warn)));
    cr_assert_str_eq(warn, "");
    cr_assert(dj_dev_rule_talk_late(D(2026, 1, 31), D(2026, 3, 1), warn, sizeof(warn)));
    cr_assert(strstr(warn, "dev.application.talk_within_months"), "%s", warn);
    cr_assert(strstr(warn, "2026-02-28"), "%s", warn);
}

Test(dev_rules, activist_for_one_calendar_year)
{
    assert_date(dj_dev_candidate_earliest(D(2024, 3, 31)), D(2025, 3, 31));
    REFUSED(dj_dev_rule_activist_span(D(2024, 3, 31), D(2025, 3, 30), &err), "date",
            "dev.activist.min_months");
    ACCEPTED(dj_dev_rule_activist_span(D(2024, 3, 31), D(2025, 3, 31), &err));
    /* month end: 2024-02-29 + 1 year = 2025-02-28 */
    assert_date(dj_dev_candidate_earliest(D(2024, 2, 29)), D(2025, 2, 28));
    REFUSED(dj_dev_rule_activist_span(D(2024, 2, 29), D(2025, 2, 27), &err), "date",
            "dev.activist.min_months");
    ACCEPTED(dj_dev_rule_activist_span(D(2024, 2, 29), D(2025, 2, 28), &err));
}

Test(dev_rules, one_or_two_contact_persons)
{
    REFUSED(dj_dev_rule_contacts(0, D(2026, 1, 1), &err), "contacts", "dev.contact_persons");
    ACCEPTED(dj_dev_rule_contacts(1, D(2026, 1, 1), &err));
    ACCEPTED(dj_dev_rule_contacts(2, D(2026, 1, 1), &err));
    REFUSED(dj_dev_rule_contacts(3, D(2026, 1, 1), &err), "contacts", "dev.contact_persons");
}

Test(dev_rules, an_assessment_in_every_half_year)
{
    struct dj_date both[] = {D(2024, 7, 15), D(2025, 1, 15)};
    struct dj_date late_first[] = {D(2024, 7, 16), D(2025, 1, 15)};
    struct dj_date only_first[] = {D(2024, 7, 15)};

    ACCEPTED(dj_dev_rule_assessments(D(2024, 1, 15), D(2025, 1, 15), both, 2, &err));
    REFUSED(dj_dev_rule_assessments(D(2024, 1, 15), D(2025, 1, 15), late_first, 2, &err), "date",
            "dev.activist.assessment_interval_months");
    REFUSED(dj_dev_rule_assessments(D(2024, 1, 15), D(2025, 1, 15), only_first, 1, &err), "date",
            "dev.activist.assessment_interval_months");
    /* a half year not yet ended needs nothing */
    ACCEPTED(dj_dev_rule_assessments(D(2024, 1, 15), D(2025, 1, 14), only_first, 1, &err));
    REFUSED(dj_dev_rule_assessments(D(2024, 1, 15), D(2024, 7, 15), NULL, 0, &err), "date",
            "dev.activist.assessment_interval_months");
}

Test(dev_rules, introducers_are_two_full_members_not_under_probation)
{
    struct dj_dev_person ok = {1, "甲", "full", "normal", {0, 0, 0}};
    struct dj_dev_person prob = {2, "乙", "probationary", "normal", {0, 0, 0}};
    struct dj_dev_person susp = {3, "丙", "full", "suspended", {0, 0, 0}};
    struct dj_dev_person watch = {4, "丁", "full", "normal", {2026, 12, 31}};

    ACCEPTED(dj_dev_rule_person(&ok, true, D(2026, 6, 1), &err));
    REFUSED(dj_dev_rule_person(&prob, true, D(2026, 6, 1), &err), "introducers",
            "dev.introducers.count");
    REFUSED(dj_dev_rule_person(&prob, false, D(2026, 6, 1), &err), "contacts",
            "dev.contact_persons.min");
    REFUSED(dj_dev_rule_person(&susp, true, D(2026, 6, 1), &err), "introducers",
            "dev.introducers.count");
    /* 留党察看 until 2026-12-31 inclusive; rights restored the day after */
    REFUSED(dj_dev_rule_person(&watch, true, D(2026, 12, 31), &err), "introducers",
            "dev.introducers.count");
    ACCEPTED(dj_dev_rule_person(&watch, true, D(2027, 1, 1), &err));
    REFUSED(dj_dev_rule_introducers(1, D(2026, 1, 1), &err), "introducers",
            "dev.introducers.count");
    ACCEPTED(dj_dev_rule_introducers(2, D(2026, 1, 1), &err));
    REFUSED(dj_dev_rule_introducers(3, D(2026, 1, 1), &err), "introducers",
            "dev.introducers.count");
}

Test(dev_rules, training_three_days_or_24_hours)
{
    ACCEPTED(dj_dev_rule_training(3, 0, D(2026, 1, 1), &err));
    ACCEPTED(dj_dev_rule_training(0, 24, D(2026, 1, 1), &err));
    REFUSED(dj_dev_rule_training(2, 23, D(2026, 1, 1), &err), "days", "dev.training.min_days");
    REFUSED(dj_dev_rule_training(-1, 30, D(2026, 1, 1), &err), "days", "天数");
}

Test(dev_rules, leaving_the_unit_within_three_months)
{
    ACCEPTED(dj_dev_rule_leaving(D(0, 0, 0), D(2026, 1, 31), &err));
    REFUSED(dj_dev_rule_leaving(D(2026, 4, 30), D(2026, 1, 31), &err), "leaving_on",
            "dev.admission.leaving_block_months");
    ACCEPTED(dj_dev_rule_leaving(D(2026, 5, 1), D(2026, 1, 31), &err));
    /* already gone */
    REFUSED(dj_dev_rule_leaving(D(2025, 12, 1), D(2026, 1, 31), &err), "leaving_on",
            "dev.admission.leaving_block_months");
}

static int vote(int64_t expected, int64_t present, int64_t yes, int64_t no, int64_t wy, int64_t wn,
                struct dj_err *err)
{
    struct dj_dev_vote v = {expected, present, yes, no, 0, wy, wn};
    return dj_dev_rule_vote(&v, D(2026, 6, 1), err);
}

Test(dev_rules, quorum_and_majority_with_written_opinions)
{
    /* spec §3.4: 11 voting members */
    ACCEPTED(vote(11, 6, 6, 0, 0, 0, &err));
    REFUSED(vote(11, 5, 5, 0, 0, 0, &err), "present", "life.assembly.quorum_bp");
    REFUSED(vote(11, 6, 5, 1, 0, 0, &err), "yes", "life.assembly.pass_bp");
    ACCEPTED(vote(11, 6, 4, 2, 2, 0, &err));
    REFUSED(vote(11, 6, 4, 2, 1, 1, &err), "yes", "life.assembly.pass_bp");
    /* written opinions count in the vote, not towards attendance */
    REFUSED(vote(11, 5, 5, 0, 6, 0, &err), "present", "life.assembly.quorum_bp");
    /* exactly half fails, both for attendance and for the vote */
    REFUSED(vote(10, 5, 5, 0, 0, 0, &err), "present", "life.assembly.quorum_bp");
    REFUSED(vote(10, 10, 5, 5, 0, 0, &err), "yes", "life.assembly.pass_bp");
    ACCEPTED(vote(10, 10, 6, 4, 0, 0, &err));
}

Test(dev_rules, vote_arithmetic_must_hold)
{
    REFUSED(vote(0, 0, 0, 0, 0, 0, &err), "expected", "应到会");
    REFUSED(vote(11, 12, 6, 0, 0, 0, &err), "present", "实到会");
    REFUSED(vote(11, 6, 5, 2, 0, 0, &err), "yes", "实到人数");
    REFUSED(vote(11, 6, 6, 0, 4, 2, &err), "written_yes", "书面意见");
}

Test(dev_rules, approval_within_three_months_six_in_special_cases)
{
    struct dj_date due;

    ACCEPTED(dj_dev_rule_approval(D(2025, 11, 30), D(2026, 2, 28), false, false, &due, &err));
    assert_date(due, D(2026, 2, 28));
    REFUSED(dj_dev_rule_approval(D(2025, 11, 30), D(2026, 3, 1), false, false, &due, &err), "date",
            "dev.approval.max_months");
    ACCEPTED(dj_dev_rule_approval(D(2025, 11, 30), D(2026, 5, 30), true, false, &due, &err));
    REFUSED(dj_dev_rule_approval(D(2025, 11, 30), D(2026, 5, 31), true, false, &due, &err), "date",
            "dev.approval.special_max_months");
    REFUSED(dj_dev_rule_approval(D(2025, 11, 30), D(2025, 11, 29), false, false, &due, &err),
            "date", "不能早于");
    ACCEPTED(dj_dev_rule_approval(D(2025, 2, 28), D(2025, 5, 28), false, true, &due, &err));
    REFUSED(dj_dev_rule_approval(D(2025, 2, 28), D(2025, 5, 29), true, true, &due, &err), "date",
            "dev.conversion.approval_max_months");
}

Test(dev_rules, probation_of_one_year_from_the_branch_meeting)
{
    assert_date(dj_dev_probation_end(D(2024, 2, 29), 0), D(2025, 2, 28));
    assert_date(dj_dev_probation_end(D(2024, 2, 29), 6), D(2025, 8, 28));
    assert_date(dj_dev_probation_end(D(2024, 8, 31), 6), D(2026, 2, 28));
    REFUSED(dj_dev_rule_conversion_meeting(D(2025, 2, 28), D(2025, 2, 27), &err), "date",
            "dev.probation.months");
    ACCEPTED(dj_dev_rule_conversion_meeting(D(2025, 2, 28), D(2025, 2, 28), &err));
}

Test(dev_rules, extension_six_to_twelve_months_once)
{
    REFUSED(dj_dev_rule_extension(5, 0, D(2026, 1, 1), &err), "extension_months",
            "dev.probation.extension_min_months");
    ACCEPTED(dj_dev_rule_extension(6, 0, D(2026, 1, 1), &err));
    ACCEPTED(dj_dev_rule_extension(12, 0, D(2026, 1, 1), &err));
    REFUSED(dj_dev_rule_extension(13, 0, D(2026, 1, 1), &err), "extension_months",
            "dev.probation.extension_max_months");
    REFUSED(dj_dev_rule_extension(6, 1, D(2026, 1, 1), &err), "outcome",
            "dev.probation.extension_max_times");
}
