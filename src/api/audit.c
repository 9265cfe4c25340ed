/* audit.c - GET /api/audit: the audit log of the caller's subtree. */
#include "base/compat.h"
#include "api/api.h"
#include "svc/audit.h"

static json_t *maybe_json(const char *s)
{
    json_t *j;
    if (!s)
        return json_null();
    j = json_loads(s, 0, NULL);
    return j ? j : json_string(s);
}

static json_t *opt_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

static int h_list(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_audit_filter f = {0};
    struct dj_audit_row *rows;
    int64_t before, limit;
    json_t *arr;
    int n, rc;

    rc = dj_api_query_int(req, "before_id", 0, INT64_MAX, 0, &before, err);
    if (!rc)
        rc = dj_api_query_int(req, "limit", 1, 200, 50, &limit, err);
    if (rc)
        return rc;
    f.before_id = before;
    f.limit = (int)limit;
    f.record_type = dj_req_query(req, "record_type");
    f.record_id = dj_req_query(req, "record_id");
    f.action = dj_req_query(req, "action");
    rc = dj_audit_list(req->db, dj_api_actor(req), &f, req->arena, &rows, &n, err);
    if (rc)
        return rc;
    arr = json_array();
    for (int i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(rows[i].id));
        json_object_set_new(o, "at", json_string(rows[i].at));
        json_object_set_new(o, "user_id", json_integer(rows[i].user_id));
        json_object_set_new(o, "username", json_string(rows[i].username));
        json_object_set_new(o, "action", json_string(rows[i].action));
        json_object_set_new(o, "record_type", json_string(rows[i].record_type));
        json_object_set_new(o, "record_id", opt_str(rows[i].record_id));
        json_object_set_new(o, "org_path", opt_str(rows[i].org_path));
        json_object_set_new(o, "before", maybe_json(rows[i].before_json));
        json_object_set_new(o, "after", maybe_json(rows[i].after_json));
        json_object_set_new(o, "client_ip", opt_str(rows[i].client_ip));
        json_object_set_new(o, "hash", json_string(rows[i].hash));
        json_array_append_new(arr, o);
    }
    dj_resp_json(resp, 200,
                 json_pack("{s:o,s:I}", "items", arr, "next_before_id",
                           (json_int_t)(n == f.limit && n > 0 ? rows[n - 1].id : 0)));
    return 0;
}

static int h_verify(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_audit_verify v;
    int rc;

    if (!dj_actor_is_sysadmin(dj_api_actor(req)))
        return dj_err_set(err, DJ_EPERM, NULL, "只有系统管理员可以校验整条审计链");
    rc = dj_audit_verify(req->db, &v, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200,
                 json_pack("{s:b,s:I,s:I,s:s}", "intact", v.broken_id == 0, "rows",
                           (json_int_t)v.rows, "broken_id", (json_int_t)v.broken_id, "reason",
                           v.reason));
    return 0;
}

const struct dj_route dj_api_audit_routes[] = {
    {"GET", "/api/audit", h_list, 0},
    {"GET", "/api/audit/verify", h_verify, 0},
    {NULL, NULL, NULL, 0},
};
