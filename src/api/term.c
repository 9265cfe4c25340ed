/*
 * term.c - the terms and elections API (换届): an organisation's terms, the
 * election form's live checks, recording an election or an older term, the
 * upper organisation's due list, and one term's extension and notices.
 * Parsing and rendering only; svc/term.c decides permissions and rules.
 *
 *   GET  /api/orgs/{id}/terms?on=             history, latest first, state on `on`
 *   POST /api/orgs/{id}/terms                 a term without an election result
 *   POST /api/orgs/{id}/terms/check           the checks of an election, nothing written
 *   POST /api/orgs/{id}/terms/elect           record an election (new term, committee posts)
 *   GET  /api/orgs/{id}/terms/due?on=&state=  the subtree's 换届 list
 *   GET  /api/terms/{id}?on=                  one term with its candidates
 *   POST /api/terms/{id}/extend               approve an extension (upper organisation)
 *   POST /api/terms/{id}/reminder             the reminder was sent (upper organisation)
 *   POST /api/terms/{id}/request              the 换届请示 was received (upper organisation)
 *   POST /api/terms/{id}/report               the 选举结果报告 was received (upper organisation)
 */
#include "base/compat.h"
#include "api/api.h"
#include "api/term.h"
#include "base/date.h"
#include "model/dict.h"
#include "rules/ruletab.h"
#include "svc/svc.h"
#include "svc/term.h"

static json_t *jdate(struct dj_date d)
{
    char b[11];
    return dj_date_isset(d) ? json_string(dj_date_format(d, b)) : json_null();
}

static json_t *jstr(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *view_json(const struct dj_term_view *v)
{
    const struct dj_term *t = &v->t;
    json_t *o = json_object();

    json_object_set_new(o, "id", json_integer((json_int_t)t->id));
    json_object_set_new(o, "org_id", json_integer((json_int_t)t->org_id));
    json_object_set_new(o, "seq", json_integer((json_int_t)t->seq));
    json_object_set_new(o, "elected_on", jdate(t->elected_on));
    json_object_set_new(o, "term_years", json_integer((json_int_t)t->term_years));
    json_object_set_new(o, "term_rule", jstr(t->term_rule));
    json_object_set_new(o, "expires_on", jdate(t->expires_on));
    json_object_set_new(o, "reminder_on", jdate(v->d.reminder_on));
    json_object_set_new(o, "request_due", jdate(v->d.request_due));
    json_object_set_new(o, "report_due", jdate(v->d.report_due));
    json_object_set_new(o, "last_ok", jdate(v->d.last_ok));
    json_object_set_new(o, "extended_until", jdate(t->extended_until));
    json_object_set_new(o, "extension",
                        dj_date_isset(t->extended_until)
                            ? json_pack("{s:o,s:I,s:o,s:o,s:o}", "approved_on",
                                        jdate(t->extension_approved_on), "org_id",
                                        (json_int_t)t->extension_org_id, "approver",
                                        jstr(t->extension_approver), "doc", jstr(t->extension_doc),
                                        "reason", jstr(t->extension_reason))
                            : json_null());
    json_object_set_new(o, "reminder_sent_on", jdate(t->reminder_sent_on));
    json_object_set_new(o, "reminder_note", jstr(t->reminder_note));
    json_object_set_new(o, "request_received_on", jdate(t->request_received_on));
    json_object_set_new(o, "request_doc", jstr(t->request_doc));
    json_object_set_new(o, "report_received_on", jdate(t->report_received_on));
    json_object_set_new(
        o, "election",
        t->expected_voters
            ? json_pack("{s:I,s:I,s:I,s:I}", "expected", (json_int_t)t->expected_voters, "present",
                        (json_int_t)t->present_voters, "seats", (json_int_t)t->seats, "candidates",
                        (json_int_t)t->candidates)
            : json_null());
    json_object_set_new(o, "note", jstr(t->note));
    json_object_set_new(o, "current", json_boolean(v->current));
    json_object_set_new(o, "state",
                        json_string(v->current ? dj_term_state_name(v->state) : "ended"));
    json_object_set_new(o, "state_label",
                        json_string(v->current ? dj_term_state_label(v->state) : "已换届"));
    json_object_set_new(o, "created_at", jstr(t->created_at));
    json_object_set_new(o, "updated_at", jstr(t->updated_at));
    return o;
}

static struct dj_date today(void)
{
    const struct dj_config *cfg = dj_svc()->cfg;
    return dj_date_today(cfg ? cfg->utc_offset_minutes : 480);
}

/* ?on=YYYY-MM-DD, today when absent. */
static int q_on(struct dj_req *req, struct dj_date *on, struct dj_err *err)
{
    const char *s = dj_req_query(req, "on");
    struct dj_err inner = {0};

    if (!s || !*s) {
        *on = today();
        return 0;
    }
    if (dj_date_parse(s, on, "on", &inner))
        return dj_err_set(err, DJ_EINVAL, "on", "「日期」填写有误：%s", inner.message);
    return 0;
}

/* GET /api/orgs/{id}/terms?on= */
static int h_list(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_term_view *v;
    struct dj_date on;
    int64_t id;
    json_t *arr;
    int n, rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = q_on(req, &on, err);
    if (!rc)
        rc = dj_term_list(req->db, dj_api_actor(req), id, on, req->arena, &v, &n, err);
    if (rc)
        return rc;
    arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, view_json(&v[i]));
    dj_resp_json(
        resp, 200,
        json_pack("{s:o,s:o,s:s,s:s}", "items", arr, "on", jdate(on), "state",
                  n ? dj_term_state_name(v[0].state) : "none", "state_label",
                  n ? dj_term_state_label(v[0].state) : dj_term_state_label(DJ_TERM_NONE)));
    return 0;
}

