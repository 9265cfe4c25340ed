/*
 * term.c - terms of office and elections (see term.h): permissions, the
 * term rules of rules/term_rules.c, one transaction and audit row per write,
 * the committee fed into the posts through svc/org.c.
 */
#include "base/compat.h"
#include "model/dict.h"
#include "model/org_rec.h"
#include "rules/ruletab.h"
#include "svc/audit.h"
#include "svc/org.h"
#include "svc/svc.h"
#include "svc/term.h"
#include "store/org.h"

static const char NO_ACCESS[] = "无权访问该组织的数据";

#define NOTE_MAX 500

static struct dj_date today(void)
{
    const struct dj_config *cfg = dj_svc()->cfg;
    return dj_date_today(cfg ? cfg->utc_offset_minutes : 480);
}

static int finish(struct dj_db *db, int rc, struct dj_err *err)
{
    if (!rc)
        rc = dj_db_commit(db, err);
    if (rc)
        dj_db_rollback(db);
    return rc;
}

/* "/1/2/4/" -> "/1/2/"; "" for a root. */
static void parent_path_of(const char *path, char *out, size_t sz)
{
    size_t n = strlen(path);

    out[0] = '\0';
    if (n < 2)
        return;
    n--;
    while (n > 0 && path[n - 1] != '/')
        n--;
    if (n <= 1 || n >= sz)
        return;
    memcpy(out, path, n);
    out[n] = '\0';
}

/* The organisation `id` if the actor holds `perm` on it; missing and out of scope look alike. */
static int load_org(struct dj_db *db, const struct dj_actor *actor, enum dj_perm perm, int64_t id,
                    struct dj_arena *arena, struct dj_org_rec *org, struct dj_err *err)
{
    struct dj_scope all = {.all = true};
    int rc = dj_store_org_read(db, &all, id, arena, org, err);

    if (rc == DJ_ENOTFOUND && !dj_actor_is_sysadmin(actor))
        return dj_err_set(err, DJ_EPERM, NULL, NO_ACCESS);
    if (rc == DJ_ENOTFOUND)
        return dj_err_set(err, DJ_ENOTFOUND, NULL, "组织不存在");
    if (rc)
        return rc;
    return dj_authorize(actor, perm, org->path, err);
}

/* The term `id` and its organisation, if the actor may read it. */
static int load_term(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                     struct dj_arena *arena, struct dj_term *t, struct dj_org_rec *org,
                     struct dj_err *err)
{
    int rc = dj_store_term_get(db, id, arena, t, err);

    if (rc == DJ_ENOTFOUND && !dj_actor_is_sysadmin(actor))
        return dj_err_set(err, DJ_EPERM, NULL, NO_ACCESS);
    if (!rc)
        rc = load_org(db, actor, DJ_PERM_READ, t->org_id, arena, org, err);
    return rc;
}

/* WRITE on the upper organisation of `org` (a root: sysadmin). */
static int authorize_upper(const struct dj_actor *actor, const struct dj_org_rec *org,
                           const char *what, struct dj_err *err)
{
    char pp[DJ_PATH_MAX];

    parent_path_of(org->path, pp, sizeof(pp));
    if (pp[0] ? dj_authorize(actor, DJ_PERM_WRITE, pp, NULL) == 0 : dj_actor_is_sysadmin(actor))
        return 0;
    return dj_err_set(err, DJ_EPERM, NULL, "%s须由上级党组织办理：您没有「%s」上级党组织的管理权限",
                      what, org->name ? org->name : "");
}

static void fill_view(const struct dj_org_rec *org, const struct dj_term *t, bool current,
                      struct dj_date on, struct dj_term_view *v)
{
    memset(v, 0, sizeof(*v));
    v->t = *t;
    v->current = current;
    dj_term_dates(t->elected_on, t->term_years, t->extended_until, org->path, &v->d);
    v->state = current ? dj_term_state_on(&v->d, on) : DJ_TERM_NONE;
}

/* The view of term `id` as stored (after a write), current if it is the latest. */
static int reload_view(struct dj_db *db, const struct dj_org_rec *org, int64_t id,
                       struct dj_arena *arena, struct dj_term_view *out, struct dj_err *err)
{
    struct dj_term t;
    int64_t max;
    int rc = dj_store_term_get(db, id, arena, &t, err);

    if (!rc)
        rc = dj_store_term_max_seq(db, t.org_id, &max, err);
    if (!rc)
        fill_view(org, &t, t.seq == max, today(), out);
    return rc;
}

static int check_text(const char *field, const char *label, const char *s, int min, int max,
                      struct dj_err *err)
{
    size_t chars;

