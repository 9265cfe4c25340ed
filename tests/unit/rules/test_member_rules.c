/*
 * test_member_rules.c - the member rules to the day: the 18th birthday
 * (02-29 births included), the 转正 window of 1 to 2 calendar years (02-29
 * 入党 dates included), category against 转正日期, identity against the ID
 * number, phone numbers, dates in the future, age and 党龄, status
 * transitions. ID numbers are synthetic, made with dj_idcard_check_char.
 */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "base/idcard.h"
#include "rules/member_rules.h"
#include "rules/ruletab.h"

static struct dj_date D(int y, int m, int d) {
    struct dj_date r = {y, m, d};
    return r;
}

static const struct dj_date NONE = {0, 0, 0};

/* A synthetic ID number: invented region 990101, birth date, sequence `seq` (odd = male). */
static const char *make_id(char out[19], struct dj_date birth, int seq)
{
    char first17[32];
    snprintf(first17, sizeof(first17), "990101%04d%02d%02d%03d", birth.y, birth.m, birth.d,
             seq % 1000);
    memcpy(out, first17, 17);
    out[17] = dj_idcard_check_char(first17);
    out[18] = '\0';
    return out;
}

static void assert_date(struct dj_date got, struct dj_date want)
{
    cr_assert(got.y == want.y && got.m == want.m && got.d == want.d,
              "got %04d-%02d-%02d, want %04d-%02d-%02d", got.y, got.m, got.d, want.y, want.m,
              want.d);
}

/* ---- the 18th birthday ----------------------------------------------------- */

static int join(struct dj_date birth, struct dj_date joined, struct dj_err *err)
{
    dj_err_clear(err);
    return dj_member_rule_join_age(birth, joined, err);
}

