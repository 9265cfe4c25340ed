/* test_err.c - error detail: set, detail, clear, names, truncation. */
#include "base/compat.h"
#include "base/err.h"

#include <criterion/criterion.h>

Test(err, set_records_everything_and_returns_code)
{
    struct dj_err err;

    memset(&err, 0x5a, sizeof(err));
    err.detail[sizeof(err.detail) - 1] = '\0';
    cr_assert_eq(
        dj_err_set(&err, DJ_EINVAL, "id_number", "第 %d 行：%s", 3, "身份证号码校验位不正确"),
        DJ_EINVAL);
    cr_assert_eq(err.code, DJ_EINVAL);
    cr_assert_str_eq(err.field, "id_number");
    cr_assert_str_eq(err.message, "第 3 行：身份证号码校验位不正确");
    cr_assert_str_eq(err.detail, "", "set clears an old detail");
}

Test(err, null_err_and_null_field)
{
    struct dj_err err = {0};

    cr_assert_eq(dj_err_set(NULL, DJ_ENOTFOUND, "x", "没有找到"), DJ_ENOTFOUND);
    cr_assert_eq(dj_err_set(&err, DJ_EPERM, NULL, "无权操作"), DJ_EPERM);
    cr_assert_str_eq(err.field, "");
    cr_assert_eq(dj_err_detail(NULL, "x"), DJ_EINTERNAL);
}

Test(err, detail)
{
    struct dj_err err = {0};

    cr_assert_eq(dj_err_detail(&err, "no code yet"), DJ_EINTERNAL);
    dj_err_set(&err, DJ_EDB, NULL, "数据库错误");
    cr_assert_eq(dj_err_detail(&err, "sqlite rc=%d", 5), DJ_EDB);
    cr_assert_str_eq(err.detail, "sqlite rc=5");
    cr_assert_str_eq(err.message, "数据库错误", "detail leaves the message alone");
}

Test(err, clear)
{
    struct dj_err err = {0};

    dj_err_set(&err, DJ_ECONFLICT, "name", "名称重复");
    dj_err_detail(&err, "unique");
    dj_err_clear(&err);
    cr_assert_eq(err.code, 0);
    cr_assert_str_eq(err.field, "");
    cr_assert_str_eq(err.message, "");
    cr_assert_str_eq(err.detail, "");
    dj_err_clear(NULL);
}

Test(err, truncation)
{
    struct dj_err err = {0};
    char big[1000];

    memset(big, 'f', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    dj_err_set(&err, DJ_EINVAL, big, "%s", big);
    cr_assert_eq(strlen(err.field), sizeof(err.field) - 1);
    cr_assert_eq(strlen(err.message), sizeof(err.message) - 1);
    dj_err_detail(&err, "%s", big);
    cr_assert_eq(strlen(err.detail), sizeof(err.detail) - 1);
}

Test(err, names)
{
    static const struct {
        int code;
        const char *name;
    } cases[] = {
        {DJ_OK, "ok"},
        {DJ_EINVAL, "invalid"},
        {DJ_ENOTFOUND, "not_found"},
        {DJ_EPERM, "forbidden"},
        {DJ_EAUTH, "unauthorized"},
        {DJ_ECONFLICT, "conflict"},
        {DJ_ETOOBIG, "too_large"},
        {DJ_ELOCKED, "locked"},
        {DJ_EDB, "database"},
        {DJ_EIO, "io"},
        {DJ_EINTERNAL, "internal"},
        {DJ_ECSRF, "csrf"},
        {DJ_EMETHOD, "method_not_allowed"},
        {DJ_EMEDIA, "unsupported_media_type"},
        {DJ_EBUSY, "busy"},
        {-999, "internal"},
        {5, "internal"},
    };

    for (size_t i = 0; i < DJ_ARRAY_LEN(cases); i++)
        cr_assert_str_eq(dj_err_name(cases[i].code), cases[i].name, "code %d", cases[i].code);
}
