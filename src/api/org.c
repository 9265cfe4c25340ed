/*
 * org.c - the organisation API: /api/orgs (list, create, search), one
 * organisation (read, edit, move, dissolve, path, counts) and its posts.
 * Parsing and rendering only; svc/org.c decides permissions and rules.
 *
 * Route order matters (first match wins, see http/router.c): the literal
 * /api/orgs/search comes before /api/orgs/{id}.
 */
#include "base/compat.h"
#include "api/api.h"
#include "base/date.h"
#include "model/dict.h"
#include "model/org_rec.h"
#include "svc/org.h"

#define SEARCH_DEFAULT_LIMIT 20
#define SEARCH_MAX_OFFSET 1000000

static json_t *org_json(const struct dj_req *req, const struct dj_org_rec *r)
{
    return dj_rec_to_json(&dj_org_desc, r, dj_org_json_opts(dj_api_actor(req), r));
}

static json_t *orgs_json(const struct dj_req *req, const struct dj_org_rec *recs, int n)
{
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, org_json(req, &recs[i]));
    return arr;
}

static json_t *post_json(const struct dj_org_post *p)
{
    json_t *o = dj_rec_to_json(&dj_org_post_desc, p, DJ_OUT_UNMASKED);
    if (!p->member_id)
        json_object_set_new(o, "member_id", json_null());
    json_object_set_new(o, "current", json_boolean(!dj_date_isset(p->end_on)));
    return o;
}

/* A required date in a body, with a message naming the field by its label. */
static int q_include_dissolved(struct dj_req *req, bool *out, struct dj_err *err)
{
    int64_t v;
    int rc = dj_api_query_int(req, "include_dissolved", 0, 1, 0, &v, err);
    *out = v == 1;
    return rc;
}

/* GET /api/orgs?parent_id=&include_dissolved= */
static int h_list(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_org_rec *recs;
    int64_t parent;
    bool all;
    int n, rc = dj_api_query_int(req, "parent_id", 0, INT64_MAX, 0, &parent, err);

    if (!rc)
        rc = q_include_dissolved(req, &all, err);
    if (!rc)
        rc = dj_org_list(req->db, dj_api_actor(req), parent, all, req->arena, &recs, &n, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, json_pack("{s:o}", "items", orgs_json(req, recs, n)));
    return 0;
}

/* POST /api/orgs */
static int h_create(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_org_rec in = {0}, out;
    int rc = dj_rec_from_json(&dj_org_desc, req->json, &in, DJ_REC_CREATE, req->arena, err);

    if (!rc)
        rc = dj_org_create_rec(req->db, dj_api_actor(req), &in, req->arena, &out, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 201, org_json(req, &out));
    return 0;
}

/* GET /api/orgs/search?q=&limit=&offset=&include_dissolved= */
static int h_search(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_org_search q = {0};
    struct dj_org_rec *recs;
    int64_t total;
    int n, rc;

    q.name = dj_req_query(req, "q");
    rc = dj_api_query_int(req, "limit", 1, DJ_ORG_SEARCH_MAX_LIMIT, SEARCH_DEFAULT_LIMIT, &q.limit,
                          err);
    if (!rc)
        rc = dj_api_query_int(req, "offset", 0, SEARCH_MAX_OFFSET, 0, &q.offset, err);
    if (!rc)
        rc = q_include_dissolved(req, &q.include_dissolved, err);
    if (!rc)
        rc = dj_org_search(req->db, dj_api_actor(req), &q, req->arena, &recs, &n, &total, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200,
                 json_pack("{s:o,s:I,s:I,s:I}", "items", orgs_json(req, recs, n), "total",
                           (json_int_t)total, "limit", (json_int_t)q.limit, "offset",
                           (json_int_t)q.offset));
    return 0;
}

/* GET /api/orgs/{id} */
static int h_get(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_org_rec r;
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_org_read(req->db, dj_api_actor(req), id, req->arena, &r, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, org_json(req, &r));
    return 0;
}

/* PATCH /api/orgs/{id} */
static int h_patch(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_org_rec patch = {0}, out;
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_rec_from_json(&dj_org_desc, req->json, &patch, DJ_REC_PATCH, req->arena, err);
    if (!rc)
        rc = dj_org_update(req->db, dj_api_actor(req), id, &patch, req->arena, &out, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, org_json(req, &out));
    return 0;
}

/* POST /api/orgs/{id}/move {parent_id} */
static int h_move(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_org_rec out;
    int64_t id, parent = 0;
    const struct dj_api_field fields[] = {
        {"parent_id", DJ_JT_INT, true, 0, "新的上级组织", &parent, NULL},
    };
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc)
        rc = dj_org_move(req->db, dj_api_actor(req), id, parent, req->arena, &out, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, org_json(req, &out));
    return 0;
}

