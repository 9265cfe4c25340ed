/*
 * export.c - exports in the national layouts and the reconciliation with a
 * national export (see export.h).
 */
#include "base/compat.h"
#include "svc/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "io/layout.h"
#include "io/sheet.h"
#include "model/dict.h"
#include "model/member_rec.h"
#include "model/org_rec.h"
#include "svc/audit.h"
#include "svc/import.h"
#include "svc/org.h"

#define PAGE 200
#define LIST_CAP 5000
#define CELL_MAX 1024

int dj_export_format_parse(const char *s, enum dj_export_format *out, struct dj_err *err)
{
    if (!s || !*s || !strcmp(s, "xlsx")) {
        *out = DJ_EXPORT_XLSX;
        return 0;
    }
    if (!strcmp(s, "csv")) {
        *out = DJ_EXPORT_CSV;
        return 0;
    }
    return dj_err_set(err, DJ_EINVAL, "format", "「格式」应为 xlsx 或 csv");
}

void dj_export_csv_cell(const char *in, char *out, size_t outsz)
{
    bool formula = in[0] == '=' || in[0] == '+' || in[0] == '-' || in[0] == '@' || in[0] == '\t' ||
                   in[0] == '\r';

    snprintf(out, outsz, "%s%s", formula ? "'" : "", in);
}

/* ---- a sink: CSV or xlsx --------------------------------------------------------------- */

struct sink {
    enum dj_export_format format;
    FILE *f;
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *bold;
    lxw_row_t row;
};

static int sink_open(struct sink *k, enum dj_export_format format, const char *path,
                     const char *sheet, struct dj_err *err)
{
    memset(k, 0, sizeof(*k));
    k->format = format;
    if (format == DJ_EXPORT_CSV) {
        if (!(k->f = fopen(path, "wb")))
            return dj_err_set(err, DJ_EIO, NULL, "无法写入导出文件");
        fputs("\xEF\xBB\xBF", k->f);
        return 0;
    }
    lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    if (!(k->wb = workbook_new_opt(path, &opts)))
        return dj_err_set(err, DJ_EIO, NULL, "无法写入导出文件");
    k->ws = workbook_add_worksheet(k->wb, sheet);
    k->bold = workbook_add_format(k->wb);
    format_set_bold(k->bold);
    return 0;
}

static void sink_row(struct sink *k, const char *const *cells, int n, bool header)
{
    if (k->format == DJ_EXPORT_CSV) {
        for (int i = 0; i < n; i++) {
            char safe[CELL_MAX + 2];
            const char *p;
            dj_export_csv_cell(cells[i] ? cells[i] : "", safe, sizeof(safe));
            if (i)
                fputc(',', k->f);
            if (strpbrk(safe, ",\"\r\n")) {
                fputc('"', k->f);
                for (p = safe; *p; p++) {
                    if (*p == '"')
                        fputc('"', k->f);
                    fputc(*p, k->f);
                }
                fputc('"', k->f);
            } else {
                fputs(safe, k->f);
            }
        }
        fputs("\r\n", k->f);
        return;
    }
    for (int i = 0; i < n; i++)
        if (cells[i] && *cells[i])
            worksheet_write_string(k->ws, k->row, (lxw_col_t)i, cells[i], header ? k->bold : NULL);
    k->row++;
}

static int sink_close(struct sink *k, struct dj_err *err)
{
    if (k->format == DJ_EXPORT_CSV) {
        bool bad = ferror(k->f) != 0;
        if (fclose(k->f) || bad)
            return dj_err_set(err, DJ_EIO, NULL, "无法写入导出文件");
        return 0;
    }
    if (workbook_close(k->wb) != LXW_NO_ERROR)
        return dj_err_set(err, DJ_EIO, NULL, "无法写入导出文件");
    return 0;
}

/* ---- field values ---------------------------------------------------------------------- */

/* The value of descriptor field f of rec as national-layout text (labels, 是/否), masked if asked.
 */