/* The term part of a body: seq, elected_on, term_years, note. */
static int parse_term_new(const json_t *body, struct dj_term_new *t, bool election,
                          struct dj_err *err)
{
    const char *date = NULL;
    int64_t expected = 0, present = 0, seats = 0;
    const struct dj_api_field term_fields[] = {
        {"seq", DJ_JT_INT, false, 0, "届次", &t->seq, NULL},
        {"elected_on", DJ_JT_STRING, true, 10, "选举日期", &date, NULL},
        {"term_years", DJ_JT_INT, false, 0, "任期（年）", &t->term_years, NULL},
        {"note", DJ_JT_STRING, false, 500, "备注", &t->note, NULL},
        /* the election keys, checked by parse_election */
        {"expected", DJ_JT_INT, false, 0, "应到会人数", &expected, NULL},
        {"present", DJ_JT_INT, false, 0, "实到会人数", &present, NULL},
        {"seats", DJ_JT_INT, false, 0, "应选人数", &seats, NULL},
    };
    json_t *copy;
    int rc;

    memset(t, 0, sizeof(*t));
    if (!json_is_object(body))
        return dj_err_set(err, DJ_EINVAL, NULL, "请求体应为 JSON 对象");
    copy = json_copy((json_t *)body);
    json_object_del(copy, "candidates");
    rc = dj_api_fields(copy, term_fields, election ? 7 : 4, err);
    json_decref(copy);
    if (!rc)
        rc = dj_api_body_date(date, "elected_on", "选举日期", false, &t->elected_on, err);
    if (!rc && !election && json_object_get(body, "candidates"))
        rc = dj_err_set(err, DJ_EINVAL, "candidates", "未知字段「candidates」");
    return rc;
}

int dj_api_term_election(const json_t *body, struct dj_arena *arena, struct dj_election *e,
                         struct dj_err *err)
{
    const json_t *cands;
    struct dj_election_cand *c;
    size_t i;
    int rc = parse_term_new(body, &e->term, true, err);
    const struct dj_api_field nums[] = {
        {"expected", DJ_JT_INT, true, 0, "应到会人数", &e->expected, NULL},
        {"present", DJ_JT_INT, true, 0, "实到会人数", &e->present, NULL},
        {"seats", DJ_JT_INT, true, 0, "应选人数", &e->seats, NULL},
    };

