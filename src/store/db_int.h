/*
 * db_int.h - private to the storage drivers: what a driver implements.
 *
 * db.c holds everything that does not depend on the database engine: URL
 * parsing and driver choice, the thread-local connection, the transaction
 * nesting rule and remembering failed binds. It reaches the engine only
 * through a struct dj_db_ops. A driver (sqlite.c, later pg.c) defines one
 * const ops table and its own connection and statement structs, each of
 * which embeds the public base struct as its FIRST member, so that
 *
 *     struct sq_db *sq = (struct sq_db *)db;
 *
 * is valid inside the driver. Nothing outside src/store/db*.c, sqlite.c and
 * pg.c may include this header.
 */
#ifndef DJ_DB_INT_H
#define DJ_DB_INT_H

#include "store/db.h"

struct dj_db {
    const struct dj_db_ops *ops; /* the driver; never NULL */
    bool unit;                   /* dj_db_unit_begin(): an outer write transaction is open */
    bool unit_nested;            /* a dj_db_begin() inside the unit holds the savepoint */
};

struct dj_stmt {
    struct dj_db *db; /* owning connection */
    int bind_rc;      /* first failed bind since prepare (DJ_EDB), or 0 */
    int bind_idx;     /* its parameter number, for the error detail */
};

/*
 * One table per driver. Every function must be set. Return conventions are
 * those of the matching public function in db.h; `err` may be NULL. db.c has
 * already checked the arguments the public contract promises (non-NULL db,
 * transaction state for begin/commit), so drivers need not repeat that.
 */
struct dj_db_ops {
    const char *name; /* what dj_db_driver() reports: "sqlite", "postgres" */

    /* Open `target` (the URL with the driver prefix removed). */
    int (*open)(const char *target, struct dj_db **out, struct dj_err *err);
    void (*close)(struct dj_db *db);

    /* Cached statement, reset and with bindings cleared; base fields zeroed by db.c. */
    int (*prepare)(struct dj_db *db, const char *sql, struct dj_stmt **out, struct dj_err *err);
    int (*bind_int64)(struct dj_stmt *st, int idx, int64_t v);
    int (*bind_text)(struct dj_stmt *st, int idx, const char *s, size_t n); /* s non-NULL */
    /* n == 0 binds an empty blob, not NULL */
    int (*bind_blob)(struct dj_stmt *st, int idx, const void *p, size_t n);
    int (*bind_null)(struct dj_stmt *st, int idx);
    int (*step)(struct dj_stmt *st, struct dj_err *err);
    void (*reset)(struct dj_stmt *st);

    /* Column accessors must tolerate an out-of-range column or no current row (NULL / 0). */
    int (*columns)(struct dj_stmt *st);
    bool (*is_null)(struct dj_stmt *st, int col);
    int64_t (*int64)(struct dj_stmt *st, int col);
    const char *(*text)(struct dj_stmt *st, int col);
    const void *(*blob)(struct dj_stmt *st, int col, size_t *len);
    const char *(*column_name)(struct dj_stmt *st, int col);

    int64_t (*changes)(struct dj_db *db);
    int (*begin)(struct dj_db *db, bool write, struct dj_err *err);
    int (*commit)(struct dj_db *db, struct dj_err *err);
    void (*rollback)(struct dj_db *db); /* only called inside a transaction */
    bool (*in_tx)(const struct dj_db *db);
    int (*exec)(struct dj_db *db, const char *sql, struct dj_err *err);
    int (*backup)(struct dj_db *db, const char *path, struct dj_err *err);
    int (*integrity_check)(struct dj_db *db, struct dj_err *err);
    int (*table_exists)(struct dj_db *db, const char *name, bool *exists, struct dj_err *err);
};

extern const struct dj_db_ops dj_sqlite_ops;
#ifdef DJ_HAVE_PG
extern const struct dj_db_ops dj_pg_ops;
#endif

/* Longest SQL text a driver accepts in dj_db_prepare(), in bytes. */
#define DJ_DB_SQL_MAX ((size_t)1 << 20)

#endif
