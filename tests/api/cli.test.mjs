// cli.test.mjs - the command line: help, init, user management, backup,
// migrate, and exit codes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, demoDb, loginAs, runCli, sql, startServer, tmpDir } from './lib.mjs';

const COMMANDS = ['init', 'migrate', 'serve', 'user', 'audit', 'backup', 'demo', 'version'];

describe('help and exit codes', () => {
  it('--help lists every command and exits 0', () => {
    const r = runCli(['--help']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /用法/);
    for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`^\\s+${c}\\s`, 'm'), c);
  });

  for (const c of COMMANDS) {
    it(`${c} --help exits 0 and prints 用法`, () => {
      const r = runCli([c, '--help']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /用法/);
      assert.match(r.stdout, new RegExp(`dangjian ${c}`));
    });
  }

  it('an unknown command exits 2 with the usage on stderr', () => {
    const r = runCli(['frobnicate']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /frobnicate/);
    assert.match(r.stderr, /用法/);
  });

  it('no command and an unknown option exit 2', () => {
    assert.equal(runCli([]).status, 2);
    assert.equal(runCli(['--bogus', 'version']).status, 2);
  });

  it('version prints the version', () => {
    const r = runCli(['version']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^dangjian \d+\.\d+\.\d+/);
  });

  it('commands on a database without a key file point at init', () => {
    const dir = tmpDir();
    try {
      const r = runCli(['--db', path.join(dir, 'none.db'), 'user', 'list']);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /init/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('init', () => {
  let dir;
  let srv;
  before(() => {
    dir = tmpDir();
  });
  after(async () => {
    await srv?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a weak password is rejected (exit 1, message about 密码) and no user is created', () => {
    const db = path.join(dir, 'weak.db');
    const r = runCli(['--db', db, 'init', '--admin', 'root'], { input: 'password\n' });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /密码/);
    assert.equal(sql(db, 'SELECT count(*) FROM users'), '0');
  });

  it('an empty password is rejected', () => {
    const db = path.join(dir, 'empty.db');
    const r = runCli(['--db', db, 'init', '--admin', 'root'], { input: '' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /密码/);
  });

  it('init --admin root reads the password from stdin; root can log in', async () => {
    const db = path.join(dir, 'sub', 'init.db');
    const r = runCli(['--db', db, 'init', '--admin', 'root', '--name', '根管理员'], { input: 'Root#Pass2026\n' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /root/);
    assert.ok(fs.existsSync(db + '.key'), 'key file created');
    assert.equal(fs.statSync(db + '.key').mode & 0o777, 0o600, 'key file is private');
    assert.equal(sql(db, "SELECT count(*) FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.username = 'root' AND r.role = 'sysadmin'"), '1');
    assert.equal(sql(db, "SELECT action || ',' || username FROM audit_log"), 'user.create,cli');

    srv = await startServer({ dbPath: db });
    const c = await loginAs(srv, 'root', 'Root#Pass2026');
    assert.equal(c.me.display_name, '根管理员');
    assert.deepEqual(c.me.roles.map((x) => x.role), ['sysadmin']);
    assert.equal((await new Client(srv.url).login('root', 'root#pass2026')).status, 401);
  });

  it('init twice keeps the key file and does not duplicate the admin', () => {
    const db = path.join(dir, 'sub', 'init.db');
    const key = fs.readFileSync(db + '.key');
    const r = runCli(['--db', db, 'init', '--admin', 'root'], { input: 'Other#Pass2026\n' });
    assert.equal(r.status, 1, 'root exists already');
    assert.deepEqual(fs.readFileSync(db + '.key'), key, 'key unchanged');
    assert.equal(sql(db, "SELECT count(*) FROM users WHERE username = 'root'"), '1');
  });
});

describe('user add / grant / passwd / list', () => {
  let dir;
  let db;
  let srv;
  before(() => {
    dir = tmpDir();
    db = demoDb(dir);
  });
  after(async () => {
    await srv?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const lastAudit = () => sql(db, 'SELECT * FROM audit_log ORDER BY id DESC LIMIT 1', { json: true })[0];

  it('user add creates an audited user', () => {
    const r = runCli(['--db', db, 'user', 'add', 'wangfang', '--name', '王芳', '--role', 'org_admin', '--org', '2'], {
      input: 'Wang#Pass2026\n',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /wangfang/);
    const a = lastAudit();
    assert.equal(a.action, 'user.create');
    assert.equal(a.username, 'cli');
    assert.equal(a.org_path, '/1/2/');
    assert.equal(JSON.parse(a.after_json).username, 'wangfang');
  });

  it('user add refuses bad input', () => {
    const n = sql(db, 'SELECT count(*) FROM users');
    const weak = runCli(['--db', db, 'user', 'add', 'lisi', '--role', 'member', '--org', '5'], { input: 'lisi\n' });
    assert.equal(weak.status, 1);
    assert.match(weak.stderr, /密码/);
    const role = runCli(['--db', db, 'user', 'add', 'lisi', '--role', 'king', '--org', '5'], { input: 'Li#Pass2026x\n' });
    assert.equal(role.status, 2);
    const org = runCli(['--db', db, 'user', 'add', 'lisi', '--role', 'member', '--org', '0'], { input: 'Li#Pass2026x\n' });
    assert.equal(org.status, 2);
    const dup = runCli(['--db', db, 'user', 'add', 'wangfang', '--role', 'member', '--org', '5'], { input: 'Li#Pass2026x\n' });
    assert.equal(dup.status, 1);
    const name = runCli(['--db', db, 'user', 'add', 'Bad Name', '--role', 'member', '--org', '5'], { input: 'Li#Pass2026x\n' });
    assert.equal(name.status, 1);
    assert.match(name.stderr, /用户名/);
    assert.equal(sql(db, 'SELECT count(*) FROM users'), n, 'no user created');
  });

  it('user grant adds an audited role', () => {
    const r = runCli(['--db', db, 'user', 'grant', 'wangfang', '--role', 'auditor', '--org', '3']);
    assert.equal(r.status, 0, r.stderr);
    const a = lastAudit();
    assert.equal(a.action, 'user.grant');
    assert.equal(a.username, 'cli');
    assert.deepEqual(JSON.parse(a.after_json), { role: 'auditor', org_id: 3 });
    const missing = runCli(['--db', db, 'user', 'grant', 'nobody', '--role', 'auditor', '--org', '3']);
    assert.equal(missing.status, 1);
    const badOrg = runCli(['--db', db, 'user', 'grant', 'wangfang', '--role', 'auditor', '--org', '999']);
    assert.equal(badOrg.status, 1);
  });

  it('user passwd resets the password (audited) and ends sessions', async () => {
    srv = await startServer({ dbPath: db });
    const before = await loginAs(srv, 'wangfang', 'Wang#Pass2026');
    const r = runCli(['--db', db, 'user', 'passwd', 'wangfang'], { input: 'Wang#New2026x\n' });
    assert.equal(r.status, 0, r.stderr);
    const a = lastAudit();
    assert.equal(a.action, 'user.password_reset');
    assert.equal(a.username, 'cli');
    assert.equal((await before.get('/api/me')).status, 401, 'old session ended');
    assert.equal((await new Client(srv.url).login('wangfang', 'Wang#Pass2026')).status, 401);
    const c = await loginAs(srv, 'wangfang', 'Wang#New2026x');
    assert.deepEqual(c.me.roles.map((x) => `${x.role}@${x.org_id}`).sort(), ['auditor@3', 'org_admin@2']);
    assert.equal(c.me.must_change_password, false);
    const weak = runCli(['--db', db, 'user', 'passwd', 'wangfang'], { input: 'short\n' });
    assert.equal(weak.status, 1);
    assert.match(weak.stderr, /密码/);
  });

  it('user passwd --must-change forces a change at next login', async () => {
    const r = runCli(['--db', db, 'user', 'passwd', 'shuji', '--must-change'], { input: 'Temp#Pass2026\n' });
    assert.equal(r.status, 0, r.stderr);
    const c = await loginAs(srv, 'shuji', 'Temp#Pass2026');
    assert.equal(c.me.must_change_password, true);
  });

  it('user list shows users and roles', () => {
    const r = runCli(['--db', db, 'user', 'list']);
    assert.equal(r.status, 0, r.stderr);
    const line = r.stdout.split('\n').find((l) => /\swangfang\s/.test(l));
    assert.ok(line, r.stdout);
    assert.match(line, /王芳/);
    assert.match(line, /org_admin@2/);
    assert.match(line, /auditor@3/);
    for (const u of ['admin', 'zzb', 'chengdong', 'shuji', 'shenji']) assert.match(r.stdout, new RegExp(`\\s${u}\\s`));
  });

  it('the audit chain is intact after the CLI and the server wrote to it', () => {
    const v = runCli(['--db', db, 'audit', 'verify']);
    assert.equal(v.status, 0, v.stdout + v.stderr);
  });
});

describe('backup and migrate', () => {
  let dir;
  let db;
  let srv;
  before(async () => {
    dir = tmpDir();
    db = demoDb(dir);
    srv = await startServer({ dbPath: db });
  });
  after(async () => {
    await srv?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const sha = (f) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

  it('backup (while the server runs) makes a copy that passes integrity_check', async () => {
    const admin = await loginAs(srv, 'admin');
    assert.equal((await admin.post('/api/orgs', { parent_id: 8, name: '备份前的小组', kind: 'group' })).status, 201);
    const file = path.join(dir, 'backup.db');
    const r = runCli(['--db', db, 'backup', file]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sql(file, 'PRAGMA integrity_check'), 'ok');
    assert.equal(sql(file, "SELECT count(*) FROM orgs WHERE name = '备份前的小组'"), '1', 'has the latest write');
    assert.equal(sql(file, 'SELECT count(*) FROM audit_log'), sql(db, 'SELECT count(*) FROM audit_log'));
    assert.equal(fs.statSync(file).mode & 0o077, 0, 'backup is not world/group readable');
    // the copy verifies with the original key
    fs.copyFileSync(db + '.key', file + '.key');
    assert.equal(runCli(['--db', file, 'audit', 'verify']).status, 0);
  });

  it('backup refuses to overwrite an existing file', () => {
    const file = path.join(dir, 'backup.db');
    const before = sha(file);
    const r = runCli(['--db', db, 'backup', file]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /已存在/);
    assert.equal(sha(file), before, 'file untouched');
    const other = path.join(dir, 'precious.txt');
    fs.writeFileSync(other, 'do not touch\n');
    assert.notEqual(runCli(['--db', db, 'backup', other]).status, 0);
    assert.equal(fs.readFileSync(other, 'utf8'), 'do not touch\n');
  });

  it('backup without a file argument exits 2', () => {
    assert.equal(runCli(['--db', db, 'backup']).status, 2);
  });

  it('migrate on a migrated database reports no change', () => {
    const version = sql(db, "SELECT count(*) || ',' || max(version) FROM schema_migrations");
    assert.match(version, /^[1-9]\d*,[1-9]\d*$/);
    const r = runCli(['--db', db, 'migrate']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /0 个迁移/);
    const again = runCli(['--db', db, 'migrate']);
    assert.equal(again.stdout, r.stdout, 'idempotent');
    assert.equal(sql(db, "SELECT count(*) || ',' || max(version) FROM schema_migrations"), version);
    assert.match(r.stdout, new RegExp(`${version.split(',')[1]} → ${version.split(',')[1]}`), 'reports the version');
  });

  it('demo on a database with users does nothing', () => {
    const n = sql(db, 'SELECT count(*) FROM orgs') + ',' + sql(db, 'SELECT count(*) FROM audit_log');
    const r = runCli(['--db', db, 'demo']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sql(db, 'SELECT count(*) FROM orgs') + ',' + sql(db, 'SELECT count(*) FROM audit_log'), n);
  });
});
