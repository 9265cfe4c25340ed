/* remind.c (svc) - scheduler, deliveries, inbox and the daily thread; see remind.h. */
#include "base/compat.h"
#include "base/log.h"
#include "store/remind.h"
#include "svc/audit.h"
#include "svc/notify.h"
#include "svc/remind.h"
#include "svc/svc.h"

#include <errno.h>
#include <pthread.h>
#include <time.h>

/* ---- recipients ---------------------------------------------------------------- */

static bool is_grassroots_committee(const char *kind)
{
    return !strcmp(kind, "committee") || !strcmp(kind, "work_committee") ||
           !strcmp(kind, "community_committee");
}

static void add_user(struct dj_arena *arena, int64_t **users, int *n, int *cap, int64_t id)
{
    for (int i = 0; i < *n; i++)
        if ((*users)[i] == id)
            return;
    if (*n == *cap) {
        int64_t *nv;
        *cap = *cap ? *cap * 2 : 8;
        nv = dj_arena_alloc(arena, sizeof(*nv) * (size_t)*cap);
        if (*n)
            memcpy(nv, *users, sizeof(*nv) * (size_t)*n);
        *users = nv;
    }
    (*users)[(*n)++] = id;
}

/* Add the admins bound exactly at `path`; returns how many bindings matched. */
static int add_admins_at(const struct dj_remind_admin *a, int na, const char *path,
                         struct dj_arena *arena, int64_t **users, int *n, int *cap)
{
    int found = 0;

    for (int i = 0; i < na; i++)
        if (!strcmp(a[i].org_path, path)) {
            add_user(arena, users, n, cap, a[i].user_id);
            found++;
        }
    return found;
}

/* The parent path of "/1/2/4/" into out ("/1/2/"); false at a root. */
static bool parent_path(const char *path, char *out, size_t outsz)
{
    size_t len = dj_strlcpy(out, path, outsz);

    if (len < 2 || len >= outsz)
        return false;
    len--;
    while (len > 0 && out[len - 1] != '/')
        len--;
    out[len] = '\0';
    return len > 1;
}

int dj_remind_recipients(struct dj_db *db, const char *org_path, int64_t member_id,
                         struct dj_arena *arena, int64_t **users, int *n, struct dj_err *err)
{
    struct dj_remind_admin *a;
    char p[DJ_PATH_MAX], kind[32];
    int na, cap = 0, rc;
    bool stop = false;

    *users = NULL;
    *n = 0;
    rc = dj_store_remind_admins(db, org_path, arena, &a, &na, err);
    if (rc)
        return rc;
    add_admins_at(a, na, org_path, arena, users, n, &cap);
    /* 2: up to the nearest 基层党委 */
    dj_strlcpy(p, org_path, sizeof(p));
    while (!stop && parent_path(p, p, sizeof(p))) {
        if (add_admins_at(a, na, p, arena, users, n, &cap))
            break;
        rc = dj_store_remind_org_kind(db, p, kind, sizeof(kind), err);
        if (rc == DJ_ENOTFOUND) {
            dj_err_clear(err);
            rc = 0;
            continue;
        }
        if (rc)
            return rc;
        stop = is_grassroots_committee(kind);
    }
    /* 3: nobody yet: the nearest upper organisation with admins (deepest first in `a`) */
    if (*n == 0)
        for (int i = 0; i < na; i++)
            if (!strcmp(a[i].org_path, a[0].org_path))
                add_user(arena, users, n, &cap, a[i].user_id);
    /* 4: the member's own account */
    if (member_id > 0) {
        int64_t uid;
        rc = dj_store_remind_member_user(db, member_id, &uid, err);
        if (rc)
            return rc;
        if (uid > 0)
            add_user(arena, users, n, &cap, uid);
    }
    return 0;
}

/* ---- the run --------------------------------------------------------------------- */

/* An item copied out of the lister's callback. */
struct item {
    struct dj_deadline d;
};

struct collect {
    struct dj_arena *arena;
    struct item *v;
    int n, cap;
};

