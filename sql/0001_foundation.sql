-- 0001 foundation: organisations (skeleton of the tree), users, roles,
-- sessions, login throttling, audit log, rule overrides.
-- Written to run on SQLite (STRICT tables) and, with the pg driver's
-- dialect shims, on PostgreSQL.

CREATE TABLE orgs (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES orgs(id),
    path        TEXT NOT NULL,               -- materialised path '/1/7/42/'
    code        TEXT UNIQUE,                 -- 12-digit 党组织代码
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,               -- dictionary org_kind
    domain      TEXT,                        -- dictionary domain
    status      TEXT NOT NULL DEFAULT 'active',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX orgs_path ON orgs(path);
CREATE INDEX orgs_parent ON orgs(parent_id);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    password_hash   TEXT NOT NULL,           -- Argon2id encoded string
    must_change_pw  INTEGER NOT NULL DEFAULT 0,
    disabled        INTEGER NOT NULL DEFAULT 0,
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER NOT NULL DEFAULT 0,   -- unix seconds
    member_id       INTEGER,                 -- the member record of this user, if any
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

-- A role binds a user to an organisation; the scope is that organisation's subtree.
CREATE TABLE user_roles (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    role        TEXT NOT NULL CHECK (role IN ('sysadmin','org_admin','branch_admin','auditor','member')),
    org_id      INTEGER REFERENCES orgs(id),
    created_at  TEXT NOT NULL,
    UNIQUE (user_id, role, org_id)
) STRICT;
CREATE INDEX user_roles_user ON user_roles(user_id);

-- Login throttling for names that are not accounts, so unknown names lock out
-- exactly like real ones and answers reveal nothing.
CREATE TABLE login_throttle (
    username_hash TEXT PRIMARY KEY,
    failed        INTEGER NOT NULL,
    locked_until  INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,            -- hex BLAKE2b of the 32-byte token
    user_id     INTEGER NOT NULL REFERENCES users(id),
    csrf_token  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,            -- unix seconds
    last_seen   INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,            -- absolute lifetime end
    client_ip   TEXT
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

-- Append-only, hash-chained audit log. hash = BLAKE2b(prev_hash || canonical row).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,               -- UTC timestamp
    user_id     INTEGER,
    username    TEXT NOT NULL,
    action      TEXT NOT NULL,               -- 'user.create', 'org.update', ...
    record_type TEXT NOT NULL,
    record_id   TEXT,
    org_path    TEXT,                        -- scope of the record, for scoped reads
    before_json TEXT,
    after_json  TEXT,
    client_ip   TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
) STRICT;
CREATE INDEX audit_org_path ON audit_log(org_path);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Deployment overrides of rule values (rules/ holds the defaults).
CREATE TABLE rule_overrides (
    id              INTEGER PRIMARY KEY,
    rule_id         TEXT NOT NULL,
    org_id          INTEGER REFERENCES orgs(id),   -- NULL = whole deployment
    value           TEXT NOT NULL,
    effective_from  TEXT NOT NULL,
    note            TEXT,
    UNIQUE (rule_id, org_id, effective_from)
) STRICT;
