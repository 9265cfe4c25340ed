/*
 * dues_rules.c - the 党费 rate table applied: bands, fixed amounts,
 * rounding, payment coverage limits and arrears levels (dues_rules.h).
 */
#include "base/compat.h"
#include "rules/dues_rules.h"

#include "base/money.h"
#include "rules/rulecalc.h"
#include "rules/ruletab.h"

static const struct {
    const char *name;
    const char *label;
} categories[DJ_DUES_NCATEGORIES] = {
    [DJ_DUES_EMPLOYED] = {"employed", "在职（月工资）"},
    [DJ_DUES_ANNUAL_SALARY] = {"annual_salary", "年薪制"},
    [DJ_DUES_SELF_EMPLOYED] = {"self_employed", "个体经营等（上季度月均纯收入）"},
    [DJ_DUES_RETIREE] = {"retiree", "离退休"},
    [DJ_DUES_FARMER] = {"farmer", "农民"},
    [DJ_DUES_STUDENT] = {"student", "学生"},
    [DJ_DUES_UNEMPLOYED] = {"unemployed", "下岗失业"},
    [DJ_DUES_RELIEF] = {"relief", "依靠抚恤或救济生活"},
    [DJ_DUES_DIBAO] = {"dibao", "领取最低生活保障金"},
};

const char *dj_dues_category_name(enum dj_dues_category c)
{
    return (unsigned)c < DJ_DUES_NCATEGORIES ? categories[c].name : "";
}

const char *dj_dues_category_label(enum dj_dues_category c)
{
    return (unsigned)c < DJ_DUES_NCATEGORIES ? categories[c].label : "";
}

int dj_dues_category_parse(const char *s, enum dj_dues_category *out)
{
    if (s)
        for (int i = 0; i < DJ_DUES_NCATEGORIES; i++)
            if (!strcmp(s, categories[i].name)) {
                *out = (enum dj_dues_category)i;
                return 0;
            }
    return DJ_EINVAL;
}

bool dj_dues_category_has_base(enum dj_dues_category c)
{
    return c == DJ_DUES_EMPLOYED || c == DJ_DUES_ANNUAL_SALARY || c == DJ_DUES_SELF_EMPLOYED ||
           c == DJ_DUES_RETIREE;
}

int dj_dues_month_index(struct dj_date d)
{
    return d.y * 12 + (d.m - 1);
}

struct dj_date dj_dues_month_from_index(int idx)
{
    struct dj_date d = {idx / 12, idx % 12 + 1, 1};
    return d;
}

static int rule_value(const char *id, struct dj_date on, const char *org_path, int64_t *v,
                      struct dj_err *err)
{
    int rc = dj_rule_get(id, on, org_path, v);

    if (rc == DJ_ENOTFOUND)
        return dj_err_set(err, DJ_ENOTFOUND, "month", "「月份」%04d年%02d月早于党费规定施行日期",
                          on.y, on.m);
    if (rc)
        return dj_err_set(err, DJ_EINVAL, "month", "「月份」不是有效日期");
    return 0;
}

static enum dj_rounding round_of(int mode)
{
    switch (mode) {
    case 1:
        return DJ_ROUND_DOWN;
    case 2:
        return DJ_ROUND_UP;
    default:
        return DJ_ROUND_HALF_UP;
    }
}

/* Pick the band for an employed (4 bands) or retired (2 bands) base. */
static void pick_band(enum dj_dues_category c, int64_t base, struct dj_date on, const char **rate,
                      const char **edge)
{
    static const char *const emp_edges[] = {"dues.band1.max_fen", "dues.band2.max_fen",
                                            "dues.band3.max_fen"};
    static const char *const emp_rates[] = {"dues.band1.rate_bp", "dues.band2.rate_bp",
                                            "dues.band3.rate_bp", "dues.band4.rate_bp"};
    size_t i;

    if (c == DJ_DUES_RETIREE) {
        if (dj_rule_compare("dues.retiree.band1.max_fen", base, on)) {
            *rate = "dues.retiree.band1.rate_bp";
            *edge = "dues.retiree.band1.max_fen";
        } else {
            *rate = "dues.retiree.band2.rate_bp";
            *edge = "";
        }
        return;
    }
    for (i = 0; i < 3; i++)
        if (dj_rule_compare(emp_edges[i], base, on)) {
            *rate = emp_rates[i];
            *edge = emp_edges[i];
            return;
        }
    *rate = emp_rates[3];
    *edge = "";
}

