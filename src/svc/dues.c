/*
 * dues.c - the 党费 service (dues.h): permissions, the derived ledger,
 * writes with their audit rows, reports, the disclosure and the lister.
 */
#include "base/compat.h"
#include "svc/dues.h"
#include "svc/lapse.h"

#include <jansson.h>

#include "base/money.h"
#include "io/pdf.h"
#include "model/desc.h"
#include "model/dict.h"
#include "rules/ruletab.h"
#include "store/member.h"
#include "store/org.h"
#include "svc/audit.h"
#include "svc/svc.h"

#define MSG_NO_MEMBER "无权访问该党员的数据"
#define MSG_NO_ORG "无权访问该组织的数据"
#define HISTORY_MONTHS 120 /* arrears and 党费交至 look back at most 10 years */

static struct dj_date today(void)
{
    const struct dj_svc_env *env = dj_svc();
    return dj_date_today(env && env->cfg ? env->cfg->utc_offset_minutes : 480);
}

static int today_idx(void)
{
    return dj_dues_month_index(today());
}

const char *dj_dues_state_name(enum dj_dues_state s)
{
    switch (s) {
    case DJ_DUES_NOT_DUE:
        return "not_due";
    case DJ_DUES_PAID:
        return "paid";
    case DJ_DUES_WAIVED:
        return "waived";
    case DJ_DUES_UNPAID:
        return "unpaid";
    case DJ_DUES_CURRENT:
        return "current";
    case DJ_DUES_UPCOMING:
        return "upcoming";
    }
    return "";
}

static int end_tx(struct dj_db *db, int rc, struct dj_err *err)
{
    if (!rc)
        rc = dj_db_commit(db, err);
    if (rc)
        dj_db_rollback(db);
    return rc;
}

static int audit(struct dj_db *db, const struct dj_actor *actor, const char *action,
                 const struct dj_dues_member *m, json_t *after, struct dj_err *err)
{
    char idbuf[24];
    int rc;

    snprintf(idbuf, sizeof(idbuf), "%lld", (long long)m->id);
    rc = dj_audit_write(db, actor, action, "member", idbuf, m->org_path, NULL, after, err);
    json_decref(after);
    return rc;
}

static int parse_month(const char *s, const char *field, const char *label, int *idx,
                       struct dj_err *err)
{
    if (dj_dues_month_parse(s, idx) || *idx < 2008 * 12 || *idx > 9998 * 12)
        return dj_err_set(err, DJ_EINVAL, field, "「%s」应为“YYYY-MM”格式的月份", label);
    return 0;
}

static int parse_money(const char *s, const char *field, const char *label, int64_t *fen,
                       struct dj_err *err)
{
    if (dj_money_parse(s, fen, field, NULL) || *fen < 0)
        return dj_err_set(err, DJ_EINVAL, field, "「%s」应为不小于0、最多两位小数的金额（元）",
                          label);
    return 0;
}

/* ---- the derived ledger ------------------------------------------------ */

/* The dues period of a member: [*start, *stop] (stop 0 = open). */
static void period(const struct dj_dues_member *m, int *start, int *stop)
{
    *start = m->start_idx ? m->start_idx
                          : (dj_date_isset(m->joined_on) ? dj_dues_month_index(m->joined_on) : 0);
    *stop = m->stop_idx;
    if (m->status && (!strcmp(m->status, "left") || !strcmp(m->status, "deceased") ||
                      !strcmp(m->status, "suspended"))) {
        int s = dj_date_isset(m->status_on) ? dj_dues_month_index(m->status_on) : today_idx();
        if (!*stop || s < *stop)
            *stop = s;
    }
}

static bool in_period(int idx, int start, int stop)
{
    return start && idx >= start && (!stop || idx <= stop);
}

/* The slices of the sorted arrays that belong to one member. */
struct member_data {
    const struct dj_dues_base_row *bases;
    int nbases;
    const struct dj_dues_relief_row *reliefs;
    int nreliefs;
    const struct dj_dues_paid_month *paid;
    int npaid;
    const struct dj_dues_farmer_rate *rates; /* every branch's farmer rate */
    int nrates;
};

/* Advance cursors over arrays sorted by member id and take member `id`'s slice. */
struct cursors {
    const struct dj_dues_base_row *bases;
    int nbases, ib;
    const struct dj_dues_relief_row *reliefs;
    int nreliefs, ir;
    const struct dj_dues_paid_month *paid;
    int npaid, ip;
    const struct dj_dues_farmer_rate *rates;
    int nrates;
};

static void take(struct cursors *c, int64_t id, struct member_data *d)
{
    /* the arrays are sorted by member id; members come in path order: search each */
    memset(d, 0, sizeof(*d));
    d->rates = c->rates;
    d->nrates = c->nrates;
    {
        int lo = 0, hi = c->nbases;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (c->bases[mid].member_id < id)
                lo = mid + 1;
            else
                hi = mid;
        }
        d->bases = c->bases + lo;
        while (lo + d->nbases < c->nbases && c->bases[lo + d->nbases].member_id == id)
            d->nbases++;
    }
    {
        int lo = 0, hi = c->nreliefs;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (c->reliefs[mid].member_id < id)
                lo = mid + 1;
            else
                hi = mid;
        }
        d->reliefs = c->reliefs + lo;
        while (lo + d->nreliefs < c->nreliefs && c->reliefs[lo + d->nreliefs].member_id == id)
            d->nreliefs++;
    }
    {
        int lo = 0, hi = c->npaid;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (c->paid[mid].member_id < id)
                lo = mid + 1;
            else
                hi = mid;
        }
        d->paid = c->paid + lo;
        while (lo + d->npaid < c->npaid && c->paid[lo + d->npaid].member_id == id)
            d->npaid++;
    }
}

static const struct dj_dues_paid_month *paid_of(const struct member_data *d, int idx)
{
    int lo = 0, hi = d->npaid;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (d->paid[mid].idx < idx)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->npaid && d->paid[lo].idx == idx ? &d->paid[lo] : NULL;
}

static const struct dj_dues_relief_row *relief_of(const struct member_data *d, int idx,
                                                  const char *kind)
{
    const struct dj_dues_relief_row *found = NULL;
    for (int i = 0; i < d->nreliefs; i++)
        if (idx >= d->reliefs[i].from_idx && idx <= d->reliefs[i].to_idx &&
            (!kind || !strcmp(d->reliefs[i].kind, kind)))
            found = &d->reliefs[i];
    return found;
}

static const struct dj_dues_relief_row *relief_any(const struct member_data *d, int idx)
{
    const struct dj_dues_relief_row *r = relief_of(d, idx, "waive");
    if (!r)
        r = relief_of(d, idx, "reduce");
    if (!r)
        r = relief_of(d, idx, "excuse");
    return r;
}

/* The farmer rate the branch set for month idx, or NULL (the rule's value applies). */
static const struct dj_dues_farmer_rate *farmer_rate_of(const struct member_data *d, int64_t org_id,
                                                        int idx)
{
    const struct dj_dues_farmer_rate *found = NULL;
    for (int i = 0; i < d->nrates; i++)
        if (d->rates[i].org_id == org_id && d->rates[i].from_idx <= idx)
            found = &d->rates[i];
    return found;
}

/* The base row in force in month idx, or NULL. */
static const struct dj_dues_base_row *base_of(const struct member_data *d, int idx)
{
    const struct dj_dues_base_row *found = NULL;
    for (int i = 0; i < d->nbases; i++)
        if (d->bases[i].year * 12 + d->bases[i].from_month - 1 <= idx)
            found = &d->bases[i];
    return found;
}

/* One month of the ledger: state and derived amount. */
static void month_of(const struct dj_dues_member *m, const struct member_data *d, int start,
                     int stop, int idx, int now, struct dj_dues_month *out)
{
    const struct dj_dues_base_row *b;
    const struct dj_dues_relief_row *r;
    const struct dj_dues_paid_month *p;

    memset(out, 0, sizeof(*out));
    out->idx = idx;
    out->base_fen = -1;
    out->due_fen = -1;
    out->rule_id = "";
    if (!in_period(idx, start, stop)) {
        out->state = DJ_DUES_NOT_DUE;
        out->due_fen = 0;
        return;
    }
    b = base_of(d, idx);
    if (b) {
        enum dj_dues_category c;
        struct dj_dues_calc calc;
        out->category = b->category;
        out->base_fen = b->base_fen;
        if (!dj_dues_category_parse(b->category, &c) &&
            !dj_dues_rule_amount(c, b->base_fen, dj_dues_month_from_index(idx), m->org_path, &calc,
                                 NULL)) {
            out->due_fen = calc.amount_fen;
            out->rate_bp = calc.rate_bp;
            out->rule_id = calc.rule_id;
            out->above_cap_fen = calc.above_cap_fen;
            if (c == DJ_DUES_FARMER) {
                const struct dj_dues_farmer_rate *fr = farmer_rate_of(d, m->org_id, idx);
                if (fr)
                    out->due_fen = fr->monthly_fen;
            }
        }
    }
    r = relief_any(d, idx);
    if (r) {
        out->relief = r->kind;
        if (!strcmp(r->kind, "waive"))
            out->due_fen = 0;
        else if (!strcmp(r->kind, "reduce") && r->monthly_fen >= 0 &&
                 (out->due_fen < 0 || r->monthly_fen < out->due_fen))
            out->due_fen = r->monthly_fen;
    }
    p = paid_of(d, idx);
    if (p) {
        out->state = DJ_DUES_PAID;
        out->paid_fen = p->amount_fen;
        out->payment_id = p->payment_id;
    } else if (r && !strcmp(r->kind, "waive")) {
        out->state = DJ_DUES_WAIVED;
    } else if (idx < now) {
        out->state = DJ_DUES_UNPAID;
    } else if (idx == now) {
        out->state = DJ_DUES_CURRENT;
    } else {
        out->state = DJ_DUES_UPCOMING;
    }
}

static bool covered(const struct member_data *d, int idx)
{
    return paid_of(d, idx) || relief_of(d, idx, "waive");
}

/* 党费交至: the end of the unbroken covered run from the start. */
static int paid_through(const struct member_data *d, int start, int stop)
{
    int pt = start - 1;
    if (!start)
        return 0;
    while ((!stop || pt + 1 <= stop) && covered(d, pt + 1))
        pt++;
    return pt;
}

struct arrears {
    int run, run_start;
    bool excused;
    int unpaid;
};

/* The unpaid run ending at month `last` (inclusive), and unpaid months in the last 10 years. */
static void arrears_of(const struct member_data *d, int start, int stop, int last,
                       struct arrears *a)
{
    int idx, lo;

    memset(a, 0, sizeof(*a));
    if (!start)
        return;
    if (stop && last > stop)
        last = stop;
    for (idx = last; idx >= start && !covered(d, idx); idx--) {
        a->run++;
        a->run_start = idx;
        if (relief_of(d, idx, "excuse"))
            a->excused = true;
    }
    lo = DJ_MAX(start, last - HISTORY_MONTHS + 1);
    for (idx = lo; idx <= last; idx++)
        if (!covered(d, idx))
            a->unpaid++;
}

