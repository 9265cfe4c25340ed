/* dev.c - SQL of 发展党员 (see dev.h). */
#include "base/compat.h"
#include "store/dev.h"

#include "store/scoped.h"

#define SCOPE_SQL(col)                                                                             \
    "((" col " >= $1 AND " col " < $2) OR (" col " >= $3 AND " col " < $4) OR (" col               \
    " >= $5 AND " col " < $6) OR (" col " >= $7 AND " col " < $8))"

/* Same order as enum dj_dev_field (the derived stage_label and age read as NULL). */
#define APPLICANT_COLS                                                                             \
    "a.id, a.org_id, a.name, a.id_enc, a.gender, a.birth_date, a.nation, a.education, a.job, "     \
    "a.work_unit, a.phone_enc, a.leaving_on, a.applied_on, a.stage, a.talked_on, "                 \
    "a.activist_on, a.candidate_on, a.admitted_on, a.approved_on, a.probation_end, "               \
    "a.extended_months, a.conversion_meeting_on, a.conversion_outcome, a.converted_on, "           \
    "a.member_id, a.last_step, a.created_at, a.updated_at, o.name, a.org_path, NULL, NULL "

static char *dup(struct dj_arena *arena, const char *s)
{
    return s ? dj_arena_strdup(arena, s) : NULL;
}

static struct dj_date col_date(struct dj_stmt *st, int col)
{
    struct dj_date d = {0, 0, 0};
    const char *s = dj_stmt_text(st, col);
    if (s)
        dj_date_parse(s, &d, NULL, NULL);
    return d;
}

static int bind_date(struct dj_stmt *st, int idx, struct dj_date d)
{
    char buf[11];
    if (!dj_date_isset(d))
        return dj_stmt_bind_null(st, idx);
    return dj_stmt_bind_text(st, idx, dj_date_format(d, buf));
}

static int step_done(struct dj_stmt *st, struct dj_err *err)
{
    int rc = dj_stmt_step(st, err);
    return rc < 0 ? rc : 0;
}

/* Step an INSERT … RETURNING id. */
static int step_id(struct dj_stmt *st, int64_t *id, struct dj_err *err)
{
    int rc = dj_stmt_step(st, err);

    if (rc == DJ_ROW) {
        *id = dj_stmt_int64(st, 0);
        dj_stmt_reset(st);
        return 0;
    }
    return rc < 0 ? rc : dj_err_set(err, DJ_EDB, NULL, "数据库写入失败");
}

int dj_store_dev_insert(struct dj_db *db, const struct dj_dev_applicant *a,
                        const struct dj_dev_sealed *s, const char *org_path, const char *now,
                        int64_t *id, struct dj_err *err)
{
    static const char sql[] =
        "INSERT INTO dev_applicants (org_id, org_path, name, id_enc, id_blind, gender, "
        "birth_date, nation, education, job, work_unit, phone_enc, leaving_on, applied_on, "
        "stage, last_step, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
        "$10, $11, $12, $13, $14, 'applicant', 1, $15, $15) RETURNING id";
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, a->org_id);
    dj_stmt_bind_text(st, 2, org_path);
    dj_stmt_bind_text(st, 3, a->name);
    dj_stmt_bind_text(st, 4, s->id_enc);
    dj_stmt_bind_text(st, 5, s->id_blind);
    dj_stmt_bind_text(st, 6, a->gender);
    bind_date(st, 7, a->birth_date);
    dj_stmt_bind_text(st, 8, a->nation);
    dj_stmt_bind_text(st, 9, a->education);
    dj_stmt_bind_text(st, 10, a->job);
    dj_stmt_bind_text(st, 11, a->work_unit);
    dj_stmt_bind_text(st, 12, s->phone_enc);
    bind_date(st, 13, a->leaving_on);
    bind_date(st, 14, a->applied_on);
    dj_stmt_bind_text(st, 15, now);
    return step_id(st, id, err);
}

