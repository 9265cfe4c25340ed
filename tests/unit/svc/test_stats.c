/*
 * test_stats.c - subtree statistics (svc/stats.c, store/stats.c): exact
 * counts of a small synthetic set with ages and 党龄 at their band
 * boundaries (30/31, 5/6 years, 02-29), the statuses that count, both ways
 * of counting bands (whole database and subtree scan) agreeing, the
 * trigger-maintained member_counts staying equal to the members table, scope.
 *
 * The fixture's tree: 1 /1/ 党委, 2 /1/2/ 党工委, 3 /1/3/ 党工委, 4 /1/2/4/ 党支部.
 */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "fixture.h"
#include "svc/org.h"
#include "svc/stats.h"

static struct dj_arena *arena;
static int seq;

static void setup(void)
{
    fx_setup();
    arena = dj_arena_new();
    seq = 0;
}

static void teardown(void)
{
    dj_arena_free(arena);
    fx_teardown();
}

TestSuite(stats, .init = setup, .fini = teardown);

static const struct dj_date TODAY = {2026, 11, 23};

static struct dj_date D(int y, int m, int d) {
    struct dj_date r = {y, m, d};
    return r;
}

static int64_t
sql_int(const char *sql)
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

struct m {
    const char *gender, *birth, *nation, *education, *category, *confirmed, *status;
};

static void member(int64_t org_id, const struct m *m)
{
    struct dj_stmt *st;
    struct dj_err err = {0};
    char blind[32];

    snprintf(blind, sizeof(blind), "blind-%d", ++seq);
    cr_assert_eq(dj_db_prepare(fx_db,
                               "INSERT INTO members (org_id, org_path, name, id_enc, id_blind, "
                               "gender, birth_date, nation, education, category, joined_on, "
                               "confirmed_on, status, created_at, updated_at) "
                               "SELECT id, path, '测试党员', 'v1:synthetic', $2, $3, $4, $5, $6, "
                               "$7, '1970-01-01', $8, $9, 'x', 'x' FROM orgs WHERE id = $1",
                               &st, &err),
                 0, "%s", err.detail);
    dj_stmt_bind_int64(st, 1, org_id);
    dj_stmt_bind_text(st, 2, blind);
    dj_stmt_bind_text(st, 3, m->gender);
    dj_stmt_bind_text(st, 4, m->birth);
    dj_stmt_bind_text(st, 5, m->nation);
    dj_stmt_bind_text(st, 6, m->education);
    dj_stmt_bind_text(st, 7, m->category);
    dj_stmt_bind_text(st, 8, m->confirmed);
    dj_stmt_bind_text(st, 9, m->status);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_DONE, "%s", err.detail);
}

static struct dj_org_stats stats_as(const struct dj_actor *a, int64_t org_id, struct dj_date on)
{
    struct dj_org_stats s;
    struct dj_err err = {0};

    cr_assert_eq(dj_stats_org(fx_db, a, org_id, on, arena, &s, &err), 0, "%s", err.message);
    return s;
}

static struct dj_org_stats stats(int64_t org_id, struct dj_date on)
{
    return stats_as(&fx_cli, org_id, on);
}

/* Count under `code` in a dimension; fails the test if the code is missing. */
static int64_t get(const struct dj_stats_dim *d, const char *code)
{
    for (int i = 0; i < d->n; i++)
        if (!strcmp(d->b[i].code, code))
            return d->b[i].count;
    cr_assert_fail("no bucket %s", code);
    return -1;
}

static int64_t sum(const struct dj_stats_dim *d)
{
    int64_t s = 0;
    for (int i = 0; i < d->n; i++)
        s += d->b[i].count;
    return s;
}

/*
 * Community branch A under /1/2/ and 机关 branch B under /1/3/; on 2026-11-23:
 *   a1 男 30 (born 1996-11-23) 汉 本科 正式 党龄 5 (2021-11-23)   normal
 *   a2 女 31 (1995-11-23) 02 专科 正式 党龄 6 (2020-11-23)         mobile
 *   a3 女 30 (1995-11-24) 民族/学历未填 预备                        lost_contact
 *   a4 男 71 (1955-11-23) 汉 博士 正式 党龄 51 (1975-11-23)         normal
 *   a5 未说明 70 (1955-11-24) 汉 其他 正式 no 转正日期               normal
 *   a6, a7, a8: left, deceased, suspended (not counted)
 *   b1 男 36 (1990-01-01) 05 硕士 正式 党龄 0 (2025-11-24)           normal
 *   b2 女 46 (1980-06-15) 汉 本科 正式 党龄 21 (2005-11-23)          normal
 */