static void field_text(const struct dj_field *f, const void *rec, bool mask, char *out, size_t sz)
{
    const char *base = rec;
    char tmp[CELL_MAX];

    out[0] = '\0';
    switch (f->type) {
    case DJ_FT_DATE: {
        const struct dj_date *d = (const struct dj_date *)(base + f->offset);
        char buf[11];
        if (dj_date_isset(*d))
            snprintf(out, sz, "%s", dj_date_format(*d, buf));
        return;
    }
    case DJ_FT_BOOL:
        snprintf(out, sz, "%s", *(const bool *)(base + f->offset) ? "是" : "否");
        return;
    case DJ_FT_INT:
    case DJ_FT_MONEY:
        snprintf(out, sz, "%lld", (long long)*(const int64_t *)(base + f->offset));
        return;
    case DJ_FT_DICT: {
        const char *v = *(char *const *)(base + f->offset), *l;
        if (v)
            snprintf(out, sz, "%s", (l = dj_dict_label(dj_dict_find(f->dict), v)) ? l : v);
        return;
    }
    default:
        break;
    }
    {
        const char *v = *(char *const *)(base + f->offset);
        if (!v)
            return;
        if (!mask || !(f->flags & DJ_FF_PERSONAL)) {
            snprintf(out, sz, "%s", v);
            return;
        }
        if (f->type == DJ_FT_IDCARD)
            dj_mask_idcard(v, tmp, sizeof(tmp));
        else if (f->type == DJ_FT_PHONE)
            dj_mask_phone(v, tmp, sizeof(tmp));
        else
            dj_mask_name(v, tmp, sizeof(tmp));
        snprintf(out, sz, "%s", tmp);
    }
}

/* The text of layout column c for member m. */
static void member_cell(const struct dj_layout_col *c, const struct dj_member_rec *m, bool mask,
                        char *out, size_t sz)
{
    const struct dj_field *f;

    out[0] = '\0';
    if (c->kind == DJ_V_ORGREF) {
        snprintf(out, sz, "%s", m->org_name ? m->org_name : "");
    } else if (!c->key) {
        if (!strcmp(c->header, "信息完整度"))
            snprintf(out, sz, "%lld", (long long)m->info_completeness);
        else if (!strcmp(c->header, "年龄"))
            snprintf(out, sz, "%lld", (long long)m->age);
    } else if ((f = dj_desc_field(&dj_member_desc, c->key))) {
        field_text(f, m, mask, out, sz);
    }
}

/* ---- the root and the right to unmask ---------------------------------------------------- */

static int root_org(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, bool unmasked,
                    struct dj_arena *arena, struct dj_org_rec *root, struct dj_err *err)
{
    int rc;

    if (org_id <= 0)
        return dj_err_set(err, DJ_EINVAL, "org_id", "请选择要导出的党组织");
    if ((rc = dj_org_read(db, actor, org_id, arena, root, err)))
        return rc;
    if (unmasked && dj_authorize(actor, DJ_PERM_WRITE, root->path, NULL))
        return dj_err_set(err, DJ_EPERM, "unmasked",
                          "无权导出完整个人信息：只有该组织的管理员可以导出不脱敏的名册");
    return 0;
}

static int audit_unmasked(struct dj_db *db, const struct dj_actor *actor,
                          const struct dj_export_opts *o, const struct dj_org_rec *root,
                          int64_t rows, struct dj_err *err)
{
    json_t *what = json_pack("{s:s,s:s,s:s,s:I}", "what", o->what, "org_name", root->name, "format",
                             o->format == DJ_EXPORT_CSV ? "csv" : "xlsx", "rows", (json_int_t)rows);
    char idbuf[24];
    int rc;

    snprintf(idbuf, sizeof(idbuf), "%lld", (long long)root->id);
    if (!(rc = dj_db_begin(db, true, err))) {
        rc =
            dj_audit_write(db, actor, "export.unmasked", "org", idbuf, root->path, NULL, what, err);
        if (!rc)
            rc = dj_db_commit(db, err);
        if (rc)
            dj_db_rollback(db);
    }
    json_decref(what);
    return rc;
}

/* ---- members ----------------------------------------------------------------------------- */

