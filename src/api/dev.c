/*
 * dev.c - the 发展党员 API (/api/dev/...): applicants (list, create, one,
 * timeline with what is due next), steps, submissions to the 基层党委 and
 * its review inbox (approve, return), the national rolls (入党申请人名册,
 * 发展党员名册), yearly plans, counts and deadlines. svc/dev.c decides every
 * permission and rule; this file parses and renders.
 */
#include "base/compat.h"
#include "api/api.h"
#include "base/config.h"
#include "model/dict.h"
#include "api/dev.h"
#include "svc/dev.h"

/* ---- helpers ------------------------------------------------------------ */

static const char *ds(struct dj_date d, char *buf)
{
    return dj_date_isset(d) ? dj_date_format(d, buf) : NULL;
}

static json_t *jdate(struct dj_date d)
{
    char buf[11];
    return dj_date_isset(d) ? json_string(dj_date_format(d, buf)) : json_null();
}

static json_t *jstr(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *jparsed(const char *s, const char *fallback)
{
    json_t *j = s ? json_loads(s, 0, NULL) : NULL;
    return j ? j : json_loads(fallback, 0, NULL);
}

static json_t *applicant_json(const struct dj_dev_applicant *a, bool unmasked)
{
    json_t *o = dj_rec_to_json(&dj_dev_applicant_desc, a, unmasked ? DJ_OUT_UNMASKED : 0);
    json_object_set_new(o, "masked", json_boolean(!unmasked));
    return o;
}

static int query_text(const struct dj_req *req, const char *name, size_t max, const char **out,
                      struct dj_err *err)
{
    const char *s = dj_req_query(req, name);

    *out = s && *s ? s : NULL;
    if (*out && (!dj_utf8_valid(*out) || dj_utf8_len(*out) > max))
        return dj_err_set(err, DJ_EINVAL, name, "查询参数 %s 过长或含有无效字符", name);
    return 0;
}

static int want_unmasked(const struct dj_req *req, bool *out, struct dj_err *err)
{
    const char *s = dj_req_query(req, "unmasked");

    *out = false;
    if (!s || !*s || !strcmp(s, "0") || !strcmp(s, "false"))
        return 0;
    if (!strcmp(s, "1") || !strcmp(s, "true")) {
        *out = true;
        return 0;
    }
    return dj_err_set(err, DJ_EINVAL, "unmasked", "查询参数 unmasked 应为 1 或 0");
}

static struct dj_date today_of(const struct dj_req *req)
{
    return dj_date_today(req->cfg ? req->cfg->utc_offset_minutes : 480);
}

/* ---- step bodies -------------------------------------------------------- */

static int int_field(json_t *v, const char *key, const char *label, int64_t min, int64_t max,
                     int64_t *out, struct dj_err *err)
{
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
        return dj_err_set(err, DJ_EINVAL, key, "「%s」应为 %lld 至 %lld 的整数", label,
                          (long long)min, (long long)max);
    *out = json_integer_value(v);
    return 0;
}

static int str_field(json_t *v, const char *key, const char *label, size_t max, const char **out,
                     struct dj_err *err)
{
    if (json_is_null(v)) {
        *out = NULL;
        return 0;
    }
    if (!json_is_string(v) || !dj_utf8_valid(json_string_value(v)) ||
        dj_utf8_len(json_string_value(v)) > max)
        return dj_err_set(err, DJ_EINVAL, key, "「%s」应为不超过 %zu 个字符的文本", label, max);
    *out = json_string_value(v);
    return 0;
}

static int date_field(json_t *v, const char *key, const char *label, struct dj_date *out,
                      struct dj_err *err)
{
    struct dj_err inner = {0};
    if (json_is_null(v))
        return 0;
    if (!json_is_string(v) || dj_date_parse(json_string_value(v), out, key, &inner))
        return dj_err_set(err, DJ_EINVAL, key, "「%s」应为 YYYY-MM-DD 日期", label);
    return 0;
}

static int vote_field(json_t *v, struct dj_dev_vote *out, struct dj_err *err)
{
    static const struct {
        const char *key, *label;
        size_t off;
    } keys[] = {
        {"expected", "应到会有表决权的正式党员", offsetof(struct dj_dev_vote, expected)},
        {"present", "实到会有表决权的正式党员", offsetof(struct dj_dev_vote, present)},
        {"yes", "赞成票", offsetof(struct dj_dev_vote, yes)},
        {"no", "反对票", offsetof(struct dj_dev_vote, no)},
        {"abstain", "弃权票", offsetof(struct dj_dev_vote, abstain)},
        {"written_yes", "书面赞成意见", offsetof(struct dj_dev_vote, written_yes)},
        {"written_no", "书面反对意见", offsetof(struct dj_dev_vote, written_no)},
    };
    const char *k;
    json_t *x;

    if (!json_is_object(v))
        return dj_err_set(err, DJ_EINVAL, "vote", "「表决情况」应为对象");
    json_object_foreach(v, k, x)
    {
        size_t i;
        for (i = 0; i < DJ_ARRAY_LEN(keys); i++)
            if (!strcmp(keys[i].key, k))
                break;
        if (i == DJ_ARRAY_LEN(keys))
            return dj_err_set(err, DJ_EINVAL, "vote", "「表决情况」中有未知字段 %s", k);
        if (int_field(x, keys[i].key, keys[i].label, 0, 100000,
                      (int64_t *)((char *)out + keys[i].off), err))
            return DJ_EINVAL;
    }
    if (!json_object_get(v, "expected") || !json_object_get(v, "present") ||
        !json_object_get(v, "yes"))
        return dj_err_set(err, DJ_EINVAL, "vote",
                          "「表决情况」须填写应到人数 expected、实到人数 present 和赞成票 yes");
    return 0;
}

static int people_field(json_t *v, const char *key, struct dj_dev_step_in *in, struct dj_err *err)
{
    size_t i;
    json_t *x;

    if (!json_is_array(v) || json_array_size(v) > 4)
        return dj_err_set(err, DJ_EINVAL, key, "「%s」应为党员编号列表",
                          !strcmp(key, "contacts") ? "培养联系人" : "入党介绍人");
    in->npeople = 0;
    json_array_foreach(v, i, x)
    {
        if (!json_is_integer(x) || json_integer_value(x) <= 0)
            return dj_err_set(err, DJ_EINVAL, key, "「%s」应为党员编号列表",
                              !strcmp(key, "contacts") ? "培养联系人" : "入党介绍人");
        in->people[in->npeople++] = json_integer_value(x);
    }
    return 0;
}

/*
 * A step body: kind (unless given), date, meeting, note, documents, and the
 * fields of the step. Unknown keys are refused, naming them.
 */
int dj_api_dev_parse_step(json_t *body, struct dj_dev_step_in *in, bool need_kind,
                          struct dj_err *err)
{
    const char *k;
    json_t *v;
    int rc = 0;

    if (!json_is_object(body))
        return dj_err_set(err, DJ_EINVAL, NULL, "请求体应为 JSON 对象");
    json_object_foreach(body, k, v)
    {
        if (!strcmp(k, "kind"))
            rc = str_field(v, k, "步骤", 40, &in->kind, err);
        else if (!strcmp(k, "date"))
            rc = date_field(v, k, "日期", &in->on, err);
        else if (!strcmp(k, "meeting"))
            rc = str_field(v, k, "会议", 100, &in->meeting, err);
        else if (!strcmp(k, "note"))
            rc = str_field(v, k, "说明", 1000, &in->note, err);
        else if (!strcmp(k, "documents"))
            in->documents = json_is_null(v) ? NULL : v;
        else if (!strcmp(k, "contacts") || !strcmp(k, "introducers"))
            rc = people_field(v, k, in, err);
        else if (!strcmp(k, "conclusion"))
            rc = str_field(v, k, "政审结论", 20, &in->conclusion, err);
        else if (!strcmp(k, "days"))
            rc = int_field(v, k, "培训天数", 0, 366, &in->days, err);
        else if (!strcmp(k, "hours"))
            rc = int_field(v, k, "培训学时", 0, 10000, &in->hours, err);
        else if (!strcmp(k, "vote"))
            rc = vote_field(v, &in->vote, err);
        else if (!strcmp(k, "outcome"))
            rc = str_field(v, k, "讨论结果", 20, &in->outcome, err);
        else if (!strcmp(k, "extension_months"))
            rc = int_field(v, k, "延长预备期", 0, 120, &in->extension_months, err);
        else if (!strcmp(k, "special")) {
            if (!json_is_boolean(v))
                rc = dj_err_set(err, DJ_EINVAL, k, "「特殊情况」应为 true 或 false");
            in->special = json_is_true(v);
        } else if (!strcmp(k, "reason"))
            rc = str_field(v, k, "原因", 500, &in->reason, err);
        else if (!strcmp(k, "leaving_on"))
            rc = date_field(v, k, "预计离开单位日期", &in->leaving_on, err);
        else if (!strcmp(k, "group_id"))
            rc = int_field(v, k, "党小组", 1, INT64_MAX, &in->group_id, err);
        else
            rc = dj_err_set(err, DJ_EINVAL, k, "未知字段 %s", k);
        if (rc)
            return rc;
    }
    if (need_kind && (!in->kind || !*in->kind))
        return dj_err_set(err, DJ_EINVAL, "kind", "「步骤」不能为空");
    return 0;
}

/* ---- applicants --------------------------------------------------------- */

static int h_list(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dev_query q = {0};
    struct dj_dev_applicant *rows;
    int64_t org, limit, offset, total;
    json_t *items;
    int n, rc;

    if ((rc = dj_api_query_int(req, "org_id", 1, INT64_MAX, 0, &org, err)) ||
        (rc = dj_api_query_int(req, "limit", 1, 200, 50, &limit, err)) ||
        (rc = dj_api_query_int(req, "offset", 0, 100000000, 0, &offset, err)) ||
        (rc = query_text(req, "stage", 20, &q.stage, err)) ||
        (rc = query_text(req, "q", 30, &q.q, err)))
        return rc;
    q.org_id = org;
    q.limit = (int)limit;
    q.offset = (int)offset;
    if ((rc = dj_dev_list(req->db, dj_api_actor(req), &q, req->arena, &rows, &n, &total, err)))
        return rc;
    items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, applicant_json(&rows[i], false));
    dj_resp_json(resp, 200,
                 json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total, "limit",
                           (json_int_t)limit, "offset", (json_int_t)offset));
    return 0;
}

