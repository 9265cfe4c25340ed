/*
 * dev.c - the 发展党员 service (see dev.h): permissions, the step guards of
 * rules/dev_rules.h, sealing of applicants' personal fields, one
 * transaction with its audit row per write, and the member record made at
 * approval through svc/member.h.
 */
#include "base/compat.h"
#include "svc/dev.h"
#include "svc/transfer.h"

#include "base/idcard.h"
#include "base/log.h"
#include "model/dict.h"
#include "model/member_rec.h"
#include "rules/rulecalc.h"
#include "svc/audit.h"
#include "svc/crypt.h"
#include "svc/member.h"
#include "svc/svc.h"

#define MSG_NO_ACCESS "无权访问该组织的数据"

/* ---- the step table ----------------------------------------------------- */

static const struct dj_dev_step_def steps[] = {
    {1, "apply", "递交入党申请书", 1, "applicant", false, false, false},
    {2, "talk", "党组织派人谈话", 1, "applicant", false, false, false},
    {3, "activist", "推荐和确定入党积极分子", 2, "applicant", false, true, false},
    {4, "activist_filing", "报上级党委备案（积极分子）", 2, "activist", false, false, false},
    {5, "contacts", "指定培养联系人", 2, "activist", false, false, true},
    {6, "assessment", "培养教育考察", 2, "activist", false, false, true},
    {7, "candidate", "确定发展对象", 3, "activist", false, true, false},
    {8, "candidate_filing", "报上级党委备案（发展对象）", 3, "candidate", false, false, false},
    {9, "introducers", "确定入党介绍人", 3, "candidate", false, false, true},
    {10, "political_review", "进行政治审查", 3, "candidate", false, false, true},
    {11, "training", "开展集中培训", 3, "candidate", false, false, true},
    {12, "committee_review", "支部委员会审查", 4, "candidate", false, true, false},
    {13, "prereview", "上级党委预审", 4, "candidate", true, true, false},
    {14, "form", "填写入党志愿书", 4, "candidate", false, false, false},
    {15, "admission_vote", "支部大会讨论（接收预备党员）", 4, "candidate", false, true, false},
    {16, "upper_talk", "上级党委派人谈话", 4, "candidate", false, false, false},
    {17, "approval", "上级党委审批", 4, "candidate", true, true, false},
    {18, "approval_filing", "再上一级党委组织部门备案", 4, "probationary", false, false, false},
    {19, "assign_group", "编入党支部和党小组", 5, "probationary", false, false, false},
    {20, "oath", "入党宣誓", 5, "probationary", false, false, false},
    {21, "probation_review", "继续教育考察", 5, "probationary", false, false, true},
    {22, "conversion_application", "提出转正申请", 5, "probationary", false, false, true},
    {23, "conversion_vote", "支部大会讨论转正", 5, "probationary", false, true, true},
    {24, "conversion_approval", "上级党委审批转正", 5, "probationary", true, true, false},
    {25, "archive", "材料归档", 5, "full", false, false, false},
    {0, "send_back", "退回培养", 0, "", false, true, true},
};

const struct dj_dev_step_def *dj_dev_steps(int *n)
{
    *n = (int)DJ_ARRAY_LEN(steps);
    return steps;
}

const struct dj_dev_step_def *dj_dev_step_find(const char *kind)
{
    for (size_t i = 0; kind && i < DJ_ARRAY_LEN(steps); i++)
        if (!strcmp(steps[i].kind, kind))
            return &steps[i];
    return NULL;
}

static const struct dj_dev_step_def *step_def(int step)
{
    for (size_t i = 0; i < DJ_ARRAY_LEN(steps); i++)
        if (steps[i].step == step)
            return &steps[i];
    return NULL;
}

const char *dj_dev_stage_label(const char *stage)
{
    static const char *const map[][2] = {
        {"applicant", "入党申请人"}, {"activist", "入党积极分子"},
        {"candidate", "发展对象"},   {"probationary", "预备党员"},
        {"full", "正式党员"},        {"cancelled", "已取消预备党员资格"},
    };
    for (size_t i = 0; stage && i < DJ_ARRAY_LEN(map); i++)
        if (!strcmp(map[i][0], stage))
            return map[i][1];
    return "";
}

const char *dj_dev_stage_group(int stage_no)
{
    static const char *const names[] = {"",
                                        "申请入党",
                                        "入党积极分子的确定和培养教育",
                                        "发展对象的确定和考察",
                                        "预备党员的接收",
                                        "预备党员的教育考察和转正"};
    return stage_no >= 1 && stage_no <= 5 ? names[stage_no] : "";
}

/* ---- helpers ------------------------------------------------------------ */

static struct dj_date today(void)
{
    const struct dj_svc_env *env = dj_svc();
    return dj_date_today(env && env->cfg ? env->cfg->utc_offset_minutes : 480);
}

static bool is_branch_kind(const char *kind)
{
    return !strcmp(kind, "branch") || !strcmp(kind, "joint_branch") ||
           !strcmp(kind, "temp_branch") || !strcmp(kind, "grid_branch");
}

static void mark(struct dj_dev_applicant *a, int i)
{
    dj_rec_mark(&dj_dev_applicant_desc, a, i);
}

static int end_tx(struct dj_db *db, int rc, struct dj_err *err)
{
    if (!rc)
        rc = dj_db_commit(db, err);
    if (rc)
        dj_db_rollback(db);
    return rc;
}

static const char *fmt(struct dj_date d, char *buf)
{
    return dj_date_isset(d) ? dj_date_format(d, buf) : "";
}

/* Compact JSON text of j in the arena. */
static char *dump(struct dj_arena *arena, const json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS), *out;
    out = dj_arena_strdup(arena, s ? s : "null");
    free(s);
    return out;
}

/* ---- sealing ------------------------------------------------------------ */

static int seal(struct dj_dev_applicant *a, struct dj_dev_sealed *out, struct dj_arena *arena,
                struct dj_err *err)
{
    const unsigned char *key = dj_svc()->key;
    char *sealed = NULL;

    memset(out, 0, sizeof(*out));
    dj_crypt_blind(key, DJ_DEV_ID_DOMAIN, a->id_number, out->id_blind);
    if (dj_crypt_seal(key, a->id_number, "dev.id_number", &sealed))
        return dj_err_set(err, DJ_EINVAL, "id_number", "「公民身份号码」内容过长");
    out->id_enc = dj_arena_strdup(arena, sealed);
    free(sealed);
    if (a->phone && *a->phone) {
        if (dj_crypt_seal(key, a->phone, "dev.phone", &sealed))
            return dj_err_set(err, DJ_EINVAL, "phone", "「联系电话」内容过长");
        out->phone_enc = dj_arena_strdup(arena, sealed);
        free(sealed);
    }
    return 0;
}

static void open_field(char **slot, const char *aad, int64_t id, struct dj_arena *arena)
{
    char *plain = NULL;

    if (!*slot)
        return;
    if (dj_crypt_open(dj_svc()->key, *slot, aad, &plain)) {
        dj_log(DJ_LOG_ERROR, "sealed applicant field does not open", "applicant=%lld field=%s",
               (long long)id, aad);
        *slot = NULL;
        return;
    }
    *slot = dj_arena_strdup(arena, plain);
    dj_crypt_plain_free(plain);
}

/* Open the personal fields and fill the derived ones. */
static void finish(struct dj_dev_applicant *a, struct dj_arena *arena)
{
    struct dj_date t = today();

    open_field(&a->id_number, "dev.id_number", a->id, arena);
    open_field(&a->phone, "dev.phone", a->id, arena);
    a->stage_label = (char *)dj_dev_stage_label(a->stage);
    a->age = dj_date_isset(a->birth_date) ? dj_date_years_between(a->birth_date, t) : 0;
    mark(a, DJ_DF_STAGE_LABEL);
    mark(a, DJ_DF_AGE);
    if (a->member_id <= 0)
        a->set &= ~((uint64_t)1 << DJ_DF_MEMBER_ID);
}

/* ---- permissions -------------------------------------------------------- */

bool dj_dev_may_unmask(const struct dj_actor *a, const struct dj_dev_applicant *ap)
{
    struct dj_scope w;
    dj_scope_for(a, DJ_PERM_WRITE, &w);
    return dj_scope_contains(&w, ap->org_path);
}

/* Load an applicant the actor may read (and write); missing and out of scope look alike. */
static int load(struct dj_db *db, const struct dj_actor *actor, int64_t id, bool write,
                struct dj_arena *arena, struct dj_dev_applicant *out, struct dj_err *err)
{
    struct dj_scope scope;
    int rc;

