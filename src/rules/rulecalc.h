/*
 * rulecalc.h - pure helpers that apply rules from the rule table.
 *
 * Each helper looks the rule up with dj_rule_get() (deployment-wide
 * overrides included, no per-organisation ones) and does the arithmetic the
 * rule's kind and comparison call for. Same inputs and same overrides, same
 * answer. Callers that need an organisation's override call dj_rule_get()
 * with its path and use base/date.h directly.
 */
#ifndef DJ_RULECALC_H
#define DJ_RULECALC_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"

/*
 * Deadline = from + the rule's value, for a months or years rule in force on
 * `from` (the trigger date): calendar months, clamped to the month end
 * (2024-01-31 + 1 month = 2024-02-29). Returns 0; DJ_ENOTFOUND for an
 * unknown id or a date before the rule's first row; DJ_EINVAL for an
 * invalid `from`, a rule of another kind or a result outside years 1..9999.
 * *out is the unset date on error.
 */
int dj_rule_deadline_months(const char *id, struct dj_date from, struct dj_date *out);

/*
 * actual <cmp> value for the rule in force on `on`, e.g. ">= 3": 2 is false,
 * 3 is true. False for an unknown id, a date with no row in force, an
 * invalid date or a rule without a comparison.
 */
bool dj_rule_compare(const char *id, int64_t actual, struct dj_date on);

/*
 * num/den <cmp> value for a basis-point or percent rule, in exact integer
 * arithmetic: "> 8000 bp" holds for 17/20 and fails for 16/20. False when
 * dj_rule_compare would be, for a rule of another kind, for den <= 0, or
 * when num or den is outside 0..10^12.
 */
bool dj_rule_compare_ratio(const char *id, int64_t num, int64_t den, struct dj_date on);

/*
 * For a duration rule (months, years or days) in force on `from`: *ok =
 * `to <cmp> from + value`. ">= 12 months" from 2024-03-31 holds on
 * 2025-03-31 and not on 2025-03-30; "> 5 years" holds only after the fifth
 * anniversary. Returns 0; DJ_ENOTFOUND as for dj_rule_deadline_months;
 * DJ_EINVAL for invalid dates, another kind, no comparison, or a deadline
 * outside years 1..9999. *ok is false on error.
 */
int dj_rule_compare_span(const char *id, struct dj_date from, struct dj_date to, bool *ok);

#endif
