/*
 * ruletab.c - look-up, versioning and overrides over the built-in rule rows.
 *
 * The rows (ruletab_data.c) are indexed once, on first use, by (id,
 * effective_from) with an unset effective_from sorting first. Overrides live
 * in an immutable snapshot sorted by (rule id, org path, effective_from) and
 * published through one atomic pointer. Writers are serialised by a mutex
 * and never free a snapshot a reader might hold: replaced snapshots go on a
 * retired list that only dj_rules_release() frees.
 * NEEDSWORK: if overrides are ever reloaded often, reclaim retired snapshots
 * with an epoch or hazard-pointer scheme instead of keeping them to exit.
 */
#include "base/compat.h"
#include "rules/ruletab.h"

#include <pthread.h>
#include <stdatomic.h>

#include "base/money.h"
#include "rules/ruletab_int.h"

#define ORG_PATH_MAX 1024 /* cap on an override's org path */

/* ---- built-in rows ---------------------------------------------------- */

static const struct dj_rule *rule_index[DJ_RULE_TABLE_CAP];
static size_t rule_index_len;
static pthread_once_t rule_index_once = PTHREAD_ONCE_INIT;

/* Effective dates in order, the unset date ("long-standing") first. */
static int eff_cmp(struct dj_date a, struct dj_date b)
{
    bool as = dj_date_isset(a), bs = dj_date_isset(b);

    if (!as || !bs)
        return (int)as - (int)bs;
    return dj_date_cmp(a, b);
}

static int rule_ptr_cmp(const void *pa, const void *pb)
{
    const struct dj_rule *a = *(const struct dj_rule *const *)pa;
    const struct dj_rule *b = *(const struct dj_rule *const *)pb;
    int c = strcmp(a->id, b->id);

    return c ? c : eff_cmp(a->effective_from, b->effective_from);
}

static void build_index(void)
{
    if (dj_rule_table_len > DJ_RULE_TABLE_CAP)
        dj_die("rule table has %zu rows, DJ_RULE_TABLE_CAP is %d", dj_rule_table_len,
               DJ_RULE_TABLE_CAP);
    for (size_t i = 0; i < dj_rule_table_len; i++)
        rule_index[i] = &dj_rule_table[i];
    rule_index_len = dj_rule_table_len;
    qsort(rule_index, rule_index_len, sizeof(rule_index[0]), rule_ptr_cmp);
}

static void ensure_index(void)
{
    pthread_once(&rule_index_once, build_index);
}

/* Index of the first row of `id`, or rule_index_len if there is none. */
static size_t first_row(const char *id)
{
    size_t lo = 0, hi = rule_index_len;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(rule_index[mid]->id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < rule_index_len && strcmp(rule_index[lo]->id, id) == 0)
        return lo;
    return rule_index_len;
}

/* The row of the group starting at `first` in force on `on`, or NULL. */
static const struct dj_rule *row_in_force(size_t first, struct dj_date on)
{
    const struct dj_rule *found = NULL;
    const char *id = rule_index[first]->id;

    for (size_t i = first; i < rule_index_len && strcmp(rule_index[i]->id, id) == 0; i++) {
        if (eff_cmp(rule_index[i]->effective_from, on) > 0)
            break;
        found = rule_index[i];
    }
    return found;
}

const struct dj_rule *dj_rule_find(const char *id, struct dj_date on)
{
    size_t first;

    if (!id || !dj_date_valid(on))
        return NULL;
    ensure_index();
    first = first_row(id);
    if (first == rule_index_len)
        return NULL;
    return row_in_force(first, on);
}

bool dj_rule_overridable(const struct dj_rule *r)
{
    return r && (r->tag == 'R' || r->tag == 'L');
}

size_t dj_rules_count(void)
{
    return dj_rule_table_len;
}

