/*
 * member.c - the member database service (see member.h): permissions,
 * validation through rules/member_rules.h, sealing of personal fields, one
 * transaction with its audit row per write.
 */
#include "base/compat.h"
#include "svc/member.h"

#include "base/idcard.h"
#include "base/log.h"
#include "model/dict.h"
#include "rules/member_rules.h"
#include "store/account.h"
#include "svc/audit.h"
#include "svc/crypt.h"
#include "svc/svc.h"

#define MSG_NO_ACCESS "无权访问该党员的数据"

/* The personal fields, sealed with aad "member.<key>". */
static const int personal_fields[] = {DJ_MF_ID_NUMBER, DJ_MF_PHONE,     DJ_MF_TEL,
                                      DJ_MF_HUKOU,     DJ_MF_RESIDENCE, DJ_MF_HOME_ADDRESS};

static char **text_field(struct dj_member_rec *m, int i)
{
    return (char **)((char *)m + dj_member_desc.fields[i].offset);
}

static void mark(struct dj_member_rec *m, int i)
{
    dj_rec_mark(&dj_member_desc, m, i);
}

static void unmark(struct dj_member_rec *m, int i)
{
    m->set &= ~((uint64_t)1 << i);
}

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

static bool is_group_kind(const char *kind)
{
    return !strcmp(kind, "group") || !strcmp(kind, "building_group");
}

/* ---- sealing ------------------------------------------------------------ */

/* The phone number without spaces and '-', in the arena (the input is left alone). */
static char *strip_phone(struct dj_arena *arena, const char *s)
{
    char *out, *w;

    if (!s || !strpbrk(s, " -"))
        return (char *)s;
    out = w = dj_arena_strdup(arena, s);
    for (; *s; s++)
        if (*s != ' ' && *s != '-')
            *w++ = *s;
    *w = '\0';
    return out;
}

int dj_member_seal(const unsigned char key[32], struct dj_member_rec *m,
                   struct dj_member_sealed *out, struct dj_arena *arena, struct dj_err *err)
{
    struct dj_date none = {0, 0, 0};
    struct dj_idcard id;
    const char **slots[] = {&out->id_enc,    &out->phone_enc,     &out->tel_enc,
                            &out->hukou_enc, &out->residence_enc, &out->home_address_enc};
    int rc;

    memset(out, 0, sizeof(*out));
    if (!m->id_number || !*m->id_number)
        return dj_err_set(err, DJ_EINVAL, "id_number", "「身份证号码」不能为空");
    rc = dj_idcard_parse(m->id_number, &id, none, "id_number", err);
    if (rc)
        return rc;
    m->id_number = dj_arena_strdup(arena, id.number);
    mark(m, DJ_MF_ID_NUMBER);
    if (!m->gender || !*m->gender) {
        m->gender = dj_arena_strdup(arena, id.gender == 1 ? "1" : "2");
        mark(m, DJ_MF_GENDER);
    }
    if (!dj_date_isset(m->birth_date)) {
        m->birth_date = id.birth;
        mark(m, DJ_MF_BIRTH_DATE);
    }
    m->phone = strip_phone(arena, m->phone);
    m->tel = strip_phone(arena, m->tel);
    dj_crypt_blind(key, DJ_MEMBER_ID_DOMAIN, m->id_number, out->id_blind);

    for (size_t i = 0; i < DJ_ARRAY_LEN(personal_fields); i++) {
        int f = personal_fields[i];
        const char *plain = *text_field(m, f);
        char aad[64], *sealed = NULL;

        if (!plain || !*plain)
            continue;
        snprintf(aad, sizeof(aad), "member.%s", dj_member_desc.fields[f].key);
        rc = dj_crypt_seal(key, plain, aad, &sealed);
        if (rc)
            return dj_err_set(err, rc, dj_member_desc.fields[f].key, "「%s」内容过长",
                              dj_member_desc.fields[f].label);
        *slots[i] = dj_arena_strdup(arena, sealed);
        free(sealed);
    }
    return 0;
}

int dj_member_open(const unsigned char key[32], struct dj_member_rec *m, struct dj_arena *arena)
{
    for (size_t i = 0; i < DJ_ARRAY_LEN(personal_fields); i++) {
        int f = personal_fields[i];
        char **slot = text_field(m, f), *plain = NULL, aad[64];

        if (!*slot)
            continue;
        snprintf(aad, sizeof(aad), "member.%s", dj_member_desc.fields[f].key);
        if (dj_crypt_open(key, *slot, aad, &plain)) {
            dj_log(DJ_LOG_ERROR, "sealed member field does not open", "member=%lld field=%s",
                   (long long)m->id, dj_member_desc.fields[f].key);
            *slot = NULL;
            continue;
        }
        *slot = dj_arena_strdup(arena, plain);
        dj_crypt_plain_free(plain);
    }
    return 0;
}

/* ---- validation and derived fields -------------------------------------- */

