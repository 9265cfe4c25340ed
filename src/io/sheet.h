/*
 * sheet.h - one row iterator over spreadsheet files: CSV (RFC 4180, UTF-8
 * with or without BOM, GB18030/GBK converted with iconv), .xlsx (our own
 * streaming reader on libzip + expat) and .xls (BIFF via libfreexl).
 *
 * The format comes from the file's first bytes (dj_io_sniff), never from its
 * name. Only the first worksheet is read. Rows come one at a time, in sheet
 * order, with every cell as UTF-8 text; a cell that was a number in the
 * workbook also carries the number (kind DJ_CELL_NUMBER), so that callers can
 * tell 20240501.0 and an Excel date serial from the text "20240501".
 * Numbers are rendered in text without a needless ".0" (13293527899.0 ->
 * "13293527899", 0.5 -> "0.5").
 *
 * Memory: CSV and .xlsx rows are streamed, so memory does not grow with the
 * number of rows (an .xlsx shared-string table is held whole, within its
 * cap); .xls files are read whole by libfreexl (BIFF files are small: at most
 * 65,536 rows). Every input is capped (struct dj_sheet_limits); a file beyond
 * a cap, a malformed or truncated file gives DJ_EINVAL / DJ_ETOOBIG with a
 * Chinese message naming the problem and, where known, the row.
 */
#ifndef DJ_IO_SHEET_H
#define DJ_IO_SHEET_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "io/io.h"

#define DJ_SHEET_MAX_COLS 64 /* cells beyond this column are ignored */

struct dj_sheet_limits {
    int64_t max_rows;        /* rows in the sheet (default 2,000,000) */
    int64_t max_cell_bytes;  /* one cell's text (default 32,767: Excel's own limit) */
    int64_t max_zip_entries; /* entries in an .xlsx (default 10,000) */
    int64_t max_xml_bytes;   /* uncompressed bytes of the sheet XML (default 2 GiB) */
    int64_t max_sst_bytes;   /* uncompressed bytes of sharedStrings.xml (default 256 MiB) */
    int64_t max_ratio;       /* uncompressed / compressed bytes of one entry (default 1000) */
};

/* The defaults above. */
void dj_sheet_limits_default(struct dj_sheet_limits *l);

enum dj_cell_kind {
    DJ_CELL_EMPTY,
    DJ_CELL_TEXT,
    DJ_CELL_NUMBER, /* num holds the value; text its rendering */
    DJ_CELL_BOOL,   /* text "TRUE" / "FALSE" */
    DJ_CELL_DATE,   /* .xls date cells: text is already "YYYY-MM-DD" */
};

struct dj_cell {
    enum dj_cell_kind kind;
    const char *text; /* UTF-8, NUL-terminated, never NULL ("" when empty) */
    double num;       /* DJ_CELL_NUMBER */
};

struct dj_row {
    int64_t number; /* 1-based row number in the sheet, as the user sees it */
    int ncells;     /* cells up to the last non-empty one (<= DJ_SHEET_MAX_COLS) */
    struct dj_cell cells[DJ_SHEET_MAX_COLS];
};

struct dj_sheet;

/*
 * Open a file for reading rows. lim NULL means the defaults. Returns 0 and
 * *out, or DJ_EINVAL ("无法识别的文件格式" ...) / DJ_ETOOBIG / DJ_EIO with err set.
 */
int dj_sheet_open(const char *path, const struct dj_sheet_limits *lim, struct dj_sheet **out,
                  struct dj_err *err);

/*
 * Open a file already in memory (the bytes must stay valid until close).
 * Same as dj_sheet_open otherwise; used by the fuzz targets and tests.
 */
int dj_sheet_open_mem(const void *data, size_t len, const struct dj_sheet_limits *lim,
                      struct dj_sheet **out, struct dj_err *err);

/*
 * The next row: 1 and *row (valid until the next call), 0 at the end, or a
 * negative code with err set. Completely empty rows are skipped (their
 * numbers are not reused: row numbers stay those of the sheet).
 */
int dj_sheet_next(struct dj_sheet *s, const struct dj_row **row, struct dj_err *err);

/* The format being read, and for CSV whether it was converted from GB18030. */
enum dj_io_format dj_sheet_format(const struct dj_sheet *s);
const char *dj_sheet_encoding(const struct dj_sheet *s); /* "utf-8", "gb18030" or "" */

/* Close and free; NULL is a no-op. */
void dj_sheet_close(struct dj_sheet *s);

/* Render a number as spreadsheet text: integral values without ".0", else up to 15 digits. */
void dj_sheet_number_text(double v, char *out, size_t outsz);

/* ---- the readers behind dj_sheet (sheet.c dispatches; each in its own file) ---- */

struct dj_sheet_reader {
    /* 1 row, 0 end, < 0 error; fill s->row */
    int (*next)(struct dj_sheet *s, struct dj_err *err);
    void (*close)(struct dj_sheet *s);
};

#endif
