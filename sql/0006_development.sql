-- 0006 发展党员 (member development): applicants from 入党申请书 to 正式党员,
-- the 25 steps as dated, attributed events, the 基层党委 review inbox, and the
-- yearly 发展 plan. Personal fields (*_enc) are sealed like members' (svc/crypt.c,
-- aad "dev.<key>"); id_blind is the blind index in domain "dev.id_number".

-- 留党察看 (rights not yet restored) until this date, inclusive: such a member cannot be
-- an 入党介绍人 (党章第五条). NULL = not under 留党察看.
ALTER TABLE members ADD COLUMN party_probation_until TEXT;

CREATE TABLE dev_applicants (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),   -- the branch that develops them
    org_path       TEXT NOT NULL,                          -- copy of the branch's path (scope)
    name           TEXT NOT NULL,                          -- 姓名
    id_enc         TEXT NOT NULL,                          -- 公民身份号码 (sealed)
    id_blind       TEXT NOT NULL,                          -- blind index of the normalised number
    gender         TEXT NOT NULL,                          -- dict gender (from the ID number)
    birth_date     TEXT NOT NULL,                          -- from the ID number
    nation         TEXT,                                   -- dict nation
    education      TEXT,                                   -- dict education
    job            TEXT,                                   -- 工作岗位 / 职业
    work_unit      TEXT,                                   -- 工作单位
    phone_enc      TEXT,                                   -- 联系电话 (sealed)
    leaving_on     TEXT,                                   -- expected date of leaving the unit
    stage          TEXT NOT NULL DEFAULT 'applicant' CHECK (stage IN
                       ('applicant', 'activist', 'candidate', 'probationary', 'full', 'cancelled')),
    applied_on     TEXT NOT NULL,                          -- step 1 递交入党申请书
    talked_on      TEXT,                                   -- step 2
    activist_on    TEXT,                                   -- step 3
    candidate_on   TEXT,                                   -- step 7
    admitted_on    TEXT,                                   -- step 15: 预备期 starts (入党日期)
    approved_on    TEXT,                                   -- step 17
    probation_end  TEXT,                                   -- 预备期满 (with any extension)
    extended_months INTEGER NOT NULL DEFAULT 0,            -- 延长预备期 (0 = none; once)
    conversion_meeting_on TEXT,                            -- step 23
    conversion_outcome TEXT,                               -- step 23: convert | cancel
    converted_on   TEXT,                                   -- 转正 = 预备期满 (党龄 from here)
    member_id      INTEGER REFERENCES members(id),         -- the member record from step 17
    last_step      INTEGER NOT NULL DEFAULT 1,             -- highest step on file
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX dev_applicants_path ON dev_applicants(org_path, stage);
CREATE INDEX dev_applicants_blind ON dev_applicants(id_blind);
-- one applicant in progress per ID number
CREATE UNIQUE INDEX dev_applicants_active ON dev_applicants(id_blind)
    WHERE stage NOT IN ('full', 'cancelled');

-- The steps on file: one row per recorded step (some repeat: 培养教育考察, 继续教育考察).
CREATE TABLE dev_events (
    id             INTEGER PRIMARY KEY,
    applicant_id   INTEGER NOT NULL REFERENCES dev_applicants(id),
    step           INTEGER NOT NULL CHECK (step BETWEEN 0 AND 25), -- 0 = 退回培养
    kind           TEXT NOT NULL,                          -- step code (svc/dev.c)
    on_date        TEXT NOT NULL,                          -- the date of the step
    meeting        TEXT,                                   -- which meeting decided it
    data           TEXT NOT NULL DEFAULT '{}',             -- step payload (votes, people, hours …)
    documents      TEXT NOT NULL DEFAULT '[]',             -- [{"name","ref"}] references to files
    note           TEXT,
    warning        TEXT,                                   -- e.g. a late talk (not a refusal)
    decided_by_org INTEGER REFERENCES orgs(id),            -- the approving 基层党委 (steps 13, 17, 24)
    user_id        INTEGER,                                -- who recorded it (NULL: CLI)
    username       TEXT NOT NULL,
    created_at     TEXT NOT NULL
) STRICT;
CREATE INDEX dev_events_applicant ON dev_events(applicant_id, step, on_date);

-- Steps a branch submits for the upper committee (预审, 审批, 转正审批).
CREATE TABLE dev_reviews (
    id             INTEGER PRIMARY KEY,
    applicant_id   INTEGER NOT NULL REFERENCES dev_applicants(id),
    step           INTEGER NOT NULL CHECK (step IN (13, 17, 24)),
    approver_org_id INTEGER NOT NULL REFERENCES orgs(id),  -- the 基层党委 with 审批权限
    approver_path  TEXT NOT NULL,
    org_path       TEXT NOT NULL,                          -- the applicant's branch path
    status         TEXT NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'approved', 'returned')),
    submitted_on   TEXT NOT NULL,
    submitted_by   TEXT NOT NULL,
    note           TEXT,
    documents      TEXT NOT NULL DEFAULT '[]',
    decided_on     TEXT,
    decided_by     TEXT,
    reason         TEXT,                                   -- why it was returned
    event_id       INTEGER REFERENCES dev_events(id),      -- the step recorded on approval
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX dev_reviews_approver ON dev_reviews(approver_path, status);
CREATE INDEX dev_reviews_branch ON dev_reviews(org_path, status);
CREATE INDEX dev_reviews_applicant ON dev_reviews(applicant_id, status);
-- one pending submission per applicant and step
CREATE UNIQUE INDEX dev_reviews_pending ON dev_reviews(applicant_id, step) WHERE status = 'pending';

-- The yearly 发展 plan of an organisation (计划发展 N 名, of which under 35 …).
CREATE TABLE dev_plans (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    org_path       TEXT NOT NULL,
    year           INTEGER NOT NULL,
    planned        INTEGER NOT NULL CHECK (planned >= 0),  -- 计划发展党员数
    under35        INTEGER NOT NULL DEFAULT 0 CHECK (under35 >= 0), -- of which 35 岁以下
    note           TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (org_id, year)
) STRICT;
CREATE INDEX dev_plans_path ON dev_plans(org_path, year);