int dj_dues_rule_amount(enum dj_dues_category c, int64_t base_fen, struct dj_date month,
                        const char *org_path, struct dj_dues_calc *out, struct dj_err *err)
{
    struct dj_date on = {month.y, month.m, 1};
    const struct dj_rule *row;
    int64_t unit, mode, v;
    int rc;

    memset(out, 0, sizeof(*out));
    if ((unsigned)c >= DJ_DUES_NCATEGORIES)
        return dj_err_set(err, DJ_EINVAL, "category", "「党费类别」不正确");
    if (!dj_date_valid(on))
        return dj_err_set(err, DJ_EINVAL, "month", "「月份」不是有效日期");
    if ((rc = rule_value(DJ_RULE_DUES_ROUND_UNIT, on, org_path, &unit, err)) ||
        (rc = rule_value(DJ_RULE_DUES_ROUND_MODE, on, org_path, &mode, err)))
        return rc;
    if (unit < 1)
        unit = 1;

    if (dj_dues_category_has_base(c)) {
        const char *rate_id, *edge_id;
        int64_t bp;
        if (base_fen < 0)
            return dj_err_set(err, DJ_EINVAL, "base", "「计算基数」不能为空");
        if (base_fen > DJ_MONEY_MAX)
            return dj_err_set(err, DJ_EINVAL, "base", "「计算基数」超出允许范围");
        pick_band(c, base_fen, on, &rate_id, &edge_id);
        if ((rc = rule_value(rate_id, on, org_path, &bp, err)))
            return rc;
        row = dj_rule_find(rate_id, on);
        out->base_fen = base_fen;
        out->rate_bp = (int32_t)bp;
        out->rule_id = rate_id;
        out->band_rule_id = edge_id;
        out->amount_fen =
            dj_money_muldiv(base_fen, bp, (int64_t)10000 * unit, round_of((int)mode)) * unit;
    } else {
        const char *id = c == DJ_DUES_FARMER ? DJ_RULE_DUES_FARMER : "dues.student.monthly_fen";
        if ((rc = rule_value(id, on, org_path, &v, err)))
            return rc;
        row = dj_rule_find(id, on);
        out->rule_id = id;
        out->band_rule_id = "";
        out->amount_fen = v;
    }
    out->rule_from = row ? row->effective_from : (struct dj_date){0, 0, 0};
    if ((rc = rule_value(DJ_RULE_DUES_CAP, on, org_path, &v, err))) {
        memset(out, 0, sizeof(*out));
        return rc;
    }
    out->cap_fen = v > 0 ? v : 0;
    if (out->cap_fen && out->amount_fen > out->cap_fen) {
        out->above_cap_fen = out->amount_fen - out->cap_fen;
        out->amount_fen = out->cap_fen;
    }
    out->round_unit_fen = unit;
    out->round_mode = (int)mode;
    return 0;
}

int dj_dues_rule_quarter_average(int64_t quarter_total_fen, int64_t *base_fen, struct dj_err *err)
{
    *base_fen = 0;
    if (quarter_total_fen < 0 || quarter_total_fen > DJ_MONEY_MAX)
        return dj_err_set(err, DJ_EINVAL, "quarter_income",
                          "「上季度纯收入合计」不能为负数或超出允许范围");
    *base_fen = dj_money_muldiv(quarter_total_fen, 1, 3, DJ_ROUND_HALF_UP);
    return 0;
}

int dj_dues_rule_cover(struct dj_date paid_on, struct dj_date first, int months, bool consent,
                       struct dj_err *err)
{
    int64_t back = 6, ahead = 6;
    int pay = dj_dues_month_index(paid_on), lo = dj_dues_month_index(first);
    int hi = lo + months - 1;

