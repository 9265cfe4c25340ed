-- 0004 党费 (party dues): yearly bases per member, the dues period of each
-- member, hardship reductions/waivers and good reasons, payments and the
-- months each payment covers. Months are 'YYYY-MM' text; money is fen.
-- Monthly amounts are never stored as typed figures: they are derived from
-- the base and the rule table (rules/dues_rules.c) and copied into
-- dues_payment_months only when a payment covers the month.

-- The base (计算基数) of a member from a month of a year until the next row.
CREATE TABLE dues_bases (
    id                  INTEGER PRIMARY KEY,
    member_id           INTEGER NOT NULL REFERENCES members(id),
    year                INTEGER NOT NULL CHECK (year BETWEEN 2008 AND 9999),
    from_month          INTEGER NOT NULL CHECK (from_month BETWEEN 1 AND 12),
    category            TEXT NOT NULL,       -- rules/dues_rules.h category code
    base_fen            INTEGER,             -- NULL for fixed-amount categories
    quarter_income_fen  INTEGER,             -- self-employed: previous quarter's total net income
    source              TEXT NOT NULL DEFAULT 'entered' CHECK (source IN ('entered', 'import')),
    note                TEXT,
    created_by          INTEGER,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    UNIQUE (member_id, year, from_month)
) STRICT;

-- The dues period of a member when it differs from the default (入党日期's month
-- until leaving/death/suspension): start_month for a member transferred in (the
-- month after 党费交至 on the letter) or the month the ledger was opened;
-- stop_month for a transfer out (the 党费交至 month of the letter).
CREATE TABLE dues_accounts (
    member_id    INTEGER PRIMARY KEY REFERENCES members(id),
    start_month  TEXT,
    stop_month   TEXT,
    stop_reason  TEXT CHECK (stop_reason IS NULL OR stop_reason IN ('transfer_out', 'other')),
    note         TEXT,
    updated_at   TEXT NOT NULL
) STRICT;

-- Hardship reductions and waivers (上级党委批准, on record) and good reasons
-- for not paying (excuse: no lapse candidate; the months still count as unpaid).
CREATE TABLE dues_reliefs (
    id               INTEGER PRIMARY KEY,
    member_id        INTEGER NOT NULL REFERENCES members(id),
    kind             TEXT NOT NULL CHECK (kind IN ('reduce', 'waive', 'excuse')),
    from_month       TEXT NOT NULL,
    to_month         TEXT NOT NULL,
    monthly_fen      INTEGER,                 -- reduce: the reduced monthly amount
    approval_org_id  INTEGER REFERENCES orgs(id), -- reduce/waive: the approving upper committee
    approval_doc     TEXT,                    -- its document number
    approved_on      TEXT,
    reason           TEXT NOT NULL,
    created_by       INTEGER,
    created_at       TEXT NOT NULL
) STRICT;
CREATE INDEX dues_reliefs_member ON dues_reliefs(member_id, from_month);

CREATE TABLE dues_payments (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members(id),
    org_id       INTEGER NOT NULL REFERENCES orgs(id),  -- collecting branch (the member's then)
    org_path     TEXT NOT NULL,
    from_month   TEXT NOT NULL,
    months       INTEGER NOT NULL CHECK (months BETWEEN 1 AND 24),
    amount_fen   INTEGER NOT NULL CHECK (amount_fen >= 0),   -- the regular dues for the months
    extra_fen    INTEGER NOT NULL DEFAULT 0 CHECK (extra_fen >= 0), -- voluntary extra
    central      INTEGER NOT NULL DEFAULT 0,   -- extra >= 1000 元: goes entirely to the Centre
    paid_on      TEXT NOT NULL,
    channel      TEXT NOT NULL CHECK (channel IN ('cash', 'bank', 'online')),
    receipt_no   TEXT,
    consent      INTEGER NOT NULL DEFAULT 0,   -- branch consent for months ahead or behind
    payer        TEXT NOT NULL DEFAULT 'self' CHECK (payer IN ('self', 'relative', 'member')),
    note         TEXT,
    created_by   INTEGER,
    created_at   TEXT NOT NULL,
    voided_on    TEXT,                         -- set when the payment was recorded in error
    void_reason  TEXT                          -- (its months are released, the row stays)
) STRICT;
CREATE INDEX dues_payments_member ON dues_payments(member_id, from_month);
CREATE INDEX dues_payments_path ON dues_payments(org_path, paid_on);

-- One row per month a payment covers: a month is paid at most once.
CREATE TABLE dues_payment_months (
    member_id   INTEGER NOT NULL REFERENCES members(id),
    month       TEXT NOT NULL,
    payment_id  INTEGER NOT NULL REFERENCES dues_payments(id),
    amount_fen  INTEGER NOT NULL,
    PRIMARY KEY (member_id, month)
) STRICT, WITHOUT ROWID;

-- The monthly amount a branch sets for its farmer members (0.2–1 元, art. 6), from a month on.
CREATE TABLE dues_farmer_rates (
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    from_month   TEXT NOT NULL,
    monthly_fen  INTEGER NOT NULL,
    created_by   INTEGER,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (org_id, from_month)
) STRICT, WITHOUT ROWID;
