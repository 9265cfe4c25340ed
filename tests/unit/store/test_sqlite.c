/*
 * test_sqlite.c - the SQLite driver (src/store/db.c, sqlite.c) and the
 * migration runner (src/store/migrate.c), against real database files in a
 * fresh temporary directory per test.
 */
#include "base/compat.h"

#include <criterion/criterion.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "store/db.h"
#include "store/migrate.h"

static char tmpdir[64];

/* Files any test may leave in tmpdir. */
static const char *const tmpfiles[] = {
    "t.db",        "t.db-wal",    "t.db-shm",        "t.db-journal", "copy.db",
    "copy.db-wal", "copy.db-shm", "copy.db-journal", "junk.db",
};

static void setup(void)
{
    dj_strlcpy(tmpdir, "/tmp/dj_test_sqlite.XXXXXX", sizeof(tmpdir));
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void teardown(void)
{
    char path[128];

    dj_db_thread_close();
    for (size_t i = 0; i < DJ_ARRAY_LEN(tmpfiles); i++) {
        snprintf(path, sizeof(path), "%s/%s", tmpdir, tmpfiles[i]);
        unlink(path);
    }
    rmdir(tmpdir);
}

TestSuite(sqlite, .init = setup, .fini = teardown);
TestSuite(migrate, .init = setup, .fini = teardown);

/* tmpdir/name, in a static buffer per call slot. */
static const char *tmppath(const char *name)
{
    static char bufs[4][128];
    static int next;
    char *p = bufs[next++ % 4];

    snprintf(p, sizeof(bufs[0]), "%s/%s", tmpdir, name);
    return p;
}

static bool file_exists(const char *path)
{
    struct stat sb;

    return stat(path, &sb) == 0;
}

static struct dj_db *open_db(const char *name)
{
    struct dj_err err = {0};
    struct dj_db *db = NULL;

    cr_assert_eq(dj_db_open(tmppath(name), &db, &err), 0, "open: %s / %s", err.message, err.detail);
    cr_assert_not_null(db);
    return db;
}

static void exec_ok(struct dj_db *db, const char *sql)
{
    struct dj_err err = {0};

    cr_assert_eq(dj_db_exec(db, sql, &err), 0, "exec %s: %s / %s", sql, err.message, err.detail);
}

/* Run a one-row, one-column query that needs no parameters. */
static int64_t query_int(struct dj_db *db, const char *sql)
{
    struct dj_err err = {0};
    struct dj_stmt *st;
    int64_t v;

    cr_assert_eq(dj_db_prepare(db, sql, &st, &err), 0, "%s: %s", sql, err.detail);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW, "%s: %s", sql, err.detail);
    v = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return v;
}

static const char *query_text(struct dj_db *db, const char *sql)
{
    static char out[256];
    struct dj_err err = {0};
    struct dj_stmt *st;

    cr_assert_eq(dj_db_prepare(db, sql, &st, &err), 0, "%s: %s", sql, err.detail);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW, "%s: %s", sql, err.detail);
    dj_strlcpy(out, dj_stmt_text(st, 0) ? dj_stmt_text(st, 0) : "(null)", sizeof(out));
    dj_stmt_reset(st);
    return out;
}

static void insert_name(struct dj_db *db, int64_t id, const char *name)
{
    struct dj_err err = {0};
    struct dj_stmt *st;

    cr_assert_eq(dj_db_prepare(db, "INSERT INTO t (id, name) VALUES ($1, $2)", &st, &err), 0);
    dj_stmt_bind_int64(st, 1, id);
    dj_stmt_bind_text(st, 2, name);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_DONE, "%s", err.detail);
}

/* ---- opening ------------------------------------------------------------------------ */

Test(sqlite, open_applies_connection_pragmas)
{
    struct dj_db *db = open_db("t.db");

    cr_expect_str_eq(dj_db_driver(db), "sqlite");
    cr_expect_str_eq(query_text(db, "PRAGMA journal_mode"), "wal");
    cr_expect_eq(query_int(db, "PRAGMA foreign_keys"), 1);
    cr_expect_eq(query_int(db, "PRAGMA synchronous"), 1); /* NORMAL */
    cr_expect_eq(query_int(db, "PRAGMA busy_timeout"), 5000);
    cr_expect(!dj_db_in_tx(db));
    dj_db_close(db);
}

