/*
 * test_org.c - the organisation service: moving subtrees (paths of the
 * subtree and members.org_path), cycles and scope, dissolution, the shape of
 * the tree, edits with the sealed contact phone, the 书记 党龄 rule to the
 * day, search with % and _ in the text, subtree counts, the path from the root.
 *
 * The fixture's tree: 1 /1/ 党委, 2 /1/2/ 党工委, 3 /1/3/ 党工委, 4 /1/2/4/ 党支部.
 * "Today" is fixed at 2026-11-23.
 */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "base/date.h"
#include "fixture.h"
#include "model/org_rec.h"
#include "store/org.h"
#include "svc/member.h"
#include "svc/org.h"
#include "svc/svc.h"

static struct dj_arena *arena;
static int member_seq;

static void setup(void)
{
    fx_setup();
    arena = dj_arena_new();
    member_seq = 0;
    dj_date_set_today((struct dj_date){2026, 11, 23});
}

static void teardown(void)
{
    dj_date_set_today((struct dj_date){0, 0, 0});
    dj_arena_free(arena);
    fx_teardown();
}

TestSuite(org, .init = setup, .fini = teardown);

/* ---- helpers ---------------------------------------------------------------------- */

static int64_t sql_int(const char *sql, int64_t bind)
{
    struct dj_stmt *st;
    struct dj_err err = {0};
    int64_t v = -1;

    cr_assert_eq(dj_db_prepare(fx_db, sql, &st, &err), 0, "%s", err.detail);
    if (bind)
        dj_stmt_bind_int64(st, 1, bind);
    if (dj_stmt_step(st, &err) == DJ_ROW)
        v = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return v;
}

/* A text value (copied into the arena), or "" for no row / NULL. */
static const char *sql_text(const char *sql, int64_t bind)
{
    struct dj_stmt *st;
    struct dj_err err = {0};
    const char *v = "";

    cr_assert_eq(dj_db_prepare(fx_db, sql, &st, &err), 0, "%s", err.detail);
    if (bind)
        dj_stmt_bind_int64(st, 1, bind);
    if (dj_stmt_step(st, &err) == DJ_ROW && dj_stmt_text(st, 0))
        v = dj_arena_strdup(arena, dj_stmt_text(st, 0));
    dj_stmt_reset(st);
    return v;
}

static int64_t audit_rows(void)
{
    return sql_int("SELECT COUNT(*) FROM audit_log", 0);
}

static int64_t add_org(int64_t parent, const char *name, const char *kind)
{
    struct dj_org_new o = {.parent_id = parent, .name = name, .kind = kind};
    struct dj_org_row row;
    struct dj_err err = {0};

    cr_assert_eq(dj_org_create(fx_db, &fx_cli, &o, &row, &err), 0, "%s", err.message);
    return row.id;
}

static int try_add_org(int64_t parent, const char *name, const char *kind, struct dj_err *err)
{
    struct dj_org_new o = {.parent_id = parent, .name = name, .kind = kind};
    struct dj_org_row row;
    return dj_org_create(fx_db, &fx_cli, &o, &row, err);
}

/*
 * A synthetic member of branch org_id (the members table is written directly:
 * the member service is not what is under test here). confirmed_on NULL for a
 * 预备党员. Returns the id.
 */
static int64_t add_member(int64_t org_id, const char *name, const char *confirmed_on,
                          const char *status)
{
    struct dj_stmt *st;
    struct dj_err err = {0};
    char blind[32];
    int64_t id = 0;

    snprintf(blind, sizeof(blind), "blind-%d", ++member_seq);
    cr_assert_eq(
        dj_db_prepare(fx_db,
                      "INSERT INTO members (org_id, org_path, name, id_enc, id_blind, gender, "
                      "birth_date, category, joined_on, confirmed_on, status, created_at, "
                      "updated_at) SELECT id, path, $1, 'v1:x', $2, '1', '1980-01-01', $3, "
                      "'2000-01-01', $4, $5, 'now', 'now' FROM orgs WHERE id = $6 RETURNING id",
                      &st, &err),
        0, "%s", err.detail);
    dj_stmt_bind_text(st, 1, name);
    dj_stmt_bind_text(st, 2, blind);
    dj_stmt_bind_text(st, 3, confirmed_on ? "full" : "probationary");
    dj_stmt_bind_text(st, 4, confirmed_on);
    dj_stmt_bind_text(st, 5, status);
    dj_stmt_bind_int64(st, 6, org_id);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW, "%s", err.detail);
    id = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return id;
}

static void set_member_status(int64_t id, const char *status)
{
    struct dj_stmt *st;
    struct dj_err err = {0};

    cr_assert_eq(dj_db_prepare(fx_db, "UPDATE members SET status = $1 WHERE id = $2", &st, &err),
                 0);
    dj_stmt_bind_text(st, 1, status);
    dj_stmt_bind_int64(st, 2, id);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_DONE);
    dj_stmt_reset(st);
}

static const char *org_path(int64_t id)
{
    return sql_text("SELECT path FROM orgs WHERE id = $1", id);
}

static struct dj_date date(const char *s)
{
    struct dj_date d;
    cr_assert_eq(dj_date_parse(s, &d, "date", NULL), 0, "%s", s);
    return d;
}

/* Parse a JSON patch the way the API and the CLI do. */
static void patch_of(const char *json, struct dj_org_rec *patch)
{
    json_error_t jerr;
    json_t *j = json_loads(json, 0, &jerr);
    struct dj_err err = {0};

    cr_assert(j, "%s", jerr.text);
    memset(patch, 0, sizeof(*patch));
    cr_assert_eq(dj_rec_from_json(&dj_org_desc, j, patch, DJ_REC_PATCH, arena, &err), 0, "%s",
                 err.message);
    json_decref(j);
}

