/*
 * fuzz_sqlrewrite.c - libFuzzer target for dj_sql_rewrite (src/store/sqlrewrite.c).
 *
 * Invariants checked on every input:
 *  - it never fails under the default cap, and appends exactly `size` bytes;
 *  - every output byte equals the input byte, except '$' turned into '?',
 *    and only where a digit follows;
 *  - *maxparam is the largest number following a rewritten position;
 *  - rewriting the output again changes nothing (the lexer state does not
 *    depend on whether a placeholder was spelled $ or ?);
 *  - with a cap too small it fails with DJ_ETOOBIG and appends nothing.
 *
 * Build: clang -fsanitize=fuzzer,address -D_POSIX_C_SOURCE=200809L -Isrc \
 *   tests/fuzz/fuzz_sqlrewrite.c src/store/sqlrewrite.c src/base/buf.c \
 *   src/base/compat.c src/base/err.c -o fuzz_sqlrewrite
 * Run:   ./fuzz_sqlrewrite tests/fuzz/corpus/sqlrewrite
 */
#include "base/compat.h"

#include <limits.h>

#include "base/buf.h"
#include "base/err.h"
#include "store/sqlrewrite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool is_digit(uint8_t c)
{
    return c >= '0' && c <= '9';
}

static void check(bool ok, const char *what)
{
    if (!ok)
        dj_die("fuzz_sqlrewrite: invariant broken: %s", what);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dj_buf out, again, small;
    int maxparam = -1, maxparam2 = -1, expect_max = 0;

    dj_buf_init(&out, 0);
    check(dj_sql_rewrite((const char *)data, size, &out, &maxparam) == 0, "rc");
    check(out.len == size, "length");

    for (size_t i = 0; i < size; i++) {
        uint8_t in = data[i], o = (uint8_t)out.data[i];

        if (in == o)
            continue;
        check(in == '$' && o == '?', "only $ may change, and only into ?");
        check(i + 1 < size && is_digit(data[i + 1]), "a rewritten $ is followed by a digit");
        {
            int64_t n = 0;

            for (size_t j = i + 1; j < size && is_digit(data[j]); j++)
                n = DJ_MIN(n * 10 + (data[j] - '0'), (int64_t)INT_MAX);
            expect_max = DJ_MAX(expect_max, (int)n);
        }
    }
    check(maxparam == expect_max, "maxparam");

    dj_buf_init(&again, 0);
    check(dj_sql_rewrite(out.data, out.len, &again, &maxparam2) == 0, "rc again");
    check(again.len == out.len && memcmp(again.data, out.data, out.len) == 0, "idempotent");
    check(maxparam2 == 0, "nothing left to rewrite");

    if (size > 1) { /* a cap of 0 means the default, so start at 1 */
        dj_buf_init(&small, size - 1);
        check(dj_sql_rewrite((const char *)data, size, &small, NULL) == DJ_ETOOBIG, "cap");
        check(small.len == 0, "nothing appended past the cap");
        dj_buf_release(&small);
    }

    dj_buf_release(&again);
    dj_buf_release(&out);
    return 0;
}
