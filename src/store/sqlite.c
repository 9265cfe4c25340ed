/*
 * sqlite.c - the SQLite driver behind db.h.
 *
 * One sqlite3 handle per struct dj_db, opened NOMUTEX because a connection
 * belongs to one thread at a time (see dj_db_thread()). Each connection keeps
 * a cache of prepared statements keyed by the caller's $n SQL text: a hash
 * table with chained buckets for look-up and a doubly linked list in
 * least-recently-prepared order for eviction once SQ_CACHE_MAX statements
 * are held. A statement that is mid-iteration (sqlite3_stmt_busy) is never
 * evicted.
 */
#include "base/compat.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/log.h"
#include "store/db.h"
#include "store/db_int.h"
#include "store/sqlrewrite.h"

#define SQ_CACHE_MAX 256 /* statements kept per connection */
#define SQ_BUCKETS 512   /* hash buckets; a power of two */
#define SQ_BUSY_TIMEOUT_MS 5000
#define SQ_RETRY_MS 5 /* pause between attempts to switch to WAL */

#define MSG_DB "数据库错误"
#define MSG_CONFLICT "数据冲突：记录已存在或被引用"
#define MSG_BUSY "数据库繁忙，请稍后重试"

struct sq_stmt {
    struct dj_stmt base;         /* must be first */
    sqlite3_stmt *h;             /* prepared from the rewritten SQL */
    char *key;                   /* the caller's $n SQL text (owned) */
    uint32_t hash;               /* of key */
    struct sq_stmt *hnext;       /* next in the same bucket */
    struct sq_stmt *prev, *next; /* LRU list: head is the most recently prepared */
};

struct sq_db {
    struct dj_db base; /* must be first */
    sqlite3 *h;
    struct sq_stmt *buckets[SQ_BUCKETS]; /* statement cache by hash of SQL text */
    struct sq_stmt *lru_head, *lru_tail;
    int nstmts;              /* statements in the cache */
    struct dj_buf rewritten; /* scratch for dj_sql_rewrite() */
};

static struct sq_db *sq_db(struct dj_db *db)
{
    return (struct sq_db *)db;
}

static const struct sq_db *sq_cdb(const struct dj_db *db)
{
    return (const struct sq_db *)db;
}

static sqlite3_stmt *sq_h(struct dj_stmt *st)
{
    return ((struct sq_stmt *)st)->h;
}

/*
 * Turn an SQLite result code into a DJ_E* code with err set. `detail` is the
 * SQLite message (sqlite3_errmsg or sqlite3_exec's), `what` says which call failed.
 */
static int sq_error(int rc, const char *what, const char *detail, struct dj_err *err)
{
    int code;

    switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
        code = dj_err_set(err, DJ_ECONFLICT, NULL, MSG_CONFLICT);
        break;
    case SQLITE_BUSY:
        code = dj_err_set(err, DJ_EBUSY, NULL, MSG_BUSY);
        break;
    default:
        code = dj_err_set(err, DJ_EDB, NULL, MSG_DB);
        break;
    }
    dj_err_detail(err, "%s: %s (sqlite %d)", what, detail ? detail : sqlite3_errstr(rc), rc);
    return code;
}

/* ---- statement cache ----------------------------------------------------------- */

static uint32_t hash_sql(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */

    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h;
}

static void lru_unlink(struct sq_db *sq, struct sq_stmt *s)
{
    if (s->prev)
        s->prev->next = s->next;
    else
        sq->lru_head = s->next;
    if (s->next)
        s->next->prev = s->prev;
    else
        sq->lru_tail = s->prev;
    s->prev = s->next = NULL;
}

static void lru_push_front(struct sq_db *sq, struct sq_stmt *s)
{
    s->prev = NULL;
    s->next = sq->lru_head;
    if (sq->lru_head)
        sq->lru_head->prev = s;
    sq->lru_head = s;
    if (!sq->lru_tail)
        sq->lru_tail = s;
}

static void stmt_free(struct sq_stmt *s)
{
    sqlite3_finalize(s->h);
    free(s->key);
    free(s);
}

