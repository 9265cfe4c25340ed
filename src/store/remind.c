/* remind.c (store) - 政治生日, inbox, deliveries, e-mail addresses; see remind.h. */
#include "base/compat.h"
#include "store/remind.h"
#include "store/scoped.h"

#define SCOPE_M                                                                                    \
    "((m.org_path >= $5 AND m.org_path < $6) OR (m.org_path >= $7 AND m.org_path < $8) OR "        \
    "(m.org_path >= $9 AND m.org_path < $10) OR (m.org_path >= $11 AND m.org_path < $12))"

static const char sql_birthdays[] =
    "SELECT m.id, m.name, m.org_id, m.org_path, COALESCE(o.name, ''), m.joined_on, m.category, "
    "COALESCE(m.user_id, 0) FROM members m LEFT JOIN orgs o ON o.id = m.org_id "
    "WHERE m.status IN ('normal', 'mobile', 'lost_contact') "
    "AND substr(m.joined_on, 6, 5) >= $1 AND substr(m.joined_on, 6, 5) <= $2 "
    "AND m.org_path >= $3 AND m.org_path < $4 AND " SCOPE_M " "
    "ORDER BY m.org_path, substr(m.joined_on, 6, 5), m.id";

static const char *col_dup(struct dj_stmt *st, int col, struct dj_arena *arena)
{
    const char *s = dj_stmt_text(st, col);
    return dj_arena_strdup(arena, s ? s : "");
}

/* Grow an arena array of `size`-byte elements to hold one more. */
static void *grow(struct dj_arena *arena, void *v, int n, int *cap, size_t size)
{
    void *nv;

    if (n < *cap)
        return v;
    *cap = *cap ? *cap * 2 : 16;
    nv = dj_arena_alloc(arena, size * (size_t)*cap);
    if (n)
        memcpy(nv, v, size * (size_t)n);
    return nv;
}

int dj_store_birthdays(struct dj_db *db, const struct dj_scope *scope, const char *sub_lo,
                       const char *sub_hi, const char *md_lo, const char *md_hi,
                       struct dj_arena *arena, struct dj_birthday_row **rows, int *n,
                       struct dj_err *err)
{
    struct dj_stmt *st;
    int rc, cap = 0;

    *rows = NULL;
    *n = 0;
    rc = dj_db_prepare(db, sql_birthdays, &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, md_lo);
    dj_stmt_bind_text(st, 2, md_hi);
    dj_stmt_bind_text(st, 3, sub_lo);
    dj_stmt_bind_text(st, 4, sub_hi);
    dj_store_bind_scope(st, 5, scope);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_birthday_row *r;
        *rows = grow(arena, *rows, *n, &cap, sizeof(**rows));
        r = &(*rows)[(*n)++];
        r->member_id = dj_stmt_int64(st, 0);
        r->name = col_dup(st, 1, arena);
        r->org_id = dj_stmt_int64(st, 2);
        r->org_path = col_dup(st, 3, arena);
        r->org_name = col_dup(st, 4, arena);
        r->joined_on = col_dup(st, 5, arena);
        r->category = col_dup(st, 6, arena);
        r->user_id = dj_stmt_int64(st, 7);
    }
    return rc < 0 ? rc : 0;
}

/* Bindings on `path` or above: the bound path is a prefix of `path`. */
static const char sql_admins[] =
    "SELECT r.user_id, o.path FROM user_roles r JOIN orgs o ON o.id = r.org_id "
    "JOIN users u ON u.id = r.user_id "
    "WHERE r.role IN ('org_admin', 'branch_admin') AND u.disabled = 0 "
    "AND substr($1, 1, length(o.path)) = o.path "
    "ORDER BY length(o.path) DESC, r.user_id";

int dj_store_remind_admins(struct dj_db *db, const char *path, struct dj_arena *arena,
                           struct dj_remind_admin **rows, int *n, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc, cap = 0;

    *rows = NULL;
    *n = 0;
    rc = dj_db_prepare(db, sql_admins, &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, path);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        *rows = grow(arena, *rows, *n, &cap, sizeof(**rows));
        (*rows)[*n].user_id = dj_stmt_int64(st, 0);
        (*rows)[*n].org_path = col_dup(st, 1, arena);
        (*n)++;
    }
    return rc < 0 ? rc : 0;
}

