/* findings.c (svc) - set-up checks over a subtree; see findings.h. */
#include "base/compat.h"
#include "store/findings.h"
#include "svc/findings.h"
#include "svc/org.h"

/* One finding before paging: what it is and whom it concerns. */
struct hit {
    struct dj_finding f;
    int org;  /* index into the input's orgs */
    int unit; /* index into the input's units, -1 for the organisation's own findings */
};

struct hits {
    struct hit *v; /* heap, freed by dj_findings_list */
    size_t n, cap;
};

static void hits_add(struct hits *h, const struct dj_finding *f, int org, int unit)
{
    if (h->n == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 256;
        h->v = dj_xrealloc(h->v, sizeof(*h->v) * h->cap);
    }
    h->v[h->n].f = *f;
    h->v[h->n].org = org;
    h->v[h->n].unit = unit;
    h->n++;
}

static int hit_cmp(const void *a, const void *b)
{
    const struct hit *x = a, *y = b;

    if (x->org != y->org)
        return x->org < y->org ? -1 : 1;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    return (int)x->f.check - (int)y->f.check;
}

static struct dj_date date_or_unset(const char *s)
{
    struct dj_date d;

    if (!s || !*s || dj_date_parse(s, &d, NULL, NULL))
        memset(&d, 0, sizeof(d));
    return d;
}

/*
 * sub[i] = 党员 in the subtree of orgs[i]. The array is in path order, so a
 * parent comes before its children: walking backwards adds each finished
 * subtree to its parent.
 */
static int64_t *subtree_totals(const struct dj_findings_input *in, struct dj_arena *arena)
{
    int64_t *sub = dj_arena_zalloc(arena, sizeof(*sub) * (size_t)(in->norgs ? in->norgs : 1));

    for (int i = 0; i < in->norgs; i++)
        sub[i] = in->orgs[i].direct_total + in->orgs[i].orphan_total;
    for (int i = in->norgs - 1; i > 0; i--) {
        char parent[DJ_PATH_MAX];
        size_t len = dj_strlcpy(parent, in->orgs[i].path, sizeof(parent));
        int p;

        if (len < 2 || len >= sizeof(parent))
            continue;
        len--; /* drop the trailing '/', then the last id */
        while (len > 0 && parent[len - 1] != '/')
            len--;
        parent[len] = '\0';
        p = len ? dj_findings_org_nearest(in->orgs, i, parent) : -1;
        if (p >= 0)
            sub[p] += sub[i];
    }
    return sub;
}

static void run_checks(const struct dj_findings_input *in, const int64_t *sub, struct dj_date today,
                       struct hits *h)
{
    struct dj_finding fs[DJ_SETUP_MAX_FINDINGS];

    for (int i = 0; i < in->norgs; i++) {
        const struct dj_findings_org *o = &in->orgs[i];
        struct dj_setup_org so = {0};
        int n;

        if (!o->active)
            continue;
        so.path = o->path;
        so.kind = o->kind;
        so.domain = o->domain;
        so.founded_on = date_or_unset(o->founded_on);
        so.full_members = o->direct_full;
        so.subtree_members = sub[i];
        so.committee_size = o->committee_size;
        so.committee_other = o->committee_other;
        so.secretaries = o->secretaries;
        so.secretaries_not_principal = o->secretaries_not_principal;
        so.last_secretary_end = date_or_unset(o->last_secretary_end);
        so.joint_units = o->joint_units;
        n = dj_setup_check_org(&so, today, fs);
        for (int k = 0; k < n; k++)
            hits_add(h, &fs[k], i, -1);
    }
    for (int u = 0; u < in->nunits; u++) {
        const struct dj_findings_unit *unit = &in->units[u];
        struct dj_setup_unit su = {0};
        int owner = dj_findings_org_find(in->orgs, in->norgs, unit->owner_path);

        if (owner < 0)
            continue;
        su.owner_path = unit->owner_path;
        su.full_members = unit->full_members;
        su.has_org = false; /* the store returns only units without an active organisation */
        su.in_joint = unit->in_joint;
        if (dj_setup_check_unit(&su, today, fs) == 1)
            hits_add(h, &fs[0], owner, u);
    }
}