static int export_members(struct dj_db *db, const struct dj_actor *actor,
                          const struct dj_export_opts *o, struct sink *k, int64_t *rows,
                          struct dj_err *err)
{
    const struct dj_layout *l = dj_layout_get(DJ_LAYOUT_ROSTER20);
    const char *cells[64];
    char(*text)[CELL_MAX] = dj_xcalloc(64, CELL_MAX);
    struct dj_member_query q = o->filter;
    int rc = 0;

    for (int j = 0; j < l->ncols; j++)
        cells[j] = l->cols[j].header;
    sink_row(k, cells, l->ncols, true);
    q.org_id = o->org_id;
    q.sort = "id";
    q.desc = false;
    q.limit = PAGE;
    for (q.offset = 0;; q.offset += PAGE) {
        struct dj_arena *a = dj_arena_new();
        struct dj_member_rec *page;
        int64_t total;
        int n;
        /* NEEDSWORK: offset paging re-reads the skipped rows; a keyset page would not */
        rc = dj_member_list(db, actor, &q, a, &page, &n, &total, err);
        for (int i = 0; !rc && i < n; i++) {
            for (int j = 0; j < l->ncols; j++) {
                member_cell(&l->cols[j], &page[i], !o->unmasked, text[j], CELL_MAX);
                cells[j] = text[j];
            }
            sink_row(k, cells, l->ncols, false);
            (*rows)++;
        }
        dj_arena_free(a);
        if (rc || n < PAGE)
            break;
    }
    free(text);
    return rc;
}

/* ---- organisations ----------------------------------------------------------------------- */

static int section_of(const char *kind)
{
    if (!strcmp(kind, "general_branch"))
        return 1;
    if (dj_org_kind_is_branch(kind))
        return 2;
    if (dj_org_kind_is_group(kind))
        return -1;
    return 0; /* 党委, 党工委, 社区党委 */
}

static int export_orgs(struct dj_db *db, const struct dj_actor *actor,
                       const struct dj_export_opts *o, const struct dj_org_rec *root,
                       struct sink *k, int64_t *rows, struct dj_err *err)
{
    static const char *const sections[3] = {"党委", "总支部", "支部"};
    const struct dj_layout *l = dj_layout_get(DJ_LAYOUT_ORGS);
    struct dj_arena *a = dj_arena_new();
    struct dj_org_rec *all = NULL;
    int nall = 0, cap = 0, rc = 0;
    char(*text)[CELL_MAX] = dj_xcalloc(64, CELL_MAX);
    const char *cells[64];

    /* breadth first over the subtree */
    cap = 64;
    all = dj_arena_alloc(a, (size_t)cap * sizeof(*all));
    all[nall++] = *root;
    for (int i = 0; i < nall && !rc; i++) {
        struct dj_org_rec *kids;
        int n;
        if (section_of(all[i].kind) < 0)
            continue;
        if ((rc = dj_org_list(db, actor, all[i].id, false, a, &kids, &n, err)))
            break;
        if (nall + n > cap) {
            struct dj_org_rec *more;
            while (nall + n > cap)
                cap *= 2;
            more = dj_arena_alloc(a, (size_t)cap * sizeof(*more));
            memcpy(more, all, (size_t)nall * sizeof(*all));
            all = more;
        }
        memcpy(all + nall, kids, (size_t)n * sizeof(*kids));
        nall += n;
    }
    for (int s = 0; s < 3 && !rc; s++) {
        int no = 0;
        for (int i = 0; i < nall; i++) {
            if (section_of(all[i].kind) != s)
                continue;
            if (!no) {
                cells[0] = sections[s];
                for (int j = 1; j < l->ncols; j++)
                    cells[j] = l->cols[j].header;
                sink_row(k, cells, l->ncols, true);
            }
            snprintf(text[0], CELL_MAX, "%d", ++no);
            cells[0] = text[0];
            for (int j = 1; j < l->ncols; j++) {
                const struct dj_field *f = dj_desc_field(&dj_org_desc, l->cols[j].key);
                text[j][0] = '\0';
                if (f)
                    field_text(f, &all[i], !o->unmasked, text[j], CELL_MAX);
                if (f && f->type == DJ_FT_DATE && text[j][0]) { /* 建立党组织日期 as 19860228 */
                    char d[16];
                    snprintf(d, sizeof(d), "%.4s%.2s%.2s", text[j], text[j] + 5, text[j] + 8);
                    dj_strlcpy(text[j], d, CELL_MAX);
                }
                cells[j] = text[j];
            }
            sink_row(k, cells, l->ncols, false);
            (*rows)++;
        }
    }
    free(text);
    dj_arena_free(a);
    return rc;
}

