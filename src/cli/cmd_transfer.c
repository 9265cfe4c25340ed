/*
 * cmd_transfer.c - dangjian transfer | flow | lapse: 组织关系接转, 流动党员 and
 * 失联排查 from the command line, over the same svc/transfer.c and
 * svc/lapse.c calls as the API (the CLI operator acts as a system
 * administrator; every change is audited).
 */
#include "base/compat.h"
#include "cli/cli.h"
#include "svc/lapse.h"
#include "svc/transfer.h"

void dj_help_transfer(void)
{
    puts("用法：\n"
         "  dangjian transfer list [--box out|in] [--state 状态|open|overdue] [--org 组织ID]\n"
         "      列出组织关系转接（out 转出、in 转入；overdue 为介绍信过期未报到或回执逾期）。\n"
         "  dangjian transfer show 转接ID\n"
         "  dangjian transfer request --member 党员ID (--to-org 党支部ID | --to-name 名称)\n"
         "                           [--category in_province|cross_province] [--reason 说明]\n"
         "                           [--date 申请日期]\n"
         "      申请转出：--to-org 为本系统内的党支部，--to-name 为系统外的党组织。\n"
         "  dangjian transfer register-in --to-org 党支部ID --from-name 原党组织 --name 姓名\n"
         "                           --category 转接类别 --member-category full|probationary\n"
         "                           --joined 入党日期 [--confirmed 转正日期] --letter-no 编号\n"
         "                           --issued 开具日期 --valid-until 有效期至 --dues 党费交至\n"
         "      登记从系统外转入的介绍信（身份证号码从标准输入读取）。\n"
         "  dangjian transfer approve|receive|receipt 转接ID [--date 日期]\n"
         "  dangjian transfer issue 转接ID --dues YYYY-MM [--letter-no 编号] [--valid-until 日期]\n"
         "                           [--date 开具日期]\n"
         "      开具介绍信：有效期默认按规则 transfer.letter_validity_months（3 个月）。\n"
         "  dangjian transfer return|cancel 转接ID --reason 原因 [--date 日期]\n"
         "  dangjian transfer expire 转接ID [--reason 说明] [--date 日期]\n"
         "  dangjian transfer postpone 转接ID --months N\n"
         "      转入的预备党员推迟讨论转正（不超过 6 个月，预备期仍从原日期计算）。\n"
         "  dangjian transfer roster --box in|out [--year 年份] [--org 组织ID]\n"
         "      全国模板的转入党员名册或转出党员名册（制表符分隔，身份证号码脱敏）。\n"
         "  dangjian transfer letter 转接ID [--pdf 文件]\n"
         "      打印介绍信的存根、主件和回执；--pdf 写成一页 A4 的 "
         "PDF（仅限已开具、未作废的介绍信）。\n"
         "日期格式 YYYY-MM-DD，不写则为今天。");
}

void dj_help_flow(void)
{
    puts("用法：\n"
         "  dangjian flow list [--org 组织ID] [--all]\n"
         "      流动党员（流出和流入），--all 含已结束的登记。\n"
         "  dangjian flow out --member 党员ID (--host-org 党支部ID | --host-name 名称)\n"
         "                   --reason 外出原因 --destination 去向 --left 外出日期\n"
         "                   [--card 活动证编号] [--until 预计返回日期]\n"
         "      登记外出流动（党员状态改为流动）。\n"
         "  dangjian flow in --org 流入党支部ID --name 姓名 --home-name 流出地党组织\n"
         "                  --reason 外出原因 --destination 去向 --left 外出日期 [--card 编号]\n"
         "      登记从系统外流入的党员。\n"
         "  dangjian flow end 登记ID --date 日期 --reason 原因\n"
         "  dangjian flow review 登记ID --year 年度 --date 日期 --result passed|failed [--note "
         "意见]\n"
         "流入党员可在流入地参加组织生活、交纳党费，但不在该支部表决和选举。");
}

