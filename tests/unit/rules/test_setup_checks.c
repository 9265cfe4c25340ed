/*
 * test_setup_checks.c - the organisation set-up checks (rules/setup_checks.c)
 * at their boundaries: 3 and 7 正式党员, 50 and 100 党员, committee sizes
 * 2/3/5/6/7/8, joint branches of 5 and 6 units, a 书记 vacancy of exactly
 * three calendar months and one day more, and per-党委 overrides.
 */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "rules/setup_checks.h"

static void release_rules(void)
{
    dj_rules_release();
}

TestSuite(setup_checks, .fini = release_rules);

static struct dj_date D(int y, int m, int d) {
    struct dj_date r = {y, m, d};
    return r;
}

static const struct dj_date TODAY = {2026, 11, 23};

/* A branch at /1/2/4/ with a 书记 in post, so only what a test sets up can fire. */
static struct dj_setup_org branch(const char *kind, int64_t full)
{
    struct dj_setup_org o = {0};
    o.path = "/1/2/4/";
    o.kind = kind;
    o.domain = "community";
    o.full_members = full;
    o.subtree_members = full;
    o.committee_size = 1;
    o.secretaries = 1;
    return o;
}

static int run(const struct dj_setup_org *o, struct dj_date today, struct dj_finding *out)
{
    return dj_setup_check_org(o, today, out);
}

/* The finding of check c among out[0..n), or NULL. */
static const struct dj_finding *find(const struct dj_finding *out, int n, enum dj_setup_check c)
{
    for (int i = 0; i < n; i++)
        if (out[i].check == c)
            return &out[i];
    return NULL;
}

static const char *msg(const struct dj_finding *f, const char *name)
{
    static char buf[512];
    return dj_finding_message(f, name, buf, sizeof(buf));
}

/* ---- 正式党员 3人以上 ---------------------------------------------------- */

Test(setup_checks, branch_needs_three_full_members_exactly_three_passes)
{
    struct dj_finding out[DJ_SETUP_MAX_FINDINGS];
    struct dj_setup_org o = branch("branch", 2);
    const struct dj_finding *f;
    int n = run(&o, TODAY, out);

    f = find(out, n, DJ_CHK_BRANCH_MIN_FULL);
    cr_assert_not_null(f);
    cr_expect_str_eq(f->rule->id, "org.branch.min_full_members");
    cr_expect_eq(f->actual, 2);
    cr_expect_eq(f->threshold, 3);
    cr_expect_eq(f->cmp, DJ_CMP_GE);
    cr_expect(f->error, "a V rule broken is an error");
    cr_expect(f->has_actual);
    cr_expect_eq(f->rule->tag, 'V');
    cr_expect_str_eq(msg(f, NULL), "党支部正式党员 2 人，不足 3 人");

    o = branch("branch", 3);
    n = run(&o, TODAY, out);
    cr_expect_null(find(out, n, DJ_CHK_BRANCH_MIN_FULL), "exactly 3 is 3人以上");
    o = branch("branch", 4);
    n = run(&o, TODAY, out);
    cr_expect_null(find(out, n, DJ_CHK_BRANCH_MIN_FULL));
}

Test(setup_checks, which_kinds_are_branches)
{
    static const struct {
        const char *kind;
        bool checked;
    } kinds[] = {
        {"branch", true},          {"grid_branch", true},     {"joint_branch", true},
        {"temp_branch", false},    {"general_branch", false}, {"committee", false},
        {"work_committee", false}, {"group", false},          {"community_committee", false},
        {"building_group", false},
    };
    struct dj_finding out[DJ_SETUP_MAX_FINDINGS];

    for (size_t i = 0; i < DJ_ARRAY_LEN(kinds); i++) {
        struct dj_setup_org o = branch(kinds[i].kind, 0);
        int n = run(&o, TODAY, out);
        cr_expect_eq(find(out, n, DJ_CHK_BRANCH_MIN_FULL) != NULL, kinds[i].checked, "%s",
                     kinds[i].kind);
    }
}

