/*
 * term_rules.c - terms of office and election arithmetic (see term_rules.h).
 */
#include "base/compat.h"
#include "rules/rulecalc.h"
#include "rules/ruletab.h"
#include "rules/term_rules.h"

#define R_BASIC "org.term.basic_committee_years"
#define R_BRANCH "org.term.branch_years"
#define R_VILLAGE "org.term.village_years"
#define R_MIN "org.term.committee_min_years"
#define R_MAX "org.term.committee_max_years"
#define R_ADJUST "org.term.max_adjust_years"
#define R_REMIND "org.term.reminder_months_before"
#define R_REQUEST "org.term.request_months_before"
#define R_REPORT "org.term.result_report_months"
#define R_OVERDUE "org.term.overdue_months_after"
#define R_QUORUM "election.quorum_bp"
#define R_ELECTED "election.elected_bp"
#define R_EXCESS "election.candidate_excess_bp"

static const struct {
    const char *name, *label;
} states[] = {
    [DJ_TERM_NONE] = {"none", "未录入"},
    [DJ_TERM_IN_TERM] = {"in_term", "任期内"},
    [DJ_TERM_REMINDER_DUE] = {"reminder_due", "换届提醒期"},
    [DJ_TERM_EXPIRED] = {"expired", "届满待换届"},
    [DJ_TERM_EXTENDED] = {"extended", "已批准延期"},
    [DJ_TERM_OVERDUE] = {"overdue", "逾期未换届"},
};

const char *dj_term_state_name(enum dj_term_state s)
{
    return (unsigned)s < DJ_ARRAY_LEN(states) ? states[s].name : "none";
}

const char *dj_term_state_label(enum dj_term_state s)
{
    return (unsigned)s < DJ_ARRAY_LEN(states) ? states[s].label : "未录入";
}

int dj_term_state_parse(const char *s)
{
    for (size_t i = 0; s && i < DJ_ARRAY_LEN(states); i++)
        if (!strcmp(s, states[i].name))
            return (int)i;
    return -1;
}

bool dj_term_kind_elected(const char *kind)
{
    static const char *const kinds[] = {"committee",  "community_committee", "general_branch",
                                        "branch",     "joint_branch",        "temp_branch",
                                        "grid_branch"};

    for (size_t i = 0; kind && i < DJ_ARRAY_LEN(kinds); i++)
        if (!strcmp(kind, kinds[i]))
            return true;
    return false;
}

int dj_term_default_years(const char *kind, const char *domain, struct dj_date elected_on,
                          const char *org_path, int64_t *years, const char **rule_id)
{
    const char *id;

    *rule_id = "";
    if (!dj_term_kind_elected(kind))
        return DJ_EINVAL;
    if ((domain && (!strcmp(domain, "rural") || !strcmp(domain, "community"))) ||
        !strcmp(kind, "community_committee"))
        id = R_VILLAGE;
    else if (!strcmp(kind, "committee"))
        id = R_BASIC;
    else
        id = R_BRANCH;
    if (dj_rule_get(id, elected_on, org_path, years))
        return DJ_ENOTFOUND;
    *rule_id = id;
    return 0;
}

/*
 * "（规则 id）" for messages, with the article when the rule has one. The
 * source document goes with the rule id in the API answers (GET /api/rules,
 * the checks' "source"); messages stay within struct dj_err's 256 bytes.
 */
static const char *cite(const char *id, struct dj_date on, char *buf, size_t sz)
{
    const struct dj_rule *r = dj_rule_find(id, on);

    if (r && r->article[0] && strlen(r->article) < 40)
        snprintf(buf, sz, "（规则 %s，%s）", id, r->article);
    else
        snprintf(buf, sz, "（规则 %s）", id);
    return buf;
}