int dj_store_dev_get(struct dj_db *db, const struct dj_scope *scope, int64_t id,
                     struct dj_arena *arena, struct dj_dev_applicant *out, struct dj_err *err)
{
    static const char sql[] =
        "SELECT " APPLICANT_COLS "FROM dev_applicants a JOIN orgs o ON o.id = a.org_id "
        "WHERE a.id = $9 AND " SCOPE_SQL("a.org_path");
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    memset(out, 0, sizeof(*out));
    if (rc)
        return rc;
    dj_store_bind_scope(st, 1, scope);
    dj_stmt_bind_int64(st, 9, id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        rc = dj_rec_from_row(&dj_dev_applicant_desc, out, st, 0, arena);
        dj_stmt_reset(st);
        return rc;
    }
    if (rc < 0)
        return rc;
    return dj_err_set(err, DJ_ENOTFOUND, NULL, "入党申请人记录不存在");
}

int dj_store_dev_update_steps(struct dj_db *db, const struct dj_dev_applicant *a, const char *now,
                              struct dj_err *err)
{
    static const char sql[] =
        "UPDATE dev_applicants SET stage = $2, talked_on = $3, activist_on = $4, "
        "candidate_on = $5, admitted_on = $6, approved_on = $7, probation_end = $8, "
        "extended_months = $9, conversion_meeting_on = $10, conversion_outcome = $11, "
        "converted_on = $12, member_id = $13, last_step = $14, leaving_on = $15, "
        "updated_at = $16 WHERE id = $1";
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, a->id);
    dj_stmt_bind_text(st, 2, a->stage);
    bind_date(st, 3, a->talked_on);
    bind_date(st, 4, a->activist_on);
    bind_date(st, 5, a->candidate_on);
    bind_date(st, 6, a->admitted_on);
    bind_date(st, 7, a->approved_on);
    bind_date(st, 8, a->probation_end);
    dj_stmt_bind_int64(st, 9, a->extended_months);
    bind_date(st, 10, a->conversion_meeting_on);
    dj_stmt_bind_text(st, 11, a->conversion_outcome);
    bind_date(st, 12, a->converted_on);
    if (a->member_id > 0)
        dj_stmt_bind_int64(st, 13, a->member_id);
    else
        dj_stmt_bind_null(st, 13);
    dj_stmt_bind_int64(st, 14, a->last_step);
    bind_date(st, 15, a->leaving_on);
    dj_stmt_bind_text(st, 16, now);
    return step_done(st, err);
}

int dj_store_dev_active_blind(struct dj_db *db, const char *blind, int64_t *other,
                              struct dj_err *err)
{
    static const char sql[] = "SELECT id FROM dev_applicants WHERE id_blind = $1 AND stage NOT IN "
                              "('full', 'cancelled') LIMIT 1";
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    *other = 0;
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, blind);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        *other = dj_stmt_int64(st, 0);
        dj_stmt_reset(st);
        return 0;
    }
    return rc < 0 ? rc : 0;
}

