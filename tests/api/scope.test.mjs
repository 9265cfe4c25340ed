// scope.test.mjs - what each demo role may read and write. Scoped users
// learn nothing about organisations outside their subtree: those and
// nonexistent ones get the same 403 with the same body.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, assertError, counts, loginAs, sql, startServer } from './lib.mjs';

describe('scopes of the demo roles', () => {
  let srv;
  let admin;
  let zzb;
  let chengdong;
  let shuji;
  let shenji;
  let westOrgId; // created under org 3 by the admin before anything else

  before(async () => {
    srv = await startServer();
    admin = await loginAs(srv, 'admin');
    const r = await admin.post('/api/orgs', { parent_id: 3, name: '城西测试党支部', kind: 'branch', code: '200000000009' });
    assert.equal(r.status, 201, r.text);
    westOrgId = r.body.id;
    [zzb, chengdong, shuji, shenji] = await Promise.all(
      ['zzb', 'chengdong', 'shuji', 'shenji'].map((u) => loginAs(srv, u)),
    );
  });
  after(() => srv?.stop());

  describe('reading organisations', () => {
    it('chengdong reads org 2 and its descendant 4', async () => {
      const o2 = await chengdong.get('/api/orgs/2');
      assert.equal(o2.status, 200, o2.text);
      assert.equal(o2.body.name, '城东街道党工委');
      assert.equal(o2.body.path, '/1/2/');
      const o4 = await chengdong.get('/api/orgs/4');
      assert.equal(o4.status, 200, o4.text);
      assert.equal(o4.body.path, '/1/2/4/');
    });

    it('chengdong gets the same 403 for org 3, the parent 1 and the nonexistent 99999', async () => {
      const o3 = await chengdong.get('/api/orgs/3');
      const o1 = await chengdong.get('/api/orgs/1');
      const none = await chengdong.get('/api/orgs/99999');
      assertError(o3, 403, { code: 'forbidden' });
      assertError(none, 403, { code: 'forbidden' });
      assert.equal(o3.text, none.text, 'out of scope and missing look alike');
      assert.equal(o1.text, none.text);
      assert.ok(!o3.text.includes('城西'), 'no name leaks');
    });

    it('chengdong listing children: his subtree only; 3 and 99999 alike', async () => {
      const kids = await chengdong.get('/api/orgs?parent_id=2');
      assert.equal(kids.status, 200);
      assert.deepEqual(kids.body.items.map((o) => o.id), [4]);
      const a = await chengdong.get('/api/orgs?parent_id=3');
      const b = await chengdong.get('/api/orgs?parent_id=99999');
      assertError(a, 403);
      assert.equal(a.text, b.text);
    });

    it('GET /api/orgs without parent lists only the roots of the caller', async () => {
      const r = await chengdong.get('/api/orgs');
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.items.map((o) => o.id), [2]);
      const s = await shuji.get('/api/orgs');
      assert.deepEqual(s.body.items.map((o) => o.id), [5]);
      const a = await admin.get('/api/orgs');
      assert.deepEqual(a.body.items.map((o) => o.id), [1]);
    });

    it('shuji reads org 5 but not its sibling 6 nor its parent 4', async () => {
      assert.equal((await shuji.get('/api/orgs/5')).status, 200);
      const six = await shuji.get('/api/orgs/6');
      const four = await shuji.get('/api/orgs/4');
      const none = await shuji.get('/api/orgs/424242');
      assertError(six, 403);
      assertError(four, 403);
      assert.equal(six.text, none.text);
      assert.equal(four.text, none.text);
    });

    it('the auditor reads the whole district read-only', async () => {
      assert.equal((await shenji.get(`/api/orgs/${westOrgId}`)).status, 200);
      const c0 = counts(srv.dbPath);
      assertError(await shenji.post('/api/orgs', { parent_id: 1, name: '审计员建的组织', kind: 'group' }), 403);
      assert.deepEqual(counts(srv.dbPath), c0);
    });

    it('a malformed id is 400, not a probe', async () => {
      assertError(await chengdong.get('/api/orgs/abc'), 400, { field: 'id' });
      assertError(await chengdong.get('/api/orgs/0'), 400, { field: 'id' });
      assertError(await chengdong.get('/api/orgs/-3'), 400, { field: 'id' });
    });
  });

  describe('audit log', () => {
    function idsWhere(cond) {
      return sql(srv.dbPath, `SELECT id FROM audit_log WHERE ${cond} ORDER BY id DESC`)
        .split('\n')
        .filter(Boolean)
        .map(Number);
    }

    it('the auditor sees exactly the rows under /1/', async () => {
      const r = await shenji.get('/api/audit?limit=200');
      assert.equal(r.status, 200, r.text);
      assert.ok(r.body.items.length > 0);
      for (const row of r.body.items) assert.ok(row.org_path?.startsWith('/1/'), JSON.stringify(row));
      assert.deepEqual(r.body.items.map((x) => x.id), idsWhere("org_path LIKE '/1/%'"));
      assert.ok(r.body.items.some((x) => x.record_id === String(westOrgId)), 'sees the org under 3');
    });

    it('chengdong sees only rows under /1/2/ (not the org created under 3)', async () => {
      const r = await chengdong.get('/api/audit?limit=200');
      assert.equal(r.status, 200, r.text);
      assert.ok(r.body.items.length > 0);
      for (const row of r.body.items) assert.ok(row.org_path.startsWith('/1/2/'), JSON.stringify(row));
      assert.ok(!r.body.items.some((x) => x.record_type === 'org' && x.record_id === String(westOrgId)));
      assert.deepEqual(r.body.items.map((x) => x.id), idsWhere("org_path LIKE '/1/2/%'"));
      // filters do not widen the scope
      const f = await chengdong.get(`/api/audit?record_type=org&record_id=${westOrgId}`);
      assert.equal(f.status, 200);
      assert.deepEqual(f.body.items, []);
    });

    it('shuji (branch admin) may not read the audit log', async () => {
      assertError(await shuji.get('/api/audit'), 403, { code: 'forbidden' });
    });

    it('bad query parameters are 400', async () => {
      assertError(await admin.get('/api/audit?limit=0'), 400, { field: 'limit' });
      assertError(await admin.get('/api/audit?limit=201'), 400, { field: 'limit' });
      assertError(await admin.get('/api/audit?before_id=x'), 400, { field: 'before_id' });
    });

    it('verify: 403 for every non-sysadmin, intact for the admin', async () => {
      for (const c of [zzb, chengdong, shuji, shenji]) assertError(await c.get('/api/audit/verify'), 403);
      const r = await admin.get('/api/audit/verify');
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.intact, true);
      assert.equal(r.body.broken_id, 0);
      assert.equal(r.body.rows, Number(sql(srv.dbPath, 'SELECT count(*) FROM audit_log')));
    });
  });

  describe('writing', () => {
    it('chengdong cannot create an org under 3: 403, no org row, no audit row', async () => {
      const c0 = counts(srv.dbPath);
      const r = await chengdong.post('/api/orgs', { parent_id: 3, name: '越权党支部', kind: 'branch' });
      assertError(r, 403, { code: 'forbidden' });
      const none = await chengdong.post('/api/orgs', { parent_id: 99999, name: '越权党支部', kind: 'branch' });
      assert.equal(none.text, r.text, 'missing parent looks like a foreign one');
      const top = await chengdong.post('/api/orgs', { name: '越权顶级组织', kind: 'committee' });
      assertError(top, 403);
      assert.deepEqual(counts(srv.dbPath), c0);
      assert.equal(Number(sql(srv.dbPath, "SELECT count(*) FROM orgs WHERE name LIKE '越权%'")), 0);
    });

    it('chengdong can create an org under 4 (control)', async () => {
      const c0 = counts(srv.dbPath);
      const r = await chengdong.post('/api/orgs', { parent_id: 4, name: '幸福社区第三网格党支部', kind: 'grid_branch' });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.path, `/1/2/4/${r.body.id}/`);
      const c1 = counts(srv.dbPath);
      assert.equal(c1.orgs, c0.orgs + 1);
      assert.equal(c1.audit, c0.audit + 1);
    });

    it('chengdong cannot create a user with a role on org 3 or a missing org; same answer', async () => {
      const c0 = counts(srv.dbPath);
      const user = (org_id) => ({
        username: 'yuequan',
        display_name: '越权用户',
        password: 'Init#Pass2026',
        role: 'branch_admin',
        org_id,
      });
      const r3 = await chengdong.post('/api/users', user(3));
      const r99 = await chengdong.post('/api/users', user(99999));
      assertError(r3, 403, { code: 'forbidden' });
      assertError(r99, 403, { code: 'forbidden' });
      assert.deepEqual(counts(srv.dbPath), c0);
      assert.equal(r3.text, r99.text, 'an org outside the scope and a missing org must look alike');
    });

    it('chengdong cannot grant a role on org 3 nor on a missing org; same answer', async () => {
      const shujiId = shuji.me.id;
      const c0 = counts(srv.dbPath);
      const g3 = await chengdong.post(`/api/users/${shujiId}/roles`, { role: 'branch_admin', org_id: 3 });
      const g99 = await chengdong.post(`/api/users/${shujiId}/roles`, { role: 'branch_admin', org_id: 99999 });
      assertError(g3, 403);
      assertError(g99, 403);
      assert.deepEqual(counts(srv.dbPath), c0);
      assert.equal(g3.text, g99.text, 'an org outside the scope and a missing org must look alike');
    });

    it('chengdong lists only users with a role in his subtree', async () => {
      const r = await chengdong.get('/api/users');
      assert.equal(r.status, 200);
      const names = r.body.items.map((u) => u.username);
      assert.ok(names.includes('chengdong') && names.includes('shuji'), names.join());
      for (const other of ['admin', 'zzb', 'shenji']) assert.ok(!names.includes(other), names.join());
    });

    it('chengdong cannot change the roles of a user outside his subtree', async () => {
      // shenji's only role is auditor of org 1: not a user chengdong manages (he cannot even list him)
      const list = await chengdong.get('/api/users');
      assert.equal(list.status, 200);
      assert.ok(!list.body.items.some((u) => u.username === 'shenji'));
      const c0 = counts(srv.dbPath);
      const g = await chengdong.post(`/api/users/${shenji.me.id}/roles`, { role: 'org_admin', org_id: 4 });
      const missing = await chengdong.post('/api/users/99999/roles', { role: 'org_admin', org_id: 4 });
      assertError(g, 403);
      assert.deepEqual(counts(srv.dbPath), c0);
      assert.equal(g.text, missing.text, 'a foreign user and a missing user must look alike');
    });

    it('zzb creates a branch_admin of org 5 who can then work there', async () => {
      const c0 = counts(srv.dbPath);
      const r = await zzb.post('/api/users', {
        username: 'zhibu5',
        display_name: '第一网格组织委员',
        password: 'Init#Pass2026',
        role: 'branch_admin',
        org_id: 5,
        must_change_password: false,
      });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.username, 'zhibu5');
      const c1 = counts(srv.dbPath);
      assert.deepEqual([c1.users, c1.roles, c1.audit], [c0.users + 1, c0.roles + 1, c0.audit + 1]);
      const row = sql(srv.dbPath, `SELECT username || ',' || org_path FROM audit_log ORDER BY id DESC LIMIT 1`);
      assert.equal(row, 'zzb,/1/2/4/5/');
      const u = await loginAs(srv, 'zhibu5', 'Init#Pass2026');
      assert.deepEqual(u.me.roles.map((x) => [x.role, x.org_id]), [['branch_admin', 5]]);
      assert.equal((await u.get('/api/orgs/5')).status, 200);
      assertError(await u.get('/api/orgs/6'), 403);
      // zzb sees the new user; chengdong does too (org 5 is in his subtree); shuji may not list users
      assert.ok((await zzb.get('/api/users')).body.items.some((x) => x.username === 'zhibu5'));
      assert.ok((await chengdong.get('/api/users')).body.items.some((x) => x.username === 'zhibu5'));
      assertError(await shuji.get('/api/users'), 403);
    });

    it('only a sysadmin can grant sysadmin', async () => {
      const c0 = counts(srv.dbPath);
      const created = await zzb.post('/api/users', {
        username: 'jiaxitong',
        display_name: '假系统管理员',
        password: 'Init#Pass2026',
        role: 'sysadmin',
      });
      assertError(created, 403);
      const granted = await zzb.post(`/api/users/${zzb.me.id}/roles`, { role: 'sysadmin' });
      assertError(granted, 403);
      const self = await chengdong.post(`/api/users/${chengdong.me.id}/roles`, { role: 'sysadmin', org_id: 0 });
      assertError(self, 403);
      assert.deepEqual(counts(srv.dbPath), c0);
      assert.equal(Number(sql(srv.dbPath, "SELECT count(*) FROM user_roles WHERE role = 'sysadmin'")), 1);
    });

    it('the admin can grant sysadmin (control)', async () => {
      const r = await admin.post(`/api/users/${shenji.me.id}/roles`, { role: 'sysadmin' });
      assert.equal(r.status, 201, r.text);
      assert.equal(Number(sql(srv.dbPath, "SELECT count(*) FROM user_roles WHERE role = 'sysadmin'")), 2);
    });

    it('an unknown role is 400', async () => {
      assertError(await admin.post(`/api/users/${shuji.me.id}/roles`, { role: 'emperor', org_id: 5 }), 400, { field: 'role' });
    });

    it('a scoped session sees new roles on its next request', async () => {
      // granted above: shenji is now a sysadmin; the existing session reflects it
      const r = await shenji.get('/api/audit/verify');
      assert.equal(r.status, 200, r.text);
      const fresh = new Client(srv.url);
      assertError(await fresh.get('/api/audit/verify'), 401);
    });
  });
});
