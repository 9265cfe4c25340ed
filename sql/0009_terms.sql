-- 0009 terms of office and elections (换届): one row per term (届) of an
-- organisation, with the term length in force for that election stored on
-- the row (2018 任期意见: a body elected before 2018-07 keeps its old term),
-- the approved extension, the upper organisation's reminder and the
-- 换届请示 it received, and the election result with one row per candidate.

CREATE TABLE org_terms (
    id                   INTEGER PRIMARY KEY,
    org_id               INTEGER NOT NULL REFERENCES orgs(id),
    seq                  INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 999),   -- 届次
    elected_on           TEXT NOT NULL,                  -- 选举日期
    term_years           INTEGER NOT NULL CHECK (term_years BETWEEN 1 AND 10), -- 任期（年），按当届
    term_rule            TEXT NOT NULL,                  -- rule id that gave the length, or 'legacy'
    expires_on           TEXT NOT NULL,                  -- 届满日期 = elected_on + term_years
    -- 延期换届 approved by the upper organisation
    extended_until       TEXT,                           -- 批准延期至
    extension_approved_on TEXT,                          -- 批准日期
    extension_org_id     INTEGER REFERENCES orgs(id),    -- 批准组织 (the upper organisation)
    extension_approver   TEXT,                           -- 批准人
    extension_doc        TEXT,                           -- 批准文号
    extension_reason     TEXT,
    -- what the upper organisation recorded before the next election
    reminder_sent_on     TEXT,                           -- 换届提醒 sent
    reminder_note        TEXT,
    request_received_on  TEXT,                           -- 换届请示 received
    request_doc          TEXT,
    report_received_on   TEXT,                           -- 选举结果报告 received (for this term's election)
    -- the election result (NULL for terms recorded without one, e.g. legacy data)
    expected_voters      INTEGER CHECK (expected_voters IS NULL OR expected_voters >= 1), -- 应到会
    present_voters       INTEGER CHECK (present_voters IS NULL OR present_voters >= 0),   -- 实到会
    seats                INTEGER CHECK (seats IS NULL OR seats >= 1),                      -- 应选
    candidates           INTEGER CHECK (candidates IS NULL OR candidates >= 1),            -- 候选人数
    note                 TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    UNIQUE (org_id, seq)
) STRICT;
CREATE INDEX org_terms_org ON org_terms(org_id, seq);

CREATE TABLE term_candidates (
    id          INTEGER PRIMARY KEY,
    term_id     INTEGER NOT NULL REFERENCES org_terms(id),
    member_id   INTEGER REFERENCES members(id),
    person_name TEXT NOT NULL,
    post        TEXT NOT NULL CHECK (post IN ('secretary', 'deputy_secretary', 'organization',
                    'propaganda', 'discipline', 'member')),   -- the post if elected
    yes_votes   INTEGER NOT NULL CHECK (yes_votes >= 0),
    elected     INTEGER NOT NULL DEFAULT 0,
    post_id     INTEGER REFERENCES org_posts(id)              -- the post the election created
) STRICT;
CREATE INDEX term_candidates_term ON term_candidates(term_id);
