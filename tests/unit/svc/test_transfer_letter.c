/*
 * test_transfer_letter.c - the 介绍信 as a PDF: one A4 page whose extracted
 * text (pdftotext, when installed) has the three parts, the letter number,
 * the name, 党费交至 and the validity; printable by both sides, refused to a
 * third party with the missing-record error, and only while the letter is
 * valid (not before issue, not after cancellation). "Today" is 2026-11-23;
 * ID numbers are synthetic.
 *
 * Organisations: the fixture's 1 /1/, 2 /1/2/ (审批权限), 3 /1/3/, 4 /1/2/4/
 * (党支部, the sender), plus 5 /1/3/5/ (the receiver) and 6 /1/2/6/ (a third
 * branch).
 */
#include "base/compat.h"

#include <criterion/criterion.h>
#include <unistd.h>

#include "base/idcard.h"
#include "fixture.h"
#include "io/pdf.h"
#include "model/member_rec.h"
#include "svc/member.h"
#include "svc/svc.h"
#include "svc/transfer.h"

static struct dj_arena *A;
static struct dj_actor b4, c2, b5, b6;

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
    fx_actor(&b6, DJ_ROLE_BRANCH_ADMIN, 6, "/1/2/6/");
}

static void teardown(void)
{
    dj_arena_free(A);
    dj_date_set_today((struct dj_date){0, 0, 0});
    fx_teardown();
    dj_pdf_shutdown();
}

TestSuite(transfer_letter, .init = setup, .fini = teardown);

/* Text of a PDF through pdftotext, or NULL when it is not installed. */
static char *extract(const struct dj_buf *b)
{
    char in[] = "/tmp/dj_letter_testXXXXXX";
    char cmd[128], chunk[4096];
    struct dj_buf out;
    size_t n;
    FILE *f;
    int fd;

    if (access("/usr/bin/pdftotext", X_OK) != 0)
        return NULL;
    fd = mkstemp(in);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, b->data, b->len), (ssize_t)b->len);
    close(fd);
    snprintf(cmd, sizeof(cmd), "/usr/bin/pdftotext -q -enc UTF-8 %s -", in);
    f = popen(cmd, "r");
    cr_assert(f);
    dj_buf_init(&out, 0);
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        dj_buf_add(&out, chunk, n);
    pclose(f);
    unlink(in);
    dj_buf_adds(&out, "");
    return dj_buf_detach(&out, NULL);
}

/* Page objects ("/Type /Page", not "/Type /Pages") in the PDF. */
static int pages(const struct dj_buf *b)
{
    int n = 0;
    for (size_t i = 0; i + 12 <= b->len; i++)
        if (!memcmp(b->data + i, "/Type /Page", 11) && b->data[i + 11] != 's')
            n++;
    return n;
}

static int64_t member(const char *name, int seq, int64_t org)
{
    struct dj_member_rec m = {0}, out;
    struct dj_err err = {0};
    char first17[32];
    char *id = dj_arena_alloc(A, 19);

    snprintf(first17, sizeof(first17), "99010119880412%03d", seq);
    memcpy(id, first17, 17);
    id[17] = dj_idcard_check_char(first17);
    id[18] = '\0';
    m.name = dj_arena_strdup(A, name);
    m.id_number = id;
    m.org_id = org;
    m.gender = "2";
    m.category = "full";
    m.joined_on = D(2010, 7, 1);
    m.confirmed_on = D(2011, 7, 1);
    cr_assert_eq(dj_member_create(fx_db, &fx_cli, &m, A, &out, &err), 0, "%s", err.message);
    return out.id;
}

static int act(const struct dj_actor *a, int64_t id, enum dj_transfer_action action,
               struct dj_date on, const char *dues)
{
    struct dj_transfer_step s = {
        .action = action, .on = on, .dues_paid_to = dues, .reason = "材料不全"};
    struct dj_transfer t;
    struct dj_err err = {0};
    int rc = dj_transfer_act(fx_db, a, id, &s, A, &t, &err);
    return rc;
}

/* Requested from branch 4 to branch 5 and approved by committee 2. */
static int64_t approved(int64_t mid)
{
    struct dj_transfer_new in = {.kind = "internal",
                                 .member_id = mid,
                                 .to_org_id = 5,
                                 .reason = "工作调动",
                                 .requested_on = D(2026, 11, 2)};
    struct dj_transfer t;
    struct dj_err err = {0};

    cr_assert_eq(dj_transfer_create(fx_db, &b4, &in, A, &t, &err), 0, "%s", err.message);
    cr_assert_eq(act(&c2, t.id, DJ_TA_APPROVE, D(2026, 11, 3), NULL), 0);
    return t.id;
}