void dj_help_lapse(void)
{
    puts("用法：\n"
         "  dangjian lapse worklist [--org 组织ID]\n"
         "      失联排查清单：无联系记录达规则 lapse.audit_inactive_months（6 个月）的在册党员。\n"
         "  dangjian lapse candidates [--org 组织ID]\n"
         "      疑似自行脱党：连续 6 个月无正当理由不参加组织生活、不交党费或不做分配的工作。\n"
         "  dangjian lapse contact 党员ID --date 日期 --method 方式 [--note 情况]\n"
         "  dangjian lapse search 党员ID --date 日期 --action 措施 --evidence 佐证 [--found]\n"
         "  dangjian lapse ground 党员ID --ground life|dues|work --since 日期 [--good-reason]\n"
         "                        [--note 说明]\n"
         "  dangjian lapse decide 党员ID --decision "
         "lost_contact|suspend|restore|remove|leave|death\n"
         "                        --date 日期 --decider 决定机关 --doc-no 文号 [--reason 理由]\n"
         "                        [--kind 出党方式]\n"
         "      系统不会自动改变党员状态：停止党籍、恢复党籍、除名、出党、死亡须登记决定。");
}

/* --key value options (flags have no value); unknown keys are a usage error. */
struct opts {
    const char *keys[24];
    const char *vals[24];
    int n;
};

static int parse_opts(int argc, char **argv, int start, const char *const *allowed,
                      const char *const *flags, struct opts *o)
{
    o->n = 0;
    for (int i = start; i < argc; i++) {
        bool ok = false, flag = false;
        for (int k = 0; allowed[k]; k++)
            ok = ok || !strcmp(argv[i], allowed[k]);
        for (int k = 0; flags && flags[k]; k++)
            flag = flag || !strcmp(argv[i], flags[k]);
        if ((!ok && !flag) || (!flag && i + 1 >= argc) || o->n >= 24) {
            fprintf(stderr, "错误：未知参数或缺少取值：%s\n", argv[i]);
            return 2;
        }
        o->keys[o->n] = argv[i];
        o->vals[o->n++] = flag ? "1" : argv[++i];
    }
    return 0;
}

static const char *opt(const struct opts *o, const char *key)
{
    for (int i = o->n - 1; i >= 0; i--)
        if (!strcmp(o->keys[i], key))
            return o->vals[i];
    return NULL;
}

static int opt_id(const struct opts *o, const char *key, int64_t *out)
{
    const char *s = opt(o, key);
    *out = 0;
    if (s && (dj_parse_i64(s, out) || *out <= 0)) {
        fprintf(stderr, "错误：%s 应为正整数\n", key);
        return 2;
    }
    return 0;
}

static int opt_date(const struct opts *o, const char *key, struct dj_date *out)
{
    const char *s = opt(o, key);
    *out = (struct dj_date){0, 0, 0};
    if (s && dj_date_parse(s, out, NULL, NULL)) {
        fprintf(stderr, "错误：%s 的日期格式应为 YYYY-MM-DD\n", key);
        return 2;
    }
    return 0;
}

static int arg_id(int argc, char **argv, const char *what, int64_t *out)
{
    if (argc < 3 || dj_parse_i64(argv[2], out) || *out <= 0) {
        fprintf(stderr, "错误：%s应为正整数\n", what);
        return 2;
    }
    return 0;
}

static void date_str(struct dj_date d, char *buf)
{
    if (dj_date_isset(d))
        dj_date_format(d, buf);
    else
        dj_strlcpy(buf, "-", 11);
}

static void print_transfer(const struct dj_transfer *t)
{
    char a[11], b[11], c[11];

    date_str(t->issued_on, a);
    date_str(t->valid_until, b);
    date_str(t->received_on, c);
    printf("%lld\t%s\t%s\t%s -> %s\t%s\t介绍信 %s 开具 %s 有效期至 %s\t接收 %s\n", (long long)t->id,
           t->member_name, dj_transfer_state_label(t->state), t->from_name, t->to_name,
           dj_transfer_category_label(t->category), t->letter_no ? t->letter_no : "-", a, b, c);
}