int dj_store_dev_list(struct dj_db *db, const struct dj_scope *scope, const struct dj_dev_filter *f,
                      struct dj_arena *arena, struct dj_dev_applicant **rows, int *n,
                      int64_t *total, struct dj_err *err)
{
    static const char where[] =
        "FROM dev_applicants a JOIN orgs o ON o.id = a.org_id WHERE " SCOPE_SQL(
            "a.org_path") " AND ($9 IS NULL OR (a.org_path >= $9 AND a.org_path < $10)) "
                          "AND (($11 IS NULL AND a.stage NOT IN ('full', 'cancelled')) OR $11 = "
                          "'all' OR "
                          "a.stage = $11) AND ($12 IS NULL OR substr(a.name, 1, length($12)) = "
                          "$12) ";
    static const char sql_rows[] =
        "SELECT " APPLICANT_COLS
        "FROM dev_applicants a JOIN orgs o ON o.id = a.org_id WHERE " SCOPE_SQL(
            "a.org_path") " AND ($9 IS NULL OR (a.org_path >= $9 AND a.org_path < $10)) "
                          "AND (($11 IS NULL AND a.stage NOT IN ('full', 'cancelled')) OR $11 = "
                          "'all' OR "
                          "a.stage = $11) AND ($12 IS NULL OR substr(a.name, 1, length($12)) = "
                          "$12) "
                          "ORDER BY a.applied_on, a.id LIMIT $13 OFFSET $14";
    char sql_count[sizeof(where) + 32];
    char lo[DJ_PATH_MAX], hi[DJ_PATH_MAX];
    struct dj_stmt *st;
    int rc, cap, limit = f->limit > 0 ? f->limit : 1000000;

    *n = 0;
    *rows = NULL;
    *total = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0)
            snprintf(sql_count, sizeof(sql_count), "SELECT count(*) %s", where);
        rc = dj_db_prepare(db, pass == 0 ? sql_count : sql_rows, &st, err);
        if (rc)
            return rc;
        dj_store_bind_scope(st, 1, scope);
        if (f->path) {
            dj_path_range(f->path, lo, hi, sizeof(lo));
            dj_stmt_bind_text(st, 9, lo);
            dj_stmt_bind_text(st, 10, hi);
        } else {
            dj_stmt_bind_null(st, 9);
            dj_stmt_bind_null(st, 10);
        }
        dj_stmt_bind_text(st, 11, f->stage);
        dj_stmt_bind_text(st, 12, f->q);
        if (pass == 0) {
            rc = dj_stmt_step(st, err);
            if (rc < 0)
                return rc;
            *total = dj_stmt_int64(st, 0);
            dj_stmt_reset(st);
            continue;
        }
        dj_stmt_bind_int64(st, 13, limit);
        dj_stmt_bind_int64(st, 14, f->offset);
        cap = *total < limit ? (int)*total : limit;
        *rows = dj_arena_zalloc(arena, sizeof(**rows) * (size_t)(cap > 0 ? cap : 1));
        while ((rc = dj_stmt_step(st, err)) == DJ_ROW && *n < cap) {
            if ((rc = dj_rec_from_row(&dj_dev_applicant_desc, &(*rows)[*n], st, 0, arena))) {
                dj_stmt_reset(st);
                return rc;
            }
            (*n)++;
        }
        if (rc == DJ_ROW)
            dj_stmt_reset(st);
        else if (rc < 0)
            return rc;
    }
    return 0;
}

int dj_store_dev_event_insert(struct dj_db *db, const struct dj_dev_event *e, const char *now,
                              int64_t *id, struct dj_err *err)
{
    static const char sql[] =
        "INSERT INTO dev_events (applicant_id, step, kind, on_date, meeting, data, documents, "
        "note, warning, decided_by_org, user_id, username, created_at) VALUES ($1, $2, $3, $4, "
        "$5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id";
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, e->applicant_id);
    dj_stmt_bind_int64(st, 2, e->step);
    dj_stmt_bind_text(st, 3, e->kind);
    bind_date(st, 4, e->on);
    dj_stmt_bind_text(st, 5, e->meeting);
    dj_stmt_bind_text(st, 6, e->data ? e->data : "{}");
    dj_stmt_bind_text(st, 7, e->documents ? e->documents : "[]");
    dj_stmt_bind_text(st, 8, e->note);
    dj_stmt_bind_text(st, 9, e->warning);
    if (e->decided_by_org > 0)
        dj_stmt_bind_int64(st, 10, e->decided_by_org);
    else
        dj_stmt_bind_null(st, 10);
    if (e->user_id > 0)
        dj_stmt_bind_int64(st, 11, e->user_id);
    else
        dj_stmt_bind_null(st, 11);
    dj_stmt_bind_text(st, 12, e->username);
    dj_stmt_bind_text(st, 13, now);
    return step_id(st, id, err);
}

