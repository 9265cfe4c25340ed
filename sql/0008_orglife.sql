-- 0008 organisational life (三会一课 and related records), their online review,
-- member exemptions, training hours, and the compliance engine's persisted state
-- (rule exemptions of an organisation, acknowledgements of findings).
-- docs/orglife.md and docs/compliance.md describe every table.

-- One record of organisational life. org_id is the organisation that held it
-- (a branch, or a 党小组 for kind 'group'); org_path is a copy of its path.
CREATE TABLE meetings (
    id                 INTEGER PRIMARY KEY,
    org_id             INTEGER NOT NULL REFERENCES orgs(id),
    org_path           TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('assembly', 'committee', 'group', 'lecture',
                           'theme_day', 'org_life', 'democratic_review', 'leadership_life',
                           'talk', 'training', 'village_weekly', 'village_monthly')),
    held_on            TEXT NOT NULL,                  -- YYYY-MM-DD
    place              TEXT,
    chair              TEXT,                           -- 主持人
    recorder           TEXT,                           -- 记录人
    lecturer           TEXT,                           -- 党课: 授课人
    by_secretary       INTEGER NOT NULL DEFAULT 0,     -- 党课 given by the branch 书记
    topic              TEXT NOT NULL,                  -- 主题
    agenda             TEXT,                           -- 议程
    minutes            TEXT,                           -- 会议记录
    decisions          TEXT,                           -- 决议
    hours              INTEGER NOT NULL DEFAULT 0,     -- 学时 credited to each member present
    expected_n         INTEGER NOT NULL DEFAULT 0,     -- 应到 (voting members; committee: 委员)
    present_n          INTEGER NOT NULL DEFAULT 0,     -- 实到 of those
    quorum_ok          INTEGER NOT NULL DEFAULT 1,     -- 0: failed quorum, does not count
    status             TEXT NOT NULL DEFAULT 'draft'
                           CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
    return_reason      TEXT,
    submitted_at       TEXT,
    reviewed_at        TEXT,
    reviewed_by        TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;
CREATE INDEX meetings_path ON meetings(org_path, kind, held_on);
CREATE INDEX meetings_review ON meetings(status, org_path);
CREATE INDEX meetings_org ON meetings(org_id, held_on);

-- Attendance: one row per person. state: present | absent (with reason) |
-- exempt (excluded from 应到 with the exemption's reason) | guest (列席, no vote).
CREATE TABLE meeting_attendance (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    member_id   INTEGER REFERENCES members(id),
    name        TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('present', 'absent', 'exempt', 'guest')),
    voting      INTEGER NOT NULL DEFAULT 0,   -- 有表决权 (正式党员, not exempt)
    reason      TEXT
) STRICT;
CREATE INDEX meeting_attendance_meeting ON meeting_attendance(meeting_id);
CREATE INDEX meeting_attendance_member ON meeting_attendance(member_id);

-- Motions voted on (党员大会): counts include written opinions sent in advance.
CREATE TABLE meeting_votes (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    motion       TEXT NOT NULL,
    yes          INTEGER NOT NULL,
    no           INTEGER NOT NULL,
    abstain      INTEGER NOT NULL,
    written_yes  INTEGER NOT NULL DEFAULT 0,
    written_no   INTEGER NOT NULL DEFAULT 0,
    passed       INTEGER NOT NULL
) STRICT;
CREATE INDEX meeting_votes_meeting ON meeting_votes(meeting_id);