static int check_dicts(const struct dj_member_rec *m, struct dj_err *err)
{
    for (int i = 0; i < dj_member_desc.nfields; i++) {
        const struct dj_field *f = &dj_member_desc.fields[i];
        const char *v;

        if (f->type != DJ_FT_DICT ||
            (f->flags & DJ_FF_READONLY && i != DJ_MF_STATUS && i != DJ_MF_LEAVE_KIND))
            continue;
        v = *(char *const *)((const char *)m + f->offset);
        if (v && *v && !dj_dict_label(dj_dict_find(f->dict), v))
            return dj_err_set(err, DJ_EINVAL, f->key, "「%s」的取值不在字典中", f->label);
    }
    return 0;
}

int dj_member_validate(const struct dj_member_rec *m, struct dj_date on, struct dj_err *err)
{
    static const struct {
        int field;
        const char *key, *label;
    } dates[] = {
        {DJ_MF_WORK_STARTED_ON, "work_started_on", "工作时间"},
        {DJ_MF_ADDED_ON, "added_on", "增加时间"},
        {DJ_MF_MOBILE_SINCE, "mobile_since", "外出日期"},
        {DJ_MF_STATUS_ON, "status_on", "状态日期"},
    };
    struct dj_idcard id;
    struct dj_date birth;
    int rc;

    if (!m->name || !*m->name)
        return dj_err_set(err, DJ_EINVAL, "name", "「姓名」不能为空");
    if (!m->id_number || !*m->id_number)
        return dj_err_set(err, DJ_EINVAL, "id_number", "「身份证号码」不能为空");
    if ((rc = dj_member_rule_idcard(m->id_number, on, &id, err)))
        return rc;
    if ((rc = dj_member_rule_identity(&id, m->gender, m->birth_date, err)))
        return rc;
    if ((rc = check_dicts(m, err)))
        return rc;
    if (!m->category || !*m->category)
        return dj_err_set(err, DJ_EINVAL, "category", "「党员类别」不能为空");
    if (!dj_date_isset(m->joined_on))
        return dj_err_set(err, DJ_EINVAL, "joined_on", "「入党日期」不能为空");
    if ((rc = dj_member_rule_not_future("joined_on", "入党日期", m->joined_on, on, err)))
        return rc;
    birth = dj_date_isset(m->birth_date) ? m->birth_date : id.birth;
    if ((rc = dj_member_rule_join_age(birth, m->joined_on, err)))
        return rc;
    if ((rc = dj_member_rule_confirm(m->category, m->joined_on, m->confirmed_on, err)))
        return rc;
    if ((rc = dj_member_rule_not_future("confirmed_on", "转正日期", m->confirmed_on, on, err)))
        return rc;
    for (size_t i = 0; i < DJ_ARRAY_LEN(dates); i++) {
        const struct dj_date *d =
            (const struct dj_date *)((const char *)m +
                                     dj_member_desc.fields[dates[i].field].offset);
        if ((rc = dj_member_rule_not_future(dates[i].key, dates[i].label, *d, on, err)))
            return rc;
    }
    if ((rc = dj_member_rule_phone("phone", "手机号码", m->phone, true, err)))
        return rc;
    if ((rc = dj_member_rule_phone("tel", "联系电话", m->tel, false, err)))
        return rc;
    if (m->status && !strcmp(m->status, "left") && (!m->leave_kind || !*m->leave_kind))
        return dj_err_set(err, DJ_EINVAL, "leave_kind", "状态为出党时须填写「出党方式」");
    if ((!m->status || strcmp(m->status, "left")) && m->leave_kind && *m->leave_kind)
        return dj_err_set(err, DJ_EINVAL, "leave_kind", "只有状态为出党时才填写「出党方式」");
    return 0;
}

static bool text_set(const char *s)
{
    return s && *s;
}

/* Percent of the 全国模板 columns (信息完整度 itself excluded) that are filled or do not apply. */
static int completeness(const struct dj_member_rec *m)
{
    bool joint = m->org_kind && !strcmp(m->org_kind, "joint_branch");
    bool probationary = m->category && !strcmp(m->category, "probationary");
    int filled = 0, applicable = 0;
    const bool cols[] = {
        text_set(m->name),
        text_set(m->id_number),
        text_set(m->gender),
        dj_date_isset(m->birth_date),
        text_set(m->nation),
        text_set(m->education),
        text_set(m->degree),
        dj_date_isset(m->joined_on),
        text_set(m->job),
        text_set(m->tech_title),
        text_set(m->new_class),
        text_set(m->person_category),
        true, /* 是否农民工: a yes/no with a default */
        text_set(m->phone),
        m->org_id > 0,
        text_set(m->hukou),
        text_set(m->residence),
    };

    for (size_t i = 0; i < DJ_ARRAY_LEN(cols); i++) {
        applicable++;
        filled += cols[i];
    }
    if (!probationary) { /* 转正日期 does not apply to a 预备党员 */
        applicable++;
        filled += dj_date_isset(m->confirmed_on);
    }
    if (joint) { /* 联合支部单位名称 only for members of a 联合党支部 */
        applicable++;
        filled += text_set(m->joint_unit_name);
    }
    return filled * 100 / applicable;
}

