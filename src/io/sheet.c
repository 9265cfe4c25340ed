/* sheet.c - the row iterator: format dispatch, limits and the shared row builder. */
#include "base/compat.h"
#include "io/sheet.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "io/sheet_int.h"

void dj_sheet_limits_default(struct dj_sheet_limits *l)
{
    l->max_rows = 2000000;
    l->max_cell_bytes = 32767;
    l->max_zip_entries = 10000;
    l->max_xml_bytes = (int64_t)2 << 30;
    l->max_sst_bytes = (int64_t)256 << 20;
    l->max_ratio = 1000;
}

void dj_sheet_number_text(double v, char *out, size_t outsz)
{
    if (!isfinite(v)) {
        snprintf(out, outsz, "%s", "");
        return;
    }
    if (v == floor(v) && fabs(v) < 1e17)
        snprintf(out, outsz, "%.0f", v);
    else
        snprintf(out, outsz, "%.15g", v);
}

void dj_sheet_row_begin(struct dj_sheet *s, int64_t number)
{
    dj_buf_reset(&s->text);
    memset(s->has, 0, sizeof(s->has));
    s->row.number = number;
    s->row.ncells = 0;
}

int dj_sheet_row_cell(struct dj_sheet *s, int col, enum dj_cell_kind kind, const char *text,
                      size_t n, double num, struct dj_err *err)
{
    if (col < 0 || col >= DJ_SHEET_MAX_COLS)
        return 0;
    if ((int64_t)n > s->lim.max_cell_bytes)
        return dj_err_set(err, DJ_ETOOBIG, NULL, "第 %lld 行有单元格内容过长（超过 %lld 字节）",
                          (long long)s->row.number, (long long)s->lim.max_cell_bytes);
    s->off[col] = s->text.len;
    if (dj_buf_add(&s->text, text, n) || dj_buf_addc(&s->text, '\0'))
        return dj_err_set(err, DJ_ETOOBIG, NULL, "第 %lld 行内容过长", (long long)s->row.number);
    s->has[col] = true;
    s->row.cells[col].kind = kind;
    s->row.cells[col].num = num;
    return 0;
}

int dj_sheet_row_end(struct dj_sheet *s)
{
    int last = -1;

    for (int i = 0; i < DJ_SHEET_MAX_COLS; i++) {
        struct dj_cell *c = &s->row.cells[i];
        if (s->has[i]) {
            c->text = s->text.data + s->off[i];
            /* a cell of spaces only counts as empty, but keeps its text */
            if (strspn(c->text, " \t\r\n") != strlen(c->text))
                last = i;
            else if (c->kind == DJ_CELL_TEXT)
                c->kind = DJ_CELL_EMPTY;
        } else {
            c->kind = DJ_CELL_EMPTY;
            c->text = "";
            c->num = 0;
        }
    }
    s->row.ncells = last + 1;
    return last >= 0;
}

static int start(struct dj_sheet *s, const struct dj_sheet_limits *lim, const void *head, size_t n,
                 struct dj_err *err)
{
    if (lim)
        s->lim = *lim;
    else
        dj_sheet_limits_default(&s->lim);
    dj_buf_init(&s->text, (size_t)s->lim.max_cell_bytes * 4 + 4096);
    s->encoding = "";
    s->format = dj_io_sniff(head, n);
    switch (s->format) {
    case DJ_IO_TEXT:
        return dj_csv_start(s, err);
    case DJ_IO_XLSX:
        return dj_xlsx_start(s, err);
    case DJ_IO_XLS:
        return dj_xls_start(s, err);
    case DJ_IO_PDF:
    case DJ_IO_UNKNOWN:
        break;
    }
    if (n == 0)
        return dj_err_set(err, DJ_EINVAL, NULL, "文件为空");
    return dj_err_set(err, DJ_EINVAL, NULL,
                      "无法识别的文件格式：请上传 .xlsx、.xls 或 CSV（UTF-8 或 GB18030）文件");
}

int dj_sheet_open(const char *path, const struct dj_sheet_limits *lim, struct dj_sheet **out,
                  struct dj_err *err)
{
    struct dj_sheet *s;
    unsigned char head[4096];
    size_t n = 0;
    FILE *f;
    int rc;

    *out = NULL;
    if (!(f = fopen(path, "rb")))
        return dj_err_set(err, DJ_EIO, NULL, "无法打开文件");
    n = fread(head, 1, sizeof(head), f);
    fclose(f);
    s = dj_xcalloc(1, sizeof(*s));
    s->path = dj_xstrdup(path);
    if ((rc = start(s, lim, head, n, err))) {
        dj_sheet_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

int dj_sheet_open_mem(const void *data, size_t len, const struct dj_sheet_limits *lim,
                      struct dj_sheet **out, struct dj_err *err)
{
    struct dj_sheet *s = dj_xcalloc(1, sizeof(*s));
    int rc;

    *out = NULL;
    s->mem = data;
    s->mem_len = len;
    if ((rc = start(s, lim, data, len < 4096 ? len : 4096, err))) {
        dj_sheet_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

int dj_sheet_next(struct dj_sheet *s, const struct dj_row **row, struct dj_err *err)
{
    int rc = s->r->next(s, err);

    *row = rc == 1 ? &s->row : NULL;
    return rc;
}

enum dj_io_format dj_sheet_format(const struct dj_sheet *s)
{
    return s->format;
}

const char *dj_sheet_encoding(const struct dj_sheet *s)
{
    return s->encoding;
}

void dj_sheet_close(struct dj_sheet *s)
{
    if (!s)
        return;
    if (s->r && s->r->close)
        s->r->close(s);
    dj_buf_release(&s->text);
    free(s->path);
    free(s);
}
