/*
 * xlsx.c - the .xlsx reader behind dj_sheet, on libzip + expat.
 *
 * Reads the first worksheet of the workbook (xl/workbook.xml and its
 * relationships; xl/worksheets/sheet1.xml when those do not say), with the
 * shared-string table (xl/sharedStrings.xml, held in memory within its cap)
 * and cells of every type: shared strings (t="s"), inline strings
 * (t="inlineStr"), formula strings (t="str"), booleans (t="b"), errors
 * (t="e", as their text) and numbers (no t, or t="n"), which come out as
 * DJ_CELL_NUMBER so that date serials can be told from text.
 *
 * The sheet XML is streamed: expat is suspended at each </row>, so memory
 * does not grow with the number of rows. Caps against zip bombs: the number
 * of zip entries, the uncompressed bytes actually read from each entry
 * (whatever its header claims), the ratio of those to the compressed size,
 * the number of rows and the size of a cell.
 */
#include "base/compat.h"

#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "io/sheet_int.h"

#define CHUNK 65536
#define SMALL_XML_MAX ((int64_t)16 << 20) /* workbook.xml, its .rels */
#define SST_MAX_COUNT 20000000

struct xlsx {
    zip_t *zip;
    zip_file_t *zf; /* the sheet being streamed */
    int64_t zf_read, zf_cap;
    XML_Parser p;
    bool final_given, done, suspended;
    char chunk[CHUNK];
    /* shared strings */
    char *sst;       /* all strings, NUL-separated */
    size_t *sst_off; /* offsets into sst */
    size_t sst_n, sst_alloc;
    /* parse state */
    struct dj_err *err; /* where a callback's error goes */
    int rc;             /* a callback's error, or 0 */
    bool row_ready;
    bool in_row, in_v, in_t, in_is, in_rph;
    int64_t row_number, last_row;
    int col, next_col;
    char ctype[16];
    struct dj_buf val; /* text of the current <v> / <t> */
};

/* ---- zip entries -------------------------------------------------------- */

static int bomb(struct dj_err *err)
{
    return dj_err_set(err, DJ_ETOOBIG, NULL, "文件解压后过大或压缩比异常，已拒绝（疑似压缩炸弹）");
}

static int bad_file(struct dj_err *err, const char *what)
{
    dj_err_set(err, DJ_EINVAL, NULL, "文件不是有效的 .xlsx 工作簿，或已损坏（%s）", what);
    return DJ_EINVAL;
}

/*
 * Stream entry `name` through parser p, reading at most cap bytes (actual
 * bytes, and no more than max_ratio times the compressed size).
 */
static int parse_entry(struct dj_sheet *s, struct xlsx *x, const char *name, XML_Parser p,
                       int64_t cap, struct dj_err *err)
{
    zip_int64_t idx = zip_name_locate(x->zip, name, 0), got;
    zip_stat_t st;
    zip_file_t *zf;
    int64_t total = 0, ratio_cap;
    int rc = 0;

    if (idx < 0)
        return DJ_ENOTFOUND;
    if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &st))
        return bad_file(err, name);
    ratio_cap = (int64_t)st.comp_size * s->lim.max_ratio + 65536;
    if ((st.valid & ZIP_STAT_SIZE) && (int64_t)st.size > cap)
        return bomb(err);
    if (!(zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0)))
        return bad_file(err, name);
    while ((got = zip_fread(zf, x->chunk, sizeof(x->chunk))) > 0) {
        total += got;
        if (total > cap || total > ratio_cap) {
            rc = bomb(err);
            break;
        }
        if (XML_Parse(p, x->chunk, (int)got, 0) != XML_STATUS_OK) {
            rc = x->rc ? x->rc : bad_file(err, name);
            break;
        }
    }
    if (!rc && got < 0)
        rc = bad_file(err, name);
    if (!rc && XML_Parse(p, "", 0, 1) != XML_STATUS_OK)
        rc = x->rc ? x->rc : bad_file(err, name);
    zip_fclose(zf);
    return rc;
}

static const char *attr(const XML_Char **a, const char *name)
{
    for (; a && *a; a += 2)
        if (!strcmp(a[0], name))
            return a[1];
    return NULL;
}

/* Local name of a possibly prefixed element ("x:row" -> "row"). */
static const char *local(const char *n)
{
    const char *c = strchr(n, ':');
    return c ? c + 1 : n;
}

/* ---- workbook.xml and its relationships: where the first sheet is --------- */

struct wb {
    char rid[128];
    char target[512];
    bool found;
};

