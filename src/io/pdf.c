/*
 * pdf.c - the flowing A4 document writer on cairo-pdf (pdf.h).
 *
 * Layout is in PDF points (1 mm = 72 / 25.4 pt). The cursor `y` is the top
 * of the next line; every block first asks for its height with need() and
 * starts a new page when it does not fit. Input strings are cleaned to valid
 * UTF-8 without control characters before they reach cairo, because one bad
 * string would put the cairo context into a permanent error state.
 */
#include "base/compat.h"
#include "io/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>

#define MM (72.0 / 25.4)
#define PAGE_W (210.0 * MM)
#define PAGE_H (297.0 * MM)
#define MARGIN (20.0 * MM)
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define FONT "WenQuanYi Micro Hei"
#define BODY_PT 10.5
#define LINE_GAP 1.45 /* line height as a multiple of the font size */
#define CELL_PAD 3.0
#define MAX_TEXT 65536 /* bytes per string; longer text is cut */

struct dj_pdf {
    cairo_surface_t *surface;
    cairo_t *cr;
    struct dj_buf bytes; /* what cairo has written so far */
    double y;            /* top of the next line */
    int pages;
    int err_code;
    char err_msg[160];
    double size; /* current font size */
};

static char *clean(const char *s);

static cairo_status_t write_bytes(void *closure, const unsigned char *data, unsigned int len)
{
    struct dj_pdf *p = closure;
    return dj_buf_add(&p->bytes, data, len) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static void fail(struct dj_pdf *p, int code, const char *msg)
{
    if (p->err_code)
        return;
    p->err_code = code;
    snprintf(p->err_msg, sizeof(p->err_msg), "%s", msg);
}

static bool ok(const struct dj_pdf *p)
{
    return p && !p->err_code;
}

static void set_size(struct dj_pdf *p, double pt)
{
    p->size = pt;
    cairo_set_font_size(p->cr, pt);
}

struct dj_pdf *dj_pdf_new(const char *title)
{
    struct dj_pdf *p = dj_xcalloc(1, sizeof(*p));

    dj_buf_init(&p->bytes, 0);
    p->surface = cairo_pdf_surface_create_for_stream(write_bytes, p, PAGE_W, PAGE_H);
    p->cr = cairo_create(p->surface);
    if (title && *title) {
        char *t = clean(title);
        cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, t);
        free(t);
    }
    cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "dangjian");
    cairo_select_font_face(p->cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    cairo_set_line_width(p->cr, 0.6);
    set_size(p, BODY_PT);
    p->y = MARGIN;
    p->pages = 1;
    if (cairo_status(p->cr) != CAIRO_STATUS_SUCCESS)
        fail(p, DJ_EIO, "无法创建PDF文档");
    return p;
}

void dj_pdf_free(struct dj_pdf *p)
{
    if (!p)
        return;
    cairo_destroy(p->cr);
    cairo_surface_destroy(p->surface);
    dj_buf_release(&p->bytes);
    free(p);
}

int dj_pdf_pages(const struct dj_pdf *p)
{
    return p ? p->pages : 0;
}

void dj_pdf_page_break(struct dj_pdf *p)
{
    if (!ok(p))
        return;
    if (p->pages >= DJ_PDF_MAX_PAGES) {
        fail(p, DJ_ETOOBIG, "PDF文档页数超过上限");
        return;
    }
    cairo_show_page(p->cr);
    p->pages++;
    p->y = MARGIN;
}

/* Make room for h points, breaking the page if needed (not on an empty page). */
static void need(struct dj_pdf *p, double h)
{
    if (p->y + h > PAGE_H - MARGIN && p->y > MARGIN + 0.5)
        dj_pdf_page_break(p);
}

/* ---- text ------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
static int utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    int n, i;
    uint32_t cp;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, cp = c & 0x07;
    else
        return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* A clean copy of s: valid UTF-8, tabs as spaces, other controls dropped ('\n' kept). */
