-- 0007 组织关系接转 (membership transfers), 流动党员 (mobile members), the contact
-- log, 失联排查 (lost-contact search), 自行脱党 grounds and recorded status
-- decisions (docs/transfers.md). Dates are YYYY-MM-DD, months YYYY-MM.

-- One transfer end to end. kind: internal = both sides in this deployment;
-- out = the target is outside (recorded by name); in = the source is outside
-- (the receiving side registers the letter it was handed).
CREATE TABLE transfers (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('internal', 'out', 'in')),
    category         TEXT NOT NULL CHECK (category IN ('in_province', 'cross_province')), -- 转接类别
    state            TEXT NOT NULL CHECK (state IN ('requested', 'approved', 'issued', 'received',
                         'completed', 'returned', 'cancelled', 'expired')),
    member_id        INTEGER REFERENCES members(id),  -- NULL for an inbound one until received
    member_name      TEXT NOT NULL,                   -- 姓名 (copied)
    gender           TEXT,                            -- 性别 (copied, dict gender)
    id_enc           TEXT,                            -- 身份证号码, sealed (inbound from outside)
    member_category  TEXT,                            -- full | probationary (copied)
    joined_on        TEXT,                            -- 入党日期 (copied)
    confirmed_on     TEXT,                            -- 转正日期 (copied)
    from_org_id      INTEGER REFERENCES orgs(id),     -- sending branch (NULL when outside)
    from_path        TEXT,
    from_name        TEXT NOT NULL,                   -- 原党组织名称
    approver_org_id  INTEGER REFERENCES orgs(id),     -- the sending 基层党委 (NULL when outside)
    approver_path    TEXT,
    to_org_id        INTEGER REFERENCES orgs(id),     -- receiving branch (NULL when outside)
    to_path          TEXT,
    to_name          TEXT NOT NULL,                   -- 目标党组织名称
    reason           TEXT,                            -- 描述信息 (转出原因)
    requested_on     TEXT NOT NULL,
    approved_on      TEXT,
    issued_on        TEXT,                            -- 介绍信 date
    letter_no        TEXT,                            -- 介绍信编号
    valid_until      TEXT,                            -- 有效期至 (inclusive)
    dues_paid_to     TEXT,                            -- 党费交至 YYYY-MM
    received_on      TEXT,                            -- 报到/接收 date
    receipt_on       TEXT,                            -- 回执 returned
    closed_on        TEXT,                            -- returned / cancelled / expired
    close_reason     TEXT,
    postpone_months  INTEGER NOT NULL DEFAULT 0,      -- 预备党员 转正 postponed (0..6)
    probation_end    TEXT,                            -- original 预备期 end (still counts)
    created_by       INTEGER,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX transfers_from ON transfers(from_path, state);
CREATE INDEX transfers_to ON transfers(to_path, state);
CREATE INDEX transfers_member ON transfers(member_id);
CREATE UNIQUE INDEX transfers_letter ON transfers(approver_org_id, letter_no)
    WHERE letter_no IS NOT NULL AND approver_org_id IS NOT NULL;
-- at most one open transfer per member
CREATE UNIQUE INDEX transfers_open ON transfers(member_id)
    WHERE member_id IS NOT NULL AND state IN ('requested', 'approved', 'issued', 'received');

