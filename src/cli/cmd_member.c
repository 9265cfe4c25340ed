/*
 * cmd_member.c - dangjian member list | show | add | edit | status | move |
 * search | lookup | history | link: the member database from the command
 * line, over the same svc/member.c calls as the API (the CLI operator acts
 * as a system administrator, and every change is audited).
 *
 * Record fields are given as --<key> value with the JSON keys of GET
 * /api/meta ("--nation 01", "--joined-on 2020-07-01"; '-' and '_' are the
 * same), so the CLI validates exactly like the API. ID numbers for look-up
 * are read from stdin, so they stay out of the shell history.
 */
#include "base/compat.h"
#include "cli/cli.h"
#include "model/dict.h"
#include "model/member_rec.h"
#include "store/account.h"
#include "svc/member.h"

void dj_help_member(void)
{
    puts("用法：\n"
         "  dangjian member list [--org 组织ID] [--q 姓名] [--status 状态|all] [--category 类别]\n"
         "                       [--gender 1|2] [--education 学历代码] [--domain 领域]\n"
         "                       [--age-min N] [--age-max N] [--joined-year 年份]\n"
         "                       [--sort id|name|joined_on|birth_date] [--desc]\n"
         "                       [--limit N] [--offset N]\n"
         "      列出党员（默认只列在册党员，--status all 含已出党和死亡）；个人信息脱敏显示。\n"
         "  dangjian member search 姓名 [--org 组织ID] [--limit N]\n"
         "      按姓名检索：3 个字及以上按包含匹配（全文索引），1 到 2 个字按开头匹配。\n"
         "  dangjian member show 党员ID [--unmasked]\n"
         "      显示一名党员；--unmasked 显示完整的身份证号码、电话和地址，并写入审计日志。\n"
         "  dangjian member add --org 党支部ID --name 姓名 --id-number 身份证号码 --joined "
         "入党日期\n"
         "                      [--confirmed 转正日期] [--category full|probationary] [--字段 值 "
         "...]\n"
         "      新增党员。给了 --confirmed 时默认为正式党员，否则为预备党员。\n"
         "  dangjian member edit 党员ID --字段 值 [--字段 值 ...]\n"
         "      修改字段；值为空字符串 \"\" 表示清空。调整所在党支部请用 move。\n"
         "  dangjian member status 党员ID --status 状态 --date 日期 [--kind 出党方式] [--reason "
         "说明]\n"
         "      状态：normal 正常、mobile 流动、lost_contact 失联排查中、suspended 停止党籍、\n"
         "      left 出党（--kind removed 除名 | expelled 开除 | withdrew 退党 | lapsed "
         "自行脱党）、\n"
         "      deceased 死亡。出党和死亡后不能再变更；停止党籍可恢复为正常。\n"
         "      失联、停止党籍和出党须填写 --reason。\n"
         "  dangjian member move 党员ID --org 党支部ID\n"
         "      转移到另一个党支部（党小组随之清空）。\n"
         "  dangjian member lookup\n"
         "      从标准输入读取身份证号码，精确查找（含已出党的历史记录）。\n"
         "  dangjian member history 党员ID\n"
         "      该党员的全部变更记录（时间、操作人、修改前后）。\n"
         "  dangjian member link 党员ID --user 用户名 | --unlink\n"
         "      把党员与账号关联，角色为 member 的账号即可查看本人信息。\n\n"
         "字段名与 GET /api/meta 中的 key 相同（如 --nation 01 --education 21 --phone 13800000000\n"
         "--hukou 户籍地址 --hardship true）；--org/--joined/--confirmed 分别是 "
         "org_id、joined_on、\n"
         "confirmed_on 的简写。");
}