static void wb_start(void *ud, const XML_Char *name, const XML_Char **a)
{
    struct wb *w = ud;
    const char *v;

    if (!w->found && !strcmp(local(name), "sheet") && (v = attr(a, "r:id"))) {
        dj_strlcpy(w->rid, v, sizeof(w->rid));
        w->found = true;
    }
}

static void rel_start(void *ud, const XML_Char *name, const XML_Char **a)
{
    struct wb *w = ud;
    const char *id, *t;

    if (!strcmp(local(name), "Relationship") && (id = attr(a, "Id")) && (t = attr(a, "Target")) &&
        !strcmp(id, w->rid))
        dj_strlcpy(w->target, t, sizeof(w->target));
}

static void find_sheet(struct dj_sheet *s, struct xlsx *x, char *path, size_t sz)
{
    struct wb w = {{0}, {0}, false};
    XML_Parser p = XML_ParserCreate("UTF-8");
    struct dj_err ignore = {0};

    snprintf(path, sz, "%s", "xl/worksheets/sheet1.xml");
    XML_SetUserData(p, &w);
    XML_SetStartElementHandler(p, wb_start);
    if (parse_entry(s, x, "xl/workbook.xml", p, SMALL_XML_MAX, &ignore) || !w.found) {
        XML_ParserFree(p);
        return;
    }
    XML_ParserFree(p);
    p = XML_ParserCreate("UTF-8");
    XML_SetUserData(p, &w);
    XML_SetStartElementHandler(p, rel_start);
    if (!parse_entry(s, x, "xl/_rels/workbook.xml.rels", p, SMALL_XML_MAX, &ignore) &&
        w.target[0]) {
        if (w.target[0] == '/')
            snprintf(path, sz, "%s", w.target + 1);
        else
            snprintf(path, sz, "xl/%s", w.target);
    }
    XML_ParserFree(p);
}

/* ---- shared strings ------------------------------------------------------- */

struct sst_state {
    struct xlsx *x;
    struct dj_buf all;
    bool in_si, in_t, in_rph;
    int64_t cell_cap;
};

static void sst_start(void *ud, const XML_Char *name, const XML_Char **a)
{
    struct sst_state *st = ud;
    const char *n = local(name);
    (void)a;
    if (!strcmp(n, "si")) {
        st->in_si = true;
        if (st->x->sst_n == st->x->sst_alloc) {
            st->x->sst_alloc = st->x->sst_alloc ? st->x->sst_alloc * 2 : 1024;
            st->x->sst_off = dj_xrealloc(st->x->sst_off, st->x->sst_alloc * sizeof(size_t));
        }
        st->x->sst_off[st->x->sst_n++] = st->all.len;
    } else if (!strcmp(n, "rPh")) {
        st->in_rph = true;
    } else if (!strcmp(n, "t") && st->in_si && !st->in_rph) {
        st->in_t = true;
    }
}

static void sst_end(void *ud, const XML_Char *name)
{
    struct sst_state *st = ud;
    const char *n = local(name);

    if (!strcmp(n, "si")) {
        st->in_si = false;
        if (dj_buf_addc(&st->all, '\0') && !st->x->rc)
            st->x->rc = bomb(st->x->err);
        if (st->x->sst_n > SST_MAX_COUNT && !st->x->rc)
            st->x->rc = bomb(st->x->err);
    } else if (!strcmp(n, "rPh")) {
        st->in_rph = false;
    } else if (!strcmp(n, "t")) {
        st->in_t = false;
    }
}

static void sst_text(void *ud, const XML_Char *t, int len)
{
    struct sst_state *st = ud;

    if (st->in_t && dj_buf_add(&st->all, t, (size_t)len) && !st->x->rc)
        st->x->rc = bomb(st->x->err);
}

static int load_sst(struct dj_sheet *s, struct xlsx *x, struct dj_err *err)
{
    struct sst_state st = {.x = x};
    XML_Parser p = XML_ParserCreate("UTF-8");
    int rc;

    dj_buf_init(&st.all, (size_t)s->lim.max_sst_bytes);
    XML_SetUserData(p, &st);
    XML_SetElementHandler(p, sst_start, sst_end);
    XML_SetCharacterDataHandler(p, sst_text);
    x->err = err;
    rc = parse_entry(s, x, "xl/sharedStrings.xml", p, s->lim.max_sst_bytes, err);
    XML_ParserFree(p);
    if (rc == DJ_ENOTFOUND)
        rc = 0;
    x->sst = dj_buf_detach(&st.all, NULL);
    dj_buf_release(&st.all);
    return rc;
}

/* ---- the sheet ------------------------------------------------------------ */