    dj_scope_for(actor, DJ_PERM_READ, &scope);
    rc = dj_store_dev_get(db, &scope, id, arena, out, err);
    if (rc == DJ_ENOTFOUND)
        return scope.all ? dj_err_set(err, DJ_ENOTFOUND, NULL, "入党申请人记录不存在")
                         : dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
    if (rc)
        return rc;
    if (write && dj_authorize(actor, DJ_PERM_WRITE, out->org_path, NULL))
        return dj_err_set(err, DJ_EPERM, NULL, "无权修改该入党申请人的数据");
    finish(out, arena);
    return 0;
}

/* An organisation the actor may read, by id (0 = its first read subtree). */
static int read_org(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                    enum dj_perm perm, struct dj_dev_org *org, struct dj_err *err)
{
    struct dj_scope scope;
    int rc;

    if (org_id <= 0) {
        dj_scope_for(actor, perm, &scope);
        memset(org, 0, sizeof(*org));
        if (scope.all) {
            dj_strlcpy(org->path, "/", sizeof(org->path));
            return 0;
        }
        if (scope.n == 0)
            return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
        dj_strlcpy(org->path, scope.paths[0], sizeof(org->path));
        return 0;
    }
    rc = dj_store_dev_org(db, org_id, org, err);
    if (rc == DJ_ENOTFOUND)
        return dj_actor_is_sysadmin(actor) ? dj_err_set(err, DJ_ENOTFOUND, "org_id", "组织不存在")
                                           : dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
    if (rc)
        return rc;
    return dj_authorize(actor, perm, org->path, err);
}

/* ---- audit -------------------------------------------------------------- */

static json_t *masked_json(const struct dj_dev_applicant *a)
{
    json_t *o = dj_rec_to_json(&dj_dev_applicant_desc, a, 0);
    json_object_del(o, "age");
    json_object_del(o, "stage_label");
    json_object_del(o, "created_at");
    json_object_del(o, "updated_at");
    return o;
}

static int audit(struct dj_db *db, const struct dj_actor *actor, const char *action, int64_t id,
                 const char *org_path, json_t *before, json_t *after, struct dj_err *err)
{
    char idbuf[24];
    snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
    return dj_audit_write(db, actor, action, "dev_applicant", idbuf, org_path, before, after, err);
}

/* ---- create, read, list ------------------------------------------------- */

static int reload(struct dj_db *db, int64_t id, struct dj_arena *arena,
                  struct dj_dev_applicant *out, struct dj_err *err)
{
    struct dj_scope all = {.all = true};
    int rc = dj_store_dev_get(db, &all, id, arena, out, err);
    if (!rc)
        finish(out, arena);
    return rc;
}

static int check_text(const char *key, const char *label, const char *s, size_t max,
                      struct dj_err *err)
{
    if (s && (!dj_utf8_valid(s) || dj_utf8_len(s) > max))
        return dj_err_set(err, DJ_EINVAL, key, "「%s」不能超过 %zu 个字符", label, max);
    return 0;
}

static int create_tx(struct dj_db *db, const struct dj_actor *actor, struct dj_dev_applicant *in,
                     struct dj_arena *arena, struct dj_dev_applicant *out, struct dj_err *err)
{
    struct dj_dev_org org;
    struct dj_dev_sealed sealed;
    struct dj_idcard id;
    struct dj_date t = today();
    struct dj_dev_event ev = {0};
    char now[32], buf[11];
    int64_t aid, other, evid;
    json_t *after;
    int rc;

    if (in->org_id <= 0)
        return dj_err_set(err, DJ_EINVAL, "org_id", "「所在党支部」不能为空");
    rc = dj_store_dev_org(db, in->org_id, &org, err);
    if (rc == DJ_ENOTFOUND)
        return dj_actor_is_sysadmin(actor)
                   ? dj_err_set(err, DJ_EINVAL, "org_id", "「所在党支部」不存在")
                   : dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
    if (rc || (rc = dj_authorize(actor, DJ_PERM_WRITE, org.path, err)))
        return rc;
    if (!is_branch_kind(org.kind))
        return dj_err_set(err, DJ_EINVAL, "org_id",
                          "「所在党支部」应为党支部（含联合党支部、临时党支部、网格党支部）");
    if (strcmp(org.status, "active"))
        return dj_err_set(err, DJ_EINVAL, "org_id", "「所在党支部」已撤销");
    if (!in->name || !*in->name)
        return dj_err_set(err, DJ_EINVAL, "name", "「姓名」不能为空");
    if (!in->id_number || !*in->id_number)
        return dj_err_set(err, DJ_EINVAL, "id_number", "「公民身份号码」不能为空");
    if ((rc = dj_idcard_parse(in->id_number, &id, t, "id_number", err)))
        return rc;
    in->id_number = dj_arena_strdup(arena, id.number);
    in->gender = dj_arena_strdup(arena, id.gender == 1 ? "1" : "2");
    in->birth_date = id.birth;
    if (!dj_date_isset(in->applied_on))
        return dj_err_set(err, DJ_EINVAL, "applied_on", "「递交入党申请书日期」不能为空");
    if (dj_date_cmp(in->applied_on, t) > 0)
        return dj_err_set(err, DJ_EINVAL, "applied_on", "「递交入党申请书日期」%s 晚于今天",
                          dj_date_format(in->applied_on, buf));
    if ((rc = dj_dev_rule_age(in->birth_date, in->applied_on, err)))
        return rc;
    if ((rc = seal(in, &sealed, arena, err)) ||
        (rc = dj_store_dev_active_blind(db, sealed.id_blind, &other, err)))
        return rc;
    if (other)
        return dj_err_set(err, DJ_ECONFLICT, "id_number",
                          "该公民身份号码已有正在发展中的入党申请人记录");
    if ((rc = dj_store_dev_insert(db, in, &sealed, org.path, dj_now_iso(now, sizeof(now)), &aid,
                                  err)))
        return rc;
    ev.applicant_id = aid;
    ev.step = 1;
    ev.kind = "apply";
    ev.on = in->applied_on;
    ev.user_id = actor->user_id;
    ev.username = actor->username;
    if ((rc = dj_store_dev_event_insert(db, &ev, now, &evid, err)) ||
        (rc = reload(db, aid, arena, out, err)))
        return rc;
    after = masked_json(out);
    rc = audit(db, actor, "dev.create", aid, out->org_path, NULL, after, err);
    json_decref(after);
    return rc;
}

int dj_dev_create(struct dj_db *db, const struct dj_actor *actor, struct dj_dev_applicant *in,
                  struct dj_arena *arena, struct dj_dev_applicant *out, struct dj_err *err)
{
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    return end_tx(db, create_tx(db, actor, in, arena, out, err), err);
}

int dj_dev_find(struct dj_db *db, const struct dj_actor *actor, const char *id_number,
                struct dj_arena *arena, struct dj_dev_applicant *out, struct dj_err *err)
{
    char blind[65];
    int64_t id = 0;
    int rc;

    memset(out, 0, sizeof(*out));
    dj_crypt_blind(dj_svc()->key, DJ_DEV_ID_DOMAIN, id_number, blind);
    if ((rc = dj_store_dev_active_blind(db, blind, &id, err)))
        return rc;
    if (!id)
        return DJ_ENOTFOUND;
    return load(db, actor, id, false, arena, out, err);
}

int dj_dev_get(struct dj_db *db, const struct dj_actor *actor, int64_t id, bool unmasked,
               struct dj_arena *arena, struct dj_dev_applicant *out, struct dj_err *err)
{
    json_t *what;
    int rc;

    if (!unmasked)
        return load(db, actor, id, false, arena, out, err);
    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    rc = load(db, actor, id, false, arena, out, err);
    if (!rc && !dj_dev_may_unmask(actor, out))
        rc = dj_err_set(err, DJ_EPERM, NULL, "无权查看该入党申请人的完整个人信息");
    if (!rc) {
        what = json_pack("{s:s,s:[ss]}", "name", out->name, "fields", "id_number", "phone");
        rc = audit(db, actor, "dev.read_unmasked", id, out->org_path, NULL, what, err);
        json_decref(what);
    }
    rc = end_tx(db, rc, err);
    if (rc)
        memset(out, 0, sizeof(*out));
    return rc;
}

static bool valid_stage(const char *s)
{
    return !strcmp(s, "all") || *dj_dev_stage_label(s);
}

int dj_dev_list(struct dj_db *db, const struct dj_actor *actor, const struct dj_dev_query *q,
                struct dj_arena *arena, struct dj_dev_applicant **rows, int *n, int64_t *total,
                struct dj_err *err)
{
    struct dj_scope scope;
    struct dj_dev_filter f = {0};
    struct dj_dev_org org;
    int rc;