int dj_rules_each(int (*fn)(const struct dj_rule *r, void *ctx), void *ctx)
{
    ensure_index();
    for (size_t i = 0; i < rule_index_len; i++) {
        int rc = fn(rule_index[i], ctx);
        if (rc)
            return rc;
    }
    return 0;
}

/* The range an override of r may take. */
static void rule_range(const struct dj_rule *r, int64_t *min, int64_t *max)
{
    if (r->min || r->max) {
        *min = r->min;
        *max = r->max;
        return;
    }
    *min = 0;
    switch (r->kind) {
    case DJ_RULE_COUNT:
        *max = 1000000;
        break;
    case DJ_RULE_MONTHS:
        *max = 1200;
        break;
    case DJ_RULE_DAYS:
        *max = 36600;
        break;
    case DJ_RULE_WORKDAYS:
        *max = 3660;
        break;
    case DJ_RULE_YEARS:
        *max = 100;
        break;
    case DJ_RULE_FEN:
        *max = DJ_MONEY_MAX;
        break;
    case DJ_RULE_BP:
        *max = 10000;
        break;
    case DJ_RULE_PERCENT:
        *max = 100;
        break;
    case DJ_RULE_BOOL:
    default:
        *max = 1;
        break;
    }
}

/* ---- override snapshots ----------------------------------------------- */

struct ov_entry {
    char *rule_id;
    char *org_path; /* "" = whole deployment */
    size_t path_len;
    int64_t value;
    struct dj_date effective_from;
};

struct ov_snapshot {
    struct ov_entry *v; /* sorted by rule_id, org_path, effective_from */
    size_t n;
    struct ov_snapshot *retired_next; /* link on the retired list */
};

static _Atomic(struct ov_snapshot *) current_snapshot;
static pthread_mutex_t writer_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ov_snapshot *retired; /* guarded by writer_lock */

static void snapshot_free(struct ov_snapshot *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].rule_id);
        free(s->v[i].org_path);
    }
    free(s->v);
    free(s);
}

static int ov_cmp(const void *pa, const void *pb)
{
    const struct ov_entry *a = pa, *b = pb;
    int c = strcmp(a->rule_id, b->rule_id);

    if (!c)
        c = strcmp(a->org_path, b->org_path);
    return c ? c : dj_date_cmp(a->effective_from, b->effective_from);
}

/* "/1/7/42/": a slash, then one or more groups of digits each ending in a slash. */
static bool org_path_ok(const char *p)
{
    size_t digits = 0;

    if (p[0] != '/' || p[1] == '\0')
        return false;
    for (p++; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            digits++;
        } else if (*p == '/' && digits > 0) {
            digits = 0;
        } else {
            return false;
        }
    }
    return digits == 0;
}

/* The row whose tag decides whether an override dated `eff` is allowed. */
static const struct dj_rule *row_for_override(const char *id, struct dj_date eff)
{
    size_t first = first_row(id);
    const struct dj_rule *r;

    if (first == rule_index_len)
        return NULL;
    r = row_in_force(first, eff);
    return r ? r : rule_index[first];
}

static int check_override(const struct dj_rule_override *o, struct dj_err *err)
{
    const struct dj_rule *r;
    int64_t min, max;

    if (!o->rule_id || !*o->rule_id)
        return dj_err_set(err, DJ_EINVAL, "rule_id", "规则编号不能为空");
    if (!dj_date_valid(o->effective_from))
        return dj_err_set(err, DJ_EINVAL, "effective_from", "规则 %.80s 的覆盖生效日期无效",
                          o->rule_id);
    r = row_for_override(o->rule_id, o->effective_from);
    if (!r)
        return dj_err_set(err, DJ_EINVAL, "rule_id", "未知的规则：%.80s", o->rule_id);
    if (!dj_rule_overridable(r))
        return dj_err_set(err, DJ_EINVAL, "rule_id", "规则 %.80s 为法规明确规定（V/S），不能覆盖",
                          o->rule_id);
    rule_range(r, &min, &max);
    if (o->value < min || o->value > max)
        return dj_err_set(err, DJ_EINVAL, "value",
                          "规则 %.80s 的取值 %lld 超出允许范围（%lld–%lld）", o->rule_id,
                          (long long)o->value, (long long)min, (long long)max);
    if (o->org_path && *o->org_path &&
        (strnlen(o->org_path, ORG_PATH_MAX + 1) > ORG_PATH_MAX || !org_path_ok(o->org_path)))
        return dj_err_set(err, DJ_EINVAL, "org_path", "规则 %.80s 的组织路径格式不正确",
                          o->rule_id);
    return 0;
}

