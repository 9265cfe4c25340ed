/*
 * test_remind.c - 政治生日 dates (02-29), lister windows, the recipient rule,
 * the scheduler's idempotency key and audit row, inbox isolation, the daily
 * thread's timing.
 */
#include "base/compat.h"
#include "fixture.h"
#include "store/migrate.h"
#include "store/remind.h"
#include "svc/birthday.h"
#include "svc/remind.h"
#include "svc/svc.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

TestSuite(remind, .init = fx_setup, .fini = fx_teardown);

static int seq;

static struct dj_date D(int y, int m, int d) {
    return (struct dj_date){y, m, d};
}

/* Insert a member of org_id joined on `joined` in `status`; returns the id. */
static int64_t
member(int64_t org_id, const char *name, const char *joined, const char *status)
{
    struct dj_stmt *st;
    struct dj_err err = {0};
    char blind[32];

    snprintf(blind, sizeof(blind), "blind-%d", ++seq);
    cr_assert_eq(
        dj_db_prepare(fx_db,
                      "INSERT INTO members (org_id, org_path, name, id_enc, id_blind, "
                      "gender, birth_date, category, joined_on, confirmed_on, status, "
                      "created_at, updated_at) "
                      "SELECT id, path, $2, 'v1:synthetic', $3, '1', '1970-01-01', 'full', "
                      "$4, NULL, $5, 'x', 'x' FROM orgs WHERE id = $1 RETURNING id",
                      &st, &err),
        0, "%s", err.detail);
    dj_stmt_bind_int64(st, 1, org_id);
    dj_stmt_bind_text(st, 2, name);
    dj_stmt_bind_text(st, 3, blind);
    dj_stmt_bind_text(st, 4, joined);
    dj_stmt_bind_text(st, 5, status);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW, "%s", err.detail);
    int64_t id = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return id;
}

/* Items a lister gives, as "key@due" lines. */
struct got {
    char lines[32][64];
    int n;
};

static int got_emit(void *ctx, const struct dj_deadline *d)
{
    struct got *g = ctx;
    char due[11];

    cr_assert_lt(g->n, 32);
    snprintf(g->lines[g->n++], 64, "%s@%s", d->key, dj_date_format(d->due, due));
    return 0;
}

static struct got list(struct dj_date from, struct dj_date to)
{
    static const struct dj_scope all = {.all = true};
    struct got g = {0};
    struct dj_err err = {0};

    cr_assert_eq(dj_birthday_lister(fx_db, &all, from, to, got_emit, &g, &err), 0, "%s",
                 err.message);
    return g;
}

static bool has(const struct got *g, const char *line)
{
    for (int i = 0; i < g->n; i++)
        if (!strcmp(g->lines[i], line))
            return true;
    return false;
}

Test(remind, anniversary_of_29_february_falls_on_28_february_in_common_years)
{
    char s[11];

    cr_assert_str_eq(dj_date_format(dj_birthday_in_year(D(2012, 2, 29), 2013), s), "2013-02-28");
    cr_assert_str_eq(dj_date_format(dj_birthday_in_year(D(2012, 2, 29), 2016), s), "2016-02-29");
    cr_assert_str_eq(dj_date_format(dj_birthday_in_year(D(2012, 2, 29), 2100), s), "2100-02-28");
    cr_assert_str_eq(dj_date_format(dj_birthday_in_year(D(2010, 11, 30), 2026), s), "2026-11-30");
    /* no anniversary in the year of joining or before */
    cr_assert_not(dj_date_isset(dj_birthday_in_year(D(2010, 11, 30), 2010)));
    cr_assert_not(dj_date_isset(dj_birthday_in_year(D(2010, 11, 30), 2009)));
}

