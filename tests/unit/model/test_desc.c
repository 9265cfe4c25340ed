/*
 * test_desc.c - record descriptors: JSON in/out, masking, SQL, registry, meta.
 *
 * Everything goes through one test record with a field of every type. All
 * personal data here is synthetic (ID numbers are made up with a valid check
 * character).
 */
#include "base/compat.h"

#include <criterion/criterion.h>
#include <signal.h>

#include "base/date.h"
#include "model/desc.h"
#include "model/dict.h"
#include "model/records.h"
#include "store/db.h"

struct t_rec {
    uint64_t set;
    int64_t id;            /* INT, read-only */
    char *name;            /* TEXT, required, personal, max 10 */
    char *note;            /* TEXT, multiline */
    int64_t count;         /* INT, max 100 */
    bool active;           /* BOOL */
    struct dj_date joined; /* DATE, required */
    int64_t dues;          /* MONEY, max 1000.00 元 */
    char *nation;          /* DICT nation */
    char *id_number;       /* IDCARD, personal, unique */
    char *phone;           /* PHONE, personal */
    char *pw_hash;         /* TEXT, secret */
    struct dj_date birth;  /* DATE, personal */
    int64_t free_amount;   /* MONEY, no max */
};

#define F(key, type, label, flags, member, max, dict)                                              \
    {                                                                                              \
        key, key, type, label, flags, offsetof(struct t_rec, member), max, dict, NULL              \
    }

static const struct dj_field t_fields[] = {
    F("id", DJ_FT_INT, "编号", DJ_FF_READONLY | DJ_FF_REQUIRED, id, 0, NULL),
    F("name", DJ_FT_TEXT, "姓名", DJ_FF_REQUIRED | DJ_FF_PERSONAL | DJ_FF_LIST, name, 10, NULL),
    F("note", DJ_FT_TEXT, "备注", DJ_FF_MULTILINE, note, 0, NULL),
    F("count", DJ_FT_INT, "人数", 0, count, 100, NULL),
    F("active", DJ_FT_BOOL, "是否在岗", 0, active, 0, NULL),
    F("joined", DJ_FT_DATE, "入党日期", DJ_FF_REQUIRED, joined, 0, NULL),
    F("dues", DJ_FT_MONEY, "月缴党费", 0, dues, 100000, NULL),
    F("nation", DJ_FT_DICT, "民族", 0, nation, 0, "nation"),
    F("id_number", DJ_FT_IDCARD, "身份证号码", DJ_FF_PERSONAL | DJ_FF_UNIQUE, id_number, 0, NULL),
    F("phone", DJ_FT_PHONE, "手机号码", DJ_FF_PERSONAL, phone, 0, NULL),
    F("pw_hash", DJ_FT_TEXT, "密码摘要", DJ_FF_SECRET, pw_hash, 0, NULL),
    F("birth", DJ_FT_DATE, "出生日期", DJ_FF_PERSONAL, birth, 0, NULL),
    F("free_amount", DJ_FT_MONEY, "金额", 0, free_amount, 0, NULL),
};

static const struct dj_record_desc t_desc = {
    "test",
    "测试记录",
    "test_rec",
    sizeof(struct t_rec),
    offsetof(struct t_rec, set),
    t_fields,
    (int)DJ_ARRAY_LEN(t_fields),
};

static struct dj_arena *arena;

static void setup(void)
{
    arena = dj_arena_new();
}

static void teardown(void)
{
    dj_arena_free(arena);
}

TestSuite(desc, .init = setup, .fini = teardown);

/* Parse `text` (JSON) into *rec in `mode`; returns the rc. */
static int parse(const char *text, unsigned mode, struct t_rec *rec, struct dj_err *err)
{
    json_error_t jerr;
    json_t *obj = json_loads(text, JSON_ALLOW_NUL, &jerr);
    int rc;

    cr_assert_not_null(obj, "bad test JSON %s: %s", text, jerr.text);
    memset(rec, 0, sizeof(*rec));
    dj_err_clear(err);
    rc = dj_rec_from_json(&t_desc, obj, rec, mode, arena, err);
    json_decref(obj);
    return rc;
}

static int idx(const char *key)
{
    const struct dj_field *f = dj_desc_field(&t_desc, key);
    cr_assert_not_null(f, "no field %s", key);
    return (int)(f - t_desc.fields);
}

#define VALID_MIN "\"name\":\"张三\",\"joined\":\"2020-07-01\""

