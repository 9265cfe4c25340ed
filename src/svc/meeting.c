/* meeting.c (svc) - records of organisational life and their review; see meeting.h. */
#include "base/compat.h"
#include "model/desc.h"
#include "rules/life_rules.h"
#include "rules/ruletab.h"
#include "store/member.h"
#include "store/org.h"
#include "svc/audit.h"
#include "svc/lapse.h"
#include "svc/meeting.h"
#include "svc/org.h"
#include "svc/svc.h"

static struct dj_date today(void)
{
    const struct dj_svc_env *env = dj_svc();
    return dj_date_today(env && env->cfg ? env->cfg->utc_offset_minutes : 480);
}

/* dj_audit_write, then drop the caller's references to before and after. */
static int audit_owned(struct dj_db *db, const struct dj_actor *actor, const char *action,
                       const char *type, const char *id, const char *path, json_t *before,
                       json_t *after, struct dj_err *err)
{
    int rc = dj_audit_write(db, actor, action, type, id, path, before, after, err);

    json_decref(before);
    json_decref(after);
    return rc;
}

static int end_tx(struct dj_db *db, int rc, struct dj_err *err)
{
    if (!rc)
        rc = dj_db_commit(db, err);
    if (rc)
        dj_db_rollback(db);
    return rc;
}

static const char *const att_states[] = {"present", "absent", "exempt", "guest"};

static bool known_state(const char *s)
{
    for (size_t i = 0; s && i < DJ_ARRAY_LEN(att_states); i++)
        if (!strcmp(s, att_states[i]))
            return true;
    return false;
}

/* Text field checks: required when `req`, at most max characters. */
static int check_text(const char *s, const char *field, const char *label, bool req, size_t max,
                      struct dj_err *err)
{
    if (!s || !*s)
        return req ? dj_err_set(err, DJ_EINVAL, field, "「%s」不能为空", label) : 0;
    if (!dj_utf8_valid(s) || dj_utf8_len(s) > max)
        return dj_err_set(err, DJ_EINVAL, field, "「%s」不能超过%zu个字符", label, max);
    return 0;
}

static const char *exempt_label(const char *k)
{
    if (!k)
        return "";
    if (!strcmp(k, "old"))
        return "年老体弱";
    if (!strcmp(k, "ill"))
        return "患病";
    if (!strcmp(k, "disabled"))
        return "行动不便";
    if (!strcmp(k, "mobile"))
        return "外出流动（已请假）";
    return "其他";
}

/* The roll for a meeting of kind k held by `org` on `on` (already authorised). */
static int roll_for(struct dj_db *db, const struct dj_org_row *org, enum dj_life_kind k,
                    const char *on, struct dj_arena *arena, struct dj_meeting_att **out, int *n,
                    struct dj_err *err)
{
    struct dj_roll_entry *r;
    int nr, rc;

    if (k == DJ_LIFE_COMMITTEE)
        rc = dj_store_committee_on(db, org->id, on, arena, &r, &nr, err);
    else
        rc = dj_store_roll(db, org->id, dj_life_is_group_kind(org->kind), on, arena, &r, &nr, err);
    if (rc)
        return rc;
    *out = dj_arena_zalloc(arena, sizeof(**out) * (size_t)(nr ? nr : 1));
    *n = nr;
    for (int i = 0; i < nr; i++) {
        struct dj_meeting_att *a = &(*out)[i];
        a->member_id = r[i].member_id;
        a->name = r[i].name;
        if (r[i].exempt_kind && k != DJ_LIFE_COMMITTEE) {
            a->state = "exempt";
            a->voting = false;
            a->reason = dj_arena_printf(arena, "%s：%s", exempt_label(r[i].exempt_kind),
                                        r[i].exempt_reason ? r[i].exempt_reason : "");
        } else {
            a->state = "present";
            a->voting = k == DJ_LIFE_COMMITTEE || !r[i].probationary;
        }
    }
    return 0;
}

int dj_meeting_roll(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                    const char *kind, struct dj_date on, struct dj_arena *arena,
                    struct dj_meeting_att **out, int *n, struct dj_err *err)
{
    struct dj_org_row org;
    char d[11];
    int k = dj_life_kind_parse(kind), rc;