Test(sqlite, open_url_forms)
{
    struct dj_err err = {0};
    struct dj_db *db;
    char url[160];

    snprintf(url, sizeof(url), "sqlite:%s", tmppath("t.db"));
    cr_assert_eq(dj_db_open(url, &db, &err), 0, "%s", err.detail);
    exec_ok(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    dj_db_close(db);

    snprintf(url, sizeof(url), "sqlite://%s", tmppath("t.db")); /* sqlite:///tmp/... */
    cr_assert_eq(dj_db_open(url, &db, &err), 0, "%s", err.detail);
    cr_expect_eq(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 't'"), 1);
    dj_db_close(db);

    cr_assert_eq(dj_db_open(":memory:", &db, &err), 0);
    cr_expect_str_eq(query_text(db, "PRAGMA journal_mode"), "memory");
    dj_db_close(db);
}

Test(sqlite, open_rejects_bad_urls)
{
    struct dj_err err = {0};
    struct dj_db *db = (struct dj_db *)&err;

    cr_expect_eq(dj_db_open("postgres://user@localhost/dj", &db, &err), DJ_EINVAL);
    cr_expect_null(db);
    cr_expect_str_eq(err.message, "此版本未编译 PostgreSQL 驱动");
    cr_expect_eq(dj_db_open("postgresql://localhost/dj", &db, &err), DJ_EINVAL);
    cr_expect_eq(dj_db_open("", &db, &err), DJ_EINVAL);
    cr_expect_eq(dj_db_open(NULL, &db, &err), DJ_EINVAL);
    cr_expect_eq(dj_db_open("sqlite:", &db, &err), DJ_EINVAL);
    cr_expect_eq(dj_db_open("/nonexistent-dir-dj/x.db", &db, &err), DJ_EDB);
    cr_expect_null(db);
    cr_expect_str_eq(err.message, "无法打开数据库");
}

Test(sqlite, open_rejects_a_file_that_is_not_a_database)
{
    struct dj_err err = {0};
    struct dj_db *db;
    FILE *f = fopen(tmppath("junk.db"), "w");

    cr_assert_not_null(f);
    fputs("this is not an SQLite database, just some text long enough to have a header\n", f);
    fclose(f);
    cr_expect_eq(dj_db_open(tmppath("junk.db"), &db, &err), DJ_EDB);
    cr_expect_null(db);
}

Test(sqlite, close_null_is_a_noop)
{
    dj_db_close(NULL);
}

/* ---- statements ------------------------------------------------------------------------ */

Test(sqlite, prepare_bind_step_columns)
{
    static const unsigned char blob[] = {0, 1, 2, 0xff, 0};
    struct dj_db *db = open_db("t.db");
    struct dj_err err = {0};
    struct dj_stmt *st;
    const void *p;
    size_t len;

    exec_ok(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER, b BLOB, z TEXT)");
    cr_assert_eq(dj_db_prepare(db, "INSERT INTO t (id, name, n, b, z) VALUES ($1, $2, $3, $4, $5)",
                               &st, &err),
                 0, "%s", err.detail);
    cr_expect_eq(dj_stmt_bind_int64(st, 1, 7), 0);
    cr_expect_eq(dj_stmt_bind_textn(st, 2, "党支部XYZ", strlen("党支部")), 0);
    cr_expect_eq(dj_stmt_bind_int64(st, 3, INT64_MIN), 0);
    cr_expect_eq(dj_stmt_bind_blob(st, 4, blob, sizeof(blob)), 0);
    cr_expect_eq(dj_stmt_bind_text(st, 5, NULL), 0);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_DONE, "%s", err.detail);
    cr_expect_eq(dj_db_changes(db), 1);

    cr_assert_eq(dj_db_prepare(db, "SELECT id, name, n, b, z FROM t WHERE id = $1", &st, &err), 0);
    dj_stmt_bind_int64(st, 1, 7);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW, "%s", err.detail);
    cr_expect_eq(dj_stmt_columns(st), 5);
    cr_expect_str_eq(dj_stmt_column_name(st, 0), "id");
    cr_expect_str_eq(dj_stmt_column_name(st, 4), "z");
    cr_expect_eq(dj_stmt_int64(st, 0), 7);
    cr_expect_str_eq(dj_stmt_text(st, 1), "党支部");
    cr_expect_eq(dj_stmt_int64(st, 2), INT64_MIN);
    p = dj_stmt_blob(st, 3, &len);
    cr_expect_eq(len, sizeof(blob));
    cr_expect(p && memcmp(p, blob, sizeof(blob)) == 0);
    cr_expect(dj_stmt_is_null(st, 4));
    cr_expect_null(dj_stmt_text(st, 4));
    cr_expect(!dj_stmt_is_null(st, 1));
    cr_expect_eq(dj_stmt_step(st, &err), DJ_DONE);
    dj_db_close(db);
}

Test(sqlite, column_accessors_out_of_range_are_safe)
{
    struct dj_db *db = open_db("t.db");
    struct dj_err err = {0};
    struct dj_stmt *st;
    size_t len = 99;

    cr_assert_eq(dj_db_prepare(db, "SELECT 'a', 2", &st, &err), 0);
    /* before the first step there is no row */
    cr_expect_null(dj_stmt_text(st, 0));
    cr_expect(dj_stmt_is_null(st, 0));
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW);
    cr_expect_null(dj_stmt_text(st, 2));
    cr_expect_null(dj_stmt_text(st, -1));
    cr_expect_eq(dj_stmt_int64(st, 5), 0);
    cr_expect(dj_stmt_is_null(st, 2));
    cr_expect_null(dj_stmt_blob(st, 2, &len));
    cr_expect_eq(len, 0);
    cr_expect_null(dj_stmt_column_name(st, 2));
    dj_db_close(db);
}

