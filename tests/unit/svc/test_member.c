/*
 * test_member.c - the member service: create, read, edit, status, move;
 * one active record per ID number; personal fields sealed at rest and
 * found through the blind index; scopes (branch, subtree, auditor, the
 * member themself); masked audit JSON; lists, filters and name search;
 * history. "Today" is fixed at 2026-11-23. ID numbers are synthetic.
 *
 * Organisations: the fixture's 1 /1/, 2 /1/2/, 3 /1/3/, 4 /1/2/4/ (党支部)
 * plus, made here, 5 /1/3/5/ (党支部), 6 /1/2/4/6/ (党小组 under 4) and
 * 7 /1/2/7/ (党总支, not a branch).
 */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "base/idcard.h"
#include "base/log.h"
#include "fixture.h"
#include "model/member_rec.h"
#include "store/member.h"
#include "svc/crypt.h"
#include "svc/member.h"
#include "svc/svc.h"

static struct dj_arena *A;

static struct dj_date D(int y, int m, int d) {
    struct dj_date r = {y, m, d};
    return r;
}

static void
setup(void)
{
    struct dj_err err = {0};

    fx_setup();
    dj_date_set_today(D(2026, 11, 23));
    A = dj_arena_new();
    cr_assert_eq(
        dj_db_exec(fx_db,
                   "INSERT INTO orgs (id, parent_id, path, name, kind, status, created_at, "
                   "updated_at) VALUES "
                   "(5, 3, '/1/3/5/', '测试乙第一党支部', 'branch', 'active', 'x', 'x'),"
                   "(6, 4, '/1/2/4/6/', '测试第一党小组', 'group', 'active', 'x', 'x'),"
                   "(7, 2, '/1/2/7/', '测试党总支', 'general_branch', 'active', 'x', 'x');",
                   &err),
        0, "%s", err.message);
}

static void teardown(void)
{
    dj_arena_free(A);
    dj_date_set_today((struct dj_date){0, 0, 0});
    fx_teardown();
}

TestSuite(member, .init = setup, .fini = teardown);

/* A synthetic ID number (invented region 990101). */
static char *make_id(struct dj_date birth, int seq)
{
    char first17[32];
    char *out = dj_arena_alloc(A, 19);
    snprintf(first17, sizeof(first17), "990101%04d%02d%02d%03d", birth.y, birth.m, birth.d,
             seq % 1000);
    memcpy(out, first17, 17);
    out[17] = dj_idcard_check_char(first17);
    out[18] = '\0';
    return out;
}

/* A valid 正式党员 in org 4, born 1985-06-15 (male for odd seq). */
static struct dj_member_rec base_rec(const char *name, int seq)
{
    struct dj_member_rec m;
    memset(&m, 0, sizeof(m));
    m.name = dj_arena_strdup(A, name);
    m.id_number = make_id(D(1985, 6, 15), seq);
    m.joined_on = D(2010, 7, 1);
    m.confirmed_on = D(2011, 7, 1);
    m.category = "full";
    m.org_id = 4;
    m.phone = "13800001973";
    m.hukou = "测试省测试市幸福路1号";
    return m;
}

static int64_t create_as(const struct dj_actor *a, struct dj_member_rec *in, struct dj_err *err)
{
    struct dj_member_rec out;
    dj_err_clear(err);
    if (dj_member_create(fx_db, a, in, A, &out, err))
        return 0;
    return out.id;
}

static int64_t create(const char *name, int seq)
{
    struct dj_member_rec m = base_rec(name, seq);
    struct dj_err err = {0};
    int64_t id = create_as(&fx_cli, &m, &err);
    cr_assert_gt(id, 0, "create %s: %s (%s)", name, err.message, err.field);
    return id;
}

static int64_t count(const char *sql)
{
    struct dj_stmt *st;
    struct dj_err err = {0};
    int64_t n;
    cr_assert_eq(dj_db_prepare(fx_db, sql, &st, &err), 0, "%s", err.detail);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW);
    n = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return n;
}

/* ---- create and read ---------------------------------------------------- */

Test(member, create_derives_gender_birth_and_figures)
{
    struct dj_member_rec m;
    struct dj_err err = {0};
    int64_t id = create("测试甲", 11);

    cr_assert_eq(dj_member_get(fx_db, &fx_cli, id, false, A, &m, &err), 0, "%s", err.message);
    cr_assert_str_eq(m.name, "测试甲");
    cr_assert_str_eq(m.gender, "1");
    cr_assert_eq(m.birth_date.y, 1985);
    cr_assert_str_eq(m.status, "normal");
    cr_assert_str_eq(m.org_path, "/1/2/4/");
    cr_assert_str_eq(m.org_name, "测试第一党支部");
    cr_assert_eq(m.age, 41);
    cr_assert_eq(m.party_years, 15);
    cr_assert_str_eq(m.political_birthday, "07-01");
    cr_assert_str_eq(m.phone, "13800001973");
    cr_assert(m.info_completeness > 0 && m.info_completeness < 100);
    cr_assert_eq(count("SELECT COUNT(*) FROM audit_log WHERE action = 'member.create'"), 1);
}

