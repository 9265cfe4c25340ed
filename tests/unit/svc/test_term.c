/*
 * test_term.c - the term service: the scheduler's lister (kinds, due dates,
 * the range to the day, what recording the reminder or an extension
 * changes), the compliance engine's findings (expired and overdue on their
 * first day, scope and subtree), permissions (the branch cannot approve its
 * own extension; out of scope looks like missing) and nothing written on a
 * refused write.
 *
 * The fixture's tree: 1 /1/ 党委, 2 /1/2/ 党工委, 3 /1/3/ 党工委, 4 /1/2/4/ 党支部.
 * "Today" is fixed at 2026-11-23.
 */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "base/date.h"
#include "fixture.h"
#include "svc/svc.h"
#include "svc/term.h"

static struct dj_arena *arena;

static void setup(void)
{
    fx_setup();
    arena = dj_arena_new();
    dj_date_set_today((struct dj_date){2026, 11, 23});
}

static void teardown(void)
{
    dj_date_set_today((struct dj_date){0, 0, 0});
    dj_arena_free(arena);
    fx_teardown();
}

TestSuite(term, .init = setup, .fini = teardown);

static struct dj_date D(int y, int m, int d) {
    struct dj_date r = {y, m, d};
    return r;
}

static int64_t
count(const char *sql)
{
    struct dj_stmt *st;
    struct dj_err err = {0};
    int64_t v = -1;

    cr_assert_eq(dj_db_prepare(fx_db, sql, &st, &err), 0, "%s", err.detail);
    if (dj_stmt_step(st, &err) == DJ_ROW)
        v = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return v;
}

/* Term of the fixture's branch 4: elected 2023-06-10, 3 years, expires 2026-06-10. */
static int64_t branch_term(void)
{
    struct dj_term_new in = {.elected_on = D(2023, 6, 10)};
    struct dj_term_view v;
    struct dj_err err = {0};

    cr_assert_eq(dj_term_add(fx_db, &fx_cli, 4, &in, arena, &v, &err), 0, "%s", err.message);
    cr_assert_eq(v.t.term_years, 3);
    return v.t.id;
}

#define MAXD 16
struct got {
    int n;
    char kind[MAXD][32];
    struct dj_date due[MAXD];
    int64_t org[MAXD];
    char rule[MAXD][64];
    enum dj_deadline_level level[MAXD];
};

static int collect(void *ctx, const struct dj_deadline *d)
{
    struct got *g = ctx;

    cr_assert_lt(g->n, MAXD);
    dj_strlcpy(g->kind[g->n], d->kind, sizeof(g->kind[0]));
    dj_strlcpy(g->rule[g->n], d->rule_id, sizeof(g->rule[0]));
    g->due[g->n] = d->due;
    g->org[g->n] = d->org_id;
    g->level[g->n] = d->level;
    cr_assert_str_eq(d->key, "term:1");
    cr_assert(d->title && d->title[0]);
    g->n++;
    return 0;
}

static int find(const struct got *g, const char *kind)
{
    for (int i = 0; i < g->n; i++)
        if (!strcmp(g->kind[i], kind))
            return i;
    return -1;
}

static void list(struct dj_date from, struct dj_date to, struct got *g)
{
    struct dj_scope all = {.all = true};
    struct dj_err err = {0};

    memset(g, 0, sizeof(*g));
    cr_assert_eq(dj_term_deadline_lister(fx_db, &all, from, to, collect, g, &err), 0, "%s",
                 err.message);
}

