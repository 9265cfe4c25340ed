/*
 * dues.h - 党费 (party dues): the yearly base of each member, the monthly
 * amount derived from it by the rule table, payments, arrears, the 党费交至
 * month, subtree reports, the annual disclosure (JSON and PDF) and the
 * arrears lister for the reminder scheduler.
 *
 * The dues period of a member: from the month of 入党日期 (the 支部大会 that
 * admitted them, 预备党员 included), or dues_accounts.start_month when set
 * (transferred in: the month after the letter's 党费交至; or the month the
 * ledger was opened), to the month of leaving, death or 停止党籍
 * (members.status_on), or dues_accounts.stop_month (transfer out), whichever
 * is earlier; both ends inclusive.
 *
 * A month of the period is covered when a payment covers it or a hardship
 * waiver (approved by an upper committee, on record) applies. Months before
 * the current month that are not covered are unpaid (arrears); the current
 * month is "current", later ones "upcoming". Amounts are derived: the base
 * row in force for the month (the latest (year, from_month) on or before
 * it), the category's rule in force on the month's first day, rounding by
 * rule; a hardship reduction caps it. No base on record: due_fen = -1.
 *
 * Permissions: reads need DJ_PERM_READ on the member's branch (or on the
 * organisation for subtree reads), or being the member themself (own
 * ledger only); writes need DJ_PERM_WRITE on the member's branch. A member
 * or organisation outside the scope and a missing one give the same
 * DJ_EPERM. Every write runs in one transaction with its audit row
 * (record_type "member", so it shows in the member's history).
 */
#ifndef DJ_SVC_DUES_H
#define DJ_SVC_DUES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/err.h"
#include "base/scope.h"
#include "rules/dues_rules.h"
#include "store/db.h"
#include "store/dues.h"
#include "svc/deadline.h"

enum dj_dues_state {
    DJ_DUES_NOT_DUE,  /* outside the member's dues period */
    DJ_DUES_PAID,     /* covered by a payment */
    DJ_DUES_WAIVED,   /* hardship waiver */
    DJ_DUES_UNPAID,   /* a past month, not covered: arrears */
    DJ_DUES_CURRENT,  /* the current month, not yet paid */
    DJ_DUES_UPCOMING, /* a later month, not yet paid */
};
const char *dj_dues_state_name(enum dj_dues_state s); /* "paid", "unpaid", ... */

struct dj_dues_month {
    int idx; /* month index (rules/dues_rules.h) */
    enum dj_dues_state state;
    int64_t due_fen;      /* -1: no base on record */
    int64_t paid_fen;     /* regular dues paid for this month */
    const char *category; /* category in force, NULL without a base */
    int64_t base_fen;     /* base in force (-1 none) */
    int32_t rate_bp;
    const char *rule_id; /* the rate rule applied ("" none) */
    const char *relief;  /* "reduce", "waive", "excuse" or NULL */
    int64_t payment_id;  /* the covering payment, 0 none */
    int64_t above_cap_fen; /* the derived amount above dues.monthly_cap_fen (not owed; 大额党费 if paid) */
};

struct dj_dues_ledger {
    struct dj_dues_member member;
    int start_idx, stop_idx; /* the dues period (stop 0 = open) */
    int paid_through_idx; /* 党费交至: the last month of the unbroken covered run from the start */
    int lo, hi;           /* months shown: [lo, hi] */
    struct dj_dues_month *months;
    int nmonths;
    int run;           /* consecutive unpaid months ending last month */
    int run_start_idx; /* first month of that run (0 none) */
    bool run_excused;  /* a good reason is on record for a month of the run */
    enum dj_dues_arrears_level level;
    int unpaid_months;  /* unpaid months of the period before the current month (last 10 years) */
    int64_t unpaid_fen; /* their dues (months without a base count 0) */
    struct dj_dues_base_row *bases;
    int nbases;
    struct dj_dues_relief_row *reliefs;
    int nreliefs;
    struct dj_dues_payment_row *payments;
    int npayments;
};

/* The calculation, for `dangjian dues calc` and GET /api/dues/calc (no I/O). */
int dj_dues_calc(const char *category, const char *base, struct dj_date on,
                 struct dj_dues_calc *out, struct dj_err *err);

/* A member's ledger with the months of `year` (0 = this year). */
int dj_dues_ledger(struct dj_db *db, const struct dj_actor *actor, int64_t member_id, int year,
                   struct dj_arena *arena, struct dj_dues_ledger *out, struct dj_err *err);

