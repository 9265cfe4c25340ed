/* compliance.c (svc) - the compliance engine; see compliance.h and docs/compliance.md. */
#include "base/compat.h"
#include <ctype.h>
#include <pthread.h>

#include "model/desc.h"
#include "rules/life_rules.h"
#include "rules/rulecalc.h"
#include "store/compliance.h"
#include "svc/audit.h"
#include "svc/compliance.h"
#include "svc/org.h"
#include "svc/svc.h"

#define MAX_PERIODS 64
#define MAX_RULE_TOTALS 64
#define MAX_WEAK 2000

/* One requirement with its periods in the window and the value in force for each. */
struct plan {
    const struct dj_life_req *req;
    const struct dj_rule *rule;
    struct dj_life_period_span p[MAX_PERIODS];
    int64_t value[MAX_PERIODS];
    int np;
    /* per-month counts when some value is above 1 */
    struct dj_cmp_month *months;
    int nmonths;
    int *month_first; /* per org: index of its first month row, -1 */
};

struct engine {
    const struct dj_compliance_query *q;
    struct dj_arena *arena;
    struct dj_compliance_report *out;
    struct dj_cmp_input in;
    struct dj_cmp_params params;
    int64_t skip;                                      /* gaps still to skip before the page */
    int64_t *org_req, *org_met, *org_gaps, *org_acked; /* per organisation */
    int *life_first; /* per organisation: first index in in.life, -1 */
};

static struct dj_date parse_or_unset(const char *s)
{
    struct dj_date d;

    if (!s || !*s || dj_date_parse(s, &d, NULL, NULL))
        memset(&d, 0, sizeof(d));
    return d;
}

static struct dj_cmp_rule_total *rule_total(struct engine *e, const char *rule_id,
                                            const char *source)
{
    struct dj_compliance_report *r = e->out;

    for (int i = 0; i < r->nrules; i++)
        if (!strcmp(r->rules[i].rule_id, rule_id))
            return &r->rules[i];
    if (r->nrules == MAX_RULE_TOTALS)
        return NULL;
    r->rules[r->nrules].rule_id = dj_arena_strdup(e->arena, rule_id);
    r->rules[r->nrules].rule = dj_rule_find(rule_id, e->q->to);
    r->rules[r->nrules].source = source;
    return &r->rules[r->nrules++];
}

