/*
 * csv.c - the CSV reader behind dj_sheet: RFC 4180 quoting (quoted fields
 * may hold commas, doubled quotes and line breaks), CRLF or LF line ends,
 * UTF-8 with or without a BOM, and GB18030 (a superset of GBK and GB2312)
 * converted to UTF-8 with iconv as it streams.
 *
 * The encoding is decided from the first 64 KiB: a BOM or valid UTF-8 means
 * UTF-8, anything else GB18030. Bytes that do not convert, or later bytes
 * that are not valid UTF-8, are DJ_EINVAL naming the row. Memory is one
 * read buffer, one converted buffer and the current row.
 */
#include "base/compat.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

#include "io/sheet_int.h"

#define RAW_CHUNK 65536
#define OUT_CHUNK (RAW_CHUNK * 2 + 16)

struct csv {
    FILE *f;
    size_t mem_pos; /* next byte of s->mem */
    bool eof;       /* no more raw input */
    iconv_t cd;     /* (iconv_t)-1 for UTF-8 */
    unsigned char raw[RAW_CHUNK + 8];
    size_t raw_len; /* unconverted bytes kept in raw (GB18030 only) */
    unsigned char out[OUT_CHUNK];
    size_t out_pos, out_len; /* decoded bytes ready */
    bool first;              /* before the first byte (BOM check) */
    int64_t record;          /* records read */
    struct dj_buf field;     /* the field being read */
};

static size_t raw_read(struct dj_sheet *s, struct csv *c, unsigned char *dst, size_t n)
{
    size_t got;

    if (s->mem) {
        got = s->mem_len - c->mem_pos < n ? s->mem_len - c->mem_pos : n;
        memcpy(dst, s->mem + c->mem_pos, got);
        c->mem_pos += got;
        return got;
    }
    return fread(dst, 1, n, c->f);
}

/* Refill out[]: 1 when bytes are ready, 0 at the end, < 0 on bad input. */
static int refill(struct dj_sheet *s, struct csv *c, struct dj_err *err)
{
    for (;;) {
        size_t got = 0;

        if (!c->eof && c->raw_len < RAW_CHUNK) {
            got = raw_read(s, c, c->raw + c->raw_len, RAW_CHUNK - c->raw_len);
            if (got == 0)
                c->eof = true;
        }
        if (c->cd == (iconv_t)-1) {
            if (!got)
                return 0;
            memcpy(c->out, c->raw, got);
            c->out_pos = 0;
            c->out_len = got;
            return 1;
        }
        c->raw_len += got;
        if (!c->raw_len)
            return 0;
        {
            char *in = (char *)c->raw, *o = (char *)c->out;
            size_t inleft = c->raw_len, outleft = sizeof(c->out);
            size_t r = iconv(c->cd, &in, &inleft, &o, &outleft);

            if (r == (size_t)-1 && errno == EILSEQ)
                return dj_err_set(
                    err, DJ_EINVAL, NULL,
                    "第 %lld 行附近含有无法识别的字符（文件编码应为 UTF-8 或 GB18030）",
                    (long long)c->record + 1);
            if (r == (size_t)-1 && errno == EINVAL && c->eof)
                return dj_err_set(err, DJ_EINVAL, NULL, "文件末尾的字符不完整（文件可能被截断）");
            memmove(c->raw, in, inleft);
            c->raw_len = inleft;
            c->out_pos = 0;
            c->out_len = sizeof(c->out) - outleft;
            if (c->out_len)
                return 1;
            if (c->eof && !c->raw_len)
                return 0;
        }
    }
}

/* The next decoded byte, -1 at the end, or < -1 for an error. */
static int next_byte(struct dj_sheet *s, struct csv *c, struct dj_err *err)
{
    int rc;

    if (c->out_pos == c->out_len) {
        rc = refill(s, c, err);
        if (rc < 0)
            return -2;
        if (rc == 0)
            return -1;
    }
    if (c->first) {
        c->first = false;
        if (c->out_len - c->out_pos >= 3 && !memcmp(c->out + c->out_pos, "\xEF\xBB\xBF", 3))
            c->out_pos += 3;
        if (c->out_pos == c->out_len)
            return next_byte(s, c, err);
    }
    return c->out[c->out_pos++];
}

static int end_field(struct dj_sheet *s, struct csv *c, int col, struct dj_err *err)
{
    const char *t = dj_buf_str(&c->field);

    if (!dj_utf8_valid(t))
        return dj_err_set(err, DJ_EINVAL, NULL, "第 %lld 行含有无效的 UTF-8 字符",
                          (long long)c->record);
    return dj_sheet_row_cell(s, col, c->field.len ? DJ_CELL_TEXT : DJ_CELL_EMPTY, t, c->field.len,
                             0, err);
}

