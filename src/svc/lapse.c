/*
 * lapse.c - 流动党员, the contact log, 失联排查, 自行脱党 candidates and status
 * decisions (see lapse.h). Status changes go through svc/member.c.
 */
#include "base/compat.h"
#include "svc/lapse.h"

#include <jansson.h>

#include "model/member_rec.h"
#include "rules/member_rules.h"
#include "rules/rulecalc.h"
#include "rules/ruletab.h"
#include "rules/transfer_rules.h"
#include "store/member.h"
#include "svc/audit.h"
#include "svc/member.h"
#include "svc/svc.h"

#define MSG_NO_ACCESS "无权访问该组织的数据"

static struct dj_date today(void)
{
    const struct dj_svc_env *env = dj_svc();
    return dj_date_today(env && env->cfg ? env->cfg->utc_offset_minutes : 480);
}

static bool is(const char *a, const char *b)
{
    return a && !strcmp(a, b);
}

static bool may(const struct dj_actor *a, enum dj_perm p, const char *path)
{
    return path && *path && dj_authorize(a, p, path, NULL) == 0;
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

/* The member if the actor may read it (and write it when `write`); missing = out of scope. */
static int member(struct dj_db *db, const struct dj_actor *actor, int64_t id, bool write,
                  struct dj_arena *arena, struct dj_member_rec *m, struct dj_err *err)
{
    struct dj_scope all = {.all = true};
    int rc;

    if (id <= 0)
        return dj_err_set(err, DJ_EINVAL, "member_id", "「党员」不能为空");
    rc = dj_store_member_get(db, &all, 0, id, arena, m, err);
    if (rc == DJ_ENOTFOUND || (!rc && !may(actor, DJ_PERM_READ, m->org_path)))
        return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
    if (rc)
        return rc;
    if (write && !may(actor, DJ_PERM_WRITE, m->org_path))
        return dj_err_set(err, DJ_EPERM, NULL, "无权修改该党员的数据");
    return 0;
}

static int audit_member(struct dj_db *db, const struct dj_actor *actor, const char *action,
                        const struct dj_member_rec *m, json_t *after, struct dj_err *err)
{
    char id[24];
    int rc;

    snprintf(id, sizeof(id), "%lld", (long long)m->id);
    rc = dj_audit_write(db, actor, action, "member", id, m->org_path, NULL, after, err);
    json_decref(after);
    return rc;
}

/* ---- flows --------------------------------------------------------------- */

static unsigned flow_sides(const struct dj_actor *a, const struct dj_flow *f, enum dj_perm p)
{
    return (may(a, p, f->home_path) ? 1u : 0u) | (may(a, p, f->host_path) ? 2u : 0u);
}

static json_t *flow_json(const struct dj_flow *f)
{
    char a[11];
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)f->id, "side",
                          f->side, "member_name", f->member_name, "home_name", f->home_name,
                          "host_name", f->host_name, "reason", f->reason, "destination",
                          f->destination, "left_on", dj_date_format(f->left_on, a));
    if (f->card_no)
        json_object_set_new(o, "card_no", json_string(f->card_no));
    return o;
}

static int audit_flow(struct dj_db *db, const struct dj_actor *actor, const char *action,
                      const struct dj_flow *f, json_t *after, struct dj_err *err)
{
    char id[24];
    int rc;

    snprintf(id, sizeof(id), "%lld", (long long)f->id);
    rc = dj_audit_write(db, actor, action, "flow", id, f->home_path ? f->home_path : f->host_path,
                        NULL, after, err);
    json_decref(after);
    return rc;
}

static int flow_create_tx(struct dj_db *db, const struct dj_actor *actor,
                          const struct dj_flow_new *in, struct dj_arena *arena, struct dj_flow *out,
                          struct dj_err *err)
{
    struct dj_flow f = {0};
    struct dj_xorg host;
    char now[32];
    int64_t id, active;
    int rc;

