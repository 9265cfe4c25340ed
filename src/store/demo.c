/* demo.c - SQL for the bulk load of the synthetic demo data (see demo.h). */
#include "base/compat.h"
#include "base/log.h"
#include "store/demo.h"

#define LOAD_CACHE_KIB 262144 /* 256 MiB page cache while loading */

static int count_rows(struct dj_db *db, const char *sql, int64_t *out, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db, sql, &st, err);

    *out = 0;
    if (rc)
        return rc;
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        *out = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_demo_counts(struct dj_db *db, int64_t *orgs, int64_t *users, int64_t *members,
                         struct dj_err *err)
{
    int rc = count_rows(db, "SELECT COUNT(*) FROM orgs", orgs, err);

    if (!rc)
        rc = count_rows(db, "SELECT COUNT(*) FROM users", users, err);
    if (!rc)
        rc = count_rows(db, "SELECT COUNT(*) FROM members", members, err);
    return rc;
}

/* Run a pragma (or any parameterless statement) through exec, with a formatted text. */
static int exec_fmt(struct dj_db *db, struct dj_err *err, const char *fmt, ...) DJ_PRINTF(3, 4);
static int exec_fmt(struct dj_db *db, struct dj_err *err, const char *fmt, ...)
{
    char sql[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(sql))
        return dj_err_set(err, DJ_EINTERNAL, NULL, "内部错误：SQL 过长");
    return dj_db_exec(db, sql, err);
}

/*
 * Remember the CREATE text of every secondary index on members and of the
 * triggers that keep members_fts in step, and drop them. Names come from
 * sqlite_master, never from input; they are quoted as identifiers anyway.
 */
static int drop_member_indexes(struct dj_db *db, struct dj_demo_bulk *b, struct dj_err *err)
{
    char names[DJ_DEMO_MAX_SAVED][128], types[DJ_DEMO_MAX_SAVED][8];
    struct dj_stmt *st;
    int64_t fts;
    int rc;

    rc = count_rows(db,
                    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND "
                    "name = 'members_fts'",
                    &fts, err);
    if (rc)
        return rc;
    b->fts = fts > 0;
    rc = dj_db_prepare(db,
                       "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'members' "
                       "AND sql IS NOT NULL AND (type = 'index' OR (type = 'trigger' AND "
                       "sql LIKE '%members_fts%')) ORDER BY type, name",
                       &st, err);
    if (rc)
        return rc;
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        const char *type = dj_stmt_text(st, 0), *name = dj_stmt_text(st, 1);
        if (b->nsaved == DJ_DEMO_MAX_SAVED || strlen(name) >= sizeof(names[0]) ||
            strchr(name, '"')) {
            dj_stmt_reset(st);
            return dj_err_set(err, DJ_EINTERNAL, NULL, "内部错误：members 表的索引无法处理");
        }
        dj_strlcpy(types[b->nsaved], type, sizeof(types[0]));
        dj_strlcpy(names[b->nsaved], name, sizeof(names[0]));
        b->saved[b->nsaved++] = dj_xstrdup(dj_stmt_text(st, 2));
    }
    dj_stmt_reset(st);
    if (rc < 0)
        return rc;
    for (int i = 0; i < b->nsaved && !rc; i++)
        rc = exec_fmt(db, err, "DROP %s \"%s\"", !strcmp(types[i], "index") ? "INDEX" : "TRIGGER",
                      names[i]);
    return rc;
}

