/* buf.c - capped growable buffer. */
#include "base/compat.h"
#include "base/buf.h"
#include "base/err.h"

void dj_buf_init(struct dj_buf *b, size_t cap)
{
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
    b->cap = cap ? cap : DJ_BUF_DEFAULT_CAP;
}

void dj_buf_release(struct dj_buf *b)
{
    free(b->data);
    dj_buf_init(b, b->cap);
}

void dj_buf_reset(struct dj_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static int grow(struct dj_buf *b, size_t extra)
{
    size_t need, a;

    if (extra > b->cap || b->len > b->cap - extra)
        return DJ_ETOOBIG;
    need = b->len + extra + 1;
    if (need <= b->alloc)
        return 0;
    a = b->alloc ? b->alloc : 64;
    while (a < need)
        a *= 2;
    if (a > b->cap + 1)
        a = b->cap + 1;
    b->data = dj_xrealloc(b->data, a);
    b->alloc = a;
    return 0;
}

int dj_buf_add(struct dj_buf *b, const void *p, size_t n)
{
    if (grow(b, n))
        return DJ_ETOOBIG;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int dj_buf_adds(struct dj_buf *b, const char *s)
{
    return dj_buf_add(b, s, strlen(s));
}

int dj_buf_addc(struct dj_buf *b, char c)
{
    return dj_buf_add(b, &c, 1);
}

int dj_buf_vprintf(struct dj_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    int n;

    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return DJ_EINVAL;
    if (grow(b, (size_t)n))
        return DJ_ETOOBIG;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int dj_buf_printf(struct dj_buf *b, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = dj_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

const char *dj_buf_str(const struct dj_buf *b)
{
    return b->data ? b->data : "";
}

char *dj_buf_detach(struct dj_buf *b, size_t *len)
{
    char *p = b->data ? b->data : dj_xstrdup("");
    if (len)
        *len = b->len;
    dj_buf_init(b, b->cap);
    return p;
}