    if (!s)
        s = "";
    if (!dj_utf8_valid(s))
        return dj_err_set(err, DJ_EINVAL, field, "「%s」含有无效的 UTF-8 编码", label);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7F)
            return dj_err_set(err, DJ_EINVAL, field, "「%s」不能包含控制字符", label);
    chars = dj_utf8_len(s);
    if ((int)chars < min)
        return dj_err_set(err, DJ_EINVAL, field, "「%s」不能为空", label);
    if (chars > (size_t)max)
        return dj_err_set(err, DJ_EINVAL, field, "「%s」不能超过 %d 个字符", label, max);
    return 0;
}

static const char *kind_label(const char *kind)
{
    const char *l = dj_dict_label(dj_dict_find("org_kind"), kind);
    return l ? l : (kind ? kind : "");
}

static json_t *date_json(struct dj_date d)
{
    char b[11];
    return dj_date_isset(d) ? json_string(dj_date_format(d, b)) : json_null();
}

static json_t *term_audit_json(const struct dj_term *t)
{
    json_t *o =
        json_pack("{s:I,s:I,s:I,s:o,s:I,s:s,s:o}", "id", (json_int_t)t->id, "org_id",
                  (json_int_t)t->org_id, "seq", (json_int_t)t->seq, "elected_on",
                  date_json(t->elected_on), "term_years", (json_int_t)t->term_years, "term_rule",
                  t->term_rule ? t->term_rule : "", "expires_on", date_json(t->expires_on));
    json_object_set_new(o, "extended_until", date_json(t->extended_until));
    json_object_set_new(o, "extension_doc",
                        t->extension_doc ? json_string(t->extension_doc) : json_null());
    json_object_set_new(o, "reminder_sent_on", date_json(t->reminder_sent_on));
    json_object_set_new(o, "request_received_on", date_json(t->request_received_on));
    json_object_set_new(o, "report_received_on", date_json(t->report_received_on));
    if (t->expected_voters)
        json_object_set_new(o, "votes",
                            json_pack("{s:I,s:I,s:I,s:I}", "expected",
                                      (json_int_t)t->expected_voters, "present",
                                      (json_int_t)t->present_voters, "seats", (json_int_t)t->seats,
                                      "candidates", (json_int_t)t->candidates));
    return o;
}

static int audit_term(struct dj_db *db, const struct dj_actor *actor, const char *action,
                      const struct dj_org_rec *org, const struct dj_term *before,
                      const struct dj_term *after, json_t *extra, struct dj_err *err)
{
    char idbuf[24];
    json_t *b = before ? term_audit_json(before) : NULL, *a = term_audit_json(after);
    int rc;

    if (extra)
        json_object_update(a, extra);
    snprintf(idbuf, sizeof(idbuf), "%lld", (long long)after->id);
    rc = dj_audit_write(db, actor, action, "org_term", idbuf, org->path, b, a, err);
    json_decref(b);
    json_decref(a);
    return rc;
}

/* Cut a message truncated into a fixed buffer back to a whole UTF-8 character. */
static void utf8_fit(char *s)
{
    size_t n = strlen(s), i = n;

    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i > 0 && ((unsigned char)s[i - 1] & 0x80)) {
        unsigned char lead = (unsigned char)s[i - 1];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (n - (i - 1) < need)
            s[i - 1] = '\0';
    }
}

/* ---- reads ---------------------------------------------------------------------- */

int dj_term_list(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, struct dj_date on,
                 struct dj_arena *arena, struct dj_term_view **out, int *n, struct dj_err *err)
{
    struct dj_org_rec org;
    struct dj_term *terms;
    int rc;

