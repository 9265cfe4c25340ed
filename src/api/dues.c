/*
 * dues.c - the 党费 API: the rate calculator, a member's ledger (their own
 * on /api/dues/me), bases, the dues period, reliefs and payments; per
 * organisation the monthly collection sheet, bases, arrears, the subtree
 * report, and the annual disclosure as JSON and PDF. Money goes in as 元
 * strings ("3000.01") and comes out as integer fen (*_fen). svc/dues.c
 * decides every permission.
 */
#include "base/compat.h"
#include "api/api.h"
#include "base/config.h"
#include "base/money.h"
#include "model/dict.h"
#include "svc/dues.h"

static json_t *month_str(int idx)
{
    char b[8];
    return idx > 0 ? json_string(dj_dues_month_str(idx, b)) : json_null();
}

static json_t *date_json(struct dj_date d)
{
    char b[16];
    return dj_date_isset(d) ? json_string(dj_date_format(d, b)) : json_null();
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *calc_json(const struct dj_dues_calc *c)
{
    json_t *o = json_object();
    char b[32];
    json_object_set_new(o, "base_fen", json_integer(c->base_fen));
    json_object_set_new(o, "rate_bp", json_integer(c->rate_bp));
    json_object_set_new(o, "amount_fen", json_integer(c->amount_fen));
    json_object_set_new(o, "amount", json_string(dj_money_format(c->amount_fen, b)));
    json_object_set_new(o, "rule_id", json_string(c->rule_id ? c->rule_id : ""));
    json_object_set_new(o, "band_rule_id", json_string(c->band_rule_id ? c->band_rule_id : ""));
    json_object_set_new(o, "rule_from", date_json(c->rule_from));
    json_object_set_new(o, "round_unit_fen", json_integer(c->round_unit_fen));
    json_object_set_new(o, "round_mode", json_integer(c->round_mode));
    json_object_set_new(o, "cap_fen", json_integer(c->cap_fen));
    json_object_set_new(o, "above_cap_fen", json_integer(c->above_cap_fen));
    return o;
}

static json_t *member_json(const struct dj_dues_member *m)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(m->id));
    json_object_set_new(o, "name", str_or_null(m->name));
    json_object_set_new(o, "org_id", json_integer(m->org_id));
    json_object_set_new(o, "org_name", str_or_null(m->org_name));
    json_object_set_new(o, "status", str_or_null(m->status));
    json_object_set_new(o, "category", str_or_null(m->category));
    json_object_set_new(o, "joined_on", date_json(m->joined_on));
    return o;
}

static json_t *month_json(const struct dj_dues_month *mm)
{
    json_t *o = json_object();
    json_object_set_new(o, "month", month_str(mm->idx));
    json_object_set_new(o, "state", json_string(dj_dues_state_name(mm->state)));
    json_object_set_new(o, "due_fen", mm->due_fen >= 0 ? json_integer(mm->due_fen) : json_null());
    json_object_set_new(o, "paid_fen", json_integer(mm->paid_fen));
    json_object_set_new(o, "category", str_or_null(mm->category));
    json_object_set_new(o, "base_fen",
                        mm->base_fen >= 0 ? json_integer(mm->base_fen) : json_null());
    json_object_set_new(o, "rate_bp", json_integer(mm->rate_bp));
    json_object_set_new(o, "rule_id", json_string(mm->rule_id ? mm->rule_id : ""));
    json_object_set_new(o, "relief", str_or_null(mm->relief));
    json_object_set_new(o, "payment_id", json_integer(mm->payment_id));
    json_object_set_new(o, "above_cap_fen", json_integer(mm->above_cap_fen));
    return o;
}

static json_t *base_json(const struct dj_dues_base_row *b)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(b->id));
    json_object_set_new(o, "year", json_integer(b->year));
    json_object_set_new(o, "from_month", json_integer(b->from_month));
    json_object_set_new(o, "category", str_or_null(b->category));
    json_object_set_new(o, "base_fen", b->base_fen >= 0 ? json_integer(b->base_fen) : json_null());
    json_object_set_new(o, "quarter_income_fen",
                        b->quarter_income_fen >= 0 ? json_integer(b->quarter_income_fen)
                                                   : json_null());
    json_object_set_new(o, "source", str_or_null(b->source));
    json_object_set_new(o, "note", str_or_null(b->note));
    json_object_set_new(o, "updated_at", str_or_null(b->updated_at));
    return o;
}

