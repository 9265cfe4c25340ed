/*
 * sheet_int.h - private to the sheet readers (sheet.c, csv.c, xlsx.c,
 * xls.c): the iterator state and the row builder they share.
 */
#ifndef DJ_IO_SHEET_INT_H
#define DJ_IO_SHEET_INT_H

#include <stdbool.h>
#include <stdio.h>

#include "base/buf.h"
#include "io/sheet.h"

struct dj_sheet {
    const struct dj_sheet_reader *r;
    enum dj_io_format format;
    const char *encoding;
    struct dj_sheet_limits lim;
    struct dj_row row;             /* the row handed out */
    struct dj_buf text;            /* texts of the row's cells */
    size_t off[DJ_SHEET_MAX_COLS]; /* offsets into text while building */
    bool has[DJ_SHEET_MAX_COLS];   /* cell given while building */
    const unsigned char *mem;      /* source in memory, or NULL */
    size_t mem_len;
    char *path; /* source file, or NULL */
    void *impl; /* the reader's own state */
};

/* Start building row `number` (1-based). */
void dj_sheet_row_begin(struct dj_sheet *s, int64_t number);
/*
 * Set cell `col` (0-based; beyond DJ_SHEET_MAX_COLS ignored). Text over the
 * cell cap is DJ_ETOOBIG naming the row.
 */
int dj_sheet_row_cell(struct dj_sheet *s, int col, enum dj_cell_kind kind, const char *text,
                      size_t n, double num, struct dj_err *err);
/* Finish the row: 1 when it has a non-empty cell, 0 when it is blank. */
int dj_sheet_row_end(struct dj_sheet *s);

/* Reader entry points: set s->r and s->impl, 0 or an error. */
int dj_csv_start(struct dj_sheet *s, struct dj_err *err);
int dj_xlsx_start(struct dj_sheet *s, struct dj_err *err);
int dj_xls_start(struct dj_sheet *s, struct dj_err *err);

#endif
