/*
 * fuzz_election.c - libFuzzer target for the election arithmetic and the
 * term dates (src/rules/term_rules.c).
 *
 * Arbitrary figures must never crash, overflow (UBSan) or break the
 * invariants: on success every check has a message, a blocking failure makes
 * the result invalid, no more candidates are elected than seats and each
 * elected one has more yes votes than half of those present; term states
 * follow the dates in order. Build and run (from the repository root):
 *
 *   bash tests/fuzz/run.sh 60
 */
#include "base/compat.h"
#include "rules/term_rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t take(const uint8_t **p, size_t *n, int bytes)
{
    int64_t v = 0;
    for (int i = 0; i < bytes && *n; i++, (*p)++, (*n)--)
        v = (v << 8) | **p;
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const posts[] = {"secretary",  "deputy_secretary", "organization",
                                        "propaganda", "discipline",       "member", "bogus"};
    struct dj_ballot c[DJ_ELECTION_MAX_CANDIDATES + 1];
    struct dj_election_outcome o;
    struct dj_term_dates d;
    struct dj_err err = {0};
    const uint8_t *p = data;
    size_t n = size;
    int64_t expected = take(&p, &n, 3) - 100, present = take(&p, &n, 3) - 100;
    int64_t seats = take(&p, &n, 1) - 2;
    int nc = (int)take(&p, &n, 1) % (DJ_ELECTION_MAX_CANDIDATES + 2);
    struct dj_date on = {(int)take(&p, &n, 2) % 10000, (int)take(&p, &n, 1) % 14,
                         (int)take(&p, &n, 1) % 33};
    int elected = 0;

    if (nc > DJ_ELECTION_MAX_CANDIDATES)
        nc = DJ_ELECTION_MAX_CANDIDATES;
    for (int i = 0; i < nc; i++) {
        c[i].name = take(&p, &n, 1) % 5 ? "候选人" : "";
        c[i].post = posts[take(&p, &n, 1) % 7];
        c[i].yes = take(&p, &n, 3) - 100;
        c[i].note = NULL;
    }
    if (dj_election_evaluate(expected, present, seats, c, nc, on, &o, &err) == 0) {
        for (int i = 0; i < o.nchecks; i++) {
            if (!o.checks[i].message[0])
                dj_die("check without a message");
            if (o.checks[i].blocking && o.valid)
                dj_die("blocking failure in a valid result");
        }
        for (int i = 0; i < nc; i++)
            if (c[i].elected) {
                elected++;
                if (c[i].yes * 2 <= present)
                    dj_die("elected with half or less");
            }
        if (elected > seats || elected != o.elected)
            dj_die("elected %d of %lld seats (outcome %d)", elected, (long long)seats, o.elected);
    } else if (!err.message[0]) {
        dj_die("error without a message");
    }

    if (dj_term_dates(on, take(&p, &n, 1) % 12, (struct dj_date){0, 0, 0}, NULL, &d) == 0) {
        struct dj_date probe = {(int)take(&p, &n, 2) % 10000 + 1, (int)take(&p, &n, 1) % 12 + 1,
                                (int)take(&p, &n, 1) % 28 + 1};
        enum dj_term_state s = dj_term_state_on(&d, probe);
        if (dj_date_cmp(probe, d.reminder_on) < 0 && s != DJ_TERM_IN_TERM)
            dj_die("before the reminder but not in term");
        if (dj_date_cmp(probe, d.expires_on) > 0 && s != DJ_TERM_EXPIRED && s != DJ_TERM_OVERDUE)
            dj_die("after the expiry but not expired or overdue");
    }
    return 0;
}
