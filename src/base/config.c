/*
 * config.c - runtime configuration: defaults, INI file, DJ_* environment.
 *
 * One static table, config_keys[], describes every key in the spirit of
 * nginx's ngx_command_t: INI name, environment variable, type, bounds,
 * default and where the value lives in struct dj_config. Defaults, the INI
 * file, the environment, dj_config_set() and the dump are all generic over
 * that table, so a new key is one new row (plus a field in config.h).
 */
#include "base/compat.h"
#include "base/config.h"
#include "base/date.h"
#include "base/log.h"

#include <arpa/inet.h>
#include <ini.h>
#include <strings.h>

/* An INI file longer than this many lines is refused (every input is capped). */
#define CONFIG_MAX_LINES 10000

enum key_type {
    KEY_INT,    /* int within [min, max] */
    KEY_SIZE,   /* size_t bytes within [min, max]; K/M/G suffixes (binary) */
    KEY_BOOL,   /* true/false/1/0/yes/no */
    KEY_STRING, /* at least min bytes, less than the field size, no control bytes */
};

struct config_key {
    const char *name;                        /* INI "section.key" */
    const char *env;                         /* environment variable */
    enum key_type type;                      /* how the value is parsed */
    int64_t min, max;                        /* value bounds; for strings min is the length */
    const char *def;                         /* built-in default, as text */
    size_t offset;                           /* offsetof(struct dj_config, field) */
    size_t size;                             /* sizeof the field */
    const char *(*check)(const char *value); /* extra string check: NULL or a Chinese reason */
};

#define FIELD(f) offsetof(struct dj_config, f), sizeof(((struct dj_config *)0)->f)
#define KIB ((int64_t)1024)
#define MIB (KIB * 1024)
#define GIB (MIB * 1024)

static const char *check_ipv4(const char *value);
static const char *check_log_level(const char *value);
static const char *check_date_or_empty(const char *value);
static const char *check_http_url_or_empty(const char *value);

/* Every configuration key. Keep keys of one section together: the dump relies on it. */
static const struct config_key config_keys[] = {
    {"server.listen", "DJ_LISTEN", KEY_STRING, 1, 0, "127.0.0.1", FIELD(listen), check_ipv4},
    {"server.port", "DJ_PORT", KEY_INT, 0, 65535, "8080", FIELD(port), NULL},
    {"server.threads", "DJ_THREADS", KEY_INT, 1, 256, "4", FIELD(threads), NULL},
    {"server.web_root", "DJ_WEB_ROOT", KEY_STRING, 1, 0, "web", FIELD(web_root), NULL},
    {"server.json_max", "DJ_JSON_MAX", KEY_SIZE, KIB, 64 * MIB, "1048576", FIELD(json_max), NULL},
    {"server.upload_max", "DJ_UPLOAD_MAX", KEY_SIZE, KIB, GIB, "20971520", FIELD(upload_max), NULL},
    {"server.cookie_secure", "DJ_COOKIE_SECURE", KEY_BOOL, 0, 1, "false", FIELD(cookie_secure),
     NULL},
    {"database.url", "DJ_DB", KEY_STRING, 1, 0, "data/dangjian.db", FIELD(db_url), NULL},
    {"security.session_idle_minutes", "DJ_SESSION_IDLE_MINUTES", KEY_INT, 1, 1440, "30",
     FIELD(session_idle_minutes), NULL},
    {"security.session_max_hours", "DJ_SESSION_MAX_HOURS", KEY_INT, 1, 720, "12",
     FIELD(session_max_hours), NULL},
    {"security.lockout_attempts", "DJ_LOCKOUT_ATTEMPTS", KEY_INT, 1, 100, "5",
     FIELD(lockout_attempts), NULL},
    {"security.lockout_minutes", "DJ_LOCKOUT_MINUTES", KEY_INT, 1, 1440, "15",
     FIELD(lockout_minutes), NULL},
    {"security.password_min_length", "DJ_PASSWORD_MIN_LENGTH", KEY_INT, 8, 128, "8",
     FIELD(password_min_length), NULL},
    {"security.password_min_classes", "DJ_PASSWORD_MIN_CLASSES", KEY_INT, 1, 4, "3",
     FIELD(password_min_classes), NULL},
    {"log.level", "DJ_LOG_LEVEL", KEY_STRING, 1, 0, "info", FIELD(log_level), check_log_level},
    {"time.utc_offset_minutes", "DJ_UTC_OFFSET_MINUTES", KEY_INT, -720, 840, "480",
     FIELD(utc_offset_minutes), NULL},
    {"time.today", "DJ_TODAY", KEY_STRING, 0, 0, "", FIELD(today), check_date_or_empty},
    {"remind.enabled", "DJ_REMIND_ENABLED", KEY_BOOL, 0, 1, "true", FIELD(remind_enabled), NULL},
    {"remind.hour", "DJ_REMIND_HOUR", KEY_INT, 0, 23, "7", FIELD(remind_hour), NULL},
    {"remind.smtp_host", "DJ_SMTP_HOST", KEY_STRING, 0, 0, "", FIELD(smtp_host), NULL},
    {"remind.smtp_port", "DJ_SMTP_PORT", KEY_INT, 1, 65535, "25", FIELD(smtp_port), NULL},
    {"remind.smtp_from", "DJ_SMTP_FROM", KEY_STRING, 3, 0, "dangjian@localhost", FIELD(smtp_from),
     NULL},
    {"remind.webhook_url", "DJ_WEBHOOK_URL", KEY_STRING, 0, 0, "", FIELD(webhook_url),
     check_http_url_or_empty},
    {"remind.timeout_ms", "DJ_REMIND_TIMEOUT_MS", KEY_INT, 100, 60000, "5000",
     FIELD(remind_timeout_ms), NULL},
    {"remind.max_attempts", "DJ_REMIND_MAX_ATTEMPTS", KEY_INT, 1, 100, "5",
     FIELD(remind_max_attempts), NULL},
};