static int collect_emit(void *ctx, const struct dj_deadline *d)
{
    struct collect *c = ctx;
    struct item *it;

    if (c->n == c->cap) {
        struct item *nv;
        c->cap = c->cap ? c->cap * 2 : 64;
        nv = dj_arena_alloc(c->arena, sizeof(*nv) * (size_t)c->cap);
        if (c->n)
            memcpy(nv, c->v, sizeof(*nv) * (size_t)c->n);
        c->v = nv;
    }
    it = &c->v[c->n++];
    it->d = *d;
    it->d.kind = dj_arena_strdup(c->arena, d->kind ? d->kind : "");
    it->d.key = dj_arena_strdup(c->arena, d->key ? d->key : "");
    it->d.org_path = dj_arena_strdup(c->arena, d->org_path ? d->org_path : "");
    it->d.rule_id = dj_arena_strdup(c->arena, d->rule_id ? d->rule_id : "");
    it->d.title = dj_arena_strdup(c->arena, d->title ? d->title : "");
    return 0;
}

const char *dj_deadline_level_name(enum dj_deadline_level l)
{
    return l == DJ_DEADLINE_OVERDUE ? "overdue" : l == DJ_DEADLINE_DUE ? "due" : "info";
}

/* Cache of the last item's recipients: listers return items grouped by organisation. */
struct rcache {
    char path[DJ_PATH_MAX];
    int64_t *admins; /* recipients without the member's own account */
    int n;
    bool valid;
};

static int item_recipients(struct dj_db *db, struct rcache *rc_, const struct dj_deadline *d,
                           struct dj_arena *arena, int64_t **users, int *n, struct dj_err *err)
{
    int rc;

    if (!rc_->valid || strcmp(rc_->path, d->org_path)) {
        rc = dj_remind_recipients(db, d->org_path, 0, arena, &rc_->admins, &rc_->n, err);
        if (rc)
            return rc;
        dj_strlcpy(rc_->path, d->org_path, sizeof(rc_->path));
        rc_->valid = true;
    }
    *users = dj_arena_alloc(arena, sizeof(**users) * (size_t)(rc_->n + 1));
    if (rc_->n)
        memcpy(*users, rc_->admins, sizeof(**users) * (size_t)rc_->n);
    *n = rc_->n;
    if (d->member_id > 0) {
        int64_t uid;
        rc = dj_store_remind_member_user(db, d->member_id, &uid, err);
        if (rc)
            return rc;
        for (int i = 0; i < *n && uid > 0; i++)
            if ((*users)[i] == uid)
                uid = 0;
        if (uid > 0)
            (*users)[(*n)++] = uid;
    }
    return 0;
}

/* Queue the configured channels for a new entry. */
static int queue_deliveries(struct dj_db *db, const struct dj_config *cfg, int64_t inbox_id,
                            int64_t user_id, const char *now_iso, int64_t now,
                            struct dj_remind_stats *st, struct dj_err *err)
{
    char email[256];
    int rc = 0;

    if (cfg && cfg->smtp_host[0]) {
        rc = dj_store_user_email(db, user_id, email, sizeof(email), err);
        if (!rc && email[0]) {
            rc = dj_store_delivery_insert(db, inbox_id, "email", now, now_iso, err);
            st->deliveries += rc == 0;
        }
    }
    if (!rc && cfg && cfg->webhook_url[0]) {
        rc = dj_store_delivery_insert(db, inbox_id, "webhook", now, now_iso, err);
        st->deliveries += rc == 0;
    }
    return rc;
}

/* Phase 1, outside the write transaction: the source's items for [d, d + lead]. */
static int collect_source(struct dj_db *db, const struct dj_remind_source *src, struct dj_date d,
                          struct collect *c, struct dj_err *err)
{
    static const struct dj_scope all = {.all = true};
    struct dj_date to = dj_date_add_days(d, dj_remind_source_lead(src, d));

    return src->lister(db, &all, d, to, collect_emit, c, err);
}