static json_t *payment_json(const struct dj_dues_payment_row *p)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(p->id));
    json_object_set_new(o, "member_id", json_integer(p->member_id));
    json_object_set_new(o, "member_name", str_or_null(p->member_name));
    json_object_set_new(o, "from_month", month_str(p->from_idx));
    json_object_set_new(o, "to_month", month_str(p->from_idx + p->months - 1));
    json_object_set_new(o, "months", json_integer(p->months));
    json_object_set_new(o, "amount_fen", json_integer(p->amount_fen));
    json_object_set_new(o, "extra_fen", json_integer(p->extra_fen));
    json_object_set_new(o, "central", json_boolean(p->central));
    json_object_set_new(o, "consent", json_boolean(p->consent));
    json_object_set_new(o, "paid_on", date_json(p->paid_on));
    json_object_set_new(o, "channel", str_or_null(p->channel));
    json_object_set_new(o, "receipt_no", str_or_null(p->receipt_no));
    json_object_set_new(o, "payer", str_or_null(p->payer));
    json_object_set_new(o, "note", str_or_null(p->note));
    json_object_set_new(o, "voided_on", str_or_null(p->voided_on));
    json_object_set_new(o, "void_reason", str_or_null(p->void_reason));
    return o;
}

static const char *level_name(enum dj_dues_arrears_level l)
{
    return l == DJ_DUES_ARREARS_LAPSE     ? "lapse_candidate"
           : l == DJ_DUES_ARREARS_WARNING ? "warning"
                                          : "none";
}

static json_t *ledger_json(const struct dj_dues_ledger *l)
{
    json_t *o = json_object(), *arr;
    json_object_set_new(o, "member", member_json(&l->member));
    json_object_set_new(o, "start_month", month_str(l->start_idx));
    json_object_set_new(o, "stop_month", month_str(l->stop_idx));
    json_object_set_new(o, "stop_reason", str_or_null(l->member.stop_reason));
    json_object_set_new(o, "paid_through", month_str(l->paid_through_idx));
    json_object_set_new(o, "year", json_integer(l->lo / 12));
    arr = json_array();
    for (int i = 0; i < l->nmonths; i++)
        json_array_append_new(arr, month_json(&l->months[i]));
    json_object_set_new(o, "months", arr);
    json_object_set_new(o, "arrears_run", json_integer(l->run));
    json_object_set_new(o, "arrears_from", month_str(l->run_start_idx));
    json_object_set_new(o, "arrears_excused", json_boolean(l->run_excused));
    json_object_set_new(o, "arrears_level", json_string(level_name(l->level)));
    json_object_set_new(o, "unpaid_months", json_integer(l->unpaid_months));
    json_object_set_new(o, "unpaid_fen", json_integer(l->unpaid_fen));
    arr = json_array();
    for (int i = 0; i < l->nbases; i++)
        json_array_append_new(arr, base_json(&l->bases[i]));
    json_object_set_new(o, "bases", arr);
    arr = json_array();
    for (int i = 0; i < l->nreliefs; i++) {
        const struct dj_dues_relief_row *r = &l->reliefs[i];
        json_t *x = json_object();
        json_object_set_new(x, "id", json_integer(r->id));
        json_object_set_new(x, "kind", json_string(r->kind));
        json_object_set_new(x, "from_month", month_str(r->from_idx));
        json_object_set_new(x, "to_month", month_str(r->to_idx));
        json_object_set_new(x, "monthly_fen",
                            r->monthly_fen >= 0 ? json_integer(r->monthly_fen) : json_null());
        json_object_set_new(x, "approval_org_id", json_integer(r->approval_org_id));
        json_object_set_new(x, "approval_doc", str_or_null(r->approval_doc));
        json_object_set_new(x, "approved_on", date_json(r->approved_on));
        json_object_set_new(x, "reason", str_or_null(r->reason));
        json_array_append_new(arr, x);
    }
    json_object_set_new(o, "reliefs", arr);
    arr = json_array();
    for (int i = 0; i < l->npayments; i++)
        json_array_append_new(arr, payment_json(&l->payments[i]));
    json_object_set_new(o, "payments", arr);
    return o;
}

