-- 0002 the organisation tree in full (national 党组织名单 columns, units,
-- posts) and the member database (national 全国/单机 templates, encrypted
-- personal fields, blind index, trigram name search).
-- Personal fields (*_enc) hold "v1:" + base64(nonce || XChaCha20-Poly1305
-- ciphertext) from svc/crypt.c; id_blind is the keyed BLAKE2b blind index of
-- the normalised ID number.

-- Organisations: the 党组织名单 columns beyond the foundation skeleton.
ALTER TABLE orgs ADD COLUMN industry TEXT;            -- 所属行业
ALTER TABLE orgs ADD COLUMN locality TEXT;            -- 属地关系
ALTER TABLE orgs ADD COLUMN secretary_name TEXT;      -- 党组织书记 (as imported; posts are authoritative)
ALTER TABLE orgs ADD COLUMN contact_name TEXT;        -- 党组织联系人
ALTER TABLE orgs ADD COLUMN contact_phone_enc TEXT;   -- 联系电话 (encrypted)
ALTER TABLE orgs ADD COLUMN founded_on TEXT;          -- 建立党组织日期 YYYY-MM-DD
ALTER TABLE orgs ADD COLUMN unit_situation TEXT;      -- 党组织所在单位情况
ALTER TABLE orgs ADD COLUMN region_code TEXT;         -- 党组织所在行政区划 (6-digit code)
ALTER TABLE orgs ADD COLUMN unit_name TEXT;           -- 单位名称
ALTER TABLE orgs ADD COLUMN unit_affiliation TEXT;    -- 单位隶属关系
ALTER TABLE orgs ADD COLUMN unit_nature TEXT;         -- 单位性质类别
ALTER TABLE orgs ADD COLUMN legal_entity INTEGER;     -- 法人单位标识 (0/1)
ALTER TABLE orgs ADD COLUMN legal_rep TEXT;           -- 法人代表（单位负责人）
ALTER TABLE orgs ADD COLUMN private_tech INTEGER;     -- 民营科技企业标识 (0/1)
ALTER TABLE orgs ADD COLUMN social_service_kind TEXT; -- 社会服务机构类别
ALTER TABLE orgs ADD COLUMN institution_kind TEXT;    -- 事业单位类别
ALTER TABLE orgs ADD COLUMN can_approve INTEGER NOT NULL DEFAULT 0; -- 审批权限 (may approve 预备党员)
ALTER TABLE orgs ADD COLUMN dissolved_on TEXT;        -- set with status 'dissolved'
ALTER TABLE orgs ADD COLUMN dissolve_reason TEXT;
CREATE INDEX orgs_name ON orgs(name);