    *out = NULL;
    *n = 0;
    rc = load_org(db, actor, DJ_PERM_READ, org_id, arena, &org, err);
    if (!rc)
        rc = dj_store_terms_list(db, org_id, arena, &terms, n, err);
    if (rc)
        return rc;
    *out = dj_arena_zalloc(arena, sizeof(**out) * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        fill_view(&org, &terms[i], i == 0, on, &(*out)[i]);
    return 0;
}

int dj_term_get(struct dj_db *db, const struct dj_actor *actor, int64_t term_id, struct dj_date on,
                struct dj_arena *arena, struct dj_term_view *out, struct dj_term_cand **cands,
                int *ncands, struct dj_err *err)
{
    struct dj_org_rec org;
    struct dj_term t;
    int64_t max;
    int rc;

    memset(out, 0, sizeof(*out));
    *cands = NULL;
    *ncands = 0;
    rc = load_term(db, actor, term_id, arena, &t, &org, err);
    if (!rc)
        rc = dj_store_term_max_seq(db, t.org_id, &max, err);
    if (!rc)
        rc = dj_store_term_cands(db, t.id, arena, cands, ncands, err);
    if (!rc)
        fill_view(&org, &t, t.seq == max, on, out);
    return rc;
}

/* ---- adding a term -------------------------------------------------------------- */

/* The checks shared by add and elect; fills *t (org_id, seq, dates, length). */
static int prepare_term(struct dj_db *db, const struct dj_org_rec *org,
                        const struct dj_term_new *in, struct dj_term *t, struct dj_err *err)
{
    char b1[11], b2[11];
    const char *rule_id = "legacy";
    int64_t years = in->term_years, max, conflicts;
    int rc;

    memset(t, 0, sizeof(*t));
    if (org->status && strcmp(org->status, "active"))
        return dj_err_set(err, DJ_ECONFLICT, NULL, "组织已撤销，不能登记换届");
    if (!dj_term_kind_elected(org->kind))
        return dj_err_set(err, DJ_EINVAL, NULL, "「%s」不实行选举换届，没有任期",
                          kind_label(org->kind));
    if (!dj_date_isset(in->elected_on) || !dj_date_valid(in->elected_on))
        return dj_err_set(err, DJ_EINVAL, "elected_on", "「选举日期」不能为空");
    if (dj_date_cmp(in->elected_on, today()) > 0)
        return dj_err_set(err, DJ_EINVAL, "elected_on", "「选举日期」不能晚于今天（%s）",
                          dj_date_format(today(), b1));
    if (dj_date_isset(org->founded_on) && dj_date_cmp(in->elected_on, org->founded_on) < 0)
        return dj_err_set(err, DJ_EINVAL, "elected_on", "「选举日期」不能早于建立党组织日期（%s）",
                          dj_date_format(org->founded_on, b1));
    if (in->seq < 0 || in->seq > 999)
        return dj_err_set(err, DJ_EINVAL, "seq", "「届次」应为 1 至 999 的整数");
    if (years < 0 || years > 10)
        return dj_err_set(err, DJ_EINVAL, "term_years", "「任期（年）」应为 1 至 10 的整数");
    if (in->note && (rc = check_text("note", "备注", in->note, 0, NOTE_MAX, err)))
        return rc;
    if (years == 0) {
        rc = dj_term_default_years(org->kind, org->domain, in->elected_on, org->path, &years,
                                   &rule_id);
        if (rc)
            return dj_err_set(err, DJ_EINVAL, "term_years",
                              "%s 选举时《关于党的基层组织任期的意见》尚未施行，请按当时的规定"
                              "填写「任期（年）」",
                              dj_date_format(in->elected_on, b1));
    } else {
        int64_t def;
        const char *def_rule;
        if (!dj_term_default_years(org->kind, org->domain, in->elected_on, org->path, &def,
                                   &def_rule) &&
            def == years)
            rule_id = def_rule;
    }
    rc = dj_term_check_years(years, in->elected_on, err);
    if (rc)
        return rc;
    rc = dj_store_term_max_seq(db, org->id, &max, err);
    if (rc)
        return rc;
    t->seq = in->seq ? in->seq : max + 1;
    rc = dj_store_term_conflicts(db, org->id, t->seq, in->elected_on, &conflicts, err);
    if (rc)
        return rc;
    if (conflicts)
        return dj_err_set(err, DJ_ECONFLICT, in->seq ? "seq" : "elected_on",
                          "第 %lld 届（%s 选举）与已登记的届次或选举日期冲突：届次须唯一，"
                          "且届次越大选举日期越晚",
                          (long long)t->seq, dj_date_format(in->elected_on, b2));
    t->org_id = org->id;
    t->elected_on = in->elected_on;
    t->term_years = years;
    t->term_rule = rule_id;
    t->expires_on = dj_date_add_years(in->elected_on, (int)years);
    t->note = in->note;
    return 0;
}

int dj_term_add(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                const struct dj_term_new *in, struct dj_arena *arena, struct dj_term_view *out,
                struct dj_err *err)
{
    struct dj_org_rec org;
    struct dj_term t;
    char now[32];
    int rc;

    memset(out, 0, sizeof(*out));
    rc = dj_db_begin(db, true, err);
    if (rc)
        return rc;
    rc = load_org(db, actor, DJ_PERM_WRITE, org_id, arena, &org, err);
    if (!rc)
        rc = prepare_term(db, &org, in, &t, err);
    if (!rc)
        rc = dj_store_term_insert(db, &t, dj_now_iso(now, sizeof(now)), err);
    if (!rc)
        rc = reload_view(db, &org, t.id, arena, out, err);
    if (!rc)
        rc = audit_term(db, actor, "term.create", &org, NULL, &out->t, NULL, err);
    rc = finish(db, rc, err);
    if (rc)
        memset(out, 0, sizeof(*out));
    return rc;
}

/* ---- elections ------------------------------------------------------------------ */

/* Candidate names (from the member record when member_id is given) and ballots. */
static int make_ballots(struct dj_db *db, const struct dj_org_rec *org, const struct dj_election *e,
                        struct dj_arena *arena, struct dj_ballot **ballots, struct dj_err *err)
{
    struct dj_ballot *b;

