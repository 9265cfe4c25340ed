/*
 * dues_rules.h - pure rules for 党费 (party dues): the monthly amount of a
 * member by category and base, the back-payment and prepayment limits, the
 * one-off payment that goes to the Centre, and the arrears thresholds.
 *
 * Every number comes from the rule table (rules/ruletab.h), looked up for the
 * month being judged (its first day), so a month in 2025 is judged by the
 * rules in force then even if a later override changed them. Rules that may
 * be overridden per organisation (the farmers' amount, rounding) are looked
 * up with the member's branch path.
 *
 * Months are plain struct dj_date values with d = 1. A "month index" is
 * y * 12 + (m - 1), so consecutive months differ by one.
 *
 * Source: spec/domain-rules.md §4 (中组发〔2008〕3号) and §5.
 */
#ifndef DJ_DUES_RULES_H
#define DJ_DUES_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"

/* Dues categories (党费类别); the ASCII codes are stored and used in the API. */
enum dj_dues_category {
    DJ_DUES_EMPLOYED,      /* 在职（按月领取工资），税后月工资 */
    DJ_DUES_ANNUAL_SALARY, /* 年薪制：当月实际领取的收入 */
    DJ_DUES_SELF_EMPLOYED, /* 个体经营者等：上一季度月平均纯收入 */
    DJ_DUES_RETIREE,       /* 离退休：实际领取的离退休费总额 */
    DJ_DUES_FARMER,        /* 农民：0.2–1 元，由各地确定 */
    DJ_DUES_STUDENT,       /* 学生：0.2 元 */
    DJ_DUES_UNEMPLOYED,    /* 下岗失业：0.2 元 */
    DJ_DUES_RELIEF,        /* 依靠抚恤或救济生活：0.2 元 */
    DJ_DUES_DIBAO,         /* 领取最低生活保障金：0.2 元 */
    DJ_DUES_NCATEGORIES
};

/* "employed", "annual_salary", ... and back; -1 / DJ_EINVAL for an unknown name. */
const char *dj_dues_category_name(enum dj_dues_category c);
const char *dj_dues_category_label(enum dj_dues_category c); /* Chinese */
int dj_dues_category_parse(const char *s, enum dj_dues_category *out);
/* Whether the category's amount is a percentage of a base (employed .. retiree). */
bool dj_dues_category_has_base(enum dj_dues_category c);

/* Rule ids used here. */
#define DJ_RULE_DUES_ROUND_UNIT "dues.rounding_unit_fen"
#define DJ_RULE_DUES_ROUND_MODE "dues.rounding_mode"
#define DJ_RULE_DUES_BACKPAY "dues.backpay.max_months"
#define DJ_RULE_DUES_PREPAY "dues.prepay.max_months"
#define DJ_RULE_DUES_CENTRAL "dues.oneoff_central.min_fen"
#define DJ_RULE_DUES_WARNING "dues.arrears.warning_months"
#define DJ_RULE_DUES_LAPSE "dues.arrears.lapse_months"
#define DJ_RULE_DUES_MIDYEAR "dues.base.midyear_change"
#define DJ_RULE_DUES_FARMER "dues.farmer.monthly_fen"
#define DJ_RULE_DUES_CAP "dues.monthly_cap_fen"

/* The result of a calculation, with the rule that applied. */
struct dj_dues_calc {
    int64_t base_fen;         /* the base the rate applied to (0 for fixed amounts) */
    int32_t rate_bp;          /* the rate in basis points (0 for fixed amounts) */
    int64_t amount_fen;       /* the monthly amount, rounded */
    const char *rule_id;      /* the rate or fixed-amount rule: "dues.band2.rate_bp" */
    const char *band_rule_id; /* the band's upper edge rule, "" for the top band or fixed */
    struct dj_date rule_from; /* effective_from of the applied row (unset = long-standing) */
    int64_t round_unit_fen;   /* rounding unit in force (1 = to the fen) */
    int round_mode;           /* 0 half-up, 1 down, 2 up */
    int64_t cap_fen;          /* dues.monthly_cap_fen in force (L; 0 = no cap) */
    int64_t above_cap_fen;    /* the derived amount above the cap (0 when within it): not
                                 regular dues; paid voluntarily it is 大额党费 (an extra) */
};

