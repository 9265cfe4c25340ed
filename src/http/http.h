/*
 * http.h - the HTTP server (libmicrohttpd glue), requests, responses, routes.
 *
 * The server runs libmicrohttpd with an internal thread pool over epoll. For
 * each request it creates a dj_arena, matches the route table (404/405 before
 * any body is read; GET/HEAD outside /api/ fall through to static files),
 * collects the body up to the route's cap (413 beyond it), parses JSON bodies
 * with jansson (415 for another content type; 400 for duplicate keys, bad
 * UTF-8, trailing data, non-objects, deep nesting), calls the guard and then
 * the handler, adds the security headers, sends the response, calls the
 * finish hook, writes one access-log line and frees the arena.
 * docs/http.md describes the lifecycle in full.
 *
 * Handlers never see libmicrohttpd: they read struct dj_req and fill struct
 * dj_resp. Everything allocated for a request comes from req->arena.
 */
#ifndef DJ_HTTP_H
#define DJ_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"

struct dj_config;
struct dj_db;
struct dj_session;

#define DJ_MAX_PATH_PARAMS 8

struct dj_req {
    struct dj_arena *arena; /* freed when the request completes */
    const char *method;     /* "GET", "POST", ... */
    const char *path;       /* decoded path without the query string */
    const char *reqid;      /* 16 hex chars, also in the log lines */
    const char *client_ip;  /* textual peer address */
    const char *body;       /* raw body (NUL-terminated copy) or NULL if empty */
    size_t body_len;
    json_t *json; /* parsed JSON body or NULL; owned by the server */
    int nparams;  /* path parameters from the route pattern */
    const char *param_names[DJ_MAX_PATH_PARAMS];
    const char *param_values[DJ_MAX_PATH_PARAMS];
    const struct dj_config *cfg; /* server configuration */
    /* Filled by the guard (api/), used by handlers: */
    struct dj_db *db;           /* this thread's connection */
    struct dj_session *session; /* logged-in user or NULL */
    void *conn;                 /* private: struct MHD_Connection * */
};

struct dj_header {
    const char *name;
    const char *value;
    struct dj_header *next;
};

struct dj_resp {
    int status;                /* HTTP status; 0 means "not filled" (a handler returning 0 with
                                  status 0 is a bug and gets a 500) */
    const char *content_type;  /* must outlive the request (literal or arena); defaults to
                                  application/json; charset=utf-8, or by extension for files */
    struct dj_buf body;        /* response body, freed by the server */
    const char *file_path;     /* if set, the server streams this file instead of body */
    struct dj_header *headers; /* extra headers (arena-allocated) */
};

/*
 * Request accessors; all return NULL when absent. Values are copies in
 * req->arena. Header names are case-insensitive; query names and values are
 * percent-decoded ('+' is a space); cookie names are case-sensitive.
 */
const char *dj_req_param(const struct dj_req *req, const char *name); /* path parameter */
const char *dj_req_query(const struct dj_req *req, const char *name); /* ?name=value */
const char *dj_req_header(const struct dj_req *req, const char *name);
const char *dj_req_cookie(const struct dj_req *req, const char *name);

/*
 * Response helpers. A zero-filled struct dj_resp is a valid starting point.
 * dj_resp_header() appends a header, copying name and value into req->arena;
 * it is sent with any status, including errors rendered by the server.
 */
void dj_resp_header(struct dj_req *req, struct dj_resp *resp, const char *name, const char *value);
/* Serialise `json` (reference stolen) as the body with `status`. */
void dj_resp_json(struct dj_resp *resp, int status, json_t *json);
/* {"error":{"code":code,"field":field,"message":message}} with `status`. */
void dj_resp_error(struct dj_resp *resp, int status, const char *code, const char *field,
                   const char *message);
/* Copy len bytes of text as the body; content_type NULL means text/plain; charset=utf-8. */
void dj_resp_text(struct dj_resp *resp, int status, const char *content_type, const char *text,
                  size_t len);

