/*
 * dues.h - SQL for 党费 (sql/0004_dues.sql): members with their dues period,
 * bases, reliefs, payments and paid months, read by subtree (a materialised
 * path range) or for one member. Permission checks are the caller's
 * (svc/dues.c): these functions take a path, never a scope decision.
 *
 * Months are month indexes (y * 12 + m - 1, rules/dues_rules.h) in C and
 * 'YYYY-MM' text in the database. All memory comes from the caller's arena.
 */
#ifndef DJ_STORE_DUES_H
#define DJ_STORE_DUES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "store/db.h"

/* A member as the dues ledger needs it. */
struct dj_dues_member {
    int64_t id;
    int64_t org_id;
    const char *name;
    const char *org_name;
    const char *org_path;
    const char *status;   /* dict member_status */
    const char *category; /* 正式/预备 (dict member_category) */
    struct dj_date joined_on, status_on;
    int start_idx;               /* dues_accounts.start_month, 0 = none */
    int stop_idx;                /* dues_accounts.stop_month, 0 = none */
    const char *stop_reason;     /* NULL when none */
    const char *person_category; /* dict person_category (a hint for the dues category) */
    bool retired;
};

/*
 * Members under path (subtree, every status) or, with member_id > 0, that one
 * member (path may then be NULL). Ordered by branch path, then id.
 */
int dj_store_dues_members(struct dj_db *db, const char *path, int64_t member_id,
                          struct dj_arena *arena, struct dj_dues_member **rows, int *n,
                          struct dj_err *err);

struct dj_dues_base_row {
    int64_t id, member_id;
    int year, from_month;
    const char *category;
    int64_t base_fen;           /* -1 when NULL */
    int64_t quarter_income_fen; /* -1 when NULL */
    const char *source, *note, *updated_at;
};

/* Bases of the members under path (or one member), years up to max_year, by member, year, month. */
int dj_store_dues_bases(struct dj_db *db, const char *path, int64_t member_id, int max_year,
                        struct dj_arena *arena, struct dj_dues_base_row **rows, int *n,
                        struct dj_err *err);

/* Insert or replace the base of (member, year, from_month); *replaced tells which. */
int dj_store_dues_base_put(struct dj_db *db, const struct dj_dues_base_row *b, int64_t user_id,
                           const char *now, bool *replaced, struct dj_err *err);

struct dj_dues_relief_row {
    int64_t id, member_id;
    const char *kind; /* reduce | waive | excuse */
    int from_idx, to_idx;
    int64_t monthly_fen; /* -1 when NULL */
    int64_t approval_org_id;
    const char *approval_doc, *reason;
    struct dj_date approved_on;
};

int dj_store_dues_reliefs(struct dj_db *db, const char *path, int64_t member_id,
                          struct dj_arena *arena, struct dj_dues_relief_row **rows, int *n,
                          struct dj_err *err);
int dj_store_dues_relief_add(struct dj_db *db, const struct dj_dues_relief_row *r, int64_t user_id,
                             const char *now, int64_t *id, struct dj_err *err);

/* The dues period overrides of a member (NULL/0 clear). */
int dj_store_dues_account_put(struct dj_db *db, int64_t member_id, int start_idx, int stop_idx,
                              const char *stop_reason, const char *note, const char *now,
                              struct dj_err *err);

struct dj_dues_paid_month {
    int64_t member_id;
    int idx;
    int64_t amount_fen;
    int64_t payment_id;
};

/* Paid months of the members under path (or one member) in [lo, hi], by member and month. */
int dj_store_dues_paid_months(struct dj_db *db, const char *path, int64_t member_id, int lo, int hi,
                              struct dj_arena *arena, struct dj_dues_paid_month **rows, int *n,
                              struct dj_err *err);

/*
 * The arrears lister's one pass: the active members (normal, mobile,
 * lost_contact) under path with their dues period fields and the latest
 * paid month on or before min(last, their stop_month) (last_paid_idx, 0 =
 * none), by branch path and id. One index seek per member instead of every
 * paid month.
 */
struct dj_dues_arrears_row {
    struct dj_dues_member m; /* id, org_id, name, org_path, status, joined_on, status_on,
                                start_idx, stop_idx (other fields unset) */
    int last_paid_idx;
};
int dj_store_dues_arrears_rows(struct dj_db *db, const char *path, int last,
                               struct dj_arena *arena, struct dj_dues_arrears_row **rows, int *n,
                               struct dj_err *err);

struct dj_dues_payment_row {
    int64_t id, member_id, org_id;
    const char *org_path;
    int from_idx, months;
    int64_t amount_fen, extra_fen;
    bool central, consent;
    struct dj_date paid_on;
    const char *channel, *receipt_no, *payer, *note, *created_at;
    const char *member_name; /* filled by reads */
    const char *voided_on;   /* NULL unless voided */
    const char *void_reason;
};

