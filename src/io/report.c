/* report.c - the import error report as .xlsx (see report.h). */
#include "base/compat.h"
#include "io/report.h"

#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "io/sheet.h"

int dj_report_write_xlsx(const char *src, int64_t header_row, const struct dj_report_item *items,
                         int n, const char *out, struct dj_err *err)
{
    lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *bold;
    struct dj_sheet *s;
    const struct dj_row *row;
    int ncols = 0, next = 0, rc;
    lxw_row_t outrow = 0;

    if ((rc = dj_sheet_open(src, NULL, &s, err)))
        return rc;
    if (!(wb = workbook_new_opt(out, &opts))) {
        dj_sheet_close(s);
        return dj_err_set(err, DJ_EIO, NULL, "无法创建错误报告文件");
    }
    ws = workbook_add_worksheet(wb, "错误报告");
    bold = workbook_add_format(wb);
    format_set_bold(bold);
    while ((rc = dj_sheet_next(s, &row, err)) == 1) {
        bool header = row->number == header_row;
        const char *reason = NULL, *column = NULL;

        while (next < n && items[next].row < row->number)
            next++;
        if (next < n && items[next].row == row->number) {
            reason = items[next].reason;
            column = items[next].column;
        }
        if (!header && !reason)
            continue;
        if (header)
            ncols = row->ncells;
        for (int c = 0; c < row->ncells && c < ncols; c++)
            worksheet_write_string(ws, outrow, (lxw_col_t)c, row->cells[c].text,
                                   header ? bold : NULL);
        if (header) {
            worksheet_write_string(ws, outrow, (lxw_col_t)ncols, "错误原因", bold);
            worksheet_write_string(ws, outrow, (lxw_col_t)ncols + 1, "原行号", bold);
        } else {
            char buf[640];
            snprintf(buf, sizeof(buf), "%s%s%s%s", *column ? "「" : "", column, *column ? "」" : "",
                     reason);
            if (*column && strstr(reason, column))
                snprintf(buf, sizeof(buf), "%s", reason);
            worksheet_write_string(ws, outrow, (lxw_col_t)ncols, buf, NULL);
            worksheet_write_number(ws, outrow, (lxw_col_t)ncols + 1, (double)row->number, NULL);
        }
        outrow++;
    }
    dj_sheet_close(s);
    if (workbook_close(wb) != LXW_NO_ERROR && rc >= 0)
        return dj_err_set(err, DJ_EIO, NULL, "无法写入错误报告文件");
    return rc < 0 ? rc : 0;
}