/* "AB12" -> 27 (0-based column), or -1. */
static int ref_col(const char *r)
{
    int c = 0, n = 0;

    for (; *r >= 'A' && *r <= 'Z'; r++, n++) {
        c = c * 26 + (*r - 'A' + 1);
        if (c > 16384)
            return -1;
    }
    return n ? c - 1 : -1;
}

static void fail(struct xlsx *x, int rc)
{
    if (!x->rc)
        x->rc = rc;
    XML_StopParser(x->p, XML_FALSE);
}

static void sh_start(void *ud, const XML_Char *name, const XML_Char **a)
{
    struct dj_sheet *s = ud;
    struct xlsx *x = s->impl;
    const char *n = local(name), *v;

    if (!strcmp(n, "row")) {
        int64_t r = x->last_row + 1;
        if ((v = attr(a, "r"))) {
            char *end;
            long long rr = strtoll(v, &end, 10);
            if (*end || rr <= x->last_row || rr > 1048576) {
                fail(x, bad_file(x->err, "行号"));
                return;
            }
            r = rr;
        }
        if (r > s->lim.max_rows) {
            fail(x, dj_err_set(x->err, DJ_ETOOBIG, NULL, "文件行数超过上限 %lld 行",
                               (long long)s->lim.max_rows));
            return;
        }
        x->row_number = x->last_row = r;
        x->in_row = true;
        x->next_col = 0;
        dj_sheet_row_begin(s, r);
    } else if (!strcmp(n, "c") && x->in_row) {
        x->col = x->next_col;
        if ((v = attr(a, "r")) && (x->col = ref_col(v)) < 0) {
            fail(x, bad_file(x->err, "单元格引用"));
            return;
        }
        x->next_col = x->col + 1;
        dj_strlcpy(x->ctype, (v = attr(a, "t")) ? v : "n", sizeof(x->ctype));
        dj_buf_reset(&x->val);
    } else if (!strcmp(n, "v")) {
        x->in_v = true;
    } else if (!strcmp(n, "is")) {
        x->in_is = true;
    } else if (!strcmp(n, "rPh")) {
        x->in_rph = true;
    } else if (!strcmp(n, "t") && x->in_is && !x->in_rph) {
        x->in_t = true;
    }
}

static void end_cell(struct dj_sheet *s, struct xlsx *x)
{
    const char *t = dj_buf_str(&x->val);
    char num[40];
    int rc = 0;

    if (!strcmp(x->ctype, "s")) {
        char *end;
        unsigned long long i = strtoull(t, &end, 10);
        if (!*t || *end || i >= x->sst_n) {
            fail(x, bad_file(x->err, "共享字符串索引"));
            return;
        }
        t = x->sst + x->sst_off[i];
        rc = dj_sheet_row_cell(s, x->col, DJ_CELL_TEXT, t, strlen(t), 0, x->err);
    } else if (!strcmp(x->ctype, "b")) {
        t = !strcmp(t, "1") ? "TRUE" : "FALSE";
        rc = dj_sheet_row_cell(s, x->col, DJ_CELL_BOOL, t, strlen(t), 0, x->err);
    } else if (!strcmp(x->ctype, "n") && *t) {
        char *end;
        double d = strtod(t, &end);
        if (*end) {
            fail(x, bad_file(x->err, "数值单元格"));
            return;
        }
        dj_sheet_number_text(d, num, sizeof(num));
        rc = dj_sheet_row_cell(s, x->col, DJ_CELL_NUMBER, num, strlen(num), d, x->err);
    } else if (*t) { /* inlineStr, str, e, and anything newer as text */
        rc = dj_sheet_row_cell(s, x->col, DJ_CELL_TEXT, t, x->val.len, 0, x->err);
    }
    if (rc)
        fail(x, rc);
}

static void sh_end(void *ud, const XML_Char *name)
{
    struct dj_sheet *s = ud;
    struct xlsx *x = s->impl;
    const char *n = local(name);

    if (!strcmp(n, "v")) {
        x->in_v = false;
    } else if (!strcmp(n, "t")) {
        x->in_t = false;
    } else if (!strcmp(n, "rPh")) {
        x->in_rph = false;
    } else if (!strcmp(n, "is")) {
        x->in_is = false;
    } else if (!strcmp(n, "c") && x->in_row) {
        end_cell(s, x);
    } else if (!strcmp(n, "row") && x->in_row) {
        x->in_row = false;
        if (dj_sheet_row_end(s)) {
            x->row_ready = true;
            XML_StopParser(x->p, XML_TRUE);
        }
    }
}