-- Units (单位) that have, or should have, a party organisation: the basis of
-- 应建未建 and of the 联合党支部 coverage check.
CREATE TABLE units (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    domain          TEXT,                            -- dictionary domain
    owner_org_id    INTEGER NOT NULL REFERENCES orgs(id), -- the organisation that answers for it (scope)
    org_id          INTEGER REFERENCES orgs(id),     -- its own party organisation, if any
    joint_org_id    INTEGER REFERENCES orgs(id),     -- the 联合党支部 covering it, if any
    full_members    INTEGER NOT NULL DEFAULT 0,      -- 正式党员 working there (recorded)
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX units_owner ON units(owner_org_id);
CREATE INDEX units_joint ON units(joint_org_id);

-- Members: the union of the national 全国 (two variants) and 单机 templates.
CREATE TABLE members (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),   -- 所在党支部
    org_path         TEXT NOT NULL,                          -- copy of the branch's path (subtree scans)
    group_id         INTEGER REFERENCES orgs(id),            -- 党小组
    name             TEXT NOT NULL,                          -- 姓名
    id_enc           TEXT NOT NULL,                          -- 身份证号码 (encrypted)
    id_blind         TEXT NOT NULL,                          -- blind index of the normalised number
    gender           TEXT NOT NULL,                          -- dict gender (from the ID number)
    birth_date       TEXT NOT NULL,                          -- 出生日期 (from the ID number)
    nation           TEXT,                                   -- 民族 dict nation
    native_place     TEXT,                                   -- 籍贯
    education        TEXT,                                   -- 学历 dict education
    degree           TEXT,                                   -- 学位 dict degree
    category         TEXT NOT NULL,                          -- dict member_category: full | probationary
    joined_on        TEXT NOT NULL,                          -- 入党日期
    confirmed_on     TEXT,                                   -- 转正日期 (NULL for 预备党员)
    job              TEXT,                                   -- 工作岗位
    tech_title       TEXT,                                   -- 从事专业技术职务 / 技术职务
    new_class        TEXT,                                   -- 新社会阶层类型
    person_category  TEXT,                                   -- 人员类别 / 个人身份 dict person_category
    migrant_worker   INTEGER NOT NULL DEFAULT 0,             -- 是否农民工
    industry         TEXT,                                   -- 所属行业 / 国民经济行业
    work_started_on  TEXT,                                   -- 工作时间
    work_unit        TEXT,                                   -- 所在单位
    joint_unit_name  TEXT,                                   -- 联合支部单位名称
    frontline        TEXT,                                   -- 一线情况
    phone_enc        TEXT,                                   -- 手机号码 (encrypted)
    tel_enc          TEXT,                                   -- 联系电话 (encrypted)
    hukou_enc        TEXT,                                   -- 户籍所在地 (encrypted)
    residence_enc    TEXT,                                   -- 现居住地 (encrypted)
    home_address_enc TEXT,                                   -- 家庭地址 (encrypted)
    added_on         TEXT,                                   -- 增加时间
    add_kind         TEXT,                                   -- 党员增加 (新入党, 转入 ...)
    status           TEXT NOT NULL DEFAULT 'normal',         -- dict member_status
    status_on        TEXT,                                   -- date of the current status
    leave_kind       TEXT,                                   -- dict leave_kind when status = left
    status_reason    TEXT,
    mobile_to        TEXT,                                   -- 流动: 流向地
    mobile_contact   TEXT,                                   -- 流动: 联系方式/联系人
    mobile_since     TEXT,                                   -- 流动: 外出日期
    hardship         INTEGER NOT NULL DEFAULT 0,             -- 困难党员
    retired          INTEGER NOT NULL DEFAULT 0,             -- 离退休
    user_id          INTEGER REFERENCES users(id),           -- the member's own account
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;
-- one active record per ID number (left and deceased members keep their rows)
CREATE UNIQUE INDEX members_id_active ON members(id_blind) WHERE status NOT IN ('left', 'deceased');
CREATE INDEX members_id_blind ON members(id_blind);
CREATE INDEX members_org ON members(org_id);
-- subtree scans; birth_date and confirmed_on make it cover the statistics scan (store/stats.c)
CREATE INDEX members_path ON members(org_path, status, category, birth_date, confirmed_on);
-- whole-deployment age and 党龄 bands as index range counts (store/stats.c); members in the
-- counted statuses only, so the planner needs no status test per entry
CREATE INDEX members_active_birth ON members(birth_date)
    WHERE status IN ('normal', 'mobile', 'lost_contact');
CREATE INDEX members_active_confirmed ON members(confirmed_on)
    WHERE status IN ('normal', 'mobile', 'lost_contact') AND category = 'full';
CREATE INDEX members_name ON members(name);
-- history of one record (GET /api/members/{id}/history)
CREATE INDEX audit_record ON audit_log(record_type, record_id, id);

-- Trigram index on names for search (names of 3+ characters; shorter ones use members_name).
CREATE VIRTUAL TABLE members_fts USING fts5(name, content='members', content_rowid='id',
                                            tokenize='trigram');
CREATE TRIGGER members_fts_ai AFTER INSERT ON members BEGIN
    INSERT INTO members_fts(rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER members_fts_ad AFTER DELETE ON members BEGIN
    INSERT INTO members_fts(members_fts, rowid, name) VALUES ('delete', old.id, old.name);
END;
CREATE TRIGGER members_fts_au AFTER UPDATE OF name ON members BEGIN
    INSERT INTO members_fts(members_fts, rowid, name) VALUES ('delete', old.id, old.name);
    INSERT INTO members_fts(rowid, name) VALUES (new.id, new.name);
END;

-- Posts: who holds which office in an organisation, from when to when.
CREATE TABLE org_posts (
    id                INTEGER PRIMARY KEY,
    org_id            INTEGER NOT NULL REFERENCES orgs(id),
    post              TEXT NOT NULL CHECK (post IN ('secretary', 'deputy_secretary',
                          'organization', 'propaganda', 'discipline', 'member', 'group_leader')),
    member_id         INTEGER REFERENCES members(id),   -- holder, when in the database
    person_name       TEXT NOT NULL,                    -- holder's name (copied or as entered)
    start_on          TEXT NOT NULL,
    end_on            TEXT,                             -- NULL while held
    principal_leader  INTEGER NOT NULL DEFAULT 0,       -- 机关 branch 书记 is the unit's principal leader
    note              TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;
CREATE INDEX org_posts_org ON org_posts(org_id, post);
CREATE INDEX org_posts_member ON org_posts(member_id);

-- Per-organisation member counts by the fixed-code dimensions, kept by triggers, so
-- subtree statistics and set-up checks sum one row per organisation instead of one per
-- member (docs/findings.md). Only the counted statuses (normal, mobile, lost_contact)
-- are included. The key is members.org_path, so moving a subtree moves its counts.
-- Rebuild after a bulk change that bypassed the triggers:
--   DELETE FROM member_counts; then re-insert every counted member (see docs/findings.md).
CREATE TABLE member_counts (
    org_path     TEXT PRIMARY KEY,
    total        INTEGER NOT NULL,  -- members in a counted status
    full_members INTEGER NOT NULL,  -- of which 正式党员 (the rest are 预备党员)
    male         INTEGER NOT NULL,  -- gender '1'
    female       INTEGER NOT NULL,  -- gender '2'
    han          INTEGER NOT NULL,  -- nation '01'
    nation_unset INTEGER NOT NULL,  -- nation NULL or ''
    edu_11       INTEGER NOT NULL,  -- education codes (GB/T 4658) ...
    edu_14       INTEGER NOT NULL,
    edu_21       INTEGER NOT NULL,
    edu_31       INTEGER NOT NULL,
    edu_41       INTEGER NOT NULL,
    edu_44       INTEGER NOT NULL,
    edu_47       INTEGER NOT NULL,
    edu_61       INTEGER NOT NULL,
    edu_71       INTEGER NOT NULL,
    edu_81       INTEGER NOT NULL,
    edu_90       INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TRIGGER member_counts_ai AFTER INSERT ON members
WHEN new.status IN ('normal', 'mobile', 'lost_contact') BEGIN
    INSERT INTO member_counts VALUES (new.org_path, 1, new.category IS 'full',
        new.gender IS '1', new.gender IS '2', new.nation IS '01', COALESCE(new.nation, '') = '',
        new.education IS '11', new.education IS '14', new.education IS '21',
        new.education IS '31', new.education IS '41', new.education IS '44',
        new.education IS '47', new.education IS '61', new.education IS '71',
        new.education IS '81', new.education IS '90')
    ON CONFLICT (org_path) DO UPDATE SET total = total + 1, full_members = full_members + excluded.full_members,
        male = male + excluded.male, female = female + excluded.female,
        han = han + excluded.han, nation_unset = nation_unset + excluded.nation_unset,
        edu_11 = edu_11 + excluded.edu_11, edu_14 = edu_14 + excluded.edu_14,
        edu_21 = edu_21 + excluded.edu_21, edu_31 = edu_31 + excluded.edu_31,
        edu_41 = edu_41 + excluded.edu_41, edu_44 = edu_44 + excluded.edu_44,
        edu_47 = edu_47 + excluded.edu_47, edu_61 = edu_61 + excluded.edu_61,
        edu_71 = edu_71 + excluded.edu_71, edu_81 = edu_81 + excluded.edu_81,
        edu_90 = edu_90 + excluded.edu_90;
END;
CREATE TRIGGER member_counts_ad AFTER DELETE ON members
WHEN old.status IN ('normal', 'mobile', 'lost_contact') BEGIN
    UPDATE member_counts SET total = total - 1, full_members = full_members - (old.category IS 'full'),
        male = male - (old.gender IS '1'), female = female - (old.gender IS '2'),
        han = han - (old.nation IS '01'), nation_unset = nation_unset - (COALESCE(old.nation, '') = ''),
        edu_11 = edu_11 - (old.education IS '11'), edu_14 = edu_14 - (old.education IS '14'),
        edu_21 = edu_21 - (old.education IS '21'), edu_31 = edu_31 - (old.education IS '31'),
        edu_41 = edu_41 - (old.education IS '41'), edu_44 = edu_44 - (old.education IS '44'),
        edu_47 = edu_47 - (old.education IS '47'), edu_61 = edu_61 - (old.education IS '61'),
        edu_71 = edu_71 - (old.education IS '71'), edu_81 = edu_81 - (old.education IS '81'),
        edu_90 = edu_90 - (old.education IS '90')
    WHERE org_path = old.org_path;
    DELETE FROM member_counts WHERE org_path = old.org_path AND total = 0;
END;
CREATE TRIGGER member_counts_au AFTER UPDATE OF org_path, status, category, gender, nation, education
ON members BEGIN
    UPDATE member_counts SET total = total - 1, full_members = full_members - (old.category IS 'full'),
        male = male - (old.gender IS '1'), female = female - (old.gender IS '2'),
        han = han - (old.nation IS '01'), nation_unset = nation_unset - (COALESCE(old.nation, '') = ''),
        edu_11 = edu_11 - (old.education IS '11'), edu_14 = edu_14 - (old.education IS '14'),
        edu_21 = edu_21 - (old.education IS '21'), edu_31 = edu_31 - (old.education IS '31'),
        edu_41 = edu_41 - (old.education IS '41'), edu_44 = edu_44 - (old.education IS '44'),
        edu_47 = edu_47 - (old.education IS '47'), edu_61 = edu_61 - (old.education IS '61'),
        edu_71 = edu_71 - (old.education IS '71'), edu_81 = edu_81 - (old.education IS '81'),
        edu_90 = edu_90 - (old.education IS '90')
    WHERE org_path = old.org_path AND old.status IN ('normal', 'mobile', 'lost_contact');
    DELETE FROM member_counts WHERE org_path = old.org_path AND total = 0;
    INSERT INTO member_counts SELECT new.org_path, 1, new.category IS 'full',
        new.gender IS '1', new.gender IS '2', new.nation IS '01', COALESCE(new.nation, '') = '',
        new.education IS '11', new.education IS '14', new.education IS '21',
        new.education IS '31', new.education IS '41', new.education IS '44',
        new.education IS '47', new.education IS '61', new.education IS '71',
        new.education IS '81', new.education IS '90'
    WHERE new.status IN ('normal', 'mobile', 'lost_contact')
    ON CONFLICT (org_path) DO UPDATE SET total = total + 1, full_members = full_members + excluded.full_members,
        male = male + excluded.male, female = female + excluded.female,
        han = han + excluded.han, nation_unset = nation_unset + excluded.nation_unset,
        edu_11 = edu_11 + excluded.edu_11, edu_14 = edu_14 + excluded.edu_14,
        edu_21 = edu_21 + excluded.edu_21, edu_31 = edu_31 + excluded.edu_31,
        edu_41 = edu_41 + excluded.edu_41, edu_44 = edu_44 + excluded.edu_44,
        edu_47 = edu_47 + excluded.edu_47, edu_61 = edu_61 + excluded.edu_61,
        edu_71 = edu_71 + excluded.edu_71, edu_81 = edu_81 + excluded.edu_81,
        edu_90 = edu_90 + excluded.edu_90;
END;
-- Whole-database age and 党龄 bands: counted members per birth date, and counted 正式党员
-- per 转正 date ('' when unknown), kept by triggers. A band is then a SUM over at most a few
-- thousand date rows instead of a range count over every member (store/stats.c).
CREATE TABLE member_birth_counts (
    birth_date TEXT PRIMARY KEY,
    n          INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE member_confirmed_counts (
    confirmed_on TEXT PRIMARY KEY,
    n            INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TRIGGER member_dates_ai AFTER INSERT ON members
WHEN new.status IN ('normal', 'mobile', 'lost_contact') BEGIN
    INSERT INTO member_birth_counts VALUES (new.birth_date, 1)
    ON CONFLICT (birth_date) DO UPDATE SET n = n + 1;
    INSERT INTO member_confirmed_counts SELECT COALESCE(new.confirmed_on, ''), 1
    WHERE new.category = 'full'
    ON CONFLICT (confirmed_on) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER member_dates_ad AFTER DELETE ON members
WHEN old.status IN ('normal', 'mobile', 'lost_contact') BEGIN
    UPDATE member_birth_counts SET n = n - 1 WHERE birth_date = old.birth_date;
    UPDATE member_confirmed_counts SET n = n - 1
    WHERE old.category = 'full' AND confirmed_on = COALESCE(old.confirmed_on, '');
END;
CREATE TRIGGER member_dates_au AFTER UPDATE OF status, category, birth_date, confirmed_on
ON members BEGIN
    UPDATE member_birth_counts SET n = n - 1
    WHERE birth_date = old.birth_date AND old.status IN ('normal', 'mobile', 'lost_contact');
    UPDATE member_confirmed_counts SET n = n - 1
    WHERE confirmed_on = COALESCE(old.confirmed_on, '') AND old.category = 'full'
      AND old.status IN ('normal', 'mobile', 'lost_contact');
    INSERT INTO member_birth_counts SELECT new.birth_date, 1
    WHERE new.status IN ('normal', 'mobile', 'lost_contact')
    ON CONFLICT (birth_date) DO UPDATE SET n = n + 1;
    INSERT INTO member_confirmed_counts SELECT COALESCE(new.confirmed_on, ''), 1
    WHERE new.category = 'full' AND new.status IN ('normal', 'mobile', 'lost_contact')
    ON CONFLICT (confirmed_on) DO UPDATE SET n = n + 1;
END;

-- Statistics: organisations by kind and members by their organisation's domain read only
-- this index (store/stats.c).
CREATE INDEX orgs_path_kind ON orgs(path, status, kind, domain);
