/*
 * cmd_remind.c - dangjian remind run | list | deliver | email, and
 * dangjian birthdays: the reminder scheduler from cron or by hand, a user's
 * inbox, the delivery queue, users' e-mail addresses, and 政治生日 by month.
 */
#include "base/compat.h"
#include "cli/cli.h"
#include "store/account.h"
#include "store/remind.h"
#include "svc/birthday.h"
#include "svc/remind.h"
#include "svc/remind_sources.h"
#include "svc/svc.h"

void dj_help_remind(void)
{
    puts(
        "用法：\n"
        "  dangjian remind run [--date YYYY-MM-DD] [--source 类别] [--no-deliver]\n"
        "      按日期运行提醒（默认今天）：每个提醒来源列出 [日期, 日期+提前天数] 内到期的事项，\n"
        "      为相关管理员和党员本人写入站内消息；同一事项对同一用户只写一次，重复运行不会重复。\n"
        "      随后发送待发的邮件和 Webhook（--no-deliver 不发送）。--source 只运行一个来源：\n"
        "      birthday（政治生日）、dev.（发展党员）、term.（换届）、transfer.（接转）、\n"
        "      dues.（党费）、life.（组织生活）。\n"
        "  dangjian remind list --user 用户名 [--unread] [--limit N]\n"
        "      列出某个用户的站内消息。\n"
        "  dangjian remind list --deliveries\n"
        "      显示邮件和 Webhook 发送队列的计数（待发、已发、失败）。\n"
        "  dangjian remind deliver\n"
        "      只发送到期的待发邮件和 Webhook（失败的按退避时间重试）。\n"
        "  dangjian remind email 用户名 地址\n"
        "      设置用户接收提醒的电子邮箱（地址为 \"\" 表示清除）。\n\n"
        "提醒来源及提前天数见 docs/reminders.md；政治生日的提前天数是规则\n"
        "remind.political_birthday.days_before（可用 dangjian rules set 覆盖）。\n"
        "邮件通过 remind.smtp_host 指定的内网中继以明文 SMTP 发送（不支持 TLS）。");
}

void dj_help_birthdays(void)
{
    puts("用法：dangjian birthdays --org 组织ID [--month YYYY-MM]\n\n"
         "列出该组织及其下级组织中党员的政治生日（入党日期的周年日），默认本月。\n"
         "2 月 29 日入党的党员，平年在 2 月 28 日过政治生日。只列正常、流动、失联排查中的党员。");
}

static int parse_id(const char *s, int64_t *out)
{
    char *end;
    long long v;

    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || *end || v <= 0)
        return -1;
    *out = v;
    return 0;
}

static int cmd_run(struct dj_cli *c, int argc, char **argv)
{
    struct dj_date d = dj_date_today(c->cfg.utc_offset_minutes);
    struct dj_remind_stats st;
    struct dj_deliver_stats ds;
    struct dj_err err = {0};
    bool deliver = true;
    char date[11];
    const char *only = NULL;
    struct dj_remind_source one[2] = {{0}};

    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--date") && i + 1 < argc) {
            if (dj_date_parse(argv[++i], &d, "date", &err))
                return dj_cli_fail(&err);
        } else if (!strcmp(argv[i], "--source") && i + 1 < argc) {
            only = argv[++i];
        } else if (!strcmp(argv[i], "--no-deliver")) {
            deliver = false;
        } else {
            fprintf(stderr, "错误：未知参数 %s\n", argv[i]);
            return 2;
        }
    }
    if (only) {
        for (const struct dj_remind_source *s = dj_remind_sources; s->kind; s++)
            if (!strcmp(s->kind, only))
                one[0] = *s;
        if (!one[0].kind) {
            fprintf(stderr, "错误：没有提醒来源「%s」（见 dangjian remind --help）\n", only);
            return 2;
        }
    }
    if (dj_cli_open(c, false))
        return 1;
    if (only ? dj_remind_run_sources(c->db, &c->actor, &c->cfg, one, d, &st, &err)
             : dj_remind_run(c->db, &c->actor, &c->cfg, d, &st, &err))
        return dj_cli_fail(&err);
    printf(
        "提醒日期 %s：事项 %lld 个，新消息 %lld 条，已存在 %lld 条，待发送 %lld 条，无人接收 %lld "
        "个\n",
        dj_date_format(d, date), (long long)st.items, (long long)st.created, (long long)st.existing,
        (long long)st.deliveries, (long long)st.no_recipient);
    if (!deliver)
        return 0;
    if (dj_remind_deliver(c->db, &c->cfg, dj_now(), NULL, &ds, &err))
        return dj_cli_fail(&err);
    printf("发送：成功 %lld，待重试 %lld，失败 %lld，本次跳过 %lld\n", (long long)ds.sent,
           (long long)ds.retry, (long long)ds.failed, (long long)ds.skipped);
    return 0;
}

static int cmd_deliver(struct dj_cli *c)
{
    struct dj_deliver_stats ds;
    struct dj_err err = {0};

    if (dj_cli_open(c, false))
        return 1;
    if (dj_remind_deliver(c->db, &c->cfg, dj_now(), NULL, &ds, &err))
        return dj_cli_fail(&err);
    printf("发送：成功 %lld，待重试 %lld，失败 %lld，本次跳过 %lld\n", (long long)ds.sent,
           (long long)ds.retry, (long long)ds.failed, (long long)ds.skipped);
    return 0;
}

