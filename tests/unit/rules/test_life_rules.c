/*
 * test_life_rules.c - the pure arithmetic of organisational life
 * (rules/life_rules.c): periods required in a window, at every boundary,
 * and quorum and vote arithmetic to the person.
 */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "rules/life_rules.h"

static struct dj_date D(int y, int m, int d) {
    struct dj_date r = {y, m, d};
    return r;
}

static const struct dj_date UNSET = {0, 0, 0};

static int periods(enum dj_life_period p, struct dj_date from, struct dj_date to,
                   struct dj_date today, struct dj_date founded, struct dj_date dissolved,
                   char labels[][12])
{
    struct dj_life_period_span s[64];
    int n = dj_life_required_periods(p, from, to, today, founded, dissolved, s, 64);
    for (int i = 0; i < n; i++)
        dj_strlcpy(labels[i], s[i].label, 12);
    return n;
}

Test(life_rules, months_inside_window_and_ended)
{
    char l[64][12];
    /* a window cut mid-month keeps only whole months */
    cr_assert_eq(
        periods(DJ_PERIOD_MONTH, D(2026, 1, 15), D(2026, 4, 30), D(2026, 11, 23), UNSET, UNSET, l),
        3);
    cr_assert_str_eq(l[0], "2026-02");
    cr_assert_str_eq(l[2], "2026-04");
    /* the current month is not judged; a month ending today is */
    cr_assert_eq(
        periods(DJ_PERIOD_MONTH, D(2026, 10, 1), D(2026, 11, 30), D(2026, 11, 23), UNSET, UNSET, l),
        1);
    cr_assert_eq(
        periods(DJ_PERIOD_MONTH, D(2026, 10, 1), D(2026, 11, 30), D(2026, 11, 30), UNSET, UNSET, l),
        2);
}

Test(life_rules, org_existence)
{
    char l[64][12];
    /* founded mid-quarter: that quarter is not required; founded on its first day: it is */
    cr_assert_eq(periods(DJ_PERIOD_QUARTER, D(2026, 1, 1), D(2026, 6, 30), D(2026, 11, 23),
                         D(2026, 2, 10), UNSET, l),
                 1);
    cr_assert_str_eq(l[0], "2026-Q2");
    cr_assert_eq(periods(DJ_PERIOD_QUARTER, D(2026, 1, 1), D(2026, 6, 30), D(2026, 11, 23),
                         D(2026, 1, 1), UNSET, l),
                 2);
    /* dissolved on the quarter's last day: not required; the day after: required */
    cr_assert_eq(periods(DJ_PERIOD_QUARTER, D(2026, 1, 1), D(2026, 6, 30), D(2026, 11, 23), UNSET,
                         D(2026, 6, 30), l),
                 1);
    cr_assert_eq(periods(DJ_PERIOD_QUARTER, D(2026, 1, 1), D(2026, 6, 30), D(2026, 11, 23), UNSET,
                         D(2026, 7, 1), l),
                 2);
    /* years: 2025 only when the window is 2025-01-01 .. 2026-10-31 */
    cr_assert_eq(
        periods(DJ_PERIOD_YEAR, D(2025, 1, 1), D(2026, 10, 31), D(2026, 11, 23), UNSET, UNSET, l),
        1);
    cr_assert_str_eq(l[0], "2025");
}

Test(life_rules, period_of_and_ym)
{
    struct dj_life_period_span s = dj_life_period_of(DJ_PERIOD_QUARTER, D(2024, 2, 29));
    cr_assert_str_eq(s.label, "2024-Q1");
    cr_assert_eq(s.end.m, 3);
    cr_assert_eq(s.end.d, 31);
    cr_assert_eq(dj_life_ym(D(2026, 1, 31)), 2026 * 12);
    cr_assert_eq(dj_life_ym(D(2026, 12, 1)), 2026 * 12 + 11);
}

Test(life_rules, quorum_arithmetic)
{
    struct dj_date on = D(2026, 3, 1);
    /* 党员大会: strictly more than half of the expected voting members */
    cr_assert_not(dj_life_quorum_ok(DJ_LIFE_ASSEMBLY, 4, 2, on));
    cr_assert(dj_life_quorum_ok(DJ_LIFE_ASSEMBLY, 4, 3, on));
    cr_assert(dj_life_quorum_ok(DJ_LIFE_ASSEMBLY, 5, 3, on));
    cr_assert_not(dj_life_quorum_ok(DJ_LIFE_ASSEMBLY, 0, 0, on));
    /* 支委会: half or more of the members */
    cr_assert(dj_life_quorum_ok(DJ_LIFE_COMMITTEE, 4, 2, on));
    cr_assert_not(dj_life_quorum_ok(DJ_LIFE_COMMITTEE, 5, 2, on));
    cr_assert(dj_life_quorum_ok(DJ_LIFE_COMMITTEE, 5, 3, on));
    /* others have no quorum */
    cr_assert(dj_life_quorum_ok(DJ_LIFE_THEME_DAY, 10, 1, on));
    /* votes: yes (with written yes) more than half of the expected, and a quorum */
    cr_assert(dj_life_vote_passed(5, 5, 3, 0, on));
    cr_assert_not(dj_life_vote_passed(6, 6, 3, 0, on));
    cr_assert(dj_life_vote_passed(6, 4, 3, 1, on), "written opinions count");
    cr_assert_not(dj_life_vote_passed(6, 3, 3, 3, on), "no quorum, no vote");
}

Test(life_rules, kinds)
{
    cr_assert_eq(dj_life_kind_parse("theme_day"), DJ_LIFE_THEME_DAY);
    cr_assert_eq(dj_life_kind_parse("x"), -1);
    cr_assert_str_eq(dj_life_kind_label(DJ_LIFE_ASSEMBLY), "支部党员大会");
    cr_assert(dj_life_kind_allowed(DJ_LIFE_GROUP, "group"));
    cr_assert_not(dj_life_kind_allowed(DJ_LIFE_GROUP, "branch"));
    cr_assert_not(dj_life_kind_allowed(DJ_LIFE_THEME_DAY, "group"));
    cr_assert(dj_life_kind_allowed(DJ_LIFE_LEADERSHIP_LIFE, "committee"));
}
