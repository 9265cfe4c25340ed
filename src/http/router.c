/*
 * router.c - match a method and a raw URL path against static route tables.
 *
 * A pattern is a '/'-separated list of segments; a segment is either literal
 * text or "{name}", which matches exactly one non-empty path segment. The path
 * and the pattern must have the same number of segments (no trailing-slash
 * tolerance). The path is split on '/' before percent-decoding, so "%2F"
 * stays inside its segment; literal segments are compared with, and
 * parameters taken from, the decoded segments.
 *
 * Tables are scanned in order and the first match wins, so list literal
 * routes ("/api/orgs/tree") before parameter routes ("/api/orgs/{id}").
 * NEEDSWORK: a linear scan; fine below a few hundred routes.
 */
#include "base/compat.h"
#include "http/http.h"
#include "http/http_int.h"

/* No route has more segments than this; longer paths simply do not match. */
#define MAX_SEGMENTS 64

struct segments {
    int n;
    const char *seg[MAX_SEGMENTS]; /* decoded, NUL-terminated, inside a scratch buffer */
};

struct pmatch {
    int n;
    const char *name[DJ_MAX_PATH_PARAMS]; /* points into the pattern, not terminated */
    size_t namelen[DJ_MAX_PATH_PARAMS];
    const char *value[DJ_MAX_PATH_PARAMS]; /* decoded segment */
};

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int dj_http_pct_decode(const char *s, size_t n, char *out, size_t *outlen, bool strict)
{
    size_t i = 0, o = 0;

    while (i < n) {
        if (s[i] == '%') {
            int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
            int lo = hi >= 0 ? hexval(s[i + 2]) : -1;
            if (lo >= 0 && (hi | lo) != 0) {
                out[o++] = (char)(hi * 16 + lo);
                i += 3;
                continue;
            }
            if (strict)
                return -1;
        }
        out[o++] = s[i++];
    }
    out[o] = '\0';
    if (outlen)
        *outlen = o;
    return 0;
}

/*
 * Split the raw path (which must start with '/') into decoded segments stored
 * in buf (strlen(path) + 1 bytes). Returns 0, or -1 for a path that cannot
 * match any route (no leading '/', bad escape, too many segments).
 */
static int split_path(const char *path, char *buf, struct segments *s)
{
    const char *p = path + 1;
    size_t o = 0;

    s->n = 0;
    if (path[0] != '/')
        return -1;
    for (;;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        size_t dlen;

        if (s->n == MAX_SEGMENTS)
            return -1;
        if (dj_http_pct_decode(p, len, buf + o, &dlen, true))
            return -1;
        s->seg[s->n++] = buf + o;
        o += dlen + 1;
        if (!slash)
            return 0;
        p = slash + 1;
    }
}

/* Does `pattern` match the segments? Fills pm with the parameters. */
static bool match_pattern(const char *pattern, const struct segments *s, struct pmatch *pm)
{
    const char *p = pattern;
    int i = 0;

    pm->n = 0;
    if (*p++ != '/')
        return false;
    for (;; i++) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);

        if (i >= s->n)
            return false;
        if (len >= 2 && p[0] == '{' && p[len - 1] == '}') {
            if (!s->seg[i][0])
                return false;
            if (pm->n == DJ_MAX_PATH_PARAMS)
                dj_die("route %s has more than %d parameters", pattern, DJ_MAX_PATH_PARAMS);
            pm->name[pm->n] = p + 1;
            pm->namelen[pm->n] = len - 2;
            pm->value[pm->n] = s->seg[i];
            pm->n++;
        } else if (strlen(s->seg[i]) != len || memcmp(s->seg[i], p, len) != 0) {
            return false;
        }
        if (!slash)
            return i + 1 == s->n;
        p = slash + 1;
    }
}

const struct dj_route *dj_router_match(const struct dj_route *const *tables, struct dj_req *req,
                                       const char *method, const char *path, int *status)
{
    const struct dj_route *found = NULL;
    bool other_method = false;
    struct segments segs;
    struct pmatch pm;
    char *buf;

    *status = 404;
    if (!tables || !path)
        return NULL;
    buf = dj_xmalloc(strlen(path) + 1);
    if (split_path(path, buf, &segs))
        goto out;
    for (const struct dj_route *const *t = tables; *t && !found; t++) {
        for (const struct dj_route *r = *t; r->method; r++) {
            if (!match_pattern(r->pattern, &segs, &pm))
                continue;
            if (strcmp(r->method, method) != 0) {
                other_method = true;
                continue;
            }
            found = r;
            break;
        }
    }
    if (!found) {
        if (other_method)
            *status = 405;
        goto out;
    }
    *status = 200;
    if (req) {
        req->nparams = pm.n;
        for (int i = 0; i < pm.n; i++) {
            req->param_names[i] = dj_arena_strndup(req->arena, pm.name[i], pm.namelen[i]);
            req->param_values[i] = dj_arena_strdup(req->arena, pm.value[i]);
        }
    }
out:
    free(buf);
    return found;
}

int dj_router_allow(const struct dj_route *const *tables, const char *path, char *out, size_t outsz)
{
    const char *seen[16];
    int nseen = 0;
    bool has_get = false, has_head = false;
    struct segments segs;
    struct pmatch pm;
    size_t o = 0;
    char *buf;

    if (outsz)
        out[0] = '\0';
    if (!tables || !path)
        return 0;
    buf = dj_xmalloc(strlen(path) + 1);
    if (split_path(path, buf, &segs))
        goto out;
    for (const struct dj_route *const *t = tables; *t; t++) {
        for (const struct dj_route *r = *t; r->method; r++) {
            bool dup = false;

            if (!match_pattern(r->pattern, &segs, &pm))
                continue;
            for (int i = 0; i < nseen; i++)
                dup = dup || !strcmp(seen[i], r->method);
            if (dup || nseen == (int)DJ_ARRAY_LEN(seen))
                continue;
            seen[nseen++] = r->method;
            has_get = has_get || !strcmp(r->method, "GET");
            has_head = has_head || !strcmp(r->method, "HEAD");
        }
    }
    if (has_get && !has_head && nseen < (int)DJ_ARRAY_LEN(seen))
        seen[nseen++] = "HEAD";
    for (int i = 0; i < nseen; i++) {
        int n = snprintf(out + o, outsz - o, "%s%s", i ? ", " : "", seen[i]);
        if (n < 0 || (size_t)n >= outsz - o)
            break;
        o += (size_t)n;
    }
out:
    free(buf);
    return nseen;
}