/* ---- 支部委员会: needed at 7 正式党员, 3 to 5 members, 7 at most ---------- */

Test(setup_checks, committee_needed_from_exactly_seven)
{
    struct dj_finding out[DJ_SETUP_MAX_FINDINGS];
    struct dj_setup_org o = branch("branch", 6);
    const struct dj_finding *f;
    int n = run(&o, TODAY, out);

    cr_expect_null(find(out, n, DJ_CHK_COMMITTEE_MISSING), "6: no committee needed");
    cr_expect_eq(n, 0, "6 正式党员 with a 书记: nothing to report");

    o = branch("branch", 7);
    n = run(&o, TODAY, out);
    f = find(out, n, DJ_CHK_COMMITTEE_MISSING);
    cr_assert_not_null(f, "exactly 7 without a committee is a finding");
    cr_expect_str_eq(f->rule->id, "org.committee.required_min_full_members");
    cr_expect_eq(f->actual, 7);
    cr_expect_eq(f->threshold, 7);
    cr_expect_eq(f->cmp, DJ_CMP_GE);
    cr_expect(f->error);
    cr_expect_str_eq(msg(f, NULL),
                     "党支部正式党员 7 人，达到 7 人以上，应当设立支部委员会，但未设立");

    o = branch("branch", 8);
    n = run(&o, TODAY, out);
    cr_expect_not_null(find(out, n, DJ_CHK_COMMITTEE_MISSING));

    /* a secretary and a deputy are not a committee */
    o = branch("branch", 9);
    o.committee_size = 2;
    o.committee_other = 0;
    n = run(&o, TODAY, out);
    cr_expect_not_null(find(out, n, DJ_CHK_COMMITTEE_MISSING));
}

Test(setup_checks, committee_below_seven_is_a_finding)
{
    struct dj_finding out[DJ_SETUP_MAX_FINDINGS];
    struct dj_setup_org o = branch("grid_branch", 6);
    const struct dj_finding *f;
    int n;

    o.committee_size = 3;
    o.committee_other = 2;
    n = run(&o, TODAY, out);
    f = find(out, n, DJ_CHK_COMMITTEE_NOT_NEEDED);
    cr_assert_not_null(f);
    cr_expect_eq(f->actual, 6);
    cr_expect_eq(f->threshold, 7);
    cr_expect(f->error);
    cr_expect_null(find(out, n, DJ_CHK_COMMITTEE_TOO_SMALL), "size is moot without a need");

    o.full_members = 7;
    n = run(&o, TODAY, out);
    cr_expect_eq(n, 0, "7 正式党员 and a committee of 3: fine");
}

Test(setup_checks, committee_size_boundaries)
{
    static const struct {
        int64_t size;
        int check; /* -1 none */
        bool error;
    } cases[] = {
        {1, DJ_CHK_COMMITTEE_TOO_SMALL, true},
        {2, DJ_CHK_COMMITTEE_TOO_SMALL, true},
        {3, -1, false},
        {4, -1, false},
        {5, -1, false},
        {6, DJ_CHK_COMMITTEE_OVER_USUAL, false},
        {7, DJ_CHK_COMMITTEE_OVER_USUAL, false},
        {8, DJ_CHK_COMMITTEE_TOO_LARGE, true},
        {12, DJ_CHK_COMMITTEE_TOO_LARGE, true},
    };
    struct dj_finding out[DJ_SETUP_MAX_FINDINGS];

    for (size_t i = 0; i < DJ_ARRAY_LEN(cases); i++) {
        struct dj_setup_org o = branch("branch", 20);
        int n;

        o.committee_size = cases[i].size;
        o.committee_other = 1;
        n = run(&o, TODAY, out);
        if (cases[i].check < 0) {
            cr_expect_eq(n, 0, "size %lld", (long long)cases[i].size);
            continue;
        }
        cr_assert_eq(n, 1, "size %lld: one finding", (long long)cases[i].size);
        cr_expect_eq(out[0].check, (enum dj_setup_check)cases[i].check, "size %lld",
                     (long long)cases[i].size);
        cr_expect_eq(out[0].error, cases[i].error, "size %lld", (long long)cases[i].size);
        cr_expect_eq(out[0].actual, cases[i].size);
    }
}