Test(desc, create_all_fields)
{
    struct t_rec r;
    struct dj_err err;
    int rc = parse("{\"name\":\"  张三  \",\"note\":\"第一行\\n\\t第二行\",\"count\":100,"
                   "\"active\":true,\"joined\":\"2020-07-01\",\"dues\":\"1000.00\","
                   "\"nation\":\"01\",\"id_number\":\" 11010519900101103x \","
                   "\"phone\":\"138-0013 8000\",\"pw_hash\":\"h\",\"birth\":\"1990-01-01\","
                   "\"free_amount\":\"-12.5\"}",
                   DJ_REC_CREATE, &r, &err);

    cr_assert_eq(rc, 0, "rc %d: %s (%s)", rc, err.message, err.field);
    cr_expect_str_eq(r.name, "张三");
    cr_expect_str_eq(r.note, "第一行\n\t第二行");
    cr_expect_eq(r.count, 100);
    cr_expect(r.active);
    cr_expect_eq(r.joined.y, 2020);
    cr_expect_eq(r.joined.m, 7);
    cr_expect_eq(r.joined.d, 1);
    cr_expect_eq(r.dues, 100000);
    cr_expect_str_eq(r.nation, "01");
    cr_expect_str_eq(r.id_number, "11010519900101103X");
    cr_expect_str_eq(r.phone, "13800138000");
    cr_expect_str_eq(r.pw_hash, "h");
    cr_expect_eq(r.free_amount, -1250);
    cr_expect_not(dj_rec_isset(&t_desc, &r, idx("id")));
    cr_expect(dj_rec_isset(&t_desc, &r, idx("phone")));
    cr_expect_eq(r.set, ((uint64_t)1 << t_desc.nfields) - 2); /* all but id */
}

/* One rejected input: the JSON, the field named, a fragment of the message. */
struct reject_case {
    const char *json;
    unsigned mode;
    const char *field;
    const char *fragment;
};

static const struct reject_case rejects[] = {
    /* unknown and read-only keys */
    {"{" VALID_MIN ",\"nmae\":\"x\"}", DJ_REC_CREATE, "nmae", "未知字段：nmae"},
    {"{\"id\":5}", DJ_REC_PATCH, "id", "字段 id（编号）由系统生成，不能提交"},
    {"{\"id\":null}", DJ_REC_PATCH, "id", "由系统生成"},
    /* JSON type mismatches */
    {"{\"name\":12}", DJ_REC_PATCH, "name", "「姓名」应为文本"},
    {"{\"name\":[\"张三\"]}", DJ_REC_PATCH, "name", "「姓名」应为文本"},
    {"{\"count\":\"5\"}", DJ_REC_PATCH, "count", "「人数」应为整数"},
    {"{\"count\":5.0}", DJ_REC_PATCH, "count", "「人数」应为整数"},
    {"{\"count\":true}", DJ_REC_PATCH, "count", "「人数」应为整数"},
    {"{\"active\":1}", DJ_REC_PATCH, "active", "「是否在岗」应为布尔值"},
    {"{\"active\":\"true\"}", DJ_REC_PATCH, "active", "「是否在岗」应为布尔值"},
    {"{\"joined\":20200701}", DJ_REC_PATCH, "joined", "「入党日期」应为日期"},
    {"{\"dues\":30.5}", DJ_REC_PATCH, "dues", "「月缴党费」应为字符串形式的金额，如 \"30.00\""},
    {"{\"dues\":30}", DJ_REC_PATCH, "dues", "应为字符串形式的金额"},
    {"{\"nation\":1}", DJ_REC_PATCH, "nation", "「民族」应为文本"},
    {"{\"id_number\":110105199001011232}", DJ_REC_PATCH, "id_number", "「身份证号码」应为文本"},
    {"{\"phone\":13800138000}", DJ_REC_PATCH, "phone", "「手机号码」应为文本"},
    /* text length and content */
    {"{\"name\":\"一二三四五六七八九十一\"}", DJ_REC_PATCH, "name", "「姓名」不能超过 10 个字符"},
    {"{\"name\":\"abcdefghijk\"}", DJ_REC_PATCH, "name", "不能超过 10 个字符"},
    {"{\"name\":\"张\\u0001三\"}", DJ_REC_PATCH, "name", "「姓名」不能包含控制字符"},
    {"{\"name\":\"张\\u0000三\"}", DJ_REC_PATCH, "name", "「姓名」不能包含控制字符"},
    {"{\"name\":\"张\\u007f三\"}", DJ_REC_PATCH, "name", "不能包含控制字符"},
    {"{\"name\":\"张\\u0085三\"}", DJ_REC_PATCH, "name", "不能包含控制字符"},
    {"{\"name\":\"张\\t三\"}", DJ_REC_PATCH, "name", "不能包含控制字符"},
    {"{\"name\":\"张\\n三\"}", DJ_REC_PATCH, "name", "「姓名」不能包含换行"},
    {"{\"name\":\"张\\r三\"}", DJ_REC_PATCH, "name", "不能包含换行"},
    {"{\"note\":\"a\\u0007b\"}", DJ_REC_PATCH, "note", "「备注」不能包含控制字符"},
    {"{\"note\":\"a\\rb\"}", DJ_REC_PATCH, "note", "不能包含控制字符"},
    /* required */
    {"{\"joined\":\"2020-07-01\"}", DJ_REC_CREATE, "name", "「姓名」不能为空"},
    {"{\"name\":\"   \",\"joined\":\"2020-07-01\"}", DJ_REC_CREATE, "name", "「姓名」不能为空"},
    {"{\"name\":null,\"joined\":\"2020-07-01\"}", DJ_REC_CREATE, "name", "「姓名」不能为空"},
    {"{\"name\":\"张三\"}", DJ_REC_CREATE, "joined", "「入党日期」不能为空"},
    {"{\"name\":null}", DJ_REC_PATCH, "name", "「姓名」不能为空"},
    {"{\"name\":\"\"}", DJ_REC_PATCH, "name", "「姓名」不能为空"},
    {"{\"joined\":null}", DJ_REC_PATCH, "joined", "「入党日期」不能为空"},
    /* dates */
    {"{\"joined\":\"2020/07/01\"}", DJ_REC_PATCH, "joined", "「入党日期」填写有误：日期格式应为"},
    {"{\"joined\":\"2020-7-1\"}", DJ_REC_PATCH, "joined", "YYYY-MM-DD"},
    {"{\"joined\":\"2023-02-29\"}", DJ_REC_PATCH, "joined", "2023-02-29"},
    /* money */
    {"{\"dues\":\"abc\"}", DJ_REC_PATCH, "dues", "「月缴党费」填写有误：金额格式不正确"},
    {"{\"dues\":\"1.234\"}", DJ_REC_PATCH, "dues", "「月缴党费」"},
    {"{\"dues\":\"1000.01\"}", DJ_REC_PATCH, "dues", "「月缴党费」应在 0.00 到 1000.00 元之间"},
    {"{\"dues\":\"-1\"}", DJ_REC_PATCH, "dues", "应在 0.00 到 1000.00 元之间"},
    /* int range */
    {"{\"count\":101}", DJ_REC_PATCH, "count", "「人数」应在 0 到 100 之间"},
    {"{\"count\":-1}", DJ_REC_PATCH, "count", "「人数」应在 0 到 100 之间"},
    /* dictionaries */
    {"{\"nation\":\"57\"}", DJ_REC_PATCH, "nation", "「民族」的取值 \"57\" 不在字典「民族」中"},
    {"{\"nation\":\"汉族\"}", DJ_REC_PATCH, "nation", "的取值 \"汉族\" 不在字典「民族」中"},
    {"{\"nation\":\"1\"}", DJ_REC_PATCH, "nation", "不在字典「民族」中"},
    /* ID numbers */
    {"{\"id_number\":\"110105199001011233\"}", DJ_REC_PATCH, "id_number",
     "「身份证号码」填写有误：身份证号码校验位不正确"},
    {"{\"id_number\":\"110105900101123\"}", DJ_REC_PATCH, "id_number", "18位"},
    {"{\"id_number\":\"1101051990010112\"}", DJ_REC_PATCH, "id_number", "「身份证号码」"},
    /* phones */
    {"{\"phone\":\"1234\"}", DJ_REC_PATCH, "phone", "「手机号码」格式不正确，应为 5 到 20 位数字"},
    {"{\"phone\":\"138a0013800\"}", DJ_REC_PATCH, "phone", "「手机号码」格式不正确"},
    {"{\"phone\":\"138+0013800\"}", DJ_REC_PATCH, "phone", "格式不正确"},
    {"{\"phone\":\"(010)12345678\"}", DJ_REC_PATCH, "phone", "格式不正确"},
    {"{\"phone\":\"123456789012345678901\"}", DJ_REC_PATCH, "phone", "格式不正确"},
    {"{\"phone\":\"+-- \"}", DJ_REC_PATCH, "phone", "格式不正确"},
};

