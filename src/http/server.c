/*
 * server.c - libmicrohttpd glue: request state, body caps, dispatch, responses.
 *
 * libmicrohttpd calls on_access() several times per request: once when the
 * headers are in (we route and may answer at once: 404, 405, 413, 414, static
 * files), once per piece of body (we append it up to the route's cap), and a
 * last time with no data (we parse, run the guard and the handler, and queue
 * the response). on_completed() then runs the finish hook, writes the access
 * log line and frees the request's arena.
 *
 * The daemon is started with a pass-through unescape callback so that the
 * path reaches the router still percent-encoded (the router splits before it
 * decodes, keeping "%2F" inside a segment) and query values are decoded once,
 * by dj_req_query().
 */
#include "base/compat.h"
#include "base/config.h"
#include "base/log.h"
#include "http/http.h"
#include "http/http_int.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define CONNECTION_TIMEOUT_S 30u
#define CONNECTION_LIMIT 1000u
#define JSON_TYPE "application/json; charset=utf-8"

static const char *const security_headers[][2] = {
    /* The sha256 source allows exactly the import map in web/index.html (Chrome treats an
     * inline import map as an inline script); tests/api/web.test.mjs checks it matches. */
    {"Content-Security-Policy",
     "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
     "script-src 'self' 'sha256-QgNquVvWEQ2abivaWOEafug+sRAqdQsprS8BKnw3b/k='; "
     "object-src 'none'; frame-ancestors 'none'; base-uri 'self'"},
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "same-origin"},
};

struct dj_server {
    struct MHD_Daemon *daemon;
    struct dj_server_opts opts;
    int port; /* bound port */
};

/* Everything the server keeps for one request; freed in on_completed(). */
struct reqstate {
    struct dj_server *srv;
    struct dj_req req;
    struct dj_resp resp;
    const struct dj_route *route; /* NULL until routed, and for static files */
    struct dj_buf body;           /* body received so far */
    size_t cap;                   /* body cap for this route */
    bool has_body;                /* Content-Length > 0 or Transfer-Encoding */
    bool overflow;                /* body exceeded cap; the rest is discarded */
    bool queued;                  /* a response has been queued */
    bool is_api;                  /* path is under /api/ */
    int status;                   /* status sent, for the access log */
    size_t bytes;                 /* body bytes sent, for the access log */
    struct timespec t0;
    char reqid[17];
    char ip[INET6_ADDRSTRLEN];
};

/* ---- request accessors ---------------------------------------------------- */

struct lookup {
    struct dj_arena *arena;
    const char *name;
    bool decode; /* percent-decode key and value (query arguments) */
    const char *found;
};

static enum MHD_Result lookup_iter(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    struct lookup *l = cls;
    size_t klen = strlen(key);
    char *k;

    (void)kind;
    if (!l->decode) {
        if (strcmp(key, l->name) != 0)
            return MHD_YES;
        l->found = dj_arena_strdup(l->arena, value ? value : "");
        return MHD_NO;
    }
    k = dj_arena_alloc(l->arena, klen + 1);
    dj_http_pct_decode(key, klen, k, NULL, false);
    if (strcmp(k, l->name) != 0)
        return MHD_YES;
    value = value ? value : "";
    k = dj_arena_alloc(l->arena, strlen(value) + 1);
    dj_http_pct_decode(value, strlen(value), k, NULL, false);
    l->found = k;
    return MHD_NO;
}

static const char *lookup(const struct dj_req *req, enum MHD_ValueKind kind, const char *name,
                          bool decode)
{
    struct lookup l = {req->arena, name, decode, NULL};

    if (!req->conn || !name)
        return NULL;
    MHD_get_connection_values(req->conn, kind, lookup_iter, &l);
    return l.found;
}

const char *dj_req_param(const struct dj_req *req, const char *name)
{
    for (int i = 0; i < req->nparams; i++)
        if (!strcmp(req->param_names[i], name))
            return req->param_values[i];
    return NULL;
}

const char *dj_req_query(const struct dj_req *req, const char *name)
{
    return lookup(req, MHD_GET_ARGUMENT_KIND, name, true);
}

const char *dj_req_header(const struct dj_req *req, const char *name)
{
    const char *v;

    if (!req->conn || !name)
        return NULL;
    v = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
    return v ? dj_arena_strdup(req->arena, v) : NULL;
}

