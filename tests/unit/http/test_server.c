/*
 * test_server.c - a real server on 127.0.0.1 (ephemeral port) driven over
 * plain sockets: routing, caps, content types, JSON errors, guard, error
 * rendering, static files, security headers and the access log.
 */
#define _XOPEN_SOURCE 700 /* realpath() */
#include "base/compat.h"
#include "base/config.h"
#include "base/log.h"
#include "http/http.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

/* ---- a tiny HTTP/1.1 client ----------------------------------------------------- */

struct http_res {
    int status;
    char *raw; /* whole response, NUL-terminated */
    size_t raw_len;
    char *head;       /* status line and headers, NUL-terminated (inside raw) */
    const char *body; /* inside raw */
    size_t body_len;
};

static int port;

static int connect_server(void)
{
    struct sockaddr_in sa;
    struct timeval tv = {5, 0};
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    cr_assert_geq(fd, 0);
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0, "connect: %s",
                 strerror(errno));
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    return fd;
}

static void send_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w <= 0)
            return; /* the server may close early (413); read what it said */
        p += w;
        n -= (size_t)w;
    }
}

/* Read until the server closes; parse status, headers and body. */
static void read_response(int fd, struct http_res *res)
{
    struct dj_buf b;
    char chunk[4096], *sep;

    dj_buf_init(&b, 0);
    for (;;) {
        ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
        if (n <= 0)
            break;
        dj_buf_add(&b, chunk, (size_t)n);
    }
    close(fd);
    memset(res, 0, sizeof(*res));
    res->raw = dj_buf_detach(&b, &res->raw_len);
    cr_assert_eq(strncmp(res->raw, "HTTP/1.1 ", 9), 0, "no response: [%s]", res->raw);
    res->status = (int)strtol(res->raw + 9, NULL, 10);
    sep = strstr(res->raw, "\r\n\r\n");
    cr_assert_not_null(sep, "no end of headers");
    *sep = '\0';
    res->head = res->raw;
    res->body = sep + 4;
    res->body_len = res->raw_len - (size_t)(res->body - res->raw);
}

static void http_raw(const char *request, size_t len, struct http_res *res)
{
    int fd = connect_server();

    send_all(fd, request, len);
    read_response(fd, res);
}

/* Send one request; `headers` are extra "Name: value\r\n" lines; body may be NULL. */
static void http(const char *method, const char *path, const char *headers, const char *body,
                 struct http_res *res)
{
    struct dj_buf b;

