/*
 * fuzz_csv.c - libFuzzer target for the CSV reader (RFC 4180, BOM, GB18030 through iconv) and the
 * layout module (header detection, value normalisation) over every row.
 *
 * Arbitrary bytes must never crash a reader: every row handed out has
 * NUL-terminated UTF-8 cells within DJ_SHEET_MAX_COLS, and a failure sets a
 * Chinese message. Caps are lowered so that the fuzzer reaches them.
 * Built by tests/fuzz/run.sh with the sources in targets.txt.
 */
#include "base/compat.h"
#include "io/layout.h"
#include "io/sheet.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dj_sheet_limits lim;
    struct dj_layout_match m;
    struct dj_sheet *s = NULL;
    const struct dj_row *row;
    struct dj_err err;
    bool header = false;
    int rc, rows = 0;

    if (size >= 2 && (data[0] == 0x50 || data[0] == 0xD0))
        return 0; /* leave the zip and OLE2 signatures to the other targets */
    dj_sheet_limits_default(&lim);
    lim.max_rows = 5000;
    lim.max_xml_bytes = 8 << 20;
    lim.max_sst_bytes = 4 << 20;
    dj_err_clear(&err);
    if ((rc = dj_sheet_open_mem(data, size, &lim, &s, &err))) {
        if (!err.message[0])
            dj_die("open failed without a message: %d", rc);
        return 0;
    }
    while ((rc = dj_sheet_next(s, &row, &err)) == 1) {
        if (row->ncells < 0 || row->ncells > DJ_SHEET_MAX_COLS)
            dj_die("bad ncells %d", row->ncells);
        for (int i = 0; i < row->ncells; i++) {
            char out[512];
            struct dj_err e2;
            if (!row->cells[i].text || !dj_utf8_valid(row->cells[i].text))
                dj_die("cell %d of row %lld is not UTF-8", i, (long long)row->number);
            for (int k = DJ_V_TEXT; k <= DJ_V_BOOL; k++)
                (void)dj_layout_value((enum dj_vkind)k, &row->cells[i], out, sizeof(out), &e2);
        }
        if (!header)
            header = dj_layout_detect(row, &m);
        else
            (void)dj_layout_section_row(row, &m);
        rows++;
    }
    if (rc < 0 && !err.message[0])
        dj_die("row error without a message: %d", rc);
    dj_sheet_close(s);
    return rows < 0;
}