    if (e->n < 0 || e->n > DJ_ELECTION_MAX_CANDIDATES)
        return dj_err_set(err, DJ_EINVAL, "candidates", "候选人不能超过 %d 人",
                          DJ_ELECTION_MAX_CANDIDATES);
    b = dj_arena_zalloc(arena, sizeof(*b) * (size_t)(e->n ? e->n : 1));
    for (int i = 0; i < e->n; i++) {
        const struct dj_election_cand *c = &e->cands[i];
        char field[64];
        b[i].post = c->post;
        b[i].yes = c->yes;
        if (c->member_id) {
            struct dj_post_holder h;
            int rc = dj_store_post_holder(db, c->member_id, &h, err);
            snprintf(field, sizeof(field), "candidates[%d].member_id", i);
            if (rc == DJ_ENOTFOUND || (!rc && strncmp(h.org_path, org->path, strlen(org->path))))
                return dj_err_set(err, DJ_EINVAL, field,
                                  "第 %d 位候选人须为本组织或其下级组织的党员", i + 1);
            if (rc)
                return rc;
            /* §1.5 (选举工作条例 第五条): only 正式党员 may be elected */
            if (strcmp(h.category, "full"))
                return dj_err_set(err, DJ_EINVAL, field, "%s 是预备党员，没有被选举权", h.name);
            if (strcmp(h.status, "normal") && strcmp(h.status, "mobile"))
                return dj_err_set(err, DJ_EINVAL, field, "%s 的党员状态不能被选举", h.name);
            b[i].name = dj_arena_strdup(arena, h.name);
        } else {
            int rc;
            snprintf(field, sizeof(field), "candidates[%d].name", i);
            rc = check_text(field, "姓名", c->name, 1, 32, err);
            if (rc)
                return dj_err_set(err, DJ_EINVAL, field, "第 %d 位候选人：%s", i + 1, err->message);
            b[i].name = c->name;
        }
    }
    *ballots = b;
    return 0;
}

static int evaluate(struct dj_db *db, const struct dj_org_rec *org, const struct dj_election *e,
                    struct dj_arena *arena, struct dj_election_outcome *out,
                    struct dj_ballot **ballots, struct dj_err *err)
{
    int rc;

    if (!dj_term_kind_elected(org->kind))
        return dj_err_set(err, DJ_EINVAL, NULL, "「%s」不实行选举换届，没有任期",
                          kind_label(org->kind));
    if (!dj_date_isset(e->term.elected_on) || !dj_date_valid(e->term.elected_on))
        return dj_err_set(err, DJ_EINVAL, "elected_on", "「选举日期」不能为空");
    rc = make_ballots(db, org, e, arena, ballots, err);
    if (!rc)
        rc = dj_election_evaluate(e->expected, e->present, e->seats, *ballots, e->n,
                                  e->term.elected_on, out, err);
    if (!rc && out->nchecks < DJ_ELECTION_MAX_CHECKS &&
        dj_election_size_check(org->kind, e->seats, e->term.elected_on, org->path,
                               &out->checks[out->nchecks]))
        out->nchecks++;
    return rc;
}

int dj_term_check(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                  const struct dj_election *e, struct dj_arena *arena,
                  struct dj_election_outcome *out, struct dj_ballot **ballots, struct dj_err *err)
{
    struct dj_org_rec org;
    int rc;

    memset(out, 0, sizeof(*out));
    *ballots = NULL;
    rc = load_org(db, actor, DJ_PERM_READ, org_id, arena, &org, err);
    if (!rc)
        rc = evaluate(db, &org, e, arena, out, ballots, err);
    return rc;
}

/* Committee posts (not 党小组长) held on `on`: they end when the new committee is elected. */
static bool committee_post(const char *post)
{
    return post && strcmp(post, "group_leader");
}

/* Prefix a posts error's field with the candidate: "member_id" -> "candidates[2].member_id". */
static int cand_err(struct dj_err *err, int i, int rc)
{
    char field[64];

    if (err && err->code && err->field[0] && strncmp(err->field, "candidates", 10)) {
        snprintf(field, sizeof(field), "candidates[%d].%.30s", i,
                 strcmp(err->field, "start_on") ? err->field : "member_id");
        dj_strlcpy(err->field, field, sizeof(err->field));
    }
    return rc;
}

int dj_term_elect(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                  const struct dj_election *e, struct dj_arena *arena, struct dj_term_view *out,
                  struct dj_election_outcome *outcome, struct dj_err *err)
{
    struct dj_org_rec org;
    struct dj_ballot *ballots = NULL;
    struct dj_term t;
    int64_t max = 0;
    char now[32];
    int rc;