int dj_store_dev_events(struct dj_db *db, int64_t applicant_id, struct dj_arena *arena,
                        struct dj_dev_event **rows, int *n, struct dj_err *err)
{
    static const char sql[] =
        "SELECT id, applicant_id, step, kind, on_date, meeting, data, documents, note, warning, "
        "COALESCE(decided_by_org, 0), COALESCE(user_id, 0), username, created_at FROM dev_events "
        "WHERE applicant_id = $1 ORDER BY on_date, step, id";
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err), cap = 32;

    *n = 0;
    *rows = NULL;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, applicant_id);
    *rows = dj_arena_zalloc(arena, sizeof(**rows) * (size_t)cap);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_dev_event *e;
        if (*n == cap) {
            struct dj_dev_event *bigger = dj_arena_zalloc(arena, sizeof(**rows) * (size_t)cap * 2);
            memcpy(bigger, *rows, sizeof(**rows) * (size_t)cap);
            *rows = bigger;
            cap *= 2;
        }
        e = &(*rows)[(*n)++];
        e->id = dj_stmt_int64(st, 0);
        e->applicant_id = dj_stmt_int64(st, 1);
        e->step = (int)dj_stmt_int64(st, 2);
        e->kind = dup(arena, dj_stmt_text(st, 3));
        e->on = col_date(st, 4);
        e->meeting = dup(arena, dj_stmt_text(st, 5));
        e->data = dup(arena, dj_stmt_text(st, 6));
        e->documents = dup(arena, dj_stmt_text(st, 7));
        e->note = dup(arena, dj_stmt_text(st, 8));
        e->warning = dup(arena, dj_stmt_text(st, 9));
        e->decided_by_org = dj_stmt_int64(st, 10);
        e->user_id = dj_stmt_int64(st, 11);
        e->username = dup(arena, dj_stmt_text(st, 12));
        e->created_at = dup(arena, dj_stmt_text(st, 13));
    }
    return rc < 0 ? rc : 0;
}

static void read_org(struct dj_stmt *st, struct dj_dev_org *out)
{
    const char *s;
    out->id = dj_stmt_int64(st, 0);
    out->parent_id = dj_stmt_int64(st, 1);
    dj_strlcpy(out->path, (s = dj_stmt_text(st, 2)) ? s : "", sizeof(out->path));
    dj_strlcpy(out->kind, (s = dj_stmt_text(st, 3)) ? s : "", sizeof(out->kind));
    dj_strlcpy(out->status, (s = dj_stmt_text(st, 4)) ? s : "", sizeof(out->status));
    dj_strlcpy(out->name, (s = dj_stmt_text(st, 5)) ? s : "", sizeof(out->name));
    out->can_approve = dj_stmt_int64(st, 6) != 0;
}

int dj_store_dev_org(struct dj_db *db, int64_t id, struct dj_dev_org *out, struct dj_err *err)
{
    static const char sql[] = "SELECT id, COALESCE(parent_id, 0), path, kind, status, name, "
                              "can_approve FROM orgs WHERE id = $1";
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    memset(out, 0, sizeof(*out));
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        read_org(st, out);
        dj_stmt_reset(st);
        return 0;
    }
    return rc < 0 ? rc : dj_err_set(err, DJ_ENOTFOUND, "org_id", "组织不存在");
}

int dj_store_dev_approver(struct dj_db *db, const char *path, struct dj_dev_org *out,
                          struct dj_err *err)
{
    static const char sql[] =
        "SELECT id, COALESCE(parent_id, 0), path, kind, status, name, can_approve FROM orgs "
        "WHERE substr($1, 1, length(path)) = path AND path <> $1 AND can_approve = 1 "
        "AND status = 'active' AND kind IN ('committee', 'work_committee', 'community_committee') "
        "ORDER BY length(path) DESC LIMIT 1";
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    memset(out, 0, sizeof(*out));
    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, path);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        read_org(st, out);
        dj_stmt_reset(st);
        return 0;
    }
    return rc < 0 ? rc : DJ_ENOTFOUND;
}

int dj_store_dev_member(struct dj_db *db, int64_t id, struct dj_arena *arena,
                        struct dj_dev_member *out, struct dj_err *err)
{
    static const char sql[] = "SELECT id, name, category, status, org_path, party_probation_until "
                              "FROM members WHERE id = $1";
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    memset(out, 0, sizeof(*out));
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        out->id = dj_stmt_int64(st, 0);
        out->name = dup(arena, dj_stmt_text(st, 1));
        out->category = dup(arena, dj_stmt_text(st, 2));
        out->status = dup(arena, dj_stmt_text(st, 3));
        out->org_path = dup(arena, dj_stmt_text(st, 4));
        out->party_probation_until = col_date(st, 5);
        dj_stmt_reset(st);
        return 0;
    }
    return rc < 0 ? rc : DJ_ENOTFOUND;
}