static int h_create(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dev_applicant in = {0}, out;
    int rc =
        dj_rec_from_json(&dj_dev_applicant_desc, req->json, &in, DJ_REC_CREATE, req->arena, err);

    if (!rc)
        rc = dj_dev_create(req->db, dj_api_actor(req), &in, req->arena, &out, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 201, applicant_json(&out, false));
    return 0;
}

static int h_get(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dev_applicant a;
    bool unmasked;
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = want_unmasked(req, &unmasked, err);
    if (!rc)
        rc = dj_dev_get(req->db, dj_api_actor(req), id, unmasked, req->arena, &a, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, applicant_json(&a, unmasked));
    return 0;
}

static json_t *event_json(const struct dj_dev_event *e)
{
    int n;
    const struct dj_dev_step_def *steps = dj_dev_steps(&n), *d = NULL;

    for (int i = 0; i < n; i++)
        if (steps[i].step == e->step && !strcmp(steps[i].kind, e->kind))
            d = &steps[i];
    return json_pack(
        "{s:I,s:i,s:s,s:s,s:i,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:s,s:s}", "id", (json_int_t)e->id,
        "step", e->step, "kind", e->kind, "label", d ? d->label : "", "stage_no",
        d ? d->stage_no : 0, "stage_group", dj_dev_stage_group(d ? d->stage_no : 0), "date",
        jdate(e->on), "meeting", jstr(e->meeting), "data", jparsed(e->data, "{}"), "documents",
        jparsed(e->documents, "[]"), "note", jstr(e->note), "warning", jstr(e->warning),
        "decided_by_org", e->decided_by_org ? json_integer(e->decided_by_org) : json_null(),
        "recorded_by", e->username ? e->username : "", "recorded_at",
        e->created_at ? e->created_at : "");
}