    *out = NULL;
    *n = 0;
    if ((rc = dj_org_get(db, actor, org_id, &org, err)))
        return rc;
    if (k < 0)
        return dj_err_set(err, DJ_EINVAL, "kind", "「会议类型」不正确");
    if (!dj_date_valid(on))
        return dj_err_set(err, DJ_EINVAL, "date", "「日期」无效");
    return roll_for(db, &org, (enum dj_life_kind)k, dj_date_format(on, d), arena, out, n, err);
}

/* Find the roll entry of member_id, or NULL. */
static const struct dj_meeting_att *on_roll(const struct dj_meeting_att *roll, int n,
                                            int64_t member_id)
{
    for (int i = 0; i < n; i++)
        if (member_id > 0 && roll[i].member_id == member_id)
            return &roll[i];
    return NULL;
}

/*
 * Validate the input against the organisation and its roll; fill `m` (the
 * record to store) with derived attendance flags, counts, quorum and votes.
 */
static int prepare(struct dj_db *db, const struct dj_org_row *org, const struct dj_meeting_in *in,
                   struct dj_arena *arena, struct dj_meeting *m, struct dj_err *err)
{
    const struct dj_meeting *src = &in->m;
    struct dj_meeting_att *roll;
    struct dj_date on;
    int k, nroll, rc;

    *m = *src;
    m->org_id = org->id;
    m->org_path = dj_arena_strdup(arena, org->path);
    k = dj_life_kind_parse(src->kind);
    if (k < 0)
        return dj_err_set(err, DJ_EINVAL, "kind", "「会议类型」不正确");
    if (!dj_life_kind_allowed((enum dj_life_kind)k, org->kind))
        return dj_err_set(err, DJ_EINVAL, "kind", "该组织不能召开「%s」",
                          dj_life_kind_label((enum dj_life_kind)k));
    if (strcmp(org->status, "active"))
        return dj_err_set(err, DJ_EINVAL, "org_id", "「组织」已撤销");
    if ((rc = dj_date_parse(src->held_on, &on, "held_on", err)))
        return rc;
    if (dj_date_cmp(on, today()) > 0)
        return dj_err_set(err, DJ_EINVAL, "held_on", "「召开日期」不能晚于今天");
    if ((rc = check_text(src->topic, "topic", "主题", true, 200, err)) ||
        (rc = check_text(src->place, "place", "地点", false, 100, err)) ||
        (rc = check_text(src->chair, "chair", "主持人", false, 50, err)) ||
        (rc = check_text(src->recorder, "recorder", "记录人", false, 50, err)) ||
        (rc = check_text(src->lecturer, "lecturer", "授课人", false, 50, err)) ||
        (rc = check_text(src->agenda, "agenda", "议程", false, 2000, err)) ||
        (rc = check_text(src->minutes, "minutes", "会议记录", false, 20000, err)) ||
        (rc = check_text(src->decisions, "decisions", "决议", false, 5000, err)))
        return rc;
    if (src->hours < 0 || src->hours > 100)
        return dj_err_set(err, DJ_EINVAL, "hours", "「学时」应在 0 到 100 之间");
    if (src->natt > DJ_MEETING_MAX_ATTENDANCE)
        return dj_err_set(err, DJ_ETOOBIG, "attendance", "「出席情况」人数过多");
    if (src->nvotes > DJ_MEETING_MAX_VOTES)
        return dj_err_set(err, DJ_ETOOBIG, "votes", "「表决事项」过多");
    if (src->nfiles > DJ_MEETING_MAX_FILES)
        return dj_err_set(err, DJ_ETOOBIG, "attachments", "「附件」过多");
    m->by_secretary = false;
    if (k == DJ_LIFE_LECTURE && in->lecturer_member_id > 0) {
        bool sec = false;
        if ((rc = dj_store_is_secretary(db, org->id, in->lecturer_member_id, src->held_on, &sec,
                                        err)))
            return rc;
        m->by_secretary = sec;
    }
    if ((rc = roll_for(db, org, (enum dj_life_kind)k, src->held_on, arena, &roll, &nroll, err)))
        return rc;