Test(member, personal_fields_are_sealed_at_rest)
{
    struct dj_stmt *st;
    struct dj_err err = {0};
    struct dj_member_rec m = base_rec("测试乙", 13);
    char *plain_id = dj_arena_strdup(A, m.id_number);
    int64_t id = create_as(&fx_cli, &m, &err);
    char blind[DJ_CRYPT_BLIND_HEX];

    cr_assert_gt(id, 0, "%s", err.message);
    cr_assert_eq(dj_db_prepare(fx_db,
                               "SELECT id_enc, id_blind, phone_enc, hukou_enc, tel_enc, "
                               "name || gender || birth_date || COALESCE(job, '') "
                               "FROM members WHERE id = $1",
                               &st, &err),
                 0);
    dj_stmt_bind_int64(st, 1, id);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW);
    cr_assert(!strncmp(dj_stmt_text(st, 0), "v1:", 3));
    cr_assert_null(strstr(dj_stmt_text(st, 0), plain_id));
    dj_crypt_blind(dj_svc()->key, "member.id_number", plain_id, blind);
    cr_assert_str_eq(dj_stmt_text(st, 1), blind);
    cr_assert(!strncmp(dj_stmt_text(st, 2), "v1:", 3));
    cr_assert_null(strstr(dj_stmt_text(st, 2), "13800001973"));
    cr_assert(!strncmp(dj_stmt_text(st, 3), "v1:", 3));
    cr_assert_null(strstr(dj_stmt_text(st, 3), "幸福路"));
    cr_assert(dj_stmt_is_null(st, 4), "an empty field stays NULL");
    dj_stmt_reset(st);
    /* nothing in the audit log holds the plaintext either */
    cr_assert_eq(count("SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%13800001973%' "
                       "OR after_json LIKE '%幸福路%'"),
                 0);
    cr_assert_eq(count("SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%138****1973%'"), 1);
}

Test(member, sealed_values_are_bound_to_their_field)
{
    struct dj_member_rec m = base_rec("测试丙", 15), copy;
    struct dj_member_sealed s;
    struct dj_err err = {0};
    unsigned char other[32];

    cr_assert_eq(dj_member_seal(dj_svc()->key, &m, &s, A, &err), 0, "%s", err.message);
    /* open what was sealed: the round trip gives the plaintext back */
    memset(&copy, 0, sizeof(copy));
    copy.id_number = (char *)s.id_enc;
    copy.phone = (char *)s.phone_enc;
    copy.hukou = (char *)s.hukou_enc;
    dj_member_open(dj_svc()->key, &copy, A);
    cr_assert_str_eq(copy.id_number, m.id_number);
    cr_assert_str_eq(copy.phone, "13800001973");
    cr_assert_str_eq(copy.hukou, m.hukou);
    /* a sealed ID number moved into the phone column does not open; nor under another key */
    dj_log_set_level(DJ_LOG_OFF); /* the failures are logged as errors */
    memset(&copy, 0, sizeof(copy));
    copy.phone = (char *)s.id_enc;
    dj_member_open(dj_svc()->key, &copy, A);
    cr_assert_null(copy.phone);
    memset(other, 7, sizeof(other));
    copy.id_number = (char *)s.id_enc;
    dj_member_open(other, &copy, A);
    cr_assert_null(copy.id_number);
    dj_log_set_level(DJ_LOG_INFO);
}

Test(member, seal_normalises_the_id_number)
{
    struct dj_member_rec m = base_rec("测试丁", 17);
    struct dj_member_sealed s1, s2;
    char spaced[40];
    struct dj_err err = {0};

    /* find a number whose check character is X, then spell it with a space and a lower-case x */
    for (int seq = 1; seq < 1000; seq++) {
        m.id_number = make_id(D(1985, 6, 15), seq);
        if (m.id_number[17] == 'X')
            break;
    }
    cr_assert_eq(m.id_number[17], 'X');
    snprintf(spaced, sizeof(spaced), " %.6s %.11sx ", m.id_number, m.id_number + 6);
    cr_assert_eq(dj_member_seal(dj_svc()->key, &m, &s1, A, &err), 0, "%s", err.message);
    m.id_number = spaced;
    m.gender = NULL;
    cr_assert_eq(dj_member_seal(dj_svc()->key, &m, &s2, A, &err), 0, "%s", err.message);
    cr_assert_str_eq(s1.id_blind, s2.id_blind);
    cr_assert_eq(strlen(m.id_number), 18);
    cr_assert_eq(m.id_number[17], 'X');
}

