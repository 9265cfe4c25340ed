/*
 * remind_sources.c - the table of reminder sources (see remind_sources.h).
 * A capability adds one line here, before the terminator, after the merge.
 */
#include "base/compat.h"
#include "rules/ruletab.h"
#include "svc/birthday.h"
#include "svc/compliance.h"
#include "svc/dev.h"
#include "svc/dues.h"
#include "svc/term.h"
#include "svc/transfer.h"
#include "svc/remind_sources.h"

/* clang-format off */
const struct dj_remind_source dj_remind_sources[] = {
    {"birthday", "政治生日", dj_birthday_lister, 7, DJ_BIRTHDAY_RULE, true},
    {"dev.", "发展党员", dj_dev_deadline_lister, 14, NULL, true},
    {"term.", "换届", dj_term_deadline_lister, 30, NULL, true},
    {"transfer.", "组织关系接转", dj_transfer_deadline_lister, 7, NULL, true},
    {"dues.", "党费", dj_dues_arrears_deadlines, 7, NULL, false},
    {"life.", "组织生活", dj_meeting_deadline_lister, 7, NULL, false},
    {NULL, NULL, NULL, 0, NULL, false},
};
/* clang-format on */

int dj_remind_source_lead(const struct dj_remind_source *s, struct dj_date on)
{
    int64_t v = s->lead_days;

    if (s->lead_rule && dj_rule_get(s->lead_rule, on, NULL, &v))
        v = s->lead_days;
    if (v < 0)
        v = 0;
    if (v > 366)
        v = 366;
    return (int)v;
}

const struct dj_remind_source *dj_remind_source_for(const char *kind)
{
    for (const struct dj_remind_source *s = dj_remind_sources; s->kind; s++)
        if (!strncmp(kind, s->kind, strlen(s->kind)))
            return s;
    return NULL;
}