/* Remove s from its bucket and the LRU list, and free it. */
static void cache_remove(struct sq_db *sq, struct sq_stmt *s)
{
    struct sq_stmt **pp = &sq->buckets[s->hash & (SQ_BUCKETS - 1)];

    while (*pp != s)
        pp = &(*pp)->hnext;
    *pp = s->hnext;
    lru_unlink(sq, s);
    sq->nstmts--;
    stmt_free(s);
}

/* Make room for one more statement: evict the least recently prepared idle one. */
static void cache_make_room(struct sq_db *sq)
{
    struct sq_stmt *s = sq->lru_tail;

    while (sq->nstmts >= SQ_CACHE_MAX && s) {
        struct sq_stmt *prev = s->prev;

        if (!sqlite3_stmt_busy(s->h))
            cache_remove(sq, s);
        s = prev;
    }
}

static struct sq_stmt *cache_find(struct sq_db *sq, const char *sql, uint32_t hash)
{
    struct sq_stmt *s;

    for (s = sq->buckets[hash & (SQ_BUCKETS - 1)]; s; s = s->hnext)
        if (s->hash == hash && strcmp(s->key, sql) == 0)
            return s;
    return NULL;
}

static void cache_clear(struct sq_db *sq)
{
    while (sq->lru_head)
        cache_remove(sq, sq->lru_head);
}

/* ---- open / close ---------------------------------------------------------------- */

/* Run a PRAGMA that returns one text row and copy the value into out. */
static int pragma_text(sqlite3 *h, const char *sql, char *out, size_t outsz, struct dj_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc;

    out[0] = '\0';
    rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        goto fail;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *v = sqlite3_column_text(st, 0);
        dj_strlcpy(out, v ? (const char *)v : "", outsz);
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        rc = SQLITE_OK;
    } else {
        goto fail;
    }
    sqlite3_finalize(st);
    return 0;
fail:
    rc = sq_error(rc, sql, sqlite3_errmsg(h), err);
    sqlite3_finalize(st);
    return rc;
}

static int exec_raw(sqlite3 *h, const char *sql, struct dj_err *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);

    if (rc != SQLITE_OK) {
        rc = sq_error(rc, "exec", msg, err);
        sqlite3_free(msg);
        return rc;
    }
    return 0;
}

/* Connection settings every handle gets; see db.h. */
static int configure_handle(sqlite3 *h, const char *path, struct dj_err *err)
{
    char mode[32];
    int rc;

    sqlite3_busy_timeout(h, SQ_BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(h, 1);
    /* "..." is always an identifier, as in PostgreSQL and in sqlrewrite.c. */
    sqlite3_db_config(h, SQLITE_DBCONFIG_DQS_DML, 0, (int *)NULL);
    sqlite3_db_config(h, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)NULL);
    /* No writable_schema or other ways to corrupt the file from SQL. */
    sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);

    /*
     * Switching a new file to WAL needs an exclusive lock, and SQLite answers
     * SQLITE_BUSY at once, without the busy handler, while another connection
     * is opening the same file. Retry for as long as the busy timeout.
     */
    for (int waited = 0;; waited += SQ_RETRY_MS) {
        rc = pragma_text(h, "PRAGMA journal_mode=WAL", mode, sizeof(mode), err);
        if (rc != DJ_EBUSY || waited >= SQ_BUSY_TIMEOUT_MS)
            break;
        sqlite3_sleep(SQ_RETRY_MS);
    }
    if (rc)
        return rc;
    if (strcmp(mode, "wal") != 0 && strcmp(mode, "memory") != 0) {
        char q[256];
        dj_warn("sqlite: WAL mode not available", "path=%s journal_mode=%s",
                dj_log_quote(q, sizeof(q), path), mode);
    }
    return exec_raw(h, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;", err);
}

