/*
 * transfer.c - the API of 组织关系接转 (/api/transfers), 流动党员 (/api/flow)
 * and 失联排查 / 自行脱党 / status decisions (/api/lapse). svc/transfer.c and
 * svc/lapse.c decide every permission; this file parses and renders.
 */
#include "base/compat.h"
#include "api/api.h"
#include "base/config.h"
#include "model/desc.h"
#include "svc/lapse.h"
#include "svc/transfer.h"

/* ---- helpers ------------------------------------------------------------- */

static void set_date(json_t *o, const char *key, struct dj_date d)
{
    char buf[11];
    json_object_set_new(o, key,
                        dj_date_isset(d) ? json_string(dj_date_format(d, buf)) : json_null());
}

static void set_str(json_t *o, const char *key, const char *s)
{
    json_object_set_new(o, key, s ? json_string(s) : json_null());
}

static void set_id(json_t *o, const char *key, int64_t id)
{
    json_object_set_new(o, key, id > 0 ? json_integer(id) : json_null());
}

/* An optional body date: absent or null = unset; bad = DJ_EINVAL naming it. */
static int query_text(const struct dj_req *req, const char *name, size_t max, const char **out,
                      struct dj_err *err)
{
    const char *s = dj_req_query(req, name);

    *out = s && *s ? s : NULL;
    if (*out && (!dj_utf8_valid(*out) || dj_utf8_len(*out) > max))
        return dj_err_set(err, DJ_EINVAL, name, "查询参数 %s 过长或含有无效字符", name);
    return 0;
}

/* ---- transfers ----------------------------------------------------------- */

static json_t *transfer_json(const struct dj_transfer *t, unsigned sides, struct dj_date today)
{
    json_t *o = json_object();

    json_object_set_new(o, "id", json_integer(t->id));
    set_str(o, "kind", t->kind);
    set_str(o, "category", t->category);
    set_str(o, "category_label", dj_transfer_category_label(t->category));
    set_str(o, "state", t->state);
    set_str(o, "state_label", dj_transfer_state_label(t->state));
    set_id(o, "member_id", t->member_id);
    set_str(o, "member_name", t->member_name);
    set_str(o, "gender", t->gender);
    set_str(o, "member_category", t->member_category);
    set_id(o, "from_org_id", t->from_org_id);
    set_str(o, "from_name", t->from_name);
    set_id(o, "approver_org_id", t->approver_org_id);
    set_str(o, "approver_name", t->approver_name);
    set_id(o, "to_org_id", t->to_org_id);
    set_str(o, "to_name", t->to_name);
    set_str(o, "reason", t->reason);
    set_date(o, "requested_on", t->requested_on);
    set_date(o, "approved_on", t->approved_on);
    set_date(o, "issued_on", t->issued_on);
    set_str(o, "letter_no", t->letter_no);
    set_date(o, "valid_until", t->valid_until);
    set_str(o, "dues_paid_to", t->dues_paid_to);
    set_date(o, "received_on", t->received_on);
    set_date(o, "receipt_on", t->receipt_on);
    set_date(o, "closed_on", t->closed_on);
    set_str(o, "close_reason", t->close_reason);
    json_object_set_new(o, "postpone_months", json_integer(t->postpone_months));
    set_date(o, "probation_end", t->probation_end);
    json_object_set_new(o, "overdue", json_boolean(dj_transfer_overdue(t, today)));
    json_object_set_new(o, "pocket", json_boolean(dj_transfer_is_pocket(t, today)));
    json_object_set_new(o, "side_send", json_boolean(sides & DJ_TSIDE_SEND));
    json_object_set_new(o, "side_recv", json_boolean(sides & DJ_TSIDE_RECV));
    return o;
}

static unsigned list_sides(const struct dj_req *req, const struct dj_transfer *t)
{
    const struct dj_actor *a = dj_api_actor(req);
    unsigned s = 0;
    if (t->from_path && !dj_authorize(a, DJ_PERM_READ, t->from_path, NULL))
        s |= DJ_TSIDE_SEND;
    if (t->to_path && !dj_authorize(a, DJ_PERM_READ, t->to_path, NULL))
        s |= DJ_TSIDE_RECV;
    return s;
}

