/*
 * date.c - civil dates and calendar arithmetic.
 *
 * Dates convert to a day count with the days-from-civil algorithm (eras of
 * 400 years, each 146097 days, with March as the first month so that the
 * leap day falls at the end of the computational year). Everything else is
 * built on that count or on month counts (y * 12 + m - 1).
 */
#include "base/compat.h"
#include "base/date.h"

#include <stdatomic.h>

#define DATE_MIN_DAYS (-719162) /* 0001-01-01 */
#define DATE_MAX_DAYS 2932896   /* 9999-12-31 */

/* Fixed "today" packed as y * 10000 + m * 100 + d; 0 means use the clock. */
static atomic_int fixed_today;

static const struct dj_date unset_date = {0, 0, 0};

bool dj_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int dj_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && dj_is_leap(y))
        return 29;
    return days[m - 1];
}

bool dj_date_valid(struct dj_date d)
{
    return d.y >= 1 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
           d.d <= dj_days_in_month(d.y, d.m);
}

bool dj_date_isset(struct dj_date d)
{
    return d.y != 0;
}

/* Value of n ASCII digits at s, or -1 if any is not a digit. */
static int digits_value(const char *s, int n)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int dj_date_parse(const char *s, struct dj_date *out, const char *field, struct dj_err *err)
{
    struct dj_date d;

    *out = unset_date;
    if (!s || strnlen(s, 11) != 10 || s[4] != '-' || s[7] != '-')
        return dj_err_set(err, DJ_EINVAL, field, "日期格式应为 YYYY-MM-DD");
    d.y = digits_value(s, 4);
    d.m = digits_value(s + 5, 2);
    d.d = digits_value(s + 8, 2);
    if (d.y < 0 || d.m < 0 || d.d < 0)
        return dj_err_set(err, DJ_EINVAL, field, "日期格式应为 YYYY-MM-DD");
    if (!dj_date_valid(d))
        return dj_err_set(err, DJ_EINVAL, field, "日期不存在：%.10s", s);
    *out = d;
    return 0;
}

char *dj_date_format(struct dj_date d, char *out)
{
    if (!dj_date_isset(d)) {
        out[0] = '\0';
        return out;
    }
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)d.y % 10000u, (unsigned)d.m % 100u,
             (unsigned)d.d % 100u);
    return out;
}

/* Floor division for a possibly negative numerator and a positive divisor. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

int32_t dj_date_to_days(struct dj_date d)
{
    int64_t y = d.m <= 2 ? (int64_t)d.y - 1 : d.y;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;                         /* [0, 399] */
    int64_t mp = d.m > 2 ? d.m - 3 : d.m + 9;            /* March = 0 */
    int64_t doy = (153 * mp + 2) / 5 + d.d - 1;          /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* [0, 146096] */

    return (int32_t)(era * 146097 + doe - 719468);
}

struct dj_date dj_date_from_days(int32_t days)
{
    int64_t z = (int64_t)days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;                                      /* [0, 146096] */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
    int64_t mp = (5 * doy + 2) / 153;                                    /* [0, 11] */
    struct dj_date d;

    if (days < DATE_MIN_DAYS || days > DATE_MAX_DAYS)
        return unset_date;
    d.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.y = (int)(yoe + era * 400 + (d.m <= 2));
    return d;
}

int dj_date_cmp(struct dj_date a, struct dj_date b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    if (a.d != b.d)
        return a.d < b.d ? -1 : 1;
    return 0;
}

struct dj_date dj_date_add_days(struct dj_date d, int n)
{
    int64_t days;

    if (!dj_date_isset(d))
        return unset_date;
    days = (int64_t)dj_date_to_days(d) + n;
    if (days < DATE_MIN_DAYS || days > DATE_MAX_DAYS)
        return unset_date;
    return dj_date_from_days((int32_t)days);
}