    if (src->natt == 0) {
        m->att = roll;
        m->natt = nroll;
    } else {
        m->att = dj_arena_zalloc(arena, sizeof(*m->att) * (size_t)src->natt);
        m->natt = src->natt;
        for (int i = 0; i < src->natt; i++) {
            const struct dj_meeting_att *a = &src->att[i];
            const struct dj_meeting_att *r;
            struct dj_meeting_att *o = &m->att[i];

            *o = *a;
            if (!known_state(a->state))
                return dj_err_set(err, DJ_EINVAL, "attendance",
                                  "「出席情况」第%d项的状态应为 present、absent、exempt 或 guest",
                                  i + 1);
            if ((rc = check_text(a->reason, "attendance", "缺席原因", false, 200, err)))
                return rc;
            for (int j = 0; j < i; j++)
                if (a->member_id > 0 && m->att[j].member_id == a->member_id)
                    return dj_err_set(err, DJ_EINVAL, "attendance",
                                      "「出席情况」第%d项重复列出同一党员", i + 1);
            if (!strcmp(a->state, "guest")) {
                if ((rc = check_text(a->name, "attendance", "列席人员姓名", true, 50, err)))
                    return rc;
                o->voting = false;
                /* a guest named as a member must be an in-flow 流动党员 of this branch that day */
                if (a->member_id > 0) {
                    bool guest = false;
                    if ((rc = dj_flow_is_guest(db, a->member_id, org->id, on, &guest, err)))
                        return rc;
                    if (!guest)
                        return dj_err_set(err, DJ_EINVAL, "attendance",
                                          "「出席情况」第%d项：只有当日在本组织登记流入的流动党员"
                                          "可按党员列席，其他列席人员只填姓名",
                                          i + 1);
                }
                continue;
            }
            r = on_roll(roll, nroll, a->member_id);
            if (!r)
                return dj_err_set(err, DJ_EINVAL, "attendance",
                                  "「出席情况」第%d项不在该组织%s的应到人员名单中（可作为列席）",
                                  i + 1, src->held_on);
            o->name = r->name;
            o->voting = r->voting;
            if (!strcmp(r->state, "exempt")) {
                /* an exempt member who came anyway is present without counting in 应到 */
                if (!strcmp(a->state, "absent") || !strcmp(a->state, "exempt")) {
                    o->state = "exempt";
                    o->reason = r->reason;
                }
            } else if (!strcmp(a->state, "exempt")) {
                return dj_err_set(err, DJ_EINVAL, "attendance",
                                  "「出席情况」第%d项（%s）当日没有登记的免于参加情形", i + 1,
                                  r->name);
            }
            if (!strcmp(o->state, "absent") && (!a->reason || !*a->reason))
                return dj_err_set(err, DJ_EINVAL, "attendance",
                                  "「出席情况」第%d项（%s）缺席，请填写缺席原因", i + 1, r->name);
        }
        /* everyone on the roll must be accounted for */
        for (int j = 0; j < nroll; j++) {
            bool found = false;
            for (int i = 0; i < m->natt && !found; i++)
                found = roll[j].member_id > 0 && m->att[i].member_id == roll[j].member_id;
            if (!found && roll[j].member_id > 0)
                return dj_err_set(err, DJ_EINVAL, "attendance",
                                  "「出席情况」缺少应到人员 %s（请标记出席或缺席）", roll[j].name);
        }
    }
    m->expected_n = m->present_n = 0;
    for (int i = 0; i < m->natt; i++) {
        const struct dj_meeting_att *a = &m->att[i];
        if (!a->voting || !strcmp(a->state, "exempt") || !strcmp(a->state, "guest"))
            continue;
        m->expected_n++;
        if (!strcmp(a->state, "present"))
            m->present_n++;
    }
    if (k == DJ_LIFE_COMMITTEE) {
        /* committee members without a member record count as expected (and as present) */
        for (int j = 0; j < nroll; j++)
            if (roll[j].member_id == 0) {
                m->expected_n++;
                m->present_n++;
            }
    }
    m->quorum_ok = dj_life_quorum_ok((enum dj_life_kind)k, m->expected_n, m->present_n, on);
    if (m->nvotes) {
        struct dj_meeting_vote *v = dj_arena_zalloc(arena, sizeof(*v) * (size_t)m->nvotes);
        if (k != DJ_LIFE_ASSEMBLY && k != DJ_LIFE_VILLAGE_MONTHLY && k != DJ_LIFE_COMMITTEE)
            return dj_err_set(err, DJ_EINVAL, "votes", "只有党员大会和支委会可以记录表决");
        for (int i = 0; i < m->nvotes; i++) {
            v[i] = src->votes[i];
            if ((rc = check_text(v[i].motion, "votes", "表决事项", true, 200, err)))
                return rc;
            if (v[i].yes < 0 || v[i].no < 0 || v[i].abstain < 0 || v[i].written_yes < 0 ||
                v[i].written_no < 0)
                return dj_err_set(err, DJ_EINVAL, "votes", "「表决事项」第%d项的票数不能为负数",
                                  i + 1);
            if (v[i].yes + v[i].no + v[i].abstain > m->present_n)
                return dj_err_set(
                    err, DJ_EINVAL, "votes",
                    "「表决事项」第%d项的现场票数（%lld）超过实到有表决权人数（%lld）", i + 1,
                    (long long)(v[i].yes + v[i].no + v[i].abstain), (long long)m->present_n);
            if (v[i].written_yes + v[i].written_no > m->expected_n - m->present_n)
                return dj_err_set(err, DJ_EINVAL, "votes",
                                  "「表决事项」第%d项的书面意见数超过未到会人数", i + 1);
            if (k == DJ_LIFE_COMMITTEE)
                v[i].passed = m->quorum_ok && v[i].yes * 2 > m->expected_n;
            else
                v[i].passed = dj_life_vote_passed(m->expected_n, m->present_n, v[i].yes,
                                                  v[i].written_yes, on);
        }
        m->votes = v;
    }
    for (int i = 0; i < m->nfiles; i++) {
        if ((rc = check_text(m->files[i].name, "attachments", "附件名称", true, 200, err)))
            return rc;
        if (m->files[i].size_bytes < 0)
            return dj_err_set(err, DJ_EINVAL, "attachments", "「附件大小」不能为负数");
    }
    return 0;
}

