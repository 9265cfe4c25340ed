/* test_date.c - civil dates: validity, parsing, day counts, calendar arithmetic, today. */
#include "base/compat.h"
#include "base/date.h"

#include <criterion/criterion.h>

static struct dj_date D(int y, int m, int d) {
    struct dj_date r = {y, m, d};
    return r;
}

static void
assert_date(struct dj_date got, int y, int m, int d)
{
    cr_assert(got.y == y && got.m == m && got.d == d, "got %04d-%02d-%02d, want %04d-%02d-%02d",
              got.y, got.m, got.d, y, m, d);
}

static void assert_unset(struct dj_date got)
{
    cr_assert(!dj_date_isset(got), "got %04d-%02d-%02d, want the unset date", got.y, got.m, got.d);
}

Test(date, leap_years)
{
    cr_assert(!dj_is_leap(1900));
    cr_assert(dj_is_leap(2000));
    cr_assert(dj_is_leap(2024));
    cr_assert(!dj_is_leap(2023));
    cr_assert(!dj_is_leap(2100));
    cr_assert(dj_is_leap(2400));
}

Test(date, days_in_month)
{
    cr_assert_eq(dj_days_in_month(2024, 2), 29);
    cr_assert_eq(dj_days_in_month(2023, 2), 28);
    cr_assert_eq(dj_days_in_month(1900, 2), 28);
    cr_assert_eq(dj_days_in_month(2000, 2), 29);
    cr_assert_eq(dj_days_in_month(2100, 2), 28);
    cr_assert_eq(dj_days_in_month(2024, 4), 30);
    cr_assert_eq(dj_days_in_month(2024, 12), 31);
    cr_assert_eq(dj_days_in_month(2024, 0), 0);
    cr_assert_eq(dj_days_in_month(2024, 13), 0);
}

Test(date, validity)
{
    cr_assert(dj_date_valid(D(2024, 2, 29)));
    cr_assert(!dj_date_valid(D(2023, 2, 29)));
    cr_assert(!dj_date_valid(D(1900, 2, 29)));
    cr_assert(dj_date_valid(D(1, 1, 1)));
    cr_assert(dj_date_valid(D(9999, 12, 31)));
    cr_assert(!dj_date_valid(D(0, 1, 1)));
    cr_assert(!dj_date_valid(D(10000, 1, 1)));
    cr_assert(!dj_date_valid(D(2024, 4, 31)));
    cr_assert(!dj_date_valid(D(2024, 1, 0)));
    cr_assert(!dj_date_isset(D(0, 0, 0)));
    cr_assert(dj_date_isset(D(2024, 1, 1)));
}

Test(date, parse_accepts_strict_form)
{
    struct dj_date d;
    struct dj_err err = {0};

    cr_assert_eq(dj_date_parse("2024-02-29", &d, "join_date", &err), 0);
    assert_date(d, 2024, 2, 29);
    cr_assert_eq(dj_date_parse("0001-01-01", &d, "x", &err), 0);
    assert_date(d, 1, 1, 1);
    cr_assert_eq(dj_date_parse("9999-12-31", &d, "x", NULL), 0);
    assert_date(d, 9999, 12, 31);
    cr_assert_eq(err.code, 0);
}

Test(date, parse_rejects_bad_format)
{
    static const char *const bad[] = {
        "2024-2-3",    "2024-02-3",    "2024-02-29x", "",           "2024/02/29",
        " 2024-02-29", "2024-02-29 ",  "+024-02-29",  "-024-02-29", "2024-0a-01",
        "20240229",    "2024-02-29\n", "24-02-29",    "2024--2-29",
    };

    for (size_t i = 0; i < DJ_ARRAY_LEN(bad); i++) {
        struct dj_date d = {1, 1, 1};
        struct dj_err err = {0};

        cr_assert_eq(dj_date_parse(bad[i], &d, "birth_date", &err), DJ_EINVAL, "accepted '%s'",
                     bad[i]);
        cr_assert_str_eq(err.message, "日期格式应为 YYYY-MM-DD", "input '%s'", bad[i]);
        cr_assert_str_eq(err.field, "birth_date");
        assert_unset(d);
    }
}

Test(date, parse_null_is_format_error)
{
    struct dj_date d;
    struct dj_err err = {0};

    cr_assert_eq(dj_date_parse(NULL, &d, "f", &err), DJ_EINVAL);
    cr_assert_str_eq(err.message, "日期格式应为 YYYY-MM-DD");
}

