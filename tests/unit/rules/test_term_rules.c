/*
 * test_term_rules.c - terms and elections to the day and to the vote: term
 * lengths by kind, domain and date (legacy before 2018-07-12), the 党章 range
 * of the election's day, expiry with month-end clamping (2024-02-29), states
 * on the day before, at and after the reminder, the expiry, the overdue
 * grace and the extension's end, extension limits, quorum (exactly 4/5
 * fails), majority (exactly half fails), ties, the competitive ratio (exactly
 * 20% passes) and the post checks.
 */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "rules/ruletab.h"
#include "rules/term_rules.h"

static struct dj_date D(int y, int m, int d) {
    struct dj_date r = {y, m, d};
    return r;
}

static const struct dj_date NONE = {0, 0, 0};

static void assert_date(struct dj_date got, struct dj_date want)
{
    cr_assert(got.y == want.y && got.m == want.m && got.d == want.d,
              "got %04d-%02d-%02d, want %04d-%02d-%02d", got.y, got.m, got.d, want.y, want.m,
              want.d);
}

Test(term_rules, lengths_by_kind_domain_and_date)
{
    int64_t y;
    const char *rule;

    cr_assert_eq(dj_term_default_years("committee", "organ", D(2020, 1, 1), NULL, &y, &rule), 0);
    cr_assert_eq(y, 5);
    cr_assert_str_eq(rule, "org.term.basic_committee_years");
    cr_assert_eq(dj_term_default_years("branch", "soe", D(2020, 1, 1), NULL, &y, &rule), 0);
    cr_assert_eq(y, 3);
    cr_assert_str_eq(rule, "org.term.branch_years");
    cr_assert_eq(dj_term_default_years("general_branch", NULL, D(2020, 1, 1), NULL, &y, &rule), 0);
    cr_assert_eq(y, 3);
    cr_assert_eq(dj_term_default_years("branch", "rural", D(2020, 1, 1), NULL, &y, &rule), 0);
    cr_assert_eq(y, 5);
    cr_assert_str_eq(rule, "org.term.village_years");
    cr_assert_eq(dj_term_default_years("grid_branch", "community", D(2020, 1, 1), NULL, &y, &rule),
                 0);
    cr_assert_eq(y, 5);
    cr_assert_eq(dj_term_default_years("community_committee", NULL, D(2020, 1, 1), NULL, &y, &rule),
                 0);
    cr_assert_eq(y, 5);
    /* the 2018 意见 took effect on 2018-07-12: the day before is legacy */
    cr_assert_eq(dj_term_default_years("branch", "soe", D(2018, 7, 11), NULL, &y, &rule),
                 DJ_ENOTFOUND);
    cr_assert_eq(dj_term_default_years("branch", "soe", D(2018, 7, 12), NULL, &y, &rule), 0);
    cr_assert_eq(dj_term_default_years("work_committee", NULL, D(2020, 1, 1), NULL, &y, &rule),
                 DJ_EINVAL);
    cr_assert_eq(dj_term_default_years("group", NULL, D(2020, 1, 1), NULL, &y, &rule), DJ_EINVAL);
    cr_assert(!dj_term_kind_elected("work_committee"));
    cr_assert(dj_term_kind_elected("joint_branch"));
}