/* Phase 2, inside the write transaction: inbox rows and deliveries for the collected items. */
static int run_source(struct dj_db *db, const struct dj_config *cfg,
                      const struct dj_remind_source *src, const struct collect *cp,
                      struct dj_date d, struct dj_arena *arena, struct dj_remind_stats *st,
                      json_t *by_source, struct dj_err *err)
{
    const struct collect c = *cp;
    struct rcache cache = {0};
    struct dj_date to = dj_date_add_days(d, dj_remind_source_lead(src, d));
    char run_date[11], due[11], now_iso[32];
    int64_t now = dj_now(), created = 0;
    int rc = 0;

    dj_date_format(d, run_date);
    dj_now_iso(now_iso, sizeof(now_iso));
    for (int i = 0; i < c.n && !rc; i++) {
        const struct dj_deadline *it = &c.v[i].d;
        struct dj_inbox_new e = {0};
        int64_t *users;
        int nu;

        if (!dj_date_valid(it->due) || dj_date_cmp(it->due, d) < 0 || dj_date_cmp(it->due, to) > 0)
            continue;
        st->items++;
        rc = item_recipients(db, &cache, it, arena, &users, &nu, err);
        if (rc)
            break;
        if (nu == 0)
            st->no_recipient++;
        e.kind = it->kind;
        e.key = it->key;
        e.due = dj_date_format(it->due, due);
        e.stage = src->on_day && dj_date_cmp(it->due, d) == 0 ? "day" : "ahead";
        e.level = dj_deadline_level_name(it->level);
        e.org_id = it->org_id;
        e.org_path = it->org_path;
        e.member_id = it->member_id;
        e.rule_id = it->rule_id;
        e.title = it->title;
        e.run_date = run_date;
        e.now = now_iso;
        for (int u = 0; u < nu && !rc; u++) {
            int64_t id;
            e.user_id = users[u];
            rc = dj_store_inbox_insert(db, &e, &id, err);
            if (rc)
                break;
            if (id == 0) {
                st->existing++;
                continue;
            }
            st->created++;
            created++;
            rc = queue_deliveries(db, cfg, id, users[u], now_iso, now, st, err);
        }
    }
    if (!rc && created)
        json_object_set_new(by_source, src->kind, json_integer(created));
    return rc;
}

int dj_remind_run_sources(struct dj_db *db, const struct dj_actor *actor,
                          const struct dj_config *cfg, const struct dj_remind_source *sources,
                          struct dj_date d, struct dj_remind_stats *out, struct dj_err *err)
{
    struct dj_arena *arena;
    struct collect *cols;
    json_t *by_source;
    char date[11];
    int rc = 0, nsrc = 0;

    memset(out, 0, sizeof(*out));
    if (!dj_actor_is_sysadmin(actor))
        return dj_err_set(err, DJ_EPERM, NULL, "只有系统管理员可以运行提醒");
    if (!dj_date_valid(d))
        return dj_err_set(err, DJ_EINVAL, "date", "「日期」无效");
    arena = dj_arena_new();
    /*
     * The listers only read (the dues lister computes every member's ledger): run them
     * before taking the write lock, so a large deployment's daily run blocks writers
     * only while its rows are inserted. Items are idempotent, so a write between the
     * phases can at worst leave one reminder for tomorrow's run.
     */
    for (const struct dj_remind_source *s = sources; s->kind; s++)
        nsrc++;
    cols = dj_arena_zalloc(arena, sizeof(*cols) * (size_t)(nsrc ? nsrc : 1));
    for (int i = 0; i < nsrc && !rc; i++) {
        cols[i].arena = arena;
        rc = collect_source(db, &sources[i], d, &cols[i], err);
    }
    if (rc) {
        dj_arena_free(arena);
        return rc;
    }
    rc = dj_db_begin(db, true, err);
    if (rc) {
        dj_arena_free(arena);
        return rc;
    }
    by_source = json_object();
    for (int i = 0; i < nsrc && !rc; i++)
        rc = run_source(db, cfg, &sources[i], &cols[i], d, arena, out, by_source, err);
    if (!rc && out->created > 0) {
        json_t *after =
            json_pack("{s:s,s:I,s:I,s:I,s:I,s:O}", "date", dj_date_format(d, date), "items",
                      (json_int_t)out->items, "created", (json_int_t)out->created, "existing",
                      (json_int_t)out->existing, "deliveries", (json_int_t)out->deliveries,
                      "by_source", by_source);
        rc = dj_audit_write(db, actor, "remind.run", "remind", date, NULL, NULL, after, err);
        json_decref(after);
    }
    json_decref(by_source);
    if (!rc)
        rc = dj_db_commit(db, err);
    if (rc) {
        dj_db_rollback(db);
        memset(out, 0, sizeof(*out));
    }
    dj_arena_free(arena);
    return rc;
}

int dj_remind_run(struct dj_db *db, const struct dj_actor *actor, const struct dj_config *cfg,
                  struct dj_date d, struct dj_remind_stats *out, struct dj_err *err)
{
    return dj_remind_run_sources(db, actor, cfg, dj_remind_sources, d, out, err);
}