    dj_buf_init(&b, 0);
    dj_buf_printf(&b, "%s %s HTTP/1.1\r\nHost: test\r\nConnection: close\r\n%s", method, path,
                  headers ? headers : "");
    if (body)
        dj_buf_printf(&b, "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
    else
        dj_buf_adds(&b, "\r\n");
    http_raw(b.data, b.len, res);
    dj_buf_release(&b);
}

static void res_free(struct http_res *res)
{
    free(res->raw);
}

/* Value of a response header (case-insensitive name) copied into a static buffer, or NULL. */
static const char *hdr(const struct http_res *res, const char *name)
{
    static char value[1024];
    size_t n = strlen(name);
    const char *line = strstr(res->head, "\r\n");

    while (line) {
        const char *end;

        line += 2;
        end = strstr(line, "\r\n");
        if (!strncasecmp(line, name, n) && line[n] == ':') {
            const char *v = line + n + 1;
            size_t len = end ? (size_t)(end - v) : strlen(v);
            while (*v == ' ') {
                v++;
                len--;
            }
            cr_assert_lt(len, sizeof(value));
            memcpy(value, v, len);
            value[len] = '\0';
            return value;
        }
        line = end;
    }
    return NULL;
}

static json_t *body_json(const struct http_res *res)
{
    json_error_t je;
    json_t *j = json_loadb(res->body, res->body_len, 0, &je);

    cr_assert_not_null(j, "body is not JSON (%s): %.*s", je.text, (int)res->body_len, res->body);
    return j;
}

static void expect_error(const struct http_res *res, int status, const char *code,
                         const char *field, const char *message)
{
    json_t *j, *e;

    cr_assert_eq(res->status, status, "status %d, want %d: %s", res->status, status, res->body);
    cr_assert_str_eq(hdr(res, "Content-Type"), "application/json; charset=utf-8");
    j = body_json(res);
    e = json_object_get(j, "error");
    cr_assert_str_eq(json_string_value(json_object_get(e, "code")), code);
    cr_assert_str_eq(json_string_value(json_object_get(e, "field")), field);
    cr_assert_str_eq(json_string_value(json_object_get(e, "message")), message);
    json_decref(j);
}

static void expect_security_headers(const struct http_res *res)
{
    cr_assert_str_eq(hdr(res, "Content-Security-Policy"),
                     "default-src 'self'; img-src 'self' data:; style-src 'self' "
                     "'unsafe-inline'; script-src 'self' "
                     "'sha256-QgNquVvWEQ2abivaWOEafug+sRAqdQsprS8BKnw3b/k='; object-src 'none'; "
                     "frame-ancestors 'none'; base-uri 'self'");
    cr_assert_str_eq(hdr(res, "X-Content-Type-Options"), "nosniff");
    cr_assert_str_eq(hdr(res, "X-Frame-Options"), "DENY");
    cr_assert_str_eq(hdr(res, "Referrer-Policy"), "same-origin");
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

    nanosleep(&ts, NULL);
}

/* ---- the application under test ---------------------------------------------- */

static struct dj_config cfg;
static struct dj_server *srv;
static char base[64]; /* temp dir: web/ plus a secret outside it */
static char logpath[128];
static FILE *log_file;
static atomic_int finished;

static int h_item(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    const char *q = dj_req_query(req, "q"), *sid = dj_req_cookie(req, "sid");
    const char *x = dj_req_header(req, "x-test");

    (void)err;
    dj_resp_json(resp, 200,
                 json_pack("{s:s,s:s*,s:s*,s:s*,s:s}", "id", dj_req_param(req, "id"), "q", q, "sid",
                           sid, "x_test", x, "reqid", req->reqid));
    return 0;
}

static int h_echo(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    (void)err;
    dj_resp_json(resp, 200, req->json ? json_incref(req->json) : json_object());
    return 0;
}

static int h_upload(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    (void)err;
    dj_resp_json(resp, 200,
                 json_pack("{s:I,s:b,s:b}", "len", (json_int_t)req->body_len, "terminated",
                           req->body && req->body[req->body_len] == '\0', "parsed",
                           req->json != NULL));
    return 0;
}

static int h_conflict(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    (void)req;
    dj_resp_text(resp, 200, NULL, "must be discarded", 17);
    return dj_err_set(err, DJ_ECONFLICT, "name", "名称已存在");
}

static int h_silent_db_error(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    (void)req;
    (void)resp;
    (void)err;
    return DJ_EDB;
}

static int h_noresp(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    (void)req;
    (void)resp;
    (void)err;
    return 0;
}

static int h_cookie(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    (void)err;
    dj_resp_header(req, resp, "Set-Cookie", "sid=xyz; HttpOnly; SameSite=Strict");
    dj_resp_text(resp, 200, NULL, "ok", 2);
    return 0;
}

static int h_file(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    (void)err;
    resp->status = 200;
    resp->file_path = dj_arena_printf(req->arena, "%s/export.csv", base);
    resp->content_type = "text/csv; charset=utf-8";
    return 0;
}

static const struct dj_route api_routes[] = {
    {"GET", "/api/items/{id}", h_item, 0},
    {"PATCH", "/api/items/{id}", h_echo, 0},
    {"POST", "/api/echo", h_echo, 0},
    {"DELETE", "/api/echo", h_echo, 0},
    {"POST", "/api/upload", h_upload, DJ_ROUTE_UPLOAD},
    {NULL, NULL, NULL, 0},
};

static const struct dj_route misc_routes[] = {
    {"GET", "/api/conflict", h_conflict, 0},
    {"GET", "/api/dberror", h_silent_db_error, 0},
    {"GET", "/api/noresp", h_noresp, 0},
    {"GET", "/api/cookie", h_cookie, 0},
    {"GET", "/api/file", h_file, 0},
    {"GET", "/hello", h_cookie, 0},
    {NULL, NULL, NULL, 0},
};

static const struct dj_route *const tables[] = {api_routes, misc_routes, NULL};

static int guard(struct dj_req *req, const struct dj_route *route, struct dj_err *err)
{
    const char *deny = dj_req_header(req, "X-Deny");

    (void)route;
    if (deny && !strcmp(deny, "1"))
        return dj_err_set(err, DJ_EPERM, NULL, "无权访问");
    return 0;
}

static void render_err(struct dj_req *req, struct dj_resp *resp, const struct dj_err *err)
{
    int status;

    (void)req;
    switch (err->code) {
    case DJ_EPERM:
        status = 403;
        break;
    case DJ_ECONFLICT:
        status = 409;
        break;
    case DJ_EINVAL:
        status = 400;
        break;
    default:
        status = 500;
        break;
    }
    dj_resp_error(resp, status, dj_err_name(err->code), err->field,
                  status == 500 ? "服务器内部错误" : err->message);
}

static void finish(struct dj_req *req)
{
    (void)req;
    atomic_fetch_add(&finished, 1);
}

static void put(const char *rel, const char *text)
{
    char p[256];
    FILE *f;

    snprintf(p, sizeof(p), "%s/%s", base, rel);
    f = fopen(p, "w");
    cr_assert_not_null(f, "cannot create %s", p);
    fputs(text, f);
    fclose(f);
}

static void start(dj_render_err_fn render)
{
    struct dj_server_opts opts = {&cfg, tables, guard, render, finish};
    struct dj_err err;

    cr_assert_eq(dj_server_start(&opts, &srv, &err), 0, "start: %s", err.message);
    port = dj_server_port(srv);
    cr_assert_gt(port, 0);
}

static void setup_files_and_config(void)
{
    char p[128];

    dj_strlcpy(base, "/tmp/dj_server_XXXXXX", sizeof(base));
    cr_assert_not_null(mkdtemp(base));
    snprintf(p, sizeof(p), "%s/web", base);
    cr_assert_eq(mkdir(p, 0700), 0);
    snprintf(p, sizeof(p), "%s/web/js", base);
    cr_assert_eq(mkdir(p, 0700), 0);
    put("web/index.html", "<!doctype html><title>党建</title>");
    put("web/js/app.js", "export const x = 1;\n");
    put("web/style.css", "body{}");
    put("secret.txt", "top secret");
    put("export.csv", "姓名,党龄\n张三,5\n");

    memset(&cfg, 0, sizeof(cfg));
    dj_strlcpy(cfg.listen, "127.0.0.1", sizeof(cfg.listen));
    cfg.port = 0;
    cfg.threads = 2;
    snprintf(cfg.web_root, sizeof(cfg.web_root), "%s/web", base);
    cfg.json_max = 1024;
    cfg.upload_max = 4096;

    snprintf(logpath, sizeof(logpath), "%s/log.txt", base);
    log_file = fopen(logpath, "w");
    cr_assert_not_null(log_file);
    setvbuf(log_file, NULL, _IOLBF, 0);
    dj_log_set_stream(log_file);
    dj_log_set_level(DJ_LOG_INFO);
}

static void setup(void)
{
    setup_files_and_config();
    start(render_err);
}

static void teardown(void)
{
    char cmd[128];

    dj_server_stop(srv);
    srv = NULL;
    dj_log_set_stream(NULL);
    fclose(log_file);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(server, .init = setup, .fini = teardown, .timeout = 30);

/* ---- API routes ---------------------------------------------------------------- */

Test(server, get_route_with_param_query_cookie_header)
{
    struct http_res res;
    json_t *j;

    http("GET", "/api/items/%E5%85%9A42?q=%E5%85%9A+x&other=1",
         "Cookie: a=1; sid=abc\r\nX-Test: hi\r\n", NULL, &res);
    cr_assert_eq(res.status, 200, "%s", res.body);
    expect_security_headers(&res);
    cr_assert_str_eq(hdr(&res, "Cache-Control"), "no-store");
    cr_assert_str_eq(hdr(&res, "Content-Type"), "application/json; charset=utf-8");
    j = body_json(&res);
    cr_assert_str_eq(json_string_value(json_object_get(j, "id")), "党42");
    cr_assert_str_eq(json_string_value(json_object_get(j, "q")), "党 x");
    cr_assert_str_eq(json_string_value(json_object_get(j, "sid")), "abc");
    cr_assert_str_eq(json_string_value(json_object_get(j, "x_test")), "hi");
    cr_assert_eq(strlen(json_string_value(json_object_get(j, "reqid"))), 16);
    cr_assert_eq(strspn(json_string_value(json_object_get(j, "reqid")), "0123456789abcdef"), 16);
    json_decref(j);
    res_free(&res);
}

Test(server, absent_query_cookie_header_are_null)
{
    struct http_res res;
    json_t *j;

    http("GET", "/api/items/1", NULL, NULL, &res);
    cr_assert_eq(res.status, 200);
    j = body_json(&res);
    cr_assert_null(json_object_get(j, "q"));
    cr_assert_null(json_object_get(j, "sid"));
    cr_assert_null(json_object_get(j, "x_test"));
    json_decref(j);
    res_free(&res);
}

Test(server, head_uses_get_route_without_body)
{
    struct http_res res;

    http("HEAD", "/api/items/1", NULL, NULL, &res);
    cr_assert_eq(res.status, 200);
    cr_assert_eq(res.body_len, 0);
    res_free(&res);
}

Test(server, unknown_api_path_is_404_json)
{
    struct http_res res;

    http("GET", "/api/x", NULL, NULL, &res);
    expect_error(&res, 404, "not_found", "", "接口不存在");
    cr_assert_str_eq(res.body, "{\"error\":{\"code\":\"not_found\",\"field\":\"\","
                               "\"message\":\"接口不存在\"}}");
    expect_security_headers(&res);
    cr_assert_str_eq(hdr(&res, "Cache-Control"), "no-store");
    res_free(&res);
    http("POST", "/api/nothing/here", "Content-Type: application/json\r\n", "{}", &res);
    expect_error(&res, 404, "not_found", "", "接口不存在");
    res_free(&res);
}

Test(server, wrong_method_is_405_with_allow)
{
    struct http_res res;

    http("DELETE", "/api/items/3", NULL, NULL, &res);
    expect_error(&res, 405, "method_not_allowed", "", "不支持该请求方法");
    cr_assert_str_eq(hdr(&res, "Allow"), "GET, PATCH, HEAD");
    expect_security_headers(&res);
    res_free(&res);
    http("PUT", "/api/echo", "Content-Type: application/json\r\n", "{\"a\":1}", &res);
    expect_error(&res, 405, "method_not_allowed", "", "不支持该请求方法");
    cr_assert_str_eq(hdr(&res, "Allow"), "POST, DELETE");
    res_free(&res);
}

Test(server, post_echoes_parsed_json)
{
    struct http_res res;

    http("POST", "/api/echo", "Content-Type: application/json; charset=UTF-8\r\n",
         "{\"name\":\"张三\",\"n\":[1,2]}", &res);
    cr_assert_eq(res.status, 200, "%s", res.body);
    cr_assert_str_eq(res.body, "{\"name\":\"张三\",\"n\":[1,2]}");
    res_free(&res);
    http("PATCH", "/api/items/5", "Content-Type: application/json\r\n", "{\"a\":true}", &res);
    cr_assert_eq(res.status, 200, "%s", res.body);
    cr_assert_str_eq(res.body, "{\"a\":true}");
    res_free(&res);
    http("DELETE", "/api/echo", "Content-Type: application/json\r\n", "{\"why\":\"重复\"}", &res);
    cr_assert_str_eq(res.body, "{\"why\":\"重复\"}");
    res_free(&res);
}

Test(server, empty_post_needs_no_content_type)
{
    struct http_res res;

    http("POST", "/api/echo", NULL, "", &res);
    cr_assert_eq(res.status, 200, "%s", res.body);
    cr_assert_str_eq(res.body, "{}");
    res_free(&res);
}

Test(server, non_json_content_type_is_415)
{
    struct http_res res;

    http("POST", "/api/echo", "Content-Type: text/plain\r\n", "{\"a\":1}", &res);
    expect_error(&res, 415, "unsupported_media_type", "",
                 "请求体必须是 JSON（Content-Type: application/json）");
    res_free(&res);
    http("POST", "/api/echo", NULL, "{\"a\":1}", &res);
    cr_assert_eq(res.status, 415);
    res_free(&res);
    http("POST", "/api/echo", "Content-Type: application/jsonp\r\n", "{\"a\":1}", &res);
    cr_assert_eq(res.status, 415);
    res_free(&res);
}

Test(server, malformed_json_is_400_with_chinese_message)
{
    struct http_res res;

    http("POST", "/api/echo", "Content-Type: application/json\r\n", "{\"a\":1,\"a\":2}", &res);
    expect_error(&res, 400, "invalid", "a", "JSON 中有重复的字段：a");
    res_free(&res);
    http("POST", "/api/echo", "Content-Type: application/json\r\n", "{\"a\":", &res);
    expect_error(&res, 400, "invalid", "", "请求体不是有效的 JSON（第 1 行第 5 列）");
    res_free(&res);
    http("POST", "/api/echo", "Content-Type: application/json\r\n", "[1]", &res);
    expect_error(&res, 400, "invalid", "", "请求体必须是 JSON 对象");
    res_free(&res);
    http("POST", "/api/echo", "Content-Type: application/json\r\n", "{\"a\":\"\xff\"}", &res);
    expect_error(&res, 400, "invalid", "", "请求体含有无效的 UTF-8 编码");
    res_free(&res);
}

/* ---- caps ---------------------------------------------------------------------------- */

static char *repeat(char c, size_t n)
{
    char *s = dj_xmalloc(n + 1);

    memset(s, c, n);
    s[n] = '\0';
    return s;
}

static void post_chunked(const char *path, const char *ctype, size_t n, struct http_res *res)
{
    struct dj_buf b;
    char *data = repeat('x', n);

    dj_buf_init(&b, 0);
    dj_buf_printf(&b,
                  "POST %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Type: %s\r\n"
                  "Transfer-Encoding: chunked\r\n\r\n",
                  path, ctype);
    for (size_t off = 0; off < n; off += 1000) {
        size_t len = DJ_MIN((size_t)1000, n - off);
        dj_buf_printf(&b, "%zx\r\n", len);
        dj_buf_add(&b, data + off, len);
        dj_buf_adds(&b, "\r\n");
    }
    dj_buf_adds(&b, "0\r\n\r\n");
    http_raw(b.data, b.len, res);
    dj_buf_release(&b);
    free(data);
}

Test(server, json_body_over_cap_is_413)
{
    struct http_res res;
    char *big = repeat(' ', 2000);

    big[0] = '{';
    big[1998] = '}';
    http("POST", "/api/echo", "Content-Type: application/json\r\n", big, &res);
    expect_error(&res, 413, "too_large", "", "请求体过大");
    expect_security_headers(&res);
    res_free(&res);
    free(big);
}

Test(server, over_cap_content_length_is_rejected_before_the_body)
{
    static const char req[] = "POST /api/echo HTTP/1.1\r\nHost: t\r\n"
                              "Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n";
    struct http_res res;

    /* No body is sent: an answer proves the server did not wait for it. */
    http_raw(req, sizeof(req) - 1, &res);
    expect_error(&res, 413, "too_large", "", "请求体过大");
    cr_assert_str_eq(hdr(&res, "Connection"), "close");
    res_free(&res);
}

Test(server, over_cap_patch_and_delete_are_rejected_before_the_body)
{
    static const char patch[] = "PATCH /api/items/1 HTTP/1.1\r\nHost: t\r\n"
                                "Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n";
    static const char del[] = "DELETE /api/echo HTTP/1.1\r\nHost: t\r\n"
                              "Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n";
    struct http_res res;

    http_raw(patch, sizeof(patch) - 1, &res);
    expect_error(&res, 413, "too_large", "", "请求体过大");
    res_free(&res);
    http_raw(del, sizeof(del) - 1, &res);
    expect_error(&res, 413, "too_large", "", "请求体过大");
    res_free(&res);
}

Test(server, unknown_route_with_pending_body_is_answered_at_once)
{
    static const char req[] = "POST /api/nowhere HTTP/1.1\r\nHost: t\r\n"
                              "Content-Type: application/json\r\nContent-Length: 500\r\n\r\n";
    struct http_res res;

    http_raw(req, sizeof(req) - 1, &res);
    expect_error(&res, 404, "not_found", "", "接口不存在");
    res_free(&res);
}

Test(server, chunked_json_body_over_cap_is_413)
{
    struct http_res res;

    post_chunked("/api/echo", "application/json", 2000, &res);
    expect_error(&res, 413, "too_large", "", "请求体过大");
    res_free(&res);
}

Test(server, upload_route_takes_upload_max)
{
    struct http_res res;
    char *data = repeat('u', 3000);
    json_t *j;

    http("POST", "/api/upload", "Content-Type: application/octet-stream\r\n", data, &res);
    cr_assert_eq(res.status, 200, "%s", res.body);
    j = body_json(&res);
    cr_assert_eq(json_integer_value(json_object_get(j, "len")), 3000);
    cr_assert(json_is_true(json_object_get(j, "terminated")));
    cr_assert(json_is_false(json_object_get(j, "parsed")), "uploads are not parsed as JSON");
    json_decref(j);
    res_free(&res);
    free(data);

    post_chunked("/api/upload", "text/csv", 4096, &res);
    cr_assert_eq(res.status, 200, "exactly upload_max is allowed: %s", res.body);
    res_free(&res);
}

Test(server, upload_over_cap_is_413)
{
    struct http_res res;
    char *data = repeat('u', 5000);

    http("POST", "/api/upload", "Content-Type: application/octet-stream\r\n", data, &res);
    expect_error(&res, 413, "too_large", "", "请求体过大");
    res_free(&res);
    free(data);
    post_chunked("/api/upload", "text/csv", 4097, &res);
    expect_error(&res, 413, "too_large", "", "请求体过大");
    res_free(&res);
}

Test(server, long_path_is_414)
{
    struct http_res res;
    char *path = repeat('a', 3000);

    memcpy(path, "/api/", 5);
    http("GET", path, NULL, NULL, &res);
    expect_error(&res, 414, "uri_too_long", "", "请求路径过长");
    res_free(&res);
    free(path);
}

Test(server, bad_escape_in_path_is_400)
{
    struct http_res res;

    http("GET", "/api/items/%zz", NULL, NULL, &res);
    expect_error(&res, 400, "invalid", "", "请求路径无效");
    res_free(&res);
    http("GET", "/api/items/a%00b", NULL, NULL, &res);
    cr_assert_eq(res.status, 400);
    res_free(&res);
}

/* ---- guard, errors, headers, files ----------------------------------------------------- */

Test(server, guard_rejects_before_handler)
{
    struct http_res res;

    http("POST", "/api/echo", "X-Deny: 1\r\nContent-Type: application/json\r\n", "{}", &res);
    expect_error(&res, 403, "forbidden", "", "无权访问");
    res_free(&res);
    http("POST", "/api/echo", "X-Deny: 0\r\nContent-Type: application/json\r\n", "{}", &res);
    cr_assert_eq(res.status, 200);
    res_free(&res);
}

Test(server, handler_error_goes_through_render_err)
{
    struct http_res res;

    http("GET", "/api/conflict", NULL, NULL, &res);
    expect_error(&res, 409, "conflict", "name", "名称已存在");
    expect_security_headers(&res);
    res_free(&res);
    http("GET", "/api/dberror", NULL, NULL, &res);
    expect_error(&res, 500, "database", "", "服务器内部错误");
    res_free(&res);
}

Test(server, handler_without_response_is_500)
{
    struct http_res res;

    http("GET", "/api/noresp", NULL, NULL, &res);
    expect_error(&res, 500, "internal", "", "服务器内部错误");
    res_free(&res);
}

Test(server, extra_response_headers_are_sent)
{
    struct http_res res;

    http("GET", "/api/cookie", NULL, NULL, &res);
    cr_assert_eq(res.status, 200);
    cr_assert_str_eq(hdr(&res, "Set-Cookie"), "sid=xyz; HttpOnly; SameSite=Strict");
    cr_assert_str_eq(hdr(&res, "Content-Type"), "text/plain; charset=utf-8");
    cr_assert_str_eq(res.body, "ok");
    res_free(&res);
}

Test(server, handler_file_response_is_streamed)
{
    struct http_res res;

    http("GET", "/api/file", NULL, NULL, &res);
    cr_assert_eq(res.status, 200);
    cr_assert_str_eq(hdr(&res, "Content-Type"), "text/csv; charset=utf-8");
    cr_assert_str_eq(res.body, "姓名,党龄\n张三,5\n");
    cr_assert_str_eq(hdr(&res, "Cache-Control"), "no-store");
    res_free(&res);
}

Test(server, route_outside_api_wins_over_static)
{
    struct http_res res;

    http("GET", "/hello", NULL, NULL, &res);
    cr_assert_eq(res.status, 200);
    cr_assert_str_eq(res.body, "ok");
    cr_assert_null(hdr(&res, "Cache-Control"), "no-store is for /api/ only");
    res_free(&res);
}

/* ---- static files ---------------------------------------------------------------------- */

static void expect_static(const char *path, const char *ctype, const char *body)
{
    struct http_res res;

    http("GET", path, NULL, NULL, &res);
    cr_assert_eq(res.status, 200, "%s: %d", path, res.status);
    cr_assert_str_eq(hdr(&res, "Content-Type"), ctype, "%s", path);
    cr_assert_str_eq(res.body, body, "%s", path);
    expect_security_headers(&res);
    res_free(&res);
}

Test(server, static_files_with_content_types)
{
    expect_static("/js/app.js", "text/javascript; charset=utf-8", "export const x = 1;\n");
    expect_static("/style.css", "text/css; charset=utf-8", "body{}");
    expect_static("/", "text/html; charset=utf-8", "<!doctype html><title>党建</title>");
    expect_static("/index.html", "text/html; charset=utf-8", "<!doctype html><title>党建</title>");
}

Test(server, spa_routes_fall_back_to_index_html)
{
    expect_static("/orgs/12", "text/html; charset=utf-8", "<!doctype html><title>党建</title>");
    expect_static("/members", "text/html; charset=utf-8", "<!doctype html><title>党建</title>");
}

Test(server, missing_static_file_with_extension_is_404)
{
    struct http_res res;

    http("GET", "/js/missing.js", NULL, NULL, &res);
    expect_error(&res, 404, "not_found", "", "页面不存在");
    res_free(&res);
}

Test(server, traversal_is_not_served)
{
    static const char *const paths[] = {
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/js/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/js/..%5c..%5csecret.txt",
        "/../etc/passwd",
        "/%2e%2e/etc/passwd",
        "//etc/passwd",
    };

    for (size_t i = 0; i < DJ_ARRAY_LEN(paths); i++) {
        struct http_res res;

        http("GET", paths[i], NULL, NULL, &res);
        cr_assert_eq(res.status, 404, "%s: %d", paths[i], res.status);
        cr_assert_null(strstr(res.body, "top secret"), "%s", paths[i]);
        cr_assert_null(strstr(res.body, "root:"), "%s", paths[i]);
        cr_assert_null(strstr(res.body, "doctype"), "%s: no SPA fallback", paths[i]);
        res_free(&res);
    }
}

Test(server, post_to_static_path_is_405)
{
    struct http_res res;

    http("POST", "/index.html", NULL, "x", &res);
    expect_error(&res, 405, "method_not_allowed", "", "不支持该请求方法");
    cr_assert_str_eq(hdr(&res, "Allow"), "GET, HEAD");
    res_free(&res);
}

/* ---- lifecycle, logging, hooks ------------------------------------------------------ */

/* Wait up to 3 s for the log to contain `needle`; returns the matching line or NULL. */
static char *wait_log(const char *needle)
{
    static char line[2048];

    for (int tries = 0; tries < 300; tries++) {
        FILE *f = fopen(logpath, "r");

        cr_assert_not_null(f);
        while (fgets(line, sizeof(line), f)) {
            if (strstr(line, needle)) {
                fclose(f);
                return line;
            }
        }
        fclose(f);
        sleep_ms(10);
    }
    return NULL;
}

Test(server, access_log_line_per_request)
{
    struct http_res res;
    char *line, want[64];
    json_t *j;

    http("GET", "/api/items/77?x=1", NULL, NULL, &res);
    j = body_json(&res);
    line = wait_log("method=GET path=/api/items/77 status=200");
    cr_assert_not_null(line, "no access log line");
    cr_assert(strstr(line, "level=info"));
    cr_assert(strstr(line, "msg=request "));
    cr_assert(strstr(line, "ip=127.0.0.1"));
    cr_assert(strstr(line, " ms="));
    snprintf(want, sizeof(want), "req=%s ", json_string_value(json_object_get(j, "reqid")));
    cr_assert(strstr(line, want), "log line lacks the request id: %s", line);
    snprintf(want, sizeof(want), "bytes=%zu ", res.body_len);
    cr_assert(strstr(line, want), "%s", line);
    json_decref(j);
    res_free(&res);

    http("GET", "/api/items/a%20b", NULL, NULL, &res);
    cr_assert_not_null(wait_log("path=\"/api/items/a b\" status=200"), "path is quoted");
    res_free(&res);
}

Test(server, finish_hook_runs_for_every_request)
{
    struct http_res res;
    int before = atomic_load(&finished);

    http("GET", "/api/items/1", NULL, NULL, &res);
    res_free(&res);
    http("GET", "/api/none", NULL, NULL, &res);
    res_free(&res);
    for (int i = 0; i < 300 && atomic_load(&finished) < before + 2; i++)
        sleep_ms(10);
    cr_assert_eq(atomic_load(&finished), before + 2);
}

Test(server, keep_alive_serves_several_requests)
{
    static const char two[] = "GET /api/items/1 HTTP/1.1\r\nHost: t\r\n\r\n"
                              "GET /api/items/2 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    struct http_res res;

    http_raw(two, sizeof(two) - 1, &res);
    cr_assert_eq(res.status, 200);
    cr_assert(strstr(res.body, "\"id\":\"1\""));
    cr_assert(strstr(res.body, "\"id\":\"2\""), "second response missing: %s", res.body);
    res_free(&res);
}

Test(server, port_in_use_is_an_error)
{
    struct dj_config c2 = cfg;
    struct dj_server_opts opts = {&c2, tables, NULL, NULL, NULL};
    struct dj_server *other = (struct dj_server *)1;
    struct dj_err err;

    c2.port = port;
    cr_assert_eq(dj_server_start(&opts, &other, &err), DJ_EIO);
    cr_assert_null(other);
    cr_assert(strstr(err.message, "无法"), "%s", err.message);
}

Test(server, bad_listen_address_is_an_error)
{
    struct dj_config c2 = cfg;
    struct dj_server_opts opts = {&c2, tables, NULL, NULL, NULL};
    struct dj_server *other;
    struct dj_err err;

    dj_strlcpy(c2.listen, "localhost:80", sizeof(c2.listen));
    cr_assert_eq(dj_server_start(&opts, &other, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "server.listen");
}

/* A server without an error renderer still answers with JSON. */
static void setup_no_render(void)
{
    setup_files_and_config();
    start(NULL);
}

Test(server_defaults, errors_fall_back_to_500_json, .init = setup_no_render, .fini = teardown)
{
    struct http_res res;

    http("GET", "/api/conflict", NULL, NULL, &res);
    expect_error(&res, 500, "internal", "", "服务器内部错误");
    res_free(&res);
    http("GET", "/api/x", NULL, NULL, &res);
    expect_error(&res, 404, "not_found", "", "接口不存在");
    res_free(&res);
}
