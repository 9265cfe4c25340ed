/* io.c - recognising a file's format from its first bytes. */
#include "base/compat.h"
#include "io/io.h"

#include <string.h>

enum dj_io_format dj_io_sniff(const void *buf, size_t n)
{
    static const unsigned char zip[] = {'P', 'K', 3, 4};
    static const unsigned char ole2[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    const unsigned char *p = buf;

    if (n == 0) {
        return DJ_IO_UNKNOWN;
    }
    if (n >= sizeof zip && memcmp(p, zip, sizeof zip) == 0) {
        return DJ_IO_XLSX;
    }
    if (n >= sizeof ole2 && memcmp(p, ole2, sizeof ole2) == 0) {
        return DJ_IO_XLS;
    }
    if (n >= 5 && memcmp(p, "%PDF-", 5) == 0) {
        return DJ_IO_PDF;
    }
    /* Text: no NUL byte in the sample (UTF-16 files carry NULs; we do not take them). */
    if (memchr(p, 0, n) != NULL) {
        return DJ_IO_UNKNOWN;
    }
    return DJ_IO_TEXT;
}

const char *dj_io_format_name(enum dj_io_format f)
{
    switch (f) {
    case DJ_IO_XLSX:
        return "xlsx";
    case DJ_IO_XLS:
        return "xls";
    case DJ_IO_PDF:
        return "pdf";
    case DJ_IO_TEXT:
        return "csv";
    case DJ_IO_UNKNOWN:
        break;
    }
    return "unknown";
}
