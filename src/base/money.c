/*
 * money.c - parsing, formatting and rounded arithmetic on int64_t fen.
 *
 * Products are formed in 128 bits, so a * num never overflows; only a final
 * result outside int64_t is saturated (see money.h).
 */
#include "base/compat.h"
#include "base/money.h"

__extension__ typedef unsigned __int128 dj_u128;

#define MONEY_FORMAT_MSG "金额格式不正确，应为最多两位小数的数字"

int dj_money_parse(const char *s, int64_t *fen, const char *field, struct dj_err *err)
{
    const char *p = s;
    bool negative = false;
    int64_t v = 0;
    int decimals = 0;

    *fen = 0;
    if (!s || !*s)
        return dj_err_set(err, DJ_EINVAL, field, "金额不能为空");
    if (*p == '-') {
        negative = true;
        p++;
    }
    if (*p < '0' || *p > '9')
        return dj_err_set(err, DJ_EINVAL, field, MONEY_FORMAT_MSG);
    for (; *p >= '0' && *p <= '9'; p++) {
        v = v * 10 + (*p - '0');
        if (v > DJ_MONEY_MAX / 100)
            goto too_big;
    }
    v *= 100;
    if (*p == '.') {
        int64_t scale = 10;
        p++;
        for (; *p >= '0' && *p <= '9'; p++, decimals++) {
            if (decimals == 2)
                return dj_err_set(err, DJ_EINVAL, field, MONEY_FORMAT_MSG);
            v += (*p - '0') * scale;
            scale /= 10;
        }
        if (decimals == 0)
            return dj_err_set(err, DJ_EINVAL, field, MONEY_FORMAT_MSG);
    }
    if (*p)
        return dj_err_set(err, DJ_EINVAL, field, MONEY_FORMAT_MSG);
    if (v > DJ_MONEY_MAX)
        goto too_big;
    *fen = negative ? -v : v;
    return 0;

too_big:
    return dj_err_set(err, DJ_EINVAL, field, "金额超出允许范围（绝对值不超过 %lld 元）",
                      (long long)(DJ_MONEY_MAX / 100));
}

char *dj_money_format(int64_t fen, char *out)
{
    /* Magnitude in unsigned arithmetic so that INT64_MIN formats correctly. */
    uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;

    snprintf(out, 32, "%s%llu.%02llu", fen < 0 ? "-" : "", (unsigned long long)(mag / 100),
             (unsigned long long)(mag % 100));
    return out;
}

/* |v| as an unsigned 64-bit value; exact for INT64_MIN too. */
static uint64_t magnitude(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

int64_t dj_money_muldiv(int64_t a, int64_t num, int64_t den, enum dj_rounding r)
{
    bool negative = (a < 0) != (num < 0);
    dj_u128 ud = (dj_u128)(uint64_t)den;
    dj_u128 product, q, rem;
    bool bump = false;

    if (den <= 0)
        dj_die("dj_money_muldiv: divisor %lld is not positive", (long long)den);
    /* |a|, |num| <= 2^63, so the product fits in 126 bits. */
    product = (dj_u128)magnitude(a) * magnitude(num);
    q = product / ud;
    rem = product % ud;
    switch (r) {
    case DJ_ROUND_DOWN:
        break;
    case DJ_ROUND_UP:
        bump = rem != 0;
        break;
    case DJ_ROUND_HALF_UP:
        bump = rem * 2 >= ud;
        break;
    case DJ_ROUND_HALF_EVEN:
        bump = rem * 2 > ud || (rem * 2 == ud && (q & 1));
        break;
    default:
        dj_die("dj_money_muldiv: unknown rounding mode %d", (int)r);
    }
    if (bump)
        q++;
    if (negative) {
        if (q >= (dj_u128)INT64_MAX + 1)
            return INT64_MIN;
        return -(int64_t)q;
    }
    if (q > (dj_u128)INT64_MAX)
        return INT64_MAX;
    return (int64_t)q;
}

int64_t dj_money_apply_bp(int64_t fen, int32_t bp, enum dj_rounding r)
{
    return dj_money_muldiv(fen, bp, 10000, r);
}
