/*
 * dues_lister.c - CPU time of the 党费 arrears lister (svc/dues.h) on a big
 * database: the grouped pass (dj_dues_arrears_deadlines) against the former
 * month walk (dj_dues_arrears_deadlines_walk) in the same run, with a check
 * that both give the same items. Build and run with bench/dues_lister.sh.
 *
 *   dues_lister DB PATH [TO=YYYY-MM-DD] [ROUNDS=3]
 */
#include "base/compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "base/scope.h"
#include "store/db.h"
#include "svc/dues.h"

struct acc {
    uint64_t hash;
    long n;
};

static int sink(void *ctx, const struct dj_deadline *d)
{
    struct acc *a = ctx;
    const char *parts[] = {d->kind, d->key, d->title, d->org_path};
    for (size_t i = 0; i < 4; i++)
        for (const char *p = parts[i]; *p; p++)
            a->hash = (a->hash ^ (unsigned char)*p) * 1099511628211ull;
    a->hash = (a->hash ^ (uint64_t)(d->due.y * 10000 + d->due.m * 100 + d->due.d)) *
              1099511628211ull;
    a->hash = (a->hash ^ (uint64_t)d->level) * 1099511628211ull;
    a->n++;
    return 0;
}

static double cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static double wall(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    struct dj_db *db;
    struct dj_err err = {0};
    struct dj_scope scope = {.n = 1};
    struct dj_date to = {2026, 11, 30};
    int rounds = argc > 4 ? (int)strtol(argv[4], NULL, 10) : 3;

    if (argc < 3) {
        fprintf(stderr, "usage: dues_lister DB PATH [TO] [ROUNDS]\n");
        return 2;
    }
    if (argc > 3 && dj_date_parse(argv[3], &to, "to", &err))
        return 2;
    if (dj_db_open(argv[1], &db, &err)) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    snprintf(scope.paths[0], sizeof(scope.paths[0]), "%s", argv[2]);
    for (int r = 0; r < rounds; r++)
        for (int k = 0; k < 2; k++) {
            struct acc a = {1469598103934665603ull, 0};
            double c0 = cpu(), w0 = wall();
            int rc = (k ? dj_dues_arrears_deadlines : dj_dues_arrears_deadlines_walk)(
                db, &scope, (struct dj_date){2000, 1, 1}, to, sink, &a, &err);
            double c1 = cpu(), w1 = wall();
            if (rc) {
                fprintf(stderr, "%s\n", err.message);
                return 1;
            }
            printf("%-8s round %d: items %ld hash %016llx cpu(user+sys) %.3f s wall %.3f s\n",
                   k ? "grouped" : "walk", r + 1, a.n, (unsigned long long)a.hash, c1 - c0,
                   w1 - w0);
        }
    dj_db_close(db);
    return 0;
}