/* ---- transfer ------------------------------------------------------------ */

static int t_list(struct dj_cli *c, int argc, char **argv)
{
    static const char *const allowed[] = {"--box", "--state", "--org", NULL};
    struct dj_transfer_query q = {0};
    struct dj_transfer *rows;
    struct dj_err err = {0};
    struct opts o;
    int n, rc;

    if ((rc = parse_opts(argc, argv, 2, allowed, NULL, &o)) ||
        (rc = opt_id(&o, "--org", &q.org_id)))
        return rc;
    q.box = opt(&o, "--box");
    q.state = opt(&o, "--state");
    if (dj_cli_open(c, false))
        return 1;
    if (dj_transfer_list(c->db, &c->actor, &q, c->arena, &rows, &n, &err))
        return dj_cli_fail(&err);
    for (int i = 0; i < n; i++)
        print_transfer(&rows[i]);
    printf("共 %d 条\n", n);
    return 0;
}

static int t_show(struct dj_cli *c, int argc, char **argv)
{
    struct dj_transfer t;
    struct dj_err err = {0};
    unsigned sides;
    int64_t id;
    int rc = arg_id(argc, argv, "转接ID", &id);

    if (rc)
        return rc;
    if (dj_cli_open(c, false))
        return 1;
    if (dj_transfer_get(c->db, &c->actor, id, c->arena, &t, &sides, &err))
        return dj_cli_fail(&err);
    print_transfer(&t);
    if (t.dues_paid_to)
        printf("党费交至 %s\n", t.dues_paid_to);
    if (t.close_reason)
        printf("原因 %s\n", t.close_reason);
    if (t.postpone_months)
        printf("推迟讨论转正 %d 个月\n", t.postpone_months);
    return 0;
}

static int t_request(struct dj_cli *c, int argc, char **argv)
{
    static const char *const allowed[] = {"--member", "--to-org", "--to-name", "--category",
                                          "--reason", "--date",   NULL};
    struct dj_transfer_new in = {0};
    struct dj_transfer t;
    struct dj_err err = {0};
    struct opts o;
    int rc;

    if ((rc = parse_opts(argc, argv, 2, allowed, NULL, &o)) ||
        (rc = opt_id(&o, "--member", &in.member_id)) ||
        (rc = opt_id(&o, "--to-org", &in.to_org_id)) ||
        (rc = opt_date(&o, "--date", &in.requested_on)))
        return rc;
    in.kind = in.to_org_id ? "internal" : "out";
    in.to_name = opt(&o, "--to-name");
    in.category = opt(&o, "--category");
    in.reason = opt(&o, "--reason");
    if (dj_cli_open(c, false))
        return 1;
    if (dj_transfer_create(c->db, &c->actor, &in, c->arena, &t, &err))
        return dj_cli_fail(&err);
    printf("已登记转接 %lld：%s 由 %s 转往 %s\n", (long long)t.id, t.member_name, t.from_name,
           t.to_name);
    return 0;
}

