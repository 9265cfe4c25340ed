/*
 * test_pdf.c - the PDF document writer: a valid PDF in memory, the page
 * count of a long table (its header repeated on every page), Chinese text
 * that can be extracted again (pdftotext when installed, else the ToUnicode
 * map), bad input that does not break the document.
 */
#include "base/compat.h"

#include <criterion/criterion.h>
#include <unistd.h>

#include "io/pdf.h"

static const char *find(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0)
            return hay + i;
    return NULL;
}

static int count_pages(const struct dj_buf *b)
{
    int n = 0;
    const char *s = b->data, *end = b->data + b->len;

    while (s && (s = find(s, (size_t)(end - s), "/Type /Page")) != NULL) {
        s += 11;
        if (s < end && *s != 's')
            n++;
    }
    return n;
}

/* The output of `tool opts FILE out` on the PDF, or NULL when the tool is not installed. */
static char *run_tool(const struct dj_buf *b, const char *tool, const char *opts,
                      const char *out_arg)
{
    char in[] = "/tmp/dj_pdf_testXXXXXX";
    char cmd[256];
    int fd;
    FILE *f;
    struct dj_buf out;

    if (access(tool, X_OK) != 0)
        return NULL;
    fd = mkstemp(in);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, b->data, b->len), (ssize_t)b->len);
    close(fd);
    snprintf(cmd, sizeof(cmd), "%s %s %s %s", tool, opts, in, out_arg);
    f = popen(cmd, "r");
    cr_assert(f);
    dj_buf_init(&out, 0);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        dj_buf_add(&out, chunk, n);
    pclose(f);
    unlink(in);
    dj_buf_adds(&out, "");
    return dj_buf_detach(&out, NULL);
}

/* Text of the PDF through pdftotext, or NULL when it is not installed. */
static char *extract(const struct dj_buf *b)
{
    return run_tool(b, "/usr/bin/pdftotext", "-q -enc UTF-8", "-");
}

static void fini(void)
{
    dj_pdf_shutdown();
}

TestSuite(pdf, .fini = fini);

Test(pdf, small_document_is_a_pdf_with_selectable_chinese)
{
    struct dj_pdf *p = dj_pdf_new("测试文档");
    struct dj_buf b;
    struct dj_err err = {0};
    const char *head[] = {"姓名", "应交（元）"};
    const char *cells[] = {"张三", "15.00", "李四", "30.00"};
    struct dj_pdf_table t = {2, head, NULL, "lr", cells, 2};
    char *text;

    dj_buf_init(&b, 0);
    dj_pdf_title(p, "2026年度党费收缴情况公示");
    dj_pdf_kv(p, "党支部", "幸福社区第一网格党支部");
    dj_pdf_paragraph(
        p, "根据《关于中国共产党党费收缴、使用和管理的规定》，现将本支部党费收缴情况公示如下。");
    dj_pdf_rule(p);
    dj_pdf_table(p, &t);
    dj_pdf_cut_line(p, "（此联存根）");
    dj_pdf_paragraph_right(p, "中共幸福社区第一网格支部委员会");
    cr_assert_eq(dj_pdf_pages(p), 1);
    cr_assert_eq(dj_pdf_finish(p, &b, &err), 0, "%s", err.message);
    cr_assert(b.len > 1000);
    cr_assert(memcmp(b.data, "%PDF-", 5) == 0);
    cr_expect_eq(count_pages(&b), 1);
    cr_expect(find(b.data, b.len, "/ToUnicode") != NULL, "no ToUnicode map: not extractable");
    text = extract(&b);
    if (text) {
        cr_expect(strstr(text, "党费收缴情况公示") != NULL, "%s", text);
        cr_expect(strstr(text, "幸福社区第一网格党支部") != NULL, "%s", text);
        cr_expect(strstr(text, "此联存根") != NULL, "%s", text);
        cr_expect(strstr(text, "30.00") != NULL, "%s", text);
        free(text);
    }
    dj_buf_release(&b);
}

Test(pdf, long_table_spans_pages_and_repeats_its_header)
{
    struct dj_pdf *p = dj_pdf_new("长表");
    struct dj_buf b;
    const char *head[] = {"序号", "姓名", "金额"};
    enum { ROWS = 200 };
    static char storage[ROWS][3][32];
    static const char *cells[ROWS * 3];
    struct dj_pdf_table t = {3, head, (const double[]){1, 3, 2}, "lcr", cells, ROWS};
    char *text;

    for (int i = 0; i < ROWS; i++) {
        snprintf(storage[i][0], 32, "%d", i + 1);
        snprintf(storage[i][1], 32, "党员%03d", i + 1);
        snprintf(storage[i][2], 32, "%d.00", i);
        for (int c = 0; c < 3; c++)
            cells[i * 3 + c] = storage[i][c];
    }
    dj_buf_init(&b, 0);
    dj_pdf_title(p, "长表");
    dj_pdf_table(p, &t);
    int pages = dj_pdf_pages(p);
    cr_expect(pages >= 4 && pages <= 8, "pages %d", pages);
    cr_assert_eq(dj_pdf_finish(p, &b, NULL), 0);
    cr_expect_eq(count_pages(&b), pages);
    text = extract(&b);
    if (text) {
        int heads = 0;
        for (const char *s = text; (s = strstr(s, "序号")) != NULL; s++)
            heads++;
        cr_expect_eq(heads, pages, "header on %d of %d pages", heads, pages);
        cr_expect(strstr(text, "党员200") != NULL);
        free(text);
    }
    dj_buf_release(&b);
}