/* The descriptor field for an option name ("--joined-on" -> joined_on), with the short aliases. */
static const struct dj_field *option_field(const char *opt, char *key, size_t keysz)
{
    static const struct {
        const char *alias, *key;
    } aliases[] = {{"org", "org_id"},
                   {"joined", "joined_on"},
                   {"confirmed", "confirmed_on"},
                   {"group", "group_id"}};
    size_t i;

    if (strncmp(opt, "--", 2))
        return NULL;
    dj_strlcpy(key, opt + 2, keysz);
    for (i = 0; key[i]; i++)
        if (key[i] == '-')
            key[i] = '_';
    for (i = 0; i < DJ_ARRAY_LEN(aliases); i++)
        if (!strcmp(key, aliases[i].alias))
            dj_strlcpy(key, aliases[i].key, keysz);
    return dj_desc_field(&dj_member_desc, key);
}

/* A JSON value for a command-line value of field f; "" is null (clears in edit). */
static json_t *option_value(const struct dj_field *f, const char *v, struct dj_err *err)
{
    int64_t n;

    if (!*v)
        return json_null();
    switch (f->type) {
    case DJ_FT_INT:
        if (dj_parse_i64(v, &n)) {
            dj_err_set(err, DJ_EINVAL, f->key, "「%s」应为整数", f->label);
            return NULL;
        }
        return json_integer(n);
    case DJ_FT_BOOL:
        if (!strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "是"))
            return json_true();
        if (!strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "否"))
            return json_false();
        dj_err_set(err, DJ_EINVAL, f->key, "「%s」应为 true 或 false", f->label);
        return NULL;
    default:
        return json_string(v);
    }
}

/*
 * Collect --field value pairs from argv[start..] into a JSON object.
 * Returns 0, 2 (usage) or 1 (bad value, printed).
 */
static int fields_json(int argc, char **argv, int start, json_t *obj)
{
    struct dj_err err = {0};

    for (int i = start; i < argc; i++) {
        char key[64];
        const struct dj_field *f = option_field(argv[i], key, sizeof(key));
        json_t *v;

        if (!f || i + 1 >= argc) {
            fprintf(stderr, "错误：未知参数或缺少取值：%s\n", argv[i]);
            return 2;
        }
        v = option_value(f, argv[++i], &err);
        if (!v)
            return dj_cli_fail(&err);
        json_object_set_new(obj, f->key, v);
    }
    return 0;
}

static int parse_id(const char *s, const char *what, int64_t *out)
{
    if (!s || dj_parse_i64(s, out) || *out <= 0) {
        fprintf(stderr, "错误：%s应为正整数\n", what);
        return 2;
    }
    return 0;
}

/* Print a record as "标签：值" lines, labels from the descriptor. */
static void print_member(const struct dj_member_rec *m, bool unmasked)
{
    json_t *o = dj_rec_to_json(&dj_member_desc, m, unmasked ? DJ_OUT_UNMASKED : 0);

    for (int i = 0; i < dj_member_desc.nfields; i++) {
        const struct dj_field *f = &dj_member_desc.fields[i];
        json_t *v = json_object_get(o, f->key);
        char lkey[80];
        json_t *label;

        if (!v || json_is_null(v))
            continue;
        snprintf(lkey, sizeof(lkey), "%s_label", f->key);
        label = json_object_get(o, lkey);
        if (label && json_is_string(label))
            printf("%s：%s（%s）\n", f->label, json_string_value(label), json_string_value(v));
        else if (json_is_string(v))
            printf("%s：%s\n", f->label, json_string_value(v));
        else if (json_is_integer(v))
            printf("%s：%lld\n", f->label, (long long)json_integer_value(v));
        else if (json_is_boolean(v))
            printf("%s：%s\n", f->label, json_is_true(v) ? "是" : "否");
    }
    json_decref(o);
}

static const char *or_dash(const char *s)
{
    return s && *s ? s : "-";
}

/* Chinese label of a dictionary code, or the code itself. */
static const char *label_of(const char *dict, const char *code)
{
    const char *l = code ? dj_dict_label(dj_dict_find(dict), code) : NULL;
    return l ? l : or_dash(code);
}