/* ---- loading ------------------------------------------------------------ */

struct loaded {
    struct dj_dues_member *members;
    int nmembers;
    struct cursors c;
};

static int load(struct dj_db *db, const char *path, int64_t member_id, int lo, int hi,
                struct dj_arena *arena, struct loaded *out, struct dj_err *err)
{
    struct dj_dues_base_row *b;
    struct dj_dues_relief_row *r;
    struct dj_dues_paid_month *p;
    struct dj_dues_farmer_rate *fr;
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = dj_store_dues_farmer_rates(db, arena, &fr, &out->c.nrates, err)))
        return rc;
    out->c.rates = fr;
    if ((rc = dj_store_dues_members(db, path, member_id, arena, &out->members, &out->nmembers,
                                    err)) ||
        (rc = dj_store_dues_bases(db, path, member_id, hi / 12, arena, &b, &out->c.nbases, err)) ||
        (rc = dj_store_dues_reliefs(db, path, member_id, arena, &r, &out->c.nreliefs, err)) ||
        (rc =
             dj_store_dues_paid_months(db, path, member_id, lo, hi, arena, &p, &out->c.npaid, err)))
        return rc;
    out->c.rates = fr;
    out->c.bases = b;
    out->c.reliefs = r;
    out->c.paid = p;
    return 0;
}

/* Check read access to an organisation; its path into `path`. */
static int org_access(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                      enum dj_perm perm, char *path, size_t pathsz, const char **name,
                      struct dj_arena *arena, struct dj_err *err)
{
    struct dj_scope scope;
    struct dj_org_row row;
    int rc;

    dj_scope_for(actor, perm, &scope);
    rc = dj_store_org_get(db, &scope, org_id, &row, err);
    if (rc == DJ_ENOTFOUND)
        return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ORG);
    if (rc)
        return rc;
    if ((rc = dj_authorize(actor, perm, row.path, err)))
        return rc;
    snprintf(path, pathsz, "%s", row.path);
    if (name)
        *name = dj_arena_strdup(arena, row.name);
    return 0;
}

/* Read one member's dues record, checking access; `write` needs DJ_PERM_WRITE. */
static int member_access(struct dj_db *db, const struct dj_actor *actor, int64_t id, bool write,
                         struct dj_arena *arena, struct dj_dues_member *out, struct dj_err *err)
{
    struct dj_dues_member *rows;
    int n, rc;

    if (id <= 0)
        return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_MEMBER);
    if ((rc = dj_store_dues_members(db, NULL, id, arena, &rows, &n, err)))
        return rc;
    if (n != 1)
        return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_MEMBER);
    if (write) {
        if (dj_authorize(actor, DJ_PERM_WRITE, rows[0].org_path, NULL))
            return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_MEMBER);
    } else if (!(actor->member_id == id) &&
               dj_authorize(actor, DJ_PERM_READ, rows[0].org_path, NULL)) {
        return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_MEMBER);
    }
    *out = rows[0];
    return 0;
}

/* ---- calc --------------------------------------------------------------- */

int dj_dues_calc(const char *category, const char *base, struct dj_date on,
                 struct dj_dues_calc *out, struct dj_err *err)
{
    enum dj_dues_category c;
    int64_t fen = -1;

    memset(out, 0, sizeof(*out));
    if (dj_dues_category_parse(category, &c))
        return dj_err_set(err, DJ_EINVAL, "category",
                          "「党费类别」应为 employed、annual_salary、self_employed、retiree、"
                          "farmer、student、unemployed、relief 或 dibao");
    if (dj_dues_category_has_base(c)) {
        if (!base || !*base)
            return dj_err_set(err, DJ_EINVAL, "base", "「计算基数」不能为空");
        if (parse_money(base, "base", "计算基数", &fen, err))
            return DJ_EINVAL;
    }
    if (!dj_date_isset(on))
        on = today();
    return dj_dues_rule_amount(c, fen, on, NULL, out, err);
}

/* ---- ledger ------------------------------------------------------------- */

int dj_dues_ledger(struct dj_db *db, const struct dj_actor *actor, int64_t member_id, int year,
                   struct dj_arena *arena, struct dj_dues_ledger *out, struct dj_err *err)
{
    struct loaded L;
    struct member_data d;
    struct arrears a;
    int rc, now = today_idx(), start, stop;

    memset(out, 0, sizeof(*out));
    if (!year)
        year = now / 12;
    if (year < 2008 || year > 9998)
        return dj_err_set(err, DJ_EINVAL, "year", "「年度」应为2008年以后的年份");
    if ((rc = dj_db_begin(db, false, err)))
        return rc;
    rc = member_access(db, actor, member_id, false, arena, &out->member, err);
    if (rc)
        goto done;
    period(&out->member, &start, &stop);
    if ((rc = load(db, NULL, member_id, start ? DJ_MIN(start, year * 12) : year * 12,
                   DJ_MAX(year * 12 + 11, now + 24), arena, &L, err)))
        goto done;
    take(&L.c, member_id, &d);
    out->start_idx = start;
    out->stop_idx = stop;
    out->paid_through_idx = paid_through(&d, start, stop);
    out->lo = year * 12;
    out->hi = year * 12 + 11;
    out->nmonths = 12;
    out->months = dj_arena_zalloc(arena, sizeof(*out->months) * 12);
    for (int i = 0; i < 12; i++)
        month_of(&out->member, &d, start, stop, out->lo + i, now, &out->months[i]);
    arrears_of(&d, start, stop, now - 1, &a);
    out->run = a.run;
    out->run_start_idx = a.run_start;
    out->run_excused = a.excused;
    out->unpaid_months = a.unpaid;
    out->level = dj_dues_rule_arrears(a.run, today());
    if (out->level == DJ_DUES_ARREARS_LAPSE && a.excused)
        out->level = DJ_DUES_ARREARS_WARNING;
    for (int idx = DJ_MAX(start, now - HISTORY_MONTHS); start && idx < now; idx++) {
        struct dj_dues_month mm;
        month_of(&out->member, &d, start, stop, idx, now, &mm);
        if (mm.state == DJ_DUES_UNPAID && mm.due_fen > 0)
            out->unpaid_fen += mm.due_fen;
    }
    out->bases = (struct dj_dues_base_row *)d.bases;
    out->nbases = d.nbases;
    out->reliefs = (struct dj_dues_relief_row *)d.reliefs;
    out->nreliefs = d.nreliefs;
    rc = dj_store_dues_payments(db, NULL, member_id, 0, 200, arena, &out->payments, &out->npayments,
                                err);
done:
    dj_db_rollback(db);
    return rc;
}

int dj_dues_paid_through(struct dj_db *db, int64_t member_id, struct dj_date *month,
                         bool *recorded, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    struct loaded L;
    struct member_data d;
    int rc, start, stop;

    memset(month, 0, sizeof(*month));
    if (recorded)
        *recorded = false;
    rc = load(db, NULL, member_id, 0, 9999 * 12, arena, &L, err);
    if (!rc && L.nmembers != 1)
        rc = dj_err_set(err, DJ_ENOTFOUND, NULL, "党员记录不存在");
    if (!rc) {
        take(&L.c, member_id, &d);
        period(&L.members[0], &start, &stop);
        if (start)
            *month = dj_dues_month_from_index(paid_through(&d, start, stop));
        if (recorded)
            *recorded = d.npaid > 0;
    }
    dj_arena_free(arena);
    return rc;
}

/* ---- writes ------------------------------------------------------------- */

static int base_tx(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                   const struct dj_dues_base_in *in, struct dj_arena *arena, struct dj_err *err)
{
    struct dj_dues_member m;
    struct dj_dues_base_row row;
    enum dj_dues_category c;
    struct dj_date now_d = today();
    char now[32];
    bool replaced;
    int rc;

    if ((rc = member_access(db, actor, member_id, true, arena, &m, err)))
        return rc;
    memset(&row, 0, sizeof(row));
    row.member_id = member_id;
    row.base_fen = row.quarter_income_fen = -1;
    if (in->year < 2008 || in->year > now_d.y + 1)
        return dj_err_set(err, DJ_EINVAL, "year", "「年度」应在2008年至%d年之间", now_d.y + 1);
    row.year = in->year;
    row.from_month = in->from_month;
    if (dj_dues_category_parse(in->category, &c))
        return dj_err_set(err, DJ_EINVAL, "category", "「党费类别」不正确");
    row.category = dj_dues_category_name(c);
    if ((rc = dj_dues_rule_base_start(
             c, in->from_month,
             (struct dj_date){in->year, DJ_MAX(1, DJ_MIN(12, in->from_month)), 1}, m.org_path,
             err)))
        return rc;
    if (c == DJ_DUES_SELF_EMPLOYED) {
        if (in->base && *in->base)
            return dj_err_set(err, DJ_EINVAL, "base",
                              "「计算基数」个体经营等党员请填写上季度纯收入合计，由系统计算月平均");
        if (!in->quarter_income || !*in->quarter_income)
            return dj_err_set(err, DJ_EINVAL, "quarter_income", "「上季度纯收入合计」不能为空");
        if ((rc = parse_money(in->quarter_income, "quarter_income", "上季度纯收入合计",
                              &row.quarter_income_fen, err)) ||
            (rc = dj_dues_rule_quarter_average(row.quarter_income_fen, &row.base_fen, err)))
            return rc;
    } else if (dj_dues_category_has_base(c)) {
        if (in->quarter_income && *in->quarter_income)
            return dj_err_set(err, DJ_EINVAL, "quarter_income",
                              "「上季度纯收入合计」仅适用于个体经营等党员");
        if (!in->base || !*in->base)
            return dj_err_set(err, DJ_EINVAL, "base", "「计算基数」不能为空");
        if ((rc = parse_money(in->base, "base", "计算基数", &row.base_fen, err)))
            return rc;
    } else if ((in->base && *in->base) || (in->quarter_income && *in->quarter_income)) {
        return dj_err_set(err, DJ_EINVAL, "base", "「计算基数」%s党员按固定数额交纳，不填基数",
                          dj_dues_category_label(c));
    }
    if (in->note && dj_utf8_len(in->note) > 200)
        return dj_err_set(err, DJ_EINVAL, "note", "「备注」不能超过200个字");
    row.note = in->note && *in->note ? in->note : NULL;
    row.source = in->source && !strcmp(in->source, "import") ? "import" : "entered";
    if ((rc = dj_store_dues_base_put(db, &row, actor->user_id, dj_now_iso(now, sizeof(now)),
                                     &replaced, err)))
        return rc;
    {
        json_t *a = json_object();
        json_object_set_new(a, "year", json_integer(row.year));
        json_object_set_new(a, "from_month", json_integer(row.from_month));
        json_object_set_new(a, "category", json_string(row.category));
        if (row.base_fen >= 0)
            json_object_set_new(a, "base_fen", json_integer(row.base_fen));
        json_object_set_new(a, "replaced", json_boolean(replaced));
        json_object_set_new(a, "source", json_string(row.source));
        return audit(db, actor, "dues.base", &m, a, err);
    }
}

