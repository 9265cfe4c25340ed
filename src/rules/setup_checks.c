/*
 * setup_checks.c - the organisation set-up checks (spec §1.1, §1.2, §8),
 * pure: counts and dates in, findings out. See setup_checks.h.
 */
#include "base/compat.h"
#include "rules/setup_checks.h"

/*
 * Per check: its JSON name and whether it is a warning even when its rule is
 * tagged V. Those are the cases where the regulation itself allows the
 * situation ("一般", "经上级党组织批准也可设立"), which the database does not
 * record, so the system cannot call it a violation.
 */
static const struct {
    const char *name;
    bool soft;
} defs[DJ_CHK_COUNT] = {
    [DJ_CHK_BRANCH_MIN_FULL] = {"branch_min_full_members", false},
    [DJ_CHK_COMMITTEE_MISSING] = {"committee_missing", false},
    [DJ_CHK_COMMITTEE_NOT_NEEDED] = {"committee_not_needed", false},
    [DJ_CHK_COMMITTEE_TOO_SMALL] = {"committee_too_small", false},
    [DJ_CHK_COMMITTEE_OVER_USUAL] = {"committee_over_usual", true},
    [DJ_CHK_COMMITTEE_TOO_LARGE] = {"committee_too_large", false},
    [DJ_CHK_GENERAL_BRANCH_MIN] = {"general_branch_min_members", true},
    [DJ_CHK_BASIC_COMMITTEE_MIN] = {"basic_committee_min_members", true},
    [DJ_CHK_SECRETARY_VACANT] = {"secretary_vacant", false},
    [DJ_CHK_ORGAN_SECRETARY] = {"organ_secretary_not_principal", false},
    [DJ_CHK_JOINT_BRANCH_UNITS] = {"joint_branch_max_units", false},
    [DJ_CHK_UNIT_WITHOUT_ORG] = {"unit_without_org", false},
};

const char *dj_setup_check_name(enum dj_setup_check c)
{
    return (unsigned)c < DJ_CHK_COUNT ? defs[c].name : "unknown";
}

/* actual <cmp> value; a rule without comparison holds trivially. */
static bool holds(int64_t actual, enum dj_rule_cmp cmp, int64_t value)
{
    switch (cmp) {
    case DJ_CMP_LT:
        return actual < value;
    case DJ_CMP_LE:
        return actual <= value;
    case DJ_CMP_EQ:
        return actual == value;
    case DJ_CMP_GE:
        return actual >= value;
    case DJ_CMP_GT:
        return actual > value;
    case DJ_CMP_NONE:
        break;
    }
    return true;
}

/*
 * Start a finding for rule `id` as in force on `today` at `path`: fills rule,
 * threshold and comparison. False when the rule is unknown or not yet in
 * force, in which case the check is skipped.
 */
static bool rule_at(const char *id, struct dj_date today, const char *path, struct dj_finding *f)
{
    int64_t v;

    memset(f, 0, sizeof(*f));
    f->rule = dj_rule_find(id, today);
    if (!f->rule || dj_rule_get(id, today, path, &v))
        return false;
    f->threshold = v;
    f->cmp = f->rule->cmp;
    return true;
}

/* Complete a started finding and append it to out[*n]. */
static void add(struct dj_finding *out, int *n, struct dj_finding *f, enum dj_setup_check c,
                int64_t actual)
{
    f->check = c;
    f->has_actual = true;
    f->actual = actual;
    f->error = f->rule->tag == 'V' && !defs[c].soft;
    if (*n < DJ_SETUP_MAX_FINDINGS)
        out[(*n)++] = *f;
}

static bool kind_is(const char *kind, const char *k)
{
    return kind && strcmp(kind, k) == 0;
}

/* The kinds that are 党支部 for the membership and committee checks. */
static bool is_branch(const char *kind)
{
    return kind_is(kind, "branch") || kind_is(kind, "grid_branch") || kind_is(kind, "joint_branch");
}

/* 党小组 have a 组长, not a 书记. */
static bool needs_secretary(const char *kind)
{
    return kind && *kind && !kind_is(kind, "group") && !kind_is(kind, "building_group");
}

/* `since` + the rule's duration; unset on overflow or a rule that is not a duration. */
static struct dj_date deadline(const struct dj_finding *f, struct dj_date since)
{
    struct dj_date none = {0, 0, 0};

    if (f->threshold < 0 || f->threshold > 12 * 9999)
        return none;
    switch (f->rule->kind) {
    case DJ_RULE_MONTHS:
        return dj_date_add_months(since, (int)f->threshold);
    case DJ_RULE_YEARS:
        return dj_date_add_years(since, (int)f->threshold);
    case DJ_RULE_DAYS:
        return dj_date_add_days(since, (int)f->threshold);
    default:
        return none;
    }
}

static void check_committee(const struct dj_setup_org *o, struct dj_date today,
                            struct dj_finding *out, int *n)
{
    struct dj_finding f;
    bool needed, has = o->committee_other > 0;

