/*
 * org.c - the organisation tree service (see org.h): permissions, the shape
 * of the tree, validation of the 党组织名单 record, sealing of the contact
 * phone, posts and the 书记 党龄 rule; one transaction and one audit row per
 * write.
 */
#include "base/compat.h"
#include "base/log.h"
#include "model/dict.h"
#include "rules/rulecalc.h"
#include "rules/ruletab.h"
#include "svc/audit.h"
#include "svc/crypt.h"
#include "svc/org.h"
#include "svc/svc.h"

#define PHONE_AAD "org.contact_phone"
#define SECRETARY_RULE "post.secretary.min_party_years"
#define REASON_MAX_CHARS 500

static const char NO_ACCESS[] = "无权访问该组织的数据";

/* ---- kinds and the shape of the tree ------------------------------------------ */

enum tier {
    TIER_NONE,      /* unknown kind */
    TIER_COMMITTEE, /* 党委, 党工委, 社区党委 */
    TIER_GENERAL,   /* 党总支 */
    TIER_BRANCH,    /* 党支部, 联合党支部, 临时党支部, 网格党支部 */
    TIER_GROUP,     /* 党小组, 楼栋党小组 */
};

static enum tier kind_tier(const char *kind)
{
    static const struct {
        const char *kind;
        enum tier tier;
    } tiers[] = {
        {"committee", TIER_COMMITTEE},
        {"work_committee", TIER_COMMITTEE},
        {"community_committee", TIER_COMMITTEE},
        {"general_branch", TIER_GENERAL},
        {"branch", TIER_BRANCH},
        {"joint_branch", TIER_BRANCH},
        {"temp_branch", TIER_BRANCH},
        {"grid_branch", TIER_BRANCH},
        {"group", TIER_GROUP},
        {"building_group", TIER_GROUP},
    };

    for (size_t i = 0; kind && i < DJ_ARRAY_LEN(tiers); i++)
        if (!strcmp(kind, tiers[i].kind))
            return tiers[i].tier;
    return TIER_NONE;
}

bool dj_org_kind_is_branch(const char *kind)
{
    return kind_tier(kind) == TIER_BRANCH;
}

bool dj_org_kind_is_group(const char *kind)
{
    return kind_tier(kind) == TIER_GROUP;
}

static const char *kind_label(const char *kind)
{
    const char *l = dj_dict_label(dj_dict_find("org_kind"), kind);
    return l ? l : (kind ? kind : "");
}

/* Where an organisation of tier t may sit, for messages. */
static const char *allowed_parents(enum tier t)
{
    switch (t) {
    case TIER_COMMITTEE:
        return "党委、党工委、社区党委只能设在党委、党工委或社区党委之下";
    case TIER_GENERAL:
        return "党总支只能设在党委、党工委或社区党委之下";
    case TIER_BRANCH:
        return "党支部（含联合、临时、网格党支部）只能设在党委、党工委、社区党委或党总支之下";
    case TIER_GROUP:
        return "党小组（含楼栋党小组）只能设在党支部（含联合、临时、网格党支部）之下，"
               "且不能有下级组织";
    case TIER_NONE:
        break;
    }
    return "组织类别不在字典中";
}

static bool shape_ok(const char *parent_kind, const char *kind)
{
    enum tier p = parent_kind ? kind_tier(parent_kind) : TIER_NONE;

    switch (kind_tier(kind)) {
    case TIER_COMMITTEE:
    case TIER_GENERAL:
        return !parent_kind || p == TIER_COMMITTEE;
    case TIER_BRANCH:
        return !parent_kind || p == TIER_COMMITTEE || p == TIER_GENERAL;
    case TIER_GROUP:
        return parent_kind && p == TIER_BRANCH;
    case TIER_NONE:
        break;
    }
    return false;
}

/* May an organisation of `kind` sit under one of parent_kind (NULL: at the root)? */
static int check_shape(const char *parent_kind, const char *kind, const char *field,
                       struct dj_err *err)
{
    if (shape_ok(parent_kind, kind))
        return 0;
    if (!parent_kind)
        return dj_err_set(err, DJ_EINVAL, field, "「%s」不能作为顶级组织：%s", kind_label(kind),
                          allowed_parents(kind_tier(kind)));
    return dj_err_set(err, DJ_EINVAL, field, "「%s」不能设在「%s」之下：%s", kind_label(kind),
                      kind_label(parent_kind), allowed_parents(kind_tier(kind)));
}

/* ---- small helpers ------------------------------------------------------------------ */

static struct dj_date today(void)
{
    const struct dj_config *cfg = dj_svc()->cfg;
    return dj_date_today(cfg ? cfg->utc_offset_minutes : 480);
}

static bool isset(const struct dj_org_rec *r, enum dj_org_field f)
{
    return dj_rec_isset(&dj_org_desc, r, (int)f);
}

static void mark(struct dj_org_rec *r, enum dj_org_field f)
{
    dj_rec_mark(&dj_org_desc, r, (int)f);
}

static const char *label_of(const struct dj_record_desc *d, int i)
{
    return d->fields[i].label;
}

static bool str_eq(const char *a, const char *b)
{
    return (!a || !*a) ? (!b || !*b) : (b && !strcmp(a, b));
}

static void id_text(int64_t id, char *buf, size_t sz)
{
    snprintf(buf, sz, "%lld", (long long)id);
}

/* Path of the parent of the organisation at `path`: "/1/2/4/" -> "/1/2/"; "" for a root. */
static void parent_path_of(const char *path, char *out, size_t sz)
{
    size_t n = strlen(path);

    out[0] = '\0';
    if (n < 2)
        return;
    n--; /* the trailing '/' */
    while (n > 0 && path[n - 1] != '/')
        n--;
    if (n <= 1 || n >= sz)
        return;
    memcpy(out, path, n);
    out[n] = '\0';
}

/*
 * Text for a user-supplied field: valid UTF-8, no control characters (but
 * '\n' and '\t' when multiline), at most max characters.
 */
static int check_text(const char *field, const char *label, const char *s, int max, bool multiline,
                      struct dj_err *err)
{
    size_t chars = 0;

    if (!dj_utf8_valid(s))
        return dj_err_set(err, DJ_EINVAL, field, "「%s」含有无效的 UTF-8 编码", label);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (multiline && (*p == '\n' || *p == '\t'))
            continue;
        if (*p < 0x20 || *p == 0x7F)
            return dj_err_set(err, DJ_EINVAL, field, "「%s」不能包含控制字符", label);
    }
    chars = dj_utf8_len(s);
    if (chars > (size_t)max)
        return dj_err_set(err, DJ_EINVAL, field, "「%s」不能超过 %d 个字符", label, max);
    return 0;
}

