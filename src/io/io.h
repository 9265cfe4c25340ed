/*
 * io.h - file formats (CSV, .xlsx, .xls, PDF): parse files into rows and
 * write rows and documents. Pure of the database: the importers and
 * exporters in svc/ call these and then the same svc functions as the API.
 *
 * This header holds what every format shares: recognising a file's format
 * from its first bytes, never from its name (users rename .xls files to
 * .xlsx and the reverse).
 */
#ifndef DJ_IO_H
#define DJ_IO_H

#include <stddef.h>

enum dj_io_format {
    DJ_IO_UNKNOWN,
    DJ_IO_XLSX, /* a zip container (PK\3\4): Office Open XML workbook */
    DJ_IO_XLS,  /* an OLE2 compound file (D0 CF 11 E0 A1 B1 1A E1): BIFF workbook */
    DJ_IO_PDF,  /* %PDF- */
    DJ_IO_TEXT, /* anything else without NUL bytes in the sample: CSV or TSV text */
};

/* The format of a file from its first n bytes (n may be 0). */
enum dj_io_format dj_io_sniff(const void *buf, size_t n);

/* "xlsx", "xls", "pdf", "csv" or "unknown". */
const char *dj_io_format_name(enum dj_io_format f);

#endif
