/*
 * import.h - importing the national templates (spec/national-templates.md):
 * 党员花名册 (both 全国 variants), 单机 党员列表 and 党组织名单 go into the
 * organisation tree and the member database through the same svc calls as
 * the API (dj_org_create_rec / dj_org_update, dj_member_create /
 * dj_member_update / dj_member_move), so every rule is the API's.
 *
 * One file is one unit of work (store/db.h dj_db_unit_begin): every row runs
 * as its own step, and the whole file is committed only when no row was
 * rejected; otherwise, on a dry run, on any failure or if the process is
 * killed, the database is left exactly as before. The dry run does all the
 * same work and rolls it back, so its summary is what the commit would do.
 *
 * Matching: organisations by 党组织代码, then by exact full name in the
 * caller's scope; members by ID number (the blind index) among the records
 * the caller may read. A row that matches and is equal is "unchanged" and
 * writes nothing, so importing the same file twice changes nothing; a
 * changed row is an update with its member.update audit row, which is the
 * member's history.
 *
 * The other layouts go through their owning services in the same unit of
 * work: 入党申请人名册 (svc/dev.h dj_dev_create, step 3 by dj_dev_step),
 * 转出党员名册 (svc/transfer.h: a completed out transfer), 死亡党员名册
 * (svc/lapse.h dj_lapse_decide death), 工资表 (svc/dues.h dj_dues_base_set,
 * source import). What a service cannot express from the file (发展党员名册,
 * 转入党员名册, a step its guards refuse) is a per-row note, not a rejection.
 */
#ifndef DJ_SVC_IMPORT_H
#define DJ_SVC_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/scope.h"
#include "io/layout.h"
#include "store/db.h"

struct dj_import_opts {
    const char *path;     /* the file to read */
    const char *name;     /* the name the user gave it (audit, report), or NULL = path */
    const char *org_code; /* 党组织代码 of the organisation the file belongs under, or NULL */
    bool dry_run;
    const char *job; /* progress key (dj_import_progress), or NULL */
    /* optional: called every few hundred rows and at the end (the CLI prints it) */
    void (*on_progress)(void *ud, int64_t done, int64_t total);
    void *progress_ud;
};

struct dj_import_reject {
    int64_t row;        /* sheet row number */
    const char *column; /* the column header, or "" when the whole row is concerned */
    const char *field;  /* the record field key, or "" */
    const char *reason; /* Chinese */
};

struct dj_import_result {
    const struct dj_layout *layout;
    char sha256[65];      /* of the file, hex */
    const char *encoding; /* CSV: "utf-8" / "gb18030" */
    const char *format;   /* "csv", "xlsx", "xls" */
    int64_t header_row;
    int64_t rows;                                           /* data rows read */
    int64_t created, updated, unchanged, rejected, skipped; /* skipped: blank numbered rows */
    struct dj_import_reject *rejects; /* the first DJ_IMPORT_MAX_REJECTS, in row order */
    int nrejects;
    /* rows (or parts of rows) the owning service would not take, e.g. a historic
       step its guards refuse: not an error, the rest of the file is imported */
    struct dj_import_reject *notes; /* the first DJ_IMPORT_MAX_REJECTS */
    int nnotes;
    int64_t not_imported; /* rows that wrote nothing and carry a note */
    bool committed;       /* written to the database */
    const char *pending; /* not importable here: which capability will import it */
};

#define DJ_IMPORT_MAX_REJECTS 100000

/*
 * Import (or dry-run) one file as `actor`. Returns 0 with *res filled even
 * when rows were rejected (res->committed false then); a negative code with
 * err set when the file cannot be read at all (format, caps, no header row
 * of a known layout, --org not found or out of scope) — nothing written.
 * Strings in res come from `arena`.
 */
int dj_import_run(struct dj_db *db, const struct dj_actor *actor, const struct dj_import_opts *o,
                  struct dj_arena *arena, struct dj_import_result *res, struct dj_err *err);

/*
 * Write the error report of `res` (its rejected rows, read again from
 * `path`) to `out` as .xlsx in the file's layout with a reason column.
 */
int dj_import_report_xlsx(const char *path, const struct dj_import_result *res, const char *out,
                          struct dj_err *err);

/*
 * The dictionary code for a value from a national export: a code, a label
 * (汉族), or a label seen in real exports (大学 for 大学本科, 汉 for 汉族).
 * NULL when none.
 */
const char *dj_import_dict_code(const char *dict, const char *value);

/* Progress of a running import, by job key (for UI polling). */
struct dj_import_progress {
    int64_t done, total;
    bool running;
    bool finished;
};

/*
 * The progress of job `job` started by user_id: 0 and *out, or DJ_ENOTFOUND
 * when no such job is known (finished jobs are remembered until 64 newer
 * ones replace them).
 */
int dj_import_progress_get(const char *job, int64_t user_id, struct dj_import_progress *out);

/* Whether `job` is a valid job key: 8 to 64 characters of [A-Za-z0-9_-]. */
bool dj_import_job_valid(const char *job);

#endif
