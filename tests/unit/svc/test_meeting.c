/*
 * test_meeting.c - records of organisational life and the compliance engine
 * (svc/meeting.c, svc/compliance.c with their store files and sql/0008):
 * the expected list on a date, quorum and votes, the review flow and its
 * permissions, what counts, every frequency rule at its period boundary,
 * acknowledgements that never disappear, and the reminder lister.
 * Members and posts are inserted with plain SQL (synthetic placeholders).
 * The fixture's tree: 1 /1/ 党委, 2 /1/2/ 党工委, 3 /1/3/ 党工委, 4 /1/2/4/ 党支部.
 */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "fixture.h"
#include "rules/life_rules.h"
#include "rules/ruletab.h"
#include "svc/compliance.h"
#include "svc/meeting.h"
#include "svc/org.h"
#include "svc/term.h"

static struct dj_arena *arena;
static int seq;

static void setup(void)
{
    fx_setup();
    dj_date_set_today((struct dj_date){2026, 11, 23});
    arena = dj_arena_new();
    seq = 0;
}

static void teardown(void)
{
    dj_rules_release();
    dj_date_set_today((struct dj_date){0, 0, 0});
    dj_arena_free(arena);
    fx_teardown();
}

TestSuite(meeting, .init = setup, .fini = teardown);

static struct dj_date D(int y, int m, int d) {
    struct dj_date r = {y, m, d};
    return r;
}

static int64_t
count(const char *sql)
{
    struct dj_stmt *st;
    struct dj_err err = {0};
    int64_t n;

    cr_assert_eq(dj_db_prepare(fx_db, sql, &st, &err), 0, "%s", err.detail);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW, "%s", err.detail);
    n = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return n;
}

/* A member; confirmed NULL = 预备党员. Returns the id. */
static int64_t member(int64_t org_id, int64_t group_id, const char *name, const char *joined,
                      const char *added, const char *confirmed, const char *status,
                      const char *status_on)
{
    struct dj_stmt *st;
    struct dj_err err = {0};
    char blind[32];
    int64_t id;

    snprintf(blind, sizeof(blind), "blind-%d", ++seq);
    cr_assert_eq(
        dj_db_prepare(fx_db,
                      "INSERT INTO members (org_id, org_path, group_id, name, id_enc, id_blind, "
                      "gender, birth_date, category, joined_on, added_on, confirmed_on, status, "
                      "status_on, created_at, updated_at) "
                      "SELECT id, path, $2, $3, 'v1:synthetic', $4, '1', '1980-01-01', "
                      "CASE WHEN $7 IS NULL THEN 'probationary' ELSE 'full' END, $5, $6, $7, $8, "
                      "$9, 'x', 'x' FROM orgs WHERE id = $1 RETURNING id",
                      &st, &err),
        0, "%s", err.detail);
    dj_stmt_bind_int64(st, 1, org_id);
    if (group_id)
        dj_stmt_bind_int64(st, 2, group_id);
    else
        dj_stmt_bind_null(st, 2);
    dj_stmt_bind_text(st, 3, name);
    dj_stmt_bind_text(st, 4, blind);
    dj_stmt_bind_text(st, 5, joined);
    dj_stmt_bind_text(st, 6, added);
    dj_stmt_bind_text(st, 7, confirmed);
    dj_stmt_bind_text(st, 8, status);
    dj_stmt_bind_text(st, 9, status_on);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW, "%s", err.detail);
    id = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return id;
}

static int64_t full(int64_t org, const char *name)
{
    return member(org, 0, name, "2000-01-01", NULL, "2001-01-01", "normal", NULL);
}

static void post(int64_t org_id, const char *kind, int64_t holder, const char *start,
                 const char *end)
{
    struct dj_stmt *st;
    struct dj_err err = {0};

    cr_assert_eq(dj_db_prepare(fx_db,
                               "INSERT INTO org_posts (org_id, post, member_id, person_name, "
                               "start_on, end_on, created_at, updated_at) "
                               "VALUES ($1, $2, $3, 'x', $4, $5, 'x', 'x')",
                               &st, &err),
                 0, "%s", err.detail);
    dj_stmt_bind_int64(st, 1, org_id);
    dj_stmt_bind_text(st, 2, kind);
    dj_stmt_bind_int64(st, 3, holder);
    dj_stmt_bind_text(st, 4, start);
    dj_stmt_bind_text(st, 5, end);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_DONE, "%s", err.detail);
}

/* Create a record with the derived attendance; returns its id. */
static int64_t meet(const struct dj_actor *a, int64_t org, const char *kind, const char *on,
                    struct dj_meeting *out)
{
    struct dj_meeting_in in;
    struct dj_meeting m;
    struct dj_err err = {0};

    memset(&in, 0, sizeof(in));
    in.m.org_id = org;
    in.m.kind = kind;
    dj_strlcpy(in.m.held_on, on, sizeof(in.m.held_on));
    in.m.topic = "学习贯彻会议精神";
    cr_assert_eq(dj_meeting_create(fx_db, a, &in, arena, out ? out : &m, &err), 0, "%s",
                 err.message);
    return out ? out->id : m.id;
}

