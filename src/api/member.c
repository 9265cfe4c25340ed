/*
 * member.c - the member database API: list and search, create, read (masked,
 * or unmasked on request and audited), edit, status, move, exact look-up by
 * ID number (in a POST body, never in a URL), history, the caller's own
 * record, and the link to an account. svc/member.c decides every permission.
 */
#include "base/compat.h"
#include "api/api.h"
#include "model/member_rec.h"
#include "svc/member.h"

/* Render a record; `unmasked` only after svc has allowed and audited it. */
static json_t *member_json(const struct dj_member_rec *m, bool unmasked)
{
    json_t *o = dj_rec_to_json(&dj_member_desc, m, unmasked ? DJ_OUT_UNMASKED : 0);
    json_object_set_new(o, "masked", json_boolean(!unmasked));
    return o;
}

static json_t *items_json(const struct dj_member_rec *rows, int n)
{
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, member_json(&rows[i], false));
    return arr;
}

/* ?unmasked=1|true|0|false (absent = masked). */
static int want_unmasked(const struct dj_req *req, bool *out, struct dj_err *err)
{
    const char *s = dj_req_query(req, "unmasked");

    *out = false;
    if (!s || !*s || !strcmp(s, "0") || !strcmp(s, "false"))
        return 0;
    if (!strcmp(s, "1") || !strcmp(s, "true")) {
        *out = true;
        return 0;
    }
    return dj_err_set(err, DJ_EINVAL, "unmasked", "查询参数 unmasked 应为 1 或 0");
}

/* An optional text query parameter, at most max characters. */
static int query_text(const struct dj_req *req, const char *name, size_t max, const char **out,
                      struct dj_err *err)
{
    const char *s = dj_req_query(req, name);

    *out = s && *s ? s : NULL;
    if (*out && (!dj_utf8_valid(*out) || dj_utf8_len(*out) > max))
        return dj_err_set(err, DJ_EINVAL, name, "查询参数 %s 过长或含有无效字符", name);
    return 0;
}

static int h_list(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_member_query q;
    struct dj_member_rec *rows;
    int64_t org, amin, amax, year, limit, offset, total;
    const char *order;
    int n, rc;

    memset(&q, 0, sizeof(q));
    if ((rc = dj_api_query_int(req, "org_id", 1, INT64_MAX, 0, &org, err)) ||
        (rc = dj_api_query_int(req, "age_min", 0, 150, -1, &amin, err)) ||
        (rc = dj_api_query_int(req, "age_max", 0, 150, -1, &amax, err)) ||
        (rc = dj_api_query_int(req, "joined_year", 1921, 9998, 0, &year, err)) ||
        (rc = dj_api_query_int(req, "limit", 1, 200, 50, &limit, err)) ||
        (rc = dj_api_query_int(req, "offset", 0, 100000000, 0, &offset, err)) ||
        (rc = query_text(req, "q", 30, &q.q, err)) ||
        (rc = query_text(req, "category", 32, &q.category, err)) ||
        (rc = query_text(req, "status", 32, &q.status, err)) ||
        (rc = query_text(req, "gender", 32, &q.gender, err)) ||
        (rc = query_text(req, "education", 32, &q.education, err)) ||
        (rc = query_text(req, "domain", 32, &q.domain, err)) ||
        (rc = query_text(req, "sort", 32, &q.sort, err)) ||
        (rc = query_text(req, "order", 8, &order, err)))
        return rc;
    if (order && strcmp(order, "asc") && strcmp(order, "desc"))
        return dj_err_set(err, DJ_EINVAL, "order", "查询参数 order 应为 asc 或 desc");
    q.org_id = org;
    q.age_min = (int)amin;
    q.age_max = (int)amax;
    q.joined_year = (int)year;
    q.desc = order && !strcmp(order, "desc");
    q.limit = (int)limit;
    q.offset = (int)offset;
    rc = dj_member_list(req->db, dj_api_actor(req), &q, req->arena, &rows, &n, &total, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200,
                 json_pack("{s:o,s:I,s:I,s:I}", "items", items_json(rows, n), "total",
                           (json_int_t)total, "limit", (json_int_t)limit, "offset",
                           (json_int_t)offset));
    return 0;
}

static int h_create(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_member_rec in = {0}, out;
    int rc = dj_rec_from_json(&dj_member_desc, req->json, &in, DJ_REC_CREATE, req->arena, err);

    if (!rc)
        rc = dj_member_create(req->db, dj_api_actor(req), &in, req->arena, &out, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 201, member_json(&out, false));
    return 0;
}

static int h_get(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_member_rec m;
    bool unmasked;
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = want_unmasked(req, &unmasked, err);
    if (!rc)
        rc = dj_member_get(req->db, dj_api_actor(req), id, unmasked, req->arena, &m, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, member_json(&m, unmasked));
    return 0;
}