Test(sqlite, empty_blob_is_not_null)
{
    struct dj_db *db = open_db("t.db");
    struct dj_err err = {0};
    struct dj_stmt *st;
    size_t len = 99;

    cr_assert_eq(dj_db_prepare(db, "SELECT $1, typeof($1)", &st, &err), 0);
    cr_expect_eq(dj_stmt_bind_blob(st, 1, NULL, 0), 0);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW);
    cr_expect(!dj_stmt_is_null(st, 0));
    dj_stmt_blob(st, 0, &len);
    cr_expect_eq(len, 0);
    cr_expect_str_eq(dj_stmt_text(st, 1), "blob");
    dj_db_close(db);
}

Test(sqlite, statement_cache_returns_reset_statements)
{
    struct dj_db *db = open_db("t.db");
    static const char sql[] = "SELECT name FROM t ORDER BY id";
    struct dj_err err = {0};
    struct dj_stmt *st, *again;
    char copy[sizeof(sql)];

    exec_ok(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    insert_name(db, 1, "a");
    insert_name(db, 2, "b");

    cr_assert_eq(dj_db_prepare(db, sql, &st, &err), 0);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW);
    cr_expect_str_eq(dj_stmt_text(st, 0), "a");

    /* the key is the text, not the pointer */
    memcpy(copy, sql, sizeof(sql));
    cr_assert_eq(dj_db_prepare(db, copy, &again, &err), 0);
    cr_expect_eq(again, st);
    cr_assert_eq(dj_stmt_step(again, &err), DJ_ROW);
    cr_expect_str_eq(dj_stmt_text(again, 0), "a", "re-prepare must restart the statement");

    /* bindings are cleared by prepare, kept by reset */
    cr_assert_eq(dj_db_prepare(db, "SELECT $1", &st, &err), 0);
    dj_stmt_bind_text(st, 1, "x");
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW);
    cr_expect_str_eq(dj_stmt_text(st, 0), "x");
    dj_stmt_reset(st);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW);
    cr_expect_str_eq(dj_stmt_text(st, 0), "x");
    cr_assert_eq(dj_db_prepare(db, "SELECT $1", &st, &err), 0);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW);
    cr_expect(dj_stmt_is_null(st, 0));
    dj_db_close(db);
}

Test(sqlite, statement_cache_evicts_but_keeps_a_statement_in_use)
{
    struct dj_db *db = open_db("t.db");
    struct dj_err err = {0};
    struct dj_stmt *reading, *st;
    char sql[64];

    exec_ok(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    insert_name(db, 1, "a");
    insert_name(db, 2, "b");
    insert_name(db, 3, "c");

    cr_assert_eq(dj_db_prepare(db, "SELECT name FROM t ORDER BY id", &reading, &err), 0);
    cr_assert_eq(dj_stmt_step(reading, &err), DJ_ROW);
    cr_expect_str_eq(dj_stmt_text(reading, 0), "a");

    /* far more distinct statements than the cache holds */
    for (int i = 0; i < 1000; i++) {
        snprintf(sql, sizeof(sql), "SELECT %d + $1", i);
        cr_assert_eq(dj_db_prepare(db, sql, &st, &err), 0, "%s", err.detail);
        dj_stmt_bind_int64(st, 1, 1);
        cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW);
        cr_assert_eq(dj_stmt_int64(st, 0), i + 1);
        cr_assert_eq(dj_stmt_step(st, &err), DJ_DONE);
    }

    /* the statement mid-iteration survived eviction */
    cr_assert_eq(dj_stmt_step(reading, &err), DJ_ROW);
    cr_expect_str_eq(dj_stmt_text(reading, 0), "b");
    cr_assert_eq(dj_stmt_step(reading, &err), DJ_ROW);
    cr_expect_str_eq(dj_stmt_text(reading, 0), "c");
    cr_expect_eq(dj_stmt_step(reading, &err), DJ_DONE);

    /* an evicted text prepares again */
    cr_assert_eq(dj_db_prepare(db, "SELECT 0 + $1", &st, &err), 0);
    dj_stmt_bind_int64(st, 1, 41);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW);
    cr_expect_eq(dj_stmt_int64(st, 0), 41);
    dj_db_close(db);
}