json_t *dj_meeting_json(const struct dj_meeting *m)
{
    json_t *o = json_object(), *att = json_array(), *votes = json_array(), *files = json_array();
    int k = dj_life_kind_parse(m->kind);

#define S(key, v) json_object_set_new(o, key, (v) ? json_string(v) : json_null())
    json_object_set_new(o, "id", json_integer(m->id));
    json_object_set_new(o, "org_id", json_integer(m->org_id));
    S("org_path", m->org_path);
    S("org_name", m->org_name);
    S("kind", m->kind);
    S("kind_label", k >= 0 ? dj_life_kind_label((enum dj_life_kind)k) : NULL);
    S("held_on", m->held_on);
    S("place", m->place);
    S("chair", m->chair);
    S("recorder", m->recorder);
    S("lecturer", m->lecturer);
    json_object_set_new(o, "by_secretary", json_boolean(m->by_secretary));
    S("topic", m->topic);
    S("agenda", m->agenda);
    S("minutes", m->minutes);
    S("decisions", m->decisions);
    json_object_set_new(o, "hours", json_integer(m->hours));
    json_object_set_new(o, "expected", json_integer(m->expected_n));
    json_object_set_new(o, "present", json_integer(m->present_n));
    json_object_set_new(o, "quorum_ok", json_boolean(m->quorum_ok));
    S("status", m->status);
    S("return_reason", m->return_reason);
    S("submitted_at", m->submitted_at);
    S("reviewed_at", m->reviewed_at);
    S("reviewed_by", m->reviewed_by);
    S("created_at", m->created_at);
    S("updated_at", m->updated_at);
#undef S
    for (int i = 0; i < m->natt; i++) {
        const struct dj_meeting_att *a = &m->att[i];
        json_array_append_new(
            att, json_pack("{s:I,s:s,s:s,s:b,s:o}", "member_id", (json_int_t)a->member_id, "name",
                           a->name ? a->name : "", "state", a->state ? a->state : "", "voting",
                           a->voting, "reason", a->reason ? json_string(a->reason) : json_null()));
    }
    for (int i = 0; i < m->nvotes; i++) {
        const struct dj_meeting_vote *v = &m->votes[i];
        json_array_append_new(
            votes, json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:b}", "motion", v->motion ? v->motion : "",
                             "yes", (json_int_t)v->yes, "no", (json_int_t)v->no, "abstain",
                             (json_int_t)v->abstain, "written_yes", (json_int_t)v->written_yes,
                             "written_no", (json_int_t)v->written_no, "passed", v->passed));
    }
    for (int i = 0; i < m->nfiles; i++) {
        const struct dj_meeting_file *f = &m->files[i];
        json_array_append_new(files, json_pack("{s:s,s:o,s:I,s:o}", "name", f->name ? f->name : "",
                                               "mime", f->mime ? json_string(f->mime) : json_null(),
                                               "size_bytes", (json_int_t)f->size_bytes, "sha256",
                                               f->sha256 ? json_string(f->sha256) : json_null()));
    }
    json_object_set_new(o, "attendance", att);
    json_object_set_new(o, "votes", votes);
    json_object_set_new(o, "attachments", files);
    return o;
}