static char *clean(const char *s)
{
    size_t n = s ? strlen(s) : 0, i = 0, o = 0;
    char *out;

    if (n > MAX_TEXT)
        n = MAX_TEXT;
    out = dj_xmalloc(n + 1);
    while (i < n) {
        const unsigned char *u = (const unsigned char *)s + i;
        int l = utf8_len(u);
        if (l == 0 || i + (size_t)l > n) {
            out[o++] = '?';
            i++;
            continue;
        }
        if (l == 1 && u[0] < 0x20) {
            if (u[0] == '\n')
                out[o++] = '\n';
            else if (u[0] == '\t')
                out[o++] = ' ';
            i++;
            continue;
        }
        memcpy(out + o, u, (size_t)l);
        o += (size_t)l;
        i += (size_t)l;
    }
    out[o] = '\0';
    return out;
}

static double advance(struct dj_pdf *p, const char *s, size_t n)
{
    char tmp[8];
    cairo_text_extents_t ext;

    memcpy(tmp, s, n);
    tmp[n] = '\0';
    cairo_text_extents(p->cr, tmp, &ext);
    return ext.x_advance;
}

static double text_width(struct dj_pdf *p, const char *s)
{
    cairo_text_extents_t ext;
    cairo_text_extents(p->cr, s, &ext);
    return ext.x_advance;
}

/* A line of wrapped text: [start, start+len) in the cleaned string. */
struct span {
    size_t start, len;
};

/*
 * Break the cleaned text s into lines no wider than w at the current font
 * size. Returns the number of lines and a malloc'd array in *out.
 */
static size_t wrap(struct dj_pdf *p, const char *s, double w, struct span **out)
{
    size_t cap = 8, n = 0, i = 0, start = 0, brk = 0;
    struct span *v = dj_xmalloc(cap * sizeof(*v));
    double x = 0;
    bool have_brk = false;

#define PUSH(st, ln)                                                                               \
    do {                                                                                           \
        if (n == cap)                                                                              \
            v = realloc(v, (cap *= 2) * sizeof(*v));                                               \
        if (!v)                                                                                    \
            dj_die("out of memory");                                                               \
        v[n].start = (st);                                                                         \
        v[n].len = (ln);                                                                           \
        n++;                                                                                       \
    } while (0)

    while (s[i]) {
        int l = utf8_len((const unsigned char *)s + i);
        double a;
        if (l <= 0)
            l = 1;
        if (s[i] == '\n') {
            PUSH(start, i - start);
            i++;
            start = i;
            x = 0;
            have_brk = false;
            continue;
        }
        a = advance(p, s + i, (size_t)l);
        if (x + a > w && i > start) {
            if (have_brk && brk > start) {
                PUSH(start, brk - start);
                start = brk;
            } else {
                PUSH(start, i - start);
                start = i;
            }
            while (s[start] == ' ')
                start++;
            i = start;
            x = 0;
            have_brk = false;
            continue;
        }
        x += a;
        i += (size_t)l;
        /* a break is allowed after a space or after any non-ASCII character */
        if (s[i - 1] == ' ' || l > 1) {
            brk = i;
            have_brk = true;
        }
    }
    if (i > start || n == 0)
        PUSH(start, i - start);
#undef PUSH
    *out = v;
    return n;
}

static void show(struct dj_pdf *p, double x, double baseline, const char *s, size_t len)
{
    char *tmp = dj_xmalloc(len + 1);

    memcpy(tmp, s, len);
    tmp[len] = '\0';
    cairo_move_to(p->cr, x, baseline);
    cairo_show_text(p->cr, tmp);
    free(tmp);
}

/* Wrapped text at x within width w, aligned 'l', 'r' or 'c'; breaks pages between lines. */
static void text_block(struct dj_pdf *p, const char *raw, double x, double w, char align, double pt)
{
    char *s;
    struct span *lines;
    size_t n, i;
    double lh = pt * LINE_GAP;

    if (!ok(p))
        return;
    s = clean(raw);
    set_size(p, pt);
    n = wrap(p, s, w, &lines);
    for (i = 0; i < n && ok(p); i++) {
        double lx = x;
        need(p, lh);
        if (align != 'l') {
            char *tmp = dj_xmalloc(lines[i].len + 1);
            memcpy(tmp, s + lines[i].start, lines[i].len);
            tmp[lines[i].len] = '\0';
            double tw = text_width(p, tmp);
            free(tmp);
            lx = align == 'r' ? x + w - tw : x + (w - tw) / 2;
        }
        show(p, lx, p->y + pt * 1.1, s + lines[i].start, lines[i].len);
        p->y += lh;
    }
    free(lines);
    free(s);
    set_size(p, BODY_PT);
}

