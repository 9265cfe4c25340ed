/*
 * compat.h - included first by every .c file in dangjian.
 *
 * Pulls in the standard headers nearly every module needs, the project-wide
 * helper macros, the aborting allocation wrappers, and finally banned.h so
 * that unsafe libc functions fail to compile.
 */
#ifndef DJ_COMPAT_H
#define DJ_COMPAT_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DJ_UNUSED __attribute__((unused))
#define DJ_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define DJ_NORETURN __attribute__((noreturn))
#define DJ_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define DJ_MIN(a, b) ((a) < (b) ? (a) : (b))
#define DJ_MAX(a, b) ((a) > (b) ? (a) : (b))

/* Print a message and abort. Used for allocation failure and broken invariants. */
DJ_NORETURN void dj_die(const char *fmt, ...) DJ_PRINTF(1, 2);

/* Allocation wrappers: never return NULL; abort the process on failure. */
void *dj_xmalloc(size_t n);
void *dj_xcalloc(size_t nmemb, size_t size);
void *dj_xrealloc(void *p, size_t n);
char *dj_xstrdup(const char *s);
char *dj_xstrndup(const char *s, size_t n);

/* Copy at most dstsize-1 bytes of src into dst and NUL-terminate; returns strlen(src). */
size_t dj_strlcpy(char *dst, const char *src, size_t dstsize);

/*
 * Parse a whole decimal integer (optional sign, no spaces, no trailing junk).
 * Returns 0 on success, -1 on any error (empty, junk, overflow).
 */
int dj_parse_i64(const char *s, int64_t *out);

/* Whether s is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF). */
bool dj_utf8_valid(const char *s);

#include "base/banned.h"

#endif
