/*
 * fuzz_body.c - libFuzzer target for dj_json_parse_body().
 *
 * Arbitrary bytes must never crash the parser; on success the result is a
 * JSON object no deeper than the limit, and on failure an error message is
 * set and nothing is returned. Build and run (from the repository root):
 *
 *   clang-14 -g -fsanitize=fuzzer,address,undefined -D_POSIX_C_SOURCE=200809L -Isrc \
 *       tests/fuzz/fuzz_body.c src/http/json.c \
 *       src/base/{buf,compat,err,arena,log}.c -ljansson -o /tmp/fuzz_body
 *   /tmp/fuzz_body -max_total_time=60 tests/fuzz/corpus/body
 */
#include "base/compat.h"
#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dj_err err;
    json_t *j = (json_t *)&err; /* must be overwritten */
    int rc;

    dj_err_clear(&err);
    rc = dj_json_parse_body((const char *)data, size, &j, &err);
    if (rc == 0) {
        if (!json_is_object(j))
            dj_die("success without an object");
        json_decref(j);
    } else {
        if (rc != DJ_EINVAL || j != NULL || !err.message[0])
            dj_die("bad failure: rc=%d", rc);
    }
    return 0;
}