static struct dj_date api_today(const struct dj_req *req)
{
    return dj_date_today(req->cfg ? req->cfg->utc_offset_minutes : 480);
}

static int h_list(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_transfer_query q = {0};
    struct dj_transfer *rows;
    int64_t org, member;
    json_t *arr;
    int n, rc;

    if ((rc = dj_api_query_int(req, "org_id", 1, INT64_MAX, 0, &org, err)) ||
        (rc = dj_api_query_int(req, "member_id", 1, INT64_MAX, 0, &member, err)) ||
        (rc = query_text(req, "box", 8, &q.box, err)) ||
        (rc = query_text(req, "state", 16, &q.state, err)))
        return rc;
    q.org_id = org;
    q.member_id = member;
    if ((rc = dj_transfer_list(req->db, dj_api_actor(req), &q, req->arena, &rows, &n, err)))
        return rc;
    arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr,
                              transfer_json(&rows[i], list_sides(req, &rows[i]), api_today(req)));
    dj_resp_json(resp, 200, json_pack("{s:o}", "items", arr));
    return 0;
}

static int h_create(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_transfer_new in = {0};
    struct dj_transfer t;
    const char *requested = NULL, *joined = NULL, *confirmed = NULL, *issued = NULL, *valid = NULL;
    const struct dj_api_field fields[] = {
        {"kind", DJ_JT_STRING, true, 16, "转接方式", &in.kind, NULL},
        {"category", DJ_JT_STRING, false, 16, "转接类别", &in.category, NULL},
        {"member_id", DJ_JT_INT, false, 0, "党员", &in.member_id, NULL},
        {"to_org_id", DJ_JT_INT, false, 0, "目标党组织", &in.to_org_id, NULL},
        {"to_name", DJ_JT_STRING, false, 100, "目标党组织名称", &in.to_name, NULL},
        {"from_name", DJ_JT_STRING, false, 100, "原党组织名称", &in.from_name, NULL},
        {"reason", DJ_JT_STRING, false, 200, "描述信息", &in.reason, NULL},
        {"requested_on", DJ_JT_STRING, false, 10, "申请日期", &requested, NULL},
        {"name", DJ_JT_STRING, false, 30, "姓名", &in.name, NULL},
        {"id_number", DJ_JT_STRING, false, 40, "身份证号码", &in.id_number, NULL},
        {"member_category", DJ_JT_STRING, false, 16, "党员类别", &in.member_category, NULL},
        {"joined_on", DJ_JT_STRING, false, 10, "入党日期", &joined, NULL},
        {"confirmed_on", DJ_JT_STRING, false, 10, "转正日期", &confirmed, NULL},
        {"letter_no", DJ_JT_STRING, false, 40, "介绍信编号", &in.letter_no, NULL},
        {"issued_on", DJ_JT_STRING, false, 10, "开具日期", &issued, NULL},
        {"valid_until", DJ_JT_STRING, false, 10, "有效期至", &valid, NULL},
        {"dues_paid_to", DJ_JT_STRING, false, 10, "党费交至", &in.dues_paid_to, NULL},
    };
    int rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);

    if (!rc)
        rc = dj_api_body_date(requested, "requested_on", "申请日期", true, &in.requested_on, err);
    if (!rc)
        rc = dj_api_body_date(joined, "joined_on", "入党日期", true, &in.joined_on, err);
    if (!rc)
        rc = dj_api_body_date(confirmed, "confirmed_on", "转正日期", true, &in.confirmed_on, err);
    if (!rc)
        rc = dj_api_body_date(issued, "issued_on", "开具日期", true, &in.issued_on, err);
    if (!rc)
        rc = dj_api_body_date(valid, "valid_until", "有效期至", true, &in.valid_until, err);
    if (!rc)
        rc = dj_transfer_create(req->db, dj_api_actor(req), &in, req->arena, &t, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 201, transfer_json(&t, list_sides(req, &t), api_today(req)));
    return 0;
}

