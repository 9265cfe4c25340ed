/*
 * meeting.c - the organisational life API: records (/api/meetings), their
 * review, the expected list of an organisation on a date, member
 * exemptions and training hours, the compliance report of a subtree with
 * acknowledgements and exemptions, and what is due (the reminder lister).
 * svc/meeting.c and svc/compliance.c decide every permission.
 */
#include "base/compat.h"
#include "api/api.h"
#include "base/config.h"
#include "base/date.h"
#include "model/desc.h"
#include "rules/life_rules.h"
#include "svc/compliance.h"
#include "svc/meeting.h"
#include "svc/org.h"

static int query_text(const struct dj_req *req, const char *name, size_t max, const char **out,
                      struct dj_err *err)
{
    const char *s = dj_req_query(req, name);

    *out = s && *s ? s : NULL;
    if (*out && (!dj_utf8_valid(*out) || dj_utf8_len(*out) > max))
        return dj_err_set(err, DJ_EINVAL, name, "查询参数 %s 过长或含有无效字符", name);
    return 0;
}

static json_t *with_review(const struct dj_req *req, const struct dj_meeting *m)
{
    json_t *o = dj_meeting_json(m);
    json_object_set_new(
        o, "may_review",
        json_boolean(dj_meeting_may_review(dj_api_actor(req), m->org_path, m->org_kind)));
    return o;
}

/* ---- body parsing ---- */

static int att_from_json(const json_t *arr, struct dj_arena *a, struct dj_meeting *m,
                         struct dj_err *err)
{
    size_t i;
    json_t *v;

    if (!json_is_array(arr))
        return dj_err_set(err, DJ_EINVAL, "attendance", "「出席情况」应为数组");
    if (json_array_size(arr) > DJ_MEETING_MAX_ATTENDANCE)
        return dj_err_set(err, DJ_ETOOBIG, "attendance", "「出席情况」人数过多");
    m->att = dj_arena_zalloc(a, sizeof(*m->att) * (json_array_size(arr) + 1));
    json_array_foreach(arr, i, v)
    {
        struct dj_meeting_att *x = &m->att[m->natt++];
        int64_t mid = 0;
        const char *name = NULL, *state = NULL, *reason = NULL;
        bool voting = false;
        const struct dj_api_field f[] = {
            {"member_id", DJ_JT_INT, false, 0, "党员", &mid, NULL},
            {"name", DJ_JT_STRING, false, 50, "姓名", &name, NULL},
            {"state", DJ_JT_STRING, true, 16, "出席状态", &state, NULL},
            {"voting", DJ_JT_BOOL, false, 0, "表决权", &voting, NULL},
            {"reason", DJ_JT_STRING, false, 200, "原因", &reason, NULL},
        };
        int rc = dj_api_fields(v, f, (int)DJ_ARRAY_LEN(f), err);
        if (rc) {
            dj_strlcpy(err->field, "attendance", sizeof(err->field));
            return rc;
        }
        x->member_id = mid;
        x->name = name;
        x->state = state;
        x->voting = voting;
        x->reason = reason;
    }
    return 0;
}

static int votes_from_json(const json_t *arr, struct dj_arena *a, struct dj_meeting *m,
                           struct dj_err *err)
{
    size_t i;
    json_t *v;

    if (!json_is_array(arr))
        return dj_err_set(err, DJ_EINVAL, "votes", "「表决事项」应为数组");
    if (json_array_size(arr) > DJ_MEETING_MAX_VOTES)
        return dj_err_set(err, DJ_ETOOBIG, "votes", "「表决事项」过多");
    m->votes = dj_arena_zalloc(a, sizeof(*m->votes) * (json_array_size(arr) + 1));
    json_array_foreach(arr, i, v)
    {
        struct dj_meeting_vote *x = &m->votes[m->nvotes++];
        const char *motion = NULL;
        bool passed = false;
        const struct dj_api_field f[] = {
            {"motion", DJ_JT_STRING, true, 200, "表决事项", &motion, NULL},
            {"yes", DJ_JT_INT, true, 0, "赞成票", &x->yes, NULL},
            {"no", DJ_JT_INT, false, 0, "反对票", &x->no, NULL},
            {"abstain", DJ_JT_INT, false, 0, "弃权票", &x->abstain, NULL},
            {"written_yes", DJ_JT_INT, false, 0, "书面赞成", &x->written_yes, NULL},
            {"written_no", DJ_JT_INT, false, 0, "书面反对", &x->written_no, NULL},
            {"passed", DJ_JT_BOOL, false, 0, "是否通过", &passed, NULL},
        };
        int rc = dj_api_fields(v, f, (int)DJ_ARRAY_LEN(f), err);
        if (rc) {
            dj_strlcpy(err->field, "votes", sizeof(err->field));
            return rc;
        }
        x->motion = motion;
    }
    return 0;
}

