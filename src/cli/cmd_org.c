/*
 * cmd_org.c - dangjian org: list, show, add, edit, move, dissolve, search,
 * counts and posts of organisations, through the same svc/org.c calls as
 * the API. Field options are the record descriptor's keys (--contact-phone
 * or --contact_phone), converted to JSON and validated by dj_rec_from_json,
 * so the CLI accepts and rejects exactly what the API does.
 */
#include "base/compat.h"
#include "base/date.h"
#include "cli/cli.h"
#include "model/dict.h"
#include "model/org_rec.h"
#include "svc/org.h"

void dj_help_org(void)
{
    puts("用法：\n"
         "  dangjian org list [--parent ID] [--all]        下级组织（不指定则列出顶级组织）\n"
         "  dangjian org show ID                          组织的全部字段\n"
         "  dangjian org add --parent ID --name 名称 --kind 类别 [--code 代码] [--domain 领域]\n"
         "                   [--字段 值 ...]                建立组织\n"
         "  dangjian org edit ID --字段 值 [--字段 值 ...]   修改字段（值为空字符串表示清空）\n"
         "  dangjian org move ID --parent ID              连同下级组织和党员移到新的上级组织之下\n"
         "  dangjian org dissolve ID --date 日期 --reason 原因\n"
         "                                                撤销组织（不删除，保留历史）\n"
         "  dangjian org search 名称 [--limit N] [--offset N] [--all]\n"
         "                                                按名称搜索（% 和 _ 按原样匹配）\n"
         "  dangjian org counts ID                        本组织及下级的组织数和党员数\n"
         "  dangjian org posts ID                         现任和历任职务\n"
         "  dangjian org post-add ID --post 职务 --start 日期 (--member 党员ID | --name 姓名)\n"
         "                   [--principal] [--note 备注]   任命职务\n"
         "  dangjian org post-end ID 任职ID --date 日期     办理离任\n\n"
         "--all：同时列出已撤销的组织。日期格式 YYYY-MM-DD。\n"
         "组织类别（--kind）：committee 党委、work_committee 党工委、general_branch 党总支、\n"
         "  branch 党支部、joint_branch 联合党支部、temp_branch 临时党支部、group 党小组、\n"
         "  community_committee 社区党委、grid_branch 网格党支部、building_group 楼栋党小组。\n"
         "职务（--post）：secretary 书记、deputy_secretary 副书记、organization 组织委员、\n"
         "  propaganda 宣传委员、discipline 纪检委员、member 委员、group_leader 党小组长。\n"
         "党支部书记须从党员库选择（--member），并应具有 1 年以上党龄（从转正日期起算）。");
    puts("\n字段（add 和 edit 的 --字段，下划线也可写成连字符）：");
    for (int i = 0; i < dj_org_desc.nfields; i++) {
        const struct dj_field *f = &dj_org_desc.fields[i];
        if (f->flags & DJ_FF_READONLY)
            continue;
        printf("  --%-22s %s%s%s\n", f->key, f->label,
               f->type == DJ_FT_BOOL ? "（true/false）" : "",
               f->type == DJ_FT_DICT ? "（字典代码）" : "");
    }
    puts("\n每次修改都写入审计日志；命令行以系统管理员身份操作。");
}

static int usage_error(const char *fmt, ...) DJ_PRINTF(1, 2);

