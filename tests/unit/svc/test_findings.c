/*
 * test_findings.c - the set-up checks over a subtree (svc/findings.c with
 * store/findings.c): which members count, committees from posts, subtree
 * sums for 党总支 and 基层党委, 书记 vacancies from post dates, a per-党委
 * override, joint branches, 应建未建 units, scope, paging and totals.
 *
 * Members, posts and units are inserted with plain SQL (synthetic
 * placeholders for the encrypted fields): these tests are about counts.
 * The fixture's tree: 1 /1/ 党委, 2 /1/2/ 党工委, 3 /1/3/ 党工委, 4 /1/2/4/ 党支部.
 */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "fixture.h"
#include "rules/ruletab.h"
#include "svc/findings.h"
#include "svc/org.h"

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
    dj_rules_release();
    dj_arena_free(arena);
    fx_teardown();
}

TestSuite(findings, .init = setup, .fini = teardown);

static const struct dj_date TODAY = {2026, 11, 23};

static struct dj_date D(int y, int m, int d) {
    struct dj_date r = {y, m, d};
    return r;
}

/* ---- data helpers ------------------------------------------------------------------- */

/* `n` members of org_id in one category and status. */
static void
members(int64_t org_id, int n, const char *category, const char *status)
{
    for (int i = 0; i < n; i++) {
        struct dj_stmt *st;
        struct dj_err err = {0};
        char blind[32];

        snprintf(blind, sizeof(blind), "blind-%d", ++seq);
        cr_assert_eq(
            dj_db_prepare(
                fx_db,
                "INSERT INTO members (org_id, org_path, name, id_enc, id_blind, gender, "
                "birth_date, category, joined_on, confirmed_on, status, created_at, updated_at) "
                "SELECT id, path, '测试党员', 'v1:synthetic', $2, '1', '1980-01-01', $3, "
                "'2000-01-01', CASE WHEN $3 = 'full' THEN '2001-01-01' END, $4, 'x', 'x' "
                "FROM orgs WHERE id = $1",
                &st, &err),
            0, "%s", err.detail);
        dj_stmt_bind_int64(st, 1, org_id);
        dj_stmt_bind_text(st, 2, blind);
        dj_stmt_bind_text(st, 3, category);
        dj_stmt_bind_text(st, 4, status);
        cr_assert_eq(dj_stmt_step(st, &err), DJ_DONE, "%s", err.detail);
    }
}

/* A post; end NULL = still held. holder 0 = no member record. Returns its id. */
static int64_t post(int64_t org_id, const char *kind, int64_t holder, const char *name,
                    const char *start, const char *end, int principal)
{
    struct dj_stmt *st;
    struct dj_err err = {0};
    int64_t id;

    cr_assert_eq(dj_db_prepare(fx_db,
                               "INSERT INTO org_posts (org_id, post, member_id, person_name, "
                               "start_on, end_on, principal_leader, created_at, updated_at) "
                               "VALUES ($1, $2, $3, $4, $5, $6, $7, 'x', 'x') RETURNING id",
                               &st, &err),
                 0, "%s", err.detail);
    dj_stmt_bind_int64(st, 1, org_id);
    dj_stmt_bind_text(st, 2, kind);
    if (holder)
        dj_stmt_bind_int64(st, 3, holder);
    else
        dj_stmt_bind_null(st, 3);
    dj_stmt_bind_text(st, 4, name);
    dj_stmt_bind_text(st, 5, start);
    dj_stmt_bind_text(st, 6, end);
    dj_stmt_bind_int64(st, 7, principal);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW, "%s", err.detail);
    id = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return id;
}

