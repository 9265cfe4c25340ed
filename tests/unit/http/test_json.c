/* test_json.c - strict JSON body parsing and the response body helpers. */
#include "base/compat.h"
#include "http/http.h"
#include "http/http_int.h"

#include <criterion/criterion.h>

/* Parse a NUL-terminated body; on success returns the object (caller decrefs). */
static json_t *parse(const char *body, struct dj_err *err)
{
    json_t *j = (json_t *)1;
    int rc;

    dj_err_clear(err);
    rc = dj_json_parse_body(body, strlen(body), &j, err);
    if (rc) {
        cr_assert_eq(rc, DJ_EINVAL);
        cr_assert_eq(err->code, DJ_EINVAL);
        cr_assert_null(j, "*out must be NULL on failure");
        cr_assert_neq(err->message[0], '\0');
        return NULL;
    }
    cr_assert(json_is_object(j));
    return j;
}

struct reject_case {
    const char *body;
    const char *message; /* expected user message */
    const char *field;   /* expected err.field */
};

static const struct reject_case rejects[] = {
    {"{\"name\":\"a\",\"name\":\"b\"}", "JSON 中有重复的字段：name", "name"},
    {"{\"o\":{\"k\":1,\"x\":2,\"k\":3}}", "JSON 中有重复的字段：k", "k"},
    {"{\"a b\\\"c\":1,\"a b\\\"c\":2}", "JSON 中有重复的字段：a b\"c", "a b\"c"},
    {"{\"\xe5\xa7\x93\xe5\x90\x8d\":1,\"\xe5\xa7\x93\xe5\x90\x8d\":2}", "JSON 中有重复的字段：姓名",
     "姓名"},
    {"{\"name\":\"\xff\"}", "请求体含有无效的 UTF-8 编码", ""},
    {"{\"name\":\"\xc3\x28\"}", "请求体含有无效的 UTF-8 编码", ""},
    {"{\"name\":\"\xed\xa0\x80\"}", "请求体含有无效的 UTF-8 编码", ""}, /* UTF-16 surrogate */
    {"{\"n\":1} x", "请求体不是有效的 JSON（第 1 行第 9 列）", ""},
    {"{\"n\":1}{}", "请求体不是有效的 JSON（第 1 行第 8 列）", ""},
    {"{\"n\":\n  tru}", "请求体不是有效的 JSON（第 2 行第 5 列）", ""},
    {"{\"n\":1,}", "请求体不是有效的 JSON（第 1 行第 8 列）", ""},
    {"[1,2]", "请求体必须是 JSON 对象", ""},
    {"\"text\"", "请求体必须是 JSON 对象", ""},
    {"42", "请求体必须是 JSON 对象", ""},
    {"null", "请求体必须是 JSON 对象", ""},
    {"", "请求体为空，应为 JSON 对象", ""},
    {"  \r\n", "请求体为空，应为 JSON 对象", ""},
    {"{\"n\":99999999999999999999}", "请求体中的数字超出范围（第 1 行第 25 列）", ""},
    {"{\"s\":\"a\\u0000b\"}", "请求体不是有效的 JSON（第 1 行第 15 列）", ""},
};

Test(json, rejects_bad_bodies_with_chinese_messages)
{
    for (size_t i = 0; i < DJ_ARRAY_LEN(rejects); i++) {
        struct dj_err err;
        json_t *j = parse(rejects[i].body, &err);

        cr_assert_null(j, "case %zu accepted: %s", i, rejects[i].body);
        cr_assert_str_eq(err.message, rejects[i].message, "case %zu", i);
        cr_assert_str_eq(err.field, rejects[i].field, "case %zu", i);
        cr_assert_neq(err.detail[0], '\0', "case %zu has no developer detail", i);
    }
}

Test(json, nul_byte_in_body_is_rejected)
{
    static const char body[] = "{\"a\":1}\0{}";
    struct dj_err err;
    json_t *j = NULL;

    cr_assert_eq(dj_json_parse_body(body, sizeof(body) - 1, &j, &err), DJ_EINVAL);
    cr_assert_null(j);
}

Test(json, accepts_chinese_text)
{
    struct dj_err err;
    json_t *j = parse("{\"name\":\"张三\",\"org\":\"第一党支部\",\"n\":9007199254740993}", &err);

    cr_assert_not_null(j, "%s", err.message);
    cr_assert_str_eq(json_string_value(json_object_get(j, "name")), "张三");
    cr_assert_str_eq(json_string_value(json_object_get(j, "org")), "第一党支部");
    cr_assert_eq(json_integer_value(json_object_get(j, "n")), 9007199254740993LL,
                 "64-bit integers are exact");
    json_decref(j);
}

