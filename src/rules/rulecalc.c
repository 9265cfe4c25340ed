/*
 * rulecalc.c - deadlines and comparisons driven by the rule table.
 */
#include "base/compat.h"
#include "rules/rulecalc.h"

#include "rules/ruletab.h"

#define RATIO_MAX ((int64_t)1000000000000) /* 10^12: products stay below 2^63 */

static bool cmp_holds(enum dj_rule_cmp c, int64_t a, int64_t b)
{
    switch (c) {
    case DJ_CMP_LT:
        return a < b;
    case DJ_CMP_LE:
        return a <= b;
    case DJ_CMP_EQ:
        return a == b;
    case DJ_CMP_GE:
        return a >= b;
    case DJ_CMP_GT:
        return a > b;
    case DJ_CMP_NONE:
        break;
    }
    return false;
}

/* from + value of r (a months, years or days rule); the unset date if out of range. */
static struct dj_date add_duration(const struct dj_rule *r, int64_t value, struct dj_date from)
{
    static const struct dj_date unset = {0, 0, 0};

    if (value < 0 || value > 1200000)
        return unset;
    switch (r->kind) {
    case DJ_RULE_MONTHS:
        return dj_date_add_months(from, (int)value);
    case DJ_RULE_YEARS:
        return value > 100000 ? unset : dj_date_add_months(from, (int)value * 12);
    case DJ_RULE_DAYS:
        return dj_date_add_days(from, (int)value);
    default:
        return unset;
    }
}

int dj_rule_deadline_months(const char *id, struct dj_date from, struct dj_date *out)
{
    static const struct dj_date unset = {0, 0, 0};
    const struct dj_rule *r;
    int64_t value;
    int rc;

    *out = unset;
    if (!dj_date_valid(from))
        return DJ_EINVAL;
    rc = dj_rule_get(id, from, NULL, &value);
    if (rc)
        return rc;
    r = dj_rule_find(id, from);
    if (r->kind != DJ_RULE_MONTHS && r->kind != DJ_RULE_YEARS)
        return DJ_EINVAL;
    *out = add_duration(r, value, from);
    return dj_date_isset(*out) ? 0 : DJ_EINVAL;
}

bool dj_rule_compare(const char *id, int64_t actual, struct dj_date on)
{
    const struct dj_rule *r = dj_rule_find(id, on);
    int64_t value;

    if (!r || dj_rule_get(id, on, NULL, &value) != 0)
        return false;
    return cmp_holds(r->cmp, actual, value);
}

bool dj_rule_compare_ratio(const char *id, int64_t num, int64_t den, struct dj_date on)
{
    const struct dj_rule *r = dj_rule_find(id, on);
    int64_t value, scale;

    if (!r || dj_rule_get(id, on, NULL, &value) != 0)
        return false;
    if (r->kind == DJ_RULE_BP)
        scale = 10000;
    else if (r->kind == DJ_RULE_PERCENT)
        scale = 100;
    else
        return false;
    if (num < 0 || num > RATIO_MAX || den <= 0 || den > RATIO_MAX || value > scale)
        return false;
    return cmp_holds(r->cmp, num * scale, den * value);
}

int dj_rule_compare_span(const char *id, struct dj_date from, struct dj_date to, bool *ok)
{
    const struct dj_rule *r;
    struct dj_date deadline;
    int64_t value;
    int rc;

    *ok = false;
    if (!dj_date_valid(from) || !dj_date_valid(to))
        return DJ_EINVAL;
    rc = dj_rule_get(id, from, NULL, &value);
    if (rc)
        return rc;
    r = dj_rule_find(id, from);
    if (r->cmp == DJ_CMP_NONE)
        return DJ_EINVAL;
    deadline = add_duration(r, value, from);
    if (!dj_date_isset(deadline))
        return DJ_EINVAL;
    *ok = cmp_holds(r->cmp, dj_date_cmp(to, deadline), 0);
    return 0;
}