Test(desc, rejections_name_field_and_label)
{
    size_t i;

    for (i = 0; i < DJ_ARRAY_LEN(rejects); i++) {
        const struct reject_case *c = &rejects[i];
        struct t_rec r;
        struct dj_err err;
        int rc = parse(c->json, c->mode, &r, &err);

        cr_expect_eq(rc, DJ_EINVAL, "case %zu %s: rc %d", i, c->json, rc);
        cr_expect_eq(err.code, DJ_EINVAL, "case %zu %s", i, c->json);
        cr_expect_str_eq(err.field, c->field, "case %zu %s: field %s", i, c->json, err.field);
        cr_expect(strstr(err.message, c->fragment) != NULL,
                  "case %zu %s: message \"%s\" lacks \"%s\"", i, c->json, err.message, c->fragment);
    }
}

/* Accepted edge values. */
Test(desc, boundaries_accepted)
{
    struct t_rec r;
    struct dj_err err;

    cr_assert_eq(parse("{\"name\":\"一二三四五六七八九十\"}", DJ_REC_PATCH, &r, &err), 0, "%s",
                 err.message);
    cr_expect_eq(dj_utf8_len(r.name), 10);
    cr_assert_eq(
        parse("{\"name\":\"abcdefghij\",\"count\":0,\"dues\":\"0\"}", DJ_REC_PATCH, &r, &err), 0,
        "%s", err.message);
    cr_expect_eq(r.count, 0);
    cr_assert_eq(parse("{\"phone\":\"+86 138-0013-8000\"}", DJ_REC_PATCH, &r, &err), 0);
    cr_expect_str_eq(r.phone, "+8613800138000");
    cr_assert_eq(parse("{\"phone\":\"12345\"}", DJ_REC_PATCH, &r, &err), 0);
    cr_assert_eq(parse("{\"phone\":\"12345678901234567890\"}", DJ_REC_PATCH, &r, &err), 0);
    cr_assert_eq(parse("{\"free_amount\":\"9999999.99\"}", DJ_REC_PATCH, &r, &err), 0);
    cr_expect_eq(r.free_amount, 999999999);
    cr_assert_eq(parse("{\"joined\":\"2024-02-29\"}", DJ_REC_PATCH, &r, &err), 0);
    cr_assert_eq(parse("{\"nation\":\" 56 \"}", DJ_REC_PATCH, &r, &err), 0);
    cr_expect_str_eq(r.nation, "56");
}