void dj_member_derive(struct dj_member_rec *m, struct dj_date on, struct dj_arena *arena)
{
    char pb[8];

    m->age = dj_member_age(m->birth_date, on);
    m->party_years = dj_member_party_years(m->category, m->confirmed_on, on);
    dj_member_political_birthday(m->joined_on, pb);
    m->political_birthday = pb[0] ? dj_arena_strdup(arena, pb) : NULL;
    m->info_completeness = completeness(m);
    mark(m, DJ_MF_AGE);
    mark(m, DJ_MF_PARTY_YEARS);
    mark(m, DJ_MF_POLITICAL_BIRTHDAY);
    mark(m, DJ_MF_INFO_COMPLETENESS);
    /* "none" ids read as 0 from NULL columns: show them as null */
    if (m->group_id <= 0)
        unmark(m, DJ_MF_GROUP_ID);
    if (m->user_id <= 0)
        unmark(m, DJ_MF_USER_ID);
}

/* Open, derive and tidy a record fresh from the store. */
static void finish(struct dj_member_rec *m, struct dj_arena *arena)
{
    dj_member_open(dj_svc()->key, m, arena);
    dj_member_derive(m, today(), arena);
}

/* ---- permissions -------------------------------------------------------- */

bool dj_member_may_unmask(const struct dj_actor *a, const struct dj_member_rec *m)
{
    struct dj_scope w;

    if (a->member_id > 0 && a->member_id == m->id)
        return true;
    dj_scope_for(a, DJ_PERM_WRITE, &w);
    return dj_scope_contains(&w, m->org_path);
}

/*
 * Load member `id` if the actor may read it (and write it, when `write`),
 * opened and derived. Out of scope and missing give the same DJ_EPERM.
 */
static int load(struct dj_db *db, const struct dj_actor *actor, int64_t id, bool write,
                struct dj_arena *arena, struct dj_member_rec *out, struct dj_err *err)
{
    struct dj_scope scope;
    int rc;

    dj_scope_for(actor, DJ_PERM_READ, &scope);
    rc = dj_store_member_get(db, &scope, actor->member_id, id, arena, out, err);
    if (rc == DJ_ENOTFOUND)
        return scope.all ? dj_err_set(err, DJ_ENOTFOUND, NULL, "党员记录不存在")
                         : dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
    if (rc)
        return rc;
    if (write && dj_authorize(actor, DJ_PERM_WRITE, out->org_path, NULL))
        return dj_err_set(err, DJ_EPERM, NULL, "无权修改该党员的数据");
    finish(out, arena);
    return 0;
}

/*
 * The branch a member may be put in: exists, 党支部 kind, active, in the
 * actor's write scope. Missing and out of scope look alike (except for a
 * sysadmin).
 */
static int check_branch(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                        struct dj_member_org *org, struct dj_err *err)
{
    int rc;

    if (org_id <= 0)
        return dj_err_set(err, DJ_EINVAL, "org_id", "「所在党支部」不能为空");
    rc = dj_store_member_org(db, org_id, org, err);
    if (rc == DJ_ENOTFOUND)
        return !actor || dj_actor_is_sysadmin(actor)
                   ? dj_err_set(err, DJ_EINVAL, "org_id", "「所在党支部」不存在")
                   : dj_err_set(err, DJ_EPERM, NULL, "无权访问该组织的数据");
    if (rc)
        return rc;
    if (actor && (rc = dj_authorize(actor, DJ_PERM_WRITE, org->path, err)))
        return rc;
    if (!is_branch_kind(org->kind))
        return dj_err_set(err, DJ_EINVAL, "org_id",
                          "「所在党支部」应为党支部（含联合党支部、临时党支部、网格党支部）");
    if (strcmp(org->status, "active"))
        return dj_err_set(err, DJ_EINVAL, "org_id", "「所在党支部」已撤销");
    return 0;
}

/* A 党小组 directly under the member's branch (or none). */
static int check_group(struct dj_db *db, int64_t group_id, int64_t org_id, struct dj_err *err)
{
    struct dj_member_org g;

    if (group_id <= 0)
        return 0;
    if (dj_store_member_org(db, group_id, &g, NULL) || !is_group_kind(g.kind) ||
        g.parent_id != org_id)
        return dj_err_set(err, DJ_EINVAL, "group_id", "「党小组」应为所在党支部下的党小组");
    if (strcmp(g.status, "active"))
        return dj_err_set(err, DJ_EINVAL, "group_id", "「党小组」已撤销");
    return 0;
}

/* ---- audit JSON --------------------------------------------------------- */

/* Keys that are not part of the stored record's history. */
static bool audit_skip(int i)
{
    return i >= DJ_MF_AGE || i == DJ_MF_ORG_KIND || i == DJ_MF_CREATED_AT ||
           i == DJ_MF_UPDATED_AT || i == DJ_MF_USER_ID;
}

/* Masked JSON of the stored fields (all, or those flagged in `only`). */
static json_t *audit_json(const struct dj_member_rec *m, const bool *only)
{
    json_t *full = dj_rec_to_json(&dj_member_desc, m, 0), *out = json_object();

    for (int i = 0; i < dj_member_desc.nfields; i++) {
        const char *key = dj_member_desc.fields[i].key;
        json_t *v = json_object_get(full, key);
        if (audit_skip(i) || (only && !only[i]))
            continue;
        json_object_set(out, key, v ? v : json_null());
    }
    json_decref(full);
    return out;
}

