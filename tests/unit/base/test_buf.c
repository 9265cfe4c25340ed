/* test_buf.c - capped growable buffer: appends, cap enforcement, reset, release, detach. */
#include "base/compat.h"
#include "base/buf.h"
#include "base/err.h"

#include <criterion/criterion.h>

Test(buf, init_state)
{
    struct dj_buf b;

    dj_buf_init(&b, 0);
    cr_assert_null(b.data);
    cr_assert_eq(b.len, 0);
    cr_assert_eq(b.cap, DJ_BUF_DEFAULT_CAP);
    cr_assert_str_eq(dj_buf_str(&b), "");
    dj_buf_release(&b);
}

Test(buf, appends)
{
    struct dj_buf b;

    dj_buf_init(&b, 0);
    cr_assert_eq(dj_buf_adds(&b, "党员"), 0);
    cr_assert_eq(dj_buf_addc(&b, ':'), 0);
    cr_assert_eq(dj_buf_add(&b, "12345", 3), 0);
    cr_assert_eq(dj_buf_printf(&b, "/%d/%s", 42, "x"), 0);
    cr_assert_str_eq(dj_buf_str(&b), "党员:123/42/x");
    cr_assert_eq(b.len, strlen("党员:123/42/x"));
    cr_assert_eq(b.data[b.len], '\0');
    dj_buf_release(&b);
}

Test(buf, binary_with_nul)
{
    struct dj_buf b;

    dj_buf_init(&b, 0);
    cr_assert_eq(dj_buf_add(&b, "a\0b", 3), 0);
    cr_assert_eq(b.len, 3);
    cr_assert_eq(memcmp(b.data, "a\0b", 4), 0);
    dj_buf_release(&b);
}

Test(buf, growth_keeps_content)
{
    struct dj_buf b;

    dj_buf_init(&b, 0);
    for (int i = 0; i < 10000; i++)
        cr_assert_eq(dj_buf_addc(&b, (char)('a' + i % 26)), 0);
    cr_assert_eq(b.len, 10000);
    for (int i = 0; i < 10000; i++)
        cr_assert_eq(b.data[i], (char)('a' + i % 26));
    cr_assert_eq(b.data[10000], '\0');
    dj_buf_release(&b);
}

Test(buf, cap_is_enforced_and_buffer_unchanged)
{
    struct dj_buf b;

    dj_buf_init(&b, 10);
    cr_assert_eq(dj_buf_adds(&b, "0123456789"), 0, "exactly the cap fits");
    cr_assert_eq(dj_buf_addc(&b, 'x'), DJ_ETOOBIG);
    cr_assert_eq(b.len, 10);
    cr_assert_str_eq(dj_buf_str(&b), "0123456789");
    dj_buf_reset(&b);
    cr_assert_eq(dj_buf_adds(&b, "abcd"), 0);
    cr_assert_eq(dj_buf_adds(&b, "efghijk"), DJ_ETOOBIG);
    cr_assert_eq(dj_buf_printf(&b, "%s", "1234567"), DJ_ETOOBIG);
    cr_assert_str_eq(dj_buf_str(&b), "abcd");
    cr_assert_eq(b.len, 4);
    cr_assert_eq(dj_buf_printf(&b, "%d", 123456), 0);
    cr_assert_str_eq(dj_buf_str(&b), "abcd123456");
    cr_assert_leq(b.alloc, 11, "never allocates beyond cap + 1");
    dj_buf_release(&b);
}

Test(buf, huge_append_is_refused)
{
    struct dj_buf b;

    dj_buf_init(&b, 0);
    cr_assert_eq(dj_buf_adds(&b, "x"), 0);
    cr_assert_eq(dj_buf_add(&b, "", SIZE_MAX), DJ_ETOOBIG);
    cr_assert_eq(dj_buf_add(&b, "", DJ_BUF_DEFAULT_CAP), DJ_ETOOBIG);
    cr_assert_str_eq(dj_buf_str(&b), "x");
    dj_buf_release(&b);
}

Test(buf, reset_keeps_memory)
{
    struct dj_buf b;
    size_t alloc;

    dj_buf_init(&b, 0);
    dj_buf_adds(&b, "some text");
    alloc = b.alloc;
    dj_buf_reset(&b);
    cr_assert_eq(b.len, 0);
    cr_assert_str_eq(dj_buf_str(&b), "");
    cr_assert_eq(b.alloc, alloc);
    cr_assert_not_null(b.data);
    dj_buf_release(&b);
}

Test(buf, release_returns_to_init_and_keeps_cap)
{
    struct dj_buf b;

    dj_buf_init(&b, 100);
    dj_buf_adds(&b, "text");
    dj_buf_release(&b);
    cr_assert_null(b.data);
    cr_assert_eq(b.len, 0);
    cr_assert_eq(b.alloc, 0);
    cr_assert_eq(b.cap, 100);
    cr_assert_eq(dj_buf_adds(&b, "again"), 0);
    dj_buf_release(&b);
}

Test(buf, detach)
{
    struct dj_buf b;
    size_t len = 99;
    char *s;

    dj_buf_init(&b, 50);
    dj_buf_adds(&b, "detached");
    s = dj_buf_detach(&b, &len);
    cr_assert_str_eq(s, "detached");
    cr_assert_eq(len, 8);
    cr_assert_null(b.data);
    cr_assert_eq(b.len, 0);
    cr_assert_eq(b.cap, 50);
    free(s);

    s = dj_buf_detach(&b, &len);
    cr_assert_str_eq(s, "", "an empty buffer detaches as an owned empty string");
    cr_assert_eq(len, 0);
    free(s);
    dj_buf_release(&b);
}