static int files_from_json(const json_t *arr, struct dj_arena *a, struct dj_meeting *m,
                           struct dj_err *err)
{
    size_t i;
    json_t *v;

    if (!json_is_array(arr))
        return dj_err_set(err, DJ_EINVAL, "attachments", "「附件」应为数组");
    if (json_array_size(arr) > DJ_MEETING_MAX_FILES)
        return dj_err_set(err, DJ_ETOOBIG, "attachments", "「附件」过多");
    m->files = dj_arena_zalloc(a, sizeof(*m->files) * (json_array_size(arr) + 1));
    json_array_foreach(arr, i, v)
    {
        struct dj_meeting_file *x = &m->files[m->nfiles++];
        const char *name = NULL, *mime = NULL, *sha = NULL;
        const struct dj_api_field f[] = {
            {"name", DJ_JT_STRING, true, 200, "附件名称", &name, NULL},
            {"mime", DJ_JT_STRING, false, 100, "附件类型", &mime, NULL},
            {"size_bytes", DJ_JT_INT, false, 0, "附件大小", &x->size_bytes, NULL},
            {"sha256", DJ_JT_STRING, false, 64, "附件摘要", &sha, NULL},
        };
        int rc = dj_api_fields(v, f, (int)DJ_ARRAY_LEN(f), err);
        if (rc) {
            dj_strlcpy(err->field, "attachments", sizeof(err->field));
            return rc;
        }
        x->name = name;
        x->mime = mime;
        x->sha256 = sha;
    }
    return 0;
}

/* The record body of POST and PATCH. */
static int meeting_from_json(const json_t *body, struct dj_arena *a, struct dj_meeting_in *in,
                             struct dj_err *err)
{
    json_t *scalars, *att = NULL, *votes = NULL, *files = NULL, *v;
    const char *key, *held_on = NULL;
    int64_t org = 0;
    int rc;
    const struct dj_api_field f[] = {
        {"org_id", DJ_JT_INT, false, 0, "组织", &org, NULL},
        {"kind", DJ_JT_STRING, true, 32, "会议类型", &in->m.kind, NULL},
        {"held_on", DJ_JT_STRING, true, 10, "召开日期", &held_on, NULL},
        {"place", DJ_JT_STRING, false, 100, "地点", &in->m.place, NULL},
        {"chair", DJ_JT_STRING, false, 50, "主持人", &in->m.chair, NULL},
        {"recorder", DJ_JT_STRING, false, 50, "记录人", &in->m.recorder, NULL},
        {"lecturer", DJ_JT_STRING, false, 50, "授课人", &in->m.lecturer, NULL},
        {"lecturer_member_id", DJ_JT_INT, false, 0, "授课党员", &in->lecturer_member_id, NULL},
        {"topic", DJ_JT_STRING, true, 200, "主题", &in->m.topic, NULL},
        {"agenda", DJ_JT_STRING, false, 2000, "议程", &in->m.agenda, NULL},
        {"minutes", DJ_JT_STRING, false, 20000, "会议记录", &in->m.minutes, NULL},
        {"decisions", DJ_JT_STRING, false, 5000, "决议", &in->m.decisions, NULL},
        {"hours", DJ_JT_INT, false, 0, "学时", &in->m.hours, NULL},
    };