    memset(out, 0, sizeof(*out));
    memset(outcome, 0, sizeof(*outcome));
    rc = dj_db_begin(db, true, err);
    if (rc)
        return rc;
    rc = load_org(db, actor, DJ_PERM_WRITE, org_id, arena, &org, err);
    if (!rc)
        rc = evaluate(db, &org, e, arena, outcome, &ballots, err);
    for (int i = 0; !rc && i < outcome->nchecks; i++)
        if (outcome->checks[i].blocking) {
            rc = dj_err_set(err, DJ_EINVAL, outcome->checks[i].field, "%s",
                            outcome->checks[i].message);
            utf8_fit(err->message);
        }
    if (!rc)
        rc = dj_store_term_max_seq(db, org.id, &max, err);
    if (!rc)
        rc = prepare_term(db, &org, &e->term, &t, err);
    if (!rc) {
        t.expected_voters = e->expected;
        t.present_voters = e->present;
        t.seats = e->seats;
        t.candidates = e->n;
        rc = dj_store_term_insert(db, &t, dj_now_iso(now, sizeof(now)), err);
    }
    /* the latest term: the old committee leaves office, the new one takes it */
    if (!rc && t.seq > max) {
        struct dj_org_post *posts;
        int np;
        rc = dj_store_posts_list(db, org.id, arena, &posts, &np, err);
        for (int i = 0; !rc && i < np; i++) {
            struct dj_org_post ended;
            if (dj_date_isset(posts[i].end_on) || !committee_post(posts[i].post))
                continue;
            if (dj_date_cmp(posts[i].start_on, t.elected_on) > 0) {
                rc = dj_err_set(err, DJ_ECONFLICT, "elected_on",
                                "%s 的%s任职始于选举日期之后，请先核对任职记录",
                                posts[i].person_name ? posts[i].person_name : "",
                                dj_dict_label(dj_dict_find("post"), posts[i].post));
                break;
            }
            rc = dj_org_post_end_in_tx(db, actor, org.id, posts[i].id, t.elected_on, arena, &ended,
                                       err);
        }
    }
    for (int i = 0; !rc && i < e->n; i++) {
        struct dj_term_cand c = {.term_id = t.id,
                                 .member_id = e->cands[i].member_id,
                                 .person_name = ballots[i].name,
                                 .post = ballots[i].post,
                                 .yes_votes = ballots[i].yes,
                                 .elected = ballots[i].elected};
        if (ballots[i].elected && t.seq > max) {
            struct dj_org_post p = {0}, stored;
            const struct dj_record_desc *pd = &dj_org_post_desc;
            p.post = (char *)ballots[i].post;
            dj_rec_mark(pd, &p, DJ_POST_F_POST);
            if (c.member_id) {
                p.member_id = c.member_id;
                dj_rec_mark(pd, &p, DJ_POST_F_MEMBER_ID);
            } else {
                p.person_name = (char *)ballots[i].name;
                dj_rec_mark(pd, &p, DJ_POST_F_PERSON_NAME);
            }
            p.start_on = t.elected_on;
            dj_rec_mark(pd, &p, DJ_POST_F_START_ON);
            p.note = dj_arena_printf(arena, "第%lld届选举产生", (long long)t.seq);
            dj_rec_mark(pd, &p, DJ_POST_F_NOTE);
            rc =
                cand_err(err, i, dj_org_post_add_in_tx(db, actor, org.id, &p, arena, &stored, err));
            if (!rc)
                c.post_id = stored.id;
        }
        if (!rc)
            rc = dj_store_term_cand_insert(db, &c, err);
    }
    if (!rc)
        rc = reload_view(db, &org, t.id, arena, out, err);
    if (!rc) {
        json_t *cands = json_array();
        for (int i = 0; i < e->n; i++)
            json_array_append_new(cands,
                                  json_pack("{s:s,s:s,s:I,s:b}", "name", ballots[i].name, "post",
                                            ballots[i].post, "yes", (json_int_t)ballots[i].yes,
                                            "elected", ballots[i].elected));
        json_t *extra = json_pack("{s:o}", "candidates", cands);
        rc = audit_term(db, actor, "term.elect", &org, NULL, &out->t, extra, err);
        json_decref(extra);
    }
    rc = finish(db, rc, err);
    if (rc)
        memset(out, 0, sizeof(*out));
    return rc;
}

/* ---- the upper organisation's acts ---------------------------------------------- */

/* The term and its organisation for a write by the upper organisation; the term must be current. */
static int load_for_upper(struct dj_db *db, const struct dj_actor *actor, int64_t term_id,
                          const char *what, struct dj_arena *arena, struct dj_term *t,
                          struct dj_org_rec *org, struct dj_err *err)
{
    int64_t max;
    int rc = load_term(db, actor, term_id, arena, t, org, err);

    if (!rc)
        rc = authorize_upper(actor, org, what, err);
    if (!rc)
        rc = dj_store_term_max_seq(db, t->org_id, &max, err);
    if (!rc && t->seq != max)
        rc = dj_err_set(err, DJ_ECONFLICT, NULL, "第 %lld 届已换届，只能办理现任一届（第 %lld 届）",
                        (long long)t->seq, (long long)max);
    return rc;
}

int dj_term_extend(struct dj_db *db, const struct dj_actor *actor, int64_t term_id,
                   const struct dj_term_extension *x, struct dj_arena *arena,
                   struct dj_term_view *out, struct dj_err *err)
{
    struct dj_org_rec org, parent;
    struct dj_term t, before;
    char now[32], b1[11];
    int rc;