    if (rc)
        return rc;
    for (i = 0; i < DJ_ARRAY_LEN(nums); i++) {
        const json_t *v = json_object_get(body, nums[i].key);
        if (!json_is_integer(v))
            return dj_err_set(err, DJ_EINVAL, nums[i].key, "「%s」应为整数", nums[i].label);
        *(int64_t *)nums[i].out = (int64_t)json_integer_value(v);
    }
    cands = json_object_get(body, "candidates");
    if (!json_is_array(cands))
        return dj_err_set(err, DJ_EINVAL, "candidates", "「候选人」应为数组");
    if (json_array_size(cands) > DJ_ELECTION_MAX_CANDIDATES)
        return dj_err_set(err, DJ_EINVAL, "candidates", "候选人不能超过 %d 人",
                          DJ_ELECTION_MAX_CANDIDATES);
    c = dj_arena_zalloc(arena, sizeof(*c) * (json_array_size(cands) + 1));
    for (i = 0; i < json_array_size(cands); i++) {
        const json_t *o = json_array_get(cands, i);
        char field[64];
        const struct dj_api_field cf[] = {
            {"member_id", DJ_JT_INT, false, 0, "党员", &c[i].member_id, NULL},
            {"name", DJ_JT_STRING, false, 32, "姓名", &c[i].name, NULL},
            {"post", DJ_JT_STRING, true, 32, "拟任职务", &c[i].post, NULL},
            {"yes", DJ_JT_INT, true, 0, "赞成票", &c[i].yes, NULL},
        };
        json_t *copy;
        if (!json_is_object(o))
            return dj_err_set(err, DJ_EINVAL, "candidates", "第 %zu 位候选人应为对象", i + 1);
        copy = json_copy((json_t *)o);
        if (json_is_null(json_object_get(copy, "member_id")))
            json_object_del(copy, "member_id");
        rc = dj_api_fields(copy, cf, (int)DJ_ARRAY_LEN(cf), err);
        json_decref(copy);
        if (rc) {
            snprintf(field, sizeof(field), "candidates[%zu].%.16s", i, err->field);
            dj_strlcpy(err->field, field, sizeof(err->field));
            return rc;
        }
        if (c[i].member_id < 0) {
            snprintf(field, sizeof(field), "candidates[%zu].member_id", i);
            return dj_err_set(err, DJ_EINVAL, field, "「党员」应为正整数");
        }
    }
    e->cands = c;
    e->n = (int)json_array_size(cands);
    return 0;
}

static json_t *outcome_json(const struct dj_election_outcome *o, const struct dj_ballot *b, int n)
{
    json_t *checks = json_array(), *cands = json_array();

    for (int i = 0; i < o->nchecks; i++) {
        const struct dj_election_check *c = &o->checks[i];
        const struct dj_rule *r = c->rule_id[0] ? dj_rule_find(c->rule_id, today()) : NULL;
        json_array_append_new(checks, json_pack("{s:s,s:s,s:b,s:s,s:s,s:s,s:s}", "rule_id",
                                                c->rule_id, "field", c->field, "ok", c->ok, "level",
                                                c->ok ? "ok" : (c->blocking ? "error" : "warning"),
                                                "message", c->message, "source", r ? r->source : "",
                                                "article", r ? r->article : ""));
    }
    for (int i = 0; b && i < n; i++)
        json_array_append_new(cands, json_pack("{s:s,s:s,s:I,s:b,s:s}", "name", b[i].name, "post",
                                               b[i].post, "yes", (json_int_t)b[i].yes, "elected",
                                               b[i].elected, "note", b[i].note ? b[i].note : ""));
    return json_pack("{s:b,s:i,s:i,s:I,s:I,s:b,s:o,s:o}", "valid", o->valid, "elected", o->elected,
                     "vacancies", o->vacancies, "quorum_min", (json_int_t)o->quorum_min,
                     "majority_min", (json_int_t)o->majority_min, "competitive_applies",
                     o->competitive_applies, "checks", checks, "candidates", cands);
}

/* POST /api/orgs/{id}/terms */
static int h_add(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_term_new in;
    struct dj_term_view out;
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = parse_term_new(req->json, &in, false, err);
    if (!rc)
        rc = dj_term_add(req->db, dj_api_actor(req), id, &in, req->arena, &out, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 201, view_json(&out));
    return 0;
}

/* POST /api/orgs/{id}/terms/check */
static int h_check(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_election e = {0};
    struct dj_election_outcome o;
    struct dj_ballot *b = NULL;
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_term_election(req->json, req->arena, &e, err);
    if (!rc)
        rc = dj_term_check(req->db, dj_api_actor(req), id, &e, req->arena, &o, &b, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, outcome_json(&o, b, e.n));
    return 0;
}

