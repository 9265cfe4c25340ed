/* log.c - logfmt lines with a thread-local request id. */
#include "base/compat.h"
#include "base/log.h"

#include <sys/time.h>

static enum dj_log_level min_level = DJ_LOG_INFO;
static FILE *log_stream;
static _Thread_local char reqid[33];

static const char *const level_names[] = {"debug", "info", "warn", "error", "off"};

void dj_log_set_level(enum dj_log_level level)
{
    min_level = level;
}

int dj_log_level_parse(const char *s)
{
    for (size_t i = 0; i < DJ_ARRAY_LEN(level_names); i++)
        if (!strcmp(s, level_names[i]))
            return (int)i;
    return -1;
}

void dj_log_set_stream(FILE *f)
{
    log_stream = f;
}

void dj_log_set_reqid(const char *id)
{
    dj_strlcpy(reqid, id ? id : "", sizeof(reqid));
}

const char *dj_log_reqid(void)
{
    return reqid;
}

char *dj_log_quote(char *out, size_t outsz, const char *s)
{
    bool need = !*s;
    size_t o = 0;

    for (const char *p = s; *p && !need; p++)
        if (*p == ' ' || *p == '"' || *p == '=' || *p == '\\' || (unsigned char)*p < 0x20)
            need = true;
    if (!need) {
        dj_strlcpy(out, s, outsz);
        return out;
    }
    if (outsz < 3) {
        if (outsz)
            out[0] = '\0';
        return out;
    }
    out[o++] = '"';
    for (const char *p = s; *p && o + 3 < outsz; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\') {
            out[o++] = '\\';
            out[o++] = (char)c;
        } else if (c == '\n') {
            out[o++] = '\\';
            out[o++] = 'n';
        } else if (c < 0x20) {
            out[o++] = '?';
        } else {
            out[o++] = (char)c;
        }
    }
    out[o++] = '"';
    out[o] = '\0';
    return out;
}

void dj_log(enum dj_log_level level, const char *msg, const char *kv, ...)
{
    char line[2048], qmsg[512], ts[32];
    struct timeval tv;
    struct tm tm;
    va_list ap;
    int n;

    if (level < min_level || level >= DJ_LOG_OFF)
        return;
    gettimeofday(&tv, NULL);
    gmtime_r(&tv.tv_sec, &tm);
    strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
    n = snprintf(line, sizeof(line), "ts=%s.%03dZ level=%s", ts, (int)(tv.tv_usec / 1000),
                 level_names[level]);
    if (reqid[0] && n > 0 && (size_t)n < sizeof(line))
        n += snprintf(line + n, sizeof(line) - (size_t)n, " req=%s", reqid);
    if (n > 0 && (size_t)n < sizeof(line))
        n += snprintf(line + n, sizeof(line) - (size_t)n, " msg=%s",
                      dj_log_quote(qmsg, sizeof(qmsg), msg));
    if (kv && *kv && n > 0 && (size_t)n < sizeof(line) - 1) {
        int m;

        line[n++] = ' ';
        va_start(ap, kv);
        m = vsnprintf(line + n, sizeof(line) - (size_t)n, kv, ap);
        va_end(ap);
        if (m > 0)
            n += m;
        else
            line[--n] = '\0'; /* nothing (or an error) after the space: drop it */
    }
    if (n < 0 || (size_t)n >= sizeof(line) - 1)
        n = (int)sizeof(line) - 2;
    line[n++] = '\n';
    line[n] = '\0';
    fputs(line, log_stream ? log_stream : stderr);
}
