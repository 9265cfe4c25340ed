/*
 * remind.h (svc) - the reminder scheduler, its delivery of e-mail and
 * webhook copies, the in-app inbox, and the daily thread inside `serve`.
 *
 * A run for date D calls every registered source's lister
 * (svc/remind_sources.h) for [D, D + lead] over the whole deployment and
 * files one inbox entry per item and recipient, with the idempotency key
 * (kind, key, due, user, stage) held by a UNIQUE constraint: a second run
 * for the same date, or a run whose window overlaps an earlier one, inserts
 * nothing new. One write transaction; one audit row "remind.run" with the
 * counts when something was created (a run that creates nothing writes
 * nothing, so the daily run of an idle deployment leaves no trace).
 *
 * Recipients of an item whose responsible organisation has path P:
 *   1. accounts with org_admin or branch_admin bound to P itself;
 *   2. walking up from P's parent: the admins of the first upper
 *      organisation that has any, but not beyond the nearest 基层党委
 *      (kind committee, work_committee or community_committee) - the walk
 *      stops there even when it has none;
 *   3. when 1 and 2 found nobody, the admins of the nearest upper
 *      organisation that has any (so no item is lost);
 *   4. for an item about a member, the member's own linked account.
 * Disabled accounts are skipped; each user gets one entry per item.
 *
 * Channels: with remind.smtp_host set, every new entry of a user with an
 * e-mail address gets a pending "email" delivery; with remind.webhook_url
 * set, every new entry a "webhook" delivery. dj_remind_deliver() sends the
 * due ones (outside any transaction); a failure counts an attempt and
 * retries after 60 s * 2^(attempts-1) (at most a day), giving up as
 * "failed" after remind.max_attempts. After one failure of a channel the
 * rest of that channel waits for the next run, so a dead gateway costs one
 * timeout per run.
 */
#ifndef DJ_SVC_REMIND_H
#define DJ_SVC_REMIND_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/config.h"
#include "base/date.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/db.h"
#include "store/remind.h"
#include "svc/deadline.h"
#include "svc/remind_sources.h"

struct dj_remind_stats {
    int64_t items;        /* items listed by the sources */
    int64_t created;      /* new inbox entries */
    int64_t existing;     /* entries that already existed (idempotency) */
    int64_t deliveries;   /* new pending deliveries */
    int64_t no_recipient; /* items nobody could be told about */
};

/*
 * Run the registered sources for date D (sysadmin only: the CLI operator or
 * the scheduler thread). cfg decides which channels get deliveries.
 */
int dj_remind_run(struct dj_db *db, const struct dj_actor *actor, const struct dj_config *cfg,
                  struct dj_date d, struct dj_remind_stats *out, struct dj_err *err);

/* The same over another table of sources (tests). */
int dj_remind_run_sources(struct dj_db *db, const struct dj_actor *actor,
                          const struct dj_config *cfg, const struct dj_remind_source *sources,
                          struct dj_date d, struct dj_remind_stats *out, struct dj_err *err);

/*
 * The recipients of an item (the rule above), deduplicated, into users
 * (arena); for tests and `remind list`.
 */
int dj_remind_recipients(struct dj_db *db, const char *org_path, int64_t member_id,
                         struct dj_arena *arena, int64_t **users, int *n, struct dj_err *err);

struct dj_deliver_stats {
    int64_t sent, retry, failed, skipped;
};

/*
 * Attempt the pending deliveries due at `now` (unix seconds), at most 500.
 * `stop`, when non-NULL and set, ends the loop between deliveries.
 */
int dj_remind_deliver(struct dj_db *db, const struct dj_config *cfg, int64_t now, atomic_bool *stop,
                      struct dj_deliver_stats *out, struct dj_err *err);

/* ---- the inbox: always the acting user's own entries ---- */

#define DJ_INBOX_MAX_LIMIT 200

int dj_inbox_list(struct dj_db *db, const struct dj_actor *actor, bool unread_only, int64_t limit,
                  int64_t offset, struct dj_arena *arena, struct dj_inbox_row **rows, int *n,
                  int64_t *total, struct dj_err *err);
int dj_inbox_count(struct dj_db *db, const struct dj_actor *actor, int64_t *unread, int64_t *total,
                   struct dj_err *err);
/* DJ_ENOTFOUND "消息不存在" for another user's entry and a missing one alike. */
int dj_inbox_mark_read(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                       struct dj_err *err);
int dj_inbox_mark_all_read(struct dj_db *db, const struct dj_actor *actor, int64_t *changed,
                           struct dj_err *err);

/*
 * Set the e-mail address of user_id (NULL or "" clears): the user themself,
 * or a sysadmin. Audited as user.email. DJ_EINVAL naming "email".
 */
int dj_remind_set_email(struct dj_db *db, const struct dj_actor *actor, int64_t user_id,
                        const char *email, struct dj_err *err);

/* ---- the daily thread inside `dangjian serve` ---- */

struct dj_remind_daemon;

/*
 * Start the thread (when cfg->remind_enabled): it runs for today at once,
 * then every day at cfg->remind_hour (local time at the configured UTC
 * offset), each time followed by the deliveries. cfg must outlive it.
 * *out is NULL when disabled.
 */
int dj_remind_daemon_start(const struct dj_config *cfg, struct dj_remind_daemon **out,
                           struct dj_err *err);
/* Ask the thread to stop and join it; NULL is a no-op. */
void dj_remind_daemon_stop(struct dj_remind_daemon *d);

/* Seconds from unix time `now` to the next local `hour`:00 (1..86400). */
int64_t dj_remind_next_delay(int64_t now, int utc_offset_minutes, int hour);

/* "overdue", "due" or "info": the level as stored in the inbox and sent by the API. */
const char *dj_deadline_level_name(enum dj_deadline_level l);

#endif