static int add_post(int64_t org_id, const char *post, int64_t member_id, const char *person,
                    const char *start_on, struct dj_org_post *out, struct dj_err *err)
{
    struct dj_org_post in = {0};

    in.post = (char *)post;
    dj_rec_mark(&dj_org_post_desc, &in, DJ_POST_F_POST);
    if (member_id) {
        in.member_id = member_id;
        dj_rec_mark(&dj_org_post_desc, &in, DJ_POST_F_MEMBER_ID);
    }
    if (person) {
        in.person_name = (char *)person;
        dj_rec_mark(&dj_org_post_desc, &in, DJ_POST_F_PERSON_NAME);
    }
    in.start_on = date(start_on);
    dj_rec_mark(&dj_org_post_desc, &in, DJ_POST_F_START_ON);
    return dj_org_post_add(fx_db, &fx_cli, org_id, &in, arena, out, err);
}

/* ---- move ------------------------------------------------------------------------- */

Test(org, move_rewrites_the_subtree_and_member_paths_in_one_go)
{
    struct dj_org_rec out;
    struct dj_err err = {0};
    int64_t group = add_org(4, "测试第一党小组", "group");
    int64_t m = add_member(4, "张测试", "2010-07-01", "normal");
    int64_t audit0 = audit_rows();

    cr_assert_str_eq(org_path(group), "/1/2/4/5/");
    /* the 党工委 2 with its branch 4 and group 5 goes under 党工委 3 */
    cr_assert_eq(dj_org_move(fx_db, &fx_cli, 2, 3, arena, &out, &err), 0, "%s", err.message);
    cr_assert_str_eq(out.path, "/1/3/2/");
    cr_assert_eq(out.parent_id, 3);
    cr_assert_str_eq(org_path(2), "/1/3/2/");
    cr_assert_str_eq(org_path(4), "/1/3/2/4/");
    cr_assert_str_eq(org_path(group), "/1/3/2/4/5/");
    cr_assert_str_eq(sql_text("SELECT org_path FROM members WHERE id = $1", m), "/1/3/2/4/");
    cr_assert_eq(sql_int("SELECT parent_id FROM orgs WHERE id = $1", 4), 2, "parent of 4 kept");
    cr_assert_str_eq(org_path(3), "/1/3/", "the new parent itself is untouched");
    cr_assert_eq(audit_rows(), audit0 + 1);
    cr_assert_str_eq(sql_text("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1", 0),
                     "org.move");
    cr_assert(strstr(sql_text("SELECT after_json FROM audit_log ORDER BY id DESC LIMIT 1", 0),
                     "\"orgs_moved\":3"));
    cr_assert(strstr(sql_text("SELECT after_json FROM audit_log ORDER BY id DESC LIMIT 1", 0),
                     "\"members_moved\":1"));
}