static int h_self(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_member_rec m;
    bool unmasked;
    int rc = want_unmasked(req, &unmasked, err);

    if (!rc)
        rc = dj_member_self(req->db, dj_api_actor(req), unmasked, req->arena, &m, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, member_json(&m, unmasked));
    return 0;
}

static int h_patch(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_member_rec patch = {0}, out;
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_rec_from_json(&dj_member_desc, req->json, &patch, DJ_REC_PATCH, req->arena, err);
    if (!rc && !patch.set)
        rc = dj_err_set(err, DJ_EINVAL, NULL, "没有要修改的字段");
    if (!rc)
        rc = dj_member_update(req->db, dj_api_actor(req), id, &patch, req->arena, &out, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, member_json(&out, false));
    return 0;
}

static int h_status(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_member_status_change c = {0};
    struct dj_member_rec out;
    struct dj_err inner = {0};
    const char *date = NULL;
    int64_t id;
    const struct dj_api_field fields[] = {
        {"status", DJ_JT_STRING, true, 32, "状态", &c.status, NULL},
        {"date", DJ_JT_STRING, true, 10, "状态日期", &date, NULL},
        {"leave_kind", DJ_JT_STRING, false, 32, "出党方式", &c.leave_kind, NULL},
        {"reason", DJ_JT_STRING, false, 200, "状态说明", &c.reason, NULL},
    };
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc && dj_date_parse(date, &c.on, "date", &inner))
        rc = dj_err_set(err, DJ_EINVAL, "date", "「状态日期」%s", inner.message);
    if (!rc)
        rc = dj_member_set_status(req->db, dj_api_actor(req), id, &c, req->arena, &out, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, member_json(&out, false));
    return 0;
}

static int h_move(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_member_rec out;
    int64_t id, org = 0;
    const struct dj_api_field fields[] = {
        {"org_id", DJ_JT_INT, true, 0, "所在党支部", &org, NULL},
    };
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc)
        rc = dj_member_move(req->db, dj_api_actor(req), id, org, req->arena, &out, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, member_json(&out, false));
    return 0;
}

static int h_lookup(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_member_rec *rows;
    const char *number = NULL;
    const struct dj_api_field fields[] = {
        {"id_number", DJ_JT_STRING, true, 40, "身份证号码", &number, NULL},
    };
    int n, rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);

    if (!rc)
        rc = dj_member_lookup(req->db, dj_api_actor(req), number, req->arena, &rows, &n, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, json_pack("{s:o}", "items", items_json(rows, n)));
    return 0;
}

static json_t *parsed(const char *s)
{
    json_t *j;
    if (!s)
        return json_null();
    j = json_loads(s, 0, NULL);
    return j ? j : json_string(s);
}

static int h_history(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_audit_row *rows;
    int64_t id, after, limit;
    json_t *arr;
    int n, rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_query_int(req, "after_id", 0, INT64_MAX, 0, &after, err);
    if (!rc)
        rc = dj_api_query_int(req, "limit", 1, 500, 100, &limit, err);
    if (!rc)
        rc = dj_member_history(req->db, dj_api_actor(req), id, after, (int)limit, req->arena, &rows,
                               &n, err);
    if (rc)
        return rc;
    arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            arr, json_pack("{s:I,s:s,s:I,s:s,s:s,s:o,s:o}", "id", (json_int_t)rows[i].id, "at",
                           rows[i].at, "user_id", (json_int_t)rows[i].user_id, "username",
                           rows[i].username, "action", rows[i].action, "before",
                           parsed(rows[i].before_json), "after", parsed(rows[i].after_json)));
    dj_resp_json(resp, 200,
                 json_pack("{s:o,s:I}", "items", arr, "next_after_id",
                           (json_int_t)(n == limit && n > 0 ? rows[n - 1].id : 0)));
    return 0;
}

static int h_link(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    int64_t id, user = 0;
    const struct dj_api_field fields[] = {
        {"user_id", DJ_JT_INT, false, 0, "关联账号", &user, NULL},
    };
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc && user < 0)
        rc = dj_err_set(err, DJ_EINVAL, "user_id",
                        "「关联账号」应为账号 ID，0 或 null 表示解除关联");
    if (!rc)
        rc = dj_member_link_user(req->db, dj_api_actor(req), id, user, err);
    if (rc)
        return rc;
    dj_api_ok(resp);
    return 0;
}

const struct dj_route dj_api_member_routes[] = {
    {"GET", "/api/members", h_list, 0},
    {"POST", "/api/members", h_create, 0},
    {"POST", "/api/members/lookup", h_lookup, 0},
    {"GET", "/api/members/{id}", h_get, 0},
    {"PATCH", "/api/members/{id}", h_patch, 0},
    {"POST", "/api/members/{id}/status", h_status, 0},
    {"POST", "/api/members/{id}/move", h_move, 0},
    {"POST", "/api/members/{id}/user", h_link, 0},
    {"GET", "/api/members/{id}/history", h_history, 0},
    {"GET", "/api/me/member", h_self, 0},
    {NULL, NULL, NULL, 0},
};