const char *dj_req_cookie(const struct dj_req *req, const char *name)
{
    return lookup(req, MHD_COOKIE_KIND, name, false);
}

void dj_resp_header(struct dj_req *req, struct dj_resp *resp, const char *name, const char *value)
{
    struct dj_header *h = dj_arena_zalloc(req->arena, sizeof(*h));
    struct dj_header **tail = &resp->headers;

    h->name = dj_arena_strdup(req->arena, name);
    h->value = dj_arena_strdup(req->arena, value);
    while (*tail)
        tail = &(*tail)->next;
    *tail = h;
}

/* ---- per-request state ------------------------------------------------------ */

static void make_reqid(char out[17])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char r[8];
    size_t got = 0;

    while (got < sizeof(r)) {
        ssize_t n = getrandom(r + got, sizeof(r) - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    if (got < sizeof(r)) {
        FILE *f = fopen("/dev/urandom", "rb");
        if (!f || fread(r, 1, sizeof(r), f) != sizeof(r))
            dj_die("no source of random bytes for request ids");
        fclose(f);
    }
    for (size_t i = 0; i < sizeof(r); i++) {
        out[2 * i] = hex[r[i] >> 4];
        out[2 * i + 1] = hex[r[i] & 15];
    }
    out[16] = '\0';
}

static void peer_address(struct MHD_Connection *conn, char *out, size_t outsz)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;

    dj_strlcpy(out, "-", outsz);
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  (socklen_t)outsz);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  (socklen_t)outsz);
}

static struct reqstate *reqstate_new(struct dj_server *srv, struct MHD_Connection *conn,
                                     const char *url, const char *method)
{
    struct reqstate *st = dj_xcalloc(1, sizeof(*st));

    st->srv = srv;
    clock_gettime(CLOCK_MONOTONIC, &st->t0);
    make_reqid(st->reqid);
    peer_address(conn, st->ip, sizeof(st->ip));
    st->req.arena = dj_arena_new();
    st->req.method = dj_arena_strdup(st->req.arena, method);
    st->req.path = dj_arena_strdup(st->req.arena, url); /* replaced by the decoded path */
    st->req.reqid = st->reqid;
    st->req.client_ip = st->ip;
    st->req.cfg = srv->opts.cfg;
    st->req.conn = conn;
    dj_buf_init(&st->resp.body, 0);
    dj_buf_init(&st->body, 1);
    return st;
}

static void reqstate_free(struct reqstate *st)
{
    json_decref(st->req.json);
    dj_buf_release(&st->body);
    dj_buf_release(&st->resp.body);
    dj_arena_free(st->req.arena);
    free(st);
}

/* ---- responses ---------------------------------------------------------------- */

static void add_header(struct MHD_Response *r, const char *name, const char *value)
{
    if (MHD_add_response_header(r, name, value) != MHD_YES)
        dj_log(DJ_LOG_WARN, "response header refused", "name=%s", name);
}

/* Open the file to stream; returns an fd or -1 and sets *size. */
static int open_file(const char *path, uint64_t *size)
{
    struct stat sb;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return -1;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return -1;
    }
    *size = (uint64_t)sb.st_size;
    return fd;
}

/* Turn st->resp into an MHD response and queue it. */
static enum MHD_Result send_resp(struct reqstate *st)
{
    struct dj_resp *resp = &st->resp;
    struct MHD_Response *r = NULL;
    const char *ctype = resp->content_type;
    enum MHD_Result rc;

