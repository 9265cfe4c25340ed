/* scoped.c - binding a scope as path ranges (see scoped.h). */
#include "base/compat.h"
#include "store/scoped.h"

int dj_store_bind_scope(struct dj_stmt *st, int first, const struct dj_scope *scope)
{
    int rc = 0;

    for (int i = 0; i < DJ_SCOPE_MAX && !rc; i++) {
        char lo[DJ_PATH_MAX] = "", hi[DJ_PATH_MAX] = "";
        if (scope->all && i == 0) {
            dj_strlcpy(lo, "/", sizeof(lo));
            dj_strlcpy(hi, "0", sizeof(hi)); /* every path starts with '/', and '0' follows it */
        } else if (!scope->all && i < scope->n) {
            dj_path_range(scope->paths[i], lo, hi, sizeof(lo));
        }
        rc = dj_stmt_bind_text(st, first + 2 * i, lo);
        if (!rc)
            rc = dj_stmt_bind_text(st, first + 2 * i + 1, hi);
    }
    return rc;
}