static bool matches(const struct hit *x, const struct dj_findings_query *q)
{
    if (q->severity && strcmp(q->severity, x->f.error ? "error" : "warning") != 0)
        return false;
    if (q->rule_id && strcmp(q->rule_id, x->f.rule->id) != 0)
        return false;
    if (q->check && strcmp(q->check, dj_setup_check_name(x->f.check)) != 0)
        return false;
    return true;
}

static int count_key_cmp(const void *a, const void *b)
{
    return strcmp(((const struct dj_findings_count *)a)->key,
                  ((const struct dj_findings_count *)b)->key);
}

/* Distinct rules findings can name: at most two per check (党总支: 农村 or 机关). */
#define MAX_RULES (2 * DJ_CHK_COUNT)

/* The totals of the whole subtree, before filters. */
static void totals(const struct hits *h, struct dj_arena *arena, struct dj_findings_page *out)
{
    int64_t per_check[DJ_CHK_COUNT] = {0};

    out->by_rule = dj_arena_zalloc(arena, sizeof(*out->by_rule) * MAX_RULES);
    out->by_check = dj_arena_zalloc(arena, sizeof(*out->by_check) * DJ_CHK_COUNT);
    for (size_t i = 0; i < h->n; i++) {
        const struct dj_finding *f = &h->v[i].f;
        int r = 0;

        out->all++;
        if (f->error)
            out->errors++;
        else
            out->warnings++;
        per_check[f->check]++;
        while (r < out->nrules && strcmp(out->by_rule[r].key, f->rule->id) != 0)
            r++;
        if (r == out->nrules) {
            if (out->nrules == MAX_RULES)
                continue;
            out->by_rule[out->nrules++].key = f->rule->id;
        }
        out->by_rule[r].n++;
    }
    qsort(out->by_rule, (size_t)out->nrules, sizeof(*out->by_rule), count_key_cmp);
    for (int c = 0; c < DJ_CHK_COUNT; c++) {
        if (!per_check[c])
            continue;
        out->by_check[out->nchecks].key = dj_setup_check_name((enum dj_setup_check)c);
        out->by_check[out->nchecks++].n = per_check[c];
    }
}

static int validate(const struct dj_findings_query *q, struct dj_err *err)
{
    bool known = false;

    if (q->severity && strcmp(q->severity, "error") && strcmp(q->severity, "warning"))
        return dj_err_set(err, DJ_EINVAL, "severity", "「严重程度」应为 error 或 warning");
    if (q->check) {
        for (int c = 0; c < DJ_CHK_COUNT && !known; c++)
            known = !strcmp(q->check, dj_setup_check_name((enum dj_setup_check)c));
        if (!known)
            return dj_err_set(err, DJ_EINVAL, "check", "「检查项」不存在");
    }
    if (q->limit < 1 || q->limit > DJ_FINDINGS_MAX_LIMIT)
        return dj_err_set(err, DJ_EINVAL, "limit", "「每页条数」应在 1 到 %d 之间",
                          DJ_FINDINGS_MAX_LIMIT);
    if (q->offset < 0)
        return dj_err_set(err, DJ_EINVAL, "offset", "「起始位置」不能为负数");
    if (!dj_date_valid(q->today))
        return dj_err_set(err, DJ_EINVAL, "date", "日期无效");
    return 0;
}

/* Fill one page item, message included. */
static void fill_item(const struct dj_findings_input *in, const struct hit *x,
                      struct dj_arena *arena, struct dj_findings_item *it)
{
    const struct dj_findings_org *o = &in->orgs[x->org];
    const struct dj_findings_unit *u = x->unit >= 0 ? &in->units[x->unit] : NULL;
    const char *name = u ? u->name : o->not_principal_name;
    char msg[512];