    if (resp->file_path) {
        uint64_t size = 0;
        int fd = open_file(resp->file_path, &size);

        if (fd >= 0) {
            r = MHD_create_response_from_fd64(size, fd);
            if (!r)
                close(fd);
            st->bytes = (size_t)size;
            if (!ctype)
                ctype = dj_static_mime(resp->file_path);
        } else {
            dj_log(DJ_LOG_ERROR, "cannot open response file", "errno=%d", errno);
            resp->headers = NULL;
            dj_resp_error(resp, 500, "internal", "", "服务器内部错误：无法读取文件");
            ctype = resp->content_type;
        }
    }
    if (!r) {
        size_t len;
        char *data = dj_buf_detach(&resp->body, &len);

        r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
        if (!r) {
            free(data);
            return MHD_NO;
        }
        st->bytes = len;
        if (!ctype)
            ctype = JSON_TYPE;
    }
    add_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
    for (size_t i = 0; i < DJ_ARRAY_LEN(security_headers); i++)
        add_header(r, security_headers[i][0], security_headers[i][1]);
    if (st->is_api)
        add_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    for (const struct dj_header *h = resp->headers; h; h = h->next)
        add_header(r, h->name, h->value);
    /* Answering before the body was read: do not try to parse it as the next request. */
    if (st->has_body && !st->route)
        add_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    st->status = resp->status;
    st->queued = true;
    rc = MHD_queue_response(st->req.conn, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return rc;
}

static enum MHD_Result send_error(struct reqstate *st, int status, const char *code,
                                  const char *field, const char *message)
{
    st->resp.headers = NULL;
    dj_resp_error(&st->resp, status, code, field, message);
    return send_resp(st);
}

static enum MHD_Result send_405(struct reqstate *st, const char *allow)
{
    dj_resp_header(&st->req, &st->resp, MHD_HTTP_HEADER_ALLOW, allow);
    dj_resp_error(&st->resp, 405, dj_err_name(DJ_EMETHOD), "", "不支持该请求方法");
    return send_resp(st);
}

/* GET/HEAD outside /api/ that matched no route: a file, the SPA shell, or 404. */
static enum MHD_Result serve_static(struct reqstate *st)
{
    const struct dj_config *cfg = st->srv->opts.cfg;
    char file[4096];
    const char *last = strrchr(st->req.path, '/');

    if (dj_static_resolve(cfg->web_root, st->req.path, file, sizeof(file)) != 0) {
        /* "/orgs/12" is a route of the single-page app: serve its shell. */
        if (!dj_static_path_ok(st->req.path) || strchr(last ? last : "", '.') ||
            dj_static_resolve(cfg->web_root, "/index.html", file, sizeof(file)) != 0)
            return send_error(st, 404, dj_err_name(DJ_ENOTFOUND), "", "页面不存在");
    }
    st->resp.status = 200;
    st->resp.file_path = dj_arena_strdup(st->req.arena, file);
    st->resp.content_type = dj_static_mime(file);
    return send_resp(st);
}

/* ---- dispatch ------------------------------------------------------------------ */

static bool is_json_type(const char *ct)
{
    static const char want[] = "application/json";
    size_t n = sizeof(want) - 1;

    if (!ct || strncasecmp(ct, want, n) != 0)
        return false;
    ct += n;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    return *ct == '\0' || *ct == ';';
}

static bool method_has_json_body(const char *m)
{
    return !strcmp(m, "POST") || !strcmp(m, "PUT") || !strcmp(m, "PATCH") || !strcmp(m, "DELETE");
}

/* First call, headers only: decode, route, and reject what we can before the body. */
static enum MHD_Result begin(struct reqstate *st, const char *url)
{
    const struct dj_config *cfg = st->srv->opts.cfg;
    const char *method = st->req.method;
    const char *route_method = strcmp(method, "HEAD") ? method : "GET";
    const char *clen, *te;
    size_t urllen = strlen(url);
    char *path;
    int status;
    int64_t n = 0;

