/*
 * rules.h (svc) - loading the deployment's rule overrides into the rule table
 * and changing them. The numbers themselves live in src/rules/ (pure); this
 * file is the door through which a deployment overrides the R and L ones.
 */
#ifndef DJ_SVC_RULES_H
#define DJ_SVC_RULES_H

#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/db.h"

/* Load every row of rule_overrides into the rule table (at start-up). */
int dj_rules_load(struct dj_db *db, struct dj_err *err);

struct dj_override_new {
    const char *rule_id;
    int64_t org_id; /* 0 = whole deployment (sysadmin only) */
    int64_t value;
    struct dj_date effective_from;
    const char *note; /* reason, shown in the audit log; may be NULL */
};

/*
 * Add or replace an override. Deployment-wide: sysadmin. For an
 * organisation: DJ_PERM_WRITE on it and the organisation must be a 党委 or
 * 党工委 (local practice is set per top-level unit). V and S rules are
 * refused naming the rule; values outside the rule's range are refused.
 * The override, its audit row and the reload happen together.
 */
int dj_rule_override_set(struct dj_db *db, const struct dj_actor *actor,
                         const struct dj_override_new *o, struct dj_err *err);

#endif