    *n = 0;
    *total = 0;
    *rows = NULL;
    dj_scope_for(actor, DJ_PERM_READ, &scope);
    if (!scope.all && scope.n == 0)
        return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
    if (q->stage && !valid_stage(q->stage))
        return dj_err_set(err, DJ_EINVAL, "stage", "查询参数 stage 应为发展阶段代码或 all");
    if (q->org_id > 0) {
        if ((rc = read_org(db, actor, q->org_id, DJ_PERM_READ, &org, err)))
            return rc;
        f.path = dj_arena_strdup(arena, org.path);
    }
    f.stage = q->stage;
    f.q = q->q;
    f.limit = q->limit >= 1 && q->limit <= 200 ? q->limit : 50;
    f.offset = q->offset > 0 ? q->offset : 0;
    rc = dj_store_dev_list(db, &scope, &f, arena, rows, n, total, err);
    for (int i = 0; !rc && i < *n; i++)
        finish(&(*rows)[i], arena);
    return rc;
}

/* ---- steps -------------------------------------------------------------- */

struct step_ctx {
    struct dj_db *db;
    const struct dj_actor *actor;
    struct dj_arena *arena;
    struct dj_dev_applicant a, before;
    struct dj_dev_event *ev;
    int nev;
    const struct dj_dev_step_def *def;
    const struct dj_dev_step_in *in;
    bool submitting;        /* checking for a submission: no deadline or authority yet */
    int64_t decided_by_org; /* the approving 基层党委 (review steps) */
    char warning[256];
    json_t *data; /* the event payload being built */
    int64_t event_id;
};

/* The latest event of `step`, or NULL. */
static const struct dj_dev_event *last_event(const struct step_ctx *c, int step)
{
    const struct dj_dev_event *found = NULL;
    for (int i = 0; i < c->nev; i++)
        if (c->ev[i].step == step)
            found = &c->ev[i];
    return found;
}

/* The payload of the latest event of `step` (new reference, {} when none). */
static json_t *last_data(const struct step_ctx *c, int step)
{
    const struct dj_dev_event *e = last_event(c, step);
    json_t *j = e && e->data ? json_loads(e->data, 0, NULL) : NULL;
    return j ? j : json_object();
}

/* Prerequisite steps: each must be on file, dated on or before the new step. */
static const int *prereqs(int step, int *n)
{
    static const int p3[] = {2}, p4[] = {3}, p7[] = {4, 5}, p8[] = {7}, p12[] = {8, 9, 10, 11},
                     p13[] = {12}, p14[] = {13}, p15[] = {14}, p16[] = {15}, p17[] = {15, 16},
                     p18[] = {17}, p23[] = {22}, p24[] = {23}, p25[] = {24};
    static const struct {
        int step;
        const int *list;
        int n;
    } table[] = {
        {3, p3, 1},   {4, p4, 1},   {5, p4, 1},   {6, p4, 1},   {7, p7, 2},   {8, p8, 1},
        {9, p8, 1},   {10, p8, 1},  {11, p8, 1},  {12, p12, 4}, {13, p13, 1}, {14, p14, 1},
        {15, p15, 1}, {16, p16, 1}, {17, p17, 2}, {18, p18, 1}, {19, p18, 1}, {20, p18, 1},
        {21, p18, 1}, {22, p18, 1}, {23, p23, 1}, {24, p24, 1}, {25, p25, 1},
    };
    for (size_t i = 0; i < DJ_ARRAY_LEN(table); i++)
        if (table[i].step == step) {
            *n = table[i].n;
            return table[i].list;
        }
    *n = 0;
    return NULL;
}

static int check_prereqs(const struct step_ctx *c, struct dj_err *err)
{
    int n;
    const int *list = prereqs(c->def->step, &n);
    char a[11], b[11];

    for (int i = 0; i < n; i++) {
        const struct dj_dev_event *e = last_event(c, list[i]);
        const struct dj_dev_step_def *d = step_def(list[i]);
        if (!e)
            return dj_err_set(err, DJ_ECONFLICT, "kind", "尚未记录第 %d 步「%s」，不能记录「%s」",
                              d->step, d->label, c->def->label);
        if (dj_date_cmp(c->in->on, e->on) < 0)
            return dj_err_set(err, DJ_EINVAL, "date",
                              "「%s」的日期 %s 不能早于第 %d 步「%s」的日期 %s", c->def->label,
                              dj_date_format(c->in->on, a), d->step, d->label,
                              dj_date_format(e->on, b));
    }
    return 0;
}

static bool stage_ok(const struct step_ctx *c)
{
    const char *s = c->a.stage;

    if (c->def->step == 0)
        return (!strcmp(s, "activist") || !strcmp(s, "candidate")) &&
               !dj_date_isset(c->a.admitted_on);
    if (c->def->step == 6)
        return !strcmp(s, "activist") || !strcmp(s, "candidate");
    return !strcmp(s, c->def->stage);
}

/* The member named as 培养联系人 / 入党介绍人, checked and recorded in the payload. */
static int check_people(struct step_ctx *c, bool introducer, struct dj_err *err)
{
    const char *field = introducer ? "introducers" : "contacts";
    struct dj_scope scope;
    json_t *arr = json_array();
    int rc = 0;

    dj_scope_for(c->actor, DJ_PERM_READ, &scope);
    rc = introducer ? dj_dev_rule_introducers(c->in->npeople, c->in->on, err)
                    : dj_dev_rule_contacts(c->in->npeople, c->in->on, err);
    for (int i = 0; !rc && i < c->in->npeople; i++) {
        struct dj_dev_member m;
        struct dj_dev_person p;

        for (int j = 0; j < i; j++)
            if (c->in->people[j] == c->in->people[i])
                rc = dj_err_set(err, DJ_EINVAL, field, "同一名党员不能重复填写");
        if (rc)
            break;
        if (dj_store_dev_member(c->db, c->in->people[i], c->arena, &m, NULL) ||
            !(dj_scope_contains(&scope, m.org_path)))
            rc = dj_err_set(err, DJ_EINVAL, field, "党员（编号 %lld）不存在或不在本组织范围内",
                            (long long)c->in->people[i]);
        if (rc)
            break;
        p.member_id = m.id;
        p.name = m.name;
        p.category = m.category;
        p.status = m.status;
        p.party_probation_until = m.party_probation_until;
        rc = dj_dev_rule_person(&p, introducer, c->in->on, err);
        if (!rc)
            json_array_append_new(arr, json_pack("{s:I,s:s}", "member_id", (json_int_t)m.id, "name",
                                                 m.name ? m.name : ""));
    }
    if (!rc)
        json_object_set(c->data, field, arr);
    json_decref(arr);
    return rc;
}

/* The 介绍人 on file are still eligible on the date of a later step. */
static int recheck_introducers(struct step_ctx *c, struct dj_err *err)
{
    json_t *d = last_data(c, 9), *arr = json_object_get(d, "introducers"), *it;
    size_t i;
    int rc = 0, n = 0;

    json_array_foreach(arr, i, it)
    {
        struct dj_dev_member m;
        struct dj_dev_person p = {0};
        int64_t id = json_integer_value(json_object_get(it, "member_id"));

        n++;
        if (dj_store_dev_member(c->db, id, c->arena, &m, NULL)) {
            rc = dj_err_set(err, DJ_EINVAL, "introducers",
                            "入党介绍人（编号 %lld）的党员记录已不存在", (long long)id);
            break;
        }
        p.name = m.name;
        p.category = m.category;
        p.status = m.status;
        p.party_probation_until = m.party_probation_until;
        if ((rc = dj_dev_rule_person(&p, true, c->in->on, err)))
            break;
    }
    if (!rc)
        rc = dj_dev_rule_introducers(n, c->in->on, err);
    json_decref(d);
    return rc;
}

static int check_political(const struct step_ctx *c, struct dj_err *err)
{
    json_t *d = last_data(c, 10);
    const char *s = json_string_value(json_object_get(d, "conclusion"));
    bool ok = s && !strcmp(s, "passed");

    json_decref(d);
    if (!ok)
        return dj_err_set(
            err, DJ_ECONFLICT, "kind",
            "政治审查结论不合格或未作结论，不能发展入党（发展党员工作细则第十五、十六条）");
    return 0;
}

static int check_vote(struct step_ctx *c, struct dj_err *err)
{
    const struct dj_dev_vote *v = &c->in->vote;
    int rc = dj_dev_rule_vote(v, c->in->on, err);

    if (!rc)
        json_object_set_new(
            c->data, "vote",
            json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "expected", (json_int_t)v->expected,
                      "present", (json_int_t)v->present, "yes", (json_int_t)v->yes, "no",
                      (json_int_t)v->no, "abstain", (json_int_t)v->abstain, "written_yes",
                      (json_int_t)v->written_yes, "written_no", (json_int_t)v->written_no));
    return rc;
}