    memset(in, 0, sizeof(*in));
    if (!json_is_object(body))
        return dj_err_set(err, DJ_EINVAL, NULL, "请求体必须是 JSON 对象");
    scalars = json_object();
    json_object_foreach((json_t *)body, key, v)
    {
        if (!strcmp(key, "attendance"))
            att = v;
        else if (!strcmp(key, "votes"))
            votes = v;
        else if (!strcmp(key, "attachments"))
            files = v;
        else
            json_object_set(scalars, key, v);
    }
    rc = dj_api_fields(scalars, f, (int)DJ_ARRAY_LEN(f), err);
    json_decref(scalars);
    if (rc)
        return rc;
    in->m.org_id = org;
    if (strlen(held_on) != 10)
        return dj_err_set(err, DJ_EINVAL, "held_on", "「召开日期」应为 YYYY-MM-DD");
    dj_strlcpy(in->m.held_on, held_on, sizeof(in->m.held_on));
    if (att && !json_is_null(att) && (rc = att_from_json(att, a, &in->m, err)))
        return rc;
    if (votes && !json_is_null(votes) && (rc = votes_from_json(votes, a, &in->m, err)))
        return rc;
    if (files && !json_is_null(files) && (rc = files_from_json(files, a, &in->m, err)))
        return rc;
    return 0;
}

/* ---- records ---- */

static int h_list(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_meeting_query q = {0};
    struct dj_meeting *rows;
    json_t *items;
    int64_t total;
    int n, rc;

    if ((rc = dj_api_query_int(req, "org_id", 1, INT64_MAX, 0, &q.org_id, err)) ||
        (rc = dj_api_query_int(req, "limit", 1, 500, 50, &q.limit, err)) ||
        (rc = dj_api_query_int(req, "offset", 0, 100000000, 0, &q.offset, err)) ||
        (rc = query_text(req, "kind", 32, &q.kind, err)) ||
        (rc = query_text(req, "status", 16, &q.status, err)) ||
        (rc = query_text(req, "from", 10, &q.from, err)) ||
        (rc = query_text(req, "to", 10, &q.to, err)))
        return rc;
    if (!q.org_id)
        return dj_err_set(err, DJ_EINVAL, "org_id", "请指定「组织」(org_id)");
    if ((rc = dj_meeting_list(req->db, dj_api_actor(req), &q, req->arena, &rows, &n, &total, err)))
        return rc;
    items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, with_review(req, &rows[i]));
    dj_resp_json(resp, 200,
                 json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total, "limit",
                           (json_int_t)q.limit, "offset", (json_int_t)q.offset));
    return 0;
}

static int h_create(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_meeting_in in;
    struct dj_meeting out;
    int rc = meeting_from_json(req->json, req->arena, &in, err);

    if (!rc && !in.m.org_id)
        rc = dj_err_set(err, DJ_EINVAL, "org_id", "「组织」不能为空");
    if (!rc)
        rc = dj_meeting_create(req->db, dj_api_actor(req), &in, req->arena, &out, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 201, with_review(req, &out));
    return 0;
}

static int h_get(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_meeting m;
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_meeting_get(req->db, dj_api_actor(req), id, req->arena, &m, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, with_review(req, &m));
    return 0;
}

static int h_update(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_meeting_in in;
    struct dj_meeting out;
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = meeting_from_json(req->json, req->arena, &in, err);
    if (!rc)
        rc = dj_meeting_update(req->db, dj_api_actor(req), id, &in, req->arena, &out, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, with_review(req, &out));
    return 0;
}

static int h_delete(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_meeting_delete(req->db, dj_api_actor(req), id, err);
    if (rc)
        return rc;
    dj_api_ok(resp);
    return 0;
}

static int review(struct dj_req *req, struct dj_resp *resp, const char *action, struct dj_err *err)
{
    struct dj_meeting out;
    const char *reason = NULL;
    int64_t id;
    const struct dj_api_field f[] = {
        {"reason", DJ_JT_STRING, false, 500, "退回原因", &reason, NULL},
    };
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc && req->json)
        rc = dj_api_fields(req->json, f, (int)DJ_ARRAY_LEN(f), err);
    if (!rc)
        rc = dj_meeting_review(req->db, dj_api_actor(req), id, action, reason, req->arena, &out,
                               err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, with_review(req, &out));
    return 0;
}

