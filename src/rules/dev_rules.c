/* dev_rules.c - pure rules of 发展党员 (see dev_rules.h). */
#include "base/compat.h"
#include "rules/dev_rules.h"

#include "rules/rulecalc.h"
#include "rules/ruletab.h"

/* The value of a rule in force on `on` (deployment-wide), or `def` when it has none. */
static int64_t value_of(const char *id, struct dj_date on, int64_t def)
{
    int64_t v;
    return dj_rule_get(id, on, NULL, &v) ? def : v;
}

int dj_dev_rule_age(struct dj_date birth, struct dj_date applied_on, struct dj_err *err)
{
    char b[11], a[11];
    bool ok = false;

    if (dj_rule_compare_span(DJ_DEV_R_AGE, birth, applied_on, &ok) || !ok)
        return dj_err_set(
            err, DJ_EINVAL, "applied_on",
            "申请人在 %s 未满 %lld 周岁（出生日期 %s），不能递交入党申请书（规则 %s）",
            dj_date_format(applied_on, a), (long long)value_of(DJ_DEV_R_AGE, applied_on, 18),
            dj_date_format(birth, b), DJ_DEV_R_AGE);
    return 0;
}

struct dj_date dj_dev_talk_due(struct dj_date applied_on)
{
    struct dj_date due;
    dj_rule_deadline_months(DJ_DEV_R_TALK, applied_on, &due);
    return due;
}

bool dj_dev_rule_talk_late(struct dj_date applied_on, struct dj_date talked_on, char *warn,
                           size_t warnsz)
{
    struct dj_date due = dj_dev_talk_due(applied_on);
    char d[11];

    if (!dj_date_isset(due) || dj_date_cmp(talked_on, due) <= 0)
        return false;
    snprintf(
        warn, warnsz, "谈话晚于规定期限：应在收到入党申请书后 %lld 个月内（%s 前）谈话（规则 %s）",
        (long long)value_of(DJ_DEV_R_TALK, applied_on, 1), dj_date_format(due, d), DJ_DEV_R_TALK);
    return true;
}

bool dj_dev_rule_activist_wait(struct dj_date applied_on, struct dj_date on, char *warn,
                               size_t warnsz)
{
    bool ok = false;

    if (dj_rule_compare_span(DJ_DEV_R_ACTIVIST_WAIT, applied_on, on, &ok) || ok)
        return false;
    snprintf(warn, warnsz, "递交入党申请书未满 %lld 个月即确定为入党积极分子（地方规定，规则 %s）",
             (long long)value_of(DJ_DEV_R_ACTIVIST_WAIT, on, 6), DJ_DEV_R_ACTIVIST_WAIT);
    return true;
}

struct dj_date dj_dev_candidate_earliest(struct dj_date activist_on)
{
    struct dj_date d;
    dj_rule_deadline_months(DJ_DEV_R_ACTIVIST_MONTHS, activist_on, &d);
    return d;
}

int dj_dev_rule_activist_span(struct dj_date activist_on, struct dj_date on, struct dj_err *err)
{
    char a[11], e[11];
    bool ok = false;

    if (dj_rule_compare_span(DJ_DEV_R_ACTIVIST_MONTHS, activist_on, on, &ok) || !ok)
        return dj_err_set(
            err, DJ_EINVAL, "date",
            "确定为入党积极分子（%s）未满 1 年，最早 %s 方可确定为发展对象（规则 %s）",
            dj_date_format(activist_on, a),
            dj_date_format(dj_dev_candidate_earliest(activist_on), e), DJ_DEV_R_ACTIVIST_MONTHS);
    return 0;
}

int dj_dev_rule_contacts(int n, struct dj_date on, struct dj_err *err)
{
    if (!dj_rule_compare(DJ_DEV_R_CONTACTS_MIN, n, on) ||
        !dj_rule_compare(DJ_DEV_R_CONTACTS_MAX, n, on))
        return dj_err_set(err, DJ_EINVAL, "contacts",
                          "「培养联系人」应为 %lld 至 %lld 名正式党员，现为 %d 名（规则 %s）",
                          (long long)value_of(DJ_DEV_R_CONTACTS_MIN, on, 1),
                          (long long)value_of(DJ_DEV_R_CONTACTS_MAX, on, 2), n,
                          DJ_DEV_R_CONTACTS_MAX);
    return 0;
}

int dj_dev_rule_assessments(struct dj_date activist_on, struct dj_date on,
                            const struct dj_date *dates, int n, struct dj_err *err)
{
    int64_t step = value_of(DJ_DEV_R_ASSESS, on, 6);

    if (step <= 0)
        return 0;
    for (int k = 0; k < 1000; k++) {
        struct dj_date lo = dj_date_add_months(activist_on, (int)(step * k));
        struct dj_date hi = dj_date_add_months(activist_on, (int)(step * (k + 1)));
        bool found = false;
        char a[11], b[11];

        if (dj_date_cmp(hi, on) > 0)
            break;
        for (int i = 0; i < n && !found; i++)
            found = dj_date_cmp(dates[i], lo) > 0 && dj_date_cmp(dates[i], hi) <= 0;
        if (!found)
            return dj_err_set(
                err, DJ_EINVAL, "date",
                "缺少 %s 至 %s 这半年的培养教育考察记录：党支部应每半年考察一次（规则 %s）",
                dj_date_format(dj_date_add_days(lo, 1), a), dj_date_format(hi, b), DJ_DEV_R_ASSESS);
    }
    return 0;
}

