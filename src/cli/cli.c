/* cli.c - option parsing shared by all subcommands, and the dispatcher. */
#include "base/compat.h"
#include "base/date.h"
#include "base/log.h"
#include "cli/cli.h"
#include "model/records.h"
#include "store/migrate.h"
#include "svc/rules.h"
#include "svc/svc.h"

#include <termios.h>
#include <unistd.h>

#ifndef DJ_VERSION
#define DJ_VERSION "0.1.0"
#endif

static int cmd_version(struct dj_cli *c, int argc, char **argv)
{
    (void)c;
    (void)argc;
    (void)argv;
    printf("dangjian %s\n", DJ_VERSION);
    return 0;
}

static void help_version(void)
{
    puts("用法：dangjian version\n\n显示版本号。");
}

static const struct dj_cli_cmd commands[] = {
    {"init", "创建并迁移数据库，生成密钥文件，可选创建系统管理员", dj_cmd_init, dj_help_init},
    {"migrate", "应用尚未执行的数据库迁移", dj_cmd_migrate, dj_help_migrate},
    {"serve", "启动 HTTP 服务", dj_cmd_serve, dj_help_serve},
    {"user", "用户管理：add | passwd | grant | list", dj_cmd_user, dj_help_user},
    {"audit", "审计日志：verify", dj_cmd_audit, dj_help_audit},
    {"backup", "在线备份数据库到文件并校验", dj_cmd_backup, dj_help_backup},
    {"rules", "规则表：list | set（覆盖地方做法规则）", dj_cmd_rules, dj_help_rules},
    {"org", "组织管理：list | show | add | edit | move | dissolve | search | counts | posts", dj_cmd_org,
     dj_help_org},
    {"member", "党员管理：list | search | show | add | edit | status | move | lookup | history | link",
     dj_cmd_member, dj_help_member},
    {"remind", "提醒：run | list | deliver | email", dj_cmd_remind, dj_help_remind},
    {"birthdays", "按月列出组织内党员的政治生日", dj_cmd_birthdays, dj_help_birthdays},
    {"term", "换届：list | show | add | elect | extend | remind | request | report | due", dj_cmd_term,
     dj_help_term},
    {"transfer", "组织关系接转：list | show | request | register-in | approve | issue | receive | "
                 "receipt | return | cancel | expire | postpone | letter",
     dj_cmd_transfer, dj_help_transfer},
    {"flow", "流动党员：list | out | in | end | review", dj_cmd_flow, dj_help_flow},
    {"lapse", "失联排查与党籍处置：worklist | candidates | contact | search | ground | decide",
     dj_cmd_lapse, dj_help_lapse},
    {"dev", "发展党员：list | show | add | step | submit | reviews | approve | return | roll | plan | counts | deadlines",
     dj_cmd_dev, dj_help_dev},
    {"dues", "党费：calc | show | base | account | pay | arrears | report | disclosure", dj_cmd_dues,
     dj_help_dues},
    {"meeting", "组织生活记录：list | show | add | submit | approve | return | roll | due",
     dj_cmd_meeting, dj_help_meeting},
    {"compliance", "组织生活落实情况检查（CSV 输出）", dj_cmd_compliance, dj_help_compliance},
    {"import", "导入全国模板名册（党员花名册、党员列表、党组织名单）", dj_cmd_import, dj_help_import},
    {"export", "按全国模板导出党员花名册或党组织名单（xlsx / CSV）", dj_cmd_export, dj_help_export},
    {"reconcile", "与全国系统导出的党员花名册对账", dj_cmd_reconcile, dj_help_reconcile},
    {"demo", "向空数据库写入演示组织和演示账号", dj_cmd_demo, dj_help_demo},
    {"version", "显示版本号", cmd_version, help_version},
};

