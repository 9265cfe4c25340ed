/*
 * log.h - logfmt logging to stderr (or a chosen stream), one line per event:
 *
 *   ts=2026-11-23T13:40:02.123Z level=info req=9f2c01ab msg="login ok" user=admin
 *
 * The request id is thread-local: the HTTP layer sets it when a request starts
 * and clears it when the request ends, so every line logged while handling a
 * request carries it. Thread-safe (one fputs per line).
 */
#ifndef DJ_LOG_H
#define DJ_LOG_H

#include <stdio.h>

enum dj_log_level { DJ_LOG_DEBUG, DJ_LOG_INFO, DJ_LOG_WARN, DJ_LOG_ERROR, DJ_LOG_OFF };

void dj_log_set_level(enum dj_log_level level);
/* Parse "debug" / "info" / "warn" / "error" / "off"; returns -1 if unknown. */
int dj_log_level_parse(const char *s);
void dj_log_set_stream(FILE *f);
void dj_log_set_reqid(const char *id); /* NULL clears */
const char *dj_log_reqid(void);        /* "" when none */

/*
 * Log one line. `msg` is quoted as needed; `kv` is a printf format for the
 * rest of the line, which must already be logfmt (key=value ...). Use
 * dj_log_quote() for values that may contain spaces or quotes.
 */
void dj_log(enum dj_log_level level, const char *msg, const char *kv, ...)
    __attribute__((format(printf, 3, 4)));

#define dj_debug(msg, ...) dj_log(DJ_LOG_DEBUG, msg, __VA_ARGS__)
#define dj_info(msg, ...) dj_log(DJ_LOG_INFO, msg, __VA_ARGS__)
#define dj_warn(msg, ...) dj_log(DJ_LOG_WARN, msg, __VA_ARGS__)
#define dj_error(msg, ...) dj_log(DJ_LOG_ERROR, msg, __VA_ARGS__)

/*
 * Write `s` as a logfmt value into out (quoted and escaped if it has spaces,
 * quotes, '=' or control bytes), truncated to fit; returns out.
 */
char *dj_log_quote(char *out, size_t outsz, const char *s);

#endif