/* A unit owned by `owner`; org / joint 0 = none. */
static int64_t unit(int64_t owner, const char *name, int64_t org_id, int64_t joint, int64_t full)
{
    struct dj_stmt *st;
    struct dj_err err = {0};
    int64_t id;

    cr_assert_eq(dj_db_prepare(fx_db,
                               "INSERT INTO units (name, domain, owner_org_id, org_id, "
                               "joint_org_id, full_members, created_at, updated_at) "
                               "VALUES ($1, 'private', $2, $3, $4, $5, 'x', 'x') RETURNING id",
                               &st, &err),
                 0, "%s", err.detail);
    dj_stmt_bind_text(st, 1, name);
    dj_stmt_bind_int64(st, 2, owner);
    if (org_id)
        dj_stmt_bind_int64(st, 3, org_id);
    else
        dj_stmt_bind_null(st, 3);
    if (joint)
        dj_stmt_bind_int64(st, 4, joint);
    else
        dj_stmt_bind_null(st, 4);
    dj_stmt_bind_int64(st, 5, full);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW, "%s", err.detail);
    id = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return id;
}

/* A current 书记 so that the vacancy check stays quiet. */
static void secretary(int64_t org_id)
{
    post(org_id, "secretary", 0, "书记甲", "2024-01-01", NULL, 1);
}

/* ---- query helpers ------------------------------------------------------------------ */

static struct dj_findings_page list_as(const struct dj_actor *a, int64_t org_id,
                                       struct dj_date today, const char *check)
{
    struct dj_findings_query q = {0};
    struct dj_findings_page p;
    struct dj_err err = {0};

    q.org_id = org_id;
    q.today = today;
    q.check = check;
    q.limit = DJ_FINDINGS_MAX_LIMIT;
    cr_assert_eq(dj_findings_list(fx_db, a, &q, arena, &p, &err), 0, "%s", err.message);
    return p;
}

static struct dj_findings_page list(int64_t org_id, struct dj_date today, const char *check)
{
    return list_as(&fx_cli, org_id, today, check);
}

/* The item about org_id (and unit_id, 0 = the organisation's own) with this check, or NULL. */
static const struct dj_findings_item *item(const struct dj_findings_page *p, int64_t org_id,
                                           int64_t unit_id, enum dj_setup_check c)
{
    for (int i = 0; i < p->n; i++)
        if (p->items[i].org_id == org_id && p->items[i].unit_id == unit_id &&
            p->items[i].f.check == c)
            return &p->items[i];
    return NULL;
}

/* ---- who counts ----------------------------------------------------------------------- */

Test(findings, only_full_members_in_counted_statuses_count)
{
    struct dj_findings_page p;
    const struct dj_findings_item *it;

    members(4, 2, "full", "normal");
    members(4, 5, "probationary", "normal");
    members(4, 1, "full", "left");
    members(4, 1, "full", "deceased");
    members(4, 1, "full", "suspended");
    p = list(1, TODAY, "branch_min_full_members");
    it = item(&p, 4, 0, DJ_CHK_BRANCH_MIN_FULL);
    cr_assert_not_null(it);
    cr_expect_eq(it->f.actual, 2);
    cr_expect_str_eq(it->message, "党支部正式党员 2 人，不足 3 人");
    cr_expect_str_eq(it->org_name, "测试第一党支部");
    cr_expect_str_eq(it->org_path, "/1/2/4/");
    cr_expect_str_eq(it->org_kind, "branch");

    members(4, 1, "full", "mobile");
    p = list(1, TODAY, "branch_min_full_members");
    cr_expect_null(item(&p, 4, 0, DJ_CHK_BRANCH_MIN_FULL), "a 流动 member counts: 3");
    fx_exec("UPDATE members SET status = 'left' WHERE status = 'mobile'");
    p = list(1, TODAY, "branch_min_full_members");
    cr_expect_not_null(item(&p, 4, 0, DJ_CHK_BRANCH_MIN_FULL), "back to 2 after leaving");
    members(4, 1, "full", "lost_contact");
    p = list(1, TODAY, "branch_min_full_members");
    cr_expect_null(item(&p, 4, 0, DJ_CHK_BRANCH_MIN_FULL), "失联排查中 counts");
}

/* ---- committees from posts -------------------------------------------------------------- */

