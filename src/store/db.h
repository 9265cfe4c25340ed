/*
 * db.h - the storage driver interface.
 *
 * svc/ and store/ talk to the database only through this header, so a libpq
 * driver can sit beside the SQLite one (sqlite.c) without touching svc/.
 * SQL is written once with PostgreSQL-style $1..$n placeholders; the SQLite
 * driver rewrites them to ?1..?n (see sqlrewrite.h).
 *
 * One struct dj_db is one connection and must only be used by one thread at
 * a time. dj_db_thread() gives each worker thread its own lazily opened
 * connection to the process-wide database configured with dj_db_configure().
 *
 * Statements come from a per-connection cache keyed by SQL text: the caller
 * does not free them; dj_db_prepare() returns the statement reset and with
 * bindings cleared. A statement is valid until the next dj_db_prepare() of the
 * same SQL text or dj_db_close(). The cache holds 256 statements per
 * connection and then evicts the least recently prepared one that is not
 * mid-iteration, so do not hold a prepared-but-unstepped statement across
 * hundreds of other prepares. Step to DJ_DONE or dj_stmt_reset() a statement
 * you stop reading early: until then it pins its read snapshot.
 */
#ifndef DJ_DB_H
#define DJ_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct dj_db;
struct dj_stmt;

/* dj_stmt_step() results (non-negative); errors are negative DJ_E* codes. */
#define DJ_DONE 0
#define DJ_ROW 1

/*
 * Open a connection. `url` is a file path, "sqlite:PATH" or "sqlite://PATH"
 * (":memory:" works; every connection to it is a separate empty database);
 * "postgres://..." / "postgresql://..." is reserved for the libpq driver and is
 * DJ_EINVAL in a build without it. Applies the connection pragmas (WAL,
 * synchronous=NORMAL, foreign_keys=ON, busy_timeout 5 s) and on SQLite also
 * makes "..." always an identifier (no double-quoted string literals) and
 * turns on SQLITE_DBCONFIG_DEFENSIVE. Does not run migrations (see migrate.h).
 * Returns 0 and *out, or DJ_EINVAL / DJ_EDB with *out NULL.
 * dj_db_close(NULL) is a no-op; closing rolls back an open transaction.
 */
int dj_db_open(const char *url, struct dj_db **out, struct dj_err *err);
void dj_db_close(struct dj_db *db);

/* Driver name: "sqlite" or "postgres". */
const char *dj_db_driver(const struct dj_db *db);

/* Process-wide database URL used by dj_db_thread() (copied). Call at start-up, before threads. */
void dj_db_configure(const char *url);
/*
 * This thread's connection, opened on first use (NULL and err set if it
 * cannot be opened, or DJ_EINTERNAL before dj_db_configure()). Closed by
 * dj_db_thread_close() or at thread exit (not at exit() of the main thread:
 * call dj_db_thread_close() there). The connection outlives one request, so
 * whoever ends a request must leave no transaction open (dj_db_rollback()).
 */
struct dj_db *dj_db_thread(struct dj_err *err);
void dj_db_thread_close(void);

/* Prepare (or fetch from the cache) a statement with $n placeholders. */
int dj_db_prepare(struct dj_db *db, const char *sql, struct dj_stmt **out, struct dj_err *err);

/*
 * Bind parameter $idx (1-based). Text/blob are copied. Return 0 or DJ_EDB
 * (index out of range, value too big). A failed bind is also remembered, and
 * the next dj_stmt_step() fails with DJ_EDB, so an unchecked bind cannot run
 * the statement with a missing value. A zero-length blob binds an empty blob.
 */
int dj_stmt_bind_int64(struct dj_stmt *st, int idx, int64_t v);
int dj_stmt_bind_text(struct dj_stmt *st, int idx, const char *s); /* NULL binds NULL */
int dj_stmt_bind_textn(struct dj_stmt *st, int idx, const char *s, size_t n);
int dj_stmt_bind_blob(struct dj_stmt *st, int idx, const void *p, size_t n);
int dj_stmt_bind_null(struct dj_stmt *st, int idx);