static void id_text(int64_t id, char *buf, size_t sz)
{
    snprintf(buf, sz, "%lld", (long long)id);
}

/* Append the audit row of a change, inside the caller's write transaction. */
static int audit(struct dj_db *db, const struct dj_actor *actor, const char *action, int64_t id,
                 const char *org_path, json_t *before, json_t *after, struct dj_err *err)
{
    char idbuf[24];

    id_text(id, idbuf, sizeof(idbuf));
    return dj_audit_write(db, actor, action, "member", idbuf, org_path, before, after, err);
}

/* End the transaction an operation ran in: commit on success, roll back otherwise. */
static int end_tx(struct dj_db *db, int rc, struct dj_err *err)
{
    if (!rc)
        rc = dj_db_commit(db, err);
    if (rc)
        dj_db_rollback(db);
    return rc;
}

/* Re-read a member inside the current transaction, any scope. */
static int reload(struct dj_db *db, int64_t id, struct dj_arena *arena, struct dj_member_rec *out,
                  struct dj_err *err)
{
    struct dj_scope all = {.all = true};
    int rc = dj_store_member_get(db, &all, 0, id, arena, out, err);

    if (!rc)
        finish(out, arena);
    return rc;
}

/* The one-active-record-per-ID rule, checked up front for a clear message. */
static int check_unique(struct dj_db *db, const char *blind, int64_t self, struct dj_err *err)
{
    int64_t other;
    int rc = dj_store_member_active_id(db, blind, self, &other, err);

    if (rc)
        return rc;
    if (other)
        return dj_err_set(err, DJ_ECONFLICT, "id_number", "该身份证号码已有在册党员记录");
    return 0;
}

/* ---- operations ----------------------------------------------------------
 *
 * Each write runs its checks, the change and its audit row in one
 * BEGIN IMMEDIATE transaction (the *_tx functions), so nothing it checked can
 * change under it, and a refusal at any step writes nothing.
 */

static int create_tx(struct dj_db *db, const struct dj_actor *actor, struct dj_member_rec *in,
                     struct dj_arena *arena, struct dj_member_rec *out, struct dj_err *err)
{
    struct dj_member_org org;
    struct dj_member_sealed sealed;
    char now[32];
    int64_t id;
    json_t *after;
    int rc;

    if ((rc = check_branch(db, actor, in->org_id, &org, err)) ||
        (rc = check_group(db, in->group_id, in->org_id, err)))
        return rc;
    in->status = NULL; /* a new record is on the roll; status changes have their own call */
    in->status_on = (struct dj_date){0, 0, 0};
    in->leave_kind = NULL;
    in->status_reason = NULL;
    if ((rc = dj_member_validate(in, today(), err)) ||
        (rc = dj_member_seal(dj_svc()->key, in, &sealed, arena, err)) ||
        (rc = check_unique(db, sealed.id_blind, 0, err)) ||
        (rc = dj_store_member_insert(db, in, &sealed, org.path, dj_now_iso(now, sizeof(now)), &id,
                                     err)) ||
        (rc = reload(db, id, arena, out, err)))
        return rc;
    after = audit_json(out, NULL);
    rc = audit(db, actor, "member.create", id, out->org_path, NULL, after, err);
    json_decref(after);
    return rc;
}

int dj_member_create(struct dj_db *db, const struct dj_actor *actor, struct dj_member_rec *in,
                     struct dj_arena *arena, struct dj_member_rec *out, struct dj_err *err)
{
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    return end_tx(db, create_tx(db, actor, in, arena, out, err), err);
}

/* The audit row of an unmasked read: which record, which fields were shown. */
static int audit_unmasked(struct dj_db *db, const struct dj_actor *actor,
                          const struct dj_member_rec *m, struct dj_err *err)
{
    json_t *what = json_object(), *fields = json_array();
    int rc;

    for (size_t i = 0; i < DJ_ARRAY_LEN(personal_fields); i++)
        if (*text_field((struct dj_member_rec *)m, personal_fields[i]))
            json_array_append_new(fields,
                                  json_string(dj_member_desc.fields[personal_fields[i]].key));
    json_object_set_new(what, "fields", fields);
    json_object_set_new(what, "name", json_string(m->name));
    rc = audit(db, actor, "member.read_unmasked", m->id, m->org_path, NULL, what, err);
    json_decref(what);
    return rc;
}

int dj_member_get(struct dj_db *db, const struct dj_actor *actor, int64_t id, bool unmasked,
                  struct dj_arena *arena, struct dj_member_rec *out, struct dj_err *err)
{
    int rc;

    if (!unmasked)
        return load(db, actor, id, false, arena, out, err);
    /* the disclosure is recorded before anything is shown */
    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    rc = load(db, actor, id, false, arena, out, err);
    if (!rc && !dj_member_may_unmask(actor, out))
        rc = dj_err_set(err, DJ_EPERM, NULL,
                        "无权查看该党员的完整个人信息（身份证号码、电话、地址）");
    if (!rc)
        rc = audit_unmasked(db, actor, out, err);
    rc = end_tx(db, rc, err);
    if (rc)
        memset(out, 0, sizeof(*out));
    return rc;
}

