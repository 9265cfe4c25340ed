/*
 * money.h - money as int64_t fen (1 元 = 100 fen); rates in basis points.
 *
 * Parsing accepts "3000", "3000.5", "3000.01", "-12.30", "0.5" (at least one
 * integer digit, at most two decimals, optional leading '-', no '+', no
 * spaces, no thousands separators, no exponent) and rejects everything else,
 * including ".5", "1." and amounts beyond DJ_MONEY_MAX fen, with a Chinese
 * message. Formatting gives "3000.01".
 */
#ifndef DJ_MONEY_H
#define DJ_MONEY_H

#include <stdint.h>

#include "base/err.h"

#define DJ_MONEY_MAX ((int64_t)1000000000000000) /* in fen: 10^13 元, a sane cap */

enum dj_rounding {
    DJ_ROUND_HALF_UP,   /* 0.5 fen away from zero (default rule) */
    DJ_ROUND_DOWN,      /* toward zero */
    DJ_ROUND_UP,        /* away from zero */
    DJ_ROUND_HALF_EVEN, /* banker's */
};

/*
 * Parse an amount in 元 into fen. Returns 0, or DJ_EINVAL with err->field =
 * field ("金额不能为空", "金额格式不正确，应为最多两位小数的数字",
 * "金额超出允许范围…"); *fen is 0 on error.
 */
int dj_money_parse(const char *s, int64_t *fen, const char *field, struct dj_err *err);
/* Format into out (>= 32 bytes): "0.00", "3000.01", "-1.50". Returns out. */
char *dj_money_format(int64_t fen, char *out);
/*
 * fen * bp / 10000 with the given rounding (bp = basis points, 50 = 0.5%).
 * Rounding is applied to the magnitude, so HALF_UP/UP round away from zero
 * for negative amounts too: -100 fen * 50 bp = -0.5 -> -1 (HALF_UP).
 */
int64_t dj_money_apply_bp(int64_t fen, int32_t bp, enum dj_rounding r);
/*
 * a * num / den with rounding, for averages and shares. The product is exact
 * (128-bit); a result beyond int64_t saturates to INT64_MIN/INT64_MAX, which
 * cannot happen for |a| <= DJ_MONEY_MAX and |num / den| < 9000.
 * den <= 0 or an unknown rounding mode is a bug and aborts.
 */
int64_t dj_money_muldiv(int64_t a, int64_t num, int64_t den, enum dj_rounding r);

#endif