Test(term_rules, party_constitution_range_of_the_day)
{
    struct dj_err err = {0};

    /* 3 to 5 years since 2017-10-24; 2 to 4 before */
    cr_assert_eq(dj_term_check_years(2, D(2017, 10, 23), &err), 0);
    cr_assert_eq(dj_term_check_years(5, D(2017, 10, 23), &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "term_years");
    cr_assert_eq(dj_term_check_years(4, D(2017, 10, 23), &err), 0);
    cr_assert_eq(dj_term_check_years(2, D(2017, 10, 24), &err), DJ_EINVAL);
    cr_assert_eq(dj_term_check_years(3, D(2017, 10, 24), &err), 0);
    cr_assert_eq(dj_term_check_years(5, D(2017, 10, 24), &err), 0);
    cr_assert_eq(dj_term_check_years(6, D(2024, 1, 1), &err), DJ_EINVAL);
    cr_assert(strstr(err.message, "org.term.committee_max_years"), "%s", err.message);
}

Test(term_rules, leap_day_election_and_month_end_clamping)
{
    struct dj_term_dates d;

    cr_assert_eq(dj_term_dates(D(2024, 2, 29), 3, NONE, NULL, &d), 0);
    assert_date(d.expires_on, D(2027, 2, 28));
    assert_date(d.reminder_on, D(2026, 8, 28));
    assert_date(d.request_due, D(2026, 12, 28));
    assert_date(d.report_due, D(2024, 3, 29));
    assert_date(d.last_ok, D(2028, 2, 28));
    cr_assert_eq(dj_term_dates(D(2024, 2, 29), 4, NONE, NULL, &d), 0);
    assert_date(d.expires_on, D(2028, 2, 29));
    /* expiry on 08-31: six months before is 02-28 (clamped) */
    cr_assert_eq(dj_term_dates(D(2021, 8, 31), 5, NONE, NULL, &d), 0);
    assert_date(d.reminder_on, D(2026, 2, 28));
    assert_date(d.report_due, D(2021, 9, 30));
    cr_assert_eq(dj_term_dates(D(2021, 8, 31), 0, NONE, NULL, &d), DJ_EINVAL);
    cr_assert_eq(dj_term_dates(D(2021, 2, 30), 3, NONE, NULL, &d), DJ_EINVAL);
}

Test(term_rules, states_on_the_exact_days)
{
    struct dj_term_dates d;

    /* elected 2021-06-15 for 5 years: reminder 2025-12-15, expiry 2026-06-15, overdue after
     * 2027-06-15 */
    cr_assert_eq(dj_term_dates(D(2021, 6, 15), 5, NONE, NULL, &d), 0);
    cr_assert_eq(dj_term_state_on(&d, D(2021, 6, 15)), DJ_TERM_IN_TERM);
    cr_assert_eq(dj_term_state_on(&d, D(2025, 12, 14)), DJ_TERM_IN_TERM);
    cr_assert_eq(dj_term_state_on(&d, D(2025, 12, 15)), DJ_TERM_REMINDER_DUE);
    cr_assert_eq(dj_term_state_on(&d, D(2025, 12, 16)), DJ_TERM_REMINDER_DUE);
    cr_assert_eq(dj_term_state_on(&d, D(2026, 6, 14)), DJ_TERM_REMINDER_DUE);
    cr_assert_eq(dj_term_state_on(&d, D(2026, 6, 15)), DJ_TERM_REMINDER_DUE);
    cr_assert_eq(dj_term_state_on(&d, D(2026, 6, 16)), DJ_TERM_EXPIRED);
    cr_assert_eq(dj_term_state_on(&d, D(2027, 6, 15)), DJ_TERM_EXPIRED);
    cr_assert_eq(dj_term_state_on(&d, D(2027, 6, 16)), DJ_TERM_OVERDUE);

    /* extended until 2027-03-01 */
    cr_assert_eq(dj_term_dates(D(2021, 6, 15), 5, D(2027, 3, 1), NULL, &d), 0);
    cr_assert_eq(dj_term_state_on(&d, D(2026, 6, 15)), DJ_TERM_REMINDER_DUE);
    cr_assert_eq(dj_term_state_on(&d, D(2026, 6, 16)), DJ_TERM_EXTENDED);
    cr_assert_eq(dj_term_state_on(&d, D(2027, 2, 28)), DJ_TERM_EXTENDED);
    cr_assert_eq(dj_term_state_on(&d, D(2027, 3, 1)), DJ_TERM_EXTENDED);
    cr_assert_eq(dj_term_state_on(&d, D(2027, 3, 2)), DJ_TERM_OVERDUE);
    assert_date(d.last_ok, D(2027, 3, 1));

    /* elected 2024-02-29 for 3 years */
    cr_assert_eq(dj_term_dates(D(2024, 2, 29), 3, NONE, NULL, &d), 0);
    cr_assert_eq(dj_term_state_on(&d, D(2026, 8, 27)), DJ_TERM_IN_TERM);
    cr_assert_eq(dj_term_state_on(&d, D(2026, 8, 28)), DJ_TERM_REMINDER_DUE);
    cr_assert_eq(dj_term_state_on(&d, D(2027, 2, 28)), DJ_TERM_REMINDER_DUE);
    cr_assert_eq(dj_term_state_on(&d, D(2027, 3, 1)), DJ_TERM_EXPIRED);

    struct dj_term_dates none = {0};
    cr_assert_eq(dj_term_state_on(&none, D(2027, 3, 1)), DJ_TERM_NONE);
    cr_assert_str_eq(dj_term_state_name(DJ_TERM_OVERDUE), "overdue");
    cr_assert_eq(dj_term_state_parse("extended"), DJ_TERM_EXTENDED);
    cr_assert_eq(dj_term_state_parse("nope"), -1);
}

Test(term_rules, reminder_and_overdue_follow_overrides)
{
    struct dj_rule_override ov[] = {
        {.rule_id = "org.term.overdue_months_after",
         .org_path = "/1/7/",
         .value = 6,
         .effective_from = {2000, 1, 1}},
    };
    struct dj_term_dates d;
    struct dj_err err = {0};

    cr_assert_eq(dj_rules_set_overrides(ov, 1, &err), 0, "%s", err.message);
    cr_assert_eq(dj_term_dates(D(2021, 6, 15), 5, NONE, "/1/7/9/", &d), 0);
    assert_date(d.last_ok, D(2026, 12, 15));
    cr_assert_eq(dj_term_state_on(&d, D(2026, 12, 16)), DJ_TERM_OVERDUE);
    cr_assert_eq(dj_term_dates(D(2021, 6, 15), 5, NONE, "/1/8/", &d), 0);
    assert_date(d.last_ok, D(2027, 6, 15));
    dj_rules_release();
}

Test(term_rules, extension_at_most_one_year)
{
    struct dj_err err = {0};

    cr_assert_eq(dj_term_check_extension(D(2026, 6, 15), D(2027, 6, 15), &err), 0);
    cr_assert_eq(dj_term_check_extension(D(2026, 6, 15), D(2027, 6, 16), &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "extended_until");
    cr_assert(strstr(err.message, "2027-06-15"), "%s", err.message);
    cr_assert(strstr(err.message, "org.term.max_adjust_years"), "%s", err.message);
    cr_assert_eq(dj_term_check_extension(D(2026, 6, 15), D(2026, 6, 15), &err), DJ_EINVAL);
    cr_assert_eq(dj_term_check_extension(D(2026, 6, 15), D(2026, 6, 16), &err), 0);
    /* from a leap day: 2024-02-29 + 1 year = 2025-02-28 */
    cr_assert_eq(dj_term_check_extension(D(2024, 2, 29), D(2025, 2, 28), &err), 0);
    cr_assert_eq(dj_term_check_extension(D(2024, 2, 29), D(2025, 3, 1), &err), DJ_EINVAL);
    cr_assert_eq(dj_term_check_extension(D(2024, 2, 29), NONE, &err), DJ_EINVAL);
}

static const struct dj_election_check *find_check(const struct dj_election_outcome *o,
                                                  const char *rule)
{
    for (int i = 0; i < o->nchecks; i++)
        if (!strcmp(o->checks[i].rule_id, rule))
            return &o->checks[i];
    return NULL;
}

#define B(n, p, y)                                                                                 \
    {                                                                                              \
        .name = (n), .post = (p), .yes = (y)                                                       \
    }

Test(term_rules, quorum_exactly_four_fifths_fails)
{
    struct dj_ballot c[] = {B("甲", "secretary", 8)};
    struct dj_election_outcome o;
    struct dj_err err = {0};

    cr_assert_eq(dj_election_evaluate(10, 8, 1, c, 1, D(2026, 1, 1), &o, &err), 0, "%s",
                 err.message);
    cr_assert(!find_check(&o, "election.quorum_bp")->ok);
    cr_assert(find_check(&o, "election.quorum_bp")->blocking);
    cr_assert(!o.valid);
    cr_assert_eq(o.quorum_min, 9);
    cr_assert(strstr(find_check(&o, "election.quorum_bp")->message, "election.quorum_bp"));
    cr_assert_eq(dj_election_evaluate(10, 9, 1, c, 1, D(2026, 1, 1), &o, &err), 0);
    cr_assert(find_check(&o, "election.quorum_bp")->ok);
    cr_assert(o.valid);
    /* 40 of 50 is exactly 4/5: fails; 41 passes */
    c[0].yes = 30;
    cr_assert_eq(dj_election_evaluate(50, 40, 1, c, 1, D(2026, 1, 1), &o, &err), 0);
    cr_assert(!find_check(&o, "election.quorum_bp")->ok);
    cr_assert_eq(dj_election_evaluate(50, 41, 1, c, 1, D(2026, 1, 1), &o, &err), 0);
    cr_assert(find_check(&o, "election.quorum_bp")->ok);
    cr_assert_eq(o.quorum_min, 41);
}

Test(term_rules, majority_exactly_half_fails)
{
    struct dj_ballot c[] = {B("甲", "secretary", 5), B("乙", "member", 6), B("丙", "member", 9)};
    struct dj_election_outcome o;
    struct dj_err err = {0};

    cr_assert_eq(dj_election_evaluate(10, 10, 2, c, 3, D(2026, 1, 1), &o, &err), 0);
    cr_assert(!c[0].elected);
    cr_assert(c[1].elected);
    cr_assert(c[2].elected);
    cr_assert_eq(o.majority_min, 6);
    /* odd attendance: 9 present, 5 is more than half */
    c[0].yes = 5;
    c[1].yes = 4;
    cr_assert_eq(dj_election_evaluate(10, 9, 2, c, 3, D(2026, 1, 1), &o, &err), 0);
    cr_assert(c[0].elected);
    cr_assert(!c[1].elected);
    cr_assert_eq(o.majority_min, 5);
}

Test(term_rules, highest_win_and_ties_block)
{
    struct dj_ballot c[] = {B("甲", "secretary", 9), B("乙", "member", 8), B("丙", "member", 7),
                            B("丁", "member", 6)};
    struct dj_election_outcome o;
    struct dj_err err = {0};

    cr_assert_eq(dj_election_evaluate(10, 10, 3, c, 4, D(2026, 1, 1), &o, &err), 0);
    cr_assert(c[0].elected && c[1].elected && c[2].elected && !c[3].elected);
    cr_assert(o.valid);
    cr_assert_eq(o.vacancies, 0);
    c[3].yes = 7; /* tie across the third seat */
    cr_assert_eq(dj_election_evaluate(10, 10, 3, c, 4, D(2026, 1, 1), &o, &err), 0);
    cr_assert(!o.valid);
    cr_assert(c[0].elected && c[1].elected && !c[2].elected && !c[3].elected);
    cr_assert(strstr(c[2].note, "再次投票"));
    /* fewer pass than seats: valid, with vacancies (另行选举) */
    c[2].yes = 3;
    c[3].yes = 2;
    cr_assert_eq(dj_election_evaluate(10, 10, 3, c, 4, D(2026, 1, 1), &o, &err), 0);
    cr_assert(o.valid);
    cr_assert_eq(o.elected, 2);
    cr_assert_eq(o.vacancies, 1);
}

Test(term_rules, competitive_ratio_exactly_twenty_percent_passes)
{
    struct dj_ballot c[12];
    struct dj_election_outcome o;
    struct dj_err err = {0};

    for (int i = 0; i < 12; i++)
        c[i] = (struct dj_ballot)B("候选", i ? "member" : "secretary", 60);
    cr_assert_eq(dj_election_evaluate(100, 90, 5, c, 6, D(2026, 1, 1), &o, &err), 0);
    cr_assert(find_check(&o, "election.candidate_excess_bp")->ok);
    cr_assert_eq(dj_election_evaluate(100, 90, 5, c, 5, D(2026, 1, 1), &o, &err), 0);
    cr_assert(!find_check(&o, "election.candidate_excess_bp")->ok);
    cr_assert(!o.valid);
    cr_assert_eq(dj_election_evaluate(100, 90, 10, c, 12, D(2026, 1, 1), &o, &err), 0);
    cr_assert(find_check(&o, "election.candidate_excess_bp")->ok);
    cr_assert_eq(dj_election_evaluate(100, 90, 10, c, 11, D(2026, 1, 1), &o, &err), 0);
    cr_assert(!find_check(&o, "election.candidate_excess_bp")->ok);
    cr_assert_eq(dj_election_evaluate(100, 90, 3, c, 4, D(2026, 1, 1), &o, &err), 0);
    cr_assert(find_check(&o, "election.candidate_excess_bp")->ok);
    cr_assert_eq(dj_election_evaluate(100, 90, 3, c, 3, D(2026, 1, 1), &o, &err), 0);
    cr_assert(!find_check(&o, "election.candidate_excess_bp")->ok);
    /* 书记 and 副书记 alone (fewer than 3 seats) may be 等额 */
    cr_assert_eq(dj_election_evaluate(100, 90, 2, c, 2, D(2026, 1, 1), &o, &err), 0);
    cr_assert_null(find_check(&o, "election.candidate_excess_bp"));
    cr_assert(!o.competitive_applies);
}

Test(term_rules, posts_among_the_elected)
{
    struct dj_ballot c[] = {B("甲", "secretary", 9), B("乙", "secretary", 8), B("丙", "member", 7),
                            B("丁", "member", 1)};
    struct dj_election_outcome o;
    struct dj_err err = {0};

    cr_assert_eq(dj_election_evaluate(10, 10, 3, c, 4, D(2026, 1, 1), &o, &err), 0);
    cr_assert(!o.valid); /* two 书记 elected */
    c[1].post = "deputy_secretary";
    cr_assert_eq(dj_election_evaluate(10, 10, 3, c, 4, D(2026, 1, 1), &o, &err), 0);
    cr_assert(o.valid);
    c[0].yes = 2; /* the 书记 candidate fails: a warning, not blocking */
    cr_assert_eq(dj_election_evaluate(10, 10, 3, c, 4, D(2026, 1, 1), &o, &err), 0);
    cr_assert(o.valid);
    cr_assert_eq(o.vacancies, 1);
}

Test(term_rules, bad_input_names_the_field)
{
    struct dj_ballot c[] = {B("甲", "secretary", 9), B("", "member", 8)};
    struct dj_election_outcome o;
    struct dj_err err = {0};

    cr_assert_eq(dj_election_evaluate(0, 0, 1, c, 1, D(2026, 1, 1), &o, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "expected");
    cr_assert_eq(dj_election_evaluate(10, 11, 1, c, 1, D(2026, 1, 1), &o, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "present");
    cr_assert_eq(dj_election_evaluate(10, 10, 3, c, 2, D(2026, 1, 1), &o, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "candidates");
    cr_assert_eq(dj_election_evaluate(10, 10, 1, c, 2, D(2026, 1, 1), &o, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "candidates[1].name");
    c[1].name = "乙";
    c[1].yes = 11;
    cr_assert_eq(dj_election_evaluate(10, 10, 1, c, 2, D(2026, 1, 1), &o, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "candidates[1].yes");
    c[1].yes = 1;
    c[1].post = "group_leader";
    cr_assert_eq(dj_election_evaluate(10, 10, 1, c, 2, D(2026, 1, 1), &o, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "candidates[1].post");
    cr_assert_eq(dj_election_evaluate(10, 10, 0, c, 2, D(2026, 1, 1), &o, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "seats");
}

Test(term_rules, committee_size_is_a_warning_by_kind)
{
    struct dj_election_check c;

    cr_assert(!dj_election_size_check("branch", 2, D(2026, 1, 1), NULL, &c));
    cr_assert(!dj_election_size_check("work_committee", 5, D(2026, 1, 1), NULL, &c));
    cr_assert(dj_election_size_check("branch", 3, D(2026, 1, 1), NULL, &c));
    cr_assert(c.ok);
    cr_assert(dj_election_size_check("grid_branch", 5, D(2026, 1, 1), NULL, &c));
    cr_assert(c.ok);
    cr_assert(dj_election_size_check("branch", 6, D(2026, 1, 1), NULL, &c));
    cr_assert(!c.ok && !c.blocking);
    cr_assert_str_eq(c.rule_id, "org.committee.branch_max_size");
    cr_assert(dj_election_size_check("branch", 8, D(2026, 1, 1), NULL, &c));
    cr_assert_str_eq(c.rule_id, "org.committee.branch_hard_max_size");
    cr_assert(dj_election_size_check("general_branch", 4, D(2026, 1, 1), NULL, &c));
    cr_assert(!c.ok);
    cr_assert_str_eq(c.rule_id, "org.committee.general_branch_min_size");
    cr_assert(dj_election_size_check("committee", 9, D(2026, 1, 1), NULL, &c));
    cr_assert(c.ok);
    cr_assert(dj_election_size_check("community_committee", 10, D(2026, 1, 1), NULL, &c));
    cr_assert(!c.ok);
    cr_assert_str_eq(c.field, "seats");
}

/* A term whose expiry or grace period would pass year 9999 cannot be dated (found by fuzzing). */
Test(term_rules, dates_past_the_calendar_are_refused)
{
    struct dj_term_dates d;

    cr_assert_eq(dj_term_dates((struct dj_date){9997, 6, 1}, 5, (struct dj_date){0, 0, 0}, NULL, &d),
                 DJ_EINVAL);
    cr_assert_eq(dj_term_state_on(&d, (struct dj_date){9999, 12, 31}), DJ_TERM_NONE);
    cr_assert_eq(dj_term_dates((struct dj_date){9998, 6, 1}, 1, (struct dj_date){0, 0, 0}, NULL, &d),
                 DJ_EINVAL, "expires 9999-06-01 but the grace period runs past 9999");
    cr_assert_eq(dj_term_dates((struct dj_date){9990, 6, 1}, 3, (struct dj_date){0, 0, 0}, NULL, &d),
                 0);
}