/* POST /api/orgs/{id}/dissolve {dissolved_on, reason} */
static int h_dissolve(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_org_rec out;
    struct dj_date on;
    const char *date = NULL, *reason = NULL;
    int64_t id;
    const struct dj_api_field fields[] = {
        {"dissolved_on", DJ_JT_STRING, true, 10, "撤销日期", &date, NULL},
        {"reason", DJ_JT_STRING, true, 500, "撤销原因", &reason, NULL},
    };
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc)
        rc = dj_api_body_date(date, "dissolved_on", "撤销日期", false, &on, err);
    if (!rc)
        rc = dj_org_dissolve(req->db, dj_api_actor(req), id, on, reason, req->arena, &out, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, org_json(req, &out));
    return 0;
}

/* GET /api/orgs/{id}/path */
static int h_path(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_org_rec *recs;
    int64_t id;
    int n, rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_org_path(req->db, dj_api_actor(req), id, req->arena, &recs, &n, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, json_pack("{s:o}", "items", orgs_json(req, recs, n)));
    return 0;
}

/* [{code, label, count}] for every entry of a dictionary, in its order, zeros included. */
static json_t *count_list(const char *dict_name, const struct dj_org_count *c, int n)
{
    const struct dj_dict *d = dj_dict_find(dict_name);
    json_t *arr = json_array();

    for (size_t i = 0; d && i < d->n; i++) {
        int64_t count = 0;
        for (int k = 0; k < n; k++)
            if (!strcmp(c[k].key, d->entries[i].code))
                count = c[k].n;
        json_array_append_new(arr, json_pack("{s:s,s:s,s:I}", "code", d->entries[i].code, "label",
                                             d->entries[i].label, "count", (json_int_t)count));
    }
    return arr;
}

/* GET /api/orgs/{id}/counts */
static int h_counts(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_org_counts c;
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_org_counts(req->db, dj_api_actor(req), id, &c, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200,
                 json_pack("{s:I,s:{s:I,s:I,s:o},s:{s:I,s:o}}", "org_id", (json_int_t)id, "orgs",
                           "active", (json_int_t)c.orgs_active, "dissolved",
                           (json_int_t)c.orgs_dissolved, "by_kind",
                           count_list("org_kind", c.kinds, c.nkinds), "members", "total",
                           (json_int_t)c.members, "by_category",
                           count_list("member_category", c.categories, c.ncategories)));
    return 0;
}

/* GET /api/orgs/{id}/posts */
static int h_posts(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_org_post *posts;
    json_t *arr;
    int64_t id;
    int n, rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_org_posts(req->db, dj_api_actor(req), id, req->arena, &posts, &n, err);
    if (rc)
        return rc;
    arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, post_json(&posts[i]));
    dj_resp_json(resp, 200, json_pack("{s:o}", "items", arr));
    return 0;
}

/* POST /api/orgs/{id}/posts */
static int h_post_add(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_org_post in = {0}, out;
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_rec_from_json(&dj_org_post_desc, req->json, &in, DJ_REC_CREATE, req->arena, err);
    if (!rc)
        rc = dj_org_post_add(req->db, dj_api_actor(req), id, &in, req->arena, &out, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 201, post_json(&out));
    return 0;
}

/* POST /api/orgs/{id}/posts/{post_id}/end {end_on} */
static int h_post_end(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_org_post out;
    struct dj_date on;
    const char *date = NULL;
    int64_t id, post_id;
    const struct dj_api_field fields[] = {
        {"end_on", DJ_JT_STRING, true, 10, "离任日期", &date, NULL},
    };
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_param_id(req, "post_id", &post_id, err);
    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc)
        rc = dj_api_body_date(date, "end_on", "离任日期", false, &on, err);
    if (!rc)
        rc = dj_org_post_end(req->db, dj_api_actor(req), id, post_id, on, req->arena, &out, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, post_json(&out));
    return 0;
}

/* clang-format off */
const struct dj_route dj_api_org_routes[] = {
    {"GET",   "/api/orgs",                             h_list,     0},
    {"POST",  "/api/orgs",                             h_create,   0},
    {"GET",   "/api/orgs/search",                      h_search,   0},
    {"GET",   "/api/orgs/{id}",                        h_get,      0},
    {"PATCH", "/api/orgs/{id}",                        h_patch,    0},
    {"POST",  "/api/orgs/{id}/move",                   h_move,     0},
    {"POST",  "/api/orgs/{id}/dissolve",               h_dissolve, 0},
    {"GET",   "/api/orgs/{id}/path",                   h_path,     0},
    {"GET",   "/api/orgs/{id}/counts",                 h_counts,   0},
    {"GET",   "/api/orgs/{id}/posts",                  h_posts,    0},
    {"POST",  "/api/orgs/{id}/posts",                  h_post_add, 0},
    {"POST",  "/api/orgs/{id}/posts/{post_id}/end",    h_post_end, 0},
    {NULL, NULL, NULL, 0},
};
/* clang-format on */