Test(date, parse_rejects_nonexistent_dates)
{
    static const char *const bad[] = {"2023-02-29", "2024-02-30", "1900-02-29",
                                      "0000-01-01", "2024-13-01", "2024-00-10",
                                      "2024-04-31", "2024-01-00", "2100-02-29"};

    for (size_t i = 0; i < DJ_ARRAY_LEN(bad); i++) {
        struct dj_date d;
        struct dj_err err = {0};
        char want[64];

        cr_assert_eq(dj_date_parse(bad[i], &d, "meeting_date", &err), DJ_EINVAL, "accepted '%s'",
                     bad[i]);
        snprintf(want, sizeof(want), "日期不存在：%s", bad[i]);
        cr_assert_str_eq(err.message, want);
        cr_assert_str_eq(err.field, "meeting_date");
        assert_unset(d);
    }
}

Test(date, format)
{
    char buf[11];

    cr_assert_str_eq(dj_date_format(D(2024, 2, 29), buf), "2024-02-29");
    cr_assert_str_eq(dj_date_format(D(1, 1, 1), buf), "0001-01-01");
    cr_assert_str_eq(dj_date_format(D(9999, 12, 31), buf), "9999-12-31");
    cr_assert_str_eq(dj_date_format(D(0, 0, 0), buf), "");
}

Test(date, known_day_numbers)
{
    cr_assert_eq(dj_date_to_days(D(1970, 1, 1)), 0);
    cr_assert_eq(dj_date_to_days(D(1969, 12, 31)), -1);
    cr_assert_eq(dj_date_to_days(D(2000, 3, 1)), 11017);
    cr_assert_eq(dj_date_to_days(D(1, 1, 1)), -719162);
    cr_assert_eq(dj_date_to_days(D(9999, 12, 31)), 2932896);
    assert_date(dj_date_from_days(11017), 2000, 3, 1);
    assert_date(dj_date_from_days(-1), 1969, 12, 31);
    assert_unset(dj_date_from_days(-719163));
    assert_unset(dj_date_from_days(2932897));
}