Test(findings, committee_is_made_of_current_posts)
{
    struct dj_findings_page p;
    const struct dj_findings_item *it;
    int64_t organization;

    members(4, 7, "full", "normal");
    p = list(4, TODAY, NULL);
    cr_expect_not_null(item(&p, 4, 0, DJ_CHK_COMMITTEE_MISSING), "7 正式党员, no posts");
    cr_expect_not_null(item(&p, 4, 0, DJ_CHK_SECRETARY_VACANT));

    post(4, "secretary", 0, "书记甲", "2024-01-01", NULL, 1);
    post(4, "deputy_secretary", 0, "副书记乙", "2024-01-01", NULL, 0);
    p = list(4, TODAY, NULL);
    cr_expect_not_null(item(&p, 4, 0, DJ_CHK_COMMITTEE_MISSING), "书记 and 副书记 only");
    cr_expect_null(item(&p, 4, 0, DJ_CHK_SECRETARY_VACANT));

    organization = post(4, "organization", 0, "组织委员丙", "2024-01-01", NULL, 0);
    p = list(4, TODAY, NULL);
    cr_expect_eq(p.all, 0, "a committee of 3 on a branch of 7: nothing to report");

    /* one person with two posts counts once */
    post(4, "propaganda", 7, "宣传委员丁", "2024-01-01", NULL, 0);
    post(4, "discipline", 7, "宣传委员丁", "2024-01-01", NULL, 0);
    post(4, "member", 0, "委员戊", "2024-01-01", NULL, 0);
    p = list(4, TODAY, NULL);
    cr_expect_eq(p.all, 0, "5 people in 6 posts");
    post(4, "member", 0, "委员己", "2024-01-01", NULL, 0);
    p = list(4, TODAY, NULL);
    it = item(&p, 4, 0, DJ_CHK_COMMITTEE_OVER_USUAL);
    cr_assert_not_null(it);
    cr_expect_eq(it->f.actual, 6);

    /* posts that ended, or start tomorrow, are not current; end_on is the last day held */
    fx_exec("UPDATE org_posts SET end_on = '2026-11-22' WHERE post = 'member'");
    post(4, "member", 0, "委员庚", "2026-11-24", NULL, 0);
    p = list(4, TODAY, NULL);
    cr_expect_eq(p.all, 0, "back to 4");
    {
        char sql[128];
        snprintf(sql, sizeof(sql), "UPDATE org_posts SET end_on = '2026-11-23' WHERE id = %lld",
                 (long long)organization);
        fx_exec(sql);
    }
    p = list(4, TODAY, NULL);
    cr_expect_eq(p.all, 0, "a post ending today is still held today");
    p = list(4, D(2026, 11, 24), NULL);
    cr_expect_null(item(&p, 4, 0, DJ_CHK_COMMITTEE_TOO_SMALL), "tomorrow 庚 replaces 丙");
    fx_exec("DELETE FROM org_posts WHERE person_name IN ('副书记乙', '宣传委员丁')");
    p = list(4, D(2026, 11, 24), NULL);
    it = item(&p, 4, 0, DJ_CHK_COMMITTEE_TOO_SMALL);
    cr_assert_not_null(it, "书记 甲 and 委员 庚: a committee of 2");
    cr_expect_eq(it->f.actual, 2);
    cr_expect_eq(p.all, 1);
}

Test(findings, committee_on_a_small_branch)
{
    struct dj_findings_page p;

    members(4, 6, "full", "normal");
    members(4, 3, "probationary", "normal");
    secretary(4);
    post(4, "organization", 0, "组织委员", "2024-01-01", NULL, 0);
    p = list(4, TODAY, NULL);
    cr_assert_eq(p.all, 1);
    cr_expect_eq(p.items[0].f.check, DJ_CHK_COMMITTEE_NOT_NEEDED);
    cr_expect_eq(p.items[0].f.actual, 6, "预备党员 do not count toward 7");
}

/* ---- subtree sums: 党总支 and 基层党委 count 党员 incl. 预备党员 ------------------------- */