#define NKEYS DJ_ARRAY_LEN(config_keys)

static const char *check_ipv4(const char *value)
{
    struct in_addr addr;

    return inet_pton(AF_INET, value, &addr) == 1 ? NULL : "应为 IPv4 地址，例如 127.0.0.1";
}

static const char *check_log_level(const char *value)
{
    return dj_log_level_parse(value) >= 0 ? NULL : "应为 debug、info、warn、error 或 off";
}

static const char *check_date_or_empty(const char *value)
{
    struct dj_date d;

    if (!*value || dj_date_parse(value, &d, NULL, NULL) == 0)
        return NULL;
    return "应为 YYYY-MM-DD 格式的有效日期，或留空表示使用系统时钟";
}

static const char *check_http_url_or_empty(const char *value)
{
    if (!*value || (!strncmp(value, "http://", 7) && value[7] && value[7] != '/'))
        return NULL;
    return "应为 http:// 开头的地址（不支持 https），或留空表示不使用";
}

static const struct config_key *find_key(const char *name)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (!strcmp(config_keys[i].name, name))
            return &config_keys[i];
    return NULL;
}

/* True if some key lives in INI section `section`. */
static bool section_known(const char *section)
{
    size_t n = strlen(section);

    for (size_t i = 0; i < NKEYS; i++)
        if (!strncmp(config_keys[i].name, section, n) && config_keys[i].name[n] == '.')
            return true;
    return false;
}

/* Digits with an optional K, M or G suffix (powers of 1024). Returns 0 or -1. */
static int parse_size(const char *s, int64_t *out)
{
    char digits[24];
    size_t n = strlen(s);
    int64_t mult = 1, v;

    if (n && strchr("kKmMgG", s[n - 1])) {
        char suffix = s[n - 1];
        mult = (suffix == 'k' || suffix == 'K')   ? KIB
               : (suffix == 'm' || suffix == 'M') ? MIB
                                                  : GIB;
        n--;
    }
    if (n == 0 || n >= sizeof(digits))
        return -1;
    memcpy(digits, s, n);
    digits[n] = '\0';
    if (digits[0] < '0' || digits[0] > '9' || dj_parse_i64(digits, &v) || v > INT64_MAX / mult)
        return -1;
    *out = v * mult;
    return 0;
}

static int parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = {"true", "1", "yes"};
    static const char *const no[] = {"false", "0", "no"};

    for (size_t i = 0; i < DJ_ARRAY_LEN(yes); i++) {
        if (!strcasecmp(s, yes[i])) {
            *out = true;
            return 0;
        }
        if (!strcasecmp(s, no[i])) {
            *out = false;
            return 0;
        }
    }
    return -1;
}

/*
 * Validate `value` for `key` and store it in cfg; nothing is written on
 * error. `who` names the setting in the message ("配置项 server.port",
 * "环境变量 DJ_PORT", possibly with a file line); `field` goes to err->field.
 */
