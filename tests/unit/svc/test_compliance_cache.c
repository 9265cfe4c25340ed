/*
 * test_compliance_cache.c - the compliance report's input cache
 * (svc/compliance.c, sql/0012_compliance_perf.sql): a report served from the
 * cache is identical, field by field, to the same report computed afresh
 * with the cache switched off; and every kind of write the report depends on
 * (a record, an acknowledgement, an exemption, a member, a post, a term)
 * shows in the very next report. Members and posts are inserted with plain
 * SQL (synthetic placeholders).
 * The fixture's tree: 1 /1/ 党委, 2 /1/2/ 党工委, 3 /1/3/ 党工委, 4 /1/2/4/ 党支部.
 */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "fixture.h"
#include "rules/ruletab.h"
#include "svc/compliance.h"
#include "svc/meeting.h"
#include "svc/term.h"

static struct dj_arena *arena;
static int seq;

static void setup(void)
{
    fx_setup();
    dj_date_set_today((struct dj_date){2026, 11, 23});
    dj_compliance_cache_set(true);
    arena = dj_arena_new();
    seq = 0;
}

static void teardown(void)
{
    dj_compliance_cache_set(true);
    dj_rules_release();
    dj_date_set_today((struct dj_date){0, 0, 0});
    dj_arena_free(arena);
    fx_teardown();
}

TestSuite(compliance_cache, .init = setup, .fini = teardown);

static struct dj_date D(int y, int m, int d)
{
    struct dj_date r = {y, m, d};
    return r;
}

static void exec(const char *sql)
{
    struct dj_err err = {0};
    cr_assert_eq(dj_db_exec(fx_db, sql, &err), 0, "%s: %s", sql, err.detail);
}

/* A full member of org (synthetic placeholders); returns the id. */
static int64_t full(int64_t org, const char *name)
{
    struct dj_stmt *st;
    struct dj_err err = {0};
    char blind[32];
    int64_t id;

    snprintf(blind, sizeof(blind), "cache-blind-%d", ++seq);
    cr_assert_eq(dj_db_prepare(fx_db,
                               "INSERT INTO members (org_id, org_path, name, id_enc, id_blind, "
                               "gender, birth_date, category, joined_on, confirmed_on, status, "
                               "created_at, updated_at) "
                               "SELECT id, path, $2, 'v1:synthetic', $3, '1', '1980-01-01', "
                               "'full', '2000-01-01', '2001-01-01', 'normal', 'x', 'x' "
                               "FROM orgs WHERE id = $1 RETURNING id",
                               &st, &err),
                 0, "%s", err.detail);
    dj_stmt_bind_int64(st, 1, org);
    dj_stmt_bind_text(st, 2, name);
    dj_stmt_bind_text(st, 3, blind);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW, "%s", err.detail);
    id = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return id;
}

/* Create, submit and approve a record as the CLI operator. */
static void approved(int64_t org, const char *kind, const char *on)
{
    struct dj_meeting_in in;
    struct dj_meeting m;
    struct dj_err err = {0};

    memset(&in, 0, sizeof(in));
    in.m.org_id = org;
    in.m.kind = kind;
    dj_strlcpy(in.m.held_on, on, sizeof(in.m.held_on));
    in.m.topic = "学习贯彻会议精神";
    cr_assert_eq(dj_meeting_create(fx_db, &fx_cli, &in, arena, &m, &err), 0, "%s", err.message);
    cr_assert_eq(dj_meeting_review(fx_db, &fx_cli, m.id, "submit", NULL, arena, &m, &err), 0,
                 "%s", err.message);
    cr_assert_eq(dj_meeting_review(fx_db, &fx_cli, m.id, "approve", NULL, arena, &m, &err), 0,
                 "%s", err.message);
}

static const char *S(const char *s)
{
    return s ? s : "(null)";
}

