/*
 * cmd_demo.c - dangjian demo: fill an empty database with synthetic demo data.
 *
 *   --scale test      the small fixed tree the API tests use (8 organisations, no members)
 *   --scale district  a generated 区 (default): ~250 organisations, ~6,000 members
 *   --scale city      ~30,000 organisations, ~500,000 members
 *   --scale province  ~400,000 organisations, ~8,000,000 members
 */
#include "base/compat.h"
#include "cli/cli.h"
#include "svc/auth.h"
#include "svc/demo_gen.h"
#include "svc/member.h"
#include "svc/org.h"

#define DEMO_PASSWORD "Demo@2026"

void dj_help_demo(void)
{
    puts("用法：dangjian demo [--scale district|city|province|test] [--seed N]\n\n"
         "向空数据库写入虚构的演示数据和演示账号，密码均为 " DEMO_PASSWORD "。\n"
         "  --scale district  一个区（默认）：区委、街道党工委、乡镇党委、社区和村党组织、机关、\n"
         "                    学校、医院、国企和两新党组织，约 250 个组织、6000 名党员\n"
         "  --scale city      一个市：约 3 万个组织、50 万名党员（几分钟）\n"
         "  --scale province  一个省：约 40 万个组织、800 万名党员（需要较长时间和数 GB 磁盘）\n"
         "  --scale test      测试用的固定小组织树（8 个组织，无党员）\n"
         "  --seed N          随机种子（默认 1）；种子和日期相同则生成的数据相同\n"
         "数据库中已有组织、用户或党员时什么也不做。\n"
         "演示数据全部为虚构：姓名随机组合，手机号以 198/199 开头，身份证号码仅地区码真实。");
}

/* ---- --scale test: the fixed fixture of the API tests (keep exactly as is) ---- */

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

static int demo_test(struct dj_cli *c)
{
    struct dj_org_row rows[DJ_ARRAY_LEN(orgs)];
    struct dj_user_row *existing;
    struct dj_err err = {0};
    int n;

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

/* ---- generated scales ---------------------------------------------------------- */

struct account {
    const char *username, *display_name;
    enum dj_role_kind role;
    int64_t org_id;
    char what[200];
};

static void progress(void *ctx, const char *stage, int64_t done, int64_t total)
{
    (void)ctx;
    if (!strcmp(stage, "tree"))
        fprintf(stderr, "组织树：%lld 个组织，计划 %lld 名党员\n", (long long)done,
                (long long)total);
    else if (!strcmp(stage, "members"))
        fprintf(stderr, "\r党员：%lld / %lld", (long long)done, (long long)total);
    else if (!strcmp(stage, "indexes"))
        fprintf(stderr, "%s重建索引和全文检索……\n", total >= 20000 ? "\n" : "");
}

static int create_accounts(struct dj_cli *c, const struct dj_demo_result *r, struct account *acc,
                           int n, struct dj_err *err)
{
    for (int i = 0; i < n; i++) {
        struct dj_user_new u = {0};
        int64_t id;
        int rc;
        u.username = acc[i].username;
        u.display_name = acc[i].display_name;
        u.password = DEMO_PASSWORD;
        u.has_role = true;
        u.role = acc[i].role;
        u.org_id = acc[i].org_id;
        rc = dj_user_create(c->db, &c->actor, &u, &id, err);
        if (!rc && acc[i].role == DJ_ROLE_MEMBER)
            rc = dj_member_link_user(c->db, &c->actor, r->member_id, id, err);
        if (rc)
            return rc;
    }
    return 0;
}

static void print_accounts(const struct account *acc, int n)
{
    printf("演示账号（密码均为 %s）：\n", DEMO_PASSWORD);
    for (int i = 0; i < n; i++)
        printf("  %-10s %s\n", acc[i].username, acc[i].what);
}

static int demo_generate(struct dj_cli *c, enum dj_demo_scale scale, uint64_t seed)
{
    struct dj_demo_opts o = {.scale = scale, .seed = seed, .progress = progress};
    struct dj_demo_result r;
    struct dj_err err = {0};
    struct account acc[] = {
        {"admin", "系统管理员", DJ_ROLE_SYSADMIN, 0, "系统管理员，全部数据"},
        {"zzb", "组织部干部", DJ_ROLE_ORG_ADMIN, 0, "组织管理员：全部演示组织"},
        {"chengdong", "城东街道党工委干部", DJ_ROLE_ORG_ADMIN, 0, "组织管理员：城东街道党工委"},
        {"shuji", "网格党支部书记", DJ_ROLE_BRANCH_ADMIN, 0, "支部管理员：幸福社区第一网格党支部"},
        {"shenji", "审计员", DJ_ROLE_AUDITOR, 0, "审计员：全部演示组织（只读+审计日志）"},
        {"dangyuan", "党员", DJ_ROLE_MEMBER, 0, "党员：只能看自己的信息"},
    };
    int n = (int)DJ_ARRAY_LEN(acc), rc;

    if (dj_cli_open(c, true))
        return 1;
    o.today = dj_date_today(c->cfg.utc_offset_minutes);
    rc = dj_demo_generate(c->db, &c->actor, &o, &r, &err);
    if (rc == DJ_ECONFLICT) {
        printf("数据库中已有数据，未写入演示数据。\n");
        print_accounts(acc, n);
        return 0;
    }
    if (rc)
        return dj_cli_fail(&err);
    printf("已写入演示数据：%lld 个组织、%lld 名党员、%lld 个单位、%lld 条任职（生成 %.1f 秒，"
           "索引 %.1f 秒）\n",
           (long long)r.orgs, (long long)r.members, (long long)r.units, (long long)r.posts,
           r.generate_seconds, r.index_seconds);
    acc[1].org_id = acc[4].org_id = r.root_id;
    acc[2].org_id = r.street_id;
    acc[3].org_id = acc[5].org_id = r.branch_id;
    acc[5].display_name = r.member_name;
    snprintf(acc[1].what, sizeof(acc[1].what), "组织管理员：%s（全部演示组织）", r.root_name);
    snprintf(acc[2].what, sizeof(acc[2].what), "组织管理员：%s", r.street_name);
    snprintf(acc[3].what, sizeof(acc[3].what), "支部管理员：%s", r.branch_name);
    snprintf(acc[4].what, sizeof(acc[4].what), "审计员：%s（只读+审计日志）", r.root_name);
    snprintf(acc[5].what, sizeof(acc[5].what), "党员：%s（%s），只能看自己的信息", r.member_name,
             r.branch_name);
    if (create_accounts(c, &r, acc, n, &err))
        return dj_cli_fail(&err);
    print_accounts(acc, n);
    return 0;
}

int dj_cmd_demo(struct dj_cli *c, int argc, char **argv)
{
    enum dj_demo_scale scale = DJ_DEMO_DISTRICT;
    int64_t seed = 1;
    bool test = false;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--scale") && i + 1 < argc) {
            i++;
            if (!strcmp(argv[i], "test")) {
                test = true;
            } else if (dj_demo_scale_parse(argv[i], &scale)) {
                fprintf(stderr, "错误：未知的规模 %s\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
            if (dj_parse_i64(argv[++i], &seed) || seed < 0) {
                fprintf(stderr, "错误：随机种子应为非负整数\n");
                return 2;
            }
        } else {
            dj_help_demo();
            return 2;
        }
    }
    if (test)
        return demo_test(c);
    return demo_generate(c, scale, (uint64_t)seed);
}