static int h_get(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_transfer t;
    unsigned sides;
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_transfer_get(req->db, dj_api_actor(req), id, req->arena, &t, &sides, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, transfer_json(&t, sides, api_today(req)));
    return 0;
}

static int step(struct dj_req *req, struct dj_resp *resp, enum dj_transfer_action action,
                struct dj_err *err)
{
    struct dj_transfer_step s = {.action = action};
    struct dj_transfer t;
    const char *date = NULL, *valid = NULL;
    const struct dj_api_field fields[] = {
        {"date", DJ_JT_STRING, false, 10, "办理日期", &date, NULL},
        {"letter_no", DJ_JT_STRING, false, 40, "介绍信编号", &s.letter_no, NULL},
        {"valid_until", DJ_JT_STRING, false, 10, "有效期至", &valid, NULL},
        {"dues_paid_to", DJ_JT_STRING, false, 10, "党费交至", &s.dues_paid_to, NULL},
        {"reason", DJ_JT_STRING, false, 200, "原因", &s.reason, NULL},
    };
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc && req->json)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc)
        rc = dj_api_body_date(date, "date", "办理日期", true, &s.on, err);
    if (!rc)
        rc = dj_api_body_date(valid, "valid_until", "有效期至", true, &s.valid_until, err);
    if (!rc)
        rc = dj_transfer_act(req->db, dj_api_actor(req), id, &s, req->arena, &t, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, transfer_json(&t, list_sides(req, &t), api_today(req)));
    return 0;
}

static int h_approve(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    return step(req, resp, DJ_TA_APPROVE, err);
}
static int h_issue(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    return step(req, resp, DJ_TA_ISSUE, err);
}
static int h_receive(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    return step(req, resp, DJ_TA_RECEIVE, err);
}
static int h_receipt(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    return step(req, resp, DJ_TA_RECEIPT, err);
}
static int h_return(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    return step(req, resp, DJ_TA_RETURN, err);
}
static int h_cancel(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    return step(req, resp, DJ_TA_CANCEL, err);
}
static int h_expire(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    return step(req, resp, DJ_TA_EXPIRE, err);
}

static int h_postpone(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_transfer t;
    int64_t id, months = 0;
    const struct dj_api_field fields[] = {
        {"months", DJ_JT_INT, true, 0, "推迟月数", &months, NULL},
    };
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc && (months < 0 || months > 1000))
        rc = dj_err_set(err, DJ_EINVAL, "months", "「推迟月数」应为 1 至 6 个月");
    if (!rc)
        rc = dj_transfer_postpone(req->db, dj_api_actor(req), id, (int)months, req->arena, &t, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, transfer_json(&t, list_sides(req, &t), api_today(req)));
    return 0;
}

static int h_letter(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_transfer_letter l;
    json_t *o;
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_transfer_letter(req->db, dj_api_actor(req), id, req->arena, &l, err);
    if (rc)
        return rc;
    o = json_object();
    json_object_set_new(o, "transfer_id", json_integer(l.transfer_id));
    set_str(o, "letter_no", l.letter_no);
    set_str(o, "member_name", l.member_name);
    set_str(o, "gender_label", l.gender_label);
    json_object_set_new(o, "age", l.age > 0 ? json_integer(l.age) : json_null());
    set_str(o, "nation_label", l.nation_label);
    set_str(o, "category_label", l.category_label);
    set_str(o, "id_masked", l.id_masked);
    set_str(o, "from_name", l.from_name);
    set_str(o, "to_name", l.to_name);
    set_str(o, "issuer_name", l.issuer_name);
    set_str(o, "transfer_category", l.transfer_category);
    json_object_set_new(o, "dues_year", json_integer(l.dues_year));
    json_object_set_new(o, "dues_month", json_integer(l.dues_month));
    set_date(o, "issued_on", l.issued_on);
    set_date(o, "valid_until", l.valid_until);
    json_object_set_new(o, "valid_days", json_integer(l.valid_days));
    set_date(o, "received_on", l.received_on);
    set_date(o, "receipt_on", l.receipt_on);
    set_str(o, "state", l.state);
    dj_resp_json(resp, 200, o);
    return 0;
}

