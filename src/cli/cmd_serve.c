/* cmd_serve.c - dangjian serve: run the HTTP server until SIGINT/SIGTERM. */
#include "base/compat.h"
#include "api/api.h"
#include "base/log.h"
#include "cli/cli.h"
#include "http/http.h"
#include "svc/remind.h"

#include <pthread.h>
#include <signal.h>

void dj_help_serve(void)
{
    puts("用法：dangjian serve [--listen 地址] [--port 端口] [--threads 线程数] [--web 目录]\n\n"
         "启动 HTTP 服务（libmicrohttpd 线程池 + epoll），启动前自动应用数据库迁移。\n"
         "--port 0 表示自动选择空闲端口；实际地址打印在标准输出的第一行：\n"
         "  listening on http://127.0.0.1:8080/\n"
         "收到 SIGINT 或 SIGTERM 时停止。配置项见 docs/config.md。\n"
         "服务内置提醒调度：启动时按今天运行一次，之后每天在 remind.hour 点运行\n"
         "（remind.enabled=false 关闭），见 docs/reminders.md。");
}

int dj_cmd_serve(struct dj_cli *c, int argc, char **argv)
{
    struct dj_server_opts opts = {0};
    struct dj_server *srv;
    struct dj_remind_daemon *remind = NULL;
    struct dj_err err = {0};
    sigset_t set;
    int sig = 0;

    for (int i = 1; i < argc; i++) {
        const char *key = NULL;
        if (i + 1 >= argc) {
            fprintf(stderr, "错误：参数 %s 缺少取值\n", argv[i]);
            return 2;
        }
        if (!strcmp(argv[i], "--listen"))
            key = "server.listen";
        else if (!strcmp(argv[i], "--port"))
            key = "server.port";
        else if (!strcmp(argv[i], "--threads"))
            key = "server.threads";
        else if (!strcmp(argv[i], "--web"))
            key = "server.web_root";
        else {
            fprintf(stderr, "错误：未知参数 %s\n\n", argv[i]);
            dj_help_serve();
            return 2;
        }
        if (dj_config_set(&c->cfg, key, argv[++i], &err))
            return dj_cli_fail(&err);
    }
    if (dj_cli_open(c, false))
        return 1;
    /* the main thread's connection was only for migrating; workers open their own */
    dj_db_close(c->db);
    c->db = NULL;
    dj_db_configure(c->cfg.db_url);

    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* server threads inherit the mask */
    signal(SIGPIPE, SIG_IGN);

    opts.cfg = &c->cfg;
    opts.route_tables = dj_api_routes;
    opts.guard = dj_api_guard;
    opts.render_err = dj_api_render_err;
    if (dj_server_start(&opts, &srv, &err))
        return dj_cli_fail(&err);
    if (dj_remind_daemon_start(&c->cfg, &remind, &err)) {
        dj_server_stop(srv);
        return dj_cli_fail(&err);
    }
    printf("listening on http://%s:%d/\n", c->cfg.listen, dj_server_port(srv));
    fflush(stdout);
    dj_log(DJ_LOG_INFO, "server started", "port=%d threads=%d db=%s", dj_server_port(srv),
           c->cfg.threads, c->cfg.db_url);
    sigwait(&set, &sig);
    dj_log(DJ_LOG_INFO, "server stopping", "signal=%d", sig);
    dj_remind_daemon_stop(remind);
    dj_server_stop(srv);
    return 0;
}
