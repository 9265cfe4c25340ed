/* compat.c - aborting allocators and small string helpers. */
#include "base/compat.h"

void dj_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("dangjian: fatal: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

void *dj_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        dj_die("out of memory allocating %zu bytes", n);
    return p;
}

void *dj_xcalloc(size_t nmemb, size_t size)
{
    void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
    if (!p)
        dj_die("out of memory allocating %zu x %zu bytes", nmemb, size);
    return p;
}

void *dj_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        dj_die("out of memory reallocating %zu bytes", n);
    return q;
}

char *dj_xstrdup(const char *s)
{
    return dj_xstrndup(s, strlen(s));
}

char *dj_xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = dj_xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

size_t dj_strlcpy(char *dst, const char *src, size_t dstsize)
{
    size_t len = strlen(src);
    if (dstsize) {
        size_t n = len < dstsize - 1 ? len : dstsize - 1;
        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

bool dj_utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    while (*p) {
        unsigned c = *p, n, cp;
        if (c < 0x80) {
            p++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        for (unsigned i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        p += n + 1;
    }
    return true;
}

int dj_parse_i64(const char *s, int64_t *out)
{
    char *end;
    long long v;

    if (!s || !*s || (*s != '-' && *s != '+' && (*s < '0' || *s > '9')))
        return -1;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}
