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
CREATE INDEX members_path ON members(org_path, status, category);
CREATE INDEX members_name ON members(name);

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
