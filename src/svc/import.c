/*
 * import.c - importing the national templates (see import.h): header
 * detection, value normalisation (io/layout.h), dictionary labels to codes,
 * matching, and the calls into svc/org.c and svc/member.c inside one unit of
 * work per file.
 */
#include "base/compat.h"
#include "svc/import.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/report.h"
#include "model/dict.h"
#include "model/member_rec.h"
#include "model/org_rec.h"
#include "store/import.h"
#include "base/money.h"
#include "svc/audit.h"
#include "svc/dev.h"
#include "svc/dues.h"
#include "svc/lapse.h"
#include "svc/member.h"
#include "svc/transfer.h"
#include "svc/org.h"

#define HEADER_SCAN_ROWS 30
#define PROGRESS_EVERY 200

/* ---- progress --------------------------------------------------------------------- */

#define NJOBS 64

struct job {
    char key[65];
    int64_t user_id;
    struct dj_import_progress p;
    uint64_t seq;
};

static pthread_mutex_t jobs_mu = PTHREAD_MUTEX_INITIALIZER;
static struct job jobs[NJOBS];
static uint64_t jobs_seq;

bool dj_import_job_valid(const char *job)
{
    size_t n = job ? strlen(job) : 0;

    if (n < 8 || n > 64)
        return false;
    return strspn(job, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

static void progress_set(const char *key, int64_t user_id, int64_t done, int64_t total,
                         bool finished)
{
    struct job *slot = NULL;

    if (!key || !dj_import_job_valid(key))
        return;
    pthread_mutex_lock(&jobs_mu);
    for (int i = 0; i < NJOBS && !slot; i++)
        if (jobs[i].seq && !strcmp(jobs[i].key, key) && jobs[i].user_id == user_id)
            slot = &jobs[i];
    if (!slot) { /* the oldest slot */
        slot = &jobs[0];
        for (int i = 1; i < NJOBS; i++)
            if (jobs[i].seq < slot->seq)
                slot = &jobs[i];
        memset(slot, 0, sizeof(*slot));
        dj_strlcpy(slot->key, key, sizeof(slot->key));
        slot->user_id = user_id;
        slot->seq = ++jobs_seq;
    }
    slot->p.done = done;
    slot->p.total = total;
    slot->p.running = !finished;
    slot->p.finished = finished;
    pthread_mutex_unlock(&jobs_mu);
}

int dj_import_progress_get(const char *job, int64_t user_id, struct dj_import_progress *out)
{
    int rc = DJ_ENOTFOUND;

    pthread_mutex_lock(&jobs_mu);
    for (int i = 0; i < NJOBS; i++)
        if (jobs[i].seq && job && !strcmp(jobs[i].key, job) && jobs[i].user_id == user_id) {
            *out = jobs[i].p;
            rc = 0;
        }
    pthread_mutex_unlock(&jobs_mu);
    return rc;
}

/* ---- dictionary labels ---------------------------------------------------------------- */

/* Labels seen in national exports that differ from the dictionary's own. */
static const struct {
    const char *dict, *label, *code;
} aliases[] = {
    {"education", "研究生", "14"},
    {"education", "博士", "11"},
    {"education", "硕士", "14"},
    {"education", "大学", "21"},
    {"education", "本科", "21"},
    {"education", "大学本科", "21"},
    {"education", "大专", "31"},
    {"education", "专科", "31"},
    {"education", "中专", "41"},
    {"education", "中技", "47"},
    {"education", "技校", "47"},
    {"education", "高中", "61"},
    {"education", "初中及以下", "71"},
    {"degree", "博士学位", "2"},
    {"degree", "硕士学位", "3"},
    {"degree", "学士学位", "4"},
    {"degree", "无学位", "9"},
    {"gender", "男性", "1"},
    {"gender", "女性", "2"},
    {"org_kind", "党总支部", "general_branch"},
    {"org_kind", "总支部", "general_branch"},
    {"org_kind", "支部", "branch"},
    {"org_kind", "党委员会", "committee"},
    {"person_category", "农民", "farmer"},
    {"person_category", "牧民", "farmer"},
    {"person_category", "渔民", "farmer"},
    {"person_category", "离退休", "retired"},
    {"person_category", "离退休人员", "retired"},
    {"person_category", "军人", "military"},
    {"person_category", "武警", "military"},
    {"add_kind", "本系统内其他支部转入", "internal"},
};

const char *dj_import_dict_code(const char *dict, const char *v)
{
    const struct dj_dict *d = dj_dict_find(dict);
    const char *c;
    char buf[128];

    if (!d || !v)
        return NULL;
    if ((c = dj_dict_code(d, v)))
        return c;
    for (size_t i = 0; i < DJ_ARRAY_LEN(aliases); i++)
        if (!strcmp(aliases[i].dict, dict) && !strcmp(aliases[i].label, v))
            return aliases[i].code;
    if (!strcmp(dict, "nation")) { /* "汉" for 汉族 */
        snprintf(buf, sizeof(buf), "%s族", v);
        if ((c = dj_dict_code(d, buf)))
            return c;
    }
    if (dj_dict_label(d, v))
        return v;
    return NULL;
}

/* ---- the run's state ------------------------------------------------------------------ */

struct branch_cache {
    char name[404];
    int64_t id;
    char path[DJ_PATH_MAX];
    int rc; /* 0 found, else the reason is in msg */
    char msg[160];
};

#define NCACHE 512

struct run {
    struct dj_db *db;
    const struct dj_actor *actor;
    const struct dj_import_opts *o;
    struct dj_arena *arena; /* the result's */
    struct dj_import_result *res;
    struct dj_layout_match m;
    struct dj_org_row root; /* --org, id 0 when none */
    struct branch_cache *cache;
    int ncache;
    int64_t rejects_alloc;
    int64_t notes_alloc;
};

static void reject(struct run *r, int64_t row, const char *column, const char *field,
                   const char *reason)
{
    struct dj_import_result *res = r->res;

    res->rejected++;
    if (res->nrejects >= DJ_IMPORT_MAX_REJECTS)
        return;
    if (res->nrejects == r->rejects_alloc) {
        int64_t n = r->rejects_alloc ? r->rejects_alloc * 2 : 64;
        struct dj_import_reject *p = dj_arena_alloc(r->arena, (size_t)n * sizeof(*p));
        if (res->nrejects)
            memcpy(p, res->rejects, (size_t)res->nrejects * sizeof(*p));
        res->rejects = p;
        r->rejects_alloc = n;
    }
    res->rejects[res->nrejects++] = (struct dj_import_reject){
        row, dj_arena_strdup(r->arena, column ? column : ""),
        dj_arena_strdup(r->arena, field ? field : ""), dj_arena_strdup(r->arena, reason)};
}

/* A part of a row the owning service did not take (not an error: see import.h). */
static void note(struct run *r, int64_t row, const char *column, const char *field,
                 const char *reason)
{
    struct dj_import_result *res = r->res;

    if (res->nnotes >= DJ_IMPORT_MAX_REJECTS)
        return;
    if (res->nnotes == r->notes_alloc) {
        int64_t n = r->notes_alloc ? r->notes_alloc * 2 : 64;
        struct dj_import_reject *p = dj_arena_alloc(r->arena, (size_t)n * sizeof(*p));
        if (res->nnotes)
            memcpy(p, res->notes, (size_t)res->nnotes * sizeof(*p));
        res->notes = p;
        r->notes_alloc = n;
    }
    res->notes[res->nnotes++] = (struct dj_import_reject){
        row, dj_arena_strdup(r->arena, column ? column : ""),
        dj_arena_strdup(r->arena, field ? field : ""), dj_arena_strdup(r->arena, reason)};
}

/* The header of the layout column holding `key`, or "". */
static const char *column_of(const struct run *r, const char *key)
{
    const struct dj_layout *l = r->m.layout;

    for (int j = 0; key && *key && j < l->ncols; j++)
        if (l->cols[j].key && !strcmp(l->cols[j].key, key))
            return l->cols[j].header;
    return "";
}

/* A svc refusal becomes a rejection of the row; other failures end the import. */
static int svc_fail(struct run *r, int64_t row, int rc, const struct dj_err *e, struct dj_err *err)
{
    if (rc == DJ_EINVAL || rc == DJ_ECONFLICT || rc == DJ_EPERM || rc == DJ_ENOTFOUND ||
        rc == DJ_ETOOBIG) {
        reject(r, row, column_of(r, e->field), e->field, e->message);
        return 0;
    }
    if (err)
        *err = *e;
    return rc;
}

/*
 * Read the row's mapped values into vals[] (layout column order). Returns 1
 * when the row holds data, 0 when it is blank apart from 序号 / ignored
 * columns, -1 when a value was rejected (recorded).
 */
static int row_values(struct run *r, const struct dj_row *row, char vals[][512])
{
    const struct dj_layout *l = r->m.layout;
    bool any = false;

    for (int j = 0; j < l->ncols; j++) {
        const struct dj_layout_col *c = &l->cols[j];
        int at = r->m.where[j];
        struct dj_err e = {0};

        vals[j][0] = '\0';
        if (at < 0 || at >= row->ncells || c->kind == DJ_V_IGNORE || c->kind == DJ_V_SECTION)
            continue;
        if (dj_layout_value(c->kind, &row->cells[at], vals[j], 512, &e)) {
            char msg[320];
            snprintf(msg, sizeof(msg), "「%s」%s", c->header, e.message);
            reject(r, row->number, c->header, c->key, msg);
            return -1;
        }
        if (vals[j][0])
            any = true;
    }
    return any ? 1 : 0;
}

/*
 * Build a JSON object for `d` from the row's values (skipping ignored,
 * section and organisation-reference columns). Dictionary labels become
 * codes. Returns NULL after recording a rejection.
 */
static json_t *row_json(struct run *r, int64_t rown, char vals[][512],
                        const struct dj_record_desc *d)
{
    const struct dj_layout *l = r->m.layout;
    json_t *obj = json_object();

    for (int j = 0; j < l->ncols; j++) {
        const struct dj_layout_col *c = &l->cols[j];
        const char *v = vals[j];

        if (!c->key || !*v || c->kind == DJ_V_IGNORE || c->kind == DJ_V_SECTION ||
            c->kind == DJ_V_ORGREF || !dj_desc_field(d, c->key))
            continue;
        if (c->kind == DJ_V_DICT) {
            const char *code = dj_import_dict_code(c->dict, v);
            char msg[320];
            if (!code) {
                snprintf(msg, sizeof(msg), "「%s」的值「%.60s」不在字典中", c->header, v);
                reject(r, rown, c->header, c->key, msg);
                json_decref(obj);
                return NULL;
            }
            json_object_set_new(obj, c->key, json_string(code));
        } else if (c->kind == DJ_V_BOOL) {
            json_object_set_new(obj, c->key, json_boolean(!strcmp(v, "true")));
        } else {
            json_object_set_new(obj, c->key, json_string(v));
        }
    }
    return obj;
}

/* Drop the keys of `patch` whose value equals the current record's (rendered unmasked). */
static void drop_equal(json_t *patch, json_t *cur)
{
    const char *key;
    json_t *v, *tmp;

    json_object_foreach_safe(patch, tmp, key, v)
    {
        json_t *c = json_object_get(cur, key);
        if (c && json_equal(c, v))
            json_object_del(patch, key);
    }
}

/* ---- organisations ---------------------------------------------------------------------- */

static int org_row(struct run *r, const struct dj_row *row, char vals[][512], struct dj_err *err)
{
    const struct dj_layout *l = r->m.layout;
    struct dj_arena *a = dj_arena_new();
    struct dj_err e = {0};
    struct dj_org_row found, byname[2];
    struct dj_org_rec rec, cur, out;
    struct dj_scope read;
    const char *code = NULL, *name = NULL;
    int64_t id = 0;
    json_t *obj = NULL;
    int rc = 0, n = 0;

    for (int j = 0; j < l->ncols; j++) {
        if (l->cols[j].key && !strcmp(l->cols[j].key, "code") && vals[j][0])
            code = vals[j];
        if (l->cols[j].key && !strcmp(l->cols[j].key, "name") && vals[j][0])
            name = vals[j];
    }
    if (!(obj = row_json(r, row->number, vals, &dj_org_desc)))
        goto out;
    dj_scope_for(r->actor, DJ_PERM_READ, &read);
    if (code && !(rc = dj_store_import_org_by_code(r->db, code, &found, &e))) {
        if (!dj_scope_contains(&read, found.path)) {
            reject(r, row->number, "党组织代码", "code", "无权访问该组织的数据");
            goto out;
        }
        id = found.id;
    } else if (rc && rc != DJ_ENOTFOUND) {
        rc = svc_fail(r, row->number, rc, &e, err);
        goto out;
    }
    rc = 0;
    if (!id && name) {
        if ((rc = dj_store_import_orgs_by_name(r->db, name, byname, 2, &n, &e)))
            goto out_fail;
        for (int i = 0, seen = 0; i < n; i++)
            if (dj_scope_contains(&read, byname[i].path)) {
                if (seen++) {
                    reject(r, row->number, "党组织名称", "name",
                           "有多个同名党组织，请填写「党组织代码」以区分");
                    goto out;
                }
                id = byname[i].id;
            }
    }
    if (id) {
        json_t *cj;
        if ((rc = dj_org_read(r->db, r->actor, id, a, &cur, &e)))
            goto out_fail;
        cj = dj_rec_to_json(&dj_org_desc, &cur, DJ_OUT_UNMASKED);
        drop_equal(obj, cj);
        json_decref(cj);
        if (!json_object_size(obj)) {
            r->res->unchanged++;
            goto out;
        }
        memset(&rec, 0, sizeof(rec));
        if ((rc = dj_rec_from_json(&dj_org_desc, obj, &rec, DJ_REC_PATCH, a, &e)) ||
            (rc = dj_org_update(r->db, r->actor, id, &rec, a, &out, &e)))
            goto out_fail;
        r->res->updated++;
        goto out;
    }
    if (!r->root.id) {
        reject(r, row->number, "党组织名称", "parent_id",
               "系统中没有该党组织；新建党组织须指定上级组织（导入时选择上级党组织代码）");
        goto out;
    }
    json_object_set_new(obj, "parent_id", json_integer(r->root.id));
    memset(&rec, 0, sizeof(rec));
    if ((rc = dj_rec_from_json(&dj_org_desc, obj, &rec, DJ_REC_CREATE, a, &e)) ||
        (rc = dj_org_create_rec(r->db, r->actor, &rec, a, &out, &e)))
        goto out_fail;
    r->res->created++;
    goto out;
out_fail:
    rc = svc_fail(r, row->number, rc, &e, err);
out:
    json_decref(obj);
    dj_arena_free(a);
    return rc;
}

/* ---- members ---------------------------------------------------------------------------- */

/* The branch named `name` (exact, active, a 党支部 kind, in scope and under --org). */
static struct branch_cache *branch(struct run *r, const char *name, struct dj_err *err)
{
    struct dj_org_row rows[3];
    struct dj_scope write;
    struct branch_cache *c;
    int n = 0, hits = 0, rc;

    for (int i = 0; i < r->ncache; i++)
        if (!strcmp(r->cache[i].name, name))
            return &r->cache[i];
    if (r->ncache == NCACHE)
        r->ncache = 0; /* a crude reset: files rarely name more branches */
    c = &r->cache[r->ncache++];
    memset(c, 0, sizeof(*c));
    dj_strlcpy(c->name, name, sizeof(c->name));
    if ((rc = dj_store_import_orgs_by_name(r->db, name, rows, 3, &n, err))) {
        r->ncache--;
        return NULL;
    }
    dj_scope_for(r->actor, DJ_PERM_WRITE, &write);
    for (int i = 0; i < n; i++) {
        if (!dj_scope_contains(&write, rows[i].path) ||
            (r->root.id && strncmp(rows[i].path, r->root.path, strlen(r->root.path))))
            continue;
        if (!hits++) {
            c->id = rows[i].id;
            dj_strlcpy(c->path, rows[i].path, sizeof(c->path));
            if (!dj_org_kind_is_branch(rows[i].kind))
                c->rc = DJ_EINVAL;
        }
    }
    if (!hits) {
        c->rc = DJ_EINVAL;
        snprintf(c->msg, sizeof(c->msg), "%s", "「所在党支部」在系统中不存在或不在您的管理范围内");
    } else if (hits > 1) {
        c->rc = DJ_EINVAL;
        snprintf(c->msg, sizeof(c->msg), "%s", "有多个同名党支部，请在导入时指定上级党组织代码");
    } else if (c->rc) {
        snprintf(c->msg, sizeof(c->msg), "%s",
                 "「所在党支部」应为党支部（含联合、临时、网格党支部）");
    }
    return c;
}

/* Whether any editable field differs between two records of the same member. */
static bool member_changed(const struct dj_member_rec *a, const struct dj_member_rec *b)
{
    json_t *x = dj_rec_to_json(&dj_member_desc, a, DJ_OUT_UNMASKED);
    json_t *y = dj_rec_to_json(&dj_member_desc, b, DJ_OUT_UNMASKED);
    bool any = false;

    for (int i = 0; i < DJ_MF_ORG_NAME && !any; i++) {
        const char *key = dj_member_desc.fields[i].key;
        any = !json_equal(json_object_get(x, key), json_object_get(y, key));
    }
    json_decref(x);
    json_decref(y);
    return any;
}

static int member_row(struct run *r, const struct dj_row *row, char vals[][512], struct dj_err *err)
{
    const struct dj_layout *l = r->m.layout;
    struct dj_arena *a = dj_arena_new();
    struct dj_err e = {0};
    struct dj_member_rec rec, out, *found = NULL, *active = NULL;
    const char *idn = NULL, *bname = NULL, *confirmed = NULL;
    int64_t org_id = 0;
    json_t *obj = NULL;
    int rc = 0, n = 0;
    bool moved = false, changed = false;

    for (int j = 0; j < l->ncols; j++) {
        const char *k = l->cols[j].key;
        if (!k || !vals[j][0])
            continue;
        if (!strcmp(k, "id_number"))
            idn = vals[j];
        else if (!strcmp(k, "org_id"))
            bname = vals[j];
        else if (!strcmp(k, "confirmed_on"))
            confirmed = vals[j];
    }
    if (!(obj = row_json(r, row->number, vals, &dj_member_desc)))
        goto out;
    json_object_set_new(obj, "category", json_string(confirmed ? "full" : "probationary"));
    if (bname) {
        struct branch_cache *b = branch(r, bname, &e);
        if (!b) {
            rc = DJ_EDB;
            goto out_fail;
        }
        if (b->rc) {
            reject(r, row->number, column_of(r, "org_id"), "org_id", b->msg);
            goto out;
        }
        org_id = b->id;
    } else if (r->root.id && dj_org_kind_is_branch(r->root.kind)) {
        org_id = r->root.id;
    } else {
        reject(r, row->number, column_of(r, "org_id"), "org_id", "「所在党支部」不能为空");
        goto out;
    }
    if (!idn) {
        reject(r, row->number, column_of(r, "id_number"), "id_number", "「身份证号码」不能为空");
        goto out;
    }
    if ((rc = dj_member_lookup(r->db, r->actor, idn, a, &found, &n, &e)))
        goto out_fail;
    for (int i = 0; i < n; i++)
        if (!found[i].status ||
            (strcmp(found[i].status, "left") && strcmp(found[i].status, "deceased")))
            active = &found[i];
    if (!active) {
        json_object_set_new(obj, "org_id", json_integer(org_id));
        memset(&rec, 0, sizeof(rec));
        if ((rc = dj_rec_from_json(&dj_member_desc, obj, &rec, DJ_REC_CREATE, a, &e)) ||
            (rc = dj_member_create(r->db, r->actor, &rec, a, &out, &e)))
            goto out_fail;
        r->res->created++;
        goto out;
    }
    {
        json_t *cj = dj_rec_to_json(&dj_member_desc, active, DJ_OUT_UNMASKED);
        drop_equal(obj, cj);
        json_decref(cj);
    }
    if (json_object_size(obj)) {
        memset(&rec, 0, sizeof(rec));
        if ((rc = dj_rec_from_json(&dj_member_desc, obj, &rec, DJ_REC_PATCH, a, &e)) ||
            (rc = dj_member_update(r->db, r->actor, active->id, &rec, a, &out, &e)))
            goto out_fail;
        changed = member_changed(active, &out);
    }
    if (org_id != active->org_id) {
        if ((rc = dj_member_move(r->db, r->actor, active->id, org_id, a, &out, &e)))
            goto out_fail;
        moved = true;
    }
    if (changed || moved)
        r->res->updated++;
    else
        r->res->unchanged++;
    goto out;
out_fail:
    rc = svc_fail(r, row->number, rc, &e, err);
out:
    json_decref(obj);
    dj_arena_free(a);
    return rc;
}

/* ---- the layouts of other capabilities ----------------------------------------------------- */

/* The row's value for `key`, or NULL when blank or absent. */
static const char *val_of(const struct run *r, char vals[][512], const char *key)
{
    const struct dj_layout *l = r->m.layout;

    for (int j = 0; j < l->ncols; j++)
        if (l->cols[j].key && !strcmp(l->cols[j].key, key))
            return vals[j][0] ? vals[j] : NULL;
    return NULL;
}

/* The ID number of the row, or NULL after recording a rejection. */
static const char *need_id(struct run *r, int64_t rown, char vals[][512])
{
    const char *idn = val_of(r, vals, "id_number");

    if (!idn)
        reject(r, rown, column_of(r, "id_number"), "id_number", "「身份证号码」不能为空");
    return idn;
}

/* The member on the roll (not left / deceased) with this ID number, or NULL. */
static struct dj_member_rec *roll_member(struct dj_member_rec *found, int n, bool any_status)
{
    struct dj_member_rec *hit = NULL;

    for (int i = 0; i < n; i++) {
        bool gone = found[i].status &&
                    (!strcmp(found[i].status, "left") || !strcmp(found[i].status, "deceased"));
        if (!gone || (any_status && !hit))
            hit = &found[i];
    }
    return hit;
}

static bool parse_day(const char *s, struct dj_date *d)
{
    return s && sscanf(s, "%d-%d-%d", &d->y, &d->m, &d->d) == 3 && dj_date_valid(*d);
}

/*
 * 入党申请人名册: an applicant per row through dj_dev_create (step 1), matched by
 * ID number among the applicants in progress; 确定入党积极分子时间 through
 * dj_dev_step (step 3) when the guards allow it, else a note.
 */
static int applicant_row(struct run *r, const struct dj_row *row, char vals[][512],
                         struct dj_err *err)
{
    struct dj_arena *a = dj_arena_new();
    struct dj_err e = {0};
    struct dj_dev_applicant cur, in, out;
    const char *idn, *act = val_of(r, vals, "activist_on");
    struct dj_date act_on = {0};
    json_t *obj = NULL;
    bool created = false, changed = false;
    int rc = 0;

    if (!(idn = need_id(r, row->number, vals)))
        goto out;
    rc = dj_dev_find(r->db, r->actor, idn, a, &cur, &e);
    if (rc == DJ_ENOTFOUND) {
        if (!r->root.id || !dj_org_kind_is_branch(r->root.kind)) {
            reject(r, row->number, "", "org_id",
                   "入党申请人名册没有“所在党支部”列：导入时请选择申请人所在的党支部");
            rc = 0;
            goto out;
        }
        if (!(obj = row_json(r, row->number, vals, &dj_dev_applicant_desc))) {
            rc = 0;
            goto out;
        }
        json_object_del(obj, "gender"); /* both come from the ID number */
        json_object_del(obj, "activist_on");
        json_object_set_new(obj, "org_id", json_integer(r->root.id));
        memset(&in, 0, sizeof(in));
        if ((rc = dj_rec_from_json(&dj_dev_applicant_desc, obj, &in, DJ_REC_CREATE, a, &e)) ||
            (rc = dj_dev_create(r->db, r->actor, &in, a, &cur, &e)))
            goto out_fail;
        created = true;
    } else if (rc) {
        goto out_fail;
    }
    if (act && parse_day(act, &act_on)) {
        char buf[11], msg[400];
        if (dj_date_isset(cur.activist_on)) {
            if (dj_date_cmp(cur.activist_on, act_on)) {
                snprintf(msg, sizeof(msg),
                         "系统中该申请人确定为入党积极分子的日期是 %s，与名册不同，未修改",
                         dj_date_format(cur.activist_on, buf));
                note(r, row->number, column_of(r, "activist_on"), "activist_on", msg);
            }
        } else {
            struct dj_dev_step_in st = {.kind = "activist",
                                        .on = act_on,
                                        .meeting = "支部委员会会议",
                                        .note = "据入党申请人名册导入"};
            char warning[256] = "";
            rc = dj_dev_step(r->db, r->actor, cur.id, &st, a, &out, warning, &e);
            if (rc == DJ_EINVAL || rc == DJ_ECONFLICT || rc == DJ_EPERM) {
                snprintf(msg, sizeof(msg), "已%s入党申请人，但未记录确定为入党积极分子：%s",
                         created ? "建立" : "有", e.message);
                note(r, row->number, column_of(r, "activist_on"), "activist_on", msg);
                rc = 0;
            } else if (rc) {
                goto out_fail;
            } else {
                changed = true;
            }
        }
    }
    if (created)
        r->res->created++;
    else if (changed)
        r->res->updated++;
    else
        r->res->unchanged++;
    goto out;
out_fail:
    rc = svc_fail(r, row->number, rc, &e, err);
out:
    json_decref(obj);
    dj_arena_free(a);
    return rc;
}

/*
 * 发展党员名册: the people admitted (入党日期) and converted (转正日期). The
 * 发展党员 service records admission and 转正 only as steps 15, 17, 23 and
 * 24 with their votes and the upper committee's approval, and a new
 * applicant needs the application date, which the roll does not carry: a
 * row whose applicant is on file and agrees is unchanged, every other row is
 * reported and not imported.
 */
static int develop_row(struct run *r, const struct dj_row *row, char vals[][512],
                       struct dj_err *err)
{
    struct dj_arena *a = dj_arena_new();
    struct dj_err e = {0};
    struct dj_dev_applicant cur;
    const char *idn, *joined = val_of(r, vals, "joined_on");
    struct dj_date j = {0};
    int rc = 0;

    if (!(idn = need_id(r, row->number, vals)))
        goto out;
    rc = dj_dev_find(r->db, r->actor, idn, a, &cur, &e);
    if (!rc && (!joined || (parse_day(joined, &j) && dj_date_isset(cur.admitted_on) &&
                            !dj_date_cmp(cur.admitted_on, j)))) {
        r->res->unchanged++;
        goto out;
    }
    if (rc && rc != DJ_ENOTFOUND) {
        rc = svc_fail(r, row->number, rc, &e, err);
        goto out;
    }
    rc = 0;
    r->res->not_imported++;
    note(r, row->number, "", "",
         "未导入：发展党员名册没有递交入党申请日期，也没有支部大会表决和上级党委审批的记录，"
         "发展党员功能只能逐步记录（第 15、17、23、24 步），不能据名册补记；已入党的请用党员"
         "花名册导入党员，正在发展的请在“入党管理”中登记");
out:
    dj_arena_free(a);
    return rc;
}

/*
 * 转入党员名册: reported per row. The transfer service registers an inbound
 * letter with its number, the member's category and 入党日期 and creates the
 * member record on receipt; the roll carries none of these, and the members
 * it lists are usually on the 花名册 already.
 */
static int transfer_in_row(struct run *r, const struct dj_row *row)
{
    r->res->not_imported++;
    note(r, row->number, "", "",
         "未导入：转入党员名册没有介绍信编号、党员类别和入党日期，组织关系转接功能不能据此登记已办结"
         "的转入；转入的党员请用党员花名册导入，在途的转接请在“组织关系转接”中登记");
    return 0;
}

/*
 * 转出党员名册: a completed transfer of kind out through the transfer service,
 * each step on the 转出日期: create (the sending branch), approve and issue
 * the letter (the sending 基层党委, with 党费缴至), the returned 回执. Matched
 * by a completed out transfer of the member issued on that date.
 */
static int transfer_out_row(struct run *r, const struct dj_row *row, char vals[][512],
                            struct dj_err *err)
{
    static const struct dj_transfer_step none;
    struct dj_arena *a = dj_arena_new();
    struct dj_err e = {0};
    struct dj_member_rec *found = NULL, *m;
    struct dj_transfer_new tn = {0};
    struct dj_transfer t, *ts = NULL;
    struct dj_transfer_query q = {0};
    struct dj_transfer_step st;
    const char *idn, *on = val_of(r, vals, "transfer_on"), *cat = val_of(r, vals, "transfer_kind");
    struct dj_date d = {0};
    int rc = 0, n = 0, nt = 0;

    if (!(idn = need_id(r, row->number, vals)))
        goto out;
    if (!on || !parse_day(on, &d)) {
        reject(r, row->number, column_of(r, "transfer_on"), "transfer_on", "「转出日期」不能为空");
        goto out;
    }
    if ((rc = dj_member_lookup(r->db, r->actor, idn, a, &found, &n, &e)))
        goto out_fail;
    if (!(m = roll_member(found, n, false))) {
        reject(r, row->number, column_of(r, "id_number"), "id_number",
               "系统中没有该身份证号码的在册党员，或不在您的管理范围内");
        goto out;
    }
    q.member_id = m->id;
    if ((rc = dj_transfer_list(r->db, r->actor, &q, a, &ts, &nt, &e)))
        goto out_fail;
    for (int i = 0; i < nt; i++)
        if (ts[i].kind && !strcmp(ts[i].kind, "out") && ts[i].state &&
            !strcmp(ts[i].state, "completed") && !dj_date_cmp(ts[i].issued_on, d)) {
            r->res->unchanged++;
            goto out;
        }
    tn.kind = "out";
    tn.member_id = m->id;
    tn.category = !cat                          ? NULL
                  : strstr(cat, "跨省")       ? "cross_province"
                  : strstr(cat, "省（系统）内") || strstr(cat, "省(系统)内") ? "in_province"
                                                                             : cat;
    tn.to_name = val_of(r, vals, "to_org");
    tn.reason = val_of(r, vals, "note");
    tn.requested_on = d;
    if ((rc = dj_transfer_create(r->db, r->actor, &tn, a, &t, &e)))
        goto out_fail;
    st = none;
    st.on = d;
    st.action = DJ_TA_APPROVE;
    if ((rc = dj_transfer_act(r->db, r->actor, t.id, &st, a, &t, &e)))
        goto out_fail;
    st.action = DJ_TA_ISSUE;
    st.dues_paid_to = val_of(r, vals, "dues_paid_to");
    if ((rc = dj_transfer_act(r->db, r->actor, t.id, &st, a, &t, &e)))
        goto out_fail;
    st = none;
    st.on = d;
    st.action = DJ_TA_RECEIPT;
    if ((rc = dj_transfer_act(r->db, r->actor, t.id, &st, a, &t, &e)))
        goto out_fail;
    r->res->created++;
    goto out;
out_fail:
    if (!strcmp(e.field, "date") || !strcmp(e.field, "requested_on"))
        dj_strlcpy(e.field, "transfer_on", sizeof(e.field));
    else if (!strcmp(e.field, "to_name"))
        dj_strlcpy(e.field, "to_org", sizeof(e.field));
    else if (!strcmp(e.field, "category"))
        dj_strlcpy(e.field, "transfer_kind", sizeof(e.field));
    rc = svc_fail(r, row->number, rc, &e, err);
out:
    dj_arena_free(a);
    return rc;
}

/* 死亡党员名册: a recorded decision 死亡 through dj_lapse_decide. */
static int death_row(struct run *r, const struct dj_row *row, char vals[][512], struct dj_err *err)
{
    struct dj_arena *a = dj_arena_new();
    struct dj_err e = {0};
    struct dj_member_rec *found = NULL, *m;
    struct dj_lapse_decision d = {0};
    const char *idn, *died = val_of(r, vals, "died_on");
    int64_t did = 0;
    int rc = 0, n = 0;

    if (!(idn = need_id(r, row->number, vals)))
        goto out;
    if (!died || !parse_day(died, &d.on)) {
        reject(r, row->number, column_of(r, "died_on"), "died_on", "「死亡日期」不能为空");
        goto out;
    }
    if ((rc = dj_member_lookup(r->db, r->actor, idn, a, &found, &n, &e)))
        goto out_fail;
    if (!(m = roll_member(found, n, true))) {
        reject(r, row->number, column_of(r, "id_number"), "id_number",
               "系统中没有该身份证号码的党员，或不在您的管理范围内");
        goto out;
    }
    if (m->status && !strcmp(m->status, "deceased")) {
        char msg[200], buf[11];
        if (dj_date_cmp(m->status_on, d.on)) {
            snprintf(msg, sizeof(msg), "系统中已记录该党员于 %s 去世，与名册不同，未修改",
                     dj_date_format(m->status_on, buf));
            note(r, row->number, column_of(r, "died_on"), "died_on", msg);
        }
        r->res->unchanged++;
        goto out;
    }
    d.decision = "death";
    d.decider = m->org_name && *m->org_name ? m->org_name : "党员所在党支部";
    d.doc_no = "据死亡党员名册导入";
    if ((rc = dj_lapse_decide(r->db, r->actor, m->id, &d, &did, &e))) {
        if (!e.field[0] || !strcmp(e.field, "date") || !strcmp(e.field, "status_on"))
            dj_strlcpy(e.field, "died_on", sizeof(e.field));
        goto out_fail;
    }
    r->res->updated++;
    goto out;
out_fail:
    rc = svc_fail(r, row->number, rc, &e, err);
out:
    dj_arena_free(a);
    return rc;
}

/*
 * 工资表: the member's 党费基数 for the year (category 在职) through
 * dj_dues_base_set with source "import": 党费基数 when the sheet has it, else
 * the regular wage items less the personal deductions (税后, §4.1).
 */
static int payroll_row(struct run *r, const struct dj_row *row, char vals[][512],
                       struct dj_err *err)
{
    const struct dj_layout *l = r->m.layout;
    struct dj_arena *a = dj_arena_new();
    struct dj_err e = {0};
    struct dj_member_rec *found = NULL, *m;
    struct dj_dues_ledger led;
    struct dj_dues_base_in in = {0};
    const char *idn, *ys = val_of(r, vals, "year"), *ms = val_of(r, vals, "from_month");
    const char *given = val_of(r, vals, "base");
    int64_t fen = 0, v;
    char base[32];
    int rc = 0, n = 0, items = 0;

    if (!(idn = need_id(r, row->number, vals)))
        goto out;
    if (!ys) {
        reject(r, row->number, column_of(r, "year"), "year", "「年度」不能为空");
        goto out;
    }
    in.year = (int)strtol(ys, NULL, 10);
    in.from_month = ms ? (int)strtol(ms, NULL, 10) : 1;
    if (given) {
        dj_money_parse(given, &fen, NULL, &e);
        items = 1;
    } else {
        for (int j = 0; j < l->ncols; j++) {
            const char *k = l->cols[j].key;
            if (!k || (k[0] != '+' && k[0] != '-') || !vals[j][0])
                continue;
            dj_money_parse(vals[j], &v, NULL, &e);
            fen += k[0] == '+' ? v : -v;
            items += k[0] == '+';
        }
    }
    if (!items) {
        reject(r, row->number, "", "base", "没有工资项目（如岗位工资、薪级工资、津贴补贴）或党费基数");
        goto out;
    }
    if (fen <= 0) {
        reject(r, row->number, column_of(r, given ? "base" : "-tax"), "base",
               "税后工资（工资项目减去个人所得税和个人缴纳的社会保险、公积金）不大于零");
        goto out;
    }
    if ((rc = dj_member_lookup(r->db, r->actor, idn, a, &found, &n, &e)))
        goto out_fail;
    if (!(m = roll_member(found, n, false))) {
        reject(r, row->number, column_of(r, "id_number"), "id_number",
               "系统中没有该身份证号码的在册党员，或不在您的管理范围内");
        goto out;
    }
    if (in.year >= 2008 && in.year <= 9999 &&
        !(rc = dj_dues_ledger(r->db, r->actor, m->id, in.year, a, &led, &e))) {
        for (int i = 0; i < led.nbases; i++) {
            const struct dj_dues_base_row *b = &led.bases[i];
            if (b->year == in.year && b->from_month == in.from_month && b->category &&
                !strcmp(b->category, "employed") && b->base_fen == fen) {
                r->res->unchanged++;
                goto out;
            }
        }
    } else if (rc && rc != DJ_EINVAL) {
        goto out_fail;
    }
    rc = 0;
    in.category = "employed";
    in.base = dj_money_format(fen, base);
    in.source = "import";
    in.note = "据工资表导入";
    if ((rc = dj_dues_base_set(r->db, r->actor, m->id, &in, &e)))
        goto out_fail;
    r->res->updated++;
    goto out;
out_fail:
    rc = svc_fail(r, row->number, rc, &e, err);
out:
    dj_arena_free(a);
    return rc;
}

/* ---- the file ---------------------------------------------------------------------------- */

static int file_sha256(const char *path, char hex[65], struct dj_err *err)
{
    crypto_hash_sha256_state st;
    unsigned char buf[65536], out[crypto_hash_sha256_BYTES];
    size_t n;
    FILE *f = fopen(path, "rb");

    if (!f)
        return dj_err_set(err, DJ_EIO, NULL, "无法打开文件");
    crypto_hash_sha256_init(&st);
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        crypto_hash_sha256_update(&st, buf, n);
    fclose(f);
    crypto_hash_sha256_final(&st, out);
    sodium_bin2hex(hex, 65, out, sizeof(out));
    return 0;
}

/*
 * First pass: find the header row within the first rows and count the data
 * rows beneath it (section header rows of 党组织名单 excluded).
 */
static int survey(struct run *r, struct dj_err *err)
{
    struct dj_sheet *s;
    const struct dj_row *row;
    bool header = false;
    int rc;

    if ((rc = dj_sheet_open(r->o->path, NULL, &s, err)))
        return rc;
    r->res->format = dj_io_format_name(dj_sheet_format(s));
    r->res->encoding = dj_arena_strdup(r->arena, dj_sheet_encoding(s));
    while ((rc = dj_sheet_next(s, &row, err)) == 1) {
        if (!header) {
            if (dj_layout_detect(row, &r->m)) {
                header = true;
                continue;
            }
            if (row->number >= HEADER_SCAN_ROWS)
                break;
            continue;
        }
        if (dj_layout_section_row(row, &r->m))
            continue;
        r->res->rows++;
    }
    dj_sheet_close(s);
    if (rc < 0)
        return rc;
    if (!header)
        return dj_err_set(err, DJ_EINVAL, NULL,
                          "未在前 %d 行中找到可识别的表头：请使用全国党员管理信息系统或单机版导出的"
                          "党员花名册、党员列表、党组织名单等名册",
                          HEADER_SCAN_ROWS);
    r->res->layout = r->m.layout;
    r->res->header_row = r->m.header_row;
    return 0;
}

static int resolve_root(struct run *r, struct dj_err *err)
{
    int rc;

    memset(&r->root, 0, sizeof(r->root));
    if (!r->o->org_code || !*r->o->org_code)
        return 0;
    rc = dj_store_import_org_by_code(r->db, r->o->org_code, &r->root, err);
    if (rc && rc != DJ_ENOTFOUND)
        return rc;
    if (rc || dj_authorize(r->actor, DJ_PERM_WRITE, r->root.path, NULL)) {
        memset(&r->root, 0, sizeof(r->root));
        if (dj_actor_is_sysadmin(r->actor))
            return dj_err_set(err, DJ_EINVAL, "org", "党组织代码「%.20s」不存在", r->o->org_code);
        return dj_err_set(err, DJ_EPERM, NULL, "无权访问该组织的数据");
    }
    if (strcmp(r->root.status, "active"))
        return dj_err_set(err, DJ_EINVAL, "org", "上级党组织已撤销");
    return 0;
}

/* Second pass: every data row through the layout's record path. */
static int rows_pass(struct run *r, struct dj_err *err)
{
    const struct dj_row *row;
    struct dj_sheet *s;
    char(*vals)[512] = dj_xcalloc(64, 512);
    bool header = false;
    int64_t done = 0;
    int rc;

    if ((rc = dj_sheet_open(r->o->path, NULL, &s, err))) {
        free(vals);
        return rc;
    }
    while ((rc = dj_sheet_next(s, &row, err)) == 1) {
        int v;
        if (!header) {
            header = row->number == r->m.header_row;
            continue;
        }
        if (dj_layout_section_row(row, &r->m))
            continue;
        if (++done % PROGRESS_EVERY == 0) {
            progress_set(r->o->job, r->actor->user_id, done, r->res->rows, false);
            if (r->o->on_progress)
                r->o->on_progress(r->o->progress_ud, done, r->res->rows);
        }
        v = row_values(r, row, vals);
        if (v == 0)
            r->res->skipped++;
        if (v <= 0 || !r->m.layout->importable)
            continue;
        switch (r->m.layout->id) {
        case DJ_LAYOUT_ORGS:
            rc = org_row(r, row, vals, err);
            break;
        case DJ_LAYOUT_APPLICANTS:
            rc = applicant_row(r, row, vals, err);
            break;
        case DJ_LAYOUT_DEVELOP:
            rc = develop_row(r, row, vals, err);
            break;
        case DJ_LAYOUT_TRANSFER_IN:
            rc = transfer_in_row(r, row);
            break;
        case DJ_LAYOUT_TRANSFER_OUT:
            rc = transfer_out_row(r, row, vals, err);
            break;
        case DJ_LAYOUT_DEATHS:
            rc = death_row(r, row, vals, err);
            break;
        case DJ_LAYOUT_PAYROLL:
            rc = payroll_row(r, row, vals, err);
            break;
        default:
            rc = member_row(r, row, vals, err);
        }
        if (rc)
            break;
    }
    dj_sheet_close(s);
    free(vals);
    progress_set(r->o->job, r->actor->user_id, done, r->res->rows, false);
    if (r->o->on_progress)
        r->o->on_progress(r->o->progress_ud, done, r->res->rows);
    return rc < 0 ? rc : 0;
}

static int audit_import(struct run *r, struct dj_err *err)
{
    const struct dj_import_result *res = r->res;
    json_t *what =
        json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:I}", "file", r->o->name ? r->o->name : r->o->path,
                  "sha256", res->sha256, "layout", res->layout->code, "rows", (json_int_t)res->rows,
                  "created", (json_int_t)res->created, "updated", (json_int_t)res->updated,
                  "unchanged", (json_int_t)res->unchanged);
    int rc;

    if (r->root.id)
        json_object_set_new(what, "org_code", json_string(r->root.code));
    rc = dj_audit_write(r->db, r->actor, "import.commit", "import", res->sha256,
                        r->root.id ? r->root.path : NULL, NULL, what, err);
    json_decref(what);
    return rc;
}