static int h_calc(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dues_calc c;
    struct dj_date on = {0, 0, 0};
    const char *date = dj_req_query(req, "date");
    const char *cat = dj_req_query(req, "category");
    int rc;

    if (date && *date && dj_date_parse(date, &on, "date", NULL))
        return dj_err_set(err, DJ_EINVAL, "date", "「日期」应为YYYY-MM-DD格式的日期");
    if ((rc = dj_dues_calc(cat, dj_req_query(req, "base"), on, &c, err)))
        return rc;
    json_t *o = calc_json(&c);
    json_object_set_new(o, "category", json_string(cat));
    dj_resp_json(resp, 200, o);
    return 0;
}

static int ledger(struct dj_req *req, struct dj_resp *resp, int64_t id, struct dj_err *err)
{
    struct dj_dues_ledger l;
    int64_t year;
    int rc;

    if ((rc = dj_api_query_int(req, "year", 2008, 9998, 0, &year, err)) ||
        (rc = dj_dues_ledger(req->db, dj_api_actor(req), id, (int)year, req->arena, &l, err)))
        return rc;
    dj_resp_json(resp, 200, ledger_json(&l));
    return 0;
}

static int h_member(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);
    return rc ? rc : ledger(req, resp, id, err);
}

static int h_me(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    const struct dj_actor *a = dj_api_actor(req);
    if (a->member_id <= 0)
        return dj_err_set(err, DJ_ENOTFOUND, NULL, "当前账号未关联党员信息");
    return ledger(req, resp, a->member_id, err);
}

static int h_base(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dues_base_in in = {0};
    int64_t id, year = 0, from = 1;
    bool from_set = false;
    const struct dj_api_field fields[] = {
        {"year", DJ_JT_INT, true, 0, "年度", &year, NULL},
        {"from_month", DJ_JT_INT, false, 0, "起算月份", &from, &from_set},
        {"category", DJ_JT_STRING, true, 32, "党费类别", &in.category, NULL},
        {"base", DJ_JT_STRING, false, 20, "计算基数", &in.base, NULL},
        {"quarter_income", DJ_JT_STRING, false, 20, "上季度纯收入合计", &in.quarter_income, NULL},
        {"note", DJ_JT_STRING, false, 200, "备注", &in.note, NULL},
    };
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (rc)
        return rc;
    if (year < 1 || year > 9999)
        return dj_err_set(err, DJ_EINVAL, "year", "「年度」不正确");
    in.year = (int)year;
    in.from_month = from < 0 || from > 99 ? 99 : (int)from;
    if ((rc = dj_dues_base_set(req->db, dj_api_actor(req), id, &in, err)))
        return rc;
    return ledger(req, resp, id, err);
}

static int h_account(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dues_account_in in = {0};
    int64_t id;
    const struct dj_api_field fields[] = {
        {"start_month", DJ_JT_STRING, false, 7, "党费起交月份", &in.start_month, NULL},
        {"stop_month", DJ_JT_STRING, false, 7, "停止月份", &in.stop_month, NULL},
        {"stop_reason", DJ_JT_STRING, false, 32, "停止原因", &in.stop_reason, NULL},
        {"note", DJ_JT_STRING, false, 200, "备注", &in.note, NULL},
    };
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc)
        rc = dj_dues_account_set(req->db, dj_api_actor(req), id, &in, err);
    return rc ? rc : ledger(req, resp, id, err);
}

static int h_relief(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dues_relief_in in = {0};
    int64_t id, rid;
    const struct dj_api_field fields[] = {
        {"kind", DJ_JT_STRING, true, 16, "类型", &in.kind, NULL},
        {"from_month", DJ_JT_STRING, true, 7, "起始月份", &in.from_month, NULL},
        {"to_month", DJ_JT_STRING, true, 7, "截止月份", &in.to_month, NULL},
        {"monthly_amount", DJ_JT_STRING, false, 20, "减交后每月金额", &in.monthly_amount, NULL},
        {"approval_org_id", DJ_JT_INT, false, 0, "批准组织", &in.approval_org_id, NULL},
        {"approval_doc", DJ_JT_STRING, false, 100, "批准文号", &in.approval_doc, NULL},
        {"approved_on", DJ_JT_STRING, false, 10, "批准日期", &in.approved_on, NULL},
        {"reason", DJ_JT_STRING, true, 200, "理由", &in.reason, NULL},
    };
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc)
        rc = dj_dues_relief_add(req->db, dj_api_actor(req), id, &in, &rid, err);
    return rc ? rc : ledger(req, resp, id, err);
}