/* The 基层党委 that may decide a review step, and whether the actor acts for it. */
static int check_authority(struct step_ctx *c, struct dj_err *err)
{
    struct dj_dev_org ap;
    int rc = dj_store_dev_approver(c->db, c->a.org_path, &ap, err);

    if (rc == DJ_ENOTFOUND)
        return dj_err_set(err, DJ_ECONFLICT, "kind",
                          "「%"
                          "s」的上级中没有具有审批预备党员权限的基层党委，不能预审或审批（发展党员"
                          "工作细则第二十四条）",
                          c->a.org_name ? c->a.org_name : "所在党支部");
    if (rc)
        return rc;
    if (!c->submitting && dj_authorize(c->actor, DJ_PERM_WRITE, ap.path, NULL))
        return dj_err_set(err, DJ_EPERM, "kind",
                          "「%s」须由有审批权限的基层党委（%s）决定，请提交上级党委审核",
                          c->def->label, ap.name);
    c->decided_by_org = ap.id;
    json_object_set_new(c->data, "approver",
                        json_pack("{s:I,s:s}", "org_id", (json_int_t)ap.id, "name", ap.name));
    return 0;
}

static int check_documents(const json_t *docs, struct dj_err *err)
{
    size_t i;
    json_t *it;

    if (!docs || json_is_null(docs))
        return 0;
    if (!json_is_array(docs) || json_array_size(docs) > 20)
        return dj_err_set(err, DJ_EINVAL, "documents", "「附件材料」应为不超过 20 项的列表");
    json_array_foreach(docs, i, it)
    {
        const char *name = json_is_string(it) ? json_string_value(it)
                                              : json_string_value(json_object_get(it, "name"));
        const char *ref = json_is_object(it) ? json_string_value(json_object_get(it, "ref")) : NULL;
        if (!name || !*name || !dj_utf8_valid(name) || dj_utf8_len(name) > 100 ||
            (json_is_object(it) && json_object_size(it) > (ref ? 2u : 1u)) ||
            (ref && (!dj_utf8_valid(ref) || dj_utf8_len(ref) > 300)))
            return dj_err_set(err, DJ_EINVAL, "documents",
                              "「附件材料」第 %zu 项应为材料名称（100 字以内）或 {name, ref}",
                              i + 1);
    }
    return 0;
}

/* Every guard of the step, in the order a user would meet them. */
static int check_step(struct step_ctx *c, struct dj_err *err)
{
    const struct dj_dev_step_in *in = c->in;
    struct dj_date t = today();
    char a[11], b[11];
    int rc;

    if (c->def->step == 1)
        return dj_err_set(err, DJ_EINVAL, "kind", "「递交入党申请书」在新建入党申请人时记录");
    if (!dj_date_valid(in->on))
        return dj_err_set(err, DJ_EINVAL, "date", "「日期」不能为空");
    if (dj_date_cmp(in->on, t) > 0)
        return dj_err_set(err, DJ_EINVAL, "date", "「日期」%s 晚于今天", dj_date_format(in->on, a));
    if (dj_date_cmp(in->on, c->a.applied_on) < 0)
        return dj_err_set(err, DJ_EINVAL, "date", "「日期」%s 早于递交入党申请书日期 %s",
                          dj_date_format(in->on, a), dj_date_format(c->a.applied_on, b));
    if (!stage_ok(c))
        return dj_err_set(err, DJ_ECONFLICT, "kind", "当前阶段为「%s」，不能记录「%s」",
                          dj_dev_stage_label(c->a.stage), c->def->label);
    if (!c->def->repeat && last_event(c, c->def->step))
        return dj_err_set(err, DJ_ECONFLICT, "kind", "「%s」已经记录过", c->def->label);
    if (c->def->meeting && !c->submitting && (!in->meeting || !*in->meeting))
        return dj_err_set(err, DJ_EINVAL, "meeting", "「%s」须填写作出决定的会议", c->def->label);
    if ((rc = check_text("meeting", "会议", in->meeting, 100, err)) ||
        (rc = check_text("note", "说明", in->note, 1000, err)) ||
        (rc = check_documents(in->documents, err)) || (rc = check_prereqs(c, err)))
        return rc;
    if (dj_date_isset(in->leaving_on))
        c->a.leaving_on = in->leaving_on;

    switch (c->def->step) {
    case 0:
        if (!in->reason || !*in->reason)
            return dj_err_set(err, DJ_EINVAL, "reason", "退回培养须填写「原因」");
        if ((rc = check_text("reason", "原因", in->reason, 500, err)))
            return rc;
        json_object_set_new(c->data, "reason", json_string(in->reason));
        break;
    case 2:
        if (dj_dev_rule_talk_late(c->a.applied_on, in->on, c->warning, sizeof(c->warning)))
            json_object_set_new(c->data, "late", json_true());
        break;
    case 3:
        dj_dev_rule_activist_wait(c->a.applied_on, in->on, c->warning, sizeof(c->warning));
        break;
    case 5:
        return check_people(c, false, err);
    case 7: {
        struct dj_date dates[64];
        int n = 0;
        for (int i = 0; i < c->nev && n < 64; i++)
            if (c->ev[i].step == 6)
                dates[n++] = c->ev[i].on;
        if ((rc = dj_dev_rule_activist_span(c->a.activist_on, in->on, err)) ||
            (rc = dj_dev_rule_assessments(c->a.activist_on, in->on, dates, n, err)))
            return rc;
        break;
    }
    case 9:
        return check_people(c, true, err);
    case 10:
        if (!in->conclusion ||
            (strcmp(in->conclusion, "passed") && strcmp(in->conclusion, "failed")))
            return dj_err_set(err, DJ_EINVAL, "conclusion",
                              "「政审结论」应为 passed（合格）或 failed（不合格）");
        json_object_set_new(c->data, "conclusion", json_string(in->conclusion));
        break;
    case 11:
        if ((rc = dj_dev_rule_training(in->days, in->hours, in->on, err)))
            return rc;
        json_object_set_new(c->data, "days", json_integer(in->days));
        json_object_set_new(c->data, "hours", json_integer(in->hours));
        break;
    case 12:
        return check_political(c, err);
    case 13:
        if ((rc = dj_dev_rule_leaving(c->a.leaving_on, in->on, err)))
            return rc;
        return check_authority(c, err);
    case 15: {
        struct dj_dev_org org;
        if (!dj_store_dev_org(c->db, c->a.org_id, &org, NULL) && !strcmp(org.kind, "temp_branch"))
            return dj_err_set(err, DJ_ECONFLICT, "kind",
                              "临时党支部不能接收预备党员，请由其原所在党组织办理");
        if ((rc = recheck_introducers(c, err)) || (rc = check_political(c, err)) ||
            (rc = dj_dev_rule_leaving(c->a.leaving_on, in->on, err)))
            return rc;
        return check_vote(c, err);
    }
    case 17: {
        struct dj_date due;
        if ((rc = check_authority(c, err)))
            return rc;
        if (!c->submitting &&
            (rc = dj_dev_rule_approval(c->a.admitted_on, in->on, in->special, false, &due, err)))
            return rc;
        json_object_set_new(c->data, "special", json_boolean(in->special));
        break;
    }
    case 19:
        if (in->group_id > 0)
            json_object_set_new(c->data, "group_id", json_integer(in->group_id));
        break;
    case 23: {
        const char *o = in->outcome;
        if (c->a.conversion_outcome && *c->a.conversion_outcome)
            return dj_err_set(err, DJ_ECONFLICT, "kind", "转正问题已经讨论决定，等待上级党委审批");
        if ((rc = dj_dev_rule_conversion_meeting(c->a.probation_end, in->on, err)))
            return rc;
        {
            /* after an extension, a new 转正申请 must follow the extended 预备期 */
            const struct dj_dev_event *app = last_event(c, 22), *prev = last_event(c, 23);
            if (prev && app && dj_date_cmp(app->on, prev->on) < 0)
                return dj_err_set(err, DJ_ECONFLICT, "kind",
                                  "延长预备期后须重新提出转正申请（第 22 步）");
        }
        if (!o || (strcmp(o, "convert") && strcmp(o, "extend") && strcmp(o, "cancel")))
            return dj_err_set(err, DJ_EINVAL, "outcome",
                              "「讨论结果」应为 convert（按期转正）、extend（延长预备期）或 "
                              "cancel（取消预备党员资格）");
        if (!strcmp(o, "extend") &&
            (rc = dj_dev_rule_extension(in->extension_months, c->a.extended_months > 0 ? 1 : 0,
                                        in->on, err)))
            return rc;
        if ((rc = check_vote(c, err)))
            return rc;
        json_object_set_new(c->data, "outcome", json_string(o));
        if (!strcmp(o, "extend"))
            json_object_set_new(c->data, "extension_months", json_integer(in->extension_months));
        break;
    }
    case 24: {
        struct dj_date due;
        if ((rc = check_authority(c, err)))
            return rc;
        if (!c->a.conversion_outcome || !*c->a.conversion_outcome)
            return dj_err_set(
                err, DJ_ECONFLICT, "kind",
                "支部大会尚未作出转正或取消预备党员资格的决议（延长预备期后须再次讨论）");
        if (!c->submitting &&
            (rc = dj_dev_rule_approval(c->a.conversion_meeting_on, in->on, false, true, &due, err)))
            return rc;
        json_object_set_new(c->data, "outcome", json_string(c->a.conversion_outcome));
        break;
    }
    default:
        break;
    }
    return 0;
}

