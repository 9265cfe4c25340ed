-- 0016 党费使用 (the use of dues) and membership by month.
--
-- dues_spendings: what an organisation holding dues spent them on (中组发〔2008〕3号:
-- 党费主要用于培训党员、订阅党报党刊和教育资料、表彰先进、补助生活困难党员、
-- 补助受灾党员), each with its approval on record (who approved, the document or
-- meeting record, the date), a voucher number and attachment metadata. Amounts in
-- fen. A spending recorded in error is voided (the row stays).
CREATE TABLE dues_spendings (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),  -- the organisation that spent
    org_path      TEXT NOT NULL,                          -- its path (copied, kept on org moves)
    spent_on      TEXT NOT NULL,                          -- YYYY-MM-DD
    purpose       TEXT NOT NULL,                          -- dict dues_purpose
    amount_fen    INTEGER NOT NULL CHECK (amount_fen > 0),
    voucher_no    TEXT NOT NULL,                          -- 凭证号
    description   TEXT NOT NULL,                          -- what for
    approved_by   TEXT NOT NULL,                          -- who approved (党委会, 支委会, ...)
    approval_doc  TEXT NOT NULL,                          -- document or meeting-record number
    approved_on   TEXT NOT NULL,                          -- YYYY-MM-DD, not after spent_on
    attachments   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(attachments)),
    note          TEXT,
    created_by    INTEGER,
    created_at    TEXT NOT NULL,
    voided_on     TEXT,
    void_reason   TEXT
) STRICT;
CREATE INDEX dues_spendings_path ON dues_spendings(org_path, spent_on);

-- member_org_history: the branch a member left and when (one row per move). The
-- branch of a member in a month is the branch of the first move after that month,
-- or the current one: a member moved in July counts January–June under the old
-- branch and July onwards under the new one. Kept by a trigger on members.org_id
-- (every move path: 党员转移, 组织关系接转, import), backfilled from the
-- member.move audit rows.
CREATE TABLE member_org_history (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members(id),
    org_id     INTEGER NOT NULL REFERENCES orgs(id),     -- the branch left
    to_org_id  INTEGER REFERENCES orgs(id),               -- the branch moved to
    moved_at   TEXT NOT NULL                              -- UTC timestamp of the move
) STRICT;
CREATE INDEX member_org_history_member ON member_org_history(member_id, moved_at);
CREATE INDEX member_org_history_org ON member_org_history(org_id, moved_at);

CREATE TRIGGER member_org_history_move AFTER UPDATE OF org_id ON members
WHEN old.org_id IS NOT new.org_id
BEGIN
    INSERT INTO member_org_history (member_id, org_id, to_org_id, moved_at)
    VALUES (new.id, old.org_id, new.org_id, new.updated_at);
END;

INSERT INTO member_org_history (member_id, org_id, to_org_id, moved_at)
SELECT CAST(a.record_id AS INTEGER), json_extract(a.before_json, '$.org_id'),
       json_extract(a.after_json, '$.org_id'), a.at
  FROM audit_log a
 WHERE a.action = 'member.move'
   AND json_valid(a.before_json) AND json_valid(a.after_json)
   AND EXISTS (SELECT 1 FROM members m WHERE m.id = CAST(a.record_id AS INTEGER))
   AND EXISTS (SELECT 1 FROM orgs o WHERE o.id = json_extract(a.before_json, '$.org_id'))
   AND (json_extract(a.after_json, '$.org_id') IS NULL
        OR EXISTS (SELECT 1 FROM orgs o WHERE o.id = json_extract(a.after_json, '$.org_id')))
 ORDER BY a.id;
