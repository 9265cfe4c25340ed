/*
 * deadline.h - the one shape in which every capability hands its dated
 * obligations (政治生日, 谈话到期, 预备期届满, 介绍信到期, 换届, 党费欠缴,
 * meetings due, …) to the reminder scheduler and to the 待办/预警 lists.
 *
 * A capability exposes a lister with the dj_deadline_lister signature; it
 * calls `emit` once per item whose due date falls in [from, to] and whose
 * organisation lies inside `scope`. Items are values: the strings are only
 * valid during the call, so a consumer copies what it keeps. The reminder
 * scheduler builds its idempotency key from (kind, key, due).
 */
#ifndef DJ_SVC_DEADLINE_H
#define DJ_SVC_DEADLINE_H

#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/db.h"

enum dj_deadline_level {
    DJ_DEADLINE_INFO,    /* a date to remember (政治生日) */
    DJ_DEADLINE_DUE,     /* something must be done by `due` */
    DJ_DEADLINE_OVERDUE, /* `due` has passed and it was not done */
};

struct dj_deadline {
    const char *kind;    /* stable ASCII kind: "birthday", "dev.talk_due", "term.expiry", … */
    const char *key;     /* stable ASCII key unique within kind: "member:42", "applicant:7:step:3" */
    int64_t org_id;      /* the organisation responsible (its admins are told) */
    const char *org_path; /* that organisation's materialised path */
    int64_t member_id;   /* the member concerned, 0 when none */
    struct dj_date due;  /* the civil date it falls due */
    enum dj_deadline_level level;
    const char *rule_id; /* the rule that sets the date, "" when none */
    const char *title;   /* short Chinese line: "张三 政治生日（入党 5 周年）" */
};

/* Called once per item; a non-zero return stops the listing and is returned. */
typedef int (*dj_deadline_emit)(void *ctx, const struct dj_deadline *d);

/* The signature of every capability's lister. */
typedef int (*dj_deadline_lister)(struct dj_db *db, const struct dj_scope *scope, struct dj_date from,
                                  struct dj_date to, dj_deadline_emit emit, void *ctx,
                                  struct dj_err *err);

#endif