static int t_register_in(struct dj_cli *c, int argc, char **argv)
{
    static const char *const allowed[] = {
        "--to-org", "--from-name", "--name",      "--category", "--member-category",
        "--joined", "--confirmed", "--letter-no", "--issued",   "--valid-until",
        "--dues",   "--reason",    "--date",      NULL};
    struct dj_transfer_new in = {.kind = "in"};
    struct dj_transfer t;
    struct dj_err err = {0};
    char idbuf[64];
    struct opts o;
    int rc;

    if ((rc = parse_opts(argc, argv, 2, allowed, NULL, &o)) ||
        (rc = opt_id(&o, "--to-org", &in.to_org_id)) ||
        (rc = opt_date(&o, "--joined", &in.joined_on)) ||
        (rc = opt_date(&o, "--confirmed", &in.confirmed_on)) ||
        (rc = opt_date(&o, "--issued", &in.issued_on)) ||
        (rc = opt_date(&o, "--valid-until", &in.valid_until)) ||
        (rc = opt_date(&o, "--date", &in.requested_on)))
        return rc;
    if (!fgets(idbuf, sizeof(idbuf), stdin)) {
        fputs("错误：请从标准输入提供身份证号码\n", stderr);
        return 2;
    }
    idbuf[strcspn(idbuf, "\r\n")] = '\0';
    in.id_number = idbuf;
    in.from_name = opt(&o, "--from-name");
    in.name = opt(&o, "--name");
    in.category = opt(&o, "--category");
    in.member_category = opt(&o, "--member-category");
    in.letter_no = opt(&o, "--letter-no");
    in.dues_paid_to = opt(&o, "--dues");
    in.reason = opt(&o, "--reason");
    if (dj_cli_open(c, false))
        return 1;
    rc = dj_transfer_create(c->db, &c->actor, &in, c->arena, &t, &err);
    memset(idbuf, 0, sizeof(idbuf));
    if (rc)
        return dj_cli_fail(&err);
    printf("已登记转入 %lld：%s 由 %s 转入 %s\n", (long long)t.id, t.member_name, t.from_name,
           t.to_name);
    return 0;
}

static int t_step(struct dj_cli *c, int argc, char **argv, enum dj_transfer_action action)
{
    static const char *const allowed[] = {"--date",        "--dues",   "--letter-no",
                                          "--valid-until", "--reason", NULL};
    struct dj_transfer_step s = {.action = action};
    struct dj_transfer t;
    struct dj_err err = {0};
    struct opts o;
    int64_t id;
    int rc;

    if ((rc = arg_id(argc, argv, "转接ID", &id)) ||
        (rc = parse_opts(argc, argv, 3, allowed, NULL, &o)) ||
        (rc = opt_date(&o, "--date", &s.on)) ||
        (rc = opt_date(&o, "--valid-until", &s.valid_until)))
        return rc;
    s.dues_paid_to = opt(&o, "--dues");
    s.letter_no = opt(&o, "--letter-no");
    s.reason = opt(&o, "--reason");
    if (dj_cli_open(c, false))
        return 1;
    if (dj_transfer_act(c->db, &c->actor, id, &s, c->arena, &t, &err))
        return dj_cli_fail(&err);
    printf("转接 %lld：%s\n", (long long)t.id, dj_transfer_state_label(t.state));
    if (action == DJ_TA_ISSUE) {
        char v[11];
        printf("介绍信 %s，有效期至 %s，党费交至 %s\n", t.letter_no,
               dj_date_format(t.valid_until, v), t.dues_paid_to);
    }
    return 0;
}

static int t_postpone(struct dj_cli *c, int argc, char **argv)
{
    static const char *const allowed[] = {"--months", NULL};
    struct dj_transfer t;
    struct dj_err err = {0};
    struct opts o;
    int64_t id, months;
    int rc;

    if ((rc = arg_id(argc, argv, "转接ID", &id)) ||
        (rc = parse_opts(argc, argv, 3, allowed, NULL, &o)) ||
        (rc = opt_id(&o, "--months", &months)))
        return rc;
    if (dj_cli_open(c, false))
        return 1;
    if (dj_transfer_postpone(c->db, &c->actor, id, (int)(months > 100 ? 100 : months), c->arena, &t,
                             &err))
        return dj_cli_fail(&err);
    printf("转接 %lld：推迟讨论转正 %d 个月\n", (long long)t.id, t.postpone_months);
    return 0;
}

