#include <criterion/criterion.h>

#include "io/io.h"

Test(io, sniff_by_content_not_name)
{
    static const unsigned char xlsx[] = {'P', 'K', 3, 4, 20, 0};
    static const unsigned char xls[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0};
    static const unsigned char utf16[] = {0xFF, 0xFE, 'a', 0};
    cr_assert_eq(dj_io_sniff(xlsx, sizeof xlsx), DJ_IO_XLSX);
    cr_assert_eq(dj_io_sniff(xls, sizeof xls), DJ_IO_XLS);
    cr_assert_neq(dj_io_sniff(xls, 7), DJ_IO_XLS); /* a truncated signature is not a workbook */
    cr_assert_eq(dj_io_sniff("%PDF-1.7", 8), DJ_IO_PDF);
    cr_assert_eq(dj_io_sniff("姓名,性别\r\n", 15), DJ_IO_TEXT);
    cr_assert_eq(dj_io_sniff("PK", 2), DJ_IO_TEXT);
    cr_assert_eq(dj_io_sniff(utf16, sizeof utf16), DJ_IO_UNKNOWN);
    cr_assert_eq(dj_io_sniff("", 0), DJ_IO_UNKNOWN);
    cr_assert_str_eq(dj_io_format_name(DJ_IO_TEXT), "csv");
    cr_assert_str_eq(dj_io_format_name(DJ_IO_UNKNOWN), "unknown");
}