static int sq_open(const char *target, struct dj_db **out, struct dj_err *err)
{
    struct sq_db *sq;
    sqlite3 *h = NULL;
    int rc;

    rc = sqlite3_open_v2(target, &h,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        dj_err_set(err, DJ_EDB, NULL, "无法打开数据库");
        dj_err_detail(err, "open %s: %s", target, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
        sqlite3_close(h);
        return DJ_EDB;
    }
    rc = configure_handle(h, target, err);
    if (rc) {
        sqlite3_close(h);
        return rc;
    }
    sq = dj_xcalloc(1, sizeof(*sq));
    sq->base.ops = &dj_sqlite_ops;
    sq->h = h;
    dj_buf_init(&sq->rewritten, DJ_DB_SQL_MAX);
    *out = &sq->base;
    return 0;
}

static void sq_close(struct dj_db *db)
{
    struct sq_db *sq = sq_db(db);

    cache_clear(sq);
    if (sqlite3_close(sq->h) != SQLITE_OK) {
        char q[256];
        dj_error("sqlite: close failed", "detail=%s",
                 dj_log_quote(q, sizeof(q), sqlite3_errmsg(sq->h)));
    }
    dj_buf_release(&sq->rewritten);
    free(sq);
}

/* ---- statements ------------------------------------------------------------------ */

/* Compile sql for the cache; exactly one statement, or an error. */
static int compile(struct sq_db *sq, const char *sql, size_t len, sqlite3_stmt **out,
                   struct dj_err *err)
{
    sqlite3_stmt *st = NULL, *extra = NULL;
    const char *tail = NULL;
    int rc;

    dj_buf_reset(&sq->rewritten);
    if (dj_sql_rewrite(sql, len, &sq->rewritten, NULL)) {
        dj_err_set(err, DJ_ETOOBIG, NULL, MSG_DB);
        return dj_err_detail(err, "SQL text of %zu bytes is over the cap", len);
    }
    rc = sqlite3_prepare_v3(sq->h, sq->rewritten.data, (int)sq->rewritten.len + 1,
                            SQLITE_PREPARE_PERSISTENT, &st, &tail);
    if (rc != SQLITE_OK)
        return sq_error(rc, "prepare", sqlite3_errmsg(sq->h), err);
    if (!st) {
        dj_err_set(err, DJ_EINTERNAL, NULL, MSG_DB);
        return dj_err_detail(err, "prepare: SQL text holds no statement");
    }
    /* A second statement would be silently ignored: refuse it. */
    rc = sqlite3_prepare_v2(sq->h, tail, -1, &extra, NULL);
    if (rc != SQLITE_OK || extra) {
        sqlite3_finalize(extra);
        sqlite3_finalize(st);
        dj_err_set(err, DJ_EINTERNAL, NULL, MSG_DB);
        return dj_err_detail(err, "prepare: more than one statement in SQL text");
    }
    *out = st;
    return 0;
}

static int sq_prepare(struct dj_db *db, const char *sql, struct dj_stmt **out, struct dj_err *err)
{
    struct sq_db *sq = sq_db(db);
    struct sq_stmt *s;
    sqlite3_stmt *h = NULL;
    uint32_t hash;
    size_t len;
    int rc;

    len = strlen(sql);
    if (len > DJ_DB_SQL_MAX) {
        dj_err_set(err, DJ_ETOOBIG, NULL, MSG_DB);
        return dj_err_detail(err, "SQL text of %zu bytes is over the cap", len);
    }
    hash = hash_sql(sql);
    s = cache_find(sq, sql, hash);
    if (s) {
        sqlite3_reset(s->h);
        sqlite3_clear_bindings(s->h);
        lru_unlink(sq, s);
        lru_push_front(sq, s);
        *out = &s->base;
        return 0;
    }
    rc = compile(sq, sql, len, &h, err);
    if (rc)
        return rc;
    cache_make_room(sq);
    s = dj_xcalloc(1, sizeof(*s));
    s->h = h;
    s->key = dj_xstrndup(sql, len);
    s->hash = hash;
    s->hnext = sq->buckets[hash & (SQ_BUCKETS - 1)];
    sq->buckets[hash & (SQ_BUCKETS - 1)] = s;
    lru_push_front(sq, s);
    sq->nstmts++;
    *out = &s->base;
    return 0;
}

static int bind_rc(int rc)
{
    return rc == SQLITE_OK ? 0 : DJ_EDB;
}

static int sq_bind_int64(struct dj_stmt *st, int idx, int64_t v)
{
    return bind_rc(sqlite3_bind_int64(sq_h(st), idx, v));
}

static int sq_bind_text(struct dj_stmt *st, int idx, const char *s, size_t n)
{
    return bind_rc(sqlite3_bind_text64(sq_h(st), idx, s, n, SQLITE_TRANSIENT, SQLITE_UTF8));
}

static int sq_bind_blob(struct dj_stmt *st, int idx, const void *p, size_t n)
{
    if (n == 0)
        return bind_rc(sqlite3_bind_zeroblob(sq_h(st), idx, 0)); /* empty, not NULL */
    return bind_rc(sqlite3_bind_blob64(sq_h(st), idx, p, n, SQLITE_TRANSIENT));
}

static int sq_bind_null(struct dj_stmt *st, int idx)
{
    return bind_rc(sqlite3_bind_null(sq_h(st), idx));
}

static int sq_step(struct dj_stmt *st, struct dj_err *err)
{
    sqlite3_stmt *h = sq_h(st);
    int rc = sqlite3_step(h);

    if (rc == SQLITE_ROW)
        return DJ_ROW;
    if (rc == SQLITE_DONE)
        return DJ_DONE;
    rc = sq_error(rc, "step", sqlite3_errmsg(sqlite3_db_handle(h)), err);
    sqlite3_reset(h); /* release whatever the failed statement holds */
    return rc;
}

static void sq_reset(struct dj_stmt *st)
{
    sqlite3_reset(sq_h(st));
}

static int sq_columns(struct dj_stmt *st)
{
    return sqlite3_column_count(sq_h(st));
}

/* True when col names a column of the current row. */
static bool on_row(sqlite3_stmt *h, int col)
{
    return col >= 0 && col < sqlite3_data_count(h);
}

static bool sq_is_null(struct dj_stmt *st, int col)
{
    sqlite3_stmt *h = sq_h(st);

    return !on_row(h, col) || sqlite3_column_type(h, col) == SQLITE_NULL;
}

static int64_t sq_int64(struct dj_stmt *st, int col)
{
    sqlite3_stmt *h = sq_h(st);

    return on_row(h, col) ? sqlite3_column_int64(h, col) : 0;
}

static const char *sq_text(struct dj_stmt *st, int col)
{
    sqlite3_stmt *h = sq_h(st);

    if (!on_row(h, col))
        return NULL;
    return (const char *)sqlite3_column_text(h, col);
}

static const void *sq_blob(struct dj_stmt *st, int col, size_t *len)
{
    sqlite3_stmt *h = sq_h(st);
    const void *p;

    if (len)
        *len = 0;
    if (!on_row(h, col))
        return NULL;
    p = sqlite3_column_blob(h, col); /* before _bytes, as SQLite asks */
    if (len)
        *len = (size_t)sqlite3_column_bytes(h, col);
    return p;
}

static const char *sq_column_name(struct dj_stmt *st, int col)
{
    sqlite3_stmt *h = sq_h(st);

    if (col < 0 || col >= sqlite3_column_count(h))
        return NULL;
    return sqlite3_column_name(h, col);
}

/* ---- connection-level operations ------------------------------------------------ */

static int64_t sq_changes(struct dj_db *db)
{
    return sqlite3_changes64(sq_db(db)->h);
}

static int sq_exec(struct dj_db *db, const char *sql, struct dj_err *err)
{
    return exec_raw(sq_db(db)->h, sql, err);
}

static int sq_begin(struct dj_db *db, bool write, struct dj_err *err)
{
    return exec_raw(sq_db(db)->h, write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED", err);
}

static int sq_commit(struct dj_db *db, struct dj_err *err)
{
    return exec_raw(sq_db(db)->h, "COMMIT", err);
}

static void sq_rollback(struct dj_db *db)
{
    struct dj_err err = {0};

    char q[256];

    if (exec_raw(sq_db(db)->h, "ROLLBACK", &err))
        dj_error("sqlite: rollback failed", "detail=%s", dj_log_quote(q, sizeof(q), err.detail));
}

static bool sq_in_tx(const struct dj_db *db)
{
    return !sqlite3_get_autocommit(sq_cdb(db)->h);
}

/* PRAGMA integrity_check on a raw handle: 0 when the first row says "ok". */
static int check_integrity(sqlite3 *h, struct dj_err *err)
{
    char result[200];
    int rc;

    rc = pragma_text(h, "PRAGMA integrity_check", result, sizeof(result), err);
    if (rc)
        return rc;
    if (strcmp(result, "ok") != 0) {
        dj_err_set(err, DJ_EDB, NULL, "数据库完整性检查未通过");
        return dj_err_detail(err, "integrity_check: %s", result);
    }
    return 0;
}

static int sq_integrity_check(struct dj_db *db, struct dj_err *err)
{
    return check_integrity(sq_db(db)->h, err);
}

static int sq_table_exists(struct dj_db *db, const char *name, bool *exists, struct dj_err *err)
{
    struct sq_db *sq = sq_db(db);
    sqlite3_stmt *st = NULL;
    int rc;

    rc = sqlite3_prepare_v2(sq->h, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                            -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        *exists = rc == SQLITE_ROW;
        if (rc == SQLITE_ROW || rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    if (rc != SQLITE_OK)
        rc = sq_error(rc, "table_exists", sqlite3_errmsg(sq->h), err);
    sqlite3_finalize(st);
    return rc;
}

/* Remove a failed backup and the WAL side files SQLite may have left beside it. */
static void remove_backup(const char *path)
{
    struct dj_buf side;

    unlink(path);
    dj_buf_init(&side, 0);
    if (!dj_buf_printf(&side, "%s-wal", path))
        unlink(side.data);
    dj_buf_reset(&side);
    if (!dj_buf_printf(&side, "%s-shm", path))
        unlink(side.data);
    dj_buf_release(&side);
}

/*
 * Copy the database into the new file at path, then reopen the copy, switch it
 * to a single self-contained file (journal_mode=DELETE) and check it.
 */
static int sq_backup(struct dj_db *db, const char *path, struct dj_err *err)
{
    struct sq_db *sq = sq_db(db);
    sqlite3 *dest = NULL;
    sqlite3_backup *bk;
    char mode[32];
    int fd, rc;

    /* O_EXCL: never overwrite, with no window for another process to create it in between.
     * 0600: the copy holds personal data. */
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return dj_err_set(err, DJ_ECONFLICT, NULL, "备份文件已存在");
        dj_err_set(err, DJ_EIO, NULL, "无法创建备份文件");
        return dj_err_detail(err, "open %s: %s", path, strerror(errno));
    }
    close(fd);

    rc = sqlite3_open_v2(path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        rc = sq_error(rc, "backup open", dest ? sqlite3_errmsg(dest) : NULL, err);
        goto fail;
    }
    bk = sqlite3_backup_init(dest, "main", sq->h, "main");
    if (!bk) {
        rc = sq_error(sqlite3_errcode(dest), "backup_init", sqlite3_errmsg(dest), err);
        goto fail;
    }
    rc = sqlite3_backup_step(bk, -1);
    if (rc != SQLITE_DONE) {
        sqlite3_backup_finish(bk);
        rc = sq_error(rc, "backup_step", sqlite3_errmsg(dest), err);
        goto fail;
    }
    rc = sqlite3_backup_finish(bk);
    if (rc != SQLITE_OK) {
        rc = sq_error(rc, "backup_finish", sqlite3_errmsg(dest), err);
        goto fail;
    }
    sqlite3_close(dest);
    dest = NULL;

    /* Verify through a fresh handle, as a restore would see the file. */
    rc = sqlite3_open_v2(path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        rc = sq_error(rc, "backup reopen", dest ? sqlite3_errmsg(dest) : NULL, err);
        goto fail;
    }
    rc = pragma_text(dest, "PRAGMA journal_mode=DELETE", mode, sizeof(mode), err);
    if (rc)
        goto fail;
    rc = check_integrity(dest, err);
    if (rc)
        goto fail;
    sqlite3_close(dest); /* nothing is left open on it, so this cannot fail */
    return 0;
fail:
    sqlite3_close(dest);
    remove_backup(path);
    return rc;
}

const struct dj_db_ops dj_sqlite_ops = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .prepare = sq_prepare,
    .bind_int64 = sq_bind_int64,
    .bind_text = sq_bind_text,
    .bind_blob = sq_bind_blob,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .reset = sq_reset,
    .columns = sq_columns,
    .is_null = sq_is_null,
    .int64 = sq_int64,
    .text = sq_text,
    .blob = sq_blob,
    .column_name = sq_column_name,
    .changes = sq_changes,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .in_tx = sq_in_tx,
    .exec = sq_exec,
    .backup = sq_backup,
    .integrity_check = sq_integrity_check,
    .table_exists = sq_table_exists,
};