int dj_rules_set_overrides(const struct dj_rule_override *ov, size_t n, struct dj_err *err)
{
    struct ov_snapshot *snap = NULL, *old;
    int rc = 0;

    if (n > DJ_RULES_MAX_OVERRIDES)
        return dj_err_set(err, DJ_ETOOBIG, NULL, "规则覆盖值过多（上限 %d 条）",
                          DJ_RULES_MAX_OVERRIDES);
    ensure_index();
    for (size_t i = 0; i < n; i++) {
        rc = check_override(&ov[i], err);
        if (rc)
            return rc;
    }

    snap = dj_xcalloc(1, sizeof(*snap));
    snap->v = n ? dj_xcalloc(n, sizeof(*snap->v)) : NULL;
    for (size_t i = 0; i < n; i++) {
        struct ov_entry *e = &snap->v[i];
        e->rule_id = dj_xstrdup(ov[i].rule_id);
        e->org_path = dj_xstrdup(ov[i].org_path ? ov[i].org_path : "");
        e->path_len = strlen(e->org_path);
        e->value = ov[i].value;
        e->effective_from = ov[i].effective_from;
        snap->n++;
    }
    if (n)
        qsort(snap->v, n, sizeof(*snap->v), ov_cmp);
    for (size_t i = 1; i < n; i++) {
        if (ov_cmp(&snap->v[i - 1], &snap->v[i]) == 0) {
            rc = dj_err_set(err, DJ_EINVAL, "rule_id",
                            "规则 %.80s 在同一组织、同一日期有重复的覆盖值", snap->v[i].rule_id);
            goto cleanup;
        }
    }

    pthread_mutex_lock(&writer_lock);
    old = atomic_exchange_explicit(&current_snapshot, snap, memory_order_acq_rel);
    if (old) {
        old->retired_next = retired;
        retired = old;
    }
    pthread_mutex_unlock(&writer_lock);
    snap = NULL;

cleanup:
    snapshot_free(snap);
    return rc;
}

void dj_rules_release(void)
{
    struct ov_snapshot *s;

    pthread_mutex_lock(&writer_lock);
    snapshot_free(atomic_exchange_explicit(&current_snapshot, NULL, memory_order_acq_rel));
    while ((s = retired)) {
        retired = s->retired_next;
        snapshot_free(s);
    }
    pthread_mutex_unlock(&writer_lock);
}

/* The override of `id` that applies on `on` at org_path, or NULL. */
static const struct ov_entry *find_override(const struct ov_snapshot *s, const char *id,
                                            struct dj_date on, const char *org_path)
{
    const struct ov_entry *best = NULL;
    size_t lo = 0, hi = s->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(s->v[mid].rule_id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < s->n && strcmp(s->v[i].rule_id, id) == 0; i++) {
        const struct ov_entry *e = &s->v[i];

        if (dj_date_cmp(e->effective_from, on) > 0)
            continue;
        if (e->path_len && (!org_path || strncmp(org_path, e->org_path, e->path_len) != 0))
            continue;
        /* Entries of one org are in date order, so a later match replaces an earlier one. */
        if (!best || e->path_len > best->path_len ||
            (e->path_len == best->path_len &&
             dj_date_cmp(e->effective_from, best->effective_from) > 0))
            best = e;
    }
    return best;
}

