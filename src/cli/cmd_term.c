/*
 * cmd_term.c - dangjian term: terms of office and elections (换届) through
 * the same svc/term.c calls as the API. `term elect` reads the same JSON
 * body as POST /api/orgs/{id}/terms/elect (api/term.h) from a file or stdin.
 */
#include "base/compat.h"
#include "api/term.h"
#include "base/date.h"
#include "cli/cli.h"
#include "model/dict.h"
#include "svc/svc.h"
#include "svc/term.h"

void dj_help_term(void)
{
    puts(
        "用法：\n"
        "  dangjian term list 组织ID [--on 日期]          历届任期和现任一届的状态\n"
        "  dangjian term show 届ID [--on 日期]            一届的详情和候选人得票\n"
        "  dangjian term add 组织ID --elected-on 日期 [--seq 届次] [--years 任期年数] [--note "
        "备注]\n"
        "                                                登记没有选举结果的一届（历史数据）\n"
        "  dangjian term elect 组织ID [--file 文件] [--check]\n"
        "                                                "
        "登记选举结果（JSON，默认从标准输入读取），\n"
        "                                                --check 只核验不保存\n"
        "  dangjian term extend 届ID --until 日期 --approved-on 日期 --approver 批准人 --doc 文号\n"
        "                   [--reason 原因]              上级党组织批准延期换届（不超过 1 年）\n"
        "  dangjian term remind 届ID --date 日期 [--note 说明]   登记已发换届提醒\n"
        "  dangjian term request 届ID --date 日期 [--doc 文号]   登记已收到换届请示\n"
        "  dangjian term report 届ID --date 日期               登记已收到选举结果报告\n"
        "  dangjian term due 组织ID [--on 日期] [--state 状态]   下级组织换届情况（CSV）\n\n"
        "状态（--state）：none 未录入、in_term 任期内、reminder_due 换届提醒期、\n"
        "  expired 届满待换届、extended 已批准延期、overdue 逾期未换届。\n"
        "任期年数不填时按规则：基层党委 5 年，党总支、党支部 3 年，村和社区党组织 5 年；\n"
        "2018 年 7 月 12 日前的选举须按当时规定填写。日期格式 YYYY-MM-DD。\n\n"
        "选举结果 JSON：\n"
        "  {\"elected_on\":\"2026-03-10\",\"expected\":40,\"present\":35,\"seats\":5,\n"
        "   \"candidates\":[{\"member_id\":12,\"post\":\"secretary\",\"yes\":30},\n"
        "                  {\"name\":\"王某\",\"post\":\"member\",\"yes\":20}, …]}\n"
        "  到会须超过应到会的五分之四；赞成票须超过实到会人数的一半（恰好一半不当选）；\n"
        "  应选 3 人以上（委员会）时候选人须多于应选人数 20%。当选者自动任职，原班子同日离任。\n"
        "每次修改都写入审计日志；命令行以系统管理员身份操作。");
}

static int usage_error(const char *msg)
{
    fprintf(stderr, "错误：%s\n\n", msg);
    dj_help_term();
    return 2;
}

static int parse_id(const char *s, int64_t *out)
{
    if (!s || dj_parse_i64(s, out) || *out <= 0) {
        fprintf(stderr, "错误：%s 不是有效的 ID（应为正整数）\n", s ? s : "(空)");
        return 2;
    }
    return 0;
}

static int parse_date(const char *s, const char *opt, struct dj_date *out)
{
    struct dj_err err = {0};

    if (!s) {
        fprintf(stderr, "错误：缺少 %s\n", opt);
        return 2;
    }
    if (dj_date_parse(s, out, opt, &err)) {
        fprintf(stderr, "错误：%s %s\n", opt, err.message);
        return 2;
    }
    return 0;
}

/* Value of option `name` (argv[i+1]) or NULL. */
static const char *opt(int argc, char **argv, const char *name)
{
    for (int i = 2; i + 1 < argc; i++)
        if (!strcmp(argv[i], name))
            return argv[i + 1];
    return NULL;
}

static bool flag(int argc, char **argv, const char *name)
{
    for (int i = 2; i < argc; i++)
        if (!strcmp(argv[i], name))
            return true;
    return false;
}

