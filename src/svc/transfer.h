/*
 * transfer.h - 组织关系接转 (membership transfers): one record from request to
 * receipt, the 介绍信 (letter) and its 存根/主件/回执, the inboxes of both
 * sides, the 口袋党员 audit and the deadline lister (docs/transfers.md).
 *
 * Kinds: "internal" (both branches in this deployment, maybe in subtrees
 * that cannot see each other), "out" (the target is outside, recorded by
 * name), "in" (the source is outside: the receiving side registers the letter).
 *
 * Who sees a transfer: the sending side (READ on the sending branch's path)
 * and the receiving side (READ on the target branch's path); each sees the
 * transfer record only, nothing else of the other's subtree. Anyone else
 * gets DJ_EPERM "无权访问该组织的数据", the same as for a missing id.
 *
 * Who acts (DJ_PERM_WRITE on):
 *   create internal/out        the sending branch
 *   create in                  the target branch
 *   approve, issue             the sending 基层党委 (store: dj_store_transfer_approver)
 *   return before the letter   the sending 基层党委
 *   receive, receipt, return   the target branch (internal, in)
 *   receipt (out)              the sending 基层党委 records the returned slip
 *   cancel                     the sending branch (internal, out) / the target (in)
 *   expire                     the sending 基层党委 (internal, out) / the target (in)
 *   postpone                   the target branch, after receipt, 预备党员 only
 * Every write runs in one transaction with its audit row (record type
 * "transfer", actions transfer.create, transfer.approve, ...).
 */
#ifndef DJ_SVC_TRANSFER_H
#define DJ_SVC_TRANSFER_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/err.h"
#include "base/scope.h"
#include "rules/transfer_rules.h"
#include "store/db.h"
#include "store/transfer.h"
#include "svc/deadline.h"

/* Which sides the actor sees a transfer from (bit set). */
#define DJ_TSIDE_SEND 1u
#define DJ_TSIDE_RECV 2u

struct dj_transfer_new {
    const char *kind;            /* internal | out | in */
    const char *category;        /* in_province | cross_province; default in_province (internal) */
    int64_t member_id;           /* internal, out */
    int64_t to_org_id;           /* internal, in: the target 党支部 */
    const char *to_name;         /* out: the target organisation's name */
    const char *from_name;       /* in: the sending organisation's name */
    const char *reason;          /* 描述信息 */
    struct dj_date requested_on; /* unset = today */
    /* in: the member as on the letter, and the letter */
    const char *name, *id_number, *member_category;
    struct dj_date joined_on, confirmed_on;
    const char *letter_no;
    struct dj_date issued_on, valid_until;
    const char *dues_paid_to;
};

int dj_transfer_create(struct dj_db *db, const struct dj_actor *actor,
                       const struct dj_transfer_new *in, struct dj_arena *arena,
                       struct dj_transfer *out, struct dj_err *err);

/* One step (transfer_rules.h actions) with its inputs. */
struct dj_transfer_step {
    enum dj_transfer_action action;
    struct dj_date on;          /* date of the step (unset = today); not in the future */
    const char *letter_no;      /* issue: optional, generated as 组转〔YYYY〕N号 */
    struct dj_date valid_until; /* issue: optional, shorter than the rule's default */
    const char *dues_paid_to;   /* issue: 党费交至 YYYY-MM */
    const char *reason;         /* return, cancel: required */
};

int dj_transfer_act(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                    const struct dj_transfer_step *s, struct dj_arena *arena,
                    struct dj_transfer *out, struct dj_err *err);

/*
 * 转正 of a transferred 预备党员 postponed by `months` (1..6, rule
 * dev.transfer.postpone_max_months); the 预备期 still counts from the original
 * date (probation_end keeps the original end). Audited as transfer.postpone.
 */
int dj_transfer_postpone(struct dj_db *db, const struct dj_actor *actor, int64_t id, int months,
                         struct dj_arena *arena, struct dj_transfer *out, struct dj_err *err);

/* One transfer the actor sees; *sides = DJ_TSIDE_* bits. */
int dj_transfer_get(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                    struct dj_arena *arena, struct dj_transfer *out, unsigned *sides,
                    struct dj_err *err);

struct dj_transfer_query {
    const char *box; /* "out" | "in" | NULL (both) */
    const char
        *state;     /* a state, "open", "overdue" (issued past validity, or receipt late), NULL */
    int64_t org_id; /* narrow to this organisation's subtree (0 = the actor's scope) */
    int64_t member_id; /* 0 = any */
};
int dj_transfer_list(struct dj_db *db, const struct dj_actor *actor,
                     const struct dj_transfer_query *q, struct dj_arena *arena,
                     struct dj_transfer **rows, int *n, struct dj_err *err);

/* Whether a transfer is overdue on `today`: letter past validity without receipt (口袋党员), or
 * received and the 回执 not returned within transfer.receipt_return_days. */