/* Percent-encode UTF-8 for a Content-Disposition filename* (RFC 8187 attr-char kept). */
static const char *pct_encode(struct dj_arena *arena, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    char *out = dj_arena_alloc(arena, n * 3 + 1), *o = out;

    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
        if ((*u >= '0' && *u <= '9') || (*u >= 'A' && *u <= 'Z') || (*u >= 'a' && *u <= 'z') ||
            strchr("!#$&+-.^_`|~", *u)) {
            *o++ = (char)*u;
        } else {
            *o++ = '%';
            *o++ = hex[*u >> 4];
            *o++ = hex[*u & 15];
        }
    }
    *o = '\0';
    return out;
}

static int h_letter_pdf(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_transfer_letter l;
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (rc)
        return rc;
    dj_buf_reset(&resp->body);
    if ((rc = dj_transfer_letter_pdf(req->db, dj_api_actor(req), id, req->arena, &l, &resp->body,
                                     err))) {
        dj_buf_reset(&resp->body);
        return rc;
    }
    resp->status = 200;
    resp->content_type = "application/pdf";
    dj_resp_header(
        req, resp, "Content-Disposition",
        dj_arena_printf(req->arena,
                        "attachment; filename=\"transfer-letter-%lld.pdf\"; filename*=UTF-8''%s",
                        (long long)id,
                        pct_encode(req->arena, dj_arena_printf(req->arena, "组织关系介绍信-%s.pdf",
                                                               l.letter_no))));
    return 0;
}

static int h_targets(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_transfer_target *rows;
    const char *q;
    json_t *arr;
    int n, rc = query_text(req, "q", 30, &q, err);

    if (!rc)
        rc = dj_transfer_targets(req->db, dj_api_actor(req), q, req->arena, &rows, &n, err);
    if (rc)
        return rc;
    arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            arr, json_pack("{s:I,s:s}", "id", (json_int_t)rows[i].id, "name", rows[i].name));
    dj_resp_json(resp, 200, json_pack("{s:o}", "items", arr));
    return 0;
}

/* GET /api/transfers/roster?box=in|out&year=&org_id=: the national 转入/转出党员名册. */
static int h_roster(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    static const char *const in_cols[] = {"姓名",           "性别",     "身份证号码",
                                          "转接类别",       "转入日期", "原党组织名称",
                                          "目标党组织名称", "描述信息", "党费缴至日期"};
    static const char *const out_cols[] = {
        "序号",     "姓名",         "性别",           "身份证号码", "转接类别",
        "转出日期", "原党组织名称", "目标党组织名称", "描述信息",   "党费缴至日期"};
    struct dj_transfer_roster_row *rows;
    const char *box;
    int64_t year, org;
    json_t *cols, *arr;
    bool in;
    int n, rc;

    if ((rc = query_text(req, "box", 8, &box, err)) ||
        (rc = dj_api_query_int(req, "year", 1921, 9999, api_today(req).y, &year, err)) ||
        (rc = dj_api_query_int(req, "org_id", 1, INT64_MAX, 0, &org, err)) ||
        (rc = dj_transfer_roster(req->db, dj_api_actor(req), box, (int)year, org, req->arena, &rows,
                                 &n, err)))
        return rc;
    in = !strcmp(box, "in");
    cols = json_array();
    for (size_t i = 0; i < (in ? DJ_ARRAY_LEN(in_cols) : DJ_ARRAY_LEN(out_cols)); i++)
        json_array_append_new(cols, json_string(in ? in_cols[i] : out_cols[i]));
    arr = json_array();
    for (int i = 0; i < n; i++) {
        json_t *o = json_object();
        if (!in)
            json_object_set_new(o, "seq", json_integer(i + 1));
        set_str(o, "name", rows[i].name);
        set_str(o, "gender", rows[i].gender_label);
        set_str(o, "id_number", rows[i].id_masked);
        set_str(o, "category", rows[i].category_label);
        set_date(o, "date", rows[i].on);
        set_str(o, "from_name", rows[i].from_name);
        set_str(o, "to_name", rows[i].to_name);
        set_str(o, "reason", rows[i].reason);
        set_str(o, "dues_paid_to", rows[i].dues_paid_to);
        json_array_append_new(arr, o);
    }
    dj_resp_json(resp, 200,
                 json_pack("{s:s,s:o,s:o}", "title",
                           dj_arena_printf(req->arena, "%lld年%s党员名册", (long long)year,
                                           in ? "转入" : "转出"),
                           "columns", cols, "items", arr));
    return 0;
}

