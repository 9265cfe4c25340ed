/*
 * cmd_export.c - dangjian export members|orgs and dangjian reconcile: the
 * national layouts written from the database, and a national export checked
 * against it (svc/export.c). The CLI operator is a system administrator, so
 * --unmasked is allowed and audited like any unmasked export.
 */
#include "base/compat.h"
#include "cli/cli.h"
#include "store/import.h"
#include "svc/export.h"

void dj_help_export(void)
{
    puts("用法：\n"
         "  dangjian export members|orgs --org 组织ID或党组织代码 --out 文件 [--format xlsx|csv]\n"
         "                 [--unmasked] [--status 状态|all] [--category full|probationary]\n"
         "                 [--gender 1|2] [--education 学历代码]\n"
         "      按全国模板导出党员花名册（20 列）或党组织名单（党委 / 总支部 / 支部 三段）。\n"
         "      CSV 为带 BOM 的 UTF-8，以 = + - @ 开头的单元格前加 ' 以免被当作公式。\n"
         "      身份证号码、电话和地址默认脱敏；--unmasked 导出完整信息并写入审计日志。");
}

void dj_help_reconcile(void)
{
    puts("用法：\n"
         "  dangjian reconcile 文件 --org 组织ID或党组织代码\n"
         "      与全国党员管理信息系统导出的党员花名册对账：列出只在文件中、只在本系统中的党员，\n"
         "      以及两边都有但字段不同的党员（逐字段列出，个人信息脱敏）。");
}

/* --org as an id, or a 12-digit 党组织代码. */
static int org_arg(struct dj_cli *c, const char *s, int64_t *id)
{
    struct dj_org_row row;
    struct dj_err err = {0};

    if (strlen(s) == 12 && !dj_store_import_org_by_code(c->db, s, &row, &err)) {
        *id = row.id;
        return 0;
    }
    if (dj_parse_i64(s, id) || *id <= 0) {
        fprintf(stderr, "错误：--org 应为组织 ID 或 12 位党组织代码\n");
        return 2;
    }
    return 0;
}

int dj_cmd_export(struct dj_cli *c, int argc, char **argv)
{
    struct dj_export_opts o = {0};
    struct dj_err err = {0};
    const char *out = NULL, *org = NULL, *format = NULL;
    int64_t rows;
    int rc;

    if (argc < 2 || (strcmp(argv[1], "members") && strcmp(argv[1], "orgs"))) {
        dj_help_export();
        return 2;
    }
    o.what = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(argv[i], "--unmasked"))
            o.unmasked = true;
        else if (!v) {
            fprintf(stderr, "错误：无法识别的参数 %s\n", argv[i]);
            return 2;
        } else if (!strcmp(argv[i], "--org"))
            org = argv[++i];
        else if (!strcmp(argv[i], "--out"))
            out = argv[++i];
        else if (!strcmp(argv[i], "--format"))
            format = argv[++i];
        else if (!strcmp(argv[i], "--status"))
            o.filter.status = argv[++i];
        else if (!strcmp(argv[i], "--category"))
            o.filter.category = argv[++i];
        else if (!strcmp(argv[i], "--gender"))
            o.filter.gender = argv[++i];
        else if (!strcmp(argv[i], "--education"))
            o.filter.education = argv[++i];
        else {
            fprintf(stderr, "错误：无法识别的参数 %s\n", argv[i]);
            return 2;
        }
    }
    if (!org || !out) {
        dj_help_export();
        return 2;
    }
    o.filter.age_min = o.filter.age_max = -1;
    if (dj_export_format_parse(format, &o.format, &err))
        return dj_cli_fail(&err);
    if (dj_cli_open(c, false))
        return 1;
    if ((rc = org_arg(c, org, &o.org_id)))
        return rc;
    if (dj_export_write(c->db, &c->actor, &o, out, &rows, &err))
        return dj_cli_fail(&err);
    printf("已导出 %lld 行到 %s%s\n", (long long)rows, out,
           o.unmasked ? "（未脱敏，已记入审计日志）" : "");
    return 0;
}

static void print_list(json_t *arr, const char *title, int64_t count)
{
    size_t i;
    json_t *it;

    printf("%s：%lld\n", title, (long long)count);
    json_array_foreach(arr, i, it)
    {
        json_t *fields = json_object_get(it, "fields");
        json_t *row = json_object_get(it, "row");
        const char *reason = json_string_value(json_object_get(it, "reason"));
        if (reason) {
            printf("  第 %lld 行「%s」：%s\n", (long long)json_integer_value(row),
                   json_string_value(json_object_get(it, "column")), reason);
            continue;
        }
        printf("  %s%lld%s %s %s\n", row ? "第 " : "编号 ",
               (long long)json_integer_value(row ? row : json_object_get(it, "id")),
               row ? " 行" : "",
               json_string_value(json_object_get(it, "name"))
                   ? json_string_value(json_object_get(it, "name"))
                   : "",
               json_string_value(json_object_get(it, "id_number"))
                   ? json_string_value(json_object_get(it, "id_number"))
                   : "");
        if (fields) {
            size_t k;
            json_t *f;
            json_array_foreach(fields, k, f) printf("      %s：文件「%s」 本系统「%s」\n",
                                                    json_string_value(json_object_get(f, "label")),
                                                    json_string_value(json_object_get(f, "file")),
                                                    json_string_value(json_object_get(f, "here")));
        }
    }
}

int dj_cmd_reconcile(struct dj_cli *c, int argc, char **argv)
{
    struct dj_err err = {0};
    const char *file = NULL, *org = NULL;
    int64_t org_id;
    json_t *res;
    int rc;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--org") && i + 1 < argc)
            org = argv[++i];
        else if (argv[i][0] != '-' && !file)
            file = argv[i];
        else {
            fprintf(stderr, "错误：无法识别的参数 %s\n", argv[i]);
            return 2;
        }
    }
    if (!file || !org) {
        dj_help_reconcile();
        return 2;
    }
    if (dj_cli_open(c, false))
        return 1;
    if ((rc = org_arg(c, org, &org_id)))
        return rc;
    if (dj_reconcile(c->db, &c->actor, org_id, file, &res, &err))
        return dj_cli_fail(&err);
    printf("文件 %lld 人，本系统 %lld 人，两边都有 %lld 人\n",
           (long long)json_integer_value(json_object_get(res, "file_rows")),
           (long long)json_integer_value(json_object_get(res, "here_rows")),
           (long long)json_integer_value(json_object_get(res, "matched")));
    print_list(json_object_get(res, "only_there"), "只在文件中",
               json_integer_value(json_object_get(res, "only_there_count")));
    print_list(json_object_get(res, "only_here"), "只在本系统中",
               json_integer_value(json_object_get(res, "only_here_count")));
    print_list(json_object_get(res, "differ"), "字段不同",
               json_integer_value(json_object_get(res, "differ_count")));
    print_list(json_object_get(res, "rejected"), "无法读取的行",
               json_integer_value(json_object_get(res, "rejected_count")));
    json_decref(res);
    return 0;
}