int dj_member_self(struct dj_db *db, const struct dj_actor *actor, bool unmasked,
                   struct dj_arena *arena, struct dj_member_rec *out, struct dj_err *err)
{
    if (actor->member_id <= 0)
        return dj_err_set(err, DJ_ENOTFOUND, NULL, "当前账号未关联党员信息");
    return dj_member_get(db, actor, actor->member_id, unmasked, arena, out, err);
}

static size_t field_size(const struct dj_field *f)
{
    switch (f->type) {
    case DJ_FT_INT:
    case DJ_FT_MONEY:
        return sizeof(int64_t);
    case DJ_FT_BOOL:
        return sizeof(bool);
    case DJ_FT_DATE:
        return sizeof(struct dj_date);
    case DJ_FT_TEXT:
    case DJ_FT_DICT:
    case DJ_FT_IDCARD:
    case DJ_FT_PHONE:
        return sizeof(char *);
    }
    return 0;
}

/* Which editable fields differ between two opened records (compared as JSON). */
static bool diff(const struct dj_member_rec *a, const struct dj_member_rec *b, bool *changed)
{
    json_t *x = dj_rec_to_json(&dj_member_desc, a, DJ_OUT_UNMASKED);
    json_t *y = dj_rec_to_json(&dj_member_desc, b, DJ_OUT_UNMASKED);
    bool any = false;

    for (int i = 0; i < DJ_MF_ORG_NAME; i++) {
        const char *key = dj_member_desc.fields[i].key;
        changed[i] = !json_equal(json_object_get(x, key), json_object_get(y, key));
        any = any || changed[i];
    }
    json_decref(x);
    json_decref(y);
    return any;
}

static int update_tx(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                     const struct dj_member_rec *patch, struct dj_arena *arena,
                     struct dj_member_rec *out, struct dj_err *err)
{
    struct dj_member_rec cur, next;
    struct dj_member_sealed sealed;
    bool changed[DJ_MF_COUNT] = {false};
    json_t *a, *b;
    char now[32];
    int rc;

    if ((rc = load(db, actor, id, true, arena, &cur, err)))
        return rc;
    if (dj_rec_isset(&dj_member_desc, patch, DJ_MF_ORG_ID) && patch->org_id != cur.org_id)
        return dj_err_set(err, DJ_EINVAL, "org_id", "调整「所在党支部」请使用转移功能");
    next = cur;
    for (int i = 0; i < DJ_MF_ORG_NAME; i++) {
        const struct dj_field *f = &dj_member_desc.fields[i];
        if (i == DJ_MF_ORG_ID || (f->flags & DJ_FF_READONLY) ||
            !dj_rec_isset(&dj_member_desc, patch, i))
            continue;
        memcpy((char *)&next + f->offset, (const char *)patch + f->offset, field_size(f));
    }
    /* a new ID number brings its own gender and birth date unless they are given too */
    if (dj_rec_isset(&dj_member_desc, patch, DJ_MF_ID_NUMBER)) {
        if (!dj_rec_isset(&dj_member_desc, patch, DJ_MF_GENDER))
            next.gender = NULL;
        if (!dj_rec_isset(&dj_member_desc, patch, DJ_MF_BIRTH_DATE))
            next.birth_date = (struct dj_date){0, 0, 0};
    }
    if (dj_rec_isset(&dj_member_desc, patch, DJ_MF_GROUP_ID) &&
        (rc = check_group(db, next.group_id, next.org_id, err)))
        return rc;
    if ((rc = dj_member_validate(&next, today(), err)) ||
        (rc = dj_member_seal(dj_svc()->key, &next, &sealed, arena, err)))
        return rc;
    if (!diff(&cur, &next, changed)) {
        *out = cur; /* nothing to change: no write, no audit row */
        return 0;
    }
    if ((rc = check_unique(db, sealed.id_blind, id, err)) ||
        (rc = dj_store_member_update(db, &next, &sealed, dj_now_iso(now, sizeof(now)), err)) ||
        (rc = reload(db, id, arena, out, err)))
        return rc;
    a = audit_json(&cur, changed);
    b = audit_json(out, changed);
    rc = audit(db, actor, "member.update", id, out->org_path, a, b, err);
    json_decref(a);
    json_decref(b);
    return rc;
}

int dj_member_update(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                     const struct dj_member_rec *patch, struct dj_arena *arena,
                     struct dj_member_rec *out, struct dj_err *err)
{
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    return end_tx(db, update_tx(db, actor, id, patch, arena, out, err), err);
}

/* The checks of a status change against the current record. */
static int check_status(const struct dj_member_rec *cur, const struct dj_member_status_change *c,
                        struct dj_err *err)
{
    char x[11], y[11];
    bool need_reason;
    int rc;

