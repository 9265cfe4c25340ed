/*
 * xls.c - the .xls (BIFF5/BIFF8) reader behind dj_sheet, a thin wrapper over
 * libfreexl. freexl reads the whole workbook into memory on open (a BIFF
 * sheet has at most 65,536 rows, so that is bounded); rows are then handed
 * out one at a time from the first worksheet. Date cells come out as
 * DJ_CELL_DATE with text "YYYY-MM-DD"; numbers as DJ_CELL_NUMBER.
 * A file in memory is written to a private temporary file first (freexl
 * reads only from paths).
 */
#include "base/compat.h"

#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/sheet_int.h"

struct xls {
    const void *h;
    unsigned int rows, row;
    unsigned short cols;
};

static int xls_next(struct dj_sheet *s, struct dj_err *err)
{
    struct xls *x = s->impl;

    while (x->row < x->rows) {
        unsigned int r = x->row++;
        if ((int64_t)r + 1 > s->lim.max_rows)
            return dj_err_set(err, DJ_ETOOBIG, NULL, "文件行数超过上限 %lld 行",
                              (long long)s->lim.max_rows);
        dj_sheet_row_begin(s, (int64_t)r + 1);
        for (unsigned short c = 0; c < x->cols && c < DJ_SHEET_MAX_COLS; c++) {
            FreeXL_CellValue v;
            char num[40];
            const char *t;
            int rc = 0;

            if (freexl_get_cell_value(x->h, r, c, &v) != FREEXL_OK)
                return dj_err_set(err, DJ_EINVAL, NULL, "第 %u 行的单元格无法读取，文件可能已损坏",
                                  r + 1);
            switch (v.type) {
            case FREEXL_CELL_INT:
                snprintf(num, sizeof(num), "%d", v.value.int_value);
                rc = dj_sheet_row_cell(s, c, DJ_CELL_NUMBER, num, strlen(num),
                                       (double)v.value.int_value, err);
                break;
            case FREEXL_CELL_DOUBLE:
                dj_sheet_number_text(v.value.double_value, num, sizeof(num));
                rc = dj_sheet_row_cell(s, c, DJ_CELL_NUMBER, num, strlen(num), v.value.double_value,
                                       err);
                break;
            case FREEXL_CELL_TEXT:
            case FREEXL_CELL_SST_TEXT:
                t = v.value.text_value ? v.value.text_value : "";
                if (!dj_utf8_valid(t))
                    return dj_err_set(err, DJ_EINVAL, NULL, "第 %u 行含有无效字符", r + 1);
                rc = dj_sheet_row_cell(s, c, DJ_CELL_TEXT, t, strlen(t), 0, err);
                break;
            case FREEXL_CELL_DATE:
            case FREEXL_CELL_DATETIME:
                t = v.value.text_value ? v.value.text_value : "";
                rc = dj_sheet_row_cell(s, c, DJ_CELL_DATE, t, strlen(t) < 10 ? strlen(t) : 10, 0,
                                       err);
                break;
            case FREEXL_CELL_TIME:
                t = v.value.text_value ? v.value.text_value : "";
                rc = dj_sheet_row_cell(s, c, DJ_CELL_TEXT, t, strlen(t), 0, err);
                break;
            default:
                break;
            }
            if (rc)
                return rc;
        }
        if (dj_sheet_row_end(s))
            return 1;
    }
    return 0;
}

static void xls_close(struct dj_sheet *s)
{
    struct xls *x = s->impl;

    if (!x)
        return;
    if (x->h)
        freexl_close(x->h);
    free(x);
    s->impl = NULL;
}

static const struct dj_sheet_reader xls_reader = {xls_next, xls_close};

static int bad(struct dj_err *err)
{
    return dj_err_set(err, DJ_EINVAL, NULL, "文件不是有效的 .xls 工作簿，或已损坏、被截断");
}

int dj_xls_start(struct dj_sheet *s, struct dj_err *err)
{
    struct xls *x = dj_xcalloc(1, sizeof(*x));
    char tmp[] = "/tmp/dj-xls-XXXXXX";
    const char *path = s->path;
    int rc, fd = -1;

    s->impl = x;
    s->r = &xls_reader;
    if (s->mem) {
        size_t off = 0;
        if ((fd = mkstemp(tmp)) < 0)
            return dj_err_set(err, DJ_EIO, NULL, "无法创建临时文件");
        while (off < s->mem_len) {
            ssize_t w = write(fd, s->mem + off, s->mem_len - off);
            if (w <= 0)
                break;
            off += (size_t)w;
        }
        close(fd);
        path = tmp;
        if (off < s->mem_len) {
            unlink(tmp);
            return dj_err_set(err, DJ_EIO, NULL, "无法写入临时文件");
        }
    }
    rc = freexl_open(path, &x->h);
    if (s->mem)
        unlink(tmp);
    if (rc != FREEXL_OK || !x->h) { /* freexl 1.0 may answer OK without a handle */
        x->h = NULL;
        return bad(err);
    }
    if (freexl_select_active_worksheet(x->h, 0) != FREEXL_OK ||
        freexl_worksheet_dimensions(x->h, &x->rows, &x->cols) != FREEXL_OK)
        return bad(err);
    return 0;
}
