/*
 * svc.h - shared pieces of the service layer: the process-wide service
 * context (configuration and the secret key), clocks, and the write helper
 * that runs a change and its audit row in one transaction.
 */
#ifndef DJ_SVC_H
#define DJ_SVC_H

#include <stdbool.h>
#include <stdint.h>

#include "base/config.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/db.h"

#define DJ_KEY_BYTES 32

/* Process-wide service settings, set once at start-up by the CLI. */
struct dj_svc_env {
    const struct dj_config *cfg;
    unsigned char key[DJ_KEY_BYTES]; /* secret key: audit chain MAC, blind indexes, encryption */
    bool key_loaded;
};

/* The settings (never NULL after dj_svc_init). */
const struct dj_svc_env *dj_svc(void);

/*
 * Initialise libsodium, remember cfg, and load the secret key from
 * "<db path>.key" (created with 0600 permissions when `create` is true and
 * the file does not exist).
 */
int dj_svc_init(const struct dj_config *cfg, bool create_key, struct dj_err *err);

/* Path of the key file for a database URL, into out. */
void dj_svc_key_path(const char *db_url, char *out, size_t outsz);

/* Unix seconds now; overridable for tests with dj_clock_set_offset(). */
int64_t dj_now(void);
/* Shift dj_now() by `seconds` (tests of session expiry and lock-out). */
void dj_clock_set_offset(int64_t seconds);
/* Freeze dj_now() at `unix_seconds` (plus the offset); 0 follows the real clock again. Tests only.
 */
void dj_clock_freeze(int64_t unix_seconds);
/* "2026-11-23T13:40:02Z" for dj_now(), into out (>= 21 bytes). */
char *dj_now_iso(char *out, size_t outsz);

/* Lower-case hex of n bytes into out (>= 2n+1). */
void dj_hex(const unsigned char *p, size_t n, char *out);

#endif