/* ---- flows --------------------------------------------------------------- */

static json_t *flow_json(const struct dj_flow *f)
{
    json_t *o = json_object();

    json_object_set_new(o, "id", json_integer(f->id));
    set_str(o, "side", f->side);
    set_id(o, "member_id", f->member_id);
    set_str(o, "member_name", f->member_name);
    set_id(o, "home_org_id", f->home_org_id);
    set_str(o, "home_name", f->home_name);
    set_id(o, "host_org_id", f->host_org_id);
    set_str(o, "host_name", f->host_name);
    set_str(o, "reason", f->reason);
    set_str(o, "destination", f->destination);
    set_str(o, "card_no", f->card_no);
    set_date(o, "left_on", f->left_on);
    set_date(o, "until_on", f->until_on);
    set_date(o, "ended_on", f->ended_on);
    set_str(o, "end_reason", f->end_reason);
    json_object_set_new(o, "last_review_year",
                        f->last_review_year ? json_integer(f->last_review_year) : json_null());
    return o;
}

static int h_flow_list(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_flow *rows;
    int64_t org, all;
    json_t *arr;
    int n, rc;

    if ((rc = dj_api_query_int(req, "org_id", 1, INT64_MAX, 0, &org, err)) ||
        (rc = dj_api_query_int(req, "all", 0, 1, 0, &all, err)) ||
        (rc = dj_flow_list(req->db, dj_api_actor(req), org, all == 1, req->arena, &rows, &n, err)))
        return rc;
    arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, flow_json(&rows[i]));
    dj_resp_json(resp, 200, json_pack("{s:o}", "items", arr));
    return 0;
}

static int h_flow_create(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_flow_new in = {0};
    struct dj_flow f;
    const char *left = NULL, *until = NULL;
    const struct dj_api_field fields[] = {
        {"side", DJ_JT_STRING, true, 8, "登记方", &in.side, NULL},
        {"member_id", DJ_JT_INT, false, 0, "党员", &in.member_id, NULL},
        {"member_name", DJ_JT_STRING, false, 30, "姓名", &in.member_name, NULL},
        {"host_org_id", DJ_JT_INT, false, 0, "流入地党组织", &in.host_org_id, NULL},
        {"host_name", DJ_JT_STRING, false, 100, "流入地党组织", &in.host_name, NULL},
        {"home_name", DJ_JT_STRING, false, 100, "流出地党组织", &in.home_name, NULL},
        {"in_org_id", DJ_JT_INT, false, 0, "流入党支部", &in.in_org_id, NULL},
        {"reason", DJ_JT_STRING, true, 100, "外出原因", &in.reason, NULL},
        {"destination", DJ_JT_STRING, true, 100, "去向", &in.destination, NULL},
        {"card_no", DJ_JT_STRING, false, 40, "流动党员活动证编号", &in.card_no, NULL},
        {"left_on", DJ_JT_STRING, true, 10, "外出日期", &left, NULL},
        {"until_on", DJ_JT_STRING, false, 10, "预计返回日期", &until, NULL},
    };
    int rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);

    if (!rc)
        rc = dj_api_body_date(left, "left_on", "外出日期", true, &in.left_on, err);
    if (!rc)
        rc = dj_api_body_date(until, "until_on", "预计返回日期", true, &in.until_on, err);
    if (!rc)
        rc = dj_flow_create(req->db, dj_api_actor(req), &in, req->arena, &f, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 201, flow_json(&f));
    return 0;
}