static int h_payment(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dues_payment_in in = {0};
    struct dj_dues_payment_row out;
    int64_t id, months = 1;
    const struct dj_api_field fields[] = {
        {"from_month", DJ_JT_STRING, true, 7, "起始月份", &in.from_month, NULL},
        {"months", DJ_JT_INT, false, 0, "交纳月数", &months, NULL},
        {"paid_on", DJ_JT_STRING, true, 10, "交纳日期", &in.paid_on, NULL},
        {"channel", DJ_JT_STRING, true, 16, "交纳方式", &in.channel, NULL},
        {"receipt_no", DJ_JT_STRING, false, 40, "收据编号", &in.receipt_no, NULL},
        {"consent", DJ_JT_BOOL, false, 0, "支部同意", &in.consent, NULL},
        {"payer", DJ_JT_STRING, false, 16, "交纳人", &in.payer, NULL},
        {"amount", DJ_JT_STRING, false, 20, "金额", &in.amount, NULL},
        {"extra", DJ_JT_STRING, false, 20, "自愿多交金额", &in.extra, NULL},
        {"note", DJ_JT_STRING, false, 200, "备注", &in.note, NULL},
    };
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (rc)
        return rc;
    in.months = months < 0 || months > 1000 ? 1000 : (int)months;
    if ((rc = dj_dues_payment_add(req->db, dj_api_actor(req), id, &in, req->arena, &out, err)))
        return rc;
    dj_resp_json(resp, 201, payment_json(&out));
    return 0;
}

static int h_void(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    const char *reason = NULL;
    int64_t id;
    const struct dj_api_field fields[] = {
        {"reason", DJ_JT_STRING, true, 200, "作废原因", &reason, NULL},
    };
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc)
        rc = dj_dues_payment_void(req->db, dj_api_actor(req), id, reason, err);
    if (rc)
        return rc;
    dj_api_ok(resp);
    return 0;
}

/* ---- per organisation ---------------------------------------------------- */

static int query_month(const struct dj_req *req, int *idx, struct dj_err *err)
{
    const char *s = dj_req_query(req, "month");
    if (!s || !*s) {
        *idx = 0;
        return 0;
    }
    if (dj_dues_month_parse(s, idx) || *idx < 2008 * 12 || *idx > 9998 * 12)
        return dj_err_set(err, DJ_EINVAL, "month", "查询参数 month 应为“YYYY-MM”格式的月份");
    return 0;
}

static json_t *sheet_row_json(const struct dj_dues_sheet_row *r)
{
    json_t *o = member_json(&r->member);
    json_object_set_new(o, "month", month_json(&r->month));
    json_object_set_new(o, "paid_through", month_str(r->paid_through_idx));
    json_object_set_new(o, "arrears_run", json_integer(r->run));
    json_object_set_new(o, "arrears_level", json_string(level_name(r->level)));
    return o;
}

static int h_sheet(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dues_sheet_row *rows;
    int64_t org;
    int n, rc, month;
    json_t *o, *arr;

    if ((rc = dj_api_param_id(req, "id", &org, err)) || (rc = query_month(req, &month, err)))
        return rc;
    if (!month) {
        const struct dj_date t = dj_date_today(req->cfg ? req->cfg->utc_offset_minutes : 480);
        month = dj_dues_month_index(t);
    }
    if ((rc = dj_dues_sheet(req->db, dj_api_actor(req), org, month, req->arena, &rows, &n, err)))
        return rc;
    o = json_object();
    arr = json_array();
    int64_t due = 0, paid = 0;
    int npaid = 0;
    for (int i = 0; i < n; i++) {
        json_array_append_new(arr, sheet_row_json(&rows[i]));
        due += rows[i].month.due_fen > 0 ? rows[i].month.due_fen : 0;
        paid += rows[i].month.paid_fen;
        npaid += rows[i].month.state == DJ_DUES_PAID || rows[i].month.state == DJ_DUES_WAIVED;
    }
    json_object_set_new(o, "month", month_str(month));
    json_object_set_new(o, "items", arr);
    json_object_set_new(o, "members", json_integer(n));
    json_object_set_new(o, "paid_members", json_integer(npaid));
    json_object_set_new(o, "due_fen", json_integer(due));
    json_object_set_new(o, "paid_fen", json_integer(paid));
    dj_resp_json(resp, 200, o);
    return 0;
}

