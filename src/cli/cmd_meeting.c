/*
 * cmd_meeting.c - dangjian meeting list | show | add | submit | approve |
 * return | roll | due, and dangjian compliance (CSV). The CLI operator acts
 * as a system administrator through svc/meeting.c and svc/compliance.c.
 */
#include "base/compat.h"
#include "base/date.h"
#include "cli/cli.h"
#include "rules/life_rules.h"
#include "svc/compliance.h"
#include "svc/meeting.h"
#include "svc/org.h"

void dj_help_meeting(void)
{
    puts("用法：\n"
         "  dangjian meeting list --org 组织ID [--kind 类型] [--status 状态] [--from 日期] [--to "
         "日期]\n"
         "  dangjian meeting show 记录ID\n"
         "  dangjian meeting add --org 组织ID --kind 类型 --date YYYY-MM-DD --topic 主题\n"
         "                       [--place 地点] [--chair 主持人] [--recorder 记录人] [--hours "
         "学时]\n"
         "  dangjian meeting submit|approve 记录ID\n"
         "  dangjian meeting return 记录ID --reason 退回原因\n"
         "  dangjian meeting roll --org 组织ID [--kind 类型] [--date YYYY-MM-DD]\n"
         "  dangjian meeting due --org 组织ID [--from 日期] [--to 日期]\n\n"
         "组织生活记录（三会一课等）。add 按当日党员名册自动生成应到人员（全部出席），\n"
         "预备党员无表决权，登记免于参加的党员不计入应到；记录先为草稿，submit 提交后\n"
         "由上级党组织 approve 审核通过或 return 退回。类型：assembly 支部党员大会、\n"
         "committee 支部委员会、group 党小组会、lecture 党课、theme_day 主题党日、\n"
         "org_life 组织生活会、democratic_review 民主评议党员、leadership_life 民主生活会、\n"
         "talk 谈心谈话、training 集中学习培训、village_weekly 村“两委”周例会、\n"
         "village_monthly 村月党员大会。due 列出本月（或指定区间）应开未开的会议。");
}

void dj_help_compliance(void)
{
    puts("用法：\n"
         "  dangjian compliance --org 组织ID [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--limit "
         "条数]\n\n"
         "按规则表检查组织及其下级在区间内的组织生活落实情况，以 CSV 输出每一项问题：\n"
         "组织、规则编号、出处、期间、缺少的内容、已说明情况；最后输出各规则的应开、\n"
         "已开和落实率。默认区间为今年 1 月 1 日至今天。");
}

/* Write s as one CSV field (RFC 4180 quoting when needed). */
static void csv(const char *s, bool last)
{
    bool quote = s && strpbrk(s, ",\"\r\n");

    if (quote) {
        putchar('"');
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                putchar('"');
            putchar(*p);
        }
        putchar('"');
    } else if (s) {
        fputs(s, stdout);
    }
    putchar(last ? '\n' : ',');
}

static int want_id(const char *s, const char *what, int64_t *out)
{
    if (!s || dj_parse_i64(s, out) || *out <= 0) {
        fprintf(stderr, "错误：%s 应为正整数\n", what);
        return 2;
    }
    return 0;
}

static void print_meeting(const struct dj_meeting *m)
{
    int k = dj_life_kind_parse(m->kind);
    printf("%lld\t%s\t%s\t%s\t%s\t应到%lld 实到%lld%s\t%s\n", (long long)m->id, m->held_on,
           k >= 0 ? dj_life_kind_label((enum dj_life_kind)k) : m->kind,
           m->org_name ? m->org_name : "", m->topic ? m->topic : "", (long long)m->expected_n,
           (long long)m->present_n, m->quorum_ok ? "" : "（不足法定人数，不计入）", m->status);
}