/* The whole report as text: every total, rule, gap of the page, organisation and candidate. */
static char *snapshot(const struct dj_compliance_report *r)
{
    char *t = dj_arena_printf(arena, "org %lld sub %d req %lld met %lld gaps %lld/%lld/%lld\n",
                              (long long)r->org.id, r->count_submitted, (long long)r->required,
                              (long long)r->met, (long long)r->gaps_total,
                              (long long)r->gaps_acked, (long long)r->gaps_matching);

    for (int i = 0; i < r->nrules; i++)
        t = dj_arena_printf(arena, "%srule %s %s %lld %lld %lld %lld\n", t, r->rules[i].rule_id,
                            S(r->rules[i].source), (long long)r->rules[i].required,
                            (long long)r->rules[i].met, (long long)r->rules[i].gaps,
                            (long long)r->rules[i].acked);
    for (int i = 0; i < r->ngaps; i++) {
        const struct dj_cmp_gap *g = &r->gaps[i];
        t = dj_arena_printf(arena, "%sgap %s %lld %s %s %s %s %s %s %lld/%lld %s %s %s %s\n", t,
                            S(g->source), (long long)g->org_id, S(g->org_name), S(g->org_path),
                            S(g->rule_id), S(g->period), S(g->subject), S(g->missing),
                            (long long)g->held, (long long)g->required, S(g->records),
                            S(g->ack_explanation), S(g->ack_by), S(g->ack_at));
    }
    for (int64_t i = 0; i < r->orgs_total; i++)
        t = dj_arena_printf(arena, "%sorg %lld %s %s %s %lld %lld %lld %lld\n", t,
                            (long long)r->orgs[i].org_id, r->orgs[i].name, r->orgs[i].path,
                            r->orgs[i].kind, (long long)r->orgs[i].required,
                            (long long)r->orgs[i].met, (long long)r->orgs[i].gaps,
                            (long long)r->orgs[i].acked);
    for (int i = 0; i < r->nweak; i++) {
        t = dj_arena_printf(arena, "%sweak %lld %s %s", t, (long long)r->weak[i].org_id,
                            r->weak[i].name, r->weak[i].path);
        for (int k = 0; k < r->weak[i].nreasons; k++)
            t = dj_arena_printf(arena, "%s [%s %s]", t, r->weak[i].reasons[k].rule_id,
                                r->weak[i].reasons[k].text);
        t = dj_arena_printf(arena, "%s\n", t);
    }
    return t;
}

static struct dj_compliance_query query(int64_t org, struct dj_date from, struct dj_date to)
{
    struct dj_compliance_query q = {0};

    q.org_id = org;
    q.from = from;
    q.to = to;
    q.today = D(2026, 11, 23);
    q.limit = 500;
    q.org_limit = 100;
    return q;
}

static char *run(const struct dj_compliance_query *q, bool cached)
{
    struct dj_compliance_report r;
    struct dj_err err = {0};

    dj_compliance_cache_set(cached);
    cr_assert_eq(dj_compliance_report(fx_db, &fx_cli, q, arena, &r, &err), 0, "%s", err.message);
    dj_compliance_cache_set(true);
    return snapshot(&r);
}

/* The cached report of q equals the fresh one; returns the fresh one. */
static char *same(const struct dj_compliance_query *q)
{
    char *fresh = run(q, false);
    char *a = run(q, true), *b = run(q, true);

    cr_assert_str_eq(a, fresh);
    cr_assert_str_eq(b, fresh);
    return fresh;
}

static uint64_t hits(void)
{
    uint64_t h, m;
    dj_compliance_cache_stats(&h, &m);
    return h;
}

/* A small city with every kind of finding: gaps met and not, acknowledged, exempted, set-up, terms. */
static void fill(void)
{
    struct dj_term_new tn = {.elected_on = D(2023, 6, 10)};
    struct dj_term_view v;
    struct dj_err err = {0};
    int64_t id;

    full(4, "甲");
    full(4, "乙");
    full(4, "丙");
    approved(4, "assembly", "2026-02-10");
    approved(4, "committee", "2026-01-31");
    approved(4, "theme_day", "2026-03-05");
    approved(4, "lecture", "2026-05-20");
    cr_assert_eq(dj_compliance_ack(fx_db, &fx_cli, 4, "life.theme_day.min_per_month", "2026-01",
                                   "", "春节期间，与二月合并开展", &id, &err),
                 0, "%s", err.message);
    cr_assert_eq(dj_compliance_exempt(fx_db, &fx_cli, 4, "life.committee_meeting.min_per_month",
                                      D(2026, 6, 1), D(2026, 8, 31), "支委会换届", "城东街道党工委",
                                      &id, &err),
                 0, "%s", err.message);
    cr_assert_eq(dj_term_add(fx_db, &fx_cli, 4, &tn, arena, &v, &err), 0, "%s", err.message);
}

Test(compliance_cache, cached_reports_equal_fresh_ones)
{
    struct dj_compliance_query q = query(1, D(2026, 1, 1), D(2026, 11, 23));
    uint64_t h0;
    char *fresh;

    fill();
    h0 = hits();
    fresh = same(&q);
    cr_assert_geq(hits(), h0 + 1, "the second report came from the cache");
    cr_assert(strstr(fresh, "gap terms "), "the terms source is part of the comparison");
    cr_assert(strstr(fresh, "春节期间"), "an acknowledgement is part of the comparison");
    cr_assert(strstr(fresh, "weak "), "weak candidates are part of the comparison");

    /* paging, filters and the other parts of the tree, each against a fresh computation */
    q.limit = 3;
    q.offset = 2;
    same(&q);
    q.limit = 500;
    q.offset = 0;
    q.rule_id = "life.theme_day.min_per_month";
    same(&q);
    q.rule_id = NULL;
    q.org_filter = 4;
    same(&q);
    q.org_filter = 0;
    q.no_sources = true;
    same(&q);
    q.no_sources = false;
    q = query(2, D(2026, 1, 1), D(2026, 11, 23));
    same(&q);
    q = query(4, D(2025, 7, 1), D(2026, 6, 30));
    same(&q);
}

