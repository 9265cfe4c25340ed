/*
 * records.h - the list of record types the program knows.
 *
 * Each record type (user, organisation, member, ...) defines its struct and
 * its const struct dj_record_desc next to each other in src/model/<name>.c/.h
 * and adds one dj_desc_register() line to dj_model_register_all() in
 * records.c. See docs/model.md.
 */
#ifndef DJ_RECORDS_H
#define DJ_RECORDS_H

/*
 * Register every record descriptor with dj_desc_register(). Called once at
 * start-up by main (and by tests), before any thread starts; calling it again
 * is harmless. Aborts on a malformed descriptor.
 */
void dj_model_register_all(void);

#endif
