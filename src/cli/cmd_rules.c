/* cmd_rules.c - dangjian rules list | set. */
#include "base/compat.h"
#include "base/date.h"
#include "cli/cli.h"
#include "rules/ruletab.h"
#include "svc/rules.h"

void dj_help_rules(void)
{
    puts("用法：\n"
         "  dangjian rules list [--date YYYY-MM-DD]\n"
         "  dangjian rules set 规则编号 取值 --from YYYY-MM-DD [--org 组织ID] [--note 依据]\n\n"
         "list 列出在某日生效的全部规则：编号、取值、单位、可信度（V 法规原文 / S 二手资料 /\n"
         "R 记忆待核 / L 地方做法）和出处；带 * 的取值已被本部署覆盖。\n"
         "set 覆盖一条 R 或 L 规则（全局或某个党委/党工委及其下级），V 和 S 规则不能覆盖；\n"
         "变更写入审计日志，运行中的服务重启后生效。");
}

static int print_rule(json_t *r)
{
    printf("%-44s %8lld%s %-8s %s  %s%s\n", json_string_value(json_object_get(r, "id")),
           (long long)json_integer_value(json_object_get(r, "value")),
           json_is_true(json_object_get(r, "overridden")) ? "*" : " ",
           json_string_value(json_object_get(r, "unit")),
           json_string_value(json_object_get(r, "tag")),
           json_string_value(json_object_get(r, "source")),
           json_string_value(json_object_get(r, "article")));
    return 0;
}

static int do_list(struct dj_cli *c, int argc, char **argv)
{
    struct dj_err err = {0};
    struct dj_date on = dj_date_today(c->cfg.utc_offset_minutes);
    json_t *rules, *r;
    size_t i;

    for (int k = 2; k < argc; k++) {
        if (!strcmp(argv[k], "--date") && k + 1 < argc) {
            if (dj_date_parse(argv[++k], &on, "--date", &err))
                return dj_cli_fail(&err);
        } else {
            dj_help_rules();
            return 2;
        }
    }
    if (dj_cli_open(c, false))
        return 1;
    rules = dj_rules_json(on);
    json_array_foreach(rules, i, r) print_rule(r);
    json_decref(rules);
    return 0;
}

static int do_set(struct dj_cli *c, int argc, char **argv)
{
    struct dj_override_new o = {0};
    struct dj_err err = {0};
    bool have_from = false;

    if (argc < 4) {
        dj_help_rules();
        return 2;
    }
    o.rule_id = argv[2];
    if (dj_parse_i64(argv[3], &o.value)) {
        fprintf(stderr, "错误：取值应为整数\n");
        return 2;
    }
    for (int k = 4; k < argc; k++) {
        if (!strcmp(argv[k], "--from") && k + 1 < argc) {
            if (dj_date_parse(argv[++k], &o.effective_from, "--from", &err))
                return dj_cli_fail(&err);
            have_from = true;
        } else if (!strcmp(argv[k], "--org") && k + 1 < argc) {
            if (dj_parse_i64(argv[++k], &o.org_id) || o.org_id <= 0) {
                fprintf(stderr, "错误：--org 应为正整数的组织 ID\n");
                return 2;
            }
        } else if (!strcmp(argv[k], "--note") && k + 1 < argc) {
            o.note = argv[++k];
        } else {
            dj_help_rules();
            return 2;
        }
    }
    if (!have_from) {
        fprintf(stderr, "错误：请用 --from 指定生效日期\n");
        return 2;
    }
    if (dj_cli_open(c, false))
        return 1;
    if (dj_rule_override_set(c->db, &c->actor, &o, &err))
        return dj_cli_fail(&err);
    {
        char from[11];
        printf("已设置规则 %s = %lld（自 %s 起%s）\n", o.rule_id, (long long)o.value,
               dj_date_format(o.effective_from, from), o.org_id ? "，限该组织及下级" : "，全局");
    }
    return 0;
}

int dj_cmd_rules(struct dj_cli *c, int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "list"))
        return do_list(c, argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "set"))
        return do_set(c, argc, argv);
    dj_help_rules();
    return 2;
}