static int h_submit(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    return review(req, resp, "submit", err);
}

static int h_approve(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    return review(req, resp, "approve", err);
}

static int h_return(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    return review(req, resp, "return", err);
}

static int h_kinds(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    json_t *arr = json_array();

    (void)req;
    (void)err;
    for (int k = 0; k < DJ_LIFE_KIND_COUNT; k++)
        json_array_append_new(arr, json_pack("{s:s,s:s}", "code",
                                             dj_life_kind_name((enum dj_life_kind)k), "label",
                                             dj_life_kind_label((enum dj_life_kind)k)));
    dj_resp_json(resp, 200, json_pack("{s:o}", "items", arr));
    return 0;
}

static int h_roll(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_meeting_att *att;
    struct dj_date on;
    const char *kind;
    json_t *items;
    int64_t org;
    int n, rc = dj_api_param_id(req, "id", &org, err);

    if (!rc)
        rc = dj_api_query_date(req, "date", dj_date_today(req->cfg->utc_offset_minutes), &on, err);
    if (!rc)
        rc = query_text(req, "kind", 32, &kind, err);
    if (!rc)
        rc = dj_meeting_roll(req->db, dj_api_actor(req), org, kind ? kind : "assembly", on,
                             req->arena, &att, &n, err);
    if (rc)
        return rc;
    items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            items, json_pack("{s:I,s:s,s:s,s:b,s:o}", "member_id", (json_int_t)att[i].member_id,
                             "name", att[i].name ? att[i].name : "", "state", att[i].state,
                             "voting", att[i].voting, "reason",
                             att[i].reason ? json_string(att[i].reason) : json_null()));
    dj_resp_json(resp, 200, json_pack("{s:o}", "items", items));
    return 0;
}

/* ---- members ---- */