Test(transfer_letter, renders_the_three_parts_on_one_page)
{
    struct dj_transfer_letter l = {
        .transfer_id = 7,
        .letter_no = "组转〔2026〕12号",
        .member_name = "林晓测",
        .gender_label = "女",
        .age = 38,
        .nation_label = "汉族",
        .category_label = "预备",
        .id_masked = "990101********123X",
        .from_name = "测试第一党支部",
        .to_name = "测试乙第一党支部",
        .issuer_name = "测试甲街道党工委",
        .transfer_category = "省（系统）内转接",
        .dues_year = 2026,
        .dues_month = 10,
        .issued_on = {2026, 11, 23},
        .valid_until = {2027, 2, 23},
        .valid_days = 93,
        .state = "issued",
    };
    struct dj_buf b;
    struct dj_err err = {0};
    char *text;

    dj_buf_init(&b, 0);
    cr_assert_eq(dj_transfer_letter_render_pdf(&l, A, &b, &err), 0, "%s", err.message);
    cr_assert(b.len > 1000 && memcmp(b.data, "%PDF-", 5) == 0);
    cr_expect_eq(pages(&b), 1, "one A4 page");
    text = extract(&b);
    if (text) {
        const char *stub = strstr(text, "中国共产党党员组织关系介绍信（存根）"),
                   *main = strstr(text, "中国共产党党员组织关系介绍信\n"),
                   *back = strstr(text, "中国共产党党员组织关系介绍信回执");
        cr_expect(stub && main && back && stub < main && main < back, "%s", text);
        cr_expect(strstr(text, "组转〔2026〕12号") != NULL, "%s", text);
        cr_expect(strstr(text, "林晓测") != NULL, "%s", text);
        cr_expect(strstr(text, "2026年10月") != NULL, "党费交至: %s", text);
        cr_expect(strstr(text, "请转接组织关系") != NULL, "%s", text);
        cr_expect(strstr(text, "特此回执") != NULL, "%s", text);
        cr_expect(strstr(text, "990101********123X") != NULL, "%s", text);
        cr_expect(strstr(text, "预备") != NULL, "%s", text);
        cr_expect(strstr(text, "93") != NULL && strstr(text, "2027年2月23日") != NULL, "%s", text);
        cr_expect(strstr(text, "测试甲街道党工委") != NULL, "%s", text);
        cr_expect(strstr(text, "2026年11月23日") != NULL, "%s", text);
        free(text);
    }
    dj_buf_release(&b);
}

Test(transfer_letter, both_sides_print_a_valid_letter_and_nobody_else)
{
    int64_t id = approved(member("接转印甲", 32, 4));
    struct dj_transfer_letter l;
    struct dj_buf b, missing_body;
    struct dj_err err = {0}, missing = {0};
    char *text;

    dj_buf_init(&b, 0);
    /* before the letter is issued: nothing to print */
    cr_assert_eq(dj_transfer_letter_pdf(fx_db, &c2, id, A, &l, &b, &err), DJ_ECONFLICT);
    cr_assert_str_eq(err.field, "state");
    cr_assert_eq(b.len, 0);

    cr_assert_eq(act(&c2, id, DJ_TA_ISSUE, D(2026, 11, 20), "2026-11"), 0);
    cr_assert_eq(dj_transfer_letter_pdf(fx_db, &b4, id, A, &l, &b, &err), 0, "%s", err.message);
    cr_assert(memcmp(b.data, "%PDF-", 5) == 0);
    cr_assert_str_eq(l.letter_no, "组转〔2026〕1号");
    text = extract(&b);
    if (text) {
        cr_expect(strstr(text, "接转印甲") && strstr(text, "组转〔2026〕1号") &&
                      strstr(text, "2026年11月") && strstr(text, "测试乙第一党支部"),
                  "%s", text);
        cr_expect(strstr(text, "女") != NULL, "%s", text);
        free(text);
    }
    dj_buf_reset(&b);
    cr_assert_eq(dj_transfer_letter_pdf(fx_db, &b5, id, A, &l, &b, &err), 0, "%s", err.message);
    cr_assert(memcmp(b.data, "%PDF-", 5) == 0);

    /* a third branch: the error of a missing id, nothing written */
    dj_buf_reset(&b);
    dj_buf_init(&missing_body, 0);
    cr_assert_eq(dj_transfer_letter_pdf(fx_db, &b6, id, A, &l, &b, &err), DJ_EPERM);
    cr_assert_eq(dj_transfer_letter_pdf(fx_db, &b6, id + 1000, A, &l, &missing_body, &missing),
                 DJ_EPERM);
    cr_assert_str_eq(err.message, "无权访问该组织的数据");
    cr_assert_str_eq(err.message, missing.message);
    cr_assert_eq(b.len, 0);
    cr_assert_eq(missing_body.len, 0);

    /* received: still printable (the receiver returns the 回执) */
    cr_assert_eq(act(&b5, id, DJ_TA_RECEIVE, D(2026, 11, 22), NULL), 0);
    cr_assert_eq(dj_transfer_letter_pdf(fx_db, &b5, id, A, &l, &b, &err), 0, "%s", err.message);
    text = extract(&b);
    if (text) {
        cr_expect(strstr(text, "2026年11月22日") != NULL, "the receipt date: %s", text);
        free(text);
    }
    dj_buf_release(&b);
    dj_buf_release(&missing_body);
}

Test(transfer_letter, a_cancelled_letter_is_not_printed)
{
    int64_t id = approved(member("接转印乙", 34, 4));
    struct dj_transfer_letter l;
    struct dj_buf b;
    struct dj_err err = {0};

    cr_assert_eq(act(&c2, id, DJ_TA_ISSUE, D(2026, 11, 20), "2026-11"), 0);
    cr_assert_eq(act(&b4, id, DJ_TA_CANCEL, D(2026, 11, 21), NULL), 0);
    dj_buf_init(&b, 0);
    cr_assert_eq(dj_transfer_letter_pdf(fx_db, &b4, id, A, &l, &b, &err), DJ_ECONFLICT);
    cr_assert_str_eq(err.field, "state");
    cr_assert(strstr(err.message, "已作废") != NULL, "%s", err.message);
    cr_assert_eq(b.len, 0);
    /* the JSON letter stays readable for the record */
    cr_assert_eq(dj_transfer_letter(fx_db, &b4, id, A, &l, &err), 0, "%s", err.message);
    dj_buf_release(&b);
}
