/* err.c - error detail helpers. */
#include "base/compat.h"
#include "base/err.h"

int dj_err_set(struct dj_err *err, int code, const char *field, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return code;
    err->code = code;
    dj_strlcpy(err->field, field ? field : "", sizeof(err->field));
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
    err->detail[0] = '\0';
    return code;
}

int dj_err_detail(struct dj_err *err, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return DJ_EINTERNAL;
    va_start(ap, fmt);
    vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
    va_end(ap);
    return err->code ? err->code : DJ_EINTERNAL;
}

void dj_err_clear(struct dj_err *err)
{
    if (!err)
        return;
    err->code = 0;
    err->field[0] = err->message[0] = err->detail[0] = '\0';
}

const char *dj_err_name(int code)
{
    switch (code) {
    case DJ_OK:
        return "ok";
    case DJ_EINVAL:
        return "invalid";
    case DJ_ENOTFOUND:
        return "not_found";
    case DJ_EPERM:
        return "forbidden";
    case DJ_EAUTH:
        return "unauthorized";
    case DJ_ECONFLICT:
        return "conflict";
    case DJ_ETOOBIG:
        return "too_large";
    case DJ_ELOCKED:
        return "locked";
    case DJ_EDB:
        return "database";
    case DJ_EIO:
        return "io";
    case DJ_ECSRF:
        return "csrf";
    case DJ_EMETHOD:
        return "method_not_allowed";
    case DJ_EMEDIA:
        return "unsupported_media_type";
    case DJ_EBUSY:
        return "busy";
    default:
        return "internal";
    }
}
