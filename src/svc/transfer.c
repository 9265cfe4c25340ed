/*
 * transfer.c - 组织关系接转 (see transfer.h): permissions of both sides, the
 * state machine from rules/transfer_rules.c, the member's move on receipt
 * through svc/member.c, one transaction with its audit row per write.
 */
#include "base/compat.h"
#include "svc/dues.h"
#include "svc/transfer.h"

#include <jansson.h>

#include "model/dict.h"
#include "model/member_rec.h"
#include "rules/member_rules.h"
#include "rules/ruletab.h"
#include "store/member.h"
#include "svc/audit.h"
#include "svc/crypt.h"
#include "svc/member.h"
#include "svc/svc.h"

#define MSG_NO_ACCESS "无权访问该组织的数据"
#define AAD_ID "transfer.id_number"

static struct dj_date today(void)
{
    const struct dj_svc_env *env = dj_svc();
    return dj_date_today(env && env->cfg ? env->cfg->utc_offset_minutes : 480);
}

static bool is(const char *a, const char *b)
{
    return a && !strcmp(a, b);
}

static bool is_branch_kind(const char *kind)
{
    return is(kind, "branch") || is(kind, "joint_branch") || is(kind, "temp_branch") ||
           is(kind, "grid_branch");
}

static bool may(const struct dj_actor *a, enum dj_perm p, const char *path)
{
    return path && *path && dj_authorize(a, p, path, NULL) == 0;
}

static unsigned sides_of(const struct dj_actor *a, const struct dj_transfer *t)
{
    unsigned s = 0;
    if (may(a, DJ_PERM_READ, t->from_path))
        s |= DJ_TSIDE_SEND;
    if (may(a, DJ_PERM_READ, t->to_path))
        s |= DJ_TSIDE_RECV;
    return s;
}

static int end_tx(struct dj_db *db, int rc, struct dj_err *err)
{
    if (!rc)
        rc = dj_db_commit(db, err);
    if (rc)
        dj_db_rollback(db);
    return rc;
}

static int text_ok(const char *key, const char *label, const char *s, size_t max, bool required,
                   struct dj_err *err)
{
    if (!s || !*s)
        return required ? dj_err_set(err, DJ_EINVAL, key, "「%s」不能为空", label) : 0;
    if (!dj_utf8_valid(s) || dj_utf8_len(s) > max)
        return dj_err_set(err, DJ_EINVAL, key, "「%s」不能超过 %zu 个字符", label, max);
    return 0;
}

static int date_ok(const char *key, const char *label, struct dj_date d, struct dj_err *err)
{
    if (!dj_date_valid(d))
        return dj_err_set(err, DJ_EINVAL, key, "「%s」不能为空", label);
    return dj_member_rule_not_future(key, label, d, today(), err);
}

/* The audit JSON of a transfer: the fields that matter, no personal data. */
static json_t *audit_json(const struct dj_transfer *t)
{
    char a[11], b[11], c[11], d[11], e[11];
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)t->id, "kind", t->kind,
                          "category", t->category, "state", t->state, "member_name", t->member_name,
                          "from_name", t->from_name, "to_name", t->to_name);
    if (t->member_id)
        json_object_set_new(o, "member_id", json_integer(t->member_id));
    if (t->letter_no)
        json_object_set_new(o, "letter_no", json_string(t->letter_no));
    if (dj_date_isset(t->issued_on))
        json_object_set_new(o, "issued_on", json_string(dj_date_format(t->issued_on, a)));
    if (dj_date_isset(t->valid_until))
        json_object_set_new(o, "valid_until", json_string(dj_date_format(t->valid_until, b)));
    if (t->dues_paid_to)
        json_object_set_new(o, "dues_paid_to", json_string(t->dues_paid_to));
    if (dj_date_isset(t->received_on))
        json_object_set_new(o, "received_on", json_string(dj_date_format(t->received_on, c)));
    if (dj_date_isset(t->receipt_on))
        json_object_set_new(o, "receipt_on", json_string(dj_date_format(t->receipt_on, d)));
    if (dj_date_isset(t->closed_on))
        json_object_set_new(o, "closed_on", json_string(dj_date_format(t->closed_on, e)));
    if (t->close_reason)
        json_object_set_new(o, "close_reason", json_string(t->close_reason));
    if (t->postpone_months)
        json_object_set_new(o, "postpone_months", json_integer(t->postpone_months));
    return o;
}

/*
 * The row goes to the sending side's path when there is one (so the sender's
 * auditors see it), else the receiving side's.
 */
static int audit(struct dj_db *db, const struct dj_actor *actor, const char *action,
                 const struct dj_transfer *before, const struct dj_transfer *after,
                 struct dj_err *err)
{
    char id[24];
    const struct dj_transfer *t = after ? after : before;
    json_t *a = before ? audit_json(before) : NULL, *b = after ? audit_json(after) : NULL;
    int rc;

