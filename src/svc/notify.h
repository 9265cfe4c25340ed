/*
 * notify.h (svc) - the outgoing channels of reminders, written over plain
 * sockets: an SMTP client for an intranet relay (no TLS, no AUTH) and an
 * HTTP/1.1 client that POSTs JSON to an http:// URL (SMS / WeChat gateways).
 *
 * Every step has a timeout (connect, each read and write, and an overall
 * deadline of a few timeouts), so a dead or silent gateway costs at most
 * about timeout_ms * 4 and never blocks the server. Host names are resolved
 * with getaddrinfo(); give an IPv4 address to avoid DNS entirely.
 *
 * Both return 0 on success or -1 with a short English reason in `why`
 * (stored as the delivery's last_error).
 */
#ifndef DJ_SVC_NOTIFY_H
#define DJ_SVC_NOTIFY_H

#include <stddef.h>

struct dj_mail {
    const char *from;    /* envelope sender and From: */
    const char *to;      /* one recipient address */
    const char *subject; /* UTF-8; sent RFC 2047 encoded */
    const char *body;    /* UTF-8 text; lines end in \n */
};

int dj_smtp_send(const char *host, int port, const struct dj_mail *m, int timeout_ms, char *why,
                 size_t whysz);

/* POST `json` to `url` ("http://host[:port][/path]"); success is a 2xx status. */
int dj_http_post_json(const char *url, const char *json, int timeout_ms, char *why, size_t whysz);

/*
 * The same exchanges over an already connected socket `fd` (made
 * non-blocking, not closed): for tests and the fuzz target, which play the
 * server from a socketpair.
 */
int dj_smtp_send_fd(int fd, const struct dj_mail *m, int timeout_ms, char *why, size_t whysz);
int dj_http_post_json_fd(int fd, const char *url, const char *json, int timeout_ms, char *why,
                         size_t whysz);

/* Whether `s` looks like one e-mail address (local@domain, no spaces, <, >, control bytes). */
int dj_email_valid(const char *s);

#endif