Test(findings, general_branch_counts_its_whole_subtree)
{
    int64_t gb = fx_org(1, "测试村党总支", "general_branch", "rural");
    int64_t b1 = fx_org(gb, "测试村第一党支部", "branch", "rural");
    int64_t b2 = fx_org(gb, "测试村第二党支部", "branch", "rural");
    struct dj_findings_page p;
    const struct dj_findings_item *it;

    members(b1, 25, "full", "normal");
    members(b1, 5, "probationary", "normal");
    members(b2, 20, "full", "normal");
    members(b2, 3, "full", "left");
    p = list(gb, TODAY, "general_branch_min_members");
    it = item(&p, gb, 0, DJ_CHK_GENERAL_BRANCH_MIN);
    cr_assert_not_null(it, "50 党员 in a village: not 超过50人");
    cr_expect_eq(it->f.actual, 50);
    cr_expect_str_eq(it->f.rule->id, "org.general_branch.rural_min_members");
    cr_expect_not(it->f.error);
    members(b2, 1, "probationary", "normal");
    p = list(gb, TODAY, "general_branch_min_members");
    cr_expect_eq(p.total, 0, "51: 超过50人");

    /* the same 51 in a 机关 党总支 pass; with 49 they do not */
    fx_exec("UPDATE orgs SET domain = 'organ'");
    p = list(gb, TODAY, "general_branch_min_members");
    cr_expect_eq(p.total, 0);
    fx_exec("UPDATE members SET status = 'left' WHERE id IN (SELECT id FROM members "
            "WHERE status = 'normal' LIMIT 2)");
    p = list(gb, TODAY, "general_branch_min_members");
    it = item(&p, gb, 0, DJ_CHK_GENERAL_BRANCH_MIN);
    cr_assert_not_null(it);
    cr_expect_eq(it->f.actual, 49);
    cr_expect_str_eq(it->f.rule->id, "org.general_branch.organ_min_members");
}

Test(findings, basic_committee_needs_one_hundred_in_its_subtree)
{
    int64_t cc = fx_org(2, "测试社区党委", "community_committee", "community");
    int64_t g1 = fx_org(cc, "测试第一网格党支部", "grid_branch", "community");
    int64_t g2 = fx_org(cc, "测试第二网格党支部", "grid_branch", "community");
    struct dj_findings_page p;
    const struct dj_findings_item *it;

    members(g1, 60, "full", "normal");
    members(g2, 30, "full", "mobile");
    members(g2, 9, "probationary", "normal");
    p = list(2, TODAY, "basic_committee_min_members");
    it = item(&p, cc, 0, DJ_CHK_BASIC_COMMITTEE_MIN);
    cr_assert_not_null(it);
    cr_expect_eq(it->f.actual, 99);
    cr_expect_null(item(&p, 2, 0, DJ_CHK_BASIC_COMMITTEE_MIN), "a 党工委 is not checked");
    members(cc, 1, "full", "normal"); /* recorded on the committee itself */
    p = list(2, TODAY, "basic_committee_min_members");
    cr_expect_null(item(&p, cc, 0, DJ_CHK_BASIC_COMMITTEE_MIN), "100");
    /* the 区委 at the root sees the same 100 */
    p = list(1, TODAY, "basic_committee_min_members");
    cr_expect_null(item(&p, 1, 0, DJ_CHK_BASIC_COMMITTEE_MIN));
}

/* ---- 书记 vacancy ------------------------------------------------------------------------ */

Test(findings, vacancy_from_the_last_post)
{
    struct dj_findings_page p;
    const struct dj_findings_item *it;

    members(4, 5, "full", "normal");
    post(4, "secretary", 0, "前任书记", "2023-01-01", "2026-01-15", 1);
    p = list(4, D(2026, 4, 15), "secretary_vacant");
    cr_expect_eq(p.total, 0, "exactly 3 months");
    p = list(4, D(2026, 4, 16), "secretary_vacant");
    cr_assert_eq(p.total, 1);
    it = &p.items[0];
    cr_expect_eq(it->f.since_kind, DJ_SINCE_POST_END);
    cr_expect_str_eq(it->message, "书记职务自 2026-01-15 起空缺，已超过 3 个月");
    /* a newer post counts from its own end; a future appointment does not fill today */
    post(4, "secretary", 0, "代理书记", "2026-02-01", "2026-03-31", 1);
    post(4, "secretary", 0, "新书记", "2026-12-01", NULL, 1);
    p = list(4, D(2026, 6, 30), "secretary_vacant");
    cr_expect_eq(p.total, 0, "2026-03-31 + 3 months = 2026-06-30");
    p = list(4, D(2026, 7, 1), "secretary_vacant");
    cr_expect_eq(p.total, 1);
    p = list(4, D(2026, 12, 1), "secretary_vacant");
    cr_expect_eq(p.total, 0, "the new 书记 is in post");
}