Test(sqlite, prepare_errors)
{
    struct dj_db *db = open_db("t.db");
    struct dj_err err = {0};
    struct dj_stmt *st = (struct dj_stmt *)&err;

    cr_expect_eq(dj_db_prepare(db, "SELEC 1", &st, &err), DJ_EDB);
    cr_expect_null(st);
    cr_expect_str_eq(err.message, "数据库错误");
    cr_expect(strstr(err.detail, "syntax error"), "detail: %s", err.detail);
    cr_expect_eq(dj_db_prepare(db, "SELECT * FROM nosuch", &st, &err), DJ_EDB);
    cr_expect(strstr(err.detail, "nosuch"), "detail: %s", err.detail);
    /* a second statement would be ignored silently: refused */
    cr_expect_eq(dj_db_prepare(db, "SELECT 1; SELECT 2", &st, &err), DJ_EINTERNAL);
    cr_expect_eq(dj_db_prepare(db, "", &st, &err), DJ_EINTERNAL);
    cr_expect_eq(dj_db_prepare(db, "-- nothing", &st, &err), DJ_EINTERNAL);
    /* a trailing semicolon or comment is fine */
    cr_expect_eq(dj_db_prepare(db, "SELECT 1; -- done\n", &st, &err), 0);
    /* "..." is an identifier, never a string literal */
    cr_expect_eq(dj_db_prepare(db, "SELECT \"not_a_column\"", &st, &err), DJ_EDB);
    dj_db_close(db);
}

Test(sqlite, failed_bind_fails_the_step)
{
    struct dj_db *db = open_db("t.db");
    struct dj_err err = {0};
    struct dj_stmt *st;

    cr_assert_eq(dj_db_prepare(db, "SELECT $1", &st, &err), 0);
    cr_expect_eq(dj_stmt_bind_int64(st, 2, 1), DJ_EDB);
    cr_expect_eq(dj_stmt_bind_int64(st, 0, 1), DJ_EDB);
    cr_expect_eq(dj_stmt_bind_int64(st, 1, 1), 0);
    cr_expect_eq(dj_stmt_step(st, &err), DJ_EDB);
    cr_expect(strstr(err.detail, "$2"), "detail: %s", err.detail);
    /* prepare starts over */
    cr_assert_eq(dj_db_prepare(db, "SELECT $1", &st, &err), 0);
    cr_expect_eq(dj_stmt_step(st, &err), DJ_ROW);
    dj_db_close(db);
}

Test(sqlite, sql_metacharacters_bound_as_text_are_stored_literally)
{
    static const char *const evil[] = {
        "'; DROP TABLE x; --",
        "Robert'); DROP TABLE x;--",
        "$1 ?1 :a @b \" \\ /* -- */",
        "' OR '1'='1",
    };
    struct dj_db *db = open_db("t.db");
    struct dj_err err = {0};
    struct dj_stmt *st;

    exec_ok(db, "CREATE TABLE x (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
    for (size_t i = 0; i < DJ_ARRAY_LEN(evil); i++) {
        cr_assert_eq(dj_db_prepare(db, "INSERT INTO x (id, v) VALUES ($1, $2)", &st, &err), 0);
        dj_stmt_bind_int64(st, 1, (int64_t)i);
        dj_stmt_bind_text(st, 2, evil[i]);
        cr_assert_eq(dj_stmt_step(st, &err), DJ_DONE, "%s", err.detail);
    }
    for (size_t i = 0; i < DJ_ARRAY_LEN(evil); i++) {
        cr_assert_eq(dj_db_prepare(db, "SELECT v FROM x WHERE v = $1", &st, &err), 0);
        dj_stmt_bind_text(st, 1, evil[i]);
        cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW, "value %zu not found", i);
        cr_expect_str_eq(dj_stmt_text(st, 0), evil[i]);
        cr_expect_eq(dj_stmt_step(st, &err), DJ_DONE);
    }
    cr_expect_eq(query_int(db, "SELECT count(*) FROM x"), (int64_t)DJ_ARRAY_LEN(evil));
    dj_db_close(db);
}

/* ---- errors -------------------------------------------------------------------------------- */