static int do_list(struct dj_cli *c, int argc, char **argv)
{
    struct dj_meeting_query q = {0};
    struct dj_meeting *rows;
    struct dj_err err = {0};
    int64_t total;
    int n, rc;

    q.limit = 500;
    for (int k = 2; k < argc; k++) {
        const char *v = k + 1 < argc ? argv[k + 1] : NULL;
        if (!strcmp(argv[k], "--org")) {
            if ((rc = want_id(v, "--org", &q.org_id)))
                return rc;
        } else if (!strcmp(argv[k], "--kind") && v) {
            q.kind = v;
        } else if (!strcmp(argv[k], "--status") && v) {
            q.status = v;
        } else if (!strcmp(argv[k], "--from") && v) {
            q.from = v;
        } else if (!strcmp(argv[k], "--to") && v) {
            q.to = v;
        } else {
            dj_help_meeting();
            return 2;
        }
        k++;
    }
    if (!q.org_id) {
        dj_help_meeting();
        return 2;
    }
    if (dj_cli_open(c, false))
        return 1;
    if (dj_meeting_list(c->db, &c->actor, &q, c->arena, &rows, &n, &total, &err))
        return dj_cli_fail(&err);
    for (int i = 0; i < n; i++)
        print_meeting(&rows[i]);
    printf("共 %lld 条\n", (long long)total);
    return 0;
}

static int do_show(struct dj_cli *c, int argc, char **argv)
{
    struct dj_meeting m;
    struct dj_err err = {0};
    int64_t id;
    json_t *j;
    char *s;
    int rc;

    if (argc < 3) {
        dj_help_meeting();
        return 2;
    }
    if ((rc = want_id(argv[2], "记录ID", &id)))
        return rc;
    if (dj_cli_open(c, false))
        return 1;
    if (dj_meeting_get(c->db, &c->actor, id, c->arena, &m, &err))
        return dj_cli_fail(&err);
    j = dj_meeting_json(&m);
    s = json_dumps(j, JSON_INDENT(2));
    puts(s);
    free(s);
    json_decref(j);
    return 0;
}

static int do_add(struct dj_cli *c, int argc, char **argv)
{
    struct dj_meeting_in in;
    struct dj_meeting out;
    struct dj_err err = {0};
    const char *date = NULL;
    int rc;

    memset(&in, 0, sizeof(in));
    for (int k = 2; k < argc; k++) {
        const char *v = k + 1 < argc ? argv[k + 1] : NULL;
        if (!v) {
            dj_help_meeting();
            return 2;
        }
        if (!strcmp(argv[k], "--org")) {
            if ((rc = want_id(v, "--org", &in.m.org_id)))
                return rc;
        } else if (!strcmp(argv[k], "--kind")) {
            in.m.kind = v;
        } else if (!strcmp(argv[k], "--date")) {
            date = v;
        } else if (!strcmp(argv[k], "--topic")) {
            in.m.topic = v;
        } else if (!strcmp(argv[k], "--place")) {
            in.m.place = v;
        } else if (!strcmp(argv[k], "--chair")) {
            in.m.chair = v;
        } else if (!strcmp(argv[k], "--recorder")) {
            in.m.recorder = v;
        } else if (!strcmp(argv[k], "--hours")) {
            if (dj_parse_i64(v, &in.m.hours)) {
                fprintf(stderr, "错误：--hours 应为整数\n");
                return 2;
            }
        } else {
            dj_help_meeting();
            return 2;
        }
        k++;
    }
    if (!in.m.org_id || !in.m.kind || !date) {
        dj_help_meeting();
        return 2;
    }
    if (strlen(date) != 10) {
        fprintf(stderr, "错误：--date 应为 YYYY-MM-DD\n");
        return 2;
    }
    dj_strlcpy(in.m.held_on, date, sizeof(in.m.held_on));
    if (dj_cli_open(c, false))
        return 1;
    if (dj_meeting_create(c->db, &c->actor, &in, c->arena, &out, &err))
        return dj_cli_fail(&err);
    print_meeting(&out);
    return 0;
}

static int do_review(struct dj_cli *c, int argc, char **argv)
{
    struct dj_meeting out;
    struct dj_err err = {0};
    const char *reason = NULL;
    int64_t id;
    int rc;

    if (argc < 3) {
        dj_help_meeting();
        return 2;
    }
    if ((rc = want_id(argv[2], "记录ID", &id)))
        return rc;
    for (int k = 3; k < argc; k++) {
        if (!strcmp(argv[k], "--reason") && k + 1 < argc) {
            reason = argv[++k];
        } else {
            dj_help_meeting();
            return 2;
        }
    }
    if (dj_cli_open(c, false))
        return 1;
    if (dj_meeting_review(c->db, &c->actor, id, argv[1], reason, c->arena, &out, &err))
        return dj_cli_fail(&err);
    print_meeting(&out);
    return 0;
}