/*
 * The monthly amount for a member of category `c` with base `base_fen`
 * (ignored for fixed-amount categories) in `month` (any day of it), for the
 * branch at org_path (NULL = deployment-wide). The rate applies to the whole
 * base (not progressive): employed 3000.00 → 15.00, 3000.01 → 30.00. The
 * product is rounded to the rounding unit with the rounding mode in force.
 * The regular monthly amount does not exceed dues.monthly_cap_fen (L,
 * 1000.00 元: "一般不超过1000元"): a derived amount of 1000.00 stands, one of
 * 1000.01 becomes 1000.00 with above_cap_fen = 1 (the part above the cap is
 * not owed; paid voluntarily it is an extra, 大额党费). A cap of 0 disables it.
 * DJ_EINVAL naming "base" for a negative base, a base over DJ_MONEY_MAX, or
 * no base where one is needed (base_fen < 0 means "not given"); naming
 * "month" for an invalid month; DJ_ENOTFOUND naming "month" for a month
 * before the 2008 rules (no row in force). On error *out is zeroed.
 */
int dj_dues_rule_amount(enum dj_dues_category c, int64_t base_fen, struct dj_date month,
                        const char *org_path, struct dj_dues_calc *out, struct dj_err *err);

/*
 * The self-employed base: the previous quarter's total net income averaged
 * over 3 months, rounded half-up to the fen. DJ_EINVAL naming "quarter_income"
 * for a negative or oversized total.
 */
int dj_dues_rule_quarter_average(int64_t quarter_total_fen, int64_t *base_fen, struct dj_err *err);

/*
 * A branch's monthly amount for its farmer members (art. 6): between
 * dues.farmer.min_monthly_fen and dues.farmer.max_monthly_fen (0.2–1 元) in
 * force on `on`. DJ_EINVAL naming "amount" otherwise.
 */
int dj_dues_rule_farmer_amount(int64_t fen, struct dj_date on, struct dj_err *err);

/* Month index y*12+m-1 of a date, and the first day of a month index. */
int dj_dues_month_index(struct dj_date d);
struct dj_date dj_dues_month_from_index(int idx);

/*
 * Which months a payment made on `paid_on` may cover: the earliest no more
 * than dues.backpay.max_months before the payment's month (补交 ≤ 6 months),
 * the latest no more than dues.prepay.max_months after it. Any month other
 * than the payment's own needs the branch's consent (consent = true).
 * DJ_EINVAL naming "from_month" (too far back, or consent missing for a
 * late month) or "months" (too far ahead, or consent missing for an early
 * one), with the limit and the rule in the message.
 */
int dj_dues_rule_cover(struct dj_date paid_on, struct dj_date first, int months, bool consent,
                       struct dj_err *err);

/* Whether a voluntary one-off extra payment goes entirely to the Centre (≥ 1000 元). */
bool dj_dues_rule_central(int64_t extra_fen, struct dj_date paid_on);

/* Arrears level for a run of consecutive unpaid months ending on `on`. */
enum dj_dues_arrears_level {
    DJ_DUES_ARREARS_NONE,
    DJ_DUES_ARREARS_WARNING, /* ≥ dues.arrears.warning_months (3) */
    DJ_DUES_ARREARS_LAPSE,   /* ≥ dues.arrears.lapse_months (6): a 自行脱党 candidate */
};
enum dj_dues_arrears_level dj_dues_rule_arrears(int run_months, struct dj_date on);

/*
 * Whether a base may change within the year (dues.base.midyear_change for
 * the branch): 年薪制 and self-employed bases always change with the month
 * or quarter; others per the configured practice. DJ_EINVAL naming
 * "from_month" when a within-year change is not allowed, or when a
 * self-employed base does not start a quarter.
 */
int dj_dues_rule_base_start(enum dj_dues_category c, int from_month, struct dj_date on,
                            const char *org_path, struct dj_err *err);

#endif