static json_t *review_json(const struct dj_dev_review *r)
{
    int n;
    const struct dj_dev_step_def *steps = dj_dev_steps(&n), *d = NULL;

    for (int i = 0; i < n; i++)
        if (steps[i].step == r->step)
            d = &steps[i];
    return json_pack("{s:I,s:I,s:s,s:i,s:s,s:s,s:I,s:s,s:s,s:s,s:o,s:s,s:o,s:o,s:o,s:o,s:o}", "id",
                     (json_int_t)r->id, "applicant_id", (json_int_t)r->applicant_id,
                     "applicant_name", r->applicant_name ? r->applicant_name : "", "step", r->step,
                     "kind", d ? d->kind : "", "label", d ? d->label : "", "approver_org_id",
                     (json_int_t)r->approver_org_id, "approver_name",
                     r->approver_name ? r->approver_name : "", "org_name",
                     r->org_name ? r->org_name : "", "status", r->status, "submitted_on",
                     jdate(r->submitted_on), "submitted_by", r->submitted_by, "note", jstr(r->note),
                     "documents", jparsed(r->documents, "[]"), "decided_on", jdate(r->decided_on),
                     "decided_by", jstr(r->decided_by), "reason", jstr(r->reason));
}

static int h_timeline(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dev_applicant a;
    struct dj_dev_event *ev;
    struct dj_dev_next *nx;
    struct dj_dev_review *rv;
    int nev, nnx, nrv;
    int64_t id;
    json_t *events, *next, *reviews;
    char buf[11];
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_dev_timeline(req->db, dj_api_actor(req), id, req->arena, &a, &ev, &nev, &nx, &nnx,
                             &rv, &nrv, err);
    if (rc)
        return rc;
    events = json_array();
    for (int i = 0; i < nev; i++)
        json_array_append_new(events, event_json(&ev[i]));
    next = json_array();
    for (int i = 0; i < nnx; i++)
        json_array_append_new(next,
                              json_pack("{s:i,s:s,s:s,s:o,s:b,s:b,s:s,s:s}", "step", nx[i].step,
                                        "kind", nx[i].kind, "label", nx[i].label, "due",
                                        ds(nx[i].due, buf) ? json_string(buf) : json_null(),
                                        "earliest", nx[i].earliest, "overdue", nx[i].overdue, "why",
                                        nx[i].why, "rule_id", nx[i].rule_id));
    reviews = json_array();
    for (int i = 0; i < nrv; i++)
        json_array_append_new(reviews, review_json(&rv[i]));
    dj_resp_json(resp, 200,
                 json_pack("{s:o,s:o,s:o,s:o}", "applicant", applicant_json(&a, false), "events",
                           events, "next", next, "reviews", reviews));
    return 0;
}

