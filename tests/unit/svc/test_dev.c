/*
 * test_dev.c - the 发展党员 service end to end: the 25 steps from 入党申请书
 * to 正式党员 (the member record made at approval and converted at 转正),
 * guards refused with nothing written, the late talk as a warning, the
 * review inbox and who may approve, scopes, deadlines, plans and counts.
 * "Today" is fixed at 2026-11-23. ID numbers are synthetic.
 *
 * Organisations: the fixture's 1 /1/ (区委), 2 /1/2/ (党工委, given 审批权限
 * here), 3 /1/3/, 4 /1/2/4/ (党支部) plus 5 /1/3/5/ (党支部, no approver).
 */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "base/idcard.h"
#include "fixture.h"
#include "model/member_rec.h"
#include "svc/dev.h"
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
    fx_setup();
    dj_date_set_today(D(2026, 11, 23));
    A = dj_arena_new();
    fx_exec("INSERT INTO orgs (id, parent_id, path, name, kind, status, created_at, updated_at) "
            "VALUES (5, 3, '/1/3/5/', '测试乙第一党支部', 'branch', 'active', 'x', 'x')");
    fx_exec("UPDATE orgs SET can_approve = 1 WHERE id = 2");
}

static void teardown(void)
{
    dj_arena_free(A);
    dj_date_set_today((struct dj_date){0, 0, 0});
    fx_teardown();
}

TestSuite(dev, .init = setup, .fini = teardown);

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

/* A 正式党员 of branch `org` (introducer / contact). */
static int64_t full_member(const char *name, int seq, int64_t org)
{
    struct dj_member_rec m, out;
    struct dj_err err = {0};

    memset(&m, 0, sizeof(m));
    m.name = (char *)name;
    m.id_number = make_id(D(1980, 3, 3), seq);
    m.joined_on = D(2005, 7, 1);
    m.confirmed_on = D(2006, 7, 1);
    m.category = "full";
    m.org_id = org;
    cr_assert_eq(dj_member_create(fx_db, &fx_cli, &m, A, &out, &err), 0, "%s", err.message);
    return out.id;
}

static int64_t new_applicant(const struct dj_actor *a, int64_t org, struct dj_date birth,
                             struct dj_date applied, int seq, struct dj_err *err)
{
    struct dj_dev_applicant in, out;

    memset(&in, 0, sizeof(in));
    in.org_id = org;
    in.name = "测试申请人";
    in.id_number = make_id(birth, seq);
    in.phone = "13800005678";
    in.education = "21";
    in.applied_on = applied;
    dj_err_clear(err);
    return dj_dev_create(fx_db, a, &in, A, &out, err) ? 0 : out.id;
}

static struct dj_dev_step_in S(const char *kind, struct dj_date on) {
    struct dj_dev_step_in in;
    memset(&in, 0, sizeof(in));
    in.kind = kind;
    in.on = on;
    in.meeting = "支部委员会会议";
    return in;
}

static int
step_as(const struct dj_actor *a, int64_t id, const struct dj_dev_step_in *in, struct dj_err *err)
{
    struct dj_dev_applicant out;
    char warn[256];
    dj_err_clear(err);
    return dj_dev_step(fx_db, a, id, in, A, &out, warn, err);
}

static void ok(int64_t id, struct dj_dev_step_in in)
{
    struct dj_err err = {0};
    cr_assert_eq(step_as(&fx_cli, id, &in, &err), 0, "%s: %s (%s)", in.kind, err.message,
                 err.field);
}

static struct dj_dev_vote V(int64_t expected, int64_t present, int64_t yes, int64_t wy) {
    struct dj_dev_vote v = {expected, present, yes, present - yes, 0, wy, 0};
    return v;
}

static int64_t m1,
    m2;

