/*
 * migrate.c - apply the embedded schema migrations (see migrate.h).
 *
 * Driver-independent: it speaks only db.h. Each pending migration runs in
 * its own write transaction together with its schema_migrations row, so a
 * migration is either wholly applied and recorded, or not at all. Whether a
 * version is pending is decided inside that transaction, so two processes
 * migrating the same database at once apply each migration exactly once.
 */
#include "base/compat.h"

#include "base/err.h"
#include "store/db.h"
#include "store/migrate.h"

static const char sql_create[] = "CREATE TABLE IF NOT EXISTS schema_migrations (\n"
                                 "    version    INTEGER PRIMARY KEY,\n"
                                 "    name       TEXT NOT NULL,\n"
                                 "    applied_at TEXT NOT NULL\n"
                                 ")";
static const char sql_applied[] = "SELECT 1 FROM schema_migrations WHERE version = $1";
static const char sql_record[] =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";
static const char sql_max[] = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";

/* Current UTC time as 2026-11-23T13:40:02Z. */
static void utc_now(char *out, size_t outsz)
{
    time_t now = time(NULL);
    struct tm tm;

    if (!gmtime_r(&now, &tm) || !strftime(out, outsz, "%Y-%m-%dT%H:%M:%SZ", &tm))
        dj_strlcpy(out, "1970-01-01T00:00:00Z", outsz);
}

/* Check the list is ordered by strictly increasing positive versions. */
static int check_list(const struct dj_migration *list, int *last, struct dj_err *err)
{
    int prev = 0;

    for (; list->name; list++) {
        if (list->version <= prev || !list->sql) {
            dj_err_set(err, DJ_EINTERNAL, NULL, "数据库迁移列表有误");
            return dj_err_detail(err, "migration %s: version %d not above %d, or no SQL",
                                 list->name, list->version, prev);
        }
        prev = list->version;
    }
    *last = prev;
    return 0;
}

/* Set *applied to whether `version` has a schema_migrations row. */
static int is_applied(struct dj_db *db, int version, bool *applied, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc;

    rc = dj_db_prepare(db, sql_applied, &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, version);
    rc = dj_stmt_step(st, err);
    if (rc < 0)
        return rc;
    *applied = rc == DJ_ROW;
    dj_stmt_reset(st);
    return 0;
}

/* Apply one migration with its record, in one write transaction; *ran says if it was pending. */
static int apply_one(struct dj_db *db, const struct dj_migration *m, bool *ran, struct dj_err *err)
{
    struct dj_stmt *st;
    char now[32];
    bool done = false;
    int rc;

    *ran = false;
    rc = dj_db_begin(db, true, err);
    if (rc)
        return rc;
    rc = is_applied(db, m->version, &done, err);
    if (rc || done)
        goto out;
    rc = dj_db_exec(db, m->sql, err);
    if (rc)
        goto out;
    rc = dj_db_prepare(db, sql_record, &st, err);
    if (rc)
        goto out;
    utc_now(now, sizeof(now));
    dj_stmt_bind_int64(st, 1, m->version);
    dj_stmt_bind_text(st, 2, m->name);
    dj_stmt_bind_text(st, 3, now);
    rc = dj_stmt_step(st, err);
    if (rc < 0)
        goto out;
    rc = dj_db_commit(db, err);
    if (!rc)
        *ran = true;
out:
    if (rc || done)
        dj_db_rollback(db);
    return rc;
}

int dj_migrate_list(struct dj_db *db, const struct dj_migration *list, int *applied,
                    struct dj_err *err)
{
    const struct dj_migration *m;
    int last = 0, current = 0, count = 0;
    int rc;

    if (applied)
        *applied = 0;
    rc = check_list(list, &last, err);
    if (rc)
        return rc;
    rc = dj_db_exec(db, sql_create, err);
    if (rc)
        return rc;
    rc = dj_migrate_version(db, &current, err);
    if (rc)
        return rc;
    if (current > last) {
        dj_err_set(err, DJ_ECONFLICT, NULL, "数据库版本 %d 高于本程序支持的版本 %d，请升级程序",
                   current, last);
        return dj_err_detail(err, "schema_migrations has version %d, binary knows up to %d",
                             current, last);
    }
    for (m = list; m->name; m++) {
        bool done, ran;

        /* Look first without the write lock, so an up-to-date database is not locked. */
        rc = is_applied(db, m->version, &done, err);
        if (rc)
            return rc;
        if (done)
            continue;
        rc = apply_one(db, m, &ran, err);
        if (rc) {
            char message[sizeof(err->message)], detail[sizeof(err->detail)];

            if (!err)
                return rc;
            dj_strlcpy(message, err->message, sizeof(message));
            dj_strlcpy(detail, err->detail, sizeof(detail));
            dj_err_set(err, rc, NULL, "数据库迁移 %s 失败，已回滚：%s", m->name, message);
            dj_err_detail(err, "migration %s: %s", m->name, detail);
            return rc;
        }
        if (ran && applied)
            *applied = ++count; /* kept current, so a later failure still reports these */
    }
    return 0;
}

int dj_migrate(struct dj_db *db, int *applied, struct dj_err *err)
{
    return dj_migrate_list(db, dj_migrations, applied, err);
}

int dj_migrate_version(struct dj_db *db, int *version, struct dj_err *err)
{
    struct dj_stmt *st;
    bool exists;
    int rc;

    *version = 0;
    rc = dj_db_table_exists(db, "schema_migrations", &exists, err);
    if (rc || !exists)
        return rc;
    rc = dj_db_prepare(db, sql_max, &st, err);
    if (rc)
        return rc;
    rc = dj_stmt_step(st, err);
    if (rc < 0)
        return rc;
    if (rc == DJ_ROW)
        *version = (int)dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return 0;
}
