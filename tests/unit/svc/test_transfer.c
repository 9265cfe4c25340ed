/*
 * test_transfer.c - 组织关系接转, 流动党员, 失联排查 and status decisions in the
 * service layer: every step and who may take it, a transfer from one subtree
 * to another seen from both sides (and refused to a third), the member's move
 * and history on receipt, the letter, 口袋党员, the deadline lister, the
 * 6-month boundaries, and bad input with nothing written. "Today" is
 * 2026-11-23. ID numbers are synthetic.
 *
 * Organisations: the fixture's 1 /1/, 2 /1/2/ and 3 /1/3/ (both with 审批权限
 * here), 4 /1/2/4/ (党支部), plus 5 /1/3/5/ (党支部, the receiving side) and
 * 6 /1/2/6/ (党支部, a third party inside the sender's committee).
 */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "base/idcard.h"
#include "fixture.h"
#include "model/member_rec.h"
#include "store/member.h"
#include "svc/lapse.h"
#include "svc/member.h"
#include "svc/svc.h"
#include "svc/transfer.h"

static struct dj_arena *A;
static struct dj_actor b4, c2, b5, c3, b6;

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
            "VALUES (5, 3, '/1/3/5/', '测试乙第一党支部', 'branch', 'active', 'x', 'x'),"
            "(6, 2, '/1/2/6/', '测试甲第二党支部', 'branch', 'active', 'x', 'x');"
            "UPDATE orgs SET can_approve = 1 WHERE id IN (2, 3);");
    fx_actor(&b4, DJ_ROLE_BRANCH_ADMIN, 4, "/1/2/4/");
    fx_actor(&c2, DJ_ROLE_ORG_ADMIN, 2, "/1/2/");
    fx_actor(&b5, DJ_ROLE_BRANCH_ADMIN, 5, "/1/3/5/");
    fx_actor(&c3, DJ_ROLE_ORG_ADMIN, 3, "/1/3/");
    fx_actor(&b6, DJ_ROLE_BRANCH_ADMIN, 6, "/1/2/6/");
}

static void teardown(void)
{
    dj_arena_free(A);
    dj_date_set_today((struct dj_date){0, 0, 0});
    fx_teardown();
}

TestSuite(transfer, .init = setup, .fini = teardown);

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