/* The letter as a PDF into `path`. */
static int t_letter_pdf(struct dj_cli *c, int64_t id, const char *path)
{
    struct dj_transfer_letter l;
    struct dj_err err = {0};
    struct dj_buf pdf;
    FILE *f;
    int rc;

    dj_buf_init(&pdf, 0);
    if (dj_transfer_letter_pdf(c->db, &c->actor, id, c->arena, &l, &pdf, &err)) {
        dj_buf_release(&pdf);
        return dj_cli_fail(&err);
    }
    f = fopen(path, "wb");
    rc = !f || fwrite(pdf.data, 1, pdf.len, f) != pdf.len;
    if (f && fclose(f))
        rc = 1;
    dj_buf_release(&pdf);
    if (rc) {
        fprintf(stderr, "错误：无法写入文件 %s\n", path);
        return 1;
    }
    printf("已生成介绍信 PDF（%s）：%s\n", l.letter_no, path);
    return 0;
}

static int t_letter(struct dj_cli *c, int argc, char **argv)
{
    static const char *const allowed[] = {"--pdf", NULL};
    struct dj_transfer_letter l;
    struct dj_err err = {0};
    struct opts o;
    char a[11], b[11];
    int64_t id;
    int rc;

    if ((rc = arg_id(argc, argv, "转接ID", &id)) ||
        (rc = parse_opts(argc, argv, 3, allowed, NULL, &o)))
        return rc;
    if (dj_cli_open(c, false))
        return 1;
    if (opt(&o, "--pdf"))
        return t_letter_pdf(c, id, opt(&o, "--pdf"));
    if (dj_transfer_letter(c->db, &c->actor, id, c->arena, &l, &err))
        return dj_cli_fail(&err);
    dj_date_format(l.issued_on, a);
    dj_date_format(l.valid_until, b);
    printf("【存根】%s\n%s 同志系中共%s党员，组织关系由 %s 转到 %s。党费交到 %d年%d月。"
           "有效期 %d 天（至 %s）。%s\n\n",
           l.letter_no, l.member_name, l.category_label, l.from_name, l.to_name, l.dues_year,
           l.dues_month, l.valid_days, b, a);
    printf(
        "【主件】中国共产党党员组织关系介绍信 %s\n%s：\n  %s 同志（%s，%d岁，%s），系中共%s党员，"
        "身份证号码 %s，由 %s 去 %s，请转接组织关系。\n  该同志党费已交到 %d年%d月。\n"
        "（有效期 %d 天）  %s  %s\n\n",
        l.letter_no, l.to_name, l.member_name, l.gender_label, l.age, l.nation_label,
        l.category_label, l.id_masked, l.from_name, l.to_name, l.dues_year, l.dues_month,
        l.valid_days, l.issuer_name, a);
    printf("【回执】%s：\n  %s 同志的党员组织关系已转达我处，特此回执。\n", l.issuer_name,
           l.member_name);
    return 0;
}

static int t_roster(struct dj_cli *c, int argc, char **argv)
{
    static const char *const allowed[] = {"--box", "--year", "--org", NULL};
    struct dj_transfer_roster_row *rows;
    struct dj_err err = {0};
    struct opts o;
    int64_t year, org;
    bool in;
    int n, rc;

    if ((rc = parse_opts(argc, argv, 2, allowed, NULL, &o)) || (rc = opt_id(&o, "--year", &year)) ||
        (rc = opt_id(&o, "--org", &org)))
        return rc;
    if (dj_cli_open(c, false))
        return 1;
    if (!year)
        year = dj_date_today(c->cfg.utc_offset_minutes).y;
    if (dj_transfer_roster(c->db, &c->actor, opt(&o, "--box"), (int)(year > 9999 ? 0 : year), org,
                           c->arena, &rows, &n, &err))
        return dj_cli_fail(&err);
    in = !strcmp(opt(&o, "--box"), "in");
    printf("%lld年%s党员名册\n", (long long)year, in ? "转入" : "转出");
    puts(in ? "姓名\t性别\t身份证号码\t转接类别\t转入日期\t原党组织名称\t目标党组织名称\t描述信息\t"
              "党费缴至日期"
            : "序号\t姓名\t性别\t身份证号码\t转接类别\t转出日期\t原党组织名称\t目标党组织名称\t"
              "描述信息\t党费缴至日期");
    for (int i = 0; i < n; i++) {
        char d[11];
        if (!in)
            printf("%d\t", i + 1);
        printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", rows[i].name, rows[i].gender_label,
               rows[i].id_masked, rows[i].category_label, dj_date_format(rows[i].on, d),
               rows[i].from_name, rows[i].to_name, rows[i].reason, rows[i].dues_paid_to);
    }
    return 0;
}