int dj_store_demo_bulk_begin(struct dj_db *db, struct dj_demo_bulk *b, struct dj_err *err)
{
    int rc;

    b->sqlite = !strcmp(dj_db_driver(db), "sqlite");
    if (b->sqlite) {
        rc = count_rows(db, "PRAGMA cache_size", &b->cache_size, err);
        if (!rc)
            rc = count_rows(db, "PRAGMA synchronous", &b->synchronous, err);
        if (!rc)
            rc = count_rows(db, "PRAGMA threads", &b->threads, err);
        /* threads: the sorter of CREATE INDEX may use a second core */
        if (!rc)
            rc = exec_fmt(db, err,
                          "PRAGMA synchronous = OFF; PRAGMA cache_size = -%d; PRAGMA threads = 2",
                          LOAD_CACHE_KIB);
        if (rc)
            return rc;
        b->pragmas_set = true;
    }
    rc = dj_db_begin(db, true, err);
    if (rc)
        return rc;
    if (b->sqlite)
        rc = drop_member_indexes(db, b, err);
    if (rc)
        dj_db_rollback(db);
    return rc;
}

int dj_store_demo_bulk_finish(struct dj_db *db, struct dj_demo_bulk *b, struct dj_err *err)
{
    int rc = 0;

    for (int i = 0; i < b->nsaved && !rc; i++)
        rc = dj_db_exec(db, b->saved[i], err);
    if (!rc && b->fts)
        rc = dj_db_exec(db, "INSERT INTO members_fts(members_fts) VALUES ('rebuild')", err);
    /* planner statistics from a sample, so a fresh large database gets good plans at once */
    if (!rc && b->sqlite)
        rc = dj_db_exec(db, "PRAGMA analysis_limit = 1000; ANALYZE", err);
    return rc;
}