int dj_store_remind_org_kind(struct dj_db *db, const char *path, char *kind, size_t kindsz,
                             struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, "SELECT kind FROM orgs WHERE path = $1", &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, path);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        dj_strlcpy(kind, dj_stmt_text(st, 0) ? dj_stmt_text(st, 0) : "", kindsz);
        rc = 0;
    } else if (rc == DJ_DONE) {
        rc = dj_err_set(err, DJ_ENOTFOUND, NULL, "组织不存在");
    }
    dj_stmt_reset(st);
    return rc;
}

int dj_store_remind_member_user(struct dj_db *db, int64_t member_id, int64_t *user_id,
                                struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT u.id FROM members m JOIN users u ON u.id = m.user_id "
                           "WHERE m.id = $1 AND u.disabled = 0",
                           &st, err);

    *user_id = 0;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, member_id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        *user_id = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

static const char sql_inbox_insert[] =
    "INSERT INTO inbox (user_id, kind, key, due, stage, level, org_id, org_path, member_id, "
    "rule_id, title, run_date, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
    "ON CONFLICT (kind, key, due, user_id, stage) DO NOTHING RETURNING id";

int dj_store_inbox_insert(struct dj_db *db, const struct dj_inbox_new *e, int64_t *id,
                          struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql_inbox_insert, &st, err);

    *id = 0;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, e->user_id);
    dj_stmt_bind_text(st, 2, e->kind);
    dj_stmt_bind_text(st, 3, e->key);
    dj_stmt_bind_text(st, 4, e->due);
    dj_stmt_bind_text(st, 5, e->stage);
    dj_stmt_bind_text(st, 6, e->level);
    if (e->org_id > 0)
        dj_stmt_bind_int64(st, 7, e->org_id);
    else
        dj_stmt_bind_null(st, 7);
    dj_stmt_bind_text(st, 8, e->org_path);
    if (e->member_id > 0)
        dj_stmt_bind_int64(st, 9, e->member_id);
    else
        dj_stmt_bind_null(st, 9);
    dj_stmt_bind_text(st, 10, e->rule_id ? e->rule_id : "");
    dj_stmt_bind_text(st, 11, e->title);
    dj_stmt_bind_text(st, 12, e->run_date);
    dj_stmt_bind_text(st, 13, e->now);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        *id = dj_stmt_int64(st, 0);
        rc = dj_stmt_step(st, err);
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_delivery_insert(struct dj_db *db, int64_t inbox_id, const char *channel,
                             int64_t next_at, const char *now, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "INSERT INTO deliveries (inbox_id, channel, next_at, created_at) "
                           "VALUES ($1, $2, $3, $4) ON CONFLICT (inbox_id, channel) DO NOTHING",
                           &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, inbox_id);
    dj_stmt_bind_text(st, 2, channel);
    dj_stmt_bind_int64(st, 3, next_at);
    dj_stmt_bind_text(st, 4, now);
    rc = dj_stmt_step(st, err);
    return rc < 0 ? rc : 0;
}

#define INBOX_COLS                                                                                 \
    "i.id, i.kind, i.key, i.due, i.stage, i.level, COALESCE(i.org_id, 0), i.org_path, "            \
    "COALESCE(o.name, ''), COALESCE(i.member_id, 0), i.rule_id, i.title, i.created_at, i.read_at"