Test(setup_checks, committee_size_messages)
{
    struct dj_finding out[DJ_SETUP_MAX_FINDINGS];
    struct dj_setup_org o = branch("branch", 20);

    o.committee_other = 1;
    o.committee_size = 2;
    cr_assert_eq(run(&o, TODAY, out), 1);
    cr_expect_str_eq(out[0].rule->id, "org.committee.branch_min_size");
    cr_expect_str_eq(msg(&out[0], NULL), "支部委员会 2 人，不足 3 人");
    o.committee_size = 6;
    cr_assert_eq(run(&o, TODAY, out), 1);
    cr_expect_str_eq(out[0].rule->id, "org.committee.branch_max_size");
    cr_expect_str_eq(msg(&out[0], NULL), "支部委员会 6 人，一般不超过 5 人");
    o.committee_size = 8;
    cr_assert_eq(run(&o, TODAY, out), 1);
    cr_expect_str_eq(out[0].rule->id, "org.committee.branch_hard_max_size");
    cr_expect_str_eq(msg(&out[0], NULL), "支部委员会 8 人，超过 7 人");
}

/* ---- 党总支 (> 50 农村, >= 50 机关) and 基层党委 (>= 100), 党员 incl. 预备 ---- */

Test(setup_checks, general_branch_threshold_depends_on_domain)
{
    static const struct {
        const char *domain;
        int64_t members;
        bool finding;
    } cases[] = {
        {"rural", 50, true},  {"rural", 51, false},    {"organ", 49, true},
        {"organ", 50, false}, {"community", 49, true}, {"community", 50, false},
        {"", 49, true},       {"soe", 50, false},
    };
    struct dj_finding out[DJ_SETUP_MAX_FINDINGS];

    for (size_t i = 0; i < DJ_ARRAY_LEN(cases); i++) {
        struct dj_setup_org o = branch("general_branch", 0);
        const struct dj_finding *f;
        int n;

        o.domain = cases[i].domain;
        o.subtree_members = cases[i].members;
        n = run(&o, TODAY, out);
        f = find(out, n, DJ_CHK_GENERAL_BRANCH_MIN);
        cr_expect_eq(f != NULL, cases[i].finding, "%s %lld", cases[i].domain,
                     (long long)cases[i].members);
        if (!f)
            continue;
        cr_expect_str_eq(f->rule->id, strcmp(cases[i].domain, "rural")
                                          ? "org.general_branch.organ_min_members"
                                          : "org.general_branch.rural_min_members");
        cr_expect_not(f->error, "fewer is allowed with approval: a warning");
        cr_expect_eq(f->actual, cases[i].members);
    }
}

Test(setup_checks, general_branch_messages)
{
    struct dj_finding out[DJ_SETUP_MAX_FINDINGS];
    struct dj_setup_org o = branch("general_branch", 0);

    o.domain = "rural";
    o.subtree_members = 50;
    cr_assert_eq(run(&o, TODAY, out), 1);
    cr_expect_eq(out[0].cmp, DJ_CMP_GT);
    cr_expect_str_eq(msg(&out[0], NULL),
                     "党总支党员 50 人，未超过 50 人（经上级党组织批准设立的除外）");
    o.domain = "organ";
    o.subtree_members = 49;
    cr_assert_eq(run(&o, TODAY, out), 1);
    cr_expect_str_eq(msg(&out[0], NULL),
                     "党总支党员 49 人，不足 50 人（经上级党组织批准设立的除外）");
}