/* Make the 预备党员 member record (step 17), through the member service. */
static int admit_member(struct step_ctx *c, struct dj_err *err)
{
    struct dj_member_rec m, out;

    memset(&m, 0, sizeof(m));
    m.name = c->a.name;
    m.id_number = c->a.id_number;
    m.gender = c->a.gender;
    m.birth_date = c->a.birth_date;
    m.nation = c->a.nation;
    m.education = c->a.education;
    m.job = c->a.job;
    m.work_unit = c->a.work_unit;
    m.phone = c->a.phone;
    m.org_id = c->a.org_id;
    m.category = "probationary";
    m.joined_on = c->a.admitted_on;
    m.added_on = c->in->on;
    m.add_kind = "new";
    for (int i = 0; i < DJ_MF_COUNT; i++) {
        const struct dj_field *f = &dj_member_desc.fields[i];
        bool set;
        if (f->flags & DJ_FF_READONLY)
            continue;
        if (f->type == DJ_FT_DATE)
            set = dj_date_isset(*(const struct dj_date *)((const char *)&m + f->offset));
        else if (f->type == DJ_FT_INT)
            set = *(const int64_t *)((const char *)&m + f->offset) != 0;
        else if (f->type == DJ_FT_BOOL)
            set = false;
        else
            set = *(char *const *)((const char *)&m + f->offset) != NULL;
        if (set)
            dj_rec_mark(&dj_member_desc, &m, i);
    }
    if (dj_member_create_in_tx(c->db, c->actor, &m, c->arena, &out, err))
        return dj_err_set(err, err ? err->code : DJ_EINVAL, err ? err->field : NULL,
                          "建立预备党员记录失败：%s", err ? err->message : "");
    c->a.member_id = out.id;
    json_object_set_new(c->data, "member_id", json_integer(out.id));
    return 0;
}

static int convert_member(struct step_ctx *c, struct dj_err *err)
{
    struct dj_member_rec patch, out;

    if (c->a.member_id <= 0)
        return dj_err_set(err, DJ_ECONFLICT, "kind", "没有对应的预备党员记录");
    if (!strcmp(c->a.conversion_outcome, "cancel")) {
        struct dj_member_status_change s = {.status = "left",
                                            .on = c->in->on,
                                            .leave_kind = "cancelled",
                                            .reason =
                                                "支部大会决议并经上级党委批准，取消预备党员资格"};
        return dj_member_set_status_in_tx(c->db, c->actor, c->a.member_id, &s, c->arena, &out, err);
    }
    memset(&patch, 0, sizeof(patch));
    patch.category = "full";
    patch.confirmed_on = c->a.probation_end;
    dj_rec_mark(&dj_member_desc, &patch, DJ_MF_CATEGORY);
    dj_rec_mark(&dj_member_desc, &patch, DJ_MF_CONFIRMED_ON);
    return dj_member_update_in_tx(c->db, c->actor, c->a.member_id, &patch, c->arena, &out, err);
}

static int assign_group(struct step_ctx *c, struct dj_err *err)
{
    struct dj_member_rec patch, out;

    if (c->in->group_id <= 0 || c->a.member_id <= 0)
        return 0;
    memset(&patch, 0, sizeof(patch));
    patch.group_id = c->in->group_id;
    dj_rec_mark(&dj_member_desc, &patch, DJ_MF_GROUP_ID);
    return dj_member_update_in_tx(c->db, c->actor, c->a.member_id, &patch, c->arena, &out, err);
}

/* The change a step makes to the applicant (and to the member record). */
static int apply_step(struct step_ctx *c, struct dj_err *err)
{
    struct dj_dev_applicant *a = &c->a;
    const struct dj_dev_step_in *in = c->in;
    char x[11];

    switch (c->def->step) {
    case 0:
        json_object_set_new(c->data, "from", json_string(a->stage));
        if (!strcmp(a->stage, "candidate")) {
            a->stage = "activist";
            a->candidate_on = (struct dj_date){0, 0, 0};
        } else {
            a->stage = "applicant";
            a->activist_on = (struct dj_date){0, 0, 0};
        }
        json_object_set_new(c->data, "to", json_string(a->stage));
        break;
    case 2:
        a->talked_on = in->on;
        break;
    case 3:
        a->stage = "activist";
        a->activist_on = in->on;
        break;
    case 7:
        a->stage = "candidate";
        a->candidate_on = in->on;
        break;
    case 15:
        a->admitted_on = in->on;
        json_object_set_new(c->data, "probation_end",
                            json_string(dj_date_format(dj_dev_probation_end(in->on, 0), x)));
        break;
    case 17:
        a->stage = "probationary";
        a->approved_on = in->on;
        a->probation_end = dj_dev_probation_end(a->admitted_on, 0);
        json_object_set_new(c->data, "probation_start", json_string(fmt(a->admitted_on, x)));
        json_object_set_new(c->data, "probation_end", json_string(fmt(a->probation_end, x)));
        return admit_member(c, err);
    case 19:
        return assign_group(c, err);
    case 23:
        if (!strcmp(in->outcome, "extend")) {
            a->extended_months = in->extension_months;
            a->probation_end = dj_dev_probation_end(a->admitted_on, (int)in->extension_months);
            json_object_set_new(c->data, "probation_end", json_string(fmt(a->probation_end, x)));
        } else {
            a->conversion_meeting_on = in->on;
            a->conversion_outcome = (char *)in->outcome;
        }
        break;
    case 24:
        if (!strcmp(a->conversion_outcome, "convert")) {
            a->stage = "full";
            a->converted_on = a->probation_end;
            json_object_set_new(c->data, "converted_on", json_string(fmt(a->converted_on, x)));
        } else {
            a->stage = "cancelled";
        }
        return convert_member(c, err);
    default:
        break;
    }
    return 0;
}

/* Load, check, apply and record one step, inside the caller's write transaction. */
static int step_in_tx(struct step_ctx *c, int64_t id, struct dj_err *err)
{
    struct dj_dev_event ev = {0};
    json_t *before, *after;
    char now[32];
    int rc;

    if (!(c->def = dj_dev_step_find(c->in->kind)))
        return dj_err_set(err, DJ_EINVAL, "kind", "「步骤」不存在：%s",
                          c->in->kind ? c->in->kind : "");
    if ((rc = load(c->db, c->actor, id, !c->def->review, c->arena, &c->a, err)))
        return rc;
    c->before = c->a;
    if ((rc = dj_store_dev_events(c->db, id, c->arena, &c->ev, &c->nev, err)))
        return rc;
    c->data = json_object();
    if ((rc = check_step(c, err)) || (rc = apply_step(c, err)))
        return rc;
    if (c->def->step > c->a.last_step)
        c->a.last_step = c->def->step;
    ev.applicant_id = id;
    ev.step = c->def->step;
    ev.kind = c->def->kind;
    ev.on = c->in->on;
    ev.meeting = c->in->meeting && *c->in->meeting ? c->in->meeting : NULL;
    ev.data = dump(c->arena, c->data);
    ev.documents = c->in->documents && json_is_array(c->in->documents)
                       ? dump(c->arena, c->in->documents)
                       : "[]";
    ev.note = c->in->note && *c->in->note ? c->in->note : NULL;
    ev.warning = c->warning[0] ? c->warning : NULL;
    ev.decided_by_org = c->decided_by_org;
    ev.user_id = c->actor->user_id;
    ev.username = c->actor->username;
    dj_now_iso(now, sizeof(now));
    if ((rc = dj_store_dev_event_insert(c->db, &ev, now, &c->event_id, err)) ||
        (rc = dj_store_dev_update_steps(c->db, &c->a, now, err)) ||
        (rc = reload(c->db, id, c->arena, &c->a, err)))
        return rc;
    before = json_pack("{s:s,s:I}", "stage", c->before.stage, "last_step",
                       (json_int_t)c->before.last_step);
    after = json_pack("{s:s,s:I,s:I,s:s,s:s,s:O}", "stage", c->a.stage, "step",
                      (json_int_t)c->def->step, "event_id", (json_int_t)c->event_id, "kind",
                      c->def->kind, "date", fmt(c->in->on, now), "data", c->data);
    if (c->warning[0])
        json_object_set_new(after, "warning", json_string(c->warning));
    rc = audit(c->db, c->actor, "dev.step", id, c->a.org_path, before, after, err);
    json_decref(before);
    json_decref(after);
    return rc;
}