int dj_term_check_years(int64_t years, struct dj_date elected_on, struct dj_err *err)
{
    int64_t lo, hi;
    char b[11];

    if (!dj_date_valid(elected_on))
        return dj_err_set(err, DJ_EINVAL, "elected_on", "「选举日期」不能为空");
    if (dj_rule_get(R_MIN, elected_on, NULL, &lo) || dj_rule_get(R_MAX, elected_on, NULL, &hi))
        return dj_err_set(err, DJ_EINTERNAL, NULL, "内部错误：任期规则缺失");
    if (years < lo || years > hi)
        return dj_err_set(err, DJ_EINVAL, "term_years",
                          "「任期（年）」为 %lld 年，不在 %s 时党章规定的 %lld 至 %lld 年之内"
                          "（规则 %s、%s）",
                          (long long)years, dj_date_format(elected_on, b), (long long)lo,
                          (long long)hi, R_MIN, R_MAX);
    return 0;
}

static int64_t rule_or(const char *id, struct dj_date on, const char *path, int64_t def)
{
    int64_t v;
    return dj_rule_get(id, on, path, &v) ? def : v;
}

int dj_term_dates(struct dj_date elected_on, int64_t term_years, struct dj_date extended_until,
                  const char *org_path, struct dj_term_dates *out)
{
    struct dj_date e;

    memset(out, 0, sizeof(*out));
    if (!dj_date_valid(elected_on) || term_years < 1 || term_years > 10)
        return DJ_EINVAL;
    if (dj_date_isset(extended_until) && !dj_date_valid(extended_until))
        return DJ_EINVAL;
    e = dj_date_add_years(elected_on, (int)term_years);
    out->elected_on = elected_on;
    out->expires_on = e;
    out->reminder_on = dj_date_add_months(e, -(int)rule_or(R_REMIND, e, org_path, 6));
    out->request_due = dj_date_add_months(e, -(int)rule_or(R_REQUEST, e, org_path, 2));
    out->report_due =
        dj_date_add_months(elected_on, (int)rule_or(R_REPORT, elected_on, org_path, 1));
    out->extended_until = dj_date_isset(extended_until) ? extended_until : (struct dj_date){0};
    out->last_ok = dj_date_isset(extended_until)
                       ? extended_until
                       : dj_date_add_months(e, (int)rule_or(R_OVERDUE, e, org_path, 12));
    /* dates past year 9999 come back unset: such a term cannot be judged (found by fuzz_election) */
    if (!dj_date_isset(e) || !dj_date_isset(out->reminder_on) || !dj_date_isset(out->last_ok) ||
        !dj_date_isset(out->request_due) || !dj_date_isset(out->report_due)) {
        memset(out, 0, sizeof(*out));
        return DJ_EINVAL;
    }
    return 0;
}

enum dj_term_state dj_term_state_on(const struct dj_term_dates *d, struct dj_date on)
{
    if (!dj_date_isset(d->expires_on))
        return DJ_TERM_NONE;
    if (dj_date_cmp(on, d->reminder_on) < 0)
        return DJ_TERM_IN_TERM;
    if (dj_date_cmp(on, d->expires_on) <= 0)
        return DJ_TERM_REMINDER_DUE;
    if (dj_date_cmp(on, d->last_ok) > 0)
        return DJ_TERM_OVERDUE;
    return dj_date_isset(d->extended_until) ? DJ_TERM_EXTENDED : DJ_TERM_EXPIRED;
}

int dj_term_check_extension(struct dj_date expires_on, struct dj_date until, struct dj_err *err)
{
    struct dj_date on = expires_on, last;
    int64_t years;
    char b1[11], b2[11], c[300];

    if (!dj_date_valid(until))
        return dj_err_set(err, DJ_EINVAL, "extended_until", "「延期至」不能为空");
    if (!dj_rule_find(R_ADJUST, on))
        on = until; /* a term that expired before the 2018 意见: the rule of the approval era */
    if (dj_rule_get(R_ADJUST, on, NULL, &years))
        return dj_err_set(err, DJ_EINTERNAL, NULL, "内部错误：规则 %s 缺失", R_ADJUST);
    if (dj_date_cmp(until, expires_on) <= 0)
        return dj_err_set(err, DJ_EINVAL, "extended_until",
                          "「延期至」（%s）应晚于任期届满日期（%s）", dj_date_format(until, b1),
                          dj_date_format(expires_on, b2));
    last = dj_date_add_years(expires_on, (int)years);
    if (dj_date_cmp(until, last) > 0)
        return dj_err_set(err, DJ_EINVAL, "extended_until",
                          "延期换届一般不超过 %lld 年：任期 %s 届满，最迟只能批准延期至 %s%s",
                          (long long)years, dj_date_format(expires_on, b1),
                          dj_date_format(last, b2), cite(R_ADJUST, on, c, sizeof(c)));
    return 0;
}

