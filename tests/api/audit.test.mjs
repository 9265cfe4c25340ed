// audit.test.mjs - the hash-chained audit log: every write leaves a row with
// the actor and the data, the chain verifies, and tampering is detected.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import {
  Client,
  auditCount,
  demoDb,
  loginAs,
  runCli,
  sql,
  sqlTry,
  startServer,
  tmpDir,
} from './lib.mjs';

function verify(dbPath) {
  return runCli(['--db', dbPath, 'audit', 'verify']);
}

/* The row id the CLI names as the first broken link ("审计链在记录 N 处断开"). */
function brokenId(v) {
  const m = /记录\s*(\d+)/.exec(v.stdout + v.stderr);
  assert.ok(m, `verify names a row: ${v.stdout}${v.stderr}`);
  return Number(m[1]);
}

function row(dbPath, where) {
  const rows = sql(dbPath, `SELECT * FROM audit_log WHERE ${where} ORDER BY id`, { json: true });
  assert.equal(rows.length, 1, `exactly one audit row where ${where}: ${JSON.stringify(rows)}`);
  const r = rows[0];
  return { ...r, before: r.before_json && JSON.parse(r.before_json), after: r.after_json && JSON.parse(r.after_json) };
}

describe('audit rows for a series of writes', () => {
  let srv;
  let ids = {};
  before(async () => {
    srv = await startServer();
    const admin = await loginAs(srv, 'admin');
    ids.admin = admin.me.id;
    const a0 = auditCount(srv.dbPath);

    const org = await admin.post('/api/orgs', { parent_id: 5, name: '审计测试党小组', kind: 'group', code: '400000000001' });
    assert.equal(org.status, 201, org.text);
    ids.org = org.body.id;
    const user = await admin.post('/api/users', {
      username: 'shenjice', display_name: '审计测试员', password: 'Init#Pass2026', role: 'branch_admin', org_id: ids.org,
      must_change_password: false,
    });
    assert.equal(user.status, 201, user.text);
    ids.user = user.body.id;
    const grant = await admin.post(`/api/users/${ids.user}/roles`, { role: 'auditor', org_id: 4 });
    assert.equal(grant.status, 201, grant.text);
    const u = await loginAs(srv, 'shenjice', 'Init#Pass2026');
    const pw = await u.post('/api/me/password', { old_password: 'Init#Pass2026', new_password: 'Next#Pass2026' });
    assert.equal(pw.status, 200, pw.text);
    assert.equal((await u.logout()).status, 200);
    const failed = await new Client(srv.url).login('shenjice', 'Init#Pass2026');
    assert.equal(failed.status, 401);
    ids.written = auditCount(srv.dbPath) - a0;
  });
  after(() => srv?.stop());

  it('each write added exactly its audit rows', () => {
    // org.create, user.create, user.grant, auth.login, user.password_change, auth.logout, auth.login_failed
    assert.equal(ids.written, 7);
  });

  it('org.create names the actor and holds the new values', () => {
    const r = row(srv.dbPath, `action = 'org.create' AND record_id = '${ids.org}'`);
    assert.equal(r.user_id, ids.admin);
    assert.equal(r.username, 'admin');
    assert.equal(r.record_type, 'org');
    assert.equal(r.org_path, `/1/2/4/5/${ids.org}/`);
    assert.equal(r.before, null, 'a creation has no before');
    assert.equal(r.after.name, '审计测试党小组');
    assert.equal(r.after.code, '400000000001');
    assert.equal(r.after.parent_id, 5);
    assert.equal(r.client_ip, '127.0.0.1');
    assert.match(r.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('user.create and user.grant hold the user and the role', () => {
    const c = row(srv.dbPath, `action = 'user.create' AND record_id = '${ids.user}'`);
    assert.equal(c.username, 'admin');
    assert.equal(c.after.username, 'shenjice');
    assert.equal(c.after.display_name, '审计测试员');
    assert.deepEqual(c.after.role, { role: 'branch_admin', org_id: ids.org });
    assert.ok(!c.after_json.includes('Init#Pass2026'), 'no password in the audit log');
    assert.ok(!/argon2/i.test(c.after_json), 'no password hash in the audit log');
    const g = row(srv.dbPath, `action = 'user.grant' AND record_id = '${ids.user}'`);
    assert.equal(g.username, 'admin');
    assert.deepEqual(g.after, { role: 'auditor', org_id: 4 });
    assert.equal(g.org_path, '/1/2/4/');
  });

  it('login, password change, logout and the failed login are attributed', () => {
    const login = row(srv.dbPath, `action = 'auth.login' AND user_id = ${ids.user}`);
    assert.equal(login.username, 'shenjice');
    const pw = row(srv.dbPath, `action = 'user.password_change' AND record_id = '${ids.user}'`);
    assert.equal(pw.user_id, ids.user);
    assert.equal(pw.username, 'shenjice');
    assert.ok(!String(pw.after_json).includes('Next#Pass2026'));
    row(srv.dbPath, `action = 'auth.logout' AND user_id = ${ids.user}`);
    const failed = row(srv.dbPath, `action = 'auth.login_failed' AND username = 'shenjice'`);
    assert.equal(failed.user_id, ids.user);
    assert.ok(!String(failed.after_json).includes('Init#Pass2026'), 'no attempted password in the log');
  });

  it('the rows form a chain', () => {
    const broken = sql(
      srv.dbPath,
      'SELECT count(*) FROM audit_log a JOIN audit_log b ON b.id = a.id + 1 WHERE b.prev_hash <> a.hash',
    );
    assert.equal(broken, '0');
    const ids_ = sql(srv.dbPath, 'SELECT min(id) || \',\' || max(id) || \',\' || count(*) FROM audit_log').split(',').map(Number);
    assert.equal(ids_[0], 1);
    assert.equal(ids_[1], ids_[2], 'no gaps');
    assert.equal(sql(srv.dbPath, 'SELECT count(DISTINCT hash) = count(*) FROM audit_log'), '1');
  });

  it('the CLI verifies the chain while the server runs (exit 0)', () => {
    const v = verify(srv.dbPath);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.match(v.stdout, new RegExp(`${auditCount(srv.dbPath)}`));
  });

  it('GET /api/audit lists the rows, newest first, with filters', async () => {
    const admin = await loginAs(srv, 'admin');
    const all = await admin.get('/api/audit?limit=200');
    assert.equal(all.status, 200);
    const got = all.body.items.map((x) => x.id);
    assert.deepEqual(got, [...got].sort((a, b) => b - a), 'newest first');
    assert.equal(got.length, auditCount(srv.dbPath));
    const f = await admin.get(`/api/audit?record_type=user&record_id=${ids.user}&action=user.grant`);
    assert.equal(f.body.items.length, 1);
    assert.deepEqual(f.body.items[0].after, { role: 'auditor', org_id: 4 });
    // paging
    const p1 = await admin.get('/api/audit?limit=3');
    assert.equal(p1.body.items.length, 3);
    assert.equal(p1.body.next_before_id, p1.body.items[2].id);
    const p2 = await admin.get(`/api/audit?limit=3&before_id=${p1.body.next_before_id}`);
    assert.deepEqual(p2.body.items.map((x) => x.id), got.slice(3, 6));
  });
});

describe('tampering is detected', () => {
  let dir;
  before(() => {
    dir = tmpDir();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('an intact demo database verifies (control)', () => {
    const db = demoDb(dir, 'intact.db');
    const v = verify(db);
    assert.equal(v.status, 0, v.stdout + v.stderr);
  });

  it('an UPDATE of row 3 -> exit 1 naming 3; the API says the same', async () => {
    const db = demoDb(dir, 'updated.db');
    sql(db, "DROP TRIGGER audit_no_update; UPDATE audit_log SET after_json = '{}' WHERE id = 3;");
    const v = verify(db);
    assert.equal(v.status, 1, v.stdout + v.stderr);
    assert.equal(brokenId(v), 3);
    const srv = await startServer({ dbPath: db });
    try {
      const admin = await loginAs(srv, 'admin');
      const r = await admin.get('/api/audit/verify');
      assert.equal(r.status, 200);
      assert.equal(r.body.intact, false);
      assert.equal(r.body.broken_id, 3);
    } finally {
      await srv.stop();
    }
  });

  it('changing only the actor of a row is detected', () => {
    const db = demoDb(dir, 'actor.db');
    sql(db, "DROP TRIGGER audit_no_update; UPDATE audit_log SET username = 'zzb', user_id = 2 WHERE id = 7;");
    const v = verify(db);
    assert.equal(v.status, 1);
    assert.equal(brokenId(v), 7);
  });

  it('deleting a middle row -> exit 1', () => {
    const db = demoDb(dir, 'deleted.db');
    const n = auditCount(db);
    sql(db, 'DROP TRIGGER audit_no_delete; DELETE FROM audit_log WHERE id = 5;');
    assert.equal(auditCount(db), n - 1);
    const v = verify(db);
    assert.equal(v.status, 1, v.stdout + v.stderr);
    assert.equal(brokenId(v), 6, 'names the first row after the gap');
  });

  it('an appended forged row -> exit 1 naming it', () => {
    const db = demoDb(dir, 'forged.db');
    const last = sql(db, 'SELECT id || \',\' || hash FROM audit_log ORDER BY id DESC LIMIT 1').split(',');
    const id = Number(last[0]) + 1;
    sql(
      db,
      `INSERT INTO audit_log (id, at, user_id, username, action, record_type, record_id, prev_hash, hash) VALUES ` +
        `(${id}, '2026-01-01T00:00:00Z', 1, 'admin', 'org.delete', 'org', '1', '${last[1]}', '${'ab'.repeat(32)}')`,
    );
    const v = verify(db);
    assert.equal(v.status, 1);
    assert.equal(brokenId(v), id);
  });

  it('the chain is keyed: another key file fails at row 1', () => {
    const db = demoDb(dir, 'rekeyed.db');
    fs.writeFileSync(db + '.key', crypto.randomBytes(fs.statSync(db + '.key').size), { mode: 0o600 });
    const v = verify(db);
    assert.equal(v.status, 1);
    assert.equal(brokenId(v), 1);
  });

  it('UPDATE and DELETE through plain SQL are refused while the triggers exist', () => {
    const db = demoDb(dir, 'triggers.db');
    const before = sql(db, 'SELECT group_concat(hash) FROM audit_log');
    const up = sqlTry(db, "UPDATE audit_log SET username = 'x' WHERE id = 1");
    assert.notEqual(up.status, 0, 'UPDATE refused');
    assert.match(up.stderr, /append-only/);
    const del = sqlTry(db, 'DELETE FROM audit_log WHERE id = 2');
    assert.notEqual(del.status, 0, 'DELETE refused');
    assert.match(del.stderr, /append-only/);
    const all = sqlTry(db, 'DELETE FROM audit_log');
    assert.notEqual(all.status, 0);
    assert.equal(sql(db, 'SELECT group_concat(hash) FROM audit_log'), before, 'rows unchanged');
    assert.equal(verify(db).status, 0);
  });
});

describe('audit needs its key', () => {
  it('verify without the key file fails with a hint, not a false "intact"', () => {
    const dir = tmpDir();
    try {
      const db = demoDb(dir, 'nokey.db');
      fs.rmSync(db + '.key');
      const v = verify(db);
      assert.equal(v.status, 1, v.stdout + v.stderr);
      assert.doesNotMatch(v.stdout, /完整/);
      assert.match(v.stderr, /密钥/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