static bool all_digits(const char *s, size_t n)
{
    if (strlen(s) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* Optional '+', then 5..20 digits (the form dj_rec_from_json normalises phones to). */
static bool phone_ok(const char *s)
{
    size_t digits = 0;

    if (*s == '+')
        s++;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        digits++;
    }
    return digits >= 5 && digits <= 20;
}

/*
 * Check a whole record as it would be stored: every writable text field
 * against its descriptor cap, dictionaries, the fixed-width codes, dates,
 * required fields and 审批权限.
 */
static int validate_rec(const struct dj_org_rec *r, struct dj_err *err)
{
    const struct dj_record_desc *d = &dj_org_desc;
    char buf[11];
    int rc;

    for (int i = 0; i < d->nfields; i++) {
        const struct dj_field *f = &d->fields[i];
        const char *s;

        if ((f->flags & DJ_FF_READONLY) || !dj_rec_isset(d, r, i))
            continue;
        if (f->type != DJ_FT_TEXT && f->type != DJ_FT_DICT && f->type != DJ_FT_PHONE)
            continue;
        s = *(char *const *)((const char *)r + f->offset);
        if (!s)
            continue;
        if (f->type == DJ_FT_TEXT) {
            int max = f->max_len ? f->max_len
                                 : ((f->flags & DJ_FF_MULTILINE) ? DJ_MULTILINE_MAX_DEFAULT
                                                                 : DJ_TEXT_MAX_DEFAULT);
            rc = check_text(f->key, f->label, s, max, f->flags & DJ_FF_MULTILINE, err);
            if (rc)
                return rc;
        } else if (f->type == DJ_FT_DICT) {
            if (!dj_dict_label(dj_dict_find(f->dict), s))
                return dj_err_set(err, DJ_EINVAL, f->key, "「%s」的取值不在字典中", f->label);
        } else if (!phone_ok(s)) {
            return dj_err_set(err, DJ_EINVAL, f->key, "「%s」格式不正确，应为 5 到 20 位数字",
                              f->label);
        }
    }
    if (!r->name || !*r->name)
        return dj_err_set(err, DJ_EINVAL, "name", "「%s」不能为空", label_of(d, DJ_ORG_F_NAME));
    if (!r->kind || !*r->kind)
        return dj_err_set(err, DJ_EINVAL, "kind", "「%s」不能为空", label_of(d, DJ_ORG_F_KIND));
    if (r->code && *r->code && !all_digits(r->code, 12))
        return dj_err_set(err, DJ_EINVAL, "code", "「%s」应为 12 位数字",
                          label_of(d, DJ_ORG_F_CODE));
    if (r->region_code && *r->region_code && !all_digits(r->region_code, 6))
        return dj_err_set(err, DJ_EINVAL, "region_code", "「%s」应为 6 位数字的行政区划代码",
                          label_of(d, DJ_ORG_F_REGION_CODE));
    if (dj_date_isset(r->founded_on)) {
        if (!dj_date_valid(r->founded_on))
            return dj_err_set(err, DJ_EINVAL, "founded_on", "「%s」不是有效日期",
                              label_of(d, DJ_ORG_F_FOUNDED_ON));
        if (dj_date_cmp(r->founded_on, today()) > 0)
            return dj_err_set(err, DJ_EINVAL, "founded_on", "「%s」不能晚于今天（%s）",
                              label_of(d, DJ_ORG_F_FOUNDED_ON), dj_date_format(today(), buf));
    }
    if (r->can_approve && kind_tier(r->kind) != TIER_COMMITTEE)
        return dj_err_set(err, DJ_EINVAL, "can_approve",
                          "只有党委、党工委、社区党委可以拥有「%s」，「%s」不能拥有",
                          label_of(d, DJ_ORG_F_CAN_APPROVE), kind_label(r->kind));
    return 0;
}

/* ---- the contact phone ------------------------------------------------------------- */

/* Replace a sealed contact phone in `r` by its plaintext (in the arena); NULL if it cannot open. */
static void open_phone(struct dj_org_rec *r, struct dj_arena *arena)
{
    char *plain = NULL;

    if (!r->contact_phone)
        return;
    if (!dj_svc()->key_loaded ||
        dj_crypt_open(dj_svc()->key, r->contact_phone, PHONE_AAD, &plain)) {
        dj_log(DJ_LOG_WARN, "contact phone does not open", "org=%lld", (long long)r->id);
        r->contact_phone = NULL;
        return;
    }
    r->contact_phone = dj_arena_strdup(arena, plain);
    dj_crypt_plain_free(plain);
}

/* *sealed = *plain with the contact phone sealed (in the arena). */
static int seal_phone(const struct dj_org_rec *plain, struct dj_org_rec *sealed,
                      struct dj_arena *arena, struct dj_err *err)
{
    char *out = NULL;
    int rc;

    *sealed = *plain;
    if (!plain->contact_phone)
        return 0;
    if (!dj_svc()->key_loaded)
        return dj_err_set(err, DJ_EINTERNAL, NULL, "内部错误：密钥未加载");
    rc = dj_crypt_seal(dj_svc()->key, plain->contact_phone, PHONE_AAD, &out);
    if (rc)
        return dj_err_set(err, rc, "contact_phone", "「联系电话」无法加密保存");
    sealed->contact_phone = dj_arena_strdup(arena, out);
    free(out);
    return 0;
}

/* The record as the audit log keeps it: every field, the phone masked. */
static json_t *audit_json(const struct dj_org_rec *plain)
{
    return dj_rec_to_json(&dj_org_desc, plain, 0);
}

/* ---- loading with permission checks ------------------------------------------------ */

/*
 * Load organisation `id` (contact phone still sealed) for an operation that
 * needs `perm` on it. Missing and out-of-scope look alike for users without
 * a system-wide role.
 */
static int load_for(struct dj_db *db, const struct dj_actor *actor, enum dj_perm perm, int64_t id,
                    struct dj_arena *arena, struct dj_org_rec *raw, struct dj_err *err)
{
    struct dj_scope all = {.all = true};
    int rc = dj_store_org_read(db, &all, id, arena, raw, err);

    if (rc == DJ_ENOTFOUND && !dj_actor_is_sysadmin(actor))
        return dj_err_set(err, DJ_EPERM, NULL, NO_ACCESS);
    if (rc)
        return rc;
    rc = dj_authorize(actor, perm, raw->path, err);
    if (rc)
        memset(raw, 0, sizeof(*raw));
    return rc;
}

/* DJ_PERM_WRITE on the parent of the organisation at `path` (a root: sysadmin). */
static bool may_write_parent(const struct dj_actor *actor, const char *path)
{
    char pp[DJ_PATH_MAX];

    parent_path_of(path, pp, sizeof(pp));
    if (!pp[0])
        return dj_actor_is_sysadmin(actor);
    return dj_authorize(actor, DJ_PERM_WRITE, pp, NULL) == 0;
}

/* Load a prospective parent for create or move: same answer for missing and out of scope. */
static int load_parent(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                       struct dj_arena *arena, struct dj_org_rec *parent, struct dj_err *err)
{
    struct dj_scope all = {.all = true};
    int rc = dj_store_org_read(db, &all, id, arena, parent, err);

    if (rc == DJ_ENOTFOUND)
        return dj_actor_is_sysadmin(actor)
                   ? dj_err_set(err, DJ_EINVAL, "parent_id", "上级组织不存在")
                   : dj_err_set(err, DJ_EPERM, NULL, NO_ACCESS);
    if (rc)
        return rc;
    return dj_authorize(actor, DJ_PERM_WRITE, parent->path, err);
}

static bool is_active(const struct dj_org_rec *r)
{
    return r->status && !strcmp(r->status, "active");
}

/* End a write: commit, or roll back on any error. Returns rc or the commit's code. */
static int finish(struct dj_db *db, int rc, struct dj_err *err)
{
    if (!rc)
        rc = dj_db_commit(db, err);
    if (rc)
        dj_db_rollback(db);
    return rc;
}

static void rec_to_row(const struct dj_org_rec *r, struct dj_org_row *row)
{
    memset(row, 0, sizeof(*row));
    row->id = r->id;
    row->parent_id = r->parent_id;
    dj_strlcpy(row->path, r->path ? r->path : "", sizeof(row->path));
    dj_strlcpy(row->code, r->code ? r->code : "", sizeof(row->code));
    dj_strlcpy(row->name, r->name ? r->name : "", sizeof(row->name));
    dj_strlcpy(row->kind, r->kind ? r->kind : "", sizeof(row->kind));
    dj_strlcpy(row->domain, r->domain ? r->domain : "", sizeof(row->domain));
    dj_strlcpy(row->status, r->status ? r->status : "", sizeof(row->status));
}

/* ---- create -------------------------------------------------------------------------- */

int dj_org_create_rec(struct dj_db *db, const struct dj_actor *actor, const struct dj_org_rec *in,
                      struct dj_arena *arena, struct dj_org_rec *out, struct dj_err *err)
{
    struct dj_org_rec rec = *in, parent, sealed;
    int64_t parent_id = isset(in, DJ_ORG_F_PARENT_ID) ? in->parent_id : 0;
    char now[32], idbuf[24];
    json_t *after;
    int rc;

    memset(out, 0, sizeof(*out));
    /* server-kept fields never come from the caller */
    for (int i = 0; i < dj_org_desc.nfields; i++)
        if (dj_org_desc.fields[i].flags & DJ_FF_READONLY)
            rec.set &= ~((uint64_t)1 << i);
    if (parent_id < 0)
        return dj_err_set(err, DJ_EINVAL, "parent_id", "「上级组织」应为正整数");
    if (!parent_id) {
        rec.set &= ~((uint64_t)1 << DJ_ORG_F_PARENT_ID);
        rec.parent_id = 0;
    }

    rc = dj_db_begin(db, true, err);
    if (rc)
        return rc;
    if (parent_id)
        rc = load_parent(db, actor, parent_id, arena, &parent, err);
    else if (!dj_actor_is_sysadmin(actor))
        rc = dj_err_set(err, DJ_EPERM, NULL, "只有系统管理员可以创建顶级组织");
    if (!rc)
        rc = validate_rec(&rec, err);
    if (!rc && parent_id && !is_active(&parent))
        rc = dj_err_set(err, DJ_ECONFLICT, "parent_id", "上级组织已撤销，不能在其下建立组织");
    if (!rc)
        rc = check_shape(parent_id ? parent.kind : NULL, rec.kind, "kind", err);
    if (!rc)
        rc = seal_phone(&rec, &sealed, arena, err);
    if (!rc)
        rc = dj_store_org_insert_rec(db, &sealed, dj_now_iso(now, sizeof(now)), arena, err);
    if (!rc) {
        rec.id = sealed.id;
        rec.path = sealed.path;
        rec.status = sealed.status;
        rec.created_at = sealed.created_at;
        rec.updated_at = sealed.updated_at;
        rec.can_approve = sealed.can_approve;
        rec.set = sealed.set;
        id_text(rec.id, idbuf, sizeof(idbuf));
        after = audit_json(&rec);
        rc = dj_audit_write(db, actor, "org.create", "org", idbuf, rec.path, NULL, after, err);
        json_decref(after);
    }
    rc = finish(db, rc, err);
    if (!rc)
        *out = rec;
    return rc;
}

int dj_org_create(struct dj_db *db, const struct dj_actor *actor, const struct dj_org_new *o,
                  struct dj_org_row *out, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    struct dj_org_rec in = {0}, rec;
    int rc;

    memset(out, 0, sizeof(*out));
    if (o->parent_id) {
        in.parent_id = o->parent_id;
        mark(&in, DJ_ORG_F_PARENT_ID);
    }
    if (o->code && *o->code) {
        in.code = dj_arena_strdup(arena, o->code);
        mark(&in, DJ_ORG_F_CODE);
    }
    if (o->name && *o->name) {
        in.name = dj_arena_strdup(arena, o->name);
        mark(&in, DJ_ORG_F_NAME);
    }
    if (o->kind && *o->kind) {
        in.kind = dj_arena_strdup(arena, o->kind);
        mark(&in, DJ_ORG_F_KIND);
    }
    if (o->domain && *o->domain) {
        in.domain = dj_arena_strdup(arena, o->domain);
        mark(&in, DJ_ORG_F_DOMAIN);
    }
    rc = dj_org_create_rec(db, actor, &in, arena, &rec, err);
    if (!rc)
        rec_to_row(&rec, out);
    dj_arena_free(arena);
    return rc;
}

/* ---- reads --------------------------------------------------------------------------- */

int dj_org_get(struct dj_db *db, const struct dj_actor *actor, int64_t id, struct dj_org_row *out,
               struct dj_err *err)
{
    struct dj_scope scope;
    int rc;

    dj_scope_for(actor, DJ_PERM_READ, &scope);
    rc = dj_store_org_get(db, &scope, id, out, err);
    if (rc == DJ_ENOTFOUND && !scope.all)
        return dj_err_set(err, DJ_EPERM, NULL, NO_ACCESS);
    return rc;
}

int dj_org_read(struct dj_db *db, const struct dj_actor *actor, int64_t id, struct dj_arena *arena,
                struct dj_org_rec *out, struct dj_err *err)
{
    struct dj_scope scope;
    int rc;

    dj_scope_for(actor, DJ_PERM_READ, &scope);
    rc = dj_store_org_read(db, &scope, id, arena, out, err);
    if (rc == DJ_ENOTFOUND && !scope.all)
        return dj_err_set(err, DJ_EPERM, NULL, NO_ACCESS);
    if (!rc)
        open_phone(out, arena);
    return rc;
}

unsigned dj_org_json_opts(const struct dj_actor *actor, const struct dj_org_rec *rec)
{
    if (rec->path && dj_authorize(actor, DJ_PERM_WRITE, rec->path, NULL) == 0)
        return DJ_OUT_UNMASKED;
    return 0;
}

/* The id of the organisation a scope path names: "/1/2/4/" -> 4; 0 if malformed. */
static int64_t last_id(const char *path)
{
    const char *last = path + strlen(path);
    const char *start;
    char num[24];
    int64_t id;

    if (last == path || last[-1] != '/')
        return 0;
    last--;
    start = last;
    while (start > path && start[-1] != '/')
        start--;
    if (last <= start || (size_t)(last - start) >= sizeof(num))
        return 0;
    memcpy(num, start, (size_t)(last - start));
    num[last - start] = '\0';
    return dj_parse_i64(num, &id) || id <= 0 ? 0 : id;
}

int dj_org_children(struct dj_db *db, const struct dj_actor *actor, int64_t parent_id,
                    struct dj_arena *arena, struct dj_org_row **rows, int *n, struct dj_err *err)
{
    struct dj_scope scope;
    struct dj_org_row parent;
    int rc;

    dj_scope_for(actor, DJ_PERM_READ, &scope);
    *rows = NULL;
    *n = 0;
    if (parent_id) {
        rc = dj_org_get(db, actor, parent_id, &parent, err);
        if (rc)
            return rc;
        return dj_store_org_children(db, &scope, parent_id, arena, rows, n, err);
    }
    if (scope.all)
        return dj_store_org_children(db, &scope, 0, arena, rows, n, err);
    /* the roots of a scoped user are the organisations their roles name */
    *rows = dj_arena_zalloc(arena, sizeof(**rows) * DJ_SCOPE_MAX);
    for (int i = 0; i < scope.n; i++) {
        int64_t id = last_id(scope.paths[i]);
        if (id && dj_store_org_get(db, &scope, id, &(*rows)[*n], err) == 0)
            (*n)++;
    }
    dj_err_clear(err);
    return 0;
}

int dj_org_list(struct dj_db *db, const struct dj_actor *actor, int64_t parent_id,
                bool include_dissolved, struct dj_arena *arena, struct dj_org_rec **recs, int *n,
                struct dj_err *err)
{
    struct dj_scope scope;
    struct dj_org_rec parent;
    int rc;

    dj_scope_for(actor, DJ_PERM_READ, &scope);
    *recs = NULL;
    *n = 0;
    if (parent_id) {
        rc = dj_org_read(db, actor, parent_id, arena, &parent, err);
        if (!rc)
            rc = dj_store_org_children_recs(db, &scope, parent_id, include_dissolved, arena, recs,
                                            n, err);
    } else if (scope.all) {
        rc = dj_store_org_children_recs(db, &scope, 0, include_dissolved, arena, recs, n, err);
    } else {
        /* the roots of a scoped user are the organisations their roles name */
        *recs = dj_arena_zalloc(arena, sizeof(**recs) * DJ_SCOPE_MAX);
        for (int i = 0; i < scope.n; i++) {
            int64_t id = last_id(scope.paths[i]);
            struct dj_org_rec *r = &(*recs)[*n];
            if (!id || dj_store_org_read(db, &scope, id, arena, r, NULL))
                continue;
            if (include_dissolved || is_active(r))
                (*n)++;
        }
        rc = 0;
    }
    for (int i = 0; !rc && i < *n; i++)
        open_phone(&(*recs)[i], arena);
    return rc;
}

int dj_org_path(struct dj_db *db, const struct dj_actor *actor, int64_t id, struct dj_arena *arena,
                struct dj_org_rec **recs, int *n, struct dj_err *err)
{
    struct dj_org_rec self;
    struct dj_scope scope;
    const char *p;
    int rc, cap = 1;

    *recs = NULL;
    *n = 0;
    rc = dj_org_read(db, actor, id, arena, &self, err);
    if (rc)
        return rc;
    for (p = self.path; *p; p++)
        cap += *p == '/';
    *recs = dj_arena_zalloc(arena, sizeof(**recs) * (size_t)cap);
    dj_scope_for(actor, DJ_PERM_READ, &scope);
    /* walk "/1/2/4/" root first */
    for (p = self.path + 1; *p && *n < cap;) {
        const char *slash = strchr(p, '/');
        char num[24];
        int64_t aid;

        if (!slash || (size_t)(slash - p) >= sizeof(num))
            break;
        memcpy(num, p, (size_t)(slash - p));
        num[slash - p] = '\0';
        p = slash + 1;
        if (dj_parse_i64(num, &aid) || aid <= 0)
            continue;
        if (aid == id) {
            (*recs)[(*n)++] = self;
            break;
        }
        if (dj_store_org_read(db, &scope, aid, arena, &(*recs)[*n], NULL) == 0)
            open_phone(&(*recs)[(*n)++], arena);
    }
    return 0;
}

int dj_org_search(struct dj_db *db, const struct dj_actor *actor, const struct dj_org_search *q,
                  struct dj_arena *arena, struct dj_org_rec **recs, int *n, int64_t *total,
                  struct dj_err *err)
{
    struct dj_scope scope;
    int rc;

    *recs = NULL;
    *n = 0;
    *total = 0;
    if (!q->name || !*q->name)
        return dj_err_set(err, DJ_EINVAL, "q", "请输入要搜索的组织名称");
    rc = check_text("q", "搜索内容", q->name, DJ_ORG_SEARCH_MAX_CHARS, false, err);
    if (rc)
        return rc;
    if (q->limit < 1 || q->limit > DJ_ORG_SEARCH_MAX_LIMIT)
        return dj_err_set(err, DJ_EINVAL, "limit", "每页条数应为 1 到 %d", DJ_ORG_SEARCH_MAX_LIMIT);
    if (q->offset < 0)
        return dj_err_set(err, DJ_EINVAL, "offset", "偏移量不能为负数");
    dj_scope_for(actor, DJ_PERM_READ, &scope);
    if (!scope.all && scope.n == 0)
        return 0;
    rc = dj_db_begin(db, false, err);
    if (rc)
        return rc;
    rc = dj_store_org_search(db, &scope, q, arena, recs, n, total, err);
    rc = finish(db, rc, err);
    for (int i = 0; !rc && i < *n; i++)
        open_phone(&(*recs)[i], arena);
    return rc;
}

int dj_org_counts(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                  struct dj_org_counts *out, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    struct dj_scope scope;
    struct dj_org_rec rec;
    int rc;

    memset(out, 0, sizeof(*out));
    dj_scope_for(actor, DJ_PERM_READ, &scope);
    rc = dj_db_begin(db, false, err);
    if (!rc) {
        rc = dj_store_org_read(db, &scope, id, arena, &rec, err);
        if (rc == DJ_ENOTFOUND && !scope.all)
            rc = dj_err_set(err, DJ_EPERM, NULL, NO_ACCESS);
        if (!rc)
            rc = dj_store_org_counts(db, rec.path, out, err);
        rc = finish(db, rc, err);
    }
    dj_arena_free(arena);
    return rc;
}

/* ---- edit ----------------------------------------------------------------------------- */

/* Copy field f of src into dst. */
static void copy_field(const struct dj_field *f, void *dst, const void *src)
{
    size_t sz;

    switch (f->type) {
    case DJ_FT_INT:
    case DJ_FT_MONEY:
        sz = sizeof(int64_t);
        break;
    case DJ_FT_BOOL:
        sz = sizeof(bool);
        break;
    case DJ_FT_DATE:
        sz = sizeof(struct dj_date);
        break;
    default:
        sz = sizeof(char *);
        break;
    }
    memcpy((char *)dst + f->offset, (const char *)src + f->offset, sz);
}

/* Fields only the parent's administrators may change. */
static bool structural(int i)
{
    return i == DJ_ORG_F_CODE || i == DJ_ORG_F_NAME || i == DJ_ORG_F_KIND ||
           i == DJ_ORG_F_CAN_APPROVE;
}

static bool field_changed(int i, const struct dj_org_rec *a, const struct dj_org_rec *b)
{
    const struct dj_field *f = &dj_org_desc.fields[i];
    const char *pa = (const char *)a + f->offset, *pb = (const char *)b + f->offset;

    switch (f->type) {
    case DJ_FT_INT:
    case DJ_FT_MONEY:
        return *(const int64_t *)pa != *(const int64_t *)pb;
    case DJ_FT_BOOL:
        return *(const bool *)pa != *(const bool *)pb;
    case DJ_FT_DATE:
        return dj_date_cmp(*(const struct dj_date *)pa, *(const struct dj_date *)pb) != 0;
    default:
        return !str_eq(*(char *const *)pa, *(char *const *)pb);
    }
}

/* A kind change: shape against parent and children, and members that would be stranded. */
static int check_kind_change(struct dj_db *db, const struct dj_org_rec *old, const char *kind,
                             struct dj_arena *arena, struct dj_err *err)
{
    struct dj_scope all = {.all = true};
    char kinds[16][32];
    int nkinds, rc;
    int64_t members = 0;

    if (old->parent_id) {
        struct dj_org_rec parent;
        rc = dj_store_org_read(db, &all, old->parent_id, arena, &parent, err);
        if (!rc)
            rc = check_shape(parent.kind, kind, "kind", err);
    } else {
        rc = check_shape(NULL, kind, "kind", err);
    }
    if (rc)
        return rc;
    rc = dj_store_org_child_kinds(db, old->id, kinds, (int)DJ_ARRAY_LEN(kinds), &nkinds, err);
    for (int i = 0; !rc && i < nkinds; i++)
        if (!shape_ok(kind, kinds[i]))
            return dj_err_set(err, DJ_EINVAL, "kind",
                              "「组织类别」不能改为「%s」：其下级组织「%s」不能设在「%s」之下",
                              kind_label(kind), kind_label(kinds[i]), kind_label(kind));
    if (rc)
        return rc;
    if (kind_tier(old->kind) == TIER_BRANCH && kind_tier(kind) != TIER_BRANCH)
        rc = dj_store_org_direct_members(db, old->id, &members, err);
    else if (kind_tier(old->kind) == TIER_GROUP && kind_tier(kind) != TIER_GROUP)
        rc = dj_store_org_group_members(db, old->id, old->parent_id, &members, err);
    if (!rc && members > 0)
        rc = dj_err_set(err, DJ_ECONFLICT, "kind",
                        "该组织有 %lld 名党员，「组织类别」不能改为「%s」；请先转出党员",
                        (long long)members, kind_label(kind));
    return rc;
}

int dj_org_update(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                  const struct dj_org_rec *patch, struct dj_arena *arena, struct dj_org_rec *out,
                  struct dj_err *err)
{
    const struct dj_record_desc *d = &dj_org_desc;
    struct dj_org_rec raw, plain, merged, sealed;
    char now[32], idbuf[24];
    json_t *before, *after;
    int rc, given = 0;

    memset(out, 0, sizeof(*out));
    if (dj_rec_isset(d, patch, DJ_ORG_F_PARENT_ID))
        return dj_err_set(err, DJ_EINVAL, "parent_id", "更改「上级组织」请使用“移动”操作");
    for (int i = 0; i < d->nfields; i++)
        if (!(d->fields[i].flags & DJ_FF_READONLY) && dj_rec_isset(d, patch, i))
            given++;

    rc = dj_db_begin(db, true, err);
    if (rc)
        return rc;
    rc = load_for(db, actor, DJ_PERM_WRITE, id, arena, &raw, err);
    if (!rc && !given)
        rc = dj_err_set(err, DJ_EINVAL, NULL, "没有提交要修改的字段");
    if (!rc && !is_active(&raw))
        rc = dj_err_set(err, DJ_ECONFLICT, NULL, "组织已撤销，不能修改");
    if (rc)
        return finish(db, rc, err);

    plain = raw;
    open_phone(&plain, arena);
    merged = plain;
    for (int i = 0; i < d->nfields; i++) {
        if ((d->fields[i].flags & DJ_FF_READONLY) || !dj_rec_isset(d, patch, i))
            continue;
        copy_field(&d->fields[i], &merged, patch);
        if (!rc && structural(i) && field_changed(i, &plain, &merged) &&
            !may_write_parent(actor, raw.path))
            rc = dj_err_set(err, DJ_EPERM, d->fields[i].key, "「%s」只能由上级党组织的管理员修改",
                            d->fields[i].label);
    }
    if (!rc)
        rc = validate_rec(&merged, err);
    if (!rc && !str_eq(plain.kind, merged.kind))
        rc = check_kind_change(db, &raw, merged.kind, arena, err);
    if (!rc) {
        if (dj_rec_isset(d, patch, DJ_ORG_F_CONTACT_PHONE)) {
            rc = seal_phone(&merged, &sealed, arena, err);
        } else {
            sealed = merged;
            sealed.contact_phone = raw.contact_phone; /* unchanged: keep the stored seal */
        }
    }
    if (!rc)
        rc = dj_store_org_update_rec(db, &sealed, dj_now_iso(now, sizeof(now)), err);
    if (!rc) {
        merged.updated_at = dj_arena_strdup(arena, now);
        id_text(id, idbuf, sizeof(idbuf));
        before = audit_json(&plain);
        after = audit_json(&merged);
        rc = dj_audit_write(db, actor, "org.update", "org", idbuf, raw.path, before, after, err);
        json_decref(before);
        json_decref(after);
    }
    rc = finish(db, rc, err);
    if (!rc)
        *out = merged;
    return rc;
}

/* ---- move ----------------------------------------------------------------------------- */

int dj_org_move(struct dj_db *db, const struct dj_actor *actor, int64_t id, int64_t new_parent_id,
                struct dj_arena *arena, struct dj_org_rec *out, struct dj_err *err)
{
    struct dj_scope all = {.all = true};
    struct dj_org_rec raw, parent;
    char new_path[DJ_PATH_MAX], now[32], idbuf[24];
    int64_t moved_orgs = 0, moved_members = 0, members = 0;
    json_t *before, *after;
    int rc;

    memset(out, 0, sizeof(*out));
    rc = dj_db_begin(db, true, err);
    if (rc)
        return rc;
    rc = load_for(db, actor, DJ_PERM_WRITE, id, arena, &raw, err);
    if (!rc && !may_write_parent(actor, raw.path))
        rc = dj_err_set(err, DJ_EPERM, NULL, "移动组织须具有原上级组织和新上级组织的管理权限");
    if (!rc && new_parent_id <= 0)
        rc = dj_err_set(err, DJ_EINVAL, "parent_id", "请指定新的上级组织");
    if (!rc)
        rc = load_parent(db, actor, new_parent_id, arena, &parent, err);
    if (!rc && !is_active(&raw))
        rc = dj_err_set(err, DJ_ECONFLICT, NULL, "组织已撤销，不能移动");
    if (!rc && parent.id == raw.parent_id)
        rc = dj_err_set(err, DJ_EINVAL, "parent_id", "该组织已在所选上级组织之下");
    if (!rc && !strncmp(parent.path, raw.path, strlen(raw.path)))
        rc = dj_err_set(err, DJ_EINVAL, "parent_id", "不能移动到本组织或其下级组织之下");
    if (!rc && !is_active(&parent))
        rc = dj_err_set(err, DJ_ECONFLICT, "parent_id", "新的上级组织已撤销");
    if (!rc)
        rc = check_shape(parent.kind, raw.kind, "parent_id", err);
    if (!rc && kind_tier(raw.kind) == TIER_GROUP) {
        rc = dj_store_org_group_members(db, raw.id, raw.parent_id, &members, err);
        if (!rc && members > 0)
            rc = dj_err_set(err, DJ_ECONFLICT, "parent_id",
                            "该党小组有 %lld 名党员，不能移到其他党支部；请先调整党员的党小组",
                            (long long)members);
    }
    if (!rc && (size_t)snprintf(new_path, sizeof(new_path), "%s%lld/", parent.path,
                                (long long)raw.id) >= sizeof(new_path))
        rc = dj_err_set(err, DJ_EINVAL, "parent_id", "移动后组织层级过深");
    if (!rc)
        rc = dj_store_org_move(db, raw.id, raw.path, parent.id, new_path,
                               dj_now_iso(now, sizeof(now)), &moved_orgs, &moved_members, err);
    if (!rc) {
        id_text(id, idbuf, sizeof(idbuf));
        before = json_pack("{s:I,s:s}", "parent_id", (json_int_t)raw.parent_id, "path", raw.path);
        after = json_pack("{s:I,s:s,s:I,s:I}", "parent_id", (json_int_t)parent.id, "path", new_path,
                          "orgs_moved", (json_int_t)moved_orgs, "members_moved",
                          (json_int_t)moved_members);
        rc = dj_audit_write(db, actor, "org.move", "org", idbuf, new_path, before, after, err);
        json_decref(before);
        json_decref(after);
    }
    if (!rc) {
        rc = dj_store_org_read(db, &all, id, arena, out, err);
        if (!rc)
            open_phone(out, arena);
    }
    return finish(db, rc, err);
}

/* ---- dissolve ------------------------------------------------------------------------- */

int dj_org_dissolve(struct dj_db *db, const struct dj_actor *actor, int64_t id, struct dj_date on,
                    const char *reason, struct dj_arena *arena, struct dj_org_rec *out,
                    struct dj_err *err)
{
    struct dj_org_rec raw, plain, after_rec;
    char now[32], idbuf[24], buf[11];
    int64_t children = 0, members = 0, group_members = 0, late = 0, ended = 0;
    json_t *before, *after;
    int rc;

    memset(out, 0, sizeof(*out));
    if (!dj_date_isset(on) || !dj_date_valid(on))
        return dj_err_set(err, DJ_EINVAL, "dissolved_on", "「撤销日期」不能为空");
    if (dj_date_cmp(on, today()) > 0)
        return dj_err_set(err, DJ_EINVAL, "dissolved_on", "「撤销日期」不能晚于今天（%s）",
                          dj_date_format(today(), buf));
    if (!reason || !*reason)
        return dj_err_set(err, DJ_EINVAL, "reason", "「撤销原因」不能为空");
    rc = check_text("reason", "撤销原因", reason, REASON_MAX_CHARS, true, err);
    if (rc)
        return rc;

    rc = dj_db_begin(db, true, err);
    if (rc)
        return rc;
    rc = load_for(db, actor, DJ_PERM_WRITE, id, arena, &raw, err);
    if (!rc && !may_write_parent(actor, raw.path))
        rc = dj_err_set(err, DJ_EPERM, NULL, "撤销组织须由上级党组织的管理员操作");
    if (!rc && !is_active(&raw))
        rc = dj_err_set(err, DJ_ECONFLICT, NULL, "组织已撤销");
    if (!rc && dj_date_isset(raw.founded_on) && dj_date_cmp(on, raw.founded_on) < 0)
        rc = dj_err_set(err, DJ_EINVAL, "dissolved_on", "「撤销日期」不能早于建立党组织日期（%s）",
                        dj_date_format(raw.founded_on, buf));
    if (!rc)
        rc = dj_store_org_active_children(db, raw.id, &children, err);
    if (!rc && children > 0)
        rc = dj_err_set(err, DJ_ECONFLICT, NULL,
                        "该组织还有 %lld 个未撤销的下级组织，请先撤销或移走下级组织",
                        (long long)children);
    if (!rc)
        rc = dj_store_org_active_members(db, raw.path, &members, err);
    if (!rc && kind_tier(raw.kind) == TIER_GROUP)
        rc = dj_store_org_group_members(db, raw.id, raw.parent_id, &group_members, err);
    if (!rc && members + group_members > 0)
        rc = dj_err_set(err, DJ_ECONFLICT, NULL,
                        "该组织还有 %lld 名党员，请先转出党员或调整其组织关系后再撤销",
                        (long long)(members + group_members));
    if (!rc)
        rc = dj_store_posts_started_after(db, raw.id, on, &late, err);
    if (!rc && late > 0)
        rc = dj_err_set(err, DJ_EINVAL, "dissolved_on",
                        "有 %lld 项在任职务的任职日期晚于「撤销日期」", (long long)late);
    if (!rc)
        rc = dj_store_posts_end_all(db, raw.id, on, dj_now_iso(now, sizeof(now)), &ended, err);
    if (!rc)
        rc = dj_store_org_dissolve(db, raw.id, on, reason, now, err);
    if (!rc) {
        plain = raw;
        open_phone(&plain, arena);
        after_rec = plain;
        after_rec.status = dj_arena_strdup(arena, "dissolved");
        after_rec.dissolved_on = on;
        after_rec.dissolve_reason = dj_arena_strdup(arena, reason);
        after_rec.updated_at = dj_arena_strdup(arena, now);
        id_text(id, idbuf, sizeof(idbuf));
        before = audit_json(&plain);
        after = audit_json(&after_rec);
        json_object_set_new(after, "posts_ended", json_integer((json_int_t)ended));
        rc = dj_audit_write(db, actor, "org.dissolve", "org", idbuf, raw.path, before, after, err);
        json_decref(before);
        json_decref(after);
        if (!rc)
            *out = after_rec;
    }
    rc = finish(db, rc, err);
    if (rc)
        memset(out, 0, sizeof(*out));
    return rc;
}

/* ---- posts ---------------------------------------------------------------------------- */

static const char *post_label(const char *post)
{
    const char *l = dj_dict_label(dj_dict_find("post"), post);
    return l ? l : (post ? post : "");
}

static json_t *post_json(const struct dj_org_post *p)
{
    return dj_rec_to_json(&dj_org_post_desc, p, DJ_OUT_UNMASKED);
}

int dj_org_posts(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                 struct dj_arena *arena, struct dj_org_post **posts, int *n, struct dj_err *err)
{
    struct dj_org_rec org;
    int rc;

    *posts = NULL;
    *n = 0;
    rc = dj_org_read(db, actor, org_id, arena, &org, err);
    if (!rc)
        rc = dj_store_posts_list(db, org_id, arena, posts, n, err);
    return rc;
}

/*
 * The 党龄 rule for a branch 书记: 党龄 counts from 转正日期 in calendar
 * years, and must reach the rule's value on start_on.
 */
static int check_secretary_age(const struct dj_post_holder *h, struct dj_date start_on,
                               struct dj_err *err)
{
    const struct dj_rule *rule = dj_rule_find(SECRETARY_RULE, start_on);
    struct dj_date from;
    char b1[11], b2[11];
    bool ok = false;
    int rc;

    if (!rule)
        return dj_err_set(err, DJ_EINTERNAL, NULL, "内部错误：规则 %s 缺失", SECRETARY_RULE);
    if (strcmp(h->category, "full") || !dj_date_isset(h->confirmed_on))
        return dj_err_set(err, DJ_EINVAL, "member_id",
                          "%s 是预备党员，尚无党龄，不能担任党支部书记（规则 %s：%s%s，"
                          "党支部书记一般应当具有 %lld 年以上党龄）",
                          h->name, rule->id, rule->source, rule->article, (long long)rule->value);
    rc = dj_rule_compare_span(SECRETARY_RULE, h->confirmed_on, start_on, &ok);
    if (rc)
        return dj_err_set(err, DJ_EINVAL, "start_on", "「任职日期」无法按规则 %s 核验",
                          SECRETARY_RULE);
    if (ok)
        return 0;
    from = dj_date_add_years(h->confirmed_on, (int)rule->value);
    return dj_err_set(err, DJ_EINVAL, "start_on",
                      "党支部书记应当具有 %lld 年以上党龄：%s 于 %s 转正，%s 起党龄方满 %lld 年"
                      "（规则 %s：%s%s）",
                      (long long)rule->value, h->name, dj_date_format(h->confirmed_on, b1),
                      dj_date_format(from, b2), (long long)rule->value, rule->id, rule->source,
                      rule->article);
}

int dj_org_post_add(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                    const struct dj_org_post *in, struct dj_arena *arena, struct dj_org_post *out,
                    struct dj_err *err)
{
    int rc = dj_db_begin(db, true, err);

    if (rc)
        return rc;
    rc = finish(db, dj_org_post_add_in_tx(db, actor, org_id, in, arena, out, err), err);
    if (rc)
        memset(out, 0, sizeof(*out));
    return rc;
}

int dj_org_post_add_in_tx(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                          const struct dj_org_post *in, struct dj_arena *arena,
                          struct dj_org_post *out, struct dj_err *err)
{
    const struct dj_record_desc *pd = &dj_org_post_desc;
    struct dj_org_post p = *in, clash;
    struct dj_org_rec org;
    struct dj_post_holder h = {0};
    char now[32], idbuf[24], b1[11], b2[11];
    bool has_member = dj_rec_isset(pd, in, DJ_POST_F_MEMBER_ID) && in->member_id != 0;
    bool found;
    json_t *after;
    int rc;

    memset(out, 0, sizeof(*out));
    p.set &= ~(((uint64_t)1 << DJ_POST_F_ID) | ((uint64_t)1 << DJ_POST_F_END_ON));
    p.id = 0;
    p.end_on = (struct dj_date){0, 0, 0};

    rc = load_for(db, actor, DJ_PERM_WRITE, org_id, arena, &org, err);
    if (!rc && !is_active(&org))
        rc = dj_err_set(err, DJ_ECONFLICT, NULL, "组织已撤销，不能任命职务");
    if (!rc && (!p.post || !dj_dict_label(dj_dict_find("post"), p.post)))
        rc = dj_err_set(err, DJ_EINVAL, "post", "「职务」不能为空或不在字典中");
    if (!rc && kind_tier(org.kind) == TIER_GROUP && strcmp(p.post, "group_leader"))
        rc = dj_err_set(err, DJ_EINVAL, "post", "「%s」只设党小组长，不设%s", kind_label(org.kind),
                        post_label(p.post));
    if (!rc && kind_tier(org.kind) != TIER_GROUP && !strcmp(p.post, "group_leader"))
        rc = dj_err_set(err, DJ_EINVAL, "post", "党小组长只能在党小组中任职");
    if (!rc && (!dj_date_isset(p.start_on) || !dj_date_valid(p.start_on)))
        rc = dj_err_set(err, DJ_EINVAL, "start_on", "「任职日期」不能为空");
    if (!rc && dj_date_cmp(p.start_on, today()) > 0)
        rc = dj_err_set(err, DJ_EINVAL, "start_on", "「任职日期」不能晚于今天（%s）",
                        dj_date_format(today(), b1));
    if (!rc && dj_date_isset(org.founded_on) && dj_date_cmp(p.start_on, org.founded_on) < 0)
        rc = dj_err_set(err, DJ_EINVAL, "start_on", "「任职日期」不能早于建立党组织日期（%s）",
                        dj_date_format(org.founded_on, b1));
    if (!rc && p.principal_leader && strcmp(p.post, "secretary"))
        rc = dj_err_set(err, DJ_EINVAL, "principal_leader",
                        "只有书记可以标记为「是否单位主要负责人」");
    if (!rc && p.note)
        rc = check_text("note", "备注", p.note, 500, true, err);
    if (!rc && has_member) {
        /* members belong to branches: a 党小组's members are those of its branch */
        char root[DJ_PATH_MAX];
        if (kind_tier(org.kind) == TIER_GROUP)
            parent_path_of(org.path, root, sizeof(root));
        else
            dj_strlcpy(root, org.path, sizeof(root));
        rc = dj_store_post_holder(db, p.member_id, &h, err);
        if (rc == DJ_ENOTFOUND || (!rc && (!root[0] || strncmp(h.org_path, root, strlen(root)))))
            rc =
                dj_err_set(err, DJ_EINVAL, "member_id", "「任职党员」须为本组织或其下级组织的党员");
        else if (!rc && strcmp(h.status, "normal") && strcmp(h.status, "mobile"))
            rc = dj_err_set(err, DJ_EINVAL, "member_id", "%s 的党员状态为「%s」，不能任职", h.name,
                            dj_dict_label(dj_dict_find("member_status"), h.status)
                                ? dj_dict_label(dj_dict_find("member_status"), h.status)
                                : h.status);
        if (!rc) {
            p.person_name = dj_arena_strdup(arena, h.name);
            dj_rec_mark(pd, &p, DJ_POST_F_PERSON_NAME);
        }
    } else if (!rc) {
        p.member_id = 0;
        p.set &= ~((uint64_t)1 << DJ_POST_F_MEMBER_ID);
        if (!p.person_name || !*p.person_name)
            rc = dj_err_set(err, DJ_EINVAL, "person_name",
                            "请选择任职党员（member_id）或填写「姓名」（person_name）");
        else
            rc = check_text("person_name", "姓名", p.person_name, 32, false, err);
    }
    if (!rc && !strcmp(p.post, "secretary") && kind_tier(org.kind) == TIER_BRANCH) {
        if (!has_member)
            rc = dj_err_set(err, DJ_EINVAL, "member_id",
                            "党支部书记须从党员库中选择（member_id），以便核验党龄");
        else
            rc = check_secretary_age(&h, p.start_on, err);
    }
    if (!rc && !strcmp(p.post, "secretary")) {
        rc = dj_store_post_overlap(db, org.id, "secretary", p.start_on, arena, &clash, &found, err);
        if (!rc && found)
            rc = dj_err_set(err, DJ_ECONFLICT, "start_on",
                            "该组织已有书记 %s（%s 起任职）；请先为其办理离任，离任日期不晚于新书记"
                            "的任职日期 %s",
                            clash.person_name ? clash.person_name : "",
                            dj_date_format(clash.start_on, b1), dj_date_format(p.start_on, b2));
    }
    if (!rc) {
        p.org_id = org.id;
        dj_rec_mark(pd, &p, DJ_POST_F_ORG_ID);
        rc = dj_store_post_insert(db, &p, dj_now_iso(now, sizeof(now)), err);
    }
    if (!rc) {
        /* read back, so the caller and the audit log see exactly what is stored */
        rc = dj_store_post_get(db, p.id, arena, out, err);
    }
    if (!rc) {
        id_text(out->id, idbuf, sizeof(idbuf));
        after = post_json(out);
        rc = dj_audit_write(db, actor, "org_post.create", "org_post", idbuf, org.path, NULL, after,
                            err);
        json_decref(after);
    }
    if (rc)
        memset(out, 0, sizeof(*out));
    return rc;
}

int dj_org_post_end(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, int64_t post_id,
                    struct dj_date end_on, struct dj_arena *arena, struct dj_org_post *out,
                    struct dj_err *err)
{
    int rc = dj_db_begin(db, true, err);

    if (rc)
        return rc;
    rc = finish(db, dj_org_post_end_in_tx(db, actor, org_id, post_id, end_on, arena, out, err),
                err);
    if (rc)
        memset(out, 0, sizeof(*out));
    return rc;
}

int dj_org_post_end_in_tx(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                          int64_t post_id, struct dj_date end_on, struct dj_arena *arena,
                          struct dj_org_post *out, struct dj_err *err)
{
    struct dj_org_rec org;
    struct dj_org_post p;
    char now[32], idbuf[24], buf[11];
    json_t *before, *after;
    int rc;

    memset(out, 0, sizeof(*out));
    if (!dj_date_isset(end_on) || !dj_date_valid(end_on))
        return dj_err_set(err, DJ_EINVAL, "end_on", "「离任日期」不能为空");
    if (dj_date_cmp(end_on, today()) > 0)
        return dj_err_set(err, DJ_EINVAL, "end_on", "「离任日期」不能晚于今天（%s）",
                          dj_date_format(today(), buf));
    rc = load_for(db, actor, DJ_PERM_WRITE, org_id, arena, &org, err);
    if (!rc) {
        rc = dj_store_post_get(db, post_id, arena, &p, err);
        if (!rc && p.org_id != org.id)
            rc = dj_err_set(err, DJ_ENOTFOUND, NULL, "任职记录不存在");
    }
    if (!rc && dj_date_isset(p.end_on))
        rc = dj_err_set(err, DJ_ECONFLICT, NULL, "该任职已于 %s 结束",
                        dj_date_format(p.end_on, buf));
    if (!rc && dj_date_cmp(end_on, p.start_on) < 0)
        rc = dj_err_set(err, DJ_EINVAL, "end_on", "「离任日期」不能早于任职日期（%s）",
                        dj_date_format(p.start_on, buf));
    if (!rc)
        rc = dj_store_post_end(db, p.id, end_on, dj_now_iso(now, sizeof(now)), err);
    if (!rc) {
        id_text(p.id, idbuf, sizeof(idbuf));
        before = post_json(&p);
        *out = p;
        out->end_on = end_on;
        after = post_json(out);
        rc = dj_audit_write(db, actor, "org_post.end", "org_post", idbuf, org.path, before, after,
                            err);
        json_decref(before);
        json_decref(after);
    }
    if (rc)
        memset(out, 0, sizeof(*out));
    return rc;
}