static void small_set(int64_t *a, int64_t *b)
{
    static const struct m as[] = {
        {"1", "1996-11-23", "01", "21", "full", "2021-11-23", "normal"},
        {"2", "1995-11-23", "02", "31", "full", "2020-11-23", "mobile"},
        {"2", "1995-11-24", NULL, NULL, "probationary", NULL, "lost_contact"},
        {"1", "1955-11-23", "01", "11", "full", "1975-11-23", "normal"},
        {"9", "1955-11-24", "01", "90", "full", NULL, "normal"},
        {"1", "1990-01-01", "01", "21", "full", "2010-01-01", "left"},
        {"2", "1940-01-01", "01", "21", "full", "1960-01-01", "deceased"},
        {"1", "1985-01-01", "01", "21", "full", "2005-01-01", "suspended"},
    };
    static const struct m bs[] = {
        {"1", "1990-01-01", "05", "14", "full", "2025-11-24", "normal"},
        {"2", "1980-06-15", "01", "21", "full", "2005-11-23", "normal"},
    };

    *a = fx_org(2, "测试社区党支部", "branch", "community");
    *b = fx_org(3, "测试机关党支部", "branch", "organ");
    for (size_t i = 0; i < DJ_ARRAY_LEN(as); i++)
        member(*a, &as[i]);
    for (size_t i = 0; i < DJ_ARRAY_LEN(bs); i++)
        member(*b, &bs[i]);
}

static void expect_small_set(const struct dj_org_stats *s)
{
    cr_expect_eq(s->members, 7);
    cr_expect_eq(get(&s->category, "full"), 6);
    cr_expect_eq(get(&s->category, "probationary"), 1);
    cr_expect_eq(get(&s->gender, "1"), 3);
    cr_expect_eq(get(&s->gender, "2"), 3);
    cr_expect_eq(get(&s->gender, "other"), 1);

    cr_expect_eq(get(&s->age, "le30"), 2, "a1 is exactly 30, a3 turns 31 tomorrow");
    cr_expect_eq(get(&s->age, "31_35"), 1, "a2 turned 31 today");
    cr_expect_eq(get(&s->age, "36_40"), 1);
    cr_expect_eq(get(&s->age, "41_45"), 0);
    cr_expect_eq(get(&s->age, "46_50"), 1);
    cr_expect_eq(get(&s->age, "51_55"), 0);
    cr_expect_eq(get(&s->age, "56_60"), 0);
    cr_expect_eq(get(&s->age, "61_70"), 1, "a5 is 70 until tomorrow");
    cr_expect_eq(get(&s->age, "ge71"), 1, "a4 turned 71 today");
    cr_expect_eq(get(&s->age, "unknown"), 0);

    cr_expect_eq(get(&s->education, "11"), 1);
    cr_expect_eq(get(&s->education, "14"), 1);
    cr_expect_eq(get(&s->education, "21"), 2);
    cr_expect_eq(get(&s->education, "31"), 1);
    cr_expect_eq(get(&s->education, "90"), 1);
    cr_expect_eq(get(&s->education, "41"), 0);
    cr_expect_eq(get(&s->education, "unknown"), 1);

    cr_expect_eq(get(&s->ethnicity, "han"), 4);
    cr_expect_eq(get(&s->ethnicity, "minority"), 2);
    cr_expect_eq(get(&s->ethnicity, "unknown"), 1);

    cr_expect_eq(get(&s->domain, "community"), 5);
    cr_expect_eq(get(&s->domain, "organ"), 2);
    cr_expect_eq(get(&s->domain, "rural"), 0);
    cr_expect_eq(get(&s->domain, "unknown"), 0);

    cr_expect_eq(get(&s->party_age, "lt1"), 2, "a3 预备党员, b1 转正 a year ago tomorrow");
    cr_expect_eq(get(&s->party_age, "1_5"), 1, "a1: exactly 5 years");
    cr_expect_eq(get(&s->party_age, "6_10"), 1, "a2: exactly 6 years");
    cr_expect_eq(get(&s->party_age, "11_20"), 0);
    cr_expect_eq(get(&s->party_age, "21_30"), 1);
    cr_expect_eq(get(&s->party_age, "31_50"), 0);
    cr_expect_eq(get(&s->party_age, "ge51"), 1);
    cr_expect_eq(get(&s->party_age, "unknown"), 1, "a5 has no 转正日期");

    /* every dimension sums to the member total */
    cr_expect_eq(sum(&s->category), s->members);
    cr_expect_eq(sum(&s->gender), s->members);
    cr_expect_eq(sum(&s->age), s->members);
    cr_expect_eq(sum(&s->education), s->members);
    cr_expect_eq(sum(&s->ethnicity), s->members);
    cr_expect_eq(sum(&s->domain), s->members);
    cr_expect_eq(sum(&s->party_age), s->members);
}