static int h_arrears(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dues_sheet_row *rows;
    struct dj_date on = {0, 0, 0};
    const char *date = dj_req_query(req, "date");
    int64_t org;
    int n, rc;
    json_t *arr;

    if ((rc = dj_api_param_id(req, "id", &org, err)))
        return rc;
    if (date && *date && dj_date_parse(date, &on, "date", NULL))
        return dj_err_set(err, DJ_EINVAL, "date", "查询参数 date 应为YYYY-MM-DD格式的日期");
    if ((rc = dj_dues_arrears(req->db, dj_api_actor(req), org, on, req->arena, &rows, &n, err)))
        return rc;
    arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, sheet_row_json(&rows[i]));
    dj_resp_json(resp, 200, json_pack("{s:o}", "items", arr));
    return 0;
}

static int h_bases(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dues_base_line *lines;
    int64_t org, year;
    int n, rc;
    json_t *arr;

    if ((rc = dj_api_param_id(req, "id", &org, err)) ||
        (rc = dj_api_query_int(req, "year", 2008, 9998, 0, &year, err)) ||
        (rc = dj_dues_bases(req->db, dj_api_actor(req), org, (int)year, req->arena, &lines, &n,
                            err)))
        return rc;
    arr = json_array();
    for (int i = 0; i < n; i++) {
        json_t *o = member_json(&lines[i].member), *rows = json_array();
        json_object_set_new(o, "month", month_json(&lines[i].month));
        for (int j = 0; j < lines[i].nrows; j++)
            json_array_append_new(rows, base_json(&lines[i].rows[j]));
        json_object_set_new(o, "rows", rows);
        json_array_append_new(arr, o);
    }
    dj_resp_json(resp, 200, json_pack("{s:o}", "items", arr));
    return 0;
}

static json_t *fen_array(const int64_t v[12])
{
    json_t *a = json_array();
    for (int k = 0; k < 12; k++)
        json_array_append_new(a, json_integer(v[k]));
    return a;
}

static json_t *branch_json(const struct dj_dues_report_branch *b)
{
    json_t *o = json_object();
    json_object_set_new(o, "org_id", json_integer(b->org_id));
    json_object_set_new(o, "org_name", str_or_null(b->org_name));
    json_object_set_new(o, "members", json_integer(b->members));
    json_object_set_new(o, "due", fen_array(b->due));
    json_object_set_new(o, "paid", fen_array(b->paid));
    json_object_set_new(o, "outstanding", fen_array(b->outstanding));
    json_object_set_new(o, "due_fen", json_integer(b->due_total));
    json_object_set_new(o, "paid_fen", json_integer(b->paid_total));
    json_object_set_new(o, "outstanding_fen", json_integer(b->outstanding_total));
    return o;
}

static json_t *spending_json(const struct dj_dues_spending_row *x)
{
    json_t *o = json_object(), *files = NULL;
    const char *label = dj_dict_label(dj_dict_find("dues_purpose"), x->purpose);
    char b[32];

    json_object_set_new(o, "id", json_integer(x->id));
    json_object_set_new(o, "org_id", json_integer(x->org_id));
    json_object_set_new(o, "org_name", str_or_null(x->org_name));
    json_object_set_new(o, "spent_on", date_json(x->spent_on));
    json_object_set_new(o, "purpose", str_or_null(x->purpose));
    json_object_set_new(o, "purpose_label", str_or_null(label));
    json_object_set_new(o, "amount_fen", json_integer(x->amount_fen));
    json_object_set_new(o, "amount", json_string(dj_money_format(x->amount_fen, b)));
    json_object_set_new(o, "voucher_no", str_or_null(x->voucher_no));
    json_object_set_new(o, "description", str_or_null(x->description));
    json_object_set_new(o, "approved_by", str_or_null(x->approved_by));
    json_object_set_new(o, "approval_doc", str_or_null(x->approval_doc));
    json_object_set_new(o, "approved_on", date_json(x->approved_on));
    if (x->attachments)
        files = json_loads(x->attachments, 0, NULL);
    json_object_set_new(o, "attachments", files ? files : json_array());
    json_object_set_new(o, "note", str_or_null(x->note));
    json_object_set_new(o, "voided_on", str_or_null(x->voided_on));
    json_object_set_new(o, "void_reason", str_or_null(x->void_reason));
    return o;
}