-- 流动党员: home = the organisation holding the 组织关系 (流出地), host = where the
-- member takes part in organisational life (流入地). Either may be outside (name only).
CREATE TABLE flows (
    id           INTEGER PRIMARY KEY,
    side         TEXT NOT NULL CHECK (side IN ('out', 'in')), -- registered by the 流出 or 流入 side
    member_id    INTEGER REFERENCES members(id),  -- NULL for an in-flow member from outside
    member_name  TEXT NOT NULL,
    home_org_id  INTEGER REFERENCES orgs(id),
    home_path    TEXT,
    home_name    TEXT NOT NULL,                   -- 流出地党组织
    host_org_id  INTEGER REFERENCES orgs(id),
    host_path    TEXT,
    host_name    TEXT NOT NULL,                   -- 流入地党组织
    reason       TEXT NOT NULL,                   -- 外出原因
    destination  TEXT NOT NULL,                   -- 去向 (place, unit)
    card_no      TEXT,                            -- 流动党员活动证 number
    left_on      TEXT NOT NULL,                   -- 外出日期
    until_on     TEXT,                            -- expected return
    ended_on     TEXT,                            -- returned / ended
    end_reason   TEXT,
    created_by   INTEGER,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX flows_home ON flows(home_path);
CREATE INDEX flows_host ON flows(host_path);
CREATE INDEX flows_member ON flows(member_id);

-- 活动证 annual review (年审), one per flow and year.
CREATE TABLE flow_reviews (
    id          INTEGER PRIMARY KEY,
    flow_id     INTEGER NOT NULL REFERENCES flows(id),
    year        INTEGER NOT NULL,
    reviewed_on TEXT NOT NULL,
    result      TEXT NOT NULL CHECK (result IN ('passed', 'failed')),
    note        TEXT,
    created_by  INTEGER,
    created_at  TEXT NOT NULL,
    UNIQUE (flow_id, year)
) STRICT;

-- The contact log: any recorded contact with a member (流动党员 and 失联排查 alike).
CREATE TABLE member_contacts (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members(id),
    contacted_on TEXT NOT NULL,
    method       TEXT NOT NULL,                   -- 电话, 微信, 走访, 来信 ...
    note         TEXT,
    created_by   INTEGER,
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX member_contacts_member ON member_contacts(member_id, contacted_on);

-- 失联排查: search actions taken and their evidence.
CREATE TABLE lapse_searches (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    done_on     TEXT NOT NULL,
    action      TEXT NOT NULL,                    -- 联系家属, 函询单位, 公告寻找 ...
    evidence    TEXT NOT NULL,                    -- what shows it was done
    found       INTEGER NOT NULL DEFAULT 0,       -- the member was reached
    created_by  INTEGER,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX lapse_searches_member ON lapse_searches(member_id, done_on);

-- 自行脱党 grounds recorded by a person: since when the member has not attended
-- organisational life (life), not paid dues (dues) or not done assigned work (work).
-- good_reason = 1 records a 正当理由 (the ground does not count).
CREATE TABLE lapse_grounds (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    ground      TEXT NOT NULL CHECK (ground IN ('life', 'dues', 'work')),
    since_on    TEXT NOT NULL,
    good_reason INTEGER NOT NULL DEFAULT 0,
    note        TEXT,
    cleared_on  TEXT,                             -- the lapse ended (attended, paid ...)
    created_by  INTEGER,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX lapse_grounds_member ON lapse_grounds(member_id);

-- Recorded status decisions (失联, 停止党籍, 恢复党籍, 除名, 出党, 死亡): the system never
-- changes a status by itself; each change is a decision with date, decider and document.
CREATE TABLE status_decisions (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    decision    TEXT NOT NULL CHECK (decision IN ('lost_contact', 'suspend', 'restore', 'remove',
                    'leave', 'death')),
    decided_on  TEXT NOT NULL,
    decider     TEXT NOT NULL,                    -- the deciding organisation / meeting
    doc_no      TEXT NOT NULL,                    -- 文号
    reason      TEXT,
    leave_kind  TEXT,
    created_by  INTEGER,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX status_decisions_member ON status_decisions(member_id);

-- Every dated sign that a member is in touch, one row per signal; 失联排查 takes the
-- latest per member. After the merge the meetings and dues capabilities add theirs in a
-- later migration (DROP VIEW member_signals; CREATE VIEW ... with two more UNION ALL
-- arms: 'attendance' = a meeting attended, 'dues' = the first day of a paid month).
CREATE VIEW member_signals AS
    SELECT member_id, contacted_on AS on_date, 'contact' AS signal FROM member_contacts
    UNION ALL
    SELECT member_id, done_on, 'found' FROM lapse_searches WHERE found = 1
    UNION ALL
    SELECT f.member_id, r.reviewed_on, 'flow_review'
      FROM flow_reviews r JOIN flows f ON f.id = r.flow_id WHERE f.member_id IS NOT NULL
    UNION ALL
    SELECT member_id, received_on, 'transfer' FROM transfers
     WHERE member_id IS NOT NULL AND received_on IS NOT NULL;