Test(sqlite, constraint_violations_are_conflicts)
{
    struct dj_db *db = open_db("t.db");
    struct dj_err err = {0};
    struct dj_stmt *st;

    exec_ok(db, "CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT UNIQUE)");
    exec_ok(db, "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id))");
    exec_ok(db, "INSERT INTO p (id, code) VALUES (1, 'A')");

    cr_assert_eq(dj_db_prepare(db, "INSERT INTO p (code) VALUES ($1)", &st, &err), 0);
    dj_stmt_bind_text(st, 1, "A");
    cr_expect_eq(dj_stmt_step(st, &err), DJ_ECONFLICT);
    cr_expect_eq(err.code, DJ_ECONFLICT);
    cr_expect_str_eq(err.message, "数据冲突：记录已存在或被引用");
    cr_expect(strstr(err.detail, "UNIQUE constraint failed: p.code"), "detail: %s", err.detail);

    /* foreign keys are enforced */
    dj_err_clear(&err);
    cr_assert_eq(dj_db_prepare(db, "INSERT INTO c (p_id) VALUES ($1)", &st, &err), 0);
    dj_stmt_bind_int64(st, 1, 99);
    cr_expect_eq(dj_stmt_step(st, &err), DJ_ECONFLICT);
    cr_expect(strstr(err.detail, "FOREIGN KEY"), "detail: %s", err.detail);

    /* the statement is usable again after the failure */
    cr_assert_eq(dj_db_prepare(db, "INSERT INTO c (p_id) VALUES ($1)", &st, &err), 0);
    dj_stmt_bind_int64(st, 1, 1);
    cr_expect_eq(dj_stmt_step(st, &err), DJ_DONE);

    /* dj_db_exec maps codes the same way */
    cr_expect_eq(dj_db_exec(db, "DELETE FROM p WHERE id = 1", &err), DJ_ECONFLICT);
    cr_expect_eq(dj_db_exec(db, "SELEC", &err), DJ_EDB);
    cr_expect_str_eq(err.message, "数据库错误");
    dj_db_close(db);
}