Test(member_rules, join_age_day_before_and_day_of_18th_birthday)
{
    struct dj_err err = {0};

    cr_assert_eq(join(D(2000, 5, 10), D(2018, 5, 9), &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "joined_on");
    cr_assert(strstr(err.message, "2018-05-10"), "message names the birthday: %s", err.message);
    cr_assert(strstr(err.detail, "dev.applicant.min_age_years"), "%s", err.detail);
    cr_assert_eq(join(D(2000, 5, 10), D(2018, 5, 10), &err), 0, "%s", err.message);
    cr_assert_eq(join(D(2000, 5, 10), D(2030, 1, 1), &err), 0);
}

Test(member_rules, join_age_for_29_february_births)
{
    struct dj_err err = {0};

    /* born on 02-29: the 18th birthday in a common year is 02-28 (date.h convention) */
    assert_date(dj_member_birthday(D(2004, 2, 29), 18), D(2022, 2, 28));
    cr_assert_eq(join(D(2004, 2, 29), D(2022, 2, 27), &err), DJ_EINVAL);
    cr_assert(strstr(err.message, "2022-02-28"), "%s", err.message);
    cr_assert_eq(join(D(2004, 2, 29), D(2022, 2, 28), &err), 0, "%s", err.message);
    cr_assert_eq(join(D(2004, 2, 29), D(2022, 3, 1), &err), 0);
    /* the day after 02-28 of a leap birth year is 02-29, which is not 18 yet */
    cr_assert_eq(join(D(2004, 2, 28), D(2022, 2, 27), &err), DJ_EINVAL);
    cr_assert_eq(join(D(2004, 2, 28), D(2022, 2, 28), &err), 0);
    cr_assert_eq(join(D(2008, 2, 29), D(2026, 2, 27), &err), DJ_EINVAL);
    cr_assert_eq(join(D(2008, 2, 29), D(2026, 2, 28), &err), 0);
}

Test(member_rules, join_age_skips_unset_dates)
{
    cr_assert_eq(dj_member_rule_join_age(NONE, D(2020, 1, 1), NULL), 0);
    cr_assert_eq(dj_member_rule_join_age(D(2000, 1, 1), NONE, NULL), 0);
}

Test(member_rules, birth_bound_matches_age)
{
    /* on 2022-02-28 someone born 2004-02-29 is 18, so the bound is that day */
    assert_date(dj_member_birth_bound(D(2022, 2, 28), 18), D(2004, 2, 29));
    assert_date(dj_member_birth_bound(D(2022, 3, 1), 18), D(2004, 3, 1));
    assert_date(dj_member_birth_bound(D(2022, 2, 27), 18), D(2004, 2, 27));
    /* a leap "today": born 2006-02-28 is 18 on 2024-02-28 */
    assert_date(dj_member_birth_bound(D(2024, 2, 29), 18), D(2006, 2, 28));
    /* 2004-02-29 + 20 years = 2024-02-29, not yet on 2024-02-28 */
    assert_date(dj_member_birth_bound(D(2024, 2, 28), 20), D(2004, 2, 28));
    assert_date(dj_member_birth_bound(D(2024, 2, 29), 20), D(2004, 2, 29));
    /* the bound agrees with dj_member_age on every day around 02-29 */
    for (int d = 0; d < 800; d++) {
        struct dj_date today = dj_date_add_days(D(2021, 12, 1), d);
        struct dj_date bound = dj_member_birth_bound(today, 18);
        cr_assert_geq(dj_member_age(bound, today), 18);
        cr_assert_lt(dj_member_age(dj_date_add_days(bound, 1), today), 18);
    }
}

/* ---- the 转正 window --------------------------------------------------------- */

static int confirm(const char *cat, struct dj_date joined, struct dj_date confirmed,
                   struct dj_err *err)
{
    dj_err_clear(err);
    return dj_member_rule_confirm(cat, joined, confirmed, err);
}

Test(member_rules, confirm_window_boundaries)
{
    struct dj_err err = {0};
    struct dj_date j = D(2023, 3, 15);

    cr_assert_eq(confirm("full", j, D(2024, 3, 14), &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "confirmed_on");
    cr_assert(strstr(err.message, "2024-03-15"), "%s", err.message);
    cr_assert(strstr(err.detail, "dev.probation.months"), "%s", err.detail);
    cr_assert_eq(confirm("full", j, D(2024, 3, 15), &err), 0, "%s", err.message);
    cr_assert_eq(confirm("full", j, D(2025, 3, 15), &err), 0, "%s", err.message);
    cr_assert_eq(confirm("full", j, D(2025, 3, 16), &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "confirmed_on");
    cr_assert(strstr(err.message, "2025-03-15"), "%s", err.message);
    cr_assert(strstr(err.detail, "dev.probation.extension_max_months"), "%s", err.detail);
}

Test(member_rules, confirm_window_for_29_february_admission)
{
    struct dj_err err = {0};
    struct dj_date j = D(2024, 2, 29), lo, hi;

    cr_assert_eq(dj_member_confirm_window(j, &lo, &hi), 0);
    assert_date(lo, D(2025, 2, 28));
    assert_date(hi, D(2026, 2, 28));
    cr_assert_eq(confirm("full", j, D(2025, 2, 27), &err), DJ_EINVAL);
    cr_assert_eq(confirm("full", j, D(2025, 2, 28), &err), 0, "%s", err.message);
    cr_assert_eq(confirm("full", j, D(2026, 2, 28), &err), 0, "%s", err.message);
    cr_assert_eq(confirm("full", j, D(2026, 3, 1), &err), DJ_EINVAL);
    /* admitted on 02-28 of a year before a leap year: one year later is 02-28 too */
    cr_assert_eq(confirm("full", D(2023, 2, 28), D(2024, 2, 27), &err), DJ_EINVAL);
    cr_assert_eq(confirm("full", D(2023, 2, 28), D(2024, 2, 28), &err), 0);
    cr_assert_eq(confirm("full", D(2023, 2, 28), D(2025, 2, 28), &err), 0);
    cr_assert_eq(confirm("full", D(2023, 2, 28), D(2025, 3, 1), &err), DJ_EINVAL);
    /* month ends clamp: 01-31 + 12 months = 01-31; 2023-08-31 + 12 = 2024-08-31 */
    cr_assert_eq(confirm("full", D(2023, 8, 31), D(2024, 8, 30), &err), DJ_EINVAL);
    cr_assert_eq(confirm("full", D(2023, 8, 31), D(2024, 8, 31), &err), 0);
}

Test(member_rules, category_against_confirmed_date)
{
    struct dj_err err = {0};

    cr_assert_eq(confirm("probationary", D(2024, 1, 1), NONE, &err), 0);
    cr_assert_eq(confirm("probationary", D(2024, 1, 1), D(2025, 1, 1), &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "confirmed_on");
    cr_assert(strstr(err.message, "预备党员"), "%s", err.message);
    cr_assert_eq(confirm("full", D(2024, 1, 1), NONE, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "confirmed_on");
    cr_assert(strstr(err.message, "正式党员"), "%s", err.message);
    cr_assert_eq(confirm("candidate", D(2024, 1, 1), NONE, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "category");
    cr_assert_eq(confirm(NULL, D(2024, 1, 1), NONE, &err), DJ_EINVAL);
}

/* ---- identity -------------------------------------------------------------- */

Test(member_rules, idcard_checksum_and_birth_date)
{
    struct dj_err err = {0};
    struct dj_idcard id;
    char buf[19], bad[19];

    make_id(buf, D(1985, 7, 1), 123);
    cr_assert_eq(dj_member_rule_idcard(buf, D(2026, 1, 1), &id, &err), 0, "%s", err.message);
    cr_assert_eq(id.gender, 1);
    assert_date(id.birth, D(1985, 7, 1));
    memcpy(bad, buf, sizeof(bad));
    bad[17] = bad[17] == '1' ? '2' : '1';
    cr_assert_eq(dj_member_rule_idcard(bad, D(2026, 1, 1), &id, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "id_number");
    cr_assert(strstr(err.message, "校验位"), "%s", err.message);
    /* born after today */
    make_id(buf, D(2026, 1, 2), 123);
    cr_assert_eq(dj_member_rule_idcard(buf, D(2026, 1, 1), &id, &err), DJ_EINVAL);
    cr_assert_eq(dj_member_rule_idcard(buf, D(2026, 1, 2), &id, &err), 0);
}

Test(member_rules, gender_and_birth_date_must_agree_with_the_id)
{
    struct dj_err err = {0};
    struct dj_idcard man, woman;
    char buf[19];

    cr_assert_eq(dj_member_rule_idcard(make_id(buf, D(1990, 1, 2), 331), NONE, &man, NULL), 0);
    cr_assert_eq(dj_member_rule_idcard(make_id(buf, D(1990, 1, 2), 332), NONE, &woman, NULL), 0);
    cr_assert_eq(man.gender, 1);
    cr_assert_eq(woman.gender, 2);
    cr_assert_eq(dj_member_rule_identity(&man, "1", D(1990, 1, 2), &err), 0);
    cr_assert_eq(dj_member_rule_identity(&man, NULL, NONE, &err), 0);
    cr_assert_eq(dj_member_rule_identity(&man, "", NONE, &err), 0);
    cr_assert_eq(dj_member_rule_identity(&man, "2", NONE, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "gender");
    cr_assert(strstr(err.message, "男"), "%s", err.message);
    cr_assert_eq(dj_member_rule_identity(&woman, "1", NONE, &err), DJ_EINVAL);
    cr_assert_eq(dj_member_rule_identity(&woman, "9", NONE, &err), DJ_EINVAL);
    cr_assert_eq(dj_member_rule_identity(&woman, "2", D(1990, 1, 3), &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "birth_date");
    cr_assert(strstr(err.message, "1990-01-02"), "%s", err.message);
}

/* ---- phones ---------------------------------------------------------------- */

static int phone(const char *p, bool mobile_only)
{
    return dj_member_rule_phone("phone", "手机号码", p, mobile_only, NULL);
}

Test(member_rules, mobile_numbers)
{
    struct dj_err err = {0};

    cr_assert_eq(phone("13800001973", true), 0);
    cr_assert_eq(phone("138-0000-1973", true), 0);
    cr_assert_eq(phone("138 0000 1973", true), 0);
    cr_assert_eq(phone("+8613800001973", true), 0);
    cr_assert_eq(phone("8613800001973", true), 0);
    cr_assert_eq(phone("1380000197", true), DJ_EINVAL);   /* 10 digits */
    cr_assert_eq(phone("138000019731", true), DJ_EINVAL); /* 12 digits */
    cr_assert_eq(phone("23800001973", true), DJ_EINVAL);  /* not starting with 1 */
    cr_assert_eq(phone("1380000197a", true), DJ_EINVAL);
    cr_assert_eq(phone("010-12345678", true), DJ_EINVAL); /* a landline is not a mobile */
    cr_assert_eq(phone(NULL, true), 0);
    cr_assert_eq(phone("", true), 0);
    cr_assert_eq(dj_member_rule_phone("phone", "手机号码", "12345", true, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "phone");
    cr_assert(strstr(err.message, "手机号码"), "%s", err.message);
}

Test(member_rules, landlines)
{
    cr_assert_eq(phone("010-12345678", false), 0);
    cr_assert_eq(phone("0351-6543210", false), 0);
    cr_assert_eq(phone("0351-65432101", false), 0);
    cr_assert_eq(phone("6543210", false), 0);  /* 7 digits */
    cr_assert_eq(phone("65432101", false), 0); /* 8 digits */
    cr_assert_eq(phone("13800001973", false), 0);
    cr_assert_eq(phone("654321", false), DJ_EINVAL);    /* 6 digits */
    cr_assert_eq(phone("654321012", false), DJ_EINVAL); /* 9 digits, no area code */
    cr_assert_eq(phone("0543210", false), DJ_EINVAL);   /* local number starting with 0 */
    cr_assert_eq(phone("0010-1234567", false), DJ_EINVAL);
    cr_assert_eq(phone("010-0234567", false), DJ_EINVAL);
    cr_assert_eq(phone("0351-654321012", false), DJ_EINVAL);
}

/* ---- dates, age, 党龄 -------------------------------------------------------- */

Test(member_rules, dates_not_in_the_future)
{
    struct dj_err err = {0};

    cr_assert_eq(
        dj_member_rule_not_future("joined_on", "入党日期", D(2026, 11, 23), D(2026, 11, 23), &err),
        0);
    cr_assert_eq(
        dj_member_rule_not_future("joined_on", "入党日期", D(2026, 11, 24), D(2026, 11, 23), &err),
        DJ_EINVAL);
    cr_assert_str_eq(err.field, "joined_on");
    cr_assert(strstr(err.message, "入党日期"), "%s", err.message);
    cr_assert_eq(dj_member_rule_not_future("x", "x", NONE, D(2026, 1, 1), &err), 0);
}

Test(member_rules, age_and_party_years_to_the_day)
{
    cr_assert_eq(dj_member_age(D(2004, 2, 29), D(2022, 2, 27)), 17);
    cr_assert_eq(dj_member_age(D(2004, 2, 29), D(2022, 2, 28)), 18);
    cr_assert_eq(dj_member_age(D(2004, 2, 29), D(2024, 2, 28)), 19);
    cr_assert_eq(dj_member_age(D(2004, 2, 29), D(2024, 2, 29)), 20);
    cr_assert_eq(dj_member_age(D(2030, 1, 1), D(2026, 1, 1)), 0);
    cr_assert_eq(dj_member_age(NONE, D(2026, 1, 1)), 0);
    /* 党龄 from the 转正日期 */
    cr_assert_eq(dj_member_party_years("full", D(2020, 7, 1), D(2025, 6, 30)), 4);
    cr_assert_eq(dj_member_party_years("full", D(2020, 7, 1), D(2025, 7, 1)), 5);
    cr_assert_eq(dj_member_party_years("full", D(2024, 2, 29), D(2025, 2, 27)), 0);
    cr_assert_eq(dj_member_party_years("full", D(2024, 2, 29), D(2025, 2, 28)), 1);
    cr_assert_eq(dj_member_party_years("probationary", D(2020, 7, 1), D(2025, 7, 1)), 0);
    cr_assert_eq(dj_member_party_years("full", NONE, D(2025, 7, 1)), 0);
}

Test(member_rules, political_birthday_is_the_month_and_day_of_joining)
{
    char out[8];

    cr_assert_str_eq(dj_member_political_birthday(D(2021, 7, 1), out), "07-01");
    cr_assert_str_eq(dj_member_political_birthday(D(2024, 2, 29), out), "02-29");
    cr_assert_str_eq(dj_member_political_birthday(NONE, out), "");
}

/* ---- status transitions ------------------------------------------------------ */

static int tr(const char *from, const char *to, const char *kind)
{
    return dj_member_rule_transition(from, to, kind, NULL);
}

Test(member_rules, status_transitions)
{
    static const char *const active[] = {"normal", "mobile", "lost_contact"};
    struct dj_err err = {0};

    for (size_t i = 0; i < DJ_ARRAY_LEN(active); i++) {
        for (size_t j = 0; j < DJ_ARRAY_LEN(active); j++)
            cr_assert_eq(tr(active[i], active[j], NULL), i == j ? DJ_ECONFLICT : 0, "%s -> %s",
                         active[i], active[j]);
        cr_assert_eq(tr(active[i], "suspended", NULL), 0);
        cr_assert_eq(tr(active[i], "deceased", NULL), 0);
        cr_assert_eq(tr(active[i], "left", "removed"), 0);
    }
    /* 停止党籍: 恢复党籍, 除名 or 死亡 only */
    cr_assert_eq(tr("suspended", "normal", NULL), 0);
    cr_assert_eq(tr("suspended", "left", "removed"), 0);
    cr_assert_eq(tr("suspended", "deceased", NULL), 0);
    cr_assert_eq(tr("suspended", "mobile", NULL), DJ_ECONFLICT);
    cr_assert_eq(tr("suspended", "lost_contact", NULL), DJ_ECONFLICT);
    cr_assert_eq(tr("suspended", "suspended", NULL), DJ_ECONFLICT);
    /* final */
    cr_assert_eq(dj_member_rule_transition("left", "normal", NULL, &err), DJ_ECONFLICT);
    cr_assert_str_eq(err.field, "status");
    cr_assert(strstr(err.message, "出党"), "%s", err.message);
    cr_assert_eq(tr("deceased", "normal", NULL), DJ_ECONFLICT);
    cr_assert_eq(tr("left", "left", "expelled"), DJ_ECONFLICT);
    cr_assert(dj_member_status_final("left"));
    cr_assert(dj_member_status_final("deceased"));
    cr_assert(!dj_member_status_final("suspended"));
}

Test(member_rules, leave_kind_goes_with_left_only)
{
    struct dj_err err = {0};

    cr_assert_eq(dj_member_rule_transition("normal", "left", NULL, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "leave_kind");
    cr_assert_eq(tr("normal", "left", ""), DJ_EINVAL);
    cr_assert_eq(tr("normal", "left", "resigned"), DJ_EINVAL);
    for (const char *const *k =
             (const char *const[]){"removed", "expelled", "withdrew", "lapsed", NULL};
         *k; k++)
        cr_assert_eq(tr("normal", "left", *k), 0, "%s", *k);
    cr_assert_eq(dj_member_rule_transition("normal", "deceased", "removed", &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "leave_kind");
    cr_assert_eq(dj_member_rule_transition("normal", "gone", NULL, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "status");
}