/* add_months with a 64-bit month count, so that add_years cannot overflow. */
static struct dj_date add_months64(struct dj_date d, int64_t n)
{
    int64_t months;
    struct dj_date r;
    int dim;

    if (!dj_date_isset(d))
        return unset_date;
    months = (int64_t)d.y * 12 + (d.m - 1) + n;
    if (months < 12 || months > (int64_t)9999 * 12 + 11)
        return unset_date;
    r.y = (int)(months / 12);
    r.m = (int)(months % 12) + 1;
    dim = dj_days_in_month(r.y, r.m);
    r.d = d.d > dim ? dim : d.d;
    return r;
}

struct dj_date dj_date_add_months(struct dj_date d, int n)
{
    return add_months64(d, n);
}

struct dj_date dj_date_add_years(struct dj_date d, int n)
{
    return add_months64(d, (int64_t)n * 12);
}

int dj_date_diff_days(struct dj_date from, struct dj_date to)
{
    return (int)(dj_date_to_days(to) - dj_date_to_days(from));
}

/*
 * Whole steps of `unit` months from `from` to `to`, truncated toward zero:
 * the n of largest magnitude such that from + n steps does not pass `to`.
 * `guess` is the step count from the year/month fields alone, which is
 * either right or one too far.
 */
static int whole_steps(struct dj_date from, struct dj_date to, int guess, int unit)
{
    int c = dj_date_cmp(from, to);
    struct dj_date at = add_months64(from, (int64_t)guess * unit);

    if (c <= 0 && dj_date_cmp(at, to) > 0)
        return guess - 1;
    if (c > 0 && dj_date_cmp(at, to) < 0)
        return guess + 1;
    return guess;
}

int dj_date_years_between(struct dj_date from, struct dj_date to)
{
    return whole_steps(from, to, to.y - from.y, 12);
}

int dj_date_months_between(struct dj_date from, struct dj_date to)
{
    return whole_steps(from, to, (to.y - from.y) * 12 + (to.m - from.m), 1);
}

int dj_date_weekday(struct dj_date d)
{
    /* 1970-01-01 was a Thursday (ISO 4). */
    int64_t r = ((int64_t)dj_date_to_days(d) + 3) % 7;
    if (r < 0)
        r += 7;
    return (int)r + 1;
}

int dj_date_quarter(struct dj_date d)
{
    return (d.m - 1) / 3 + 1;
}

struct dj_date dj_quarter_start(int y, int q)
{
    struct dj_date d = {y, q * 3 - 2, 1};

    if (q < 1 || q > 4 || !dj_date_valid(d))
        return unset_date;
    return d;
}

struct dj_date dj_quarter_end(int y, int q)
{
    if (q < 1 || q > 4)
        return unset_date;
    return dj_month_end(y, q * 3);
}

struct dj_date dj_month_end(int y, int m)
{
    struct dj_date d = {y, m, dj_days_in_month(y, m)};

    if (!dj_date_valid(d))
        return unset_date;
    return d;
}

struct dj_date dj_year_end(int y)
{
    return dj_month_end(y, 12);
}

struct dj_date dj_date_today(int utc_offset_minutes)
{
    int packed = atomic_load(&fixed_today);
    struct dj_date d;
    struct tm tm;
    time_t t;

    if (packed) {
        d.y = packed / 10000;
        d.m = packed / 100 % 100;
        d.d = packed % 100;
        return d;
    }
    t = time(NULL) + (time_t)utc_offset_minutes * 60;
    if (!gmtime_r(&t, &tm))
        dj_die("gmtime_r failed for %lld", (long long)t);
    d.y = tm.tm_year + 1900;
    d.m = tm.tm_mon + 1;
    d.d = tm.tm_mday;
    return d;
}

void dj_date_set_today(struct dj_date d)
{
    atomic_store(&fixed_today, dj_date_valid(d) ? d.y * 10000 + d.m * 100 + d.d : 0);
}