/* One tab-separated line per member (masked), with a header. */
static void print_rows(const struct dj_member_rec *rows, int n, int64_t total)
{
    puts("编号\t姓名\t性别\t身份证号码\t党员类别\t状态\t入党日期\t党龄\t所在党支部");
    for (int i = 0; i < n; i++) {
        const struct dj_member_rec *m = &rows[i];
        char id[24], joined[11];
        dj_mask_idcard(m->id_number, id, sizeof(id));
        printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\t%lld\t%s\n", (long long)m->id, m->name,
               label_of("gender", m->gender), id, label_of("member_category", m->category),
               label_of("member_status", m->status), dj_date_format(m->joined_on, joined),
               (long long)m->party_years, or_dash(m->org_name));
    }
    printf("共 %lld 条，显示 %d 条\n", (long long)total, n);
}

static int do_list(struct dj_cli *c, int argc, char **argv, int start, const char *name)
{
    struct dj_member_query q;
    struct dj_member_rec *rows;
    struct dj_err err = {0};
    int64_t total, v;
    int n;

    memset(&q, 0, sizeof(q));
    q.age_min = q.age_max = -1;
    q.q = name;
    for (int i = start; i < argc; i++) {
        const char *o = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(o, "--desc")) {
            q.desc = true;
            continue;
        }
        if (!val) {
            fprintf(stderr, "错误：%s 缺少取值\n", o);
            return 2;
        }
        i++;
        if (!strcmp(o, "--q"))
            q.q = val;
        else if (!strcmp(o, "--status"))
            q.status = val;
        else if (!strcmp(o, "--category"))
            q.category = val;
        else if (!strcmp(o, "--gender"))
            q.gender = val;
        else if (!strcmp(o, "--education"))
            q.education = val;
        else if (!strcmp(o, "--domain"))
            q.domain = val;
        else if (!strcmp(o, "--sort"))
            q.sort = val;
        else if (!strcmp(o, "--org") || !strcmp(o, "--age-min") || !strcmp(o, "--age-max") ||
                 !strcmp(o, "--joined-year") || !strcmp(o, "--limit") || !strcmp(o, "--offset")) {
            if (dj_parse_i64(val, &v) || v < 0 || v > 100000000) {
                fprintf(stderr, "错误：%s 应为非负整数\n", o);
                return 2;
            }
            if (!strcmp(o, "--org"))
                q.org_id = v;
            else if (!strcmp(o, "--age-min"))
                q.age_min = (int)v;
            else if (!strcmp(o, "--age-max"))
                q.age_max = (int)v;
            else if (!strcmp(o, "--joined-year"))
                q.joined_year = (int)v;
            else if (!strcmp(o, "--limit"))
                q.limit = (int)v;
            else
                q.offset = (int)v;
        } else {
            fprintf(stderr, "错误：未知参数 %s\n", o);
            return 2;
        }
    }
    if (dj_cli_open(c, false))
        return 1;
    if (dj_member_list(c->db, &c->actor, &q, c->arena, &rows, &n, &total, &err))
        return dj_cli_fail(&err);
    print_rows(rows, n, total);
    return 0;
}

static int do_show(struct dj_cli *c, int argc, char **argv)
{
    struct dj_member_rec m;
    struct dj_err err = {0};
    bool unmasked = false;
    int64_t id;
    int rc = parse_id(argc > 2 ? argv[2] : NULL, "党员ID", &id);

    if (rc)
        return rc;
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--unmasked")) {
            fprintf(stderr, "错误：未知参数 %s\n", argv[i]);
            return 2;
        }
        unmasked = true;
    }
    if (dj_cli_open(c, false))
        return 1;
    if (dj_member_get(c->db, &c->actor, id, unmasked, c->arena, &m, &err))
        return dj_cli_fail(&err);
    print_member(&m, unmasked);
    return 0;
}