Test(stats, exact_counts_at_the_band_boundaries)
{
    struct dj_org_stats s;
    int64_t a, b;

    small_set(&a, &b);
    s = stats(1, TODAY);
    cr_expect(s.whole_db, "the root of everything takes the whole-database path");
    expect_small_set(&s);
    cr_expect_eq(s.orgs, 6);
    cr_expect_eq(get(&s.org_kind, "committee"), 1);
    cr_expect_eq(get(&s.org_kind, "work_committee"), 2);
    cr_expect_eq(get(&s.org_kind, "branch"), 3);
    cr_expect_eq(get(&s.org_kind, "grid_branch"), 0);
    cr_expect_eq(sum(&s.org_kind), s.orgs);
    cr_expect_str_eq(s.category.b[0].label, "正式党员");
    cr_expect_str_eq(s.gender.b[0].label, "男");
    cr_expect_str_eq(s.age.b[0].label, "30岁及以下");
}

Test(stats, both_ways_of_counting_bands_agree)
{
    struct dj_org_stats whole, scan;
    int64_t a, b;

    small_set(&a, &b);
    whole = stats(1, TODAY);
    cr_assert(whole.whole_db);
    /* a second root makes /1/ a subtree like any other */
    fx_org(0, "测试另一区委", "committee", NULL);
    scan = stats(1, TODAY);
    cr_assert_not(scan.whole_db);
    expect_small_set(&scan);
    for (int i = 0; i < whole.age.n; i++)
        cr_expect_eq(whole.age.b[i].count, scan.age.b[i].count, "%s", whole.age.b[i].code);
    for (int i = 0; i < whole.party_age.n; i++)
        cr_expect_eq(whole.party_age.b[i].count, scan.party_age.b[i].count, "%s",
                     whole.party_age.b[i].code);
}

Test(stats, a_subtree_counts_only_its_own)
{
    struct dj_org_stats s;
    int64_t a, b;

    small_set(&a, &b);
    s = stats(2, TODAY);
    cr_expect_not(s.whole_db);
    cr_expect_eq(s.members, 5);
    cr_expect_eq(get(&s.domain, "community"), 5);
    cr_expect_eq(get(&s.domain, "organ"), 0);
    cr_expect_eq(get(&s.age, "le30"), 2);
    cr_expect_eq(get(&s.age, "31_35"), 1);
    cr_expect_eq(get(&s.age, "36_40"), 0);
    cr_expect_eq(get(&s.party_age, "lt1"), 1);
    cr_expect_eq(s.orgs, 3, "党工委, 测试第一党支部, 测试社区党支部");
    s = stats(b, TODAY);
    cr_expect_eq(s.members, 2);
    cr_expect_eq(get(&s.ethnicity, "minority"), 1);
    cr_expect_eq(s.orgs, 1);
    s = stats(4, TODAY);
    cr_expect_eq(s.members, 0);
    cr_expect_eq(sum(&s.age), 0);
}

Test(stats, the_bands_move_with_the_date)
{
    struct dj_org_stats s;
    int64_t a, b;

    small_set(&a, &b);
    s = stats(1, D(2026, 11, 22));
    cr_expect_eq(get(&s.age, "le30"), 3, "the day before, a2 was still 30");
    cr_expect_eq(get(&s.age, "ge71"), 0);
    cr_expect_eq(get(&s.party_age, "1_5"), 2, "a2 had 5 years");
    s = stats(1, D(2026, 11, 24));
    cr_expect_eq(get(&s.age, "le30"), 1, "a3 turned 31");
    cr_expect_eq(get(&s.age, "ge71"), 2, "a5 turned 71");
    cr_expect_eq(get(&s.party_age, "lt1"), 1, "b1 completed a year");
}

