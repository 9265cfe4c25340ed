/*
 * static.c - map URL paths to files under the web root, and file types.
 *
 * Two lines of defence against escaping the web root: the decoded URL path is
 * refused outright if it has a dot-segment, a backslash, a control byte or an
 * empty inner segment; and the file found is realpath()ed and must lie under
 * realpath(root), which also stops symbolic links that lead outside.
 */
#define _XOPEN_SOURCE 700 /* realpath() is XSI, beyond the project's _POSIX_C_SOURCE */
#include "base/compat.h"
#include "http/http.h"
#include "http/http_int.h"

#include <limits.h>
#include <strings.h>
#include <sys/stat.h>

bool dj_static_path_ok(const char *urlpath)
{
    const char *p;

    if (!urlpath || urlpath[0] != '/')
        return false;
    for (p = urlpath; *p; p++) {
        unsigned char c = (unsigned char)*p;

        if (c < 0x20 || c == 0x7f || c == '\\')
            return false;
        if (c == '/' && (p[1] == '.' || (p[1] == '/')))
            return false;
    }
    return true;
}

/* Is `path` (canonical) equal to or below `root` (canonical)? */
static bool under_root(const char *root, const char *path)
{
    size_t n = strlen(root);

    if (strcmp(root, "/") == 0)
        return path[0] == '/';
    return strncmp(path, root, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

int dj_static_resolve(const char *root, const char *urlpath, char *out, size_t outsz)
{
    char rroot[PATH_MAX], want[PATH_MAX], real[PATH_MAX];
    struct stat st;
    int n;

    if (!root || !*root || !dj_static_path_ok(urlpath) || !realpath(root, rroot))
        return DJ_ENOTFOUND;
    n = snprintf(want, sizeof(want), "%s%s%s", rroot, urlpath,
                 urlpath[strlen(urlpath) - 1] == '/' ? "index.html" : "");
    if (n < 0 || (size_t)n >= sizeof(want) || !realpath(want, real) || !under_root(rroot, real))
        return DJ_ENOTFOUND;
    if (stat(real, &st) != 0)
        return DJ_ENOTFOUND;
    if (S_ISDIR(st.st_mode)) {
        n = snprintf(want, sizeof(want), "%s/index.html", real);
        if (n < 0 || (size_t)n >= sizeof(want) || !realpath(want, real) ||
            !under_root(rroot, real) || stat(real, &st) != 0)
            return DJ_ENOTFOUND;
    }
    if (!S_ISREG(st.st_mode) || strlen(real) >= outsz)
        return DJ_ENOTFOUND;
    dj_strlcpy(out, real, outsz);
    return 0;
}

static const struct {
    const char *ext;
    const char *type;
} mime_types[] = {
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"json", "application/json; charset=utf-8"},
    {"map", "application/json; charset=utf-8"},
    {"txt", "text/plain; charset=utf-8"},
    {"svg", "image/svg+xml; charset=utf-8"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"ico", "image/x-icon"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"ttf", "font/ttf"},
};

const char *dj_static_mime(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');

    if (dot)
        for (size_t i = 0; i < DJ_ARRAY_LEN(mime_types); i++)
            if (strcasecmp(dot + 1, mime_types[i].ext) == 0)
                return mime_types[i].type;
    return "application/octet-stream";
}