-- Attachments: metadata only (the file store is another capability's).
CREATE TABLE meeting_attachments (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    mime        TEXT,
    size_bytes  INTEGER NOT NULL DEFAULT 0,
    sha256      TEXT
) STRICT;
CREATE INDEX meeting_attachments_meeting ON meeting_attachments(meeting_id);

-- Members excused from organisational life (教育管理条例 art. 23): old, ill,
-- disabled, 流动 with leave. They are left out of 应到 with the reason.
CREATE TABLE member_exemptions (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    org_path    TEXT NOT NULL,                 -- the member's branch path when recorded (scope)
    reason_kind TEXT NOT NULL CHECK (reason_kind IN ('old', 'ill', 'disabled', 'mobile', 'other')),
    reason      TEXT NOT NULL,
    approver    TEXT NOT NULL,
    start_on    TEXT NOT NULL,
    end_on      TEXT,                          -- NULL: open-ended
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX member_exemptions_member ON member_exemptions(member_id, start_on);
CREATE INDEX member_exemptions_path ON member_exemptions(org_path);

-- Training hours from outside the meeting records (a course run by the 县委党校 ...).
CREATE TABLE training_records (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    org_path    TEXT NOT NULL,
    held_on     TEXT NOT NULL,
    hours       INTEGER NOT NULL CHECK (hours > 0 AND hours <= 200),
    title       TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX training_records_member ON training_records(member_id, held_on);

-- Per organisation, kind and year, the records that count, per month: a1..a12
-- approved ones, s1..s12 submitted ones (counted only when
-- life.review.count_submitted is 1), quorum held. One row per organisation,
-- kind and year keeps a whole-city scan small. Kept by the triggers below; a
-- 党课 by the 书记 also counts under the pseudo-kind 'lecture_secretary'.
-- amask / smask carry the months as bits so a subtree scan reads two integers.
CREATE TABLE life_counts (
    org_path   TEXT NOT NULL,
    kind       TEXT NOT NULL,
    year       INTEGER NOT NULL,
    a1  INTEGER NOT NULL DEFAULT 0,
    a2  INTEGER NOT NULL DEFAULT 0,
    a3  INTEGER NOT NULL DEFAULT 0,
    a4  INTEGER NOT NULL DEFAULT 0,
    a5  INTEGER NOT NULL DEFAULT 0,
    a6  INTEGER NOT NULL DEFAULT 0,
    a7  INTEGER NOT NULL DEFAULT 0,
    a8  INTEGER NOT NULL DEFAULT 0,
    a9  INTEGER NOT NULL DEFAULT 0,
    a10 INTEGER NOT NULL DEFAULT 0,
    a11 INTEGER NOT NULL DEFAULT 0,
    a12 INTEGER NOT NULL DEFAULT 0,
    s1  INTEGER NOT NULL DEFAULT 0,
    s2  INTEGER NOT NULL DEFAULT 0,
    s3  INTEGER NOT NULL DEFAULT 0,
    s4  INTEGER NOT NULL DEFAULT 0,
    s5  INTEGER NOT NULL DEFAULT 0,
    s6  INTEGER NOT NULL DEFAULT 0,
    s7  INTEGER NOT NULL DEFAULT 0,
    s8  INTEGER NOT NULL DEFAULT 0,
    s9  INTEGER NOT NULL DEFAULT 0,
    s10 INTEGER NOT NULL DEFAULT 0,
    s11 INTEGER NOT NULL DEFAULT 0,
    s12 INTEGER NOT NULL DEFAULT 0,
    amask      INTEGER NOT NULL DEFAULT 0, -- bit m-1: a<m> > 0 (months with an approved record)
    smask      INTEGER NOT NULL DEFAULT 0, -- bit m-1: a<m> + s<m> > 0
    PRIMARY KEY (org_path, kind, year)
) STRICT, WITHOUT ROWID;

-- Per member and year: 学时 and 谈心谈话 from counting records and training records.
CREATE TABLE life_member_year (
    member_id   INTEGER NOT NULL,
    year        INTEGER NOT NULL,
    org_path    TEXT NOT NULL,         -- the member's branch
    hours_ok    INTEGER NOT NULL,      -- approved records + training records
    hours_sub   INTEGER NOT NULL,      -- submitted records
    talks_ok    INTEGER NOT NULL,
    talks_sub   INTEGER NOT NULL,
    PRIMARY KEY (member_id, year)
) STRICT, WITHOUT ROWID;
CREATE INDEX life_member_year_path ON life_member_year(year, org_path, hours_ok, hours_sub,
                                                       talks_ok, talks_sub);

CREATE TRIGGER life_counts_ai AFTER INSERT ON meetings
WHEN new.status IN ('submitted', 'approved') AND new.quorum_ok = 1 BEGIN
    INSERT INTO life_counts (org_path, kind, year, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, amask, smask)
    SELECT new.org_path, k.kind, CAST(substr(new.held_on, 1, 4) AS INTEGER),
           CAST(substr(new.held_on, 6, 2) AS INTEGER) = 1 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 2 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 3 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 4 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 5 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 6 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 7 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 8 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 9 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 10 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 11 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 12 AND new.status = 'approved',
           CAST(substr(new.held_on, 6, 2) AS INTEGER) = 1 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 2 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 3 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 4 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 5 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 6 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 7 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 8 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 9 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 10 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 11 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 12 AND new.status = 'submitted',
           CASE WHEN new.status = 'approved' THEN 1 << (CAST(substr(new.held_on, 6, 2) AS INTEGER) - 1) ELSE 0 END,
           1 << (CAST(substr(new.held_on, 6, 2) AS INTEGER) - 1)
    FROM (SELECT new.kind AS kind UNION ALL
          SELECT 'lecture_secretary' WHERE new.kind = 'lecture' AND new.by_secretary = 1) k
    WHERE true
    ON CONFLICT (org_path, kind, year) DO UPDATE SET a1 = a1 + excluded.a1, a2 = a2 + excluded.a2, a3 = a3 + excluded.a3, a4 = a4 + excluded.a4, a5 = a5 + excluded.a5, a6 = a6 + excluded.a6, a7 = a7 + excluded.a7, a8 = a8 + excluded.a8, a9 = a9 + excluded.a9, a10 = a10 + excluded.a10, a11 = a11 + excluded.a11, a12 = a12 + excluded.a12, s1 = s1 + excluded.s1, s2 = s2 + excluded.s2, s3 = s3 + excluded.s3, s4 = s4 + excluded.s4, s5 = s5 + excluded.s5, s6 = s6 + excluded.s6, s7 = s7 + excluded.s7, s8 = s8 + excluded.s8, s9 = s9 + excluded.s9, s10 = s10 + excluded.s10, s11 = s11 + excluded.s11, s12 = s12 + excluded.s12,
        amask = (((a1 + excluded.a1) > 0) << 0) | (((a2 + excluded.a2) > 0) << 1) | (((a3 + excluded.a3) > 0) << 2) | (((a4 + excluded.a4) > 0) << 3) | (((a5 + excluded.a5) > 0) << 4) | (((a6 + excluded.a6) > 0) << 5) | (((a7 + excluded.a7) > 0) << 6) | (((a8 + excluded.a8) > 0) << 7) | (((a9 + excluded.a9) > 0) << 8) | (((a10 + excluded.a10) > 0) << 9) | (((a11 + excluded.a11) > 0) << 10) | (((a12 + excluded.a12) > 0) << 11),
        smask = (((a1 + excluded.a1) + (s1 + excluded.s1) > 0) << 0) | (((a2 + excluded.a2) + (s2 + excluded.s2) > 0) << 1) | (((a3 + excluded.a3) + (s3 + excluded.s3) > 0) << 2) | (((a4 + excluded.a4) + (s4 + excluded.s4) > 0) << 3) | (((a5 + excluded.a5) + (s5 + excluded.s5) > 0) << 4) | (((a6 + excluded.a6) + (s6 + excluded.s6) > 0) << 5) | (((a7 + excluded.a7) + (s7 + excluded.s7) > 0) << 6) | (((a8 + excluded.a8) + (s8 + excluded.s8) > 0) << 7) | (((a9 + excluded.a9) + (s9 + excluded.s9) > 0) << 8) | (((a10 + excluded.a10) + (s10 + excluded.s10) > 0) << 9) | (((a11 + excluded.a11) + (s11 + excluded.s11) > 0) << 10) | (((a12 + excluded.a12) + (s12 + excluded.s12) > 0) << 11);
END;
CREATE TRIGGER life_counts_ad AFTER DELETE ON meetings
WHEN old.status IN ('submitted', 'approved') AND old.quorum_ok = 1 BEGIN
    UPDATE life_counts SET a1 = a1 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 1 AND old.status = 'approved'), a2 = a2 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 2 AND old.status = 'approved'), a3 = a3 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 3 AND old.status = 'approved'), a4 = a4 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 4 AND old.status = 'approved'), a5 = a5 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 5 AND old.status = 'approved'), a6 = a6 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 6 AND old.status = 'approved'), a7 = a7 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 7 AND old.status = 'approved'), a8 = a8 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 8 AND old.status = 'approved'), a9 = a9 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 9 AND old.status = 'approved'), a10 = a10 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 10 AND old.status = 'approved'), a11 = a11 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 11 AND old.status = 'approved'), a12 = a12 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 12 AND old.status = 'approved'), s1 = s1 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 1 AND old.status = 'submitted'), s2 = s2 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 2 AND old.status = 'submitted'), s3 = s3 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 3 AND old.status = 'submitted'), s4 = s4 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 4 AND old.status = 'submitted'), s5 = s5 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 5 AND old.status = 'submitted'), s6 = s6 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 6 AND old.status = 'submitted'), s7 = s7 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 7 AND old.status = 'submitted'), s8 = s8 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 8 AND old.status = 'submitted'), s9 = s9 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 9 AND old.status = 'submitted'), s10 = s10 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 10 AND old.status = 'submitted'), s11 = s11 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 11 AND old.status = 'submitted'), s12 = s12 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 12 AND old.status = 'submitted'),
        amask = (((a1 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 1 AND old.status = 'approved')) > 0) << 0) | (((a2 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 2 AND old.status = 'approved')) > 0) << 1) | (((a3 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 3 AND old.status = 'approved')) > 0) << 2) | (((a4 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 4 AND old.status = 'approved')) > 0) << 3) | (((a5 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 5 AND old.status = 'approved')) > 0) << 4) | (((a6 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 6 AND old.status = 'approved')) > 0) << 5) | (((a7 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 7 AND old.status = 'approved')) > 0) << 6) | (((a8 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 8 AND old.status = 'approved')) > 0) << 7) | (((a9 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 9 AND old.status = 'approved')) > 0) << 8) | (((a10 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 10 AND old.status = 'approved')) > 0) << 9) | (((a11 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 11 AND old.status = 'approved')) > 0) << 10) | (((a12 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 12 AND old.status = 'approved')) > 0) << 11),
        smask = (((a1 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 1 AND old.status = 'approved')) + (s1 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 1 AND old.status = 'submitted')) > 0) << 0) | (((a2 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 2 AND old.status = 'approved')) + (s2 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 2 AND old.status = 'submitted')) > 0) << 1) | (((a3 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 3 AND old.status = 'approved')) + (s3 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 3 AND old.status = 'submitted')) > 0) << 2) | (((a4 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 4 AND old.status = 'approved')) + (s4 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 4 AND old.status = 'submitted')) > 0) << 3) | (((a5 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 5 AND old.status = 'approved')) + (s5 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 5 AND old.status = 'submitted')) > 0) << 4) | (((a6 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 6 AND old.status = 'approved')) + (s6 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 6 AND old.status = 'submitted')) > 0) << 5) | (((a7 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 7 AND old.status = 'approved')) + (s7 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 7 AND old.status = 'submitted')) > 0) << 6) | (((a8 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 8 AND old.status = 'approved')) + (s8 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 8 AND old.status = 'submitted')) > 0) << 7) | (((a9 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 9 AND old.status = 'approved')) + (s9 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 9 AND old.status = 'submitted')) > 0) << 8) | (((a10 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 10 AND old.status = 'approved')) + (s10 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 10 AND old.status = 'submitted')) > 0) << 9) | (((a11 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 11 AND old.status = 'approved')) + (s11 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 11 AND old.status = 'submitted')) > 0) << 10) | (((a12 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 12 AND old.status = 'approved')) + (s12 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 12 AND old.status = 'submitted')) > 0) << 11)
    WHERE org_path = old.org_path AND year = CAST(substr(old.held_on, 1, 4) AS INTEGER)
      AND (kind = old.kind OR (kind = 'lecture_secretary' AND old.kind = 'lecture' AND old.by_secretary = 1));
