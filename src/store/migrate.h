/*
 * migrate.h - versioned schema migrations embedded in the binary.
 *
 * Migrations are the files sql/NNNN_name.sql, compiled into the program by
 * the build (see sql/meson.build and scripts/embed_sql.py). They are applied in
 * order, each in its own write transaction together with its row in
 * schema_migrations(version, name, applied_at). Applying is idempotent.
 * To add one: write sql/NNNN_name.sql and list it in sql/meson.build; never
 * edit a migration that has shipped. See docs/store.md.
 */
#ifndef DJ_MIGRATE_H
#define DJ_MIGRATE_H

#include "base/err.h"
#include "store/db.h"

struct dj_migration {
    int version;      /* NNNN from the file name */
    const char *name; /* file name without extension */
    const char *sql;  /* file contents */
};

/* The embedded list, ordered by version, terminated by {0, NULL, NULL}. */
extern const struct dj_migration dj_migrations[];

/*
 * Apply all pending migrations; *applied (may be NULL) gets how many ran.
 * A migration is pending when schema_migrations has no row for its version.
 * Stops at the first failure: that migration is rolled back entirely, the
 * ones before it stay applied (and are counted in *applied), and err names
 * the failing migration.
 * Refuses (DJ_ECONFLICT) a database whose version is above the last one
 * this program knows, i.e. one written by a newer program.
 * A migration's SQL must not contain BEGIN/COMMIT; it already runs inside a
 * write transaction (so on SQLite it cannot change PRAGMA foreign_keys).
 */
int dj_migrate(struct dj_db *db, int *applied, struct dj_err *err);

/*
 * dj_migrate() with a caller-supplied list instead of dj_migrations[], in the
 * same form (ordered by strictly increasing version, terminated by an entry
 * whose name is NULL). For tests and tools. A list out of order is
 * DJ_EINTERNAL.
 */
int dj_migrate_list(struct dj_db *db, const struct dj_migration *list, int *applied,
                    struct dj_err *err);

/* Highest applied version (0 for an empty database). */
int dj_migrate_version(struct dj_db *db, int *version, struct dj_err *err);

#endif
