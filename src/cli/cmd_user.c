/* cmd_user.c - dangjian user add | passwd | grant | list. */
#include "base/compat.h"
#include "cli/cli.h"
#include "svc/auth.h"

void dj_help_user(void)
{
    puts("用法：\n"
         "  dangjian user add 用户名 --name 姓名 --role 角色 [--org 组织ID] [--must-change]\n"
         "  dangjian user passwd 用户名 [--must-change]\n"
         "  dangjian user grant 用户名 --role 角色 [--org 组织ID]\n"
         "  dangjian user list\n\n"
         "角色：sysadmin（系统管理员，不绑定组织）、org_admin（组织管理员，管理该组织及下级）、\n"
         "      "
         "branch_admin（支部管理员）、auditor（审计员，只读并可查看审计日志）、member（党员）。\n"
         "密码从标准输入读取（终端上不回显），须符合密码策略。每次变更都写入审计日志。");
}

struct user_opts {
    const char *name;
    const char *role;
    int64_t org_id;
    bool must_change;
};

static int parse_opts(int argc, char **argv, int start, struct user_opts *o)
{
    for (int i = start; i < argc; i++) {
        if (!strcmp(argv[i], "--name") && i + 1 < argc) {
            o->name = argv[++i];
        } else if (!strcmp(argv[i], "--role") && i + 1 < argc) {
            o->role = argv[++i];
        } else if (!strcmp(argv[i], "--org") && i + 1 < argc) {
            if (dj_parse_i64(argv[++i], &o->org_id) || o->org_id <= 0) {
                fprintf(stderr, "错误：--org 应为正整数的组织 ID\n");
                return 2;
            }
        } else if (!strcmp(argv[i], "--must-change")) {
            o->must_change = true;
        } else {
            fprintf(stderr, "错误：未知参数 %s\n\n", argv[i]);
            dj_help_user();
            return 2;
        }
    }
    return 0;
}

static int parse_role(const char *s, enum dj_role_kind *k)
{
    if (!s || dj_role_parse(s, k)) {
        fprintf(stderr, "错误：--role 应为 sysadmin、org_admin、branch_admin、auditor 或 member\n");
        return 2;
    }
    return 0;
}

static int user_id(struct dj_cli *c, const char *username, int64_t *id)
{
    struct dj_user_row u;
    struct dj_err err = {0};
    if (dj_store_user_by_name(c->db, username, &u, &err)) {
        fprintf(stderr, "错误：用户 %s 不存在\n", username);
        return 1;
    }
    *id = u.id;
    return 0;
}

static int do_add(struct dj_cli *c, int argc, char **argv)
{
    struct user_opts o = {0};
    struct dj_user_new u = {0};
    struct dj_err err = {0};
    char pw[256];
    int64_t id;
    int rc;

    if (argc < 3) {
        dj_help_user();
        return 2;
    }
    rc = parse_opts(argc, argv, 3, &o);
    if (!rc)
        rc = parse_role(o.role, &u.role);
    if (rc)
        return rc;
    if (dj_cli_open(c, false))
        return 1;
    if (dj_cli_read_password("密码：", pw, sizeof(pw))) {
        fputs("错误：未读到密码\n", stderr);
        return 1;
    }
    u.username = argv[2];
    u.display_name = o.name ? o.name : argv[2];
    u.password = pw;
    u.must_change_pw = o.must_change;
    u.has_role = true;
    u.org_id = o.org_id;
    if (dj_user_create(c->db, &c->actor, &u, &id, &err))
        return dj_cli_fail(&err);
    printf("已创建用户 %s（id %lld，角色 %s）\n", u.username, (long long)id, dj_role_label(u.role));
    return 0;
}

static int do_passwd(struct dj_cli *c, int argc, char **argv)
{
    struct user_opts o = {0};
    struct dj_err err = {0};
    char pw[256];
    int64_t id;
    int rc;

    if (argc < 3) {
        dj_help_user();
        return 2;
    }
    rc = parse_opts(argc, argv, 3, &o);
    if (rc)
        return rc;
    if (dj_cli_open(c, false) || user_id(c, argv[2], &id))
        return 1;
    if (dj_cli_read_password("新密码：", pw, sizeof(pw))) {
        fputs("错误：未读到密码\n", stderr);
        return 1;
    }
    if (dj_user_set_password(c->db, &c->actor, id, pw, o.must_change, &err))
        return dj_cli_fail(&err);
    printf("已重置用户 %s 的密码，其现有会话已全部注销\n", argv[2]);
    return 0;
}

static int do_grant(struct dj_cli *c, int argc, char **argv)
{
    struct user_opts o = {0};
    struct dj_err err = {0};
    enum dj_role_kind k;
    int64_t id;
    int rc;

    if (argc < 3) {
        dj_help_user();
        return 2;
    }
    rc = parse_opts(argc, argv, 3, &o);
    if (!rc)
        rc = parse_role(o.role, &k);
    if (rc)
        return rc;
    if (dj_cli_open(c, false) || user_id(c, argv[2], &id))
        return 1;
    if (dj_user_grant(c->db, &c->actor, id, k, o.org_id, &err))
        return dj_cli_fail(&err);
    printf("已授予用户 %s 角色 %s\n", argv[2], dj_role_label(k));
    return 0;
}

static int do_list(struct dj_cli *c)
{
    struct dj_user_row *rows;
    struct dj_err err = {0};
    int n;

    if (dj_cli_open(c, false))
        return 1;
    if (dj_users_list(c->db, &c->actor, c->arena, &rows, &n, &err))
        return dj_cli_fail(&err);
    printf("%-6s %-20s %-16s %s\n", "ID", "用户名", "姓名", "角色");
    for (int i = 0; i < n; i++) {
        struct dj_role roles[DJ_MAX_ROLES];
        int nr = 0;
        dj_store_user_roles(c->db, rows[i].id, roles, DJ_MAX_ROLES, &nr, &err);
        printf("%-6lld %-20s %-16s", (long long)rows[i].id, rows[i].username, rows[i].display_name);
        for (int j = 0; j < nr; j++) {
            if (roles[j].org_id)
                printf(" %s@%lld", dj_role_name(roles[j].kind), (long long)roles[j].org_id);
            else
                printf(" %s", dj_role_name(roles[j].kind));
        }
        printf("%s\n", rows[i].disabled ? " (已停用)" : "");
    }
    return 0;
}

int dj_cmd_user(struct dj_cli *c, int argc, char **argv)
{
    if (argc < 2) {
        dj_help_user();
        return 2;
    }
    if (!strcmp(argv[1], "add"))
        return do_add(c, argc, argv);
    if (!strcmp(argv[1], "passwd"))
        return do_passwd(c, argc, argv);
    if (!strcmp(argv[1], "grant"))
        return do_grant(c, argc, argv);
    if (!strcmp(argv[1], "list"))
        return do_list(c);
    fprintf(stderr, "错误：未知子命令 user %s\n\n", argv[1]);
    dj_help_user();
    return 2;
}