    f.side = in->side;
    if (!is(in->side, "out") && !is(in->side, "in"))
        return dj_err_set(err, DJ_EINVAL, "side", "「登记方」应为 out（流出）或 in（流入）");
    if ((rc = text_ok("reason", "外出原因", in->reason, 100, true, err)) ||
        (rc = text_ok("destination", "去向", in->destination, 100, true, err)) ||
        (rc = text_ok("card_no", "流动党员活动证编号", in->card_no, 40, false, err)) ||
        (rc = date_ok("left_on", "外出日期", in->left_on, err)))
        return rc;
    if (dj_date_isset(in->until_on) &&
        (!dj_date_valid(in->until_on) || dj_date_cmp(in->until_on, in->left_on) < 0))
        return dj_err_set(err, DJ_EINVAL, "until_on", "「预计返回日期」不能早于外出日期");
    f.reason = in->reason;
    f.destination = in->destination;
    f.card_no = in->card_no && *in->card_no ? in->card_no : NULL;
    f.left_on = in->left_on;
    f.until_on = in->until_on;
    if (is(in->side, "out")) {
        struct dj_member_rec m, after;
        if ((rc = member(db, actor, in->member_id, true, arena, &m, err)))
            return rc;
        if (!is(m.status, "normal") && !is(m.status, "mobile"))
            return dj_err_set(err, DJ_ECONFLICT, "member_id",
                              "只有状态为正常或流动的党员可以登记外出流动");
        if ((rc = dj_store_flow_active(db, m.id, &active, err)))
            return rc;
        if (active)
            return dj_err_set(err, DJ_ECONFLICT, "member_id", "该党员已有未结束的流动登记");
        f.member_id = m.id;
        f.member_name = m.name;
        f.home_org_id = m.org_id;
        f.home_path = m.org_path;
        f.home_name = m.org_name;
        if (in->host_org_id > 0) {
            rc = dj_store_xorg(db, in->host_org_id, &host, err);
            if (rc == DJ_ENOTFOUND || (!rc && !is(host.status, "active")))
                return dj_err_set(err, DJ_EINVAL, "host_org_id", "「流入地党组织」不存在或已撤销");
            if (rc)
                return rc;
            if (host.id == m.org_id)
                return dj_err_set(err, DJ_EINVAL, "host_org_id",
                                  "「流入地党组织」与所在党支部相同");
            f.host_org_id = host.id;
            f.host_path = dj_arena_strdup(arena, host.path);
            f.host_name = dj_arena_strdup(arena, host.name);
        } else {
            if ((rc = text_ok("host_name", "流入地党组织", in->host_name, 100, true, err)))
                return rc;
            f.host_name = in->host_name;
        }
        if (is(m.status, "normal")) {
            struct dj_member_status_change c = {.status = "mobile", .on = in->left_on};
            if ((rc = dj_member_set_status_in_tx(db, actor, m.id, &c, arena, &after, err)))
                return rc;
        }
    } else {
        rc = in->in_org_id > 0 ? dj_store_xorg(db, in->in_org_id, &host, err) : DJ_ENOTFOUND;
        if (rc == DJ_ENOTFOUND || (!rc && !may(actor, DJ_PERM_WRITE, host.path)))
            return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
        if (rc)
            return rc;
        if ((rc = text_ok("member_name", "姓名", in->member_name, 30, true, err)) ||
            (rc = text_ok("home_name", "流出地党组织", in->home_name, 100, true, err)))
            return rc;
        f.member_name = in->member_name;
        f.home_name = in->home_name;
        f.host_org_id = host.id;
        f.host_path = dj_arena_strdup(arena, host.path);
        f.host_name = dj_arena_strdup(arena, host.name);
    }
    if ((rc = dj_store_flow_insert(db, &f, actor->user_id, dj_now_iso(now, sizeof(now)), &id,
                                   err)) ||
        (rc = dj_store_flow_get(db, id, arena, out, err)))
        return rc;
    return audit_flow(db, actor, "flow.create", out, flow_json(out), err);
}

int dj_flow_create(struct dj_db *db, const struct dj_actor *actor, const struct dj_flow_new *in,
                   struct dj_arena *arena, struct dj_flow *out, struct dj_err *err)
{
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    return end_tx(db, flow_create_tx(db, actor, in, arena, out, err), err);
}

static int flow_load(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                     struct dj_arena *arena, struct dj_flow *out, struct dj_err *err)
{
    int rc = dj_store_flow_get(db, id, arena, out, err);

    if (rc == DJ_ENOTFOUND || (!rc && !flow_sides(actor, out, DJ_PERM_READ)))
        return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
    return rc;
}