/* Read a record in the actor's read scope; DJ_EPERM for missing or out of scope. */
static int load(struct dj_db *db, const struct dj_actor *actor, int64_t id, enum dj_perm perm,
                struct dj_arena *arena, struct dj_meeting *out, struct dj_err *err)
{
    struct dj_scope scope;
    struct dj_err e2 = {0};
    int rc;

    dj_scope_for(actor, perm, &scope);
    rc = dj_store_meeting_get(db, &scope, id, arena, out, &e2);
    if (rc == DJ_ENOTFOUND)
        return dj_err_set(err, DJ_EPERM, NULL, "无权访问该组织的数据");
    if (rc && err)
        *err = e2;
    return rc;
}

static int create_tx(struct dj_db *db, const struct dj_actor *actor, const struct dj_meeting_in *in,
                     struct dj_arena *arena, struct dj_meeting *out, struct dj_err *err)
{
    struct dj_org_row org;
    struct dj_meeting m;
    char now[32], idbuf[24];
    int64_t id = 0;
    int rc;

    if ((rc = dj_org_get(db, actor, in->m.org_id, &org, err)) ||
        (rc = dj_authorize(actor, DJ_PERM_WRITE, org.path, err)) ||
        (rc = prepare(db, &org, in, arena, &m, err)))
        return rc;
    dj_now_iso(now, sizeof(now));
    if ((rc = dj_store_meeting_insert(db, &m, now, &id, err)) ||
        (rc = load(db, actor, id, DJ_PERM_READ, arena, out, err)))
        return rc;
    snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
    return audit_owned(db, actor, "meeting.create", "meeting", idbuf, org.path, NULL,
                          dj_meeting_json(out), err);
}

int dj_meeting_create(struct dj_db *db, const struct dj_actor *actor,
                      const struct dj_meeting_in *in, struct dj_arena *arena,
                      struct dj_meeting *out, struct dj_err *err)
{
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    return end_tx(db, create_tx(db, actor, in, arena, out, err), err);
}

static bool editable(const struct dj_meeting *m)
{
    return !strcmp(m->status, DJ_LIFE_STATUS_DRAFT) || !strcmp(m->status, DJ_LIFE_STATUS_RETURNED);
}

static int update_tx(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                     const struct dj_meeting_in *in, struct dj_arena *arena, struct dj_meeting *out,
                     struct dj_err *err)
{
    struct dj_meeting cur, m;
    struct dj_org_row org;
    char now[32], idbuf[24];
    int rc;

    if ((rc = load(db, actor, id, DJ_PERM_WRITE, arena, &cur, err)))
        return rc;
    if (!editable(&cur))
        return dj_err_set(err, DJ_ECONFLICT, "status",
                          "记录已提交或已审核通过，不能修改（退回后可修改）");
    if (in->m.org_id && in->m.org_id != cur.org_id)
        return dj_err_set(err, DJ_EINVAL, "org_id", "「组织」不能修改");
    if ((rc = dj_org_get(db, actor, cur.org_id, &org, err)))
        return rc;
    if ((rc = prepare(db, &org, in, arena, &m, err)))
        return rc;
    m.id = id;
    dj_now_iso(now, sizeof(now));
    if ((rc = dj_store_meeting_update(db, &m, now, err)) ||
        (rc = load(db, actor, id, DJ_PERM_READ, arena, out, err)))
        return rc;
    snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
    return audit_owned(db, actor, "meeting.update", "meeting", idbuf, org.path,
                          dj_meeting_json(&cur), dj_meeting_json(out), err);
}

int dj_meeting_update(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                      const struct dj_meeting_in *in, struct dj_arena *arena,
                      struct dj_meeting *out, struct dj_err *err)
{
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    return end_tx(db, update_tx(db, actor, id, in, arena, out, err), err);
}