Test(setup_checks, basic_committee_needs_one_hundred)
{
    static const char *kinds[] = {"committee", "community_committee"};
    struct dj_finding out[DJ_SETUP_MAX_FINDINGS];

    for (size_t k = 0; k < DJ_ARRAY_LEN(kinds); k++) {
        struct dj_setup_org o = branch(kinds[k], 0);
        const struct dj_finding *f;
        int n;

        o.subtree_members = 99;
        n = run(&o, TODAY, out);
        f = find(out, n, DJ_CHK_BASIC_COMMITTEE_MIN);
        cr_assert_not_null(f, "%s 99", kinds[k]);
        cr_expect_str_eq(f->rule->id, "org.basic_committee.min_members");
        cr_expect_eq(f->threshold, 100);
        cr_expect_not(f->error);
        cr_expect_str_eq(msg(f, NULL),
                         "基层党委党员 99 人，不足 100 人（经上级党组织批准设立的除外）");
        o.subtree_members = 100;
        n = run(&o, TODAY, out);
        cr_expect_null(find(out, n, DJ_CHK_BASIC_COMMITTEE_MIN), "%s 100", kinds[k]);
    }
    {
        struct dj_setup_org o = branch("work_committee", 0);
        int n = run(&o, TODAY, out);
        cr_expect_null(find(out, n, DJ_CHK_BASIC_COMMITTEE_MIN), "党工委 is not a 基层党委");
    }
}

/* ---- 书记 vacant > 3 months (L) -------------------------------------------- */

static struct dj_setup_org vacant(struct dj_date last_end, struct dj_date founded)
{
    struct dj_setup_org o = branch("branch", 5);
    o.secretaries = 0;
    o.committee_size = 0;
    o.last_secretary_end = last_end;
    o.founded_on = founded;
    return o;
}

Test(setup_checks, vacancy_of_exactly_three_months_is_not_yet_a_finding)
{
    struct dj_finding out[DJ_SETUP_MAX_FINDINGS];
    struct dj_setup_org o = vacant(D(2026, 1, 15), D(0, 0, 0));
    const struct dj_finding *f;
    int n;

    n = run(&o, D(2026, 4, 15), out);
    cr_expect_null(find(out, n, DJ_CHK_SECRETARY_VACANT), "end + 3 months == today: 不超过");
    n = run(&o, D(2026, 4, 16), out);
    f = find(out, n, DJ_CHK_SECRETARY_VACANT);
    cr_assert_not_null(f, "one day more is 超过 3 个月");
    cr_expect_str_eq(f->rule->id, "org.weak.secretary_vacant_months");
    cr_expect_eq(f->rule->tag, 'L');
    cr_expect_not(f->error, "an L rule: warning");
    cr_expect_eq(f->actual, 3, "whole months vacant");
    cr_expect_eq(f->threshold, 3);
    cr_expect_eq(f->cmp, DJ_CMP_GT);
    cr_expect_eq(f->since_kind, DJ_SINCE_POST_END);
    cr_expect_eq(dj_date_cmp(f->since, D(2026, 1, 15)), 0);
    cr_expect_str_eq(msg(f, NULL), "书记职务自 2026-01-15 起空缺，已超过 3 个月");
}

Test(setup_checks, vacancy_months_are_calendar_months_clamped)
{
    struct dj_finding out[DJ_SETUP_MAX_FINDINGS];
    /* 2025-11-30 + 3 months = 2026-02-28 (clamped) */
    struct dj_setup_org o = vacant(D(2025, 11, 30), D(0, 0, 0));
    int n = run(&o, D(2026, 2, 28), out);

    cr_expect_null(find(out, n, DJ_CHK_SECRETARY_VACANT));
    n = run(&o, D(2026, 3, 1), out);
    cr_expect_not_null(find(out, n, DJ_CHK_SECRETARY_VACANT));
}

