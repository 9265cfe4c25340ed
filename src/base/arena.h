/*
 * arena.h - a bump allocator for request-lifetime memory (cf. h2o_mem_pool_t).
 *
 * One arena per HTTP request or CLI command; everything allocated from it is
 * released at once by dj_arena_free(). There is no per-object free.
 * Allocation failure aborts. Returned memory is aligned to 16 bytes.
 */
#ifndef DJ_ARENA_H
#define DJ_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct dj_arena;

/* Create an arena. Never returns NULL. */
struct dj_arena *dj_arena_new(void);

/* Release every allocation and the arena itself. NULL is a no-op. */
void dj_arena_free(struct dj_arena *a);

/* Allocate n bytes (uninitialised / zeroed). n == 0 returns a valid unique pointer. */
void *dj_arena_alloc(struct dj_arena *a, size_t n);
void *dj_arena_zalloc(struct dj_arena *a, size_t n);

/* Copy a string (or its first n bytes) into the arena, NUL-terminated. */
char *dj_arena_strdup(struct dj_arena *a, const char *s);
char *dj_arena_strndup(struct dj_arena *a, const char *s, size_t n);

/* printf into arena memory. */
char *dj_arena_printf(struct dj_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *dj_arena_vprintf(struct dj_arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Total bytes handed out so far (for tests and accounting). */
size_t dj_arena_used(const struct dj_arena *a);

#endif