int dj_dues_base_set(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                     const struct dj_dues_base_in *in, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    int rc = dj_db_begin(db, true, err);

    if (!rc)
        rc = end_tx(db, base_tx(db, actor, member_id, in, arena, err), err);
    dj_arena_free(arena);
    return rc;
}

static int account_tx(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                      const struct dj_dues_account_in *in, struct dj_arena *arena,
                      struct dj_err *err)
{
    struct dj_dues_member m;
    int start = 0, stop = 0, rc;
    const char *reason = NULL;
    char now[32];
    json_t *a;

    if ((rc = member_access(db, actor, member_id, true, arena, &m, err)))
        return rc;
    if (in->start_month && *in->start_month &&
        (rc = parse_month(in->start_month, "start_month", "党费起交月份", &start, err)))
        return rc;
    if (in->stop_month && *in->stop_month &&
        (rc = parse_month(in->stop_month, "stop_month", "党费交至（停止）月份", &stop, err)))
        return rc;
    if (start && dj_date_isset(m.joined_on) && start < dj_dues_month_index(m.joined_on))
        return dj_err_set(err, DJ_EINVAL, "start_month",
                          "「党费起交月份」不能早于入党日期所在月份");
    if (stop && start && stop < start)
        return dj_err_set(err, DJ_EINVAL, "stop_month", "「停止月份」不能早于起交月份");
    if (stop > today_idx() + 1)
        return dj_err_set(err, DJ_EINVAL, "stop_month", "「停止月份」不能晚于下个月");
    if (stop) {
        if (!in->stop_reason ||
            (strcmp(in->stop_reason, "transfer_out") && strcmp(in->stop_reason, "other")))
            return dj_err_set(err, DJ_EINVAL, "stop_reason",
                              "「停止原因」应为 transfer_out（转出）或 other（其他）");
        reason = in->stop_reason;
    } else if (in->stop_reason && *in->stop_reason) {
        return dj_err_set(err, DJ_EINVAL, "stop_month", "「停止月份」填写停止原因时不能为空");
    }
    if (in->note && dj_utf8_len(in->note) > 200)
        return dj_err_set(err, DJ_EINVAL, "note", "「备注」不能超过200个字");
    if ((rc = dj_store_dues_account_put(db, member_id, start, stop, reason,
                                        in->note && *in->note ? in->note : NULL,
                                        dj_now_iso(now, sizeof(now)), err)))
        return rc;
    a = json_object();
    if (start) {
        char b[8];
        json_object_set_new(a, "start_month", json_string(dj_dues_month_str(start, b)));
    }
    if (stop) {
        char b[8];
        json_object_set_new(a, "stop_month", json_string(dj_dues_month_str(stop, b)));
        json_object_set_new(a, "stop_reason", json_string(reason));
    }
    return audit(db, actor, "dues.account", &m, a, err);
}

int dj_dues_account_set(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                        const struct dj_dues_account_in *in, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    int rc = dj_db_begin(db, true, err);

    if (!rc)
        rc = end_tx(db, account_tx(db, actor, member_id, in, arena, err), err);
    dj_arena_free(arena);
    return rc;
}

/* Whether `upper` is a strict ancestor of `path` ("/1/2/" above "/1/2/4/"). */
static bool strictly_above(const char *upper, const char *path)
{
    size_t n = strlen(upper);
    return n < strlen(path) && !strncmp(upper, path, n);
}

static int relief_tx(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                     const struct dj_dues_relief_in *in, int64_t *id, struct dj_arena *arena,
                     struct dj_err *err)
{
    struct dj_dues_member m;
    struct dj_dues_relief_row r;
    char now[32];
    int rc;
    json_t *a;

    if ((rc = member_access(db, actor, member_id, true, arena, &m, err)))
        return rc;
    memset(&r, 0, sizeof(r));
    r.member_id = member_id;
    r.monthly_fen = -1;
    if (!in->kind ||
        (strcmp(in->kind, "reduce") && strcmp(in->kind, "waive") && strcmp(in->kind, "excuse")))
        return dj_err_set(err, DJ_EINVAL, "kind",
                          "「类型」应为 reduce（减交）、waive（免交）或 excuse（正当理由）");
    r.kind = in->kind;
    if ((rc = parse_month(in->from_month, "from_month", "起始月份", &r.from_idx, err)) ||
        (rc = parse_month(in->to_month, "to_month", "截止月份", &r.to_idx, err)))
        return rc;
    if (r.to_idx < r.from_idx)
        return dj_err_set(err, DJ_EINVAL, "to_month", "「截止月份」不能早于起始月份");
    if (r.to_idx - r.from_idx >= 24)
        return dj_err_set(err, DJ_EINVAL, "to_month", "「截止月份」一次最多24个月");
    if (!in->reason || !*in->reason || dj_utf8_len(in->reason) > 200)
        return dj_err_set(err, DJ_EINVAL, "reason", "「理由」不能为空，且不超过200个字");
    r.reason = in->reason;
    if (strcmp(r.kind, "excuse")) {
        char upper[DJ_PATH_MAX];
        struct dj_date ap;
        if (in->approval_org_id <= 0)
            return dj_err_set(err, DJ_EINVAL, "approval_org_id",
                              "「批准组织」减免党费须经上一级党委批准，不能为空");
        if (dj_store_org_path(db, in->approval_org_id, upper, sizeof(upper), NULL) ||
            !strictly_above(upper, m.org_path))
            return dj_err_set(err, DJ_EINVAL, "approval_org_id",
                              "「批准组织」应为该党员所在党支部的上级党组织");
        if (!in->approval_doc || !*in->approval_doc || dj_utf8_len(in->approval_doc) > 100)
            return dj_err_set(err, DJ_EINVAL, "approval_doc", "「批准文号」不能为空");
        if (!in->approved_on || dj_date_parse(in->approved_on, &ap, "approved_on", NULL))
            return dj_err_set(err, DJ_EINVAL, "approved_on",
                              "「批准日期」应为YYYY-MM-DD格式的日期");
        if (dj_date_cmp(ap, today()) > 0)
            return dj_err_set(err, DJ_EINVAL, "approved_on", "「批准日期」不能晚于今天");
        r.approval_org_id = in->approval_org_id;
        r.approval_doc = in->approval_doc;
        r.approved_on = ap;
        if (!strcmp(r.kind, "reduce")) {
            if (!in->monthly_amount || !*in->monthly_amount)
                return dj_err_set(err, DJ_EINVAL, "monthly_amount", "「减交后每月金额」不能为空");
            if ((rc = parse_money(in->monthly_amount, "monthly_amount", "减交后每月金额",
                                  &r.monthly_fen, err)))
                return rc;
        } else if (in->monthly_amount && *in->monthly_amount) {
            return dj_err_set(err, DJ_EINVAL, "monthly_amount", "「减交后每月金额」免交时不填");
        }
    } else if (in->approval_org_id > 0 || (in->monthly_amount && *in->monthly_amount)) {
        return dj_err_set(err, DJ_EINVAL, "kind", "「类型」正当理由不减免党费，不填批准组织和金额");
    }
    if ((rc = dj_store_dues_relief_add(db, &r, actor->user_id, dj_now_iso(now, sizeof(now)), id,
                                       err)))
        return rc;
    a = json_object();
    json_object_set_new(a, "kind", json_string(r.kind));
    json_object_set_new(a, "from_month", json_string(in->from_month));
    json_object_set_new(a, "to_month", json_string(in->to_month));
    json_object_set_new(a, "reason", json_string(r.reason));
    if (r.approval_doc)
        json_object_set_new(a, "approval_doc", json_string(r.approval_doc));
    if (r.monthly_fen >= 0)
        json_object_set_new(a, "monthly_fen", json_integer(r.monthly_fen));
    return audit(db, actor, "dues.relief", &m, a, err);
}

int dj_dues_relief_add(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                       const struct dj_dues_relief_in *in, int64_t *id, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    int rc = dj_db_begin(db, true, err);

    *id = 0;
    if (!rc)
        rc = end_tx(db, relief_tx(db, actor, member_id, in, id, arena, err), err);
    dj_arena_free(arena);
    return rc;
}

/*
 * A payment recorded by the branch hosting the member as an in-flow 流动党员 today
 * (dj_flow_is_guest): the actor writes to that branch, not to the member's own. On
 * success *host_id / *host_path name the collecting branch.
 */
static int host_access(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                       struct dj_arena *arena, struct dj_dues_member *out, int64_t *host_id,
                       const char **host_path, struct dj_err *err)
{
    struct dj_dues_member *rows;
    int n, rc;

    if ((rc = dj_store_dues_members(db, NULL, id, arena, &rows, &n, err)))
        return rc;
    for (int i = 0; n == 1 && i < actor->nroles; i++) {
        const struct dj_role *r = &actor->roles[i];
        bool guest = false;
        if (r->org_id <= 0 || dj_authorize(actor, DJ_PERM_WRITE, r->org_path, NULL))
            continue;
        if ((rc = dj_flow_is_guest(db, id, r->org_id, today(), &guest, err)))
            return rc;
        if (guest) {
            *out = rows[0];
            *host_id = r->org_id;
            *host_path = dj_arena_strdup(arena, r->org_path);
            return 0;
        }
    }
    return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_MEMBER);
}

static int payment_tx(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                      const struct dj_dues_payment_in *in, struct dj_arena *arena,
                      struct dj_dues_payment_row *out, struct dj_err *err)
{
    struct dj_dues_member m;
    struct loaded L;
    struct member_data d;
    struct dj_dues_payment_row p;
    int rc, start, stop, now = today_idx();
    int64_t want = -1, id;
    char nowbuf[32];
    json_t *a;

    int64_t host_id = 0;
    const char *host_path = NULL;

