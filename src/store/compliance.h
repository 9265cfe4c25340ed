/*
 * compliance.h (store) - the grouped reads behind the compliance engine
 * (svc/compliance.c). Whatever the size of the subtree, its input is a
 * fixed handful of statements, each one index range scan over the
 * subtree's materialised paths: the organisations; their posts aggregated
 * per organisation; the trigger-kept per-organisation-per-kind-per-month
 * counts (life_counts) folded into one bit mask of months per organisation
 * and kind; the per-member-year table (life_member_year) grouped per
 * organisation and year; member counts; rule exemptions; acknowledgements.
 * No meeting row is read.
 */
#ifndef DJ_STORE_COMPLIANCE_H
#define DJ_STORE_COMPLIANCE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/db.h"

#define DJ_COMPLIANCE_MAX_MONTHS 60 /* the month mask is 64 bits wide */

struct dj_cmp_org {
    int64_t id;
    const char *path, *name, *kind, *domain; /* arena */
    char founded_on[11], dissolved_on[11];   /* "" when unknown */
    bool active;
    int64_t
        committee_posts; /* committee posts (other than 书记, 党小组长) overlapping the window */
    int64_t secretaries_at_end;  /* 书记 posts current on the window's last day */
    char last_secretary_end[11]; /* latest end_on before the last day of a 书记 post, or "" */
    int64_t members;             /* counted members recorded here (member_counts.total) */
};

/* One (organisation, kind): months with at least one counting record, and the total. */
struct dj_cmp_life {
    int org;          /* index into orgs */
    const char *kind; /* arena */
    uint64_t mask;    /* bit i: month lo_ym + i had >= 1 counting record */
    int64_t total;    /* months with a counting record (popcount of mask) */
};

/* One (organisation, year) of member coverage. */
struct dj_cmp_member_year {
    int org;
    int year;
    int64_t rows;     /* members with a life_member_year row */
    int64_t hours_ok; /* of which 学时 >= the threshold */
    int64_t talks_ok; /* of which 谈心谈话 >= the threshold */
};

struct dj_cmp_exemption {
    int org;
    const char *rule_id, *start_on, *end_on, *reason, *approver;
};

struct dj_cmp_ack {
    int64_t org_id;
    const char *rule_id, *period, *subject, *explanation, *acked_by, *acked_at;
};

struct dj_cmp_input {
    struct dj_cmp_org *orgs; /* sorted by path */
    int norgs;
    struct dj_cmp_life *life; /* sorted by org, then kind */
    int nlife;
    struct dj_cmp_member_year *my;
    int nmy;
    struct dj_cmp_exemption *ex;
    int nex;
    struct dj_cmp_ack *acks; /* sorted by org_id, rule_id, period, subject */
    int nacks;
};

struct dj_cmp_params {
    const char *path;      /* subtree root (already authorised) */
    const char *from, *to; /* YYYY-MM-DD */
    int lo_ym, hi_ym;      /* month window (life_counts.ym), hi - lo < DJ_COMPLIANCE_MAX_MONTHS */
    bool count_submitted;  /* submitted records count too */
    int64_t min_hours;     /* 学时 threshold */
    int64_t min_talks;     /* 谈心谈话 threshold */
    int year_lo, year_hi;  /* member-coverage years (year_lo > year_hi: none) */
};

/* Read everything; arena memory. Run inside a read transaction. */
int dj_store_compliance_input(struct dj_db *db, const struct dj_cmp_params *p,
                              struct dj_arena *arena, struct dj_cmp_input *out, struct dj_err *err);

/*
 * The generation of everything the report reads ("salt:gen", table
 * compliance_gen, bumped by triggers on every write): equal strings mean
 * unchanged input. Empty when the row is missing.
 */
int dj_store_compliance_gen(struct dj_db *db, char *buf, size_t size, struct dj_err *err);

/* Per-month counts of one kind (for rules whose value is above 1). */
struct dj_cmp_month {
    int org;
    int ym;
    int64_t n;
};
int dj_store_compliance_months(struct dj_db *db, const struct dj_cmp_params *p, const char *kind,
                               const struct dj_cmp_input *in, struct dj_arena *arena,
                               struct dj_cmp_month **out, int *n, struct dj_err *err);

/* Index of the organisation with this path, or -1. */
int dj_cmp_org_find(const struct dj_cmp_input *in, const char *path);

/* Insert an acknowledgement; DJ_ECONFLICT when that finding is already acknowledged. */
int dj_store_compliance_ack(struct dj_db *db, const struct dj_cmp_ack *a, const char *org_path,
                            int64_t *id, struct dj_err *err);

/* Insert an organisation's rule exemption. */
int dj_store_compliance_exempt(struct dj_db *db, int64_t org_id, const char *org_path,
                               const struct dj_cmp_exemption *e, const char *by, const char *now,
                               int64_t *id, struct dj_err *err);

#endif
