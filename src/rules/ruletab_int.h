/*
 * ruletab_int.h - private to src/rules: the built-in rule rows.
 *
 * ruletab_data.c defines the rows in the order of spec/domain-rules.md;
 * ruletab.c indexes them by (id, effective_from) on first use, so the data
 * file need not be sorted. Nothing outside src/rules includes this header.
 */
#ifndef DJ_RULETAB_INT_H
#define DJ_RULETAB_INT_H

#include <stddef.h>

#include "rules/ruletab.h"

extern const struct dj_rule dj_rule_table[];
extern const size_t dj_rule_table_len;

/* Upper bound on rows, for the static index in ruletab.c. */
#define DJ_RULE_TABLE_CAP 512

#endif
