/*
 * orgstats.c - GET /api/orgs/{id}/findings (set-up checks of the subtree) and
 * GET /api/orgs/{id}/stats (member and organisation statistics of the
 * subtree). Both judge "today" (time.today / DJ_TODAY when set).
 */
#include "base/compat.h"
#include "api/api.h"
#include "base/config.h"
#include "base/date.h"
#include "svc/findings.h"
#include "svc/stats.h"

/* Optional text filter: NULL when absent or empty, DJ_EINVAL when longer than max bytes. */
static int query_text(const struct dj_req *req, const char *name, const char *label, size_t max,
                      const char **out, struct dj_err *err)
{
    const char *s = dj_req_query(req, name);

    *out = s && *s ? s : NULL;
    if (*out && strlen(*out) > max)
        return dj_err_set(err, DJ_EINVAL, name, "「%s」过长", label);
    return 0;
}

static json_t *finding_json(const struct dj_findings_item *it, struct dj_arena *arena)
{
    const struct dj_finding *f = &it->f;
    const struct dj_rule *r = f->rule;
    char since[11], tag[2] = {r->tag, '\0'};
    json_t *numbers, *o;

    numbers =
        json_pack("{s:o,s:I,s:s,s:s}", "actual",
                  f->has_actual ? json_integer(f->actual) : json_null(), "threshold",
                  (json_int_t)f->threshold, "comparison", dj_rule_cmp_str(f->cmp), "unit", r->unit);
    if (f->since_kind != DJ_SINCE_NONE)
        json_object_set_new(numbers, "since", json_string(dj_date_format(f->since, since)));
    o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "check", dj_setup_check_name(f->check),
                  "rule_id", r->id, "document", r->source, "article", r->article,
                  "rule_description", r->desc, "tag", tag, "severity",
                  f->error ? "error" : "warning");
    /* "document article", as docs/rules.md prints them */
    json_object_set_new(o, "source",
                        json_string(*r->article
                                        ? dj_arena_printf(arena, "%s %s", r->source, r->article)
                                        : r->source));
    json_object_set_new(o, "org_id", json_integer(it->org_id));
    json_object_set_new(o, "org_name", json_string(it->org_name));
    json_object_set_new(o, "org_path", json_string(it->org_path));
    json_object_set_new(o, "org_kind", json_string(it->org_kind));
    json_object_set_new(o, "unit_id", it->unit_id ? json_integer(it->unit_id) : json_null());
    json_object_set_new(o, "unit_name", it->unit_name ? json_string(it->unit_name) : json_null());
    json_object_set_new(o, "message", json_string(it->message));
    json_object_set_new(o, "numbers", numbers);
    return o;
}

static int h_findings(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_findings_query q = {0};
    struct dj_findings_page page;
    json_t *items, *by_rule, *by_check, *totals;
    char today[11];
    int rc = dj_api_param_id(req, "id", &q.org_id, err);

    if (!rc)
        rc = dj_api_query_int(req, "limit", 1, DJ_FINDINGS_MAX_LIMIT, 100, &q.limit, err);
    if (!rc)
        rc = dj_api_query_int(req, "offset", 0, INT64_MAX, 0, &q.offset, err);
    if (!rc)
        rc = query_text(req, "severity", "严重程度", 16, &q.severity, err);
    if (!rc)
        rc = query_text(req, "rule_id", "规则编号", 80, &q.rule_id, err);
    if (!rc)
        rc = query_text(req, "check", "检查项", 64, &q.check, err);
    if (rc)
        return rc;
    q.today = dj_date_today(req->cfg->utc_offset_minutes);
    rc = dj_findings_list(req->db, dj_api_actor(req), &q, req->arena, &page, err);
    if (rc)
        return rc;

    items = json_array();
    for (int i = 0; i < page.n; i++)
        json_array_append_new(items, finding_json(&page.items[i], req->arena));
    by_rule = json_array();
    for (int i = 0; i < page.nrules; i++)
        json_array_append_new(by_rule, json_pack("{s:s,s:I}", "rule_id", page.by_rule[i].key,
                                                 "count", (json_int_t)page.by_rule[i].n));
    by_check = json_array();
    for (int i = 0; i < page.nchecks; i++)
        json_array_append_new(by_check, json_pack("{s:s,s:I}", "check", page.by_check[i].key,
                                                  "count", (json_int_t)page.by_check[i].n));
    totals = json_pack("{s:I,s:I,s:I,s:o,s:o}", "all", (json_int_t)page.all, "errors",
                       (json_int_t)page.errors, "warnings", (json_int_t)page.warnings, "by_rule",
                       by_rule, "by_check", by_check);
    dj_resp_json(resp, 200,
                 json_pack("{s:I,s:s,s:s,s:s,s:I,s:I,s:I,s:o,s:o}", "org_id",
                           (json_int_t)page.org.id, "org_name", page.org.name, "org_path",
                           page.org.path, "date", dj_date_format(q.today, today), "total",
                           (json_int_t)page.total, "limit", (json_int_t)q.limit, "offset",
                           (json_int_t)q.offset, "totals", totals, "items", items));
    return 0;
}

static json_t *dim_json(const struct dj_stats_dim *d)
{
    json_t *a = json_array();

    for (int i = 0; i < d->n; i++)
        json_array_append_new(a, json_pack("{s:s,s:s,s:I}", "code", d->b[i].code, "label",
                                           d->b[i].label, "count", (json_int_t)d->b[i].count));
    return a;
}

static int h_stats(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_org_stats s;
    int64_t id;
    char on[11];
    json_t *o;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_stats_org(req->db, dj_api_actor(req), id,
                          dj_date_today(req->cfg->utc_offset_minutes), req->arena, &s, err);
    if (rc)
        return rc;
    o = json_pack("{s:I,s:s,s:s,s:s,s:I,s:I}", "org_id", (json_int_t)s.org.id, "org_name",
                  s.org.name, "org_path", s.org.path, "date", dj_date_format(s.on, on), "members",
                  (json_int_t)s.members, "orgs", (json_int_t)s.orgs);
    json_object_set_new(o, "by_category", dim_json(&s.category));
    json_object_set_new(o, "by_gender", dim_json(&s.gender));
    json_object_set_new(o, "by_age", dim_json(&s.age));
    json_object_set_new(o, "by_education", dim_json(&s.education));
    json_object_set_new(o, "by_ethnicity", dim_json(&s.ethnicity));
    json_object_set_new(o, "by_domain", dim_json(&s.domain));
    json_object_set_new(o, "by_party_age", dim_json(&s.party_age));
    json_object_set_new(o, "orgs_by_kind", dim_json(&s.org_kind));
    dj_resp_json(resp, 200, o);
    return 0;
}

/* Four segments, so they never collide with /api/orgs/{id}; listed before the org table anyway. */
const struct dj_route dj_api_orgstats_routes[] = {
    {"GET", "/api/orgs/{id}/findings", h_findings, 0},
    {"GET", "/api/orgs/{id}/stats", h_stats, 0},
    {NULL, NULL, NULL, 0},
};