Test(remind, lister_window_includes_both_ends_and_29_february)
{
    int64_t leap = member(4, "闰日党员", "2012-02-29", "normal");
    int64_t feb28 = member(4, "二八党员", "2015-02-28", "normal");
    int64_t mar1 = member(4, "三一党员", "2010-03-01", "mobile");
    char k[64];

    (void)mar1;
    /* 2026 is common: the 02-29 anniversary is on 02-28, the last day of the window */
    struct got g = list(D(2026, 2, 21), D(2026, 2, 28));
    cr_assert_eq(g.n, 2);
    snprintf(k, sizeof(k), "member:%lld@2026-02-28", (long long)leap);
    cr_assert(has(&g, k), "%s", k);
    snprintf(k, sizeof(k), "member:%lld@2026-02-28", (long long)feb28);
    cr_assert(has(&g, k), "%s", k);
    /* one day earlier the window ends on 02-27: nothing */
    g = list(D(2026, 2, 20), D(2026, 2, 27));
    cr_assert_eq(g.n, 0);
    /* 2028 is a leap year: 02-29 on its own day, not on 02-28 */
    g = list(D(2028, 2, 28), D(2028, 2, 28));
    cr_assert_eq(g.n, 1);
    snprintf(k, sizeof(k), "member:%lld@2028-02-28", (long long)feb28);
    cr_assert(has(&g, k), "%s", k);
    g = list(D(2028, 2, 29), D(2028, 3, 1));
    cr_assert_eq(g.n, 2);
    snprintf(k, sizeof(k), "member:%lld@2028-02-29", (long long)leap);
    cr_assert(has(&g, k), "%s", k);
}

Test(remind, lister_skips_members_who_died_left_or_are_suspended)
{
    member(4, "甲", "2001-06-01", "deceased");
    member(4, "乙", "2001-06-01", "left");
    member(4, "丙", "2001-06-01", "suspended");
    int64_t ok = member(4, "丁", "2001-06-01", "lost_contact");
    char k[64];
    struct got g = list(D(2026, 6, 1), D(2026, 6, 1));

    cr_assert_eq(g.n, 1);
    snprintf(k, sizeof(k), "member:%lld@2026-06-01", (long long)ok);
    cr_assert(has(&g, k));
}

Test(remind, lister_window_across_the_year_end)
{
    member(4, "岁末", "2000-12-31", "normal");
    member(4, "年初", "2001-01-02", "normal");
    member(4, "年初外", "2001-01-04", "normal");
    member(4, "今年入党", "2026-12-30", "normal"); /* no anniversary yet */
    struct got g = list(D(2026, 12, 28), D(2027, 1, 3));

    cr_assert_eq(g.n, 2);
}