    if ((rc = member_access(db, actor, member_id, true, arena, &m, err))) {
        /* not the member's branch: perhaps the branch hosting them in flow */
        if (rc != DJ_EPERM)
            return rc;
        dj_err_clear(err);
        if ((rc = host_access(db, actor, member_id, arena, &m, &host_id, &host_path, err)))
            return rc;
    }
    memset(&p, 0, sizeof(p));
    p.member_id = member_id;
    p.org_id = host_id ? host_id : m.org_id;
    p.org_path = host_path ? host_path : m.org_path;
    if (!in->paid_on || dj_date_parse(in->paid_on, &p.paid_on, "paid_on", NULL))
        return dj_err_set(err, DJ_EINVAL, "paid_on", "「交纳日期」应为YYYY-MM-DD格式的日期");
    if (dj_date_cmp(p.paid_on, today()) > 0)
        return dj_err_set(err, DJ_EINVAL, "paid_on", "「交纳日期」不能晚于今天");
    if ((rc = parse_month(in->from_month, "from_month", "起始月份", &p.from_idx, err)))
        return rc;
    p.months = in->months;
    if (in->payer && !strcmp(in->payer, "organisation"))
        return dj_err_set(err, DJ_EINVAL, "payer",
                          "「交纳人」不得由党组织垫交党费（党费规定第十四条）");
    if (!in->payer || !*in->payer)
        p.payer = "self";
    else if (!strcmp(in->payer, "self") || !strcmp(in->payer, "relative") ||
             !strcmp(in->payer, "member"))
        p.payer = in->payer;
    else
        return dj_err_set(
            err, DJ_EINVAL, "payer",
            "「交纳人」应为 self（本人）、relative（亲属代交）或 member（其他党员代交）");
    if (strcmp(p.payer, "self") && !in->consent)
        return dj_err_set(err, DJ_EINVAL, "payer", "「交纳人」他人代交须经党支部同意");
    if (in->channel && (!strcmp(in->channel, "wage") || !strcmp(in->channel, "payroll") ||
                        !strcmp(in->channel, "deduction")))
        return dj_err_set(err, DJ_EINVAL, "channel",
                          "「交纳方式」不得从工资中扣缴党费（党费规定第十四条）");
    if (!in->channel || (strcmp(in->channel, "cash") && strcmp(in->channel, "bank") &&
                         strcmp(in->channel, "online")))
        return dj_err_set(err, DJ_EINVAL, "channel",
                          "「交纳方式」应为 cash（现金）、bank（银行转账）或 online（网上交纳）");
    p.channel = in->channel;
    if (in->receipt_no && dj_utf8_len(in->receipt_no) > 40)
        return dj_err_set(err, DJ_EINVAL, "receipt_no", "「收据编号」不能超过40个字符");
    p.receipt_no = in->receipt_no && *in->receipt_no ? in->receipt_no : NULL;
    if (in->note && dj_utf8_len(in->note) > 200)
        return dj_err_set(err, DJ_EINVAL, "note", "「备注」不能超过200个字");
    p.note = in->note && *in->note ? in->note : NULL;
    p.consent = in->consent;
    if (in->extra && *in->extra &&
        (rc = parse_money(in->extra, "extra", "自愿多交金额", &p.extra_fen, err)))
        return rc;
    if (in->amount && *in->amount && (rc = parse_money(in->amount, "amount", "金额", &want, err)))
        return rc;
    if ((rc = dj_dues_rule_cover(p.paid_on, dj_dues_month_from_index(p.from_idx), p.months,
                                 p.consent, err)))
        return rc;
    period(&m, &start, &stop);
    if ((rc = load(db, NULL, member_id, p.from_idx, p.from_idx + p.months - 1, arena, &L, err)))
        return rc;
    take(&L.c, member_id, &d);
    for (int i = 0; i < p.months; i++) {
        struct dj_dues_month mm;
        int idx = p.from_idx + i;
        month_of(&m, &d, start, stop, idx, now, &mm);
        if (mm.state == DJ_DUES_NOT_DUE)
            return dj_err_set(err, DJ_EINVAL, "from_month",
                              "「起始月份」%04d年%02d月不在该党员交纳党费的期间内", idx / 12,
                              idx % 12 + 1);
        if (mm.state == DJ_DUES_PAID)
            return dj_err_set(err, DJ_ECONFLICT, "from_month",
                              "「起始月份」%04d年%02d月的党费已经交纳", idx / 12, idx % 12 + 1);
        if (mm.due_fen < 0)
            return dj_err_set(err, DJ_EINVAL, "from_month",
                              "「起始月份」%04d年%02d月尚未核定党费计算基数", idx / 12,
                              idx % 12 + 1);
        p.amount_fen += mm.due_fen;
    }
    if (want >= 0 && want != p.amount_fen) {
        char s[32];
        return dj_err_set(err, DJ_EINVAL, "amount",
                          "「金额」应为%s元（按核定基数计算，不能手工改动）",
                          dj_money_format(p.amount_fen, s));
    }
    p.central = dj_dues_rule_central(p.extra_fen, p.paid_on);
    if ((rc = dj_store_dues_payment_add(db, &p, actor->user_id, dj_now_iso(nowbuf, sizeof(nowbuf)),
                                        &id, err)))
        return rc;
    for (int i = 0; i < p.months; i++) {
        struct dj_dues_month mm;
        month_of(&m, &d, start, stop, p.from_idx + i, now, &mm);
        if ((rc = dj_store_dues_payment_month_add(db, member_id, p.from_idx + i, id, mm.due_fen,
                                                  err)))
            return rc;
    }
    p.id = id;
    p.member_name = m.name;
    *out = p;
    a = json_object();
    json_object_set_new(a, "payment_id", json_integer(id));
    json_object_set_new(a, "from_month", json_string(in->from_month));
    json_object_set_new(a, "months", json_integer(p.months));
    json_object_set_new(a, "amount_fen", json_integer(p.amount_fen));
    json_object_set_new(a, "extra_fen", json_integer(p.extra_fen));
    json_object_set_new(a, "central", json_boolean(p.central));
    json_object_set_new(a, "paid_on", json_string(in->paid_on));
    json_object_set_new(a, "channel", json_string(p.channel));
    if (p.receipt_no)
        json_object_set_new(a, "receipt_no", json_string(p.receipt_no));
    return audit(db, actor, "dues.payment", &m, a, err);
}

int dj_dues_payment_add(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                        const struct dj_dues_payment_in *in, struct dj_arena *arena,
                        struct dj_dues_payment_row *out, struct dj_err *err)
{
    int rc = dj_db_begin(db, true, err);

    memset(out, 0, sizeof(*out));
    if (!rc)
        rc = end_tx(db, payment_tx(db, actor, member_id, in, arena, out, err), err);
    if (rc)
        memset(out, 0, sizeof(*out));
    return rc;
}

static bool is_branch_kind(const char *kind)
{
    return !strcmp(kind, "branch") || !strcmp(kind, "joint_branch") ||
           !strcmp(kind, "temp_branch") || !strcmp(kind, "grid_branch");
}

static int farmer_tx(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                     const char *from_month, const char *amount, struct dj_err *err)
{
    struct dj_dues_farmer_rate r = {.org_id = org_id};
    struct dj_member_org org;
    char now[32], idbuf[24];
    int rc;
    json_t *a;

    rc = dj_store_member_org(db, org_id, &org, err);
    if (rc == DJ_ENOTFOUND || (!rc && dj_authorize(actor, DJ_PERM_WRITE, org.path, NULL)))
        return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ORG);
    if (rc)
        return rc;
    if (!is_branch_kind(org.kind))
        return dj_err_set(err, DJ_EINVAL, "org_id",
                          "农民党员交纳党费的数额由党支部确定，请选择党支部");
    if ((rc = parse_month(from_month, "from_month", "起始月份", &r.from_idx, err)))
        return rc;
    if (!amount || !*amount)
        return dj_err_set(err, DJ_EINVAL, "amount", "「每月金额」不能为空");
    if ((rc = parse_money(amount, "amount", "每月金额", &r.monthly_fen, err)) ||
        (rc = dj_dues_rule_farmer_amount(r.monthly_fen, dj_dues_month_from_index(r.from_idx),
                                         err)) ||
        (rc = dj_store_dues_farmer_rate_put(db, &r, actor->user_id, dj_now_iso(now, sizeof(now)),
                                            err)))
        return rc;
    a = json_object();
    json_object_set_new(a, "from_month", json_string(from_month));
    json_object_set_new(a, "monthly_fen", json_integer(r.monthly_fen));
    snprintf(idbuf, sizeof(idbuf), "%lld", (long long)org_id);
    rc = dj_audit_write(db, actor, "dues.farmer_rate", "org", idbuf, org.path, NULL, a, err);
    json_decref(a);
    return rc;
}

int dj_dues_farmer_rate_set(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                            const char *from_month, const char *amount, struct dj_err *err)
{
    int rc = dj_db_begin(db, true, err);
    if (!rc)
        rc = end_tx(db, farmer_tx(db, actor, org_id, from_month, amount, err), err);
    return rc;
}

int dj_dues_farmer_rates(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                         struct dj_arena *arena, struct dj_dues_farmer_rate **rows, int *n,
                         struct dj_err *err)
{
    char path[DJ_PATH_MAX];
    struct dj_dues_farmer_rate *all;
    int rc, nall;

    *rows = NULL;
    *n = 0;
    if ((rc = dj_db_begin(db, false, err)))
        return rc;
    if (!(rc = org_access(db, actor, org_id, DJ_PERM_READ, path, sizeof(path), NULL, arena, err)) &&
        !(rc = dj_store_dues_farmer_rates(db, arena, &all, &nall, err))) {
        *rows = dj_arena_zalloc(arena, sizeof(**rows) * (size_t)(nall + 1));
        for (int i = 0; i < nall; i++)
            if (all[i].org_id == org_id)
                (*rows)[(*n)++] = all[i];
    }
    dj_db_rollback(db);
    return rc;
}

static int void_tx(struct dj_db *db, const struct dj_actor *actor, int64_t payment_id,
                   const char *reason, struct dj_arena *arena, struct dj_err *err)
{
    struct dj_dues_payment_row p;
    struct dj_dues_member m;
    char now[32];
    int rc;
    json_t *a;

    rc = dj_store_dues_payment_get(db, payment_id, arena, &p, err);
    if (rc == DJ_ENOTFOUND)
        return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_MEMBER);
    if (rc || (rc = member_access(db, actor, p.member_id, true, arena, &m, err)))
        return rc;
    if (!reason || !*reason || dj_utf8_len(reason) > 200)
        return dj_err_set(err, DJ_EINVAL, "reason", "「作废原因」不能为空，且不超过200个字");
    if ((rc =
             dj_store_dues_payment_void(db, payment_id, reason, dj_now_iso(now, sizeof(now)), err)))
        return rc;
    a = json_object();
    json_object_set_new(a, "payment_id", json_integer(payment_id));
    json_object_set_new(a, "amount_fen", json_integer(p.amount_fen));
    json_object_set_new(a, "extra_fen", json_integer(p.extra_fen));
    json_object_set_new(a, "months", json_integer(p.months));
    json_object_set_new(a, "reason", json_string(reason));
    return audit(db, actor, "dues.payment_void", &m, a, err);
}

int dj_dues_payment_void(struct dj_db *db, const struct dj_actor *actor, int64_t payment_id,
                         const char *reason, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    int rc = dj_db_begin(db, true, err);

    if (!rc)
        rc = end_tx(db, void_tx(db, actor, payment_id, reason, arena, err), err);
    dj_arena_free(arena);
    return rc;
}

/* ---- sheets and lists --------------------------------------------------- */

static bool on_roll_at(const struct dj_dues_member *m, int idx)
{
    int start, stop;
    period(m, &start, &stop);
    return in_period(idx, start, stop);
}

static void sheet_row(const struct dj_dues_member *m, const struct member_data *d, int idx, int now,
                      struct dj_dues_sheet_row *r)
{
    struct arrears a;
    int start, stop;

