/* notify.c (svc) - SMTP and HTTP clients over sockets, with timeouts; see notify.h. */
#include "base/compat.h"
#include "base/buf.h"
#include "svc/notify.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sodium.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define LINE_MAX_BYTES 1024

/* A connection with an overall deadline and a small read buffer. */
struct conn {
    int fd;
    int timeout_ms;
    int64_t deadline_ms; /* monotonic */
    char buf[LINE_MAX_BYTES];
    size_t len;
};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int fail(char *why, size_t whysz, const char *msg, const char *arg)
{
    snprintf(why, whysz, "%s%s", msg, arg ? arg : "");
    return -1;
}

/* Milliseconds to wait for the next event: the step timeout, capped by the deadline. */
static int wait_ms(const struct conn *c)
{
    int64_t left = c->deadline_ms - mono_ms();

    if (left <= 0)
        return 0;
    return left < c->timeout_ms ? (int)left : c->timeout_ms;
}

static int wait_fd(struct conn *c, short events)
{
    struct pollfd p = {.fd = c->fd, .events = events};
    int ms = wait_ms(c), rc;

    if (ms <= 0)
        return -1;
    do
        rc = poll(&p, 1, ms);
    while (rc < 0 && errno == EINTR);
    return rc == 1 ? 0 : -1;
}

static int conn_open(struct conn *c, const char *host, int port, int timeout_ms, char *why,
                     size_t whysz)
{
    struct addrinfo hints = {0}, *res = NULL, *ai;
    char portstr[8];
    int rc;

    memset(c, 0, sizeof(*c));
    c->fd = -1;
    c->timeout_ms = timeout_ms;
    c->deadline_ms = mono_ms() + (int64_t)timeout_ms * 4;
    snprintf(portstr, sizeof(portstr), "%d", port);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    rc = getaddrinfo(host, portstr, &hints, &res);
    if (rc)
        return fail(why, whysz, "cannot resolve ", host);
    for (ai = res; ai; ai = ai->ai_next) {
        int fd =
            socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
        int soerr = 0;
        socklen_t len = sizeof(soerr);

        if (fd < 0)
            continue;
        c->fd = fd;
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 ||
            (errno == EINPROGRESS && wait_fd(c, POLLOUT) == 0 &&
             getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == 0 && soerr == 0))
            break;
        close(fd);
        c->fd = -1;
    }
    freeaddrinfo(res);
    if (c->fd < 0)
        return fail(why, whysz, "cannot connect to ", host);
    return 0;
}

static void conn_close(struct conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
}

static int conn_write(struct conn *c, const char *p, size_t n, char *why, size_t whysz)
{
    while (n > 0) {
        ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL);
        if (w > 0) {
            p += w;
            n -= (size_t)w;
        } else if (w < 0 && errno == EINTR) {
            continue;
        } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (wait_fd(c, POLLOUT))
                return fail(why, whysz, "write timed out", NULL);
        } else {
            return fail(why, whysz, "write failed", NULL);
        }
    }
    return 0;
}