/* An applicant walked to just before step `upto` on the standard calendar. */
static int64_t walk(int upto)
{
    struct dj_err err = {0};
    int64_t id = new_applicant(&fx_cli, 4, D(1995, 5, 5), D(2023, 1, 10), 1, &err);
    struct dj_dev_step_in in;

    cr_assert_gt(id, 0, "%s", err.message);
    m1 = full_member("介绍人甲", 11, 4);
    m2 = full_member("介绍人乙", 13, 4);
    if (upto > 2)
        ok(id, S("talk", D(2023, 1, 20)));
    if (upto > 3)
        ok(id, S("activist", D(2023, 7, 20)));
    if (upto > 4)
        ok(id, S("activist_filing", D(2023, 7, 25)));
    if (upto > 5) {
        in = S("contacts", D(2023, 7, 25));
        in.people[0] = m1;
        in.npeople = 1;
        ok(id, in);
    }
    if (upto > 6) {
        ok(id, S("assessment", D(2024, 1, 10)));
        ok(id, S("assessment", D(2024, 7, 10)));
    }
    if (upto > 7)
        ok(id, S("candidate", D(2024, 7, 20)));
    if (upto > 8)
        ok(id, S("candidate_filing", D(2024, 7, 25)));
    if (upto > 9) {
        in = S("introducers", D(2024, 8, 1));
        in.people[0] = m1;
        in.people[1] = m2;
        in.npeople = 2;
        ok(id, in);
    }
    if (upto > 10) {
        in = S("political_review", D(2024, 9, 1));
        in.conclusion = "passed";
        ok(id, in);
    }
    if (upto > 11) {
        in = S("training", D(2024, 9, 10));
        in.days = 3;
        ok(id, in);
    }
    if (upto > 12)
        ok(id, S("committee_review", D(2024, 10, 1)));
    if (upto > 13)
        ok(id, S("prereview", D(2024, 10, 15)));
    if (upto > 14)
        ok(id, S("form", D(2024, 10, 20)));
    if (upto > 15) {
        in = S("admission_vote", D(2024, 11, 1));
        in.vote = V(11, 6, 6, 0);
        ok(id, in);
    }
    if (upto > 16)
        ok(id, S("upper_talk", D(2024, 11, 10)));
    if (upto > 17)
        ok(id, S("approval", D(2025, 1, 15)));
    if (upto > 18)
        ok(id, S("approval_filing", D(2025, 1, 20)));
    if (upto > 19)
        ok(id, S("assign_group", D(2025, 1, 20)));
    if (upto > 20)
        ok(id, S("oath", D(2025, 1, 20)));
    if (upto > 21)
        ok(id, S("probation_review", D(2025, 7, 1)));
    if (upto > 22)
        ok(id, S("conversion_application", D(2025, 10, 25)));
    if (upto > 23) {
        in = S("conversion_vote", D(2025, 11, 1));
        in.vote = V(11, 8, 7, 0);
        in.outcome = "convert";
        ok(id, in);
    }
    if (upto > 24)
        ok(id, S("conversion_approval", D(2025, 12, 1)));
    return id;
}

static struct dj_dev_applicant get(int64_t id)
{
    struct dj_dev_applicant a;
    struct dj_err err = {0};
    cr_assert_eq(dj_dev_get(fx_db, &fx_cli, id, false, A, &a, &err), 0, "%s", err.message);
    return a;
}

Test(dev, all_25_steps_make_a_full_member_with_party_age_from_the_probation_end)
{
    int64_t id = walk(26);
    struct dj_dev_applicant a = get(id);
    struct dj_member_rec m;
    struct dj_err err = {0};

    cr_assert_str_eq(a.stage, "full");
    cr_assert_eq(a.member_id > 0, true);
    cr_assert_eq(dj_date_cmp(a.probation_end, D(2025, 11, 1)), 0);
    cr_assert_eq(dj_date_cmp(a.converted_on, D(2025, 11, 1)), 0);
    ok(id, S("archive", D(2025, 12, 5)));
    cr_assert_eq(count("SELECT count(DISTINCT step) FROM dev_events"), 25);
    cr_assert_eq(dj_member_get(fx_db, &fx_cli, a.member_id, false, A, &m, &err), 0);
    cr_assert_str_eq(m.category, "full");
    cr_assert_eq(dj_date_cmp(m.joined_on, D(2024, 11, 1)), 0);
    cr_assert_eq(dj_date_cmp(m.confirmed_on, D(2025, 11, 1)), 0);
    cr_assert_eq(m.party_years, 1);
    cr_assert_eq(count("SELECT count(*) FROM audit_log WHERE action = 'member.create'"), 3);
    cr_assert_eq(count("SELECT count(*) FROM audit_log WHERE action = 'dev.step'"), 25);
}