    period(m, &start, &stop);
    r->member = *m;
    month_of(m, d, start, stop, idx, now, &r->month);
    r->paid_through_idx = paid_through(d, start, stop);
    arrears_of(d, start, stop, now - 1, &a);
    r->run = a.run;
    r->level = dj_dues_rule_arrears(a.run, today());
    if (r->level == DJ_DUES_ARREARS_LAPSE && a.excused)
        r->level = DJ_DUES_ARREARS_WARNING;
}

int dj_dues_sheet(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, int month_idx,
                  struct dj_arena *arena, struct dj_dues_sheet_row **rows, int *n,
                  struct dj_err *err)
{
    char path[DJ_PATH_MAX];
    struct loaded L;
    int rc, now = today_idx();

    *rows = NULL;
    *n = 0;
    if ((rc = dj_db_begin(db, false, err)))
        return rc;
    if ((rc = org_access(db, actor, org_id, DJ_PERM_READ, path, sizeof(path), NULL, arena, err)) ||
        (rc = load(db, path, 0, 0, DJ_MAX(month_idx, now) + 24, arena, &L, err)))
        goto done;
    *rows = dj_arena_zalloc(arena, sizeof(**rows) * (size_t)(L.nmembers + 1));
    for (int i = 0; i < L.nmembers; i++) {
        struct member_data d;
        if (!on_roll_at(&L.members[i], month_idx))
            continue;
        take(&L.c, L.members[i].id, &d);
        sheet_row(&L.members[i], &d, month_idx, now, &(*rows)[(*n)++]);
    }
done:
    dj_db_rollback(db);
    return rc;
}

static int by_run_desc(const void *a, const void *b)
{
    const struct dj_dues_sheet_row *x = a, *y = b;
    if (x->run != y->run)
        return y->run - x->run;
    return x->member.id < y->member.id ? -1 : x->member.id > y->member.id;
}

int dj_dues_arrears(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                    struct dj_date on, struct dj_arena *arena, struct dj_dues_sheet_row **rows,
                    int *n, struct dj_err *err)
{
    char path[DJ_PATH_MAX];
    struct loaded L;
    int rc, now;

    *rows = NULL;
    *n = 0;
    if (!dj_date_isset(on))
        on = today();
    now = dj_dues_month_index(on);
    if ((rc = dj_db_begin(db, false, err)))
        return rc;
    if ((rc = org_access(db, actor, org_id, DJ_PERM_READ, path, sizeof(path), NULL, arena, err)) ||
        (rc = load(db, path, 0, 0, now + 24, arena, &L, err)))
        goto done;
    *rows = dj_arena_zalloc(arena, sizeof(**rows) * (size_t)(L.nmembers + 1));
    for (int i = 0; i < L.nmembers; i++) {
        struct member_data d;
        struct dj_dues_sheet_row r;
        struct arrears a;
        int start, stop;
        if (!on_roll_at(&L.members[i], now - 1))
            continue;
        take(&L.c, L.members[i].id, &d);
        period(&L.members[i], &start, &stop);
        memset(&r, 0, sizeof(r));
        r.member = L.members[i];
        month_of(&L.members[i], &d, start, stop, now - 1, now, &r.month);
        r.paid_through_idx = paid_through(&d, start, stop);
        arrears_of(&d, start, stop, now - 1, &a);
        r.run = a.run;
        r.level = dj_dues_rule_arrears(a.run, on);
        if (r.level == DJ_DUES_ARREARS_LAPSE && a.excused)
            r.level = DJ_DUES_ARREARS_WARNING;
        if (r.level != DJ_DUES_ARREARS_NONE)
            (*rows)[(*n)++] = r;
    }
    qsort(*rows, (size_t)*n, sizeof(**rows), by_run_desc);
done:
    dj_db_rollback(db);
    return rc;
}

int dj_dues_bases(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, int year,
                  struct dj_arena *arena, struct dj_dues_base_line **lines, int *n,
                  struct dj_err *err)
{
    char path[DJ_PATH_MAX];
    struct loaded L;
    int rc, now = today_idx(), show;

    *lines = NULL;
    *n = 0;
    if (!year)
        year = now / 12;
    if (year < 2008 || year > 9998)
        return dj_err_set(err, DJ_EINVAL, "year", "「年度」应为2008年以后的年份");
    show = year == now / 12 ? now : year * 12;
    if ((rc = dj_db_begin(db, false, err)))
        return rc;
    if ((rc = org_access(db, actor, org_id, DJ_PERM_READ, path, sizeof(path), NULL, arena, err)) ||
        (rc = load(db, path, 0, year * 12, year * 12 + 11, arena, &L, err)))
        goto done;
    *lines = dj_arena_zalloc(arena, sizeof(**lines) * (size_t)(L.nmembers + 1));
    for (int i = 0; i < L.nmembers; i++) {
        struct member_data d;
        struct dj_dues_base_line *l;
        int start, stop, shown = show;
        period(&L.members[i], &start, &stop);
        if (!in_period(year * 12, start, stop) && !in_period(year * 12 + 11, start, stop) &&
            !(start > year * 12 && start <= year * 12 + 11))
            continue;
        if (!in_period(shown, start, stop))
            shown = DJ_MAX(start, year * 12);
        take(&L.c, L.members[i].id, &d);
        l = &(*lines)[(*n)++];
        l->member = L.members[i];
        month_of(&L.members[i], &d, start, stop, shown, now, &l->month);
        for (int j = 0; j < d.nbases; j++)
            if (d.bases[j].year == year) {
                if (!l->rows)
                    l->rows = (struct dj_dues_base_row *)&d.bases[j];
                l->nrows++;
            }
    }
done:
    dj_db_rollback(db);
    return rc;
}

/* ---- 党费使用 ------------------------------------------------------------ */

const char *const dj_dues_purposes[DJ_DUES_NPURPOSES] = {
    "training", "publications", "commendation", "hardship", "elderly", "disaster",
};

static int purpose_index(const char *code)
{
    for (int i = 0; code && i < DJ_DUES_NPURPOSES; i++)
        if (!strcmp(dj_dues_purposes[i], code))
            return i;
    return -1;
}

static bool kind_is_branch(const char *kind)
{
    return kind && is_branch_kind(kind);
}

/* The account of the organisation at `path` for `year`; the year's spendings when rows != NULL. */
static int funds_of(struct dj_db *db, const char *path, bool branch, int year,
                    struct dj_arena *arena, struct dj_dues_funds *out,
                    struct dj_dues_spending_row **rows, int *n, struct dj_err *err)
{
    struct dj_dues_year_flow *f;
    struct dj_dues_spending_row *sp;
    int nf, nsp, rc;
    int64_t carried = 0;

    memset(out, 0, sizeof(*out));
    out->year = year;
    out->branch = branch;
    if ((rc = dj_store_dues_year_flows(db, path, year, arena, &f, &nf, err)))
        return rc;
    for (int i = 0; i < nf; i++) {
        bool from_branch = kind_is_branch(f[i].org_kind);
        int64_t bp = 10000, handed = 0, kept = 0, spent = 0;
        if (from_branch) {
            dj_rule_get("dues.remit.upper_bp", (struct dj_date){f[i].year, 12, 31}, f[i].org_path,
                        &bp);
            handed = dj_money_apply_bp(f[i].collected_fen, (int32_t)bp, DJ_ROUND_HALF_UP);
            kept = f[i].collected_fen - handed;
        }
        /* a branch spends from its own pool; an organisation above from its pool */
        if (branch || !from_branch)
            spent = f[i].spent_fen;
        int64_t rem = branch ? handed : 0, below = branch ? 0 : kept;
        if (f[i].year < year) {
            carried += f[i].collected_fen - below - rem - spent;
        } else {
            out->collected_fen += f[i].collected_fen;
            out->kept_below_fen += below;
            out->remitted_fen += rem;
            out->spent_fen += spent;
        }
    }
    if (branch) {
        int64_t bp = 10000;
        dj_rule_get("dues.remit.upper_bp", (struct dj_date){year, 12, 31}, path, &bp);
        out->remit_bp = (int32_t)bp;
    }
    out->carried_fen = carried;
    out->balance_fen = carried + out->collected_fen - out->kept_below_fen - out->remitted_fen -
                       out->spent_fen;
    if ((rc = dj_store_dues_spendings(db, path, year, arena, &sp, &nsp, err)))
        return rc;
    if (rows) {
        *rows = dj_arena_zalloc(arena, sizeof(**rows) * (size_t)(nsp + 1));
        *n = 0;
    }
    for (int i = 0; i < nsp; i++) {
        int k = purpose_index(sp[i].purpose);
        if (sp[i].voided_on || (!branch && kind_is_branch(sp[i].org_kind)))
            continue;
        if (k >= 0)
            out->by_purpose[k] += sp[i].amount_fen;
        if (rows)
            (*rows)[(*n)++] = sp[i];
    }
    return 0;
}

static int check_text(const char *s, const char *field, const char *label, size_t max,
                      bool required, struct dj_err *err)
{
    if (!s || !*s)
        return required ? dj_err_set(err, DJ_EINVAL, field, "「%s」不能为空", label) : 0;
    if (dj_utf8_len(s) > max)
        return dj_err_set(err, DJ_EINVAL, field, "「%s」不能超过%zu个字", label, max);
    return 0;
}

static int spend_tx(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                    const struct dj_dues_spending_in *in, struct dj_arena *arena,
                    struct dj_dues_spending_row *out, struct dj_err *err)
{
    struct dj_member_org org;
    struct dj_dues_spending_row r;
    struct dj_date now = today();
    char nowbuf[32], idbuf[24], a[32];
    json_t *files, *au;
    int64_t id;
    int rc;