Test(desc, default_text_caps)
{
    struct t_rec r;
    struct dj_err err;
    char json[64 + 4 * DJ_MULTILINE_MAX_DEFAULT];
    int n;

    /* The secret pw_hash field has max_len 0: the single-line default applies. */
    n = snprintf(json, sizeof(json), "{\"pw_hash\":\"%0*d\"}", DJ_TEXT_MAX_DEFAULT, 0);
    cr_assert(n > 0);
    cr_expect_eq(parse(json, DJ_REC_PATCH, &r, &err), 0);
    snprintf(json, sizeof(json), "{\"pw_hash\":\"%0*d\"}", DJ_TEXT_MAX_DEFAULT + 1, 0);
    cr_expect_eq(parse(json, DJ_REC_PATCH, &r, &err), DJ_EINVAL);
    cr_expect(strstr(err.message, "不能超过 200 个字符"), "%s", err.message);
    snprintf(json, sizeof(json), "{\"note\":\"%0*d\"}", DJ_MULTILINE_MAX_DEFAULT + 1, 0);
    cr_expect_eq(parse(json, DJ_REC_PATCH, &r, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "note");
}

Test(desc, unknown_field_long_key_is_clipped)
{
    struct t_rec r;
    struct dj_err err;
    json_t *field, *message;
    int rc = parse("{\"这是一个非常非常非常非常非常非常非常非常非常非常长的未知字段名称\":1}",
                   DJ_REC_PATCH, &r, &err);

    cr_assert_eq(rc, DJ_EINVAL);
    cr_expect(strstr(err.message, "未知字段：这是一个") != NULL, "%s", err.message);
    cr_expect(strstr(err.message, "…") != NULL, "%s", err.message);
    cr_expect(strlen(err.field) < sizeof(err.field));
    /* json_string() refuses invalid UTF-8 */
    field = json_string(err.field);
    message = json_string(err.message);
    cr_expect_not_null(field, "field must stay valid UTF-8: %s", err.field);
    cr_expect_not_null(message, "message must stay valid UTF-8");
    json_decref(field);
    json_decref(message);
}

Test(desc, not_an_object)
{
    struct t_rec r = {0};
    struct dj_err err;
    json_t *arr = json_array();

    cr_expect_eq(dj_rec_from_json(&t_desc, arr, &r, DJ_REC_CREATE, arena, &err), DJ_EINVAL);
    cr_expect(strstr(err.message, "JSON 对象") != NULL);
    cr_expect_eq(dj_rec_from_json(&t_desc, NULL, &r, DJ_REC_CREATE, arena, NULL), DJ_EINVAL);
    json_decref(arr);
}

Test(desc, null_err_still_returns_codes)
{
    struct t_rec r = {0};
    json_t *obj = json_pack("{s:s}", "joined", "2020-02-30");

    cr_expect_eq(dj_rec_from_json(&t_desc, obj, &r, DJ_REC_PATCH, arena, NULL), DJ_EINVAL);
    json_decref(obj);
}

Test(desc, patch_sets_only_given_fields)
{
    struct t_rec r;
    struct dj_err err;

    cr_assert_eq(parse("{\"count\":3}", DJ_REC_PATCH, &r, &err), 0);
    cr_expect_eq(r.set, (uint64_t)1 << idx("count"));
    cr_expect_eq(r.count, 3);
    /* the same input is incomplete for CREATE */
    cr_expect_eq(parse("{\"count\":3}", DJ_REC_CREATE, &r, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "name");
}

Test(desc, patch_null_and_empty_clear)
{
    struct t_rec r;
    struct dj_err err;

    cr_assert_eq(parse("{\"note\":null,\"count\":null,\"active\":null,\"birth\":null,"
                       "\"dues\":\"\",\"nation\":\" \",\"phone\":\"\",\"id_number\":null}",
                       DJ_REC_PATCH, &r, &err),
                 0, "%s", err.message);
    cr_expect_null(r.note);
    cr_expect_null(r.nation);
    cr_expect_null(r.phone);
    cr_expect_null(r.id_number);
    cr_expect_eq(r.count, 0);
    cr_expect_not(r.active);
    cr_expect_eq(r.birth.y, 0);
    cr_expect(dj_rec_isset(&t_desc, &r, idx("note")));
    cr_expect(dj_rec_isset(&t_desc, &r, idx("dues")));
    cr_expect(dj_rec_isset(&t_desc, &r, idx("nation")));
    cr_expect(dj_rec_isset(&t_desc, &r, idx("birth")));
    cr_expect_not(dj_rec_isset(&t_desc, &r, idx("name")));
}

Test(desc, create_null_and_empty_are_absent)
{
    struct t_rec r;
    struct dj_err err;

    cr_assert_eq(parse("{" VALID_MIN ",\"note\":null,\"phone\":\"  \",\"dues\":\"\"}",
                       DJ_REC_CREATE, &r, &err),
                 0, "%s", err.message);
    cr_expect_not(dj_rec_isset(&t_desc, &r, idx("note")));
    cr_expect_not(dj_rec_isset(&t_desc, &r, idx("phone")));
    cr_expect_not(dj_rec_isset(&t_desc, &r, idx("dues")));
}

static json_t *out_of(const char *text, unsigned opts)
{
    struct t_rec r;
    struct dj_err err;

    cr_assert_eq(parse(text, DJ_REC_PATCH, &r, &err), 0, "%s: %s", text, err.message);
    return dj_rec_to_json(&t_desc, &r, opts);
}

static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    cr_assert(json_is_string(v), "%s is not a string", key);
    return json_string_value(v);
}

Test(desc, output_masks_personal_fields)
{
    json_t *o = out_of("{\"name\":\"张三\",\"id_number\":\"11010519900101103X\","
                       "\"phone\":\"13800138000\",\"birth\":\"1990-01-01\",\"count\":7}",
                       0);

    cr_expect_str_eq(jstr(o, "name"), "张*");
    cr_expect_str_eq(jstr(o, "id_number"), "110105********103X");
    cr_expect_str_eq(jstr(o, "phone"), "138****8000");
    cr_expect(json_is_null(json_object_get(o, "birth")), "personal date hidden when masked");
    cr_expect_eq(json_integer_value(json_object_get(o, "count")), 7);
    json_decref(o);

    o = out_of("{\"name\":\"张三\",\"id_number\":\"11010519900101103X\","
               "\"phone\":\"13800138000\",\"birth\":\"1990-01-01\"}",
               DJ_OUT_UNMASKED);
    cr_expect_str_eq(jstr(o, "name"), "张三");
    cr_expect_str_eq(jstr(o, "id_number"), "11010519900101103X");
    cr_expect_str_eq(jstr(o, "phone"), "13800138000");
    cr_expect_str_eq(jstr(o, "birth"), "1990-01-01");
    json_decref(o);
}

Test(desc, output_types_and_labels)
{
    json_t *o = out_of("{\"dues\":\"300.01\",\"free_amount\":\"-1.5\",\"active\":false,"
                       "\"joined\":\"2021-06-30\",\"nation\":\"03\",\"pw_hash\":\"secret\"}",
                       0);

    cr_expect_str_eq(jstr(o, "dues"), "300.01");
    cr_expect_str_eq(jstr(o, "free_amount"), "-1.50");
    cr_expect(json_is_false(json_object_get(o, "active")));
    cr_expect_str_eq(jstr(o, "joined"), "2021-06-30");
    cr_expect_str_eq(jstr(o, "nation"), "03");
    cr_expect_str_eq(jstr(o, "nation_label"), "回族");
    cr_expect_null(json_object_get(o, "pw_hash"), "secret field must never be output");
    /* unset fields are present as null */
    cr_expect(json_is_null(json_object_get(o, "name")));
    cr_expect(json_is_null(json_object_get(o, "id")));
    cr_expect(json_is_null(json_object_get(o, "count")));
    json_decref(o);

    o = out_of("{}", DJ_OUT_UNMASKED);
    cr_expect(json_is_null(json_object_get(o, "nation")));
    cr_expect(json_is_null(json_object_get(o, "nation_label")));
    cr_expect_null(json_object_get(o, "pw_hash"));
    cr_expect_eq(json_object_size(o), (size_t)t_desc.nfields - 1 + 1); /* - secret + label */
    json_decref(o);
}

Test(desc, round_trip_json_struct_json)
{
    const char *in = "{\"name\":\"欧阳娜娜\",\"note\":\"多行\\n文本\",\"count\":42,\"active\":true,"
                     "\"joined\":\"2019-12-31\",\"dues\":\"12.30\",\"nation\":\"56\","
                     "\"id_number\":\"110105199001011232\",\"phone\":\"+8613800138000\","
                     "\"birth\":\"1990-01-01\",\"free_amount\":\"0.00\"}";
    json_t *want = json_loads(in, 0, NULL);
    json_t *got = out_of(in, DJ_OUT_UNMASKED);
    const char *key;
    json_t *v;

    cr_assert_not_null(want);
    json_object_foreach(want, key, v)
    {
        char *a = json_dumps(v, JSON_ENCODE_ANY),
             *b = json_dumps(json_object_get(got, key), JSON_ENCODE_ANY);
        cr_expect(json_equal(v, json_object_get(got, key)), "%s: want %s got %s", key, a,
                  b ? b : "(missing)");
        free(a);
        free(b);
    }
    cr_expect_str_eq(jstr(got, "nation_label"), "基诺族");
    cr_expect(json_is_null(json_object_get(got, "id")));
    json_decref(want);
    json_decref(got);
}

Test(desc, mask_helpers)
{
    char out[64];

    dj_mask_idcard("110105199001011232", out, sizeof(out));
    cr_expect_str_eq(out, "110105********1232");
    dj_mask_idcard("11010519900101103X", out, sizeof(out));
    cr_expect_str_eq(out, "110105********103X");
    dj_mask_phone("13800138000", out, sizeof(out));
    cr_expect_str_eq(out, "138****8000");
    dj_mask_phone("6543210", out, sizeof(out)); /* 7-digit landline: too short for 3+4 */
    cr_expect_str_eq(out, "*****10");
    dj_mask_name("张三", out, sizeof(out));
    cr_expect_str_eq(out, "张*");
    dj_mask_name("欧阳娜娜", out, sizeof(out));
    cr_expect_str_eq(out, "欧***");
    dj_mask_name("Alice", out, sizeof(out));
    cr_expect_str_eq(out, "A****");
    dj_mask_name("阿依古丽·买买提", out, sizeof(out));
    cr_expect_str_eq(out, "阿*******");
    dj_mask_name("张", out, sizeof(out));
    cr_expect_str_eq(out, "*");
    dj_mask_name("", out, sizeof(out));
    cr_expect_str_eq(out, "");
    dj_mask_name(NULL, out, sizeof(out));
    cr_expect_str_eq(out, "");
}

Test(desc, mask_truncates_at_character_boundary)
{
    char out[5];

    /* "张" is 3 bytes; "张*" fits in 5, "张**" (5 bytes + NUL) does not */
    dj_mask_name("张三丰", out, sizeof(out));
    cr_expect_str_eq(out, "张*");
    dj_mask_name("张三", out, 3); /* no room for "张" and the NUL */
    cr_expect_str_eq(out, "");
    dj_mask_idcard("110105199001011232", out, sizeof(out));
    cr_expect_str_eq(out, "1101");
    dj_mask_phone("13800138000", out, 1);
    cr_expect_str_eq(out, "");
}

Test(desc, utf8_len)
{
    cr_expect_eq(dj_utf8_len(""), 0);
    cr_expect_eq(dj_utf8_len("abc"), 3);
    cr_expect_eq(dj_utf8_len("张三"), 2);
    cr_expect_eq(dj_utf8_len("a张😀"), 3);
    cr_expect_eq(dj_utf8_len(NULL), 0);
}

Test(desc, field_lookup_and_mark)
{
    struct t_rec r = {0};

    cr_expect_str_eq(dj_desc_field(&t_desc, "phone")->label, "手机号码");
    cr_expect_null(dj_desc_field(&t_desc, "nope"));
    cr_expect_null(dj_desc_field(&t_desc, NULL));
    cr_expect_not(dj_rec_isset(&t_desc, &r, 0));
    dj_rec_mark(&t_desc, &r, 0);
    cr_expect(dj_rec_isset(&t_desc, &r, 0));
    cr_expect_not(dj_rec_isset(&t_desc, &r, -1));
    cr_expect_not(dj_rec_isset(&t_desc, &r, t_desc.nfields));
}

Test(desc, registry)
{
    cr_expect_null(dj_desc_find("test"));
    dj_model_register_all();
    dj_desc_register(&t_desc);
    dj_desc_register(&t_desc); /* again: no-op */
    cr_expect_eq(dj_desc_find("test"), &t_desc);
    cr_expect_null(dj_desc_find("nope"));
    cr_expect_null(dj_desc_find(NULL));
}

static const struct dj_field bad_dict_fields[] = {
    F("nation", DJ_FT_DICT, "民族", 0, nation, 0, "no_such_dict"),
};
static const struct dj_record_desc bad_dict_desc = {
    "bad", "坏", "bad", sizeof(struct t_rec), offsetof(struct t_rec, set), bad_dict_fields, 1,
};

Test(desc, register_rejects_unknown_dict, .signal = SIGABRT)
{
    dj_desc_register(&bad_dict_desc);
}

static const struct dj_field dup_fields[] = {
    F("name", DJ_FT_TEXT, "姓名", 0, name, 0, NULL),
    F("name", DJ_FT_TEXT, "姓名", 0, note, 0, NULL),
};
static const struct dj_record_desc dup_desc = {
    "dup", "重", "dup", sizeof(struct t_rec), offsetof(struct t_rec, set), dup_fields, 2,
};

Test(desc, register_rejects_duplicate_key, .signal = SIGABRT)
{
    dj_desc_register(&dup_desc);
}

Test(desc, register_rejects_duplicate_name, .signal = SIGABRT)
{
    struct dj_record_desc copy = t_desc;

    dj_desc_register(&t_desc);
    dj_desc_register(&copy);
}

static json_t *find_field(json_t *fields, const char *key)
{
    size_t i;
    json_t *f;

    json_array_foreach(fields, i, f)
    {
        if (!strcmp(json_string_value(json_object_get(f, "key")), key))
            return f;
    }
    return NULL;
}

Test(desc, meta_document)
{
    json_t *meta, *rec, *fields, *f, *nation, *first;

    dj_desc_register(&t_desc);
    meta = dj_meta_json();
    rec = json_object_get(json_object_get(meta, "records"), "test");
    cr_assert_not_null(rec);
    cr_expect_str_eq(jstr(rec, "label"), "测试记录");
    fields = json_object_get(rec, "fields");
    cr_assert(json_is_array(fields));
    cr_expect_eq(json_array_size(fields), (size_t)t_desc.nfields - 1, "secret field left out");
    cr_expect_null(find_field(fields, "pw_hash"));

    f = find_field(fields, "name");
    cr_assert_not_null(f);
    cr_expect_str_eq(jstr(f, "label"), "姓名");
    cr_expect_str_eq(jstr(f, "type"), "text");
    cr_expect(json_is_true(json_object_get(f, "required")));
    cr_expect(json_is_true(json_object_get(f, "personal")));
    cr_expect(json_is_true(json_object_get(f, "list")));
    cr_expect(json_is_false(json_object_get(f, "unique")));
    cr_expect(json_is_false(json_object_get(f, "readonly")));
    cr_expect(json_is_false(json_object_get(f, "multiline")));
    cr_expect_eq(json_integer_value(json_object_get(f, "max_len")), 10);
    cr_expect(json_is_null(json_object_get(f, "dict")));
    cr_expect(json_is_null(json_object_get(f, "help")));

    f = find_field(fields, "note");
    cr_expect(json_is_true(json_object_get(f, "multiline")));
    cr_expect_eq(json_integer_value(json_object_get(f, "max_len")), DJ_MULTILINE_MAX_DEFAULT);
    cr_expect_str_eq(jstr(find_field(fields, "nation"), "dict"), "nation");
    cr_expect_str_eq(jstr(find_field(fields, "nation"), "type"), "dict");
    cr_expect_str_eq(jstr(find_field(fields, "id_number"), "type"), "idcard");
    cr_expect(json_is_true(json_object_get(find_field(fields, "id_number"), "unique")));
    cr_expect_str_eq(jstr(find_field(fields, "phone"), "type"), "phone");
    cr_expect_str_eq(jstr(find_field(fields, "dues"), "type"), "money");
    cr_expect_str_eq(jstr(find_field(fields, "joined"), "type"), "date");
    cr_expect_str_eq(jstr(find_field(fields, "active"), "type"), "bool");
    cr_expect_str_eq(jstr(find_field(fields, "count"), "type"), "int");
    cr_expect(json_is_true(json_object_get(find_field(fields, "id"), "readonly")));

    nation = json_object_get(json_object_get(meta, "dicts"), "nation");
    cr_assert_not_null(nation);
    cr_expect_str_eq(jstr(nation, "label"), "民族");
    cr_expect_eq(json_array_size(json_object_get(nation, "entries")), 56);
    first = json_array_get(json_object_get(nation, "entries"), 0);
    cr_expect_str_eq(jstr(first, "code"), "01");
    cr_expect_str_eq(jstr(first, "label"), "汉族");
    cr_expect_not_null(json_object_get(json_object_get(meta, "dicts"), "role"));
    json_decref(meta);
}

/* ---- SQL round trip through the SQLite driver ---------------------------- */

static const char create_sql[] =
    "CREATE TABLE test_rec (id INTEGER PRIMARY KEY, name TEXT, note TEXT, count INTEGER,"
    " active INTEGER, joined TEXT, dues INTEGER, nation TEXT, id_number TEXT, phone TEXT,"
    " pw_hash TEXT, birth TEXT, free_amount INTEGER)";
static const char insert_sql[] =
    "INSERT INTO test_rec (name, note, count, active, joined, dues, nation, id_number, phone,"
    " pw_hash, birth, free_amount) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
static const char select_sql[] =
    "SELECT id, name, note, count, active, joined, dues, nation, id_number, phone, pw_hash,"
    " birth, free_amount FROM test_rec WHERE id = $1";

static struct dj_db *open_db(void)
{
    struct dj_db *db = NULL;
    struct dj_err err = {0};

    cr_assert_eq(dj_db_open(":memory:", &db, &err), 0, "%s %s", err.message, err.detail);
    cr_assert_eq(dj_db_exec(db, create_sql, &err), 0, "%s %s", err.message, err.detail);
    return db;
}

static void read_back(struct dj_db *db, int64_t id, struct t_rec *out)
{
    struct dj_stmt *st;
    struct dj_err err = {0};

    cr_assert_eq(dj_db_prepare(db, select_sql, &st, &err), 0, "%s", err.detail);
    cr_assert_eq(dj_stmt_bind_int64(st, 1, id), 0);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW, "%s", err.detail);
    memset(out, 0, sizeof(*out));
    cr_assert_eq(dj_rec_from_row(&t_desc, out, st, 0, arena), 0);
}

