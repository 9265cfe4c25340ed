/*
 * fuzz_notify.c - libFuzzer target for the reply parsers of the SMTP and
 * HTTP clients (src/svc/notify.c): the input is what a (hostile or broken)
 * relay or gateway sends back, played from the other end of a socketpair.
 *
 * Invariants checked on every input:
 *  - both exchanges end (the peer's end is shut, so no read waits for the
 *    timeout) with 0 or -1;
 *  - `why` is always a NUL-terminated string within its buffer, empty on
 *    success and non-empty on failure;
 *  - SMTP succeeds only when the input holds a 354 reply, HTTP only when it
 *    starts with an "HTTP/1.x 2" status line.
 *
 * Build: see tests/fuzz/run.sh (targets.txt lists the sources).
 * Run:   ./fuzz_notify tests/fuzz/corpus/notify
 */
#include "base/compat.h"

#include <sys/socket.h>
#include <unistd.h>

#include "svc/notify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok, const char *what)
{
    if (!ok)
        dj_die("fuzz_notify: invariant broken: %s", what);
}

/* A socket whose peer has already sent `data` and shut its side. */
static int peer_said(const uint8_t *data, size_t size, int *peer)
{
    int sv[2];
    size_t off = 0;

    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
        dj_die("socketpair");
    while (off < size) {
        ssize_t w = write(sv[1], data + off, size - off);
        if (w <= 0)
            dj_die("write");
        off += (size_t)w;
    }
    shutdown(sv[1], SHUT_WR);
    *peer = sv[1];
    return sv[0];
}

static bool contains(const uint8_t *data, size_t size, const char *s)
{
    size_t n = strlen(s);

    for (size_t i = 0; i + n <= size; i++)
        if (!memcmp(data + i, s, n))
            return true;
    return false;
}

static void check_why(int rc, const char *why, size_t whysz)
{
    check(rc == 0 || rc == -1, "result is 0 or -1");
    check(memchr(why, '\0', whysz) != NULL, "why is terminated");
    check(rc == 0 ? why[0] == '\0' : why[0] != '\0', "why matches the result");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dj_mail m = {.from = "dangjian@example.org",
                        .to = "shuji@example.org",
                        .subject = "【政治生日】测试",
                        .body = "第一行\n.以点开头\n"};
    char why[256];
    int peer, fd, rc;

    if (size > 16384) /* the socket buffer holds it all */
        return 0;
    memset(why, 'x', sizeof(why));
    fd = peer_said(data, size, &peer);
    rc = dj_smtp_send_fd(fd, &m, 200, why, sizeof(why));
    check_why(rc, why, sizeof(why));
    if (rc == 0)
        check(contains(data, size, "354"), "SMTP success needs a 354 reply");
    close(fd);
    close(peer);

    memset(why, 'x', sizeof(why));
    fd = peer_said(data, size, &peer);
    rc = dj_http_post_json_fd(fd, "http://127.0.0.1:8/hook", "{\"a\":1}", 200, why, sizeof(why));
    check_why(rc, why, sizeof(why));
    if (rc == 0)
        check(size >= 10 && !memcmp(data, "HTTP/1.", 7) && data[9] == '2',
              "HTTP success needs a 2xx status line");
    close(fd);
    close(peer);
    return 0;
}