    if ((rc = dj_member_rule_transition(cur->status, c->status, c->leave_kind, err)))
        return rc;
    if (!dj_date_valid(c->on))
        return dj_err_set(err, DJ_EINVAL, "date", "「状态日期」不能为空");
    if ((rc = dj_member_rule_not_future("date", "状态日期", c->on, today(), err)))
        return rc;
    if (dj_date_cmp(c->on, cur->joined_on) < 0)
        return dj_err_set(err, DJ_EINVAL, "date", "「状态日期」%s 早于入党日期 %s",
                          dj_date_format(c->on, x), dj_date_format(cur->joined_on, y));
    if (dj_date_isset(cur->status_on) && dj_date_cmp(c->on, cur->status_on) < 0)
        return dj_err_set(err, DJ_EINVAL, "date", "「状态日期」%s 早于当前状态的日期 %s",
                          dj_date_format(c->on, x), dj_date_format(cur->status_on, y));
    need_reason = !strcmp(c->status, "lost_contact") || !strcmp(c->status, "suspended") ||
                  !strcmp(c->status, "left");
    if (need_reason && (!c->reason || !*c->reason))
        return dj_err_set(err, DJ_EINVAL, "reason", "失联、停止党籍和出党须填写「状态说明」");
    if (c->reason && (!dj_utf8_valid(c->reason) || dj_utf8_len(c->reason) > 200))
        return dj_err_set(err, DJ_EINVAL, "reason", "「状态说明」不能超过 200 个字符");
    return 0;
}

static int status_tx(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                     const struct dj_member_status_change *c, struct dj_arena *arena,
                     struct dj_member_rec *out, struct dj_err *err)
{
    bool only[DJ_MF_COUNT] = {false};
    struct dj_member_rec cur;
    json_t *a, *b;
    char now[32];
    int rc;

    if ((rc = load(db, actor, id, true, arena, &cur, err)) || (rc = check_status(&cur, c, err)) ||
        (rc = dj_store_member_set_status(db, id, c->status, c->on, c->leave_kind, c->reason,
                                         dj_now_iso(now, sizeof(now)), err)) ||
        (rc = reload(db, id, arena, out, err)))
        return rc;
    only[DJ_MF_STATUS] = only[DJ_MF_STATUS_ON] = only[DJ_MF_LEAVE_KIND] = true;
    only[DJ_MF_STATUS_REASON] = true;
    a = audit_json(&cur, only);
    b = audit_json(out, only);
    rc = audit(db, actor, "member.status", id, out->org_path, a, b, err);
    json_decref(a);
    json_decref(b);
    return rc;
}

int dj_member_set_status(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                         const struct dj_member_status_change *c, struct dj_arena *arena,
                         struct dj_member_rec *out, struct dj_err *err)
{
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    return end_tx(db, status_tx(db, actor, id, c, arena, out, err), err);
}

/* The longest common prefix of two materialised paths that ends in '/'. */
static void common_path(const char *p, const char *q, char *out, size_t sz)
{
    size_t i = 0, last = 0;

    while (p[i] && p[i] == q[i]) {
        if (p[i] == '/')
            last = i + 1;
        i++;
    }
    if (last >= sz)
        last = sz - 1;
    memcpy(out, p, last);
    out[last] = '\0';
}

static int move_tx(struct dj_db *db, const struct dj_actor *actor, int64_t id, int64_t org_id,
                   bool authorized, struct dj_arena *arena, struct dj_member_rec *out,
                   struct dj_err *err)
{
    bool only[DJ_MF_COUNT] = {false};
    struct dj_member_rec cur;
    struct dj_member_org org;
    char now[32], where[DJ_PATH_MAX];
    json_t *a, *b;
    int rc;

    if (authorized) {
        /* the calling service has decided who may do this (组织关系接转 on receipt) */
        if ((rc = reload(db, id, arena, &cur, err)) ||
            (rc = check_branch(db, NULL, org_id, &org, err)))
            return rc;
    } else if ((rc = load(db, actor, id, true, arena, &cur, err)) ||
               (rc = check_branch(db, actor, org_id, &org, err))) {
        return rc;
    }
    if (dj_member_status_final(cur.status))
        return dj_err_set(err, DJ_ECONFLICT, "status", "已出党或死亡的党员不能转移");
    if (org_id == cur.org_id)
        return dj_err_set(err, DJ_EINVAL, "org_id", "该党员已在这个党支部");
    if ((rc = dj_store_member_move(db, id, org_id, org.path, dj_now_iso(now, sizeof(now)), err)) ||
        (rc = reload(db, id, arena, out, err)))
        return rc;
    only[DJ_MF_ORG_ID] = only[DJ_MF_GROUP_ID] = only[DJ_MF_ORG_NAME] = true;
    only[DJ_MF_ORG_PATH] = true;
    a = audit_json(&cur, only);
    b = audit_json(out, only);
    /* the row belongs to the smallest subtree holding both branches */
    common_path(cur.org_path, out->org_path, where, sizeof(where));
    rc = audit(db, actor, "member.move", id, where, a, b, err);
    json_decref(a);
    json_decref(b);
    return rc;
}

int dj_member_move(struct dj_db *db, const struct dj_actor *actor, int64_t id, int64_t org_id,
                   struct dj_arena *arena, struct dj_member_rec *out, struct dj_err *err)
{
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    return end_tx(db, move_tx(db, actor, id, org_id, false, arena, out, err), err);
}