    snprintf(id, sizeof(id), "%lld", (long long)t->id);
    rc = dj_audit_write(db, actor, action, "transfer", id, t->from_path ? t->from_path : t->to_path,
                        a, b, err);
    json_decref(a);
    json_decref(b);
    if (!rc && t->from_path && t->to_path)
        /* the receiving side's auditors see the same step on their side */
        rc = dj_audit_write(db, actor, action, "transfer", id, t->to_path, NULL, NULL, err);
    return rc;
}

/* ---- reads --------------------------------------------------------------- */

static int load(struct dj_db *db, const struct dj_actor *actor, int64_t id, struct dj_arena *arena,
                struct dj_transfer *out, unsigned *sides, struct dj_err *err)
{
    int rc = dj_store_transfer_get(db, id, arena, out, err);

    *sides = 0;
    if (rc == DJ_ENOTFOUND)
        return dj_actor_is_sysadmin(actor) ? dj_err_set(err, DJ_ENOTFOUND, NULL, "转接记录不存在")
                                           : dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
    if (rc)
        return rc;
    *sides = sides_of(actor, out);
    if (!*sides)
        return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
    return 0;
}

int dj_transfer_get(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                    struct dj_arena *arena, struct dj_transfer *out, unsigned *sides,
                    struct dj_err *err)
{
    return load(db, actor, id, arena, out, sides, err);
}

bool dj_transfer_is_pocket(const struct dj_transfer *t, struct dj_date on)
{
    return is(t->state, "issued") && dj_transfer_rule_expired(t->valid_until, on);
}

static struct dj_date receipt_due(const struct dj_transfer *t)
{
    int64_t days = 30;

    if (dj_rule_get(DJ_RULE_RECEIPT_DAYS, t->received_on, t->to_path, &days))
        days = 30;
    return dj_date_add_days(t->received_on, (int)days);
}

bool dj_transfer_overdue(const struct dj_transfer *t, struct dj_date on)
{
    if (dj_transfer_is_pocket(t, on))
        return true;
    return is(t->state, "received") && dj_date_isset(t->received_on) &&
           dj_date_cmp(on, receipt_due(t)) > 0;
}

int dj_transfer_list(struct dj_db *db, const struct dj_actor *actor,
                     const struct dj_transfer_query *q, struct dj_arena *arena,
                     struct dj_transfer **rows, int *n, struct dj_err *err)
{
    struct dj_transfer_filter f = {0};
    struct dj_scope scope;
    struct dj_xorg org;
    bool overdue = is(q->state, "overdue");
    int rc;

    *rows = NULL;
    *n = 0;
    dj_scope_for(actor, DJ_PERM_READ, &scope);
    if (!scope.all && scope.n == 0)
        return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
    if (q->box && !is(q->box, "out") && !is(q->box, "in"))
        return dj_err_set(err, DJ_EINVAL, "box", "查询参数 box 应为 out 或 in");
    if (q->state && !overdue && !is(q->state, "open") &&
        !strcmp(dj_transfer_state_label(q->state), "未知"))
        return dj_err_set(err, DJ_EINVAL, "state", "查询参数 state 的取值无效");
    if (q->org_id) {
        rc = dj_store_xorg(db, q->org_id, &org, err);
        if (rc == DJ_ENOTFOUND || (!rc && !dj_scope_contains(&scope, org.path)))
            return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
        if (rc)
            return rc;
        f.org_path = org.path;
    }
    f.box = q->box;
    f.state = overdue ? "open" : q->state;
    f.member_id = q->member_id;
    f.limit = 500;
    if ((rc = dj_store_transfer_list(db, &scope, &f, arena, rows, n, err)))
        return rc;
    if (overdue) {
        struct dj_date t = today();
        int w = 0;
        for (int i = 0; i < *n; i++)
            if (dj_transfer_overdue(&(*rows)[i], t))
                (*rows)[w++] = (*rows)[i];
        *n = w;
    }
    return 0;
}

int dj_transfer_targets(struct dj_db *db, const struct dj_actor *actor, const char *q,
                        struct dj_arena *arena, struct dj_transfer_target **rows, int *n,
                        struct dj_err *err)
{
    struct dj_scope scope;
    struct dj_stmt *st;
    char *pattern;
    int rc, cap = 0;

