/* cmd_dues.c - dangjian dues calc | show | base | account | pay | arrears | report | disclosure |
 * spend | spendings | spend-void. */
#include "base/compat.h"
#include "base/date.h"
#include "base/money.h"
#include "cli/cli.h"
#include "svc/dues.h"

void dj_help_dues(void)
{
    puts(
        "用法：\n"
        "  dangjian dues calc --category 类别 [--base 金额] [--date YYYY-MM-DD]\n"
        "  dangjian dues show 党员ID [--year 年度]\n"
        "  dangjian dues base 党员ID --year 年度 --category 类别 [--from-month 月]\n"
        "                      [--base 金额 | --quarter-income 金额] [--note 备注]\n"
        "  dangjian dues account 党员ID [--start YYYY-MM] [--stop YYYY-MM --reason "
        "transfer_out|other]\n"
        "  dangjian dues pay 党员ID --from YYYY-MM [--months N] --date YYYY-MM-DD\n"
        "                      --channel cash|bank|online [--receipt 编号] [--consent]\n"
        "                      [--payer self|relative|member] [--extra 金额] [--amount 金额]\n"
        "  dangjian dues void 交纳记录ID --reason 作废原因\n"
        "  dangjian dues farmer-rate 党支部ID --from YYYY-MM --amount 金额\n"
        "  dangjian dues arrears 组织ID [--date YYYY-MM-DD]\n"
        "  dangjian dues report 组织ID [--year 年度]\n"
        "  dangjian dues disclosure 组织ID [--year 年度] --pdf 文件\n"
        "  dangjian dues spend 组织ID --date YYYY-MM-DD --purpose 用途 --amount 金额\n"
        "                      --voucher 凭证号 --desc 支出事由 --approved-by 批准人或机构\n"
        "                      --approval-doc 文件或会议记录编号 --approved-on YYYY-MM-DD [--note 备注]\n"
        "  dangjian dues spendings 组织ID [--year 年度]\n"
        "  dangjian dues spend-void 使用记录ID --reason 作废原因\n\n"
        "calc 按党费规定计算月交纳额，显示比例、金额和适用的规则（含生效日期）。类别：\n"
        "  employed 在职（税后月工资）  annual_salary 年薪制（当月实际收入）\n"
        "  self_employed 个体经营等（上季度月平均纯收入）  retiree 离退休\n"
        "  farmer 农民  student 学生  unemployed 下岗失业  relief 依靠抚恤或救济  dibao 低保\n"
        "金额以元为单位，最多两位小数。月交纳额由基数按规则推算，不能手工填写；\n"
        "补交不超过6个月，预交、补交须经支部同意（--consent）；不得由组织垫交或从工资中扣缴。\n"
        "连续3个月未交纳提醒，连续6个月列为自行脱党待研究对象（由组织决定，系统不改变党员状态）。\n"
        "spend 登记党费使用（须有批准人、批准文件和批准日期，先批准后支出；不得超过本组织可用党费）。\n"
        "用途：training 教育培训党员  publications 订阅党报党刊和党员教育资料\n"
        "  commendation 表彰先进  hardship 慰问补助生活困难党员  elderly 补助生活困难的老党员\n"
        "  disaster 补助受灾党员。spendings 显示年度收缴、上缴、使用（分用途）和结余。");
}

static const char *opt(int argc, char **argv, const char *name)
{
    for (int k = 2; k + 1 < argc; k++)
        if (!strcmp(argv[k], name))
            return argv[k + 1];
    return NULL;
}

static bool flag(int argc, char **argv, const char *name)
{
    for (int k = 2; k < argc; k++)
        if (!strcmp(argv[k], name))
            return true;
    return false;
}

static int id_arg(int argc, char **argv, int64_t *id)
{
    if (argc < 3 || dj_parse_i64(argv[2], id) || *id <= 0) {
        fprintf(stderr, "错误：请给出正整数的 ID\n");
        return 2;
    }
    return 0;
}