    clen =
        MHD_lookup_connection_value(st->req.conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    te = MHD_lookup_connection_value(st->req.conn, MHD_HEADER_KIND,
                                     MHD_HTTP_HEADER_TRANSFER_ENCODING);
    if (clen && dj_parse_i64(clen, &n) != 0)
        n = INT64_MAX;
    st->has_body = n > 0 || te;
    st->is_api = !strncmp(url, "/api/", 5) || !strcmp(url, "/api"); /* until decoded */

    if (urllen > DJ_HTTP_MAX_PATH)
        return send_error(st, 414, "uri_too_long", "", "请求路径过长");
    path = dj_arena_alloc(st->req.arena, urllen + 1);
    if (dj_http_pct_decode(url, urllen, path, NULL, true) != 0)
        return send_error(st, 400, dj_err_name(DJ_EINVAL), "", "请求路径无效");
    st->req.path = path;
    st->is_api = !strncmp(path, "/api/", 5) || !strcmp(path, "/api");

    st->route = dj_router_match(st->srv->opts.route_tables, &st->req, route_method, url, &status);
    if (!st->route) {
        char allow[128];

        if (status == 405) {
            dj_router_allow(st->srv->opts.route_tables, url, allow, sizeof(allow));
            return send_405(st, allow);
        }
        if (st->is_api)
            return send_error(st, 404, dj_err_name(DJ_ENOTFOUND), "", "接口不存在");
        if (strcmp(route_method, "GET") != 0)
            return send_405(st, "GET, HEAD");
        return serve_static(st);
    }

    st->cap = (st->route->flags & DJ_ROUTE_UPLOAD) ? cfg->upload_max : cfg->json_max;
    dj_buf_init(&st->body, st->cap ? st->cap : 1);
    if (n > 0 && (uint64_t)n > st->cap) {
        st->route = NULL; /* answered before the body: close the connection */
        return send_error(st, 413, dj_err_name(DJ_ETOOBIG), "", "请求体过大");
    }
    return MHD_YES;
}

static void render_failure(struct reqstate *st, int rc, struct dj_err *err)
{
    dj_render_err_fn render = st->srv->opts.render_err;

    if (!err->code)
        dj_err_set(err, rc, NULL, "服务器内部错误");
    dj_buf_reset(&st->resp.body);
    st->resp.status = 0;
    st->resp.content_type = NULL;
    st->resp.file_path = NULL;
    st->resp.headers = NULL;
    if (render)
        render(&st->req, &st->resp, err);
    if (!st->resp.status) {
        char q[300];

        dj_log(DJ_LOG_ERROR, "request failed", "code=%s detail=%s", dj_err_name(err->code),
               dj_log_quote(q, sizeof(q), err->detail));
        dj_resp_error(&st->resp, 500, dj_err_name(DJ_EINTERNAL), "", "服务器内部错误");
    }
}

/* Last call: the whole body is in. Parse, guard, handle, respond. */
static enum MHD_Result complete(struct reqstate *st)
{
    const struct dj_server_opts *o = &st->srv->opts;
    struct dj_req *req = &st->req;
    struct dj_err err;
    int rc;

    dj_err_clear(&err);
    if (st->overflow)
        return send_error(st, 413, dj_err_name(DJ_ETOOBIG), "", "请求体过大");
    req->body = st->body.data;
    req->body_len = st->body.len;
    if (!(st->route->flags & DJ_ROUTE_UPLOAD) && req->body_len > 0 &&
        method_has_json_body(req->method)) {
        if (!is_json_type(dj_req_header(req, MHD_HTTP_HEADER_CONTENT_TYPE)))
            return send_error(st, 415, dj_err_name(DJ_EMEDIA), "",
                              "请求体必须是 JSON（Content-Type: application/json）");
        if (dj_json_parse_body(req->body, req->body_len, &req->json, &err) != 0)
            return send_error(st, 400, dj_err_name(DJ_EINVAL), err.field, err.message);
    }
    rc = o->guard ? o->guard(req, st->route, &err) : 0;
    if (rc >= 0)
        rc = st->route->fn(req, &st->resp, &err);
    if (rc < 0) {
        render_failure(st, rc, &err);
    } else if (!st->resp.status) {
        dj_log(DJ_LOG_ERROR, "handler returned no response", "pattern=%s", st->route->pattern);
        dj_resp_error(&st->resp, 500, dj_err_name(DJ_EINTERNAL), "", "服务器内部错误");
    }
    return send_resp(st);
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn, const char *url,
                                 const char *method, const char *version, const char *upload_data,
                                 size_t *upload_data_size, void **con_cls)
{
    struct reqstate *st = *con_cls;
    enum MHD_Result rc = MHD_YES;

    (void)version;
    if (!st) {
        st = reqstate_new(cls, conn, url, method);
        *con_cls = st;
        dj_log_set_reqid(st->reqid);
        rc = begin(st, url);
    } else if (*upload_data_size) {
        dj_log_set_reqid(st->reqid);
        if (!st->queued && !st->overflow) {
            if (*upload_data_size > st->cap - st->body.len ||
                dj_buf_add(&st->body, upload_data, *upload_data_size) != 0) {
                st->overflow = true;
                dj_buf_release(&st->body);
            }
        }
        *upload_data_size = 0;
    } else if (!st->queued) {
        dj_log_set_reqid(st->reqid);
        rc = complete(st);
    }
    dj_log_set_reqid(NULL);
    return rc;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct dj_server *srv = cls;
    struct reqstate *st = *con_cls;
    char qpath[1024], qmethod[64];
    struct timespec t1;
    double ms;

    (void)conn;
    (void)toe;
    if (!st)
        return;
    dj_log_set_reqid(st->reqid);
    if (srv->opts.finish)
        srv->opts.finish(&st->req);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ms = (double)(t1.tv_sec - st->t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - st->t0.tv_nsec) / 1e6;
    dj_log(DJ_LOG_INFO, "request", "method=%s path=%s status=%d bytes=%zu ms=%.1f ip=%s",
           dj_log_quote(qmethod, sizeof(qmethod), st->req.method),
           dj_log_quote(qpath, sizeof(qpath), st->req.path), st->status, st->bytes, ms, st->ip);
    dj_log_set_reqid(NULL);
    reqstate_free(st);
    *con_cls = NULL;
}

/* Leave escapes in place: the router and dj_req_query() decode. */
static size_t keep_escapes(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    (void)conn;
    return strlen(s);
}

__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    char msg[512], q[600];
    size_t n;

