/*
 * date.h - civil dates (no time zone) and calendar arithmetic.
 *
 * A struct dj_date is a proleptic Gregorian date, years 1..9999. y == 0
 * means "no date". Month arithmetic is calendar arithmetic clamped to the
 * month end: 2024-01-31 + 1 month = 2024-02-29, 2024-02-29 + 12 months =
 * 2025-02-28. "Today" is the civil date at the configured UTC offset
 * (Asia/Shanghai, +08:00, by default) unless a fixed date is set.
 */
#ifndef DJ_DATE_H
#define DJ_DATE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

struct dj_date {
    int y; /* 1..9999, 0 = unset */
    int m; /* 1..12 */
    int d; /* 1..31 */
};

bool dj_is_leap(int y);
int dj_days_in_month(int y, int m); /* 0 if m out of range */
bool dj_date_valid(struct dj_date d);
bool dj_date_isset(struct dj_date d);

/*
 * Parse strict "YYYY-MM-DD" (exactly 10 chars, ASCII digits, years 0001..9999).
 * Returns 0, or DJ_EINVAL with err->field = field and a Chinese message
 * ("日期格式应为 YYYY-MM-DD" / "日期不存在：2023-02-29"); *out is then unset.
 */
int dj_date_parse(const char *s, struct dj_date *out, const char *field, struct dj_err *err);
/* Format as "YYYY-MM-DD" into out (>= 11 bytes); "" for an unset date. Returns out. */
char *dj_date_format(struct dj_date d, char *out);

/*
 * Days since 1970-01-01 (negative before) and back. to_days needs a valid
 * date; from_days returns the unset date outside 0001-01-01..9999-12-31.
 */
int32_t dj_date_to_days(struct dj_date d);
struct dj_date dj_date_from_days(int32_t days);

/*
 * Arithmetic on a valid date. A result outside years 1..9999, or an unset
 * input, gives the unset date.
 */
int dj_date_cmp(struct dj_date a, struct dj_date b); /* <0, 0, >0 */
struct dj_date dj_date_add_days(struct dj_date d, int n);
struct dj_date dj_date_add_months(struct dj_date d, int n);    /* clamped to month end */
struct dj_date dj_date_add_years(struct dj_date d, int n);     /* = add_months(12n) */
int dj_date_diff_days(struct dj_date from, struct dj_date to); /* to - from */
/*
 * Whole years from `from` to `to` (age, 党龄): the largest n with
 * add_years(from, n) <= to, so a 02-29 anniversary is reached on 02-28 in
 * common years (born 2004-02-29: 1 on 2005-02-28, still 0 on 2005-02-27).
 * Negative (truncated toward zero) when `to` is before `from`.
 */
int dj_date_years_between(struct dj_date from, struct dj_date to);
/*
 * Whole calendar months from `from` to `to`: the largest n with
 * add_months(from, n) <= to (clamped: 01-31 -> 02-29 is one month, 01-31 ->
 * 02-28 in a leap year is none). Negative when `to` is before `from`.
 */
int dj_date_months_between(struct dj_date from, struct dj_date to);

int dj_date_weekday(struct dj_date d); /* 1 = Monday .. 7 = Sunday (ISO) */
int dj_date_quarter(struct dj_date d); /* 1..4 */
/* Boundaries; the unset date when y, q (1..4) or m (1..12) is out of range. */
struct dj_date dj_quarter_start(int y, int q);
struct dj_date dj_quarter_end(int y, int q);
struct dj_date dj_month_end(int y, int m);
struct dj_date dj_year_end(int y);

/*
 * Today at a UTC offset in minutes (480 for Asia/Shanghai). If a fixed date
 * was set with dj_date_set_today() it is returned instead.
 */
struct dj_date dj_date_today(int utc_offset_minutes);
/*
 * Fix "today" process-wide (tests, demos, DJ_TODAY). An unset or invalid date
 * means use the clock again. Atomic; meant to be called at start-up.
 */
void dj_date_set_today(struct dj_date d);

#endif