    it->f = x->f;
    it->org_id = o->id;
    it->org_name = o->name;
    it->org_path = o->path;
    it->org_kind = o->kind;
    it->unit_id = u ? u->id : 0;
    it->unit_name = u ? u->name : NULL;
    it->message = dj_arena_strdup(arena, dj_finding_message(&x->f, name, msg, sizeof(msg)));
}

int dj_findings_list(struct dj_db *db, const struct dj_actor *actor,
                     const struct dj_findings_query *q, struct dj_arena *arena,
                     struct dj_findings_page *out, struct dj_err *err)
{
    struct dj_findings_input in;
    struct dj_scope scope;
    struct hits h = {0};
    char today[11];
    int64_t unit_min = INT64_MAX, skip;
    bool own_tx = false;
    int rc;

    memset(out, 0, sizeof(*out));
    rc = validate(q, err);
    if (!rc)
        rc = dj_org_get(db, actor, q->org_id, &out->org, err);
    if (rc)
        return rc;
    dj_scope_for(actor, DJ_PERM_READ, &scope);
    dj_date_format(q->today, today);
    /* org.branch.min_full_members is a V rule (no overrides): one prefilter for all units */
    if (dj_rule_get("org.branch.min_full_members", q->today, NULL, &unit_min))
        unit_min = INT64_MAX;

    if (!dj_db_in_tx(db)) {
        rc = dj_db_begin(db, false, err);
        own_tx = rc == 0;
    }
    if (!rc)
        rc = dj_store_findings_input(db, &scope, out->org.path, today, unit_min, arena, &in, err);
    if (own_tx) {
        if (rc)
            dj_db_rollback(db);
        else if ((rc = dj_db_commit(db, err)))
            dj_db_rollback(db);
    }
    if (rc)
        return rc;

    run_checks(&in, subtree_totals(&in, arena), q->today, &h);
    if (h.n > 1)
        qsort(h.v, h.n, sizeof(*h.v), hit_cmp);
    totals(&h, arena, out);

    out->items = dj_arena_zalloc(arena, sizeof(*out->items) * (size_t)q->limit);
    skip = q->offset;
    for (size_t i = 0; i < h.n; i++) {
        if (!matches(&h.v[i], q))
            continue;
        out->total++;
        if (skip > 0) {
            skip--;
            continue;
        }
        if (out->n < q->limit)
            fill_item(&in, &h.v[i], arena, &out->items[out->n++]);
    }
    free(h.v);
    return 0;
}

int dj_findings_each(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                     struct dj_date today, struct dj_arena *arena,
                     int (*fn)(void *ctx, const struct dj_findings_item *it), void *ctx,
                     struct dj_err *err)
{
    struct dj_findings_input in;
    struct dj_org_row org;
    struct dj_scope scope;
    struct hits h = {0};
    char day[11];
    int64_t unit_min = INT64_MAX;
    bool own_tx = false;
    int rc;

    if (!dj_date_valid(today))
        return dj_err_set(err, DJ_EINVAL, "date", "日期无效");
    if ((rc = dj_org_get(db, actor, org_id, &org, err)))
        return rc;
    dj_scope_for(actor, DJ_PERM_READ, &scope);
    dj_date_format(today, day);
    if (dj_rule_get("org.branch.min_full_members", today, NULL, &unit_min))
        unit_min = INT64_MAX;
    if (!dj_db_in_tx(db)) {
        rc = dj_db_begin(db, false, err);
        own_tx = rc == 0;
    }
    if (!rc)
        rc = dj_store_findings_input(db, &scope, org.path, day, unit_min, arena, &in, err);
    if (own_tx) {
        if (rc)
            dj_db_rollback(db);
        else if ((rc = dj_db_commit(db, err)))
            dj_db_rollback(db);
    }
    if (rc)
        return rc;
    run_checks(&in, subtree_totals(&in, arena), today, &h);
    if (h.n > 1)
        qsort(h.v, h.n, sizeof(*h.v), hit_cmp);
    for (size_t i = 0; i < h.n && !rc; i++) {
        struct dj_findings_item it;
        fill_item(&in, &h.v[i], arena, &it);
        rc = fn(ctx, &it);
    }
    free(h.v);
    return rc;
}