Test(setup_checks, never_had_a_secretary)
{
    struct dj_finding out[DJ_SETUP_MAX_FINDINGS];
    struct dj_setup_org o = vacant(D(0, 0, 0), D(0, 0, 0));
    const struct dj_finding *f;
    int n = run(&o, TODAY, out);

    f = find(out, n, DJ_CHK_SECRETARY_VACANT);
    cr_assert_not_null(f, "no post ever and no founding date: a finding");
    cr_expect_not(f->has_actual);
    cr_expect_eq(f->since_kind, DJ_SINCE_NONE);
    cr_expect_str_eq(msg(f, NULL), "未配备书记（无书记任职记录）");

    /* founded recently: counted from the founding date */
    o = vacant(D(0, 0, 0), D(2026, 8, 23));
    n = run(&o, TODAY, out);
    cr_expect_null(find(out, n, DJ_CHK_SECRETARY_VACANT), "founded exactly 3 months ago");
    o = vacant(D(0, 0, 0), D(2026, 8, 22));
    n = run(&o, TODAY, out);
    f = find(out, n, DJ_CHK_SECRETARY_VACANT);
    cr_assert_not_null(f);
    cr_expect_eq(f->since_kind, DJ_SINCE_FOUNDED);
    cr_expect_str_eq(msg(f, NULL), "未配备书记，自 2026-08-22 建立以来已超过 3 个月");
}

Test(setup_checks, current_secretary_and_groups_need_no_check)
{
    struct dj_finding out[DJ_SETUP_MAX_FINDINGS];
    struct dj_setup_org o = vacant(D(2020, 1, 1), D(0, 0, 0));
    int n;

    o.secretaries = 1;
    n = run(&o, TODAY, out);
    cr_expect_null(find(out, n, DJ_CHK_SECRETARY_VACANT));
    o = vacant(D(2020, 1, 1), D(0, 0, 0));
    o.kind = "group";
    n = run(&o, TODAY, out);
    cr_expect_eq(n, 0, "党小组 have a 组长, not a 书记");
    o.kind = "building_group";
    n = run(&o, TODAY, out);
    cr_expect_eq(n, 0);
    o.kind = "work_committee";
    n = run(&o, TODAY, out);
    cr_expect_not_null(find(out, n, DJ_CHK_SECRETARY_VACANT));
}

Test(setup_checks, vacancy_override_for_one_committee_only)
{
    struct dj_rule_override ov[] = {
        {"org.weak.secretary_vacant_months", "/1/2/", 6, {2026, 1, 1}},
    };
    struct dj_finding out[DJ_SETUP_MAX_FINDINGS];
    struct dj_err err = {0};
    struct dj_setup_org under = vacant(D(2026, 7, 1), D(0, 0, 0));
    struct dj_setup_org other = vacant(D(2026, 7, 1), D(0, 0, 0));
    const struct dj_finding *f;
    int n;

    cr_assert_eq(dj_rules_set_overrides(ov, DJ_ARRAY_LEN(ov), &err), 0, "%s", err.message);
    under.path = "/1/2/4/";
    other.path = "/1/3/7/";
    /* 4 months and 22 days vacant on 2026-11-23 */
    n = run(&under, TODAY, out);
    cr_expect_null(find(out, n, DJ_CHK_SECRETARY_VACANT), "6 months under /1/2/");
    n = run(&other, TODAY, out);
    f = find(out, n, DJ_CHK_SECRETARY_VACANT);
    cr_assert_not_null(f, "the default 3 months elsewhere");
    cr_expect_eq(f->threshold, 3);
    /* /1/2/ at its own limit: 2026-05-23 + 6 months is today, one day more is a finding */
    under.last_secretary_end = D(2026, 5, 23);
    n = run(&under, TODAY, out);
    cr_expect_null(find(out, n, DJ_CHK_SECRETARY_VACANT));
    under.last_secretary_end = D(2026, 5, 22);
    n = run(&under, TODAY, out);
    f = find(out, n, DJ_CHK_SECRETARY_VACANT);
    cr_assert_not_null(f);
    cr_expect_eq(f->threshold, 6);
    cr_expect_str_eq(msg(f, NULL), "书记职务自 2026-05-22 起空缺，已超过 6 个月");
    /* before the override takes effect the default applies under /1/2/ too */
    under.last_secretary_end = D(2025, 7, 1);
    n = run(&under, D(2025, 12, 1), out);
    f = find(out, n, DJ_CHK_SECRETARY_VACANT);
    cr_assert_not_null(f);
    cr_expect_eq(f->threshold, 3);
}