Test(findings, vacancy_threshold_overridden_for_one_work_committee)
{
    struct dj_rule_override ov[] = {
        {"org.weak.secretary_vacant_months", "/1/2/", 6, {2026, 1, 1}},
    };
    int64_t other = fx_org(3, "测试乙第一党支部", "branch", NULL);
    struct dj_findings_page p;
    struct dj_err err = {0};
    const struct dj_findings_item *it;

    members(4, 3, "full", "normal");
    members(other, 3, "full", "normal");
    post(4, "secretary", 0, "前任甲", "2020-01-01", "2026-07-01", 1);
    post(other, "secretary", 0, "前任乙", "2020-01-01", "2026-07-01", 1);
    cr_assert_eq(dj_rules_set_overrides(ov, DJ_ARRAY_LEN(ov), &err), 0, "%s", err.message);
    p = list(1, TODAY, "secretary_vacant");
    cr_expect_null(item(&p, 4, 0, DJ_CHK_SECRETARY_VACANT), "6 months under /1/2/");
    it = item(&p, other, 0, DJ_CHK_SECRETARY_VACANT);
    cr_assert_not_null(it, "3 months under /1/3/");
    cr_expect_eq(it->f.threshold, 3);
    p = list(1, D(2027, 1, 2), "secretary_vacant");
    it = item(&p, 4, 0, DJ_CHK_SECRETARY_VACANT);
    cr_assert_not_null(it, "2026-07-01 + 6 months = 2027-01-01; one day more");
    cr_expect_eq(it->f.threshold, 6);
    cr_expect_eq(it->f.actual, 6);
}

/* ---- 机关, joint branches, units ---------------------------------------------------------- */

Test(findings, organ_branch_secretary_who_is_not_the_principal_leader)
{
    int64_t b = fx_org(3, "测试街道机关党支部", "branch", "organ");
    struct dj_findings_page p;
    const struct dj_findings_item *it;

    members(b, 5, "full", "normal");
    post(b, "secretary", 0, "王某", "2025-01-01", NULL, 0);
    p = list(b, TODAY, NULL);
    it = item(&p, b, 0, DJ_CHK_ORGAN_SECRETARY);
    cr_assert_not_null(it);
    cr_expect_str_eq(it->message, "机关党支部书记 王某 不是本单位（部门）的主要负责人");
    cr_expect_not(it->f.error);
    fx_exec("UPDATE org_posts SET principal_leader = 1");
    p = list(b, TODAY, NULL);
    cr_expect_eq(p.all, 0);
}

Test(findings, joint_branch_of_five_units_and_of_six)
{
    int64_t j = fx_org(3, "测试联合党支部", "joint_branch", "private");
    struct dj_findings_page p;
    const struct dj_findings_item *it;
    char name[32];

    members(j, 8, "full", "normal");
    secretary(j);
    post(j, "organization", 0, "组织委员", "2024-01-01", NULL, 0);
    post(j, "propaganda", 0, "宣传委员", "2024-01-01", NULL, 0);
    for (int i = 1; i <= 5; i++) {
        snprintf(name, sizeof(name), "测试企业%d", i);
        unit(3, name, 0, j, 2);
    }
    p = list(j, TODAY, NULL);
    cr_expect_eq(p.all, 0, "5 units");
    unit(3, "测试企业6", 0, j, 1);
    p = list(3, TODAY, NULL);
    it = item(&p, j, 0, DJ_CHK_JOINT_BRANCH_UNITS);
    cr_assert_not_null(it);
    cr_expect_eq(it->f.actual, 6);
    cr_expect(it->f.error);
}

