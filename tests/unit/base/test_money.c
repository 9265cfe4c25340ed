/* test_money.c - fen parsing and formatting, basis points, rounding modes, overflow. */
#include "base/compat.h"
#include "base/money.h"

#include <criterion/criterion.h>
#include <signal.h>

static int64_t parse_ok(const char *s)
{
    struct dj_err err = {0};
    int64_t fen = -7;

    cr_assert_eq(dj_money_parse(s, &fen, "amount", &err), 0, "rejected '%s': %s", s, err.message);
    cr_assert_eq(err.code, 0);
    return fen;
}

Test(money, parse_valid)
{
    cr_assert_eq(parse_ok("3000.00"), 300000);
    cr_assert_eq(parse_ok("3000.01"), 300001);
    cr_assert_eq(parse_ok("3000"), 300000);
    cr_assert_eq(parse_ok("3000.5"), 300050);
    cr_assert_eq(parse_ok("0.5"), 50);
    cr_assert_eq(parse_ok("0.05"), 5);
    cr_assert_eq(parse_ok("0"), 0);
    cr_assert_eq(parse_ok("-0.00"), 0);
    cr_assert_eq(parse_ok("-12.30"), -1230);
    cr_assert_eq(parse_ok("-0.01"), -1);
    cr_assert_eq(parse_ok("007.10"), 710);
}

Test(money, parse_rejects_malformed)
{
    static const char *const bad[] = {"1.234", "1,000", " 1",   "1 ",   "1e3",  "--1",
                                      ".5",    "1.",    "+1",   "-",    "-.5",  "1.2.3",
                                      "¥1",    "1元",   "0x10", "1.-1", "1.5 ", "１２"};

    for (size_t i = 0; i < DJ_ARRAY_LEN(bad); i++) {
        struct dj_err err = {0};
        int64_t fen = 99;

        cr_assert_eq(dj_money_parse(bad[i], &fen, "dues_amount", &err), DJ_EINVAL, "accepted '%s'",
                     bad[i]);
        cr_assert_str_eq(err.message, "金额格式不正确，应为最多两位小数的数字", "input '%s'",
                         bad[i]);
        cr_assert_str_eq(err.field, "dues_amount");
        cr_assert_eq(fen, 0);
    }
}

Test(money, parse_rejects_empty)
{
    struct dj_err err = {0};
    int64_t fen;

    cr_assert_eq(dj_money_parse("", &fen, "amount", &err), DJ_EINVAL);
    cr_assert_str_eq(err.message, "金额不能为空");
    cr_assert_str_eq(err.field, "amount");
    cr_assert_eq(dj_money_parse(NULL, &fen, "amount", NULL), DJ_EINVAL);
}

Test(money, parse_bounds)
{
    struct dj_err err = {0};
    int64_t fen;

    cr_assert_eq(parse_ok("10000000000000"), DJ_MONEY_MAX);
    cr_assert_eq(parse_ok("10000000000000.00"), DJ_MONEY_MAX);
    cr_assert_eq(parse_ok("-10000000000000"), -DJ_MONEY_MAX);
    cr_assert_eq(parse_ok("9999999999999.99"), DJ_MONEY_MAX - 1);
    cr_assert_eq(dj_money_parse("10000000000000.01", &fen, "amount", &err), DJ_EINVAL);
    cr_assert(strstr(err.message, "金额超出允许范围") != NULL, "%s", err.message);
    cr_assert_eq(dj_money_parse("10000000000001", &fen, "amount", &err), DJ_EINVAL);
    cr_assert_eq(dj_money_parse("-10000000000001", &fen, "amount", &err), DJ_EINVAL);
    /* Far beyond int64_t: must not wrap around into an accepted value. */
    cr_assert_eq(dj_money_parse("184467440737095516160", &fen, "amount", &err), DJ_EINVAL);
    cr_assert_eq(dj_money_parse("99999999999999999999999999.99", &fen, "amount", &err), DJ_EINVAL);
    cr_assert(strstr(err.message, "金额超出允许范围") != NULL, "%s", err.message);
}

