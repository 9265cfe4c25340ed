/* cmd_demo.c - dangjian demo: fill an empty database with a small synthetic district. */
#include "base/compat.h"
#include "cli/cli.h"
#include "svc/auth.h"
#include "svc/org.h"

#define DEMO_PASSWORD "Demo@2026"

void dj_help_demo(void)
{
    puts(
        "用法：dangjian demo\n\n"
        "若数据库中还没有任何用户，写入一个虚构的演示区（区委、街道党工委、社区党委、网格党支部、\n"
        "机关党支部）和演示账号，密码均为 " DEMO_PASSWORD "。已有用户时什么也不做。\n"
        "演示数据全部为虚构，不含真实人员信息。");
}

struct demo_org {
    int parent; /* index into the table, -1 for the root */
    const char *code;
    const char *name;
    const char *kind;
    const char *domain;
};

static const struct demo_org orgs[] = {
    {-1, "100000000001", "示范区委", "committee", "organ"},
    {0, "100000000002", "城东街道党工委", "work_committee", "community"},
    {0, "100000000003", "城西街道党工委", "work_committee", "community"},
    {1, "100000000004", "幸福社区党委", "community_committee", "community"},
    {3, "100000000005", "幸福社区第一网格党支部", "grid_branch", "community"},
    {3, "100000000006", "幸福社区第二网格党支部", "grid_branch", "community"},
    {2, "100000000007", "城西街道机关党支部", "branch", "organ"},
    {2, "100000000008", "城西新兴产业园联合党支部", "joint_branch", "private"},
};

struct demo_user {
    const char *username;
    const char *name;
    enum dj_role_kind role;
    int org; /* index into orgs, -1 for none */
    const char *what;
};

static const struct demo_user users[] = {
    {"admin", "系统管理员", DJ_ROLE_SYSADMIN, -1, "系统管理员，全部数据"},
    {"zzb", "区委组织部干部", DJ_ROLE_ORG_ADMIN, 0, "组织管理员：示范区委全区"},
    {"chengdong", "城东党工委书记", DJ_ROLE_ORG_ADMIN, 1, "组织管理员：城东街道党工委"},
    {"shuji", "第一网格支部书记", DJ_ROLE_BRANCH_ADMIN, 4, "支部管理员：幸福社区第一网格党支部"},
    {"shenji", "区纪委审计员", DJ_ROLE_AUDITOR, 0, "审计员：示范区委全区（只读+审计日志）"},
};

int dj_cmd_demo(struct dj_cli *c, int argc, char **argv)
{
    struct dj_org_row rows[DJ_ARRAY_LEN(orgs)];
    struct dj_user_row *existing;
    struct dj_err err = {0};
    int n;

    if (argc == 3 && !strcmp(argv[1], "--scale") && strcmp(argv[2], "test")) {
        fprintf(stderr, "错误：未知的规模 %s\n", argv[2]);
        return 2;
    }
    if (argc != 1 && argc != 3) {
        dj_help_demo();
        return 2;
    }
    if (dj_cli_open(c, true))
        return 1;
    if (dj_users_list(c->db, &c->actor, c->arena, &existing, &n, &err))
        return dj_cli_fail(&err);
    if (n == 0) {
        for (size_t i = 0; i < DJ_ARRAY_LEN(orgs); i++) {
            struct dj_org_new o = {0};
            o.parent_id = orgs[i].parent >= 0 ? rows[orgs[i].parent].id : 0;
            o.code = orgs[i].code;
            o.name = orgs[i].name;
            o.kind = orgs[i].kind;
            o.domain = orgs[i].domain;
            if (dj_org_create(c->db, &c->actor, &o, &rows[i], &err))
                return dj_cli_fail(&err);
        }
        for (size_t i = 0; i < DJ_ARRAY_LEN(users); i++) {
            struct dj_user_new u = {0};
            int64_t id;
            u.username = users[i].username;
            u.display_name = users[i].name;
            u.password = DEMO_PASSWORD;
            u.has_role = true;
            u.role = users[i].role;
            u.org_id = users[i].org >= 0 ? rows[users[i].org].id : 0;
            if (dj_user_create(c->db, &c->actor, &u, &id, &err))
                return dj_cli_fail(&err);
        }
        printf("已写入演示数据：%zu 个组织、%zu 个账号\n", DJ_ARRAY_LEN(orgs), DJ_ARRAY_LEN(users));
    }
    printf("演示账号（密码均为 %s）：\n", DEMO_PASSWORD);
    for (size_t i = 0; i < DJ_ARRAY_LEN(users); i++)
        printf("  %-10s %s\n", users[i].username, users[i].what);
    return 0;
}