    memset(&r, 0, sizeof(r));
    rc = dj_store_member_org(db, org_id, &org, err);
    if (rc == DJ_ENOTFOUND || (!rc && dj_authorize(actor, DJ_PERM_WRITE, org.path, NULL)))
        return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ORG);
    if (rc)
        return rc;
    r.org_id = org_id;
    r.org_path = dj_arena_strdup(arena, org.path);
    if (!in->spent_on || dj_date_parse(in->spent_on, &r.spent_on, "spent_on", NULL))
        return dj_err_set(err, DJ_EINVAL, "spent_on", "「支出日期」应为YYYY-MM-DD格式的日期");
    if (dj_date_cmp(r.spent_on, now) > 0)
        return dj_err_set(err, DJ_EINVAL, "spent_on", "「支出日期」不能晚于今天");
    if (dj_date_cmp(r.spent_on, (struct dj_date){2008, 4, 1}) < 0)
        return dj_err_set(err, DJ_EINVAL, "spent_on", "「支出日期」早于党费规定施行日期");
    if (purpose_index(in->purpose) < 0)
        return dj_err_set(err, DJ_EINVAL, "purpose",
                          "「用途」应为党费规定的用途之一：training（教育培训党员）、"
                          "publications（订阅党报党刊和教育资料）、commendation（表彰先进）、"
                          "hardship（慰问补助困难党员）、elderly（补助生活困难的老党员）、"
                          "disaster（补助受灾党员）");
    r.purpose = in->purpose;
    if (!in->amount || !*in->amount)
        return dj_err_set(err, DJ_EINVAL, "amount", "「金额」不能为空");
    if (dj_money_parse(in->amount, &r.amount_fen, "amount", NULL) || r.amount_fen <= 0)
        return dj_err_set(err, DJ_EINVAL, "amount", "「金额」应为大于0、最多两位小数的金额（元）");
    if ((rc = check_text(in->voucher_no, "voucher_no", "凭证号", 40, true, err)) ||
        (rc = check_text(in->description, "description", "支出事由", 200, true, err)) ||
        (rc = check_text(in->approved_by, "approved_by", "批准人或批准机构", 100, true, err)) ||
        (rc = check_text(in->approval_doc, "approval_doc", "批准文件或会议记录编号", 100, true,
                         err)) ||
        (rc = check_text(in->note, "note", "备注", 200, false, err)))
        return rc;
    if (!in->approved_on || dj_date_parse(in->approved_on, &r.approved_on, "approved_on", NULL))
        return dj_err_set(err, DJ_EINVAL, "approved_on", "「批准日期」应为YYYY-MM-DD格式的日期");
    if (dj_date_cmp(r.approved_on, r.spent_on) > 0)
        return dj_err_set(err, DJ_EINVAL, "approved_on", "「批准日期」不能晚于支出日期（先批准后支出）");
    r.voucher_no = in->voucher_no;
    r.description = in->description;
    r.approved_by = in->approved_by;
    r.approval_doc = in->approval_doc;
    r.note = in->note && *in->note ? in->note : NULL;
    if (in->nfiles < 0 || in->nfiles > DJ_DUES_MAX_FILES)
        return dj_err_set(err, DJ_EINVAL, "attachments", "「附件」最多%d个", DJ_DUES_MAX_FILES);
    files = json_array();
    for (int i = 0; i < in->nfiles; i++) {
        const struct dj_dues_attachment *f = &in->files[i];
        json_t *x;
        if (check_text(f->name, "attachments", "附件名称", 200, true, err) ||
            check_text(f->mime, "attachments", "附件类型", 100, false, err) ||
            check_text(f->sha256, "attachments", "附件摘要", 64, false, err) ||
            f->size_bytes < 0) {
            json_decref(files);
            if (f->size_bytes < 0)
                return dj_err_set(err, DJ_EINVAL, "attachments", "「附件大小」不能为负数");
            return DJ_EINVAL;
        }
        x = json_object();
        json_object_set_new(x, "name", json_string(f->name));
        if (f->mime && *f->mime)
            json_object_set_new(x, "mime", json_string(f->mime));
        json_object_set_new(x, "size_bytes", json_integer(f->size_bytes));
        if (f->sha256 && *f->sha256)
            json_object_set_new(x, "sha256", json_string(f->sha256));
        json_array_append_new(files, x);
    }
    {
        char *txt = json_dumps(files, JSON_COMPACT);
        r.attachments = dj_arena_strdup(arena, txt ? txt : "[]");
        free(txt);
        json_decref(files);
    }
    /* the money must be there: in the year spent and in every later year up to now */
    for (int y = r.spent_on.y; y <= DJ_MAX(r.spent_on.y, now.y); y++) {
        struct dj_dues_funds f;
        if ((rc = funds_of(db, org.path, is_branch_kind(org.kind), y, arena, &f, NULL, NULL, err)))
            return rc;
        if (f.balance_fen < r.amount_fen)
            return dj_err_set(err, DJ_EINVAL, "amount",
                              "「金额」超过可用党费：%04d年末可用%s元（上年结转+本年收缴−上缴−已使用）",
                              y, dj_money_format(DJ_MAX(f.balance_fen, 0), a));
    }
    if ((rc = dj_store_dues_spending_add(db, &r, actor->user_id, dj_now_iso(nowbuf, sizeof(nowbuf)),
                                         &id, err)))
        return rc;
    r.id = id;
    au = json_object();
    json_object_set_new(au, "org_id", json_integer(org_id));
    json_object_set_new(au, "spent_on", json_string(in->spent_on));
    json_object_set_new(au, "purpose", json_string(r.purpose));
    json_object_set_new(au, "amount_fen", json_integer(r.amount_fen));
    json_object_set_new(au, "voucher_no", json_string(r.voucher_no));
    json_object_set_new(au, "approved_by", json_string(r.approved_by));
    json_object_set_new(au, "approval_doc", json_string(r.approval_doc));
    json_object_set_new(au, "approved_on", json_string(in->approved_on));
    snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
    rc = dj_audit_write(db, actor, "dues.spend", "dues_spending", idbuf, org.path, NULL, au, err);
    json_decref(au);
    if (!rc)
        rc = dj_store_dues_spending_get(db, id, arena, out, err);
    return rc;
}

int dj_dues_spend(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                  const struct dj_dues_spending_in *in, struct dj_arena *arena,
                  struct dj_dues_spending_row *out, struct dj_err *err)
{
    int rc = dj_db_begin(db, true, err);

    memset(out, 0, sizeof(*out));
    if (!rc)
        rc = end_tx(db, spend_tx(db, actor, org_id, in, arena, out, err), err);
    if (rc)
        memset(out, 0, sizeof(*out));
    return rc;
}

static int spend_void_tx(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                         const char *reason, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    struct dj_dues_spending_row r;
    char now[32], idbuf[24];
    json_t *b, *a;
    int rc = dj_store_dues_spending_get(db, id, arena, &r, err);

    if (rc == DJ_ENOTFOUND || (!rc && dj_authorize(actor, DJ_PERM_WRITE, r.org_path, NULL)))
        rc = dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ORG);
    else if (!rc)
        rc = check_text(reason, "reason", "作废原因", 200, true, err);
    if (!rc)
        rc = dj_store_dues_spending_void(db, id, reason, dj_now_iso(now, sizeof(now)), err);
    if (!rc) {
        b = json_pack("{s:I}", "amount_fen", (json_int_t)r.amount_fen);
        a = json_pack("{s:s,s:s}", "voided_on", now, "void_reason", reason);
        snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
        rc = dj_audit_write(db, actor, "dues.spend_void", "dues_spending", idbuf, r.org_path, b,
                            a, err);
        json_decref(b);
        json_decref(a);
    }
    dj_arena_free(arena);
    return rc;
}

int dj_dues_spending_void(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                          const char *reason, struct dj_err *err)
{
    int rc = dj_db_begin(db, true, err);
    if (!rc)
        rc = end_tx(db, spend_void_tx(db, actor, id, reason, err), err);
    return rc;
}

int dj_dues_spendings(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, int year,
                      struct dj_arena *arena, struct dj_dues_funds *funds,
                      struct dj_dues_spending_row **rows, int *n, struct dj_err *err)
{
    struct dj_member_org org;
    int rc;

    memset(funds, 0, sizeof(*funds));
    *rows = NULL;
    *n = 0;
    if (!year)
        year = today().y;
    if (year < 2008 || year > 9998)
        return dj_err_set(err, DJ_EINVAL, "year", "「年度」应为2008年以后的年份");
    if ((rc = dj_db_begin(db, false, err)))
        return rc;
    rc = dj_store_member_org(db, org_id, &org, err);
    if (rc == DJ_ENOTFOUND || (!rc && dj_authorize(actor, DJ_PERM_READ, org.path, NULL)))
        rc = dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ORG);
    if (!rc)
        rc = funds_of(db, org.path, is_branch_kind(org.kind), year, arena, funds, rows, n, err);
    dj_db_rollback(db);
    return rc;
}

/* ---- report and disclosure ---------------------------------------------- */

static struct dj_dues_report_branch *branch_of(struct dj_dues_report *r, int *cap,
                                               const struct dj_dues_member *m,
                                               struct dj_arena *arena)
{
    for (int i = r->nbranches - 1; i >= 0; i--)
        if (r->branches[i].org_id == m->org_id)
            return &r->branches[i];
    if (r->nbranches == *cap) {
        struct dj_dues_report_branch *next;
        *cap = *cap ? *cap * 2 : 16;
        next = dj_arena_zalloc(arena, sizeof(*next) * (size_t)*cap);
        if (r->nbranches)
            memcpy(next, r->branches, sizeof(*next) * (size_t)r->nbranches);
        r->branches = next;
    }
    r->branches[r->nbranches].org_id = m->org_id;
    r->branches[r->nbranches].org_name = m->org_name;
    r->branches[r->nbranches].org_path = m->org_path;
    return &r->branches[r->nbranches++];
}

/* Whether the actor is a member of the branch org_id (their own record's branch). */
static bool own_branch(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                       struct dj_arena *arena)
{
    struct dj_dues_member *rows;
    int n;

    return actor->member_id > 0 &&
           !dj_store_dues_members(db, NULL, actor->member_id, arena, &rows, &n, NULL) && n == 1 &&
           rows[0].org_id == org_id && strcmp(rows[0].status, "left") &&
           strcmp(rows[0].status, "deceased");
}

/*
 * The local month of a UTC timestamp "YYYY-MM-DDTHH:MM..." (the configured
 * offset from UTC), as a month index; 0 when it cannot be read.
 */
static int move_month(const char *ts)
{
    const struct dj_svc_env *env = dj_svc();
    int off = env && env->cfg ? env->cfg->utc_offset_minutes : 480;
    struct dj_date d;
    char day[11];
    int hh = 0, mm = 0, mins;

    if (!ts || strlen(ts) < 10)
        return 0;
    memcpy(day, ts, 10);
    day[10] = '\0';
    if (dj_date_parse(day, &d, NULL, NULL))
        return 0;
    if (strlen(ts) >= 16 && ts[10] == 'T' && ts[13] == ':') {
        hh = (ts[11] - '0') * 10 + (ts[12] - '0');
        mm = (ts[14] - '0') * 10 + (ts[15] - '0');
    }
    mins = hh * 60 + mm + off;
    if (mins >= 1440)
        d = dj_date_add_days(d, 1);
    else if (mins < 0)
        d = dj_date_add_days(d, -1);
    return dj_dues_month_index(d);
}

struct report_ctx {
    struct dj_dues_report *out;
    int cap;
    const char *path;
    int year, now;
    struct dj_arena *arena;
    struct dj_dues_move *moves; /* by member, time */
    int *move_month;            /* local month of each move */
    int nmoves;
    struct dj_dues_disclosure_line *lines; /* NULL: no disclosure lines */
    int *nlines;
};

static bool under(const char *p, const char *path)
{
    return p && strncmp(p, path, strlen(path)) == 0;
}

/*
 * Count one member's months of the year, each under the branch the member
 * belonged to that month: the branch left by the first move after the month,
 * else the current one. Months in a branch outside the subtree are left out.
 */
