/*
 * demo_term.c - demo terms (换届) for every elected organisation of the
 * generated district, deterministic for (seed, today): about half in term,
 * the rest spread over reminder due, expired, extended, overdue and "no
 * record", with the reminder and the 换届请示 recorded for some. The current
 * term of an organisation in term starts on its 书记's start date when there
 * is one, so posts and terms agree. No audit rows (the generator writes one).
 */
#include "base/compat.h"
#include "model/org_rec.h"
#include "store/org.h"
#include "svc/svc.h"
#include "svc/term.h"

struct demo_org {
    int64_t id;
    char kind[24], domain[24];
    char *path; /* malloc'd: a province has 400,000 organisations */
};

struct collect {
    struct demo_org *v;
    int n, cap;
};

static int collect_row(void *vctx, const struct dj_term_org *o)
{
    struct collect *c = vctx;

    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->v = dj_xrealloc(c->v, sizeof(*c->v) * (size_t)c->cap);
    }
    memset(&c->v[c->n], 0, sizeof(c->v[c->n]));
    c->v[c->n].id = o->org_id;
    dj_strlcpy(c->v[c->n].kind, o->kind ? o->kind : "", sizeof(c->v[c->n].kind));
    dj_strlcpy(c->v[c->n].domain, o->domain ? o->domain : "", sizeof(c->v[c->n].domain));
    c->v[c->n].path = dj_xstrdup(o->path);
    c->n++;
    return 0;
}

/* A small deterministic hash of (seed, org id, salt). */
static uint64_t mix(uint64_t seed, int64_t id, uint64_t salt)
{
    uint64_t x = seed * 0x9E3779B97F4A7C15ull ^ (uint64_t)id * 0xBF58476D1CE4E5B9ull ^ salt;
    x ^= x >> 31;
    x *= 0x94D049BB133111EBull;
    x ^= x >> 29;
    return x;
}

static int range(uint64_t h, int lo, int hi)
{
    return lo + (int)(h % (uint64_t)(hi - lo + 1));
}

