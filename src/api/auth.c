/* auth.c - POST /api/login, POST /api/logout, GET /api/me, POST /api/me/password. */
#include "base/compat.h"
#include "api/api.h"
#include "base/config.h"
#include "svc/svc.h"

static json_t *roles_json(const struct dj_actor *a)
{
    json_t *arr = json_array();
    for (int i = 0; i < a->nroles; i++)
        json_array_append_new(arr,
                              json_pack("{s:s,s:s,s:I}", "role", dj_role_name(a->roles[i].kind),
                                        "label", dj_role_label(a->roles[i].kind), "org_id",
                                        (json_int_t)a->roles[i].org_id));
    return arr;
}

static json_t *me_json(const struct dj_session *s)
{
    const struct dj_actor *a = &s->actor;
    return json_pack("{s:I,s:s,s:s,s:o,s:b,s:s,s:I}", "id", (json_int_t)a->user_id, "username",
                     a->username, "display_name", a->display_name, "roles", roles_json(a),
                     "must_change_password", s->must_change_pw, "csrf_token", s->csrf,
                     "session_expires_at", (json_int_t)s->expires_at);
}

static void set_cookie(struct dj_req *req, struct dj_resp *resp, const char *value, int max_age)
{
    const char *secure = req->cfg && req->cfg->cookie_secure ? "; Secure" : "";
    dj_resp_header(req, resp, "Set-Cookie",
                   dj_arena_printf(req->arena,
                                   "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s",
                                   DJ_SESSION_COOKIE, value, max_age, secure));
}

static int h_login(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    const char *username = NULL, *password = NULL;
    const struct dj_api_field fields[] = {
        {"username", DJ_JT_STRING, true, 64, "用户名", &username, NULL},
        {"password", DJ_JT_STRING, true, 128, "密码", &password, NULL},
    };
    struct dj_session *s = dj_arena_zalloc(req->arena, sizeof(*s));
    char token[64];
    int rc = dj_api_fields(req->json, fields, 2, err);

    if (rc)
        return rc;
    rc = dj_auth_login(req->db, username, password, req->client_ip, token, sizeof(token), s, err);
    if (rc)
        return rc;
    set_cookie(req, resp, token, req->cfg->session_max_hours * 3600);
    dj_resp_json(resp, 200, me_json(s));
    return 0;
}

static int h_logout(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    int rc = dj_auth_logout(req->db, req->session, err);
    if (rc)
        return rc;
    set_cookie(req, resp, "", 0);
    dj_api_ok(resp);
    return 0;
}

static int h_me(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    (void)err;
    dj_resp_json(resp, 200, me_json(req->session));
    return 0;
}

static int h_password(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    const char *old_pw = NULL, *new_pw = NULL;
    const struct dj_api_field fields[] = {
        {"old_password", DJ_JT_STRING, true, 128, "原密码", &old_pw, NULL},
        {"new_password", DJ_JT_STRING, true, 200, "新密码", &new_pw, NULL},
    };
    int rc = dj_api_fields(req->json, fields, 2, err);

    if (!rc)
        rc = dj_auth_change_password(req->db, req->session, old_pw, new_pw, err);
    if (rc)
        return rc;
    dj_api_ok(resp);
    return 0;
}

static int h_health(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    (void)req;
    (void)err;
    dj_resp_json(resp, 200, json_pack("{s:s}", "status", "ok"));
    return 0;
}

const struct dj_route dj_api_auth_routes[] = {
    {"POST", "/api/login", h_login, DJ_ROUTE_PUBLIC | DJ_ROUTE_NOCSRF},
    {"POST", "/api/logout", h_logout, 0},
    {"GET", "/api/me", h_me, 0},
    {"POST", "/api/me/password", h_password, 0},
    {"GET", "/api/health", h_health, DJ_ROUTE_PUBLIC},
    {NULL, NULL, NULL, 0},
};