static int h_exempt_member(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_member_exemption e = {0};
    int64_t id = 0;
    const struct dj_api_field f[] = {
        {"reason_kind", DJ_JT_STRING, true, 16, "免于参加情形", &e.reason_kind, NULL},
        {"reason", DJ_JT_STRING, true, 200, "原因", &e.reason, NULL},
        {"approver", DJ_JT_STRING, true, 50, "批准人", &e.approver, NULL},
        {"start_on", DJ_JT_STRING, true, 10, "开始日期", &e.start_on, NULL},
        {"end_on", DJ_JT_STRING, false, 10, "结束日期", &e.end_on, NULL},
    };
    int rc = dj_api_param_id(req, "id", &e.member_id, err);

    if (!rc)
        rc = dj_api_fields(req->json, f, (int)DJ_ARRAY_LEN(f), err);
    if (!rc)
        rc = dj_meeting_exempt_member(req->db, dj_api_actor(req), &e, &id, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
    return 0;
}

static int h_training_add(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    const char *on = NULL, *title = NULL;
    int64_t member, hours = 0, id = 0;
    struct dj_date d;
    const struct dj_api_field f[] = {
        {"held_on", DJ_JT_STRING, true, 10, "培训日期", &on, NULL},
        {"hours", DJ_JT_INT, true, 0, "学时", &hours, NULL},
        {"title", DJ_JT_STRING, true, 200, "培训名称", &title, NULL},
    };
    int rc = dj_api_param_id(req, "id", &member, err);

    if (!rc)
        rc = dj_api_fields(req->json, f, (int)DJ_ARRAY_LEN(f), err);
    if (!rc)
        rc = dj_date_parse(on, &d, "held_on", err);
    if (!rc)
        rc = dj_meeting_training_add(req->db, dj_api_actor(req), member, d, hours, title, &id, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
    return 0;
}

static int h_training_get(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_member_hours h;
    int64_t member, year;
    int rc = dj_api_param_id(req, "id", &member, err);

    if (!rc)
        rc = dj_api_query_int(req, "year", 1921, 9998,
                              dj_date_today(req->cfg->utc_offset_minutes).y, &year, err);
    if (!rc)
        rc = dj_meeting_member_hours(req->db, dj_api_actor(req), member, (int)year, &h, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200,
                 json_pack("{s:I,s:i,s:I,s:I,s:I,s:I,s:b}", "member_id", (json_int_t)member, "year",
                           h.year, "hours", (json_int_t)h.hours, "hours_pending",
                           (json_int_t)h.hours_pending, "talks", (json_int_t)h.talks, "required",
                           (json_int_t)h.required, "met", h.hours >= h.required));
    return 0;
}

/* ---- compliance ---- */

static json_t *gap_json(const struct dj_cmp_gap *g)
{
    const struct dj_rule *r = dj_rule_find(g->rule_id, dj_date_today(480));
    json_t *o =
        json_pack("{s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:s}", "source", g->source, "org_id",
                  (json_int_t)g->org_id, "org_name", g->org_name ? g->org_name : "", "org_path",
                  g->org_path ? g->org_path : "", "rule_id", g->rule_id, "period", g->period,
                  "subject", g->subject ? g->subject : "", "missing", g->missing ? g->missing : "",
                  "held", (json_int_t)g->held, "required", (json_int_t)g->required, "records",
                  g->records ? g->records : "");

    json_object_set_new(o, "document", r ? json_string(r->source) : json_null());
    json_object_set_new(o, "article", r ? json_string(r->article) : json_null());
    json_object_set_new(o, "rule_description", r ? json_string(r->desc) : json_null());
    json_object_set_new(o, "acknowledgement",
                        g->ack_explanation
                            ? json_pack("{s:s,s:s,s:s}", "explanation", g->ack_explanation, "by",
                                        g->ack_by, "at", g->ack_at)
                            : json_null());
    return o;
}

/* Percent, rounded down to a whole percent (exact figure: rate_bp). */
static json_t *rate(int64_t met, int64_t required)
{
    return required ? json_integer(met * 100 / required) : json_null();
}

/* Basis points: 10000 = 100%, rounded down. */
static json_t *rate_bp(int64_t met, int64_t required)
{
    return required ? json_integer(met * 10000 / required) : json_null();
}

static json_t *report_json(const struct dj_compliance_report *r, struct dj_date from,
                           struct dj_date to)
{
    json_t *rules = json_array(), *orgs = json_array(), *gaps = json_array(), *weak = json_array();
    char a[11], b[11];

    for (int i = 0; i < r->nrules; i++) {
        const struct dj_cmp_rule_total *t = &r->rules[i];
        char tag[2] = {t->rule ? t->rule->tag : '?', '\0'};
        json_array_append_new(
            rules, json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:s,s:I,s:I,s:o,s:I,s:I}", "rule_id",
                             t->rule_id, "source", t->source, "document",
                             t->rule ? json_string(t->rule->source) : json_null(), "article",
                             t->rule ? json_string(t->rule->article) : json_null(), "description",
                             t->rule ? json_string(t->rule->desc) : json_null(), "unit",
                             t->rule ? json_string(t->rule->unit) : json_null(), "tag", tag,
                             "required", (json_int_t)t->required, "met", (json_int_t)t->met, "rate",
                             rate(t->met, t->required), "gaps", (json_int_t)t->gaps, "acknowledged",
                             (json_int_t)t->acked));
        json_object_set_new(json_array_get(rules, json_array_size(rules) - 1), "rate_bp",
                            rate_bp(t->met, t->required));
    }
    for (int i = 0; i < r->norgs; i++) {
        const struct dj_cmp_org_total *o = &r->orgs[i];
        json_array_append_new(
            orgs, json_pack("{s:I,s:s,s:s,s:s,s:I,s:I,s:o,s:I,s:I}", "org_id",
                            (json_int_t)o->org_id, "name", o->name, "path", o->path, "kind",
                            o->kind, "required", (json_int_t)o->required, "met", (json_int_t)o->met,
                            "rate", rate(o->met, o->required), "gaps", (json_int_t)o->gaps,
                            "acknowledged", (json_int_t)o->acked));
        json_object_set_new(json_array_get(orgs, json_array_size(orgs) - 1), "rate_bp",
                            rate_bp(o->met, o->required));
    }
    for (int i = 0; i < r->ngaps; i++)
        json_array_append_new(gaps, gap_json(&r->gaps[i]));
    for (int i = 0; i < r->nweak; i++) {
        json_t *reasons = json_array();
        for (int k = 0; k < r->weak[i].nreasons; k++)
            json_array_append_new(reasons,
                                  json_pack("{s:s,s:s}", "rule_id", r->weak[i].reasons[k].rule_id,
                                            "text", r->weak[i].reasons[k].text));
        json_array_append_new(
            weak, json_pack("{s:I,s:s,s:s,s:o}", "org_id", (json_int_t)r->weak[i].org_id, "name",
                            r->weak[i].name, "path", r->weak[i].path, "reasons", reasons));
    }
    return json_pack(
        "{s:{s:I,s:s,s:s},s:s,s:s,s:b,s:{s:I,s:I,s:o,s:o,s:I,s:I,s:I,s:I},s:o,s:o,"
        "s:o,s:o}",
        "org", "id", (json_int_t)r->org.id, "name", r->org.name, "path", r->org.path, "from",
        dj_date_format(from, a), "to", dj_date_format(to, b), "count_submitted", r->count_submitted,
        "totals", "required", (json_int_t)r->required, "met", (json_int_t)r->met, "rate",
        rate(r->met, r->required), "rate_bp", rate_bp(r->met, r->required), "gaps",
        (json_int_t)r->gaps_total, "acknowledged", (json_int_t)r->gaps_acked, "gaps_matching",
        (json_int_t)r->gaps_matching, "orgs", (json_int_t)r->orgs_total, "rules", rules, "orgs",
        orgs, "gaps", gaps, "weak", weak);
}