/* Read one line (without CRLF) into out; -1 on timeout, close or an over-long line. */
static int conn_line(struct conn *c, char *out, size_t outsz, char *why, size_t whysz)
{
    for (;;) {
        char *nl = memchr(c->buf, '\n', c->len);
        ssize_t r;

        if (nl) {
            size_t n = (size_t)(nl - c->buf);
            size_t k = n > 0 && c->buf[n - 1] == '\r' ? n - 1 : n;
            if (k >= outsz)
                k = outsz - 1;
            memcpy(out, c->buf, k);
            out[k] = '\0';
            memmove(c->buf, nl + 1, c->len - n - 1);
            c->len -= n + 1;
            return 0;
        }
        if (c->len == sizeof(c->buf))
            return fail(why, whysz, "reply line too long", NULL);
        if (wait_fd(c, POLLIN))
            return fail(why, whysz, "read timed out", NULL);
        r = recv(c->fd, c->buf + c->len, sizeof(c->buf) - c->len, 0);
        if (r < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (r <= 0)
            return fail(why, whysz, "connection closed", NULL);
        c->len += (size_t)r;
    }
}

/* Read an SMTP reply (multi-line "250-...", last "250 ..."); its code must be in [lo, hi]. */
static int smtp_reply(struct conn *c, int lo, int hi, const char *step, char *why, size_t whysz)
{
    char line[LINE_MAX_BYTES];

    for (;;) {
        int code;
        if (conn_line(c, line, sizeof(line), why, whysz))
            return -1;
        /* three digits, then space, '-' or the end ("37 x" is not 354: found by fuzz_notify) */
        if (strlen(line) < 3 || line[0] < '1' || line[0] > '5' || line[1] < '0' ||
            line[1] > '9' || line[2] < '0' || line[2] > '9' ||
            (line[3] != '\0' && line[3] != ' ' && line[3] != '-'))
            return fail(why, whysz, "bad SMTP reply to ", step);
        code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
        if (line[3] == '-')
            continue;
        if (code < lo || code > hi) {
            snprintf(why, whysz, "SMTP %s: %.200s", step, line);
            return -1;
        }
        return 0;
    }
}

static int smtp_cmd(struct conn *c, const char *cmd, int lo, int hi, const char *step, char *why,
                    size_t whysz)
{
    if (conn_write(c, cmd, strlen(cmd), why, whysz))
        return -1;
    return smtp_reply(c, lo, hi, step, why, whysz);
}

int dj_email_valid(const char *s)
{
    const char *at = s ? strchr(s, '@') : NULL;
    size_t n = s ? strlen(s) : 0;

    if (!at || at == s || !at[1] || strchr(at + 1, '@') || n > 254)
        return 0;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == '"' || *p == ',' ||
            *p == 127)
            return 0;
    return 1;
}

