/* stats.c (svc) - subtree statistics; see stats.h. */
#include "base/compat.h"
#include "model/dict.h"
#include "store/stats.h"
#include "svc/org.h"
#include "svc/stats.h"

/* Age bands: the lower bound of every band but the first, in whole years. */
static const int age_cut_years[DJ_STATS_AGE_CUTS] = {31, 36, 41, 46, 51, 56, 61, 71};
static const struct {
    const char *code, *label;
} age_bands[DJ_STATS_AGE_CUTS + 1] = {
    {"le30", "30岁及以下"}, {"31_35", "31至35岁"}, {"36_40", "36至40岁"},
    {"41_45", "41至45岁"},  {"46_50", "46至50岁"}, {"51_55", "51至55岁"},
    {"56_60", "56至60岁"},  {"61_70", "61至70岁"}, {"ge71", "71岁及以上"},
};

/* 党龄 bands, counted from the 转正 date; 预备党员 are in the first. */
static const int party_cut_years[DJ_STATS_PARTY_CUTS] = {1, 6, 11, 21, 31, 51};
static const struct {
    const char *code, *label;
} party_bands[DJ_STATS_PARTY_CUTS + 1] = {
    {"lt1", "不满1年（含预备党员）"},
    {"1_5", "1至5年"},
    {"6_10", "6至10年"},
    {"11_20", "11至20年"},
    {"21_30", "21至30年"},
    {"31_50", "31至50年"},
    {"ge51", "51年及以上"},
};

struct dj_date dj_stats_cutoff(struct dj_date today, int years)
{
    struct dj_date c = dj_date_add_years(today, -years), next;

    if (!dj_date_isset(c))
        return c;
    /* add_years clamps 02-29 to 02-28, so the day after may still qualify */
    for (;;) {
        next = dj_date_add_days(c, 1);
        if (!dj_date_isset(next) || dj_date_cmp(dj_date_add_years(next, years), today) > 0)
            return c;
        c = next;
    }
}

static void put(struct dj_stats_dim *d, const char *code, const char *label, int64_t count)
{
    if (d->n == DJ_STATS_MAX_BUCKETS)
        return;
    d->b[d->n].code = code;
    d->b[d->n].label = label ? label : code;
    d->b[d->n].count = count;
    d->n++;
}

static const char *dict_label(const char *dict, const char *code)
{
    const struct dj_dict *d = dj_dict_find(dict);
    const char *l = d ? dj_dict_label(d, code) : NULL;
    return l ? l : code;
}

static int64_t find_kv(const struct dj_stats_kv *kv, int n, const char *key, bool *found)
{
    for (int i = 0; i < n; i++) {
        if (!strcmp(kv[i].key, key)) {
            *found = true;
            return kv[i].n;
        }
    }
    return 0;
}

/* One bucket per dictionary entry, in dictionary order; what is left goes to `rest`. */
static void by_dict(struct dj_stats_dim *d, const char *dict, const struct dj_stats_kv *kv, int n,
                    int64_t total, const char *rest_code, const char *rest_label)
{
    const struct dj_dict *dd = dj_dict_find(dict);
    int64_t sum = 0;

    for (size_t i = 0; dd && i < dd->n; i++) {
        bool found = false;
        int64_t c = find_kv(kv, n, dd->entries[i].code, &found);
        put(d, dd->entries[i].code, dd->entries[i].label, c);
        sum += c;
    }
    if (rest_code)
        put(d, rest_code, rest_label, total - sum);
}

static void fill(const struct dj_stats_raw *r, struct dj_org_stats *out)
{
    int64_t sum = 0, edu = 0, kinds = 0;

    out->members = r->total;
    out->orgs = r->orgs;
    out->whole_db = r->whole_db;

    put(&out->category, "full", dict_label("member_category", "full"), r->full);
    put(&out->category, "probationary", dict_label("member_category", "probationary"),
        r->total - r->full);

    put(&out->gender, "1", dict_label("gender", "1"), r->male);
    put(&out->gender, "2", dict_label("gender", "2"), r->female);
    put(&out->gender, "other", "未知或未说明", r->total - r->male - r->female);

    for (int k = 0; k <= DJ_STATS_AGE_CUTS; k++) {
        put(&out->age, age_bands[k].code, age_bands[k].label, r->age[k]);
        sum += r->age[k];
    }
    put(&out->age, "unknown", "出生日期不详", r->total - sum);

    for (int i = 0; i < DJ_STATS_EDU_CODES; i++) {
        put(&out->education, dj_stats_edu_codes[i], dict_label("education", dj_stats_edu_codes[i]),
            r->edu[i]);
        edu += r->edu[i];
    }
    put(&out->education, "unknown", "未填写", r->total - edu);

    put(&out->ethnicity, "han", "汉族", r->han);
    put(&out->ethnicity, "minority", "少数民族", r->total - r->han - r->nation_unset);
    put(&out->ethnicity, "unknown", "未填写", r->nation_unset);

    by_dict(&out->domain, "domain", r->domains, r->ndomains, r->total, "unknown", "未设置领域");

    sum = 0;
    for (int k = 0; k <= DJ_STATS_PARTY_CUTS; k++) {
        /* 预备党员 have no 党龄 yet: they join the first band */
        int64_t c = r->party[k] + (k == 0 ? r->total - r->full : 0);
        put(&out->party_age, party_bands[k].code, party_bands[k].label, c);
        sum += c;
    }
    put(&out->party_age, "unknown", "转正日期不详", r->total - sum);

    by_dict(&out->org_kind, "org_kind", r->kinds, r->nkinds, 0, NULL, NULL);
    for (int i = 0; i < out->org_kind.n; i++)
        kinds += out->org_kind.b[i].count;
    if (kinds != r->orgs)
        put(&out->org_kind, "other", "其他", r->orgs - kinds);
}

int dj_stats_org(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                 struct dj_date today, struct dj_arena *arena, struct dj_org_stats *out,
                 struct dj_err *err)
{
    struct dj_stats_cuts cuts;
    struct dj_stats_raw raw;
    struct dj_scope scope;
    bool own_tx = false;
    int rc;

    memset(out, 0, sizeof(*out));
    if (!dj_date_valid(today))
        return dj_err_set(err, DJ_EINVAL, "date", "日期无效");
    rc = dj_org_get(db, actor, org_id, &out->org, err);
    if (rc)
        return rc;
    out->on = today;
    for (int i = 0; i < DJ_STATS_AGE_CUTS; i++)
        dj_date_format(dj_stats_cutoff(today, age_cut_years[i]), cuts.birth[i]);
    for (int i = 0; i < DJ_STATS_PARTY_CUTS; i++)
        dj_date_format(dj_stats_cutoff(today, party_cut_years[i]), cuts.confirmed[i]);
    dj_scope_for(actor, DJ_PERM_READ, &scope);

    if (!dj_db_in_tx(db)) {
        rc = dj_db_begin(db, false, err);
        own_tx = rc == 0;
    }
    if (!rc)
        rc = dj_store_stats(db, &scope, out->org.path, &cuts, arena, &raw, err);
    if (own_tx) {
        if (rc)
            dj_db_rollback(db);
        else if ((rc = dj_db_commit(db, err)))
            dj_db_rollback(db);
    }
    if (rc)
        return rc;
    fill(&raw, out);
    return 0;
}