int dj_cmd_transfer(struct dj_cli *c, int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : "";
    static const struct {
        const char *name;
        enum dj_transfer_action action;
    } steps[] = {{"approve", DJ_TA_APPROVE}, {"issue", DJ_TA_ISSUE},   {"receive", DJ_TA_RECEIVE},
                 {"receipt", DJ_TA_RECEIPT}, {"return", DJ_TA_RETURN}, {"cancel", DJ_TA_CANCEL},
                 {"expire", DJ_TA_EXPIRE}};

    if (!strcmp(sub, "list"))
        return t_list(c, argc, argv);
    if (!strcmp(sub, "show"))
        return t_show(c, argc, argv);
    if (!strcmp(sub, "request"))
        return t_request(c, argc, argv);
    if (!strcmp(sub, "register-in"))
        return t_register_in(c, argc, argv);
    if (!strcmp(sub, "postpone"))
        return t_postpone(c, argc, argv);
    if (!strcmp(sub, "letter"))
        return t_letter(c, argc, argv);
    if (!strcmp(sub, "roster"))
        return t_roster(c, argc, argv);
    for (size_t i = 0; i < DJ_ARRAY_LEN(steps); i++)
        if (!strcmp(sub, steps[i].name))
            return t_step(c, argc, argv, steps[i].action);
    dj_help_transfer();
    return 2;
}

/* ---- flow ---------------------------------------------------------------- */

static int f_list(struct dj_cli *c, int argc, char **argv)
{
    static const char *const allowed[] = {"--org", NULL}, *const flags[] = {"--all", NULL};
    struct dj_flow *rows;
    struct dj_err err = {0};
    struct opts o;
    int64_t org;
    int n, rc;

    if ((rc = parse_opts(argc, argv, 2, allowed, flags, &o)) || (rc = opt_id(&o, "--org", &org)))
        return rc;
    if (dj_cli_open(c, false))
        return 1;
    if (dj_flow_list(c->db, &c->actor, org, opt(&o, "--all") != NULL, c->arena, &rows, &n, &err))
        return dj_cli_fail(&err);
    for (int i = 0; i < n; i++) {
        char a[11], b[11];
        date_str(rows[i].left_on, a);
        date_str(rows[i].ended_on, b);
        printf("%lld\t%s\t%s -> %s\t%s\t%s\t活动证 %s\t外出 %s\t结束 %s\n", (long long)rows[i].id,
               rows[i].member_name, rows[i].home_name, rows[i].host_name, rows[i].reason,
               rows[i].destination, rows[i].card_no ? rows[i].card_no : "-", a, b);
    }
    printf("共 %d 条\n", n);
    return 0;
}