static int h_step(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dev_step_in in = {0};
    struct dj_dev_applicant out;
    char warning[256];
    int64_t id;
    json_t *o;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_dev_parse_step(req->json, &in, true, err);
    if (!rc)
        rc = dj_dev_step(req->db, dj_api_actor(req), id, &in, req->arena, &out, warning, err);
    if (rc)
        return rc;
    o = applicant_json(&out, false);
    json_object_set_new(o, "warning", warning[0] ? json_string(warning) : json_null());
    dj_resp_json(resp, 201, o);
    return 0;
}

static int h_submit(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dev_step_in in = {0};
    int64_t id, rid;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_dev_parse_step(req->json, &in, true, err);
    if (!rc && !dj_date_isset(in.on))
        in.on = today_of(req);
    if (!rc)
        rc = dj_dev_submit(req->db, dj_api_actor(req), id, &in, &rid, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 201,
                 json_pack("{s:I,s:s}", "review_id", (json_int_t)rid, "status", "pending"));
    return 0;
}

/* ---- reviews ------------------------------------------------------------ */

static int h_reviews(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dev_review *rows;
    const char *status, *inbox;
    json_t *items;
    int n, rc;

    if ((rc = query_text(req, "status", 20, &status, err)) ||
        (rc = query_text(req, "inbox", 5, &inbox, err)))
        return rc;
    if ((rc = dj_dev_reviews(req->db, dj_api_actor(req), inbox && !strcmp(inbox, "1"), status,
                             req->arena, &rows, &n, err)))
        return rc;
    items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, review_json(&rows[i]));
    dj_resp_json(resp, 200, json_pack("{s:o}", "items", items));
    return 0;
}