static int set_value(struct dj_config *cfg, const struct config_key *key, const char *value,
                     const char *who, const char *field, struct dj_err *err)
{
    void *p = (char *)cfg + key->offset;
    int64_t v;
    bool b;

    switch (key->type) {
    case KEY_INT:
        if (dj_parse_i64(value, &v) || v < key->min || v > key->max)
            return dj_err_set(err, DJ_EINVAL, field, "%s 应为 %lld 到 %lld 之间的整数", who,
                              (long long)key->min, (long long)key->max);
        *(int *)p = (int)v;
        return 0;
    case KEY_SIZE:
        if (parse_size(value, &v) || v < key->min || v > key->max)
            return dj_err_set(err, DJ_EINVAL, field,
                              "%s 应为 %lld 到 %lld 之间的字节数，可带 K、M、G 后缀", who,
                              (long long)key->min, (long long)key->max);
        *(size_t *)p = (size_t)v;
        return 0;
    case KEY_BOOL:
        if (parse_bool(value, &b))
            return dj_err_set(err, DJ_EINVAL, field, "%s 应为 true 或 false", who);
        *(bool *)p = b;
        return 0;
    case KEY_STRING: {
        size_t len = strlen(value);
        const char *reason;

        if (len < (size_t)key->min)
            return dj_err_set(err, DJ_EINVAL, field, "%s 不能为空", who);
        if (len >= key->size)
            return dj_err_set(err, DJ_EINVAL, field, "%s 过长，最多 %zu 字节", who, key->size - 1);
        for (size_t i = 0; i < len; i++)
            if ((unsigned char)value[i] < 0x20 || value[i] == 0x7f)
                return dj_err_set(err, DJ_EINVAL, field, "%s 不能包含控制字符", who);
        if (key->check && (reason = key->check(value)) != NULL)
            return dj_err_set(err, DJ_EINVAL, field, "%s %s", who, reason);
        memcpy(p, value, len + 1);
        return 0;
    }
    }
    dj_die("config key %s has an unknown type", key->name);
}

void dj_config_defaults(struct dj_config *cfg)
{
    struct dj_err err = {0};

    memset(cfg, 0, sizeof(*cfg));
    for (size_t i = 0; i < NKEYS; i++)
        if (set_value(cfg, &config_keys[i], config_keys[i].def, config_keys[i].name, NULL, &err))
            dj_die("bad built-in default for %s: %s", config_keys[i].name, err.message);
}

/* State shared by the INI line reader and handler. */
struct load_ctx {
    FILE *f;              /* the open file */
    int lineno;           /* line most recently handed to inih */
    int rc;               /* first error recorded by the reader or the handler */
    int err_line;         /* its line */
    struct dj_config cfg; /* values being loaded; copied out only on success */
    bool seen[NKEYS];     /* keys already set by this file */
    struct dj_err *err;   /* caller's error detail (may be NULL) */
};

static int load_fail(struct load_ctx *ctx, int rc)
{
    ctx->rc = rc;
    ctx->err_line = ctx->lineno;
    return rc;
}

/*
 * fgets-style reader for ini_parse_stream() that counts lines, caps the line
 * count and refuses over-long lines (fgets would silently split them).
 * Returns NULL at end of file or once an error is recorded, ending the parse.
 */
static char *read_line(char *str, int num, void *stream)
{
    struct load_ctx *ctx = stream;
    int c, n = 0, content;

    if (ctx->rc || (c = getc(ctx->f)) == EOF)
        return NULL;
    if (++ctx->lineno > CONFIG_MAX_LINES) {
        load_fail(ctx, dj_err_set(ctx->err, DJ_ETOOBIG, NULL, "配置文件过长，最多 %d 行",
                                  CONFIG_MAX_LINES));
        return NULL;
    }
    while (c != EOF && n < num - 1) {
        str[n++] = (char)c;
        if (c == '\n')
            break;
        c = getc(ctx->f);
    }
    str[n] = '\0';
    content = n;
    if (content && str[content - 1] == '\n')
        content--;
    if (content && str[content - 1] == '\r')
        content--;
    if (content > num - 3) { /* also true when the buffer filled before the line ended */
        load_fail(ctx, dj_err_set(ctx->err, DJ_EINVAL, NULL, "配置文件第 %d 行过长，最多 %d 字节",
                                  ctx->lineno, num - 3));
        return NULL;
    }
    return str;
}