int dj_flow_get(struct dj_db *db, const struct dj_actor *actor, int64_t id, struct dj_arena *arena,
                struct dj_flow *out, struct dj_err *err)
{
    return flow_load(db, actor, id, arena, out, err);
}

int dj_flow_list(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, bool all,
                 struct dj_arena *arena, struct dj_flow **rows, int *n, struct dj_err *err)
{
    struct dj_scope scope;
    struct dj_xorg org;
    int rc;

    *rows = NULL;
    *n = 0;
    dj_scope_for(actor, DJ_PERM_READ, &scope);
    if (!scope.all && scope.n == 0)
        return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
    if (org_id) {
        rc = dj_store_xorg(db, org_id, &org, err);
        if (rc == DJ_ENOTFOUND || (!rc && !dj_scope_contains(&scope, org.path)))
            return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
        if (rc)
            return rc;
    }
    return dj_store_flow_list(db, &scope, org_id ? org.path : NULL, all, arena, rows, n, err);
}

static int flow_end_tx(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                       struct dj_date on, const char *reason, struct dj_arena *arena,
                       struct dj_flow *out, struct dj_err *err)
{
    struct dj_flow f;
    char now[32], x[11];
    int rc;

    if ((rc = flow_load(db, actor, id, arena, &f, err)))
        return rc;
    if (!may(actor, DJ_PERM_WRITE, is(f.side, "in") ? f.host_path : f.home_path))
        return dj_err_set(err, DJ_EPERM, NULL, "无权结束该流动登记");
    if (dj_date_isset(f.ended_on))
        return dj_err_set(err, DJ_ECONFLICT, "state", "该流动登记已结束");
    if ((rc = date_ok("date", "结束日期", on, err)) ||
        (rc = text_ok("reason", "结束原因", reason, 100, true, err)))
        return rc;
    if (dj_date_cmp(on, f.left_on) < 0)
        return dj_err_set(err, DJ_EINVAL, "date", "「结束日期」早于外出日期 %s",
                          dj_date_format(f.left_on, x));
    if (f.member_id) {
        struct dj_scope all = {.all = true};
        struct dj_member_rec m, after;
        if ((rc = dj_store_member_get(db, &all, 0, f.member_id, arena, &m, err)))
            return rc;
        if (is(m.status, "mobile")) {
            struct dj_member_status_change c = {.status = "normal", .on = on};
            if ((rc = dj_member_set_status_in_tx(db, actor, m.id, &c, arena, &after, err)))
                return rc;
        }
    }
    if ((rc = dj_store_flow_end(db, id, on, reason, dj_now_iso(now, sizeof(now)), err)) ||
        (rc = dj_store_flow_get(db, id, arena, out, err)))
        return rc;
    return audit_flow(db, actor, "flow.end", out,
                      json_pack("{s:s,s:s}", "ended_on", dj_date_format(on, x), "reason", reason),
                      err);
}

int dj_flow_end(struct dj_db *db, const struct dj_actor *actor, int64_t id, struct dj_date on,
                const char *reason, struct dj_arena *arena, struct dj_flow *out, struct dj_err *err)
{
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    return end_tx(db, flow_end_tx(db, actor, id, on, reason, arena, out, err), err);
}

static int flow_review_tx(struct dj_db *db, const struct dj_actor *actor, int64_t id, int year,
                          struct dj_date on, const char *result, const char *note,
                          struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    struct dj_flow f;
    char now[32], x[11];
    int64_t rid;
    int rc;

    if ((rc = flow_load(db, actor, id, arena, &f, err)))
        goto out;
    if (!flow_sides(actor, &f, DJ_PERM_WRITE)) {
        rc = dj_err_set(err, DJ_EPERM, NULL, "无权办理该流动党员的年审");
        goto out;
    }
    if ((rc = date_ok("date", "年审日期", on, err)) ||
        (rc = text_ok("note", "年审意见", note, 200, false, err)))
        goto out;
    if (year < f.left_on.y || year > on.y) {
        rc =
            dj_err_set(err, DJ_EINVAL, "year", "「年审年度」应在 %d 至 %d 之间", f.left_on.y, on.y);
        goto out;
    }
    if (!is(result, "passed") && !is(result, "failed")) {
        rc = dj_err_set(err, DJ_EINVAL, "result",
                        "「年审结果」应为 passed（通过）或 failed（不通过）");
        goto out;
    }
    if ((rc = dj_store_flow_review(db, id, year, on, result, note && *note ? note : NULL,
                                   actor->user_id, dj_now_iso(now, sizeof(now)), &rid, err)))
        goto out;
    rc = audit_flow(db, actor, "flow.review", &f,
                    json_pack("{s:i,s:s,s:s}", "year", year, "reviewed_on", dj_date_format(on, x),
                              "result", result),
                    err);
out:
    dj_arena_free(arena);
    return rc;
}