static int h_approve(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dev_step_in in = {0};
    struct dj_dev_applicant out;
    json_t *empty = req->json ? NULL : json_object();
    int64_t rid;
    int rc = dj_api_param_id(req, "id", &rid, err);

    if (!rc)
        rc = dj_api_dev_parse_step(req->json ? req->json : empty, &in, false, err);
    if (!rc && in.kind)
        rc = dj_err_set(err, DJ_EINVAL, "kind", "审批时不能指定步骤");
    if (!rc)
        rc = dj_dev_approve(req->db, dj_api_actor(req), rid, &in, req->arena, &out, err);
    json_decref(empty);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, applicant_json(&out, false));
    return 0;
}

static int h_return(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_date on = {0, 0, 0};
    struct dj_err inner = {0};
    const char *reason = NULL, *date = NULL;
    int64_t rid;
    const struct dj_api_field fields[] = {
        {"reason", DJ_JT_STRING, true, 500, "退回原因", &reason, NULL},
        {"date", DJ_JT_STRING, false, 10, "日期", &date, NULL},
    };
    int rc = dj_api_param_id(req, "id", &rid, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc && date && dj_date_parse(date, &on, "date", &inner))
        rc = dj_err_set(err, DJ_EINVAL, "date", "「日期」应为 YYYY-MM-DD 日期");
    if (!rc)
        rc = dj_dev_return(req->db, dj_api_actor(req), rid, on, reason, err);
    if (rc)
        return rc;
    dj_api_ok(resp);
    return 0;
}

/* ---- rolls, plans, counts, deadlines, steps ----------------------------- */

static const char *dict_label(const char *dict, const char *code)
{
    const char *l = code ? dj_dict_label(dj_dict_find(dict), code) : NULL;
    return l ? l : (code ? code : "");
}

/* 8-digit date text as in the national exports (20241013). */
static json_t *jdate8(struct dj_date d)
{
    char buf[16];
    if (!dj_date_isset(d))
        return json_string("");
    snprintf(buf, sizeof(buf), "%04d%02d%02d", d.y, d.m, d.d);
    return json_string(buf);
}

int dj_api_dev_roll(struct dj_db *db, const struct dj_actor *actor, int64_t org, const char *kind,
                    const char *stage, struct dj_arena *arena, json_t **result, struct dj_err *err)
{
    static const char *const apply_cols[] = {"序号",
                                             "姓名",
                                             "性别",
                                             "民族",
                                             "出生年月",
                                             "身份证号码",
                                             "学历",
                                             "单位、职务或职业",
                                             "递交入党申请时间",
                                             "确定入党积极分子时间"};
    static const char *const dev_cols[] = {"姓名", "身份证号码", "性别", "出生日期", "民族",
                                           "籍贯", "年龄",       "学历", "入党日期", "转正日期"};
    struct dj_dev_query q = {0};
    struct dj_dev_applicant *rows;
    int64_t total;
    json_t *cols, *out;
    bool dev;
    int n, rc;

    *result = NULL;
    kind = kind ? kind : "applicants";
    if (strcmp(kind, "applicants") && strcmp(kind, "development"))
        return dj_err_set(
            err, DJ_EINVAL, "roll",
            "查询参数 roll 应为 applicants（入党申请人名册）或 development（发展党员名册）");
    dev = !strcmp(kind, "development");
    q.org_id = org;
    q.limit = 200;
    q.stage = stage ? stage : (dev ? "probationary" : "applicant");
    if ((rc = dj_dev_list(db, actor, &q, arena, &rows, &n, &total, err)))
        return rc;
    cols = json_array();
    for (size_t i = 0; i < (dev ? DJ_ARRAY_LEN(dev_cols) : DJ_ARRAY_LEN(apply_cols)); i++)
        json_array_append_new(cols, json_string(dev ? dev_cols[i] : apply_cols[i]));
    out = json_array();
    for (int i = 0; i < n; i++) {
        const struct dj_dev_applicant *a = &rows[i];
        json_t *full = applicant_json(a, false);
        json_t *idm = json_incref(json_object_get(full, "id_number"));
        char ym[16] = "", unit[320];
        json_t *row;

        if (dj_date_isset(a->birth_date))
            snprintf(ym, sizeof(ym), "%04d.%02d", a->birth_date.y, a->birth_date.m);
        snprintf(unit, sizeof(unit), "%s%s%s", a->work_unit ? a->work_unit : "",
                 a->work_unit && a->job ? "，" : "", a->job ? a->job : "");
        if (dev)
            row = json_pack("[s,o,s,o,s,s,I,s,o,o]", a->name, idm, dict_label("gender", a->gender),
                            jdate8(a->birth_date), dict_label("nation", a->nation), "",
                            (json_int_t)a->age, dict_label("education", a->education),
                            jdate8(a->admitted_on), jdate8(a->converted_on));
        else
            row = json_pack("[i,s,s,s,s,o,s,s,o,o]", i + 1, a->name,
                            dict_label("gender", a->gender), dict_label("nation", a->nation), ym,
                            idm, dict_label("education", a->education), unit, jdate8(a->applied_on),
                            jdate8(a->activist_on));
        json_array_append_new(out, row);
        json_decref(full);
    }
    *result = json_pack("{s:s,s:o,s:o,s:I}", "title", dev ? "发展党员名册" : "入党申请人名册",
                        "columns", cols, "rows", out, "total", (json_int_t)total);
    return 0;
}