int dj_member_move_in_tx(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                         int64_t org_id, bool authorized, struct dj_arena *arena,
                         struct dj_member_rec *out, struct dj_err *err)
{
    memset(out, 0, sizeof(*out));
    return move_tx(db, actor, id, org_id, authorized, arena, out, err);
}

static bool in_dict(const char *dict, const char *code)
{
    return dj_dict_label(dj_dict_find(dict), code) != NULL;
}

static int check_param(const char *key, const char *label, const char *dict, const char *v,
                       struct dj_err *err)
{
    if (v && !in_dict(dict, v))
        return dj_err_set(err, DJ_EINVAL, key, "「%s」的取值不在字典中", label);
    return 0;
}

/* An FTS5 phrase for a name: the text in double quotes, inner quotes doubled. */
static char *fts_phrase(struct dj_arena *arena, const char *q)
{
    size_t n = strlen(q), k = 0;
    char *s = dj_arena_alloc(arena, 2 * n + 3);

    s[k++] = '"';
    for (size_t i = 0; i < n; i++) {
        if (q[i] == '"')
            s[k++] = '"';
        s[k++] = q[i];
    }
    s[k++] = '"';
    s[k] = '\0';
    return s;
}

int dj_member_list(struct dj_db *db, const struct dj_actor *actor, const struct dj_member_query *q,
                   struct dj_arena *arena, struct dj_member_rec **rows, int *n, int64_t *total,
                   struct dj_err *err)
{
    static const char *const sorts[] = {"id", "name", "joined_on", "birth_date"};
    struct dj_member_filter f;
    struct dj_scope scope;
    struct dj_date on = today();
    char path[DJ_PATH_MAX];
    int rc;

    *rows = NULL;
    *n = 0;
    *total = 0;
    memset(&f, 0, sizeof(f));
    dj_scope_for(actor, DJ_PERM_READ, &scope);
    if (!scope.all && scope.n == 0)
        return dj_err_set(err, DJ_EPERM, NULL, "无权查看党员名册");
    if (q->org_id) {
        struct dj_member_org org;
        rc = dj_store_member_org(db, q->org_id, &org, err);
        if (rc == DJ_ENOTFOUND)
            return scope.all ? dj_err_set(err, DJ_EINVAL, "org_id", "组织不存在")
                             : dj_err_set(err, DJ_EPERM, NULL, "无权访问该组织的数据");
        if (rc)
            return rc;
        if (!dj_scope_contains(&scope, org.path))
            return dj_err_set(err, DJ_EPERM, NULL, "无权访问该组织的数据");
        dj_strlcpy(path, org.path, sizeof(path));
        f.subtree = path;
    }
    if ((rc = check_param("category", "党员类别", "member_category", q->category, err)) ||
        (rc = check_param("gender", "性别", "gender", q->gender, err)) ||
        (rc = check_param("education", "学历", "education", q->education, err)) ||
        (rc = check_param("domain", "所属领域", "domain", q->domain, err)))
        return rc;
    f.category = q->category;
    f.gender = q->gender;
    f.education = q->education;
    f.domain = q->domain;
    if (!q->status) {
        f.active_only = true;
    } else if (strcmp(q->status, "all")) {
        if ((rc = check_param("status", "状态", "member_status", q->status, err)))
            return rc;
        f.status = q->status;
    }
    if (q->q && *q->q) {
        size_t chars = dj_utf8_len(q->q);
        if (chars > 30)
            return dj_err_set(err, DJ_EINVAL, "q", "「姓名」检索词不能超过 30 个字符");
        if (chars >= 3)
            f.name_fts = fts_phrase(arena, q->q);
        else
            f.name_prefix = q->q;
    }
    if (q->age_min > 150 || q->age_max > 150 ||
        (q->age_min >= 0 && q->age_max >= 0 && q->age_min > q->age_max))
        return dj_err_set(err, DJ_EINVAL, q->age_max > 150 ? "age_max" : "age_min",
                          "年龄范围应在 0 到 150 之间，且下限不大于上限");
    if (q->age_min >= 0)
        f.birth_to = dj_member_birth_bound(on, q->age_min);
    if (q->age_max >= 0)
        f.birth_from = dj_date_add_days(dj_member_birth_bound(on, q->age_max + 1), 1);
    if (q->joined_year && (q->joined_year < 1921 || q->joined_year > 9998))
        return dj_err_set(err, DJ_EINVAL, "joined_year", "「入党年份」应为 1921 年以后的年份");
    f.joined_year = q->joined_year;
    f.sort = DJ_MSORT_ID;
    if (q->sort && *q->sort) {
        size_t i;
        for (i = 0; i < DJ_ARRAY_LEN(sorts) && strcmp(sorts[i], q->sort); i++)
            ;
        if (i == DJ_ARRAY_LEN(sorts))
            return dj_err_set(err, DJ_EINVAL, "sort",
                              "排序字段应为 id、name、joined_on 或 birth_date");
        f.sort = (enum dj_member_sort)i;
    }
    f.desc = q->desc;
    f.limit = q->limit < 1 ? 50 : q->limit > 200 ? 200 : q->limit;
    f.offset = q->offset < 0 ? 0 : q->offset;
    /* one read snapshot for the count and the page */
    if ((rc = dj_db_begin(db, false, err)))
        return rc;
    rc = dj_store_member_list(db, &scope, &f, arena, rows, n, total, err);
    dj_db_rollback(db);
    if (rc)
        return rc;
    for (int i = 0; i < *n; i++)
        finish(&(*rows)[i], arena);
    return 0;
}

