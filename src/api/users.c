/* users.c - GET/POST /api/users, POST /api/users/{id}/roles. */
#include "base/compat.h"
#include "api/api.h"

static int h_list(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_user_row *rows;
    json_t *arr;
    int n, rc = dj_users_list(req->db, dj_api_actor(req), req->arena, &rows, &n, err);

    if (rc)
        return rc;
    arr = json_array();
    for (int i = 0; i < n; i++) {
        struct dj_role roles[DJ_MAX_ROLES];
        int nr = 0;
        json_t *jr = json_array();
        dj_store_user_roles(req->db, rows[i].id, roles, DJ_MAX_ROLES, &nr, NULL);
        for (int j = 0; j < nr; j++)
            json_array_append_new(
                jr, json_pack("{s:s,s:s,s:I}", "role", dj_role_name(roles[j].kind), "label",
                              dj_role_label(roles[j].kind), "org_id", (json_int_t)roles[j].org_id));
        json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:b,s:b,s:o}", "id",
                                             (json_int_t)rows[i].id, "username", rows[i].username,
                                             "display_name", rows[i].display_name, "disabled",
                                             rows[i].disabled, "must_change_password",
                                             rows[i].must_change_pw, "roles", jr));
    }
    dj_resp_json(resp, 200, json_pack("{s:o}", "items", arr));
    return 0;
}

static int h_create(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_user_new u = {0};
    const char *role = NULL;
    int64_t org_id = 0, id = 0;
    bool must_change = true;
    const struct dj_api_field fields[] = {
        {"username", DJ_JT_STRING, true, 32, "用户名", &u.username, NULL},
        {"display_name", DJ_JT_STRING, true, 32, "姓名", &u.display_name, NULL},
        {"password", DJ_JT_STRING, true, 200, "初始密码", &u.password, NULL},
        {"role", DJ_JT_STRING, true, 32, "角色", &role, NULL},
        {"org_id", DJ_JT_INT, false, 0, "所属组织", &org_id, NULL},
        {"must_change_password", DJ_JT_BOOL, false, 0, "首次登录须改密码", &must_change, NULL},
    };
    int rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);

    if (rc)
        return rc;
    if (dj_role_parse(role, &u.role))
        return dj_err_set(err, DJ_EINVAL, "role", "「角色」的取值不在字典中");
    u.has_role = true;
    u.org_id = org_id;
    u.must_change_pw = must_change;
    rc = dj_user_create(req->db, dj_api_actor(req), &u, &id, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 201,
                 json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "username", u.username,
                           "display_name", u.display_name));
    return 0;
}

static int h_grant(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    const char *role = NULL;
    int64_t org_id = 0, user_id;
    enum dj_role_kind kind;
    const struct dj_api_field fields[] = {
        {"role", DJ_JT_STRING, true, 32, "角色", &role, NULL},
        {"org_id", DJ_JT_INT, false, 0, "所属组织", &org_id, NULL},
    };
    int rc = dj_api_param_id(req, "id", &user_id, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, 2, err);
    if (rc)
        return rc;
    if (dj_role_parse(role, &kind))
        return dj_err_set(err, DJ_EINVAL, "role", "「角色」的取值不在字典中");
    rc = dj_user_grant(req->db, dj_api_actor(req), user_id, kind, org_id, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 201,
                 json_pack("{s:I,s:s,s:I}", "user_id", (json_int_t)user_id, "role", role, "org_id",
                           (json_int_t)org_id));
    return 0;
}

const struct dj_route dj_api_users_routes[] = {
    {"GET", "/api/users", h_list, 0},
    {"POST", "/api/users", h_create, 0},
    {"POST", "/api/users/{id}/roles", h_grant, 0},
    {NULL, NULL, NULL, 0},
};