/* ---- elections ------------------------------------------------------------------ */

static const char *const POSTS[] = {"secretary",  "deputy_secretary", "organization",
                                    "propaganda", "discipline",       "member"};

static bool post_known(const char *p)
{
    for (size_t i = 0; p && i < DJ_ARRAY_LEN(POSTS); i++)
        if (!strcmp(p, POSTS[i]))
            return true;
    return false;
}

static struct dj_election_check *add_check(struct dj_election_outcome *o, const char *rule_id,
                                           const char *field, bool ok, bool blocking)
{
    struct dj_election_check *c = &o->checks[o->nchecks++];

    c->rule_id = rule_id;
    c->field = field;
    c->ok = ok;
    c->blocking = blocking && !ok;
    if (c->blocking)
        o->valid = false;
    return c;
}

int dj_election_evaluate(int64_t expected, int64_t present, int64_t seats, struct dj_ballot *c,
                         int n, struct dj_date on, struct dj_election_outcome *out,
                         struct dj_err *err)
{
    struct dj_election_check *k;
    int64_t qv, mv, ev;
    int order[DJ_ELECTION_MAX_CANDIDATES], npass = 0, secretaries = 0, deputies = 0;
    bool sec_proposed = false, sec_elected = false, tie = false;
    char cq[300], cm[300], ce[300];

    memset(out, 0, sizeof(*out));
    if (!dj_date_valid(on))
        return dj_err_set(err, DJ_EINVAL, "elected_on", "「选举日期」不能为空");
    if (expected < 1 || expected > 1000000)
        return dj_err_set(err, DJ_EINVAL, "expected", "「应到会人数」应为 1 至 1000000 的整数");
    if (present < 0 || present > expected)
        return dj_err_set(err, DJ_EINVAL, "present",
                          "「实到会人数」应为 0 至应到会人数（%lld）之间的整数",
                          (long long)expected);
    if (seats < 1 || seats > DJ_ELECTION_MAX_CANDIDATES)
        return dj_err_set(err, DJ_EINVAL, "seats", "「应选人数」应为 1 至 %d 的整数",
                          DJ_ELECTION_MAX_CANDIDATES);
    if (n < seats)
        return dj_err_set(err, DJ_EINVAL, "candidates",
                          "候选人（%d 人）不能少于应选人数（%lld 人）", n, (long long)seats);
    if (n > DJ_ELECTION_MAX_CANDIDATES)
        return dj_err_set(err, DJ_EINVAL, "candidates", "候选人不能超过 %d 人",
                          DJ_ELECTION_MAX_CANDIDATES);
    for (int i = 0; i < n; i++) {
        char field[64];
        if (!c[i].name || !*c[i].name) {
            snprintf(field, sizeof(field), "candidates[%d].name", i);
            return dj_err_set(err, DJ_EINVAL, field, "第 %d 位候选人的「姓名」不能为空", i + 1);
        }
        if (!post_known(c[i].post)) {
            snprintf(field, sizeof(field), "candidates[%d].post", i);
            return dj_err_set(err, DJ_EINVAL, field,
                              "候选人 %s 的「拟任职务」应为书记、副书记、组织委员、宣传委员、"
                              "纪检委员或委员",
                              c[i].name);
        }
        if (c[i].yes < 0 || c[i].yes > present) {
            snprintf(field, sizeof(field), "candidates[%d].yes", i);
            return dj_err_set(err, DJ_EINVAL, field,
                              "候选人 %s 的「赞成票」应为 0 至实到会人数（%lld）之间的整数",
                              c[i].name, (long long)present);
        }
        c[i].elected = false;
        c[i].note = "";
    }
    if (dj_rule_get(R_QUORUM, on, NULL, &qv) || dj_rule_get(R_ELECTED, on, NULL, &mv) ||
        dj_rule_get(R_EXCESS, on, NULL, &ev))
        return dj_err_set(err, DJ_EINTERNAL, NULL, "内部错误：选举规则缺失");
    out->valid = true;
    cite(R_QUORUM, on, cq, sizeof(cq));
    cite(R_ELECTED, on, cm, sizeof(cm));
    cite(R_EXCESS, on, ce, sizeof(ce));