/* Read one record: 1, 0 at the end, < 0 error. */
static int read_record(struct dj_sheet *s, struct csv *c, struct dj_err *err)
{
    int col = 0, ch, rc;
    bool quoted = false, any = false;

    c->record++;
    if (c->record > s->lim.max_rows)
        return dj_err_set(err, DJ_ETOOBIG, NULL, "文件行数超过上限 %lld 行",
                          (long long)s->lim.max_rows);
    dj_sheet_row_begin(s, c->record);
    dj_buf_reset(&c->field);
    for (;;) {
        ch = next_byte(s, c, err);
        if (ch < -1)
            return DJ_EINVAL;
        if (ch == -1) {
            if (quoted)
                return dj_err_set(err, DJ_EINVAL, NULL,
                                  "第 %lld 行的引号没有闭合（文件可能被截断）",
                                  (long long)c->record);
            if (!any)
                return 0;
            return (rc = end_field(s, c, col, err)) ? rc : 1;
        }
        any = true;
        if (quoted) {
            if (ch == '"') {
                int nx = next_byte(s, c, err);
                if (nx < -1)
                    return DJ_EINVAL;
                if (nx == '"') {
                    if (dj_buf_addc(&c->field, '"'))
                        goto too_long;
                    continue;
                }
                quoted = false;
                if (nx == -1)
                    return (rc = end_field(s, c, col, err)) ? rc : 1;
                ch = nx; /* fall through to unquoted handling of the byte after the quote */
            } else {
                if (dj_buf_addc(&c->field, (char)ch))
                    goto too_long;
                continue;
            }
        }
        if (ch == '"' && c->field.len == 0) {
            quoted = true;
        } else if (ch == ',') {
            if ((rc = end_field(s, c, col++, err)))
                return rc;
            dj_buf_reset(&c->field);
        } else if (ch == '\n') {
            if (c->field.len && c->field.data[c->field.len - 1] == '\r')
                c->field.data[--c->field.len] = '\0';
            return (rc = end_field(s, c, col, err)) ? rc : 1;
        } else if (dj_buf_addc(&c->field, (char)ch)) {
            goto too_long;
        }
    }
too_long:
    return dj_err_set(err, DJ_ETOOBIG, NULL, "第 %lld 行有单元格内容过长（超过 %lld 字节）",
                      (long long)c->record, (long long)s->lim.max_cell_bytes);
}

static int csv_next(struct dj_sheet *s, struct dj_err *err)
{
    struct csv *c = s->impl;

    for (;;) {
        int rc = read_record(s, c, err);
        if (rc <= 0)
            return rc;
        if (dj_sheet_row_end(s))
            return 1;
    }
}

static void csv_close(struct dj_sheet *s)
{
    struct csv *c = s->impl;

    if (!c)
        return;
    if (c->f)
        fclose(c->f);
    if (c->cd != (iconv_t)-1)
        iconv_close(c->cd);
    dj_buf_release(&c->field);
    free(c);
    s->impl = NULL;
}

static const struct dj_sheet_reader csv_reader = {csv_next, csv_close};

/* Whether p[0..n) is UTF-8, allowing a sequence cut off at the end. */
static bool looks_utf8(const unsigned char *p, size_t n)
{
    size_t i = 0;

    while (i < n) {
        unsigned char b = p[i];
        size_t k;
        if (b < 0x80) {
            i++;
            continue;
        }
        if (b >= 0xC2 && b <= 0xDF)
            k = 1;
        else if (b >= 0xE0 && b <= 0xEF)
            k = 2;
        else if (b >= 0xF0 && b <= 0xF4)
            k = 3;
        else
            return false;
        for (size_t j = 1; j <= k; j++) {
            if (i + j >= n)
                return true; /* cut off by the sample */
            if ((p[i + j] & 0xC0) != 0x80)
                return false;
        }
        i += k + 1;
    }
    return true;
}

int dj_csv_start(struct dj_sheet *s, struct dj_err *err)
{
    struct csv *c = dj_xcalloc(1, sizeof(*c));
    size_t n;

    c->cd = (iconv_t)-1;
    c->first = true;
    dj_buf_init(&c->field, (size_t)s->lim.max_cell_bytes);
    s->impl = c;
    s->r = &csv_reader;
    if (s->path && !(c->f = fopen(s->path, "rb")))
        return dj_err_set(err, DJ_EIO, NULL, "无法打开文件");
    /* decide the encoding from the first chunk, kept in raw[] */
    n = raw_read(s, c, c->raw, RAW_CHUNK);
    if (n >= 3 && !memcmp(c->raw, "\xEF\xBB\xBF", 3)) {
        s->encoding = "utf-8";
    } else if (looks_utf8(c->raw, n)) {
        s->encoding = "utf-8";
    } else {
        s->encoding = "gb18030";
        c->cd = iconv_open("UTF-8", "GB18030");
        if (c->cd == (iconv_t)-1)
            return dj_err_set(err, DJ_EINTERNAL, NULL, "系统不支持 GB18030 编码转换");
    }
    if (c->cd == (iconv_t)-1) {
        memcpy(c->out, c->raw, n);
        c->out_len = n;
        if (n == 0)
            c->eof = true;
    } else {
        c->raw_len = n;
    }
    return 0;
}