/* Create, submit and approve as the CLI operator. */
static int64_t approved(int64_t org, const char *kind, const char *on)
{
    struct dj_meeting m;
    struct dj_err err = {0};
    int64_t id = meet(&fx_cli, org, kind, on, NULL);

    cr_assert_eq(dj_meeting_review(fx_db, &fx_cli, id, "submit", NULL, arena, &m, &err), 0, "%s",
                 err.message);
    cr_assert_eq(dj_meeting_review(fx_db, &fx_cli, id, "approve", NULL, arena, &m, &err), 0, "%s",
                 err.message);
    return id;
}

static const struct dj_cmp_rule_total *rule_of(const struct dj_compliance_report *r, const char *id)
{
    for (int i = 0; i < r->nrules; i++)
        if (!strcmp(r->rules[i].rule_id, id))
            return &r->rules[i];
    return NULL;
}

static void report(int64_t org, struct dj_date from, struct dj_date to,
                   struct dj_compliance_report *r)
{
    struct dj_compliance_query q = {0};
    struct dj_err err = {0};

    q.org_id = org;
    q.from = from;
    q.to = to;
    q.today = D(2026, 11, 23);
    q.limit = 500;
    q.org_limit = 100;
    cr_assert_eq(dj_compliance_report(fx_db, &fx_cli, &q, arena, r, &err), 0, "%s", err.message);
}

static bool has_gap(const struct dj_compliance_report *r, const char *rule, const char *period)
{
    for (int i = 0; i < r->ngaps; i++)
        if (!strcmp(r->gaps[i].rule_id, rule) && !strcmp(r->gaps[i].period, period))
            return true;
    return false;
}

/* ---- the expected list --------------------------------------------------------------- */

Test(meeting, expected_list_on_a_date)
{
    struct dj_meeting_att *att;
    struct dj_member_exemption ex = {0};
    struct dj_err err = {0};
    int64_t id;
    int n;

    full(4, "甲");
    member(4, 0, "乙预备", "2026-01-10", NULL, NULL, "normal", NULL);
    member(4, 0, "丙新转入", "2010-01-01", "2026-03-12", "2011-01-01", "normal", NULL);
    member(4, 0, "丁转出", "2010-01-01", NULL, "2011-01-01", "left", "2026-03-10");
    int64_t old = full(4, "戊年老");
    ex.member_id = old;
    ex.reason_kind = "old";
    ex.reason = "年老体弱，卧床";
    ex.approver = "街道党工委";
    ex.start_on = "2026-01-01";
    cr_assert_eq(dj_meeting_exempt_member(fx_db, &fx_cli, &ex, &id, &err), 0, "%s", err.message);

    /* 2026-03-09: 丁 is still on the roll, 丙 not yet */
    cr_assert_eq(
        dj_meeting_roll(fx_db, &fx_cli, 4, "assembly", D(2026, 3, 9), arena, &att, &n, &err), 0);
    cr_assert_eq(n, 4);
    cr_assert_str_eq(att[0].name, "甲");
    cr_assert(att[0].voting);
    cr_assert_str_eq(att[1].name, "乙预备");
    cr_assert_not(att[1].voting, "预备党员 have no vote");
    cr_assert_str_eq(att[2].name, "丁转出");
    cr_assert_str_eq(att[3].state, "exempt");
    cr_assert(strstr(att[3].reason, "卧床"));
    /* 2026-03-10: 丁 gone; 2026-03-12: 丙 arrived */
    cr_assert_eq(
        dj_meeting_roll(fx_db, &fx_cli, 4, "assembly", D(2026, 3, 10), arena, &att, &n, &err), 0);
    cr_assert_eq(n, 3);
    cr_assert_eq(
        dj_meeting_roll(fx_db, &fx_cli, 4, "assembly", D(2026, 3, 12), arena, &att, &n, &err), 0);
    cr_assert_eq(n, 4);
    cr_assert_str_eq(att[2].name, "丙新转入");
    /* the exemption ends: back on the roll with a vote (none before its start either) */
    cr_assert_eq(
        dj_meeting_roll(fx_db, &fx_cli, 4, "assembly", D(2025, 12, 31), arena, &att, &n, &err), 0);
    cr_assert_str_eq(att[n - 1].state, "present");
}