END;
-- org_path is left out: only an organisation move changes it, and that rewrites
-- life_counts and life_member_year paths wholesale (store/org.c, dj_store_path_copies).
CREATE TRIGGER life_counts_au AFTER UPDATE OF status, quorum_ok, held_on, kind, by_secretary
ON meetings BEGIN
    UPDATE life_counts SET a1 = a1 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 1 AND old.status = 'approved'), a2 = a2 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 2 AND old.status = 'approved'), a3 = a3 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 3 AND old.status = 'approved'), a4 = a4 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 4 AND old.status = 'approved'), a5 = a5 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 5 AND old.status = 'approved'), a6 = a6 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 6 AND old.status = 'approved'), a7 = a7 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 7 AND old.status = 'approved'), a8 = a8 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 8 AND old.status = 'approved'), a9 = a9 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 9 AND old.status = 'approved'), a10 = a10 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 10 AND old.status = 'approved'), a11 = a11 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 11 AND old.status = 'approved'), a12 = a12 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 12 AND old.status = 'approved'), s1 = s1 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 1 AND old.status = 'submitted'), s2 = s2 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 2 AND old.status = 'submitted'), s3 = s3 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 3 AND old.status = 'submitted'), s4 = s4 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 4 AND old.status = 'submitted'), s5 = s5 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 5 AND old.status = 'submitted'), s6 = s6 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 6 AND old.status = 'submitted'), s7 = s7 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 7 AND old.status = 'submitted'), s8 = s8 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 8 AND old.status = 'submitted'), s9 = s9 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 9 AND old.status = 'submitted'), s10 = s10 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 10 AND old.status = 'submitted'), s11 = s11 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 11 AND old.status = 'submitted'), s12 = s12 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 12 AND old.status = 'submitted'),
        amask = (((a1 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 1 AND old.status = 'approved')) > 0) << 0) | (((a2 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 2 AND old.status = 'approved')) > 0) << 1) | (((a3 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 3 AND old.status = 'approved')) > 0) << 2) | (((a4 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 4 AND old.status = 'approved')) > 0) << 3) | (((a5 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 5 AND old.status = 'approved')) > 0) << 4) | (((a6 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 6 AND old.status = 'approved')) > 0) << 5) | (((a7 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 7 AND old.status = 'approved')) > 0) << 6) | (((a8 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 8 AND old.status = 'approved')) > 0) << 7) | (((a9 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 9 AND old.status = 'approved')) > 0) << 8) | (((a10 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 10 AND old.status = 'approved')) > 0) << 9) | (((a11 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 11 AND old.status = 'approved')) > 0) << 10) | (((a12 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 12 AND old.status = 'approved')) > 0) << 11),
        smask = (((a1 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 1 AND old.status = 'approved')) + (s1 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 1 AND old.status = 'submitted')) > 0) << 0) | (((a2 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 2 AND old.status = 'approved')) + (s2 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 2 AND old.status = 'submitted')) > 0) << 1) | (((a3 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 3 AND old.status = 'approved')) + (s3 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 3 AND old.status = 'submitted')) > 0) << 2) | (((a4 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 4 AND old.status = 'approved')) + (s4 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 4 AND old.status = 'submitted')) > 0) << 3) | (((a5 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 5 AND old.status = 'approved')) + (s5 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 5 AND old.status = 'submitted')) > 0) << 4) | (((a6 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 6 AND old.status = 'approved')) + (s6 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 6 AND old.status = 'submitted')) > 0) << 5) | (((a7 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 7 AND old.status = 'approved')) + (s7 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 7 AND old.status = 'submitted')) > 0) << 6) | (((a8 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 8 AND old.status = 'approved')) + (s8 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 8 AND old.status = 'submitted')) > 0) << 7) | (((a9 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 9 AND old.status = 'approved')) + (s9 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 9 AND old.status = 'submitted')) > 0) << 8) | (((a10 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 10 AND old.status = 'approved')) + (s10 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 10 AND old.status = 'submitted')) > 0) << 9) | (((a11 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 11 AND old.status = 'approved')) + (s11 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 11 AND old.status = 'submitted')) > 0) << 10) | (((a12 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 12 AND old.status = 'approved')) + (s12 - (CAST(substr(old.held_on, 6, 2) AS INTEGER) = 12 AND old.status = 'submitted')) > 0) << 11)
    WHERE old.status IN ('submitted', 'approved') AND old.quorum_ok = 1 AND org_path = old.org_path AND year = CAST(substr(old.held_on, 1, 4) AS INTEGER)
      AND (kind = old.kind OR (kind = 'lecture_secretary' AND old.kind = 'lecture' AND old.by_secretary = 1));
    INSERT INTO life_counts (org_path, kind, year, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, amask, smask)
    SELECT new.org_path, k.kind, CAST(substr(new.held_on, 1, 4) AS INTEGER),
           CAST(substr(new.held_on, 6, 2) AS INTEGER) = 1 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 2 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 3 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 4 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 5 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 6 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 7 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 8 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 9 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 10 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 11 AND new.status = 'approved', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 12 AND new.status = 'approved',
           CAST(substr(new.held_on, 6, 2) AS INTEGER) = 1 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 2 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 3 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 4 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 5 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 6 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 7 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 8 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 9 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 10 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 11 AND new.status = 'submitted', CAST(substr(new.held_on, 6, 2) AS INTEGER) = 12 AND new.status = 'submitted',
           CASE WHEN new.status = 'approved' THEN 1 << (CAST(substr(new.held_on, 6, 2) AS INTEGER) - 1) ELSE 0 END,
           1 << (CAST(substr(new.held_on, 6, 2) AS INTEGER) - 1)
    FROM (SELECT new.kind AS kind UNION ALL
          SELECT 'lecture_secretary' WHERE new.kind = 'lecture' AND new.by_secretary = 1) k
    WHERE new.status IN ('submitted', 'approved') AND new.quorum_ok = 1
    ON CONFLICT (org_path, kind, year) DO UPDATE SET a1 = a1 + excluded.a1, a2 = a2 + excluded.a2, a3 = a3 + excluded.a3, a4 = a4 + excluded.a4, a5 = a5 + excluded.a5, a6 = a6 + excluded.a6, a7 = a7 + excluded.a7, a8 = a8 + excluded.a8, a9 = a9 + excluded.a9, a10 = a10 + excluded.a10, a11 = a11 + excluded.a11, a12 = a12 + excluded.a12, s1 = s1 + excluded.s1, s2 = s2 + excluded.s2, s3 = s3 + excluded.s3, s4 = s4 + excluded.s4, s5 = s5 + excluded.s5, s6 = s6 + excluded.s6, s7 = s7 + excluded.s7, s8 = s8 + excluded.s8, s9 = s9 + excluded.s9, s10 = s10 + excluded.s10, s11 = s11 + excluded.s11, s12 = s12 + excluded.s12,
        amask = (((a1 + excluded.a1) > 0) << 0) | (((a2 + excluded.a2) > 0) << 1) | (((a3 + excluded.a3) > 0) << 2) | (((a4 + excluded.a4) > 0) << 3) | (((a5 + excluded.a5) > 0) << 4) | (((a6 + excluded.a6) > 0) << 5) | (((a7 + excluded.a7) > 0) << 6) | (((a8 + excluded.a8) > 0) << 7) | (((a9 + excluded.a9) > 0) << 8) | (((a10 + excluded.a10) > 0) << 9) | (((a11 + excluded.a11) > 0) << 10) | (((a12 + excluded.a12) > 0) << 11),
        smask = (((a1 + excluded.a1) + (s1 + excluded.s1) > 0) << 0) | (((a2 + excluded.a2) + (s2 + excluded.s2) > 0) << 1) | (((a3 + excluded.a3) + (s3 + excluded.s3) > 0) << 2) | (((a4 + excluded.a4) + (s4 + excluded.s4) > 0) << 3) | (((a5 + excluded.a5) + (s5 + excluded.s5) > 0) << 4) | (((a6 + excluded.a6) + (s6 + excluded.s6) > 0) << 5) | (((a7 + excluded.a7) + (s7 + excluded.s7) > 0) << 6) | (((a8 + excluded.a8) + (s8 + excluded.s8) > 0) << 7) | (((a9 + excluded.a9) + (s9 + excluded.s9) > 0) << 8) | (((a10 + excluded.a10) + (s10 + excluded.s10) > 0) << 9) | (((a11 + excluded.a11) + (s11 + excluded.s11) > 0) << 10) | (((a12 + excluded.a12) + (s12 + excluded.s12) > 0) << 11);
    -- per-member hours and talks move with the status (attendance is fixed outside draft/returned)
    UPDATE life_member_year SET
        hours_ok = hours_ok - (CASE WHEN old.status = 'approved' THEN old.hours ELSE 0 END),
        hours_sub = hours_sub - (CASE WHEN old.status = 'submitted' THEN old.hours ELSE 0 END),
        talks_ok = talks_ok - (old.kind = 'talk' AND old.status = 'approved'),
        talks_sub = talks_sub - (old.kind = 'talk' AND old.status = 'submitted')
    WHERE old.status IN ('submitted', 'approved') AND old.quorum_ok = 1
      AND year = CAST(substr(old.held_on, 1, 4) AS INTEGER)
      AND member_id IN (SELECT member_id FROM meeting_attendance
                        WHERE meeting_id = old.id AND state = 'present' AND member_id IS NOT NULL);
    INSERT INTO life_member_year
    SELECT a.member_id, CAST(substr(new.held_on, 1, 4) AS INTEGER), m.org_path,
           CASE WHEN new.status = 'approved' THEN new.hours ELSE 0 END,
           CASE WHEN new.status = 'submitted' THEN new.hours ELSE 0 END,
           new.kind = 'talk' AND new.status = 'approved',
           new.kind = 'talk' AND new.status = 'submitted'
    FROM meeting_attendance a JOIN members m ON m.id = a.member_id
    WHERE a.meeting_id = new.id AND a.state = 'present'
      AND new.status IN ('submitted', 'approved') AND new.quorum_ok = 1
    ON CONFLICT (member_id, year) DO UPDATE SET hours_ok = hours_ok + excluded.hours_ok,
        hours_sub = hours_sub + excluded.hours_sub, talks_ok = talks_ok + excluded.talks_ok,
        talks_sub = talks_sub + excluded.talks_sub;