/* The terms of one organisation, in an arena of its own (a province has 400,000). */
static int one_org(struct dj_db *db, const struct demo_org *o, struct dj_date today, uint64_t seed,
                   const char *now, int64_t *n, struct dj_err *err)
{
    struct dj_scope all = {.all = true};
    struct dj_arena *arena = dj_arena_new();
    struct dj_org_rec rec;
    struct dj_org_post sec;
    struct dj_term t = {0};
    struct dj_date elected, founded;
    const char *rule_id;
    int64_t years;
    bool found = false;
    int pick = range(mix(seed, o->id, 1), 0, 99), seq, rc = 0;

    rc = dj_store_org_read(db, &all, o->id, arena, &rec, err);
    if (rc)
        goto out;
    if (dj_term_default_years(o->kind, o->domain, today, o->path, &years, &rule_id))
        goto out;
    founded = dj_date_isset(rec.founded_on) ? rec.founded_on : dj_date_add_years(today, -20);
    if (pick >= 93)
        goto out;    /* 未录入 */
    if (pick < 55) { /* in term */
        rc = dj_store_post_overlap(db, o->id, "secretary", today, arena, &sec, &found, err);
        if (rc)
            goto out;
        if (found && dj_date_cmp(dj_date_add_years(sec.start_on, (int)years),
                                 dj_date_add_months(today, 7)) > 0)
            elected = sec.start_on;
        else
            elected =
                dj_date_add_days(today, -range(mix(seed, o->id, 2), 30, (int)years * 365 - 220));
    } else if (pick < 70) { /* reminder due: expires within 6 months */
        elected = dj_date_add_years(dj_date_add_days(today, range(mix(seed, o->id, 2), 0, 170)),
                                    -(int)years);
    } else if (pick < 78) { /* expired, no extension */
        elected = dj_date_add_years(dj_date_add_days(today, -range(mix(seed, o->id, 2), 1, 300)),
                                    -(int)years);
    } else if (pick < 88) { /* extended */
        elected = dj_date_add_years(dj_date_add_days(today, -range(mix(seed, o->id, 2), 1, 120)),
                                    -(int)years);
    } else { /* overdue */
        elected = dj_date_add_years(dj_date_add_days(today, -range(mix(seed, o->id, 2), 380, 600)),
                                    -(int)years);
    }
    if (dj_date_cmp(elected, founded) < 0)
        elected = founded;
    if (dj_date_cmp(elected, today) > 0)
        elected = today;
    seq = 1 + dj_date_years_between(founded, elected) / (int)years;
    /* the term before, when the organisation existed then */
    if (seq > 1) {
        struct dj_date prev = dj_date_add_years(elected, -(int)years);
        if (dj_date_cmp(prev, founded) >= 0) {
            struct dj_term p = {.org_id = o->id,
                                .seq = seq - 1,
                                .elected_on = prev,
                                .term_years = years,
                                .term_rule = dj_date_cmp(prev, (struct dj_date){2018, 7, 12}) < 0
                                                 ? "legacy"
                                                 : rule_id,
                                .expires_on = elected};
            rc = dj_store_term_insert(db, &p, now, err);
            if (rc)
                goto out;
            p.report_received_on = dj_date_add_days(prev, range(mix(seed, o->id, 3), 5, 25));
            rc = dj_store_term_set_notices(db, &p, now, err);
            if (rc)
                goto out;
            if (n)
                (*n)++;
        }
    }
    t.org_id = o->id;
    t.seq = seq;
    t.elected_on = elected;
    t.term_years = years;
    t.term_rule = rule_id;
    t.expires_on = dj_date_add_years(elected, (int)years);
    rc = dj_store_term_insert(db, &t, now, err);
    if (rc)
        goto out;
    if (n)
        (*n)++;
    if (pick >= 78 && pick < 88) {
        t.extended_until = dj_date_add_months(t.expires_on, range(mix(seed, o->id, 4), 6, 12));
        t.extension_approved_on = dj_date_add_days(t.expires_on, -20);
        if (dj_date_cmp(t.extension_approved_on, today) > 0)
            t.extension_approved_on = today;
        t.extension_org_id = rec.parent_id;
        t.extension_approver = "上级党组织书记";
        t.extension_doc = dj_arena_printf(arena, "示范组字〔%d〕%d号", t.expires_on.y,
                                          range(mix(seed, o->id, 5), 1, 99));
        t.extension_reason = "因单位改制，经研究延期换届";
        rc = dj_store_term_set_extension(db, &t, now, err);
        if (rc)
            goto out;
    }
    if (pick >= 55) {
        struct dj_term_dates d;
        dj_term_dates(t.elected_on, t.term_years, t.extended_until, o->path, &d);
        if (dj_date_cmp(d.reminder_on, today) <= 0 && mix(seed, o->id, 6) % 3 != 0) {
            t.reminder_sent_on = d.reminder_on;
            t.reminder_note = "发送换届提示函";
        }
        if (dj_date_cmp(d.request_due, today) <= 0 && mix(seed, o->id, 7) % 2 == 0) {
            t.request_received_on = d.request_due;
            t.request_doc = dj_arena_printf(arena, "换届请示〔%d〕%d号", d.request_due.y,
                                            range(mix(seed, o->id, 8), 1, 50));
        }
        rc = dj_store_term_set_notices(db, &t, now, err);
    }

out:
    dj_arena_free(arena);
    return rc;
}

int dj_demo_terms(struct dj_db *db, struct dj_date today, uint64_t seed, int64_t *n,
                  struct dj_err *err)
{
    struct dj_scope all = {.all = true};
    struct collect c = {0};
    char now[32];
    int rc;

    if (n)
        *n = 0;
    dj_now_iso(now, sizeof(now));
    rc = dj_store_term_scan(db, &all, NULL, collect_row, &c, err);
    for (int i = 0; !rc && i < c.n; i++)
        rc = one_org(db, &c.v[i], today, seed, now, n, err);
    for (int i = 0; i < c.n; i++)
        free(c.v[i].path);
    free(c.v);
    return rc;
}