static int int_opt(int argc, char **argv, const char *name, int def, int *out)
{
    const char *s = opt(argc, argv, name);
    int64_t v;

    *out = def;
    if (!s)
        return 0;
    if (dj_parse_i64(s, &v) || v < 0 || v > 9999) {
        fprintf(stderr, "错误：%s 应为整数\n", name);
        return 2;
    }
    *out = (int)v;
    return 0;
}

static char *yuan(int64_t fen, char *b)
{
    if (fen < 0) {
        snprintf(b, 32, "%s", "未核定");
        return b;
    }
    return dj_money_format(fen, b);
}

static int do_calc(struct dj_cli *c, int argc, char **argv)
{
    struct dj_dues_calc out;
    struct dj_err err = {0};
    struct dj_date on = {0, 0, 0};
    const char *d = opt(argc, argv, "--date");
    char a[32], b[32], f[16];

    if (!opt(argc, argv, "--category")) {
        dj_help_dues();
        return 2;
    }
    if (d && dj_date_parse(d, &on, "--date", &err))
        return dj_cli_fail(&err);
    if (dj_cli_open(c, false))
        return 1;
    if (dj_dues_calc(opt(argc, argv, "--category"), opt(argc, argv, "--base"), on, &out, &err))
        return dj_cli_fail(&err);
    if (out.rate_bp)
        printf("基数 %s 元 × %d.%02d%% = 每月 %s 元\n", dj_money_format(out.base_fen, a),
               out.rate_bp / 100, out.rate_bp % 100, dj_money_format(out.amount_fen, b));
    else
        printf("每月 %s 元（固定数额）\n", dj_money_format(out.amount_fen, b));
    printf("rate_bp=%d amount=%s rule=%s", out.rate_bp, dj_money_format(out.amount_fen, b),
           out.rule_id);
    if (out.band_rule_id && *out.band_rule_id)
        printf(" band=%s", out.band_rule_id);
    printf(" from=%s rounding=%lld分/%s\n",
           dj_date_isset(out.rule_from) ? dj_date_format(out.rule_from, f) : "-",
           (long long)out.round_unit_fen,
           out.round_mode == 1   ? "舍去"
           : out.round_mode == 2 ? "进位"
                                 : "四舍五入");
    return 0;
}

static int do_show(struct dj_cli *c, int argc, char **argv)
{
    struct dj_dues_ledger l;
    struct dj_err err = {0};
    int64_t id;
    int year, rc;
    char a[32], b[32], m[8];

    if ((rc = id_arg(argc, argv, &id)) || (rc = int_opt(argc, argv, "--year", 0, &year)))
        return rc;
    if (dj_cli_open(c, false))
        return 1;
    if (dj_dues_ledger(c->db, &c->actor, id, year, c->arena, &l, &err))
        return dj_cli_fail(&err);
    printf("%s（%s）党费交至 %s，连续未交 %d 个月，未交合计 %s 元\n", l.member.name,
           l.member.org_name, l.paid_through_idx ? dj_dues_month_str(l.paid_through_idx, m) : "-",
           l.run, dj_money_format(l.unpaid_fen, a));
    for (int i = 0; i < l.nmonths; i++)
        printf("%s  %-8s 应交 %10s  已交 %10s  %s\n", dj_dues_month_str(l.months[i].idx, m),
               dj_dues_state_name(l.months[i].state), yuan(l.months[i].due_fen, a),
               dj_money_format(l.months[i].paid_fen, b), l.months[i].rule_id);
    return 0;
}

static int do_base(struct dj_cli *c, int argc, char **argv)
{
    struct dj_dues_base_in in = {0};
    struct dj_err err = {0};
    int64_t id;
    int rc;

    if ((rc = id_arg(argc, argv, &id)) || (rc = int_opt(argc, argv, "--year", 0, &in.year)) ||
        (rc = int_opt(argc, argv, "--from-month", 1, &in.from_month)))
        return rc;
    in.category = opt(argc, argv, "--category");
    in.base = opt(argc, argv, "--base");
    in.quarter_income = opt(argc, argv, "--quarter-income");
    in.note = opt(argc, argv, "--note");
    if (!in.year || !in.category) {
        dj_help_dues();
        return 2;
    }
    if (dj_cli_open(c, false))
        return 1;
    if (dj_dues_base_set(c->db, &c->actor, id, &in, &err))
        return dj_cli_fail(&err);
    printf("已记录党员 %lld 的 %d 年党费基数（自 %d 月起）\n", (long long)id, in.year,
           in.from_month);
    return 0;
}