    /* quorum: present / expected > 4/5 */
    out->quorum_min = expected * qv / 10000 + 1;
    k = add_check(out, R_QUORUM, "present", dj_rule_compare_ratio(R_QUORUM, present, expected, on),
                  true);
    if (k->ok)
        snprintf(k->message, sizeof(k->message),
                 "到会 %lld 人，超过应到会 %lld 人的五分之四（至少 %lld 人），选举有效%s",
                 (long long)present, (long long)expected, (long long)out->quorum_min, cq);
    else
        snprintf(k->message, sizeof(k->message),
                 "有选举权的到会人数 %lld 人，未超过应到会人数 %lld 人的五分之四（至少须 %lld "
                 "人），选举无效%s",
                 (long long)present, (long long)expected, (long long)out->quorum_min, cq);

    /* competitive ratio: (n - seats) / seats >= 20% for a committee */
    out->competitive_applies = seats >= 3;
    if (out->competitive_applies) {
        int64_t need = (seats * ev + 9999) / 10000; /* smallest excess meeting ">=" */
        k = add_check(out, R_EXCESS, "candidates",
                      dj_rule_compare_ratio(R_EXCESS, n - seats, seats, on), true);
        snprintf(k->message, sizeof(k->message),
                 k->ok ? "候选人 %d 人、应选 %lld 人，差额 %lld 人，达到多于应选人数 20%%"
                         "（至少 %lld 人）的差额要求%s"
                       : "委员应实行差额选举：候选人 %d 人、应选 %lld 人，差额 %lld 人，"
                         "不足应选人数的 20%%（至少须差额 %lld 人）%s",
                 n, (long long)seats, (long long)(n - seats), (long long)need, ce);
    }

