-- 0003 reminders: the in-app inbox filled by the reminder scheduler
-- (svc/remind.c), the outgoing deliveries of each entry over the optional
-- channels (SMTP e-mail, HTTP webhook), and users' e-mail addresses.
-- docs/reminders.md describes the scheduler, the recipient rule and retries.

-- Where e-mail reminders go (NULL = none).
ALTER TABLE users ADD COLUMN email TEXT;

-- One entry per (item, user, stage): the idempotency key. Running the
-- scheduler twice for the same date, or for overlapping windows, inserts
-- nothing new (INSERT ... ON CONFLICT DO NOTHING).
CREATE TABLE inbox (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL,              -- dj_deadline.kind: 'birthday', 'dev.talk_due', ...
    key         TEXT NOT NULL,              -- dj_deadline.key: 'member:42'
    due         TEXT NOT NULL,              -- YYYY-MM-DD
    stage       TEXT NOT NULL CHECK (stage IN ('ahead', 'day')), -- told in advance / on the day
    level       TEXT NOT NULL CHECK (level IN ('info', 'due', 'overdue')),
    org_id      INTEGER REFERENCES orgs(id),
    org_path    TEXT NOT NULL,
    member_id   INTEGER REFERENCES members(id),
    rule_id     TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL,
    run_date    TEXT NOT NULL,              -- the scheduler date that created it
    created_at  TEXT NOT NULL,
    read_at     TEXT,                       -- NULL = unread
    UNIQUE (kind, key, due, user_id, stage)
) STRICT;
CREATE INDEX inbox_user ON inbox(user_id, read_at, id);

-- Outgoing copies of inbox entries. status: pending (to send, from next_at
-- on), sent, failed (gave up after the configured attempts).
CREATE TABLE deliveries (
    id          INTEGER PRIMARY KEY,
    inbox_id    INTEGER NOT NULL REFERENCES inbox(id),
    channel     TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    next_at     INTEGER NOT NULL,           -- unix seconds: not before
    sent_at     TEXT,
    created_at  TEXT NOT NULL,
    UNIQUE (inbox_id, channel)
) STRICT;
CREATE INDEX deliveries_pending ON deliveries(status, next_at);

-- 政治生日 of the counted members by month-day (svc/birthday.c).
CREATE INDEX members_joined_md ON members(substr(joined_on, 6, 5))
    WHERE status IN ('normal', 'mobile', 'lost_contact');