/* ---- validation ----------------------------------------------------------- */

static void expect_invalid(struct dj_member_rec m, const char *field)
{
    struct dj_err err = {0};
    int64_t before = count("SELECT COUNT(*) FROM members");
    int64_t audit = count("SELECT COUNT(*) FROM audit_log");

    cr_assert_eq(create_as(&fx_cli, &m, &err), 0, "expected a failure on %s", field);
    cr_assert_eq(err.code, DJ_EINVAL, "%s: %s", field, err.message);
    cr_assert_str_eq(err.field, field, "%s", err.message);
    cr_assert(err.message[0]);
    cr_assert_eq(count("SELECT COUNT(*) FROM members"), before, "nothing written");
    cr_assert_eq(count("SELECT COUNT(*) FROM audit_log"), audit, "no audit row");
}

Test(member, bad_input_names_the_field_and_writes_nothing)
{
    struct dj_member_rec m;

    m = base_rec("测试", 21);
    m.id_number[17] = m.id_number[17] == '0' ? '1' : '0';
    expect_invalid(m, "id_number");
    m = base_rec("测试", 21);
    m.gender = "2";
    expect_invalid(m, "gender");
    m = base_rec("测试", 21);
    m.birth_date = D(1985, 6, 16);
    expect_invalid(m, "birth_date");
    m = base_rec("测试", 21);
    m.joined_on = D(2003, 6, 14); /* the day before the 18th birthday */
    m.confirmed_on = D(2004, 6, 14);
    expect_invalid(m, "joined_on");
    m = base_rec("测试", 21);
    m.confirmed_on = D(2011, 6, 30);
    expect_invalid(m, "confirmed_on");
    m = base_rec("测试", 21);
    m.confirmed_on = D(2012, 7, 2);
    expect_invalid(m, "confirmed_on");
    m = base_rec("测试", 21);
    m.category = "probationary";
    expect_invalid(m, "confirmed_on");
    m = base_rec("测试", 21);
    m.confirmed_on = D(0, 0, 0);
    expect_invalid(m, "confirmed_on");
    m = base_rec("测试", 21);
    m.joined_on = D(2026, 11, 24);
    m.confirmed_on = D(0, 0, 0);
    m.category = "probationary";
    expect_invalid(m, "joined_on");
    m = base_rec("测试", 21);
    m.phone = "1380000197";
    expect_invalid(m, "phone");
    m = base_rec("测试", 21);
    m.tel = "12345";
    expect_invalid(m, "tel");
    m = base_rec("测试", 21);
    m.nation = "99";
    expect_invalid(m, "nation");
    m = base_rec("测试", 21);
    m.org_id = 7; /* a 党总支 is not a branch */
    expect_invalid(m, "org_id");
    m = base_rec("测试", 21);
    m.org_id = 4242;
    expect_invalid(m, "org_id");
    m = base_rec("测试", 21);
    m.group_id = 2; /* not a 党小组 */
    expect_invalid(m, "group_id");
    m = base_rec("测试", 21);
    m.org_id = 5;
    m.group_id = 6; /* a 党小组 of another branch */
    expect_invalid(m, "group_id");
}

Test(member, boundaries_that_pass)
{
    struct dj_member_rec m = base_rec("测试边界", 23);
    struct dj_err err = {0};

    m.joined_on = D(2003, 6, 15);    /* the 18th birthday itself */
    m.confirmed_on = D(2005, 6, 15); /* + 2 years */
    m.tel = "0351-6543210";
    m.group_id = 6;
    cr_assert_gt(create_as(&fx_cli, &m, &err), 0, "%s (%s)", err.message, err.field);
}

/* ---- one active record per ID number --------------------------------------- */

