/* transfer_rules.c - pure rules of transfers, 流动党员 and 失联 (see transfer_rules.h). */
#include "base/compat.h"
#include "rules/transfer_rules.h"

#include <stdlib.h>

#include "rules/rulecalc.h"
#include "rules/ruletab.h"

static const char *const action_names[] = {"approve", "issue",  "receive", "receipt",
                                           "return",  "cancel", "expire"};
static const char *const action_labels[] = {"审批", "开具介绍信", "接收",    "退回回执",
                                            "退回", "撤销",       "登记过期"};

const char *dj_transfer_action_name(enum dj_transfer_action a)
{
    return (unsigned)a < DJ_ARRAY_LEN(action_names) ? action_names[a] : "";
}

int dj_transfer_action_parse(const char *s)
{
    for (size_t i = 0; s && i < DJ_ARRAY_LEN(action_names); i++)
        if (!strcmp(s, action_names[i]))
            return (int)i;
    return -1;
}

static const struct {
    const char *state, *label;
} states[] = {
    {"requested", "待审批"}, {"approved", "已审批"},      {"issued", "已开介绍信"},
    {"received", "已接收"},  {"completed", "回执已退回"}, {"returned", "已退回"},
    {"cancelled", "已撤销"}, {"expired", "已过期"},
};

const char *dj_transfer_state_label(const char *state)
{
    for (size_t i = 0; state && i < DJ_ARRAY_LEN(states); i++)
        if (!strcmp(state, states[i].state))
            return states[i].label;
    return "未知";
}

const char *dj_transfer_category_label(const char *category)
{
    if (category && !strcmp(category, "in_province"))
        return "省（系统）内转接";
    if (category && !strcmp(category, "cross_province"))
        return "跨省（系统）转接";
    return "";
}

static bool is(const char *a, const char *b)
{
    return a && !strcmp(a, b);
}

int dj_transfer_rule_step(const char *kind, const char *state, enum dj_transfer_action action,
                          const char **next, struct dj_err *err)
{
    bool in = is(kind, "in"), out = is(kind, "out");
    const char *to = NULL;

    *next = NULL;
    switch (action) {
    case DJ_TA_APPROVE:
        if (!in && is(state, "requested"))
            to = "approved";
        break;
    case DJ_TA_ISSUE:
        if (!in && is(state, "approved"))
            to = "issued";
        break;
    case DJ_TA_RECEIVE:
        if (!out && is(state, "issued"))
            to = "received";
        break;
    case DJ_TA_RECEIPT:
        if ((!out && is(state, "received")) || (out && is(state, "issued")))
            to = "completed";
        break;
    case DJ_TA_RETURN:
        if ((!in && (is(state, "requested") || is(state, "approved"))) ||
            (!out && is(state, "issued")))
            to = "returned";
        break;
    case DJ_TA_CANCEL:
        if (is(state, "requested") || is(state, "approved") || is(state, "issued"))
            to = "cancelled";
        break;
    case DJ_TA_EXPIRE:
        if (is(state, "issued"))
            to = "expired";
        break;
    }
    if (!to)
        return dj_err_set(
            err, DJ_ECONFLICT, "state", "当前状态为「%s」，不能%s", dj_transfer_state_label(state),
            (unsigned)action < DJ_ARRAY_LEN(action_labels) ? action_labels[action] : "办理");
    *next = to;
    return 0;
}

int dj_transfer_rule_validity(struct dj_date issued, const char *org_path, struct dj_date given,
                              struct dj_date *out, struct dj_err *err)
{
    struct dj_date def;
    int64_t months;
    char a[11], b[11];

    *out = (struct dj_date){0, 0, 0};
    if (!dj_date_valid(issued))
        return dj_err_set(err, DJ_EINVAL, "issued_on", "「开具日期」不能为空");
    if (dj_rule_get(DJ_RULE_LETTER_VALIDITY, issued, org_path, &months))
        return dj_err_set(err, DJ_EINVAL, "issued_on", "「开具日期」早于有效期规则的施行日期");
    def = dj_date_add_months(issued, (int)months);
    if (!dj_date_isset(given)) {
        *out = def;
        return 0;
    }
    if (!dj_date_valid(given) || dj_date_cmp(given, issued) < 0 || dj_date_cmp(given, def) > 0)
        return dj_err_set(err, DJ_EINVAL, "valid_until",
                          "「有效期至」应在开具日期 %s 至 %s 之间（有效期不超过 %lld 个月）",
                          dj_date_format(issued, a), dj_date_format(def, b), (long long)months);
    *out = given;
    return 0;
}

bool dj_transfer_rule_expired(struct dj_date valid_until, struct dj_date today)
{
    return dj_date_isset(valid_until) && dj_date_cmp(today, valid_until) > 0;
}

int dj_transfer_rule_dues_month(const char *s, struct dj_date letter, int *y, int *m,
                                struct dj_err *err)
{
    int yy = 0, mm = 0;

    *y = *m = 0;
    if (!s || !*s)
        return dj_err_set(err, DJ_EINVAL, "dues_paid_to", "「党费交至」不能为空");
    if (strlen(s) != 7 || s[4] != '-')
        goto bad;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            goto bad;
    yy = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    mm = (s[5] - '0') * 10 + (s[6] - '0');
    if (yy < 1921 || mm < 1 || mm > 12)
        goto bad;
    if (dj_date_valid(letter) && (yy > letter.y || (yy == letter.y && mm > letter.m)))
        return dj_err_set(err, DJ_EINVAL, "dues_paid_to",
                          "「党费交至」%s 不能晚于介绍信开具的月份 %04d-%02d", s, letter.y,
                          letter.m);
    *y = yy;
    *m = mm;
    return 0;
bad:
    return dj_err_set(err, DJ_EINVAL, "dues_paid_to", "「党费交至」应为年月，如 2026-11");
}

int dj_transfer_rule_postpone(int months, struct dj_date on, struct dj_err *err)
{
    int64_t max = 6;

    if (dj_rule_get(DJ_RULE_POSTPONE_MAX, on, NULL, &max))
        max = 6;
    if (months < 1 || months > max)
        return dj_err_set(err, DJ_EINVAL, "months",
                          "「推迟月数」应为 1 至 %lld 个月（转正时间仍从原预备期满之日计算）",
                          (long long)max);
    return 0;
}

int dj_lapse_rule_inactive(struct dj_date last, struct dj_date today, const char *org_path,
                           struct dj_date *from, bool *flag)
{
    int64_t months;
    int rc;

    *flag = false;
    *from = (struct dj_date){0, 0, 0};
    if (!dj_date_valid(last) || !dj_date_valid(today))
        return DJ_EINVAL;
    if ((rc = dj_rule_get(DJ_RULE_LAPSE_INACTIVE, last, org_path, &months)) &&
        (rc = dj_rule_get(DJ_RULE_LAPSE_INACTIVE, today, org_path, &months)))
        return rc;
    *from = dj_date_add_months(last, (int)months);
    *flag = dj_date_cmp(today, *from) >= 0;
    return 0;
}

int dj_lapse_rule_self_departure(struct dj_date since, struct dj_date today, struct dj_date *from,
                                 bool *flag)
{
    int rc;

    *flag = false;
    *from = (struct dj_date){0, 0, 0};
    if (!dj_date_valid(since) || !dj_date_valid(today))
        return DJ_EINVAL;
    if ((rc = dj_rule_deadline_months(DJ_RULE_SELF_DEPARTURE, since, from)))
        return rc;
    *flag = dj_date_cmp(today, *from) >= 0;
    return 0;
}