static json_t *funds_json(const struct dj_dues_funds *f)
{
    json_t *o = json_object(), *arr = json_array();
    const struct dj_dict *d = dj_dict_find("dues_purpose");

    json_object_set_new(o, "year", json_integer(f->year));
    json_object_set_new(o, "branch", json_boolean(f->branch));
    json_object_set_new(o, "remit_bp", json_integer(f->remit_bp));
    json_object_set_new(o, "carried_fen", json_integer(f->carried_fen));
    json_object_set_new(o, "collected_fen", json_integer(f->collected_fen));
    json_object_set_new(o, "kept_below_fen", json_integer(f->kept_below_fen));
    json_object_set_new(o, "remitted_fen", json_integer(f->remitted_fen));
    json_object_set_new(o, "spent_fen", json_integer(f->spent_fen));
    json_object_set_new(o, "balance_fen", json_integer(f->balance_fen));
    for (int k = 0; k < DJ_DUES_NPURPOSES; k++)
        json_array_append_new(arr, json_pack("{s:s,s:s?,s:I}", "purpose", dj_dues_purposes[k],
                                             "label", dj_dict_label(d, dj_dues_purposes[k]),
                                             "spent_fen", (json_int_t)f->by_purpose[k]));
    json_object_set_new(o, "by_purpose", arr);
    return o;
}

static json_t *report_json(const struct dj_dues_report *r)
{
    json_t *o = json_object(), *arr = json_array();
    json_object_set_new(o, "org_id", json_integer(r->org_id));
    json_object_set_new(o, "org_name", str_or_null(r->org_name));
    json_object_set_new(o, "year", json_integer(r->year));
    for (int i = 0; i < r->nbranches; i++)
        json_array_append_new(arr, branch_json(&r->branches[i]));
    json_object_set_new(o, "branches", arr);
    json_object_set_new(o, "total", branch_json(&r->total));
    json_object_set_new(o, "collected_fen", json_integer(r->collected_fen));
    json_object_set_new(o, "extra_fen", json_integer(r->extra_fen));
    json_object_set_new(o, "central_fen", json_integer(r->central_fen));
    json_object_set_new(o, "remit_upper_fen", json_integer(r->remit_upper_fen));
    json_object_set_new(o, "remit_upper_bp", json_integer(r->remit_upper_bp));
    json_object_set_new(o, "payments", json_integer(r->npayments));
    json_object_set_new(o, "months_without_base", json_integer(r->no_base));
    return o;
}

static int h_report(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dues_report r;
    int64_t org, year;
    int rc;

    if ((rc = dj_api_param_id(req, "id", &org, err)) ||
        (rc = dj_api_query_int(req, "year", 2008, 9998, 0, &year, err)) ||
        (rc = dj_dues_report(req->db, dj_api_actor(req), org, (int)year, req->arena, &r, err)))
        return rc;
    dj_resp_json(resp, 200, report_json(&r));
    return 0;
}

static int h_disclosure(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dues_disclosure d;
    int64_t org, year;
    int rc;
    json_t *o, *arr;

    if ((rc = dj_api_param_id(req, "id", &org, err)) ||
        (rc = dj_api_query_int(req, "year", 2008, 9998, 0, &year, err)) ||
        (rc = dj_dues_disclosure(req->db, dj_api_actor(req), org, (int)year, req->arena, &d, err)))
        return rc;
    o = report_json(&d.report);
    arr = json_array();
    for (int i = 0; i < d.nlines; i++) {
        const struct dj_dues_disclosure_line *l = &d.lines[i];
        json_t *x = json_object();
        json_object_set_new(x, "name", str_or_null(l->name));
        json_object_set_new(x, "org_name", str_or_null(l->org_name));
        json_object_set_new(x, "months_due", json_integer(l->months_due));
        json_object_set_new(x, "months_paid", json_integer(l->months_paid));
        json_object_set_new(x, "due_fen", json_integer(l->due_fen));
        json_object_set_new(x, "paid_fen", json_integer(l->paid_fen));
        json_object_set_new(x, "extra_fen", json_integer(l->extra_fen));
        json_array_append_new(arr, x);
    }
    json_object_set_new(o, "lines", arr);
    json_object_set_new(o, "funds", funds_json(&d.funds));
    arr = json_array();
    for (int i = 0; i < d.nspendings; i++)
        json_array_append_new(arr, spending_json(&d.spendings[i]));
    json_object_set_new(o, "spendings", arr);
    dj_resp_json(resp, 200, o);
    return 0;
}

