/*
 * err.h - error codes and the error detail carried out of every layer.
 *
 * Functions return 0 on success or a negative DJ_E* code. Details go into an
 * optional struct dj_err: the code, the offending field (JSON key, or ""),
 * a Simplified Chinese message shown to the user, and an English developer
 * detail that is logged but never sent to clients.
 *
 *     return dj_err_set(err, DJ_EINVAL, "id_number", "身份证号码校验位不正确");
 *
 * Only api/ maps codes to HTTP statuses (see api/respond.h).
 */
#ifndef DJ_ERR_H
#define DJ_ERR_H

enum dj_errcode {
    DJ_OK = 0,
    DJ_EINVAL = -1,     /* bad input: 400 / 422 */
    DJ_ENOTFOUND = -2,  /* 404 */
    DJ_EPERM = -3,      /* authenticated but not allowed: 403 */
    DJ_EAUTH = -4,      /* not logged in / session expired / bad credentials: 401 */
    DJ_ECONFLICT = -5,  /* uniqueness or state conflict: 409 */
    DJ_ETOOBIG = -6,    /* over a size cap: 413 */
    DJ_ELOCKED = -7,    /* account locked out: 429 */
    DJ_EDB = -8,        /* database failure: 500 */
    DJ_EIO = -9,        /* file or network I/O: 500 */
    DJ_EINTERNAL = -10, /* bug / broken invariant: 500 */
    DJ_ECSRF = -11,     /* missing or wrong CSRF token: 403 */
    DJ_EMETHOD = -12,   /* method not allowed: 405 */
    DJ_EMEDIA = -13,    /* unsupported media type: 415 */
    DJ_EBUSY = -14,     /* database busy beyond the timeout: 503 */
};

struct dj_err {
    int code;          /* one of enum dj_errcode; 0 when clear */
    char field[64];    /* offending input field (JSON key) or "" */
    char message[256]; /* user-facing message, Simplified Chinese */
    char detail[256];  /* developer detail, English, never shown to clients */
};

/*
 * Record an error and return `code`. `err` may be NULL (then only the code is
 * returned). `field` may be NULL. `fmt` is the Chinese user message.
 */
int dj_err_set(struct dj_err *err, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Set the developer detail of an already-set error; returns err->code (or DJ_EINTERNAL). */
int dj_err_detail(struct dj_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reset to the no-error state. */
void dj_err_clear(struct dj_err *err);

/* Stable machine name for a code, e.g. "invalid", "not_found", "forbidden". */
const char *dj_err_name(int code);

#endif
