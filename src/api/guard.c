/* guard.c - session, CSRF and error rendering for every API request. */
#include "base/compat.h"
#include "api/api.h"
#include "base/log.h"
#include "store/db.h"

static bool is_mutating(const char *method)
{
    return strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "OPTIONS");
}

const struct dj_actor *dj_api_actor(const struct dj_req *req)
{
    return req->session ? &req->session->actor : NULL;
}

int dj_api_guard(struct dj_req *req, const struct dj_route *route, struct dj_err *err)
{
    const char *token;
    struct dj_session *s;
    int rc;

    req->db = dj_db_thread(err);
    if (!req->db)
        return err && err->code ? err->code : DJ_EDB;
    token = dj_req_cookie(req, DJ_SESSION_COOKIE);
    if (route->flags & DJ_ROUTE_PUBLIC) {
        if (token) {
            s = dj_arena_zalloc(req->arena, sizeof(*s));
            if (dj_auth_session(req->db, token, req->client_ip, s, NULL) == 0)
                req->session = s;
        }
        return 0;
    }
    s = dj_arena_zalloc(req->arena, sizeof(*s));
    rc = dj_auth_session(req->db, token, req->client_ip, s, err);
    if (rc)
        return rc;
    req->session = s;
    if (is_mutating(req->method) && !(route->flags & DJ_ROUTE_NOCSRF)) {
        rc = dj_auth_check_csrf(s, dj_req_header(req, "X-CSRF-Token"), err);
        if (rc)
            return rc;
    }
    if (s->must_change_pw && strcmp(req->path, "/api/me") &&
        strcmp(req->path, "/api/me/password") && strcmp(req->path, "/api/logout") &&
        strcmp(req->path, "/api/meta"))
        return dj_err_set(err, DJ_EPERM, NULL, "请先修改初始密码");
    return 0;
}

int dj_api_status(int code)
{
    switch (code) {
    case DJ_EINVAL:
        return 400;
    case DJ_ENOTFOUND:
        return 404;
    case DJ_EPERM:
        return 403;
    case DJ_EAUTH:
        return 401;
    case DJ_ECONFLICT:
        return 409;
    case DJ_ETOOBIG:
        return 413;
    case DJ_ELOCKED:
        return 429;
    case DJ_ECSRF:
        return 403;
    case DJ_EMETHOD:
        return 405;
    case DJ_EMEDIA:
        return 415;
    case DJ_EBUSY:
        return 503;
    default:
        return 500;
    }
}

void dj_api_render_err(struct dj_req *req, struct dj_resp *resp, const struct dj_err *err)
{
    int code = err && err->code ? err->code : DJ_EINTERNAL;
    int status = dj_api_status(code);
    const char *msg = err && err->message[0] ? err->message : "服务器内部错误";

    if (status >= 500) {
        char q[300];
        dj_log(DJ_LOG_ERROR, "request failed", "code=%s detail=%s", dj_err_name(code),
               dj_log_quote(q, sizeof(q), err ? err->detail : ""));
        if (status == 500)
            msg = "服务器内部错误，请稍后重试或联系管理员";
    }
    (void)req;
    dj_resp_error(resp, status, dj_err_name(code), err ? err->field : "", msg);
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

int dj_api_fields(const json_t *body, const struct dj_api_field *fields, int n, struct dj_err *err)
{
    const char *key;
    json_t *val;

    if (!body || !json_is_object(body))
        return dj_err_set(err, DJ_EINVAL, NULL, "请求体必须是 JSON 对象");
    json_object_foreach((json_t *)body, key, val)
    {
        bool known = false;
        for (int i = 0; i < n && !known; i++)
            known = !strcmp(fields[i].key, key);
        if (!known)
            return dj_err_set(err, DJ_EINVAL, key, "未知字段：%s", key);
    }
    for (int i = 0; i < n; i++) {
        const struct dj_api_field *f = &fields[i];
        val = json_object_get(body, f->key);
        if (f->present)
            *f->present = val != NULL && !json_is_null(val);
        if (!val || json_is_null(val)) {
            if (f->required)
                return dj_err_set(err, DJ_EINVAL, f->key, "「%s」不能为空", f->label);
            continue;
        }
        switch (f->type) {
        case DJ_JT_STRING: {
            int max = f->max_len ? f->max_len : 256;
            if (!json_is_string(val))
                return dj_err_set(err, DJ_EINVAL, f->key, "「%s」应为文本", f->label);
            if (f->required && json_string_length(val) == 0)
                return dj_err_set(err, DJ_EINVAL, f->key, "「%s」不能为空", f->label);
            if (strlen(json_string_value(val)) != json_string_length(val))
                return dj_err_set(err, DJ_EINVAL, f->key, "「%s」含有非法字符", f->label);
            if (utf8_chars(json_string_value(val)) > (size_t)max)
                return dj_err_set(err, DJ_EINVAL, f->key, "「%s」不能超过 %d 个字符", f->label,
                                  max);
            *(const char **)f->out = json_string_value(val);
            break;
        }
        case DJ_JT_INT:
            if (!json_is_integer(val))
                return dj_err_set(err, DJ_EINVAL, f->key, "「%s」应为整数", f->label);
            *(int64_t *)f->out = json_integer_value(val);
            break;
        case DJ_JT_BOOL:
            if (!json_is_boolean(val))
                return dj_err_set(err, DJ_EINVAL, f->key, "「%s」应为 true 或 false", f->label);
            *(bool *)f->out = json_is_true(val);
            break;
        }
    }
    return 0;
}

int dj_api_param_id(const struct dj_req *req, const char *name, int64_t *out, struct dj_err *err)
{
    const char *s = dj_req_param(req, name);
    if (!s || dj_parse_i64(s, out) || *out <= 0 || s[0] == '+' || s[0] == '0')
        return dj_err_set(err, DJ_EINVAL, name, "路径参数 %s 应为正整数", name);
    return 0;
}

int dj_api_query_int(const struct dj_req *req, const char *name, int64_t min, int64_t max,
                     int64_t def, int64_t *out, struct dj_err *err)
{
    const char *s = dj_req_query(req, name);
    if (!s || !*s) {
        *out = def;
        return 0;
    }
    if (dj_parse_i64(s, out) || *out < min || *out > max)
        return dj_err_set(err, DJ_EINVAL, name, "查询参数 %s 应为 %lld 到 %lld 之间的整数", name,
                          (long long)min, (long long)max);
    return 0;
}

void dj_api_ok(struct dj_resp *resp)
{
    dj_resp_json(resp, 200, json_pack("{s:b}", "ok", 1));
}

int dj_api_body_date(const char *s, const char *key, const char *label, bool optional,
                     struct dj_date *out, struct dj_err *err)
{
    struct dj_err inner = {0};

    *out = (struct dj_date){0, 0, 0};
    if (optional && (!s || !*s))
        return 0;
    if (dj_date_parse(s, out, key, &inner))
        return dj_err_set(err, DJ_EINVAL, key, "「%s」填写有误：%s", label, inner.message);
    return 0;
}

int dj_api_query_date(const struct dj_req *req, const char *name, struct dj_date def,
                      struct dj_date *out, struct dj_err *err)
{
    const char *s = dj_req_query(req, name);

    *out = def;
    if (!s || !*s)
        return 0;
    return dj_date_parse(s, out, name, err);
}
