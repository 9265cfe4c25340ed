/*
 * term.h - the election body of POST /api/orgs/{id}/terms/check and
 * /terms/elect, shared with `dangjian term elect`:
 *   {"elected_on": "YYYY-MM-DD", "seq": N?, "term_years": N?, "note": "…"?,
 *    "expected": 应到会, "present": 实到会, "seats": 应选,
 *    "candidates": [{"member_id": N | null, "name": "…"?, "post": "secretary|…",
 *                    "yes": 赞成票}, …]}
 * Unknown keys, wrong types and missing keys are DJ_EINVAL naming the field
 * ("candidates[2].yes"). Strings point into `body`.
 */
#ifndef DJ_API_TERM_H
#define DJ_API_TERM_H

#include <jansson.h>

#include "base/arena.h"
#include "base/err.h"
#include "svc/term.h"

int dj_api_term_election(const json_t *body, struct dj_arena *arena, struct dj_election *e,
                         struct dj_err *err);

#endif