/* POST /api/orgs/{id}/terms/elect */
static int h_elect(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_election e = {0};
    struct dj_election_outcome o;
    struct dj_term_view out;
    struct dj_term_cand *cands;
    int64_t id;
    int nc, rc = dj_api_param_id(req, "id", &id, err);
    json_t *body, *arr;

    if (!rc)
        rc = dj_api_term_election(req->json, req->arena, &e, err);
    if (!rc)
        rc = dj_term_elect(req->db, dj_api_actor(req), id, &e, req->arena, &out, &o, err);
    if (!rc)
        rc = dj_term_get(req->db, dj_api_actor(req), out.t.id, today(), req->arena, &out, &cands,
                         &nc, err);
    if (rc)
        return rc;
    body = view_json(&out);
    arr = json_array();
    for (int i = 0; i < nc; i++)
        json_array_append_new(
            arr,
            json_pack("{s:I,s:o,s:s,s:s,s:I,s:b,s:o}", "id", (json_int_t)cands[i].id, "member_id",
                      cands[i].member_id ? json_integer((json_int_t)cands[i].member_id)
                                         : json_null(),
                      "name", cands[i].person_name, "post", cands[i].post, "yes",
                      (json_int_t)cands[i].yes_votes, "elected", cands[i].elected, "post_id",
                      cands[i].post_id ? json_integer((json_int_t)cands[i].post_id) : json_null()));
    json_object_set_new(body, "candidates", arr);
    json_object_set_new(body, "outcome", outcome_json(&o, NULL, 0));
    dj_resp_json(resp, 201, body);
    return 0;
}

struct due_out {
    json_t *arr;
};

static int due_one(void *ctx, const struct dj_term_due *d)
{
    struct due_out *o = ctx;
    json_t *row = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s}", "org_id", (json_int_t)d->org_id,
                            "parent_id", (json_int_t)d->parent_id, "org_name", d->name, "path",
                            d->path, "kind", d->kind, "kind_label",
                            dj_dict_label(dj_dict_find("org_kind"), d->kind)
                                ? dj_dict_label(dj_dict_find("org_kind"), d->kind)
                                : d->kind);

    if (d->has_term) {
        json_t *t = view_json(&d->v);
        json_object_update(row, t);
        json_object_set_new(row, "term_id", json_integer((json_int_t)d->v.t.id));
        json_object_set_new(row, "org_id", json_integer((json_int_t)d->org_id));
        json_object_del(row, "id");
        json_decref(t);
    } else {
        json_object_set_new(row, "term_id", json_null());
        json_object_set_new(row, "state", json_string("none"));
        json_object_set_new(row, "state_label", json_string(dj_term_state_label(DJ_TERM_NONE)));
    }
    json_array_append_new(o->arr, row);
    return 0;
}

/* GET /api/orgs/{id}/terms/due?on=&state= */
static int h_due(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct due_out o = {0};
    struct dj_date on;
    const char *st = dj_req_query(req, "state");
    int64_t id;
    int state = -1, rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = q_on(req, &on, err);
    if (!rc && st && *st && (state = dj_term_state_parse(st)) < 0)
        rc = dj_err_set(err, DJ_EINVAL, "state",
                        "「状态」应为 none、in_term、reminder_due、expired、extended 或 overdue");
    if (rc)
        return rc;
    o.arr = json_array();
    rc = dj_term_due_list(req->db, dj_api_actor(req), id, on, state, due_one, &o, err);
    if (rc) {
        json_decref(o.arr);
        return rc;
    }
    dj_resp_json(resp, 200, json_pack("{s:o,s:o}", "items", o.arr, "on", jdate(on)));
    return 0;
}

/* GET /api/terms/{id}?on= */
static int h_get(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_term_view v;
    struct dj_term_cand *c;
    struct dj_date on;
    int64_t id;
    json_t *body, *arr;
    int n, rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = q_on(req, &on, err);
    if (!rc)
        rc = dj_term_get(req->db, dj_api_actor(req), id, on, req->arena, &v, &c, &n, err);
    if (rc)
        return rc;
    body = view_json(&v);
    arr = json_array();
    for (int i = 0; i < n; i++) {
        const char *pl = dj_dict_label(dj_dict_find("post"), c[i].post);
        json_array_append_new(
            arr, json_pack(
                     "{s:I,s:o,s:s,s:s,s:s,s:I,s:b,s:o}", "id", (json_int_t)c[i].id, "member_id",
                     c[i].member_id ? json_integer((json_int_t)c[i].member_id) : json_null(),
                     "name", c[i].person_name, "post", c[i].post, "post_label", pl ? pl : c[i].post,
                     "yes", (json_int_t)c[i].yes_votes, "elected", c[i].elected, "post_id",
                     c[i].post_id ? json_integer((json_int_t)c[i].post_id) : json_null()));
    }
    json_object_set_new(body, "candidates", arr);
    dj_resp_json(resp, 200, body);
    return 0;
}