static int do_account(struct dj_cli *c, int argc, char **argv)
{
    struct dj_dues_account_in in = {0};
    struct dj_err err = {0};
    int64_t id;
    int rc;

    if ((rc = id_arg(argc, argv, &id)))
        return rc;
    in.start_month = opt(argc, argv, "--start");
    in.stop_month = opt(argc, argv, "--stop");
    in.stop_reason = opt(argc, argv, "--reason");
    in.note = opt(argc, argv, "--note");
    if (dj_cli_open(c, false))
        return 1;
    if (dj_dues_account_set(c->db, &c->actor, id, &in, &err))
        return dj_cli_fail(&err);
    puts("已更新交纳党费期间");
    return 0;
}

static int do_pay(struct dj_cli *c, int argc, char **argv)
{
    struct dj_dues_payment_in in = {0};
    struct dj_dues_payment_row out;
    struct dj_err err = {0};
    int64_t id;
    int rc;
    char a[32], b[32], m1[8], m2[8];

    if ((rc = id_arg(argc, argv, &id)) || (rc = int_opt(argc, argv, "--months", 1, &in.months)))
        return rc;
    in.from_month = opt(argc, argv, "--from");
    in.paid_on = opt(argc, argv, "--date");
    in.channel = opt(argc, argv, "--channel");
    in.receipt_no = opt(argc, argv, "--receipt");
    in.payer = opt(argc, argv, "--payer");
    in.extra = opt(argc, argv, "--extra");
    in.amount = opt(argc, argv, "--amount");
    in.note = opt(argc, argv, "--note");
    in.consent = flag(argc, argv, "--consent");
    if (!in.from_month || !in.paid_on || !in.channel) {
        dj_help_dues();
        return 2;
    }
    if (dj_cli_open(c, false))
        return 1;
    if (dj_dues_payment_add(c->db, &c->actor, id, &in, c->arena, &out, &err))
        return dj_cli_fail(&err);
    printf("已记录交纳 %s 至 %s 党费 %s 元，自愿多交 %s 元%s（交纳记录 %lld）\n",
           dj_dues_month_str(out.from_idx, m1),
           dj_dues_month_str(out.from_idx + out.months - 1, m2), dj_money_format(out.amount_fen, a),
           dj_money_format(out.extra_fen, b),
           out.central ? "（一次性1000元以上，全部上缴中央）" : "", (long long)out.id);
    return 0;
}

static int do_void(struct dj_cli *c, int argc, char **argv)
{
    struct dj_err err = {0};
    int64_t id;
    int rc;

    if ((rc = id_arg(argc, argv, &id)))
        return rc;
    if (dj_cli_open(c, false))
        return 1;
    if (dj_dues_payment_void(c->db, &c->actor, id, opt(argc, argv, "--reason"), &err))
        return dj_cli_fail(&err);
    printf("已作废交纳记录 %lld，所交月份恢复为未交\n", (long long)id);
    return 0;
}

static int do_farmer(struct dj_cli *c, int argc, char **argv)
{
    struct dj_err err = {0};
    int64_t id;
    int rc;

    if ((rc = id_arg(argc, argv, &id)))
        return rc;
    if (!opt(argc, argv, "--from") || !opt(argc, argv, "--amount")) {
        dj_help_dues();
        return 2;
    }
    if (dj_cli_open(c, false))
        return 1;
    if (dj_dues_farmer_rate_set(c->db, &c->actor, id, opt(argc, argv, "--from"),
                                opt(argc, argv, "--amount"), &err))
        return dj_cli_fail(&err);
    printf("已设置党支部 %lld 农民党员自 %s 起每月交纳 %s 元\n", (long long)id,
           opt(argc, argv, "--from"), opt(argc, argv, "--amount"));
    return 0;
}