static int do_add(struct dj_cli *c, int argc, char **argv)
{
    struct dj_member_rec in = {0}, out;
    struct dj_err err = {0};
    json_t *obj = json_object();
    int rc = fields_json(argc, argv, 2, obj);

    if (!rc && !json_object_get(obj, "category"))
        json_object_set_new(
            obj, "category",
            json_string(json_object_get(obj, "confirmed_on") ? "full" : "probationary"));
    if (!rc && dj_cli_open(c, false))
        rc = 1;
    if (!rc && (dj_rec_from_json(&dj_member_desc, obj, &in, DJ_REC_CREATE, c->arena, &err) ||
                dj_member_create(c->db, &c->actor, &in, c->arena, &out, &err)))
        rc = dj_cli_fail(&err);
    json_decref(obj);
    if (rc)
        return rc;
    printf("已新增党员 %s（编号 %lld，%s）\n", out.name, (long long)out.id, out.org_name);
    return 0;
}

static int do_edit(struct dj_cli *c, int argc, char **argv)
{
    struct dj_member_rec patch = {0}, out;
    struct dj_err err = {0};
    json_t *obj;
    int64_t id;
    int rc = parse_id(argc > 2 ? argv[2] : NULL, "党员ID", &id);

    if (rc)
        return rc;
    obj = json_object();
    rc = fields_json(argc, argv, 3, obj);
    if (!rc && json_object_size(obj) == 0) {
        fputs("错误：没有要修改的字段\n", stderr);
        rc = 2;
    }
    if (!rc && dj_cli_open(c, false))
        rc = 1;
    if (!rc && (dj_rec_from_json(&dj_member_desc, obj, &patch, DJ_REC_PATCH, c->arena, &err) ||
                dj_member_update(c->db, &c->actor, id, &patch, c->arena, &out, &err)))
        rc = dj_cli_fail(&err);
    json_decref(obj);
    if (rc)
        return rc;
    printf("已保存党员 %s（编号 %lld）\n", out.name, (long long)out.id);
    return 0;
}

static int do_status(struct dj_cli *c, int argc, char **argv)
{
    struct dj_member_status_change ch = {0};
    struct dj_member_rec out;
    struct dj_err err = {0};
    const char *date = NULL;
    int64_t id;
    int rc = parse_id(argc > 2 ? argv[2] : NULL, "党员ID", &id);

    if (rc)
        return rc;
    for (int i = 3; i < argc; i++) {
        if (i + 1 >= argc) {
            fprintf(stderr, "错误：%s 缺少取值\n", argv[i]);
            return 2;
        }
        if (!strcmp(argv[i], "--status"))
            ch.status = argv[++i];
        else if (!strcmp(argv[i], "--date"))
            date = argv[++i];
        else if (!strcmp(argv[i], "--kind"))
            ch.leave_kind = argv[++i];
        else if (!strcmp(argv[i], "--reason"))
            ch.reason = argv[++i];
        else {
            fprintf(stderr, "错误：未知参数 %s\n", argv[i]);
            return 2;
        }
    }
    if (!ch.status || !date) {
        fputs("错误：须给出 --status 和 --date\n", stderr);
        return 2;
    }
    if (dj_date_parse(date, &ch.on, "date", &err))
        return dj_cli_fail(&err);
    if (dj_cli_open(c, false))
        return 1;
    if (dj_member_set_status(c->db, &c->actor, id, &ch, c->arena, &out, &err))
        return dj_cli_fail(&err);
    printf("党员 %s（编号 %lld）的状态已改为「%s」\n", out.name, (long long)out.id,
           label_of("member_status", out.status));
    return 0;
}

static int do_move(struct dj_cli *c, int argc, char **argv)
{
    struct dj_member_rec out;
    struct dj_err err = {0};
    int64_t id, org;
    int rc = parse_id(argc > 2 ? argv[2] : NULL, "党员ID", &id);

    if (rc)
        return rc;
    if (argc != 5 || strcmp(argv[3], "--org")) {
        fputs("错误：用法 dangjian member move 党员ID --org 党支部ID\n", stderr);
        return 2;
    }
    if ((rc = parse_id(argv[4], "--org ", &org)))
        return rc;
    if (dj_cli_open(c, false))
        return 1;
    if (dj_member_move(c->db, &c->actor, id, org, c->arena, &out, &err))
        return dj_cli_fail(&err);
    printf("党员 %s（编号 %lld）已转移到 %s\n", out.name, (long long)out.id, out.org_name);
    return 0;
}