static const char *pending_text(const struct dj_layout *l)
{
    if (!strcmp(l->record, "applicant") || !strcmp(l->record, "development"))
        return "该名册的导入属于“发展党员”功能，尚未接入本系统；本次只检查了各行的格式，未写入数据";
    if (!strcmp(l->record, "transfer"))
        return "该名册的导入属于“组织关系转接”功能，尚未接入本系统；本次只检查了各行的格式，未写入"
               "数据";
    return "该名册的导入属于“党员减少（死亡）”功能，尚未接入本系统；本次只检查了各行的格式，未写入"
           "数据";
}

int dj_import_run(struct dj_db *db, const struct dj_actor *actor, const struct dj_import_opts *o,
                  struct dj_arena *arena, struct dj_import_result *res, struct dj_err *err)
{
    struct run r = {.db = db, .actor = actor, .o = o, .arena = arena, .res = res};
    struct dj_scope write;
    int rc;

    memset(res, 0, sizeof(*res));
    dj_scope_for(actor, DJ_PERM_WRITE, &write);
    if (!write.all && write.n == 0)
        return dj_err_set(err, DJ_EPERM, NULL, "无权导入数据：导入需要组织管理员或支部管理员权限");
    progress_set(o->job, actor->user_id, 0, 0, false);
    if ((rc = file_sha256(o->path, res->sha256, err)) || (rc = survey(&r, err)) ||
        (rc = resolve_root(&r, err)))
        goto done;
    progress_set(o->job, actor->user_id, 0, res->rows, false);
    if (!res->layout->importable) {
        res->pending = pending_text(res->layout);
        rc = rows_pass(&r, err);
        goto done;
    }
    r.cache = dj_xcalloc(NCACHE, sizeof(*r.cache));
    if ((rc = dj_db_unit_begin(db, err))) {
        free(r.cache);
        goto done;
    }
    rc = rows_pass(&r, err);
    if (!rc && !o->dry_run && !res->rejected && (res->created || res->updated))
        rc = audit_import(&r, err);
    if (!rc && !o->dry_run && !res->rejected) {
        rc = dj_db_unit_end(db, true, err);
        res->committed = !rc;
    } else {
        dj_db_unit_end(db, false, NULL);
    }
    free(r.cache);
done:
    progress_set(o->job, actor->user_id, res->rows, res->rows, true);
    return rc;
}

int dj_import_report_xlsx(const char *path, const struct dj_import_result *res, const char *out,
                          struct dj_err *err)
{
    struct dj_report_item *items = dj_xcalloc((size_t)res->nrejects + 1, sizeof(*items));
    int n = 0, rc;

    for (int i = 0; i < res->nrejects; i++) {
        if (n && items[n - 1].row == res->rejects[i].row)
            continue; /* the first reason of a row */
        items[n++] = (struct dj_report_item){res->rejects[i].row, res->rejects[i].column,
                                             res->rejects[i].reason};
    }
    rc = dj_report_write_xlsx(path, res->header_row, items, n, out, err);
    free(items);
    return rc;
}