Test(money, format)
{
    char buf[32];

    cr_assert_str_eq(dj_money_format(0, buf), "0.00");
    cr_assert_str_eq(dj_money_format(1, buf), "0.01");
    cr_assert_str_eq(dj_money_format(50, buf), "0.50");
    cr_assert_str_eq(dj_money_format(300001, buf), "3000.01");
    cr_assert_str_eq(dj_money_format(-150, buf), "-1.50");
    cr_assert_str_eq(dj_money_format(-1, buf), "-0.01");
    cr_assert_str_eq(dj_money_format(DJ_MONEY_MAX, buf), "10000000000000.00");
    cr_assert_str_eq(dj_money_format(INT64_MAX, buf), "92233720368547758.07");
    cr_assert_str_eq(dj_money_format(INT64_MIN, buf), "-92233720368547758.08");
}

Test(money, parse_format_round_trip)
{
    static const int64_t samples[] = {0,    1,         -1,         99,           100,
                                      -100, 123456789, -987654321, DJ_MONEY_MAX, -DJ_MONEY_MAX};
    char buf[32];

    for (size_t i = 0; i < DJ_ARRAY_LEN(samples); i++)
        cr_assert_eq(parse_ok(dj_money_format(samples[i], buf)), samples[i]);
}

Test(money, apply_bp_exact_and_half_up)
{
    /* 3000.00 元 at 0.5% = 15.00 元 */
    cr_assert_eq(dj_money_apply_bp(300000, 50, DJ_ROUND_HALF_UP), 1500);
    /* 3000.01 元 at 1% = 30.0001 元 -> 30.00 */
    cr_assert_eq(dj_money_apply_bp(300001, 100, DJ_ROUND_HALF_UP), 3000);
    /* 3001.00 元 at 0.5% = 15.005 元: half a fen rounds up to 15.01 */
    cr_assert_eq(dj_money_apply_bp(300100, 50, DJ_ROUND_HALF_UP), 1501);
    /* 3000.99 元 at 0.5% = 15.00495 元 -> 15.00 */
    cr_assert_eq(dj_money_apply_bp(300099, 50, DJ_ROUND_HALF_UP), 1500);
    cr_assert_eq(dj_money_apply_bp(300000, 10000, DJ_ROUND_HALF_UP), 300000);
    cr_assert_eq(dj_money_apply_bp(300000, 0, DJ_ROUND_HALF_UP), 0);
    cr_assert_eq(dj_money_apply_bp(0, 200, DJ_ROUND_UP), 0);
}

Test(money, rounding_modes_on_half)
{
    /* 100 fen * 0.5% = 0.5 fen; 300 fen * 0.5% = 1.5 fen */
    cr_assert_eq(dj_money_apply_bp(100, 50, DJ_ROUND_HALF_UP), 1);
    cr_assert_eq(dj_money_apply_bp(100, 50, DJ_ROUND_HALF_EVEN), 0);
    cr_assert_eq(dj_money_apply_bp(100, 50, DJ_ROUND_DOWN), 0);
    cr_assert_eq(dj_money_apply_bp(100, 50, DJ_ROUND_UP), 1);
    cr_assert_eq(dj_money_apply_bp(300, 50, DJ_ROUND_HALF_EVEN), 2);
    cr_assert_eq(dj_money_apply_bp(300100, 50, DJ_ROUND_HALF_EVEN), 1500);
    cr_assert_eq(dj_money_apply_bp(300300, 50, DJ_ROUND_HALF_EVEN), 1502);
    cr_assert_eq(dj_money_apply_bp(300100, 50, DJ_ROUND_DOWN), 1500);
}

Test(money, rounding_modes_off_half)
{
    /* 101 fen * 0.5% = 0.505 fen; 99 fen * 0.5% = 0.495 fen */
    cr_assert_eq(dj_money_apply_bp(101, 50, DJ_ROUND_HALF_UP), 1);
    cr_assert_eq(dj_money_apply_bp(101, 50, DJ_ROUND_HALF_EVEN), 1);
    cr_assert_eq(dj_money_apply_bp(99, 50, DJ_ROUND_HALF_UP), 0);
    cr_assert_eq(dj_money_apply_bp(99, 50, DJ_ROUND_HALF_EVEN), 0);
    cr_assert_eq(dj_money_apply_bp(99, 50, DJ_ROUND_UP), 1);
    cr_assert_eq(dj_money_apply_bp(199, 50, DJ_ROUND_DOWN), 0);
    cr_assert_eq(dj_money_apply_bp(1, 1, DJ_ROUND_UP), 1);
    cr_assert_eq(dj_money_apply_bp(1, 1, DJ_ROUND_HALF_UP), 0);
}

