/*
 * report.h - the import error report: the rejected rows of a file, in the
 * file's own layout, written as .xlsx (libxlsxwriter) with two added
 * columns, 错误原因 and 原行号, so the user can correct and re-import them.
 */
#ifndef DJ_IO_REPORT_H
#define DJ_IO_REPORT_H

#include <stdint.h>

#include "base/err.h"

struct dj_report_item {
    int64_t row;        /* sheet row number, ascending */
    const char *column; /* the column at fault, or "" */
    const char *reason; /* Chinese */
};

/*
 * Read `src` again and write `out`: the header row (sheet row header_row)
 * plus 错误原因 and 原行号, then every row named in items (in order), each
 * cell as text. Returns 0, or DJ_EIO / DJ_EINVAL with err set.
 */
int dj_report_write_xlsx(const char *src, int64_t header_row, const struct dj_report_item *items,
                         int n, const char *out, struct dj_err *err);

#endif