static void ctx_release(struct step_ctx *c)
{
    json_decref(c->data);
    c->data = NULL;
}

int dj_dev_step(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                const struct dj_dev_step_in *in, struct dj_arena *arena,
                struct dj_dev_applicant *out, char *warning, struct dj_err *err)
{
    struct step_ctx c = {.db = db, .actor = actor, .arena = arena, .in = in};
    int rc;

    memset(out, 0, sizeof(*out));
    if (warning)
        warning[0] = '\0';
    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    rc = end_tx(db, step_in_tx(&c, id, err), err);
    if (!rc) {
        *out = c.a;
        if (warning)
            dj_strlcpy(warning, c.warning, 256);
    }
    ctx_release(&c);
    return rc;
}

/* ---- review ------------------------------------------------------------- */

static int submit_tx(struct step_ctx *c, int64_t id, int64_t *rid, struct dj_err *err)
{
    struct dj_dev_review r = {0};
    struct dj_dev_org ap;
    int64_t pending;
    char now[32];
    json_t *after;
    int rc;

    if (!(c->def = dj_dev_step_find(c->in->kind)) || !c->def->review)
        return dj_err_set(err, DJ_EINVAL, "kind",
                          "只有「上级党委预审」「上级党委审批」「上级党委审批转正」需要提交审核");
    if ((rc = load(c->db, c->actor, id, true, c->arena, &c->a, err)) ||
        (rc = dj_store_dev_events(c->db, id, c->arena, &c->ev, &c->nev, err)))
        return rc;
    c->data = json_object();
    c->submitting = true;
    if ((rc = check_step(c, err)) ||
        (rc = dj_store_dev_review_pending(c->db, id, c->def->step, &pending, err)))
        return rc;
    if (pending)
        return dj_err_set(err, DJ_ECONFLICT, "kind", "「%s」已提交审核，等待上级党委处理",
                          c->def->label);
    if ((rc = dj_store_dev_approver(c->db, c->a.org_path, &ap, err)))
        return rc;
    r.applicant_id = id;
    r.step = c->def->step;
    r.approver_org_id = ap.id;
    r.approver_path = ap.path;
    r.org_path = c->a.org_path;
    r.submitted_on = c->in->on;
    r.submitted_by = c->actor->username;
    r.note = c->in->note && *c->in->note ? c->in->note : NULL;
    r.documents = c->in->documents && json_is_array(c->in->documents)
                      ? dump(c->arena, c->in->documents)
                      : "[]";
    if ((rc = dj_store_dev_review_insert(c->db, &r, dj_now_iso(now, sizeof(now)), rid, err)))
        return rc;
    after = json_pack("{s:I,s:i,s:s,s:I,s:s,s:s}", "review_id", (json_int_t)*rid, "step",
                      c->def->step, "kind", c->def->kind, "approver_org_id", (json_int_t)ap.id,
                      "approver", ap.name, "date", fmt(c->in->on, now));
    rc = audit(c->db, c->actor, "dev.submit", id, c->a.org_path, NULL, after, err);
    json_decref(after);
    return rc;
}

int dj_dev_submit(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                  const struct dj_dev_step_in *in, int64_t *review_id, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    struct step_ctx c = {.db = db, .actor = actor, .arena = arena, .in = in};
    int rc;

    *review_id = 0;
    if ((rc = dj_db_begin(db, true, err)) == 0)
        rc = end_tx(db, submit_tx(&c, id, review_id, err), err);
    ctx_release(&c);
    dj_arena_free(arena);
    return rc;
}

/* A review the actor may decide: missing and out of scope look alike. */
static int load_review(struct dj_db *db, const struct dj_actor *actor, int64_t rid,
                       struct dj_arena *arena, struct dj_dev_review *r, struct dj_err *err)
{
    struct dj_scope rs;
    int rc = dj_store_dev_review_get(db, rid, arena, r, err);

    dj_scope_for(actor, DJ_PERM_READ, &rs);
    if (rc == DJ_ENOTFOUND ||
        (!rc && !dj_scope_contains(&rs, r->org_path) && !dj_scope_contains(&rs, r->approver_path)))
        return rs.all ? dj_err_set(err, DJ_ENOTFOUND, NULL, "审核记录不存在")
                      : dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
    if (rc)
        return rc;
    if (dj_authorize(actor, DJ_PERM_WRITE, r->approver_path, NULL))
        return dj_err_set(err, DJ_EPERM, NULL, "只有有审批权限的基层党委（%s）可以处理该审核",
                          r->approver_name ? r->approver_name : "");
    if (strcmp(r->status, "pending"))
        return dj_err_set(err, DJ_ECONFLICT, NULL, "该审核已处理，不能重复处理");
    return 0;
}

static json_t *review_json_audit(const struct dj_dev_review *r, const char *status,
                                 struct dj_date on, const char *reason, int64_t event_id)
{
    char d[11];
    json_t *o = json_pack("{s:I,s:i,s:s,s:s}", "review_id", (json_int_t)r->id, "step", r->step,
                          "status", status, "date", fmt(on, d));
    if (reason)
        json_object_set_new(o, "reason", json_string(reason));
    if (event_id)
        json_object_set_new(o, "event_id", json_integer(event_id));
    return o;
}

static int approve_tx(struct step_ctx *c, int64_t rid, struct dj_err *err)
{
    struct dj_dev_review r;
    struct dj_dev_step_in in = *c->in;
    const struct dj_dev_step_def *def;
    char now[32];
    json_t *after;
    int rc;

    if ((rc = load_review(c->db, c->actor, rid, c->arena, &r, err)))
        return rc;
    def = step_def(r.step);
    in.kind = def->kind;
    if (!dj_date_isset(in.on))
        in.on = today();
    c->in = &in;
    if ((rc = step_in_tx(c, r.applicant_id, err)))
        return rc;
    if ((rc = dj_store_dev_review_decide(c->db, rid, "approved", in.on, c->actor->username, NULL,
                                         c->event_id, dj_now_iso(now, sizeof(now)), err)))
        return rc;
    after = review_json_audit(&r, "approved", in.on, NULL, c->event_id);
    rc = dj_audit_write(c->db, c->actor, "dev.review.approve", "dev_review",
                        dj_arena_printf(c->arena, "%lld", (long long)rid), r.org_path, NULL, after,
                        err);
    json_decref(after);
    return rc;
}

int dj_dev_approve(struct dj_db *db, const struct dj_actor *actor, int64_t rid,
                   const struct dj_dev_step_in *in, struct dj_arena *arena,
                   struct dj_dev_applicant *out, struct dj_err *err)
{
    struct step_ctx c = {.db = db, .actor = actor, .arena = arena, .in = in};
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    rc = end_tx(db, approve_tx(&c, rid, err), err);
    if (!rc)
        *out = c.a;
    ctx_release(&c);
    return rc;
}

int dj_dev_return(struct dj_db *db, const struct dj_actor *actor, int64_t rid, struct dj_date on,
                  const char *reason, struct dj_err *err)
{
    struct dj_arena *arena;
    struct dj_dev_review r;
    char now[32];
    json_t *after;
    int rc;

    if (!reason || !*reason)
        return dj_err_set(err, DJ_EINVAL, "reason", "退回须填写「退回原因」");
    if ((rc = check_text("reason", "退回原因", reason, 500, err)))
        return rc;
    if (!dj_date_isset(on))
        on = today();
    if (dj_date_cmp(on, today()) > 0)
        return dj_err_set(err, DJ_EINVAL, "date", "「日期」晚于今天");
    arena = dj_arena_new();
    if ((rc = dj_db_begin(db, true, err)) == 0) {
        rc = load_review(db, actor, rid, arena, &r, err);
        if (!rc)
            rc = dj_store_dev_review_decide(db, rid, "returned", on, actor->username, reason, 0,
                                            dj_now_iso(now, sizeof(now)), err);
        if (!rc) {
            after = review_json_audit(&r, "returned", on, reason, 0);
            rc = dj_audit_write(db, actor, "dev.review.return", "dev_review",
                                dj_arena_printf(arena, "%lld", (long long)rid), r.org_path, NULL,
                                after, err);
            json_decref(after);
        }
        rc = end_tx(db, rc, err);
    }
    dj_arena_free(arena);
    return rc;
}

int dj_dev_reviews(struct dj_db *db, const struct dj_actor *actor, bool inbox, const char *status,
                   struct dj_arena *arena, struct dj_dev_review **rows, int *n, struct dj_err *err)
{
    struct dj_scope scope;

