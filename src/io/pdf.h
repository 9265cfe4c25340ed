/*
 * pdf.h - a small document writer on cairo-pdf: A4 pages that flow from top
 * to bottom, with a title, headings, wrapped paragraphs, key/value lines, a
 * table whose header row repeats after every page break, a horizontal rule
 * and a dashed cut line (for the stub / main part / receipt of a
 * 介绍信). The result is a PDF in memory.
 *
 * Text is UTF-8 and set in WenQuanYi Micro Hei (fonts-wqy-microhei), found
 * through fontconfig by cairo's toy font API; cairo embeds the used glyphs
 * with a ToUnicode map, so the Chinese text can be selected, searched and
 * extracted (pdftotext). CJK text wraps at any character, Latin text at
 * spaces (or anywhere inside a word longer than the line).
 *
 * Usage:
 *     struct dj_pdf *p = dj_pdf_new("党费收缴情况公示");
 *     dj_pdf_title(p, "2026年度党费收缴情况公示");
 *     dj_pdf_kv(p, "党支部", "幸福社区第一网格党支部");
 *     dj_pdf_table(p, &t);
 *     rc = dj_pdf_finish(p, &buf, &err);   (p is freed; buf holds the PDF)
 *
 * Every call after an error (or after the page grew past DJ_PDF_MAX_PAGES)
 * is a no-op; dj_pdf_finish reports the first error. Not thread-safe per
 * document; separate documents may be built on separate threads.
 */
#ifndef DJ_IO_PDF_H
#define DJ_IO_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

#define DJ_PDF_MAX_PAGES 2000
#define DJ_PDF_MAX_COLS 16

struct dj_pdf;

/* A new A4 portrait document with 20 mm margins; `title` goes into the PDF metadata. */
struct dj_pdf *dj_pdf_new(const char *title);

/* Free a document without producing output (NULL is a no-op). */
void dj_pdf_free(struct dj_pdf *p);

/* A centred title (18 pt) followed by some space. */
void dj_pdf_title(struct dj_pdf *p, const char *text);
/* A left-aligned heading (13 pt). */
void dj_pdf_heading(struct dj_pdf *p, const char *text);
/* A paragraph (10.5 pt) wrapped to the text width; '\n' starts a new line. */
void dj_pdf_paragraph(struct dj_pdf *p, const char *text);
/* A paragraph aligned right (signatures and dates: "中共××党支部  2026年1月5日"). */
void dj_pdf_paragraph_right(struct dj_pdf *p, const char *text);
/* "key：value" with the value wrapped beside the key. */
void dj_pdf_kv(struct dj_pdf *p, const char *key, const char *value);
/*
 * A paragraph made of runs, wrapped to the text width and aligned 'l', 'r'
 * or 'c': the runs with `fill` set are underlined, like the blanks of a
 * printed form filled in ("＿张三＿同志系中共＿正式＿党员"); an empty fill run
 * prints as an empty blank four characters wide. '\n' starts a new line.
 */
struct dj_pdf_run {
    const char *text;
    bool fill;
};
void dj_pdf_runs(struct dj_pdf *p, const struct dj_pdf_run *runs, size_t n, char align);
/* A thin horizontal rule across the text width. */
void dj_pdf_rule(struct dj_pdf *p);
/* A dashed line across the page with an optional centred label ("（此联存根）"), or NULL. */
void dj_pdf_cut_line(struct dj_pdf *p, const char *label);
/* Vertical space in millimetres (a page break if it does not fit). */
void dj_pdf_space(struct dj_pdf *p, double mm);
/* Start a new page. */
void dj_pdf_page_break(struct dj_pdf *p);

/* A table: ncols columns, header cells, rows of cells (row-major, nrows * ncols). */
struct dj_pdf_table {
    int ncols;                 /* 1..DJ_PDF_MAX_COLS */
    const char *const *header; /* ncols header cells */
    const double *widths;      /* relative column widths (NULL = equal) */
    const char *align;         /* one of 'l', 'r', 'c' per column (NULL = all left) */
    const char *const *cells;  /* nrows * ncols cells; NULL cells are empty */
    size_t nrows;
};
/* Draw a table; rows that do not fit go to a new page under a repeated header row. */
void dj_pdf_table(struct dj_pdf *p, const struct dj_pdf_table *t);

/* Pages so far (1 after dj_pdf_new). */
int dj_pdf_pages(const struct dj_pdf *p);

/*
 * Finish the document, append the PDF bytes to `out`, and free p. Returns 0,
 * or DJ_EINVAL (a bad table), DJ_ETOOBIG (over DJ_PDF_MAX_PAGES or the
 * buffer's cap) or DJ_EIO (cairo failed) with err set; `out` may then hold a
 * partial document and should be discarded.
 */
int dj_pdf_finish(struct dj_pdf *p, struct dj_buf *out, struct dj_err *err);

/*
 * Release the font caches cairo keeps between documents (and fontconfig's
 * configuration), so leak checkers see a clean exit. Only at shutdown and in
 * tests: no document may be in progress on any thread, and cairo reloads
 * what it needs if another document is made afterwards.
 */
void dj_pdf_shutdown(void);

#endif