Test(compliance_cache, every_write_shows_in_the_next_report)
{
    struct dj_compliance_query q = query(1, D(2026, 1, 1), D(2026, 11, 23));
    struct dj_term_new tn = {.elected_on = D(2023, 6, 10)};
    struct dj_term_view v;
    struct dj_err err = {0};
    int64_t id;
    char *before, *after;

    fill();
    before = same(&q);

    /* a record that meets a month's requirement */
    approved(4, "theme_day", "2026-04-08");
    after = same(&q);
    cr_assert(strstr(before, "life.theme_day.min_per_month 2026-04 "));
    cr_assert_not(strstr(after, "life.theme_day.min_per_month 2026-04 "),
                  "a new record shows at once: the April 主题党日 gap is gone");

    /* an acknowledgement */
    before = after;
    cr_assert_eq(dj_compliance_ack(fx_db, &fx_cli, 4, "life.assembly.min_per_quarter", "2026-Q2",
                                   "", "因防汛推迟至七月初", &id, &err),
                 0, "%s", err.message);
    after = same(&q);
    cr_assert_str_neq(after, before);
    cr_assert(strstr(after, "因防汛推迟至七月初"), "a new acknowledgement shows at once");

    /* an exemption */
    before = after;
    cr_assert_eq(dj_compliance_exempt(fx_db, &fx_cli, 4, "life.theme_day.min_per_month",
                                      D(2026, 9, 1), D(2026, 10, 31), "集中整训", "城东街道党工委",
                                      &id, &err),
                 0, "%s", err.message);
    after = same(&q);
    cr_assert_str_neq(after, before, "a new exemption shows at once");

    /* a member (member_counts, 学时 and 谈心谈话 coverage) */
    before = after;
    full(4, "丁");
    after = same(&q);
    cr_assert_str_neq(after, before, "a new member shows at once");

    /* a post (the committee requirement and the set-up findings) */
    before = after;
    exec("INSERT INTO org_posts (org_id, post, person_name, start_on, created_at, updated_at) "
         "VALUES (4, 'secretary', '戊', '2026-01-01', 'x', 'x')");
    after = same(&q);
    cr_assert_str_neq(after, before, "a new post shows at once");

    /* a term elsewhere in the tree (the 党委's, five years: expired 2025-06-10) */
    before = after;
    tn.elected_on = D(2020, 6, 10);
    cr_assert_eq(dj_term_add(fx_db, &fx_cli, 1, &tn, arena, &v, &err), 0, "%s", err.message);
    after = same(&q);
    cr_assert_str_neq(after, before, "a new term shows at once");

    /* an organisation renamed */
    before = after;
    exec("UPDATE orgs SET name = '城东街道第四党支部（更名）' WHERE id = 4");
    after = same(&q);
    cr_assert(strstr(after, "城东街道第四党支部（更名）"), "a new name shows at once");
}

Test(compliance_cache, a_report_outlives_its_cache_entry)
{
    struct dj_compliance_query q = query(1, D(2026, 1, 1), D(2026, 11, 23));
    struct dj_compliance_report r0, r;
    struct dj_err err = {0};
    char *first;

    fill();
    cr_assert_eq(dj_compliance_report(fx_db, &fx_cli, &q, arena, &r0, &err), 0, "%s",
                 err.message);
    first = snapshot(&r0);
    /* other queries push the entry out of the cache; a write makes it stale too */
    for (int m = 1; m <= 6; m++) {
        struct dj_compliance_query o = query(1, D(2026, m, 1), D(2026, 11, 23));
        struct dj_compliance_report x;
        cr_assert_eq(dj_compliance_report(fx_db, &fx_cli, &o, arena, &x, &err), 0, "%s",
                     err.message);
    }
    full(4, "己");
    cr_assert_eq(dj_compliance_report(fx_db, &fx_cli, &q, arena, &r, &err), 0, "%s", err.message);
    cr_assert_str_neq(snapshot(&r), first);
    /* the first report's strings were copied out of its entry, now freed (ASan checks) */
    cr_assert_str_eq(snapshot(&r0), first);
}