int dj_dev_rule_person(const struct dj_dev_person *p, bool introducer, struct dj_date on,
                       struct dj_err *err)
{
    const char *field = introducer ? "introducers" : "contacts";
    const char *what = introducer ? "入党介绍人" : "培养联系人";
    const char *rule = introducer ? DJ_DEV_R_INTRODUCERS : DJ_DEV_R_CONTACTS_MIN;
    char d[11];

    if (!p->category || strcmp(p->category, "full"))
        return dj_err_set(err, DJ_EINVAL, field,
                          "「%s」%s不是正式党员，预备党员不能担任（规则 %s）", what,
                          p->name ? p->name : "", rule);
    if (!p->status || (strcmp(p->status, "normal") && strcmp(p->status, "mobile")))
        return dj_err_set(err, DJ_EINVAL, field,
                          "「%s」%s不在册（状态不正常），不能担任（规则 %s）", what,
                          p->name ? p->name : "", rule);
    if (introducer && dj_date_isset(p->party_probation_until) &&
        dj_date_cmp(on, p->party_probation_until) <= 0)
        return dj_err_set(err, DJ_EINVAL, field,
                          "「入党介绍人」%s正受留党察看处分（至 "
                          "%s），尚未恢复党员权利，不能作入党介绍人（规则 %s）",
                          p->name ? p->name : "", dj_date_format(p->party_probation_until, d),
                          DJ_DEV_R_INTRODUCERS);
    return 0;
}

int dj_dev_rule_introducers(int n, struct dj_date on, struct dj_err *err)
{
    if (!dj_rule_compare(DJ_DEV_R_INTRODUCERS, n, on))
        return dj_err_set(err, DJ_EINVAL, "introducers",
                          "「入党介绍人」应为 %lld 名正式党员，现为 %d 名（规则 %s）",
                          (long long)value_of(DJ_DEV_R_INTRODUCERS, on, 2), n,
                          DJ_DEV_R_INTRODUCERS);
    return 0;
}

int dj_dev_rule_training(int64_t days, int64_t hours, struct dj_date on, struct dj_err *err)
{
    if (days < 0 || days > 366)
        return dj_err_set(err, DJ_EINVAL, "days", "「培训天数」应在 0 至 366 之间");
    if (hours < 0 || hours > 10000)
        return dj_err_set(err, DJ_EINVAL, "hours", "「培训学时」应在 0 至 10000 之间");
    if (dj_rule_compare(DJ_DEV_R_TRAIN_DAYS, days, on) ||
        dj_rule_compare(DJ_DEV_R_TRAIN_HOURS, hours, on))
        return 0;
    return dj_err_set(
        err, DJ_EINVAL, "days",
        "集中培训不足：应不少于 %lld 天或不少于 %lld 学时，现为 %lld 天、%lld 学时（规则 %s、%s）",
        (long long)value_of(DJ_DEV_R_TRAIN_DAYS, on, 3),
        (long long)value_of(DJ_DEV_R_TRAIN_HOURS, on, 24), (long long)days, (long long)hours,
        DJ_DEV_R_TRAIN_DAYS, DJ_DEV_R_TRAIN_HOURS);
}

int dj_dev_rule_leaving(struct dj_date leaving_on, struct dj_date on, struct dj_err *err)
{
    struct dj_date limit;
    char l[11];

    if (!dj_date_isset(leaving_on))
        return 0;
    if (dj_rule_deadline_months(DJ_DEV_R_LEAVING, on, &limit))
        return 0;
    if (dj_date_cmp(leaving_on, limit) <= 0)
        return dj_err_set(err, DJ_EINVAL, "leaving_on",
                          "发展对象将于 %s 离开工作、学习单位（%lld "
                          "个月内），一般不办理接收预备党员手续（规则 %s）",
                          dj_date_format(leaving_on, l),
                          (long long)value_of(DJ_DEV_R_LEAVING, on, 3), DJ_DEV_R_LEAVING);
    return 0;
}