/* Draw s[from, to) at x on the baseline, underlined when `under`; returns its width. */
static double segment(struct dj_pdf *p, double x, double base, const char *s, size_t from,
                      size_t to, bool under)
{
    char *tmp = dj_xmalloc(to - from + 1);
    double w;

    memcpy(tmp, s + from, to - from);
    tmp[to - from] = '\0';
    w = text_width(p, tmp);
    cairo_move_to(p->cr, x, base);
    cairo_show_text(p->cr, tmp);
    free(tmp);
    if (under && w > 0) {
        cairo_save(p->cr);
        cairo_set_line_width(p->cr, 0.5);
        cairo_move_to(p->cr, x, base + p->size * 0.22);
        cairo_line_to(p->cr, x + w, base + p->size * 0.22);
        cairo_stroke(p->cr);
        cairo_restore(p->cr);
    }
    return w;
}

void dj_pdf_runs(struct dj_pdf *p, const struct dj_pdf_run *runs, size_t n, char align)
{
    static const char blank[] = "\u3000\u3000\u3000\u3000";
    struct dj_buf text, marks;
    struct span *lines;
    char *s, *mark;
    size_t nl;
    double lh = BODY_PT * LINE_GAP;

    if (!ok(p))
        return;
    /* the runs as one string, and beside it one byte per byte: 1 inside a fill run */
    dj_buf_init(&text, 0);
    dj_buf_init(&marks, 0);
    for (size_t i = 0; i < n; i++) {
        char *c = clean(runs[i].text ? runs[i].text : "");
        const char *t = runs[i].fill && !*c ? blank : c;
        for (size_t k = strlen(t); k > 0; k--)
            dj_buf_addc(&marks, runs[i].fill ? 1 : 0);
        dj_buf_adds(&text, t);
        free(c);
    }
    dj_buf_adds(&text, "");
    dj_buf_addc(&marks, 0);
    s = dj_buf_detach(&text, NULL);
    mark = dj_buf_detach(&marks, NULL);
    set_size(p, BODY_PT);
    nl = wrap(p, s, TEXT_W, &lines);
    for (size_t i = 0; i < nl && ok(p); i++) {
        size_t a = lines[i].start, e = a + lines[i].len;
        double x = MARGIN, base;
        need(p, lh);
        base = p->y + BODY_PT * 1.1;
        if (align == 'r' || align == 'c') {
            char *tmp = dj_xmalloc(e - a + 1);
            memcpy(tmp, s + a, e - a);
            tmp[e - a] = '\0';
            double tw = text_width(p, tmp);
            free(tmp);
            x = align == 'r' ? MARGIN + TEXT_W - tw : MARGIN + (TEXT_W - tw) / 2;
        }
        while (a < e) {
            size_t b = a;
            while (b < e && mark[b] == mark[a])
                b++;
            x += segment(p, x, base, s, a, b, mark[a] != 0);
            a = b;
        }
        p->y += lh;
    }
    free(lines);
    free(mark);
    free(s);
}

void dj_pdf_title(struct dj_pdf *p, const char *text)
{
    text_block(p, text, MARGIN, TEXT_W, 'c', 18);
    dj_pdf_space(p, 4);
}

void dj_pdf_heading(struct dj_pdf *p, const char *text)
{
    if (ok(p))
        need(p, 13 * LINE_GAP * 2);
    dj_pdf_space(p, 2);
    text_block(p, text, MARGIN, TEXT_W, 'l', 13);
    dj_pdf_space(p, 1);
}

