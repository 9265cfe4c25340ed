/*
 * dev.h - pieces of the 发展党员 API shared with the command line
 * (cli/cmd_dev.c), so both doors parse a step and build a roll the same way.
 */
#ifndef DJ_API_DEV_H
#define DJ_API_DEV_H

#include <jansson.h>
#include <stdbool.h>

#include "svc/dev.h"

/*
 * Read a step body {kind, date, meeting, note, documents, contacts,
 * introducers, conclusion, days, hours, vote{…}, outcome, extension_months,
 * special, reason, leaving_on, group_id} into *in (zeroed by the caller).
 * Unknown keys and wrong types are DJ_EINVAL naming the key. Strings point
 * into `body`. need_kind: "kind" is required.
 */
int dj_api_dev_parse_step(json_t *body, struct dj_dev_step_in *in, bool need_kind,
                          struct dj_err *err);

/*
 * A national roll as {title, columns, rows, total}: kind "applicants"
 * (入党申请人名册, default stage applicant) or "development" (发展党员名册,
 * default stage probationary); stage picks another stage. ID numbers masked.
 */
int dj_api_dev_roll(struct dj_db *db, const struct dj_actor *actor, int64_t org, const char *kind,
                    const char *stage, struct dj_arena *arena, json_t **result, struct dj_err *err);

#endif