static int do_lookup(struct dj_cli *c, int argc, char **argv)
{
    struct dj_member_rec *rows;
    struct dj_err err = {0};
    char line[128];
    size_t len;
    int n;

    (void)argv;
    if (argc != 2) {
        dj_help_member();
        return 2;
    }
    if (!fgets(line, sizeof(line), stdin)) {
        fputs("错误：未从标准输入读到身份证号码\n", stderr);
        return 1;
    }
    len = strlen(line);
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
    if (dj_cli_open(c, false))
        return 1;
    if (dj_member_lookup(c->db, &c->actor, line, c->arena, &rows, &n, &err))
        return dj_cli_fail(&err);
    print_rows(rows, n, n);
    return 0;
}

static int do_history(struct dj_cli *c, int argc, char **argv)
{
    struct dj_audit_row *rows;
    struct dj_err err = {0};
    int64_t id, after = 0;
    int n, rc = parse_id(argc > 2 ? argv[2] : NULL, "党员ID", &id);

    if (rc)
        return rc;
    if (dj_cli_open(c, false))
        return 1;
    do {
        if (dj_member_history(c->db, &c->actor, id, after, 500, c->arena, &rows, &n, &err))
            return dj_cli_fail(&err);
        for (int i = 0; i < n; i++) {
            printf("%s\t%s\t%s\n", rows[i].at, rows[i].username, rows[i].action);
            if (rows[i].before_json)
                printf("  修改前：%s\n", rows[i].before_json);
            if (rows[i].after_json)
                printf("  修改后：%s\n", rows[i].after_json);
        }
        after = n ? rows[n - 1].id : after;
    } while (n == 500);
    return 0;
}

static int do_link(struct dj_cli *c, int argc, char **argv)
{
    struct dj_user_row u = {0};
    struct dj_err err = {0};
    int64_t id;
    int rc = parse_id(argc > 2 ? argv[2] : NULL, "党员ID", &id);

    if (rc)
        return rc;
    if (!(argc == 5 && !strcmp(argv[3], "--user")) &&
        !(argc == 4 && !strcmp(argv[3], "--unlink"))) {
        fputs("错误：用法 dangjian member link 党员ID --user 用户名 | --unlink\n", stderr);
        return 2;
    }
    if (dj_cli_open(c, false))
        return 1;
    if (argc == 5 && dj_store_user_by_name(c->db, argv[4], &u, &err)) {
        fprintf(stderr, "错误：用户 %s 不存在\n", argv[4]);
        return 1;
    }
    if (dj_member_link_user(c->db, &c->actor, id, u.id, &err))
        return dj_cli_fail(&err);
    if (u.id)
        printf("党员 %lld 已关联账号 %s\n", (long long)id, u.username);
    else
        printf("党员 %lld 已解除账号关联\n", (long long)id);
    return 0;
}

int dj_cmd_member(struct dj_cli *c, int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : "";

    if (!strcmp(sub, "list"))
        return do_list(c, argc, argv, 2, NULL);
    if (!strcmp(sub, "search")) {
        if (argc < 3 || !strncmp(argv[2], "--", 2)) {
            fputs("错误：用法 dangjian member search 姓名 [--org 组织ID]\n", stderr);
            return 2;
        }
        return do_list(c, argc, argv, 3, argv[2]);
    }
    if (!strcmp(sub, "show"))
        return do_show(c, argc, argv);
    if (!strcmp(sub, "add"))
        return do_add(c, argc, argv);
    if (!strcmp(sub, "edit"))
        return do_edit(c, argc, argv);
    if (!strcmp(sub, "status"))
        return do_status(c, argc, argv);
    if (!strcmp(sub, "move"))
        return do_move(c, argc, argv);
    if (!strcmp(sub, "lookup"))
        return do_lookup(c, argc, argv);
    if (!strcmp(sub, "history"))
        return do_history(c, argc, argv);
    if (!strcmp(sub, "link"))
        return do_link(c, argc, argv);
    dj_help_member();
    return 2;
}