    if (!rule_at("org.committee.required_min_full_members", today, o->path, &f))
        return;
    needed = holds(o->full_members, f.cmp, f.threshold);
    if (needed && !has) {
        add(out, n, &f, DJ_CHK_COMMITTEE_MISSING, o->full_members);
        return;
    }
    if (!needed && has) {
        add(out, n, &f, DJ_CHK_COMMITTEE_NOT_NEEDED, o->full_members);
        return;
    }
    if (!has)
        return;
    /* a committee that must exist: 3 to 5 members, 7 at most */
    if (rule_at("org.committee.branch_min_size", today, o->path, &f) &&
        !holds(o->committee_size, f.cmp, f.threshold))
        add(out, n, &f, DJ_CHK_COMMITTEE_TOO_SMALL, o->committee_size);
    else if (rule_at("org.committee.branch_hard_max_size", today, o->path, &f) &&
             !holds(o->committee_size, f.cmp, f.threshold))
        add(out, n, &f, DJ_CHK_COMMITTEE_TOO_LARGE, o->committee_size);
    else if (rule_at("org.committee.branch_max_size", today, o->path, &f) &&
             !holds(o->committee_size, f.cmp, f.threshold))
        add(out, n, &f, DJ_CHK_COMMITTEE_OVER_USUAL, o->committee_size);
}

static void check_secretary(const struct dj_setup_org *o, struct dj_date today,
                            struct dj_finding *out, int *n)
{
    struct dj_finding f;
    struct dj_date due;

    if (o->secretaries > 0 || !rule_at("org.weak.secretary_vacant_months", today, o->path, &f))
        return;
    if (dj_date_isset(o->last_secretary_end)) {
        f.since_kind = DJ_SINCE_POST_END;
        f.since = o->last_secretary_end;
    } else if (dj_date_isset(o->founded_on)) {
        f.since_kind = DJ_SINCE_FOUNDED;
        f.since = o->founded_on;
    }
    if (f.since_kind == DJ_SINCE_NONE) {
        /* never had a 书记 and no founding date: the vacancy has no known start */
        add(out, n, &f, DJ_CHK_SECRETARY_VACANT, 0);
        out[*n - 1].has_actual = false;
        return;
    }
    /* the rule states the finding: today <cmp> since + value ("超过 3 个月" is >) */
    due = deadline(&f, f.since);
    if (!dj_date_isset(due) || !holds(dj_date_to_days(today), f.cmp, (int64_t)dj_date_to_days(due)))
        return;
    add(out, n, &f, DJ_CHK_SECRETARY_VACANT, dj_date_months_between(f.since, today));
}

int dj_setup_check_org(const struct dj_setup_org *o, struct dj_date today,
                       struct dj_finding out[DJ_SETUP_MAX_FINDINGS])
{
    struct dj_finding f;
    int n = 0;

    if (!o || !dj_date_valid(today))
        return 0;
    if (is_branch(o->kind)) {
        if (rule_at("org.branch.min_full_members", today, o->path, &f) &&
            !holds(o->full_members, f.cmp, f.threshold))
            add(out, &n, &f, DJ_CHK_BRANCH_MIN_FULL, o->full_members);
        check_committee(o, today, out, &n);
    }
    if (kind_is(o->kind, "general_branch")) {
        /* 农村 "超过50人" (>), 机关 and the rest "50人以上" (>=); 党员 incl. 预备党员 */
        const char *id = kind_is(o->domain, "rural") ? "org.general_branch.rural_min_members"
                                                     : "org.general_branch.organ_min_members";
        if (rule_at(id, today, o->path, &f) && !holds(o->subtree_members, f.cmp, f.threshold))
            add(out, &n, &f, DJ_CHK_GENERAL_BRANCH_MIN, o->subtree_members);
    }
    if (kind_is(o->kind, "committee") || kind_is(o->kind, "community_committee")) {
        if (rule_at("org.basic_committee.min_members", today, o->path, &f) &&
            !holds(o->subtree_members, f.cmp, f.threshold))
            add(out, &n, &f, DJ_CHK_BASIC_COMMITTEE_MIN, o->subtree_members);
    }
    if (needs_secretary(o->kind))
        check_secretary(o, today, out, &n);
    if (kind_is(o->domain, "organ") && (is_branch(o->kind) || kind_is(o->kind, "general_branch")) &&
        o->secretaries_not_principal > 0 &&
        rule_at("post.organ_secretary.principal_leader", today, o->path, &f) &&
        !holds(0, f.cmp, f.threshold))
        add(out, &n, &f, DJ_CHK_ORGAN_SECRETARY, 0);
    if (kind_is(o->kind, "joint_branch") &&
        rule_at("org.joint_branch.max_units", today, o->path, &f) &&
        !holds(o->joint_units, f.cmp, f.threshold))
        add(out, &n, &f, DJ_CHK_JOINT_BRANCH_UNITS, o->joint_units);
    return n;
}