static int h_roll(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    const char *kind, *stage;
    int64_t org;
    json_t *out;
    int rc;

    if ((rc = dj_api_query_int(req, "org_id", 1, INT64_MAX, 0, &org, err)) ||
        (rc = query_text(req, "roll", 20, &kind, err)) ||
        (rc = query_text(req, "stage", 20, &stage, err)) ||
        (rc = dj_api_dev_roll(req->db, dj_api_actor(req), org, kind, stage, req->arena, &out, err)))
        return rc;
    dj_resp_json(resp, 200, out);
    return 0;
}

static int h_plans(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dev_plan *rows;
    int64_t org, year;
    json_t *items;
    int n, rc;

    if ((rc = dj_api_query_int(req, "org_id", 1, INT64_MAX, 0, &org, err)) ||
        (rc = dj_api_query_int(req, "year", 2000, 2100, today_of(req).y, &year, err)) ||
        (rc = dj_dev_plans(req->db, dj_api_actor(req), org, year, req->arena, &rows, &n, err)))
        return rc;
    items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            items, json_pack("{s:I,s:I,s:s,s:I,s:I,s:I,s:I,s:o}", "id", (json_int_t)rows[i].id,
                             "org_id", (json_int_t)rows[i].org_id, "org_name",
                             rows[i].org_name ? rows[i].org_name : "", "year",
                             (json_int_t)rows[i].year, "planned", (json_int_t)rows[i].planned,
                             "under35", (json_int_t)rows[i].under35, "developed",
                             (json_int_t)rows[i].developed, "note", jstr(rows[i].note)));
    dj_resp_json(resp, 200, json_pack("{s:I,s:o}", "year", (json_int_t)year, "items", items));
    return 0;
}

static int h_plan_set(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dev_plan p = {0};
    const char *note = NULL;
    const struct dj_api_field fields[] = {
        {"org_id", DJ_JT_INT, true, 0, "组织", &p.org_id, NULL},
        {"year", DJ_JT_INT, true, 0, "年度", &p.year, NULL},
        {"planned", DJ_JT_INT, true, 0, "计划发展人数", &p.planned, NULL},
        {"under35", DJ_JT_INT, false, 0, "其中 35 岁以下", &p.under35, NULL},
        {"note", DJ_JT_STRING, false, 500, "说明", &note, NULL},
    };
    int rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);

    p.note = note;
    if (!rc)
        rc = dj_dev_plan_set(req->db, dj_api_actor(req), &p, err);
    if (rc)
        return rc;
    dj_api_ok(resp);
    return 0;
}