Test(money, rounding_negative_amounts_is_symmetric)
{
    cr_assert_eq(dj_money_apply_bp(-100, 50, DJ_ROUND_HALF_UP), -1);
    cr_assert_eq(dj_money_apply_bp(-100, 50, DJ_ROUND_HALF_EVEN), 0);
    cr_assert_eq(dj_money_apply_bp(-100, 50, DJ_ROUND_DOWN), 0);
    cr_assert_eq(dj_money_apply_bp(-100, 50, DJ_ROUND_UP), -1);
    cr_assert_eq(dj_money_apply_bp(-300100, 50, DJ_ROUND_HALF_UP), -1501);
    cr_assert_eq(dj_money_apply_bp(300100, -50, DJ_ROUND_HALF_UP), -1501);
    cr_assert_eq(dj_money_apply_bp(-300100, -50, DJ_ROUND_HALF_UP), 1501);
    cr_assert_eq(dj_money_apply_bp(-99, 50, DJ_ROUND_UP), -1);
}

Test(money, muldiv)
{
    /* 100.00 元 shared by 3: 33.33 / 33.34 */
    cr_assert_eq(dj_money_muldiv(10000, 1, 3, DJ_ROUND_DOWN), 3333);
    cr_assert_eq(dj_money_muldiv(10000, 1, 3, DJ_ROUND_UP), 3334);
    cr_assert_eq(dj_money_muldiv(10000, 1, 3, DJ_ROUND_HALF_UP), 3333);
    cr_assert_eq(dj_money_muldiv(20000, 1, 3, DJ_ROUND_HALF_UP), 6667);
    cr_assert_eq(dj_money_muldiv(5, 1, 2, DJ_ROUND_HALF_EVEN), 2);
    cr_assert_eq(dj_money_muldiv(7, 1, 2, DJ_ROUND_HALF_EVEN), 4);
    cr_assert_eq(dj_money_muldiv(-7, 1, 2, DJ_ROUND_HALF_EVEN), -4);
    cr_assert_eq(dj_money_muldiv(-5, 1, 2, DJ_ROUND_HALF_UP), -3);
}

Test(money, muldiv_wide_intermediate)
{
    /* The product exceeds int64_t but the result does not. */
    cr_assert_eq(dj_money_muldiv(DJ_MONEY_MAX, 1000000, 1000000, DJ_ROUND_DOWN), DJ_MONEY_MAX);
    cr_assert_eq(dj_money_muldiv(INT64_MAX, INT64_MAX, INT64_MAX, DJ_ROUND_DOWN), INT64_MAX);
    cr_assert_eq(dj_money_muldiv(INT64_MIN, INT64_MAX, INT64_MAX, DJ_ROUND_DOWN), INT64_MIN);
    cr_assert_eq(dj_money_muldiv(INT64_MIN, 1, 2, DJ_ROUND_DOWN), INT64_MIN / 2);
    cr_assert_eq(dj_money_apply_bp(DJ_MONEY_MAX, 10000, DJ_ROUND_HALF_UP), DJ_MONEY_MAX);
    cr_assert_eq(dj_money_apply_bp(DJ_MONEY_MAX, 3, DJ_ROUND_HALF_UP), 300000000000);
    cr_assert_eq(dj_money_apply_bp(-DJ_MONEY_MAX, 50, DJ_ROUND_HALF_UP), -5000000000000);
}

Test(money, muldiv_saturates)
{
    cr_assert_eq(dj_money_muldiv(INT64_MAX, 2, 1, DJ_ROUND_DOWN), INT64_MAX);
    cr_assert_eq(dj_money_muldiv(INT64_MAX, -2, 1, DJ_ROUND_DOWN), INT64_MIN);
    cr_assert_eq(dj_money_muldiv(INT64_MIN, -1, 1, DJ_ROUND_DOWN), INT64_MAX);
    cr_assert_eq(dj_money_muldiv(INT64_MIN, 1, 1, DJ_ROUND_DOWN), INT64_MIN);
    cr_assert_eq(dj_money_apply_bp(INT64_MAX, INT32_MAX, DJ_ROUND_HALF_UP), INT64_MAX);
    cr_assert_eq(dj_money_apply_bp(INT64_MIN, INT32_MAX, DJ_ROUND_HALF_UP), INT64_MIN);
}

Test(money, muldiv_zero_divisor_aborts, .signal = SIGABRT)
{
    dj_money_muldiv(100, 1, 0, DJ_ROUND_DOWN);
}