int dj_flow_review(struct dj_db *db, const struct dj_actor *actor, int64_t id, int year,
                   struct dj_date on, const char *result, const char *note, struct dj_err *err)
{
    int rc;

    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    return end_tx(db, flow_review_tx(db, actor, id, year, on, result, note, err), err);
}

int dj_flow_is_guest(struct dj_db *db, int64_t member_id, int64_t host_org_id, struct dj_date on,
                     bool *guest, struct dj_err *err)
{
    return dj_store_flow_guest(db, member_id, host_org_id, on, guest, err);
}

/* ---- notes --------------------------------------------------------------- */

enum note_op { OP_CONTACT, OP_SEARCH, OP_GROUND };

struct note_in {
    enum note_op op;
    int64_t member_id;
    struct dj_date on;
    const char *a, *b; /* method/note, action/evidence, ground/note */
    bool flag;         /* found, good_reason */
};

static int note_tx(struct dj_db *db, const struct dj_actor *actor, const struct note_in *in,
                   int64_t *id, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    struct dj_member_rec m;
    char now[32], x[11];
    const char *action = NULL;
    json_t *after = NULL;
    int rc;

    *id = 0;
    dj_now_iso(now, sizeof(now));
    if ((rc = member(db, actor, in->member_id, true, arena, &m, err)))
        goto out;
    switch (in->op) {
    case OP_CONTACT:
        if ((rc = date_ok("date", "联系日期", in->on, err)) ||
            (rc = text_ok("method", "联系方式", in->a, 20, true, err)) ||
            (rc = text_ok("note", "联系情况", in->b, 500, false, err)) ||
            (rc = dj_store_contact_insert(db, m.id, in->on, in->a, in->b && *in->b ? in->b : NULL,
                                          actor->user_id, now, id, err)))
            goto out;
        action = "member.contact";
        after = json_pack("{s:s,s:s}", "date", dj_date_format(in->on, x), "method", in->a);
        break;
    case OP_SEARCH:
        if ((rc = date_ok("date", "查找日期", in->on, err)) ||
            (rc = text_ok("action", "查找措施", in->a, 100, true, err)) ||
            (rc = text_ok("evidence", "查找情况及佐证", in->b, 500, true, err)) ||
            (rc = dj_store_search_insert(db, m.id, in->on, in->a, in->b, in->flag, actor->user_id,
                                         now, id, err)))
            goto out;
        action = "member.lapse_search";
        after = json_pack("{s:s,s:s,s:b}", "date", dj_date_format(in->on, x), "action", in->a,
                          "found", in->flag);
        break;
    case OP_GROUND:
        if (!is(in->a, "life") && !is(in->a, "dues") && !is(in->a, "work")) {
            rc = dj_err_set(err, DJ_EINVAL, "ground",
                            "「情形」应为 life（不参加组织生活）、dues（不交纳党费）或 work"
                            "（不做党所分配的工作）");
            goto out;
        }
        if ((rc = date_ok("since", "起始日期", in->on, err)) ||
            (rc = text_ok("note", "情况说明", in->b, 500, in->flag, err)) ||
            (rc = dj_store_ground_insert(db, m.id, in->a, in->on, in->flag,
                                         in->b && *in->b ? in->b : NULL, actor->user_id, now, id,
                                         err)))
            goto out;
        action = "member.lapse_ground";
        after = json_pack("{s:s,s:s,s:b}", "ground", in->a, "since", dj_date_format(in->on, x),
                          "good_reason", in->flag);
        break;
    }
    json_object_set_new(after, "id", json_integer(*id));
    rc = audit_member(db, actor, action, &m, after, err);
out:
    dj_arena_free(arena);
    return rc;
}