static int on_ini_pair(void *user, const char *section, const char *name, const char *value)
{
    struct load_ctx *ctx = user;
    const struct config_key *key;
    char full[160], who[224];
    size_t idx;

    if (ctx->rc)
        return 0;
    snprintf(full, sizeof(full), "%.64s%s%.64s", section, *section ? "." : "", name);
    key = find_key(full);
    if (!key) {
        if (*section && !section_known(section))
            load_fail(ctx,
                      dj_err_set(ctx->err, DJ_EINVAL, full,
                                 "配置文件第 %d 行：未知的配置节 [%.64s]", ctx->lineno, section));
        else
            load_fail(ctx, dj_err_set(ctx->err, DJ_EINVAL, full,
                                      "配置文件第 %d 行：未知的配置项 %s", ctx->lineno, full));
        return 0;
    }
    idx = (size_t)(key - config_keys);
    if (ctx->seen[idx]) {
        load_fail(ctx, dj_err_set(ctx->err, DJ_EINVAL, key->name,
                                  "配置文件第 %d 行：配置项 %s 重复", ctx->lineno, key->name));
        return 0;
    }
    ctx->seen[idx] = true;
    snprintf(who, sizeof(who), "配置文件第 %d 行：配置项 %s", ctx->lineno, key->name);
    if (set_value(&ctx->cfg, key, value, who, key->name, ctx->err)) {
        load_fail(ctx, DJ_EINVAL);
        return 0;
    }
    return 1;
}

int dj_config_load_file(struct dj_config *cfg, const char *path, struct dj_err *err)
{
    struct load_ctx ctx = {0};
    int line;

    ctx.f = fopen(path, "r");
    if (!ctx.f) {
        int saved = errno;
        dj_err_set(err, DJ_EIO, NULL, "无法读取配置文件 %s", path);
        dj_err_detail(err, "open %s: %s", path, strerror(saved));
        return DJ_EIO;
    }
    ctx.cfg = *cfg;
    ctx.err = err;
    line = ini_parse_stream(read_line, &ctx, on_ini_pair, &ctx);
    if (ferror(ctx.f) && !ctx.rc) {
        ctx.rc = dj_err_set(err, DJ_EIO, NULL, "无法读取配置文件 %s", path);
        dj_err_detail(err, "read %s failed", path);
    }
    fclose(ctx.f);
    if (line > 0 && (!ctx.rc || line < ctx.err_line))
        return dj_err_set(err, DJ_EINVAL, NULL,
                          "配置文件第 %d 行格式不正确，应为 [节名] 或 键 = 值", line);
    if (line < 0 && !ctx.rc)
        dj_die("ini_parse_stream failed with %d", line);
    if (ctx.rc)
        return ctx.rc;
    *cfg = ctx.cfg;
    return 0;
}

int dj_config_apply_env(struct dj_config *cfg, struct dj_err *err)
{
    struct dj_config tmp = *cfg;
    char who[64];

    for (size_t i = 0; i < NKEYS; i++) {
        const struct config_key *key = &config_keys[i];
        const char *value = getenv(key->env);
        int rc;

        if (!value)
            continue;
        snprintf(who, sizeof(who), "环境变量 %s", key->env);
        rc = set_value(&tmp, key, value, who, key->env, err);
        if (rc)
            return rc;
    }
    *cfg = tmp;
    return 0;
}

int dj_config_set(struct dj_config *cfg, const char *name, const char *value, struct dj_err *err)
{
    const struct config_key *key = find_key(name);
    char who[128];

    if (!key)
        return dj_err_set(err, DJ_EINVAL, name, "未知的配置项 %.64s", name);
    if (!value)
        return dj_err_set(err, DJ_EINVAL, name, "配置项 %s 缺少值", key->name);
    snprintf(who, sizeof(who), "配置项 %s", key->name);
    return set_value(cfg, key, value, who, key->name, err);
}

/*
 * NEEDSWORK: a string set from the environment with leading or trailing
 * spaces, or containing " ;", does not survive a dump and reload: libinih
 * trims values and strips inline comments, and INI has no quoting.
 */
void dj_config_dump(const struct dj_config *cfg, FILE *f)
{
    const char *prev = NULL;
    size_t prev_len = 0;

    for (size_t i = 0; i < NKEYS; i++) {
        const struct config_key *key = &config_keys[i];
        const char *dot = strchr(key->name, '.');
        size_t sec_len = (size_t)(dot - key->name);
        const void *p = (const char *)cfg + key->offset;

        if (!prev || sec_len != prev_len || strncmp(prev, key->name, sec_len)) {
            fprintf(f, "%s[%.*s]\n", prev ? "\n" : "", (int)sec_len, key->name);
            prev = key->name;
            prev_len = sec_len;
        }
        fprintf(f, "%s = ", dot + 1);
        switch (key->type) {
        case KEY_INT:
            fprintf(f, "%d\n", *(const int *)p);
            break;
        case KEY_SIZE:
            fprintf(f, "%zu\n", *(const size_t *)p);
            break;
        case KEY_BOOL:
            fprintf(f, "%s\n", *(const bool *)p ? "true" : "false");
            break;
        case KEY_STRING:
            fprintf(f, "%s\n", (const char *)p);
            break;
        }
    }
}
