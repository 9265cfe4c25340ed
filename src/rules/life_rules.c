/* life_rules.c - organisational life arithmetic; see life_rules.h. */
#include "base/compat.h"
#include "rules/life_rules.h"
#include "rules/rulecalc.h"

static const char *const kind_names[DJ_LIFE_KIND_COUNT] = {
    "assembly",       "committee",         "group",           "lecture", "theme_day",
    "org_life",       "democratic_review", "leadership_life", "talk",    "training",
    "village_weekly", "village_monthly",
};

static const char *const kind_labels[DJ_LIFE_KIND_COUNT] = {
    "支部党员大会", "支部委员会", "党小组会", "党课",         "主题党日",       "组织生活会",
    "民主评议党员", "民主生活会", "谈心谈话", "集中学习培训", "村“两委”周例会", "村月党员大会",
};

const char *dj_life_kind_name(enum dj_life_kind k)
{
    return (int)k >= 0 && k < DJ_LIFE_KIND_COUNT ? kind_names[k] : NULL;
}

const char *dj_life_kind_label(enum dj_life_kind k)
{
    return (int)k >= 0 && k < DJ_LIFE_KIND_COUNT ? kind_labels[k] : NULL;
}

int dj_life_kind_parse(const char *s)
{
    for (int k = 0; s && k < DJ_LIFE_KIND_COUNT; k++)
        if (!strcmp(s, kind_names[k]))
            return k;
    return -1;
}

bool dj_life_is_branch_kind(const char *org_kind)
{
    static const char *const kinds[] = {"branch", "joint_branch", "temp_branch", "grid_branch"};

    for (size_t i = 0; org_kind && i < DJ_ARRAY_LEN(kinds); i++)
        if (!strcmp(org_kind, kinds[i]))
            return true;
    return false;
}

bool dj_life_is_group_kind(const char *org_kind)
{
    return org_kind && (!strcmp(org_kind, "group") || !strcmp(org_kind, "building_group"));
}

bool dj_life_kind_allowed(enum dj_life_kind k, const char *org_kind)
{
    if (dj_life_is_group_kind(org_kind))
        return k == DJ_LIFE_GROUP || k == DJ_LIFE_TALK || k == DJ_LIFE_LECTURE ||
               k == DJ_LIFE_TRAINING;
    if (dj_life_is_branch_kind(org_kind))
        return k != DJ_LIFE_GROUP && k != DJ_LIFE_LEADERSHIP_LIFE;
    /* 党委, 党工委, 党总支: committee meetings, 民主生活会, lectures, training, talks */
    return k == DJ_LIFE_COMMITTEE || k == DJ_LIFE_LEADERSHIP_LIFE || k == DJ_LIFE_LECTURE ||
           k == DJ_LIFE_TRAINING || k == DJ_LIFE_TALK || k == DJ_LIFE_ASSEMBLY ||
           k == DJ_LIFE_THEME_DAY || k == DJ_LIFE_VILLAGE_WEEKLY;
}

static const struct dj_life_req reqs[] = {
    {"life.assembly.min_per_quarter", "assembly", DJ_PERIOD_QUARTER, DJ_TARGET_BRANCH,
     "支部党员大会"},
    {"life.committee_meeting.min_per_month", "committee", DJ_PERIOD_MONTH,
     DJ_TARGET_BRANCH_COMMITTEE, "支部委员会会议"},
    {"life.group_meeting.min_per_month", "group", DJ_PERIOD_MONTH, DJ_TARGET_GROUP, "党小组会"},
    {"life.theme_day.min_per_month", "theme_day", DJ_PERIOD_MONTH, DJ_TARGET_BRANCH, "主题党日"},
    {"life.lecture.secretary_min_per_year", "lecture_secretary", DJ_PERIOD_YEAR, DJ_TARGET_BRANCH,
     "书记讲党课"},
    {"life.lecture.min_per_quarter", "lecture", DJ_PERIOD_QUARTER, DJ_TARGET_BRANCH, "党课"},
    {"life.org_life_meeting.min_per_year", "org_life", DJ_PERIOD_YEAR, DJ_TARGET_BRANCH,
     "组织生活会"},
    {"life.democratic_review.min_per_year", "democratic_review", DJ_PERIOD_YEAR, DJ_TARGET_BRANCH,
     "民主评议党员"},
};

const struct dj_life_req *dj_life_reqs(int *n)
{
    *n = (int)DJ_ARRAY_LEN(reqs);
    return reqs;
}

struct dj_life_period_span dj_life_period_of(enum dj_life_period p, struct dj_date d)
{
    struct dj_life_period_span s;

    memset(&s, 0, sizeof(s));
    switch (p) {
    case DJ_PERIOD_MONTH:
        s.start = (struct dj_date){d.y, d.m, 1};
        s.end = dj_month_end(d.y, d.m);
        snprintf(s.label, sizeof(s.label), "%04d-%02d", d.y % 10000, d.m % 100);
        break;
    case DJ_PERIOD_QUARTER:
        s.start = dj_quarter_start(d.y, dj_date_quarter(d));
        s.end = dj_quarter_end(d.y, dj_date_quarter(d));
        snprintf(s.label, sizeof(s.label), "%04d-Q%d", d.y % 10000, dj_date_quarter(d) % 10);
        break;
    case DJ_PERIOD_YEAR:
        s.start = (struct dj_date){d.y, 1, 1};
        s.end = dj_year_end(d.y);
        snprintf(s.label, sizeof(s.label), "%04d", d.y % 10000);
        break;
    }
    return s;
}

int dj_life_required_periods(enum dj_life_period p, struct dj_date from, struct dj_date to,
                             struct dj_date today, struct dj_date founded, struct dj_date dissolved,
                             struct dj_life_period_span *out, int max)
{
    struct dj_date d = from;
    int n = 0;

    if (!dj_date_valid(from) || !dj_date_valid(to) || dj_date_cmp(from, to) > 0)
        return 0;
    while (dj_date_cmp(d, to) <= 0 && n < max) {
        struct dj_life_period_span s = dj_life_period_of(p, d);
        bool inside = dj_date_cmp(s.start, from) >= 0 && dj_date_cmp(s.end, to) <= 0;
        bool ended = dj_date_cmp(s.end, today) <= 0;
        bool existed = (!dj_date_isset(founded) || dj_date_cmp(founded, s.start) <= 0) &&
                       (!dj_date_isset(dissolved) || dj_date_cmp(dissolved, s.end) > 0);

        if (inside && ended && existed)
            out[n++] = s;
        if (s.end.y >= 9999)
            break;
        d = dj_date_add_days(s.end, 1);
    }
    return n;
}

bool dj_life_quorum_ok(enum dj_life_kind k, int64_t expected, int64_t present, struct dj_date on)
{
    switch (k) {
    case DJ_LIFE_ASSEMBLY:
    case DJ_LIFE_VILLAGE_MONTHLY:
        return dj_rule_compare_ratio("life.assembly.quorum_bp", present, expected, on);
    case DJ_LIFE_COMMITTEE:
        return dj_rule_compare_ratio("life.committee_meeting.quorum_bp", present, expected, on);
    default:
        return true;
    }
}

bool dj_life_vote_passed(int64_t expected, int64_t present, int64_t yes, int64_t written_yes,
                         struct dj_date on)
{
    if (!dj_life_quorum_ok(DJ_LIFE_ASSEMBLY, expected, present, on))
        return false;
    return dj_rule_compare_ratio("life.assembly.pass_bp", yes + written_yes, expected, on);
}
