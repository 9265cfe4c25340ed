/*
 * buf.h - growable byte buffer with a hard cap (cf. curl's dynbuf, git's strbuf).
 *
 * The caller owns a struct dj_buf: dj_buf_init() it, append, then
 * dj_buf_release() it. data is always NUL-terminated when non-NULL.
 * Appending past `cap` fails with DJ_ETOOBIG and leaves the buffer unchanged.
 * Allocation failure aborts.
 */
#ifndef DJ_BUF_H
#define DJ_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct dj_buf {
    char *data;   /* NUL-terminated contents, or NULL before the first append */
    size_t len;   /* bytes used, excluding the NUL */
    size_t alloc; /* bytes allocated */
    size_t cap;   /* maximum len; 0 means the default of 64 MiB */
};

#define DJ_BUF_DEFAULT_CAP ((size_t)64 << 20)

void dj_buf_init(struct dj_buf *b, size_t cap);
void dj_buf_release(struct dj_buf *b); /* free memory, back to the init state */
void dj_buf_reset(struct dj_buf *b);   /* len = 0, keep memory */

/* Append; return 0 or DJ_ETOOBIG. */
int dj_buf_add(struct dj_buf *b, const void *p, size_t n);
int dj_buf_adds(struct dj_buf *b, const char *s);
int dj_buf_addc(struct dj_buf *b, char c);
int dj_buf_printf(struct dj_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int dj_buf_vprintf(struct dj_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* The contents as a string: "" when empty, never NULL. */
const char *dj_buf_str(const struct dj_buf *b);

/* Take ownership of the data (caller frees with free()); the buffer is reset to init state. */
char *dj_buf_detach(struct dj_buf *b, size_t *len);

#endif