Test(member, one_active_record_per_id_number)
{
    struct dj_member_rec m = base_rec("测试重复", 31), again;
    struct dj_member_status_change left = {"left", D(2024, 1, 1), "withdrew", "本人申请退党"};
    struct dj_member_rec out;
    struct dj_err err = {0};
    int64_t first = create_as(&fx_cli, &m, &err);

    cr_assert_gt(first, 0, "%s", err.message);
    again = base_rec("测试重复二", 31);
    again.org_id = 5;
    cr_assert_eq(create_as(&fx_cli, &again, &err), 0);
    cr_assert_eq(err.code, DJ_ECONFLICT);
    cr_assert_str_eq(err.field, "id_number");
    /* once the first record has left the roll, the number may be used again */
    cr_assert_eq(dj_member_set_status(fx_db, &fx_cli, first, &left, A, &out, &err), 0, "%s",
                 err.message);
    again = base_rec("测试重复二", 31);
    again.org_id = 5;
    cr_assert_gt(create_as(&fx_cli, &again, &err), 0, "%s", err.message);
    /* the index itself refuses a second active row written past the service */
    cr_assert_neq(dj_db_exec(fx_db,
                             "INSERT INTO members (org_id, org_path, name, id_enc, id_blind, "
                             "gender, birth_date, category, joined_on, created_at, updated_at) "
                             "SELECT org_id, org_path, name, id_enc, id_blind, gender, "
                             "birth_date, category, joined_on, created_at, updated_at FROM "
                             "members WHERE status = 'normal' AND name = '测试重复二'",
                             &err),
                  0);
}

Test(member, editing_into_another_active_id_is_a_conflict)
{
    struct dj_member_rec patch, out, other = base_rec("测试乙二", 33);
    struct dj_err err = {0};
    int64_t a = create("测试甲二", 35);

    cr_assert_gt(create_as(&fx_cli, &other, &err), 0);
    memset(&patch, 0, sizeof(patch));
    patch.id_number = make_id(D(1985, 6, 15), 33);
    dj_rec_mark(&dj_member_desc, &patch, DJ_MF_ID_NUMBER);
    cr_assert_eq(dj_member_update(fx_db, &fx_cli, a, &patch, A, &out, &err), DJ_ECONFLICT);
    cr_assert_str_eq(err.field, "id_number");
}