/* Print "错误：..." and the help; returns the usage exit status 2. */
static int usage_error(const char *fmt, ...)
{
    va_list ap;

    fputs("错误：", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n\n", stderr);
    dj_help_org();
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

/* "--contact-phone" -> "contact_phone" (into buf); "--parent" is parent_id. */
static const struct dj_field *option_field(const char *opt, char *buf, size_t sz)
{
    size_t i;

    if (strncmp(opt, "--", 2))
        return NULL;
    opt += 2;
    if (!strcmp(opt, "parent"))
        opt = "parent_id";
    for (i = 0; opt[i] && i + 1 < sz; i++)
        buf[i] = opt[i] == '-' ? '_' : opt[i];
    buf[i] = '\0';
    return dj_desc_field(&dj_org_desc, buf);
}

/* JSON value for an option value by field type; "" is null. */
static json_t *option_value(const struct dj_field *f, const char *v)
{
    int64_t n;

    if (!*v)
        return json_null();
    if (f->type == DJ_FT_INT)
        return dj_parse_i64(v, &n) ? json_string(v) : json_integer((json_int_t)n);
    if (f->type == DJ_FT_BOOL) {
        if (!strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "是"))
            return json_true();
        if (!strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "否"))
            return json_false();
    }
    return json_string(v); /* wrong types are reported by dj_rec_from_json, naming the field */
}

/* Collect --key value pairs from argv[start..] into a JSON object. Returns 0 or 2. */
static int fields_json(int argc, char **argv, int start, json_t *obj)
{
    for (int i = start; i < argc; i++) {
        char key[64];
        const struct dj_field *f = option_field(argv[i], key, sizeof(key));

        if (!f)
            return usage_error("未知选项 %s", argv[i]);
        if (i + 1 >= argc)
            return usage_error("选项 %s 缺少取值", argv[i]);
        if (json_object_get(obj, f->key))
            return usage_error("选项 %s 重复", argv[i]);
        json_object_set_new(obj, f->key, option_value(f, argv[++i]));
    }
    return 0;
}

static void print_rec(const struct dj_org_rec *r)
{
    json_t *j = dj_rec_to_json(&dj_org_desc, r, DJ_OUT_UNMASKED);

    for (int i = 0; i < dj_org_desc.nfields; i++) {
        const struct dj_field *f = &dj_org_desc.fields[i];
        json_t *v = json_object_get(j, f->key);
        char label_key[64];
        const char *label;

        printf("%s：", f->label);
        if (!v || json_is_null(v)) {
            puts("");
            continue;
        }
        if (json_is_string(v)) {
            snprintf(label_key, sizeof(label_key), "%s_label", f->key);
            label = json_string_value(json_object_get(j, label_key));
            if (label)
                printf("%s（%s）\n", label, json_string_value(v));
            else
                printf("%s\n", json_string_value(v));
        } else if (json_is_boolean(v)) {
            puts(json_is_true(v) ? "是" : "否");
        } else if (json_is_integer(v)) {
            printf("%lld\n", (long long)json_integer_value(v));
        } else {
            puts("");
        }
    }
    json_decref(j);
}

static void print_table(const struct dj_org_rec *recs, int n)
{
    printf("%-8s %-14s %-12s %-10s %s\n", "ID", "党组织代码", "组织类别", "状态", "党组织名称");
    for (int i = 0; i < n; i++) {
        const struct dj_org_rec *r = &recs[i];
        const char *kind = dj_dict_label(dj_dict_find("org_kind"), r->kind);
        printf("%-8lld %-14s %-12s %-10s %s\n", (long long)r->id, r->code ? r->code : "-",
               kind ? kind : r->kind, !strcmp(r->status, "active") ? "正常" : "已撤销", r->name);
    }
}

static int do_list(struct dj_cli *c, int argc, char **argv)
{
    struct dj_org_rec *recs;
    struct dj_err err = {0};
    int64_t parent = 0;
    bool all = false;
    int n;

    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--parent") && i + 1 < argc) {
            if (parse_id(argv[++i], &parent))
                return 2;
        } else if (!strcmp(argv[i], "--all")) {
            all = true;
        } else {
            return usage_error("未知参数 %s", argv[i]);
        }
    }
    if (dj_cli_open(c, false))
        return 1;
    if (dj_org_list(c->db, &c->actor, parent, all, c->arena, &recs, &n, &err))
        return dj_cli_fail(&err);
    print_table(recs, n);
    return 0;
}