/*
 * The 党费交至 month of a member, for the transfer letter: the last month of
 * the unbroken run of covered months from the start of the dues period
 * (the month before the start when nothing is paid). No permission check:
 * callers (the transfer service) have checked theirs. DJ_ENOTFOUND for a
 * missing member. *month is the first day of that month. *recorded (may be
 * NULL) tells whether any payment is on file: a deployment that keeps no
 * dues records for the member has no 党费交至 to check a letter against.
 */
int dj_dues_paid_through(struct dj_db *db, int64_t member_id, struct dj_date *month,
                         bool *recorded, struct dj_err *err);

/* A base entry (POST /api/dues/members/{id}/bases). */
struct dj_dues_base_in {
    int year;
    int from_month;             /* 1..12 */
    const char *category;       /* rules/dues_rules.h code */
    const char *base;           /* 元, for employed/annual_salary/retiree; NULL otherwise */
    const char *quarter_income; /* 元, self-employed: previous quarter's total net income */
    const char *note;
    const char *source; /* "entered" (default) or "import" */
};
/*
 * Record the base of a member for a year from a month (replacing one for
 * the same year and month). The category needs a base (employed,
 * annual_salary, retiree: "base"; self_employed: "quarter_income", averaged
 * over 3 months) or takes none (farmer, student, ...: a base given is
 * DJ_EINVAL). A within-year change (from_month > 1) follows
 * dues.base.midyear_change for the branch. Years 2008..today's year + 1.
 * Audited as dues.base.
 */
int dj_dues_base_set(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                     const struct dj_dues_base_in *in, struct dj_err *err);

/* The dues period (POST /api/dues/members/{id}/account). */
struct dj_dues_account_in {
    const char *start_month; /* "YYYY-MM" or NULL/"" (default: 入党日期's month) */
    const char *stop_month;  /* "YYYY-MM" or NULL/"" */
    const char *stop_reason; /* "transfer_out" or "other"; required with stop_month */
    const char *note;
};
int dj_dues_account_set(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                        const struct dj_dues_account_in *in, struct dj_err *err);

/* A relief (POST /api/dues/members/{id}/reliefs). */
struct dj_dues_relief_in {
    const char *kind; /* reduce | waive | excuse */
    const char *from_month, *to_month;
    const char *monthly_amount; /* reduce: 元 */
    int64_t approval_org_id;    /* reduce/waive: an organisation above the member's branch */
    const char *approval_doc;   /* reduce/waive: the approval's document number */
    const char *approved_on;    /* reduce/waive: YYYY-MM-DD, not in the future */
    const char *reason;         /* required */
};
int dj_dues_relief_add(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                       const struct dj_dues_relief_in *in, int64_t *id, struct dj_err *err);

/* A payment (POST /api/dues/members/{id}/payments). */
struct dj_dues_payment_in {
    const char *from_month; /* "YYYY-MM" */
    int months;             /* 1..24 */
    const char *paid_on;    /* YYYY-MM-DD, not in the future */
    const char *channel;    /* cash | bank | online */
    const char *receipt_no;
    bool consent;       /* the branch agreed to months ahead or behind */
    const char *payer;  /* self (default) | relative | member */
    const char *amount; /* optional: must equal the derived amount */
    const char *extra;  /* optional voluntary extra, 元 */
    const char *note;
};
/*
 * Record a payment: every month in the dues period, not yet covered, with
 * a base on record; back-payment ≤ dues.backpay.max_months and prepayment ≤
 * dues.prepay.max_months (consent needed for any month but the payment's
 * own); the amount is the derived sum (a given amount must equal it); an
 * extra ≥ 1000 元 is flagged central. No 垫交 (payer "organisation") and no
 * wage deduction (channel "wage"/"payroll"/"deduction"): DJ_EINVAL saying
 * so. Audited as dues.payment. *out gets the stored row.
 */
int dj_dues_payment_add(struct dj_db *db, const struct dj_actor *actor, int64_t member_id,
                        const struct dj_dues_payment_in *in, struct dj_arena *arena,
                        struct dj_dues_payment_row *out, struct dj_err *err);

/*
 * The monthly amount a branch sets for its farmer members, from a month on
 * (POST /api/orgs/{id}/dues/farmer-rate): org_id must be a 党支部 kind in
 * the actor's write scope; amount 0.2–1 元 (dj_dues_rule_farmer_amount).
 * Without one, dues.farmer.monthly_fen (L, per deployment or 党委) applies.
 * Audited as dues.farmer_rate (record type "org").
 */