/* Every option is one of `known` (those ending in '!' take no value); argv[2] is the id. */
static int check_opts(int argc, char **argv, const char *const *known)
{
    for (int i = 3; i < argc; i++) {
        bool ok = false, noval = false;
        for (int k = 0; known[k] && !ok; k++) {
            size_t n = strlen(known[k]);
            noval = known[k][n - 1] == '!';
            ok = !strncmp(argv[i], known[k], noval ? n - 1 : n) &&
                 strlen(argv[i]) == (noval ? n - 1 : n);
        }
        if (!ok) {
            fprintf(stderr, "错误：未知选项 %s\n\n", argv[i]);
            dj_help_term();
            return 2;
        }
        if (!noval && ++i >= argc) {
            fprintf(stderr, "错误：选项 %s 缺少值\n", argv[i - 1]);
            return 2;
        }
    }
    return 0;
}

static struct dj_date on_or_today(struct dj_cli *c, const char *s, int *rc)
{
    struct dj_date d = dj_date_today(c->cfg.utc_offset_minutes);

    *rc = s ? parse_date(s, "--on", &d) : 0;
    return d;
}

static const char *ds(struct dj_date d, char *b)
{
    return dj_date_isset(d) ? dj_date_format(d, b) : "";
}

static void print_view(const struct dj_term_view *v)
{
    char b1[11], b2[11], b3[11], b4[11];

    printf("第%lld届  ID %lld  选举 %s  任期 %lld 年（%s）  届满 %s", (long long)v->t.seq,
           (long long)v->t.id, ds(v->t.elected_on, b1), (long long)v->t.term_years,
           v->t.term_rule ? v->t.term_rule : "", ds(v->t.expires_on, b2));
    if (dj_date_isset(v->t.extended_until))
        printf("  延期至 %s（%s）", ds(v->t.extended_until, b3),
               v->t.extension_doc ? v->t.extension_doc : "");
    printf("  %s\n", v->current ? dj_term_state_label(v->state) : "已换届");
    if (v->current)
        printf("    提醒期自 %s  请示应于 %s 前  已提醒 %s  已收请示 %s\n",
               ds(v->d.reminder_on, b1), ds(v->d.request_due, b2), ds(v->t.reminder_sent_on, b3),
               ds(v->t.request_received_on, b4));
    if (v->t.expected_voters)
        printf("    应到会 %lld  实到会 %lld  应选 %lld  候选人 %lld\n",
               (long long)v->t.expected_voters, (long long)v->t.present_voters,
               (long long)v->t.seats, (long long)v->t.candidates);
}

static int cmd_list(struct dj_cli *c, int argc, char **argv)
{
    static const char *const known[] = {"--on", NULL};
    struct dj_term_view *v;
    struct dj_err err = {0};
    struct dj_date on;
    int64_t id;
    int n, rc;

    if (argc < 3)
        return usage_error("缺少组织ID");
    if ((rc = parse_id(argv[2], &id)) || (rc = check_opts(argc, argv, known)))
        return rc;
    on = on_or_today(c, opt(argc, argv, "--on"), &rc);
    if (rc)
        return rc;
    if (dj_term_list(c->db, &c->actor, id, on, c->arena, &v, &n, &err))
        return dj_cli_fail(&err);
    if (!n)
        puts("尚未登记换届记录");
    for (int i = 0; i < n; i++)
        print_view(&v[i]);
    return 0;
}

static int cmd_show(struct dj_cli *c, int argc, char **argv)
{
    static const char *const known[] = {"--on", NULL};
    struct dj_term_view v;
    struct dj_term_cand *cands;
    struct dj_err err = {0};
    struct dj_date on;
    int64_t id;
    int n, rc;

    if (argc < 3)
        return usage_error("缺少届ID");
    if ((rc = parse_id(argv[2], &id)) || (rc = check_opts(argc, argv, known)))
        return rc;
    on = on_or_today(c, opt(argc, argv, "--on"), &rc);
    if (rc)
        return rc;
    if (dj_term_get(c->db, &c->actor, id, on, c->arena, &v, &cands, &n, &err))
        return dj_cli_fail(&err);
    print_view(&v);
    for (int i = 0; i < n; i++) {
        const char *pl = dj_dict_label(dj_dict_find("post"), cands[i].post);
        printf("    %-12s %-8s 赞成 %4lld  %s\n", cands[i].person_name, pl ? pl : cands[i].post,
               (long long)cands[i].yes_votes, cands[i].elected ? "当选" : "未当选");
    }
    return 0;
}