Test(findings, units_with_three_full_members_need_their_own_organisation)
{
    int64_t own = fx_org(3, "测试企业党支部", "branch", "private");
    int64_t gone = fx_org(3, "测试撤销党支部", "branch", "private");
    int64_t j = fx_org(3, "测试园区联合党支部", "joint_branch", "private");
    int64_t u1, u4, u5;
    struct dj_findings_page p;
    const struct dj_findings_item *it;

    u1 = unit(3, "甲公司", 0, 0, 3);
    unit(3, "乙公司", 0, 0, 2);
    unit(3, "丙公司", own, 0, 5);
    u4 = unit(3, "丁公司", gone, 0, 4);
    u5 = unit(3, "戊公司", 0, j, 3);
    fx_exec("UPDATE orgs SET status = 'dissolved' WHERE name = '测试撤销党支部'");

    p = list(1, TODAY, "unit_without_org");
    cr_expect_eq(p.total, 3);
    it = item(&p, 3, u1, DJ_CHK_UNIT_WITHOUT_ORG);
    cr_assert_not_null(it, "甲: 3 and nothing");
    cr_expect_str_eq(it->unit_name, "甲公司");
    cr_expect_str_eq(it->org_name, "测试乙街道党工委");
    cr_expect_str_eq(it->message,
                     "单位「甲公司」有正式党员 3 人，达到 3 人以上，未建立党组织（应建未建）");
    cr_expect(it->f.error);
    cr_expect_not_null(item(&p, 3, u4, DJ_CHK_UNIT_WITHOUT_ORG), "丁: its branch was dissolved");
    it = item(&p, 3, u5, DJ_CHK_UNIT_WITHOUT_ORG);
    cr_assert_not_null(it, "戊: 3 in a joint branch");
    cr_expect(it->f.joint);
    /* units answer to their owner's scope */
    p = list(2, TODAY, "unit_without_org");
    cr_expect_eq(p.total, 0);
}

Test(findings, dissolved_organisations_are_not_checked)
{
    int64_t b = fx_org(3, "测试已撤销党支部", "branch", NULL);
    struct dj_findings_page p;

    fx_exec("UPDATE orgs SET status = 'dissolved' WHERE name = '测试已撤销党支部'");
    p = list(3, TODAY, NULL);
    for (int i = 0; i < p.n; i++)
        cr_expect_neq(p.items[i].org_id, b);
}

/* ---- scope, paging, totals ------------------------------------------------------------------ */

Test(findings, readers_see_their_subtree_and_nothing_else)
{
    struct dj_actor a;
    struct dj_findings_query q = {0};
    struct dj_findings_page p;
    struct dj_err err = {0};
    char other_msg[256];

    q.today = TODAY;
    q.limit = 10;
    fx_actor(&a, DJ_ROLE_BRANCH_ADMIN, 4, "/1/2/4/");
    q.org_id = 4;
    cr_expect_eq(dj_findings_list(fx_db, &a, &q, arena, &p, &err), 0, "%s", err.message);
    q.org_id = 2;
    cr_expect_eq(dj_findings_list(fx_db, &a, &q, arena, &p, &err), DJ_EPERM);
    dj_strlcpy(other_msg, err.message, sizeof(other_msg));
    q.org_id = 9999;
    cr_expect_eq(dj_findings_list(fx_db, &a, &q, arena, &p, &err), DJ_EPERM,
                 "a missing organisation answers like a foreign one");
    cr_expect_str_eq(err.message, other_msg);
    cr_expect_eq(dj_findings_list(fx_db, &fx_cli, &q, arena, &p, &err), DJ_ENOTFOUND);

    fx_actor(&a, DJ_ROLE_MEMBER, 4, "/1/2/4/");
    q.org_id = 4;
    cr_expect_eq(dj_findings_list(fx_db, &a, &q, arena, &p, &err), DJ_EPERM);

    fx_actor(&a, DJ_ROLE_AUDITOR, 3, "/1/3/");
    q.org_id = 3;
    q.limit = DJ_FINDINGS_MAX_LIMIT;
    cr_assert_eq(dj_findings_list(fx_db, &a, &q, arena, &p, &err), 0, "%s", err.message);
    cr_expect_gt(p.n, 0);
    for (int i = 0; i < p.n; i++)
        cr_expect_eq(strncmp(p.items[i].org_path, "/1/3/", 5), 0, "%s", p.items[i].org_path);
}

