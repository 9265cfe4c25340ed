/* member_rules.c - pure rules for member records (see member_rules.h). */
#include "base/compat.h"
#include "rules/member_rules.h"

#include "rules/ruletab.h"

/* A rule value in force on `on`, or the built-in default when the lookup fails. */
static int rule_value(const char *id, struct dj_date on, int64_t fallback)
{
    int64_t v = fallback;

    if (dj_rule_get(id, on, NULL, &v))
        v = fallback;
    return (int)v;
}

int dj_member_rule_idcard(const char *s, struct dj_date today, struct dj_idcard *out,
                          struct dj_err *err)
{
    return dj_idcard_parse(s, out, today, "id_number", err);
}

int dj_member_rule_identity(const struct dj_idcard *id, const char *gender, struct dj_date birth,
                            struct dj_err *err)
{
    char want[11], got[11];

    if (gender && *gender) {
        bool ok =
            (id->gender == 1 && !strcmp(gender, "1")) || (id->gender == 2 && !strcmp(gender, "2"));
        if (!ok)
            return dj_err_set(err, DJ_EINVAL, "gender", "「性别」与身份证号码不符（应为%s）",
                              id->gender == 1 ? "男" : "女");
    }
    if (dj_date_isset(birth) && dj_date_cmp(birth, id->birth)) {
        dj_date_format(id->birth, want);
        dj_date_format(birth, got);
        return dj_err_set(err, DJ_EINVAL, "birth_date",
                          "「出生日期」%s 与身份证号码中的出生日期 %s 不符", got, want);
    }
    return 0;
}

struct dj_date dj_member_birthday(struct dj_date birth, int years)
{
    return dj_date_add_years(birth, years);
}

struct dj_date dj_member_birth_bound(struct dj_date today, int years)
{
    struct dj_date c = dj_date_add_years(today, -years), next;

    if (!dj_date_isset(c))
        return c;
    /* the clamp can leave one later birth date (02-29) that also qualifies */
    next = dj_date_add_days(c, 1);
    if (dj_date_isset(next) && dj_date_cmp(dj_date_add_years(next, years), today) <= 0)
        return next;
    return c;
}

int dj_member_rule_join_age(struct dj_date birth, struct dj_date joined, struct dj_err *err)
{
    int years;
    struct dj_date earliest;
    char e[11], j[11];

    if (!dj_date_isset(birth) || !dj_date_isset(joined))
        return 0;
    years = rule_value(DJ_RULE_MIN_AGE, joined, 18);
    earliest = dj_member_birthday(birth, years);
    if (dj_date_isset(earliest) && dj_date_cmp(joined, earliest) >= 0)
        return 0;
    dj_err_set(err, DJ_EINVAL, "joined_on",
               "「入党日期」%s 早于年满 %d 周岁之日（%s），入党须年满 %d 周岁",
               dj_date_format(joined, j), years, dj_date_format(earliest, e), years);
    return dj_err_detail(err, "rule %s", DJ_RULE_MIN_AGE);
}

int dj_member_confirm_window(struct dj_date joined, struct dj_date *earliest,
                             struct dj_date *latest)
{
    int months, ext;

    if (!dj_date_valid(joined))
        return DJ_EINVAL;
    months = rule_value(DJ_RULE_PROBATION, joined, 12);
    ext = rule_value(DJ_RULE_PROBATION_EXT_MAX, joined, 12);
    *earliest = dj_date_add_months(joined, months);
    *latest = dj_date_add_months(joined, months + ext);
    if (!dj_date_isset(*earliest) || !dj_date_isset(*latest))
        return DJ_EINVAL;
    return 0;
}

int dj_member_rule_confirm(const char *category, struct dj_date joined, struct dj_date confirmed,
                           struct dj_err *err)
{
    struct dj_date lo, hi;
    char a[11], b[11], c[11];

    if (!category || (strcmp(category, "full") && strcmp(category, "probationary")))
        return dj_err_set(err, DJ_EINVAL, "category", "「党员类别」应为正式党员或预备党员");
    if (!strcmp(category, "probationary")) {
        if (dj_date_isset(confirmed))
            return dj_err_set(err, DJ_EINVAL, "confirmed_on",
                              "预备党员不应填写「转正日期」；转正时请将党员类别改为正式党员");
        return 0;
    }
    if (!dj_date_isset(confirmed))
        return dj_err_set(err, DJ_EINVAL, "confirmed_on", "正式党员须填写「转正日期」");
    if (!dj_date_isset(joined))
        return 0; /* the missing 入党日期 is reported on its own */
    if (dj_member_confirm_window(joined, &lo, &hi))
        return dj_err_set(err, DJ_EINVAL, "joined_on", "「入党日期」超出可计算的范围");
    dj_date_format(confirmed, c);
    dj_date_format(lo, a);
    dj_date_format(hi, b);
    if (dj_date_cmp(confirmed, lo) < 0) {
        dj_err_set(err, DJ_EINVAL, "confirmed_on",
                   "「转正日期」%s 早于预备期满之日 %s（预备期为 1 年）", c, a);
        return dj_err_detail(err, "rule %s", DJ_RULE_PROBATION);
    }
    if (dj_date_cmp(confirmed, hi) > 0) {
        dj_err_set(err, DJ_EINVAL, "confirmed_on",
                   "「转正日期」%s 晚于 %s（预备期 1 年，延长最多 1 年）", c, b);
        return dj_err_detail(err, "rule %s", DJ_RULE_PROBATION_EXT_MAX);
    }
    return 0;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

int dj_member_rule_phone(const char *field, const char *label, const char *phone, bool mobile_only,
                         struct dj_err *err)
{
    char d[32];
    size_t n = 0;
    const char *p = phone;