    /* majority: yes / present > 1/2, then the highest counts up to the seats */
    out->majority_min = present * mv / 10000 + 1;
    for (int i = 0; i < n; i++) {
        if (present > 0 && dj_rule_compare_ratio(R_ELECTED, c[i].yes, present, on))
            order[npass++] = i;
        else
            c[i].note = "赞成票未超过实到会人数的一半";
    }
    for (int i = 1; i < npass; i++) /* insertion sort by yes, descending; stable */
        for (int j = i; j > 0 && c[order[j]].yes > c[order[j - 1]].yes; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    if (npass > seats && c[order[seats - 1]].yes == c[order[seats]].yes)
        tie = true;
    for (int i = 0; i < npass; i++) {
        if (i < seats && !tie) {
            c[order[i]].elected = true;
            out->elected++;
        } else if (i < seats && c[order[i]].yes > c[order[seats - 1]].yes) {
            c[order[i]].elected = true; /* above the tie: elected all the same */
            out->elected++;
        } else {
            c[order[i]].note = tie && c[order[i]].yes == c[order[seats - 1]].yes
                                   ? "得票相等，须对票数相等的候选人再次投票"
                                   : "赞成票超过半数，但应选名额已满（按得票多少）";
        }
    }
    k = add_check(out, R_ELECTED, "candidates", !tie, true);
    if (tie)
        snprintf(k->message, sizeof(k->message),
                 "得票超过半数的候选人多于应选名额，且第 %lld 名与第 %lld 名得票相等（%lld "
                 "票），须对票数相等的候选人再次投票%s",
                 (long long)seats, (long long)seats + 1, (long long)c[order[seats]].yes, cm);
    else
        snprintf(k->message, sizeof(k->message),
                 "赞成票超过实到会人数 %lld 人的一半（至少 %lld 票）始得当选，恰好一半不当选："
                 "当选 %d 人%s",
                 (long long)present, (long long)out->majority_min, out->elected, cm);
    if (!tie && out->elected < seats) {
        out->vacancies = (int)seats - out->elected;
        k = add_check(out, R_ELECTED, "candidates", false, false);
        snprintf(k->message, sizeof(k->message),
                 "当选 %d 人，少于应选 %lld 人：差 %d 人，须另行选举（或经同意减少名额）%s",
                 out->elected, (long long)seats, out->vacancies, cm);
    }

    /* posts among the elected */
    for (int i = 0; i < n; i++) {
        bool sec = !strcmp(c[i].post, "secretary");
        sec_proposed |= sec;
        if (!c[i].elected)
            continue;
        secretaries += sec;
        sec_elected |= sec;
        deputies += !strcmp(c[i].post, "deputy_secretary");
    }
    if (secretaries > 1 || deputies > 2) {
        k = add_check(out, "", "candidates", false, true);
        snprintf(k->message, sizeof(k->message),
                 "当选人中拟任书记 %d 人、副书记 %d 人：书记只设 1 人，副书记不超过 2 人",
                 secretaries, deputies);
    }
    if (!sec_elected && !tie) {
        k = add_check(out, "", "candidates", false, false);
        snprintf(k->message, sizeof(k->message), "%s",
                 sec_proposed ? "拟任书记的候选人未当选，书记空缺，须另行选举"
                              : "没有拟任书记的候选人，书记空缺，须另行选举或由上级党组织指派");
    }
    return 0;
}

bool dj_election_size_check(const char *kind, int64_t seats, struct dj_date on,
                            const char *org_path, struct dj_election_check *out)
{
    const char *min_id, *usual_id, *max_id;
    int64_t lo, usual, hi;
    char c[160];

    memset(out, 0, sizeof(*out));
    if (seats < 3 || !dj_term_kind_elected(kind))
        return false;
    if (!strcmp(kind, "committee") || !strcmp(kind, "community_committee")) {
        min_id = "org.committee.basic_min_size";
        usual_id = max_id = "org.committee.basic_max_size";
    } else if (!strcmp(kind, "general_branch")) {
        min_id = "org.committee.general_branch_min_size";
        usual_id = "org.committee.general_branch_max_size";
        max_id = "org.committee.general_branch_hard_max_size";
    } else {
        min_id = "org.committee.branch_min_size";
        usual_id = "org.committee.branch_max_size";
        max_id = "org.committee.branch_hard_max_size";
    }
    if (dj_rule_get(min_id, on, org_path, &lo) || dj_rule_get(usual_id, on, org_path, &usual) ||
        dj_rule_get(max_id, on, org_path, &hi))
        return false;
    out->field = "seats";
    out->ok = seats >= lo && seats <= usual;
    out->blocking = false;
    if (seats < lo)
        out->rule_id = min_id;
    else
        out->rule_id = seats > hi ? max_id : usual_id;
    cite(out->rule_id, on, c, sizeof(c));
    if (out->ok)
        snprintf(out->message, sizeof(out->message),
                 "委员会应选 %lld 人，在一般 %lld 至 %lld 人之内%s", (long long)seats,
                 (long long)lo, (long long)usual, c);
    else if (seats < lo)
        snprintf(out->message, sizeof(out->message), "委员会应选 %lld 人，少于 %lld 人%s",
                 (long long)seats, (long long)lo, c);
    else if (seats > hi)
        snprintf(out->message, sizeof(out->message), "委员会应选 %lld 人，超过最多 %lld 人%s",
                 (long long)seats, (long long)hi, c);
    else
        snprintf(out->message, sizeof(out->message),
                 "委员会应选 %lld 人，超过一般 %lld 至 %lld 人（最多 %lld 人）%s", (long long)seats,
                 (long long)lo, (long long)usual, (long long)hi, c);
    return true;
}