Test(dev, approval_makes_a_probationary_member_joined_on_the_branch_meeting_date)
{
    int64_t id = walk(18);
    struct dj_dev_applicant a = get(id);
    struct dj_member_rec m;
    struct dj_err err = {0};

    cr_assert_str_eq(a.stage, "probationary");
    cr_assert_eq(dj_date_cmp(a.probation_end, D(2025, 11, 1)), 0);
    cr_assert_eq(dj_member_get(fx_db, &fx_cli, a.member_id, false, A, &m, &err), 0);
    cr_assert_str_eq(m.category, "probationary");
    cr_assert_eq(dj_date_cmp(m.joined_on, D(2024, 11, 1)), 0);
    cr_assert_eq(m.org_id, 4);
}

Test(dev, under_18_refused_and_nothing_written)
{
    struct dj_err err = {0};

    cr_assert_eq(new_applicant(&fx_cli, 4, D(2008, 11, 24), D(2026, 11, 23), 3, &err), 0);
    cr_assert_str_eq(err.field, "applied_on");
    cr_assert(strstr(err.message, "dev.applicant.min_age_years"));
    cr_assert_eq(count("SELECT count(*) FROM dev_applicants"), 0);
    cr_assert_eq(count("SELECT count(*) FROM audit_log WHERE action LIKE 'dev.%'"), 0);
    cr_assert_gt(new_applicant(&fx_cli, 4, D(2008, 11, 23), D(2026, 11, 23), 3, &err), 0, "%s",
                 err.message);
    /* the same person cannot be in progress twice */
    cr_assert_eq(new_applicant(&fx_cli, 4, D(2008, 11, 23), D(2026, 11, 23), 3, &err), 0);
    cr_assert_eq(err.code, DJ_ECONFLICT);
    cr_assert_str_eq(err.field, "id_number");
}

Test(dev, personal_fields_are_sealed_at_rest)
{
    struct dj_err err = {0};
    int64_t id = new_applicant(&fx_cli, 4, D(1990, 1, 1), D(2026, 1, 1), 5, &err);

    cr_assert_gt(id, 0);
    cr_assert_eq(count("SELECT count(*) FROM dev_applicants WHERE id_enc LIKE '%19900101%' OR "
                       "phone_enc LIKE '%13800005678%'"),
                 0);
    cr_assert_eq(count("SELECT count(*) FROM audit_log WHERE after_json LIKE '%13800005678%' "
                       "OR after_json LIKE '%990101199001010%'"),
                 0);
    cr_assert_str_eq(get(id).phone, "13800005678");
}

Test(dev, late_talk_is_recorded_with_a_warning)
{
    struct dj_err err = {0};
    int64_t id = new_applicant(&fx_cli, 4, D(1990, 1, 1), D(2026, 1, 31), 7, &err);
    struct dj_dev_step_in in = S("talk", D(2026, 3, 1));
    struct dj_dev_applicant out;
    char warn[256];

    cr_assert_eq(dj_dev_step(fx_db, &fx_cli, id, &in, A, &out, warn, &err), 0, "%s", err.message);
    cr_assert(strstr(warn, "dev.application.talk_within_months"), "%s", warn);
    cr_assert_eq(count("SELECT count(*) FROM dev_events WHERE warning IS NOT NULL"), 1);
}