static int do_show(struct dj_cli *c, int argc, char **argv)
{
    struct dj_org_rec r;
    struct dj_err err = {0};
    int64_t id;

    if (argc != 3)
        return usage_error("用法：dangjian org show ID");
    if (parse_id(argv[2], &id))
        return 2;
    if (dj_cli_open(c, false))
        return 1;
    if (dj_org_read(c->db, &c->actor, id, c->arena, &r, &err))
        return dj_cli_fail(&err);
    print_rec(&r);
    return 0;
}

static int do_add(struct dj_cli *c, int argc, char **argv)
{
    struct dj_org_rec in = {0}, out;
    struct dj_err err = {0};
    json_t *obj = json_object();
    int rc = fields_json(argc, argv, 2, obj);

    if (!rc && dj_cli_open(c, false))
        rc = 1;
    if (!rc && dj_rec_from_json(&dj_org_desc, obj, &in, DJ_REC_CREATE, c->arena, &err))
        rc = dj_cli_fail(&err);
    if (!rc && dj_org_create_rec(c->db, &c->actor, &in, c->arena, &out, &err))
        rc = dj_cli_fail(&err);
    json_decref(obj);
    if (!rc)
        printf("已建立组织 %s（id %lld，路径 %s）\n", out.name, (long long)out.id, out.path);
    return rc;
}

static int do_edit(struct dj_cli *c, int argc, char **argv)
{
    struct dj_org_rec patch = {0}, out;
    struct dj_err err = {0};
    json_t *obj;
    int64_t id;
    int rc;

    if (argc < 3 || parse_id(argv[2], &id))
        return usage_error("用法：dangjian org edit ID --字段 值 ...");
    if (argc < 5)
        return usage_error("请至少指定一个要修改的字段");
    obj = json_object();
    rc = fields_json(argc, argv, 3, obj);
    if (!rc && dj_cli_open(c, false))
        rc = 1;
    if (!rc && dj_rec_from_json(&dj_org_desc, obj, &patch, DJ_REC_PATCH, c->arena, &err))
        rc = dj_cli_fail(&err);
    if (!rc && dj_org_update(c->db, &c->actor, id, &patch, c->arena, &out, &err))
        rc = dj_cli_fail(&err);
    json_decref(obj);
    if (!rc)
        printf("已修改组织 %s（id %lld）\n", out.name, (long long)out.id);
    return rc;
}

static int do_move(struct dj_cli *c, int argc, char **argv)
{
    struct dj_org_rec out;
    struct dj_err err = {0};
    int64_t id, parent;

    if (argc != 5 || strcmp(argv[3], "--parent"))
        return usage_error("用法：dangjian org move ID --parent ID");
    if (parse_id(argv[2], &id) || parse_id(argv[4], &parent))
        return 2;
    if (dj_cli_open(c, false))
        return 1;
    if (dj_org_move(c->db, &c->actor, id, parent, c->arena, &out, &err))
        return dj_cli_fail(&err);
    printf("已将组织 %s（id %lld）移到组织 %lld 之下，新路径 %s\n", out.name, (long long)out.id,
           (long long)parent, out.path);
    return 0;
}

static int do_dissolve(struct dj_cli *c, int argc, char **argv)
{
    const char *date = NULL, *reason = NULL;
    struct dj_org_rec out;
    struct dj_err err = {0};
    struct dj_date on;
    int64_t id;

    if (argc < 3 || parse_id(argv[2], &id))
        return usage_error("用法：dangjian org dissolve ID --date 日期 --reason 原因");
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--date") && i + 1 < argc)
            date = argv[++i];
        else if (!strcmp(argv[i], "--reason") && i + 1 < argc)
            reason = argv[++i];
        else
            return usage_error("未知参数 %s", argv[i]);
    }
    if (parse_date(date, "--date", &on))
        return 2;
    if (!reason)
        return usage_error("缺少 --reason");
    if (dj_cli_open(c, false))
        return 1;
    if (dj_org_dissolve(c->db, &c->actor, id, on, reason, c->arena, &out, &err))
        return dj_cli_fail(&err);
    printf("已撤销组织 %s（id %lld），撤销日期 %s\n", out.name, (long long)out.id, date);
    return 0;
}