    *n = 0;
    *rows = NULL;
    if (status && strcmp(status, "pending") && strcmp(status, "approved") &&
        strcmp(status, "returned"))
        return dj_err_set(err, DJ_EINVAL, "status",
                          "查询参数 status 应为 pending、approved 或 returned");
    dj_scope_for(actor, inbox ? DJ_PERM_WRITE : DJ_PERM_READ, &scope);
    if (!scope.all && scope.n == 0)
        return inbox ? 0 : dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
    return dj_store_dev_reviews(db, &scope, inbox, status, arena, rows, n, err);
}

/* ---- what is due next ---------------------------------------------------- */

struct next_list {
    struct dj_dev_next *v;
    int n, cap;
    struct dj_arena *arena;
    struct dj_date today;
};

static void add_next(struct next_list *l, int step, struct dj_date due, bool earliest,
                     const char *rule, const char *why)
{
    const struct dj_dev_step_def *d = step_def(step);
    struct dj_dev_next *x;

    if (l->n == l->cap)
        return;
    x = &l->v[l->n++];
    x->step = step;
    x->kind = d ? d->kind : "";
    x->label = d ? d->label : "";
    x->due = due;
    x->earliest = earliest;
    x->overdue = !earliest && dj_date_isset(due) && dj_date_cmp(l->today, due) > 0;
    x->rule_id = rule ? rule : "";
    x->why = dj_arena_strdup(l->arena, why);
}

static bool has(const struct dj_dev_event *ev, int nev, int step)
{
    for (int i = 0; i < nev; i++)
        if (ev[i].step == step)
            return true;
    return false;
}

static struct dj_date last_on(const struct dj_dev_event *ev, int nev, int step)
{
    struct dj_date d = {0, 0, 0};
    for (int i = 0; i < nev; i++)
        if (ev[i].step == step && dj_date_cmp(ev[i].on, d) > 0)
            d = ev[i].on;
    return d;
}

/* The next steps of an applicant on `today`, with their dates and reasons. */
static void next_steps(const struct dj_dev_applicant *a, const struct dj_dev_event *ev, int nev,
                       struct next_list *l)
{
    char d1[11], d2[11];
    struct dj_date due;

    if (!strcmp(a->stage, "applicant")) {
        if (!dj_date_isset(a->talked_on)) {
            due = dj_dev_talk_due(a->applied_on);
            add_next(l, 2, due, false, DJ_DEV_R_TALK,
                     dj_arena_printf(l->arena, "收到入党申请书（%s）后 1 个月内派人谈话",
                                     fmt(a->applied_on, d1)));
        } else {
            dj_rule_deadline_months(DJ_DEV_R_ACTIVIST_WAIT, a->applied_on, &due);
            add_next(l, 3, due, true, DJ_DEV_R_ACTIVIST_WAIT,
                     "经党员推荐或群团组织推优，由支部委员会确定为入党积极分子（地方规定递交申请满 "
                     "6 个月）");
        }
    } else if (!strcmp(a->stage, "activist")) {
        struct dj_date last = last_on(ev, nev, 6);
        if (!has(ev, nev, 4))
            add_next(l, 4, a->activist_on, false, "", "确定入党积极分子后报上级党委备案");
        if (!has(ev, nev, 5))
            add_next(l, 5, a->activist_on, false, DJ_DEV_R_CONTACTS_MIN,
                     "指定 1 至 2 名正式党员作为培养联系人");
        if (!dj_date_isset(last) || dj_date_cmp(last, a->activist_on) < 0)
            last = a->activist_on;
        add_next(l, 6, dj_date_add_months(last, 6), false, DJ_DEV_R_ASSESS,
                 dj_arena_printf(l->arena, "党支部每半年考察一次（上次：%s）", fmt(last, d1)));
        due = dj_dev_candidate_earliest(a->activist_on);
        add_next(l, 7, due, true, DJ_DEV_R_ACTIVIST_MONTHS,
                 dj_arena_printf(l->arena, "确定为入党积极分子（%s）满 1 年后，方可确定为发展对象",
                                 fmt(a->activist_on, d1)));
    } else if (!strcmp(a->stage, "candidate")) {
        static const int order[] = {8, 9, 10, 11, 12, 13, 14, 15, 16};
        bool any = false;
        for (size_t i = 0; i < DJ_ARRAY_LEN(order) && !any; i++)
            if (!has(ev, nev, order[i])) {
                const struct dj_dev_step_def *d = step_def(order[i]);
                add_next(l, order[i], (struct dj_date){0, 0, 0}, false, "",
                         dj_arena_printf(l->arena, "按程序下一步：%s%s", d->label,
                                         d->review ? "（提交上级党委审核）" : ""));
                any = true;
            }
        if (dj_date_isset(a->admitted_on)) {
            dj_rule_deadline_months(DJ_DEV_R_APPROVAL, a->admitted_on, &due);
            add_next(
                l, 17, due, false, DJ_DEV_R_APPROVAL,
                dj_arena_printf(l->arena,
                                "上级党委应在支部大会（%s）后 3 个月内审批，特殊情况不超过 6 个月",
                                fmt(a->admitted_on, d1)));
        }
    } else if (!strcmp(a->stage, "probationary")) {
        static const int order[] = {18, 19, 20};
        for (size_t i = 0; i < DJ_ARRAY_LEN(order); i++)
            if (!has(ev, nev, order[i]))
                add_next(l, order[i], (struct dj_date){0, 0, 0}, false, "", "预备党员接收后的程序");
        if (a->conversion_outcome && *a->conversion_outcome) {
            dj_rule_deadline_months(DJ_DEV_R_CONV_APPROVAL, a->conversion_meeting_on, &due);
            add_next(l, 24, due, false, DJ_DEV_R_CONV_APPROVAL,
                     dj_arena_printf(l->arena, "上级党委应在支部大会讨论转正（%s）后 3 个月内审批",
                                     fmt(a->conversion_meeting_on, d1)));
        } else {
            add_next(l, 22, a->probation_end, false, DJ_DEV_R_PROBATION,
                     dj_arena_printf(l->arena, "预备期 %s 届满，本人提出书面转正申请",
                                     fmt(a->probation_end, d1)));
            add_next(
                l, 23, a->probation_end, true, DJ_DEV_R_PROBATION,
                dj_arena_printf(
                    l->arena,
                    "讨论转正的支部大会不得早于预备期满（%s，从支部大会通过之日 %s 起算 1 年%s）",
                    fmt(a->probation_end, d1), fmt(a->admitted_on, d2),
                    a->extended_months ? "，含延长期" : ""));
        }
    } else if (!strcmp(a->stage, "full") && !has(ev, nev, 25)) {
        add_next(l, 25, (struct dj_date){0, 0, 0}, false, "",
                 "入党志愿书、申请书、政审材料、转正申请和考察材料归档");
    }
}

int dj_dev_timeline(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                    struct dj_arena *arena, struct dj_dev_applicant *out,
                    struct dj_dev_event **events, int *nevents, struct dj_dev_next **next,
                    int *nnext, struct dj_dev_review **reviews, int *nreviews, struct dj_err *err)
{
    struct next_list l = {.arena = arena, .cap = 16, .today = today()};
    int rc;

    *nevents = *nnext = *nreviews = 0;
    if ((rc = load(db, actor, id, false, arena, out, err)) ||
        (rc = dj_store_dev_events(db, id, arena, events, nevents, err)) ||
        (rc = dj_store_dev_reviews_of(db, id, arena, reviews, nreviews, err)))
        return rc;
    l.v = dj_arena_zalloc(arena, sizeof(*l.v) * (size_t)l.cap);
    next_steps(out, *events, *nevents, &l);
    *next = l.v;
    *nnext = l.n;
    return 0;
}

/* ---- plans and counts ---------------------------------------------------- */

int dj_dev_plan_set(struct dj_db *db, const struct dj_actor *actor, const struct dj_dev_plan *p,
                    struct dj_err *err)
{
    struct dj_dev_plan row = *p;
    struct dj_dev_org org;
    char now[32];
    int64_t id;
    json_t *after;
    int rc;