Test(meeting, derived_counts_and_quorum)
{
    struct dj_meeting m;
    struct dj_meeting_in in;
    struct dj_meeting_att att[5];
    struct dj_err err = {0};
    int64_t ids[4];

    for (int i = 0; i < 4; i++)
        ids[i] = full(4, "党员");
    member(4, 0, "预备", "2026-01-10", NULL, NULL, "normal", NULL);
    /* all present: 4 expected voting members, 4 present */
    meet(&fx_cli, 4, "assembly", "2026-03-05", &m);
    cr_assert_eq(m.expected_n, 4);
    cr_assert_eq(m.present_n, 4);
    cr_assert(m.quorum_ok);

    /* 2 of 4 present: 2 * 2 > 4 fails (超过半数) */
    memset(&in, 0, sizeof(in));
    in.m.org_id = 4;
    in.m.kind = "assembly";
    dj_strlcpy(in.m.held_on, "2026-03-06", sizeof(in.m.held_on));
    in.m.topic = "党员大会";
    for (int i = 0; i < 4; i++) {
        att[i] = (struct dj_meeting_att){ids[i], NULL, i < 2 ? "present" : "absent", true,
                                         i < 2 ? NULL : "出差"};
    }
    att[4] = (struct dj_meeting_att){ids[3] + 1, NULL, "present", false, NULL};
    in.m.att = att;
    in.m.natt = 5;
    cr_assert_eq(dj_meeting_create(fx_db, &fx_cli, &in, arena, &m, &err), 0, "%s", err.message);
    cr_assert_eq(m.expected_n, 4);
    cr_assert_eq(m.present_n, 2);
    cr_assert_not(m.quorum_ok, "exactly half is not more than half");
    /* 3 of 4: passes */
    att[2].state = "present";
    att[2].reason = NULL;
    dj_strlcpy(in.m.held_on, "2026-03-07", sizeof(in.m.held_on));
    cr_assert_eq(dj_meeting_create(fx_db, &fx_cli, &in, arena, &m, &err), 0, "%s", err.message);
    cr_assert(m.quorum_ok);

    /* an absence without a reason, a member not on the roll, a missing member: refused */
    att[3].reason = NULL;
    cr_assert_eq(dj_meeting_create(fx_db, &fx_cli, &in, arena, &m, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "attendance");
    att[3].reason = "病假";
    in.m.natt = 4;
    cr_assert_eq(dj_meeting_create(fx_db, &fx_cli, &in, arena, &m, &err), DJ_EINVAL);
    cr_assert(strstr(err.message, "预备"), "%s", err.message);
    cr_assert_eq(count("SELECT COUNT(*) FROM meetings"), 3, "nothing half-written");
}

Test(meeting, votes_against_expected_voting_members)
{
    struct dj_meeting m;
    struct dj_meeting_in in;
    struct dj_meeting_vote v[2];
    struct dj_err err = {0};

    for (int i = 0; i < 5; i++)
        full(4, "党员");
    memset(&in, 0, sizeof(in));
    in.m.org_id = 4;
    in.m.kind = "assembly";
    dj_strlcpy(in.m.held_on, "2026-04-02", sizeof(in.m.held_on));
    in.m.topic = "接收预备党员";
    /* 5 expected, all present: yes 3 > 2.5 passes; yes 2 + written 0 fails */
    v[0] = (struct dj_meeting_vote){"接收张某为预备党员", 3, 2, 0, 0, 0, false};
    v[1] = (struct dj_meeting_vote){"表决事项二", 2, 2, 1, 0, 0, false};
    in.m.votes = v;
    in.m.nvotes = 2;
    cr_assert_eq(dj_meeting_create(fx_db, &fx_cli, &in, arena, &m, &err), 0, "%s", err.message);
    cr_assert(m.votes[0].passed);
    cr_assert_not(m.votes[1].passed, "yes must exceed half of the expected, not of the present");
    /* more ballots than people present is refused */
    v[1] = (struct dj_meeting_vote){"表决事项二", 4, 2, 0, 0, 0, false};
    cr_assert_eq(dj_meeting_create(fx_db, &fx_cli, &in, arena, &m, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "votes");
}

Test(meeting, committee_quorum_half_of_members)
{
    struct dj_meeting m;
    struct dj_meeting_in in;
    struct dj_meeting_att att[4];
    struct dj_err err = {0};
    int64_t c[4];

    for (int i = 0; i < 4; i++) {
        c[i] = full(4, "委员");
        post(4, i == 0 ? "secretary" : "member", c[i], "2025-01-01", NULL);
    }
    memset(&in, 0, sizeof(in));
    in.m.org_id = 4;
    in.m.kind = "committee";
    dj_strlcpy(in.m.held_on, "2026-05-31", sizeof(in.m.held_on));
    in.m.topic = "支委会";
    for (int i = 0; i < 4; i++)
        att[i] = (struct dj_meeting_att){c[i], NULL, i < 2 ? "present" : "absent", true, "公出"};
    in.m.att = att;
    in.m.natt = 4;
    cr_assert_eq(dj_meeting_create(fx_db, &fx_cli, &in, arena, &m, &err), 0, "%s", err.message);
    cr_assert_eq(m.expected_n, 4);
    cr_assert(m.quorum_ok, "2 of 4 committee members is 半数以上");
    att[1].state = "absent";
    cr_assert_eq(dj_meeting_create(fx_db, &fx_cli, &in, arena, &m, &err), 0, "%s", err.message);
    cr_assert_not(m.quorum_ok);
}

/* ---- review flow ---------------------------------------------------------------------- */

Test(meeting, review_flow_and_permissions)
{
    struct dj_actor branch, street, other;
    struct dj_meeting m;
    struct dj_err err = {0};
    int64_t id;

    full(4, "甲");
    fx_actor(&branch, DJ_ROLE_BRANCH_ADMIN, 4, "/1/2/4/");
    fx_actor(&street, DJ_ROLE_ORG_ADMIN, 2, "/1/2/");
    fx_actor(&other, DJ_ROLE_ORG_ADMIN, 3, "/1/3/");
    id = meet(&branch, 4, "theme_day", "2026-10-08", NULL);

    /* outside the scope: the same answer as a missing record */
    cr_assert_eq(dj_meeting_get(fx_db, &other, id, arena, &m, &err), DJ_EPERM);
    cr_assert_str_eq(err.message, "无权访问该组织的数据");
    cr_assert_eq(dj_meeting_get(fx_db, &other, 999, arena, &m, &err), DJ_EPERM);
    cr_assert_str_eq(err.message, "无权访问该组织的数据");

    /* the branch cannot approve its own record, nor can a draft be approved */
    cr_assert_eq(dj_meeting_review(fx_db, &street, id, "approve", NULL, arena, &m, &err),
                 DJ_ECONFLICT);
    cr_assert_eq(dj_meeting_review(fx_db, &branch, id, "submit", NULL, arena, &m, &err), 0);
    cr_assert_str_eq(m.status, "submitted");
    cr_assert_eq(dj_meeting_review(fx_db, &branch, id, "approve", NULL, arena, &m, &err), DJ_EPERM);
    cr_assert_eq(dj_meeting_review(fx_db, &other, id, "approve", NULL, arena, &m, &err), DJ_EPERM);
    /* submitted records cannot be edited or deleted */
    cr_assert_eq(dj_meeting_delete(fx_db, &branch, id, &err), DJ_ECONFLICT);
    /* return needs a reason */
    cr_assert_eq(dj_meeting_review(fx_db, &street, id, "return", "", arena, &m, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "reason");
    cr_assert_eq(dj_meeting_review(fx_db, &street, id, "return", "缺少会议记录", arena, &m, &err),
                 0);
    cr_assert_str_eq(m.status, "returned");
    cr_assert_str_eq(m.return_reason, "缺少会议记录");
    /* edited and resubmitted, then approved */
    {
        struct dj_meeting_in in;
        memset(&in, 0, sizeof(in));
        in.m.kind = "theme_day";
        dj_strlcpy(in.m.held_on, "2026-10-08", sizeof(in.m.held_on));
        in.m.topic = "主题党日：志愿服务";
        in.m.minutes = "补充的会议记录";
        cr_assert_eq(dj_meeting_update(fx_db, &branch, id, &in, arena, &m, &err), 0, "%s",
                     err.message);
        cr_assert_str_eq(m.minutes, "补充的会议记录");
    }
    cr_assert_eq(dj_meeting_review(fx_db, &branch, id, "submit", NULL, arena, &m, &err), 0);
    cr_assert_eq(m.return_reason, NULL);
    cr_assert_eq(dj_meeting_review(fx_db, &street, id, "approve", NULL, arena, &m, &err), 0);
    cr_assert_str_eq(m.status, "approved");
    cr_assert_str_eq(m.reviewed_by, "actor");
    cr_assert_eq(dj_meeting_delete(fx_db, &branch, id, &err), DJ_ECONFLICT);
    cr_assert_eq(count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'meeting'"), 6,
                 "create, submit, return, update, submit, approve");
}

/* ---- what counts ----------------------------------------------------------------------- */

Test(meeting, only_approved_count_unless_configured)
{
    struct dj_compliance_report r;
    struct dj_meeting m;
    struct dj_err err = {0};
    int64_t id;

    full(4, "甲");
    id = meet(&fx_cli, 4, "theme_day", "2026-01-15", NULL);
    cr_assert_eq(dj_meeting_review(fx_db, &fx_cli, id, "submit", NULL, arena, &m, &err), 0);
    report(4, D(2026, 1, 1), D(2026, 1, 31), &r);
    cr_assert(has_gap(&r, "life.theme_day.min_per_month", "2026-01"), "submitted does not count");

    struct dj_rule_override ov[] = {
        {.rule_id = DJ_LIFE_RULE_COUNT_SUBMITTED, .value = 1, .effective_from = {2020, 1, 1}}};
    cr_assert_eq(dj_rules_set_overrides(ov, 1, &err), 0, "%s", err.message);
    report(4, D(2026, 1, 1), D(2026, 1, 31), &r);
    cr_assert_not(has_gap(&r, "life.theme_day.min_per_month", "2026-01"));
    cr_assert(r.count_submitted);
    dj_rules_set_overrides(NULL, 0, &err);
    cr_assert_eq(dj_meeting_review(fx_db, &fx_cli, id, "approve", NULL, arena, &m, &err), 0);
    report(4, D(2026, 1, 1), D(2026, 1, 31), &r);
    cr_assert_not(has_gap(&r, "life.theme_day.min_per_month", "2026-01"));
}

Test(meeting, failed_quorum_is_kept_but_does_not_count)
{
    struct dj_compliance_report r;
    struct dj_meeting m;
    struct dj_meeting_in in;
    struct dj_meeting_att att[2];
    struct dj_err err = {0};
    int64_t a = full(4, "甲"), b = full(4, "乙");

    memset(&in, 0, sizeof(in));
    in.m.org_id = 4;
    in.m.kind = "assembly";
    dj_strlcpy(in.m.held_on, "2026-02-10", sizeof(in.m.held_on));
    in.m.topic = "党员大会";
    att[0] = (struct dj_meeting_att){a, NULL, "present", true, NULL};
    att[1] = (struct dj_meeting_att){b, NULL, "absent", true, "外出"};
    in.m.att = att;
    in.m.natt = 2;
    cr_assert_eq(dj_meeting_create(fx_db, &fx_cli, &in, arena, &m, &err), 0, "%s", err.message);
    cr_assert_not(m.quorum_ok);
    cr_assert_eq(dj_meeting_review(fx_db, &fx_cli, m.id, "submit", NULL, arena, &m, &err), 0);
    cr_assert_eq(dj_meeting_review(fx_db, &fx_cli, m.id, "approve", NULL, arena, &m, &err), 0);
    report(4, D(2026, 1, 1), D(2026, 3, 31), &r);
    cr_assert(has_gap(&r, "life.assembly.min_per_quarter", "2026-Q1"));
    cr_assert_eq(count("SELECT COUNT(*) FROM life_counts WHERE kind = 'assembly'"), 0);
}

/* ---- frequency rules at their period boundaries ---------------------------------------- */

Test(meeting, committee_on_last_day_of_month_counts_for_that_month)
{
    struct dj_compliance_report r;
    int64_t s = full(4, "书记"), c = full(4, "委员");

    post(4, "secretary", s, "2025-01-01", NULL);
    post(4, "organization", c, "2025-01-01", NULL);
    approved(4, "committee", "2026-01-31");
    approved(4, "committee", "2026-03-01");
    report(4, D(2026, 1, 1), D(2026, 3, 31), &r);
    cr_assert_not(has_gap(&r, "life.committee_meeting.min_per_month", "2026-01"));
    cr_assert(has_gap(&r, "life.committee_meeting.min_per_month", "2026-02"));
    cr_assert_not(has_gap(&r, "life.committee_meeting.min_per_month", "2026-03"));
    const struct dj_cmp_rule_total *t = rule_of(&r, "life.committee_meeting.min_per_month");
    cr_assert_eq(t->required, 3);
    cr_assert_eq(t->met, 2);
    /* a branch without committee posts owes no 支委会 */
    fx_exec("DELETE FROM org_posts WHERE post = 'organization'");
    report(4, D(2026, 1, 1), D(2026, 3, 31), &r);
    cr_assert_null(rule_of(&r, "life.committee_meeting.min_per_month"));
}

Test(meeting, quarter_and_year_boundaries)
{
    struct dj_compliance_report r;

    full(4, "甲");
    approved(4, "assembly", "2026-03-31"); /* Q1's last day */
    approved(4, "assembly", "2026-07-01"); /* Q3's first day */
    report(4, D(2026, 1, 1), D(2026, 9, 30), &r);
    cr_assert_not(has_gap(&r, "life.assembly.min_per_quarter", "2026-Q1"));
    cr_assert(has_gap(&r, "life.assembly.min_per_quarter", "2026-Q2"));
    cr_assert_not(has_gap(&r, "life.assembly.min_per_quarter", "2026-Q3"));
    /* the current year has not ended: no yearly requirement yet; the current month neither */
    report(4, D(2026, 1, 1), D(2026, 12, 31), &r);
    cr_assert_null(rule_of(&r, "life.org_life_meeting.min_per_year"));
    cr_assert_not(has_gap(&r, "life.theme_day.min_per_month", "2026-11"));
    cr_assert(has_gap(&r, "life.theme_day.min_per_month", "2026-10"));
    /* a whole past year: 组织生活会, 民主评议, 书记党课 */
    report(4, D(2025, 1, 1), D(2025, 12, 31), &r);
    cr_assert(has_gap(&r, "life.org_life_meeting.min_per_year", "2025"));
    cr_assert(has_gap(&r, "life.democratic_review.min_per_year", "2025"));
    cr_assert(has_gap(&r, "life.lecture.secretary_min_per_year", "2025"));
}

Test(meeting, org_set_up_mid_quarter)
{
    struct dj_compliance_report r;
    int64_t b = fx_org(2, "测试新建党支部", "branch", NULL);

    fx_exec("UPDATE orgs SET founded_on = '2026-02-10' WHERE name = '测试新建党支部'");
    full(b, "甲");
    report(b, D(2026, 1, 1), D(2026, 6, 30), &r);
    cr_assert_not(has_gap(&r, "life.assembly.min_per_quarter", "2026-Q1"),
                  "not in existence the whole quarter");
    cr_assert(has_gap(&r, "life.assembly.min_per_quarter", "2026-Q2"));
    cr_assert_not(has_gap(&r, "life.theme_day.min_per_month", "2026-02"));
    cr_assert(has_gap(&r, "life.theme_day.min_per_month", "2026-03"));
    cr_assert_eq(rule_of(&r, "life.theme_day.min_per_month")->required, 4); /* Mar..Jun */
}

Test(meeting, group_meetings_per_group_and_secretary_lecture)
{
    struct dj_compliance_report r;
    int64_t g1 = fx_org(4, "第一党小组", "group", NULL),
            g2 = fx_org(4, "第二党小组", "group", NULL);
    int64_t s = member(4, g1, "书记", "2000-01-01", NULL, "2001-01-01", "normal", NULL);
    struct dj_meeting_in in;
    struct dj_meeting m;
    struct dj_err err = {0};

    member(4, g2, "乙", "2000-01-01", NULL, "2001-01-01", "normal", NULL);
    post(4, "secretary", s, "2024-01-01", NULL);
    approved(g1, "group", "2025-06-15");
    memset(&in, 0, sizeof(in));
    in.m.org_id = 4;
    in.m.kind = "lecture";
    dj_strlcpy(in.m.held_on, "2025-07-01", sizeof(in.m.held_on));
    in.m.topic = "书记讲党课";
    in.m.hours = 4;
    in.lecturer_member_id = s;
    cr_assert_eq(dj_meeting_create(fx_db, &fx_cli, &in, arena, &m, &err), 0, "%s", err.message);
    cr_assert(m.by_secretary);
    cr_assert_eq(dj_meeting_review(fx_db, &fx_cli, m.id, "submit", NULL, arena, &m, &err), 0);
    cr_assert_eq(dj_meeting_review(fx_db, &fx_cli, m.id, "approve", NULL, arena, &m, &err), 0);
    report(4, D(2025, 6, 1), D(2025, 6, 30), &r);
    const struct dj_cmp_rule_total *t = rule_of(&r, "life.group_meeting.min_per_month");
    cr_assert_eq(t->required, 2, "one per group");
    cr_assert_eq(t->met, 1);
    report(4, D(2025, 1, 1), D(2025, 12, 31), &r);
    cr_assert_not(has_gap(&r, "life.lecture.secretary_min_per_year", "2025"));
    /* the 党课 credited 4 学时 to both members present */
    cr_assert_eq(count("SELECT SUM(hours_ok) FROM life_member_year WHERE year = 2025"), 8);
    cr_assert(has_gap(&r, DJ_LIFE_RULE_TRAINING, "2025"));
}

/* ---- acknowledgements and exemptions ---------------------------------------------------- */

Test(meeting, acknowledged_findings_stay)
{
    struct dj_compliance_report r;
    struct dj_err err = {0};
    int64_t id;
    bool found = false;

    full(4, "甲");
    report(4, D(2026, 1, 1), D(2026, 1, 31), &r);
    cr_assert(has_gap(&r, "life.theme_day.min_per_month", "2026-01"));
    int64_t before = r.gaps_total;
    cr_assert_eq(dj_compliance_ack(fx_db, &fx_cli, 4, "life.theme_day.min_per_month", "2026-01", "",
                                   "春节期间，与二月合并开展", &id, &err),
                 0, "%s", err.message);
    report(4, D(2026, 1, 1), D(2026, 1, 31), &r);
    cr_assert_eq(r.gaps_total, before, "acknowledging does not remove the finding");
    cr_assert_eq(r.gaps_acked, 1);
    for (int i = 0; i < r.ngaps; i++)
        if (!strcmp(r.gaps[i].rule_id, "life.theme_day.min_per_month")) {
            cr_assert_str_eq(r.gaps[i].ack_explanation, "春节期间，与二月合并开展");
            found = true;
        }
    cr_assert(found);
    cr_assert_eq(dj_compliance_ack(fx_db, &fx_cli, 4, "life.theme_day.min_per_month", "2026-01", "",
                                   "改写", &id, &err),
                 DJ_ECONFLICT);
    cr_assert_neq(dj_db_exec(fx_db, "DELETE FROM compliance_acks", &err), 0,
                  "acknowledgements cannot be deleted");
    cr_assert_neq(dj_db_exec(fx_db, "UPDATE compliance_acks SET explanation = 'x'", &err), 0);
    cr_assert_eq(dj_compliance_ack(fx_db, &fx_cli, 4, "life.theme_day.min_per_month", "2026-13", "",
                                   "x", &id, &err),
                 DJ_EINVAL);
    cr_assert_str_eq(err.field, "period");
}

Test(meeting, org_exemption_removes_the_requirement)
{
    struct dj_compliance_report r;
    struct dj_err err = {0};
    int64_t id;

    full(4, "甲");
    cr_assert_eq(dj_compliance_exempt(fx_db, &fx_cli, 4, "life.theme_day.min_per_month",
                                      D(2026, 1, 1), D(2026, 2, 28), "整建制转隶过渡期",
                                      "区委组织部", &id, &err),
                 0, "%s", err.message);
    report(4, D(2026, 1, 1), D(2026, 3, 31), &r);
    cr_assert_not(has_gap(&r, "life.theme_day.min_per_month", "2026-01"));
    cr_assert_not(has_gap(&r, "life.theme_day.min_per_month", "2026-02"));
    cr_assert(has_gap(&r, "life.theme_day.min_per_month", "2026-03"));
    cr_assert_eq(dj_compliance_exempt(fx_db, &fx_cli, 4, "life.theme_day.min_per_month",
                                      D(2026, 1, 1), D(2026, 2, 28), "", "区委组织部", &id, &err),
                 DJ_EINVAL);
    cr_assert_str_eq(err.field, "reason");
}

Test(meeting, scope_of_the_report)
{
    struct dj_actor other;
    struct dj_compliance_query q = {0};
    struct dj_compliance_report r;
    struct dj_err err = {0};

    fx_actor(&other, DJ_ROLE_ORG_ADMIN, 3, "/1/3/");
    q.org_id = 4;
    q.from = D(2026, 1, 1);
    q.to = D(2026, 3, 31);
    q.today = D(2026, 11, 23);
    q.limit = 10;
    q.org_limit = 10;
    cr_assert_eq(dj_compliance_report(fx_db, &other, &q, arena, &r, &err), DJ_EPERM);
    cr_assert_str_eq(err.message, "无权访问该组织的数据");
    q.org_id = 3;
    cr_assert_eq(dj_compliance_report(fx_db, &other, &q, arena, &r, &err), 0, "%s", err.message);
    q.to = D(2031, 3, 31);
    cr_assert_eq(dj_compliance_report(fx_db, &other, &q, arena, &r, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "to");
}

Test(meeting, weak_candidates)
{
    struct dj_compliance_report r;

    full(4, "甲");
    report(1, D(2026, 1, 1), D(2026, 6, 30), &r);
    cr_assert_eq(r.nweak, 1);
    cr_assert_eq(r.weak[0].org_id, 4);
    cr_assert_str_eq(r.weak[0].reasons[0].rule_id, "org.weak.no_life_quarters");
    approved(4, "assembly", "2026-02-01");
    approved(4, "lecture", "2026-05-01");
    post(4, "secretary", 1, "2025-01-01", "2026-02-27");
    report(1, D(2026, 1, 1), D(2026, 6, 30), &r);
    cr_assert_eq(r.nweak, 1);
    cr_assert_str_eq(r.weak[0].reasons[0].rule_id, "org.weak.secretary_vacant_months");
    /* vacant from 2026-02-28: on 2026-05-28 exactly 3 months, not more */
    report(1, D(2026, 1, 1), D(2026, 5, 28), &r);
    bool vacant = false;
    for (int i = 0; i < r.nweak; i++)
        for (int k = 0; k < r.weak[i].nreasons; k++)
            vacant =
                vacant || !strcmp(r.weak[i].reasons[k].rule_id, "org.weak.secretary_vacant_months");
    cr_assert_not(vacant);
}

/* ---- the reminder lister ---------------------------------------------------------------- */

struct collected {
    int n;
    char kinds[32][48];
    struct dj_date due[32];
    enum dj_deadline_level level[32];
};

static int collect(void *ctx, const struct dj_deadline *d)
{
    struct collected *c = ctx;
    if (c->n < 32) {
        dj_strlcpy(c->kinds[c->n], d->kind, sizeof(c->kinds[0]));
        c->due[c->n] = d->due;
        c->level[c->n] = d->level;
    }
    c->n++;
    return 0;
}

Test(meeting, deadline_lister_this_month)
{
    struct dj_scope scope = {.all = false, .n = 1};
    struct collected c = {0};
    struct dj_err err = {0};
    bool theme = false;

    full(4, "甲");
    dj_strlcpy(scope.paths[0], "/1/2/4/", sizeof(scope.paths[0]));
    approved(4, "theme_day", "2026-11-05");
    cr_assert_eq(dj_meeting_deadline_lister(fx_db, &scope, D(2026, 11, 1), D(2026, 11, 30), collect,
                                            &c, &err),
                 0, "%s", err.message);
    for (int i = 0; i < c.n && i < 32; i++) {
        theme = theme || !strcmp(c.kinds[i], "life.theme_day");
        cr_assert_eq(c.level[i], DJ_DEADLINE_DUE);
        cr_assert_eq(c.due[i].m, 11);
    }
    cr_assert_not(theme, "held this month");
    cr_assert_eq(c.n, 0, "no quarter or year ends in November; the month's 主题党日 is held");
    memset(&c, 0, sizeof(c));
    cr_assert_eq(dj_meeting_deadline_lister(fx_db, &scope, D(2026, 10, 1), D(2026, 10, 31), collect,
                                            &c, &err),
                 0);
    cr_assert_eq(c.n, 1);
    cr_assert_str_eq(c.kinds[0], "life.theme_day");
    cr_assert_eq(c.level[0], DJ_DEADLINE_OVERDUE);
}

Test(meeting, window_across_years_starting_mid_year)
{
    struct dj_compliance_report r;

    full(4, "甲");
    approved(4, "theme_day", "2025-07-01");
    approved(4, "theme_day", "2026-01-15");
    approved(4, "theme_day", "2026-03-31");
    report(4, D(2025, 7, 1), D(2026, 3, 31), &r);
    cr_assert_not(has_gap(&r, "life.theme_day.min_per_month", "2025-07"));
    cr_assert(has_gap(&r, "life.theme_day.min_per_month", "2025-12"));
    cr_assert_not(has_gap(&r, "life.theme_day.min_per_month", "2026-01"));
    cr_assert(has_gap(&r, "life.theme_day.min_per_month", "2026-02"));
    cr_assert_not(has_gap(&r, "life.theme_day.min_per_month", "2026-03"));
    cr_assert_eq(rule_of(&r, "life.theme_day.min_per_month")->required, 9);
    cr_assert_eq(rule_of(&r, "life.theme_day.min_per_month")->met, 3);
    /* a record outside the window does not leak in */
    report(4, D(2025, 8, 1), D(2025, 12, 31), &r);
    cr_assert_eq(rule_of(&r, "life.theme_day.min_per_month")->met, 0);
}

/* ---- terms overdue join the report ------------------------------------------------- */

static bool has_source_gap(const struct dj_compliance_report *r, const char *source,
                           const char *rule)
{
    for (int i = 0; i < r->ngaps; i++)
        if (!strcmp(r->gaps[i].source, source) && !strcmp(r->gaps[i].rule_id, rule))
            return true;
    return false;
}

Test(meeting, an_expired_term_is_a_gap_from_the_day_after_expiry)
{
    struct dj_term_new in = {.elected_on = D(2023, 6, 10)}; /* 3 years: expires 2026-06-10 */
    struct dj_term_view v;
    struct dj_compliance_report r;
    struct dj_err err = {0};

    cr_assert_eq(dj_term_add(fx_db, &fx_cli, 4, &in, arena, &v, &err), 0, "%s", err.message);
    report(1, D(2026, 1, 1), D(2026, 11, 23), &r);
    cr_assert(has_source_gap(&r, "terms", "org.term.election_on_expiry"));
    /* a period that ended before the term expired has no such gap */
    report(1, D(2026, 1, 1), D(2026, 6, 10), &r);
    cr_assert_not(has_source_gap(&r, "terms", "org.term.election_on_expiry"));
}

/* A guest named as a member must be an in-flow 流动党员 of the branch that day (dj_flow_is_guest). */
Test(meeting, a_member_attends_as_a_guest_only_where_registered_in_flow)
{
    struct dj_meeting_in in;
    struct dj_meeting m;
    struct dj_meeting_att att[2];
    struct dj_err err = {0};
    int64_t home = full(4, "本支部甲"), visitor = full(3, "流入乙");
    char sql[400];

    memset(&in, 0, sizeof(in));
    in.m.org_id = 4;
    in.m.kind = "theme_day";
    dj_strlcpy(in.m.held_on, "2026-05-10", sizeof(in.m.held_on));
    in.m.topic = "主题党日";
    att[0] = (struct dj_meeting_att){home, NULL, "present", true, NULL};
    att[1] = (struct dj_meeting_att){visitor, "流入乙", "guest", false, NULL};
    in.m.att = att;
    in.m.natt = 2;
    cr_assert_eq(dj_meeting_create(fx_db, &fx_cli, &in, arena, &m, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "attendance");
    cr_assert(strstr(err.message, "流动党员"), "%s", err.message);

    snprintf(sql, sizeof(sql),
             "INSERT INTO flows (side, member_id, member_name, home_name, host_org_id, host_path, "
             "host_name, reason, destination, left_on, created_at, updated_at) VALUES ('in', "
             "%lld, '流入乙', '原支部', 4, '/1/2/4/', '第一支部', '务工', '示范区', '2026-03-01', "
             "'x', 'x')",
             (long long)visitor);
    fx_exec(sql);
    cr_assert_eq(dj_meeting_create(fx_db, &fx_cli, &in, arena, &m, &err), 0, "%s", err.message);
    cr_assert_eq(m.expected_n, 1, "a guest is not in 应到会");
    /* before the flow began the same guest is refused */
    dj_strlcpy(in.m.held_on, "2026-02-20", sizeof(in.m.held_on));
    cr_assert_eq(dj_meeting_create(fx_db, &fx_cli, &in, arena, &m, &err), DJ_EINVAL);
}