static int do_search(struct dj_cli *c, int argc, char **argv)
{
    struct dj_org_search q = {.limit = 50};
    struct dj_org_rec *recs;
    struct dj_err err = {0};
    int64_t total;
    int n;

    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--limit") && i + 1 < argc) {
            if (dj_parse_i64(argv[++i], &q.limit))
                return usage_error("--limit %s 不是整数", argv[i]);
        } else if (!strcmp(argv[i], "--offset") && i + 1 < argc) {
            if (dj_parse_i64(argv[++i], &q.offset))
                return usage_error("--offset %s 不是整数", argv[i]);
        } else if (!strcmp(argv[i], "--all")) {
            q.include_dissolved = true;
        } else if (!q.name) {
            q.name = argv[i];
        } else {
            return usage_error("未知参数 %s", argv[i]);
        }
    }
    if (!q.name)
        return usage_error("请指定要搜索的名称");
    if (dj_cli_open(c, false))
        return 1;
    if (dj_org_search(c->db, &c->actor, &q, c->arena, &recs, &n, &total, &err))
        return dj_cli_fail(&err);
    print_table(recs, n);
    printf("共 %lld 个，显示第 %lld 至 %lld 个\n", (long long)total,
           (long long)(n ? q.offset + 1 : 0), (long long)(q.offset + n));
    return 0;
}

static int do_counts(struct dj_cli *c, int argc, char **argv)
{
    const struct dj_dict *kinds = dj_dict_find("org_kind"), *cats = dj_dict_find("member_category");
    struct dj_org_counts cnt;
    struct dj_err err = {0};
    int64_t id;

    if (argc != 3 || parse_id(argv[2], &id))
        return usage_error("用法：dangjian org counts ID");
    if (dj_cli_open(c, false))
        return 1;
    if (dj_org_counts(c->db, &c->actor, id, &cnt, &err))
        return dj_cli_fail(&err);
    printf("组织：%lld 个（另有已撤销 %lld 个）\n", (long long)cnt.orgs_active,
           (long long)cnt.orgs_dissolved);
    for (int i = 0; i < cnt.nkinds; i++) {
        const char *l = dj_dict_label(kinds, cnt.kinds[i].key);
        printf("  %-12s %lld\n", l ? l : cnt.kinds[i].key, (long long)cnt.kinds[i].n);
    }
    printf("党员：%lld 名\n", (long long)cnt.members);
    for (int i = 0; i < cnt.ncategories; i++) {
        const char *l = dj_dict_label(cats, cnt.categories[i].key);
        printf("  %-12s %lld\n", l ? l : cnt.categories[i].key, (long long)cnt.categories[i].n);
    }
    return 0;
}

static int do_posts(struct dj_cli *c, int argc, char **argv)
{
    const struct dj_dict *posts_dict = dj_dict_find("post");
    struct dj_org_post *posts;
    struct dj_err err = {0};
    int64_t id;
    int n;

    if (argc != 3 || parse_id(argv[2], &id))
        return usage_error("用法：dangjian org posts ID");
    if (dj_cli_open(c, false))
        return 1;
    if (dj_org_posts(c->db, &c->actor, id, c->arena, &posts, &n, &err))
        return dj_cli_fail(&err);
    printf("%-8s %-12s %-16s %-10s %-10s %s\n", "任职ID", "职务", "姓名", "任职日期", "离任日期",
           "党员ID");
    for (int i = 0; i < n; i++) {
        char b1[11], b2[11];
        const char *l = dj_dict_label(posts_dict, posts[i].post);
        printf("%-8lld %-12s %-16s %-10s %-10s %s\n", (long long)posts[i].id, l ? l : posts[i].post,
               posts[i].person_name ? posts[i].person_name : "",
               dj_date_format(posts[i].start_on, b1),
               dj_date_isset(posts[i].end_on) ? dj_date_format(posts[i].end_on, b2) : "（在任）",
               posts[i].member_id ? dj_arena_printf(c->arena, "%lld", (long long)posts[i].member_id)
                                  : "-");
    }
    return 0;
}

