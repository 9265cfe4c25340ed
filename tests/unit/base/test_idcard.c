/*
 * test_idcard.c - GB 11643 check character, normalisation and rejections.
 *
 * All numbers are synthetic: region code 99xxxx is not assigned to any
 * place, and check characters are computed here, so no real person's
 * number appears.
 */
#include "base/compat.h"
#include "base/idcard.h"

#include <criterion/criterion.h>

static const struct dj_date today = {2026, 11, 23};

/* Build a valid 18-character number from its parts. out must hold 19 bytes. */
static char *make_id(char *out, const char *region, const char *birth, const char *seq)
{
    snprintf(out, 19, "%.6s%.8s%.3s", region, birth, seq);
    cr_assert_eq(strlen(out), 17, "bad parts for a synthetic number");
    out[17] = dj_idcard_check_char(out);
    out[18] = '\0';
    return out;
}

/* Find a sequence for this region and birth date whose check character is 'X'. */
static char *make_id_with_x(char *out, const char *region, const char *birth)
{
    char seq[4];

    for (int i = 0; i < 1000; i++) {
        snprintf(seq, sizeof(seq), "%03d", i);
        if (make_id(out, region, birth, seq)[17] == 'X')
            return out;
    }
    cr_assert_fail("no sequence gives check character X");
    return NULL;
}

static void expect_error(const char *input, const char *message)
{
    struct dj_idcard id;
    struct dj_err err = {0};

    memset(&id, 0x5a, sizeof(id));
    cr_assert_eq(dj_idcard_parse(input, &id, today, "id_number", &err), DJ_EINVAL, "accepted '%s'",
                 input ? input : "(null)");
    cr_assert_str_eq(err.message, message, "input '%s'", input ? input : "(null)");
    cr_assert_str_eq(err.field, "id_number");
    cr_assert_str_eq(id.number, "", "out not cleared on error");
    cr_assert_eq(id.gender, 0);
}

Test(idcard, check_char_hand_computed)
{
    /* 9*7+9*9+0*10+1*5+0*8+1*4+1*2+9*1+8*6+5*3+0*7+3*9+1*10+5*5+1*8+2*4+3*2 = 311; 311 % 11 = 3 */
    cr_assert_eq(dj_idcard_check_char("99010119850315123"), '9');
    cr_assert_eq(dj_idcard_check_char("00000000000000000"), '1');
    /* The example number printed in GB 11643-1999 itself. */
    cr_assert_eq(dj_idcard_check_char("11010519491231002"), 'X');
    cr_assert_eq(dj_idcard_check_char("990101198503151"), '\0');
    cr_assert_eq(dj_idcard_check_char("9901011985031512a"), '\0');
}

Test(idcard, check_char_every_remainder)
{
    /* Sequences 000..099 vary the weighted sum by 4a + 2b: every remainder mod 11 occurs. */
    bool seen[128] = {false};
    char id[19];
    int kinds = 0;

    for (int i = 0; i < 100; i++) {
        char seq[4];
        snprintf(seq, sizeof(seq), "%03d", i);
        seen[(unsigned char)make_id(id, "990101", "19850315", seq)[17]] = true;
    }
    for (const char *c = "0123456789X"; *c; c++)
        kinds += seen[(unsigned char)*c];
    cr_assert_eq(kinds, 11, "all 11 check characters should occur");
}

Test(idcard, parse_valid_male)
{
    struct dj_idcard id;
    struct dj_err err = {0};
    char num[19];

    make_id(num, "990101", "19850315", "123");
    cr_assert_str_eq(num, "990101198503151239");
    cr_assert_eq(dj_idcard_parse(num, &id, today, "id_number", &err), 0, "%s", err.message);
    cr_assert_str_eq(id.number, "990101198503151239");
    cr_assert_str_eq(id.region, "990101");
    cr_assert(id.birth.y == 1985 && id.birth.m == 3 && id.birth.d == 15);
    cr_assert_eq(id.gender, 1);
}

Test(idcard, parse_valid_female)
{
    struct dj_idcard id;
    char num[19];

    make_id(num, "990202", "20000229", "124");
    cr_assert_eq(dj_idcard_parse(num, &id, today, "id_number", NULL), 0);
    cr_assert_eq(id.gender, 2);
    cr_assert(id.birth.y == 2000 && id.birth.m == 2 && id.birth.d == 29);
    make_id(num, "990202", "20000229", "130");
    cr_assert_eq(dj_idcard_parse(num, &id, today, "id_number", NULL), 0);
    cr_assert_eq(id.gender, 2, "17th digit 0 is even");
}

