/*
 * compliance_sources.c - the further sources of findings that join the
 * compliance report (svc/compliance.h). Each capability with findings of
 * its own adds one entry to dj_compliance_sources; the set-up checks of
 * svc/findings.c are the first. The terms capability (换届) adds
 * {"terms", <its source function>} here when merged.
 */
#include "base/compat.h"
#include "svc/compliance.h"
#include "svc/findings.h"

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

const struct dj_compliance_source dj_compliance_sources[] = {
    {"setup", setup_source},
    /* the lead adds: {"terms", dj_term_compliance_source}, */
    {NULL, NULL},
};