    memset(out, 0, sizeof(*out));
    rc = dj_db_begin(db, true, err);
    if (rc)
        return rc;
    rc = load_for_upper(db, actor, term_id, "延期换届", arena, &t, &org, err);
    before = t;
    if (!rc)
        rc = dj_term_check_extension(t.expires_on, x->until, err);
    if (!rc && (!dj_date_isset(x->approved_on) || !dj_date_valid(x->approved_on)))
        rc = dj_err_set(err, DJ_EINVAL, "approved_on", "「批准日期」不能为空");
    if (!rc && dj_date_cmp(x->approved_on, today()) > 0)
        rc = dj_err_set(err, DJ_EINVAL, "approved_on", "「批准日期」不能晚于今天（%s）",
                        dj_date_format(today(), b1));
    if (!rc && dj_date_cmp(x->approved_on, t.elected_on) < 0)
        rc = dj_err_set(err, DJ_EINVAL, "approved_on", "「批准日期」不能早于本届选举日期（%s）",
                        dj_date_format(t.elected_on, b1));
    if (!rc)
        rc = check_text("approver", "批准人", x->approver, 1, 32, err);
    if (!rc)
        rc = check_text("doc", "批准文号", x->doc, 1, 100, err);
    if (!rc && x->reason)
        rc = check_text("reason", "延期原因", x->reason, 0, NOTE_MAX, err);
    if (!rc && org.parent_id) {
        struct dj_scope all = {.all = true};
        rc = dj_store_org_read(db, &all, org.parent_id, arena, &parent, err);
    }
    if (!rc) {
        t.extended_until = x->until;
        t.extension_approved_on = x->approved_on;
        t.extension_org_id = org.parent_id;
        t.extension_approver = x->approver;
        t.extension_doc = x->doc;
        t.extension_reason = x->reason && *x->reason ? x->reason : NULL;
        rc = dj_store_term_set_extension(db, &t, dj_now_iso(now, sizeof(now)), err);
    }
    if (!rc)
        rc = reload_view(db, &org, t.id, arena, out, err);
    if (!rc)
        rc = audit_term(db, actor, "term.extend", &org, &before, &out->t, NULL, err);
    rc = finish(db, rc, err);
    if (rc)
        memset(out, 0, sizeof(*out));
    return rc;
}

int dj_term_notice(struct dj_db *db, const struct dj_actor *actor, int64_t term_id,
                   enum dj_term_notice kind, struct dj_date on, const char *text,
                   struct dj_arena *arena, struct dj_term_view *out, struct dj_err *err)
{
    static const struct {
        const char *what, *field, *label, *action, *text_field, *text_label;
        int text_max;
    } k[] = {
        [DJ_TERM_NOTICE_REMINDER] = {"登记换届提醒", "sent_on", "提醒日期", "term.reminder", "note",
                                     "提醒方式及说明", 200},
        [DJ_TERM_NOTICE_REQUEST] = {"登记换届请示", "received_on", "收到日期", "term.request",
                                    "doc", "请示文号", 100},
        [DJ_TERM_NOTICE_REPORT] = {"登记选举结果报告", "received_on", "收到日期", "term.report",
                                   "note", "说明", 200},
    };
    struct dj_org_rec org;
    struct dj_term t, before;
    char now[32], b1[11];
    int rc;