    if (!dj_date_valid(paid_on))
        return dj_err_set(err, DJ_EINVAL, "paid_on", "「交纳日期」不是有效日期");
    if (!dj_date_valid((struct dj_date){first.y, first.m, 1}))
        return dj_err_set(err, DJ_EINVAL, "from_month", "「起始月份」不是有效月份");
    if (months < 1 || months > 24)
        return dj_err_set(err, DJ_EINVAL, "months", "「交纳月数」应为1至24个月");
    if (dj_rule_get(DJ_RULE_DUES_BACKPAY, paid_on, NULL, &back) ||
        dj_rule_get(DJ_RULE_DUES_PREPAY, paid_on, NULL, &ahead))
        return dj_err_set(err, DJ_EINVAL, "paid_on", "「交纳日期」早于党费规定施行日期");
    if (pay - lo > back)
        return dj_err_set(err, DJ_EINVAL, "from_month",
                          "「起始月份」补交党费一般不超过%lld个月（%s），最早可补交%04d年%02d月",
                          (long long)back, DJ_RULE_DUES_BACKPAY,
                          dj_dues_month_from_index(pay - (int)back).y,
                          dj_dues_month_from_index(pay - (int)back).m);
    if (hi - pay > ahead)
        return dj_err_set(err, DJ_EINVAL, "months", "「交纳月数」预交党费不超过%lld个月（%s）",
                          (long long)ahead, DJ_RULE_DUES_PREPAY);
    if (!consent && lo < pay)
        return dj_err_set(err, DJ_EINVAL, "from_month",
                          "「起始月份」补交以前月份的党费须经党支部同意（请勾选“支部同意”）");
    if (!consent && hi > pay)
        return dj_err_set(err, DJ_EINVAL, "months",
                          "「交纳月数」预交以后月份的党费须经党支部同意（请勾选“支部同意”）");
    return 0;
}

int dj_dues_rule_farmer_amount(int64_t fen, struct dj_date on, struct dj_err *err)
{
    if (!dj_rule_compare("dues.farmer.min_monthly_fen", fen, on) ||
        !dj_rule_compare("dues.farmer.max_monthly_fen", fen, on))
        return dj_err_set(err, DJ_EINVAL, "amount",
                          "「每月金额」农民党员每月交纳党费0.2元至1元（党费规定第六条）");
    return 0;
}

bool dj_dues_rule_central(int64_t extra_fen, struct dj_date paid_on)
{
    return extra_fen > 0 && dj_rule_compare(DJ_RULE_DUES_CENTRAL, extra_fen, paid_on);
}

enum dj_dues_arrears_level dj_dues_rule_arrears(int run_months, struct dj_date on)
{
    if (dj_rule_compare(DJ_RULE_DUES_LAPSE, run_months, on))
        return DJ_DUES_ARREARS_LAPSE;
    if (dj_rule_compare(DJ_RULE_DUES_WARNING, run_months, on))
        return DJ_DUES_ARREARS_WARNING;
    return DJ_DUES_ARREARS_NONE;
}

int dj_dues_rule_base_start(enum dj_dues_category c, int from_month, struct dj_date on,
                            const char *org_path, struct dj_err *err)
{
    int64_t midyear = 1;

    if (from_month < 1 || from_month > 12)
        return dj_err_set(err, DJ_EINVAL, "from_month", "「起算月份」应为1至12");
    if (from_month == 1 || c == DJ_DUES_ANNUAL_SALARY)
        return 0;
    if (c == DJ_DUES_SELF_EMPLOYED) {
        if ((from_month - 1) % 3)
            return dj_err_set(err, DJ_EINVAL, "from_month",
                              "「起算月份」个体经营等党员按季度核定，应为1、4、7或10月");
        return 0;
    }
    if (dj_rule_get(DJ_RULE_DUES_MIDYEAR, on, org_path, &midyear) == 0 && !midyear)
        return dj_err_set(err, DJ_EINVAL, "from_month",
                          "「起算月份」本地做法为每年初核定党费基数、年内不作调整"
                          "（dues.base.midyear_change）");
    return 0;
}