/* ---- deliveries ------------------------------------------------------------------- */

#define DELIVER_BATCH 500
#define BACKOFF_BASE 60
#define BACKOFF_MAX 86400

static int64_t backoff(int attempts)
{
    int64_t s = BACKOFF_BASE;

    for (int i = 1; i < attempts && s < BACKOFF_MAX; i++)
        s *= 2;
    return s < BACKOFF_MAX ? s : BACKOFF_MAX;
}

static const char *source_name(const char *kind)
{
    const struct dj_remind_source *s = dj_remind_source_for(kind);
    return s ? s->name : "提醒";
}

static int send_email(const struct dj_config *cfg, const struct dj_delivery_row *r, char *why,
                      size_t whysz)
{
    struct dj_mail m;
    char subject[600], body[1200];

    if (!r->email[0]) {
        snprintf(why, whysz, "no e-mail address");
        return -1;
    }
    snprintf(subject, sizeof(subject), "【%s】%s", source_name(r->kind), r->title);
    snprintf(body, sizeof(body),
             "%s：\n\n%s\n日期：%s\n\n请登录党建系统查看“消息”。\n（本邮件由系统自动发送）\n",
             r->display_name, r->title, r->due);
    m.from = cfg->smtp_from;
    m.to = r->email;
    m.subject = subject;
    m.body = body;
    return dj_smtp_send(cfg->smtp_host, cfg->smtp_port, &m, cfg->remind_timeout_ms, why, whysz);
}

static int send_webhook(const struct dj_config *cfg, const struct dj_delivery_row *r, char *why,
                        size_t whysz)
{
    json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "inbox_id",
                          (json_int_t)r->inbox_id, "user_id", (json_int_t)r->user_id, "username",
                          r->username, "display_name", r->display_name, "email", r->email, "kind",
                          r->kind, "source", source_name(r->kind), "key", r->key, "due", r->due,
                          "level", r->level, "title", r->title);
    char *s;
    int rc;

    json_object_set_new(o, "org_id", r->org_id ? json_integer(r->org_id) : json_null());
    json_object_set_new(o, "org_path", json_string(r->org_path));
    json_object_set_new(o, "member_id", r->member_id ? json_integer(r->member_id) : json_null());
    s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    rc = dj_http_post_json(cfg->webhook_url, s, cfg->remind_timeout_ms, why, whysz);
    free(s);
    return rc;
}

int dj_remind_deliver(struct dj_db *db, const struct dj_config *cfg, int64_t now, atomic_bool *stop,
                      struct dj_deliver_stats *out, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    struct dj_delivery_row *rows;
    bool email_down = false, hook_down = false;
    int n, rc;

    memset(out, 0, sizeof(*out));
    rc = dj_store_deliveries_due(db, now, DELIVER_BATCH, arena, &rows, &n, err);
    for (int i = 0; i < n && !rc; i++) {
        const struct dj_delivery_row *r = &rows[i];
        bool email = !strcmp(r->channel, "email");
        char why[256] = "", sent_at[32];
        int attempts = r->attempts + 1, ok;

        if (stop && atomic_load(stop))
            break;
        if ((email && email_down) || (!email && hook_down)) {
            out->skipped++;
            continue;
        }
        if (email && !cfg->smtp_host[0])
            ok = (snprintf(why, sizeof(why), "e-mail channel not configured"), -1);
        else if (!email && !cfg->webhook_url[0])
            ok = (snprintf(why, sizeof(why), "webhook channel not configured"), -1);
        else
            ok = email ? send_email(cfg, r, why, sizeof(why))
                       : send_webhook(cfg, r, why, sizeof(why));
        if (ok == 0) {
            rc = dj_store_delivery_update(db, r->id, "sent", attempts, NULL, now,
                                          dj_now_iso(sent_at, sizeof(sent_at)), err);
            out->sent++;
            continue;
        }
        if (email)
            email_down = true;
        else
            hook_down = true;
        dj_log(DJ_LOG_WARN, "reminder delivery failed", "id=%lld channel=%s attempt=%d error=%s",
               (long long)r->id, r->channel, attempts, why);
        if (attempts >= cfg->remind_max_attempts) {
            rc = dj_store_delivery_update(db, r->id, "failed", attempts, why, now, NULL, err);
            out->failed++;
        } else {
            rc = dj_store_delivery_update(db, r->id, "pending", attempts, why,
                                          now + backoff(attempts), NULL, err);
            out->retry++;
        }
    }
    dj_arena_free(arena);
    return rc;
}