/* The message: headers, blank line, dot-stuffed body, CRLF line ends, "." terminator. */
static void mail_data(struct dj_buf *b, const struct dj_mail *m)
{
    size_t slen = strlen(m->subject);
    size_t b64sz = sodium_base64_ENCODED_LEN(slen, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = dj_xmalloc(b64sz);
    bool bol = true;

    sodium_bin2base64(b64, b64sz, (const unsigned char *)m->subject, slen,
                      sodium_base64_VARIANT_ORIGINAL);
    dj_buf_printf(b,
                  "From: <%s>\r\nTo: <%s>\r\nSubject: =?UTF-8?B?%s?=\r\nMIME-Version: 1.0\r\n"
                  "Content-Type: text/plain; charset=UTF-8\r\n"
                  "Content-Transfer-Encoding: 8bit\r\n\r\n",
                  m->from, m->to, b64);
    free(b64);
    for (const char *p = m->body; *p; p++) {
        if (bol && *p == '.')
            dj_buf_addc(b, '.');
        if (*p == '\n') {
            dj_buf_add(b, "\r\n", 2);
            bol = true;
        } else if (*p != '\r') {
            dj_buf_addc(b, *p);
            bol = false;
        }
    }
    if (!bol)
        dj_buf_add(b, "\r\n", 2);
    dj_buf_add(b, ".\r\n", 3);
}

/* The SMTP exchange over an open connection; closes nothing. */
static int smtp_session(struct conn *c, const struct dj_mail *m, char *why, size_t whysz)
{
    struct dj_buf data;
    char cmd[600];
    int rc = -1;

    if (!dj_email_valid(m->to) || !dj_email_valid(m->from))
        return fail(why, whysz, "bad address", NULL);
    dj_buf_init(&data, 1 << 20);
    if (smtp_reply(c, 220, 220, "greeting", why, whysz) ||
        smtp_cmd(c, "EHLO dangjian\r\n", 250, 250, "EHLO", why, whysz))
        goto out;
    snprintf(cmd, sizeof(cmd), "MAIL FROM:<%s>\r\n", m->from);
    if (smtp_cmd(c, cmd, 250, 250, "MAIL FROM", why, whysz))
        goto out;
    snprintf(cmd, sizeof(cmd), "RCPT TO:<%s>\r\n", m->to);
    if (smtp_cmd(c, cmd, 250, 251, "RCPT TO", why, whysz) ||
        smtp_cmd(c, "DATA\r\n", 354, 354, "DATA", why, whysz))
        goto out;
    mail_data(&data, m);
    if (conn_write(c, data.data, data.len, why, whysz) ||
        smtp_reply(c, 250, 250, "end of data", why, whysz))
        goto out;
    rc = 0;
    /* the message is accepted: a lost QUIT reply does not matter */
    if (conn_write(c, "QUIT\r\n", 6, why, whysz) == 0)
        smtp_reply(c, 221, 221, "QUIT", why, whysz);
    why[0] = '\0';
out:
    dj_buf_release(&data);
    return rc;
}

int dj_smtp_send(const char *host, int port, const struct dj_mail *m, int timeout_ms, char *why,
                 size_t whysz)
{
    struct conn c;
    int rc;

    if (!dj_email_valid(m->to) || !dj_email_valid(m->from))
        return fail(why, whysz, "bad address", NULL);
    if (conn_open(&c, host, port, timeout_ms, why, whysz))
        return -1;
    rc = smtp_session(&c, m, why, whysz);
    conn_close(&c);
    return rc;
}

/* A connection over an already connected socket (made non-blocking). */
static void conn_from_fd(struct conn *c, int fd, int timeout_ms)
{
    memset(c, 0, sizeof(*c));
    c->fd = fd;
    c->timeout_ms = timeout_ms;
    c->deadline_ms = mono_ms() + (int64_t)timeout_ms * 4;
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

int dj_smtp_send_fd(int fd, const struct dj_mail *m, int timeout_ms, char *why, size_t whysz)
{
    struct conn c;

    conn_from_fd(&c, fd, timeout_ms);
    return smtp_session(&c, m, why, whysz);
}

/* Split "http://host[:port][/path]"; host without brackets (IPv4 or a name). */
static int parse_url(const char *url, char *host, size_t hostsz, int *port, const char **path)
{
    const char *h, *end, *colon;
    size_t n;

    if (strncmp(url, "http://", 7))
        return -1;
    h = url + 7;
    end = h + strcspn(h, "/?#");
    colon = memchr(h, ':', (size_t)(end - h));
    n = (size_t)((colon ? colon : end) - h);
    if (n == 0 || n >= hostsz)
        return -1;
    memcpy(host, h, n);
    host[n] = '\0';
    *port = 80;
    if (colon) {
        long p = 0;
        for (const char *q = colon + 1; q < end; q++) {
            if (*q < '0' || *q > '9' || p > 65535)
                return -1;
            p = p * 10 + (*q - '0');
        }
        if (p < 1 || p > 65535)
            return -1;
        *port = (int)p;
    }
    *path = *end == '/' ? end : "/";
    for (const char *q = url; *q; q++)
        if ((unsigned char)*q <= ' ')
            return -1;
    return 0;
}

/* The HTTP exchange over an open connection; closes nothing. */
static int http_session(struct conn *c, const char *host, int port, const char *path,
                        const char *json, char *why, size_t whysz)
{
    struct dj_buf req;
    char line[LINE_MAX_BYTES];
    int rc = -1;

    dj_buf_init(&req, 1 << 20);
    dj_buf_printf(&req,
                  "POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json; "
                  "charset=utf-8\r\nContent-Length: %zu\r\nUser-Agent: dangjian\r\n"
                  "Connection: close\r\n\r\n",
                  path, host, port, strlen(json));
    dj_buf_add(&req, json, strlen(json));
    if (conn_write(c, req.data, req.len, why, whysz) ||
        conn_line(c, line, sizeof(line), why, whysz))
        goto out;
    if (strncmp(line, "HTTP/1.", 7) || strlen(line) < 12 || line[8] != ' ') {
        fail(why, whysz, "bad HTTP reply", NULL);
        goto out;
    }
    if (line[9] != '2') {
        snprintf(why, whysz, "webhook: %.200s", line + 9);
        goto out;
    }
    why[0] = '\0';
    rc = 0;
out:
    dj_buf_release(&req);
    return rc;
}

int dj_http_post_json(const char *url, const char *json, int timeout_ms, char *why, size_t whysz)
{
    struct conn c;
    char host[256];
    const char *path;
    int port, rc;

    if (parse_url(url, host, sizeof(host), &port, &path))
        return fail(why, whysz, "bad webhook URL", NULL);
    if (conn_open(&c, host, port, timeout_ms, why, whysz))
        return -1;
    rc = http_session(&c, host, port, path, json, why, whysz);
    conn_close(&c);
    return rc;
}

int dj_http_post_json_fd(int fd, const char *url, const char *json, int timeout_ms, char *why,
                         size_t whysz)
{
    struct conn c;
    char host[256];
    const char *path;
    int port;

    if (parse_url(url, host, sizeof(host), &port, &path))
        return fail(why, whysz, "bad webhook URL", NULL);
    conn_from_fd(&c, fd, timeout_ms);
    return http_session(&c, host, port, path, json, why, whysz);
}
