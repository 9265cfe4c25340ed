/* test_scope.c - roles, scopes and path ranges (src/base/scope.c) plus svc org reads. */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "base/scope.h"
#include "fixture.h"
#include "svc/org.h"

Test(scope, sysadmin_sees_everything)
{
    struct dj_actor a;
    struct dj_scope s;
    dj_actor_cli(&a);
    dj_scope_for(&a, DJ_PERM_WRITE, &s);
    cr_assert(s.all);
    cr_assert(dj_scope_contains(&s, "/9/9/"));
}

Test(scope, subtree_prefix_is_by_segment)
{
    struct dj_actor a;
    struct dj_scope s;
    struct dj_err err = {0};

    fx_actor(&a, DJ_ROLE_ORG_ADMIN, 7, "/1/7/");
    dj_scope_for(&a, DJ_PERM_READ, &s);
    cr_assert_not(s.all);
    cr_assert(dj_scope_contains(&s, "/1/7/"));
    cr_assert(dj_scope_contains(&s, "/1/7/42/"));
    /* /1/70/ shares the string prefix "/1/7" but is another organisation */
    cr_assert_not(dj_scope_contains(&s, "/1/70/"));
    cr_assert_not(dj_scope_contains(&s, "/1/"));
    cr_assert_not(dj_scope_contains(&s, ""));
    cr_assert_eq(dj_authorize(&a, DJ_PERM_WRITE, "/1/7/42/", &err), 0);
    cr_assert_eq(dj_authorize(&a, DJ_PERM_WRITE, "/1/8/", &err), DJ_EPERM);
}

Test(scope, role_permissions)
{
    struct dj_actor a;
    struct dj_err err = {0};

    fx_actor(&a, DJ_ROLE_AUDITOR, 1, "/1/");
    cr_assert_eq(dj_authorize(&a, DJ_PERM_READ, "/1/2/", &err), 0);
    cr_assert_eq(dj_authorize(&a, DJ_PERM_AUDIT, "/1/2/", &err), 0);
    cr_assert_eq(dj_authorize(&a, DJ_PERM_WRITE, "/1/2/", &err), DJ_EPERM);
    fx_actor(&a, DJ_ROLE_BRANCH_ADMIN, 4, "/1/2/4/");
    cr_assert_eq(dj_authorize(&a, DJ_PERM_WRITE, "/1/2/4/", &err), 0);
    cr_assert_eq(dj_authorize(&a, DJ_PERM_AUDIT, "/1/2/4/", &err), DJ_EPERM);
    cr_assert_eq(dj_authorize(&a, DJ_PERM_USERS, "/1/2/4/", &err), DJ_EPERM);
    fx_actor(&a, DJ_ROLE_MEMBER, 4, "/1/2/4/");
    cr_assert_eq(dj_authorize(&a, DJ_PERM_READ, "/1/2/4/", &err), DJ_EPERM);
}

Test(scope, nested_roles_merge)
{
    struct dj_actor a;
    struct dj_scope s;

    fx_actor(&a, DJ_ROLE_BRANCH_ADMIN, 4, "/1/2/4/");
    a.nroles = 3;
    a.roles[1] = (struct dj_role){DJ_ROLE_ORG_ADMIN, 2, "/1/2/"};
    a.roles[2] = (struct dj_role){DJ_ROLE_AUDITOR, 3, "/1/3/"};
    dj_scope_for(&a, DJ_PERM_READ, &s);
    cr_assert_eq(s.n, 2);
    cr_assert_str_eq(s.paths[0], "/1/2/");
    cr_assert_str_eq(s.paths[1], "/1/3/");
    dj_scope_for(&a, DJ_PERM_WRITE, &s);
    cr_assert_eq(s.n, 1);
    cr_assert_str_eq(s.paths[0], "/1/2/");
}

Test(scope, path_range_bounds)
{
    char lo[32], hi[32];
    dj_path_range("/1/7/", lo, hi, sizeof(lo));
    cr_assert_str_eq(lo, "/1/7/");
    cr_assert_str_eq(hi, "/1/70");
    /* every descendant sorts inside [lo, hi), the sibling /1/70/ does not */
    cr_assert(strcmp("/1/7/42/", lo) >= 0 && strcmp("/1/7/42/", hi) < 0);
    cr_assert(strcmp("/1/70/", hi) >= 0);
    cr_assert(strcmp("/1/6/", lo) < 0);
}

TestSuite(scope_org, .init = fx_setup, .fini = fx_teardown);

Test(scope_org, outside_and_missing_look_the_same)
{
    struct dj_actor a;
    struct dj_org_row o;
    struct dj_err e1 = {0}, e2 = {0};

    fx_actor(&a, DJ_ROLE_ORG_ADMIN, 2, "/1/2/");
    cr_assert_eq(dj_org_get(fx_db, &a, 4, &o, &e1), 0);
    cr_assert_str_eq(o.path, "/1/2/4/");
    cr_assert_eq(dj_org_get(fx_db, &a, 3, &o, &e1), DJ_EPERM);
    cr_assert_eq(dj_org_get(fx_db, &a, 999, &o, &e2), DJ_EPERM);
    cr_assert_str_eq(e1.message, e2.message);
    cr_assert_eq(o.id, 0, "nothing of the other organisation leaks into the output");
}

Test(scope_org, children_are_filtered)
{
    struct dj_actor a;
    struct dj_org_row *rows;
    struct dj_arena *arena = dj_arena_new();
    struct dj_err err = {0};
    int n;

    fx_actor(&a, DJ_ROLE_ORG_ADMIN, 2, "/1/2/");
    cr_assert_eq(dj_org_children(fx_db, &a, 0, arena, &rows, &n, &err), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(rows[0].id, 2);
    cr_assert_eq(dj_org_children(fx_db, &a, 1, arena, &rows, &n, &err), DJ_EPERM);
    cr_assert_eq(dj_org_children(fx_db, &a, 2, arena, &rows, &n, &err), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(rows[0].id, 4);
    dj_arena_free(arena);
}

Test(scope_org, writes_need_write_permission_on_parent)
{
    struct dj_actor a;
    struct dj_org_row o;
    struct dj_err err = {0};
    struct dj_org_new n = {.parent_id = 3, .name = "越权支部", .kind = "branch"};

    fx_actor(&a, DJ_ROLE_ORG_ADMIN, 2, "/1/2/");
    cr_assert_eq(dj_org_create(fx_db, &a, &n, &o, &err), DJ_EPERM);
    n.parent_id = 2;
    cr_assert_eq(dj_org_create(fx_db, &a, &n, &o, &err), 0, "%s", err.message);
    cr_assert_str_eq(o.path, "/1/2/5/");
    fx_actor(&a, DJ_ROLE_AUDITOR, 1, "/1/");
    cr_assert_eq(dj_org_create(fx_db, &a, &n, &o, &err), DJ_EPERM);
}