Test(json, accepts_escaped_unicode_and_whitespace)
{
    struct dj_err err;
    json_t *j = parse(" \n{\"a\":\"\\u515a\",\"b\":[true,false,null,1.5]}\n ", &err);

    cr_assert_not_null(j, "%s", err.message);
    cr_assert_str_eq(json_string_value(json_object_get(j, "a")), "党");
    json_decref(j);
}

/* "{"a":" repeated: depth counts the top-level object as 1. */
static char *nested(int depth)
{
    struct dj_buf b;

    dj_buf_init(&b, 0);
    for (int i = 1; i < depth; i++)
        dj_buf_adds(&b, i % 2 ? "{\"a\":" : "[");
    dj_buf_adds(&b, depth % 2 ? "{}" : "[]");
    for (int i = depth - 1; i >= 1; i--)
        dj_buf_adds(&b, i % 2 ? "}" : "]");
    return dj_buf_detach(&b, NULL);
}

Test(json, nesting_up_to_limit_is_accepted)
{
    char *s = nested(DJ_JSON_MAX_DEPTH);
    struct dj_err err;
    json_t *j = parse(s, &err);

    cr_assert_not_null(j, "depth %d: %s", DJ_JSON_MAX_DEPTH, err.message);
    json_decref(j);
    free(s);
}

Test(json, nesting_beyond_limit_is_rejected)
{
    char *s = nested(DJ_JSON_MAX_DEPTH + 1);
    struct dj_err err;

    cr_assert_null(parse(s, &err));
    cr_assert_str_eq(err.message, "JSON 嵌套层数超过 32 层");
    free(s);
    s = nested(5000);
    cr_assert_null(parse(s, &err), "jansson's own limit also holds");
    free(s);
}

Test(json, resp_json_serialises_utf8_compactly)
{
    struct dj_resp resp;

    memset(&resp, 0, sizeof(resp));
    dj_resp_json(&resp, 201, json_pack("{s:s,s:i}", "name", "张三", "id", 7));
    cr_assert_eq(resp.status, 201);
    cr_assert_str_eq(dj_buf_str(&resp.body), "{\"name\":\"张三\",\"id\":7}");
    cr_assert_str_eq(resp.content_type, "application/json; charset=utf-8");
    dj_buf_release(&resp.body);
}

Test(json, resp_json_null_is_internal_error)
{
    struct dj_resp resp;

    memset(&resp, 0, sizeof(resp));
    dj_resp_json(&resp, 200, NULL);
    cr_assert_eq(resp.status, 500);
    cr_assert(strstr(dj_buf_str(&resp.body), "\"code\":\"internal\""));
    dj_buf_release(&resp.body);
}

Test(json, resp_error_shape)
{
    struct dj_resp resp;

    memset(&resp, 0, sizeof(resp));
    dj_resp_text(&resp, 200, NULL, "old", 3);
    dj_resp_error(&resp, 422, "invalid", "id_number", "身份证号码校验位不正确");
    cr_assert_eq(resp.status, 422);
    cr_assert_str_eq(dj_buf_str(&resp.body),
                     "{\"error\":{\"code\":\"invalid\",\"field\":"
                     "\"id_number\",\"message\":\"身份证号码校验位不正确\"}}");
    dj_resp_error(&resp, 400, "invalid", NULL, "x");
    cr_assert_str_eq(dj_buf_str(&resp.body),
                     "{\"error\":{\"code\":\"invalid\",\"field\":\"\",\"message\":\"x\"}}");
    dj_resp_error(&resp, 400, "invalid", "\xff", "x");
    cr_assert(strstr(dj_buf_str(&resp.body), "\"field\":\"\""), "invalid UTF-8 field dropped");
    dj_buf_release(&resp.body);
}

Test(json, resp_text_keeps_bytes_and_type)
{
    struct dj_resp resp;

    memset(&resp, 0, sizeof(resp));
    dj_resp_text(&resp, 200, "text/csv; charset=utf-8", "a,b\n\0c", 6);
    cr_assert_eq(resp.body.len, 6);
    cr_assert_eq(memcmp(resp.body.data, "a,b\n\0c", 6), 0);
    cr_assert_str_eq(resp.content_type, "text/csv; charset=utf-8");
    dj_resp_text(&resp, 404, NULL, "x", 1);
    cr_assert_str_eq(resp.content_type, "text/plain; charset=utf-8");
    cr_assert_str_eq(dj_buf_str(&resp.body), "x");
    dj_buf_release(&resp.body);
}