END;
CREATE TRIGGER training_records_ai AFTER INSERT ON training_records BEGIN
    INSERT INTO life_member_year
    VALUES (new.member_id, CAST(substr(new.held_on, 1, 4) AS INTEGER), new.org_path, new.hours, 0, 0, 0)
    ON CONFLICT (member_id, year) DO UPDATE SET hours_ok = hours_ok + excluded.hours_ok;
END;
CREATE TRIGGER training_records_no_delete BEFORE DELETE ON training_records
BEGIN SELECT RAISE(ABORT, 'training records are kept'); END;

-- An organisation excused from a rule for a span (e.g. a branch in rectification
-- merged mid-year), with the reason and who approved it.
CREATE TABLE compliance_exemptions (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    org_path    TEXT NOT NULL,
    rule_id     TEXT NOT NULL,
    start_on    TEXT NOT NULL,
    end_on      TEXT NOT NULL,
    reason      TEXT NOT NULL,
    approver    TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX compliance_exemptions_path ON compliance_exemptions(org_path);

-- Acknowledgement of a finding (rule, organisation, period, subject) with an
-- explanation. Acknowledged findings stay in every report, marked; rows are
-- never updated or deleted.
CREATE TABLE compliance_acks (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    org_path    TEXT NOT NULL,
    rule_id     TEXT NOT NULL,
    period      TEXT NOT NULL,               -- '2026-03', '2026-Q1', '2026'
    subject     TEXT NOT NULL DEFAULT '',    -- e.g. 'member:42' for per-member findings
    explanation TEXT NOT NULL,
    acked_by    TEXT NOT NULL,
    acked_at    TEXT NOT NULL,
    UNIQUE (org_id, rule_id, period, subject)
) STRICT;
CREATE INDEX compliance_acks_path ON compliance_acks(org_path);
-- Only org_path may change (an organisation move rewrites it); nothing else.
CREATE TRIGGER compliance_acks_no_update
BEFORE UPDATE OF id, org_id, rule_id, period, subject, explanation, acked_by, acked_at
ON compliance_acks
BEGIN SELECT RAISE(ABORT, 'acknowledgements are append-only'); END;
CREATE TRIGGER compliance_acks_no_delete BEFORE DELETE ON compliance_acks
BEGIN SELECT RAISE(ABORT, 'acknowledgements are append-only'); END;