/*
 * Payments of the members under path (or one member) paid in `year` (0 =
 * every year), newest first, at most `limit` (0 = no limit).
 */
int dj_store_dues_payments(struct dj_db *db, const char *path, int64_t member_id, int year,
                           int limit, struct dj_arena *arena, struct dj_dues_payment_row **rows,
                           int *n, struct dj_err *err);

/* One payment by id regardless of scope (DJ_ENOTFOUND when absent). */
int dj_store_dues_payment_get(struct dj_db *db, int64_t id, struct dj_arena *arena,
                              struct dj_dues_payment_row *out, struct dj_err *err);
/* Mark a payment voided and release its months (DJ_ECONFLICT if already voided). */
int dj_store_dues_payment_void(struct dj_db *db, int64_t id, const char *reason, const char *now,
                               struct dj_err *err);

/* Insert a payment (*id) and then its months one by one (DJ_ECONFLICT for a month already paid). */
int dj_store_dues_payment_add(struct dj_db *db, const struct dj_dues_payment_row *p,
                              int64_t user_id, const char *now, int64_t *id, struct dj_err *err);
int dj_store_dues_payment_month_add(struct dj_db *db, int64_t member_id, int idx,
                                    int64_t payment_id, int64_t amount_fen, struct dj_err *err);

/* A branch's monthly amount for its farmer members from a month on. */
struct dj_dues_farmer_rate {
    int64_t org_id;
    int from_idx;
    int64_t monthly_fen;
};

/* Every branch rate (the table is small), by organisation and month. */
int dj_store_dues_farmer_rates(struct dj_db *db, struct dj_arena *arena,
                               struct dj_dues_farmer_rate **rows, int *n, struct dj_err *err);
/* Insert or replace the rate of (org, from month). */
int dj_store_dues_farmer_rate_put(struct dj_db *db, const struct dj_dues_farmer_rate *r,
                                  int64_t user_id, const char *now, struct dj_err *err);

/* "YYYY-MM" of a month index into out (>= 8 bytes); parse back (0 / DJ_EINVAL). */
char *dj_dues_month_str(int idx, char *out);
int dj_dues_month_parse(const char *s, int *idx);

/* ---- 党费使用 (sql/0016_dues_use.sql) ------------------------------------ */

struct dj_dues_spending_row {
    int64_t id, org_id;
    const char *org_path, *org_name, *org_kind; /* org_name, org_kind filled by reads */
    struct dj_date spent_on;
    const char *purpose; /* dict dues_purpose */
    int64_t amount_fen;
    const char *voucher_no, *description, *approved_by, *approval_doc;
    struct dj_date approved_on;
    const char *attachments; /* JSON array text */
    const char *note, *created_at;
    const char *voided_on, *void_reason; /* NULL unless voided */
};

int dj_store_dues_spending_add(struct dj_db *db, const struct dj_dues_spending_row *r,
                               int64_t user_id, const char *now, int64_t *id, struct dj_err *err);
/* Spendings under path (subtree) in `year` (0 = every year), newest first. */
int dj_store_dues_spendings(struct dj_db *db, const char *path, int year, struct dj_arena *arena,
                            struct dj_dues_spending_row **rows, int *n, struct dj_err *err);
/* One spending by id regardless of scope (DJ_ENOTFOUND when absent). */
int dj_store_dues_spending_get(struct dj_db *db, int64_t id, struct dj_arena *arena,
                               struct dj_dues_spending_row *out, struct dj_err *err);
int dj_store_dues_spending_void(struct dj_db *db, int64_t id, const char *reason, const char *now,
                                struct dj_err *err);

/*
 * Money in and out of a subtree by year and organisation, years up to
 * max_year: collected_fen = regular dues + voluntary extras not for the
 * Centre of payments not voided, by the year paid and the collecting
 * organisation; spent_fen = spendings not voided, by the year spent and the
 * spending organisation. org_kind: dict org_kind of that organisation. In
 * year order.
 */
struct dj_dues_year_flow {
    int year;
    const char *org_path, *org_kind;
    int64_t collected_fen, spent_fen;
};
int dj_store_dues_year_flows(struct dj_db *db, const char *path, int max_year,
                             struct dj_arena *arena, struct dj_dues_year_flow **rows, int *n,
                             struct dj_err *err);

/*
 * Membership moves (member_org_history) that bear on months from `since`
 * (UTC timestamp text) on, for members now under path or whose former branch
 * is under it; by member and time. old_* describe the branch left.
 */
struct dj_dues_move {
    int64_t member_id;
    int64_t old_org_id;
    const char *old_org_name, *old_org_path;
    const char *moved_at;
    bool member_inside; /* the member is now under path */
};
int dj_store_dues_moves(struct dj_db *db, const char *path, const char *since,
                        struct dj_arena *arena, struct dj_dues_move **rows, int *n,
                        struct dj_err *err);

#endif
