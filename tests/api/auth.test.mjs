// auth.test.mjs - login, cookies, lock-out, logout, session expiry, CSRF,
// password change and the forced first password change.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  DEMO_PASSWORD,
  assertError,
  auditCount,
  counts,
  hasChinese,
  loginAs,
  q,
  sql,
  startServer,
} from './lib.mjs';

describe('login and cookies', () => {
  let srv;
  before(async () => {
    srv = await startServer();
  });
  after(() => srv?.stop());

  it('logs in and sets a HttpOnly, SameSite=Lax, Path=/ session cookie', async () => {
    const c = new Client(srv.url);
    const r = await c.login('zzb', DEMO_PASSWORD);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.username, 'zzb');
    assert.equal(typeof r.body.id, 'number');
    assert.equal(r.body.display_name, '区委组织部干部');
    assert.equal(r.body.must_change_password, false);
    assert.match(r.body.csrf_token, /^[0-9a-f]{64}$/);
    assert.deepEqual(
      r.body.roles.map((x) => [x.role, x.org_id]),
      [['org_admin', 1]],
    );
    const ck = c.cookieAttrs.get('dj_session');
    assert.ok(ck, 'dj_session cookie');
    assert.ok(ck.value.length >= 40, 'token has enough entropy');
    assert.equal(ck.attrs.httponly, true, ck.raw);
    assert.equal(String(ck.attrs.samesite).toLowerCase(), 'lax', ck.raw);
    assert.equal(ck.attrs.path, '/', ck.raw);
    assert.ok(Number(ck.attrs['max-age']) > 0, ck.raw);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    // the token is not stored in clear in the database
    assert.equal(Number(sql(srv.dbPath, `SELECT count(*) FROM sessions WHERE token_hash = ${q(ck.value)}`)), 0);

    const me = await c.get('/api/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.username, 'zzb');
    assert.equal(me.body.csrf_token, r.body.csrf_token);
  });

  it('two logins get different tokens', async () => {
    const a = await loginAs(srv, 'shuji');
    const b = await loginAs(srv, 'shuji');
    assert.notEqual(a.cookies.get('dj_session'), b.cookies.get('dj_session'));
    assert.notEqual(a.csrf, b.csrf);
  });

  it('wrong password and unknown user get 401 with identical bodies', async () => {
    const c = new Client(srv.url);
    const wrong = await c.login('chengdong', 'Wrong@2026x');
    const unknown = await c.login('no_such_user_x', 'Wrong@2026x');
    assertError(wrong, 401);
    assertError(unknown, 401);
    assert.equal(wrong.text, unknown.text);
    assert.equal(c.cookies.size, 0, 'no cookie on failure');
    assert.equal(wrong.headers.get('set-cookie'), null);
  });

  it('rejects a malformed login body with 400', async () => {
    const c = new Client(srv.url);
    assertError(await c.post('/api/login', { username: 'admin' }), 400, { field: 'password' });
    assertError(await c.post('/api/login', { username: 'admin', password: 5 }), 400, { field: 'password' });
  });

  it('/api/me without a cookie is 401', async () => {
    const r = await new Client(srv.url).get('/api/me');
    assertError(r, 401, { code: 'unauthorized' });
  });

  it('/api/me with a forged cookie is 401', async () => {
    const r = await new Client(srv.url).get('/api/me', { headers: { cookie: 'dj_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
    assertError(r, 401);
  });

  it('health and meta are public', async () => {
    const c = new Client(srv.url);
    const h = await c.get('/api/health');
    assert.equal(h.status, 200);
    assert.equal(h.body.status, 'ok');
    const m = await c.get('/api/meta');
    assert.equal(m.status, 200);
    assert.equal(typeof m.body.password_policy.min_length, 'number');
  });

  it('logout invalidates the session cookie', async () => {
    const c = await loginAs(srv, 'shenji');
    const token = c.cookies.get('dj_session');
    const before = Number(sql(srv.dbPath, 'SELECT count(*) FROM sessions'));
    const r = await c.logout();
    assert.equal(r.status, 200, r.text);
    const ck = c.cookieAttrs.get('dj_session');
    assert.equal(ck.value, '', 'cookie cleared');
    assert.equal(Number(ck.attrs['max-age']), 0);
    assert.equal(Number(sql(srv.dbPath, 'SELECT count(*) FROM sessions')), before - 1);
    // replaying the old cookie does not work
    const again = await new Client(srv.url).get('/api/me', { headers: { cookie: `dj_session=${token}` } });
    assertError(again, 401);
    const action = sql(srv.dbPath, 'SELECT action FROM audit_log ORDER BY id DESC LIMIT 1');
    assert.equal(action, 'auth.logout');
  });
});

describe('lock-out', () => {
  let srv;
  before(async () => {
    srv = await startServer({ env: { DJ_LOCKOUT_ATTEMPTS: '5', DJ_LOCKOUT_MINUTES: '15' } });
  });
  after(() => srv?.stop());

  it('locks existing and unknown names identically, and the lock expires', async () => {
    const c = new Client(srv.url);
    for (let i = 1; i <= 5; i++) {
      const real = await c.login('chengdong', `Wrong@${i}xyz`);
      const ghost = await c.login('ghost_user', `Wrong@${i}xyz`);
      const want = i < 5 ? 401 : 429;
      assertError(real, want);
      assertError(ghost, want);
      assert.equal(real.text, ghost.text, `attempt ${i}: identical bodies`);
    }
    // locked: even the right password is refused, for both names alike
    const locked = await c.login('chengdong', DEMO_PASSWORD);
    const lockedGhost = await c.login('ghost_user', DEMO_PASSWORD);
    assertError(locked, 429, { code: 'locked' });
    assertError(lockedGhost, 429, { code: 'locked' });
    assert.equal(locked.text, lockedGhost.text);
    assert.match(locked.body.error.message, /15/, 'message names the lock duration');
    assert.equal(c.cookies.size, 0);
    // other accounts are not affected
    await loginAs(srv, 'shuji');

    // the lock expires
    sql(srv.dbPath, "UPDATE users SET locked_until = 1 WHERE username = 'chengdong'; UPDATE login_throttle SET locked_until = 1;");
    const ok = await c.login('chengdong', DEMO_PASSWORD);
    assert.equal(ok.status, 200, ok.text);
    const ghostAgain = await c.login('ghost_user', 'Wrong@9xyz');
    assertError(ghostAgain, 401);
    assert.equal(Number(sql(srv.dbPath, "SELECT failed_logins FROM users WHERE username = 'chengdong'")), 0);
  });

  it('audits failed logins', async () => {
    const n = Number(sql(srv.dbPath, "SELECT count(*) FROM audit_log WHERE action = 'auth.login_failed' AND username IN ('chengdong','ghost_user')"));
    assert.ok(n >= 10, `failed attempts audited (${n})`);
  });
});

describe('session expiry', () => {
  let srv;
  before(async () => {
    srv = await startServer({ env: { DJ_SESSION_IDLE_MINUTES: '30' } });
  });
  after(() => srv?.stop());

  function userSessions(user) {
    return Number(sql(srv.dbPath, `SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = ${q(user)}`));
  }

  it('an idle session expires', async () => {
    const c = await loginAs(srv, 'zzb');
    assert.equal((await c.get('/api/me')).status, 200);
    sql(srv.dbPath, "UPDATE sessions SET last_seen = last_seen - 7200 WHERE user_id = (SELECT id FROM users WHERE username = 'zzb')");
    const r = await c.get('/api/me');
    assertError(r, 401);
    assert.match(r.body.error.message, /过期/);
    assert.equal(userSessions('zzb'), 0, 'expired session removed');
  });

  it('a session past its absolute lifetime expires even when active', async () => {
    const c = await loginAs(srv, 'shenji');
    sql(srv.dbPath, "UPDATE sessions SET expires_at = created_at - 1 WHERE user_id = (SELECT id FROM users WHERE username = 'shenji')");
    const r = await c.get('/api/me');
    assertError(r, 401);
    assert.match(r.body.error.message, /过期/);
    assert.equal(userSessions('shenji'), 0);
  });

  it('a fresh session is unaffected by another user expiring', async () => {
    const a = await loginAs(srv, 'shuji');
    assert.equal((await a.get('/api/me')).status, 200);
  });
});

describe('CSRF', () => {
  let srv;
  let admin;
  before(async () => {
    srv = await startServer();
    admin = await loginAs(srv, 'admin');
  });
  after(() => srv?.stop());

  const org = (name) => ({ parent_id: 7, name, kind: 'group' });

  it('a POST without X-CSRF-Token is 403 "csrf" and writes nothing', async () => {
    const c0 = counts(srv.dbPath);
    const r = await admin.post('/api/orgs', org('无令牌小组'), { csrf: false });
    assertError(r, 403, { code: 'csrf' });
    assert.deepEqual(counts(srv.dbPath), c0);
  });

  it('a wrong token is 403 and writes nothing', async () => {
    const c0 = counts(srv.dbPath);
    const bad = admin.csrf.replace(/^./, (ch) => (ch === 'a' ? 'b' : 'a'));
    assertError(await admin.post('/api/orgs', org('错令牌小组'), { csrf: bad }), 403, { code: 'csrf' });
    assertError(await admin.post('/api/orgs', org('短令牌小组'), { csrf: 'abc' }), 403, { code: 'csrf' });
    assertError(await admin.post('/api/orgs', org('空令牌小组'), { csrf: '' }), 403, { code: 'csrf' });
    assert.deepEqual(counts(srv.dbPath), c0);
  });

  it("another session's token is refused", async () => {
    const other = await loginAs(srv, 'zzb');
    const c0 = counts(srv.dbPath);
    assertError(await admin.post('/api/orgs', org('他人令牌小组'), { csrf: other.csrf }), 403, { code: 'csrf' });
    assert.deepEqual(counts(srv.dbPath), c0);
  });

  it('logout also needs the token', async () => {
    const c = await loginAs(srv, 'shuji');
    assertError(await c.post('/api/logout', {}, { csrf: false }), 403, { code: 'csrf' });
    assert.equal((await c.get('/api/me')).status, 200, 'still logged in');
  });

  it('with the right token the same request succeeds (control)', async () => {
    const a0 = auditCount(srv.dbPath);
    const r = await admin.post('/api/orgs', org('有令牌小组'));
    assert.equal(r.status, 201, r.text);
    assert.equal(auditCount(srv.dbPath), a0 + 1);
  });
});

describe('password change', () => {
  let srv;
  before(async () => {
    srv = await startServer();
  });
  after(() => srv?.stop());

  it('rejects policy violations naming new_password', async () => {
    const c = await loginAs(srv, 'shenji');
    const a0 = auditCount(srv.dbPath);
    const hash0 = sql(srv.dbPath, "SELECT password_hash FROM users WHERE username = 'shenji'");
    // too short; one character class; same as the old one; a control character
    for (const weak of ['Ab1!', 'abcdefghijk', DEMO_PASSWORD, 'Tab\tbed@2026']) {
      const r = await c.post('/api/me/password', { old_password: DEMO_PASSWORD, new_password: weak });
      assertError(r, 400, { field: 'new_password' });
    }
    assert.equal(auditCount(srv.dbPath), a0, 'nothing audited');
    assert.equal(sql(srv.dbPath, "SELECT password_hash FROM users WHERE username = 'shenji'"), hash0, 'password unchanged');
  });

  it('rejects a wrong old password naming old_password', async () => {
    const c = await loginAs(srv, 'shuji');
    const r = await c.post('/api/me/password', { old_password: 'Nope@2026x', new_password: 'Fresh#Pass2026' });
    assertError(r, 400, { field: 'old_password' });
  });

  it('rejects unknown fields and missing fields', async () => {
    const c = await loginAs(srv, 'shuji');
    assertError(await c.post('/api/me/password', { old_password: DEMO_PASSWORD }), 400, { field: 'new_password' });
    assertError(
      await c.post('/api/me/password', { old_password: DEMO_PASSWORD, new_password: 'Fresh#Pass2026', user_id: 1 }),
      400,
      { field: 'user_id' },
    );
  });

  it('changes the password: old fails, new works, other sessions end', async () => {
    const a = await loginAs(srv, 'chengdong');
    const b = await loginAs(srv, 'chengdong');
    const a0 = auditCount(srv.dbPath);
    const r = await a.post('/api/me/password', { old_password: DEMO_PASSWORD, new_password: 'Fresh#Pass2026' });
    assert.equal(r.status, 200, r.text);
    assert.equal(auditCount(srv.dbPath), a0 + 1);
    assert.equal(sql(srv.dbPath, 'SELECT action FROM audit_log ORDER BY id DESC LIMIT 1'), 'user.password_change');
    assert.equal((await a.get('/api/me')).status, 200, 'the changing session stays');
    assertError(await b.get('/api/me'), 401);
    assertError(await new Client(srv.url).login('chengdong', DEMO_PASSWORD), 401);
    const ok = await new Client(srv.url).login('chengdong', 'Fresh#Pass2026');
    assert.equal(ok.status, 200, ok.text);
  });
});

describe('forced first password change', () => {
  let srv;
  let admin;
  before(async () => {
    srv = await startServer();
    admin = await loginAs(srv, 'admin');
  });
  after(() => srv?.stop());

  it('a must_change_password user reaches only /api/me, /api/me/password and /api/logout', async () => {
    const created = await admin.post('/api/users', {
      username: 'xinren',
      display_name: '新入职干部',
      password: 'Init#Pass2026',
      role: 'branch_admin',
      org_id: 5,
      must_change_password: true,
    });
    assert.equal(created.status, 201, created.text);

    const u = new Client(srv.url);
    const li = await u.login('xinren', 'Init#Pass2026');
    assert.equal(li.status, 200, li.text);
    assert.equal(li.body.must_change_password, true);

    assert.equal((await u.get('/api/me')).status, 200);
    assert.equal((await u.get('/api/meta')).status, 200);
    const c0 = counts(srv.dbPath);
    for (const [method, path, body] of [
      ['GET', '/api/orgs/5'],
      ['GET', '/api/orgs'],
      ['GET', '/api/users'],
      ['GET', '/api/audit'],
      ['POST', '/api/orgs', { parent_id: 5, name: '越权小组', kind: 'group' }],
    ]) {
      const r = await u.request(method, path, body ? { json: body } : {});
      assertError(r, 403, { code: 'forbidden' });
      assert.ok(hasChinese(r.body.error.message));
    }
    assert.deepEqual(counts(srv.dbPath), c0, 'nothing written');

    // logout is allowed while the change is pending (in a second session)
    const v = new Client(srv.url);
    assert.equal((await v.login('xinren', 'Init#Pass2026')).status, 200);
    assert.equal((await v.logout()).status, 200);

    const ch = await u.post('/api/me/password', { old_password: 'Init#Pass2026', new_password: 'Own#Pass2026' });
    assert.equal(ch.status, 200, ch.text);
    const me = await u.get('/api/me');
    assert.equal(me.body.must_change_password, false);
    const org = await u.get('/api/orgs/5');
    assert.equal(org.status, 200, org.text);
    assert.equal(org.body.id, 5);
    assert.equal(Number(sql(srv.dbPath, "SELECT must_change_pw FROM users WHERE username = 'xinren'")), 0);
  });

  it('must_change_password defaults to true for accounts created through the API', async () => {
    const r = await admin.post('/api/users', {
      username: 'moren',
      display_name: '默认账号',
      password: 'Init#Pass2026',
      role: 'branch_admin',
      org_id: 6,
    });
    assert.equal(r.status, 201, r.text);
    const li = await new Client(srv.url).login('moren', 'Init#Pass2026');
    assert.equal(li.status, 200);
    assert.equal(li.body.must_change_password, true);
  });
});
