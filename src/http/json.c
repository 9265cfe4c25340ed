/*
 * json.c - JSON request bodies in, JSON (and text) response bodies out.
 *
 * Parsing is strict: one JSON object, no duplicate keys, valid UTF-8, nothing
 * after the closing brace but whitespace, at most DJ_JSON_MAX_DEPTH levels of
 * nesting. Errors carry a Simplified Chinese message for the user and
 * jansson's English text as the developer detail.
 *
 * This file must not depend on libmicrohttpd: the body fuzzer links it alone.
 */
#include "base/compat.h"
#include "http/http.h"
#include "http/http_int.h"

#define JSON_CONTENT_TYPE "application/json; charset=utf-8"

/* True if a container nested inside j (j itself at `depth`) exceeds the limit. */
static bool too_deep(json_t *j, int depth)
{
    if (!json_is_object(j) && !json_is_array(j))
        return false;
    if (depth > DJ_JSON_MAX_DEPTH)
        return true;
    if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v)
        {
            if (too_deep(v, depth + 1))
                return true;
        }
    } else {
        const char *k;
        json_t *v;
        json_object_foreach(j, k, v)
        {
            if (too_deep(v, depth + 1))
                return true;
        }
    }
    return false;
}

/*
 * jansson reports a duplicate key as "duplicate object key near '<token>'",
 * where <token> is the key as written, quotes and escapes included. Decode the
 * token back into the key; fall back to the raw token if that fails (e.g. the
 * text was truncated).
 */
static void duplicate_key_name(const char *text, char *out, size_t outsz)
{
    const char *start = strstr(text, "near '");
    const char *end;
    json_t *s;

    out[0] = '\0';
    if (!start)
        return;
    start += strlen("near '");
    end = strrchr(start, '\'');
    if (!end || end <= start)
        return;
    s = json_loadb(start, (size_t)(end - start), JSON_DECODE_ANY, NULL);
    if (json_is_string(s))
        dj_strlcpy(out, json_string_value(s), outsz);
    else
        dj_strlcpy(out, start, DJ_MIN(outsz, (size_t)(end - start) + 1));
    json_decref(s);
}

static int parse_error(const json_error_t *je, struct dj_err *err)
{
    char key[sizeof(err->field)];
    int rc;

    switch (json_error_code(je)) {
    case json_error_invalid_utf8:
        rc = dj_err_set(err, DJ_EINVAL, NULL, "请求体含有无效的 UTF-8 编码");
        break;
    case json_error_duplicate_key:
        duplicate_key_name(je->text, key, sizeof(key));
        rc = dj_err_set(err, DJ_EINVAL, key, "JSON 中有重复的字段：%s", key);
        break;
    case json_error_numeric_overflow:
        rc = dj_err_set(err, DJ_EINVAL, NULL, "请求体中的数字超出范围（第 %d 行第 %d 列）",
                        je->line, je->column);
        break;
    default:
        rc = dj_err_set(err, DJ_EINVAL, NULL, "请求体不是有效的 JSON（第 %d 行第 %d 列）", je->line,
                        je->column);
        break;
    }
    dj_err_detail(err, "json: %s (line %d column %d byte %d)", je->text, je->line, je->column,
                  je->position);
    return rc;
}

int dj_json_parse_body(const char *body, size_t len, json_t **out, struct dj_err *err)
{
    json_error_t je;
    json_t *j;
    size_t i;

    *out = NULL;
    for (i = 0; i < len; i++)
        if (body[i] != ' ' && body[i] != '\t' && body[i] != '\r' && body[i] != '\n')
            break;
    if (i == len) {
        dj_err_set(err, DJ_EINVAL, NULL, "请求体为空，应为 JSON 对象");
        return dj_err_detail(err, "json: empty body");
    }
    j = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
    if (!j)
        return parse_error(&je, err);
    if (!json_is_object(j)) {
        json_decref(j);
        dj_err_set(err, DJ_EINVAL, NULL, "请求体必须是 JSON 对象");
        return dj_err_detail(err, "json: top-level value is not an object");
    }
    if (too_deep(j, 1)) {
        json_decref(j);
        dj_err_set(err, DJ_EINVAL, NULL, "JSON 嵌套层数超过 %d 层", DJ_JSON_MAX_DEPTH);
        return dj_err_detail(err, "json: nesting deeper than %d", DJ_JSON_MAX_DEPTH);
    }
    *out = j;
    return 0;
}

/* Empty the body, making a zero-filled resp usable. */
static void body_reset(struct dj_resp *resp)
{
    if (!resp->body.cap)
        dj_buf_init(&resp->body, 0);
    dj_buf_reset(&resp->body);
    resp->file_path = NULL;
}

static int dump_to_buf(const char *p, size_t n, void *data)
{
    return dj_buf_add(data, p, n) ? -1 : 0;
}

void dj_resp_json(struct dj_resp *resp, int status, json_t *json)
{
    body_reset(resp);
    if (!json || json_dump_callback(json, dump_to_buf, &resp->body, JSON_COMPACT) != 0) {
        json_decref(json);
        dj_resp_error(resp, 500, "internal", "", "服务器内部错误：无法生成响应");
        return;
    }
    json_decref(json);
    resp->status = status;
    resp->content_type = JSON_CONTENT_TYPE;
}

void dj_resp_error(struct dj_resp *resp, int status, const char *code, const char *field,
                   const char *message)
{
    /* json_string() refuses invalid UTF-8, and field may echo client input. */
    json_t *f = json_string(field ? field : "");
    json_t *m = json_string(message ? message : "");
    json_t *e = json_object();
    json_t *root = json_object();

    json_object_set_new(e, "code", json_string(code ? code : "internal"));
    json_object_set_new(e, "field", f ? f : json_string(""));
    json_object_set_new(e, "message", m ? m : json_string("服务器内部错误"));
    json_object_set_new(root, "error", e);
    body_reset(resp);
    json_dump_callback(root, dump_to_buf, &resp->body, JSON_COMPACT);
    json_decref(root);
    resp->status = status;
    resp->content_type = JSON_CONTENT_TYPE;
}

void dj_resp_text(struct dj_resp *resp, int status, const char *content_type, const char *text,
                  size_t len)
{
    body_reset(resp);
    if (dj_buf_add(&resp->body, text, len)) {
        dj_resp_error(resp, 500, "internal", "", "服务器内部错误：响应过大");
        return;
    }
    resp->status = status;
    resp->content_type = content_type ? content_type : "text/plain; charset=utf-8";
}