    if (p->org_id <= 0)
        return dj_err_set(err, DJ_EINVAL, "org_id", "「组织」不能为空");
    if (p->year < 2000 || p->year > 2100)
        return dj_err_set(err, DJ_EINVAL, "year", "「年度」应在 2000 至 2100 之间");
    if (p->planned < 0 || p->planned > 100000)
        return dj_err_set(err, DJ_EINVAL, "planned", "「计划发展人数」应在 0 至 100000 之间");
    if (p->under35 < 0 || p->under35 > p->planned)
        return dj_err_set(err, DJ_EINVAL, "under35", "「其中 35 岁以下」不能超过计划发展人数");
    if ((rc = check_text("note", "说明", p->note, 500, err)))
        return rc;
    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    rc = read_org(db, actor, p->org_id, DJ_PERM_WRITE, &org, err);
    if (!rc && strcmp(org.status, "active"))
        rc = dj_err_set(err, DJ_EINVAL, "org_id", "该组织已撤销");
    if (!rc) {
        row.org_path = org.path;
        rc = dj_store_dev_plan_upsert(db, &row, dj_now_iso(now, sizeof(now)), &id, err);
    }
    if (!rc) {
        after = json_pack("{s:I,s:I,s:I,s:I,s:s?}", "org_id", (json_int_t)p->org_id, "year",
                          (json_int_t)p->year, "planned", (json_int_t)p->planned, "under35",
                          (json_int_t)p->under35, "note", p->note);
        rc = dj_audit_write(db, actor, "dev.plan", "dev_plan",
                            (snprintf(now, sizeof(now), "%lld", (long long)id), now), org.path,
                            NULL, after, err);
        json_decref(after);
    }
    return end_tx(db, rc, err);
}

int dj_dev_plans(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, int64_t year,
                 struct dj_arena *arena, struct dj_dev_plan **rows, int *n, struct dj_err *err)
{
    struct dj_dev_org org;
    int rc;

    *n = 0;
    *rows = NULL;
    if (year < 2000 || year > 2100)
        return dj_err_set(err, DJ_EINVAL, "year", "查询参数 year 应在 2000 至 2100 之间");
    if ((rc = read_org(db, actor, org_id, DJ_PERM_READ, &org, err)))
        return rc;
    return dj_store_dev_plans(db, org.path, year, arena, rows, n, err);
}

int dj_dev_counts(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                  struct dj_arena *arena, struct dj_dev_count **rows, int *n, struct dj_err *err)
{
    struct dj_dev_org org;
    int rc;

    *n = 0;
    *rows = NULL;
    if ((rc = read_org(db, actor, org_id, DJ_PERM_READ, &org, err)))
        return rc;
    return dj_store_dev_counts(db, org.path, today(), arena, rows, n, err);
}

/* ---- deadlines ----------------------------------------------------------- */

struct dl_emit {
    dj_deadline_emit emit;
    void *ctx;
    struct dj_date from, to, today;
};

static int emit_one(struct dl_emit *e, const struct dj_dev_applicant *a, const char *kind, int step,
                    struct dj_date due, bool can_overdue, const char *rule, const char *title)
{
    struct dj_deadline d;
    char key[64];

    if (!dj_date_isset(due) || dj_date_cmp(due, e->from) < 0 || dj_date_cmp(due, e->to) > 0)
        return 0;
    snprintf(key, sizeof(key), "applicant:%lld:step:%d", (long long)a->id, step);
    d.kind = kind;
    d.key = key;
    d.org_id = a->org_id;
    d.org_path = a->org_path;
    d.member_id = a->member_id;
    d.due = due;
    d.level = !can_overdue                     ? DJ_DEADLINE_INFO
              : dj_date_cmp(due, e->today) < 0 ? DJ_DEADLINE_OVERDUE
                                               : DJ_DEADLINE_DUE;
    d.rule_id = rule;
    d.title = title;
    return e->emit(e->ctx, &d);
}

static int emit_applicant(struct dl_emit *e, const struct dj_dev_applicant *a,
                          struct dj_arena *arena)
{
    struct dj_date due;
    int rc = 0;

    if (!strcmp(a->stage, "applicant") && !dj_date_isset(a->talked_on))
        rc = emit_one(e, a, "dev.talk_due", 2, dj_dev_talk_due(a->applied_on), true, DJ_DEV_R_TALK,
                      dj_arena_printf(arena, "%s 入党申请谈话到期", a->name));
    else if (!strcmp(a->stage, "activist"))
        rc = emit_one(e, a, "dev.candidate_eligible", 7, dj_dev_candidate_earliest(a->activist_on),
                      false, DJ_DEV_R_ACTIVIST_MONTHS,
                      dj_arena_printf(arena, "%s 培养满 1 年，可确定为发展对象", a->name));
    else if (!strcmp(a->stage, "candidate") && dj_date_isset(a->admitted_on)) {
        dj_rule_deadline_months(DJ_DEV_R_APPROVAL, a->admitted_on, &due);
        rc = emit_one(e, a, "dev.approval_overdue", 17, due, true, DJ_DEV_R_APPROVAL,
                      dj_arena_printf(arena, "%s 接收预备党员待上级党委审批", a->name));
    } else if (!strcmp(a->stage, "probationary")) {
        if (a->conversion_outcome && *a->conversion_outcome) {
            dj_rule_deadline_months(DJ_DEV_R_CONV_APPROVAL, a->conversion_meeting_on, &due);
            rc = emit_one(e, a, "dev.approval_overdue", 24, due, true, DJ_DEV_R_CONV_APPROVAL,
                          dj_arena_printf(arena, "%s 转正待上级党委审批", a->name));
        } else {
            rc =
                emit_one(e, a, "dev.probation_end", 23, a->probation_end, false, DJ_DEV_R_PROBATION,
                         dj_arena_printf(arena, "%s 预备期满，讨论转正", a->name));
        }
    }
    return rc;
}

int dj_dev_deadline_lister(struct dj_db *db, const struct dj_scope *scope, struct dj_date from,
                           struct dj_date to, dj_deadline_emit emit, void *ctx, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    struct dj_dev_filter f = {0};
    struct dj_dev_applicant *rows;
    struct dl_emit e = {.emit = emit, .ctx = ctx, .from = from, .to = to, .today = today()};
    int64_t total;
    int n, rc;

    rc = dj_store_dev_list(db, scope, &f, arena, &rows, &n, &total, err);
    for (int i = 0; !rc && i < n; i++) {
        struct dj_dev_applicant a = rows[i];
        /* a transferred 预备党员 whose 转正 the new branch postponed: due that much later
         * (the 预备期 itself, and 党龄, still count from the original date) */
        if (!strcmp(a.stage, "probationary") && a.member_id > 0 && dj_date_isset(a.probation_end)) {
            int months;
            struct dj_date original;
            if ((rc = dj_transfer_probation_postponement(db, a.member_id, &months, &original, err)))
                break;
            if (months > 0)
                a.probation_end = dj_date_add_months(a.probation_end, months);
        }
        rc = emit_applicant(&e, &a, arena);
    }
    dj_arena_free(arena);
    return rc;
}

struct dl_collect {
    struct dj_arena *arena;
    struct dj_deadline *v;
    int n, cap;
};

static int collect(void *ctx, const struct dj_deadline *d)
{
    struct dl_collect *c = ctx;
    struct dj_deadline *x;

    if (c->n == c->cap) {
        int cap = c->cap ? c->cap * 2 : 64;
        struct dj_deadline *bigger = dj_arena_zalloc(c->arena, sizeof(*bigger) * (size_t)cap);
        if (c->n)
            memcpy(bigger, c->v, sizeof(*bigger) * (size_t)c->n);
        c->v = bigger;
        c->cap = cap;
    }
    x = &c->v[c->n++];
    *x = *d;
    x->kind = dj_arena_strdup(c->arena, d->kind);
    x->key = dj_arena_strdup(c->arena, d->key);
    x->org_path = dj_arena_strdup(c->arena, d->org_path);
    x->rule_id = dj_arena_strdup(c->arena, d->rule_id);
    x->title = dj_arena_strdup(c->arena, d->title);
    return 0;
}

static int by_due(const void *x, const void *y)
{
    const struct dj_deadline *a = x, *b = y;
    int c = dj_date_cmp(a->due, b->due);
    return c ? c : strcmp(a->key, b->key);
}

int dj_dev_deadlines(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                     struct dj_date from, struct dj_date to, struct dj_arena *arena,
                     struct dj_deadline **rows, int *n, struct dj_err *err)
{
    struct dj_dev_org org;
    struct dj_scope scope = {0};
    struct dl_collect c = {.arena = arena};
    int rc;

    *rows = NULL;
    *n = 0;
    if (!dj_date_valid(from) || !dj_date_valid(to) || dj_date_cmp(from, to) > 0)
        return dj_err_set(err, DJ_EINVAL, "from", "日期范围无效");
    if ((rc = read_org(db, actor, org_id, DJ_PERM_READ, &org, err)))
        return rc;
    if (!strcmp(org.path, "/")) {
        scope.all = true;
    } else {
        scope.n = 1;
        dj_strlcpy(scope.paths[0], org.path, sizeof(scope.paths[0]));
    }
    rc = dj_dev_deadline_lister(db, &scope, from, to, collect, &c, err);
    if (!rc && c.n > 1)
        qsort(c.v, (size_t)c.n, sizeof(*c.v), by_due);
    *rows = c.v;
    *n = c.n;
    return rc;
}