static int h_flow_get(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_flow f;
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_flow_get(req->db, dj_api_actor(req), id, req->arena, &f, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, flow_json(&f));
    return 0;
}

static int h_flow_end(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_flow f;
    struct dj_date on;
    const char *date = NULL, *reason = NULL;
    const struct dj_api_field fields[] = {
        {"date", DJ_JT_STRING, true, 10, "结束日期", &date, NULL},
        {"reason", DJ_JT_STRING, true, 100, "结束原因", &reason, NULL},
    };
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc)
        rc = dj_api_body_date(date, "date", "结束日期", true, &on, err);
    if (!rc)
        rc = dj_flow_end(req->db, dj_api_actor(req), id, on, reason, req->arena, &f, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, flow_json(&f));
    return 0;
}

static int h_flow_review(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_date on;
    const char *date = NULL, *result = NULL, *note = NULL;
    int64_t id, year = 0;
    const struct dj_api_field fields[] = {
        {"year", DJ_JT_INT, true, 0, "年审年度", &year, NULL},
        {"date", DJ_JT_STRING, true, 10, "年审日期", &date, NULL},
        {"result", DJ_JT_STRING, true, 16, "年审结果", &result, NULL},
        {"note", DJ_JT_STRING, false, 200, "年审意见", &note, NULL},
    };
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc)
        rc = dj_api_body_date(date, "date", "年审日期", true, &on, err);
    if (!rc && (year < 1921 || year > 9999))
        rc = dj_err_set(err, DJ_EINVAL, "year", "「年审年度」无效");
    if (!rc)
        rc = dj_flow_review(req->db, dj_api_actor(req), id, (int)year, on, result, note, err);
    if (rc)
        return rc;
    dj_api_ok(resp);
    return 0;
}

/* ---- lapse --------------------------------------------------------------- */

static int h_worklist(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_lapse_item *rows;
    int64_t org;
    json_t *arr;
    int n, rc;

    if ((rc = dj_api_query_int(req, "org_id", 1, INT64_MAX, 0, &org, err)) ||
        (rc = dj_lapse_worklist(req->db, dj_api_actor(req), org, req->arena, &rows, &n, err)))
        return rc;
    arr = json_array();
    for (int i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "member_id", json_integer(rows[i].row.member_id));
        set_str(o, "name", rows[i].row.name);
        json_object_set_new(o, "org_id", json_integer(rows[i].row.org_id));
        set_str(o, "org_name", rows[i].row.org_name);
        set_str(o, "status", rows[i].row.status);
        set_date(o, "last_contact", rows[i].row.last_signal);
        set_date(o, "last", rows[i].last);
        set_date(o, "listed_from", rows[i].since);
        json_object_set_new(o, "months", json_integer(rows[i].months));
        json_object_set_new(o, "searches", json_integer(rows[i].row.searches));
        json_object_set_new(o, "may_suspend", json_boolean(rows[i].may_suspend));
        json_array_append_new(arr, o);
    }
    dj_resp_json(resp, 200, json_pack("{s:o}", "items", arr));
    return 0;
}

static int h_candidates(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_lapse_candidate *rows;
    int64_t org;
    json_t *arr;
    int n, rc;

    if ((rc = dj_api_query_int(req, "org_id", 1, INT64_MAX, 0, &org, err)) ||
        (rc = dj_lapse_candidates(req->db, dj_api_actor(req), org, req->arena, &rows, &n, err)))
        return rc;
    arr = json_array();
    for (int i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "ground_id", json_integer(rows[i].g.id));
        json_object_set_new(o, "member_id", json_integer(rows[i].g.member_id));
        set_str(o, "name", rows[i].g.name);
        set_str(o, "org_name", rows[i].g.org_name);
        set_str(o, "ground", rows[i].g.ground);
        set_str(o, "note", rows[i].g.note);
        set_date(o, "since", rows[i].g.since);
        set_date(o, "candidate_from", rows[i].from);
        json_array_append_new(arr, o);
    }
    dj_resp_json(resp, 200, json_pack("{s:o}", "items", arr));
    return 0;
}