Test(desc, sql_round_trip)
{
    struct dj_db *db = open_db();
    struct dj_stmt *st;
    struct dj_err err = {0};
    struct t_rec in, back;

    cr_assert_eq(parse("{\"name\":\"李四\",\"note\":\"备注\\n第二行\",\"count\":9,\"active\":true,"
                       "\"joined\":\"2018-05-04\",\"dues\":\"25.50\",\"nation\":\"11\","
                       "\"id_number\":\"440304198506150015\",\"phone\":\"13900139000\","
                       "\"pw_hash\":\"$argon2id$x\",\"birth\":\"1985-06-15\","
                       "\"free_amount\":\"-3.00\"}",
                       DJ_REC_CREATE, &in, &err),
                 0, "%s", err.message);
    cr_assert_eq(dj_db_prepare(db, insert_sql, &st, &err), 0, "%s", err.detail);
    cr_assert_eq(dj_rec_bind(&t_desc, &in, NULL, st, 1, &err), 0, "%s", err.detail);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_DONE, "%s", err.detail);

    read_back(db, 1, &back);
    cr_expect_eq(back.set, ((uint64_t)1 << t_desc.nfields) - 1, "every column read sets its bit");
    cr_expect_eq(back.id, 1);
    cr_expect_str_eq(back.name, "李四");
    cr_expect_str_eq(back.note, "备注\n第二行");
    cr_expect_eq(back.count, 9);
    cr_expect(back.active);
    cr_expect_eq(dj_date_cmp(back.joined, in.joined), 0);
    cr_expect_eq(back.dues, 2550);
    cr_expect_str_eq(back.nation, "11");
    cr_expect_str_eq(back.id_number, "440304198506150015");
    cr_expect_str_eq(back.phone, "13900139000");
    cr_expect_str_eq(back.pw_hash, "$argon2id$x");
    cr_expect_eq(dj_date_cmp(back.birth, in.birth), 0);
    cr_expect_eq(back.free_amount, -300);
    dj_db_close(db);
}