    memset(out, 0, sizeof(*out));
    if ((unsigned)kind >= DJ_ARRAY_LEN(k))
        return dj_err_set(err, DJ_EINVAL, NULL, "未知的登记类别");
    if (!dj_date_isset(on) || !dj_date_valid(on))
        return dj_err_set(err, DJ_EINVAL, k[kind].field, "「%s」不能为空", k[kind].label);
    if (dj_date_cmp(on, today()) > 0)
        return dj_err_set(err, DJ_EINVAL, k[kind].field, "「%s」不能晚于今天（%s）", k[kind].label,
                          dj_date_format(today(), b1));
    rc = dj_db_begin(db, true, err);
    if (rc)
        return rc;
    rc = load_for_upper(db, actor, term_id, k[kind].what, arena, &t, &org, err);
    before = t;
    if (!rc && text)
        rc = check_text(k[kind].text_field, k[kind].text_label, text, 0, k[kind].text_max, err);
    if (!rc && dj_date_cmp(on, t.elected_on) < 0)
        rc = dj_err_set(err, DJ_EINVAL, k[kind].field, "「%s」不能早于本届选举日期（%s）",
                        k[kind].label, dj_date_format(t.elected_on, b1));
    if (!rc) {
        const char *v = text && *text ? text : NULL;
        switch (kind) {
        case DJ_TERM_NOTICE_REMINDER:
            t.reminder_sent_on = on;
            t.reminder_note = v;
            break;
        case DJ_TERM_NOTICE_REQUEST:
            t.request_received_on = on;
            t.request_doc = v;
            break;
        case DJ_TERM_NOTICE_REPORT:
            t.report_received_on = on;
            break;
        }
        rc = dj_store_term_set_notices(db, &t, dj_now_iso(now, sizeof(now)), err);
    }
    if (!rc)
        rc = reload_view(db, &org, t.id, arena, out, err);
    if (!rc)
        rc = audit_term(db, actor, k[kind].action, &org, &before, &out->t, NULL, err);
    rc = finish(db, rc, err);
    if (rc)
        memset(out, 0, sizeof(*out));
    return rc;
}

/* ---- lists for the upper organisation, the scheduler and the compliance engine -- */

struct due_ctx {
    const char *self_path;
    struct dj_date on;
    int state;
    int (*fn)(void *ctx, const struct dj_term_due *d);
    void *ctx;
};

static int due_row(void *vctx, const struct dj_term_org *o)
{
    struct due_ctx *c = vctx;
    struct dj_term_due d = {0};
    struct dj_org_rec org = {0};

    if (!strcmp(o->path, c->self_path))
        return 0;
    d.org_id = o->org_id;
    d.parent_id = o->parent_id;
    d.path = o->path;
    d.name = o->name;
    d.kind = o->kind;
    d.has_term = o->has_term;
    if (o->has_term) {
        org.path = (char *)o->path;
        fill_view(&org, &o->term, true, c->on, &d.v);
    }
    if (c->state >= 0 && (int)d.v.state != c->state)
        return 0;
    return c->fn(c->ctx, &d);
}

int dj_term_due_list(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                     struct dj_date on, int state,
                     int (*fn)(void *ctx, const struct dj_term_due *d), void *ctx,
                     struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    struct dj_org_rec org;
    struct dj_scope scope;
    struct due_ctx c = {.on = on, .state = state, .fn = fn, .ctx = ctx};
    int rc = load_org(db, actor, DJ_PERM_READ, org_id, arena, &org, err);

    if (!rc) {
        dj_scope_for(actor, DJ_PERM_READ, &scope);
        c.self_path = org.path;
        rc = dj_store_term_scan(db, &scope, org.path, due_row, &c, err);
    }
    dj_arena_free(arena);
    return rc;
}

struct lister_ctx {
    struct dj_date from, to;
    dj_deadline_emit emit;
    void *ctx;
    struct dj_db *db;
};

static bool in_range(const struct lister_ctx *c, struct dj_date d)
{
    return dj_date_cmp(d, c->from) >= 0 && dj_date_cmp(d, c->to) <= 0;
}

static int lister_row(void *vctx, const struct dj_term_org *o)
{
    struct lister_ctx *c = vctx;
    struct dj_term_dates d;
    struct dj_deadline dl = {0};
    char key[32], title[400], parent_path[DJ_PATH_MAX], b1[11];
    int rc = 0;

    if (!o->has_term ||
        dj_term_dates(o->term.elected_on, o->term.term_years, o->term.extended_until, o->path, &d))
        return 0;
    snprintf(key, sizeof(key), "term:%lld", (long long)o->term.id);
    parent_path_of(o->path, parent_path, sizeof(parent_path));
    dl.key = key;
    dl.title = title;
    dl.org_id = o->org_id;
    dl.org_path = o->path;

    if (!dj_date_isset(o->term.reminder_sent_on) && in_range(c, d.reminder_on)) {
        dl.kind = "term.reminder";
        dl.due = d.reminder_on;
        dl.level = DJ_DEADLINE_DUE;
        dl.rule_id = "org.term.reminder_months_before";
        dl.org_id = o->parent_id ? o->parent_id : o->org_id;
        dl.org_path = parent_path[0] ? parent_path : o->path;
        snprintf(title, sizeof(title), "提醒 %s 换届（第%lld届，%s 届满）", o->name,
                 (long long)o->term.seq, dj_date_format(d.expires_on, b1));
        rc = c->emit(c->ctx, &dl);
        dl.org_id = o->org_id;
        dl.org_path = o->path;
    }
    if (!rc && !dj_date_isset(o->term.request_received_on) && in_range(c, d.request_due)) {
        dl.kind = "term.request_due";
        dl.due = d.request_due;
        dl.level = DJ_DEADLINE_DUE;
        dl.rule_id = "org.term.request_months_before";
        snprintf(title, sizeof(title), "%s 报送换届请示（任期 %s 届满）", o->name,
                 dj_date_format(d.expires_on, b1));
        rc = c->emit(c->ctx, &dl);
    }
    if (!rc && !dj_date_isset(d.extended_until) && in_range(c, d.expires_on)) {
        dl.kind = "term.expired";
        dl.due = d.expires_on;
        dl.level = DJ_DEADLINE_OVERDUE;
        dl.rule_id = "org.term.election_on_expiry";
        snprintf(title, sizeof(title), "%s 任期 %s 届满，应按期换届", o->name,
                 dj_date_format(d.expires_on, b1));
        rc = c->emit(c->ctx, &dl);
    }
    if (!rc && in_range(c, d.last_ok)) {
        dl.kind = "term.overdue";
        dl.due = d.last_ok;
        dl.level = DJ_DEADLINE_OVERDUE;
        dl.rule_id = dj_date_isset(d.extended_until) ? "org.term.max_adjust_years"
                                                     : "org.term.overdue_months_after";
        snprintf(title, sizeof(title), "%s 最迟应于 %s 前完成换届，逾期即为逾期未换届", o->name,
                 dj_date_format(d.last_ok, b1));
        rc = c->emit(c->ctx, &dl);
    }
    if (!rc && o->term.expected_voters && !dj_date_isset(o->term.report_received_on) &&
        in_range(c, d.report_due)) {
        dl.kind = "term.report_due";
        dl.due = d.report_due;
        dl.level = DJ_DEADLINE_DUE;
        dl.rule_id = "org.term.result_report_months";
        snprintf(title, sizeof(title), "%s 上报第%lld届选举结果", o->name, (long long)o->term.seq);
        rc = c->emit(c->ctx, &dl);
    }
    return rc;
}

int dj_term_deadline_lister(struct dj_db *db, const struct dj_scope *scope, struct dj_date from,
                            struct dj_date to, dj_deadline_emit emit, void *ctx, struct dj_err *err)
{
    struct lister_ctx c = {.from = from, .to = to, .emit = emit, .ctx = ctx, .db = db};