Test(remind, month_list_is_scoped_to_the_subtree)
{
    struct dj_actor branch, other;
    struct dj_birthday_month b;
    struct dj_arena *a = dj_arena_new();
    struct dj_err err = {0};

    member(4, "支部党员", "2012-02-29", "normal");
    fx_actor(&branch, DJ_ROLE_BRANCH_ADMIN, 4, "/1/2/4/");
    fx_actor(&other, DJ_ROLE_ORG_ADMIN, 3, "/1/3/");
    cr_assert_eq(dj_birthday_list_month(fx_db, &branch, 4, 2026, 2, a, &b, &err), 0);
    cr_assert_eq(b.n, 1);
    cr_assert_eq(b.items[0].date.d, 28);
    cr_assert_eq(b.items[0].years, 14);
    cr_assert_eq(dj_birthday_list_month(fx_db, &branch, 4, 2028, 2, a, &b, &err), 0);
    cr_assert_eq(b.items[0].date.d, 29);
    cr_assert_eq(dj_birthday_list_month(fx_db, &branch, 4, 2026, 3, a, &b, &err), 0);
    cr_assert_eq(b.n, 0);
    /* another subtree, and a missing organisation: the same refusal */
    cr_assert_eq(dj_birthday_list_month(fx_db, &other, 4, 2026, 2, a, &b, &err), DJ_EPERM);
    cr_assert_str_eq(err.message, "无权访问该组织的数据");
    cr_assert_eq(dj_birthday_list_month(fx_db, &other, 999, 2026, 2, a, &b, &err), DJ_EPERM);
    cr_assert_str_eq(err.message, "无权访问该组织的数据");
    cr_assert_eq(dj_birthday_list_month(fx_db, &branch, 4, 2026, 13, a, &b, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "month");
    dj_arena_free(a);
}

static bool in(const int64_t *v, int n, int64_t x)
{
    for (int i = 0; i < n; i++)
        if (v[i] == x)
            return true;
    return false;
}

Test(remind, recipients_are_own_admins_and_the_nearest_upper_admins)
{
    int64_t branch = fx_user("zhibu", DJ_ROLE_BRANCH_ADMIN, 4);
    int64_t street = fx_user("jiedao", DJ_ROLE_ORG_ADMIN, 2);
    int64_t top = fx_user("quwei", DJ_ROLE_ORG_ADMIN, 1);
    int64_t audit = fx_user("shenji", DJ_ROLE_AUDITOR, 4);
    int64_t self = fx_user("dangyuan", DJ_ROLE_MEMBER, 4);
    int64_t m = member(4, "本人", "2001-06-01", "normal");
    struct dj_arena *a = dj_arena_new();
    struct dj_err err = {0};
    int64_t *u;
    int n;
    char sql[128];

    snprintf(sql, sizeof(sql), "UPDATE members SET user_id = %lld WHERE id = %lld", (long long)self,
             (long long)m);
    fx_exec(sql);
    /* the branch's own admin, the 党工委's admin (first upper with admins), the member */
    cr_assert_eq(dj_remind_recipients(fx_db, "/1/2/4/", m, a, &u, &n, &err), 0);
    cr_assert_eq(n, 3);
    cr_assert(in(u, n, branch) && in(u, n, street) && in(u, n, self));
    cr_assert_not(in(u, n, top), "not beyond the nearest upper organisation with admins");
    cr_assert_not(in(u, n, audit), "auditors are not told");
    /* the 党工委 itself: its admin, and the 区委 above it */
    cr_assert_eq(dj_remind_recipients(fx_db, "/1/2/", 0, a, &u, &n, &err), 0);
    cr_assert_eq(n, 2);
    cr_assert(in(u, n, street) && in(u, n, top));
    /* a disabled account is skipped */
    snprintf(sql, sizeof(sql), "UPDATE users SET disabled = 1 WHERE id = %lld", (long long)street);
    fx_exec(sql);
    cr_assert_eq(dj_remind_recipients(fx_db, "/1/2/4/", 0, a, &u, &n, &err), 0);
    /* 2 is a 党工委 (a 基层党委 kind) without an enabled admin: the walk stops there */
    cr_assert_eq(n, 1);
    cr_assert_eq(u[0], branch);
    dj_arena_free(a);
}

Test(remind, recipients_fall_back_to_the_nearest_admins_above)
{
    int64_t top = fx_user("quwei", DJ_ROLE_ORG_ADMIN, 1);
    struct dj_arena *a = dj_arena_new();
    struct dj_err err = {0};
    int64_t *u;
    int n;

    /* nobody on 4 or 2, and 2 is a 党工委: rule 3 gives the 区委's admin */
    cr_assert_eq(dj_remind_recipients(fx_db, "/1/2/4/", 0, a, &u, &n, &err), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(u[0], top);
    dj_arena_free(a);
}

/* A fake source: two items of one organisation, one due on the run date. */
static int fake_lister(struct dj_db *db, const struct dj_scope *scope, struct dj_date from,
                       struct dj_date to, dj_deadline_emit emit, void *ctx, struct dj_err *err)
{
    struct dj_deadline d = {.kind = "test.due",
                            .org_id = 4,
                            .org_path = "/1/2/4/",
                            .level = DJ_DEADLINE_DUE,
                            .rule_id = "",
                            .title = "测试事项"};
    struct dj_date dues[] = {D(2026, 11, 23), D(2026, 11, 26), D(2026, 12, 20)};
    char key[16];
    int rc = 0;

    (void)db;
    (void)err;
    cr_assert(scope->all);
    for (size_t i = 0; i < DJ_ARRAY_LEN(dues) && !rc; i++) {
        if (dj_date_cmp(dues[i], from) < 0 || dj_date_cmp(dues[i], to) > 0)
            continue;
        snprintf(key, sizeof(key), "item:%zu", i);
        d.key = key;
        d.due = dues[i];
        rc = emit(ctx, &d);
    }
    return rc;
}

static const struct dj_remind_source fake_sources[] = {
    {"test.", "测试", fake_lister, 7, NULL, true},
    {NULL, NULL, NULL, 0, NULL, false},
};

static int64_t count(const char *sql)
{
    struct dj_stmt *st;
    struct dj_err err = {0};
    int64_t v;

    cr_assert_eq(dj_db_prepare(fx_db, sql, &st, &err), 0, "%s", err.detail);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW);
    v = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return v;
}

Test(remind, run_twice_creates_nothing_new_and_writes_one_audit_row)
{
    struct dj_remind_stats st;
    struct dj_err err = {0};

    fx_user("zhibu", DJ_ROLE_BRANCH_ADMIN, 4);
    int64_t audit0 = count("SELECT COUNT(*) FROM audit_log");
    cr_assert_eq(
        dj_remind_run_sources(fx_db, &fx_cli, &fx_cfg, fake_sources, D(2026, 11, 23), &st, &err), 0,
        "%s", err.message);
    cr_assert_eq(st.items, 2);
    cr_assert_eq(st.created, 2);
    cr_assert_eq(count("SELECT COUNT(*) FROM inbox WHERE stage = 'day' AND due = '2026-11-23'"), 1);
    cr_assert_eq(count("SELECT COUNT(*) FROM audit_log"), audit0 + 1);
    cr_assert_eq(count("SELECT COUNT(*) FROM audit_log WHERE action = 'remind.run' "
                       "AND after_json LIKE '%\"created\":2%'"),
                 1);

    cr_assert_eq(
        dj_remind_run_sources(fx_db, &fx_cli, &fx_cfg, fake_sources, D(2026, 11, 23), &st, &err),
        0);
    cr_assert_eq(st.created, 0);
    cr_assert_eq(st.existing, 2);
    cr_assert_eq(count("SELECT COUNT(*) FROM inbox"), 2);
    cr_assert_eq(count("SELECT COUNT(*) FROM audit_log"), audit0 + 1,
                 "a run creating nothing "
                 "writes nothing");
    /* overlapping window: 11-26 exists; 11-26 told again on its day (stage day) */
    cr_assert_eq(
        dj_remind_run_sources(fx_db, &fx_cli, &fx_cfg, fake_sources, D(2026, 11, 24), &st, &err),
        0);
    cr_assert_eq(st.created, 0);
    cr_assert_eq(
        dj_remind_run_sources(fx_db, &fx_cli, &fx_cfg, fake_sources, D(2026, 11, 26), &st, &err),
        0);
    cr_assert_eq(st.created, 1);
    cr_assert_eq(count("SELECT COUNT(*) FROM inbox WHERE key = 'item:1'"), 2);
    /* 12-20 enters the window [12-13, 12-20] */
    cr_assert_eq(
        dj_remind_run_sources(fx_db, &fx_cli, &fx_cfg, fake_sources, D(2026, 12, 13), &st, &err),
        0);
    cr_assert_eq(st.created, 1);
    cr_assert_eq(count("SELECT COUNT(*) FROM inbox WHERE key = 'item:2' AND stage = 'ahead'"), 1);
}

Test(remind, only_a_sysadmin_runs_the_scheduler)
{
    struct dj_actor a;
    struct dj_remind_stats st;
    struct dj_err err = {0};

    fx_actor(&a, DJ_ROLE_ORG_ADMIN, 1, "/1/");
    cr_assert_eq(dj_remind_run(fx_db, &a, &fx_cfg, D(2026, 11, 23), &st, &err), DJ_EPERM);
    cr_assert_eq(count("SELECT COUNT(*) FROM inbox"), 0);
}

Test(remind, channels_queue_deliveries_only_when_configured)
{
    struct dj_config cfg = fx_cfg;
    struct dj_remind_stats st;
    struct dj_err err = {0};
    int64_t u = fx_user("zhibu", DJ_ROLE_BRANCH_ADMIN, 4);

    cr_assert_eq(dj_remind_set_email(fx_db, &fx_cli, u, "bad address", &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "email");
    cr_assert_eq(dj_remind_set_email(fx_db, &fx_cli, u, "zhibu@example.org", &err), 0);
    dj_strlcpy(cfg.smtp_host, "127.0.0.1", sizeof(cfg.smtp_host));
    dj_strlcpy(cfg.webhook_url, "http://127.0.0.1:9/hook", sizeof(cfg.webhook_url));
    cr_assert_eq(
        dj_remind_run_sources(fx_db, &fx_cli, &cfg, fake_sources, D(2026, 11, 23), &st, &err), 0,
        "%s", err.message);
    cr_assert_eq(st.deliveries, 4);
    cr_assert_eq(count("SELECT COUNT(*) FROM deliveries WHERE channel = 'email'"), 2);
    cr_assert_eq(count("SELECT COUNT(*) FROM deliveries WHERE status = 'pending'"), 4);
}

Test(remind, inbox_entries_belong_to_their_user)
{
    struct dj_remind_stats st;
    struct dj_actor owner, stranger;
    struct dj_err err = {0};
    int64_t unread, total, id;
    int64_t u = fx_user("zhibu", DJ_ROLE_BRANCH_ADMIN, 4);
    int64_t v = fx_user("other", DJ_ROLE_ORG_ADMIN, 3);

    cr_assert_eq(
        dj_remind_run_sources(fx_db, &fx_cli, &fx_cfg, fake_sources, D(2026, 11, 23), &st, &err),
        0);
    fx_actor(&owner, DJ_ROLE_BRANCH_ADMIN, 4, "/1/2/4/");
    owner.user_id = u;
    fx_actor(&stranger, DJ_ROLE_ORG_ADMIN, 3, "/1/3/");
    stranger.user_id = v;
    cr_assert_eq(dj_inbox_count(fx_db, &owner, &unread, &total, &err), 0);
    cr_assert_eq(unread, 2);
    cr_assert_eq(dj_inbox_count(fx_db, &stranger, &unread, &total, &err), 0);
    cr_assert_eq(total, 0);
    id = count("SELECT MIN(id) FROM inbox");
    cr_assert_eq(dj_inbox_mark_read(fx_db, &stranger, id, &err), DJ_ENOTFOUND);
    cr_assert_eq(dj_inbox_mark_read(fx_db, &stranger, id + 1000, &err), DJ_ENOTFOUND);
    cr_assert_eq(count("SELECT COUNT(*) FROM inbox WHERE read_at IS NOT NULL"), 0);
    cr_assert_eq(dj_inbox_mark_read(fx_db, &owner, id, &err), 0);
    cr_assert_eq(dj_inbox_count(fx_db, &owner, &unread, &total, &err), 0);
    cr_assert_eq(unread, 1);
    cr_assert_eq(dj_inbox_mark_all_read(fx_db, &owner, &total, &err), 0);
    cr_assert_eq(total, 1);
    cr_assert_eq(dj_inbox_count(fx_db, &owner, &unread, &total, &err), 0);
    cr_assert_eq(unread, 0);
}

Test(remind, next_run_is_the_next_local_hour)
{
    /* 2026-11-23T05:00:00Z is 13:00 in Asia/Shanghai */
    int64_t now = 1795410000;

    cr_assert_eq(dj_remind_next_delay(now, 480, 7), 18 * 3600);
    cr_assert_eq(dj_remind_next_delay(now, 480, 14), 3600);
    cr_assert_eq(dj_remind_next_delay(now, 480, 13), 86400, "the hour now: tomorrow");
    cr_assert_eq(dj_remind_next_delay(now + 1, 480, 13), 86399);
    cr_assert_eq(dj_remind_next_delay(now, 0, 7), 2 * 3600);
}

Test(remind, daemon_starts_and_stops_promptly)
{
    struct dj_remind_daemon *d;
    struct dj_err err = {0};
    struct dj_config cfg = fx_cfg;

    cfg.remind_enabled = false;
    cr_assert_eq(dj_remind_daemon_start(&cfg, &d, &err), 0);
    cr_assert_null(d);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

Test(remind, daemon_runs_for_today_at_start_and_stops_promptly)
{
    char dir[64], path[96], file[128];
    struct dj_db *db;
    struct dj_remind_daemon *d;
    struct dj_err err = {0};
    struct dj_config cfg = fx_cfg;
    int64_t n = 0;
    double t0;

    dj_strlcpy(dir, "/tmp/dj_test_remind.XXXXXX", sizeof(dir));
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/d.db", dir);
    cr_assert_eq(dj_db_open(path, &db, &err), 0, "%s", err.message);
    cr_assert_eq(dj_migrate(db, NULL, &err), 0, "%s", err.message);
    cr_assert_eq(
        dj_db_exec(db,
                   "INSERT INTO orgs (id, parent_id, path, name, kind, created_at, updated_at) "
                   "VALUES (1, NULL, '/1/', '测试区委', 'committee', 'x', 'x'), "
                   "(2, 1, '/1/2/', '测试党支部', 'branch', 'x', 'x');"
                   "INSERT INTO users (id, username, display_name, password_hash, created_at, "
                   "updated_at) VALUES (1, 'zhibu', '支部', 'x', 'x', 'x');"
                   "INSERT INTO user_roles (user_id, role, org_id, created_at) "
                   "VALUES (1, 'branch_admin', 2, 'x');"
                   "INSERT INTO members (org_id, org_path, name, id_enc, id_blind, gender, "
                   "birth_date, category, joined_on, status, created_at, updated_at) VALUES "
                   "(2, '/1/2/', '测试党员', 'v1:x', 'b1', '1', '1970-01-01', 'full', "
                   "'2001-11-25', 'normal', 'x', 'x');",
                   &err),
        0, "%s", err.message);
    dj_db_configure(path);
    dj_date_set_today(D(2026, 11, 23));
    cfg.remind_enabled = true;
    cfg.remind_hour = 3;
    cr_assert_eq(dj_remind_daemon_start(&cfg, &d, &err), 0, "%s", err.message);
    cr_assert_not_null(d);
    for (int i = 0; i < 100 && n == 0; i++) {
        struct dj_stmt *st;
        cr_assert_eq(dj_db_prepare(db, "SELECT COUNT(*) FROM inbox WHERE user_id = 1 AND kind = 'birthday'",
                                   &st, &err),
                     0);
        if (dj_stmt_step(st, &err) == DJ_ROW)
            n = dj_stmt_int64(st, 0);
        dj_stmt_reset(st);
        if (!n)
            nanosleep(&(struct timespec){0, 50000000}, NULL);
    }
    cr_assert_eq(n, 1, "the start-up run told the branch admin");
    t0 = now_s();
    dj_remind_daemon_stop(d);
    cr_assert_lt(now_s() - t0, 2.0, "stop wakes the waiting thread");
    dj_date_set_today((struct dj_date){0, 0, 0});
    dj_db_close(db);
    for (const char *suffix = ""; suffix; suffix = !*suffix                  ? "-wal"
                                                   : !strcmp(suffix, "-wal") ? "-shm"
                                                                             : NULL) {
        snprintf(file, sizeof(file), "%s%s", path, suffix);
        unlink(file);
    }
    rmdir(dir);
}