    (void)cls;
    vsnprintf(msg, sizeof(msg), fmt, ap);
    n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
    dj_log(DJ_LOG_WARN, "libmicrohttpd", "detail=%s", dj_log_quote(q, sizeof(q), msg));
}

/* ---- lifecycle ----------------------------------------------------------------- */

int dj_server_start(const struct dj_server_opts *opts, struct dj_server **out, struct dj_err *err)
{
    const struct dj_config *cfg = opts->cfg;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    const union MHD_DaemonInfo *info;
    struct sockaddr_in sa;
    struct dj_server *srv;
    unsigned threads;

    *out = NULL;
    if (!cfg)
        return dj_err_set(err, DJ_EINVAL, NULL, "缺少服务器配置");
    if (cfg->port < 0 || cfg->port > 65535)
        return dj_err_set(err, DJ_EINVAL, "server.port", "端口号必须在 0 到 65535 之间");
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)cfg->port);
    if (!cfg->listen[0])
        sa.sin_addr.s_addr = htonl(INADDR_ANY);
    else if (inet_pton(AF_INET, cfg->listen, &sa.sin_addr) != 1)
        return dj_err_set(err, DJ_EINVAL, "server.listen", "监听地址无效：%s", cfg->listen);
    flags |= MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ? MHD_USE_EPOLL : MHD_USE_AUTO;
    threads = cfg->threads > 0 ? (unsigned)cfg->threads : 1u;

    srv = dj_xcalloc(1, sizeof(*srv));
    srv->opts = *opts;
    /* clang-format off */
    srv->daemon = MHD_start_daemon(flags, (uint16_t)cfg->port, NULL, NULL, on_access, srv,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, /* first, to catch start-up messages */
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_TIMEOUT, CONNECTION_TIMEOUT_S,
        MHD_OPTION_CONNECTION_LIMIT, CONNECTION_LIMIT,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_UNESCAPE_CALLBACK, keep_escapes, NULL,
        MHD_OPTION_END);
    /* clang-format on */
    if (!srv->daemon) {
        free(srv);
        dj_err_set(err, DJ_EIO, NULL, "无法在 %s:%d 上启动 HTTP 服务（端口可能已被占用）",
                   cfg->listen[0] ? cfg->listen : "0.0.0.0", cfg->port);
        return dj_err_detail(err, "MHD_start_daemon failed");
    }
    info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? (int)info->port : cfg->port;
    dj_log(DJ_LOG_DEBUG, "http server started", "listen=%s port=%d threads=%u",
           cfg->listen[0] ? cfg->listen : "0.0.0.0", srv->port, threads);
    *out = srv;
    return 0;
}

int dj_server_port(const struct dj_server *srv)
{
    return srv ? srv->port : 0;
}

void dj_server_stop(struct dj_server *srv)
{
    if (!srv)
        return;
    MHD_stop_daemon(srv->daemon);
    free(srv);
}
