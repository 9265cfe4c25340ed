/*
 * import.c - the import API. The file is the raw request body (never
 * multipart), up to server.upload_max bytes (DJ_UPLOAD_MAX, default 20 MiB;
 * larger gives 413):
 *
 *   POST /api/import?dry_run=1&name=FILE&org=CODE&job=KEY
 *        dry run or commit; the summary and the rejected rows as JSON
 *   POST /api/import/report?name=FILE&org=CODE
 *        the same file again: the error report as .xlsx (dry run)
 *   GET  /api/import/progress?job=KEY
 *        rows done / total of the caller's running import (poll)
 *   GET  /api/export?what=members|orgs&org_id=N&format=xlsx|csv&unmasked=1
 *        &status=&category=&gender=&education=
 *        the 党员花名册 / 党组织名单 of a subtree in the national layout
 *   POST /api/reconcile?org_id=N
 *        a national 党员花名册 export (raw body) against the subtree
 *
 * The body is written to a private temporary file for the readers and
 * removed before the response. svc/import.c decides every permission.
 */
#include "base/compat.h"
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "model/desc.h"
#include "svc/export.h"
#include "svc/import.h"

#define REJECTS_SHOWN 1000
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* Write the body to a temporary file; path in `path`. */
static int body_file(const struct dj_req *req, char *path, size_t sz, struct dj_err *err)
{
    size_t off = 0;
    int fd;

    if (!req->body || !req->body_len)
        return dj_err_set(err, DJ_EINVAL, "file", "请在请求体中上传文件");
    snprintf(path, sz, "%s", "/tmp/dj-import-XXXXXX");
    if ((fd = mkstemp(path)) < 0)
        return dj_err_set(err, DJ_EIO, NULL, "无法保存上传的文件");
    while (off < req->body_len) {
        ssize_t w = write(fd, req->body + off, req->body_len - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    close(fd);
    if (off < req->body_len) {
        unlink(path);
        return dj_err_set(err, DJ_EIO, NULL, "无法保存上传的文件");
    }
    return 0;
}

/* name, org, job and dry_run from the query string. */
static int read_opts(const struct dj_req *req, struct dj_import_opts *o, struct dj_err *err)
{
    const char *dry = dj_req_query(req, "dry_run");

    o->name = dj_req_query(req, "name");
    o->org_code = dj_req_query(req, "org");
    o->job = dj_req_query(req, "job");
    if (!o->name || !*o->name)
        o->name = "upload";
    if (!dj_utf8_valid(o->name) || dj_utf8_len(o->name) > 200)
        return dj_err_set(err, DJ_EINVAL, "name", "文件名过长或含有无效字符");
    if (o->org_code && !*o->org_code)
        o->org_code = NULL;
    if (o->org_code && strlen(o->org_code) > 20)
        return dj_err_set(err, DJ_EINVAL, "org", "「党组织代码」过长");
    if (o->job && !dj_import_job_valid(o->job))
        return dj_err_set(err, DJ_EINVAL, "job", "查询参数 job 应为 8 到 64 个字母、数字、- 或 _");
    o->dry_run = dry && (!strcmp(dry, "1") || !strcmp(dry, "true"));
    if (dry && !o->dry_run && strcmp(dry, "0") && strcmp(dry, "false"))
        return dj_err_set(err, DJ_EINVAL, "dry_run", "查询参数 dry_run 应为 1 或 0");
    return 0;
}

static json_t *result_json(const struct dj_import_result *res, bool dry_run)
{
    json_t *rejects = json_array(), *notes = json_array(), *out;

    for (int i = 0; i < res->nnotes && i < REJECTS_SHOWN; i++)
        json_array_append_new(notes,
                              json_pack("{s:I,s:s,s:s,s:s}", "row", (json_int_t)res->notes[i].row,
                                        "column", res->notes[i].column, "field",
                                        res->notes[i].field, "reason", res->notes[i].reason));
    for (int i = 0; i < res->nrejects && i < REJECTS_SHOWN; i++)
        json_array_append_new(rejects,
                              json_pack("{s:I,s:s,s:s,s:s}", "row", (json_int_t)res->rejects[i].row,
                                        "column", res->rejects[i].column, "field",
                                        res->rejects[i].field, "reason", res->rejects[i].reason));
    out = json_pack("{s:{s:s,s:s,s:s,s:b},s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:b,s:b,s:o,"
                     "s:o}",
                     "layout", "code", res->layout->code, "name", res->layout->name, "record",
                     res->layout->record, "importable", res->layout->importable, "sha256",
                     res->sha256, "format", res->format, "encoding", res->encoding, "header_row",
                     (json_int_t)res->header_row, "rows", (json_int_t)res->rows, "created",
                     (json_int_t)res->created, "updated", (json_int_t)res->updated, "unchanged",
                     (json_int_t)res->unchanged, "rejected", (json_int_t)res->rejected, "skipped",
                     (json_int_t)res->skipped, "committed", res->committed, "dry_run", dry_run,
                     "pending", res->pending ? json_string(res->pending) : json_null(), "rejects",
                     rejects);
    json_object_set_new(out, "not_imported", json_integer(res->not_imported));
    json_object_set_new(out, "notes", notes);
    return out;
}

static int h_import(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_import_opts o = {0};
    struct dj_import_result res;
    char path[64];
    int rc;

    if ((rc = read_opts(req, &o, err)) || (rc = body_file(req, path, sizeof(path), err)))
        return rc;
    o.path = path;
    rc = dj_import_run(req->db, dj_api_actor(req), &o, req->arena, &res, err);
    unlink(path);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, result_json(&res, o.dry_run));
    return 0;
}

static int h_report(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_import_opts o = {0};
    struct dj_import_result res;
    char path[64], out[80];
    FILE *f;
    int rc;

    if ((rc = read_opts(req, &o, err)) || (rc = body_file(req, path, sizeof(path), err)))
        return rc;
    o.path = path;
    o.dry_run = true;
    snprintf(out, sizeof(out), "%s.report.xlsx", path);
    rc = dj_import_run(req->db, dj_api_actor(req), &o, req->arena, &res, err);
    if (!rc)
        rc = dj_import_report_xlsx(path, &res, out, err);
    unlink(path);
    if (!rc) {
        char buf[65536];
        size_t n;
        if (!(f = fopen(out, "rb"))) {
            rc = dj_err_set(err, DJ_EIO, NULL, "无法读取错误报告");
        } else {
            while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
                dj_buf_add(&resp->body, buf, n);
            fclose(f);
        }
    }
    unlink(out);
    if (rc)
        return rc;
    resp->status = 200;
    resp->content_type = XLSX_TYPE;
    dj_resp_header(req, resp, "Content-Disposition",
                   "attachment; filename=\"import-errors.xlsx\"; "
                   "filename*=UTF-8''%E5%AF%BC%E5%85%A5%E9%94%99%E8%AF%AF%E6%8A%A5%E5%91%8A.xlsx");
    return 0;
}

static int h_progress(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    const char *job = dj_req_query(req, "job");
    struct dj_import_progress p;

    if (!dj_import_job_valid(job))
        return dj_err_set(err, DJ_EINVAL, "job", "查询参数 job 应为 8 到 64 个字母、数字、- 或 _");
    if (dj_import_progress_get(job, dj_api_actor(req)->user_id, &p))
        return dj_err_set(err, DJ_ENOTFOUND, "job", "没有该导入任务");
    dj_resp_json(resp, 200,
                 json_pack("{s:I,s:I,s:b,s:b}", "done", (json_int_t)p.done, "total",
                           (json_int_t)p.total, "running", p.running, "finished", p.finished));
    return 0;
}

/* Send the file at `path` as the body (then the caller removes it). */
static int send_file(struct dj_req *req, struct dj_resp *resp, const char *path, const char *type,
                     const char *ascii_name, const char *utf8_pct_name, struct dj_err *err)
{
    char buf[65536];
    size_t n;
    FILE *f = fopen(path, "rb");

    if (!f)
        return dj_err_set(err, DJ_EIO, NULL, "无法读取导出文件");
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        if (dj_buf_add(&resp->body, buf, n)) {
            fclose(f);
            dj_buf_release(&resp->body);
            return dj_err_set(err, DJ_ETOOBIG, NULL, "导出文件过大，请缩小范围或使用命令行导出");
        }
    fclose(f);
    resp->status = 200;
    resp->content_type = type;
    dj_resp_header(req, resp, "Content-Disposition",
                   dj_arena_printf(req->arena, "attachment; filename=\"%s\"; filename*=UTF-8''%s",
                                   ascii_name, utf8_pct_name));
    return 0;
}

static int query_opt(const struct dj_req *req, const char *name, const char **out,
                     struct dj_err *err)
{
    const char *s = dj_req_query(req, name);

    *out = s && *s ? s : NULL;
    if (*out && strlen(*out) > 32)
        return dj_err_set(err, DJ_EINVAL, name, "查询参数 %s 过长", name);
    return 0;
}

static int h_export(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_export_opts o = {0};
    const char *fmt, *unm;
    char path[64];
    int64_t rows;
    int fd, rc;

    o.filter.age_min = o.filter.age_max = -1;
    if ((rc = dj_api_query_int(req, "org_id", 1, INT64_MAX, 0, &o.org_id, err)) ||
        (rc = query_opt(req, "what", &o.what, err)) || (rc = query_opt(req, "format", &fmt, err)) ||
        (rc = query_opt(req, "unmasked", &unm, err)) ||
        (rc = query_opt(req, "status", &o.filter.status, err)) ||
        (rc = query_opt(req, "category", &o.filter.category, err)) ||
        (rc = query_opt(req, "gender", &o.filter.gender, err)) ||
        (rc = query_opt(req, "education", &o.filter.education, err)) ||
        (rc = dj_export_format_parse(fmt, &o.format, err)))
        return rc;
    if (!o.what)
        o.what = "members";
    o.unmasked = unm && (!strcmp(unm, "1") || !strcmp(unm, "true"));
    snprintf(path, sizeof(path), "%s", "/tmp/dj-export-XXXXXX");
    if ((fd = mkstemp(path)) < 0)
        return dj_err_set(err, DJ_EIO, NULL, "无法创建导出文件");
    close(fd);
    rc = dj_export_write(req->db, dj_api_actor(req), &o, path, &rows, err);
    if (!rc) {
        bool members = !strcmp(o.what, "members");
        bool csv = o.format == DJ_EXPORT_CSV;
        rc = send_file(req, resp, path, csv ? "text/csv; charset=utf-8" : XLSX_TYPE,
                       members ? (csv ? "roster.csv" : "roster.xlsx")
                               : (csv ? "orgs.csv" : "orgs.xlsx"),
                       members ? (csv ? "%E5%85%9A%E5%91%98%E8%8A%B1%E5%90%8D%E5%86%8C.csv"
                                      : "%E5%85%9A%E5%91%98%E8%8A%B1%E5%90%8D%E5%86%8C.xlsx")
                               : (csv ? "%E5%85%9A%E7%BB%84%E7%BB%87%E5%90%8D%E5%8D%95.csv"
                                      : "%E5%85%9A%E7%BB%84%E7%BB%87%E5%90%8D%E5%8D%95.xlsx"),
                       err);
        if (!rc)
            dj_resp_header(req, resp, "X-Export-Rows",
                           dj_arena_printf(req->arena, "%lld", (long long)rows));
    }
    unlink(path);
    return rc;
}

static int h_reconcile(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    char path[64];
    int64_t org;
    json_t *res;
    int rc;

    if ((rc = dj_api_query_int(req, "org_id", 1, INT64_MAX, 0, &org, err)))
        return rc;
    if (!org)
        return dj_err_set(err, DJ_EINVAL, "org_id", "请选择要对账的党组织");
    if ((rc = body_file(req, path, sizeof(path), err)))
        return rc;
    rc = dj_reconcile(req->db, dj_api_actor(req), org, path, &res, err);
    unlink(path);
    if (rc)
        return rc;
    dj_resp_json(resp, 200, res);
    return 0;
}

const struct dj_route dj_api_import_routes[] = {
    {"GET", "/api/export", h_export, 0},
    {"POST", "/api/reconcile", h_reconcile, DJ_ROUTE_UPLOAD},
    {"POST", "/api/import", h_import, DJ_ROUTE_UPLOAD},
    {"POST", "/api/import/report", h_report, DJ_ROUTE_UPLOAD},
    {"GET", "/api/import/progress", h_progress, 0},
    {NULL, NULL, NULL, 0},
};
