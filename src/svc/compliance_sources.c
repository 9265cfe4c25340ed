/*
 * compliance_sources.c - the further sources of findings that join the
 * compliance report (svc/compliance.h). Each capability with findings of
 * its own adds one entry to dj_compliance_sources; the set-up checks of
 * svc/findings.c are the first; terms overdue (换届, svc/term.c) next.
 */
#include "base/compat.h"
#include "svc/compliance.h"
#include "svc/findings.h"
#include "svc/term.h"

struct setup_ctx {
    dj_cmp_emit emit;
    void *ctx;
};

static int setup_one(void *ctx, const struct dj_findings_item *it)
{
    struct setup_ctx *c = ctx;
    struct dj_cmp_gap g = {0};
    char subject[32] = "", records[64];

    if (it->unit_id)
        snprintf(subject, sizeof(subject), "unit:%lld", (long long)it->unit_id);
    snprintf(records, sizeof(records), "/api/orgs/%lld/findings", (long long)it->org_id);
    g.source = "setup";
    g.org_id = it->org_id;
    g.org_name = it->org_name;
    g.org_path = it->org_path;
    g.rule_id = it->f.rule->id;
    g.period = "current";
    g.subject = subject;
    g.missing = it->message;
    g.records = records;
    return c->emit(c->ctx, &g);
}

/* The set-up findings of the subtree as of `today` (standing findings: period "current"). */
static int setup_source(struct dj_db *db, const struct dj_actor *actor,
                        const struct dj_org_row *root, struct dj_date from, struct dj_date to,
                        struct dj_date today, struct dj_arena *arena, dj_cmp_emit emit, void *ctx,
                        struct dj_err *err)
{
    struct setup_ctx c = {emit, ctx};

    (void)from;
    (void)to;
    return dj_findings_each(db, actor, root->id, today, arena, setup_one, &c, err);
}

struct term_ctx {
    dj_cmp_emit emit;
    void *ctx;
    struct dj_date to;
};

static int term_one(void *ctx, const struct dj_term_finding *f)
{
    struct term_ctx *c = ctx;
    struct dj_cmp_gap g = {0};
    char subject[32], records[64], since[11];

    /* a gap that began after the period examined is not a gap of that period */
    if (dj_date_cmp(f->since, c->to) > 0)
        return 0;
    snprintf(subject, sizeof(subject), "term:%lld", (long long)f->term_id);
    snprintf(records, sizeof(records), "/api/orgs/%lld/terms", (long long)f->org_id);
    g.source = "terms";
    g.org_id = f->org_id;
    g.org_name = f->org_name;
    g.org_path = f->org_path;
    g.rule_id = f->rule_id;
    g.period = dj_date_format(f->since, since);
    g.subject = subject;
    g.missing = f->message;
    g.records = records;
    return c->emit(c->ctx, &g);
}

/* Terms expired without an election (or past an extension) in the subtree, as of `to`. */
static int term_source(struct dj_db *db, const struct dj_actor *actor,
                       const struct dj_org_row *root, struct dj_date from, struct dj_date to,
                       struct dj_date today, struct dj_arena *arena, dj_cmp_emit emit, void *ctx,
                       struct dj_err *err)
{
    struct term_ctx c = {emit, ctx, to};
    struct dj_scope scope;
    struct dj_date on = dj_date_cmp(to, today) < 0 ? to : today;

    (void)from;
    (void)arena;
    dj_scope_for(actor, DJ_PERM_READ, &scope);
    return dj_term_findings(db, &scope, root->path, on, term_one, &c, err);
}

const struct dj_compliance_source dj_compliance_sources[] = {
    {"setup", setup_source},
    {"terms", term_source},
    {NULL, NULL},
};
