/* arena.c - chunked bump allocator. */
#include "base/compat.h"
#include "base/arena.h"

#define ARENA_CHUNK 8192
#define ARENA_ALIGN 16

struct chunk {
    struct chunk *next; /* previously filled chunk */
    size_t size;        /* usable bytes in data[] */
    size_t used;        /* bytes handed out from data[] */
    _Alignas(16) unsigned char data[];
};

struct dj_arena {
    struct chunk *head; /* current chunk, newest first */
    size_t total;       /* bytes handed out */
};

static struct chunk *chunk_new(size_t size)
{
    struct chunk *c = dj_xmalloc(sizeof(*c) + size);
    c->next = NULL;
    c->size = size;
    c->used = 0;
    return c;
}

struct dj_arena *dj_arena_new(void)
{
    struct dj_arena *a = dj_xcalloc(1, sizeof(*a));
    a->head = chunk_new(ARENA_CHUNK - sizeof(struct chunk));
    return a;
}

void dj_arena_free(struct dj_arena *a)
{
    struct chunk *c, *next;

    if (!a)
        return;
    for (c = a->head; c; c = next) {
        next = c->next;
        free(c);
    }
    free(a);
}

void *dj_arena_alloc(struct dj_arena *a, size_t n)
{
    size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    struct chunk *c = a->head;
    void *p;

    if (need == 0)
        need = ARENA_ALIGN;
    if (need < n)
        dj_die("arena allocation overflow");
    if (c->size - c->used < need) {
        size_t size = need > ARENA_CHUNK / 2 ? need : ARENA_CHUNK - sizeof(struct chunk);
        struct chunk *nc = chunk_new(size);
        if (size == need && c->size - c->used > ARENA_CHUNK / 8) {
            /* big block: keep filling the current chunk, put the block behind it */
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            a->head = nc;
        }
        c = nc;
    }
    p = c->data + c->used;
    c->used += need;
    a->total += n;
    return p;
}

void *dj_arena_zalloc(struct dj_arena *a, size_t n)
{
    void *p = dj_arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}

char *dj_arena_strndup(struct dj_arena *a, const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = dj_arena_alloc(a, len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *dj_arena_strdup(struct dj_arena *a, const char *s)
{
    return dj_arena_strndup(a, s, strlen(s));
}

char *dj_arena_vprintf(struct dj_arena *a, const char *fmt, va_list ap)
{
    va_list cp;
    int n;
    char *p;

    if (!fmt) /* also keeps gcc's -Wformat-truncation quiet under -fsanitize=undefined */
        dj_die("arena printf: NULL format");
    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        dj_die("arena printf: bad format");
    p = dj_arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *dj_arena_printf(struct dj_arena *a, const char *fmt, ...)
{
    va_list ap;
    char *p;

    va_start(ap, fmt);
    p = dj_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

size_t dj_arena_used(const struct dj_arena *a)
{
    return a->total;
}
