/* svc.c - service context, secret key, clock. */
#include "base/compat.h"
#include "svc/svc.h"

#include <fcntl.h>
#include <sodium.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>

static struct dj_svc_env env;
static _Atomic int64_t clock_offset;
static _Atomic int64_t clock_frozen;

const struct dj_svc_env *dj_svc(void)
{
    return &env;
}

void dj_svc_key_path(const char *db_url, char *out, size_t outsz)
{
    const char *p = db_url;
    if (!strncmp(p, "sqlite:", 7))
        p += 7;
    snprintf(out, outsz, "%s.key", p);
}

static int read_key(const char *path, unsigned char *key, struct dj_err *err)
{
    int fd = open(path, O_RDONLY);
    ssize_t n;

    if (fd < 0)
        return dj_err_set(err, DJ_ENOTFOUND, NULL, "密钥文件不存在：%s", path);
    n = read(fd, key, DJ_KEY_BYTES);
    close(fd);
    if (n != DJ_KEY_BYTES)
        return dj_err_set(err, DJ_EIO, NULL, "密钥文件损坏：%s", path);
    return 0;
}

static int create_key_file(const char *path, unsigned char *key, struct dj_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    ssize_t n;

    if (fd < 0)
        return dj_err_set(err, DJ_EIO, NULL, "无法创建密钥文件：%s（%s）", path, strerror(errno));
    randombytes_buf(key, DJ_KEY_BYTES);
    n = write(fd, key, DJ_KEY_BYTES);
    if (fsync(fd) != 0 || n != DJ_KEY_BYTES) {
        close(fd);
        return dj_err_set(err, DJ_EIO, NULL, "无法写入密钥文件：%s", path);
    }
    close(fd);
    return 0;
}

int dj_svc_init(const struct dj_config *cfg, bool create_key, struct dj_err *err)
{
    char path[600];
    int rc;

    if (sodium_init() < 0)
        return dj_err_set(err, DJ_EINTERNAL, NULL, "加密库初始化失败");
    env.cfg = cfg;
    if (!strcmp(cfg->db_url, ":memory:")) {
        /* in-memory databases (tests) get a throwaway key */
        randombytes_buf(env.key, DJ_KEY_BYTES);
        env.key_loaded = true;
        return 0;
    }
    dj_svc_key_path(cfg->db_url, path, sizeof(path));
    rc = read_key(path, env.key, err);
    if (rc == DJ_ENOTFOUND && create_key) {
        dj_err_clear(err);
        rc = create_key_file(path, env.key, err);
    }
    env.key_loaded = rc == 0;
    return rc;
}

int64_t dj_now(void)
{
    int64_t frozen = atomic_load(&clock_frozen);
    return (frozen ? frozen : (int64_t)time(NULL)) + atomic_load(&clock_offset);
}

void dj_clock_freeze(int64_t unix_seconds)
{
    atomic_store(&clock_frozen, unix_seconds);
}

void dj_clock_set_offset(int64_t seconds)
{
    atomic_store(&clock_offset, seconds);
}

char *dj_now_iso(char *out, size_t outsz)
{
    time_t t = (time_t)dj_now();
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, outsz, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return out;
}

void dj_hex(const unsigned char *p, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * n] = '\0';
}
