/*
 * remind.h (store) - SQL for 政治生日, the reminder inbox, deliveries and
 * users' e-mail addresses (sql/0003_reminders.sql).
 *
 * No permission checks here: svc/birthday.c and svc/remind.c decide. Reads
 * of organisation data take the caller's scope (store/scoped.h). Results
 * are arena-allocated. Functions return 0, DJ_ENOTFOUND for an absent row,
 * or a store error.
 */
#ifndef DJ_STORE_REMIND_H
#define DJ_STORE_REMIND_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/db.h"

/* A member whose 入党日期's month-day lies in a range. */
struct dj_birthday_row {
    int64_t member_id;
    const char *name;
    int64_t org_id;
    const char *org_path;
    const char *org_name;
    const char *joined_on; /* YYYY-MM-DD */
    const char *category;  /* full | probationary */
    int64_t user_id;       /* the member's own account, 0 if none */
};

/*
 * Members in status normal, mobile or lost_contact inside the subtree range
 * [sub_lo, sub_hi) and the scope whose 入党日期 month-day ("MM-DD") lies in
 * [md_lo, md_hi], ordered by organisation path, month-day and id.
 */
int dj_store_birthdays(struct dj_db *db, const struct dj_scope *scope, const char *sub_lo,
                       const char *sub_hi, const char *md_lo, const char *md_hi,
                       struct dj_arena *arena, struct dj_birthday_row **rows, int *n,
                       struct dj_err *err);

/* An administrator binding on an organisation whose path is a prefix of a path. */
struct dj_remind_admin {
    int64_t user_id;
    const char *org_path; /* the bound organisation's path */
};

/*
 * Enabled accounts holding org_admin or branch_admin on `path` or on one of
 * its upper organisations, deepest binding first.
 */
int dj_store_remind_admins(struct dj_db *db, const char *path, struct dj_arena *arena,
                           struct dj_remind_admin **rows, int *n, struct dj_err *err);

/* The kind of the organisation at `path` into kind (DJ_ENOTFOUND when none). */
int dj_store_remind_org_kind(struct dj_db *db, const char *path, char *kind, size_t kindsz,
                             struct dj_err *err);

/* The enabled account linked to a member (members.user_id), 0 when none. */
int dj_store_remind_member_user(struct dj_db *db, int64_t member_id, int64_t *user_id,
                                struct dj_err *err);

/* A new inbox entry. */
struct dj_inbox_new {
    int64_t user_id;
    const char *kind, *key, *due, *stage, *level;
    int64_t org_id; /* 0 = none */
    const char *org_path;
    int64_t member_id; /* 0 = none */
    const char *rule_id, *title, *run_date, *now;
};

/* Insert unless (kind, key, due, user, stage) exists: *id = the new id, or 0 when it existed. */
int dj_store_inbox_insert(struct dj_db *db, const struct dj_inbox_new *e, int64_t *id,
                          struct dj_err *err);

/* A pending delivery for a new entry (the channel's first attempt from next_at). */
int dj_store_delivery_insert(struct dj_db *db, int64_t inbox_id, const char *channel,
                             int64_t next_at, const char *now, struct dj_err *err);

struct dj_inbox_row {
    int64_t id;
    const char *kind, *key, *due, *stage, *level;
    int64_t org_id;
    const char *org_path;
    const char *org_name; /* "" when the organisation is gone */
    int64_t member_id;
    const char *rule_id, *title, *created_at;
    const char *read_at; /* NULL = unread */
};

/* One user's entries, newest first; unread_only limits to unread ones. *total before paging. */
int dj_store_inbox_list(struct dj_db *db, int64_t user_id, bool unread_only, int64_t limit,
                        int64_t offset, struct dj_arena *arena, struct dj_inbox_row **rows, int *n,
                        int64_t *total, struct dj_err *err);

/* Unread and all entries of a user. */
int dj_store_inbox_count(struct dj_db *db, int64_t user_id, int64_t *unread, int64_t *total,
                         struct dj_err *err);

/* Mark one of the user's entries read: DJ_ENOTFOUND when it is not theirs or absent. */
int dj_store_inbox_read(struct dj_db *db, int64_t user_id, int64_t id, const char *now,
                        struct dj_err *err);

/* Mark all the user's unread entries read; *changed = how many. */
int dj_store_inbox_read_all(struct dj_db *db, int64_t user_id, const char *now, int64_t *changed,
                            struct dj_err *err);

/* A delivery due for an attempt, with what it carries. */
struct dj_delivery_row {
    int64_t id;
    const char *channel;
    int attempts;
    int64_t inbox_id, user_id;
    const char *username, *display_name, *email; /* email "" when none */
    const char *kind, *key, *due, *level, *title, *org_path;
    int64_t org_id, member_id;
};

/* Pending deliveries with next_at <= now, oldest first, at most limit. */
int dj_store_deliveries_due(struct dj_db *db, int64_t now, int limit, struct dj_arena *arena,
                            struct dj_delivery_row **rows, int *n, struct dj_err *err);

/* Record an attempt's outcome. sent_at NULL unless sent; last_error NULL when none. */
int dj_store_delivery_update(struct dj_db *db, int64_t id, const char *status, int attempts,
                             const char *last_error, int64_t next_at, const char *sent_at,
                             struct dj_err *err);

/* Counts of deliveries by status (for `remind list --deliveries` and tests). */
int dj_store_delivery_counts(struct dj_db *db, int64_t *pending, int64_t *sent, int64_t *failed,
                             struct dj_err *err);

/* A user's e-mail address ("" when none) / set it (NULL or "" clears). */
int dj_store_user_email(struct dj_db *db, int64_t user_id, char *out, size_t outsz,
                        struct dj_err *err);
int dj_store_user_set_email(struct dj_db *db, int64_t user_id, const char *email, const char *now,
                            struct dj_err *err);

#endif
