/*
 * db.c - the driver-independent half of db.h.
 *
 * Chooses a driver from the URL, dispatches every call through the driver's
 * struct dj_db_ops (db_int.h), owns the per-thread connection, enforces the
 * transaction nesting rule and remembers a failed bind so that the next
 * step reports it even when the caller ignored the bind's return value.
 */
#include "base/compat.h"

#include <pthread.h>

#include "base/err.h"
#include "store/db.h"
#include "store/db_int.h"

#define MSG_DB "数据库错误"

/* ---- opening ------------------------------------------------------------------ */

static bool has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

int dj_db_open(const char *url, struct dj_db **out, struct dj_err *err)
{
    const struct dj_db_ops *ops = &dj_sqlite_ops;
    const char *target = url;
    int rc;

    *out = NULL;
    if (!url || !*url)
        return dj_err_set(err, DJ_EINVAL, NULL, "未配置数据库地址");
    if (has_prefix(url, "postgres://") || has_prefix(url, "postgresql://")) {
#ifdef DJ_HAVE_PG
        ops = &dj_pg_ops;
#else
        return dj_err_set(err, DJ_EINVAL, NULL, "此版本未编译 PostgreSQL 驱动");
#endif
    } else if (has_prefix(url, "sqlite:")) {
        target = url + strlen("sqlite:");
        if (has_prefix(target, "//"))
            target += 2; /* sqlite:///abs/path and sqlite://rel/path */
        if (!*target)
            return dj_err_set(err, DJ_EINVAL, NULL, "数据库地址缺少文件路径");
    }
    rc = ops->open(target, out, err);
    if (rc)
        return rc;
    (*out)->ops = ops;
    return 0;
}

void dj_db_close(struct dj_db *db)
{
    if (db)
        db->ops->close(db);
}

const char *dj_db_driver(const struct dj_db *db)
{
    return db->ops->name;
}

/* ---- the per-thread connection -------------------------------------------------- */

static char *configured_url;     /* owned; set at start-up before threads exist */
static pthread_key_t thread_key; /* value: this thread's struct dj_db * */
static pthread_once_t thread_key_once = PTHREAD_ONCE_INIT;

static void close_at_thread_exit(void *p)
{
    dj_db_close(p);
}

static void make_thread_key(void)
{
    if (pthread_key_create(&thread_key, close_at_thread_exit))
        dj_die("pthread_key_create failed");
}

void dj_db_configure(const char *url)
{
    free(configured_url);
    configured_url = url ? dj_xstrdup(url) : NULL;
}

struct dj_db *dj_db_thread(struct dj_err *err)
{
    struct dj_db *db;

    pthread_once(&thread_key_once, make_thread_key);
    db = pthread_getspecific(thread_key);
    if (db)
        return db;
    if (!configured_url) {
        dj_err_set(err, DJ_EINTERNAL, NULL, "未配置数据库");
        dj_err_detail(err, "dj_db_thread() before dj_db_configure()");
        return NULL;
    }
    if (dj_db_open(configured_url, &db, err))
        return NULL;
    if (pthread_setspecific(thread_key, db))
        dj_die("pthread_setspecific failed");
    return db;
}

void dj_db_thread_close(void)
{
    struct dj_db *db;

    pthread_once(&thread_key_once, make_thread_key);
    db = pthread_getspecific(thread_key);
    if (!db)
        return;
    pthread_setspecific(thread_key, NULL);
    dj_db_close(db);
}

/* ---- statements ------------------------------------------------------------------ */

int dj_db_prepare(struct dj_db *db, const char *sql, struct dj_stmt **out, struct dj_err *err)
{
    int rc;

    *out = NULL;
    rc = db->ops->prepare(db, sql, out, err);
    if (rc)
        return rc;
    (*out)->db = db;
    (*out)->bind_rc = 0;
    (*out)->bind_idx = 0;
    return 0;
}

/* Remember the first failed bind; returns rc. */
static int note_bind(struct dj_stmt *st, int idx, int rc)
{
    if (rc && !st->bind_rc) {
        st->bind_rc = rc;
        st->bind_idx = idx;
    }
    return rc;
}

int dj_stmt_bind_int64(struct dj_stmt *st, int idx, int64_t v)
{
    return note_bind(st, idx, st->db->ops->bind_int64(st, idx, v));
}

int dj_stmt_bind_text(struct dj_stmt *st, int idx, const char *s)
{
    if (!s)
        return dj_stmt_bind_null(st, idx);
    return note_bind(st, idx, st->db->ops->bind_text(st, idx, s, strlen(s)));
}

int dj_stmt_bind_textn(struct dj_stmt *st, int idx, const char *s, size_t n)
{
    if (!s)
        return dj_stmt_bind_null(st, idx);
    return note_bind(st, idx, st->db->ops->bind_text(st, idx, s, n));
}

int dj_stmt_bind_blob(struct dj_stmt *st, int idx, const void *p, size_t n)
{
    if (!p && n)
        return note_bind(st, idx, DJ_EDB);
    return note_bind(st, idx, st->db->ops->bind_blob(st, idx, p, n));
}