static int f_add(struct dj_cli *c, int argc, char **argv, bool out)
{
    static const char *const allowed[] = {"--member", "--host-org",  "--host-name", "--org",
                                          "--name",   "--home-name", "--reason",    "--destination",
                                          "--left",   "--until",     "--card",      NULL};
    struct dj_flow_new in = {.side = out ? "out" : "in"};
    struct dj_flow f;
    struct dj_err err = {0};
    struct opts o;
    int rc;

    if ((rc = parse_opts(argc, argv, 2, allowed, NULL, &o)) ||
        (rc = opt_id(&o, "--member", &in.member_id)) ||
        (rc = opt_id(&o, "--host-org", &in.host_org_id)) ||
        (rc = opt_id(&o, "--org", &in.in_org_id)) || (rc = opt_date(&o, "--left", &in.left_on)) ||
        (rc = opt_date(&o, "--until", &in.until_on)))
        return rc;
    in.host_name = opt(&o, "--host-name");
    in.member_name = opt(&o, "--name");
    in.home_name = opt(&o, "--home-name");
    in.reason = opt(&o, "--reason");
    in.destination = opt(&o, "--destination");
    in.card_no = opt(&o, "--card");
    if (dj_cli_open(c, false))
        return 1;
    if (dj_flow_create(c->db, &c->actor, &in, c->arena, &f, &err))
        return dj_cli_fail(&err);
    printf("已登记流动党员 %lld：%s，%s -> %s\n", (long long)f.id, f.member_name, f.home_name,
           f.host_name);
    return 0;
}

static int f_end(struct dj_cli *c, int argc, char **argv)
{
    static const char *const allowed[] = {"--date", "--reason", NULL};
    struct dj_flow f;
    struct dj_err err = {0};
    struct dj_date on;
    struct opts o;
    int64_t id;
    int rc;

    if ((rc = arg_id(argc, argv, "登记ID", &id)) ||
        (rc = parse_opts(argc, argv, 3, allowed, NULL, &o)) || (rc = opt_date(&o, "--date", &on)))
        return rc;
    if (dj_cli_open(c, false))
        return 1;
    if (dj_flow_end(c->db, &c->actor, id, on, opt(&o, "--reason"), c->arena, &f, &err))
        return dj_cli_fail(&err);
    printf("流动登记 %lld 已结束\n", (long long)f.id);
    return 0;
}

static int f_review(struct dj_cli *c, int argc, char **argv)
{
    static const char *const allowed[] = {"--year", "--date", "--result", "--note", NULL};
    struct dj_err err = {0};
    struct dj_date on;
    struct opts o;
    int64_t id, year;
    int rc;

    if ((rc = arg_id(argc, argv, "登记ID", &id)) ||
        (rc = parse_opts(argc, argv, 3, allowed, NULL, &o)) || (rc = opt_date(&o, "--date", &on)) ||
        (rc = opt_id(&o, "--year", &year)))
        return rc;
    if (dj_cli_open(c, false))
        return 1;
    if (dj_flow_review(c->db, &c->actor, id, (int)(year > 9999 ? 9999 : year), on,
                       opt(&o, "--result"), opt(&o, "--note"), &err))
        return dj_cli_fail(&err);
    printf("流动登记 %lld：%lld 年度年审已登记\n", (long long)id, (long long)year);
    return 0;
}

int dj_cmd_flow(struct dj_cli *c, int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : "";

    if (!strcmp(sub, "list"))
        return f_list(c, argc, argv);
    if (!strcmp(sub, "out") || !strcmp(sub, "in"))
        return f_add(c, argc, argv, !strcmp(sub, "out"));
    if (!strcmp(sub, "end"))
        return f_end(c, argc, argv);
    if (!strcmp(sub, "review"))
        return f_review(c, argc, argv);
    dj_help_flow();
    return 2;
}

/* ---- lapse --------------------------------------------------------------- */

