/*
 * test_dues_rules.c - 党费 rates at every band edge and for every category,
 * the rounding rule, a rule change in the middle of a year judged by the
 * month, back-payment and prepayment limits, the Centre threshold and the
 * arrears levels.
 */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "base/err.h"
#include "rules/dues_rules.h"
#include "rules/ruletab.h"

static const struct dj_date M = {2026, 3, 1};

static int64_t amount(enum dj_dues_category c, int64_t base, struct dj_date month)
{
    struct dj_dues_calc out;
    struct dj_err err = {0};
    cr_assert_eq(dj_dues_rule_amount(c, base, month, NULL, &out, &err), 0, "%s", err.message);
    return out.amount_fen;
}

static void reset(void)
{
    dj_rules_release();
}

TestSuite(dues_rules, .fini = reset);

Test(dues_rules, employed_band_edges)
{
    struct {
        int64_t base, want;
        const char *rule;
    } cases[] = {
        {0, 0, "dues.band1.rate_bp"},
        {100, 1, "dues.band1.rate_bp"},         /* 1.00 元 * 0.5% = 0.005 → 0.01 half-up */
        {300000, 1500, "dues.band1.rate_bp"},   /* 3000.00 → 15.00 */
        {300001, 3000, "dues.band2.rate_bp"},   /* 3000.01 → 30.0001 → 30.00 */
        {500000, 5000, "dues.band2.rate_bp"},   /* 5000.00 → 50.00 */
        {500001, 7500, "dues.band3.rate_bp"},   /* 5000.01 → 75.00015 → 75.00 */
        {1000000, 15000, "dues.band3.rate_bp"}, /* 10000.00 → 150.00 */
        {1000001, 20000, "dues.band4.rate_bp"}, /* 10000.01 → 200.0002 → 200.00 */
        {1150000, 23000, "dues.band4.rate_bp"}, /* 11500 → 230.00 */
        {456789, 4568, "dues.band2.rate_bp"},   /* 4567.89 → 45.6789 → 45.68 */
        {612345, 9185, "dues.band3.rate_bp"},   /* 6123.45 → 91.85175 → 91.85 */
    };
    for (size_t i = 0; i < DJ_ARRAY_LEN(cases); i++) {
        struct dj_dues_calc out;
        cr_assert_eq(dj_dues_rule_amount(DJ_DUES_EMPLOYED, cases[i].base, M, NULL, &out, NULL), 0);
        cr_expect_eq(out.amount_fen, cases[i].want, "base %lld: got %lld want %lld",
                     (long long)cases[i].base, (long long)out.amount_fen, (long long)cases[i].want);
        cr_expect_str_eq(out.rule_id, cases[i].rule);
        cr_expect_eq(out.rule_from.y, 2008);
    }
}

Test(dues_rules, annual_salary_and_self_employed_use_the_same_bands)
{
    cr_expect_eq(amount(DJ_DUES_ANNUAL_SALARY, 300000, M), 1500);
    cr_expect_eq(amount(DJ_DUES_ANNUAL_SALARY, 300001, M), 3000);
    cr_expect_eq(amount(DJ_DUES_SELF_EMPLOYED, 1000001, M), 20000);
}

Test(dues_rules, retiree_bands)
{
    cr_expect_eq(amount(DJ_DUES_RETIREE, 500000, M), 2500);   /* 5000.00 → 25.00 */
    cr_expect_eq(amount(DJ_DUES_RETIREE, 500001, M), 5000);   /* 5000.01 → 50.00 */
    cr_expect_eq(amount(DJ_DUES_RETIREE, 1200000, M), 12000); /* no 1.5% band for retirees */
}

Test(dues_rules, fixed_amounts)
{
    struct dj_dues_calc out;
    cr_expect_eq(amount(DJ_DUES_STUDENT, -1, M), 20);
    cr_expect_eq(amount(DJ_DUES_UNEMPLOYED, -1, M), 20);
    cr_expect_eq(amount(DJ_DUES_RELIEF, -1, M), 20);
    cr_expect_eq(amount(DJ_DUES_DIBAO, 999999, M), 20); /* base ignored */
    cr_expect_eq(amount(DJ_DUES_FARMER, -1, M), 20);
    cr_assert_eq(dj_dues_rule_amount(DJ_DUES_FARMER, -1, M, "/1/2/", &out, NULL), 0);
    cr_expect_str_eq(out.rule_id, "dues.farmer.monthly_fen");
    cr_expect_eq(out.rate_bp, 0);
}