Test(dev, candidate_one_day_short_of_a_year_is_refused_with_nothing_written)
{
    int64_t id = walk(7), ev = count("SELECT count(*) FROM dev_events"),
            au = count("SELECT count(*) FROM audit_log");
    struct dj_dev_step_in in = S("candidate", D(2024, 7, 19));
    struct dj_err err = {0};

    cr_assert_eq(step_as(&fx_cli, id, &in, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "date");
    cr_assert(strstr(err.message, "dev.activist.min_months"), "%s", err.message);
    cr_assert_eq(count("SELECT count(*) FROM dev_events"), ev);
    cr_assert_eq(count("SELECT count(*) FROM audit_log"), au);
    cr_assert_str_eq(get(id).stage, "activist");
}

Test(dev, steps_out_of_order_are_refused)
{
    int64_t id = walk(3);
    struct dj_dev_step_in in = S("candidate", D(2026, 1, 1));
    struct dj_err err = {0};

    cr_assert_eq(step_as(&fx_cli, id, &in, &err), DJ_ECONFLICT);
    in = S("activist", D(2023, 7, 20));
    in.meeting = NULL;
    cr_assert_eq(step_as(&fx_cli, id, &in, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "meeting");
    in = S("talk", D(2023, 2, 1));
    cr_assert_eq(step_as(&fx_cli, id, &in, &err), DJ_ECONFLICT); /* already on file */
    in = S("talk", D(2026, 11, 24));
    cr_assert_eq(step_as(&fx_cli, id, &in, &err), DJ_EINVAL); /* tomorrow */
    cr_assert_str_eq(err.field, "date");
}

Test(dev, introducer_under_party_probation_is_refused)
{
    int64_t id = walk(9);
    struct dj_dev_step_in in = S("introducers", D(2024, 8, 1));
    struct dj_err err = {0};

    fx_exec("UPDATE members SET party_probation_until = '2024-08-01' WHERE name = '介绍人乙'");
    in.people[0] = m1;
    in.people[1] = m2;
    in.npeople = 2;
    cr_assert_eq(step_as(&fx_cli, id, &in, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "introducers");
    cr_assert(strstr(err.message, "留党察看"));
    in.on = D(2024, 8, 2);
    cr_assert_eq(step_as(&fx_cli, id, &in, &err), 0, "%s", err.message);
}

Test(dev, admission_vote_exactly_half_fails_written_opinions_count)
{
    int64_t id = walk(15);
    struct dj_dev_step_in in = S("admission_vote", D(2024, 11, 1));
    struct dj_err err = {0};

    in.vote = V(10, 10, 5, 0);
    cr_assert_eq(step_as(&fx_cli, id, &in, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "yes");
    in.vote = V(11, 6, 4, 1);
    cr_assert_eq(step_as(&fx_cli, id, &in, &err), DJ_EINVAL);
    cr_assert_eq(count("SELECT count(*) FROM dev_events WHERE step = 15"), 0);
    in.vote = V(11, 6, 4, 2);
    cr_assert_eq(step_as(&fx_cli, id, &in, &err), 0, "%s", err.message);
    cr_assert(dj_date_isset(get(id).admitted_on));
}

Test(dev, leaving_within_three_months_blocks_admission)
{
    int64_t id = walk(15);
    struct dj_dev_step_in in = S("admission_vote", D(2024, 11, 1));
    struct dj_err err = {0};

    in.vote = V(11, 6, 6, 0);
    in.leaving_on = D(2025, 2, 1);
    cr_assert_eq(step_as(&fx_cli, id, &in, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "leaving_on");
    in.leaving_on = D(2025, 2, 2);
    cr_assert_eq(step_as(&fx_cli, id, &in, &err), 0, "%s", err.message);
}

Test(dev, approval_after_three_months_needs_the_special_case)
{
    int64_t id = walk(17);
    struct dj_dev_step_in in = S("approval", D(2025, 2, 2));
    struct dj_err err = {0};

    cr_assert_eq(step_as(&fx_cli, id, &in, &err), DJ_EINVAL);
    cr_assert(strstr(err.message, "dev.approval.max_months"));
    in.on = D(2025, 2, 1);
    cr_assert_eq(step_as(&fx_cli, id, &in, &err), 0, "%s", err.message);
}

Test(dev, review_submit_approve_and_return_with_permissions)
{
    int64_t id = walk(13), rid = 0, rid2 = 0;
    struct dj_actor branch, street, other;
    struct dj_dev_step_in in = S("prereview", D(2024, 10, 15));
    struct dj_dev_applicant out;
    struct dj_err err = {0};

    fx_actor(&branch, DJ_ROLE_BRANCH_ADMIN, 4, "/1/2/4/");
    fx_actor(&street, DJ_ROLE_ORG_ADMIN, 2, "/1/2/");
    fx_actor(&other, DJ_ROLE_ORG_ADMIN, 3, "/1/3/");
    /* the branch cannot decide the 预审 itself */
    cr_assert_eq(step_as(&branch, id, &in, &err), DJ_EPERM);
    cr_assert(strstr(err.message, "测试甲街道党工委"), "%s", err.message);
    cr_assert_eq(dj_dev_submit(fx_db, &branch, id, &in, &rid, &err), 0, "%s", err.message);
    cr_assert_gt(rid, 0);
    cr_assert_eq(dj_dev_submit(fx_db, &branch, id, &in, &rid2, &err), DJ_ECONFLICT);
    /* the branch cannot approve; another subtree cannot see it */
    cr_assert_eq(dj_dev_approve(fx_db, &branch, rid, &in, A, &out, &err), DJ_EPERM);
    cr_assert_eq(dj_dev_approve(fx_db, &other, rid, &in, A, &out, &err), DJ_EPERM);
    cr_assert_str_eq(err.message, "无权访问该组织的数据");
    cr_assert_eq(dj_dev_approve(fx_db, &other, 999, &in, A, &out, &err), DJ_EPERM);
    cr_assert_str_eq(err.message, "无权访问该组织的数据");
    /* returned with a reason, resubmitted, approved */
    cr_assert_eq(dj_dev_return(fx_db, &street, rid, D(2024, 10, 16), NULL, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "reason");
    cr_assert_eq(dj_dev_return(fx_db, &street, rid, D(2024, 10, 16), "材料不全", &err), 0);
    cr_assert_eq(dj_dev_return(fx_db, &street, rid, D(2024, 10, 16), "再退", &err), DJ_ECONFLICT);
    cr_assert_eq(dj_dev_submit(fx_db, &branch, id, &in, &rid2, &err), 0, "%s", err.message);
    cr_assert_eq(dj_dev_approve(fx_db, &street, rid2, &in, A, &out, &err), 0, "%s", err.message);
    cr_assert_eq(out.last_step, 13);
    cr_assert_eq(count("SELECT count(*) FROM dev_events WHERE step = 13 AND decided_by_org = 2"),
                 1);
    cr_assert_eq(count("SELECT count(*) FROM audit_log WHERE action = 'dev.review.return'"), 1);
    cr_assert_eq(count("SELECT count(*) FROM audit_log WHERE action = 'dev.review.approve'"), 1);
    cr_assert_eq(count("SELECT count(*) FROM audit_log WHERE action = 'dev.submit'"), 2);
}

Test(dev, no_organisation_with_approval_authority_means_no_review)
{
    struct dj_err err = {0};
    int64_t id = walk(13), rid;
    struct dj_dev_step_in in = S("prereview", D(2024, 10, 15));

    fx_exec("UPDATE orgs SET can_approve = 0 WHERE id = 2");
    cr_assert_eq(dj_dev_submit(fx_db, &fx_cli, id, &in, &rid, &err), DJ_ECONFLICT);
    cr_assert(strstr(err.message, "审批预备党员权限"), "%s", err.message);
}

Test(dev, outside_the_subtree_is_403_like_missing)
{
    struct dj_err err = {0};
    int64_t id = new_applicant(&fx_cli, 4, D(1990, 1, 1), D(2026, 1, 1), 15, &err);
    struct dj_actor other;
    struct dj_dev_applicant a;

    fx_actor(&other, DJ_ROLE_ORG_ADMIN, 3, "/1/3/");
    cr_assert_eq(dj_dev_get(fx_db, &other, id, false, A, &a, &err), DJ_EPERM);
    cr_assert_str_eq(err.message, "无权访问该组织的数据");
    cr_assert_eq(dj_dev_get(fx_db, &other, id + 100, false, A, &a, &err), DJ_EPERM);
    cr_assert_str_eq(err.message, "无权访问该组织的数据");
    cr_assert_eq(dj_dev_get(fx_db, &fx_cli, id + 100, false, A, &a, &err), DJ_ENOTFOUND);
    cr_assert_eq(new_applicant(&other, 4, D(1990, 1, 1), D(2026, 1, 1), 17, &err), 0);
    cr_assert_eq(err.code, DJ_EPERM);
}

Test(dev, extension_once_then_conversion_after_the_extended_probation)
{
    int64_t id = walk(23);
    struct dj_dev_step_in in = S("conversion_vote", D(2025, 10, 31));
    struct dj_err err = {0};

    in.vote = V(11, 8, 7, 0);
    in.outcome = "extend";
    in.extension_months = 6;
    cr_assert_eq(step_as(&fx_cli, id, &in, &err), DJ_EINVAL); /* before 预备期满 */
    cr_assert(strstr(err.message, "dev.probation.months"));
    in.on = D(2025, 11, 1);
    cr_assert_eq(step_as(&fx_cli, id, &in, &err), 0, "%s", err.message);
    cr_assert_eq(dj_date_cmp(get(id).probation_end, D(2026, 5, 1)), 0);
    /* a new 转正申请 is needed, the meeting not before 2026-05-01, and only one extension */
    in.on = D(2026, 5, 1);
    cr_assert_eq(step_as(&fx_cli, id, &in, &err), DJ_ECONFLICT);
    ok(id, S("conversion_application", D(2026, 4, 25)));
    in.on = D(2026, 4, 30);
    in.outcome = "convert";
    cr_assert_eq(step_as(&fx_cli, id, &in, &err), DJ_EINVAL);
    in.on = D(2026, 5, 1);
    in.outcome = "extend";
    cr_assert_eq(step_as(&fx_cli, id, &in, &err), DJ_EINVAL);
    cr_assert(strstr(err.message, "dev.probation.extension_max_times"));
    in.outcome = "convert";
    cr_assert_eq(step_as(&fx_cli, id, &in, &err), 0, "%s", err.message);
    ok(id, S("conversion_approval", D(2026, 6, 1)));
    cr_assert_eq(dj_date_cmp(get(id).converted_on, D(2026, 5, 1)), 0);
}

Test(dev, cancellation_ends_the_member_record)
{
    int64_t id = walk(23);
    struct dj_dev_step_in in = S("conversion_vote", D(2025, 11, 1));
    struct dj_member_rec m;
    struct dj_err err = {0};

    in.vote = V(11, 8, 7, 0);
    in.outcome = "cancel";
    ok(id, in);
    ok(id, S("conversion_approval", D(2025, 12, 1)));
    cr_assert_str_eq(get(id).stage, "cancelled");
    cr_assert_eq(dj_member_get(fx_db, &fx_cli, get(id).member_id, false, A, &m, &err), 0);
    cr_assert_str_eq(m.status, "left");
    cr_assert_str_eq(m.leave_kind, "cancelled");
}

Test(dev, send_back_returns_a_candidate_to_activist)
{
    int64_t id = walk(8);
    struct dj_dev_step_in in = S("send_back", D(2024, 8, 1));
    struct dj_err err = {0};

    cr_assert_eq(step_as(&fx_cli, id, &in, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "reason");
    in.reason = "考察期间表现不符合条件";
    cr_assert_eq(step_as(&fx_cli, id, &in, &err), 0, "%s", err.message);
    cr_assert_str_eq(get(id).stage, "activist");
}

struct dl {
    int n;
    char kinds[8][40];
    int levels[8];
};

static int grab(void *ctx, const struct dj_deadline *d)
{
    struct dl *l = ctx;
    if (l->n < 8) {
        dj_strlcpy(l->kinds[l->n], d->kind, sizeof(l->kinds[0]));
        l->levels[l->n] = d->level;
    }
    l->n++;
    return 0;
}

Test(dev, deadlines_for_the_reminder_scheduler)
{
    struct dj_err err = {0};
    struct dj_scope all = {.all = true}, other = {.n = 1, .paths = {"/1/3/"}};
    struct dl l = {0};

    cr_assert_gt(new_applicant(&fx_cli, 4, D(1990, 1, 1), D(2026, 10, 1), 21, &err), 0);
    cr_assert_gt(new_applicant(&fx_cli, 4, D(1990, 1, 1), D(2026, 11, 20), 23, &err), 0);
    cr_assert_eq(
        dj_dev_deadline_lister(fx_db, &all, D(2026, 1, 1), D(2026, 12, 31), grab, &l, &err), 0);
    cr_assert_eq(l.n, 2);
    cr_assert_str_eq(l.kinds[0], "dev.talk_due");
    cr_assert_eq(l.levels[0], DJ_DEADLINE_OVERDUE); /* due 2026-11-01 */
    cr_assert_eq(l.levels[1], DJ_DEADLINE_DUE);     /* due 2026-12-20 */
    memset(&l, 0, sizeof(l));
    cr_assert_eq(
        dj_dev_deadline_lister(fx_db, &other, D(2026, 1, 1), D(2026, 12, 31), grab, &l, &err), 0);
    cr_assert_eq(l.n, 0);
    memset(&l, 0, sizeof(l));
    cr_assert_eq(
        dj_dev_deadline_lister(fx_db, &all, D(2026, 11, 2), D(2026, 12, 19), grab, &l, &err), 0);
    cr_assert_eq(l.n, 0);
}

Test(dev, plans_and_counts)
{
    struct dj_err err = {0};
    struct dj_dev_plan p = {.org_id = 2, .year = 2024, .planned = 3, .under35 = 1};
    struct dj_dev_plan *rows;
    struct dj_dev_count *c;
    int n;

    walk(16); /* admitted 2024-11-01, born 1995: under 35 */
    cr_assert_eq(dj_dev_plan_set(fx_db, &fx_cli, &p, &err), 0, "%s", err.message);
    p.under35 = 4;
    cr_assert_eq(dj_dev_plan_set(fx_db, &fx_cli, &p, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "under35");
    cr_assert_eq(dj_dev_plans(fx_db, &fx_cli, 1, 2024, A, &rows, &n, &err), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(rows[0].planned, 3);
    cr_assert_eq(rows[0].developed, 1);
    cr_assert_eq(dj_dev_counts(fx_db, &fx_cli, 2, A, &c, &n, &err), 0);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(c[0].stage, "candidate");
    cr_assert_eq(c[0].total, 1);
    cr_assert_eq(c[0].under35, 1);
    cr_assert_str_eq(c[0].education, "21");
}

/* A transferred 预备党员 whose 转正 the receiving branch postponed is due that much later. */
Test(dev, a_postponed_conversion_is_due_later)
{
    struct dj_err err = {0};
    struct dj_scope all = {.all = true};
    struct dl l = {0};

    fx_exec("INSERT INTO members (id, org_id, org_path, name, id_enc, id_blind, gender, "
            "birth_date, category, joined_on, status, created_at, updated_at) VALUES (900, 4, "
            "'/1/2/4/', '预备甲', 'v1:x', 'bp900', '1', '1995-01-01', 'probationary', "
            "'2025-12-10', 'normal', 'x', 'x')");
    fx_exec("INSERT INTO dev_applicants (org_id, org_path, name, id_enc, id_blind, gender, "
            "birth_date, stage, applied_on, member_id, probation_end, created_at, updated_at) "
            "VALUES (4, '/1/2/4/', '预备甲', 'v1:x', 'bp900', '1', '1995-01-01', 'probationary', "
            "'2022-01-01', 900, '2026-12-10', 'x', 'x')");
    cr_assert_eq(
        dj_dev_deadline_lister(fx_db, &all, D(2026, 12, 1), D(2026, 12, 31), grab, &l, &err), 0);
    cr_assert_eq(l.n, 1);
    cr_assert_str_eq(l.kinds[0], "dev.probation_end");

    fx_exec("INSERT INTO transfers (kind, category, state, member_id, member_name, from_name, "
            "from_path, to_name, to_path, requested_on, postpone_months, created_at, updated_at) "
            "VALUES ('internal', 'in_province', 'completed', 900, '预备甲', '原支部', '/1/3/', "
            "'第一支部', '/1/2/4/', '2026-06-01', 3, 'x', 'x')");
    memset(&l, 0, sizeof(l));
    cr_assert_eq(
        dj_dev_deadline_lister(fx_db, &all, D(2026, 12, 1), D(2026, 12, 31), grab, &l, &err), 0);
    cr_assert_eq(l.n, 0, "postponed by 3 months");
    memset(&l, 0, sizeof(l));
    cr_assert_eq(
        dj_dev_deadline_lister(fx_db, &all, D(2027, 3, 10), D(2027, 3, 10), grab, &l, &err), 0);
    cr_assert_eq(l.n, 1);
    cr_assert_str_eq(l.kinds[0], "dev.probation_end");
}