static const struct dj_cmp_ack *find_ack(const struct dj_cmp_input *in, int64_t org_id,
                                         const char *rule_id, const char *period,
                                         const char *subject)
{
    int lo = 0, hi = in->nacks;

    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        const struct dj_cmp_ack *a = &in->acks[mid];
        int c = a->org_id < org_id ? -1 : a->org_id > org_id ? 1 : 0;
        if (!c)
            c = strcmp(a->rule_id, rule_id);
        if (!c)
            c = strcmp(a->period, period);
        if (!c)
            c = strcmp(a->subject, subject ? subject : "");
        if (!c)
            return a;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/*
 * Count one gap and, when it belongs on the page, return the page slot with
 * the identifying fields and the acknowledgement filled (the caller adds
 * the rest). org is the organisation's index or -1.
 */
static struct dj_cmp_gap *gap_slot(struct engine *e, int org, int64_t org_id, const char *source,
                                   const char *rule_id, const char *period, const char *subject)
{
    struct dj_compliance_report *r = e->out;
    const struct dj_cmp_ack *ack = find_ack(&e->in, org_id, rule_id, period, subject);
    struct dj_cmp_rule_total *t = rule_total(e, rule_id, source);
    struct dj_cmp_gap *g;

    r->gaps_total++;
    if (ack)
        r->gaps_acked++;
    if (t) {
        t->gaps++;
        t->acked += ack != NULL;
    }
    if (org >= 0) {
        e->org_gaps[org]++;
        e->org_acked[org] += ack != NULL;
    }
    if ((e->q->rule_id && strcmp(e->q->rule_id, rule_id)) ||
        (e->q->org_filter && e->q->org_filter != org_id))
        return NULL;
    r->gaps_matching++;
    if (e->skip > 0) {
        e->skip--;
        return NULL;
    }
    if (r->ngaps >= e->q->limit)
        return NULL;
    g = &r->gaps[r->ngaps++];
    memset(g, 0, sizeof(*g));
    g->source = source;
    g->org_id = org_id;
    g->rule_id = dj_arena_strdup(e->arena, rule_id);
    g->period = dj_arena_strdup(e->arena, period);
    g->subject = dj_arena_strdup(e->arena, subject ? subject : "");
    if (org >= 0) {
        g->org_name = e->in.orgs[org].name;
        g->org_path = e->in.orgs[org].path;
    }
    if (ack) {
        g->ack_explanation = ack->explanation;
        g->ack_by = ack->acked_by;
        g->ack_at = ack->acked_at;
    }
    return g;
}

static bool existed(struct dj_date founded, struct dj_date dissolved,
                    const struct dj_life_period_span *p)
{
    return (!dj_date_isset(founded) || dj_date_cmp(founded, p->start) <= 0) &&
           (!dj_date_isset(dissolved) || dj_date_cmp(dissolved, p->end) > 0);
}

static bool exempted(const struct dj_cmp_input *in, int org, const char *rule_id,
                     const struct dj_life_period_span *p)
{
    char s[11], t[11];

    if (!in->nex)
        return false;
    dj_date_format(p->start, s);
    dj_date_format(p->end, t);
    for (int i = 0; i < in->nex; i++) {
        const struct dj_cmp_exemption *x = &in->ex[i];
        if (x->org == org && !strcmp(x->rule_id, rule_id) && strcmp(x->start_on, s) <= 0 &&
            strcmp(x->end_on, t) >= 0)
            return true;
    }
    return false;
}

/* Months of p as bit positions in the window. */
static uint64_t period_bits(const struct engine *e, const struct dj_life_period_span *p)
{
    int a = dj_life_ym(p->start) - e->params.lo_ym, b = dj_life_ym(p->end) - e->params.lo_ym;
    uint64_t bits = 0;

    for (int i = a; i <= b; i++)
        if (i >= 0 && i < 64)
            bits |= (uint64_t)1 << i;
    return bits;
}

static const struct dj_cmp_life *life_of(const struct engine *e, int org, const char *kind)
{
    for (int i = e->life_first[org]; i >= 0 && i < e->in.nlife && e->in.life[i].org == org; i++)
        if (!strcmp(e->in.life[i].kind, kind))
            return &e->in.life[i];
    return NULL;
}

static int64_t month_sum(const struct plan *pl, int org, const struct dj_life_period_span *p)
{
    int64_t n = 0;
    int a = dj_life_ym(p->start), b = dj_life_ym(p->end);

    for (int i = pl->month_first[org]; i >= 0 && i < pl->nmonths && pl->months[i].org == org; i++)
        if (pl->months[i].ym >= a && pl->months[i].ym <= b)
            n += pl->months[i].n;
    return n;
}

static bool targets(const struct dj_life_req *r, const struct dj_cmp_org *o)
{
    switch (r->target) {
    case DJ_TARGET_BRANCH:
        return dj_life_is_branch_kind(o->kind);
    case DJ_TARGET_BRANCH_COMMITTEE:
        return dj_life_is_branch_kind(o->kind) && o->committee_posts > 0;
    case DJ_TARGET_GROUP:
        return dj_life_is_group_kind(o->kind);
    }
    return false;
}

static const char *period_name(enum dj_life_period p)
{
    return p == DJ_PERIOD_MONTH ? "月" : p == DJ_PERIOD_QUARTER ? "季度" : "年度";
}

static void life_rules_for_org(struct engine *e, struct plan *plans, int nplans, int i)
{
    const struct dj_cmp_org *o = &e->in.orgs[i];
    struct dj_date founded = parse_or_unset(o->founded_on);
    struct dj_date dissolved = parse_or_unset(o->dissolved_on);
    char from[11], to[11];

    for (int k = 0; k < nplans; k++) {
        struct plan *pl = &plans[k];
        const struct dj_cmp_life *l;
        struct dj_cmp_rule_total *t;

        if (!pl->np || !targets(pl->req, o))
            continue;
        l = life_of(e, i, pl->req->count_kind);
        t = rule_total(e, pl->req->rule_id, "life");
        for (int j = 0; j < pl->np; j++) {
            const struct dj_life_period_span *p = &pl->p[j];
            int64_t held;
            bool met;
            struct dj_cmp_gap *g;

            if (!existed(founded, dissolved, p) || exempted(&e->in, i, pl->req->rule_id, p))
                continue;
            if (pl->months)
                held = month_sum(pl, i, p);
            else
                held = l ? __builtin_popcountll(l->mask & period_bits(e, p)) : 0;
            met = held >= pl->value[j];
            e->org_req[i]++;
            e->org_met[i] += met;
            e->out->required++;
            e->out->met += met;
            if (t) {
                t->required++;
                t->met += met;
            }
            if (met)
                continue;
            g = gap_slot(e, i, o->id, "life", pl->req->rule_id, p->label, "");
            if (!g)
                continue;
            g->held = held;
            g->required = pl->value[j];
            g->missing =
                dj_arena_printf(e->arena, "%s（%s）应至少召开%lld次，已计入%lld次", pl->req->what,
                                p->label, (long long)pl->value[j], (long long)held);
            dj_date_format(p->start, from);
            dj_date_format(p->end, to);
            g->records = dj_arena_printf(
                e->arena, "/api/meetings?org_id=%lld&kind=%s&from=%s&to=%s", (long long)o->id,
                strcmp(pl->req->count_kind, "lecture_secretary") ? pl->req->count_kind : "lecture",
                from, to);
        }
    }
}

/* 学时 and 谈心谈话 coverage of a branch, per year. */
static void member_rules_for_org(struct engine *e, int i, const struct dj_life_period_span *years,
                                 int nyears, int *my_index)
{
    const struct dj_cmp_org *o = &e->in.orgs[i];
    struct dj_date founded = parse_or_unset(o->founded_on);
    struct dj_date dissolved = parse_or_unset(o->dissolved_on);
    static const char *const rules[] = {DJ_LIFE_RULE_TRAINING, DJ_LIFE_RULE_TALK};

    if (!dj_life_is_branch_kind(o->kind) || o->members <= 0)
        return;
    for (int y = 0; y < nyears; y++) {
        const struct dj_life_period_span *p = &years[y];
        int idx = my_index[(size_t)i * (size_t)nyears + (size_t)y];
        const struct dj_cmp_member_year *my = idx >= 0 ? &e->in.my[idx] : NULL;

        if (!existed(founded, dissolved, p))
            continue;
        for (size_t r = 0; r < DJ_ARRAY_LEN(rules); r++) {
            int64_t ok = my ? (r == 0 ? my->hours_ok : my->talks_ok) : 0;
            struct dj_cmp_rule_total *t = rule_total(e, rules[r], "life");
            struct dj_cmp_gap *g;

            if (exempted(&e->in, i, rules[r], p))
                continue;
            if (ok > o->members)
                ok = o->members;
            e->org_req[i] += o->members;
            e->org_met[i] += ok;
            if (t) {
                t->required += o->members;
                t->met += ok;
            }
            if (ok >= o->members)
                continue;
            g = gap_slot(e, i, o->id, "life", rules[r], p->label, "");
            if (!g)
                continue;
            g->held = ok;
            g->required = o->members;
            if (r == 0)
                g->missing = dj_arena_printf(
                    e->arena, "%s年度有%lld名党员集中学习培训不足%lld学时（达标%lld/%lld人）",
                    p->label, (long long)(o->members - ok), (long long)e->params.min_hours,
                    (long long)ok, (long long)o->members);
            else
                g->missing = dj_arena_printf(
                    e->arena, "%s年度有%lld名党员未参加谈心谈话（已覆盖%lld/%lld人）", p->label,
                    (long long)(o->members - ok), (long long)ok, (long long)o->members);
            g->records = dj_arena_printf(e->arena, "/api/orgs/%lld/training?year=%.4s",
                                         (long long)o->id, p->label);
        }
    }
}

static void weak_add(struct engine *e, int i, const char *rule_id, const char *text)
{
    struct dj_compliance_report *r = e->out;
    struct dj_cmp_weak *w = NULL;

    for (int k = r->nweak - 1; k >= 0 && !w; k--)
        if (r->weak[k].org_id == e->in.orgs[i].id)
            w = &r->weak[k];
    if (!w) {
        if (r->nweak == MAX_WEAK)
            return;
        w = &r->weak[r->nweak++];
        w->org_id = e->in.orgs[i].id;
        w->name = e->in.orgs[i].name;
        w->path = e->in.orgs[i].path;
    }
    if (w->nreasons < (int)DJ_ARRAY_LEN(w->reasons)) {
        w->reasons[w->nreasons].rule_id = rule_id;
        w->reasons[w->nreasons++].text = text;
    }
}

/* 软弱涣散 candidates by the direct criteria (spec §7.2, L rules). */
static void weak_direct(struct engine *e, const struct plan *quarters, const char *root)
{
    static const char *const life_kinds[] = {"assembly", "committee", "lecture", "group"};
    int64_t need = 1;

    if (dj_rule_get("org.weak.no_life_quarters", e->q->to, root, &need))
        need = 1;
    for (int i = 0; i < e->in.norgs; i++) {
        const struct dj_cmp_org *o = &e->in.orgs[i];
        struct dj_date founded = parse_or_unset(o->founded_on);
        struct dj_date dissolved = parse_or_unset(o->dissolved_on);
        int64_t empty = 0;
        const char *first = NULL;

        if (!dj_life_is_branch_kind(o->kind) || !o->active)
            continue;
        for (int j = 0; quarters && j < quarters->np; j++) {
            uint64_t bits = period_bits(e, &quarters->p[j]);
            bool any = false;
            if (!existed(founded, dissolved, &quarters->p[j]))
                continue;
            for (size_t k = 0; k < DJ_ARRAY_LEN(life_kinds) && !any; k++) {
                const struct dj_cmp_life *l = life_of(e, i, life_kinds[k]);
                any = l && (l->mask & bits);
            }
            if (!any) {
                empty++;
                if (!first)
                    first = quarters->p[j].label;
            }
        }
        if (empty >= need && empty > 0)
            weak_add(e, i, "org.weak.no_life_quarters",
                     dj_arena_printf(e->arena, "%lld个季度未开展“三会一课”（首个：%s）",
                                     (long long)empty, first));
        if (o->secretaries_at_end == 0) {
            struct dj_date since = parse_or_unset(o->last_secretary_end);
            bool over = false;
            if (!dj_date_isset(since))
                since = founded;
            else
                since = dj_date_add_days(since, 1);
            if (dj_date_isset(since) &&
                !dj_rule_compare_span("org.weak.secretary_vacant_months", since, e->q->to, &over) &&
                over)
                weak_add(e, i, "org.weak.secretary_vacant_months",
                         dj_arena_printf(e->arena, "书记自%04d-%02d-%02d起空缺超过规定期限",
                                         since.y, since.m, since.d));
        }
    }
}

static int rate_cmp(const void *a, const void *b)
{
    const struct dj_cmp_org_total *x = a, *y = b;
    /* x->met / x->required vs y->met / y->required, exactly */
    int64_t l = x->met * y->required, r = y->met * x->required;

    if (l != r)
        return l < r ? -1 : 1;
    return strcmp(x->path, y->path);
}

/* Lowest-rate branches (org.weak.bottom_percent) and the per-organisation list. */
static void org_totals(struct engine *e, const char *root)
{
    struct dj_compliance_report *r = e->out;
    struct dj_cmp_org_total *all;
    int64_t pct = 5, nbranch = 0, bottom, taken = 0;
    int n = 0;

    all = dj_arena_zalloc(e->arena, sizeof(*all) * (size_t)(e->in.norgs ? e->in.norgs : 1));
    for (int i = 0; i < e->in.norgs; i++) {
        if (!e->org_req[i])
            continue;
        all[n].org_id = e->in.orgs[i].id;
        all[n].name = e->in.orgs[i].name;
        all[n].path = e->in.orgs[i].path;
        all[n].kind = e->in.orgs[i].kind;
        all[n].required = e->org_req[i];
        all[n].met = e->org_met[i];
        all[n].gaps = e->org_gaps[i];
        all[n].acked = e->org_acked[i];
        n++;
    }
    if (n > 1)
        qsort(all, (size_t)n, sizeof(*all), rate_cmp);
    r->orgs_total = n;
    r->orgs = all;
    r->norgs = n < e->q->org_limit ? n : (int)e->q->org_limit;

    if (dj_rule_get("org.weak.bottom_percent", e->q->to, root, &pct))
        pct = 5;
    for (int k = 0; k < n; k++)
        nbranch += dj_life_is_branch_kind(all[k].kind);
    bottom = (nbranch * pct + 99) / 100;
    for (int k = 0; k < n && taken < bottom; k++) {
        int i;
        if (!dj_life_is_branch_kind(all[k].kind))
            continue;
        taken++;
        if (all[k].met >= all[k].required)
            continue;
        i = dj_cmp_org_find(&e->in, all[k].path);
        if (i >= 0)
            weak_add(e, i, "org.weak.bottom_percent",
                     dj_arena_printf(e->arena, "组织生活落实率%lld%%，排名后%lld%%",
                                     (long long)(all[k].met * 100 / all[k].required),
                                     (long long)pct));
    }
}

/* A source's finding joins the report. */
static int source_emit(void *ctx, const struct dj_cmp_gap *src)
{
    struct engine *e = ctx;
    int org = src->org_path ? dj_cmp_org_find(&e->in, src->org_path) : -1;
    struct dj_cmp_gap *g = gap_slot(e, org, src->org_id, src->source, src->rule_id,
                                    src->period ? src->period : "current", src->subject);

    if (g) {
        g->org_name = src->org_name ? dj_arena_strdup(e->arena, src->org_name) : g->org_name;
        g->org_path = src->org_path ? dj_arena_strdup(e->arena, src->org_path) : g->org_path;
        g->missing = dj_arena_strdup(e->arena, src->missing ? src->missing : "");
        g->records = dj_arena_strdup(e->arena, src->records ? src->records : "");
        g->held = src->held;
        g->required = src->required;
    }
    return 0;
}

/*
 * ---- the input cache ----
 *
 * What the report reads (the grouped rows of dj_store_compliance_input and
 * the findings of the further sources) is kept for a few recent queries,
 * keyed by the query's parameters, the actor's scope and the generation of
 * the data (table compliance_gen, bumped by a trigger on every write to a
 * table read here, sql/0012_compliance_perf.sql). A write of any kind makes
 * the next report read afresh; the judging itself (periods, values,
 * acknowledgement counts, paging) runs on every call. Entries are shared
 * between threads and freed when evicted and no longer in use; a report
 * copies the strings it returns out of the entry (detach) before letting go.
 */
#define CACHE_SLOTS 4

struct cache_entry {
    char *key;      /* "query#gen" (malloc) */
    size_t qlen;    /* length of the query part */
    struct dj_arena *arena;
    struct dj_cmp_input in;
    struct dj_cmp_gap *src; /* the sources' findings, in emission order */
    int nsrc, capsrc;
    int refs;
    bool cached; /* in a slot */
    uint64_t used;
};

static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static struct cache_entry *cache_slot[CACHE_SLOTS];
static uint64_t cache_clock, cache_hits, cache_misses;
static bool cache_disabled;

static pthread_once_t cache_env_once = PTHREAD_ONCE_INIT;

/* DJ_COMPLIANCE_CACHE=off starts with the cache switched off (benchmarks of the uncached path). */
static void cache_env(void)
{
    const char *v = getenv("DJ_COMPLIANCE_CACHE");

    if (v && !strcmp(v, "off"))
        cache_disabled = true;
}

void dj_compliance_cache_set(bool enabled)
{
    pthread_once(&cache_env_once, cache_env);
    pthread_mutex_lock(&cache_mu);
    cache_disabled = !enabled;
    pthread_mutex_unlock(&cache_mu);
}

void dj_compliance_cache_stats(uint64_t *hits, uint64_t *misses)
{
    pthread_mutex_lock(&cache_mu);
    *hits = cache_hits;
    *misses = cache_misses;
    pthread_mutex_unlock(&cache_mu);
}

static void entry_free(struct cache_entry *c)
{
    dj_arena_free(c->arena);
    free(c->key);
    free(c);
}

/* A cached entry for key (a reference the caller releases), else a new empty one, else NULL. */
static struct cache_entry *cache_acquire(const char *key, size_t qlen, bool *hit)
{
    struct cache_entry *c = NULL;

    *hit = false;
    pthread_once(&cache_env_once, cache_env);
    pthread_mutex_lock(&cache_mu);
    if (cache_disabled) {
        pthread_mutex_unlock(&cache_mu);
        return NULL;
    }
    for (int i = 0; i < CACHE_SLOTS && !c; i++)
        if (cache_slot[i] && !strcmp(cache_slot[i]->key, key))
            c = cache_slot[i];
    if (c) {
        c->refs++;
        c->used = ++cache_clock;
        cache_hits++;
        *hit = true;
    } else {
        cache_misses++;
    }
    pthread_mutex_unlock(&cache_mu);
    if (c)
        return c;
    c = dj_xcalloc(1, sizeof(*c));
    c->key = dj_xstrdup(key);
    c->qlen = qlen;
    c->arena = dj_arena_new();
    c->refs = 1;
    return c;
}

/* Keep a complete entry: it replaces an older generation of the same query, else the LRU slot. */
static void cache_put(struct cache_entry *c)
{
    int victim = -1;

    pthread_mutex_lock(&cache_mu);
    for (int i = 0; i < CACHE_SLOTS && victim < 0; i++)
        if (cache_slot[i] && cache_slot[i]->qlen == c->qlen &&
            !strncmp(cache_slot[i]->key, c->key, c->qlen))
            victim = i;
    for (int i = 0; i < CACHE_SLOTS && victim < 0; i++)
        if (!cache_slot[i])
            victim = i;
    if (victim < 0) { /* all slots hold other queries: the least recently used goes */
        victim = 0;
        for (int i = 1; i < CACHE_SLOTS; i++)
            if (cache_slot[i]->used < cache_slot[victim]->used)
                victim = i;
    }
    if (cache_slot[victim]) {
        cache_slot[victim]->cached = false;
        if (!cache_slot[victim]->refs)
            entry_free(cache_slot[victim]);
    }
    cache_slot[victim] = c;
    c->cached = true;
    c->used = ++cache_clock;
    pthread_mutex_unlock(&cache_mu);
}

static void cache_release(struct cache_entry *c)
{
    bool gone;

    if (!c)
        return;
    pthread_mutex_lock(&cache_mu);
    gone = --c->refs == 0 && !c->cached;
    pthread_mutex_unlock(&cache_mu);
    if (gone)
        entry_free(c);
}

static const char *own(struct engine *e, const char *s)
{
    return s ? dj_arena_strdup(e->arena, s) : NULL;
}

/* Copy every string the report points to inside the entry into the caller's arena. */
static void detach(struct engine *e)
{
    struct dj_compliance_report *r = e->out;

    for (int i = 0; i < r->ngaps; i++) {
        struct dj_cmp_gap *g = &r->gaps[i];
        g->source = own(e, g->source);
        g->org_name = own(e, g->org_name);
        g->org_path = own(e, g->org_path);
        g->ack_explanation = own(e, g->ack_explanation);
        g->ack_by = own(e, g->ack_by);
        g->ack_at = own(e, g->ack_at);
    }
    for (int i = 0; i < r->nrules; i++)
        r->rules[i].source = own(e, r->rules[i].source);
    for (int i = 0; i < r->nweak; i++) {
        r->weak[i].name = own(e, r->weak[i].name);
        r->weak[i].path = own(e, r->weak[i].path);
    }
    for (int64_t i = 0; i < r->orgs_total; i++) {
        r->orgs[i].name = own(e, r->orgs[i].name);
        r->orgs[i].path = own(e, r->orgs[i].path);
        r->orgs[i].kind = own(e, r->orgs[i].kind);
    }
}

struct record_ctx {
    struct engine *e;
    struct cache_entry *c;
};

/* A source's finding: kept in the entry (its own copy), then joins the report. */
static int record_emit(void *ctx, const struct dj_cmp_gap *g)
{
    struct record_ctx *x = ctx;
    struct cache_entry *c = x->c;
    struct dj_arena *a = c->arena;
    struct dj_cmp_gap *k;

    if (c->nsrc == c->capsrc) {
        struct dj_cmp_gap *grown;
        c->capsrc = c->capsrc ? c->capsrc * 2 : 256;
        grown = dj_arena_alloc(a, sizeof(*grown) * (size_t)c->capsrc);
        if (c->nsrc)
            memcpy(grown, c->src, sizeof(*grown) * (size_t)c->nsrc);
        c->src = grown;
    }
    k = &c->src[c->nsrc++];
    memset(k, 0, sizeof(*k));
    k->source = g->source ? dj_arena_strdup(a, g->source) : NULL;
    k->org_id = g->org_id;
    k->org_name = g->org_name ? dj_arena_strdup(a, g->org_name) : NULL;
    k->org_path = g->org_path ? dj_arena_strdup(a, g->org_path) : NULL;
    k->rule_id = g->rule_id ? dj_arena_strdup(a, g->rule_id) : NULL;
    k->period = g->period ? dj_arena_strdup(a, g->period) : NULL;
    k->subject = g->subject ? dj_arena_strdup(a, g->subject) : NULL;
    k->missing = g->missing ? dj_arena_strdup(a, g->missing) : NULL;
    k->records = g->records ? dj_arena_strdup(a, g->records) : NULL;
    k->held = g->held;
    k->required = g->required;
    return source_emit(x->e, g);
}

/* The cache key of a query: everything the input and the sources depend on. */
static char *cache_query(struct engine *e, const struct dj_actor *actor, size_t *qlen)
{
    struct dj_scope scope;
    char today[11];
    char *k;

    dj_scope_for(actor, DJ_PERM_READ, &scope);
    k = dj_arena_printf(e->arena, "%s|%s|%s|%s|%d|%lld|%lld|%d|%d|%d|%d|%d|%s",
                        e->params.path, e->params.from, e->params.to,
                        dj_date_format(e->q->today, today), e->params.count_submitted ? 1 : 0,
                        (long long)e->params.min_hours, (long long)e->params.min_talks,
                        e->params.lo_ym, e->params.hi_ym, e->params.year_lo, e->params.year_hi,
                        e->q->no_sources ? 1 : 0, scope.all ? "*" : "");
    for (int i = 0; !scope.all && i < scope.n; i++)
        k = dj_arena_printf(e->arena, "%s%s,", k, scope.paths[i]);
    *qlen = strlen(k);
    return k;
}

static int validate(const struct dj_compliance_query *q, struct dj_err *err)
{
    if (!dj_date_valid(q->from))
        return dj_err_set(err, DJ_EINVAL, "from", "「开始日期」无效");
    if (!dj_date_valid(q->to))
        return dj_err_set(err, DJ_EINVAL, "to", "「结束日期」无效");
    if (dj_date_cmp(q->from, q->to) > 0)
        return dj_err_set(err, DJ_EINVAL, "to", "「结束日期」不能早于开始日期");
    if (dj_life_ym(q->to) - dj_life_ym(q->from) >= DJ_COMPLIANCE_MAX_MONTHS)
        return dj_err_set(err, DJ_EINVAL, "to", "查询区间不能超过%d个月", DJ_COMPLIANCE_MAX_MONTHS);
    if (q->limit < 0 || q->limit > DJ_COMPLIANCE_MAX_LIMIT)
        return dj_err_set(err, DJ_EINVAL, "limit", "「每页条数」应在 0 到 %d 之间",
                          DJ_COMPLIANCE_MAX_LIMIT);
    if (q->offset < 0)
        return dj_err_set(err, DJ_EINVAL, "offset", "「起始位置」不能为负数");
    if (q->rule_id && (!dj_utf8_valid(q->rule_id) || strlen(q->rule_id) > 100))
        return dj_err_set(err, DJ_EINVAL, "rule_id", "「规则」不正确");
    return 0;
}

static void build_plans(struct engine *e, const char *root, struct plan *plans, int *nplans)
{
    int n;
    const struct dj_life_req *reqs = dj_life_reqs(&n);
    struct dj_date unset = {0, 0, 0};

    for (int k = 0; k < n; k++) {
        struct plan *pl = &plans[k];
        memset(pl, 0, sizeof(*pl));
        pl->req = &reqs[k];
        pl->rule = dj_rule_find(reqs[k].rule_id, e->q->to);
        pl->np = dj_life_required_periods(reqs[k].period, e->q->from, e->q->to, e->q->today, unset,
                                          unset, pl->p, MAX_PERIODS);
        for (int j = 0; j < pl->np; j++)
            if (dj_rule_get(reqs[k].rule_id, pl->p[j].end, root, &pl->value[j]))
                pl->value[j] = 1;
    }
    *nplans = n;
}

/* Per-month counts for the plans whose value is above 1 in some period. */
static int fine_counts(struct dj_db *db, struct engine *e, struct plan *plans, int nplans,
                       struct dj_err *err)
{
    for (int k = 0; k < nplans; k++) {
        struct plan *pl = &plans[k];
        bool fine = false;
        int rc;

        for (int j = 0; j < pl->np; j++)
            fine = fine || pl->value[j] != 1;
        if (!fine)
            continue;
        rc = dj_store_compliance_months(db, &e->params, pl->req->count_kind, &e->in, e->arena,
                                        &pl->months, &pl->nmonths, err);
        if (rc)
            return rc;
        pl->month_first = dj_arena_alloc(e->arena, sizeof(int) * (size_t)(e->in.norgs + 1));
        for (int i = 0; i <= e->in.norgs; i++)
            pl->month_first[i] = -1;
        /* rows arrive in org_path order (the primary key), so each org's rows are contiguous */
        for (int m = pl->nmonths - 1; m >= 0; m--)
            pl->month_first[pl->months[m].org] = m;
    }
    return 0;
}

int dj_compliance_report(struct dj_db *db, const struct dj_actor *actor,
                         const struct dj_compliance_query *q, struct dj_arena *arena,
                         struct dj_compliance_report *out, struct dj_err *err)
{
    struct engine e;
    struct plan *plans = dj_arena_zalloc(arena, sizeof(*plans) * 16);
    struct dj_life_period_span years[MAX_PERIODS];
    struct dj_date unset = {0, 0, 0};
    const struct plan *quarters = NULL;
    char from[11], to[11];
    int nplans = 0, nyears, *my_index;
    int64_t sub = 0;
    bool own_tx = false, fine = false, hit = false;
    struct cache_entry *ce = NULL;
    char gen[80] = "";
    int rc;

    memset(out, 0, sizeof(*out));
    memset(&e, 0, sizeof(e));
    if ((rc = validate(q, err)) || (rc = dj_org_get(db, actor, q->org_id, &out->org, err)))
        return rc;
    e.q = q;
    e.arena = arena;
    e.out = out;
    e.skip = q->offset;
    out->rules = dj_arena_zalloc(arena, sizeof(*out->rules) * MAX_RULE_TOTALS);
    out->gaps = dj_arena_zalloc(arena, sizeof(*out->gaps) * (size_t)(q->limit ? q->limit : 1));
    out->weak = dj_arena_zalloc(arena, sizeof(*out->weak) * MAX_WEAK);

    if (dj_rule_get(DJ_LIFE_RULE_COUNT_SUBMITTED, q->to, out->org.path, &sub))
        sub = 0;
    out->count_submitted = sub != 0;
    e.params.path = out->org.path;
    e.params.from = dj_date_format(q->from, from);
    e.params.to = dj_date_format(q->to, to);
    e.params.lo_ym = dj_life_ym(q->from);
    e.params.hi_ym = dj_life_ym(q->to);
    e.params.count_submitted = out->count_submitted;
    if (dj_rule_get(DJ_LIFE_RULE_TRAINING, q->to, out->org.path, &e.params.min_hours))
        e.params.min_hours = 32;
    if (dj_rule_get(DJ_LIFE_RULE_TALK, q->to, out->org.path, &e.params.min_talks))
        e.params.min_talks = 1;
    nyears = dj_life_required_periods(DJ_PERIOD_YEAR, q->from, q->to, q->today, unset, unset, years,
                                      MAX_PERIODS);
    e.params.year_lo = nyears ? years[0].start.y : 1;
    e.params.year_hi = nyears ? years[nyears - 1].start.y : 0;
    build_plans(&e, out->org.path, plans, &nplans);

    for (int k = 0; k < nplans; k++)
        for (int j = 0; j < plans[k].np; j++)
            fine = fine || plans[k].value[j] != 1;

    if (!dj_db_in_tx(db)) {
        rc = dj_db_begin(db, false, err);
        own_tx = rc == 0;
    }
    /* per-month counts (a value above 1) are read afresh: no cache then */
    if (!rc && !fine)
        rc = dj_store_compliance_gen(db, gen, sizeof(gen), err);
    if (!rc && *gen) {
        size_t qlen;
        const char *query = cache_query(&e, actor, &qlen);
        ce = cache_acquire(dj_arena_printf(arena, "%s#%s", query, gen), qlen, &hit);
    }
    if (hit)
        e.in = ce->in;
    else if (!rc)
        rc = dj_store_compliance_input(db, &e.params, ce ? ce->arena : arena, &e.in, err);
    if (ce && !hit && !rc)
        ce->in = e.in;
    if (!rc)
        rc = fine_counts(db, &e, plans, nplans, err);
    if (own_tx) {
        if (rc)
            dj_db_rollback(db);
        else if ((rc = dj_db_commit(db, err)))
            dj_db_rollback(db);
    }
    if (rc) {
        cache_release(ce);
        return rc;
    }

    e.org_req = dj_arena_zalloc(arena, sizeof(int64_t) * (size_t)(e.in.norgs + 1));
    e.org_met = dj_arena_zalloc(arena, sizeof(int64_t) * (size_t)(e.in.norgs + 1));
    e.org_gaps = dj_arena_zalloc(arena, sizeof(int64_t) * (size_t)(e.in.norgs + 1));
    e.org_acked = dj_arena_zalloc(arena, sizeof(int64_t) * (size_t)(e.in.norgs + 1));
    e.life_first = dj_arena_alloc(arena, sizeof(int) * (size_t)(e.in.norgs + 1));
    for (int i = 0; i <= e.in.norgs; i++)
        e.life_first[i] = -1;
    for (int l = e.in.nlife - 1; l >= 0; l--)
        e.life_first[e.in.life[l].org] = l;
    my_index = dj_arena_alloc(arena, sizeof(int) * (size_t)(e.in.norgs + 1) *
                                         (size_t)(nyears ? nyears : 1));
    for (size_t k = 0; k < (size_t)(e.in.norgs + 1) * (size_t)(nyears ? nyears : 1); k++)
        my_index[k] = -1;
    for (int k = 0; k < e.in.nmy; k++) {
        int y = e.in.my[k].year - e.params.year_lo;
        if (y >= 0 && y < nyears)
            my_index[(size_t)e.in.my[k].org * (size_t)nyears + (size_t)y] = k;
    }
    for (int k = 0; k < nplans; k++)
        if (plans[k].req->period == DJ_PERIOD_QUARTER && !quarters)
            quarters = &plans[k];

    for (int i = 0; i < e.in.norgs; i++) {
        const struct dj_cmp_org *o = &e.in.orgs[i];
        if (!o->active && !*o->dissolved_on)
            continue;
        life_rules_for_org(&e, plans, nplans, i);
        member_rules_for_org(&e, i, years, nyears, my_index);
    }
    weak_direct(&e, quarters, out->org.path);
    org_totals(&e, out->org.path);

    if (!q->no_sources && hit) {
        for (int k = 0; k < ce->nsrc; k++)
            source_emit(&e, &ce->src[k]);
    } else if (!q->no_sources) {
        struct record_ctx rec = {&e, ce};
        for (const struct dj_compliance_source *s = dj_compliance_sources; s->fn && !rc; s++)
            rc = s->fn(db, actor, &out->org, q->from, q->to, q->today, arena,
                       ce ? record_emit : source_emit, ce ? (void *)&rec : (void *)&e, err);
    }
    if (ce && !hit && !rc)
        cache_put(ce);
    if (ce)
        detach(&e);
    cache_release(ce);
    return rc;
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

static int check_text(const char *s, const char *field, const char *label, size_t max,
                      struct dj_err *err)
{
    if (!s || !*s)
        return dj_err_set(err, DJ_EINVAL, field, "「%s」不能为空", label);
    if (!dj_utf8_valid(s) || dj_utf8_len(s) > max)
        return dj_err_set(err, DJ_EINVAL, field, "「%s」不能超过%zu个字符", label, max);
    return 0;
}

/* A period label: YYYY, YYYY-Qn, YYYY-MM, or "current". */
static bool period_ok(const char *p)
{
    size_t n = p ? strlen(p) : 0;

    if (n == 7 && !strcmp(p, "current"))
        return true;
    if (n < 4 || !isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) ||
        !isdigit((unsigned char)p[2]) || !isdigit((unsigned char)p[3]))
        return false;
    if (n == 4)
        return true;
    if (n == 7 && p[4] == '-' && p[5] == 'Q' && p[6] >= '1' && p[6] <= '4')
        return true;
    return n == 7 && p[4] == '-' &&
           ((p[5] == '0' && p[6] >= '1' && p[6] <= '9') ||
            (p[5] == '1' && p[6] >= '0' && p[6] <= '2'));
}

int dj_compliance_ack(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                      const char *rule_id, const char *period, const char *subject,
                      const char *explanation, int64_t *id, struct dj_err *err)
{
    struct dj_org_row org;
    struct dj_cmp_ack a = {0};
    char now[32], idbuf[24];
    int rc;

    if ((rc = dj_org_get(db, actor, org_id, &org, err)) ||
        (rc = dj_authorize(actor, DJ_PERM_WRITE, org.path, err)) ||
        (rc = check_text(rule_id, "rule_id", "规则", 100, err)))
        return rc;
    if (!period_ok(period))
        return dj_err_set(err, DJ_EINVAL, "period",
                          "「期间」应为 2026、2026-Q1、2026-03 或 current");
    if (subject && (!dj_utf8_valid(subject) || strlen(subject) > 64))
        return dj_err_set(err, DJ_EINVAL, "subject", "「对象」不正确");
    if ((rc = check_text(explanation, "explanation", "情况说明", 1000, err)))
        return rc;
    if (!dj_rule_find(rule_id, (struct dj_date){9999, 12, 31}))
        return dj_err_set(err, DJ_EINVAL, "rule_id", "「规则」不存在");
    dj_now_iso(now, sizeof(now));
    a.org_id = org_id;
    a.rule_id = rule_id;
    a.period = period;
    a.subject = subject ? subject : "";
    a.explanation = explanation;
    a.acked_by = actor->username;
    a.acked_at = now;
    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    rc = dj_store_compliance_ack(db, &a, org.path, id, err);
    if (!rc) {
        snprintf(idbuf, sizeof(idbuf), "%lld", (long long)*id);
        rc = audit_owned(db, actor, "compliance.ack", "compliance_ack", idbuf, org.path, NULL,
                            json_pack("{s:I,s:s,s:s,s:s,s:s}", "org_id", (json_int_t)org_id,
                                      "rule_id", rule_id, "period", period, "subject", a.subject,
                                      "explanation", explanation),
                            err);
    }
    return end_tx(db, rc, err);
}

int dj_compliance_exempt(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                         const char *rule_id, struct dj_date start, struct dj_date end,
                         const char *reason, const char *approver, int64_t *id, struct dj_err *err)
{
    struct dj_org_row org;
    struct dj_cmp_exemption x = {0};
    char now[32], idbuf[24], s[11], t[11];
    int rc;

    if ((rc = dj_org_get(db, actor, org_id, &org, err)) ||
        (rc = dj_authorize(actor, DJ_PERM_WRITE, org.path, err)) ||
        (rc = check_text(rule_id, "rule_id", "规则", 100, err)))
        return rc;
    if (!dj_rule_find(rule_id, end))
        return dj_err_set(err, DJ_EINVAL, "rule_id", "「规则」不存在");
    if (!dj_date_valid(start))
        return dj_err_set(err, DJ_EINVAL, "start_on", "「开始日期」无效");
    if (!dj_date_valid(end) || dj_date_cmp(end, start) < 0)
        return dj_err_set(err, DJ_EINVAL, "end_on", "「结束日期」无效或早于开始日期");
    if ((rc = check_text(reason, "reason", "原因", 500, err)) ||
        (rc = check_text(approver, "approver", "批准人", 50, err)))
        return rc;
    x.rule_id = rule_id;
    x.start_on = dj_date_format(start, s);
    x.end_on = dj_date_format(end, t);
    x.reason = reason;
    x.approver = approver;
    dj_now_iso(now, sizeof(now));
    if ((rc = dj_db_begin(db, true, err)))
        return rc;
    rc = dj_store_compliance_exempt(db, org_id, org.path, &x, actor->username, now, id, err);
    if (!rc) {
        snprintf(idbuf, sizeof(idbuf), "%lld", (long long)*id);
        rc = audit_owned(
            db, actor, "compliance.exempt", "compliance_exemption", idbuf, org.path, NULL,
            json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "org_id", (json_int_t)org_id, "rule_id", rule_id,
                      "start_on", s, "end_on", t, "reason", reason, "approver", approver),
            err);
    }
    return end_tx(db, rc, err);
}