Test(sqlite, write_lock_held_elsewhere_is_busy)
{
    struct dj_db *a = open_db("t.db");
    struct dj_db *b = open_db("t.db");
    struct dj_err err = {0};

    exec_ok(a, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    exec_ok(b, "PRAGMA busy_timeout = 50"); /* do not wait the full 5 s in a test */
    cr_assert_eq(dj_db_begin(a, true, &err), 0);
    cr_expect_eq(dj_db_begin(b, true, &err), DJ_EBUSY);
    cr_expect_str_eq(err.message, "数据库繁忙，请稍后重试");
    cr_expect(!dj_db_in_tx(b));
    /* a reader is not blocked by the writer (WAL) */
    cr_expect_eq(query_int(b, "SELECT count(*) FROM t"), 0);
    dj_db_rollback(a);
    cr_expect_eq(dj_db_begin(b, true, &err), 0, "%s", err.detail);
    dj_db_rollback(b);
    dj_db_close(a);
    dj_db_close(b);
}

/* ---- transactions -------------------------------------------------------------------------- */

Test(sqlite, transactions_commit_and_rollback)
{
    struct dj_db *db = open_db("t.db");
    struct dj_db *other = open_db("t.db");
    struct dj_err err = {0};

    exec_ok(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");

    cr_assert_eq(dj_db_begin(db, true, &err), 0);
    cr_expect(dj_db_in_tx(db));
    insert_name(db, 1, "kept");
    cr_expect_eq(query_int(other, "SELECT count(*) FROM t"), 0, "uncommitted write visible");
    cr_assert_eq(dj_db_commit(db, &err), 0, "%s", err.detail);
    cr_expect(!dj_db_in_tx(db));
    cr_expect_eq(query_int(other, "SELECT count(*) FROM t"), 1);

    cr_assert_eq(dj_db_begin(db, true, &err), 0);
    insert_name(db, 2, "dropped");
    dj_db_rollback(db);
    cr_expect(!dj_db_in_tx(db));
    cr_expect_eq(query_int(db, "SELECT count(*) FROM t"), 1);
    cr_expect_eq(query_int(other, "SELECT count(*) FROM t"), 1);

    /* a read transaction sees one snapshot */
    cr_assert_eq(dj_db_begin(other, false, &err), 0);
    cr_expect_eq(query_int(other, "SELECT count(*) FROM t"), 1);
    insert_name(db, 3, "later");
    cr_expect_eq(query_int(other, "SELECT count(*) FROM t"), 1);
    cr_assert_eq(dj_db_commit(other, &err), 0);
    cr_expect_eq(query_int(other, "SELECT count(*) FROM t"), 2);

    dj_db_close(db);
    dj_db_close(other);
}

Test(sqlite, nested_begin_and_stray_commit_are_rejected)
{
    struct dj_db *db = open_db("t.db");
    struct dj_err err = {0};

    exec_ok(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    dj_db_rollback(db); /* safe without a transaction */
    cr_expect_eq(dj_db_commit(db, &err), DJ_EINTERNAL);

    cr_assert_eq(dj_db_begin(db, true, &err), 0);
    insert_name(db, 1, "a");
    cr_expect_eq(dj_db_begin(db, true, &err), DJ_EINTERNAL);
    cr_expect_eq(dj_db_begin(db, false, &err), DJ_EINTERNAL);
    cr_expect(dj_db_in_tx(db), "the outer transaction must stay open");
    cr_assert_eq(dj_db_commit(db, &err), 0);
    cr_expect_eq(query_int(db, "SELECT count(*) FROM t"), 1);
    dj_db_close(db);
}

Test(sqlite, failed_statement_leaves_transaction_to_the_caller)
{
    struct dj_db *db = open_db("t.db");
    struct dj_err err = {0};

    exec_ok(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    cr_assert_eq(dj_db_begin(db, true, &err), 0);
    insert_name(db, 1, "a");
    cr_expect_eq(dj_db_exec(db, "INSERT INTO t (id, name) VALUES (1, 'dup')", &err), DJ_ECONFLICT);
    cr_expect(dj_db_in_tx(db));
    dj_db_rollback(db);
    cr_expect_eq(query_int(db, "SELECT count(*) FROM t"), 0, "nothing half-written");
    dj_db_close(db);
}

/* ---- backup and integrity ------------------------------------------------------------------ */

Test(sqlite, backup_copies_and_checks_and_never_overwrites)
{
    struct dj_db *db = open_db("t.db");
    struct dj_err err = {0};
    struct dj_db *copy;
    struct stat sb;

    exec_ok(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    for (int i = 1; i <= 500; i++)
        insert_name(db, i, "支部委员会");
    cr_expect_eq(dj_db_integrity_check(db, &err), 0, "%s", err.detail);

    cr_assert_eq(dj_db_backup(db, tmppath("copy.db"), &err), 0, "%s / %s", err.message, err.detail);
    cr_assert_eq(stat(tmppath("copy.db"), &sb), 0);
    cr_expect_eq(sb.st_mode & 0777, 0600, "backup mode %o", (unsigned)(sb.st_mode & 0777));
    cr_expect(!file_exists(tmppath("copy.db-wal")), "backup must be one self-contained file");

    copy = open_db("copy.db");
    cr_expect_eq(dj_db_integrity_check(copy, &err), 0, "%s", err.detail);
    cr_expect_eq(query_int(copy, "SELECT count(*) FROM t"), 500);
    cr_expect_str_eq(query_text(copy, "SELECT name FROM t WHERE id = 500"), "支部委员会");
    dj_db_close(copy);

    /* the second backup to the same path is refused and leaves the first intact */
    dj_err_clear(&err);
    cr_expect_eq(dj_db_backup(db, tmppath("copy.db"), &err), DJ_ECONFLICT);
    cr_expect_str_eq(err.message, "备份文件已存在");
    copy = open_db("copy.db");
    cr_expect_eq(query_int(copy, "SELECT count(*) FROM t"), 500);
    dj_db_close(copy);

    cr_expect_eq(dj_db_backup(db, "/nonexistent-dir-dj/copy.db", &err), DJ_EIO);
    cr_expect_eq(dj_db_backup(db, "", &err), DJ_EINVAL);
    dj_db_close(db);
}

Test(sqlite, backup_inside_write_transaction_fails_cleanly)
{
    struct dj_db *db = open_db("t.db");
    struct dj_err err = {0};

    exec_ok(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    cr_assert_eq(dj_db_begin(db, true, &err), 0);
    insert_name(db, 1, "a");
    cr_expect_lt(dj_db_backup(db, tmppath("copy.db"), &err), 0);
    cr_expect(!file_exists(tmppath("copy.db")), "a failed backup must not leave a file");
    dj_db_rollback(db);
    dj_db_close(db);
}

Test(sqlite, integrity_check_reports_corruption)
{
    struct dj_err err = {0};
    struct dj_db *db = open_db("t.db");
    FILE *f;
    long size;

    exec_ok(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    exec_ok(db, "CREATE INDEX t_name ON t(name)");
    for (int i = 1; i <= 2000; i++)
        insert_name(db, i, "member name padding padding padding");
    exec_ok(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    dj_db_close(db);

    /* scribble over the middle of the file, where index and table pages live */
    f = fopen(tmppath("t.db"), "r+b");
    cr_assert_not_null(f);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    cr_assert_gt(size, 4 * 4096);
    for (long off = 2 * 4096; off < size; off += 4096) {
        fseek(f, off + 100, SEEK_SET);
        fputs("garbage garbage garbage garbage garbage", f);
    }
    fclose(f);

    if (dj_db_open(tmppath("t.db"), &db, &err) == 0) {
        cr_expect_eq(dj_db_integrity_check(db, &err), DJ_EDB);
        dj_db_close(db);
    }
    cr_expect_eq(err.code, DJ_EDB);
}

/* ---- thread-local connections -------------------------------------------------------------- */

struct thread_result {
    pthread_barrier_t *barrier;
    struct dj_db *first, *second;
    int rc;
};

static void *thread_main(void *arg)
{
    struct thread_result *r = arg;
    struct dj_err err = {0};

    r->first = dj_db_thread(&err);
    r->second = dj_db_thread(&err);
    if (r->first)
        r->rc = dj_db_exec(r->first,
                           "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, name TEXT);"
                           "INSERT INTO t (name) VALUES ('x')",
                           &err);
    /* both threads hold their connections at once, so the pointers cannot be reused */
    pthread_barrier_wait(r->barrier);
    return NULL;
}

Test(sqlite, thread_connections_are_per_thread_and_closed_at_exit)
{
    pthread_barrier_t barrier;
    struct thread_result r[2] = {{.barrier = &barrier}, {.barrier = &barrier}};
    pthread_t th[2];
    struct dj_err err = {0};
    struct dj_db *mine;

    dj_db_configure(tmppath("t.db"));
    pthread_barrier_init(&barrier, NULL, 2);
    for (int i = 0; i < 2; i++)
        cr_assert_eq(pthread_create(&th[i], NULL, thread_main, &r[i]), 0);
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&barrier);

    for (int i = 0; i < 2; i++) {
        cr_expect_not_null(r[i].first);
        cr_expect_eq(r[i].first, r[i].second, "same thread, same connection");
        cr_expect_eq(r[i].rc, 0);
    }
    cr_expect_neq(r[0].first, r[1].first);

    /*
     * The last connection to close removes the WAL file. Two threads closing at the same
     * moment may each see the other still open and both leave it, so the proof is below:
     * after our own connection closes, the WAL is gone only if the threads' were closed.
     */
    mine = dj_db_thread(&err);
    cr_assert_not_null(mine, "%s", err.detail);
    cr_expect_eq(query_int(mine, "SELECT count(*) FROM t"), 2);
    dj_db_thread_close();
    dj_db_thread_close(); /* twice is harmless */
    cr_expect(!file_exists(tmppath("t.db-wal")), "thread exit did not close its connection");
}

static void *open_and_write(void *arg)
{
    struct dj_err err = {0};
    struct dj_db *db;
    int *rc = arg;

    *rc = dj_db_open(tmppath("t.db"), &db, &err);
    if (*rc)
        return NULL;
    *rc = dj_db_exec(db,
                     "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, name TEXT);"
                     "INSERT INTO t (name) VALUES ('x')",
                     &err);
    dj_db_close(db);
    return NULL;
}

/* Regression: switching a new file to WAL used to fail with DJ_EBUSY when threads raced. */
Test(sqlite, concurrent_first_open_of_a_new_file)
{
    enum { ROUNDS = 30, THREADS = 8 };

    for (int round = 0; round < ROUNDS; round++) {
        pthread_t th[THREADS];
        int rc[THREADS];

        for (int i = 0; i < THREADS; i++)
            cr_assert_eq(pthread_create(&th[i], NULL, open_and_write, &rc[i]), 0);
        for (int i = 0; i < THREADS; i++)
            pthread_join(th[i], NULL);
        for (int i = 0; i < THREADS; i++)
            cr_assert_eq(rc[i], 0, "round %d thread %d: %d", round, i, rc[i]);
        unlink(tmppath("t.db"));
        unlink(tmppath("t.db-wal"));
        unlink(tmppath("t.db-shm"));
    }
}

Test(sqlite, thread_connection_needs_configuration)
{
    struct dj_err err = {0};

    cr_expect_null(dj_db_thread(&err));
    cr_expect_eq(err.code, DJ_EINTERNAL);
    dj_db_configure("postgres://nowhere/dj");
    cr_expect_null(dj_db_thread(&err));
    cr_expect_eq(err.code, DJ_EINVAL);
    dj_db_configure(NULL);
}

/* ---- migrations ------------------------------------------------------------------------------ */

static int embedded_count(int *last)
{
    int n = 0;

    for (const struct dj_migration *m = dj_migrations; m->name; m++) {
        n++;
        *last = m->version;
    }
    return n;
}

Test(migrate, embedded_migrations_apply_once)
{
    struct dj_db *db = open_db("t.db");
    struct dj_err err = {0};
    int applied = -1, version = -1, last = 0;
    int n = embedded_count(&last);
    bool exists;

    cr_assert_gt(n, 0);
    cr_expect_eq(dj_migrate_version(db, &version, &err), 0);
    cr_expect_eq(version, 0);
    cr_expect_eq(dj_db_table_exists(db, "schema_migrations", &exists, &err), 0);
    cr_expect(!exists, "reading the version must not create the table");

    cr_assert_eq(dj_migrate(db, &applied, &err), 0, "%s / %s", err.message, err.detail);
    cr_expect_eq(applied, n);
    cr_expect_eq(dj_migrate_version(db, &version, &err), 0);
    cr_expect_eq(version, last);
    cr_expect_eq(dj_db_table_exists(db, "orgs", &exists, &err), 0);
    cr_expect(exists);
    cr_expect_eq(dj_db_table_exists(db, "no_such_table", &exists, &err), 0);
    cr_expect(!exists);
    cr_expect_str_eq(query_text(db, "SELECT name FROM schema_migrations WHERE version = 1"),
                     "0001_foundation");
    cr_expect_eq(strlen(query_text(db, "SELECT applied_at FROM schema_migrations LIMIT 1")),
                 strlen("2026-01-01T00:00:00Z"));
    cr_expect_eq(dj_db_integrity_check(db, &err), 0);

    cr_assert_eq(dj_migrate(db, &applied, &err), 0);
    cr_expect_eq(applied, 0, "second run must apply nothing");
    cr_expect_eq(query_int(db, "SELECT count(*) FROM schema_migrations"), n);
    cr_expect_eq(dj_migrate(db, NULL, &err), 0);
    dj_db_close(db);
}

Test(migrate, failing_migration_leaves_nothing_half_applied)
{
    const struct dj_migration bad[] = {
        {1, "0001_one", "CREATE TABLE one (id INTEGER PRIMARY KEY);"},
        {2, "0002_bad",
         "CREATE TABLE two (id INTEGER PRIMARY KEY);\n"
         "INSERT INTO one (id) VALUES (1);\n"
         "INSERT INTO nosuch VALUES (1);"},
        {3, "0003_three", "CREATE TABLE three (id INTEGER PRIMARY KEY);"},
        {0, NULL, NULL},
    };
    const struct dj_migration fixed[] = {
        bad[0],
        {2, "0002_bad", "CREATE TABLE two (id INTEGER PRIMARY KEY);"},
        bad[2],
        {0, NULL, NULL},
    };
    struct dj_db *db = open_db("t.db");
    struct dj_err err = {0};
    int applied = -1, version = -1;
    bool exists = true;

    cr_expect_eq(dj_migrate_list(db, bad, &applied, &err), DJ_EDB);
    cr_expect_eq(applied, 1);
    cr_expect(strstr(err.message, "0002_bad"), "message: %s", err.message);
    cr_expect(strstr(err.detail, "nosuch"), "detail: %s", err.detail);
    cr_expect(!dj_db_in_tx(db));
    cr_expect_eq(dj_migrate_version(db, &version, &err), 0);
    cr_expect_eq(version, 1);
    cr_expect_eq(dj_db_table_exists(db, "two", &exists, &err), 0);
    cr_expect(!exists, "the failed migration's first statement must be rolled back");
    cr_expect_eq(query_int(db, "SELECT count(*) FROM one"), 0);
    cr_expect_eq(dj_db_table_exists(db, "three", &exists, &err), 0);
    cr_expect(!exists, "migrations after a failure must not run");

    cr_assert_eq(dj_migrate_list(db, fixed, &applied, &err), 0, "%s", err.detail);
    cr_expect_eq(applied, 2);
    cr_expect_eq(dj_migrate_version(db, &version, &err), 0);
    cr_expect_eq(version, 3);
    dj_db_close(db);
}

Test(migrate, refuses_a_database_from_a_newer_program)
{
    const struct dj_migration newer[] = {
        {1, "0001_one", "CREATE TABLE one (id INTEGER PRIMARY KEY);"},
        {2, "0002_two", "CREATE TABLE two (id INTEGER PRIMARY KEY);"},
        {0, NULL, NULL},
    };
    const struct dj_migration older[] = {newer[0], {0, NULL, NULL}};
    struct dj_db *db = open_db("t.db");
    struct dj_err err = {0};
    int applied;

    cr_assert_eq(dj_migrate_list(db, newer, &applied, &err), 0);
    cr_expect_eq(dj_migrate_list(db, older, &applied, &err), DJ_ECONFLICT);
    cr_expect_eq(applied, 0);
    cr_expect(strstr(err.message, "2"), "message: %s", err.message);
    dj_db_close(db);
}

Test(migrate, rejects_a_list_out_of_order)
{
    const struct dj_migration list[] = {
        {2, "0002_two", "SELECT 1;"},
        {1, "0001_one", "SELECT 1;"},
        {0, NULL, NULL},
    };
    struct dj_db *db = open_db("t.db");
    struct dj_err err = {0};
    bool exists = true;

    cr_expect_eq(dj_migrate_list(db, list, NULL, &err), DJ_EINTERNAL);
    cr_expect_eq(dj_db_table_exists(db, "schema_migrations", &exists, &err), 0);
    cr_expect(!exists, "nothing is written for a bad list");
    dj_db_close(db);
}

Test(migrate, migration_inserts_run_with_foreign_keys_on)
{
    const struct dj_migration list[] = {
        {1, "0001_fk",
         "CREATE TABLE p (id INTEGER PRIMARY KEY);\n"
         "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id));\n"
         "INSERT INTO c (p_id) VALUES (42);"},
        {0, NULL, NULL},
    };
    struct dj_db *db = open_db("t.db");
    struct dj_err err = {0};
    int version = -1;

    cr_expect_eq(dj_migrate_list(db, list, NULL, &err), DJ_ECONFLICT);
    cr_expect_eq(dj_migrate_version(db, &version, &err), 0);
    cr_expect_eq(version, 0);
    dj_db_close(db);
}