/* ---- the inbox ---------------------------------------------------------------------- */

static int need_user(const struct dj_actor *actor, struct dj_err *err)
{
    if (!actor || actor->user_id <= 0)
        return dj_err_set(err, DJ_EPERM, NULL, "只有登录用户有消息");
    return 0;
}

int dj_inbox_list(struct dj_db *db, const struct dj_actor *actor, bool unread_only, int64_t limit,
                  int64_t offset, struct dj_arena *arena, struct dj_inbox_row **rows, int *n,
                  int64_t *total, struct dj_err *err)
{
    int rc = need_user(actor, err);

    *rows = NULL;
    *n = 0;
    *total = 0;
    if (rc)
        return rc;
    if (limit < 1 || limit > DJ_INBOX_MAX_LIMIT)
        return dj_err_set(err, DJ_EINVAL, "limit", "「每页条数」应在 1 到 %d 之间",
                          DJ_INBOX_MAX_LIMIT);
    if (offset < 0)
        return dj_err_set(err, DJ_EINVAL, "offset", "「起始位置」不能为负数");
    return dj_store_inbox_list(db, actor->user_id, unread_only, limit, offset, arena, rows, n,
                               total, err);
}

int dj_inbox_count(struct dj_db *db, const struct dj_actor *actor, int64_t *unread, int64_t *total,
                   struct dj_err *err)
{
    int rc = need_user(actor, err);

    *unread = *total = 0;
    return rc ? rc : dj_store_inbox_count(db, actor->user_id, unread, total, err);
}

int dj_inbox_mark_read(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                       struct dj_err *err)
{
    char now[32];
    int rc = need_user(actor, err);

    if (rc)
        return rc;
    dj_now_iso(now, sizeof(now));
    rc = dj_db_begin(db, true, err);
    if (!rc)
        rc = dj_store_inbox_read(db, actor->user_id, id, now, err);
    if (!rc)
        rc = dj_db_commit(db, err);
    if (rc)
        dj_db_rollback(db);
    return rc;
}

int dj_inbox_mark_all_read(struct dj_db *db, const struct dj_actor *actor, int64_t *changed,
                           struct dj_err *err)
{
    char now[32];
    int rc = need_user(actor, err);

    *changed = 0;
    if (rc)
        return rc;
    dj_now_iso(now, sizeof(now));
    rc = dj_db_begin(db, true, err);
    if (!rc)
        rc = dj_store_inbox_read_all(db, actor->user_id, now, changed, err);
    if (!rc)
        rc = dj_db_commit(db, err);
    if (rc)
        dj_db_rollback(db);
    return rc;
}

int dj_remind_set_email(struct dj_db *db, const struct dj_actor *actor, int64_t user_id,
                        const char *email, struct dj_err *err)
{
    char before[256], now[32], id[24];
    json_t *b, *a;
    int rc;

    if (!dj_actor_is_sysadmin(actor) && actor->user_id != user_id)
        return dj_err_set(err, DJ_EPERM, NULL, "只能设置自己的电子邮箱");
    if (email && *email && !dj_email_valid(email))
        return dj_err_set(err, DJ_EINVAL, "email", "「电子邮箱」格式不正确");
    dj_now_iso(now, sizeof(now));
    snprintf(id, sizeof(id), "%lld", (long long)user_id);
    rc = dj_db_begin(db, true, err);
    if (!rc)
        rc = dj_store_user_email(db, user_id, before, sizeof(before), err);
    if (!rc)
        rc = dj_store_user_set_email(db, user_id, email, now, err);
    if (!rc) {
        b = json_pack("{s:s?}", "email", before[0] ? before : NULL);
        a = json_pack("{s:s?}", "email", email && *email ? email : NULL);
        rc = dj_audit_write(db, actor, "user.email", "user", id, NULL, b, a, err);
        json_decref(b);
        json_decref(a);
    }
    if (!rc)
        rc = dj_db_commit(db, err);
    if (rc)
        dj_db_rollback(db);
    return rc;
}

/* ---- the daily thread ---------------------------------------------------------------- */

