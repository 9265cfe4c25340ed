/*
 * test_dues.c - the 党费 service: bases, derived amounts, payments with the
 * back-payment and prepayment limits, no 垫交 and no wage deduction, the
 * Centre flag, hardship waivers with an upper committee's approval, arrears
 * across a year boundary and the lister, 党费交至 after a transfer and a
 * death, a rule change mid-year judged by the month, reports, the
 * disclosure PDF and permissions. "Today" is fixed at 2026-11-23.
 *
 * Organisations: the fixture's 1 /1/, 2 /1/2/, 3 /1/3/, 4 /1/2/4/ (党支部)
 * and 5 /1/3/5/ (党支部, made here). Members are inserted with SQL.
 */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "fixture.h"
#include "io/pdf.h"
#include "rules/ruletab.h"
#include "store/dues.h"
#include "svc/dues.h"

static struct dj_arena *A;

static void setup(void)
{
    fx_setup();
    dj_date_set_today((struct dj_date){2026, 11, 23});
    A = dj_arena_new();
    fx_exec("INSERT INTO orgs (id, parent_id, path, name, kind, status, created_at, updated_at)"
            " VALUES (5, 3, '/1/3/5/', '测试乙第一党支部', 'branch', 'active', 'x', 'x')");
}

static void teardown(void)
{
    dj_arena_free(A);
    dj_pdf_shutdown();
    dj_rules_release();
    dj_date_set_today((struct dj_date){0, 0, 0});
    fx_teardown();
}

TestSuite(dues, .init = setup, .fini = teardown);

/* A member in branch `org` (4 or 5) who joined on `joined`. */
static void member(int64_t id, int64_t org, const char *name, const char *joined)
{
    char sql[1024];
    snprintf(sql, sizeof(sql),
             "INSERT INTO members (id, org_id, org_path, name, id_enc, id_blind, gender, "
             "birth_date, category, joined_on, status, created_at, updated_at) VALUES "
             "(%lld, %lld, '%s', '%s', 'x', 'blind%lld', '1', '1980-01-01', 'full', '%s', "
             "'normal', 'x', 'x')",
             (long long)id, (long long)org, org == 4 ? "/1/2/4/" : "/1/3/5/", name, (long long)id,
             joined);
    fx_exec(sql);
}

static void base(int64_t id, int year, int from, const char *cat, const char *b)
{
    struct dj_err err = {0};
    struct dj_dues_base_in in = {.year = year, .from_month = from, .category = cat, .base = b};
    cr_assert_eq(dj_dues_base_set(fx_db, &fx_cli, id, &in, &err), 0, "%s", err.message);
}

static int pay(int64_t id, const char *from, int months, const char *paid_on, bool consent,
               struct dj_err *err)
{
    struct dj_dues_payment_in in = {.from_month = from,
                                    .months = months,
                                    .paid_on = paid_on,
                                    .channel = "cash",
                                    .consent = consent};
    struct dj_dues_payment_row out;
    return dj_dues_payment_add(fx_db, &fx_cli, id, &in, A, &out, err);
}

static int64_t count(const char *table)
{
    struct dj_stmt *st;
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s", table);
    cr_assert_eq(dj_db_prepare(fx_db, sql, &st, NULL), 0);
    cr_assert_eq(dj_stmt_step(st, NULL), DJ_ROW);
    int64_t n = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return n;
}

static int idx(int y, int m)
{
    return y * 12 + m - 1;
}

