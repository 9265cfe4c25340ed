/* meta.c - GET /api/meta: record descriptors, dictionaries and the password policy for the UI. */
#include "base/compat.h"
#include "api/api.h"
#include "base/config.h"
#include "model/desc.h"

static int h_meta(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    json_t *meta = dj_meta_json();
    (void)err;
    json_object_set_new(meta, "password_policy",
                        json_pack("{s:i,s:i}", "min_length", req->cfg->password_min_length,
                                  "min_classes", req->cfg->password_min_classes));
    json_object_set_new(meta, "session_idle_minutes", json_integer(req->cfg->session_idle_minutes));
    dj_resp_json(resp, 200, meta);
    return 0;
}

const struct dj_route dj_api_meta_routes[] = {
    {"GET", "/api/meta", h_meta, DJ_ROUTE_PUBLIC},
    {NULL, NULL, NULL, 0},
};