    *rows = NULL;
    *n = 0;
    dj_scope_for(actor, DJ_PERM_WRITE, &scope);
    if (!scope.all && scope.n == 0)
        return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
    if (!q || dj_utf8_len(q) < 2 || dj_utf8_len(q) > 30 || !dj_utf8_valid(q) || strpbrk(q, "%_\\"))
        return dj_err_set(err, DJ_EINVAL, "q", "请输入 2 至 30 个字的组织名称");
    pattern = dj_arena_printf(arena, "%%%s%%", q);
    rc = dj_store_transfer_targets(db, pattern, &st, err);
    if (rc)
        return rc;
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        if (*n == cap) {
            int ncap = cap ? cap * 2 : 8;
            struct dj_transfer_target *g = dj_arena_alloc(arena, sizeof(*g) * (size_t)ncap);
            if (*n)
                memcpy(g, *rows, sizeof(*g) * (size_t)*n);
            *rows = g;
            cap = ncap;
        }
        (*rows)[*n].id = dj_stmt_int64(st, 0);
        (*rows)[*n].name = dj_arena_strdup(arena, dj_stmt_text(st, 1));
        (*n)++;
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

/* ---- create -------------------------------------------------------------- */

static int check_category(const char *c, struct dj_err *err)
{
    if (!is(c, "in_province") && !is(c, "cross_province"))
        return dj_err_set(err, DJ_EINVAL, "category",
                          "「转接类别」应为 in_province（省（系统）内转接）或 cross_province"
                          "（跨省（系统）转接）");
    return 0;
}

/* The target branch of an internal or inbound transfer (any subtree: the sender picks it). */
static int target_branch(struct dj_db *db, int64_t id, struct dj_xorg *org, struct dj_err *err)
{
    int rc;

    if (id <= 0)
        return dj_err_set(err, DJ_EINVAL, "to_org_id", "「目标党组织」不能为空");
    rc = dj_store_xorg(db, id, org, err);
    if (rc == DJ_ENOTFOUND || (!rc && (!is_branch_kind(org->kind) || !is(org->status, "active"))))
        return dj_err_set(err, DJ_EINVAL, "to_org_id", "「目标党组织」应为本系统内在建的党支部");
    return rc;
}

static int create_sent(struct dj_db *db, const struct dj_actor *actor,
                       const struct dj_transfer_new *in, struct dj_arena *arena,
                       struct dj_transfer *t, struct dj_err *err)
{
    struct dj_member_rec m;
    struct dj_scope all = {.all = true};
    struct dj_xorg appr, target;
    int rc;

    if (in->member_id <= 0)
        return dj_err_set(err, DJ_EINVAL, "member_id", "「党员」不能为空");
    rc = dj_store_member_get(db, &all, 0, in->member_id, arena, &m, err);
    if (rc == DJ_ENOTFOUND || (!rc && !may(actor, DJ_PERM_READ, m.org_path)))
        return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
    if (rc)
        return rc;
    if (!may(actor, DJ_PERM_WRITE, m.org_path))
        return dj_err_set(err, DJ_EPERM, NULL, "无权为该党员办理组织关系转出");
    if (dj_member_status_final(m.status) || is(m.status, "suspended"))
        return dj_err_set(err, DJ_ECONFLICT, "member_id",
                          "该党员状态为出党、死亡或停止党籍，不能办理组织关系转接");
    if ((rc = dj_store_transfer_approver(db, m.org_path, &appr, err)))
        return rc;
    t->member_id = m.id;
    t->member_name = m.name;
    t->gender = m.gender;
    t->member_category = m.category;
    t->joined_on = m.joined_on;
    t->confirmed_on = m.confirmed_on;
    t->from_org_id = m.org_id;
    t->from_path = m.org_path;
    t->from_name = m.org_name;
    t->approver_org_id = appr.id;
    t->approver_path = dj_arena_strdup(arena, appr.path);
    if (is(in->kind, "internal")) {
        if ((rc = target_branch(db, in->to_org_id, &target, err)))
            return rc;
        if (target.id == m.org_id)
            return dj_err_set(err, DJ_EINVAL, "to_org_id", "「目标党组织」与所在党支部相同");
        t->to_org_id = target.id;
        t->to_path = dj_arena_strdup(arena, target.path);
        t->to_name = dj_arena_strdup(arena, target.name);
    } else {
        if ((rc = text_ok("to_name", "目标党组织名称", in->to_name, 100, true, err)))
            return rc;
        t->to_name = in->to_name;
    }
    t->state = "requested";
    return 0;
}

static int create_in(struct dj_db *db, const struct dj_actor *actor,
                     const struct dj_transfer_new *in, struct dj_arena *arena,
                     struct dj_transfer *t, struct dj_err *err)
{
    struct dj_idcard id;
    struct dj_xorg target;
    char *sealed = NULL;
    int y, mo, rc;