Test(findings, pages_totals_and_filters)
{
    struct dj_findings_query q = {0};
    struct dj_findings_page all, p;
    struct dj_err err = {0};

    members(4, 2, "full", "normal");
    /* the fixture: four organisations without a 书记, a 党委 without 100, a branch of 2 */
    all = list(1, TODAY, NULL);
    cr_expect_eq(all.all, 6);
    cr_expect_eq(all.total, 6);
    cr_expect_eq(all.errors, 1);
    cr_expect_eq(all.warnings, 5);
    cr_assert_eq(all.nrules, 3);
    cr_expect_str_eq(all.by_rule[0].key, "org.basic_committee.min_members");
    cr_expect_eq(all.by_rule[0].n, 1);
    cr_expect_str_eq(all.by_rule[1].key, "org.branch.min_full_members");
    cr_expect_eq(all.by_rule[1].n, 1);
    cr_expect_str_eq(all.by_rule[2].key, "org.weak.secretary_vacant_months");
    cr_expect_eq(all.by_rule[2].n, 4);
    cr_assert_eq(all.nchecks, 3);
    cr_expect_str_eq(all.by_check[0].key, "branch_min_full_members");
    /* ordered by path, an organisation's own findings in check order */
    for (int i = 1; i < all.n; i++) {
        int c = strcmp(all.items[i - 1].org_path, all.items[i].org_path);
        cr_expect(c < 0 || (c == 0 && all.items[i - 1].f.check < all.items[i].f.check));
    }
    cr_expect_str_eq(all.items[0].org_path, "/1/");

    q.org_id = 1;
    q.today = TODAY;
    q.limit = 2;
    q.offset = 3;
    cr_assert_eq(dj_findings_list(fx_db, &fx_cli, &q, arena, &p, &err), 0, "%s", err.message);
    cr_expect_eq(p.total, 6);
    cr_assert_eq(p.n, 2);
    cr_expect_eq(p.items[0].org_id, all.items[3].org_id);
    cr_expect_eq(p.items[0].f.check, all.items[3].f.check);
    cr_expect_eq(p.items[1].org_id, all.items[4].org_id);
    q.offset = 6;
    cr_assert_eq(dj_findings_list(fx_db, &fx_cli, &q, arena, &p, &err), 0);
    cr_expect_eq(p.n, 0);
    cr_expect_eq(p.total, 6);

    q.offset = 0;
    q.limit = 10;
    q.severity = "error";
    cr_assert_eq(dj_findings_list(fx_db, &fx_cli, &q, arena, &p, &err), 0);
    cr_expect_eq(p.total, 1);
    cr_expect_eq(p.items[0].f.check, DJ_CHK_BRANCH_MIN_FULL);
    cr_expect_eq(p.all, 6, "totals ignore the filters");
    q.severity = NULL;
    q.rule_id = "org.weak.secretary_vacant_months";
    cr_assert_eq(dj_findings_list(fx_db, &fx_cli, &q, arena, &p, &err), 0);
    cr_expect_eq(p.total, 4);

    q.rule_id = NULL;
    q.check = "no_such_check";
    cr_expect_eq(dj_findings_list(fx_db, &fx_cli, &q, arena, &p, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "check");
    q.check = NULL;
    q.severity = "fatal";
    cr_expect_eq(dj_findings_list(fx_db, &fx_cli, &q, arena, &p, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "severity");
    q.severity = NULL;
    q.limit = DJ_FINDINGS_MAX_LIMIT + 1;
    cr_expect_eq(dj_findings_list(fx_db, &fx_cli, &q, arena, &p, &err), DJ_EINVAL);
    cr_expect_str_eq(err.field, "limit");
}