/* A member in branch `org`: 正式党员, or 预备党员 joined 2026-03-01. */
static int64_t member(const char *name, int seq, int64_t org, bool probationary)
{
    struct dj_member_rec m = {0}, out;
    struct dj_err err = {0};

    m.name = dj_arena_strdup(A, name);
    m.id_number = make_id(D(1990, 3, 15), seq);
    m.org_id = org;
    if (probationary) {
        m.category = "probationary";
        m.joined_on = D(2026, 3, 1);
    } else {
        m.category = "full";
        m.joined_on = D(2010, 7, 1);
        m.confirmed_on = D(2011, 7, 1);
    }
    cr_assert_eq(dj_member_create(fx_db, &fx_cli, &m, A, &out, &err), 0, "%s", err.message);
    return out.id;
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

static int64_t request(const struct dj_actor *a, int64_t mid, int64_t to, struct dj_err *err)
{
    struct dj_transfer_new in = {.kind = "internal",
                                 .member_id = mid,
                                 .to_org_id = to,
                                 .reason = "工作调动",
                                 .requested_on = D(2026, 1, 2)};
    struct dj_transfer t;
    dj_err_clear(err);
    return dj_transfer_create(fx_db, a, &in, A, &t, err) ? 0 : t.id;
}

static int act(const struct dj_actor *a, int64_t id, enum dj_transfer_action action,
               struct dj_date on, const char *dues, struct dj_transfer *out, struct dj_err *err)
{
    struct dj_transfer_step s = {
        .action = action, .on = on, .dues_paid_to = dues, .reason = "材料不全"};
    struct dj_transfer t;
    dj_err_clear(err);
    return dj_transfer_act(fx_db, a, id, &s, A, out ? out : &t, err);
}

/* Requested, approved and issued on `issued` by the sending committee. */
static int64_t issued(int64_t mid, struct dj_date issued_on)
{
    struct dj_err err = {0};
    int64_t id = request(&b4, mid, 5, &err);
    cr_assert_gt(id, 0, "%s", err.message);
    cr_assert_eq(act(&c2, id, DJ_TA_APPROVE, D(2026, 1, 5), NULL, NULL, &err), 0, "%s",
                 err.message);
    cr_assert_eq(act(&c2, id, DJ_TA_ISSUE, issued_on, "2026-01", NULL, &err), 0, "%s", err.message);
    return id;
}

static void expect_no_access(int rc, const struct dj_err *err)
{
    cr_assert_eq(rc, DJ_EPERM);
    cr_assert_str_eq(err->message, "无权访问该组织的数据");
}

Test(transfer, internal_end_to_end_across_subtrees)
{
    int64_t mid = member("接转甲", 1, 4, false), id;
    struct dj_transfer t;
    struct dj_member_rec m;
    struct dj_err err = {0};
    unsigned sides;

    id = request(&b4, mid, 5, &err);
    cr_assert_gt(id, 0, "%s", err.message);

    /* both sides see it; a third party and the sender's branch for a missing id do not */
    cr_assert_eq(dj_transfer_get(fx_db, &b4, id, A, &t, &sides, &err), 0);
    cr_assert_eq(sides, DJ_TSIDE_SEND);
    cr_assert_str_eq(t.state, "requested");
    cr_assert_str_eq(t.to_name, "测试乙第一党支部");
    cr_assert_eq(dj_transfer_get(fx_db, &b5, id, A, &t, &sides, &err), 0);
    cr_assert_eq(sides, DJ_TSIDE_RECV);
    cr_assert_eq(dj_transfer_get(fx_db, &c3, id, A, &t, &sides, &err), 0);
    expect_no_access(dj_transfer_get(fx_db, &b6, id, A, &t, &sides, &err), &err);
    expect_no_access(dj_transfer_get(fx_db, &b6, id + 100, A, &t, &sides, &err), &err);
    expect_no_access(dj_transfer_get(fx_db, &b4, id + 100, A, &t, &sides, &err), &err);

    /* approval: only the sending 基层党委 */
    cr_assert_eq(act(&b4, id, DJ_TA_APPROVE, D(2026, 11, 3), NULL, NULL, &err), DJ_EPERM);
    cr_assert_eq(act(&c3, id, DJ_TA_APPROVE, D(2026, 11, 3), NULL, NULL, &err), DJ_EPERM);
    expect_no_access(act(&b6, id, DJ_TA_APPROVE, D(2026, 11, 3), NULL, NULL, &err), &err);
    cr_assert_eq(act(&c2, id, DJ_TA_APPROVE, D(2026, 1, 1), NULL, NULL, &err), DJ_EINVAL,
                 "before the request");
    cr_assert_eq(act(&c2, id, DJ_TA_APPROVE, D(2026, 11, 3), NULL, &t, &err), 0, "%s", err.message);
    cr_assert_str_eq(t.state, "approved");
    cr_assert_eq(act(&c2, id, DJ_TA_APPROVE, D(2026, 11, 3), NULL, NULL, &err), DJ_ECONFLICT);

    /* the letter: 党费交至 not after the letter month; nothing written on refusal */
    cr_assert_eq(act(&c2, id, DJ_TA_ISSUE, D(2026, 11, 30), "2026-11", NULL, &err), DJ_EINVAL,
                 "in the future");
    cr_assert_str_eq(err.field, "date");
    cr_assert_eq(act(&c2, id, DJ_TA_ISSUE, D(2026, 11, 4), "2026-12", NULL, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "dues_paid_to");
    cr_assert_eq(act(&c2, id, DJ_TA_ISSUE, D(2026, 11, 4), NULL, NULL, &err), DJ_EINVAL);
    cr_assert_eq(count("SELECT COUNT(*) FROM transfers WHERE state = 'approved' AND "
                       "letter_no IS NULL"),
                 1);
    cr_assert_eq(count("SELECT COUNT(*) FROM audit_log WHERE action = 'transfer.issue'"), 0);
    cr_assert_eq(act(&c2, id, DJ_TA_ISSUE, D(2026, 11, 4), "2026-11", &t, &err), 0, "%s",
                 err.message);
    cr_assert_str_eq(t.state, "issued");
    cr_assert_str_eq(t.letter_no, "组转〔2026〕1号");
    cr_assert_str_eq(t.dues_paid_to, "2026-11");
    cr_assert(t.valid_until.y == 2027 && t.valid_until.m == 2 && t.valid_until.d == 4);

    /* receipt: only the receiving side; the sender cannot receive */
    cr_assert_eq(act(&b4, id, DJ_TA_RECEIVE, D(2026, 11, 10), NULL, NULL, &err), DJ_EPERM);
    cr_assert_eq(act(&c2, id, DJ_TA_RECEIVE, D(2026, 11, 10), NULL, NULL, &err), DJ_EPERM);
    cr_assert_eq(act(&b5, id, DJ_TA_RECEIPT, D(2026, 11, 10), NULL, NULL, &err), DJ_ECONFLICT);
    cr_assert_eq(act(&b5, id, DJ_TA_RECEIVE, D(2026, 11, 3), NULL, NULL, &err), DJ_EINVAL,
                 "before the letter");
    cr_assert_eq(act(&b5, id, DJ_TA_RECEIVE, D(2026, 11, 10), NULL, &t, &err), 0, "%s",
                 err.message);
    cr_assert_str_eq(t.state, "received");

    /* the member moved: the receiver sees it, the sender's branch no longer does */
    cr_assert_eq(dj_member_get(fx_db, &b5, mid, false, A, &m, &err), 0, "%s", err.message);
    cr_assert_eq(m.org_id, 5);
    cr_assert_str_eq(m.org_path, "/1/3/5/");
    cr_assert_str_eq(m.add_kind, "internal");
    cr_assert_eq(dj_member_get(fx_db, &b4, mid, false, A, &m, &err), DJ_EPERM);
    cr_assert_eq(count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'member' AND "
                       "action = 'member.move'"),
                 1);
    cr_assert_eq(count("SELECT total FROM member_counts WHERE org_path = '/1/3/5/'"), 1);
    /* the sender still sees its outgoing transfer */
    cr_assert_eq(dj_transfer_get(fx_db, &b4, id, A, &t, &sides, &err), 0);

    cr_assert_eq(act(&c2, id, DJ_TA_RECEIPT, D(2026, 11, 12), NULL, NULL, &err), DJ_EPERM);
    cr_assert_eq(act(&b5, id, DJ_TA_RECEIPT, D(2026, 11, 12), NULL, &t, &err), 0, "%s",
                 err.message);
    cr_assert_str_eq(t.state, "completed");
    cr_assert_eq(act(&b5, id, DJ_TA_CANCEL, D(2026, 11, 12), NULL, NULL, &err), DJ_ECONFLICT);
    cr_assert_eq(count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'transfer'"), 10,
                 "five steps, each on both sides");
}

Test(transfer, lists_per_side)
{
    int64_t mid = member("接转乙", 2, 4, false), id = issued(mid, D(2026, 11, 1));
    struct dj_transfer_query q = {0};
    struct dj_transfer *rows;
    struct dj_err err = {0};
    int n;

    q.box = "out";
    cr_assert_eq(dj_transfer_list(fx_db, &b4, &q, A, &rows, &n, &err), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(rows[0].id, id);
    cr_assert_eq(dj_transfer_list(fx_db, &b5, &q, A, &rows, &n, &err), 0);
    cr_assert_eq(n, 0);
    q.box = "in";
    cr_assert_eq(dj_transfer_list(fx_db, &b5, &q, A, &rows, &n, &err), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(dj_transfer_list(fx_db, &c3, &q, A, &rows, &n, &err), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(dj_transfer_list(fx_db, &b4, &q, A, &rows, &n, &err), 0);
    cr_assert_eq(n, 0);
    q.box = NULL;
    cr_assert_eq(dj_transfer_list(fx_db, &b6, &q, A, &rows, &n, &err), 0);
    cr_assert_eq(n, 0);
    q.org_id = 4;
    expect_no_access(dj_transfer_list(fx_db, &b5, &q, A, &rows, &n, &err), &err);
    q.org_id = 0;
    q.state = "bogus";
    cr_assert_eq(dj_transfer_list(fx_db, &b4, &q, A, &rows, &n, &err), DJ_EINVAL);
}

Test(transfer, pocket_member_after_validity_to_the_day)
{
    /* issued 2026-08-23: valid to 2026-11-23 inclusive (today) -> not yet overdue */
    int64_t m1 = member("口袋甲", 3, 4, false), m2 = member("口袋乙", 4, 4, false);
    int64_t t1 = issued(m1, D(2026, 8, 23)), t2 = issued(m2, D(2026, 8, 22));
    struct dj_transfer_query q = {.state = "overdue"};
    struct dj_transfer *rows;
    struct dj_err err = {0};
    int n;

    cr_assert_eq(dj_transfer_list(fx_db, &c2, &q, A, &rows, &n, &err), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(rows[0].id, t2);
    cr_assert(dj_transfer_is_pocket(&rows[0], D(2026, 11, 23)));
    /* the receiver cannot receive on an expired letter; the sender records it expired */
    cr_assert_eq(act(&b5, t2, DJ_TA_RECEIVE, D(2026, 11, 23), NULL, NULL, &err), DJ_ECONFLICT);
    cr_assert_eq(act(&b5, t1, DJ_TA_RECEIVE, D(2026, 11, 23), NULL, NULL, &err), 0, "%s",
                 err.message);
    cr_assert_eq(act(&c2, t2, DJ_TA_EXPIRE, D(2026, 11, 22), NULL, NULL, &err), DJ_ECONFLICT,
                 "not expired on the last valid day");
    cr_assert_eq(act(&b5, t2, DJ_TA_EXPIRE, D(2026, 11, 23), NULL, NULL, &err), DJ_EPERM);
    cr_assert_eq(act(&c2, t2, DJ_TA_EXPIRE, D(2026, 11, 23), NULL, NULL, &err), 0, "%s",
                 err.message);
}

static int collect(void *ctx, const struct dj_deadline *d)
{
    char *buf = ctx;
    char line[200];
    snprintf(line, sizeof(line), "%s %s %04d-%02d-%02d %d|", d->kind, d->key, d->due.y, d->due.m,
             d->due.d, (int)d->level);
    size_t used = strlen(buf);
    dj_strlcpy(buf + used, line, 2000 - used);
    return 0;
}

Test(transfer, deadline_lister)
{
    int64_t m1 = member("期限甲", 5, 4, false), m2 = member("期限乙", 6, 4, false);
    int64_t t1 = issued(m1, D(2026, 8, 22)), t2 = issued(m2, D(2026, 10, 1));
    struct dj_scope all = {.all = true}, s3 = {.n = 1}, s2 = {.n = 1};
    struct dj_err err = {0};
    char buf[2000] = "", want[400];

    dj_strlcpy(s3.paths[0], "/1/3/", sizeof(s3.paths[0]));
    dj_strlcpy(s2.paths[0], "/1/2/", sizeof(s2.paths[0]));
    cr_assert_eq(dj_transfer_deadline_lister(fx_db, &all, D(2026, 1, 1), D(2027, 12, 31), collect,
                                             buf, &err),
                 0);
    snprintf(want, sizeof(want),
             "transfer.letter_expiring transfer:%lld 2027-01-01 1|"
             "transfer.letter_expiring transfer:%lld 2026-11-22 2|",
             (long long)t2, (long long)t1);
    cr_assert_str_eq(buf, want);
    /* the letter belongs to the sending committee: not in the receiver's scope */
    buf[0] = '\0';
    cr_assert_eq(
        dj_transfer_deadline_lister(fx_db, &s3, D(2026, 1, 1), D(2027, 12, 31), collect, buf, &err),
        0);
    cr_assert_str_eq(buf, "");
    /* received on 2026-11-20: the receipt is due 30 days later, in the receiver's scope */
    cr_assert_eq(act(&b5, t2, DJ_TA_RECEIVE, D(2026, 11, 20), NULL, NULL, &err), 0, "%s",
                 err.message);
    cr_assert_eq(dj_transfer_deadline_lister(fx_db, &s3, D(2026, 12, 20), D(2026, 12, 20), collect,
                                             buf, &err),
                 0);
    snprintf(want, sizeof(want), "transfer.receipt_overdue transfer:%lld 2026-12-20 1|",
             (long long)t2);
    cr_assert_str_eq(buf, want);
    buf[0] = '\0';
    cr_assert_eq(dj_transfer_deadline_lister(fx_db, &s2, D(2026, 12, 21), D(2027, 12, 31), collect,
                                             buf, &err),
                 0);
    cr_assert_str_eq(buf, "");
}

Test(transfer, return_and_cancel_need_a_reason_and_the_right_side)
{
    int64_t mid = member("退回甲", 7, 4, false), id;
    struct dj_transfer_step s = {.action = DJ_TA_RETURN, .on = D(2026, 11, 5)};
    struct dj_transfer t;
    struct dj_err err = {0};

    id = request(&b4, mid, 5, &err);
    cr_assert_eq(dj_transfer_act(fx_db, &c2, id, &s, A, &t, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "reason");
    /* a second open transfer for the same member is refused */
    cr_assert_eq(request(&b4, mid, 5, &err), 0);
    cr_assert_eq(err.code, DJ_ECONFLICT);
    cr_assert_eq(act(&b5, id, DJ_TA_CANCEL, D(2026, 11, 5), NULL, NULL, &err), DJ_EPERM);
    cr_assert_eq(act(&c2, id, DJ_TA_RETURN, D(2026, 11, 5), NULL, &t, &err), 0, "%s", err.message);
    cr_assert_str_eq(t.state, "returned");
    cr_assert_str_eq(t.close_reason, "材料不全");
    id = request(&b4, mid, 5, &err);
    cr_assert_gt(id, 0, "%s", err.message);
    cr_assert_eq(act(&b4, id, DJ_TA_CANCEL, D(2026, 11, 5), NULL, &t, &err), 0, "%s", err.message);
    cr_assert_str_eq(t.state, "cancelled");
}

Test(transfer, bad_requests_write_nothing)
{
    int64_t mid = member("坏输入", 8, 4, false);
    struct dj_transfer_new in = {.kind = "internal", .member_id = mid, .to_org_id = 4};
    struct dj_transfer t;
    struct dj_err err = {0};
    int64_t audits = count("SELECT COUNT(*) FROM audit_log");

    cr_assert_eq(dj_transfer_create(fx_db, &b4, &in, A, &t, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "to_org_id");
    in.to_org_id = 2; /* not a branch */
    cr_assert_eq(dj_transfer_create(fx_db, &b4, &in, A, &t, &err), DJ_EINVAL);
    in.to_org_id = 5;
    in.category = "abroad";
    cr_assert_eq(dj_transfer_create(fx_db, &b4, &in, A, &t, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "category");
    in.category = NULL;
    in.kind = "sideways";
    cr_assert_eq(dj_transfer_create(fx_db, &b4, &in, A, &t, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "kind");
    in.kind = "internal";
    expect_no_access(dj_transfer_create(fx_db, &b5, &in, A, &t, &err), &err);
    in.kind = "out";
    in.category = "cross_province";
    cr_assert_eq(dj_transfer_create(fx_db, &b4, &in, A, &t, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "to_name");
    cr_assert_eq(count("SELECT COUNT(*) FROM transfers"), 0);
    cr_assert_eq(count("SELECT COUNT(*) FROM audit_log"), audits);
}

Test(transfer, outbound_and_inbound_across_systems)
{
    int64_t mid = member("跨省甲", 9, 4, false);
    struct dj_transfer_new out = {.kind = "out",
                                  .category = "cross_province",
                                  .member_id = mid,
                                  .to_name = "中共某省某市某街道委员会",
                                  .requested_on = {2026, 11, 1}};
    struct dj_transfer_new in = {.kind = "in",
                                 .category = "cross_province",
                                 .to_org_id = 5,
                                 .from_name = "中共外省某县委组织部",
                                 .name = "外来乙",
                                 .id_number = make_id(D(1995, 2, 10), 11),
                                 .member_category = "probationary",
                                 .joined_on = D(2026, 3, 1),
                                 .letter_no = "外组〔2026〕8号",
                                 .issued_on = D(2026, 11, 1),
                                 .valid_until = D(2027, 1, 31),
                                 .dues_paid_to = "2026-10"};
    struct dj_transfer t, t2;
    struct dj_member_rec m;
    struct dj_err err = {0};
    int months;
    struct dj_date end;

    cr_assert_eq(dj_transfer_create(fx_db, &b4, &out, A, &t, &err), 0, "%s", err.message);
    cr_assert_eq(act(&c2, t.id, DJ_TA_APPROVE, D(2026, 11, 2), NULL, NULL, &err), 0);
    cr_assert_eq(act(&c2, t.id, DJ_TA_ISSUE, D(2026, 11, 2), "2026-10", NULL, &err), 0);
    cr_assert_eq(act(&c2, t.id, DJ_TA_RECEIVE, D(2026, 11, 9), NULL, NULL, &err), DJ_ECONFLICT);
    cr_assert_eq(act(&c2, t.id, DJ_TA_RECEIPT, D(2026, 11, 9), NULL, &t, &err), 0, "%s",
                 err.message);
    cr_assert_str_eq(t.state, "completed");

    /* inbound: registered and received by the target; a member record is created there */
    cr_assert_eq(dj_transfer_create(fx_db, &b4, &in, A, &t, &err), DJ_EPERM);
    in.dues_paid_to = "2026-12";
    cr_assert_eq(dj_transfer_create(fx_db, &b5, &in, A, &t, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "dues_paid_to");
    in.dues_paid_to = "2026-10";
    cr_assert_eq(dj_transfer_create(fx_db, &b5, &in, A, &t, &err), 0, "%s", err.message);
    cr_assert_str_eq(t.state, "issued");
    cr_assert_eq(t.member_id, 0);
    cr_assert_eq(act(&b5, t.id, DJ_TA_RECEIVE, D(2026, 11, 20), NULL, &t, &err), 0, "%s",
                 err.message);
    cr_assert_gt(t.member_id, 0);
    cr_assert_eq(dj_member_get(fx_db, &b5, t.member_id, false, A, &m, &err), 0);
    cr_assert_str_eq(m.name, "外来乙");
    cr_assert_str_eq(m.add_kind, "transfer_in");
    cr_assert_str_eq(m.category, "probationary");

    /* 转正 postponed ≤ 6 months, still counted from the original 预备期 end */
    cr_assert_eq(dj_transfer_postpone(fx_db, &b5, t.id, 7, A, &t2, &err), DJ_EINVAL);
    cr_assert_eq(dj_transfer_postpone(fx_db, &c2, t.id, 3, A, &t2, &err), DJ_EPERM);
    cr_assert_eq(dj_transfer_postpone(fx_db, &b5, t.id, 6, A, &t2, &err), 0, "%s", err.message);
    cr_assert_eq(dj_transfer_probation_postponement(fx_db, t.member_id, &months, &end, &err), 0);
    cr_assert_eq(months, 6);
    cr_assert(end.y == 2027 && end.m == 3 && end.d == 1);
}

Test(transfer, letter_fields)
{
    int64_t mid = member("介绍信", 13, 4, false), id = issued(mid, D(2026, 11, 30 - 7));
    struct dj_transfer_letter l;
    struct dj_err err = {0};

    cr_assert_eq(dj_transfer_letter(fx_db, &b5, id, A, &l, &err), 0, "%s", err.message);
    cr_assert_str_eq(l.member_name, "介绍信");
    cr_assert_str_eq(l.category_label, "正式");
    cr_assert_str_eq(l.from_name, "测试第一党支部");
    cr_assert_str_eq(l.to_name, "测试乙第一党支部");
    cr_assert_str_eq(l.issuer_name, "测试甲街道党工委");
    cr_assert_eq(l.dues_year, 2026);
    cr_assert_eq(l.dues_month, 1);
    cr_assert_eq(l.valid_days, 93); /* 2026-11-23 .. 2027-02-23 */
    cr_assert_eq(strlen(l.id_masked), 18);
    cr_assert(strstr(l.id_masked, "****"));
    expect_no_access(dj_transfer_letter(fx_db, &b6, id, A, &l, &err), &err);
}

/* ---- 流动党员 ------------------------------------------------------------ */

Test(transfer, flow_out_seen_by_the_host_and_a_guest_there)
{
    int64_t mid = member("流动甲", 21, 4, false);
    struct dj_flow_new in = {.side = "out",
                             .member_id = mid,
                             .host_org_id = 5,
                             .reason = "务工",
                             .destination = "某市某区某公司",
                             .card_no = "LD2026001",
                             .left_on = D(2026, 3, 1)};
    struct dj_flow f, f2, *rows;
    struct dj_member_rec m;
    struct dj_err err = {0};
    bool guest;
    int n;

    cr_assert_eq(dj_flow_create(fx_db, &b5, &in, A, &f, &err), DJ_EPERM);
    cr_assert_eq(dj_flow_create(fx_db, &b4, &in, A, &f, &err), 0, "%s", err.message);
    cr_assert_eq(dj_member_get(fx_db, &b4, mid, false, A, &m, &err), 0);
    cr_assert_str_eq(m.status, "mobile");
    cr_assert_eq(dj_flow_list(fx_db, &b5, 0, false, A, &rows, &n, &err), 0);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(rows[0].home_name, "测试第一党支部");
    cr_assert_eq(dj_flow_list(fx_db, &b6, 0, false, A, &rows, &n, &err), 0);
    cr_assert_eq(n, 0);
    cr_assert_eq(dj_flow_is_guest(fx_db, mid, 5, D(2026, 11, 23), &guest, &err), 0);
    cr_assert(guest);
    cr_assert_eq(dj_flow_is_guest(fx_db, mid, 5, D(2026, 2, 28), &guest, &err), 0);
    cr_assert_not(guest);
    cr_assert_eq(dj_flow_is_guest(fx_db, mid, 4, D(2026, 11, 23), &guest, &err), 0);
    cr_assert_not(guest);
    /* a second registration is refused */
    cr_assert_eq(dj_flow_create(fx_db, &b4, &in, A, &f2, &err), DJ_ECONFLICT);
    /* annual review by the host; once a year */
    cr_assert_eq(dj_flow_review(fx_db, &b5, f.id, 2026, D(2026, 11, 20), "passed", NULL, &err), 0,
                 "%s", err.message);
    cr_assert_eq(dj_flow_review(fx_db, &b5, f.id, 2026, D(2026, 11, 21), "passed", NULL, &err),
                 DJ_ECONFLICT);
    cr_assert_eq(dj_flow_review(fx_db, &b5, f.id, 2025, D(2026, 11, 21), "ok", NULL, &err),
                 DJ_EINVAL);
    cr_assert_eq(dj_flow_review(fx_db, &b6, f.id, 2025, D(2026, 11, 21), "passed", NULL, &err),
                 DJ_EPERM);
    /* ended by the home side: back to 正常 */
    cr_assert_eq(dj_flow_end(fx_db, &b5, f.id, D(2026, 11, 22), "返乡", A, &f2, &err), DJ_EPERM);
    cr_assert_eq(dj_flow_end(fx_db, &b4, f.id, D(2026, 11, 22), "返乡", A, &f, &err), 0, "%s",
                 err.message);
    cr_assert_eq(dj_member_get(fx_db, &b4, mid, false, A, &m, &err), 0);
    cr_assert_str_eq(m.status, "normal");
}

/* ---- 失联排查 and 自行脱党 ---------------------------------------------------- */

Test(transfer, lost_contact_worklist_six_month_boundary)
{
    int64_t m1 = member("失联甲", 31, 4, false), m2 = member("失联乙", 32, 4, false);
    int64_t m3 = member("失联丙", 33, 4, false), cid;
    struct dj_lapse_item *rows;
    struct dj_err err = {0};
    int n;

    fx_exec("UPDATE members SET created_at = '2025-01-01T00:00:00Z'");
    cr_assert_eq(dj_lapse_contact(fx_db, &b4, m1, D(2026, 5, 23), "电话", NULL, &cid, &err), 0,
                 "%s", err.message);
    cr_assert_eq(dj_lapse_contact(fx_db, &b4, m2, D(2026, 5, 24), "走访", "在家", &cid, &err), 0);
    cr_assert_eq(dj_lapse_contact(fx_db, &b5, m2, D(2026, 5, 24), "走访", NULL, &cid, &err),
                 DJ_EPERM);
    cr_assert_eq(dj_lapse_contact(fx_db, &b4, m2, D(2026, 12, 1), "走访", NULL, &cid, &err),
                 DJ_EINVAL, "future");
    cr_assert_eq(dj_lapse_contact(fx_db, &b4, m2, D(2026, 5, 1), "", NULL, &cid, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "method");
    cr_assert_eq(count("SELECT COUNT(*) FROM member_contacts"), 2);

    cr_assert_eq(dj_lapse_worklist(fx_db, &b4, 0, A, &rows, &n, &err), 0, "%s", err.message);
    cr_assert_eq(n, 2, "exactly six months (m1) and never contacted (m3)");
    cr_assert_eq(rows[0].row.member_id, m1);
    cr_assert_eq(rows[0].months, 6);
    cr_assert_eq(rows[1].row.member_id, m3);
    cr_assert_eq(dj_lapse_worklist(fx_db, &b5, 0, A, &rows, &n, &err), 0);
    cr_assert_eq(n, 0);

    /* a search that reached the member takes them off the list */
    cr_assert_eq(dj_lapse_search(fx_db, &b4, m3, D(2026, 11, 20), "联系家属", "家属告知电话", true,
                                 &cid, &err),
                 0, "%s", err.message);
    cr_assert_eq(
        dj_lapse_search(fx_db, &b4, m1, D(2026, 11, 20), "函询单位", "", false, &cid, &err),
        DJ_EINVAL);
    cr_assert_str_eq(err.field, "evidence");
    cr_assert_eq(dj_lapse_worklist(fx_db, &b4, 0, A, &rows, &n, &err), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(rows[0].row.member_id, m1);
}

Test(transfer, self_departure_candidates)
{
    int64_t m1 = member("脱党甲", 41, 4, false), m2 = member("脱党乙", 42, 4, false);
    int64_t m3 = member("脱党丙", 43, 4, false), gid, g2;
    struct dj_lapse_candidate *rows;
    struct dj_err err = {0};
    int n;

    cr_assert_eq(dj_lapse_ground(fx_db, &b4, m1, "dues", D(2026, 5, 23), false, NULL, &gid, &err),
                 0, "%s", err.message);
    cr_assert_eq(dj_lapse_ground(fx_db, &b4, m2, "life", D(2026, 5, 24), false, NULL, &g2, &err),
                 0);
    cr_assert_eq(
        dj_lapse_ground(fx_db, &b4, m3, "work", D(2026, 1, 1), true, "长期住院", &g2, &err), 0);
    cr_assert_eq(dj_lapse_ground(fx_db, &b4, m3, "work", D(2026, 1, 1), true, NULL, &g2, &err),
                 DJ_EINVAL, "a good reason needs its note");
    cr_assert_eq(dj_lapse_ground(fx_db, &b4, m3, "sleep", D(2026, 1, 1), false, NULL, &g2, &err),
                 DJ_EINVAL);
    cr_assert_str_eq(err.field, "ground");
    cr_assert_eq(dj_lapse_candidates(fx_db, &b4, 0, A, &rows, &n, &err), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(rows[0].g.member_id, m1);
    cr_assert_str_eq(rows[0].g.ground, "dues");
    cr_assert_eq(dj_lapse_candidates(fx_db, &b5, 0, A, &rows, &n, &err), 0);
    cr_assert_eq(n, 0);
    /* cleared: no longer a candidate; nothing changed the member's status */
    cr_assert_eq(dj_lapse_ground_clear(fx_db, &b4, m1, gid, D(2026, 11, 23), &err), 0);
    cr_assert_eq(dj_lapse_candidates(fx_db, &b4, 0, A, &rows, &n, &err), 0);
    cr_assert_eq(n, 0);
    cr_assert_eq(count("SELECT COUNT(*) FROM members WHERE status <> 'normal'"), 0);
}

Test(transfer, status_decisions_are_recorded)
{
    int64_t mid = member("决定甲", 51, 4, false), did;
    struct dj_lapse_decision d = {.decision = "suspend",
                                  .on = D(2026, 11, 20),
                                  .decider = "测试甲街道党工委",
                                  .doc_no = "",
                                  .reason = "失联 6 个月以上，经多方查找仍无音讯"};
    struct dj_member_rec m;
    struct dj_err err = {0};

    cr_assert_eq(dj_lapse_decide(fx_db, &b4, mid, &d, &did, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "doc_no");
    cr_assert_eq(count("SELECT COUNT(*) FROM status_decisions"), 0);
    cr_assert_eq(count("SELECT COUNT(*) FROM members WHERE status = 'normal'"), 1);
    d.doc_no = "甲组〔2026〕3号";
    expect_no_access(dj_lapse_decide(fx_db, &b5, mid, &d, &did, &err), &err);
    d.decision = "restore";
    cr_assert_eq(dj_lapse_decide(fx_db, &b4, mid, &d, &did, &err), DJ_ECONFLICT);
    cr_assert_eq(count("SELECT COUNT(*) FROM status_decisions"), 0);
    d.decision = "suspend";
    cr_assert_eq(dj_lapse_decide(fx_db, &b4, mid, &d, &did, &err), 0, "%s", err.message);
    cr_assert_eq(dj_member_get(fx_db, &b4, mid, false, A, &m, &err), 0);
    cr_assert_str_eq(m.status, "suspended");
    d.decision = "restore";
    d.on = D(2026, 11, 23);
    cr_assert_eq(dj_lapse_decide(fx_db, &b4, mid, &d, &did, &err), 0, "%s", err.message);
    d.decision = "leave";
    d.leave_kind = NULL;
    cr_assert_eq(dj_lapse_decide(fx_db, &b4, mid, &d, &did, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "leave_kind");
    d.decision = "death";
    d.reason = NULL;
    cr_assert_eq(dj_lapse_decide(fx_db, &b4, mid, &d, &did, &err), 0, "%s", err.message);
    cr_assert_eq(count("SELECT COUNT(*) FROM status_decisions"), 3);
    cr_assert_eq(count("SELECT COUNT(*) FROM audit_log WHERE action = 'member.decision'"), 3);
    cr_assert_eq(count("SELECT COUNT(*) FROM audit_log WHERE action = 'member.status'"), 3);
}

Test(transfer, letter_numbers_are_unique_per_committee)
{
    int64_t m1 = member("编号甲", 61, 4, false), m2 = member("编号乙", 62, 4, false);
    int64_t t1 = issued(m1, D(2026, 11, 1)), t2;
    struct dj_transfer_step s = {.action = DJ_TA_ISSUE, .on = D(2026, 11, 2),
                                 .dues_paid_to = "2026-11", .letter_no = "组转〔2026〕1号"};
    struct dj_transfer t;
    struct dj_err err = {0};

    cr_assert_eq(dj_transfer_get(fx_db, &c2, t1, A, &t, &(unsigned){0}, &err), 0);
    cr_assert_str_eq(t.letter_no, "组转〔2026〕1号");
    t2 = request(&b4, m2, 5, &err);
    cr_assert_eq(act(&c2, t2, DJ_TA_APPROVE, D(2026, 11, 2), NULL, NULL, &err), 0);
    cr_assert_eq(dj_transfer_act(fx_db, &c2, t2, &s, A, &t, &err), DJ_ECONFLICT);
    cr_assert_str_eq(err.field, "letter_no");
    s.letter_no = NULL;
    cr_assert_eq(dj_transfer_act(fx_db, &c2, t2, &s, A, &t, &err), 0, "%s", err.message);
    cr_assert_str_eq(t.letter_no, "组转〔2026〕2号");
}

/* Every step by every party: only the side the step belongs to may take it. */
Test(transfer, who_may_take_each_step)
{
    struct dj_actor aud;
    const struct dj_actor *all[] = {&b4, &c2, &b5, &c3, &b6, &aud};
    int64_t m1 = member("权限甲", 71, 4, false), m2 = member("权限乙", 72, 4, false);
    int64_t m3 = member("权限丙", 73, 4, false), id;
    struct dj_transfer_new out = {.kind = "out", .category = "cross_province", .member_id = m3,
                                  .to_name = "中共外省某委员会", .requested_on = {2026, 11, 1}};
    struct dj_transfer t;
    struct dj_err err = {0};

    fx_actor(&aud, DJ_ROLE_AUDITOR, 1, "/1/");

    /* one step, tried by everyone: exactly `who` succeeds (the others first, refused) */
    struct {
        enum dj_transfer_action a;
        const struct dj_actor *who, *also; /* also: the committee above `who`, may as well */
    } path1[] = {{DJ_TA_APPROVE, &c2, NULL}, {DJ_TA_ISSUE, &c2, NULL}, {DJ_TA_RETURN, &b5, &c3}};
    id = request(&b4, m1, 5, &err);
    for (size_t k = 0; k < DJ_ARRAY_LEN(path1); k++) {
        for (size_t i = 0; i < DJ_ARRAY_LEN(all); i++) {
            if (all[i] == path1[k].who || all[i] == path1[k].also)
                continue;
            cr_assert_eq(act(all[i], id, path1[k].a, D(2026, 11, 5), "2026-11", NULL, &err),
                         DJ_EPERM, "step %d by actor %zu", (int)path1[k].a, i);
        }
        cr_assert_eq(act(path1[k].who, id, path1[k].a, D(2026, 11, 5), "2026-11", &t, &err), 0,
                     "step %d: %s", (int)path1[k].a, err.message);
    }
    cr_assert_str_eq(t.state, "returned");

    /* cancel belongs to the sending branch (and the committees above it) */
    id = request(&b4, m2, 5, &err);
    cr_assert_eq(act(&c2, id, DJ_TA_APPROVE, D(2026, 11, 5), NULL, NULL, &err), 0);
    cr_assert_eq(act(&b5, id, DJ_TA_CANCEL, D(2026, 11, 6), NULL, NULL, &err), DJ_EPERM);
    cr_assert_eq(act(&c3, id, DJ_TA_CANCEL, D(2026, 11, 6), NULL, NULL, &err), DJ_EPERM);
    cr_assert_eq(act(&aud, id, DJ_TA_CANCEL, D(2026, 11, 6), NULL, NULL, &err), DJ_EPERM);
    cr_assert_eq(act(&b4, id, DJ_TA_CANCEL, D(2026, 11, 6), NULL, &t, &err), 0);
    cr_assert_str_eq(t.state, "cancelled");

    /* out: the returned 回执 is recorded by the sending 基层党委, not by the branch */
    cr_assert_eq(dj_transfer_create(fx_db, &b4, &out, A, &t, &err), 0, "%s", err.message);
    id = t.id;
    cr_assert_eq(act(&c2, id, DJ_TA_APPROVE, D(2026, 11, 5), NULL, NULL, &err), 0);
    cr_assert_eq(act(&c2, id, DJ_TA_ISSUE, D(2026, 11, 5), "2026-11", NULL, &err), 0);
    cr_assert_eq(act(&b4, id, DJ_TA_RECEIPT, D(2026, 11, 20), NULL, NULL, &err), DJ_EPERM);
    cr_assert_eq(act(&c3, id, DJ_TA_RECEIPT, D(2026, 11, 20), NULL, NULL, &err), DJ_EPERM);
    cr_assert_eq(act(&c2, id, DJ_TA_RECEIVE, D(2026, 11, 20), NULL, NULL, &err), DJ_ECONFLICT);
    cr_assert_eq(act(&c2, id, DJ_TA_RECEIPT, D(2026, 11, 4), NULL, NULL, &err), DJ_EINVAL,
                 "before the letter");
    cr_assert_eq(act(&c2, id, DJ_TA_RECEIPT, D(2026, 11, 20), NULL, &t, &err), 0);
    cr_assert_str_eq(t.state, "completed");
    /* the auditor sees everything and changes nothing */
    cr_assert_eq(dj_transfer_get(fx_db, &aud, id, A, &t, &(unsigned){0}, &err), 0);
    cr_assert_eq(act(&aud, id, DJ_TA_EXPIRE, D(2026, 11, 20), NULL, NULL, &err), DJ_ECONFLICT);
}

/* With payments on file the letter's 党费交至 comes from them; a typed month must agree. */
Test(transfer, dues_paid_to_is_derived_from_payments)
{
    struct dj_err err = {0};
    struct dj_transfer t;
    char sql[256];
    int64_t mid = member("钱测试", 77, 4, false), id;

    snprintf(sql, sizeof(sql),
             "INSERT INTO dues_accounts (member_id, start_month, updated_at) "
             "VALUES (%lld, '2026-01', 'x')",
             (long long)mid);
    fx_exec(sql);
    snprintf(sql, sizeof(sql),
             "INSERT INTO dues_payments (id, member_id, org_id, org_path, from_month, months, "
             "amount_fen, paid_on, channel, created_at) VALUES (900, %lld, 4, '/1/2/4/', "
             "'2026-01', 10, 1000, '2026-10-20', 'cash', 'x')",
             (long long)mid);
    fx_exec(sql);
    for (int m = 1; m <= 10; m++) {
        snprintf(sql, sizeof(sql),
                 "INSERT INTO dues_payment_months VALUES (%lld, '2026-%02d', 900, 100)",
                 (long long)mid, m);
        fx_exec(sql);
    }
    id = request(&b4, mid, 5, &err);
    cr_assert_gt(id, 0, "%s", err.message);
    cr_assert_eq(act(&c2, id, DJ_TA_APPROVE, D(2026, 11, 2), NULL, NULL, &err), 0, "%s",
                 err.message);
    cr_assert_eq(act(&c2, id, DJ_TA_ISSUE, D(2026, 11, 3), "2026-11", NULL, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "dues_paid_to");
    cr_assert(strstr(err.message, "2026-10"), "%s", err.message);
    cr_assert_eq(act(&c2, id, DJ_TA_ISSUE, D(2026, 11, 3), "", &t, &err), 0, "%s", err.message);
    cr_assert_str_eq(t.dues_paid_to, "2026-10");
}

/* Attending organisational life or paying dues is being in touch: off the 失联 worklist. */
Test(transfer, attendance_and_dues_are_signals_of_contact)
{
    int64_t m1 = member("信号甲", 41, 4, false), m2 = member("信号乙", 42, 4, false);
    int64_t m3 = member("信号丙", 43, 4, false);
    struct dj_lapse_item *rows;
    struct dj_err err = {0};
    char sql[400];
    int n;

    fx_exec("UPDATE members SET created_at = '2025-01-01T00:00:00Z'");
    fx_exec("INSERT INTO meetings (id, org_id, org_path, kind, held_on, topic, status, "
            "created_at, updated_at) VALUES (70, 4, '/1/2/4/', 'theme_day', '2026-09-20', "
            "'测试', 'approved', 'x', 'x'), (71, 4, '/1/2/4/', 'theme_day', '2026-10-20', "
            "'测试', 'draft', 'x', 'x')");
    snprintf(sql, sizeof(sql),
             "INSERT INTO meeting_attendance (meeting_id, member_id, name, state) VALUES "
             "(70, %lld, '信号甲', 'present'), (71, %lld, '信号丙', 'present')",
             (long long)m1, (long long)m3);
    fx_exec(sql);
    snprintf(sql, sizeof(sql),
             "INSERT INTO dues_payments (id, member_id, org_id, org_path, from_month, months, "
             "amount_fen, paid_on, channel, created_at) VALUES (901, %lld, 4, '/1/2/4/', "
             "'2026-08', 1, 100, '2026-08-10', 'cash', 'x')",
             (long long)m2);
    fx_exec(sql);
    snprintf(sql, sizeof(sql), "INSERT INTO dues_payment_months VALUES (%lld, '2026-08', 901, 100)",
             (long long)m2);
    fx_exec(sql);

    cr_assert_eq(dj_lapse_worklist(fx_db, &b4, 0, A, &rows, &n, &err), 0, "%s", err.message);
    cr_assert_eq(n, 1, "only the member whose one record is still a draft");
    cr_assert_eq(rows[0].row.member_id, m3);
}