static int h_counts(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dev_count *rows;
    int64_t org, total = 0, under35 = 0;
    json_t *stages, *edu;
    int n, rc;

    if ((rc = dj_api_query_int(req, "org_id", 1, INT64_MAX, 0, &org, err)) ||
        (rc = dj_dev_counts(req->db, dj_api_actor(req), org, req->arena, &rows, &n, err)))
        return rc;
    stages = json_object();
    edu = json_object();
    for (int i = 0; i < n; i++) {
        json_t *s = json_object_get(stages, rows[i].stage), *e;
        const char *ek = rows[i].education ? rows[i].education : "";
        if (!s) {
            s = json_pack("{s:s,s:I,s:I,s:{}}", "label", dj_dev_stage_label(rows[i].stage), "total",
                          (json_int_t)0, "under35", (json_int_t)0, "education");
            json_object_set_new(stages, rows[i].stage, s);
        }
        json_object_set_new(
            s, "total",
            json_integer(json_integer_value(json_object_get(s, "total")) + rows[i].total));
        json_object_set_new(
            s, "under35",
            json_integer(json_integer_value(json_object_get(s, "under35")) + rows[i].under35));
        json_object_set_new(json_object_get(s, "education"), ek, json_integer(rows[i].total));
        e = json_object_get(edu, ek);
        json_object_set_new(edu, ek, json_integer(json_integer_value(e) + rows[i].total));
        total += rows[i].total;
        under35 += rows[i].under35;
    }
    dj_resp_json(resp, 200,
                 json_pack("{s:I,s:I,s:o,s:o}", "total", (json_int_t)total, "under35",
                           (json_int_t)under35, "stages", stages, "education", edu));
    return 0;
}

static int h_deadlines(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_deadline *rows;
    struct dj_date t = today_of(req), from, to;
    static const char *const levels[] = {"info", "due", "overdue"};
    int64_t org;
    json_t *items;
    int n, rc;

    if ((rc = dj_api_query_int(req, "org_id", 1, INT64_MAX, 0, &org, err)) ||
        (rc = dj_api_query_date(req, "from", dj_date_add_years(t, -1), &from, err)) ||
        (rc = dj_api_query_date(req, "to", dj_date_add_months(t, 3), &to, err)) ||
        (rc = dj_dev_deadlines(req->db, dj_api_actor(req), org, from, to, req->arena, &rows, &n,
                               err)))
        return rc;
    items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            items, json_pack("{s:s,s:s,s:I,s:o,s:o,s:s,s:s,s:s}", "kind", rows[i].kind, "key",
                             rows[i].key, "org_id", (json_int_t)rows[i].org_id, "member_id",
                             rows[i].member_id ? json_integer(rows[i].member_id) : json_null(),
                             "due", jdate(rows[i].due), "level", levels[rows[i].level], "rule_id",
                             rows[i].rule_id, "title", rows[i].title));
    dj_resp_json(resp, 200, json_pack("{s:o}", "items", items));
    return 0;
}

static int h_steps(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    int n;
    const struct dj_dev_step_def *s = dj_dev_steps(&n);
    json_t *items = json_array();

    (void)req;
    (void)err;
    for (int i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:i,s:s,s:s,s:i,s:s,s:s,s:b,s:b,s:b}", "step",
                                               s[i].step, "kind", s[i].kind, "label", s[i].label,
                                               "stage_no", s[i].stage_no, "stage_group",
                                               dj_dev_stage_group(s[i].stage_no), "stage",
                                               s[i].stage, "review", s[i].review, "meeting",
                                               s[i].meeting, "repeat", s[i].repeat));
    dj_resp_json(resp, 200, json_pack("{s:o}", "items", items));
    return 0;
}

const struct dj_route dj_api_dev_routes[] = {
    {"GET", "/api/dev/steps", h_steps, 0},
    {"GET", "/api/dev/applicants", h_list, 0},
    {"POST", "/api/dev/applicants", h_create, 0},
    {"GET", "/api/dev/applicants/{id}", h_get, 0},
    {"GET", "/api/dev/applicants/{id}/timeline", h_timeline, 0},
    {"POST", "/api/dev/applicants/{id}/steps", h_step, 0},
    {"POST", "/api/dev/applicants/{id}/submit", h_submit, 0},
    {"GET", "/api/dev/reviews", h_reviews, 0},
    {"POST", "/api/dev/reviews/{id}/approve", h_approve, 0},
    {"POST", "/api/dev/reviews/{id}/return", h_return, 0},
    {"GET", "/api/dev/roll", h_roll, 0},
    {"GET", "/api/dev/plans", h_plans, 0},
    {"POST", "/api/dev/plans", h_plan_set, 0},
    {"GET", "/api/dev/counts", h_counts, 0},
    {"GET", "/api/dev/deadlines", h_deadlines, 0},
    {NULL, NULL, NULL, 0},
};
