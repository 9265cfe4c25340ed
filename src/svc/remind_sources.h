/*
 * remind_sources.h (svc) - the registry of reminder sources: every
 * capability that has dated obligations adds one line to the table in
 * remind_sources.c naming its dj_deadline_lister (svc/deadline.h).
 *
 * The scheduler (svc/remind.c) runs each lister for the window
 * [D, D + lead days]. The lead comes from the rule `lead_rule` when set (an
 * L rule in rules/ruletab_data.c, overridable per deployment or subtree with
 * `dangjian rules set`), else from `lead_days`. With `on_day`, an item is
 * told twice: once when it enters the window (stage "ahead") and again on
 * its due date (stage "day").
 */
#ifndef DJ_SVC_REMIND_SOURCES_H
#define DJ_SVC_REMIND_SOURCES_H

#include <stdbool.h>

#include "svc/deadline.h"

struct dj_remind_source {
    const char *kind;          /* kind prefix of its items: "birthday", "dev.", "transfer." */
    const char *name;          /* Chinese name: "政治生日" */
    dj_deadline_lister lister; /* the capability's lister */
    int lead_days;             /* days before `due` to tell, when lead_rule is NULL or unknown */
    const char *lead_rule;     /* rule id giving the lead in days, or NULL */
    bool on_day;               /* also tell on the due date */
};

/* The registered sources, terminated by an entry with kind == NULL. */
extern const struct dj_remind_source dj_remind_sources[];

/*
 * The lead of a source on date `on` (deployment-wide value of its rule, or
 * lead_days), clamped to 0..366.
 */
int dj_remind_source_lead(const struct dj_remind_source *s, struct dj_date on);

/* The source whose kind prefix matches `kind`, or NULL. */
const struct dj_remind_source *dj_remind_source_for(const char *kind);

#endif