static int do_post_add(struct dj_cli *c, int argc, char **argv)
{
    struct dj_org_post in = {0}, out;
    struct dj_err err = {0};
    json_t *obj;
    int64_t id;
    int rc = 0;

    if (argc < 3 || parse_id(argv[2], &id))
        return usage_error("用法：dangjian org post-add ID --post 职务 --start 日期 ...");
    obj = json_object();
    for (int i = 3; i < argc && !rc; i++) {
        const char *opt = argv[i];
        if (!strcmp(opt, "--principal")) {
            json_object_set_new(obj, "principal_leader", json_true());
            continue;
        }
        if (i + 1 >= argc) {
            rc = usage_error("选项 %s 缺少取值", opt);
            break;
        }
        if (!strcmp(opt, "--post"))
            json_object_set_new(obj, "post", json_string(argv[++i]));
        else if (!strcmp(opt, "--start"))
            json_object_set_new(obj, "start_on", json_string(argv[++i]));
        else if (!strcmp(opt, "--name"))
            json_object_set_new(obj, "person_name", json_string(argv[++i]));
        else if (!strcmp(opt, "--note"))
            json_object_set_new(obj, "note", json_string(argv[++i]));
        else if (!strcmp(opt, "--member")) {
            int64_t m;
            if (parse_id(argv[++i], &m))
                rc = 2;
            else
                json_object_set_new(obj, "member_id", json_integer((json_int_t)m));
        } else {
            rc = usage_error("未知参数 %s", opt);
        }
    }
    if (!rc && dj_cli_open(c, false))
        rc = 1;
    if (!rc && dj_rec_from_json(&dj_org_post_desc, obj, &in, DJ_REC_CREATE, c->arena, &err))
        rc = dj_cli_fail(&err);
    if (!rc && dj_org_post_add(c->db, &c->actor, id, &in, c->arena, &out, &err))
        rc = dj_cli_fail(&err);
    json_decref(obj);
    if (!rc)
        printf("已任命 %s 为%s（任职ID %lld）\n", out.person_name,
               dj_dict_label(dj_dict_find("post"), out.post), (long long)out.id);
    return rc;
}

static int do_post_end(struct dj_cli *c, int argc, char **argv)
{
    struct dj_org_post out;
    struct dj_err err = {0};
    struct dj_date on;
    int64_t id, post_id;

    if (argc != 6 || strcmp(argv[4], "--date"))
        return usage_error("用法：dangjian org post-end ID 任职ID --date 日期");
    if (parse_id(argv[2], &id) || parse_id(argv[3], &post_id) || parse_date(argv[5], "--date", &on))
        return 2;
    if (dj_cli_open(c, false))
        return 1;
    if (dj_org_post_end(c->db, &c->actor, id, post_id, on, c->arena, &out, &err))
        return dj_cli_fail(&err);
    printf("%s 已于 %s 离任\n", out.person_name, argv[5]);
    return 0;
}

int dj_cmd_org(struct dj_cli *c, int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(struct dj_cli *c, int argc, char **argv);
    } subs[] = {
        {"list", do_list},         {"show", do_show},         {"add", do_add},
        {"edit", do_edit},         {"move", do_move},         {"dissolve", do_dissolve},
        {"search", do_search},     {"counts", do_counts},     {"posts", do_posts},
        {"post-add", do_post_add}, {"post-end", do_post_end},
    };

    if (argc < 2) {
        dj_help_org();
        return 2;
    }
    for (size_t i = 0; i < DJ_ARRAY_LEN(subs); i++)
        if (!strcmp(argv[1], subs[i].name))
            return subs[i].fn(c, argc, argv);
    return usage_error("未知子命令 org %s", argv[1]);
}