static void sh_text(void *ud, const XML_Char *t, int len)
{
    struct dj_sheet *s = ud;
    struct xlsx *x = s->impl;

    if ((x->in_v || x->in_t) && dj_buf_add(&x->val, t, (size_t)len))
        fail(x, dj_err_set(x->err, DJ_ETOOBIG, NULL, "第 %lld 行有单元格内容过长",
                           (long long)x->row_number));
}

/* Interpret an expat status after parse/resume: 1 row ready, 0 need more, < 0 error. */
static int status(struct xlsx *x, enum XML_Status st)
{
    if (x->rc)
        return x->rc;
    if (st == XML_STATUS_ERROR)
        return bad_file(x->err, "XML 格式错误");
    if (st == XML_STATUS_SUSPENDED) {
        x->suspended = true;
        x->row_ready = false;
        return 1;
    }
    return 0;
}

static int xlsx_next(struct dj_sheet *s, struct dj_err *err)
{
    struct xlsx *x = s->impl;
    int rc;

    x->err = err;
    if (x->done)
        return 0;
    if (x->suspended) {
        x->suspended = false;
        if ((rc = status(x, XML_ResumeParser(x->p))))
            return rc;
    }
    for (;;) {
        zip_int64_t got;
        if (x->final_given) {
            x->done = true;
            return 0;
        }
        got = zip_fread(x->zf, x->chunk, sizeof(x->chunk));
        if (got < 0)
            return bad_file(err, "工作表数据");
        x->zf_read += got;
        if (x->zf_read > x->zf_cap)
            return bomb(err);
        x->final_given = got == 0;
        if ((rc = status(x, XML_Parse(x->p, x->chunk, (int)got, got == 0))))
            return rc;
    }
}

static void xlsx_close(struct dj_sheet *s)
{
    struct xlsx *x = s->impl;

    if (!x)
        return;
    if (x->p)
        XML_ParserFree(x->p);
    if (x->zf)
        zip_fclose(x->zf);
    if (x->zip)
        zip_discard(x->zip);
    free(x->sst);
    free(x->sst_off);
    dj_buf_release(&x->val);
    free(x);
    s->impl = NULL;
}

static const struct dj_sheet_reader xlsx_reader = {xlsx_next, xlsx_close};

int dj_xlsx_start(struct dj_sheet *s, struct dj_err *err)
{
    struct xlsx *x = dj_xcalloc(1, sizeof(*x));
    char path[600];
    zip_int64_t idx, n;
    zip_stat_t st;
    int rc, zerr = 0;

    s->impl = x;
    s->r = &xlsx_reader;
    dj_buf_init(&x->val, (size_t)s->lim.max_cell_bytes);
    x->err = err;
    if (s->mem) {
        zip_error_t ze;
        zip_source_t *src;
        zip_error_init(&ze);
        src = zip_source_buffer_create(s->mem, s->mem_len, 0, &ze);
        if (src && !(x->zip = zip_open_from_source(src, ZIP_RDONLY, &ze)))
            zip_source_free(src);
        zip_error_fini(&ze);
    } else {
        x->zip = zip_open(s->path, ZIP_RDONLY, &zerr);
    }
    if (!x->zip)
        return bad_file(err, "无法读取压缩包，文件可能被截断");
    n = zip_get_num_entries(x->zip, 0);
    if (n < 0 || n > s->lim.max_zip_entries)
        return dj_err_set(err, DJ_ETOOBIG, NULL, "压缩包中的文件过多（超过 %lld 个），已拒绝",
                          (long long)s->lim.max_zip_entries);
    if ((rc = load_sst(s, x, err)))
        return rc;
    find_sheet(s, x, path, sizeof(path));
    if ((idx = zip_name_locate(x->zip, path, 0)) < 0)
        return bad_file(err, "找不到工作表");
    if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &st))
        return bad_file(err, "工作表");
    x->zf_cap = s->lim.max_xml_bytes;
    if ((int64_t)st.comp_size * s->lim.max_ratio + 65536 < x->zf_cap)
        x->zf_cap = (int64_t)st.comp_size * s->lim.max_ratio + 65536;
    if ((st.valid & ZIP_STAT_SIZE) && (int64_t)st.size > x->zf_cap)
        return bomb(err);
    if (!(x->zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0)))
        return bad_file(err, "工作表");
    x->p = XML_ParserCreate("UTF-8");
    XML_SetUserData(x->p, s);
    XML_SetElementHandler(x->p, sh_start, sh_end);
    XML_SetCharacterDataHandler(x->p, sh_text);
    return 0;
}
