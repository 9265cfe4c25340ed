/* test_audit.c - the hash-chained audit log: writes, verification, tampering. */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "fixture.h"
#include "svc/audit.h"
#include "svc/svc.h"

TestSuite(audit, .init = fx_setup, .fini = fx_teardown);

static int64_t verify_broken(void)
{
    struct dj_audit_verify v;
    struct dj_err err = {0};
    cr_assert_eq(dj_audit_verify(fx_db, &v, &err), 0, "%s", err.message);
    return v.broken_id;
}

static int64_t count_rows(void)
{
    struct dj_stmt *st;
    struct dj_err err = {0};
    int64_t n;
    cr_assert_eq(dj_db_prepare(fx_db, "SELECT COUNT(*) FROM audit_log", &st, &err), 0);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW);
    n = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return n;
}

Test(audit, fixture_writes_are_audited_and_chain_is_intact)
{
    /* four organisations were created by the fixture */
    cr_assert_eq(count_rows(), 4);
    cr_assert_eq(verify_broken(), 0);
}

Test(audit, write_outside_transaction_is_refused)
{
    struct dj_err err = {0};
    int rc = dj_audit_write(fx_db, &fx_cli, "x.y", "x", "1", "/1/", NULL, NULL, &err);
    cr_assert_eq(rc, DJ_EINTERNAL);
    cr_assert_eq(count_rows(), 4);
}

Test(audit, edited_row_is_detected_at_that_row)
{
    struct dj_err err = {0};
    cr_assert_eq(dj_db_exec(fx_db,
                            "DROP TRIGGER audit_no_update;"
                            "UPDATE audit_log SET after_json = '{\"name\":\"伪造\"}' WHERE id = 3;",
                            &err),
                 0, "%s", err.message);
    cr_assert_eq(verify_broken(), 3);
}

Test(audit, deleted_middle_row_is_detected)
{
    struct dj_err err = {0};
    cr_assert_eq(dj_db_exec(fx_db,
                            "DROP TRIGGER audit_no_delete; DELETE FROM audit_log WHERE id = 2;",
                            &err),
                 0, "%s", err.message);
    cr_assert_eq(verify_broken(), 3);
}

Test(audit, rehashed_row_without_key_is_detected)
{
    struct dj_err err = {0};
    /* a forger who recomputes an unkeyed hash still breaks the chain */
    cr_assert_eq(dj_db_exec(fx_db,
                            "DROP TRIGGER audit_no_update;"
                            "UPDATE audit_log SET username = 'mallory', hash = "
                            "'0000000000000000000000000000000000000000000000000000000000000001' "
                            "WHERE id = 4;",
                            &err),
                 0);
    cr_assert_eq(verify_broken(), 4);
}

Test(audit, triggers_refuse_update_and_delete)
{
    struct dj_err err = {0};
    cr_assert_neq(dj_db_exec(fx_db, "UPDATE audit_log SET action = 'x' WHERE id = 1", &err), 0);
    cr_assert_neq(dj_db_exec(fx_db, "DELETE FROM audit_log WHERE id = 1", &err), 0);
    cr_assert_eq(verify_broken(), 0);
}

Test(audit, list_is_scoped_to_subtree)
{
    struct dj_actor a;
    struct dj_audit_filter f = {.limit = 50};
    struct dj_audit_row *rows;
    struct dj_arena *arena = dj_arena_new();
    struct dj_err err = {0};
    int n;

    fx_actor(&a, DJ_ROLE_AUDITOR, 2, "/1/2/");
    cr_assert_eq(dj_audit_list(fx_db, &a, &f, arena, &rows, &n, &err), 0, "%s", err.message);
    /* org 2 (/1/2/) and org 4 (/1/2/4/) only */
    cr_assert_eq(n, 2);
    for (int i = 0; i < n; i++)
        cr_assert(!strncmp(rows[i].org_path, "/1/2/", 5), "%s", rows[i].org_path);

    fx_actor(&a, DJ_ROLE_BRANCH_ADMIN, 4, "/1/2/4/");
    cr_assert_eq(dj_audit_list(fx_db, &a, &f, arena, &rows, &n, &err), DJ_EPERM);
    dj_arena_free(arena);
}