static int delete_tx(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                     struct dj_arena *arena, struct dj_err *err)
{
    struct dj_meeting cur;
    char idbuf[24];
    int rc;

    if ((rc = load(db, actor, id, DJ_PERM_WRITE, arena, &cur, err)))
        return rc;
    if (!editable(&cur))
        return dj_err_set(err, DJ_ECONFLICT, "status", "已提交或已审核通过的记录不能删除");
    if ((rc = dj_store_meeting_delete(db, id, err)))
        return rc;
    snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
    return audit_owned(db, actor, "meeting.delete", "meeting", idbuf, cur.org_path,
                          dj_meeting_json(&cur), NULL, err);
}

int dj_meeting_delete(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                      struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    int rc = dj_db_begin(db, true, err);

    if (!rc)
        rc = end_tx(db, delete_tx(db, actor, id, arena, err), err);
    dj_arena_free(arena);
    return rc;
}

int dj_meeting_get(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                   struct dj_arena *arena, struct dj_meeting *out, struct dj_err *err)
{
    memset(out, 0, sizeof(*out));
    return load(db, actor, id, DJ_PERM_READ, arena, out, err);
}

int dj_meeting_list(struct dj_db *db, const struct dj_actor *actor,
                    const struct dj_meeting_query *q, struct dj_arena *arena,
                    struct dj_meeting **rows, int *n, int64_t *total, struct dj_err *err)
{
    struct dj_meeting_filter f = {0};
    struct dj_org_row org;
    struct dj_scope scope;
    struct dj_date d;
    int rc;

    *rows = NULL;
    *n = 0;
    *total = 0;
    if ((rc = dj_org_get(db, actor, q->org_id, &org, err)))
        return rc;
    if (q->kind && dj_life_kind_parse(q->kind) < 0)
        return dj_err_set(err, DJ_EINVAL, "kind", "「会议类型」不正确");
    if (q->status && strcmp(q->status, "draft") && strcmp(q->status, "submitted") &&
        strcmp(q->status, "approved") && strcmp(q->status, "returned"))
        return dj_err_set(err, DJ_EINVAL, "status", "「状态」不正确");
    if ((q->from && (rc = dj_date_parse(q->from, &d, "from", err))) ||
        (q->to && (rc = dj_date_parse(q->to, &d, "to", err))))
        return rc;
    dj_scope_for(actor, DJ_PERM_READ, &scope);
    f.path = org.path;
    f.kind = q->kind;
    f.status = q->status;
    f.from = q->from;
    f.to = q->to;
    f.limit = q->limit;
    f.offset = q->offset;
    return dj_store_meeting_list(db, &scope, &f, arena, rows, n, total, err);
}

/* "/1/2/4/" -> "/1/2/"; false at a root. */
static bool parent_path(const char *path, char *out, size_t sz)
{
    size_t len = dj_strlcpy(out, path, sz);

    if (len < 2 || len >= sz)
        return false;
    len--;
    while (len > 0 && out[len - 1] != '/')
        len--;
    out[len] = '\0';
    return len > 0;
}

bool dj_meeting_may_review(const struct dj_actor *actor, const char *org_path, const char *org_kind)
{
    char up[DJ_PATH_MAX], up2[DJ_PATH_MAX];

    if (dj_actor_is_sysadmin(actor))
        return true;
    if (!parent_path(org_path, up, sizeof(up)))
        return false;
    /* a 党小组's records are reviewed above its branch */
    if (dj_life_is_group_kind(org_kind)) {
        if (!parent_path(up, up2, sizeof(up2)))
            return false;
        dj_strlcpy(up, up2, sizeof(up));
    }
    return dj_authorize(actor, DJ_PERM_WRITE, up, NULL) == 0;
}

static int review_tx(struct dj_db *db, const struct dj_actor *actor, int64_t id, const char *action,
                     const char *reason, struct dj_arena *arena, struct dj_meeting *out,
                     struct dj_err *err)
{
    struct dj_meeting cur;
    struct dj_org_row org;
    const char *next;
    char now[32], idbuf[24], act[40];
    int rc;