static void count_member(struct report_ctx *x, const struct dj_dues_member *m,
                         const struct member_data *d)
{
    struct dj_dues_report *out = x->out;
    struct dj_dues_disclosure_line *line = NULL;
    int64_t seen[13];
    int nseen = 0, start, stop, lo = 0, hi = x->nmoves;
    bool counted = false;

    period(m, &start, &stop);
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (x->moves[mid].member_id < m->id)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (int k = 0; k < 12; k++) {
        struct dj_dues_month mm;
        struct dj_dues_member who = *m;
        struct dj_dues_report_branch *b;
        int idx = x->year * 12 + k;
        bool fresh = true;
        month_of(m, d, start, stop, idx, x->now, &mm);
        if (mm.state == DJ_DUES_NOT_DUE)
            continue;
        for (int j = lo; j < x->nmoves && x->moves[j].member_id == m->id; j++)
            if (x->move_month[j] > idx) {
                who.org_id = x->moves[j].old_org_id;
                who.org_name = x->moves[j].old_org_name;
                who.org_path = x->moves[j].old_org_path;
                break;
            }
        if (!under(who.org_path, x->path))
            continue;
        b = branch_of(out, &x->cap, &who, x->arena);
        for (int j = 0; j < nseen; j++)
            if (seen[j] == who.org_id)
                fresh = false;
        if (fresh) {
            seen[nseen++] = who.org_id;
            b->members++;
        }
        if (!counted) {
            counted = true;
            out->total.members++;
            if (x->lines) {
                line = &x->lines[(*x->nlines)++];
                line->member_id = m->id;
                line->name = m->name;
                line->org_name = who.org_name;
            }
        }
        if (mm.due_fen < 0)
            out->no_base++;
        int64_t due = mm.due_fen > 0 ? mm.due_fen : 0;
        b->due[k] += due;
        out->total.due[k] += due;
        b->paid[k] += mm.paid_fen;
        out->total.paid[k] += mm.paid_fen;
        if (mm.state == DJ_DUES_UNPAID) {
            b->outstanding[k] += due;
            out->total.outstanding[k] += due;
        }
        if (line) {
            line->months_due++;
            line->due_fen += due;
            if (mm.state == DJ_DUES_PAID || mm.state == DJ_DUES_WAIVED)
                line->months_paid++;
            line->paid_fen += mm.paid_fen;
        }
    }
}

static int report_in(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, int year,
                     struct dj_arena *arena, struct dj_dues_report *out,
                     struct dj_dues_disclosure_line **lines, int *nlines, struct dj_err *err)
{
    char path[DJ_PATH_MAX];
    struct loaded L;
    struct dj_dues_payment_row *pays;
    struct report_ctx x;
    int rc, npays, now = today_idx();
    int64_t bp = 10000;

    memset(out, 0, sizeof(*out));
    memset(&x, 0, sizeof(x));
    if (!year)
        year = now / 12;
    if (year < 2008 || year > 9998)
        return dj_err_set(err, DJ_EINVAL, "year", "「年度」应为2008年以后的年份");
    out->year = year;
    out->org_id = org_id;
    rc =
        org_access(db, actor, org_id, DJ_PERM_READ, path, sizeof(path), &out->org_name, arena, err);
    if (rc == DJ_EPERM && lines && own_branch(db, actor, org_id, arena)) {
        /* the annual disclosure is published to the branch's own members */
        struct dj_scope all = {.all = true};
        struct dj_org_row row;
        if (!(rc = dj_store_org_get(db, &all, org_id, &row, err))) {
            snprintf(path, sizeof(path), "%s", row.path);
            out->org_name = dj_arena_strdup(arena, row.name);
            dj_err_clear(err);
        }
    }
    if (rc || (rc = load(db, path, 0, year * 12, year * 12 + 11, arena, &L, err)) ||
        (rc = dj_store_dues_payments(db, path, 0, year, 0, arena, &pays, &npays, err)))
        return rc;
    if (lines) {
        *lines = dj_arena_zalloc(arena, sizeof(**lines) * (size_t)(L.nmembers + 1));
        *nlines = 0;
    }
    if ((rc = dj_store_dues_moves(db, path, dj_arena_printf(arena, "%04d-12-31", year - 1), arena,
                                  &x.moves, &x.nmoves, err)))
        return rc;
    x.move_month = dj_arena_zalloc(arena, sizeof(int) * (size_t)(x.nmoves + 1));
    for (int i = 0; i < x.nmoves; i++)
        x.move_month[i] = move_month(x.moves[i].moved_at);
    x.out = out;
    x.path = path;
    x.year = year;
    x.now = now;
    x.arena = arena;
    x.lines = lines ? *lines : NULL;
    x.nlines = nlines;
    for (int i = 0; i < L.nmembers; i++) {
        struct member_data d;
        take(&L.c, L.members[i].id, &d);
        count_member(&x, &L.members[i], &d);
    }
    /* members who were in the subtree this year and have moved out of it since */
    for (int i = 0; i < x.nmoves; i++) {
        struct loaded L2;
        struct member_data d;
        if (x.moves[i].member_inside || (i > 0 && x.moves[i - 1].member_id == x.moves[i].member_id))
            continue;
        if ((rc = load(db, NULL, x.moves[i].member_id, year * 12, year * 12 + 11, arena, &L2,
                       err)))
            return rc;
        if (L2.nmembers != 1)
            continue;
        if (lines && x.lines) {
            /* room for one more line */
            struct dj_dues_disclosure_line *grown =
                dj_arena_zalloc(arena, sizeof(*grown) * (size_t)(*nlines + 2));
            memcpy(grown, *lines, sizeof(*grown) * (size_t)*nlines);
            *lines = x.lines = grown;
        }
        take(&L2.c, x.moves[i].member_id, &d);
        count_member(&x, &L2.members[0], &d);
    }
    for (int i = 0; i < out->nbranches; i++)
        for (int k = 0; k < 12; k++) {
            out->branches[i].due_total += out->branches[i].due[k];
            out->branches[i].paid_total += out->branches[i].paid[k];
            out->branches[i].outstanding_total += out->branches[i].outstanding[k];
        }
    for (int k = 0; k < 12; k++) {
        out->total.due_total += out->total.due[k];
        out->total.paid_total += out->total.paid[k];
        out->total.outstanding_total += out->total.outstanding[k];
    }
    for (int i = 0; i < npays; i++) {
        if (pays[i].voided_on)
            continue;
        out->collected_fen += pays[i].amount_fen;
        if (pays[i].central)
            out->central_fen += pays[i].extra_fen;
        else
            out->extra_fen += pays[i].extra_fen;
    }
    if (lines) {
        /* each member's voluntary extras in the payments of the year */
        for (int i = 0; i < npays; i++)
            for (int j = 0; j < *nlines && !pays[i].voided_on; j++)
                if (pays[i].member_id == (*lines)[j].member_id) {
                    (*lines)[j].extra_fen += pays[i].extra_fen;
                    break;
                }
    }
    out->npayments = npays;
    dj_rule_get("dues.remit.upper_bp", (struct dj_date){year, 12, 31}, path, &bp);
    out->remit_upper_bp = (int32_t)bp;
    out->remit_upper_fen =
        dj_money_apply_bp(out->collected_fen + out->extra_fen, (int32_t)bp, DJ_ROUND_HALF_UP);
    return 0;
}

int dj_dues_report(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, int year,
                   struct dj_arena *arena, struct dj_dues_report *out, struct dj_err *err)
{
    int rc = dj_db_begin(db, false, err);
    if (!rc)
        rc = report_in(db, actor, org_id, year, arena, out, NULL, NULL, err);
    dj_db_rollback(db);
    return rc;
}

int dj_dues_disclosure(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, int year,
                       struct dj_arena *arena, struct dj_dues_disclosure *out, struct dj_err *err)
{
    struct dj_member_org org;
    int rc = dj_db_begin(db, false, err);
    memset(out, 0, sizeof(*out));
    if (!rc)
        rc =
            report_in(db, actor, org_id, year, arena, &out->report, &out->lines, &out->nlines, err);
    if (!rc)
        rc = dj_store_member_org(db, org_id, &org, err);
    if (!rc)
        rc = funds_of(db, org.path, is_branch_kind(org.kind), out->report.year, arena, &out->funds,
                      &out->spendings, &out->nspendings, err);
    dj_db_rollback(db);
    return rc;
}

int dj_dues_disclosure_pdf(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, int year,
                           struct dj_arena *arena, struct dj_buf *out, struct dj_err *err)
{
    struct dj_dues_disclosure dis;
    struct dj_pdf *p;
    char a[32], b[32], c[32], line[256];
    const struct dj_dues_report *r = &dis.report;
    int rc;