    if ((rc = target_branch(db, in->to_org_id, &target, err)))
        return rc == DJ_EINVAL && !dj_actor_is_sysadmin(actor)
                   ? dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS)
                   : rc;
    if (!may(actor, DJ_PERM_WRITE, target.path))
        return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
    if ((rc = text_ok("from_name", "原党组织名称", in->from_name, 100, true, err)) ||
        (rc = text_ok("name", "姓名", in->name, 30, true, err)) ||
        (rc = dj_member_rule_idcard(in->id_number, today(), &id, err)))
        return rc;
    if (!is(in->member_category, "full") && !is(in->member_category, "probationary"))
        return dj_err_set(err, DJ_EINVAL, "member_category",
                          "「党员类别」应为 full（正式党员）或 probationary（预备党员）");
    if ((rc = date_ok("joined_on", "入党日期", in->joined_on, err)) ||
        (rc = dj_member_rule_join_age(id.birth, in->joined_on, err)) ||
        (rc = dj_member_rule_confirm(in->member_category, in->joined_on, in->confirmed_on, err)) ||
        (rc = text_ok("letter_no", "介绍信编号", in->letter_no, 40, true, err)) ||
        (rc = date_ok("issued_on", "开具日期", in->issued_on, err)))
        return rc;
    if (!dj_date_valid(in->valid_until) || dj_date_cmp(in->valid_until, in->issued_on) < 0)
        return dj_err_set(err, DJ_EINVAL, "valid_until", "「有效期至」不能早于开具日期");
    if ((rc = dj_transfer_rule_dues_month(in->dues_paid_to, in->issued_on, &y, &mo, err)))
        return rc;
    if (dj_crypt_seal(dj_svc()->key, id.number, AAD_ID, &sealed))
        return dj_err_set(err, DJ_EINTERNAL, NULL, "加密失败");
    t->id_enc = dj_arena_strdup(arena, sealed);
    free(sealed);
    t->member_name = in->name;
    t->gender = id.gender == 1 ? "1" : "2";
    t->member_category = in->member_category;
    t->joined_on = in->joined_on;
    t->confirmed_on = in->confirmed_on;
    t->from_name = in->from_name;
    t->to_org_id = target.id;
    t->to_path = dj_arena_strdup(arena, target.path);
    t->to_name = dj_arena_strdup(arena, target.name);
    t->letter_no = in->letter_no;
    t->issued_on = in->issued_on;
    t->valid_until = in->valid_until;
    t->dues_paid_to = dj_arena_printf(arena, "%04d-%02d", y, mo);
    t->state = "issued";
    return 0;
}

static int create_tx(struct dj_db *db, const struct dj_actor *actor,
                     const struct dj_transfer_new *in, struct dj_arena *arena,
                     struct dj_transfer *out, struct dj_err *err)
{
    struct dj_transfer t = {0};
    char now[32];
    int64_t id;
    int rc;

    t.kind = in->kind;
    if (!is(in->kind, "internal") && !is(in->kind, "out") && !is(in->kind, "in"))
        return dj_err_set(
            err, DJ_EINVAL, "kind",
            "「转接方式」应为 internal（系统内）、out（转出系统外）或 in（从系统外转入）");
    t.category = in->category && *in->category ? in->category
                 : is(in->kind, "internal")    ? "in_province"
                                               : NULL;
    if ((rc = check_category(t.category, err)) ||
        (rc = text_ok("reason", "描述信息", in->reason, 200, false, err)))
        return rc;
    t.reason = in->reason && *in->reason ? in->reason : NULL;
    t.requested_on = dj_date_isset(in->requested_on) ? in->requested_on : today();
    if ((rc = date_ok("requested_on", "申请日期", t.requested_on, err)))
        return rc;
    rc = is(in->kind, "in") ? create_in(db, actor, in, arena, &t, err)
                            : create_sent(db, actor, in, arena, &t, err);
    if (rc)
        return rc;
    t.created_by = actor->user_id;
    dj_now_iso(now, sizeof(now));
    rc = dj_store_transfer_insert(db, &t, now, &id, err);
    if (rc == DJ_ECONFLICT)
        return dj_err_set(err, DJ_ECONFLICT, "member_id", "该党员已有正在办理的组织关系转接");
    if (rc || (rc = dj_store_transfer_get(db, id, arena, out, err)))
        return rc;
    return audit(db, actor, "transfer.create", NULL, out, err);
}

int dj_transfer_create(struct dj_db *db, const struct dj_actor *actor,
                       const struct dj_transfer_new *in, struct dj_arena *arena,
                       struct dj_transfer *out, struct dj_err *err)
{
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    return end_tx(db, create_tx(db, actor, in, arena, out, err), err);
}

/* ---- steps --------------------------------------------------------------- */

int dj_transfer_dues_paid_through(struct dj_db *db, int64_t member_id, struct dj_date on,
                                  bool *known, int *year, int *month, struct dj_err *err)
{
    struct dj_date pt;
    int rc;

    (void)on;
    *known = false;
    *year = *month = 0;
    if ((rc = dj_dues_paid_through(db, member_id, &pt, known, err)))
        return rc == DJ_ENOTFOUND ? (dj_err_clear(err), 0) : rc;
    if (*known && dj_date_isset(pt)) {
        *year = pt.y;
        *month = pt.m;
    } else {
        *known = false;
    }
    return 0;
}

/* Which side must hold WRITE for this step: the path to authorise. */
static const char *actor_path(const struct dj_transfer *t, enum dj_transfer_action a)
{
    bool in = is(t->kind, "in");

    switch (a) {
    case DJ_TA_APPROVE:
    case DJ_TA_ISSUE:
        return t->approver_path;
    case DJ_TA_RECEIVE:
        return t->to_path;
    case DJ_TA_RECEIPT:
        return is(t->kind, "out") ? t->approver_path : t->to_path;
    case DJ_TA_RETURN:
        return is(t->state, "issued") ? t->to_path : t->approver_path;
    case DJ_TA_CANCEL:
        return in ? t->to_path : t->from_path;
    case DJ_TA_EXPIRE:
        return in ? t->to_path : t->approver_path;
    }
    return NULL;
}