static int h_compliance(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_compliance_query q = {0};
    struct dj_compliance_report r;
    struct dj_date today = dj_date_today(req->cfg->utc_offset_minutes);
    struct dj_date jan1 = {today.y, 1, 1};
    int64_t nosrc = 0;
    int rc = dj_api_param_id(req, "id", &q.org_id, err);

    if (!rc)
        rc = dj_api_query_date(req, "from", jan1, &q.from, err);
    if (!rc)
        rc = dj_api_query_date(req, "to", today, &q.to, err);
    if (!rc)
        rc = query_text(req, "rule_id", 100, &q.rule_id, err);
    if (!rc)
        rc = dj_api_query_int(req, "org", 0, INT64_MAX, 0, &q.org_filter, err);
    if (!rc)
        rc = dj_api_query_int(req, "limit", 0, DJ_COMPLIANCE_MAX_LIMIT, 100, &q.limit, err);
    if (!rc)
        rc = dj_api_query_int(req, "offset", 0, INT64_MAX / 2, 0, &q.offset, err);
    if (!rc)
        rc = dj_api_query_int(req, "org_limit", 0, 100000, 200, &q.org_limit, err);
    if (!rc)
        rc = dj_api_query_int(req, "core", 0, 1, 0, &nosrc, err);
    if (rc)
        return rc;
    q.today = today;
    q.no_sources = nosrc != 0;
    rc = dj_compliance_report(req->db, dj_api_actor(req), &q, req->arena, &r, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, report_json(&r, q.from, q.to));
    return 0;
}