void dj_pdf_paragraph(struct dj_pdf *p, const char *text)
{
    text_block(p, text, MARGIN, TEXT_W, 'l', BODY_PT);
}

void dj_pdf_paragraph_right(struct dj_pdf *p, const char *text)
{
    text_block(p, text, MARGIN, TEXT_W, 'r', BODY_PT);
}

void dj_pdf_kv(struct dj_pdf *p, const char *key, const char *value)
{
    char *k;
    double kw, top;

    if (!ok(p))
        return;
    k = clean(key);
    set_size(p, BODY_PT);
    kw = text_width(p, k) + text_width(p, "：");
    if (kw > TEXT_W / 2)
        kw = TEXT_W / 2;
    need(p, BODY_PT * LINE_GAP);
    top = p->y;
    show(p, MARGIN, top + BODY_PT * 1.1, k, strlen(k));
    show(p, MARGIN + kw - text_width(p, "："), top + BODY_PT * 1.1, "：", strlen("："));
    free(k);
    text_block(p, value ? value : "", MARGIN + kw, TEXT_W - kw, 'l', BODY_PT);
}

void dj_pdf_space(struct dj_pdf *p, double mm)
{
    if (!ok(p))
        return;
    if (p->y + mm * MM > PAGE_H - MARGIN)
        dj_pdf_page_break(p);
    else
        p->y += mm * MM;
}

void dj_pdf_rule(struct dj_pdf *p)
{
    if (!ok(p))
        return;
    need(p, 4 * MM);
    p->y += 2 * MM;
    cairo_move_to(p->cr, MARGIN, p->y);
    cairo_line_to(p->cr, PAGE_W - MARGIN, p->y);
    cairo_stroke(p->cr);
    p->y += 2 * MM;
}

void dj_pdf_cut_line(struct dj_pdf *p, const char *label)
{
    static const double dash[] = {4.0, 3.0};
    double mid, lw = 0;
    char *l = NULL;

    if (!ok(p))
        return;
    need(p, 8 * MM);
    p->y += 4 * MM;
    mid = p->y;
    set_size(p, 9);
    if (label && *label) {
        l = clean(label);
        lw = text_width(p, l) + 4 * MM;
    }
    cairo_save(p->cr);
    cairo_set_dash(p->cr, dash, 2, 0);
    cairo_move_to(p->cr, 10 * MM, mid);
    cairo_line_to(p->cr, (PAGE_W - lw) / 2, mid);
    cairo_move_to(p->cr, (PAGE_W + lw) / 2, mid);
    cairo_line_to(p->cr, PAGE_W - 10 * MM, mid);
    cairo_stroke(p->cr);
    cairo_restore(p->cr);
    if (l) {
        show(p, (PAGE_W - lw) / 2 + 2 * MM, mid + 3, l, strlen(l));
        free(l);
    }
    set_size(p, BODY_PT);
    p->y += 4 * MM;
}

/* ---- tables ------------------------------------------------------------ */

struct cell_lines {
    char *text;
    struct span *lines;
    size_t n;
};

static void layout_row(struct dj_pdf *p, const char *const *cells, int ncols, const double *colw,
                       struct cell_lines *out, double *height)
{
    size_t most = 1;

    for (int c = 0; c < ncols; c++) {
        out[c].text = clean(cells ? cells[c] : "");
        out[c].n = wrap(p, out[c].text, colw[c] - 2 * CELL_PAD, &out[c].lines);
        if (out[c].n > most)
            most = out[c].n;
    }
    *height = (double)most * p->size * LINE_GAP + 2 * CELL_PAD;
}

static void free_row(struct cell_lines *cl, int ncols)
{
    for (int c = 0; c < ncols; c++) {
        free(cl[c].text);
        free(cl[c].lines);
    }
}