struct dj_remind_daemon {
    const struct dj_config *cfg;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    atomic_bool stop;
};

int64_t dj_remind_next_delay(int64_t now, int utc_offset_minutes, int hour)
{
    int64_t local = now + (int64_t)utc_offset_minutes * 60;
    int64_t sod = ((local % 86400) + 86400) % 86400;
    int64_t wait = (int64_t)hour * 3600 - sod;

    return wait <= 0 ? wait + 86400 : wait;
}

static void daemon_once(struct dj_remind_daemon *d)
{
    struct dj_err err = {0};
    struct dj_db *db = dj_db_thread(&err);
    struct dj_actor actor;
    struct dj_remind_stats st;
    struct dj_deliver_stats ds;
    struct dj_date today = dj_date_today(d->cfg->utc_offset_minutes);
    char date[11];

    if (!db) {
        dj_log(DJ_LOG_ERROR, "reminder run failed", "error=%s", err.message);
        return;
    }
    dj_actor_cli(&actor);
    dj_strlcpy(actor.username, "scheduler", sizeof(actor.username));
    dj_strlcpy(actor.display_name, "提醒调度", sizeof(actor.display_name));
    dj_strlcpy(actor.client_ip, "scheduler", sizeof(actor.client_ip));
    if (dj_remind_run(db, &actor, d->cfg, today, &st, &err))
        dj_log(DJ_LOG_ERROR, "reminder run failed", "date=%s error=%s", dj_date_format(today, date),
               err.message);
    else
        dj_log(DJ_LOG_INFO, "reminder run", "date=%s items=%lld created=%lld",
               dj_date_format(today, date), (long long)st.items, (long long)st.created);
    dj_err_clear(&err);
    if (dj_remind_deliver(db, d->cfg, dj_now(), &d->stop, &ds, &err))
        dj_log(DJ_LOG_ERROR, "reminder delivery failed", "error=%s", err.message);
    else if (ds.sent || ds.retry || ds.failed)
        dj_log(DJ_LOG_INFO, "reminder deliveries", "sent=%lld retry=%lld failed=%lld",
               (long long)ds.sent, (long long)ds.retry, (long long)ds.failed);
    dj_db_rollback(db);
}

static void *daemon_main(void *arg)
{
    struct dj_remind_daemon *d = arg;

    daemon_once(d);
    pthread_mutex_lock(&d->mu);
    while (!atomic_load(&d->stop)) {
        struct timespec until;
        int64_t delay =
            dj_remind_next_delay(time(NULL), d->cfg->utc_offset_minutes, d->cfg->remind_hour);
        int rc;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += (time_t)delay;
        rc = pthread_cond_timedwait(&d->cv, &d->mu, &until);
        if (atomic_load(&d->stop))
            break;
        if (rc == ETIMEDOUT) {
            pthread_mutex_unlock(&d->mu);
            daemon_once(d);
            pthread_mutex_lock(&d->mu);
        }
    }
    pthread_mutex_unlock(&d->mu);
    dj_db_thread_close();
    return NULL;
}

int dj_remind_daemon_start(const struct dj_config *cfg, struct dj_remind_daemon **out,
                           struct dj_err *err)
{
    struct dj_remind_daemon *d;

    *out = NULL;
    if (!cfg->remind_enabled)
        return 0;
    d = dj_xcalloc(1, sizeof(*d));
    d->cfg = cfg;
    pthread_mutex_init(&d->mu, NULL);
    pthread_cond_init(&d->cv, NULL);
    atomic_init(&d->stop, false);
    if (pthread_create(&d->thread, NULL, daemon_main, d)) {
        pthread_mutex_destroy(&d->mu);
        pthread_cond_destroy(&d->cv);
        free(d);
        return dj_err_set(err, DJ_EINTERNAL, NULL, "无法启动提醒线程");
    }
    *out = d;
    return 0;
}

void dj_remind_daemon_stop(struct dj_remind_daemon *d)
{
    if (!d)
        return;
    pthread_mutex_lock(&d->mu);
    atomic_store(&d->stop, true);
    pthread_cond_signal(&d->cv);
    pthread_mutex_unlock(&d->mu);
    pthread_join(d->thread, NULL);
    pthread_mutex_destroy(&d->mu);
    pthread_cond_destroy(&d->cv);
    free(d);
}
