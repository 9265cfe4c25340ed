/*
 * birthday.h (svc) - 政治生日: each member's anniversary of the 入党日期.
 *
 * In a year Y the anniversary of a 入党日期 J is J + (Y - J.y) calendar years
 * (dj_member_birthday), so a 29 February date falls on 28 February in common
 * years. Only members in status normal, mobile or lost_contact have one
 * (not suspended, left or deceased); 预备党员 count from their 入党日期 too.
 *
 * dj_birthday_lister has the dj_deadline_lister signature (svc/deadline.h):
 * kind "birthday", key "member:ID", level DJ_DEADLINE_INFO, the member's
 * branch as the responsible organisation, rule remind.political_birthday.days_before.
 */
#ifndef DJ_SVC_BIRTHDAY_H
#define DJ_SVC_BIRTHDAY_H

#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/db.h"
#include "store/org.h"
#include "svc/deadline.h"

#define DJ_BIRTHDAY_KIND "birthday"
#define DJ_BIRTHDAY_RULE "remind.political_birthday.days_before"

/*
 * The anniversary of `joined` in year `y` (02-29 -> 02-28 in a common year);
 * unset when `joined` is unset or y is not after joined.y.
 */
struct dj_date dj_birthday_in_year(struct dj_date joined, int y);

/* Items of [from, to] (at most 366 days) in `scope`; see deadline.h. */
int dj_birthday_lister(struct dj_db *db, const struct dj_scope *scope, struct dj_date from,
                       struct dj_date to, dj_deadline_emit emit, void *ctx, struct dj_err *err);

struct dj_birthday_item {
    int64_t member_id;
    const char *name;
    int64_t org_id;
    const char *org_name;
    const char *org_path;
    const char *joined_on; /* 入党日期 */
    const char *category;  /* full | probationary */
    struct dj_date date;   /* the anniversary in the month asked for */
    int years;             /* 入党 N 周年 */
};

struct dj_birthday_month {
    struct dj_org_row org; /* root of the subtree */
    int y, m;
    int n;
    struct dj_birthday_item *items; /* by date, then organisation path, then name order of id */
};

/*
 * 政治生日 in month y-m for the subtree of org_id. Permission DJ_PERM_READ on
 * the organisation (DJ_EPERM "无权访问该组织的数据" outside the scope and for a
 * missing organisation alike). DJ_EINVAL naming "month" for a bad month.
 */
int dj_birthday_list_month(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, int y,
                           int m, struct dj_arena *arena, struct dj_birthday_month *out,
                           struct dj_err *err);

/* Parse "YYYY-MM" (years 1900..9999); DJ_EINVAL naming `field`. */
int dj_birthday_parse_month(const char *s, int *y, int *m, const char *field, struct dj_err *err);

#endif