int dj_store_inbox_list(struct dj_db *db, int64_t user_id, bool unread_only, int64_t limit,
                        int64_t offset, struct dj_arena *arena, struct dj_inbox_row **rows, int *n,
                        int64_t *total, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc, cap = 0;

    *rows = NULL;
    *n = 0;
    *total = 0;
    rc = dj_db_prepare(db,
                       "SELECT COUNT(*) FROM inbox WHERE user_id = $1 "
                       "AND ($2 = 0 OR read_at IS NULL)",
                       &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, user_id);
    dj_stmt_bind_int64(st, 2, unread_only ? 1 : 0);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        *total = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    if (rc < 0 || *total == 0)
        return rc < 0 ? rc : 0;

    rc = dj_db_prepare(db,
                       "SELECT " INBOX_COLS " FROM inbox i LEFT JOIN orgs o ON o.id = i.org_id "
                       "WHERE i.user_id = $1 AND ($2 = 0 OR i.read_at IS NULL) "
                       "ORDER BY i.id DESC LIMIT $3 OFFSET $4",
                       &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, user_id);
    dj_stmt_bind_int64(st, 2, unread_only ? 1 : 0);
    dj_stmt_bind_int64(st, 3, limit);
    dj_stmt_bind_int64(st, 4, offset);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_inbox_row *r;
        *rows = grow(arena, *rows, *n, &cap, sizeof(**rows));
        r = &(*rows)[(*n)++];
        r->id = dj_stmt_int64(st, 0);
        r->kind = col_dup(st, 1, arena);
        r->key = col_dup(st, 2, arena);
        r->due = col_dup(st, 3, arena);
        r->stage = col_dup(st, 4, arena);
        r->level = col_dup(st, 5, arena);
        r->org_id = dj_stmt_int64(st, 6);
        r->org_path = col_dup(st, 7, arena);
        r->org_name = col_dup(st, 8, arena);
        r->member_id = dj_stmt_int64(st, 9);
        r->rule_id = col_dup(st, 10, arena);
        r->title = col_dup(st, 11, arena);
        r->created_at = col_dup(st, 12, arena);
        r->read_at = dj_stmt_is_null(st, 13) ? NULL : col_dup(st, 13, arena);
    }
    return rc < 0 ? rc : 0;
}

int dj_store_inbox_count(struct dj_db *db, int64_t user_id, int64_t *unread, int64_t *total,
                         struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT COUNT(*) FILTER (WHERE read_at IS NULL), COUNT(*) FROM inbox "
                           "WHERE user_id = $1",
                           &st, err);

    *unread = *total = 0;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, user_id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        *unread = dj_stmt_int64(st, 0);
        *total = dj_stmt_int64(st, 1);
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_inbox_read(struct dj_db *db, int64_t user_id, int64_t id, const char *now,
                        struct dj_err *err)
{
    struct dj_stmt *st;
    bool found = false;
    int rc = dj_db_prepare(db, "SELECT 1 FROM inbox WHERE id = $1 AND user_id = $2", &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    dj_stmt_bind_int64(st, 2, user_id);
    rc = dj_stmt_step(st, err);
    found = rc == DJ_ROW;
    dj_stmt_reset(st);
    if (rc < 0)
        return rc;
    if (!found)
        return dj_err_set(err, DJ_ENOTFOUND, "id", "消息不存在");
    rc = dj_db_prepare(db,
                       "UPDATE inbox SET read_at = $3 WHERE id = $1 AND user_id = $2 "
                       "AND read_at IS NULL",
                       &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    dj_stmt_bind_int64(st, 2, user_id);
    dj_stmt_bind_text(st, 3, now);
    rc = dj_stmt_step(st, err);
    return rc < 0 ? rc : 0;
}

int dj_store_inbox_read_all(struct dj_db *db, int64_t user_id, const char *now, int64_t *changed,
                            struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(
        db, "UPDATE inbox SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL", &st, err);

    *changed = 0;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, user_id);
    dj_stmt_bind_text(st, 2, now);
    rc = dj_stmt_step(st, err);
    if (rc >= 0)
        *changed = dj_db_changes(db);
    return rc < 0 ? rc : 0;
}

static const char sql_due[] =
    "SELECT d.id, d.channel, d.attempts, i.id, i.user_id, u.username, u.display_name, "
    "COALESCE(u.email, ''), i.kind, i.key, i.due, i.level, i.title, i.org_path, "
    "COALESCE(i.org_id, 0), COALESCE(i.member_id, 0) "
    "FROM deliveries d JOIN inbox i ON i.id = d.inbox_id JOIN users u ON u.id = i.user_id "
    "WHERE d.status = 'pending' AND d.next_at <= $1 ORDER BY d.next_at, d.id LIMIT $2";

int dj_store_deliveries_due(struct dj_db *db, int64_t now, int limit, struct dj_arena *arena,
                            struct dj_delivery_row **rows, int *n, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc, cap = 0;

    *rows = NULL;
    *n = 0;
    rc = dj_db_prepare(db, sql_due, &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, now);
    dj_stmt_bind_int64(st, 2, limit);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_delivery_row *r;
        *rows = grow(arena, *rows, *n, &cap, sizeof(**rows));
        r = &(*rows)[(*n)++];
        r->id = dj_stmt_int64(st, 0);
        r->channel = col_dup(st, 1, arena);
        r->attempts = (int)dj_stmt_int64(st, 2);
        r->inbox_id = dj_stmt_int64(st, 3);
        r->user_id = dj_stmt_int64(st, 4);
        r->username = col_dup(st, 5, arena);
        r->display_name = col_dup(st, 6, arena);
        r->email = col_dup(st, 7, arena);
        r->kind = col_dup(st, 8, arena);
        r->key = col_dup(st, 9, arena);
        r->due = col_dup(st, 10, arena);
        r->level = col_dup(st, 11, arena);
        r->title = col_dup(st, 12, arena);
        r->org_path = col_dup(st, 13, arena);
        r->org_id = dj_stmt_int64(st, 14);
        r->member_id = dj_stmt_int64(st, 15);
    }
    return rc < 0 ? rc : 0;
}