/* ---- 机关 branch 书记 = principal leader (S) -------------------------------- */

Test(setup_checks, organ_branch_secretary_not_principal_leader)
{
    struct dj_finding out[DJ_SETUP_MAX_FINDINGS];
    struct dj_setup_org o = branch("branch", 5);
    const struct dj_finding *f;
    int n;

    o.domain = "organ";
    o.secretaries_not_principal = 1;
    n = run(&o, TODAY, out);
    f = find(out, n, DJ_CHK_ORGAN_SECRETARY);
    cr_assert_not_null(f);
    cr_expect_str_eq(f->rule->id, "post.organ_secretary.principal_leader");
    cr_expect_eq(f->rule->tag, 'S');
    cr_expect_not(f->error, "an S rule: warning");
    cr_expect_eq(f->actual, 0);
    cr_expect_eq(f->threshold, 1);
    cr_expect_str_eq(msg(f, "张三"), "机关党支部书记 张三 不是本单位（部门）的主要负责人");
    cr_expect_str_eq(msg(f, NULL), "机关党支部书记不是本单位（部门）的主要负责人");

    o.secretaries_not_principal = 0;
    n = run(&o, TODAY, out);
    cr_expect_null(find(out, n, DJ_CHK_ORGAN_SECRETARY));
    o.secretaries_not_principal = 1;
    o.domain = "community";
    n = run(&o, TODAY, out);
    cr_expect_null(find(out, n, DJ_CHK_ORGAN_SECRETARY), "only 机关");
    o.domain = "organ";
    o.kind = "committee";
    o.subtree_members = 500;
    n = run(&o, TODAY, out);
    cr_expect_null(find(out, n, DJ_CHK_ORGAN_SECRETARY), "only branches");
}

/* ---- 联合党支部 covers at most 5 units ------------------------------------- */

Test(setup_checks, joint_branch_five_units_pass_six_do_not)
{
    struct dj_finding out[DJ_SETUP_MAX_FINDINGS];
    struct dj_setup_org o = branch("joint_branch", 5);
    const struct dj_finding *f;
    int n;

    o.joint_units = 5;
    n = run(&o, TODAY, out);
    cr_expect_eq(n, 0);
    o.joint_units = 6;
    n = run(&o, TODAY, out);
    f = find(out, n, DJ_CHK_JOINT_BRANCH_UNITS);
    cr_assert_not_null(f);
    cr_expect_str_eq(f->rule->id, "org.joint_branch.max_units");
    cr_expect_eq(f->actual, 6);
    cr_expect_eq(f->threshold, 5);
    cr_expect_eq(f->cmp, DJ_CMP_LE);
    cr_expect(f->error);
    cr_expect_str_eq(msg(f, NULL), "联合党支部覆盖单位 6 个，超过 5 个");
    o.kind = "branch";
    n = run(&o, TODAY, out);
    cr_expect_null(find(out, n, DJ_CHK_JOINT_BRANCH_UNITS), "only 联合党支部");
}

/* ---- 应建未建 --------------------------------------------------------------- */