Test(member, lookup_by_blind_index)
{
    struct dj_member_rec *rows;
    struct dj_actor other;
    struct dj_err err = {0};
    int n;
    int64_t id = create("测试查找", 41);
    char *num = make_id(D(1985, 6, 15), 41), spelled[40];

    cr_assert_eq(dj_member_lookup(fx_db, &fx_cli, num, A, &rows, &n, &err), 0, "%s", err.message);
    cr_assert_eq(n, 1);
    cr_assert_eq(rows[0].id, id);
    snprintf(spelled, sizeof(spelled), "%.9s %s", num, num + 9);
    cr_assert_eq(dj_member_lookup(fx_db, &fx_cli, spelled, A, &rows, &n, &err), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(dj_member_lookup(fx_db, &fx_cli, make_id(D(1985, 6, 15), 43), A, &rows, &n, &err),
                 0);
    cr_assert_eq(n, 0);
    /* another branch's admin finds nothing */
    fx_actor(&other, DJ_ROLE_BRANCH_ADMIN, 5, "/1/3/5/");
    cr_assert_eq(dj_member_lookup(fx_db, &other, num, A, &rows, &n, &err), 0);
    cr_assert_eq(n, 0);
    cr_assert_eq(dj_member_lookup(fx_db, &fx_cli, "12345", A, &rows, &n, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "id_number");
}

/* ---- edit, status, move ----------------------------------------------------- */

Test(member, edit_audits_changed_fields_masked)
{
    struct dj_member_rec patch, out;
    struct dj_err err = {0};
    int64_t id = create("测试编辑", 51);
    int64_t audit;

    memset(&patch, 0, sizeof(patch));
    patch.phone = "13900002024";
    patch.job = "社区网格员";
    dj_rec_mark(&dj_member_desc, &patch, DJ_MF_PHONE);
    dj_rec_mark(&dj_member_desc, &patch, DJ_MF_JOB);
    cr_assert_eq(dj_member_update(fx_db, &fx_cli, id, &patch, A, &out, &err), 0, "%s", err.message);
    cr_assert_str_eq(out.phone, "13900002024");
    cr_assert_str_eq(out.job, "社区网格员");
    cr_assert_eq(count("SELECT COUNT(*) FROM audit_log WHERE action = 'member.update' AND "
                       "before_json = '{\"job\":null,\"phone\":\"138****1973\"}' AND "
                       "after_json = '{\"job\":\"社区网格员\",\"phone\":\"139****2024\"}'"),
                 1);
    /* the same values again: no write, no audit row */
    audit = count("SELECT COUNT(*) FROM audit_log");
    cr_assert_eq(dj_member_update(fx_db, &fx_cli, id, &patch, A, &out, &err), 0);
    cr_assert_eq(count("SELECT COUNT(*) FROM audit_log"), audit);
    /* org_id is changed by a move only */
    memset(&patch, 0, sizeof(patch));
    patch.org_id = 5;
    dj_rec_mark(&dj_member_desc, &patch, DJ_MF_ORG_ID);
    cr_assert_eq(dj_member_update(fx_db, &fx_cli, id, &patch, A, &out, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "org_id");
}

Test(member, a_new_id_number_brings_its_gender_and_birth_date)
{
    struct dj_member_rec patch, out;
    struct dj_err err = {0};
    int64_t id = create("测试换号", 53);

    memset(&patch, 0, sizeof(patch));
    patch.id_number = make_id(D(1988, 3, 9), 54); /* even: female */
    dj_rec_mark(&dj_member_desc, &patch, DJ_MF_ID_NUMBER);
    cr_assert_eq(dj_member_update(fx_db, &fx_cli, id, &patch, A, &out, &err), 0, "%s", err.message);
    cr_assert_str_eq(out.gender, "2");
    cr_assert_eq(out.birth_date.y, 1988);
    cr_assert_str_eq(out.id_number, patch.id_number);
}

Test(member, confirming_a_probationary_member)
{
    struct dj_member_rec m = base_rec("测试预备", 55), patch, out;
    struct dj_err err = {0};
    int64_t id;

    m.category = "probationary";
    m.joined_on = D(2025, 11, 23);
    m.confirmed_on = D(0, 0, 0);
    id = create_as(&fx_cli, &m, &err);
    cr_assert_gt(id, 0, "%s", err.message);
    cr_assert_eq(dj_member_get(fx_db, &fx_cli, id, false, A, &out, &err), 0);
    cr_assert_eq(out.party_years, 0, "a 预备党员 has no 党龄");
    memset(&patch, 0, sizeof(patch));
    patch.category = "full";
    patch.confirmed_on = D(2026, 11, 23);
    dj_rec_mark(&dj_member_desc, &patch, DJ_MF_CATEGORY);
    dj_rec_mark(&dj_member_desc, &patch, DJ_MF_CONFIRMED_ON);
    cr_assert_eq(dj_member_update(fx_db, &fx_cli, id, &patch, A, &out, &err), 0, "%s", err.message);
    cr_assert_str_eq(out.category, "full");
    cr_assert_eq(out.party_years, 0);
    /* a day too early */
    patch.confirmed_on = D(2026, 11, 22);
    cr_assert_eq(dj_member_update(fx_db, &fx_cli, id, &patch, A, &out, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "confirmed_on");
}

Test(member, status_changes)
{
    struct dj_member_rec out;
    struct dj_err err = {0};
    int64_t id = create("测试状态", 61);
    struct dj_member_status_change c = {"suspended", D(2026, 1, 10), NULL, NULL};

    /* reason needed for 停止党籍 */
    cr_assert_eq(dj_member_set_status(fx_db, &fx_cli, id, &c, A, &out, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "reason");
    c.reason = "失联满六个月";
    c.on = D(2010, 6, 30); /* before joining */
    cr_assert_eq(dj_member_set_status(fx_db, &fx_cli, id, &c, A, &out, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "date");
    c.on = D(2026, 11, 24); /* tomorrow */
    cr_assert_eq(dj_member_set_status(fx_db, &fx_cli, id, &c, A, &out, &err), DJ_EINVAL);
    c.on = D(2026, 1, 10);
    cr_assert_eq(dj_member_set_status(fx_db, &fx_cli, id, &c, A, &out, &err), 0, "%s", err.message);
    cr_assert_str_eq(out.status, "suspended");
    cr_assert_eq(out.status_on.d, 10);
    /* from 停止党籍 only 恢复党籍, 出党 or 死亡 */
    c = (struct dj_member_status_change){"mobile", D(2026, 2, 1), NULL, NULL};
    cr_assert_eq(dj_member_set_status(fx_db, &fx_cli, id, &c, A, &out, &err), DJ_ECONFLICT);
    c = (struct dj_member_status_change){"normal", D(2026, 1, 9), NULL, "恢复党籍"};
    cr_assert_eq(dj_member_set_status(fx_db, &fx_cli, id, &c, A, &out, &err), DJ_EINVAL,
                 "not before the current status date");
    c.on = D(2026, 3, 1);
    cr_assert_eq(dj_member_set_status(fx_db, &fx_cli, id, &c, A, &out, &err), 0, "%s", err.message);
    cr_assert_str_eq(out.status, "normal");
    c = (struct dj_member_status_change){"left", D(2026, 4, 1), NULL, "开除党籍"};
    cr_assert_eq(dj_member_set_status(fx_db, &fx_cli, id, &c, A, &out, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "leave_kind");
    c.leave_kind = "expelled";
    cr_assert_eq(dj_member_set_status(fx_db, &fx_cli, id, &c, A, &out, &err), 0, "%s", err.message);
    cr_assert_str_eq(out.leave_kind, "expelled");
    /* final */
    c = (struct dj_member_status_change){"normal", D(2026, 5, 1), NULL, NULL};
    cr_assert_eq(dj_member_set_status(fx_db, &fx_cli, id, &c, A, &out, &err), DJ_ECONFLICT);
    cr_assert_eq(count("SELECT COUNT(*) FROM audit_log WHERE action = 'member.status'"), 3);
}

Test(member, move_between_branches)
{
    struct dj_member_rec out, m = base_rec("测试转移", 71);
    struct dj_actor branch4;
    struct dj_err err = {0};
    int64_t id;

    m.group_id = 6;
    id = create_as(&fx_cli, &m, &err);
    cr_assert_gt(id, 0, "%s", err.message);
    /* the branch admin of 4 may not move into 5, outside their scope */
    fx_actor(&branch4, DJ_ROLE_BRANCH_ADMIN, 4, "/1/2/4/");
    cr_assert_eq(dj_member_move(fx_db, &branch4, id, 5, A, &out, &err), DJ_EPERM);
    /* not a branch */
    cr_assert_eq(dj_member_move(fx_db, &fx_cli, id, 7, A, &out, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "org_id");
    cr_assert_eq(dj_member_move(fx_db, &fx_cli, id, 4, A, &out, &err), DJ_EINVAL);
    cr_assert_eq(dj_member_move(fx_db, &fx_cli, id, 5, A, &out, &err), 0, "%s", err.message);
    cr_assert_eq(out.org_id, 5);
    cr_assert_str_eq(out.org_path, "/1/3/5/");
    cr_assert_eq(out.group_id, 0, "the 党小组 is cleared");
    /* the audit row sits at the common ancestor /1/ */
    cr_assert_eq(count("SELECT COUNT(*) FROM audit_log WHERE action = 'member.move' AND "
                       "org_path = '/1/'"),
                 1);
    /* now the branch admin of 4 cannot see it */
    cr_assert_eq(dj_member_get(fx_db, &branch4, id, false, A, &out, &err), DJ_EPERM);
}

/* ---- permissions ------------------------------------------------------------ */

Test(member, scopes_and_the_same_answer_for_missing_records)
{
    struct dj_member_rec out;
    struct dj_actor b4, b5, auditor, org2;
    struct dj_err e1 = {0}, e2 = {0};
    int64_t id = create("测试权限", 81);

    fx_actor(&b4, DJ_ROLE_BRANCH_ADMIN, 4, "/1/2/4/");
    fx_actor(&b5, DJ_ROLE_BRANCH_ADMIN, 5, "/1/3/5/");
    fx_actor(&auditor, DJ_ROLE_AUDITOR, 1, "/1/");
    fx_actor(&org2, DJ_ROLE_ORG_ADMIN, 2, "/1/2/");
    cr_assert_eq(dj_member_get(fx_db, &b4, id, true, A, &out, &e1), 0, "%s", e1.message);
    cr_assert_eq(dj_member_get(fx_db, &org2, id, true, A, &out, &e1), 0);
    cr_assert_eq(dj_member_get(fx_db, &b5, id, false, A, &out, &e1), DJ_EPERM);
    cr_assert_eq(dj_member_get(fx_db, &b5, 999999, false, A, &out, &e2), DJ_EPERM);
    cr_assert_str_eq(e1.message, e2.message);
    cr_assert_str_eq(e1.field, e2.field);
    /* the auditor reads, masked only */
    cr_assert_eq(dj_member_get(fx_db, &auditor, id, false, A, &out, &e1), 0);
    cr_assert_eq(dj_member_get(fx_db, &auditor, id, true, A, &out, &e1), DJ_EPERM);
    cr_assert(!dj_member_may_unmask(&auditor, &out));
    /* sysadmin: a missing record is 404 */
    cr_assert_eq(dj_member_get(fx_db, &fx_cli, 999999, false, A, &out, &e1), DJ_ENOTFOUND);
    /* writes */
    {
        struct dj_member_rec patch;
        memset(&patch, 0, sizeof(patch));
        patch.job = "x";
        dj_rec_mark(&dj_member_desc, &patch, DJ_MF_JOB);
        cr_assert_eq(dj_member_update(fx_db, &b5, id, &patch, A, &out, &e1), DJ_EPERM);
        cr_assert_eq(dj_member_update(fx_db, &auditor, id, &patch, A, &out, &e1), DJ_EPERM);
        cr_assert_eq(dj_member_update(fx_db, &b4, id, &patch, A, &out, &e1), 0, "%s", e1.message);
    }
    cr_assert_eq(count("SELECT COUNT(*) FROM audit_log WHERE action = 'member.read_unmasked'"), 2);
}

Test(member, a_member_sees_only_their_own_record)
{
    struct dj_member_rec out, *rows;
    struct dj_actor self;
    struct dj_err err = {0};
    int64_t total, mine = create("测试本人", 91), other = create("测试他人", 93);
    struct dj_member_query q = {.age_min = -1, .age_max = -1};
    int n;

    fx_actor(&self, DJ_ROLE_MEMBER, 4, "/1/2/4/");
    self.member_id = mine;
    cr_assert_eq(dj_member_self(fx_db, &self, false, A, &out, &err), 0, "%s", err.message);
    cr_assert_eq(out.id, mine);
    cr_assert_eq(dj_member_get(fx_db, &self, mine, true, A, &out, &err), 0, "%s", err.message);
    cr_assert_eq(dj_member_get(fx_db, &self, other, false, A, &out, &err), DJ_EPERM);
    cr_assert_eq(dj_member_list(fx_db, &self, &q, A, &rows, &n, &total, &err), DJ_EPERM);
    self.member_id = 0;
    cr_assert_eq(dj_member_self(fx_db, &self, false, A, &out, &err), DJ_ENOTFOUND);
}

Test(member, link_user_sets_both_sides)
{
    struct dj_err err = {0};
    int64_t id = create("测试账号", 95);
    int64_t uid = fx_user("dangyuan95", DJ_ROLE_MEMBER, 4);

    cr_assert_eq(dj_member_link_user(fx_db, &fx_cli, id, uid, &err), 0, "%s", err.message);
    cr_assert_eq(count("SELECT COUNT(*) FROM users WHERE member_id IS NOT NULL"), 1);
    cr_assert_eq(count("SELECT user_id FROM members WHERE user_id IS NOT NULL"), uid);
    cr_assert_eq(dj_member_link_user(fx_db, &fx_cli, id, 0, &err), 0, "%s", err.message);
    cr_assert_eq(count("SELECT COUNT(*) FROM users WHERE member_id IS NOT NULL"), 0);
    cr_assert_eq(count("SELECT COUNT(*) FROM members WHERE user_id IS NOT NULL"), 0);
}

/* ---- lists and search --------------------------------------------------------- */

static int64_t list_total(const struct dj_actor *a, struct dj_member_query q)
{
    struct dj_member_rec *rows;
    struct dj_err err = {0};
    int64_t total;
    int n;

    if (!q.age_min)
        q.age_min = -1;
    if (!q.age_max)
        q.age_max = -1;
    cr_assert_eq(dj_member_list(fx_db, a, &q, A, &rows, &n, &total, &err), 0, "%s (%s)",
                 err.message, err.field);
    return total;
}

Test(member, list_filters_and_name_search)
{
    struct dj_member_rec m, *rows;
    struct dj_actor b4;
    struct dj_err err = {0};
    int64_t total;
    int n;

    create("王小明", 101);
    create("王芳", 103);
    create("欧阳王", 105);
    m = base_rec("李雷", 107);
    m.org_id = 5;
    m.category = "probationary";
    m.confirmed_on = D(0, 0, 0);
    m.joined_on = D(2025, 12, 1);
    m.id_number = make_id(D(2004, 2, 29), 108); /* female, 22 */
    cr_assert_gt(create_as(&fx_cli, &m, &err), 0, "%s", err.message);

    cr_assert_eq(list_total(&fx_cli, (struct dj_member_query){0}), 4);
    /* 1 and 2 characters: prefix; 3+: contains (trigram) */
    cr_assert_eq(list_total(&fx_cli, (struct dj_member_query){.q = "王"}), 2);
    cr_assert_eq(list_total(&fx_cli, (struct dj_member_query){.q = "王芳"}), 1);
    cr_assert_eq(list_total(&fx_cli, (struct dj_member_query){.q = "王小明"}), 1);
    cr_assert_eq(list_total(&fx_cli, (struct dj_member_query){.q = "阳王"}), 0);
    cr_assert_eq(list_total(&fx_cli, (struct dj_member_query){.q = "欧阳王"}), 1);
    cr_assert_eq(list_total(&fx_cli, (struct dj_member_query){.q = "\"x"}), 0);
    /* filters */
    cr_assert_eq(list_total(&fx_cli, (struct dj_member_query){.category = "probationary"}), 1);
    cr_assert_eq(list_total(&fx_cli, (struct dj_member_query){.gender = "2"}), 1);
    cr_assert_eq(list_total(&fx_cli, (struct dj_member_query){.org_id = 3}), 1);
    cr_assert_eq(list_total(&fx_cli, (struct dj_member_query){.org_id = 2}), 3);
    cr_assert_eq(list_total(&fx_cli, (struct dj_member_query){.joined_year = 2025}), 1);
    cr_assert_eq(list_total(&fx_cli, (struct dj_member_query){.joined_year = 2010}), 3);
    /* age: born 2004-02-29 is 22 on 2026-11-23; the others 41 */
    cr_assert_eq(list_total(&fx_cli, (struct dj_member_query){.age_min = 22, .age_max = 22}), 1);
    cr_assert_eq(list_total(&fx_cli, (struct dj_member_query){.age_min = 23, .age_max = 41}), 3);
    cr_assert_eq(list_total(&fx_cli, (struct dj_member_query){.age_min = 42, .age_max = 100}), 0);
    /* scope: the branch admin of 4 sees its three */
    fx_actor(&b4, DJ_ROLE_BRANCH_ADMIN, 4, "/1/2/4/");
    cr_assert_eq(list_total(&b4, (struct dj_member_query){0}), 3);
    cr_assert_eq(
        dj_member_list(fx_db, &b4,
                       &(struct dj_member_query){.org_id = 5, .age_min = -1, .age_max = -1}, A,
                       &rows, &n, &total, &err),
        DJ_EPERM);
    /* bad values */
    cr_assert_eq(
        dj_member_list(fx_db, &fx_cli,
                       &(struct dj_member_query){.category = "x", .age_min = -1, .age_max = -1}, A,
                       &rows, &n, &total, &err),
        DJ_EINVAL);
    cr_assert_str_eq(err.field, "category");
    /* sort and pagination */
    cr_assert_eq(dj_member_list(fx_db, &fx_cli,
                                &(struct dj_member_query){.sort = "joined_on",
                                                          .desc = true,
                                                          .limit = 2,
                                                          .offset = 0,
                                                          .age_min = -1,
                                                          .age_max = -1},
                                A, &rows, &n, &total, &err),
                 0);
    cr_assert_eq(total, 4);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(rows[0].name, "李雷");
    cr_assert_eq(
        dj_member_list(fx_db, &fx_cli,
                       &(struct dj_member_query){
                           .sort = "id", .limit = 2, .offset = 3, .age_min = -1, .age_max = -1},
                       A, &rows, &n, &total, &err),
        0);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(rows[0].name, "李雷");
    cr_assert_str_eq(rows[0].id_number, m.id_number, "rows are opened");
}

Test(member, list_leaves_out_former_members_unless_asked)
{
    struct dj_member_rec out;
    struct dj_member_status_change c = {"deceased", D(2026, 1, 1), NULL, NULL};
    struct dj_err err = {0};
    int64_t id = create("测试故去", 111);

    create("测试在册", 113);
    cr_assert_eq(dj_member_set_status(fx_db, &fx_cli, id, &c, A, &out, &err), 0, "%s", err.message);
    cr_assert_eq(list_total(&fx_cli, (struct dj_member_query){0}), 1);
    cr_assert_eq(list_total(&fx_cli, (struct dj_member_query){.status = "all"}), 2);
    cr_assert_eq(list_total(&fx_cli, (struct dj_member_query){.status = "deceased"}), 1);
}

Test(member, history_shows_who_when_and_what)
{
    struct dj_member_rec patch, out;
    struct dj_audit_row *rows;
    struct dj_actor b4, b5;
    struct dj_err err = {0};
    int64_t id = create("测试历史", 121);
    int n;

    fx_actor(&b4, DJ_ROLE_BRANCH_ADMIN, 4, "/1/2/4/");
    dj_strlcpy(b4.username, "shuji4", sizeof(b4.username));
    memset(&patch, 0, sizeof(patch));
    patch.education = "21";
    dj_rec_mark(&dj_member_desc, &patch, DJ_MF_EDUCATION);
    cr_assert_eq(dj_member_update(fx_db, &b4, id, &patch, A, &out, &err), 0, "%s", err.message);
    cr_assert_eq(dj_member_history(fx_db, &b4, id, 0, 100, A, &rows, &n, &err), 0, "%s",
                 err.message);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(rows[0].action, "member.create");
    cr_assert_str_eq(rows[1].action, "member.update");
    cr_assert_str_eq(rows[1].username, "shuji4");
    cr_assert_str_eq(rows[1].before_json, "{\"education\":null}");
    cr_assert_str_eq(rows[1].after_json, "{\"education\":\"21\"}");
    fx_actor(&b5, DJ_ROLE_BRANCH_ADMIN, 5, "/1/3/5/");
    cr_assert_eq(dj_member_history(fx_db, &b5, id, 0, 100, A, &rows, &n, &err), DJ_EPERM);
}