int dj_member_lookup(struct dj_db *db, const struct dj_actor *actor, const char *id_number,
                     struct dj_arena *arena, struct dj_member_rec **rows, int *n,
                     struct dj_err *err)
{
    struct dj_date none = {0, 0, 0};
    struct dj_scope scope;
    struct dj_idcard id;
    char blind[DJ_CRYPT_BLIND_HEX];
    int rc;

    *rows = NULL;
    *n = 0;
    if (!id_number || !*id_number)
        return dj_err_set(err, DJ_EINVAL, "id_number", "「身份证号码」不能为空");
    if ((rc = dj_idcard_parse(id_number, &id, none, "id_number", err)))
        return rc;
    dj_crypt_blind(dj_svc()->key, DJ_MEMBER_ID_DOMAIN, id.number, blind);
    dj_scope_for(actor, DJ_PERM_READ, &scope);
    rc = dj_store_member_by_blind(db, &scope, actor->member_id, blind, arena, rows, n, err);
    if (rc)
        return rc;
    for (int i = 0; i < *n; i++)
        finish(&(*rows)[i], arena);
    return 0;
}

int dj_member_history(struct dj_db *db, const struct dj_actor *actor, int64_t id, int64_t after_id,
                      int limit, struct dj_arena *arena, struct dj_audit_row **rows, int *n,
                      struct dj_err *err)
{
    struct dj_member_rec m;
    char idbuf[24];
    int rc;

    *rows = NULL;
    *n = 0;
    if ((rc = load(db, actor, id, false, arena, &m, err)))
        return rc;
    id_text(id, idbuf, sizeof(idbuf));
    return dj_store_audit_for_record(db, "member", idbuf, after_id, limit, arena, rows, n, err);
}

static int link_tx(struct dj_db *db, const struct dj_actor *actor, int64_t id, int64_t user_id,
                   struct dj_arena *arena, struct dj_err *err)
{
    struct dj_member_rec m;
    struct dj_user_row u = {0};
    struct dj_scope users;
    json_t *before, *after;
    bool in = true;
    int rc;

    if ((rc = load(db, actor, id, false, arena, &m, err)))
        return rc;
    if (dj_authorize(actor, DJ_PERM_USERS, m.org_path, NULL))
        return dj_err_set(err, DJ_EPERM, NULL, "无权为该党员关联账号");
    if (user_id > 0) {
        rc = dj_store_user_by_id(db, user_id, &u, err);
        dj_scope_for(actor, DJ_PERM_USERS, &users);
        if (!rc && !users.all)
            rc = dj_store_user_in_scope(db, &users, user_id, &in, err);
        if (rc == DJ_ENOTFOUND || (!rc && !in))
            return dj_err_set(err, DJ_EINVAL, "user_id", "账号不存在");
        if (rc)
            return rc;
    }
    if ((rc = dj_store_member_link_user(db, id, user_id, err)))
        return rc;
    before = m.user_id > 0 ? json_pack("{s:I}", "user_id", (json_int_t)m.user_id)
                           : json_pack("{s:n}", "user_id");
    after = user_id > 0
                ? json_pack("{s:I,s:s}", "user_id", (json_int_t)user_id, "username", u.username)
                : json_pack("{s:n}", "user_id");
    rc = audit(db, actor, "member.link_user", id, m.org_path, before, after, err);
    json_decref(before);
    json_decref(after);
    return rc;
}

int dj_member_link_user(struct dj_db *db, const struct dj_actor *actor, int64_t id, int64_t user_id,
                        struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    int rc = dj_db_begin(db, true, err);

    if (!rc)
        rc = end_tx(db, link_tx(db, actor, id, user_id, arena, err), err);
    dj_arena_free(arena);
    return rc;
}

/* ---- for other services' transactions ----------------------------------- */

int dj_member_create_in_tx(struct dj_db *db, const struct dj_actor *actor,
                           struct dj_member_rec *in, struct dj_arena *arena,
                           struct dj_member_rec *out, struct dj_err *err)
{
    memset(out, 0, sizeof(*out));
    return create_tx(db, actor, in, arena, out, err);
}

int dj_member_update_in_tx(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                           const struct dj_member_rec *patch, struct dj_arena *arena,
                           struct dj_member_rec *out, struct dj_err *err)
{
    memset(out, 0, sizeof(*out));
    return update_tx(db, actor, id, patch, arena, out, err);
}

int dj_member_set_status_in_tx(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                               const struct dj_member_status_change *c, struct dj_arena *arena,
                               struct dj_member_rec *out, struct dj_err *err)
{
    memset(out, 0, sizeof(*out));
    return status_tx(db, actor, id, c, arena, out, err);
}