static int issue(struct dj_db *db, struct dj_transfer *t, const struct dj_transfer_step *s,
                 struct dj_date on, struct dj_arena *arena, struct dj_err *err)
{
    int y, m, ky, km, rc;
    bool known;
    int64_t count;

    const char *dues = s->dues_paid_to;
    char derived[16];

    if ((rc = dj_transfer_rule_validity(on, t->approver_path, s->valid_until, &t->valid_until,
                                        err)) ||
        (rc = dj_transfer_dues_paid_through(db, t->member_id, on, &known, &ky, &km, err)))
        return rc;
    /* With payments on file the month is derived; a typed month must agree with them. */
    if (known && (!dues || !*dues)) {
        snprintf(derived, sizeof(derived), "%04d-%02d", ky, km);
        dues = derived;
    }
    /* A typed month may not pass the letter's month; paid ahead, the ledger's may. */
    if ((rc = dj_transfer_rule_dues_month(dues, known ? (struct dj_date){0} : on, &y, &m, err)))
        return rc;
    if (known && (ky != y || km != m))
        return dj_err_set(err, DJ_EINVAL, "dues_paid_to",
                          "「党费交至」与缴费记录不符：缴费记录显示交至 %04d-%02d", ky, km);
    t->dues_paid_to = dj_arena_printf(arena, "%04d-%02d", y, m);
    t->issued_on = on;
    if (s->letter_no && *s->letter_no) {
        if ((rc = text_ok("letter_no", "介绍信编号", s->letter_no, 40, true, err)))
            return rc;
        t->letter_no = s->letter_no;
    } else {
        if ((rc = dj_store_transfer_letters_in_year(db, t->approver_org_id, on.y, &count, err)))
            return rc;
        t->letter_no = dj_arena_printf(arena, "组转〔%04d〕%lld号", on.y, (long long)count + 1);
    }
    return 0;
}

static struct dj_date probation_end(const struct dj_transfer *t)
{
    int64_t months = 12;
    if (dj_rule_get(DJ_RULE_PROBATION, t->joined_on, NULL, &months))
        months = 12;
    return dj_date_add_months(t->joined_on, (int)months);
}

/* Receipt inside the system: the member moves (internal) or is created (in) in the target. */
static int receive(struct dj_db *db, const struct dj_actor *actor, struct dj_transfer *t,
                   struct dj_date on, struct dj_arena *arena, struct dj_err *err)
{
    struct dj_member_rec m;
    char now[32];
    int rc;

    dj_now_iso(now, sizeof(now));
    if (is(t->kind, "internal")) {
        struct dj_scope all = {.all = true};
        if ((rc = dj_store_member_get(db, &all, 0, t->member_id, arena, &m, err)))
            return rc;
        if (m.org_id != t->from_org_id)
            return dj_err_set(err, DJ_ECONFLICT, "state",
                              "该党员已不在原党支部，请撤销本次转接后重新办理");
        if ((rc = dj_member_move_in_tx(db, actor, t->member_id, t->to_org_id, true, arena, &m, err)) ||
            (rc = dj_store_member_mark_added(db, t->member_id, "internal", on, now, err)))
            return rc;
    } else {
        struct dj_member_rec in = {0};
        char *plain = NULL;
        if (!t->id_enc || dj_crypt_open(dj_svc()->key, t->id_enc, AAD_ID, &plain))
            return dj_err_set(err, DJ_EINTERNAL, NULL, "转接记录的身份证号码无法解密");
        in.name = (char *)t->member_name;
        in.id_number = dj_arena_strdup(arena, plain);
        dj_crypt_plain_free(plain);
        in.category = (char *)t->member_category;
        in.joined_on = t->joined_on;
        in.confirmed_on = t->confirmed_on;
        in.org_id = t->to_org_id;
        in.added_on = on;
        in.add_kind = "transfer_in";
        dj_rec_mark(&dj_member_desc, &in, DJ_MF_NAME);
        dj_rec_mark(&dj_member_desc, &in, DJ_MF_ID_NUMBER);
        dj_rec_mark(&dj_member_desc, &in, DJ_MF_CATEGORY);
        dj_rec_mark(&dj_member_desc, &in, DJ_MF_JOINED_ON);
        dj_rec_mark(&dj_member_desc, &in, DJ_MF_ORG_ID);
        dj_rec_mark(&dj_member_desc, &in, DJ_MF_ADDED_ON);
        dj_rec_mark(&dj_member_desc, &in, DJ_MF_ADD_KIND);
        if (dj_date_isset(in.confirmed_on))
            dj_rec_mark(&dj_member_desc, &in, DJ_MF_CONFIRMED_ON);
        if ((rc = dj_member_create_in_tx(db, actor, &in, arena, &m, err)))
            return rc;
        t->member_id = m.id;
    }
    t->received_on = on;
    if (is(t->member_category, "probationary"))
        t->probation_end = probation_end(t);
    return 0;
}