Test(term, lister_kinds_and_due_dates)
{
    struct got g;
    int i;

    branch_term();
    list(D(2025, 1, 1), D(2027, 12, 31), &g);
    cr_assert_eq(g.n, 4);
    cr_assert_geq(i = find(&g, "term.reminder"), 0);
    cr_assert_eq(dj_date_cmp(g.due[i], D(2025, 12, 10)), 0);
    cr_assert_eq(g.org[i], 2, "the reminder goes to the upper organisation");
    cr_assert_str_eq(g.rule[i], "org.term.reminder_months_before");
    cr_assert_geq(i = find(&g, "term.request_due"), 0);
    cr_assert_eq(dj_date_cmp(g.due[i], D(2026, 4, 10)), 0);
    cr_assert_eq(g.org[i], 4);
    cr_assert_geq(i = find(&g, "term.expired"), 0);
    cr_assert_eq(dj_date_cmp(g.due[i], D(2026, 6, 10)), 0);
    cr_assert_eq(g.level[i], DJ_DEADLINE_OVERDUE);
    cr_assert_geq(i = find(&g, "term.overdue"), 0);
    cr_assert_eq(dj_date_cmp(g.due[i], D(2027, 6, 10)), 0);
    cr_assert_str_eq(g.rule[i], "org.term.overdue_months_after");

    /* the range is inclusive at both ends, to the day */
    list(D(2025, 12, 10), D(2025, 12, 10), &g);
    cr_assert_eq(g.n, 1);
    cr_assert_str_eq(g.kind[0], "term.reminder");
    list(D(2025, 12, 11), D(2026, 4, 9), &g);
    cr_assert_eq(g.n, 0);
    list(D(2025, 12, 9), D(2025, 12, 9), &g);
    cr_assert_eq(g.n, 0);
}

Test(term, recorded_reminder_and_extension_change_the_list)
{
    struct dj_term_extension x = {.until = D(2027, 1, 10),
                                  .approved_on = D(2026, 6, 1),
                                  .approver = "测试书记",
                                  .doc = "测试组字〔2026〕1号"};
    struct dj_term_view v;
    struct dj_err err = {0};
    struct got g;
    int64_t id = branch_term();
    int i;

    cr_assert_eq(dj_term_notice(fx_db, &fx_cli, id, DJ_TERM_NOTICE_REMINDER, D(2025, 12, 10),
                                "提示函", arena, &v, &err),
                 0, "%s", err.message);
    cr_assert_eq(dj_term_extend(fx_db, &fx_cli, id, &x, arena, &v, &err), 0, "%s", err.message);
    list(D(2025, 1, 1), D(2027, 12, 31), &g);
    cr_assert_eq(find(&g, "term.reminder"), -1);
    cr_assert_eq(find(&g, "term.expired"), -1);
    cr_assert_geq(i = find(&g, "term.overdue"), 0);
    cr_assert_eq(dj_date_cmp(g.due[i], D(2027, 1, 10)), 0);
    cr_assert_str_eq(g.rule[i], "org.term.max_adjust_years");
}

#define MAXF 8
struct fgot {
    int n;
    char rule[MAXF][64];
    int64_t org[MAXF];
    enum dj_term_state state[MAXF];
    struct dj_date since[MAXF];
    char msg[MAXF][600];
};

static int fcollect(void *ctx, const struct dj_term_finding *f)
{
    struct fgot *g = ctx;

    cr_assert_lt(g->n, MAXF);
    dj_strlcpy(g->rule[g->n], f->rule_id, sizeof(g->rule[0]));
    dj_strlcpy(g->msg[g->n], f->message, sizeof(g->msg[0]));
    g->org[g->n] = f->org_id;
    g->state[g->n] = f->state;
    g->since[g->n] = f->since;
    g->n++;
    return 0;
}

static void findings(const struct dj_scope *scope, const char *path, struct dj_date on,
                     struct fgot *g)
{
    struct dj_err err = {0};

    memset(g, 0, sizeof(*g));
    cr_assert_eq(dj_term_findings(fx_db, scope, path, on, fcollect, g, &err), 0, "%s", err.message);
}