static json_t *notes_json(const struct dj_member_note *rows, int n, const char *what,
                          const char *text, const char *extra, const char *extra2)
{
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(rows[i].id));
        set_date(o, "date", rows[i].on);
        set_str(o, what, rows[i].what);
        set_str(o, text, rows[i].text);
        if (extra)
            set_str(o, extra, rows[i].extra);
        if (extra2)
            set_str(o, extra2, rows[i].extra2);
        set_str(o, "created_at", rows[i].created_at);
        json_array_append_new(arr, o);
    }
    return arr;
}

static int h_member_notes(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_member_note *c, *s, *g, *d;
    int nc, ns, ng, nd;
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);
    const struct dj_actor *a = dj_api_actor(req);

    if (!rc)
        rc = dj_lapse_notes(req->db, a, id, DJ_NOTE_CONTACT, req->arena, &c, &nc, err);
    if (!rc)
        rc = dj_lapse_notes(req->db, a, id, DJ_NOTE_SEARCH, req->arena, &s, &ns, err);
    if (!rc)
        rc = dj_lapse_notes(req->db, a, id, DJ_NOTE_GROUND, req->arena, &g, &ng, err);
    if (!rc)
        rc = dj_lapse_notes(req->db, a, id, DJ_NOTE_DECISION, req->arena, &d, &nd, err);
    if (rc)
        return rc;
    dj_resp_json(
        resp, 200,
        json_pack("{s:o,s:o,s:o,s:o}", "contacts", notes_json(c, nc, "method", "note", NULL, NULL),
                  "searches", notes_json(s, ns, "action", "evidence", "found", NULL), "grounds",
                  notes_json(g, ng, "ground", "note", "good_reason", "cleared_on"), "decisions",
                  notes_json(d, nd, "decision", "decider", "doc_no", "reason")));
    return 0;
}

static int h_contact(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    const char *date = NULL, *method = NULL, *note = NULL;
    const struct dj_api_field fields[] = {
        {"date", DJ_JT_STRING, true, 10, "联系日期", &date, NULL},
        {"method", DJ_JT_STRING, true, 20, "联系方式", &method, NULL},
        {"note", DJ_JT_STRING, false, 500, "联系情况", &note, NULL},
    };
    struct dj_date on;
    int64_t id, nid;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc)
        rc = dj_api_body_date(date, "date", "联系日期", true, &on, err);
    if (!rc)
        rc = dj_lapse_contact(req->db, dj_api_actor(req), id, on, method, note, &nid, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)nid));
    return 0;
}

static int h_search(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    const char *date = NULL, *action = NULL, *evidence = NULL;
    bool found = false;
    const struct dj_api_field fields[] = {
        {"date", DJ_JT_STRING, true, 10, "查找日期", &date, NULL},
        {"action", DJ_JT_STRING, true, 100, "查找措施", &action, NULL},
        {"evidence", DJ_JT_STRING, true, 500, "查找情况及佐证", &evidence, NULL},
        {"found", DJ_JT_BOOL, false, 0, "已取得联系", &found, NULL},
    };
    struct dj_date on;
    int64_t id, nid;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc)
        rc = dj_api_body_date(date, "date", "查找日期", true, &on, err);
    if (!rc)
        rc =
            dj_lapse_search(req->db, dj_api_actor(req), id, on, action, evidence, found, &nid, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)nid));
    return 0;
}

static int h_ground(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    const char *since = NULL, *ground = NULL, *note = NULL;
    bool good = false;
    const struct dj_api_field fields[] = {
        {"ground", DJ_JT_STRING, true, 8, "情形", &ground, NULL},
        {"since", DJ_JT_STRING, true, 10, "起始日期", &since, NULL},
        {"good_reason", DJ_JT_BOOL, false, 0, "有正当理由", &good, NULL},
        {"note", DJ_JT_STRING, false, 500, "情况说明", &note, NULL},
    };
    struct dj_date on;
    int64_t id, nid;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc)
        rc = dj_api_body_date(since, "since", "起始日期", true, &on, err);
    if (!rc)
        rc = dj_lapse_ground(req->db, dj_api_actor(req), id, ground, on, good, note, &nid, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)nid));
    return 0;
}

