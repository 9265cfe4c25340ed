/*
 * export.h - exports in the national layouts and the reconciliation with a
 * national export.
 *
 * Export: the 党员花名册 (全国模板, 20 columns) of a subtree, filtered like
 * the member list (dj_member_query), and the 党组织名单 of a subtree with its
 * 党委 / 总支部 / 支部 sections, as .xlsx (libxlsxwriter, every cell text)
 * or CSV (UTF-8 with BOM, RFC 4180; a cell beginning with = + - @ gets a
 * leading ' so that spreadsheets do not run it as a formula). Personal
 * fields (ID number, phones, addresses) are masked unless `unmasked` is
 * asked and the actor may write the whole subtree (a writer of the
 * subtree's root); an unmasked export is audited (export.unmasked, with the
 * organisation, layout, format and row count) before the file is written.
 *
 * Reconciliation: a national 党员花名册 export (any roster layout, any
 * format) against the members of a subtree: members only in the file, only
 * here, and those whose fields differ, field by field. Personal values in
 * the differences are masked.
 */
#ifndef DJ_SVC_EXPORT_H
#define DJ_SVC_EXPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/db.h"
#include "svc/member.h"

enum dj_export_format { DJ_EXPORT_CSV, DJ_EXPORT_XLSX };

struct dj_export_opts {
    const char *what; /* "members" (党员花名册) or "orgs" (党组织名单) */
    int64_t org_id;   /* subtree root (required) */
    enum dj_export_format format;
    bool unmasked;
    struct dj_member_query filter; /* members: category, status, gender, education, ... */
};

/* Parse "csv" / "xlsx"; DJ_EINVAL naming "format" otherwise. */
int dj_export_format_parse(const char *s, enum dj_export_format *out, struct dj_err *err);

/* Cell text for CSV: a leading = + - @ (and tab / CR) neutralised with a ' (in out). */
void dj_export_csv_cell(const char *in, char *out, size_t outsz);

/*
 * Write the export to `path`. *rows gets the number of data rows. DJ_EPERM
 * ("无权访问该组织的数据") for a subtree the actor may not read; DJ_EPERM
 * for unmasked without the right; DJ_EIO when the file cannot be written.
 */
int dj_export_write(struct dj_db *db, const struct dj_actor *actor, const struct dj_export_opts *o,
                    const char *path, int64_t *rows, struct dj_err *err);

/*
 * Reconcile the national export at `path` with the members under org_id.
 * Returns 0 and *out:
 *   {"layout":..., "file_rows":N, "here_rows":N, "matched":N,
 *    "only_there":[{"row","name","id_number"(masked)}],
 *    "only_here":[{"id","name","id_number"(masked),"org_name"}],
 *    "differ":[{"row","id","name","fields":[{"key","label","file","here"}]}],
 *    "rejected":[{"row","column","reason"}]}
 * (each list capped at 5,000 entries; *_count give the full numbers).
 */
int dj_reconcile(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, const char *path,
                 json_t **out, struct dj_err *err);

#endif