static int act_tx(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                  const struct dj_transfer_step *s, struct dj_arena *arena, struct dj_transfer *out,
                  struct dj_err *err)
{
    struct dj_transfer cur, t;
    struct dj_date on = dj_date_isset(s->on) ? s->on : today();
    const char *next, *path;
    unsigned sides;
    char now[32], x[11];
    static const char *const actions[] = {"transfer.approve", "transfer.issue",  "transfer.receive",
                                          "transfer.receipt", "transfer.return", "transfer.cancel",
                                          "transfer.expire"};
    int rc;

    if ((rc = load(db, actor, id, arena, &cur, &sides, err)))
        return rc;
    if ((unsigned)s->action >= DJ_ARRAY_LEN(actions))
        return dj_err_set(err, DJ_EINVAL, "action", "未知的办理步骤");
    if ((rc = dj_transfer_rule_step(cur.kind, cur.state, s->action, &next, err)))
        return rc;
    path = actor_path(&cur, s->action);
    if (!may(actor, DJ_PERM_WRITE, path))
        return dj_err_set(err, DJ_EPERM, NULL, "无权办理该转接的这一步骤");
    if ((rc = date_ok("date", "办理日期", on, err)))
        return rc;
    t = cur;
    t.state = next;
    switch (s->action) {
    case DJ_TA_APPROVE:
        if (dj_date_cmp(on, cur.requested_on) < 0)
            return dj_err_set(err, DJ_EINVAL, "date", "「办理日期」早于申请日期 %s",
                              dj_date_format(cur.requested_on, x));
        t.approved_on = on;
        break;
    case DJ_TA_ISSUE:
        if (dj_date_cmp(on, cur.approved_on) < 0)
            return dj_err_set(err, DJ_EINVAL, "date", "「办理日期」早于审批日期 %s",
                              dj_date_format(cur.approved_on, x));
        if ((rc = issue(db, &t, s, on, arena, err)))
            return rc;
        break;
    case DJ_TA_RECEIVE:
        if (dj_date_cmp(on, cur.issued_on) < 0)
            return dj_err_set(err, DJ_EINVAL, "date", "「办理日期」早于介绍信开具日期 %s",
                              dj_date_format(cur.issued_on, x));
        if (dj_transfer_rule_expired(cur.valid_until, on))
            return dj_err_set(err, DJ_ECONFLICT, "date",
                              "介绍信已于 %s 过期，请原党组织说明情况后重新开具",
                              dj_date_format(cur.valid_until, x));
        if ((rc = receive(db, actor, &t, on, arena, err)))
            return rc;
        break;
    case DJ_TA_RECEIPT:
        if (is(cur.kind, "out")) {
            if (dj_date_cmp(on, cur.issued_on) < 0)
                return dj_err_set(err, DJ_EINVAL, "date", "「办理日期」早于介绍信开具日期 %s",
                                  dj_date_format(cur.issued_on, x));
            t.received_on = on;
        } else if (dj_date_cmp(on, cur.received_on) < 0) {
            return dj_err_set(err, DJ_EINVAL, "date", "「办理日期」早于接收日期 %s",
                              dj_date_format(cur.received_on, x));
        }
        t.receipt_on = on;
        break;
    case DJ_TA_RETURN:
    case DJ_TA_CANCEL:
        if ((rc = text_ok("reason", s->action == DJ_TA_RETURN ? "退回原因" : "撤销原因", s->reason,
                          200, true, err)))
            return rc;
        t.closed_on = on;
        t.close_reason = s->reason;
        break;
    case DJ_TA_EXPIRE:
        if (!dj_transfer_rule_expired(cur.valid_until, on))
            return dj_err_set(err, DJ_ECONFLICT, "date", "介绍信有效期至 %s，尚未过期",
                              dj_date_format(cur.valid_until, x));
        t.closed_on = on;
        t.close_reason = s->reason && *s->reason ? s->reason : "介绍信逾期未报到";
        break;
    }
    dj_now_iso(now, sizeof(now));
    rc = dj_store_transfer_update(db, &t, now, err);
    if (rc == DJ_ECONFLICT && s->action == DJ_TA_ISSUE)
        return dj_err_set(err, DJ_ECONFLICT, "letter_no", "「介绍信编号」%s 已被使用", t.letter_no);
    if (rc || (rc = dj_store_transfer_get(db, id, arena, out, err)))
        return rc;
    return audit(db, actor, actions[s->action], &cur, out, err);
}

int dj_transfer_act(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                    const struct dj_transfer_step *s, struct dj_arena *arena,
                    struct dj_transfer *out, struct dj_err *err)
{
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    return end_tx(db, act_tx(db, actor, id, s, arena, out, err), err);
}

static int postpone_tx(struct dj_db *db, const struct dj_actor *actor, int64_t id, int months,
                       struct dj_arena *arena, struct dj_transfer *out, struct dj_err *err)
{
    struct dj_transfer cur, t;
    unsigned sides;
    char now[32];
    int rc;