Test(pdf, long_paragraph_wraps_and_breaks_pages)
{
    struct dj_pdf *p = dj_pdf_new(NULL);
    struct dj_buf b;
    struct dj_buf s;

    dj_buf_init(&s, 0);
    for (int i = 0; i < 400; i++)
        dj_buf_adds(
            &s, "党支部每年至少向党员公布一次党费收缴、使用情况。 Latin words wrap at spaces. ");
    dj_pdf_paragraph(p, s.data);
    int pages = dj_pdf_pages(p);
    cr_expect(pages >= 3, "pages %d", pages);
    dj_buf_init(&b, 0);
    cr_assert_eq(dj_pdf_finish(p, &b, NULL), 0);
    cr_expect_eq(count_pages(&b), pages);
    dj_buf_release(&b);
    dj_buf_release(&s);
}

Test(pdf, bad_utf8_and_controls_do_not_break_the_document)
{
    struct dj_pdf *p = dj_pdf_new("\xff\xfe");
    struct dj_buf b;
    struct dj_err err = {0};

    dj_pdf_paragraph(p, "abc\xff\xc3(\x01\tdef\xe4\xb8");
    dj_pdf_kv(p, NULL, NULL);
    dj_pdf_paragraph(p, "");
    dj_buf_init(&b, 0);
    cr_assert_eq(dj_pdf_finish(p, &b, &err), 0, "%s", err.message);
    cr_expect(memcmp(b.data, "%PDF-", 5) == 0);
    dj_buf_release(&b);
}

Test(pdf, bad_table_is_an_error)
{
    struct dj_pdf *p = dj_pdf_new("x");
    struct dj_buf b;
    struct dj_err err = {0};
    const char *head[] = {"a"};
    struct dj_pdf_table t = {0, head, NULL, NULL, NULL, 0};

    dj_pdf_table(p, &t);
    dj_buf_init(&b, 0);
    cr_expect_eq(dj_pdf_finish(p, &b, &err), DJ_EINVAL);
    dj_buf_release(&b);
    dj_pdf_free(dj_pdf_new("unused")); /* freeing without output */
}

/* A runs paragraph: n underlines, the text in order, right alignment. */
static struct dj_buf runs_doc(bool fill)
{
    struct dj_pdf *p = dj_pdf_new("runs");
    struct dj_buf b;
    struct dj_err err = {0};
    struct dj_pdf_run line[] = {{"\u3000\u3000", false}, {"张三", fill},    {" 同志系中共", false},
                                {"正式", fill},          {"党员。", false}, {"", fill}};
    struct dj_pdf_run right[] = {{"编号 ", false}, {"组转〔2026〕7号", fill}};

    dj_pdf_runs(p, line, 6, 'l');
    dj_pdf_runs(p, right, 2, 'r');
    cr_assert_eq(dj_pdf_pages(p), 1);
    dj_buf_init(&b, 0);
    cr_assert_eq(dj_pdf_finish(p, &b, &err), 0, "%s", err.message);
    return b;
}

static int count_str(const char *s, const char *needle)
{
    int n = 0;
    for (; (s = strstr(s, needle)) != NULL; s++)
        n++;
    return n;
}

Test(pdf, runs_underline_the_filled_blanks)
{
    struct dj_buf filled = runs_doc(true), plain = runs_doc(false);
    char *text = extract(&filled), *svg_f, *svg_p, *layout;

    cr_assert(memcmp(filled.data, "%PDF-", 5) == 0);
    if (text) {
        cr_expect(strstr(text, "张三 同志系中共正式党员。") != NULL, "%s", text);
        cr_expect(strstr(text, "编号 组转〔2026〕7号") != NULL, "%s", text);
        free(text);
    }
    /* four fill runs (one of them an empty blank) = four more stroked lines than without */
    svg_f = run_tool(&filled, "/usr/bin/pdftocairo", "-svg", "-");
    svg_p = run_tool(&plain, "/usr/bin/pdftocairo", "-svg", "-");
    if (svg_f && svg_p) {
        int nf = count_str(svg_f, "stroke-width"), np = count_str(svg_p, "stroke-width");
        cr_expect_eq(nf - np, 4, "strokes with fill %d, without %d", nf, np);
    }
    free(svg_f);
    free(svg_p);
    /* right-aligned: the number starts right of the page's middle (A4 is 595 pt wide),
     * the left-aligned line at the margin (20 mm = 57 pt) */
    layout = run_tool(&filled, "/usr/bin/pdftotext", "-q -bbox -enc UTF-8", "-");
    if (layout) {
        const char *no = strstr(layout, "组转〔2026〕7号</word>"), *name = strstr(layout, "张三");
        cr_assert(no && name, "%s", layout);
        while (no > layout && strncmp(no, "<word xMin=\"", 12))
            no--;
        while (name > layout && strncmp(name, "<word xMin=\"", 12))
            name--;
        double xno = strtod(no + 12, NULL), xname = strtod(name + 12, NULL);
        cr_expect_gt(xno, 300, "number at %.1f", xno);
        cr_expect(xname > 57 && xname < 100, "name at %.1f", xname);
        free(layout);
    }
    dj_buf_release(&filled);
    dj_buf_release(&plain);
}