    if ((rc = dj_dues_disclosure(db, actor, org_id, year, arena, &dis, err)))
        return rc;
    p = dj_pdf_new("党费收缴使用情况公示");
    snprintf(line, sizeof(line), "%s%d年度党费收缴、使用情况公示", r->org_name, r->year);
    dj_pdf_title(p, line);
    dj_pdf_paragraph(p, "根据《关于中国共产党党费收缴、使用和管理的规定》，现将本年度党费收缴、"
                        "使用情况向全体党员公示如下。如有疑问，请向党支部反映。");
    dj_pdf_heading(p, "一、收缴情况");
    snprintf(line, sizeof(line), "%d 人", r->total.members);
    dj_pdf_kv(p, "应交党费党员", line);
    snprintf(line, sizeof(line), "%s 元", dj_money_format(r->total.due_total, a));
    dj_pdf_kv(p, "全年应交", line);
    snprintf(line, sizeof(line), "%s 元", dj_money_format(r->total.paid_total, a));
    dj_pdf_kv(p, "已交（按所属月份）", line);
    snprintf(line, sizeof(line), "%s 元", dj_money_format(r->total.outstanding_total, a));
    dj_pdf_kv(p, "欠交", line);
    snprintf(line, sizeof(line), "%s 元；其中一次性1000元以上 %s 元全部上缴中央",
             dj_money_format(r->extra_fen + r->central_fen, a), dj_money_format(r->central_fen, b));
    dj_pdf_kv(p, "自愿多交", line);
    dj_pdf_heading(p, "二、上缴和使用情况");
    {
        const struct dj_dues_funds *f = &dis.funds;
        snprintf(line, sizeof(line), "%s 元", dj_money_format(f->carried_fen, a));
        dj_pdf_kv(p, "上年结转", line);
        snprintf(line, sizeof(line), "%s 元（按交纳日期，不含上缴中央部分）",
                 dj_money_format(f->collected_fen, a));
        dj_pdf_kv(p, "本年收缴", line);
        if (f->branch) {
            snprintf(line, sizeof(line), "%s 元（按 %d.%02d%% 上缴基层党委）",
                     dj_money_format(f->remitted_fen, a), f->remit_bp / 100, f->remit_bp % 100);
            dj_pdf_kv(p, "上缴上级党委", line);
        } else {
            snprintf(line, sizeof(line), "%s 元（按规定由所属党支部留存使用）",
                     dj_money_format(f->kept_below_fen, a));
            dj_pdf_kv(p, "党支部留存", line);
        }
        snprintf(line, sizeof(line), "%s 元", dj_money_format(r->central_fen, c));
        dj_pdf_kv(p, "上缴中央", line);
        snprintf(line, sizeof(line), "%s 元", dj_money_format(f->spent_fen, a));
        dj_pdf_kv(p, "本年使用", line);
        for (int k = 0; k < DJ_DUES_NPURPOSES; k++) {
            const char *label = dj_dict_label(dj_dict_find("dues_purpose"), dj_dues_purposes[k]);
            snprintf(line, sizeof(line), "%s 元", dj_money_format(f->by_purpose[k], a));
            dj_pdf_kv(p, dj_arena_printf(arena, "  其中：%s", label ? label : dj_dues_purposes[k]),
                      line);
        }
        snprintf(line, sizeof(line), "%s 元", dj_money_format(f->balance_fen, a));
        dj_pdf_kv(p, "年末结余", line);
    }
    if (dis.nspendings) {
        static const char *const head[] = {"日期", "用途", "事由", "金额（元）", "凭证号", "批准"};
        static const double widths[] = {1.1, 1.6, 2.4, 1.1, 1.0, 2.2};
        const char **cells = dj_arena_zalloc(arena, sizeof(char *) * 6 * (size_t)dis.nspendings);
        const struct dj_dict *pd = dj_dict_find("dues_purpose");
        for (int i = 0; i < dis.nspendings; i++) {
            const struct dj_dues_spending_row *x = &dis.spendings[i];
            const char **row = cells + 6 * i;
            const char *label = dj_dict_label(pd, x->purpose);
            char d1[11], d2[11];
            row[0] = dj_arena_strdup(arena, dj_date_format(x->spent_on, d1));
            row[1] = label ? label : x->purpose;
            row[2] = x->description;
            row[3] = dj_arena_strdup(arena, dj_money_format(x->amount_fen, a));
            row[4] = x->voucher_no;
            row[5] = dj_arena_printf(arena, "%s %s %s", x->approved_by, x->approval_doc,
                                     dj_date_format(x->approved_on, d2));
        }
        struct dj_pdf_table t = {6, head, widths, "lllrll", cells, (size_t)dis.nspendings};
        dj_pdf_table(p, &t);
    }
    dj_pdf_heading(p, "三、党员交纳明细");
    {
        static const char *const head[] = {"序号",     "姓名",       "所在党支部", "应交月数",
                                           "已交月数", "应交（元）", "已交（元）", "多交（元）"};
        static const double widths[] = {0.6, 1.2, 2.6, 0.9, 0.9, 1.1, 1.1, 1.1};
        const char **cells = dj_arena_zalloc(arena, sizeof(char *) * 8 * (size_t)(dis.nlines + 1));
        for (int i = 0; i < dis.nlines; i++) {
            const struct dj_dues_disclosure_line *l = &dis.lines[i];
            const char **row = cells + 8 * i;
            row[0] = dj_arena_printf(arena, "%d", i + 1);
            row[1] = l->name;
            row[2] = l->org_name;
            row[3] = dj_arena_printf(arena, "%d", l->months_due);
            row[4] = dj_arena_printf(arena, "%d", l->months_paid);
            row[5] = dj_arena_strdup(arena, dj_money_format(l->due_fen, a));
            row[6] = dj_arena_strdup(arena, dj_money_format(l->paid_fen, a));
            row[7] = dj_arena_strdup(arena, dj_money_format(l->extra_fen, a));
        }
        struct dj_pdf_table t = {8, head, widths, "clllrrrr", cells, (size_t)dis.nlines};
        dj_pdf_table(p, &t);
    }
    dj_pdf_space(p, 6);
    dj_pdf_paragraph_right(p, r->org_name);
    {
        struct dj_date d = today();
        snprintf(line, sizeof(line), "%d年%d月%d日", d.y, d.m, d.d);
        dj_pdf_paragraph_right(p, line);
    }
    return dj_pdf_finish(p, out, err);
}

/* ---- the lister ----------------------------------------------------------- */

/* Emit the warning and lapse items of one member's unpaid run (shared by both listers). */
static int emit_run(const struct dj_dues_member *m, const struct arrears *a, int64_t warn,
                    int64_t lapse, struct dj_date from, struct dj_date to,
                    struct dj_date real_today, dj_deadline_emit emit, void *ctx)
{
    int rc = 0;

    for (int k = 0; k < 2 && !rc; k++) {
        int64_t need = k ? lapse : warn;
        struct dj_deadline dl;
        char key[64], title[256], ms[8];
        if (a->run < need || (k && a->excused))
            continue;
        memset(&dl, 0, sizeof(dl));
        dl.due = dj_dues_month_from_index(a->run_start + (int)need);
        if (dj_date_cmp(dl.due, from) < 0 || dj_date_cmp(dl.due, to) > 0)
            continue;
        dl.kind = k ? "dues.lapse_candidate" : "dues.arrears_warning";
        snprintf(key, sizeof(key), "member:%lld:from:%s", (long long)m->id,
                 dj_dues_month_str(a->run_start, ms));
        dl.key = key;
        dl.org_id = m->org_id;
        dl.org_path = m->org_path;
        dl.member_id = m->id;
        dl.level = dj_date_cmp(dl.due, real_today) <= 0 ? DJ_DEADLINE_OVERDUE : DJ_DEADLINE_DUE;
        dl.rule_id = k ? DJ_RULE_DUES_LAPSE : DJ_RULE_DUES_WARNING;
        if (k)
            snprintf(title, sizeof(title),
                     "%s 自%s起连续%lld个月未交纳党费（自行脱党待组织研究）", m->name, ms,
                     (long long)need);
        else
            snprintf(title, sizeof(title), "%s 自%s起连续%lld个月未交纳党费", m->name, ms,
                     (long long)need);
        dl.title = title;
        rc = emit(ctx, &dl);
    }
    return rc;
}

/*
 * The reference lister: every member's ledger months walked back from last
 * month (every paid month of the subtree loaded). Kept for the equivalence
 * test and the benchmark (dj_dues_arrears_deadlines_walk).
 */
static int emit_walk(struct dj_db *db, const char *path, struct dj_date from, struct dj_date to,
                     dj_deadline_emit emit, void *ctx, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    struct loaded L;
    int rc, now = dj_dues_month_index(to);
    struct dj_date real_today = today();

    rc = load(db, path, 0, 0, now + 24, arena, &L, err);
    for (int i = 0; !rc && i < L.nmembers; i++) {
        const struct dj_dues_member *m = &L.members[i];
        struct member_data d;
        struct arrears a;
        int start, stop;
        if (strcmp(m->status, "normal") && strcmp(m->status, "mobile") &&
            strcmp(m->status, "lost_contact"))
            continue;
        period(m, &start, &stop);
        take(&L.c, m->id, &d);
        arrears_of(&d, start, stop, now - 1, &a);
        if (!a.run)
            continue;
        int64_t warn = 3, lapse = 6;
        dj_rule_get(DJ_RULE_DUES_WARNING, to, m->org_path, &warn);
        dj_rule_get(DJ_RULE_DUES_LAPSE, to, m->org_path, &lapse);
        rc = emit_run(m, &a, warn, lapse, from, to, real_today, emit, ctx);
    }
    dj_arena_free(arena);
    return rc;
}

/*
 * The grouped lister: one query gives each active member with the latest
 * paid month on or before last month (clipped to their stop month); the
 * unpaid run is what lies after the latest covered month (paid, or a
 * waiver), and it is excused when an excuse overlaps it. Same items, same
 * order as emit_walk.
 */
static int emit_grouped(struct dj_db *db, const char *path, struct dj_date from,
                        struct dj_date to, dj_deadline_emit emit, void *ctx, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    struct dj_dues_arrears_row *rows;
    struct dj_dues_relief_row *rel;
    int rc, n, nrel, now = dj_dues_month_index(to);
    struct dj_date real_today = today();
    const char *rules_path = NULL; /* the thresholds below are for this branch (rows by path) */
    int64_t warn = 3, lapse = 6;

    rc = dj_store_dues_arrears_rows(db, path, now - 1, arena, &rows, &n, err);
    if (!rc)
        rc = dj_store_dues_reliefs(db, path, 0, arena, &rel, &nrel, err);
    for (int i = 0; !rc && i < n; i++) {
        const struct dj_dues_member *m = &rows[i].m;
        struct arrears a;
        int start, stop, last = now - 1, cov = rows[i].last_paid_idx, lo = 0, hi = nrel;
        period(m, &start, &stop);
        if (!start)
            continue;
        if (stop && last > stop)
            last = stop;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (rel[mid].member_id < m->id)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (int j = lo; j < nrel && rel[j].member_id == m->id; j++)
            if (!strcmp(rel[j].kind, "waive") && rel[j].from_idx <= last)
                cov = DJ_MAX(cov, DJ_MIN(rel[j].to_idx, last));
        memset(&a, 0, sizeof(a));
        a.run_start = DJ_MAX(start, cov + 1);
        a.run = last - a.run_start + 1;
        if (a.run <= 0)
            continue;
        for (int j = lo; j < nrel && rel[j].member_id == m->id; j++)
            if (!strcmp(rel[j].kind, "excuse") && rel[j].from_idx <= last &&
                rel[j].to_idx >= a.run_start)
                a.excused = true;
        if (!rules_path || strcmp(rules_path, m->org_path)) {
            rules_path = m->org_path;
            warn = 3;
            lapse = 6;
            dj_rule_get(DJ_RULE_DUES_WARNING, to, m->org_path, &warn);
            dj_rule_get(DJ_RULE_DUES_LAPSE, to, m->org_path, &lapse);
        }
        rc = emit_run(m, &a, warn, lapse, from, to, real_today, emit, ctx);
    }
    dj_arena_free(arena);
    return rc;
}

static int lister(struct dj_db *db, const struct dj_scope *scope, struct dj_date from,
                  struct dj_date to, bool walk, dj_deadline_emit emit, void *ctx,
                  struct dj_err *err)
{
    int rc = 0;

    if (!dj_date_valid(from) || !dj_date_valid(to))
        return dj_err_set(err, DJ_EINVAL, "to", "日期不正确");
    if (scope->all)
        return (walk ? emit_walk : emit_grouped)(db, NULL, from, to, emit, ctx, err);
    for (int i = 0; i < scope->n && !rc; i++)
        rc = (walk ? emit_walk : emit_grouped)(db, scope->paths[i], from, to, emit, ctx, err);
    return rc;
}

int dj_dues_arrears_deadlines_walk(struct dj_db *db, const struct dj_scope *scope,
                                   struct dj_date from, struct dj_date to, dj_deadline_emit emit,
                                   void *ctx, struct dj_err *err)
{
    return lister(db, scope, from, to, true, emit, ctx, err);
}

int dj_dues_arrears_deadlines(struct dj_db *db, const struct dj_scope *scope, struct dj_date from,
                              struct dj_date to, dj_deadline_emit emit, void *ctx,
                              struct dj_err *err)
{
    return lister(db, scope, from, to, false, emit, ctx, err);
}