static void draw_row(struct dj_pdf *p, struct cell_lines *cl, int ncols, const double *colw,
                     const char *align, double h, bool shade)
{
    double x = MARGIN;

    if (shade) {
        cairo_save(p->cr);
        cairo_set_source_rgb(p->cr, 0.9, 0.9, 0.9);
        cairo_rectangle(p->cr, MARGIN, p->y, TEXT_W, h);
        cairo_fill(p->cr);
        cairo_restore(p->cr);
    }
    for (int c = 0; c < ncols; c++) {
        char a = align ? align[c] : 'l';
        for (size_t i = 0; i < cl[c].n; i++) {
            const char *s = cl[c].text + cl[c].lines[i].start;
            size_t len = cl[c].lines[i].len;
            double lx = x + CELL_PAD,
                   base = p->y + CELL_PAD + (double)i * p->size * LINE_GAP + p->size * 1.1;
            if (a == 'r' || a == 'c') {
                char *tmp = dj_xmalloc(len + 1);
                memcpy(tmp, s, len);
                tmp[len] = '\0';
                double tw = text_width(p, tmp);
                free(tmp);
                lx = a == 'r' ? x + colw[c] - CELL_PAD - tw : x + (colw[c] - tw) / 2;
            }
            show(p, lx, base, s, len);
        }
        cairo_rectangle(p->cr, x, p->y, colw[c], h);
        x += colw[c];
    }
    cairo_stroke(p->cr);
    p->y += h;
}

void dj_pdf_table(struct dj_pdf *p, const struct dj_pdf_table *t)
{
    double colw[DJ_PDF_MAX_COLS], total = 0, hh, rh;
    struct cell_lines head[DJ_PDF_MAX_COLS], row[DJ_PDF_MAX_COLS];
    int c;

    if (!ok(p))
        return;
    if (!t || t->ncols < 1 || t->ncols > DJ_PDF_MAX_COLS || !t->header || (t->nrows && !t->cells)) {
        fail(p, DJ_EINVAL, "表格参数不正确");
        return;
    }
    for (c = 0; c < t->ncols; c++)
        total += t->widths && t->widths[c] > 0 ? t->widths[c] : 1.0;
    for (c = 0; c < t->ncols; c++)
        colw[c] = TEXT_W * (t->widths && t->widths[c] > 0 ? t->widths[c] : 1.0) / total;
    set_size(p, 9.5);
    layout_row(p, t->header, t->ncols, colw, head, &hh);
    need(p, hh * 2);
    draw_row(p, head, t->ncols, colw, NULL, hh, true);
    for (size_t r = 0; r < t->nrows && ok(p); r++) {
        layout_row(p, t->cells + r * (size_t)t->ncols, t->ncols, colw, row, &rh);
        if (p->y + rh > PAGE_H - MARGIN) {
            dj_pdf_page_break(p);
            set_size(p, 9.5);
            if (ok(p))
                draw_row(p, head, t->ncols, colw, NULL, hh, true);
        }
        if (ok(p))
            draw_row(p, row, t->ncols, colw, t->align, rh, false);
        free_row(row, t->ncols);
    }
    free_row(head, t->ncols);
    set_size(p, BODY_PT);
    dj_pdf_space(p, 2);
}

int dj_pdf_finish(struct dj_pdf *p, struct dj_buf *out, struct dj_err *err)
{
    int rc = 0;

    if (!p)
        return dj_err_set(err, DJ_EINVAL, NULL, "没有PDF文档");
    if (!p->err_code) {
        cairo_show_page(p->cr);
        cairo_destroy(p->cr);
        p->cr = NULL;
        cairo_surface_finish(p->surface);
        if (cairo_surface_status(p->surface) != CAIRO_STATUS_SUCCESS)
            fail(p, DJ_EIO, "生成PDF文档失败");
    }
    if (p->err_code)
        rc = dj_err_set(err, p->err_code, NULL, "%s", p->err_msg);
    else if (dj_buf_add(out, p->bytes.data, p->bytes.len))
        rc = dj_err_set(err, DJ_ETOOBIG, NULL, "PDF文档过大");
    if (p->cr)
        cairo_destroy(p->cr);
    p->cr = NULL;
    cairo_surface_destroy(p->surface);
    dj_buf_release(&p->bytes);
    free(p);
    return rc;
}

void dj_pdf_shutdown(void)
{
    cairo_debug_reset_static_data();
    FcFini();
}