/* ---- the reminder lister ---- */

static int lister_path(struct dj_db *db, const char *path, struct dj_date from, struct dj_date to,
                       struct dj_date today, dj_deadline_emit emit, void *ctx, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    struct dj_cmp_params p = {0};
    struct dj_cmp_input in;
    struct dj_date wfrom = {from.y, 1, 1};
    char a[11], b[11];
    int rc, n;
    const struct dj_life_req *reqs = dj_life_reqs(&n);
    int64_t sub = 0;

    /* the window starts at the year containing `from` so every period ending in [from, to] is whole
     */
    if (dj_life_ym(to) - dj_life_ym(wfrom) >= DJ_COMPLIANCE_MAX_MONTHS) {
        dj_arena_free(arena);
        return dj_err_set(err, DJ_EINVAL, "to", "查询区间过长");
    }
    if (dj_rule_get(DJ_LIFE_RULE_COUNT_SUBMITTED, to, path, &sub))
        sub = 0;
    p.path = path;
    p.from = dj_date_format(wfrom, a);
    p.to = dj_date_format(to, b);
    p.lo_ym = dj_life_ym(wfrom);
    p.hi_ym = dj_life_ym(to);
    p.count_submitted = sub != 0;
    p.year_lo = 1;
    p.year_hi = 0;
    rc = dj_store_compliance_input(db, &p, arena, &in, err);
    int *firsts = rc ? NULL : dj_arena_alloc(arena, sizeof(int) * (size_t)(in.norgs + 1));
    for (int i = 0; !rc && i <= in.norgs; i++)
        firsts[i] = -1;
    for (int l = rc ? -1 : in.nlife - 1; l >= 0; l--)
        firsts[in.life[l].org] = l;
    for (int i = 0; !rc && i < in.norgs; i++) {
        const struct dj_cmp_org *o = &in.orgs[i];
        struct dj_date founded = parse_or_unset(o->founded_on);
        int first = firsts[i];

        if (!o->active)
            continue;
        for (int k = 0; !rc && k < n; k++) {
            struct dj_life_period_span ps[MAX_PERIODS];
            struct dj_date unset = {0, 0, 0}, far = {9999, 12, 31};
            int np;

            if (!targets(&reqs[k], o))
                continue;
            np = dj_life_required_periods(reqs[k].period, wfrom, to, far, founded, unset, ps,
                                          MAX_PERIODS);
            for (int j = 0; !rc && j < np; j++) {
                struct dj_deadline d = {0};
                uint64_t bits = 0;
                int64_t held = 0, need = 1;
                char kind[48], key[64], title[600];

                if (dj_date_cmp(ps[j].end, from) < 0)
                    continue;
                for (int x = dj_life_ym(ps[j].start); x <= dj_life_ym(ps[j].end); x++)
                    bits |= (uint64_t)1 << (x - p.lo_ym);
                for (int l = first; l >= 0 && l < in.nlife && in.life[l].org == i; l++)
                    if (!strcmp(in.life[l].kind, reqs[k].count_kind))
                        held = __builtin_popcountll(in.life[l].mask & bits);
                if (dj_rule_get(reqs[k].rule_id, ps[j].end, path, &need))
                    need = 1;
                if (held >= need)
                    continue;
                snprintf(kind, sizeof(kind), "life.%s", reqs[k].count_kind);
                snprintf(key, sizeof(key), "org:%lld:%s", (long long)o->id, ps[j].label);
                snprintf(title, sizeof(title), "%s %s%s尚未召开（%s）", o->name, ps[j].label,
                         reqs[k].what, period_name(reqs[k].period));
                d.kind = kind;
                d.key = key;
                d.org_id = o->id;
                d.org_path = o->path;
                d.due = ps[j].end;
                d.level = dj_date_cmp(ps[j].end, today) < 0 ? DJ_DEADLINE_OVERDUE : DJ_DEADLINE_DUE;
                d.rule_id = reqs[k].rule_id;
                d.title = title;
                rc = emit(ctx, &d);
            }
        }
    }
    dj_arena_free(arena);
    return rc;
}

int dj_meeting_deadline_lister(struct dj_db *db, const struct dj_scope *scope, struct dj_date from,
                               struct dj_date to, dj_deadline_emit emit, void *ctx,
                               struct dj_err *err)
{
    const struct dj_svc_env *env = dj_svc();
    struct dj_date today = dj_date_today(env && env->cfg ? env->cfg->utc_offset_minutes : 480);
    int rc = 0;

    if (!dj_date_valid(from) || !dj_date_valid(to) || dj_date_cmp(from, to) > 0)
        return dj_err_set(err, DJ_EINVAL, "to", "日期区间无效");
    if (scope->all)
        return lister_path(db, "/", from, to, today, emit, ctx, err);
    for (int i = 0; i < scope->n && !rc; i++)
        rc = lister_path(db, scope->paths[i], from, to, today, emit, ctx, err);
    return rc;
}