Test(desc, sql_unset_fields_bind_null)
{
    struct dj_db *db = open_db();
    struct dj_stmt *st;
    struct dj_err err = {0};
    struct t_rec in, back;
    json_t *o;

    cr_assert_eq(parse("{" VALID_MIN "}", DJ_REC_CREATE, &in, &err), 0);
    cr_assert_eq(dj_db_prepare(db, insert_sql, &st, &err), 0);
    cr_assert_eq(dj_rec_bind(&t_desc, &in, NULL, st, 1, &err), 0);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_DONE, "%s", err.detail);

    read_back(db, 1, &back);
    cr_expect_null(back.note);
    cr_expect_null(back.nation);
    cr_expect_eq(back.birth.y, 0);
    cr_expect_not(back.active);
    o = dj_rec_to_json(&t_desc, &back, DJ_OUT_UNMASKED);
    cr_expect(json_is_null(json_object_get(o, "note")));
    cr_expect(json_is_null(json_object_get(o, "birth")));
    cr_expect(json_is_null(json_object_get(o, "nation_label")));
    cr_expect_eq(json_integer_value(json_object_get(o, "id")), 1);
    cr_expect_str_eq(jstr(o, "joined"), "2020-07-01");
    json_decref(o);
    dj_db_close(db);
}

