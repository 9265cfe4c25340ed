/*
 * fuzz_pdf.c - libFuzzer target for the PDF writer's text handling
 * (src/io/pdf.c): arbitrary bytes as a title, a paragraph, a key/value line
 * and table cells must never crash, and the result is always a PDF.
 * Build and run (from the repository root):
 *
 *   clang-14 -g -fsanitize=fuzzer,address,undefined -D_POSIX_C_SOURCE=200809L -Isrc \
 *       -I/usr/include/cairo tests/fuzz/fuzz_pdf.c src/io/pdf.c \
 *       src/base/{buf,compat,err}.c -lcairo -lfontconfig -o /tmp/fuzz_pdf
 *   /tmp/fuzz_pdf -max_total_time=60 tests/fuzz/corpus/pdf
 */
#include "base/compat.h"
#include "io/pdf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = dj_xmalloc(size + 1);
    struct dj_pdf *p;
    struct dj_buf out;
    struct dj_err err;
    const char *head[] = {"a", s};
    const char *cells[] = {s, "b", "c", s};
    struct dj_pdf_table t = {2, head, NULL, "lr", cells, 2};
    size_t half = size / 2;

    memcpy(s, data, size);
    s[size] = '\0';
    dj_buf_init(&out, 0);
    dj_err_clear(&err);
    p = dj_pdf_new(s);
    dj_pdf_title(p, s);
    dj_pdf_paragraph(p, s);
    dj_pdf_kv(p, s, s + half);
    dj_pdf_table(p, &t);
    dj_pdf_cut_line(p, s);
    dj_pdf_paragraph_right(p, s + half);
    if (dj_pdf_finish(p, &out, &err) != 0)
        dj_die("pdf failed: %s", err.message);
    if (out.len < 5 || memcmp(out.data, "%PDF-", 5) != 0)
        dj_die("not a PDF");
    dj_buf_release(&out);
    free(s);
    dj_pdf_shutdown();
    return 0;
}