static int h_disclosure_pdf(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    int64_t org, year;
    int rc;
    char cd[96];

    if ((rc = dj_api_param_id(req, "id", &org, err)) ||
        (rc = dj_api_query_int(req, "year", 2008, 9998, 0, &year, err)))
        return rc;
    dj_buf_reset(&resp->body);
    if ((rc = dj_dues_disclosure_pdf(req->db, dj_api_actor(req), org, (int)year, req->arena,
                                     &resp->body, err))) {
        dj_buf_reset(&resp->body);
        return rc;
    }
    resp->status = 200;
    resp->content_type = "application/pdf";
    snprintf(cd, sizeof(cd), "attachment; filename=\"dues-disclosure-%lld-%lld.pdf\"",
             (long long)org, (long long)year);
    dj_resp_header(req, resp, "Content-Disposition", cd);
    return 0;
}

static int farmer_rates(struct dj_req *req, struct dj_resp *resp, int64_t org, int status,
                        struct dj_err *err)
{
    struct dj_dues_farmer_rate *rows;
    int n, rc;
    json_t *arr;

    if ((rc = dj_dues_farmer_rates(req->db, dj_api_actor(req), org, req->arena, &rows, &n, err)))
        return rc;
    arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:o,s:I}", "from_month", month_str(rows[i].from_idx),
                                             "monthly_fen", (json_int_t)rows[i].monthly_fen));
    dj_resp_json(resp, status, json_pack("{s:o}", "items", arr));
    return 0;
}

static int h_farmer_get(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    int64_t org;
    int rc = dj_api_param_id(req, "id", &org, err);
    return rc ? rc : farmer_rates(req, resp, org, 200, err);
}

static int h_farmer_set(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    const char *from = NULL, *amount = NULL;
    int64_t org;
    const struct dj_api_field fields[] = {
        {"from_month", DJ_JT_STRING, true, 7, "起始月份", &from, NULL},
        {"amount", DJ_JT_STRING, true, 20, "每月金额", &amount, NULL},
    };
    int rc = dj_api_param_id(req, "id", &org, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc)
        rc = dj_dues_farmer_rate_set(req->db, dj_api_actor(req), org, from, amount, err);
    return rc ? rc : farmer_rates(req, resp, org, 200, err);
}

/* ---- 党费使用 ------------------------------------------------------------ */

static int h_spendings(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dues_funds f;
    struct dj_dues_spending_row *rows;
    int64_t org, year;
    int n, rc;
    json_t *o, *arr;

    if ((rc = dj_api_param_id(req, "id", &org, err)) ||
        (rc = dj_api_query_int(req, "year", 2008, 9998, 0, &year, err)) ||
        (rc = dj_dues_spendings(req->db, dj_api_actor(req), org, (int)year, req->arena, &f, &rows,
                                &n, err)))
        return rc;
    o = json_object();
    arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, spending_json(&rows[i]));
    json_object_set_new(o, "org_id", json_integer(org));
    json_object_set_new(o, "funds", funds_json(&f));
    json_object_set_new(o, "items", arr);
    dj_resp_json(resp, 200, o);
    return 0;
}

