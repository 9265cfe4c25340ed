/*
 * idcard.c - validation and normalisation of 居民身份证号码 (GB 11643-1999).
 *
 * The check character is ISO 7064 MOD 11-2: the sum of the first 17 digits
 * times their weights (2^(17-i) mod 11) taken mod 11 indexes "10X98765432".
 */
#include "base/compat.h"
#include "base/idcard.h"

/* Longest input we look at once spaces are removed; anything longer is "wrong length". */
#define IDCARD_SCAN_MAX 32

static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
static const char check_chars[] = "10X98765432";

char dj_idcard_check_char(const char *first17)
{
    int sum = 0;

    for (int i = 0; i < 17; i++) {
        if (first17[i] < '0' || first17[i] > '9')
            return '\0';
        sum += (first17[i] - '0') * weights[i];
    }
    return check_chars[sum % 11];
}

/*
 * Copy s into out without ASCII spaces, tabs or U+3000 (ideographic space,
 * UTF-8 E3 80 80), upper-casing 'x'. Returns the number of characters kept,
 * or IDCARD_SCAN_MAX + 1 once that many have been seen (out is then partial).
 */
static size_t normalise(const char *s, char *out)
{
    size_t n = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == ' ' || *p == '\t')
            continue;
        if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
            p += 2;
            continue;
        }
        if (n == IDCARD_SCAN_MAX)
            return IDCARD_SCAN_MAX + 1;
        out[n++] = *p == 'x' ? 'X' : (char)*p;
    }
    out[n] = '\0';
    return n;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

int dj_idcard_parse(const char *s, struct dj_idcard *out, struct dj_date today, const char *field,
                    struct dj_err *err)
{
    char num[IDCARD_SCAN_MAX + 1];
    struct dj_date birth;
    size_t n;

    memset(out, 0, sizeof(*out));
    n = s ? normalise(s, num) : 0;
    if (n == 0)
        return dj_err_set(err, DJ_EINVAL, field, "身份证号码不能为空");
    if (n == 15 && all_digits(num, 15))
        return dj_err_set(err, DJ_EINVAL, field, "15位旧身份证号码已停用，请填写18位号码");
    if (n != 18)
        return dj_err_set(err, DJ_EINVAL, field, "身份证号码应为18位");
    if (!all_digits(num, 17) || !((num[17] >= '0' && num[17] <= '9') || num[17] == 'X'))
        return dj_err_set(err, DJ_EINVAL, field,
                          "身份证号码格式不正确：前17位应为数字，末位为数字或 X");

    birth.y = (num[6] - '0') * 1000 + (num[7] - '0') * 100 + (num[8] - '0') * 10 + (num[9] - '0');
    birth.m = (num[10] - '0') * 10 + (num[11] - '0');
    birth.d = (num[12] - '0') * 10 + (num[13] - '0');
    if (!dj_date_valid(birth))
        return dj_err_set(err, DJ_EINVAL, field, "身份证号码中的出生日期不存在");
    if (dj_date_isset(today) && dj_date_cmp(birth, today) > 0)
        return dj_err_set(err, DJ_EINVAL, field, "身份证号码中的出生日期晚于今天");
    if (dj_idcard_check_char(num) != num[17])
        return dj_err_set(err, DJ_EINVAL, field, "身份证号码校验位不正确");

    memcpy(out->number, num, 19);
    memcpy(out->region, num, 6);
    out->region[6] = '\0';
    out->birth = birth;
    out->gender = (num[16] - '0') % 2 ? 1 : 2;
    return 0;
}
