/*
 * test_dbunit.c - units of work (dj_db_unit_begin / dj_db_unit_end): inner
 * transactions become savepoints, a refused step leaves the rest, and the
 * unit commits or rolls back as a whole.
 */
#include <criterion/criterion.h>

#include "store/db.h"

static int64_t count(struct dj_db *db)
{
    struct dj_stmt *st;
    int64_t n;

    cr_assert_eq(dj_db_prepare(db, "SELECT count(*) FROM t", &st, NULL), 0);
    cr_assert_eq(dj_stmt_step(st, NULL), DJ_ROW);
    n = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return n;
}

/* One svc-style write: begin, insert, then commit or roll back. */
static void step(struct dj_db *db, bool ok)
{
    cr_assert_eq(dj_db_begin(db, true, NULL), 0);
    cr_assert_eq(dj_db_exec(db, "INSERT INTO t VALUES (1)", NULL), 0);
    if (ok)
        cr_assert_eq(dj_db_commit(db, NULL), 0);
    else
        dj_db_rollback(db);
}

Test(dbunit, steps_are_savepoints_and_the_unit_is_all_or_nothing)
{
    struct dj_db *db;
    struct dj_err err = {0};

    cr_assert_eq(dj_db_open(":memory:", &db, &err), 0);
    cr_assert_eq(dj_db_exec(db, "CREATE TABLE t (x INTEGER)", NULL), 0);

    cr_assert_eq(dj_db_unit_begin(db, &err), 0);
    cr_assert(dj_db_in_unit(db));
    step(db, true);
    step(db, false); /* refused: only this step is undone */
    step(db, true);
    cr_assert_eq(count(db), 2);
    dj_db_rollback(db); /* outside a step: the unit stays open */
    cr_assert(dj_db_in_tx(db));
    cr_assert_eq(dj_db_unit_end(db, false, &err), 0);
    cr_assert_not(dj_db_in_unit(db));
    cr_assert_not(dj_db_in_tx(db));
    cr_assert_eq(count(db), 0, "the unit rolled back as a whole");

    cr_assert_eq(dj_db_unit_begin(db, &err), 0);
    step(db, true);
    step(db, true);
    cr_assert_eq(dj_db_unit_end(db, true, &err), 0);
    cr_assert_eq(count(db), 2);

    /* nesting inside a step is still an error, and a normal transaction works after a unit */
    cr_assert_eq(dj_db_unit_begin(db, &err), 0);
    cr_assert_eq(dj_db_begin(db, true, NULL), 0);
    cr_assert_eq(dj_db_begin(db, true, &err), DJ_EINTERNAL);
    cr_assert_eq(dj_db_unit_end(db, false, &err), 0);
    step(db, true);
    cr_assert_eq(count(db), 3);
    dj_db_close(db);
}