/*
 * A handler fills `resp` and returns 0, or returns a negative DJ_E* code with
 * `err` set and leaves `resp` alone; the server then renders the error through
 * the error renderer installed in struct dj_server_opts.
 */
typedef int (*dj_handler_fn)(struct dj_req *req, struct dj_resp *resp, struct dj_err *err);

/* Route flags. */
#define DJ_ROUTE_PUBLIC 0x1u /* no session required */
#define DJ_ROUTE_UPLOAD 0x2u /* raw body up to upload_max instead of JSON up to json_max */
#define DJ_ROUTE_NOCSRF 0x4u /* mutating but exempt from CSRF (login only) */

struct dj_route {
    const char *method;  /* "GET", "POST", "PUT", "PATCH", "DELETE" */
    const char *pattern; /* "/api/orgs/{id}/findings": {name} matches one segment */
    dj_handler_fn fn;
    unsigned flags;
};

/*
 * Guard: called after routing and before the handler. Returns 0 to proceed,
 * or a negative code with err set to reject (e.g. 401 no session, 403 CSRF).
 */
typedef int (*dj_guard_fn)(struct dj_req *req, const struct dj_route *route, struct dj_err *err);
/* Error renderer: maps an error to a response (api/ owns the status mapping). */
typedef void (*dj_render_err_fn)(struct dj_req *req, struct dj_resp *resp,
                                 const struct dj_err *err);
/* Called when a request ends (after the response is queued), e.g. to release per-request state. */
typedef void (*dj_finish_fn)(struct dj_req *req);

struct dj_server_opts {
    const struct dj_config *cfg; /* listen address, port, threads, caps, web root */
    /* NULL-terminated list of {NULL}-terminated route tables: */
    const struct dj_route *const *route_tables;
    dj_guard_fn guard;
    dj_render_err_fn render_err;
    dj_finish_fn finish;
};

struct dj_server;

/* Start listening; returns 0 or an error (port in use, ...). */
int dj_server_start(const struct dj_server_opts *opts, struct dj_server **out, struct dj_err *err);
/* The port actually bound (useful when cfg->port is 0). */
int dj_server_port(const struct dj_server *srv);
void dj_server_stop(struct dj_server *srv);

/*
 * Router, exposed for tests. Match method+path against the tables: returns
 * the route and fills req params (*status = 200), or NULL with *status set to
 * 404 (no path matches) or 405 (the path matches with another method).
 * `path` is the raw, still percent-encoded path: it is split on '/' first and
 * each segment decoded after, so "%2F" stays inside a parameter; a malformed
 * escape or "%00" matches nothing. Tables are scanned in order and the first
 * match wins. `req` may be NULL (no parameters are stored).
 */
const struct dj_route *dj_router_match(const struct dj_route *const *tables, struct dj_req *req,
                                       const char *method, const char *path, int *status);

/*
 * Parse a JSON request body: rejects duplicate keys, invalid UTF-8, trailing
 * data and non-object top levels, and nesting deeper than 32. Returns 0 with
 * *out set (caller json_decref()s) or DJ_EINVAL with a Chinese message.
 */
int dj_json_parse_body(const char *body, size_t len, json_t **out, struct dj_err *err);

/*
 * Resolve a static file under `root` for a decoded URL path; rejects
 * dot-segments (".", "..", hidden files), "//", backslashes, control bytes and
 * anything whose realpath() is outside realpath(root), symbolic links
 * included. A directory (and "/") maps to its index.html. Returns 0 with the
 * absolute path in out, or DJ_ENOTFOUND (also when out is too small).
 */
int dj_static_resolve(const char *root, const char *urlpath, char *out, size_t outsz);
/* Content type for a file name by extension (text types with charset=utf-8). */
const char *dj_static_mime(const char *path);

#endif
