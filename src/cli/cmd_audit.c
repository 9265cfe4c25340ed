/* cmd_audit.c - dangjian audit verify. */
#include "base/compat.h"
#include "cli/cli.h"
#include "svc/audit.h"

void dj_help_audit(void)
{
    puts("用法：dangjian audit verify\n\n"
         "逐条校验审计日志的哈希链（需要密钥文件）。完整时退出码为 0；\n"
         "发现被修改、插入或删除的记录时报告第一个断开的链节（记录 ID 和原因），退出码为 1。");
}

int dj_cmd_audit(struct dj_cli *c, int argc, char **argv)
{
    struct dj_audit_verify v;
    struct dj_err err = {0};

    if (argc != 2 || strcmp(argv[1], "verify")) {
        dj_help_audit();
        return 2;
    }
    if (dj_cli_open(c, false))
        return 1;
    if (dj_audit_verify(c->db, &v, &err))
        return dj_cli_fail(&err);
    if (v.broken_id) {
        printf("审计链在记录 %lld 处断开：%s（已检查 %lld 条）\n", (long long)v.broken_id, v.reason,
               (long long)v.rows);
        return 1;
    }
    printf("审计链完整：共 %lld 条记录\n", (long long)v.rows);
    return 0;
}