void dj_store_demo_bulk_release(struct dj_db *db, struct dj_demo_bulk *b)
{
    struct dj_err err = {0};

    if (b->pragmas_set) {
        if (exec_fmt(db, &err,
                     "PRAGMA synchronous = %lld; PRAGMA cache_size = %lld; PRAGMA threads = %lld",
                     (long long)b->synchronous, (long long)b->cache_size, (long long)b->threads) ||
            dj_db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", &err))
            dj_log(DJ_LOG_WARN, "demo: restoring pragmas failed", "detail=%s", err.detail);
        b->pragmas_set = false;
    }
    for (int i = 0; i < b->nsaved; i++)
        free(b->saved[i]);
    b->nsaved = 0;
}

/* Bind a string or NULL, and an int that may be -1 for NULL. */
static void bind_opt_int(struct dj_stmt *st, int idx, int v)
{
    if (v < 0)
        dj_stmt_bind_null(st, idx);
    else
        dj_stmt_bind_int64(st, idx, v);
}

static void bind_opt_id(struct dj_stmt *st, int idx, int64_t v)
{
    if (v <= 0)
        dj_stmt_bind_null(st, idx);
    else
        dj_stmt_bind_int64(st, idx, v);
}

static int run_insert(struct dj_stmt *st, struct dj_err *err)
{
    int rc = dj_stmt_step(st, err);

    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_demo_org(struct dj_db *db, const struct dj_demo_org_row *o, const char *now,
                      struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(
        db,
        "INSERT INTO orgs (id, parent_id, path, code, name, kind, domain, status, created_at, "
        "updated_at, industry, locality, secretary_name, contact_name, contact_phone_enc, "
        "founded_on, unit_situation, region_code, unit_name, unit_affiliation, unit_nature, "
        "legal_entity, legal_rep, private_tech, social_service_kind, institution_kind, "
        "can_approve, dissolved_on, dissolve_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
        "$9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, "
        "$27, $28)",
        &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, o->id);
    bind_opt_id(st, 2, o->parent_id);
    dj_stmt_bind_text(st, 3, o->path);
    dj_stmt_bind_text(st, 4, o->code);
    dj_stmt_bind_text(st, 5, o->name);
    dj_stmt_bind_text(st, 6, o->kind);
    dj_stmt_bind_text(st, 7, o->domain);
    dj_stmt_bind_text(st, 8, o->status ? o->status : "active");
    dj_stmt_bind_text(st, 9, now);
    dj_stmt_bind_text(st, 10, o->industry);
    dj_stmt_bind_text(st, 11, o->locality);
    dj_stmt_bind_text(st, 12, o->secretary_name);
    dj_stmt_bind_text(st, 13, o->contact_name);
    dj_stmt_bind_text(st, 14, o->contact_phone_enc);
    dj_stmt_bind_text(st, 15, o->founded_on);
    dj_stmt_bind_text(st, 16, o->unit_situation);
    dj_stmt_bind_text(st, 17, o->region_code);
    dj_stmt_bind_text(st, 18, o->unit_name);
    dj_stmt_bind_text(st, 19, o->unit_affiliation);
    dj_stmt_bind_text(st, 20, o->unit_nature);
    bind_opt_int(st, 21, o->legal_entity);
    dj_stmt_bind_text(st, 22, o->legal_rep);
    bind_opt_int(st, 23, o->private_tech);
    dj_stmt_bind_text(st, 24, o->social_service_kind);
    dj_stmt_bind_text(st, 25, o->institution_kind);
    dj_stmt_bind_int64(st, 26, o->can_approve);
    dj_stmt_bind_text(st, 27, o->dissolved_on);
    dj_stmt_bind_text(st, 28, o->dissolve_reason);
    return run_insert(st, err);
}

int dj_store_demo_unit(struct dj_db *db, const struct dj_demo_unit_row *u, const char *now,
                       struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "INSERT INTO units (id, name, domain, owner_org_id, org_id, "
                           "joint_org_id, full_members, created_at, updated_at) VALUES ($1, $2, "
                           "$3, $4, $5, $6, $7, $8, $8)",
                           &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, u->id);
    dj_stmt_bind_text(st, 2, u->name);
    dj_stmt_bind_text(st, 3, u->domain);
    dj_stmt_bind_int64(st, 4, u->owner_org_id);
    bind_opt_id(st, 5, u->org_id);
    bind_opt_id(st, 6, u->joint_org_id);
    dj_stmt_bind_int64(st, 7, u->full_members);
    dj_stmt_bind_text(st, 8, now);
    return run_insert(st, err);
}

int dj_store_demo_member(struct dj_db *db, const struct dj_demo_member_row *m, const char *now,
                         struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(
        db,
        "INSERT INTO members (id, org_id, org_path, group_id, name, id_enc, id_blind, gender, "
        "birth_date, nation, native_place, education, degree, category, joined_on, confirmed_on, "
        "job, tech_title, new_class, person_category, migrant_worker, industry, work_started_on, "
        "work_unit, joint_unit_name, frontline, phone_enc, tel_enc, hukou_enc, residence_enc, "
        "home_address_enc, added_on, add_kind, status, status_on, status_reason, mobile_to, "
        "mobile_contact, mobile_since, hardship, retired, created_at, updated_at) VALUES ($1, $2, "
        "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, "
        "$22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37, $38, $39, "
        "$40, $41, $42, $42)",
        &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, m->id);
    dj_stmt_bind_int64(st, 2, m->org_id);
    dj_stmt_bind_text(st, 3, m->org_path);
    bind_opt_id(st, 4, m->group_id);
    dj_stmt_bind_text(st, 5, m->name);
    dj_stmt_bind_text(st, 6, m->id_enc);
    dj_stmt_bind_text(st, 7, m->id_blind);
    dj_stmt_bind_text(st, 8, m->gender);
    dj_stmt_bind_text(st, 9, m->birth_date);
    dj_stmt_bind_text(st, 10, m->nation);
    dj_stmt_bind_text(st, 11, m->native_place);
    dj_stmt_bind_text(st, 12, m->education);
    dj_stmt_bind_text(st, 13, m->degree);
    dj_stmt_bind_text(st, 14, m->category);
    dj_stmt_bind_text(st, 15, m->joined_on);
    dj_stmt_bind_text(st, 16, m->confirmed_on);
    dj_stmt_bind_text(st, 17, m->job);
    dj_stmt_bind_text(st, 18, m->tech_title);
    dj_stmt_bind_text(st, 19, m->new_class);
    dj_stmt_bind_text(st, 20, m->person_category);
    dj_stmt_bind_int64(st, 21, m->migrant_worker);
    dj_stmt_bind_text(st, 22, m->industry);
    dj_stmt_bind_text(st, 23, m->work_started_on);
    dj_stmt_bind_text(st, 24, m->work_unit);
    dj_stmt_bind_text(st, 25, m->joint_unit_name);
    dj_stmt_bind_text(st, 26, m->frontline);
    dj_stmt_bind_text(st, 27, m->phone_enc);
    dj_stmt_bind_text(st, 28, m->tel_enc);
    dj_stmt_bind_text(st, 29, m->hukou_enc);
    dj_stmt_bind_text(st, 30, m->residence_enc);
    dj_stmt_bind_text(st, 31, m->home_address_enc);
    dj_stmt_bind_text(st, 32, m->added_on);
    dj_stmt_bind_text(st, 33, m->add_kind);
    dj_stmt_bind_text(st, 34, m->status ? m->status : "normal");
    dj_stmt_bind_text(st, 35, m->status_on);
    dj_stmt_bind_text(st, 36, m->status_reason);
    dj_stmt_bind_text(st, 37, m->mobile_to);
    dj_stmt_bind_text(st, 38, m->mobile_contact);
    dj_stmt_bind_text(st, 39, m->mobile_since);
    dj_stmt_bind_int64(st, 40, m->hardship);
    dj_stmt_bind_int64(st, 41, m->retired);
    dj_stmt_bind_text(st, 42, now);
    return run_insert(st, err);
}

int dj_store_demo_post(struct dj_db *db, const struct dj_demo_post_row *p, const char *now,
                       struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "INSERT INTO org_posts (id, org_id, post, member_id, person_name, "
                           "start_on, end_on, principal_leader, note, created_at, updated_at) "
                           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
                           &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, p->id);
    dj_stmt_bind_int64(st, 2, p->org_id);
    dj_stmt_bind_text(st, 3, p->post);
    bind_opt_id(st, 4, p->member_id);
    dj_stmt_bind_text(st, 5, p->person_name);
    dj_stmt_bind_text(st, 6, p->start_on);
    dj_stmt_bind_text(st, 7, p->end_on);
    dj_stmt_bind_int64(st, 8, p->principal_leader);
    dj_stmt_bind_text(st, 9, p->note);
    dj_stmt_bind_text(st, 10, now);
    return run_insert(st, err);
}

int dj_store_demo_org_officers(struct dj_db *db, int64_t org_id, const char *secretary_name,
                               const char *contact_name, const char *contact_phone_enc,
                               struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "UPDATE orgs SET secretary_name = $1, contact_name = $2, "
                           "contact_phone_enc = $3 WHERE id = $4",
                           &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_text(st, 1, secretary_name);
    dj_stmt_bind_text(st, 2, contact_name);
    dj_stmt_bind_text(st, 3, contact_phone_enc);
    dj_stmt_bind_int64(st, 4, org_id);
    return run_insert(st, err);
}

int dj_store_demo_member_brief(struct dj_db *db, int64_t id, char *name, size_t namesz,
                               char *confirmed_on, size_t confsz, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT name, COALESCE(confirmed_on, '') FROM members WHERE id = $1 "
                           "AND status = 'normal'",
                           &st, err);

    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        dj_strlcpy(name, dj_stmt_text(st, 0), namesz);
        dj_strlcpy(confirmed_on, dj_stmt_text(st, 1), confsz);
        rc = 0;
    } else if (rc == DJ_DONE) {
        rc = dj_err_set(err, DJ_ENOTFOUND, NULL, "党员不存在");
    }
    dj_stmt_reset(st);
    return rc;
}