Test(org, move_refuses_its_own_subtree_and_changes_nothing)
{
    struct dj_org_rec out;
    struct dj_err err = {0};
    int64_t audit0 = audit_rows();

    cr_assert_eq(dj_org_move(fx_db, &fx_cli, 2, 4, arena, &out, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "parent_id");
    cr_assert(strstr(err.message, "下级组织"), "%s", err.message);
    cr_assert_eq(dj_org_move(fx_db, &fx_cli, 2, 2, arena, &out, &err), DJ_EINVAL);
    cr_assert_eq(dj_org_move(fx_db, &fx_cli, 4, 2, arena, &out, &err), DJ_EINVAL, "already there");
    cr_assert_eq(dj_org_move(fx_db, &fx_cli, 4, 999, arena, &out, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "parent_id");
    cr_assert_eq(dj_org_move(fx_db, &fx_cli, 999, 3, arena, &out, &err), DJ_ENOTFOUND);
    cr_assert_str_eq(org_path(2), "/1/2/");
    cr_assert_str_eq(org_path(4), "/1/2/4/");
    cr_assert_eq(audit_rows(), audit0);
}

Test(org, move_needs_write_on_both_parents)
{
    struct dj_actor a;
    struct dj_org_rec out;
    struct dj_err e1 = {0}, e2 = {0};

    /* org admin of 2: may write 4's old parent, not the new one (3) */
    fx_actor(&a, DJ_ROLE_ORG_ADMIN, 2, "/1/2/");
    cr_assert_eq(dj_org_move(fx_db, &a, 4, 3, arena, &out, &e1), DJ_EPERM);
    cr_assert_eq(dj_org_move(fx_db, &a, 4, 999, arena, &out, &e2), DJ_EPERM);
    cr_assert_str_eq(e1.message, e2.message, "outside the scope and missing look alike");
    /* org admin of 3: may write the new parent, not the old one */
    fx_actor(&a, DJ_ROLE_ORG_ADMIN, 3, "/1/3/");
    cr_assert_eq(dj_org_move(fx_db, &a, 4, 3, arena, &out, &e1), DJ_EPERM);
    cr_assert_str_eq(e1.message, e2.message);
    /* the branch admin of 4 may not move their own branch */
    fx_actor(&a, DJ_ROLE_BRANCH_ADMIN, 4, "/1/2/4/");
    cr_assert_eq(dj_org_move(fx_db, &a, 4, 3, arena, &out, &e1), DJ_EPERM);
    cr_assert_str_eq(org_path(4), "/1/2/4/");
    /* the org admin of 1 holds both */
    fx_actor(&a, DJ_ROLE_ORG_ADMIN, 1, "/1/");
    cr_assert_eq(dj_org_move(fx_db, &a, 4, 3, arena, &out, &e1), 0, "%s", e1.message);
    cr_assert_str_eq(org_path(4), "/1/3/4/");
}

Test(org, move_checks_the_shape_and_groups_with_members)
{
    struct dj_org_rec out;
    struct dj_err err = {0};
    int64_t b2 = add_org(3, "测试第二党支部", "branch");
    int64_t group = add_org(4, "测试党小组", "group");
    int64_t m = add_member(4, "李测试", "2010-07-01", "normal");
    struct dj_stmt *st;

    cr_assert_eq(dj_org_move(fx_db, &fx_cli, group, 2, arena, &out, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "parent_id");
    cr_assert(strstr(err.message, "党小组"), "%s", err.message);
    cr_assert_eq(dj_org_move(fx_db, &fx_cli, 4, b2, arena, &out, &err), DJ_EINVAL,
                 "a branch under a branch");
    /* the member is in the group: the group may not change branch */
    cr_assert_eq(dj_db_prepare(fx_db, "UPDATE members SET group_id = $1 WHERE id = $2", &st, &err),
                 0);
    dj_stmt_bind_int64(st, 1, group);
    dj_stmt_bind_int64(st, 2, m);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_DONE);
    dj_stmt_reset(st);
    cr_assert_eq(dj_org_move(fx_db, &fx_cli, group, b2, arena, &out, &err), DJ_ECONFLICT);
    cr_assert(strstr(err.message, "1 名党员"), "%s", err.message);
    set_member_status(m, "left");
    cr_assert_eq(dj_org_move(fx_db, &fx_cli, group, b2, arena, &out, &err), 0, "%s", err.message);
    cr_assert_str_eq(out.path,
                     dj_arena_printf(arena, "/1/3/%lld/%lld/", (long long)b2, (long long)group));
}

/* ---- dissolve ----------------------------------------------------------------------- */

Test(org, dissolve_waits_for_children_and_members_and_keeps_the_row)
{
    struct dj_org_rec out, *recs;
    struct dj_err err = {0};
    int64_t group = add_org(4, "测试党小组", "group");
    int64_t m = add_member(4, "王测试", "2010-07-01", "normal");
    int64_t audit0;
    int n;

    cr_assert_eq(dj_org_dissolve(fx_db, &fx_cli, 4, date("2026-01-31"), "合并", arena, &out, &err),
                 DJ_ECONFLICT);
    cr_assert(strstr(err.message, "1 个"), "%s", err.message);
    cr_assert_eq(dj_org_dissolve(fx_db, &fx_cli, group, date("2026-01-31"), "并入第一小组", arena,
                                 &out, &err),
                 0, "%s", err.message);
    cr_assert_str_eq(out.status, "dissolved");
    cr_assert_eq(dj_org_dissolve(fx_db, &fx_cli, 4, date("2026-01-31"), "合并", arena, &out, &err),
                 DJ_ECONFLICT);
    cr_assert(strstr(err.message, "1 名党员"), "%s", err.message);
    set_member_status(m, "left");
    audit0 = audit_rows();
    cr_assert_eq(
        dj_org_dissolve(fx_db, &fx_cli, 4, date("2026-01-31"), "支部合并", arena, &out, &err), 0,
        "%s", err.message);
    cr_assert_eq(audit_rows(), audit0 + 1);
    cr_assert_eq(sql_int("SELECT COUNT(*) FROM orgs WHERE id = $1", 4), 1, "never deleted");
    cr_assert_str_eq(sql_text("SELECT status FROM orgs WHERE id = $1", 4), "dissolved");
    cr_assert_str_eq(sql_text("SELECT dissolved_on FROM orgs WHERE id = $1", 4), "2026-01-31");
    cr_assert_str_eq(sql_text("SELECT dissolve_reason FROM orgs WHERE id = $1", 4), "支部合并");
    cr_assert(strstr(sql_text("SELECT before_json FROM audit_log ORDER BY id DESC LIMIT 1", 0),
                     "\"status\":\"active\""));
    cr_assert(strstr(sql_text("SELECT after_json FROM audit_log ORDER BY id DESC LIMIT 1", 0),
                     "\"status\":\"dissolved\""));
    /* again: already dissolved */
    cr_assert_eq(dj_org_dissolve(fx_db, &fx_cli, 4, date("2026-01-31"), "x", arena, &out, &err),
                 DJ_ECONFLICT);
    /* lists leave it out unless asked */
    cr_assert_eq(dj_org_list(fx_db, &fx_cli, 2, false, arena, &recs, &n, &err), 0);
    cr_assert_eq(n, 0);
    cr_assert_eq(dj_org_list(fx_db, &fx_cli, 2, true, arena, &recs, &n, &err), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(recs[0].id, 4);
    /* a dissolved organisation takes no edits and no new children */
    struct dj_org_rec patch;
    patch_of("{\"industry\":\"制造业\"}", &patch);
    cr_assert_eq(dj_org_update(fx_db, &fx_cli, 4, &patch, arena, &out, &err), DJ_ECONFLICT);
    cr_assert_eq(try_add_org(4, "新小组", "group", &err), DJ_ECONFLICT);
    cr_assert_str_eq(err.field, "parent_id");
}

Test(org, dissolve_validates_date_reason_and_permission)
{
    struct dj_actor a;
    struct dj_org_rec out;
    struct dj_err err = {0};
    int64_t audit0 = audit_rows();

    cr_assert_eq(dj_org_dissolve(fx_db, &fx_cli, 4, date("2026-11-24"), "明天", arena, &out, &err),
                 DJ_EINVAL);
    cr_assert_str_eq(err.field, "dissolved_on");
    cr_assert_eq(dj_org_dissolve(fx_db, &fx_cli, 4, date("2026-11-23"), "", arena, &out, &err),
                 DJ_EINVAL);
    cr_assert_str_eq(err.field, "reason");
    fx_actor(&a, DJ_ROLE_BRANCH_ADMIN, 4, "/1/2/4/");
    cr_assert_eq(dj_org_dissolve(fx_db, &a, 4, date("2026-11-23"), "自行撤销", arena, &out, &err),
                 DJ_EPERM);
    fx_actor(&a, DJ_ROLE_ORG_ADMIN, 3, "/1/3/");
    cr_assert_eq(dj_org_dissolve(fx_db, &a, 4, date("2026-11-23"), "越权", arena, &out, &err),
                 DJ_EPERM);
    cr_assert_str_eq(err.message, "无权访问该组织的数据");
    cr_assert_eq(audit_rows(), audit0);
    /* today itself is fine, for the org admin of the parent */
    fx_actor(&a, DJ_ROLE_ORG_ADMIN, 2, "/1/2/");
    cr_assert_eq(dj_org_dissolve(fx_db, &a, 4, date("2026-11-23"), "撤销", arena, &out, &err), 0,
                 "%s", err.message);
}

Test(org, dissolve_ends_current_posts_on_the_date)
{
    struct dj_org_rec out;
    struct dj_org_post p;
    struct dj_err err = {0};

    cr_assert_eq(add_post(2, "deputy_secretary", 0, "赵测试", "2024-03-01", &p, &err), 0, "%s",
                 err.message);
    cr_assert_eq(dj_org_dissolve(fx_db, &fx_cli, 4, date("2024-02-01"), "x", arena, &out, &err), 0,
                 "%s", err.message);
    cr_assert_eq(dj_org_move(fx_db, &fx_cli, 4, 3, arena, &out, &err), DJ_ECONFLICT);
    /* 2 has no active child now; its post started after the proposed date */
    cr_assert_eq(dj_org_dissolve(fx_db, &fx_cli, 2, date("2024-02-01"), "x", arena, &out, &err),
                 DJ_EINVAL);
    cr_assert_str_eq(err.field, "dissolved_on");
    cr_assert_eq(dj_org_dissolve(fx_db, &fx_cli, 2, date("2025-02-01"), "x", arena, &out, &err), 0,
                 "%s", err.message);
    cr_assert_str_eq(sql_text("SELECT end_on FROM org_posts WHERE id = $1", p.id), "2025-02-01");
}

/* ---- the shape of the tree ------------------------------------------------------- */

Test(org, shape_of_the_tree_on_create)
{
    struct dj_err err = {0};

    cr_assert_eq(try_add_org(1, "党委下的党小组", "group", &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "kind");
    cr_assert(strstr(err.message, "「党小组」不能设在「党委」之下"), "%s", err.message);
    cr_assert_eq(try_add_org(0, "顶级党小组", "building_group", &err), DJ_EINVAL);
    cr_assert_eq(try_add_org(4, "支部下的支部", "branch", &err), DJ_EINVAL);
    cr_assert_eq(try_add_org(4, "支部下的党总支", "general_branch", &err), DJ_EINVAL);
    cr_assert_eq(try_add_org(4, "支部下的党委", "committee", &err), DJ_EINVAL);
    int64_t general = add_org(2, "测试党总支", "general_branch");
    int64_t branch = add_org(general, "总支下的党支部", "joint_branch");
    int64_t group = add_org(branch, "联合支部下的党小组", "group");
    cr_assert_eq(try_add_org(group, "小组下的小组", "group", &err), DJ_EINVAL);
    cr_assert_eq(try_add_org(general, "总支下的党总支", "general_branch", &err), DJ_EINVAL);
    add_org(add_org(1, "测试社区党委", "community_committee"), "网格党支部", "grid_branch");
}

Test(org, shape_of_the_tree_on_kind_change)
{
    struct dj_org_rec patch, out;
    struct dj_err err = {0};
    int64_t group = add_org(4, "测试党小组", "group");

    patch_of("{\"kind\":\"group\"}", &patch);
    cr_assert_eq(dj_org_update(fx_db, &fx_cli, 4, &patch, arena, &out, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "kind");
    patch_of("{\"kind\":\"branch\"}", &patch);
    cr_assert_eq(dj_org_update(fx_db, &fx_cli, 2, &patch, arena, &out, &err), DJ_EINVAL,
                 "a 党工委 with a branch below cannot become a branch");
    cr_assert_str_eq(err.field, "kind");
    cr_assert(strstr(err.message, "其下级组织「党支部」"), "%s", err.message);
    patch_of("{\"kind\":\"general_branch\"}", &patch);
    cr_assert_eq(dj_org_update(fx_db, &fx_cli, group, &patch, arena, &out, &err), DJ_EINVAL);
    patch_of("{\"kind\":\"temp_branch\"}", &patch);
    cr_assert_eq(dj_org_update(fx_db, &fx_cli, 4, &patch, arena, &out, &err), 0, "%s", err.message);
    cr_assert_str_eq(out.kind, "temp_branch");
    /* a branch with members stays a branch */
    add_member(4, "钱测试", "2010-07-01", "normal");
    patch_of("{\"kind\":\"general_branch\"}", &patch);
    dj_org_dissolve(fx_db, &fx_cli, group, date("2026-01-01"), "x", arena, &out, &err);
    cr_assert_eq(dj_org_update(fx_db, &fx_cli, 4, &patch, arena, &out, &err), DJ_EINVAL,
                 "the dissolved group is still a child: %s", err.message);
    patch_of("{\"can_approve\":true}", &patch);
    cr_assert_eq(dj_org_update(fx_db, &fx_cli, 4, &patch, arena, &out, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "can_approve");
    cr_assert_eq(dj_org_update(fx_db, &fx_cli, 2, &patch, arena, &out, &err), 0, "%s", err.message);
    cr_assert(out.can_approve);
}

Test(org, kind_change_refused_while_the_branch_has_members)
{
    struct dj_org_rec patch, out;
    struct dj_err err = {0};
    int64_t b = add_org(2, "空党支部", "branch");

    add_member(b, "孙测试", "2010-07-01", "normal");
    patch_of("{\"kind\":\"general_branch\"}", &patch);
    cr_assert_eq(dj_org_update(fx_db, &fx_cli, b, &patch, arena, &out, &err), DJ_ECONFLICT);
    cr_assert(strstr(err.message, "1 名党员"), "%s", err.message);
}

/* ---- edit and the contact phone --------------------------------------------------- */

Test(org, edit_seals_the_phone_and_masks_it_in_the_audit_log)
{
    struct dj_org_rec patch, out, read;
    struct dj_err err = {0};
    const char *stored, *audit;

    patch_of("{\"contact_name\":\"周联系\",\"contact_phone\":\"139-1234-5678\","
             "\"founded_on\":\"1986-02-28\",\"region_code\":\"140203\",\"legal_entity\":true}",
             &patch);
    cr_assert_eq(dj_org_update(fx_db, &fx_cli, 4, &patch, arena, &out, &err), 0, "%s", err.message);
    cr_assert_str_eq(out.contact_phone, "13912345678");
    stored = sql_text("SELECT contact_phone_enc FROM orgs WHERE id = $1", 4);
    cr_assert(!strncmp(stored, "v1:", 3), "%s", stored);
    cr_assert(!strstr(stored, "13912345678"));
    audit = sql_text("SELECT after_json FROM audit_log ORDER BY id DESC LIMIT 1", 0);
    cr_assert(strstr(audit, "139****5678"), "%s", audit);
    cr_assert(!strstr(audit, "13912345678"));
    cr_assert_eq(dj_org_read(fx_db, &fx_cli, 4, arena, &read, &err), 0);
    cr_assert_str_eq(read.contact_phone, "13912345678");
    cr_assert_str_eq(read.contact_name, "周联系");
    cr_assert(read.legal_entity);
    /* an edit of another field keeps the phone */
    patch_of("{\"industry\":\"居民服务业\"}", &patch);
    cr_assert_eq(dj_org_update(fx_db, &fx_cli, 4, &patch, arena, &out, &err), 0, "%s", err.message);
    cr_assert_eq(dj_org_read(fx_db, &fx_cli, 4, arena, &read, &err), 0);
    cr_assert_str_eq(read.contact_phone, "13912345678");
    cr_assert_str_eq(read.industry, "居民服务业");
    /* null clears */
    patch_of("{\"contact_phone\":null}", &patch);
    cr_assert_eq(dj_org_update(fx_db, &fx_cli, 4, &patch, arena, &out, &err), 0);
    cr_assert_eq(
        sql_int("SELECT COUNT(*) FROM orgs WHERE id = $1 AND contact_phone_enc IS NULL", 4), 1);
}

Test(org, edit_rules_and_who_may_change_what)
{
    struct dj_actor a;
    struct dj_org_rec patch, out;
    struct dj_err err = {0};
    int64_t audit0 = audit_rows();

    patch_of("{\"region_code\":\"14020\"}", &patch);
    cr_assert_eq(dj_org_update(fx_db, &fx_cli, 4, &patch, arena, &out, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "region_code");
    patch_of("{\"founded_on\":\"2026-11-24\"}", &patch);
    cr_assert_eq(dj_org_update(fx_db, &fx_cli, 4, &patch, arena, &out, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "founded_on");
    patch_of("{\"parent_id\":3}", &patch);
    cr_assert_eq(dj_org_update(fx_db, &fx_cli, 4, &patch, arena, &out, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "parent_id");
    patch_of("{}", &patch);
    cr_assert_eq(dj_org_update(fx_db, &fx_cli, 4, &patch, arena, &out, &err), DJ_EINVAL);
    cr_assert_eq(audit_rows(), audit0);

    /* the branch admin keeps their branch's contact data, but not its name or code */
    fx_actor(&a, DJ_ROLE_BRANCH_ADMIN, 4, "/1/2/4/");
    patch_of("{\"contact_name\":\"吴联系\"}", &patch);
    cr_assert_eq(dj_org_update(fx_db, &a, 4, &patch, arena, &out, &err), 0, "%s", err.message);
    patch_of("{\"name\":\"改名党支部\"}", &patch);
    cr_assert_eq(dj_org_update(fx_db, &a, 4, &patch, arena, &out, &err), DJ_EPERM);
    cr_assert_str_eq(err.field, "name");
    patch_of("{\"name\":\"测试第一党支部\",\"unit_name\":\"某单位\"}", &patch);
    cr_assert_eq(dj_org_update(fx_db, &a, 4, &patch, arena, &out, &err), 0,
                 "an unchanged name may be sent back: %s", err.message);
    /* auditors read only; other subtrees look like missing ones */
    fx_actor(&a, DJ_ROLE_AUDITOR, 1, "/1/");
    cr_assert_eq(dj_org_update(fx_db, &a, 4, &patch, arena, &out, &err), DJ_EPERM);
    fx_actor(&a, DJ_ROLE_ORG_ADMIN, 3, "/1/3/");
    cr_assert_eq(dj_org_update(fx_db, &a, 4, &patch, arena, &out, &err), DJ_EPERM);
    cr_assert_str_eq(err.message, "无权访问该组织的数据");
    /* the org admin of the parent renames it; the code is unique */
    fx_actor(&a, DJ_ROLE_ORG_ADMIN, 2, "/1/2/");
    patch_of("{\"name\":\"改名党支部\",\"code\":\"100000000004\"}", &patch);
    cr_assert_eq(dj_org_update(fx_db, &a, 4, &patch, arena, &out, &err), 0, "%s", err.message);
    patch_of("{\"code\":\"100000000004\"}", &patch);
    cr_assert_eq(dj_org_update(fx_db, &fx_cli, 3, &patch, arena, &out, &err), DJ_ECONFLICT);
    cr_assert_str_eq(err.field, "code");
}

/* ---- posts and the 书记 党龄 rule ----------------------------------------------------- */

Test(org, branch_secretary_party_age_to_the_day_across_29_february)
{
    struct dj_org_post p;
    struct dj_err err = {0};
    int64_t m = add_member(4, "郑测试", "2024-02-29", "normal");

    /* 2024-02-29 + 1 calendar year = 2025-02-28 (clamped): not yet on the 27th */
    cr_assert_eq(add_post(4, "secretary", m, NULL, "2025-02-27", &p, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "start_on");
    cr_assert(strstr(err.message, "2025-02-28"), "%s", err.message);
    cr_assert(strstr(err.message, "post.secretary.min_party_years"), "%s", err.message);
    cr_assert(strstr(err.message, "支部工作条例"), "%s", err.message);
    cr_assert_eq(add_post(4, "secretary", m, NULL, "2025-02-28", &p, &err), 0, "%s", err.message);
    cr_assert_str_eq(p.person_name, "郑测试");
    cr_assert_eq(p.member_id, m);
}

Test(org, branch_secretary_exactly_one_year)
{
    struct dj_org_post p;
    struct dj_err err = {0};
    int64_t m = add_member(4, "冯测试", "2023-07-01", "normal");

    cr_assert_eq(add_post(4, "secretary", m, NULL, "2024-06-30", &p, &err), DJ_EINVAL);
    cr_assert_eq(add_post(4, "secretary", m, NULL, "2024-07-01", &p, &err), 0, "%s", err.message);
}

Test(org, branch_secretary_must_be_a_full_member_in_the_database)
{
    struct dj_org_post p;
    struct dj_err err = {0};
    int64_t prob = add_member(4, "陈预备", NULL, "normal");
    int64_t other =
        add_member(add_org(3, "别的党支部", "branch"), "褚测试", "2000-01-01", "normal");
    int64_t gone = add_member(4, "卫测试", "2000-01-01", "left");

    cr_assert_eq(add_post(4, "secretary", prob, NULL, "2026-01-01", &p, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "member_id");
    cr_assert(strstr(err.message, "预备党员"), "%s", err.message);
    cr_assert_eq(add_post(4, "secretary", 0, "蒋外来", "2026-01-01", &p, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "member_id");
    cr_assert_eq(add_post(4, "secretary", other, NULL, "2026-01-01", &p, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "member_id");
    cr_assert_eq(add_post(4, "secretary", 9999, NULL, "2026-01-01", &p, &err), DJ_EINVAL);
    cr_assert_eq(add_post(4, "secretary", gone, NULL, "2026-01-01", &p, &err), DJ_EINVAL);
    /* posts other than a branch 书记 may name a person outside the database */
    cr_assert_eq(add_post(4, "organization", 0, "沈委员", "2026-01-01", &p, &err), 0, "%s",
                 err.message);
    cr_assert_eq(p.member_id, 0);
    /* the 党工委 书记 is not a branch 书记: a 预备党员 is not checked there (no branch rule) */
    cr_assert_eq(add_post(2, "secretary", 0, "韩书记", "2026-01-01", &p, &err), 0, "%s",
                 err.message);
}

Test(org, one_secretary_at_a_time)
{
    struct dj_org_post first, second, scratch;
    struct dj_err err = {0};
    int64_t a = add_member(4, "杨甲", "2015-01-01", "normal");
    int64_t b = add_member(4, "朱乙", "2015-01-01", "normal");
    struct dj_org_post *posts;
    int n;

    cr_assert_eq(add_post(4, "secretary", a, NULL, "2020-01-01", &first, &err), 0, "%s",
                 err.message);
    cr_assert_eq(add_post(4, "secretary", b, NULL, "2025-06-01", &second, &err), DJ_ECONFLICT);
    cr_assert_str_eq(err.field, "start_on");
    cr_assert(strstr(err.message, "杨甲"), "%s", err.message);
    cr_assert_eq(
        dj_org_post_end(fx_db, &fx_cli, 4, first.id, date("2025-06-01"), arena, &first, &err), 0,
        "%s", err.message);
    cr_assert_eq(add_post(4, "secretary", b, NULL, "2025-05-31", &second, &err), DJ_ECONFLICT,
                 "before the old one ended");
    cr_assert_eq(add_post(4, "secretary", b, NULL, "2025-06-01", &second, &err), 0, "%s",
                 err.message);
    cr_assert_eq(
        dj_org_post_end(fx_db, &fx_cli, 4, first.id, date("2025-07-01"), arena, &scratch, &err),
        DJ_ECONFLICT, "already ended");
    cr_assert_eq(
        dj_org_post_end(fx_db, &fx_cli, 4, second.id, date("2025-05-01"), arena, &scratch, &err),
        DJ_EINVAL, "before its start");
    cr_assert_eq(
        dj_org_post_end(fx_db, &fx_cli, 2, second.id, date("2025-07-01"), arena, &scratch, &err),
        DJ_ENOTFOUND, "the post of another organisation");
    cr_assert_eq(dj_org_posts(fx_db, &fx_cli, 4, arena, &posts, &n, &err), 0);
    cr_assert_eq(n, 2);
    cr_assert_eq(posts[0].id, second.id, "the current one first");
    cr_assert(!dj_date_isset(posts[0].end_on));
    cr_assert_eq(posts[1].id, first.id);
}

Test(org, post_kinds_per_organisation)
{
    struct dj_org_post p;
    struct dj_err err = {0};
    int64_t group = add_org(4, "测试党小组", "group");
    int64_t m = add_member(4, "秦测试", "2015-01-01", "normal");

    cr_assert_eq(add_post(group, "secretary", m, NULL, "2026-01-01", &p, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "post");
    cr_assert_eq(add_post(4, "group_leader", m, NULL, "2026-01-01", &p, &err), DJ_EINVAL);
    cr_assert_eq(add_post(group, "group_leader", m, NULL, "2026-01-01", &p, &err), 0, "%s",
                 err.message);
    cr_assert_eq(add_post(4, "propaganda", m, NULL, "2026-11-24", &p, &err), DJ_EINVAL,
                 "not after today");
    cr_assert_str_eq(err.field, "start_on");
}

/* ---- search, counts, path --------------------------------------------------------- */

Test(org, search_treats_percent_and_underscore_as_text)
{
    struct dj_org_search q = {.limit = 20};
    struct dj_org_rec *recs;
    struct dj_err err = {0};
    struct dj_actor a;
    int64_t total;
    int n;

    add_org(2, "达标100%党支部", "branch");
    add_org(2, "甲_乙党支部", "branch");
    add_org(3, "甲乙党支部", "branch");
    q.name = "%";
    cr_assert_eq(dj_org_search(fx_db, &fx_cli, &q, arena, &recs, &n, &total, &err), 0);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(recs[0].name, "达标100%党支部");
    q.name = "_";
    cr_assert_eq(dj_org_search(fx_db, &fx_cli, &q, arena, &recs, &n, &total, &err), 0);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(recs[0].name, "甲_乙党支部");
    q.name = "\\";
    cr_assert_eq(dj_org_search(fx_db, &fx_cli, &q, arena, &recs, &n, &total, &err), 0);
    cr_assert_eq(n, 0);
    q.name = "乙党支部";
    cr_assert_eq(dj_org_search(fx_db, &fx_cli, &q, arena, &recs, &n, &total, &err), 0);
    cr_assert_eq(total, 2);
    /* within scope, paginated */
    q.name = "党支部";
    fx_actor(&a, DJ_ROLE_ORG_ADMIN, 2, "/1/2/");
    cr_assert_eq(dj_org_search(fx_db, &a, &q, arena, &recs, &n, &total, &err), 0);
    cr_assert_eq(total, 3, "测试第一党支部, 达标100%%党支部, 甲_乙党支部");
    for (int i = 0; i < n; i++)
        cr_assert(!strncmp(recs[i].path, "/1/2/", 5), "%s", recs[i].path);
    q.limit = 2;
    q.offset = 2;
    cr_assert_eq(dj_org_search(fx_db, &a, &q, arena, &recs, &n, &total, &err), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(total, 3);
    q.limit = 0;
    cr_assert_eq(dj_org_search(fx_db, &a, &q, arena, &recs, &n, &total, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "limit");
    q.limit = 10;
    q.name = "";
    cr_assert_eq(dj_org_search(fx_db, &a, &q, arena, &recs, &n, &total, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "q");
}

Test(org, subtree_counts_by_kind_and_category)
{
    struct dj_org_counts c;
    struct dj_err err = {0};
    struct dj_actor a;
    struct dj_org_rec out;
    int64_t g = add_org(4, "小组一", "group");

    add_org(4, "小组二", "group");
    add_member(4, "甲", "2010-01-01", "normal");
    add_member(4, "乙", NULL, "normal");
    add_member(4, "丙", "2010-01-01", "left");
    add_member(add_org(3, "乙街道党支部", "branch"), "丁", "2010-01-01", "normal");
    dj_org_dissolve(fx_db, &fx_cli, g, date("2026-01-01"), "x", arena, &out, &err);

    cr_assert_eq(dj_org_counts(fx_db, &fx_cli, 2, &c, &err), 0, "%s", err.message);
    cr_assert_eq(c.orgs_active, 3, "2, 4 and one group");
    cr_assert_eq(c.orgs_dissolved, 1);
    cr_assert_eq(c.members, 2, "the member who left does not count");
    for (int i = 0; i < c.ncategories; i++)
        cr_assert_eq(c.categories[i].n, 1, "%s", c.categories[i].key);
    cr_assert_eq(dj_org_counts(fx_db, &fx_cli, 1, &c, &err), 0);
    cr_assert_eq(c.members, 3);
    cr_assert_eq(c.orgs_active, 6);
    fx_actor(&a, DJ_ROLE_BRANCH_ADMIN, 4, "/1/2/4/");
    cr_assert_eq(dj_org_counts(fx_db, &a, 2, &c, &err), DJ_EPERM);
    cr_assert_eq(dj_org_counts(fx_db, &a, 4, &c, &err), 0);
    cr_assert_eq(c.members, 2);
}

Test(org, path_from_the_root_clipped_to_scope)
{
    struct dj_org_rec *recs;
    struct dj_err err = {0};
    struct dj_actor a;
    int n;

    cr_assert_eq(dj_org_path(fx_db, &fx_cli, 4, arena, &recs, &n, &err), 0);
    cr_assert_eq(n, 3);
    cr_assert_eq(recs[0].id, 1);
    cr_assert_eq(recs[1].id, 2);
    cr_assert_eq(recs[2].id, 4);
    fx_actor(&a, DJ_ROLE_ORG_ADMIN, 2, "/1/2/");
    cr_assert_eq(dj_org_path(fx_db, &a, 4, arena, &recs, &n, &err), 0);
    cr_assert_eq(n, 2);
    cr_assert_eq(recs[0].id, 2);
    cr_assert_eq(dj_org_path(fx_db, &a, 3, arena, &recs, &n, &err), DJ_EPERM);
}

Test(org, create_takes_the_full_record)
{
    struct dj_org_rec in = {0}, out;
    struct dj_err err = {0};
    json_error_t jerr;
    json_t *j = json_loads("{\"parent_id\":2,\"name\":\"全字段党支部\",\"kind\":\"branch\","
                           "\"code\":\"123456789012\",\"industry\":\"教育\",\"locality\":\"属地\","
                           "\"contact_phone\":\"0351-1234567\",\"founded_on\":\"1986-02-28\","
                           "\"private_tech\":true,\"domain\":\"school\"}",
                           0, &jerr);

    cr_assert_eq(dj_rec_from_json(&dj_org_desc, j, &in, DJ_REC_CREATE, arena, &err), 0, "%s",
                 err.message);
    json_decref(j);
    cr_assert_eq(dj_org_create_rec(fx_db, &fx_cli, &in, arena, &out, &err), 0, "%s", err.message);
    cr_assert_str_eq(out.path, dj_arena_printf(arena, "/1/2/%lld/", (long long)out.id));
    cr_assert_str_eq(out.contact_phone, "03511234567");
    cr_assert(out.private_tech);
    cr_assert(!out.can_approve);
    cr_assert_str_eq(sql_text("SELECT founded_on FROM orgs WHERE id = $1", out.id), "1986-02-28");
    cr_assert(
        !strncmp(sql_text("SELECT contact_phone_enc FROM orgs WHERE id = $1", out.id), "v1:", 3));
}

/*
 * Every path copy outside orgs is registered, so an org move cannot strand rows.
 * member_counts is kept by triggers on members.org_path, the audit log is append-only.
 */
Test(org, every_path_copy_column_is_rewritten_by_a_move)
{
    struct dj_stmt *st;
    struct dj_err err = {0};
    int missing = 0;

    cr_assert_eq(dj_db_prepare(fx_db,
                               "SELECT m.name, p.name FROM sqlite_master m, "
                               "pragma_table_info(m.name) p WHERE m.type = 'table' "
                               "AND p.name LIKE '%path' "
                               "AND m.name NOT IN ('orgs', 'audit_log', 'member_counts')",
                               &st, &err),
                 0, "%s", err.message);
    while (dj_stmt_step(st, &err) == DJ_ROW) {
        const char *t = dj_stmt_text(st, 0), *c = dj_stmt_text(st, 1);
        bool found = false;
        for (const struct dj_path_copy *p = dj_store_path_copies; p->table; p++)
            found |= !strcmp(p->table, t) && !strcmp(p->column, c);
        if (!found) {
            cr_log_error("%s.%s copies an org path but is not in dj_store_path_copies", t, c);
            missing++;
        }
    }
    cr_assert_eq(missing, 0);
}

Test(org, a_move_carries_the_records_of_other_capabilities)
{
    struct dj_org_rec out;
    struct dj_err err = {0};

    fx_exec("INSERT INTO dev_plans (org_id, org_path, year, planned, created_at, updated_at) "
            "VALUES (4, '/1/2/4/', 2026, 3, 'x', 'x')");
    fx_exec("INSERT INTO meetings (org_id, org_path, kind, held_on, topic, status, created_at, "
            "updated_at) VALUES (4, '/1/2/4/', 'committee', '2026-03-31', '测试', 'approved', "
            "'x', 'x')");
    fx_exec("INSERT INTO compliance_acks (org_id, org_path, rule_id, period, explanation, "
            "acked_by, acked_at) VALUES (4, '/1/2/4/', 'life.committee_meeting.min_per_month', "
            "'2026-02', '测试说明', 'admin', 'x')");
    cr_assert_eq(sql_int("SELECT a3 FROM life_counts WHERE org_path = '/1/2/4/' AND $1", 1), 1);
    cr_assert_eq(dj_org_move(fx_db, &fx_cli, 2, 3, arena, &out, &err), 0, "%s", err.message);
    cr_assert_str_eq(sql_text("SELECT org_path FROM dev_plans WHERE org_id = $1", 4),
                     "/1/3/2/4/");
    cr_assert_str_eq(sql_text("SELECT org_path FROM meetings WHERE org_id = $1", 4), "/1/3/2/4/");
    cr_assert_str_eq(sql_text("SELECT org_path FROM compliance_acks WHERE org_id = $1", 4),
                     "/1/3/2/4/");
    /* the month count moved with the branch, not doubled and not left behind */
    cr_assert_eq(sql_int("SELECT COUNT(*) FROM life_counts WHERE org_path = '/1/2/4/' AND $1", 1),
                 0);
    cr_assert_eq(sql_int("SELECT SUM(a3) FROM life_counts WHERE org_path = '/1/3/2/4/' AND $1", 1),
                 1);
    /* an acknowledgement stays append-only otherwise */
    cr_assert_neq(dj_db_exec(fx_db, "UPDATE compliance_acks SET explanation = 'x'", &err), 0);
}

/* A 预备党员 moved to another branch takes the development record (and its 转正) along. */
Test(org, a_probationary_members_development_record_follows_a_member_move)
{
    struct dj_member_rec out;
    struct dj_err err = {0};
    int64_t other = add_org(3, "测试第二党支部", "branch");
    int64_t m = add_member(4, "李测试", NULL, "normal");
    char sql[512];

    snprintf(sql, sizeof(sql),
             "INSERT INTO dev_applicants (org_id, org_path, name, id_enc, id_blind, gender, "
             "birth_date, stage, applied_on, member_id, created_at, updated_at) VALUES "
             "(4, '/1/2/4/', '李测试', 'v1:x', 'b1', '1', '1990-01-01', 'probationary', "
             "'2023-01-01', %lld, 'x', 'x'), (4, '/1/2/4/', '王测试', 'v1:x', 'b2', '1', "
             "'1990-01-01', 'applicant', '2025-01-01', NULL, 'x', 'x')",
             (long long)m);
    fx_exec(sql);
    cr_assert_eq(dj_member_move(fx_db, &fx_cli, m, other, arena, &out, &err), 0, "%s",
                 err.message);
    cr_assert_eq(sql_int("SELECT org_id FROM dev_applicants WHERE member_id = $1", m), other);
    cr_assert_eq(sql_int("SELECT COUNT(*) FROM dev_applicants WHERE org_id = $1", 4), 1,
                 "the other applicant stays");
}