static int do_arrears(struct dj_cli *c, int argc, char **argv)
{
    struct dj_dues_sheet_row *rows;
    struct dj_err err = {0};
    struct dj_date on = {0, 0, 0};
    const char *d = opt(argc, argv, "--date");
    int64_t id;
    int n, rc;
    char m[8];

    if ((rc = id_arg(argc, argv, &id)))
        return rc;
    if (d && dj_date_parse(d, &on, "--date", &err))
        return dj_cli_fail(&err);
    if (dj_cli_open(c, false))
        return 1;
    if (dj_dues_arrears(c->db, &c->actor, id, on, c->arena, &rows, &n, &err))
        return dj_cli_fail(&err);
    for (int i = 0; i < n; i++)
        printf("%lld\t%s\t%s\t连续 %d 个月未交\t党费交至 %s\t%s\n", (long long)rows[i].member.id,
               rows[i].member.name, rows[i].member.org_name, rows[i].run,
               rows[i].paid_through_idx ? dj_dues_month_str(rows[i].paid_through_idx, m) : "-",
               rows[i].level == DJ_DUES_ARREARS_LAPSE ? "自行脱党待研究" : "提醒");
    printf("共 %d 人\n", n);
    return 0;
}

static int do_report(struct dj_cli *c, int argc, char **argv)
{
    struct dj_dues_report r;
    struct dj_err err = {0};
    int64_t id;
    int year, rc;
    char a[32], b[32], d[32];

    if ((rc = id_arg(argc, argv, &id)) || (rc = int_opt(argc, argv, "--year", 0, &year)))
        return rc;
    if (dj_cli_open(c, false))
        return 1;
    if (dj_dues_report(c->db, &c->actor, id, year, c->arena, &r, &err))
        return dj_cli_fail(&err);
    printf("%s %d 年党费：应交 %s 元，已交 %s 元，欠交 %s 元\n", r.org_name, r.year,
           dj_money_format(r.total.due_total, a), dj_money_format(r.total.paid_total, b),
           dj_money_format(r.total.outstanding_total, d));
    for (int i = 0; i < r.nbranches; i++)
        printf("  %s\t%d 人\t应交 %s\t已交 %s\t欠交 %s\n", r.branches[i].org_name,
               r.branches[i].members, dj_money_format(r.branches[i].due_total, a),
               dj_money_format(r.branches[i].paid_total, b),
               dj_money_format(r.branches[i].outstanding_total, d));
    printf("本年收缴 %s 元，自愿多交 %s 元，上缴上级 %s 元，上缴中央 %s 元\n",
           dj_money_format(r.collected_fen, a), dj_money_format(r.extra_fen, b),
           dj_money_format(r.remit_upper_fen, d), dj_money_format(r.central_fen, a));
    return 0;
}