static int do_roll(struct dj_cli *c, int argc, char **argv)
{
    struct dj_err err = {0};
    struct dj_date on = dj_date_today(c->cfg.utc_offset_minutes);
    struct dj_meeting_att *att;
    const char *kind = "assembly";
    int64_t org = 0;
    int n, rc;

    for (int k = 2; k < argc; k++) {
        const char *v = k + 1 < argc ? argv[k + 1] : NULL;
        if (!strcmp(argv[k], "--org")) {
            if ((rc = want_id(v, "--org", &org)))
                return rc;
        } else if (!strcmp(argv[k], "--kind") && v) {
            kind = v;
        } else if (!strcmp(argv[k], "--date") && v) {
            if (dj_date_parse(v, &on, "--date", &err))
                return dj_cli_fail(&err);
        } else {
            dj_help_meeting();
            return 2;
        }
        k++;
    }
    if (!org) {
        dj_help_meeting();
        return 2;
    }
    if (dj_cli_open(c, false))
        return 1;
    if (dj_meeting_roll(c->db, &c->actor, org, kind, on, c->arena, &att, &n, &err))
        return dj_cli_fail(&err);
    for (int i = 0; i < n; i++)
        printf("%lld\t%s\t%s\t%s\n", (long long)att[i].member_id, att[i].name,
               !strcmp(att[i].state, "exempt") ? "免于参加"
               : att[i].voting                 ? "有表决权"
                                               : "无表决权",
               att[i].reason ? att[i].reason : "");
    return 0;
}

static int print_due(void *ctx, const struct dj_deadline *d)
{
    char due[11];
    (void)ctx;
    printf("%s\t%s\t%s\t%s\n", dj_date_format(d->due, due),
           d->level == DJ_DEADLINE_OVERDUE ? "逾期" : "待办", d->kind, d->title);
    return 0;
}

static int do_due(struct dj_cli *c, int argc, char **argv)
{
    struct dj_err err = {0};
    struct dj_date today = dj_date_today(c->cfg.utc_offset_minutes);
    struct dj_date from = {today.y, today.m, 1}, to = dj_month_end(today.y, today.m);
    struct dj_scope scope = {0};
    struct dj_org_row org;
    int64_t id = 0;
    int rc;

    for (int k = 2; k < argc; k++) {
        const char *v = k + 1 < argc ? argv[k + 1] : NULL;
        if (!strcmp(argv[k], "--org")) {
            if ((rc = want_id(v, "--org", &id)))
                return rc;
        } else if (!strcmp(argv[k], "--from") && v) {
            if (dj_date_parse(v, &from, "--from", &err))
                return dj_cli_fail(&err);
        } else if (!strcmp(argv[k], "--to") && v) {
            if (dj_date_parse(v, &to, "--to", &err))
                return dj_cli_fail(&err);
        } else {
            dj_help_meeting();
            return 2;
        }
        k++;
    }
    if (!id) {
        dj_help_meeting();
        return 2;
    }
    if (dj_cli_open(c, false))
        return 1;
    if (dj_org_get(c->db, &c->actor, id, &org, &err))
        return dj_cli_fail(&err);
    scope.n = 1;
    dj_strlcpy(scope.paths[0], org.path, sizeof(scope.paths[0]));
    if (dj_meeting_deadline_lister(c->db, &scope, from, to, print_due, NULL, &err))
        return dj_cli_fail(&err);
    return 0;
}