    if ((rc = load(db, actor, id, arena, &cur, &sides, err)))
        return rc;
    if (!may(actor, DJ_PERM_WRITE, cur.to_path))
        return dj_err_set(err, DJ_EPERM, NULL, "无权办理该转接的这一步骤");
    if (!is(cur.state, "received") && !is(cur.state, "completed"))
        return dj_err_set(err, DJ_ECONFLICT, "state", "接收后才能推迟讨论预备党员转正");
    if (!is(cur.member_category, "probationary"))
        return dj_err_set(err, DJ_ECONFLICT, "member_category", "只有预备党员可以推迟讨论转正");
    if ((rc = dj_transfer_rule_postpone(months, cur.received_on, err)))
        return rc;
    t = cur;
    t.postpone_months = months;
    if (!dj_date_isset(t.probation_end))
        t.probation_end = probation_end(&t);
    dj_now_iso(now, sizeof(now));
    if ((rc = dj_store_transfer_update(db, &t, now, err)) ||
        (rc = dj_store_transfer_get(db, id, arena, out, err)))
        return rc;
    return audit(db, actor, "transfer.postpone", &cur, out, err);
}

int dj_transfer_postpone(struct dj_db *db, const struct dj_actor *actor, int64_t id, int months,
                         struct dj_arena *arena, struct dj_transfer *out, struct dj_err *err)
{
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    return end_tx(db, postpone_tx(db, actor, id, months, arena, out, err), err);
}

int dj_transfer_probation_postponement(struct dj_db *db, int64_t member_id, int *months,
                                       struct dj_date *original_end, struct dj_err *err)
{
    struct dj_transfer_filter f = {.state = "received", .member_id = member_id, .limit = 10};
    struct dj_scope all = {.all = true};
    struct dj_arena *arena = dj_arena_new();
    struct dj_transfer *rows;
    int n, rc;

    *months = 0;
    *original_end = (struct dj_date){0, 0, 0};
    rc = dj_store_transfer_list(db, &all, &f, arena, &rows, &n, err);
    if (!rc && n == 0) {
        f.state = "completed";
        rc = dj_store_transfer_list(db, &all, &f, arena, &rows, &n, err);
    }
    if (!rc && n > 0) {
        *months = rows[0].postpone_months;
        *original_end = rows[0].probation_end;
    }
    dj_arena_free(arena);
    return rc;
}

/* ---- the letter ---------------------------------------------------------- */

/* The masked ID number of a transfer's member ("" when unknown). */
static const char *masked_id(struct dj_db *db, const struct dj_transfer *t, struct dj_arena *arena)
{
    char masked[32] = "";

    if (t->member_id) {
        struct dj_scope all = {.all = true};
        struct dj_member_rec m;
        if (!dj_store_member_get(db, &all, 0, t->member_id, arena, &m, NULL)) {
            dj_member_open(dj_svc()->key, &m, arena);
            if (m.id_number)
                dj_mask_idcard(m.id_number, masked, sizeof(masked));
        }
    } else if (t->id_enc) {
        char *plain = NULL;
        if (!dj_crypt_open(dj_svc()->key, t->id_enc, AAD_ID, &plain))
            dj_mask_idcard(plain, masked, sizeof(masked));
        dj_crypt_plain_free(plain);
    }
    return dj_arena_strdup(arena, masked);
}

int dj_transfer_roster(struct dj_db *db, const struct dj_actor *actor, const char *box, int year,
                       int64_t org_id, struct dj_arena *arena, struct dj_transfer_roster_row **rows,
                       int *n, struct dj_err *err)
{
    struct dj_transfer_query q = {.box = box, .org_id = org_id};
    struct dj_transfer *all;
    bool in = is(box, "in");
    int na, rc;

    *rows = NULL;
    *n = 0;
    if (!in && !is(box, "out"))
        return dj_err_set(err, DJ_EINVAL, "box", "查询参数 box 应为 out 或 in");
    if (year < 1921 || year > 9999)
        return dj_err_set(err, DJ_EINVAL, "year", "查询参数 year 应为年份");
    if ((rc = dj_transfer_list(db, actor, &q, arena, &all, &na, err)))
        return rc;
    *rows = dj_arena_zalloc(arena, sizeof(**rows) * (size_t)(na ? na : 1));
    for (int i = na - 1; i >= 0; i--) { /* the list is newest first */
        const struct dj_transfer *t = &all[i];
        struct dj_transfer_roster_row *r;
        struct dj_date on = in ? t->received_on : t->issued_on;
        if (!dj_date_isset(on) || on.y != year)
            continue;
        if (!in && !is(t->state, "issued") && !is(t->state, "received") &&
            !is(t->state, "completed"))
            continue;
        r = &(*rows)[(*n)++];
        r->name = t->member_name;
        r->gender_label = is(t->gender, "1") ? "男" : is(t->gender, "2") ? "女" : "";
        r->id_masked = masked_id(db, t, arena);
        r->category_label = dj_transfer_category_label(t->category);
        r->on = on;
        r->from_name = t->from_name;
        r->to_name = t->to_name;
        r->reason = t->reason ? t->reason : "";
        r->dues_paid_to = t->dues_paid_to ? t->dues_paid_to : "";
    }
    return 0;
}