    if ((rc = load(db, actor, id, DJ_PERM_READ, arena, &cur, err)) ||
        (rc = dj_org_get(db, actor, cur.org_id, &org, err)))
        return rc;
    if (!strcmp(action, "submit")) {
        if ((rc = dj_authorize(actor, DJ_PERM_WRITE, cur.org_path, err)))
            return rc;
        if (!editable(&cur))
            return dj_err_set(err, DJ_ECONFLICT, "status", "只有草稿或被退回的记录可以提交");
        next = DJ_LIFE_STATUS_SUBMITTED;
    } else if (!strcmp(action, "approve") || !strcmp(action, "return")) {
        if (!dj_meeting_may_review(actor, cur.org_path, org.kind))
            return dj_err_set(err, DJ_EPERM, NULL, "只有上级党组织可以审核本记录");
        if (strcmp(cur.status, DJ_LIFE_STATUS_SUBMITTED))
            return dj_err_set(err, DJ_ECONFLICT, "status", "只有已提交的记录可以审核");
        if (!strcmp(action, "return") &&
            (rc = check_text(reason, "reason", "退回原因", true, 500, err)))
            return rc;
        next = !strcmp(action, "approve") ? DJ_LIFE_STATUS_APPROVED : DJ_LIFE_STATUS_RETURNED;
    } else {
        return dj_err_set(err, DJ_EINVAL, "action", "「操作」应为 submit、approve 或 return");
    }
    dj_now_iso(now, sizeof(now));
    if ((rc = dj_store_meeting_set_status(db, id, next, reason, actor->username, now, err)) ||
        (rc = load(db, actor, id, DJ_PERM_READ, arena, out, err)))
        return rc;
    snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
    snprintf(act, sizeof(act), "meeting.%s", action);
    return audit_owned(db, actor, act, "meeting", idbuf, cur.org_path,
                          json_pack("{s:s}", "status", cur.status),
                          json_pack("{s:s,s:o}", "status", next, "reason",
                                    reason ? json_string(reason) : json_null()),
                          err);
}

int dj_meeting_review(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                      const char *action, const char *reason, struct dj_arena *arena,
                      struct dj_meeting *out, struct dj_err *err)
{
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    return end_tx(db, review_tx(db, actor, id, action ? action : "", reason, arena, out, err), err);
}

/* Read a member for a write (DJ_EPERM when missing or out of scope). */
static int member_for(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                      enum dj_perm perm, struct dj_arena *arena, struct dj_member_rec *m,
                      struct dj_err *err)
{
    struct dj_scope scope;
    int rc;

    dj_scope_for(actor, perm, &scope);
    rc = dj_store_member_get(db, &scope, 0, member_id, arena, m, NULL);
    if (rc == DJ_ENOTFOUND)
        return dj_err_set(err, DJ_EPERM, NULL, "无权访问该组织的数据");
    return rc ? dj_err_set(err, rc, NULL, "数据库错误") : 0;
}

static int exempt_tx(struct dj_db *db, const struct dj_actor *actor,
                     const struct dj_member_exemption *in, int64_t *id, struct dj_arena *arena,
                     struct dj_err *err)
{
    static const char *const kinds[] = {"old", "ill", "disabled", "mobile", "other"};
    struct dj_member_exemption e = *in;
    struct dj_member_rec m;
    struct dj_date s, t;
    char now[32], idbuf[24];
    bool known = false;
    int rc;

    if ((rc = member_for(db, actor, in->member_id, DJ_PERM_WRITE, arena, &m, err)))
        return rc;
    for (size_t i = 0; in->reason_kind && i < DJ_ARRAY_LEN(kinds); i++)
        known = known || !strcmp(in->reason_kind, kinds[i]);
    if (!known)
        return dj_err_set(err, DJ_EINVAL, "reason_kind",
                          "「免于参加情形」应为 old、ill、disabled、mobile 或 other");
    if ((rc = check_text(in->reason, "reason", "原因", true, 200, err)) ||
        (rc = check_text(in->approver, "approver", "批准人", true, 50, err)) ||
        (rc = dj_date_parse(in->start_on, &s, "start_on", err)))
        return rc;
    if (in->end_on && *in->end_on) {
        if ((rc = dj_date_parse(in->end_on, &t, "end_on", err)))
            return rc;
        if (dj_date_cmp(t, s) < 0)
            return dj_err_set(err, DJ_EINVAL, "end_on", "「结束日期」不能早于开始日期");
    } else {
        e.end_on = NULL;
    }
    e.org_path = m.org_path;
    dj_now_iso(now, sizeof(now));
    if ((rc = dj_store_exemption_insert(db, &e, now, id, err)))
        return rc;
    snprintf(idbuf, sizeof(idbuf), "%lld", (long long)*id);
    return audit_owned(db, actor, "member.exempt", "member_exemption", idbuf, m.org_path, NULL,
                          json_pack("{s:I,s:s,s:s,s:s,s:s,s:o}", "member_id",
                                    (json_int_t)e.member_id, "reason_kind", e.reason_kind, "reason",
                                    e.reason, "approver", e.approver, "start_on", e.start_on,
                                    "end_on", e.end_on ? json_string(e.end_on) : json_null()),
                          err);
}