int dj_store_dev_review_insert(struct dj_db *db, const struct dj_dev_review *r, const char *now,
                               int64_t *id, struct dj_err *err)
{
    static const char sql[] =
        "INSERT INTO dev_reviews (applicant_id, step, approver_org_id, approver_path, org_path, "
        "status, submitted_on, submitted_by, note, documents, created_at, updated_at) VALUES "
        "($1, $2, $3, $4, $5, 'pending', $6, $7, $8, $9, $10, $10) RETURNING id";
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, r->applicant_id);
    dj_stmt_bind_int64(st, 2, r->step);
    dj_stmt_bind_int64(st, 3, r->approver_org_id);
    dj_stmt_bind_text(st, 4, r->approver_path);
    dj_stmt_bind_text(st, 5, r->org_path);
    bind_date(st, 6, r->submitted_on);
    dj_stmt_bind_text(st, 7, r->submitted_by);
    dj_stmt_bind_text(st, 8, r->note);
    dj_stmt_bind_text(st, 9, r->documents ? r->documents : "[]");
    dj_stmt_bind_text(st, 10, now);
    return step_id(st, id, err);
}

#define REVIEW_COLS                                                                                \
    "r.id, r.applicant_id, r.step, r.approver_org_id, r.approver_path, r.org_path, r.status, "     \
    "r.submitted_on, r.submitted_by, r.note, r.documents, r.decided_on, r.decided_by, r.reason, "  \
    "COALESCE(r.event_id, 0), r.created_at, a.name, o.name, p.name "
#define REVIEW_FROM                                                                                \
    "FROM dev_reviews r JOIN dev_applicants a ON a.id = r.applicant_id "                           \
    "JOIN orgs o ON o.id = a.org_id JOIN orgs p ON p.id = r.approver_org_id "

static void read_review(struct dj_stmt *st, struct dj_arena *arena, struct dj_dev_review *r)
{
    r->id = dj_stmt_int64(st, 0);
    r->applicant_id = dj_stmt_int64(st, 1);
    r->step = (int)dj_stmt_int64(st, 2);
    r->approver_org_id = dj_stmt_int64(st, 3);
    r->approver_path = dup(arena, dj_stmt_text(st, 4));
    r->org_path = dup(arena, dj_stmt_text(st, 5));
    r->status = dup(arena, dj_stmt_text(st, 6));
    r->submitted_on = col_date(st, 7);
    r->submitted_by = dup(arena, dj_stmt_text(st, 8));
    r->note = dup(arena, dj_stmt_text(st, 9));
    r->documents = dup(arena, dj_stmt_text(st, 10));
    r->decided_on = col_date(st, 11);
    r->decided_by = dup(arena, dj_stmt_text(st, 12));
    r->reason = dup(arena, dj_stmt_text(st, 13));
    r->event_id = dj_stmt_int64(st, 14);
    r->created_at = dup(arena, dj_stmt_text(st, 15));
    r->applicant_name = dup(arena, dj_stmt_text(st, 16));
    r->org_name = dup(arena, dj_stmt_text(st, 17));
    r->approver_name = dup(arena, dj_stmt_text(st, 18));
}

int dj_store_dev_review_get(struct dj_db *db, int64_t id, struct dj_arena *arena,
                            struct dj_dev_review *out, struct dj_err *err)
{
    static const char sql[] = "SELECT " REVIEW_COLS REVIEW_FROM "WHERE r.id = $1";
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    memset(out, 0, sizeof(*out));
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        read_review(st, arena, out);
        dj_stmt_reset(st);
        return 0;
    }
    return rc < 0 ? rc : DJ_ENOTFOUND;
}

int dj_store_dev_review_decide(struct dj_db *db, int64_t id, const char *status, struct dj_date on,
                               const char *by, const char *reason, int64_t event_id,
                               const char *now, struct dj_err *err)
{
    static const char sql[] =
        "UPDATE dev_reviews SET status = $2, decided_on = $3, decided_by = $4, reason = $5, "
        "event_id = $6, updated_at = $7 WHERE id = $1 AND status = 'pending'";
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    dj_stmt_bind_text(st, 2, status);
    bind_date(st, 3, on);
    dj_stmt_bind_text(st, 4, by);
    dj_stmt_bind_text(st, 5, reason);
    if (event_id > 0)
        dj_stmt_bind_int64(st, 6, event_id);
    else
        dj_stmt_bind_null(st, 6);
    dj_stmt_bind_text(st, 7, now);
    if ((rc = step_done(st, err)))
        return rc;
    if (dj_db_changes(db) != 1)
        return dj_err_set(err, DJ_ECONFLICT, NULL, "该审核已处理，不能重复处理");
    return 0;
}