Test(setup_checks, unit_with_three_full_members_and_no_organisation)
{
    struct dj_setup_unit u = {"/1/3/", 2, false, false};
    struct dj_finding f;

    cr_expect_eq(dj_setup_check_unit(&u, TODAY, &f), 0, "2 正式党员: a joint branch may do");
    u.full_members = 3;
    cr_assert_eq(dj_setup_check_unit(&u, TODAY, &f), 1, "exactly 3: 应当成立党支部");
    cr_expect_eq(f.check, DJ_CHK_UNIT_WITHOUT_ORG);
    cr_expect_str_eq(f.rule->id, "org.branch.min_full_members");
    cr_expect_eq(f.actual, 3);
    cr_expect_eq(f.threshold, 3);
    cr_expect(f.error);
    cr_expect_str_eq(msg(&f, "某科技公司"),
                     "单位「某科技公司」有正式党员 3 人，达到 3 人以上，未建立党组织（应建未建）");
    u.in_joint = true;
    cr_assert_eq(dj_setup_check_unit(&u, TODAY, &f), 1);
    cr_expect_str_eq(msg(&f, "某科技公司"),
                     "单位「某科技公司」有正式党员 3 人，达到 3 人以上，应当单独成立党支部"
                     "（现纳入联合党支部）");
    u.has_org = true;
    cr_expect_eq(dj_setup_check_unit(&u, TODAY, &f), 0);
}

/* ---- names and odd input -------------------------------------------------- */

Test(setup_checks, check_names_are_distinct_ascii)
{
    for (int a = 0; a < DJ_CHK_COUNT; a++) {
        const char *na = dj_setup_check_name((enum dj_setup_check)a);
        cr_expect_neq(strcmp(na, "unknown"), 0, "check %d has a name", a);
        for (const char *p = na; *p; p++)
            cr_expect((*p >= 'a' && *p <= 'z') || *p == '_', "%s", na);
        for (int b = a + 1; b < DJ_CHK_COUNT; b++)
            cr_expect_neq(strcmp(na, dj_setup_check_name((enum dj_setup_check)b)), 0);
    }
    cr_expect_str_eq(dj_setup_check_name((enum dj_setup_check)DJ_CHK_COUNT), "unknown");
}

Test(setup_checks, invalid_date_or_null_gives_nothing)
{
    struct dj_finding out[DJ_SETUP_MAX_FINDINGS];
    struct dj_setup_org o = branch("branch", 0);
    struct dj_setup_unit u = {"/1/", 10, false, false};

    cr_expect_eq(run(&o, D(2026, 2, 30), out), 0);
    cr_expect_eq(run(NULL, TODAY, out), 0);
    cr_expect_eq(dj_setup_check_unit(&u, D(0, 0, 0), out), 0);
}

Test(setup_checks, many_problems_at_once_stay_within_the_cap)
{
    struct dj_finding out[DJ_SETUP_MAX_FINDINGS];
    struct dj_setup_org o = vacant(D(2020, 1, 1), D(0, 0, 0));
    int n;

    o.kind = "joint_branch";
    o.domain = "organ";
    o.full_members = 2;
    o.committee_other = 1;
    o.committee_size = 9;
    o.secretaries_not_principal = 1; /* impossible with no 书记, but the cap must hold */
    o.joint_units = 9;
    n = run(&o, TODAY, out);
    cr_expect_leq(n, DJ_SETUP_MAX_FINDINGS);
    cr_expect_eq(out[0].check, DJ_CHK_BRANCH_MIN_FULL, "check order");
    cr_expect_not_null(find(out, n, DJ_CHK_COMMITTEE_NOT_NEEDED));
    cr_expect_not_null(find(out, n, DJ_CHK_SECRETARY_VACANT));
    cr_expect_not_null(find(out, n, DJ_CHK_JOINT_BRANCH_UNITS));
    for (int i = 1; i < n; i++)
        cr_expect_lt(out[i - 1].check, out[i].check);
}