int dj_cmd_meeting(struct dj_cli *c, int argc, char **argv)
{
    if (argc < 2 || dj_cli_wants_help(argc, argv)) {
        dj_help_meeting();
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "list"))
        return do_list(c, argc, argv);
    if (!strcmp(argv[1], "show"))
        return do_show(c, argc, argv);
    if (!strcmp(argv[1], "add"))
        return do_add(c, argc, argv);
    if (!strcmp(argv[1], "submit") || !strcmp(argv[1], "approve") || !strcmp(argv[1], "return"))
        return do_review(c, argc, argv);
    if (!strcmp(argv[1], "roll"))
        return do_roll(c, argc, argv);
    if (!strcmp(argv[1], "due"))
        return do_due(c, argc, argv);
    dj_help_meeting();
    return 2;
}

int dj_cmd_compliance(struct dj_cli *c, int argc, char **argv)
{
    struct dj_compliance_query q = {0};
    struct dj_compliance_report r;
    struct dj_err err = {0};
    struct dj_date today = dj_date_today(c->cfg.utc_offset_minutes);
    int rc;

    if (dj_cli_wants_help(argc, argv)) {
        dj_help_compliance();
        return 0;
    }
    q.from = (struct dj_date){today.y, 1, 1};
    q.to = today;
    q.today = today;
    q.limit = DJ_COMPLIANCE_MAX_LIMIT;
    q.org_limit = 0;
    for (int k = 1; k < argc; k++) {
        const char *v = k + 1 < argc ? argv[k + 1] : NULL;
        if (!strcmp(argv[k], "--org")) {
            if ((rc = want_id(v, "--org", &q.org_id)))
                return rc;
        } else if (!strcmp(argv[k], "--from") && v) {
            if (dj_date_parse(v, &q.from, "--from", &err))
                return dj_cli_fail(&err);
        } else if (!strcmp(argv[k], "--to") && v) {
            if (dj_date_parse(v, &q.to, "--to", &err))
                return dj_cli_fail(&err);
        } else if (!strcmp(argv[k], "--limit") && v) {
            if (dj_parse_i64(v, &q.limit) || q.limit < 0 || q.limit > DJ_COMPLIANCE_MAX_LIMIT) {
                fprintf(stderr, "错误：--limit 应在 0 到 %d 之间\n", DJ_COMPLIANCE_MAX_LIMIT);
                return 2;
            }
        } else {
            dj_help_compliance();
            return 2;
        }
        k++;
    }
    if (!q.org_id) {
        dj_help_compliance();
        return 2;
    }
    if (dj_cli_open(c, false))
        return 1;
    if (dj_compliance_report(c->db, &c->actor, &q, c->arena, &r, &err))
        return dj_cli_fail(&err);
    puts("组织ID,组织,规则编号,出处,条款,期间,对象,问题,已开,应开,情况说明");
    for (int i = 0; i < r.ngaps; i++) {
        const struct dj_cmp_gap *g = &r.gaps[i];
        const struct dj_rule *rule = dj_rule_find(g->rule_id, q.to);
        char id[24], held[24], req[24];
        snprintf(id, sizeof(id), "%lld", (long long)g->org_id);
        snprintf(held, sizeof(held), "%lld", (long long)g->held);
        snprintf(req, sizeof(req), "%lld", (long long)g->required);
        csv(id, false);
        csv(g->org_name, false);
        csv(g->rule_id, false);
        csv(rule ? rule->source : "", false);
        csv(rule ? rule->article : "", false);
        csv(g->period, false);
        csv(g->subject, false);
        csv(g->missing, false);
        csv(held, false);
        csv(req, false);
        csv(g->ack_explanation ? g->ack_explanation : "", true);
    }
    puts("");
    puts("规则编号,应开,已开,落实率(%),问题数,已说明");
    for (int i = 0; i < r.nrules; i++) {
        const struct dj_cmp_rule_total *t = &r.rules[i];
        printf("%s,%lld,%lld,%s%lld.%02lld,%lld,%lld\n", t->rule_id, (long long)t->required,
               (long long)t->met, "", t->required ? (long long)(t->met * 100 / t->required) : 0LL,
               t->required ? (long long)(t->met * 10000 / t->required % 100) : 0LL,
               (long long)t->gaps, (long long)t->acked);
    }
    if (r.gaps_matching > r.ngaps)
        fprintf(stderr, "仅输出前 %d 条问题（共 %lld 条），可用 --limit 调整\n", r.ngaps,
                (long long)r.gaps_matching);
    return 0;
}