int dj_dues_farmer_rate_set(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                            const char *from_month, const char *amount, struct dj_err *err);
/* The rates a branch has set, oldest first (readers of the organisation). */
int dj_dues_farmer_rates(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                         struct dj_arena *arena, struct dj_dues_farmer_rate **rows, int *n,
                         struct dj_err *err);

/*
 * Void a payment recorded in error (POST /api/dues/payments/{id}/void): its
 * months are released (unpaid again), the row stays with the date and the
 * reason (required, ≤ 200 characters). Writers of the member's branch; a
 * payment out of scope and a missing one give the same DJ_EPERM; voiding
 * twice is DJ_ECONFLICT. Audited as dues.payment_void.
 */
int dj_dues_payment_void(struct dj_db *db, const struct dj_actor *actor, int64_t payment_id,
                         const char *reason, struct dj_err *err);

/* One member's line on a branch's monthly collection sheet. */
struct dj_dues_sheet_row {
    struct dj_dues_member member;
    struct dj_dues_month month; /* the sheet's month */
    int paid_through_idx;
    int run; /* consecutive unpaid months ending last month */
    enum dj_dues_arrears_level level;
};
/* Members under org_id with the sheet's month in their dues period (on the roll at the time). */
int dj_dues_sheet(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, int month_idx,
                  struct dj_arena *arena, struct dj_dues_sheet_row **rows, int *n,
                  struct dj_err *err);

/* Members under org_id in arrears (run ≥ the warning threshold) on `on`, longest run first. */
int dj_dues_arrears(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                    struct dj_date on, struct dj_arena *arena, struct dj_dues_sheet_row **rows,
                    int *n, struct dj_err *err);

/* The bases of the members under org_id for a year: one line per member. */
struct dj_dues_base_line {
    struct dj_dues_member member;
    struct dj_dues_month month; /* the month shown (this month in the current year, else January) */
    int nrows;
    struct dj_dues_base_row *rows; /* the year's rows */
};
int dj_dues_bases(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, int year,
                  struct dj_arena *arena, struct dj_dues_base_line **lines, int *n,
                  struct dj_err *err);

/* Subtree report for a year: by branch and by month. */
struct dj_dues_report_branch {
    int64_t org_id;
    const char *org_name, *org_path;
    int members; /* with at least one due month in the year */
    int64_t due[12], paid[12], outstanding[12];
    int64_t due_total, paid_total, outstanding_total;
};
struct dj_dues_report {
    int64_t org_id;
    const char *org_name;
    int year;
    struct dj_dues_report_branch *branches;
    int nbranches;
    struct dj_dues_report_branch total; /* org_id 0 */
    int64_t collected_fen;              /* regular dues paid in the year (by payment date) */
    int64_t extra_fen;                  /* voluntary extras under the central threshold */
    int64_t central_fen;                /* one-off extras ≥ 1000 元: all to the Centre */
    int64_t remit_upper_fen;            /* (collected + extra) × dues.remit.upper_bp */
    int32_t remit_upper_bp;
    int npayments;
    int no_base; /* due months without a base on record */
};
int dj_dues_report(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, int year,
                   struct dj_arena *arena, struct dj_dues_report *out, struct dj_err *err);

/* One member's line on the annual disclosure. */
struct dj_dues_disclosure_line {
    int64_t member_id;
    const char *name;
    const char *org_name;
    int months_due, months_paid;
    int64_t due_fen, paid_fen, extra_fen;
};
/*
 * The organisation's dues account for a year (党费使用). Money is held in
 * pools: each 党支部 keeps (100% − dues.remit.upper_bp) of what it collects
 * (L; default 0: it hands everything up) and spends from that; an
 * organisation above (党委, 党总支, 党工委: the 基层党委 that keeps the dues)
 * holds what its branches hand up plus what it collects itself, and spends
 * from that. For org O and a year:
 *   collected    regular dues + voluntary extras not for the Centre collected
 *                in O's subtree, by payment date (= the report's collected + extra);
 *   kept_below   (not a branch) the share the branches below keep;
 *   remitted     (a branch) the share handed to the 基层党委;
 *   spent        spendings of O's pool (a branch: its own; otherwise those of
 *                organisations in the subtree that are not branches);
 *   carried      the balance at the end of the previous year (all years);
 *   balance      carried + collected − kept_below − remitted − spent.
 * by_purpose: spent by dict dues_purpose in dj_dues_purposes order.
 */