Test(dues_rules, farmer_amount_set_by_a_branch)
{
    struct dj_rule_override ov[] = {
        {"dues.farmer.monthly_fen", "/1/2/", 100, {2026, 1, 1}},
    };
    struct dj_dues_calc out;
    struct dj_err err = {0};

    cr_assert_eq(dj_rules_set_overrides(ov, 1, &err), 0, "%s", err.message);
    cr_assert_eq(dj_dues_rule_amount(DJ_DUES_FARMER, -1, M, "/1/2/4/", &out, NULL), 0);
    cr_expect_eq(out.amount_fen, 100);
    cr_assert_eq(dj_dues_rule_amount(DJ_DUES_FARMER, -1, M, "/1/3/", &out, NULL), 0);
    cr_expect_eq(out.amount_fen, 20);
    /* outside 0.2–1 元 is refused */
    ov[0].value = 101;
    cr_expect_neq(dj_rules_set_overrides(ov, 1, NULL), 0);
    ov[0].value = 19;
    cr_expect_neq(dj_rules_set_overrides(ov, 1, NULL), 0);
}

Test(dues_rules, rounding_is_a_rule_and_changes_mid_year_by_date)
{
    /* from 2026-07 this deployment rounds to the 角, downwards */
    struct dj_rule_override ov[] = {
        {"dues.rounding_unit_fen", NULL, 10, {2026, 7, 1}},
        {"dues.rounding_mode", NULL, 1, {2026, 7, 1}},
    };
    struct dj_date june = {2026, 6, 1}, july = {2026, 7, 1};

    cr_assert_eq(dj_rules_set_overrides(ov, 2, NULL), 0);
    /* 4567.89 * 1% = 45.6789 */
    cr_expect_eq(amount(DJ_DUES_EMPLOYED, 456789, june), 4568);
    cr_expect_eq(amount(DJ_DUES_EMPLOYED, 456789, july), 4560);
    cr_expect_eq(amount(DJ_DUES_EMPLOYED, 456789, (struct dj_date){2026, 12, 31}), 4560);
    /* half-up boundary before the change: 1.00 元 * 0.5% = 0.005 → 0.01; after, down to 0 */
    cr_expect_eq(amount(DJ_DUES_EMPLOYED, 100, june), 1);
    cr_expect_eq(amount(DJ_DUES_EMPLOYED, 100, july), 0);
}

Test(dues_rules, rounding_up_mode)
{
    struct dj_rule_override ov[] = {{"dues.rounding_mode", NULL, 2, {2008, 4, 1}}};
    cr_assert_eq(dj_rules_set_overrides(ov, 1, NULL), 0);
    cr_expect_eq(amount(DJ_DUES_EMPLOYED, 300001, M), 3001); /* 30.0001 → 30.01 */
    cr_expect_eq(amount(DJ_DUES_EMPLOYED, 300000, M), 1500);
}

