/*
 * todo.h (svc) - the 待办/预警 list of an organisation's subtree: every dated
 * obligation of every registered reminder source (svc/remind_sources.c), for
 * a window around today, as the reader of that subtree may see it. The same
 * listers feed the reminder scheduler; here they answer on demand, so the
 * list is never stale and needs no table. docs/reminders.md.
 */
#ifndef DJ_SVC_TODO_H
#define DJ_SVC_TODO_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/db.h"
#include "svc/deadline.h"

/* Most items returned; the rest are counted in `more`. */
#define DJ_TODO_MAX 500

struct dj_todo_item {
    const char *kind, *key, *source; /* source: the Chinese name of the reminder source */
    int64_t org_id, member_id;
    const char *org_path;
    struct dj_date due;
    enum dj_deadline_level level;
    const char *rule_id, *title;
};

struct dj_todo {
    int n;
    int64_t more; /* items beyond DJ_TODO_MAX, not returned */
    struct dj_todo_item *items; /* overdue first, then by due date, then kind and key */
};

/*
 * The obligations of org_id's subtree falling due in [from, to] (from may lie
 * in the past to include what is overdue). Items of level INFO (政治生日, a
 * 积极分子 now eligible) only with `with_info`. DJ_PERM_READ on org_id, else
 * the same 403 as a missing organisation. to - from is at most 366 days.
 */
int dj_todo_list(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                 struct dj_date from, struct dj_date to, bool with_info, struct dj_arena *arena,
                 struct dj_todo *out, struct dj_err *err);

#endif