/*
 * Step: DJ_ROW when a row is available, DJ_DONE when finished, negative on
 * error (DJ_ECONFLICT for a UNIQUE/constraint violation, DJ_EBUSY when the
 * busy timeout passed, DJ_EDB otherwise) with err set.
 */
int dj_stmt_step(struct dj_stmt *st, struct dj_err *err);

/* Column accessors (0-based) for the current row. Text is valid until the next step/reset. */
int dj_stmt_columns(struct dj_stmt *st);
bool dj_stmt_is_null(struct dj_stmt *st, int col);
int64_t dj_stmt_int64(struct dj_stmt *st, int col);
const char *dj_stmt_text(struct dj_stmt *st, int col); /* NULL for SQL NULL */
const void *dj_stmt_blob(struct dj_stmt *st, int col, size_t *len);
const char *dj_stmt_column_name(struct dj_stmt *st, int col);

/* Reset for re-execution (keeps bindings); done automatically by dj_db_prepare(). */
void dj_stmt_reset(struct dj_stmt *st);

/* Rows changed by the last INSERT/UPDATE/DELETE on this connection. */
int64_t dj_db_changes(struct dj_db *db);

/*
 * Transactions. dj_db_begin(db, true, err) starts a write transaction
 * (BEGIN IMMEDIATE on SQLite, so the write lock is taken up front);
 * dj_db_begin(db, false, err) a read transaction. Nesting is an error.
 * dj_db_rollback() is safe to call when no transaction is open.
 * Begin inside a transaction, or commit outside one, is DJ_EINTERNAL.
 * If dj_db_commit() fails the transaction may still be open: roll back.
 * A failed statement inside a transaction does not end it; the caller
 * decides (normally dj_db_rollback()).
 */
int dj_db_begin(struct dj_db *db, bool write, struct dj_err *err);
int dj_db_commit(struct dj_db *db, struct dj_err *err);
void dj_db_rollback(struct dj_db *db);
bool dj_db_in_tx(const struct dj_db *db);

/*
 * A unit of work: one outer write transaction (BEGIN IMMEDIATE) around many
 * svc operations, for importers that must write a whole file or nothing.
 * While a unit is open, dj_db_begin() opens a savepoint instead of a
 * transaction, dj_db_commit() releases it and dj_db_rollback() rolls back to
 * it, so every svc call keeps its own all-or-nothing step and a refused step
 * leaves the rest of the unit alone. dj_db_unit_end(db, true) commits the
 * whole unit, dj_db_unit_end(db, false) rolls it all back (also the way to
 * end it after a failed commit). A killed process loses the whole unit.
 */
int dj_db_unit_begin(struct dj_db *db, struct dj_err *err);
int dj_db_unit_end(struct dj_db *db, bool commit, struct dj_err *err);
bool dj_db_in_unit(const struct dj_db *db);

/* Run one or more statements without parameters (migrations, pragmas). */
int dj_db_exec(struct dj_db *db, const char *sql, struct dj_err *err);

/*
 * Online backup of the whole database into a new file at `path`
 * (SQLite backup API); then opens the copy and runs PRAGMA integrity_check.
 * The file is created with mode 0600 and is self-contained (rollback
 * journal, not WAL). An existing file is never overwritten: DJ_ECONFLICT.
 * On any failure the partial copy is removed. Must not be called inside a
 * write transaction on `db`.
 */
int dj_db_backup(struct dj_db *db, const char *path, struct dj_err *err);

/* Run PRAGMA integrity_check (or the driver's equivalent); 0 when "ok". */
int dj_db_integrity_check(struct dj_db *db, struct dj_err *err);

/*
 * Set *exists to whether a table called `name` exists in the connection's
 * main schema (used by migrate.c to read the version of an unmigrated
 * database without writing to it). Returns 0 or DJ_EDB.
 */
int dj_db_table_exists(struct dj_db *db, const char *name, bool *exists, struct dj_err *err);

#endif