Test(idcard, lowercase_x_is_normalised)
{
    struct dj_idcard id;
    char num[19], lower[19];

    make_id_with_x(num, "990101", "19850315");
    memcpy(lower, num, sizeof(lower));
    lower[17] = 'x';
    cr_assert_eq(dj_idcard_parse(lower, &id, today, "id_number", NULL), 0);
    cr_assert_str_eq(id.number, num);
    cr_assert_eq(id.number[17], 'X');
}

Test(idcard, spaces_are_stripped)
{
    struct dj_idcard id;
    struct dj_err err = {0};
    char num[19], spaced[96];

    make_id(num, "990101", "19850315", "123");
    snprintf(spaced, sizeof(spaced), "  %.6s %.8s %.4s  ", num, num + 6, num + 14);
    cr_assert_eq(dj_idcard_parse(spaced, &id, today, "id_number", &err), 0, "%s", err.message);
    cr_assert_str_eq(id.number, num);

    /* U+3000 ideographic spaces and a tab, as pasted from a Chinese document. */
    snprintf(spaced, sizeof(spaced), "\u3000%.6s\u3000%.8s\t%.4s\u3000", num, num + 6, num + 14);
    cr_assert_eq(dj_idcard_parse(spaced, &id, today, "id_number", &err), 0, "%s", err.message);
    cr_assert_str_eq(id.number, num);
}

Test(idcard, wrong_check_char)
{
    char num[19];

    make_id(num, "990101", "19850315", "123");
    num[17] = num[17] == '9' ? '8' : '9';
    expect_error(num, "身份证号码校验位不正确");
    num[17] = 'X';
    expect_error(num, "身份证号码校验位不正确");
}

Test(idcard, single_digit_typo_is_caught)
{
    char num[19];

    make_id(num, "990101", "19850315", "123");
    num[15] = num[15] == '5' ? '6' : '5';
    expect_error(num, "身份证号码校验位不正确");
}

Test(idcard, legacy_15_digits)
{
    expect_error("990101850315123", "15位旧身份证号码已停用，请填写18位号码");
    expect_error(" 990101 850315 123 ", "15位旧身份证号码已停用，请填写18位号码");
}

Test(idcard, wrong_length)
{
    char num[19], longer[64];

    make_id(num, "990101", "19850315", "123");
    expect_error("99010119850315123", "身份证号码应为18位");
    snprintf(longer, sizeof(longer), "%s0", num);
    expect_error(longer, "身份证号码应为18位");
    expect_error("99010185031512X", "身份证号码应为18位"); /* 15 but not all digits */
}

Test(idcard, very_long_input)
{
    char big[4096];

    memset(big, '1', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    expect_error(big, "身份证号码应为18位");
}

Test(idcard, empty)
{
    expect_error("", "身份证号码不能为空");
    expect_error("   \u3000 ", "身份证号码不能为空");
    expect_error(NULL, "身份证号码不能为空");
}

Test(idcard, non_digits)
{
    const char *msg = "身份证号码格式不正确：前17位应为数字，末位为数字或 X";

    expect_error("99010119850315A239", msg);
    expect_error("9901011985X3151239", msg);
    expect_error("99010119850315123Y", msg);
    expect_error("990101-19850315-12", msg);
    /* Full-width digits are not normalised: three bytes each, so the length is wrong. */
    expect_error("\uff19\uff19\uff10\uff11\uff10\uff1119850315123", "身份证号码应为18位");
}

Test(idcard, impossible_birth_date)
{
    char num[19];

    expect_error(make_id(num, "990101", "19990230", "123"), "身份证号码中的出生日期不存在");
    expect_error(make_id(num, "990101", "19991301", "123"), "身份证号码中的出生日期不存在");
    expect_error(make_id(num, "990101", "19990100", "123"), "身份证号码中的出生日期不存在");
    expect_error(make_id(num, "990101", "19000229", "123"), "身份证号码中的出生日期不存在");
    expect_error(make_id(num, "990101", "00000101", "123"), "身份证号码中的出生日期不存在");
}

Test(idcard, future_birth_date)
{
    struct dj_idcard id;
    struct dj_date none = {0, 0, 0};
    char num[19];

    expect_error(make_id(num, "990101", "20261124", "123"), "身份证号码中的出生日期晚于今天");
    expect_error(make_id(num, "990101", "20300101", "123"), "身份证号码中的出生日期晚于今天");
    /* Born today is allowed; an unset today skips the check. */
    cr_assert_eq(dj_idcard_parse(make_id(num, "990101", "20261123", "123"), &id, today, "f", NULL),
                 0);
    cr_assert_eq(dj_idcard_parse(make_id(num, "990101", "20300101", "123"), &id, none, "f", NULL),
                 0);
}