static int do_disclosure(struct dj_cli *c, int argc, char **argv)
{
    struct dj_buf pdf;
    struct dj_err err = {0};
    const char *path = opt(argc, argv, "--pdf");
    int64_t id;
    int year, rc;
    FILE *f;

    if ((rc = id_arg(argc, argv, &id)) || (rc = int_opt(argc, argv, "--year", 0, &year)))
        return rc;
    if (!path) {
        dj_help_dues();
        return 2;
    }
    if (dj_cli_open(c, false))
        return 1;
    dj_buf_init(&pdf, 0);
    if (dj_dues_disclosure_pdf(c->db, &c->actor, id, year, c->arena, &pdf, &err)) {
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
    printf("已生成党费公示 PDF：%s\n", path);
    return 0;
}

static int do_spend(struct dj_cli *c, int argc, char **argv)
{
    struct dj_dues_spending_in in = {
        .spent_on = opt(argc, argv, "--date"),
        .purpose = opt(argc, argv, "--purpose"),
        .amount = opt(argc, argv, "--amount"),
        .voucher_no = opt(argc, argv, "--voucher"),
        .description = opt(argc, argv, "--desc"),
        .approved_by = opt(argc, argv, "--approved-by"),
        .approval_doc = opt(argc, argv, "--approval-doc"),
        .approved_on = opt(argc, argv, "--approved-on"),
        .note = opt(argc, argv, "--note"),
    };
    struct dj_dues_spending_row out;
    struct dj_err err = {0};
    int64_t id;
    int rc;
    char a[32];

    if ((rc = id_arg(argc, argv, &id)))
        return rc;
    if (dj_cli_open(c, false))
        return 1;
    if (dj_dues_spend(c->db, &c->actor, id, &in, c->arena, &out, &err))
        return dj_cli_fail(&err);
    printf("已登记党费使用 #%lld：%s %s 元（%s）\n", (long long)out.id, out.purpose,
           dj_money_format(out.amount_fen, a), out.description);
    return 0;
}

static int do_spendings(struct dj_cli *c, int argc, char **argv)
{
    struct dj_dues_funds f;
    struct dj_dues_spending_row *rows;
    struct dj_err err = {0};
    int64_t id;
    int year, n, rc;
    char a[32], b[32], d[32], e[32], g[32], day[11];

    if ((rc = id_arg(argc, argv, &id)) || (rc = int_opt(argc, argv, "--year", 0, &year)))
        return rc;
    if (dj_cli_open(c, false))
        return 1;
    if (dj_dues_spendings(c->db, &c->actor, id, year, c->arena, &f, &rows, &n, &err))
        return dj_cli_fail(&err);
    printf("%d 年：上年结转 %s 元，收缴 %s 元，上缴 %s 元，党支部留存 %s 元，使用 %s 元，结余 %s "
           "元\n",
           f.year, dj_money_format(f.carried_fen, a), dj_money_format(f.collected_fen, b),
           dj_money_format(f.remitted_fen, d), dj_money_format(f.kept_below_fen, e),
           dj_money_format(f.spent_fen, g), dj_money_format(f.balance_fen, day));
    for (int k = 0; k < DJ_DUES_NPURPOSES; k++)
        if (f.by_purpose[k])
            printf("  %s\t%s 元\n", dj_dues_purposes[k], dj_money_format(f.by_purpose[k], a));
    for (int i = 0; i < n; i++)
        printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s %s\n", (long long)rows[i].id,
               dj_date_format(rows[i].spent_on, day), rows[i].purpose,
               dj_money_format(rows[i].amount_fen, a), rows[i].voucher_no, rows[i].description,
               rows[i].approved_by, rows[i].approval_doc);
    printf("共 %d 笔\n", n);
    return 0;
}

static int do_spend_void(struct dj_cli *c, int argc, char **argv)
{
    struct dj_err err = {0};
    int64_t id;
    int rc;

    if ((rc = id_arg(argc, argv, &id)))
        return rc;
    if (dj_cli_open(c, false))
        return 1;
    if (dj_dues_spending_void(c->db, &c->actor, id, opt(argc, argv, "--reason"), &err))
        return dj_cli_fail(&err);
    printf("已作废党费使用记录 #%lld\n", (long long)id);
    return 0;
}

int dj_cmd_dues(struct dj_cli *c, int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(struct dj_cli *, int, char **);
    } subs[] = {
        {"calc", do_calc},
        {"show", do_show},
        {"base", do_base},
        {"account", do_account},
        {"pay", do_pay},
        {"arrears", do_arrears},
        {"farmer-rate", do_farmer},
        {"void", do_void},
        {"report", do_report},
        {"disclosure", do_disclosure},
        {"spend", do_spend},
        {"spendings", do_spendings},
        {"spend-void", do_spend_void},
    };

    if (argc >= 2 && !dj_cli_wants_help(argc, argv))
        for (size_t i = 0; i < DJ_ARRAY_LEN(subs); i++)
            if (!strcmp(argv[1], subs[i].name))
                return subs[i].fn(c, argc, argv);
    dj_help_dues();
    return dj_cli_wants_help(argc, argv) ? 0 : 2;
}