Test(desc, sql_bind_by_keys)
{
    static const char *const keys[] = {"count", "nation", "id", NULL};
    static const char *const bad_keys[] = {"count", "nope", NULL};
    static const char update_sql[] = "UPDATE test_rec SET count = $2, nation = $3 WHERE id = $4";
    static const char insert_min[] = "INSERT INTO test_rec (id, name) VALUES ($1, 'x')";
    struct dj_db *db = open_db();
    struct dj_stmt *st;
    struct dj_err err = {0};
    struct t_rec in, back;

    cr_assert_eq(dj_db_prepare(db, insert_min, &st, &err), 0, "%s", err.detail);
    cr_assert_eq(dj_stmt_bind_int64(st, 1, 7), 0);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_DONE, "%s", err.detail);

    cr_assert_eq(parse("{\"count\":55,\"nation\":\"05\"}", DJ_REC_PATCH, &in, &err), 0);
    in.id = 7; /* server-set read-only field, marked by hand */
    dj_rec_mark(&t_desc, &in, idx("id"));
    cr_assert_eq(dj_db_prepare(db, update_sql, &st, &err), 0, "%s", err.detail);
    cr_assert_eq(dj_rec_bind(&t_desc, &in, keys, st, 2, &err), 0, "%s", err.detail);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_DONE, "%s", err.detail);
    cr_expect_eq(dj_db_changes(db), 1);

    read_back(db, 7, &back);
    cr_expect_eq(back.count, 55);
    cr_expect_str_eq(back.nation, "05");
    cr_expect_str_eq(back.name, "x");

    cr_assert_eq(dj_db_prepare(db, update_sql, &st, &err), 0);
    cr_expect_eq(dj_rec_bind(&t_desc, &in, bad_keys, st, 2, &err), DJ_EINTERNAL);
    cr_expect(strstr(err.detail, "nope") != NULL, "%s", err.detail);
    dj_db_close(db);
}

Test(desc, sql_row_too_narrow)
{
    struct dj_db *db = open_db();
    struct dj_stmt *st;
    struct dj_err err = {0};
    struct t_rec back = {0};

    cr_assert_eq(dj_db_prepare(db, "SELECT 1, 2", &st, &err), 0);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW);
    cr_expect_eq(dj_rec_from_row(&t_desc, &back, st, 0, arena), DJ_EINTERNAL);
    dj_db_close(db);
}