static int h_spend(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_dues_spending_in in = {0};
    struct dj_dues_spending_row out;
    struct dj_dues_attachment *files = NULL;
    json_t *scalars, *arr = NULL, *v;
    const char *key;
    int64_t org;
    int rc;
    const struct dj_api_field fields[] = {
        {"spent_on", DJ_JT_STRING, true, 10, "支出日期", &in.spent_on, NULL},
        {"purpose", DJ_JT_STRING, true, 32, "用途", &in.purpose, NULL},
        {"amount", DJ_JT_STRING, true, 20, "金额", &in.amount, NULL},
        {"voucher_no", DJ_JT_STRING, true, 40, "凭证号", &in.voucher_no, NULL},
        {"description", DJ_JT_STRING, true, 200, "支出事由", &in.description, NULL},
        {"approved_by", DJ_JT_STRING, true, 100, "批准人或批准机构", &in.approved_by, NULL},
        {"approval_doc", DJ_JT_STRING, true, 100, "批准文件或会议记录编号", &in.approval_doc,
         NULL},
        {"approved_on", DJ_JT_STRING, true, 10, "批准日期", &in.approved_on, NULL},
        {"note", DJ_JT_STRING, false, 200, "备注", &in.note, NULL},
    };

    if ((rc = dj_api_param_id(req, "id", &org, err)))
        return rc;
    if (!json_is_object(req->json))
        return dj_err_set(err, DJ_EINVAL, NULL, "请求体必须是 JSON 对象");
    scalars = json_object();
    json_object_foreach(req->json, key, v)
    {
        if (!strcmp(key, "attachments"))
            arr = v;
        else
            json_object_set(scalars, key, v);
    }
    rc = dj_api_fields(scalars, fields, (int)DJ_ARRAY_LEN(fields), err);
    json_decref(scalars);
    if (rc)
        return rc;
    if (arr && !json_is_null(arr)) {
        size_t i;
        if (!json_is_array(arr))
            return dj_err_set(err, DJ_EINVAL, "attachments", "「附件」应为数组");
        if (json_array_size(arr) > DJ_DUES_MAX_FILES)
            return dj_err_set(err, DJ_EINVAL, "attachments", "「附件」最多%d个",
                              DJ_DUES_MAX_FILES);
        files = dj_arena_zalloc(req->arena, sizeof(*files) * (json_array_size(arr) + 1));
        json_array_foreach(arr, i, v)
        {
            struct dj_dues_attachment *x = &files[in.nfiles++];
            const struct dj_api_field f[] = {
                {"name", DJ_JT_STRING, true, 200, "附件名称", &x->name, NULL},
                {"mime", DJ_JT_STRING, false, 100, "附件类型", &x->mime, NULL},
                {"size_bytes", DJ_JT_INT, false, 0, "附件大小", &x->size_bytes, NULL},
                {"sha256", DJ_JT_STRING, false, 64, "附件摘要", &x->sha256, NULL},
            };
            if ((rc = dj_api_fields(v, f, (int)DJ_ARRAY_LEN(f), err))) {
                dj_strlcpy(err->field, "attachments", sizeof(err->field));
                return rc;
            }
        }
        in.files = files;
    }
    if ((rc = dj_dues_spend(req->db, dj_api_actor(req), org, &in, req->arena, &out, err)))
        return rc;
    dj_resp_json(resp, 201, spending_json(&out));
    return 0;
}

static int h_spend_void(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    const char *reason = NULL;
    int64_t id;
    const struct dj_api_field fields[] = {
        {"reason", DJ_JT_STRING, true, 200, "作废原因", &reason, NULL},
    };
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_fields(req->json, fields, (int)DJ_ARRAY_LEN(fields), err);
    if (!rc)
        rc = dj_dues_spending_void(req->db, dj_api_actor(req), id, reason, err);
    if (rc)
        return rc;
    dj_api_ok(resp);
    return 0;
}

/* clang-format off */
const struct dj_route dj_api_dues_routes[] = {
    {"GET",  "/api/dues/calc",                         h_calc,           0},
    {"GET",  "/api/dues/me",                           h_me,             0},
    {"GET",  "/api/dues/members/{id}",                 h_member,         0},
    {"POST", "/api/dues/members/{id}/bases",           h_base,           0},
    {"POST", "/api/dues/members/{id}/account",         h_account,        0},
    {"POST", "/api/dues/members/{id}/reliefs",         h_relief,         0},
    {"POST", "/api/dues/members/{id}/payments",        h_payment,        0},
    {"POST", "/api/dues/payments/{id}/void",           h_void,           0},
    {"GET",  "/api/orgs/{id}/dues/sheet",              h_sheet,          0},
    {"GET",  "/api/orgs/{id}/dues/bases",              h_bases,          0},
    {"GET",  "/api/orgs/{id}/dues/arrears",            h_arrears,        0},
    {"GET",  "/api/orgs/{id}/dues/report",             h_report,         0},
    {"GET",  "/api/orgs/{id}/dues/disclosure",         h_disclosure,     0},
    {"GET",  "/api/orgs/{id}/dues/disclosure.pdf",     h_disclosure_pdf, 0},
    {"GET",  "/api/orgs/{id}/dues/farmer-rate",        h_farmer_get,     0},
    {"POST", "/api/orgs/{id}/dues/farmer-rate",        h_farmer_set,     0},
    {"GET",  "/api/orgs/{id}/dues/spendings",          h_spendings,      0},
    {"POST", "/api/orgs/{id}/dues/spendings",          h_spend,          0},
    {"POST", "/api/dues/spendings/{id}/void",          h_spend_void,     0},
    {NULL, NULL, NULL, 0},
};
/* clang-format on */