static void usage(FILE *f)
{
    fputs("用法：dangjian [--config 文件] [--db 数据库路径] <命令> [选项]\n\n命令：\n", f);
    for (size_t i = 0; i < DJ_ARRAY_LEN(commands); i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fputs("\n每个命令都支持 --help。配置优先级：默认值 < 配置文件 < DJ_* 环境变量 < 命令行选项。\n",
          f);
}

bool dj_cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
            return true;
    return false;
}

int dj_cli_fail(const struct dj_err *err)
{
    if (err->field[0])
        fprintf(stderr, "错误：%s（%s）\n", err->message, err->field);
    else
        fprintf(stderr, "错误：%s\n", err->message[0] ? err->message : "未知错误");
    if (err->detail[0])
        fprintf(stderr, "  详情：%s\n", err->detail);
    return 1;
}

int dj_cli_read_password(const char *prompt, char *out, size_t outsz)
{
    struct termios old, quiet;
    bool tty = isatty(STDIN_FILENO);
    size_t n;

    if (tty) {
        fputs(prompt, stderr);
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    if (!fgets(out, (int)outsz, stdin))
        out[0] = '\0';
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        fputc('\n', stderr);
    }
    n = strlen(out);
    while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
        out[--n] = '\0';
    return n ? 0 : -1;
}

int dj_cli_open(struct dj_cli *c, bool init)
{
    struct dj_err err = {0};
    int applied = 0;

    if (dj_db_open(c->cfg.db_url, &c->db, &err))
        return dj_cli_fail(&err);
    if (dj_svc_init(&c->cfg, init, &err)) {
        if (err.code == DJ_ENOTFOUND)
            fprintf(stderr, "提示：请先运行 dangjian init 创建数据库和密钥文件。\n");
        return dj_cli_fail(&err);
    }
    if (dj_migrate(c->db, &applied, &err))
        return dj_cli_fail(&err);
    if (applied)
        dj_log(DJ_LOG_INFO, "migrations applied", "count=%d", applied);
    if (dj_rules_load(c->db, &err))
        return dj_cli_fail(&err);
    return 0;
}

int dj_cli_main(int argc, char **argv)
{
    struct dj_cli c;
    struct dj_err err = {0};
    const char *config_path = NULL, *db = NULL;
    int i = 1, rc, lvl;

    memset(&c, 0, sizeof(c));
    dj_config_defaults(&c.cfg);
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--config") && i + 1 < argc) {
            config_path = argv[++i];
        } else if (!strcmp(argv[i], "--db") && i + 1 < argc) {
            db = argv[++i];
        } else if (!strcmp(argv[i], "--version")) {
            return cmd_version(&c, 0, NULL);
        } else {
            fprintf(stderr, "错误：未知选项 %s\n\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return 2;
    }
    if (config_path && dj_config_load_file(&c.cfg, config_path, &err))
        return dj_cli_fail(&err);
    if (dj_config_apply_env(&c.cfg, &err))
        return dj_cli_fail(&err);
    if (db)
        dj_strlcpy(c.cfg.db_url, db, sizeof(c.cfg.db_url));
    lvl = dj_log_level_parse(c.cfg.log_level);
    dj_log_set_level(lvl < 0 ? DJ_LOG_INFO : (enum dj_log_level)lvl);
    if (c.cfg.today[0]) {
        struct dj_date d;
        if (dj_date_parse(c.cfg.today, &d, "time.today", &err) == 0)
            dj_date_set_today(d);
    }
    dj_model_register_all();
    dj_actor_cli(&c.actor);

    for (size_t k = 0; k < DJ_ARRAY_LEN(commands); k++) {
        if (strcmp(argv[i], commands[k].name))
            continue;
        if (dj_cli_wants_help(argc - i, argv + i)) {
            commands[k].help();
            return 0;
        }
        c.arena = dj_arena_new();
        rc = commands[k].run(&c, argc - i, argv + i);
        if (c.db)
            dj_db_close(c.db);
        dj_arena_free(c.arena);
        return rc;
    }
    fprintf(stderr, "错误：未知命令 %s\n\n", argv[i]);
    usage(stderr);
    return 2;
}