static int cmd_add(struct dj_cli *c, int argc, char **argv)
{
    static const char *const known[] = {"--elected-on", "--seq", "--years", "--note", NULL};
    struct dj_term_new in = {0};
    struct dj_term_view out;
    struct dj_err err = {0};
    const char *s;
    int64_t id;
    int rc;

    if (argc < 3)
        return usage_error("缺少组织ID");
    if ((rc = parse_id(argv[2], &id)) || (rc = check_opts(argc, argv, known)))
        return rc;
    if ((rc = parse_date(opt(argc, argv, "--elected-on"), "--elected-on", &in.elected_on)))
        return rc;
    if ((s = opt(argc, argv, "--seq")) && (dj_parse_i64(s, &in.seq) || in.seq <= 0))
        return usage_error("--seq 应为正整数");
    if ((s = opt(argc, argv, "--years")) && (dj_parse_i64(s, &in.term_years) || in.term_years <= 0))
        return usage_error("--years 应为正整数");
    in.note = opt(argc, argv, "--note");
    if (dj_term_add(c->db, &c->actor, id, &in, c->arena, &out, &err))
        return dj_cli_fail(&err);
    print_view(&out);
    return 0;
}

static int cmd_elect(struct dj_cli *c, int argc, char **argv)
{
    static const char *const known[] = {"--file", "--check!", NULL};
    const char *file = NULL;
    struct dj_election e = {0};
    struct dj_election_outcome o;
    struct dj_ballot *b = NULL;
    struct dj_err err = {0};
    json_error_t jerr;
    json_t *body;
    int64_t id;
    int rc;
    bool check;

    if (argc < 3)
        return usage_error("缺少组织ID");
    if ((rc = parse_id(argv[2], &id)) || (rc = check_opts(argc, argv, known)))
        return rc;
    file = opt(argc, argv, "--file");
    check = flag(argc, argv, "--check");
    body = file ? json_load_file(file, 0, &jerr) : json_loadf(stdin, 0, &jerr);
    if (!body) {
        fprintf(stderr, "错误：选举结果不是有效的 JSON（第 %d 行）：%s\n", jerr.line, jerr.text);
        return 2;
    }
    rc = dj_api_term_election(body, c->arena, &e, &err);
    if (!rc && check)
        rc = dj_term_check(c->db, &c->actor, id, &e, c->arena, &o, &b, &err);
    if (!rc && !check) {
        struct dj_term_view out;
        rc = dj_term_elect(c->db, &c->actor, id, &e, c->arena, &out, &o, &err);
        if (!rc)
            print_view(&out);
    }
    if (!rc) {
        for (int i = 0; i < o.nchecks; i++)
            printf("%s %s\n",
                   o.checks[i].ok ? "[通过]" : (o.checks[i].blocking ? "[不通过]" : "[提示]"),
                   o.checks[i].message);
        for (int i = 0; b && i < e.n; i++)
            printf("    %-12s 赞成 %4lld  %s%s\n", b[i].name, (long long)b[i].yes,
                   b[i].elected ? "当选" : "未当选 ", b[i].note ? b[i].note : "");
    }
    rc = rc ? dj_cli_fail(&err) : (check && !o.valid ? 1 : 0);
    json_decref(body);
    return rc;
}

static int cmd_extend(struct dj_cli *c, int argc, char **argv)
{
    static const char *const known[] = {"--until", "--approved-on", "--approver",
                                        "--doc",   "--reason",      NULL};
    struct dj_term_extension x = {0};
    struct dj_term_view out;
    struct dj_err err = {0};
    int64_t id;
    int rc;

    if (argc < 3)
        return usage_error("缺少届ID");
    if ((rc = parse_id(argv[2], &id)) || (rc = check_opts(argc, argv, known)))
        return rc;
    if ((rc = parse_date(opt(argc, argv, "--until"), "--until", &x.until)) ||
        (rc = parse_date(opt(argc, argv, "--approved-on"), "--approved-on", &x.approved_on)))
        return rc;
    x.approver = opt(argc, argv, "--approver");
    x.doc = opt(argc, argv, "--doc");
    x.reason = opt(argc, argv, "--reason");
    if (dj_term_extend(c->db, &c->actor, id, &x, c->arena, &out, &err))
        return dj_cli_fail(&err);
    print_view(&out);
    return 0;
}

static int cmd_notice(struct dj_cli *c, int argc, char **argv, enum dj_term_notice kind,
                      const char *text_opt)
{
    const char *known[] = {"--date", text_opt, NULL};
    struct dj_term_view out;
    struct dj_err err = {0};
    struct dj_date on;
    int64_t id;
    int rc;

    if (argc < 3)
        return usage_error("缺少届ID");
    if ((rc = parse_id(argv[2], &id)) || (rc = check_opts(argc, argv, known)))
        return rc;
    if ((rc = parse_date(opt(argc, argv, "--date"), "--date", &on)))
        return rc;
    if (dj_term_notice(c->db, &c->actor, id, kind, on, text_opt ? opt(argc, argv, text_opt) : NULL,
                       c->arena, &out, &err))
        return dj_cli_fail(&err);
    print_view(&out);
    return 0;
}

