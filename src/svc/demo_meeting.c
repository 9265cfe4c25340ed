/*
 * demo_meeting.c - two years of organisational life for the demo
 * (`dangjian demo --scale district|city|province`): for every active
 * branch and 党小组 with members, the 24 months before the current one get
 * 主题党日 and 支委会 (where there is a committee) monthly, 党员大会 and 党课
 * quarterly (the 书记 lectures in the second quarter), 组织生活会 and 民主评议
 * in December, and 党小组会 monthly per group, with realistic gaps: about 8%
 * of branches are weak and miss nearly half of their meetings, the rest miss
 * about 6%; one 党员大会 in five lacks its quorum. The last two months keep
 * some records submitted (the review inbox) or returned. Each counted member
 * gets 学时 and 谈心谈话 for the last two years (about one in six short of 32).
 * Records carry their counts but no attendance rows (a demo shortcut that
 * keeps the city scale quick to load); life_member_year is written directly.
 * Deterministic for a seed and "today". The fixed `--scale test` fixture is
 * built elsewhere (cli/cmd_demo.c) and gets nothing from here.
 */
#include "base/compat.h"
#include "rules/life_rules.h"
#include "store/demo_meeting.h"
#include "svc/demo_int.h"

int dj_demo_meetings(struct dj_db *db, const struct dj_demo_opts *o, const char *now,
                     int64_t *meetings, struct dj_err *err)
{
    struct dj_demo_life p = {0};
    int cur = dj_life_ym(o->today);

    p.hi_ym = cur - 1;
    p.lo_ym = cur - 24;
    p.review_ym = cur - 2;
    p.year_lo = o->today.y - 1;
    p.year_hi = o->today.y;
    p.seed = (int64_t)(o->seed % 1000003);
    p.now = now;
    return dj_store_demo_life(db, &p, meetings, err);
}
