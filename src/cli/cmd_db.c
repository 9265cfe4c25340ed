/* cmd_db.c - dangjian init, migrate, backup. */
#include "base/compat.h"
#include "cli/cli.h"
#include "store/migrate.h"
#include "svc/auth.h"

#include <sys/stat.h>

void dj_help_init(void)
{
    puts("用法：dangjian init [--admin 用户名 [--name 姓名]]\n\n"
         "创建数据库（若不存在）、生成密钥文件（数据库路径 + .key，权限 0600）并应用全部迁移。\n"
         "给出 --admin 时，从标准输入读取密码并创建系统管理员账号。\n"
         "密钥文件用于审计链校验和个人信息加密，请与数据库分开妥善备份。");
}

void dj_help_migrate(void)
{
    puts("用法：dangjian "
         "migrate\n\n应用尚未执行的数据库迁移，并显示当前版本。服务启动时也会自动迁移。");
}

void dj_help_backup(void)
{
    puts("用法：dangjian backup 文件\n\n"
         "使用 SQLite 在线备份接口把数据库复制到新文件（不会覆盖已有文件），\n"
         "然后打开副本执行 PRAGMA integrity_check。服务运行时也可执行。");
}

static void ensure_parent_dir(const char *path)
{
    char dir[512];
    char *slash;

    if (!strncmp(path, "sqlite:", 7))
        path += 7;
    dj_strlcpy(dir, path, sizeof(dir));
    slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        mkdir(dir, 0750);
    }
}

int dj_cmd_init(struct dj_cli *c, int argc, char **argv)
{
    const char *admin = NULL, *name = "系统管理员";
    struct dj_err err = {0};
    int version = 0;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--admin") && i + 1 < argc)
            admin = argv[++i];
        else if (!strcmp(argv[i], "--name") && i + 1 < argc)
            name = argv[++i];
        else {
            fprintf(stderr, "错误：未知参数 %s\n", argv[i]);
            dj_help_init();
            return 2;
        }
    }
    ensure_parent_dir(c->cfg.db_url);
    if (dj_cli_open(c, true))
        return 1;
    dj_migrate_version(c->db, &version, &err);
    printf("数据库：%s（架构版本 %d）\n", c->cfg.db_url, version);
    if (admin) {
        char pw[256];
        struct dj_user_new u = {0};
        int64_t id;
        if (dj_cli_read_password("管理员密码：", pw, sizeof(pw))) {
            fputs("错误：未读到密码\n", stderr);
            return 1;
        }
        u.username = admin;
        u.display_name = name;
        u.password = pw;
        u.has_role = true;
        u.role = DJ_ROLE_SYSADMIN;
        if (dj_user_create(c->db, &c->actor, &u, &id, &err))
            return dj_cli_fail(&err);
        printf("已创建系统管理员 %s（id %lld）\n", admin, (long long)id);
    }
    return 0;
}

int dj_cmd_migrate(struct dj_cli *c, int argc, char **argv)
{
    struct dj_err err = {0};
    int before = 0, after = 0, applied = 0;

    (void)argv;
    if (argc > 1) {
        dj_help_migrate();
        return 2;
    }
    if (dj_db_open(c->cfg.db_url, &c->db, &err))
        return dj_cli_fail(&err);
    dj_migrate_version(c->db, &before, &err);
    if (dj_migrate(c->db, &applied, &err))
        return dj_cli_fail(&err);
    dj_migrate_version(c->db, &after, &err);
    printf("架构版本：%d → %d（本次应用 %d 个迁移）\n", before, after, applied);
    return 0;
}

int dj_cmd_backup(struct dj_cli *c, int argc, char **argv)
{
    struct dj_err err = {0};

    if (argc != 2) {
        dj_help_backup();
        return 2;
    }
    if (dj_db_open(c->cfg.db_url, &c->db, &err))
        return dj_cli_fail(&err);
    if (dj_db_backup(c->db, argv[1], &err))
        return dj_cli_fail(&err);
    printf("已备份到 %s，完整性检查通过（integrity_check = ok）\n", argv[1]);
    return 0;
}