int dj_meeting_exempt_member(struct dj_db *db, const struct dj_actor *actor,
                             const struct dj_member_exemption *e, int64_t *id, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    int rc = dj_db_begin(db, true, err);

    if (!rc)
        rc = end_tx(db, exempt_tx(db, actor, e, id, arena, err), err);
    dj_arena_free(arena);
    return rc;
}

static int training_tx(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                       struct dj_date on, int64_t hours, const char *title, int64_t *id,
                       struct dj_arena *arena, struct dj_err *err)
{
    struct dj_member_rec m;
    char now[32], d[11], idbuf[24];
    int rc;

    if ((rc = member_for(db, actor, member_id, DJ_PERM_WRITE, arena, &m, err)))
        return rc;
    if (!dj_date_valid(on))
        return dj_err_set(err, DJ_EINVAL, "held_on", "「培训日期」无效");
    if (dj_date_cmp(on, today()) > 0)
        return dj_err_set(err, DJ_EINVAL, "held_on", "「培训日期」不能晚于今天");
    if (hours < 1 || hours > 200)
        return dj_err_set(err, DJ_EINVAL, "hours", "「学时」应在 1 到 200 之间");
    if ((rc = check_text(title, "title", "培训名称", true, 200, err)))
        return rc;
    dj_now_iso(now, sizeof(now));
    dj_date_format(on, d);
    if ((rc = dj_store_training_insert(db, member_id, m.org_path, d, hours, title, now, id, err)))
        return rc;
    snprintf(idbuf, sizeof(idbuf), "%lld", (long long)*id);
    return audit_owned(db, actor, "member.training", "training_record", idbuf, m.org_path, NULL,
                          json_pack("{s:I,s:s,s:I,s:s}", "member_id", (json_int_t)member_id,
                                    "held_on", d, "hours", (json_int_t)hours, "title", title),
                          err);
}

int dj_meeting_training_add(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                            struct dj_date on, int64_t hours, const char *title, int64_t *id,
                            struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    int rc = dj_db_begin(db, true, err);

    if (!rc)
        rc = end_tx(db, training_tx(db, actor, member_id, on, hours, title, id, arena, err), err);
    dj_arena_free(arena);
    return rc;
}

int dj_meeting_member_hours(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                            int year, struct dj_member_hours *out, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    struct dj_member_life_year y;
    struct dj_member_rec m;
    int64_t sub = 0;
    int rc;

    memset(out, 0, sizeof(*out));
    if (year < 1921 || year > 9998) {
        dj_arena_free(arena);
        return dj_err_set(err, DJ_EINVAL, "year", "「年度」无效");
    }
    rc = member_for(db, actor, member_id, DJ_PERM_READ, arena, &m, err);
    if (!rc)
        rc = dj_store_member_life_year(db, member_id, year, &y, err);
    if (!rc) {
        struct dj_date end = dj_year_end(year);
        if (dj_rule_get(DJ_LIFE_RULE_COUNT_SUBMITTED, end, m.org_path, &sub))
            sub = 0;
        if (dj_rule_get(DJ_LIFE_RULE_TRAINING, end, m.org_path, &out->required))
            out->required = 32;
        out->member_id = member_id;
        out->year = year;
        out->hours = y.hours_ok + (sub ? y.hours_sub : 0);
        out->hours_pending = sub ? 0 : y.hours_sub;
        out->talks = y.talks_ok + (sub ? y.talks_sub : 0);
    }
    dj_arena_free(arena);
    return rc;
}