int dj_store_dev_review_pending(struct dj_db *db, int64_t applicant_id, int step, int64_t *id,
                                struct dj_err *err)
{
    static const char sql[] = "SELECT id FROM dev_reviews WHERE applicant_id = $1 AND step = $2 "
                              "AND status = 'pending'";
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    *id = 0;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, applicant_id);
    dj_stmt_bind_int64(st, 2, step);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        *id = dj_stmt_int64(st, 0);
        dj_stmt_reset(st);
        return 0;
    }
    return rc < 0 ? rc : 0;
}

int dj_store_dev_reviews(struct dj_db *db, const struct dj_scope *scope, bool as_approver,
                         const char *status, struct dj_arena *arena, struct dj_dev_review **rows,
                         int *n, struct dj_err *err)
{
    static const char sql_approver[] = "SELECT " REVIEW_COLS REVIEW_FROM "WHERE " SCOPE_SQL(
        "r.approver_path") " AND ($9 IS NULL OR r.status = $9) ORDER BY r.id DESC LIMIT 200";
    static const char sql_branch[] = "SELECT " REVIEW_COLS REVIEW_FROM "WHERE " SCOPE_SQL(
        "r.org_path") " AND ($9 IS NULL OR r.status = $9) ORDER BY r.id DESC LIMIT 200";
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, as_approver ? sql_approver : sql_branch, &st, err);

    *n = 0;
    *rows = NULL;
    if (rc)
        return rc;
    dj_store_bind_scope(st, 1, scope);
    dj_stmt_bind_text(st, 9, status);
    *rows = dj_arena_zalloc(arena, sizeof(**rows) * 200);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW && *n < 200)
        read_review(st, arena, &(*rows)[(*n)++]);
    if (rc == DJ_ROW)
        dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_dev_reviews_of(struct dj_db *db, int64_t applicant_id, struct dj_arena *arena,
                            struct dj_dev_review **rows, int *n, struct dj_err *err)
{
    static const char sql[] =
        "SELECT " REVIEW_COLS REVIEW_FROM "WHERE r.applicant_id = $1 ORDER BY r.id LIMIT 50";
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    *n = 0;
    *rows = NULL;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, applicant_id);
    *rows = dj_arena_zalloc(arena, sizeof(**rows) * 50);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW && *n < 50)
        read_review(st, arena, &(*rows)[(*n)++]);
    if (rc == DJ_ROW)
        dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_dev_plan_upsert(struct dj_db *db, const struct dj_dev_plan *p, const char *now,
                             int64_t *id, struct dj_err *err)
{
    static const char sql[] =
        "INSERT INTO dev_plans (org_id, org_path, year, planned, under35, note, created_at, "
        "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (org_id, year) DO "
        "UPDATE SET planned = excluded.planned, under35 = excluded.under35, note = excluded.note, "
        "org_path = excluded.org_path, updated_at = excluded.updated_at RETURNING id";
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, p->org_id);
    dj_stmt_bind_text(st, 2, p->org_path);
    dj_stmt_bind_int64(st, 3, p->year);
    dj_stmt_bind_int64(st, 4, p->planned);
    dj_stmt_bind_int64(st, 5, p->under35);
    dj_stmt_bind_text(st, 6, p->note);
    dj_stmt_bind_text(st, 7, now);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        *id = dj_stmt_int64(st, 0);
        dj_stmt_reset(st);
        return 0;
    }
    return rc < 0 ? rc : DJ_EDB;
}

