/* test_arena.c - bump allocator: alignment, independence of blocks, big blocks, strings. */
#include "base/compat.h"
#include "base/arena.h"

#include <criterion/criterion.h>

Test(arena, free_null_is_noop)
{
    dj_arena_free(NULL);
}

Test(arena, alignment)
{
    struct dj_arena *a = dj_arena_new();

    for (size_t n = 0; n < 100; n++) {
        void *p = dj_arena_alloc(a, n);
        cr_assert_not_null(p);
        cr_assert_eq((uintptr_t)p % 16, 0, "size %zu not 16-byte aligned", n);
    }
    cr_assert_eq((uintptr_t)dj_arena_alloc(a, 100000) % 16, 0);
    dj_arena_free(a);
}

Test(arena, zero_size_gives_unique_pointers)
{
    struct dj_arena *a = dj_arena_new();
    void *p = dj_arena_alloc(a, 0), *q = dj_arena_alloc(a, 0);

    cr_assert_not_null(p);
    cr_assert_neq(p, q);
    dj_arena_free(a);
}

/* Many blocks of mixed sizes, each filled with its own byte: none may overlap another. */
Test(arena, blocks_do_not_overlap)
{
    struct dj_arena *a = dj_arena_new();
    unsigned char *blocks[600];
    size_t sizes[600];

    for (size_t i = 0; i < DJ_ARRAY_LEN(blocks); i++) {
        sizes[i] = (i * 7919) % 700 + (i % 50 == 0 ? 9000 : 0);
        blocks[i] = dj_arena_alloc(a, sizes[i]);
        memset(blocks[i], (int)(i & 0xff), sizes[i]);
    }
    for (size_t i = 0; i < DJ_ARRAY_LEN(blocks); i++)
        for (size_t j = 0; j < sizes[i]; j++)
            cr_assert_eq(blocks[i][j], (unsigned char)(i & 0xff), "block %zu byte %zu overwritten",
                         i, j);
    dj_arena_free(a);
}

Test(arena, used_counts_requested_bytes)
{
    struct dj_arena *a = dj_arena_new();

    cr_assert_eq(dj_arena_used(a), 0);
    dj_arena_alloc(a, 10);
    dj_arena_alloc(a, 3);
    dj_arena_alloc(a, 20000);
    cr_assert_eq(dj_arena_used(a), 20013);
    dj_arena_free(a);
}

Test(arena, zalloc_zeroes)
{
    struct dj_arena *a = dj_arena_new();
    unsigned char *p;

    /* Dirty memory that a later chunk may reuse. */
    for (int i = 0; i < 8; i++)
        memset(dj_arena_alloc(a, 4000), 0xab, 4000);
    dj_arena_free(a);
    a = dj_arena_new();
    for (int k = 0; k < 8; k++) {
        p = dj_arena_zalloc(a, 4000);
        for (size_t i = 0; i < 4000; i++)
            cr_assert_eq(p[i], 0);
    }
    dj_arena_free(a);
}

Test(arena, strings)
{
    struct dj_arena *a = dj_arena_new();
    const char *src = "党支部委员会";
    char *s = dj_arena_strdup(a, src);

    cr_assert_str_eq(s, src);
    cr_assert_neq(s, src);
    cr_assert_str_eq(dj_arena_strndup(a, "abcdef", 3), "abc");
    cr_assert_str_eq(dj_arena_strndup(a, "ab", 10), "ab");
    cr_assert_str_eq(dj_arena_strdup(a, ""), "");
    cr_assert_str_eq(dj_arena_printf(a, "%s-%04d", "org", 42), "org-0042");
    dj_arena_free(a);
}

Test(arena, printf_larger_than_a_chunk)
{
    struct dj_arena *a = dj_arena_new();
    char *s = dj_arena_printf(a, "%20000d|", 7);

    cr_assert_eq(strlen(s), 20001);
    cr_assert_eq(s[19999], '7');
    cr_assert_eq(s[20000], '|');
    dj_arena_free(a);
}