/* CSV field: quoted when it holds a comma, quote or newline. */
static void csv(const char *s, bool last)
{
    if (!s)
        s = "";
    if (strpbrk(s, ",\"\n")) {
        putchar('"');
        for (; *s; s++) {
            if (*s == '"')
                putchar('"');
            putchar(*s);
        }
        putchar('"');
    } else {
        fputs(s, stdout);
    }
    putchar(last ? '\n' : ',');
}

static int due_row(void *ctx, const struct dj_term_due *d)
{
    char b[7][11], id[24], seq[24];
    const char *kl = dj_dict_label(dj_dict_find("org_kind"), d->kind);

    (void)ctx;
    snprintf(id, sizeof(id), "%lld", (long long)d->org_id);
    snprintf(seq, sizeof(seq), "%lld", (long long)(d->has_term ? d->v.t.seq : 0));
    csv(id, false);
    csv(d->name, false);
    csv(kl ? kl : d->kind, false);
    csv(d->has_term ? seq : "", false);
    csv(d->has_term ? ds(d->v.t.elected_on, b[0]) : "", false);
    csv(d->has_term ? ds(d->v.t.expires_on, b[1]) : "", false);
    csv(d->has_term ? ds(d->v.t.extended_until, b[2]) : "", false);
    csv(dj_term_state_label(d->has_term ? d->v.state : DJ_TERM_NONE), false);
    csv(d->has_term ? ds(d->v.d.reminder_on, b[3]) : "", false);
    csv(d->has_term ? ds(d->v.t.reminder_sent_on, b[4]) : "", false);
    csv(d->has_term ? ds(d->v.d.request_due, b[5]) : "", false);
    csv(d->has_term ? ds(d->v.t.request_received_on, b[6]) : "", true);
    return 0;
}

static int cmd_due(struct dj_cli *c, int argc, char **argv)
{
    static const char *const known[] = {"--on", "--state", NULL};
    struct dj_err err = {0};
    struct dj_date on;
    const char *st;
    int64_t id;
    int rc, state = -1;

    if (argc < 3)
        return usage_error("缺少组织ID");
    if ((rc = parse_id(argv[2], &id)) || (rc = check_opts(argc, argv, known)))
        return rc;
    on = on_or_today(c, opt(argc, argv, "--on"), &rc);
    if (rc)
        return rc;
    if ((st = opt(argc, argv, "--state")) && (state = dj_term_state_parse(st)) < 0)
        return usage_error(
            "--state 应为 none、in_term、reminder_due、expired、extended 或 overdue");
    puts("组织ID,党组织名称,组织类别,届次,选举日期,届满日期,延期至,状态,提醒日期,已提醒,"
         "请示截止,已收请示");
    if (dj_term_due_list(c->db, &c->actor, id, on, state, due_row, NULL, &err))
        return dj_cli_fail(&err);
    return 0;
}

int dj_cmd_term(struct dj_cli *c, int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : NULL;

    if (!sub || dj_cli_wants_help(argc, argv)) {
        dj_help_term();
        return sub ? 0 : 2;
    }
    if (dj_cli_open(c, false))
        return 1;
    if (!strcmp(sub, "list"))
        return cmd_list(c, argc, argv);
    if (!strcmp(sub, "show"))
        return cmd_show(c, argc, argv);
    if (!strcmp(sub, "add"))
        return cmd_add(c, argc, argv);
    if (!strcmp(sub, "elect"))
        return cmd_elect(c, argc, argv);
    if (!strcmp(sub, "extend"))
        return cmd_extend(c, argc, argv);
    if (!strcmp(sub, "remind"))
        return cmd_notice(c, argc, argv, DJ_TERM_NOTICE_REMINDER, "--note");
    if (!strcmp(sub, "request"))
        return cmd_notice(c, argc, argv, DJ_TERM_NOTICE_REQUEST, "--doc");
    if (!strcmp(sub, "report"))
        return cmd_notice(c, argc, argv, DJ_TERM_NOTICE_REPORT, NULL);
    if (!strcmp(sub, "due"))
        return cmd_due(c, argc, argv);
    fprintf(stderr, "错误：未知的子命令 %s\n\n", sub);
    dj_help_term();
    return 2;
}
