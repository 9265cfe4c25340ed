/*
 * api.h - the HTTP API: route tables, the guard every request passes, error
 * rendering, and small helpers for handlers.
 *
 * Each area has one file (auth.c, users.c, audit.c, meta.c, org.c, ...) that
 * parses and validates its input, calls svc/, and renders JSON. It exports
 * one {NULL}-terminated route table, listed in routes.c. Handlers never touch
 * SQL and never decide permissions: svc/ does.
 */
#ifndef DJ_API_H
#define DJ_API_H

#include <jansson.h>

#include "base/date.h"
#include "base/err.h"
#include "http/http.h"
#include "svc/auth.h"

/* All route tables, NULL-terminated (routes.c). */
extern const struct dj_route *const dj_api_routes[];

extern const struct dj_route dj_api_auth_routes[];
extern const struct dj_route dj_api_users_routes[];
extern const struct dj_route dj_api_audit_routes[];
extern const struct dj_route dj_api_meta_routes[];
extern const struct dj_route dj_api_org_routes[];
extern const struct dj_route dj_api_orgstats_routes[];
extern const struct dj_route dj_api_rules_routes[];
extern const struct dj_route dj_api_member_routes[];
extern const struct dj_route dj_api_remind_routes[];
extern const struct dj_route dj_api_term_routes[];
extern const struct dj_route dj_api_transfer_routes[];
extern const struct dj_route dj_api_dev_routes[];
extern const struct dj_route dj_api_dues_routes[];
extern const struct dj_route dj_api_meeting_routes[];
extern const struct dj_route dj_api_import_routes[];

/*
 * The guard: obtains this thread's database connection, resolves the session
 * cookie (401 when the route needs one), enforces X-CSRF-Token on mutating
 * requests, and blocks everything but the password change while the user
 * must change an initial password.
 */
int dj_api_guard(struct dj_req *req, const struct dj_route *route, struct dj_err *err);

/* Error code -> HTTP status (the only place this mapping lives). */
int dj_api_status(int code);

/* Render an error as {"error":{"code","field","message"}} with its status. */
void dj_api_render_err(struct dj_req *req, struct dj_resp *resp, const struct dj_err *err);

/* The session (non-NULL in handlers of non-public routes). */
const struct dj_actor *dj_api_actor(const struct dj_req *req);

/* Kinds of body field for dj_api_fields(). */
enum dj_jtype { DJ_JT_STRING, DJ_JT_INT, DJ_JT_BOOL };

struct dj_api_field {
    const char *key;
    enum dj_jtype type;
    bool required;
    int max_len;       /* strings: max characters; 0 = 256 */
    const char *label; /* Chinese label for messages */
    void *out;         /* const char ** / int64_t * / bool * */
    bool *present;     /* optional: set when the key was given */
};

/*
 * Strictly read a JSON object body: unknown keys, wrong types, missing
 * required keys and over-long strings are DJ_EINVAL naming the field.
 * Strings point into the JSON (valid for the request).
 */
int dj_api_fields(const json_t *body, const struct dj_api_field *fields, int n, struct dj_err *err);

/* Parse a path parameter as a positive id; DJ_EINVAL naming it otherwise. */
int dj_api_param_id(const struct dj_req *req, const char *name, int64_t *out, struct dj_err *err);
/* Parse an optional query integer within [min, max]; def when absent. */
int dj_api_query_int(const struct dj_req *req, const char *name, int64_t min, int64_t max,
                     int64_t def, int64_t *out, struct dj_err *err);

/*
 * A date from a JSON body field `key` (Chinese `label`): DJ_EINVAL naming the
 * field, 「label」填写有误：… . With `optional`, NULL or "" gives the unset date.
 */
int dj_api_body_date(const char *s, const char *key, const char *label, bool optional,
                     struct dj_date *out, struct dj_err *err);
/* An optional query date (YYYY-MM-DD); def when absent; DJ_EINVAL naming it otherwise. */
int dj_api_query_date(const struct dj_req *req, const char *name, struct dj_date def,
                      struct dj_date *out, struct dj_err *err);

/* {"ok":true} */
void dj_api_ok(struct dj_resp *resp);

#endif