Test(stats, leap_day_birthdays)
{
    static const struct m leap = {"1", "1996-02-29", "01", "21", "full", "2024-02-29", "normal"};
    struct dj_org_stats s;

    member(4, &leap);
    s = stats(1, D(2027, 2, 27));
    cr_expect_eq(get(&s.age, "le30"), 1);
    s = stats(1, D(2027, 2, 28));
    cr_expect_eq(get(&s.age, "31_35"), 1, "in a common year the anniversary is on 02-28");
    cr_expect_eq(get(&s.party_age, "1_5"), 1, "3 years since 2024-02-29");
    s = stats(1, D(2025, 2, 27));
    cr_expect_eq(get(&s.party_age, "lt1"), 1);
    s = stats(1, D(2025, 2, 28));
    cr_expect_eq(get(&s.party_age, "1_5"), 1);
}

Test(stats, cutoff_dates)
{
    char buf[11];

    cr_expect_str_eq(dj_date_format(dj_stats_cutoff(D(2026, 11, 23), 31), buf), "1995-11-23");
    cr_expect_str_eq(dj_date_format(dj_stats_cutoff(D(2025, 2, 28), 1), buf), "2024-02-29");
    cr_expect_str_eq(dj_date_format(dj_stats_cutoff(D(2024, 2, 29), 1), buf), "2023-02-28");
    cr_expect_str_eq(dj_date_format(dj_stats_cutoff(D(2024, 2, 29), 4), buf), "2020-02-29");
    cr_expect_str_eq(dj_date_format(dj_stats_cutoff(D(2024, 3, 1), 1), buf), "2023-03-01");
    cr_expect_not(dj_date_isset(dj_stats_cutoff(D(10, 1, 1), 31)));
}

Test(stats, member_counts_follow_every_write)
{
    static const struct m one = {"2", "1980-01-01", "03", "31", "probationary", NULL, "normal"};
    /* rows where the summary and a fresh count of the members table differ */
    static const char diff[] =
        "SELECT (SELECT COUNT(*) FROM ("
        "SELECT org_path, COUNT(*) AS total, SUM(category IS 'full'), SUM(gender IS '1'), "
        "SUM(gender IS '2'), SUM(nation IS '01'), SUM(COALESCE(nation, '') = ''), "
        "SUM(education IS '11'), SUM(education IS '14'), SUM(education IS '21'), "
        "SUM(education IS '31'), SUM(education IS '41'), SUM(education IS '44'), "
        "SUM(education IS '47'), SUM(education IS '61'), SUM(education IS '71'), "
        "SUM(education IS '81'), SUM(education IS '90') FROM members "
        "WHERE status IN ('normal', 'mobile', 'lost_contact') GROUP BY org_path "
        "EXCEPT SELECT * FROM member_counts)) "
        "+ (SELECT COUNT(*) FROM (SELECT * FROM member_counts EXCEPT "
        "SELECT org_path, COUNT(*), SUM(category IS 'full'), SUM(gender IS '1'), "
        "SUM(gender IS '2'), SUM(nation IS '01'), SUM(COALESCE(nation, '') = ''), "
        "SUM(education IS '11'), SUM(education IS '14'), SUM(education IS '21'), "
        "SUM(education IS '31'), SUM(education IS '41'), SUM(education IS '44'), "
        "SUM(education IS '47'), SUM(education IS '61'), SUM(education IS '71'), "
        "SUM(education IS '81'), SUM(education IS '90') FROM members "
        "WHERE status IN ('normal', 'mobile', 'lost_contact') GROUP BY org_path))";
    int64_t a, b;

    small_set(&a, &b);
    cr_expect_eq(sql_int(diff), 0, "after inserts");
    cr_expect_eq(sql_int("SELECT COUNT(*) FROM member_counts"), 2);
    member(4, &one);
    fx_exec(
        "UPDATE members SET category = 'full', confirmed_on = '2026-01-01' WHERE nation = '03'");
    cr_expect_eq(sql_int(diff), 0, "after 转正");
    fx_exec("UPDATE members SET status = 'left' WHERE gender = '9'");
    fx_exec("UPDATE members SET status = 'normal' WHERE status = 'suspended'");
    cr_expect_eq(sql_int(diff), 0, "after status changes");
    fx_exec("UPDATE members SET education = '44', nation = NULL, gender = '1' WHERE nation = '05'");
    cr_expect_eq(sql_int(diff), 0, "after edits");
    /* a move of the whole branch A under /1/3/, as the organisation service does it */
    fx_exec("UPDATE members SET org_path = '/1/3/' || substr(org_path, 6) "
            "WHERE org_path >= '/1/2/' AND org_path < '/1/20'");
    cr_expect_eq(sql_int(diff), 0, "after a move");
    cr_expect_eq(sql_int("SELECT COUNT(*) FROM member_counts WHERE org_path LIKE '/1/2/%'"), 0,
                 "emptied rows are removed");
    fx_exec("DELETE FROM members WHERE gender = '2'");
    cr_expect_eq(sql_int(diff), 0, "after deletes");
    fx_exec("DELETE FROM members");
    cr_expect_eq(sql_int("SELECT COUNT(*) FROM member_counts"), 0);
}