/* POST /api/terms/{id}/extend {extended_until, approved_on, approver, doc, reason} */
static int h_extend(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_term_extension x = {0};
    struct dj_term_view out;
    const char *until = NULL, *approved = NULL;
    int64_t id;
    const struct dj_api_field fields[] = {
        {"extended_until", DJ_JT_STRING, true, 10, "延期至", &until, NULL},
        {"approved_on", DJ_JT_STRING, true, 10, "批准日期", &approved, NULL},
        {"approver", DJ_JT_STRING, true, 32, "批准人", &x.approver, NULL},
        {"doc", DJ_JT_STRING, true, 100, "批准文号", &x.doc, NULL},
        {"reason", DJ_JT_STRING, false, 500, "延期原因", &x.reason, NULL},
    };
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc)
        rc = dj_api_body_date(until, "extended_until", "延期至", false, &x.until, err);
    if (!rc)
        rc = dj_api_body_date(approved, "approved_on", "批准日期", false, &x.approved_on, err);
    if (!rc)
        rc = dj_term_extend(req->db, dj_api_actor(req), id, &x, req->arena, &out, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, view_json(&out));
    return 0;
}

static int notice(struct dj_req *req, struct dj_resp *resp, enum dj_term_notice kind,
                  const char *date_key, const char *date_label, const char *text_key,
                  const char *text_label, int text_max, struct dj_err *err)
{
    struct dj_term_view out;
    struct dj_date on;
    const char *date = NULL, *text = NULL;
    int64_t id;
    const struct dj_api_field fields[] = {
        {date_key, DJ_JT_STRING, true, 10, date_label, &date, NULL},
        {text_key ? text_key : "", DJ_JT_STRING, false, text_max, text_label, &text, NULL},
    };
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, text_key ? 2 : 1, err);
    if (!rc)
        rc = dj_api_body_date(date, date_key, date_label, false, &on, err);
    if (!rc)
        rc = dj_term_notice(req->db, dj_api_actor(req), id, kind, on, text, req->arena, &out, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, view_json(&out));
    return 0;
}

/* POST /api/terms/{id}/reminder {sent_on, note} */
static int h_reminder(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    return notice(req, resp, DJ_TERM_NOTICE_REMINDER, "sent_on", "提醒日期", "note",
                  "提醒方式及说明", 200, err);
}

/* POST /api/terms/{id}/request {received_on, doc} */
static int h_request(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    return notice(req, resp, DJ_TERM_NOTICE_REQUEST, "received_on", "收到日期", "doc", "请示文号",
                  100, err);
}

/* POST /api/terms/{id}/report {received_on} */
static int h_report(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    return notice(req, resp, DJ_TERM_NOTICE_REPORT, "received_on", "收到日期", NULL, NULL, 0, err);
}

/* clang-format off */
const struct dj_route dj_api_term_routes[] = {
    {"GET",  "/api/orgs/{id}/terms",          h_list,     0},
    {"POST", "/api/orgs/{id}/terms",          h_add,      0},
    {"POST", "/api/orgs/{id}/terms/check",    h_check,    0},
    {"POST", "/api/orgs/{id}/terms/elect",    h_elect,    0},
    {"GET",  "/api/orgs/{id}/terms/due",      h_due,      0},
    {"GET",  "/api/terms/{id}",               h_get,      0},
    {"POST", "/api/terms/{id}/extend",        h_extend,   0},
    {"POST", "/api/terms/{id}/reminder",      h_reminder, 0},
    {"POST", "/api/terms/{id}/request",       h_request,  0},
    {"POST", "/api/terms/{id}/report",        h_report,   0},
    {NULL, NULL, NULL, 0},
};
/* clang-format on */