/* Reference: step one day forward with nothing but a month-length table. */
static void next_day(int *y, int *m, int *d)
{
    static const int len[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
    int dim = len[*m] + (*m == 2 && leap);

    if (++*d > dim) {
        *d = 1;
        if (++*m > 12) {
            *m = 1;
            ++*y;
        }
    }
}

Test(date, day_numbers_round_trip_over_whole_range)
{
    int y = 1, m = 1, d = 1;
    int32_t n = -719162;

    for (;;) {
        struct dj_date got = dj_date_from_days(n);

        if (dj_date_to_days(D(y, m, d)) != n || got.y != y || got.m != m || got.d != d)
            cr_assert_fail("mismatch at day %d: reference %04d-%02d-%02d, from_days %04d-%02d-%02d",
                           n, y, m, d, got.y, got.m, got.d);
        if (y == 9999 && m == 12 && d == 31)
            break;
        next_day(&y, &m, &d);
        n++;
    }
    cr_assert_eq(n, 2932896);
}

Test(date, weekday)
{
    cr_assert_eq(dj_date_weekday(D(2026, 11, 23)), 1); /* Monday */
    cr_assert_eq(dj_date_weekday(D(1970, 1, 1)), 4);   /* Thursday */
    cr_assert_eq(dj_date_weekday(D(2000, 1, 1)), 6);   /* Saturday */
    cr_assert_eq(dj_date_weekday(D(2024, 2, 29)), 4);  /* Thursday */
    cr_assert_eq(dj_date_weekday(D(1949, 10, 1)), 6);  /* Saturday */
    cr_assert_eq(dj_date_weekday(D(1921, 7, 23)), 6);  /* Saturday */
    cr_assert_eq(dj_date_weekday(D(2026, 11, 29)), 7); /* Sunday */
    cr_assert_eq(dj_date_weekday(D(1, 1, 1)), 1);      /* Monday, proleptic */
}

Test(date, cmp)
{
    cr_assert_lt(dj_date_cmp(D(2024, 1, 31), D(2024, 2, 1)), 0);
    cr_assert_gt(dj_date_cmp(D(2025, 1, 1), D(2024, 12, 31)), 0);
    cr_assert_eq(dj_date_cmp(D(2024, 2, 29), D(2024, 2, 29)), 0);
    cr_assert_lt(dj_date_cmp(D(2024, 2, 28), D(2024, 2, 29)), 0);
}

Test(date, add_days_across_boundaries)
{
    assert_date(dj_date_add_days(D(2023, 12, 31), 1), 2024, 1, 1);
    assert_date(dj_date_add_days(D(2024, 1, 1), -1), 2023, 12, 31);
    assert_date(dj_date_add_days(D(2024, 3, 1), -1), 2024, 2, 29);
    assert_date(dj_date_add_days(D(2100, 3, 1), -1), 2100, 2, 28);
    assert_date(dj_date_add_days(D(2024, 1, 1), 366), 2025, 1, 1);
    assert_date(dj_date_add_days(D(2024, 5, 5), 0), 2024, 5, 5);
    assert_unset(dj_date_add_days(D(9999, 12, 31), 1));
    assert_unset(dj_date_add_days(D(1, 1, 1), -1));
    assert_unset(dj_date_add_days(D(0, 0, 0), 1));
}

Test(date, add_months_clamps_to_month_end)
{
    assert_date(dj_date_add_months(D(2024, 1, 31), 1), 2024, 2, 29);
    assert_date(dj_date_add_months(D(2023, 1, 31), 1), 2023, 2, 28);
    assert_date(dj_date_add_months(D(2024, 2, 29), 12), 2025, 2, 28);
    assert_date(dj_date_add_months(D(2024, 3, 31), 1), 2024, 4, 30);
    assert_date(dj_date_add_months(D(2024, 1, 31), 2), 2024, 3, 31);
    assert_date(dj_date_add_months(D(2023, 11, 30), 3), 2024, 2, 29);
    assert_date(dj_date_add_months(D(2024, 5, 15), 0), 2024, 5, 15);
}

Test(date, add_months_negative_and_across_years)
{
    assert_date(dj_date_add_months(D(2024, 3, 31), -1), 2024, 2, 29);
    assert_date(dj_date_add_months(D(2024, 1, 15), -1), 2023, 12, 15);
    assert_date(dj_date_add_months(D(2024, 1, 15), -13), 2022, 12, 15);
    assert_date(dj_date_add_months(D(2024, 12, 31), 1), 2025, 1, 31);
    assert_date(dj_date_add_months(D(2024, 11, 30), 14), 2026, 1, 30);
    assert_date(dj_date_add_months(D(2025, 5, 31), -27), 2023, 2, 28);
    assert_unset(dj_date_add_months(D(1, 1, 31), -1));
    assert_unset(dj_date_add_months(D(9999, 12, 1), 1));
    assert_unset(dj_date_add_months(D(0, 0, 0), 1));
}

Test(date, add_years)
{
    assert_date(dj_date_add_years(D(2024, 2, 29), 1), 2025, 2, 28);
    assert_date(dj_date_add_years(D(2024, 2, 29), 4), 2028, 2, 29);
    assert_date(dj_date_add_years(D(2024, 2, 29), -1), 2023, 2, 28);
    assert_date(dj_date_add_years(D(2000, 2, 29), 100), 2100, 2, 28);
    assert_date(dj_date_add_years(D(2021, 7, 1), 5), 2026, 7, 1);
    assert_unset(dj_date_add_years(D(2021, 7, 1), 1000000000));
    assert_unset(dj_date_add_years(D(2021, 7, 1), -1000000000));
}

Test(date, diff_days)
{
    cr_assert_eq(dj_date_diff_days(D(2024, 1, 1), D(2025, 1, 1)), 366);
    cr_assert_eq(dj_date_diff_days(D(2025, 1, 1), D(2024, 1, 1)), -366);
    cr_assert_eq(dj_date_diff_days(D(2023, 1, 1), D(2024, 1, 1)), 365);
    cr_assert_eq(dj_date_diff_days(D(2024, 2, 28), D(2024, 3, 1)), 2);
    cr_assert_eq(dj_date_diff_days(D(1, 1, 1), D(9999, 12, 31)), 3652058);
}

Test(date, years_between_anniversary)
{
    cr_assert_eq(dj_date_years_between(D(1990, 6, 15), D(2020, 6, 14)), 29);
    cr_assert_eq(dj_date_years_between(D(1990, 6, 15), D(2020, 6, 15)), 30);
    cr_assert_eq(dj_date_years_between(D(1990, 6, 15), D(1990, 6, 15)), 0);
    cr_assert_eq(dj_date_years_between(D(1990, 12, 31), D(1991, 1, 1)), 0);
    cr_assert_eq(dj_date_years_between(D(2020, 6, 15), D(1990, 6, 15)), -30);
    cr_assert_eq(dj_date_years_between(D(2020, 6, 15), D(1990, 6, 16)), -29);
}

Test(date, years_between_leap_day_birthday)
{
    /* The 02-29 anniversary is reached on 02-28 in common years. */
    cr_assert_eq(dj_date_years_between(D(2004, 2, 29), D(2005, 2, 27)), 0);
    cr_assert_eq(dj_date_years_between(D(2004, 2, 29), D(2005, 2, 28)), 1);
    cr_assert_eq(dj_date_years_between(D(2004, 2, 29), D(2005, 3, 1)), 1);
    cr_assert_eq(dj_date_years_between(D(2004, 2, 29), D(2008, 2, 28)), 3);
    cr_assert_eq(dj_date_years_between(D(2004, 2, 29), D(2008, 2, 29)), 4);
    cr_assert_eq(dj_date_years_between(D(2003, 3, 1), D(2004, 2, 29)), 0);
    cr_assert_eq(dj_date_years_between(D(2003, 3, 1), D(2004, 3, 1)), 1);
}

Test(date, months_between)
{
    cr_assert_eq(dj_date_months_between(D(2024, 1, 31), D(2024, 2, 29)), 1);
    cr_assert_eq(dj_date_months_between(D(2024, 1, 31), D(2024, 2, 28)), 0);
    cr_assert_eq(dj_date_months_between(D(2024, 1, 15), D(2024, 3, 14)), 1);
    cr_assert_eq(dj_date_months_between(D(2024, 1, 15), D(2024, 3, 15)), 2);
    cr_assert_eq(dj_date_months_between(D(2024, 1, 15), D(2024, 1, 15)), 0);
    cr_assert_eq(dj_date_months_between(D(2023, 12, 1), D(2025, 1, 1)), 13);
    cr_assert_eq(dj_date_months_between(D(2024, 3, 31), D(2024, 2, 29)), -1);
    cr_assert_eq(dj_date_months_between(D(2024, 3, 15), D(2024, 2, 16)), 0);
    cr_assert_eq(dj_date_months_between(D(2024, 3, 15), D(2024, 2, 15)), -1);
}

Test(date, quarters_and_period_ends)
{
    cr_assert_eq(dj_date_quarter(D(2024, 1, 1)), 1);
    cr_assert_eq(dj_date_quarter(D(2024, 3, 31)), 1);
    cr_assert_eq(dj_date_quarter(D(2024, 4, 1)), 2);
    cr_assert_eq(dj_date_quarter(D(2024, 9, 30)), 3);
    cr_assert_eq(dj_date_quarter(D(2024, 12, 31)), 4);
    assert_date(dj_quarter_start(2024, 1), 2024, 1, 1);
    assert_date(dj_quarter_start(2024, 2), 2024, 4, 1);
    assert_date(dj_quarter_start(2024, 4), 2024, 10, 1);
    assert_date(dj_quarter_end(2024, 1), 2024, 3, 31);
    assert_date(dj_quarter_end(2024, 2), 2024, 6, 30);
    assert_date(dj_quarter_end(2024, 3), 2024, 9, 30);
    assert_date(dj_quarter_end(2024, 4), 2024, 12, 31);
    assert_unset(dj_quarter_start(2024, 0));
    assert_unset(dj_quarter_end(2024, 5));
    assert_date(dj_month_end(2024, 2), 2024, 2, 29);
    assert_date(dj_month_end(2100, 2), 2100, 2, 28);
    assert_date(dj_month_end(2024, 11), 2024, 11, 30);
    assert_unset(dj_month_end(2024, 13));
    assert_date(dj_year_end(2026), 2026, 12, 31);
    assert_unset(dj_year_end(0));
}

Test(date, fixed_today_overrides_clock)
{
    dj_date_set_today(D(2026, 11, 23));
    assert_date(dj_date_today(480), 2026, 11, 23);
    assert_date(dj_date_today(-720), 2026, 11, 23);
    dj_date_set_today(D(2023, 2, 29)); /* invalid: back to the clock */
    cr_assert_neq(dj_date_cmp(dj_date_today(0), D(2023, 2, 29)), 0);
    dj_date_set_today(D(0, 0, 0));
    cr_assert(dj_date_valid(dj_date_today(480)));
}

/* The civil date at an offset, from the clock, computed independently of dj_date_today. */
static struct dj_date clock_date(time_t t, int offset_minutes)
{
    int64_t s = (int64_t)t + offset_minutes * 60;
    int64_t days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
    return dj_date_from_days((int32_t)days);
}

Test(date, today_follows_clock_and_offset)
{
    time_t before, after;
    struct dj_date east, west, sh;
    int gap;

    dj_date_set_today(D(0, 0, 0));
    before = time(NULL);
    east = dj_date_today(840);
    west = dj_date_today(-720);
    sh = dj_date_today(480);
    after = time(NULL);
    gap = dj_date_diff_days(west, east);
    cr_assert(dj_date_cmp(sh, clock_date(before, 480)) == 0 ||
              dj_date_cmp(sh, clock_date(after, 480)) == 0);
    /* UTC+14 is 26 hours ahead of UTC-12: one or two calendar days apart. */
    cr_assert(gap == 1 || gap == 2, "gap %d", gap);
}
