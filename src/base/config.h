/*
 * config.h - runtime configuration.
 *
 * Precedence: built-in defaults < INI file (libinih) < DJ_* environment
 * variables < command-line flags (applied by cli/). Every key is listed in
 * one table in config.c with its INI section/key, environment variable, type,
 * bounds and default; docs/base.md documents them.
 *
 *   [server] listen=127.0.0.1 port=8080 threads=4 web_root=web
 *            json_max=1048576 upload_max=20971520 cookie_secure=false
 *   [database] url=data/dangjian.db
 *   [security] session_idle_minutes=30 session_max_hours=12
 *              lockout_attempts=5 lockout_minutes=15
 *              password_min_length=8 password_min_classes=3
 *   [log] level=info
 *   [time] utc_offset_minutes=480   (Asia/Shanghai)
 *          today=                   (fixed "today", YYYY-MM-DD; empty = clock)
 *   [remind] enabled=true hour=7 smtp_host= smtp_port=25 smtp_from=dangjian@localhost
 *            webhook_url= timeout_ms=5000 max_attempts=5   (docs/reminders.md)
 *
 * Values: integers within the key's bounds; sizes in bytes, optionally with a
 * K/M/G suffix (powers of 1024); booleans true/false/1/0/yes/no; strings
 * without control characters, shorter than their field. Every loader
 * validates all it reads before changing *cfg: on error *cfg is unchanged.
 *
 * Environment: DJ_LISTEN, DJ_PORT, DJ_THREADS, DJ_WEB_ROOT, DJ_JSON_MAX,
 * DJ_UPLOAD_MAX, DJ_COOKIE_SECURE, DJ_DB, DJ_SESSION_IDLE_MINUTES,
 * DJ_SESSION_MAX_HOURS, DJ_LOCKOUT_ATTEMPTS, DJ_LOCKOUT_MINUTES,
 * DJ_PASSWORD_MIN_LENGTH, DJ_PASSWORD_MIN_CLASSES, DJ_LOG_LEVEL,
 * DJ_UTC_OFFSET_MINUTES, DJ_TODAY (fixed "today" YYYY-MM-DD, for tests/demo).
 */
#ifndef DJ_CONFIG_H
#define DJ_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/err.h"

struct dj_config {
    char listen[64];          /* IPv4 address to bind */
    int port;                 /* 0 = pick a free port */
    int threads;              /* HTTP worker threads */
    char web_root[512];       /* directory of static files */
    size_t json_max;          /* cap for JSON bodies, bytes */
    size_t upload_max;        /* cap for uploads, bytes */
    bool cookie_secure;       /* add Secure to cookies (behind TLS) */
    char db_url[512];         /* database path or URL */
    int session_idle_minutes; /* idle timeout */
    int session_max_hours;    /* absolute lifetime */
    int lockout_attempts;     /* failed logins before lock-out */
    int lockout_minutes;      /* lock-out duration */
    int password_min_length;  /* characters (code points) */
    int password_min_classes; /* of lower, upper, digit, other */
    char log_level[16];       /* debug|info|warn|error|off */
    int utc_offset_minutes;   /* for "today": 480 = Asia/Shanghai */
    char today[11];           /* fixed today (YYYY-MM-DD) or "" for the clock */
    bool remind_enabled;      /* run the reminder scheduler inside `serve` */
    int remind_hour;          /* local hour (0..23) of the daily run */
    char smtp_host[256];      /* SMTP relay host or IPv4; "" = no e-mail */
    int smtp_port;            /* SMTP relay port (plain SMTP, no TLS) */
    char smtp_from[256];      /* envelope and From: address */
    char webhook_url[512];    /* http:// URL for reminder POSTs; "" = no webhook */
    int remind_timeout_ms;    /* connect/read/write timeout of a channel */
    int remind_max_attempts;  /* deliveries give up after this many failures */
};

/* Fill with built-in defaults. */
void dj_config_defaults(struct dj_config *cfg);

/*
 * Read an INI file over the current values. Unknown sections or keys, a key
 * given twice, syntax errors, over-long lines and bad values are DJ_EINVAL
 * errors whose message gives the line number and names the key
 * ("配置文件第 3 行：配置项 server.port 应为 0 到 65535 之间的整数"); err->field
 * is the key. An unreadable file is DJ_EIO.
 */
int dj_config_load_file(struct dj_config *cfg, const char *path, struct dj_err *err);

/*
 * Apply DJ_* environment overrides. Bad values are errors naming the variable
 * ("环境变量 DJ_PORT 应为 …", err->field = "DJ_PORT"). A variable set to the
 * empty string is applied like any other value (DJ_TODAY= clears the date).
 */
int dj_config_apply_env(struct dj_config *cfg, struct dj_err *err);

/* Set one value by its INI name "section.key" (used by flags and tests). */
int dj_config_set(struct dj_config *cfg, const char *name, const char *value, struct dj_err *err);

/* Write every key and value as INI to f (for `dangjian config` and docs). */
void dj_config_dump(const struct dj_config *cfg, FILE *f);

#endif
