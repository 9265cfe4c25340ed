/*
 * demo_dues.c - 党费 demo data: the ledger opened in January of last year,
 * a base per member for last year and this year (by person category), and
 * the payments since then: most members pay monthly, some quarterly in
 * advance (with the branch's consent), a few stopped paying 3–5 months ago
 * (warnings) or 6–9 months ago (自行脱党 candidates), a few voluntary
 * extras and one of 1000 元 for the Centre. Deterministic for a seed and
 * "today". Called inside the demo generator's transaction.
 */
#include "base/compat.h"
#include "svc/demo_dues.h"

#include "rules/dues_rules.h"
#include "store/dues.h"
#include "svc/demo_int.h"

struct gen {
    struct dj_db *db;
    struct dj_demo_rng r;
    const char *now;
    struct dj_date today;
    int receipt;
    bool central_done;
    struct dj_err *err;
};

static enum dj_dues_category pick_category(struct gen *g, const struct dj_dues_member *m,
                                           int64_t *base)
{
    const char *pc = m->person_category ? m->person_category : "";

    *base = -1;
    if (m->retired || !strcmp(pc, "retired")) {
        *base = (int64_t)dj_demo_range(&g->r, 250, 800) * 1000;
        return DJ_DUES_RETIREE;
    }
    if (!strcmp(pc, "farmer"))
        return DJ_DUES_FARMER;
    if (!strcmp(pc, "student"))
        return DJ_DUES_STUDENT;
    if (!strcmp(pc, "other") && dj_demo_chance(&g->r, 300))
        return DJ_DUES_UNEMPLOYED;
    *base = (int64_t)dj_demo_range(&g->r, 200, 1400) * 1000;
    return DJ_DUES_EMPLOYED;
}

static int put_base(struct gen *g, int64_t member, int year, enum dj_dues_category c, int64_t base)
{
    struct dj_dues_base_row b = {0};
    bool replaced;

    b.member_id = member;
    b.year = year;
    b.from_month = 1;
    b.category = dj_dues_category_name(c);
    b.base_fen = base;
    b.quarter_income_fen = -1;
    b.source = "entered";
    return dj_store_dues_base_put(g->db, &b, 0, g->now, &replaced, g->err);
}

/* Record a payment of `months` months from `from` paid on `on`. */
static int pay(struct gen *g, const struct dj_dues_member *m, int from, int months,
               struct dj_date on, const int64_t *due, int first_idx, int64_t extra)
{
    struct dj_dues_payment_row p = {0};
    static const char *const channels[] = {"cash", "cash", "bank", "online", "online"};
    char receipt[32];
    int64_t id;
    int rc;

    p.member_id = m->id;
    p.org_id = m->org_id;
    p.org_path = m->org_path;
    p.from_idx = from;
    p.months = months;
    for (int k = 0; k < months; k++)
        p.amount_fen += due[from + k - first_idx];
    p.extra_fen = extra;
    p.central = dj_dues_rule_central(extra, on);
    p.paid_on = on;
    p.channel = channels[dj_demo_below(&g->r, 5)];
    snprintf(receipt, sizeof(receipt), "DF%04d%06d", on.y, ++g->receipt);
    p.receipt_no = receipt;
    p.consent = months > 1 || from != dj_dues_month_index(on);
    p.payer = "self";
    if ((rc = dj_store_dues_payment_add(g->db, &p, 0, g->now, &id, g->err)))
        return rc;
    for (int k = 0; k < months && !rc; k++)
        rc = dj_store_dues_payment_month_add(g->db, m->id, from + k, id, due[from + k - first_idx],
                                             g->err);
    return rc;
}

static struct dj_date day_in(struct gen *g, int idx, int lo, int hi)
{
    struct dj_date d = dj_dues_month_from_index(idx);
    d.d = dj_demo_range(&g->r, lo, hi);
    if (dj_date_cmp(d, g->today) > 0)
        d = g->today;
    return d;
}

static int member_dues(struct gen *g, const struct dj_dues_member *m, int opening)
{
    int now = dj_dues_month_index(g->today), start, last, rc = 0, kind = dj_demo_below(&g->r, 1000);
    int64_t base0, base1, due[48];
    enum dj_dues_category c;

    if (!dj_date_isset(m->joined_on))
        return 0;
    start = DJ_MAX(dj_dues_month_index(m->joined_on), opening);
    if (start > opening)
        ; /* joined since the ledger opened: dues start with the admitting meeting */
    else if ((rc = dj_store_dues_account_put(g->db, m->id, opening, 0, NULL, "演示：账簿启用月份",
                                             g->now, g->err)))
        return rc;
    c = pick_category(g, m, &base0);
    base1 = base0 < 0 ? -1 : base0 + base0 * dj_demo_range(&g->r, 0, 5) / 100 / 1000 * 1000;
    if ((rc = put_base(g, m->id, g->today.y - 1, c, base0)) ||
        (rc = put_base(g, m->id, g->today.y, c, base1)))
        return rc;
    if (strcmp(m->status, "normal") && strcmp(m->status, "mobile"))
        return 0; /* lost contact, suspended, left or deceased: nothing paid in the demo */
    for (int idx = opening; idx <= now + 3 && idx - opening < 48; idx++) {
        struct dj_dues_calc calc;
        dj_dues_rule_amount(c, idx / 12 == g->today.y ? base1 : base0,
                            dj_dues_month_from_index(idx), m->org_path, &calc, NULL);
        due[idx - opening] = calc.amount_fen;
    }
    /* the last month paid */
    if (kind < 20)
        last = now - 1 - dj_demo_range(&g->r, 6, 9);
    else if (kind < 70)
        last = now - 1 - dj_demo_range(&g->r, 3, 5);
    else
        last = g->today.d >= 10 ? now : now - 1;
    if (kind >= 70 && kind < 140) {
        /* quarterly, in advance, at the start of each quarter */
        for (int q = start - start % 3; q <= now && !rc; q += 3) {
            int from = DJ_MAX(q, start), n = q + 3 - from;
            struct dj_date on = day_in(g, from, 3, 12);
            if (dj_date_cmp(on, g->today) >= 0 && from == now && g->today.d < 3)
                break;
            rc = pay(g, m, from, n, on, due, opening, 0);
        }
        return rc;
    }
    for (int idx = start; idx <= last && !rc; idx++) {
        int64_t extra = 0;
        if (!g->central_done && idx == now - 1) {
            extra = 100000; /* one voluntary 1000 元 for the Centre */
            g->central_done = true;
        } else if (dj_demo_chance(&g->r, 4)) {
            extra = (int64_t)dj_demo_range(&g->r, 1, 5) * 10000;
        }
        rc = pay(g, m, idx, 1, day_in(g, idx, 3, 20), due, opening, extra);
    }
    return rc;
}

int dj_demo_dues(struct dj_db *db, uint64_t seed, struct dj_date today, const char *path,
                 const char *now, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    struct dj_dues_member *members;
    struct gen g = {.db = db, .now = now, .today = today, .err = err};
    int n, rc, opening = (today.y - 1) * 12;

    dj_demo_rng_seed(&g.r, seed, 8);
    rc = dj_store_dues_members(db, path, 0, arena, &members, &n, err);
    for (int i = 0; i < n && !rc; i++)
        rc = member_dues(&g, &members[i], opening);
    dj_arena_free(arena);
    return rc;
}
