/* rules.c (api) - GET /api/rules, POST /api/rules/overrides. */
#include "base/compat.h"
#include "api/api.h"
#include "base/config.h"
#include "base/date.h"
#include "rules/ruletab.h"
#include "svc/rules.h"

static int h_list(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    const char *s = dj_req_query(req, "date");
    struct dj_date on;
    int rc;

    if (s && *s) {
        rc = dj_date_parse(s, &on, "date", err);
        if (rc)
            return rc;
    } else {
        on = dj_date_today(req->cfg->utc_offset_minutes);
    }
    dj_resp_json(resp, 200, json_pack("{s:o}", "items", dj_rules_json(on)));
    return 0;
}

static int h_override(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_override_new o = {0};
    const char *from = NULL;
    const struct dj_api_field fields[] = {
        {"rule_id", DJ_JT_STRING, true, 80, "规则编号", &o.rule_id, NULL},
        {"org_id", DJ_JT_INT, false, 0, "适用组织", &o.org_id, NULL},
        {"value", DJ_JT_INT, true, 0, "取值", &o.value, NULL},
        {"effective_from", DJ_JT_STRING, true, 10, "生效日期", &from, NULL},
        {"note", DJ_JT_STRING, false, 200, "依据说明", &o.note, NULL},
    };
    int rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);

    if (!rc)
        rc = dj_date_parse(from, &o.effective_from, "effective_from", err);
    if (!rc)
        rc = dj_rule_override_set(req->db, dj_api_actor(req), &o, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 201,
                 json_pack("{s:s,s:I,s:I,s:s}", "rule_id", o.rule_id, "org_id",
                           (json_int_t)o.org_id, "value", (json_int_t)o.value, "effective_from",
                           from));
    return 0;
}

const struct dj_route dj_api_rules_routes[] = {
    {"GET", "/api/rules", h_list, 0},
    {"POST", "/api/rules/overrides", h_override, 0},
    {NULL, NULL, NULL, 0},
};