int dj_dev_rule_vote(const struct dj_dev_vote *v, struct dj_date on, struct dj_err *err)
{
    int64_t yes = v->yes + v->written_yes;

    if (v->expected <= 0 || v->expected > 100000)
        return dj_err_set(err, DJ_EINVAL, "expected",
                          "「应到会有表决权的正式党员」应为 1 至 100000 的整数");
    if (v->present < 0 || v->present > v->expected)
        return dj_err_set(err, DJ_EINVAL, "present",
                          "「实到会有表决权的正式党员」应在 0 至 %lld 之间",
                          (long long)v->expected);
    if (v->yes < 0 || v->no < 0 || v->abstain < 0 || v->yes + v->no + v->abstain > v->present)
        return dj_err_set(err, DJ_EINVAL, "yes",
                          "到会党员的赞成、反对、弃权票之和不能超过实到人数 %lld",
                          (long long)v->present);
    if (v->written_yes < 0 || v->written_no < 0 ||
        v->present + v->written_yes + v->written_no > v->expected)
        return dj_err_set(
            err, DJ_EINVAL, "written_yes",
            "书面意见只能由未到会的有表决权党员提出：实到人数与书面意见之和不能超过应到人数 %lld",
            (long long)v->expected);
    if (!dj_rule_compare_ratio(DJ_DEV_R_QUORUM, v->present, v->expected, on))
        return dj_err_set(err, DJ_EINVAL, "present",
                          "到会有表决权的党员 %lld 人，未超过应到会 %lld "
                          "人的半数，会议不能表决（书面意见不计入到会人数，规则 %s）",
                          (long long)v->present, (long long)v->expected, DJ_DEV_R_QUORUM);
    if (!dj_rule_compare_ratio(DJ_DEV_R_PASS, yes, v->expected, on))
        return dj_err_set(err, DJ_EINVAL, "yes",
                          "赞成票 %lld 票（含书面意见 %lld 票），未超过应到会有表决权正式党员 %lld "
                          "人的半数，表决未通过（规则 %s）",
                          (long long)yes, (long long)v->written_yes, (long long)v->expected,
                          DJ_DEV_R_PASS);
    return 0;
}

int dj_dev_rule_approval(struct dj_date meeting_on, struct dj_date approved_on, bool special,
                         bool conversion, struct dj_date *due, struct dj_err *err)
{
    const char *rule = conversion ? DJ_DEV_R_CONV_APPROVAL
                                  : (special ? DJ_DEV_R_APPROVAL_SPECIAL : DJ_DEV_R_APPROVAL);
    struct dj_date limit;
    char m[11], l[11];

    if (dj_rule_deadline_months(rule, meeting_on, &limit))
        return dj_err_set(err, DJ_EINVAL, "date", "支部大会日期无效");
    if (due)
        *due = limit;
    if (dj_date_cmp(approved_on, meeting_on) < 0)
        return dj_err_set(err, DJ_EINVAL, "date", "审批日期不能早于支部大会日期 %s",
                          dj_date_format(meeting_on, m));
    if (dj_date_cmp(approved_on, limit) > 0)
        return dj_err_set(
            err, DJ_EINVAL, "date",
            "已超过审批期限：上级党委应在支部大会（%s）后 %lld 个月内（%s 前）审批%s（规则 %s）",
            dj_date_format(meeting_on, m), (long long)value_of(rule, meeting_on, 3),
            dj_date_format(limit, l),
            conversion || special ? "" : "；特殊情况可勾选“特殊情况”，最长不超过 6 个月", rule);
    return 0;
}

struct dj_date dj_dev_probation_end(struct dj_date admitted_on, int extension_months)
{
    struct dj_date end;

    if (dj_rule_deadline_months(DJ_DEV_R_PROBATION, admitted_on, &end))
        return (struct dj_date){0, 0, 0};
    return extension_months > 0 ? dj_date_add_months(end, extension_months) : end;
}

int dj_dev_rule_conversion_meeting(struct dj_date probation_end, struct dj_date on,
                                   struct dj_err *err)
{
    char e[11];

    if (dj_date_cmp(on, probation_end) < 0)
        return dj_err_set(err, DJ_EINVAL, "date",
                          "预备期 %s 届满，讨论转正的支部大会不得在预备期满前召开（规则 %s）",
                          dj_date_format(probation_end, e), DJ_DEV_R_PROBATION);
    return 0;
}

int dj_dev_rule_extension(int64_t months, int times_before, struct dj_date on, struct dj_err *err)
{
    if (!dj_rule_compare(DJ_DEV_R_EXT_TIMES, times_before + 1, on))
        return dj_err_set(err, DJ_EINVAL, "outcome", "预备期只能延长一次，已延长过（规则 %s）",
                          DJ_DEV_R_EXT_TIMES);
    if (!dj_rule_compare(DJ_DEV_R_EXT_MIN, months, on) ||
        !dj_rule_compare(DJ_DEV_R_EXT_MAX, months, on))
        return dj_err_set(err, DJ_EINVAL, "extension_months",
                          "「延长预备期」应不少于 %lld 个月、不超过 %lld 个月（规则 %s、%s）",
                          (long long)value_of(DJ_DEV_R_EXT_MIN, on, 6),
                          (long long)value_of(DJ_DEV_R_EXT_MAX, on, 12), DJ_DEV_R_EXT_MIN,
                          DJ_DEV_R_EXT_MAX);
    return 0;
}