bool dj_transfer_overdue(const struct dj_transfer *t, struct dj_date today);
bool dj_transfer_is_pocket(const struct dj_transfer *t, struct dj_date today);

/*
 * The national 转入党员名册 (box "in": received in `year`, by received_on) and
 * 转出党员名册 (box "out": letters issued in `year`, not returned or cancelled)
 * of the actor's scope (under org_id when given), oldest first. ID numbers
 * masked.
 */
struct dj_transfer_roster_row {
    const char *name, *gender_label, *id_masked, *category_label;
    struct dj_date on; /* 转入日期 / 转出日期 */
    const char *from_name, *to_name, *reason, *dues_paid_to;
};
int dj_transfer_roster(struct dj_db *db, const struct dj_actor *actor, const char *box, int year,
                       int64_t org_id, struct dj_arena *arena, struct dj_transfer_roster_row **rows,
                       int *n, struct dj_err *err);

/*
 * The 介绍信 as one value, for the HTML print page and the PDF renderer
 * below: every string in the national wording's blanks.
 */
struct dj_transfer_letter {
    int64_t transfer_id;
    const char *letter_no;
    const char *member_name;
    const char *gender_label;      /* 男 / 女 */
    int age;                       /* 0 when unknown */
    const char *nation_label;      /* 汉族 ... ("" when unknown) */
    const char *category_label;    /* 正式 / 预备 */
    const char *id_masked;         /* 140203********591X ("" when unknown) */
    const char *from_name;         /* 由 … */
    const char *to_name;           /* 去 … / the addressee */
    const char *issuer_name;       /* the issuing 基层党委 (盖章) */
    const char *transfer_category; /* 省（系统）内转接 / 跨省（系统）转接 */
    int dues_year, dues_month;     /* 党费交至 */
    struct dj_date issued_on, valid_until;
    int valid_days; /* valid_until - issued_on + 1 */
    struct dj_date received_on, receipt_on;
    const char *state;
};
int dj_transfer_letter(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                       struct dj_arena *arena, struct dj_transfer_letter *out, struct dj_err *err);

/*
 * The 介绍信 as a one-page A4 PDF appended to `out`: 存根, a dashed cut line,
 * 主件, a dashed cut line, 回执, in the national wording with the filled-in
 * blanks underlined (svc/transfer_letter.c). dj_transfer_letter_pdf checks
 * permissions like dj_transfer_letter, fills *letter, and prints only a valid
 * letter: issued, received or completed (before issue and after return,
 * cancellation or expiry DJ_ECONFLICT on "state"). The render alone takes a
 * filled struct and touches no database.
 */
int dj_transfer_letter_pdf(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                           struct dj_arena *arena, struct dj_transfer_letter *letter,
                           struct dj_buf *out, struct dj_err *err);
int dj_transfer_letter_render_pdf(const struct dj_transfer_letter *l, struct dj_arena *arena,
                                  struct dj_buf *out, struct dj_err *err);

/*
 * The month member_id has paid dues through, from the dues ledger
 * (dj_dues_paid_through): *known is false when no payment is on file (a
 * deployment that keeps dues elsewhere), and the letter's 党费交至 is then
 * the hand-entered month, checked only as a month not after the letter's.
 * When known, issuing a letter takes the month from the payments if none
 * is typed and refuses a typed month that differs from them.
 */
int dj_transfer_dues_paid_through(struct dj_db *db, int64_t member_id, struct dj_date on,
                                  bool *known, int *year, int *month, struct dj_err *err);

/*
 * For the 发展党员 pipeline: the 转正 postponement recorded for member_id by
 * its latest received transfer: *months (0 when none) and *original_end (the
 * 预备期 end it still counts from).
 */
int dj_transfer_probation_postponement(struct dj_db *db, int64_t member_id, int *months,
                                       struct dj_date *original_end, struct dj_err *err);

/*
 * Deadline lister (svc/deadline.h) for the reminder scheduler. Kinds:
 *   "transfer.letter_expiring"  issued letter, due = valid_until (DUE; OVERDUE once past:
 *                               the 口袋党员 case), org = the sending 基层党委;
 *   "transfer.receipt_overdue"  received, 回执 not returned, due = received_on +
 *                               transfer.receipt_return_days, org = the target branch.
 * key = "transfer:<id>".
 */
int dj_transfer_deadline_lister(struct dj_db *db, const struct dj_scope *scope, struct dj_date from,
                                struct dj_date to, dj_deadline_emit emit, void *ctx,
                                struct dj_err *err);

/* Active 党支部-kind organisations whose name contains q, any subtree (id and name only), for
 * choosing the target of an internal transfer. Needs WRITE somewhere. */
struct dj_transfer_target {
    int64_t id;
    const char *name;
};
int dj_transfer_targets(struct dj_db *db, const struct dj_actor *actor, const char *q,
                        struct dj_arena *arena, struct dj_transfer_target **rows, int *n,
                        struct dj_err *err);

#endif