    if (!dj_date_valid(from) || !dj_date_valid(to))
        return dj_err_set(err, DJ_EINVAL, NULL, "日期无效");
    return dj_store_term_scan(db, scope, NULL, lister_row, &c, err);
}

struct find_ctx {
    struct dj_date on;
    dj_term_finding_fn fn;
    void *ctx;
};

static int finding_row(void *vctx, const struct dj_term_org *o)
{
    struct find_ctx *c = vctx;
    struct dj_term_dates d;
    struct dj_term_finding f = {0};
    enum dj_term_state s;
    char msg[600], b1[11], b2[11];
    const struct dj_rule *r;

    if (!o->has_term ||
        dj_term_dates(o->term.elected_on, o->term.term_years, o->term.extended_until, o->path, &d))
        return 0;
    s = dj_term_state_on(&d, c->on);
    if (s != DJ_TERM_EXPIRED && s != DJ_TERM_OVERDUE)
        return 0;
    f.org_id = o->org_id;
    f.org_path = o->path;
    f.org_name = o->name;
    f.term_id = o->term.id;
    f.state = s;
    f.message = msg;
    if (s == DJ_TERM_EXPIRED) {
        f.rule_id = "org.term.election_on_expiry";
        f.since = dj_date_add_days(d.expires_on, 1);
    } else {
        f.rule_id = dj_date_isset(d.extended_until) ? "org.term.max_adjust_years"
                                                    : "org.term.overdue_months_after";
        f.since = dj_date_add_days(d.last_ok, 1);
    }
    r = dj_rule_find(f.rule_id, d.expires_on);
    if (!r)
        r = dj_rule_find(f.rule_id, c->on);
    if (s == DJ_TERM_EXPIRED)
        snprintf(msg, sizeof(msg),
                 "第%lld届任期已于 %s 届满，尚未换届，也未经上级党组织批准延期"
                 "（规则 %s：%s%s）",
                 (long long)o->term.seq, dj_date_format(d.expires_on, b1), f.rule_id,
                 r ? r->source : "", r ? r->article : "");
    else if (dj_date_isset(d.extended_until))
        snprintf(msg, sizeof(msg),
                 "第%lld届任期 %s 届满，经批准延期至 %s，逾期仍未换届"
                 "（规则 %s：%s%s）",
                 (long long)o->term.seq, dj_date_format(d.expires_on, b1),
                 dj_date_format(d.extended_until, b2), f.rule_id, r ? r->source : "",
                 r ? r->article : "");
    else
        snprintf(msg, sizeof(msg),
                 "第%lld届任期 %s 届满，未经批准延期，至 %s 仍未换届，逾期未换届"
                 "（规则 %s：%s%s）",
                 (long long)o->term.seq, dj_date_format(d.expires_on, b1),
                 dj_date_format(d.last_ok, b2), f.rule_id, r ? r->source : "", r ? r->article : "");
    return c->fn(c->ctx, &f);
}

int dj_term_findings(struct dj_db *db, const struct dj_scope *scope, const char *org_path,
                     struct dj_date on, dj_term_finding_fn fn, void *ctx, struct dj_err *err)
{
    struct find_ctx c = {.on = on, .fn = fn, .ctx = ctx};

    if (!dj_date_valid(on))
        return dj_err_set(err, DJ_EINVAL, NULL, "日期无效");
    return dj_store_term_scan(db, scope, org_path, finding_row, &c, err);
}