static int cmd_list(struct dj_cli *c, int argc, char **argv)
{
    const char *user = NULL;
    bool unread = false, deliveries = false;
    int64_t limit = 50, total;
    struct dj_user_row u;
    struct dj_inbox_row *rows;
    struct dj_err err = {0};
    int n;

    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--user") && i + 1 < argc) {
            user = argv[++i];
        } else if (!strcmp(argv[i], "--unread")) {
            unread = true;
        } else if (!strcmp(argv[i], "--deliveries")) {
            deliveries = true;
        } else if (!strcmp(argv[i], "--limit") && i + 1 < argc) {
            if (parse_id(argv[++i], &limit) || limit > DJ_INBOX_MAX_LIMIT) {
                fprintf(stderr, "错误：--limit 应为 1 到 %d 之间的整数\n", DJ_INBOX_MAX_LIMIT);
                return 2;
            }
        } else {
            fprintf(stderr, "错误：未知参数 %s\n", argv[i]);
            return 2;
        }
    }
    if (!user && !deliveries) {
        fprintf(stderr, "错误：请给出 --user 用户名 或 --deliveries\n");
        return 2;
    }
    if (dj_cli_open(c, false))
        return 1;
    if (deliveries) {
        int64_t p, s, f;
        if (dj_store_delivery_counts(c->db, &p, &s, &f, &err))
            return dj_cli_fail(&err);
        printf("待发送 %lld，已发送 %lld，失败 %lld\n", (long long)p, (long long)s, (long long)f);
        if (!user)
            return 0;
    }
    if (dj_store_user_by_name(c->db, user, &u, &err)) {
        fprintf(stderr, "错误：用户 %s 不存在\n", user);
        return 1;
    }
    if (dj_store_inbox_list(c->db, u.id, unread, limit, 0, c->arena, &rows, &n, &total, &err))
        return dj_cli_fail(&err);
    printf("%s 的消息：共 %lld 条\n", user, (long long)total);
    for (int i = 0; i < n; i++)
        printf("%lld\t%s\t%s\t%s\t%s\n", (long long)rows[i].id, rows[i].due,
               rows[i].read_at ? "已读" : "未读", rows[i].stage, rows[i].title);
    return 0;
}

static int cmd_email(struct dj_cli *c, int argc, char **argv)
{
    struct dj_user_row u;
    struct dj_err err = {0};

    if (argc != 4) {
        dj_help_remind();
        return 2;
    }
    if (dj_cli_open(c, false))
        return 1;
    if (dj_store_user_by_name(c->db, argv[2], &u, &err)) {
        fprintf(stderr, "错误：用户 %s 不存在\n", argv[2]);
        return 1;
    }
    if (dj_remind_set_email(c->db, &c->actor, u.id, argv[3], &err))
        return dj_cli_fail(&err);
    printf(*argv[3] ? "已设置 %s 的电子邮箱\n" : "已清除 %s 的电子邮箱\n", argv[2]);
    return 0;
}

int dj_cmd_remind(struct dj_cli *c, int argc, char **argv)
{
    if (argc < 2) {
        dj_help_remind();
        return 2;
    }
    if (!strcmp(argv[1], "run"))
        return cmd_run(c, argc, argv);
    if (!strcmp(argv[1], "deliver") && argc == 2)
        return cmd_deliver(c);
    if (!strcmp(argv[1], "list"))
        return cmd_list(c, argc, argv);
    if (!strcmp(argv[1], "email"))
        return cmd_email(c, argc, argv);
    fprintf(stderr, "错误：未知子命令 %s\n\n", argv[1]);
    dj_help_remind();
    return 2;
}

int dj_cmd_birthdays(struct dj_cli *c, int argc, char **argv)
{
    struct dj_date today = dj_date_today(c->cfg.utc_offset_minutes);
    struct dj_birthday_month b;
    struct dj_err err = {0};
    int64_t org = 0;
    int y = today.y, m = today.m;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--org") && i + 1 < argc) {
            if (parse_id(argv[++i], &org)) {
                fprintf(stderr, "错误：--org 应为组织ID\n");
                return 2;
            }
        } else if (!strcmp(argv[i], "--month") && i + 1 < argc) {
            if (dj_birthday_parse_month(argv[++i], &y, &m, "month", &err))
                return dj_cli_fail(&err);
        } else {
            fprintf(stderr, "错误：未知参数 %s\n", argv[i]);
            return 2;
        }
    }
    if (!org) {
        fprintf(stderr, "错误：请给出 --org 组织ID\n");
        return 2;
    }
    if (dj_cli_open(c, false))
        return 1;
    if (dj_birthday_list_month(c->db, &c->actor, org, y, m, c->arena, &b, &err))
        return dj_cli_fail(&err);
    printf("%s %04d 年 %d 月政治生日：%d 人\n", b.org.name, y, m, b.n);
    for (int i = 0; i < b.n; i++) {
        char d[11];
        printf("%s\t%s\t入党 %d 周年\t入党日期 %s\t%s\t党员ID %lld\n",
               dj_date_format(b.items[i].date, d), b.items[i].name, b.items[i].years,
               b.items[i].joined_on, b.items[i].org_name, (long long)b.items[i].member_id);
    }
    return 0;
}