#define DJ_DUES_NPURPOSES 6
struct dj_dues_funds {
    int year;
    bool branch; /* a 党支部 (remits upward) */
    int32_t remit_bp; /* a branch: dues.remit.upper_bp in force at the year's end */
    int64_t carried_fen, collected_fen, kept_below_fen, remitted_fen, spent_fen, balance_fen;
    int64_t by_purpose[DJ_DUES_NPURPOSES];
};
/* The purpose codes (dict dues_purpose), in order. */
extern const char *const dj_dues_purposes[DJ_DUES_NPURPOSES];

struct dj_dues_disclosure {
    struct dj_dues_report report;
    struct dj_dues_disclosure_line *lines;
    int nlines;
    struct dj_dues_funds funds;
    struct dj_dues_spending_row *spendings; /* the year's, not voided, newest first */
    int nspendings;
};
int dj_dues_disclosure(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, int year,
                       struct dj_arena *arena, struct dj_dues_disclosure *out, struct dj_err *err);
/* The disclosure as a PDF appended to `out`. */
int dj_dues_disclosure_pdf(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, int year,
                           struct dj_arena *arena, struct dj_buf *out, struct dj_err *err);

/* ---- 党费使用 ---------------------------------------------------------- */

struct dj_dues_attachment {
    const char *name, *mime, *sha256;
    int64_t size_bytes;
};
#define DJ_DUES_MAX_FILES 20

struct dj_dues_spending_in {
    const char *spent_on;     /* YYYY-MM-DD, not in the future */
    const char *purpose;      /* dict dues_purpose */
    const char *amount;       /* 元, > 0, at most two decimals */
    const char *voucher_no;   /* 凭证号, required */
    const char *description;  /* what for, required */
    const char *approved_by;  /* who approved (党委会, 支委会, ...), required */
    const char *approval_doc; /* the document or meeting-record number, required */
    const char *approved_on;  /* YYYY-MM-DD, not after spent_on */
    const char *note;
    const struct dj_dues_attachment *files;
    int nfiles;
};
/*
 * Record a spending of the organisation org_id (DJ_PERM_WRITE on it). The
 * amount may not exceed what the organisation has (dj_dues_funds balance of
 * the year spent and of every later year up to this one): DJ_EINVAL naming
 * "amount" with the figure available. A 党支部 handing all its dues up has
 * nothing to spend: the 基层党委 spends, or delegates by letting its branches
 * keep a share (dues.remit.upper_bp below 100% for them). Audited as
 * dues.spend (record type dues_spending).
 */
int dj_dues_spend(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                  const struct dj_dues_spending_in *in, struct dj_arena *arena,
                  struct dj_dues_spending_row *out, struct dj_err *err);
/* Void a spending recorded in error (the row stays); audited dues.spend_void. */
int dj_dues_spending_void(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                          const char *reason, struct dj_err *err);
/* The account of org_id for `year` (0 = this year) and the spendings under it that year. */
int dj_dues_spendings(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, int year,
                      struct dj_arena *arena, struct dj_dues_funds *funds,
                      struct dj_dues_spending_row **rows, int *n, struct dj_err *err);

/*
 * The arrears lister for the reminder scheduler (svc/deadline.h): for each
 * member in the scope on the roll, the consecutive unpaid run as of `to`;
 * kind "dues.arrears_warning" due on the first day of the month after the
 * warning_months-th unpaid month, and "dues.lapse_candidate" (a 自行脱党
 * candidate for a person to decide; none when a good reason is on record)
 * after the lapse_months-th; key "member:<id>:from:<YYYY-MM>". Never
 * changes a status. One grouped pass: the latest paid month per member
 * (one index seek each) plus the subtree's reliefs.
 */
int dj_dues_arrears_deadlines(struct dj_db *db, const struct dj_scope *scope, struct dj_date from,
                              struct dj_date to, dj_deadline_emit emit, void *ctx,
                              struct dj_err *err);
/*
 * The same items by the former algorithm (each member's months walked back
 * over every paid month loaded): the reference for the equivalence test and
 * the benchmark. Not for production use (slower on large subtrees).
 */
int dj_dues_arrears_deadlines_walk(struct dj_db *db, const struct dj_scope *scope,
                                   struct dj_date from, struct dj_date to, dj_deadline_emit emit,
                                   void *ctx, struct dj_err *err);

#endif