int dj_export_write(struct dj_db *db, const struct dj_actor *actor, const struct dj_export_opts *o,
                    const char *path, int64_t *rows, struct dj_err *err)
{
    struct dj_arena *a = dj_arena_new();
    struct dj_org_rec root;
    struct sink k;
    bool members = !strcmp(o->what, "members");
    int rc;

    *rows = 0;
    if (!members && strcmp(o->what, "orgs")) {
        dj_arena_free(a);
        return dj_err_set(err, DJ_EINVAL, "what",
                          "导出内容应为 members（党员花名册）或 orgs（党组织名单）");
    }
    if ((rc = root_org(db, actor, o->org_id, o->unmasked, a, &root, err)) ||
        (rc = sink_open(&k, o->format, path, members ? "党员花名册" : "党组织名单", err))) {
        dj_arena_free(a);
        return rc;
    }
    rc = members ? export_members(db, actor, o, &k, rows, err)
                 : export_orgs(db, actor, o, &root, &k, rows, err);
    {
        struct dj_err e2 = {0};
        int rc2 = sink_close(&k, &e2);
        if (!rc && rc2) {
            rc = rc2;
            *err = e2;
        }
    }
    if (!rc && o->unmasked)
        rc = audit_unmasked(db, actor, o, &root, *rows, err);
    if (rc)
        unlink(path);
    dj_arena_free(a);
    return rc;
}

/* ---- reconciliation ---------------------------------------------------------------------- */

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Our value of layout column c for member m, in the form dj_layout_value gives file values. */
static void here_value(const struct dj_layout_col *c, const struct dj_member_rec *m, char *out,
                       size_t sz)
{
    const struct dj_field *f = dj_desc_field(&dj_member_desc, c->key);

    out[0] = '\0';
    if (c->kind == DJ_V_ORGREF) {
        snprintf(out, sz, "%s", m->org_name ? m->org_name : "");
        return;
    }
    if (!f)
        return;
    if (f->type == DJ_FT_BOOL) {
        snprintf(out, sz, "%s", *(const bool *)((const char *)m + f->offset) ? "true" : "false");
        return;
    }
    if (f->type == DJ_FT_DICT) {
        const char *v = *(char *const *)((const char *)m + f->offset);
        snprintf(out, sz, "%s", v ? v : "");
        return;
    }
    field_text(f, m, false, out, sz);
}

static void masked(const struct dj_layout_col *c, const char *v, char *out, size_t sz)
{
    const struct dj_field *f = c->key ? dj_desc_field(&dj_member_desc, c->key) : NULL;

    if (!f || !(f->flags & DJ_FF_PERSONAL))
        snprintf(out, sz, "%s", v);
    else if (f->type == DJ_FT_IDCARD)
        dj_mask_idcard(v, out, sz);
    else if (f->type == DJ_FT_PHONE)
        dj_mask_phone(v, out, sz);
    else
        dj_mask_name(v, out, sz);
}

struct recon {
    json_t *there, *here, *differ, *rejected;
    int64_t n_there, n_here, n_differ, n_rejected, matched, file_rows;
    int64_t *seen;
    size_t nseen, seen_cap;
};

static void add_capped(json_t *arr, int64_t *count, json_t *item)
{
    if ((*count)++ < LIST_CAP)
        json_array_append_new(arr, item);
    else
        json_decref(item);
}

static int recon_row(struct dj_db *db, const struct dj_actor *actor, const struct dj_org_rec *root,
                     const struct dj_layout_match *m, const struct dj_row *row, struct recon *r,
                     struct dj_err *err)
{
    const struct dj_layout *l = m->layout;
    char vals[64][512], a[CELL_MAX], b[CELL_MAX];
    const char *idn = NULL, *name = "";
    struct dj_arena *ar = dj_arena_new();
    struct dj_member_rec *found = NULL, *mine = NULL;
    struct dj_err e = {0};
    json_t *fields;
    bool any = false;
    int n = 0, rc = 0;