Test(term, findings_on_their_first_day)
{
    struct dj_scope all = {.all = true}, other = {.n = 1};
    struct fgot g;

    dj_strlcpy(other.paths[0], "/1/3/", sizeof(other.paths[0]));
    branch_term();
    findings(&all, NULL, D(2026, 6, 10), &g);
    cr_assert_eq(g.n, 0);
    findings(&all, NULL, D(2026, 6, 11), &g);
    cr_assert_eq(g.n, 1);
    cr_assert_str_eq(g.rule[0], "org.term.election_on_expiry");
    cr_assert_eq(g.org[0], 4);
    cr_assert_eq(g.state[0], DJ_TERM_EXPIRED);
    cr_assert_eq(dj_date_cmp(g.since[0], D(2026, 6, 11)), 0);
    cr_assert(strstr(g.msg[0], "2026-06-10"), "%s", g.msg[0]);
    cr_assert(strstr(g.msg[0], "选举工作条例"), "%s", g.msg[0]);
    findings(&all, NULL, D(2027, 6, 10), &g);
    cr_assert_eq(g.state[0], DJ_TERM_EXPIRED);
    findings(&all, NULL, D(2027, 6, 11), &g);
    cr_assert_eq(g.n, 1);
    cr_assert_str_eq(g.rule[0], "org.term.overdue_months_after");
    cr_assert_eq(g.state[0], DJ_TERM_OVERDUE);
    cr_assert_eq(dj_date_cmp(g.since[0], D(2027, 6, 11)), 0);
    /* scope and subtree */
    findings(&other, NULL, D(2027, 6, 11), &g);
    cr_assert_eq(g.n, 0);
    findings(&all, "/1/3/", D(2027, 6, 11), &g);
    cr_assert_eq(g.n, 0);
    findings(&all, "/1/2/", D(2027, 6, 11), &g);
    cr_assert_eq(g.n, 1);
}

Test(term, branch_cannot_approve_its_own_extension)
{
    struct dj_actor branch, street, other;
    struct dj_term_extension x = {.until = D(2027, 1, 10),
                                  .approved_on = D(2026, 6, 1),
                                  .approver = "测试书记",
                                  .doc = "测试组字〔2026〕2号"};
    struct dj_term_view v;
    struct dj_term_view *vs;
    struct dj_err err = {0};
    int64_t id = branch_term(), audit = count("SELECT count(*) FROM audit_log");
    int n;

    fx_actor(&branch, DJ_ROLE_BRANCH_ADMIN, 4, "/1/2/4/");
    fx_actor(&street, DJ_ROLE_ORG_ADMIN, 2, "/1/2/");
    fx_actor(&other, DJ_ROLE_ORG_ADMIN, 3, "/1/3/");
    cr_assert_eq(dj_term_extend(fx_db, &branch, id, &x, arena, &v, &err), DJ_EPERM);
    cr_assert_eq(dj_term_extend(fx_db, &other, id, &x, arena, &v, &err), DJ_EPERM);
    cr_assert_str_eq(err.message, "无权访问该组织的数据");
    cr_assert_eq(count("SELECT count(*) FROM org_terms WHERE extended_until IS NOT NULL"), 0);
    cr_assert_eq(count("SELECT count(*) FROM audit_log"), audit);
    /* more than a year: refused, nothing written */
    x.until = D(2027, 6, 11);
    cr_assert_eq(dj_term_extend(fx_db, &street, id, &x, arena, &v, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "extended_until");
    cr_assert_eq(count("SELECT count(*) FROM org_terms WHERE extended_until IS NOT NULL"), 0);
    x.until = D(2027, 6, 10);
    cr_assert_eq(dj_term_extend(fx_db, &street, id, &x, arena, &v, &err), 0, "%s", err.message);
    cr_assert_eq(v.t.extension_org_id, 2);
    cr_assert_eq(count("SELECT count(*) FROM audit_log"), audit + 1);
    /* the branch reads its own terms; another street sees what it would see for a missing one */
    cr_assert_eq(dj_term_list(fx_db, &branch, 4, D(2026, 6, 11), arena, &vs, &n, &err), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(vs[0].state, DJ_TERM_EXTENDED);
    cr_assert_eq(dj_term_list(fx_db, &other, 4, D(2026, 6, 11), arena, &vs, &n, &err), DJ_EPERM);
    cr_assert_str_eq(err.message, "无权访问该组织的数据");
    cr_assert_eq(dj_term_list(fx_db, &other, 999, D(2026, 6, 11), arena, &vs, &n, &err), DJ_EPERM);
    cr_assert_str_eq(err.message, "无权访问该组织的数据");
}

Test(term, demo_terms_only_for_elected_kinds)
{
    struct dj_err err = {0};
    int64_t n1 = 0;

    cr_assert_eq(dj_demo_terms(fx_db, D(2026, 11, 23), 7, &n1, &err), 0, "%s", err.message);
    cr_assert_eq(count("SELECT count(*) FROM org_terms"), n1);
    /* only elected kinds: 党委 1 and 党支部 4 at most, never the 党工委 */
    cr_assert_eq(count("SELECT count(*) FROM org_terms WHERE org_id IN (2, 3)"), 0);
}