    if (!phone || !*phone)
        return 0;
    for (; *p; p++) {
        if (*p == ' ' || *p == '-')
            continue;
        if (n + 1 >= sizeof(d))
            goto bad;
        d[n++] = *p;
    }
    d[n] = '\0';
    /* +86 / 86 before an 11-digit mobile number */
    if (n == 14 && !strncmp(d, "+86", 3)) {
        memmove(d, d + 3, 12);
        n = 11;
    } else if (n == 13 && !strncmp(d, "86", 2) && d[2] == '1') {
        memmove(d, d + 2, 12);
        n = 11;
    }
    if (!all_digits(d, n))
        goto bad;
    if (n == 11 && d[0] == '1')
        return 0;
    if (mobile_only)
        goto bad;
    /* local number: 7-8 digits, not starting with 0 */
    if ((n == 7 || n == 8) && d[0] != '0')
        return 0;
    /* area code 0 + 2 or 3 digits, then a local number of 7-8 digits */
    if (d[0] == '0' && d[1] != '0' && n >= 10 && n <= 12) {
        for (size_t area = 3; area <= 4; area++) {
            size_t local = n - area;
            if ((local == 7 || local == 8) && d[area] != '0')
                return 0;
        }
    }
bad:
    if (mobile_only)
        return dj_err_set(err, DJ_EINVAL, field, "「%s」应为 11 位手机号码（以 1 开头）", label);
    return dj_err_set(err, DJ_EINVAL, field,
                      "「%s」应为 11 位手机号码或固定电话（如 010-12345678、6543210）", label);
}

int dj_member_rule_not_future(const char *field, const char *label, struct dj_date d,
                              struct dj_date today, struct dj_err *err)
{
    char a[11], b[11];

    if (!dj_date_isset(d) || !dj_date_isset(today) || dj_date_cmp(d, today) <= 0)
        return 0;
    return dj_err_set(err, DJ_EINVAL, field, "「%s」%s 不能晚于今天（%s）", label,
                      dj_date_format(d, a), dj_date_format(today, b));
}

int dj_member_age(struct dj_date birth, struct dj_date today)
{
    int n;

    if (!dj_date_isset(birth) || !dj_date_isset(today) || dj_date_cmp(birth, today) > 0)
        return 0;
    n = dj_date_years_between(birth, today);
    return n < 0 ? 0 : n;
}

int dj_member_party_years(const char *category, struct dj_date confirmed, struct dj_date today)
{
    if (!category || strcmp(category, "full"))
        return 0;
    return dj_member_age(confirmed, today);
}

char *dj_member_political_birthday(struct dj_date joined, char *out)
{
    if (!dj_date_valid(joined)) {
        out[0] = '\0';
        return out;
    }
    snprintf(out, 6, "%02d-%02d", joined.m, joined.d);
    return out;
}

static const char *const statuses[] = {"normal",    "mobile", "lost_contact",
                                       "suspended", "left",   "deceased"};
static const char *const leave_kinds[] = {"removed", "expelled", "withdrew", "lapsed",
                                           "cancelled"};

static bool in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (!strcmp(s, list[i]))
            return true;
    return false;
}

bool dj_member_status_final(const char *status)
{
    return status && (!strcmp(status, "left") || !strcmp(status, "deceased"));
}

static const char *status_label(const char *s)
{
    static const char *const labels[] = {"正常", "流动", "失联排查中", "停止党籍", "出党", "死亡"};
    for (size_t i = 0; i < DJ_ARRAY_LEN(statuses); i++)
        if (!strcmp(s, statuses[i]))
            return labels[i];
    return s;
}

int dj_member_rule_transition(const char *from, const char *to, const char *kind,
                              struct dj_err *err)
{
    bool active_from;

    if (!in_list(to, statuses, DJ_ARRAY_LEN(statuses)))
        return dj_err_set(err, DJ_EINVAL, "status", "「状态」的取值不在字典「党员状态」中");
    if (!in_list(from, statuses, DJ_ARRAY_LEN(statuses)))
        return dj_err_set(err, DJ_EINVAL, "status", "当前状态无效，无法变更");
    if (!strcmp(to, "left")) {
        if (!kind || !*kind)
            return dj_err_set(err, DJ_EINVAL, "leave_kind",
                              "状态为出党时须填写「出党方式」（除名、开除、退党、自行脱党）");
        if (!in_list(kind, leave_kinds, DJ_ARRAY_LEN(leave_kinds)))
            return dj_err_set(err, DJ_EINVAL, "leave_kind",
                              "「出党方式」的取值不在字典「出党方式」中");
    } else if (kind && *kind) {
        return dj_err_set(err, DJ_EINVAL, "leave_kind", "只有状态为出党时才填写「出党方式」");
    }
    if (dj_member_status_final(from))
        return dj_err_set(err, DJ_ECONFLICT, "status", "党员状态为「%s」，不能再变更",
                          status_label(from));
    if (!strcmp(from, to))
        return dj_err_set(err, DJ_ECONFLICT, "status", "党员状态已经是「%s」", status_label(to));
    active_from =
        !strcmp(from, "normal") || !strcmp(from, "mobile") || !strcmp(from, "lost_contact");
    if (active_from)
        return 0;
    /* suspended (停止党籍): restored, removed or deceased */
    if (!strcmp(to, "normal") || !strcmp(to, "left") || !strcmp(to, "deceased"))
        return 0;
    return dj_err_set(err, DJ_ECONFLICT, "status",
                      "停止党籍的党员只能恢复党籍（改为正常）、出党或登记死亡");
}