int dj_store_delivery_update(struct dj_db *db, int64_t id, const char *status, int attempts,
                             const char *last_error, int64_t next_at, const char *sent_at,
                             struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "UPDATE deliveries SET status = $2, attempts = $3, last_error = $4, "
                           "next_at = $5, sent_at = $6 WHERE id = $1",
                           &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    dj_stmt_bind_text(st, 2, status);
    dj_stmt_bind_int64(st, 3, attempts);
    dj_stmt_bind_text(st, 4, last_error);
    dj_stmt_bind_int64(st, 5, next_at);
    dj_stmt_bind_text(st, 6, sent_at);
    rc = dj_stmt_step(st, err);
    return rc < 0 ? rc : 0;
}

int dj_store_delivery_counts(struct dj_db *db, int64_t *pending, int64_t *sent, int64_t *failed,
                             struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT COUNT(*) FILTER (WHERE status = 'pending'), "
                           "COUNT(*) FILTER (WHERE status = 'sent'), "
                           "COUNT(*) FILTER (WHERE status = 'failed') FROM deliveries",
                           &st, err);

    *pending = *sent = *failed = 0;
    if (rc)
        return rc;
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        *pending = dj_stmt_int64(st, 0);
        *sent = dj_stmt_int64(st, 1);
        *failed = dj_stmt_int64(st, 2);
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_user_email(struct dj_db *db, int64_t user_id, char *out, size_t outsz,
                        struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, "SELECT COALESCE(email, '') FROM users WHERE id = $1", &st, err);

    out[0] = '\0';
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, user_id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        dj_strlcpy(out, dj_stmt_text(st, 0), outsz);
        rc = 0;
    } else if (rc == DJ_DONE) {
        rc = dj_err_set(err, DJ_ENOTFOUND, NULL, "用户不存在");
    }
    dj_stmt_reset(st);
    return rc;
}

int dj_store_user_set_email(struct dj_db *db, int64_t user_id, const char *email, const char *now,
                            struct dj_err *err)
{
    struct dj_stmt *st;
    int rc =
        dj_db_prepare(db, "UPDATE users SET email = $2, updated_at = $3 WHERE id = $1", &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, user_id);
    dj_stmt_bind_text(st, 2, email && *email ? email : NULL);
    dj_stmt_bind_text(st, 3, now);
    rc = dj_stmt_step(st, err);
    if (rc >= 0 && dj_db_changes(db) == 0)
        return dj_err_set(err, DJ_ENOTFOUND, NULL, "用户不存在");
    return rc < 0 ? rc : 0;
}