    for (int j = 0; j < l->ncols; j++) {
        const struct dj_layout_col *c = &l->cols[j];
        int at = m->where[j];
        vals[j][0] = '\0';
        if (at < 0 || at >= row->ncells || c->kind == DJ_V_IGNORE || c->kind == DJ_V_SECTION)
            continue;
        if (dj_layout_value(c->kind, &row->cells[at], vals[j], sizeof(vals[j]), &e)) {
            add_capped(r->rejected, &r->n_rejected,
                       json_pack("{s:I,s:s,s:s}", "row", (json_int_t)row->number, "column",
                                 c->header, "reason", e.message));
            goto out;
        }
        any = any || vals[j][0];
        if (c->key && !strcmp(c->key, "id_number") && vals[j][0])
            idn = vals[j];
        if (c->key && !strcmp(c->key, "name"))
            name = vals[j];
    }
    if (!any)
        goto out;
    r->file_rows++;
    if (!idn || dj_member_lookup(db, actor, idn, ar, &found, &n, &e)) {
        if (e.code == DJ_EDB || e.code == DJ_EBUSY) {
            *err = e;
            rc = e.code;
            goto out;
        }
        add_capped(r->rejected, &r->n_rejected,
                   json_pack("{s:I,s:s,s:s}", "row", (json_int_t)row->number, "column",
                             "身份证号码", "reason", idn ? e.message : "「身份证号码」为空"));
        goto out;
    }
    for (int i = 0; i < n; i++)
        if ((!found[i].status ||
             (strcmp(found[i].status, "left") && strcmp(found[i].status, "deceased"))) &&
            found[i].org_path && !strncmp(found[i].org_path, root->path, strlen(root->path)))
            mine = &found[i];
    if (!mine) {
        dj_mask_idcard(idn, a, sizeof(a));
        add_capped(r->there, &r->n_there,
                   json_pack("{s:I,s:s,s:s}", "row", (json_int_t)row->number, "name", name,
                             "id_number", a));
        goto out;
    }
    r->matched++;
    if (r->nseen == r->seen_cap) {
        r->seen_cap = r->seen_cap ? r->seen_cap * 2 : 1024;
        r->seen = dj_xrealloc(r->seen, r->seen_cap * sizeof(int64_t));
    }
    r->seen[r->nseen++] = mine->id;
    fields = json_array();
    for (int j = 0; j < l->ncols; j++) {
        const struct dj_layout_col *c = &l->cols[j];
        const char *fv = vals[j];
        char code[64];
        if (!c->key || !fv[0] || c->kind == DJ_V_IGNORE || c->kind == DJ_V_SECTION)
            continue;
        if (c->kind == DJ_V_DICT) {
            const char *cd = dj_import_dict_code(c->dict, fv);
            dj_strlcpy(code, cd ? cd : fv, sizeof(code));
            fv = code;
        }
        here_value(c, mine, b, sizeof(b));
        if (!strcmp(fv, b))
            continue;
        if (c->kind == DJ_V_DICT) { /* show labels, not codes */
            const char *lf = dj_dict_label(dj_dict_find(c->dict), fv);
            const char *lh = dj_dict_label(dj_dict_find(c->dict), b);
            dj_strlcpy(a, lf ? lf : vals[j], sizeof(a));
            if (lh)
                dj_strlcpy(b, lh, sizeof(b));
        } else {
            char t1[CELL_MAX], t2[CELL_MAX];
            masked(c, fv, t1, sizeof(t1));
            masked(c, b, t2, sizeof(t2));
            dj_strlcpy(a, t1, sizeof(a));
            dj_strlcpy(b, t2, sizeof(b));
        }
        json_array_append_new(fields, json_pack("{s:s,s:s,s:s,s:s}", "key", c->key, "label",
                                                c->header, "file", a, "here", b));
    }
    if (json_array_size(fields))
        add_capped(r->differ, &r->n_differ,
                   json_pack("{s:I,s:I,s:s,s:o}", "row", (json_int_t)row->number, "id",
                             (json_int_t)mine->id, "name", mine->name ? mine->name : "", "fields",
                             fields));
    else
        json_decref(fields);
out:
    dj_arena_free(ar);
    return rc;
}

