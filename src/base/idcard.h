/*
 * idcard.h - 居民身份证号码 (GB 11643-1999).
 *
 * 18 characters: 6-digit region code, 8-digit birth date, 3-digit sequence
 * (odd = male, even = female), check character (ISO 7064 MOD 11-2, '0'-'9'
 * or 'X'). Input may have surrounding/inner ASCII spaces, tabs and
 * full-width spaces (U+3000) and a lowercase 'x'; all are normalised. The
 * legacy 15-digit form is rejected with a message saying to use the 18-digit
 * number. The region code is not checked against a dictionary.
 */
#ifndef DJ_IDCARD_H
#define DJ_IDCARD_H

#include "base/date.h"
#include "base/err.h"

struct dj_idcard {
    char number[19];      /* normalised, upper-case X */
    char region[7];       /* first 6 digits */
    struct dj_date birth; /* from digits 7-14 */
    int gender;           /* 1 = 男, 2 = 女 (GB/T 2261.1 codes) */
};

/*
 * Validate and normalise. Errors (DJ_EINVAL, err->field = field), checked in
 * this order: empty ("身份证号码不能为空"), 15-digit legacy number
 * ("15位旧身份证号码已停用，请填写18位号码"), wrong length ("身份证号码应为18位"),
 * non-digits, impossible birth date ("身份证号码中的出生日期不存在"), birth
 * date after `today` ("身份证号码中的出生日期晚于今天"; pass an unset date to
 * skip), wrong check character ("身份证号码校验位不正确"). *out is zeroed on
 * error. gender comes from the 17th digit: odd = 1 (男), even = 2 (女).
 */
int dj_idcard_parse(const char *s, struct dj_idcard *out, struct dj_date today, const char *field,
                    struct dj_err *err);

/* The check character ('0'-'9' or 'X') for the first 17 digits; '\0' if any is not a digit. */
char dj_idcard_check_char(const char *first17);

#endif