Test(dues, calc_band_edges_through_the_service)
{
    struct dj_dues_calc c;
    struct dj_err err = {0};

    cr_assert_eq(dj_dues_calc("employed", "3000.00", (struct dj_date){2026, 1, 1}, &c, &err), 0);
    cr_expect_eq(c.amount_fen, 1500);
    cr_assert_eq(dj_dues_calc("employed", "3000.01", (struct dj_date){2026, 1, 1}, &c, &err), 0);
    cr_expect_eq(c.amount_fen, 3000);
    cr_expect_str_eq(c.rule_id, "dues.band2.rate_bp");
    cr_expect_eq(dj_dues_calc("employed", "3000.001", (struct dj_date){0}, &c, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "base");
    cr_expect_eq(dj_dues_calc("nobody", "1", (struct dj_date){0}, &c, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "category");
    cr_assert_eq(dj_dues_calc("student", NULL, (struct dj_date){0}, &c, &err), 0);
    cr_expect_eq(c.amount_fen, 20);
}

Test(dues, ledger_derives_amounts_and_paid_through)
{
    struct dj_dues_ledger l;
    struct dj_err err = {0};

    member(101, 4, "测试甲", "2026-03-10");
    base(101, 2026, 1, "employed", "3000.01");
    cr_assert_eq(pay(101, "2026-05", 8, "2026-11-01", true, &err), 0, "%s", err.message);
    cr_assert_eq(dj_dues_ledger(fx_db, &fx_cli, 101, 2026, A, &l, &err), 0, "%s", err.message);
    cr_expect_eq(l.start_idx, idx(2026, 3));
    cr_expect_eq(l.months[1].state, DJ_DUES_NOT_DUE); /* February: before the admitting meeting */
    cr_expect_eq(l.months[2].state, DJ_DUES_UNPAID);  /* March */
    cr_expect_eq(l.months[2].due_fen, 3000);
    cr_expect_eq(l.months[4].state, DJ_DUES_PAID);
    cr_expect_eq(l.months[4].paid_fen, 3000);
    cr_expect_eq(l.months[11].state, DJ_DUES_PAID); /* prepaid December with consent */
    /* 党费交至 is the end of the unbroken run from the start: March and April are unpaid */
    cr_expect_eq(l.paid_through_idx, idx(2026, 2));
    cr_expect_eq(l.unpaid_months, 2);
    cr_expect_eq(l.unpaid_fen, 6000);
    cr_assert_eq(pay(101, "2026-03", 2, "2026-09-01", true, &err), 0, "%s", err.message);
    struct dj_date pt;
    cr_assert_eq(dj_dues_paid_through(fx_db, 101, &pt, NULL, &err), 0);
    cr_expect(pt.y == 2026 && pt.m == 12, "%d-%d", pt.y, pt.m);
}

Test(dues, back_payment_limit_and_nothing_written)
{
    struct dj_err err = {0};
    int64_t audits;

    member(102, 4, "测试乙", "2025-01-01");
    base(102, 2025, 1, "retiree", "5000.01");
    audits = count("audit_log");
    /* paid 2026-11-23: 2026-05 is 6 months back (allowed), 2026-04 is 7 */
    cr_expect_eq(pay(102, "2026-04", 1, "2026-11-23", true, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "from_month");
    cr_expect_eq(count("dues_payments"), 0);
    cr_expect_eq(count("dues_payment_months"), 0);
    cr_expect_eq(count("audit_log"), audits);
    /* without consent a late month is refused too */
    cr_expect_eq(pay(102, "2026-10", 1, "2026-11-23", false, &err), DJ_EINVAL);
    cr_expect_eq(pay(102, "2026-05", 7, "2026-11-23", true, &err), 0, "%s", err.message);
    cr_expect_eq(count("dues_payment_months"), 7);
    /* paying a month twice is a conflict */
    cr_expect_eq(pay(102, "2026-11", 1, "2026-11-23", false, &err), DJ_ECONFLICT);
    cr_expect_eq(count("dues_payments"), 1);
    cr_expect_eq(count("audit_log"), audits + 1);
}

Test(dues, payment_rules_no_dianjiao_no_wage_deduction_amount_derived_central)
{
    struct dj_err err = {0};
    struct dj_dues_payment_row out;
    struct dj_dues_payment_in in = {
        .from_month = "2026-11", .months = 1, .paid_on = "2026-11-20", .channel = "wage"};

    member(103, 4, "测试丙", "2020-01-01");
    base(103, 2026, 1, "employed", "10000.01");
    cr_expect_eq(dj_dues_payment_add(fx_db, &fx_cli, 103, &in, A, &out, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "channel");
    in.channel = "cash";
    in.payer = "organisation";
    cr_expect_eq(dj_dues_payment_add(fx_db, &fx_cli, 103, &in, A, &out, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "payer");
    in.payer = NULL;
    in.amount = "150.00"; /* typed, not derived: 10000.01 × 2% = 200.00 */
    cr_expect_eq(dj_dues_payment_add(fx_db, &fx_cli, 103, &in, A, &out, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "amount");
    cr_expect(strstr(err.message, "200.00") != NULL, "%s", err.message);
    cr_expect_eq(count("dues_payments"), 0);
    in.amount = "200.00";
    in.extra = "999.99";
    cr_assert_eq(dj_dues_payment_add(fx_db, &fx_cli, 103, &in, A, &out, &err), 0, "%s",
                 err.message);
    cr_expect_eq(out.amount_fen, 20000);
    cr_expect(!out.central);
    in.from_month = "2026-10";
    in.consent = true;
    in.amount = NULL;
    in.extra = "1000.00";
    cr_assert_eq(dj_dues_payment_add(fx_db, &fx_cli, 103, &in, A, &out, &err), 0, "%s",
                 err.message);
    cr_expect(out.central, "an extra of 1000.00 goes entirely to the Centre");
    /* a month without a base on record cannot be paid */
    member(104, 4, "测试丁", "2020-01-01");
    in.from_month = "2026-11";
    in.extra = NULL;
    in.consent = false;
    cr_expect_eq(dj_dues_payment_add(fx_db, &fx_cli, 104, &in, A, &out, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "from_month");
}

Test(dues, rule_change_mid_year_judged_by_month)
{
    struct dj_rule_override ov[] = {
        {"dues.rounding_unit_fen", NULL, 10, {2026, 7, 1}},
        {"dues.rounding_mode", NULL, 1, {2026, 7, 1}},
    };
    struct dj_dues_ledger l;
    struct dj_err err = {0};

    member(105, 4, "测试戊", "2020-01-01");
    base(105, 2026, 1, "employed", "4567.89");
    cr_assert_eq(dj_rules_set_overrides(ov, 2, &err), 0, "%s", err.message);
    cr_assert_eq(dj_dues_ledger(fx_db, &fx_cli, 105, 2026, A, &l, &err), 0);
    cr_expect_eq(l.months[5].due_fen, 4568); /* June: half-up to the fen */
    cr_expect_eq(l.months[6].due_fen, 4560); /* July: down to the 角 */
}

Test(dues, base_changes_and_categories)
{
    struct dj_err err = {0};
    struct dj_dues_ledger l;
    struct dj_dues_base_in in = {
        .year = 2026, .from_month = 1, .category = "farmer", .base = "100"};
    struct dj_rule_override ov[] = {{"dues.base.midyear_change", "/1/3/", 0, {2008, 4, 1}}};

    member(106, 4, "测试己", "2020-01-01");
    member(107, 5, "测试庚", "2020-01-01");
    cr_expect_eq(dj_dues_base_set(fx_db, &fx_cli, 106, &in, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "base");
    in.base = NULL;
    cr_assert_eq(dj_dues_base_set(fx_db, &fx_cli, 106, &in, &err), 0, "%s", err.message);
    /* self-employed: the previous quarter's total, averaged */
    in = (struct dj_dues_base_in){
        .year = 2026, .from_month = 7, .category = "self_employed", .quarter_income = "15000.03"};
    cr_assert_eq(dj_dues_base_set(fx_db, &fx_cli, 106, &in, &err), 0, "%s", err.message);
    cr_assert_eq(dj_dues_ledger(fx_db, &fx_cli, 106, 2026, A, &l, &err), 0);
    cr_expect_eq(l.months[5].due_fen, 20);   /* farmer, 0.2 元 */
    cr_expect_eq(l.months[6].due_fen, 7500); /* 5000.01 avg → above 5000 → 1.5% → 75.00 */
    cr_expect_eq(l.months[6].base_fen, 500001);
    /* a within-year change where the practice is "fixed at the start of the year" */
    cr_assert_eq(dj_rules_set_overrides(ov, 1, NULL), 0);
    in = (struct dj_dues_base_in){
        .year = 2026, .from_month = 7, .category = "employed", .base = "3000"};
    cr_expect_eq(dj_dues_base_set(fx_db, &fx_cli, 107, &in, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "from_month");
    in.from_month = 1;
    cr_expect_eq(dj_dues_base_set(fx_db, &fx_cli, 107, &in, &err), 0);
    in.year = 2028;
    cr_expect_eq(dj_dues_base_set(fx_db, &fx_cli, 107, &in, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "year");
}

Test(dues, arrears_across_a_year_boundary_and_the_lister)
{
    struct dj_err err = {0};
    struct dj_dues_sheet_row *rows;
    int n;

    member(110, 4, "欠交甲", "2025-01-01"); /* paid through 2025-09: 13 months unpaid */
    member(111, 4, "欠交乙", "2025-01-01"); /* paid through 2026-07: Aug–Oct unpaid */
    member(112, 4, "按时丙", "2025-01-01"); /* paid through 2026-10 */
    for (int64_t id = 110; id <= 112; id++) {
        fx_exec("UPDATE members SET joined_on = '2025-01-01'");
        base(id, 2025, 1, "student", NULL);
    }
    {
        char sql[512];
        snprintf(sql, sizeof(sql),
                 "INSERT INTO dues_accounts (member_id, start_month, updated_at) VALUES "
                 "(110, '2025-05', 'x'), (111, '2026-05', 'x'), (112, '2026-05', 'x')");
        fx_exec(sql);
    }
    /* 110 pays May–Sep 2025 on time-ish (consent for the months ahead) */
    cr_assert_eq(pay(110, "2025-05", 5, "2025-05-10", true, &err), 0, "%s", err.message);
    cr_assert_eq(pay(111, "2026-05", 3, "2026-05-10", true, &err), 0, "%s", err.message);
    cr_assert_eq(pay(112, "2026-05", 6, "2026-05-10", true, &err), 0, "%s", err.message);
    cr_assert_eq(dj_dues_arrears(fx_db, &fx_cli, 2, (struct dj_date){0}, A, &rows, &n, &err), 0);
    cr_assert_eq(n, 2);
    cr_expect_eq(rows[0].member.id, 110);
    cr_expect_eq(rows[0].run, 13); /* 2025-10 .. 2026-10 */
    cr_expect_eq(rows[0].level, DJ_DUES_ARREARS_LAPSE);
    cr_expect_eq(rows[1].member.id, 111);
    cr_expect_eq(rows[1].run, 3);
    cr_expect_eq(rows[1].level, DJ_DUES_ARREARS_WARNING);
    /* the status is never changed by the system */
    struct dj_dues_ledger l;
    cr_assert_eq(dj_dues_ledger(fx_db, &fx_cli, 110, 2026, A, &l, &err), 0);
    cr_expect_str_eq(l.member.status, "normal");
    cr_expect_eq(l.paid_through_idx, idx(2025, 9));
}

struct got {
    int n;
    char kinds[8][32];
    char keys[8][64];
    struct dj_date due[8];
};

static int collect(void *ctx, const struct dj_deadline *d)
{
    struct got *g = ctx;
    if (g->n < 8) {
        snprintf(g->kinds[g->n], 32, "%s", d->kind);
        snprintf(g->keys[g->n], 64, "%s", d->key);
        g->due[g->n] = d->due;
    }
    g->n++;
    return 0;
}

Test(dues, lister_kinds_due_dates_and_good_reason)
{
    struct dj_err err = {0};
    struct dj_scope scope = {.all = false, .n = 1, .paths = {"/1/2/"}};
    struct got g = {0};
    int64_t rid;

    member(120, 4, "欠交丁", "2025-01-01");
    base(120, 2025, 1, "student", NULL);
    fx_exec("INSERT INTO dues_accounts (member_id, start_month, updated_at) VALUES (120, "
            "'2025-05', 'x')");
    cr_assert_eq(pay(120, "2025-05", 5, "2025-05-10", true, &err), 0, "%s", err.message);
    /* run starts 2025-10: warning due 2026-01-01, lapse due 2026-04-01; called through
       the scheduler's lister type, so the signature is checked at compile time */
    dj_deadline_lister lister = dj_dues_arrears_deadlines;
    cr_assert_eq(lister(fx_db, &scope, (struct dj_date){2025, 12, 1},
                        (struct dj_date){2026, 11, 30}, collect, &g, &err),
                 0);
    cr_assert_eq(g.n, 2);
    cr_expect_str_eq(g.kinds[0], "dues.arrears_warning");
    cr_expect(g.due[0].y == 2026 && g.due[0].m == 1 && g.due[0].d == 1);
    cr_expect_str_eq(g.kinds[1], "dues.lapse_candidate");
    cr_expect(g.due[1].y == 2026 && g.due[1].m == 4 && g.due[1].d == 1);
    cr_expect_str_eq(g.keys[1], "member:120:from:2025-10");
    /* outside the window: nothing */
    memset(&g, 0, sizeof(g));
    cr_assert_eq(dj_dues_arrears_deadlines(fx_db, &scope, (struct dj_date){2026, 4, 2},
                                           (struct dj_date){2026, 11, 30}, collect, &g, &err),
                 0);
    cr_expect_eq(g.n, 0);
    /* outside the scope: nothing */
    struct dj_scope other = {.n = 1, .paths = {"/1/3/"}};
    memset(&g, 0, sizeof(g));
    dj_dues_arrears_deadlines(fx_db, &other, (struct dj_date){2025, 1, 1},
                              (struct dj_date){2026, 11, 30}, collect, &g, &err);
    cr_expect_eq(g.n, 0);
    /* a good reason on record: still a warning, no lapse candidate */
    struct dj_dues_relief_in ex = {
        .kind = "excuse", .from_month = "2025-10", .to_month = "2026-03", .reason = "长期住院治疗"};
    cr_assert_eq(dj_dues_relief_add(fx_db, &fx_cli, 120, &ex, &rid, &err), 0, "%s", err.message);
    memset(&g, 0, sizeof(g));
    dj_dues_arrears_deadlines(fx_db, &scope, (struct dj_date){2025, 12, 1},
                              (struct dj_date){2026, 11, 30}, collect, &g, &err);
    cr_expect_eq(g.n, 1);
    cr_expect_str_eq(g.kinds[0], "dues.arrears_warning");
}

Test(dues, paid_through_after_transfer_and_death)
{
    struct dj_err err = {0};
    struct dj_date pt;
    struct dj_dues_account_in acc = {.stop_month = "2026-06", .stop_reason = "transfer_out"};
    struct dj_dues_sheet_row *rows;
    int n;

    member(130, 4, "转出甲", "2026-01-05");
    member(131, 4, "去世乙", "2026-01-05");
    base(130, 2026, 1, "employed", "3000");
    base(131, 2026, 1, "employed", "3000");
    cr_assert_eq(pay(130, "2026-01", 6, "2026-01-05", true, &err), 0, "%s", err.message);
    cr_assert_eq(pay(131, "2026-01", 2, "2026-01-05", true, &err), 0, "%s", err.message);
    cr_assert_eq(dj_dues_account_set(fx_db, &fx_cli, 130, &acc, &err), 0, "%s", err.message);
    fx_exec("UPDATE members SET status = 'deceased', status_on = '2026-04-15' WHERE id = 131");
    cr_assert_eq(dj_dues_paid_through(fx_db, 130, &pt, NULL, &err), 0);
    cr_expect(pt.y == 2026 && pt.m == 6);
    cr_assert_eq(dj_dues_paid_through(fx_db, 131, &pt, NULL, &err), 0);
    cr_expect(pt.y == 2026 && pt.m == 2);
    /* no dues after the transfer or the death */
    cr_expect_eq(pay(130, "2026-07", 1, "2026-07-05", false, &err), DJ_EINVAL);
    cr_expect_eq(pay(131, "2026-05", 1, "2026-05-05", false, &err), DJ_EINVAL);
    cr_assert_eq(dj_dues_sheet(fx_db, &fx_cli, 4, idx(2026, 8), A, &rows, &n, &err), 0);
    cr_expect_eq(n, 0, "neither is on the August sheet");
    cr_assert_eq(dj_dues_sheet(fx_db, &fx_cli, 4, idx(2026, 3), A, &rows, &n, &err), 0);
    cr_expect_eq(n, 2);
    acc.stop_reason = NULL;
    cr_expect_eq(dj_dues_account_set(fx_db, &fx_cli, 130, &acc, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "stop_reason");
    cr_assert_eq(dj_dues_paid_through(fx_db, 9999, &pt, NULL, &err), DJ_ENOTFOUND);
}

Test(dues, hardship_waiver_needs_an_upper_committee)
{
    struct dj_err err = {0};
    int64_t rid;
    struct dj_dues_ledger l;
    struct dj_dues_relief_in in = {.kind = "waive",
                                   .from_month = "2026-01",
                                   .to_month = "2026-06",
                                   .approval_org_id = 4,
                                   .approval_doc = "示范党发〔2026〕1号",
                                   .approved_on = "2026-01-10",
                                   .reason = "重病，生活困难"};

    member(140, 4, "困难甲", "2020-01-01");
    fx_exec("INSERT INTO dues_accounts (member_id, start_month, updated_at) VALUES (140, "
            "'2026-01', 'x')");
    base(140, 2026, 1, "employed", "2000");
    cr_expect_eq(dj_dues_relief_add(fx_db, &fx_cli, 140, &in, &rid, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "approval_org_id"); /* its own branch is not above it */
    in.approval_org_id = 3;                         /* not on its line */
    cr_expect_eq(dj_dues_relief_add(fx_db, &fx_cli, 140, &in, &rid, &err), DJ_EINVAL);
    in.approval_org_id = 2;
    in.approval_doc = NULL;
    cr_expect_eq(dj_dues_relief_add(fx_db, &fx_cli, 140, &in, &rid, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "approval_doc");
    cr_expect_eq(count("dues_reliefs"), 0);
    in.approval_doc = "示范党发〔2026〕1号";
    cr_assert_eq(dj_dues_relief_add(fx_db, &fx_cli, 140, &in, &rid, &err), 0, "%s", err.message);
    struct dj_dues_relief_in red = in;
    red.kind = "reduce";
    red.from_month = "2026-07";
    red.to_month = "2026-12";
    red.monthly_amount = "2.00";
    cr_assert_eq(dj_dues_relief_add(fx_db, &fx_cli, 140, &red, &rid, &err), 0, "%s", err.message);
    cr_assert_eq(dj_dues_ledger(fx_db, &fx_cli, 140, 2026, A, &l, &err), 0);
    cr_expect_eq(l.months[0].state, DJ_DUES_WAIVED);
    cr_expect_eq(l.months[0].due_fen, 0);
    cr_expect_eq(l.months[6].due_fen, 200);
    cr_expect_eq(l.months[6].state, DJ_DUES_UNPAID);
    cr_expect_eq(l.paid_through_idx, idx(2026, 6));
}

Test(dues, permissions)
{
    struct dj_err err = {0}, err2 = {0};
    struct dj_dues_ledger l;
    struct dj_actor other, self, branch;
    struct dj_dues_report r;
    struct dj_dues_base_in in = {.year = 2026, .from_month = 1, .category = "student"};

    member(150, 4, "本人甲", "2020-01-01");
    member(151, 4, "他人乙", "2020-01-01");
    fx_actor(&other, DJ_ROLE_BRANCH_ADMIN, 5, "/1/3/5/");
    fx_actor(&branch, DJ_ROLE_BRANCH_ADMIN, 4, "/1/2/4/");
    fx_actor(&self, DJ_ROLE_MEMBER, 4, "/1/2/4/");
    self.member_id = 150;
    /* outside the subtree: the same answer as for a missing member */
    cr_expect_eq(dj_dues_ledger(fx_db, &other, 150, 2026, A, &l, &err), DJ_EPERM);
    cr_expect_eq(dj_dues_ledger(fx_db, &other, 99999, 2026, A, &l, &err2), DJ_EPERM);
    cr_expect_str_eq(err.message, err2.message);
    cr_expect_eq(dj_dues_base_set(fx_db, &other, 150, &in, &err), DJ_EPERM);
    cr_expect_eq(dj_dues_report(fx_db, &other, 4, 2026, A, &r, &err), DJ_EPERM);
    cr_expect_eq(dj_dues_report(fx_db, &other, 9999, 2026, A, &r, &err2), DJ_EPERM);
    cr_expect_str_eq(err.message, err2.message);
    /* a member sees their own dues only, and cannot write */
    cr_expect_eq(dj_dues_ledger(fx_db, &self, 150, 2026, A, &l, &err), 0, "%s", err.message);
    cr_expect_eq(dj_dues_ledger(fx_db, &self, 151, 2026, A, &l, &err), DJ_EPERM);
    cr_expect_eq(dj_dues_base_set(fx_db, &self, 150, &in, &err), DJ_EPERM);
    cr_expect_eq(dj_dues_report(fx_db, &self, 4, 2026, A, &r, &err), DJ_EPERM);
    /* but the annual disclosure of their own branch is published to them */
    struct dj_dues_disclosure d;
    cr_expect_eq(dj_dues_disclosure(fx_db, &self, 4, 2026, A, &d, &err), 0, "%s", err.message);
    cr_expect_eq(dj_dues_disclosure(fx_db, &self, 2, 2026, A, &d, &err), DJ_EPERM);
    cr_expect_eq(dj_dues_disclosure(fx_db, &other, 4, 2026, A, &d, &err), DJ_EPERM);
    /* the branch's own admin may */
    cr_expect_eq(dj_dues_base_set(fx_db, &branch, 150, &in, &err), 0, "%s", err.message);
    cr_expect_eq(dj_dues_report(fx_db, &branch, 4, 2026, A, &r, &err), 0);
}

Test(dues, report_and_disclosure_pdf)
{
    struct dj_err err = {0};
    struct dj_dues_report r;
    struct dj_dues_disclosure d;
    struct dj_buf pdf;

    member(160, 4, "报表甲", "2026-01-01");
    member(161, 5, "报表乙", "2026-07-01");
    base(160, 2026, 1, "employed", "3000");
    base(161, 2026, 1, "retiree", "6000");
    cr_assert_eq(pay(160, "2026-01", 6, "2026-01-05", true, &err), 0, "%s", err.message);
    {
        struct dj_dues_payment_in in = {.from_month = "2026-07",
                                        .months = 1,
                                        .paid_on = "2026-07-03",
                                        .channel = "bank",
                                        .extra = "1000"};
        struct dj_dues_payment_row out;
        cr_assert_eq(dj_dues_payment_add(fx_db, &fx_cli, 161, &in, A, &out, &err), 0, "%s",
                     err.message);
    }
    cr_assert_eq(dj_dues_report(fx_db, &fx_cli, 1, 2026, A, &r, &err), 0, "%s", err.message);
    cr_expect_eq(r.nbranches, 2);
    cr_expect_eq(r.total.members, 2);
    /* 160: 12 × 15.00; 161: 6 × 60.00 */
    cr_expect_eq(r.total.due_total, 12 * 1500 + 6 * 6000);
    cr_expect_eq(r.total.paid_total, 6 * 1500 + 6000);
    /* outstanding: past months only (Jul–Oct for 160, Aug–Oct for 161) */
    cr_expect_eq(r.total.outstanding_total, 4 * 1500 + 3 * 6000);
    cr_expect_eq(r.total.due[0], 1500);
    cr_expect_eq(r.total.due[6], 1500 + 6000);
    cr_expect_eq(r.central_fen, 100000);
    cr_expect_eq(r.collected_fen, 6 * 1500 + 6000);
    cr_expect_eq(r.remit_upper_fen, 6 * 1500 + 6000);
    cr_assert_eq(dj_dues_report(fx_db, &fx_cli, 5, 2026, A, &r, &err), 0);
    cr_expect_eq(r.nbranches, 1);
    cr_expect_eq(r.total.due_total, 6 * 6000);
    cr_assert_eq(dj_dues_disclosure(fx_db, &fx_cli, 1, 2026, A, &d, &err), 0);
    cr_expect_eq(d.nlines, 2);
    dj_buf_init(&pdf, 0);
    cr_assert_eq(dj_dues_disclosure_pdf(fx_db, &fx_cli, 1, 2026, A, &pdf, &err), 0, "%s",
                 err.message);
    cr_expect(pdf.len > 1000 && memcmp(pdf.data, "%PDF-", 5) == 0);
    dj_buf_release(&pdf);
    cr_expect_eq(dj_dues_report(fx_db, &fx_cli, 1, 1999, A, &r, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "year");
}

Test(dues, farmer_amount_set_by_the_branch_and_judged_by_month)
{
    struct dj_err err = {0};
    struct dj_dues_ledger l;
    struct dj_actor other;
    struct dj_dues_farmer_rate *rows;
    int n;

    member(170, 4, "农民甲", "2020-01-01");
    base(170, 2026, 1, "farmer", NULL);
    cr_expect_eq(dj_dues_farmer_rate_set(fx_db, &fx_cli, 4, "2026-07", "1.01", &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "amount");
    cr_expect_eq(dj_dues_farmer_rate_set(fx_db, &fx_cli, 4, "2026-07", "0.19", &err), DJ_EINVAL);
    cr_expect_eq(dj_dues_farmer_rate_set(fx_db, &fx_cli, 2, "2026-07", "0.50", &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "org_id"); /* a 党工委 is not a branch */
    fx_actor(&other, DJ_ROLE_BRANCH_ADMIN, 5, "/1/3/5/");
    cr_expect_eq(dj_dues_farmer_rate_set(fx_db, &other, 4, "2026-07", "0.50", &err), DJ_EPERM);
    cr_expect_eq(count("dues_farmer_rates"), 0);
    cr_assert_eq(dj_dues_farmer_rate_set(fx_db, &fx_cli, 4, "2026-07", "0.50", &err), 0, "%s",
                 err.message);
    cr_assert_eq(dj_dues_ledger(fx_db, &fx_cli, 170, 2026, A, &l, &err), 0);
    cr_expect_eq(l.months[5].due_fen, 20); /* June: the rule's 0.2 元 */
    cr_expect_eq(l.months[6].due_fen, 50); /* July: the branch's 0.5 元 */
    cr_assert_eq(dj_dues_farmer_rates(fx_db, &fx_cli, 4, A, &rows, &n, &err), 0);
    cr_expect_eq(n, 1);
    cr_expect_eq(dj_dues_farmer_rates(fx_db, &other, 4, A, &rows, &n, &err), DJ_EPERM);
}

Test(dues, void_releases_the_months_and_leaves_the_row)
{
    struct dj_err err = {0}, err2 = {0};
    struct dj_dues_payment_in in = {.from_month = "2026-11",
                                    .months = 1,
                                    .paid_on = "2026-11-20",
                                    .channel = "cash",
                                    .extra = "1000"};
    struct dj_dues_payment_row out;
    struct dj_dues_report r;
    struct dj_dues_ledger l;
    struct dj_actor other;
    int64_t audits;

    member(180, 4, "作废甲", "2026-01-01");
    base(180, 2026, 1, "employed", "3000");
    cr_assert_eq(dj_dues_payment_add(fx_db, &fx_cli, 180, &in, A, &out, &err), 0, "%s",
                 err.message);
    cr_assert_eq(dj_dues_report(fx_db, &fx_cli, 4, 2026, A, &r, &err), 0);
    cr_expect_eq(r.central_fen, 100000);
    fx_actor(&other, DJ_ROLE_BRANCH_ADMIN, 5, "/1/3/5/");
    audits = count("audit_log");
    cr_expect_eq(dj_dues_payment_void(fx_db, &other, out.id, "录错", &err), DJ_EPERM);
    cr_expect_eq(dj_dues_payment_void(fx_db, &other, 99999, "录错", &err2), DJ_EPERM);
    cr_expect_str_eq(err.message, err2.message);
    cr_expect_eq(dj_dues_payment_void(fx_db, &fx_cli, out.id, "", &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "reason");
    cr_expect_eq(count("audit_log"), audits);
    cr_assert_eq(dj_dues_payment_void(fx_db, &fx_cli, out.id, "金额录错", &err), 0, "%s",
                 err.message);
    cr_expect_eq(dj_dues_payment_void(fx_db, &fx_cli, out.id, "again", &err), DJ_ECONFLICT);
    cr_expect_eq(count("dues_payments"), 1);
    cr_expect_eq(count("dues_payment_months"), 0);
    cr_assert_eq(dj_dues_ledger(fx_db, &fx_cli, 180, 2026, A, &l, &err), 0);
    cr_expect_eq(l.months[10].state, DJ_DUES_CURRENT);
    cr_expect_neq(l.payments[0].voided_on, NULL);
    cr_assert_eq(dj_dues_report(fx_db, &fx_cli, 4, 2026, A, &r, &err), 0);
    cr_expect_eq(r.central_fen, 0);
    cr_expect_eq(r.collected_fen, 0);
    /* the month can be paid again */
    in.extra = NULL;
    cr_expect_eq(dj_dues_payment_add(fx_db, &fx_cli, 180, &in, A, &out, &err), 0, "%s",
                 err.message);
}

/* An in-flow 流动党员 pays at the host branch: it records the payment, collected there. */
Test(dues, the_host_branch_records_an_in_flow_members_payment)
{
    struct dj_actor host;
    struct dj_err err = {0};
    struct dj_dues_payment_in in = {
        .from_month = "2026-11", .months = 1, .paid_on = "2026-11-20", .channel = "cash"};
    struct dj_dues_payment_row out;

    member(190, 4, "流动丙", "2010-07-01");
    base(190, 2026, 1, "employed", "4000.00");
    fx_actor(&host, DJ_ROLE_BRANCH_ADMIN, 5, "/1/3/5/");
    cr_assert_eq(dj_dues_payment_add(fx_db, &host, 190, &in, A, &out, &err), DJ_EPERM,
                 "not hosted: another branch's member");
    cr_assert_eq(count("dues_payments"), 0);
    fx_exec("INSERT INTO flows (side, member_id, member_name, home_name, host_org_id, host_path, "
            "host_name, reason, destination, left_on, created_at, updated_at) VALUES ('out', 190, "
            "'流动丙', '测试甲支部', 5, '/1/3/5/', '测试乙第一党支部', '务工', '城西', "
            "'2026-09-01', 'x', 'x')");
    dj_err_clear(&err);
    cr_assert_eq(dj_dues_payment_add(fx_db, &host, 190, &in, A, &out, &err), 0, "%s", err.message);
    cr_assert_eq(out.org_id, 5, "collected by the host branch");
    cr_assert_eq(out.amount_fen, 4000);
}

/* Every item as one line, for comparing two listers. */
struct lines {
    char buf[65536];
    size_t len;
    int n;
};

static int serialize(void *ctx, const struct dj_deadline *d)
{
    struct lines *l = ctx;
    int w = snprintf(l->buf + l->len, sizeof(l->buf) - l->len,
                     "%s|%s|%04d-%02d-%02d|%lld|%s|%lld|%d|%s|%s\n", d->kind, d->key, d->due.y,
                     d->due.m, d->due.d, (long long)d->org_id, d->org_path,
                     (long long)d->member_id, (int)d->level, d->rule_id, d->title);
    cr_assert(w > 0 && (size_t)w < sizeof(l->buf) - l->len);
    l->len += (size_t)w;
    l->n++;
    return 0;
}

Test(dues, grouped_lister_matches_the_month_walk)
{
    char sql[512];
    /* 40 members with gaps across the 2024/2025 and 2025/2026 year ends, waivers, good
       reasons, a transfer out (stop month), a later start, a member who left */
    for (int i = 0; i < 40; i++) {
        int64_t id = 200 + i;
        member(id, i % 3 ? 4 : 5, i % 2 ? "欠交甲" : "欠交乙", i % 5 ? "2023-06-01" : "2024-11-20");
        if (!i)
            fx_exec("INSERT INTO dues_payments (id, member_id, org_id, org_path, from_month,"
                    " months, amount_fen, paid_on, channel, created_at) VALUES (1, 200, 4,"
                    " '/1/2/4/', '2024-01', 1, 0, '2024-01-01', 'cash', 'x')");
        /* paid months: a pseudo-random pattern over 2024-01 .. 2026-12 */
        for (int k = 0; k < 36; k++) {
            unsigned h = (unsigned)(i * 7919 + k * 104729) % 97u;
            bool paid = i % 4 == 0   ? k < 20 + i % 7               /* stops paying */
                        : i % 4 == 1 ? (k < 22 || k > 25 + i % 3) /* gap over 2025/2026 */
                        : i % 4 == 2 ? h > 30                     /* scattered */
                                     : k != 11 && k != 12 && k < 33; /* gap over 2024/2025 */
            if (!paid)
                continue;
            snprintf(sql, sizeof(sql),
                     "INSERT INTO dues_payment_months (member_id, month, payment_id, amount_fen)"
                     " VALUES (%lld, '%04d-%02d', 1, 100)",
                     (long long)id, 2024 + k / 12, k % 12 + 1);
            fx_exec(sql);
        }
        if (i % 6 == 1) {
            snprintf(sql, sizeof(sql),
                     "INSERT INTO dues_reliefs (member_id, kind, from_month, to_month, reason,"
                     " created_at) VALUES (%lld, 'waive', '2025-11', '2026-01', '困难', 'x')",
                     (long long)id);
            fx_exec(sql);
        }
        if (i % 7 == 2) {
            snprintf(sql, sizeof(sql),
                     "INSERT INTO dues_reliefs (member_id, kind, from_month, to_month, reason,"
                     " created_at) VALUES (%lld, 'excuse', '2025-12', '2026-02', '住院', 'x')",
                     (long long)id);
            fx_exec(sql);
        }
        if (i % 9 == 3) {
            snprintf(sql, sizeof(sql),
                     "INSERT INTO dues_accounts (member_id, stop_month, stop_reason, updated_at)"
                     " VALUES (%lld, '2025-12', 'transfer_out', 'x')",
                     (long long)id);
            fx_exec(sql);
        } else if (i % 9 == 5) {
            snprintf(sql, sizeof(sql),
                     "INSERT INTO dues_accounts (member_id, start_month, updated_at)"
                     " VALUES (%lld, '2025-02', 'x')",
                     (long long)id);
            fx_exec(sql);
        }
        if (i == 17)
            fx_exec("UPDATE members SET status = 'left', status_on = '2025-06-30' WHERE id = 217");
        if (i == 18)
            fx_exec("UPDATE members SET status = 'lost_contact' WHERE id = 218");
    }
    struct dj_date tos[] = {{2025, 1, 31}, {2025, 12, 31}, {2026, 1, 1},
                            {2026, 2, 28}, {2026, 6, 30},  {2026, 11, 30}};
    struct dj_scope scopes[] = {{.all = true}, {.n = 1, .paths = {"/1/2/"}}};
    int total = 0;
    for (size_t s = 0; s < 2; s++)
        for (size_t t = 0; t < sizeof(tos) / sizeof(tos[0]); t++) {
            static struct lines a, b;
            struct dj_err err = {0};
            memset(&a, 0, sizeof(a));
            memset(&b, 0, sizeof(b));
            cr_assert_eq(dj_dues_arrears_deadlines_walk(fx_db, &scopes[s], (struct dj_date){2020, 1, 1},
                                                        tos[t], serialize, &a, &err),
                         0, "%s", err.message);
            cr_assert_eq(dj_dues_arrears_deadlines(fx_db, &scopes[s], (struct dj_date){2020, 1, 1},
                                                   tos[t], serialize, &b, &err),
                         0, "%s", err.message);
            cr_expect_str_eq(b.buf, a.buf, "to %04d-%02d-%02d scope %zu", tos[t].y, tos[t].m,
                             tos[t].d, s);
            total += a.n;
        }
    /* the fixture does produce items (warnings and lapse candidates) to compare */
    cr_expect_gt(total, 60);
}

/* A payment row straight into the table (collected by branch `org`). */
static void raw_payment(int64_t id, int64_t member, int64_t org, const char *paid_on,
                        int64_t amount, int64_t extra, bool central, bool voided)
{
    char sql[512];
    snprintf(sql, sizeof(sql),
             "INSERT INTO dues_payments (id, member_id, org_id, org_path, from_month, months,"
             " amount_fen, extra_fen, central, paid_on, channel, created_at, voided_on) VALUES"
             " (%lld, %lld, %lld, '%s', '%.7s', 1, %lld, %lld, %d, '%s', 'cash', 'x', %s)",
             (long long)id, (long long)member, (long long)org, org == 4 ? "/1/2/4/" : "/1/3/5/",
             paid_on, (long long)amount, (long long)extra, central ? 1 : 0, paid_on,
             voided ? "'2026-01-01'" : "NULL");
    fx_exec(sql);
}

static struct dj_dues_spending_in spending(const char *on, const char *purpose, const char *amount)
{
    struct dj_dues_spending_in in = {.spent_on = on,
                                     .purpose = purpose,
                                     .amount = amount,
                                     .voucher_no = "记-001",
                                     .description = "党员冬训教材",
                                     .approved_by = "党委会",
                                     .approval_doc = "党委会议纪要〔2025〕3号",
                                     .approved_on = on};
    return in;
}

Test(dues, spending_within_what_is_held_and_the_disclosure)
{
    struct dj_err err = {0};
    struct dj_dues_spending_row row;
    struct dj_dues_funds f;
    struct dj_dues_spending_row *rows;
    int n;

    member(180, 4, "使用甲", "2020-01-01");
    raw_payment(1, 180, 4, "2025-03-01", 100000, 0, false, false);    /* 1000.00 in 2025 */
    raw_payment(2, 180, 4, "2026-02-01", 40000, 10000, false, false); /* 400 + 100 extra */
    raw_payment(3, 180, 4, "2026-02-02", 0, 100000, true, false);     /* to the Centre */
    raw_payment(4, 180, 4, "2026-02-03", 99900, 0, false, true);      /* voided */
    /* the 党委 (org 1) holds everything its branches hand up (default: all) */
    struct dj_dues_spending_in in = spending("2025-06-01", "training", "300.00");
    cr_assert_eq(dj_dues_spend(fx_db, &fx_cli, 1, &in, A, &row, &err), 0, "%s", err.message);
    cr_expect_eq(row.amount_fen, 30000);
    cr_expect_str_eq(row.purpose, "training");
    cr_expect_str_eq(row.org_path, "/1/");
    /* 2026: carried 700.00 + collected 500.00 = 1200.00 available */
    cr_assert_eq(dj_dues_spendings(fx_db, &fx_cli, 1, 2026, A, &f, &rows, &n, &err), 0);
    cr_expect_eq(f.carried_fen, 70000);
    cr_expect_eq(f.collected_fen, 50000);
    cr_expect_eq(f.remitted_fen, 0);
    cr_expect_eq(f.kept_below_fen, 0);
    cr_expect_eq(f.balance_fen, 120000);
    /* to the fen: 1200.01 is refused, nothing written; 1200.00 is accepted */
    int64_t before = count("dues_spendings"), audits = count("audit_log");
    in = spending("2026-03-01", "hardship", "1200.01");
    cr_expect_eq(dj_dues_spend(fx_db, &fx_cli, 1, &in, A, &row, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "amount");
    cr_expect(strstr(err.message, "1200.00") != NULL, "%s", err.message);
    cr_expect_eq(count("dues_spendings"), before);
    cr_expect_eq(count("audit_log"), audits);
    in = spending("2026-03-01", "hardship", "1000.00");
    cr_assert_eq(dj_dues_spend(fx_db, &fx_cli, 1, &in, A, &row, &err), 0, "%s", err.message);
    in = spending("2026-03-01", "elderly", "200.00");
    cr_assert_eq(dj_dues_spend(fx_db, &fx_cli, 1, &in, A, &row, &err), 0, "%s", err.message);
    int64_t hardship_id = row.id - 1;
    cr_expect_eq(count("audit_log"), audits + 2);
    /* back-dating into 2025 would leave 2026 short: refused */
    in = spending("2025-07-01", "training", "0.01");
    cr_expect_eq(dj_dues_spend(fx_db, &fx_cli, 1, &in, A, &row, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "amount");
    /* a branch handing everything up has nothing to spend */
    in = spending("2026-03-01", "training", "0.01");
    cr_expect_eq(dj_dues_spend(fx_db, &fx_cli, 4, &in, A, &row, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "amount");
    /* the disclosure: 收缴, 上缴, 使用 by purpose, 结余 */
    struct dj_dues_disclosure d;
    cr_assert_eq(dj_dues_disclosure(fx_db, &fx_cli, 1, 2026, A, &d, &err), 0, "%s", err.message);
    cr_expect_eq(d.funds.spent_fen, 120000);
    cr_expect_eq(d.funds.by_purpose[3], 100000); /* hardship */
    cr_expect_eq(d.funds.by_purpose[4], 20000);  /* elderly */
    cr_expect_eq(d.funds.by_purpose[0], 0);
    cr_expect_eq(d.funds.balance_fen, 0);
    cr_expect_eq(d.nspendings, 2);
    struct dj_buf pdf;
    dj_buf_init(&pdf, 0);
    cr_assert_eq(dj_dues_disclosure_pdf(fx_db, &fx_cli, 1, 2026, A, &pdf, &err), 0, "%s",
                 err.message);
    cr_expect(pdf.len > 1000);
    dj_buf_release(&pdf);
    /* voiding gives the money back */
    cr_assert_eq(dj_dues_spending_void(fx_db, &fx_cli, hardship_id, "重复登记", &err), 0, "%s",
                 err.message);
    cr_expect_eq(dj_dues_spending_void(fx_db, &fx_cli, hardship_id, "重复登记", &err),
                 DJ_ECONFLICT);
    cr_assert_eq(dj_dues_spendings(fx_db, &fx_cli, 1, 2026, A, &f, &rows, &n, &err), 0);
    cr_expect_eq(f.balance_fen, 100000);
    cr_expect_eq(n, 1);
    cr_expect_str_eq(rows[0].purpose, "elderly");
}

Test(dues, a_branch_keeping_a_share_spends_from_it)
{
    struct dj_err err = {0};
    struct dj_dues_spending_row row;
    struct dj_dues_funds f;
    struct dj_dues_spending_row *rows;
    int n;
    /* the 党委 lets branch 4 keep 20% (hands up 80%) */
    struct dj_rule_override ov[] = {{"dues.remit.upper_bp", "/1/2/4/", 8000, {2008, 4, 1}}};
    cr_assert_eq(dj_rules_set_overrides(ov, 1, NULL), 0);
    member(181, 4, "使用乙", "2020-01-01");
    raw_payment(1, 181, 4, "2026-01-10", 100001, 0, false, false); /* 1000.01 */
    cr_assert_eq(dj_dues_spendings(fx_db, &fx_cli, 4, 2026, A, &f, &rows, &n, &err), 0);
    cr_expect(f.branch);
    cr_expect_eq(f.remit_bp, 8000);
    cr_expect_eq(f.remitted_fen, 80001); /* 800.008 → 800.01 */
    cr_expect_eq(f.balance_fen, 20000);
    cr_assert_eq(dj_dues_spendings(fx_db, &fx_cli, 1, 2026, A, &f, &rows, &n, &err), 0);
    cr_expect_eq(f.kept_below_fen, 20000);
    cr_expect_eq(f.balance_fen, 80001);
    struct dj_dues_spending_in in = spending("2026-02-01", "publications", "200.01");
    cr_expect_eq(dj_dues_spend(fx_db, &fx_cli, 4, &in, A, &row, &err), DJ_EINVAL);
    in = spending("2026-02-01", "publications", "200.00");
    cr_assert_eq(dj_dues_spend(fx_db, &fx_cli, 4, &in, A, &row, &err), 0, "%s", err.message);
    /* the branch's spending comes out of its own pool, not the 党委's */
    cr_assert_eq(dj_dues_spendings(fx_db, &fx_cli, 1, 2026, A, &f, &rows, &n, &err), 0);
    cr_expect_eq(f.balance_fen, 80001);
    cr_expect_eq(n, 0);
    in = spending("2026-02-01", "commendation", "800.01");
    cr_assert_eq(dj_dues_spend(fx_db, &fx_cli, 1, &in, A, &row, &err), 0, "%s", err.message);
}

Test(dues, spending_bad_input_and_permissions)
{
    struct dj_err err = {0}, err2 = {0};
    struct dj_dues_spending_row row;
    struct dj_actor other, self;
    struct dj_dues_funds f;
    struct dj_dues_spending_row *rows;
    int n;

    member(182, 4, "使用丙", "2020-01-01");
    raw_payment(1, 182, 4, "2026-01-10", 100000, 0, false, false);
    int64_t before = count("dues_spendings"), audits = count("audit_log");
    struct {
        const char *field;
        struct dj_dues_spending_in in;
    } bad[] = {
        {"amount", spending("2026-02-01", "training", "12.345")},
        {"amount", spending("2026-02-01", "training", "0")},
        {"amount", spending("2026-02-01", "training", "-1")},
        {"purpose", spending("2026-02-01", "banquet", "10")},
        {"spent_on", spending("2026-13-01", "training", "10")},
        {"spent_on", spending("2026-11-24", "training", "10")}, /* tomorrow */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cr_expect_eq(dj_dues_spend(fx_db, &fx_cli, 1, &bad[i].in, A, &row, &err), DJ_EINVAL,
                     "case %zu", i);
        cr_expect_str_eq(err.field, bad[i].field, "case %zu", i);
    }
    struct dj_dues_spending_in in = spending("2026-02-01", "training", "10");
    in.approved_by = "";
    cr_expect_eq(dj_dues_spend(fx_db, &fx_cli, 1, &in, A, &row, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "approved_by");
    in = spending("2026-02-01", "training", "10");
    in.approval_doc = NULL;
    cr_expect_eq(dj_dues_spend(fx_db, &fx_cli, 1, &in, A, &row, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "approval_doc");
    in = spending("2026-02-01", "training", "10");
    in.approved_on = "2026-02-02"; /* after the spending */
    cr_expect_eq(dj_dues_spend(fx_db, &fx_cli, 1, &in, A, &row, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "approved_on");
    in = spending("2026-02-01", "training", "10");
    in.voucher_no = "";
    cr_expect_eq(dj_dues_spend(fx_db, &fx_cli, 1, &in, A, &row, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "voucher_no");
    cr_expect_eq(count("dues_spendings"), before);
    cr_expect_eq(count("audit_log"), audits);
    /* outside the subtree: the same answer as a missing organisation */
    fx_actor(&other, DJ_ROLE_BRANCH_ADMIN, 5, "/1/3/5/");
    in = spending("2026-02-01", "training", "10");
    cr_expect_eq(dj_dues_spend(fx_db, &other, 1, &in, A, &row, &err), DJ_EPERM);
    cr_expect_eq(dj_dues_spend(fx_db, &other, 999, &in, A, &row, &err2), DJ_EPERM);
    cr_expect_str_eq(err.message, err2.message);
    cr_expect_eq(dj_dues_spendings(fx_db, &other, 1, 2026, A, &f, &rows, &n, &err), DJ_EPERM);
    cr_expect_eq(dj_dues_spendings(fx_db, &other, 999, 2026, A, &f, &rows, &n, &err2), DJ_EPERM);
    cr_expect_str_eq(err.message, err2.message);
    /* a member cannot record or read the ledger */
    fx_actor(&self, DJ_ROLE_MEMBER, 4, "/1/2/4/");
    self.member_id = 182;
    cr_expect_eq(dj_dues_spend(fx_db, &self, 4, &in, A, &row, &err), DJ_EPERM);
    /* with attachments */
    struct dj_dues_attachment files[] = {{.name = "发票.pdf", .mime = "application/pdf",
                                          .size_bytes = 1024}};
    in.files = files;
    in.nfiles = 1;
    cr_assert_eq(dj_dues_spend(fx_db, &fx_cli, 1, &in, A, &row, &err), 0, "%s", err.message);
    cr_expect(strstr(row.attachments, "发票.pdf") != NULL);
    cr_expect_eq(dj_dues_spending_void(fx_db, &other, row.id, "x", &err), DJ_EPERM);
    cr_expect_eq(dj_dues_spending_void(fx_db, &other, 9999, "x", &err2), DJ_EPERM);
    cr_expect_str_eq(err.message, err2.message);
    cr_expect_eq(dj_dues_spending_void(fx_db, &fx_cli, row.id, "", &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "reason");
}

Test(dues, report_counts_members_under_their_branch_of_the_month)
{
    struct dj_err err = {0};
    struct dj_dues_report r, before;
    struct dj_dues_disclosure d;

    fx_exec("INSERT INTO orgs (id, parent_id, path, name, kind, status, created_at, updated_at)"
            " VALUES (6, 2, '/1/2/6/', '测试甲第二党支部', 'branch', 'active', 'x', 'x')");
    member(190, 4, "调动甲", "2020-01-01");
    member(191, 4, "留守乙", "2020-01-01");
    base(190, 2026, 1, "employed", "3000"); /* 15.00 a month */
    base(191, 2026, 1, "employed", "4000"); /* 40.00 */
    cr_assert_eq(dj_dues_report(fx_db, &fx_cli, 1, 2026, A, &before, &err), 0);
    /* moved to branch 5 (another 街道) in July 2026 (local time; 2026-06-30T17:00Z is July 1st
       in Beijing), then on to branch 6 in 2027 (a later move: 2026 stays with branch 5) */
    fx_exec("UPDATE members SET org_id = 5, org_path = '/1/3/5/',"
            " updated_at = '2026-06-30T17:00:00Z' WHERE id = 190");
    cr_expect_eq(count("member_org_history"), 1);
    cr_assert_eq(dj_dues_report(fx_db, &fx_cli, 1, 2026, A, &r, &err), 0, "%s", err.message);
    /* the parent's totals are unchanged */
    cr_expect_eq(r.total.due_total, before.total.due_total);
    cr_expect_eq(r.total.members, 2);
    cr_expect_eq(r.total.due_total, 12 * 1500 + 12 * 4000);
    for (int i = 0; i < r.nbranches; i++) {
        const struct dj_dues_report_branch *b = &r.branches[i];
        if (b->org_id == 4) {
            cr_expect_eq(b->due[5], 1500 + 4000); /* June: both */
            cr_expect_eq(b->due[6], 4000);        /* July: only the one who stayed */
            cr_expect_eq(b->due_total, 6 * 1500 + 12 * 4000);
            cr_expect_eq(b->members, 2);
        } else {
            cr_expect_eq(b->org_id, 5);
            cr_expect_eq(b->due[5], 0);
            cr_expect_eq(b->due[6], 1500);
            cr_expect_eq(b->due_total, 6 * 1500);
            cr_expect_eq(b->members, 1);
        }
    }
    cr_expect_eq(r.nbranches, 2);
    /* the old branch's own report still shows Jan–Jun of the member who left */
    cr_assert_eq(dj_dues_report(fx_db, &fx_cli, 4, 2026, A, &r, &err), 0);
    cr_expect_eq(r.total.due_total, 6 * 1500 + 12 * 4000);
    cr_expect_eq(r.total.members, 2);
    cr_assert_eq(dj_dues_disclosure(fx_db, &fx_cli, 4, 2026, A, &d, &err), 0);
    cr_expect_eq(d.nlines, 2);
    /* the new branch's: Jul–Dec */
    cr_assert_eq(dj_dues_report(fx_db, &fx_cli, 5, 2026, A, &r, &err), 0);
    cr_expect_eq(r.total.due_total, 6 * 1500);
    cr_expect_eq(r.total.due[5], 0);
    /* a later move does not change 2026 */
    fx_exec("UPDATE members SET org_id = 6, org_path = '/1/2/6/',"
            " updated_at = '2027-02-10T03:00:00Z' WHERE id = 190");
    cr_assert_eq(dj_dues_report(fx_db, &fx_cli, 5, 2026, A, &r, &err), 0);
    cr_expect_eq(r.total.due_total, 6 * 1500);
    cr_assert_eq(dj_dues_report(fx_db, &fx_cli, 4, 2026, A, &r, &err), 0);
    cr_expect_eq(r.total.due_total, 6 * 1500 + 12 * 4000);
    cr_assert_eq(dj_dues_report(fx_db, &fx_cli, 6, 2026, A, &r, &err), 0);
    cr_expect_eq(r.total.due_total, 0);
}

Test(dues, payment_of_the_regular_amount_stops_at_the_monthly_cap)
{
    struct dj_err err = {0};
    struct dj_dues_ledger l;
    struct dj_dues_payment_row out;

    member(195, 4, "大额甲", "2020-01-01");
    member(196, 4, "大额乙", "2020-01-01");
    base(195, 2026, 1, "employed", "50000.00"); /* 2% = 1000.00: at the cap */
    base(196, 2026, 1, "employed", "50000.50"); /* 2% = 1000.01: 0.01 above */
    cr_assert_eq(dj_dues_ledger(fx_db, &fx_cli, 195, 2026, A, &l, &err), 0);
    cr_expect_eq(l.months[10].due_fen, 100000);
    cr_expect_eq(l.months[10].above_cap_fen, 0);
    cr_assert_eq(dj_dues_ledger(fx_db, &fx_cli, 196, 2026, A, &l, &err), 0);
    cr_expect_eq(l.months[10].due_fen, 100000);
    cr_expect_eq(l.months[10].above_cap_fen, 1);
    struct dj_dues_payment_in in = {.from_month = "2026-11", .months = 1, .paid_on = "2026-11-20",
                                    .channel = "bank", .amount = "1000.01"};
    cr_expect_eq(dj_dues_payment_add(fx_db, &fx_cli, 196, &in, A, &out, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "amount");
    cr_expect(strstr(err.message, "1000.00") != NULL, "%s", err.message);
    /* the part above the cap, paid anyway, is a voluntary extra: under 1000 元 it stays local */
    in.amount = "1000.00";
    in.extra = "0.01";
    cr_assert_eq(dj_dues_payment_add(fx_db, &fx_cli, 196, &in, A, &out, &err), 0, "%s",
                 err.message);
    cr_expect_eq(out.amount_fen, 100000);
    cr_expect_eq(out.extra_fen, 1);
    cr_expect(!out.central);
    /* not paying the part above the cap is no arrears: the month is paid */
    cr_assert_eq(dj_dues_ledger(fx_db, &fx_cli, 196, 2026, A, &l, &err), 0);
    cr_expect_eq(l.months[10].state, DJ_DUES_PAID);
}