Test(dues_rules, bad_input)
{
    struct dj_dues_calc out;
    struct dj_err err = {0};

    cr_expect_eq(dj_dues_rule_amount(DJ_DUES_EMPLOYED, -1, M, NULL, &out, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "base");
    cr_expect_eq(
        dj_dues_rule_amount(DJ_DUES_EMPLOYED, 100, (struct dj_date){2008, 3, 1}, NULL, &out, &err),
        DJ_ENOTFOUND);
    cr_expect_str_eq(err.field, "month");
    cr_expect_eq(
        dj_dues_rule_amount(DJ_DUES_EMPLOYED, 100, (struct dj_date){2026, 13, 1}, NULL, &out, &err),
        DJ_EINVAL);
    cr_expect_eq(dj_dues_rule_amount((enum dj_dues_category)99, 100, M, NULL, &out, &err),
                 DJ_EINVAL);
    cr_expect_str_eq(err.field, "category");
}

Test(dues_rules, categories_round_trip)
{
    for (int i = 0; i < DJ_DUES_NCATEGORIES; i++) {
        enum dj_dues_category c;
        cr_assert_eq(dj_dues_category_parse(dj_dues_category_name((enum dj_dues_category)i), &c),
                     0);
        cr_expect_eq((int)c, i);
        cr_expect_neq(dj_dues_category_label(c)[0], '\0');
    }
    enum dj_dues_category c;
    cr_expect_eq(dj_dues_category_parse("wage_deduction", &c), DJ_EINVAL);
    cr_expect_eq(dj_dues_category_parse(NULL, &c), DJ_EINVAL);
}

Test(dues_rules, quarter_average)
{
    int64_t b;
    cr_assert_eq(dj_dues_rule_quarter_average(1000000, &b, NULL), 0);
    cr_expect_eq(b, 333333); /* 10000/3 = 3333.333 → 3333.33 */
    cr_assert_eq(dj_dues_rule_quarter_average(200, &b, NULL), 0);
    cr_expect_eq(b, 67); /* 0.6667 → 0.67 */
    cr_expect_eq(dj_dues_rule_quarter_average(-1, &b, NULL), DJ_EINVAL);
}

Test(dues_rules, back_payment_limit_is_six_months)
{
    struct dj_date paid = {2026, 8, 15};
    struct dj_err err = {0};

    cr_expect_eq(dj_dues_rule_cover(paid, (struct dj_date){2026, 8, 1}, 1, false, &err), 0);
    /* 2026-02 is 6 months back: allowed with consent */
    cr_expect_eq(dj_dues_rule_cover(paid, (struct dj_date){2026, 2, 1}, 7, true, &err), 0);
    /* 2026-01 is 7 months back */
    cr_expect_eq(dj_dues_rule_cover(paid, (struct dj_date){2026, 1, 1}, 1, true, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "from_month");
    cr_expect(strstr(err.message, "2026年02月") != NULL, "%s", err.message);
    /* across the year boundary: paid 2026-03, from 2025-09 (6 back) ok, 2025-08 not */
    paid = (struct dj_date){2026, 3, 1};
    cr_expect_eq(dj_dues_rule_cover(paid, (struct dj_date){2025, 9, 1}, 1, true, &err), 0);
    cr_expect_eq(dj_dues_rule_cover(paid, (struct dj_date){2025, 8, 1}, 1, true, &err), DJ_EINVAL);
    /* late without consent */
    cr_expect_eq(dj_dues_rule_cover(paid, (struct dj_date){2026, 2, 1}, 1, false, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "from_month");
}

Test(dues_rules, prepayment_limit_and_consent)
{
    struct dj_date paid = {2026, 1, 10};
    struct dj_err err = {0};

    cr_expect_eq(dj_dues_rule_cover(paid, paid, 7, true, &err), 0); /* through 2026-07 */
    cr_expect_eq(dj_dues_rule_cover(paid, paid, 8, true, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "months");
    cr_expect_eq(dj_dues_rule_cover(paid, paid, 2, false, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "months");
    cr_expect_eq(dj_dues_rule_cover(paid, paid, 0, true, &err), DJ_EINVAL);
}

Test(dues_rules, central_threshold)
{
    cr_expect(dj_dues_rule_central(100000, M)); /* 1000.00 以上 includes 1000 */
    cr_expect(!dj_dues_rule_central(99999, M));
    cr_expect(!dj_dues_rule_central(0, M));
}

Test(dues_rules, arrears_levels)
{
    cr_expect_eq(dj_dues_rule_arrears(2, M), DJ_DUES_ARREARS_NONE);
    cr_expect_eq(dj_dues_rule_arrears(3, M), DJ_DUES_ARREARS_WARNING);
    cr_expect_eq(dj_dues_rule_arrears(5, M), DJ_DUES_ARREARS_WARNING);
    cr_expect_eq(dj_dues_rule_arrears(6, M), DJ_DUES_ARREARS_LAPSE);
}

Test(dues_rules, base_start_practice)
{
    struct dj_err err = {0};
    struct dj_rule_override ov[] = {{"dues.base.midyear_change", "/1/3/", 0, {2008, 4, 1}}};

    cr_expect_eq(dj_dues_rule_base_start(DJ_DUES_EMPLOYED, 7, M, "/1/2/", &err), 0);
    cr_expect_eq(dj_dues_rule_base_start(DJ_DUES_SELF_EMPLOYED, 5, M, NULL, &err), DJ_EINVAL);
    cr_expect_eq(dj_dues_rule_base_start(DJ_DUES_SELF_EMPLOYED, 4, M, NULL, &err), 0);
    cr_assert_eq(dj_rules_set_overrides(ov, 1, NULL), 0);
    cr_expect_eq(dj_dues_rule_base_start(DJ_DUES_EMPLOYED, 7, M, "/1/3/", &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "from_month");
    cr_expect_eq(dj_dues_rule_base_start(DJ_DUES_EMPLOYED, 1, M, "/1/3/", &err), 0);
    cr_expect_eq(dj_dues_rule_base_start(DJ_DUES_ANNUAL_SALARY, 7, M, "/1/3/", &err), 0);
    cr_expect_eq(dj_dues_rule_base_start(DJ_DUES_EMPLOYED, 13, M, NULL, &err), DJ_EINVAL);
}

Test(dues_rules, farmer_amount_range)
{
    struct dj_err err = {0};
    cr_expect_eq(dj_dues_rule_farmer_amount(20, M, &err), 0);
    cr_expect_eq(dj_dues_rule_farmer_amount(100, M, &err), 0);
    cr_expect_eq(dj_dues_rule_farmer_amount(19, M, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "amount");
    cr_expect_eq(dj_dues_rule_farmer_amount(101, M, &err), DJ_EINVAL);
}

Test(dues_rules, monthly_cap_at_1000_yuan)
{
    struct dj_dues_calc out;
    /* 2%: base 50000.00 → 1000.00 (at the cap: regular dues in full) */
    cr_assert_eq(dj_dues_rule_amount(DJ_DUES_EMPLOYED, 5000000, M, NULL, &out, NULL), 0);
    cr_expect_eq(out.amount_fen, 100000);
    cr_expect_eq(out.above_cap_fen, 0);
    cr_expect_eq(out.cap_fen, 100000);
    /* base 50000.50 → 1000.01: 1000.00 regular, 0.01 above the cap (大额党费 if paid) */
    cr_assert_eq(dj_dues_rule_amount(DJ_DUES_EMPLOYED, 5000050, M, NULL, &out, NULL), 0);
    cr_expect_eq(out.amount_fen, 100000);
    cr_expect_eq(out.above_cap_fen, 1);
    /* base 60000.00 → 1200.00: 200.00 above */
    cr_assert_eq(dj_dues_rule_amount(DJ_DUES_EMPLOYED, 6000000, M, NULL, &out, NULL), 0);
    cr_expect_eq(out.amount_fen, 100000);
    cr_expect_eq(out.above_cap_fen, 20000);
    /* the cap is a local rule: a branch may raise it or switch it off (0) */
    struct dj_rule_override ov[] = {
        {"dues.monthly_cap_fen", "/1/2/", 150000, {2008, 4, 1}},
        {"dues.monthly_cap_fen", "/1/3/", 0, {2008, 4, 1}},
    };
    cr_assert_eq(dj_rules_set_overrides(ov, 2, NULL), 0);
    cr_assert_eq(dj_dues_rule_amount(DJ_DUES_EMPLOYED, 6000000, M, "/1/2/4/", &out, NULL), 0);
    cr_expect_eq(out.amount_fen, 120000);
    cr_expect_eq(out.above_cap_fen, 0);
    cr_assert_eq(dj_dues_rule_amount(DJ_DUES_EMPLOYED, 9000000, M, "/1/3/", &out, NULL), 0);
    cr_expect_eq(out.amount_fen, 180000);
    cr_expect_eq(out.cap_fen, 0);
    cr_assert_eq(dj_dues_rule_amount(DJ_DUES_EMPLOYED, 9000000, M, "/1/", &out, NULL), 0);
    cr_expect_eq(out.amount_fen, 100000);
}