/* Value of r on `on` at org_path (NULL = deployment), with overrides. */
static int64_t effective_value(const struct dj_rule *r, struct dj_date on, const char *org_path,
                               bool *overridden)
{
    const struct ov_snapshot *s;
    const struct ov_entry *e = NULL;

    if (dj_rule_overridable(r)) {
        s = atomic_load_explicit(&current_snapshot, memory_order_acquire);
        if (s)
            e = find_override(s, r->id, on, org_path);
    }
    if (overridden)
        *overridden = e != NULL;
    return e ? e->value : r->value;
}

int dj_rule_get(const char *id, struct dj_date on, const char *org_path, int64_t *value)
{
    const struct dj_rule *r;

    if (!dj_date_valid(on))
        return DJ_EINVAL;
    r = dj_rule_find(id, on);
    if (!r)
        return DJ_ENOTFOUND;
    *value = effective_value(r, on, org_path, NULL);
    return 0;
}

/* ---- names and JSON --------------------------------------------------- */

const char *dj_rule_kind_name(enum dj_rule_kind k)
{
    switch (k) {
    case DJ_RULE_COUNT:
        return "count";
    case DJ_RULE_MONTHS:
        return "months";
    case DJ_RULE_DAYS:
        return "days";
    case DJ_RULE_WORKDAYS:
        return "workdays";
    case DJ_RULE_YEARS:
        return "years";
    case DJ_RULE_FEN:
        return "fen";
    case DJ_RULE_BP:
        return "bp";
    case DJ_RULE_PERCENT:
        return "percent";
    case DJ_RULE_BOOL:
        return "bool";
    }
    return "unknown";
}

const char *dj_rule_cmp_str(enum dj_rule_cmp c)
{
    switch (c) {
    case DJ_CMP_NONE:
        return "";
    case DJ_CMP_LT:
        return "<";
    case DJ_CMP_LE:
        return "<=";
    case DJ_CMP_EQ:
        return "=";
    case DJ_CMP_GE:
        return ">=";
    case DJ_CMP_GT:
        return ">";
    }
    return "?";
}

static json_t *rule_json(const struct dj_rule *r, struct dj_date on)
{
    json_t *o = json_object();
    char tag[2] = {r->tag, '\0'};
    char date[11];
    bool overridden;
    int64_t v = effective_value(r, on, NULL, &overridden);

    json_object_set_new(o, "id", json_string(r->id));
    json_object_set_new(o, "value", json_integer(v));
    json_object_set_new(o, "default_value", json_integer(r->value));
    json_object_set_new(o, "overridden", json_boolean(overridden));
    json_object_set_new(o, "kind", json_string(dj_rule_kind_name(r->kind)));
    json_object_set_new(o, "unit", json_string(r->unit));
    json_object_set_new(o, "comparison", json_string(dj_rule_cmp_str(r->cmp)));
    json_object_set_new(o, "tag", json_string(tag));
    json_object_set_new(o, "overridable", json_boolean(dj_rule_overridable(r)));
    json_object_set_new(o, "source", json_string(r->source));
    json_object_set_new(o, "article", json_string(r->article));
    json_object_set_new(o, "description", json_string(r->desc));
    json_object_set_new(o, "effective_from",
                        dj_date_isset(r->effective_from)
                            ? json_string(dj_date_format(r->effective_from, date))
                            : json_null());
    return o;
}

json_t *dj_rules_json(struct dj_date on)
{
    json_t *arr = json_array();

    if (!dj_date_valid(on))
        return arr;
    ensure_index();
    for (size_t i = 0; i < rule_index_len;) {
        size_t next = i + 1;
        const struct dj_rule *r = row_in_force(i, on);

        while (next < rule_index_len && strcmp(rule_index[next]->id, rule_index[i]->id) == 0)
            next++;
        if (r)
            json_array_append_new(arr, rule_json(r, on));
        i = next;
    }
    return arr;
}