int dj_setup_check_unit(const struct dj_setup_unit *u, struct dj_date today, struct dj_finding *out)
{
    struct dj_finding f;
    int n = 0;

    if (!u || u->has_org || !dj_date_valid(today))
        return 0;
    /* "单位有正式党员3人以上的，应当成立党支部": here the rule's comparison is the trigger */
    if (rule_at("org.branch.min_full_members", today, u->owner_path, &f) &&
        holds(u->full_members, f.cmp, f.threshold)) {
        f.joint = u->in_joint;
        add(out, &n, &f, DJ_CHK_UNIT_WITHOUT_ORG, u->full_members);
    }
    return n;
}

/* The words for "the norm `actual <cmp> value` does not hold". */
static const char *shortfall(enum dj_rule_cmp cmp)
{
    switch (cmp) {
    case DJ_CMP_GE:
        return "不足";
    case DJ_CMP_GT:
        return "未超过";
    case DJ_CMP_LE:
        return "超过";
    case DJ_CMP_LT:
        return "达到";
    case DJ_CMP_EQ:
    case DJ_CMP_NONE:
        break;
    }
    return "不符合";
}

char *dj_finding_message(const struct dj_finding *f, const char *name, char *buf, size_t bufsz)
{
    long long a = (long long)f->actual, v = (long long)f->threshold;
    const char *miss = shortfall(f->cmp);
    char since[11];

    if (!bufsz)
        return buf;
    dj_date_format(f->since, since);
    if (!name)
        name = "";
    switch (f->check) {
    case DJ_CHK_BRANCH_MIN_FULL:
        snprintf(buf, bufsz, "党支部正式党员 %lld 人，%s %lld 人", a, miss, v);
        break;
    case DJ_CHK_COMMITTEE_MISSING:
        snprintf(buf, bufsz,
                 "党支部正式党员 %lld 人，达到 %lld 人以上，应当设立支部委员会，但未设立", a, v);
        break;
    case DJ_CHK_COMMITTEE_NOT_NEEDED:
        snprintf(
            buf, bufsz,
            "党支部正式党员 %lld 人，不足 %lld 人，不设支部委员会（设书记 1 名，必要时设副书记 "
            "1 名），但登记了支部委员",
            a, v);
        break;
    case DJ_CHK_COMMITTEE_TOO_SMALL:
        snprintf(buf, bufsz, "支部委员会 %lld 人，%s %lld 人", a, miss, v);
        break;
    case DJ_CHK_COMMITTEE_OVER_USUAL:
        snprintf(buf, bufsz, "支部委员会 %lld 人，一般不超过 %lld 人", a, v);
        break;
    case DJ_CHK_COMMITTEE_TOO_LARGE:
        snprintf(buf, bufsz, "支部委员会 %lld 人，%s %lld 人", a, miss, v);
        break;
    case DJ_CHK_GENERAL_BRANCH_MIN:
        snprintf(buf, bufsz, "党总支党员 %lld 人，%s %lld 人（经上级党组织批准设立的除外）", a,
                 miss, v);
        break;
    case DJ_CHK_BASIC_COMMITTEE_MIN:
        snprintf(buf, bufsz, "基层党委党员 %lld 人，%s %lld 人（经上级党组织批准设立的除外）", a,
                 miss, v);
        break;
    case DJ_CHK_SECRETARY_VACANT:
        if (f->since_kind == DJ_SINCE_POST_END)
            snprintf(buf, bufsz, "书记职务自 %s 起空缺，已超过 %lld 个月", since, v);
        else if (f->since_kind == DJ_SINCE_FOUNDED)
            snprintf(buf, bufsz, "未配备书记，自 %s 建立以来已超过 %lld 个月", since, v);
        else
            snprintf(buf, bufsz, "未配备书记（无书记任职记录）");
        break;
    case DJ_CHK_ORGAN_SECRETARY:
        snprintf(buf, bufsz, "机关党支部书记%s%s%s不是本单位（部门）的主要负责人", *name ? " " : "",
                 name, *name ? " " : "");
        break;
    case DJ_CHK_JOINT_BRANCH_UNITS:
        snprintf(buf, bufsz, "联合党支部覆盖单位 %lld 个，%s %lld 个", a, miss, v);
        break;
    case DJ_CHK_UNIT_WITHOUT_ORG:
        if (f->joint)
            snprintf(buf, bufsz,
                     "单位「%s」有正式党员 %lld 人，达到 %lld 人以上，应当单独成立党支部"
                     "（现纳入联合党支部）",
                     name, a, v);
        else
            snprintf(buf, bufsz,
                     "单位「%s」有正式党员 %lld 人，达到 %lld 人以上，未建立党组织"
                     "（应建未建）",
                     name, a, v);
        break;
    default:
        snprintf(buf, bufsz, "设置检查未通过");
        break;
    }
    return buf;
}