static int recon_here(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                      struct recon *r, int64_t *here_rows, struct dj_err *err)
{
    struct dj_member_query q = {0};
    int rc = 0;

    qsort(r->seen, r->nseen, sizeof(int64_t), cmp_i64);
    q.org_id = org_id;
    q.age_min = q.age_max = -1;
    q.sort = "id";
    q.limit = PAGE;
    for (q.offset = 0;; q.offset += PAGE) {
        struct dj_arena *a = dj_arena_new();
        struct dj_member_rec *page;
        int64_t total;
        int n;
        rc = dj_member_list(db, actor, &q, a, &page, &n, &total, err);
        for (int i = 0; !rc && i < n; i++) {
            char idm[64];
            (*here_rows)++;
            if (r->nseen && bsearch(&page[i].id, r->seen, r->nseen, sizeof(int64_t), cmp_i64))
                continue;
            dj_mask_idcard(page[i].id_number, idm, sizeof(idm));
            add_capped(r->here, &r->n_here,
                       json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)page[i].id, "name",
                                 page[i].name ? page[i].name : "", "id_number", idm, "org_name",
                                 page[i].org_name ? page[i].org_name : ""));
        }
        dj_arena_free(a);
        if (rc || n < PAGE)
            break;
    }
    return rc;
}

int dj_reconcile(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, const char *path,
                 json_t **out, struct dj_err *err)
{
    struct dj_arena *a = dj_arena_new();
    struct recon r = {
        json_array(), json_array(), json_array(), json_array(), 0, 0, 0, 0, 0, 0, NULL, 0, 0};
    struct dj_layout_match m;
    struct dj_org_rec root;
    struct dj_sheet *s = NULL;
    const struct dj_row *row;
    bool header = false;
    int64_t here_rows = 0;
    int rc;

    *out = NULL;
    if ((rc = root_org(db, actor, org_id, false, a, &root, err)) ||
        (rc = dj_sheet_open(path, NULL, &s, err)))
        goto done;
    while ((rc = dj_sheet_next(s, &row, err)) == 1) {
        if (!header) {
            if ((header = dj_layout_detect(row, &m)) && strcmp(m.layout->record, "member")) {
                rc = dj_err_set(err, DJ_EINVAL, NULL,
                                "对账需要全国系统导出的党员花名册（或单机版党员列表），该文件是%s",
                                m.layout->name);
                break;
            }
            if (!header && row->number >= 30)
                break;
            continue;
        }
        if ((rc = recon_row(db, actor, &root, &m, row, &r, err)))
            break;
    }
    if (rc < 0)
        goto done;
    if (!header) {
        rc = dj_err_set(err, DJ_EINVAL, NULL, "未找到可识别的表头：请上传全国系统导出的党员花名册");
        goto done;
    }
    if ((rc = recon_here(db, actor, org_id, &r, &here_rows, err)))
        goto done;
    *out =
        json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:O,s:O,s:O,s:O}", "layout", m.layout->code,
                  "layout_name", m.layout->name, "file_rows", (json_int_t)r.file_rows, "here_rows",
                  (json_int_t)here_rows, "matched", (json_int_t)r.matched, "only_there_count",
                  (json_int_t)r.n_there, "only_here_count", (json_int_t)r.n_here, "differ_count",
                  (json_int_t)r.n_differ, "rejected_count", (json_int_t)r.n_rejected, "only_there",
                  r.there, "only_here", r.here, "differ", r.differ, "rejected", r.rejected);
    rc = 0;
done:
    dj_sheet_close(s);
    json_decref(r.there);
    json_decref(r.here);
    json_decref(r.differ);
    json_decref(r.rejected);
    free(r.seen);
    dj_arena_free(a);
    return rc;
}