Test(stats, date_counts_follow_every_write)
{
    static const struct m one = {"2", "1980-01-01", "03", "31", "probationary", NULL, "normal"};
    /* per-date tables (zero rows ignored) against a fresh count of the members table */
    static const char diff[] =
        "SELECT (SELECT COUNT(*) FROM ("
        "SELECT birth_date, COUNT(*) FROM members WHERE status IN ('normal', 'mobile', "
        "'lost_contact') GROUP BY birth_date EXCEPT SELECT * FROM member_birth_counts WHERE n <> "
        "0)) "
        "+ (SELECT COUNT(*) FROM (SELECT * FROM member_birth_counts WHERE n <> 0 EXCEPT "
        "SELECT birth_date, COUNT(*) FROM members WHERE status IN ('normal', 'mobile', "
        "'lost_contact') GROUP BY birth_date)) "
        "+ (SELECT COUNT(*) FROM (SELECT COALESCE(confirmed_on, ''), COUNT(*) FROM members "
        "WHERE category = 'full' AND status IN ('normal', 'mobile', 'lost_contact') GROUP BY 1 "
        "EXCEPT SELECT * FROM member_confirmed_counts WHERE n <> 0)) "
        "+ (SELECT COUNT(*) FROM (SELECT * FROM member_confirmed_counts WHERE n <> 0 EXCEPT "
        "SELECT COALESCE(confirmed_on, ''), COUNT(*) FROM members WHERE category = 'full' AND "
        "status IN ('normal', 'mobile', 'lost_contact') GROUP BY 1))";
    int64_t a, b;

    small_set(&a, &b);
    cr_expect_eq(sql_int(diff), 0, "after inserts");
    member(4, &one);
    fx_exec(
        "UPDATE members SET category = 'full', confirmed_on = '2026-01-01' WHERE nation = '03'");
    cr_expect_eq(sql_int(diff), 0, "after 转正");
    fx_exec("UPDATE members SET status = 'left' WHERE gender = '9'");
    fx_exec("UPDATE members SET status = 'normal' WHERE status = 'suspended'");
    cr_expect_eq(sql_int(diff), 0, "after status changes");
    fx_exec(
        "UPDATE members SET birth_date = '1990-02-28', confirmed_on = NULL WHERE nation = '05'");
    cr_expect_eq(sql_int(diff), 0, "after date edits");
    fx_exec("DELETE FROM members WHERE gender = '2'");
    cr_expect_eq(sql_int(diff), 0, "after deletes");
    fx_exec("DELETE FROM members");
    cr_expect_eq(sql_int("SELECT COUNT(*) FROM member_birth_counts WHERE n <> 0"), 0);
    cr_expect_eq(sql_int("SELECT COUNT(*) FROM member_confirmed_counts WHERE n <> 0"), 0);
}

Test(stats, readers_only)
{
    struct dj_actor a;
    struct dj_org_stats s;
    struct dj_err err = {0};
    char msg[256];

    fx_actor(&a, DJ_ROLE_BRANCH_ADMIN, 4, "/1/2/4/");
    cr_expect_eq(dj_stats_org(fx_db, &a, 4, TODAY, arena, &s, &err), 0, "%s", err.message);
    cr_expect_eq(dj_stats_org(fx_db, &a, 2, TODAY, arena, &s, &err), DJ_EPERM);
    dj_strlcpy(msg, err.message, sizeof(msg));
    cr_expect_eq(dj_stats_org(fx_db, &a, 4242, TODAY, arena, &s, &err), DJ_EPERM);
    cr_expect_str_eq(err.message, msg, "missing and foreign answer alike");
    cr_expect_eq(dj_stats_org(fx_db, &fx_cli, 4242, TODAY, arena, &s, &err), DJ_ENOTFOUND);
    fx_actor(&a, DJ_ROLE_AUDITOR, 1, "/1/");
    s = stats_as(&a, 2, TODAY);
    cr_expect_eq(s.members, 0);
    cr_expect_eq(dj_stats_org(fx_db, &fx_cli, 1, D(2026, 2, 30), arena, &s, &err), DJ_EINVAL);
}