static int note(struct dj_db *db, const struct dj_actor *actor, const struct note_in *in,
                int64_t *id, struct dj_err *err)
{
    int rc;

    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    return end_tx(db, note_tx(db, actor, in, id, err), err);
}

int dj_lapse_contact(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                     struct dj_date on, const char *method, const char *note_text, int64_t *id,
                     struct dj_err *err)
{
    struct note_in in = {OP_CONTACT, member_id, on, method, note_text, false};
    return note(db, actor, &in, id, err);
}

int dj_lapse_search(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                    struct dj_date on, const char *action, const char *evidence, bool found,
                    int64_t *id, struct dj_err *err)
{
    struct note_in in = {OP_SEARCH, member_id, on, action, evidence, found};
    return note(db, actor, &in, id, err);
}

int dj_lapse_ground(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                    const char *ground, struct dj_date since, bool good_reason,
                    const char *note_text, int64_t *id, struct dj_err *err)
{
    struct note_in in = {OP_GROUND, member_id, since, ground, note_text, good_reason};
    return note(db, actor, &in, id, err);
}

static int clear_tx(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                    int64_t ground_id, struct dj_date on, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    struct dj_member_rec m;
    char x[11];
    int rc;

    if (!(rc = member(db, actor, member_id, true, arena, &m, err)) &&
        !(rc = date_ok("date", "解除日期", on, err)) &&
        !(rc = dj_store_ground_clear(db, ground_id, member_id, on, err)))
        rc = audit_member(db, actor, "member.lapse_ground_clear", &m,
                          json_pack("{s:I,s:s}", "id", (json_int_t)ground_id, "cleared_on",
                                    dj_date_format(on, x)),
                          err);
    dj_arena_free(arena);
    return rc;
}

int dj_lapse_ground_clear(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                          int64_t ground_id, struct dj_date on, struct dj_err *err)
{
    int rc;

    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    return end_tx(db, clear_tx(db, actor, member_id, ground_id, on, err), err);
}

int dj_lapse_notes(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                   enum dj_note_kind kind, struct dj_arena *arena, struct dj_member_note **rows,
                   int *n, struct dj_err *err)
{
    struct dj_member_rec m;
    int rc;

    *rows = NULL;
    *n = 0;
    if ((rc = member(db, actor, member_id, false, arena, &m, err)))
        return rc;
    return dj_store_notes(db, kind, member_id, arena, rows, n, err);
}

/* ---- worklist and candidates --------------------------------------------- */

static int subtree(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                   struct dj_scope *scope, struct dj_xorg *org, const char **path,
                   struct dj_err *err)
{
    int rc;

    *path = NULL;
    dj_scope_for(actor, DJ_PERM_READ, scope);
    if (!scope->all && scope->n == 0)
        return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
    if (!org_id)
        return 0;
    rc = dj_store_xorg(db, org_id, org, err);
    if (rc == DJ_ENOTFOUND || (!rc && !dj_scope_contains(scope, org->path)))
        return dj_err_set(err, DJ_EPERM, NULL, MSG_NO_ACCESS);
    *path = org->path;
    return rc;
}

int dj_lapse_worklist(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                      struct dj_arena *arena, struct dj_lapse_item **rows, int *n,
                      struct dj_err *err)
{
    struct dj_scope scope;
    struct dj_xorg org;
    struct dj_lapse_row *scan;
    struct dj_date now = today();
    const char *path;
    int ns, rc;

    *rows = NULL;
    *n = 0;
    if ((rc = subtree(db, actor, org_id, &scope, &org, &path, err)) ||
        (rc = dj_store_lapse_scan(db, &scope, path, arena, &scan, &ns, err)))
        return rc;
    *rows = dj_arena_zalloc(arena, sizeof(**rows) * (size_t)(ns ? ns : 1));
    for (int i = 0; i < ns; i++) {
        struct dj_lapse_item it = {.row = scan[i]};
        bool flag = false;
        it.last = scan[i].on_roll;
        if (dj_date_isset(scan[i].last_signal) &&
            (!dj_date_isset(it.last) || dj_date_cmp(scan[i].last_signal, it.last) > 0))
            it.last = scan[i].last_signal;
        if (!dj_date_valid(it.last) ||
            dj_lapse_rule_inactive(it.last, now, scan[i].org_path, &it.since, &flag) || !flag)
            continue;
        it.months = dj_date_months_between(it.last, now);
        if (is(scan[i].status, "lost_contact"))
            dj_rule_compare_span(DJ_RULE_LOST_CONTACT, it.last, now, &it.may_suspend);
        (*rows)[(*n)++] = it;
    }
    return 0;
}