static int l_lists(struct dj_cli *c, int argc, char **argv, bool worklist)
{
    static const char *const allowed[] = {"--org", NULL};
    struct dj_err err = {0};
    struct opts o;
    int64_t org;
    int n, rc;

    if ((rc = parse_opts(argc, argv, 2, allowed, NULL, &o)) || (rc = opt_id(&o, "--org", &org)))
        return rc;
    if (dj_cli_open(c, false))
        return 1;
    if (worklist) {
        struct dj_lapse_item *rows;
        if (dj_lapse_worklist(c->db, &c->actor, org, c->arena, &rows, &n, &err))
            return dj_cli_fail(&err);
        for (int i = 0; i < n; i++) {
            char a[11];
            printf("%lld\t%s\t%s\t最近联系 %s\t已 %d 个月\t查找 %d 次%s\n",
                   (long long)rows[i].row.member_id, rows[i].row.name, rows[i].row.org_name,
                   dj_date_format(rows[i].last, a), rows[i].months, rows[i].row.searches,
                   rows[i].may_suspend ? "\t可提请停止党籍" : "");
        }
    } else {
        struct dj_lapse_candidate *rows;
        if (dj_lapse_candidates(c->db, &c->actor, org, c->arena, &rows, &n, &err))
            return dj_cli_fail(&err);
        for (int i = 0; i < n; i++) {
            char a[11];
            printf("%lld\t%s\t%s\t%s\t自 %s 起\n", (long long)rows[i].g.member_id, rows[i].g.name,
                   rows[i].g.org_name, rows[i].g.ground, dj_date_format(rows[i].g.since, a));
        }
    }
    printf("共 %d 人\n", n);
    return 0;
}

static int l_note(struct dj_cli *c, int argc, char **argv, const char *sub)
{
    static const char *const allowed[] = {
        "--date",     "--method",  "--note",   "--action", "--evidence", "--ground", "--since",
        "--decision", "--decider", "--doc-no", "--reason", "--kind",     NULL};
    static const char *const flags[] = {"--found", "--good-reason", NULL};
    struct dj_err err = {0};
    struct dj_date on, since;
    struct opts o;
    int64_t id, nid = 0;
    int rc;

    if ((rc = arg_id(argc, argv, "党员ID", &id)) ||
        (rc = parse_opts(argc, argv, 3, allowed, flags, &o)) ||
        (rc = opt_date(&o, "--date", &on)) || (rc = opt_date(&o, "--since", &since)))
        return rc;
    if (dj_cli_open(c, false))
        return 1;
    if (!strcmp(sub, "contact"))
        rc = dj_lapse_contact(c->db, &c->actor, id, on, opt(&o, "--method"), opt(&o, "--note"),
                              &nid, &err);
    else if (!strcmp(sub, "search"))
        rc = dj_lapse_search(c->db, &c->actor, id, on, opt(&o, "--action"), opt(&o, "--evidence"),
                             opt(&o, "--found") != NULL, &nid, &err);
    else if (!strcmp(sub, "ground"))
        rc = dj_lapse_ground(c->db, &c->actor, id, opt(&o, "--ground"), since,
                             opt(&o, "--good-reason") != NULL, opt(&o, "--note"), &nid, &err);
    else {
        struct dj_lapse_decision d = {.decision = opt(&o, "--decision"),
                                      .on = on,
                                      .decider = opt(&o, "--decider"),
                                      .doc_no = opt(&o, "--doc-no"),
                                      .reason = opt(&o, "--reason"),
                                      .leave_kind = opt(&o, "--kind")};
        rc = dj_lapse_decide(c->db, &c->actor, id, &d, &nid, &err);
    }
    if (rc)
        return dj_cli_fail(&err);
    printf("已登记（编号 %lld）\n", (long long)nid);
    return 0;
}

int dj_cmd_lapse(struct dj_cli *c, int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : "";

    if (!strcmp(sub, "worklist") || !strcmp(sub, "candidates"))
        return l_lists(c, argc, argv, !strcmp(sub, "worklist"));
    if (!strcmp(sub, "contact") || !strcmp(sub, "search") || !strcmp(sub, "ground") ||
        !strcmp(sub, "decide"))
        return l_note(c, argc, argv, sub);
    dj_help_lapse();
    return 2;
}