int dj_stmt_bind_null(struct dj_stmt *st, int idx)
{
    return note_bind(st, idx, st->db->ops->bind_null(st, idx));
}

int dj_stmt_step(struct dj_stmt *st, struct dj_err *err)
{
    if (st->bind_rc) {
        dj_err_set(err, DJ_EDB, NULL, MSG_DB);
        dj_err_detail(err, "binding parameter $%d failed (out of range or too big)", st->bind_idx);
        return DJ_EDB;
    }
    return st->db->ops->step(st, err);
}

int dj_stmt_columns(struct dj_stmt *st)
{
    return st->db->ops->columns(st);
}

bool dj_stmt_is_null(struct dj_stmt *st, int col)
{
    return st->db->ops->is_null(st, col);
}

int64_t dj_stmt_int64(struct dj_stmt *st, int col)
{
    return st->db->ops->int64(st, col);
}

const char *dj_stmt_text(struct dj_stmt *st, int col)
{
    return st->db->ops->text(st, col);
}

const void *dj_stmt_blob(struct dj_stmt *st, int col, size_t *len)
{
    return st->db->ops->blob(st, col, len);
}

const char *dj_stmt_column_name(struct dj_stmt *st, int col)
{
    return st->db->ops->column_name(st, col);
}

void dj_stmt_reset(struct dj_stmt *st)
{
    st->db->ops->reset(st);
}

int64_t dj_db_changes(struct dj_db *db)
{
    return db->ops->changes(db);
}

/* ---- transactions and the rest ------------------------------------------------- */

int dj_db_begin(struct dj_db *db, bool write, struct dj_err *err)
{
    if (db->unit && !db->unit_nested) {
        int rc = db->ops->exec(db, "SAVEPOINT dj_unit_step", err);
        db->unit_nested = !rc;
        return rc;
    }
    if (db->ops->in_tx(db)) {
        dj_err_set(err, DJ_EINTERNAL, NULL, MSG_DB);
        return dj_err_detail(err, "dj_db_begin: a transaction is already open (no nesting)");
    }
    return db->ops->begin(db, write, err);
}

int dj_db_commit(struct dj_db *db, struct dj_err *err)
{
    if (db->unit) {
        if (!db->unit_nested) {
            dj_err_set(err, DJ_EINTERNAL, NULL, MSG_DB);
            return dj_err_detail(err, "dj_db_commit: inside a unit, nothing to release");
        }
        db->unit_nested = false;
        return db->ops->exec(db, "RELEASE dj_unit_step", err);
    }
    if (!db->ops->in_tx(db)) {
        dj_err_set(err, DJ_EINTERNAL, NULL, MSG_DB);
        return dj_err_detail(err, "dj_db_commit: no transaction is open");
    }
    return db->ops->commit(db, err);
}

void dj_db_rollback(struct dj_db *db)
{
    if (db->unit) { /* only the step: the unit's owner ends the unit */
        if (db->unit_nested) {
            db->ops->exec(db, "ROLLBACK TO dj_unit_step", NULL);
            db->ops->exec(db, "RELEASE dj_unit_step", NULL);
            db->unit_nested = false;
        }
        return;
    }
    if (db->ops->in_tx(db))
        db->ops->rollback(db);
}

int dj_db_unit_begin(struct dj_db *db, struct dj_err *err)
{
    int rc;

    /* each step's savepoint journal in memory, not in a temporary file per write */
    if ((rc = db->ops->exec(db, "PRAGMA temp_store = MEMORY", err)))
        return rc;
    rc = dj_db_begin(db, true, err);

    if (!rc)
        db->unit = true;
    return rc;
}

int dj_db_unit_end(struct dj_db *db, bool commit, struct dj_err *err)
{
    int rc = 0;

    if (!db->unit)
        return 0;
    if (db->unit_nested)
        dj_db_rollback(db);
    db->unit = false;
    if (commit)
        rc = dj_db_commit(db, err);
    if (!commit || rc)
        dj_db_rollback(db);
    return rc;
}

bool dj_db_in_unit(const struct dj_db *db)
{
    return db->unit;
}

bool dj_db_in_tx(const struct dj_db *db)
{
    return db->ops->in_tx(db);
}

int dj_db_exec(struct dj_db *db, const char *sql, struct dj_err *err)
{
    return db->ops->exec(db, sql, err);
}

int dj_db_backup(struct dj_db *db, const char *path, struct dj_err *err)
{
    if (!path || !*path)
        return dj_err_set(err, DJ_EINVAL, NULL, "未指定备份文件路径");
    return db->ops->backup(db, path, err);
}

int dj_db_integrity_check(struct dj_db *db, struct dj_err *err)
{
    return db->ops->integrity_check(db, err);
}

int dj_db_table_exists(struct dj_db *db, const char *name, bool *exists, struct dj_err *err)
{
    *exists = false;
    return db->ops->table_exists(db, name, exists, err);
}