int dj_lapse_candidates(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                        struct dj_arena *arena, struct dj_lapse_candidate **rows, int *n,
                        struct dj_err *err)
{
    struct dj_scope scope;
    struct dj_xorg org;
    struct dj_ground_row *g;
    struct dj_date now = today();
    const char *path;
    int ng, rc;

    *rows = NULL;
    *n = 0;
    if ((rc = subtree(db, actor, org_id, &scope, &org, &path, err)) ||
        (rc = dj_store_ground_open(db, &scope, path, arena, &g, &ng, err)))
        return rc;
    *rows = dj_arena_zalloc(arena, sizeof(**rows) * (size_t)(ng ? ng : 1));
    for (int i = 0; i < ng; i++) {
        struct dj_lapse_candidate c = {.g = g[i]};
        bool flag = false;
        if (dj_lapse_rule_self_departure(g[i].since, now, &c.from, &flag) || !flag)
            continue;
        (*rows)[(*n)++] = c;
    }
    return 0;
}

/* ---- decisions ----------------------------------------------------------- */

static int decide_tx(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                     const struct dj_lapse_decision *d, int64_t *id, struct dj_err *err)
{
    static const struct {
        const char *decision, *status, *leave_kind;
    } map[] = {
        {"lost_contact", "lost_contact", NULL},
        {"suspend", "suspended", NULL},
        {"restore", "normal", NULL},
        {"remove", "left", "removed"},
        {"leave", "left", NULL},
        {"death", "deceased", NULL},
    };
    struct dj_arena *arena = dj_arena_new();
    struct dj_member_status_change c = {0};
    struct dj_member_rec m, after;
    char now[32], x[11];
    int rc, k = -1;

    *id = 0;
    for (int i = 0; i < (int)DJ_ARRAY_LEN(map); i++)
        if (is(d->decision, map[i].decision))
            k = i;
    if (k < 0) {
        rc = dj_err_set(err, DJ_EINVAL, "decision",
                        "「决定事项」应为 lost_contact（失联）、suspend（停止党籍）、restore"
                        "（恢复党籍）、remove（除名）、leave（出党）或 death（死亡）");
        goto out;
    }
    if ((rc = member(db, actor, member_id, true, arena, &m, err)) ||
        (rc = date_ok("date", "决定日期", d->on, err)) ||
        (rc = text_ok("decider", "决定机关", d->decider, 100, true, err)) ||
        (rc = text_ok("doc_no", "文号", d->doc_no, 60, true, err)) ||
        (rc = text_ok("reason", "决定理由", d->reason, 200, k != 5, err)))
        goto out;
    c.status = map[k].status;
    c.on = d->on;
    c.leave_kind = map[k].leave_kind ? map[k].leave_kind : d->leave_kind;
    c.reason = d->reason && *d->reason ? d->reason : NULL;
    if (k != 4 && d->leave_kind && *d->leave_kind) {
        rc = dj_err_set(err, DJ_EINVAL, "leave_kind", "只有出党决定才填写「出党方式」");
        goto out;
    }
    if ((rc = dj_member_set_status_in_tx(db, actor, member_id, &c, arena, &after, err)) ||
        (rc = dj_store_decision_insert(db, member_id, d->decision, d->on, d->decider, d->doc_no,
                                       c.reason, c.leave_kind, actor->user_id,
                                       dj_now_iso(now, sizeof(now)), id, err)))
        goto out;
    rc = audit_member(db, actor, "member.decision", &m,
                      json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)*id, "decision",
                                d->decision, "date", dj_date_format(d->on, x), "decider",
                                d->decider, "doc_no", d->doc_no),
                      err);
out:
    dj_arena_free(arena);
    return rc;
}

int dj_lapse_decide(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                    const struct dj_lapse_decision *d, int64_t *id, struct dj_err *err)
{
    int rc;

    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    return end_tx(db, decide_tx(db, actor, member_id, d, id, err), err);
}
