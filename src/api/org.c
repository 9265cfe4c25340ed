/* org.c - GET/POST /api/orgs, GET /api/orgs/{id} (foundation skeleton of the tree). */
#include "base/compat.h"
#include "api/api.h"
#include "model/dict.h"
#include "model/org_rec.h"
#include "svc/org.h"

static json_t *org_json(const struct dj_org_row *o)
{
    const struct dj_dict *kinds = dj_dict_find("org_kind");
    const char *kind_label = kinds ? dj_dict_label(kinds, o->kind) : NULL;
    return json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)o->id, "parent_id",
                     (json_int_t)o->parent_id, "path", o->path, "code", o->code, "name", o->name,
                     "kind", o->kind, "kind_label", kind_label ? kind_label : "", "domain",
                     o->domain, "status", o->status);
}

static int h_children(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_org_row *rows;
    int64_t parent;
    json_t *arr;
    int n, rc = dj_api_query_int(req, "parent_id", 0, INT64_MAX, 0, &parent, err);

    if (!rc)
        rc = dj_org_children(req->db, dj_api_actor(req), parent, req->arena, &rows, &n, err);
    if (rc)
        return rc;
    arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, org_json(&rows[i]));
    dj_resp_json(resp, 200, json_pack("{s:o}", "items", arr));
    return 0;
}

static int h_get(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_org_row o;
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_org_get(req->db, dj_api_actor(req), id, &o, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, org_json(&o));
    return 0;
}

static int h_create(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_org_rec rec = {0};
    struct dj_org_new o = {0};
    struct dj_org_row out;
    int rc = dj_rec_from_json(&dj_org_desc, req->json, &rec, DJ_REC_CREATE, req->arena, err);

    if (rc)
        return rc;
    o.parent_id = rec.parent_id;
    o.code = rec.code;
    o.name = rec.name;
    o.kind = rec.kind;
    o.domain = rec.domain;
    rc = dj_org_create(req->db, dj_api_actor(req), &o, &out, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 201, org_json(&out));
    return 0;
}

const struct dj_route dj_api_org_routes[] = {
    {"GET", "/api/orgs", h_children, 0},
    {"POST", "/api/orgs", h_create, 0},
    {"GET", "/api/orgs/{id}", h_get, 0},
    {NULL, NULL, NULL, 0},
};
