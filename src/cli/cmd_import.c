/*
 * cmd_import.c - dangjian import FILE [--dry-run] [--org CODE] [--report FILE.xlsx]:
 * import a national template (党员花名册, 党员列表, 党组织名单, ...) through
 * svc/import.c, printing progress to stderr and the summary and rejected
 * rows to stdout. Nothing is written unless every row passes.
 */
#include "base/compat.h"
#include "cli/cli.h"
#include "svc/import.h"

void dj_help_import(void)
{
    puts(
        "用法：\n"
        "  dangjian import 文件 [--dry-run] [--org 党组织代码] [--report 错误报告.xlsx] [--quiet]\n"
        "      导入全国党员管理信息系统或单机版导出的名册（.xlsx、.xls 或 CSV，UTF-8 或 "
        "GB18030）：\n"
        "      党员花名册（全国模板 20 列或 17 列）、党员列表（单机模板）、党组织名单。\n"
        "      自动识别表头（可在标题行之下），逐行按与网页相同的规则检查。\n"
        "      --dry-run   只检查，不写入：显示将新增、更新、不变和被拒绝的行数及原因。\n"
        "      --org       "
        "新建党组织的上级党组织，以及未填“所在党支部”的党员、入党申请人所在党支部（按党组织代码）。\n"
        "      --report    把被拒绝的行按原表格式写入 .xlsx，并增加“错误原因”列。\n"
        "      "
        "有任何一行被拒绝时整个文件都不写入（全部成功或全部不写）；重复导入同一文件不会产生变化。\n"
        "      入党申请人名册（须用 --org 指定所在党支部）记入入党管理；转出党员名册记为已办结的\n"
        "      转出；死亡党员名册记录“死亡”决定；工资表（身份证号码、年度、工资项目）核定党费基数。\n"
        "      发展党员名册、转入党员名册及系统不能补记的环节逐行提示“未导入”，不影响其余各行。");
}

static void on_progress(void *ud, int64_t done, int64_t total)
{
    if (*(bool *)ud)
        return;
    fprintf(stderr, "\r已处理 %lld / %lld 行", (long long)done, (long long)total);
    if (done >= total)
        fputc('\n', stderr);
}

int dj_cmd_import(struct dj_cli *c, int argc, char **argv)
{
    struct dj_import_opts o = {0};
    struct dj_import_result res;
    struct dj_err err = {0};
    const char *report = NULL;
    bool quiet = false;
    int rc;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dry-run"))
            o.dry_run = true;
        else if (!strcmp(argv[i], "--quiet"))
            quiet = true;
        else if (!strcmp(argv[i], "--org") && i + 1 < argc)
            o.org_code = argv[++i];
        else if (!strcmp(argv[i], "--report") && i + 1 < argc)
            report = argv[++i];
        else if (argv[i][0] != '-' && !o.path)
            o.path = argv[i];
        else {
            fprintf(stderr, "错误：无法识别的参数 %s\n", argv[i]);
            return 2;
        }
    }
    if (!o.path) {
        dj_help_import();
        return 2;
    }
    if (dj_cli_open(c, false))
        return 1;
    o.name = o.path;
    o.on_progress = on_progress;
    o.progress_ud = &quiet;
    rc = dj_import_run(c->db, &c->actor, &o, c->arena, &res, &err);
    if (rc)
        return dj_cli_fail(&err);
    printf("名册：%s（表头在第 %lld 行，%s%s%s）\n", res.layout->name, (long long)res.header_row,
           res.format, *res.encoding ? "，" : "", res.encoding);
    printf("SHA-256：%s\n", res.sha256);
    printf("数据行 %lld：新增 %lld，更新 %lld，不变 %lld，拒绝 %lld，空行 %lld\n",
           (long long)res.rows, (long long)res.created, (long long)res.updated,
           (long long)res.unchanged, (long long)res.rejected, (long long)res.skipped);
    for (int i = 0; i < res.nrejects; i++)
        printf("第 %lld 行：%s\n", (long long)res.rejects[i].row, res.rejects[i].reason);
    for (int i = 0; i < res.nnotes; i++)
        printf("第 %lld 行（提示）：%s\n", (long long)res.notes[i].row, res.notes[i].reason);
    if (report && res.rejected) {
        if (dj_import_report_xlsx(o.path, &res, report, &err))
            return dj_cli_fail(&err);
        printf("错误报告已写入 %s\n", report);
    }
    if (res.pending) {
        printf("%s\n", res.pending);
        return 0;
    }
    if (res.committed && !res.created && !res.updated)
        printf("与系统中的数据一致，没有需要写入的变化。\n");
    else if (res.committed)
        printf("已写入数据库。\n");
    else if (o.dry_run)
        printf("试导入（--dry-run）：未写入任何数据。\n");
    else
        printf("有 %lld 行未通过检查，整个文件未写入任何数据。\n", (long long)res.rejected);
    return res.rejected ? 1 : 0;
}