#define PLAN_SELECT                                                                                \
    "SELECT p.id, p.org_id, o.name, p.org_path, p.year, p.planned, p.under35, p.note, "            \
    "(SELECT count(*) FROM dev_applicants a WHERE a.org_path >= p.org_path AND "                   \
    "a.org_path < substr(p.org_path, 1, length(p.org_path) - 1) || '0' AND a.admitted_on >= "      \
    "printf('%04d-01-01', p.year) AND a.admitted_on <= printf('%04d-12-31', p.year) AND "          \
    "a.stage <> 'cancelled') FROM dev_plans p JOIN orgs o ON o.id = p.org_id "

static void read_plan(struct dj_stmt *st, struct dj_arena *arena, struct dj_dev_plan *p)
{
    p->id = dj_stmt_int64(st, 0);
    p->org_id = dj_stmt_int64(st, 1);
    p->org_name = dup(arena, dj_stmt_text(st, 2));
    p->org_path = dup(arena, dj_stmt_text(st, 3));
    p->year = dj_stmt_int64(st, 4);
    p->planned = dj_stmt_int64(st, 5);
    p->under35 = dj_stmt_int64(st, 6);
    p->note = dup(arena, dj_stmt_text(st, 7));
    p->developed = dj_stmt_int64(st, 8);
}

int dj_store_dev_plans(struct dj_db *db, const char *path, int64_t year, struct dj_arena *arena,
                       struct dj_dev_plan **rows, int *n, struct dj_err *err)
{
    static const char sql[] = PLAN_SELECT "WHERE p.org_path >= $1 AND p.org_path < $2 AND "
                                          "p.year = $3 ORDER BY p.org_path LIMIT 500";
    char lo[DJ_PATH_MAX], hi[DJ_PATH_MAX];
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    *n = 0;
    *rows = NULL;
    if (rc)
        return rc;
    dj_path_range(path, lo, hi, sizeof(lo));
    dj_stmt_bind_text(st, 1, lo);
    dj_stmt_bind_text(st, 2, hi);
    dj_stmt_bind_int64(st, 3, year);
    *rows = dj_arena_zalloc(arena, sizeof(**rows) * 500);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW && *n < 500)
        read_plan(st, arena, &(*rows)[(*n)++]);
    if (rc == DJ_ROW)
        dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_dev_plan_get(struct dj_db *db, int64_t org_id, int64_t year, struct dj_arena *arena,
                          struct dj_dev_plan *out, bool *found, struct dj_err *err)
{
    static const char sql[] = PLAN_SELECT "WHERE p.org_id = $1 AND p.year = $2";
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    memset(out, 0, sizeof(*out));
    *found = false;
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, org_id);
    dj_stmt_bind_int64(st, 2, year);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        read_plan(st, arena, out);
        *found = true;
        dj_stmt_reset(st);
        return 0;
    }
    return rc < 0 ? rc : 0;
}

int dj_store_dev_counts(struct dj_db *db, const char *path, struct dj_date today,
                        struct dj_arena *arena, struct dj_dev_count **rows, int *n,
                        struct dj_err *err)
{
    static const char sql[] =
        "SELECT stage, education, count(*), sum(birth_date > $3) FROM dev_applicants "
        "WHERE org_path >= $1 AND org_path < $2 GROUP BY stage, education ORDER BY stage, "
        "education LIMIT 400";
    char lo[DJ_PATH_MAX], hi[DJ_PATH_MAX], cut[11];
    struct dj_date c35 = dj_date_add_years(today, -35);
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    *n = 0;
    *rows = NULL;
    if (rc)
        return rc;
    dj_path_range(path, lo, hi, sizeof(lo));
    dj_stmt_bind_text(st, 1, lo);
    dj_stmt_bind_text(st, 2, hi);
    /* under 35 on `today`: the 35th birthday is after today, i.e. born after today - 35 years */
    dj_stmt_bind_text(st, 3, dj_date_format(c35, cut));
    *rows = dj_arena_zalloc(arena, sizeof(**rows) * 400);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW && *n < 400) {
        struct dj_dev_count *c = &(*rows)[(*n)++];
        c->stage = dup(arena, dj_stmt_text(st, 0));
        c->education = dup(arena, dj_stmt_text(st, 1));
        c->total = dj_stmt_int64(st, 2);
        c->under35 = dj_stmt_int64(st, 3);
    }
    if (rc == DJ_ROW)
        dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}