static int h_ground_clear(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    const char *date = NULL;
    const struct dj_api_field fields[] = {
        {"date", DJ_JT_STRING, true, 10, "解除日期", &date, NULL},
    };
    struct dj_date on;
    int64_t id, gid;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_param_id(req, "gid", &gid, err);
    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc)
        rc = dj_api_body_date(date, "date", "解除日期", true, &on, err);
    if (!rc)
        rc = dj_lapse_ground_clear(req->db, dj_api_actor(req), id, gid, on, err);
    if (rc)
        return rc;
    dj_api_ok(resp);
    return 0;
}

static int h_decision(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_lapse_decision d = {0};
    const char *date = NULL;
    const struct dj_api_field fields[] = {
        {"decision", DJ_JT_STRING, true, 16, "决定事项", &d.decision, NULL},
        {"date", DJ_JT_STRING, true, 10, "决定日期", &date, NULL},
        {"decider", DJ_JT_STRING, true, 100, "决定机关", &d.decider, NULL},
        {"doc_no", DJ_JT_STRING, true, 60, "文号", &d.doc_no, NULL},
        {"reason", DJ_JT_STRING, false, 200, "决定理由", &d.reason, NULL},
        {"leave_kind", DJ_JT_STRING, false, 16, "出党方式", &d.leave_kind, NULL},
    };
    int64_t id, nid;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc)
        rc = dj_api_body_date(date, "date", "决定日期", true, &d.on, err);
    if (!rc)
        rc = dj_lapse_decide(req->db, dj_api_actor(req), id, &d, &nid, err);
    if (rc)
        return rc;
    dj_resp_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)nid));
    return 0;
}

const struct dj_route dj_api_transfer_routes[] = {
    {"GET", "/api/transfers", h_list, 0},
    {"POST", "/api/transfers", h_create, 0},
    {"GET", "/api/transfers/targets", h_targets, 0},
    {"GET", "/api/transfers/roster", h_roster, 0},
    {"GET", "/api/transfers/{id}", h_get, 0},
    {"GET", "/api/transfers/{id}/letter", h_letter, 0},
    {"GET", "/api/transfers/{id}/letter.pdf", h_letter_pdf, 0},
    {"POST", "/api/transfers/{id}/approve", h_approve, 0},
    {"POST", "/api/transfers/{id}/issue", h_issue, 0},
    {"POST", "/api/transfers/{id}/receive", h_receive, 0},
    {"POST", "/api/transfers/{id}/receipt", h_receipt, 0},
    {"POST", "/api/transfers/{id}/return", h_return, 0},
    {"POST", "/api/transfers/{id}/cancel", h_cancel, 0},
    {"POST", "/api/transfers/{id}/expire", h_expire, 0},
    {"POST", "/api/transfers/{id}/postpone", h_postpone, 0},
    {"GET", "/api/flow", h_flow_list, 0},
    {"POST", "/api/flow", h_flow_create, 0},
    {"GET", "/api/flow/{id}", h_flow_get, 0},
    {"POST", "/api/flow/{id}/end", h_flow_end, 0},
    {"POST", "/api/flow/{id}/review", h_flow_review, 0},
    {"GET", "/api/lapse/worklist", h_worklist, 0},
    {"GET", "/api/lapse/candidates", h_candidates, 0},
    {"GET", "/api/lapse/members/{id}", h_member_notes, 0},
    {"POST", "/api/lapse/members/{id}/contacts", h_contact, 0},
    {"POST", "/api/lapse/members/{id}/searches", h_search, 0},
    {"POST", "/api/lapse/members/{id}/grounds", h_ground, 0},
    {"POST", "/api/lapse/members/{id}/grounds/{gid}/clear", h_ground_clear, 0},
    {"POST", "/api/lapse/members/{id}/decisions", h_decision, 0},
    {NULL, NULL, NULL, 0},
};