int dj_transfer_letter(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                       struct dj_arena *arena, struct dj_transfer_letter *out, struct dj_err *err)
{
    struct dj_transfer t;
    unsigned sides;
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = load(db, actor, id, arena, &t, &sides, err)))
        return rc;
    if (!t.letter_no)
        return dj_err_set(err, DJ_ECONFLICT, "state", "介绍信尚未开具");
    out->transfer_id = t.id;
    out->letter_no = t.letter_no;
    out->member_name = t.member_name;
    out->gender_label = is(t.gender, "1") ? "男" : is(t.gender, "2") ? "女" : "";
    out->nation_label = "";
    if (t.member_id) {
        struct dj_scope all = {.all = true};
        struct dj_member_rec m;
        if (!dj_store_member_get(db, &all, 0, t.member_id, arena, &m, NULL)) {
            dj_member_derive(&m, t.issued_on, arena);
            out->age = (int)m.age;
            if (m.nation)
                out->nation_label = dj_dict_label(dj_dict_find("nation"), m.nation);
        }
    }
    if (!out->nation_label)
        out->nation_label = "";
    out->id_masked = masked_id(db, &t, arena);
    out->category_label = is(t.member_category, "probationary") ? "预备" : "正式";
    out->from_name = t.from_name;
    out->to_name = t.to_name;
    out->issuer_name = t.approver_name ? t.approver_name : t.from_name;
    out->transfer_category = dj_transfer_category_label(t.category);
    if (t.dues_paid_to && strlen(t.dues_paid_to) == 7) {
        out->dues_year = (int)strtol(t.dues_paid_to, NULL, 10);
        out->dues_month = (int)strtol(t.dues_paid_to + 5, NULL, 10);
    }
    out->issued_on = t.issued_on;
    out->valid_until = t.valid_until;
    out->valid_days = dj_date_diff_days(t.issued_on, t.valid_until) + 1;
    out->received_on = t.received_on;
    out->receipt_on = t.receipt_on;
    out->state = t.state;
    return 0;
}

/* ---- deadlines ----------------------------------------------------------- */

int dj_transfer_deadline_lister(struct dj_db *db, const struct dj_scope *scope, struct dj_date from,
                                struct dj_date to, dj_deadline_emit emit, void *ctx,
                                struct dj_err *err)
{
    struct dj_transfer_filter f = {.state = "open", .limit = 100000};
    struct dj_arena *arena = dj_arena_new();
    struct dj_date now = today();
    struct dj_transfer *rows;
    int n, rc;

    rc = dj_store_transfer_list(db, scope, &f, arena, &rows, &n, err);
    for (int i = 0; !rc && i < n; i++) {
        const struct dj_transfer *t = &rows[i];
        struct dj_deadline d = {0};
        char key[40], title[300];

        snprintf(key, sizeof(key), "transfer:%lld", (long long)t->id);
        d.key = key;
        d.member_id = t->member_id;
        d.title = title;
        if (is(t->state, "issued")) {
            const char *path = t->approver_path ? t->approver_path : t->to_path;
            if (!dj_scope_contains(scope, path))
                continue;
            d.kind = "transfer.letter_expiring";
            d.org_id = t->approver_org_id ? t->approver_org_id : t->to_org_id;
            d.org_path = path;
            d.due = t->valid_until;
            d.rule_id = DJ_RULE_LETTER_VALIDITY;
            d.level = dj_transfer_is_pocket(t, now) ? DJ_DEADLINE_OVERDUE : DJ_DEADLINE_DUE;
            snprintf(title, sizeof(title), "%s 组织关系介绍信%s（%s）", t->member_name,
                     d.level == DJ_DEADLINE_OVERDUE ? "已过期未报到" : "即将到期",
                     t->letter_no ? t->letter_no : "");
        } else if (is(t->state, "received") && t->to_path) {
            if (!dj_scope_contains(scope, t->to_path))
                continue;
            d.kind = "transfer.receipt_overdue";
            d.org_id = t->to_org_id;
            d.org_path = t->to_path;
            d.due = receipt_due(t);
            d.rule_id = DJ_RULE_RECEIPT_DAYS;
            d.level = dj_date_cmp(now, d.due) > 0 ? DJ_DEADLINE_OVERDUE : DJ_DEADLINE_DUE;
            snprintf(title, sizeof(title), "%s 组织关系介绍信回执待退回", t->member_name);
        } else {
            continue;
        }
        if (!dj_date_isset(d.due) || dj_date_cmp(d.due, from) < 0 || dj_date_cmp(d.due, to) > 0)
            continue;
        rc = emit(ctx, &d);
    }
    dj_arena_free(arena);
    return rc;
}