static int h_ack(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    const char *rule = NULL, *period = NULL, *subject = NULL, *explanation = NULL;
    int64_t org, id = 0;
    const struct dj_api_field f[] = {
        {"rule_id", DJ_JT_STRING, true, 100, "规则", &rule, NULL},
        {"period", DJ_JT_STRING, true, 10, "期间", &period, NULL},
        {"subject", DJ_JT_STRING, false, 64, "对象", &subject, NULL},
        {"explanation", DJ_JT_STRING, true, 1000, "情况说明", &explanation, NULL},
    };
    int rc = dj_api_param_id(req, "id", &org, err);

    if (!rc)
        rc = dj_api_fields(req->json, f, (int)DJ_ARRAY_LEN(f), err);
    if (!rc)
        rc = dj_compliance_ack(req->db, dj_api_actor(req), org, rule, period, subject, explanation,
                               &id, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
    return 0;
}

static int h_exempt_org(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    const char *rule = NULL, *start = NULL, *end = NULL, *reason = NULL, *approver = NULL;
    struct dj_date s, t;
    int64_t org, id = 0;
    const struct dj_api_field f[] = {
        {"rule_id", DJ_JT_STRING, true, 100, "规则", &rule, NULL},
        {"start_on", DJ_JT_STRING, true, 10, "开始日期", &start, NULL},
        {"end_on", DJ_JT_STRING, true, 10, "结束日期", &end, NULL},
        {"reason", DJ_JT_STRING, true, 500, "原因", &reason, NULL},
        {"approver", DJ_JT_STRING, true, 50, "批准人", &approver, NULL},
    };
    int rc = dj_api_param_id(req, "id", &org, err);

    if (!rc)
        rc = dj_api_fields(req->json, f, (int)DJ_ARRAY_LEN(f), err);
    if (!rc)
        rc = dj_date_parse(start, &s, "start_on", err);
    if (!rc)
        rc = dj_date_parse(end, &t, "end_on", err);
    if (!rc)
        rc = dj_compliance_exempt(req->db, dj_api_actor(req), org, rule, s, t, reason, approver,
                                  &id, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
    return 0;
}

static int due_emit(void *ctx, const struct dj_deadline *d)
{
    char due[11];
    json_array_append_new(ctx, json_pack("{s:s,s:s,s:I,s:s,s:s,s:s,s:s}", "kind", d->kind, "key",
                                         d->key, "org_id", (json_int_t)d->org_id, "due",
                                         dj_date_format(d->due, due), "level",
                                         d->level == DJ_DEADLINE_OVERDUE ? "overdue" : "due",
                                         "rule_id", d->rule_id, "title", d->title));
    return json_array_size(ctx) >= 2000;
}

static int h_due(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_date today = dj_date_today(req->cfg->utc_offset_minutes);
    struct dj_date first = {today.y, today.m, 1};
    struct dj_scope scope = {0};
    struct dj_date from, to;
    struct dj_org_row org;
    json_t *items;
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_query_date(req, "from", first, &from, err);
    if (!rc)
        rc = dj_api_query_date(req, "to", dj_month_end(today.y, today.m), &to, err);
    if (!rc)
        rc = dj_org_get(req->db, dj_api_actor(req), id, &org, err);
    if (rc)
        return rc;
    scope.n = 1;
    dj_strlcpy(scope.paths[0], org.path, sizeof(scope.paths[0]));
    items = json_array();
    rc = dj_meeting_deadline_lister(req->db, &scope, from, to, due_emit, items, err);
    if (rc < 0) {
        json_decref(items);
        return rc;
    }
    dj_resp_json(resp, 200, json_pack("{s:o}", "items", items));
    return 0;
}

const struct dj_route dj_api_meeting_routes[] = {
    {"GET", "/api/meetings", h_list, 0},
    {"POST", "/api/meetings", h_create, 0},
    {"GET", "/api/meetings/kinds", h_kinds, 0},
    {"GET", "/api/meetings/{id}", h_get, 0},
    {"PATCH", "/api/meetings/{id}", h_update, 0},
    {"DELETE", "/api/meetings/{id}", h_delete, 0},
    {"POST", "/api/meetings/{id}/submit", h_submit, 0},
    {"POST", "/api/meetings/{id}/approve", h_approve, 0},
    {"POST", "/api/meetings/{id}/return", h_return, 0},
    {"GET", "/api/orgs/{id}/roll", h_roll, 0},
    {"GET", "/api/orgs/{id}/meetings/due", h_due, 0},
    {"GET", "/api/orgs/{id}/compliance", h_compliance, 0},
    {"POST", "/api/orgs/{id}/compliance/acks", h_ack, 0},
    {"POST", "/api/orgs/{id}/compliance/exemptions", h_exempt_org, 0},
    {"POST", "/api/members/{id}/exemptions", h_exempt_member, 0},
    {"POST", "/api/members/{id}/training", h_training_add, 0},
    {"GET", "/api/members/{id}/training", h_training_get, 0},
    {NULL, NULL, NULL, 0},
};
