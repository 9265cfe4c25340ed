/*
 * http_int.h - private helpers shared by the files of src/http.
 *
 * Nothing outside src/http (and its unit tests) includes this header.
 */
#ifndef DJ_HTTP_INT_H
#define DJ_HTTP_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"

/* Longest request path (raw, before decoding) the server accepts; longer gets 414. */
#define DJ_HTTP_MAX_PATH 2048

/* Deepest nesting of arrays and objects accepted in a JSON body. */
#define DJ_JSON_MAX_DEPTH 32

/*
 * Percent-decode s[0..n) into out, which must have room for n + 1 bytes; out
 * is NUL-terminated and *outlen (if non-NULL) receives the decoded length.
 * '+' is left alone. In strict mode a malformed escape ("%zz", "%4") or an
 * encoded NUL ("%00") fails with -1; otherwise such sequences are copied
 * literally and the call always returns 0.
 */
int dj_http_pct_decode(const char *s, size_t n, char *out, size_t *outlen, bool strict);

/*
 * Write the methods whose patterns match the raw `path` into out as an Allow
 * header value ("GET, HEAD, POST"); HEAD is listed whenever GET is. Returns
 * the number of distinct methods found (0 leaves out = "").
 */
int dj_router_allow(const struct dj_route *const *tables, const char *path, char *out,
                    size_t outsz);

/*
 * True if a decoded URL path is acceptable for static serving: starts with
 * '/', has no control bytes, backslashes, empty inner segments ("//")
 * or segments starting with '.' (so "..", "." and hidden files are refused).
 */
bool dj_static_path_ok(const char *urlpath);

#endif
